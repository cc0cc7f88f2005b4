/*
 * First instruction of the macrokernel. The VMM enters here in 64-bit
 * user mode with RSP = bootinfo.stack_top and nothing else set up.
 */
	.section .text.entry, "ax"
	.globl _start
	.type _start, @function
_start:
	/* Zero .bss here rather than trust every ELF loader to. */
	cld
	leaq __bss_start(%rip), %rdi
	leaq __bss_end(%rip), %rcx
	subq %rdi, %rcx
	xorl %eax, %eax
	rep stosb

	/* The SysV ABI wants RSP 16-byte aligned at a call. */
	andq $-16, %rsp
	xorl %ebp, %ebp
	call kmain
	ud2
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
