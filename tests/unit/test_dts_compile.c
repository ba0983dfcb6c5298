/*
 * test_dts_compile.c - the in-process DTS compiler (src/formats/dts_compile*.c)
 * against dtc itself: every blob it writes must equal dtc's byte for byte, and
 * whatever dtc refuses must be a fallback. Inline rules, each fallback reason,
 * a random differential, and every DTS memx can see (the shared corpus and
 * oracle trees with zero fallbacks).
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memx/dt.h"
#include "testutil.h"
#include "../../src/formats/dt_internal.h"

static bool have_dtc(void)
{
	return system("dtc --version > /dev/null 2>&1") == 0;
}

#define NEED_DTC()                                                                                  \
	do {                                                                                        \
		if (!have_dtc()) {                                                                  \
			print_message("SKIPPED: dtc is not installed; the compiler is untested here\n"); \
			skip();                                                                     \
		}                                                                                   \
	} while (0)

/* `dtc -q -I dts -O dtb` of @text: 0 and the blob (malloc'd), or 1 when dtc refuses it */
static int dtc_blob(const char *text, size_t len, unsigned char **blob, size_t *n)
{
	char in[] = "/tmp/memx-dtsc-XXXXXX", out[64], cmd[256];
	FILE *f;
	int fd = mkstemp(in), rc;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	snprintf(out, sizeof(out), "%s.dtb", in);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s 2> /dev/null", out, in);
	rc = system(cmd);
	unlink(in);
	*blob = NULL;
	*n = 0;
	if (rc) {
		unlink(out);
		return 1;
	}
	assert_non_null(f = fopen(out, "rb"));
	fseek(f, 0, SEEK_END);
	*n = (size_t)ftell(f);
	rewind(f);
	assert_non_null(*blob = malloc(*n + 1));
	assert_int_equal(fread(*blob, 1, *n, f), *n);
	fclose(f);
	unlink(out);
	return 0;
}

/* A mismatch's inputs and outputs, for `dtc -I dtb -O dts` and a diff */
static void dump(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f) {
		fwrite(p, 1, n, f);
		fclose(f);
	}
}

/*
 * Both ways: the in-process blob must equal dtc's, and a text dtc refuses
 * must be a fallback. Returns true when memx compiled it itself.
 */
static bool both(const char *name, const char *text, size_t len, const char **why)
{
	void *mine = NULL;
	unsigned char *ref = NULL;
	size_t mlen = 0, rlen = 0;
	const char *w = NULL;
	int rc = mxi_dts_compile(text, len, &mine, &mlen, &w);
	int d = dtc_blob(text, len, &ref, &rlen);

	if (why)
		*why = w;
	assert_true(rc == 0 || rc == MXI_DTS_FALLBACK);
	if (!rc) {
		if (d)
			fail_msg("%s: memx compiled a source dtc refuses", name);
		if (mlen != rlen || memcmp(mine, ref, mlen)) {
			size_t i = 0;

			while (i < mlen && i < rlen && ((unsigned char *)mine)[i] == ref[i])
				i++;
			dump("/tmp/memx-dtsc-mine.dtb", mine, mlen);
			dump("/tmp/memx-dtsc-dtc.dtb", ref, rlen);
			dump("/tmp/memx-dtsc-src.dts", text, len);
			fail_msg("%s: %zu bytes, dtc %zu; first difference at byte %zu", name, mlen, rlen, i);
		}
	}
	free(mine);
	free(ref);
	return !rc;
}

static bool ends(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/*
 * Every file of @dir (those ending in @suffix, or named `@suffix/dts` one
 * level down when @sub) both ways; the counts printed. Returns the number of
 * fallbacks, or -1 when @dir is missing.
 */
static int tree_files(const char *dir, const char *suffix, bool sub, int *files)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int fallbacks = 0;

	*files = 0;
	if (!dp)
		return -1;
	while ((e = readdir(dp))) {
		char path[8192];
		char *text;
		size_t len;
		const char *why;

		if (e->d_name[0] == '.' || (!sub && !ends(e->d_name, suffix)))
			continue;
		snprintf(path, sizeof(path), "%s/%s%s", dir, e->d_name, sub ? "/dts" : "");
		if (access(path, R_OK) || mx_file_read(path, &text, &len))
			continue;
		(*files)++;
		if (!both(path, text, len, &why)) {
			print_message("fallback: %s: %s\n", path, why ? why : "?");
			fallbacks++;
		}
		free(text);
	}
	closedir(dp);
	return fallbacks;
}

/* The shared corpus and every oracle tree: all compiled in-process, identical to dtc. */
static void shared_trees_identical(void **state)
{
	static const char *const dirs[][2] = {
		{ "corpus", ".dts" }, { "oracle", NULL }, { "oracle-uboot", NULL }, { "oracle-6.12", NULL },
	};
	int total = 0;

	(void)state;
	NEED_DTC();
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char dir[4096];
		int files, fb;

		snprintf(dir, sizeof(dir), "%s/%s", MEMX_SHARED_DIR, dirs[i][0]);
		fb = tree_files(dir, dirs[i][1] ? dirs[i][1] : "", !dirs[i][1], &files);
		if (fb < 0) {
			tu_shared_missing(dir);
			continue;
		}
		print_message("%s: %d files, %d fallbacks\n", dirs[i][0], files, fb);
		assert_int_equal(fb, 0);
		total += files;
	}
	if (total)
		assert_true(total >= 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shared_trees_identical),
	};

	return tu_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
