/*
 * Per-userVM file descriptor tables. Every descriptor names a console
 * stream until the macrokernel has a file system.
 */
#ifndef MACROKERNEL_FDTABLE_H
#define MACROKERNEL_FDTABLE_H

#include <stdint.h>

#define FDTABLE_SIZE 16

enum fd_kind {
	FD_NONE = 0,
	FD_CONSOLE = 1,
};

#define FD_READ 1u
#define FD_WRITE 2u

struct fd {
	uint8_t kind;	/* enum fd_kind */
	uint8_t access; /* FD_READ | FD_WRITE */
	uint8_t stream; /* FD_CONSOLE: the invocation's fd 0, 1 or 2 */
};

struct fdtable {
	struct fd fd[FDTABLE_SIZE];
};

/* Reset t to stdin (0), stdout (1) and stderr (2) on the console. */
void fdtable_init(struct fdtable *t);

/* Drop every descriptor of t. */
void fdtable_clear(struct fdtable *t);

/* Look fd up in t: NULL if fd is out of range or not open. */
struct fd *fdtable_get(struct fdtable *t, int32_t fd);

/* Close fd. Returns 0, or -NX_EBADF if fd is not open. */
int fdtable_close(struct fdtable *t, int32_t fd);

#endif
