#include <stdint.h>

#include "log.h"
#include "nanvix/abi.h"
#include "nanvix/ring.h"
#include "virtio_mmio.h"

/* Status reads that wait for a reset before it counts as timed out. */
#define RESET_POLLS 1000

static uint32_t reg_read(const struct virtio_mmio *dev, uint32_t off)
{
	uint32_t v;

	__asm__ volatile("movl (%%rcx), %%eax"
			 : "=a"(v)
			 : "c"(dev->base + off)
			 : "memory");
	return v;
}

static void reg_write(const struct virtio_mmio *dev, uint32_t off, uint32_t v)
{
	__asm__ volatile("movl %%eax, (%%rcx)"
			 :
			 : "a"(v), "c"(dev->base + off)
			 : "memory");
}

static void write_addr(const struct virtio_mmio *dev, uint32_t low_off,
		       const void *p)
{
	uint64_t gpa = (uint64_t)(uintptr_t)p;

	reg_write(dev, low_off, (uint32_t)gpa);
	reg_write(dev, low_off + 4, (uint32_t)(gpa >> 32));
}

int virtio_mmio_find(uint64_t base, uint32_t nslots, uint32_t device_id,
		     struct virtio_mmio *dev)
{
	uint32_t i;

	for (i = 0; i < nslots; i++) {
		dev->base = base + i * NX_VIRTIO_STRIDE;
		dev->index = i;
		/* Empty slots read DeviceID 0. */
		if (reg_read(dev, VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC)
			continue;
		if (reg_read(dev, VIRTIO_MMIO_VERSION_REG) !=
		    VIRTIO_MMIO_VERSION)
			continue;
		if (reg_read(dev, VIRTIO_MMIO_DEVICE_ID) == device_id)
			return 0;
	}
	return -NX_ENOENT;
}

static uint64_t read_features(const struct virtio_mmio *dev)
{
	uint64_t low, high;

	reg_write(dev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	low = reg_read(dev, VIRTIO_MMIO_DEVICE_FEATURES);
	reg_write(dev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	high = reg_read(dev, VIRTIO_MMIO_DEVICE_FEATURES);
	return high << 32 | low;
}

static void write_features(const struct virtio_mmio *dev, uint64_t f)
{
	reg_write(dev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	reg_write(dev, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
	reg_write(dev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	reg_write(dev, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
}

static int reset(const struct virtio_mmio *dev)
{
	int i;

	reg_write(dev, VIRTIO_MMIO_STATUS, 0);
	for (i = 0; i < RESET_POLLS; i++) {
		if (reg_read(dev, VIRTIO_MMIO_STATUS) == 0)
			return 0;
	}
	return -NX_EIO;
}

int virtio_mmio_start(struct virtio_mmio *dev, uint64_t want)
{
	uint64_t offered, status;

	if (reset(dev) != 0) {
		log_printf("macrokernel: virtio reset timed out (slot=%u)",
			   dev->index);
		return -NX_EIO;
	}
	status = VIRTIO_STATUS_ACKNOWLEDGE;
	reg_write(dev, VIRTIO_MMIO_STATUS, status);
	status |= VIRTIO_STATUS_DRIVER;
	reg_write(dev, VIRTIO_MMIO_STATUS, status);

	offered = read_features(dev);
	if ((offered & (1ull << VIRTIO_F_VERSION_1)) == 0) {
		log_printf(
			"macrokernel: virtio device lacks VIRTIO_F_VERSION_1 "
			"(slot=%u, features=0x%llx)",
			dev->index, (unsigned long long)offered);
		virtio_mmio_fail(dev);
		return -NX_EIO;
	}
	write_features(dev, offered & want);

	status |= VIRTIO_STATUS_FEATURES_OK;
	reg_write(dev, VIRTIO_MMIO_STATUS, status);
	/* The device clears FEATURES_OK if it rejects the subset. */
	if ((reg_read(dev, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK) ==
	    0) {
		log_printf("macrokernel: virtio device rejected the features "
			   "(slot=%u, features=0x%llx)",
			   dev->index, (unsigned long long)(offered & want));
		virtio_mmio_fail(dev);
		return -NX_EIO;
	}
	return 0;
}

/* Largest power of two not above n, or 0. */
static uint16_t pow2_floor(uint32_t n)
{
	uint32_t p = 1;

	if (n == 0)
		return 0;
	while (p <= n / 2)
		p *= 2;
	return (uint16_t)p;
}

int virtio_mmio_queue_setup(struct virtio_mmio *dev, uint32_t index,
			    struct virtq *q, struct virtq_mem *mem)
{
	uint32_t max;
	uint16_t num;

	reg_write(dev, VIRTIO_MMIO_QUEUE_SEL, index);
	if (reg_read(dev, VIRTIO_MMIO_QUEUE_READY) != 0)
		return -NX_EIO;
	max = reg_read(dev, VIRTIO_MMIO_QUEUE_NUM_MAX);
	num = pow2_floor(max < VIRTQ_MAX ? max : VIRTQ_MAX);
	if (num == 0 || virtq_init(q, mem, num) != 0)
		return -NX_EIO;

	reg_write(dev, VIRTIO_MMIO_QUEUE_NUM, num);
	write_addr(dev, VIRTIO_MMIO_QUEUE_DESC_LOW, mem->desc);
	write_addr(dev, VIRTIO_MMIO_QUEUE_DRIVER_LOW, &mem->avail);
	write_addr(dev, VIRTIO_MMIO_QUEUE_DEVICE_LOW, &mem->used);
	reg_write(dev, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

void virtio_mmio_ready(struct virtio_mmio *dev)
{
	uint32_t status = reg_read(dev, VIRTIO_MMIO_STATUS);

	reg_write(dev, VIRTIO_MMIO_STATUS, status | VIRTIO_STATUS_DRIVER_OK);
}

void virtio_mmio_fail(struct virtio_mmio *dev)
{
	uint32_t status = reg_read(dev, VIRTIO_MMIO_STATUS);

	reg_write(dev, VIRTIO_MMIO_STATUS, status | VIRTIO_STATUS_FAILED);
}

void virtio_mmio_notify(struct virtio_mmio *dev, uint32_t index)
{
	reg_write(dev, VIRTIO_MMIO_QUEUE_NOTIFY, index);
}
