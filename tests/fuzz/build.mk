# libFuzzer targets for the parsers of guest-controlled input: ELF images
# and virtqueue memory. They need clang, which builds its own copies of
# the VMM sources because gcc's sanitizer runtime does not mix with
# clang's.
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

FUZZ_TARGETS := $(FUZZ_OUT)/fuzz_elf $(FUZZ_OUT)/fuzz_virtq

$(FUZZ_OUT)/fuzz_elf: tests/fuzz/fuzz_elf.c hypervisor/elf_image.c \
	hypervisor/gmem.c
$(FUZZ_OUT)/fuzz_virtq: tests/fuzz/fuzz_virtq.c hypervisor/virtq.c \
	hypervisor/virtio_mmio.c hypervisor/gmem.c

$(FUZZ_TARGETS):
	$(call msg,CLANG,$@)
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# The ELF seed is the example function, stripped so each run is fast. It
# is optional: without it the fuzzer starts from an empty corpus.
$(FUZZ_OUT)/corpus_elf/hello.elf: $(wildcard $(BUILD)/examples/hello.elf)
	@mkdir -p $(@D)
	$(Q)if [ -f "$<" ]; then strip -o $@ $<; else touch $@; fi

.PHONY: fuzz fuzz-smoke
fuzz: $(FUZZ_TARGETS)

fuzz-smoke: $(FUZZ_TARGETS) $(FUZZ_OUT)/corpus_elf/hello.elf
	@mkdir -p $(FUZZ_OUT)/corpus_virtq
	$(Q)for t in elf virtq; do \
		echo "fuzz_$$t: $(FUZZ_RUNS) runs"; \
		$(FUZZ_OUT)/fuzz_$$t -runs=$(FUZZ_RUNS) -seed=1 \
			-artifact_prefix=$(FUZZ_OUT)/ \
			$(FUZZ_OUT)/corpus_$$t 2>$(FUZZ_OUT)/fuzz_$$t.log || \
		{ tail -n 40 $(FUZZ_OUT)/fuzz_$$t.log; exit 1; }; \
	done
