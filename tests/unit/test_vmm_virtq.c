/*
 * Unit tests for the VMM's device side of virtio: split virtqueue
 * bookkeeping on hostile rings (virtq.c) and the virtio-mmio register file
 * (virtio_mmio.c). The driver's memory is a plain buffer behind a struct
 * gmem, written by the tests as a guest would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <nanvix/virtio.h>

#include "virtio_mmio.h"
#include "virtq.h"

#define GUEST_GPA 0x10000ull
#define GUEST_SIZE 0x10000ull
#define DESC_GPA 0x10000ull
#define AVAIL_GPA 0x11000ull
#define USED_GPA 0x12000ull
#define BUF_GPA 0x13000ull
#define NUM 32

static uint8_t *guest;
static struct gmem mem;
static struct virtq vq;
static struct virtio_mmio dev;
static unsigned notified, resets;

static void *host(uint64_t gpa)
{
	return guest + (gpa - GUEST_GPA);
}

static struct virtq_desc *desc(void)
{
	return host(DESC_GPA);
}

static struct virtq_avail *avail(void)
{
	return host(AVAIL_GPA);
}

static struct virtq_used *used(void)
{
	return host(USED_GPA);
}

static int guest_setup(void **state)
{
	(void)state;
	guest = calloc(1, GUEST_SIZE);
	if (!guest)
		return -1;
	mem.count = 0;
	gmem_add(&mem, GUEST_GPA, GUEST_SIZE, guest);
	vq = (struct virtq){
		.num = NUM,
		.ready = 1,
		.desc_gpa = DESC_GPA,
		.avail_gpa = AVAIL_GPA,
		.used_gpa = USED_GPA,
	};
	return 0;
}

static int guest_teardown(void **state)
{
	(void)state;
	free(guest);
	return 0;
}

static void set_desc(uint16_t i, uint64_t addr, uint32_t len, uint16_t flags,
		     uint16_t next)
{
	desc()[i] = (struct virtq_desc){
		.addr = addr,
		.len = len,
		.flags = flags,
		.next = next,
	};
}

/* Make head available the way a driver does. */
static void offer(uint16_t head)
{
	avail()->ring[avail()->idx % NUM] = head;
	avail()->idx++;
}

static void pop_empty(void **state)
{
	struct virtq_chain chain;

	(void)state;
	assert_int_equal(virtq_pop(&vq, &mem, &chain), 0);
}

static void pop_not_ready(void **state)
{
	struct virtq_chain chain;

	(void)state;
	set_desc(0, BUF_GPA, 16, 0, 0);
	offer(0);
	vq.ready = 0;
	assert_int_equal(virtq_pop(&vq, &mem, &chain), 0);
}

static void pop_chain(void **state)
{
	struct virtq_chain chain;

	(void)state;
	set_desc(3, BUF_GPA, 16, VIRTQ_DESC_F_NEXT, 7);
	set_desc(7, BUF_GPA + 0x100, 64, VIRTQ_DESC_F_WRITE, 0);
	offer(3);
	assert_int_equal(virtq_pop(&vq, &mem, &chain), 1);
	assert_int_equal(chain.head, 3);
	assert_int_equal(chain.count, 2);
	assert_ptr_equal(chain.buf[0].host, host(BUF_GPA));
	assert_int_equal(chain.buf[0].len, 16);
	assert_false(chain.buf[0].writable);
	assert_ptr_equal(chain.buf[1].host, host(BUF_GPA + 0x100));
	assert_int_equal(chain.buf[1].len, 64);
	assert_true(chain.buf[1].writable);
	assert_int_equal(virtq_pop(&vq, &mem, &chain), 0);
}

static void push_used(void **state)
{
	(void)state;
	virtq_push(&vq, &mem, 5, 123);
	assert_int_equal(used()->idx, 1);
	assert_int_equal(used()->ring[0].id, 5);
	assert_int_equal(used()->ring[0].len, 123);
	virtq_push(&vq, &mem, 6, 0);
	assert_int_equal(used()->idx, 2);
	assert_int_equal(used()->ring[1].id, 6);
}

static void idx_wraparound(void **state)
{
	struct virtq_chain chain;

	(void)state;
	vq.last_avail = vq.used_idx = 0xfffe;
	avail()->idx = 0xfffe;
	for (uint16_t i = 0; i < 4; i++) {
		set_desc(i, BUF_GPA + i * 0x10, 0x10, 0, 0);
		offer(i);
	}
	assert_int_equal(avail()->idx, 2);
	for (uint16_t i = 0; i < 4; i++) {
		assert_int_equal(virtq_pop(&vq, &mem, &chain), 1);
		assert_int_equal(chain.head, i);
		virtq_push(&vq, &mem, chain.head, i);
	}
	assert_int_equal(virtq_pop(&vq, &mem, &chain), 0);
	assert_int_equal(vq.last_avail, 2);
	assert_int_equal(used()->idx, 2);
	assert_int_equal(used()->ring[0xffff % NUM].id, 1);
	assert_int_equal(used()->ring[0].id, 2);
}

static void head_out_of_range(void **state)
{
	struct virtq_chain chain;

	(void)state;
	offer(NUM);
	assert_int_equal(virtq_pop(&vq, &mem, &chain), -1);
	assert_int_equal(vq.last_avail, 1);
	assert_int_equal(virtq_pop(&vq, &mem, &chain), 0);
}

static void next_out_of_range(void **state)
{
	struct virtq_chain chain;

	(void)state;
	set_desc(0, BUF_GPA, 8, VIRTQ_DESC_F_NEXT, 0xffff);
	offer(0);
	assert_int_equal(virtq_pop(&vq, &mem, &chain), -1);
}

static void chain_loop(void **state)
{
	struct virtq_chain chain;

	(void)state;
	set_desc(0, BUF_GPA, 8, VIRTQ_DESC_F_NEXT, 1);
	set_desc(1, BUF_GPA, 8, VIRTQ_DESC_F_NEXT, 0);
	offer(0);
	assert_int_equal(virtq_pop(&vq, &mem, &chain), -1);
	assert_int_equal(chain.count, VIRTQ_CHAIN_MAX);
}

static void self_loop(void **state)
{
	struct virtq_chain chain;

	(void)state;
	set_desc(4, BUF_GPA, 8, VIRTQ_DESC_F_NEXT, 4);
	offer(4);
	assert_int_equal(virtq_pop(&vq, &mem, &chain), -1);
}

static void chain_max_accepted(void **state)
{
	struct virtq_chain chain;
	uint16_t i;

	(void)state;
	for (i = 0; i < VIRTQ_CHAIN_MAX - 1; i++)
		set_desc(i, BUF_GPA, 8, VIRTQ_DESC_F_NEXT, i + 1);
	set_desc(i, BUF_GPA, 8, 0, 0);
	offer(0);
	assert_int_equal(virtq_pop(&vq, &mem, &chain), 1);
	assert_int_equal(chain.count, VIRTQ_CHAIN_MAX);
}

static void chain_over_max(void **state)
{
	struct virtq_chain chain;
	uint16_t i;

	(void)state;
	for (i = 0; i < VIRTQ_CHAIN_MAX; i++)
		set_desc(i, BUF_GPA, 8, VIRTQ_DESC_F_NEXT, i + 1);
	set_desc(i, BUF_GPA, 8, 0, 0);
	offer(0);
	assert_int_equal(virtq_pop(&vq, &mem, &chain), -1);
}

static void buffer_outside_memory(void **state)
{
	struct virtq_chain chain;

	(void)state;
	set_desc(0, GUEST_GPA + GUEST_SIZE, 1, 0, 0);
	set_desc(1, GUEST_GPA + GUEST_SIZE - 8, 9, 0, 0);
	set_desc(2, UINT64_MAX - 7, 16, 0, 0);
	set_desc(3, GUEST_GPA - 1, 4, 0, 0);
	for (uint16_t i = 0; i < 4; i++) {
		offer(i);
		assert_int_equal(virtq_pop(&vq, &mem, &chain), -1);
	}
}

static void buffer_at_end(void **state)
{
	struct virtq_chain chain;

	(void)state;
	set_desc(0, GUEST_GPA + GUEST_SIZE - 8, 8, 0, 0);
	offer(0);
	assert_int_equal(virtq_pop(&vq, &mem, &chain), 1);
}

static void avail_idx_jump(void **state)
{
	struct virtq_chain chain;

	(void)state;
	avail()->idx = NUM + 1;
	assert_int_equal(virtq_pop(&vq, &mem, &chain), -1);
	/* The queue stops, so a caller retrying on -1 cannot spin. */
	assert_false(vq.ready);
	assert_int_equal(virtq_pop(&vq, &mem, &chain), 0);
}

static void avail_idx_behind(void **state)
{
	struct virtq_chain chain;

	(void)state;
	avail()->idx = (uint16_t)(vq.last_avail - 1);
	assert_int_equal(virtq_pop(&vq, &mem, &chain), -1);
	assert_false(vq.ready);
}

static void avail_idx_full(void **state)
{
	struct virtq_chain chain;

	(void)state;
	set_desc(0, BUF_GPA, 8, 0, 0);
	avail()->idx = NUM;
	for (int i = 0; i < NUM; i++)
		assert_int_equal(virtq_pop(&vq, &mem, &chain), 1);
	assert_int_equal(virtq_pop(&vq, &mem, &chain), 0);
}

static void check_layout(void **state)
{
	(void)state;
	assert_true(virtq_check(&vq, &mem));
	vq.num = 0;
	assert_false(virtq_check(&vq, &mem));
	vq.num = 24;
	assert_false(virtq_check(&vq, &mem));
	vq.num = VIRTQ_NUM_MAX * 2;
	assert_false(virtq_check(&vq, &mem));
	vq.num = NUM;
	vq.used_gpa = GUEST_GPA + GUEST_SIZE - 8;
	assert_false(virtq_check(&vq, &mem));
	vq.used_gpa = USED_GPA;
	vq.desc_gpa = GUEST_GPA + GUEST_SIZE - 16 * NUM + 1;
	assert_false(virtq_check(&vq, &mem));
	vq.desc_gpa = DESC_GPA;
	vq.avail_gpa = UINT64_MAX - 4;
	assert_false(virtq_check(&vq, &mem));
}

/* virtio-mmio */

static void on_notify(struct virtio_mmio *d, unsigned queue)
{
	(void)d;
	notified |= 1u << queue;
}

static void on_reset(struct virtio_mmio *d)
{
	(void)d;
	resets++;
}

static const struct virtio_device_ops ops = {
	.notify = on_notify,
	.reset = on_reset,
};

static int mmio_setup(void **state)
{
	if (guest_setup(state))
		return -1;
	notified = resets = 0;
	virtio_mmio_init(&dev, VIRTIO_ID_CONSOLE, 0x5, &mem, &ops, NULL);
	return 0;
}

static uint32_t rd(uint64_t off)
{
	return virtio_mmio_read(&dev, off, 4);
}

static void wr(uint64_t off, uint32_t value)
{
	virtio_mmio_write(&dev, off, value, 4);
}

/* Set up queue q with the fixture's layout and num entries. */
static void setup_queue(uint32_t q, uint32_t num, uint64_t desc_gpa)
{
	wr(VIRTIO_MMIO_QUEUE_SEL, q);
	wr(VIRTIO_MMIO_QUEUE_NUM, num);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc_gpa);
	wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc_gpa >> 32));
	wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)AVAIL_GPA);
	wr(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
	wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)USED_GPA);
	wr(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
}

static void accept_version_1(void)
{
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1u << (VIRTIO_F_VERSION_1 - 32));
}

static void mmio_identity(void **state)
{
	(void)state;
	assert_int_equal(rd(VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
	assert_int_equal(rd(VIRTIO_MMIO_VERSION_REG), 2);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_CONSOLE);
	assert_int_equal(rd(VIRTIO_MMIO_VENDOR_ID), VIRTIO_VENDOR_NANVIX);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), VIRTQ_NUM_MAX);
	assert_int_equal(rd(VIRTIO_MMIO_CONFIG), 0);
}

static void mmio_bad_width(void **state)
{
	(void)state;
	assert_int_equal(virtio_mmio_read(&dev, VIRTIO_MMIO_MAGIC_VALUE, 2), 0);
	assert_int_equal(virtio_mmio_read(&dev, VIRTIO_MMIO_MAGIC_VALUE, 8), 0);
	assert_int_equal(virtio_mmio_read(&dev, VIRTIO_MMIO_MAGIC_VALUE + 1, 4),
			 0);
	virtio_mmio_write(&dev, VIRTIO_MMIO_STATUS, 1, 2);
	virtio_mmio_write(&dev, VIRTIO_MMIO_STATUS + 2, 1, 4);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 0);
}

static void mmio_device_features(void **state)
{
	(void)state;
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_FEATURES), 0x5);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_FEATURES),
			 1u << (VIRTIO_F_VERSION_1 - 32));
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_FEATURES), 0);
}

static void mmio_driver_features_masked(void **state)
{
	(void)state;
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 0xff);
	assert_int_equal(dev.driver_features, 0x5);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 0xffffffff);
	assert_int_equal(dev.driver_features,
			 0x5 | (1ull << VIRTIO_F_VERSION_1));
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 2);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 0xffffffff);
	assert_int_equal(dev.driver_features,
			 0x5 | (1ull << VIRTIO_F_VERSION_1));
}

static void mmio_features_ok_needs_v1(void **state)
{
	const uint32_t status = VIRTIO_STATUS_ACKNOWLEDGE |
				VIRTIO_STATUS_DRIVER |
				VIRTIO_STATUS_FEATURES_OK;

	(void)state;
	wr(VIRTIO_MMIO_STATUS, status);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS),
			 status & ~VIRTIO_STATUS_FEATURES_OK);
	accept_version_1();
	wr(VIRTIO_MMIO_STATUS, status);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), status);
}

static void mmio_queue_setup(void **state)
{
	(void)state;
	setup_queue(1, NUM, DESC_GPA);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 1);
	assert_int_equal(dev.queue[1].num, NUM);
	assert_int_equal(dev.queue[1].desc_gpa, DESC_GPA);
	assert_int_equal(dev.queue[1].avail_gpa, AVAIL_GPA);
	assert_int_equal(dev.queue[1].used_gpa, USED_GPA);
	assert_false(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	wr(VIRTIO_MMIO_QUEUE_SEL, 0);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);
}

static void mmio_queue_outside_memory(void **state)
{
	(void)state;
	setup_queue(0, NUM, 0x100000000ull + DESC_GPA);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	assert_true(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

static void mmio_queue_bad_num(void **state)
{
	(void)state;
	setup_queue(0, 24, DESC_GPA);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	assert_true(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

static void mmio_queue_num_over_max(void **state)
{
	(void)state;
	setup_queue(0, VIRTQ_NUM_MAX * 2, DESC_GPA);
	assert_int_equal(dev.queue[0].num, 0);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);
}

static void mmio_live_queue_locked(void **state)
{
	(void)state;
	setup_queue(0, NUM, DESC_GPA);
	wr(VIRTIO_MMIO_QUEUE_NUM, 4);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, 0);
	assert_int_equal(dev.queue[0].num, NUM);
	assert_int_equal(dev.queue[0].desc_gpa, DESC_GPA);
	wr(VIRTIO_MMIO_QUEUE_READY, 0);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);
}

static void mmio_queue_sel_out_of_range(void **state)
{
	(void)state;
	wr(VIRTIO_MMIO_QUEUE_SEL, VIRTIO_MMIO_QUEUES);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	wr(VIRTIO_MMIO_QUEUE_NUM, NUM);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	assert_int_equal(dev.queue[0].num, 0);
	assert_int_equal(dev.queue[1].num, 0);
}

static void mmio_notify(void **state)
{
	(void)state;
	setup_queue(1, NUM, DESC_GPA);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(notified, 0);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_DRIVER_OK);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_MMIO_QUEUES);
	assert_int_equal(notified, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(notified, 2);
}

static void mmio_no_notify_after_failure(void **state)
{
	(void)state;
	setup_queue(1, NUM, DESC_GPA);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_FAILED);
	assert_false(virtio_mmio_live(&dev));
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(notified, 0);
}

static void mmio_reset(void **state)
{
	(void)state;
	accept_version_1();
	setup_queue(1, NUM, DESC_GPA);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_DRIVER_OK);
	wr(VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(resets, 1);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 0);
	assert_int_equal(dev.driver_features, 0);
	assert_int_equal(dev.queue_sel, 0);
	assert_int_equal(dev.queue[1].ready, 0);
	assert_int_equal(dev.queue[1].num, 0);
	assert_int_equal(dev.device_id, VIRTIO_ID_CONSOLE);
}

/* After NEEDS_RESET, a reset and a valid layout bring the queue up. */
static void mmio_recover_after_reset(void **state)
{
	(void)state;
	setup_queue(0, NUM, 0x100000000ull);
	assert_true(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	wr(VIRTIO_MMIO_STATUS, 0);
	setup_queue(0, NUM, DESC_GPA);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 1);
	assert_false(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

#define VQ_TEST(f)                                                             \
	cmocka_unit_test_setup_teardown(f, guest_setup, guest_teardown)
#define MMIO_TEST(f)                                                           \
	cmocka_unit_test_setup_teardown(f, mmio_setup, guest_teardown)

int main(void)
{
	const struct CMUnitTest virtq_tests[] = {
		VQ_TEST(pop_empty),	    VQ_TEST(pop_not_ready),
		VQ_TEST(pop_chain),	    VQ_TEST(push_used),
		VQ_TEST(idx_wraparound),    VQ_TEST(head_out_of_range),
		VQ_TEST(next_out_of_range), VQ_TEST(chain_loop),
		VQ_TEST(self_loop),	    VQ_TEST(chain_max_accepted),
		VQ_TEST(chain_over_max),    VQ_TEST(buffer_outside_memory),
		VQ_TEST(buffer_at_end),	    VQ_TEST(avail_idx_jump),
		VQ_TEST(avail_idx_behind),  VQ_TEST(avail_idx_full),
		VQ_TEST(check_layout),
	};
	const struct CMUnitTest mmio_tests[] = {
		MMIO_TEST(mmio_identity),
		MMIO_TEST(mmio_bad_width),
		MMIO_TEST(mmio_device_features),
		MMIO_TEST(mmio_driver_features_masked),
		MMIO_TEST(mmio_features_ok_needs_v1),
		MMIO_TEST(mmio_queue_setup),
		MMIO_TEST(mmio_queue_outside_memory),
		MMIO_TEST(mmio_queue_bad_num),
		MMIO_TEST(mmio_queue_num_over_max),
		MMIO_TEST(mmio_live_queue_locked),
		MMIO_TEST(mmio_queue_sel_out_of_range),
		MMIO_TEST(mmio_notify),
		MMIO_TEST(mmio_no_notify_after_failure),
		MMIO_TEST(mmio_reset),
		MMIO_TEST(mmio_recover_after_reset),
	};
	int failed;

	failed = cmocka_run_group_tests_name("vmm_virtq", virtq_tests, NULL,
					     NULL);
	failed += cmocka_run_group_tests_name("virtio_mmio", mmio_tests, NULL,
					      NULL);
	return failed;
}
