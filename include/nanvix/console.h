/*
 * macrokernel <-> VMM console protocol. The systemVM has one virtio
 * console (virtio-mmio, device ID 3) shared by all of its userVMs, so each
 * buffer on its queues starts with a frame header naming the userVM slot
 * the bytes belong to.
 *
 *  transmitq (1): NX_CON_OUTPUT       header + fd 1/2 bytes in the chain,
 *                                     then a device-writable int32_t:
 *                                     0, or -NX_E* if the host write failed
 *                 NX_CON_INPUT_WANT   header; len = bytes wanted from fd 0
 *  receiveq (0):  NX_CON_INPUT        header + up to len bytes of stdin;
 *                                     len 0 means end of file
 *
 * The VMM reads the invocation's stdin only when asked, so a function
 * never consumes input it did not read.
 */
#ifndef NANVIX_CONSOLE_H
#define NANVIX_CONSOLE_H

#include <stdint.h>

enum nx_con_kind {
	NX_CON_OUTPUT = 1,
	NX_CON_INPUT_WANT = 2,
	NX_CON_INPUT = 3,
};

struct nx_con_frame {
	uint32_t kind;
	uint32_t slot;
	uint32_t generation; /* stale frames of a detached slot are dropped */
	uint32_t fd;
	uint32_t len;
	uint32_t reserved[3];
};

/* Size of each receive buffer the macrokernel posts, frame included. */
#define NX_CON_RX_BUF 4096u
#define NX_CON_RX_DATA (NX_CON_RX_BUF - sizeof(struct nx_con_frame))

_Static_assert(sizeof(struct nx_con_frame) == 32, "console frame size");

#endif
