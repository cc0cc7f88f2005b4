/*
 * First instruction of a userVM, in 64-bit user mode. RSP points at argc
 * on the function's initial stack; boot() runs below it and returns the
 * function's entry, which gets the same RSP as a Linux process would.
 */
	.text
	.globl _start
_start:
	mov %rsp, %rbx
	and $-16, %rsp
	call mk_boot
	mov %rbx, %rsp
	xor %edx, %edx /* no function for atexit, as the ABI says */
	jmp *%rax
