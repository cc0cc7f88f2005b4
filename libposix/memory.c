/* The heap (sbrk, for newlib's malloc) and anonymous mappings. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "posix.h"

/* The microkernel's break, or 0 before the first sbrk. */
static uintptr_t heap_break;

void *sbrk(ptrdiff_t incr)
{
	uintptr_t old_break;
	uintptr_t new_break;
	int64_t ret;

	/*
	 * The microkernel owns the break, which starts at or above the
	 * image's _end. Asking it avoids guessing how it rounds _end.
	 */
	if (heap_break == 0) {
		ret = kcall(NX_SYS_BRK, 0, 0, 0, 0);
		if (ret <= 0) {
			errno = ENOMEM;
			return (void *)-1;
		}
		heap_break = (uintptr_t)ret;
	}

	old_break = heap_break;
	new_break = old_break + (uintptr_t)incr;
	if ((incr > 0 && new_break < old_break) ||
	    (incr < 0 && new_break > old_break)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (incr == 0)
		return (void *)old_break;

	/* NX_SYS_BRK returns the break after the call: another value fails. */
	ret = kcall(NX_SYS_BRK, new_break, 0, 0, 0);
	if (ret < 0 || (uintptr_t)ret != new_break) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_break = new_break;
	return (void *)old_break;
}

static uint64_t prot_to_nx(int prot)
{
	uint64_t nx = 0;

	if (prot & PROT_READ)
		nx |= NX_PROT_READ;
	if (prot & PROT_WRITE)
		nx |= NX_PROT_WRITE;
	if (prot & PROT_EXEC)
		nx |= NX_PROT_EXEC;
	return nx;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	const int known = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS;
	uint64_t nx_flags = NX_MAP_PRIVATE | NX_MAP_ANONYMOUS;
	int64_t ret;

	(void)fd;
	(void)off;
	if (!(flags & MAP_ANONYMOUS)) {
		errno = ENODEV;
		return MAP_FAILED;
	}
	if (len == 0 || (flags & ~known) ||
	    (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	/*
	 * A shared anonymous mapping behaves as a private one here, because
	 * a function has no other process (no fork) to share it with.
	 */
	if (flags & MAP_FIXED)
		nx_flags |= NX_MAP_FIXED;

	ret = kcall(NX_SYS_MMAP, (uintptr_t)addr, len, prot_to_nx(prot),
		    nx_flags);
	if (posix_result(ret) < 0)
		return MAP_FAILED;
	return (void *)(uintptr_t)ret;
}

int munmap(void *addr, size_t len)
{
	return (int)posix_result(
		kcall(NX_SYS_MUNMAP, (uintptr_t)addr, len, 0, 0));
}

int getpagesize(void)
{
	return (int)NX_PAGE_SIZE;
}

POSIX_ALIAS(sbrk);
