/*
 * Checks the clocks from inside the guest: CLOCK_MONOTONIC never goes
 * back over many reads, gettimeofday agrees with CLOCK_REALTIME,
 * nanosleep(100 ms) lasts at least 100 ms, and getpid is positive.
 * Prints "realtime=SECONDS" for the host to compare with its own clock,
 * then "ok". On a failed check it prints the check to stderr and exits 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int64_t ns_of(const struct timespec *t)
{
	return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

static int failf(const char *message, long long value)
{
	fprintf(stderr, "clock: %s (value=%lld)\n", message, value);
	return 1;
}

static int check_monotonic(void)
{
	struct timespec prev, now;

	if (clock_gettime(CLOCK_MONOTONIC, &prev))
		return failf("clock_gettime(CLOCK_MONOTONIC) failed", -1);
	for (int i = 0; i < 100000; i++) {
		if (clock_gettime(CLOCK_MONOTONIC, &now))
			return failf("clock_gettime(CLOCK_MONOTONIC) failed",
				     i);
		if (now.tv_nsec < 0 || now.tv_nsec >= 1000000000)
			return failf("tv_nsec out of range", now.tv_nsec);
		if (ns_of(&now) < ns_of(&prev))
			return failf("CLOCK_MONOTONIC went back by ns",
				     ns_of(&prev) - ns_of(&now));
		prev = now;
	}
	return 0;
}

static int check_realtime(void)
{
	struct timespec before, after;
	struct timeval tv;

	if (clock_gettime(CLOCK_REALTIME, &before) || gettimeofday(&tv, NULL) ||
	    clock_gettime(CLOCK_REALTIME, &after))
		return failf("reading the real-time clock failed", -1);
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return failf("tv_usec out of range", tv.tv_usec);
	/* gettimeofday truncates to microseconds, so allow 1 us. */
	if ((int64_t)tv.tv_sec * 1000000000 + tv.tv_usec * 1000 <
		    ns_of(&before) - 1000 ||
	    (int64_t)tv.tv_sec * 1000000000 + tv.tv_usec * 1000 > ns_of(&after))
		return failf("gettimeofday outside CLOCK_REALTIME reads",
			     tv.tv_sec);
	printf("realtime=%lld\n", (long long)before.tv_sec);
	return 0;
}

static int check_nanosleep(void)
{
	struct timespec req = { 0, 100000000 }, start, end;
	int64_t slept;

	clock_gettime(CLOCK_MONOTONIC, &start);
	if (nanosleep(&req, NULL))
		return failf("nanosleep failed", -1);
	clock_gettime(CLOCK_MONOTONIC, &end);
	slept = ns_of(&end) - ns_of(&start);
	if (slept < 100000000)
		return failf("nanosleep(100 ms) returned early, slept ns",
			     slept);
	if (slept > 2000000000)
		return failf("nanosleep(100 ms) took over 2 s, slept ns",
			     slept);
	return 0;
}

int main(void)
{
	if (check_monotonic() || check_realtime() || check_nanosleep())
		return 1;
	if (getpid() <= 0)
		return failf("getpid not positive", getpid());
	printf("ok\n");
	return 0;
}
