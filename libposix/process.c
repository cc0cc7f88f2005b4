/* The process: exit, identity, signals, and the calls a function lacks. */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "posix.h"

void _exit(int status)
{
	/* As on Linux, only the low 8 bits of the status reach the parent. */
	kcall(NX_SYS_EXIT, (uint64_t)(status & 0xff), 0, 0, 0);

	/* NX_SYS_EXIT does not return. If it did, fault rather than spin. */
	__builtin_trap();
}

pid_t getpid(void)
{
	return (pid_t)posix_result(kcall(NX_SYS_GETPID, 0, 0, 0, 0));
}

/* ACTION_TERM is 0, so a signal missing from the table terminates. */
enum signal_action { ACTION_TERM, ACTION_IGNORE, ACTION_STOP };

/*
 * Linux's number and default action of each newlib signal. newlib uses
 * BSD numbers (SIGBUS is 10, not 7), and an exit status of 128 + signal
 * must match what a Linux shell reports. Signals missing here (SIGEMT,
 * which Linux lacks) terminate with newlib's number.
 */
static const struct {
	unsigned char linux_number;
	unsigned char action;
} signals[NSIG] = {
	[SIGHUP] = { 1, ACTION_TERM },	    [SIGINT] = { 2, ACTION_TERM },
	[SIGQUIT] = { 3, ACTION_TERM },	    [SIGILL] = { 4, ACTION_TERM },
	[SIGTRAP] = { 5, ACTION_TERM },	    [SIGABRT] = { 6, ACTION_TERM },
	[SIGBUS] = { 7, ACTION_TERM },	    [SIGFPE] = { 8, ACTION_TERM },
	[SIGKILL] = { 9, ACTION_TERM },	    [SIGUSR1] = { 10, ACTION_TERM },
	[SIGSEGV] = { 11, ACTION_TERM },    [SIGUSR2] = { 12, ACTION_TERM },
	[SIGPIPE] = { 13, ACTION_TERM },    [SIGALRM] = { 14, ACTION_TERM },
	[SIGTERM] = { 15, ACTION_TERM },    [SIGCHLD] = { 17, ACTION_IGNORE },
	[SIGCONT] = { 18, ACTION_IGNORE },  [SIGSTOP] = { 19, ACTION_STOP },
	[SIGTSTP] = { 20, ACTION_STOP },    [SIGTTIN] = { 21, ACTION_STOP },
	[SIGTTOU] = { 22, ACTION_STOP },    [SIGURG] = { 23, ACTION_IGNORE },
	[SIGWINCH] = { 28, ACTION_IGNORE }, [SIGIO] = { 29, ACTION_TERM },
	[SIGSYS] = { 31, ACTION_TERM },
};

/*
 * Delivers sig to the function itself with its default action, which is
 * all raise() and abort() need: newlib runs installed handlers before it
 * calls kill. A terminating signal ends the function with status
 * 128 + the Linux signal number, so abort() exits with 134.
 */
int kill(pid_t pid, int sig)
{
	pid_t self = getpid();
	int status;

	if (sig < 0 || sig >= NSIG)
		return posix_fail(EINVAL);
	/* No other process exists in a userVM. */
	if (pid != self && pid != 0 && pid != -1)
		return posix_fail(ESRCH);
	if (sig == 0)
		return 0;

	switch (signals[sig].action) {
	case ACTION_IGNORE:
		return 0;
	case ACTION_STOP:
		/* Nothing could resume a stopped function. */
		return posix_fail(ENOSYS);
	default:
		status = signals[sig].linux_number;
		if (status == 0)
			status = sig;
		_exit(128 + status);
	}
}

/* A function is one process: it cannot start another one. */
int fork(void)
{
	return posix_fail(ENOSYS);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path;
	(void)argv;
	(void)envp;
	return posix_fail(ENOSYS);
}

pid_t wait(int *status)
{
	(void)status;
	return posix_fail(ECHILD);
}

POSIX_ALIAS(getpid);
POSIX_ALIAS(kill);
POSIX_ALIAS(fork);
POSIX_ALIAS(execve);
POSIX_ALIAS(wait);
