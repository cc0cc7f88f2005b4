/*
 * libposix <-> microkernel ABI. Inside a userVM the function and the
 * microkernel run at the same privilege level, because syscall and int N
 * do not reach a guest kernel on every KVM. A system call is therefore a
 * plain call of the microkernel's entry at NX_KCALL_GPA:
 *
 *   int64_t nx_kcall(uint64_t nr, uint64_t a0, ..., uint64_t a5);
 *
 * It returns the result, or -NX_E* (include/nanvix/ring.h) on failure.
 */
#ifndef NANVIX_SYSCALL_H
#define NANVIX_SYSCALL_H

#include <stdint.h>

#include "abi.h"

/* The microkernel's linker script puts its call entry first in .text. */
#define NX_KCALL_GPA NX_KERNEL_GPA

typedef int64_t (*nx_kcall_t)(uint64_t nr, uint64_t a0, uint64_t a1,
			      uint64_t a2, uint64_t a3, uint64_t a4,
			      uint64_t a5);

enum nx_syscall {
	NX_SYS_EXIT = 1,    /* status */
	NX_SYS_READ = 2,    /* fd, buf, len */
	NX_SYS_WRITE = 3,   /* fd, buf, len */
	NX_SYS_WRITEV = 4,  /* fd, iov (struct nx_iovec *), iovcnt */
	NX_SYS_OPEN = 5,    /* path, flags, mode */
	NX_SYS_CLOSE = 6,   /* fd */
	NX_SYS_LSEEK = 7,   /* fd, offset, whence */
	NX_SYS_FSTAT = 8,   /* fd, struct nx_stat * */
	NX_SYS_ISATTY = 9,  /* fd */
	NX_SYS_BRK = 10,    /* new break, or 0 to query; returns the break */
	NX_SYS_MMAP = 11,   /* addr, len, prot, flags; anonymous only */
	NX_SYS_MUNMAP = 12, /* addr, len */
	NX_SYS_GETPID = 13,
	NX_SYS_CLOCK_GETTIME = 14, /* clock id, struct nx_timespec * */
	NX_SYS_GETTIMEOFDAY = 15,  /* struct nx_timeval * */
	NX_SYS_NANOSLEEP = 16,	   /* const struct nx_timespec *, rem */
	NX_SYS_MAX
};

struct nx_iovec {
	uint64_t base;
	uint64_t len;
};

struct nx_timespec {
	int64_t sec;
	int64_t nsec;
};

struct nx_timeval {
	int64_t sec;
	int64_t usec;
};

#define NX_CLOCK_REALTIME 0
#define NX_CLOCK_MONOTONIC 1

#define NX_PROT_READ 1
#define NX_PROT_WRITE 2
#define NX_PROT_EXEC 4
#define NX_MAP_PRIVATE 2
#define NX_MAP_FIXED 0x10
#define NX_MAP_ANONYMOUS 0x20

/* Largest iovcnt NX_SYS_WRITEV accepts, as IOV_MAX on Linux. */
#define NX_IOV_MAX 1024

_Static_assert(sizeof(struct nx_iovec) == 16, "nx_iovec size");
_Static_assert(sizeof(struct nx_timespec) == 16, "nx_timespec size");

#endif
