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

MX_API void mx_buf_init(struct mx_buf *b);
MX_API void mx_buf_release(struct mx_buf *b);
/* Empty the buffer but keep its memory for reuse. */
MX_API void mx_buf_clear(struct mx_buf *b);
/* Returns 0 or MX_ENOMEM (also recorded in b->failed). */
MX_API int mx_buf_add(struct mx_buf *b, const char *s, size_t n);
MX_API int mx_buf_adds(struct mx_buf *b, const char *s);
MX_API int mx_buf_addf(struct mx_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
MX_API int mx_buf_vaddf(struct mx_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Append @s as a JSON string literal, quotes included. */
MX_API int mx_buf_add_json_str(struct mx_buf *b, const char *s);
/* Hand the string over to the caller (who frees it); @b is left empty. */
MX_API char *mx_buf_detach(struct mx_buf *b, size_t *len);

#endif
