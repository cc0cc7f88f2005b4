#include <signal.h>
#include <stdio.h>

#include <nanvix/abi.h>

#include "cpu.h"
#include "fault.h"

#define PF_PRESENT 0x1
#define PF_WRITE 0x2
#define PF_FETCH 0x10

static const char *const names[CPU_VECTORS] = {
	[0] = "divide error",
	[1] = "debug exception",
	[3] = "breakpoint",
	[4] = "overflow",
	[5] = "bound range exceeded",
	[6] = "invalid opcode",
	[7] = "device not available",
	[8] = "double fault",
	[10] = "invalid TSS",
	[11] = "segment not present",
	[12] = "stack-segment fault",
	[13] = "general protection fault",
	[14] = "page fault",
	[16] = "x87 floating-point error",
	[17] = "alignment check",
	[18] = "machine check",
	[19] = "SIMD floating-point exception",
};

int fault_read(struct vm *vm, const struct gmem *mem, struct fault *f)
{
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	const uint64_t *frame;
	uint64_t stubs_end =
		NX_FAULT_STUBS_GPA + CPU_VECTORS * NX_FAULT_STUB_SIZE;

	if (vm_get_regs(vm, &regs) || vm_get_sregs(vm, &sregs))
		return -1;
	if (regs.rip < NX_FAULT_STUBS_GPA || regs.rip >= stubs_end)
		return -1;
	f->vector = (regs.rip - NX_FAULT_STUBS_GPA) / NX_FAULT_STUB_SIZE;
	frame = gmem_ptr(mem, regs.rsp, 6 * sizeof(uint64_t));
	if (!frame)
		return -1;
	f->error = 0;
	if (cpu_vector_has_error_code(f->vector))
		f->error = *frame++;
	f->rip = frame[0];
	f->rsp = frame[3];
	f->cr2 = sregs.cr2;
	return 0;
}

int fault_signal(const struct fault *f)
{
	switch (f->vector) {
	case 0:
	case 16:
	case 19:
		return SIGFPE;
	case 6:
		return SIGILL;
	case 1:
	case 3:
		return SIGTRAP;
	case 17:
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

static void format_page_fault(const struct fault *f, uint64_t guard, char *buf,
			      size_t len)
{
	const char *access = f->error & PF_FETCH   ? "execute"
			     : f->error & PF_WRITE ? "write"
						   : "read";

	if (f->cr2 >= guard && f->cr2 - guard < NX_PAGE_SIZE) {
		snprintf(buf, len, "stack overflow (address=%#lx, rip=%#lx)",
			 (unsigned long)f->cr2, (unsigned long)f->rip);
		return;
	}
	snprintf(buf, len, "page fault: %s of %s address %#lx (rip=%#lx)",
		 access, f->error & PF_PRESENT ? "protected" : "unmapped",
		 (unsigned long)f->cr2, (unsigned long)f->rip);
}

void fault_format(const struct fault *f, uint64_t guard, char *buf, size_t len)
{
	const char *name = f->vector < CPU_VECTORS && names[f->vector]
				   ? names[f->vector]
				   : "exception";

	if (f->vector == 14) {
		format_page_fault(f, guard, buf, len);
		return;
	}
	snprintf(buf, len, "%s (vector=%u, rip=%#lx, error=%#lx)", name,
		 f->vector, (unsigned long)f->rip, (unsigned long)f->error);
}
