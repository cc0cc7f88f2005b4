/*
 * Prints the count, total size and FNV-1a checksum of argv[1..], each
 * string with its terminating NUL, so large argument lists can be
 * checked without echoing them.
 */
#include <stdio.h>
#include <string.h>

#include "pattern.h"

int main(int argc, char **argv)
{
	uint32_t hash = FNV_OFFSET;
	size_t bytes = 0;

	for (int i = 1; i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;

		hash = fnv1a(hash, argv[i], len);
		bytes += len;
	}
	printf("args=%d bytes=%zu fnv=%08lx\n", argc - 1, bytes,
	       (unsigned long)hash);
	return 0;
}
