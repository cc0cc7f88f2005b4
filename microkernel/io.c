/*
 * I/O system calls, forwarded to the systemVM over the ring. Writes to
 * stdout and stderr are posted: they return once queued, so the function
 * keeps running while the systemVM writes. An error they meet is
 * returned by the next write to either stream or by its close.
 * Everything else waits for its completion.
 */
#include <nanvix/hypercall.h>

#include "mk.h"
#include "ring_client.h"

#define CHUNK (NX_CREDIT_BYTES / 2) /* two chunks in flight at once */
#define PATH_MAX 4096
#define SPIN_NS 50000ull
#define WAIT_NS 1000000000ull

static struct ring_client client;
/* Bit n: writes to fd n are posted. Cleared when the fd is closed. */
static uint32_t posted_fds = 1u << 1 | 1u << 2;

static void wait_completion(struct ring_client *c)
{
	struct nx_ring_hdr *h = &c->ring->hdr;
	uint64_t until = clock_monotonic_ns() + SPIN_NS;

	/* The systemVM usually completes within microseconds: poll first. */
	while (clock_monotonic_ns() < until) {
		if (__atomic_load_n(&h->cq_tail, __ATOMIC_ACQUIRE) !=
		    c->cq_head)
			return;
		nx_cpu_relax();
	}
	__atomic_store_n(&h->user_waiting, 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&h->cq_tail, __ATOMIC_ACQUIRE) == c->cq_head)
		nx_hypercall(NX_HC_WAIT, WAIT_NS, 0, 0);
	__atomic_store_n(&h->user_waiting, 0, __ATOMIC_RELAXED);
}

static void kick(struct ring_client *c)
{
	(void)c;
	nx_doorbell(NX_DOORBELL_GPA, 1);
}

static const struct ring_hooks hooks = {
	.wait = wait_completion,
	.kick = kick,
	.panic = mk_panic,
};

void io_init(void)
{
	struct nx_ring *ring = (struct nx_ring *)BOOTINFO->ring_gpa;

	if (ring->hdr.magic != NX_RING_MAGIC)
		mk_panic("the ring is not initialised");
	ring_client_init(&client, ring, &hooks);
}

int64_t io_drain(void)
{
	ring_client_drain(&client);
	return ring_client_take_error(&client);
}

/* Submit a request with len payload bytes from src and wait for it. */
static int64_t call(struct nx_req *req, const void *src, uint32_t len,
		    void *dst, uint32_t cap)
{
	uint32_t need = len > cap ? len : cap;
	uint32_t off = ring_client_reserve(&client, need);
	struct nx_cpl cpl;
	uint32_t idx;

	if (len)
		memcpy(client.ring->data + off, src, len);
	idx = ring_client_submit(&client, req, off, need, 0);
	ring_client_wait(&client, idx, &cpl);
	if (dst && cpl.result >= 0 && cpl.data_len)
		memcpy(dst, client.ring->data + off,
		       cpl.data_len < cap ? cpl.data_len : cap);
	return cpl.result;
}

int64_t io_read(int32_t fd, void *buf, uint64_t len)
{
	struct nx_req req = { .call = NX_RQ_READ, .fd = fd };
	uint32_t cap = len < CHUNK ? (uint32_t)len : CHUNK;

	if (len == 0)
		return 0;
	if (!mk_user_range(buf, cap))
		return -NX_EFAULT;
	return call(&req, 0, 0, buf, cap);
}

static int posted_fd(int32_t fd)
{
	return fd >= 0 && fd < 32 && (posted_fds & 1u << fd);
}

/* Queue one chunk gathered from iov, starting *skip bytes into it. */
static int64_t write_chunk(int32_t fd, const struct nx_iovec **iov,
			   uint64_t *cnt, uint64_t *skip, uint32_t len)
{
	uint32_t off = ring_client_reserve(&client, len), done = 0;
	struct nx_req req = { .call = NX_RQ_WRITE, .fd = fd };
	struct nx_cpl cpl;
	uint32_t idx;

	while (done < len) {
		uint64_t n = (*iov)->len - *skip;

		if (n > len - done)
			n = len - done;
		memcpy(client.ring->data + off + done,
		       (const uint8_t *)(*iov)->base + *skip, n);
		done += (uint32_t)n;
		*skip += n;
		if (*skip == (*iov)->len) {
			(*iov)++, (*cnt)--;
			*skip = 0;
		}
	}
	idx = ring_client_submit(&client, &req, off, len, posted_fd(fd));
	if (posted_fd(fd))
		return len;
	ring_client_wait(&client, idx, &cpl);
	return cpl.result;
}

int64_t io_writev(int32_t fd, const struct nx_iovec *iov, uint64_t cnt)
{
	uint64_t total = 0, skip = 0, done = 0;
	int64_t err = posted_fd(fd) ? ring_client_take_error(&client) : 0;

	if (err)
		return err;
	if (cnt > NX_IOV_MAX)
		return -NX_EINVAL;
	if (!mk_user_range(iov, cnt * sizeof(*iov)))
		return -NX_EFAULT;
	for (uint64_t i = 0; i < cnt; i++) {
		if (iov[i].len > INT64_MAX - total)
			return -NX_EINVAL;
		if (iov[i].len &&
		    !mk_user_range((void *)iov[i].base, iov[i].len))
			return -NX_EFAULT;
		total += iov[i].len;
	}
	while (cnt && iov->len == 0)
		iov++, cnt--;
	while (done < total) {
		uint64_t want = total - done;
		int64_t n = write_chunk(fd, &iov, &cnt, &skip,
					want < CHUNK ? (uint32_t)want : CHUNK);

		if (n < 0)
			return done ? (int64_t)done : n;
		done += (uint64_t)n;
		while (cnt && iov->len == 0)
			iov++, cnt--;
	}
	return (int64_t)done;
}

int64_t io_write(int32_t fd, const void *buf, uint64_t len)
{
	struct nx_iovec one = { .base = (uint64_t)buf, .len = len };

	return io_writev(fd, &one, 1);
}

int64_t io_open(const char *path, int64_t flags, int64_t mode)
{
	struct nx_req req = { .call = NX_RQ_OPEN, .arg = { flags, mode } };
	uint64_t room = BOOTINFO->stack_top - (uint64_t)path;
	size_t len;

	if (!mk_user_range(path, 1))
		return -NX_EFAULT;
	len = strnlen(path, room < PATH_MAX ? room : PATH_MAX);
	if (len == room)
		return -NX_EFAULT;
	if (len == PATH_MAX)
		return -NX_ERANGE;
	return call(&req, path, (uint32_t)len + 1, 0, 0);
}

int64_t io_close(int32_t fd)
{
	struct nx_req req = { .call = NX_RQ_CLOSE, .fd = fd };
	int64_t err = posted_fd(fd) ? io_drain() : 0;
	int64_t rc = call(&req, 0, 0, 0, 0);

	if (rc == 0 && posted_fd(fd))
		posted_fds &= ~(1u << fd);
	return rc == 0 && err ? err : rc;
}

int64_t io_lseek(int32_t fd, int64_t offset, int64_t whence)
{
	struct nx_req req = { .call = NX_RQ_LSEEK,
			      .fd = fd,
			      .arg = { offset, whence } };

	return call(&req, 0, 0, 0, 0);
}

int64_t io_fstat(int32_t fd, struct nx_stat *st)
{
	struct nx_req req = { .call = NX_RQ_FSTAT, .fd = fd };

	if (!mk_user_range(st, sizeof(*st)))
		return -NX_EFAULT;
	return call(&req, 0, 0, st, sizeof(*st));
}

int64_t io_isatty(int32_t fd)
{
	struct nx_req req = { .call = NX_RQ_ISATTY, .fd = fd };

	return call(&req, 0, 0, 0, 0);
}
