/*
 * Checks of what reaches the caller at the edges: output written just
 * before a fault, errors of the host's writes, a stack frame larger than
 * the whole stack, and the C library corners a function relies on
 * (fstat of the console, thread-local variables, long double). The mode
 * is argv[1].
 */
#include <errno.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static __thread int counter = 41;
static _Thread_local char zeroed[4096];

/* Touch a frame of size bytes; the compiler probes it page by page. */
static int big_frame(size_t size)
{
	volatile char frame[size];

	frame[0] = 1;
	return frame[0];
}

/* Write twice and close stdout; report the first failure on stderr. */
static int write_errors(void)
{
	static const char line[] = "to a full disk\n";
	ssize_t first = write(1, line, sizeof(line) - 1);
	ssize_t second = write(1, line, sizeof(line) - 1);
	int err = errno;

	if (first < 0 || second < 0) {
		fprintf(stderr, "write failed: %s\n", strerror(err));
		return 0;
	}
	if (close(1) < 0) {
		fprintf(stderr, "close failed: %s\n", strerror(errno));
		return 0;
	}
	fprintf(stderr, "no error reported\n");
	return 1;
}

/* Print the file type and link count fstat reports for stdout. */
static int stat_stdout(void)
{
	struct stat st;

	if (fstat(1, &st) < 0)
		return 1;
	printf("chr=%d nlink=%d\n", S_ISCHR(st.st_mode), (int)st.st_nlink);
	return 0;
}

static int thread_local(void)
{
	counter++;
	zeroed[sizeof(zeroed) - 1] += 2;
	printf("counter=%d zeroed=%d\n", counter, zeroed[sizeof(zeroed) - 1]);
	return 0;
}

static int long_double(void)
{
	printf("%Le %Lg\n", LDBL_MAX, strtold("1e4000", NULL));
	return 0;
}

int main(int argc, char **argv)
{
	static const char before[] = "before the fault\n";

	if (argc != 2)
		return 2;
	if (!strcmp(argv[1], "print-then-fault")) {
		if (write(1, before, sizeof(before) - 1) < 0)
			return 3;
		*(volatile int *)0 = 1;
	} else if (!strcmp(argv[1], "write-errors")) {
		return write_errors();
	} else if (!strcmp(argv[1], "fstat")) {
		return stat_stdout();
	} else if (!strcmp(argv[1], "thread-local")) {
		return thread_local();
	} else if (!strcmp(argv[1], "long-double")) {
		return long_double();
	} else if (!strcmp(argv[1], "big-frame")) {
		/* 20 MiB: past the guard page of a stack of at most 8 MiB. */
		return big_frame(20u << 20);
	}
	return 2;
}
