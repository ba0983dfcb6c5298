/* dt_overlay.c - overlays onto the board's tree as a boot loader applies them (libfdt) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "dt_internal.h"

/* A string property, NUL-terminated, or NULL. */
static const char *str_prop(const void *fdt, int node, const char *name)
{
	int len;
	const char *v = fdt_getprop(fdt, node, name, &len);

	return v && len > 0 && v[len - 1] == '\0' ? v : NULL;
}

/*
 * __symbols__ for a base compiled without -@, from the labels of its source:
 * what dtc -@ adds (generate_label_tree(): a property per label, the node's
 * path; a phandle for every labelled node that has none).
 */
static int synthesize_symbols(void *fdt, const struct mxi_dts_scan *s)
{
	int sym = fdt_add_subnode(fdt, 0, "__symbols__"), r;
	uint32_t max = 0;

	if (sym < 0)
		return sym;
	if ((r = fdt_find_max_phandle(fdt, &max)))
		return r;
	for (size_t i = 0; i < s->nlabels; i++) {
		const char *label = s->labels[2 * i], *path = s->labels[2 * i + 1];
		int node;

		if (!path || (node = fdt_path_offset(fdt, path)) < 0)
			continue;
		if (!fdt_get_phandle(fdt, node) && (r = fdt_setprop_u32(fdt, node, "phandle", ++max)))
			return r;
		sym = fdt_path_offset(fdt, "/__symbols__");
		if (sym < 0)
			return sym;
		if ((r = fdt_setprop(fdt, sym, label, path, (int)strlen(path) + 1)))
			return r;
	}
	return 0;
}

/* The first label in @fdto's __fixups__ the base's __symbols__ lack, or NULL. */
static const char *missing_label(const void *fdt, const void *fdto)
{
	int fx = fdt_path_offset(fdto, "/__fixups__"), sym = fdt_path_offset(fdt, "/__symbols__"), prop;

	if (fx < 0)
		return NULL;
	fdt_for_each_property_offset(prop, fdto, fx) {
		const char *name;

		if (fdt_getprop_by_offset(fdto, prop, &name, NULL) && name &&
		    (sym < 0 || !str_prop(fdt, sym, name)))
			return name;
	}
	return NULL;
}

/*
 * Where fragment @frag of @fdto lands in @fdt: target-path, a target phandle
 * the overlay's __fixups__ name by label ("/fragment@0:target:0"), or a
 * phandle of the base (libfdt's overlay_get_target()). 0 or -1.
 */
static int target_path(const void *fdt, const void *fdto, int frag, char *out, size_t n)
{
	const char *tp = str_prop(fdto, frag, "target-path");
	char fpath[512], want[600];
	int len, fx, prop, node;
	const fdt32_t *ph;

	if (tp) {
		snprintf(out, n, "%s", tp);
		return 0;
	}
	if (fdt_get_path(fdto, frag, fpath, sizeof(fpath)))
		return -1;
	snprintf(want, sizeof(want), "%s:target:0", fpath);
	if ((fx = fdt_path_offset(fdto, "/__fixups__")) >= 0) {
		fdt_for_each_property_offset(prop, fdto, fx) {
			const char *label, *v = fdt_getprop_by_offset(fdto, prop, &label, &len);
			int sym = fdt_path_offset(fdt, "/__symbols__");
			const char *p;

			for (const char *s = v; v && len > 0 && s < v + len; s += strlen(s) + 1)
				if (!strcmp(s, want) && sym >= 0 && (p = str_prop(fdt, sym, label))) {
					snprintf(out, n, "%s", p);
					return 0;
				}
		}
	}
	ph = fdt_getprop(fdto, frag, "target", &len);
	if (!ph || len != 4 || (node = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(*ph))) < 0)
		return -1;
	return fdt_get_path(fdt, node, out, (int)n) ? -1 : 0;
}

/*
 * The nodes overlay @o adds to @fdt (before it is applied): their positions
 * from the overlay's source, else the overlay file, into @scan.
 */
static int record_new_nodes(const void *fdt, const struct mxi_overlay *o, struct mxi_dts_scan *scan)
{
	int frag;

	fdt_for_each_subnode(frag, o->blob, 0) {
		int ovl = fdt_subnode_offset(o->blob, frag, "__overlay__"), depth = 0, node;
		char target[512], fpath[512], rel[1024] = "";
		size_t relat[64] = { 0 };

		if (ovl < 0 || target_path(fdt, o->blob, frag, target, sizeof(target)) ||
		    fdt_get_path(o->blob, ovl, fpath, sizeof(fpath)))
			continue;
		for (node = fdt_next_node(o->blob, ovl, &depth); node >= 0 && depth > 0;
		     node = fdt_next_node(o->blob, node, &depth)) {
			const char *nm = fdt_get_name(o->blob, node, NULL);
			char mpath[2048], spath[2048];
			const struct mx_dts_pos *p;
			int r;

			if (!nm || depth >= 64)
				continue;
			/* rel is the path below __overlay__: cut to the parent, add this name */
			rel[relat[depth - 1]] = '\0';
			snprintf(rel + strlen(rel), sizeof(rel) - strlen(rel), "/%s", nm);
			relat[depth] = strlen(rel);
			snprintf(mpath, sizeof(mpath), "%s%s", strcmp(target, "/") ? target : "", rel);
			if (fdt_path_offset(fdt, mpath) >= 0)
				continue; /* the base's node, changed: it keeps its own position */
			snprintf(spath, sizeof(spath), "%s%s", fpath, rel);
			p = mxi_dts_scan_find(&o->scan, spath);
			if (!p)
				p = mxi_dts_scan_find(&o->scan, mpath);
			r = p ? mxi_dts_scan_add(scan, mpath, p->file, p->line, p->col, p->label) :
				mxi_dts_scan_add(scan, mpath, o->path, 0, 0, NULL);
			if (r)
				return r;
		}
	}
	return 0;
}

int mxi_dt_overlays_apply(const void *base, size_t len, const char *base_name, struct mxi_overlay *ov,
			  size_t n, struct mxi_dts_scan *scan, bool synthesize, void **merged,
			  size_t *mlen, struct mx_diaglist *d)
{
	size_t size = len + 4096;
	void *buf = NULL, *fdto = NULL;
	int r, rc = MX_EPARSE;

	*merged = NULL;
	*mlen = 0;
	for (size_t i = 0; i < n; i++)
		size += 2 * ov[i].len;
	if (size > 0x7fffffff || !(buf = malloc(size)))
		return MX_ENOMEM;
	if ((r = fdt_open_into(base, buf, (int)size)))
		goto libfdt;
	for (size_t i = 0; i < n; i++) {
		struct mx_srcpos pos = { ov[i].path, 0, 0 };
		const char *lab;

		if (fdt_path_offset(ov[i].blob, "/__fixups__") >= 0 && fdt_path_offset(buf, "/__symbols__") < 0) {
			if (!synthesize) {
				struct mx_srcpos bp = { base_name, 0, 0 };

				mx_diag_add(d, MX_SEV_ERROR, NULL, &bp, -1, "the tree has no __symbols__, and %s "
					    "refers to its labels: build the board's DTB with dtc -@ "
					    "(DTC_FLAGS += -@ in the kernel)", ov[i].path);
				goto out;
			}
			if ((r = synthesize_symbols(buf, scan)))
				goto libfdt;
		}
		if ((lab = missing_label(buf, ov[i].blob))) {
			mx_diag_add(d, MX_SEV_ERROR, NULL, &pos, -1, "cannot apply the overlay onto %s: it "
				    "refers to label '%s', which the tree does not define", base_name, lab);
			goto out;
		}
		if ((r = record_new_nodes(buf, &ov[i], scan))) {
			rc = r;
			goto out;
		}
		/* fdt_overlay_apply() consumes the overlay: a copy goes in */
		free(fdto);
		if (!(fdto = malloc(ov[i].len))) {
			rc = MX_ENOMEM;
			goto out;
		}
		memcpy(fdto, ov[i].blob, ov[i].len);
		if ((r = fdt_overlay_apply(buf, fdto))) {
			mx_diag_add(d, MX_SEV_ERROR, NULL, &pos, -1, "cannot apply the overlay onto %s: %s "
				    "(libfdt's fdt_overlay_apply)", base_name, fdt_strerror(r));
			goto out;
		}
	}
	if ((r = fdt_pack(buf)))
		goto libfdt;
	*merged = buf;
	*mlen = fdt_totalsize(buf);
	buf = NULL;
	rc = 0;
	goto out;
libfdt:
	if (r == -FDT_ERR_NOSPACE) {
		rc = MX_ENOMEM;
	} else {
		struct mx_srcpos bp = { base_name, 0, 0 };

		mx_diag_add(d, MX_SEV_ERROR, NULL, &bp, -1, "cannot prepare the tree for its overlays: %s",
			    fdt_strerror(r));
	}
out:
	free(fdto);
	free(buf);
	return rc;
}
