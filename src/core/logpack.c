/* logpack.c - log lines kept as their format and arguments, written out when read */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "memx/buf.h"
#include "memx/types.h"

/*
 * At 100,000 regions the log's text was the largest part of a layout (90
 * bytes per region, 190 on 6.12, against an 80-byte item). Almost all of
 * it is the format (the same few dozen string literals) and addresses
 * written out in hex, so a line is kept as a record of a few bytes and
 * written out by the same formatter when it is read:
 *
 *   record   = varint(format number + 2) argument...
 *   varint   = below 0xf8: one byte; else 0xf7 + k, then k bytes (put_varint())
 *            | 1 text                       (a format the formatter leaves
 *                                            to vsnprintf(): its text)
 *
 * (a record never starts with a 0 byte: that is the store's "" for a
 * handle it does not hold)
 *   integer  = varint (zigzag for the signed kinds)
 *   string   = 0                            NULL
 *            | 1                            the line's own name (its item's)
 *            | 2 varint(n)                  interned string n
 *            | 2 + k varint(v), k = 1..16   "0x" and v in k hex digits (what
 *                                            mxi_ctx_pa() writes: "%pa")
 *
 * Formats are remembered by their address, so they must live until the
 * pack is cleared or freed (the engine's are string literals). Strings other than the line's name
 * and "0x..." are interned: "map", "reusable", a prefix repeat on every
 * line and take a few bytes each.
 */
#define MAX_ARGS 16

struct fmt_ent {
	const char *fmt;
	int nargs; /* -1: not one the formatter writes itself */
	unsigned char kind[MAX_ARGS];
};

struct mx_logpack {
	struct mx_textstore *rec;  /* the records */
	struct mx_textstore *strs; /* the interned strings */
	struct fmt_ent *fmt;       /* formats seen, numbered in order */
	size_t nfmt, maxfmt;
	uint32_t *fslot;           /* open addressing on the format's address: number + 1, 0 empty */
	size_t fcap;
	size_t *str;               /* handles of the interned strings in @strs */
	size_t nstr, maxstr;
	uint32_t *sslot;           /* open addressing on the string's hash: number + 1 */
	size_t scap;
	/*
	 * The last strings interned by their address: the engine passes the
	 * same few literals ("map", "reusable", ...) on every line. A hit is
	 * checked against the interned text, so an address that now holds
	 * other text only misses.
	 */
	struct { const char *p; uint32_t num; } recent[64];
	unsigned char *at;         /* where the record being built goes on: room reserved in @rec */
	struct mx_buf line;        /* the line last read */
	struct mx_buf eager;       /* the text of a format left to vsnprintf() */
};

struct mx_logpack *mxi_logpack_new(void)
{
	struct mx_logpack *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	mx_buf_init(&p->line);
	mx_buf_init(&p->eager);
	if (!(p->rec = mxi_textstore_new()) || !(p->strs = mxi_textstore_new())) {
		mxi_logpack_free(p);
		return NULL;
	}
	return p;
}

void mxi_logpack_free(struct mx_logpack *p)
{
	if (!p)
		return;
	mxi_textstore_free(p->rec);
	mxi_textstore_free(p->strs);
	free(p->fmt);
	free(p->fslot);
	free(p->str);
	free(p->sslot);
	mx_buf_release(&p->line);
	mx_buf_release(&p->eager);
	free(p);
}

void mxi_logpack_clear(struct mx_logpack *p)
{
	if (!p)
		return;
	mxi_textstore_clear(p->rec);
	mxi_textstore_clear(p->strs);
	p->nstr = p->nfmt = 0;
	if (p->sslot)
		memset(p->sslot, 0, p->scap * sizeof(*p->sslot));
	if (p->fslot)
		memset(p->fslot, 0, p->fcap * sizeof(*p->fslot));
}

static size_t ptr_hash(const char *s)
{
	uint64_t x = (uint64_t)(uintptr_t)s;

	return (size_t)((x * 0x9e3779b97f4a7c15ULL) >> 32);
}

static size_t str_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return (size_t)(h ^ (h >> 29));
}

/* Double the table @slot (numbers + 1 of entries, rehashed by @hash of entry n). */
static int rehash(uint32_t **slot, size_t *cap, size_t n, size_t (*hash)(const struct mx_logpack *, size_t),
		  const struct mx_logpack *p)
{
	size_t ncap = *cap ? 2 * *cap : 64;
	uint32_t *s = calloc(ncap, sizeof(*s));

	if (!s)
		return MX_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t h = hash(p, i) & (ncap - 1);

		while (s[h])
			h = (h + 1) & (ncap - 1);
		s[h] = (uint32_t)(i + 1);
	}
	free(*slot);
	*slot = s;
	*cap = ncap;
	return 0;
}

static size_t fmt_hash_of(const struct mx_logpack *p, size_t i)
{
	return ptr_hash(p->fmt[i].fmt);
}

static size_t str_hash_of(const struct mx_logpack *p, size_t i)
{
	const char *s = mxi_textstore_get(p->strs, p->str[i]);

	return str_hash(s, strlen(s));
}

/* The number of format @fmt (its kinds read once); -1 when out of memory. */
static long fmt_number(struct mx_logpack *p, const char *fmt)
{
	size_t h;
	struct fmt_ent *e;
	enum mxi_fmt_arg kinds[MAX_ARGS];

	if (p->fcap) {
		for (h = ptr_hash(fmt) & (p->fcap - 1); p->fslot[h]; h = (h + 1) & (p->fcap - 1))
			if (p->fmt[p->fslot[h] - 1].fmt == fmt)
				return (long)p->fslot[h] - 1;
	}
	if (p->nfmt >= UINT32_MAX - 1 || mxi_grow((void **)&p->fmt, &p->maxfmt, p->nfmt + 1, sizeof(*p->fmt)))
		return -1;
	if (2 * (p->nfmt + 1) > p->fcap && rehash(&p->fslot, &p->fcap, p->nfmt, fmt_hash_of, p))
		return -1;
	e = &p->fmt[p->nfmt];
	e->fmt = fmt;
	e->nargs = mxi_fmt_args(fmt, kinds, MAX_ARGS);
	for (int i = 0; i < e->nargs; i++)
		e->kind[i] = (unsigned char)kinds[i];
	for (h = ptr_hash(fmt) & (p->fcap - 1); p->fslot[h]; h = (h + 1) & (p->fcap - 1))
		;
	p->fslot[h] = (uint32_t)(++p->nfmt);
	return (long)p->nfmt - 1;
}

/* The number of interned string @s (added when new); -1 when out of memory. */
static long str_number(struct mx_logpack *p, const char *s)
{
	size_t len, hs, h, handle, r = ptr_hash(s) & 63;

	if (p->recent[r].p == s && p->recent[r].num < p->nstr &&
	    !strcmp(mxi_textstore_get(p->strs, p->str[p->recent[r].num]), s))
		return p->recent[r].num;
	p->recent[r].p = s;
	p->recent[r].num = UINT32_MAX;
	len = strlen(s);
	hs = str_hash(s, len);

	if (p->scap) {
		for (h = hs & (p->scap - 1); p->sslot[h]; h = (h + 1) & (p->scap - 1))
			if (!strcmp(mxi_textstore_get(p->strs, p->str[p->sslot[h] - 1]), s))
				return (long)(p->recent[r].num = p->sslot[h] - 1);
	}
	if (p->nstr >= UINT32_MAX - 1 || mxi_grow((void **)&p->str, &p->maxstr, p->nstr + 1, sizeof(*p->str)))
		return -1;
	if (2 * (p->nstr + 1) > p->scap && rehash(&p->sslot, &p->scap, p->nstr, str_hash_of, p))
		return -1;
	if (mxi_textstore_add(p->strs, s, len, &handle))
		return -1;
	p->str[p->nstr] = handle;
	for (h = hs & (p->scap - 1); p->sslot[h]; h = (h + 1) & (p->scap - 1))
		;
	p->sslot[h] = (uint32_t)(++p->nstr);
	p->recent[r].num = (uint32_t)(p->nstr - 1);
	return (long)p->nstr - 1;
}

/*
 * A number: below VARINT_ONE, one byte; else VARINT_ONE - 1 + k and its
 * k bytes (1..8), lowest first. An address takes one store of its bytes,
 * not a byte per 7 bits. At most 9 bytes, written into room made before.
 */
#define VARINT_ONE 0xf8

static void put_varint(struct mx_logpack *p, unsigned long long v)
{
	unsigned char *b = p->at;
	unsigned k;

	if (v < VARINT_ONE) {
		*b = (unsigned char)v;
		p->at++;
		return;
	}
	k = (unsigned)(71 - __builtin_clzll(v)) / 8;
	*b++ = (unsigned char)(VARINT_ONE - 1 + k);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(b, &v, sizeof(v)); /* the room holds all 8; the bytes past k are not kept */
#else
	for (unsigned i = 0; i < k; i++)
		b[i] = (unsigned char)(v >> 8 * i);
#endif
	p->at += 1 + k;
}

static void put_tag(struct mx_logpack *p, unsigned char tag)
{
	*p->at++ = tag;
}

/* The k of "0x" followed by k (1..16) lowercase hex digits and nothing else, else 0; its value in *@v. */
static int hex_digits(const char *s, unsigned long long *v)
{
	int k = 0;

	if (s[0] != '0' || s[1] != 'x')
		return 0;
	*v = 0;
	for (s += 2; *s; s++, k++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;

		if (d < 0 || k == 16)
			return 0;
		*v = *v << 4 | (unsigned)d;
	}
	return k;
}

/* A %s argument: at most 10 bytes, written into room made before. */
static int put_str(struct mx_logpack *p, const char *s, const char *self)
{
	unsigned long long v;
	int k;
	long n;

	if (!s) {
		put_tag(p, 0);
	} else if (s == self || (self && s[0] == self[0] && !strcmp(s, self))) {
		put_tag(p, 1);
	} else if ((k = hex_digits(s, &v))) {
		put_tag(p, (unsigned char)(2 + k));
		put_varint(p, v);
	} else {
		if ((n = str_number(p, s)) < 0)
			return MX_ENOMEM;
		put_tag(p, 2);
		put_varint(p, (unsigned long long)n);
	}
	return 0;
}

int mxi_logpack_vadd(struct mx_logpack *p, const char *self, size_t *handle, const char *fmt,
		     va_list ap)
{
	long f = fmt_number(p, fmt);
	const struct fmt_ent *e;
	unsigned char *start;
	int r = 0;

	if (f < 0)
		return MX_ENOMEM;
	e = &p->fmt[f];
	if (e->nargs < 0) {
		/* a conversion vsnprintf() writes: keep the text */
		mx_buf_clear(&p->eager);
		if (mx_buf_vaddf(&p->eager, fmt, ap) || p->eager.failed) {
			mx_buf_release(&p->eager);
			return MX_ENOMEM;
		}
		if (p->eager.len > SIZE_MAX - 2 || !(start = mxi_textstore_reserve(p->rec, 1 + p->eager.len)))
			return MX_ENOMEM;
		start[0] = 1;
		memcpy(start + 1, p->eager.buf, p->eager.len);
		mxi_textstore_commit(p->rec, 1 + p->eager.len, handle);
		return 0;
	}
	/*
	 * Written in place at the end of the store: the format's number, then
	 * each argument (9 bytes at most, 10 for a string: room to spare).
	 * Interning a string adds to @strs, never to @rec, so the room stays.
	 */
	if (!(start = mxi_textstore_reserve(p->rec, 10 + 11 * (size_t)e->nargs)))
		return MX_ENOMEM;
	p->at = start;
	put_varint(p, (unsigned long long)f + 2);
	/*
	 * Each argument read straight from @ap (used once, here: no copy). A
	 * copy's 16-byte load of the list the caller's va_start() had just
	 * written in pieces stalled every line.
	 */
	for (int i = 0; i < e->nargs && !r; i++) {
		enum mxi_fmt_arg kind = (enum mxi_fmt_arg)e->kind[i];
		union mxi_fmt_val v = { 0 };

		MXI_FMT_VA_ARG(ap, kind, &v);
		switch (kind) {
		case MXI_FA_STR:
			r = put_str(p, v.s, self);
			break;
		case MXI_FA_INT: case MXI_FA_LONG: case MXI_FA_LLONG: case MXI_FA_SSIZE:
			/* zigzag: small negative numbers stay short */
			put_varint(p, ((unsigned long long)v.i << 1) ^ (unsigned long long)(v.i >> 63));
			break;
		default:
			put_varint(p, v.u);
			break;
		}
	}
	if (r)
		return MX_ENOMEM; /* nothing committed: the store is as it was */
	/* the store ends every record with a NUL it does not need: one byte a line */
	mxi_textstore_commit(p->rec, (size_t)(p->at - start), handle);
	return 0;
}

/* Reading a record back: the formatter's source of arguments. */
struct rec_src {
	struct mxi_fmt_src src;
	const struct mx_logpack *p;
	const unsigned char *at;
	const char *self;
	char hex[20];
};

/* put_varint()'s number back. */
static unsigned long long get_varint(const unsigned char **at)
{
	unsigned long long v = 0;
	unsigned k = *(*at)++;

	if (k < VARINT_ONE)
		return k;
	k -= VARINT_ONE - 1;
	for (unsigned i = 0; i < k; i++)
		v |= (unsigned long long)(*at)[i] << 8 * i;
	*at += k;
	return v;
}

static int rec_next(struct mxi_fmt_src *src, enum mxi_fmt_arg kind, union mxi_fmt_val *v)
{
	struct rec_src *rs = (struct rec_src *)src;
	unsigned long long u;
	unsigned tag;

	switch (kind) {
	case MXI_FA_STR:
		tag = *rs->at++;
		if (tag == 0) {
			v->s = NULL;
		} else if (tag == 1) {
			v->s = rs->self ? rs->self : "";
		} else if (tag == 2) {
			u = get_varint(&rs->at);
			v->s = u < rs->p->nstr ? mxi_textstore_get(rs->p->strs, rs->p->str[u]) : "";
		} else {
			int k = (int)tag - 2;

			u = get_varint(&rs->at);
			rs->hex[0] = '0';
			rs->hex[1] = 'x';
			for (int i = k - 1; i >= 0; i--, u >>= 4)
				rs->hex[2 + i] = "0123456789abcdef"[u & 15];
			rs->hex[2 + k] = '\0';
			v->s = rs->hex;
		}
		return 0;
	case MXI_FA_INT: case MXI_FA_LONG: case MXI_FA_LLONG: case MXI_FA_SSIZE:
		u = get_varint(&rs->at);
		v->i = (long long)(u >> 1) ^ -(long long)(u & 1);
		return 0;
	default:
		v->u = get_varint(&rs->at);
		return 0;
	}
}

const char *mxi_logpack_get(struct mx_logpack *p, size_t handle, const char *self)
{
	const unsigned char *at;
	struct rec_src rs;
	unsigned long long f;

	if (!p)
		return "";
	at = (const unsigned char *)mxi_textstore_get(p->rec, handle);
	if (!*at)
		return ""; /* no such record */
	f = get_varint(&at);
	if (f == 1)
		return (const char *)at; /* text kept as it was written */
	if (f - 2 >= p->nfmt)
		return "";
	f -= 2;
	rs.src.next = rec_next;
	rs.p = p;
	rs.at = at;
	rs.self = self;
	mx_buf_clear(&p->line);
	if (mxi_buf_format(&p->line, p->fmt[f].fmt, &rs.src)) {
		mx_buf_release(&p->line); /* a failed buffer stays failed: start afresh next time */
		return "";
	}
	return p->line.buf;
}

size_t mxi_logpack_bytes(const struct mx_logpack *p)
{
	if (!p)
		return 0;
	return mxi_textstore_bytes(p->rec) + mxi_textstore_bytes(p->strs) +
		p->maxfmt * sizeof(*p->fmt) + p->fcap * sizeof(*p->fslot) +
		p->maxstr * sizeof(*p->str) + p->scap * sizeof(*p->sslot);
}
