# make test: the format check, host unit tests under ASan/UBSan, in-VM integration tests,
# and the GCC C torture suite, in that order. Each layer has its own
# target so it can be run alone.

.PHONY: test test-unit test-integration test-torture

test: format-check test-unit test-integration test-torture

-include tests/unit/build.mk

# Several userVMs in one tenant at once; links the sanitized VMM.
CONCURRENT := $(BUILD)/tests/concurrent
$(CONCURRENT): tests/functions/host/concurrent.c $(HV_SAN_LIB)
	$(call msg,HOSTCC,$@)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(SAN_FLAGS) -o $@ $< $(HV_SAN_LIB) \
		-lpthread

test-integration: all $(NANVIX_SAN) $(CONCURRENT)
	$(Q)tests/functions/run.sh $(BUILD)

test-torture: all
	$(Q)tests/torture/run.sh $(BUILD)
