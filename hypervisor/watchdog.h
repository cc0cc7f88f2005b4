/*
 * The per-invocation timeout. A POSIX timer sends WATCHDOG_SIGNAL to the
 * thread running the vCPU. The thread keeps that signal blocked, and KVM
 * unblocks it only inside KVM_RUN (KVM_SET_SIGNAL_MASK). An expiry
 * therefore either interrupts the guest or makes the next KVM_RUN return
 * -EINTR at once, so it cannot be lost between two runs.
 */
#ifndef HV_WATCHDOG_H
#define HV_WATCHDOG_H

#include <signal.h>
#include <stdint.h>
#include <time.h>

/* A real-time signal: an operator's SIGUSR1 keeps its default action. */
#define WATCHDOG_SIGNAL SIGRTMIN

struct watchdog {
	timer_t timer;
	int armed;
	uint64_t timeout_ns;
	uint64_t deadline_ns; /* CLOCK_MONOTONIC; 0: no timeout */
};

/* Arm a timeout of timeout_ns (0: none) for the calling thread. */
int watchdog_start(struct watchdog *dog, uint64_t timeout_ns);

/* Nanoseconds left before the deadline, 0 once it has passed. */
uint64_t watchdog_left_ns(const struct watchdog *dog);

/* Consume a pending expiry signal. */
void watchdog_clear(struct watchdog *dog);

void watchdog_stop(struct watchdog *dog);

/* Current CLOCK_MONOTONIC time in ns. */
uint64_t monotonic_ns(void);

#endif
