/* dts_export.c - /reserved-memory back as device-tree source: a whole node, or overrides */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dt_internal.h"
#include "memx/dts.h"

struct ex {
	struct mx_buf *b;
	unsigned ac, sc;
};

/* The tree's cells when it came from one; else two when anything needs 64 bits. */
static void pick_cells(const struct mx_profile *p, struct ex *x)
{
	x->ac = p->dt_addr_cells;
	x->sc = p->dt_size_cells;
	if (x->ac && x->sc)
		return;
	x->ac = x->sc = p->arch == MX_ARCH_ARM ? 1 : 2;
	for (size_t i = 0; i < p->nregions && x->ac == 1; i++) {
		const struct mx_region *r = &p->regions[i];

		for (size_t j = 0; j < r->nreg; j++)
			if ((r->reg[j].base | r->reg[j].size) >> 32 ||
			    r->reg[j].base + r->reg[j].size > (1ULL << 32))
				x->ac = x->sc = 2;
		for (size_t j = 0; j < r->nalloc_ranges; j++)
			if ((r->alloc_ranges[j].base | r->alloc_ranges[j].size) >> 32)
				x->ac = x->sc = 2;
		if ((r->size | r->align | r->fixup_keep) >> 32)
			x->ac = x->sc = 2;
	}
}

static void cells(struct ex *x, uint64_t v, unsigned n)
{
	if (n == 2)
		mx_buf_addf(x->b, "0x%" PRIx64 " 0x%" PRIx64, v >> 32, v & 0xffffffffu);
	else
		mx_buf_addf(x->b, "0x%" PRIx64, v & 0xffffffffu);
}

static void ind(struct ex *x, int depth)
{
	for (int i = 0; i < depth; i++)
		mx_buf_adds(x->b, "\t");
}

static void ranges_prop(struct ex *x, int d, const char *name, const struct mx_range *r, size_t n)
{
	ind(x, d);
	mx_buf_addf(x->b, "%s = <", name);
	for (size_t i = 0; i < n; i++) {
		mx_buf_adds(x->b, i ? " " : "");
		cells(x, r[i].base, x->ac);
		mx_buf_adds(x->b, " ");
		cells(x, r[i].size, x->sc);
	}
	mx_buf_adds(x->b, ">;\n");
}

static void cell_prop(struct ex *x, int d, const char *name, uint64_t v, unsigned n)
{
	ind(x, d);
	mx_buf_addf(x->b, "%s = <", name);
	cells(x, v, n);
	mx_buf_adds(x->b, ">;\n");
}

/* DTS strings: escape what dtc would read as an escape or the end. */
static void dts_str(struct mx_buf *b, const char *s, size_t n)
{
	mx_buf_adds(b, "\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			mx_buf_addf(b, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			mx_buf_addf(b, "\\x%02x", c);
		else
			mx_buf_add(b, (const char *)&c, 1);
	}
	mx_buf_adds(b, "\"");
}

/* Comments must not close themselves. */
static void comment_text(struct mx_buf *b, const char *s)
{
	for (; *s; s++) {
		if (s[0] == '*' && s[1] == '/')
			mx_buf_adds(b, "* /");
		else if (*s == '\n')
			mx_buf_adds(b, " ");
		else
			mx_buf_add(b, s, 1);
	}
}

/* An unknown property as it was: strings, cells or bytes, whichever it reads as. */
static void raw_prop(struct ex *x, int d, const struct mx_prop *pr)
{
	bool strings = pr->len > 0 && pr->val[pr->len - 1] == '\0' && pr->val[0] != '\0';

	for (size_t i = 0; strings && i < pr->len; i++)
		if (pr->val[i] == '\0' ? (i + 1 < pr->len && pr->val[i + 1] == '\0') :
		    !isprint(pr->val[i]))
			strings = false;
	ind(x, d);
	if (!pr->len) {
		mx_buf_addf(x->b, "%s;\n", pr->name);
		return;
	}
	mx_buf_addf(x->b, "%s = ", pr->name);
	if (strings) {
		const char *s = (const char *)pr->val;

		for (size_t off = 0; off < pr->len; off += strlen(s + off) + 1) {
			mx_buf_adds(x->b, off ? ", " : "");
			dts_str(x->b, s + off, strlen(s + off));
		}
	} else if (pr->len % 4 == 0) {
		mx_buf_adds(x->b, "<");
		for (size_t i = 0; i < pr->len; i += 4)
			mx_buf_addf(x->b, "%s0x%" PRIx32, i ? " " : "",
				    (uint32_t)pr->val[i] << 24 | (uint32_t)pr->val[i + 1] << 16 |
				    (uint32_t)pr->val[i + 2] << 8 | pr->val[i + 3]);
		mx_buf_adds(x->b, ">");
	} else {
		mx_buf_adds(x->b, "[");
		for (size_t i = 0; i < pr->len; i++)
			mx_buf_addf(x->b, "%s%02x", i ? " " : "", pr->val[i]);
		mx_buf_adds(x->b, "]");
	}
	mx_buf_adds(x->b, ";\n");
}

enum known {
	K_COMPATIBLE, K_REG, K_SIZE, K_ALIGN, K_RANGES, K_NOMAP, K_REUSABLE, K_CMA_DEFAULT,
	K_FIXUP, K_STATUS, K_LATE, K_KEEP, K__COUNT
};

static const char *const known_names[K__COUNT] = {
	"compatible", "reg", "size", "alignment", "alloc-ranges", "no-map", "reusable",
	"linux,cma-default", "no-map-fixup", "status", MX_DT_FREED_LATE, MX_DT_FIXUP_KEEP,
};

static int known(const char *name)
{
	for (int k = 0; k < K__COUNT; k++)
		if (!strcmp(known_names[k], name))
			return k;
	return -1;
}

/* Emit known property @k of @r if it is set; returns true when something was written. */
static bool known_prop(struct ex *x, int d, const struct mx_region *r, int k, bool had_status)
{
	switch (k) {
	case K_COMPATIBLE:
		if (!r->ncompatible)
			return false;
		ind(x, d);
		mx_buf_adds(x->b, "compatible = ");
		for (size_t i = 0; i < r->ncompatible; i++) {
			mx_buf_adds(x->b, i ? ", " : "");
			dts_str(x->b, r->compatible[i], strlen(r->compatible[i]));
		}
		mx_buf_adds(x->b, ";\n");
		return true;
	case K_REG:
		if (!r->nreg)
			return false;
		ranges_prop(x, d, "reg", r->reg, r->nreg);
		return true;
	case K_SIZE:
		if (!r->has_size)
			return false;
		cell_prop(x, d, "size", r->size, x->sc);
		return true;
	case K_ALIGN:
		if (!r->align)
			return false;
		cell_prop(x, d, "alignment", r->align, x->ac);
		return true;
	case K_RANGES:
		if (!r->nalloc_ranges)
			return false;
		ranges_prop(x, d, "alloc-ranges", r->alloc_ranges, r->nalloc_ranges);
		return true;
	case K_STATUS:
		if (r->flags & MX_REGION_DISABLED) {
			ind(x, d);
			mx_buf_adds(x->b, "status = \"disabled\";\n");
			return true;
		}
		if (had_status) {
			ind(x, d);
			mx_buf_adds(x->b, "status = \"okay\";\n");
			return true;
		}
		return false;
	case K_KEEP:
		if (!r->has_fixup_keep)
			return false;
		cell_prop(x, d, MX_DT_FIXUP_KEEP, r->fixup_keep, x->sc);
		return true;
	default: {
		static const unsigned bits[K__COUNT] = {
			[K_NOMAP] = MX_REGION_NOMAP, [K_REUSABLE] = MX_REGION_REUSABLE,
			[K_CMA_DEFAULT] = MX_REGION_CMA_DEFAULT, [K_FIXUP] = MX_REGION_NOMAP_FIXUP,
			[K_LATE] = MX_REGION_FREED_LATE,
		};

		if (!(r->flags & bits[k]))
			return false;
		ind(x, d);
		mx_buf_addf(x->b, "%s;\n", known_names[k]);
		return true;
	}
	}
}

/*
 * True when the imported property @pr still says what the model says, so it
 * can be written exactly as it was (a one-cell alignment in a two-cell tree,
 * status = "ok"): an unedited node comes back byte for byte.
 */
static bool unchanged(const struct mx_region *r, int k, const struct mx_prop *pr)
{
	switch (k) {
	case K_SIZE:
		return r->has_size && (pr->len == 4 || pr->len == 8) && mxi_dt_cells(pr->val, pr->len / 4) == r->size;
	case K_ALIGN:
		return r->align && (pr->len == 4 || pr->len == 8) && mxi_dt_cells(pr->val, pr->len / 4) == r->align;
	case K_STATUS:
		return !(r->flags & MX_REGION_DISABLED) == !(pr->len >= 8 && !memcmp(pr->val, "disabled", 8));
	case K_KEEP:
		return r->has_fixup_keep && (pr->len == 4 || pr->len == 8) &&
		       mxi_dt_cells(pr->val, pr->len / 4) == r->fixup_keep;
	default:
		return false; /* the rest is written the way the tree had it anyway */
	}
}

/* The node name, its unit address following reg when reg moved. */
static void node_name(struct mx_buf *b, const struct mx_region *r, const struct mx_region *was)
{
	const char *n = r->name ? r->name : "region", *at = strchr(n, '@');

	if (r->nreg && at && was && was->nreg && was->reg[0].base != r->reg[0].base)
		mx_buf_addf(b, "%.*s@%" PRIx64, (int)(at - n), n, r->reg[0].base);
	else
		mx_buf_adds(b, n);
}

static void node(struct ex *x, int d, const struct mx_region *r, const struct mx_region *was)
{
	bool done[K__COUNT] = { false };
	bool had_status = mx_region_prop(r, "status") != NULL;

	ind(x, d);
	if (r->label)
		mx_buf_addf(x->b, "%s: ", r->label);
	node_name(x->b, r, was);
	mx_buf_adds(x->b, " {\n");
	/* the imported order first; what edits added follows */
	for (size_t i = 0; i < r->nprops; i++) {
		int k = known(r->props[i].name);

		if (k >= 0) {
			if (!done[k] && !unchanged(r, k, &r->props[i]))
				known_prop(x, d + 1, r, k, had_status);
			else if (!done[k])
				raw_prop(x, d + 1, &r->props[i]);
			done[k] = true;
		} else if (strcmp(r->props[i].name, "phandle") && strcmp(r->props[i].name, "linux,phandle")) {
			raw_prop(x, d + 1, &r->props[i]); /* phandles: dtc assigns them again */
		}
	}
	for (int k = 0; k < K__COUNT; k++)
		if (!done[k])
			known_prop(x, d + 1, r, k, had_status);
	if (r->note) {
		ind(x, d + 1);
		mx_buf_adds(x->b, "/* ");
		comment_text(x->b, r->note);
		mx_buf_adds(x->b, " */\n");
	}
	ind(x, d);
	mx_buf_adds(x->b, "};\n");
}

static const struct mx_region *find_in(const struct mx_profile *p, const struct mx_region *r)
{
	if (!p)
		return NULL;
	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *q = &p->regions[i];

		if (r->path && q->path ? !strcmp(r->path, q->path) :
		    (r->name && q->name && !strcmp(r->name, q->name)))
			return q;
	}
	return NULL;
}

static bool banks_differ(const struct mx_profile *a, const struct mx_profile *b)
{
	if (!b || a->nmemory != b->nmemory)
		return b != NULL;
	for (size_t i = 0; i < a->nmemory; i++)
		if (a->memory[i].base != b->memory[i].base || a->memory[i].size != b->memory[i].size)
			return true;
	return false;
}

static void memory_node(struct ex *x, int d, const struct mx_profile *p)
{
	if (!p->nmemory)
		return;
	ind(x, d);
	mx_buf_addf(x->b, "memory@%" PRIx64 " {\n", p->memory[0].base);
	ind(x, d + 1);
	mx_buf_adds(x->b, "device_type = \"memory\";\n");
	ind(x, d + 1);
	mx_buf_adds(x->b, "reg = <");
	for (size_t i = 0; i < p->nmemory; i++) {
		mx_buf_adds(x->b, i ? " " : "");
		cells(x, p->memory[i].base, x->ac);
		mx_buf_adds(x->b, " ");
		cells(x, p->memory[i].size, x->sc);
	}
	mx_buf_adds(x->b, ">;\n");
	ind(x, d);
	mx_buf_adds(x->b, "};\n");
}

static void whole_node(struct ex *x, const struct mx_profile *p, const struct mx_profile *base,
		       bool standalone)
{
	if (standalone)
		for (size_t i = 0; i < p->nmemreserve; i++)
			mx_buf_addf(x->b, "/memreserve/ 0x%" PRIx64 " 0x%" PRIx64 ";\n%s",
				    p->memreserve[i].base, p->memreserve[i].size,
				    i + 1 == p->nmemreserve ? "\n" : "");
	mx_buf_adds(x->b, "/ {\n");
	if (standalone) {
		/* a whole tree for dtc: root cells, what /chosen says about memory, /memory */
		mx_buf_addf(x->b, "\t#address-cells = <%u>;\n\t#size-cells = <%u>;\n", x->ac, x->sc);
		mx_buf_addf(x->b, "\t" MX_DT_ARCH " = \"%s\";\n\n", mx_arch_name(p->arch));
		if (p->bootargs || (p->initrd.present && p->initrd.has_base) || p->nusable) {
			mx_buf_adds(x->b, "\tchosen {\n");
			if (p->bootargs) {
				mx_buf_adds(x->b, "\t\tbootargs = ");
				dts_str(x->b, p->bootargs, strlen(p->bootargs));
				mx_buf_adds(x->b, ";\n");
			}
			if (p->initrd.present && p->initrd.has_base) {
				cell_prop(x, 2, "linux,initrd-start", p->initrd.base, x->ac);
				cell_prop(x, 2, "linux,initrd-end", p->initrd.base + p->initrd.size, x->ac);
			}
			if (p->nusable)
				ranges_prop(x, 2, "linux,usable-memory-range", p->usable, p->nusable);
			mx_buf_adds(x->b, "\t};\n\n");
		}
		memory_node(x, 1, p);
		mx_buf_adds(x->b, "\n");
	} else if (banks_differ(p, base)) {
		memory_node(x, 1, p);
		mx_buf_adds(x->b, "\n");
	}
	mx_buf_addf(x->b, "\treserved-memory {\n\t\t#address-cells = <%u>;\n\t\t#size-cells = <%u>;\n"
		    "\t\tranges;\n", x->ac, x->sc);
	for (size_t i = 0; i < p->nregions; i++) {
		mx_buf_adds(x->b, "\n");
		node(x, 2, &p->regions[i], find_in(base, &p->regions[i]));
	}
	mx_buf_adds(x->b, "\t};\n};\n");
}

/* A label for a node that has none: the node name with '_' for what a label cannot hold. */
static void gen_label(struct mx_buf *b, const char *name)
{
	for (const char *s = name; *s; s++)
		mx_buf_addf(b, "%c", isalnum((unsigned char)*s) || *s == '_' ? *s : '_');
}

static bool compat_eq(const struct mx_region *a, const struct mx_region *b)
{
	if (a->ncompatible != b->ncompatible)
		return false;
	for (size_t i = 0; i < a->ncompatible; i++)
		if (strcmp(a->compatible[i], b->compatible[i]))
			return false;
	return true;
}

static void delete_prop(struct ex *x, const char *name)
{
	mx_buf_addf(x->b, "\t/delete-property/ %s;\n", name);
}

/* What changed in one region, as the body of an override; empty when nothing did. */
static void region_diff(struct ex *x, const struct mx_region *r, const struct mx_region *w)
{
	static const struct { unsigned bit; int k; } flags[] = {
		{ MX_REGION_NOMAP, K_NOMAP }, { MX_REGION_REUSABLE, K_REUSABLE },
		{ MX_REGION_CMA_DEFAULT, K_CMA_DEFAULT }, { MX_REGION_NOMAP_FIXUP, K_FIXUP },
	};

	if (!compat_eq(r, w)) {
		if (r->ncompatible)
			known_prop(x, 1, r, K_COMPATIBLE, false);
		else
			delete_prop(x, "compatible");
	}
	if (!mx_ranges_equal(r->reg, r->nreg, w->reg, w->nreg)) {
		if (r->nreg)
			known_prop(x, 1, r, K_REG, false);
		else
			delete_prop(x, "reg");
		if (r->nreg && w->nreg && r->reg[0].base != w->reg[0].base && r->name && strchr(r->name, '@'))
			mx_buf_addf(x->b, "\t/* memx: the unit address of %s no longer matches reg; "
				    "rename the node to @%" PRIx64 " in the board DTS */\n", r->name,
				    r->reg[0].base);
	}
	if (r->has_size != w->has_size || r->size != w->size) {
		if (r->has_size)
			known_prop(x, 1, r, K_SIZE, false);
		else
			delete_prop(x, "size");
	}
	if (r->align != w->align) {
		if (r->align)
			known_prop(x, 1, r, K_ALIGN, false);
		else
			delete_prop(x, "alignment");
	}
	if (!mx_ranges_equal(r->alloc_ranges, r->nalloc_ranges, w->alloc_ranges, w->nalloc_ranges)) {
		if (r->nalloc_ranges)
			known_prop(x, 1, r, K_RANGES, false);
		else
			delete_prop(x, "alloc-ranges");
	}
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if ((r->flags ^ w->flags) & flags[i].bit) {
			if (r->flags & flags[i].bit)
				known_prop(x, 1, r, flags[i].k, false);
			else
				delete_prop(x, known_names[flags[i].k]);
		}
	if ((r->flags ^ w->flags) & MX_REGION_DISABLED)
		mx_buf_addf(x->b, "\tstatus = \"%s\";\n", r->flags & MX_REGION_DISABLED ? "disabled" : "okay");
	/* memx's own settings are no device-tree properties: they ride along as comments */
	if ((r->flags ^ w->flags) & MX_REGION_FREED_LATE)
		mx_buf_addf(x->b, "\t/* memx: freed-late %s (not a device-tree property) */\n",
			    r->flags & MX_REGION_FREED_LATE ? "on" : "off");
	if (r->has_fixup_keep != w->has_fixup_keep || r->fixup_keep != w->fixup_keep)
		mx_buf_addf(x->b, "\t/* memx: fixup-keep 0x%" PRIx64 " (not a device-tree property) */\n",
			    r->has_fixup_keep ? r->fixup_keep : 0);
}

static void overrides(struct ex *x, const struct mx_profile *p, const struct mx_profile *base)
{
	struct mx_buf body;
	bool block = false;

	mx_buf_init(&body);
	if (banks_differ(p, base)) {
		mx_buf_adds(x->b, "/ {\n");
		memory_node(x, 1, p);
		mx_buf_adds(x->b, "};\n\n");
	}
	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i], *w = find_in(base, r);
		struct mx_buf *keep = x->b;

		if (!w)
			continue;
		mx_buf_clear(&body);
		x->b = &body;
		region_diff(x, r, w);
		x->b = keep;
		if (!body.len)
			continue;
		if (r->label) {
			mx_buf_addf(x->b, "&%s {\n", r->label);
		} else {
			mx_buf_adds(x->b, "/* memx: ");
			mx_buf_adds(x->b, r->name ? r->name : "?");
			mx_buf_adds(x->b, " has no label: add '");
			gen_label(x->b, r->name ? r->name : "region");
			mx_buf_adds(x->b, ":' in front of its node in the board DTS */\n&");
			gen_label(x->b, r->name ? r->name : "region");
			mx_buf_adds(x->b, " {\n");
		}
		mx_buf_add(x->b, body.buf, body.len);
		mx_buf_adds(x->b, "};\n\n");
	}
	/* new nodes and deleted ones go in one block under /reserved-memory */
	for (size_t i = 0; i < p->nregions; i++)
		if (!find_in(base, &p->regions[i])) {
			if (!block)
				mx_buf_adds(x->b, "&{/reserved-memory} {\n");
			block = true;
			node(x, 1, &p->regions[i], NULL);
		}
	for (size_t i = 0; base && i < base->nregions; i++)
		if (!find_in(p, &base->regions[i])) {
			if (!block)
				mx_buf_adds(x->b, "&{/reserved-memory} {\n");
			block = true;
			mx_buf_addf(x->b, "\t/delete-node/ %s;\n", base->regions[i].name);
		}
	if (block)
		mx_buf_adds(x->b, "};\n");
	mx_buf_release(&body);
}

/* DT spec 2.2.4 property names: [0-9a-zA-Z,._+?#-] (dtc's lexer takes no other character) */
static bool prop_name_ok(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || strchr(",._+?#-", *s)))
			return false;
	return true;
}

/* One error about region @r (its position) when @what is not a name a DTS can hold. */
static int refuse(struct mx_diaglist *d, const struct mx_region *r, int ri, const char *kind,
		  const char *what)
{
	struct mx_buf shown;

	mx_buf_init(&shown);
	for (const char *s = what ? what : ""; *s && shown.len < 80; s++)
		mx_buf_addf(&shown, (unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f ? "\\x%02x" : "%c",
			    (unsigned char)*s);
	if (d && mx_diag_add(d, MX_SEV_ERROR, NULL, &r->pos, ri, "cannot export: the %s '%s' is not a "
			     "devicetree name, and DTS has no way to quote it", kind, shown.buf)) {
		mx_buf_release(&shown);
		return MX_ENOMEM;
	}
	mx_buf_release(&shown);
	return MX_EINVAL;
}

static int check_region(const struct mx_region *r, int ri, bool with_props, struct mx_diaglist *d)
{
	int rc = 0, e;

	if (!r->name || !mx_dt_node_name_valid(r->name))
		rc = refuse(d, r, ri, "node name", r->name);
	if (r->label && !mx_dt_label_valid(r->label) && (e = refuse(d, r, ri, "label", r->label)) && !rc)
		rc = e;
	for (size_t i = 0; with_props && i < r->nprops; i++)
		if (!prop_name_ok(r->props[i].name) && (e = refuse(d, r, ri, "property name", r->props[i].name)) &&
		    (!rc || e == MX_ENOMEM))
			rc = e;
	return rc;
}

int mx_dts_export_check(const struct mx_profile *p, const struct mx_profile *base, enum mx_dts_form form,
			struct mx_diaglist *d)
{
	int rc = 0, e;

	for (size_t i = 0; i < p->nregions; i++)
		if ((e = check_region(&p->regions[i], (int)i, true, d)) && (!rc || e == MX_ENOMEM))
			rc = e;
	/* the overrides form names deleted nodes of the base in /delete-node/ */
	for (size_t i = 0; form == MX_DTS_OVERRIDES && base && i < base->nregions; i++)
		if (!find_in(p, &base->regions[i]) &&
		    (e = check_region(&base->regions[i], -1, false, d)) && (!rc || e == MX_ENOMEM))
			rc = e;
	return rc;
}

int mx_dts_export(const struct mx_profile *p, const struct mx_profile *base, enum mx_dts_form form,
		  bool standalone, struct mx_buf *out)
{
	struct ex x = { out, 0, 0 };
	int rc = mx_dts_export_check(p, base, form, NULL);

	if (rc)
		return rc;
	pick_cells(base ? base : p, &x);
	if (standalone && form == MX_DTS_NODE)
		mx_buf_adds(out, "/dts-v1/;\n\n");
	if (form == MX_DTS_OVERRIDES) {
		mx_buf_adds(out, "/* memx " MX_VERSION ": what changed in /reserved-memory of ");
		comment_text(out, p->name ? p->name : "the board");
		mx_buf_adds(out, ", as overrides for its DTS */\n");
		if (base && base->dt_source) {
			mx_buf_adds(out, "/* against ");
			comment_text(out, base->dt_source);
			mx_buf_adds(out, " */\n");
		}
		mx_buf_adds(out, "\n");
		overrides(&x, p, base);
		return out->failed ? MX_ENOMEM : 0;
	}
	mx_buf_adds(out, "/* /reserved-memory of ");
	comment_text(out, p->name ? p->name : "a board");
	mx_buf_adds(out, ", written by memx " MX_VERSION "; memx,* properties are memx's notes, the kernel "
		    "ignores them */\n");
	whole_node(&x, p, base, standalone);
	return out->failed ? MX_ENOMEM : 0;
}
