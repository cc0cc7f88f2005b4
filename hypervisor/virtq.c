#include <string.h>

#include <nanvix/virtio.h>

#include "virtq.h"

static uint64_t avail_size(uint16_t num)
{
	return sizeof(struct virtq_avail) + 2ull * num + 2;
}

static uint64_t used_size(uint16_t num)
{
	return sizeof(struct virtq_used) +
	       sizeof(struct virtq_used_elem) * num + 2;
}

int virtq_check(const struct virtq *vq, const struct gmem *mem)
{
	if (vq->num == 0 || vq->num > VIRTQ_NUM_MAX ||
	    (vq->num & (vq->num - 1)))
		return 0;
	return gmem_ptr(mem, vq->desc_gpa,
			sizeof(struct virtq_desc) * vq->num) &&
	       gmem_ptr(mem, vq->avail_gpa, avail_size(vq->num)) &&
	       gmem_ptr(mem, vq->used_gpa, used_size(vq->num));
}

static int read_chain(const struct virtq *vq, const struct gmem *mem,
		      uint16_t head, struct virtq_chain *chain)
{
	const struct virtq_desc *table =
		gmem_ptr(mem, vq->desc_gpa, sizeof(*table) * vq->num);
	uint16_t id = head;

	chain->head = head;
	chain->count = 0;
	for (;;) {
		struct virtq_desc d;
		struct virtq_buf *b;

		if (id >= vq->num || chain->count == VIRTQ_CHAIN_MAX)
			return -1;
		memcpy(&d, &table[id], sizeof(d));
		b = &chain->buf[chain->count++];
		b->host = gmem_ptr(mem, d.addr, d.len);
		b->len = d.len;
		b->writable = !!(d.flags & VIRTQ_DESC_F_WRITE);
		if (!b->host)
			return -1;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			return 0;
		id = d.next;
	}
}

int virtq_pop(struct virtq *vq, const struct gmem *mem,
	      struct virtq_chain *chain)
{
	struct virtq_avail *avail;
	uint16_t idx, head;

	if (!vq->ready)
		return 0;
	avail = gmem_ptr(mem, vq->avail_gpa, avail_size(vq->num));
	if (!avail)
		return -1;
	idx = __atomic_load_n(&avail->idx, __ATOMIC_ACQUIRE);
	if (idx == vq->last_avail)
		return 0;
	/*
	 * A driver never has more than num entries outstanding. The ring is
	 * beyond repair, so the queue stops until the driver resets it.
	 */
	if ((uint16_t)(idx - vq->last_avail) > vq->num) {
		vq->ready = 0;
		return -1;
	}
	head = avail->ring[vq->last_avail % vq->num];
	vq->last_avail++;
	if (read_chain(vq, mem, head, chain))
		return -1;
	return 1;
}

void virtq_push(struct virtq *vq, const struct gmem *mem, uint16_t head,
		uint32_t len)
{
	struct virtq_used *used =
		gmem_ptr(mem, vq->used_gpa, used_size(vq->num));

	if (!used)
		return;
	used->ring[vq->used_idx % vq->num] = (struct virtq_used_elem){
		.id = head,
		.len = len,
	};
	vq->used_idx++;
	__atomic_store_n(&used->idx, vq->used_idx, __ATOMIC_RELEASE);
}
