/* profile.c - lifecycle, copying and lookups of the plain profile model */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "memx/profile.h"

void mx_profile_init(struct mx_profile *p)
{
	memset(p, 0, sizeof(*p));
	p->vmemmap = -1;
	p->extreme = -1;
}

void mx_region_release(struct mx_region *r)
{
	free(r->name);
	free(r->label);
	for (size_t i = 0; i < r->ncompatible; i++)
		free(r->compatible[i]);
	free(r->compatible);
	free(r->reg);
	free(r->alloc_ranges);
	free(r->note);
	free(r->path);
	for (size_t i = 0; i < r->nprops; i++) {
		free(r->props[i].name);
		free(r->props[i].val);
	}
	free(r->props);
	memset(r, 0, sizeof(*r));
}

const struct mx_prop *mx_region_prop(const struct mx_region *r, const char *name)
{
	for (size_t i = 0; i < r->nprops; i++)
		if (!strcmp(r->props[i].name, name))
			return &r->props[i];
	return NULL;
}

int mx_region_add_prop(struct mx_region *r, const char *name, const void *val, size_t len)
{
	struct mx_prop *v = realloc(r->props, (r->nprops + 1) * sizeof(*v));
	struct mx_prop *q;

	if (!v)
		return MX_ENOMEM;
	r->props = v;
	q = &v[r->nprops];
	q->name = strdup(name);
	q->val = malloc(len ? len : 1);
	q->len = len;
	if (!q->name || !q->val) {
		free(q->name);
		free(q->val);
		return MX_ENOMEM;
	}
	if (len)
		memcpy(q->val, val, len);
	r->nprops++;
	return 0;
}

static void early_release(struct mx_early_alloc *e)
{
	free(e->name);
	free(e->func);
	free(e->note);
	memset(e, 0, sizeof(*e));
}

void mx_profile_release(struct mx_profile *p)
{
	free(p->name);
	free(p->description);
	free(p->source);
	free(p->kernel);
	free(p->bootargs);
	free(p->dt_source);
	free(p->dt_includes);
	for (size_t i = 0; i < p->nsrcfiles; i++)
		free(p->srcfiles[i]);
	free(p->srcfiles);
	free(p->memory);
	free(p->memreserve);
	free(p->usable);
	for (size_t i = 0; i < p->nearly; i++)
		early_release(&p->early[i]);
	free(p->early);
	for (size_t i = 0; i < p->nregions; i++)
		mx_region_release(&p->regions[i]);
	free(p->regions);
	mx_budget_release(&p->budget);
	mx_profile_init(p);
}

const char *mx_budget_key_name(enum mx_budget_key k)
{
	static const char *const names[MX_BUDGET__COUNT] = {
		[MX_BUDGET_MIN_MEMTOTAL] = "min-memtotal", [MX_BUDGET_MIN_LOWTOTAL] = "min-lowtotal",
		[MX_BUDGET_MAX_RESERVED] = "max-reserved", [MX_BUDGET_MAX_CMA] = "max-cma",
		[MX_BUDGET_MAX_MEMMAP] = "max-memmap", [MX_BUDGET_MAX_REGION_SIZE] = "max-region-size",
	};

	return (unsigned)k < MX_BUDGET__COUNT ? names[k] : NULL;
}

void mx_budget_release(struct mx_budget *b)
{
	for (size_t i = 0; i < b->nregions; i++)
		free(b->regions[i].region);
	free(b->regions);
	memset(b, 0, sizeof(*b));
}

int mx_budget_add_region(struct mx_budget *b, const char *region, uint64_t max, const struct mx_srcpos *pos)
{
	struct mx_budget_region *n = realloc(b->regions, (b->nregions + 1) * sizeof(*n));
	char *name = strdup(region);

	if (n)
		b->regions = n;
	if (!n || !name) {
		free(name);
		return MX_ENOMEM;
	}
	n[b->nregions].region = name;
	n[b->nregions].max = max;
	if (pos)
		n[b->nregions].pos = *pos;
	else
		memset(&n[b->nregions].pos, 0, sizeof(n[b->nregions].pos));
	b->nregions++;
	return 0;
}

/* A deep copy of @src's budget into @n (whose budget is a shallow copy of it). */
static int budget_copy(struct mx_profile *n, const struct mx_profile *src)
{
	n->budget.regions = NULL;
	n->budget.nregions = 0;
	for (size_t i = 0; i < src->budget.nregions; i++)
		if (mx_budget_add_region(&n->budget, src->budget.regions[i].region, src->budget.regions[i].max,
					 &src->budget.regions[i].pos))
			return MX_ENOMEM;
	return 0;
}

static bool budget_eq(const struct mx_budget *a, const struct mx_budget *b)
{
	if (a->has != b->has || a->nregions != b->nregions)
		return false;
	for (int k = 0; k < MX_BUDGET__COUNT; k++)
		if ((a->has & (1u << k)) && a->limit[k] != b->limit[k])
			return false;
	for (size_t i = 0; i < a->nregions; i++)
		if (strcmp(a->regions[i].region, b->regions[i].region) || a->regions[i].max != b->regions[i].max)
			return false;
	return true;
}

int mx_str_set(char **field, const char *s)
{
	char *n = NULL;

	if (s && !(n = strdup(s)))
		return MX_ENOMEM;
	free(*field);
	*field = n;
	return 0;
}

static int dup_str(char **dst, const char *src)
{
	*dst = NULL;
	return src && !(*dst = strdup(src)) ? MX_ENOMEM : 0;
}

static int dup_mem(void **dst, const void *src, size_t n, size_t sz)
{
	*dst = NULL;
	if (!n)
		return 0;
	if (!(*dst = malloc(n * sz)))
		return MX_ENOMEM;
	memcpy(*dst, src, n * sz);
	return 0;
}

int mx_region_copy(struct mx_region *dst, const struct mx_region *src)
{
	*dst = *src;
	dst->name = dst->label = dst->note = dst->path = NULL;
	dst->compatible = NULL;
	dst->reg = dst->alloc_ranges = NULL;
	dst->ncompatible = 0;
	dst->props = NULL;
	dst->nprops = 0;
	for (size_t i = 0; i < src->nprops; i++)
		if (mx_region_add_prop(dst, src->props[i].name, src->props[i].val, src->props[i].len))
			goto fail;
	if (dup_str(&dst->name, src->name) || dup_str(&dst->label, src->label) ||
	    dup_str(&dst->note, src->note) || dup_str(&dst->path, src->path) ||
	    dup_mem((void **)&dst->reg, src->reg, src->nreg, sizeof(*src->reg)) ||
	    dup_mem((void **)&dst->alloc_ranges, src->alloc_ranges, src->nalloc_ranges,
		    sizeof(*src->alloc_ranges)))
		goto fail;
	if (src->ncompatible) {
		dst->compatible = calloc(src->ncompatible, sizeof(char *));
		if (!dst->compatible)
			goto fail;
		for (size_t i = 0; i < src->ncompatible; i++) {
			if (dup_str(&dst->compatible[i], src->compatible[i]))
				goto fail;
			dst->ncompatible = i + 1;
		}
	}
	return 0;
fail:
	mx_region_release(dst);
	return MX_ENOMEM;
}

const char *mx_profile_intern_file(struct mx_profile *p, const char *file)
{
	char **v;

	if (p->source && !strcmp(p->source, file))
		return p->source;
	for (size_t i = 0; i < p->nsrcfiles; i++)
		if (!strcmp(p->srcfiles[i], file))
			return p->srcfiles[i];
	v = realloc(p->srcfiles, (p->nsrcfiles + 1) * sizeof(*v));
	if (!v)
		return NULL;
	p->srcfiles = v;
	if (!(v[p->nsrcfiles] = strdup(file)))
		return NULL;
	return v[p->nsrcfiles++];
}

/* Positions point at the owning profile's file names; re-aim them. */
static void repoint(struct mx_srcpos *pos, const struct mx_profile *from, const struct mx_profile *to)
{
	if (!pos->file)
		return;
	if (pos->file == from->source) {
		pos->file = to->source;
		return;
	}
	for (size_t i = 0; i < from->nsrcfiles && i < to->nsrcfiles; i++)
		if (pos->file == from->srcfiles[i]) {
			pos->file = to->srcfiles[i];
			return;
		}
}

int mx_profile_copy(struct mx_profile *dst, const struct mx_profile *src)
{
	struct mx_profile n;

	mx_profile_init(&n);
	n = *src;
	n.name = n.description = n.source = n.kernel = n.bootargs = n.dt_source = n.dt_includes = NULL;
	n.memory = NULL;
	n.memreserve = NULL;
	n.usable = NULL;
	n.srcfiles = NULL;
	n.nsrcfiles = 0;
	n.early = NULL;
	n.regions = NULL;
	n.nearly = n.nregions = n.maxregions = 0;
	n.budget.regions = NULL;
	n.budget.nregions = 0;
	if (dup_str(&n.name, src->name) || dup_str(&n.description, src->description) ||
	    dup_str(&n.source, src->source) || dup_str(&n.kernel, src->kernel) ||
	    dup_str(&n.bootargs, src->bootargs) || dup_str(&n.dt_source, src->dt_source) ||
	    dup_str(&n.dt_includes, src->dt_includes) ||
	    dup_mem((void **)&n.memory, src->memory, src->nmemory, sizeof(*src->memory)) ||
	    dup_mem((void **)&n.memreserve, src->memreserve, src->nmemreserve,
		    sizeof(*src->memreserve)) ||
	    dup_mem((void **)&n.usable, src->usable, src->nusable, sizeof(*src->usable)))
		goto fail;
	if (budget_copy(&n, src))
		goto fail;
	if (src->nsrcfiles) {
		if (!(n.srcfiles = calloc(src->nsrcfiles, sizeof(char *))))
			goto fail;
		for (size_t i = 0; i < src->nsrcfiles; i++) {
			if (!(n.srcfiles[i] = strdup(src->srcfiles[i])))
				goto fail;
			n.nsrcfiles = i + 1;
		}
	}
	if (src->nearly) {
		if (!(n.early = calloc(src->nearly, sizeof(*n.early))))
			goto fail;
		for (size_t i = 0; i < src->nearly; i++) {
			n.early[i] = src->early[i];
			n.early[i].name = n.early[i].func = n.early[i].note = NULL;
			n.nearly = i + 1;
			if (dup_str(&n.early[i].name, src->early[i].name) ||
			    dup_str(&n.early[i].func, src->early[i].func) ||
			    dup_str(&n.early[i].note, src->early[i].note))
				goto fail;
			repoint(&n.early[i].pos, src, &n);
		}
	}
	if (src->nregions) {
		if (!(n.regions = calloc(src->nregions, sizeof(*n.regions))))
			goto fail;
		for (size_t i = 0; i < src->nregions; i++) {
			if (mx_region_copy(&n.regions[i], &src->regions[i]))
				goto fail;
			n.nregions = i + 1;
			repoint(&n.regions[i].pos, src, &n);
		}
	}
	for (size_t i = 0; i < n.nmemory; i++)
		repoint(&n.memory[i].pos, src, &n);
	repoint(&n.kernel_image.pos, src, &n);
	repoint(&n.pgd.pos, src, &n);
	repoint(&n.initrd.pos, src, &n);
	repoint(&n.fdt.pos, src, &n);
	repoint(&n.boot.pos, src, &n);
	repoint(&n.pos, src, &n);
	for (int k = 0; k < MX_BUDGET__COUNT; k++)
		repoint(&n.budget.pos[k], src, &n);
	for (size_t i = 0; i < n.budget.nregions; i++)
		repoint(&n.budget.regions[i].pos, src, &n);
	mx_profile_release(dst);
	*dst = n;
	return 0;
fail:
	mx_profile_release(&n);
	return MX_ENOMEM;
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static bool blob_eq(const struct mx_blob *a, const struct mx_blob *b)
{
	return a->present == b->present && a->has_base == b->has_base &&
	       (!a->has_base || a->base == b->base) && a->size == b->size;
}

static bool region_eq(const struct mx_region *a, const struct mx_region *b)
{
	if (!str_eq(a->name, b->name) || !str_eq(a->label, b->label) ||
	    a->ncompatible != b->ncompatible || a->has_size != b->has_size ||
	    a->size != b->size || a->align != b->align || a->flags != b->flags ||
	    a->has_fixup_keep != b->has_fixup_keep || a->fixup_keep != b->fixup_keep ||
	    !str_eq(a->note, b->note) || !str_eq(a->path, b->path) || a->nprops != b->nprops ||
	    !mx_ranges_equal(a->reg, a->nreg, b->reg, b->nreg) ||
	    !mx_ranges_equal(a->alloc_ranges, a->nalloc_ranges, b->alloc_ranges, b->nalloc_ranges))
		return false;
	for (size_t i = 0; i < a->ncompatible; i++)
		if (!str_eq(a->compatible[i], b->compatible[i]))
			return false;
	for (size_t i = 0; i < a->nprops; i++)
		if (strcmp(a->props[i].name, b->props[i].name) || a->props[i].len != b->props[i].len ||
		    memcmp(a->props[i].val, b->props[i].val, a->props[i].len))
			return false;
	return true;
}

bool mx_kside_equal(const struct mx_kside *a, const struct mx_kside *b)
{
	const struct mx_dtstats *x = &a->dt, *y = &b->dt;

	if (a->present != b->present || a->cpus != b->cpus || a->nr_cpus_max != b->nr_cpus_max ||
	    a->memblock_memory != b->memblock_memory ||
	    a->page_tables_listed != b->page_tables_listed || a->memblock_reserved != b->memblock_reserved ||
	    a->page_extension != b->page_extension || a->page_ext != b->page_ext ||
	    a->deferred_init != b->deferred_init ||
	    a->lpae != b->lpae || a->zone_dma != b->zone_dma || a->linear_map_blocks != b->linear_map_blocks ||
	    a->log_buf != b->log_buf || a->has_dt != b->has_dt || a->unflattened != b->unflattened)
		return false;
	return !a->has_dt ||
	       (x->nodes == y->nodes && x->props == y->props && x->unnamed == y->unnamed &&
		x->names4 == y->names4 && x->names8 == y->names8 &&
		x->chosen_bootargs == y->chosen_bootargs && x->chosen_initrd == y->chosen_initrd);
}

bool mx_profile_equal(const struct mx_profile *a, const struct mx_profile *b)
{
	const struct mx_kernel_image *ka = &a->kernel_image, *kb = &b->kernel_image;

	if (!str_eq(a->name, b->name) || !str_eq(a->description, b->description) ||
	    a->arch != b->arch || !str_eq(a->kernel, b->kernel) ||
	    a->page_size != b->page_size || a->struct_page != b->struct_page ||
	    a->model != b->model || a->vmemmap != b->vmemmap || a->extreme != b->extreme ||
	    a->max_order != b->max_order || a->pageblock_order != b->pageblock_order ||
	    a->max_physmem_bits != b->max_physmem_bits ||
	    a->section_size_bits != b->section_size_bits || a->vmsplit != b->vmsplit ||
	    a->vmalloc_size != b->vmalloc_size || a->has_cma_size != b->has_cma_size ||
	    a->cma_size != b->cma_size || !str_eq(a->bootargs, b->bootargs) ||
	    a->nmemory != b->nmemory || a->nearly != b->nearly || a->nregions != b->nregions ||
	    a->dt_addr_cells != b->dt_addr_cells || a->dt_size_cells != b->dt_size_cells ||
	    !str_eq(a->dt_source, b->dt_source) || !mx_ranges_equal(a->usable, a->nusable, b->usable, b->nusable) ||
	    !mx_ranges_equal(a->memreserve, a->nmemreserve, b->memreserve, b->nmemreserve))
		return false;
	for (size_t i = 0; i < a->nmemory; i++)
		if (a->memory[i].base != b->memory[i].base || a->memory[i].size != b->memory[i].size)
			return false;
	if (ka->has_base != kb->has_base || (ka->has_base && ka->base != kb->base) ||
	    ka->size != kb->size || ka->code != kb->code || ka->rwdata != kb->rwdata ||
	    ka->rodata != kb->rodata || ka->init != kb->init || ka->bss != kb->bss ||
	    ka->has_init_base != kb->has_init_base ||
	    (ka->has_init_base && ka->init_base != kb->init_base))
		return false;
	if (!blob_eq(&a->pgd, &b->pgd) || !blob_eq(&a->initrd, &b->initrd) ||
	    !blob_eq(&a->fdt, &b->fdt) || !mx_bootloader_equal(&a->boot, &b->boot))
		return false;
	for (size_t i = 0; i < a->nearly; i++) {
		const struct mx_early_alloc *x = &a->early[i], *y = &b->early[i];

		if (!str_eq(x->name, y->name) || !str_eq(x->func, y->func) ||
		    !str_eq(x->note, y->note) || x->phase != y->phase || x->size != y->size ||
		    x->align != y->align || x->calibration != y->calibration ||
		    x->per_cpu != y->per_cpu || x->temporary != y->temporary)
			return false;
	}
	if (!mx_kside_equal(&a->kside, &b->kside) || !budget_eq(&a->budget, &b->budget))
		return false;
	for (size_t i = 0; i < a->nregions; i++)
		if (!region_eq(&a->regions[i], &b->regions[i]))
			return false;
	return true;
}

int mx_profile_add_region(struct mx_profile *p, const char *name)
{
	struct mx_region *r;

	/* 0 means the array is exactly nregions long (a loader's calloc) */
	if (p->maxregions < p->nregions)
		p->maxregions = p->nregions;
	if (mxi_grow((void **)&p->regions, &p->maxregions, p->nregions + 1, sizeof(*r)))
		return MX_ENOMEM;
	r = p->regions;
	memset(&r[p->nregions], 0, sizeof(*r));
	if (mx_str_set(&r[p->nregions].name, name ? name : "region"))
		return MX_ENOMEM;
	return (int)p->nregions++;
}

void mx_profile_remove_region(struct mx_profile *p, size_t i)
{
	if (i >= p->nregions)
		return;
	mx_region_release(&p->regions[i]);
	memmove(&p->regions[i], &p->regions[i + 1], (p->nregions - i - 1) * sizeof(*p->regions));
	p->nregions--;
}

int mx_profile_find_region(const struct mx_profile *p, const char *key)
{
	size_t klen;

	if (!key)
		return -1;
	for (size_t i = 0; i < p->nregions; i++)
		if (str_eq(p->regions[i].name, key))
			return (int)i;
	for (size_t i = 0; i < p->nregions; i++)
		if (p->regions[i].label && !strcmp(p->regions[i].label, key))
			return (int)i;
	/* "venus_region" matches "venus_region@0" */
	klen = strlen(key);
	for (size_t i = 0; i < p->nregions; i++) {
		const char *n = p->regions[i].name;

		if (n && !strncmp(n, key, klen) && n[klen] == '@')
			return (int)i;
	}
	return -1;
}

bool mx_region_is_compatible(const struct mx_region *r, const char *c)
{
	for (size_t i = 0; i < r->ncompatible; i++)
		if (!strcmp(r->compatible[i], c))
			return true;
	return false;
}

int mx_region_set_compatible(struct mx_region *r, const char *c)
{
	char **v = NULL;

	if (c) {
		if (!(v = malloc(sizeof(*v))) || !(v[0] = strdup(c))) {
			free(v);
			return MX_ENOMEM;
		}
	}
	for (size_t i = 0; i < r->ncompatible; i++)
		free(r->compatible[i]);
	free(r->compatible);
	r->compatible = v;
	r->ncompatible = c ? 1 : 0;
	return 0;
}

const char *mx_arch_name(enum mx_arch a)
{
	switch (a) {
	case MX_ARCH_ARM: return "arm";
	case MX_ARCH_ARM64: return "arm64";
	case MX_ARCH_RISCV64: return "riscv64";
	case MX_ARCH_NONE: break;
	}
	return "none";
}

int mx_arch_parse(const char *s, enum mx_arch *out)
{
	static const struct { const char *n; enum mx_arch a; } t[] = {
		{ "arm", MX_ARCH_ARM }, { "arm32", MX_ARCH_ARM }, { "armhf", MX_ARCH_ARM },
		{ "arm64", MX_ARCH_ARM64 }, { "aarch64", MX_ARCH_ARM64 },
		{ "riscv64", MX_ARCH_RISCV64 }, { "riscv", MX_ARCH_RISCV64 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(s, t[i].n)) {
			*out = t[i].a;
			return 0;
		}
	return MX_EPARSE;
}

const char *mx_vmsplit_name(enum mx_vmsplit v)
{
	switch (v) {
	case MX_VMSPLIT_DEFAULT:
	case MX_VMSPLIT_3G: return "3G";
	case MX_VMSPLIT_3G_OPT: return "3G_OPT";
	case MX_VMSPLIT_2G: return "2G";
	case MX_VMSPLIT_1G: return "1G";
	}
	return "?";
}

const char *mx_phase_name(enum mx_phase ph)
{
	switch (ph) {
	case MX_PHASE_PAGING: return "paging";
	case MX_PHASE_SETUP: return "setup";
	case MX_PHASE_START_KERNEL: return "start-kernel";
	case MX_PHASE_BOOTMEM: return "bootmem";
	}
	return "?";
}

const char *mx_loader_name(enum mx_loader t)
{
	switch (t) {
	case MX_LOADER_NONE: return "none";
	case MX_LOADER_QEMU: return "qemu";
	case MX_LOADER_UBOOT: return "u-boot";
	case MX_LOADER_UEFI: return "uefi";
	}
	return "?";
}

const char *mx_dtb_string_name(unsigned k)
{
	/* fdt_chosen(), fdt_fixup_memory_banks(), fdt_initrd(); drivers/firmware/efi/libstub/fdt.c update_fdt() */
	static const char *const names[MX_DTS_COUNT] = {
		"bootargs", "u-boot,version", "device_type", "reg", "linux,initrd-start", "linux,initrd-end",
		"linux,uefi-system-table", "linux,uefi-mmap-start", "linux,uefi-mmap-size",
		"linux,uefi-mmap-desc-size", "linux,uefi-mmap-desc-ver", "linux,uefi-secure-boot",
	};

	return k < MX_DTS_COUNT ? names[k] : NULL;
}

static bool env_eq(const struct mx_envaddr *a, const struct mx_envaddr *b)
{
	return a->set == b->set && (!a->set || a->v == b->v);
}

static bool facts_eq(const struct mx_dtbfacts *a, const struct mx_dtbfacts *b)
{
	if (a->known != b->known)
		return false;
	return !a->known ||
	       (a->packed == b->packed && a->chosen == b->chosen && a->memory == b->memory &&
		a->bootargs == b->bootargs && a->version == b->version &&
		a->initrd_start == b->initrd_start && a->initrd_end == b->initrd_end &&
		a->mem_type == b->mem_type && a->mem_reg == b->mem_reg && a->mem_banks == b->mem_banks &&
		a->strings == b->strings);
}

bool mx_bootloader_equal(const struct mx_bootloader *a, const struct mx_bootloader *b)
{
	if (a->type != b->type || a->dtb_file != b->dtb_file || !facts_eq(&a->tree, &b->tree) ||
	    strcmp(a->version, b->version) || a->bits != b->bits ||
	    !env_eq(&a->fdt_high, &b->fdt_high) || !env_eq(&a->initrd_high, &b->initrd_high) ||
	    !env_eq(&a->kernel_addr_r, &b->kernel_addr_r) ||
	    !env_eq(&a->ramdisk_addr_r, &b->ramdisk_addr_r) || !env_eq(&a->fdt_addr_r, &b->fdt_addr_r) ||
	    a->ndram != b->ndram || a->nlmb_top != b->nlmb_top || a->max_regions != b->max_regions ||
	    a->fdt_pad != b->fdt_pad || a->image_size != b->image_size ||
	    a->text_offset != b->text_offset || a->stext_offset != b->stext_offset ||
	    a->efi_top != b->efi_top || a->nruntime != b->nruntime)
		return false;
	return mx_ranges_equal(a->dram, a->ndram, b->dram, b->ndram) &&
	       mx_ranges_equal(a->runtime, a->nruntime, b->runtime, b->nruntime) &&
	       (!a->nlmb_top || !memcmp(a->lmb_top, b->lmb_top, a->nlmb_top * sizeof(a->lmb_top[0])));
}

static bool dt_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       (ch && strchr(",._+-", ch));
}

bool mx_dt_node_name_valid(const char *s)
{
	if (!s || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
		return false;
	/* the spec's 31 characters are not enforced: dtc does not, and upstream boards exceed it */
	for (; *s && *s != '@'; s++)
		if (!dt_name_char(*s))
			return false;
	if (*s == '@') {
		if (!*++s)
			return false;
		for (; *s; s++)
			if (!dt_name_char(*s))
				return false;
	}
	return true;
}

bool mx_dt_label_valid(const char *s)
{
	if (!s || !(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (; *s; s++) /* no length limit: dtc has none (k3-am625-sk has 35-character labels) */
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
				 (*s >= '0' && *s <= '9')))
			return false;
	return true;
}
