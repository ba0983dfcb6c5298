/* profile_yaml.c - the profile schema: its top-level keys (reserved-memory: in profile_region.c), and loading */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "memx/profile.h"
#include "yaml_read.h"
#include "profile_kside.h"
#include "profile_boot.h"

#define PF(fn) static bool fn(struct yaml_load *L, yaml_node_t *v, void *o, yaml_node_t *m)
#define UNUSED_ARGS (void)o, (void)m

PF(k_name) { UNUSED_ARGS; return mxi_yaml_str(L, v, &L->p->name, "a board name"); }
PF(k_desc) { UNUSED_ARGS; return mxi_yaml_str(L, v, &L->p->description, "a description"); }
PF(k_kernel) { UNUSED_ARGS; return mxi_yaml_str(L, v, &L->p->kernel, "a kernel version like \"3.18\""); }
PF(k_bootargs) { UNUSED_ARGS; return mxi_yaml_str(L, v, &L->p->bootargs, "a kernel command line"); }
PF(k_page) { UNUSED_ARGS; return mxi_yaml_size(L, v, &L->p->page_size, "a page size"); }
/*
 * The vmalloc area of 32-bit ARM lies inside the 4 GiB of virtual addresses
 * (VMALLOC_END - size): a larger size wraps the arithmetic of the lowmem
 * limit (arch/arm/mm/mmu.c, adjust_lowmem_bounds), so it is refused.
 */
PF(k_vmalloc)
{
	UNUSED_ARGS;
	if (!mxi_yaml_size(L, v, &L->p->vmalloc_size, "a vmalloc size"))
		return false;
	if (L->p->vmalloc_size >= (1ULL << 32)) {
		ERR(L, v, "expected a vmalloc size below 4G (a 32-bit ARM kernel's area), got '%s'",
		    SHOW((const char *)v->data.scalar.value));
		return false;
	}
	return true;
}
PF(k_struct_page)
{
	unsigned x;

	UNUSED_ARGS;
	if (!mxi_yaml_uint(L, v, &x, 4096, "sizeof(struct page) in bytes"))
		return false;
	L->p->struct_page = x;
	return true;
}
PF(k_max_order) { UNUSED_ARGS; return mxi_yaml_uint(L, v, &L->p->max_order, 20, "MAX_ORDER"); }
PF(k_pageblock) { UNUSED_ARGS; return mxi_yaml_uint(L, v, &L->p->pageblock_order, 30, "pageblock_order"); }
PF(k_physbits) { UNUSED_ARGS; return mxi_yaml_uint(L, v, &L->p->max_physmem_bits, 63, "MAX_PHYSMEM_BITS"); }
PF(k_secbits) { UNUSED_ARGS; return mxi_yaml_uint(L, v, &L->p->section_size_bits, 62, "SECTION_SIZE_BITS"); }
PF(k_cma)
{
	UNUSED_ARGS;
	L->p->has_cma_size = mxi_yaml_size(L, v, &L->p->cma_size, "a CMA size");
	return L->p->has_cma_size;
}
PF(k_arch)
{
	const char *s = mxi_yaml_scalar(L, v, "an arch");

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
	const char *s = mxi_yaml_scalar(L, v, "a memory model");

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
	if (!mxi_yaml_bool(L, v, &b, "vmemmap"))
		return false;
	L->p->vmemmap = b;
	return true;
}
PF(k_extreme)
{
	bool b;

	UNUSED_ARGS;
	if (!mxi_yaml_bool(L, v, &b, "sparsemem-extreme"))
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
	const char *s = mxi_yaml_scalar(L, v, "a VMSPLIT");

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
	bool ok, single = mxi_yaml_is_single_range(L, v);

	UNUSED_ARGS;
	ok = mxi_yaml_ranges(L, v, &r, &n, true, "a memory bank");
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
		mxi_yaml_pos(L, item, &L->p->memory[i].pos);
	}
	L->p->nmemory = n;
	free(r);
	return ok;
}
PF(k_dt_source) { UNUSED_ARGS; return mxi_yaml_str(L, v, &L->p->dt_source, "a file name"); }
PF(k_dt_cells)
{
	UNUSED_ARGS;
	if (v->type != YAML_SEQUENCE_NODE || v->data.sequence.items.top - v->data.sequence.items.start != 2) {
		ERR(L, v, "expected dt-cells as [address-cells, size-cells]");
		return false;
	}
	return mxi_yaml_uint(L, yaml_document_get_node(L->doc, v->data.sequence.items.start[0]),
			&L->p->dt_addr_cells, 2, "#address-cells (1 or 2)") &&
	       mxi_yaml_uint(L, yaml_document_get_node(L->doc, v->data.sequence.items.start[1]),
			&L->p->dt_size_cells, 2, "#size-cells (1 or 2)");
}
PF(k_usable)
{
	UNUSED_ARGS;
	return mxi_yaml_ranges(L, v, &L->p->usable, &L->p->nusable, true, "a usable-memory-range entry");
}
PF(k_memreserve) { UNUSED_ARGS; return mxi_yaml_ranges(L, v, &L->p->memreserve, &L->p->nmemreserve, false, "a /memreserve/ entry"); }

/* kernel-image */
#define KF(fn, field, what) \
	static bool fn(struct yaml_load *L, yaml_node_t *v, void *o, yaml_node_t *m) \
	{ (void)m; return mxi_yaml_size(L, v, &((struct mx_kernel_image *)o)->field, what); }
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
	k->has_base = mxi_yaml_size(L, v, &k->base, "a physical address");
	return k->has_base;
}
PF(ki_init_base)
{
	struct mx_kernel_image *k = o;

	(void)m;
	k->has_init_base = mxi_yaml_size(L, v, &k->init_base, "a physical address");
	return k->has_init_base;
}
static const struct yaml_key kernel_keys[] = {
	{ "base", ki_base }, { "size", ki_size }, { "code", ki_code }, { "rwdata", ki_rwdata },
	{ "rodata", ki_rodata }, { "init", ki_init }, { "init-base", ki_init_base }, { "bss", ki_bss },
};
PF(k_kernel_image)
{
	(void)o, (void)m;
	mxi_yaml_pos(L, v, &L->p->kernel_image.pos);
	return mxi_yaml_map(L, v, kernel_keys, sizeof(kernel_keys) / sizeof(kernel_keys[0]),
			&L->p->kernel_image, "kernel-image");
}

/* pgd / initrd / fdt */
PF(b_base)
{
	struct mx_blob *b = o;

	(void)m;
	b->has_base = mxi_yaml_size(L, v, &b->base, "a physical address");
	return b->has_base;
}
PF(b_size) { (void)m; return mxi_yaml_size(L, v, &((struct mx_blob *)o)->size, "a size"); }
static const struct yaml_key blob_keys[] = { { "base", b_base }, { "size", b_size } };
static bool blob(struct yaml_load *L, yaml_node_t *v, struct mx_blob *b, const char *what, bool need_base)
{
	bool ok;

	memset(b, 0, sizeof(*b));
	mxi_yaml_pos(L, v, &b->pos);
	ok = mxi_yaml_map(L, v, blob_keys, 2, b, what);
	b->present = true;
	if (ok && need_base && !b->has_base) {
		ERR(L, v, "%s needs a base address", what);
		return false;
	}
	return ok;
}
/* boot-loader: qemu  or  { type: u-boot, ... } (profile_boot.c) */
PF(k_boot) { UNUSED_ARGS; return mxi_yaml_boot(L, v, &L->p->boot); }
PF(k_pgd) { UNUSED_ARGS; return blob(L, v, &L->p->pgd, "pgd", false); }
/* with a boot loader that places it, an initrd needs only its size */
PF(k_initrd) { UNUSED_ARGS; return blob(L, v, &L->p->initrd, "initrd", false); }
PF(k_fdt) { UNUSED_ARGS; return blob(L, v, &L->p->fdt, "fdt", false); }

/* early-allocations */
PF(e_name) { (void)m; return mxi_yaml_str(L, v, &((struct mx_early_alloc *)o)->name, "a name"); }
PF(e_func) { (void)m; return mxi_yaml_str(L, v, &((struct mx_early_alloc *)o)->func, "a kernel function"); }
PF(e_note) { (void)m; return mxi_yaml_str(L, v, &((struct mx_early_alloc *)o)->note, "a note"); }
PF(e_size) { (void)m; return mxi_yaml_size(L, v, &((struct mx_early_alloc *)o)->size, "a size"); }
PF(e_align) { (void)m; return mxi_yaml_size(L, v, &((struct mx_early_alloc *)o)->align, "an alignment"); }
PF(e_calib) { (void)m; return mxi_yaml_bool(L, v, &((struct mx_early_alloc *)o)->calibration, "calibration"); }
PF(e_percpu) { (void)m; return mxi_yaml_bool(L, v, &((struct mx_early_alloc *)o)->per_cpu, "per-cpu"); }
PF(e_temp) { (void)m; return mxi_yaml_bool(L, v, &((struct mx_early_alloc *)o)->temporary, "temporary"); }
PF(k_kside) { UNUSED_ARGS; return mxi_yaml_kside(L, v, &L->p->kside); }
PF(e_phase)
{
	struct mx_early_alloc *e = o;
	const char *s = mxi_yaml_scalar(L, v, "a phase");

	(void)m;
	if (!s)
		return false;
	if (!strcmp(s, "paging"))
		e->phase = MX_PHASE_PAGING;
	else if (!strcmp(s, "setup"))
		e->phase = MX_PHASE_SETUP;
	else if (!strcmp(s, "start-kernel"))
		e->phase = MX_PHASE_START_KERNEL;
	else if (!strcmp(s, "bootmem"))
		e->phase = MX_PHASE_BOOTMEM;
	else {
		ERR(L, v, "unknown phase '%s'; expected paging, bootmem, setup or start-kernel", SHOW(s));
		return false;
	}
	return true;
}
static const struct yaml_key early_keys[] = {
	{ "name", e_name }, { "func", e_func }, { "phase", e_phase }, { "size", e_size },
	{ "align", e_align }, { "calibration", e_calib }, { "note", e_note },
	{ "per-cpu", e_percpu }, { "temporary", e_temp },
};
PF(k_early)
{
	size_t n;
	bool ok = true;

	UNUSED_ARGS;
	if (v->type != YAML_SEQUENCE_NODE) {
		ERR(L, v, "expected early-allocations as a list, got %s", mxi_yaml_kind(v));
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
		mxi_yaml_pos(L, it, &e->pos);
		if (!mxi_yaml_map(L, it, early_keys, sizeof(early_keys) / sizeof(early_keys[0]), e,
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

/* reserved-memory (profile_region.c) */
PF(k_regions) { UNUSED_ARGS; return mxi_yaml_regions(L, v); }

/*
 * budget: the limits memx check holds the board to. Each is a size;
 * max-region-size is one size for every region, or a mapping REGION: SIZE
 * ("*" for every other region).
 */
static bool budget_limit(struct yaml_load *L, yaml_node_t *v, enum mx_budget_key k)
{
	struct mx_budget *b = &L->p->budget;
	char what[64];

	snprintf(what, sizeof(what), "a %s size", mx_budget_key_name(k));
	if (!mxi_yaml_size(L, v, &b->limit[k], what))
		return false;
	b->has |= 1u << k;
	mxi_yaml_pos(L, v, &b->pos[k]);
	return true;
}
PF(bu_memtotal) { UNUSED_ARGS; return budget_limit(L, v, MX_BUDGET_MIN_MEMTOTAL); }
PF(bu_lowtotal) { UNUSED_ARGS; return budget_limit(L, v, MX_BUDGET_MIN_LOWTOTAL); }
PF(bu_reserved) { UNUSED_ARGS; return budget_limit(L, v, MX_BUDGET_MAX_RESERVED); }
PF(bu_cma) { UNUSED_ARGS; return budget_limit(L, v, MX_BUDGET_MAX_CMA); }
PF(bu_memmap) { UNUSED_ARGS; return budget_limit(L, v, MX_BUDGET_MAX_MEMMAP); }
PF(bu_region)
{
	yaml_node_pair_t *pr;
	bool ok = true;

	UNUSED_ARGS;
	if (v->type != YAML_MAPPING_NODE)
		return budget_limit(L, v, MX_BUDGET_MAX_REGION_SIZE);
	for (pr = v->data.mapping.pairs.start; pr < v->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(L->doc, pr->key);
		yaml_node_t *x = yaml_document_get_node(L->doc, pr->value);
		const char *name;
		struct mx_srcpos pos;
		uint64_t max;

		if (!k || !x || !(name = mxi_yaml_scalar(L, k, "a region name"))) {
			ok = false;
			continue;
		}
		if (!strcmp(name, "*")) {
			ok &= budget_limit(L, x, MX_BUDGET_MAX_REGION_SIZE);
			continue;
		}
		if (!mxi_yaml_size(L, x, &max, "a region's size limit")) {
			ok = false;
			continue;
		}
		mxi_yaml_pos(L, k, &pos);
		if (mx_budget_add_region(&L->p->budget, name, max, &pos)) {
			L->oom = true;
			return false;
		}
	}
	return ok;
}
static const struct yaml_key budget_keys[] = {
	{ "min-memtotal", bu_memtotal }, { "min-lowtotal", bu_lowtotal }, { "max-reserved", bu_reserved },
	{ "max-cma", bu_cma }, { "max-memmap", bu_memmap }, { "max-region-size", bu_region },
};
PF(k_budget)
{
	UNUSED_ARGS;
	return mxi_yaml_map(L, v, budget_keys, sizeof(budget_keys) / sizeof(budget_keys[0]), NULL, "budget");
}

static const struct yaml_key top_keys[] = {
	{ "name", k_name }, { "description", k_desc }, { "arch", k_arch }, { "kernel", k_kernel },
	{ "page-size", k_page }, { "struct-page", k_struct_page }, { "memory-model", k_model },
	{ "vmemmap", k_vmemmap }, { "sparsemem-extreme", k_extreme }, { "max-order", k_max_order },
	{ "pageblock-order", k_pageblock }, { "max-physmem-bits", k_physbits },
	{ "section-size-bits", k_secbits }, { "vmsplit", k_vmsplit }, { "vmalloc", k_vmalloc },
	{ "cma-size", k_cma }, { "bootargs", k_bootargs }, { "memory", k_memory },
	{ "kernel-image", k_kernel_image }, { "pgd", k_pgd }, { "initrd", k_initrd },
	{ "fdt", k_fdt }, { "boot-loader", k_boot }, { "memreserve", k_memreserve }, { "early-allocations", k_early },
	{ "reserved-memory", k_regions }, { "dt-source", k_dt_source }, { "dt-cells", k_dt_cells },
	{ "usable-memory-range", k_usable }, { "kernel-side", k_kside }, { "budget", k_budget },
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

static void syntax_error(struct yaml_load *L, const yaml_parser_t *ps, const char *buf, size_t len)
{
	const char *what = ps->problem ? ps->problem : "syntax error";
	yaml_mark_t mk = ps->problem_mark;

	if (ps->error == YAML_READER_ERROR) {
		mk = reader_mark(buf, len, ps->problem_offset);
		if (ps->problem_value == 0)
			mxi_yaml_err(L, &mk, "malformed YAML: %s (found a NUL byte)", what);
		else if (ps->problem_value < 0)
			mxi_yaml_err(L, &mk, "malformed YAML: %s", what);
		else if (strstr(what, "UTF-8"))
			mxi_yaml_err(L, &mk, "malformed YAML: %s (byte 0x%02x); expected UTF-8 text",
				 what, (unsigned)ps->problem_value);
		else
			mxi_yaml_err(L, &mk, "malformed YAML: %s (found U+%04X)", what,
				 (unsigned)ps->problem_value);
		return;
	}
	/* "did not find expected ']'" is at the end of the file: say where the list began */
	if (ps->context && (ps->context_mark.line != mk.line || ps->context_mark.column != mk.column))
		mxi_yaml_err(L, &mk, "malformed YAML: %s %s (it starts at line %d, column %d)", what,
			 ps->context, (int)ps->context_mark.line + 1, (int)ps->context_mark.column + 1);
	else
		mxi_yaml_err(L, &mk, "malformed YAML: %s%s%s", what, ps->context ? " " : "",
			 ps->context ? ps->context : "");
}

/* Why yaml_parser_load() failed: MX_ENOMEM, or MX_EPARSE with the error reported. */
static int load_failed(struct yaml_load *L, const yaml_parser_t *ps, const char *buf, size_t len)
{
	if (ps->error == YAML_MEMORY_ERROR)
		return MX_ENOMEM;
	syntax_error(L, ps, buf, len);
	return MX_EPARSE;
}

/*
 * Walk the events up to MAX_DEPTH + 1 levels. Returns 1 (with an error)
 * when the document is too deep, MX_ENOMEM, or 0 otherwise; syntax errors
 * are left for yaml_parser_load() to report.
 */
static int check_depth(struct yaml_load *L, const char *buf, size_t len)
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
				mxi_yaml_err(L, &ev.start_mark,
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
	struct yaml_load L = { &doc, p, diags, 0, false };
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
		ret = load_failed(&L, &parser, buf, len);
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
			ret = load_failed(&L, &parser, buf, len);
			yaml_parser_delete(&parser);
			yaml_document_delete(&doc);
			goto out;
		}
		next = yaml_document_get_root_node(&more);
		if (next)
			mxi_yaml_err(&L, &more.start_mark,
				 "a profile is one YAML document; found a second one (remove the '---' or split the file)");
		yaml_document_delete(&more);
	}
	yaml_parser_delete(&parser);
	if (!root || mxi_yaml_is_null(root)) {
		yaml_mark_t mk = { 0, 0, 0 };

		mxi_yaml_err(&L, root ? &root->start_mark : &mk,
			 "the profile is empty; expected a mapping with arch, memory, ...");
		ret = MX_EPARSE;
	} else {
		bool ok = mxi_yaml_map(&L, root, top_keys, sizeof(top_keys) / sizeof(top_keys[0]), NULL,
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
			if (p->initrd.present && !p->initrd.has_base && p->boot.type == MX_LOADER_NONE) {
				mx_diag_add(L.diags, MX_SEV_ERROR, NULL, &p->initrd.pos, -1,
					    "initrd needs a base address (or a boot-loader: that places it)");
				L.nerr++;
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
