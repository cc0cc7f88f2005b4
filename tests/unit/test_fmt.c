/* Unit tests for the macrokernel's log formatter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fmt.h"

static void formats_conversions(void **state)
{
	char buf[128];

	(void)state;
	fmt_format(buf, sizeof(buf), "a=%u b=%d c=%x s=%s ch=%c %%", 42u, -7,
		   0xbeefu, "str", 'z');
	assert_string_equal(buf, "a=42 b=-7 c=beef s=str ch=z %");
}

static void formats_wide_values(void **state)
{
	char buf[128];

	(void)state;
	fmt_format(buf, sizeof(buf), "%llu %lld %llx %lu",
		   (unsigned long long)UINT64_MAX, (long long)INT64_MIN,
		   0x123456789abcdefull, 0ul);
	assert_string_equal(buf, "18446744073709551615 -9223372036854775808 "
				 "123456789abcdef 0");
}

static void truncates_and_terminates(void **state)
{
	char buf[8];
	size_t n;

	(void)state;
	n = fmt_format(buf, sizeof(buf), "slot=%u", 123456u);
	assert_int_equal(n, 7);
	assert_string_equal(buf, "slot=12");
	n = fmt_format(buf, 1, "x");
	assert_int_equal(n, 0);
	assert_string_equal(buf, "");
}

static void null_string(void **state)
{
	/* volatile: gcc rejects a literal NULL for %s at compile time. */
	const char *volatile none = NULL;
	char buf[16];

	(void)state;
	fmt_format(buf, sizeof(buf), "%s", none);
	assert_string_equal(buf, "(null)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats_conversions),
		cmocka_unit_test(formats_wide_values),
		cmocka_unit_test(truncates_and_terminates),
		cmocka_unit_test(null_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
