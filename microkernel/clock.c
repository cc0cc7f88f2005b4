/*
 * Clocks from the TSC, read in user mode without an exit: the VMM stores
 * the host's clocks and the TSC rate in the boot information page.
 */
#include <nanvix/hypercall.h>

#include "mk.h"

#define NS_PER_S 1000000000ull

static uint64_t tsc_at_boot;

void clock_init(void)
{
	tsc_at_boot = nx_rdtsc();
}

static uint64_t ns_since_boot(void)
{
	uint64_t khz = BOOTINFO->tsc_khz;
	uint64_t ticks = nx_rdtsc() - tsc_at_boot;

	if (!khz)
		return 0;
	/* Split so that ticks * 10^6 cannot overflow. */
	return ticks / khz * 1000000ull + ticks % khz * 1000000ull / khz;
}

uint64_t clock_monotonic_ns(void)
{
	return BOOTINFO->monotonic_ns + ns_since_boot();
}

int64_t clock_gettime_call(uint64_t id, struct nx_timespec *ts)
{
	uint64_t ns;

	if (id == NX_CLOCK_REALTIME)
		ns = BOOTINFO->realtime_ns + ns_since_boot();
	else if (id == NX_CLOCK_MONOTONIC)
		ns = clock_monotonic_ns();
	else
		return -NX_EINVAL;
	ts->sec = (int64_t)(ns / NS_PER_S);
	ts->nsec = (int64_t)(ns % NS_PER_S);
	return 0;
}

int64_t clock_gettimeofday_call(struct nx_timeval *tv)
{
	uint64_t ns = BOOTINFO->realtime_ns + ns_since_boot();

	tv->sec = (int64_t)(ns / NS_PER_S);
	tv->usec = (int64_t)(ns % NS_PER_S / 1000);
	return 0;
}

int64_t clock_nanosleep_call(const struct nx_timespec *req,
			     struct nx_timespec *rem)
{
	uint64_t ns;

	if (req->sec < 0 || req->nsec < 0 || req->nsec >= (int64_t)NS_PER_S)
		return -NX_EINVAL;
	/* Longer than INT64_MAX ns (292 years) sleeps that long. */
	if ((uint64_t)req->sec > (INT64_MAX - req->nsec) / NS_PER_S)
		ns = INT64_MAX;
	else
		ns = (uint64_t)req->sec * NS_PER_S + (uint64_t)req->nsec;
	/* The VMM sleeps on the host; the vCPU costs nothing meanwhile. */
	nx_hypercall(NX_HC_SLEEP, ns, 0, 0);
	if (rem)
		rem->sec = rem->nsec = 0;
	return 0;
}
