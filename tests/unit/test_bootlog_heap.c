/*
 * test_bootlog_heap.c - the boot-log reader's heap and time on a big log: about the log's own size,
 * linear in it
 *
 * The engine's malloc family is wrapped at link time (tests/CMakeLists.txt:
 * -Wl,--wrap=malloc,...), so every byte the reader holds is counted, with
 * its peak. The log is made here: many boots of an arm64-like kernel
 * (hundreds of identical early page-table allocations, as real logs print),
 * each followed by its `dmesg` copy, and then the whole log again, a copy of
 * every boot.
 */
#include <inttypes.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "memx/bootlog.h"
#include "memx/buf.h"
#include "memx/types.h"
#include "bootlog_internal.h" /* mxi_bl_touch_hook */

/* What struct mx_bootlog_memop keeps of fn and caller (the bytes before the NUL). */
#define MX_TEST_FN_KEPT 39
#define MX_TEST_CALLER_KEPT 47

/* ---- a counting allocator ------------------------------------------------------ */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t sz);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);

static size_t heap_now, heap_peak;

static void heap_add(void *p)
{
	if (!p)
		return;
	heap_now += malloc_usable_size(p);
	if (heap_now > heap_peak)
		heap_peak = heap_now;
}

static void heap_sub(void *p)
{
	size_t n = p ? malloc_usable_size(p) : 0;

	heap_now = heap_now > n ? heap_now - n : 0; /* a block from before the count began */
}

void *__wrap_malloc(size_t n)
{
	void *p = __real_malloc(n);

	heap_add(p);
	return p;
}

void *__wrap_calloc(size_t n, size_t sz)
{
	void *p = __real_calloc(n, sz);

	heap_add(p);
	return p;
}

void *__wrap_realloc(void *p, size_t n)
{
	size_t old = p ? malloc_usable_size(p) : 0;
	void *q = __real_realloc(p, n);

	if (q || !n) {
		heap_now = heap_now > old ? heap_now - old : 0;
		heap_add(q);
	}
	return q;
}

void __wrap_free(void *p)
{
	heap_sub(p);
	__real_free(p);
}

char *__wrap_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = __wrap_malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

/* Start counting from what is held now: the peak is what comes on top. */
static size_t heap_mark(void)
{
	heap_peak = heap_now;
	return heap_now;
}

/* ---- the log --------------------------------------------------------------------- */

static uint64_t rnd_state = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static void ts(struct mx_buf *t, uint64_t us)
{
	mx_buf_addf(t, "[%5" PRIu64 ".%06" PRIu64 "] ", us / 1000000, us % 1000000);
}

/* Boot @i: its lines start at @i * 100 s (the first 0.4 s at one time, as early boot prints). */
static void add_boot(struct mx_buf *t, unsigned i)
{
	uint64_t t0 = (uint64_t)i * 100000000;

	ts(t, t0);
	mx_buf_adds(t, "Booting Linux on physical CPU 0x0000000000 [0x411fd070]\n");
	ts(t, t0);
	mx_buf_adds(t, "Linux version 6.1.0-50-arm64 (debian-kernel@lists.debian.org) (gcc-12) #1 SMP Debian\n");
	for (unsigned k = 0; k < 300; k++) {
		ts(t, t0);
		mx_buf_adds(t, "memblock_phys_alloc_range: 4096 bytes align=0x1000 from=0x0000000000000000 "
			       "max_addr=0x0000000000000001 early_pgtable_alloc+0x2c/0xb0\n");
		ts(t, t0);
		mx_buf_addf(t, "memblock_reserve: [0x%016x-0x%016x] memblock_alloc_range_nid+0xe8/0x17c\n",
			    0x5ffff000 - k * 0x1000, 0x5fffffff - k * 0x1000);
	}
	ts(t, t0);
	mx_buf_addf(t, "Memory: %uK/524288K available (13248K kernel code, 2806K rwdata, 9504K rodata, 6464K "
		       "init, 627K bss, 44068K reserved, 65536K cma-reserved)\n", 98324 + i);
	for (unsigned k = 0; k < 400; k++) {
		ts(t, t0 + 400000 + k * 1000 + rnd() % 1000);
		mx_buf_addf(t, "random: driver %u says %016" PRIx64 "\n", k, rnd());
	}
	ts(t, t0 + 1278896);
	mx_buf_adds(t, "Freeing unused kernel memory: 6464K\n");
}

/* Boots, each with its dmesg after it, to @size bytes; *@nboots boots. */
static void make_log(struct mx_buf *t, size_t size, unsigned *nboots)
{
	struct mx_buf boot;

	mx_buf_init(&boot);
	for (*nboots = 0; t->len < size; ++*nboots) {
		mx_buf_clear(&boot);
		add_boot(&boot, *nboots);
		mx_buf_add(t, boot.buf, boot.len);
		mx_buf_adds(t, "/ # cat /proc/meminfo\nMemTotal:         487648 kB\nMemFree:          465596 kB\n"
			       "/ # dmesg\n");
		mx_buf_add(t, boot.buf, boot.len);
		mx_buf_adds(t, "/ # \n");
	}
	mx_buf_release(&boot);
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void check_record(const struct mx_bootlog *b, unsigned nboots)
{
	assert_int_equal(b->boots, nboots);
	assert_true(b->mem.present);
	assert_int_equal(b->mem.available_k, 98324 + nboots - 1);
	assert_int_equal(b->nops, 600);
	assert_int_equal(b->nfreed, 1);
	assert_int_equal(mx_diaglist_count(&b->diags, MX_SEV_WARNING), 0);
}

/*
 * The reader's own heap on a big log (the log, then the log again): a few
 * percent of the log, not a record of every line. Before the change it
 * kept 40 bytes and two to four hash slots per line read.
 */
static void heap_of_parse(void **state)
{
	struct mx_bootlog b;
	struct mx_buf t;
	unsigned nboots;
	size_t base, peak;
	char *copy;

	(void)state;
	mx_buf_init(&t);
	make_log(&t, 8 << 20, &nboots);
	assert_non_null(copy = malloc(t.len));
	memcpy(copy, t.buf, t.len);
	mx_buf_add(&t, copy, t.len);
	free(copy);
	assert_false(t.failed);
	mx_bootlog_init(&b);
	base = heap_mark();
	assert_int_equal(mx_bootlog_parse(&b, t.buf, t.len, "big.log"), 0);
	peak = heap_peak - base;
	print_message("%zu bytes, %u boots, each with its dmesg, then all again: peak heap %zu bytes "
		      "(%.1f%% of the log), %zu held by the record\n", t.len, nboots, peak,
		      100.0 * (double)peak / (double)t.len, heap_now - base);
	check_record(&b, nboots);
	assert_true(peak < t.len / 16);
	mx_bootlog_release(&b);
	mx_buf_release(&t);
}

/* mx_bootlog_parse_file(): the file's bytes once, not a buffer that doubled. */
static void heap_of_parse_file(void **state)
{
	char path[] = "/tmp/memx-bootlog-heap-XXXXXX";
	struct mx_bootlog b;
	struct mx_buf t;
	unsigned nboots;
	size_t base, peak;
	FILE *f;
	int fd;

	(void)state;
	mx_buf_init(&t);
	/* just over a power of two: a doubling buffer would be twice the file */
	make_log(&t, (8 << 20) + 1, &nboots);
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "wb"));
	assert_int_equal(fwrite(t.buf, 1, t.len, f), t.len);
	assert_int_equal(fclose(f), 0);
	mx_bootlog_init(&b);
	base = heap_mark();
	assert_int_equal(mx_bootlog_parse_file(&b, path), 0);
	peak = heap_peak - base;
	unlink(path);
	print_message("%zu-byte file, %u boots: peak heap %zu bytes (%.2f times the file)\n", t.len, nboots,
		      peak, (double)peak / (double)t.len);
	check_record(&b, nboots);
	assert_true(peak < t.len + t.len / 8);
	mx_bootlog_release(&b);
	mx_buf_release(&t);
}

/* ---- issue 15: a log never costs more memory than its file ------------------------ */

/* Write @t to a new temporary file; its name into @path (mkstemp template). */
static void write_temp(char *path, const struct mx_buf *t)
{
	FILE *f;
	int fd;

	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "wb"));
	assert_int_equal(fwrite(t->buf, 1, t->len, f), t->len);
	assert_int_equal(fclose(f), 0);
}

static void same_op(const struct mx_bootlog_memop *a, const struct mx_bootlog_memop *e)
{
	assert_int_equal(a->op, e->op);
	assert_string_equal(a->fn, e->fn);
	assert_string_equal(a->caller, e->caller);
	assert_int_equal(a->base, e->base);
	assert_int_equal(a->size, e->size);
	assert_int_equal(a->align, e->align);
	assert_int_equal(a->from, e->from);
	assert_int_equal(a->max_addr, e->max_addr);
	assert_int_equal(a->nid, e->nid);
	assert_int_equal(a->line, e->line);
}

/* The record of the file read in place is the record of the whole text in a buffer. */
static void same_record(const struct mx_bootlog *a, const struct mx_bootlog *b)
{
	struct mx_bootlog_memop x, y;

	assert_int_equal(a->boots, b->boots);
	assert_int_equal(a->boot_line, b->boot_line);
	assert_int_equal(a->mem.present, b->mem.present);
	assert_int_equal(a->mem.available_k, b->mem.available_k);
	assert_int_equal(a->diags.cnt, b->diags.cnt);
	for (size_t i = 0; i < a->diags.cnt; i++) {
		assert_int_equal(a->diags.d[i].line, b->diags.d[i].line);
		assert_string_equal(a->diags.d[i].msg, b->diags.d[i].msg);
	}
	assert_int_equal(a->nops, b->nops);
	for (size_t i = 0; i < a->nops; i++) {
		assert_true(mx_bootlog_op(a, i, &x));
		assert_true(mx_bootlog_op(b, i, &y));
		same_op(&x, &y);
	}
	assert_false(mx_bootlog_op(a, a->nops, &x));
}

/*
 * Parse @t from a file (peak heap on top of what is held now, into *@peak)
 * and from a buffer, and check both records are the same. @a is left with
 * the file's record.
 */
static void parse_both(struct mx_bootlog *a, const struct mx_buf *t, size_t *peak)
{
	char path[] = "/tmp/memx-bootlog-mem-XXXXXX";
	struct mx_bootlog b;
	size_t base;

	write_temp(path, t);
	mx_bootlog_init(a);
	mx_bootlog_init(&b);
	base = heap_mark();
	assert_int_equal(mx_bootlog_parse_file(a, path), 0);
	*peak = heap_peak - base;
	unlink(path);
	assert_int_equal(mx_bootlog_parse(&b, t->buf, t->len, path), 0);
	same_record(a, &b);
	mx_bootlog_release(&b);
}

static const char *const range_fns[] = {
	"memblock_add", "memblock_remove", "memblock_reserve", "memblock_phys_free", "memblock_mark_nomap",
	"memblock_clear_nomap", "memblock_set_node", "__memblock_free_late",
};
static const enum mx_bootlog_op range_ops[] = {
	MX_BLOP_ADD, MX_BLOP_REMOVE, MX_BLOP_RESERVE, MX_BLOP_FREE, MX_BLOP_MARK_NOMAP,
	MX_BLOP_CLEAR_NOMAP, MX_BLOP_OTHER, MX_BLOP_FREE,
};

/*
 * memblock=debug lines of every form with random numbers, callers from a
 * few hundred (and a new one every seventh line, and names too long to
 * keep whole), and the record they must give, into @e (@ne ops): what the
 * encoded store must give back exactly.
 */
static void make_ops_log(struct mx_buf *t, size_t size, struct mx_bootlog_memop **e, size_t *ne,
			 struct mx_buf *names)
{
	size_t max = 0, *at = NULL;
	int line = 0;

	*e = NULL;
	*ne = 0;
	mx_buf_adds(t, "[    0.000000] Linux version 6.1.0-50-arm64 (gcc-12) #1 SMP Debian\n");
	line++;
	for (unsigned i = 0; t->len < size; i++) {
		struct mx_bootlog_memop *o;
		char caller[80], fn[80];
		unsigned k = (unsigned)(rnd() % 16);
		uint64_t us = (uint64_t)i * 7;

		if (i % 10 == 9) {
			mx_buf_addf(t, "[%5" PRIu64 ".%06" PRIu64 "] random: noise %u\n", us / 1000000, us % 1000000, i);
			line++;
			continue;
		}
		if (*ne == max) {
			max = max ? 2 * max : 1024;
			assert_non_null(*e = realloc(*e, max * sizeof(**e)));
			assert_non_null(at = realloc(at, max * 2 * sizeof(*at)));
		}
		o = &(*e)[(*ne)++];
		memset(o, 0, sizeof(*o));
		o->nid = -1;
		o->line = ++line;
		if (i % 7 == 3)
			snprintf(caller, sizeof(caller), "u%x_%u", (unsigned)rnd(), i);
		else if (k == 15)
			snprintf(caller, sizeof(caller), "a_caller_whose_name_is_longer_than_the_record_keeps_%u", i % 3);
		else
			snprintf(caller, sizeof(caller), "caller_%u", (unsigned)(rnd() % 300));
		if (k < 8) {
			uint64_t base = rnd() >> (rnd() % 64), sz = (rnd() >> (rnd() % 64)) | 1;

			if (base + sz - 1 < base)
				base = 0;
			o->op = range_ops[k];
			snprintf(fn, sizeof(fn), "%s", range_fns[k]);
			o->base = base;
			o->size = sz;
			mx_buf_addf(t, "[%5" PRIu64 ".%06" PRIu64 "] %s: [0x%016" PRIx64 "-0x%016" PRIx64 "] %s+0x1c/0x60\n",
				    us / 1000000, us % 1000000, fn, base, base + sz - 1, caller);
		} else if (k < 12) {
			o->op = MX_BLOP_ALLOC;
			snprintf(fn, sizeof(fn), "memblock_alloc_try_nid");
			o->size = rnd() >> (rnd() % 64);
			o->align = (uint64_t)1 << (rnd() % 64);
			o->nid = (int)(rnd() % 5) - 1;
			o->from = rnd() >> (rnd() % 64);
			o->max_addr = rnd();
			mx_buf_addf(t, "[%5" PRIu64 ".%06" PRIu64 "] %s: %" PRIu64 " bytes align=0x%" PRIx64 " nid=%d "
				    "from=0x%016" PRIx64 " max_addr=0x%016" PRIx64 " %s+0x2c/0xb0\n", us / 1000000,
				    us % 1000000, fn, o->size, o->align, o->nid, o->from, o->max_addr, caller);
		} else if (k < 14) {
			/* no timestamp, no nid */
			o->op = MX_BLOP_ALLOC;
			snprintf(fn, sizeof(fn), "memblock_phys_alloc_range");
			o->size = 4096;
			o->align = 0x1000;
			o->max_addr = 1;
			mx_buf_addf(t, "%s: 4096 bytes align=0x1000 from=0x0 max_addr=0x1 %s\n", fn, caller);
		} else {
			/* a function name too long to keep whole (an "other" op), no caller */
			o->op = MX_BLOP_OTHER;
			snprintf(fn, sizeof(fn), "memblock_a_function_with_a_very_long_name_%u", i % 5);
			o->base = 0x1000;
			o->size = 0x1000;
			mx_buf_addf(t, "%s: [0x1000-0x1fff]\n", fn);
			caller[0] = 0;
		}
		/* the record keeps 39 and 47 bytes */
		fn[MX_TEST_FN_KEPT] = 0;
		caller[MX_TEST_CALLER_KEPT] = 0;
		at[2 * (*ne - 1)] = names->len;
		mx_buf_add(names, fn, strlen(fn) + 1);
		at[2 * (*ne - 1) + 1] = names->len;
		mx_buf_add(names, caller, strlen(caller) + 1);
	}
	assert_false(names->failed);
	for (size_t i = 0; i < *ne; i++) {
		(*e)[i].fn = names->buf + at[2 * i];
		(*e)[i].caller = names->buf + at[2 * i + 1];
	}
	free(at);
}

/*
 * Every form of memblock=debug line, read from a file: the peak heap is
 * under the file's size (before issue 15: the file's size, plus 144 bytes
 * per operation), and every operation comes back exactly as printed.
 */
static void ops_file_under_its_size(void **state)
{
	struct mx_bootlog_memop *e, o;
	struct mx_bootlog a;
	struct mx_buf t, names;
	size_t ne, peak;

	(void)state;
	mx_buf_init(&t);
	mx_buf_init(&names);
	make_ops_log(&t, 3 << 20, &e, &ne, &names);
	assert_false(t.failed);
	parse_both(&a, &t, &peak);
	print_message("%zu bytes, %zu memblock=debug lines: peak heap %zu bytes (%.1f%% of the file)\n", t.len,
		      ne, peak, 100.0 * (double)peak / (double)t.len);
	assert_int_equal(a.nops, ne);
	for (size_t i = 0; i < ne; i++) {
		assert_true(mx_bootlog_op(&a, i, &o));
		same_op(&o, &e[i]);
	}
	/* backwards too: any operation from its checkpoint */
	for (size_t i = ne; i-- > 0;) {
		assert_true(mx_bootlog_op(&a, i, &o));
		assert_int_equal(o.line, e[i].line);
	}
	assert_true(peak < t.len / 2);
	mx_bootlog_release(&a);
	free(e);
	mx_buf_release(&names);
	mx_buf_release(&t);
}

/*
 * The worst logs for each thing the reader keeps, from a file: the shortest
 * op line the reader accepts (19 bytes), timestamped or not, op lines that
 * name a new function and a new caller each, a log whose time goes back on
 * every line (every line a run whose first line the copy index wants),
 * many short boots each followed by its copy. Peak heap under the file.
 */
static void worst_logs_under_their_size(void **state)
{
	static const char *const what[] = {
		"shortest op lines", "shortest timestamped op lines", "a new function and caller per op",
		"time going back on every line", "short boots each with its copy",
	};

	(void)state;
	for (unsigned w = 0; w < sizeof(what) / sizeof(what[0]); w++) {
		struct mx_bootlog a;
		struct mx_buf t;
		size_t peak;

		mx_buf_init(&t);
		for (unsigned i = 0; t.len < (2u << 20); i++) {
			switch (w) {
			case 0:
				mx_buf_adds(&t, "memblock_: 0 bytes\n");
				break;
			case 1:
				mx_buf_adds(&t, "[0] memblock_: 0 bytes\n");
				break;
			case 2:
				mx_buf_addf(&t, "memblock_%x: 0 bytes %x\n", i, i);
				break;
			case 3:
				mx_buf_addf(&t, "[%u] x\n", 10000000 - i);
				break;
			default:
				for (int copy = 0; copy < 2; copy++)
					mx_buf_addf(&t, "[%u.000000] Linux version 6.1\n[%u.000001] memblock_reserve: "
						    "[0x0-0xfff] x\n[%u.000002] Memory: 1K/2K available\n", i, i, i);
				break;
			}
		}
		assert_false(t.failed);
		parse_both(&a, &t, &peak);
		print_message("%s: %zu bytes, peak heap %zu bytes (%.1f%% of the file)\n", what[w], t.len, peak,
			      100.0 * (double)peak / (double)t.len);
		assert_true(peak < t.len);
		mx_bootlog_release(&a);
		mx_buf_release(&t);
	}
}

#if defined(__SANITIZE_ADDRESS__)
#define MX_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MX_TEST_ASAN 1
#endif
#endif

/* A field of /proc/self/status in kB, or -1. */
static long status_kb(const char *name)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, strlen(name)) && line[strlen(name)] == ':')
			v = strtol(line + strlen(name) + 1, NULL, 10);
	fclose(f);
	return v;
}

/*
 * The whole of it: heap and mapped pages. Linux's peak resident size
 * (VmHWM, reset through /proc/self/clear_refs) while a 16 MiB log of one
 * boot, nearly all memblock=debug lines, is read from its file grows by
 * less than the file. (16 MiB: the system may map the file in 2 MiB folios,
 * see bootlog_file.c.) Skipped where that cannot be measured (not Linux,
 * AddressSanitizer's shadow memory, valgrind).
 */
#define RSS_LOG (16u << 20)
static void rss_of_parse_file(void **state)
{
	char path[] = "/tmp/memx-bootlog-rss-XXXXXX";
	const char *pre = getenv("LD_PRELOAD");
	struct mx_bootlog b;
	struct mx_buf t;
	long before = 0, peak = 0;
	FILE *f;

	(void)state;
#ifdef MX_TEST_ASAN
	print_message("SKIPPED: resident size under AddressSanitizer\n");
	skip();
#endif
	if (pre && strstr(pre, "vgpreload")) {
		print_message("SKIPPED: resident size under valgrind\n");
		skip();
	}
	mx_buf_init(&t);
	mx_buf_adds(&t, "[    0.000000] Linux version 6.1.0-50-arm64 (gcc-12) #1 SMP Debian\n");
	while (t.len < RSS_LOG)
		mx_buf_adds(&t, "[    0.000123] memblock_reserve: [0x0000000041234000-0x0000000041234fff] x+0x1/0x2\n");
	mx_buf_adds(&t, "[    0.000200] Memory: 98324K/1048576K available (13248K kernel code, 2806K rwdata, 9504K "
		    "rodata, 6464K init, 627K bss, 54052K reserved, 65536K cma-reserved)\n");
	assert_false(t.failed);
	write_temp(path, &t);
	mx_buf_release(&t);
	malloc_trim(0);
	mx_bootlog_init(&b);
	if (!(f = fopen("/proc/self/clear_refs", "w")) || fputs("5", f) < 0 || fclose(f) ||
	    (before = status_kb("VmRSS")) < 0 || status_kb("VmHWM") < 0 || status_kb("VmHWM") > before + 64) {
		unlink(path);
		print_message("SKIPPED: no resettable peak resident size (/proc/self/clear_refs)\n");
		skip();
	}
	assert_int_equal(mx_bootlog_parse_file(&b, path), 0);
	peak = status_kb("VmHWM");
	unlink(path);
	print_message("%u-byte file: peak resident size grew by %ld kB (%.1f%% of the file)\n", RSS_LOG,
		      peak - before, 100.0 * (double)(peak - before) * 1024 / (double)RSS_LOG);
	assert_true(b.mem.present);
	assert_true(b.nops > 190000);
	assert_true((peak - before) * 1024 < (long)RSS_LOG);
	mx_bootlog_release(&b);
}

/* Four times the log, about four times the time (quadratic would be sixteen). */
static void time_is_linear(void **state)
{
	double ms[2];
	struct mx_bootlog b;
	struct mx_buf t;
	unsigned nboots;

	(void)state;
	for (int k = 0; k < 2; k++) {
		mx_buf_init(&t);
		make_log(&t, (size_t)(2 << 20) << (2 * k), &nboots);
		mx_bootlog_init(&b);
		ms[k] = now_ms();
		assert_int_equal(mx_bootlog_parse(&b, t.buf, t.len, "big.log"), 0);
		ms[k] = now_ms() - ms[k];
		check_record(&b, nboots);
		print_message("%zu bytes, %u boots: %.1f ms\n", t.len, nboots, ms[k]);
		mx_bootlog_release(&b);
		mx_buf_release(&t);
	}
	assert_true(ms[1] < 10 * ms[0] + 50);
}

/* ---- a boot's records of one kind are capped ------------------------------------- */

/*
 * Millions of "Reserved memory" (or Freeing, CMA, meminfo, zone) lines in one
 * boot cost 5 times their file as records. Past MX_BL_MAX_RECORDS of a kind a
 * line is a warning: the first 65536 are kept, the heap stays under the file.
 */
/* Line @i of a log of kind @k (many_records_capped). */
static void add_line_of_kind(struct mx_buf *t, size_t k, unsigned i)
{
	switch (k) {
	case 0:
		mx_buf_addf(t, "[    0.000000] Reserved memory: created CMA memory pool at 0x%08x, size 4 MiB\n", i);
		break;
	case 1:
		mx_buf_addf(t, "[    1.000000] Freeing unused kernel memory: %uK\n", i);
		break;
	case 2:
		mx_buf_addf(t, "[    0.000000] cma: Reserved %u MiB at 0x0000000080000000\n", i);
		break;
	case 3:
		mx_buf_addf(t, "[    0.000000]   Normal   [mem 0x%010x-0x00ffffffff]\n", i);
		break;
	default:
		mx_buf_addf(t, "Row%u:  %u kB\n", i, i);
		break;
	}
}

static void many_records_capped(void **state)
{
	static const char *const head[] = { "", "", "", "[    0.000000] Zone ranges:\n", "MemTotal:  1000 kB\n" };
	const unsigned n = MX_BL_MAX_RECORDS + 4000;

	(void)state;
	for (size_t k = 0; k < sizeof(head) / sizeof(head[0]); k++) {
		struct mx_bootlog b;
		struct mx_buf t;
		size_t base, peak, kept;
		bool warned = false;

		mx_buf_init(&t);
		mx_buf_adds(&t, head[k]);
		for (unsigned i = 1; i <= n; i++)
			add_line_of_kind(&t, k, i);
		assert_false(t.failed);
		mx_bootlog_init(&b);
		base = heap_mark();
		assert_int_equal(mx_bootlog_parse(&b, t.buf, t.len, "many.log"), 0);
		peak = heap_peak - base;
		kept = k == 0 ? b.nrmem : k == 1 ? b.nfreed : k == 2 ? b.ncma : k == 3 ? b.nzones :
		       b.nmeminfo ? b.meminfo[0].n : 0;
		for (size_t i = 0; i < b.diags.cnt; i++)
			warned |= strstr(b.diags.d[i].msg, "more than 65536 lines of this kind") != NULL;
		print_message("kind %zu: %u lines, %zu kept, peak heap %zu of a %zu-byte log\n", k, n, kept,
			      peak, t.len);
		assert_int_equal(kept, MX_BL_MAX_RECORDS);
		assert_true(warned);
		mx_bootlog_release(&b);
		mx_buf_release(&t);
	}
}

/* ---- a file truncated while it is read ------------------------------------------- */

static const char *shrink_path;
static unsigned shrink_after, shrink_calls;
static volatile sig_atomic_t user_bus;

/* the test's seam: the file loses its content after a few windows were read */
static void shrink_hook(void)
{
	if (++shrink_calls == shrink_after)
		assert_int_equal(truncate(shrink_path, 0), 0);
}

static void user_on_bus(int sig)
{
	(void)sig;
	user_bus = 1;
}

/*
 * Another process truncating the log mid-read made the system send SIGBUS
 * (memx died). Now the call says the file shrank, the record is empty, and
 * the caller's own SIGBUS handler is back in place afterwards.
 */
static void truncated_while_read(void **state)
{
	char path[] = "/tmp/memx-bootlog-shrink-XXXXXX", again[] = "/tmp/memx-bootlog-shrink-XXXXXX";
	struct sigaction mine, now;
	struct mx_bootlog b;
	struct mx_buf t;
	unsigned nboots;

	(void)state;
	mx_buf_init(&t);
	make_log(&t, 4 << 20, &nboots);
	write_temp(path, &t);
	memset(&mine, 0, sizeof(mine));
	mine.sa_handler = user_on_bus;
	sigemptyset(&mine.sa_mask);
	assert_int_equal(sigaction(SIGBUS, &mine, NULL), 0);
	shrink_path = path;
	shrink_calls = 0;
	shrink_after = 1000;
	mxi_bl_touch_hook = shrink_hook;
	mx_bootlog_init(&b);
	assert_int_equal(mx_bootlog_parse_file(&b, path), MX_EIO);
	mxi_bl_touch_hook = NULL;
	assert_true(shrink_calls > shrink_after);
	assert_int_equal(b.nops, 0);
	assert_false(b.mem.present);
	assert_int_equal(b.boots, 0);
	assert_int_equal(user_bus, 0);
	assert_int_equal(sigaction(SIGBUS, NULL, &now), 0);
	assert_ptr_equal(now.sa_handler, user_on_bus);
	/* and an untouched file still reads */
	mx_bootlog_release(&b);
	assert_int_equal(unlink(path), 0);
	write_temp(again, &t);
	assert_int_equal(mx_bootlog_parse_file(&b, again), 0);
	check_record(&b, nboots);
	mx_bootlog_release(&b);
	unlink(again);
	signal(SIGBUS, SIG_DFL);
	mx_buf_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(heap_of_parse),
		cmocka_unit_test(heap_of_parse_file),
		cmocka_unit_test(ops_file_under_its_size),
		cmocka_unit_test(worst_logs_under_their_size),
		cmocka_unit_test(rss_of_parse_file),
		cmocka_unit_test(time_is_linear),
		cmocka_unit_test(truncated_while_read),
		cmocka_unit_test(many_records_capped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
