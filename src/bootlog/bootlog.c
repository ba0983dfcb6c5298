/* bootlog.c - a kernel boot log cut into lines and boots; copies of a boot found by content and read once */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootlog_internal.h"
#include "core_internal.h"
#include "memx/profile.h"
#include "memx/types.h"

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
};

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

/* The next line of @it (ends at '\n' or @it->end), or false at the end. */
static bool next_line(struct bliter *it, struct mx_blline *l)
{
	const char *s = it->p, *e, *nl;

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
	strip_prefix(l);
	return true;
}

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

/* The same kernel line: timestamp and text. */
static bool same_line(const struct mx_blline *a, const struct mx_blline *b)
{
	size_t n = (size_t)(a->body_end - a->body);

	return a->ts == b->ts && n == (size_t)(b->body_end - b->body) && !memcmp(a->body, b->body, n);
}

/* Where the line that ends just before the line start @p begins (@p > @lo). */
static const char *line_before(const char *lo, const char *p)
{
	const char *q = p - 1; /* the '\n' that ends it */

	while (q > lo && q[-1] != '\n')
		q--;
	return q;
}

/* ---- boots, copies and the lines read -------------------------------------- */

/*
 * How copies are found without keeping a record of every line: the input
 * stays in the caller's buffer, so a boot's lines can be read again from
 * there. What is kept is where each boot begins, where each copy lies, and an
 * index of some of the lines read: every MX_BL_SAMPLE-th timestamped line and
 * the first line of every run (below), so that any MX_BL_SAMPLE lines in a row
 * of a boot hold one indexed line, and a copy of a whole boot starts at one.
 * That costs a few bytes per line instead of a few dozen.
 *
 * A run is what follows a timestamp lower than the latest of the run before:
 * a new boot, a copy (`dmesg` printed after the console log, a console
 * replaying its buffer) or a timestamp out of order. Only a run may be a copy.
 */
#define MX_BL_SAMPLE 16
/* A repetition that neither covers its boot's lines nor ends with the input or a new run must
 * repeat at least this many lines (a `dmesg` whose ring buffer had wrapped), without a
 * "Linux version" line. */
#define MX_BL_COPY_RUN 16
/* Earlier places compared line by line with a run, per run (the same boot rebooted prints its
 * first lines at the same times every time: each earlier boot is such a place). */
#define MX_BL_MAX_CAND 8
/* Notes about copies kept per log: a pathological log could make thousands. */
#define MX_BL_MAX_COPY_NOTES 20
/* Lines without a timestamp (and copies) walked past in a row when comparing (a shell's dumps
 * amid a boot's lines): past that, the boot's lines are taken to end there, so that no input
 * makes each comparison long. */
#define MX_BL_MAX_SKIP 1024

struct blpart {                /* the lines of one boot (part 0: those before the first) */
	const char *start;
	int line;                  /* its "Linux version" line (0 for part 0) */
};

struct blspan {                /* a copy: lines not read */
	const char *start, *end;
};

struct blent {                 /* an indexed line read */
	uint64_t hash;
	const char *raw;
	size_t prev;               /* 1 + the entry of the same hash read before it, 0 if none */
};

/* Open addressing from a line's hash to its latest entry (slot = 1 + entry). */
struct blindex {
	struct blent *v;
	size_t n, max;
	size_t *slot;
	size_t nslot;              /* 0 or a power of two, at least twice n */
};

static size_t *index_slot(const struct blindex *X, uint64_t h)
{
	size_t mask = X->nslot - 1, i = (size_t)h & mask;

	while (X->slot[i] && X->v[X->slot[i] - 1].hash != h)
		i = (i + 1) & mask;
	return &X->slot[i];
}

/* 1 + the latest indexed line of hash @h, 0 if none. */
static size_t index_head(const struct blindex *X, uint64_t h)
{
	return X->nslot ? *index_slot(X, h) : 0;
}

static int index_add(struct blindex *X, uint64_t h, const char *raw)
{
	size_t *p;

	if (mxi_grow((void **)&X->v, &X->max, X->n + 1, sizeof(*X->v)))
		return MX_ENOMEM;
	if ((X->n + 1) * 2 > X->nslot) {
		size_t n = X->nslot ? X->nslot * 2 : 256;
		size_t *slot;

		if (n > SIZE_MAX / sizeof(*slot) || !(slot = calloc(n, sizeof(*slot))))
			return MX_ENOMEM;
		free(X->slot);
		X->slot = slot;
		X->nslot = n;
		for (size_t i = 0; i < X->n; i++)
			*index_slot(X, X->v[i].hash) = i + 1; /* in order: the latest wins */
	}
	p = index_slot(X, h);
	X->v[X->n] = (struct blent){ h, raw, *p };
	*p = ++X->n;
	return 0;
}

struct blstate {
	const char *text, *end;       /* the input */
	const char *file;
	struct mx_bootlog cur;        /* the boot being read */
	struct mx_bootlog best;       /* the last earlier boot that printed its Memory line */
	bool has_best;
	struct mx_blp P;
	int boots;
	struct blpart *parts;         /* parts[0].start == text; in input order */
	size_t nparts, maxparts;
	struct blspan *spans;         /* in input order, never across a part's end */
	size_t nspans, maxspans;
	struct blindex X;
	size_t nread;                 /* timestamped lines read */
	size_t looks;                 /* earlier places that may still be looked at */
	bool has_tmax;
	uint64_t tmax;                /* the latest timestamp of the current run */
	bool run_first;               /* the next timestamped line read is a run's first */
	bool has_last;
	uint64_t last_ts;             /* the timestamp of the last line read */
	const char *same;             /* the first of the lines read since at that time */
	bool same_indexed;            /* it is in the index */
	const char *check_from;       /* no copy check before this line: one looked there already */
	const char *skip_to;          /* the end of the copy being read past */
	struct mx_diaglist notes;
	size_t ncopies;
};

/* The part that holds @p. */
static size_t part_of(const struct blstate *S, const char *p)
{
	size_t lo = 0, hi = S->nparts;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (S->parts[mid].start <= p)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The first copy that ends after @p (nspans if none). */
static size_t span_after(const struct blstate *S, const char *p)
{
	size_t lo = 0, hi = S->nspans;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (S->spans[mid].end <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The lines of a boot read again from the input: timestamped, outside copies, up to @end. */
struct oldcur {
	const struct blstate *S;
	struct bliter it;
	size_t span;                  /* the first copy that ends after it.p */
	struct mx_blline q[4];        /* looked at, not yet taken */
	uint64_t qh[4];
	size_t qs, qn;
	struct mx_blline prev;        /* the last one taken */
};

static void oc_init(struct oldcur *oc, const struct blstate *S, const char *j, const char *end)
{
	memset(oc, 0, sizeof(*oc));
	oc->S = S;
	oc->it = (struct bliter){ j, end, 0 };
	next_line(&oc->it, &oc->prev); /* line j itself: the one the copy's first line repeats */
	oc->span = span_after(S, oc->it.p);
}

/* The @i-th line ahead (i < 4), or NULL past the boot's end. */
static const struct mx_blline *oc_peek(struct oldcur *oc, size_t i, uint64_t *h)
{
	const struct blstate *S = oc->S;

	for (size_t skipped = 0; oc->qn <= i;) {
		struct mx_blline y;
		size_t k;

		if (++skipped > MX_BL_MAX_SKIP) {
			oc->it.p = oc->it.end;
			return NULL;
		}
		if (oc->span < S->nspans && oc->it.p >= S->spans[oc->span].start) {
			if (oc->it.p < S->spans[oc->span].end)
				oc->it.p = S->spans[oc->span].end < oc->it.end ? S->spans[oc->span].end : oc->it.end;
			oc->span++;
			continue;
		}
		if (!next_line(&oc->it, &y))
			return NULL;
		if (!y.has_ts)
			continue;
		skipped = 0;
		k = (oc->qs + oc->qn++) % 4;
		oc->q[k] = y;
		oc->qh[k] = line_hash(&y);
	}
	*h = oc->qh[(oc->qs + i) % 4];
	return &oc->q[(oc->qs + i) % 4];
}

static void oc_take(struct oldcur *oc, size_t n)
{
	for (; n; n--) {
		oc->prev = oc->q[oc->qs];
		oc->qs = (oc->qs + 1) % 4;
		oc->qn--;
	}
}

/*
 * Does @x (hash @hx) repeat the boot's next line? A console prints the lines
 * of the boot console's hand-over twice and a copy once; a copy may lack a
 * line or two the console showed. A line the copy has and the console did
 * not (console loglevel) ends the repetition: telling it from a second boot
 * that prints the same lines at the same times is guesswork, and a line read
 * twice is better than a line not read.
 */
static bool copy_step(struct oldcur *oc, const struct mx_blline *x, uint64_t hx)
{
	const struct mx_blline *o;
	uint64_t ho;

	/* a few doubled lines at most: a long run of them must not make each step long */
	for (int dup = 0; dup < 3; dup++) {
		if (!(o = oc_peek(oc, 0, &ho)) || (ho == hx && same_line(o, x)) || !same_line(o, &oc->prev))
			break;
		oc_take(oc, 1);
	}
	for (size_t miss = 0; miss < 3; miss++) {
		if (!(o = oc_peek(oc, miss, &ho)))
			break;
		if (ho == hx && same_line(o, x)) {
			oc_take(oc, miss + 1);
			return true;
		}
	}
	return false;
}

struct copyrun {
	const char *end;              /* after the last line repeated */
	int last;                     /* its line number */
	const char *stop;             /* the line that ended the repetition */
};

/* The start of the line after the one @l is. */
static const char *after_line(const struct blstate *S, const struct mx_blline *l)
{
	const char *nl = memchr(l->raw_end, '\n', (size_t)(S->end - l->raw_end));

	return nl ? nl + 1 : S->end;
}

/*
 * The lines without a timestamp right after a copy (a shell's dumps after a
 * whole log copied) belong to it when they are the lines that followed the
 * copied lines, byte for byte: they were read with the boot they describe.
 */
static void extend(const struct blstate *S, struct copyrun *run, const char *old, const char *old_end)
{
	struct bliter n = { run->end, S->end, run->last }, o = { old, old_end, 0 };
	struct mx_blline a, c;
	size_t k = span_after(S, old);

	if (k < S->nspans && S->spans[k].start < old_end)
		o.end = S->spans[k].start > old ? S->spans[k].start : old; /* not into a copy */
	while (next_line(&n, &a) && !a.has_ts && next_line(&o, &c) && !c.has_ts &&
	       a.raw_end - a.raw == c.raw_end - c.raw && !memcmp(a.raw, c.raw, (size_t)(a.raw_end - a.raw))) {
		run->end = n.p;
		run->last = a.no;
	}
}

/*
 * Do the lines from @l on repeat the lines read from @j on (@j repeats @l)?
 * They are a copy when the repetition ends because the boot @j is in has no
 * more lines, because the input ends, or because time goes back to before @l
 * (another run begins: the next copy, the next boot). When it ends at a line
 * that differs, the lines are a new boot that begins like an earlier one,
 * unless they are MX_BL_COPY_RUN lines without a "Linux version" line (a
 * `dmesg` whose ring buffer had wrapped).
 */
static bool is_copy(const struct blstate *S, const struct bliter *after, const struct mx_blline *l,
		    const char *j, struct copyrun *run)
{
	size_t p = part_of(S, j), n = 1;
	const char *end = p + 1 < S->nparts ? S->parts[p + 1].start : l->raw, *old;
	struct bliter it = *after;
	bool version = mxi_bl_is_version(l->body, l->body_end), copy = true;
	uint64_t last_ts = l->ts;
	struct oldcur oc;
	struct mx_blline x;
	uint64_t h;

	oc_init(&oc, S, j, end);
	old = oc.it.p;
	run->end = after->p;
	run->last = l->no;
	run->stop = after->end;
	for (size_t skipped = 0; next_line(&it, &x);) {
		if (!x.has_ts) {
			if (++skipped > MX_BL_MAX_SKIP)
				break; /* as if the input ended: every line so far was repeated */
			continue;
		}
		skipped = 0;
		if (copy_step(&oc, &x, line_hash(&x))) {
			n++;
			version |= mxi_bl_is_version(x.body, x.body_end);
			run->end = it.p;
			run->last = x.no;
			last_ts = x.ts;
			old = after_line(S, &oc.prev);
			continue;
		}
		run->stop = x.raw;
		if (oc_peek(&oc, 0, &h) && (x.ts >= last_ts || x.ts > l->ts))
			copy = n >= MX_BL_COPY_RUN && !version;
		break;
	}
	if (copy)
		extend(S, run, old, end);
	return copy;
}

/*
 * The place before @o (an indexed line the run repeats @d lines after @l)
 * where @l was read: @d lines before it, or a few more for the lines a copy
 * may lack. NULL if none. (Not the nearest one: a line printed many times
 * at the same time would match too early.)
 */
static const char *align(const struct blstate *S, const char *o, const struct mx_blline *l, size_t d)
{
	const char *lo = S->parts[part_of(S, o)].start, *p = o;
	size_t steps = 0, lines = 0;

	while (p > lo && steps < d + 4 && lines++ < d + 4 + MX_BL_MAX_SKIP) {
		struct bliter t;
		struct mx_blline y;
		size_t k;

		p = line_before(lo, p);
		k = span_after(S, p);
		if (k < S->nspans && S->spans[k].start <= p) {
			p = S->spans[k].start > lo ? S->spans[k].start : lo; /* not read */
			continue;
		}
		t = (struct bliter){ p, S->end, 0 };
		next_line(&t, &y);
		if (!y.has_ts)
			continue;
		if (++steps >= d && same_line(&y, l))
			return p;
	}
	return NULL;
}

/* Read past the copy @l..@run and note it. */
static int copy_found(struct blstate *S, const struct mx_blline *l, const char *j, const struct copyrun *run)
{
	const struct blpart *of = &S->parts[part_of(S, j)];
	struct mx_srcpos pos = { S->file, l->no, 1 };

	if (S->nspans && S->spans[S->nspans - 1].end == l->raw) {
		S->spans[S->nspans - 1].end = run->end; /* one after the other: one copy to walk past */
	} else {
		if (mxi_grow((void **)&S->spans, &S->maxspans, S->nspans + 1, sizeof(*S->spans)))
			return MX_ENOMEM;
		S->spans[S->nspans++] = (struct blspan){ l->raw, run->end };
	}
	S->skip_to = run->end;
	if (S->ncopies++ >= MX_BL_MAX_COPY_NOTES)
		return 0;
	if (of->line)
		return mx_diag_add(&S->notes, MX_SEV_NOTE, NULL, &pos, -1,
				   "lines %d-%d repeat kernel lines already read (a copy of the boot starting "
				   "at line %d); not read twice", l->no, run->last, of->line);
	return mx_diag_add(&S->notes, MX_SEV_NOTE, NULL, &pos, -1,
			   "lines %d-%d repeat kernel lines already read (a copy of the log); not read twice",
			   l->no, run->last);
}

/* A run's first lines looked at to find where it was read before. */
#define MX_BL_LOOK (MX_BL_SAMPLE + 4)
/*
 * Earlier places looked at: a line printed many times at the same time
 * (arm64's early page-table allocations) has hundreds. Each line read adds
 * MX_BL_LOOKS_PER_LINE to what may be spent, so that parse time stays linear
 * whatever the input.
 */
#define MX_BL_LOOKS_FIRST 8192
#define MX_BL_LOOKS_PER_LINE 32
#define MX_BL_LOOKS_MAX (1 << 20)

struct bllook {                /* a run's first lines */
	struct mx_blline v[MX_BL_LOOK];
	uint64_t h[MX_BL_LOOK];
	size_t nv;
	size_t tries;              /* places compared line by line */
};

/* The end of the part that holds @p, when the line being read is @now. */
static const char *part_end(const struct blstate *S, const char *p, const char *now)
{
	size_t k = part_of(S, p);

	return k + 1 < S->nparts ? S->parts[k + 1].start : now;
}

/*
 * Try the earlier places of the run's lines of hash @h, from the entry *@e
 * on while they are at @lo or after it, as the place the run's copy is at,
 * the latest first; *@e is left at the first place not tried. A place whose
 * next line is not the run's next line is passed over at once. *@copy when
 * one is a copy (then it has been read past).
 */
static int try_places(struct blstate *S, const struct bliter *after, struct bllook *L, uint64_t h, size_t *e,
		      const char *lo, bool *copy)
{
	const struct mx_blline *l = &L->v[0];

	for (; *e && S->X.v[*e - 1].raw >= lo && S->looks && L->tries < MX_BL_MAX_CAND;
	     *e = S->X.v[*e - 1].prev) {
		const char *o = S->X.v[*e - 1].raw, *j;
		const struct mx_blline *y;
		struct copyrun run;
		struct oldcur oc;
		uint64_t hy;

		S->looks--;
		oc_init(&oc, S, o, part_end(S, o, l->raw));
		y = oc_peek(&oc, 0, &hy);
		for (size_t d = 0; d < L->nv && L->tries < MX_BL_MAX_CAND; d++) {
			if (L->h[d] != h || !same_line(&oc.prev, &L->v[d]))
				continue;
			if (d + 1 < L->nv ? !y || hy != L->h[d + 1] || !same_line(y, &L->v[d + 1]) :
					    L->nv == MX_BL_LOOK)
				continue; /* (the last line looked at: its next line was not) */
			L->tries++;
			if (!(j = d ? align(S, o, l, d) : o))
				continue;
			if (is_copy(S, after, l, j, &run)) {
				*copy = true;
				return copy_found(S, l, j, &run);
			}
			if (run.stop > S->check_from)
				S->check_from = run.stop;
		}
	}
	return 0;
}

/* How many entries share @e's hash (up to MX_BL_MAX_CAND + 1). */
static size_t chain_len(const struct blindex *X, size_t e)
{
	size_t n = 0;

	for (; e && n <= MX_BL_MAX_CAND; e = X->v[e - 1].prev)
		n++;
	return n;
}

/*
 * @l begins a run: is it a copy of lines read? Its earlier places come from
 * the index, through its first MX_BL_LOOK lines that are indexed (a copy of
 * MX_BL_SAMPLE lines holds one), the rarest first: a line printed many
 * times at the same time says little about where a copy starts. *@copy is
 * set when the run is a copy (then it has been read past).
 */
static int copy_check(struct blstate *S, const struct bliter *after, const struct mx_blline *l, bool *copy)
{
	struct { size_t d, e, n; } pr[MX_BL_LOOK];
	struct bliter la = *after;
	struct bllook L;
	size_t np = 0;
	int r;

	*copy = false;
	L.v[0] = *l;
	L.nv = 1;
	L.tries = 0;
	for (size_t lines = 0; L.nv < MX_BL_LOOK && lines < MX_BL_LOOK + MX_BL_MAX_SKIP &&
			       next_line(&la, &L.v[L.nv]); lines++)
		if (L.v[L.nv].has_ts)
			L.nv++;
	for (size_t d = 0; d < L.nv; d++) {
		size_t e, n, k;

		L.h[d] = line_hash(&L.v[d]);
		for (k = 0; k < d && L.h[k] != L.h[d]; k++)
			;
		if (k < d || !(e = index_head(&S->X, L.h[d])))
			continue; /* one probe per line printed more than once */
		n = chain_len(&S->X, e);
		for (k = np++; k && pr[k - 1].n > n; k--)
			pr[k] = pr[k - 1];
		pr[k].d = d;
		pr[k].e = e;
		pr[k].n = n;
	}
	/* the boot being read first (its `dmesg`), then the earlier ones: many boots of one
	 * kernel print the same first lines, the same lines another boot has */
	for (int phase = 0; phase < 2; phase++) {
		const char *lo = phase ? S->text : S->parts[S->nparts - 1].start;

		L.tries = 0;
		for (size_t k = 0; k < np; k++)
			if ((r = try_places(S, after, &L, L.h[pr[k].d], &pr[k].e, lo, copy)) || *copy)
				return r;
	}
	return 0;
}

/*
 * A timestamped line read: it may begin a stretch of lines printed at one
 * time (a boot's first lines are one); every MX_BL_SAMPLE-th and every run's
 * first go to the index.
 */
static int index_line(struct blstate *S, const struct mx_blline *l)
{
	int r = 0;

	if (!S->has_last || l->ts != S->last_ts) {
		S->same = l->raw;
		S->same_indexed = false;
	}
	S->has_last = true;
	S->last_ts = l->ts;
	if (S->run_first || S->nread % MX_BL_SAMPLE == 0) {
		r = index_add(&S->X, line_hash(l), l->raw);
		S->same_indexed |= S->same == l->raw;
	}
	S->run_first = false;
	S->nread++;
	return r;
}

/*
 * "Linux version": the boot read so far ends. The new boot's lines begin
 * with the lines printed at the same time just before it ("Booting Linux on
 * physical CPU 0x0" comes first on arm64), where a copy of the boot starts:
 * that line goes to the index.
 */
static int new_boot(struct blstate *S, const struct mx_blline *l)
{
	const char *start = l->raw, *prev = S->parts[S->nparts - 1].start;

	/* (part 0 may be left empty; a boot may not) */
	if (l->has_ts && S->same && (S->same > prev || (S->nparts == 1 && S->same == prev)))
		start = S->same;
	if (start != l->raw && !S->same_indexed) {
		struct bliter t = { start, S->end, 0 };
		struct mx_blline y;

		next_line(&t, &y);
		if (index_add(&S->X, line_hash(&y), start))
			return MX_ENOMEM;
		S->same_indexed = true;
	}
	if (mxi_grow((void **)&S->parts, &S->maxparts, S->nparts + 1, sizeof(*S->parts)))
		return MX_ENOMEM;
	S->parts[S->nparts++] = (struct blpart){ start, l->no };
	mxi_bl_end(&S->P);
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
	mxi_bl_begin(&S->P, &S->cur, S->file);
	return 0;
}

static int one_line(struct blstate *S, const struct bliter *it, const struct mx_blline *l)
{
	int r;

	if (l->raw < S->skip_to)
		return 0; /* in a copy */
	if (S->looks < MX_BL_LOOKS_MAX)
		S->looks += MX_BL_LOOKS_PER_LINE;
	if (l->has_ts) {
		if (!S->has_tmax || l->ts < S->tmax) {
			/* time went back: a copy of lines read, or a new run */
			if (S->has_tmax && l->raw >= S->check_from) {
				bool copy;

				if ((r = copy_check(S, it, l, &copy)))
					return r;
				if (copy) {
					mxi_bl_break(&S->P);
					return 0;
				}
			}
			S->has_tmax = true;
			S->tmax = l->ts;
			S->run_first = true;
		} else if (l->ts > S->tmax) {
			S->tmax = l->ts;
		}
		if ((r = index_line(S, l)))
			return r;
	}
	if (mxi_bl_is_version(l->body, l->body_end) && (r = new_boot(S, l)))
		return r;
	return mxi_bl_line(&S->P, l);
}

/* Nothing of a boot log at all: no line the reader knows, readable or not. */
static bool nothing_read(const struct mx_bootlog *b)
{
	return !b->boots && !b->version && !b->cmdline && !b->mem.present && !b->nrmem && !b->ncma &&
	       !b->nzones && !b->nnode_ranges && !b->nfreed && !b->nswiotlb && !b->ncrashkernel &&
	       !b->nops && !b->has_dump && !b->has_dbg_memory && !b->has_dbg_reserved && !b->nmeminfo &&
	       !b->has_total_pages && !mx_diaglist_count(&b->diags, MX_SEV_WARNING);
}

/* The record to hand over: the last boot that printed its Memory line, else the last. */
static int choose(struct blstate *S, struct mx_bootlog *b, bool blank)
{
	struct mx_bootlog *pick = S->cur.mem.present || !S->has_best ? &S->cur : &S->best;
	struct mx_srcpos pos = { S->file, pick->boot_line, pick->boot_line ? 1 : 0 };
	int r = 0;

	*b = *pick;
	mx_bootlog_init(pick);
	b->boots = S->boots;
	if (nothing_read(b)) {
		/* file:1:1, as every error of an input names where it looked */
		pos.line = pos.col = 1;
		return mx_diag_add(&b->diags, MX_SEV_ERROR, NULL, &pos, -1, blank ?
				   "not a kernel boot log: the input is empty" :
				   "not a kernel boot log: no \"Linux version\" line, no \"Memory:\" line and "
				   "no /proc/meminfo block") ? MX_ENOMEM : 0;
	}
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
	bool blank = true;
	int r = 0;

	mx_bootlog_release(b);
	if (!text) {
		text = "";
		len = 0;
	}
	memset(&S, 0, sizeof(S));
	S.text = text;
	S.end = text + len;
	S.file = file;
	mx_bootlog_init(&S.cur);
	mx_bootlog_init(&S.best);
	mx_diaglist_init(&S.notes);
	mxi_bl_begin(&S.P, &S.cur, file);
	S.check_from = text;
	S.looks = MX_BL_LOOKS_FIRST;
	if (mxi_grow((void **)&S.parts, &S.maxparts, 1, sizeof(*S.parts)))
		r = MX_ENOMEM;
	else
		S.parts[S.nparts++] = (struct blpart){ text, 0 };
	it = (struct bliter){ text, text + len, 0 };
	while (!r && next_line(&it, &l)) {
		blank = blank && mxi_bl_trim_end(l.raw, l.raw_end) == l.raw;
		r = one_line(&S, &it, &l);
	}
	mxi_bl_end(&S.P);
	if (!r)
		r = choose(&S, b, blank);
	if (r)
		mx_bootlog_release(b);
	mx_bootlog_release(&S.cur);
	mx_bootlog_release(&S.best);
	mx_diaglist_release(&S.notes);
	free(S.parts);
	free(S.spans);
	free(S.X.v);
	free(S.X.slot);
	return r;
}

/*
 * The most a boot log may be: a serial capture of several boots with
 * memblock=debug runs to tens of megabytes. Read as any input is
 * (mx_file_read_max: a directory, a device or more than this is refused).
 */
#define LOG_MAX (256u << 20)

int mx_bootlog_parse_file(struct mx_bootlog *b, const char *path)
{
	char *text;
	size_t len;
	int r = mx_file_read_max(path, LOG_MAX, &text, &len);

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
