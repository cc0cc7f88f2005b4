#include <string.h>

#include "calls.h"
#include "console.h"
#include "nanvix/console.h"
#include "request.h"

typedef void (*call_fn)(struct slot *s, const struct nx_req *rq, struct fd *f);

/*
 * Complete rq without a reply payload. data_off still echoes the
 * request's, because the microkernel checks it against what it sent.
 */
static void reply(struct slot *s, const struct nx_req *rq, int64_t result)
{
	slot_reply(s, rq->tag, result, rq->data_off, 0);
}

static int write_progress(struct slot *s)
{
	const uint8_t *payload = s->ring->data + s->op.data_off;
	uint32_t chunk;
	int n = 0;

	while (s->op_sent < s->op.data_len) {
		chunk = s->op.data_len - s->op_sent;
		if (chunk > CONSOLE_TX_CHUNK)
			chunk = CONSOLE_TX_CHUNK;
		if (console_send_output(s->index, s->generation, s->op_stream,
					payload + s->op_sent, chunk) != 0)
			break;
		s->op_sent += chunk;
		s->op_inflight++;
		n++;
	}
	return n;
}

static int read_progress(struct slot *s)
{
	uint32_t want = s->op.data_len;

	if (s->op_want_sent)
		return 0;
	if (want > NX_CON_RX_DATA)
		want = NX_CON_RX_DATA;
	if (console_send_want(s->index, s->generation, want) != 0)
		return 0;
	s->op_want_sent = true;
	return 1;
}

int calls_progress(struct slot *s)
{
	if (s->state == SLOT_WRITING)
		return write_progress(s);
	if (s->state == SLOT_READING)
		return read_progress(s);
	return 0;
}

static void start_op(struct slot *s, const struct nx_req *rq,
		     const struct fd *f, enum slot_state state)
{
	s->op = *rq;
	s->op_stream = f->stream;
	s->op_sent = 0;
	s->op_inflight = 0;
	s->op_error = 0;
	s->op_want_sent = false;
	s->state = state;
	calls_progress(s);
}

static void do_read(struct slot *s, const struct nx_req *rq, struct fd *f)
{
	if (rq->data_len == 0) {
		reply(s, rq, 0);
		return;
	}
	start_op(s, rq, f, SLOT_READING);
}

static void do_write(struct slot *s, const struct nx_req *rq, struct fd *f)
{
	if (rq->data_len == 0) {
		reply(s, rq, 0);
		return;
	}
	start_op(s, rq, f, SLOT_WRITING);
}

static void do_open(struct slot *s, const struct nx_req *rq, struct fd *f)
{
	(void)f;
	/* TODO: look the path up once the macrokernel has a file system. */
	reply(s, rq, -NX_ENOENT);
}

static void do_close(struct slot *s, const struct nx_req *rq, struct fd *f)
{
	(void)f;
	reply(s, rq, fdtable_close(&s->fds, rq->fd));
}

static void do_lseek(struct slot *s, const struct nx_req *rq, struct fd *f)
{
	(void)f;
	/* Every descriptor is a console stream, which cannot seek. */
	reply(s, rq, -NX_ESPIPE);
}

static void do_fstat(struct slot *s, const struct nx_req *rq, struct fd *f)
{
	struct nx_stat st = {
		.mode = NX_S_IFCHR | 0620,
		.nlink = 1,
		.blksize = CONSOLE_TX_CHUNK,
	};

	(void)f;
	memcpy(s->ring->data + rq->data_off, &st, sizeof(st));
	slot_reply(s, rq->tag, 0, rq->data_off, sizeof(st));
}

static void do_isatty(struct slot *s, const struct nx_req *rq, struct fd *f)
{
	/* newlib line-buffers a stream when isatty() returns 1. */
	reply(s, rq, (s->tty_mask >> f->stream) & 1);
}

static const call_fn calls[NX_RQ_MAX] = {
	[NX_RQ_READ] = do_read,	    [NX_RQ_WRITE] = do_write,
	[NX_RQ_OPEN] = do_open,	    [NX_RQ_CLOSE] = do_close,
	[NX_RQ_LSEEK] = do_lseek,   [NX_RQ_FSTAT] = do_fstat,
	[NX_RQ_ISATTY] = do_isatty,
};

void calls_dispatch(struct slot *s, const struct nx_req *rq)
{
	struct fd *f;
	int err = request_decode(rq, &s->fds, &f);

	if (err != 0) {
		reply(s, rq, err);
		return;
	}
	/* request_decode bounded rq->call to the table. */
	if (calls[rq->call] == NULL) {
		reply(s, rq, -NX_ENOSYS);
		return;
	}
	calls[rq->call](s, rq, f);
}

void calls_output_done(uint32_t slot, uint32_t generation, int32_t status)
{
	struct slot *s = slot_find(slot, generation);

	if (s == NULL || s->state != SLOT_WRITING || s->op_inflight == 0)
		return;
	s->op_inflight--;
	/* The first failed chunk decides the result of the whole write. */
	if (status < 0 && s->op_error == 0)
		s->op_error = status;
	if (s->op_sent == s->op.data_len && s->op_inflight == 0) {
		s->state = SLOT_IDLE;
		reply(s, &s->op,
		      s->op_error ? (int64_t)s->op_error
				  : (int64_t)s->op.data_len);
	}
}

void calls_input(uint32_t slot, uint32_t generation, const uint8_t *data,
		 uint32_t len)
{
	struct slot *s = slot_find(slot, generation);

	/* Drop input no read waits for: it belongs to a detached slot. */
	if (s == NULL || s->state != SLOT_READING || !s->op_want_sent)
		return;
	if (len > s->op.data_len)
		len = s->op.data_len;
	memcpy(s->ring->data + s->op.data_off, data, len);
	s->state = SLOT_IDLE;
	slot_reply(s, s->op.tag, len, s->op.data_off, len);
}
