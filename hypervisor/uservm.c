#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <nanvix/abi.h>

#include "args.h"
#include "bootinfo.h"
#include "cpu.h"
#include "fault.h"
#include "image.h"
#include "log.h"
#include "reaper.h"
#include "uservm.h"
#include "vcpu.h"
#include "watchdog.h"

#define MEMSLOT_RAM 0
#define MEMSLOT_RING 1
#define LOG_MAX 512
#define WAIT_MAX_NS 1000000000ull
#define DRAIN_MAX_NS 1000000000ull
#define DRAIN_POLL_MS 10
/* The TLS control block: its self-pointer and room for the ABI's fields. */
#define TLS_TCB_SIZE 64

struct uservm {
	struct vm vm;
	struct gmem mem;
	uint8_t *ram;
	uint64_t heap;	     /* first byte the microkernel may hand out */
	uint64_t thread_ptr; /* FS base: the TLS control block, or 0 */
	struct uservm_layout layout;
	struct elf_image img;
	struct tenant *tenant;
	int slot;
	struct watchdog dog;
	struct result *res;
	int done;
};

static void finish(struct uservm *u, enum outcome outcome, int status,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void finish(struct uservm *u, enum outcome outcome, int status,
		   const char *fmt, ...)
{
	va_list ap;

	u->res->outcome = outcome;
	u->res->status = status;
	u->res->message[0] = 0;
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(u->res->message, sizeof(u->res->message), fmt, ap);
		va_end(ap);
	}
	u->done = 1;
}

int uservm_layout(uint64_t memory, struct uservm_layout *l)
{
	uint64_t stack = memory / 4;

	if (memory < NX_RAM_MIN || memory > NX_RAM_MAX || memory % NX_PAGE_SIZE)
		return -1;
	if (stack > USERVM_STACK_MAX)
		stack = USERVM_STACK_MAX;
	stack = page_down(stack);
	l->ram = memory;
	l->stack_top = memory;
	l->stack_low = memory - stack;
	l->guard = l->stack_low - NX_PAGE_SIZE;
	l->image_low = NX_USER_GPA;
	l->image_high = l->guard;
	return 0;
}

int microkernel_load(struct microkernel *mk, const char *path)
{
	char err[256];
	size_t size;

	if (image_read(path, &mk->file, &size, NX_KERNEL_END - NX_KERNEL_GPA,
		       err, sizeof(err))) {
		log_error("%s", err);
		return -1;
	}
	if (elf_parse(mk->file, size, NX_KERNEL_GPA, NX_KERNEL_END, &mk->img,
		      err, sizeof(err))) {
		log_error("invalid microkernel image %s: %s", path, err);
		free(mk->file);
		return -1;
	}
	if (mk->img.low != NX_KERNEL_GPA) {
		log_error("invalid microkernel image %s: it must start at "
			  "%#llx",
			  path, NX_KERNEL_GPA);
		free(mk->file);
		return -1;
	}
	return 0;
}

void microkernel_free(struct microkernel *mk)
{
	free(mk->file);
	mk->file = NULL;
}

static int map_memory(struct uservm *u, const struct microkernel *mk,
		      struct paging *pg)
{
	const struct uservm_layout *l = &u->layout;
	uint64_t heap = page_up(u->img.high);
	uint64_t rw = PTE_U | PTE_W | PTE_NX;
	uint64_t stack = u->img.exec_stack ? PTE_U | PTE_W : rw;

	return paging_init(pg, &u->mem) || cpu_write_tables(&u->mem, pg) ||
	       paging_map(pg, NX_BOOTINFO_GPA, NX_PAGE_SIZE, PTE_U | PTE_NX) ||
	       image_map(&mk->img, pg) || image_map(&u->img, pg) ||
	       (heap < l->guard && paging_map(pg, heap, l->guard - heap, rw)) ||
	       paging_map(pg, l->stack_low, l->stack_top - l->stack_low,
			  stack) ||
	       paging_map(pg, NX_RING_GPA, NX_RING_SIZE, rw) ||
	       paging_map(pg, NX_HYPERCALL_GPA, NX_PAGE_SIZE, rw) ||
	       paging_map(pg, NX_DOORBELL_GPA, NX_PAGE_SIZE, rw);
}

static void write_bootinfo(struct uservm *u, const struct invocation *inv,
			   uint64_t sp)
{
	struct nx_bootinfo *bi = bootinfo_start(&u->mem, NX_VM_USER,
						u->layout.ram, u->vm.tsc_khz);

	bi->pid = inv->pid;
	bi->entry = u->img.entry;
	bi->image_end = u->heap;
	bi->stack_low = u->layout.stack_low;
	bi->stack_top = u->layout.stack_top;
	bi->initial_sp = sp;
	bi->ring_gpa = NX_RING_GPA;
	bi->ring_size = NX_RING_SIZE;
}

/*
 * Lay out the function's thread-local storage above its image, as the
 * x86-64 TLS ABI (variant II) has it: the initialised data, then zeros,
 * end at the thread pointer, where the control block starts with a
 * pointer to itself. The heap starts above it.
 */
static int setup_tls(struct uservm *u)
{
	const struct elf_segment *tls = &u->img.tls;
	uint64_t base = page_up(u->img.high), size, tp, align;
	uint64_t *tcb;
	uint8_t *block;

	u->heap = base;
	if (!tls->memsz)
		return 0;
	/*
	 * The linker placed each variable at tp - size + its offset, with
	 * size rounded to the segment's alignment. tp itself is aligned to
	 * at least 16 because the control block has 8-byte fields.
	 */
	size = (tls->memsz + u->img.tls_align - 1) & ~(u->img.tls_align - 1);
	align = u->img.tls_align > 16 ? u->img.tls_align : 16;
	tp = (base + size + align - 1) & ~(align - 1);
	block = gmem_ptr(&u->mem, tp - size, size);
	tcb = gmem_ptr(&u->mem, tp, TLS_TCB_SIZE);
	if (!block || !tcb || tp + TLS_TCB_SIZE > u->layout.guard)
		return -1;
	memcpy(block, u->img.file + tls->offset, tls->filesz);
	tcb[0] = tp;
	u->thread_ptr = tp;
	u->heap = page_up(tp + TLS_TCB_SIZE);
	return 0;
}

/* Build the VM; returns 0 or finishes with OUTCOME_ERROR/INVALID. */
static int boot(struct uservm *u, const struct microkernel *mk,
		const struct invocation *inv)
{
	const struct uservm_layout *l = &u->layout;
	struct tenant *t = u->tenant;
	struct paging pg;
	uint64_t sp;
	char err[256];
	int rc;

	u->ram = mmap(NULL, l->ram, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (u->ram == MAP_FAILED) {
		u->ram = NULL;
		finish(u, OUTCOME_ERROR, 0,
		       "cannot allocate guest memory "
		       "(bytes=%lu): %s",
		       (unsigned long)l->ram, strerror(errno));
		return -1;
	}
	gmem_add(&u->mem, 0, l->ram, u->ram);
	gmem_add(&u->mem, NX_RING_GPA, NX_RING_SIZE, tenant_ring(t, u->slot));
	if (args_build_stack(u->ram + l->stack_top, l->stack_top,
			     l->stack_top - l->stack_low, inv->argv, inv->envp,
			     u->img.entry, &sp, err, sizeof(err))) {
		finish(u, OUTCOME_INVALID, 0, "%s", err);
		return -1;
	}
	rc = vm_create(&u->vm);
	if (rc) {
		finish(u, OUTCOME_ERROR, 0, "cannot create a VM: %s",
		       strerror(-rc));
		return -1;
	}
	if (vm_set_memory(&u->vm, MEMSLOT_RAM, 0, l->ram, u->ram) ||
	    vm_set_memory(&u->vm, MEMSLOT_RING, NX_RING_GPA, NX_RING_SIZE,
			  tenant_ring(t, u->slot)) ||
	    vm_add_ioeventfd(&u->vm, NX_DOORBELL_GPA, 4, t->kick_fd, 0, 0) ||
	    elf_load(&mk->img, &u->mem) || elf_load(&u->img, &u->mem) ||
	    setup_tls(u) || map_memory(u, mk, &pg)) {
		finish(u, OUTCOME_ERROR, 0, "cannot set up the userVM");
		return -1;
	}
	write_bootinfo(u, inv, sp);
	rc = cpu_enter_user(&u->vm, &pg, mk->img.entry, sp, u->thread_ptr);
	if (rc) {
		finish(u, OUTCOME_ERROR, 0, "cannot set up the vCPU: %s",
		       strerror(-rc));
		return -1;
	}
	return 0;
}

/* Bound a wait by the invocation's deadline; -1 if it has passed. */
static int64_t bounded_ns(struct uservm *u, uint64_t ns)
{
	uint64_t left;

	if (ns > INT64_MAX)
		ns = INT64_MAX; /* the guest's value; the result is signed */
	if (!u->dog.deadline_ns)
		return ns;
	left = watchdog_left_ns(&u->dog);
	if (left == 0)
		return -1;
	return ns < left ? ns : left;
}

static void timed_out(struct uservm *u)
{
	finish(u, OUTCOME_TIMEOUT, 0, "function timed out after %.3f s",
	       u->dog.timeout_ns / 1e9);
}

static int64_t wait_for_notify(struct uservm *u, uint64_t ns)
{
	struct slot *s = &u->tenant->slot[u->slot];
	int64_t bound = bounded_ns(u, ns);
	struct pollfd pfd = { .fd = s->notify_fd, .events = POLLIN };
	uint64_t count;

	if (bound < 0) {
		timed_out(u);
		return 0;
	}
	/* The guest re-checks its ring after any wake-up, so cap the wait. */
	if (bound > (int64_t)WAIT_MAX_NS)
		bound = WAIT_MAX_NS;
	poll(&pfd, 1, (int)((bound + 999999) / 1000000));
	if (read(s->notify_fd, &count, sizeof(count)) < 0)
		count = 0;
	if (__atomic_load_n(&u->tenant->failed, __ATOMIC_ACQUIRE))
		finish(u, OUTCOME_ERROR, 0, "systemVM failed: %s",
		       u->tenant->failure);
	else if (__atomic_load_n(&u->tenant->sysctl->slot[u->slot].broken,
				 __ATOMIC_ACQUIRE) == s->generation)
		finish(u, OUTCOME_ERROR, 0,
		       "the systemVM stopped serving the "
		       "function: it broke the ring protocol");
	return 0;
}

static int64_t sleep_ns(struct uservm *u, uint64_t ns)
{
	int64_t bound = bounded_ns(u, ns);
	struct timespec ts;

	if (bound < 0) {
		timed_out(u);
		return 0;
	}
	ts.tv_sec = bound / 1000000000;
	ts.tv_nsec = bound % 1000000000;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	if ((uint64_t)bound < ns)
		timed_out(u);
	return 0;
}

static int64_t release_memory(struct uservm *u, uint64_t gpa, uint64_t len)
{
	uint64_t low = u->heap;

	if (gpa % NX_PAGE_SIZE || len % NX_PAGE_SIZE || gpa < low ||
	    gpa > u->layout.stack_top || len > u->layout.stack_top - gpa)
		return -EINVAL;
	if (len && madvise(u->ram + gpa, len, MADV_DONTNEED) < 0)
		return -errno;
	return 0;
}

static void guest_text(struct uservm *u, uint64_t gpa, uint64_t len, int panic)
{
	char text[LOG_MAX + 1];
	const char *src;

	if (len > LOG_MAX)
		len = LOG_MAX;
	src = gmem_ptr(&u->mem, gpa, len);
	if (src)
		log_copy_guest_text(text, src, len);
	else
		snprintf(text, sizeof(text), "(invalid buffer)");
	if (panic)
		finish(u, OUTCOME_ERROR, 0, "microkernel panic: %s", text);
	else
		log_debug("microkernel: %s", text);
}

static void hypercall(struct uservm *u, uint32_t nr)
{
	struct kvm_regs regs;
	int64_t result = 0;

	if (vcpu_hypercall_args(&u->vm, &regs)) {
		finish(u, OUTCOME_ERROR, 0, "cannot read vCPU registers");
		return;
	}
	switch (nr) {
	case NX_HC_EXIT:
		finish(u, OUTCOME_EXIT, regs.rdi & 0xff, NULL);
		return;
	case NX_HC_WAIT:
		result = wait_for_notify(u, regs.rdi);
		break;
	case NX_HC_SLEEP:
		result = sleep_ns(u, regs.rdi);
		break;
	case NX_HC_MEM_RELEASE:
		result = release_memory(u, regs.rdi, regs.rsi);
		break;
	case NX_HC_LOG:
	case NX_HC_PANIC:
		guest_text(u, regs.rdi, regs.rsi, nr == NX_HC_PANIC);
		break;
	default:
		result = -ENOSYS;
		break;
	}
	if (!u->done && vcpu_hypercall_return(&u->vm, &regs, result))
		finish(u, OUTCOME_ERROR, 0, "cannot write vCPU registers");
}

static void fault(struct uservm *u)
{
	struct fault f;
	char what[200];

	if (fault_read(&u->vm, &u->mem, &f)) {
		finish(u, OUTCOME_ERROR, 0, "userVM halted outside a fault");
		return;
	}
	fault_format(&f, u->layout.guard, what, sizeof(what));
	finish(u, OUTCOME_FAULT, fault_signal(&f), "function fault: %s", what);
}

static void handle_exit(struct uservm *u)
{
	struct kvm_run *run = u->vm.run;

	switch (run->exit_reason) {
	case KVM_EXIT_MMIO:
		if (run->mmio.phys_addr == NX_HYPERCALL_GPA &&
		    run->mmio.is_write && run->mmio.len == 4) {
			uint32_t nr;

			memcpy(&nr, run->mmio.data, sizeof(nr));
			hypercall(u, nr);
			return;
		}
		finish(u, OUTCOME_FAULT, SIGSEGV,
		       "function fault: access to "
		       "MMIO address %#llx",
		       run->mmio.phys_addr);
		return;
	case KVM_EXIT_HLT:
		fault(u);
		return;
	case KVM_EXIT_SHUTDOWN:
		finish(u, OUTCOME_FAULT, SIGSEGV,
		       "function fault: triple "
		       "fault (the userVM shut down)");
		return;
	default:
		finish(u, OUTCOME_ERROR, 0,
		       "unexpected userVM exit "
		       "(reason=%u)",
		       run->exit_reason);
	}
}

/*
 * Let the systemVM finish what the function submitted before it ended,
 * so that output written just before a fault or a timeout still reaches
 * the caller. Bounded by DRAIN_MAX_NS: the ring is the guest's to
 * corrupt, and the caller may have stopped reading.
 */
static void drain_ring(struct uservm *u)
{
	struct tenant *t = u->tenant;
	struct nx_ring_hdr *h = &tenant_ring(t, u->slot)->hdr;
	struct slot *s = &t->slot[u->slot];
	struct pollfd pfd = { .fd = s->notify_fd, .events = POLLIN };
	uint64_t until = monotonic_ns() + DRAIN_MAX_NS, count;

	/* Ask the macrokernel to notify each completion from now on. */
	__atomic_store_n(&h->user_waiting, 1, __ATOMIC_SEQ_CST);
	while (monotonic_ns() < until &&
	       !__atomic_load_n(&t->failed, __ATOMIC_ACQUIRE) &&
	       __atomic_load_n(&t->sysctl->slot[u->slot].broken,
			       __ATOMIC_ACQUIRE) != s->generation) {
		if (__atomic_load_n(&h->cq_tail, __ATOMIC_ACQUIRE) ==
		    __atomic_load_n(&h->sq_tail, __ATOMIC_ACQUIRE))
			return;
		tenant_kick(t);
		poll(&pfd, 1, DRAIN_POLL_MS);
		if (read(s->notify_fd, &count, sizeof(count)) < 0)
			count = 0;
	}
}

static void run_loop(struct uservm *u)
{
	while (!u->done) {
		int err = vcpu_run(&u->vm);

		if (err == -EINTR || err == -EAGAIN) {
			watchdog_clear(&u->dog);
			if (u->dog.deadline_ns && !watchdog_left_ns(&u->dog))
				timed_out(u);
			continue;
		}
		if (err) {
			finish(u, OUTCOME_ERROR, 0, "KVM_RUN failed: %s",
			       strerror(-err));
			return;
		}
		handle_exit(u);
	}
}

static void reject(struct result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void reject(struct result *res, const char *fmt, ...)
{
	va_list ap;

	res->outcome = OUTCOME_INVALID;
	res->status = 0;
	va_start(ap, fmt);
	vsnprintf(res->message, sizeof(res->message), fmt, ap);
	va_end(ap);
}

int uservm_check(const struct invocation *inv, struct uservm_layout *l,
		 struct elf_image *img, struct result *res)
{
	char err[256];
	uint64_t args = args_stack_size(inv->argv, inv->envp);

	if (uservm_layout(inv->memory, l)) {
		reject(res,
		       "invalid memory size %lu bytes (allowed: %llu MiB "
		       "to %llu MiB, whole pages)",
		       (unsigned long)inv->memory, NX_RAM_MIN >> 20,
		       NX_RAM_MAX >> 20);
		return -1;
	}
	if (elf_parse(inv->file, inv->file_size, l->image_low, l->image_high,
		      img, err, sizeof(err))) {
		reject(res, "invalid executable %s: %s", inv->path, err);
		return -1;
	}
	if (args > NX_ARG_MAX) {
		reject(res,
		       "arguments and environment too large (bytes=%lu, "
		       "max=%u)",
		       (unsigned long)args, NX_ARG_MAX);
		return -1;
	}
	return 0;
}

void uservm_run(struct tenant *t, const struct microkernel *mk,
		const struct invocation *inv, struct result *res)
{
	struct uservm u = { .tenant = t, .res = res, .slot = -1 };

	u.vm.fd = u.vm.vcpu_fd = -1;
	if (uservm_check(inv, &u.layout, &u.img, res))
		return;
	u.slot = tenant_attach(t, inv->pid, inv->fd);
	if (u.slot < 0) {
		finish(&u, OUTCOME_ERROR, 0,
		       t->failed ? "systemVM failed: %s"
				 : "no free userVM slot%s",
		       t->failed ? t->failure : "");
		return;
	}
	if (watchdog_start(&u.dog, inv->timeout_ns)) {
		finish(&u, OUTCOME_ERROR, 0, "cannot start the timeout timer");
	} else {
		if (boot(&u, mk, inv) == 0) {
			run_loop(&u);
			drain_ring(&u);
		}
		watchdog_stop(&u.dog);
	}
	/* The vCPU is stopped, so the ring can go back to the tenant now. */
	tenant_detach(t, u.slot);
	reaper_submit(&u.vm, u.ram, u.layout.ram);
}
