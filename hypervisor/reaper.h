/*
 * Background teardown of finished userVMs. Destroying a userVM costs
 * ~16 ms on kvm_pvm, measured with strace, while creating one costs under
 * a millisecond, so teardown runs off the invocation's critical path.
 * NOTE: the cause is a guess: the kernel probably waits for an RCU grace
 * period when it drops the VM's ioeventfd. At most REAPER_MAX_PENDING
 * teardowns run at once, and past that the caller waits.
 */
#ifndef HV_REAPER_H
#define HV_REAPER_H

#include <stdint.h>

#include "kvm.h"

#define REAPER_MAX_PENDING 16

/* Destroy vm and unmap its RAM (ram may be NULL) in the background. */
void reaper_submit(struct vm *vm, void *ram, uint64_t size);

/* Wait until every submitted teardown has finished. */
void reaper_wait(void);

#endif
