/*
 * The virtio-mmio transport (virtio 1.1, section 4.2.2) in front of one
 * device model. The guest's register accesses arrive here from MMIO exits.
 */
#ifndef HV_VIRTIO_MMIO_H
#define HV_VIRTIO_MMIO_H

#include <stdint.h>

#include "gmem.h"
#include "virtq.h"

#define VIRTIO_MMIO_QUEUES 2

struct virtio_mmio;

struct virtio_device_ops {
	/* Called for a QueueNotify write naming a ready queue. */
	void (*notify)(struct virtio_mmio *dev, unsigned queue);
	/* Called when the driver resets the device. */
	void (*reset)(struct virtio_mmio *dev);
};

struct virtio_mmio {
	uint32_t device_id;
	uint64_t device_features;
	uint64_t driver_features;
	uint32_t device_features_sel;
	uint32_t driver_features_sel;
	uint32_t status;
	uint32_t queue_sel;
	struct virtq queue[VIRTIO_MMIO_QUEUES];
	const struct gmem *mem;
	const struct virtio_device_ops *ops;
	void *priv;
};

void virtio_mmio_init(struct virtio_mmio *dev, uint32_t device_id,
		      uint64_t features, const struct gmem *mem,
		      const struct virtio_device_ops *ops, void *priv);

/* Handle a 4-byte register read at offset; other widths read as zero. */
uint32_t virtio_mmio_read(struct virtio_mmio *dev, uint64_t offset,
			  uint32_t len);

void virtio_mmio_write(struct virtio_mmio *dev, uint64_t offset, uint32_t value,
		       uint32_t len);

/* Whether the driver has set DRIVER_OK and not failed since. */
int virtio_mmio_live(const struct virtio_mmio *dev);

#endif
