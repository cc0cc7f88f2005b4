#include <string.h>

#include <nanvix/virtio.h>

#include "log.h"
#include "virtio_mmio.h"

void virtio_mmio_init(struct virtio_mmio *dev, uint32_t device_id,
		      uint64_t features, const struct gmem *mem,
		      const struct virtio_device_ops *ops, void *priv)
{
	memset(dev, 0, sizeof(*dev));
	dev->device_id = device_id;
	dev->device_features = features | (1ull << VIRTIO_F_VERSION_1);
	dev->mem = mem;
	dev->ops = ops;
	dev->priv = priv;
}

static struct virtq *selected(struct virtio_mmio *dev)
{
	if (dev->queue_sel >= VIRTIO_MMIO_QUEUES)
		return NULL;
	return &dev->queue[dev->queue_sel];
}

static void reset(struct virtio_mmio *dev)
{
	dev->status = 0;
	dev->driver_features = 0;
	dev->device_features_sel = dev->driver_features_sel = 0;
	dev->queue_sel = 0;
	memset(dev->queue, 0, sizeof(dev->queue));
	if (dev->ops->reset)
		dev->ops->reset(dev);
}

static uint32_t read_queue_reg(struct virtio_mmio *dev, uint64_t offset)
{
	struct virtq *vq = selected(dev);

	if (!vq)
		return 0;
	switch (offset) {
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		return VIRTQ_NUM_MAX;
	case VIRTIO_MMIO_QUEUE_READY:
		return vq->ready;
	}
	return 0;
}

uint32_t virtio_mmio_read(struct virtio_mmio *dev, uint64_t offset,
			  uint32_t len)
{
	if (len != 4 || offset % 4)
		return 0;
	switch (offset) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		return VIRTIO_MMIO_MAGIC;
	case VIRTIO_MMIO_VERSION_REG:
		return VIRTIO_MMIO_VERSION;
	case VIRTIO_MMIO_DEVICE_ID:
		return dev->device_id;
	case VIRTIO_MMIO_VENDOR_ID:
		return VIRTIO_VENDOR_NANVIX;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		if (dev->device_features_sel > 1)
			return 0;
		return dev->device_features >> (32 * dev->device_features_sel);
	case VIRTIO_MMIO_STATUS:
		return dev->status;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
	case VIRTIO_MMIO_CONFIG_GENERATION:
		return 0;
	}
	if (offset >= VIRTIO_MMIO_CONFIG)
		return 0; /* console config: no size, no ports, no emerg */
	return read_queue_reg(dev, offset);
}

static void set_half(uint64_t *field, int high, uint32_t value)
{
	if (high)
		*field = (*field & 0xffffffffull) | ((uint64_t)value << 32);
	else
		*field = (*field & ~0xffffffffull) | value;
}

static void write_queue_ready(struct virtio_mmio *dev, struct virtq *vq,
			      uint32_t value)
{
	if (!value) {
		vq->ready = 0;
		return;
	}
	if (!virtq_check(vq, dev->mem)) {
		log_error("virtio: invalid queue layout (queue=%u, num=%u); "
			  "device needs reset",
			  dev->queue_sel, vq->num);
		dev->status |= VIRTIO_STATUS_NEEDS_RESET;
		return;
	}
	vq->last_avail = vq->used_idx = 0;
	vq->ready = 1;
}

static void write_queue_reg(struct virtio_mmio *dev, uint64_t offset,
			    uint32_t value)
{
	struct virtq *vq = selected(dev);

	if (!vq || (vq->ready && offset != VIRTIO_MMIO_QUEUE_READY))
		return; /* a live queue's layout cannot change */
	switch (offset) {
	case VIRTIO_MMIO_QUEUE_NUM:
		vq->num = value <= VIRTQ_NUM_MAX ? value : 0;
		break;
	case VIRTIO_MMIO_QUEUE_READY:
		write_queue_ready(dev, vq, value);
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		set_half(&vq->desc_gpa, offset == VIRTIO_MMIO_QUEUE_DESC_HIGH,
			 value);
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		set_half(&vq->avail_gpa,
			 offset == VIRTIO_MMIO_QUEUE_DRIVER_HIGH, value);
		break;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		set_half(&vq->used_gpa, offset == VIRTIO_MMIO_QUEUE_DEVICE_HIGH,
			 value);
		break;
	}
}

static void write_status(struct virtio_mmio *dev, uint32_t value)
{
	if (value == 0) {
		reset(dev);
		return;
	}
	/* FEATURES_OK sticks only if the driver accepted VERSION_1. */
	if ((value & VIRTIO_STATUS_FEATURES_OK) &&
	    !(dev->driver_features & (1ull << VIRTIO_F_VERSION_1)))
		value &= ~VIRTIO_STATUS_FEATURES_OK;
	dev->status = value;
}

void virtio_mmio_write(struct virtio_mmio *dev, uint64_t offset, uint32_t value,
		       uint32_t len)
{
	if (len != 4 || offset % 4)
		return;
	switch (offset) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		dev->device_features_sel = value;
		return;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		dev->driver_features_sel = value;
		return;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		if (dev->driver_features_sel <= 1)
			set_half(&dev->driver_features,
				 dev->driver_features_sel, value);
		dev->driver_features &= dev->device_features;
		return;
	case VIRTIO_MMIO_QUEUE_SEL:
		dev->queue_sel = value;
		return;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		if (value < VIRTIO_MMIO_QUEUES && dev->queue[value].ready &&
		    virtio_mmio_live(dev))
			dev->ops->notify(dev, value);
		return;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		return;
	case VIRTIO_MMIO_STATUS:
		write_status(dev, value);
		return;
	}
	write_queue_reg(dev, offset, value);
}

int virtio_mmio_live(const struct virtio_mmio *dev)
{
	return (dev->status & VIRTIO_STATUS_DRIVER_OK) &&
	       !(dev->status &
		 (VIRTIO_STATUS_FAILED | VIRTIO_STATUS_NEEDS_RESET));
}
