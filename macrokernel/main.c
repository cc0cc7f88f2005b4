/*
 * The macrokernel: the kernel of a tenant's systemVM. It starts in 64-bit
 * user mode, identity-mapped, on the stack the VMM chose, and talks to
 * the VMM only through MMIO: hypercalls, virtio-mmio registers and the
 * userVM doorbells.
 */
#include <stdint.h>

#include "console.h"
#include "log.h"
#include "loop.h"
#include "nanvix/abi.h"
#include "nanvix/hypercall.h"
#include "slot.h"
#include "virtio_mmio.h"

void kmain(void) __attribute__((noreturn));

static void check_bootinfo(const struct nx_bootinfo *bi)
{
	if (bi->magic != NX_BOOTINFO_MAGIC)
		panic("macrokernel: invalid bootinfo magic (magic=0x%x, "
		      "expected=0x%x)",
		      bi->magic, NX_BOOTINFO_MAGIC);
	if (bi->abi_version != NX_ABI_VERSION)
		panic("macrokernel: ABI version mismatch (vmm=%u, "
		      "macrokernel=%u); rebuild both from one tree",
		      bi->abi_version, NX_ABI_VERSION);
	if (bi->kind != NX_VM_SYSTEM)
		panic("macrokernel: booted as the wrong VM kind (kind=%u, "
		      "expected=%u)",
		      bi->kind, NX_VM_SYSTEM);
	if (bi->max_uservms > NX_MAX_USERVMS)
		panic("macrokernel: invalid bootinfo max_uservms "
		      "(max_uservms=%u, limit=%u)",
		      bi->max_uservms, NX_MAX_USERVMS);
	if (bi->max_uservms > 0 && bi->arena_gpa == 0)
		panic("macrokernel: bootinfo has no ring arena "
		      "(max_uservms=%u)",
		      bi->max_uservms);
	if (bi->virtio_slots > NX_VIRTIO_SLOTS || bi->virtio_gpa == 0)
		panic("macrokernel: invalid bootinfo virtio window "
		      "(virtio_gpa=0x%llx, virtio_slots=%u, limit=%u)",
		      (unsigned long long)bi->virtio_gpa, bi->virtio_slots,
		      NX_VIRTIO_SLOTS);
}

static void start_console(const struct nx_bootinfo *bi, struct virtio_mmio *dev)
{
	if (virtio_mmio_find(bi->virtio_gpa, bi->virtio_slots,
			     VIRTIO_ID_CONSOLE, dev) != 0)
		panic("macrokernel: no virtio console found (virtio_gpa=0x%llx, "
		      "virtio_slots=%u)",
		      (unsigned long long)bi->virtio_gpa, bi->virtio_slots);
	if (console_init(dev) != 0)
		panic("macrokernel: virtio console setup failed (slot=%u)",
		      dev->index);
}

void kmain(void)
{
	const struct nx_bootinfo *bi =
		(const struct nx_bootinfo *)(uintptr_t)NX_BOOTINFO_GPA;
	static struct virtio_mmio console_dev;

	check_bootinfo(bi);
	start_console(bi, &console_dev);
	slots_init(bi->arena_gpa, bi->max_uservms);
	log_debug("macrokernel: serving (slots=%u, console_slot=%u)",
		  bi->max_uservms, console_dev.index);

	loop_run(bi->tsc_khz);

	log_debug("macrokernel: shutting down");
	for (;;)
		nx_hypercall(NX_HC_EXIT, 0, 0, 0);
}
