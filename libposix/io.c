/* File calls, translated to the microkernel's file descriptor calls. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "posix.h"

/*
 * open() flags as the microkernel expects them: Linux's values, because
 * the microkernel forwards them to the systemVM unchanged. newlib's O_*
 * values differ (O_CREAT is 0x200 in newlib, 0x40 on Linux).
 * TODO: move these to include/nanvix/syscall.h, which does not define
 * the encoding of NX_SYS_OPEN's flags yet.
 */
#define NX_O_ACCMODE 03
#define NX_O_CREAT 0100
#define NX_O_EXCL 0200
#define NX_O_TRUNC 01000
#define NX_O_APPEND 02000
#define NX_O_NONBLOCK 04000
#define NX_O_SYNC 04010000
#define NX_O_DIRECTORY 0200000
#define NX_O_NOFOLLOW 0400000

static const struct {
	int posix;
	uint64_t nx;
} open_flags[] = {
	{ O_CREAT, NX_O_CREAT },
	{ O_EXCL, NX_O_EXCL },
	{ O_TRUNC, NX_O_TRUNC },
	{ O_APPEND, NX_O_APPEND },
	{ O_NONBLOCK, NX_O_NONBLOCK },
	{ O_SYNC, NX_O_SYNC },
	{ O_DIRECTORY, NX_O_DIRECTORY },
	{ O_NOFOLLOW, NX_O_NOFOLLOW },
	/* No exec and no controlling terminal, so these change nothing. */
	{ O_CLOEXEC, 0 },
	{ O_NOCTTY, 0 },
};

#define OPEN_FLAGS_LEN (sizeof(open_flags) / sizeof(open_flags[0]))

/* Returns the NX_O_* form of flags, or -1 if a flag has no translation. */
static int64_t open_flags_to_nx(int flags)
{
	uint64_t nx = (uint64_t)(flags & O_ACCMODE);
	unsigned i;

	if ((flags & O_ACCMODE) == O_ACCMODE)
		return -1;
	flags &= ~O_ACCMODE;
	for (i = 0; i < OPEN_FLAGS_LEN; i++) {
		if (flags & open_flags[i].posix) {
			nx |= open_flags[i].nx;
			flags &= ~open_flags[i].posix;
		}
	}
	return flags ? -1 : (int64_t)nx;
}

int open(const char *path, int flags, ...)
{
	int64_t nx_flags = open_flags_to_nx(flags);
	mode_t mode = 0;
	va_list ap;

	if (nx_flags < 0)
		return posix_fail(EINVAL);
	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return (int)posix_result(kcall(NX_SYS_OPEN, (uintptr_t)path,
				       (uint64_t)nx_flags, mode, 0));
}

int close(int fd)
{
	return (int)posix_result(kcall(NX_SYS_CLOSE, (uint64_t)fd, 0, 0, 0));
}

_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t len)
{
	return posix_result(
		kcall(NX_SYS_READ, (uint64_t)fd, (uintptr_t)buf, len, 0));
}

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t len)
{
	return posix_result(
		kcall(NX_SYS_WRITE, (uint64_t)fd, (uintptr_t)buf, len, 0));
}

/* struct iovec and struct nx_iovec share one layout on x86-64. */
_Static_assert(sizeof(struct iovec) == sizeof(struct nx_iovec), "iovec size");
_Static_assert(__builtin_offsetof(struct iovec, iov_base) ==
		       __builtin_offsetof(struct nx_iovec, base),
	       "iovec base offset");
_Static_assert(__builtin_offsetof(struct iovec, iov_len) ==
		       __builtin_offsetof(struct nx_iovec, len),
	       "iovec len offset");
_Static_assert(IOV_MAX == NX_IOV_MAX, "IOV_MAX");

ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
	if (iovcnt < 0 || iovcnt > IOV_MAX)
		return posix_fail(EINVAL);
	return posix_result(kcall(NX_SYS_WRITEV, (uint64_t)fd, (uintptr_t)iov,
				  (uint64_t)iovcnt, 0));
}

/* The ABI has no readv, so this reads buffer by buffer. */
ssize_t readv(int fd, const struct iovec *iov, int iovcnt)
{
	ssize_t total = 0;
	ssize_t n;
	int i;

	if (iovcnt < 0 || iovcnt > IOV_MAX)
		return posix_fail(EINVAL);
	for (i = 0; i < iovcnt; i++) {
		n = read(fd, iov[i].iov_base, iov[i].iov_len);
		if (n < 0)
			return total ? total : -1;
		total += n;
		if ((size_t)n < iov[i].iov_len)
			break;
	}
	return total;
}

off_t lseek(int fd, off_t offset, int whence)
{
	return posix_result(kcall(NX_SYS_LSEEK, (uint64_t)fd, (uint64_t)offset,
				  (uint64_t)whence, 0));
}

static mode_t mode_from_nx(uint32_t nx_mode)
{
	mode_t mode = nx_mode & 07777;

	if ((nx_mode & 0170000) == NX_S_IFCHR)
		mode |= S_IFCHR;
	else if ((nx_mode & 0170000) == NX_S_IFREG)
		mode |= S_IFREG;
	return mode;
}

int fstat(int fd, struct stat *st)
{
	struct nx_stat nx_st = { 0 };
	int64_t ret;

	ret = kcall(NX_SYS_FSTAT, (uint64_t)fd, (uintptr_t)&nx_st, 0, 0);
	if (posix_result(ret) < 0)
		return -1;

	*st = (struct stat){ 0 };
	st->st_mode = mode_from_nx(nx_st.mode);
	st->st_nlink = (nlink_t)nx_st.nlink;
	st->st_size = (off_t)nx_st.size;
	st->st_ino = (ino_t)nx_st.ino;
	st->st_blksize = (blksize_t)nx_st.blksize;
	st->st_blocks = (blkcnt_t)((nx_st.size + 511) / 512);
	return 0;
}

/*
 * The ABI has no stat call, so stat opens the file. That fails for
 * files the function may not open, which a real stat would report.
 */
int stat(const char *path, struct stat *st)
{
	int saved_errno;
	int fd;
	int ret;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ret = fstat(fd, st);
	saved_errno = errno;
	close(fd);
	errno = saved_errno;
	return ret;
}

int isatty(int fd)
{
	int64_t ret = kcall(NX_SYS_ISATTY, (uint64_t)fd, 0, 0, 0);

	if (posix_result(ret) < 0)
		return 0;
	if (ret == 0) {
		errno = ENOTTY;
		return 0;
	}
	return 1;
}

/* The ABI has no call that adds or removes a file's name. */
int link(const char *old_path, const char *new_path)
{
	(void)old_path;
	(void)new_path;
	return posix_fail(ENOSYS);
}

int unlink(const char *path)
{
	(void)path;
	return posix_fail(ENOSYS);
}

POSIX_ALIAS(open);
POSIX_ALIAS(close);
POSIX_ALIAS(read);
POSIX_ALIAS(write);
POSIX_ALIAS(lseek);
POSIX_ALIAS(fstat);
POSIX_ALIAS(stat);
POSIX_ALIAS(isatty);
POSIX_ALIAS(link);
POSIX_ALIAS(unlink);
