#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <nanvix/abi.h>

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
		"  help     print this text, or `nanvix help COMMAND`\n"
		"  version  print the version and the ABI version\n"
		"\n"
		"`nanvix COMMAND --help` describes each command's options.\n"
		"nanvix exits with 125 when it rejects its command line.\n");
}

/*
 * Give closed standard descriptors /dev/null, so that nothing nanvix
 * opens (the executable, eventfds) lands on fd 0-2 and is handed to the
 * function as its stdin, stdout or stderr.
 */
static void open_standard_fds(void)
{
	for (int fd = 0; fd < 3; fd++) {
		int null;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (null >= 0 && null != fd) {
			dup2(null, fd);
			close(null);
		}
	}
}

/* nanvix help COMMAND: the command's own --help. */
static int help_command(char *command)
{
	char *help[] = { command, "--help", NULL };

	if (!strcmp(command, "run"))
		return cmd_run(2, help);
	if (!strcmp(command, "bench"))
		return cmd_bench(2, help);
	fprintf(stderr, "nanvix: unknown command '%s'; run 'nanvix --help'\n",
		command);
	return EXIT_NANVIX;
}

int main(int argc, char **argv)
{
	open_standard_fds();
	if (argc < 2) {
		usage(stderr);
		return EXIT_NANVIX;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("nanvix %s (ABI version %u)\n", NANVIX_VERSION,
		       NX_ABI_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "help") && argc > 2)
		return help_command(argv[2]);
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
	return EXIT_NANVIX;
}
