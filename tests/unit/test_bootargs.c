/* test_bootargs.c - the kernel command line as memx reads it, and the 32-bit ARM lowmem split */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "engine_internal.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

/* ---- bootargs ------------------------------------------------------------ */

struct bootargs_case {
	const char *args;
	unsigned ndiag;             /* "bootargs" errors */
	uint64_t cma_size, cma_base, cma_limit;
	bool cma_cmdline;
	uint64_t mem_limit, mem_base;
	bool has_mem_base;
	uint64_t vmalloc;           /* 0: the default 240 MiB */
};

static const struct bootargs_case bootargs_cases[] = {
	{ "", 0, 0, 0, 0, false, 0, 0, false, 0 },
	{ "console=ttyAMA0 root=/dev/mmcblk0p2 quiet", 0, 0, 0, 0, false, 0, 0, false, 0 },
	/* cma=size[@base[-limit]] */
	{ "cma=64M", 0, 64 * MiB, 0, 0, true, 0, 0, false, 0 },
	{ "cma=64M@0x80000000", 0, 64 * MiB, 0x80000000u, 0x84000000u, true, 0, 0, false, 0 },
	{ "cma=32M@0x40000000-0x50000000", 0, 32 * MiB, 0x40000000u, 0x50000000u, true,
	  0, 0, false, 0 },
	{ "cma=0", 0, 0, 0, 0, true, 0, 0, false, 0 },
	{ "cma=0x1000000", 0, 16 * MiB, 0, 0, true, 0, 0, false, 0 },
	{ "cma=16M cma=32M", 0, 32 * MiB, 0, 0, true, 0, 0, false, 0 },   /* the last wins */
	/* mem= */
	{ "mem=256M", 0, 0, 0, 0, false, 256 * MiB, 0, false, 0 },
	{ "mem=64M@0x20000000", 0, 0, 0, 0, false, 64 * MiB, 0x20000000u, true, 0 },
	/* vmalloc= */
	{ "vmalloc=400M", 0, 0, 0, 0, false, 0, 0, false, 400 * MiB },
	/* all of them among other options, odd spacing */
	{ "  console=ttyS0,115200   cma=64M\tmem=1G vmalloc=128M  rdinit=/linuxrc ", 0,
	  64 * MiB, 0, 0, true, GiB, 0, false, 128 * MiB },
	/* garbage: one "bootargs" error each, the setting is left alone */
	{ "cma=", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "cma=abc", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "cma=64Q", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "cma=64Mx", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "cma=64M@", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "cma=64M@0x1000-", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "cma=64M@0x1000-0x2000junk", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "cma=0xffffffffffffffff@0x1000", 1, 0, 0, 0, false, 0, 0, false, 0 }, /* base + size wraps */
	{ "mem=", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "mem=0", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "mem=lots", 1, 0, 0, 0, false, 0, 0, false, 0 },
	{ "mem=64M@", 1, 0, 0, 0, false, 0, 0, false, 0 },
	/* a bad one does not spoil the good ones (vmalloc=: vmalloc_as_the_kernel_reads_it) */
	{ "cma=junk mem=256M mem=x", 2, 0, 0, 0, false, 256 * MiB, 0, false, 0 },
};

static void bootargs_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bootargs_cases) / sizeof(bootargs_cases[0]); i++) {
		const struct bootargs_case *c = &bootargs_cases[i];
		struct mx_params P;
		struct mx_diaglist d;
		char yaml[512];

		snprintf(yaml, sizeof(yaml), "arch: arm\nkernel: \"3.18\"\nbootargs: \"%s\"\n"
			 "memory: [{ base: 0x60000000, size: 1G }]\n", c->args);
		mx_diaglist_init(&d);
		tu_params_resolve(&P, &d, yaml);
		if (tu_count_check(&d, "bootargs") != c->ndiag || d.cnt != c->ndiag ||
		    P.cma_size != c->cma_size || P.cma_base != c->cma_base ||
		    P.cma_limit != c->cma_limit || P.cma_cmdline != c->cma_cmdline ||
		    P.mem_limit != c->mem_limit || P.mem_base != c->mem_base ||
		    P.has_mem_base != c->has_mem_base ||
		    P.vmalloc_size != (c->vmalloc ? c->vmalloc : 240 * MiB)) {
			print_error("bootargs \"%s\": %zu diags, cma %#llx@%#llx-%#llx cmdline %d, "
				    "mem %#llx@%#llx (%d), vmalloc %#llx\n", c->args, d.cnt,
				    (unsigned long long)P.cma_size, (unsigned long long)P.cma_base,
				    (unsigned long long)P.cma_limit, P.cma_cmdline,
				    (unsigned long long)P.mem_limit, (unsigned long long)P.mem_base,
				    P.has_mem_base, (unsigned long long)P.vmalloc_size);
			fail();
		}
		for (size_t k = 0; k < d.cnt; k++) {
			assert_int_equal(d.d[k].sev, MX_SEV_ERROR);
			assert_non_null(strstr(d.d[k].msg, "cannot parse '"));
		}
		/* cma= on the command line is not an assumed size */
		assert_int_equal(!!(P.assumed & MX_ASSUMED_CMA_SIZE), !c->cma_cmdline);
		assert_int_equal(!!(P.assumed & MX_ASSUMED_VMALLOC), !c->vmalloc);
		mx_diaglist_release(&d);
	}
}

/*
 * vmalloc= as arch/arm/mm/mmu.c early_vmalloc() takes it: memparse() (no
 * digits: 0; wrapping), into a 32-bit unsigned long, then between 16 MiB and
 * VMALLOC_END - (PAGE_OFFSET + 32 MiB) (3.18, VMSPLIT_3G: 0xff000000 -
 * 0xc2000000 = 976 MiB). The kernel refuses none: a warning when the size
 * is not the one written.
 */
static void vmalloc_as_the_kernel_reads_it(void **state)
{
	static const struct { const char *arg; uint64_t size; bool warn; } t[] = {
		{ "vmalloc=400M", 400 * MiB, false },
		{ "vmalloc=16M", 16 * MiB, false },
		{ "vmalloc=976M", 976 * MiB, false },
		{ "vmalloc=977M", 976 * MiB, true },          /* too big */
		{ "vmalloc=8M", 16 * MiB, true },             /* too small */
		{ "vmalloc=", 16 * MiB, true },               /* memparse(""): 0 */
		{ "vmalloc=x", 16 * MiB, true },
		{ "vmalloc=12Q", 16 * MiB, true },            /* 12 bytes, the Q ignored */
		{ "vmalloc=256MB", 256 * MiB, false },        /* the B ignored */
		{ "vmalloc=0400M", 256 * MiB, false },        /* a leading 0 is octal */
		{ "vmalloc=4G", 16 * MiB, true },             /* 2^32 in 32 bits: 0 */
		{ "vmalloc=0x100000000", 16 * MiB, true },
		{ "vmalloc=0x110000000", 256 * MiB, false },  /* 4 GiB + 256 MiB wraps to 256 MiB */
		{ "vmalloc=0xfffffffffff00000", 976 * MiB, true }, /* 0xfff00000: too big */
		{ "vmalloc=16E", 16 * MiB, true },            /* 2^64 wraps to 0 */
		/* mod 2^64 0x2c7e14af67fffff, 32 bits 0xf67fffff: too big */
		{ "vmalloc=99999999999999999999999", 976 * MiB, true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct mx_params P;
		struct mx_diaglist d;
		char yaml[256];

		snprintf(yaml, sizeof(yaml), "arch: arm\nkernel: \"3.18\"\nbootargs: \"%s\"\n"
			 "memory: [{ base: 0x60000000, size: 1G }]\n", t[i].arg);
		mx_diaglist_init(&d);
		tu_params_resolve(&P, &d, yaml);
		if (P.vmalloc_size != t[i].size || d.cnt != t[i].warn) {
			print_error("%s: vmalloc %#llx, %zu diag(s)\n", t[i].arg,
				    (unsigned long long)P.vmalloc_size, d.cnt);
			fail();
		}
		assert_true(P.vmalloc_cmdline);
		if (d.cnt) {
			assert_int_equal(d.d[0].sev, MX_SEV_WARNING);
			assert_string_equal(d.d[0].check, "bootargs");
			assert_non_null(strstr(d.d[0].msg, "(early_vmalloc)"));
		}
		mx_diaglist_release(&d);
	}
}

static void bootargs_message_names_the_argument(void **state)
{
	struct mx_params P;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	tu_params_resolve(&P, &d, "arch: arm\nbootargs: \"quiet cma=12Q\"\n"
		"memory: [{ base: 0x60000000, size: 1G }]\n");
	assert_int_equal(d.cnt, 1);
	assert_string_equal(d.d[0].check, "bootargs");
	assert_string_equal(d.d[0].msg, "cannot parse 'cma=12Q' in bootargs; ignored");
	assert_int_equal(d.d[0].region, -1);
	mx_diaglist_release(&d);
}

/* mem= through the replay: the first N bytes, or [B, B + N). */
static void mem_limit_applied(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	mx_layout_init(&L);
	tu_load_ok(&p, "arch: arm64\nkernel: \"5.10\"\nbootargs: \"mem=256M\"\n"
		 "memory: [{ base: 0x40000000, size: 128M }, { base: 0x50000000, size: 1G }]\n");
	tu_compute(&L, &p);
	/* 128 MiB of the first bank, then 128 MiB of the second */
	assert_int_equal(L.memory.cnt, 2);
	assert_int_equal(mx_rangeset_bytes(&L.memory), 256 * MiB);
	assert_int_equal(mx_rangeset_end(&L.memory), 0x58000000u);
	assert_int_equal(L.sum.physpages, 65536);
	mx_profile_release(&p);

	tu_load_ok(&p, "arch: arm\nkernel: \"3.18\"\nbootargs: \"mem=64M@0x20000000\"\n"
		 "memory: [{ base: 0x20000000, size: 512M }]\n");
	tu_compute(&L, &p);
	assert_int_equal(L.memory.cnt, 1);
	assert_int_equal(L.memory.r[0].base, 0x20000000u);
	assert_int_equal(L.memory.r[0].size, 64 * MiB);
	mx_profile_release(&p);
	mx_layout_release(&L);
}

/* ---- 32-bit ARM lowmem limit --------------------------------------------- */

/*
 * vmalloc_min = VMALLOC_END - (vmalloc + 8 MiB); the limit is its physical
 * address: vmalloc_min - PAGE_OFFSET + PHYS_OFFSET. PHYS_OFFSET 0x60000000,
 * vmalloc 240 MiB (0xf800000 with the offset):
 *
 *   VMALLOC_END 0xff000000 (3.18) -> vmalloc_min 0xef800000
 *   VMALLOC_END 0xff800000 (5.10) -> vmalloc_min 0xf0000000
 */
struct lowmem_case {
	const char *vmsplit;
	uint64_t page_offset;
	uint64_t limit318, limit510;     /* mxi_arm_vmalloc_limit */
	uint64_t lowmem318, lowmem510;   /* with 2 GiB at 0x60000000 (ends 0xe0000000) */
};

static const struct lowmem_case lowmem_cases[] = {
	{ "3G", 0xC0000000u, 0x8f800000u, 0x90000000u, 0x8f800000u, 0x90000000u },
	{ "3G_OPT", 0xB0000000u, 0x9f800000u, 0xa0000000u, 0x9f800000u, 0xa0000000u },
	{ "2G", 0x80000000u, 0xcf800000u, 0xd0000000u, 0xcf800000u, 0xd0000000u },
	/* above the end of memory: all of it is lowmem */
	{ "1G", 0x40000000u, 0x10f800000ULL, 0x110000000ULL, 0xe0000000u, 0xe0000000u },
};

static void lowmem_every_vmsplit(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(lowmem_cases) / sizeof(lowmem_cases[0]); i++) {
		const struct lowmem_case *c = &lowmem_cases[i];

		for (int f = 0; f < 2; f++) {
			const char *kernel = f ? "5.10" : "3.18";
			struct mx_profile p;
			struct mx_layout L;
			char yaml[256];
			uint64_t want = f ? c->lowmem510 : c->lowmem318;

			snprintf(yaml, sizeof(yaml), "arch: arm\nkernel: \"%s\"\nvmsplit: %s\n"
				 "memory: [{ base: 0x60000000, size: 2G }]\n", kernel, c->vmsplit);
			tu_load_ok(&p, yaml);
			mx_layout_init(&L);
			tu_compute(&L, &p);
			assert_int_equal(L.params.page_offset, c->page_offset);
			assert_int_equal(mxi_arm_vmalloc_limit(&L.params, 0x60000000u),
					 f ? c->limit510 : c->limit318);
			if (L.sum.lowmem_limit != want) {
				print_error("VMSPLIT_%s, %s: lowmem ends at %#llx, want %#llx\n",
					    c->vmsplit, kernel,
					    (unsigned long long)L.sum.lowmem_limit,
					    (unsigned long long)want);
				fail();
			}
			/* the zones split there */
			assert_int_equal(L.zones[0].end_pfn, want / 4096);
			if (want < 0xe0000000u) {
				assert_int_equal(L.zones[1].start_pfn, want / 4096);
				assert_true(L.zones[1].highmem);
			} else {
				assert_int_equal(L.zones[1].spanned, 0);
			}
			mx_layout_release(&L);
			mx_profile_release(&p);
		}
	}
}

/* The vexpress-a9 board: 1 GiB at 0x60000000 (seeds/001; oracle vexa9-1g-base). */
static void lowmem_vexpress(void **state)
{
	struct mx_profile p;
	struct mx_layout L;

	(void)state;
	mx_layout_init(&L);
	tu_load_ok(&p, "arch: arm\nkernel: \"3.18\"\nmemory: [{ base: 0x60000000, size: 1G }]\n");
	tu_compute(&L, &p);
	assert_int_equal(L.sum.lowmem_limit, 0x8f800000u);
	assert_int_equal(L.sum.vmalloc_total, 240 * MiB);
	mx_profile_release(&p);

	tu_load_ok(&p, "arch: arm\nkernel: \"5.10\"\nmemory: [{ base: 0x60000000, size: 1G }]\n");
	tu_compute(&L, &p);
	assert_int_equal(L.sum.lowmem_limit, 0x90000000u); /* 768 MiB of lowmem */
	mx_profile_release(&p);

	/* the shipped profile (kernel 4.0 -> 3.18 rules) */
	tu_load_profile(&p, "vexpress-a9.yaml");
	tu_compute(&L, &p);
	assert_int_equal(L.sum.lowmem_limit, 0x8f800000u);
	mx_profile_release(&p);

	/* a larger vmalloc area moves the split down: 408 MiB below 0xff000000 */
	tu_load_ok(&p, "arch: arm\nkernel: \"3.18\"\nvmalloc: 400M\n"
		 "memory: [{ base: 0x60000000, size: 1G }]\n");
	tu_compute(&L, &p);
	assert_int_equal(L.sum.lowmem_limit, 0x85800000u);
	assert_int_equal(L.sum.vmalloc_total, 400 * MiB);
	mx_profile_release(&p);
	mx_layout_release(&L);
}

/* PHYS_OFFSET is the kernel base rounded down to 16 MiB. */
static void lowmem_phys_offset_from_kernel(void **state)
{
	struct mx_params P;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	tu_params_resolve(&P, &d, "arch: arm\nkernel: \"3.18\"\nmemory: [{ base: 0x80000000, size: 1G }]\n");
	assert_int_equal(mxi_arm_vmalloc_limit(&P, 0x80000000u), 0xaf800000u); /* msm8937 */
	/* the limit moves with PHYS_OFFSET, nothing else */
	assert_int_equal(mxi_arm_vmalloc_limit(&P, 0x00000000u), 0x2f800000u);
	assert_int_equal(mxi_arm_vmalloc_limit(&P, 0x40000000u), 0x6f800000u);
	mx_diaglist_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bootargs_table),
		cmocka_unit_test(vmalloc_as_the_kernel_reads_it),
		cmocka_unit_test(bootargs_message_names_the_argument),
		cmocka_unit_test(mem_limit_applied),
		cmocka_unit_test(lowmem_every_vmsplit),
		cmocka_unit_test(lowmem_vexpress),
		cmocka_unit_test(lowmem_phys_offset_from_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
