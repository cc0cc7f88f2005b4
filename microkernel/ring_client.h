/*
 * The userVM's end of its ring (include/nanvix/ring.h), with credit-based
 * flow control. A request is submitted only while fewer than
 * NX_CREDIT_REQUESTS requests and at most NX_CREDIT_BYTES payload bytes
 * are in flight. Otherwise the client waits for completions, which
 * return the credits. Posted requests (writes whose caller does not wait) keep
 * the first error they meet until ring_client_take_error().
 *
 * Pure logic: waiting and the doorbell are hooks, so the same code runs
 * in the microkernel and in host unit tests.
 */
#ifndef MK_RING_CLIENT_H
#define MK_RING_CLIENT_H

#include <stdint.h>

#include <nanvix/ring.h>

struct ring_client;

struct ring_hooks {
	/* Block until the completion tail may have moved. */
	void (*wait)(struct ring_client *c);
	/* Wake the systemVM (called only when it announced it sleeps). */
	void (*kick)(struct ring_client *c);
	/* A broken invariant or a malformed completion: does not return. */
	void (*panic)(const char *msg);
};

struct ring_client {
	struct nx_ring *ring;
	const struct ring_hooks *hooks;
	uint32_t sq_tail;
	uint32_t cq_head;
	uint32_t in_flight; /* requests */
	uint32_t bytes;	    /* payload bytes charged, including wrap waste */
	uint32_t data_head; /* next free byte of the data area */
	uint64_t next_tag;
	int64_t error; /* first error of a posted request, or 0 */
	struct {
		uint64_t tag;
		uint32_t charge;
		uint32_t off;
		uint32_t len;
		uint8_t posted;
	} slot[NX_RING_ENTRIES];
};

void ring_client_init(struct ring_client *c, struct nx_ring *ring,
		      const struct ring_hooks *hooks);

/*
 * Reserve len payload bytes, waiting for credits if needed. Returns the
 * payload's offset in the data area. len must not exceed NX_CREDIT_BYTES.
 */
uint32_t ring_client_reserve(struct ring_client *c, uint32_t len);

/*
 * Submit req with the payload reserved at off (len bytes). A posted
 * request's completion is only checked for errors. Returns its index.
 */
uint32_t ring_client_submit(struct ring_client *c, struct nx_req *req,
			    uint32_t off, uint32_t len, int posted);

/* Wait for the completion of the request with index idx. */
void ring_client_wait(struct ring_client *c, uint32_t idx, struct nx_cpl *cpl);

/* Wait until nothing is in flight. */
void ring_client_drain(struct ring_client *c);

/* Return and clear the first error a posted request met. */
int64_t ring_client_take_error(struct ring_client *c);

#endif
