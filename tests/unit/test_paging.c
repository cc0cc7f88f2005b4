/*
 * Unit tests for the VMM's identity page tables. Guest memory here is
 * exactly the table area NX_PT_GPA..NX_PT_END, so AddressSanitizer
 * reports any write outside it. The tests walk the tables themselves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include <nanvix/abi.h>

#include "paging.h"

#define LARGE (2ull << 20)
#define ADDR_MASK 0x000ffffffffff000ull
#define TABLE_AREA (NX_PT_END - NX_PT_GPA)

static uint8_t *area;
static struct gmem mem;
static struct paging pg;

static int paging_setup(void **state)
{
	(void)state;
	area = malloc(TABLE_AREA);
	if (!area)
		return -1;
	mem.count = 0;
	gmem_add(&mem, NX_PT_GPA, TABLE_AREA, area);
	return paging_init(&pg, &mem);
}

static int paging_teardown(void **state)
{
	(void)state;
	free(area);
	return 0;
}

static const uint64_t *table(uint64_t entry)
{
	uint64_t gpa = entry & ADDR_MASK;

	assert_true(gpa >= NX_PT_GPA);
	assert_true(gpa + NX_PAGE_SIZE <= NX_PT_END);
	return (const uint64_t *)(area + (gpa - NX_PT_GPA));
}

/*
 * Return the leaf entry that maps gpa, or 0. *level is 2 for a 2 MiB PDE
 * and 1 for a PTE.
 */
static uint64_t walk(uint64_t gpa, int *level)
{
	uint64_t e = pg.pml4 | PTE_P;
	const int shift[] = { 39, 30, 21, 12 };

	for (int i = 0; i < 4; i++) {
		e = table(e)[(gpa >> shift[i]) & 511];
		if (!(e & PTE_P))
			return 0;
		if (i < 3 && !(e & PTE_PS))
			assert_int_equal(e & (PTE_P | PTE_W | PTE_U),
					 PTE_P | PTE_W | PTE_U);
		*level = 4 - i;
		if (e & PTE_PS)
			return e;
	}
	return e;
}

static void init_places_pml4(void **state)
{
	(void)state;
	assert_int_equal(pg.pml4, NX_PT_GPA);
	assert_int_equal(pg.next, NX_PT_GPA + NX_PAGE_SIZE);
}

static void init_without_area(void **state)
{
	struct gmem none = { .count = 0 };
	struct paging p;

	(void)state;
	assert_int_equal(paging_init(&p, &none), -1);
}

static void map_4k(void **state)
{
	uint64_t e;
	int level;

	(void)state;
	assert_int_equal(
		paging_map(&pg, 0x400000, 0x2000, PTE_U | PTE_W | PTE_NX), 0);
	e = walk(0x401000, &level);
	assert_int_equal(level, 1);
	assert_int_equal(e & ADDR_MASK, 0x401000);
	assert_true(e & PTE_P);
	assert_true(e & PTE_U);
	assert_true(e & PTE_W);
	assert_true(e & PTE_NX);
	assert_false(e & PTE_PS);
	assert_int_equal(walk(0x402000, &level), 0);
	assert_int_equal(walk(0x3ff000, &level), 0);
}

static void map_read_only_exec(void **state)
{
	uint64_t e;
	int level;

	(void)state;
	assert_int_equal(paging_map(&pg, 0x100000, 0x1000, 0), 0);
	e = walk(0x100000, &level);
	assert_true(e & PTE_P);
	assert_false(e & PTE_W);
	assert_false(e & PTE_U);
	assert_false(e & PTE_NX);
}

static void map_2m(void **state)
{
	uint64_t e;
	int level;

	(void)state;
	assert_int_equal(paging_map(&pg, LARGE, 2 * LARGE, PTE_W | PTE_NX), 0);
	e = walk(LARGE + 0x1234 * 0x10, &level);
	assert_int_equal(level, 2);
	assert_int_equal(e & ADDR_MASK, LARGE);
	assert_true(e & PTE_PS);
	assert_true(e & PTE_W);
	assert_true(e & PTE_NX);
	assert_false(e & PTE_U);
	e = walk(3 * LARGE - 1, &level);
	assert_int_equal(e & ADDR_MASK, 2 * LARGE);
	assert_int_equal(walk(3 * LARGE, &level), 0);
}

/* An unaligned head and tail get 4 KiB pages around a 2 MiB page. */
static void map_mixed(void **state)
{
	uint64_t e;
	int level;

	(void)state;
	assert_int_equal(paging_map(&pg, LARGE - 0x1000, LARGE + 0x2000, PTE_U),
			 0);
	e = walk(LARGE - 0x1000, &level);
	assert_int_equal(level, 1);
	assert_int_equal(e & ADDR_MASK, LARGE - 0x1000);
	e = walk(LARGE, &level);
	assert_int_equal(level, 2);
	assert_true(e & PTE_U);
	e = walk(2 * LARGE, &level);
	assert_int_equal(level, 1);
	assert_int_equal(e & ADDR_MASK, 2 * LARGE);
	assert_int_equal(walk(2 * LARGE + 0x1000, &level), 0);
}

/* Addresses above 4 GiB use their own PML4, PDPT and PD entries. */
static void map_high(void **state)
{
	const uint64_t gpa = NX_ARENA_GPA + 5 * LARGE;
	uint64_t e;
	int level;

	(void)state;
	assert_int_equal(paging_map(&pg, gpa, 0x1000, PTE_W), 0);
	e = walk(gpa, &level);
	assert_int_equal(e & ADDR_MASK, gpa);
	assert_int_equal(walk(gpa - NX_ARENA_GPA, &level), 0);
}

static void unaligned_rejected(void **state)
{
	int level;

	(void)state;
	assert_int_equal(paging_map(&pg, 0x400001, 0x1000, 0), -1);
	assert_int_equal(paging_map(&pg, 0x400000, 0x1001, 0), -1);
	assert_int_equal(walk(0x400000, &level), 0);
	assert_int_equal(pg.next, NX_PT_GPA + NX_PAGE_SIZE);
}

static void wrapping_range_rejected(void **state)
{
	(void)state;
	assert_int_equal(paging_map(&pg, 0xfffffffffffff000ull, 0x2000, 0), -1);
}

static void large_page_overlap(void **state)
{
	(void)state;
	assert_int_equal(paging_map(&pg, LARGE, LARGE, 0), 0);
	assert_int_equal(paging_map(&pg, LARGE + 0x1000, 0x1000, 0), -1);
}

/* One page table per 2 MiB block soon fills the table area. */
static void table_area_exhausted(void **state)
{
	const uint64_t tables = TABLE_AREA / NX_PAGE_SIZE;
	int rc = 0;
	uint64_t i;

	(void)state;
	for (i = 0; i < tables && rc == 0; i++)
		rc = paging_map(&pg, i * LARGE, 0x1000, 0);
	assert_int_equal(rc, -1);
	assert_int_equal(pg.next, NX_PT_END);
	assert_int_equal(paging_map(&pg, (i + 1) * LARGE, 0x1000, 0), -1);
}

#define PG_TEST(f)                                                             \
	cmocka_unit_test_setup_teardown(f, paging_setup, paging_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		PG_TEST(init_places_pml4),
		cmocka_unit_test(init_without_area),
		PG_TEST(map_4k),
		PG_TEST(map_read_only_exec),
		PG_TEST(map_2m),
		PG_TEST(map_mixed),
		PG_TEST(map_high),
		PG_TEST(unaligned_rejected),
		PG_TEST(wrapping_range_rejected),
		PG_TEST(large_page_overlap),
		PG_TEST(table_area_exhausted),
	};

	return cmocka_run_group_tests_name("paging", tests, NULL, NULL);
}
