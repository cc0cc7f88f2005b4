/* Prints argc, every argv and envp entry, and getenv("GREETING"). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv, char **envp)
{
	const char *greeting = getenv("GREETING");

	printf("argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	if (argv[argc] != NULL)
		printf("argv[argc] is not NULL\n");
	for (int i = 0; envp[i]; i++)
		printf("envp[%d]=%s\n", i, envp[i]);
	printf("GREETING=%s\n", greeting ? greeting : "(unset)");
	return 0;
}
