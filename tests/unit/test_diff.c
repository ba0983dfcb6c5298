/*
 * test_diff.c - memx diff (compare/diff.c): each figure's contributions add up to its delta
 * for every pair tried (the shipped profiles against each other and edited, every oracle boot
 * against its machine's base boot), a board against itself has no change, and each change is
 * charged with what it moves.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/bootlog.h"
#include "memx/compare.h"
#include "memx/diff.h"
#include "memx/dt.h"
#include "testutil.h"

/* The identities of one diff; returns the number of violations (printed). */
static int check_sums(const struct mx_diff *d, const struct mx_profile *a, const struct mx_profile *b,
		      const char *what)
{
	struct mx_diff again;
	int bad = 0;

	for (int f = 0; f < MX_DF__COUNT; f++) {
		int64_t sum = 0;

		for (size_t c = 0; c < d->nchanges; c++)
			sum += d->changes[c].delta[f];
		if (sum != d->b[f] - d->a[f]) {
			print_message("%s: %s: the changes add up to %lld, the delta is %lld\n", what,
				      mx_diff_figure_name((enum mx_diff_fig)f), (long long)sum,
				      (long long)(d->b[f] - d->a[f]));
			bad++;
		}
	}
	/* the same pair again gives the same diff (nothing depends on leftovers) */
	mx_diff_init(&again);
	assert_int_equal(mx_diff_compute(&again, a, b), 0);
	if (again.nchanges != d->nchanges || memcmp(again.a, d->a, sizeof(d->a)) || memcmp(again.b, d->b, sizeof(d->b)))
		bad++;
	mx_diff_release(&again);
	return bad;
}

static int diff_pair(const struct mx_profile *a, const struct mx_profile *b, const char *what, bool same)
{
	struct mx_diff d;
	struct mx_layout LA, LB;
	int bad;

	mx_diff_init(&d);
	mx_layout_init(&LA);
	mx_layout_init(&LB);
	assert_int_equal(mx_diff_compute(&d, a, b), 0);
	bad = check_sums(&d, a, b, what);
	/* A's and B's figures are those of their own layouts */
	tu_compute(&LA, a);
	tu_compute(&LB, b);
	assert_int_equal(d.a[MX_DF_MEMTOTAL], (int64_t)tu_k(&LA, LA.sum.memtotal));
	assert_int_equal(d.b[MX_DF_MEMTOTAL], (int64_t)tu_k(&LB, LB.sum.memtotal));
	assert_int_equal(d.b[MX_DF_RESERVED], (int64_t)tu_k(&LB, LB.sum.reserved));
	if (same && (d.differ || d.nchanges)) {
		print_message("%s: a board against itself differs\n", what);
		bad++;
	}
	mx_layout_release(&LA);
	mx_layout_release(&LB);
	mx_diff_release(&d);
	return bad;
}

static const char *const profiles[] = {
	"msm8937.yaml", "qemu-virt-arm64-6.1.yaml", "qemu-virt-armhf-6.1.yaml", "qemu-virt-armhf-lpae-6.1.yaml",
	"riscv64-128m-flat.yaml", "riscv64-128m-sparse.yaml", "stm32mp157a-dk1.yaml", "sun4i-a10.yaml",
	"ums312.yaml", "vexpress-a9-armmp-6.1.yaml", "vexpress-a9.yaml",
};
#define NPROF (sizeof(profiles) / sizeof(profiles[0]))

/* Every shipped profile against every other: arch, kernel, banks, regions all change at once. */
static void test_profile_pairs(void **state)
{
	struct mx_profile p[NPROF];
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < NPROF; i++)
		tu_load_profile(&p[i], profiles[i]);
	for (size_t i = 0; i < NPROF; i++)
		for (size_t j = 0; j < NPROF; j++) {
			char what[128];

			snprintf(what, sizeof(what), "%s -> %s", profiles[i], profiles[j]);
			bad += diff_pair(&p[i], &p[j], what, i == j);
		}
	for (size_t i = 0; i < NPROF; i++)
		mx_profile_release(&p[i]);
	assert_int_equal(bad, 0);
}

static const struct mx_diff_change *change_with(const struct mx_diff *d, const char *text)
{
	for (size_t c = 0; c < d->nchanges; c++)
		if (strstr(d->changes[c].what, text))
			return &d->changes[c];
	return NULL;
}

/* msm8937 with cma=64M, the splash no longer freed late, one more carve-out, 1.5 GiB */
static void test_msm8937_edits(void **state)
{
	struct mx_profile a, b;
	struct mx_diff d;
	const struct mx_diff_change *c;
	int r;

	(void)state;
	tu_load_profile(&a, "msm8937.yaml");
	mx_profile_init(&b);
	assert_int_equal(mx_profile_copy(&b, &a), 0);
	assert_int_equal(mx_str_set(&b.bootargs, "cma=64M"), 0);
	b.regions[mx_profile_find_region(&b, "splash_region@83000000")].flags &= ~(unsigned)MX_REGION_FREED_LATE;
	assert_true((r = mx_profile_add_region(&b, "extra@a0000000")) >= 0);
	assert_non_null(b.regions[r].reg = calloc(1, sizeof(*b.regions[r].reg)));
	b.regions[r].reg[0].base = 0xa0000000;
	b.regions[r].reg[0].size = 16 << 20;
	b.regions[r].nreg = 1;
	mx_diff_init(&d);
	assert_int_equal(mx_diff_compute(&d, &a, &b), 0);
	assert_true(d.differ);
	assert_int_equal(d.nchanges, 3);
	assert_int_equal(check_sums(&d, &a, &b, "msm8937 edits"), 0);
	/* cma=64M: 48 MiB more CMA, MemTotal unchanged (CMA comes back at activation) */
	assert_non_null(c = change_with(&d, "bootargs: +cma=64M"));
	assert_int_equal(c->delta[MX_DF_CMATOTAL], 49152);
	assert_int_equal(c->delta[MX_DF_MEMTOTAL], 0);
	/* the splash kept: 20 MiB of MemTotal */
	assert_non_null(c = change_with(&d, "region splash_region@83000000"));
	assert_non_null(strstr(c->what, "freed-late removed"));
	assert_int_equal(c->delta[MX_DF_MEMTOTAL], -20480);
	/* a 16 MiB static carve-out in highmem: 16 MiB of MemTotal and of HighTotal's free part */
	assert_non_null(c = change_with(&d, "region extra@a0000000 added"));
	assert_int_equal(c->delta[MX_DF_MEMTOTAL], -16384);
	assert_int_equal(c->delta[MX_DF_RESERVED], 16384);
	assert_int_equal(d.b[MX_DF_MEMTOTAL] - d.a[MX_DF_MEMTOTAL], -36864);
	/* the items: the default CMA area moved and grew, the new region is added */
	for (size_t i = 0; i < d.nitems; i++) {
		if (!strcmp(d.items[i].name, "default CMA"))
			assert_int_equal(d.items[i].what, MX_DIFF_MOVED | MX_DIFF_RESIZED);
		if (!strcmp(d.items[i].name, "extra@a0000000"))
			assert_int_equal(d.items[i].what, MX_DIFF_ADDED);
		if (!strcmp(d.items[i].name, "splash_region@83000000"))
			assert_int_equal(d.items[i].what, MX_DIFF_FLAGS | MX_DIFF_KIND); /* freed-late -> static */
	}
	mx_diff_release(&d);
	/* the other way round: the same figures, negated */
	assert_int_equal(mx_diff_compute(&d, &b, &a), 0);
	assert_int_equal(d.b[MX_DF_MEMTOTAL] - d.a[MX_DF_MEMTOTAL], 36864);
	assert_non_null(change_with(&d, "region extra@a0000000 removed"));
	assert_non_null(change_with(&d, "bootargs: -cma=64M"));
	assert_int_equal(check_sums(&d, &b, &a, "msm8937 edits reversed"), 0);
	mx_diff_release(&d);
	mx_profile_release(&b);
	mx_profile_release(&a);
}

/* The same tree under two command lines: one change per option, in the order they differ. */
static void test_bootargs_keys(void **state)
{
	struct mx_profile a, b;
	struct mx_diff d;

	(void)state;
	tu_load_profile(&a, "qemu-virt-arm64-6.1.yaml");
	mx_profile_init(&b);
	assert_int_equal(mx_profile_copy(&b, &a), 0);
	assert_int_equal(mx_str_set(&a.bootargs, "console=ttyAMA0 cma=32M log_buf_len=1M"), 0);
	assert_int_equal(mx_str_set(&b.bootargs, "crashkernel=64M console=ttyAMA0 cma=0 log_buf_len=4M"), 0);
	mx_diff_init(&d);
	assert_int_equal(mx_diff_compute(&d, &a, &b), 0);
	assert_int_equal(d.nchanges, 3);
	assert_string_equal(d.changes[0].what, "bootargs: cma=32M -> cma=0");
	assert_string_equal(d.changes[1].what, "bootargs: log_buf_len=1M -> log_buf_len=4M");
	assert_string_equal(d.changes[2].what, "bootargs: +crashkernel=64M");
	assert_int_equal(d.changes[0].delta[MX_DF_CMATOTAL], -32768);
	assert_int_equal(d.changes[2].delta[MX_DF_CMATOTAL], 0);
	assert_int_equal(d.changes[2].delta[MX_DF_MEMTOTAL], -65536);
	assert_int_equal(check_sums(&d, &a, &b, "bootargs"), 0);
	mx_diff_release(&d);
	mx_profile_release(&b);
	mx_profile_release(&a);
}

static const struct { const char *prefix, *profile, *base; } machines[] = {
	{ "a64-", "qemu-virt-arm64-6.1.yaml", "a64-512m-base" },
	{ "a32lpae-", "qemu-virt-armhf-lpae-6.1.yaml", "a32lpae-1g-base" },
	{ "a32-", "qemu-virt-armhf-6.1.yaml", "a32-1g-base" },
	{ "vexa9-", "vexpress-a9-armmp-6.1.yaml", "vexa9-1g-base" },
};

/* An oracle boot as memx compare predicts it: its machine, its tree, what the boot had. */
static void load_boot(struct mx_profile *p, const char *dir, const char *boot, const char *prof)
{
	struct mx_profile base;
	struct mx_import_opts o = { 0 };
	struct mx_diaglist d;
	struct mx_bootlog b;
	char path[2400];

	tu_load_profile(&base, prof);
	mx_profile_init(p);
	mx_diaglist_init(&d);
	mx_bootlog_init(&b);
	o.base = &base;
	snprintf(path, sizeof(path), "%s/%s/dts", dir, boot);
	assert_int_equal(mx_profile_load_file(p, path, &o, &d), 0);
	snprintf(path, sizeof(path), "%s/%s/console.log", dir, boot);
	assert_int_equal(mx_bootlog_parse_file(&b, path), 0);
	assert_true(mx_compare_adopt(p, &b, MX_ADOPT_ALL, &d) >= 0);
	mx_bootlog_release(&b);
	mx_diaglist_release(&d);
	mx_profile_release(&base);
}

/* Every oracle boot against its machine's base boot: the deltas are explained to the KiB. */
static void test_oracle_against_base(void **state)
{
	char dir[1024];
	struct dirent *e;
	DIR *dd;
	int bad = 0, n = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/oracle", MEMX_SHARED_DIR);
	if (!(dd = opendir(dir))) {
		tu_shared_missing(dir);
		return;
	}
	while ((e = readdir(dd))) {
		for (size_t m = 0; m < sizeof(machines) / sizeof(machines[0]); m++) {
			struct mx_profile a, b;

			if (strncmp(e->d_name, machines[m].prefix, strlen(machines[m].prefix)))
				continue;
			load_boot(&a, dir, machines[m].base, machines[m].profile);
			load_boot(&b, dir, e->d_name, machines[m].profile);
			bad += diff_pair(&a, &b, e->d_name, !strcmp(e->d_name, machines[m].base));
			mx_profile_release(&b);
			mx_profile_release(&a);
			n++;
			break;
		}
	}
	closedir(dd);
	print_message("diffed %d oracle boots against their base boot\n", n);
	assert_true(n >= 36);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profile_pairs),
		cmocka_unit_test(test_msm8937_edits),
		cmocka_unit_test(test_bootargs_keys),
		cmocka_unit_test(test_oracle_against_base),
	};

	return tu_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
