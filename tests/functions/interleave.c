/*
 * Writes 200 numbered lines with unbuffered write(2) calls, in runs of
 * three to stdout and four to stderr, so a test reading both through one
 * pipe can check that the order is kept.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int put(int fd, const char *text)
{
	size_t len = strlen(text);

	return write(fd, text, len) == (ssize_t)len ? 0 : -1;
}

int main(void)
{
	char line[64];

	for (int i = 0; i < 200; i++) {
		int fd = i % 7 < 3 ? 1 : 2;

		snprintf(line, sizeof(line), "%s %d\n", fd == 1 ? "out" : "err",
			 i);
		if (put(fd, line))
			return 1;
	}
	return 0;
}
