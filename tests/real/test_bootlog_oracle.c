/* test_bootlog_oracle.c - the boot-log reader on every real log (../shared/oracle, oracle-6.12, oracle-uboot):
 * figures, the same without the fixture's markers, a console log followed by its dmesg, damage, doubling */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"
#include "memx/bootlog.h"
#include "memx/buf.h"
#include "memx/types.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)


static void print_diags(const struct mx_bootlog *b)
{
	for (size_t i = 0; i < b->diags.cnt; i++)
		print_message("%s:%d:%d: %s\n", b->diags.d[i].file, b->diags.d[i].line,
			      b->diags.d[i].col, b->diags.d[i].msg);
}

/* ---- the real logs ------------------------------------------------------------- */

struct oracle {
	char name[128];
	const char *dir;       /* "oracle", "oracle-6.12", "oracle-uboot" */
	char *log, *json;
	size_t nlog;
};

/* The folders of real boots under MEMX_SHARED_DIR; the first is the reference set. */
static const char *const oracle_dirs[] = { "oracle", "oracle-6.12", "oracle-uboot" };
#define NDIRS (sizeof(oracle_dirs) / sizeof(oracle_dirs[0]))

static char *slurp(const char *path, size_t *n)
{
	char *t = NULL;
	size_t len = 0;

	if (mx_file_read(path, &t, &len))
		return NULL;
	if (n)
		*n = len;
	return t;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct oracle *)a)->name, ((const struct oracle *)b)->name);
}

/* Every MEMX_SHARED_DIR/@sub/<name>/ with a console.log and a summary.json; 0 when missing. */
static size_t oracle_load(const char *sub, struct oracle **out)
{
	char dir[1024], path[2048];
	struct oracle *v = NULL;
	size_t n = 0;
	struct dirent *e;
	DIR *dp;

	*out = NULL;
	snprintf(dir, sizeof(dir), "%s/%s", MEMX_SHARED_DIR, sub);
	if (!(dp = opendir(dir))) {
		fprintf(stderr, "SKIPPED: ../shared/%s missing (%s): those real boot logs were NOT read; "
				"only the inline logs were tested\n", sub, dir);
		return 0;
	}
	while ((e = readdir(dp))) {
		struct oracle o;

		if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof(o.name))
			continue;
		memset(&o, 0, sizeof(o));
		memcpy(o.name, e->d_name, strlen(e->d_name) + 1);
		o.dir = sub;
		snprintf(path, sizeof(path), "%s/%s/console.log", dir, e->d_name);
		if (!(o.log = slurp(path, &o.nlog)))
			continue;
		snprintf(path, sizeof(path), "%s/%s/summary.json", dir, e->d_name);
		if (!(o.json = slurp(path, NULL))) {
			free(o.log);
			continue;
		}
		v = realloc(v, (n + 1) * sizeof(*v));
		assert_non_null(v);
		v[n++] = o;
	}
	closedir(dp);
	if (!n)
		fprintf(stderr, "SKIPPED: ../shared/%s holds no boot (%s)\n", sub, dir);
	if (n)
		qsort(v, n, sizeof(*v), by_name);
	*out = v;
	return n;
}

/* A boot the kernel did not reach (ub-a64-1g-phone: U-Boot refused the tree; its log is empty). */
static bool booted(const struct oracle *o)
{
	return !strstr(o->json, "\"boot_ok\": false");
}

static void oracle_free(struct oracle *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].log);
		free(v[i].json);
	}
	free(v);
}

/*
 * A tiny ad-hoc reading of summary.json (no JSON library): the value after
 * "key" inside [s, e), and the bracketed value that follows a key.
 */
static bool js_u64(const char *s, const char *e, const char *key, uint64_t *v)
{
	size_t n = strlen(key);

	for (const char *p = s; p + n < e; p++)
		if (*p == '"' && !strncmp(p + 1, key, n) && p[n + 1] == '"' && p[n + 2] == ':') {
			*v = strtoull(p + n + 3, NULL, 10);
			return true;
		}
	return false;
}

static bool js_value(const char *js, const char *key, const char **s, const char **e)
{
	char k[128];
	const char *p;
	char open, close;
	int depth = 0;

	snprintf(k, sizeof(k), "\"%s\":", key);
	if (!(p = strstr(js, k)) || !(p = strpbrk(p + strlen(k), "{[")))
		return false;
	open = *p;
	close = open == '{' ? '}' : ']';
	for (const char *q = p; *q; q++) {
		if (*q == open)
			depth++;
		else if (*q == close && --depth == 0) {
			*s = p;
			*e = q + 1;
			return true;
		}
	}
	return false;
}

static size_t js_count(const char *s, const char *e, const char *needle)
{
	size_t n = 0, len = strlen(needle);

	for (const char *p = s; p + len <= e; p++)
		n += !strncmp(p, needle, len);
	return n;
}

/* memblock=debug lines of the console part (not the dmesg dump), counted by hand. */
static size_t count_ops(const struct oracle *o)
{
	const char *p = o->log, *end = o->log + o->nlog;
	bool dump = false;
	size_t n = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end, *q;

		if (!strncmp(p, "@@ORACLE-BEGIN dmesg", 20))
			dump = true;
		else if (!strncmp(p, "@@ORACLE-END", 12))
			dump = false;
		else if (!dump && *p == '[' && (q = memchr(p, ']', (size_t)(le - p))) && q + 2 < le &&
			 (!strncmp(q + 2, "memblock_", 9) || !strncmp(q + 2, "__memblock_", 11))) {
			q += 2;
			while (q < le && *q != ':' && *q != ' ')
				q++;
			if (q + 2 < le && q[0] == ':' && q[1] == ' ' && (q[2] == '[' || (q[2] >= '0' && q[2] <= '9')))
				n++;
		}
		p = le + 1;
	}
	return n;
}

/* The log as a user without the fixture has it: every "@@ORACLE" line left out. */
static char *strip_markers(const struct oracle *o, size_t *n)
{
	const char *p = o->log, *end = o->log + o->nlog;
	char *out = malloc(o->nlog + 1), *q = out;

	assert_non_null(out);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl + 1 : end;

		if ((size_t)(le - p) < 9 || memcmp(p, "@@ORACLE-", 9)) {
			memcpy(q, p, (size_t)(le - p));
			q += le - p;
		}
		p = le;
	}
	*n = (size_t)(q - out);
	return out;
}

/* The console part (before "@@ORACLE-START") and then the dmesg block's lines: a console log
 * with `dmesg` printed after it. */
static char *console_then_dmesg(const struct oracle *o, size_t *n)
{
	const char *start = strstr(o->log, "\n@@ORACLE-START"), *b = strstr(o->log, "\n@@ORACLE-BEGIN dmesg"), *e;
	char *out;

	assert_non_null(start);
	assert_non_null(b);
	assert_non_null(b = strchr(b + 1, '\n')); /* LF or CRLF */
	b++;
	assert_non_null(e = strstr(b, "\n@@ORACLE-END"));
	out = malloc((size_t)(start - o->log) + (size_t)(e - b) + 3);
	assert_non_null(out);
	memcpy(out, o->log, (size_t)(start - o->log) + 1);
	*n = (size_t)(start - o->log) + 1;
	memcpy(out + *n, b, (size_t)(e - b) + 1);
	*n += (size_t)(e - b) + 1;
	return out;
}

/* Notes that say a copy was read past. */
static size_t copy_notes(const struct mx_bootlog *b)
{
	size_t n = 0;

	for (size_t i = 0; i < b->diags.cnt; i++)
		n += b->diags.d[i].sev == MX_SEV_NOTE && strstr(b->diags.d[i].msg, "repeat kernel lines") != NULL;
	return n;
}

static void check_memline(const struct oracle *o, const struct mx_bootlog *b)
{
	const char *s, *e;
	uint64_t v;

	assert_true(js_value(o->json, "memory", &s, &e));
	assert_true(b->mem.present);
	assert_true(js_u64(s, e, "available_k", &v));
	assert_int_equal(b->mem.available_k, v);
	assert_true(js_u64(s, e, "total_k", &v));
	assert_int_equal(b->mem.total_k, v);
	assert_true(js_u64(s, e, "reserved_k", &v));
	assert_int_equal(b->mem.reserved_k, v);
	assert_true(js_u64(s, e, "cma_reserved_k", &v));
	assert_true(b->mem.has_cma);
	assert_int_equal(b->mem.cma_reserved_k, v);
	assert_true(js_u64(s, e, "kernel_code_k", &v));
	assert_int_equal(b->mem.code_k, v);
	assert_true(js_u64(s, e, "bss_k", &v));
	assert_int_equal(b->mem.bss_k, v);
	assert_int_equal(b->mem.has_highmem, js_u64(s, e, "highmem_k", &v));
	if (b->mem.has_highmem)
		assert_int_equal(b->mem.highmem_k, v);
}

static void check_oracle(const struct oracle *o, const struct mx_bootlog *b)
{
	const char *s, *e, *p;
	uint64_t v, base, end;
	size_t n = 0;

	assert_int_equal(mx_diaglist_count(&b->diags, MX_SEV_WARNING), 0);
	assert_int_equal(b->boots, 1);
	check_memline(o, b);
	/* "cma: Reserved" entries and their bases */
	assert_true(js_value(o->json, "cma_reserved", &s, &e));
	for (p = s; (p = strstr(p, "\"base\": \"")) && p < e; p++) {
		assert_true(n < b->ncma);
		assert_int_equal(b->cma[n].base, strtoull(p + 9, NULL, 16));
		assert_false(b->cma[n].failed);
		n++;
	}
	assert_int_equal(b->ncma, n);
	/* Freeing lines */
	assert_true(js_value(o->json, "freed_k", &s, &e));
	n = 0;
	for (p = s + 1; (p = memchr(p, '"', (size_t)(e - p))); n++) {
		const char *q = memchr(p + 1, '"', (size_t)(e - p - 1));

		assert_non_null(q);
		assert_true(n < b->nfreed);
		assert_int_equal(strlen(b->freed[n].what), (size_t)(q - p - 1));
		assert_memory_equal(b->freed[n].what, p + 1, (size_t)(q - p - 1));
		assert_int_equal(b->freed[n].kib, strtoull(q + 2, NULL, 10));
		p = q + 1;
	}
	assert_int_equal(b->nfreed, n);
	/* swiotlb when present */
	if ((p = strstr(o->json, "software IO TLB: mapped [mem 0x"))) {
		char *q;

		base = strtoull(p + 29, &q, 16);
		end = strtoull(q + 1, NULL, 16);
		assert_int_equal(b->nswiotlb, 1);
		assert_int_equal(b->swiotlb[0].base, base);
		assert_int_equal(b->swiotlb[0].size, end - base);
	} else {
		assert_int_equal(b->nswiotlb, 0);
	}
	/* memblock=debug operations, the tables and the dumps */
	assert_true(b->nops > 0);
	assert_int_equal(b->nops, count_ops(o));
	assert_true(b->has_dbg_reserved && b->ndbg_reserved > 0);
	assert_true(js_value(o->json, "memblock_reserved", &s, &e));
	assert_int_equal(b->ndbg_reserved, js_count(s, e, "..0x"));
	assert_true(js_value(o->json, "memblock_memory", &s, &e));
	assert_int_equal(b->ndbg_memory, js_count(s, e, "..0x"));
	assert_true(b->has_dump);
	/* oracle-6.12's summaries have no zone block */
	if (js_value(o->json, "zone_ranges_block", &s, &e)) {
		assert_int_equal(b->nnode_ranges, js_count(s, e, "\"  node "));
		assert_int_equal(b->nzones, js_count(s, e, "\"  ") - b->nnode_ranges);
	} else {
		assert_true(strcmp(o->dir, "oracle"));
	}
	assert_true(js_u64(o->json, o->json + strlen(o->json), "total_pages", &v));
	assert_int_equal(b->total_pages, v);
	assert_true(js_value(o->json, "meminfo", &s, &e));
	assert_true(js_u64(s, e, "MemTotal", &end));
	assert_true(mx_bootlog_meminfo_get(b, "MemTotal", &v));
	assert_int_equal(v, end);
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Parse @text and hold it to @o's summary: the figures, one boot, and its dmesg copy read past. */
static void parse_checked(const struct oracle *o, const char *text, size_t len, const char *how)
{
	struct mx_bootlog b;
	double t0 = now_ms(), t1;

	mx_bootlog_init(&b);
	assert_int_equal(mx_bootlog_parse(&b, text, len, o->name), 0);
	t1 = now_ms();
	print_message("%-12s %-28s %-10s %7zu bytes %6.2f ms: Memory line %" PRIu64 "K/%" PRIu64 "K, %zu ops\n",
		      o->dir, o->name, how, len, t1 - t0, b.mem.available_k, b.mem.total_k, b.nops);
	print_diags(&b);
	if (!booted(o)) {
		/* nothing the kernel printed: one error says so */
		assert_false(mx_bootlog_usable(&b));
		assert_int_equal(b.diags.cnt, 1);
		assert_int_equal(b.diags.d[0].sev, MX_SEV_ERROR);
	} else {
		check_oracle(o, &b);
		assert_int_equal(copy_notes(&b), 1);
	}
	mx_bootlog_release(&b);
}

/* Every real log as it is: the figures of its summary.json, its dmesg copy found by content. */
static void oracle_logs(void **state)
{
	(void)state;
	for (size_t k = 0; k < NDIRS; k++) {
		struct oracle *o;
		size_t n = oracle_load(oracle_dirs[k], &o);

		for (size_t i = 0; i < n; i++)
			parse_checked(&o[i], o[i].log, o[i].nlog, "as is");
		oracle_free(o, n);
	}
}

/*
 * The reader knows nothing of the fixture's "@@ORACLE" markers: without them
 * every log reads the same (meminfo, the debugfs tables and the dmesg copy
 * found by their content), and so does a console log with `dmesg` after it.
 */
static void oracle_logs_without_markers(void **state)
{
	(void)state;
	for (size_t k = 0; k < NDIRS; k++) {
		struct oracle *o;
		size_t n = oracle_load(oracle_dirs[k], &o);

		for (size_t i = 0; i < n; i++) {
			size_t len;
			char *t = strip_markers(&o[i], &len);

			parse_checked(&o[i], t, len, "no markers");
			if (!booted(&o[i])) {
				free(t);
				continue;
			}
			{
				/* and twice: the second log is a copy of the first, boot and dmesg alike */
				struct mx_bootlog b;
				char *two = malloc(2 * len);

				assert_non_null(two);
				memcpy(two, t, len);
				memcpy(two + len, t, len);
				mx_bootlog_init(&b);
				assert_int_equal(mx_bootlog_parse(&b, two, 2 * len, o[i].name), 0);
				print_diags(&b);
				assert_int_equal(b.boots, 1);
				assert_int_equal(mx_diaglist_count(&b.diags, MX_SEV_WARNING), 0);
				check_memline(&o[i], &b);
				assert_int_equal(b.nops, count_ops(&o[i]));
				mx_bootlog_release(&b);
				free(two);
			}
			free(t);
			t = console_then_dmesg(&o[i], &len);
			{
				struct mx_bootlog b;

				mx_bootlog_init(&b);
				assert_int_equal(mx_bootlog_parse(&b, t, len, o[i].name), 0);
				print_diags(&b);
				assert_int_equal(b.boots, 1);
				assert_int_equal(copy_notes(&b), 1);
				assert_int_equal(mx_diaglist_count(&b.diags, MX_SEV_WARNING), 0);
				check_memline(&o[i], &b);
				assert_int_equal(b.nops, count_ops(&o[i]));
				mx_bootlog_release(&b);
			}
			free(t);
		}
		oracle_free(o, n);
	}
}

/*
 * Every real log in one file, as is and without markers: each boot is a
 * boot (many of them print the same first lines at the same times), each
 * dmesg a copy; the record is the last boot's.
 */
static void oracle_logs_concatenated(void **state)
{
	struct oracle *all[NDIRS], *last = NULL;
	size_t n[NDIRS], booted_n = 0;
	struct mx_buf t, u;

	(void)state;
	mx_buf_init(&t);
	mx_buf_init(&u);
	for (size_t k = 0; k < NDIRS; k++) {
		n[k] = oracle_load(oracle_dirs[k], &all[k]);
		for (size_t i = 0; i < n[k]; i++) {
			size_t len;
			char *s = strip_markers(&all[k][i], &len);

			mx_buf_add(&t, all[k][i].log, all[k][i].nlog);
			mx_buf_add(&u, s, len);
			free(s);
			if (booted(&all[k][i])) {
				booted_n++;
				last = &all[k][i];
			}
		}
	}
	assert_false(t.failed || u.failed);
	for (int pass = 0; last && pass < 2; pass++) {
		const struct mx_buf *in = pass ? &u : &t;
		struct mx_bootlog b;
		double t0 = now_ms();

		mx_bootlog_init(&b);
		assert_int_equal(mx_bootlog_parse(&b, in->buf, in->len, "all.log"), 0);
		print_message("%zu logs in one, %s: %zu bytes in %.1f ms, %d boots\n", booted_n,
			      pass ? "no markers" : "as is", in->len, now_ms() - t0, b.boots);
		assert_int_equal(b.boots, booted_n);
		assert_int_equal(mx_diaglist_count(&b.diags, MX_SEV_WARNING), 0);
		check_memline(last, &b);
		assert_int_equal(b.nops, count_ops(last));
		mx_bootlog_release(&b);
	}
	for (size_t k = 0; k < NDIRS; k++)
		oracle_free(all[k], n[k]);
	mx_buf_release(&t);
	mx_buf_release(&u);
}

static bool same_memline(const struct mx_bootlog_memline *a, const struct mx_bootlog_memline *b)
{
	return a->present == b->present && a->available_k == b->available_k && a->total_k == b->total_k &&
	       a->code_k == b->code_k && a->rwdata_k == b->rwdata_k && a->rodata_k == b->rodata_k &&
	       a->init_k == b->init_k && a->bss_k == b->bss_k && a->reserved_k == b->reserved_k &&
	       a->cma_reserved_k == b->cma_reserved_k && a->has_cma == b->has_cma &&
	       a->highmem_k == b->highmem_k && a->has_highmem == b->has_highmem;
}

static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/*
 * Damaged copies of every real log: no crash (the CI runs this under ASan
 * and UBSan) and no wrong confident answer.
 */
static void oracle_fuzz(void **state)
{
	struct oracle *o;
	size_t n = oracle_load("oracle", &o), parses = 0;
	double t0 = now_ms();

	(void)state;
	for (size_t i = 0; i < n; i++) {
		struct mx_bootlog orig, b;
		size_t len = o[i].nlog;
		char *buf = malloc(2 * len + 1);

		assert_non_null(buf);
		mx_bootlog_init(&orig);
		mx_bootlog_init(&b);
		assert_int_equal(mx_bootlog_parse(&orig, o[i].log, len, o[i].name), 0);
		assert_true(orig.mem.present);
		/* (a) ~200 random bytes changed: anything goes but a crash or a Memory line of nothing */
		for (int k = 0; k < 20; k++, parses++) {
			memcpy(buf, o[i].log, len);
			for (int f = 0; f < 200; f++)
				buf[rnd() % len] ^= (char)(1 + rnd() % 255);
			assert_int_equal(mx_bootlog_parse(&b, buf, len, o[i].name), 0);
			if (b.mem.present)
				assert_true(b.mem.total_k > 0);
		}
		/* (b) cut at every 4 KiB: the Memory line is absent or right */
		for (size_t cut = 4096; cut < len; cut += 4096, parses++) {
			assert_int_equal(mx_bootlog_parse(&b, o[i].log, cut, o[i].name), 0);
			if (b.mem.present && !same_memline(&b.mem, &orig.mem))
				fail_msg("%s cut at %zu: Memory line %" PRIu64 "K/%" PRIu64 "K, not %" PRIu64
					 "K/%" PRIu64 "K", o[i].name, cut, b.mem.available_k, b.mem.total_k,
					 orig.mem.available_k, orig.mem.total_k);
		}
		/* (c) the log twice: the same Memory line */
		memcpy(buf, o[i].log, len);
		memcpy(buf + len, o[i].log, len);
		assert_int_equal(mx_bootlog_parse(&b, buf, 2 * len, o[i].name), 0);
		parses++;
		assert_true(same_memline(&b.mem, &orig.mem));
		assert_int_equal(b.nops, orig.nops);
		assert_int_equal(b.nfreed, orig.nfreed);
		mx_bootlog_release(&b);
		mx_bootlog_release(&orig);
		free(buf);
	}
	if (n)
		print_message("%zu damaged logs parsed in %.0f ms\n", parses, now_ms() - t0);
	oracle_free(o, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(oracle_logs),
		cmocka_unit_test(oracle_logs_without_markers),
		cmocka_unit_test(oracle_logs_concatenated),
		cmocka_unit_test(oracle_fuzz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
