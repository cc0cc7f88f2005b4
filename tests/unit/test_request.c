/*
 * Unit tests for request decoding: call numbers, hostile payload offsets
 * and lengths, descriptors out of range, closed or of the wrong access.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fdtable.h"
#include "request.h"

static struct fdtable fds;

static int fds_setup(void **state)
{
	(void)state;
	fdtable_init(&fds);
	return 0;
}

static struct nx_req make(uint32_t call, int32_t fd, uint32_t off, uint32_t len)
{
	struct nx_req rq = { .tag = 1,
			     .call = call,
			     .fd = fd,
			     .data_off = off,
			     .data_len = len };

	return rq;
}

static int decode(struct nx_req rq)
{
	struct fd *f;

	return request_decode(&rq, &fds, &f);
}

static void data_range_edges(void **state)
{
	(void)state;
	assert_true(request_data_ok(0, 0));
	assert_true(request_data_ok(0, NX_RING_DATA_SIZE));
	assert_true(request_data_ok(NX_RING_DATA_SIZE, 0));
	assert_true(request_data_ok(NX_RING_DATA_SIZE - 1, 1));
	assert_false(request_data_ok(1, NX_RING_DATA_SIZE));
	assert_false(request_data_ok(NX_RING_DATA_SIZE, 1));
	assert_false(request_data_ok(NX_RING_DATA_SIZE + 1, 0));
}

static void data_range_overflow(void **state)
{
	(void)state;
	/* Each of these wraps to a small sum in 32-bit arithmetic. */
	assert_false(request_data_ok(UINT32_MAX, 1));
	assert_false(request_data_ok(1, UINT32_MAX));
	assert_false(request_data_ok(UINT32_MAX, UINT32_MAX));
	assert_false(request_data_ok(0x80000000u, 0x80000000u));
}

static void unknown_calls(void **state)
{
	(void)state;
	assert_int_equal(decode(make(0, 1, 0, 0)), -NX_ENOSYS);
	assert_int_equal(decode(make(NX_RQ_MAX, 1, 0, 0)), -NX_ENOSYS);
	assert_int_equal(decode(make(UINT32_MAX, 1, 0, 0)), -NX_ENOSYS);
}

static void console_fds_valid(void **state)
{
	struct nx_req rq = make(NX_RQ_WRITE, 2, 100, 50);
	struct fd *f = NULL;

	(void)state;
	assert_int_equal(request_decode(&rq, &fds, &f), 0);
	assert_non_null(f);
	assert_int_equal(f->kind, FD_CONSOLE);
	assert_int_equal(f->stream, 2);

	rq = make(NX_RQ_READ, 0, 0, NX_RING_DATA_SIZE);
	assert_int_equal(request_decode(&rq, &fds, &f), 0);
	assert_int_equal(f->stream, 0);
	assert_int_equal(decode(make(NX_RQ_ISATTY, 1, 0, 0)), 0);
	assert_int_equal(decode(make(NX_RQ_LSEEK, 0, 0, 0)), 0);
	assert_int_equal(decode(make(NX_RQ_CLOSE, 2, 0, 0)), 0);
}

static void bad_fds(void **state)
{
	(void)state;
	assert_int_equal(decode(make(NX_RQ_WRITE, -1, 0, 1)), -NX_EBADF);
	assert_int_equal(decode(make(NX_RQ_WRITE, INT32_MIN, 0, 1)), -NX_EBADF);
	assert_int_equal(decode(make(NX_RQ_WRITE, 3, 0, 1)), -NX_EBADF);
	assert_int_equal(decode(make(NX_RQ_WRITE, FDTABLE_SIZE, 0, 1)),
			 -NX_EBADF);
	assert_int_equal(decode(make(NX_RQ_WRITE, INT32_MAX, 0, 1)), -NX_EBADF);
	assert_int_equal(decode(make(NX_RQ_FSTAT, 7, 0, 32)), -NX_EBADF);
}

static void wrong_access(void **state)
{
	(void)state;
	assert_int_equal(decode(make(NX_RQ_WRITE, 0, 0, 1)), -NX_EBADF);
	assert_int_equal(decode(make(NX_RQ_READ, 1, 0, 1)), -NX_EBADF);
	assert_int_equal(decode(make(NX_RQ_READ, 2, 0, 1)), -NX_EBADF);
}

static void payload_outside_data(void **state)
{
	(void)state;
	assert_int_equal(decode(make(NX_RQ_WRITE, 1, NX_RING_DATA_SIZE, 1)),
			 -NX_EFAULT);
	assert_int_equal(decode(make(NX_RQ_WRITE, 1, UINT32_MAX, 2)),
			 -NX_EFAULT);
	assert_int_equal(decode(make(NX_RQ_READ, 0, 16, UINT32_MAX)),
			 -NX_EFAULT);
	/* The range is checked before the descriptor. */
	assert_int_equal(decode(make(NX_RQ_WRITE, -1, UINT32_MAX, 2)),
			 -NX_EFAULT);
}

static void fstat_reply_size(void **state)
{
	uint32_t size = sizeof(struct nx_stat);

	(void)state;
	assert_int_equal(decode(make(NX_RQ_FSTAT, 1, 0, size)), 0);
	assert_int_equal(decode(make(NX_RQ_FSTAT, 1, 0, size - 1)), -NX_EINVAL);
	assert_int_equal(
		decode(make(NX_RQ_FSTAT, 1, NX_RING_DATA_SIZE - 4, size)),
		-NX_EFAULT);
}

static void open_needs_no_fd(void **state)
{
	struct nx_req rq = make(NX_RQ_OPEN, -1, 0, 8);
	struct fd *f = (struct fd *)&fds;

	(void)state;
	assert_int_equal(request_decode(&rq, &fds, &f), 0);
	assert_null(f);
	assert_int_equal(decode(make(NX_RQ_OPEN, 0, UINT32_MAX, 8)),
			 -NX_EFAULT);
}

static void closed_fd_is_bad(void **state)
{
	(void)state;
	assert_int_equal(fdtable_close(&fds, 1), 0);
	assert_int_equal(decode(make(NX_RQ_WRITE, 1, 0, 1)), -NX_EBADF);
	assert_int_equal(fdtable_close(&fds, 1), -NX_EBADF);
	assert_int_equal(fdtable_close(&fds, -1), -NX_EBADF);
	assert_int_equal(fdtable_close(&fds, FDTABLE_SIZE), -NX_EBADF);
	assert_int_equal(decode(make(NX_RQ_WRITE, 2, 0, 1)), 0);
}

static void cleared_table_is_empty(void **state)
{
	int32_t fd;

	(void)state;
	fdtable_clear(&fds);
	for (fd = 0; fd < FDTABLE_SIZE; fd++)
		assert_null(fdtable_get(&fds, fd));
}

#define FD_TEST(f) cmocka_unit_test_setup(f, fds_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(data_range_edges),
		cmocka_unit_test(data_range_overflow),
		FD_TEST(unknown_calls),
		FD_TEST(console_fds_valid),
		FD_TEST(bad_fds),
		FD_TEST(wrong_access),
		FD_TEST(payload_outside_data),
		FD_TEST(fstat_reply_size),
		FD_TEST(open_needs_no_fd),
		FD_TEST(closed_fd_is_bad),
		FD_TEST(cleared_table_is_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
