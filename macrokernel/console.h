/*
 * The virtio console driver, shared by all userVM slots. Framing follows
 * include/nanvix/console.h: every buffer starts with a struct
 * nx_con_frame naming the slot and its generation.
 *
 * Output is zero copy: the data descriptor points at the payload inside
 * the slot's ring, so that memory must stay put until the chain is used.
 * Sending only queues chains; console_flush notifies the device, and
 * console_poll harvests used chains and hands them to calls.c
 * (calls_output_done, calls_input).
 */
#ifndef MACROKERNEL_CONSOLE_H
#define MACROKERNEL_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#include "virtio_mmio.h"

/* Maximum payload bytes per output chain. Longer writes are split. */
#define CONSOLE_TX_CHUNK 4096u

/*
 * Set up the console on dev and post the receive buffers. Returns 0 or
 * -NX_EIO.
 */
int console_init(struct virtio_mmio *dev);

/*
 * Queue one output chain of len bytes (1..CONSOLE_TX_CHUNK) at data for
 * the invocation's fd of slot. Returns 0, or -NX_EAGAIN when the transmit
 * queue is full, so the caller retries after console_poll.
 */
int console_send_output(uint32_t slot, uint32_t generation, uint32_t fd,
			const void *data, uint32_t len);

/*
 * Queue an NX_CON_INPUT_WANT frame asking for up to len bytes of the
 * slot's stdin. Returns 0 or -NX_EAGAIN.
 */
int console_send_want(uint32_t slot, uint32_t generation, uint32_t len);

/* Notify the device of the chains queued since the last flush. */
void console_flush(void);

/*
 * Harvest used chains of both queues, passing each to calls.c, and
 * repost the receive buffers. Returns the number of chains harvested.
 */
int console_poll(void);

/* Check whether the device has used chains waiting for console_poll. */
bool console_has_used(void);

#endif
