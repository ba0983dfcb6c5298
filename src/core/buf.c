/* buf.c - growing string buffer */
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
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

/*
 * The conversions the engine's log lines and reports are made of, written
 * without vsnprintf() (which was a fifth of a recompute at 100,000
 * regions): flags '-' and '0', a width (digits or '*'), the lengths none,
 * l, ll and z, and d i u x X s c %. A format with anything else (a
 * precision, '#', '+', ' ', h, j, t, p, n, floating point, '0' on s or c)
 * goes to vsnprintf() whole (what the fast path wrote before it is undone); the two agree byte for byte on the rest
 * (tests/unit/test_util.c holds them to each other on random formats).
 */
struct spec {
	bool left, zero;
	bool star;       /* width from an int argument */
	int width;
	int len;         /* 0, 'l', 'L' (ll), 'z' */
	char conv;
	const char *next; /* after the conversion */
};

/* Parse the conversion after a '%' at @f; false when the fast path does not write it. */
static bool parse_spec(const char *f, struct spec *sp)
{
	memset(sp, 0, sizeof(*sp));
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else
			break;
	}
	if (*f == '*') {
		sp->star = true;
		f++;
	} else {
		while (*f >= '0' && *f <= '9') {
			if (sp->width > 100000)
				return false;
			sp->width = sp->width * 10 + (*f++ - '0');
		}
	}
	if (*f == 'l') {
		sp->len = 'l';
		if (*++f == 'l') {
			sp->len = 'L';
			f++;
		}
	} else if (*f == 'z') {
		sp->len = 'z';
		f++;
	}
	sp->conv = *f;
	sp->next = f + 1;
	switch (*f) {
	case 'd': case 'i': case 'u': case 'x': case 'X':
		return true;
	case 's': case 'c':
		return !sp->zero && !sp->len;
	case '%':
		return !sp->left && !sp->zero && !sp->star && !sp->width && !sp->len;
	default:
		return false;
	}
}

/* @n bytes of @s padded to @sp's width (with @zeros after a sign of @nsign bytes). */
static void put_padded(struct mx_buf *b, const struct spec *sp, int width, const char *s, size_t n,
		       size_t nsign)
{
	size_t pad = width > 0 && (size_t)width > n ? (size_t)width - n : 0;

	if (grow(b, n + pad))
		return;
	if (!sp->left && sp->zero && sp->conv != 's' && sp->conv != 'c') {
		memcpy(b->buf + b->len, s, nsign);
		memset(b->buf + b->len + nsign, '0', pad);
		memcpy(b->buf + b->len + nsign + pad, s + nsign, n - nsign);
	} else if (!sp->left) {
		memset(b->buf + b->len, ' ', pad);
		memcpy(b->buf + b->len + pad, s, n);
	} else {
		memcpy(b->buf + b->len, s, n);
		memset(b->buf + b->len + n, ' ', pad);
	}
	b->len += n + pad;
	b->buf[b->len] = '\0';
}

/* The type of the argument @sp's conversion takes. */
static enum mxi_fmt_arg arg_kind(const struct spec *sp)
{
	switch (sp->conv) {
	case 's':
		return MXI_FA_STR;
	case 'c':
		return MXI_FA_INT;
	case 'd': case 'i':
		return sp->len == 'L' ? MXI_FA_LLONG : sp->len == 'l' ? MXI_FA_LONG :
			sp->len == 'z' ? MXI_FA_SSIZE : MXI_FA_INT;
	default:
		return sp->len == 'L' ? MXI_FA_ULLONG : sp->len == 'l' ? MXI_FA_ULONG :
			sp->len == 'z' ? MXI_FA_SIZE : MXI_FA_UINT;
	}
}

int mxi_fmt_args(const char *fmt, enum mxi_fmt_arg *kinds, int max)
{
	struct spec sp;
	int n = 0;

	for (const char *pc; (pc = strchr(fmt, '%')); fmt = sp.next) {
		if (!parse_spec(pc + 1, &sp))
			return -1;
		if (sp.conv == '%')
			continue;
		if (n + (sp.star ? 2 : 1) > max)
			return -1;
		if (sp.star)
			kinds[n++] = MXI_FA_INT;
		kinds[n++] = arg_kind(&sp);
	}
	return n;
}

/* The arguments of mx_buf_vaddf(): its va_list. */
struct va_src {
	struct mxi_fmt_src src;
	va_list ap;
};

static int va_next(struct mxi_fmt_src *src, enum mxi_fmt_arg kind, union mxi_fmt_val *v)
{
	MXI_FMT_VA_ARG(((struct va_src *)src)->ap, kind, v);
	return 0;
}

/*
 * Write @fmt with the arguments @src hands out; false at the first
 * conversion the fast path does not write, or when @src fails (the caller
 * undoes).
 */
static bool fast_format(struct mx_buf *b, const char *fmt, struct mxi_fmt_src *src)
{
	const char *f = fmt;
	struct spec sp;

	for (const char *pc; (pc = strchr(f, '%')); f = sp.next) {
		char tmp[24], *e = tmp + sizeof(tmp), *q = e;
		union mxi_fmt_val v;
		unsigned long long u = 0;
		bool neg = false;
		int width = 0;

		if (!parse_spec(pc + 1, &sp))
			return false;
		if (pc > f)
			mx_buf_add(b, f, (size_t)(pc - f));
		if (sp.conv == '%') {
			mx_buf_add(b, "%", 1);
			continue;
		}
		if (sp.star) {
			if (src->next(src, MXI_FA_INT, &v))
				return false;
			width = (int)v.i;
		} else {
			width = sp.width;
		}
		if (width < 0) {
			sp.left = true; /* C11 7.21.6.1: a negative '*' width is '-' and its size */
			width = width == INT_MIN ? INT_MAX : -width;
		}
		if (src->next(src, arg_kind(&sp), &v))
			return false;
		switch (sp.conv) {
		case 'c':
			tmp[0] = (char)v.i;
			put_padded(b, &sp, width, tmp, 1, 0);
			continue;
		case 's': {
			const char *str = v.s ? v.s : "(null)"; /* glibc's, without a precision */

			put_padded(b, &sp, width, str, strlen(str), 0);
			continue;
		}
		case 'd': case 'i':
			neg = v.i < 0;
			u = neg ? 0ULL - (unsigned long long)v.i : (unsigned long long)v.i;
			break;
		default:
			u = v.u;
			break;
		}
		if (sp.conv == 'x' || sp.conv == 'X') {
			const char *digits = sp.conv == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";

			do
				*--q = digits[u & 15];
			while (u >>= 4);
		} else {
			do
				*--q = (char)('0' + u % 10);
			while (u /= 10);
		}
		if (neg)
			*--q = '-';
		put_padded(b, &sp, width, q, (size_t)(e - q), neg);
	}
	mx_buf_add(b, f, strlen(f));
	return true;
}

int mxi_buf_format(struct mx_buf *b, const char *fmt, struct mxi_fmt_src *src)
{
	size_t len0 = b->len;

	if (grow(b, 64))
		return MX_ENOMEM;
	if (fast_format(b, fmt, src) && !b->failed)
		return 0;
	b->len = len0;
	if (b->alloc)
		b->buf[len0] = '\0';
	return b->failed ? MX_ENOMEM : MX_EINVAL;
}

int mx_buf_vaddf(struct mx_buf *b, const char *fmt, va_list ap)
{
	size_t len0 = b->len;
	va_list cp;
	bool done;
	int n;

	if (grow(b, 64))
		return MX_ENOMEM;
	{
		struct va_src vs = { .src.next = va_next };

		va_copy(vs.ap, ap);
		done = fast_format(b, fmt, &vs.src);
		va_end(vs.ap);
	}
	if (done && !b->failed)
		return 0;
	b->len = len0; /* out of memory, or a conversion it does not write (vsnprintf() will) */
	if (b->alloc)
		b->buf[len0] = '\0';
	if (b->failed)
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

int mxi_grow_gently(void **p, size_t *max, size_t need, size_t sz)
{
	size_t n;
	void *q;

	if (need <= *max)
		return 0;
	n = *max + *max / 8;
	if (n < need)
		n = need;
	if (n < 16)
		n = 16;
	if (n > SIZE_MAX / sz)
		return MX_ENOMEM;
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
