/*
 * usage: status.elf STATUS [return|exit|_exit]
 * Ends with STATUS by returning from main (the default), by exit() or by
 * _exit(). Before it ends, it prints "pending" with no newline and
 * registers an atexit handler, so the test sees which paths flush stdio
 * and run handlers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void on_exit_handler(void)
{
	printf(" atexit");
}

int main(int argc, char **argv)
{
	int status;
	const char *how = argc > 2 ? argv[2] : "return";

	if (argc < 2) {
		fprintf(stderr,
			"usage: status.elf STATUS [return|exit|_exit]\n");
		return 2;
	}
	status = atoi(argv[1]);
	if (argc > 2) {
		atexit(on_exit_handler);
		printf("pending");
	}
	if (!strcmp(how, "exit"))
		exit(status);
	if (!strcmp(how, "_exit"))
		_exit(status);
	return status;
}
