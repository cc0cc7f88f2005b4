# newlib, libposix, the nanvix-cc compiler wrapper and the example
# function. newlib is built once by libposix/build-newlib.sh; delete
# $(BUILD)/newlib to rebuild it.

NEWLIB := $(BUILD)/newlib
# Bump the stamp's version when build-newlib.sh builds differently.
NEWLIB_STAMP_NAME := .stamp-4
NEWLIB_STAMP := $(NEWLIB)/$(NEWLIB_STAMP_NAME)
POSIX_OUT := $(BUILD)/libposix
NANVIX_CC := $(BUILD)/bin/nanvix-cc

GUEST_GCC_INCLUDE := $(shell $(GUEST_CC) -print-file-name=include)

# libposix is compiled against newlib's headers only, with the macros
# tools/nanvix-cc sets for functions: the host gcc defines __linux__,
# which would make newlib's headers expect Linux's reentrancy hooks, and
# newlib declares clock_gettime and CLOCK_MONOTONIC only when the system
# announces them.
POSIX_CFLAGS := $(GUEST_CFLAGS) -nostdinc -Ilibposix/include \
	-isystem $(NEWLIB)/include -isystem $(GUEST_GCC_INCLUDE) \
	-U__linux__ -U__linux -Ulinux -U__gnu_linux__ \
	-D_POSIX_TIMERS=200809L -D_POSIX_MONOTONIC_CLOCK=200809L

POSIX_SRCS := errno.c io.c memory.c process.c sysconf.c time.c
POSIX_OBJS := $(addprefix $(POSIX_OUT)/,$(POSIX_SRCS:.c=.o))
POSIX_HEADERS := $(addprefix $(POSIX_OUT)/include/sys/,mman.h uio.h)

POSIX_ALL := $(POSIX_OUT)/libposix.a $(POSIX_OUT)/crt0.o \
	$(POSIX_OUT)/nanvix.ld $(POSIX_HEADERS)

.PHONY: newlib libposix
all: libposix $(BUILD)/examples/hello.elf
newlib: $(NEWLIB_STAMP)
libposix: $(POSIX_ALL) $(NANVIX_CC)
example: $(BUILD)/examples/hello.elf

# No prerequisites: a cached $(BUILD)/newlib stays valid however new the
# checkout's timestamps are.
$(NEWLIB_STAMP):
	$(call msg,NEWLIB,$(NEWLIB))
	$(Q)NEWLIB_STAMP_NAME=$(NEWLIB_STAMP_NAME) libposix/build-newlib.sh $(NEWLIB)

$(POSIX_OUT)/%.o: libposix/%.c | $(NEWLIB_STAMP)
	$(call msg,CC,$@)
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(POSIX_CFLAGS) -c -o $@ $<

$(POSIX_OUT)/crt0-entry.o: libposix/crt0.S | $(NEWLIB_STAMP)
	$(call msg,AS,$@)
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(POSIX_CFLAGS) -c -o $@ $<

# crt0.o carries _start, the C start code and the ABI note in one object,
# so a function cannot be linked without the note.
$(POSIX_OUT)/crt0.o: $(POSIX_OUT)/crt0-entry.o $(POSIX_OUT)/start.o
	$(call msg,LD,$@)
	$(Q)$(GUEST_CC) -nostdlib -r -o $@ $^

$(POSIX_OUT)/libposix.a: $(POSIX_OBJS)
	$(call msg,AR,$@)
	@rm -f $@
	$(Q)$(GUEST_AR) rcs $@ $^

$(POSIX_OUT)/nanvix.ld: libposix/nanvix.ld
	@mkdir -p $(@D)
	$(Q)cp $< $@

$(POSIX_OUT)/include/sys/%.h: libposix/include/sys/%.h
	@mkdir -p $(@D)
	$(Q)cp $< $@

$(NANVIX_CC): tools/nanvix-cc
	$(call msg,INSTALL,$@)
	@mkdir -p $(@D)
	$(Q)cp $< $@
	$(Q)chmod +x $@

$(BUILD)/examples/%.elf: tools/examples/%.c $(NANVIX_CC) $(POSIX_ALL)
	$(call msg,NXCC,$@)
	@mkdir -p $(@D)
	$(Q)$(NANVIX_CC) -O2 -Wall -Wextra -Werror -o $@ $<

# The example built for Linux, the baseline of nanvix bench coldstart.
$(BUILD)/examples/hello-linux: tools/examples/hello.c
	$(call msg,HOSTCC,$@)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) -O2 -static -o $@ $<

all: $(BUILD)/examples/hello-linux
