#include <errno.h>
#include <sys/ioctl.h>

#include "vcpu.h"

int vcpu_run(struct vm *vm)
{
	if (ioctl(vm->vcpu_fd, KVM_RUN, 0) < 0)
		return -errno;
	return 0;
}

int vcpu_finish_store(struct vm *vm)
{
	struct kvm_regs regs;
	int err = vm_get_regs(vm, &regs);

	return err ? err : vm_set_regs(vm, &regs);
}

int vcpu_hypercall_args(struct vm *vm, struct kvm_regs *regs)
{
	return vm_get_regs(vm, regs);
}

int vcpu_hypercall_return(struct vm *vm, struct kvm_regs *regs, int64_t result)
{
	regs->rax = (uint64_t)result;
	return vm_set_regs(vm, regs);
}
