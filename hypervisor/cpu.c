#include <string.h>

#include <nanvix/abi.h>

#include "cpu.h"

#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA 0x1b
#define SEL_UCODE 0x23
#define SEL_TSS 0x28
#define GDT_ENTRIES 7

#define CR0_PE 0x1ull
#define CR0_MP 0x2ull
#define CR0_ET 0x10ull
#define CR0_NE 0x20ull
#define CR0_WP 0x10000ull
#define CR0_PG 0x80000000ull
#define CR4_PAE 0x20ull
#define CR4_OSFXSR 0x200ull
#define CR4_OSXMMEXCPT 0x400ull
#define EFER_LME 0x100ull
#define EFER_LMA 0x400ull
#define EFER_NXE 0x800ull

#define TSS_SIZE 104
#define HLT 0xf4
#define JMP_SHORT 0xeb

static void write_gdt(uint64_t *gdt)
{
	uint64_t base = NX_TSS_GPA, limit = TSS_SIZE - 1;

	gdt[0] = 0;
	gdt[1] = 0x00af9b000000ffffull; /* kernel code, 64-bit */
	gdt[2] = 0x00cf93000000ffffull; /* kernel data */
	gdt[3] = 0x00cff3000000ffffull; /* user data, DPL 3 */
	gdt[4] = 0x00affb000000ffffull; /* user code, 64-bit, DPL 3 */
	/* 64-bit available TSS: a 16-byte system descriptor. */
	gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 (0x89ull << 40) | (((base >> 24) & 0xff) << 56);
	gdt[6] = base >> 32;
}

static void write_idt(uint64_t *idt)
{
	for (unsigned v = 0; v < CPU_VECTORS; v++) {
		uint64_t handler = NX_FAULT_STUBS_GPA + v * NX_FAULT_STUB_SIZE;

		/* Present interrupt gate, DPL 0, IST 0. */
		idt[2 * v] = (handler & 0xffff) | ((uint64_t)SEL_KCODE << 16) |
			     (0x8eull << 40) |
			     (((handler >> 16) & 0xffff) << 48);
		idt[2 * v + 1] = handler >> 32;
	}
}

static void write_stubs(uint8_t *stubs)
{
	/* Each stub halts; a later KVM_RUN would halt again. */
	for (unsigned v = 0; v < CPU_VECTORS; v++) {
		uint8_t *stub = stubs + v * NX_FAULT_STUB_SIZE;

		stub[0] = HLT;
		stub[1] = JMP_SHORT;
		stub[2] = 0xfd;
	}
}

int cpu_write_tables(const struct gmem *mem, struct paging *pg)
{
	uint64_t *gdt = gmem_ptr(mem, NX_GDT_GPA, NX_PAGE_SIZE);
	uint64_t *idt = gmem_ptr(mem, NX_IDT_GPA, NX_PAGE_SIZE);
	uint8_t *tss = gmem_ptr(mem, NX_TSS_GPA, NX_PAGE_SIZE);
	uint8_t *stubs = gmem_ptr(mem, NX_FAULT_STUBS_GPA, NX_PAGE_SIZE);
	uint64_t rsp0 = NX_FAULT_STACK_TOP;
	uint64_t stack_low = NX_FAULT_STUBS_GPA + NX_PAGE_SIZE;

	if (!gdt || !idt || !tss || !stubs)
		return -1;
	write_gdt(gdt);
	write_idt(idt);
	memset(tss, 0, TSS_SIZE);
	memcpy(tss + 4, &rsp0, sizeof(rsp0));
	tss[102] = TSS_SIZE; /* I/O bitmap base past the limit: no bitmap */
	write_stubs(stubs);

	if (paging_map(pg, NX_GDT_GPA, 3 * NX_PAGE_SIZE, PTE_W | PTE_NX) ||
	    paging_map(pg, NX_FAULT_STUBS_GPA, NX_PAGE_SIZE, 0) ||
	    paging_map(pg, stack_low, NX_FAULT_STACK_TOP - stack_low,
		       PTE_W | PTE_NX))
		return -1;
	return 0;
}

static struct kvm_segment segment(uint16_t selector, uint8_t type, int code)
{
	return (struct kvm_segment){
		.base = 0,
		.limit = 0xffffffff,
		.selector = selector,
		.type = type,
		.present = 1,
		.dpl = selector & 3,
		.db = !code,
		.s = 1,
		.l = code,
		.g = 1,
	};
}

int cpu_enter_user(struct vm *vm, const struct paging *pg, uint64_t rip,
		   uint64_t rsp, uint64_t fs_base)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = rip, .rsp = rsp, .rflags = 0x2 };
	int err = vm_get_sregs(vm, &sregs);

	if (err)
		return err;
	sregs.cs = segment(SEL_UCODE, 11, 1);
	sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss =
		segment(SEL_UDATA, 3, 0);
	sregs.fs.base = fs_base;
	sregs.tr = (struct kvm_segment){
		.base = NX_TSS_GPA,
		.limit = TSS_SIZE - 1,
		.selector = SEL_TSS,
		.type = 11,
		.present = 1,
	};
	sregs.gdt.base = NX_GDT_GPA;
	sregs.gdt.limit = GDT_ENTRIES * 8 - 1;
	sregs.idt.base = NX_IDT_GPA;
	sregs.idt.limit = CPU_VECTORS * 16 - 1;
	sregs.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
	sregs.cr3 = pg->pml4;
	sregs.cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
	sregs.efer = EFER_LME | EFER_LMA | EFER_NXE;
	err = vm_set_sregs(vm, &sregs);
	if (err)
		return err;
	return vm_set_regs(vm, &regs);
}

int cpu_vector_has_error_code(unsigned vector)
{
	switch (vector) {
	case 8:
	case 10:
	case 11:
	case 12:
	case 13:
	case 14:
	case 17:
	case 21:
	case 29:
	case 30:
		return 1;
	default:
		return 0;
	}
}
