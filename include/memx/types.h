/* memx/types.h - basic types, error codes and size helpers shared by every module */
#ifndef MEMX_TYPES_H
#define MEMX_TYPES_H

#include "memx/api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MX_VERSION "0.1.0"

/*
 * Error codes. Every function that can fail returns 0 or one of these
 * (negative). User-facing problems are reported as struct mx_diag records;
 * the code only says which kind of failure happened.
 */
enum mx_error {
	MX_OK = 0,
	MX_ENOMEM = -1,   /* out of memory */
	MX_EINVAL = -2,   /* invalid argument (a caller bug) */
	MX_EPARSE = -3,   /* input could not be parsed; see the diagnostics */
	MX_EIO = -4,      /* reading or writing a file failed */
	MX_ERANGE = -5,   /* address arithmetic would overflow 64 bits */
	MX_ENOENT = -6,   /* no such file or item */
	MX_EEXIST = -7,   /* refusing to overwrite an existing file */
	MX_ENOSPACE = -8, /* an allocation did not fit (memblock said no) */
	MX_EISDIR = -9,   /* a file name names a directory */
	MX_ENOTREG = -10, /* not a regular file (a device, a socket; a FIFO as an output) */
	MX_ETOOBIG = -11, /* an input larger than the limit memx reads (MX_FILE_MAX...) */
	MX_EACCES = -12,  /* the file (or a directory on its path) may not be read or written */
};

/**
 * mx_strerror - one-line description of an error code
 * @err: 0 or a negative MX_E* code
 *
 * Returns: a static string; never NULL.
 */
MX_API const char *mx_strerror(int err);

/* A half-open physical range [base, base + size). */
struct mx_range {
	uint64_t base;
	uint64_t size;
};

static inline uint64_t mx_range_end(const struct mx_range *r)
{
	return r->base + r->size;
}

/* True when two arrays of ranges are the same, entry for entry. */
static inline bool mx_ranges_equal(const struct mx_range *a, size_t na, const struct mx_range *b,
				   size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i].base != b[i].base || a[i].size != b[i].size)
			return false;
	return true;
}

/* Power-of-two rounding; @a must be a non-zero power of two. */
static inline uint64_t mx_round_down(uint64_t x, uint64_t a)
{
	return x & ~(a - 1);
}
static inline uint64_t mx_round_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}
static inline bool mx_is_pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

/* Overflow-checked addition: returns false when a + b does not fit. */
static inline bool mx_add_ok(uint64_t a, uint64_t b, uint64_t *out)
{
	if (a > UINT64_MAX - b)
		return false;
	*out = a + b;
	return true;
}

/**
 * mx_size_parse - parse "16M", "0x1000000", "4096", "1784K", "2G", "16MiB"
 * @s: NUL-terminated text, surrounding blanks allowed
 * @out: the value in bytes
 *
 * Suffixes K, M, G, T (optionally followed by "iB" or "B") are binary
 * multiples. Returns: 0, MX_EPARSE for malformed text, MX_ERANGE when the
 * value does not fit in 64 bits.
 */
MX_API int mx_size_parse(const char *s, uint64_t *out);

/**
 * mx_size_human - format a byte count the way the kernel's log does ("16 MiB",
 * "213 KiB", "1784 KiB", "1.5 GiB" only when not exact)
 * @bytes: the value
 * @buf: destination
 * @len: size of @buf (32 is always enough)
 *
 * Returns: @buf.
 */
MX_API char *mx_size_human(uint64_t bytes, char *buf, size_t len);
/**
 * mx_size_exact - format a byte count in the largest binary unit that divides
 * it ("16 MiB", "1540 KiB", "4097 B"): exact, never rounded
 * @bytes: the count
 * @buf: where to write
 * @len: its size
 * Returns: @buf.
 */
MX_API char *mx_size_exact(uint64_t bytes, char *buf, size_t len);

#endif
