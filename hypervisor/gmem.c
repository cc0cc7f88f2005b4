#include "gmem.h"

int gmem_add(struct gmem *mem, uint64_t gpa, uint64_t size, void *host)
{
	if (mem->count >= GMEM_MAX_REGIONS)
		return -1;
	mem->region[mem->count++] = (struct gmem_region){
		.gpa = gpa,
		.size = size,
		.host = host,
	};
	return 0;
}

void *gmem_ptr(const struct gmem *mem, uint64_t gpa, uint64_t len)
{
	for (unsigned i = 0; i < mem->count; i++) {
		const struct gmem_region *r = &mem->region[i];

		uint64_t off = gpa - r->gpa;

		/* A range starting at a region's end may be in the next one. */
		if (gpa < r->gpa || off > r->size || (off == r->size && len))
			continue;
		/* Written so that neither side can overflow. */
		if (len > r->size - (gpa - r->gpa))
			return NULL;
		return r->host + (gpa - r->gpa);
	}
	return NULL;
}
