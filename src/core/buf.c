/* buf.c - growing string buffer */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/buf.h"
#include "memx/types.h"
#include "core_internal.h"

static char mx_buf_empty[1];

void mx_buf_init(struct mx_buf *b)
{
	b->buf = mx_buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->failed = 0;
}

void mx_buf_release(struct mx_buf *b)
{
	if (b->alloc)
		free(b->buf);
	mx_buf_init(b);
}

void mx_buf_clear(struct mx_buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->alloc)
		b->buf[0] = '\0';
}

static int grow(struct mx_buf *b, size_t extra)
{
	size_t need, n;
	char *p;

	if (b->failed)
		return MX_ENOMEM;
	if (extra > SIZE_MAX - b->len - 1)
		goto fail;
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return 0;
	n = b->alloc ? b->alloc : 64;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	p = realloc(b->alloc ? b->buf : NULL, n);
	if (!p)
		goto fail;
	if (!b->alloc)
		p[0] = '\0';
	b->buf = p;
	b->alloc = n;
	return 0;
fail:
	b->failed = 1;
	return MX_ENOMEM;
}

int mx_buf_add(struct mx_buf *b, const char *s, size_t n)
{
	if (grow(b, n))
		return MX_ENOMEM;
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return 0;
}

int mx_buf_adds(struct mx_buf *b, const char *s)
{
	return mx_buf_add(b, s, strlen(s));
}

int mx_buf_vaddf(struct mx_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (grow(b, 64))
		return MX_ENOMEM;
	va_copy(cp, ap);
	n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return MX_EINVAL;
	if ((size_t)n >= b->alloc - b->len) {
		if (grow(b, (size_t)n))
			return MX_ENOMEM;
		n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, ap);
		if (n < 0)
			return MX_EINVAL;
	}
	b->len += (size_t)n;
	return 0;
}

int mx_buf_addf(struct mx_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = mx_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

/*
 * JSON text is UTF-8 (RFC 8259 section 8.1): a byte that is not part of a
 * UTF-8 sequence cannot be written raw. It is written as \u00NN, its
 * Latin-1 reading, the same choice as the YAML writer's \xNN. DEL, the C1
 * controls and U+2028/U+2029 are legal raw but escaped too, so that the
 * document shows on a terminal and pastes into JavaScript as it is.
 */
int mx_buf_add_json_str(struct mx_buf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	int r = mx_buf_add(b, "\"", 1);

	while (*s && !r) {
		uint32_t cp = *s;
		size_t n = 1;

		if (cp >= 0x80 && !(n = mxi_utf8_seq(s, &cp))) {
			n = 1;
			cp = *s;
		} else if (cp > 0x9f && cp != 0x2028 && cp != 0x2029) {
			r = mx_buf_add(b, (const char *)s, n);
			s += n;
			continue;
		}
		switch (cp) {
		case '"': r = mx_buf_add(b, "\\\"", 2); break;
		case '\\': r = mx_buf_add(b, "\\\\", 2); break;
		case '\n': r = mx_buf_add(b, "\\n", 2); break;
		case '\r': r = mx_buf_add(b, "\\r", 2); break;
		case '\t': r = mx_buf_add(b, "\\t", 2); break;
		default:
			if (cp < 0x20 || cp >= 0x7f)
				r = mx_buf_addf(b, "\\u%04x", (unsigned)cp);
			else
				r = mx_buf_add(b, (const char *)s, 1);
		}
		s += n;
	}
	return r ? r : mx_buf_add(b, "\"", 1);
}

char *mx_buf_detach(struct mx_buf *b, size_t *len)
{
	char *s;

	if (!b->alloc) {
		s = malloc(1);
		if (s)
			s[0] = '\0';
	} else {
		s = b->buf;
	}
	if (len)
		*len = b->len;
	mx_buf_init(b);
	return s;
}

int mxi_grow(void **p, size_t *max, size_t need, size_t sz)
{
	size_t n;
	void *q;

	if (need <= *max)
		return 0;
	n = *max ? *max : 16;
	while (n < need) {
		if (n > SIZE_MAX / 2 / sz)
			return MX_ENOMEM;
		n *= 2;
	}
	q = realloc(*p, n * sz);
	if (!q)
		return MX_ENOMEM;
	*p = q;
	*max = n;
	return 0;
}

uint64_t mxi_pow2_ceil(uint64_t x)
{
	uint64_t p = 1;

	while (p < x && p < (1ULL << 63))
		p <<= 1;
	return p;
}
