#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm.h"
#include "watchdog.h"

static int kvm_fd = -1;
static int run_size;
static pthread_once_t kvm_once = PTHREAD_ONCE_INIT;
static int kvm_error;
static struct kvm_cpuid2 *supported_cpuid;

#define CPUID_MAX_ENTRIES 256

/*
 * The CPUID the host KVM supports, given to every vCPU: KVM checks some
 * guest control bits (such as EFER.NXE on VT-x) against it.
 */
static void read_cpuid(int fd)
{
	struct kvm_cpuid2 *cpuid;

	cpuid = calloc(1, sizeof(*cpuid) +
				  CPUID_MAX_ENTRIES *
					  sizeof(struct kvm_cpuid_entry2));
	if (!cpuid)
		return;
	cpuid->nent = CPUID_MAX_ENTRIES;
	if (ioctl(fd, KVM_GET_SUPPORTED_CPUID, cpuid) < 0) {
		free(cpuid);
		return;
	}
	supported_cpuid = cpuid;
}

static void open_kvm(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		kvm_error = -errno;
		return;
	}
	if (ioctl(fd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
		close(fd);
		kvm_error = -ENOTSUP;
		return;
	}
	run_size = ioctl(fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size <= 0) {
		close(fd);
		kvm_error = -ENOTSUP;
		return;
	}
	read_cpuid(fd);
	kvm_fd = fd;
}

int kvm_init(void)
{
	pthread_once(&kvm_once, open_kvm);
	return kvm_error;
}

/* Let the watchdog's signal interrupt KVM_RUN (see watchdog.h). */
static int unblock_watchdog(struct vm *vm)
{
	struct {
		struct kvm_signal_mask head;
		uint64_t set;
	} mask = { .head = { .len = sizeof(uint64_t) } };
	sigset_t current;

	pthread_sigmask(SIG_BLOCK, NULL, &current);
	sigdelset(&current, WATCHDOG_SIGNAL);
	memcpy(&mask.set, &current, sizeof(mask.set));
	if (ioctl(vm->vcpu_fd, KVM_SET_SIGNAL_MASK, &mask) < 0)
		return -errno;
	return 0;
}

int vm_create(struct vm *vm)
{
	int err = kvm_init();
	long khz;

	if (err)
		return err;
	memset(vm, 0, sizeof(*vm));
	vm->fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm->fd < 0)
		return -errno;
	vm->vcpu_fd = ioctl(vm->fd, KVM_CREATE_VCPU, 0);
	if (vm->vcpu_fd < 0) {
		err = -errno;
		goto close_vm;
	}
	vm->run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       vm->vcpu_fd, 0);
	if (vm->run == MAP_FAILED) {
		err = -errno;
		goto close_vcpu;
	}
	err = unblock_watchdog(vm);
	if (!err && supported_cpuid &&
	    ioctl(vm->vcpu_fd, KVM_SET_CPUID2, supported_cpuid) < 0)
		err = -errno;
	if (err)
		goto unmap_run;
	khz = ioctl(vm->vcpu_fd, KVM_GET_TSC_KHZ, 0);
	vm->tsc_khz = khz > 0 ? (uint64_t)khz : 0;
	return 0;

unmap_run:
	munmap(vm->run, run_size);
close_vcpu:
	close(vm->vcpu_fd);
close_vm:
	close(vm->fd);
	vm->fd = vm->vcpu_fd = -1;
	return err;
}

void vm_destroy(struct vm *vm)
{
	if (vm->run && vm->run != MAP_FAILED)
		munmap(vm->run, run_size);
	if (vm->vcpu_fd >= 0)
		close(vm->vcpu_fd);
	if (vm->fd >= 0)
		close(vm->fd);
	vm->run = NULL;
	vm->fd = vm->vcpu_fd = -1;
}

int vm_set_memory(struct vm *vm, uint32_t slot, uint64_t gpa, uint64_t size,
		  void *host)
{
	struct kvm_userspace_memory_region region = {
		.slot = slot,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uint64_t)(uintptr_t)host,
	};

	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return -errno;
	return 0;
}

int vm_add_ioeventfd(struct vm *vm, uint64_t gpa, uint32_t len, int efd,
		     int match, uint64_t data)
{
	struct kvm_ioeventfd ioev = {
		.datamatch = data,
		.addr = gpa,
		.len = len,
		.fd = efd,
		.flags = match ? KVM_IOEVENTFD_FLAG_DATAMATCH : 0,
	};

	if (ioctl(vm->fd, KVM_IOEVENTFD, &ioev) < 0)
		return -errno;
	return 0;
}

int vm_get_regs(struct vm *vm, struct kvm_regs *regs)
{
	return ioctl(vm->vcpu_fd, KVM_GET_REGS, regs) < 0 ? -errno : 0;
}

int vm_set_regs(struct vm *vm, const struct kvm_regs *regs)
{
	return ioctl(vm->vcpu_fd, KVM_SET_REGS, regs) < 0 ? -errno : 0;
}

int vm_get_sregs(struct vm *vm, struct kvm_sregs *sregs)
{
	return ioctl(vm->vcpu_fd, KVM_GET_SREGS, sregs) < 0 ? -errno : 0;
}

int vm_set_sregs(struct vm *vm, const struct kvm_sregs *sregs)
{
	return ioctl(vm->vcpu_fd, KVM_SET_SREGS, sregs) < 0 ? -errno : 0;
}
