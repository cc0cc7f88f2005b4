#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <nanvix/abi.h>

#include "elf_image.h"

#define NOTE_NAME "nanvix"
#define NOTE_TYPE_ABI 1

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Whether [off, off + len) lies inside a file of size bytes. */
static int in_file(size_t size, uint64_t off, uint64_t len)
{
	return off <= size && len <= size - off;
}

static int check_header(const Elf64_Ehdr *eh, size_t size, char *err,
			size_t errlen)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return fail(err, errlen, "not an ELF file");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return fail(err, errlen,
			    "32-bit ELF file; nanvix runs x86-64 executables");
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64)
		return fail(err, errlen,
			    "not an x86-64 executable "
			    "(machine=%u)",
			    eh->e_machine);
	if (eh->e_type == ET_DYN)
		return fail(err, errlen,
			    "position-independent executable "
			    "(PIE); build it with nanvix-cc");
	if (eh->e_type != ET_EXEC)
		return fail(err, errlen, "not an executable (type=%u)",
			    eh->e_type);
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0)
		return fail(err, errlen,
			    "invalid program header table "
			    "(entsize=%u, count=%u)",
			    eh->e_phentsize, eh->e_phnum);
	if (!in_file(size, eh->e_phoff,
		     (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)))
		return fail(err, errlen,
			    "truncated file: program headers "
			    "past its end (size=%zu)",
			    size);
	return 0;
}

/* Whether the PT_NOTE segment ph carries this ABI's version note. */
static int has_abi_note(const uint8_t *file, const Elf64_Phdr *ph)
{
	uint64_t off = 0;

	while (off + sizeof(Elf64_Nhdr) <= ph->p_filesz) {
		Elf64_Nhdr nh;
		uint64_t name_len, desc_len;
		uint32_t version;
		const uint8_t *p = file + ph->p_offset + off;

		memcpy(&nh, p, sizeof(nh));
		name_len = (nh.n_namesz + 3ull) & ~3ull;
		desc_len = (nh.n_descsz + 3ull) & ~3ull;
		if (name_len + desc_len > ph->p_filesz - off - sizeof(nh))
			return 0;
		if (nh.n_type == NOTE_TYPE_ABI &&
		    nh.n_namesz == sizeof(NOTE_NAME) &&
		    memcmp(p + sizeof(nh), NOTE_NAME, sizeof(NOTE_NAME)) == 0 &&
		    nh.n_descsz == sizeof(version)) {
			memcpy(&version, p + sizeof(nh) + name_len,
			       sizeof(version));
			return version == NX_ABI_VERSION ? 1
							 : -(int)version - 1;
		}
		off += sizeof(nh) + name_len + desc_len;
	}
	return 0;
}

static int add_segment(struct elf_image *img, const Elf64_Phdr *ph, uint64_t lo,
		       uint64_t hi, char *err, size_t errlen)
{
	struct elf_segment *seg;

	if (img->nsegments == ELF_MAX_SEGMENTS)
		return fail(err, errlen, "too many loadable segments (max=%d)",
			    ELF_MAX_SEGMENTS);
	if (ph->p_filesz > ph->p_memsz)
		return fail(err, errlen,
			    "invalid segment: file size %#lx "
			    "exceeds memory size %#lx",
			    (unsigned long)ph->p_filesz,
			    (unsigned long)ph->p_memsz);
	if (!in_file(img->size, ph->p_offset, ph->p_filesz))
		return fail(err, errlen,
			    "truncated file: segment data past "
			    "its end (offset=%#lx, size=%zu)",
			    (unsigned long)ph->p_offset, img->size);
	if (ph->p_vaddr < lo || ph->p_vaddr > hi ||
	    ph->p_memsz > hi - ph->p_vaddr)
		return fail(err, errlen,
			    "segment outside guest memory "
			    "(vaddr=%#lx, memsz=%#lx, allowed=[%#lx, %#lx))",
			    (unsigned long)ph->p_vaddr,
			    (unsigned long)ph->p_memsz, (unsigned long)lo,
			    (unsigned long)hi);
	/* Page permissions follow the segments, so no page is shared. */
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct elf_segment *o = &img->segment[i];

		if (page_down(ph->p_vaddr) < page_up(o->vaddr + o->memsz) &&
		    page_down(o->vaddr) < page_up(ph->p_vaddr + ph->p_memsz))
			return fail(err, errlen,
				    "segments share a page at "
				    "%#lx; build it with nanvix-cc",
				    (unsigned long)ph->p_vaddr);
	}
	seg = &img->segment[img->nsegments++];
	*seg = (struct elf_segment){
		.vaddr = ph->p_vaddr,
		.memsz = ph->p_memsz,
		.offset = ph->p_offset,
		.filesz = ph->p_filesz,
		.flags = ph->p_flags,
	};
	if (seg->vaddr < img->low)
		img->low = seg->vaddr;
	if (seg->vaddr + seg->memsz > img->high)
		img->high = seg->vaddr + seg->memsz;
	return 0;
}

/* The thread-local template, copied by the VMM for the one thread. */
static int check_tls(struct elf_image *img, const Elf64_Phdr *ph, char *err,
		     size_t errlen)
{
	if (ph->p_filesz > ph->p_memsz || ph->p_memsz > ELF_TLS_MAX ||
	    !in_file(img->size, ph->p_offset, ph->p_filesz))
		return fail(err, errlen,
			    "invalid thread-local segment (filesz=%#lx, "
			    "memsz=%#lx, max=%#x)",
			    (unsigned long)ph->p_filesz,
			    (unsigned long)ph->p_memsz, ELF_TLS_MAX);
	if (ph->p_align > NX_PAGE_SIZE || (ph->p_align & (ph->p_align - 1)))
		return fail(err, errlen,
			    "invalid thread-local alignment %#lx (max=%#llx)",
			    (unsigned long)ph->p_align, NX_PAGE_SIZE);
	img->tls = (struct elf_segment){
		.vaddr = ph->p_vaddr,
		.memsz = ph->p_memsz,
		.offset = ph->p_offset,
		.filesz = ph->p_filesz,
		.flags = ph->p_flags,
	};
	img->tls_align = ph->p_align ? ph->p_align : 1;
	return 0;
}

static int entry_is_executable(const struct elf_image *img)
{
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->segment[i];

		if ((s->flags & PF_X) && img->entry >= s->vaddr &&
		    img->entry - s->vaddr < s->memsz)
			return 1;
	}
	return 0;
}

static int check_segments(const Elf64_Ehdr *eh, struct elf_image *img,
			  uint64_t lo, uint64_t hi, char *err, size_t errlen)
{
	int note = 0;

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, img->file + eh->e_phoff + i * sizeof(ph),
		       sizeof(ph));
		switch (ph.p_type) {
		case PT_INTERP:
		case PT_DYNAMIC:
			return fail(err, errlen,
				    "dynamically linked "
				    "executable; nanvix runs static "
				    "executables built with nanvix-cc");
		case PT_LOAD:
			if (ph.p_memsz == 0)
				break;
			if (add_segment(img, &ph, lo, hi, err, errlen))
				return -1;
			break;
		case PT_TLS:
			if (check_tls(img, &ph, err, errlen))
				return -1;
			break;
		case PT_GNU_STACK:
			/* As on Linux: GCC's trampolines live on the stack. */
			img->exec_stack = !!(ph.p_flags & PF_X);
			break;
		case PT_NOTE:
			if (!in_file(img->size, ph.p_offset, ph.p_filesz))
				return fail(err, errlen,
					    "truncated file: "
					    "note past its end");
			if (!note)
				note = has_abi_note(img->file, &ph);
			break;
		}
	}
	if (img->nsegments == 0)
		return fail(err, errlen, "no loadable segment");
	if (note < 0)
		return fail(err, errlen,
			    "built for nanvix ABI version %d, "
			    "this VMM runs version %u; rebuild it with "
			    "nanvix-cc",
			    -note - 1, NX_ABI_VERSION);
	if (note == 0)
		return fail(err, errlen,
			    "not a nanvix executable (no "
			    ".note.nanvix); build it with nanvix-cc");
	return 0;
}

int elf_parse(const uint8_t *file, size_t size, uint64_t lo, uint64_t hi,
	      struct elf_image *img, char *err, size_t errlen)
{
	Elf64_Ehdr eh;

	memset(img, 0, sizeof(*img));
	if (size < SELFMAG || memcmp(file, ELFMAG, SELFMAG) != 0)
		return fail(err, errlen, "not an ELF file");
	if (size < sizeof(eh))
		return fail(err, errlen,
			    "truncated file: %zu bytes is "
			    "shorter than an ELF header",
			    size);
	memcpy(&eh, file, sizeof(eh));
	if (check_header(&eh, size, err, errlen))
		return -1;
	img->file = file;
	img->size = size;
	img->entry = eh.e_entry;
	img->low = UINT64_MAX;
	if (check_segments(&eh, img, lo, hi, err, errlen))
		return -1;
	if (!entry_is_executable(img))
		return fail(err, errlen,
			    "entry point %#lx is not in an "
			    "executable segment",
			    (unsigned long)img->entry);
	return 0;
}

int elf_load(const struct elf_image *img, const struct gmem *mem)
{
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->segment[i];
		uint8_t *dst = gmem_ptr(mem, s->vaddr, s->memsz);

		if (!dst)
			return -1;
		memcpy(dst, img->file + s->offset, s->filesz);
		/* Guest memory is fresh from mmap, so the rest is zero. */
	}
	return 0;
}
