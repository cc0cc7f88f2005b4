/*
 * Split virtqueue bookkeeping (virtio 1.1, 2.6). The 16-bit idx fields
 * are free-running and wrap, and a ring slot is idx & (num - 1).
 */
#include <string.h>

#include "nanvix/ring.h"
#include "virtq.h"

int virtq_init(struct virtq *q, struct virtq_mem *mem, uint16_t num)
{
	uint16_t i;

	if (num == 0 || num > VIRTQ_MAX || (num & (num - 1)) != 0)
		return -NX_EINVAL;

	memset(mem, 0, sizeof(*mem));
	memset(q, 0, sizeof(*q));
	q->mem = mem;
	q->num = num;
	for (i = 0; i < num; i++)
		q->next[i] = (uint16_t)(i + 1);
	q->free_head = 0;
	q->free_count = num;

	/* The driver polls the used ring, so it wants no interrupts. */
	mem->avail.flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
	return 0;
}

int virtq_add(struct virtq *q, const struct virtq_seg *seg, unsigned nseg,
	      void *token)
{
	struct virtq_desc *desc;
	uint16_t head, id;
	unsigned i;

	if (nseg == 0 || token == NULL)
		return -NX_EINVAL;
	if (nseg > q->free_count)
		return -NX_EAGAIN;

	head = q->free_head;
	id = head;
	for (i = 0; i < nseg; i++) {
		desc = &q->mem->desc[id];
		desc->addr = seg[i].addr;
		desc->len = seg[i].len;
		desc->flags = seg[i].device_writes ? VIRTQ_DESC_F_WRITE : 0;
		desc->next = 0;
		if (i + 1 < nseg) {
			desc->flags |= VIRTQ_DESC_F_NEXT;
			desc->next = q->next[id];
			id = q->next[id];
		}
	}
	q->free_head = q->next[id];
	q->free_count = (uint16_t)(q->free_count - nseg);
	q->chain_len[head] = (uint16_t)nseg;
	q->token[head] = token;

	q->mem->avail.ring[q->avail_idx & (q->num - 1)] = head;
	q->avail_idx++;
	/* The descriptors and the ring entry must be visible before idx. */
	__atomic_store_n(&q->mem->avail.idx, q->avail_idx, __ATOMIC_RELEASE);
	q->unnotified++;
	return 0;
}

bool virtq_notify_needed(struct virtq *q)
{
	uint16_t flags;

	if (q->unnotified == 0)
		return false;
	q->unnotified = 0;

	/*
	 * The idx store must be globally visible before the flags load, or
	 * the device could go idle after we read a stale NO_NOTIFY.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	flags = __atomic_load_n(&q->mem->used.flags, __ATOMIC_RELAXED);
	return (flags & VIRTQ_USED_F_NO_NOTIFY) == 0;
}

bool virtq_has_used(const struct virtq *q)
{
	uint16_t idx = __atomic_load_n(&q->mem->used.idx, __ATOMIC_ACQUIRE);

	return idx != q->used_idx;
}

int virtq_harvest(struct virtq *q, void **token, uint32_t *len)
{
	struct virtq_used_elem elem;
	uint16_t used, head, tail, n;

	used = __atomic_load_n(&q->mem->used.idx, __ATOMIC_ACQUIRE);
	if (used == q->used_idx)
		return 0;

	elem = q->mem->used.ring[q->used_idx & (q->num - 1)];
	q->used_idx++;
	if (elem.id >= q->num || q->token[elem.id] == NULL)
		return -NX_EIO;

	head = (uint16_t)elem.id;
	*token = q->token[head];
	*len = elem.len;
	q->token[head] = NULL;

	/* Walk the private links to the chain's last descriptor. */
	tail = head;
	for (n = 1; n < q->chain_len[head]; n++)
		tail = q->next[tail];
	q->next[tail] = q->free_head;
	q->free_head = head;
	q->free_count = (uint16_t)(q->free_count + q->chain_len[head]);
	q->chain_len[head] = 0;
	return 1;
}
