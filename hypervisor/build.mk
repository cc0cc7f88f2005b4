# The VMM, as a library the CLI and the host tests link. Built twice:
# plain for the CLI, and with AddressSanitizer and UBSan for the tests.

HV_SRCS := $(wildcard hypervisor/*.c)
HV_OBJS := $(HV_SRCS:%.c=$(BUILD)/host/%.o)
HV_SAN_OBJS := $(HV_SRCS:%.c=$(BUILD)/san/%.o)
HV_LIB := $(BUILD)/host/libnxvmm.a
HV_SAN_LIB := $(BUILD)/san/libnxvmm.a

$(BUILD)/host/%.o: %.c
	$(call msg,HOSTCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

$(BUILD)/san/%.o: %.c
	$(call msg,HOSTCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(HV_LIB): $(HV_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(HV_SAN_LIB): $(HV_SAN_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

all: $(HV_LIB)
