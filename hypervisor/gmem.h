/*
 * Guest memory from the VMM's side. Guest addresses are plain integers
 * here. The only way to turn one into a host pointer is gmem_ptr(), which
 * checks that the whole range lies inside one region.
 */
#ifndef HV_GMEM_H
#define HV_GMEM_H

#include <stddef.h>
#include <stdint.h>

#define GMEM_MAX_REGIONS 4
#define GMEM_PAGE 4096ull

static inline uint64_t page_down(uint64_t addr)
{
	return addr & ~(GMEM_PAGE - 1);
}

/* The caller ensures addr is at least a page below UINT64_MAX. */
static inline uint64_t page_up(uint64_t addr)
{
	return page_down(addr + GMEM_PAGE - 1);
}

struct gmem_region {
	uint64_t gpa;
	uint64_t size;
	uint8_t *host;
};

struct gmem {
	struct gmem_region region[GMEM_MAX_REGIONS];
	unsigned count;
};

/* Returns 0, or -1 if there is no room for another region. */
int gmem_add(struct gmem *mem, uint64_t gpa, uint64_t size, void *host);

/*
 * Returns the host address of [gpa, gpa + len), or NULL if any byte of it
 * is outside guest memory or the range wraps around.
 */
void *gmem_ptr(const struct gmem *mem, uint64_t gpa, uint64_t len);

#endif
