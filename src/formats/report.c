/* report.c - the text report: timeline, zones, regions, /proc/meminfo, diagnostics */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "memx/report.h"

/*
 * Text from the input (names, the board's description, bootargs, log lines
 * that quote them) is printed escaped (mx_str_escape): a name cannot start
 * a line of its own or send a terminal escape. @tmp holds the result.
 */
static const char *esc(struct mx_buf *tmp, const char *s)
{
	mx_buf_clear(tmp);
	mx_str_escape(tmp, s);
	return tmp->buf && !tmp->failed ? tmp->buf : "";
}

/*
 * Runs of like items (same name and kind, one after the other) longer than
 * this are summarised: the first RUN_HEAD, one line for the rest, and the
 * last. The engine makes one item per page-table page or mem_section root
 * page, and a 4-line profile with a 16 EiB bank has millions of them (a
 * 244 MB report); a real board has runs of two or three.
 */
#define RUN_MAX 32
#define RUN_HEAD 3

int mx_report_assumed(unsigned a, struct mx_buf *b)
{
	static const struct { unsigned bit; const char *name; } t[] = {
		{ MX_ASSUMED_FLAVOUR, "kernel flavour" }, { MX_ASSUMED_PAGE_SIZE, "page size" },
		{ MX_ASSUMED_STRUCT_PAGE, "struct page size" }, { MX_ASSUMED_MODEL, "memory model" },
		{ MX_ASSUMED_MAX_ORDER, "MAX_ORDER" }, { MX_ASSUMED_PAGEBLOCK, "pageblock order" },
		{ MX_ASSUMED_SECTIONS, "section sizes" }, { MX_ASSUMED_VMSPLIT, "VMSPLIT" },
		{ MX_ASSUMED_VMALLOC, "vmalloc size" }, { MX_ASSUMED_KERNEL_BASE, "kernel base" },
		{ MX_ASSUMED_INIT_BASE, "init section base" }, { MX_ASSUMED_PGD, "swapper_pg_dir" },
		{ MX_ASSUMED_ARCH, "arch (guessed from the device tree)" },
		{ MX_ASSUMED_KERNEL_SIZE, "kernel image sizes" }, { MX_ASSUMED_FDT, "DTB address" }, { MX_ASSUMED_CMA_SIZE, "no default CMA size" },
	};
	bool first = true;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (a & t[i].bit) {
			mx_buf_addf(b, "%s%s", first ? "" : ", ", t[i].name);
			first = false;
		}
	return b->failed ? MX_ENOMEM : 0;
}

int mx_report_placement(const struct mx_layout *L, const struct mx_item *it, struct mx_buf *b)
{
	(void)L;
	if (it->flags & MX_IF_DISABLED)
		return mx_buf_adds(b, "disabled (not placed)");
	if (it->flags & MX_IF_FAILED)
		return mx_buf_addf(b, "FAILED: %" PRIu64 " bytes did not fit", it->want);
	if (it->flags & MX_IF_REFUSED)
		return mx_buf_adds(b, "refused by the kernel");
	return mx_item_how_placed(it, false, b);
}

static void header(const struct mx_layout *L, const struct mx_profile *p, struct mx_buf *b)
{
	const struct mx_params *P = &L->params;
	struct mx_buf t;

	mx_buf_init(&t);
	mx_buf_addf(b, "memx %s: %s", MX_VERSION, p->name ? esc(&t, p->name) : "unnamed board");
	mx_buf_addf(b, " (%s)\n", p->source ? esc(&t, p->source) : "?");
	if (p->description)
		mx_buf_addf(b, "%s\n", esc(&t, p->description));
	mx_buf_addf(b, "arch %s, kernel %s (rules of flavour %s), %s%s, %" PRIu64 "K pages, "
		    "struct page %u B, MAX_ORDER %u, pageblock order %u", mx_arch_name(P->arch),
		    p->kernel ? esc(&t, p->kernel) : "unspecified", P->flavour->name,
		    P->model == MX_MM_FLAT ? "FLATMEM" : "SPARSEMEM",
		    P->model == MX_MM_SPARSE ? (P->vmemmap ? " (VMEMMAP)" : "") : "",
		    P->page >> 10, P->struct_page, P->max_order, P->pageblock_order);
	if (P->arch == MX_ARCH_ARM)
		mx_buf_addf(b, ", VMSPLIT_%s, vmalloc %" PRIu64 " MiB", mx_vmsplit_name(P->vmsplit),
			    P->vmalloc_size >> 20);
	mx_buf_adds(b, "\n");
	if (p->bootargs)
		mx_buf_addf(b, "bootargs: %s\n", esc(&t, p->bootargs));
	if (P->assumed || p->dt_includes) {
		mx_buf_adds(b, "assumed (not in the profile): ");
		mx_report_assumed(P->assumed, b);
		/* a kernel tree's include directories, which memx added by itself */
		if (p->dt_includes)
			mx_buf_addf(b, "%sinclude directories of the kernel tree (%s)", P->assumed ? ", " : "",
				    esc(&t, p->dt_includes));
		mx_buf_adds(b, "\n");
	}
	mx_buf_release(&t);
}

/*
 * The timeline fits 100 columns: step, the four counters, MemTotal's change.
 * MX_REPORT_WIDE adds the kernel function of each step (up to 135 columns).
 */
static void timeline(const struct mx_layout *L, struct mx_buf *b, bool wide)
{
	uint64_t prev_total = 0;
	bool after_init = false;
	struct mx_buf t;

	mx_buf_init(&t);
	mx_buf_addf(b, "\nBoot timeline%*s %10s %10s %10s %10s\n", wide ? 51 : 16, "", "physpages",
		    "reserved", "MemTotal", "CmaTotal");
	for (size_t i = 0; i < L->nstages; i++) {
		const struct mx_stage *s = &L->stages[i];

		mx_buf_addf(b, "%3zu %-25s", i + 1, mx_step_name(s->step));
		if (wide)
			mx_buf_addf(b, " %-34s", mx_step_func(s->step));
		mx_buf_addf(b, " %9" PRIu64 "K %9" PRIu64 "K", mx_layout_kib(L, s->after.memory),
			    mx_layout_kib(L, s->after.reserved));
		if (s->step == MX_STEP_MEM_INIT)
			after_init = true;
		if (after_init)
			mx_buf_addf(b, " %9" PRIu64 "K", mx_layout_kib(L, s->after.totalram));
		else
			mx_buf_addf(b, " %10s", "-");
		mx_buf_addf(b, " %9" PRIu64 "K", mx_layout_kib(L, s->after.cma));
		if (after_init && s->step != MX_STEP_MEM_INIT && s->after.totalram != prev_total)
			mx_buf_addf(b, "  MemTotal %+" PRId64 "K",
				    (int64_t)mx_layout_kib(L, s->after.totalram) - (int64_t)mx_layout_kib(L, prev_total));
		prev_total = s->after.totalram;
		mx_buf_adds(b, "\n");
		for (size_t k = s->log_first; k < s->log_first + s->log_count; k++)
			mx_buf_addf(b, "      %s%s\n", L->log[k].kind == MX_LOG_MEMX ? "# " : "",
				    esc(&t, mx_layout_logline(L, k)));
	}
	mx_buf_release(&t);
}

static void zones(const struct mx_layout *L, struct mx_buf *b)
{
	const struct mx_summary *s = &L->sum;
	uint64_t page = L->params.page;

	mx_buf_adds(b, "\nZones\n");
	for (size_t z = 0; z < L->nzones; z++) {
		const struct mx_zone *zn = &L->zones[z];

		if (!zn->spanned) {
			mx_buf_addf(b, "  %-8s empty\n", zn->name);
			continue;
		}
		mx_buf_addf(b, "  %-8s [0x%09" PRIx64 "-0x%09" PRIx64 ")  spanned %" PRIu64 "  present %"
			    PRIu64 "  managed %" PRIu64, zn->name, zn->start_pfn * page,
			    zn->end_pfn * page, zn->spanned, zn->present, zn->managed);
		if (zn->memmap_pages)
			mx_buf_addf(b, "  memmap %" PRIu64 " pages", zn->memmap_pages);
		mx_buf_adds(b, "\n");
	}
	if (L->params.model == MX_MM_FLAT)
		mx_buf_addf(b, "memmap: FLATMEM node map of %" PRIu64 " bytes at 0x%" PRIx64, s->memmap_alloc,
			    s->memmap_base);
	else
		mx_buf_addf(b, "memmap: SPARSEMEM sections %" PRIu64 " bytes allocated, %" PRIu64
			    " bytes used; mem_section roots %" PRIu64 " bytes", s->memmap_alloc,
			    s->memmap_bytes, s->sparse_roots);
	if (s->memmap_unused_freed)
		mx_buf_addf(b, "; %" PRIu64 " bytes freed by free_unused_memmap", s->memmap_unused_freed);
	mx_buf_addf(b, "; %" PRIu64 " bytes in use at the end\n", s->memmap_bytes);
}

static bool alike(const struct mx_item *a, const struct mx_item *b)
{
	return a->kind == b->kind && (a->name == b->name || (a->name && b->name && !strcmp(a->name, b->name)));
}

static void region_row(const struct mx_layout *L, const struct mx_item *it, struct mx_buf *pl,
		       struct mx_buf *t, struct mx_buf *b)
{
	bool placed = it->flags & (MX_IF_PLACED | MX_IF_GIVEN_BACK | MX_IF_REFUSED | MX_IF_DISABLED);

	mx_buf_clear(pl);
	mx_report_placement(L, it, pl);
	if (it->flags & MX_IF_CMA)
		mx_buf_adds(pl, "; CMA");
	if (it->flags & MX_IF_FREED)
		mx_buf_adds(pl, "; freed later");
	if (placed && it->size)
		mx_buf_addf(b, "  %-28s %-13s 0x%016" PRIx64 " 0x%016" PRIx64 " %9" PRIu64 "K  %s\n",
			    esc(t, it->name), mx_item_kind_name(it->kind), it->base, it->base + it->size,
			    (it->size + 1023) >> 10, pl->buf);
	else
		mx_buf_addf(b, "  %-28s %-13s %-18s %-18s %9" PRIu64 "K  %s\n", esc(t, it->name),
			    mx_item_kind_name(it->kind), "-", "-", (it->want + 1023) >> 10, pl->buf);
}

static void regions(const struct mx_layout *L, struct mx_buf *b)
{
	struct mx_buf pl, t;

	mx_buf_init(&pl);
	mx_buf_init(&t);
	mx_buf_addf(b, "\nRegions\n  %-28s %-13s %-18s %-18s %10s  %s\n", "name", "kind", "base", "end",
		    "size", "placement");
	for (size_t i = 0; i < L->nitems;) {
		size_t run = 1;

		while (i + run < L->nitems && alike(&L->items[i], &L->items[i + run]))
			run++;
		if (run <= RUN_MAX) {
			for (size_t k = 0; k < run; k++)
				region_row(L, &L->items[i + k], &pl, &t, b);
		} else {
			uint64_t bytes = 0;

			for (size_t k = 0; k < RUN_HEAD; k++)
				region_row(L, &L->items[i + k], &pl, &t, b);
			for (size_t k = RUN_HEAD; k < run - 1; k++)
				bytes += L->items[i + k].size ? L->items[i + k].size : L->items[i + k].want;
			mx_buf_addf(b, "  ... %zu more '%s' (%s), %" PRIu64 "K in all, not listed\n",
				    run - RUN_HEAD - 1, esc(&t, L->items[i].name),
				    mx_item_kind_name(L->items[i].kind), (bytes + 1023) >> 10);
			region_row(L, &L->items[i + run - 1], &pl, &t, b);
		}
		i += run;
	}
	mx_buf_release(&t);
	mx_buf_release(&pl);
}

static void fixups(const struct mx_layout *L, struct mx_buf *b)
{
	struct mx_buf t;

	if (!L->nfixups)
		return;
	mx_buf_init(&t);
	mx_buf_adds(b, "\nno-map-fixup\n");
	for (size_t i = 0; i < L->nfixups; i++) {
		const struct mx_fixup *f = &L->fixups[i];

		mx_buf_addf(b, "  %s: kept %" PRIu64 "K at 0x%" PRIx64 " (removed); memmap freed %" PRIu64
			    "K at 0x%" PRIx64 "; tail freed %" PRIu64 "K at 0x%" PRIx64 "\n",
			    esc(&t, L->items[f->item].name), f->keep_size >> 10, f->keep_base,
			    f->memmap_size >> 10, f->memmap_base, f->tail_size >> 10, f->tail_base);
	}
	mx_buf_release(&t);
}

static void meminfo(const struct mx_layout *L, struct mx_buf *b)
{
	const struct mx_summary *s = &L->sum;

	mx_buf_adds(b, "\n/proc/meminfo\n");
	mx_buf_addf(b, "%-16s%8" PRIu64 " kB\n", "MemTotal:", mx_layout_kib(L, s->memtotal));
	if (s->has_highmem) {
		mx_buf_addf(b, "%-16s%8" PRIu64 " kB\n", "HighTotal:", mx_layout_kib(L, s->hightotal));
		mx_buf_addf(b, "%-16s%8" PRIu64 " kB\n", "LowTotal:", mx_layout_kib(L, s->lowtotal));
		mx_buf_addf(b, "%-16s%8" PRIu64 " kB\n", "VmallocTotal:", s->vmalloc_total >> 10);
	}
	mx_buf_addf(b, "%-16s%8" PRIu64 " kB\n", "CmaTotal:", mx_layout_kib(L, s->cmatotal));
}

static void diags(const struct mx_layout *L, struct mx_buf *b)
{
	if (!L->diags.cnt)
		return;
	mx_buf_adds(b, "\nDiagnostics\n");
	for (size_t i = 0; i < L->diags.cnt; i++) {
		mx_buf_adds(b, "  ");
		mx_diag_format(&L->diags.d[i], b);
		mx_buf_adds(b, "\n");
	}
}

int mx_report_text(const struct mx_layout *L, const struct mx_profile *p, struct mx_buf *b)
{
	return mx_report_text_flags(L, p, 0, b);
}

int mx_report_text_flags(const struct mx_layout *L, const struct mx_profile *p, unsigned flags, struct mx_buf *b)
{
	header(L, p, b);
	timeline(L, b, flags & MX_REPORT_WIDE);
	zones(L, b);
	regions(L, b);
	fixups(L, b);
	meminfo(L, b);
	diags(L, b);
	return b->failed ? MX_ENOMEM : 0;
}
