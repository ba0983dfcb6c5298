/* test_dt_ktree.c - boards as a kernel tree holds them (cpp, includes, overlays), and hostile trees */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "memx/dt.h"
#include "memx/dts.h"
#include "memx/edit.h"
#include "testutil.h"

#define VENDOR "tests/ktree/arch/arm64/boot/dts/vendor/"

static bool have(const char *tool)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s > /dev/null 2>&1", tool);
	return system(cmd) == 0;
}

#define NEED_TOOLS()                                                                                \
	do {                                                                                        \
		if (!have("dtc") || !have("cpp")) {                                                 \
			print_message("SKIPPED: dtc or cpp is not installed; kernel-tree input untested\n"); \
			skip();                                                                     \
		}                                                                                   \
	} while (0)

static int load(struct mx_profile *p, const char *path, const struct mx_import_opts *o, struct mx_diaglist *d)
{
	mx_profile_init(p);
	return mx_profile_load_file(p, path, o, d);
}

static const struct mx_region *region(const struct mx_profile *p, const char *name)
{
	int i = mx_profile_find_region(p, name);

	if (i < 0) {
		print_error("no region %s\n", name);
		fail();
	}
	return &p->regions[i];
}

static bool ends(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && !strcmp(s + a - b, tail);
}

static void show(const struct mx_diaglist *d)
{
	for (size_t i = 0; i < d->cnt; i++)
		print_error("  %s:%d:%d: %s\n", d->d[i].file ? d->d[i].file : "?", d->d[i].line, d->d[i].col,
			    d->d[i].msg);
}

/* One error whose message has @msg; its file ends with @file (NULL: any). */
static void one_error(const struct mx_diaglist *d, const char *msg, const char *file, int line)
{
	if (d->cnt != 1 || !strstr(d->d[0].msg, msg) || (file && !ends(d->d[0].file, file)) ||
	    (line >= 0 && d->d[0].line != line)) {
		print_error("expected one error with '%s' at %s:%d, got:\n", msg, file ? file : "?", line);
		show(d);
		fail();
	}
}

static char *run_out(const char *cmd, size_t *len)
{
	FILE *f = popen(cmd, "r");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int c;

	assert_non_null(f);
	while ((c = fgetc(f)) != EOF) {
		if (n + 2 > cap) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		buf[n++] = (char)c;
	}
	if (!buf)
		buf = calloc(1, 1);
	buf[n] = '\0';
	pclose(f);
	if (len)
		*len = n;
	return buf;
}

/* dtc -T -T output: "\t\tlabel: name { / * file:line:col-..." -> the region at @path's position and label. */
static bool dtc_position(const char *ann, const char *path, char *file, int *line, int *col, char *label)
{
	char stack[64][256];
	const char *l = ann;

	while (l && *l) {
		const char *nl = strchr(l, '\n'), *brace = strchr(l, '{'), *c;
		size_t depth = 0;

		while (l[depth] == '\t')
			depth++;
		if (brace && (!nl || brace < nl) && (c = strstr(brace, "/* ")) && (!nl || c < nl) && depth < 64) {
			const char *end = brace, *name;
			char full[2048] = "";

			while (end > l && end[-1] == ' ')
				end--;
			for (name = end; name > l + depth && name[-1] != ' ' && name[-1] != '\t'; name--)
				;
			snprintf(stack[depth], sizeof(stack[depth]), "%.*s", (int)(end - name), name);
			for (size_t k = 1; k <= depth; k++)
				snprintf(full + strlen(full), sizeof(full) - strlen(full), "/%s", stack[k]);
			if (!strcmp(full, path)) {
				const char *w = l + depth, *colon = memchr(w, ':', (size_t)(name - w));
				const char *sp = memchr(w, ' ', (size_t)(name - w));

				label[0] = '\0';
				if (colon && (!sp || colon < sp) && colon > w)
					snprintf(label, 256, "%.*s", (int)(colon - w), w);
				return sscanf(c, "/* %1023[^:]:%d:%d", file, line, col) == 3;
			}
		}
		l = nl ? nl + 1 : NULL;
	}
	return false;
}

/*
 * Every region's position and label as dtc -T gives them for the text dtc
 * compiles (@cmd prints dtc -T -T output): memx gets them without that run.
 */
static void positions_as_dtc(const char *dts, const char *cmd)
{
	struct mx_profile p;
	struct mx_diaglist d;
	char *ann;

	mx_diaglist_init(&d);
	if (load(&p, dts, NULL, &d)) {
		print_error("%s does not load\n", dts);
		show(&d);
		fail();
	}
	ann = run_out(cmd, NULL);
	for (size_t i = 0; i < p.nregions; i++) {
		const struct mx_region *r = &p.regions[i];
		char file[1024], label[256];
		int line, col;

		if (!dtc_position(ann, r->path, file, &line, &col, label)) {
			print_error("%s: dtc -T has no %s\n", dts, r->path);
			fail();
		}
		if (!ends(r->pos.file, file) || r->pos.line != line || r->pos.col != col ||
		    strcmp(r->label ? r->label : "", label)) {
			print_error("%s: %s at %s:%d:%d label '%s'; dtc -T says %s:%d:%d label '%s'\n", dts,
				    r->path, r->pos.file, r->pos.line, r->pos.col, r->label ? r->label : "",
				    file, line, col, label);
			fail();
		}
	}
	free(ann);
	mx_diaglist_release(&d);
	mx_profile_release(&p);
}

static void positions_match_dtc(void **state)
{
	char cmd[16384], dir[4096];
	DIR *dp;
	struct dirent *e;
	int n = 0;

	(void)state;
	NEED_TOOLS();
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dts -T -T %s", tu_src_path("tests/dt/board.dts"));
	positions_as_dtc(tu_src_path("tests/dt/board.dts"), cmd);
	/* through cpp: the same preprocessed text dtc reads */
	snprintf(cmd, sizeof(cmd), "cd %s && cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp "
		 "-I tests/ktree/scripts/dtc/include-prefixes " VENDOR "lints.dts | dtc -q -I dts -O dts -T -T -",
		 tu_src_path(""));
	positions_as_dtc(tu_src_path(VENDOR "lints.dts"), cmd);
	snprintf(dir, sizeof(dir), "%s/corpus", MEMX_SHARED_DIR);
	if (!(dp = opendir(dir))) {
		tu_shared_missing(dir);
		return;
	}
	while ((e = readdir(dp))) {
		char path[8192];

		if (!ends(e->d_name, ".dts"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dts -T -T %s", path);
		positions_as_dtc(path, cmd);
		n++;
	}
	closedir(dp);
	assert_true(n >= 20);
}

/* A board in a kernel tree opens with no flag: includes, macros, overrides, a deleted node. */
static void kernel_tree_board(void **state)
{
	struct mx_profile p;
	struct mx_diaglist d;
	const struct mx_region *r;
	struct mx_import_opts o = { 0 };

	(void)state;
	NEED_TOOLS();
	mx_diaglist_init(&d);
	assert_int_equal(load(&p, tu_src_path(VENDOR "board.dts"), NULL, &d), 0);
	assert_int_equal(d.cnt, 0);
	assert_string_equal(p.description, "memx ktree board");
	assert_non_null(p.dt_includes);
	assert_true(ends(p.dt_includes, "tests/ktree/scripts/dtc/include-prefixes"));
	assert_int_equal(p.nmemory, 1);
	assert_int_equal(p.memory[0].size, 0x40000000);
	assert_int_equal(p.nregions, 4); /* splash deleted, ramoops added */
	assert_int_equal(mx_profile_find_region(&p, "splash@5e000000"), -1);
	r = region(&p, "modem@54000000");
	assert_string_equal(r->label, "modem_mem");
	assert_int_equal(r->reg[0].size, 0x2000000); /* the board's override wins over the .dtsi */
	assert_true(ends(r->pos.file, "vendor/soc.dtsi"));
	assert_int_equal(r->pos.line, 29);
	r = region(&p, "ramoops@5f000000");
	assert_string_equal(r->label, "ramoops_mem");
	assert_true(ends(r->pos.file, "vendor/board.dts"));
	assert_int_equal(r->pos.line, 29);
	assert_int_equal(region(&p, "firmware@50000000")->reg[0].base, 0x50000000); /* a macro */
	mx_profile_release(&p);
	/* --no-cpp: dtc meets the #include, as memx did before */
	mx_diaglist_clear(&d);
	o.no_cpp = true;
	assert_int_equal(load(&p, tu_src_path(VENDOR "board.dts"), &o, &d), MX_EPARSE);
	one_error(&d, "dtc: syntax error", "vendor/board.dts", 9);
	mx_profile_release(&p);
	mx_diaglist_release(&d);
}

static void copy_file(const char *from, const char *to)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", from, to);
	assert_int_equal(system(cmd), 0);
}

/* Outside a kernel tree, -I finds the headers; without it cpp says which one, where. */
static void include_dirs_anywhere(void **state)
{
	char dir[] = "/tmp/memx-anywhere-XXXXXX", path[4096], inc[4096], rm[4200];
	const char *dirs[1];
	struct mx_import_opts o = { 0 };
	struct mx_profile p;
	struct mx_diaglist d;

	(void)state;
	NEED_TOOLS();
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/soc.dtsi", dir);
	copy_file(tu_src_path(VENDOR "soc.dtsi"), path);
	snprintf(path, sizeof(path), "%s/board.dts", dir);
	copy_file(tu_src_path(VENDOR "board.dts"), path);
	mx_diaglist_init(&d);
	assert_int_equal(load(&p, path, NULL, &d), MX_EPARSE);
	one_error(&d, "dt-bindings/memx/vendor.h", "soc.dtsi", 7);
	mx_profile_release(&p);
	snprintf(inc, sizeof(inc), "%s", tu_src_path("tests/ktree/include"));
	dirs[0] = inc;
	o.include_dirs = dirs;
	o.ninclude = 1;
	mx_diaglist_clear(&d);
	assert_int_equal(load(&p, path, &o, &d), 0);
	assert_int_equal(p.nregions, 4);
	assert_null(p.dt_includes); /* given, not assumed */
	mx_profile_release(&p);
	mx_diaglist_release(&d);
	snprintf(rm, sizeof(rm), "rm -rf '%s'", dir);
	assert_int_equal(system(rm), 0);
}

/* Errors and checks point into the user's own files, through cpp's line markers. */
static void positions_in_original_files(void **state)
{
	static const struct { const char *check, *file; int line; } want[] = {
		{ "static-overlap", "vendor/soc.dtsi", 29 }, { "outside-dram", "vendor/soc.dtsi", 34 },
		{ "memreserve-overlap", "vendor/soc.dtsi", 34 }, { "alloc-ranges-small", "vendor/soc.dtsi", 38 },
		{ "cma-default-twice", "vendor/lints.dts", 39 }, { "reg-entries", "vendor/lints.dts", 47 },
		{ "unit-address", "vendor/lints.dts", 47 },
	};
	struct mx_profile p;
	struct mx_layout L;
	struct mx_diaglist d;

	(void)state;
	NEED_TOOLS();
	mx_diaglist_init(&d);
	assert_int_equal(load(&p, tu_src_path(VENDOR "broken.dts"), NULL, &d), MX_EPARSE);
	one_error(&d, "dtc: syntax error", "vendor/broken.dtsi", 9);
	mx_profile_release(&p);
	assert_int_equal(load(&p, tu_src_path(VENDOR "lints.dts"), NULL, NULL), 0);
	mx_layout_init(&L);
	tu_compute(&L, &p);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		bool found = false;

		for (size_t k = 0; k < L.diags.cnt; k++)
			found |= L.diags.d[k].check && !strcmp(L.diags.d[k].check, want[i].check) &&
				 ends(L.diags.d[k].file, want[i].file) && L.diags.d[k].line == want[i].line;
		if (!found) {
			print_error("no %s at %s:%d\n", want[i].check, want[i].file, want[i].line);
			show(&L.diags);
			fail();
		}
	}
	mx_layout_release(&L);
	mx_profile_release(&p);
	mx_diaglist_release(&d);
}

/* The overlay adds a carve-out (its position in the .dtso) and disables the modem. */
static void overlay_onto_board(void **state)
{
	struct mx_profile p, plain, e;
	struct mx_diaglist d;
	struct mx_import_opts o = { 0 };
	const char *ovl[1];
	char ov[4096];
	const struct mx_region *r;
	struct mx_buf out;

	(void)state;
	NEED_TOOLS();
	snprintf(ov, sizeof(ov), "%s", tu_src_path(VENDOR "board-extra.dtso"));
	ovl[0] = ov;
	o.overlays = ovl;
	o.noverlays = 1;
	mx_diaglist_init(&d);
	assert_int_equal(load(&plain, tu_src_path(VENDOR "board.dts"), NULL, NULL), 0);
	if (load(&p, tu_src_path(VENDOR "board.dts"), &o, &d)) {
		show(&d);
		fail();
	}
	assert_int_equal(p.nregions, 5);
	r = region(&p, "camera@58000000");
	assert_string_equal(r->label, "camera_mem");
	assert_true(ends(r->pos.file, "vendor/board-extra.dtso"));
	assert_int_equal(r->pos.line, 13);
	assert_true(region(&p, "modem@54000000")->flags & MX_REGION_DISABLED);
	assert_true(ends(region(&p, "modem@54000000")->pos.file, "vendor/soc.dtsi")); /* the base's node */
	/* the boot loader is given the board's own blob, as built without -@ */
	assert_int_equal(p.boot.dtb_file, plain.boot.dtb_file);
	assert_true(p.fdt.size > plain.fdt.size);
	/* overrides against the merged tree: the overlay's node has its label */
	mx_profile_init(&e);
	assert_int_equal(mx_profile_copy(&e, &p), 0);
	assert_int_equal(mx_edit_set(&e, "camera_mem.reusable=true", NULL), 0);
	mx_buf_init(&out);
	assert_int_equal(mx_dts_export(&e, &p, MX_DTS_OVERRIDES, false, &out), 0);
	assert_non_null(strstr(out.buf, "&camera_mem {\n\treusable;\n};"));
	mx_buf_release(&out);
	mx_profile_release(&e);
	mx_profile_release(&p);
	mx_profile_release(&plain);
	mx_diaglist_release(&d);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A corpus board compiled with -@ to a DTB, plus an overlay: the merged regions. */
static void corpus_dtb_with_overlay(void **state)
{
	char dir[] = "/tmp/memx-ovl-XXXXXX", dtb[4096], nosym[4096], ovs[4096], bad[4096], cmd[16384];
	const char *corpus = MEMX_SHARED_DIR "/corpus/msm8937-xiaomi-land.dts";
	const char *ovl[1];
	struct mx_import_opts o = { 0 };
	struct mx_profile p, base;
	struct mx_diaglist d;

	(void)state;
	NEED_TOOLS();
	if (access(corpus, R_OK)) {
		tu_shared_missing(corpus);
		return;
	}
	assert_non_null(mkdtemp(dir));
	snprintf(dtb, sizeof(dtb), "%s/board.dtb", dir);
	snprintf(nosym, sizeof(nosym), "%s/nosym.dtb", dir);
	snprintf(ovs, sizeof(ovs), "%s/extra.dtso", dir);
	snprintf(bad, sizeof(bad), "%s/bad.dtso", dir);
	snprintf(cmd, sizeof(cmd), "dtc -q -@ -I dts -O dtb -o %s %s && dtc -q -I dts -O dtb -o %s %s", dtb,
		 corpus, nosym, corpus);
	assert_int_equal(system(cmd), 0);
	write_text(ovs, "/dts-v1/;\n/plugin/;\n\n&{/reserved-memory} {\n\textra: extra@f0000000 {\n"
			"\t\treg = <0x0 0xf0000000 0x0 0x400000>;\n\t\tno-map;\n\t};\n};\n\n"
			"&framebuffer {\n\tstatus = \"disabled\";\n};\n");
	write_text(bad, "/dts-v1/;\n/plugin/;\n\n&nosuch {\n\tstatus = \"disabled\";\n};\n");
	ovl[0] = ovs;
	o.overlays = ovl;
	o.noverlays = 1;
	mx_diaglist_init(&d);
	assert_int_equal(load(&base, dtb, NULL, NULL), 0);
	if (load(&p, dtb, &o, &d)) {
		show(&d);
		fail();
	}
	assert_int_equal(p.nregions, base.nregions + 1);
	assert_int_equal(region(&p, "extra@f0000000")->reg[0].base, 0xf0000000);
	assert_true(ends(region(&p, "extra@f0000000")->pos.file, "extra.dtso"));
	assert_true(region(&p, "memory@8dd01000")->flags & MX_REGION_DISABLED);
	assert_int_equal(p.boot.dtb_file, base.boot.dtb_file);
	mx_profile_release(&p);
	/* a DTB built without -@: one clear line */
	mx_diaglist_clear(&d);
	assert_int_equal(load(&p, nosym, &o, &d), MX_EPARSE);
	one_error(&d, "build the board's DTB with dtc -@", "nosym.dtb", -1);
	mx_profile_release(&p);
	/* an overlay that does not apply: which one, and why */
	ovl[0] = bad;
	mx_diaglist_clear(&d);
	assert_int_equal(load(&p, dtb, &o, &d), MX_EPARSE);
	one_error(&d, "refers to label 'nosuch', which the tree does not define", "bad.dtso", -1);
	mx_profile_release(&p);
	mx_profile_release(&base);
	mx_diaglist_release(&d);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* /include/, /incbin/ and #include of files outside the tree are refused (and allowed when asked). */
static void outside_includes(void **state)
{
	char dir[] = "/tmp/memx-out-XXXXXX", a[4096], b[4096], cmd[8192];
	struct mx_import_opts o = { 0 };
	struct mx_profile p;
	struct mx_diaglist d;
	const struct mx_prop *pr;

	(void)state;
	NEED_TOOLS();
	assert_non_null(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/incbin.dts", dir);
	snprintf(b, sizeof(b), "%s/include.dts", dir);
	write_text(a, "/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tmemory@80000000 {\n"
		      "\t\tdevice_type = \"memory\";\n\t\treg = <0x80000000 0x10000000>;\n\t};\n"
		      "\treserved-memory {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\tranges;\n"
		      "\t\tleak@81000000 {\n\t\t\treg = <0x81000000 0x100000>;\n"
		      "\t\t\tsecret = /incbin/(\"/etc/passwd\");\n\t\t};\n\t};\n};\n");
	write_text(b, "/dts-v1/;\n#include \"/etc/passwd\"\n/ { };\n");
	mx_diaglist_init(&d);
	assert_int_equal(load(&p, a, NULL, &d), MX_EPARSE);
	one_error(&d, "refusing /incbin/ \"/etc/passwd\"", "incbin.dts", 15);
	mx_profile_release(&p);
	mx_diaglist_clear(&d);
	assert_int_equal(load(&p, b, NULL, &d), MX_EPARSE);
	one_error(&d, "refusing to include /etc/passwd", "include.dts", -1);
	mx_profile_release(&p);
	/* --allow-outside-includes: the user's call */
	o.allow_outside = true;
	mx_diaglist_clear(&d);
	assert_int_equal(load(&p, a, &o, &d), 0);
	pr = mx_region_prop(&p.regions[0], "secret");
	assert_non_null(pr);
	assert_true(pr->len > 0);
	mx_profile_release(&p);
	mx_diaglist_release(&d);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A missing cpp, a dtc that hangs, dies or fails silently: one real line each. */
static void tools_that_fail(void **state)
{
	static const struct { const char *script, *msg; } cases[] = {
		{ "#!/bin/sh\nsleep 30\n", "dtc was stopped after 1 s" },
		{ "#!/bin/sh\nkill -SEGV $$\n", "dtc died of signal 11" },
		{ "#!/bin/sh\nexit 1\n", "dtc failed (exit status 1) without a message" },
	};
	char dir[] = "/tmp/memx-tools-XXXXXX", dtc[4096], cmd[8192];
	struct mx_import_opts o = { 0 };
	struct mx_profile p;
	struct mx_diaglist d;

	(void)state;
	NEED_TOOLS();
	mx_diaglist_init(&d);
	o.cpp = "/nonexistent/cpp";
	assert_int_equal(load(&p, tu_src_path(VENDOR "board.dts"), &o, &d), MX_EPARSE);
	one_error(&d, "cannot run /nonexistent/cpp to preprocess the DTS (it uses #include or macros)",
		  "vendor/board.dts", -1);
	mx_profile_release(&p);
	assert_non_null(mkdtemp(dir));
	snprintf(dtc, sizeof(dtc), "%s/dtc", dir);
	o.cpp = NULL;
	o.dtc = dtc;
	o.limit_seconds = 1;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		write_text(dtc, cases[i].script);
		assert_int_equal(chmod(dtc, 0755), 0);
		mx_diaglist_clear(&d);
		assert_int_equal(load(&p, tu_src_path("tests/dt/board.dts"), &o, &d), MX_EPARSE);
		one_error(&d, cases[i].msg, "tests/dt/board.dts", -1);
		mx_profile_release(&p);
	}
	mx_diaglist_release(&d);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* 72 bytes, header version 9: Debian 12's libfdt 1.6.1 fdt_check_full() crashes on it. */
static const unsigned char v9_blob[72] = {
	0xd0, 0x0d, 0xfe, 0xed, 0x00, 0x00, 0x00, 0x48, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x28,
	0x00, 0x00, 0x00, 0x34, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x60, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x5c, 0x00, 0x00, 0x00, 0x01, 0x00, 0xb8, 0x00, 0x78,
	0x00, 0xb2, 0x00, 0x59, 0x00, 0x2e, 0x00, 0x00, 0x6f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x16,
};

static unsigned char *compile(const char *dts, const char *flags, size_t *len)
{
	char cmd[8192];
	unsigned char *b;

	snprintf(cmd, sizeof(cmd), "dtc -q %s -I dts -O dtb -o - %s", flags, dts);
	b = (unsigned char *)run_out(cmd, len);
	assert_true(*len > 40);
	return b;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void hostile_headers(void **state)
{
	struct mx_profile p;
	struct mx_diaglist d;
	unsigned char *b;
	size_t len;

	(void)state;
	mx_diaglist_init(&d);
	mx_profile_init(&p);
	assert_int_equal(mx_profile_load_dtb(&p, v9_blob, sizeof(v9_blob), "v9.dtb", NULL, &d), MX_EPARSE);
	one_error(&d, "header version 9", "v9.dtb", 0);
	NEED_TOOLS();
	b = compile(tu_src_path("tests/dt/board.dts"), "", &len);
	/* the strings block moved over the structure block */
	put32(b + 12, get32(b + 8));
	mx_diaglist_clear(&d);
	assert_int_equal(mx_profile_load_dtb(&p, b, len, "overlap.dtb", NULL, &d), MX_EPARSE);
	one_error(&d, "overlap", "overlap.dtb", 0);
	free(b);
	mx_profile_release(&p);
	mx_diaglist_release(&d);
}

/* Replace @from by @to (same length) everywhere in the blob. */
static void patch(unsigned char *b, size_t len, const char *from, const char *to)
{
	size_t n = strlen(from);
	bool done = false;

	assert_int_equal(strlen(to), n);
	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(b + i, from, n)) {
			memcpy(b + i, to, n);
			done = true;
		}
	assert_true(done);
}

/* Names from a DTB cannot add nodes to an export: refused coming in, refused going out. */
static void no_dts_injection(void **state)
{
	char dir[] = "/tmp/memx-inj-XXXXXX", dts[4096], cmd[8192];
	struct mx_profile p, q;
	struct mx_diaglist d;
	struct mx_buf out;
	unsigned char *b;
	size_t len;

	(void)state;
	NEED_TOOLS();
	assert_non_null(mkdtemp(dir));
	snprintf(dts, sizeof(dts), "%s/inj.dts", dir);
	write_text(dts, "/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tmemory@80000000 {\n"
			"\t\tdevice_type = \"memory\";\n\t\treg = <0x80000000 0x10000000>;\n\t};\n"
			"\treserved-memory {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\tranges;\n"
			"\t\tlabelxxxxxxxxxxxxxxxxxxxxxxxxx: nodexxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx {\n"
			"\t\t\treg = <0x81000000 0x100000>;\n\t\t};\n\t};\n};\n");
	mx_diaglist_init(&d);
	/* a node name that closes the node and opens /chosen */
	b = compile(dts, "", &len);
	patch(b, len, "nodexxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "x{};};chosen{bootargs=\"init=/bin/sh\";};/{y");
	mx_profile_init(&p);
	assert_int_equal(mx_profile_load_dtb(&p, b, len, "inj.dtb", NULL, &d), MX_EPARSE);
	one_error(&d, "not a devicetree node name", "inj.dtb", -1);
	free(b);
	/* a label (a __symbols__ property name) that does the same: dropped, with a warning */
	b = compile(dts, "-@", &len);
	patch(b, len, "labelxxxxxxxxxxxxxxxxxxxxxxxxx", "a:x{};chosen{bootargs=\"1\";};yy");
	mx_diaglist_clear(&d);
	assert_int_equal(mx_profile_load_dtb(&p, b, len, "inj.dtb", NULL, &d), 0);
	assert_null(p.regions[0].label);
	assert_int_equal(d.cnt, 1);
	assert_non_null(strstr(d.d[0].msg, "which is no DTS label"));
	free(b);
	/* going out: whatever put them there, an export that dtc would read differently is refused */
	mx_buf_init(&out);
	mx_profile_init(&q);
	assert_int_equal(mx_profile_copy(&q, &p), 0);
	assert_int_equal(mx_str_set(&q.regions[0].name, "x {}; chosen { bootargs = \"init=/bin/sh\"; }; y"), 0);
	assert_int_equal(mx_dts_export(&q, &p, MX_DTS_NODE, true, &out), MX_EINVAL);
	assert_int_equal(out.len, 0);
	mx_diaglist_clear(&d);
	assert_int_equal(mx_dts_export_check(&q, &p, MX_DTS_NODE, &d), MX_EINVAL);
	one_error(&d, "cannot export: the node name 'x {}; chosen", NULL, -1);
	assert_int_equal(mx_profile_copy(&q, &p), 0);
	assert_int_equal(mx_str_set(&q.regions[0].label, "l: x"), 0);
	assert_int_equal(mx_dts_export(&q, &p, MX_DTS_OVERRIDES, false, &out), MX_EINVAL);
	assert_int_equal(mx_profile_copy(&q, &p), 0);
	assert_int_equal(mx_region_add_prop(&q.regions[0], "a; chosen { b", "", 0), 0);
	assert_int_equal(mx_dts_export(&q, &p, MX_DTS_NODE, true, &out), MX_EINVAL);
	/* the board's name goes into a comment: it cannot end it */
	assert_int_equal(mx_profile_copy(&q, &p), 0);
	assert_int_equal(mx_str_set(&q.name, "x */ / { chosen { bootargs = \"init=/bin/sh\"; }; }; /*"), 0);
	assert_int_equal(mx_dts_export(&q, &p, MX_DTS_NODE, true, &out), 0);
	assert_null(strstr(out.buf, "x */"));
	mx_buf_release(&out);
	mx_profile_release(&q);
	mx_profile_release(&p);
	mx_diaglist_release(&d);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(positions_match_dtc),
		cmocka_unit_test(kernel_tree_board),
		cmocka_unit_test(include_dirs_anywhere),
		cmocka_unit_test(positions_in_original_files),
		cmocka_unit_test(overlay_onto_board),
		cmocka_unit_test(corpus_dtb_with_overlay),
		cmocka_unit_test(outside_includes),
		cmocka_unit_test(tools_that_fail),
		cmocka_unit_test(hostile_headers),
		cmocka_unit_test(no_dts_injection),
	};

	return tu_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
