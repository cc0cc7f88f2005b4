#include <stddef.h>

#include "request.h"

bool request_data_ok(uint32_t off, uint32_t len)
{
	/* 64-bit sum: off + len cannot wrap. */
	return (uint64_t)off + len <= NX_RING_DATA_SIZE;
}

static int check_access(uint32_t call, const struct fd *f)
{
	if (call == NX_RQ_READ && (f->access & FD_READ) == 0)
		return -NX_EBADF;
	if (call == NX_RQ_WRITE && (f->access & FD_WRITE) == 0)
		return -NX_EBADF;
	return 0;
}

int request_decode(const struct nx_req *rq, struct fdtable *t, struct fd **fdp)
{
	struct fd *f;

	*fdp = NULL;
	if (rq->call == 0 || rq->call >= NX_RQ_MAX)
		return -NX_ENOSYS;
	if (!request_data_ok(rq->data_off, rq->data_len))
		return -NX_EFAULT;
	if (rq->call == NX_RQ_OPEN)
		return 0;

	f = fdtable_get(t, rq->fd);
	if (f == NULL)
		return -NX_EBADF;
	if (check_access(rq->call, f) != 0)
		return -NX_EBADF;
	if (rq->call == NX_RQ_FSTAT && rq->data_len < sizeof(struct nx_stat))
		return -NX_EINVAL;

	*fdp = f;
	return 0;
}
