/*
 * One function invocation: a userVM booted with the microkernel and the
 * function's executable, attached to a slot of its tenant's systemVM.
 */
#ifndef HV_USERVM_H
#define HV_USERVM_H

#include <stddef.h>
#include <stdint.h>

#include "elf_image.h"
#include "tenant.h"

#define USERVM_STACK_MAX (8ull << 20)

struct invocation {
	const char *path;    /* the function's file, for messages */
	const uint8_t *file; /* its contents */
	size_t file_size;
	char *const *argv;
	char *const *envp;
	uint64_t memory;     /* guest RAM in bytes */
	uint64_t timeout_ns; /* 0: no limit */
	int fd[3];	     /* stdin, stdout, stderr */
	uint32_t pid;
};

enum outcome {
	OUTCOME_EXIT,  /* status is the exit status */
	OUTCOME_FAULT, /* status is the signal a Linux process would get */
	OUTCOME_TIMEOUT,
	OUTCOME_INVALID, /* rejected before boot: bad executable or options */
	OUTCOME_ERROR,	 /* the VMM, the microkernel or the systemVM failed */
};

struct result {
	enum outcome outcome;
	int status;
	char message[320];
};

/* The memory layout of a userVM with a given RAM size. */
struct uservm_layout {
	uint64_t ram;
	uint64_t image_low;  /* the function's segments go in */
	uint64_t image_high; /* [image_low, image_high) */
	uint64_t guard;	     /* unmapped page below the stack */
	uint64_t stack_low;
	uint64_t stack_top;
};

/* Returns 0, or -1 if memory is not a page multiple in range. */
int uservm_layout(uint64_t memory, struct uservm_layout *l);

struct microkernel {
	uint8_t *file;
	struct elf_image img;
};

/* Load and check the microkernel image once. Returns 0 or -1 (logged). */
int microkernel_load(struct microkernel *mk, const char *path);
void microkernel_free(struct microkernel *mk);

/*
 * Check an invocation without side effects: its memory size, executable
 * and arguments. Returns 0, or -1 with res describing the problem.
 */
int uservm_check(const struct invocation *inv, struct uservm_layout *l,
		 struct elf_image *img, struct result *res);

/*
 * Check the invocation, boot its userVM, run it to its end and tear it
 * down. Everything that went wrong is described in res->message.
 */
void uservm_run(struct tenant *t, const struct microkernel *mk,
		const struct invocation *inv, struct result *res);

#endif
