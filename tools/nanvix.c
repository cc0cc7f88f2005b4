#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: nanvix COMMAND [OPTIONS]\n"
		"\n"
		"Run serverless functions, each in its own KVM userVM whose I/O\n"
		"is served by its tenant's systemVM.\n"
		"\n"
		"commands:\n"
		"  run      run one function: nanvix run [OPTIONS] FILE.elf [ARG]...\n"
		"  bench    measure: nanvix bench coldstart [OPTIONS]\n"
		"  help     print this text\n"
		"\n"
		"`nanvix COMMAND --help` describes each command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "bench"))
		return cmd_bench(argc - 1, argv + 1);
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "nanvix: unknown command '%s'; run 'nanvix --help'\n",
		argv[1]);
	return 2;
}
