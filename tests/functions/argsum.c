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
	size_t bytes;
	uint32_t hash = args_checksum(argc - 1, argv + 1, &bytes);

	printf("args=%d bytes=%zu fnv=%08lx\n", argc - 1, bytes,
	       (unsigned long)hash);
	return 0;
}
