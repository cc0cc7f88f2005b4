/*
 * Writes one line from seven buffers with writev(2), three of them
 * empty, then a writev with only empty buffers, then one with no
 * buffers. Exits 1 if a return value differs from the bytes requested.
 */
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>

static struct iovec vec(const char *text)
{
	return (struct iovec){ .iov_base = (void *)text,
			       .iov_len = strlen(text) };
}

int main(void)
{
	struct iovec line[] = { vec(""),     vec("one "),  vec(""),
				vec("two "), vec("three"), vec(""),
				vec("\n") };
	struct iovec empty[] = { vec(""), vec("") };
	ssize_t n;

	n = writev(1, line, 7);
	if (n != 14) {
		fprintf(stderr, "writev of 7 buffers returned %zd\n", n);
		return 1;
	}
	n = writev(1, empty, 2);
	if (n != 0) {
		fprintf(stderr, "writev of empty buffers returned %zd\n", n);
		return 1;
	}
	n = writev(1, line, 0);
	if (n != 0) {
		fprintf(stderr, "writev of no buffers returned %zd\n", n);
		return 1;
	}
	return 0;
}
