/*
 * Unit tests for gmem_ptr, the one check every guest address goes
 * through: edges, one byte past, zero lengths, wraparound, several regions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "gmem.h"

#define A_GPA 0x1000ull
#define A_SIZE 0x4000ull
#define B_GPA 0x80000000ull
#define B_SIZE 0x2000ull

static uint8_t a[A_SIZE], b[B_SIZE];
static struct gmem mem;

static int two_regions(void **state)
{
	(void)state;
	mem.count = 0;
	if (gmem_add(&mem, A_GPA, A_SIZE, a) ||
	    gmem_add(&mem, B_GPA, B_SIZE, b))
		return -1;
	return 0;
}

static void inside(void **state)
{
	(void)state;
	assert_ptr_equal(gmem_ptr(&mem, A_GPA, 1), a);
	assert_ptr_equal(gmem_ptr(&mem, A_GPA + 0x10, 0x100), a + 0x10);
	assert_ptr_equal(gmem_ptr(&mem, A_GPA, A_SIZE), a);
}

static void last_byte(void **state)
{
	(void)state;
	assert_ptr_equal(gmem_ptr(&mem, A_GPA + A_SIZE - 1, 1), a + A_SIZE - 1);
}

static void one_byte_past(void **state)
{
	(void)state;
	assert_null(gmem_ptr(&mem, A_GPA + A_SIZE, 1));
	assert_null(gmem_ptr(&mem, A_GPA + A_SIZE - 1, 2));
	assert_null(gmem_ptr(&mem, A_GPA, A_SIZE + 1));
}

static void one_byte_before(void **state)
{
	(void)state;
	assert_null(gmem_ptr(&mem, A_GPA - 1, 1));
	assert_null(gmem_ptr(&mem, A_GPA - 1, 2));
	assert_null(gmem_ptr(&mem, 0, 1));
}

static void zero_len_at_end(void **state)
{
	(void)state;
	assert_ptr_equal(gmem_ptr(&mem, A_GPA + A_SIZE, 0), a + A_SIZE);
	assert_ptr_equal(gmem_ptr(&mem, A_GPA, 0), a);
	assert_null(gmem_ptr(&mem, A_GPA + A_SIZE + 1, 0));
}

static void wraparound(void **state)
{
	(void)state;
	assert_null(gmem_ptr(&mem, UINT64_MAX, 2));
	assert_null(gmem_ptr(&mem, UINT64_MAX - 0xfff, 0x2000));
	assert_null(gmem_ptr(&mem, A_GPA, UINT64_MAX));
	assert_null(gmem_ptr(&mem, A_GPA + 0x10, UINT64_MAX - 0x8));
	assert_null(gmem_ptr(&mem, B_GPA + 1, UINT64_MAX));
}

static void second_region(void **state)
{
	(void)state;
	assert_ptr_equal(gmem_ptr(&mem, B_GPA, B_SIZE), b);
	assert_ptr_equal(gmem_ptr(&mem, B_GPA + B_SIZE - 8, 8), b + B_SIZE - 8);
	assert_null(gmem_ptr(&mem, B_GPA + B_SIZE - 8, 9));
}

static void gap_between(void **state)
{
	(void)state;
	assert_null(gmem_ptr(&mem, A_GPA + A_SIZE + 0x1000, 1));
	assert_null(gmem_ptr(&mem, B_GPA - 1, 1));
	assert_null(gmem_ptr(&mem, A_GPA, B_GPA + B_SIZE - A_GPA));
}

static void adjacent_regions(void **state)
{
	static uint8_t low[0x1000], high[0x1000];

	(void)state;
	mem.count = 0;
	assert_int_equal(gmem_add(&mem, 0, sizeof(low), low), 0);
	assert_int_equal(gmem_add(&mem, 0x1000, sizeof(high), high), 0);
	assert_ptr_equal(gmem_ptr(&mem, 0x1000, 4), high);
	assert_ptr_equal(gmem_ptr(&mem, 0xffc, 4), low + 0xffc);
	/* One range never spans two regions: their host memory differs. */
	assert_null(gmem_ptr(&mem, 0xffe, 4));
}

static void empty_memory(void **state)
{
	struct gmem none = { .count = 0 };

	(void)state;
	assert_null(gmem_ptr(&none, 0, 0));
	assert_null(gmem_ptr(&none, A_GPA, 1));
}

static void region_limit(void **state)
{
	struct gmem full = { .count = 0 };

	(void)state;
	for (unsigned i = 0; i < GMEM_MAX_REGIONS; i++)
		assert_int_equal(gmem_add(&full, i * A_SIZE, A_SIZE, a), 0);
	assert_int_equal(gmem_add(&full, B_GPA, B_SIZE, b), -1);
	assert_int_equal(full.count, GMEM_MAX_REGIONS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(inside, two_regions),
		cmocka_unit_test_setup(last_byte, two_regions),
		cmocka_unit_test_setup(one_byte_past, two_regions),
		cmocka_unit_test_setup(one_byte_before, two_regions),
		cmocka_unit_test_setup(zero_len_at_end, two_regions),
		cmocka_unit_test_setup(wraparound, two_regions),
		cmocka_unit_test_setup(second_region, two_regions),
		cmocka_unit_test_setup(gap_between, two_regions),
		cmocka_unit_test(adjacent_regions),
		cmocka_unit_test(empty_memory),
		cmocka_unit_test(region_limit),
	};

	return cmocka_run_group_tests_name("gmem", tests, NULL, NULL);
}
