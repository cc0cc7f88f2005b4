/*
 * Host replacement for include/nanvix/hypercall.h, for fuzz targets that
 * compile macrokernel sources unchanged. Those sources reach the VMM
 * through MMIO stores and the control page at fixed guest addresses,
 * which a host process has not mapped. This header comes first on the
 * include path: it turns the doorbell into a call the fuzz target
 * defines, and points NX_SYSCTL_GPA at the target's own control page.
 */
#ifndef NANVIX_HYPERCALL_H
#define NANVIX_HYPERCALL_H

#include <stdint.h>

#include <nanvix/abi.h>

extern struct nx_sysctl fuzz_sysctl;

#undef NX_SYSCTL_GPA
#define NX_SYSCTL_GPA ((uintptr_t)&fuzz_sysctl)

/* Record a doorbell store of value to gpa. */
void nx_doorbell(uint64_t gpa, uint32_t value);

#endif
