/*
 * libFuzzer target for the user input the nanvix command line parses:
 * cli_parse_size, cli_parse_seconds and cli_valid_tenant (tools/common.c)
 * on the whole input as a string, and args_build_stack
 * (hypervisor/args.c) on argument and environment vectors cut from it.
 *
 * For args_build_stack, byte 0 is the separator, byte 1 the number of
 * pieces that go to argv (the rest go to envp), bytes 2-4 the stack room
 * and byte 5 the stack top above it, in pages. The rest of the input is
 * split on the separator.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nanvix/abi.h>

#include "args.h"
#include "cli.h"

#define HEADER 6
#define ROOM_MAX (NX_ARG_MAX + 2 * NX_PAGE_SIZE)
#define CANARY 0xa5

/* common.c's cli_start and cli_stop call these; no run reaches them. */
int microkernel_load(struct microkernel *mk, const char *path)
{
	(void)mk;
	(void)path;
	__builtin_trap();
}

void microkernel_free(struct microkernel *mk)
{
	(void)mk;
	__builtin_trap();
}

int tenant_start(struct tenant *t, const char *name, const char *path)
{
	(void)t;
	(void)name;
	(void)path;
	__builtin_trap();
}

void tenant_stop(struct tenant *t)
{
	(void)t;
	__builtin_trap();
}

static void check_size(const char *text)
{
	uint64_t bytes;

	if (cli_parse_size(text, &bytes) == 0 && !isdigit((uint8_t)text[0]))
		__builtin_trap();
}

static void check_seconds(const char *text)
{
	uint64_t ns;

	if (cli_parse_seconds(text, &ns) == 0 && ns > 1000000000000000ull)
		__builtin_trap();
}

static void check_tenant(const char *text)
{
	size_t n = strlen(text);

	if (!cli_valid_tenant(text))
		return;
	if (n == 0 || n > TENANT_NAME_MAX)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if (!isalnum((uint8_t)text[i]) && text[i] != '_' &&
		    text[i] != '-')
			__builtin_trap();
}

/*
 * Split text (len bytes, NUL-terminated) on sep in place. Returns a
 * NULL-terminated vector of the pieces, or NULL if malloc fails.
 */
static char **split(char *text, size_t len, char sep, size_t *count)
{
	char **v = malloc((len + 2) * sizeof(*v));
	size_t n = 0;

	if (!v)
		return NULL;
	v[n++] = text;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == sep) {
			text[i] = 0;
			v[n++] = text + i + 1;
		}
	}
	v[n] = NULL;
	*count = n;
	return v;
}

/* The guest word at gpa of a stack that ends at top (gpa top_gpa). */
static uint64_t word_at(const uint8_t *top, uint64_t top_gpa, uint64_t gpa)
{
	uint64_t w;

	memcpy(&w, top - (top_gpa - gpa), sizeof(w));
	return w;
}

/* Check a vector of n strings stored on the stack from word gpa on. */
static void check_vector(const uint8_t *top, uint64_t top_gpa, uint64_t low,
			 uint64_t gpa, char *const v[], size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t str = word_at(top, top_gpa, gpa + 8 * i);
		size_t len = strlen(v[i]) + 1;

		if (str < low || str > top_gpa || len > top_gpa - str)
			__builtin_trap();
		if (memcmp(top - (top_gpa - str), v[i], len) != 0)
			__builtin_trap();
	}
	if (word_at(top, top_gpa, gpa + 8 * n) != 0)
		__builtin_trap();
}

/*
 * Build the stack into a buffer that ends at top and check the result.
 * The buffer starts up to 15 bytes below the room, so top keeps the
 * guest's 16-byte alignment. Those bytes contain a canary, and
 * AddressSanitizer guards the rest.
 */
static void build_stack(char *const argv[], size_t argc, char *const envp[],
			size_t envc, uint64_t room, uint64_t top_gpa)
{
	uint64_t size = (room + 15) & ~15ull, sp, low = top_gpa - room;
	uint8_t *buf = aligned_alloc(16, size ? size : 16), *top;
	size_t pad = size - room;
	char err[256];

	if (!buf)
		abort();
	top = buf + size;
	memset(buf, CANARY, pad);
	if (args_build_stack(top, top_gpa, room, argv, envp, NX_USER_GPA, &sp,
			     err, sizeof(err)) == 0) {
		if (sp % 16 || sp < low || sp > top_gpa)
			__builtin_trap();
		if (word_at(top, top_gpa, sp) != argc)
			__builtin_trap();
		check_vector(top, top_gpa, low, sp + 8, argv, argc);
		check_vector(top, top_gpa, low, sp + 16 + 8 * argc, envp, envc);
	} else if (args_stack_size(argv, envp) <= room &&
		   args_stack_size(argv, envp) <= NX_ARG_MAX) {
		__builtin_trap();
	}
	for (size_t i = 0; i < pad; i++)
		if (buf[i] != CANARY)
			__builtin_trap();
	free(buf);
}

static void fuzz_args(const uint8_t *data, size_t size)
{
	size_t len = size - HEADER, count, argc;
	uint64_t room, top_gpa;
	char *text = malloc(len + 1), **v, **argv;

	if (!text)
		abort();
	memcpy(text, data + HEADER, len);
	text[len] = 0;
	v = split(text, len, (char)data[0], &count);
	if (!v)
		abort();
	argc = data[1] % (count + 1);
	room = ((uint64_t)data[2] | (uint64_t)data[3] << 8 |
		(uint64_t)data[4] << 16) %
	       (ROOM_MAX + 1);
	/* The userVM's stack top is its memory size, a page multiple, and
	 * the room lies above address 0. */
	top_gpa = ((room + NX_PAGE_SIZE - 1) & ~(NX_PAGE_SIZE - 1)) +
		  (uint64_t)data[5] * NX_PAGE_SIZE;

	/* argv is the first argc pieces, envp the rest. */
	argv = malloc((argc + 1) * sizeof(*argv));
	if (!argv)
		abort();
	memcpy(argv, v, argc * sizeof(*argv));
	argv[argc] = NULL;
	build_stack(argv, argc, v + argc, count - argc, room, top_gpa);
	free(argv);
	free(v);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = 0;
	check_size(text);
	check_seconds(text);
	check_tenant(text);
	free(text);

	if (size >= HEADER)
		fuzz_args(data, size);
	return 0;
}
