/* test_differential.c - random profiles through the engine and the reference model (diffref*.c) */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

#include "memx/buf.h"

/* The reference model: diffref*.c, linked in as memx_diffref (tests/CMakeLists.txt). */
#include "diffgen.h"
#include "diffref.h"

/*
 * Every profile is made from its own generator state, derived from the seed
 * and its index, so one failing profile replays alone:
 *   MEMX_DIFF_SEED=<seed> MEMX_DIFF_FIRST=<index> MEMX_DIFF_COUNT=1 ./test_differential
 * and MEMX_DIFF_PROFILE=<file.yaml> checks one written profile instead. All
 * profiles run; the first few that differ are printed in full (YAML and every
 * figure), the next ones in a line each.
 *
 * About a third of the profiles use the 6.1 rules and a third the 6.12 rules
 * (arm and arm64, most with a kernel-side: section). Where the engine is known to disagree with the
 * kernel (diffref_internal.h lists each case), the reference says so and the
 * generator draws another profile for that index (attempt 1, 2, ...): the
 * summary counts those draws per issue. MEMX_DIFF_ISSUES=1 prints each such
 * draw with its replay; MEMX_DIFF_ATTEMPT=<n> replays draw n of the index
 * and compares it even when it hits a known issue (to see the disagreement).
 */
#define DEFAULT_SEED 1
#define DEFAULT_COUNT 2500
#define FULL_REPORTS 5
#define LINE_REPORTS 100
#define MAX_ATTEMPTS 64 /* draws per index before a known issue is let through uncompared */
#define MAX_ISSUES 24

/* ---- comparison ------------------------------------------------------------- */

struct diffs {
	struct mx_buf out;
	unsigned n;
};

__attribute__((format(printf, 4, 5)))
static void diff(struct diffs *d, uint64_t eng, uint64_t ref, const char *fmt, ...)
{
	va_list ap;
	char what[160];

	if (eng == ref)
		return;
	if (++d->n > 60)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	mx_buf_addf(&d->out, "  %s: engine %" PRIu64 " (%#" PRIx64 "), reference %" PRIu64
		    " (%#" PRIx64 ")\n", what, eng, eng, ref, ref);
}

static const char *state_name(int s)
{
	static const char *const n[] = { "placed", "failed", "refused", "disabled", "undone", "?" };

	return n[s >= 0 && s < 5 ? s : 5];
}

static int engine_state(unsigned f)
{
	if (f & MX_IF_DISABLED)
		return DREF_DISABLED;
	if (f & MX_IF_FAILED)
		return DREF_FAILED;
	if (f & MX_IF_REFUSED)
		return DREF_REFUSED;
	/* a range given back was placed first; compared through MX_IF_GIVEN_BACK */
	if (f & (MX_IF_PLACED | MX_IF_GIVEN_BACK))
		return DREF_PLACED;
	if (f & MX_IF_FREED)
		return DREF_UNDONE; /* taken, then given back by its model */
	return 5;
}

/* The engine item's key: what it stands for, shared with the reference. */
static void engine_key(const struct mx_item *it, enum dref_class *cls, int *idx)
{
	*idx = 0;
	if (it->region >= 0) {
		*cls = DREF_C_REGION;
		*idx = it->region;
		return;
	}
	if (it->early >= 0) {
		*cls = DREF_C_EARLY;
		*idx = it->early;
		return;
	}
	switch (it->kind) {
	case MX_ITEM_EARLY: *cls = DREF_C_KSIDE; break; /* a 6.1 cost model's item */
	case MX_ITEM_KERNEL: *cls = DREF_C_KERNEL; break;
	case MX_ITEM_INITRD: *cls = DREF_C_INITRD; break;
	case MX_ITEM_PGD: *cls = DREF_C_PGD; break;
	case MX_ITEM_FDT: *cls = DREF_C_FDT; break;
	case MX_ITEM_MEMRESERVE: *cls = DREF_C_MEMRESERVE; break;
	case MX_ITEM_CMA_DEFAULT: *cls = DREF_C_CMA_DEFAULT; break;
	default: *cls = DREF_C_MEMMAP; break;
	}
}

static void compare_items(struct diffs *d, const struct mx_layout *L, const struct dref_result *R)
{
	size_t n = L->nitems;
	enum dref_class *cls = calloc(n + 1, sizeof(*cls));
	int *idx = calloc(n + 1, sizeof(*idx)), *occ = calloc(n + 1, sizeof(*occ));
	bool *used = calloc(n + 1, sizeof(*used));

	assert_non_null(cls);
	assert_non_null(idx);
	assert_non_null(occ);
	assert_non_null(used);
	for (size_t i = 0; i < n; i++) {
		engine_key(&L->items[i], &cls[i], &idx[i]);
		for (size_t j = 0; j < i; j++)
			occ[i] += cls[j] == cls[i] && idx[j] == idx[i];
	}
	for (size_t k = 0; k < R->nitems; k++) {
		const struct dref_item *ri = &R->items[k];
		const struct mx_item *e = NULL;
		int es;

		for (size_t i = 0; i < n && !e; i++)
			if (!used[i] && cls[i] == ri->cls && idx[i] == ri->idx && occ[i] == ri->occ) {
				used[i] = true;
				e = &L->items[i];
			}
		if (!e) {
			d->n++;
			mx_buf_addf(&d->out, "  item '%s' (%s): missing in the engine\n", ri->name,
				    state_name((int)ri->state));
			continue;
		}
		es = engine_state(e->flags);
		if (es != (int)ri->state) {
			d->n++;
			mx_buf_addf(&d->out, "  item '%s': engine %s, reference %s\n", e->name,
				    state_name(es), state_name((int)ri->state));
			continue;
		}
		if (ri->cls == DREF_C_MEMMAP)
			diff(d, e->kind, ri->kind, "item '%s' (reference '%s') kind", e->name, ri->name);
		if (ri->cls == DREF_C_KSIDE && strcmp(e->name, ri->name)) {
			d->n++;
			mx_buf_addf(&d->out, "  cost-model item %d: engine '%s', reference '%s'\n",
				    ri->occ, e->name, ri->name);
			continue;
		}
		if (ri->state == DREF_PLACED || ri->state == DREF_REFUSED || ri->state == DREF_UNDONE) {
			diff(d, e->base, ri->base, "item '%s' base", e->name);
			diff(d, e->size, ri->size, "item '%s' size", e->name);
		} else if (ri->state == DREF_FAILED) {
			diff(d, e->want, ri->size, "item '%s' size asked for", e->name);
		}
		diff(d, !!(e->flags & MX_IF_CMA), ri->cma, "item '%s' CMA flag", e->name);
		diff(d, !!(e->flags & MX_IF_GIVEN_BACK), ri->given_back, "item '%s' given back",
		     e->name);
		diff(d, !!(e->flags & MX_IF_RMEM_LINE), ri->rmem_line, "item '%s' region line", e->name);
	}
	for (size_t i = 0; i < n; i++) {
		if (used[i])
			continue;
		d->n++;
		mx_buf_addf(&d->out, "  item '%s' (%s, base %#" PRIx64 ", size %#" PRIx64
			    "): not in the reference\n", L->items[i].name,
			    state_name(engine_state(L->items[i].flags)), L->items[i].base,
			    L->items[i].size);
	}
	free(cls);
	free(idx);
	free(occ);
	free(used);
}

static void compare(struct diffs *d, const struct mx_layout *L, const struct dref_result *R)
{
	const struct mx_summary *s = &L->sum;

	diff(d, s->physpages, R->physpages, "summary physpages");
	diff(d, s->available, R->available, "summary available");
	diff(d, s->reserved, R->reserved, "summary reserved");
	diff(d, s->cma_reserved, R->cma_reserved, "summary cma_reserved");
	diff(d, s->highmem_free, R->highmem_free, "summary highmem_free");
	diff(d, s->memtotal, R->memtotal, "summary memtotal");
	diff(d, s->lowtotal, R->lowtotal, "summary lowtotal");
	diff(d, s->hightotal, R->hightotal, "summary hightotal");
	diff(d, s->cmatotal, R->cmatotal, "summary cmatotal");
	if (R->has_lowmem_limit) {
		diff(d, s->lowmem_limit, R->lowmem_limit, "summary lowmem_limit");
		diff(d, s->vmalloc_total, R->vmalloc_total, "summary vmalloc_total");
	}
	diff(d, s->memmap_alloc, R->memmap_alloc, "summary memmap_alloc");
	diff(d, s->memmap_bytes, R->memmap_bytes, "summary memmap_bytes");
	diff(d, s->memmap_unused_freed, R->memmap_unused_freed, "summary memmap_unused_freed");
	diff(d, s->total_pages, R->total_pages, "summary total_pages");
	diff(d, s->available_bound, R->available_bound, "summary available_bound");

	{
		uint64_t full = 0;

		for (size_t i = 0; i < L->diags.cnt; i++)
			full += L->diags.d[i].check && !strcmp(L->diags.d[i].check, "memblock-full");
		diff(d, full, R->memblock_lost, "memblock-full diagnostics");
	}
	diff(d, L->nstages, R->nstages, "number of stages");
	for (size_t i = 0; i < L->nstages && i < R->nstages; i++) {
		const struct mx_counters *e = &L->stages[i].after, *r = &R->after[i];
		const char *nm = mx_step_name(R->steps[i]);

		diff(d, L->stages[i].step, R->steps[i], "stage %zu step", i);
		diff(d, e->memory, r->memory, "stage '%s' memory", nm);
		diff(d, e->reserved, r->reserved, "stage '%s' reserved", nm);
		diff(d, e->totalram, r->totalram, "stage '%s' totalram", nm);
		diff(d, e->cma, r->cma, "stage '%s' cma", nm);
		diff(d, e->highram, r->highram, "stage '%s' highram", nm);
	}

	diff(d, L->nzones, R->nzones, "number of zones");
	for (size_t z = 0; z < L->nzones && z < R->nzones; z++) {
		const struct mx_zone *e = &L->zones[z];
		const struct dref_zone *r = &R->zones[z];

		diff(d, e->spanned, r->spanned, "zone %s spanned", e->name);
		diff(d, e->present, r->present, "zone %s present", e->name);
		diff(d, e->memmap_pages, r->memmap_pages, "zone %s memmap pages", e->name);
		if (r->spanned) {
			diff(d, e->start_pfn, r->start_pfn, "zone %s start pfn", e->name);
			diff(d, e->end_pfn, r->end_pfn, "zone %s end pfn", e->name);
		}
	}
	compare_items(d, L, R);
}

/* ---- coverage ------------------------------------------------------------------ */

struct coverage {
	unsigned arch[4], v510, v61, kside, sparse, vmemmap, highmem, mem_limit, cma_cmdline,
		 nomap_refused;
	/* the 6.12 flavour and its mechanisms */
	unsigned v612, kside612, region_lines, page_ext, kmalloc_swiotlb, crash_low, static_late,
		 bottom_up;
	unsigned items_failed, regions_failed, cma_areas, given_back, default_cma, fixup,
		 freed_late, profiles, kside_items, swiotlb, crashkernel, logbuf;
	/* the mechanisms of doc/engine.md's newer sections */
	unsigned usable, nr_cpus, arm_mem, qemu, lpae_swiotlb, window_wrap, old_models,
		 mb_small, mb_doubled, mb_lost;
	/* profiles drawn again because of a known engine issue, per issue */
	char issue[MAX_ISSUES][48];
	unsigned issue_n[MAX_ISSUES], nissues, redrawn, let_through;
};

/* What the profiles exercised (the engine's resolved settings serve as labels only). */
static void cover(struct coverage *cv, const struct mx_profile *p, const struct mx_layout *L,
		  const struct dref_result *R)
{
	cv->profiles++;
	cv->arch[p->arch]++;
	cv->v510 += p->kernel && !strcmp(p->kernel, "5.10");
	cv->v61 += p->kernel && !strcmp(p->kernel, "6.1");
	cv->kside += p->kernel && !strcmp(p->kernel, "6.1") && p->kside.present;
	if (p->kernel && !strcmp(p->kernel, "6.12")) {
		cv->v612++;
		cv->kside612 += p->kside.present;
		for (size_t i = 0; i < L->nitems; i++) {
			const struct mx_item *it = &L->items[i];

			cv->region_lines += !!(it->flags & MX_IF_RMEM_LINE);
			cv->page_ext += it->region < 0 && it->name && !strcmp(it->name, "page_ext");
			cv->kmalloc_swiotlb += it->name && !strcmp(it->name, "swiotlb buffer") &&
					       (it->flags & MX_IF_PLACED) && p->arch == MX_ARCH_ARM64 &&
					       mx_rangeset_end(&L->memory) <= 4ULL << 30;
			cv->crash_low += it->name && !strcmp(it->name, "crashkernel low");
			cv->static_late += it->region >= 0 && it->step == MX_STEP_RMEM_STATIC &&
					   (it->flags & (MX_IF_GIVEN_BACK | MX_IF_CMA));
		}
		for (size_t i = 0; i < L->nlog; i++)
			cv->bottom_up += strstr(mx_layout_logline(L, i), "placed bottom-up") != NULL;
	}
	cv->sparse += L->params.model == MX_MM_SPARSE;
	cv->vmemmap += L->params.model == MX_MM_SPARSE && L->params.vmemmap;
	cv->highmem += R->hightotal > 0;
	cv->mem_limit += p->bootargs && strstr(p->bootargs, "mem=") != NULL;
	cv->cma_cmdline += p->bootargs && strstr(p->bootargs, "cma=") != NULL;
	for (size_t i = 0; i < R->nitems; i++) {
		const struct dref_item *it = &R->items[i];

		cv->items_failed += it->state == DREF_FAILED;
		cv->regions_failed += it->state == DREF_FAILED && it->cls == DREF_C_REGION;
		cv->nomap_refused += it->state == DREF_REFUSED && it->cls == DREF_C_REGION;
		cv->cma_areas += it->cma;
		cv->given_back += it->given_back;
		cv->default_cma += it->cls == DREF_C_CMA_DEFAULT && it->state == DREF_PLACED;
		cv->kside_items += it->cls == DREF_C_KSIDE;
		cv->swiotlb += it->cls == DREF_C_KSIDE && !strcmp(it->name, "swiotlb buffer") &&
			       it->state == DREF_PLACED;
		cv->crashkernel += it->cls == DREF_C_KSIDE && !strcmp(it->name, "crashkernel") &&
				   it->state == DREF_PLACED;
		cv->logbuf += it->cls == DREF_C_KSIDE && !strcmp(it->name, "log buffer");
		cv->mb_doubled += it->cls == DREF_C_KSIDE && !strncmp(it->name, "memblock.", 9);
		cv->mb_lost += it->cls == DREF_C_REGION && it->state == DREF_REFUSED &&
			       (p->kside.memblock_reserved || p->kside.memblock_memory);
		cv->lpae_swiotlb += p->arch == MX_ARCH_ARM && it->cls == DREF_C_KSIDE &&
				    !strcmp(it->name, "swiotlb buffer");
	}
	cv->usable += p->nusable > 0;
	cv->nr_cpus += p->bootargs && strstr(p->bootargs, "nr_cpus=") != NULL;
	cv->arm_mem += p->arch == MX_ARCH_ARM && p->bootargs && strstr(p->bootargs, "mem=") != NULL;
	cv->qemu += p->boot.type == MX_LOADER_QEMU;
	cv->old_models += p->kside.present && p->kernel && strcmp(p->kernel, "6.1");
	cv->mb_small += p->kside.memblock_reserved || p->kside.memblock_memory;
	for (size_t i = 0; i < p->nregions; i++)
		for (size_t w = 0; w < p->regions[i].nalloc_ranges; w++) {
			const struct mx_range *a = &p->regions[i].alloc_ranges[w];

			cv->window_wrap += a->base + a->size < a->base ||
					   (p->arch == MX_ARCH_ARM && !p->kside.lpae &&
					    a->base + a->size >= (1ULL << 32));
		}
	for (size_t i = 0; i < p->nregions; i++) {
		cv->fixup += !!(p->regions[i].flags & MX_REGION_NOMAP_FIXUP);
		cv->freed_late += !!(p->regions[i].flags & MX_REGION_FREED_LATE);
	}
}

/* Count a redraw under the issue's name (the text before the first ':'). */
static void count_issue(struct coverage *cv, const char *what)
{
	size_t n = strcspn(what, ":");
	unsigned i;

	cv->redrawn++;
	for (i = 0; i < cv->nissues; i++)
		if (strlen(cv->issue[i]) == n && !strncmp(cv->issue[i], what, n))
			break;
	if (i == cv->nissues) {
		if (cv->nissues == MAX_ISSUES)
			return;
		snprintf(cv->issue[i], sizeof(cv->issue[i]), "%.*s", (int)n, what);
		cv->nissues++;
	}
	cv->issue_n[i]++;
}

/* ---- the test -------------------------------------------------------------------- */

static uint64_t env_u64(const char *name, uint64_t def)
{
	const char *v = getenv(name);
	char *end;
	unsigned long long x;

	if (!v || !*v)
		return def;
	x = strtoull(v, &end, 0);
	if (*end) {
		print_error("%s='%s' is not a number\n", name, v);
		fail();
	}
	return x;
}

/* Print a differing profile: who it is, how to replay it, itself as YAML and the figures. */
static void report(const char *who, const char *replay, const struct mx_profile *p,
		   const char *what, const char *detail)
{
	struct mx_buf y;

	struct mx_profile back;
	struct mx_diaglist dl;
	bool same;

	mx_buf_init(&y);
	mx_profile_write_yaml(p, &y);
	/* the YAML is the reproducer: say so if it does not load back as the same profile */
	mx_diaglist_init(&dl);
	mx_profile_init(&back);
	same = !mx_profile_load_yaml(&back, y.buf, y.len, "diff.yaml", &dl) &&
	       mx_profile_equal(p, &back);
	mx_profile_release(&back);
	mx_diaglist_release(&dl);
	fprintf(stderr, "\n=== differential: %s %s\nreplay: %s\n--- profile%s ---\n%s--- %s ---\n%s\n",
		who, what, replay, same ? "" : " (WARNING: does not load back as the same profile)",
		y.buf, what, detail);
	mx_buf_release(&y);
}

/*
 * One profile through the engine and the reference; returns the number of
 * differences. @verbosity: 2 prints them all with the profile, 1 the first
 * one in a line, 0 nothing.
 */
static unsigned check_profile(struct mx_layout *L, struct dref_result *R, int rc,
			      const struct mx_profile *p, const char *who, const char *replay,
			      struct coverage *cv, int verbosity)
{
	struct diffs d;
	const char *what;

	assert_int_equal(mx_layout_compute(L, p), 0);
	assert_true(rc >= 0);
	mx_buf_init(&d.out);
	d.n = 0;
	if (rc == 1) {
		d.n = 1;
		what = "is outside the reference model (a generator bug)";
		mx_buf_addf(&d.out, "  %s\n", R->unsupported);
	} else {
		what = "differs (engine vs reference)";
		compare(&d, L, R);
		if (d.n > 60)
			mx_buf_addf(&d.out, "  ... %u differences in all\n", d.n);
		cover(cv, p, L, R);
	}
	if (d.n && verbosity > 1) {
		report(who, replay, p, what, d.out.buf);
	} else if (d.n && verbosity == 1) {
		/* the first difference, without its indent */
		const char *first = d.out.buf + 2, *nl = strchr(first, '\n');

		fprintf(stderr, "=== differential: %s %s: %.*s\n", who, what,
			(int)(nl ? nl - first : (ptrdiff_t)strlen(first)), first);
	}
	mx_buf_release(&d.out);
	return d.n;
}

/* MEMX_DIFF_PROFILE=file.yaml: that profile instead of the random ones. */
static unsigned check_file(const char *path, struct mx_layout *L, struct dref_result *R,
			   struct coverage *cv)
{
	struct mx_profile p;
	struct mx_diaglist dl;
	char replay[600];
	unsigned n;
	int rc;

	mx_diaglist_init(&dl);
	mx_profile_init(&p);
	if (mx_profile_load_yaml_file(&p, path, &dl)) {
		for (size_t i = 0; i < dl.cnt; i++)
			print_error("%s:%d:%d: %s\n", dl.d[i].file, dl.d[i].line, dl.d[i].col,
				    dl.d[i].msg);
		mx_diaglist_release(&dl);
		fail_msg("cannot load %s", path);
	}
	mx_diaglist_release(&dl);
	snprintf(replay, sizeof(replay), "MEMX_DIFF_PROFILE=%s ./test_differential", path);
	rc = dref_compute(&p, R);
	if (rc == 2)
		print_message("differential: %s hits a known engine issue (%s); compared anyway\n",
			      path, R->known_issue);
	n = check_profile(L, R, rc, &p, path, replay, cv, 2);
	mx_profile_release(&p);
	if (!n)
		print_message("differential: %s agrees with the reference\n", path);
	return n;
}

static void differential(void **state)
{
	uint64_t seed = env_u64("MEMX_DIFF_SEED", DEFAULT_SEED);
	uint64_t count = env_u64("MEMX_DIFF_COUNT", DEFAULT_COUNT);
	uint64_t first = env_u64("MEMX_DIFF_FIRST", 0);
	const char *file = getenv("MEMX_DIFF_PROFILE");
	const char *only = getenv("MEMX_DIFF_ATTEMPT");
	uint64_t only_attempt = env_u64("MEMX_DIFF_ATTEMPT", 0);
	bool show_issues = env_u64("MEMX_DIFF_ISSUES", 0) != 0;
	struct coverage cv = { 0 };
	struct mx_layout L;
	struct dref_result R;
	struct timespec t0, t1;
	uint64_t failed = 0, first_failed = 0, done = 0;

	(void)state;
	mx_layout_init(&L);
	dref_result_init(&R);
	if (file && *file) {
		unsigned n = check_file(file, &L, &R, &cv);

		dref_result_release(&R);
		mx_layout_release(&L);
		if (n)
			fail_msg("%s: %u difference(s) between the engine and the reference", file, n);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (uint64_t i = first; i < first + count; i++) {
		struct mx_profile p;
		char who[80], replay[160];
		unsigned n;

		snprintf(who, sizeof(who), "profile %" PRIu64 " of seed %" PRIu64, i, seed);
		snprintf(replay, sizeof(replay), "MEMX_DIFF_SEED=%" PRIu64 " MEMX_DIFF_FIRST=%" PRIu64
			 " MEMX_DIFF_COUNT=1 ./test_differential", seed, i);
		int rc = 0;

		if (only && *only) {
			/* one draw, compared whatever it hits */
			assert_int_equal(diffgen_profile(&p, seed, i, (unsigned)only_attempt), 0);
			rc = dref_compute(&p, &R);
			if (rc == 2) {
				print_message("differential: draw %" PRIu64 " of index %" PRIu64 " hits a "
					      "known engine issue (%s); compared anyway\n", only_attempt, i,
					      R.known_issue);
				rc = 0;
			}
		}
		for (unsigned attempt = 0; !(only && *only) && attempt < MAX_ATTEMPTS; attempt++) {
			if (attempt)
				mx_profile_release(&p);
			assert_int_equal(diffgen_profile(&p, seed, i, attempt), 0);
			rc = dref_compute(&p, &R);
			if (rc != 2)
				break;
			count_issue(&cv, R.known_issue);
			if (show_issues)
				print_message("known issue %s\n  replay: MEMX_DIFF_SEED=%" PRIu64
					      " MEMX_DIFF_FIRST=%" PRIu64 " MEMX_DIFF_COUNT=1 "
					      "MEMX_DIFF_ATTEMPT=%u ./test_differential\n", R.known_issue,
					      seed, i, attempt);
		}
		if (rc == 2) {
			/* every draw hit one: nothing to compare (counted, not a failure) */
			cv.let_through++;
			mx_profile_release(&p);
			done++;
			continue;
		}
		n = check_profile(&L, &R, rc, &p, who, replay, &cv,
				  failed < FULL_REPORTS ? 2 : failed < FULL_REPORTS + LINE_REPORTS);
		mx_profile_release(&p);
		done++;
		if (n && !failed++)
			first_failed = i;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	print_message("differential: seed %" PRIu64 ", %" PRIu64 " profiles from %" PRIu64
		      " in %.2f s; %u arm, %u arm64, %u riscv64, %u 5.10, %u 6.1 (%u kernel-side: "
		      "%u cost-model items, %u swiotlb, %u crashkernel, %u log_buf_len), "
		      "%u SPARSEMEM (%u VMEMMAP), "
		      "%u with highmem, %u mem=, %u cma=; %u failed placements (%u regions), "
		      "%u no-map refused, %u CMA areas, %u given back, %u default CMA, "
		      "%u fixup, %u freed-late\n",
		      seed, done, first,
		      (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		      cv.arch[MX_ARCH_ARM], cv.arch[MX_ARCH_ARM64], cv.arch[MX_ARCH_RISCV64], cv.v510,
		      cv.v61, cv.kside, cv.kside_items, cv.swiotlb, cv.crashkernel, cv.logbuf,
		      cv.sparse, cv.vmemmap, cv.highmem, cv.mem_limit, cv.cma_cmdline,
		      cv.items_failed, cv.regions_failed, cv.nomap_refused, cv.cma_areas,
		      cv.given_back, cv.default_cma, cv.fixup, cv.freed_late);
	print_message("differential: %u 6.12 (%u kernel-side: %u region lines, %u page_ext, %u kmalloc "
		      "bounce buffers, %u crashkernel low parts, %u static carve-outs initialised late "
		      "(CMA or given back), %u alloc-ranges windows bottom-up)\n", cv.v612, cv.kside612,
		      cv.region_lines, cv.page_ext, cv.kmalloc_swiotlb, cv.crash_low, cv.static_late,
		      cv.bottom_up);
	print_message("differential: %u usable-memory-range, %u nr_cpus=, %u 32-bit ARM mem=, "
		      "%u QEMU boot-loader, %u LPAE swiotlb items, %u wrapped alloc-ranges, "
		      "%u older flavours with kernel-side:, %u small memblock arrays (%u arrays "
		      "doubled, %u carve-outs lost)\n",
		      cv.usable, cv.nr_cpus, cv.arm_mem, cv.qemu, cv.lpae_swiotlb, cv.window_wrap,
		      cv.old_models, cv.mb_small, cv.mb_doubled, cv.mb_lost);
	if (cv.redrawn) {
		struct mx_buf b;

		mx_buf_init(&b);
		for (unsigned k = 0; k < cv.nissues; k++)
			mx_buf_addf(&b, "%s%s %u", k ? ", " : "", cv.issue[k], cv.issue_n[k]);
		print_message("differential: %u draws hit a known engine issue (or were no "
			      "bootable board) and were drawn again (%s); %u indices never got a clean "
			      "draw\n", cv.redrawn, b.buf, cv.let_through);
		mx_buf_release(&b);
	}
	dref_result_release(&R);
	mx_layout_release(&L);
	if (failed)
		fail_msg("%" PRIu64 " of %" PRIu64 " profiles differ; the first is index %" PRIu64
			 " of seed %" PRIu64, failed, done, first_failed, seed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(differential),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
