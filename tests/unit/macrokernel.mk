# Host unit tests of the macrokernel's pure code (virtqueue bookkeeping,
# ring and request checks, the formatter), with CMocka and sanitizers.
# tests/build.mk includes this file and runs $(MK_UNIT_TESTS).

MK_UNIT_OUT := $(BUILD)/tests/unit
# -Imacrokernel comes first: hypervisor/ (in HOST_CFLAGS) has headers of
# the same names.
MK_UNIT_CFLAGS := -Imacrokernel $(HOST_CFLAGS) $(SAN_FLAGS)
MK_UNIT_LIBS := -lcmocka

MK_UNIT_TESTS := $(addprefix $(MK_UNIT_OUT)/,test_virtq test_ring \
	test_request test_fmt)

$(MK_UNIT_OUT)/test_virtq: tests/unit/test_virtq.c macrokernel/virtq.c
$(MK_UNIT_OUT)/test_ring: tests/unit/test_ring.c macrokernel/ring.c
$(MK_UNIT_OUT)/test_request: tests/unit/test_request.c \
	macrokernel/request.c macrokernel/fdtable.c
$(MK_UNIT_OUT)/test_fmt: tests/unit/test_fmt.c macrokernel/fmt.c

$(MK_UNIT_TESTS):
	$(call msg,CC,$@)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(MK_UNIT_CFLAGS) -o $@ $(filter %.c,$^) $(MK_UNIT_LIBS)

.PHONY: test-macrokernel
test-macrokernel: $(MK_UNIT_TESTS)
	$(Q)for t in $(MK_UNIT_TESTS); do $$t || exit 1; done
