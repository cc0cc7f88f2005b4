/*
 * Entry of a function. The VMM enters _start with RSP pointing at argc,
 * followed by argv[], NULL, envp[], NULL and the auxiliary vector, as in
 * the System V x86-64 ABI.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	/* A zero frame pointer ends a debugger's backtrace here. */
	xorl %ebp, %ebp

	movq (%rsp), %rdi		/* argc */
	leaq 8(%rsp), %rsi		/* argv */
	leaq 16(%rsp, %rdi, 8), %rdx	/* envp: after argv's NULL */

	/*
	 * Set the x87 and SSE control words to their ABI defaults, so
	 * floating point does not depend on the vCPU's reset state.
	 */
	fninit
	ldmxcsr mxcsr_default(%rip)

	/* The ABI wants RSP 16-byte aligned at a call. */
	andq $-16, %rsp
	call libposix_start
	ud2
	.size _start, . - _start

	.section .rodata
	.balign 4
mxcsr_default:
	.long 0x1f80

	.section .note.GNU-stack, "", @progbits
