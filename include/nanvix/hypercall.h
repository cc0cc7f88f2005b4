/*
 * Guest side of the hypercall ABI in abi.h, for the microkernel and the
 * macrokernel. A hypercall is a 4-byte store to an MMIO page, which exits
 * to the VMM from user mode. That is the only way out that works on every
 * KVM: syscall, int N and injected interrupts do not reach guests running
 * on kvm_pvm.
 */
#ifndef NANVIX_HYPERCALL_H
#define NANVIX_HYPERCALL_H

#include <stdint.h>

#include "abi.h"

static inline int64_t nx_hypercall(uint32_t nr, uint64_t a0, uint64_t a1,
				   uint64_t a2)
{
	uint64_t rax = nr;

	__asm__ volatile("movl %%eax, (%%rcx)"
			 : "+a"(rax)
			 : "c"(NX_HYPERCALL_GPA), "D"(a0), "S"(a1), "d"(a2)
			 : "memory");
	return (int64_t)rax;
}

/* Store a 4-byte value to an MMIO doorbell (an ioeventfd in the VMM). */
static inline void nx_doorbell(uint64_t gpa, uint32_t value)
{
	__asm__ volatile("movl %0, (%1)" : : "r"(value), "r"(gpa) : "memory");
}

static inline uint64_t nx_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void nx_cpu_relax(void)
{
	__asm__ volatile("pause");
}

#endif
