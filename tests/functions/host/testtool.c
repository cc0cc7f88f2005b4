/*
 * Host side of the in-VM tests: regenerates what the test functions
 * print and crafts malformed executables from a valid one.
 *
 *   testtool pattern BYTES            write the bigout.c stream to stdout
 *   testtool argsum ARG...            print the line argsum.c prints
 *   testtool elf32 OUT                write a 32-bit x86 ELF executable header
 *   testtool patch IN OUT EDIT [VALUE]
 *       EDIT is one of:
 *         type VALUE        set e_type
 *         no-load           turn every PT_LOAD into PT_NULL
 *         load-vaddr VALUE  set p_vaddr and p_paddr of the first PT_LOAD
 *         load-memsz VALUE  set p_memsz of the first PT_LOAD
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../pattern.h"

static int usage(void)
{
	fprintf(stderr, "usage: testtool pattern BYTES | argsum ARG... | "
			"elf32 OUT | patch IN OUT EDIT [VALUE]\n");
	return 2;
}

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

static int cmd_pattern(const char *bytes)
{
	static unsigned char buf[65536];
	uint32_t state = PATTERN_SEED;
	unsigned long long left = strtoull(bytes, NULL, 10);

	/* Any chunking gives the same stream, so this need not match bigout.c.
	 */
	while (left > 0) {
		size_t len = left < sizeof(buf) ? left : sizeof(buf);

		pattern_fill(&state, buf, len);
		if (fwrite(buf, 1, len, stdout) != len)
			return 1;
		left -= len;
	}
	return fflush(stdout) ? 1 : 0;
}

static int cmd_argsum(int argc, char **argv)
{
	size_t bytes;
	uint32_t hash = args_checksum(argc, argv, &bytes);

	printf("args=%d bytes=%zu fnv=%08lx\n", argc, bytes,
	       (unsigned long)hash);
	return 0;
}

/* A header-only i386 executable: enough for the class check to see. */
static int cmd_elf32(const char *out)
{
	Elf32_Ehdr eh = { 0 };

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS32;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_386;
	eh.e_version = EV_CURRENT;
	eh.e_entry = 0x8048000;
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(Elf32_Phdr);
	/* Pad to the size of an Elf64_Ehdr so no length check fires first. */
	unsigned char file[sizeof(Elf64_Ehdr)] = { 0 };

	memcpy(file, &eh, sizeof(eh));
	return write_file(out, file, sizeof(file));
}

static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long size;

	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		perror(path);
		return NULL;
	}
	buf = malloc((size_t)size);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		perror(path);
		return NULL;
	}
	fclose(f);
	*len = (size_t)size;
	return buf;
}

static int patch(unsigned char *file, size_t len, const char *edit,
		 unsigned long long value)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)file;
	Elf64_Phdr *ph;
	int loads = 0;

	if (len < sizeof(*eh) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_phoff + (size_t)eh->e_phnum * sizeof(*ph) > len) {
		fprintf(stderr, "testtool: input is not a 64-bit ELF file\n");
		return 1;
	}
	if (!strcmp(edit, "type")) {
		eh->e_type = (Elf64_Half)value;
		return 0;
	}
	ph = (Elf64_Phdr *)(file + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (!strcmp(edit, "no-load")) {
			ph[i].p_type = PT_NULL;
		} else if (!strcmp(edit, "load-vaddr")) {
			ph[i].p_vaddr = value;
			ph[i].p_paddr = value;
			return 0;
		} else if (!strcmp(edit, "load-memsz")) {
			ph[i].p_memsz = value;
			return 0;
		} else {
			fprintf(stderr, "testtool: unknown edit '%s'\n", edit);
			return 1;
		}
		loads++;
	}
	if (loads == 0) {
		fprintf(stderr, "testtool: input has no PT_LOAD segment\n");
		return 1;
	}
	return 0;
}

static int cmd_patch(int argc, char **argv)
{
	unsigned long long value = 0;
	unsigned char *file;
	size_t len;

	if (argc < 3)
		return usage();
	if (argc > 3)
		value = strtoull(argv[3], NULL, 0);
	file = read_file(argv[0], &len);
	if (!file)
		return 1;
	if (patch(file, len, argv[2], value))
		return 1;
	return write_file(argv[1], file, len);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "pattern") && argc == 3)
		return cmd_pattern(argv[2]);
	if (!strcmp(argv[1], "argsum"))
		return cmd_argsum(argc - 2, argv + 2);
	if (!strcmp(argv[1], "elf32") && argc == 3)
		return cmd_elf32(argv[2]);
	if (!strcmp(argv[1], "patch"))
		return cmd_patch(argc - 2, argv + 2);
	return usage();
}
