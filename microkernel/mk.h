/* Microkernel-wide declarations: one place for every cross-file call. */
#ifndef MK_H
#define MK_H

#include <stddef.h>
#include <stdint.h>

#include <nanvix/abi.h>
#include <nanvix/ring.h>
#include <nanvix/syscall.h>

#define BOOTINFO ((const struct nx_bootinfo *)NX_BOOTINFO_GPA)

/*
 * Whether [addr, addr + len) lies in the function's part of RAM. The
 * microkernel shares the function's privilege level, so this check is
 * what keeps a bad pointer from making it touch its own pages.
 */
static inline int mk_user_range(const void *ptr, uint64_t len)
{
	uint64_t addr = (uint64_t)ptr, top = BOOTINFO->stack_top;

	return addr >= NX_USER_GPA && addr <= top && len <= top - addr;
}

/* boot.c */
__attribute__((noreturn)) void mk_panic(const char *msg);
void mk_log(const char *msg);

/* memory.c */
void memory_init(void);
int64_t memory_brk(uint64_t addr);
int64_t memory_mmap(uint64_t addr, uint64_t len, uint64_t prot, uint64_t flags);
int64_t memory_munmap(uint64_t addr, uint64_t len);

/* clock.c */
void clock_init(void);
uint64_t clock_monotonic_ns(void);
int64_t clock_gettime_call(uint64_t id, struct nx_timespec *ts);
int64_t clock_gettimeofday_call(struct nx_timeval *tv);
int64_t clock_nanosleep_call(const struct nx_timespec *req,
			     struct nx_timespec *rem);

/* io.c: I/O calls forwarded to the systemVM */
void io_init(void);
int64_t io_read(int32_t fd, void *buf, uint64_t len);
int64_t io_write(int32_t fd, const void *buf, uint64_t len);
int64_t io_writev(int32_t fd, const struct nx_iovec *iov, uint64_t cnt);
int64_t io_open(const char *path, int64_t flags, int64_t mode);
int64_t io_close(int32_t fd);
int64_t io_lseek(int32_t fd, int64_t offset, int64_t whence);
int64_t io_fstat(int32_t fd, struct nx_stat *st);
int64_t io_isatty(int32_t fd);
/* Wait for every request in flight; returns the first latched error. */
int64_t io_drain(void);

/* string.c */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
size_t strnlen(const char *s, size_t max);

#endif
