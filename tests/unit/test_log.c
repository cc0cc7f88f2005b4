/* Unit tests for the copy of guest text into host log lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "log.h"

static void printable_kept(void **state)
{
	char out[16];

	(void)state;
	log_copy_guest_text(out, "ring: ok (1)", 12);
	assert_string_equal(out, "ring: ok (1)");
}

static void control_bytes_replaced(void **state)
{
	char out[16];

	(void)state;
	log_copy_guest_text(out, "\033[2J\nx\x7f\xff", 8);
	assert_string_equal(out, "?[2J?x??");
}

static void stops_at_length(void **state)
{
	char out[4];

	(void)state;
	log_copy_guest_text(out, "abcdef", 3);
	assert_string_equal(out, "abc");
}

static void stops_at_nul(void **state)
{
	char out[8];

	(void)state;
	log_copy_guest_text(out, "ab\0cd", 5);
	assert_string_equal(out, "ab");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(printable_kept),
		cmocka_unit_test(control_bytes_replaced),
		cmocka_unit_test(stops_at_length),
		cmocka_unit_test(stops_at_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
