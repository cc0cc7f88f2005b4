/* The initial stack of a function: argc, argv, envp and auxv. */
#ifndef HV_ARGS_H
#define HV_ARGS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Lay out argv and envp below top_gpa as the System V x86-64 ABI has it at
 * process entry. top points at the host copy of top_gpa, and room bytes
 * below it are writable. On success *sp is the 16-byte aligned initial
 * stack pointer (pointing at argc). Returns -1 with a reason in err if
 * the arguments exceed NX_ARG_MAX or room.
 */
int args_build_stack(uint8_t *top, uint64_t top_gpa, uint64_t room,
		     char *const argv[], char *const envp[], uint64_t entry,
		     uint64_t *sp, char *err, size_t errlen);

/* Bytes args_build_stack() needs for these vectors. */
uint64_t args_stack_size(char *const argv[], char *const envp[]);

#endif
