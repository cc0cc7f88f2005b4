/*
 * Guest exceptions. Every vector's stub halts (see cpu.h), so a HLT exit
 * inside the stub page is a fault. The CPU left its frame on the fault
 * stack.
 */
#ifndef HV_FAULT_H
#define HV_FAULT_H

#include <stddef.h>
#include <stdint.h>

#include "gmem.h"
#include "kvm.h"

struct fault {
	unsigned vector;
	uint64_t error; /* error code, 0 if the vector has none */
	uint64_t rip;	/* the faulting instruction */
	uint64_t rsp;
	uint64_t cr2; /* faulting address of a page fault */
};

/* Read the fault behind a HLT exit. Returns 0, or -1 if it was no fault. */
int fault_read(struct vm *vm, const struct gmem *mem, struct fault *f);

/* The signal a Linux process would get for this fault (SIGSEGV, ...). */
int fault_signal(const struct fault *f);

/*
 * Describe the fault in one line. Addresses inside [guard, guard + page)
 * are reported as a stack overflow.
 */
void fault_format(const struct fault *f, uint64_t guard, char *buf, size_t len);

#endif
