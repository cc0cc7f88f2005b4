/*
 * usage: fault.elf null-read|null-write|divide|stack|write-text|
 *                  exec-data|ud2
 * Triggers one CPU fault. Prints "survived" and exits 1 if the fault
 * did not stop it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The recursion is meant to be unbounded: it must overflow the stack. */
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int recurse(volatile char *prev)
{
	volatile char frame[256];

	frame[0] = prev ? prev[0] + 1 : 0;
	/* The addition after the call keeps it from being a tail call. */
	return recurse(frame) + frame[0];
}

int main(int argc, char **argv);

/* Overwrites the first byte of main with a ret instruction. */
static void write_text(void)
{
	volatile unsigned char *code = (volatile unsigned char *)&main;

	*code = 0xc3;
}

static void exec_data(void)
{
	/* ret instructions, so the call returns if the heap is executable. */
	unsigned char *buf = malloc(16);
	void (*fn)(void);

	memset(buf, 0xc3, 16);
	fn = (void (*)(void))buf;
	fn();
}

int main(int argc, char **argv)
{
	volatile int *null = NULL;
	volatile int zero = 0, value = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: fault.elf null-read|null-write|divide|"
				"stack|write-text|exec-data|ud2\n");
		return 2;
	}
	if (!strcmp(argv[1], "null-read"))
		value = *null;
	else if (!strcmp(argv[1], "null-write"))
		*null = 1;
	else if (!strcmp(argv[1], "divide"))
		value = value / zero;
	else if (!strcmp(argv[1], "stack"))
		value = recurse(NULL);
	else if (!strcmp(argv[1], "write-text"))
		write_text();
	else if (!strcmp(argv[1], "exec-data"))
		exec_data();
	else if (!strcmp(argv[1], "ud2"))
		__asm__ volatile("ud2");
	else
		return 2;
	printf("survived %s (value=%d)\n", argv[1], value);
	return 1;
}
