/*
 * The CPU state both guests start in: 64-bit long mode with paging, at
 * CPL3, on the descriptor tables written by cpu_write_tables(). On
 * kvm_pvm only 64-bit user-mode code runs at native speed, so the guests
 * never run in kernel mode except for the fault stubs below.
 *
 * Every exception vector points at its own stub in NX_FAULT_STUBS_GPA,
 * which halts. The address of a HLT exit therefore identifies the
 * exception the guest took. The CPU's exception frame is on the fault
 * stack (TSS.RSP0 = NX_FAULT_STACK_TOP).
 */
#ifndef HV_CPU_H
#define HV_CPU_H

#include <stdint.h>

#include "gmem.h"
#include "kvm.h"
#include "paging.h"

#define CPU_VECTORS 32

/* Write the GDT, IDT, TSS and fault stubs; map them supervisor-only. */
int cpu_write_tables(const struct gmem *mem, struct paging *pg);

/*
 * Enter user mode at rip with the given stack pointer and FS base (the
 * thread pointer of the x86-64 TLS ABI, 0 if the guest has none).
 */
int cpu_enter_user(struct vm *vm, const struct paging *pg, uint64_t rip,
		   uint64_t rsp, uint64_t fs_base);

/* Whether the CPU pushes an error code for this exception vector. */
int cpu_vector_has_error_code(unsigned vector);

#endif
