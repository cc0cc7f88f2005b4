/*
 * The systemVM's side of one userVM ring (include/nanvix/ring.h): taking
 * submissions, checking them against the credits, posting completions.
 * The userVM can rewrite any field at any moment, so every value is
 * loaded once into private memory before it is checked, and the limits
 * come from the ABI constants, never from the ring header. Pure code that
 * also builds for the host.
 */
#ifndef MACROKERNEL_RING_H
#define MACROKERNEL_RING_H

#include <stdbool.h>
#include <stdint.h>

#include "nanvix/ring.h"

/* A broken rule of the ring protocol, for the log line. */
struct ring_violation {
	const char *quantity; /* the counter over its limit */
	uint64_t value;
	uint64_t limit;
};

/*
 * Check the submissions in [sq_head, sq_tail) against the request and
 * byte credits. The caller must have completed every request it took,
 * so these are all the requests the userVM has outstanding. Returns true
 * if they are within the credits, else fills v.
 */
bool ring_check_window(const struct nx_ring *ring, uint32_t sq_head,
		       uint32_t sq_tail, struct ring_violation *v);

/* Check one copied request against the byte credits; fills v if not. */
bool ring_check_req(const struct nx_req *rq, struct ring_violation *v);

/*
 * Copy submission sq_head into rq with one load per word, then publish
 * sq_head + 1 so the userVM may reuse the entry.
 */
void ring_take(struct nx_ring *ring, uint32_t *sq_head, struct nx_req *rq);

/*
 * Post a completion at *cq_tail, publish the new tail and fence, so the
 * userVM either sees the completion or has announced user_waiting.
 * Returns 1 if the userVM waits and needs a doorbell, 0 if not, or
 * -NX_EPROTO if the userVM left NX_RING_ENTRIES completions unread (the
 * completion is then not posted).
 */
int ring_complete(struct nx_ring *ring, uint32_t *cq_tail,
		  const struct nx_cpl *cpl);

/* Load the userVM's sq_tail. */
uint32_t ring_sq_tail(const struct nx_ring *ring);

/* Store the systemVM's sys_waiting flag. */
void ring_set_waiting(struct nx_ring *ring, uint32_t waiting);

#endif
