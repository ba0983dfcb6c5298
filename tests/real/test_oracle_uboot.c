/*
 * test_oracle_uboot.c - every boot of ../shared/oracle-uboot (the same 6.1
 * kernels booted through U-Boot 2023.01: booti, bootz, bootefi) against
 * memx's prediction.
 *
 * THE RULE, as test_oracle.c's: each machine has one profile in profiles/
 * whose settings were read from that machine's base boot only
 * (ub-a64-512m-base for booti, ub-a32lpae-1g-base for bootz,
 * ub-a64-512m-base-efi for bootefi) and carry provenance marks; every
 * other boot is a test. Each boot is predicted twice:
 *  A. from the machine's profile, the boot's device tree, its command line,
 *     U-Boot's environment and DRAM as its log shows them and the addresses
 *     its boot script gave booti/bootz (boot.cmd: setenv oracle_kaddr ...):
 *     the boot's own settings, no placement taken from the logs;
 *  B. as `memx compare --boot-loader-log` does it: everything the two logs
 *     show, placements included (what U-Boot does not print - booti's
 *     kernel, an initrd in place - comes from memblock=debug).
 * Both must agree on every figure compared, the boot loader's own rows
 * (kernel _stext, initrd, DTB base and size) included; no calibrated figure
 * (U-Boot's LMB, the EFI runtime regions) may be taken - the base boot's
 * hold for every boot; and a boot that never reached the kernel must be one
 * the checks say does not boot (lmb-full, boot-loader-refused), while no
 * boot that did is.
 * A boot may differ only when it is listed in known[] with the mechanism
 * memx lacks; the list is empty and a listed boot that matches fails.
 *
 * The boots are read at run time from MEMX_SHARED_DIR/oracle-uboot; when it
 * is missing the test says SKIPPED (exit 77).
 */
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/bootlog.h"
#include "memx/compare.h"
#include "memx/dt.h"
#include "memx/ubootlog.h"
#include "testutil.h"

struct machine {
	const char *prefix, *suffix; /* boot folder name */
	const char *profile;         /* profiles/<name> */
	const char *base;            /* the one boot its settings came from */
	const char *loader;          /* the boot-loader type it must say */
};

static const struct machine machines[] = {
	{ "ub-a64-", "-efi", "qemu-virt-arm64-6.1-uefi.yaml", "ub-a64-512m-base-efi", "uefi" },
	{ "ub-a64-", "", "qemu-virt-arm64-6.1-uboot.yaml", "ub-a64-512m-base", "u-boot" },
	{ "ub-a32lpae-", "", "qemu-virt-armhf-lpae-6.1-uboot.yaml", "ub-a32lpae-1g-base", "u-boot" },
};

static const struct known {
	const char *boot;
	const char *mechanism;
} known[] = {
	{ NULL, NULL },
};

static bool ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && !strcmp(s + a - b, suf);
}

static const struct machine *machine_of(const char *boot)
{
	for (size_t i = 0; i < sizeof(machines) / sizeof(machines[0]); i++)
		if (!strncmp(boot, machines[i].prefix, strlen(machines[i].prefix)) &&
		    ends_with(boot, machines[i].suffix))
			return &machines[i];
	return NULL;
}

static const struct known *known_of(const char *boot)
{
	for (size_t i = 0; known[i].boot; i++)
		if (!strcmp(known[i].boot, boot))
			return &known[i];
	return NULL;
}

static const struct mx_cmp_row *find_row(const struct mx_compare *c, const char *what)
{
	for (size_t i = 0; i < c->nrows; i++)
		if (!strcmp(c->rows[i].what, what))
			return &c->rows[i];
	return NULL;
}

/* The figures each boot must have on both sides. */
static const char *const required[] = {
	"physpages", "reserved", "MemTotal", "CmaTotal", "memmap allocation bytes", "kernel _stext",
	"DTB base", "DTB size",
};

/* A boot that never started a kernel: the checks must say the board does not boot. */
static int refused_boot(const char *boot, const struct mx_profile *p, const struct mx_ubootlog *u)
{
	struct mx_layout L;
	int bad = 0;
	bool said = false;

	mx_layout_init(&L);
	tu_compute(&L, p);
	for (size_t i = 0; i < L.diags.cnt; i++)
		if (L.diags.d[i].sev == MX_SEV_ERROR && L.diags.d[i].check &&
		    (!strcmp(L.diags.d[i].check, "lmb-full") || !strcmp(L.diags.d[i].check, "boot-loader-refused"))) {
			said = true;
			print_message("oracle-uboot %s: refused as U-Boot did (\"%s\"): [%s] %.160s...\n", boot,
				      u->failure, L.diags.d[i].check, L.diags.d[i].msg);
		}
	if (!said) {
		print_message("oracle-uboot %s: U-Boot stopped (\"%s\") but no check says the board does not "
			      "boot\n", boot, u->failure);
		bad++;
	}
	mx_layout_release(&L);
	return bad;
}

static int one_pass(const char *dir, const char *boot, int pass);

/*
 * The boot script's own addresses: "setenv oracle_kaddr 0x40200000" (the
 * scripts pass ${oracle_kaddr} ${oracle_rdaddr}:size ${oracle_fdtaddr} to
 * booti/bootz); a value that is another variable is the environment's.
 */
static void script_settings(const char *dir, const char *boot, struct mx_profile *p)
{
	static const struct {
		const char *var;
		size_t off;
	} vars[] = {
		{ "oracle_kaddr", offsetof(struct mx_bootloader, kernel_addr_r) },
		{ "oracle_rdaddr", offsetof(struct mx_bootloader, ramdisk_addr_r) },
		{ "oracle_fdtaddr", offsetof(struct mx_bootloader, fdt_addr_r) },
	};
	char path[2400], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/boot.cmd", dir, boot);
	if (!(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof(line), f)) {
		char name[64];
		unsigned long long v;

		if (sscanf(line, "setenv %63s 0x%llx", name, &v) != 2)
			continue;
		for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
			if (!strcmp(name, vars[i].var)) {
				struct mx_envaddr *e = (struct mx_envaddr *)((char *)&p->boot + vars[i].off);

				e->set = true;
				e->v = v;
			}
	}
	fclose(f);
}

static int one_boot(const char *dir, const char *boot)
{
	int bad = 0;

	for (int pass = 0; pass < 2; pass++)
		bad += one_pass(dir, boot, pass);
	return bad;
}

static int one_pass(const char *dir, const char *boot, int pass)
{
	const struct machine *m = machine_of(boot);
	char path[2400];
	struct mx_profile base, p;
	struct mx_import_opts o = { 0 };
	struct mx_diaglist d, facts;
	struct mx_layout L;
	struct mx_bootlog b;
	struct mx_ubootlog u;
	struct mx_compare c;
	const struct known *kn = known_of(boot);
	int bad = 0;

	if (!m) {
		print_message("oracle-uboot %s: no machine profile for it\n", boot);
		return 1;
	}
	mx_profile_init(&base);
	mx_profile_init(&p);
	mx_diaglist_init(&d);
	mx_diaglist_init(&facts);
	mx_layout_init(&L);
	mx_bootlog_init(&b);
	mx_ubootlog_init(&u);
	mx_compare_init(&c);
	tu_load_profile(&base, m->profile);
	assert_string_equal(mx_loader_name(base.boot.type), m->loader);
	o.base = &base;
	snprintf(path, sizeof(path), "%s/%s/dts", dir, boot);
	if (mx_profile_load_file(&p, path, &o, &d)) {
		print_message("oracle-uboot %s: %s did not import\n", boot, path);
		bad++;
		goto out;
	}
	snprintf(path, sizeof(path), "%s/%s/uboot.log", dir, boot);
	assert_int_equal(mx_ubootlog_parse_file(&u, path), 0);
	assert_true(mx_ubootlog_usable(&u));
	snprintf(path, sizeof(path), "%s/%s/console.log", dir, boot);
	assert_int_equal(mx_bootlog_parse_file(&b, path), 0);
	if (!mx_bootlog_usable(&b)) {
		if (pass)
			goto out;
		/* the kernel never ran: U-Boot's settings, then the checks must refuse the board */
		assert_false(u.started);
		assert_true(u.failure[0] != '\0');
		assert_true(mx_compare_adopt_boot(&p, &b, &u, MX_ADOPT_LOADER, &facts) >= 0);
		bad += refused_boot(boot, &p, &u);
		goto out;
	}
	assert_true(u.started);
	if (pass) {
		assert_true(mx_compare_adopt_boot(&p, &b, &u, MX_ADOPT_ALL, &facts) >= 0);
	} else {
		/* U-Boot's printed environment, then the arguments the script gave booti, then the rest */
		assert_true(mx_compare_adopt_boot(&p, &b, &u, MX_ADOPT_BOOTARGS | MX_ADOPT_LOADER, &facts) >= 0);
		script_settings(dir, boot, &p);
		assert_true(mx_compare_adopt_boot(&p, &b, &u, MX_ADOPT_MEMORY | MX_ADOPT_TREE, &facts) >= 0);
	}
	for (size_t i = 0; i < facts.cnt; i++) {
		const char *k = facts.d[i].check ? facts.d[i].check : "";
		const char *msg = facts.d[i].msg;

		print_message("oracle-uboot %s %c: %s\n", boot, "AB"[pass], msg);
		if (!strcmp(k, "boot-loader-calibration")) {
			print_message("oracle-uboot %s: a calibrated figure is not the base boot's\n", boot);
			bad++;
		}
		/* what U-Boot printed is predicted, never taken */
		if (!strcmp(k, "boot-loader-placement") &&
		    (!strncmp(msg, "the tree", 8) || (!strncmp(msg, "the initrd", 10) && u.ramdisk.has))) {
			print_message("oracle-uboot %s: a placement U-Boot printed was not predicted\n", boot);
			bad++;
		}
	}
	tu_compute(&L, &p);
	for (size_t i = 0; i < L.diags.cnt; i++)
		if (L.diags.d[i].check && (!strcmp(L.diags.d[i].check, "lmb-full") ||
					   !strcmp(L.diags.d[i].check, "boot-loader-refused"))) {
			print_message("oracle-uboot %s: booted, but [%s] %s\n", boot, L.diags.d[i].check,
				      L.diags.d[i].msg);
			bad++;
		}
	assert_int_equal(mx_compare_run(&c, &L, &p, &b), 0);
	for (size_t i = 0; i < c.nrows; i++) {
		const struct mx_cmp_row *r = &c.rows[i];

		if (!r->differs)
			continue;
		print_message("oracle-uboot %s: %s predicted %llu (%s) observed %llu (%s)\n", boot, r->what,
			      (unsigned long long)r->pred, r->pred_text, (unsigned long long)r->obs, r->obs_text);
		bad++;
	}
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		const struct mx_cmp_row *r = find_row(&c, required[i]);

		if (!r || !r->has_pred || !r->has_obs) {
			print_message("oracle-uboot %s: %s not compared\n", boot, required[i]);
			bad++;
		}
	}
	if (!find_row(&c, "initrd start") && !find_row(&c, "initrd start (page)")) {
		print_message("oracle-uboot %s: the initrd's place not compared\n", boot);
		bad++;
	}
	if (!strstr(b.cmdline, "cma=0") && !find_row(&c, "default CMA base")) {
		print_message("oracle-uboot %s: default CMA base not compared\n", boot);
		bad++;
	}
	print_message("oracle-uboot %-28s %c %-36s %zu figures, %zu differ\n", boot, "AB"[pass], m->profile,
		      c.nchecked, c.ndiff);
out:
	if (kn) {
		if (!bad) {
			print_message("oracle-uboot %s: listed as a known difference (%s) but it matches now\n",
				      boot, kn->mechanism);
			bad = 1;
		} else {
			print_message("oracle-uboot %s: KNOWN difference, not counted: %s\n", boot, kn->mechanism);
			bad = 0;
		}
	}
	mx_compare_release(&c);
	mx_ubootlog_release(&u);
	mx_bootlog_release(&b);
	mx_layout_release(&L);
	mx_diaglist_release(&facts);
	mx_diaglist_release(&d);
	mx_profile_release(&p);
	mx_profile_release(&base);
	return bad;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The boot folders (those with a uboot.log), sorted; the caller frees them. */
static size_t boots_of(const char *dir, char **names, size_t max)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (!dp)
		return 0;
	while ((e = readdir(dp)) && n < max) {
		char p[1400];
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s/uboot.log", dir, e->d_name);
		if (!(f = fopen(p, "r")))
			continue;
		fclose(f);
		names[n++] = strdup(e->d_name);
	}
	closedir(dp);
	qsort(names, n, sizeof(names[0]), cmp_str);
	return n;
}

static void every_boot_agrees(void **state)
{
	char dir[1024], *names[256];
	size_t n;
	int bad = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/oracle-uboot", MEMX_SHARED_DIR);
	if (!(n = boots_of(dir, names, 256))) {
		print_message("SKIPPED: %s is missing: the U-Boot boots were NOT compared\n", dir);
		tu_shared_missing(dir);
		return;
	}
	assert_true(n >= 12); /* the boots the README lists */
	for (size_t i = 0; i < n; i++) {
		bad += one_boot(dir, names[i]);
		free(names[i]);
	}
	assert_int_equal(bad, 0);
}

/* Each machine profile: no calibration item, and every value marked with its source. */
static void every_value_has_a_source(void **state)
{
	char dir[1024], *names[256];
	size_t n;
	int bad = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/oracle-uboot", MEMX_SHARED_DIR);
	n = boots_of(dir, names, 256);
	if (!n)
		print_message("NOTE: %s is missing: the marks are checked, the boot names are not\n", dir);
	for (size_t i = 0; i < sizeof(machines) / sizeof(machines[0]); i++) {
		char rel[256], *text;
		size_t len;
		struct mx_profile p;

		snprintf(rel, sizeof(rel), "profiles/%s", machines[i].profile);
		assert_int_equal(mx_file_read(tu_src_path(rel), &text, &len), 0);
		bad += tu_provenance_problems(machines[i].profile, text, machines[i].base, names, n);
		free(text);
		tu_load_profile(&p, machines[i].profile);
		assert_string_equal(p.kernel, "6.1");
		for (size_t k = 0; k < p.nearly; k++)
			assert_false(p.early[k].calibration);
		mx_profile_release(&p);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_value_has_a_source),
		cmocka_unit_test(every_boot_agrees),
	};

	return tu_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
