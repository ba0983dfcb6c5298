/* edit.c - validated profile edits from user text (used by the explorer's input line) */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/edit.h"

static int fail(struct mx_diaglist *diags, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The one error of an edit: a diagnostic without a position (the input line is the place). */
static int fail(struct mx_diaglist *diags, const char *fmt, ...)
{
	va_list ap;
	int r = 0;

	if (diags) {
		va_start(ap, fmt);
		r = mx_diag_vadd(diags, MX_SEV_ERROR, NULL, NULL, -1, fmt, ap);
		va_end(ap);
	}
	return r ? MX_ENOMEM : MX_EPARSE;
}

static const char *skip(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

static bool blank(const char *s)
{
	return !*skip(s);
}

/* One number with an optional K/M/G suffix; a helpful message otherwise. */
static int number(const char *text, uint64_t *out, const char *what, struct mx_diaglist *diags)
{
	int r = mx_size_parse(text, out);

	if (r == MX_ERANGE)
		return fail(diags, "%s '%s' does not fit in 64 bits", what, text);
	if (r)
		return fail(diags, "expected %s like 16M, 0x1000000 or 4096, got '%s'", what, text);
	return 0;
}

int mx_parse_ranges(const char *text, struct mx_range **out, size_t *n, struct mx_diaglist *diags)
{
	struct mx_range *v = NULL;
	size_t cnt = 0;
	char *copy = strdup(text), *save = NULL, *tok;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!copy)
		return MX_ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		char *sep, *a = (char *)skip(tok), op;
		uint64_t b, x, e;
		struct mx_range *nv;

		if (!*a)
			continue;
		sep = strpbrk(a + 1, "+-");
		if (!sep) {
			rc = fail(diags, "expected BASE+SIZE or START-END, got '%s'", a);
			break;
		}
		op = *sep;
		*sep = '\0';
		if ((rc = number(a, &b, "an address", diags)) ||
		    (rc = number(sep + 1, &x, op == '+' ? "a size" : "an end address", diags)))
			break;
		if (op == '-') {
			if (x <= b) {
				rc = fail(diags, "range end 0x%" PRIx64 " is not above its start 0x%" PRIx64,
					  x, b);
				break;
			}
			x -= b;
		}
		if (!x || !mx_add_ok(b, x, &e)) {
			rc = fail(diags, "range 0x%" PRIx64 "+0x%" PRIx64 " is empty or ends past 2^64",
				  b, x);
			break;
		}
		nv = realloc(v, (cnt + 1) * sizeof(*v));
		if (!nv) {
			rc = MX_ENOMEM;
			break;
		}
		v = nv;
		v[cnt].base = b;
		v[cnt].size = x;
		cnt++;
	}
	/* the messages above quote the copy: free it only now */
	free(copy);
	if (rc) {
		free(v);
		return rc;
	}
	*out = v;
	*n = cnt;
	return 0;
}

static bool valid_name(const char *s)
{
	return mx_dt_node_name_valid(s);
}

int mx_edit_region(struct mx_profile *p, int ri, enum mx_edit_field field, const char *text,
		   struct mx_diaglist *diags)
{
	struct mx_region *r;
	uint64_t v = 0;
	int rc;

	if (ri < 0 || (size_t)ri >= p->nregions)
		return MX_EINVAL;
	r = &p->regions[ri];
	text = skip(text);
	switch (field) {
	case MX_EDIT_SIZE:
		if ((rc = number(text, &v, "a size", diags)))
			return rc;
		if (!v)
			return fail(diags, "a size of 0 removes nothing; use d to disable the region");
		if (r->nreg) {
			uint64_t e;

			if (!mx_add_ok(r->reg[0].base, v, &e))
				return fail(diags, "0x%" PRIx64 " + size ends past 2^64", r->reg[0].base);
			r->reg[0].size = v;
		} else {
			r->size = v;
			r->has_size = true;
		}
		return 0;
	case MX_EDIT_BASE: {
		uint64_t size = r->nreg ? r->reg[0].size : r->size, e;

		if ((rc = number(text, &v, "an address", diags)))
			return rc;
		if (!size)
			return fail(diags, "set a size first");
		if (!mx_add_ok(v, size, &e))
			return fail(diags, "0x%" PRIx64 " + 0x%" PRIx64 " ends past 2^64", v, size);
		if (!r->nreg) {
			/* a dynamic region given a base becomes a static one: reg = <base size> */
			struct mx_range *g = malloc(sizeof(*g));

			if (!g)
				return MX_ENOMEM;
			free(r->reg);
			r->reg = g;
			r->nreg = 1;
			r->reg[0].size = size;
			r->has_size = false;
			r->size = 0;
		}
		r->reg[0].base = v;
		return 0;
	}
	case MX_EDIT_ALIGN:
		if (blank(text) || !strcmp(text, "0")) {
			r->align = 0;
			return 0;
		}
		if ((rc = number(text, &v, "an alignment", diags)))
			return rc;
		if (!mx_is_pow2(v))
			return fail(diags, "alignment 0x%" PRIx64 " is not a power of two", v);
		r->align = v;
		return 0;
	case MX_EDIT_ALLOC_RANGES: {
		struct mx_range *g;
		size_t n;

		if ((rc = mx_parse_ranges(text, &g, &n, diags)))
			return rc;
		free(r->alloc_ranges);
		r->alloc_ranges = g;
		r->nalloc_ranges = n;
		return 0;
	}
	case MX_EDIT_FIXUP_KEEP:
		if (blank(text)) {
			r->has_fixup_keep = false;
			r->fixup_keep = 0;
			return 0;
		}
		if ((rc = number(text, &v, "a size", diags)))
			return rc;
		r->fixup_keep = v;
		r->has_fixup_keep = true;
		return 0;
	case MX_EDIT_NAME:
		if (!valid_name(text))
			/* short: the explorer's status line shows it whole (profile_yaml.c has the long form) */
			return fail(diags, "expected a node name like splash@90000000 (letters, "
				    "digits and , . _ + - @), got '%s'", text);
		return mx_str_set(&r->name, text);
	}
	return MX_EINVAL;
}

int mx_edit_region_text(const struct mx_profile *p, int ri, enum mx_edit_field field,
			struct mx_buf *out)
{
	const struct mx_region *r;

	if (ri < 0 || (size_t)ri >= p->nregions)
		return MX_EINVAL;
	r = &p->regions[ri];
	switch (field) {
	case MX_EDIT_SIZE:
		return mx_buf_addf(out, "0x%" PRIx64, r->nreg ? r->reg[0].size : r->size);
	case MX_EDIT_BASE:
		return r->nreg ? mx_buf_addf(out, "0x%" PRIx64, r->reg[0].base) : 0;
	case MX_EDIT_ALIGN:
		return r->align ? mx_buf_addf(out, "0x%" PRIx64, r->align) : 0;
	case MX_EDIT_ALLOC_RANGES:
		for (size_t i = 0; i < r->nalloc_ranges; i++)
			mx_buf_addf(out, "%s0x%" PRIx64 "+0x%" PRIx64, i ? ", " : "",
				    r->alloc_ranges[i].base, r->alloc_ranges[i].size);
		return out->failed ? MX_ENOMEM : 0;
	case MX_EDIT_FIXUP_KEEP:
		return r->has_fixup_keep ? mx_buf_addf(out, "0x%" PRIx64, r->fixup_keep) : 0;
	case MX_EDIT_NAME:
		return mx_buf_adds(out, r->name ? r->name : "");
	}
	return MX_EINVAL;
}

int mx_edit_toggle(struct mx_profile *p, int ri, unsigned flag)
{
	if (ri < 0 || (size_t)ri >= p->nregions)
		return MX_EINVAL;
	p->regions[ri].flags ^= flag;
	return 0;
}

int mx_edit_add_region(struct mx_profile *p, const char *text, int *index, struct mx_diaglist *diags)
{
	char name[256], val[256];
	const char *s = skip(text), *sp;
	size_t nl;
	int ri, rc;

	sp = s;
	while (*sp && !isspace((unsigned char)*sp))
		sp++;
	nl = (size_t)(sp - s);
	if (!nl || nl >= sizeof(name) || blank(sp) || strlen(skip(sp)) >= sizeof(val))
		return fail(diags, "expected NAME SIZE (dynamic) or NAME BASE+SIZE (static), "
			    "e.g. 'pool 16M' or 'fw@90000000 0x90000000+8M'");
	memcpy(name, s, nl);
	name[nl] = '\0';
	snprintf(val, sizeof(val), "%s", skip(sp));
	if (!valid_name(name))
		return fail(diags, "expected a node name like splash@90000000, got '%s'", name);
	if (strchr(val, '+') || strchr(val + 1, '-')) {
		struct mx_range *g;
		size_t n;

		if ((rc = mx_parse_ranges(val, &g, &n, diags)))
			return rc;
		if (n != 1) {
			free(g);
			return fail(diags, "expected one BASE+SIZE, got %zu ranges", n);
		}
		if ((ri = mx_profile_add_region(p, name)) < 0) {
			free(g);
			return ri;
		}
		p->regions[ri].reg = g;
		p->regions[ri].nreg = 1;
	} else {
		uint64_t v;

		if ((rc = number(val, &v, "a size", diags)))
			return rc;
		if (!v)
			return fail(diags, "the size must be above 0");
		if ((ri = mx_profile_add_region(p, name)) < 0)
			return ri;
		p->regions[ri].size = v;
		p->regions[ri].has_size = true;
	}
	p->regions[ri].pos = p->pos;
	if (index)
		*index = ri;
	return 0;
}

/* Locate "cma=..." in bootargs: its start and length, or -1. */
static long find_cma(const char *b, size_t *len)
{
	for (const char *s = b; s && *s;) {
		while (isspace((unsigned char)*s))
			s++;
		if (!strncmp(s, "cma=", 4)) {
			const char *e = s;

			while (*e && !isspace((unsigned char)*e))
				e++;
			*len = (size_t)(e - s);
			return s - b;
		}
		while (*s && !isspace((unsigned char)*s))
			s++;
	}
	return -1;
}

int mx_edit_cma_text(const struct mx_profile *p, struct mx_buf *out)
{
	size_t len;
	long at = find_cma(p->bootargs, &len);

	if (at < 0)
		return 0;
	return mx_buf_add(out, p->bootargs + at + 4, len - 4);
}

/* Rebuild bootargs token by token: every cma= goes, the new one is appended. */
int mx_edit_set_cma(struct mx_profile *p, const char *text, struct mx_diaglist *diags)
{
	struct mx_buf b;
	const char *s = p->bootargs;
	uint64_t v;
	int rc;

	text = skip(text);
	if (!blank(text) && (rc = number(text, &v, "a CMA size", diags)))
		return rc;
	mx_buf_init(&b);
	while (s && *s) {
		const char *e;

		s = skip(s);
		for (e = s; *e && !isspace((unsigned char)*e); e++)
			;
		if (e > s && strncmp(s, "cma=", 4)) {
			if (b.len)
				mx_buf_adds(&b, " ");
			mx_buf_add(&b, s, (size_t)(e - s));
		}
		s = e;
	}
	if (!blank(text))
		mx_buf_addf(&b, "%scma=%s", b.len ? " " : "", text);
	if (b.failed) {
		mx_buf_release(&b);
		return MX_ENOMEM;
	}
	rc = mx_str_set(&p->bootargs, b.len ? b.buf : NULL);
	mx_buf_release(&b);
	return rc;
}

void mx_edit_cycle_vmsplit(struct mx_profile *p)
{
	switch (p->vmsplit) {
	case MX_VMSPLIT_DEFAULT:
	case MX_VMSPLIT_3G: p->vmsplit = MX_VMSPLIT_3G_OPT; break;
	case MX_VMSPLIT_3G_OPT: p->vmsplit = MX_VMSPLIT_2G; break;
	case MX_VMSPLIT_2G: p->vmsplit = MX_VMSPLIT_1G; break;
	case MX_VMSPLIT_1G: p->vmsplit = MX_VMSPLIT_3G; break;
	}
}

void mx_edit_toggle_model(struct mx_profile *p)
{
	bool sparse = p->model == MX_MM_SPARSE ||
		      (p->model == MX_MM_DEFAULT && p->arch != MX_ARCH_ARM);

	p->model = sparse ? MX_MM_FLAT : MX_MM_SPARSE;
	if (!sparse) {
		p->vmemmap = 1;
		p->extreme = 1;
	}
}

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" }, *const no[] = { "false", "no", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (!strcmp(v, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(v, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

int mx_edit_set(struct mx_profile *p, const char *assignment, struct mx_diaglist *diags)
{
	static const struct { const char *name; unsigned bit; } flags[] = {
		{ "no-map", MX_REGION_NOMAP }, { "reusable", MX_REGION_REUSABLE },
		{ "linux,cma-default", MX_REGION_CMA_DEFAULT }, { "no-map-fixup", MX_REGION_NOMAP_FIXUP },
		{ "freed-late", MX_REGION_FREED_LATE },
	};
	static const struct { const char *name; enum mx_edit_field f; } fields[] = {
		{ "size", MX_EDIT_SIZE }, { "base", MX_EDIT_BASE }, { "alignment", MX_EDIT_ALIGN },
		{ "alloc-ranges", MX_EDIT_ALLOC_RANGES }, { "fixup-keep", MX_EDIT_FIXUP_KEEP },
		{ "name", MX_EDIT_NAME },
	};
	char key[256], prop[64];
	const char *eq = strchr(assignment, '='), *dot, *value;
	int ri;
	bool b;

	if (!eq)
		return fail(diags, "expected REGION.PROPERTY=VALUE, got '%s'", assignment);
	for (dot = eq; dot > assignment && *dot != '.'; dot--)
		;
	if (dot == assignment || (size_t)(dot - assignment) >= sizeof(key) ||
	    (size_t)(eq - dot - 1) >= sizeof(prop) || eq == dot + 1)
		return fail(diags, "expected REGION.PROPERTY=VALUE, got '%s'", assignment);
	memcpy(key, assignment, (size_t)(dot - assignment));
	key[dot - assignment] = '\0';
	memcpy(prop, dot + 1, (size_t)(eq - dot - 1));
	prop[eq - dot - 1] = '\0';
	value = eq + 1;
	if ((ri = mx_profile_find_region(p, key)) < 0)
		return fail(diags, "no region called '%s' (a node name, a label, or a name without "
			    "its unit address)", key);
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (!strcmp(prop, flags[i].name)) {
			if (parse_bool(value, &b))
				return fail(diags, "expected true or false for %s, got '%s'", prop, value);
			if (b)
				p->regions[ri].flags |= flags[i].bit;
			else
				p->regions[ri].flags &= ~flags[i].bit;
			return 0;
		}
	if (!strcmp(prop, "status")) {
		if (!strcmp(value, "disabled"))
			p->regions[ri].flags |= MX_REGION_DISABLED;
		else if (!strcmp(value, "okay") || !strcmp(value, "ok"))
			p->regions[ri].flags &= ~(unsigned)MX_REGION_DISABLED;
		else
			return fail(diags, "expected okay or disabled for status, got '%s'", value);
		return 0;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strcmp(prop, fields[i].name))
			return mx_edit_region(p, ri, fields[i].f, value, diags);
	if (!strcmp(prop, "reg")) {
		struct mx_range *g;
		size_t n;
		int rc = mx_parse_ranges(value, &g, &n, diags);

		if (rc)
			return rc;
		if (!n) {
			free(g);
			return fail(diags, "expected reg as BASE+SIZE, got '%s'", value);
		}
		free(p->regions[ri].reg);
		p->regions[ri].reg = g;
		p->regions[ri].nreg = n;
		/* a static region has no size of its own: a stale one would not save (fuzz_edit) */
		p->regions[ri].has_size = false;
		p->regions[ri].size = 0;
		return 0;
	}
	if (!strcmp(prop, "compatible"))
		return mx_region_set_compatible(&p->regions[ri], *value ? value : NULL);
	if (!strcmp(prop, "label")) {
		/* the same rule as a profile's label (profile_yaml.c): it is written into a DTS */
		if (*value && !mx_dt_label_valid(value))
			return fail(diags, "expected a label like splash_mem (a letter or _, then letters, "
				    "digits and _), got '%s'", value);
		return mx_str_set(&p->regions[ri].label, *value ? value : NULL);
	}
	return fail(diags, "unknown property '%s'; expected no-map, reusable, linux,cma-default, "
		    "no-map-fixup, freed-late, status, size, base, reg, alignment, alloc-ranges, "
		    "fixup-keep, compatible, label or name", prop);
}
