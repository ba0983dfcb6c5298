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
	const struct mxi_dts_scan *scan; /* node positions and labels from the source, or NULL */
	unsigned ac, sc;               /* root #address-cells / #size-cells */
	int nerr;
	bool oom;
	/* found by the one walk over the structure block (walk()) */
	int chosen, rm, symbols;       /* offsets of /chosen, /reserved-memory, /__symbols__, or -1 */
	int *mem, *named_mem;          /* top-level memory nodes: device_type "memory"; name only */
	size_t nmem, nnamed;
	int *rmkids;                   /* children of /reserved-memory, in order */
	size_t nrmkids;
	const char **rmsyms;           /* __symbols__ entries under /reserved-memory: label, path pairs */
	size_t nrmsyms;
	bool syms_read;
};

/* Where a node came from: its DTS line when known, else the file alone. */
static struct mx_srcpos node_pos(struct imp *m, const char *path)
{
	struct mx_srcpos pos = { m->p->source, 0, 0 };
	const struct mx_dts_pos *d = m->scan && path ? mxi_dts_scan_find(m->scan, path) : NULL;

	if (d) {
		const char *f = mx_profile_intern_file(m->p, d->file);

		if (!f) {
			m->oom = true;
			return pos;
		}
		pos.file = f;
		pos.line = d->line;
		pos.col = d->col;
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

/* @s for a message: control and non-ASCII bytes as \xNN, cut to fit @out (the caller's). */
static const char *escaped(char *out, size_t n, const char *s)
{
	size_t k = 0;

	for (; *s && k + 5 < n; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7f)
			k += (size_t)snprintf(out + k, n - k, "\\x%02x", c);
		else
			out[k++] = (char)c;
	}
	out[k] = '\0';
	return out;
}

/* DT spec 2.2.4: a property name is 1-31 of [0-9a-zA-Z,._+?#-] (length is not enforced: dtc does not) */
static bool prop_name_valid(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      strchr(",._+?#-", *s)))
			return false;
	return true;
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
	/* no such node: one called memory without device_type (the kernel skips it) */
	bool fallback = !m->nmem;
	const int *v = fallback ? m->named_mem : m->mem;
	size_t n = fallback ? m->nnamed : m->nmem;

	for (size_t k = 0; k < n; k++) {
		int node = v[k];
		const char *nm = fdt_get_name(m->fdt, node, NULL);
		char path[512];
		struct mx_range *r;
		size_t nr;
		const char *prop = "reg";

		if (!available(m->fdt, node))
			continue;
		snprintf(path, sizeof(path), "/%s", nm ? nm : "?");
		if (fallback)
			say(m, MX_SEV_WARNING, path, "%s has no device_type = \"memory\": the kernel "
			    "ignores it, memx uses it as there is no other memory node", path);
		if (fdt_getprop(m->fdt, node, "linux,usable-memory", NULL))
			prop = "linux,usable-memory";
		if (ranges_prop(m, node, path, prop, &r, &nr))
			continue;
		for (size_t i = 0; i < nr; i++)
			if (r[i].size)
				add_bank(m, r[i].base, r[i].size, path);
		free(r);
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
	int node = m->chosen;
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

/*
 * The node's label: the one its source gives it first, else the first
 * __symbols__ entry (dtc -@) naming it. Labels that are no DTS label are
 * dropped (the exporter writes labels verbatim).
 */
static const char *label_of(struct imp *m, const char *path)
{
	const struct mx_dts_pos *d = m->scan ? mxi_dts_scan_find(m->scan, path) : NULL;
	int prop;

	if (d && d->label)
		return d->label;
	if (!m->syms_read && m->symbols >= 0) {
		/* once: the few entries that can name a region (a tree may have thousands of labels) */
		fdt_for_each_property_offset(prop, m->fdt, m->symbols) {
			const char *name, **v;
			int len;
			const char *val = fdt_getprop_by_offset(m->fdt, prop, &name, &len);

			if (!val || len <= 0 || val[len - 1] != '\0' || strncmp(val, "/reserved-memory/", 17))
				continue;
			if (!(v = realloc(m->rmsyms, (m->nrmsyms + 1) * 2 * sizeof(*v)))) {
				m->oom = true;
				break;
			}
			m->rmsyms = v;
			v[2 * m->nrmsyms] = name;
			v[2 * m->nrmsyms + 1] = val;
			m->nrmsyms++;
		}
	}
	m->syms_read = true;
	for (size_t i = 0; i < m->nrmsyms; i++) {
		const char *name = m->rmsyms[2 * i];
		char shown[96];

		if (strcmp(m->rmsyms[2 * i + 1], path))
			continue;
		if (mx_dt_label_valid(name))
			return name;
		say(m, MX_SEV_WARNING, path, "__symbols__ names %s '%s', which is no DTS label "
		    "(letters, digits, '_'): memx drops it", path, escaped(shown, sizeof(shown), name));
	}
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

	snprintf(path, sizeof(path), "/reserved-memory/%s", nm ? nm : "?");
	/* DT spec 2.2.1: what the exporter writes unquoted must be a node name, nothing more */
	if (!nm || !mx_dt_node_name_valid(nm)) {
		char shown[96];

		say(m, MX_SEV_ERROR, NULL, "a /reserved-memory child is called '%s': not a devicetree "
		    "node name (1-31 of letters, digits and ,._+- then @ and a unit address of the same)",
		    escaped(shown, sizeof(shown), nm ? nm : ""));
		return;
	}
	fdt_for_each_property_offset(prop, m->fdt, node) {
		const char *pn = NULL;
		char shown[96];

		if (fdt_getprop_by_offset(m->fdt, prop, &pn, NULL) && pn && !prop_name_valid(pn)) {
			say(m, MX_SEV_ERROR, path, "%s has a property called '%s': not a devicetree property "
			    "name (letters, digits and ,._+?#-)", path, escaped(shown, sizeof(shown), pn));
			return;
		}
	}
	if ((ri = mx_profile_add_region(p, nm)) < 0) {
		m->oom = true;
		return;
	}
	r = &p->regions[ri];
	r->pos = node_pos(m, path);
	lab = label_of(m, path);
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
	int rm = m->rm, len;
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
	for (size_t i = 0; i < m->nrmkids; i++)
		region(m, m->rmkids[i]);
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

static int push_off(int **v, size_t *n, int off)
{
	int *nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return MX_ENOMEM;
	nv[(*n)++] = off;
	*v = nv;
	return 0;
}

/*
 * One walk over the structure block: the tree's shape for the
 * unflattened-DT cost model (drivers/of/fdt.c: populate_node() /
 * populate_properties()), its CPU count for the per-cpu areas (sized for
 * every possible CPU the tree lists), and where the nodes memx reads are.
 * Looking each of them up by path would walk the tree again every time.
 */
static void walk(struct imp *m)
{
	struct mx_dtstats *st = &m->p->kside.dt;
	unsigned cpus = 0;
	int depth = 0, top = -1;

	memset(st, 0, sizeof(*st));
	m->chosen = m->rm = m->symbols = -1;
	for (int node = 0; node >= 0; node = fdt_next_node(m->fdt, node, &depth)) {
		int len = 0, off;
		const char *name = fdt_get_name(m->fdt, node, &len), *dt = NULL;
		bool has_name = false;

		if (!name)
			break;
		st->nodes++;
		st->names4 += mx_round_up((uint64_t)len + 1, 4);
		st->names8 += mx_round_up((uint64_t)len + 1, 8);
		fdt_for_each_property_offset(off, m->fdt, node) {
			const char *pn = NULL;
			int plen;
			const char *v = fdt_getprop_by_offset(m->fdt, off, &pn, &plen);

			if (!v && plen < 0)
				continue;
			st->props++;
			if (pn && !strcmp(pn, "name"))
				has_name = true;
			else if (pn && !strcmp(pn, "device_type") && plen > 0 && v[plen - 1] == '\0')
				dt = v;
		}
		if (!has_name) {
			/* the synthesised "name": the unit name up to '@' */
			const char *at = memchr(name, '@', (size_t)len);
			uint64_t base = at ? (uint64_t)(at - name) : (uint64_t)len;

			st->unnamed++;
			st->names4 += mx_round_up(base + 1, 4);
			st->names8 += mx_round_up(base + 1, 8);
		}
		if (dt && !strcmp(dt, "cpu"))
			cpus++;
		if (depth == 1) {
			top = node;
			if (!strcmp(name, "chosen"))
				m->chosen = node;
			else if (!strcmp(name, "reserved-memory") && m->rm < 0)
				m->rm = node;
			else if (!strcmp(name, "__symbols__"))
				m->symbols = node;
			if (dt && !strcmp(dt, "memory")) {
				if (push_off(&m->mem, &m->nmem, node))
					m->oom = true;
			} else if (!strcmp(name, "memory") || !strncmp(name, "memory@", 7)) {
				if (push_off(&m->named_mem, &m->nnamed, node))
					m->oom = true;
			}
		} else if (depth == 2 && m->rm >= 0 && top == m->rm) {
			if (push_off(&m->rmkids, &m->nrmkids, node))
				m->oom = true;
		}
	}
	st->chosen_bootargs = m->chosen >= 0 && fdt_getprop(m->fdt, m->chosen, "bootargs", NULL);
	st->chosen_initrd = m->chosen >= 0 && fdt_getprop(m->fdt, m->chosen, "linux,initrd-start", NULL);
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

int mxi_fdt_header_problem(const void *b, char *why, size_t n)
{
	uint32_t tot = fdt_totalsize(b), ver = fdt_version(b), last = fdt_last_comp_version(b);
	uint32_t hdr = ver >= 17 ? FDT_V17_SIZE : FDT_V16_SIZE;
	uint32_t rsv = fdt_off_mem_rsvmap(b), so = fdt_off_dt_struct(b), to = fdt_off_dt_strings(b);
	uint32_t ts = fdt_size_dt_strings(b), ss = ver >= 17 ? fdt_size_dt_struct(b) : tot - so;
	const uint32_t entry = 16; /* struct fdt_reserve_entry */

	/*
	 * Before libfdt reads anything: libfdt 1.6.1 still accepts versions 2 to
	 * 15, whose realignment rules its checker gets wrong (a 72-byte version-9
	 * blob crashes fdt_check_full()). dtc has written version 17 since 2007.
	 */
	if (ver < 16 || ver > 17 || last > 17 || last > ver)
		snprintf(why, n, "header version %u (last compatible %u): memx reads versions 16 and 17, "
			 "as dtc writes them", ver, last);
	else if (tot < hdr)
		snprintf(why, n, "the header says the blob is %u bytes, less than the header itself", tot);
	else if (rsv < hdr || rsv % 8 || rsv > tot - entry)
		snprintf(why, n, "the /memreserve/ map at offset %u lies outside the blob or is not 8-byte "
			 "aligned", rsv);
	else if (so < hdr || so % 4 || so > tot || ss > tot - so)
		snprintf(why, n, "the structure block [%u, +%u) lies outside the blob or is not 4-byte "
			 "aligned", so, ss);
	else if (to < hdr || to > tot || ts > tot - to)
		snprintf(why, n, "the strings block [%u, +%u) lies outside the blob", to, ts);
	else if (ss && ts && so < to + ts && to < so + ss)
		snprintf(why, n, "the structure block [%u, +%u) and the strings block [%u, +%u) overlap",
			 so, ss, to, ts);
	else if ((rsv < so + ss && so < rsv + entry) || (ts && rsv < to + ts && to < rsv + entry))
		snprintf(why, n, "the /memreserve/ map at offset %u overlaps the structure or strings block",
			 rsv);
	else
		return 0;
	return -1;
}

int mxi_dt_check_blob(const void *blob, size_t len, const char *name, struct mx_diaglist *d)
{
	struct mx_srcpos fp = { name, 0, 0 };
	char why[200];
	int r;

	if (len < 8 || fdt_magic(blob) != FDT_MAGIC) {
		mx_diag_add(d, MX_SEV_ERROR, NULL, &fp, -1, "not a device tree blob (no 0xd00dfeed "
			    "magic at the start)");
		return MX_EPARSE;
	}
	if (len < (size_t)FDT_V17_SIZE || fdt_totalsize(blob) > len) {
		mx_diag_add(d, MX_SEV_ERROR, NULL, &fp, -1, "truncated device tree blob: the header "
			    "says %u bytes, the file has %zu", fdt_totalsize(blob), len);
		return MX_EPARSE;
	}
	if (mxi_fdt_header_problem(blob, why, sizeof(why))) {
		mx_diag_add(d, MX_SEV_ERROR, NULL, &fp, -1, "malformed device tree blob: %s", why);
		return MX_EPARSE;
	}
	if ((r = fdt_check_full(blob, len))) {
		mx_diag_add(d, MX_SEV_ERROR, NULL, &fp, -1, "malformed device tree blob: %s",
			    fdt_strerror(r));
		return MX_EPARSE;
	}
	return 0;
}

int mxi_dt_load_blob(struct mx_profile *p, const void *blob, size_t len, const char *name,
		    const struct mx_import_opts *o, const struct mxi_dt_extra *x,
		    struct mx_diaglist *diags)
{
	struct imp m;
	struct mx_srcpos fp;
	struct mx_diaglist scratch;
	const char *model;
	int r, ac, sc;

	memset(&m, 0, sizeof(m));
	m.fdt = blob;
	m.p = p;
	m.d = diags;
	m.name = name ? name : "<dtb>";
	m.scan = x ? x->scan : NULL;
	fp.file = m.name;
	fp.line = fp.col = 0;
	mx_diaglist_init(&scratch);
	if (!diags)
		m.d = &scratch;
	mx_profile_release(p);
	if ((r = mxi_dt_check_blob(blob, len, m.name, m.d)))
		goto bad;
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
	if (x && x->nassumed) {
		struct mx_buf b;

		mx_buf_init(&b);
		for (size_t i = 0; i < x->nassumed; i++)
			mx_buf_addf(&b, "%s%s", i ? ", " : "", x->assumed[i]);
		if (b.failed) {
			mx_buf_release(&b);
			goto oom;
		}
		free(p->dt_includes);
		p->dt_includes = mx_buf_detach(&b, NULL);
	}
	/* the blob the kernel reserves is this one, unless the base profile describes the board's */
	if (!(o && o->base && o->base->fdt.present)) {
		p->fdt.present = true;
		p->fdt.size = fdt_totalsize(blob);
	}
	/*
	 * The file a boot loader would be given, whatever this profile's own DTB
	 * size: the board's blob as its build makes it (before overlays, no -@).
	 * Its fixups (mxi_dt_loader_facts()) see the tree the kernel gets.
	 */
	p->boot.dtb_file = x && x->dtb_file ? x->dtb_file : fdt_totalsize(blob);
	mxi_dt_loader_facts(blob, &p->boot);
	walk(&m);
	memory_nodes(&m);
	memreserve(&m);
	chosen(&m);
	reserved_memory(&m);
	if (m.oom)
		goto oom;
	if (m.nerr)
		goto bad;
	r = 0;
	goto out;
oom:
	r = MX_ENOMEM;
	mx_profile_release(p);
	goto out;
bad:
	r = MX_EPARSE;
	mx_profile_release(p);
out:
	free(m.mem);
	free(m.named_mem);
	free(m.rmkids);
	free(m.rmsyms);
	mx_diaglist_release(&scratch);
	return r;
}
