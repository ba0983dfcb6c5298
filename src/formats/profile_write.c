/* profile_write.c - save a profile as YAML that loads back into an equal profile */
#include <inttypes.h>
#include <string.h>

#include "core_internal.h"
#include "memx/profile.h"
#include "yaml_read.h"
#include "profile_kside.h"
#include "profile_boot.h"

/* Sizes: "16M" when exact, else decimal bytes; the loader reads both. */
static void size_str(struct mx_buf *b, uint64_t v)
{
	static const char suf[] = "KMGT";
	int u = -1;

	while (v && u < 3 && !(v & 1023)) {
		v >>= 10;
		u++;
	}
	if (u < 0)
		mx_buf_addf(b, "%" PRIu64, v);
	else
		mx_buf_addf(b, "%" PRIu64 "%c", v, suf[u]);
}

static void addr_str(struct mx_buf *b, uint64_t v)
{
	mx_buf_addf(b, "0x%" PRIx64, v);
}

static bool is_utf8(const unsigned char *s)
{
	uint32_t cp;
	size_t n;

	for (; *s; s += n)
		if (!(n = *s < 0x80 ? 1 : mxi_utf8_seq(s, &cp)))
			return false;
	return true;
}

/*
 * Double-quoted YAML scalar. Not mx_buf_add_json_str(): JSON lets DEL,
 * C1 controls, U+2028/U+2029 and U+FEFF through raw, and libyaml either
 * refuses those ("control characters are not allowed") or folds the line
 * separators into spaces, so the file would not load back equal.
 *
 * Bytes that are not UTF-8 (a compatible string from a DTB, an edit) cannot
 * be said in a YAML string: "\xff" loads back as U+00FF, two other bytes.
 * Such a string is written whole as bytes, tagged: !bytes "qcom,\xffx"
 * (every byte outside printable ASCII as \xNN), which the loader turns back
 * into the same bytes (yaml_read.c, mxi_yaml_str), so load, save and load
 * again give the same bytes.
 */
void mxi_yaml_qstr(struct mx_buf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	bool bytes = !is_utf8(s);

	mx_buf_adds(b, bytes ? MXI_YAML_BYTES_TAG " \"" : "\"");
	while (*s) {
		uint32_t cp = *s;
		size_t n = 1;

		if (cp >= 0x80 && (bytes || !(n = mxi_utf8_seq(s, &cp)))) {
			mx_buf_addf(b, "\\x%02x", *s++);
			continue;
		}
		if (cp == '"' || cp == '\\')
			mx_buf_addf(b, "\\%c", (char)cp);
		else if (cp == '\n')
			mx_buf_adds(b, "\\n");
		else if (cp == '\t')
			mx_buf_adds(b, "\\t");
		else if (cp == '\r')
			mx_buf_adds(b, "\\r");
		else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			mx_buf_addf(b, "\\x%02x", (unsigned)cp);
		else if (cp == 0x2028 || cp == 0x2029 || cp == 0xfeff || cp == 0xfffe || cp == 0xffff)
			mx_buf_addf(b, "\\u%04x", (unsigned)cp);
		else
			mx_buf_add(b, (const char *)s, n);
		s += n;
	}
	mx_buf_adds(b, "\"");
}

static void kv_size(struct mx_buf *b, const char *ind, const char *k, uint64_t v)
{
	mx_buf_addf(b, "%s%s: ", ind, k);
	size_str(b, v);
	mx_buf_adds(b, "\n");
}

static void kv_addr(struct mx_buf *b, const char *ind, const char *k, uint64_t v)
{
	mx_buf_addf(b, "%s%s: ", ind, k);
	addr_str(b, v);
	mx_buf_adds(b, "\n");
}

static void kv_str(struct mx_buf *b, const char *ind, const char *k, const char *v)
{
	mx_buf_addf(b, "%s%s: ", ind, k);
	mxi_yaml_qstr(b, v);
	mx_buf_adds(b, "\n");
}

static void range(struct mx_buf *b, const struct mx_range *r)
{
	mx_buf_adds(b, "{ base: ");
	addr_str(b, r->base);
	mx_buf_adds(b, ", size: ");
	size_str(b, r->size);
	mx_buf_adds(b, " }");
}

static void ranges(struct mx_buf *b, const char *ind, const char *k, const struct mx_range *r, size_t n)
{
	mx_buf_addf(b, "%s%s:", ind, k);
	if (!n) {
		mx_buf_adds(b, " []\n");
		return;
	}
	mx_buf_adds(b, "\n");
	for (size_t i = 0; i < n; i++) {
		mx_buf_addf(b, "%s  - ", ind);
		range(b, &r[i]);
		mx_buf_adds(b, "\n");
	}
}

static void blob(struct mx_buf *b, const char *k, const struct mx_blob *x)
{
	if (!x->present)
		return;
	mx_buf_addf(b, "%s: { ", k);
	if (x->has_base) {
		mx_buf_adds(b, "base: ");
		addr_str(b, x->base);
		mx_buf_adds(b, ", ");
	}
	mx_buf_adds(b, "size: ");
	size_str(b, x->size);
	mx_buf_adds(b, " }\n");
}

static void region(struct mx_buf *b, const struct mx_region *r)
{
	static const struct { unsigned bit; const char *key; } flags[] = {
		{ MX_REGION_NOMAP, "no-map" }, { MX_REGION_REUSABLE, "reusable" },
		{ MX_REGION_CMA_DEFAULT, "linux,cma-default" }, { MX_REGION_NOMAP_FIXUP, "no-map-fixup" },
		{ MX_REGION_FREED_LATE, "freed-late" },
	};

	kv_str(b, "  - ", "name", r->name);
	if (r->label)
		kv_str(b, "    ", "label", r->label);
	if (r->ncompatible == 1) {
		kv_str(b, "    ", "compatible", r->compatible[0]);
	} else if (r->ncompatible > 1) {
		mx_buf_adds(b, "    compatible: [");
		for (size_t i = 0; i < r->ncompatible; i++) {
			mx_buf_adds(b, i ? ", " : "");
			mxi_yaml_qstr(b, r->compatible[i]);
		}
		mx_buf_adds(b, "]\n");
	}
	if (r->nreg == 1) {
		mx_buf_adds(b, "    reg: ");
		range(b, &r->reg[0]);
		mx_buf_adds(b, "\n");
	} else if (r->nreg > 1) {
		ranges(b, "    ", "reg", r->reg, r->nreg);
	}
	if (r->has_size)
		kv_size(b, "    ", "size", r->size);
	if (r->align)
		kv_size(b, "    ", "alignment", r->align);
	if (r->nalloc_ranges)
		ranges(b, "    ", "alloc-ranges", r->alloc_ranges, r->nalloc_ranges);
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (r->flags & flags[i].bit)
			mx_buf_addf(b, "    %s: true\n", flags[i].key);
	if (r->has_fixup_keep)
		kv_size(b, "    ", "fixup-keep", r->fixup_keep);
	if (r->flags & MX_REGION_DISABLED)
		mx_buf_adds(b, "    status: disabled\n");
	if (r->note)
		kv_str(b, "    ", "note", r->note);
	if (r->path)
		kv_str(b, "    ", "dt-path", r->path);
	if (r->nprops) {
		mx_buf_adds(b, "    dt-props:\n");
		for (size_t i = 0; i < r->nprops; i++) {
			mx_buf_adds(b, "      - { name: ");
			mxi_yaml_qstr(b, r->props[i].name);
			mx_buf_adds(b, ", value: \"");
			for (size_t k = 0; k < r->props[i].len; k++)
				mx_buf_addf(b, "%02x", r->props[i].val[k]);
			mx_buf_adds(b, "\" }\n");
		}
	}
}

/* budget: the limits of memx check, as the loader reads them */
static void budget(struct mx_buf *b, const struct mx_budget *bu)
{
	if (!bu->has && !bu->nregions)
		return;
	mx_buf_adds(b, "budget:\n");
	for (int k = 0; k < MX_BUDGET__COUNT; k++) {
		if (k == MX_BUDGET_MAX_REGION_SIZE && bu->nregions) {
			mx_buf_adds(b, "  max-region-size:\n");
			if (bu->has & (1u << k))
				kv_size(b, "    ", "\"*\"", bu->limit[k]);
			for (size_t i = 0; i < bu->nregions; i++) {
				mx_buf_adds(b, "    ");
				mxi_yaml_qstr(b, bu->regions[i].region);
				mx_buf_adds(b, ": ");
				size_str(b, bu->regions[i].max);
				mx_buf_adds(b, "\n");
			}
		} else if (bu->has & (1u << k)) {
			kv_size(b, "  ", mx_budget_key_name((enum mx_budget_key)k), bu->limit[k]);
		}
	}
}

int mx_profile_write_yaml(const struct mx_profile *p, struct mx_buf *b)
{
	const struct mx_kernel_image *k = &p->kernel_image;

	mx_buf_adds(b, "# memx board profile (written by memx " MX_VERSION ")\n");
	if (p->name)
		kv_str(b, "", "name", p->name);
	if (p->description)
		kv_str(b, "", "description", p->description);
	mx_buf_addf(b, "arch: %s\n", mx_arch_name(p->arch));
	if (p->kernel)
		kv_str(b, "", "kernel", p->kernel);
	if (p->page_size)
		kv_size(b, "", "page-size", p->page_size);
	if (p->struct_page)
		mx_buf_addf(b, "struct-page: %u\n", p->struct_page);
	if (p->model != MX_MM_DEFAULT)
		mx_buf_addf(b, "memory-model: %s\n", p->model == MX_MM_FLAT ? "flatmem" : "sparsemem");
	if (p->vmemmap >= 0)
		mx_buf_addf(b, "vmemmap: %s\n", p->vmemmap ? "true" : "false");
	if (p->extreme >= 0)
		mx_buf_addf(b, "sparsemem-extreme: %s\n", p->extreme ? "true" : "false");
	if (p->max_order)
		mx_buf_addf(b, "max-order: %u\n", p->max_order);
	if (p->pageblock_order)
		mx_buf_addf(b, "pageblock-order: %u\n", p->pageblock_order);
	if (p->max_physmem_bits)
		mx_buf_addf(b, "max-physmem-bits: %u\n", p->max_physmem_bits);
	if (p->section_size_bits)
		mx_buf_addf(b, "section-size-bits: %u\n", p->section_size_bits);
	if (p->vmsplit != MX_VMSPLIT_DEFAULT)
		mx_buf_addf(b, "vmsplit: %s\n", mx_vmsplit_name(p->vmsplit));
	if (p->vmalloc_size)
		kv_size(b, "", "vmalloc", p->vmalloc_size);
	if (p->has_cma_size)
		kv_size(b, "", "cma-size", p->cma_size);
	if (p->dt_source)
		kv_str(b, "", "dt-source", p->dt_source);
	if (p->dt_addr_cells || p->dt_size_cells)
		mx_buf_addf(b, "dt-cells: [%u, %u]\n", p->dt_addr_cells, p->dt_size_cells);
	if (p->nusable)
		ranges(b, "", "usable-memory-range", p->usable, p->nusable);
	if (p->bootargs)
		kv_str(b, "", "bootargs", p->bootargs);
	mx_buf_adds(b, "memory:\n");
	for (size_t i = 0; i < p->nmemory; i++) {
		struct mx_range r = { p->memory[i].base, p->memory[i].size };

		mx_buf_adds(b, "  - ");
		range(b, &r);
		mx_buf_adds(b, "\n");
	}
	mx_buf_adds(b, "kernel-image:\n");
	if (k->has_base)
		kv_addr(b, "  ", "base", k->base);
	kv_size(b, "  ", "size", k->size);
	kv_size(b, "  ", "code", k->code);
	kv_size(b, "  ", "rwdata", k->rwdata);
	kv_size(b, "  ", "rodata", k->rodata);
	kv_size(b, "  ", "init", k->init);
	if (k->has_init_base)
		kv_addr(b, "  ", "init-base", k->init_base);
	kv_size(b, "  ", "bss", k->bss);
	blob(b, "pgd", &p->pgd);
	mxi_boot_write(&p->boot, b);
	blob(b, "initrd", &p->initrd);
	blob(b, "fdt", &p->fdt);
	if (p->nmemreserve)
		ranges(b, "", "memreserve", p->memreserve, p->nmemreserve);
	mxi_kside_write(&p->kside, b);
	if (p->nearly) {
		mx_buf_adds(b, "early-allocations:\n");
		for (size_t i = 0; i < p->nearly; i++) {
			const struct mx_early_alloc *e = &p->early[i];

			kv_str(b, "  - ", "name", e->name);
			if (e->func)
				kv_str(b, "    ", "func", e->func);
			mx_buf_addf(b, "    phase: %s\n", mx_phase_name(e->phase));
			kv_size(b, "    ", "size", e->size);
			if (e->align)
				kv_size(b, "    ", "align", e->align);
			if (e->calibration)
				mx_buf_adds(b, "    calibration: true\n");
			if (e->per_cpu)
				mx_buf_adds(b, "    per-cpu: true\n");
			if (e->temporary)
				mx_buf_adds(b, "    temporary: true\n");
			if (e->note)
				kv_str(b, "    ", "note", e->note);
		}
	}
	if (p->nregions) {
		mx_buf_adds(b, "reserved-memory:\n");
		for (size_t i = 0; i < p->nregions; i++)
			region(b, &p->regions[i]);
	}
	budget(b, &p->budget);
	return b->failed ? MX_ENOMEM : 0;
}
