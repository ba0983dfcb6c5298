/* diff_changes.c - the profile differences of a diff, applied one at a time, each charged with what it moved */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/diff.h"
#include "core_internal.h"
#include "diff_internal.h"

/* ---- the profile differences, applied one at a time ---- */

struct run {
	struct mx_diff *d;
	const struct mx_profile *A, *B;
	struct mx_profile W;     /* A with the changes so far */
	struct mx_layout L;
	int64_t cur[MX_DF__COUNT];
	struct mx_buf what;      /* the description of the change being made */
	int err;
};

/* W has just been changed as r->what says: recompute, record what it moved. */
static void step(struct run *r)
{
	struct mx_diff_change *c;
	int64_t now[MX_DF__COUNT];

	if (r->err)
		return;
	if (r->what.failed || mx_layout_compute(&r->L, &r->W) ||
	    mxi_grow((void **)&r->d->changes, &r->d->maxchanges, r->d->nchanges + 1, sizeof(*c))) {
		r->err = MX_ENOMEM;
		return;
	}
	mxi_diff_figures(&r->L, now);
	c = &r->d->changes[r->d->nchanges];
	memset(c, 0, sizeof(*c));
	if (!(c->what = strdup(r->what.buf))) {
		r->err = MX_ENOMEM;
		return;
	}
	r->d->nchanges++;
	for (int f = 0; f < MX_DF__COUNT; f++) {
		c->delta[f] = now[f] - r->cur[f];
		r->cur[f] = now[f];
	}
	mx_buf_clear(&r->what);
}

static void say(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mx_buf_vaddf(&r->what, fmt, ap);
	va_end(ap);
}

static const char *size_txt(uint64_t v, char *buf, size_t n)
{
	return mx_size_human(v, buf, n);
}

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void set_str(struct run *r, char **field, const char *v)
{
	if (mx_str_set(field, v))
		r->err = MX_ENOMEM;
}

/* The settings, one change each. */
static void settings(struct run *r)
{
	struct mx_profile *W = &r->W;
	const struct mx_profile *A = r->A, *B = r->B;
	char x[32], y[32];

	if (A->arch != B->arch) {
		say(r, "arch: %s -> %s", mx_arch_name(A->arch), mx_arch_name(B->arch));
		W->arch = B->arch;
		step(r);
	}
	if (!str_eq(A->kernel, B->kernel)) {
		say(r, "kernel: %s -> %s", A->kernel ? A->kernel : "(none)", B->kernel ? B->kernel : "(none)");
		set_str(r, &W->kernel, B->kernel);
		step(r);
	}
#define SCALAR(field, label, fmt, cast)                                                 \
	if (A->field != B->field) {                                                     \
		say(r, label ": " fmt " -> " fmt, cast(A->field), cast(B->field));      \
		W->field = B->field;                                                    \
		step(r);                                                                \
	}
	SCALAR(page_size, "page-size", "%" PRIu64, (uint64_t))
	SCALAR(struct_page, "struct-page", "%u", (unsigned))
	SCALAR(model, "memory-model", "%d", (int))
	SCALAR(vmemmap, "vmemmap", "%d", (int))
	SCALAR(extreme, "sparsemem-extreme", "%d", (int))
	SCALAR(max_order, "max-order", "%u", (unsigned))
	SCALAR(pageblock_order, "pageblock-order", "%u", (unsigned))
	SCALAR(max_physmem_bits, "max-physmem-bits", "%u", (unsigned))
	SCALAR(section_size_bits, "section-size-bits", "%u", (unsigned))
	SCALAR(vmsplit, "vmsplit", "%d", (int))
	SCALAR(vmalloc_size, "vmalloc", "%" PRIu64, (uint64_t))
#undef SCALAR
	if (A->has_cma_size != B->has_cma_size || A->cma_size != B->cma_size) {
		say(r, "cma-size: %s -> %s", A->has_cma_size ? size_txt(A->cma_size, x, sizeof(x)) : "(none)",
		    B->has_cma_size ? size_txt(B->cma_size, y, sizeof(y)) : "(none)");
		W->has_cma_size = B->has_cma_size;
		W->cma_size = B->cma_size;
		step(r);
	}
}

/* ---- the command line, one option (key) at a time ---- */

struct toks {
	char *copy;
	char *t[256];
	size_t n;
};

static int tokens(struct toks *t, const char *s)
{
	char *save = NULL, *w;

	t->n = 0;
	if (!(t->copy = strdup(s ? s : "")))
		return MX_ENOMEM;
	for (w = strtok_r(t->copy, " \t\n", &save); w && t->n < 256; w = strtok_r(NULL, " \t\n", &save))
		t->t[t->n++] = w;
	return 0;
}

static size_t keylen(const char *tok)
{
	const char *eq = strchr(tok, '=');

	return eq ? (size_t)(eq - tok) : strlen(tok);
}

static bool same_key(const char *a, const char *b)
{
	return keylen(a) == keylen(b) && !strncmp(a, b, keylen(a));
}

/* The tokens of @t with @key, joined: "cma=64M" or "" */
static void with_key(const struct toks *t, const char *key, struct mx_buf *o)
{
	for (size_t i = 0; i < t->n; i++)
		if (same_key(t->t[i], key))
			mx_buf_addf(o, "%s%s", o->len ? " " : "", t->t[i]);
}

static void bootargs(struct run *r)
{
	struct toks a = { 0 }, b = { 0 }, w = { 0 };
	const char *keys[512];
	size_t nkeys = 0, ndiff = 0, done = 0;
	struct mx_buf x, y, nw;

	if (str_eq(r->A->bootargs, r->B->bootargs))
		return;
	mx_buf_init(&x);
	mx_buf_init(&y);
	mx_buf_init(&nw);
	if (tokens(&a, r->A->bootargs) || tokens(&b, r->B->bootargs)) {
		r->err = MX_ENOMEM;
		goto out;
	}
	/* the keys, in order of appearance, once each; those whose tokens differ */
	for (size_t s = 0; s < 2; s++) {
		const struct toks *t = s ? &b : &a;

		for (size_t i = 0; i < t->n; i++) {
			bool seen = false;

			for (size_t k = 0; k < nkeys && !seen; k++)
				seen = same_key(keys[k], t->t[i]);
			if (seen)
				continue;
			mx_buf_clear(&x);
			mx_buf_clear(&y);
			with_key(&a, t->t[i], &x);
			with_key(&b, t->t[i], &y);
			if (strcmp(x.buf, y.buf))
				keys[nkeys++] = t->t[i];
		}
	}
	ndiff = nkeys;
	for (size_t k = 0; k < nkeys && !r->err; k++) {
		mx_buf_clear(&x);
		mx_buf_clear(&y);
		with_key(&a, keys[k], &x);
		with_key(&b, keys[k], &y);
		if (!x.len)
			say(r, "bootargs: +%s", y.buf);
		else if (!y.len)
			say(r, "bootargs: -%s", x.buf);
		else
			say(r, "bootargs: %s -> %s", x.buf, y.buf);
		if (++done == ndiff) {
			/* the last one: the command line as B has it, order included */
			set_str(r, &r->W.bootargs, r->B->bootargs);
		} else {
			/* W's tokens with this key replaced by B's, where the key first was */
			bool put = false;

			free(w.copy);
			if (tokens(&w, r->W.bootargs)) {
				r->err = MX_ENOMEM;
				break;
			}
			mx_buf_clear(&nw);
			for (size_t i = 0; i < w.n; i++) {
				if (!same_key(w.t[i], keys[k])) {
					mx_buf_addf(&nw, "%s%s", nw.len ? " " : "", w.t[i]);
				} else if (!put) {
					if (y.len)
						mx_buf_addf(&nw, "%s%s", nw.len ? " " : "", y.buf);
					put = true;
				}
			}
			if (!put && y.len)
				mx_buf_addf(&nw, "%s%s", nw.len ? " " : "", y.buf);
			set_str(r, &r->W.bootargs, nw.failed ? NULL : nw.buf);
		}
		step(r);
	}
out:
	free(a.copy);
	free(b.copy);
	free(w.copy);
	mx_buf_release(&x);
	mx_buf_release(&y);
	mx_buf_release(&nw);
}

/* ---- banks, blobs and the kernel image: one change each ---- */

static void ranges_txt(struct mx_buf *o, const struct mx_range *r, size_t n)
{
	char s[32];

	if (!n)
		mx_buf_adds(o, "none");
	for (size_t i = 0; i < n; i++)
		mx_buf_addf(o, "%s0x%" PRIx64 "+%s", i ? ", " : "", r[i].base, size_txt(r[i].size, s, sizeof(s)));
}

static int copy_array(void **dst, size_t *ndst, const void *src, size_t n, size_t sz)
{
	void *p = NULL;

	if (n && !(p = malloc(n * sz)))
		return MX_ENOMEM;
	if (n)
		memcpy(p, src, n * sz);
	free(*dst);
	*dst = p;
	*ndst = n;
	return 0;
}

static bool banks_eq(const struct mx_profile *a, const struct mx_profile *b)
{
	if (a->nmemory != b->nmemory)
		return false;
	for (size_t i = 0; i < a->nmemory; i++)
		if (a->memory[i].base != b->memory[i].base || a->memory[i].size != b->memory[i].size)
			return false;
	return true;
}

static bool blob_eq(const struct mx_blob *a, const struct mx_blob *b)
{
	return a->present == b->present && a->has_base == b->has_base && a->base == b->base && a->size == b->size;
}

static void blob_txt(struct mx_buf *o, const struct mx_blob *b)
{
	char s[32];

	if (!b->present)
		mx_buf_adds(o, "none");
	else if (b->has_base)
		mx_buf_addf(o, "0x%" PRIx64 "+%s", b->base, size_txt(b->size, s, sizeof(s)));
	else
		mx_buf_addf(o, "%s", size_txt(b->size, s, sizeof(s)));
}

static bool image_eq(const struct mx_kernel_image *a, const struct mx_kernel_image *b)
{
	return a->has_base == b->has_base && a->base == b->base && a->size == b->size && a->code == b->code &&
	       a->rwdata == b->rwdata && a->rodata == b->rodata && a->init == b->init && a->bss == b->bss &&
	       a->has_init_base == b->has_init_base && a->init_base == b->init_base;
}

static void memory_and_blobs(struct run *r)
{
	struct mx_profile *W = &r->W;
	const struct mx_profile *A = r->A, *B = r->B;
	const struct { const char *name; struct mx_blob *w; const struct mx_blob *a, *b; } blobs[] = {
		{ "initrd", &W->initrd, &A->initrd, &B->initrd },
		{ "fdt", &W->fdt, &A->fdt, &B->fdt },
		{ "pgd", &W->pgd, &A->pgd, &B->pgd },
	};
	char s[32], t[32];

	if (!banks_eq(A, B)) {
		mx_buf_adds(&r->what, "memory: ");
		for (size_t i = 0; i < A->nmemory; i++)
			mx_buf_addf(&r->what, "%s0x%" PRIx64 "+%s", i ? ", " : "", A->memory[i].base,
				    size_txt(A->memory[i].size, s, sizeof(s)));
		mx_buf_adds(&r->what, " -> ");
		for (size_t i = 0; i < B->nmemory; i++)
			mx_buf_addf(&r->what, "%s0x%" PRIx64 "+%s", i ? ", " : "", B->memory[i].base,
				    size_txt(B->memory[i].size, s, sizeof(s)));
		if (copy_array((void **)&W->memory, &W->nmemory, B->memory, B->nmemory, sizeof(*B->memory)))
			r->err = MX_ENOMEM;
		step(r);
	}
	if (!mx_ranges_equal(A->usable, A->nusable, B->usable, B->nusable)) {
		mx_buf_adds(&r->what, "usable-memory-range: ");
		ranges_txt(&r->what, A->usable, A->nusable);
		mx_buf_adds(&r->what, " -> ");
		ranges_txt(&r->what, B->usable, B->nusable);
		if (copy_array((void **)&W->usable, &W->nusable, B->usable, B->nusable, sizeof(*B->usable)))
			r->err = MX_ENOMEM;
		step(r);
	}
	if (!image_eq(&A->kernel_image, &B->kernel_image)) {
		say(r, "kernel-image: %s -> %s", size_txt(A->kernel_image.size, s, sizeof(s)),
		    size_txt(B->kernel_image.size, t, sizeof(t)));
		if (A->kernel_image.size == B->kernel_image.size)
			mx_buf_adds(&r->what, " (placement or sections)");
		W->kernel_image = B->kernel_image;
		step(r);
	}
	for (size_t i = 0; i < sizeof(blobs) / sizeof(blobs[0]); i++) {
		if (blob_eq(blobs[i].a, blobs[i].b))
			continue;
		say(r, "%s: ", blobs[i].name);
		blob_txt(&r->what, blobs[i].a);
		mx_buf_adds(&r->what, " -> ");
		blob_txt(&r->what, blobs[i].b);
		*blobs[i].w = *blobs[i].b;
		step(r);
	}
	if (A->boot.type != B->boot.type || A->boot.dtb_file != B->boot.dtb_file) {
		say(r, "boot-loader: %s (DTB %" PRIu64 " bytes) -> %s (DTB %" PRIu64 " bytes)",
		    mx_loader_name(A->boot.type), A->boot.dtb_file, mx_loader_name(B->boot.type), B->boot.dtb_file);
		W->boot = B->boot;
		step(r);
	}
	if (!mx_ranges_equal(A->memreserve, A->nmemreserve, B->memreserve, B->nmemreserve)) {
		mx_buf_adds(&r->what, "/memreserve/: ");
		ranges_txt(&r->what, A->memreserve, A->nmemreserve);
		mx_buf_adds(&r->what, " -> ");
		ranges_txt(&r->what, B->memreserve, B->nmemreserve);
		if (copy_array((void **)&W->memreserve, &W->nmemreserve, B->memreserve, B->nmemreserve,
			       sizeof(*B->memreserve)))
			r->err = MX_ENOMEM;
		step(r);
	}
	if (!mx_kside_equal(&A->kside, &B->kside)) {
		say(r, "kernel-side settings");
		if (A->kside.unflattened != B->kside.unflattened)
			mx_buf_addf(&r->what, " (unflattened tree %" PRIu64 " -> %" PRIu64 " bytes)",
				    A->kside.unflattened, B->kside.unflattened);
		else if (A->kside.dt.nodes != B->kside.dt.nodes || A->kside.dt.props != B->kside.dt.props)
			mx_buf_addf(&r->what, " (device tree %u nodes %u properties -> %u nodes %u properties)",
				    A->kside.dt.nodes, A->kside.dt.props, B->kside.dt.nodes, B->kside.dt.props);
		W->kside = B->kside;
		step(r);
	}
}

/* ---- early allocations and regions, by name ---- */

static bool early_eq(const struct mx_early_alloc *x, const struct mx_early_alloc *y)
{
	return str_eq(x->func, y->func) && x->phase == y->phase && x->size == y->size && x->align == y->align &&
	       x->calibration == y->calibration && x->per_cpu == y->per_cpu && x->temporary == y->temporary;
}

static int early_find(const struct mx_profile *p, const char *name)
{
	for (size_t i = 0; i < p->nearly; i++)
		if (str_eq(p->early[i].name, name))
			return (int)i;
	return -1;
}

static void early_free(struct mx_early_alloc *e)
{
	free(e->name);
	free(e->func);
	free(e->note);
}

static int early_dup(struct mx_early_alloc *dst, const struct mx_early_alloc *src)
{
	*dst = *src;
	dst->name = dst->func = dst->note = NULL;
	if ((src->name && !(dst->name = strdup(src->name))) || (src->func && !(dst->func = strdup(src->func))) ||
	    (src->note && !(dst->note = strdup(src->note)))) {
		early_free(dst);
		return MX_ENOMEM;
	}
	return 0;
}

static void early(struct run *r)
{
	struct mx_profile *W = &r->W;
	char s[32], t[32];

	for (size_t i = 0; i < r->A->nearly && !r->err; i++) {
		const struct mx_early_alloc *a = &r->A->early[i];
		int bi = early_find(r->B, a->name), wi = early_find(W, a->name);

		if (wi < 0 || (bi >= 0 && early_eq(a, &r->B->early[bi])))
			continue;
		if (bi < 0) {
			say(r, "early allocation '%s' removed (%s)", a->name, size_txt(a->size, s, sizeof(s)));
			early_free(&W->early[wi]);
			memmove(&W->early[wi], &W->early[wi + 1], (W->nearly - (size_t)wi - 1) * sizeof(*W->early));
			W->nearly--;
		} else {
			struct mx_early_alloc e;

			say(r, "early allocation '%s': %s -> %s", a->name, size_txt(a->size, s, sizeof(s)),
			    size_txt(r->B->early[bi].size, t, sizeof(t)));
			if (early_dup(&e, &r->B->early[bi])) {
				r->err = MX_ENOMEM;
				return;
			}
			early_free(&W->early[wi]);
			W->early[wi] = e;
		}
		step(r);
	}
	for (size_t i = 0; i < r->B->nearly && !r->err; i++) {
		const struct mx_early_alloc *b = &r->B->early[i];
		struct mx_early_alloc *grown;
		size_t at;

		if (early_find(r->A, b->name) >= 0)
			continue;
		say(r, "early allocation '%s' added (%s)", b->name, size_txt(b->size, s, sizeof(s)));
		if (!(grown = realloc(W->early, (W->nearly + 1) * sizeof(*W->early)))) {
			r->err = MX_ENOMEM;
			return;
		}
		W->early = grown;
		at = i < W->nearly ? i : W->nearly;
		memmove(&W->early[at + 1], &W->early[at], (W->nearly - at) * sizeof(*W->early));
		if (early_dup(&W->early[at], b)) {
			memmove(&W->early[at], &W->early[at + 1], (W->nearly - at) * sizeof(*W->early));
			r->err = MX_ENOMEM;
			return;
		}
		W->nearly++;
		step(r);
	}
}

static bool region_eq(const struct mx_region *a, const struct mx_region *b)
{
	if (!str_eq(a->label, b->label) || a->ncompatible != b->ncompatible ||
	    !mx_ranges_equal(a->reg, a->nreg, b->reg, b->nreg) || a->has_size != b->has_size ||
	    a->size != b->size || a->align != b->align ||
	    !mx_ranges_equal(a->alloc_ranges, a->nalloc_ranges, b->alloc_ranges, b->nalloc_ranges) ||
	    a->has_fixup_keep != b->has_fixup_keep || a->fixup_keep != b->fixup_keep || a->flags != b->flags)
		return false;
	for (size_t i = 0; i < a->ncompatible; i++)
		if (!str_eq(a->compatible[i], b->compatible[i]))
			return false;
	return true;
}

/* "size 8 MiB -> 16 MiB, no-map added" */
static void region_txt(struct mx_buf *o, const struct mx_region *a, const struct mx_region *b)
{
	static const struct { unsigned bit; const char *name; } fl[] = {
		{ MX_REGION_NOMAP, "no-map" }, { MX_REGION_REUSABLE, "reusable" },
		{ MX_REGION_CMA_DEFAULT, "linux,cma-default" }, { MX_REGION_NOMAP_FIXUP, "no-map-fixup" },
		{ MX_REGION_FREED_LATE, "freed-late" }, { MX_REGION_DISABLED, "status disabled" },
	};
	char s[32], t[32];
	size_t at = o->len;

	if (!mx_ranges_equal(a->reg, a->nreg, b->reg, b->nreg)) {
		mx_buf_adds(o, ", reg ");
		ranges_txt(o, a->reg, a->nreg);
		mx_buf_adds(o, " -> ");
		ranges_txt(o, b->reg, b->nreg);
	}
	if (a->has_size != b->has_size || a->size != b->size)
		mx_buf_addf(o, ", size %s -> %s", a->has_size ? size_txt(a->size, s, sizeof(s)) : "none",
			    b->has_size ? size_txt(b->size, t, sizeof(t)) : "none");
	if (a->align != b->align)
		mx_buf_addf(o, ", alignment 0x%" PRIx64 " -> 0x%" PRIx64, a->align, b->align);
	if (!mx_ranges_equal(a->alloc_ranges, a->nalloc_ranges, b->alloc_ranges, b->nalloc_ranges)) {
		mx_buf_adds(o, ", alloc-ranges ");
		ranges_txt(o, a->alloc_ranges, a->nalloc_ranges);
		mx_buf_adds(o, " -> ");
		ranges_txt(o, b->alloc_ranges, b->nalloc_ranges);
	}
	for (size_t i = 0; i < sizeof(fl) / sizeof(fl[0]); i++)
		if ((a->flags ^ b->flags) & fl[i].bit)
			mx_buf_addf(o, ", %s %s", fl[i].name, b->flags & fl[i].bit ? "added" : "removed");
	if (a->has_fixup_keep != b->has_fixup_keep || a->fixup_keep != b->fixup_keep)
		mx_buf_addf(o, ", fixup-keep %s -> %s", size_txt(a->fixup_keep, s, sizeof(s)),
			    size_txt(b->fixup_keep, t, sizeof(t)));
	if (o->len == at)
		mx_buf_adds(o, ", label or compatible");
}

/* *@dst becomes a copy of @src (the old one freed once the copy is made) */
static void replace_region(struct run *r, struct mx_region *dst, const struct mx_region *src)
{
	struct mx_region tmp;

	if (mx_region_copy(&tmp, src)) {
		r->err = MX_ENOMEM;
		return;
	}
	mx_region_release(dst);
	*dst = tmp;
}

static int region_find(const struct mx_profile *p, const char *name)
{
	for (size_t i = 0; i < p->nregions; i++)
		if (!strcmp(p->regions[i].name, name))
			return (int)i;
	return -1;
}

static void regions(struct run *r)
{
	struct mx_profile *W = &r->W;
	char s[32];

	for (size_t i = 0; i < r->A->nregions && !r->err; i++) {
		const struct mx_region *a = &r->A->regions[i];
		int bi = region_find(r->B, a->name), wi = region_find(W, a->name);

		if (wi < 0 || (bi >= 0 && region_eq(a, &r->B->regions[bi])))
			continue;
		if (bi < 0) {
			say(r, "region %s removed", a->name);
			mx_profile_remove_region(W, (size_t)wi);
		} else {
			say(r, "region %s", a->name);
			region_txt(&r->what, a, &r->B->regions[bi]);
			replace_region(r, &W->regions[wi], &r->B->regions[bi]);
		}
		step(r);
	}
	for (size_t i = 0; i < r->B->nregions && !r->err; i++) {
		const struct mx_region *b = &r->B->regions[i];
		struct mx_region tmp;
		int n;

		if (region_find(r->A, b->name) >= 0)
			continue;
		if (b->nreg)
			say(r, "region %s added (0x%" PRIx64 "+%s%s)", b->name, b->reg[0].base,
			    size_txt(b->reg[0].size, s, sizeof(s)), b->flags & MX_REGION_NOMAP ? ", no-map" : "");
		else
			say(r, "region %s added (%s dynamic%s)", b->name, size_txt(b->size, s, sizeof(s)),
			    b->flags & MX_REGION_REUSABLE ? ", reusable" : "");
		if ((n = mx_profile_add_region(W, b->name)) < 0) {
			r->err = MX_ENOMEM;
			return;
		}
		replace_region(r, &W->regions[n], b);
		/* where B has it (device-tree order decides placement on older kernels) */
		if (i < (size_t)n) {
			tmp = W->regions[n];
			memmove(&W->regions[i + 1], &W->regions[i], ((size_t)n - i) * sizeof(tmp));
			W->regions[i] = tmp;
		}
		step(r);
	}
}

/* Whatever still differs (order of regions or allocations, fields named nowhere above). */
static void rest(struct run *r, const int64_t *fb)
{
	bool moved = false;

	if (r->err)
		return;
	if (mx_profile_equal(&r->W, r->B) && !memcmp(r->cur, fb, sizeof(r->cur)))
		return;
	if (mx_profile_copy(&r->W, r->B)) {
		r->err = MX_ENOMEM;
		return;
	}
	say(r, "the rest (order of regions or allocations, other settings)");
	step(r);
	if (r->err)
		return;
	for (int f = 0; f < MX_DF__COUNT; f++)
		moved |= r->d->changes[r->d->nchanges - 1].delta[f] != 0;
	if (!moved) { /* renames and reorders that change no figure are no change */
		free(r->d->changes[r->d->nchanges - 1].what);
		r->d->nchanges--;
	}
}


int mxi_diff_changes(struct mx_diff *d, const struct mx_profile *a, const struct mx_profile *b)
{
	struct run r;

	memset(&r, 0, sizeof(r));
	r.d = d;
	r.A = a;
	r.B = b;
	mx_layout_init(&r.L);
	mx_profile_init(&r.W);
	mx_buf_init(&r.what);
	if (mx_profile_copy(&r.W, a))
		r.err = MX_ENOMEM;
	memcpy(r.cur, d->a, sizeof(r.cur));
	settings(&r);
	bootargs(&r);
	memory_and_blobs(&r);
	early(&r);
	regions(&r);
	rest(&r, d->b);
	mx_buf_release(&r.what);
	mx_profile_release(&r.W);
	mx_layout_release(&r.L);
	return r.err;
}
