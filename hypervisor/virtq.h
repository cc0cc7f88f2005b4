/*
 * Device side of a virtio 1.x split virtqueue. The driver (a guest) owns
 * the rings, so every index and address read from them is checked before
 * use. A malformed chain is reported, never followed.
 */
#ifndef HV_VIRTQ_H
#define HV_VIRTQ_H

#include <stdint.h>

#include "gmem.h"

#define VIRTQ_NUM_MAX 256
#define VIRTQ_CHAIN_MAX 16

struct virtq {
	uint16_t num;
	uint16_t last_avail; /* next available ring entry to consume */
	uint16_t used_idx;
	int ready;
	uint64_t desc_gpa;
	uint64_t avail_gpa;
	uint64_t used_gpa;
};

struct virtq_buf {
	uint8_t *host;
	uint32_t len;
	int writable; /* device-writable (VIRTQ_DESC_F_WRITE) */
};

struct virtq_chain {
	uint16_t head;
	unsigned count;
	struct virtq_buf buf[VIRTQ_CHAIN_MAX];
};

/* Whether the queue's three areas lie in guest memory for its size. */
int virtq_check(const struct virtq *vq, const struct gmem *mem);

/*
 * Take the next available chain. Returns 1 with *chain filled, 0 if the
 * driver has made nothing new available, or -1 if the ring or the chain
 * is malformed. A bad chain is consumed so it is not retried; a bad
 * available index stops the queue (ready = 0) until the driver resets it.
 */
int virtq_pop(struct virtq *vq, const struct gmem *mem,
	      struct virtq_chain *chain);

/* Return a chain to the driver with len bytes written into it. */
void virtq_push(struct virtq *vq, const struct gmem *mem, uint16_t head,
		uint32_t len);

#endif
