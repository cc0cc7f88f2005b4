#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <nanvix/virtio.h>

#include "bootinfo.h"
#include "cpu.h"
#include "image.h"
#include "log.h"
#include "paging.h"
#include "reaper.h"
#include "watchdog.h"
#include "tenant.h"

#define SLOT_MEMSLOT_RAM 0
#define SLOT_MEMSLOT_ARENA 1
#define STOP_WAIT_S 2
#define KERNEL_FILE_MAX (NX_KERNEL_END - NX_KERNEL_GPA)

static void *map_anonymous(uint64_t size, int shared)
{
	int flags = MAP_ANONYMOUS | MAP_NORESERVE |
		    (shared ? MAP_SHARED : MAP_PRIVATE);
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, flags, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int map_sysvm(struct tenant *t, const struct elf_image *img,
		     struct paging *pg)
{
	uint64_t stack_low = SYSVM_RAM - SYSVM_STACK;
	uint64_t heap = page_up(img->high);
	uint64_t virtio_len = NX_VIRTIO_SLOTS * NX_VIRTIO_STRIDE;

	if (paging_init(pg, &t->mem) || cpu_write_tables(&t->mem, pg) ||
	    image_map(img, pg) ||
	    paging_map(pg, NX_BOOTINFO_GPA, NX_PAGE_SIZE, PTE_U | PTE_NX) ||
	    paging_map(pg, NX_SYSCTL_GPA, NX_PAGE_SIZE,
		       PTE_U | PTE_W | PTE_NX) ||
	    paging_map(pg, heap, stack_low - NX_PAGE_SIZE - heap,
		       PTE_U | PTE_W | PTE_NX) ||
	    paging_map(pg, stack_low, SYSVM_STACK, PTE_U | PTE_W | PTE_NX) ||
	    paging_map(pg, NX_HYPERCALL_GPA, NX_PAGE_SIZE,
		       PTE_U | PTE_W | PTE_NX) ||
	    paging_map(pg, NX_NOTIFY_GPA, NX_PAGE_SIZE,
		       PTE_U | PTE_W | PTE_NX) ||
	    paging_map(pg, NX_VIRTIO_GPA, virtio_len, PTE_U | PTE_W | PTE_NX) ||
	    paging_map(pg, NX_ARENA_GPA, NX_ARENA_SIZE, PTE_U | PTE_W | PTE_NX))
		return -1;
	return 0;
}

static void write_bootinfo(struct tenant *t)
{
	struct nx_bootinfo *bi =
		bootinfo_start(&t->mem, NX_VM_SYSTEM, SYSVM_RAM, t->vm.tsc_khz);

	bi->stack_low = SYSVM_RAM - SYSVM_STACK;
	bi->stack_top = SYSVM_RAM;
	bi->initial_sp = SYSVM_RAM;
	bi->arena_gpa = NX_ARENA_GPA;
	bi->max_uservms = NX_MAX_USERVMS;
	bi->virtio_slots = NX_VIRTIO_SLOTS;
	bi->virtio_gpa = NX_VIRTIO_GPA;
	t->sysctl = gmem_ptr(&t->mem, NX_SYSCTL_GPA, sizeof(*t->sysctl));
	t->sysctl->magic = NX_BOOTINFO_MAGIC;
	t->sysctl->nslots = NX_MAX_USERVMS;
}

static int create_notify_fds(struct tenant *t)
{
	for (unsigned i = 0; i < NX_MAX_USERVMS; i++) {
		t->slot[i].notify_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (t->slot[i].notify_fd < 0)
			return -errno;
		/* The macrokernel stores a slot number to wake that slot. */
		int err = vm_add_ioeventfd(&t->vm, NX_NOTIFY_GPA, 4,
					   t->slot[i].notify_fd, 1, i);
		if (err)
			return err;
	}
	return 0;
}

static int boot_sysvm(struct tenant *t, const struct elf_image *img)
{
	struct paging pg;
	int err;

	err = vm_create(&t->vm);
	if (err) {
		log_error("cannot create the systemVM: %s; check that "
			  "/dev/kvm exists and that this user can open it "
			  "(root or the kvm group)",
			  strerror(-err));
		return -1;
	}
	if (vm_set_memory(&t->vm, SLOT_MEMSLOT_RAM, 0, SYSVM_RAM, t->ram) ||
	    vm_set_memory(&t->vm, SLOT_MEMSLOT_ARENA, NX_ARENA_GPA,
			  NX_ARENA_SIZE, t->arena) ||
	    elf_load(img, &t->mem) || map_sysvm(t, img, &pg)) {
		log_error("cannot set up systemVM memory (tenant=%s)", t->name);
		return -1;
	}
	write_bootinfo(t);
	err = create_notify_fds(t);
	if (!err)
		err = cpu_enter_user(&t->vm, &pg, img->entry, SYSVM_RAM, 0);
	if (err) {
		log_error("cannot set up the systemVM vCPU: %s",
			  strerror(-err));
		return -1;
	}
	return 0;
}

static int load_kernel(const char *path, uint8_t **file, struct elf_image *img)
{
	char err[256];
	size_t size;

	if (image_read(path, file, &size, KERNEL_FILE_MAX, err, sizeof(err))) {
		log_error("%s", err);
		return -1;
	}
	if (elf_parse(*file, size, NX_KERNEL_GPA, NX_KERNEL_END, img, err,
		      sizeof(err))) {
		log_error("invalid kernel image %s: %s", path, err);
		free(*file);
		return -1;
	}
	return 0;
}

static void init_fields(struct tenant *t, const char *name)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->vm.fd = t->vm.vcpu_fd = t->kick_fd = -1;
	for (unsigned i = 0; i < NX_MAX_USERVMS; i++)
		t->slot[i].notify_fd = -1;
	pthread_mutex_init(&t->lock, NULL);
}

static void free_resources(struct tenant *t)
{
	vm_destroy(&t->vm);
	for (unsigned i = 0; i < NX_MAX_USERVMS; i++)
		if (t->slot[i].notify_fd >= 0)
			close(t->slot[i].notify_fd);
	if (t->kick_fd >= 0)
		close(t->kick_fd);
	if (t->ram)
		munmap(t->ram, SYSVM_RAM);
	if (t->arena)
		munmap(t->arena, NX_ARENA_SIZE);
	pthread_mutex_destroy(&t->lock);
}

int tenant_start(struct tenant *t, const char *name, const char *path)
{
	struct elf_image img;
	uint8_t *file;

	init_fields(t, name);
	if (load_kernel(path, &file, &img))
		return -1;
	t->ram = map_anonymous(SYSVM_RAM, 0);
	t->arena = map_anonymous(NX_ARENA_SIZE, 1);
	t->kick_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (!t->ram || !t->arena || t->kick_fd < 0) {
		log_error("cannot allocate systemVM memory: %s",
			  strerror(errno));
		goto fail;
	}
	gmem_add(&t->mem, 0, SYSVM_RAM, t->ram);
	gmem_add(&t->mem, NX_ARENA_GPA, NX_ARENA_SIZE, t->arena);
	virtio_mmio_init(&t->console, VIRTIO_ID_CONSOLE, 0, &t->mem,
			 &console_ops, t);
	if (boot_sysvm(t, &img))
		goto fail;
	free(file);
	t->running = 1;
	if (pthread_create(&t->thread, NULL, sysvm_main, t)) {
		log_error("cannot start the systemVM thread");
		t->running = 0;
		free_resources(t);
		return -1;
	}
	return 0;

fail:
	free(file);
	free_resources(t);
	return -1;
}

void tenant_kick(struct tenant *t)
{
	uint64_t one = 1;

	if (write(t->kick_fd, &one, sizeof(one)) < 0)
		log_debug("kick failed: %s", strerror(errno));
}

/* Stop the systemVM's thread, forcibly if it ignores the shutdown flag. */
static void join_sysvm(struct tenant *t)
{
	struct timespec limit;

	__atomic_store_n(&t->sysctl->shutdown, 1, __ATOMIC_RELEASE);
	tenant_kick(t);
	clock_gettime(CLOCK_REALTIME, &limit);
	limit.tv_sec += STOP_WAIT_S;
	if (pthread_timedjoin_np(t->thread, NULL, &limit) == 0)
		return;
	log_error("the macrokernel ignored the shutdown request; stopping "
		  "its vCPU (tenant=%s)",
		  t->name);
	__atomic_store_n(&t->stopping, 1, __ATOMIC_RELEASE);
	/* The signal interrupts KVM_RUN, and sysvm_main then checks stopping.
	 */
	while (pthread_tryjoin_np(t->thread, NULL) != 0) {
		pthread_kill(t->thread, WATCHDOG_SIGNAL);
		usleep(1000);
	}
}

void tenant_stop(struct tenant *t)
{
	reaper_wait();
	if (t->running)
		join_sysvm(t);
	free_resources(t);
}

struct nx_ring *tenant_ring(struct tenant *t, int slot)
{
	return (struct nx_ring *)(t->arena + (uint64_t)slot * NX_RING_SIZE);
}

static void init_ring(struct nx_ring *ring)
{
	/* A zeroed ring also hides the previous invocation's data. */
	memset(ring, 0, sizeof(*ring));
	ring->hdr.magic = NX_RING_MAGIC;
	ring->hdr.abi_version = NX_ABI_VERSION;
	ring->hdr.entries = NX_RING_ENTRIES;
	ring->hdr.data_size = NX_RING_DATA_SIZE;
	ring->hdr.credit_requests = NX_CREDIT_REQUESTS;
	ring->hdr.credit_bytes = NX_CREDIT_BYTES;
}

/* Whether a draining slot's detach has been acknowledged. */
static int slot_reusable(struct tenant *t, unsigned i)
{
	struct nx_sysctl_slot *c = &t->sysctl->slot[i];

	if (t->slot[i].state == SLOT_FREE)
		return 1;
	if (t->slot[i].state == SLOT_DRAINING &&
	    __atomic_load_n(&c->ack, __ATOMIC_ACQUIRE) == c->generation) {
		t->slot[i].state = SLOT_FREE;
		return 1;
	}
	return 0;
}

static int tty_mask(const int fds[3])
{
	int mask = 0;

	for (int i = 0; i < 3; i++)
		if (isatty(fds[i]))
			mask |= 1 << i;
	return mask;
}

int tenant_attach(struct tenant *t, uint32_t pid, const int fds[3])
{
	int found = -1;
	uint64_t drained;

	pthread_mutex_lock(&t->lock);
	for (unsigned i = 0; i < NX_MAX_USERVMS && !t->failed; i++) {
		if (slot_reusable(t, i)) {
			found = i;
			break;
		}
	}
	if (found >= 0) {
		struct slot *s = &t->slot[found];
		struct nx_sysctl_slot *c = &t->sysctl->slot[found];

		init_ring(tenant_ring(t, found));
		if (read(s->notify_fd, &drained, sizeof(drained)) < 0)
			drained = 0; /* nothing pending: fine */
		s->state = SLOT_ATTACHED;
		s->generation = c->generation + 1; /* odd: attached */
		s->input_want = 0;
		s->abandoned = 0;
		memcpy(s->fd, fds, sizeof(s->fd));
		c->pid = pid;
		c->tty_mask = tty_mask(fds);
		c->broken = 0;
		__atomic_store_n(&c->generation, s->generation,
				 __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&t->lock);
	if (found >= 0)
		tenant_kick(t);
	return found;
}

void tenant_detach(struct tenant *t, int slot)
{
	struct slot *s = &t->slot[slot];

	/* Set before locking: the systemVM may hold the lock in a write. */
	__atomic_store_n(&s->abandoned, 1, __ATOMIC_RELEASE);
	pthread_mutex_lock(&t->lock);
	s->generation++; /* even: detached */
	s->state = SLOT_DRAINING;
	s->input_want = 0;
	__atomic_store_n(&t->sysctl->slot[slot].generation, s->generation,
			 __ATOMIC_RELEASE);
	pthread_mutex_unlock(&t->lock);
	tenant_kick(t);
}

void tenant_fail(struct tenant *t, const char *fmt, ...)
{
	va_list ap;
	uint64_t one = 1;

	/* Lock-free: it is called with and without t->lock held. */
	if (__atomic_exchange_n(&t->failing, 1, __ATOMIC_ACQ_REL))
		return;
	va_start(ap, fmt);
	vsnprintf(t->failure, sizeof(t->failure), fmt, ap);
	va_end(ap);
	__atomic_store_n(&t->failed, 1, __ATOMIC_RELEASE);
	log_error("systemVM failed (tenant=%s): %s", t->name, t->failure);
	for (unsigned i = 0; i < NX_MAX_USERVMS; i++)
		if (write(t->slot[i].notify_fd, &one, sizeof(one)) < 0)
			continue;
}
