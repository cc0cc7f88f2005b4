/*
 * The ELF note the VMM checks before it loads a nanvix image: name
 * "nanvix", type 1, and the ABI version as a 4-byte description. The
 * linker script gives it a PT_NOTE segment, which is where the VMM looks.
 */
#include <stdint.h>

#include "nanvix/abi.h"

struct abi_note {
	uint32_t namesz;
	uint32_t descsz;
	uint32_t type;
	char name[8]; /* "nanvix" and its NUL, padded to 4 bytes */
	uint32_t version;
};

__attribute__((section(".note.nanvix"), used,
	       aligned(4))) static const struct abi_note abi_note = {
	.namesz = sizeof("nanvix"),
	.descsz = sizeof(uint32_t),
	.type = 1,
	.name = "nanvix",
	.version = NX_ABI_VERSION,
};
