/* test_profile_yaml.c - the YAML profile loader: exact values, and one minimal bad document per error */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

#define HEAD "arch: arm\nmemory: [0x80000000, 1G]\n"

static int load_n(struct mx_profile *p, const char *buf, size_t len, struct mx_diaglist *d)
{
	return mx_profile_load_yaml(p, buf, len, "t.yaml", d);
}

/* Load @yaml, which must be valid; print the diagnostics otherwise. */
static void load_ok(struct mx_profile *p, const char *yaml)
{
	assert_int_equal(tu_load_ok(p, yaml), 0);
}

/* What mx_profile_release() leaves behind. */
static void assert_released(const struct mx_profile *p)
{
	struct mx_profile e;

	mx_profile_init(&e);
	assert_memory_equal(p, &e, sizeof(e));
}

/* ---- valid documents ---- */

static void test_sizes(void **state)
{
	static const struct { const char *text; uint64_t v; } t[] = {
		{ "16M", 16ULL << 20 }, { "0x1000000", 0x1000000 }, { "4096", 4096 },
		{ "1784K", 1784ULL << 10 }, { "2G", 2ULL << 30 }, { "16MiB", 16ULL << 20 },
		{ "16MB", 16ULL << 20 }, { "1T", 1ULL << 40 }, { "0", 0 }, { "1875", 1875 },
		{ "0X1F", 31 }, { "4k", 4096 }, { "\"16M\"", 16ULL << 20 }, { "'0x10'", 16 },
		{ "1_000", 1000 }, { "0xffffffffffffffff", UINT64_MAX },
		{ "18446744073709551615", UINT64_MAX }, { "16777215T", 16777215ULL << 40 },
	};
	char doc[256];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct mx_profile p;

		snprintf(doc, sizeof(doc), HEAD "cma-size: %s\n", t[i].text);
		load_ok(&p, doc);
		if (p.cma_size != t[i].v)
			print_error("'%s' loaded as %llu\n", t[i].text, (unsigned long long)p.cma_size);
		assert_true(p.has_cma_size);
		assert_true(p.cma_size == t[i].v);
		mx_profile_release(&p);
	}
}

static void test_memory_forms(void **state)
{
	static const struct { const char *text; int line, col; } one[] = {
		{ "memory: { base: 0x80000000, size: 1G }\n", 2, 9 },
		{ "memory: [0x80000000, 1G]\n", 2, 9 },
		{ "memory: [[0x80000000, 1G]]\n", 2, 10 },
		{ "memory:\n  - base: 0x80000000\n    size: 1G\n", 3, 5 },
		{ "memory:\n  base: 0x80000000\n  size: 0x40000000\n", 3, 3 },
	};
	struct mx_profile p;

	(void)state;
	for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
		char doc[256];

		snprintf(doc, sizeof(doc), "arch: arm\n%s", one[i].text);
		load_ok(&p, doc);
		assert_int_equal(p.nmemory, 1);
		assert_true(p.memory[0].base == 0x80000000 && p.memory[0].size == 1ULL << 30);
		assert_string_equal(p.memory[0].pos.file, "test.yaml");
		assert_int_equal(p.memory[0].pos.line, one[i].line);
		assert_int_equal(p.memory[0].pos.col, one[i].col);
		mx_profile_release(&p);
	}
	load_ok(&p, "arch: arm64\nmemory:\n  - [0x40000000, 2G]\n  - { base: 0x880000000, size: 0x80000000 }\n");
	assert_int_equal(p.nmemory, 2);
	assert_true(p.memory[1].base == 0x880000000ULL && p.memory[1].size == 2ULL << 30);
	assert_int_equal(p.memory[1].pos.line, 4);
	assert_int_equal(p.memory[1].pos.col, 5);
	mx_profile_release(&p);
}

static void test_reg_forms(void **state)
{
	struct mx_profile p;
	const struct mx_region *r;

	(void)state;
	load_ok(&p, HEAD "reserved-memory:\n"
		"  - name: a@90000000\n    reg: { base: 0x90000000, size: 16M }\n"
		"  - name: b\n    reg: [0x91000000, 0x1000]\n"
		"  - name: c\n    reg:\n      - [0x92000000, 4K]\n      - { base: 0x93000000, size: 8K }\n"
		"  - name: d\n    reg: [[1, 2], [3, 4], [5, 6]]\n"
		"  - name: e\n    reg: []\n    size: 4M\n"
		"  - name: f\n    size: 4M\n    alloc-ranges: [0x80000000, 256M]\n"
		"  - name: g\n    size: 4M\n    alloc-ranges:\n      - [0x80000000, 256M]\n      - { base: 0xa0000000, size: 1G }\n");
	assert_int_equal(p.nregions, 7);
	r = &p.regions[0];
	assert_string_equal(r->name, "a@90000000");
	assert_int_equal(r->nreg, 1);
	assert_true(r->reg[0].base == 0x90000000 && r->reg[0].size == 16ULL << 20);
	assert_false(r->has_size);
	assert_int_equal(r->pos.line, 4);
	assert_int_equal(r->pos.col, 5);
	r = &p.regions[1];
	assert_int_equal(r->nreg, 1);
	assert_true(r->reg[0].base == 0x91000000 && r->reg[0].size == 0x1000);
	r = &p.regions[2];
	assert_int_equal(r->nreg, 2);
	assert_true(r->reg[0].base == 0x92000000 && r->reg[0].size == 4096);
	assert_true(r->reg[1].base == 0x93000000 && r->reg[1].size == 8192);
	r = &p.regions[3];
	assert_int_equal(r->nreg, 3);
	assert_true(r->reg[2].base == 5 && r->reg[2].size == 6);
	r = &p.regions[4];
	assert_int_equal(r->nreg, 0);
	assert_null(r->reg);
	assert_true(r->has_size && r->size == 4ULL << 20);
	r = &p.regions[5];
	assert_int_equal(r->nalloc_ranges, 1);
	assert_true(r->alloc_ranges[0].base == 0x80000000 && r->alloc_ranges[0].size == 256ULL << 20);
	r = &p.regions[6];
	assert_int_equal(r->nalloc_ranges, 2);
	assert_true(r->alloc_ranges[1].base == 0xa0000000 && r->alloc_ranges[1].size == 1ULL << 30);
	mx_profile_release(&p);
}

static void test_compatible_and_flags_ok(void **state)
{
	struct mx_profile p;
	const struct mx_region *r;

	(void)state;
	load_ok(&p, HEAD "reserved-memory:\n"
		"  - name: one\n    compatible: shared-dma-pool\n    reusable: true\n    no-map: false\n"
		"  - name: two\n    compatible: [\"qcom,a\", 'qcom,b', c]\n    no-map: yes\n    reusable: no\n"
		"  - name: three\n    compatible: []\n    no-map:\n    linux,cma-default: True\n"
		"    no-map-fixup: on\n    fixup-keep: 75M\n    freed-late: YES\n    status: disabled\n"
		"  - name: four\n    no-map: ~\n    reusable: off\n    status: okay\n    compatible:\n"
		"  - name: five\n    status: ok\n    alignment: 0x400000\n    label: five_mem\n");
	assert_int_equal(p.nregions, 5);
	r = &p.regions[0];
	assert_int_equal(r->ncompatible, 1);
	assert_string_equal(r->compatible[0], "shared-dma-pool");
	assert_int_equal(r->flags, MX_REGION_REUSABLE);
	r = &p.regions[1];
	assert_int_equal(r->ncompatible, 3);
	assert_string_equal(r->compatible[0], "qcom,a");
	assert_string_equal(r->compatible[1], "qcom,b");
	assert_string_equal(r->compatible[2], "c");
	assert_int_equal(r->flags, MX_REGION_NOMAP);
	r = &p.regions[2];
	assert_int_equal(r->ncompatible, 0);
	assert_int_equal(r->flags, MX_REGION_NOMAP | MX_REGION_CMA_DEFAULT | MX_REGION_NOMAP_FIXUP |
			 MX_REGION_FREED_LATE | MX_REGION_DISABLED);
	assert_true(r->has_fixup_keep && r->fixup_keep == 75ULL << 20);
	r = &p.regions[3];
	assert_int_equal(r->flags, MX_REGION_NOMAP); /* an empty value means present, as in DT */
	assert_int_equal(r->ncompatible, 0);         /* "compatible:" alone: none */
	r = &p.regions[4];
	assert_int_equal(r->flags, 0);
	assert_true(r->align == 0x400000);
	assert_string_equal(r->label, "five_mem");
	assert_null(r->note);
	mx_profile_release(&p);
}

static void test_notes(void **state)
{
	struct mx_profile p;

	(void)state;
	load_ok(&p, HEAD "early-allocations:\n"
		"  - { name: a, size: 4K, note: \"residual \\\"fitted\\\"\" }\n"
		"reserved-memory:\n"
		"  - name: r\n    note: |\n      two\n      lines\n"
		"  - name: s\n    note: >-\n      folded\n      text\n");
	assert_string_equal(p.early[0].note, "residual \"fitted\"");
	assert_string_equal(p.regions[0].note, "two\nlines\n");
	assert_string_equal(p.regions[1].note, "folded text");
	mx_profile_release(&p);
}

/* Every top-level key once, every nested key once, each value checked. */
static void test_every_key(void **state)
{
	static const char doc[] =
		"name: board\n"
		"description: \"a board, \\\"quoted\\\"\"\n"
		"arch: arm\n"
		"kernel: \"3.18\"\n"
		"page-size: 4K\n"
		"struct-page: 32\n"
		"memory-model: sparsemem\n"
		"vmemmap: no\n"
		"sparsemem-extreme: yes\n"
		"max-order: 11\n"
		"pageblock-order: 10\n"
		"max-physmem-bits: 32\n"
		"section-size-bits: 28\n"
		"vmsplit: 2G\n"
		"vmalloc: 240M\n"
		"cma-size: 16M\n"
		"bootargs: console=ttyS0 cma=32M\n"
		"memory:\n"
		"  - { base: 0x80000000, size: 1G }\n"
		"kernel-image:\n"
		"  base: 0x80008000\n"
		"  size: 21953K\n"
		"  code: 11605K\n"
		"  rwdata: 1204K\n"
		"  rodata: 4992K\n"
		"  init: 0x76800\n"
		"  init-base: 0x81200000\n"
		"  bss: 2316K\n"
		"pgd: { base: 0x80004000, size: 16K }\n"
		"initrd: { base: 0x83600000, size: 1784K }\n"
		"fdt: { size: 213K }\n"
		"memreserve:\n"
		"  - [0x8f000000, 1M]\n"
		"  - { base: 0x8f100000, size: 4K }\n"
		"early-allocations:\n"
		"  - name: tables\n"
		"    func: paging_init\n"
		"    phase: paging\n"
		"    size: 204K\n"
		"    align: 4K\n"
		"  - { name: res, phase: setup, size: 4K }\n"
		"  - { name: cal, size: 1875, calibration: true, note: fitted }\n"
		"reserved-memory:\n"
		"  - name: modem@86800000\n"
		"    label: modem_mem\n"
		"    compatible: removed-dma-pool\n"
		"    reg: { base: 0x86800000, size: 0x5000000 }\n"
		"    no-map-fixup: true\n"
		"    fixup-keep: 75M\n"
		"  - name: venus\n"
		"    size: 0x800000\n"
		"    alignment: 0x400000\n"
		"    alloc-ranges: [{ base: 0x80000000, size: 0x10000000 }]\n"
		"    reusable: true\n";
	struct mx_profile p;
	const struct mx_kernel_image *k;

	(void)state;
	load_ok(&p, doc);
	k = &p.kernel_image;
	assert_string_equal(p.name, "board");
	assert_string_equal(p.description, "a board, \"quoted\"");
	assert_string_equal(p.source, "test.yaml");
	assert_int_equal(p.arch, MX_ARCH_ARM);
	assert_string_equal(p.kernel, "3.18");
	assert_true(p.page_size == 4096);
	assert_int_equal(p.struct_page, 32);
	assert_int_equal(p.model, MX_MM_SPARSE);
	assert_int_equal(p.vmemmap, 0);
	assert_int_equal(p.extreme, 1);
	assert_int_equal(p.max_order, 11);
	assert_int_equal(p.pageblock_order, 10);
	assert_int_equal(p.max_physmem_bits, 32);
	assert_int_equal(p.section_size_bits, 28);
	assert_int_equal(p.vmsplit, MX_VMSPLIT_2G);
	assert_true(p.vmalloc_size == 240ULL << 20);
	assert_true(p.has_cma_size && p.cma_size == 16ULL << 20);
	assert_string_equal(p.bootargs, "console=ttyS0 cma=32M");
	assert_int_equal(p.nmemory, 1);
	assert_true(p.memory[0].base == 0x80000000 && p.memory[0].size == 1ULL << 30);
	assert_true(k->has_base && k->base == 0x80008000);
	assert_true(k->size == 21953ULL << 10 && k->code == 11605ULL << 10);
	assert_true(k->rwdata == 1204ULL << 10 && k->rodata == 4992ULL << 10);
	assert_true(k->init == 0x76800 && k->bss == 2316ULL << 10);
	assert_true(k->has_init_base && k->init_base == 0x81200000);
	assert_int_equal(k->pos.line, 21);
	assert_int_equal(k->pos.col, 3);
	assert_true(p.pgd.present && p.pgd.has_base && p.pgd.base == 0x80004000 && p.pgd.size == 16384);
	assert_true(p.initrd.present && p.initrd.base == 0x83600000 && p.initrd.size == 1784ULL << 10);
	assert_true(p.fdt.present && !p.fdt.has_base && p.fdt.size == 213ULL << 10);
	assert_int_equal(p.fdt.pos.line, 31);
	assert_int_equal(p.fdt.pos.col, 6);
	assert_int_equal(p.nmemreserve, 2);
	assert_true(p.memreserve[0].base == 0x8f000000 && p.memreserve[0].size == 1ULL << 20);
	assert_true(p.memreserve[1].base == 0x8f100000 && p.memreserve[1].size == 4096);
	assert_int_equal(p.nearly, 3);
	assert_string_equal(p.early[0].name, "tables");
	assert_string_equal(p.early[0].func, "paging_init");
	assert_int_equal(p.early[0].phase, MX_PHASE_PAGING);
	assert_true(p.early[0].size == 204ULL << 10 && p.early[0].align == 4096);
	assert_false(p.early[0].calibration);
	assert_int_equal(p.early[0].pos.line, 36);
	assert_int_equal(p.early[1].phase, MX_PHASE_SETUP);
	assert_null(p.early[1].func);
	assert_int_equal(p.early[2].phase, MX_PHASE_START_KERNEL); /* the default */
	assert_true(p.early[2].size == 1875 && p.early[2].calibration);
	assert_string_equal(p.early[2].note, "fitted");
	assert_int_equal(p.nregions, 2);
	assert_string_equal(p.regions[0].name, "modem@86800000");
	assert_string_equal(p.regions[0].label, "modem_mem");
	assert_true(mx_region_is_compatible(&p.regions[0], "removed-dma-pool"));
	assert_true(p.regions[0].reg[0].base == 0x86800000 && p.regions[0].reg[0].size == 0x5000000);
	assert_int_equal(p.regions[0].flags, MX_REGION_NOMAP_FIXUP);
	assert_true(p.regions[0].has_fixup_keep && p.regions[0].fixup_keep == 75ULL << 20);
	assert_true(p.regions[1].has_size && p.regions[1].size == 0x800000);
	assert_true(p.regions[1].align == 0x400000);
	assert_int_equal(p.regions[1].nalloc_ranges, 1);
	assert_int_equal(p.regions[1].flags, MX_REGION_REUSABLE);
	assert_int_equal(p.regions[1].pos.line, 50);
	mx_profile_release(&p);
}

/* What is left out stays "not given". */
static void test_minimal_defaults(void **state)
{
	struct mx_profile p;

	(void)state;
	load_ok(&p, "arch: riscv\nmemory: [0x80000000, 128M]\nkernel: ~\nname:\n");
	assert_int_equal(p.arch, MX_ARCH_RISCV64);
	assert_null(p.kernel); /* a YAML null is "not given", not the string "~" */
	assert_null(p.name);
	assert_int_equal(p.vmemmap, -1);
	assert_int_equal(p.extreme, -1);
	assert_false(p.has_cma_size);
	assert_false(p.pgd.present || p.initrd.present || p.fdt.present);
	assert_false(p.kernel_image.has_base);
	assert_int_equal(p.nregions + p.nearly + p.nmemreserve, 0);
	mx_profile_release(&p);
}

/* Anchors and aliases are YAML; the loader sees the aliased node twice. */
static void test_aliases_ok(void **state)
{
	struct mx_profile p;

	(void)state;
	load_ok(&p, HEAD "reserved-memory:\n"
		"  - &r { name: a, size: &s 4M, compatible: shared-dma-pool }\n"
		"  - *r\n"
		"  - { name: b, size: *s }\n");
	assert_int_equal(p.nregions, 3);
	assert_string_equal(p.regions[1].name, "a");
	assert_true(p.regions[1].compatible != p.regions[0].compatible);
	assert_true(p.regions[2].size == 4ULL << 20);
	mx_profile_release(&p);
}

static void test_real_profiles(void **state)
{
	static const char *const names[] = {
		"msm8937.yaml", "riscv64-128m-flat.yaml", "riscv64-128m-sparse.yaml",
		"stm32mp157a-dk1.yaml", "sun4i-a10.yaml", "ums312.yaml", "vexpress-a9.yaml",
	};
	struct mx_profile p, q;
	struct mx_diaglist d;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		tu_load_profile(&p, names[i]);
		assert_non_null(p.name);
		assert_true(p.arch != MX_ARCH_NONE && p.nmemory > 0);
		mx_profile_release(&p);
	}
	tu_load_profile(&p, "msm8937.yaml");
	assert_int_equal(p.nregions, 9);
	assert_int_equal(p.nearly, 5); /* the hashes and the unflattened tree are kernel-side: now */
	assert_true(p.initrd.size == 1784ULL << 10);
	assert_true(p.kernel_image.init == 0x76800);
	/* the built-in default is the same file */
	mx_diaglist_init(&d);
	mx_profile_init(&q);
	assert_int_equal(mx_profile_load_default(&q, &d), 0);
	assert_true(mx_profile_equal(&p, &q));
	mx_profile_release(&q);
	mx_profile_release(&p);
	mx_diaglist_release(&d);
}

static void test_file_errors(void **state)
{
	struct mx_profile p;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	mx_profile_init(&p);
	assert_int_equal(mx_profile_load_yaml_file(&p, "/nonexistent/x.yaml", &d), MX_ENOENT);
	assert_int_equal(d.cnt, 1);
	assert_non_null(strstr(d.d[0].msg, "no such file"));
	assert_released(&p);
	mx_diaglist_release(&d);
}

/* A NULL diagnostics list is allowed: the errors are dropped, not leaked. */
static void test_null_diags(void **state)
{
	struct mx_profile p;

	(void)state;
	mx_profile_init(&p);
	assert_int_equal(mx_profile_load_yaml(&p, "foo: 1\n", 7, NULL, NULL), MX_EPARSE);
	assert_released(&p);
	assert_int_equal(mx_profile_load_yaml(&p, HEAD, strlen(HEAD), NULL, NULL), 0);
	assert_string_equal(p.source, "<profile>");
	mx_profile_release(&p);
}

/* ---- malformed documents ---- */

struct bad {
	const char *doc;
	size_t len;      /* 0: strlen(doc) */
	int line, col;   /* of the first error */
	const char *msg; /* a substring of the first error */
	size_t nerr;     /* 0: exactly one error */
};

#define KEYS_REGION "name, label, compatible, reg, size, alignment, alloc-ranges, no-map, reusable, " \
		    "linux,cma-default, no-map-fixup, fixup-keep, freed-late, status, note"
#define SZ "(like 16M, 0x1000000 or 4096)"

static const struct bad bad[] = {
	/* not a profile at all */
	{ "", 0, 1, 1, "the profile is empty; expected a mapping with arch, memory, ...", 0 },
	{ "# nothing but a comment\n\n", 0, 1, 1, "the profile is empty", 0 },
	{ "---\n", 0, 2, 1, "the profile is empty", 0 },
	{ "--- ~\n", 0, 1, 5, "the profile is empty", 0 },
	{ "hello\n", 0, 1, 1, "expected the profile (a mapping of keys), got a value", 0 },
	{ "- arch: arm\n- memory: 1G\n", 0, 1, 1, "expected the profile (a mapping of keys), got a list", 0 },
	{ HEAD "---\narch: arm64\n", 0, 3, 1, "a profile is one YAML document; found a second one", 0 },
	/* YAML syntax */
	{ "arch: arm\n memory: [0, 1G]\n", 0, 2, 8, "malformed YAML: mapping values are not allowed in this context", 0 },
	{ "arch: arm\nmemory: [0, 1G\n", 0, 3, 1,
	  "malformed YAML: did not find expected ',' or ']' while parsing a flow sequence (it starts at line 2, column 9)", 0 },
	{ "arch: arm\nmemory: {base: 0, size: 1G\n", 0, 3, 1, "did not find expected ',' or '}' while parsing a flow mapping (it starts at line 2, column 9)", 0 },
	{ "arch: arm\n\tmemory: [0, 1G]\n", 0, 2, 1, "malformed YAML: found a tab character that violates indentation", 0 },
	{ "arch: arm\nmemory:\n\t- [0, 1G]\n", 0, 3, 1, "malformed YAML: found character that cannot start any token", 0 },
	{ "arch: arm: arm64\nmemory: [0, 1G]\n", 0, 1, 10, "malformed YAML: mapping values are not allowed in this context", 0 },
	{ HEAD ":\n", 0, 3, 1, "malformed YAML: did not find expected key while parsing a block mapping (it starts at line 1, column 1)", 0 },
	{ HEAD "name: \"unterminated\n", 0, 4, 1, "malformed YAML: found unexpected end of stream while scanning a quoted scalar (it starts at line 3, column 7)", 0 },
	{ "arch: arm\nmemory: *nowhere\n", 0, 2, 9, "malformed YAML: found undefined alias", 0 },
	{ HEAD "name: board\x00more\n", sizeof(HEAD "name: board\x00more\n") - 1, 3, 12,
	  "malformed YAML: control characters are not allowed (found a NUL byte)", 0 },
	{ HEAD "name: a\x01\n", 0, 3, 8, "malformed YAML: control characters are not allowed (found U+0001)", 0 },
	{ HEAD "name: caf\xc3\xa9\x7f\n", 0, 3, 11, "control characters are not allowed (found U+007F)", 0 },
	{ "arch: arm\nname: \"\xff\xfe\"\nmemory: [0, 1G]\n", 0, 2, 8,
	  "malformed YAML: invalid leading UTF-8 octet (byte 0xff); expected UTF-8 text", 0 },
	{ HEAD "name: \xc3\xa9\xc3", 0, 3, 8, "malformed YAML: incomplete UTF-8 octet sequence", 0 },
	/* the column of the offending byte, which the message names */
	{ HEAD "name: \xc3(\n", 0, 3, 8, "malformed YAML: invalid trailing UTF-8 octet (byte 0x28)", 0 },
	/* unknown and duplicate keys */
	{ HEAD "foo: 1\n", 0, 3, 1, "unknown key 'foo' in the profile; expected one of: name, description, arch, "
	  "kernel, page-size, struct-page, memory-model, vmemmap, sparsemem-extreme, max-order, "
	  "pageblock-order, max-physmem-bits, section-size-bits, vmsplit, vmalloc, cma-size, bootargs, "
	  "memory, kernel-image, pgd, initrd, fdt, boot-loader, memreserve, early-allocations, reserved-memory", 0 },
	{ HEAD "Arch: arm\n", 0, 3, 1, "unknown key 'Arch' in the profile; expected one of:", 0 },
	{ HEAD "kernel-image:\n  base: 0x80008000\n  text: 4M\n", 0, 5, 3,
	  "unknown key 'text' in kernel-image; expected one of: base, size, code, rwdata, rodata, init, init-base, bss", 0 },
	{ HEAD "reserved-memory:\n  - name: a\n    nomap: true\n", 0, 5, 5,
	  "unknown key 'nomap' in a reserved-memory region; expected one of: " KEYS_REGION, 0 },
	{ HEAD "early-allocations:\n  - { name: a, bytes: 4K }\n", 0, 4, 16,
	  "unknown key 'bytes' in an early allocation; expected one of: name, func, phase, size, align, calibration, note", 0 },
	{ HEAD "pgd: { base: 0, size: 16K, align: 4K }\n", 0, 3, 28, "unknown key 'align' in pgd; expected one of: base, size", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, reg: { base: 0, length: 4K } }\n", 0, 4, 32,
	  "unknown key 'length' in a reg entry; expected base and size", 0 },
	{ "arch: arm\narch: arm64\nmemory: [0, 1G]\n", 0, 2, 1, "duplicate key 'arch' in the profile", 0 },
	{ HEAD "reserved-memory:\n  - name: a\n    size: 4M\n    size: 8M\n", 0, 6, 5,
	  "duplicate key 'size' in a reserved-memory region", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, reg: { base: 0, base: 1, size: 4K } }\n", 0, 4, 32,
	  "duplicate key 'base' in a reg entry", 0 },
	{ HEAD "? [name]\n: board\n", 0, 3, 3, "expected a key, got a list", 0 },
	/* wrong types */
	{ HEAD "page-size: [4K]\n", 0, 3, 12, "expected a page size, got a list", 0 },
	{ HEAD "cma-size: { size: 16M }\n", 0, 3, 11, "expected a CMA size, got a mapping", 0 },
	{ HEAD "name: { first: board }\n", 0, 3, 7, "expected a board name, got a mapping", 0 },
	{ HEAD "description: [a, b]\n", 0, 3, 14, "expected a description, got a list", 0 },
	{ "arch: { name: arm }\nmemory: [0, 1G]\n", 0, 1, 7, "expected an arch, got a mapping", 0 },
	{ HEAD "struct-page: [32]\n", 0, 3, 14, "expected sizeof(struct page) in bytes, got a list", 0 },
	{ HEAD "vmemmap: [true]\n", 0, 3, 10, "expected true or false for vmemmap, got a list", 0 },
	{ HEAD "kernel-image: 8M\n", 0, 3, 15, "expected kernel-image (a mapping of keys), got a value", 0 },
	{ HEAD "kernel-image: { size: [8M] }\n", 0, 3, 23, "expected the _stext.._end size, got a list", 0 },
	{ HEAD "initrd: [0x83600000, 1784K]\n", 0, 3, 9, "expected initrd (a mapping of keys), got a list", 0 },
	{ "arch: arm\nmemory: 1G\n", 0, 2, 9, "expected a memory bank as a list of {base, size}, got a value", 0 },
	{ HEAD "memreserve: { base: 0, size: 4K }\n", 0, 3, 13,
	  "expected a /memreserve/ entry as a list of {base, size}, got a mapping", 0 },
	{ HEAD "reserved-memory: { name: a }\n", 0, 3, 18, "expected reserved-memory as a list of regions, got a mapping", 0 },
	{ HEAD "reserved-memory: [modem]\n", 0, 3, 19,
	  "expected a reserved-memory region (a mapping of keys), got a value", 0 },
	{ HEAD "early-allocations: { name: a, size: 4K }\n", 0, 3, 20, "expected early-allocations as a list, got a mapping", 0 },
	{ HEAD "early-allocations: [[a, 4K]]\n", 0, 3, 21, "expected an early allocation (a mapping of keys), got a list", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, compatible: { c: d } }\n", 0, 4, 28,
	  "expected compatible as a string or a list of strings, got a mapping", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, compatible: [a, [b]] }\n", 0, 4, 32,
	  "expected a compatible string, got a list", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, compatible: [a, ~] }\n", 0, 4, 32,
	  "expected a compatible string, got an empty value", 0 },
	{ HEAD "reserved-memory:\n  - { name: [a] }\n", 0, 4, 13, "expected a node name, got a list", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, reg: 0x1000 }\n", 0, 4, 21,
	  "expected a reg entry as a list of {base, size}, got a value", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, size: 4M, alloc-ranges: 5 }\n", 0, 4, 40,
	  "expected an alloc-ranges entry as a list of {base, size}, got a value", 0 },
	/* bad sizes */
	{ HEAD "cma-size: 12Q\n", 0, 3, 11, "expected a CMA size (like 16M, 0x1000000 or 4096), got '12Q'", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, size: 12Q }\n", 0, 4, 22,
	  "expected a size (like 16M, 0x1000000 or 4096), got '12Q'", 0 },
	{ HEAD "page-size: 0x\n", 0, 3, 12, "expected a page size " SZ ", got '0x'", 0 },
	{ HEAD "vmalloc: -5\n", 0, 3, 10, "expected a vmalloc size " SZ ", got '-5'", 0 },
	{ HEAD "cma-size: 99999999999999999999999\n", 0, 3, 11,
	  "a CMA size '99999999999999999999999' does not fit in 64 bits", 0 },
	{ HEAD "cma-size: 16777216T\n", 0, 3, 11, "a CMA size '16777216T' does not fit in 64 bits", 0 },
	{ HEAD "cma-size: 0x10000000000000000\n", 0, 3, 11, "does not fit in 64 bits", 0 },
	{ HEAD "cma-size: 16M4\n", 0, 3, 11, "expected a CMA size " SZ ", got '16M4'", 0 },
	{ HEAD "cma-size: 16 M B\n", 0, 3, 11, "got '16 M B'", 0 },
	/* a value with line breaks is quoted on one line */
	{ HEAD "cma-size: \"12\\nQ\\t\\x01\"\n", 0, 3, 11, "got '12\\nQ\\t\\x01'", 0 },
	{ HEAD "cma-size: 12\n\n  Q\n", 0, 3, 11, "got '12\\nQ'", 0 },
	/* names and labels by the devicetree's character sets; what a message quotes is escaped */
	{ HEAD "reserved-memory:\n  - { name: \"fw\\nt.yaml:1:1: error: forged\" }\n", 0, 4, 13,
	  "expected a node name like splash@90000000 (a letter or digit, then letters, digits and "
	  ", . _ + -, then an optional @unit-address of the same), got 'fw\\nt.yaml:1:1: error: forged'", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"\\e[31mred\" }\n", 0, 4, 13, "got '\\x1b[31mred'", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"back\\\\slash\" }\n", 0, 4, 13, "got 'back\\\\slash'", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"\\u009b2J\" }\n", 0, 4, 13, "got '\\u009b2J'", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"a\\u202eb\" }\n", 0, 4, 13, "got 'a\\u202eb'", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"caf\xc3\xa9\" }\n", 0, 4, 13, "got 'caf\xc3\xa9'", 0 },
	{ HEAD "reserved-memory:\n  - { name: a b }\n", 0, 4, 13, "expected a node name", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"\" }\n", 0, 4, 13, "expected a node name", 0 },
	{ HEAD "reserved-memory:\n  - { name: _fw }\n", 0, 4, 13, "expected a node name", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw@ }\n", 0, 4, 13, "expected a node name", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw@1@2 }\n", 0, 4, 13, "expected a node name", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"fw@1;/\" }\n", 0, 4, 13, "got 'fw@1;/'", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"a23456789012345678901234567890123 x\" }\n", 0, 4, 13,
	  "expected a node name", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw, label: 1st }\n", 0, 4, 24,
	  "expected a label like splash_mem (a letter or _, then letters, digits and _), got '1st'", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw, label: a-b }\n", 0, 4, 24, "got 'a-b'", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw, label: \"\" }\n", 0, 4, 24, "expected a label", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw, label: \"a23456789012345678901234567890123.\" }\n", 0, 4, 24,
	  "expected a label", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw, dt-props: [{ name: \"x; y\", value: \"\" }] }\n", 0, 4, 28,
	  "expected a property name like qcom,ion-heap-type (letters, digits and , . _ + * # ? @ -), got 'x; y'", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw, dt-props: [{ name: \"\", value: \"\" }] }\n", 0, 4, 28,
	  "expected a property name", 0 },
	/* a \0 escape would cut the string short without a word */
	{ HEAD "reserved-memory:\n  - { name: \"fw\\0@1\" }\n", 0, 4, 13,
	  "expected a node name without NUL bytes, got 'fw' and then a NUL byte", 0 },
	{ HEAD "description: \"a\\0b\"\n", 0, 3, 14, "expected a description without NUL bytes", 0 },
	{ HEAD "\"arch\\0x\": arm\n", 0, 3, 1, "expected a key without NUL bytes, got 'arch'", 0 },
	/* a long value is cut */
	{ HEAD "vmsplit: 0123456789012345678901234567890123456789012345678901234567890123456789\n", 0, 3, 10,
	  "unknown vmsplit '0123456789012345678901234567890123456789012345678901234567890123...'; expected", 0 },
	/* ... at a character boundary: the euro sign that straddles the limit stays whole */
	{ HEAD "vmsplit: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xe2\x82\xac\xe2\x82\xac\n", 0, 3, 10, "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xe2\x82\xac...'", 0 },
	{ HEAD "cma-size: 1.5G\n", 0, 3, 11, "got '1.5G'", 0 },
	{ HEAD "cma-size:\n", 0, 3, 10, "expected a CMA size " SZ ", got ''", 0 },
	{ "arch: arm\nmemory: [0x80000000, 1GG]\n", 0, 2, 22, "expected a size " SZ ", got '1GG'", 0 },
	{ "arch: arm\nmemory: [0xZZ, 1G]\n", 0, 2, 10, "expected a base address " SZ ", got '0xZZ'", 0 },
	{ HEAD "kernel-image: { base: 8000_0000h }\n", 0, 3, 23, "expected a physical address " SZ ", got '8000_0000h'", 0 },
	{ HEAD "struct-page: 16M4\n", 0, 3, 14, "expected sizeof(struct page) in bytes (an integer up to 4096), got '16M4'", 0 },
	{ HEAD "struct-page: 5000\n", 0, 3, 14, "(an integer up to 4096), got '5000'", 0 },
	{ HEAD "max-order: 1K\n", 0, 3, 12, "expected MAX_ORDER (an integer up to 20), got '1K'", 0 },
	{ HEAD "section-size-bits: 63\n", 0, 3, 20, "expected SECTION_SIZE_BITS (an integer up to 62), got '63'", 0 },
	/* bad words */
	{ "arch: x86\nmemory: [0, 1G]\n", 0, 1, 7, "unknown arch 'x86'; expected arm, arm64 or riscv64", 0 },
	{ HEAD "vmsplit: 4G\n", 0, 3, 10, "unknown vmsplit '4G'; expected 3G, 3G_OPT, 2G or 1G", 0 },
	{ HEAD "memory-model: discontigmem\n", 0, 3, 15, "unknown memory-model 'discontigmem'; expected flatmem or sparsemem", 0 },
	{ HEAD "early-allocations:\n  - { name: a, size: 4K, phase: boot }\n", 0, 4, 33,
	  "unknown phase 'boot'; expected paging, bootmem, setup or start-kernel", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, status: off }\n", 0, 4, 24, "unknown status 'off'; expected okay or disabled", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, no-map: maybe }\n", 0, 4, 24, "expected true or false for no-map, got 'maybe'", 0 },
	{ HEAD "sparsemem-extreme: 1\n", 0, 3, 20, "expected true or false for sparsemem-extreme, got '1'", 0 },
	{ HEAD "early-allocations:\n  - { name: a, size: 4K, calibration: \"\" }\n", 0, 4, 39,
	  "expected true or false for calibration, got ''", 0 },
	/* ranges */
	{ HEAD "reserved-memory:\n  - name: a\n    reg: [0x90000000, 4K, 4K]\n", 0, 5, 10,
	  "expected a reg entry as [base, size], got a list of 3 item(s)", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, reg: [0x90000000] }\n", 0, 4, 21,
	  "expected a reg entry as [base, size], got a list of 1 item(s)", 0 },
	{ HEAD "reserved-memory:\n  - name: a\n    reg: { base: 0x90000000 }\n", 0, 5, 10,
	  "a reg entry needs both base and size; size is missing", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, reg: [{ size: 4K }] }\n", 0, 4, 22,
	  "a reg entry needs both base and size; base is missing", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, reg: {} }\n", 0, 4, 21, "a reg entry needs both base and size, got neither", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, reg: [[1, 2], 3] }\n", 0, 4, 30,
	  "expected a reg entry as {base: ..., size: ...} or [base, size], got a value", 0 },
	/* required things */
	{ HEAD "reserved-memory:\n  - reg: [0x90000000, 4K]\n", 0, 4, 5, "a reserved-memory region needs a name", 0 },
	{ HEAD "reserved-memory:\n  - { name: ~, size: 4K }\n", 0, 4, 5, "a reserved-memory region needs a name", 0 },
	{ HEAD "early-allocations:\n  - name: tables\n    phase: paging\n", 0, 4, 5,
	  "early allocation 'tables' needs a size above 0", 0 },
	{ HEAD "early-allocations:\n  - { name: t, size: 0 }\n", 0, 4, 5, "early allocation 't' needs a size above 0", 0 },
	{ HEAD "early-allocations:\n  - { size: 4K }\n", 0, 4, 5, "an early allocation needs a name", 0 },
	{ HEAD "initrd: { size: 1784K }\n", 0, 3, 9, "initrd needs a base address", 0 },
	{ "memory: [0x80000000, 1G]\nname: x\n", 0, 1, 1, "the profile needs an arch (arm, arm64 or riscv64)", 0 },
	{ "arch: arm\nname: x\n", 0, 1, 1, "the profile needs at least one memory bank", 0 },
	{ "arch: arm\nmemory: []\n", 0, 1, 1, "the profile needs at least one memory bank", 0 },
	{ "name: x\n", 0, 1, 1, "the profile needs an arch", 2 },
	/* aliases that point back at themselves: a graph, not a tree */
	{ "arch: arm\nmemory: &m [*m]\n", 0, 2, 9, "expected a memory bank as [base, size], got a list of 1 item(s)", 0 },
	{ "arch: arm\nmemory: &m [*m, *m]\n", 0, 2, 9, "expected a base address, got a list", 4 },
	{ HEAD "reserved-memory: &r [*r]\n", 0, 3, 18,
	  "expected a reserved-memory region (a mapping of keys), got a list", 0 },
	{ "&top { arch: arm, memory: [0, 1G], reserved-memory: [*top] }\n", 0, 1, 8,
	  "unknown key 'arch' in a reserved-memory region", 3 },
	/* the alias is the anchored mapping itself, so the error points at it */
	{ HEAD "kernel-image: &k { size: *k }\n", 0, 3, 15, "expected the _stext.._end size, got a mapping", 0 },
	{ HEAD "<<: &x { name: a }\n", 0, 3, 1, "unknown key '<<' in the profile", 0 },
};

static bool check_bad(size_t i, const struct bad *b, struct mx_profile *p)
{
	struct mx_diaglist d;
	size_t len = b->len ? b->len : strlen(b->doc);
	size_t want = b->nerr ? b->nerr : 1;
	int r;

	struct mx_buf f;

	mx_diaglist_init(&d);
	mx_buf_init(&f);
	r = load_n(p, b->doc, len, &d);
	if (d.cnt)
		mx_diag_format(&d.d[0], &f); /* the message as printed: escaped */
	if (r != MX_EPARSE || d.cnt != want || d.d[0].line != b->line || d.d[0].col != b->col ||
	    !strstr(f.buf, b->msg)) {
		print_error("case %zu: ret %d, %zu error(s) (want %zu):\n", i, r, d.cnt, want);
		for (size_t j = 0; j < d.cnt; j++)
			print_error("    %d:%d: %s\n", d.d[j].line, d.d[j].col, d.d[j].msg);
		print_error("  wanted %d:%d: ...%s...\n", b->line, b->col, b->msg);
		mx_buf_release(&f);
		mx_diaglist_release(&d);
		mx_profile_release(p);
		return false;
	}
	for (size_t j = 0; j < d.cnt; j++) {
		assert_int_equal(d.d[j].sev, MX_SEV_ERROR);
		assert_null(d.d[j].check);
		assert_int_equal(d.d[j].region, -1);
		assert_string_equal(d.d[j].file, "t.yaml");
		/* one line of printable text as printed */
		mx_buf_clear(&f);
		assert_int_equal(mx_diag_format(&d.d[j], &f), 0);
		for (size_t k = 0; k < f.len; k++)
			assert_true((unsigned char)f.buf[k] >= 0x20 && f.buf[k] != 0x7f);
	}
	mx_buf_release(&f);
	assert_released(p);
	mx_diaglist_release(&d);
	return true;
}

static void test_malformed_table(void **state)
{
	struct mx_profile p;
	size_t nfail = 0;

	(void)state;
	print_message("%zu malformed documents\n", sizeof(bad) / sizeof(bad[0]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* start from a loaded profile: a failed load must release it (ASan sees leaks) */
		tu_load_profile(&p, "msm8937.yaml");
		nfail += !check_bad(i, &bad[i], &p);
	}
	assert_int_equal(nfail, 0);
}

/* Errors are capped; the last one says so. */
static void test_error_cap(void **state)
{
	struct mx_buf b;
	struct mx_profile p;
	struct mx_diaglist d;

	(void)state;
	mx_buf_init(&b);
	mx_buf_adds(&b, HEAD);
	for (int i = 0; i < 30; i++)
		mx_buf_addf(&b, "bad%d: 1\n", i);
	mx_diaglist_init(&d);
	mx_profile_init(&p);
	assert_int_equal(load_n(&p, b.buf, b.len, &d), MX_EPARSE);
	assert_int_equal(d.cnt, 20);
	assert_int_equal(d.d[0].line, 3);
	assert_int_equal(d.d[19].line, 22);
	assert_non_null(strstr(d.d[19].msg, "unknown key 'bad19'"));
	assert_non_null(strstr(d.d[19].msg, "(further errors not shown)"));
	assert_null(strstr(d.d[18].msg, "further"));
	assert_released(&p);
	mx_diaglist_release(&d);
	mx_buf_release(&b);
}

/* Several independent errors are all reported, in document order. */
static void test_several_errors(void **state)
{
	static const char doc[] = HEAD
		"cma-size: 12Q\n"
		"vmsplit: 4G\n"
		"reserved-memory:\n"
		"  - { name: a, no-map: maybe }\n"
		"  - { size: 4M }\n";
	struct mx_profile p;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	assert_int_equal(tu_load_text(&p, doc, &d), MX_EPARSE);
	assert_int_equal(d.cnt, 4);
	assert_int_equal(d.d[0].line, 3);
	assert_int_equal(d.d[1].line, 4);
	assert_int_equal(d.d[2].line, 6);
	assert_int_equal(d.d[3].line, 7);
	assert_non_null(strstr(d.d[3].msg, "needs a name"));
	assert_released(&p);
	mx_diaglist_release(&d);
}

/*
 * 300 copies of one key: each copy after the first is a duplicate. (A
 * byte-wide counter used to wrap at 256 and run the list handler twice,
 * leaking the first list.)
 */
static void test_many_duplicates(void **state)
{
	struct mx_buf b;
	struct mx_profile p;
	struct mx_diaglist d;

	(void)state;
	mx_buf_init(&b);
	mx_buf_adds(&b, HEAD);
	for (int i = 0; i < 300; i++)
		mx_buf_adds(&b, "reserved-memory: [{ name: a }]\n");
	mx_diaglist_init(&d);
	mx_profile_init(&p);
	assert_int_equal(load_n(&p, b.buf, b.len, &d), MX_EPARSE);
	assert_int_equal(d.cnt, 20);
	assert_non_null(strstr(d.d[0].msg, "duplicate key 'reserved-memory'"));
	assert_int_equal(d.d[0].line, 4);
	assert_released(&p);
	mx_diaglist_release(&d);
	mx_buf_release(&b);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_ten_thousand_regions(void **state)
{
	struct mx_buf b;
	struct mx_profile p;
	double t0;
	int r;

	(void)state;
	mx_buf_init(&b);
	mx_buf_adds(&b, "arch: arm64\nmemory: [0x40000000, 4G]\nreserved-memory:\n");
	for (unsigned i = 0; i < 10000; i++)
		mx_buf_addf(&b, "  - { name: r%u@%x, reg: [0x%x, 4K], no-map: true, compatible: [a, b] }\n",
			    i, 0x40000000u + i * 4096u, 0x40000000u + i * 4096u);
	assert_false(b.failed);
	mx_profile_init(&p);
	t0 = now();
	r = mx_profile_load_yaml(&p, b.buf, b.len, "big.yaml", NULL);
	t0 = now() - t0;
	assert_int_equal(r, 0);
	assert_int_equal(p.nregions, 10000);
	assert_string_equal(p.regions[9999].name, "r9999@4270f000");
	assert_true(p.regions[9999].reg[0].base == 0x4270f000);
	assert_int_equal(p.regions[9999].pos.line, 10003);
	/* the time is printed, not asserted: a loaded CI machine must not fail a test (the
	 * README's figures come from memx_bench) */
	print_message("10000 regions loaded in %.3f s\n", t0);
	mx_profile_release(&p);
	mx_buf_release(&b);
}

static void test_long_strings(void **state)
{
	size_t n = 1 << 20;
	char *s = malloc(n + 1);
	struct mx_buf b;
	struct mx_profile p;
	struct mx_diaglist d;
	int r;

	(void)state;
	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)('a' + i % 26);
	s[n] = '\0';
	mx_buf_init(&b);
	mx_buf_addf(&b, HEAD "description: \"%s\"\nbootargs: %s\nreserved-memory:\n  - { name: r, note: %s }\n",
		    s, s, s);
	mx_profile_init(&p);
	r = mx_profile_load_yaml(&p, b.buf, b.len, "long.yaml", NULL);
	assert_int_equal(r, 0);
	assert_int_equal(strlen(p.description), n);
	assert_string_equal(p.description, s);
	assert_string_equal(p.bootargs, s);
	assert_string_equal(p.regions[0].note, s);
	mx_profile_release(&p);

	/* a 1 MiB node name with a bad character at its end is refused, quoted short */
	mx_buf_clear(&b);
	mx_buf_addf(&b, HEAD "reserved-memory:\n  - name: \"%s;\"\n", s);
	mx_diaglist_init(&d);
	r = mx_profile_load_yaml(&p, b.buf, b.len, "long.yaml", &d);
	assert_int_equal(r, MX_EPARSE);
	assert_int_equal(d.cnt, 1);
	assert_true(strlen(d.d[0].msg) < 1000);
	assert_non_null(strstr(d.d[0].msg, "expected a node name"));
	mx_diaglist_release(&d);
	assert_released(&p);

	/* a 1 MiB unknown key: the error quotes its start */
	mx_buf_clear(&b);
	mx_buf_addf(&b, HEAD "? %s\n: 1\n", s);
	mx_diaglist_init(&d);
	r = mx_profile_load_yaml(&p, b.buf, b.len, "long.yaml", &d);
	assert_int_equal(r, MX_EPARSE);
	assert_int_equal(d.cnt, 1);
	assert_true(strlen(d.d[0].msg) < 1000);
	assert_non_null(strstr(d.d[0].msg, "unknown key 'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl...' in the profile"));
	mx_diaglist_release(&d);
	assert_released(&p);
	mx_buf_release(&b);
	free(s);
}

/* 100000 '[' used to take libyaml 20 s (quadratic); now refused at once. */
static void test_deep_nesting(void **state)
{
	size_t n = 100000;
	struct mx_buf b;
	struct mx_profile p;
	struct mx_diaglist d;
	double t0;

	(void)state;
	mx_buf_init(&b);
	mx_buf_adds(&b, HEAD "name: ");
	for (size_t i = 0; i < n; i++)
		mx_buf_adds(&b, "[");
	for (size_t i = 0; i < n; i++)
		mx_buf_adds(&b, "]");
	mx_buf_adds(&b, "\n");
	mx_diaglist_init(&d);
	mx_profile_init(&p);
	t0 = now();
	assert_int_equal(load_n(&p, b.buf, b.len, &d), MX_EPARSE);
	/* refused before libyaml's quadratic scan (20 s for 100000 brackets): a generous bound, no flake */
	assert_true(now() - t0 < 10.0);
	assert_int_equal(d.cnt, 1);
	assert_int_equal(d.d[0].line, 3);
	assert_int_equal(d.d[0].col, 70);
	assert_non_null(strstr(d.d[0].msg, "nested more than 64 deep"));
	assert_released(&p);
	mx_diaglist_clear(&d);

	/* block nesting: the same limit */
	mx_buf_clear(&b);
	mx_buf_adds(&b, HEAD "name:\n");
	for (int i = 0; i < 200; i++)
		mx_buf_addf(&b, "%*s- \n", i, "");
	assert_int_equal(load_n(&p, b.buf, b.len, &d), MX_EPARSE);
	assert_int_equal(d.cnt, 1);
	assert_non_null(strstr(d.d[0].msg, "nested more than 64 deep"));
	mx_diaglist_clear(&d);

	/* 64 levels are fine for the parser; the loader then says what it wanted */
	mx_buf_clear(&b);
	mx_buf_adds(&b, HEAD "name: ");
	for (int i = 0; i < 63; i++)
		mx_buf_adds(&b, "[");
	for (int i = 0; i < 63; i++)
		mx_buf_adds(&b, "]");
	mx_buf_adds(&b, "\n");
	assert_int_equal(load_n(&p, b.buf, b.len, &d), MX_EPARSE);
	assert_int_equal(d.cnt, 1);
	assert_non_null(strstr(d.d[0].msg, "expected a board name, got a list"));
	mx_diaglist_release(&d);
	mx_buf_release(&b);
}

/* Line and column of reader errors count characters, and CRLF is one line break. */
static void test_reader_positions(void **state)
{
	static const char crlf[] = "arch: arm\r\nmemory: [0, 1G]\r\nname: \xe2\x82\xac\xe2\x82\xac\x02\r\n";
	static const char bom[] = "\xef\xbb\xbf" "arch: a\x01" "rm\n";
	struct mx_profile p;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	mx_profile_init(&p);
	assert_int_equal(load_n(&p, crlf, sizeof(crlf) - 1, &d), MX_EPARSE);
	assert_int_equal(d.cnt, 1);
	assert_int_equal(d.d[0].line, 3);
	assert_int_equal(d.d[0].col, 9);
	mx_diaglist_clear(&d);
	assert_int_equal(load_n(&p, bom, sizeof(bom) - 1, &d), MX_EPARSE);
	assert_int_equal(d.cnt, 1);
	assert_int_equal(d.d[0].line, 1);
	assert_int_equal(d.d[0].col, 8);
	mx_diaglist_release(&d);

	/* CRLF files load, and positions count lines */
	load_ok(&p, "arch: arm\r\nmemory:\r\n  - [0, 1G]\r\n");
	assert_int_equal(p.memory[0].pos.line, 3);
	mx_profile_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_memory_forms),
		cmocka_unit_test(test_reg_forms),
		cmocka_unit_test(test_compatible_and_flags_ok),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_minimal_defaults),
		cmocka_unit_test(test_aliases_ok),
		cmocka_unit_test(test_real_profiles),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_null_diags),
		cmocka_unit_test(test_malformed_table),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_several_errors),
		cmocka_unit_test(test_many_duplicates),
		cmocka_unit_test(test_ten_thousand_regions),
		cmocka_unit_test(test_long_strings),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_reader_positions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
