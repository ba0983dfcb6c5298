/* profile_yaml.c - load a board profile from YAML (libyaml), with file:line:col errors */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "memx/profile.h"

#define MAX_ERRORS 20
/*
 * A profile nests five deep (profile, reserved-memory, region, alloc-ranges,
 * range). libyaml's scanner is quadratic in the flow nesting depth (100000
 * '[' take 20 s), so deeper documents are refused before they are loaded.
 */
#define MAX_DEPTH 64

struct ld {
	yaml_document_t *doc;
	struct mx_profile *p;
	struct mx_diaglist *diags;
	int nerr;
	bool oom;
};

static void err_mark(struct ld *L, const yaml_mark_t *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void err_mark(struct ld *L, const yaml_mark_t *m, const char *fmt, ...)
{
	struct mx_srcpos pos = { L->p->source, (int)m->line + 1, (int)m->column + 1 };
	struct mx_buf b;
	va_list ap;

	if (L->nerr++ >= MAX_ERRORS)
		return;
	mx_buf_init(&b);
	va_start(ap, fmt);
	mx_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (L->nerr == MAX_ERRORS)
		mx_buf_adds(&b, " (further errors not shown)");
	if (b.failed || mx_diag_add(L->diags, MX_SEV_ERROR, NULL, &pos, -1, "%s", b.buf))
		L->oom = true;
	mx_buf_release(&b);
}

#define ERR(L, n, ...) err_mark((L), &(n)->start_mark, __VA_ARGS__)

/*
 * A value from the document as a message quotes it: on one line (a folded
 * scalar's line breaks would split the error) and at most SHOW_MAX bytes,
 * cut at a character boundary (an unknown 1 MiB key is not repeated).
 */
#define SHOW_MAX 64
struct shown {
	char s[SHOW_MAX + 16]; /* + a cut character's tail, an escape, "..." */
};
#define SHOW(v) show(&(struct shown){ { 0 } }, (v))

static const char *show(struct shown *b, const char *v)
{
	size_t o = 0;

	for (; *v; v++) {
		unsigned char c = (unsigned char)*v;

		if (o >= SHOW_MAX && (c & 0xc0) != 0x80) { /* not inside a character */
			memcpy(b->s + o, "...", 4);
			return b->s;
		}
		if (c == '\n' || c == '\r' || c == '\t') {
			b->s[o++] = '\\';
			b->s[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(b->s + o, 5, "\\x%02x", c);
			o += 4;
		} else {
			b->s[o++] = (char)c;
		}
	}
	b->s[o] = '\0';
	return b->s;
}

static void pos_of(struct ld *L, const yaml_node_t *n, struct mx_srcpos *pos)
{
	pos->file = L->p->source;
	pos->line = (int)n->start_mark.line + 1;
	pos->col = (int)n->start_mark.column + 1;
}

static const char *kind_of(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE: return "a value";
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a mapping";
	default: return "nothing";
	}
}

/* The text of a scalar, or NULL (with an error naming @what) for anything else. */
static const char *scalar(struct ld *L, yaml_node_t *n, const char *what)
{
	if (n->type != YAML_SCALAR_NODE) {
		ERR(L, n, "expected %s, got %s", what, kind_of(n));
		return NULL;
	}
	return (const char *)n->data.scalar.value;
}

static bool is_null(const yaml_node_t *n)
{
	const char *v;

	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	v = (const char *)n->data.scalar.value;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null");
}

static bool get_size(struct ld *L, yaml_node_t *n, uint64_t *out, const char *what)
{
	const char *v = scalar(L, n, what);
	int r;

	if (!v)
		return false;
	r = mx_size_parse(v, out);
	if (r == MX_ERANGE) {
		ERR(L, n, "%s '%s' does not fit in 64 bits", what, SHOW(v));
		return false;
	}
	if (r) {
		ERR(L, n, "expected %s (like 16M, 0x1000000 or 4096), got '%s'", what, SHOW(v));
		return false;
	}
	return true;
}

static bool get_uint(struct ld *L, yaml_node_t *n, unsigned *out, unsigned max, const char *what)
{
	uint64_t v;
	const char *s = scalar(L, n, what);

	if (!s)
		return false;
	if (mx_size_parse(s, &v) || strpbrk(s, "kKmMgGtT") || v > max) {
		ERR(L, n, "expected %s (an integer up to %u), got '%s'", what, max, SHOW(s));
		return false;
	}
	*out = (unsigned)v;
	return true;
}

static bool get_bool(struct ld *L, yaml_node_t *n, bool *out, const char *what)
{
	static const char *const t[] = { "true", "yes", "on", "True", "TRUE", "Yes", "YES" };
	static const char *const f[] = { "false", "no", "off", "False", "FALSE", "No", "NO" };
	const char *v;

	if (is_null(n)) { /* "no-map:" alone means present, as in a device tree */
		*out = true;
		return true;
	}
	/* not scalar(): "expected vmemmap, got a list" would not say what vmemmap takes */
	if (n->type != YAML_SCALAR_NODE) {
		ERR(L, n, "expected true or false for %s, got %s", what, kind_of(n));
		return false;
	}
	v = (const char *)n->data.scalar.value;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(v, t[i])) {
			*out = true;
			return true;
		}
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (!strcmp(v, f[i])) {
			*out = false;
			return true;
		}
	ERR(L, n, "expected true or false for %s, got '%s'", what, SHOW(v));
	return false;
}

/* A plain null ("key:", "~", "null") leaves the string unset: NULL means "not given". */
static bool get_str(struct ld *L, yaml_node_t *n, char **out, const char *what)
{
	const char *v = scalar(L, n, what);

	if (!v)
		return false;
	if (mx_str_set(out, is_null(n) ? NULL : v)) {
		L->oom = true;
		return false;
	}
	return true;
}

/* A mapping walk: every key must be in @keys; each at most once. */
typedef bool (*key_fn)(struct ld *L, yaml_node_t *val, void *obj, yaml_node_t *mapnode);

struct key {
	const char *name;
	key_fn fn;
};

static void list_keys(struct mx_buf *b, const struct key *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mx_buf_addf(b, "%s%s", i ? ", " : "", keys[i].name);
}

static bool walk_map(struct ld *L, yaml_node_t *map, const struct key *keys, size_t nkeys,
		     void *obj, const char *what)
{
	yaml_node_pair_t *pr;
	unsigned char seen[64] = { 0 };
	bool ok = true;

	if (map->type != YAML_MAPPING_NODE) {
		ERR(L, map, "expected %s (a mapping of keys), got %s", what, kind_of(map));
		return false;
	}
	for (pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(L->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(L->doc, pr->value);
		const char *name;
		size_t i;

		if (!k || !v)
			continue;
		if (!(name = scalar(L, k, "a key"))) {
			ok = false;
			continue;
		}
		for (i = 0; i < nkeys && strcmp(keys[i].name, name); i++)
			;
		if (i == nkeys) {
			struct mx_buf b;

			mx_buf_init(&b);
			list_keys(&b, keys, nkeys);
			ERR(L, k, "unknown key '%s' in %s; expected one of: %s", SHOW(name), what,
			    b.failed ? "?" : b.buf);
			mx_buf_release(&b);
			ok = false;
			continue;
		}
		/*
		 * Saturate rather than count: a counter would wrap after 256
		 * copies of a key and let the next one through, running a list
		 * handler twice and leaking the first list.
		 */
		if (i < sizeof(seen) && seen[i]) {
			ERR(L, k, "duplicate key '%s' in %s", SHOW(name), what);
			ok = false;
			continue;
		}
		if (i < sizeof(seen))
			seen[i] = 1;
		if (!keys[i].fn(L, v, obj, map))
			ok = false;
		if (L->oom)
			return false;
	}
	return ok;
}

/* {base: B, size: S} or [B, S] */
static bool get_range(struct ld *L, yaml_node_t *n, struct mx_range *r, const char *what)
{
	if (n->type == YAML_SEQUENCE_NODE) {
		yaml_node_item_t *it = n->data.sequence.items.start;

		if (n->data.sequence.items.top - it != 2) {
			ERR(L, n, "expected %s as [base, size], got a list of %d item(s)", what,
			    (int)(n->data.sequence.items.top - it));
			return false;
		}
		{
			/* both halves are checked, so both errors are reported */
			bool b = get_size(L, yaml_document_get_node(L->doc, it[0]), &r->base, "a base address");
			bool s = get_size(L, yaml_document_get_node(L->doc, it[1]), &r->size, "a size");

			return b && s;
		}
	}
	if (n->type == YAML_MAPPING_NODE) {
		bool hb = false, hs = false, ok = true;

		for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = yaml_document_get_node(L->doc, pr->key);
			yaml_node_t *v = yaml_document_get_node(L->doc, pr->value);
			const char *name = k ? scalar(L, k, "a key") : NULL;

			if (!name || !v) {
				ok = false;
			} else if (!strcmp(name, "base")) {
				ok &= !hb && get_size(L, v, &r->base, "a base address");
				if (hb)
					ERR(L, k, "duplicate key 'base' in %s", what);
				hb = true;
			} else if (!strcmp(name, "size")) {
				ok &= !hs && get_size(L, v, &r->size, "a size");
				if (hs)
					ERR(L, k, "duplicate key 'size' in %s", what);
				hs = true;
			} else {
				ERR(L, k, "unknown key '%s' in %s; expected base and size", SHOW(name), what);
				ok = false;
			}
		}
		if (ok && !hb && !hs) {
			ERR(L, n, "%s needs both base and size, got neither", what);
			ok = false;
		} else if (ok && (!hb || !hs)) {
			ERR(L, n, "%s needs both base and size; %s is missing", what, hb ? "size" : "base");
			ok = false;
		}
		return ok;
	}
	ERR(L, n, "expected %s as {base: ..., size: ...} or [base, size], got %s", what, kind_of(n));
	return false;
}

/*
 * {base, size} or [base, size] rather than a list of ranges. A list that
 * starts with a scalar is taken as one range whatever its length, so that
 * "reg: [1, 2, 3]" is one error about the shape ("a list of 3 item(s)")
 * instead of three about scalars that are not ranges.
 */
static bool is_single_range(struct ld *L, yaml_node_t *n)
{
	yaml_node_t *first;

	if (n->type == YAML_MAPPING_NODE)
		return true;
	if (n->type != YAML_SEQUENCE_NODE || n->data.sequence.items.top == n->data.sequence.items.start)
		return false;
	first = yaml_document_get_node(L->doc, n->data.sequence.items.start[0]);
	return first && first->type == YAML_SCALAR_NODE;
}

/* One range, or a list of ranges. */
static bool get_ranges(struct ld *L, yaml_node_t *n, struct mx_range **out, size_t *nout,
		       bool single_ok, const char *what)
{
	size_t cnt;
	struct mx_range *v;
	bool ok = true;

	free(*out);
	*out = NULL;
	*nout = 0;
	if (single_ok && is_single_range(L, n)) {
		if (!(v = malloc(sizeof(*v)))) {
			L->oom = true;
			return false;
		}
		*out = v;
		*nout = 1;
		return get_range(L, n, v, what);
	}
	if (n->type != YAML_SEQUENCE_NODE) {
		ERR(L, n, "expected %s as a list of {base, size}, got %s", what, kind_of(n));
		return false;
	}
	cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (!cnt)
		return true;
	if (!(v = calloc(cnt, sizeof(*v)))) {
		L->oom = true;
		return false;
	}
	*out = v;
	*nout = cnt;
	for (size_t i = 0; i < cnt; i++)
		ok &= get_range(L, yaml_document_get_node(L->doc, n->data.sequence.items.start[i]),
				&v[i], what);
	return ok;
}

/* ---- top level ---- */

#define PF(fn) static bool fn(struct ld *L, yaml_node_t *v, void *o, yaml_node_t *m)
#define UNUSED_ARGS (void)o, (void)m

PF(k_name) { UNUSED_ARGS; return get_str(L, v, &L->p->name, "a board name"); }
PF(k_desc) { UNUSED_ARGS; return get_str(L, v, &L->p->description, "a description"); }
PF(k_kernel) { UNUSED_ARGS; return get_str(L, v, &L->p->kernel, "a kernel version like \"3.18\""); }
PF(k_bootargs) { UNUSED_ARGS; return get_str(L, v, &L->p->bootargs, "a kernel command line"); }
PF(k_page) { UNUSED_ARGS; return get_size(L, v, &L->p->page_size, "a page size"); }
PF(k_vmalloc) { UNUSED_ARGS; return get_size(L, v, &L->p->vmalloc_size, "a vmalloc size"); }
PF(k_struct_page)
{
	unsigned x;

	UNUSED_ARGS;
	if (!get_uint(L, v, &x, 4096, "sizeof(struct page) in bytes"))
		return false;
	L->p->struct_page = x;
	return true;
}
PF(k_max_order) { UNUSED_ARGS; return get_uint(L, v, &L->p->max_order, 20, "MAX_ORDER"); }
PF(k_pageblock) { UNUSED_ARGS; return get_uint(L, v, &L->p->pageblock_order, 30, "pageblock_order"); }
PF(k_physbits) { UNUSED_ARGS; return get_uint(L, v, &L->p->max_physmem_bits, 63, "MAX_PHYSMEM_BITS"); }
PF(k_secbits) { UNUSED_ARGS; return get_uint(L, v, &L->p->section_size_bits, 62, "SECTION_SIZE_BITS"); }
PF(k_cma)
{
	UNUSED_ARGS;
	L->p->has_cma_size = get_size(L, v, &L->p->cma_size, "a CMA size");
	return L->p->has_cma_size;
}
PF(k_arch)
{
	const char *s = scalar(L, v, "an arch");

	UNUSED_ARGS;
	if (!s)
		return false;
	if (mx_arch_parse(s, &L->p->arch)) {
		ERR(L, v, "unknown arch '%s'; expected arm, arm64 or riscv64", SHOW(s));
		return false;
	}
	return true;
}
PF(k_model)
{
	const char *s = scalar(L, v, "a memory model");

	UNUSED_ARGS;
	if (!s)
		return false;
	if (!strcmp(s, "flatmem") || !strcmp(s, "flat"))
		L->p->model = MX_MM_FLAT;
	else if (!strcmp(s, "sparsemem") || !strcmp(s, "sparse"))
		L->p->model = MX_MM_SPARSE;
	else {
		ERR(L, v, "unknown memory-model '%s'; expected flatmem or sparsemem", SHOW(s));
		return false;
	}
	return true;
}
PF(k_vmemmap)
{
	bool b;

	UNUSED_ARGS;
	if (!get_bool(L, v, &b, "vmemmap"))
		return false;
	L->p->vmemmap = b;
	return true;
}
PF(k_extreme)
{
	bool b;

	UNUSED_ARGS;
	if (!get_bool(L, v, &b, "sparsemem-extreme"))
		return false;
	L->p->extreme = b;
	return true;
}
PF(k_vmsplit)
{
	static const struct { const char *n; enum mx_vmsplit v; } t[] = {
		{ "3G", MX_VMSPLIT_3G }, { "3G_OPT", MX_VMSPLIT_3G_OPT },
		{ "2G", MX_VMSPLIT_2G }, { "1G", MX_VMSPLIT_1G },
	};
	const char *s = scalar(L, v, "a VMSPLIT");

	UNUSED_ARGS;
	if (!s)
		return false;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(s, t[i].n)) {
			L->p->vmsplit = t[i].v;
			return true;
		}
	ERR(L, v, "unknown vmsplit '%s'; expected 3G, 3G_OPT, 2G or 1G", SHOW(s));
	return false;
}
PF(k_memory)
{
	struct mx_range *r = NULL;
	size_t n = 0;
	bool ok, single = is_single_range(L, v);

	UNUSED_ARGS;
	ok = get_ranges(L, v, &r, &n, true, "a memory bank");
	free(L->p->memory);
	L->p->memory = n ? calloc(n, sizeof(*L->p->memory)) : NULL;
	L->p->nmemory = 0;
	if (n && !L->p->memory) {
		L->oom = true;
		free(r);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item = single ? v :
			yaml_document_get_node(L->doc, v->data.sequence.items.start[i]);

		L->p->memory[i].base = r[i].base;
		L->p->memory[i].size = r[i].size;
		pos_of(L, item, &L->p->memory[i].pos);
	}
	L->p->nmemory = n;
	free(r);
	return ok;
}
PF(k_dt_source) { UNUSED_ARGS; return get_str(L, v, &L->p->dt_source, "a file name"); }
PF(k_dt_cells)
{
	UNUSED_ARGS;
	if (v->type != YAML_SEQUENCE_NODE || v->data.sequence.items.top - v->data.sequence.items.start != 2) {
		ERR(L, v, "expected dt-cells as [address-cells, size-cells]");
		return false;
	}
	return get_uint(L, yaml_document_get_node(L->doc, v->data.sequence.items.start[0]),
			&L->p->dt_addr_cells, 2, "#address-cells (1 or 2)") &&
	       get_uint(L, yaml_document_get_node(L->doc, v->data.sequence.items.start[1]),
			&L->p->dt_size_cells, 2, "#size-cells (1 or 2)");
}
PF(k_usable)
{
	UNUSED_ARGS;
	L->p->has_usable = get_range(L, v, &L->p->usable, "usable-memory-range");
	return L->p->has_usable;
}
PF(k_memreserve) { UNUSED_ARGS; return get_ranges(L, v, &L->p->memreserve, &L->p->nmemreserve, false, "a /memreserve/ entry"); }

/* kernel-image */
#define KF(fn, field, what) \
	static bool fn(struct ld *L, yaml_node_t *v, void *o, yaml_node_t *m) \
	{ (void)m; return get_size(L, v, &((struct mx_kernel_image *)o)->field, what); }
KF(ki_size, size, "the _stext.._end size")
KF(ki_code, code, "a size")
KF(ki_rwdata, rwdata, "a size")
KF(ki_rodata, rodata, "a size")
KF(ki_init, init, "a size")
KF(ki_bss, bss, "a size")
PF(ki_base)
{
	struct mx_kernel_image *k = o;

	(void)m;
	k->has_base = get_size(L, v, &k->base, "a physical address");
	return k->has_base;
}
PF(ki_init_base)
{
	struct mx_kernel_image *k = o;

	(void)m;
	k->has_init_base = get_size(L, v, &k->init_base, "a physical address");
	return k->has_init_base;
}
static const struct key kernel_keys[] = {
	{ "base", ki_base }, { "size", ki_size }, { "code", ki_code }, { "rwdata", ki_rwdata },
	{ "rodata", ki_rodata }, { "init", ki_init }, { "init-base", ki_init_base }, { "bss", ki_bss },
};
PF(k_kernel_image)
{
	(void)o, (void)m;
	pos_of(L, v, &L->p->kernel_image.pos);
	return walk_map(L, v, kernel_keys, sizeof(kernel_keys) / sizeof(kernel_keys[0]),
			&L->p->kernel_image, "kernel-image");
}

/* pgd / initrd / fdt */
PF(b_base)
{
	struct mx_blob *b = o;

	(void)m;
	b->has_base = get_size(L, v, &b->base, "a physical address");
	return b->has_base;
}
PF(b_size) { (void)m; return get_size(L, v, &((struct mx_blob *)o)->size, "a size"); }
static const struct key blob_keys[] = { { "base", b_base }, { "size", b_size } };
static bool blob(struct ld *L, yaml_node_t *v, struct mx_blob *b, const char *what, bool need_base)
{
	bool ok;

	memset(b, 0, sizeof(*b));
	pos_of(L, v, &b->pos);
	ok = walk_map(L, v, blob_keys, 2, b, what);
	b->present = true;
	if (ok && need_base && !b->has_base) {
		ERR(L, v, "%s needs a base address", what);
		return false;
	}
	return ok;
}
PF(k_pgd) { UNUSED_ARGS; return blob(L, v, &L->p->pgd, "pgd", false); }
PF(k_initrd) { UNUSED_ARGS; return blob(L, v, &L->p->initrd, "initrd", true); }
PF(k_fdt) { UNUSED_ARGS; return blob(L, v, &L->p->fdt, "fdt", false); }

/* early-allocations */
PF(e_name) { (void)m; return get_str(L, v, &((struct mx_early_alloc *)o)->name, "a name"); }
PF(e_func) { (void)m; return get_str(L, v, &((struct mx_early_alloc *)o)->func, "a kernel function"); }
PF(e_note) { (void)m; return get_str(L, v, &((struct mx_early_alloc *)o)->note, "a note"); }
PF(e_size) { (void)m; return get_size(L, v, &((struct mx_early_alloc *)o)->size, "a size"); }
PF(e_align) { (void)m; return get_size(L, v, &((struct mx_early_alloc *)o)->align, "an alignment"); }
PF(e_calib) { (void)m; return get_bool(L, v, &((struct mx_early_alloc *)o)->calibration, "calibration"); }
PF(e_phase)
{
	struct mx_early_alloc *e = o;
	const char *s = scalar(L, v, "a phase");

	(void)m;
	if (!s)
		return false;
	if (!strcmp(s, "paging"))
		e->phase = MX_PHASE_PAGING;
	else if (!strcmp(s, "setup"))
		e->phase = MX_PHASE_SETUP;
	else if (!strcmp(s, "start-kernel"))
		e->phase = MX_PHASE_START_KERNEL;
	else {
		ERR(L, v, "unknown phase '%s'; expected paging, setup or start-kernel", SHOW(s));
		return false;
	}
	return true;
}
static const struct key early_keys[] = {
	{ "name", e_name }, { "func", e_func }, { "phase", e_phase }, { "size", e_size },
	{ "align", e_align }, { "calibration", e_calib }, { "note", e_note },
};
PF(k_early)
{
	size_t n;
	bool ok = true;

	UNUSED_ARGS;
	if (v->type != YAML_SEQUENCE_NODE) {
		ERR(L, v, "expected early-allocations as a list, got %s", kind_of(v));
		return false;
	}
	n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	if (!n)
		return true;
	if (!(L->p->early = calloc(n, sizeof(*L->p->early)))) {
		L->oom = true;
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *it = yaml_document_get_node(L->doc, v->data.sequence.items.start[i]);
		struct mx_early_alloc *e = &L->p->early[i];

		L->p->nearly = i + 1;
		e->phase = MX_PHASE_START_KERNEL;
		pos_of(L, it, &e->pos);
		if (!walk_map(L, it, early_keys, sizeof(early_keys) / sizeof(early_keys[0]), e,
			      "an early allocation")) {
			ok = false;
			continue;
		}
		if (!e->name) {
			ERR(L, it, "an early allocation needs a name");
			ok = false;
		}
		if (!e->size) {
			ERR(L, it, "early allocation '%s' needs a size above 0", SHOW(e->name ? e->name : "?"));
			ok = false;
		}
	}
	return ok;
}

/* reserved-memory */
#define R(o) ((struct mx_region *)(o))
PF(r_name) { (void)m; return get_str(L, v, &R(o)->name, "a node name"); }
PF(r_label) { (void)m; return get_str(L, v, &R(o)->label, "a label"); }
PF(r_note) { (void)m; return get_str(L, v, &R(o)->note, "a note"); }
PF(r_path) { (void)m; return get_str(L, v, &R(o)->path, "a device-tree path"); }

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* dt-props: [{ name: NAME, value: "HEXBYTES" }]: device-tree properties kept for export */
PF(r_props)
{
	struct mx_region *r = o;
	size_t n;

	(void)m;
	if (v->type != YAML_SEQUENCE_NODE) {
		ERR(L, v, "expected dt-props as a list of { name, value }, got %s", kind_of(v));
		return false;
	}
	n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *it = yaml_document_get_node(L->doc, v->data.sequence.items.start[i]);
		const char *name = NULL, *hex = NULL;
		unsigned char *bytes;
		size_t len;

		if (!it || it->type != YAML_MAPPING_NODE) {
			ERR(L, it ? it : v, "expected a dt-props entry { name: ..., value: \"hex bytes\" }");
			return false;
		}
		for (yaml_node_pair_t *pr = it->data.mapping.pairs.start; pr < it->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = yaml_document_get_node(L->doc, pr->key);
			yaml_node_t *val = yaml_document_get_node(L->doc, pr->value);
			const char *key = k ? scalar(L, k, "a key") : NULL;

			if (!key || !val)
				return false;
			if (!strcmp(key, "name"))
				name = scalar(L, val, "a property name");
			else if (!strcmp(key, "value"))
				hex = is_null(val) ? "" : scalar(L, val, "hex bytes");
			else {
				ERR(L, k, "unknown key '%s' in a dt-props entry; expected name and value", SHOW(key));
				return false;
			}
		}
		if (!name || !hex) {
			ERR(L, it, "a dt-props entry needs a name and a value");
			return false;
		}
		len = strlen(hex);
		if (len % 2) {
			ERR(L, it, "expected an even number of hex digits in the value of '%s'", SHOW(name));
			return false;
		}
		bytes = malloc(len / 2 + 1);
		if (!bytes) {
			L->oom = true;
			return false;
		}
		for (size_t k = 0; k < len / 2; k++) {
			int hi = hexval(hex[2 * k]), lo = hexval(hex[2 * k + 1]);

			if (hi < 0 || lo < 0) {
				free(bytes);
				ERR(L, it, "expected hex digits in the value of '%s'", SHOW(name));
				return false;
			}
			bytes[k] = (unsigned char)(hi << 4 | lo);
		}
		if (mx_region_add_prop(r, name, bytes, len / 2))
			L->oom = true;
		free(bytes);
		if (L->oom)
			return false;
	}
	return true;
}
PF(r_compat)
{
	struct mx_region *r = o;
	size_t n;

	(void)m;
	if (v->type == YAML_SCALAR_NODE) {
		/* "compatible:" alone: none, like any other empty string */
		if (mx_region_set_compatible(r, is_null(v) ? NULL : (const char *)v->data.scalar.value))
			L->oom = true;
		return !L->oom;
	}
	if (v->type != YAML_SEQUENCE_NODE) {
		ERR(L, v, "expected compatible as a string or a list of strings, got %s", kind_of(v));
		return false;
	}
	n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	mx_region_set_compatible(r, NULL);
	if (!n)
		return true;
	if (!(r->compatible = calloc(n, sizeof(char *)))) {
		L->oom = true;
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *it = yaml_document_get_node(L->doc, v->data.sequence.items.start[i]);

		/* a NULL inside the list would reach strcmp() in mx_region_is_compatible() */
		if (is_null(it)) {
			ERR(L, it, "expected a compatible string, got an empty value");
			return false;
		}
		if (!get_str(L, it, &r->compatible[i], "a compatible string"))
			return false;
		r->ncompatible = i + 1;
	}
	return true;
}
PF(r_reg) { (void)m; return get_ranges(L, v, &R(o)->reg, &R(o)->nreg, true, "a reg entry"); }
PF(r_ranges) { (void)m; return get_ranges(L, v, &R(o)->alloc_ranges, &R(o)->nalloc_ranges, true, "an alloc-ranges entry"); }
PF(r_size)
{
	(void)m;
	R(o)->has_size = get_size(L, v, &R(o)->size, "a size");
	return R(o)->has_size;
}
PF(r_align) { (void)m; return get_size(L, v, &R(o)->align, "an alignment"); }
PF(r_keep)
{
	(void)m;
	R(o)->has_fixup_keep = get_size(L, v, &R(o)->fixup_keep, "a size");
	return R(o)->has_fixup_keep;
}
static bool flag(struct ld *L, yaml_node_t *v, struct mx_region *r, unsigned bit, const char *what)
{
	bool b;

	if (!get_bool(L, v, &b, what))
		return false;
	if (b)
		r->flags |= bit;
	else
		r->flags &= ~bit;
	return true;
}
PF(r_nomap) { (void)m; return flag(L, v, o, MX_REGION_NOMAP, "no-map"); }
PF(r_reusable) { (void)m; return flag(L, v, o, MX_REGION_REUSABLE, "reusable"); }
PF(r_cma_default) { (void)m; return flag(L, v, o, MX_REGION_CMA_DEFAULT, "linux,cma-default"); }
PF(r_fixup) { (void)m; return flag(L, v, o, MX_REGION_NOMAP_FIXUP, "no-map-fixup"); }
PF(r_freed_late) { (void)m; return flag(L, v, o, MX_REGION_FREED_LATE, "freed-late"); }
PF(r_status)
{
	const char *s = scalar(L, v, "a status");

	(void)m;
	if (!s)
		return false;
	if (!strcmp(s, "disabled"))
		R(o)->flags |= MX_REGION_DISABLED;
	else if (!strcmp(s, "okay") || !strcmp(s, "ok"))
		R(o)->flags &= ~(unsigned)MX_REGION_DISABLED;
	else {
		ERR(L, v, "unknown status '%s'; expected okay or disabled", SHOW(s));
		return false;
	}
	return true;
}
static const struct key region_keys[] = {
	{ "name", r_name }, { "label", r_label }, { "compatible", r_compat }, { "reg", r_reg },
	{ "size", r_size }, { "alignment", r_align }, { "alloc-ranges", r_ranges },
	{ "no-map", r_nomap }, { "reusable", r_reusable }, { "linux,cma-default", r_cma_default },
	{ "no-map-fixup", r_fixup }, { "fixup-keep", r_keep }, { "freed-late", r_freed_late },
	{ "status", r_status }, { "note", r_note }, { "dt-path", r_path }, { "dt-props", r_props },
};
PF(k_regions)
{
	size_t n;
	bool ok = true;

	UNUSED_ARGS;
	if (v->type != YAML_SEQUENCE_NODE) {
		ERR(L, v, "expected reserved-memory as a list of regions, got %s", kind_of(v));
		return false;
	}
	n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	if (!n)
		return true;
	if (!(L->p->regions = calloc(n, sizeof(*L->p->regions)))) {
		L->oom = true;
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *it = yaml_document_get_node(L->doc, v->data.sequence.items.start[i]);
		struct mx_region *r = &L->p->regions[i];

		L->p->nregions = i + 1;
		pos_of(L, it, &r->pos);
		if (!walk_map(L, it, region_keys, sizeof(region_keys) / sizeof(region_keys[0]), r,
			      "a reserved-memory region")) {
			ok = false;
			continue;
		}
		if (!r->name) {
			ERR(L, it, "a reserved-memory region needs a name");
			ok = false;
		}
	}
	return ok;
}

static const struct key top_keys[] = {
	{ "name", k_name }, { "description", k_desc }, { "arch", k_arch }, { "kernel", k_kernel },
	{ "page-size", k_page }, { "struct-page", k_struct_page }, { "memory-model", k_model },
	{ "vmemmap", k_vmemmap }, { "sparsemem-extreme", k_extreme }, { "max-order", k_max_order },
	{ "pageblock-order", k_pageblock }, { "max-physmem-bits", k_physbits },
	{ "section-size-bits", k_secbits }, { "vmsplit", k_vmsplit }, { "vmalloc", k_vmalloc },
	{ "cma-size", k_cma }, { "bootargs", k_bootargs }, { "memory", k_memory },
	{ "kernel-image", k_kernel_image }, { "pgd", k_pgd }, { "initrd", k_initrd },
	{ "fdt", k_fdt }, { "memreserve", k_memreserve }, { "early-allocations", k_early },
	{ "reserved-memory", k_regions }, { "dt-source", k_dt_source }, { "dt-cells", k_dt_cells },
	{ "usable-memory-range", k_usable },
};

/*
 * libyaml's reader (bad UTF-8, control characters, NUL bytes) gives a byte
 * offset and leaves problem_mark at 0:0, so every such error would point at
 * 1:1. Count lines and characters up to the offset the way the scanner does.
 */
static yaml_mark_t reader_mark(const char *buf, size_t len, size_t off)
{
	yaml_mark_t mk = { off, 0, 0 };
	size_t i = 0;

	if (off > len)
		off = len;
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		i = 3; /* the reader drops a UTF-8 byte order mark */
	for (; i < off; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\n' || (c == '\r' && (i + 1 >= len || buf[i + 1] != '\n'))) {
			mk.line++;
			mk.column = 0;
		} else if ((c & 0xc0) != 0x80) { /* not a UTF-8 continuation byte */
			mk.column++;
		}
	}
	return mk;
}

static void syntax_error(struct ld *L, const yaml_parser_t *ps, const char *buf, size_t len)
{
	const char *what = ps->problem ? ps->problem : "syntax error";
	yaml_mark_t mk = ps->problem_mark;

	if (ps->error == YAML_READER_ERROR) {
		mk = reader_mark(buf, len, ps->problem_offset);
		if (ps->problem_value == 0)
			err_mark(L, &mk, "malformed YAML: %s (found a NUL byte)", what);
		else if (ps->problem_value < 0)
			err_mark(L, &mk, "malformed YAML: %s", what);
		else if (strstr(what, "UTF-8"))
			err_mark(L, &mk, "malformed YAML: %s (byte 0x%02x); expected UTF-8 text",
				 what, (unsigned)ps->problem_value);
		else
			err_mark(L, &mk, "malformed YAML: %s (found U+%04X)", what,
				 (unsigned)ps->problem_value);
		return;
	}
	/* "did not find expected ']'" is at the end of the file: say where the list began */
	if (ps->context && (ps->context_mark.line != mk.line || ps->context_mark.column != mk.column))
		err_mark(L, &mk, "malformed YAML: %s %s (it starts at line %d, column %d)", what,
			 ps->context, (int)ps->context_mark.line + 1, (int)ps->context_mark.column + 1);
	else
		err_mark(L, &mk, "malformed YAML: %s%s%s", what, ps->context ? " " : "",
			 ps->context ? ps->context : "");
}

/*
 * Walk the events up to MAX_DEPTH + 1 levels. Returns 1 (with an error)
 * when the document is too deep, MX_ENOMEM, or 0 otherwise; syntax errors
 * are left for yaml_parser_load() to report.
 */
static int check_depth(struct ld *L, const char *buf, size_t len)
{
	yaml_parser_t ps;
	yaml_event_t ev;
	int depth = 0, ret = 0;

	if (!yaml_parser_initialize(&ps))
		return MX_ENOMEM;
	yaml_parser_set_input_string(&ps, (const unsigned char *)buf, len);
	for (;;) {
		yaml_event_type_t t;

		if (!yaml_parser_parse(&ps, &ev)) {
			if (ps.error == YAML_MEMORY_ERROR)
				ret = MX_ENOMEM;
			break;
		}
		t = ev.type;
		if (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT) {
			if (++depth > MAX_DEPTH) {
				err_mark(L, &ev.start_mark,
					 "lists and mappings nested more than %d deep; a profile needs 5 levels",
					 MAX_DEPTH);
				ret = 1;
			}
		} else if (t == YAML_SEQUENCE_END_EVENT || t == YAML_MAPPING_END_EVENT) {
			depth--;
		}
		yaml_event_delete(&ev);
		if (ret || t == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&ps);
	return ret;
}

int mx_profile_load_yaml(struct mx_profile *p, const char *buf, size_t len, const char *name,
			 struct mx_diaglist *diags)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;
	struct ld L = { &doc, p, diags, 0, false };
	struct mx_diaglist scratch;
	int ret = 0;

	mx_diaglist_init(&scratch);
	if (!diags)
		L.diags = &scratch;
	mx_profile_release(p);
	if (mx_str_set(&p->source, name ? name : "<profile>"))
		return MX_ENOMEM;
	p->pos.file = p->source;
	p->pos.line = 1;
	p->pos.col = 1;
	ret = check_depth(&L, buf, len);
	if (ret) {
		ret = ret == MX_ENOMEM ? MX_ENOMEM : MX_EPARSE;
		goto out;
	}
	if (!yaml_parser_initialize(&parser)) {
		mx_profile_release(p);
		return MX_ENOMEM;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		if (parser.error == YAML_MEMORY_ERROR) {
			ret = MX_ENOMEM;
		} else {
			syntax_error(&L, &parser, buf, len);
			ret = MX_EPARSE;
		}
		yaml_parser_delete(&parser);
		goto out;
	}
	/*
	 * yaml_parser_load() stops after the first document; a second one
	 * after "---" would be dropped without a word, so look for it.
	 */
	root = yaml_document_get_root_node(&doc);
	if (root) {
		yaml_document_t more;
		yaml_node_t *next;

		if (!yaml_parser_load(&parser, &more)) {
			if (parser.error == YAML_MEMORY_ERROR) {
				ret = MX_ENOMEM;
			} else {
				syntax_error(&L, &parser, buf, len);
				ret = MX_EPARSE;
			}
			yaml_parser_delete(&parser);
			yaml_document_delete(&doc);
			goto out;
		}
		next = yaml_document_get_root_node(&more);
		if (next)
			err_mark(&L, &more.start_mark,
				 "a profile is one YAML document; found a second one (remove the '---' or split the file)");
		yaml_document_delete(&more);
	}
	yaml_parser_delete(&parser);
	if (!root || is_null(root)) {
		yaml_mark_t mk = { 0, 0, 0 };

		err_mark(&L, root ? &root->start_mark : &mk,
			 "the profile is empty; expected a mapping with arch, memory, ...");
		ret = MX_EPARSE;
	} else {
		bool ok = walk_map(&L, root, top_keys, sizeof(top_keys) / sizeof(top_keys[0]), NULL,
				   "the profile");

		if (ok && !L.oom) {
			if (p->arch == MX_ARCH_NONE) {
				ERR(&L, root, "the profile needs an arch (arm, arm64 or riscv64)");
				ok = false;
			}
			if (!p->nmemory) {
				ERR(&L, root, "the profile needs at least one memory bank");
				ok = false;
			}
		}
		if (L.oom)
			ret = MX_ENOMEM;
		else if (!ok || L.nerr)
			ret = MX_EPARSE;
	}
	yaml_document_delete(&doc);
out:
	if (L.oom && !ret)
		ret = MX_ENOMEM;
	if (ret)
		mx_profile_release(p);
	mx_diaglist_release(&scratch);
	return ret;
}

int mx_file_read(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct mx_buf b;
	char chunk[65536];
	size_t n;

	*out = NULL;
	*len = 0;
	if (!f)
		return errno == ENOENT ? MX_ENOENT : MX_EIO;
	mx_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (mx_buf_add(&b, chunk, n))
			break;
	if (ferror(f) || b.failed) {
		int e = b.failed ? MX_ENOMEM : MX_EIO;

		fclose(f);
		mx_buf_release(&b);
		return e;
	}
	fclose(f);
	*out = mx_buf_detach(&b, len);
	return *out ? 0 : MX_ENOMEM;
}

int mx_profile_load_yaml_file(struct mx_profile *p, const char *path, struct mx_diaglist *diags)
{
	char *buf;
	size_t len;
	int r = mx_file_read(path, &buf, &len);

	if (r) {
		struct mx_srcpos pos = { path, 0, 0 };

		mx_diag_add(diags, MX_SEV_ERROR, NULL, &pos, -1, "cannot read the profile: %s",
			    r == MX_ENOENT ? "no such file" : mx_strerror(r));
		return r;
	}
	r = mx_profile_load_yaml(p, buf, len, path, diags);
	free(buf);
	return r;
}

extern const char mx_default_profile_text[];
extern const size_t mx_default_profile_len;
extern const char mx_default_profile_name[];

int mx_profile_load_default(struct mx_profile *p, struct mx_diaglist *diags)
{
	return mx_profile_load_yaml(p, mx_default_profile_text, mx_default_profile_len,
				    mx_default_profile_name, diags);
}
