/*
 * The few C library routines the microkernel needs. It links no libc, so
 * that the image stays small and owns every instruction it runs.
 */
#include "mk.h"

void *memcpy(void *dst, const void *src, size_t n)
{
	void *ret = dst;

	/* rep movsb is the fastest copy for large sizes with ERMS. */
	__asm__ volatile("rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(n)
			 :
			 : "memory");
	return ret;
}

void *memset(void *dst, int c, size_t n)
{
	void *ret = dst;

	__asm__ volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(c) : "memory");
	return ret;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}
