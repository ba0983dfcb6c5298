/* test_dt.c - device trees in (libfdt, dtc) and out (node and overrides), round trips */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memx/dt.h"
#include "memx/dts.h"
#include "memx/edit.h"
#include "testutil.h"

static bool have_dtc(void)
{
	return system("dtc --version > /dev/null 2>&1") == 0;
}

#define NEED_DTC()                                                                                 \
	do {                                                                                       \
		if (!have_dtc()) {                                                                 \
			print_message("SKIPPED: dtc is not installed; DTS input untested here\n"); \
			skip();                                                                    \
		}                                                                                  \
	} while (0)

static int load(struct mx_profile *p, const char *path, const struct mx_import_opts *o,
		struct mx_diaglist *d)
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

/* Everything the importer reads, from tests/dt/board.dts. */
static void import_fixture(void **state)
{
	struct mx_profile p;
	struct mx_diaglist d;
	const struct mx_region *r;
	const struct mx_prop *pr;

	(void)state;
	NEED_DTC();
	mx_diaglist_init(&d);
	assert_int_equal(load(&p, tu_src_path("tests/dt/board.dts"), NULL, &d), 0);
	assert_int_equal(d.cnt, 0);
	assert_int_equal(p.arch, MX_ARCH_ARM64);
	assert_true(p.arch_guessed);
	assert_true(p.kernel_guessed);
	assert_int_equal(p.dt_addr_cells, 2);
	assert_int_equal(p.dt_size_cells, 2);
	assert_string_equal(p.description, "memx test board");
	/* two memory nodes, one with two reg entries; the disabled one is skipped */
	assert_int_equal(p.nmemory, 3);
	assert_int_equal(p.memory[0].base, 0x40000000);
	assert_int_equal(p.memory[1].base, 0x80000000);
	assert_int_equal(p.memory[2].base, 0x100000000ULL);
	assert_int_equal(p.memory[2].size, 0x10000000);
	assert_int_equal(p.memory[0].pos.line, 18);
	assert_int_equal(p.nmemreserve, 1);
	assert_int_equal(p.memreserve[0].base, 0x40000000);
	assert_string_equal(p.bootargs, "console=ttyS0 cma=32M");
	assert_true(p.initrd.present);
	assert_int_equal(p.initrd.base, 0x48000000);
	assert_int_equal(p.initrd.size, 0x100000);
	assert_true(p.fdt.present);
	assert_int_equal(p.nregions, 5);

	r = region(&p, "firmware@50000000");
	assert_string_equal(r->label, "fw");
	assert_string_equal(r->path, "/reserved-memory/firmware@50000000");
	assert_true(r->flags & MX_REGION_NOMAP);
	assert_int_equal(r->nreg, 1);
	assert_int_equal(r->reg[0].size, 0x200000);
	assert_int_equal(r->pos.line, 39);
	assert_non_null(strstr(r->pos.file, "tests/dt/board.dts"));
	/* unknown properties kept, in order */
	assert_int_equal(r->nprops, 5); /* compiled without -@: no phandle memx did not write */
	assert_string_equal(r->props[0].name, "reg");
	assert_string_equal(r->props[2].name, "vendor,owner");
	pr = mx_region_prop(r, "vendor,blob");
	assert_non_null(pr);
	assert_int_equal(pr->len, 3);
	assert_int_equal(pr->val[2], 3);

	r = region(&p, "ramoops@52000000");
	assert_null(r->label);
	assert_int_equal(r->nreg, 2);
	assert_string_equal(r->compatible[0], "ramoops");

	r = region(&p, "vpu");
	assert_int_equal(r->nreg, 0);
	assert_true(r->has_size);
	assert_int_equal(r->size, 0x2000000);
	assert_int_equal(r->align, 0x400000);
	assert_int_equal(r->nalloc_ranges, 2);
	assert_int_equal(r->alloc_ranges[1].base, 0x80000000);
	assert_true(r->flags & MX_REGION_REUSABLE);

	assert_true(region(&p, "off")->flags & MX_REGION_DISABLED);
	r = region(&p, "linux,cma");
	assert_false(r->flags & MX_REGION_DISABLED); /* status = "okay" */
	assert_true(r->flags & MX_REGION_CMA_DEFAULT);
	mx_diaglist_release(&d);
	mx_profile_release(&p);
}

/* --profile keeps the kernel side, --arch overrides the guess. */
static void import_with_base(void **state)
{
	struct mx_profile p, base;
	struct mx_import_opts o = { 0 };

	(void)state;
	NEED_DTC();
	tu_load_profile(&base, "vexpress-a9.yaml");
	o.base = &base;
	assert_int_equal(load(&p, tu_src_path("tests/dt/onecell.dts"), &o, NULL), 0);
	assert_int_equal(p.arch, MX_ARCH_ARM);
	assert_false(p.arch_guessed);
	assert_string_equal(p.kernel, "4.0");
	assert_int_equal(p.kernel_image.size, base.kernel_image.size);
	assert_int_equal(p.nmemory, 1);
	assert_int_equal(p.memory[0].base, 0x80000000);
	assert_int_equal(p.nregions, 2);
	assert_string_equal(p.regions[0].label, "modem_mem");
	mx_profile_release(&p);
	o.base = NULL;
	o.arch = MX_ARCH_RISCV64;
	assert_int_equal(load(&p, tu_src_path("tests/dt/onecell.dts"), &o, NULL), 0);
	assert_int_equal(p.arch, MX_ARCH_RISCV64);
	assert_false(p.arch_guessed);
	mx_profile_release(&p);
	mx_profile_release(&base);
}

/* One error, a position where dtc gives one, no crash, no leak. */
static void bad_trees(void **state)
{
	static const struct {
		const char *file;
		const char *msg;
		int line;
	} cases[] = {
		{ "tests/dt/cells3.dts", "#address-cells = <3>, #size-cells = <2>: memx reads 1 or 2 cells", 0 },
		{ "tests/dt/badreg.dts", "reg of /memory@40000000 has 12 bytes: expected a multiple of 16", 6 },
		{ "tests/dt/syntax.dts", "dtc: syntax error", 6 },
	};

	(void)state;
	NEED_DTC();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mx_profile p;
		struct mx_diaglist d;

		mx_diaglist_init(&d);
		assert_int_equal(load(&p, tu_src_path(cases[i].file), NULL, &d), MX_EPARSE);
		assert_int_equal(d.cnt, 1);
		if (!strstr(d.d[0].msg, cases[i].msg)) {
			print_error("%s: '%s' lacks '%s'\n", cases[i].file, d.d[0].msg, cases[i].msg);
			fail();
		}
		assert_int_equal(d.d[0].line, cases[i].line);
		assert_int_equal(p.nregions, 0);
		mx_diaglist_release(&d);
		mx_profile_release(&p);
	}
}

/* Compile a fixture with dtc to a blob in memory. */
static unsigned char *compile(const char *dts, size_t *len)
{
	char cmd[1024], tmp[] = "/tmp/memx-test-XXXXXX";
	int fd = mkstemp(tmp);
	char *buf;

	assert_true(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s", tmp, dts);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(mx_file_read(tmp, &buf, len), 0);
	unlink(tmp);
	return (unsigned char *)buf;
}

static int load_blob(const unsigned char *b, size_t len, struct mx_diaglist *d)
{
	struct mx_profile p;
	int r;

	mx_profile_init(&p);
	r = mx_profile_load_dtb(&p, b, len, "t.dtb", NULL, d);
	mx_profile_release(&p);
	return r;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Malformed blobs: every truncation, bad magic, offsets out of range, random damage. */
static void malformed_blobs(void **state)
{
	size_t len;
	unsigned char *good, *b;
	struct mx_diaglist d;
	unsigned seed = 1;

	(void)state;
	NEED_DTC();
	good = compile(tu_src_path("tests/dt/board.dts"), &len);
	mx_diaglist_init(&d);
	assert_int_equal(load_blob(good, len, &d), 0);
	b = malloc(len);
	assert_non_null(b);
	/* truncated at every length */
	for (size_t n = 0; n < len; n++) {
		mx_diaglist_clear(&d);
		memcpy(b, good, n);
		assert_int_equal(load_blob(b, n, &d), MX_EPARSE);
		assert_int_equal(d.cnt, 1);
	}
	/* bad magic */
	memcpy(b, good, len);
	b[0] ^= 0xff;
	mx_diaglist_clear(&d);
	assert_int_equal(load_blob(b, len, &d), MX_EPARSE);
	assert_non_null(strstr(d.d[0].msg, "not a device tree blob"));
	/* structure / strings offsets out of range, and a lying size */
	for (unsigned off = 4; off <= 36; off += 4) {
		if (off == 20 || off == 24 || off == 28)
			continue; /* version fields and boot_cpuid_phys may take odd values */
		memcpy(b, good, len);
		put32(b + off, be32(b + off) + 0x100000);
		mx_diaglist_clear(&d);
		assert_int_equal(load_blob(b, len, &d), MX_EPARSE);
		assert_int_equal(d.cnt, 1);
	}
	/* random damage anywhere: an error or a profile, never a crash */
	for (int k = 0; k < 3000; k++) {
		memcpy(b, good, len);
		for (int f = 0; f < 4; f++) {
			seed = seed * 1103515245u + 12345u;
			b[(seed >> 8) % len] ^= (unsigned char)(1u << (seed % 8));
		}
		mx_diaglist_clear(&d);
		(void)load_blob(b, len, &d);
	}
	free(b);
	free(good);
	mx_diaglist_release(&d);
}

/* The same region set: names, labels, compatibles, reg, sizes, flags, unknown properties. */
static void same_regions(const char *what, const struct mx_profile *a, const struct mx_profile *b)
{
	if (a->nregions != b->nregions) {
		print_error("%s: %zu regions, then %zu\n", what, a->nregions, b->nregions);
		fail();
	}
	for (size_t i = 0; i < a->nregions; i++) {
		const struct mx_region *x = &a->regions[i], *y = &b->regions[i];
		bool ok = !strcmp(x->name, y->name) &&
			  (x->label ? y->label && !strcmp(x->label, y->label) : !y->label) &&
			  x->ncompatible == y->ncompatible && x->flags == y->flags &&
			  x->has_size == y->has_size && x->size == y->size && x->align == y->align &&
			  mx_ranges_equal(x->reg, x->nreg, y->reg, y->nreg) &&
			  mx_ranges_equal(x->alloc_ranges, x->nalloc_ranges, y->alloc_ranges, y->nalloc_ranges);

		for (size_t k = 0; ok && k < x->ncompatible; k++)
			ok = !strcmp(x->compatible[k], y->compatible[k]);
		/* unknown properties survive byte for byte (phandles are dtc's to assign) */
		for (size_t k = 0; ok && k < x->nprops; k++) {
			const struct mx_prop *q;

			if (!strcmp(x->props[k].name, "phandle") || !strcmp(x->props[k].name, "linux,phandle"))
				continue;
			q = mx_region_prop(y, x->props[k].name);
			ok = q && q->len == x->props[k].len && !memcmp(q->val, x->props[k].val, q->len);
		}
		if (!ok) {
			print_error("%s: region %s differs after the round trip\n", what, x->name);
			fail();
		}
	}
}

/* import -> export (node, standalone) -> dtc -> import: the same regions and totals */
static void round_trip_one(const char *path)
{
	struct mx_profile a, b;
	struct mx_layout La, Lb;
	struct mx_buf out;
	struct mx_diaglist d;
	char tmp[] = "/tmp/memx-rt-XXXXXX";
	int fd;

	mx_diaglist_init(&d);
	if (load(&a, path, NULL, &d)) {
		for (size_t i = 0; i < d.cnt; i++)
			print_error("%s: %s\n", path, d.d[i].msg);
		fail();
	}
	mx_buf_init(&out);
	assert_int_equal(mx_dts_export(&a, &a, MX_DTS_NODE, true, &out), 0);
	fd = mkstemp(tmp);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, out.buf, out.len), (ssize_t)out.len);
	close(fd);
	mx_diaglist_clear(&d);
	if (load(&b, tmp, NULL, &d)) {
		for (size_t i = 0; i < d.cnt; i++)
			print_error("%s re-import: %s\n", path, d.d[i].msg);
		print_error("%s", out.buf);
		fail();
	}
	unlink(tmp);
	same_regions(path, &a, &b);
	/* and the layouts agree on the totals (same arch guess, same map) */
	mx_layout_init(&La);
	mx_layout_init(&Lb);
	tu_compute(&La, &a);
	tu_compute(&Lb, &b);
	if (La.sum.physpages != Lb.sum.physpages || La.sum.memtotal != Lb.sum.memtotal ||
	    La.sum.reserved + La.sum.cma_reserved != Lb.sum.reserved + Lb.sum.cma_reserved) {
		print_error("%s: physpages %llu/%llu, MemTotal %llu/%llu pages after the round trip\n", path,
			    (unsigned long long)La.sum.physpages, (unsigned long long)Lb.sum.physpages,
			    (unsigned long long)La.sum.memtotal, (unsigned long long)Lb.sum.memtotal);
		fail();
	}
	mx_layout_release(&La);
	mx_layout_release(&Lb);
	mx_buf_release(&out);
	mx_diaglist_release(&d);
	mx_profile_release(&a);
	mx_profile_release(&b);
}

static void round_trip_fixtures(void **state)
{
	(void)state;
	NEED_DTC();
	round_trip_one(tu_src_path("tests/dt/board.dts"));
	round_trip_one(tu_src_path("tests/dt/onecell.dts"));
}

/* Every board of ../shared/corpus (when it is there: it is not part of this repository). */
static void round_trip_corpus(void **state)
{
	char dir[4096];
	DIR *dp;
	struct dirent *e;
	int n = 0;

	(void)state;
	NEED_DTC();
	snprintf(dir, sizeof(dir), "%s/corpus", MEMX_SHARED_DIR);
	if (!(dp = opendir(dir))) {
		print_message("the upstream corpus round trip did not run (%s); tests/dt/ fixtures still did\n",
			      strerror(errno));
		tu_shared_missing(dir);
	}
	while ((e = readdir(dp))) {
		char path[8192];
		size_t l = strlen(e->d_name);

		if (l < 5 || strcmp(e->d_name + l - 4, ".dts"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		round_trip_one(path);
		n++;
	}
	closedir(dp);
	print_message("round trip of %d corpus boards\n", n);
	assert_true(n >= 20);
}

/* SPEC section 8 through a device tree: export, compile, re-import with the kernel side. */
static void msm8937_through_dtb(void **state)
{
	struct mx_profile p, q;
	struct mx_layout L;
	struct mx_buf out;
	struct mx_import_opts o = { 0 };
	char tmp[] = "/tmp/memx-msm-XXXXXX";
	int fd;

	(void)state;
	NEED_DTC();
	tu_load_profile(&p, "msm8937.yaml");
	mx_buf_init(&out);
	assert_int_equal(mx_dts_export(&p, NULL, MX_DTS_NODE, true, &out), 0);
	fd = mkstemp(tmp);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, out.buf, out.len), (ssize_t)out.len);
	close(fd);
	o.base = &p;
	assert_int_equal(load(&q, tmp, &o, NULL), 0);
	unlink(tmp);
	mx_layout_init(&L);
	tu_compute(&L, &q);
	assert_int_equal(tu_k(&L, L.sum.memtotal), 903088);
	assert_int_equal(tu_k(&L, L.sum.reserved), 295776);
	assert_int_equal(tu_item(&L, "secure_region@0")->base, 0xb9000000);
	/* freed-late and fixup-keep rode along as memx,* properties */
	assert_true(q.regions[mx_profile_find_region(&q, "splash_region@83000000")].flags &
		    MX_REGION_FREED_LATE);
	assert_int_equal(q.regions[mx_profile_find_region(&q, "modem_mem")].fixup_keep, 75u << 20);
	mx_layout_release(&L);
	mx_buf_release(&out);
	mx_profile_release(&q);
	mx_profile_release(&p);
}

/* Overrides: only what changed, labels or generated ones, new and deleted nodes. */
static void overrides(void **state)
{
	struct mx_profile p, e;
	struct mx_buf out;

	(void)state;
	NEED_DTC();
	assert_int_equal(load(&p, tu_src_path("tests/dt/board.dts"), NULL, NULL), 0);
	mx_profile_init(&e);
	assert_int_equal(mx_profile_copy(&e, &p), 0);
	mx_buf_init(&out);
	assert_int_equal(mx_dts_export(&e, &p, MX_DTS_OVERRIDES, false, &out), 0);
	assert_null(strstr(out.buf, "&")); /* nothing changed, nothing to override */
	assert_int_equal(mx_edit_set(&e, "fw.no-map=false", NULL), 0);
	assert_int_equal(mx_edit_set(&e, "fw.reusable=true", NULL), 0);
	assert_int_equal(mx_edit_set(&e, "ramoops@52000000.reg=0x52000000+2M", NULL), 0);
	assert_int_equal(mx_edit_set(&e, "vpu.alloc-ranges=", NULL), 0);
	assert_int_equal(mx_edit_add_region(&e, "extra 8M", NULL, NULL), 0);
	mx_profile_remove_region(&e, (size_t)mx_profile_find_region(&e, "off"));
	mx_buf_clear(&out);
	assert_int_equal(mx_dts_export(&e, &p, MX_DTS_OVERRIDES, false, &out), 0);
	assert_non_null(strstr(out.buf, "&fw {\n\t/delete-property/ no-map;\n\treusable;\n};"));
	assert_non_null(strstr(out.buf, "has no label: add 'ramoops_52000000:'"));
	assert_non_null(strstr(out.buf, "&ramoops_52000000 {\n\treg = <0x0 0x52000000 0x0 0x200000>;\n};"));
	assert_non_null(strstr(out.buf, "&vpu {\n\t/delete-property/ alloc-ranges;\n};"));
	assert_non_null(strstr(out.buf, "&{/reserved-memory} {\n\textra {\n\t\tsize = <0x0 0x800000>;\n\t};\n"));
	assert_non_null(strstr(out.buf, "\t/delete-node/ unused@53000000;\n"));
	/* the node form keeps names, labels, order and the unknown properties */
	mx_buf_clear(&out);
	assert_int_equal(mx_dts_export(&e, &p, MX_DTS_NODE, false, &out), 0);
	assert_non_null(strstr(out.buf, "fw: firmware@50000000 {\n\t\t\treg = <0x0 0x50000000 0x0 0x200000>;\n"
				       "\t\t\tvendor,owner = \"tz\";\n\t\t\tvendor,flags = <0x3 0x4>;\n"
				       "\t\t\tvendor,blob = [01 02 03];\n\t\t\treusable;\n\t\t};"));
	mx_buf_release(&out);
	mx_profile_release(&e);
	mx_profile_release(&p);
}

/* A moved static region renames its node to the new unit address (node form). */
static void unit_address_follows_reg(void **state)
{
	struct mx_profile p, e;
	struct mx_buf out;

	(void)state;
	NEED_DTC();
	assert_int_equal(load(&p, tu_src_path("tests/dt/onecell.dts"), NULL, NULL), 0);
	mx_profile_init(&e);
	assert_int_equal(mx_profile_copy(&e, &p), 0);
	assert_int_equal(mx_edit_set(&e, "splash_mem.base=0x91000000", NULL), 0);
	mx_buf_init(&out);
	assert_int_equal(mx_dts_export(&e, &p, MX_DTS_NODE, false, &out), 0);
	assert_non_null(strstr(out.buf, "splash_mem: splash@91000000 {\n\t\t\treg = <0x91000000 0x1400000>;"));
	mx_buf_release(&out);
	mx_profile_release(&e);
	mx_profile_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(import_fixture),
		cmocka_unit_test(import_with_base),
		cmocka_unit_test(bad_trees),
		cmocka_unit_test(malformed_blobs),
		cmocka_unit_test(round_trip_fixtures),
		cmocka_unit_test(round_trip_corpus),
		cmocka_unit_test(msm8937_through_dtb),
		cmocka_unit_test(overrides),
		cmocka_unit_test(unit_address_follows_reg),
	};

	return tu_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
