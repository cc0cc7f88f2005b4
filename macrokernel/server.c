#include "calls.h"
#include "ring.h"
#include "server.h"
#include "slot.h"

/* The slot the next pass starts at, so no slot is always served first. */
static uint32_t first;

static int serve_ring(struct slot *s)
{
	struct ring_violation v;
	struct nx_req rq;
	uint32_t tail;
	int n = 0;

	/* One load per pass: requests past it wait for the next pass. */
	tail = ring_sq_tail(s->ring);
	if (tail == s->sq_head)
		return 0;
	if (!ring_check_window(s->ring, s->sq_head, tail, &v)) {
		slot_break(s, &v);
		return 1;
	}
	while (n < SERVER_QUOTA && s->sq_head != tail &&
	       s->state == SLOT_IDLE) {
		ring_take(s->ring, &s->sq_head, &rq);
		n++;
		if (!ring_check_req(&rq, &v)) {
			slot_break(s, &v);
			break;
		}
		calls_dispatch(s, &rq);
	}
	return n;
}

static int serve_slot(struct slot *s)
{
	switch (s->state) {
	case SLOT_IDLE:
		return serve_ring(s);
	case SLOT_READING:
	case SLOT_WRITING:
		return calls_progress(s);
	default:
		return 0;
	}
}

int server_pass(void)
{
	uint32_t i;
	int n = 0;

	if (slots_count == 0)
		return 0;
	for (i = 0; i < slots_count; i++)
		n += serve_slot(&slots[(first + i) % slots_count]);
	first = (first + 1) % slots_count;
	return n;
}

bool server_has_work(void)
{
	struct slot *s;
	uint32_t i;

	for (i = 0; i < slots_count; i++) {
		s = &slots[i];
		if (s->state == SLOT_IDLE &&
		    ring_sq_tail(s->ring) != s->sq_head)
			return true;
	}
	return false;
}

void server_set_waiting(uint32_t waiting)
{
	uint32_t i;

	for (i = 0; i < slots_count; i++) {
		if (slots[i].state != SLOT_DETACHED)
			ring_set_waiting(slots[i].ring, waiting);
	}
}
