#include <string.h>

#include "console.h"
#include "log.h"
#include "nanvix/console.h"
#include "nanvix/ring.h"
#include "calls.h"

/* Receive buffers kept posted, one descriptor each. */
#define RX_BUFS 16

/* One chain in flight on the transmit queue, with the frame it sends. */
struct tx_rec {
	struct nx_con_frame frame;
	int32_t status; /* written by the device for output chains */
	struct tx_rec *next_free;
};

struct rx_buf {
	struct nx_con_frame frame;
	uint8_t data[NX_CON_RX_DATA];
};

_Static_assert(sizeof(struct rx_buf) == NX_CON_RX_BUF, "rx buffer size");

static struct virtq_mem rx_mem, tx_mem;
static struct virtq rxq, txq;
static struct rx_buf rx_bufs[RX_BUFS];
static struct tx_rec tx_recs[VIRTQ_MAX];
static struct tx_rec *tx_free;
static struct virtio_mmio *con;

static int post_rx(struct rx_buf *b)
{
	struct virtq_seg seg = {
		.addr = (uint64_t)(uintptr_t)b,
		.len = sizeof(*b),
		.device_writes = true,
	};

	return virtq_add(&rxq, &seg, 1, b);
}

static int setup_queues(struct virtio_mmio *dev)
{
	unsigned i;

	if (virtio_mmio_queue_setup(dev, VIRTIO_CONSOLE_RX, &rxq, &rx_mem) ||
	    virtio_mmio_queue_setup(dev, VIRTIO_CONSOLE_TX, &txq, &tx_mem))
		return -NX_EIO;

	for (i = 0; i < VIRTQ_MAX; i++) {
		tx_recs[i].next_free = tx_free;
		tx_free = &tx_recs[i];
	}
	/* A queue smaller than RX_BUFS takes fewer buffers, which works. */
	for (i = 0; i < RX_BUFS; i++) {
		if (post_rx(&rx_bufs[i]) != 0)
			break;
	}
	return 0;
}

int console_init(struct virtio_mmio *dev)
{
	if (virtio_mmio_start(dev, 1ull << VIRTIO_F_VERSION_1) != 0)
		return -NX_EIO;
	if (setup_queues(dev) != 0) {
		log_printf("macrokernel: console queue setup failed (slot=%u)",
			   dev->index);
		virtio_mmio_fail(dev);
		return -NX_EIO;
	}
	con = dev;
	virtio_mmio_ready(dev);
	virtio_mmio_notify(dev, VIRTIO_CONSOLE_RX);
	return 0;
}

static struct tx_rec *tx_rec_alloc(uint32_t kind, uint32_t slot,
				   uint32_t generation, uint32_t fd,
				   uint32_t len)
{
	struct tx_rec *r = tx_free;

	if (r == NULL)
		return NULL;
	tx_free = r->next_free;
	memset(&r->frame, 0, sizeof(r->frame));
	r->frame.kind = kind;
	r->frame.slot = slot;
	r->frame.generation = generation;
	r->frame.fd = fd;
	r->frame.len = len;
	return r;
}

static void tx_rec_free(struct tx_rec *r)
{
	r->next_free = tx_free;
	tx_free = r;
}

static int send_chain(struct tx_rec *r, const void *data, uint32_t len)
{
	struct virtq_seg seg[3] = {
		{ .addr = (uint64_t)(uintptr_t)&r->frame,
		  .len = sizeof(r->frame) },
		{ .addr = (uint64_t)(uintptr_t)data, .len = len },
		{ .addr = (uint64_t)(uintptr_t)&r->status,
		  .len = sizeof(r->status),
		  .device_writes = true },
	};

	/* A device that never writes the status leaves success behind. */
	r->status = 0;
	if (virtq_add(&txq, seg, len > 0 ? 3 : 1, r) != 0) {
		tx_rec_free(r);
		return -NX_EAGAIN;
	}
	return 0;
}

int console_send_output(uint32_t slot, uint32_t generation, uint32_t fd,
			const void *data, uint32_t len)
{
	struct tx_rec *r;

	r = tx_rec_alloc(NX_CON_OUTPUT, slot, generation, fd, len);
	if (r == NULL)
		return -NX_EAGAIN;
	return send_chain(r, data, len);
}

int console_send_want(uint32_t slot, uint32_t generation, uint32_t len)
{
	struct tx_rec *r;

	r = tx_rec_alloc(NX_CON_INPUT_WANT, slot, generation, 0, len);
	if (r == NULL)
		return -NX_EAGAIN;
	return send_chain(r, NULL, 0);
}

void console_flush(void)
{
	if (virtq_notify_needed(&txq))
		virtio_mmio_notify(con, VIRTIO_CONSOLE_TX);
	if (virtq_notify_needed(&rxq))
		virtio_mmio_notify(con, VIRTIO_CONSOLE_RX);
}

static void harvest_failed(const char *queue)
{
	/* The device is part of the trusted VMM: a bad id is its bug. */
	panic("macrokernel: console device returned an invalid used id "
	      "(queue=%s)",
	      queue);
}

static int poll_tx(void)
{
	struct tx_rec *r;
	uint32_t len;
	void *token;
	int n = 0, rc;

	while ((rc = virtq_harvest(&txq, &token, &len)) == 1) {
		r = token;
		if (r->frame.kind == NX_CON_OUTPUT)
			calls_output_done(r->frame.slot, r->frame.generation,
					  len >= sizeof(r->status) ? r->status
								   : 0);
		tx_rec_free(r);
		n++;
	}
	if (rc < 0)
		harvest_failed("transmit");
	return n;
}

static void deliver(struct rx_buf *b, uint32_t used_len)
{
	struct nx_con_frame f;

	/* Copy first: the checks and the callback must see one frame. */
	memcpy(&f, &b->frame, sizeof(f));
	if (used_len < sizeof(f) || f.kind != NX_CON_INPUT ||
	    f.len > NX_CON_RX_DATA || f.len > used_len - sizeof(f)) {
		log_printf("macrokernel: invalid console frame dropped "
			   "(kind=%u, len=%u, used_len=%u)",
			   f.kind, f.len, used_len);
		return;
	}
	calls_input(f.slot, f.generation, b->data, f.len);
}

static int poll_rx(void)
{
	uint32_t len;
	void *token;
	int n = 0, rc;

	while ((rc = virtq_harvest(&rxq, &token, &len)) == 1) {
		deliver(token, len);
		/* The buffer's descriptor was just freed, so this fits. */
		post_rx(token);
		n++;
	}
	if (rc < 0)
		harvest_failed("receive");
	return n;
}

int console_poll(void)
{
	return poll_tx() + poll_rx();
}

bool console_has_used(void)
{
	return virtq_has_used(&txq) || virtq_has_used(&rxq);
}
