/* Prints one fixed line: the smallest end-to-end check. */
#include <stdio.h>

int main(void)
{
	printf("hello from a nanvix function\n");
	return 0;
}
