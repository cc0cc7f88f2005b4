#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "loop.h"
#include "nanvix/abi.h"
#include "nanvix/hypercall.h"
#include "server.h"
#include "slot.h"

/*
 * Keep polling this long after the last work before sleeping. An exit
 * costs tens of microseconds on kvm_pvm, so a peer that replies within
 * that time is cheaper to wait for by polling.
 */
#define IDLE_SPIN_US 50
/* The same budget in empty passes, for when the TSC rate is unknown. */
#define IDLE_SPIN_PASSES 4096
/* Maximum sleep. A doorbell, console input or a sysctl kick ends it. */
#define IDLE_WAIT_NS 1000000000ull

static struct nx_sysctl *const sysctl =
	(struct nx_sysctl *)(uintptr_t)NX_SYSCTL_GPA;

static bool shutdown_requested(void)
{
	return __atomic_load_n(&sysctl->shutdown, __ATOMIC_ACQUIRE) != 0;
}

static int pass(void)
{
	int n = slots_sync();

	n += console_poll();
	n += server_pass();
	/* One notify per pass covers every chain this pass queued. */
	console_flush();
	/* The VMM may have used the chains during the notify exit. */
	n += console_poll();
	return n;
}

static bool work_pending(void)
{
	return shutdown_requested() || slots_changed() || server_has_work() ||
	       console_has_used();
}

/*
 * Announce sys_waiting, then look once more: a userVM stores sq_tail,
 * fences and reads sys_waiting before it rings, so either it sees the
 * flag and rings the doorbell, or this recheck sees its submission.
 */
static void sleep_until_kicked(void)
{
	server_set_waiting(1);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!work_pending())
		nx_hypercall(NX_HC_WAIT, IDLE_WAIT_NS, 0, 0);
	server_set_waiting(0);
}

void loop_run(uint64_t tsc_khz)
{
	uint64_t spin_ticks = tsc_khz * IDLE_SPIN_US / 1000;
	uint64_t idle_since = 0;
	uint32_t idle_passes = 0;
	bool spun;

	while (!shutdown_requested()) {
		if (pass() > 0) {
			idle_passes = 0;
			continue;
		}
		if (idle_passes++ == 0)
			idle_since = nx_rdtsc();
		if (spin_ticks != 0)
			spun = nx_rdtsc() - idle_since >= spin_ticks;
		else
			spun = idle_passes >= IDLE_SPIN_PASSES;
		if (!spun) {
			nx_cpu_relax();
			continue;
		}
		sleep_until_kicked();
		idle_passes = 0;
	}
}
