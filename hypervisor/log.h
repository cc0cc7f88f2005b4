/* Host-side diagnostics: "nanvix: what failed (key=value, ...)". */
#ifndef HV_LOG_H
#define HV_LOG_H

#include <stddef.h>

__attribute__((format(printf, 1, 2))) void log_error(const char *fmt, ...);

/* Printed only when NANVIX_DEBUG is set in the environment. */
__attribute__((format(printf, 1, 2))) void log_debug(const char *fmt, ...);

/*
 * Copy at most len bytes of guest text into dst (size len + 1) with every
 * byte that is not printable ASCII replaced by '?', so that a guest
 * cannot send control sequences to the operator's terminal. Stops at NUL.
 */
void log_copy_guest_text(char *dst, const char *src, size_t len);

#endif
