/*
 * Driver side of a virtio 1.1 split virtqueue: descriptor free list,
 * adding buffer chains, deciding whether to notify, harvesting used
 * buffers. It is pure bookkeeping on memory the caller provides, so it
 * also builds for the host and runs under CMocka. The caller sends the
 * MMIO notification (virtio_mmio.h).
 *
 * The driver polls: it sets VIRTQ_AVAIL_F_NO_INTERRUPT and never waits
 * for an interrupt.
 */
#ifndef MACROKERNEL_VIRTQ_H
#define MACROKERNEL_VIRTQ_H

#include <stdbool.h>
#include <stdint.h>

#include "nanvix/virtio.h"

/* Maximum queue size the driver uses, a power of two. */
#define VIRTQ_MAX 128u

/*
 * The three areas of one queue with room for VIRTQ_MAX entries. A queue
 * of num < VIRTQ_MAX entries uses the start of each ring; the device
 * finds each area at the address the driver programs.
 */
struct virtq_avail_area {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[VIRTQ_MAX];
	uint16_t used_event;
};

struct virtq_used_area {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[VIRTQ_MAX];
	uint16_t avail_event;
};

struct virtq_mem {
	struct virtq_desc desc[VIRTQ_MAX];
	struct virtq_avail_area avail;
	struct virtq_used_area used __attribute__((aligned(4)));
} __attribute__((aligned(4096)));

/* One buffer of a chain: device-readable unless device_writes is set. */
struct virtq_seg {
	uint64_t addr;
	uint32_t len;
	bool device_writes;
};

struct virtq {
	struct virtq_mem *mem;
	uint16_t num;
	uint16_t free_head;
	uint16_t free_count;
	uint16_t avail_idx;  /* next avail->idx to publish */
	uint16_t used_idx;   /* next used entry to harvest */
	uint16_t unnotified; /* chains added since the last notify check */
	/*
	 * Private copies of the chain links and per-chain state, so that
	 * freeing a chain never reads memory the device can write.
	 */
	uint16_t next[VIRTQ_MAX];
	uint16_t chain_len[VIRTQ_MAX];
	void *token[VIRTQ_MAX];
};

/*
 * Initialise q over mem with num entries (a power of two, at most
 * VIRTQ_MAX) and zero mem. Returns 0, or -NX_EINVAL for a bad num.
 */
int virtq_init(struct virtq *q, struct virtq_mem *mem, uint16_t num);

/*
 * Add a chain of nseg buffers and publish it to the device. token
 * (not NULL) comes back from virtq_harvest when the device is done.
 * Returns 0, -NX_EAGAIN when fewer than nseg descriptors are free, or
 * -NX_EINVAL for nseg == 0 or a NULL token.
 */
int virtq_add(struct virtq *q, const struct virtq_seg *seg, unsigned nseg,
	      void *token);

/*
 * Decide whether the device must be notified of the chains added since
 * the last call: true if any were added and the device did not set
 * VIRTQ_USED_F_NO_NOTIFY.
 */
bool virtq_notify_needed(struct virtq *q);

/*
 * Harvest one used chain: store its token and the byte count the device
 * wrote, and free its descriptors. Returns 1 when a chain was harvested,
 * 0 when the used ring is empty, or -NX_EIO when the device returned an
 * id that is not the head of a chain in flight (the element is skipped).
 */
int virtq_harvest(struct virtq *q, void **token, uint32_t *len);

/* Check whether the device has used chains not yet harvested. */
bool virtq_has_used(const struct virtq *q);

#endif
