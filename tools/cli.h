/* The nanvix command line: one file per subcommand. */
#ifndef TOOLS_CLI_H
#define TOOLS_CLI_H

#include <stdint.h>

#include "tenant.h"
#include "uservm.h"

#define EXIT_TIMEOUT 124 /* as timeout(1) */
#define EXIT_NANVIX 125	 /* nanvix itself failed or rejected the input */
#define DEFAULT_MEMORY (64ull << 20)
#define DEFAULT_TENANT "default"
#define NANVIX_VERSION "0.1.0"

int cmd_run(int argc, char **argv);
int cmd_bench(int argc, char **argv);

/*
 * Locate a file installed next to the nanvix binary: rel is relative to
 * the build directory (the binary lives in <build>/bin). An environment
 * variable named env, if set, overrides it.
 */
const char *cli_path(const char *env, const char *rel);

/* Parse "64M", "1G", "4096K" or bytes. Returns 0 or -1. */
int cli_parse_size(const char *text, uint64_t *bytes);

/* Parse seconds with an optional fraction ("1.5"). Returns 0 or -1. */
int cli_parse_seconds(const char *text, uint64_t *ns);

/* Whether a tenant name is 1-32 of [A-Za-z0-9_-]. */
int cli_valid_tenant(const char *name);

/* Boot a tenant's systemVM and load the microkernel. Returns 0 or -1. */
int cli_start(struct tenant *t, struct microkernel *mk, const char *name);
void cli_stop(struct tenant *t, struct microkernel *mk);

/* The exit status nanvix run reports for a result. */
int cli_exit_status(const struct result *res);

#endif
