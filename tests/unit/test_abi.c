/*
 * Layout of the structures that cross a VM boundary. The headers carry
 * _Static_asserts on sizes and a few offsets. These tests pin every field,
 * so a reordering shows up as a named failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <nanvix/abi.h>
#include <nanvix/console.h>
#include <nanvix/ring.h>
#include <nanvix/virtio.h>

#define CACHE_LINE 64

static void bootinfo_layout(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct nx_bootinfo, magic), 0);
	assert_int_equal(offsetof(struct nx_bootinfo, abi_version), 4);
	assert_int_equal(offsetof(struct nx_bootinfo, kind), 8);
	assert_int_equal(offsetof(struct nx_bootinfo, pid), 12);
	assert_int_equal(offsetof(struct nx_bootinfo, ram_size), 16);
	assert_int_equal(offsetof(struct nx_bootinfo, tsc_khz), 24);
	assert_int_equal(offsetof(struct nx_bootinfo, realtime_ns), 32);
	assert_int_equal(offsetof(struct nx_bootinfo, monotonic_ns), 40);
	assert_int_equal(offsetof(struct nx_bootinfo, entry), 48);
	assert_int_equal(offsetof(struct nx_bootinfo, image_end), 56);
	assert_int_equal(offsetof(struct nx_bootinfo, stack_low), 64);
	assert_int_equal(offsetof(struct nx_bootinfo, stack_top), 72);
	assert_int_equal(offsetof(struct nx_bootinfo, initial_sp), 80);
	assert_int_equal(offsetof(struct nx_bootinfo, ring_gpa), 88);
	assert_int_equal(offsetof(struct nx_bootinfo, ring_size), 96);
	assert_int_equal(offsetof(struct nx_bootinfo, arena_gpa), 104);
	assert_int_equal(offsetof(struct nx_bootinfo, max_uservms), 112);
	assert_int_equal(offsetof(struct nx_bootinfo, virtio_slots), 116);
	assert_int_equal(offsetof(struct nx_bootinfo, virtio_gpa), 120);
	assert_int_equal(sizeof(struct nx_bootinfo), 128);
}

static void req_layout(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct nx_req, tag), 0);
	assert_int_equal(offsetof(struct nx_req, call), 8);
	assert_int_equal(offsetof(struct nx_req, fd), 12);
	assert_int_equal(offsetof(struct nx_req, arg), 16);
	assert_int_equal(offsetof(struct nx_req, data_off), 32);
	assert_int_equal(offsetof(struct nx_req, data_len), 36);
	assert_int_equal(offsetof(struct nx_req, reserved), 40);
	assert_int_equal(sizeof(struct nx_req), 64);
}

static void cpl_layout(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct nx_cpl, tag), 0);
	assert_int_equal(offsetof(struct nx_cpl, result), 8);
	assert_int_equal(offsetof(struct nx_cpl, data_off), 16);
	assert_int_equal(offsetof(struct nx_cpl, data_len), 20);
	assert_int_equal(offsetof(struct nx_cpl, reserved), 24);
	assert_int_equal(sizeof(struct nx_cpl), 32);
}

/* Cursors of the two sides sit in different cache lines. */
static void ring_hdr_cursors(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct nx_ring_hdr, sq_tail), 64);
	assert_int_equal(offsetof(struct nx_ring_hdr, cq_head), 68);
	assert_int_equal(offsetof(struct nx_ring_hdr, user_waiting), 72);
	assert_int_equal(offsetof(struct nx_ring_hdr, sq_head), 128);
	assert_int_equal(offsetof(struct nx_ring_hdr, cq_tail), 132);
	assert_int_equal(offsetof(struct nx_ring_hdr, sys_waiting), 136);
	assert_int_equal(sizeof(struct nx_ring_hdr), 192);
	assert_int_not_equal(
		offsetof(struct nx_ring_hdr, user_waiting) / CACHE_LINE,
		offsetof(struct nx_ring_hdr, sq_head) / CACHE_LINE);
	assert_int_not_equal(
		offsetof(struct nx_ring_hdr, credit_bytes) / CACHE_LINE,
		offsetof(struct nx_ring_hdr, sq_tail) / CACHE_LINE);
}

static void ring_layout(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct nx_ring, sq), NX_RING_HDR_SIZE);
	assert_int_equal(offsetof(struct nx_ring, cq),
			 NX_RING_HDR_SIZE + NX_RING_ENTRIES * 64);
	assert_int_equal(offsetof(struct nx_ring, data), NX_RING_DATA_OFF);
	assert_int_equal(sizeof(struct nx_ring), NX_RING_SIZE);
	assert_true(NX_CREDIT_BYTES <= NX_RING_DATA_SIZE);
}

static void con_frame_layout(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct nx_con_frame, kind), 0);
	assert_int_equal(offsetof(struct nx_con_frame, slot), 4);
	assert_int_equal(offsetof(struct nx_con_frame, generation), 8);
	assert_int_equal(offsetof(struct nx_con_frame, fd), 12);
	assert_int_equal(offsetof(struct nx_con_frame, len), 16);
	assert_int_equal(sizeof(struct nx_con_frame), 32);
}

static void sysctl_layout(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct nx_sysctl, magic), 0);
	assert_int_equal(offsetof(struct nx_sysctl, nslots), 4);
	assert_int_equal(offsetof(struct nx_sysctl, shutdown), 8);
	assert_int_equal(offsetof(struct nx_sysctl, slot), 16);
	assert_int_equal(offsetof(struct nx_sysctl_slot, generation), 0);
	assert_int_equal(offsetof(struct nx_sysctl_slot, ack), 4);
	assert_int_equal(offsetof(struct nx_sysctl_slot, pid), 8);
	assert_int_equal(offsetof(struct nx_sysctl_slot, tty_mask), 12);
	assert_int_equal(offsetof(struct nx_sysctl_slot, broken), 16);
	assert_int_equal(sizeof(struct nx_sysctl_slot), 32);
	assert_int_equal(sizeof(struct nx_sysctl), 16 + 32 * NX_MAX_USERVMS);
	assert_true(sizeof(struct nx_sysctl) <= NX_PAGE_SIZE);
}

/* Split-virtqueue layouts, shared with the macrokernel's driver. */
static void virtq_layout(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct virtq_desc, addr), 0);
	assert_int_equal(offsetof(struct virtq_desc, len), 8);
	assert_int_equal(offsetof(struct virtq_desc, flags), 12);
	assert_int_equal(offsetof(struct virtq_desc, next), 14);
	assert_int_equal(sizeof(struct virtq_desc), 16);
	assert_int_equal(offsetof(struct virtq_avail, idx), 2);
	assert_int_equal(offsetof(struct virtq_avail, ring), 4);
	assert_int_equal(offsetof(struct virtq_used, idx), 2);
	assert_int_equal(offsetof(struct virtq_used, ring), 4);
	assert_int_equal(offsetof(struct virtq_used_elem, len), 4);
	assert_int_equal(sizeof(struct virtq_used_elem), 8);
}

/* The fixed guest-physical areas do not overlap. */
static void memory_map(void **state)
{
	(void)state;
	assert_true(NX_BOOTINFO_GPA + NX_PAGE_SIZE <= NX_GDT_GPA);
	assert_true(NX_SYSCTL_GPA + NX_PAGE_SIZE <= NX_PT_GPA);
	assert_true(NX_PT_END <= NX_KERNEL_GPA);
	assert_true(NX_KERNEL_END <= NX_USER_GPA);
	assert_true(NX_RAM_MAX <= NX_RING_GPA);
	assert_true(NX_RING_GPA + NX_RING_SIZE <= NX_MMIO_GPA);
	assert_true(NX_VIRTIO_GPA + NX_VIRTIO_SLOTS * NX_VIRTIO_STRIDE <=
		    NX_MMIO_END);
	assert_true(NX_MMIO_END <= NX_ARENA_GPA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bootinfo_layout),
		cmocka_unit_test(req_layout),
		cmocka_unit_test(cpl_layout),
		cmocka_unit_test(ring_hdr_cursors),
		cmocka_unit_test(ring_layout),
		cmocka_unit_test(con_frame_layout),
		cmocka_unit_test(sysctl_layout),
		cmocka_unit_test(virtq_layout),
		cmocka_unit_test(memory_map),
	};

	return cmocka_run_group_tests_name("abi", tests, NULL, NULL);
}
