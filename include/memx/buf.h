/* memx/buf.h - a growing, always NUL-terminated string buffer (git's strbuf) */
#ifndef MEMX_BUF_H
#define MEMX_BUF_H

#include "memx/api.h"

#include <stdarg.h>
#include <stddef.h>

/*
 * Invariants: buf is never NULL after mx_buf_init (it points at a static ""
 * until the first append), buf[len] == '\0', len < alloc when alloc > 0.
 * The buffer owns buf; mx_buf_release frees it.
 */
struct mx_buf {
	char *buf;
	size_t len;
	size_t alloc;
	int failed; /* set once an append ran out of memory; later appends no-op */
};

/**
 * mx_buf_init - make @b an empty buffer (no allocation until the first append)
 */
MX_API void mx_buf_init(struct mx_buf *b);
/**
 * mx_buf_release - free what @b holds and leave it empty, ready for reuse
 */
MX_API void mx_buf_release(struct mx_buf *b);
/**
 * mx_buf_clear - empty the buffer but keep its memory for reuse.
 */
MX_API void mx_buf_clear(struct mx_buf *b);
/**
 * mx_buf_add - append @n bytes of @s (which may hold NUL bytes)
 * Returns: 0 or MX_ENOMEM (also recorded in b->failed).
 */
MX_API int mx_buf_add(struct mx_buf *b, const char *s, size_t n);
/**
 * mx_buf_adds - append the NUL-terminated @s. Returns 0 or MX_ENOMEM
 */
MX_API int mx_buf_adds(struct mx_buf *b, const char *s);
/**
 * mx_buf_addf - append printf-style text. Returns 0 or MX_ENOMEM
 */
MX_API int mx_buf_addf(struct mx_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/**
 * mx_buf_vaddf - mx_buf_addf() with a va_list. Returns 0 or MX_ENOMEM
 */
MX_API int mx_buf_vaddf(struct mx_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/**
 * mx_buf_add_json_str - append @s (NULL: "") as a JSON string literal, quotes
 * included: valid JSON for any bytes (a byte that is not UTF-8 becomes
 * \u00NN, its Latin-1 reading; controls, DEL, C1 and U+2028/9 are escaped).
 * Returns: 0 or MX_ENOMEM.
 */
MX_API int mx_buf_add_json_str(struct mx_buf *b, const char *s);
/**
 * mx_buf_detach - hand the string over to the caller (who frees it); @b is left empty.
 */
MX_API char *mx_buf_detach(struct mx_buf *b, size_t *len);

#endif
