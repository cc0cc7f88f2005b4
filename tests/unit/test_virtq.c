/* Unit tests for the macrokernel's split virtqueue bookkeeping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "nanvix/ring.h"
#include "virtq.h"

/* A device model reduced to what the tests need: pop avail, push used. */
struct fake_dev {
	struct virtq_mem *mem;
	uint16_t num;
	uint16_t last_avail;
};

static struct virtq_mem mem;
static struct virtq q;
static struct fake_dev dev;
static int tokens[VIRTQ_MAX * 2];

static int setup_queue(uint16_t num)
{
	dev.mem = &mem;
	dev.num = num;
	dev.last_avail = 0;
	return virtq_init(&q, &mem, num);
}

/* Take the next available chain head, or -1 if there is none. */
static int dev_pop(struct fake_dev *d)
{
	uint16_t idx = __atomic_load_n(&d->mem->avail.idx, __ATOMIC_ACQUIRE);
	uint16_t head;

	if (idx == d->last_avail)
		return -1;
	head = d->mem->avail.ring[d->last_avail & (d->num - 1)];
	d->last_avail++;
	return head;
}

static void dev_push(struct fake_dev *d, uint32_t id, uint32_t len)
{
	struct virtq_used_area *u = &d->mem->used;

	u->ring[u->idx & (d->num - 1)].id = id;
	u->ring[u->idx & (d->num - 1)].len = len;
	__atomic_store_n(&u->idx, (uint16_t)(u->idx + 1), __ATOMIC_RELEASE);
}

static struct virtq_seg seg_out(uint64_t addr, uint32_t len)
{
	struct virtq_seg s = { addr, len, false };

	return s;
}

static void init_rejects_bad_sizes(void **state)
{
	(void)state;
	assert_int_equal(setup_queue(0), -NX_EINVAL);
	assert_int_equal(setup_queue(3), -NX_EINVAL);
	assert_int_equal(setup_queue(VIRTQ_MAX * 2), -NX_EINVAL);
	assert_int_equal(setup_queue(1), 0);
	assert_int_equal(setup_queue(VIRTQ_MAX), 0);
}

static void init_sets_no_interrupt(void **state)
{
	(void)state;
	assert_int_equal(setup_queue(8), 0);
	assert_int_equal(mem.avail.flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
	assert_int_equal(mem.avail.idx, 0);
	assert_int_equal(q.free_count, 8);
}

static void add_rejects_bad_args(void **state)
{
	struct virtq_seg s = seg_out(0x1000, 16);

	(void)state;
	assert_int_equal(setup_queue(8), 0);
	assert_int_equal(virtq_add(&q, &s, 0, &tokens[0]), -NX_EINVAL);
	assert_int_equal(virtq_add(&q, &s, 1, NULL), -NX_EINVAL);
	assert_int_equal(q.free_count, 8);
	assert_int_equal(mem.avail.idx, 0);
}

static void add_links_chain(void **state)
{
	struct virtq_seg s[3] = {
		seg_out(0x1000, 32),
		seg_out(0x2000, 100),
		{ 0x3000, 4096, true },
	};
	struct virtq_desc *d;
	int head;

	(void)state;
	assert_int_equal(setup_queue(8), 0);
	assert_int_equal(virtq_add(&q, s, 3, &tokens[0]), 0);
	assert_int_equal(q.free_count, 5);
	assert_int_equal(mem.avail.idx, 1);

	head = dev_pop(&dev);
	assert_true(head >= 0);
	d = &mem.desc[head];
	assert_int_equal(d->addr, 0x1000);
	assert_int_equal(d->len, 32);
	assert_int_equal(d->flags, VIRTQ_DESC_F_NEXT);
	d = &mem.desc[d->next];
	assert_int_equal(d->addr, 0x2000);
	assert_int_equal(d->len, 100);
	assert_int_equal(d->flags, VIRTQ_DESC_F_NEXT);
	d = &mem.desc[d->next];
	assert_int_equal(d->addr, 0x3000);
	assert_int_equal(d->len, 4096);
	assert_int_equal(d->flags, VIRTQ_DESC_F_WRITE);
}

static void harvest_returns_token_and_len(void **state)
{
	struct virtq_seg s[2] = { seg_out(0x1000, 32), seg_out(0x2000, 8) };
	void *token = NULL;
	uint32_t len = 0;
	int head;

	(void)state;
	assert_int_equal(setup_queue(8), 0);
	assert_int_equal(virtq_harvest(&q, &token, &len), 0);
	assert_false(virtq_has_used(&q));

	assert_int_equal(virtq_add(&q, s, 2, &tokens[7]), 0);
	head = dev_pop(&dev);
	dev_push(&dev, (uint32_t)head, 77);
	assert_true(virtq_has_used(&q));
	assert_int_equal(virtq_harvest(&q, &token, &len), 1);
	assert_ptr_equal(token, &tokens[7]);
	assert_int_equal(len, 77);
	assert_int_equal(q.free_count, 8);
	assert_false(virtq_has_used(&q));
	assert_int_equal(virtq_harvest(&q, &token, &len), 0);
}

static void exhaustion_and_recovery(void **state)
{
	struct virtq_seg s[3] = { seg_out(1, 1), seg_out(2, 2), seg_out(3, 3) };
	void *token;
	uint32_t len;
	int i, head;

	(void)state;
	assert_int_equal(setup_queue(8), 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(virtq_add(&q, s, 1, &tokens[i]), 0);
	assert_int_equal(q.free_count, 0);
	assert_int_equal(virtq_add(&q, s, 1, &tokens[8]), -NX_EAGAIN);
	assert_int_equal(mem.avail.idx, 8);

	/* Two freed descriptors are not enough for a chain of three. */
	for (i = 0; i < 2; i++) {
		head = dev_pop(&dev);
		dev_push(&dev, (uint32_t)head, 0);
		assert_int_equal(virtq_harvest(&q, &token, &len), 1);
	}
	assert_int_equal(virtq_add(&q, s, 3, &tokens[8]), -NX_EAGAIN);
	assert_int_equal(virtq_add(&q, s, 2, &tokens[8]), 0);
	assert_int_equal(q.free_count, 0);
}

static void out_of_order_use(void **state)
{
	struct virtq_seg s[2] = { seg_out(1, 1), seg_out(2, 2) };
	int heads[4];
	void *token;
	uint32_t len;
	int i;

	(void)state;
	assert_int_equal(setup_queue(8), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(virtq_add(&q, s, 2, &tokens[i]), 0);
		heads[i] = dev_pop(&dev);
	}
	for (i = 3; i >= 0; i--)
		dev_push(&dev, (uint32_t)heads[i], (uint32_t)i);
	for (i = 3; i >= 0; i--) {
		assert_int_equal(virtq_harvest(&q, &token, &len), 1);
		assert_ptr_equal(token, &tokens[i]);
		assert_int_equal(len, i);
	}
	assert_int_equal(q.free_count, 8);

	/* The rebuilt free list must hand out all eight descriptors. */
	for (i = 0; i < 8; i++)
		assert_int_equal(virtq_add(&q, s, 1, &tokens[i]), 0);
	assert_int_equal(virtq_add(&q, s, 1, &tokens[8]), -NX_EAGAIN);
}

static void idx_wraps_around(void **state)
{
	struct virtq_seg s[3] = { seg_out(1, 1), seg_out(2, 2), seg_out(3, 3) };
	const uint32_t rounds = 70000; /* more than 65536: both idx wrap */
	void *token;
	uint32_t i, len;
	unsigned nseg;
	int head;

	(void)state;
	assert_int_equal(setup_queue(4), 0);
	for (i = 0; i < rounds; i++) {
		nseg = 1 + i % 3;
		assert_int_equal(virtq_add(&q, s, nseg, &tokens[i % 4]), 0);
		head = dev_pop(&dev);
		assert_true(head >= 0 && head < 4);
		dev_push(&dev, (uint32_t)head, i);
		assert_int_equal(virtq_harvest(&q, &token, &len), 1);
		assert_ptr_equal(token, &tokens[i % 4]);
		assert_int_equal(len, i);
		assert_int_equal(q.free_count, 4);
	}
	assert_int_equal(mem.avail.idx, (uint16_t)rounds);
	assert_int_equal(mem.used.idx, (uint16_t)rounds);
	assert_int_equal(virtq_harvest(&q, &token, &len), 0);
}

static void harvest_rejects_bad_ids(void **state)
{
	struct virtq_seg s = seg_out(1, 1);
	void *token = NULL;
	uint32_t len;
	int head;

	(void)state;
	assert_int_equal(setup_queue(8), 0);
	assert_int_equal(virtq_add(&q, &s, 1, &tokens[0]), 0);
	head = dev_pop(&dev);

	dev_push(&dev, 8, 0); /* past the queue */
	assert_int_equal(virtq_harvest(&q, &token, &len), -NX_EIO);
	dev_push(&dev, 0xffffffffu, 0);
	assert_int_equal(virtq_harvest(&q, &token, &len), -NX_EIO);
	dev_push(&dev, (uint32_t)(head + 1) % 8, 0); /* not in flight */
	assert_int_equal(virtq_harvest(&q, &token, &len), -NX_EIO);
	assert_int_equal(q.free_count, 7);

	/* The bad elements were skipped; the real one still harvests. */
	dev_push(&dev, (uint32_t)head, 5);
	assert_int_equal(virtq_harvest(&q, &token, &len), 1);
	assert_ptr_equal(token, &tokens[0]);
	dev_push(&dev, (uint32_t)head, 5); /* used twice */
	assert_int_equal(virtq_harvest(&q, &token, &len), -NX_EIO);
	assert_int_equal(q.free_count, 8);
}

static void notify_follows_flags(void **state)
{
	struct virtq_seg s = seg_out(1, 1);

	(void)state;
	assert_int_equal(setup_queue(8), 0);
	assert_false(virtq_notify_needed(&q));
	assert_int_equal(virtq_add(&q, &s, 1, &tokens[0]), 0);
	assert_int_equal(virtq_add(&q, &s, 1, &tokens[1]), 0);
	assert_true(virtq_notify_needed(&q));
	assert_false(virtq_notify_needed(&q));

	mem.used.flags = VIRTQ_USED_F_NO_NOTIFY;
	assert_int_equal(virtq_add(&q, &s, 1, &tokens[2]), 0);
	assert_false(virtq_notify_needed(&q));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_rejects_bad_sizes),
		cmocka_unit_test(init_sets_no_interrupt),
		cmocka_unit_test(add_rejects_bad_args),
		cmocka_unit_test(add_links_chain),
		cmocka_unit_test(harvest_returns_token_and_len),
		cmocka_unit_test(exhaustion_and_recovery),
		cmocka_unit_test(out_of_order_use),
		cmocka_unit_test(idx_wraps_around),
		cmocka_unit_test(harvest_rejects_bad_ids),
		cmocka_unit_test(notify_follows_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
