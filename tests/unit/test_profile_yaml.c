/* test_profile_yaml.c - the YAML profile loader: exact values of valid documents */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile_yaml_test.h"

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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
