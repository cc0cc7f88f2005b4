#include <string.h>

#include "fdtable.h"
#include "nanvix/ring.h"

static void set_console(struct fd *f, uint8_t stream, uint8_t access)
{
	f->kind = FD_CONSOLE;
	f->access = access;
	f->stream = stream;
}

void fdtable_clear(struct fdtable *t)
{
	memset(t, 0, sizeof(*t));
}

void fdtable_init(struct fdtable *t)
{
	fdtable_clear(t);
	set_console(&t->fd[0], 0, FD_READ);
	set_console(&t->fd[1], 1, FD_WRITE);
	set_console(&t->fd[2], 2, FD_WRITE);
}

struct fd *fdtable_get(struct fdtable *t, int32_t fd)
{
	if (fd < 0 || fd >= FDTABLE_SIZE)
		return NULL;
	if (t->fd[fd].kind == FD_NONE)
		return NULL;
	return &t->fd[fd];
}

int fdtable_close(struct fdtable *t, int32_t fd)
{
	struct fd *f = fdtable_get(t, fd);

	if (f == NULL)
		return -NX_EBADF;
	memset(f, 0, sizeof(*f));
	return 0;
}
