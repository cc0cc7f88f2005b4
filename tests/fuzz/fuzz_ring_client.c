/*
 * libFuzzer target for the microkernel's ring client (ring_client.c)
 * facing a hostile systemVM.
 *
 * Bytes 0-3 are the cursor value the VMM sets up (all four cursors
 * equal). The rest is read as needed by two parties. The userVM's
 * workload takes one byte per call (CALL_*) with its arguments. The wait
 * hook plays the systemVM and takes one byte per wakeup (SYS_*): an
 * honest completion, a completion of any content, a jump of cq_tail, or
 * a write anywhere in the ring. The panic hook is the only
 * accepted way out of the client. When the input runs out or the client
 * has waited MAX_WAITS times, the systemVM stops answering and the run
 * ends, because a client that waits for a silent systemVM waits forever.
 */
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nanvix/ring.h>

#include "fuzz_input.h"
#include "ring_client.h"

#define MASK (NX_RING_ENTRIES - 1)
#define MAX_CALLS 64
#define MAX_WAITS 1024

enum call_op {
	CALL_WRITE,	   /* a write whose caller waits */
	CALL_POSTED_WRITE, /* a write whose caller does not wait */
	CALL_READ,	   /* a read, with the reply copied out as io.c does */
	CALL_DRAIN,	   /* wait until nothing is in flight */
	CALL_TAKE_ERROR,   /* the first error of a posted write */
	CALL_COUNT
};

enum sys_op {
	SYS_HONEST,  /* complete the oldest request, echoing tag and offset */
	SYS_ANY,     /* write a completion of any content, advance cq_tail */
	SYS_JUMP,    /* store any value in cq_tail */
	SYS_RAW,     /* write bytes anywhere in the ring */
	SYS_WAITING, /* store any value in sys_waiting */
	SYS_NOTHING, /* a spurious wakeup */
	SYS_COUNT
};

enum stop { RUNNING, STOP_PANIC, STOP_SILENT };

static struct fuzz_input in;

static struct nx_ring *ring;
static struct ring_client *client;
static uint32_t sys_head; /* next submission the honest systemVM completes */
static unsigned waits;
static jmp_buf stop_jmp;

static void complete_honestly(void)
{
	struct nx_cpl cpl = { 0 };
	const struct nx_req *rq;
	uint32_t tail = ring->hdr.cq_tail;

	if (sys_head == ring->hdr.sq_tail)
		return;
	rq = &ring->sq[sys_head & MASK];
	cpl.tag = rq->tag;
	cpl.data_off = rq->data_off;
	/* Replies up to one byte longer than the capacity. */
	cpl.data_len = fuzz_u32(&in) % (rq->data_len + 2);
	cpl.result = (int8_t)fuzz_u8(&in);
	ring->cq[tail & MASK] = cpl;
	sys_head++;
	ring->hdr.sq_head = sys_head;
	__atomic_store_n(&ring->hdr.cq_tail, tail + 1, __ATOMIC_RELEASE);
}

static void write_any_completion(void)
{
	uint32_t tail = ring->hdr.cq_tail;

	fuzz_bytes(&in, &ring->cq[tail & MASK], sizeof(struct nx_cpl));
	__atomic_store_n(&ring->hdr.cq_tail, tail + fuzz_u8(&in) % 4,
			 __ATOMIC_RELEASE);
}

static void write_raw(void)
{
	uint32_t off = fuzz_u32(&in) % sizeof(*ring);
	size_t len = fuzz_u8(&in);

	if (len > sizeof(*ring) - off)
		len = sizeof(*ring) - off;
	fuzz_bytes(&in, (uint8_t *)ring + off, len);
}

/* The systemVM's move while the client sleeps. */
static void on_wait(struct ring_client *c)
{
	if (c != client)
		__builtin_trap();
	if (in.left == 0 || ++waits > MAX_WAITS)
		longjmp(stop_jmp, STOP_SILENT);
	switch (fuzz_u8(&in) % SYS_COUNT) {
	case SYS_HONEST:
		complete_honestly();
		break;
	case SYS_ANY:
		write_any_completion();
		break;
	case SYS_JUMP:
		ring->hdr.cq_tail = fuzz_u32(&in);
		break;
	case SYS_RAW:
		write_raw();
		break;
	case SYS_WAITING:
		ring->hdr.sys_waiting = fuzz_u32(&in);
		break;
	case SYS_NOTHING:
		break;
	}
}

static void on_kick(struct ring_client *c)
{
	if (c != client || ring->hdr.sys_waiting == 0)
		__builtin_trap();
}

static void on_panic(const char *msg)
{
	(void)msg;
	longjmp(stop_jmp, STOP_PANIC);
}

static const struct ring_hooks hooks = {
	.wait = on_wait,
	.kick = on_kick,
	.panic = on_panic,
};

/* The client's own accounting, checked after every call. */
static void check_client(const struct ring_client *c)
{
	if (c->in_flight > NX_CREDIT_REQUESTS)
		__builtin_trap();
	if (c->sq_tail - c->cq_head != c->in_flight)
		__builtin_trap();
	if (c->bytes > NX_CREDIT_BYTES)
		__builtin_trap();
	if (c->data_head > NX_RING_DATA_SIZE)
		__builtin_trap();
	if (c->in_flight == 0 && c->bytes != 0)
		__builtin_trap();
}

/*
 * Reserve len payload bytes and submit a request for them. The payload
 * is written in full, so AddressSanitizer checks the offset.
 */
static uint32_t submit(uint32_t call, uint32_t len, int posted, uint32_t *off)
{
	struct nx_req rq = { .call = call, .fd = 1 };

	*off = ring_client_reserve(client, len);
	if (*off > NX_RING_DATA_SIZE || len > NX_RING_DATA_SIZE - *off)
		__builtin_trap();
	memset(ring->data + *off, 'w', len);
	return ring_client_submit(client, &rq, *off, len, posted);
}

/* Wait for request idx and check what the client lets through. */
static void wait_reply(uint32_t idx, uint32_t off, uint32_t len)
{
	static uint8_t dst[NX_CREDIT_BYTES];
	struct nx_cpl cpl;

	ring_client_wait(client, idx, &cpl);
	if (cpl.data_len > len)
		__builtin_trap();
	if (cpl.data_len && cpl.data_off != off)
		__builtin_trap();
	if (cpl.result > 0 && cpl.data_len)
		memcpy(dst, ring->data + cpl.data_off, cpl.data_len);
}

static void run_call(uint8_t op)
{
	uint32_t len = fuzz_u32(&in) % (NX_CREDIT_BYTES + 1), off, idx;

	switch (op % CALL_COUNT) {
	case CALL_WRITE:
		idx = submit(NX_RQ_WRITE, len, 0, &off);
		wait_reply(idx, off, len);
		break;
	case CALL_POSTED_WRITE:
		submit(NX_RQ_WRITE, len, 1, &off);
		break;
	case CALL_READ:
		idx = submit(NX_RQ_READ, len, 0, &off);
		wait_reply(idx, off, len);
		break;
	case CALL_DRAIN:
		ring_client_drain(client);
		if (client->in_flight != 0)
			__builtin_trap();
		break;
	case CALL_TAKE_ERROR:
		if (ring_client_take_error(client) > 0)
			__builtin_trap();
		break;
	}
}

static void run_calls(void)
{
	for (int i = 0; i < MAX_CALLS && in.left; i++) {
		run_call(fuzz_u8(&in));
		check_client(client);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t cursor;

	/* Exactly one ring object, so AddressSanitizer flags any access
	 * outside it. */
	if (!ring)
		ring = malloc(sizeof(*ring));
	if (!client)
		client = malloc(sizeof(*client));
	if (!ring || !client)
		abort();
	if (size < 4)
		return 0;
	in.p = data;
	in.left = size;
	waits = 0;
	cursor = fuzz_u32(&in);
	memset(ring, 0, sizeof(*ring));
	ring->hdr.magic = NX_RING_MAGIC;
	ring->hdr.sq_tail = ring->hdr.cq_head = cursor;
	ring->hdr.sq_head = ring->hdr.cq_tail = cursor;
	sys_head = cursor;
	ring_client_init(client, ring, &hooks);

	if (setjmp(stop_jmp) == RUNNING)
		run_calls();
	return 0;
}
