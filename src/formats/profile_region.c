/* profile_region.c - the profile's reserved-memory: list, each region's keys and what they may hold */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "memx/profile.h"
#include "yaml_read.h"

#define PF(fn) static bool fn(struct yaml_load *L, yaml_node_t *v, void *o, yaml_node_t *m)

#define R(o) ((struct mx_region *)(o))
/*
 * Names and labels go into an exported DTS unquoted: only what the
 * devicetree specification allows (mx_dt_node_name_valid, 2.2.1; labels as
 * dtc reads them, mx_dt_label_valid). Anything else is refused here rather
 * than written into a device tree that dtc rejects or reads differently.
 */
PF(r_name)
{
	(void)m;
	if (!mxi_yaml_str(L, v, &R(o)->name, "a node name"))
		return false;
	if (R(o)->name && !mx_dt_node_name_valid(R(o)->name)) {
		ERR(L, v, "expected a node name like splash@90000000 (a letter or digit, then "
		    "letters, digits and , . _ + -, then an optional @unit-address of the same), got '%s'",
		    SHOW(R(o)->name));
		return false;
	}
	return true;
}
PF(r_label)
{
	(void)m;
	if (!mxi_yaml_str(L, v, &R(o)->label, "a label"))
		return false;
	if (R(o)->label && !mx_dt_label_valid(R(o)->label)) {
		ERR(L, v, "expected a label like splash_mem (a letter or _, then letters, digits and _), "
		    "got '%s'", SHOW(R(o)->label));
		return false;
	}
	return true;
}
PF(r_note) { (void)m; return mxi_yaml_str(L, v, &R(o)->note, "a note"); }
PF(r_path) { (void)m; return mxi_yaml_str(L, v, &R(o)->path, "a device-tree path"); }

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* dtc's PROPNODECHAR: what a property name may be written unquoted with */
static bool prop_name_valid(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      strchr(",._+*#?@-", *s)))
			return false;
	return true;
}

/* dt-props: [{ name: NAME, value: "HEXBYTES" }]: device-tree properties kept for export */
PF(r_props)
{
	struct mx_region *r = o;
	size_t n;

	(void)m;
	if (v->type != YAML_SEQUENCE_NODE) {
		ERR(L, v, "expected dt-props as a list of { name, value }, got %s", mxi_yaml_kind(v));
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
			const char *key = k ? mxi_yaml_scalar(L, k, "a key") : NULL;

			if (!key || !val)
				return false;
			if (!strcmp(key, "name"))
				name = mxi_yaml_scalar(L, val, "a property name");
			else if (!strcmp(key, "value"))
				hex = mxi_yaml_is_null(val) ? "" : mxi_yaml_scalar(L, val, "hex bytes");
			else {
				ERR(L, k, "unknown key '%s' in a dt-props entry; expected name and value", SHOW(key));
				return false;
			}
		}
		if (!name || !hex) {
			ERR(L, it, "a dt-props entry needs a name and a value");
			return false;
		}
		if (!prop_name_valid(name)) {
			ERR(L, it, "expected a property name like qcom,ion-heap-type (letters, digits and "
			    ", . _ + * # ? @ -), got '%s'", SHOW(name));
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
		char *c = NULL;

		/* "compatible:" alone: none, like any other empty string */
		if (!mxi_yaml_str(L, v, &c, "a compatible string"))
			return false;
		if (mx_region_set_compatible(r, c))
			L->oom = true;
		free(c);
		return !L->oom;
	}
	if (v->type != YAML_SEQUENCE_NODE) {
		ERR(L, v, "expected compatible as a string or a list of strings, got %s", mxi_yaml_kind(v));
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
		if (mxi_yaml_is_null(it)) {
			ERR(L, it, "expected a compatible string, got an empty value");
			return false;
		}
		if (!mxi_yaml_str(L, it, &r->compatible[i], "a compatible string"))
			return false;
		r->ncompatible = i + 1;
	}
	return true;
}
PF(r_reg) { (void)m; return mxi_yaml_ranges(L, v, &R(o)->reg, &R(o)->nreg, true, "a reg entry"); }
PF(r_ranges) { (void)m; return mxi_yaml_ranges(L, v, &R(o)->alloc_ranges, &R(o)->nalloc_ranges, true, "an alloc-ranges entry"); }
PF(r_size)
{
	(void)m;
	R(o)->has_size = mxi_yaml_size(L, v, &R(o)->size, "a size");
	return R(o)->has_size;
}
PF(r_align) { (void)m; return mxi_yaml_size(L, v, &R(o)->align, "an alignment"); }
PF(r_keep)
{
	(void)m;
	R(o)->has_fixup_keep = mxi_yaml_size(L, v, &R(o)->fixup_keep, "a size");
	return R(o)->has_fixup_keep;
}
static bool flag(struct yaml_load *L, yaml_node_t *v, struct mx_region *r, unsigned bit, const char *what)
{
	bool b;

	if (!mxi_yaml_bool(L, v, &b, what))
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
	const char *s = mxi_yaml_scalar(L, v, "a status");

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
static const struct yaml_key region_keys[] = {
	{ "name", r_name }, { "label", r_label }, { "compatible", r_compat }, { "reg", r_reg },
	{ "size", r_size }, { "alignment", r_align }, { "alloc-ranges", r_ranges },
	{ "no-map", r_nomap }, { "reusable", r_reusable }, { "linux,cma-default", r_cma_default },
	{ "no-map-fixup", r_fixup }, { "fixup-keep", r_keep }, { "freed-late", r_freed_late },
	{ "status", r_status }, { "note", r_note }, { "dt-path", r_path }, { "dt-props", r_props },
};
bool mxi_yaml_regions(struct yaml_load *L, yaml_node_t *v)
{
	size_t n;
	bool ok = true;

	if (v->type != YAML_SEQUENCE_NODE) {
		ERR(L, v, "expected reserved-memory as a list of regions, got %s", mxi_yaml_kind(v));
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
		mxi_yaml_pos(L, it, &r->pos);
		if (!mxi_yaml_map(L, it, region_keys, sizeof(region_keys) / sizeof(region_keys[0]), r,
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
