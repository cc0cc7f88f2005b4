#include <stdarg.h>
#include <stdint.h>

#include "fmt.h"
#include "log.h"
#include "nanvix/hypercall.h"

#define LOG_LINE_MAX 256

/* GVA == GPA in the systemVM, so a pointer is the text's GPA. */
static void send(uint32_t call, uint64_t level, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	size_t len = fmt_vformat(line, sizeof(line), fmt, ap);

	nx_hypercall(call, (uint64_t)(uintptr_t)line, len, level);
}

void log_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	send(NX_HC_LOG, NX_LOG_WARNING, fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	send(NX_HC_LOG, NX_LOG_DEBUG, fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	send(NX_HC_PANIC, NX_LOG_WARNING, fmt, ap);
	va_end(ap);

	/* NX_HC_PANIC does not return. Should a VMM resume us, exit. */
	for (;;)
		nx_hypercall(NX_HC_EXIT, 1, 0, 0);
}
