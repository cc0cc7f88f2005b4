/*
 * The system-call entry, first in the image at NX_KCALL_GPA. libposix
 * calls it like any C function, at the same privilege level, because
 * syscall and int N do not reach a guest kernel on kvm_pvm.
 */
#include <nanvix/hypercall.h>

#include "mk.h"

typedef int64_t (*handler_t)(uint64_t a0, uint64_t a1, uint64_t a2,
			     uint64_t a3);

static int64_t sys_exit(uint64_t status, uint64_t a1, uint64_t a2, uint64_t a3)
{
	(void)a1, (void)a2, (void)a3;
	/* Posted output must reach the caller before the VM goes away. */
	io_drain();
	for (;;)
		nx_hypercall(NX_HC_EXIT, status & 0xff, 0, 0);
	return 0;
}

static int64_t sys_read(uint64_t fd, uint64_t buf, uint64_t len, uint64_t a3)
{
	(void)a3;
	return io_read((int32_t)fd, (void *)buf, len);
}

static int64_t sys_write(uint64_t fd, uint64_t buf, uint64_t len, uint64_t a3)
{
	(void)a3;
	return io_write((int32_t)fd, (const void *)buf, len);
}

static int64_t sys_writev(uint64_t fd, uint64_t iov, uint64_t cnt, uint64_t a3)
{
	(void)a3;
	return io_writev((int32_t)fd, (const struct nx_iovec *)iov, cnt);
}

static int64_t sys_open(uint64_t path, uint64_t flags, uint64_t mode,
			uint64_t a3)
{
	(void)a3;
	return io_open((const char *)path, (int64_t)flags, (int64_t)mode);
}

static int64_t sys_close(uint64_t fd, uint64_t a1, uint64_t a2, uint64_t a3)
{
	(void)a1, (void)a2, (void)a3;
	return io_close((int32_t)fd);
}

static int64_t sys_lseek(uint64_t fd, uint64_t off, uint64_t whence,
			 uint64_t a3)
{
	(void)a3;
	return io_lseek((int32_t)fd, (int64_t)off, (int64_t)whence);
}

static int64_t sys_fstat(uint64_t fd, uint64_t st, uint64_t a2, uint64_t a3)
{
	(void)a2, (void)a3;
	return io_fstat((int32_t)fd, (struct nx_stat *)st);
}

static int64_t sys_isatty(uint64_t fd, uint64_t a1, uint64_t a2, uint64_t a3)
{
	(void)a1, (void)a2, (void)a3;
	return io_isatty((int32_t)fd);
}

static int64_t sys_brk(uint64_t addr, uint64_t a1, uint64_t a2, uint64_t a3)
{
	(void)a1, (void)a2, (void)a3;
	return memory_brk(addr);
}

static int64_t sys_mmap(uint64_t addr, uint64_t len, uint64_t prot,
			uint64_t flags)
{
	return memory_mmap(addr, len, prot, flags);
}

static int64_t sys_munmap(uint64_t addr, uint64_t len, uint64_t a2, uint64_t a3)
{
	(void)a2, (void)a3;
	return memory_munmap(addr, len);
}

static int64_t sys_getpid(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	(void)a0, (void)a1, (void)a2, (void)a3;
	return BOOTINFO->pid;
}

static int64_t sys_clock_gettime(uint64_t id, uint64_t ts, uint64_t a2,
				 uint64_t a3)
{
	(void)a2, (void)a3;
	if (!mk_user_range((void *)ts, sizeof(struct nx_timespec)))
		return -NX_EFAULT;
	return clock_gettime_call(id, (struct nx_timespec *)ts);
}

static int64_t sys_gettimeofday(uint64_t tv, uint64_t a1, uint64_t a2,
				uint64_t a3)
{
	(void)a1, (void)a2, (void)a3;
	if (!mk_user_range((void *)tv, sizeof(struct nx_timeval)))
		return -NX_EFAULT;
	return clock_gettimeofday_call((struct nx_timeval *)tv);
}

static int64_t sys_nanosleep(uint64_t req, uint64_t rem, uint64_t a2,
			     uint64_t a3)
{
	(void)a2, (void)a3;
	if (!mk_user_range((void *)req, sizeof(struct nx_timespec)) ||
	    (rem && !mk_user_range((void *)rem, sizeof(struct nx_timespec))))
		return -NX_EFAULT;
	return clock_nanosleep_call((const struct nx_timespec *)req,
				    (struct nx_timespec *)rem);
}

static const handler_t handlers[NX_SYS_MAX] = {
	[NX_SYS_EXIT] = sys_exit,
	[NX_SYS_READ] = sys_read,
	[NX_SYS_WRITE] = sys_write,
	[NX_SYS_WRITEV] = sys_writev,
	[NX_SYS_OPEN] = sys_open,
	[NX_SYS_CLOSE] = sys_close,
	[NX_SYS_LSEEK] = sys_lseek,
	[NX_SYS_FSTAT] = sys_fstat,
	[NX_SYS_ISATTY] = sys_isatty,
	[NX_SYS_BRK] = sys_brk,
	[NX_SYS_MMAP] = sys_mmap,
	[NX_SYS_MUNMAP] = sys_munmap,
	[NX_SYS_GETPID] = sys_getpid,
	[NX_SYS_CLOCK_GETTIME] = sys_clock_gettime,
	[NX_SYS_GETTIMEOFDAY] = sys_gettimeofday,
	[NX_SYS_NANOSLEEP] = sys_nanosleep,
};

__attribute__((section(".text.kcall"))) int64_t
nx_kcall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
	 uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	if (nr == 0 || nr >= NX_SYS_MAX || !handlers[nr])
		return -NX_ENOSYS;
	return handlers[nr](a0, a1, a2, a3);
}
