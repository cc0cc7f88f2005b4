/* Reading executables from disk and mapping their segments for a guest. */
#ifndef HV_IMAGE_H
#define HV_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "elf_image.h"
#include "paging.h"

/*
 * Read the whole file at path into a malloc'd buffer. Returns 0, or -1
 * with a reason in err (missing, unreadable, larger than max bytes).
 */
int image_read(const char *path, uint8_t **buf, size_t *size, size_t max,
	       char *err, size_t errlen);

/*
 * Map each segment of img user-accessible, writable only if PF_W and
 * executable only if PF_X. Returns 0 or -1.
 */
int image_map(const struct elf_image *img, struct paging *pg);

#endif
