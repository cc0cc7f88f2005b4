/*
 * Copies stdin to stdout with read(2) and write(2) until read returns 0.
 * Exits 1 if a read or write fails.
 */
#include <unistd.h>

static char buf[32768];

int main(void)
{
	for (;;) {
		ssize_t n = read(0, buf, sizeof(buf));
		ssize_t off = 0;

		if (n == 0)
			return 0;
		if (n < 0)
			return 1;
		while (off < n) {
			ssize_t w = write(1, buf + off, (size_t)(n - off));

			if (w <= 0)
				return 1;
			off += w;
		}
	}
}
