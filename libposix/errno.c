#include <errno.h>

#include "posix.h"

/*
 * The ABI uses Linux's error numbers. newlib numbers some errors
 * differently (ENOSYS is 88, not 38), so every value is mapped by name.
 */
static const int errno_table[] = {
	[NX_EPERM] = EPERM,   [NX_ENOENT] = ENOENT, [NX_EIO] = EIO,
	[NX_EBADF] = EBADF,   [NX_EAGAIN] = EAGAIN, [NX_ENOMEM] = ENOMEM,
	[NX_EFAULT] = EFAULT, [NX_EINVAL] = EINVAL, [NX_EMFILE] = EMFILE,
	[NX_ENOTTY] = ENOTTY, [NX_ENOSPC] = ENOSPC, [NX_ESPIPE] = ESPIPE,
	[NX_EPIPE] = EPIPE,   [NX_ERANGE] = ERANGE, [NX_ENOSYS] = ENOSYS,
	[NX_EPROTO] = EPROTO,
};

#define ERRNO_TABLE_LEN ((int64_t)(sizeof(errno_table) / sizeof(int)))

int errno_from_nx(int64_t nx_errno)
{
	/* An error number the ABI does not define is reported as EIO. */
	if (nx_errno <= 0 || nx_errno >= ERRNO_TABLE_LEN)
		return EIO;
	if (errno_table[nx_errno] == 0)
		return EIO;
	return errno_table[nx_errno];
}

int64_t posix_result(int64_t ret)
{
	if (ret >= 0)
		return ret;
	errno = errno_from_nx(-ret);
	return -1;
}

int posix_fail(int err)
{
	errno = err;
	return -1;
}
