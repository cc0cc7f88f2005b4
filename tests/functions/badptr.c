/*
 * usage: badptr.elf read|write ADDRESS
 * Calls read(0, ADDRESS, 16) or write(1, ADDRESS, 16) with an address
 * the function must not access: NULL or a supervisor-only page. Exits 0
 * if the call failed with EFAULT. Otherwise prints the result to stderr
 * and exits 1. A page fault on the address ends it with status 139,
 * which the test accepts as well.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	void *address;
	ssize_t n;

	if (argc != 3) {
		fprintf(stderr, "usage: badptr.elf read|write ADDRESS\n");
		return 2;
	}
	address = (void *)strtoul(argv[2], NULL, 0);
	errno = 0;
	if (!strcmp(argv[1], "read"))
		n = read(0, address, 16);
	else
		n = write(1, address, 16);
	if (n == -1 && errno == EFAULT)
		return 0;
	fprintf(stderr, "%s(%p) returned %zd (errno=%d)\n", argv[1], address, n,
		errno);
	return 1;
}
