/*
 * Unit tests for args_build_stack: the System V initial stack (argc,
 * argv, envp, auxv), its alignment, the strings it points at, and the
 * size limits.
 */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <nanvix/abi.h>

#include "args.h"

#define TOP_GPA 0x7ff000ull
#define ENTRY 0x401000ull

/*
 * A stack of room bytes ending at TOP_GPA. The host buffer ends there too,
 * so AddressSanitizer reports a write above the top. The top is 16-byte
 * aligned on the host as in guest memory, so the buffer starts up to 15
 * bytes below low.
 */
struct stack {
	uint8_t *buf;
	uint8_t *low;
	uint64_t room;
	uint64_t sp;
	char err[160];
};

static int build(struct stack *s, uint64_t room, char *const argv[],
		 char *const envp[])
{
	uint64_t size = (room + 15) & ~15ull;

	s->room = room;
	s->buf = aligned_alloc(16, size ? size : 16);
	assert_non_null(s->buf);
	s->low = s->buf + (size - room);
	memset(s->err, 0, sizeof(s->err));
	return args_build_stack(s->low + room, TOP_GPA, room, argv, envp, ENTRY,
				&s->sp, s->err, sizeof(s->err));
}

/* The stack word at guest address gpa. */
static uint64_t word_at(const struct stack *s, uint64_t gpa)
{
	uint64_t w;

	assert_true(gpa >= TOP_GPA - s->room);
	assert_true(gpa + 8 <= TOP_GPA);
	memcpy(&w, s->low + s->room - (TOP_GPA - gpa), 8);
	return w;
}

static const char *string_at(const struct stack *s, uint64_t gpa)
{
	assert_true(gpa >= TOP_GPA - s->room);
	assert_true(gpa < TOP_GPA);
	return (const char *)(s->low + s->room - (TOP_GPA - gpa));
}

/* Check the whole layout against argv and envp. Returns the auxv GPA. */
static uint64_t check_layout(const struct stack *s, char *const argv[],
			     char *const envp[])
{
	uint64_t p = s->sp, argc = 0, envc = 0;

	while (argv && argv[argc])
		argc++;
	while (envp && envp[envc])
		envc++;
	assert_int_equal(s->sp % 16, 0);
	assert_int_equal(word_at(s, p), argc);
	p += 8;
	for (uint64_t i = 0; i < argc; i++, p += 8)
		assert_string_equal(string_at(s, word_at(s, p)), argv[i]);
	assert_int_equal(word_at(s, p), 0);
	p += 8;
	for (uint64_t i = 0; i < envc; i++, p += 8)
		assert_string_equal(string_at(s, word_at(s, p)), envp[i]);
	assert_int_equal(word_at(s, p), 0);
	p += 8;
	assert_int_equal(word_at(s, p), AT_PAGESZ);
	assert_int_equal(word_at(s, p + 8), NX_PAGE_SIZE);
	assert_int_equal(word_at(s, p + 16), AT_ENTRY);
	assert_int_equal(word_at(s, p + 24), ENTRY);
	assert_int_equal(word_at(s, p + 32), AT_NULL);
	assert_int_equal(word_at(s, p + 40), 0);
	return p;
}

static void layout(void **state)
{
	char *argv[] = { "hello", "world", "", NULL };
	char *envp[] = { "HOME=/", "LANG=C", NULL };
	struct stack s;

	(void)state;
	assert_int_equal(build(&s, 4096, argv, envp), 0);
	check_layout(&s, argv, envp);
	free(s.buf);
}

/* The vector ends below the first string, so neither overwrites the other. */
static void strings_above_vector(void **state)
{
	char *argv[] = { "a", "bb", NULL };
	char *envp[] = { "C=3", NULL };
	struct stack s;
	uint64_t auxv;

	(void)state;
	assert_int_equal(build(&s, 4096, argv, envp), 0);
	auxv = check_layout(&s, argv, envp);
	assert_true(auxv + 48 <= word_at(&s, s.sp + 8));
	assert_true(auxv + 48 <= word_at(&s, s.sp + 8 * 4));
	free(s.buf);
}

static void empty_vectors(void **state)
{
	char *none[] = { NULL };
	struct stack s;

	(void)state;
	assert_int_equal(build(&s, 4096, none, none), 0);
	check_layout(&s, none, none);
	free(s.buf);
	assert_int_equal(build(&s, 4096, NULL, NULL), 0);
	check_layout(&s, NULL, NULL);
	free(s.buf);
}

/* Every string length mod 16 and argument count give an aligned stack. */
static void alignment(void **state)
{
	static char text[40];
	char *argv[6], *envp[] = { text, NULL };
	struct stack s;

	(void)state;
	memset(text, 'x', sizeof(text) - 1);
	for (int argc = 0; argc < 5; argc++) {
		for (int len = 0; len < 16; len++) {
			text[len] = '\0';
			for (int i = 0; i < argc; i++)
				argv[i] = text;
			argv[argc] = NULL;
			assert_int_equal(build(&s, 1024, argv, envp), 0);
			check_layout(&s, argv, envp);
			free(s.buf);
			text[len] = 'x';
		}
	}
}

/* args_stack_size() bytes are enough, exactly. */
static void exact_room(void **state)
{
	char *argv[] = { "fn", "abcdefg", NULL };
	char *envp[] = { "K=V", NULL };
	uint64_t need = args_stack_size(argv, envp);
	struct stack s;

	(void)state;
	assert_int_equal(build(&s, need, argv, envp), 0);
	check_layout(&s, argv, envp);
	free(s.buf);
	assert_int_equal(build(&s, need - 1, argv, envp), -1);
	assert_non_null(strstr(s.err, "too large"));
	free(s.buf);
}

static void over_arg_max(void **state)
{
	char *big = malloc(NX_ARG_MAX);
	char *argv[] = { big, NULL };
	struct stack s;

	(void)state;
	assert_non_null(big);
	memset(big, 'a', NX_ARG_MAX - 1);
	big[NX_ARG_MAX - 1] = '\0';
	assert_int_equal(build(&s, 2 * NX_ARG_MAX, argv, NULL), -1);
	assert_non_null(strstr(s.err, "arguments and environment too large"));
	assert_non_null(strstr(s.err, "max=262144"));
	free(s.buf);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(layout),
		cmocka_unit_test(strings_above_vector),
		cmocka_unit_test(empty_vectors),
		cmocka_unit_test(alignment),
		cmocka_unit_test(exact_room),
		cmocka_unit_test(over_arg_max),
	};

	return cmocka_run_group_tests_name("args", tests, NULL, NULL);
}
