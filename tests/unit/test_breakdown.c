/*
 * test_breakdown.c - the breakdown of physpages (view/breakdown.c): every leaf sums to
 * physpages and to MemTotal on every shipped profile and every oracle boot, groups sum their
 * children, nothing is unattributed, and pages that several items touch go to one of them.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/breakdown.h"
#include "memx/bootlog.h"
#include "memx/compare.h"
#include "memx/dt.h"
#include "testutil.h"

static const struct mx_bd_node *by_id(const struct mx_breakdown *b, const char *id)
{
	for (size_t i = 0; i < b->nnode; i++)
		if (b->node[i].id && !strcmp(b->node[i].id, id))
			return &b->node[i];
	return NULL;
}

/* The leaf called @name under the fixed group @id, or NULL. */
static const struct mx_bd_node *leaf(const struct mx_breakdown *b, const char *id, const char *name)
{
	for (size_t i = 0; i < b->nnode; i++) {
		if (!b->node[i].id || strcmp(b->node[i].id, id))
			continue;
		for (size_t k = i + 1; k < b->nnode && b->node[k].depth > b->node[i].depth; k++)
			if (!b->node[k].group && !strcmp(b->node[k].name, name))
				return &b->node[k];
	}
	return NULL;
}

/* Every identity the breakdown promises; returns the number of violations (printed). */
static int check_identities(const struct mx_breakdown *b, const struct mx_layout *L, const char *what)
{
	uint64_t leaves = 0, leaves_mt = 0;
	const struct mx_stage *mi = mx_layout_stage(L, MX_STEP_MEM_INIT);
	const struct mx_bd_node *f = by_id(b, "free");
	int bad = 0;

	for (size_t i = 0; i < b->nnode; i++) {
		const struct mx_bd_node *n = &b->node[i];
		uint64_t k = 0, m = 0;

		if (n->memtotal_kib > n->kib) {
			print_message("%s: %s: %llu KiB in MemTotal of %llu\n", what, n->name,
				      (unsigned long long)n->memtotal_kib, (unsigned long long)n->kib);
			bad++;
		}
		if (!n->group) {
			leaves += n->kib;
			leaves_mt += n->memtotal_kib;
			continue;
		}
		for (size_t c = i + 1; c < b->nnode && b->node[c].depth > n->depth; c++)
			if (b->node[c].depth == n->depth + 1) {
				k += b->node[c].kib;
				m += b->node[c].memtotal_kib;
			}
		if (k != n->kib || m != n->memtotal_kib) {
			print_message("%s: group %s is %llu/%llu, its children %llu/%llu\n", what, n->name,
				      (unsigned long long)n->kib, (unsigned long long)n->memtotal_kib,
				      (unsigned long long)k, (unsigned long long)m);
			bad++;
		}
	}
	if (leaves != mx_layout_kib(L, L->sum.physpages)) {
		print_message("%s: the leaves hold %llu KiB, physpages is %llu KiB\n", what,
			      (unsigned long long)leaves, (unsigned long long)mx_layout_kib(L, L->sum.physpages));
		bad++;
	}
	if (leaves_mt != mx_layout_kib(L, L->sum.memtotal)) {
		print_message("%s: the leaves give MemTotal %llu KiB, the layout %llu KiB\n", what,
			      (unsigned long long)leaves_mt, (unsigned long long)mx_layout_kib(L, L->sum.memtotal));
		bad++;
	}
	if (!f || !mi || f->kib != mx_layout_kib(L, mi->after.totalram)) {
		print_message("%s: free at mem_init %llu KiB, the buddy allocator got %llu KiB\n", what,
			      f ? (unsigned long long)f->kib : 0ULL,
			      mi ? (unsigned long long)mx_layout_kib(L, mi->after.totalram) : 0ULL);
		bad++;
	}
	if (b->unattributed_kib || by_id(b, "unattributed")) {
		print_message("%s: %llu KiB unattributed\n", what, (unsigned long long)b->unattributed_kib);
		bad++;
	}
	if (b->node[0].kib != b->physpages_kib || b->node[0].memtotal_kib != b->memtotal_kib)
		bad++;
	return bad;
}

static int breakdown_of(const struct mx_profile *p, const char *what)
{
	struct mx_layout L;
	struct mx_breakdown b;
	struct mx_buf j;
	int bad;

	mx_layout_init(&L);
	mx_breakdown_init(&b);
	mx_buf_init(&j);
	tu_compute(&L, p);
	assert_int_equal(mx_breakdown_compute(&b, &L, p), 0);
	bad = check_identities(&b, &L, what);
	assert_int_equal(mx_breakdown_json(&b, &L, p, &j), 0);
	assert_non_null(strstr(j.buf, "\"format\":\"memx-breakdown\""));
	mx_buf_release(&j);
	mx_breakdown_release(&b);
	mx_layout_release(&L);
	return bad;
}

static void test_every_profile(void **state)
{
	const char *dir = tu_src_path("profiles");
	char dirs[1024];
	struct dirent *e;
	DIR *d;
	int bad = 0, n = 0;

	(void)state;
	snprintf(dirs, sizeof(dirs), "%s", dir);
	assert_non_null(d = opendir(dirs));
	while ((e = readdir(d))) {
		char name[300];
		struct mx_profile p;

		if (!strstr(e->d_name, ".yaml"))
			continue;
		snprintf(name, sizeof(name), "%s", e->d_name);
		mx_profile_init(&p);
		tu_load_profile(&p, name);
		bad += breakdown_of(&p, name);
		mx_profile_release(&p);
		n++;
	}
	closedir(d);
	assert_true(n >= 11);
	assert_int_equal(bad, 0);
}

/* msm8937: the figures SPEC gives, each in its own leaf */
static void test_msm8937_leaves(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	struct mx_breakdown b;
	const struct mx_bd_node *n;

	(void)state;
	mx_profile_init(&p);
	mx_layout_init(&L);
	mx_breakdown_init(&b);
	tu_load_profile(&p, "msm8937.yaml");
	tu_compute(&L, &p);
	assert_int_equal(mx_breakdown_compute(&b, &L, &p), 0);
	assert_int_equal(b.physpages_kib, 1010688);
	assert_int_equal(b.memtotal_kib, 903088);
	/* the modem: 76800K kept by the firmware, the 5120K tail freed */
	assert_non_null(n = leaf(&b, "carveouts.reserved", "modem_region@0"));
	assert_int_equal(n->kib, 81920);
	assert_int_equal(n->memtotal_kib, 5120);
	/* the splash, freed late; the memmap of the kept modem part, freed by the fixup */
	assert_non_null(n = leaf(&b, "carveouts.reserved", "splash_region@83000000"));
	assert_int_equal(n->memtotal_kib, 20480);
	assert_non_null(n = leaf(&b, "kernel-alloc.memmap", "mem_map"));
	assert_int_equal(n->memtotal_kib, 576);
	/* the Memory line's sections; init is what free_initmem gave back */
	assert_int_equal(by_id(&b, "kernel.code")->kib, 11605);
	assert_int_equal(by_id(&b, "kernel.init")->kib, 472);
	assert_int_equal(by_id(&b, "carveouts.cma")->kib, 159744);
	assert_int_equal(by_id(&b, "carveouts.cma")->memtotal_kib, 159744);
	assert_non_null(n = leaf(&b, "boot-loader", "initrd"));
	assert_int_equal(n->memtotal_kib, 1784);
	/* the no-map regions left memblock.memory (3.18): they are not in physpages at all */
	assert_null(leaf(&b, "carveouts.no-map", "adsp_fw_region@0"));
	assert_int_equal(by_id(&b, "carveouts.no-map")->kib, 0);
	mx_breakdown_release(&b);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/*
 * Overlaps: a 6.1 no-map region over the initrd (refused: the initrd keeps the pages), a
 * static carve-out over part of the kernel image (and its init section), and a page that
 * two carve-outs share. Each page is counted once.
 */
static void test_overlaps(void **state)
{
	struct mx_profile p;
	struct mx_layout L;
	struct mx_breakdown b;
	const struct mx_bd_node *n;

	(void)state;
	mx_layout_init(&L);
	tu_compute_text(&L, &p,
			"arch: arm64\nkernel: \"6.1\"\nmemory: [{ base: 0x40000000, size: 256M }]\n"
			"kernel-image: { base: 0x40200000, size: 8M, code: 4M, rodata: 2M, rwdata: 1M, "
			"init: 512K, init-base: 0x40900000, bss: 256K }\n"
			"initrd: { base: 0x48000000, size: 0x100800 }\n",
			"reserved-memory:\n"
			"  - { name: a@4c000000, reg: { base: 0x4c000000, size: 0x400 } }\n"
			"  - { name: b@4c000400, reg: { base: 0x4c000400, size: 0x1000 } }\n"
			"  - { name: over-initrd@48000000, reg: { base: 0x48000000, size: 1M }, no-map: true }\n"
			"  - { name: over-kernel@40800000, reg: { base: 0x40800000, size: 2M } }\n");
	mx_breakdown_init(&b);
	assert_int_equal(mx_breakdown_compute(&b, &L, &p), 0);
	assert_int_equal(check_identities(&b, &L, "overlaps"), 0);
	/*
	 * the carve-out wins the 2M it shares with the kernel image: 6M of the image is left,
	 * code and rodata as printed; the init section inside the carve-out is freed from it
	 */
	assert_non_null(n = leaf(&b, "carveouts.reserved", "over-kernel@40800000"));
	assert_int_equal(n->kib, 2048);
	assert_int_equal(n->memtotal_kib, 512);
	assert_int_equal(by_id(&b, "kernel")->kib, 6144);
	assert_int_equal(by_id(&b, "kernel.code")->kib, 4096);
	assert_int_equal(by_id(&b, "kernel.rodata")->kib, 2048);
	assert_int_equal(by_id(&b, "kernel.init")->kib, 0);
	/* 6.1 refuses no-map over the initrd: the initrd owns its pages, freed later */
	assert_null(leaf(&b, "carveouts.no-map", "over-initrd@48000000"));
	assert_non_null(n = leaf(&b, "boot-loader", "initrd"));
	assert_int_equal(n->kib, 1028);
	assert_int_equal(n->memtotal_kib, 1024);
	/* a (1K) and b (3K of it) share a page: it is b's, the one with more bytes there */
	assert_null(leaf(&b, "carveouts.reserved", "a@4c000000"));
	assert_non_null(n = leaf(&b, "carveouts.reserved", "b@4c000400"));
	assert_int_equal(n->kib, 8);
	mx_breakdown_release(&b);
	mx_layout_release(&L);
	mx_profile_release(&p);
}

/* The boots of ../shared/oracle, each as memx compare predicts it */
static const struct { const char *prefix, *profile; } machines[] = {
	{ "a64-", "qemu-virt-arm64-6.1.yaml" },
	{ "a32lpae-", "qemu-virt-armhf-lpae-6.1.yaml" },
	{ "a32-", "qemu-virt-armhf-6.1.yaml" },
	{ "vexa9-", "vexpress-a9-armmp-6.1.yaml" },
};

static void test_oracle_boots(void **state)
{
	char dir[1024], path[2400];
	struct dirent *e;
	DIR *d;
	int bad = 0, n = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/oracle", MEMX_SHARED_DIR);
	if (!(d = opendir(dir))) {
		tu_shared_missing(dir);
		return;
	}
	while ((e = readdir(d))) {
		struct mx_profile base, p;
		struct mx_import_opts o = { 0 };
		struct mx_diaglist diags, facts;
		struct mx_bootlog b;
		const char *prof = NULL;

		for (size_t m = 0; m < sizeof(machines) / sizeof(machines[0]); m++)
			if (!strncmp(e->d_name, machines[m].prefix, strlen(machines[m].prefix))) {
				prof = machines[m].profile;
				break;
			}
		if (!prof)
			continue;
		mx_profile_init(&base);
		mx_profile_init(&p);
		mx_diaglist_init(&diags);
		mx_diaglist_init(&facts);
		mx_bootlog_init(&b);
		tu_load_profile(&base, prof);
		o.base = &base;
		snprintf(path, sizeof(path), "%s/%s/dts", dir, e->d_name);
		assert_int_equal(mx_profile_load_file(&p, path, &o, &diags), 0);
		snprintf(path, sizeof(path), "%s/%s/console.log", dir, e->d_name);
		assert_int_equal(mx_bootlog_parse_file(&b, path), 0);
		assert_true(mx_compare_adopt(&p, &b, MX_ADOPT_ALL, &facts) >= 0);
		bad += breakdown_of(&p, e->d_name);
		n++;
		mx_bootlog_release(&b);
		mx_diaglist_release(&facts);
		mx_diaglist_release(&diags);
		mx_profile_release(&p);
		mx_profile_release(&base);
	}
	closedir(d);
	print_message("breakdown of %d oracle boots\n", n);
	assert_true(n >= 36);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_profile),
		cmocka_unit_test(test_msm8937_leaves),
		cmocka_unit_test(test_overlaps),
		cmocka_unit_test(test_oracle_boots),
	};

	return tu_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
