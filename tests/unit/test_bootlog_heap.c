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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "memx/bootlog.h"
#include "memx/buf.h"
#include "memx/types.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(heap_of_parse),
		cmocka_unit_test(heap_of_parse_file),
		cmocka_unit_test(time_is_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
