# make test-unit: CMocka tests of the host-testable code under
# AddressSanitizer and UBSan, then a short run of each libFuzzer target.
# tests/build.mk includes this file.
#
# The VMM tests link $(HV_SAN_LIB). The microkernel's ring client is pure
# C with hooks, so its test compiles microkernel/ring_client.c for the
# host. The macrokernel's own tests come from tests/unit/macrokernel.mk.

include tests/unit/macrokernel.mk

UNIT_OUT := $(BUILD)/tests/unit
UNIT_CFLAGS := $(HOST_CFLAGS) $(SAN_FLAGS)
UNIT_LIBS := -lcmocka

HV_UNIT_TESTS := $(addprefix $(UNIT_OUT)/,test_elf test_gmem \
	test_vmm_virtq test_args test_abi test_paging test_log)
UK_UNIT_TESTS := $(UNIT_OUT)/test_ring_client
UNIT_TESTS := $(HV_UNIT_TESTS) $(UK_UNIT_TESTS) $(MK_UNIT_TESTS)

$(HV_UNIT_TESTS): $(UNIT_OUT)/%: tests/unit/%.c $(HV_SAN_LIB)
	$(call msg,CC,$@)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) -o $@ $< $(HV_SAN_LIB) $(UNIT_LIBS)

$(UK_UNIT_TESTS): $(UNIT_OUT)/%: tests/unit/%.c microkernel/ring_client.c
	$(call msg,CC,$@)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) -Imicrokernel -o $@ $(filter %.c,$^) \
		$(UNIT_LIBS)

include tests/fuzz/build.mk

# The fuzz targets run first so the output ends with CMocka's summaries.
# Every test binary runs even after a failure, so one run shows them all;
# the target fails if any of them failed. Without clang the fuzz targets
# are skipped with a message.
test-unit: $(UNIT_TESTS)
	$(Q)status=0; \
	if command -v $(FUZZ_CC) >/dev/null; then \
		$(MAKE) --no-print-directory fuzz-smoke || status=1; \
	else \
		echo "fuzz: $(FUZZ_CC) not found, fuzz targets skipped" \
		     "(make deps installs it)"; \
	fi; \
	for t in $(UNIT_TESTS); do $$t || status=1; done; \
	exit $$status
