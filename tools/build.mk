# The nanvix CLI, in a plain build and in a sanitized one for the tests.

CLI_SRCS := $(wildcard tools/*.c)
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/host/%.o)
CLI_SAN_OBJS := $(CLI_SRCS:%.c=$(BUILD)/san/%.o)
NANVIX := $(BUILD)/bin/nanvix
# The sanitized CLI sits beside the plain one so it finds the same kernels.
NANVIX_SAN := $(BUILD)/bin/nanvix-asan

$(NANVIX): $(CLI_OBJS) $(HV_LIB)
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -o $@ $^ -lpthread -lrt

$(NANVIX_SAN): $(CLI_SAN_OBJS) $(HV_SAN_LIB)
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(SAN_FLAGS) -o $@ $^ -lpthread -lrt

all: $(NANVIX)
