# The macrokernel: the systemVM's kernel, a freestanding static ELF
# linked at NX_KERNEL_GPA. It takes memcpy, memset and friends from
# newlib's libc.a (built by libposix/build.mk) and compiles against
# newlib's headers, not the host's. -mgeneral-regs-only keeps SSE out of
# the kernel, so it runs whether or not the VMM enabled SSE.

MK_OUT := $(BUILD)/macrokernel
MK_ELF := $(MK_OUT)/macrokernel.elf

MK_CFLAGS := $(GUEST_CFLAGS) -mgeneral-regs-only -nostdinc -Imacrokernel \
	-isystem $(NEWLIB)/include -isystem $(GUEST_GCC_INCLUDE) \
	-U__linux__ -U__linux -Ulinux -U__gnu_linux__

MK_SRCS := main.c loop.c server.c calls.c slot.c request.c ring.c \
	fdtable.c console.c virtio_mmio.c virtq.c log.c fmt.c abi_note.c
MK_OBJS := $(MK_OUT)/entry.o $(addprefix $(MK_OUT)/,$(MK_SRCS:.c=.o))
MK_LIBGCC := $(shell $(GUEST_CC) -print-libgcc-file-name)

.PHONY: macrokernel
all: macrokernel
macrokernel: $(MK_ELF)

$(MK_OUT)/%.o: macrokernel/%.c | $(NEWLIB_STAMP)
	$(call msg,CC,$@)
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(MK_CFLAGS) -c -o $@ $<

$(MK_OUT)/entry.o: macrokernel/entry.S
	$(call msg,AS,$@)
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(MK_CFLAGS) -c -o $@ $<

$(MK_ELF): $(MK_OBJS) macrokernel/macrokernel.ld $(NEWLIB_STAMP)
	$(call msg,LD,$@)
	$(Q)$(GUEST_CC) $(GUEST_LDFLAGS) -T macrokernel/macrokernel.ld \
		-o $@ $(MK_OBJS) $(NEWLIB)/lib/libc.a $(MK_LIBGCC)
