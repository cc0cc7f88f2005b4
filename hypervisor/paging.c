#include <string.h>

#include <nanvix/abi.h>

#include "paging.h"

#define LARGE_PAGE (2ull << 20)
#define ADDR_MASK 0x000ffffffffff000ull
/* Permissions of a non-leaf entry are the union; leaves restrict them. */
#define TABLE_FLAGS (PTE_P | PTE_W | PTE_U)

static uint64_t *table_at(const struct paging *pg, uint64_t gpa)
{
	return gmem_ptr(pg->mem, gpa, NX_PAGE_SIZE);
}

static int alloc_table(struct paging *pg, uint64_t *gpa)
{
	uint64_t *table;

	if (pg->next >= NX_PT_END)
		return -1;
	table = table_at(pg, pg->next);
	if (!table)
		return -1;
	memset(table, 0, NX_PAGE_SIZE);
	*gpa = pg->next;
	pg->next += NX_PAGE_SIZE;
	return 0;
}

/* Return the table that entry points to, creating it if missing. */
static uint64_t *next_level(struct paging *pg, uint64_t *entry)
{
	uint64_t gpa;

	if (*entry & PTE_PS)
		return NULL;
	if (!(*entry & PTE_P)) {
		if (alloc_table(pg, &gpa))
			return NULL;
		*entry = gpa | TABLE_FLAGS;
	}
	return table_at(pg, *entry & ADDR_MASK);
}

int paging_init(struct paging *pg, const struct gmem *mem)
{
	pg->mem = mem;
	pg->next = NX_PT_GPA;
	return alloc_table(pg, &pg->pml4);
}

static uint64_t *page_directory(struct paging *pg, uint64_t gpa)
{
	uint64_t *pml4 = table_at(pg, pg->pml4);
	uint64_t *pdpt;

	pdpt = next_level(pg, &pml4[(gpa >> 39) & 511]);
	if (!pdpt)
		return NULL;
	return next_level(pg, &pdpt[(gpa >> 30) & 511]);
}

static int map_one(struct paging *pg, uint64_t gpa, uint64_t len,
		   uint64_t flags, uint64_t *step)
{
	uint64_t *pd = page_directory(pg, gpa);
	uint64_t *pde, *pt;

	if (!pd)
		return -1;
	pde = &pd[(gpa >> 21) & 511];
	if (gpa % LARGE_PAGE == 0 && len >= LARGE_PAGE && !(*pde & PTE_P)) {
		*pde = gpa | flags | PTE_P | PTE_PS;
		*step = LARGE_PAGE;
		return 0;
	}
	pt = next_level(pg, pde);
	if (!pt)
		return -1;
	pt[(gpa >> 12) & 511] = gpa | flags | PTE_P;
	*step = NX_PAGE_SIZE;
	return 0;
}

int paging_map(struct paging *pg, uint64_t gpa, uint64_t len, uint64_t flags)
{
	uint64_t step;

	if (gpa % NX_PAGE_SIZE || len % NX_PAGE_SIZE || gpa + len < gpa)
		return -1;
	while (len) {
		if (map_one(pg, gpa, len, flags, &step))
			return -1;
		gpa += step;
		len -= step;
	}
	return 0;
}
