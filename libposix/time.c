/* Clocks and sleeping. */
#include <errno.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "posix.h"

#define NSEC_PER_SEC 1000000000ll

int clock_gettime(clockid_t clock_id, struct timespec *tp)
{
	struct nx_timespec nx_ts;
	uint64_t nx_clock;
	int64_t ret;

	/* newlib numbers its clocks differently from the ABI (Linux). */
	if (clock_id == CLOCK_REALTIME)
		nx_clock = NX_CLOCK_REALTIME;
	else if (clock_id == CLOCK_MONOTONIC)
		nx_clock = NX_CLOCK_MONOTONIC;
	else
		return posix_fail(EINVAL);

	ret = kcall(NX_SYS_CLOCK_GETTIME, nx_clock, (uintptr_t)&nx_ts, 0, 0);
	if (posix_result(ret) < 0)
		return -1;
	tp->tv_sec = (time_t)nx_ts.sec;
	tp->tv_nsec = (long)nx_ts.nsec;
	return 0;
}

/* Both clocks come from the TSC, read in nanoseconds. */
int clock_getres(clockid_t clock_id, struct timespec *res)
{
	if (clock_id != CLOCK_REALTIME && clock_id != CLOCK_MONOTONIC)
		return posix_fail(EINVAL);
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	struct nx_timeval nx_tv;
	int64_t ret;

	/* Time zones are obsolete; Linux ignores this argument as well. */
	(void)tz;
	if (tv == NULL)
		return 0;
	ret = kcall(NX_SYS_GETTIMEOFDAY, (uintptr_t)&nx_tv, 0, 0, 0);
	if (posix_result(ret) < 0)
		return -1;
	tv->tv_sec = (time_t)nx_tv.sec;
	tv->tv_usec = (suseconds_t)nx_tv.usec;
	return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	struct nx_timespec nx_req;
	struct nx_timespec nx_rem = { 0, 0 };
	int64_t ret;

	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= NSEC_PER_SEC)
		return posix_fail(EINVAL);
	nx_req.sec = (int64_t)req->tv_sec;
	nx_req.nsec = (int64_t)req->tv_nsec;

	ret = kcall(NX_SYS_NANOSLEEP, (uintptr_t)&nx_req, (uintptr_t)&nx_rem, 0,
		    0);
	if (rem != NULL) {
		rem->tv_sec = (time_t)nx_rem.sec;
		rem->tv_nsec = (long)nx_rem.nsec;
	}
	return (int)posix_result(ret);
}

unsigned sleep(unsigned seconds)
{
	struct timespec req = { .tv_sec = seconds, .tv_nsec = 0 };
	struct timespec rem = { 0, 0 };

	if (nanosleep(&req, &rem) < 0)
		return (unsigned)rem.tv_sec + (rem.tv_nsec > 0);
	return 0;
}

int usleep(useconds_t usec)
{
	struct timespec req;

	req.tv_sec = usec / 1000000;
	req.tv_nsec = (long)(usec % 1000000) * 1000;
	return nanosleep(&req, NULL);
}

/*
 * Reports the time since the VMM booted the userVM as user time, in
 * CLOCKS_PER_SEC ticks (newlib's clock() divides by that). A userVM runs
 * one function on one vCPU, so elapsed time is an upper bound of its CPU
 * time. NOTE: this assumes that NX_SYS_CLOCK_GETTIME's monotonic clock
 * and the boot information's monotonic_ns count from the same origin.
 */
clock_t times(struct tms *buf)
{
	struct timespec now;
	int64_t elapsed_ns;
	clock_t ticks;

	if (clock_gettime(CLOCK_MONOTONIC, &now) < 0)
		return (clock_t)-1;
	elapsed_ns = (int64_t)now.tv_sec * NSEC_PER_SEC + now.tv_nsec -
		     (int64_t)BOOTINFO->monotonic_ns;
	if (elapsed_ns < 0)
		elapsed_ns = 0;
	ticks = (clock_t)(elapsed_ns / (NSEC_PER_SEC / CLOCKS_PER_SEC));

	if (buf != NULL) {
		buf->tms_utime = ticks;
		buf->tms_stime = 0;
		buf->tms_cutime = 0;
		buf->tms_cstime = 0;
	}
	return ticks;
}

POSIX_ALIAS(gettimeofday);
POSIX_ALIAS(times);
