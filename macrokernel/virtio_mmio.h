/*
 * Driver side of the virtio-mmio transport (virtio 1.1, 4.2.2): finding
 * a device, the status and feature handshake, queue setup, notification.
 *
 * Every register access is a 32-bit move through RCX with the value in
 * EAX ("movl (%rcx), %eax" to read, "movl %eax, (%rcx)" to write, two
 * bytes each). Where KVM cannot resume a guest after an MMIO exit on its
 * own, the VMM completes the access from those registers and moves RIP
 * past the instruction itself.
 */
#ifndef MACROKERNEL_VIRTIO_MMIO_H
#define MACROKERNEL_VIRTIO_MMIO_H

#include <stdint.h>

#include "virtq.h"

struct virtio_mmio {
	uint64_t base; /* GPA of the register page */
	uint32_t index;
};

/*
 * Find the first device of type device_id among nslots register pages
 * that start at base, NX_VIRTIO_STRIDE apart. Returns 0, or -NX_ENOENT.
 */
int virtio_mmio_find(uint64_t base, uint32_t nslots, uint32_t device_id,
		     struct virtio_mmio *dev);

/*
 * Reset dev and negotiate features: accept those of want that the device
 * offers; VIRTIO_F_VERSION_1 is required. Leaves the status at
 * FEATURES_OK. Returns 0, or -NX_EIO with the device marked FAILED.
 */
int virtio_mmio_start(struct virtio_mmio *dev, uint64_t want);

/*
 * Set up queue index with at most VIRTQ_MAX entries on mem and make it
 * ready. Returns 0, or -NX_EIO if the device has no such queue or it is
 * already live.
 */
int virtio_mmio_queue_setup(struct virtio_mmio *dev, uint32_t index,
			    struct virtq *q, struct virtq_mem *mem);

/* Set DRIVER_OK: the device may use the queues from now on. */
void virtio_mmio_ready(struct virtio_mmio *dev);

/* Mark the device FAILED after a setup error. */
void virtio_mmio_fail(struct virtio_mmio *dev);

/* Tell the device that queue index has new available buffers. */
void virtio_mmio_notify(struct virtio_mmio *dev, uint32_t index);

#endif
