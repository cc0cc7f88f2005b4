#include "ring_client.h"

#define MASK (NX_RING_ENTRIES - 1)

static void copy_bytes(void *dst, const void *src, uint32_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
}

void ring_client_init(struct ring_client *c, struct nx_ring *ring,
		      const struct ring_hooks *hooks)
{
	uint8_t *p = (uint8_t *)c;

	for (uint32_t i = 0; i < sizeof(*c); i++)
		p[i] = 0;
	c->ring = ring;
	c->hooks = hooks;
	c->sq_tail = __atomic_load_n(&ring->hdr.sq_tail, __ATOMIC_RELAXED);
	c->cq_head = __atomic_load_n(&ring->hdr.cq_head, __ATOMIC_RELAXED);
	c->next_tag = 1;
}

/* Take the next completion, waiting for it. Returns its index. */
static uint32_t reap(struct ring_client *c, struct nx_cpl *out)
{
	struct nx_ring *r = c->ring;
	uint32_t idx = c->cq_head, tail;
	struct nx_cpl cpl;

	if (c->in_flight == 0)
		c->hooks->panic("ring: waiting with nothing in flight");
	for (;;) {
		tail = __atomic_load_n(&r->hdr.cq_tail, __ATOMIC_ACQUIRE);
		if (tail != idx)
			break;
		c->hooks->wait(c);
	}
	if (tail - idx > c->in_flight)
		c->hooks->panic("ring: more completions than requests");
	copy_bytes(&cpl, &r->cq[idx & MASK], sizeof(cpl));
	if (cpl.tag != c->slot[idx & MASK].tag)
		c->hooks->panic("ring: completion out of order");
	if (cpl.data_len > c->slot[idx & MASK].len ||
	    cpl.data_off != c->slot[idx & MASK].off)
		cpl.result = -NX_EPROTO, cpl.data_len = 0;
	if (c->slot[idx & MASK].posted && cpl.result < 0 && !c->error)
		c->error = cpl.result;
	c->bytes -= c->slot[idx & MASK].charge;
	c->in_flight--;
	c->cq_head = idx + 1;
	__atomic_store_n(&r->hdr.cq_head, c->cq_head, __ATOMIC_RELEASE);
	if (out)
		*out = cpl;
	return idx;
}

uint32_t ring_client_reserve(struct ring_client *c, uint32_t len)
{
	uint32_t off, charge;

	if (len > NX_CREDIT_BYTES)
		c->hooks->panic("ring: payload larger than the byte credits");
	for (;;) {
		if (c->in_flight == 0)
			c->data_head = 0; /* the data area is empty */
		off = c->data_head;
		charge = len;
		/* A payload never wraps: the tail of the area is skipped. */
		if (len > NX_RING_DATA_SIZE - off) {
			charge += NX_RING_DATA_SIZE - off;
			off = 0;
		}
		if (c->in_flight < NX_CREDIT_REQUESTS &&
		    c->bytes + charge <= NX_CREDIT_BYTES)
			break;
		reap(c, 0); /* out of credits: wait for one to come back */
	}
	c->bytes += charge;
	c->data_head = off + len;
	c->slot[c->sq_tail & MASK].charge = charge;
	return off;
}

uint32_t ring_client_submit(struct ring_client *c, struct nx_req *req,
			    uint32_t off, uint32_t len, int posted)
{
	struct nx_ring *r = c->ring;
	uint32_t idx = c->sq_tail;

	req->tag = c->next_tag++;
	req->data_off = off;
	req->data_len = len;
	c->slot[idx & MASK].tag = req->tag;
	c->slot[idx & MASK].off = off;
	c->slot[idx & MASK].len = len;
	c->slot[idx & MASK].posted = (uint8_t)posted;
	copy_bytes(&r->sq[idx & MASK], req, sizeof(*req));
	c->in_flight++;
	c->sq_tail = idx + 1;
	__atomic_store_n(&r->hdr.sq_tail, c->sq_tail, __ATOMIC_RELEASE);
	/* Pairs with the systemVM's fence between sys_waiting and its check. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&r->hdr.sys_waiting, __ATOMIC_RELAXED))
		c->hooks->kick(c);
	return idx;
}

void ring_client_wait(struct ring_client *c, uint32_t idx, struct nx_cpl *cpl)
{
	while (reap(c, cpl) != idx)
		;
}

void ring_client_drain(struct ring_client *c)
{
	while (c->in_flight)
		reap(c, 0);
}

int64_t ring_client_take_error(struct ring_client *c)
{
	int64_t err = c->error;

	c->error = 0;
	return err;
}
