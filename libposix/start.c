/*
 * C start of a function: crt0.S's _start calls libposix_start. Linked
 * into crt0.o together with crt0.S, so every function carries the ELF
 * note the VMM checks.
 */
#include <stdlib.h>

#include "posix.h"

extern char **environ;
extern void __libc_init_array(void);
extern void __libc_fini_array(void);
extern int main(int argc, char **argv, char **envp);

void libposix_start(int argc, char **argv, char **envp)
	__attribute__((noreturn));

/*
 * Emits the .note.nanvix ELF note: name "nanvix", type 1, and the ABI
 * version as a 4-byte description. It is written in assembly because a
 * C object cannot make a section of type SHT_NOTE, and from C because
 * only C can read NX_ABI_VERSION from abi.h.
 */
__attribute__((used)) static void emit_abi_note(void)
{
	__asm__(".pushsection .note.nanvix, \"a\", @note\n\t"
		".balign 4\n\t"
		".long 7\n\t" /* name size, with the NUL */
		".long 4\n\t" /* description size */
		".long 1\n\t" /* type */
		".asciz \"nanvix\"\n\t"
		".balign 4\n\t"
		".long %c0\n\t"
		".popsection"
		:
		: "i"(NX_ABI_VERSION));
}

/*
 * newlib's __libc_init_array calls _init between the .preinit_array and
 * the .init_array constructors, and __libc_fini_array calls _fini. All
 * constructors live in those arrays, so both are empty.
 */
void _init(void)
{
}

void _fini(void)
{
}

void libposix_start(int argc, char **argv, char **envp)
{
	environ = envp;
	atexit(__libc_fini_array);
	__libc_init_array();
	exit(main(argc, argv, envp));
}
