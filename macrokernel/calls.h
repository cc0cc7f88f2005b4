/*
 * The ring calls: decoded requests are carried out here, either at once
 * or, for console reads and writes, across passes of the serve loop.
 */
#ifndef MACROKERNEL_CALLS_H
#define MACROKERNEL_CALLS_H

#include <stdint.h>

#include "nanvix/ring.h"
#include "slot.h"

/*
 * Decode and carry out rq, a private copy, for s (SLOT_IDLE). Either
 * replies, or leaves s in SLOT_READING or SLOT_WRITING until the console
 * finishes the request.
 */
void calls_dispatch(struct slot *s, const struct nx_req *rq);

/*
 * Move the request in service of s on, queuing what the console had no
 * room for earlier. Returns the number of console chains queued.
 */
int calls_progress(struct slot *s);

/* Account one used output chain of slot (with that generation). */
void calls_output_done(uint32_t slot, uint32_t generation, int32_t status);

/* Deliver len bytes of console input (len 0: end of file) to slot. */
void calls_input(uint32_t slot, uint32_t generation, const uint8_t *data,
		 uint32_t len);

#endif
