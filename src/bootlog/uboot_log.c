/* uboot_log.c - U-Boot's console output as a record (memx/ubootlog.h) */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/ubootlog.h"
#include "bootlog_internal.h"

void mx_ubootlog_init(struct mx_ubootlog *u)
{
	memset(u, 0, sizeof(*u));
	mx_diaglist_init(&u->diags);
}

void mx_ubootlog_release(struct mx_ubootlog *u)
{
	mx_diaglist_release(&u->diags);
	mx_ubootlog_init(u);
}

/* A hex number with or without 0x (U-Boot's hextoul()); the end, or NULL without one that fits 64 bits. */
static const char *hex(const char *s, const char *e, uint64_t *v)
{
	struct mx_blc c = { s, e, s };

	return mxi_bl_hex_raw(&c, v) == MX_BL_NUM_OK ? c.p : NULL;
}

static const char *skip(const char *s, const char *e, const char *set)
{
	while (s < e && *s && strchr(set, *s))
		s++;
	return s;
}

/* @s starts with @l: where it ends, else NULL. */
static const char *lit(const char *s, const char *e, const char *l)
{
	struct mx_blc c = { s, e, s };

	return bl_lit(&c, l) ? c.p : NULL;
}

static const char *find(const char *s, const char *e, const char *l)
{
	struct mx_blc c = { s, e, s };

	return mxi_bl_find(&c, l);
}

/* "X, end Y": [X, Y + 1) when @incl, else [X, Y) */
static bool two(const char *p, const char *e, struct mx_uboot_place *pl, bool incl, int line)
{
	uint64_t a, b;

	if (!(p = hex(p, e, &a)) || !(p = lit(p, e, ", end ")) || !hex(p, e, &b) || b < a)
		return false;
	pl->has = true;
	pl->base = a;
	pl->end = incl ? b + 1 : b;
	pl->line = line;
	return true;
}

static bool env(const char *s, const char *e, struct mx_ubootlog *r, int line)
{
	static const struct {
		const char *name;
		size_t off;
	} vars[] = {
		{ "fdt_high=", offsetof(struct mx_ubootlog, fdt_high) },
		{ "initrd_high=", offsetof(struct mx_ubootlog, initrd_high) },
		{ "kernel_addr_r=", offsetof(struct mx_ubootlog, kernel_addr_r) },
		{ "ramdisk_addr_r=", offsetof(struct mx_ubootlog, ramdisk_addr_r) },
		{ "fdt_addr_r=", offsetof(struct mx_ubootlog, fdt_addr_r) },
		{ "fdt_addr=", offsetof(struct mx_ubootlog, fdt_addr) },
	};

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *p = lit(s, e, vars[i].name);
		struct mx_envaddr *v = (struct mx_envaddr *)((char *)r + vars[i].off);
		uint64_t x;

		if (!p || !(p = hex(p, e, &x)) || skip(p, e, " \t") != e)
			continue;
		v->set = true;
		v->v = x;
		if (i == 0)
			r->fdt_high_line = line;
		if (i == 1)
			r->initrd_high_line = line;
		return true;
	}
	return false;
}

static void fail(struct mx_ubootlog *r, const char *s, const char *e, int line)
{
	size_t used = strlen(r->failure), n = (size_t)(e - s);

	if (!r->failure_line)
		r->failure_line = line;
	if (used && used + 2 < sizeof(r->failure)) {
		memcpy(r->failure + used, "; ", 3);
		used += 2;
	}
	if (n > sizeof(r->failure) - 1 - used)
		n = sizeof(r->failure) - 1 - used;
	memcpy(r->failure + used, s, n);
	r->failure[used + n] = '\0';
}

/* One line of a run (trimmed of leading blanks and the CR); false when it says nothing known. */
static bool line(struct mx_ubootlog *r, const char *s, const char *e, int no)
{
	const char *p;
	uint64_t a, b;
	bool known = true;

	if (env(s, e, r, no))
		return true;
	if ((p = lit(s, e, "Build"))) {
		p = skip(p, e, " \t=");
		if (lit(p, e, "64-bit"))
			r->bits = 64;
		else if (lit(p, e, "32-bit"))
			r->bits = 32;
	} else if ((p = lit(s, e, "DRAM bank"))) {
		if (r->ndram < MX_LOADER_BANKS)
			r->dram[r->ndram++] = (struct mx_range){ 0, 0 };
	} else if ((p = lit(s, e, "-> start"))) {
		if (r->ndram && hex(skip(p, e, " \t="), e, &a))
			r->dram[r->ndram - 1].base = a;
	} else if ((p = lit(s, e, "-> size"))) {
		if (r->ndram && hex(skip(p, e, " \t="), e, &a))
			r->dram[r->ndram - 1].size = a;
	} else if ((p = lit(s, e, "relocaddr"))) {
		if (hex(skip(p, e, " \t="), e, &a)) {
			r->relocaddr = a;
			r->has_relocaddr = true;
		}
	} else if ((p = lit(s, e, "reserved[")) && (p = find(p, e, "[0x"))) {
		/* " reserved[0]	[0x5ddab000-0x5fffffff], 0x02255000 bytes flags: 0" */
		if ((p = hex(p + 1, e, &a)) && (p = lit(p, e, "-")) && hex(p, e, &b) && b >= a && r->nlmb < 16)
			r->lmb[r->nlmb++] = (struct mx_range){ a, b - a + 1 };
	} else if ((p = lit(s, e, "## Flattened Device Tree blob at "))) {
		if (hex(p, e, &a)) {
			r->fdt_given = (struct mx_uboot_place){ true, a, a, no };
		}
	} else if ((p = lit(s, e, "Kernel image @ "))) {
		/* bootz_setup(): "Kernel image @ 0x40400000 [ 0x000000 - 0x54a200 ]" */
		const char *q = hex(p, e, &a);
		uint64_t z0, z1;

		if (q && (q = find(q, e, "[")) && (q = hex(skip(q + 1, e, " "), e, &z0)) &&
		    (q = find(q, e, "-")) && hex(skip(q + 1, e, " "), e, &z1) && z1 >= z0)
			r->zimage = (struct mx_uboot_place){ true, a, a + (z1 - z0), no };
	} else if ((p = lit(s, e, "Loading Ramdisk to "))) {
		two(p, e, &r->ramdisk, false, no);
	} else if ((p = lit(s, e, "Loading Device Tree to "))) {
		if (two(p, e, &r->fdt, true, no))
			r->fdt_in_place = false;
	} else if ((p = lit(s, e, "Using Device Tree in place at "))) {
		if (two(p, e, &r->fdt, true, no))
			r->fdt_in_place = true;
	} else if (lit(s, e, "Starting kernel")) {
		r->started = true;
	} else if ((p = lit(s, e, "EFI stub: "))) {
		r->efi = true;
		if (lit(p, e, "Exiting boot services"))
			r->started = true;
	} else if (lit(s, e, "ERROR: reserving fdt memory region failed")) {
		r->lmb_refused++;
	} else if (find(s, e, "FDT creation failed") || lit(s, e, "ERROR: ") || find(s, e, "allocation error") ||
		   find(s, e, "overlaps OS image")) {
		fail(r, s, e, no);
	} else {
		known = false;
	}
	return known;
}

/*
 * Terminal escapes U-Boot's console code writes at a line's start (the EFI
 * console's size probe "ESC 7 ESC [r ESC [999;999H ESC [6n ESC 8"), and blanks.
 */
static const char *line_start(const char *s, const char *e)
{
	for (;;) {
		s = skip(s, e, " \t");
		if (e - s < 2 || *s != '\x1b')
			return s;
		if (s[1] != '[') {
			s += 2; /* ESC 7, ESC 8, ... */
			continue;
		}
		s += 2;
		while (s < e && ((*s >= '0' && *s <= '9') || *s == ';' || *s == '?'))
			s++;
		if (s < e)
			s++; /* the final byte */
	}
}

/* "U-Boot 2023.01+dfsg-2+deb12u3 (Jun 22 2026 - 08:38:07 +0000)" (not "U-Boot SPL ...") */
static bool banner(const char *s, const char *e, char *version, size_t n)
{
	const char *p = lit(s, e, "U-Boot "), *q;

	if (!p || p >= e || *p < '0' || *p > '9')
		return false;
	for (q = p; q < e && *q != ' ' && *q != '\t'; q++)
		;
	if ((size_t)(q - p) >= n)
		q = p + n - 1;
	memcpy(version, p, (size_t)(q - p));
	version[q - p] = '\0';
	return true;
}

/* A run ends: the last run that started a kernel is the one described, else the last run. */
static void finish(struct mx_ubootlog *best, bool *have, const struct mx_ubootlog *cur)
{
	if (!*have || cur->started || !best->started) {
		*best = *cur;
		*have = true;
	}
}

int mx_ubootlog_parse(struct mx_ubootlog *u, const char *buf, size_t len, const char *name)
{
	struct mx_ubootlog cur, best;
	const char *s = buf ? buf : "", *end = s + (buf ? len : 0);
	struct mx_srcpos pos = { name ? name : "<u-boot log>", 1, 1 };
	bool have = false, any = false, cur_any = false;
	struct mx_diaglist d;
	int no = 0, runs = 0, r = 0;

	mx_ubootlog_release(u);
	memset(&cur, 0, sizeof(cur));
	memset(&best, 0, sizeof(best));
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s)), *e = nl ? nl : end, *t = e;
		char v[MX_LOADER_VERSION];

		no = no < 0x7fffffff ? no + 1 : no;
		while (t > s && t[-1] == '\r')
			t--;
		s = line_start(s, t);
		if (banner(s, t, v, sizeof(v))) {
			if (cur_any)
				finish(&best, &have, &cur);
			memset(&cur, 0, sizeof(cur));
			cur.run_line = no;
			memcpy(cur.version, v, sizeof(v));
			any = cur_any = true;
			runs++;
		} else if (line(&cur, s, t, no)) {
			any = cur_any = true;
		}
		s = nl ? nl + 1 : end;
	}
	if (cur_any)
		finish(&best, &have, &cur);
	d = u->diags;
	*u = best;
	u->diags = d;
	u->runs = runs;
	if (!any)
		r = mx_diag_add(&u->diags, MX_SEV_ERROR, NULL, &pos, -1, "not a U-Boot console log: no U-Boot "
				"banner, environment, bdinfo or boot line");
	else if (runs > 1)
		r = mx_diag_add(&u->diags, MX_SEV_NOTE, NULL, &(struct mx_srcpos){ pos.file, u->run_line, 1 }, -1,
				"%d U-Boot runs in the log; the one starting here is used", runs);
	return r ? MX_ENOMEM : 0;
}

int mx_ubootlog_parse_file(struct mx_ubootlog *u, const char *path)
{
	char *text;
	size_t len;
	int r = mx_file_read(path, &text, &len);

	if (r) {
		mx_ubootlog_release(u);
		return r;
	}
	r = mx_ubootlog_parse(u, text, len, path);
	free(text);
	return r;
}

bool mx_ubootlog_usable(const struct mx_ubootlog *u)
{
	return u->run_line || u->ndram || u->nlmb || u->fdt.has || u->ramdisk.has || u->fdt_given.has ||
	       u->fdt_high.set || u->initrd_high.set || u->started || u->failure[0];
}
