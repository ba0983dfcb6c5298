/* bootlog.c - a kernel boot log cut into lines and boots, copies of it read once */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "bootlog_internal.h"
#include "memx/profile.h"
#include "memx/types.h"

/* A copy that is not a whole boot must repeat at least this many lines in a row. */
#define MX_BL_COPY_RUN 16
/* Notes about copies kept per log: a pathological log could make thousands. */
#define MX_BL_MAX_COPY_NOTES 20

void mx_bootlog_init(struct mx_bootlog *b)
{
	memset(b, 0, sizeof(*b));
	mx_diaglist_init(&b->diags);
}

void mx_bootlog_release(struct mx_bootlog *b)
{
	for (size_t i = 0; i < b->nrmem; i++) {
		free(b->rmem[i].name);
		free(b->rmem[i].compat);
		free(b->rmem[i].text);
	}
	for (size_t i = 0; i < b->nfreed; i++)
		free(b->freed[i].what);
	for (size_t i = 0; i < b->nmeminfo; i++) {
		free(b->meminfo[i].names);
		free(b->meminfo[i].kib);
	}
	free(b->version);
	free(b->cmdline);
	free(b->rmem);
	free(b->cma);
	free(b->zones);
	free(b->node_ranges);
	free(b->freed);
	free(b->swiotlb);
	free(b->crashkernel);
	free(b->ops);
	free(b->dump_memory);
	free(b->dump_reserved);
	free(b->dbg_memory);
	free(b->dbg_reserved);
	free(b->meminfo);
	mx_diaglist_release(&b->diags);
	mx_bootlog_init(b);
}

/* ---- lines ---------------------------------------------------------------- */

struct bliter {
	const char *p, *end;
	int no;
	enum mx_blblock blk;
};

static bool starts(const char *s, const char *e, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(e - s) >= n && !memcmp(s, lit, n);
}

/* "@@ORACLE-BEGIN name", "@@ORACLE-END", ...: false for any other line. */
static bool marker(const char *s, const char *e, enum mx_blblock *blk)
{
	static const struct { const char *name; enum mx_blblock blk; } names[] = {
		{ "dmesg", MX_BLK_DMESG },
		{ "meminfo", MX_BLK_MEMINFO },
		{ "memblock-memory", MX_BLK_MBMEM },
		{ "memblock-reserved", MX_BLK_MBRES },
	};

	if (!starts(s, e, "@@ORACLE-"))
		return false;
	*blk = MX_BLK_NONE;
	if (!starts(s, e, "@@ORACLE-BEGIN "))
		return true; /* END, DONE, START: outside any block */
	s += 15;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*blk = MX_BLK_OTHER;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(names[i].name);

		if ((size_t)(e - s) == n && !memcmp(s, names[i].name, n))
			*blk = names[i].blk;
	}
	return true;
}

/* Where a syslog line's "... kernel: " prefix ends, or NULL. */
static const char *syslog_prefix(const char *s, const char *e)
{
	static const char key[] = " kernel: ";
	const size_t n = sizeof(key) - 1;
	const char *lim = e - s > 160 ? s + 160 : e;

	for (const char *q = s; (size_t)(lim - q) >= n; q++)
		if (*q == ' ' && !memcmp(q, key, n))
			return q + n;
	return NULL;
}

/* "[    0.000000]" at @s: its value in microseconds and where it ends. */
static const char *timestamp(const char *s, const char *e, uint64_t *us)
{
	uint64_t sec = 0, frac = 0;
	unsigned nfrac = 0;
	const char *q = s + 1;

	while (q < e && *q == ' ')
		q++;
	if (q >= e || !bl_isdig(*q))
		return NULL;
	for (; q < e && bl_isdig(*q); q++)
		sec = sec > (UINT64_MAX - 9) / 10 ? UINT64_MAX : sec * 10 + (unsigned)(*q - '0');
	if (q < e && *q == '.')
		for (q++; q < e && bl_isdig(*q); q++)
			if (nfrac < 6) {
				frac = frac * 10 + (unsigned)(*q - '0');
				nfrac++;
			}
	if (q >= e || *q != ']')
		return NULL;
	for (; nfrac < 6; nfrac++)
		frac *= 10;
	*us = sec > (UINT64_MAX - frac) / 1000000 ? UINT64_MAX : sec * 1000000 + frac;
	return q + 1;
}

/* The kernel's text of a line: without "<6>", "[    0.000000] " and "[    T1] ". */
static void strip_prefix(struct mx_blline *l)
{
	const char *s = l->raw, *e = l->raw_end, *q;

	l->has_ts = false;
	l->ts = 0;
	/* a pasted log may be indented: blanks before a prefix go with it */
	for (q = s; q < e && (*q == ' ' || *q == '\t'); q++)
		;
	if (q < e && (*q == '<' || *q == '['))
		s = q;
	else if ((q = syslog_prefix(s, e)))
		s = q;
	if (s < e && *s == '<') {
		for (q = s + 1; q < e && bl_isdig(*q) && q - s < 5; q++)
			;
		if (q > s + 1 && q < e && *q == '>')
			s = q + 1;
	}
	if (s < e && *s == '[' && (q = timestamp(s, e, &l->ts))) {
		l->has_ts = true;
		s = q;
		/* CONFIG_PRINTK_CALLER: "[    T1]" or "[  C0]" */
		if (s < e && *s == '[') {
			for (q = s + 1; q < e && *q == ' '; q++)
				;
			if (q < e && (*q == 'T' || *q == 'C')) {
				const char *d = ++q;

				while (q < e && bl_isdig(*q))
					q++;
				if (q > d && q < e && *q == ']')
					s = q + 1;
			}
		}
		if (s < e && *s == ' ')
			s++;
	}
	l->body = s;
	l->body_end = e;
}

static bool next_line(struct bliter *it, struct mx_blline *l)
{
	const char *s = it->p, *e, *nl;
	enum mx_blblock blk;

	if (s >= it->end)
		return false;
	nl = memchr(s, '\n', (size_t)(it->end - s));
	e = nl ? nl : it->end;
	it->p = nl ? nl + 1 : it->end;
	if (it->no < INT_MAX)
		it->no++;
	while (e > s && e[-1] == '\r')
		e--;
	l->raw = s;
	l->raw_end = e;
	l->no = it->no;
	if (marker(s, e, &blk)) {
		it->blk = blk;
		l->marker = true;
		l->blk = blk;
		l->body = s;
		l->body_end = e;
		l->has_ts = false;
		l->ts = 0;
		return true;
	}
	l->marker = false;
	l->blk = it->blk;
	strip_prefix(l);
	return true;
}

/* ---- lines already read: copies of the log are read once ------------------- */

struct seen_line {
	uint64_t hash, ts;
	const char *body;
	size_t len;
};

/*
 * Every timestamped kernel line read, in order, and an open-addressing index
 * from (timestamp, text) to the LAST place it was read (slot = index + 1).
 */
struct seen {
	struct seen_line *v;
	size_t n, max;
	size_t *slot;
	size_t nslot; /* a power of two, at least twice n */
};

static uint64_t line_hash(const struct mx_blline *l)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ l->ts;

	for (const char *p = l->body; p < l->body_end; p++) {
		h ^= (unsigned char)*p;
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static bool same(const struct seen_line *a, uint64_t h, const struct mx_blline *l)
{
	size_t len = (size_t)(l->body_end - l->body);

	return a->hash == h && a->ts == l->ts && a->len == len && !memcmp(a->body, l->body, len);
}

static size_t *probe(const struct seen *S, uint64_t h, const struct mx_blline *l)
{
	size_t mask = S->nslot - 1, i = (size_t)h & mask;

	while (S->slot[i] && !same(&S->v[S->slot[i] - 1], h, l))
		i = (i + 1) & mask;
	return &S->slot[i];
}

/* Where (timestamp, text) of @l was read last, or false. */
static bool seen_find(const struct seen *S, const struct mx_blline *l, uint64_t h, size_t *at)
{
	size_t *p;

	if (!S->nslot)
		return false;
	p = probe(S, h, l);
	if (!*p)
		return false;
	*at = *p - 1;
	return true;
}

static int seen_rehash(struct seen *S)
{
	size_t n = S->nslot ? S->nslot * 2 : 1024;
	size_t *slot;

	if (n > SIZE_MAX / sizeof(*slot))
		return MX_ENOMEM;
	slot = calloc(n, sizeof(*slot));
	if (!slot)
		return MX_ENOMEM;
	free(S->slot);
	S->slot = slot;
	S->nslot = n;
	for (size_t i = 0; i < S->n; i++) {
		struct mx_blline l = { .body = S->v[i].body, .body_end = S->v[i].body + S->v[i].len,
				       .ts = S->v[i].ts };

		*probe(S, S->v[i].hash, &l) = i + 1;
	}
	return 0;
}

static int seen_add(struct seen *S, const struct mx_blline *l, uint64_t h)
{
	if (S->n == S->max) {
		size_t m = S->max ? S->max * 2 : 1024;
		struct seen_line *v;

		if (m > SIZE_MAX / sizeof(*v) || !(v = realloc(S->v, m * sizeof(*v))))
			return MX_ENOMEM;
		S->v = v;
		S->max = m;
	}
	S->v[S->n] = (struct seen_line){ h, l->ts, l->body, (size_t)(l->body_end - l->body) };
	S->n++;
	if (S->n * 2 > S->nslot) {
		if (seen_rehash(S))
			return MX_ENOMEM;
	} else {
		*probe(S, h, l) = S->n;
	}
	return 0;
}

/* ---- boots and copies ------------------------------------------------------ */

struct blstate {
	const char *file;
	struct mx_bootlog cur;        /* the boot being read */
	struct mx_bootlog best;       /* the last earlier boot that printed its Memory line */
	bool has_best;
	struct mx_blp P;
	int boots;
	struct seen seen;
	bool has_tmax;
	uint64_t tmax;                /* the latest timestamp read in this boot */
	const char *check_from;       /* no copy check before this line: one looked there already */
	/* a copy being read past: lines seen.v[k..n0) are still to be repeated */
	bool copying;
	size_t k, n0;
	int copy_first, copy_last;
	struct mx_diaglist notes;
	size_t ncopies;
};

static bool same_entry(const struct seen_line *a, const struct seen_line *b)
{
	return a->hash == b->hash && a->ts == b->ts && a->len == b->len &&
	       !memcmp(a->body, b->body, a->len);
}

/*
 * One timestamped line of a copy against the lines read before it, the next
 * of which is seen.v[*k] (*k > 0: a copy starts with a repeated line). True
 * when it repeats that line (*k advances past it); false when the copy is
 * over: all @n0 lines were repeated, or the line differs. A console prints
 * the lines of the boot console's hand-over twice and the copy once; a copy
 * may lack a line or two the console showed. A line the copy has and the
 * console did not (console loglevel) ends the copy: telling it from a second
 * boot that prints the same lines at the same times is guesswork, and a
 * line read twice is better than a line not read.
 */
static bool copy_step(const struct seen *S, size_t *k, size_t n0, const struct mx_blline *x, uint64_t h)
{
	/* a few doubled lines at most: a long run of them must not make each step long */
	for (int dup = 0; dup < 4 && *k < n0 && !same(&S->v[*k], h, x) &&
			  same_entry(&S->v[*k], &S->v[*k - 1]); dup++)
		(*k)++;
	for (size_t miss = 0; miss < 3 && *k + miss < n0; miss++)
		if (same(&S->v[*k + miss], h, x)) {
			*k += miss + 1;
			return true;
		}
	return false;
}

/*
 * Do the lines from @l on (l's time went backwards) repeat lines already
 * read? @j is where @l was read before. A copy of a whole boot (it holds a
 * "Linux version" line) must repeat every line read after @j (but for
 * copy_step's doubled or missing line), or run to the end of the input: a
 * second boot of the same kernel repeats the first one's lines too, until
 * its timestamps drift. Any other copy (a `dmesg`
 * whose ring buffer had wrapped) must repeat MX_BL_COPY_RUN lines. @stop
 * receives the line that ended the run.
 */
static bool is_copy(const struct blstate *S, const struct bliter *after, const struct mx_blline *l,
		    size_t j, const char **stop)
{
	struct bliter it = *after;
	struct mx_blline x;
	size_t k = j + 1, run = 1;
	bool version = mx_bl_is_version(l->body, l->body_end);

	*stop = after->end;
	while (next_line(&it, &x)) {
		if (x.marker || x.blk != MX_BLK_NONE || !x.has_ts)
			continue;
		if (!copy_step(&S->seen, &k, S->seen.n, &x, line_hash(&x))) {
			*stop = x.raw;
			if (k >= S->seen.n)
				return true;
			break;
		}
		version |= mx_bl_is_version(x.body, x.body_end);
		run++;
	}
	return *stop == after->end || (run >= MX_BL_COPY_RUN && !version);
}

static int copy_done(struct blstate *S)
{
	struct mx_srcpos pos = { S->file, S->copy_first, 1 };

	S->copying = false;
	if (S->ncopies++ >= MX_BL_MAX_COPY_NOTES)
		return 0;
	return mx_diag_add(&S->notes, MX_SEV_NOTE, NULL, &pos, -1,
			   "lines %d-%d repeat kernel lines already read (a copy of the log); "
			   "not read twice", S->copy_first, S->copy_last);
}

/* "Linux version": the boot read so far ends. */
static int new_boot(struct blstate *S, const struct mx_blline *l)
{
	if (S->copying && copy_done(S))
		return MX_ENOMEM;
	mx_bl_end(&S->P);
	if (S->cur.mem.present) {
		mx_bootlog_release(&S->best);
		S->best = S->cur;
		S->has_best = true;
	} else {
		mx_bootlog_release(&S->cur); /* neither complete nor the last */
	}
	mx_bootlog_init(&S->cur);
	S->cur.boot_line = l->no;
	if (S->boots < INT_MAX)
		S->boots++;
	mx_bl_begin(&S->P, &S->cur, S->file);
	S->has_tmax = l->has_ts;
	S->tmax = l->ts;
	return 0;
}

/* A timestamped line: *@skip when it repeats a line already read (it is not read again). */
static int copy_check(struct blstate *S, const struct bliter *it, const struct mx_blline *l, bool *skip)
{
	uint64_t h = line_hash(l);
	const char *stop;
	size_t j;

	*skip = false;
	if (S->copying) {
		if (copy_step(&S->seen, &S->k, S->n0, l, h)) {
			S->copy_last = l->no;
			*skip = true;
			return 0;
		}
		if (copy_done(S))
			return MX_ENOMEM;
	}
	/* time went backwards: a copy of lines already read, or a new boot */
	if (S->has_tmax && l->ts < S->tmax && l->raw >= S->check_from &&
	    seen_find(&S->seen, l, h, &j)) {
		if (is_copy(S, it, l, j, &stop)) {
			S->copying = true;
			S->k = j + 1;
			S->n0 = S->seen.n;
			S->copy_first = S->copy_last = l->no;
			*skip = true;
			return 0;
		}
		S->check_from = stop;
	}
	if (!S->has_tmax || l->ts > S->tmax) {
		S->tmax = l->ts;
		S->has_tmax = true;
	}
	return seen_add(&S->seen, l, h);
}

static int one_line(struct blstate *S, const struct bliter *it, const struct mx_blline *l)
{
	bool skip;
	int r;

	if (l->marker) {
		mx_bl_marker(&S->P, l);
		return 0;
	}
	switch (l->blk) {
	case MX_BLK_DMESG:
	case MX_BLK_OTHER:
		return 0;
	case MX_BLK_MEMINFO:
	case MX_BLK_MBMEM:
	case MX_BLK_MBRES:
		return mx_bl_block_line(&S->P, l);
	case MX_BLK_NONE:
		break;
	}
	if (l->has_ts) {
		if ((r = copy_check(S, it, l, &skip)))
			return r;
		if (skip) {
			mx_bl_break(&S->P);
			return 0;
		}
	}
	if (mx_bl_is_version(l->body, l->body_end) && (r = new_boot(S, l)))
		return r;
	return mx_bl_line(&S->P, l);
}

/* The record to hand over: the last boot that printed its Memory line, else the last. */
static int choose(struct blstate *S, struct mx_bootlog *b)
{
	struct mx_bootlog *pick = S->cur.mem.present || !S->has_best ? &S->cur : &S->best;
	struct mx_srcpos pos = { S->file, pick->boot_line, pick->boot_line ? 1 : 0 };
	int r = 0;

	*b = *pick;
	mx_bootlog_init(pick);
	b->boots = S->boots;
	if (S->boots > 1 || pick == &S->best) {
		if (!b->boot_line)
			r = mx_diag_add(&b->diags, MX_SEV_NOTE, NULL, &pos, -1,
					"log holds %d boots; using the lines before the first "
					"\"Linux version\" line, the last to print a Memory line", S->boots);
		else if (pick == &S->best)
			r = mx_diag_add(&b->diags, MX_SEV_NOTE, NULL, &pos, -1,
					"log holds %d boots; using the one starting at line %d, the last "
					"to print a Memory line", S->boots, b->boot_line);
		else
			r = mx_diag_add(&b->diags, MX_SEV_NOTE, NULL, &pos, -1,
					"log holds %d boots; using the one starting at line %d",
					S->boots, b->boot_line);
	}
	if (!r)
		r = mx_diaglist_append(&b->diags, &S->notes);
	return r ? MX_ENOMEM : 0;
}

int mx_bootlog_parse(struct mx_bootlog *b, const char *text, size_t len, const char *file)
{
	struct blstate S;
	struct bliter it;
	struct mx_blline l;
	int r = 0;

	mx_bootlog_release(b);
	if (!text) {
		text = "";
		len = 0;
	}
	memset(&S, 0, sizeof(S));
	S.file = file;
	mx_bootlog_init(&S.cur);
	mx_bootlog_init(&S.best);
	mx_diaglist_init(&S.notes);
	mx_bl_begin(&S.P, &S.cur, file);
	S.check_from = text;
	it = (struct bliter){ text, text + len, 0, MX_BLK_NONE };
	while (!r && next_line(&it, &l))
		r = one_line(&S, &it, &l);
	if (!r && S.copying)
		r = copy_done(&S) ? MX_ENOMEM : 0;
	if (!r) {
		mx_bl_end(&S.P);
		r = choose(&S, b);
	}
	if (r)
		mx_bootlog_release(b);
	mx_bootlog_release(&S.cur);
	mx_bootlog_release(&S.best);
	mx_diaglist_release(&S.notes);
	free(S.seen.v);
	free(S.seen.slot);
	return r;
}

int mx_bootlog_parse_file(struct mx_bootlog *b, const char *path)
{
	char *text;
	size_t len;
	int r = mx_file_read(path, &text, &len);

	if (r) {
		mx_bootlog_release(b);
		return r;
	}
	r = mx_bootlog_parse(b, text, len, path);
	free(text);
	return r;
}

bool mx_bootlog_meminfo_get(const struct mx_bootlog *b, const char *name, uint64_t *kib)
{
	const struct mx_bootlog_meminfo *m;

	if (!b->nmeminfo)
		return false;
	m = &b->meminfo[b->nmeminfo - 1];
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->names[i], name)) {
			*kib = m->kib[i];
			return true;
		}
	return false;
}

bool mx_bootlog_usable(const struct mx_bootlog *b)
{
	return b->mem.present || b->nmeminfo > 0;
}
