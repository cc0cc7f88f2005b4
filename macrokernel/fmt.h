/*
 * A small printf-style formatter for log and panic messages, because the
 * kernel links no stdio. Conversions: %s %c %d %u %x %p %%, with the
 * length modifiers l and ll on d, u and x. Pure code that also builds for
 * the host.
 */
#ifndef MACROKERNEL_FMT_H
#define MACROKERNEL_FMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Format into buf (size > 0), truncating, always NUL-terminated. Returns
 * the length of the stored text.
 */
size_t fmt_vformat(char *buf, size_t size, const char *fmt, va_list ap);

size_t fmt_format(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
