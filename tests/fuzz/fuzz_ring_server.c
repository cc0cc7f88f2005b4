/*
 * libFuzzer target for the macrokernel's side of a userVM ring, facing a
 * hostile userVM. server.c, slot.c, calls.c, ring.c, request.c and
 * fdtable.c are compiled unchanged. The console driver, the log and the
 * doorbell are stubs in this file, and tests/fuzz/host/nanvix/hypercall.h
 * points the control page at fuzz_sysctl.
 *
 * Bytes 0-3 are the cursor value the VMM sets up before it attaches the
 * slot (all four cursors equal), and byte 4 contains FLAG_* bits. The rest is a
 * script of steps. Each step is an operation byte with its arguments,
 * then one server_pass(): the userVM submits requests, rewrites entries,
 * cursors or payloads, or consumes completions, or the console device
 * uses queued chains and delivers input. The userVM also writes during a
 * pass: every doorbell and every queued console chain takes one more
 * byte, and a byte with bit 7 set runs one more userVM operation. After
 * the script, a settle phase runs passes with a device that uses
 * everything, until the slot is idle with every submission taken, or
 * broken.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nanvix/abi.h>
#include <nanvix/console.h>
#include <nanvix/hypercall.h>
#include <nanvix/ring.h>

#include "fuzz_input.h"
#include "calls.h"
#include "console.h"
#include "log.h"
#include "request.h"
#include "server.h"
#include "slot.h"

#define GENERATION 1u
#define MAX_STEPS 64
#define SETTLE_PASSES 256
#define TX_MAX 8 /* capacity of the stub transmit queue, in chains */

#define FLAG_BAD_MAGIC 0x01 /* the header has a wrong magic at attach */
#define FLAG_SKEW 0x02	    /* cq_tail differs from sq_head at attach */
#define FLAG_TAME 0x04	    /* bound the fields of written submissions */
#define FLAG_TTY 0x08	    /* fds 0-2 are terminals */
#define FLAG_TX_ONE 0x10    /* the transmit queue has room for one chain */

enum step_op {
	OP_SUBMIT,  /* write n entries, then publish sq_tail + n */
	OP_SQ_TAIL, /* store any value in sq_tail */
	OP_REWRITE, /* rewrite one submission entry */
	OP_CONSUME, /* set cq_head to cq_tail, or to any value */
	OP_DATA,    /* write bytes into the data area */
	OP_WAITING, /* store any value in user_waiting */
	OP_RAW,	    /* write bytes anywhere in the ring */
	OP_DEVICE,  /* the console uses chains and delivers input */
	OP_COUNT
};

struct nx_sysctl fuzz_sysctl;

static struct fuzz_input in;

static struct nx_ring *ring;
static uint32_t guest_tail; /* the userVM's private sq_tail */
static uint8_t flags;

/* The stub console: a FIFO of queued transmit chains. */
static struct {
	uint8_t kind[TX_MAX]; /* NX_CON_OUTPUT or NX_CON_INPUT_WANT */
	unsigned head, count, size;
	uint32_t want; /* bytes the last INPUT_WANT frame asked for */
	unsigned doorbells;
} dev;

void log_printf(const char *fmt, ...)
{
	(void)fmt;
}

void log_debug(const char *fmt, ...)
{
	(void)fmt;
}

void panic(const char *fmt, ...)
{
	(void)fmt;
	__builtin_trap();
}

static void race(void);

void nx_doorbell(uint64_t gpa, uint32_t value)
{
	if (gpa != NX_NOTIFY_GPA || value != 0)
		__builtin_trap();
	dev.doorbells++;
	race();
}

static void check_frame(uint32_t slot, uint32_t generation)
{
	if (slot != 0 || generation != GENERATION)
		__builtin_trap();
}

static int queue_chain(uint8_t kind)
{
	race();
	if (dev.count == dev.size)
		return -NX_EAGAIN;
	dev.kind[(dev.head + dev.count) % TX_MAX] = kind;
	dev.count++;
	return 0;
}

int console_send_output(uint32_t slot, uint32_t generation, uint32_t fd,
			const void *data, uint32_t len)
{
	const volatile uint8_t *p = data;

	check_frame(slot, generation);
	if (fd > 2 || len == 0 || len > CONSOLE_TX_CHUNK)
		__builtin_trap();
	/* Zero copy: the payload must lie inside the ring's data area. */
	if (p < ring->data || p > ring->data + NX_RING_DATA_SIZE ||
	    len > (size_t)(ring->data + NX_RING_DATA_SIZE - p))
		__builtin_trap();
	(void)p[0];
	(void)p[len - 1];
	return queue_chain(NX_CON_OUTPUT);
}

int console_send_want(uint32_t slot, uint32_t generation, uint32_t len)
{
	check_frame(slot, generation);
	if (len == 0 || len > NX_CON_RX_DATA)
		__builtin_trap();
	if (queue_chain(NX_CON_INPUT_WANT) != 0)
		return -NX_EAGAIN;
	dev.want = len;
	return 0;
}

/* Use up to n queued chains in order, completing output chains with status. */
static void device_use(unsigned n, int32_t status)
{
	while (n-- && dev.count) {
		uint8_t kind = dev.kind[dev.head];

		dev.head = (dev.head + 1) % TX_MAX;
		dev.count--;
		if (kind == NX_CON_OUTPUT)
			calls_output_done(0, GENERATION, status);
	}
}

/* Deliver len bytes (at most NX_CON_RX_DATA) of stdin, as the VMM does. */
static void device_input(uint32_t len)
{
	static uint8_t buf[NX_CON_RX_DATA];

	if (len > NX_CON_RX_DATA)
		len = NX_CON_RX_DATA;
	memset(buf, 'i', len);
	calls_input(0, GENERATION, buf, len);
	dev.want = 0;
}

/*
 * Write one submission entry from the input. FLAG_TAME keeps the call,
 * the descriptor and the payload mostly valid, so the fuzzer reaches the
 * console paths without guessing 32-bit values.
 */
static void write_req(uint32_t index)
{
	struct nx_req rq;

	fuzz_bytes(&in, &rq, sizeof(rq));
	if (flags & FLAG_TAME) {
		rq.call %= NX_RQ_MAX + 1;
		rq.fd %= 4;
		rq.data_off %= NX_RING_DATA_SIZE;
		rq.data_len %= 3 * CONSOLE_TX_CHUNK;
	}
	memcpy(&ring->sq[index % NX_RING_ENTRIES], &rq, sizeof(rq));
}

static void submit(void)
{
	unsigned n = fuzz_u8(&in) % (NX_CREDIT_REQUESTS + 2);

	for (unsigned i = 0; i < n; i++)
		write_req(guest_tail + i);
	guest_tail += n;
	__atomic_store_n(&ring->hdr.sq_tail, guest_tail, __ATOMIC_RELEASE);
}

static void write_bytes(uint8_t *base, size_t size)
{
	uint32_t off = fuzz_u32(&in) % size;
	size_t len = fuzz_u8(&in);

	if (len > size - off)
		len = size - off;
	fuzz_bytes(&in, base + off, len);
}

static void run_op(uint8_t op)
{
	switch (op % OP_COUNT) {
	case OP_SUBMIT:
		submit();
		break;
	case OP_SQ_TAIL:
		guest_tail = fuzz_u32(&in);
		ring->hdr.sq_tail = guest_tail;
		break;
	case OP_REWRITE:
		write_req(fuzz_u8(&in));
		break;
	case OP_CONSUME:
		ring->hdr.cq_head =
			op & 0x80 ? fuzz_u32(&in) : ring->hdr.cq_tail;
		break;
	case OP_DATA:
		write_bytes(ring->data, NX_RING_DATA_SIZE);
		break;
	case OP_WAITING:
		ring->hdr.user_waiting = fuzz_u32(&in);
		break;
	case OP_RAW:
		write_bytes((uint8_t *)ring, sizeof(*ring));
		break;
	case OP_DEVICE: {
		uint8_t use = fuzz_u8(&in);
		int32_t status = use & 0x80 ? -NX_EIO : 0;

		device_use(use & 0x0f, status);
		if ((use & 0x40) && dev.want)
			device_input(fuzz_u32(&in) % (dev.want + 1));
		break;
	}
	}
}

/*
 * A userVM write in the middle of a pass. It leaves the completion queue
 * alone, so check_completions still reads what the server posted, and
 * never calls back into the server as the device would.
 */
static void race(void)
{
	uint8_t op = fuzz_u8(&in);

	if (!(op & 0x80))
		return;
	switch (op % OP_COUNT) {
	case OP_RAW:
	case OP_DEVICE:
		break;
	default:
		run_op(op);
	}
}

/*
 * Counting from attach, every request taken is completed, except the one
 * a console read or write still serves, or the one that broke the slot.
 */
static void check_counts(const struct slot *s, uint32_t sq0)
{
	uint32_t taken = s->sq_head - sq0, done = s->cq_tail - sq0;

	if (done > taken)
		__builtin_trap();
	switch (s->state) {
	case SLOT_IDLE:
		if (done != taken)
			__builtin_trap();
		break;
	case SLOT_READING:
	case SLOT_WRITING:
		if (done != taken - 1)
			__builtin_trap();
		break;
	case SLOT_BROKEN:
		if (fuzz_sysctl.slot[0].broken != GENERATION)
			__builtin_trap();
		break;
	default:
		__builtin_trap();
	}
}

/*
 * Completions posted since cq_tail was from: a reply payload lies inside
 * the data area. A completion without one echoes the request's data_off,
 * which may lie anywhere.
 */
static void check_completions(const struct slot *s, uint32_t from)
{
	if (s->cq_tail - from > NX_RING_ENTRIES)
		__builtin_trap();
	for (uint32_t i = from; i != s->cq_tail; i++) {
		const struct nx_cpl *c = &ring->cq[i % NX_RING_ENTRIES];

		if (c->data_len && !request_data_ok(c->data_off, c->data_len))
			__builtin_trap();
		if (c->result < -4095)
			__builtin_trap();
	}
}

/*
 * Pass until nothing moves, with a userVM that only consumes completions
 * and a device that uses every chain and delivers input for every read. The
 * slot must end idle with its ring empty, or broken.
 */
static void settle(struct slot *s, uint32_t sq0)
{
	/* Drop the rest of the script, so race() writes nothing. */
	in.left = 0;
	for (int i = 0; i < SETTLE_PASSES; i++) {
		uint32_t from = s->cq_tail;
		int n = server_pass();

		check_completions(s, from);
		check_counts(s, sq0);
		ring->hdr.cq_head = s->cq_tail;
		if (s->state == SLOT_BROKEN)
			return;
		if (n == 0 && dev.count == 0 && dev.want == 0 &&
		    s->state == SLOT_IDLE) {
			if (s->sq_head != ring_sq_tail(ring))
				__builtin_trap();
			return;
		}
		device_use(TX_MAX, 0);
		if (dev.want)
			device_input(dev.want);
	}
	__builtin_trap();
}

static void setup(uint32_t cursor)
{
	struct nx_ring_hdr *hdr = &ring->hdr;

	memset(ring, 0, sizeof(*ring));
	hdr->magic = flags & FLAG_BAD_MAGIC ? ~NX_RING_MAGIC : NX_RING_MAGIC;
	hdr->abi_version = NX_ABI_VERSION;
	hdr->entries = NX_RING_ENTRIES;
	hdr->data_size = NX_RING_DATA_SIZE;
	hdr->credit_requests = NX_CREDIT_REQUESTS;
	hdr->credit_bytes = NX_CREDIT_BYTES;
	hdr->sq_tail = hdr->cq_head = hdr->sq_head = cursor;
	hdr->cq_tail = flags & FLAG_SKEW ? cursor + 1 : cursor;
	guest_tail = cursor;

	memset(&dev, 0, sizeof(dev));
	dev.size = flags & FLAG_TX_ONE ? 1 : TX_MAX;
	memset(&fuzz_sysctl, 0, sizeof(fuzz_sysctl));
	memset(slots, 0, sizeof(slots));
	fuzz_sysctl.slot[0].tty_mask = flags & FLAG_TTY ? 7 : 0;
	fuzz_sysctl.slot[0].generation = GENERATION;
	slots_init((uint64_t)(uintptr_t)ring, 1);
	if (slots_sync() != 1)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct slot *s = &slots[0];
	uint32_t cursor, sq0;

	/* Exactly one ring object, so AddressSanitizer flags any access
	 * outside it. */
	if (!ring)
		ring = malloc(sizeof(*ring));
	if (!ring)
		abort();
	if (size < 5)
		return 0;
	in.p = data;
	in.left = size;
	cursor = fuzz_u32(&in);
	flags = fuzz_u8(&in);
	setup(cursor);
	sq0 = s->sq_head;
	if (s->state == SLOT_BROKEN)
		return 0;

	for (int step = 0; step < MAX_STEPS && in.left; step++) {
		uint32_t from = s->cq_tail;

		run_op(fuzz_u8(&in));
		server_pass();
		check_completions(s, from);
		check_counts(s, sq0);
	}
	settle(s, sq0);
	return 0;
}
