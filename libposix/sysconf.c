/* sysconf, which newlib leaves to the system. */
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "posix.h"

long sysconf(int name)
{
	switch (name) {
	case _SC_PAGESIZE:
		return (long)NX_PAGE_SIZE;
	case _SC_CLK_TCK:
		return CLOCKS_PER_SEC;
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		/* A userVM has one vCPU. */
		return 1;
	case _SC_PHYS_PAGES:
		return (long)(BOOTINFO->ram_size / NX_PAGE_SIZE);
	case _SC_ARG_MAX:
		return NX_ARG_MAX;
	case _SC_IOV_MAX:
		return NX_IOV_MAX;
	default:
		return posix_fail(EINVAL);
	}
}
