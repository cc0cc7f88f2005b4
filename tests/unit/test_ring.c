/*
 * Unit tests for the macrokernel's side of a userVM ring: credit checks
 * on hostile cursors and lengths, request copies, completions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ring.h"

static struct nx_ring *ring;

static int ring_setup(void **state)
{
	(void)state;
	ring = calloc(1, sizeof(*ring));
	return ring == NULL ? -1 : 0;
}

static int ring_teardown(void **state)
{
	(void)state;
	free(ring);
	return 0;
}

/* Fill n submissions from index head, each with data_len len. */
static void submit(uint32_t head, uint32_t n, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		ring->sq[(head + i) % NX_RING_ENTRIES].data_len = len;
}

static void window_within_credits(void **state)
{
	struct ring_violation v;

	(void)state;
	assert_true(ring_check_window(ring, 0, 0, &v));
	submit(0, NX_CREDIT_REQUESTS, NX_CREDIT_BYTES / NX_CREDIT_REQUESTS);
	assert_true(ring_check_window(ring, 0, NX_CREDIT_REQUESTS, &v));
}

static void window_too_many_requests(void **state)
{
	struct ring_violation v;

	(void)state;
	assert_false(ring_check_window(ring, 0, NX_CREDIT_REQUESTS + 1, &v));
	assert_string_equal(v.quantity, "requests");
	assert_int_equal(v.value, NX_CREDIT_REQUESTS + 1);
	assert_int_equal(v.limit, NX_CREDIT_REQUESTS);
}

static void window_tail_behind_head(void **state)
{
	struct ring_violation v;

	(void)state;
	/* A tail moved backwards looks like 2^32 - 1 requests. */
	assert_false(ring_check_window(ring, 100, 99, &v));
	assert_string_equal(v.quantity, "requests");
	assert_int_equal(v.value, UINT32_MAX);
}

static void window_too_many_bytes(void **state)
{
	struct ring_violation v;

	(void)state;
	submit(0, 2, NX_CREDIT_BYTES / 2);
	ring->sq[1].data_len++;
	assert_false(ring_check_window(ring, 0, 2, &v));
	assert_string_equal(v.quantity, "bytes");
	assert_int_equal(v.value, NX_CREDIT_BYTES + 1);
	assert_int_equal(v.limit, NX_CREDIT_BYTES);
}

static void window_sum_does_not_wrap(void **state)
{
	struct ring_violation v;

	(void)state;
	/* 16 * (2^32 - 1) would wrap a 32-bit sum to a small value. */
	submit(0, NX_CREDIT_REQUESTS, UINT32_MAX);
	assert_false(ring_check_window(ring, 0, NX_CREDIT_REQUESTS, &v));
	assert_string_equal(v.quantity, "bytes");
	assert_int_equal(v.value, (uint64_t)UINT32_MAX * NX_CREDIT_REQUESTS);
}

static void window_cursors_wrap(void **state)
{
	struct ring_violation v;
	uint32_t head = UINT32_MAX - 4;

	(void)state;
	submit(head, 10, 100);
	assert_true(ring_check_window(ring, head, head + 10, &v));
	ring->sq[(head + 9) % NX_RING_ENTRIES].data_len = NX_CREDIT_BYTES;
	assert_false(ring_check_window(ring, head, head + 10, &v));
	assert_string_equal(v.quantity, "bytes");
}

static void request_over_credit(void **state)
{
	struct ring_violation v;
	struct nx_req rq = { .data_len = NX_CREDIT_BYTES };

	(void)state;
	assert_true(ring_check_req(&rq, &v));
	rq.data_len = NX_CREDIT_BYTES + 1;
	assert_false(ring_check_req(&rq, &v));
	assert_string_equal(v.quantity, "request_bytes");
	assert_int_equal(v.value, NX_CREDIT_BYTES + 1);
	rq.data_len = UINT32_MAX;
	assert_false(ring_check_req(&rq, &v));
}

static void take_copies_and_publishes(void **state)
{
	struct nx_req *entry = &ring->sq[NX_RING_ENTRIES - 1];
	uint32_t head = NX_RING_ENTRIES - 1;
	struct nx_req rq;

	(void)state;
	entry->tag = 0x1122334455667788ull;
	entry->call = NX_RQ_WRITE;
	entry->fd = 2;
	entry->arg[0] = -5;
	entry->data_off = 4096;
	entry->data_len = 12;
	ring_take(ring, &head, &rq);
	assert_int_equal(head, NX_RING_ENTRIES);
	assert_int_equal(ring->hdr.sq_head, NX_RING_ENTRIES);

	/* Later writes by the userVM do not reach the private copy. */
	entry->data_len = UINT32_MAX;
	entry->fd = -1;
	assert_int_equal(rq.tag, 0x1122334455667788ull);
	assert_int_equal(rq.call, NX_RQ_WRITE);
	assert_int_equal(rq.fd, 2);
	assert_int_equal(rq.arg[0], -5);
	assert_int_equal(rq.data_off, 4096);
	assert_int_equal(rq.data_len, 12);
}

static void complete_posts_entry(void **state)
{
	struct nx_cpl cpl = {
		.tag = 9, .result = -NX_EBADF, .data_off = 10, .data_len = 20
	};
	uint32_t tail = 3;

	(void)state;
	ring->hdr.cq_head = 3;
	assert_int_equal(ring_complete(ring, &tail, &cpl), 0);
	assert_int_equal(tail, 4);
	assert_int_equal(ring->hdr.cq_tail, 4);
	assert_int_equal(ring->cq[3].tag, 9);
	assert_int_equal(ring->cq[3].result, -NX_EBADF);
	assert_int_equal(ring->cq[3].data_off, 10);
	assert_int_equal(ring->cq[3].data_len, 20);

	ring->hdr.user_waiting = 1;
	assert_int_equal(ring_complete(ring, &tail, &cpl), 1);
	assert_int_equal(tail, 5);
}

static void complete_rejects_full_queue(void **state)
{
	struct nx_cpl cpl = { .tag = 1 };
	uint32_t tail = NX_RING_ENTRIES;

	(void)state;
	ring->hdr.cq_head = 0;
	ring->hdr.cq_tail = NX_RING_ENTRIES;
	assert_int_equal(ring_complete(ring, &tail, &cpl), -NX_EPROTO);
	assert_int_equal(tail, NX_RING_ENTRIES);
	assert_int_equal(ring->hdr.cq_tail, NX_RING_ENTRIES);
	assert_int_equal(ring->cq[0].tag, 0);

	/* A cq_head ahead of the tail is just as invalid. */
	tail = 5;
	ring->hdr.cq_head = 6;
	assert_int_equal(ring_complete(ring, &tail, &cpl), -NX_EPROTO);
	assert_int_equal(tail, 5);
}

static void complete_cursor_wraps(void **state)
{
	struct nx_cpl cpl = { .tag = 42 };
	uint32_t tail = UINT32_MAX;

	(void)state;
	ring->hdr.cq_head = UINT32_MAX - 3;
	assert_int_equal(ring_complete(ring, &tail, &cpl), 0);
	assert_int_equal(tail, 0);
	assert_int_equal(ring->hdr.cq_tail, 0);
	assert_int_equal(ring->cq[NX_RING_ENTRIES - 1].tag, 42);
}

static void waiting_flag_stored(void **state)
{
	(void)state;
	ring_set_waiting(ring, 1);
	assert_int_equal(ring->hdr.sys_waiting, 1);
	ring_set_waiting(ring, 0);
	assert_int_equal(ring->hdr.sys_waiting, 0);
	ring->hdr.sq_tail = 77;
	assert_int_equal(ring_sq_tail(ring), 77);
}

#define RING_TEST(f)                                                           \
	cmocka_unit_test_setup_teardown(f, ring_setup, ring_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		RING_TEST(window_within_credits),
		RING_TEST(window_too_many_requests),
		RING_TEST(window_tail_behind_head),
		RING_TEST(window_too_many_bytes),
		RING_TEST(window_sum_does_not_wrap),
		RING_TEST(window_cursors_wrap),
		RING_TEST(request_over_credit),
		RING_TEST(take_copies_and_publishes),
		RING_TEST(complete_posts_entry),
		RING_TEST(complete_rejects_full_queue),
		RING_TEST(complete_cursor_wraps),
		RING_TEST(waiting_flag_stored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
