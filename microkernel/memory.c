/*
 * The function's memory: a brk heap growing up from the end of its image
 * and anonymous mappings placed downward from the stack guard, both in
 * RAM the VMM mapped read-write at boot. A bitmap marks the pages mmap
 * handed out. Released pages go back to the host (NX_HC_MEM_RELEASE),
 * which also makes them read as zero when handed out again.
 */
#include <nanvix/hypercall.h>

#include "mk.h"

#define PAGE NX_PAGE_SIZE
#define MAX_PAGES (NX_RAM_MAX / NX_PAGE_SIZE)

static uint64_t heap_start; /* first byte of the brk heap */
static uint64_t heap_break; /* current break */
static uint64_t area_top;   /* first byte past the mmap area */
static uint64_t lowest;	    /* lowest mapped page's address, or area_top */
static uint8_t mapped[MAX_PAGES / 8];

static uint64_t page_up(uint64_t a)
{
	return (a + PAGE - 1) & ~(PAGE - 1);
}

static int is_mapped(uint64_t page)
{
	return mapped[page / 8] & (1u << (page % 8));
}

static void set_mapped(uint64_t first, uint64_t count, int on)
{
	for (uint64_t p = first; p < first + count; p++) {
		if (on)
			mapped[p / 8] |= 1u << (p % 8);
		else
			mapped[p / 8] &= ~(1u << (p % 8));
	}
}

static void release(uint64_t addr, uint64_t len)
{
	if (len && nx_hypercall(NX_HC_MEM_RELEASE, addr, len, 0) < 0)
		mk_panic("the VMM rejected a memory release");
}

void memory_init(void)
{
	heap_start = heap_break = page_up(BOOTINFO->image_end);
	area_top = BOOTINFO->stack_low - PAGE; /* below the guard page */
	lowest = area_top;
}

/*
 * Find the lowest mapped page again after munmap released the page that
 * was the lowest; brk calls only read the cached value.
 */
static void find_lowest(void)
{
	uint64_t p;

	for (p = lowest / PAGE; p < area_top / PAGE; p++)
		if (is_mapped(p))
			break;
	lowest = p * PAGE;
}

int64_t memory_brk(uint64_t addr)
{
	uint64_t old = heap_break;

	if (addr == 0)
		return heap_break;
	if (addr < heap_start || addr > lowest)
		return heap_break; /* as Linux: the old break means failure */
	heap_break = addr;
	if (page_up(addr) < page_up(old))
		release(page_up(addr), page_up(old) - page_up(addr));
	return heap_break;
}

/* Find count free pages, the highest such run below area_top. */
static uint64_t find_free(uint64_t count)
{
	uint64_t floor = page_up(heap_break) / PAGE, run = 0;

	for (uint64_t p = area_top / PAGE; p > floor; p--) {
		run = is_mapped(p - 1) ? 0 : run + 1;
		if (run == count)
			return p - 1;
	}
	return 0;
}

int64_t memory_mmap(uint64_t addr, uint64_t len, uint64_t prot, uint64_t flags)
{
	uint64_t first;

	(void)addr; /* a hint only */
	(void)prot; /* TODO: all RAM is read-write; PROT_NONE is not enforced */
	if (!(flags & NX_MAP_ANONYMOUS))
		return -NX_ENOSYS; /* no file mappings without a file system */
	if (flags & NX_MAP_FIXED)
		return -NX_EINVAL; /* TODO: MAP_FIXED is not supported yet */
	if (len == 0)
		return -NX_EINVAL;
	if (len > area_top)
		return -NX_ENOMEM;
	len = page_up(len);
	first = find_free(len / PAGE);
	if (!first)
		return -NX_ENOMEM;
	set_mapped(first, len / PAGE, 1);
	if (first * PAGE < lowest)
		lowest = first * PAGE;
	return (int64_t)(first * PAGE);
}

int64_t memory_munmap(uint64_t addr, uint64_t len)
{
	uint64_t first = addr / PAGE, count;

	if (addr % PAGE || len == 0 || addr < page_up(heap_start) ||
	    addr > area_top || len > area_top - addr)
		return -NX_EINVAL;
	count = page_up(len) / PAGE;
	/* One release per run of mapped pages: each one is a VM exit. */
	for (uint64_t p = first, run = 0; p <= first + count; p++) {
		if (p < first + count && is_mapped(p)) {
			run++;
			continue;
		}
		if (run) {
			set_mapped(p - run, run, 0);
			release((p - run) * PAGE, run * PAGE);
		}
		run = 0;
	}
	if (!is_mapped(lowest / PAGE))
		find_lowest();
	return 0;
}
