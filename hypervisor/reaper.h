/*
 * Background teardown of finished userVMs. Destroying a VM that had an
 * ioeventfd costs ~16 ms on kvm_pvm (the kernel waits for an RCU grace
 * period), while creating one costs under a millisecond, so teardown runs
 * off the invocation's critical path. At most REAPER_MAX_PENDING
 * teardowns run at once; past that the caller waits.
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
