/* Loops forever without a system call, for the --timeout test. */
int main(void)
{
	volatile unsigned long n = 0;

	for (;;)
		n++;
}
