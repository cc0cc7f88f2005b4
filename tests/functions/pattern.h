/*
 * The byte stream that bigout.c writes and the host helper regenerates,
 * so the test can compare checksums: xorshift32 from a fixed seed, one
 * byte per step.
 */
#ifndef TESTS_FUNCTIONS_PATTERN_H
#define TESTS_FUNCTIONS_PATTERN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define PATTERN_SEED 0x9e3779b9u

static inline void pattern_fill(uint32_t *state, unsigned char *buf, size_t len)
{
	uint32_t x = *state;

	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (unsigned char)(x >> 24);
	}
	*state = x;
}

/* FNV-1a, 32 bits, continued from hash (start with FNV_OFFSET). */
#define FNV_OFFSET 2166136261u

static inline uint32_t fnv1a(uint32_t hash, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		hash ^= p[i];
		hash *= 16777619u;
	}
	return hash;
}

/*
 * Hash the strings argv[0..argc) with their NUL bytes, as the guest and
 * the host both report them; *bytes gets their total length.
 */
static inline uint32_t args_checksum(int argc, char **argv, size_t *bytes)
{
	uint32_t hash = FNV_OFFSET;

	*bytes = 0;
	for (int i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;

		hash = fnv1a(hash, argv[i], len);
		*bytes += len;
	}
	return hash;
}

#endif
