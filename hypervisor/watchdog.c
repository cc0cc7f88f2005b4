#include <pthread.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "watchdog.h"

static pthread_once_t handler_once = PTHREAD_ONCE_INIT;

static void on_expiry(int sig)
{
	(void)sig; /* the point is to interrupt KVM_RUN */
}

static void install_handler(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_expiry;
	sigemptyset(&sa.sa_mask);
	sigaction(WATCHDOG_SIGNAL, &sa, NULL);
}

uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int watchdog_start(struct watchdog *dog, uint64_t timeout_ns)
{
	struct sigevent sev;
	struct itimerspec its;
	sigset_t block;

	memset(dog, 0, sizeof(*dog));
	pthread_once(&handler_once, install_handler);
	sigemptyset(&block);
	sigaddset(&block, WATCHDOG_SIGNAL);
	pthread_sigmask(SIG_BLOCK, &block, NULL);
	if (!timeout_ns)
		return 0;
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = WATCHDOG_SIGNAL;
	sev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
	if (timer_create(CLOCK_MONOTONIC, &sev, &dog->timer) < 0)
		return -1;
	dog->armed = 1;
	dog->timeout_ns = timeout_ns;
	dog->deadline_ns = monotonic_ns() + timeout_ns;
	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = timeout_ns / 1000000000ull;
	its.it_value.tv_nsec = timeout_ns % 1000000000ull;
	if (timer_settime(dog->timer, 0, &its, NULL) < 0) {
		timer_delete(dog->timer);
		dog->armed = 0;
		return -1;
	}
	return 0;
}

uint64_t watchdog_left_ns(const struct watchdog *dog)
{
	uint64_t now = monotonic_ns();

	if (!dog->deadline_ns)
		return UINT64_MAX;
	return now >= dog->deadline_ns ? 0 : dog->deadline_ns - now;
}

void watchdog_clear(struct watchdog *dog)
{
	struct timespec zero = { 0, 0 };
	sigset_t set;

	(void)dog;
	sigemptyset(&set);
	sigaddset(&set, WATCHDOG_SIGNAL);
	while (sigtimedwait(&set, NULL, &zero) > 0)
		;
}

void watchdog_stop(struct watchdog *dog)
{
	if (dog->armed)
		timer_delete(dog->timer);
	dog->armed = 0;
	watchdog_clear(dog);
}
