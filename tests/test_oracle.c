/*
 * test_oracle.c - every boot of ../shared/oracle against memx's prediction.
 *
 * THE RULE: each machine has one profile in profiles/, whose kernel-side
 * settings were read from that machine's base boot only (a64-512m-base,
 * a32-1g-base, a32lpae-1g-base, vexa9-1g-base). None of these profiles
 * has a calibration item: the residual of every base boot is zero, and the
 * test asserts it stays so (a calibration item may only ever come from a
 * base boot: base_only_calibration). Every other boot is the machine's
 * profile + that boot's device tree + that boot's command line, predicted
 * by the engine and compared figure by figure with no difference allowed.
 *
 * The boots are test data read at run time from MEMX_SHARED_DIR; when the
 * folder is missing the test says SKIPPED loudly (test_compare and
 * cli_compare.sh cover compare's own logic with memx's fixtures).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/bootlog.h"
#include "memx/compare.h"
#include "memx/dt.h"
#include "testutil.h"

struct machine {
	const char *prefix;  /* boot folder prefix */
	const char *profile; /* profiles/<name> */
	const char *base;    /* the one boot its settings came from */
};

static const struct machine machines[] = {
	{ "a64-", "qemu-virt-arm64-6.1.yaml", "a64-512m-base" },
	{ "a32lpae-", "qemu-virt-armhf-lpae-6.1.yaml", "a32lpae-1g-base" },
	{ "a32-", "qemu-virt-armhf-6.1.yaml", "a32-1g-base" },
	{ "vexa9-", "vexpress-a9-armmp-6.1.yaml", "vexa9-1g-base" },
};

static const struct machine *machine_of(const char *boot)
{
	for (size_t i = 0; i < sizeof(machines) / sizeof(machines[0]); i++)
		if (!strncmp(boot, machines[i].prefix, strlen(machines[i].prefix)))
			return &machines[i];
	return NULL;
}

/* The figures the issue names: each must be present on both sides and equal. */
static const char *const required[] = {
	"physpages", "reserved", "cma-reserved", "MemTotal", "CmaTotal", "memmap allocation bytes",
};

static const struct mx_cmp_row *find_row(const struct mx_compare *c, const char *what)
{
	for (size_t i = 0; i < c->nrows; i++)
		if (!strcmp(c->rows[i].what, what))
			return &c->rows[i];
	return NULL;
}

static bool ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && !strcmp(s + a - b, suf);
}

/* Compare one boot; returns the number of problems (printed). */
static int one_boot(const char *dir, const char *boot)
{
	const struct machine *m = machine_of(boot);
	char path[2400];
	struct mx_profile base, p;
	struct mx_import_opts o = { 0 };
	struct mx_diaglist d;
	struct mx_layout L;
	struct mx_bootlog b;
	struct mx_compare c;
	int bad = 0;

	if (!m) {
		print_message("oracle %s: no machine profile for it\n", boot);
		return 1;
	}
	mx_profile_init(&base);
	mx_profile_init(&p);
	mx_diaglist_init(&d);
	mx_layout_init(&L);
	mx_bootlog_init(&b);
	mx_compare_init(&c);
	tu_load_profile(&base, m->profile);
	o.base = &base;
	snprintf(path, sizeof(path), "%s/%s/dts", dir, boot);
	if (mx_profile_load_file(&p, path, &o, &d)) {
		print_message("oracle %s: %s did not import\n", boot, path);
		bad++;
		goto out;
	}
	snprintf(path, sizeof(path), "%s/%s/console.log", dir, boot);
	assert_int_equal(mx_bootlog_parse_file(&b, path), 0);
	assert_true(mx_bootlog_usable(&b));
	assert_non_null(b.cmdline);
	/* the boot's command line (cma=, mem= ...), as memx compare takes it */
	assert_int_equal(mx_str_set(&p.bootargs, b.cmdline), 0);
	tu_compute(&L, &p);
	assert_int_equal(mx_compare_run(&c, &L, &p, &b), 0);
	for (size_t i = 0; i < c.nrows; i++) {
		const struct mx_cmp_row *r = &c.rows[i];

		if (!r->differs)
			continue;
		print_message("oracle %s: %s predicted %llu (%s) observed %llu (%s)\n", boot, r->what,
			      (unsigned long long)r->pred, r->pred_text, (unsigned long long)r->obs,
			      r->obs_text);
		bad++;
	}
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		const struct mx_cmp_row *r = find_row(&c, required[i]);

		if (!r || !r->has_pred || !r->has_obs) {
			print_message("oracle %s: %s not compared\n", boot, required[i]);
			bad++;
		}
	}
	/* 32-bit: the highmem figures; every boot: the default CMA area unless cma=0 */
	if (!strncmp(boot, "a32", 3) || !strncmp(boot, "vexa9", 5)) {
		const struct mx_cmp_row *h = find_row(&c, "highmem"), *ht = find_row(&c, "HighTotal");

		if (!h || !h->has_obs || !h->has_pred || !ht || !ht->has_obs || !ht->has_pred) {
			print_message("oracle %s: highmem / HighTotal not compared\n", boot);
			bad++;
		}
	}
	if (!strstr(b.cmdline, "cma=0")) {
		const struct mx_cmp_row *r = find_row(&c, "default CMA base");

		if (!r || !r->has_obs || !r->has_pred) {
			print_message("oracle %s: default CMA base not compared\n", boot);
			bad++;
		}
	}
	/* every dynamic /reserved-memory region has its base compared */
	for (size_t i = 0; i < L.nitems; i++) {
		const struct mx_item *it = &L.items[i];
		bool found = false;

		if (it->region < 0 || !(it->flags & MX_IF_DYNAMIC))
			continue;
		for (size_t k = 0; k < c.nrows; k++)
			if (c.rows[k].item == (int)i && ends_with(c.rows[k].what, " base") &&
			    c.rows[k].has_obs && c.rows[k].has_pred)
				found = true;
		if (!found) {
			print_message("oracle %s: dynamic region %s: base not compared\n", boot, it->name);
			bad++;
		}
	}
	if (!strcmp(boot, "a64-4g-base") && !find_row(&c, "swiotlb base")) {
		print_message("oracle %s: swiotlb not compared\n", boot);
		bad++;
	}
	print_message("oracle %-18s %-30s %zu figures, %zu differ\n", boot, m->profile, c.nchecked, c.ndiff);
out:
	mx_compare_release(&c);
	mx_bootlog_release(&b);
	mx_layout_release(&L);
	mx_diaglist_release(&d);
	mx_profile_release(&p);
	mx_profile_release(&base);
	return bad;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void every_boot_agrees(void **state)
{
	char dir[1024];
	DIR *dp;
	struct dirent *e;
	char *names[256];
	size_t n = 0;
	int bad = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/oracle", MEMX_SHARED_DIR);
	if (!(dp = opendir(dir))) {
		print_message("SKIPPED: %s is missing: the oracle boots were NOT compared "
			      "(test_compare still tests memx compare on memx's own fixtures)\n", dir);
		skip();
	}
	while ((e = readdir(dp)) && n < 256) {
		char p[1400];
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s/console.log", dir, e->d_name);
		if (!(f = fopen(p, "r")))
			continue;
		fclose(f);
		names[n++] = strdup(e->d_name);
	}
	closedir(dp);
	assert_true(n >= 13); /* the boots INDEX.md lists */
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (size_t i = 0; i < n; i++) {
		bad += one_boot(dir, names[i]);
		free(names[i]);
	}
	assert_int_equal(bad, 0);
}

/* THE RULE above: a calibration item may only come from the machine's base boot. */
static void base_only_calibration(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(machines) / sizeof(machines[0]); i++) {
		struct mx_profile p;

		tu_load_profile(&p, machines[i].profile);
		assert_non_null(p.kernel);
		assert_string_equal(p.kernel, "6.1");
		assert_true(p.kside.present);
		for (size_t k = 0; k < p.nearly; k++) {
			if (!p.early[k].calibration)
				continue;
			assert_non_null(p.early[k].note);
			if (!strstr(p.early[k].note, machines[i].base)) {
				print_message("%s: calibration not from %s\n", machines[i].profile,
					      machines[i].base);
				fail();
			}
		}
		mx_profile_release(&p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(base_only_calibration),
		cmocka_unit_test(every_boot_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
