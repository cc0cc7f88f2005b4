/*
 * Unit tests for ELF validation (elf_parse) and loading (elf_load). Each
 * test builds a minimal valid executable in memory, breaks one thing and
 * checks that the error message names the problem.
 */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <nanvix/abi.h>

#include "elf_image.h"

#define LO 0x400000ull
#define HI 0x800000ull

#define TEXT_OFF 0x1000u
#define TEXT_VADDR 0x401000ull
#define TEXT_SIZE 0x100u
#define DATA_OFF (TEXT_OFF + TEXT_SIZE)
#define DATA_VADDR 0x402000ull
#define DATA_FILESZ 0x10u
#define DATA_MEMSZ 0x2000u
#define NOTE_OFF (DATA_OFF + DATA_FILESZ)
#define NOTE_SIZE 24u
#define FILE_SIZE (NOTE_OFF + NOTE_SIZE)

enum { PH_TEXT, PH_DATA, PH_NOTE, PH_COUNT };

static uint8_t *file;
static Elf64_Ehdr *eh;
static Elf64_Phdr *ph;
static Elf64_Nhdr *note;
static struct elf_image img;
static char err[256];

/* A static x86-64 executable: text (R+X), data with bss (R+W), the note. */
static int elf_setup(void **state)
{
	uint32_t version = NX_ABI_VERSION;

	(void)state;
	file = calloc(1, FILE_SIZE);
	if (!file)
		return -1;
	eh = (Elf64_Ehdr *)file;
	ph = (Elf64_Phdr *)(file + sizeof(*eh));
	note = (Elf64_Nhdr *)(file + NOTE_OFF);

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = TEXT_VADDR + 0x10;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = PH_COUNT;

	ph[PH_TEXT] = (Elf64_Phdr){
		.p_type = PT_LOAD,
		.p_flags = PF_R | PF_X,
		.p_offset = TEXT_OFF,
		.p_vaddr = TEXT_VADDR,
		.p_filesz = TEXT_SIZE,
		.p_memsz = TEXT_SIZE,
	};
	ph[PH_DATA] = (Elf64_Phdr){
		.p_type = PT_LOAD,
		.p_flags = PF_R | PF_W,
		.p_offset = DATA_OFF,
		.p_vaddr = DATA_VADDR,
		.p_filesz = DATA_FILESZ,
		.p_memsz = DATA_MEMSZ,
	};
	ph[PH_NOTE] = (Elf64_Phdr){
		.p_type = PT_NOTE,
		.p_flags = PF_R,
		.p_offset = NOTE_OFF,
		.p_filesz = NOTE_SIZE,
	};

	memset(file + TEXT_OFF, 0xc3, TEXT_SIZE);
	memset(file + DATA_OFF, 0x5a, DATA_FILESZ);
	note->n_namesz = 7;
	note->n_descsz = 4;
	note->n_type = 1;
	memcpy(note + 1, "nanvix", 7);
	memcpy((uint8_t *)(note + 1) + 8, &version, 4);
	memset(err, 0, sizeof(err));
	return 0;
}

static int elf_teardown(void **state)
{
	(void)state;
	free(file);
	return 0;
}

static int parse_size(size_t size)
{
	return elf_parse(file, size, LO, HI, &img, err, sizeof(err));
}

static int parse(void)
{
	return parse_size(FILE_SIZE);
}

/* Assert that parsing fails with a message containing text. */
static void expect_error(int rc, const char *text)
{
	assert_int_equal(rc, -1);
	if (!strstr(err, text))
		fail_msg("error \"%s\" does not mention \"%s\"", err, text);
}

static void valid_minimal(void **state)
{
	(void)state;
	assert_int_equal(parse(), 0);
	assert_int_equal(img.entry, TEXT_VADDR + 0x10);
	assert_int_equal(img.nsegments, 2);
	assert_int_equal(img.low, TEXT_VADDR);
	assert_int_equal(img.high, DATA_VADDR + DATA_MEMSZ);
	assert_int_equal(img.segment[0].flags, PF_R | PF_X);
	assert_int_equal(img.segment[1].filesz, DATA_FILESZ);
	assert_int_equal(img.segment[1].memsz, DATA_MEMSZ);
}

static void load_copies_segments(void **state)
{
	struct gmem mem = { .count = 0 };
	uint8_t *guest = calloc(1, HI - LO);

	(void)state;
	assert_non_null(guest);
	assert_int_equal(gmem_add(&mem, LO, HI - LO, guest), 0);
	assert_int_equal(parse(), 0);
	assert_int_equal(elf_load(&img, &mem), 0);
	assert_memory_equal(guest + (TEXT_VADDR - LO), file + TEXT_OFF,
			    TEXT_SIZE);
	assert_memory_equal(guest + (DATA_VADDR - LO), file + DATA_OFF,
			    DATA_FILESZ);
	assert_int_equal(guest[DATA_VADDR - LO + DATA_FILESZ], 0);
	free(guest);
}

static void truncated_header(void **state)
{
	(void)state;
	/* Too short for the magic, so it cannot be distinguished from other
	 * files. */
	expect_error(parse_size(0), "not an ELF file");
	expect_error(parse_size(SELFMAG - 1), "not an ELF file");
	expect_error(parse_size(SELFMAG), "truncated file");
	expect_error(parse_size(sizeof(Elf64_Ehdr) - 1), "truncated file");
}

static void truncated_phdrs(void **state)
{
	(void)state;
	expect_error(parse_size(sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr)),
		     "program headers past its end");
}

static void truncated_segment(void **state)
{
	(void)state;
	expect_error(parse_size(TEXT_OFF + TEXT_SIZE / 2),
		     "segment data past its end");
	expect_error(parse_size(DATA_OFF + DATA_FILESZ - 1),
		     "segment data past its end");
}

static void truncated_note(void **state)
{
	(void)state;
	expect_error(parse_size(FILE_SIZE - 1), "note past its end");
}

static void bad_magic(void **state)
{
	(void)state;
	eh->e_ident[EI_MAG1] = 'X';
	expect_error(parse(), "not an ELF file");
}

static void class_32bit(void **state)
{
	(void)state;
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	expect_error(parse(), "32-bit");
}

static void big_endian(void **state)
{
	(void)state;
	eh->e_ident[EI_DATA] = ELFDATA2MSB;
	expect_error(parse(), "not an x86-64 executable");
}

static void wrong_machine(void **state)
{
	(void)state;
	eh->e_machine = EM_AARCH64;
	expect_error(parse(), "machine=183");
}

static void pie_rejected(void **state)
{
	(void)state;
	eh->e_type = ET_DYN;
	expect_error(parse(), "position-independent");
}

static void relocatable_rejected(void **state)
{
	(void)state;
	eh->e_type = ET_REL;
	expect_error(parse(), "not an executable (type=1)");
}

static void bad_phentsize(void **state)
{
	(void)state;
	eh->e_phentsize = sizeof(Elf64_Phdr) - 1;
	expect_error(parse(), "invalid program header table");
}

static void no_phdrs(void **state)
{
	(void)state;
	eh->e_phnum = 0;
	expect_error(parse(), "count=0");
}

static void gnu_stack_flags(void **state)
{
	(void)state;
	assert_int_equal(parse(), 0);
	assert_false(img.exec_stack);
	eh->e_phnum = PH_COUNT + 1;
	ph[PH_COUNT] = (Elf64_Phdr){
		.p_type = PT_GNU_STACK,
		.p_flags = PF_R | PF_W,
	};
	assert_int_equal(parse(), 0);
	assert_false(img.exec_stack);
	ph[PH_COUNT].p_flags |= PF_X;
	assert_int_equal(parse(), 0);
	assert_true(img.exec_stack);
}

static void tls_segment(void **state)
{
	(void)state;
	eh->e_phnum = PH_COUNT + 1;
	ph[PH_COUNT] = (Elf64_Phdr){
		.p_type = PT_TLS,
		.p_offset = DATA_OFF,
		.p_vaddr = DATA_VADDR,
		.p_filesz = 4,
		.p_memsz = 64,
		.p_align = 8,
	};
	assert_int_equal(parse(), 0);
	assert_int_equal(img.tls.memsz, 64);
	assert_int_equal(img.tls.filesz, 4);
	assert_int_equal(img.tls_align, 8);
}

static void tls_bad_align_rejected(void **state)
{
	(void)state;
	eh->e_phnum = PH_COUNT + 1;
	ph[PH_COUNT] = (Elf64_Phdr){
		.p_type = PT_TLS,
		.p_offset = DATA_OFF,
		.p_memsz = 64,
		.p_align = 24,
	};
	expect_error(parse(), "thread-local alignment");
}

static void tls_filesz_past_memsz_rejected(void **state)
{
	(void)state;
	eh->e_phnum = PH_COUNT + 1;
	ph[PH_COUNT] = (Elf64_Phdr){
		.p_type = PT_TLS,
		.p_offset = DATA_OFF,
		.p_filesz = 128,
		.p_memsz = 64,
	};
	expect_error(parse(), "invalid thread-local segment");
}

static void interp_rejected(void **state)
{
	(void)state;
	ph[PH_NOTE].p_type = PT_INTERP;
	expect_error(parse(), "dynamically linked");
}

static void dynamic_rejected(void **state)
{
	(void)state;
	ph[PH_NOTE].p_type = PT_DYNAMIC;
	expect_error(parse(), "dynamically linked");
}

static void no_load_segment(void **state)
{
	(void)state;
	ph[PH_TEXT].p_type = PT_NULL;
	ph[PH_DATA].p_memsz = 0;
	ph[PH_DATA].p_filesz = 0;
	expect_error(parse(), "no loadable segment");
}

static void segment_below_lo(void **state)
{
	(void)state;
	ph[PH_TEXT].p_vaddr = LO - 0x1000;
	expect_error(parse(), "segment outside guest memory");
}

static void segment_past_hi(void **state)
{
	(void)state;
	ph[PH_DATA].p_memsz = HI - DATA_VADDR + 1;
	expect_error(parse(), "segment outside guest memory");
}

static void segment_ends_at_hi(void **state)
{
	(void)state;
	ph[PH_DATA].p_memsz = HI - DATA_VADDR;
	assert_int_equal(parse(), 0);
	assert_int_equal(img.high, HI);
}

static void vaddr_memsz_overflow(void **state)
{
	(void)state;
	ph[PH_DATA].p_memsz = UINT64_MAX - DATA_VADDR + 0x1000;
	expect_error(parse(), "segment outside guest memory");
}

static void filesz_over_memsz(void **state)
{
	(void)state;
	ph[PH_DATA].p_filesz = DATA_MEMSZ + 1;
	expect_error(parse(), "exceeds memory size");
}

static void offset_past_eof(void **state)
{
	(void)state;
	ph[PH_DATA].p_offset = FILE_SIZE;
	expect_error(parse(), "segment data past its end");
}

static void offset_filesz_overflow(void **state)
{
	(void)state;
	ph[PH_DATA].p_offset = UINT64_MAX - 4;
	expect_error(parse(), "segment data past its end");
}

static void overlapping_segments(void **state)
{
	(void)state;
	ph[PH_DATA].p_vaddr = TEXT_VADDR + 0x80;
	expect_error(parse(), "segments share a page");
}

static void same_page_segments(void **state)
{
	(void)state;
	ph[PH_DATA].p_vaddr = TEXT_VADDR + TEXT_SIZE;
	expect_error(parse(), "segments share a page");
}

static void adjacent_pages_accepted(void **state)
{
	(void)state;
	ph[PH_DATA].p_vaddr = TEXT_VADDR + 0x1000;
	assert_int_equal(parse(), 0);
}

static void entry_in_data(void **state)
{
	(void)state;
	eh->e_entry = DATA_VADDR;
	expect_error(parse(), "entry point 0x402000 is not in an executable");
}

static void entry_past_text(void **state)
{
	(void)state;
	eh->e_entry = TEXT_VADDR + TEXT_SIZE;
	expect_error(parse(), "not in an executable segment");
}

static void entry_before_text(void **state)
{
	(void)state;
	eh->e_entry = TEXT_VADDR - 1;
	expect_error(parse(), "not in an executable segment");
}

static void missing_note(void **state)
{
	(void)state;
	ph[PH_NOTE].p_type = PT_NULL;
	expect_error(parse(), "no .note.nanvix");
}

static void wrong_note_name(void **state)
{
	(void)state;
	memcpy(note + 1, "nanviy", 7);
	expect_error(parse(), "no .note.nanvix");
}

static void wrong_abi_version(void **state)
{
	uint32_t version = NX_ABI_VERSION + 1;

	(void)state;
	memcpy((uint8_t *)(note + 1) + 8, &version, 4);
	expect_error(parse(), "ABI version 2");
}

static void note_namesz_huge(void **state)
{
	(void)state;
	note->n_namesz = UINT32_MAX;
	expect_error(parse(), "no .note.nanvix");
}

static void note_descsz_huge(void **state)
{
	(void)state;
	note->n_descsz = UINT32_MAX - 2;
	expect_error(parse(), "no .note.nanvix");
}

static void note_descsz_wrong(void **state)
{
	(void)state;
	note->n_descsz = 8;
	expect_error(parse(), "no .note.nanvix");
}

static void note_shorter_than_header(void **state)
{
	(void)state;
	ph[PH_NOTE].p_filesz = sizeof(Elf64_Nhdr) - 1;
	expect_error(parse(), "no .note.nanvix");
}

static void too_many_segments(void **state)
{
	const unsigned n = ELF_MAX_SEGMENTS + 1;
	size_t size = sizeof(Elf64_Ehdr) + n * sizeof(Elf64_Phdr);
	uint8_t *big = calloc(1, size);
	Elf64_Phdr *p = (Elf64_Phdr *)(big + sizeof(Elf64_Ehdr));

	(void)state;
	assert_non_null(big);
	memcpy(big, eh, sizeof(*eh));
	((Elf64_Ehdr *)big)->e_phnum = n;
	for (unsigned i = 0; i < n; i++)
		p[i] = (Elf64_Phdr){ .p_type = PT_LOAD,
				     .p_flags = PF_R,
				     .p_vaddr = LO + i * 0x1000,
				     .p_memsz = 0x10 };
	assert_int_equal(elf_parse(big, size, LO, HI, &img, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "too many loadable segments"));
	free(big);
}

#define ELF_TEST(f) cmocka_unit_test_setup_teardown(f, elf_setup, elf_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		ELF_TEST(valid_minimal),
		ELF_TEST(load_copies_segments),
		ELF_TEST(truncated_header),
		ELF_TEST(truncated_phdrs),
		ELF_TEST(truncated_segment),
		ELF_TEST(truncated_note),
		ELF_TEST(bad_magic),
		ELF_TEST(class_32bit),
		ELF_TEST(big_endian),
		ELF_TEST(wrong_machine),
		ELF_TEST(pie_rejected),
		ELF_TEST(relocatable_rejected),
		ELF_TEST(bad_phentsize),
		ELF_TEST(no_phdrs),
		ELF_TEST(gnu_stack_flags),
		ELF_TEST(tls_segment),
		ELF_TEST(tls_bad_align_rejected),
		ELF_TEST(tls_filesz_past_memsz_rejected),
		ELF_TEST(interp_rejected),
		ELF_TEST(dynamic_rejected),
		ELF_TEST(no_load_segment),
		ELF_TEST(segment_below_lo),
		ELF_TEST(segment_past_hi),
		ELF_TEST(segment_ends_at_hi),
		ELF_TEST(vaddr_memsz_overflow),
		ELF_TEST(filesz_over_memsz),
		ELF_TEST(offset_past_eof),
		ELF_TEST(offset_filesz_overflow),
		ELF_TEST(overlapping_segments),
		ELF_TEST(same_page_segments),
		ELF_TEST(adjacent_pages_accepted),
		ELF_TEST(entry_in_data),
		ELF_TEST(entry_past_text),
		ELF_TEST(entry_before_text),
		ELF_TEST(missing_note),
		ELF_TEST(wrong_note_name),
		ELF_TEST(wrong_abi_version),
		ELF_TEST(note_namesz_huge),
		ELF_TEST(note_descsz_huge),
		ELF_TEST(note_descsz_wrong),
		ELF_TEST(note_shorter_than_header),
		ELF_TEST(too_many_segments),
	};

	return cmocka_run_group_tests_name("elf_parse", tests, NULL, NULL);
}
