/*
 * The systemVM's virtio console. Every buffer starts with a struct
 * nx_con_frame naming the userVM slot (include/nanvix/console.h), so one
 * device carries the stdin, stdout and stderr of every invocation of the
 * tenant. It runs on the systemVM's vCPU thread during MMIO exits, so the
 * guest is stopped while its queues are read.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include <nanvix/console.h>
#include <nanvix/ring.h>
#include <nanvix/virtio.h>

#include "log.h"
#include "tenant.h"

#define WRITE_WAIT_MS 100

static struct tenant *tenant_of(struct virtio_mmio *dev)
{
	return dev->priv;
}

/* Return the slot a frame names if its generation is still current. */
static struct slot *frame_slot(struct tenant *t, const struct nx_con_frame *f)
{
	struct slot *s;

	if (f->slot >= NX_MAX_USERVMS)
		return NULL;
	s = &t->slot[f->slot];
	if (s->state != SLOT_ATTACHED || s->generation != f->generation)
		return NULL;
	return s;
}

static int32_t nx_errno(int err)
{
	switch (err) {
	case EPIPE:
		return -NX_EPIPE;
	case ENOSPC:
		return -NX_ENOSPC;
	case EBADF:
		return -NX_EBADF;
	default:
		return -NX_EIO;
	}
}

/*
 * Whether to give up on a slot's output: its invocation has ended or the
 * VMM is stopping. Read without the lock, which the caller holds.
 */
static int abandoned(struct tenant *t, struct slot *s)
{
	return __atomic_load_n(&s->abandoned, __ATOMIC_ACQUIRE) ||
	       __atomic_load_n(&t->stopping, __ATOMIC_ACQUIRE);
}

/*
 * XXX: this runs on the systemVM's vCPU thread, so a caller that stops
 * reading stalls every invocation of the tenant until its own ends.
 * Write all of p to the invocation's fd. It waits for the fd to accept
 * data in steps of WRITE_WAIT_MS and writes at most PIPE_BUF bytes at a
 * time, which a pipe that polls writable takes without blocking. A
 * caller that stops reading therefore cannot hold this thread past the
 * end of its invocation. Returns 0 or -NX_E*.
 */
static int32_t write_all(struct tenant *t, struct slot *s, int fd,
			 const uint8_t *p, size_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };

	while (len) {
		size_t n = len < PIPE_BUF ? len : PIPE_BUF;
		ssize_t done;

		if (abandoned(t, s))
			return -NX_EIO;
		if (poll(&pfd, 1, WRITE_WAIT_MS) == 0)
			continue;
		done = write(fd, p, n);
		if (done < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (done <= 0)
			return nx_errno(done < 0 ? errno : EIO);
		p += done;
		len -= (size_t)done;
	}
	return 0;
}

/* Write an output frame's bytes; returns 0 or -NX_E*. */
static int32_t output(struct tenant *t, struct slot *s,
		      const struct nx_con_frame *f,
		      const struct virtq_chain *chain)
{
	uint32_t left = f->len;

	if (f->fd != 1 && f->fd != 2)
		return -NX_EBADF;
	for (unsigned i = 1; i < chain->count && left; i++) {
		const struct virtq_buf *b = &chain->buf[i];
		uint32_t n = b->len < left ? b->len : left;
		int32_t err;

		if (b->writable)
			break;
		err = write_all(t, s, s->fd[f->fd], b->host, n);
		if (err)
			return err;
		left -= n;
	}
	return 0;
}

/* Store status in the chain's last buffer if the driver made it writable. */
static uint32_t put_status(const struct virtq_chain *chain, int32_t status)
{
	const struct virtq_buf *last = &chain->buf[chain->count - 1];

	if (chain->count < 2 || !last->writable || last->len < sizeof(status))
		return 0;
	memcpy(last->host, &status, sizeof(status));
	return sizeof(status);
}

/* Process one transmit chain; returns the bytes written into it. */
static uint32_t transmit(struct tenant *t, const struct virtq_chain *chain)
{
	struct nx_con_frame f;
	struct slot *s;

	if (chain->buf[0].len < sizeof(f) || chain->buf[0].writable)
		return put_status(chain, -NX_EINVAL);
	memcpy(&f, chain->buf[0].host, sizeof(f));
	s = frame_slot(t, &f);
	if (!s)
		return put_status(chain, -NX_EIO); /* its invocation ended */
	if (f.kind == NX_CON_OUTPUT)
		return put_status(chain, output(t, s, &f, chain));
	if (f.kind == NX_CON_INPUT_WANT && f.fd == 0)
		s->input_want = f.len < NX_CON_RX_DATA ? f.len : NX_CON_RX_DATA;
	return 0;
}

static void drain_transmitq(struct tenant *t, struct virtio_mmio *dev)
{
	struct virtq *vq = &dev->queue[VIRTIO_CONSOLE_TX];
	struct virtq_chain chain;
	int r;

	while ((r = virtq_pop(vq, dev->mem, &chain)) != 0) {
		if (r < 0) {
			log_error("console: malformed transmit chain from the "
				  "macrokernel (tenant=%s)",
				  t->name);
			continue;
		}
		virtq_push(vq, dev->mem, chain.head, transmit(t, &chain));
	}
}

/* Fill one receive buffer with up to s->input_want bytes of stdin. */
static int deliver_input(struct tenant *t, unsigned slot)
{
	struct virtio_mmio *dev = &t->console;
	struct virtq *vq = &dev->queue[VIRTIO_CONSOLE_RX];
	struct slot *s = &t->slot[slot];
	struct nx_con_frame f = {
		.kind = NX_CON_INPUT,
		.slot = slot,
		.generation = s->generation,
	};
	struct virtq_chain chain;
	uint32_t room;
	ssize_t n;
	int r;

	do
		r = virtq_pop(vq, dev->mem, &chain);
	while (r < 0);
	if (r == 0)
		return -1; /* no receive buffer yet; retried on notify */
	room = chain.buf[0].len;
	if (!chain.buf[0].writable || room <= sizeof(f)) {
		virtq_push(vq, dev->mem, chain.head, 0);
		return 0;
	}
	room -= sizeof(f);
	if (room > s->input_want)
		room = s->input_want;
	do
		n = read(s->fd[0], chain.buf[0].host + sizeof(f), room);
	while (n < 0 && errno == EINTR);
	f.len = n > 0 ? (uint32_t)n : 0; /* errors read as end of file */
	memcpy(chain.buf[0].host, &f, sizeof(f));
	virtq_push(vq, dev->mem, chain.head, sizeof(f) + f.len);
	s->input_want = 0;
	return 0;
}

void console_poll_input(struct tenant *t, int timeout_ms)
{
	struct pollfd pfd[NX_MAX_USERVMS + 1];
	unsigned slot_of[NX_MAX_USERVMS + 1];
	unsigned n = 0;

	pfd[n++] = (struct pollfd){ .fd = t->kick_fd, .events = POLLIN };
	for (unsigned i = 0; i < NX_MAX_USERVMS; i++) {
		if (t->slot[i].state != SLOT_ATTACHED || !t->slot[i].input_want)
			continue;
		slot_of[n] = i;
		pfd[n++] = (struct pollfd){
			.fd = t->slot[i].fd[0],
			.events = POLLIN,
		};
	}
	pthread_mutex_unlock(&t->lock);
	poll(pfd, n, timeout_ms);
	pthread_mutex_lock(&t->lock);
	if (pfd[0].revents & POLLIN) {
		uint64_t count;

		if (read(t->kick_fd, &count, sizeof(count)) < 0)
			count = 0;
	}
	for (unsigned i = 1; i < n; i++) {
		struct slot *s = &t->slot[slot_of[i]];

		/* The slot may have been detached while unlocked. */
		if (pfd[i].revents && s->state == SLOT_ATTACHED &&
		    s->input_want && s->fd[0] == pfd[i].fd)
			deliver_input(t, slot_of[i]);
	}
}

static void console_notify(struct virtio_mmio *dev, unsigned queue)
{
	struct tenant *t = tenant_of(dev);

	if (queue == VIRTIO_CONSOLE_TX)
		drain_transmitq(t, dev);
	/* New input requests or new receive buffers: serve what is ready. */
	console_poll_input(t, 0);
}

const struct virtio_device_ops console_ops = {
	.notify = console_notify,
};
