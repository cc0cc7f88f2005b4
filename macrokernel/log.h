/*
 * Messages to the VMM through the NX_HC_LOG and NX_HC_PANIC hypercalls.
 * Messages follow "macrokernel: what failed (key=value, ...)".
 */
#ifndef MACROKERNEL_LOG_H
#define MACROKERNEL_LOG_H

/* Send a warning line to the VMM's log; long lines are truncated. */
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Send a line the VMM prints only when asked to (NANVIX_DEBUG). */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Report a broken invariant to the VMM, which stops the systemVM. */
void panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#endif
