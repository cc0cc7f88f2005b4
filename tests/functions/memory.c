/*
 * usage: memory.elf sizes|large|mmap|exhaust
 *   sizes    malloc, fill, check and free blocks of many sizes
 *   large    malloc 32 MiB and touch every byte
 *   mmap     map anonymous memory: zero-filled, writable, reusable after
 *            munmap
 *   exhaust  malloc more than the guest RAM (must return NULL), then
 *            1 MiB blocks until malloc returns NULL, free them all and
 *            allocate as many again
 * Prints "ok" and exits 0, or prints what failed to stderr and exits 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MIB (1024 * 1024)

static int failf(const char *message, size_t size)
{
	fprintf(stderr, "memory: %s (size=%zu)\n", message, size);
	return 1;
}

/* Whether every byte of p[0..len) equals value. */
static int all_equal(const unsigned char *p, size_t len, unsigned char value)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != value)
			return 0;
	return 1;
}

static int test_sizes(void)
{
	static unsigned char *blocks[64];
	size_t sizes[64];

	for (int round = 0; round < 4; round++) {
		size_t size = 1;

		for (int i = 0; i < 64; i++) {
			/* 1 byte to about 4 MiB, 20 MiB in all per round. */
			sizes[i] = size + (size_t)(i * 37 % 17);
			size = size * 5 / 4 + 1;
			blocks[i] = malloc(sizes[i]);
			if (!blocks[i])
				return failf("malloc returned NULL", sizes[i]);
			if ((uintptr_t)blocks[i] % 16)
				return failf("malloc block not 16-byte "
					     "aligned",
					     sizes[i]);
			memset(blocks[i], i + round, sizes[i]);
		}
		for (int i = 0; i < 64; i++) {
			if (!all_equal(blocks[i], sizes[i], i + round))
				return failf("block contents changed",
					     sizes[i]);
			/* Free every other block first to fragment the heap. */
			if (i % 2)
				free(blocks[i]);
		}
		for (int i = 0; i < 64; i += 2)
			free(blocks[i]);
	}
	return 0;
}

static int test_large(void)
{
	size_t size = 32 * MIB;
	unsigned char *p = malloc(size);

	if (!p)
		return failf("malloc returned NULL", size);
	for (size_t i = 0; i < size; i++)
		p[i] = (unsigned char)(i * 7);
	for (size_t i = 0; i < size; i++)
		if (p[i] != (unsigned char)(i * 7))
			return failf("contents changed", size);
	free(p);
	return 0;
}

static int test_mmap(void)
{
	size_t size = 4 * MIB;

	for (int round = 0; round < 8; round++) {
		unsigned char *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return failf("mmap failed", size);
		if (!all_equal(p, size, 0))
			return failf("mmap memory not zero-filled", size);
		memset(p, 0xa5, size);
		if (!all_equal(p, size, 0xa5))
			return failf("mmap memory contents changed", size);
		if (munmap(p, size))
			return failf("munmap failed", size);
	}
	/* 8 rounds of 24 MiB fit in a 64 MiB guest only if munmap frees. */
	for (int round = 0; round < 8; round++) {
		size_t big = 24 * MIB;
		unsigned char *p = mmap(NULL, big, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return failf("mmap after munmap failed", big);
		p[0] = 1;
		p[big - 1] = 1;
		if (munmap(p, big))
			return failf("munmap failed", big);
	}
	return 0;
}

static int test_exhaust(void)
{
	static void *blocks[4096];
	size_t n = 0, again = 0;
	void *p;

	p = malloc((size_t)2048 * MIB);
	if (p)
		return failf("malloc larger than guest RAM succeeded",
			     (size_t)2048 * MIB);
	while (n < 4096 && (blocks[n] = malloc(MIB)) != NULL) {
		memset(blocks[n], 1, MIB);
		n++;
	}
	if (n == 4096)
		return failf("malloc never returned NULL", n * MIB);
	if (n == 0)
		return failf("no 1 MiB block before NULL", MIB);
	for (size_t i = 0; i < n; i++)
		free(blocks[i]);
	/* Freed memory is reusable: the same number of blocks fits again. */
	while (again < n && (blocks[again] = malloc(MIB)) != NULL) {
		memset(blocks[again], 2, MIB);
		again++;
	}
	if (again < n)
		return failf("malloc after freeing everything failed",
			     again * MIB);
	while (again > 0)
		free(blocks[--again]);
	return 0;
}

int main(int argc, char **argv)
{
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: memory.elf sizes|large|mmap|exhaust\n");
		return 2;
	}
	if (!strcmp(argv[1], "sizes"))
		rc = test_sizes();
	else if (!strcmp(argv[1], "large"))
		rc = test_large();
	else if (!strcmp(argv[1], "mmap"))
		rc = test_mmap();
	else if (!strcmp(argv[1], "exhaust"))
		rc = test_exhaust();
	else
		return failf("unknown mode", 0) + 1;
	if (rc == 0)
		printf("ok\n");
	return rc;
}
