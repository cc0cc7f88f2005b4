/*
 * usage: bigout.elf FD BYTES
 * Writes BYTES of the pattern.h stream to FD with write(2), in chunks
 * whose sizes cycle through a table from 1 byte to 192 KiB. Exits 1 on a
 * failed or short write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "pattern.h"

static const size_t chunk_sizes[] = { 1,    4096, 7,	  65536, 511,	 200000,
				      4097, 13,	  131072, 1000,	 196608, 2 };

static unsigned char buf[196608];

int main(int argc, char **argv)
{
	uint32_t state = PATTERN_SEED;
	size_t total, done = 0, next = 0;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: bigout.elf FD BYTES\n");
		return 2;
	}
	fd = atoi(argv[1]);
	total = strtoul(argv[2], NULL, 10);
	while (done < total) {
		size_t len = chunk_sizes[next++ % (sizeof(chunk_sizes) /
						   sizeof(chunk_sizes[0]))];
		size_t off = 0;

		if (len > total - done)
			len = total - done;
		pattern_fill(&state, buf, len);
		while (off < len) {
			ssize_t n = write(fd, buf + off, len - off);

			if (n <= 0)
				return 1;
			off += (size_t)n;
		}
		done += len;
	}
	return 0;
}
