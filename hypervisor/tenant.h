/*
 * A tenant: its long-lived systemVM (the macrokernel), the ring arena it
 * shares with the tenant's userVMs, and one slot per attached userVM.
 * One VMM process hosts one tenant, so tenants never share memory.
 */
#ifndef HV_TENANT_H
#define HV_TENANT_H

#include <pthread.h>
#include <stdint.h>

#include <nanvix/abi.h>
#include <nanvix/ring.h>

#include "gmem.h"
#include "kvm.h"
#include "virtio_mmio.h"

#define TENANT_NAME_MAX 32
#define SYSVM_RAM (32ull << 20)
#define SYSVM_STACK (1ull << 20)

enum slot_state {
	SLOT_FREE,
	SLOT_ATTACHED,
	SLOT_DRAINING, /* detached, waiting for the macrokernel's ack */
};

struct slot {
	enum slot_state state;
	uint32_t generation;
	int notify_fd;	     /* eventfd the macrokernel signals */
	int fd[3];	     /* the invocation's stdin, stdout, stderr */
	uint32_t input_want; /* stdin bytes requested, 0 if none */
	int abandoned;	     /* its invocation has ended: drop its output */
};

struct tenant {
	char name[TENANT_NAME_MAX + 1];
	struct vm vm;
	struct gmem mem;
	uint8_t *ram;
	uint8_t *arena;
	int kick_fd; /* wakes the systemVM: doorbells and VMM requests */
	struct nx_sysctl *sysctl;
	struct virtio_mmio console;
	pthread_mutex_t lock; /* slots; held by the systemVM thread on exits */
	struct slot slot[NX_MAX_USERVMS];
	pthread_t thread;
	int running;
	int stopping; /* the VMM stops the systemVM's vCPU */
	int failing;  /* set once by the first tenant_fail() */
	int failed;   /* set after failure is written */
	char failure[256];
};

/*
 * Boot the tenant's systemVM from the macrokernel image at path and start
 * its vCPU thread. Returns 0, or -1 with a message logged.
 */
int tenant_start(struct tenant *t, const char *name, const char *path);

/* Ask the macrokernel to exit, join its thread and free everything. */
void tenant_stop(struct tenant *t);

/*
 * Give a userVM a slot whose ring is zeroed and whose I/O goes to fds.
 * Returns the slot number, or -1 if all NX_MAX_USERVMS slots are busy or
 * the systemVM has failed.
 */
int tenant_attach(struct tenant *t, uint32_t pid, const int fds[3]);

/* Detach a userVM's slot; it is reused once the macrokernel has acked. */
void tenant_detach(struct tenant *t, int slot);

/* Host address of a slot's ring. */
struct nx_ring *tenant_ring(struct tenant *t, int slot);

/* Mark the systemVM failed and wake every userVM waiting on it. */
void tenant_fail(struct tenant *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Wake the systemVM if it sleeps. */
void tenant_kick(struct tenant *t);

/* The virtio console device model behind the systemVM's console. */
extern const struct virtio_device_ops console_ops;

/* Serve stdin reads the macrokernel asked for whose fds are readable. */
void console_poll_input(struct tenant *t, int timeout_ms);

/* The systemVM's vCPU thread. */
void *sysvm_main(void *tenant);

#endif
