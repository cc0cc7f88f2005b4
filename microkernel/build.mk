# The microkernel: the userVM's kernel, a freestanding static ELF linked
# at NX_KERNEL_GPA with no C library. -mgeneral-regs-only keeps SSE out
# of it, so a system call never disturbs the function's vector registers.

UK_OUT := $(BUILD)/microkernel
UK_ELF := $(UK_OUT)/microkernel.elf
UK_CFLAGS := $(GUEST_CFLAGS) -mgeneral-regs-only -nostdinc \
	-isystem $(shell $(GUEST_CC) -print-file-name=include) -Imicrokernel
UK_SRCS := kcall.c boot.c clock.c memory.c io.c ring_client.c string.c note.c
UK_OBJS := $(UK_OUT)/start.o $(addprefix $(UK_OUT)/,$(UK_SRCS:.c=.o))

.PHONY: microkernel
all: microkernel
microkernel: $(UK_ELF)

$(UK_OUT)/%.o: microkernel/%.c
	$(call msg,CC,$@)
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(UK_CFLAGS) -c -o $@ $<

$(UK_OUT)/start.o: microkernel/start.S
	$(call msg,AS,$@)
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(UK_CFLAGS) -c -o $@ $<

$(UK_ELF): $(UK_OBJS) microkernel/microkernel.ld
	$(call msg,LD,$@)
	$(Q)$(GUEST_CC) $(GUEST_LDFLAGS) -T microkernel/microkernel.ld \
		-o $@ $(UK_OBJS)
