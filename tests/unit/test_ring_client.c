/*
 * Unit tests for the microkernel's ring client: free-running index
 * wraparound, data-area wraparound, request and byte credits, posted-write
 * errors and malformed completions.
 *
 * The wait hook plays the systemVM: each call completes the oldest
 * submission that has no completion yet, echoing its tag and payload
 * offset, so a test can count how often the client had to wait.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ring_client.h"

#define MASK (NX_RING_ENTRIES - 1)
#define MAX_RESULTS 64

/* How the simulated systemVM completes the next submission. */
enum sim_fault {
	SIM_OK,
	SIM_WRONG_TAG,	/* completion tag differs from the request's */
	SIM_EXTRA_CPL,	/* cq_tail moves two entries for one request */
	SIM_WRONG_OFF,	/* data_off differs from the request's */
	SIM_LONG_REPLY, /* data_len exceeds the request's capacity */
};

static struct {
	struct nx_ring *ring;
	struct ring_client client;
	uint32_t sq_head;	     /* next submission to complete */
	unsigned waits;		     /* wait hook calls */
	unsigned kicks;		     /* kick hook calls */
	unsigned completed;	     /* completions written */
	int64_t result[MAX_RESULTS]; /* by completion number */
	enum sim_fault fault;
	const char *panic_msg;
	jmp_buf panic_jmp;
} sim;

/* Write the completion of the oldest pending submission. */
static void complete_one(void)
{
	struct nx_ring *r = sim.ring;
	uint32_t tail = r->hdr.cq_tail;
	const struct nx_req *rq = &r->sq[sim.sq_head & MASK];
	struct nx_cpl *cpl = &r->cq[tail & MASK];

	assert_true(sim.sq_head != r->hdr.sq_tail);
	memset(cpl, 0, sizeof(*cpl));
	cpl->tag = rq->tag;
	cpl->data_off = rq->data_off;
	if (sim.completed < MAX_RESULTS)
		cpl->result = sim.result[sim.completed];
	switch (sim.fault) {
	case SIM_WRONG_TAG:
		cpl->tag = rq->tag + 100;
		break;
	case SIM_EXTRA_CPL:
		tail++;
		break;
	case SIM_WRONG_OFF:
		cpl->data_off = rq->data_off + 1;
		cpl->result = 5;
		break;
	case SIM_LONG_REPLY:
		cpl->data_len = rq->data_len + 1;
		cpl->result = 5;
		break;
	case SIM_OK:
		break;
	}
	sim.sq_head++;
	sim.completed++;
	r->hdr.sq_head = sim.sq_head;
	__atomic_store_n(&r->hdr.cq_tail, tail + 1, __ATOMIC_RELEASE);
}

static void hook_wait(struct ring_client *c)
{
	(void)c;
	sim.waits++;
	complete_one();
}

static void hook_kick(struct ring_client *c)
{
	(void)c;
	sim.kicks++;
}

static void hook_panic(const char *msg)
{
	sim.panic_msg = msg;
	longjmp(sim.panic_jmp, 1);
}

static const struct ring_hooks hooks = {
	.wait = hook_wait,
	.kick = hook_kick,
	.panic = hook_panic,
};

/* Set all four ring cursors to start, then attach the client. */
static void start_at(uint32_t start)
{
	sim.ring->hdr.sq_tail = start;
	sim.ring->hdr.cq_head = start;
	sim.ring->hdr.sq_head = start;
	sim.ring->hdr.cq_tail = start;
	sim.sq_head = start;
	ring_client_init(&sim.client, sim.ring, &hooks);
}

static int sim_setup(void **state)
{
	(void)state;
	memset(&sim, 0, sizeof(sim));
	sim.ring = calloc(1, sizeof(*sim.ring));
	if (!sim.ring)
		return -1;
	start_at(0);
	return 0;
}

static int sim_teardown(void **state)
{
	(void)state;
	free(sim.ring);
	return 0;
}

/* Reserve len bytes and submit a request for them. Returns its index. */
static uint32_t post(uint32_t len, int posted, uint32_t *off)
{
	struct nx_req rq = { .call = NX_RQ_WRITE, .fd = 1 };
	uint32_t o = ring_client_reserve(&sim.client, len);

	if (off)
		*off = o;
	return ring_client_submit(&sim.client, &rq, o, len, posted);
}

static void index_wraparound(void **state)
{
	const uint32_t start = UINT32_MAX - 2;
	struct nx_cpl cpl;
	uint32_t idx;

	(void)state;
	start_at(start);
	for (uint32_t i = 0; i < 8; i++) {
		sim.result[i] = 10 + i;
		idx = post(16, 0, NULL);
		assert_int_equal(idx, start + i);
		assert_int_equal(sim.ring->hdr.sq_tail, start + i + 1);
		assert_int_equal(sim.ring->sq[idx & MASK].tag, i + 1);
		ring_client_wait(&sim.client, idx, &cpl);
		assert_int_equal(cpl.result, 10 + i);
		assert_int_equal(sim.ring->hdr.cq_head, start + i + 1);
	}
	assert_int_equal(sim.client.sq_tail, 5);
	assert_int_equal(sim.client.in_flight, 0);
	assert_int_equal(sim.client.bytes, 0);
}

static void wraparound_in_flight(void **state)
{
	const uint32_t start = UINT32_MAX - 3;

	(void)state;
	start_at(start);
	for (uint32_t i = 0; i < 8; i++)
		post(8, 1, NULL);
	assert_int_equal(sim.client.in_flight, 8);
	assert_int_equal(sim.ring->hdr.sq_tail, 4);
	ring_client_drain(&sim.client);
	assert_int_equal(sim.waits, 8);
	assert_int_equal(sim.client.in_flight, 0);
	assert_int_equal(sim.ring->hdr.cq_head, 4);
	assert_int_equal(ring_client_take_error(&sim.client), 0);
}

/*
 * 60000-byte payloads fill the data area until the fifth no longer fits
 * before its end, so it goes to offset 0 and the skipped tail is charged.
 */
static void data_area_wraparound(void **state)
{
	const uint32_t len = 60000, small = 20000;
	const uint32_t waste = NX_RING_DATA_SIZE - 4 * len;
	uint32_t off[5];

	(void)state;
	for (int i = 0; i < 4; i++)
		post(len, 1, &off[i]);
	assert_int_equal(off[1], len);
	assert_int_equal(off[2], 2 * len);
	assert_int_equal(off[3], 3 * len);
	assert_true(waste < small);
	post(small, 1, &off[4]);
	assert_int_equal(off[4], 0);
	assert_int_equal(sim.client.in_flight, 2);
	assert_int_equal(sim.client.bytes, len + small + waste);
	assert_true(off[4] + small <= off[3]);
	ring_client_drain(&sim.client);
	assert_int_equal(sim.client.bytes, 0);
}

static void payload_never_wraps(void **state)
{
	uint32_t off;

	(void)state;
	for (uint32_t len = 1; len < 100000; len = len * 3 + 7) {
		post(len, 1, &off);
		assert_true(off + len <= NX_RING_DATA_SIZE);
		assert_true(sim.client.bytes <= NX_CREDIT_BYTES);
	}
	ring_client_drain(&sim.client);
	assert_int_equal(sim.client.bytes, 0);
}

static void request_credits_exhausted(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < NX_CREDIT_REQUESTS; i++)
		post(0, 1, NULL);
	assert_int_equal(sim.waits, 0);
	assert_int_equal(sim.client.in_flight, NX_CREDIT_REQUESTS);
	post(0, 1, NULL);
	assert_int_equal(sim.waits, 1);
	assert_int_equal(sim.completed, 1);
	assert_int_equal(sim.client.in_flight, NX_CREDIT_REQUESTS);
}

static void byte_credits_exhausted(void **state)
{
	(void)state;
	post(NX_CREDIT_BYTES / 2, 1, NULL);
	post(NX_CREDIT_BYTES / 2, 1, NULL);
	assert_int_equal(sim.waits, 0);
	assert_int_equal(sim.client.bytes, NX_CREDIT_BYTES);
	post(1, 1, NULL);
	assert_int_equal(sim.waits, 1);
	assert_int_equal(sim.client.in_flight, 2);
	assert_int_equal(sim.client.bytes, NX_CREDIT_BYTES / 2 + 1);
}

static void max_payload_fits(void **state)
{
	uint32_t off;

	(void)state;
	post(NX_CREDIT_BYTES, 1, &off);
	assert_int_equal(off, 0);
	assert_int_equal(sim.waits, 0);
	post(NX_CREDIT_BYTES, 1, &off);
	assert_int_equal(sim.waits, 1);
	assert_int_equal(off, 0);
}

static void oversized_payload_panics(void **state)
{
	(void)state;
	if (setjmp(sim.panic_jmp) == 0) {
		ring_client_reserve(&sim.client, NX_CREDIT_BYTES + 1);
		fail_msg("reserve of NX_CREDIT_BYTES + 1 returned");
	}
	assert_non_null(strstr(sim.panic_msg, "larger than the byte credits"));
}

/* The client takes a batch of completions that arrived at once. */
static void full_window_batch(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < NX_CREDIT_REQUESTS; i++)
		post(100, 1, NULL);
	for (uint32_t i = 0; i < NX_CREDIT_REQUESTS; i++)
		complete_one();
	ring_client_drain(&sim.client);
	assert_int_equal(sim.waits, 0);
	assert_int_equal(sim.client.in_flight, 0);
	assert_int_equal(sim.ring->hdr.cq_head, NX_CREDIT_REQUESTS);
}

static void posted_error_latched(void **state)
{
	(void)state;
	sim.result[1] = -NX_EIO;
	sim.result[2] = -NX_EPIPE;
	for (int i = 0; i < 3; i++)
		post(4, 1, NULL);
	ring_client_drain(&sim.client);
	assert_int_equal(ring_client_take_error(&sim.client), -NX_EIO);
	assert_int_equal(ring_client_take_error(&sim.client), 0);
}

static void waited_error_not_latched(void **state)
{
	struct nx_cpl cpl;
	uint32_t idx;

	(void)state;
	sim.result[0] = -NX_EBADF;
	idx = post(4, 0, NULL);
	ring_client_wait(&sim.client, idx, &cpl);
	assert_int_equal(cpl.result, -NX_EBADF);
	assert_int_equal(ring_client_take_error(&sim.client), 0);
}

static void wrong_tag_panics(void **state)
{
	struct nx_cpl cpl;
	uint32_t idx;

	(void)state;
	sim.fault = SIM_WRONG_TAG;
	idx = post(4, 0, NULL);
	if (setjmp(sim.panic_jmp) == 0) {
		ring_client_wait(&sim.client, idx, &cpl);
		fail_msg("completion with a wrong tag accepted");
	}
	assert_non_null(strstr(sim.panic_msg, "out of order"));
}

static void extra_completion_panics(void **state)
{
	struct nx_cpl cpl;
	uint32_t idx;

	(void)state;
	sim.fault = SIM_EXTRA_CPL;
	idx = post(4, 0, NULL);
	if (setjmp(sim.panic_jmp) == 0) {
		ring_client_wait(&sim.client, idx, &cpl);
		fail_msg("cq_tail - cq_head > in_flight accepted");
	}
	assert_non_null(strstr(sim.panic_msg, "more completions"));
}

static void wait_idle_panics(void **state)
{
	struct nx_cpl cpl;

	(void)state;
	if (setjmp(sim.panic_jmp) == 0) {
		ring_client_wait(&sim.client, 0, &cpl);
		fail_msg("wait with nothing in flight returned");
	}
	assert_non_null(strstr(sim.panic_msg, "nothing in flight"));
}

static void wrong_reply_offset(void **state)
{
	struct nx_cpl cpl;
	uint32_t idx;

	(void)state;
	sim.fault = SIM_WRONG_OFF;
	idx = post(16, 0, NULL);
	ring_client_wait(&sim.client, idx, &cpl);
	assert_int_equal(cpl.result, -NX_EPROTO);
	assert_int_equal(cpl.data_len, 0);
}

static void reply_too_long(void **state)
{
	struct nx_cpl cpl;
	uint32_t idx;

	(void)state;
	sim.fault = SIM_LONG_REPLY;
	idx = post(16, 0, NULL);
	ring_client_wait(&sim.client, idx, &cpl);
	assert_int_equal(cpl.result, -NX_EPROTO);
	assert_int_equal(cpl.data_len, 0);
}

static void kick_when_sys_waiting(void **state)
{
	(void)state;
	post(0, 1, NULL);
	assert_int_equal(sim.kicks, 0);
	sim.ring->hdr.sys_waiting = 1;
	post(0, 1, NULL);
	assert_int_equal(sim.kicks, 1);
}

#define RING_TEST(f) cmocka_unit_test_setup_teardown(f, sim_setup, sim_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		RING_TEST(index_wraparound),
		RING_TEST(wraparound_in_flight),
		RING_TEST(data_area_wraparound),
		RING_TEST(payload_never_wraps),
		RING_TEST(request_credits_exhausted),
		RING_TEST(byte_credits_exhausted),
		RING_TEST(max_payload_fits),
		RING_TEST(oversized_payload_panics),
		RING_TEST(full_window_batch),
		RING_TEST(posted_error_latched),
		RING_TEST(waited_error_not_latched),
		RING_TEST(wrong_tag_panics),
		RING_TEST(extra_completion_panics),
		RING_TEST(wait_idle_panics),
		RING_TEST(wrong_reply_offset),
		RING_TEST(reply_too_long),
		RING_TEST(kick_when_sys_waiting),
	};

	return cmocka_run_group_tests_name("ring_client", tests, NULL, NULL);
}
