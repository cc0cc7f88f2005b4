# libFuzzer targets for the parsers of guest and user input: ELF images,
# virtqueue memory, both ends of the userVM ring, and the command line.
# They need clang, which builds its own copies of the sources because
# gcc's sanitizer runtime does not mix with clang's. The macrokernel and
# microkernel sources build for the host as in tests/unit; the macrokernel
# ones find a host nanvix/hypercall.h in tests/fuzz/host first.
#
#   make fuzz         build the targets into $(FUZZ_OUT)
#   make fuzz-smoke   run each for FUZZ_RUNS inputs (part of test-unit)
#   $(FUZZ_OUT)/fuzz_elf $(FUZZ_OUT)/corpus_elf -max_total_time=180
#                     a longer run; crashes are saved as crash-<sha1>

FUZZ_CC ?= clang
FUZZ_OUT := $(BUILD)/fuzz
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Iinclude \
	-Ihypervisor -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined
FUZZ_RUNS ?= 20000

FUZZ_NAMES := elf virtq ring_server ring_client cli
FUZZ_TARGETS := $(addprefix $(FUZZ_OUT)/fuzz_,$(FUZZ_NAMES))

$(FUZZ_OUT)/fuzz_elf: tests/fuzz/fuzz_elf.c hypervisor/elf_image.c \
	hypervisor/gmem.c
$(FUZZ_OUT)/fuzz_virtq: tests/fuzz/fuzz_virtq.c hypervisor/virtq.c \
	hypervisor/virtio_mmio.c hypervisor/gmem.c
$(FUZZ_OUT)/fuzz_ring_server: tests/fuzz/fuzz_ring_server.c \
	macrokernel/server.c macrokernel/slot.c macrokernel/calls.c \
	macrokernel/ring.c macrokernel/request.c macrokernel/fdtable.c \
	tests/fuzz/host/nanvix/hypercall.h
$(FUZZ_OUT)/fuzz_ring_client: tests/fuzz/fuzz_ring_client.c \
	microkernel/ring_client.c
$(FUZZ_OUT)/fuzz_cli: tests/fuzz/fuzz_cli.c tools/common.c hypervisor/args.c

# Directories searched before FUZZ_CFLAGS' own: macrokernel/ and tools/
# have headers named like hypervisor/ ones.
$(FUZZ_OUT)/fuzz_ring_server: FUZZ_INCLUDES := -Itests/fuzz/host -Imacrokernel
$(FUZZ_OUT)/fuzz_ring_client: FUZZ_INCLUDES := -Imicrokernel
$(FUZZ_OUT)/fuzz_cli: FUZZ_INCLUDES := -Itools

$(FUZZ_TARGETS):
	$(call msg,CLANG,$@)
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_INCLUDES) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# The ELF seed is the example function, stripped so each run is fast. It
# is optional: without it the fuzzer starts from an empty corpus.
$(FUZZ_OUT)/corpus_elf/hello.elf: $(wildcard $(BUILD)/examples/hello.elf)
	@mkdir -p $(@D)
	$(Q)if [ -f "$<" ]; then strip -o $@ $<; else touch $@; fi

.PHONY: fuzz fuzz-smoke
fuzz: $(FUZZ_TARGETS)

fuzz-smoke: $(FUZZ_TARGETS) $(FUZZ_OUT)/corpus_elf/hello.elf
	@mkdir -p $(addprefix $(FUZZ_OUT)/corpus_,$(FUZZ_NAMES))
	$(Q)for t in $(FUZZ_NAMES); do \
		echo "fuzz_$$t: $(FUZZ_RUNS) runs"; \
		$(FUZZ_OUT)/fuzz_$$t -runs=$(FUZZ_RUNS) -seed=1 \
			-artifact_prefix=$(FUZZ_OUT)/ \
			$(FUZZ_OUT)/corpus_$$t 2>$(FUZZ_OUT)/fuzz_$$t.log || \
		{ tail -n 40 $(FUZZ_OUT)/fuzz_$$t.log; exit 1; }; \
	done
