#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nanvix/abi.h>

#include "image.h"

static int read_all(int fd, uint8_t *buf, size_t size)
{
	size_t done = 0;

	while (done < size) {
		ssize_t n = read(fd, buf + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

int image_read(const char *path, uint8_t **buf, size_t *size, size_t max,
	       char *err, size_t errlen)
{
	struct stat st;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s is not a regular file", path);
		goto fail;
	}
	if ((uint64_t)st.st_size > max) {
		snprintf(err, errlen, "%s is too large (bytes=%lld, max=%zu)",
			 path, (long long)st.st_size, max);
		goto fail;
	}
	*size = (size_t)st.st_size;
	*buf = malloc(*size ? *size : 1);
	if (!*buf) {
		snprintf(err, errlen, "out of memory reading %s", path);
		goto fail;
	}
	if (read_all(fd, *buf, *size)) {
		snprintf(err, errlen, "cannot read %s: %s", path,
			 errno ? strerror(errno) : "short read");
		free(*buf);
		goto fail;
	}
	close(fd);
	return 0;

fail:
	close(fd);
	return -1;
}

int image_map(const struct elf_image *img, struct paging *pg)
{
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->segment[i];
		uint64_t start = page_down(s->vaddr);
		uint64_t flags = PTE_U;

		if (s->flags & PF_W)
			flags |= PTE_W;
		if (!(s->flags & PF_X))
			flags |= PTE_NX;
		if (paging_map(pg, start, page_up(s->vaddr + s->memsz) - start,
			       flags))
			return -1;
	}
	return 0;
}
