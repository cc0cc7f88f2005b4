#include <stdint.h>

#include <nanvix/abi.h>

/* The VMM boots only images carrying this note (see hypervisor/elf_image.c). */
__attribute__((section(".note.nanvix"), aligned(4), used)) static const struct {
	uint32_t namesz;
	uint32_t descsz;
	uint32_t type;
	char name[8];
	uint32_t version;
} abi_note = { 7, 4, 1, "nanvix", NX_ABI_VERSION };
