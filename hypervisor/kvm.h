/* Thin wrappers over the KVM API: one VM with one vCPU per struct vm. */
#ifndef HV_KVM_H
#define HV_KVM_H

#include <stdint.h>

#include <linux/kvm.h>

struct vm {
	int fd;
	int vcpu_fd;
	struct kvm_run *run;
	uint64_t tsc_khz;
};

/* Open /dev/kvm once per process; returns 0 or -errno. */
int kvm_init(void);

/* Create a VM with one vCPU. Returns 0 or -errno; on error nothing leaks. */
int vm_create(struct vm *vm);
void vm_destroy(struct vm *vm);

/* Back [gpa, gpa + size) with host memory at host. */
int vm_set_memory(struct vm *vm, uint32_t slot, uint64_t gpa, uint64_t size,
		  void *host);

/*
 * Signal eventfd efd from the kernel whenever the guest writes len bytes
 * to gpa (and, if match is set, the value written equals data).
 */
int vm_add_ioeventfd(struct vm *vm, uint64_t gpa, uint32_t len, int efd,
		     int match, uint64_t data);

int vm_get_regs(struct vm *vm, struct kvm_regs *regs);
int vm_set_regs(struct vm *vm, const struct kvm_regs *regs);
int vm_get_sregs(struct vm *vm, struct kvm_sregs *sregs);
int vm_set_sregs(struct vm *vm, const struct kvm_sregs *sregs);

#endif
