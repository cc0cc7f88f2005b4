/* Host-side diagnostics: "nanvix: what failed (key=value, ...)". */
#ifndef HV_LOG_H
#define HV_LOG_H

__attribute__((format(printf, 1, 2))) void log_error(const char *fmt, ...);

/* Printed only when NANVIX_DEBUG is set in the environment. */
__attribute__((format(printf, 1, 2))) void log_debug(const char *fmt, ...);

#endif
