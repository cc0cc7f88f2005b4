/*
 * The systemVM's virtio console. Every buffer starts with a struct
 * nx_con_frame naming the userVM slot (include/nanvix/console.h), so one
 * device carries the stdin, stdout and stderr of every invocation of the
 * tenant. It runs on the systemVM's vCPU thread during MMIO exits, so the
 * guest is stopped while its queues are read.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include <nanvix/console.h>
#include <nanvix/virtio.h>

#include "log.h"
#include "tenant.h"

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

static void write_all(int fd, const uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* the reader went away; drop the output */
		p += n;
		len -= (size_t)n;
	}
}

static void output(struct slot *s, const struct nx_con_frame *f,
		   const struct virtq_chain *chain)
{
	uint32_t left = f->len;

	if (f->fd != 1 && f->fd != 2)
		return;
	for (unsigned i = 1; i < chain->count && left; i++) {
		uint32_t n =
			chain->buf[i].len < left ? chain->buf[i].len : left;

		write_all(s->fd[f->fd], chain->buf[i].host, n);
		left -= n;
	}
}

static void transmit(struct tenant *t, const struct virtq_chain *chain)
{
	struct nx_con_frame f;
	struct slot *s;

	if (chain->buf[0].len < sizeof(f) || chain->buf[0].writable)
		return;
	memcpy(&f, chain->buf[0].host, sizeof(f));
	s = frame_slot(t, &f);
	if (!s)
		return; /* stale: its invocation has ended */
	if (f.kind == NX_CON_OUTPUT)
		output(s, &f, chain);
	else if (f.kind == NX_CON_INPUT_WANT && f.fd == 0)
		s->input_want = f.len < NX_CON_RX_DATA ? f.len : NX_CON_RX_DATA;
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
		transmit(t, &chain);
		virtq_push(vq, dev->mem, chain.head, 0);
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
