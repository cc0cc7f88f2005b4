#include <nanvix/hypercall.h>

#include "mk.h"

static size_t length(const char *s)
{
	return strnlen(s, 256);
}

void mk_panic(const char *msg)
{
	for (;;)
		nx_hypercall(NX_HC_PANIC, (uint64_t)msg, length(msg), 0);
}

void mk_log(const char *msg)
{
	nx_hypercall(NX_HC_LOG, (uint64_t)msg, length(msg), 0);
}

/* Called by _start; returns the function's entry point. */
uint64_t mk_boot(void)
{
	if (BOOTINFO->magic != NX_BOOTINFO_MAGIC ||
	    BOOTINFO->abi_version != NX_ABI_VERSION ||
	    BOOTINFO->kind != NX_VM_USER)
		mk_panic("invalid boot information page");
	clock_init();
	memory_init();
	io_init();
	return BOOTINFO->entry;
}
