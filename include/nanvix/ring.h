/*
 * microkernel <-> macrokernel ABI: the shared ring through which a userVM
 * forwards its I/O calls to its tenant's systemVM. One struct nx_ring
 * fills the NX_RING_SIZE region that both VMs map (at NX_RING_GPA in the
 * userVM, at a slice of the arena in the systemVM).
 *
 * Indexes are free-running uint32_t counters. An entry is at
 * index & (NX_RING_ENTRIES - 1), and tail - head is the number of entries
 * in flight even after the counters wrap. The userVM produces submissions
 * and consumes completions; the systemVM does the opposite. Neither side
 * trusts a field the other side writes.
 *
 * Flow control: the userVM may have at most credit_requests requests and
 * credit_bytes payload bytes outstanding; a completion returns the credits
 * of its request. The systemVM serves requests in submission order, so
 * completions come back in that order too.
 */
#ifndef NANVIX_RING_H
#define NANVIX_RING_H

#include <stdint.h>

#include "abi.h"

#define NX_RING_MAGIC 0x4e585247u /* "NXRG" */
#define NX_RING_ENTRIES 64u

/* Calls forwarded over the ring. */
enum nx_ring_call {
	NX_RQ_READ = 1,	  /* fd; reply payload: the bytes read */
	NX_RQ_WRITE = 2,  /* fd; request payload: the bytes to write */
	NX_RQ_OPEN = 3,	  /* payload: NUL-terminated path; arg0: flags */
	NX_RQ_CLOSE = 4,  /* fd */
	NX_RQ_LSEEK = 5,  /* fd; arg0: offset, arg1: whence */
	NX_RQ_FSTAT = 6,  /* fd; reply payload: struct nx_stat */
	NX_RQ_ISATTY = 7, /* fd; result 1 or 0 */
	NX_RQ_MAX
};

/* Error numbers in results; Linux's values, so they read familiar. */
#define NX_EPERM 1
#define NX_ENOENT 2
#define NX_EIO 5
#define NX_EBADF 9
#define NX_EAGAIN 11
#define NX_ENOMEM 12
#define NX_EFAULT 14
#define NX_EINVAL 22
#define NX_EMFILE 24
#define NX_ENOTTY 25
#define NX_ENOSPC 28
#define NX_ESPIPE 29
#define NX_EPIPE 32
#define NX_ERANGE 34
#define NX_ENOSYS 38
#define NX_EPROTO 71

struct nx_req {
	uint64_t tag;  /* echoed in the completion */
	uint32_t call; /* enum nx_ring_call */
	int32_t fd;
	int64_t arg[2];
	uint32_t data_off; /* payload offset in the ring's data area */
	uint32_t data_len; /* payload bytes, or reply capacity */
	uint8_t reserved[24];
};

struct nx_cpl {
	uint64_t tag;
	int64_t result;	   /* >= 0 on success, else -NX_E* */
	uint32_t data_off; /* reply payload, inside the request's payload */
	uint32_t data_len;
	uint64_t reserved;
};

struct nx_stat {
	uint32_t mode; /* NX_S_IF* | permission bits */
	uint32_t nlink;
	uint64_t size;
	uint64_t ino;
	uint64_t blksize;
};

#define NX_S_IFCHR 0020000u
#define NX_S_IFREG 0100000u

/*
 * Cursors written by one side only sit in separate cache lines so the two
 * VMs, polling from different host cores, do not share a written line.
 */
struct nx_ring_hdr {
	uint32_t magic;
	uint32_t abi_version;
	uint32_t entries;
	uint32_t data_size;
	uint32_t credit_requests;
	uint32_t credit_bytes;
	uint8_t pad0[40];
	/* written by the userVM */
	uint32_t sq_tail;
	uint32_t cq_head;
	uint32_t user_waiting; /* set before sleeping on a completion */
	uint8_t pad1[52];
	/* written by the systemVM */
	uint32_t sq_head;
	uint32_t cq_tail;
	uint32_t sys_waiting; /* set before sleeping on a submission */
	uint8_t pad2[52];
};

#define NX_RING_HDR_SIZE 4096u
#define NX_RING_DATA_OFF                                                       \
	(NX_RING_HDR_SIZE +                                                    \
	 NX_RING_ENTRIES * (sizeof(struct nx_req) + sizeof(struct nx_cpl)))
#define NX_RING_DATA_SIZE ((uint32_t)(NX_RING_SIZE - NX_RING_DATA_OFF))

struct nx_ring {
	struct nx_ring_hdr hdr;
	uint8_t hdr_pad[NX_RING_HDR_SIZE - sizeof(struct nx_ring_hdr)];
	struct nx_req sq[NX_RING_ENTRIES];
	struct nx_cpl cq[NX_RING_ENTRIES];
	uint8_t data[NX_RING_DATA_SIZE];
};

/* Default credits the VMM grants a userVM. */
#define NX_CREDIT_REQUESTS 16u
#define NX_CREDIT_BYTES (128u * 1024)

_Static_assert(sizeof(struct nx_req) == 64, "nx_req size");
_Static_assert(sizeof(struct nx_cpl) == 32, "nx_cpl size");
_Static_assert(sizeof(struct nx_stat) == 32, "nx_stat size");
_Static_assert(sizeof(struct nx_ring_hdr) == 192, "ring header size");
_Static_assert(__builtin_offsetof(struct nx_ring_hdr, sq_tail) == 64,
	       "userVM cursors on their own cache line");
_Static_assert(__builtin_offsetof(struct nx_ring_hdr, sq_head) == 128,
	       "systemVM cursors on their own cache line");
_Static_assert(__builtin_offsetof(struct nx_ring, sq) == NX_RING_HDR_SIZE,
	       "submission queue offset");
_Static_assert(__builtin_offsetof(struct nx_ring, data) == NX_RING_DATA_OFF,
	       "data area offset");
_Static_assert(sizeof(struct nx_ring) == NX_RING_SIZE, "ring size");
_Static_assert((NX_RING_ENTRIES & (NX_RING_ENTRIES - 1)) == 0,
	       "entries is a power of two");
_Static_assert(NX_CREDIT_BYTES <= NX_RING_DATA_SIZE, "byte credits fit");
_Static_assert(NX_CREDIT_REQUESTS <= NX_RING_ENTRIES, "request credits fit");

#endif
