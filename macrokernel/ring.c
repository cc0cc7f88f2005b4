#include <string.h>

#include "ring.h"

#define ENTRY_MASK (NX_RING_ENTRIES - 1)

static void set_violation(struct ring_violation *v, const char *quantity,
			  uint64_t value, uint64_t limit)
{
	v->quantity = quantity;
	v->value = value;
	v->limit = limit;
}

bool ring_check_window(const struct nx_ring *ring, uint32_t sq_head,
		       uint32_t sq_tail, struct ring_violation *v)
{
	const volatile uint32_t *len;
	uint32_t pending = sq_tail - sq_head;
	uint64_t bytes = 0;
	uint32_t i;

	/* Also catches a tail moved backwards: the difference wraps. */
	if (pending > NX_CREDIT_REQUESTS) {
		set_violation(v, "requests", pending, NX_CREDIT_REQUESTS);
		return false;
	}
	for (i = 0; i < pending; i++) {
		len = &ring->sq[(sq_head + i) & ENTRY_MASK].data_len;
		bytes += *len;
	}
	if (bytes > NX_CREDIT_BYTES) {
		set_violation(v, "bytes", bytes, NX_CREDIT_BYTES);
		return false;
	}
	return true;
}

bool ring_check_req(const struct nx_req *rq, struct ring_violation *v)
{
	/* The window check read data_len earlier; the userVM may have
	 * raised it since. */
	if (rq->data_len > NX_CREDIT_BYTES) {
		set_violation(v, "request_bytes", rq->data_len,
			      NX_CREDIT_BYTES);
		return false;
	}
	return true;
}

void ring_take(struct nx_ring *ring, uint32_t *sq_head, struct nx_req *rq)
{
	const volatile uint64_t *src;
	uint64_t words[sizeof(*rq) / sizeof(uint64_t)];
	size_t i;

	src = (const volatile uint64_t *)&ring->sq[*sq_head & ENTRY_MASK];
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		words[i] = src[i];
	memcpy(rq, words, sizeof(*rq));

	*sq_head += 1;
	__atomic_store_n(&ring->hdr.sq_head, *sq_head, __ATOMIC_RELEASE);
}

int ring_complete(struct nx_ring *ring, uint32_t *cq_tail,
		  const struct nx_cpl *cpl)
{
	uint32_t cq_head;

	cq_head = __atomic_load_n(&ring->hdr.cq_head, __ATOMIC_ACQUIRE);
	if (*cq_tail - cq_head >= NX_RING_ENTRIES)
		return -NX_EPROTO;

	ring->cq[*cq_tail & ENTRY_MASK] = *cpl;
	*cq_tail += 1;
	__atomic_store_n(&ring->hdr.cq_tail, *cq_tail, __ATOMIC_RELEASE);

	/*
	 * Full fence between the tail store and the user_waiting load: the
	 * userVM sets user_waiting, fences and rechecks cq_tail before it
	 * sleeps, so one of the two sides sees the other's store.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return __atomic_load_n(&ring->hdr.user_waiting, __ATOMIC_RELAXED) != 0;
}

uint32_t ring_sq_tail(const struct nx_ring *ring)
{
	return __atomic_load_n(&ring->hdr.sq_tail, __ATOMIC_ACQUIRE);
}

void ring_set_waiting(struct nx_ring *ring, uint32_t waiting)
{
	__atomic_store_n(&ring->hdr.sys_waiting, waiting, __ATOMIC_RELEASE);
}
