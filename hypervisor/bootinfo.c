#include <time.h>

#include "bootinfo.h"

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

struct nx_bootinfo *bootinfo_start(const struct gmem *mem, enum nx_vm_kind kind,
				   uint64_t ram, uint64_t tsc_khz)
{
	struct nx_bootinfo *bi = gmem_ptr(mem, NX_BOOTINFO_GPA, sizeof(*bi));

	*bi = (struct nx_bootinfo){
		.magic = NX_BOOTINFO_MAGIC,
		.abi_version = NX_ABI_VERSION,
		.kind = kind,
		.ram_size = ram,
		.tsc_khz = tsc_khz,
		.realtime_ns = clock_ns(CLOCK_REALTIME),
		.monotonic_ns = clock_ns(CLOCK_MONOTONIC),
	};
	return bi;
}
