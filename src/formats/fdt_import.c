/* fdt_import.c - a board profile from a flattened device tree (libfdt) */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "dt_internal.h"
#include "memx/dt.h"

struct imp {
	const void *fdt;
	struct mx_profile *p;
	struct mx_diaglist *d;
	const char *name;
	const struct mx_dts_pos *pos;  /* node positions from an annotated DTS, or NULL */
	size_t npos;
	unsigned ac, sc;               /* root #address-cells / #size-cells */
	int nerr;
	bool oom;
};

/* Where a node came from: its DTS line when known, else the file alone. */
static struct mx_srcpos node_pos(struct imp *m, const char *path)
{
	struct mx_srcpos pos = { m->p->source, 0, 0 };

	for (size_t i = 0; path && i < m->npos; i++)
		if (!strcmp(m->pos[i].path, path)) {
			const char *f = mx_profile_intern_file(m->p, m->pos[i].file);

			if (!f) {
				m->oom = true;
				break;
			}
			pos.file = f;
			pos.line = m->pos[i].line;
			pos.col = m->pos[i].col;
			break;
		}
	return pos;
}

static void say(struct imp *m, enum mx_severity sev, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void say(struct imp *m, enum mx_severity sev, const char *path, const char *fmt, ...)
{
	struct mx_srcpos pos = node_pos(m, path);
	va_list ap;

	va_start(ap, fmt);
	if (mx_diag_vadd(m->d, sev, NULL, &pos, -1, fmt, ap))
		m->oom = true;
	va_end(ap);
	if (sev == MX_SEV_ERROR)
		m->nerr++;
}

static uint64_t cells(const unsigned char *c, unsigned n)
{
	return mxi_dt_cells(c, n);
}

/* A property holding (address, size) pairs: reg, alloc-ranges. */
static int ranges_prop(struct imp *m, int node, const char *path, const char *prop,
		       struct mx_range **out, size_t *n)
{
	int len;
	const unsigned char *v = fdt_getprop(m->fdt, node, prop, &len);
	size_t entry = 4 * (m->ac + m->sc), cnt;

	*out = NULL;
	*n = 0;
	if (!v)
		return 0;
	if (len <= 0 || (size_t)len % entry) {
		say(m, MX_SEV_ERROR, path, "%s of %s has %d bytes: expected a multiple of %zu "
		    "(#address-cells %u + #size-cells %u)", prop, path, len, entry, m->ac, m->sc);
		return -1;
	}
	cnt = (size_t)len / entry;
	if (!(*out = calloc(cnt, sizeof(**out)))) {
		m->oom = true;
		return -1;
	}
	for (size_t i = 0; i < cnt; i++) {
		(*out)[i].base = cells(v + i * entry, m->ac);
		(*out)[i].size = cells(v + i * entry + 4 * m->ac, m->sc);
	}
	*n = cnt;
	return 0;
}

static bool available(const void *fdt, int node)
{
	int len;
	const char *st = fdt_getprop(fdt, node, "status", &len);

	/* of_fdt_device_is_available(): no status, "okay" or "ok" */
	return !st || (len > 0 && (!strncmp(st, "okay", (size_t)len) || !strncmp(st, "ok", (size_t)len)));
}

/* A NUL-terminated string property, or NULL. */
static const char *string_prop(const void *fdt, int node, const char *name)
{
	int len;
	const char *s = fdt_getprop(fdt, node, name, &len);

	return s && len > 0 && s[len - 1] == '\0' ? s : NULL;
}

static int add_bank(struct imp *m, uint64_t base, uint64_t size, const char *path)
{
	struct mx_bank *b = realloc(m->p->memory, (m->p->nmemory + 1) * sizeof(*b));

	if (!b) {
		m->oom = true;
		return -1;
	}
	m->p->memory = b;
	b[m->p->nmemory].base = base;
	b[m->p->nmemory].size = size;
	b[m->p->nmemory].pos = node_pos(m, path);
	m->p->nmemory++;
	return 0;
}

/* drivers/of/fdt.c: early_init_dt_scan_memory(): top-level nodes with device_type "memory" */
static void memory_nodes(struct imp *m)
{
	char path[512];
	int node;
	bool any = false;

	for (int pass = 0; pass < 2 && !any; pass++) {
		fdt_for_each_subnode(node, m->fdt, 0) {
			const char *type = string_prop(m->fdt, node, "device_type");
			const char *nm = fdt_get_name(m->fdt, node, NULL);
			struct mx_range *r;
			size_t n;
			const char *prop = "reg";

			if (pass == 0 && (!type || strcmp(type, "memory")))
				continue;
			any = any || pass == 0; /* a real memory node, even a broken one */
			/* second pass: a node called memory without device_type (the kernel skips it) */
			if (pass == 1 && (!nm || (strcmp(nm, "memory") && strncmp(nm, "memory@", 7))))
				continue;
			if (!available(m->fdt, node))
				continue;
			if (fdt_get_path(m->fdt, node, path, sizeof(path)))
				snprintf(path, sizeof(path), "/%s", nm ? nm : "?");
			if (pass == 1)
				say(m, MX_SEV_WARNING, path, "%s has no device_type = \"memory\": the kernel "
				    "ignores it, memx uses it as there is no other memory node", path);
			if (fdt_getprop(m->fdt, node, "linux,usable-memory", NULL))
				prop = "linux,usable-memory";
			if (ranges_prop(m, node, path, prop, &r, &n))
				continue;
			for (size_t i = 0; i < n; i++)
				if (r[i].size)
					add_bank(m, r[i].base, r[i].size, path);
			any = any || n;
			free(r);
		}
	}
}

static void memreserve(struct imp *m)
{
	int n = fdt_num_mem_rsv(m->fdt);

	for (int i = 0; i < n; i++) {
		uint64_t a, s;
		struct mx_range *v;

		if (fdt_get_mem_rsv(m->fdt, i, &a, &s) || !s)
			continue;
		v = realloc(m->p->memreserve, (m->p->nmemreserve + 1) * sizeof(*v));
		if (!v) {
			m->oom = true;
			return;
		}
		m->p->memreserve = v;
		v[m->p->nmemreserve].base = a;
		v[m->p->nmemreserve].size = s;
		m->p->nmemreserve++;
	}
}

static bool u32_or_u64(const void *fdt, int node, const char *name, uint64_t *out)
{
	int len;
	const unsigned char *v = fdt_getprop(fdt, node, name, &len);

	if (!v || (len != 4 && len != 8))
		return false;
	*out = cells(v, (unsigned)len / 4);
	return true;
}

/* /chosen: bootargs, the initrd, linux,usable-memory-range */
static void chosen(struct imp *m)
{
	int node = fdt_path_offset(m->fdt, "/chosen");
	const char *args;
	uint64_t s, e;
	struct mx_range *r;
	size_t n;

	if (node < 0)
		return;
	if ((args = string_prop(m->fdt, node, "bootargs")) && mx_str_set(&m->p->bootargs, args))
		m->oom = true;
	if (u32_or_u64(m->fdt, node, "linux,initrd-start", &s) &&
	    u32_or_u64(m->fdt, node, "linux,initrd-end", &e)) {
		if (e > s) {
			m->p->initrd.present = m->p->initrd.has_base = true;
			m->p->initrd.base = s;
			m->p->initrd.size = e - s;
			m->p->initrd.pos = node_pos(m, "/chosen");
		} else {
			say(m, MX_SEV_WARNING, "/chosen", "linux,initrd-end is not above linux,initrd-start; "
			    "no initrd");
		}
	}
	if (!ranges_prop(m, node, "/chosen", "linux,usable-memory-range", &r, &n) && n) {
		free(m->p->usable);
		m->p->usable = r;
		m->p->nusable = n;
		r = NULL;
	}
	free(r);
}

/* __symbols__ (dtc -@): path -> label */
static const char *label_of(const void *fdt, const char *path)
{
	int sym = fdt_path_offset(fdt, "/__symbols__"), prop;

	if (sym < 0)
		return NULL;
	fdt_for_each_property_offset(prop, fdt, sym) {
		const char *name;
		int len;
		const char *v = fdt_getprop_by_offset(fdt, prop, &name, &len);

		if (v && len > 0 && v[len - 1] == '\0' && !strcmp(v, path))
			return name;
	}
	return NULL;
}

/* The label dtc -T printed for the node at @path (a DTS compiled without -@). */
static const char *pos_label(const struct imp *m, const char *path)
{
	for (size_t i = 0; i < m->npos; i++)
		if (!strcmp(m->pos[i].path, path))
			return m->pos[i].label;
	return NULL;
}

static int set_compat(struct mx_region *r, const char *v, int len)
{
	size_t n = 0;

	for (int i = 0; i < len; i++)
		n += v[i] == '\0';
	if (!n || v[len - 1] != '\0')
		return 0;
	if (!(r->compatible = calloc(n, sizeof(char *))))
		return MX_ENOMEM;
	for (const char *s = v; s < v + len; s += strlen(s) + 1) {
		if (!(r->compatible[r->ncompatible] = strdup(s)))
			return MX_ENOMEM;
		r->ncompatible++;
	}
	return 0;
}

/* One child of /reserved-memory, with every property kept for export. */
static void region(struct imp *m, int node)
{
	struct mx_profile *p = m->p;
	char path[512];
	const char *nm = fdt_get_name(m->fdt, node, NULL), *lab;
	struct mx_region *r;
	int ri, prop, len;
	const unsigned char *v;

	if (fdt_get_path(m->fdt, node, path, sizeof(path)))
		snprintf(path, sizeof(path), "/reserved-memory/%s", nm ? nm : "?");
	if ((ri = mx_profile_add_region(p, nm ? nm : "?")) < 0) {
		m->oom = true;
		return;
	}
	r = &p->regions[ri];
	r->pos = node_pos(m, path);
	if (!(lab = label_of(m->fdt, path)))
		lab = pos_label(m, path);
	if (mx_str_set(&r->path, path) || (lab && mx_str_set(&r->label, lab))) {
		m->oom = true;
		return;
	}
	fdt_for_each_property_offset(prop, m->fdt, node) {
		const char *pn;
		const void *pv = fdt_getprop_by_offset(m->fdt, prop, &pn, &len);

		if (pv && len >= 0 && mx_region_add_prop(r, pn, pv, (size_t)len))
			m->oom = true;
	}
	if (ranges_prop(m, node, path, "reg", &r->reg, &r->nreg))
		r->nreg = 0;
	if (ranges_prop(m, node, path, "alloc-ranges", &r->alloc_ranges, &r->nalloc_ranges))
		r->nalloc_ranges = 0;
	if ((v = fdt_getprop(m->fdt, node, "size", &len))) {
		if (len == (int)(4 * m->sc)) {
			r->size = cells(v, m->sc);
			r->has_size = true;
		} else {
			/* of_reserved_mem.c: "invalid size property": the node is skipped */
			say(m, MX_SEV_ERROR, path, "size of %s has %d bytes, expected %u (#size-cells); "
			    "the kernel skips the node", path, len, 4 * m->sc);
		}
	}
	if ((v = fdt_getprop(m->fdt, node, "alignment", &len))) {
		if (len == 4 || len == 8)
			r->align = cells(v, (unsigned)len / 4);
		if (len != (int)(4 * m->ac) && !r->nreg)
			say(m, MX_SEV_WARNING, path, "alignment of %s has %d bytes, the kernel expects %u "
			    "(#address-cells) and rejects the node", path, len, 4 * m->ac);
	}
	if ((v = fdt_getprop(m->fdt, node, "compatible", &len)) && len > 0 &&
	    set_compat(r, (const char *)v, len))
		m->oom = true;
	if (fdt_getprop(m->fdt, node, "no-map", NULL))
		r->flags |= MX_REGION_NOMAP;
	if (fdt_getprop(m->fdt, node, "reusable", NULL))
		r->flags |= MX_REGION_REUSABLE;
	if (fdt_getprop(m->fdt, node, "linux,cma-default", NULL))
		r->flags |= MX_REGION_CMA_DEFAULT;
	if (fdt_getprop(m->fdt, node, "no-map-fixup", NULL))
		r->flags |= MX_REGION_NOMAP_FIXUP;
	if (!available(m->fdt, node))
		r->flags |= MX_REGION_DISABLED;
	/* memx's own annotations, written by its exporter (the kernel ignores them) */
	if (fdt_getprop(m->fdt, node, MX_DT_FREED_LATE, NULL))
		r->flags |= MX_REGION_FREED_LATE;
	if (u32_or_u64(m->fdt, node, MX_DT_FIXUP_KEEP, &r->fixup_keep))
		r->has_fixup_keep = true;
}

static void reserved_memory(struct imp *m)
{
	int rm = fdt_path_offset(m->fdt, "/reserved-memory"), node, len;
	const unsigned char *ac, *sc;

	if (rm < 0)
		return;
	/* of_reserved_mem.c: __reserved_mem_check_root(): same cells as the root, and ranges */
	ac = fdt_getprop(m->fdt, rm, "#address-cells", &len);
	if (!ac || len != 4 || cells(ac, 1) != m->ac ||
	    !(sc = fdt_getprop(m->fdt, rm, "#size-cells", &len)) || len != 4 || cells(sc, 1) != m->sc ||
	    !fdt_getprop(m->fdt, rm, "ranges", NULL)) {
		say(m, MX_SEV_WARNING, "/reserved-memory", "/reserved-memory lacks #address-cells = <%u>, "
		    "#size-cells = <%u> (the root's) or ranges: the kernel ignores the whole node "
		    "(\"unsupported node format\"); memx reads its children anyway", m->ac, m->sc);
	}
	fdt_for_each_subnode(node, m->fdt, rm)
		region(m, node);
}

static enum mx_arch guess_arch(const void *fdt, unsigned ac)
{
	static const char *const riscv[] = {
		"sifive,", "starfive,", "sophgo,", "thead,", "microchip,mpfs", "canaan,", "spacemit,",
		"allwinner,sun20i", "milkv,", "beagle,beaglev", "riscv", "kendryte,",
	};
	int len;
	const char *c = fdt_getprop(fdt, 0, "compatible", &len);

	for (const char *s = c; c && len > 0 && s < c + len; s += strlen(s) + 1)
		for (size_t i = 0; i < sizeof(riscv) / sizeof(riscv[0]); i++)
			if (!strncmp(s, riscv[i], strlen(riscv[i])))
				return MX_ARCH_RISCV64;
	return ac >= 2 ? MX_ARCH_ARM64 : MX_ARCH_ARM;
}

/* Kernel image sizes a stock kernel of each arch is in the range of. */
static void default_kernel(struct mx_profile *p)
{
	struct mx_kernel_image *k = &p->kernel_image;
	uint64_t mib = 1ULL << 20;

	switch (p->arch) {
	case MX_ARCH_ARM:
		k->size = 12 * mib, k->code = 8 * mib, k->rwdata = mib, k->rodata = 2 * mib;
		k->init = mib, k->bss = mib / 2;
		break;
	case MX_ARCH_ARM64:
		k->size = 32 * mib, k->code = 13 * mib, k->rwdata = 3 * mib, k->rodata = 9 * mib;
		k->init = 6 * mib, k->bss = mib / 2;
		break;
	case MX_ARCH_RISCV64:
	case MX_ARCH_NONE:
		k->size = 16 * mib, k->code = 8 * mib, k->rwdata = mib, k->rodata = 4 * mib;
		k->init = 2 * mib, k->bss = mib / 2;
		break;
	}
	p->kernel_guessed = true;
}

/*
 * The tree's shape for the unflattened-DT cost model (drivers/of/fdt.c:
 * populate_node() / populate_properties()), and its CPU count for the
 * per-cpu areas (sized for every possible CPU the tree lists).
 */
static void dt_shape(struct imp *m)
{
	struct mx_dtstats *st = &m->p->kside.dt;
	unsigned cpus = 0;
	int depth = 0;

	memset(st, 0, sizeof(*st));
	for (int node = 0; node >= 0; node = fdt_next_node(m->fdt, node, &depth)) {
		int len = 0, off;
		const char *name = fdt_get_name(m->fdt, node, &len);
		bool has_name = false;
		const char *dt;

		if (!name)
			break;
		st->nodes++;
		st->names4 += mx_round_up((uint64_t)len + 1, 4);
		st->names8 += mx_round_up((uint64_t)len + 1, 8);
		fdt_for_each_property_offset(off, m->fdt, node) {
			const char *pn = NULL;

			if (!fdt_getprop_by_offset(m->fdt, off, &pn, NULL))
				continue;
			st->props++;
			if (pn && !strcmp(pn, "name"))
				has_name = true;
		}
		if (!has_name) {
			/* the synthesised "name": the unit name up to '@' */
			const char *at = memchr(name, '@', (size_t)len);
			uint64_t base = at ? (uint64_t)(at - name) : (uint64_t)len;

			st->unnamed++;
			st->names4 += mx_round_up(base + 1, 4);
			st->names8 += mx_round_up(base + 1, 8);
		}
		dt = string_prop(m->fdt, node, "device_type");
		if (dt && !strcmp(dt, "cpu"))
			cpus++;
	}
	{
		int ch = fdt_path_offset(m->fdt, "/chosen");

		st->chosen_bootargs = ch >= 0 && fdt_getprop(m->fdt, ch, "bootargs", NULL);
		st->chosen_initrd = ch >= 0 && fdt_getprop(m->fdt, ch, "linux,initrd-start", NULL);
	}
	m->p->kside.has_dt = true;
	if (cpus)
		m->p->kside.cpus = cpus;
}

/*
 * Keep the base's kernel side; drop its memory map (the device tree's
 * replaces it). What the tree may or may not say (/chosen initrd, bootargs)
 * stays the base's until the tree says otherwise.
 */
static int start_from(struct imp *m, const struct mx_import_opts *o)
{
	struct mx_profile *p = m->p;

	if (o && o->base) {
		if (mx_profile_copy(p, o->base))
			return MX_ENOMEM;
		free(p->memory);
		p->memory = NULL;
		p->nmemory = 0;
		free(p->memreserve);
		p->memreserve = NULL;
		p->nmemreserve = 0;
		for (size_t i = 0; i < p->nregions; i++)
			mx_region_release(&p->regions[i]);
		free(p->regions);
		p->regions = NULL;
		p->nregions = p->maxregions = 0;
		/* the initrd, bootargs and the DTB's own size stay the base's unless the tree says */
		free(p->usable);
		p->usable = NULL;
		p->nusable = 0;
	}
	if (mx_str_set(&p->source, m->name) || mx_str_set(&p->dt_source, m->name))
		return MX_ENOMEM;
	p->pos.file = p->source;
	p->pos.line = p->pos.col = 0;
	for (size_t i = 0; i < p->nearly; i++)
		p->early[i].pos = p->pos;
	p->kernel_image.pos = p->pos;
	p->pgd.pos = p->fdt.pos = p->boot.pos = p->pos;
	if (o && o->arch != MX_ARCH_NONE) {
		p->arch = o->arch;
		p->arch_guessed = false;
	} else if (!(o && o->base)) {
		const char *hint = string_prop(m->fdt, 0, MX_DT_ARCH);

		/* a tree memx wrote says its arch; others are guessed */
		if (!hint || mx_arch_parse(hint, &p->arch)) {
			p->arch = guess_arch(m->fdt, m->ac);
			p->arch_guessed = true;
		}
	}
	if (!(o && o->base))
		default_kernel(p);
	return 0;
}

int mxi_dt_load_blob(struct mx_profile *p, const void *blob, size_t len, const char *name,
		    const struct mx_import_opts *o, const struct mx_dts_pos *pos, size_t npos,
		    struct mx_diaglist *diags)
{
	struct imp m = { blob, p, diags, name ? name : "<dtb>", pos, npos, 2, 1, 0, false };
	struct mx_srcpos fp = { m.name, 0, 0 };
	struct mx_diaglist scratch;
	const char *model;
	int r, ac, sc;

	mx_diaglist_init(&scratch);
	if (!diags)
		m.d = &scratch;
	mx_profile_release(p);
	if (len < 8 || fdt_magic(blob) != FDT_MAGIC) {
		mx_diag_add(m.d, MX_SEV_ERROR, NULL, &fp, -1, "not a device tree blob (no 0xd00dfeed "
			    "magic at the start)");
		goto bad;
	}
	if (len < (size_t)FDT_V17_SIZE || fdt_totalsize(blob) > len) {
		mx_diag_add(m.d, MX_SEV_ERROR, NULL, &fp, -1, "truncated device tree blob: the header "
			    "says %u bytes, the file has %zu", len >= 8 ? fdt_totalsize(blob) : 0, len);
		goto bad;
	}
	if ((r = fdt_check_full(blob, len))) {
		mx_diag_add(m.d, MX_SEV_ERROR, NULL, &fp, -1, "malformed device tree blob: %s",
			    fdt_strerror(r));
		goto bad;
	}
	ac = fdt_address_cells(blob, 0);
	sc = fdt_size_cells(blob, 0);
	if (ac < 0 || sc < 0) {
		mx_diag_add(m.d, MX_SEV_ERROR, NULL, &fp, -1, "bad #address-cells or #size-cells in the "
			    "root node: %s", fdt_strerror(ac < 0 ? ac : sc));
		goto bad;
	}
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
		mx_diag_add(m.d, MX_SEV_ERROR, NULL, &fp, -1, "#address-cells = <%d>, #size-cells = <%d>: "
			    "memx reads 1 or 2 cells (64-bit addresses)", ac, sc);
		goto bad;
	}
	m.ac = (unsigned)ac;
	m.sc = (unsigned)sc;
	if ((r = start_from(&m, o)))
		goto oom;
	p->dt_addr_cells = m.ac;
	p->dt_size_cells = m.sc;
	if (!p->name) {
		const char *base = strrchr(m.name, '/');

		model = string_prop(blob, 0, "model");
		if (mx_str_set(&p->name, base ? base + 1 : m.name))
			goto oom;
		if (model && mx_str_set(&p->description, model))
			goto oom;
	}
	/* the blob the kernel reserves is this one, unless the base profile describes the board's */
	if (!(o && o->base && o->base->fdt.present)) {
		p->fdt.present = true;
		p->fdt.size = fdt_totalsize(blob);
	}
	/* the file a boot loader would be given, whatever this profile's own DTB size */
	p->boot.dtb_file = fdt_totalsize(blob);
	mxi_dt_loader_facts(blob, &p->boot);
	memory_nodes(&m);
	memreserve(&m);
	chosen(&m);
	dt_shape(&m);
	reserved_memory(&m);
	if (m.oom)
		goto oom;
	if (m.nerr)
		goto bad;
	mx_diaglist_release(&scratch);
	return 0;
oom:
	mx_profile_release(p);
	mx_diaglist_release(&scratch);
	return MX_ENOMEM;
bad:
	mx_profile_release(p);
	mx_diaglist_release(&scratch);
	return MX_EPARSE;
}

int mx_profile_load_dtb(struct mx_profile *p, const void *blob, size_t len, const char *name,
			const struct mx_import_opts *o, struct mx_diaglist *diags)
{
	return mxi_dt_load_blob(p, blob, len, name, o, NULL, 0, diags);
}
