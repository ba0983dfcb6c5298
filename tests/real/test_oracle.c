/*
 * test_oracle.c - every boot of ../shared/oracle (Debian 6.1) and of
 * ../shared/oracle-6.12 (the same layouts on Debian 6.12.95) against memx's
 * prediction.
 *
 * THE RULE: each machine has one profile per kernel in profiles/, whose
 * kernel-side settings were read from that machine's base boot only
 * (a64-512m-base, a32-1g-base, a32lpae-1g-base, vexa9-1g-base, and their
 * k612- twins). None of these profiles has a calibration item: the
 * residual of every base boot is zero, and the test asserts it stays so (a
 * calibration item may only ever come from a base boot:
 * base_only_calibration). Every other boot is the machine's profile + that
 * boot's device tree + that boot's command line, predicted by the engine
 * and compared figure by figure with no difference allowed. On 6.12 the
 * Memory line's "available" is printed after the boot's first buddy
 * allocations: it is compared as a bound (at most the prediction), and
 * nothing in the profiles is fitted to it.
 *
 * Like memx compare, each boot is predicted with what that boot had and its
 * file cannot say (mx_compare_adopt(): the command line, the /memory QEMU
 * wrote, the size of the tree QEMU handed over).
 *
 * A boot may differ only when it is listed in known[] with the mechanism
 * memx does not model; a listed boot that starts to match fails the test,
 * so the list cannot rot. The goal is an empty list.
 *
 * PROVENANCE: every value in a machine profile carries where it came from
 * (a [config], [qemu], [base], [kernel] or [fitted] mark on its line, on
 * the line of the key it belongs to, or on a comment line just above), and
 * no profile may name an oracle boot other than its machine's base boot.
 *
 * The boots are test data read at run time from MEMX_SHARED_DIR; when the
 * folder is missing the test says SKIPPED loudly (test_compare and
 * cli_compare.sh cover compare's own logic with memx's fixtures), and fails
 * when MEMX_REQUIRE_SHARED=1 (CI sets it).
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
	const char *set;          /* the folder of MEMX_SHARED_DIR its boots are in */
	const char *prefix;       /* boot folder prefix */
	const char *profile;      /* profiles/<name> */
	const char *base;         /* the one boot its settings came from */
	const char *profile_path; /* from the source tree */
	const char *kernel;       /* the profile's kernel: */
};

static const struct machine machines[] = {
	{ "oracle", "a64-", "qemu-virt-arm64-6.1.yaml", "a64-512m-base",
	  "profiles/qemu-virt-arm64-6.1.yaml", "6.1" },
	{ "oracle", "a32lpae-", "qemu-virt-armhf-lpae-6.1.yaml", "a32lpae-1g-base",
	  "profiles/qemu-virt-armhf-lpae-6.1.yaml", "6.1" },
	{ "oracle", "a32-", "qemu-virt-armhf-6.1.yaml", "a32-1g-base", "profiles/qemu-virt-armhf-6.1.yaml",
	  "6.1" },
	{ "oracle", "vexa9-", "vexpress-a9-armmp-6.1.yaml", "vexa9-1g-base",
	  "profiles/vexpress-a9-armmp-6.1.yaml", "6.1" },
	{ "oracle-6.12", "k612-a64-", "qemu-virt-arm64-6.12.yaml", "k612-a64-512m-base",
	  "profiles/qemu-virt-arm64-6.12.yaml", "6.12" },
	{ "oracle-6.12", "k612-a32lpae-", "qemu-virt-armhf-lpae-6.12.yaml", "k612-a32lpae-1g-base",
	  "profiles/qemu-virt-armhf-lpae-6.12.yaml", "6.12" },
	{ "oracle-6.12", "k612-a32-", "qemu-virt-armhf-6.12.yaml", "k612-a32-1g-base",
	  "profiles/qemu-virt-armhf-6.12.yaml", "6.12" },
	{ "oracle-6.12", "k612-vexa9-", "vexpress-a9-armmp-6.12.yaml", "k612-vexa9-1g-base",
	  "profiles/vexpress-a9-armmp-6.12.yaml", "6.12" },
};

#define NMACHINES (sizeof(machines) / sizeof(machines[0]))

/* Boots that may differ, each with the mechanism memx lacks. Empty: every boot matches. */
static const struct known {
	const char *boot;
	const char *mechanism;
} known[] = {
	{ NULL, NULL },
};

static const struct known *known_of(const char *boot)
{
	for (size_t i = 0; known[i].boot; i++)
		if (!strcmp(known[i].boot, boot))
			return &known[i];
	return NULL;
}

static const struct machine *machine_of(const char *set, const char *boot)
{
	for (size_t i = 0; i < NMACHINES; i++)
		if (!strcmp(set, machines[i].set) &&
		    !strncmp(boot, machines[i].prefix, strlen(machines[i].prefix)))
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

/* Compare one boot of @set; returns the number of problems (printed). */
static int one_boot(const char *set, const char *dir, const char *boot)
{
	const struct machine *m = machine_of(set, boot);
	bool k612 = m && !strcmp(m->kernel, "6.12");
	char path[2400];
	struct mx_profile base, p;
	struct mx_import_opts o = { 0 };
	struct mx_diaglist d;
	struct mx_layout L;
	struct mx_bootlog b;
	struct mx_compare c;
	struct mx_diaglist facts;
	const struct known *kn = known_of(boot);
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
	mx_diaglist_init(&facts);
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
	/* the boot's command line (cma=, mem= ...) and what QEMU did to the tree, as memx compare takes them */
	assert_true(mx_compare_adopt(&p, &b, MX_ADOPT_ALL, &facts) >= 0);
	assert_string_equal(p.bootargs, b.cmdline);
	for (size_t i = 0; i < facts.cnt; i++)
		print_message("oracle %s: %s\n", boot, facts.d[i].msg);
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
	if (!strncmp(m->prefix + (k612 ? 5 : 0), "a32", 3) || !strncmp(m->prefix + (k612 ? 5 : 0), "vexa9", 5)) {
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
	if (k612) {
		/*
		 * 6.12: "available" as a bound with what the boot took shown, Total
		 * pages, every arm64 boot's kmalloc bounce buffer, and each
		 * region line the log prints (rmem_lines(): a line the
		 * prediction lacks is a difference by itself)
		 */
		const struct mx_cmp_row *av = find_row(&c, "available (at most)");
		const struct mx_cmp_row *tp = find_row(&c, "Total pages (zonelists)");

		if (!av || av->match != MX_CMP_AT_MOST || !av->has_obs || !find_row(&c, "taken by the boot by then")) {
			print_message("oracle %s: available not compared as a bound\n", boot);
			bad++;
		}
		if (!tp || !tp->has_obs || !tp->has_pred) {
			print_message("oracle %s: Total pages not compared\n", boot);
			bad++;
		}
		if (!strncmp(boot, "k612-a64-", 9) && !find_row(&c, "swiotlb base")) {
			print_message("oracle %s: swiotlb not compared\n", boot);
			bad++;
		}
		for (size_t k = 0; k < b.nrmem; k++) {
			char what[80];
			const struct mx_cmp_row *rl;

			if (b.rmem[k].kind != MX_BLR_REGION)
				continue;
			snprintf(what, sizeof(what), "%s line", b.rmem[k].name);
			rl = find_row(&c, what);
			if (!rl || !rl->has_pred) {
				print_message("oracle %s: region line %s not predicted\n", boot, what);
				bad++;
			}
		}
	}
	print_message("oracle %-18s %-30s %zu figures, %zu differ\n", boot, m->profile, c.nchecked, c.ndiff);
	if (kn) {
		if (!bad) {
			print_message("oracle %s: listed as a known difference (%s) but it matches now: "
				      "remove it from known[]\n", boot, kn->mechanism);
			bad = 1;
		} else {
			print_message("oracle %s: KNOWN difference, not counted: %s\n", boot, kn->mechanism);
			bad = 0;
		}
	}
out:
	mx_diaglist_release(&facts);
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

/* Every boot of @set (a folder of MEMX_SHARED_DIR) against its machine's profile. */
static void every_boot_of(const char *set)
{
	char dir[1024];
	DIR *dp;
	struct dirent *e;
	char *names[256];
	size_t n = 0;
	int bad = 0;

	snprintf(dir, sizeof(dir), "%s/%s", MEMX_SHARED_DIR, set);
	if (!(dp = opendir(dir))) {
		print_message("SKIPPED: %s is missing: the oracle boots were NOT compared "
			      "(test_compare still tests memx compare on memx's own fixtures)\n", dir);
		tu_shared_missing(dir);
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
	assert_true(n >= 36); /* the boots INDEX.md lists */
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (size_t i = 0; i < n; i++) {
		bad += one_boot(set, dir, names[i]);
		free(names[i]);
	}
	assert_int_equal(bad, 0);
}

static void every_boot_agrees(void **state)
{
	(void)state;
	every_boot_of("oracle");
}

static void every_612_boot_agrees(void **state)
{
	(void)state;
	every_boot_of("oracle-6.12");
}

/* THE RULE above: a calibration item may only come from the machine's base boot. */
static void base_only_calibration(void **state)
{
	(void)state;
	for (size_t i = 0; i < NMACHINES; i++) {
		struct mx_profile p;

		tu_load_profile(&p, machines[i].profile);
		assert_non_null(p.kernel);
		assert_string_equal(p.kernel, machines[i].kernel);
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

/* ---- provenance ----------------------------------------------------------- */

/* The checker itself: it must catch an unmarked value and a foreign boot. */
static void provenance_checker(void **state)
{
	char *boots[] = { (char *)"a64-1g-phone", (char *)"a64-512m-base", (char *)"a64-1g-phone-lit" };
	const char *good = "# [base] from a64-512m-base\nname: x\narch: arm64  # [config]\n"
			   "kernel-image:\n  base: 0x1  # [base]\n  - name: a   # [base]\n    size: 4K\n"
			   "# [qemu] -m\nmemory: [{ base: 0x40000000, size: 1G }]\n";

	(void)state;
	assert_int_equal(tu_provenance_problems("good", good, "a64-512m-base", boots, 3), 0);
	assert_int_equal(tu_provenance_problems("untagged", "arch: arm64\n", "a64-512m-base", boots, 3), 1);
	assert_int_equal(tu_provenance_problems("sibling", "x:  # [base]\n  a: 1  # [base]\n  b: 2\n",
					     "a64-512m-base", boots, 3), 0);
	assert_int_equal(tu_provenance_problems("unmarked child", "x:\n  a: 1  # [base]\n  b: 2\n",
					     "a64-512m-base", boots, 3), 1);
	assert_int_equal(tu_provenance_problems("foreign", "a: 1  # [base] oracle/a64-1g-phone\n",
					     "a64-512m-base", boots, 3), 1);
	/* a longer boot name is not the shorter one */
	assert_int_equal(tu_provenance_problems("longer", "a: 1  # [base] a64-1g-phone-lit\n",
					     "a64-1g-phone-lit", boots, 3), 0);
}

/* The folder names of @set (its boots), into @names; returns how many. */
static size_t boot_names(const char *set, char **names, size_t max)
{
	char dir[1024];
	DIR *dp;
	struct dirent *e;
	size_t n = 0;

	snprintf(dir, sizeof(dir), "%s/%s", MEMX_SHARED_DIR, set);
	if (!(dp = opendir(dir))) {
		print_message("NOTE: %s is missing: the marks are checked, the boot names are not\n", dir);
		return 0;
	}
	while ((e = readdir(dp)) && n < max)
		if (e->d_name[0] != '.' && strcmp(e->d_name, "README.md") && strcmp(e->d_name, "INDEX.md"))
			names[n++] = strdup(e->d_name);
	closedir(dp);
	return n;
}

static void every_value_has_a_source(void **state)
{
	char *names[512];
	size_t n;
	int bad = 0;

	(void)state;
	/* a profile may name no boot of either set but its own base */
	n = boot_names("oracle", names, 256);
	n += boot_names("oracle-6.12", names + n, 256);
	for (size_t i = 0; i < NMACHINES; i++) {
		char *text;
		size_t len;

		assert_int_equal(mx_file_read(tu_src_path(machines[i].profile_path), &text, &len), 0);
		bad += tu_provenance_problems(machines[i].profile, text, machines[i].base, names, n);
		free(text);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(provenance_checker),
		cmocka_unit_test(every_value_has_a_source),
		cmocka_unit_test(base_only_calibration),
		cmocka_unit_test(every_boot_agrees),
		cmocka_unit_test(every_612_boot_agrees),
	};

	return tu_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
