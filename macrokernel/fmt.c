#include <stdint.h>

#include "fmt.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len++] = c;
}

static void put_str(struct out *o, const char *s)
{
	if (s == NULL)
		s = "(null)";
	while (*s != '\0')
		put(o, *s++);
}

static void put_uint(struct out *o, uint64_t v, unsigned base)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0);
	while (n > 0)
		put(o, digits[--n]);
}

static void put_int(struct out *o, int64_t v)
{
	if (v < 0) {
		put(o, '-');
		/* Negate in unsigned arithmetic: -INT64_MIN overflows. */
		put_uint(o, 0 - (uint64_t)v, 10);
		return;
	}
	put_uint(o, (uint64_t)v, 10);
}

/* Fetch a d/u/x argument of the width the modifiers named. */
static uint64_t get_arg(va_list *ap, int longs, int is_signed)
{
	if (longs == 0)
		return is_signed ? (uint64_t)(int64_t)va_arg(*ap, int)
				 : va_arg(*ap, unsigned int);
	if (longs == 1)
		return is_signed ? (uint64_t)(int64_t)va_arg(*ap, long)
				 : va_arg(*ap, unsigned long);
	return is_signed ? (uint64_t)va_arg(*ap, long long)
			 : va_arg(*ap, unsigned long long);
}

static void convert(struct out *o, char c, int longs, va_list *ap)
{
	switch (c) {
	case 's':
		put_str(o, va_arg(*ap, const char *));
		break;
	case 'c':
		put(o, (char)va_arg(*ap, int));
		break;
	case 'd':
		put_int(o, (int64_t)get_arg(ap, longs, 1));
		break;
	case 'u':
		put_uint(o, get_arg(ap, longs, 0), 10);
		break;
	case 'x':
		put_uint(o, get_arg(ap, longs, 0), 16);
		break;
	case 'p':
		put_str(o, "0x");
		put_uint(o, (uintptr_t)va_arg(*ap, void *), 16);
		break;
	case '%':
		put(o, '%');
		break;
	default:
		/* Show an unknown conversion instead of guessing its size. */
		put(o, '%');
		put(o, c);
		break;
	}
}

size_t fmt_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list args;
	int longs;

	va_copy(args, ap);
	while (*fmt != '\0') {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		longs = 0;
		while (*fmt == 'l' && longs < 2) {
			longs++;
			fmt++;
		}
		if (*fmt == '\0')
			break;
		convert(&o, *fmt++, longs, &args);
	}
	va_end(args);
	o.buf[o.len] = '\0';
	return o.len;
}

size_t fmt_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
