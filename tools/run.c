/* nanvix run: one invocation, with the caller's stdin, stdout and stderr. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nanvix/abi.h>

#include "cli.h"
#include "image.h"

#define ENV_MAX 1024

struct run_options {
	const char *tenant;
	uint64_t memory;
	uint64_t timeout_ns;
	char *env[ENV_MAX + 1];
	unsigned nenv;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: nanvix run [OPTIONS] FILE.elf [ARG]...\n"
		"\n"
		"Boot a userVM running FILE.elf (a static x86-64 executable built\n"
		"with nanvix-cc) with ARGs as its arguments. Its standard input,\n"
		"output and error are this command's, served by the tenant's\n"
		"systemVM. The exit status is the function's; a fault exits with\n"
		"128 + the signal a Linux process would get (139 for SIGSEGV), a\n"
		"timeout with 124, and a rejected file or a nanvix failure with 125.\n"
		"\n"
		"options:\n"
		"  --tenant NAME      tenant whose systemVM serves the I/O\n"
		"                     (1-32 letters, digits, '-' or '_'; default: %s)\n"
		"  --memory SIZE      guest RAM of the userVM, in bytes or with a\n"
		"                     K, M or G suffix (binary units; default: 64M;\n"
		"                     allowed: %lluM to %lluM)\n"
		"  --timeout SECONDS  kill the userVM after this many seconds of wall\n"
		"                     time, fractions allowed (default: 0, no limit);\n"
		"                     output it already wrote gets up to 1 s more\n"
		"  -e KEY=VALUE       add KEY=VALUE to the function's environment,\n"
		"                     which is otherwise empty (repeatable, at most\n"
		"                     %d times)\n"
		"  -h, --help         print this text\n",
		DEFAULT_TENANT, NX_RAM_MIN >> 20, NX_RAM_MAX >> 20, ENV_MAX);
}

static int parse(int argc, char **argv, struct run_options *o)
{
	static const struct option longopts[] = {
		{ "tenant", required_argument, NULL, 't' },
		{ "memory", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	argv[0] = "nanvix run"; /* getopt's own messages start with it */
	/* '+': options end at FILE.elf, so the function's own are kept. */
	while ((c = getopt_long(argc, argv, "+he:", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (!cli_valid_tenant(optarg)) {
				fprintf(stderr,
					"nanvix: invalid tenant name "
					"'%s' (use 1-32 letters, digits, '-' "
					"or '_')\n",
					optarg);
				return -1;
			}
			o->tenant = optarg;
			break;
		case 'm':
			if (cli_parse_size(optarg, &o->memory)) {
				fprintf(stderr,
					"nanvix: invalid memory size "
					"'%s' (examples: 64M, 1G)\n",
					optarg);
				return -1;
			}
			break;
		case 'T':
			if (cli_parse_seconds(optarg, &o->timeout_ns)) {
				fprintf(stderr,
					"nanvix: invalid timeout '%s' "
					"(seconds, e.g. 2.5)\n",
					optarg);
				return -1;
			}
			break;
		case 'e':
			if (!strchr(optarg, '=') || optarg[0] == '=') {
				fprintf(stderr,
					"nanvix: invalid environment "
					"entry '%s' (expected KEY=VALUE)\n",
					optarg);
				return -1;
			}
			if (o->nenv == ENV_MAX) {
				fprintf(stderr,
					"nanvix: too many -e options "
					"(max=%d)\n",
					ENV_MAX);
				return -1;
			}
			o->env[o->nenv++] = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			fprintf(stderr, "nanvix: run 'nanvix run --help' for "
					"usage\n");
			return -1;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "nanvix: missing FILE.elf; run 'nanvix run "
				"--help' for usage\n");
		return -1;
	}
	return 0;
}

static int report(const struct result *res)
{
	if (res->outcome != OUTCOME_EXIT)
		fprintf(stderr, "nanvix: %s\n", res->message);
	return cli_exit_status(res);
}

int cmd_run(int argc, char **argv)
{
	struct run_options o = { .tenant = DEFAULT_TENANT,
				 .memory = DEFAULT_MEMORY };
	struct invocation inv = { .fd = { 0, 1, 2 } };
	struct result res = { 0 };
	struct microkernel mk;
	struct uservm_layout layout;
	struct elf_image img;
	struct tenant *t;
	uint8_t *file;
	char err[320];

	if (parse(argc, argv, &o))
		return EXIT_NANVIX;
	inv.path = argv[optind];
	inv.argv = argv + optind;
	inv.envp = o.env;
	inv.memory = o.memory;
	inv.timeout_ns = o.timeout_ns;
	inv.pid = 1;
	/* Nothing boots before the executable has been read. */
	if (image_read(inv.path, &file, &inv.file_size, NX_RAM_MAX, err,
		       sizeof(err))) {
		fprintf(stderr, "nanvix: %s\n", err);
		return EXIT_NANVIX;
	}
	inv.file = file;
	if (uservm_check(&inv, &layout, &img, &res)) {
		free(file);
		return report(&res);
	}
	t = calloc(1, sizeof(*t));
	if (!t || cli_start(t, &mk, o.tenant)) {
		free(t);
		free(file);
		return EXIT_NANVIX;
	}
	uservm_run(t, &mk, &inv, &res);
	fflush(stdout);
	cli_stop(t, &mk);
	free(t);
	free(file);
	return report(&res);
}
