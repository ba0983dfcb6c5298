/* bootlog.c - a kernel boot log cut into boots; the record of the one handed over, and its lifecycle */
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
	mxi_bl_ops_free(b->opstore);
	free(b->dump_memory);
	free(b->dump_reserved);
	free(b->dbg_memory);
	free(b->dbg_reserved);
	free(b->meminfo);
	mx_diaglist_release(&b->diags);
	mx_bootlog_init(b);
}

/*
 * "Linux version": the boot read so far ends. The new boot's lines begin
 * with the lines printed at the same time just before it ("Booting Linux on
 * physical CPU 0x0" comes first on arm64), where a copy of the boot starts:
 * that line goes to the index.
 */
static int new_boot(struct mx_blstate *S, const struct mx_blline *l)
{
	const char *start = l->raw, *prev = S->parts[S->nparts - 1].start;

	/* (part 0 may be left empty; a boot may not) */
	if (l->has_ts && S->same && (S->same > prev || (S->nparts == 1 && S->same == prev)))
		start = S->same;
	if (start != l->raw && !S->same_indexed) {
		struct mx_bliter t = { start, S->end, 0 };
		struct mx_blline y;

		mxi_bl_next_line(&t, &y);
		if (mxi_bl_index_add(&S->X, mxi_bl_line_hash(&y), start))
			return MX_ENOMEM;
		S->same_indexed = true;
	}
	if (mxi_grow((void **)&S->parts, &S->maxparts, S->nparts + 1, sizeof(*S->parts)))
		return MX_ENOMEM;
	S->parts[S->nparts++] = (struct mx_blpart){ start, l->no };
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

static int one_line(struct mx_blstate *S, const struct mx_bliter *it, const struct mx_blline *l)
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

				if ((r = mxi_bl_copy_check(S, it, l, &copy)))
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
		if ((r = mxi_bl_index_line(S, l)))
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
static int choose(struct mx_blstate *S, struct mx_bootlog *b, bool blank)
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
	return mxi_bl_parse(b, text, len, file, NULL);
}

int mxi_bl_parse(struct mx_bootlog *b, const char *text, size_t len, const char *file, struct mx_blpager *pg)
{
	struct mx_blstate S;
	struct mx_bliter it;
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
	S.pg = pg;
	S.X.text = text;
	mx_bootlog_init(&S.cur);
	mx_bootlog_init(&S.best);
	mx_diaglist_init(&S.notes);
	mxi_bl_begin(&S.P, &S.cur, file);
	S.check_from = text;
	S.looks = MX_BL_LOOKS_FIRST;
	if (mxi_grow((void **)&S.parts, &S.maxparts, 1, sizeof(*S.parts)))
		r = MX_ENOMEM;
	else
		S.parts[S.nparts++] = (struct mx_blpart){ text, 0 };
	it = (struct mx_bliter){ text, text + len, 0 };
	while (!r && mxi_bl_next_line(&it, &l)) {
		mxi_bl_touch_line(pg, &l);
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
