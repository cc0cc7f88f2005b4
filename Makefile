# nanvix build. Two toolchains:
#   HOSTCC   builds the VMM, the CLI and the host tests (hosted, Linux).
#   GUEST_CC builds the microkernel, the macrokernel, libposix and the
#            functions: freestanding x86-64 code, static, no PIE.
# `make V=1` prints full commands.

HOSTCC ?= gcc
GUEST_CC ?= gcc
GUEST_AR ?= ar
BUILD ?= build

HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Iinclude -Ihypervisor \
	-D_GNU_SOURCE -MMD -MP
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Iinclude \
	-ffreestanding -fno-pic -fno-pie -fno-stack-protector \
	-fcf-protection=none -mno-red-zone -mcmodel=small -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -no-pie -z noexecstack \
	-Wl,--build-id=none -z max-page-size=4096

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-8s %s\n' $(1) $(2)
endif

.PHONY: all setup deps test clean example demo format format-check
all:

include libposix/build.mk
include microkernel/build.mk
include macrokernel/build.mk
include hypervisor/build.mk
include tools/build.mk
include tests/build.mk

# Install the Debian packages the build and the tests need (as root).
deps:
	$(Q)tools/install-deps.sh

setup: deps all

# Build everything and run the example function.
demo: all
	$(Q)$(BUILD)/bin/nanvix run $(BUILD)/examples/hello.elf world

# C sources follow .clang-format; make test checks it.
FORMATTED = $(shell git ls-files '*.c' '*.h' 2>/dev/null)

format:
	$(Q)clang-format -i $(FORMATTED)

format-check:
	$(call msg,FORMAT,check)
	$(Q)clang-format --dry-run --Werror $(FORMATTED)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
