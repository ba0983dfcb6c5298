/* dts_export.c - write /reserved-memory back as device-tree source */
#include <inttypes.h>
#include <string.h>

#include "memx/dts.h"

/* Two cells when anything needs more than 32 bits or the arch is 64-bit. */
static unsigned cells_for(const struct mx_profile *p)
{
	if (p->arch != MX_ARCH_ARM)
		return 2;
	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];

		for (size_t j = 0; j < r->nreg; j++)
			if ((r->reg[j].base | r->reg[j].size) >> 32 ||
			    (r->reg[j].base + r->reg[j].size) > (1ULL << 32))
				return 2;
		for (size_t j = 0; j < r->nalloc_ranges; j++)
			if ((r->alloc_ranges[j].base | r->alloc_ranges[j].size) >> 32)
				return 2;
		if ((r->size | r->align) >> 32)
			return 2;
	}
	return 1;
}

static void cells(struct mx_buf *b, uint64_t v, unsigned n)
{
	if (n == 2)
		mx_buf_addf(b, "0x%" PRIx64 " 0x%" PRIx64, v >> 32, v & 0xffffffffu);
	else
		mx_buf_addf(b, "0x%" PRIx64, v);
}

static void ranges_prop(struct mx_buf *b, const char *name, const struct mx_range *r, size_t n,
			unsigned c)
{
	mx_buf_addf(b, "\t\t\t%s = <", name);
	for (size_t i = 0; i < n; i++) {
		mx_buf_adds(b, i ? " " : "");
		cells(b, r[i].base, c);
		mx_buf_adds(b, " ");
		cells(b, r[i].size, c);
	}
	mx_buf_adds(b, ">;\n");
}

/* DTS strings: escape what dtc would read as an escape or the end. */
static void dts_str(struct mx_buf *b, const char *s)
{
	mx_buf_adds(b, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			mx_buf_addf(b, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			mx_buf_addf(b, "\\x%02x", (unsigned char)*s);
		else
			mx_buf_add(b, s, 1);
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

int mx_dts_export_node(const struct mx_profile *p, bool standalone, struct mx_buf *b)
{
	unsigned c = cells_for(p);

	if (standalone)
		mx_buf_adds(b, "/dts-v1/;\n\n");
	mx_buf_addf(b, "/* /reserved-memory of %s, written by memx " MX_VERSION " */\n",
		    p->name ? p->name : "a board");
	mx_buf_adds(b, "/ {\n\treserved-memory {\n");
	mx_buf_addf(b, "\t\t#address-cells = <%u>;\n\t\t#size-cells = <%u>;\n\t\tranges;\n", c, c);
	for (size_t i = 0; i < p->nregions; i++) {
		const struct mx_region *r = &p->regions[i];

		mx_buf_adds(b, "\n\t\t");
		if (r->label)
			mx_buf_addf(b, "%s: ", r->label);
		mx_buf_addf(b, "%s {\n", r->name ? r->name : "region");
		if (r->ncompatible) {
			mx_buf_adds(b, "\t\t\tcompatible = ");
			for (size_t k = 0; k < r->ncompatible; k++) {
				mx_buf_adds(b, k ? ", " : "");
				dts_str(b, r->compatible[k]);
			}
			mx_buf_adds(b, ";\n");
		}
		if (r->nreg)
			ranges_prop(b, "reg", r->reg, r->nreg, c);
		if (r->has_size) {
			mx_buf_adds(b, "\t\t\tsize = <");
			cells(b, r->size, c);
			mx_buf_adds(b, ">;\n");
		}
		if (r->align) {
			mx_buf_adds(b, "\t\t\talignment = <");
			cells(b, r->align, c);
			mx_buf_adds(b, ">;\n");
		}
		if (r->nalloc_ranges)
			ranges_prop(b, "alloc-ranges", r->alloc_ranges, r->nalloc_ranges, c);
		if (r->flags & MX_REGION_NOMAP)
			mx_buf_adds(b, "\t\t\tno-map;\n");
		if (r->flags & MX_REGION_REUSABLE)
			mx_buf_adds(b, "\t\t\treusable;\n");
		if (r->flags & MX_REGION_CMA_DEFAULT)
			mx_buf_adds(b, "\t\t\tlinux,cma-default;\n");
		if (r->flags & MX_REGION_NOMAP_FIXUP)
			mx_buf_adds(b, "\t\t\tno-map-fixup;\n");
		if (r->flags & MX_REGION_DISABLED)
			mx_buf_adds(b, "\t\t\tstatus = \"disabled\";\n");
		if (r->has_fixup_keep)
			mx_buf_addf(b, "\t\t\t/* memx: the modem keeps the first 0x%" PRIx64 " bytes */\n",
				    r->fixup_keep);
		if (r->flags & MX_REGION_FREED_LATE)
			mx_buf_adds(b, "\t\t\t/* memx: freed by its driver after boot */\n");
		if (r->note) {
			mx_buf_adds(b, "\t\t\t/* ");
			comment_text(b, r->note);
			mx_buf_adds(b, " */\n");
		}
		mx_buf_adds(b, "\t\t};\n");
	}
	mx_buf_adds(b, "\t};\n};\n");
	return b->failed ? MX_ENOMEM : 0;
}
