/*
 * libFuzzer target for elf_parse: the input is a whole file, checked
 * against the userVM's image window. An accepted image must satisfy what
 * elf_load and the page-table setup rely on, and is then loaded into a
 * guest memory of exactly that window.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <elf.h>

#include <nanvix/abi.h>

#include "elf_image.h"

#define LO NX_USER_GPA
#define HI (NX_USER_GPA + (16ull << 20))

static void check_image(const struct elf_image *img, size_t size)
{
	int entry_ok = 0;

	if (img->nsegments == 0 || img->nsegments > ELF_MAX_SEGMENTS)
		__builtin_trap();
	if (img->low < LO || img->high > HI || img->low >= img->high)
		__builtin_trap();
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->segment[i];

		if (s->vaddr < LO || s->memsz > HI - s->vaddr)
			__builtin_trap();
		if (s->filesz > s->memsz || s->offset > size ||
		    s->filesz > size - s->offset)
			__builtin_trap();
		if ((s->flags & PF_X) && img->entry >= s->vaddr &&
		    img->entry - s->vaddr < s->memsz)
			entry_ok = 1;
	}
	if (!entry_ok)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *guest;
	struct elf_image img;
	struct gmem mem = { .count = 0 };
	char err[256];

	if (!guest)
		guest = calloc(1, HI - LO);
	if (!guest)
		abort();
	if (elf_parse(data, size, LO, HI, &img, err, sizeof(err)) != 0)
		return 0;
	check_image(&img, size);
	gmem_add(&mem, LO, HI - LO, guest);
	if (elf_load(&img, &mem) != 0)
		__builtin_trap();
	return 0;
}
