/*
 * Decoding of ring requests: every check on a copied request, with no
 * side effects, before the server acts on it. Pure code that also builds
 * for the host.
 */
#ifndef MACROKERNEL_REQUEST_H
#define MACROKERNEL_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "fdtable.h"
#include "nanvix/ring.h"

/* Check that [off, off + len) lies inside the ring's data area. */
bool request_data_ok(uint32_t off, uint32_t len);

/*
 * Check rq against the ring layout and the file descriptors in t. On
 * success returns 0 and stores the request's descriptor in *fdp (NULL
 * for NX_RQ_OPEN). Otherwise returns the error for the completion:
 * -NX_ENOSYS for an unknown call, -NX_EFAULT for a payload outside the
 * data area, -NX_EBADF for a descriptor that is not open or not open for
 * that access, -NX_EINVAL for a reply buffer too small.
 */
int request_decode(const struct nx_req *rq, struct fdtable *t, struct fd **fdp);

#endif
