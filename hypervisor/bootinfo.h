/* The boot information page both kinds of VM start with. */
#ifndef HV_BOOTINFO_H
#define HV_BOOTINFO_H

#include <stdint.h>

#include <nanvix/abi.h>

#include "gmem.h"

/*
 * Zero the page at NX_BOOTINFO_GPA and fill in the fields every guest
 * gets: magic, ABI version, kind, RAM size, TSC rate and the host's
 * clocks now. The caller fills in the rest. mem must contain the page.
 */
struct nx_bootinfo *bootinfo_start(const struct gmem *mem, enum nx_vm_kind kind,
				   uint64_t ram, uint64_t tsc_khz);

#endif
