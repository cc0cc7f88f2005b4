/* The parts of a vCPU loop both kinds of VM share. */
#ifndef HV_VCPU_H
#define HV_VCPU_H

#include <stdint.h>

#include "kvm.h"

/* Run until the next exit. Returns 0, -EINTR on a signal, or -errno. */
int vcpu_run(struct vm *vm);

/*
 * Resume point after an MMIO store. At the exit KVM has already moved
 * RIP past the store on VT-x and on kvm_pvm, but kvm_pvm then resumes at
 * a wrong instruction unless the registers are written back explicitly.
 */
int vcpu_finish_store(struct vm *vm);

/* Fetch a hypercall's arguments (RDI, RSI, RDX). */
int vcpu_hypercall_args(struct vm *vm, struct kvm_regs *regs);

/* Return result in RAX and resume after the hypercall's store. */
int vcpu_hypercall_return(struct vm *vm, struct kvm_regs *regs, int64_t result);

#endif
