/*
 * Validation and loading of static x86-64 ELF executables: the functions
 * and the two kernels. elf_parse() checks a whole file held in memory and
 * has no side effects. elf_load() then copies the checked segments into
 * guest memory and cannot fail on a parsed image.
 */
#ifndef HV_ELF_IMAGE_H
#define HV_ELF_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "gmem.h"

#define ELF_MAX_SEGMENTS 16
#define ELF_TLS_MAX (1u << 20) /* bytes of thread-local storage */

struct elf_segment {
	uint64_t vaddr;
	uint64_t memsz;
	uint64_t offset;
	uint64_t filesz;
	uint32_t flags; /* PF_R, PF_W, PF_X */
};

struct elf_image {
	const uint8_t *file;
	size_t size;
	uint64_t entry;
	uint64_t low;		/* lowest byte of any segment */
	uint64_t high;		/* first byte after every segment */
	int exec_stack;		/* PT_GNU_STACK requests an executable stack */
	struct elf_segment tls; /* PT_TLS template; memsz 0 if none */
	uint64_t tls_align;
	unsigned nsegments;
	struct elf_segment segment[ELF_MAX_SEGMENTS];
};

/*
 * Check that file is a static x86-64 executable built for this ABI whose
 * segments all lie inside [lo, hi). Returns 0, or -1 with a one-line
 * reason in err.
 */
int elf_parse(const uint8_t *file, size_t size, uint64_t lo, uint64_t hi,
	      struct elf_image *img, char *err, size_t errlen);

/* Copy the segments of a parsed image into guest memory. */
int elf_load(const struct elf_image *img, const struct gmem *mem);

#endif
