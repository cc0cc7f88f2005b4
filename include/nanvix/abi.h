/*
 * VMM <-> guest ABI: the memory map both guests are booted with, the boot
 * information page, and the hypercalls. Included by the hypervisor, the
 * microkernel, the macrokernel and libposix. Every structure here crosses
 * a VM boundary, so it uses fixed-width fields only.
 */
#ifndef NANVIX_ABI_H
#define NANVIX_ABI_H

#include <stdint.h>

/* Bumped on any incompatible change to a header in include/nanvix/. */
#define NX_ABI_VERSION 1u
#define NX_BOOTINFO_MAGIC 0x4e58424fu /* "NXBO" */

#define NX_PAGE_SIZE 4096ull

/*
 * Guest-physical memory map, shared by both kinds of VM. Guest-virtual
 * addresses equal guest-physical ones. Page 0 is never mapped, so a NULL
 * dereference faults. The pages from NX_GDT_GPA to NX_PT_END are
 * supervisor-only: guest user code cannot touch them.
 */
#define NX_BOOTINFO_GPA 0x1000ull /* struct nx_bootinfo, user read-only */
#define NX_GDT_GPA 0x2000ull
#define NX_IDT_GPA 0x3000ull
#define NX_TSS_GPA 0x4000ull
#define NX_FAULT_STUBS_GPA 0x5000ull /* one 16-byte stub per vector */
#define NX_FAULT_STUB_SIZE 16ull
#define NX_FAULT_STACK_TOP 0x8000ull /* TSS.RSP0, grows down to 0x6000 */
#define NX_SYSCTL_GPA 0xe000ull	     /* systemVM only: struct nx_sysctl */
#define NX_PT_GPA 0x10000ull	     /* page tables, built by the VMM */
#define NX_PT_END 0x100000ull
#define NX_KERNEL_GPA 0x100000ull /* microkernel or macrokernel image */
#define NX_KERNEL_END 0x400000ull
#define NX_USER_GPA 0x400000ull /* the function's image (userVM) */

/* The userVM's ring region: one struct nx_ring. */
#define NX_RING_GPA 0x80000000ull
#define NX_RING_SIZE (256ull * 1024)

/*
 * MMIO pages. They are mapped user-accessible in the guest page tables but
 * have no memory behind them, so every access exits to KVM.
 */
#define NX_MMIO_GPA 0xc0000000ull
#define NX_HYPERCALL_GPA 0xc0000000ull /* 4-byte write: hypercall number */
#define NX_DOORBELL_GPA 0xc0001000ull  /* userVM: wake the systemVM */
#define NX_NOTIFY_GPA 0xc0002000ull    /* systemVM: 4-byte slot number */
#define NX_VIRTIO_GPA 0xc0010000ull    /* systemVM: virtio-mmio devices */
#define NX_VIRTIO_STRIDE 0x1000ull
#define NX_VIRTIO_SLOTS 4u
#define NX_MMIO_END 0xc0020000ull

/* systemVM: the ring arena, one NX_RING_SIZE slice per userVM slot. */
#define NX_ARENA_GPA 0x100000000ull
#define NX_MAX_USERVMS 64u
#define NX_ARENA_SIZE (NX_RING_SIZE * NX_MAX_USERVMS)

/* Largest guest RAM the VMM accepts; it must stay below NX_RING_GPA. */
#define NX_RAM_MAX (1024ull * 1024 * 1024)
#define NX_RAM_MIN (8ull * 1024 * 1024)

/* Bytes of argv and envp strings plus their pointer arrays. */
#define NX_ARG_MAX (256u * 1024)

enum nx_vm_kind {
	NX_VM_USER = 1,
	NX_VM_SYSTEM = 2,
};

/*
 * Boot information page at NX_BOOTINFO_GPA, written by the VMM before the
 * guest's first instruction. A userVM's function entry is entered with
 * RSP = initial_sp, which points at argc as in the System V x86-64 ABI.
 */
struct nx_bootinfo {
	uint32_t magic;
	uint32_t abi_version;
	uint32_t kind; /* enum nx_vm_kind */
	uint32_t pid;
	uint64_t ram_size;
	uint64_t tsc_khz;      /* 0 if the VMM could not read it */
	uint64_t realtime_ns;  /* CLOCK_REALTIME when the VMM booted the VM */
	uint64_t monotonic_ns; /* CLOCK_MONOTONIC at the same moment */
	/* userVM only */
	uint64_t entry;	    /* the function's ELF entry point */
	uint64_t image_end; /* first byte after the function's image */
	/* both: the stack the guest starts on; the page below is a guard */
	uint64_t stack_low;
	uint64_t stack_top;
	uint64_t initial_sp;
	/* userVM only */
	uint64_t ring_gpa;
	uint64_t ring_size;
	/* systemVM only */
	uint64_t arena_gpa;
	uint32_t max_uservms;
	uint32_t virtio_slots;
	uint64_t virtio_gpa;
};

_Static_assert(sizeof(struct nx_bootinfo) == 128, "bootinfo size");
_Static_assert(__builtin_offsetof(struct nx_bootinfo, entry) == 48,
	       "bootinfo entry offset");

/*
 * Hypercalls. A guest stores the call number (4 bytes) at NX_HYPERCALL_GPA
 * with the arguments in RDI, RSI and RDX. The VMM returns the result in
 * RAX and resumes the guest at the next instruction. Negative results are
 * -errno values.
 */
enum nx_hypercall {
	NX_HC_EXIT = 1,	       /* RDI: exit status; does not return */
	NX_HC_WAIT = 2,	       /* RDI: timeout in ns; sleep until notified */
	NX_HC_SLEEP = 3,       /* RDI: ns to sleep */
	NX_HC_MEM_RELEASE = 4, /* RDI: page-aligned GPA, RSI: length */
	NX_HC_LOG = 5,	       /* RDI: GPA of text, RSI: length, RDX: level */
	NX_HC_PANIC = 6,       /* RDI: GPA of text, RSI: length; no return */
	NX_HC_MAX
};

/* NX_HC_LOG levels: the VMM prints debug lines only if asked to. */
#define NX_LOG_DEBUG 0
#define NX_LOG_WARNING 1

/*
 * systemVM control page at NX_SYSCTL_GPA. The VMM attaches a userVM by
 * setting its slot's generation to a new odd value and kicking the
 * systemVM; it detaches one by setting an even value. The macrokernel
 * copies the generation into ack once it has (de)initialised the slot,
 * and the VMM reuses a slot only after the ack. A slot whose ring broke
 * the protocol is not served again; the VMM ends its userVM.
 */
struct nx_sysctl_slot {
	uint32_t generation;
	uint32_t ack;
	uint32_t pid;
	uint32_t tty_mask; /* bit n set: the invocation's fd n is a terminal */
	/* Set by the macrokernel to the generation whose ring it rejected. */
	uint32_t broken;
	uint32_t reserved[3];
};

struct nx_sysctl {
	uint32_t magic;
	uint32_t nslots;
	uint32_t shutdown; /* set by the VMM: the macrokernel exits */
	uint32_t reserved;
	struct nx_sysctl_slot slot[NX_MAX_USERVMS];
};

_Static_assert(sizeof(struct nx_sysctl_slot) == 32, "sysctl slot size");
_Static_assert(sizeof(struct nx_sysctl) == 16 + 32 * NX_MAX_USERVMS,
	       "sysctl size");
_Static_assert(sizeof(struct nx_sysctl) <= NX_PAGE_SIZE, "sysctl page");

#endif
