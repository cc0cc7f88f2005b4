/*
 * libFuzzer target for the device side of virtio: the input is what a
 * hostile driver controls.
 *
 * Byte 0 selects the mode. With bit 7 clear, the target sets up a queue
 * of 2^(byte 0 % 9) entries directly. Bytes 1-4 are its last_avail and
 * used_idx, and the rest of the input is guest memory that contains the
 * descriptor table, the available ring and the used ring, in that order.
 * With bit 7 set, byte 1 counts the 6-byte virtio-mmio register accesses
 * that follow, and the rest of the input is guest memory. A QueueNotify
 * drains the queue.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <nanvix/virtio.h>

#include "log.h"
#include "virtio_mmio.h"
#include "virtq.h"

#define GUEST_GPA 0x10000ull
#define GUEST_SIZE 0x3000ull
#define MAX_OPS 64

static uint8_t guest[GUEST_SIZE];

/*
 * Stubs for log.c, because virtio_mmio.c logs every invalid layout and a
 * fuzzing run would print millions of lines.
 */
void log_error(const char *fmt, ...)
{
	(void)fmt;
}

void log_debug(const char *fmt, ...)
{
	(void)fmt;
}

static void check_chain(const struct virtq *vq, const struct virtq_chain *c)
{
	if (c->head >= vq->num || c->count == 0 || c->count > VIRTQ_CHAIN_MAX)
		__builtin_trap();
	for (unsigned i = 0; i < c->count; i++) {
		const struct virtq_buf *b = &c->buf[i];

		if (b->host < guest || b->host > guest + GUEST_SIZE ||
		    b->len > (size_t)(guest + GUEST_SIZE - b->host))
			__builtin_trap();
		/* Touch both ends so AddressSanitizer checks the range. */
		if (b->len) {
			b->host[0] ^= 0;
			b->host[b->len - 1] ^= 0;
		}
	}
}

/*
 * Pop and complete chains as the console device does, until the queue is
 * empty. The budget turns a virtq_pop that keeps returning -1, which
 * would hang the console device, into a crash the fuzzer reports.
 */
static void drain(struct virtq *vq, const struct gmem *mem)
{
	struct virtq_chain chain;
	unsigned budget = 2u * vq->num + 2;
	int r;

	while ((r = virtq_pop(vq, mem, &chain)) != 0) {
		if (!budget--)
			__builtin_trap();
		if (r < 0)
			continue;
		check_chain(vq, &chain);
		virtq_push(vq, mem, chain.head, chain.buf[0].len);
	}
}

static void fuzz_queue(const uint8_t *data, size_t size, struct gmem *mem)
{
	struct virtq vq = { .ready = 1 };
	uint64_t gpa = GUEST_GPA;

	vq.num = (uint16_t)(1u << (data[0] % 9));
	memcpy(&vq.last_avail, data + 1, 2);
	memcpy(&vq.used_idx, data + 3, 2);
	memcpy(guest, data + 5, size - 5 < GUEST_SIZE ? size - 5 : GUEST_SIZE);
	vq.desc_gpa = gpa;
	gpa += sizeof(struct virtq_desc) * vq.num;
	vq.avail_gpa = gpa;
	gpa += sizeof(struct virtq_avail) + 2ull * vq.num + 2;
	vq.used_gpa = (gpa + 3) & ~3ull;
	if (!virtq_check(&vq, mem))
		__builtin_trap();
	drain(&vq, mem);
}

static void on_notify(struct virtio_mmio *dev, unsigned queue)
{
	drain(&dev->queue[queue], dev->mem);
}

static void on_reset(struct virtio_mmio *dev)
{
	(void)dev;
}

static const struct virtio_device_ops ops = {
	.notify = on_notify,
	.reset = on_reset,
};

/* Each access: offset/4 and read flag, 4-byte value, width selector. */
static void fuzz_mmio(const uint8_t *data, size_t size, struct gmem *mem)
{
	struct virtio_mmio dev;
	size_t nops = data[1] % (MAX_OPS + 1), pos = 2;

	if (size < pos + 6 * nops)
		return;
	memcpy(guest, data + pos + 6 * nops,
	       size - pos - 6 * nops < GUEST_SIZE ? size - pos - 6 * nops
						  : GUEST_SIZE);
	virtio_mmio_init(&dev, VIRTIO_ID_CONSOLE, 0, mem, &ops, NULL);
	for (size_t i = 0; i < nops; i++, pos += 6) {
		const uint8_t *op = data + pos;
		uint64_t offset = (uint64_t)(op[0] & 0x7f) * 4;
		uint32_t value, len = op[5] & 1 ? 4 : (uint32_t)(op[5] & 0xe);

		memcpy(&value, op + 1, 4);
		if (op[0] & 0x80)
			(void)virtio_mmio_read(&dev, offset, len);
		else
			virtio_mmio_write(&dev, offset, value, len);
		for (unsigned q = 0; q < VIRTIO_MMIO_QUEUES; q++)
			if (dev.queue[q].ready &&
			    !virtq_check(&dev.queue[q], mem))
				__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gmem mem = { .count = 0 };

	if (size < 5)
		return 0;
	memset(guest, 0, GUEST_SIZE);
	gmem_add(&mem, GUEST_GPA, GUEST_SIZE, guest);
	if (data[0] & 0x80)
		fuzz_mmio(data, size, &mem);
	else
		fuzz_queue(data, size, &mem);
	return 0;
}
