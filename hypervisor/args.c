#include <elf.h>
#include <stdio.h>
#include <string.h>

#include <nanvix/abi.h>

#include "args.h"

#define AUXV_WORDS 6 /* AT_PAGESZ, AT_ENTRY, AT_NULL pairs */

static size_t count(char *const v[])
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

static uint64_t strings_size(char *const v[])
{
	uint64_t total = 0;

	for (size_t i = 0; v && v[i]; i++)
		total += strlen(v[i]) + 1;
	return total;
}

static uint64_t vector_words(char *const argv[], char *const envp[])
{
	return 1 + count(argv) + 1 + count(envp) + 1 + AUXV_WORDS;
}

uint64_t args_stack_size(char *const argv[], char *const envp[])
{
	/* 16 bytes cover the worst-case alignment of the vector. */
	return strings_size(argv) + strings_size(envp) +
	       vector_words(argv, envp) * 8 + 16;
}

/* Copy strings down from *str, storing each one's guest address. */
static void copy_strings(char *const v[], uint8_t *top, uint64_t top_gpa,
			 uint64_t *str, uint64_t *ptrs)
{
	for (size_t i = 0; v && v[i]; i++) {
		size_t len = strlen(v[i]) + 1;

		*str -= len;
		memcpy(top - (top_gpa - *str), v[i], len);
		ptrs[i] = *str;
	}
}

int args_build_stack(uint8_t *top, uint64_t top_gpa, uint64_t room,
		     char *const argv[], char *const envp[], uint64_t entry,
		     uint64_t *sp, char *err, size_t errlen)
{
	uint64_t need = args_stack_size(argv, envp);
	size_t argc = count(argv), envc = count(envp);
	uint64_t str = top_gpa, *vec;

	if (need > NX_ARG_MAX || need > room) {
		snprintf(
			err, errlen,
			"arguments and environment too large "
			"(bytes=%lu, max=%lu)",
			(unsigned long)need,
			(unsigned long)(room < NX_ARG_MAX ? room : NX_ARG_MAX));
		return -1;
	}
	*sp = (top_gpa - strings_size(argv) - strings_size(envp) -
	       vector_words(argv, envp) * 8) &
	      ~15ull;
	vec = (uint64_t *)(top - (top_gpa - *sp));
	vec[0] = argc;
	copy_strings(argv, top, top_gpa, &str, &vec[1]);
	vec[1 + argc] = 0;
	copy_strings(envp, top, top_gpa, &str, &vec[2 + argc]);
	vec[2 + argc + envc] = 0;
	vec += 3 + argc + envc;
	vec[0] = AT_PAGESZ;
	vec[1] = NX_PAGE_SIZE;
	vec[2] = AT_ENTRY;
	vec[3] = entry;
	vec[4] = AT_NULL;
	vec[5] = 0;
	return 0;
}
