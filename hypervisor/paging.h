/*
 * Identity-mapped x86-64 page tables for a guest, built by the VMM before
 * the guest's first instruction. The tables live in guest memory from
 * NX_PT_GPA to NX_PT_END and are never changed while the guest runs.
 */
#ifndef HV_PAGING_H
#define HV_PAGING_H

#include <stdint.h>

#include "gmem.h"

#define PTE_P 0x1ull
#define PTE_W 0x2ull
#define PTE_U 0x4ull
#define PTE_PS 0x80ull
#define PTE_NX (1ull << 63)

struct paging {
	const struct gmem *mem;
	uint64_t next; /* next free table page */
	uint64_t pml4;
};

/*
 * Returns 0, or -1 if the first table page is not in guest memory. A
 * later paging_map() fails if the rest of the table area is missing.
 */
int paging_init(struct paging *pg, const struct gmem *mem);

/*
 * Map [gpa, gpa + len) to itself with the leaf flags given (PTE_W, PTE_U,
 * PTE_NX; PTE_P is implied). gpa and len must be page aligned. Whole 2 MiB
 * blocks get large pages. Returns 0, or -1 if the table area is full or
 * the range overlaps a large page already mapped.
 */
int paging_map(struct paging *pg, uint64_t gpa, uint64_t len, uint64_t flags);

#endif
