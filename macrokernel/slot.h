/*
 * userVM slots: the systemVM's state for each ring in the arena, kept in
 * step with the VMM's control page (struct nx_sysctl).
 */
#ifndef MACROKERNEL_SLOT_H
#define MACROKERNEL_SLOT_H

#include <stdbool.h>
#include <stdint.h>

#include "fdtable.h"
#include "nanvix/abi.h"
#include "nanvix/ring.h"
#include "ring.h"

enum slot_state {
	SLOT_DETACHED = 0,
	SLOT_IDLE,    /* attached; takes requests from its ring */
	SLOT_READING, /* op waits for console input */
	SLOT_WRITING, /* op waits for console output to be used */
	SLOT_BROKEN,  /* broke the ring protocol, so ignored until detach */
};

struct slot {
	enum slot_state state;
	uint32_t index;
	uint32_t generation; /* last generation acknowledged */
	uint32_t tty_mask;
	struct nx_ring *ring;
	uint32_t sq_head; /* private copies of the cursors we own */
	uint32_t cq_tail;
	struct fdtable fds;

	/* The request in service in SLOT_READING and SLOT_WRITING. */
	struct nx_req op;
	uint32_t op_stream;   /* console stream named in the frames */
	uint32_t op_sent;     /* SLOT_WRITING: payload bytes queued */
	uint32_t op_inflight; /* SLOT_WRITING: chains not yet used */
	int32_t op_error;     /* SLOT_WRITING: first failed chunk, or 0 */
	bool op_want_sent;    /* SLOT_READING: INPUT_WANT frame queued */
};

extern struct slot slots[NX_MAX_USERVMS];
extern uint32_t slots_count;

/* Set up n slots (at most NX_MAX_USERVMS) over the ring arena. */
void slots_init(uint64_t arena_gpa, uint32_t n);

/*
 * Apply the attaches and detaches the VMM posted in the control page and
 * acknowledge them. Returns the number of slots that changed.
 */
int slots_sync(void);

/* Check whether the control page has changes slots_sync has not seen. */
bool slots_changed(void);

/*
 * Look up slot index if it is attached with that generation and not
 * broken; NULL otherwise (a stale console frame, for example).
 */
struct slot *slot_find(uint32_t index, uint32_t generation);

/*
 * Complete request tag of s with result and a reply payload at
 * [data_off, data_off + data_len), and ring the userVM's doorbell if it
 * waits. Marks s broken if its completion queue is full.
 */
void slot_reply(struct slot *s, uint64_t tag, int64_t result, uint32_t data_off,
		uint32_t data_len);

/* Mark s broken and log the violation once. */
void slot_break(struct slot *s, const struct ring_violation *v);

#endif
