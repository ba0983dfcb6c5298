/* bootlog_copies.c - copies of a boot's lines in a log (a `dmesg` after the console's lines) found by content */
#include <stdlib.h>
#include <string.h>

#include "bootlog_internal.h"
#include "core_internal.h"
#include "memx/types.h"

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

static uint32_t *index_slot(const struct mx_blindex *X, uint64_t h)
{
	size_t mask = X->nslot - 1, i = (size_t)(uint32_t)h & mask;

	while (X->slot[i] && X->v[X->slot[i] - 1].hash != (uint32_t)h)
		i = (i + 1) & mask;
	return &X->slot[i];
}

/* 1 + the latest indexed line of hash @h, 0 if none. */
static size_t index_head(const struct mx_blindex *X, uint64_t h)
{
	return X->nslot ? *index_slot(X, h) : 0;
}

int mxi_bl_index_add(struct mx_blindex *X, uint64_t h, const char *raw)
{
	uint32_t *p;

	if (X->n >= UINT32_MAX - 1)
		return 0; /* four billion lines indexed: the rest are not (copies found less) */
	if (mxi_grow_gently((void **)&X->v, &X->max, X->n + 1, sizeof(*X->v)))
		return MX_ENOMEM;
	if ((X->n + 1) * 2 > X->nslot) {
		size_t n = X->nslot ? X->nslot * 2 : 256;
		uint32_t *slot;

		if (n > SIZE_MAX / sizeof(*slot) || !(slot = calloc(n, sizeof(*slot))))
			return MX_ENOMEM;
		free(X->slot);
		X->slot = slot;
		X->nslot = n;
		for (size_t i = 0; i < X->n; i++)
			*index_slot(X, X->v[i].hash) = (uint32_t)i + 1; /* in order: the latest wins */
	}
	p = index_slot(X, h);
	X->v[X->n] = (struct mx_blent){ (uint64_t)(raw - X->text), (uint32_t)h, *p };
	*p = (uint32_t)++X->n;
	return 0;
}


/* The part that holds @p. */
static size_t part_of(const struct mx_blstate *S, const char *p)
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
static size_t span_after(const struct mx_blstate *S, const char *p)
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
	const struct mx_blstate *S;
	struct mx_bliter it;
	size_t span;                  /* the first copy that ends after it.p */
	struct mx_blline q[4];        /* looked at, not yet taken */
	uint64_t qh[4];
	size_t qs, qn;
	struct mx_blline prev;        /* the last one taken */
};

static void oc_init(struct oldcur *oc, const struct mx_blstate *S, const char *j, const char *end)
{
	memset(oc, 0, sizeof(*oc));
	oc->S = S;
	oc->it = (struct mx_bliter){ j, end, 0 };
	mxi_bl_touch(S->pg, MX_BL_TOUCH_JUMP);
	mxi_bl_next_line(&oc->it, &oc->prev); /* line j itself: the one the copy's first line repeats */
	oc->span = span_after(S, oc->it.p);
}

/* The @i-th line ahead (i < 4), or NULL past the boot's end. */
static const struct mx_blline *oc_peek(struct oldcur *oc, size_t i, uint64_t *h)
{
	const struct mx_blstate *S = oc->S;

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
		if (!mxi_bl_next_line(&oc->it, &y))
			return NULL;
		mxi_bl_touch_line(S->pg, &y);
		if (!y.has_ts)
			continue;
		skipped = 0;
		k = (oc->qs + oc->qn++) % 4;
		oc->q[k] = y;
		oc->qh[k] = mxi_bl_line_hash(&y);
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
		if (!(o = oc_peek(oc, 0, &ho)) || (ho == hx && mxi_bl_same_line(o, x)) || !mxi_bl_same_line(o, &oc->prev))
			break;
		oc_take(oc, 1);
	}
	for (size_t miss = 0; miss < 3; miss++) {
		if (!(o = oc_peek(oc, miss, &ho)))
			break;
		if (ho == hx && mxi_bl_same_line(o, x)) {
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
static const char *after_line(const struct mx_blstate *S, const struct mx_blline *l)
{
	const char *nl = memchr(l->raw_end, '\n', (size_t)(S->end - l->raw_end));

	return nl ? nl + 1 : S->end;
}

/*
 * The lines without a timestamp right after a copy (a shell's dumps after a
 * whole log copied) belong to it when they are the lines that followed the
 * copied lines, byte for byte: they were read with the boot they describe.
 */
static void extend(const struct mx_blstate *S, struct copyrun *run, const char *old, const char *old_end)
{
	struct mx_bliter n = { run->end, S->end, run->last }, o = { old, old_end, 0 };
	struct mx_blline a, c;
	size_t k = span_after(S, old);

	if (k < S->nspans && S->spans[k].start < old_end)
		o.end = S->spans[k].start > old ? S->spans[k].start : old; /* not into a copy */
	while (mxi_bl_next_line(&n, &a) && !a.has_ts && mxi_bl_next_line(&o, &c) && !c.has_ts &&
	       a.raw_end - a.raw == c.raw_end - c.raw && !memcmp(a.raw, c.raw, (size_t)(a.raw_end - a.raw))) {
		mxi_bl_touch(S->pg, 2 * (size_t)(a.raw_end - a.raw + 1));
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
static bool is_copy(const struct mx_blstate *S, const struct mx_bliter *after, const struct mx_blline *l,
		    const char *j, struct copyrun *run)
{
	size_t p = part_of(S, j), n = 1;
	const char *end = p + 1 < S->nparts ? S->parts[p + 1].start : l->raw, *old;
	struct mx_bliter it = *after;
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
	for (size_t skipped = 0; mxi_bl_next_line(&it, &x);) {
		mxi_bl_touch_line(S->pg, &x);
		if (!x.has_ts) {
			if (++skipped > MX_BL_MAX_SKIP)
				break; /* as if the input ended: every line so far was repeated */
			continue;
		}
		skipped = 0;
		if (copy_step(&oc, &x, mxi_bl_line_hash(&x))) {
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
static const char *align(const struct mx_blstate *S, const char *o, const struct mx_blline *l, size_t d)
{
	const char *lo = S->parts[part_of(S, o)].start, *p = o;
	size_t steps = 0, lines = 0;

	mxi_bl_touch(S->pg, MX_BL_TOUCH_JUMP);
	while (p > lo && steps < d + 4 && lines++ < d + 4 + MX_BL_MAX_SKIP) {
		struct mx_bliter t;
		struct mx_blline y;
		size_t k;

		p = mxi_bl_line_before(lo, p);
		k = span_after(S, p);
		if (k < S->nspans && S->spans[k].start <= p) {
			p = S->spans[k].start > lo ? S->spans[k].start : lo; /* not read */
			continue;
		}
		t = (struct mx_bliter){ p, S->end, 0 };
		mxi_bl_next_line(&t, &y);
		mxi_bl_touch_line(S->pg, &y);
		if (!y.has_ts)
			continue;
		if (++steps >= d && mxi_bl_same_line(&y, l))
			return p;
	}
	return NULL;
}

/* Read past the copy @l..@run and note it. */
static int copy_found(struct mx_blstate *S, const struct mx_blline *l, const char *j, const struct copyrun *run)
{
	const struct mx_blpart *of = &S->parts[part_of(S, j)];
	struct mx_srcpos pos = { S->file, l->no, 1 };

	if (S->nspans && S->spans[S->nspans - 1].end == l->raw) {
		S->spans[S->nspans - 1].end = run->end; /* one after the other: one copy to walk past */
	} else {
		if (mxi_grow((void **)&S->spans, &S->maxspans, S->nspans + 1, sizeof(*S->spans)))
			return MX_ENOMEM;
		S->spans[S->nspans++] = (struct mx_blspan){ l->raw, run->end };
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


struct bllook {                /* a run's first lines */
	struct mx_blline v[MX_BL_LOOK];
	uint64_t h[MX_BL_LOOK];
	size_t nv;
	size_t tries;              /* places compared line by line */
};

/* The end of the part that holds @p, when the line being read is @now. */
static const char *part_end(const struct mx_blstate *S, const char *p, const char *now)
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
static int try_places(struct mx_blstate *S, const struct mx_bliter *after, struct bllook *L, uint64_t h,
		      size_t *e, const char *lo, bool *copy)
{
	const struct mx_blline *l = &L->v[0];

	for (; *e && S->text + S->X.v[*e - 1].off >= lo && S->looks && L->tries < MX_BL_MAX_CAND;
	     *e = S->X.v[*e - 1].prev) {
		const char *o = S->text + S->X.v[*e - 1].off, *j;
		const struct mx_blline *y;
		struct copyrun run;
		struct oldcur oc;
		uint64_t hy;

		S->looks--;
		oc_init(&oc, S, o, part_end(S, o, l->raw));
		y = oc_peek(&oc, 0, &hy);
		for (size_t d = 0; d < L->nv && L->tries < MX_BL_MAX_CAND; d++) {
			if (L->h[d] != h || !mxi_bl_same_line(&oc.prev, &L->v[d]))
				continue;
			if (d + 1 < L->nv ? !y || hy != L->h[d + 1] || !mxi_bl_same_line(y, &L->v[d + 1]) :
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
static size_t chain_len(const struct mx_blindex *X, size_t e)
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
int mxi_bl_copy_check(struct mx_blstate *S, const struct mx_bliter *after, const struct mx_blline *l,
		      bool *copy)
{
	struct { size_t d, e, n; } pr[MX_BL_LOOK];
	struct mx_bliter la = *after;
	struct bllook L;
	size_t np = 0;
	int r;

	*copy = false;
	L.v[0] = *l;
	L.nv = 1;
	L.tries = 0;
	for (size_t lines = 0; L.nv < MX_BL_LOOK && lines < MX_BL_LOOK + MX_BL_MAX_SKIP &&
			       mxi_bl_next_line(&la, &L.v[L.nv]); lines++) {
		mxi_bl_touch_line(S->pg, &L.v[L.nv]);
		if (L.v[L.nv].has_ts)
			L.nv++;
	}
	for (size_t d = 0; d < L.nv; d++) {
		size_t e, n, k;

		L.h[d] = mxi_bl_line_hash(&L.v[d]);
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
 * The index's memory: an entry (16 bytes) and its slots (4 bytes, two to
 * four per entry) cost up to 32 bytes. The sampled lines cost at most half
 * the input (a timestamped line is 4 bytes or more, one in MX_BL_SAMPLE is
 * indexed); the run's first lines are indexed while they cost under an
 * eighth of it, so that no log makes the index bigger than the log (issue
 * 15): only a log where time goes back more than once every 256 bytes, on
 * average, has runs whose first line is not indexed (a copy of such a run
 * is then found only when it holds a sampled line).
 */
#define MX_BL_ENTRY_COST 32
#define MX_BL_RUN_SHARE 8

/*
 * A timestamped line read: it may begin a stretch of lines printed at one
 * time (a boot's first lines are one); every MX_BL_SAMPLE-th and every run's
 * first (within MX_BL_RUN_SHARE) go to the index.
 */
int mxi_bl_index_line(struct mx_blstate *S, const struct mx_blline *l)
{
	bool run = S->run_first &&
		   S->nrunidx < (size_t)(S->end - S->text) / MX_BL_RUN_SHARE / MX_BL_ENTRY_COST;
	int r = 0;

	if (!S->has_last || l->ts != S->last_ts) {
		S->same = l->raw;
		S->same_indexed = false;
	}
	S->has_last = true;
	S->last_ts = l->ts;
	if (run || S->nread % MX_BL_SAMPLE == 0) {
		S->nrunidx += S->nread % MX_BL_SAMPLE != 0;
		r = mxi_bl_index_add(&S->X, mxi_bl_line_hash(l), l->raw);
		S->same_indexed |= S->same == l->raw;
	}
	S->run_first = false;
	S->nread++;
	return r;
}

