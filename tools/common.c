#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "log.h"

const char *cli_path(const char *env, const char *rel)
{
	static char buf[4][PATH_MAX];
	static unsigned next;
	char exe[PATH_MAX];
	char *p = getenv(env), *slash;
	ssize_t n;

	if (p && *p)
		return p;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		return rel;
	exe[n] = 0;
	slash = strrchr(exe, '/');
	if (slash)
		*slash = 0; /* <build>/bin */
	p = buf[next++ % 4];
	if (snprintf(p, PATH_MAX, "%.*s/../%s", PATH_MAX / 2, exe, rel) >=
	    PATH_MAX)
		return rel;
	return p;
}

int cli_parse_size(const char *text, uint64_t *bytes)
{
	char *end;
	unsigned long long n;
	unsigned shift = 0;

	if (!isdigit((unsigned char)text[0]))
		return -1;
	errno = 0;
	n = strtoull(text, &end, 10);
	if (errno)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case 'K':
		shift = 10;
		break;
	case 'M':
		shift = 20;
		break;
	case 'G':
		shift = 30;
		break;
	case 0:
		break;
	default:
		return -1;
	}
	if (*end && end[1] && strcasecmp(end + 1, "iB") &&
	    strcasecmp(end + 1, "B"))
		return -1;
	if (n > (UINT64_MAX >> shift))
		return -1;
	*bytes = (uint64_t)n << shift;
	return 0;
}

int cli_parse_seconds(const char *text, uint64_t *ns)
{
	char *end;
	double s;

	errno = 0;
	s = strtod(text, &end);
	if (errno || *end || end == text || !(s >= 0) || s > 1e6)
		return -1;
	*ns = (uint64_t)(s * 1e9);
	if (s > 0 && *ns == 0)
		*ns = 1; /* 0 means no limit: keep a tiny limit a limit */
	return 0;
}

int cli_valid_tenant(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > TENANT_NAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '_' &&
		    name[i] != '-')
			return 0;
	return 1;
}

int cli_start(struct tenant *t, struct microkernel *mk, const char *name)
{
	const char *mkpath =
		cli_path("NANVIX_MICROKERNEL", "microkernel/microkernel.elf");
	const char *syspath =
		cli_path("NANVIX_MACROKERNEL", "macrokernel/macrokernel.elf");

	if (microkernel_load(mk, mkpath))
		return -1;
	if (tenant_start(t, name, syspath)) {
		microkernel_free(mk);
		return -1;
	}
	return 0;
}

void cli_stop(struct tenant *t, struct microkernel *mk)
{
	tenant_stop(t);
	microkernel_free(mk);
}

int cli_exit_status(const struct result *res)
{
	switch (res->outcome) {
	case OUTCOME_EXIT:
		return res->status;
	case OUTCOME_FAULT:
		return 128 + res->status;
	case OUTCOME_TIMEOUT:
		return EXIT_TIMEOUT;
	default:
		return EXIT_NANVIX;
	}
}
