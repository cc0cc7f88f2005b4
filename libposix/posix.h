/*
 * libposix internals: the microkernel call and the translation of its
 * -NX_E* results into newlib's errno values.
 */
#ifndef LIBPOSIX_POSIX_H
#define LIBPOSIX_POSIX_H

#include <stdint.h>

#include <nanvix/abi.h>
#include <nanvix/ring.h>
#include <nanvix/syscall.h>

/* Calls the microkernel. No call in the ABI takes more than four words. */
static inline int64_t kcall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
			    uint64_t a3)
{
	nx_kcall_t entry = (nx_kcall_t)NX_KCALL_GPA;

	return entry(nr, a0, a1, a2, a3, 0, 0);
}

/* Returns newlib's errno value for the ABI error number nx_errno (> 0). */
int errno_from_nx(int64_t nx_errno);

/*
 * Returns ret if it is a success (>= 0). Otherwise sets errno from the
 * -NX_E* value and returns -1, as the POSIX calls do.
 */
int64_t posix_result(int64_t ret);

/* Sets errno to err and returns -1. */
int posix_fail(int err);

/* Boot information the VMM wrote; the page is mapped user read-only. */
#define BOOTINFO ((const volatile struct nx_bootinfo *)NX_BOOTINFO_GPA)

/*
 * Defines _name as a second name of name. With MISSING_SYSCALL_NAMES,
 * newlib 3.3 calls the plain names (write, sbrk); other newlib builds and
 * some ports call the underscore ones, so libposix provides both.
 */
#define POSIX_ALIAS(name)                                                      \
	extern __typeof__(name) _##name __attribute__((alias(#name)))

#endif
