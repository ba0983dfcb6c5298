/* bootlog_ops.c - a record's memblock=debug operations, a few bytes each (a log may print millions) */
#include <stdlib.h>
#include <string.h>

#include "bootlog_internal.h"
#include "core_internal.h"
#include "memx/types.h"

/*
 * Why encoded: memblock=debug prints one line per operation, the shortest
 * the reader accepts ("memblock_x: 0 bytes") 19 bytes, and a boot may print
 * hundreds of thousands (a log of tens of megabytes). A plain array of
 * struct mx_bootlog_memop (over 70 bytes) would cost several times the log;
 * issue 15 asks for a record never bigger than its log. So each operation is
 * a byte string in blocks that never move:
 *
 *   header  bits 0-2 the op, bit 3 "alloc words follow", bits 4-5 how fn is
 *           given, bits 6-7 how caller is given (STR_*)
 *   fn      STR_INLINE: the bytes and a NUL; STR_REF: a varint distance back
 *           to an earlier copy; STR_SAME: the previous operation's
 *   caller  the same (STR_EMPTY: "")
 *   line    zigzag varint, the difference from the previous operation's
 *   base, size   varints
 *   align, from, max_addr, zigzag(nid)   varints, when bit 3
 *
 * Offsets are global (the bytes of all blocks in order, as if one array),
 * so a distance back does not depend on where blocks begin. Every
 * OPS_EVERY-th operation is a checkpoint (its offset and the line before
 * it) and uses no STR_SAME: any operation is decoded from the checkpoint
 * before it. Repeated strings (the callers of a boot are a few hundred) are
 * found by a small cache and given as a distance; a string the cache
 * forgot is written again, so the store stays exact and bounded.
 */
#define OPS_EVERY 16
#define OPS_BLOCK_FIRST 256
#define OPS_BLOCK_MAX 65536
#define OPS_CACHE_FIRST 64
#define OPS_CACHE_MAX 4096
/* the most one operation takes: header, fn and caller inline, seven varints of 10 bytes */
#define OPS_ENC_MAX (1 + MX_BL_FN_MAX + MX_BL_CALLER_MAX + 7 * 10)

enum { STR_SAME, STR_INLINE, STR_REF, STR_EMPTY };

struct opblk {
	unsigned char *p;
	size_t start, used, cap;   /* start: the global offset of p[0] */
};

struct opcp {
	size_t off;                /* the global offset of the checkpoint's operation */
	int line;                  /* the line of the operation before it (0 for the first) */
};

struct opslot {                /* a string written before: where, in both forms */
	const char *s;
	size_t off;
};

struct mx_bootlog_opstore {
	struct opblk *blk;
	size_t nblk, maxblk;
	struct opcp *cp;
	size_t ncp, maxcp;
	size_t end;                /* the global offset after the last operation */
	/* the writer's state: the last operation's line and strings */
	int line;
	const char *fn, *caller;
	struct opslot *cache;
	size_t ncache, nstored;
};

static size_t put_varint(unsigned char *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

static uint64_t zigzag(int64_t v)
{
	return v < 0 ? ((uint64_t)(-(v + 1)) << 1) | 1 : (uint64_t)v << 1;
}

static int64_t unzigzag(uint64_t v)
{
	return v & 1 ? -(int64_t)(v >> 1) - 1 : (int64_t)(v >> 1);
}

static uint64_t str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h ^ (h >> 29);
}

/* The cache slot for @s (a direct-mapped cache: a collision replaces). */
static struct opslot *cache_slot(struct mx_bootlog_opstore *st, const char *s)
{
	return st->ncache ? &st->cache[str_hash(s) & (st->ncache - 1)] : NULL;
}

/* Make the cache bigger while the strings are few compared to it (up to OPS_CACHE_MAX). */
static int cache_grow(struct mx_bootlog_opstore *st)
{
	size_t n = st->ncache ? st->ncache * 2 : OPS_CACHE_FIRST;
	struct opslot *old = st->cache, *c;
	size_t nold = st->ncache;

	if (st->ncache >= OPS_CACHE_MAX || (st->ncache && st->nstored * 2 < st->ncache))
		return 0;
	if (!(c = calloc(n, sizeof(*c))))
		return MX_ENOMEM;
	st->cache = c;
	st->ncache = n;
	for (size_t i = 0; i < nold; i++)
		if (old[i].s)
			*cache_slot(st, old[i].s) = old[i];
	free(old);
	return 0;
}

/*
 * How the writer gives @s in an operation at global offset @at: its mode;
 * for STR_REF the distance in *@dist and the copy in *@ref. @same: STR_SAME
 * may be used.
 */
static int str_mode(struct mx_bootlog_opstore *st, const char *s, const char *prev, bool same, size_t at,
		    size_t *dist, const char **ref)
{
	const struct opslot *sl;

	if (!*s)
		return STR_EMPTY;
	if (same && prev && !strcmp(prev, s))
		return STR_SAME;
	if ((sl = cache_slot(st, s)) && sl->s && !strcmp(sl->s, s)) {
		*dist = at - sl->off;
		*ref = sl->s;
		return STR_REF;
	}
	return STR_INLINE;
}

/* The block to write @n more bytes in (a new one when the last is full). */
static struct opblk *room(struct mx_bootlog_opstore *st, size_t n)
{
	struct opblk *b = st->nblk ? &st->blk[st->nblk - 1] : NULL;
	size_t cap;

	if (b && b->cap - b->used >= n)
		return b;
	cap = b ? (b->cap * 2 < OPS_BLOCK_MAX ? b->cap * 2 : OPS_BLOCK_MAX) : OPS_BLOCK_FIRST;
	if (mxi_grow((void **)&st->blk, &st->maxblk, st->nblk + 1, sizeof(*st->blk)))
		return NULL;
	b = &st->blk[st->nblk];
	if (!(b->p = malloc(cap)))
		return NULL;
	b->start = st->end;
	b->used = 0;
	b->cap = cap;
	st->nblk++;
	return b;
}

/* Write @s (mode @m) at @p; returns the bytes written. */
static size_t put_str(unsigned char *p, int m, const char *s, size_t dist)
{
	size_t n;

	if (m == STR_REF)
		return put_varint(p, dist);
	if (m != STR_INLINE)
		return 0;
	n = strlen(s) + 1;
	memcpy(p, s, n);
	return n;
}

int mxi_bl_ops_push(struct mx_bootlog_opstore **stp, size_t *nops, const struct mx_blop *e)
{
	struct mx_bootlog_opstore *st = *stp;
	unsigned char tmp[OPS_ENC_MAX];
	bool cp, extra = e->align || e->from || e->max_addr || e->nid != -1;
	size_t n = 1, dfn = 0, dcl = 0, at, fn_at, cl_at;
	const char *rfn = NULL, *rcl = NULL;
	int mfn, mcl;
	struct opblk *b;

	if (!st && !(st = *stp = calloc(1, sizeof(*st))))
		return MX_ENOMEM;
	if (cache_grow(st))
		return MX_ENOMEM;
	cp = *nops % OPS_EVERY == 0;
	at = st->end;
	mfn = str_mode(st, e->fn, st->fn, !cp, at, &dfn, &rfn);
	mcl = str_mode(st, e->caller, st->caller, !cp, at, &dcl, &rcl);
	tmp[0] = (unsigned char)((unsigned)e->op | (extra ? 8u : 0u) | (unsigned)mfn << 4 | (unsigned)mcl << 6);
	fn_at = n;
	n += put_str(tmp + n, mfn, e->fn, dfn);
	cl_at = n;
	n += put_str(tmp + n, mcl, e->caller, dcl);
	n += put_varint(tmp + n, zigzag((int64_t)e->line - st->line));
	n += put_varint(tmp + n, e->base);
	n += put_varint(tmp + n, e->size);
	if (extra) {
		n += put_varint(tmp + n, e->align);
		n += put_varint(tmp + n, e->from);
		n += put_varint(tmp + n, e->max_addr);
		n += put_varint(tmp + n, zigzag(e->nid));
	}
	if (cp && mxi_grow((void **)&st->cp, &st->maxcp, st->ncp + 1, sizeof(*st->cp)))
		return MX_ENOMEM;
	if (!(b = room(st, n)))
		return MX_ENOMEM;
	memcpy(b->p + b->used, tmp, n);
	if (cp)
		st->cp[st->ncp++] = (struct opcp){ at, st->line };
	/* what the next operations may refer to */
	if (mfn == STR_INLINE)
		*cache_slot(st, e->fn) = (struct opslot){ rfn = (char *)b->p + b->used + fn_at, at + fn_at };
	if (mcl == STR_INLINE)
		*cache_slot(st, e->caller) = (struct opslot){ rcl = (char *)b->p + b->used + cl_at, at + cl_at };
	if (mfn != STR_SAME)
		st->fn = rfn;
	if (mcl != STR_SAME)
		st->caller = mcl == STR_EMPTY ? "" : rcl;
	st->nstored += (mfn == STR_INLINE) + (mcl == STR_INLINE);
	st->line = e->line;
	b->used += n;
	st->end += n;
	(*nops)++;
	return 0;
}

void mxi_bl_ops_free(struct mx_bootlog_opstore *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->nblk; i++)
		free(st->blk[i].p);
	free(st->blk);
	free(st->cp);
	free(st->cache);
	free(st);
}

/* The block that holds global offset @off. */
static size_t block_of(const struct mx_bootlog_opstore *st, size_t off)
{
	size_t lo = 0, hi = st->nblk;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (st->blk[mid].start <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static const unsigned char *at_off(const struct mx_bootlog_opstore *st, size_t off)
{
	const struct opblk *b = &st->blk[block_of(st, off)];

	return b->p + (off - b->start);
}

static uint64_t get_varint(const unsigned char **p)
{
	uint64_t v = 0;

	for (unsigned sh = 0; sh < 64; sh += 7) {
		unsigned char c = *(*p)++;

		v |= (uint64_t)(c & 0x7f) << sh;
		if (!(c & 0x80))
			break;
	}
	return v;
}

/* Read the string given in mode @m at *@p (the operation begins at @at) into *@s. */
static void get_str(const struct mx_bootlog_opstore *st, int m, const unsigned char **p, size_t at,
		    const char **s)
{
	if (m == STR_EMPTY) {
		*s = "";
	} else if (m == STR_INLINE) {
		*s = (const char *)*p;
		*p += strlen(*s) + 1;
	} else if (m == STR_REF) {
		size_t d = (size_t)get_varint(p);

		*s = (const char *)at_off(st, at - d);
	}
}

bool mx_bootlog_op(const struct mx_bootlog *b, size_t i, struct mx_bootlog_memop *out)
{
	const struct mx_bootlog_opstore *st = b->opstore;
	const struct opcp *c;
	size_t bi, off;
	const char *fn = "", *caller = "";
	int line;

	if (i >= b->nops || !st)
		return false;
	c = &st->cp[i / OPS_EVERY];
	off = c->off;
	line = c->line;
	bi = block_of(st, off);
	for (size_t k = i / OPS_EVERY * OPS_EVERY;; k++) {
		const unsigned char *op, *p;
		unsigned h;

		if (off == st->blk[bi].start + st->blk[bi].used)
			bi++; /* the next block begins where this one's bytes end */
		op = p = st->blk[bi].p + (off - st->blk[bi].start);
		h = *p++;
		get_str(st, h >> 4 & 3, &p, off, &fn);
		get_str(st, h >> 6 & 3, &p, off, &caller);
		line = (int)((int64_t)line + unzigzag(get_varint(&p)));
		if (k == i) {
			memset(out, 0, sizeof(*out));
			out->op = (enum mx_bootlog_op)(h & 7);
			out->fn = fn;
			out->caller = caller;
			out->line = line;
			out->base = get_varint(&p);
			out->size = get_varint(&p);
			out->nid = -1;
			if (h & 8) {
				out->align = get_varint(&p);
				out->from = get_varint(&p);
				out->max_addr = get_varint(&p);
				out->nid = (int)unzigzag(get_varint(&p));
			}
			return true;
		}
		get_varint(&p);
		get_varint(&p);
		if (h & 8)
			for (int w = 0; w < 4; w++)
				get_varint(&p);
		off += (size_t)(p - op);
	}
}
