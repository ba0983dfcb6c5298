/* test_bootlog_oracle.c - the boot-log reader on every ../shared/oracle log: figures, damage, doubling */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"
#include "memx/bootlog.h"
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
	char *log, *json;
	size_t nlog;
};

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

/* Every MEMX_SHARED_DIR/oracle/<name>/ with a console.log and a summary.json; 0 when missing. */
static size_t oracle_load(struct oracle **out)
{
	char dir[1024], path[2048];
	struct oracle *v = NULL;
	size_t n = 0;
	struct dirent *e;
	DIR *dp;

	*out = NULL;
	snprintf(dir, sizeof(dir), "%s/oracle", MEMX_SHARED_DIR);
	if (!(dp = opendir(dir))) {
		fprintf(stderr, "SKIPPED: ../shared/oracle missing (%s): the real boot logs were NOT read; "
				"only the inline logs were tested\n", dir);
		return 0;
	}
	while ((e = readdir(dp))) {
		struct oracle o;

		if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof(o.name))
			continue;
		memset(&o, 0, sizeof(o));
		memcpy(o.name, e->d_name, strlen(e->d_name) + 1);
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
		fprintf(stderr, "SKIPPED: ../shared/oracle holds no boot (%s)\n", dir);
	if (n)
		qsort(v, n, sizeof(*v), by_name);
	*out = v;
	return n;
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
	assert_true(js_value(o->json, "zone_ranges_block", &s, &e));
	assert_int_equal(b->nnode_ranges, js_count(s, e, "\"  node "));
	assert_int_equal(b->nzones, js_count(s, e, "\"  ") - b->nnode_ranges);
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

static void oracle_logs(void **state)
{
	struct oracle *o;
	size_t n = oracle_load(&o);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		struct mx_bootlog b;
		double t0 = now_ms(), t1;

		mx_bootlog_init(&b);
		assert_int_equal(mx_bootlog_parse(&b, o[i].log, o[i].nlog, o[i].name), 0);
		t1 = now_ms();
		print_message("%-20s %7zu bytes %6.2f ms: Memory line %" PRIu64 "K/%" PRIu64 "K, %zu ops\n",
			      o[i].name, o[i].nlog, t1 - t0, b.mem.available_k, b.mem.total_k, b.nops);
		print_diags(&b);
		check_oracle(&o[i], &b);
		mx_bootlog_release(&b);
	}
	oracle_free(o, n);
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
	size_t n = oracle_load(&o), parses = 0;
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
		cmocka_unit_test(oracle_fuzz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
