/*
 * The systemVM's vCPU thread. The tenant lock is held while an exit is
 * handled and released while the guest runs, so userVM threads can
 * attach and detach slots concurrently.
 */
#include <errno.h>
#include <string.h>

#include <nanvix/abi.h>

#include "fault.h"
#include "log.h"
#include "tenant.h"
#include "vcpu.h"

#define LOG_MAX 512
#define NS_PER_MS 1000000ull

static void guest_log(struct tenant *t, uint64_t gpa, uint64_t len,
		      uint64_t level, int panic)
{
	char text[LOG_MAX + 1];
	const char *src;

	if (len > LOG_MAX)
		len = LOG_MAX;
	src = gmem_ptr(&t->mem, gpa, len);
	if (!src) {
		tenant_fail(t,
			    "macrokernel passed an invalid log buffer "
			    "(gpa=%#lx, len=%lu)",
			    (unsigned long)gpa, (unsigned long)len);
		return;
	}
	log_copy_guest_text(text, src, len);
	if (panic)
		tenant_fail(t, "macrokernel panic: %s", text);
	else if (level == NX_LOG_DEBUG)
		log_debug("%s", text);
	else
		log_error("%s (tenant=%s)", text, t->name);
}

/* Returns 1 when the systemVM has exited. */
static int hypercall(struct tenant *t, uint32_t nr)
{
	struct kvm_regs regs;
	int64_t result = 0;
	int timeout_ms;

	if (vcpu_hypercall_args(&t->vm, &regs))
		return 1;
	switch (nr) {
	case NX_HC_EXIT:
		return 1;
	case NX_HC_WAIT:
		timeout_ms = regs.rdi / NS_PER_MS;
		if (timeout_ms > 1000 || timeout_ms <= 0)
			timeout_ms = 1000;
		console_poll_input(t, timeout_ms);
		break;
	case NX_HC_LOG:
	case NX_HC_PANIC:
		guest_log(t, regs.rdi, regs.rsi, regs.rdx, nr == NX_HC_PANIC);
		if (nr == NX_HC_PANIC)
			return 1;
		break;
	default:
		result = -ENOSYS;
		break;
	}
	return vcpu_hypercall_return(&t->vm, &regs, result) != 0;
}

static int mmio(struct tenant *t)
{
	struct kvm_run *run = t->vm.run;
	uint64_t addr = run->mmio.phys_addr;
	uint64_t end = NX_VIRTIO_GPA + NX_VIRTIO_SLOTS * NX_VIRTIO_STRIDE;
	uint32_t value = 0;

	if (addr == NX_HYPERCALL_GPA && run->mmio.is_write &&
	    run->mmio.len == 4) {
		memcpy(&value, run->mmio.data, sizeof(value));
		return hypercall(t, value);
	}
	if (addr < NX_VIRTIO_GPA || addr >= end) {
		tenant_fail(t,
			    "macrokernel accessed unmapped MMIO address "
			    "%#lx",
			    (unsigned long)addr);
		return 1;
	}
	/* Only the first slot has a device, so the others read as empty. */
	if (addr - NX_VIRTIO_GPA >= NX_VIRTIO_STRIDE) {
		if (run->mmio.is_write)
			return vcpu_finish_store(&t->vm) != 0;
		memset(run->mmio.data, 0, sizeof(run->mmio.data));
		return 0;
	}
	addr -= NX_VIRTIO_GPA;
	if (!run->mmio.is_write) {
		value = virtio_mmio_read(&t->console, addr, run->mmio.len);
		memcpy(run->mmio.data, &value, sizeof(value));
		return 0;
	}
	memcpy(&value, run->mmio.data, sizeof(value));
	virtio_mmio_write(&t->console, addr, value, run->mmio.len);
	return vcpu_finish_store(&t->vm) != 0;
}

static void report_fault(struct tenant *t)
{
	struct fault f;
	char what[200];

	if (fault_read(&t->vm, &t->mem, &f)) {
		tenant_fail(t, "macrokernel halted");
		return;
	}
	fault_format(&f, SYSVM_RAM - SYSVM_STACK - NX_PAGE_SIZE, what,
		     sizeof(what));
	tenant_fail(t, "macrokernel fault: %s", what);
}

/* Handle one exit with the lock held. Returns 1 to stop the vCPU. */
static int handle_exit(struct tenant *t)
{
	struct kvm_run *run = t->vm.run;

	switch (run->exit_reason) {
	case KVM_EXIT_MMIO:
		return mmio(t);
	case KVM_EXIT_HLT:
		report_fault(t);
		return 1;
	case KVM_EXIT_SHUTDOWN:
		tenant_fail(t, "macrokernel triple fault");
		return 1;
	default:
		tenant_fail(t, "unexpected systemVM exit (reason=%u)",
			    run->exit_reason);
		return 1;
	}
}

void *sysvm_main(void *arg)
{
	struct tenant *t = arg;
	int stop = 0;

	while (!stop) {
		int err = vcpu_run(&t->vm);

		if (err == -EINTR || err == -EAGAIN) {
			if (__atomic_load_n(&t->stopping, __ATOMIC_ACQUIRE))
				return NULL;
			continue;
		}
		pthread_mutex_lock(&t->lock);
		if (err) {
			pthread_mutex_unlock(&t->lock);
			tenant_fail(t, "KVM_RUN failed: %s", strerror(-err));
			break;
		}
		stop = handle_exit(t);
		pthread_mutex_unlock(&t->lock);
	}
	if (!__atomic_load_n(&t->sysctl->shutdown, __ATOMIC_ACQUIRE))
		tenant_fail(t, "macrokernel stopped");
	return NULL;
}
