#include <stddef.h>
#include <stdint.h>

#include "log.h"
#include "nanvix/hypercall.h"
#include "slot.h"

struct slot slots[NX_MAX_USERVMS];
uint32_t slots_count;

static struct nx_sysctl *const sysctl =
	(struct nx_sysctl *)(uintptr_t)NX_SYSCTL_GPA;

void slots_init(uint64_t arena_gpa, uint32_t n)
{
	uint32_t i;

	slots_count = n;
	for (i = 0; i < n; i++) {
		slots[i].index = i;
		slots[i].ring = (struct nx_ring *)(uintptr_t)(arena_gpa +
							      i * NX_RING_SIZE);
	}
}

static void detach(struct slot *s)
{
	/* Chains still on the console queues carry the old generation, so
	 * their completions no longer find this slot. */
	ring_set_waiting(s->ring, 0);
	fdtable_clear(&s->fds);
	s->state = SLOT_DETACHED;
}

static void attach(struct slot *s, uint32_t generation)
{
	struct nx_ring_hdr *hdr = &s->ring->hdr;

	s->generation = generation;
	s->tty_mask = __atomic_load_n(&sysctl->slot[s->index].tty_mask,
				      __ATOMIC_RELAXED);
	fdtable_init(&s->fds);
	s->state = SLOT_IDLE;

	/*
	 * The VMM set the header up before it attached the slot, but the
	 * userVM may already run and may have overwritten it. slot_break()
	 * also reports to the VMM, which then ends the userVM.
	 */
	if (hdr->magic != NX_RING_MAGIC) {
		struct ring_violation v = { "ring_magic", hdr->magic,
					    NX_RING_MAGIC };

		slot_break(s, &v);
		return;
	}
	s->sq_head = __atomic_load_n(&hdr->sq_head, __ATOMIC_RELAXED);
	s->cq_tail = __atomic_load_n(&hdr->cq_tail, __ATOMIC_RELAXED);
	if (s->sq_head != s->cq_tail) {
		struct ring_violation v = { "attach_sq_head", s->sq_head,
					    s->cq_tail };

		slot_break(s, &v);
	}
}

int slots_sync(void)
{
	struct slot *s;
	uint32_t i, gen;
	int n = 0;

	for (i = 0; i < slots_count; i++) {
		s = &slots[i];
		gen = __atomic_load_n(&sysctl->slot[i].generation,
				      __ATOMIC_ACQUIRE);
		if (gen == s->generation)
			continue;
		if (s->state != SLOT_DETACHED)
			detach(s);
		if (gen & 1)
			attach(s, gen);
		s->generation = gen;
		__atomic_store_n(&sysctl->slot[i].ack, gen, __ATOMIC_RELEASE);
		n++;
	}
	return n;
}

bool slots_changed(void)
{
	uint32_t i, gen;

	for (i = 0; i < slots_count; i++) {
		gen = __atomic_load_n(&sysctl->slot[i].generation,
				      __ATOMIC_ACQUIRE);
		if (gen != slots[i].generation)
			return true;
	}
	return false;
}

struct slot *slot_find(uint32_t index, uint32_t generation)
{
	struct slot *s;

	if (index >= slots_count)
		return NULL;
	s = &slots[index];
	if (s->generation != generation)
		return NULL;
	if (s->state == SLOT_DETACHED || s->state == SLOT_BROKEN)
		return NULL;
	return s;
}

void slot_reply(struct slot *s, uint64_t tag, int64_t result, uint32_t data_off,
		uint32_t data_len)
{
	struct nx_cpl cpl = {
		.tag = tag,
		.result = result,
		.data_off = data_off,
		.data_len = data_len,
	};
	struct ring_violation v = { "unread_completions", NX_RING_ENTRIES,
				    NX_RING_ENTRIES - 1 };
	int rc = ring_complete(s->ring, &s->cq_tail, &cpl);

	if (rc < 0) {
		slot_break(s, &v);
		return;
	}
	/* An ioeventfd in the VMM: no exit to the VMM's user space. */
	if (rc == 1)
		nx_doorbell(NX_NOTIFY_GPA, s->index);
}

void slot_break(struct slot *s, const struct ring_violation *v)
{
	if (s->state == SLOT_BROKEN)
		return;
	s->state = SLOT_BROKEN;
	/* Tell the VMM, and wake the userVM so its VMM thread sees it. */
	__atomic_store_n(&sysctl->slot[s->index].broken, s->generation,
			 __ATOMIC_RELEASE);
	nx_doorbell(NX_NOTIFY_GPA, s->index);
	log_printf("macrokernel: ring protocol violation (slot=%u, "
		   "generation=%u, %s=%llu, limit=%llu)",
		   s->index, s->generation, v->quantity,
		   (unsigned long long)v->value, (unsigned long long)v->limit);
}
