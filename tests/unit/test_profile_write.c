/* test_profile_write.c - the YAML writer round-trips every profile */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	assert_non_null(d);
	return d;
}

static void *xcalloc(size_t n, size_t sz)
{
	void *v = calloc(n, sz);

	assert_non_null(v);
	return v;
}

static void write_yaml(const struct mx_profile *p, struct mx_buf *out)
{
	mx_buf_init(out);
	assert_int_equal(mx_profile_write_yaml(p, out), 0);
	assert_false(out->failed);
}

static int load_buf(struct mx_profile *p, const struct mx_buf *b, struct mx_diaglist *d)
{
	mx_profile_init(p);
	return mx_profile_load_yaml(p, b->buf, b->len, "written.yaml", d);
}

/*
 * write(p) loads back into a profile equal to @p, and writing that again
 * gives the same bytes. Returns the first text in @first (caller releases).
 */
static void round_trip(const struct mx_profile *p, const char *what, struct mx_buf *first)
{
	struct mx_buf second;
	struct mx_profile q;
	struct mx_diaglist d;
	int r;

	write_yaml(p, first);
	mx_diaglist_init(&d);
	r = load_buf(&q, first, &d);
	if (r) {
		print_error("%s: the written profile does not load:\n%s\n", what, first->buf);
		for (size_t i = 0; i < d.cnt; i++)
			print_error("  %d:%d: %s\n", d.d[i].line, d.d[i].col, d.d[i].msg);
	}
	assert_int_equal(r, 0);
	mx_diaglist_release(&d);
	if (!mx_profile_equal(p, &q))
		print_error("%s: loads back different:\n%s\n", what, first->buf);
	assert_true(mx_profile_equal(p, &q));
	assert_true(mx_profile_equal(&q, p));
	write_yaml(&q, &second);
	if (first->len != second.len || memcmp(first->buf, second.buf, first->len))
		print_error("%s: second write differs:\n%s\n---\n%s\n", what, first->buf, second.buf);
	assert_int_equal(first->len, second.len);
	assert_memory_equal(first->buf, second.buf, first->len);
	mx_buf_release(&second);
	mx_profile_release(&q);
}

static bool has_line(const struct mx_buf *b, const char *line)
{
	size_t n = strlen(line);

	for (const char *s = b->buf; (s = strstr(s, line)); s++)
		if ((s == b->buf || s[-1] == '\n') && s[n] == '\n')
			return true;
	return false;
}

#define assert_line(b, l) do { \
		if (!has_line((b), (l))) \
			print_error("no line '%s' in:\n%s\n", (l), (b)->buf); \
		assert_true(has_line((b), (l))); \
	} while (0)

static void load_ok_text(struct mx_profile *p, const char *yaml)
{
	tu_load_ok(p, yaml);
}

/* ---- every profile in profiles/ ---- */

static void test_shipped_profiles(void **state)
{
	DIR *dir = opendir(tu_src_path("profiles"));
	struct dirent *de;
	size_t n = 0;

	(void)state;
	assert_non_null(dir);
	while ((de = readdir(dir))) {
		size_t len = strlen(de->d_name);
		struct mx_profile p, q;
		struct mx_buf b;

		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml"))
			continue;
		tu_load_profile(&p, de->d_name);
		round_trip(&p, de->d_name, &b);
		assert_int_equal(strncmp(b.buf, "# memx board profile", 20), 0);
		/* and a deep copy writes the same text */
		mx_profile_init(&q);
		assert_int_equal(mx_profile_copy(&q, &p), 0);
		{
			struct mx_buf c;

			write_yaml(&q, &c);
			assert_string_equal(b.buf, c.buf);
			mx_buf_release(&c);
		}
		mx_profile_release(&q);
		mx_buf_release(&b);
		mx_profile_release(&p);
		n++;
	}
	closedir(dir);
	print_message("%zu shipped profiles round-trip\n", n);
	assert_true(n >= 7);
}

/* The msm8937 figures come out in the unit the writer picks. */
static void test_msm8937_text(void **state)
{
	struct mx_profile p;
	struct mx_buf b;

	(void)state;
	tu_load_profile(&p, "msm8937.yaml");
	write_yaml(&p, &b);
	assert_line(&b, "name: \"msm8937\"");
	assert_line(&b, "arch: arm");
	assert_line(&b, "kernel: \"3.18\"");
	assert_line(&b, "cma-size: 16M");
	assert_line(&b, "  - { base: 0x80000000, size: 1G }");
	assert_line(&b, "  init: 474K");
	assert_line(&b, "  init-base: 0x81200000");
	assert_line(&b, "initrd: { base: 0x83600000, size: 1784K }");
	assert_line(&b, "    size: 1875");
	assert_line(&b, "    size: 180504");
	assert_line(&b, "    calibration: true");
	assert_line(&b, "    fixup-keep: 75M");
	assert_line(&b, "    alloc-ranges:");
	assert_line(&b, "      - { base: 0x80000000, size: 256M }");
	mx_buf_release(&b);
	mx_profile_release(&p);
}

/* ---- hand-built profiles ---- */

static const char *const odd_strings[] = {
	"plain",
	"",
	"with \"double\" and 'single' quotes",
	"back\\slash\\\\twice\\",
	"new\nline\nand trailing\n",
	"\ttab\r\ncr-lf",
	"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xe4\xb8\xad\xe6\x96\x87", /* café € 😀 中文 */
	"\x01\x02\x1b[0m \x7f del",
	"nel\xc2\x85 c1\xc2\x80\xc2\x9f nbsp\xc2\xa0",          /* U+0085, U+0080, U+009F, U+00A0 */
	"ls\xe2\x80\xa8ps\xe2\x80\xa9",                         /* U+2028, U+2029 */
	"bom\xef\xbb\xbf \xef\xbf\xbe\xef\xbf\xbf \xef\xbf\xbd", /* U+FEFF U+FFFE U+FFFF U+FFFD */
	"# not a comment: [x], {y}, &a *b !t |> %",
	"~", "null", "true", "no", "0x10", "16M", "- item", "? key", "--- doc", "...",
	"  leading and trailing spaces  ",
	"\xf4\x8f\xbf\xbf max code point",
};

/* Every field set to something other than its default. */
static void build_full(struct mx_profile *p)
{
	struct mx_region *r;
	size_t nr = 4;

	mx_profile_init(p);
	p->name = xstrdup("full \"board\"\\x");
	p->description = xstrdup("line one\nline two\t\xc3\xa9\xe2\x82\xac");
	p->arch = MX_ARCH_ARM64;
	p->kernel = xstrdup("5.10.110-android");
	p->page_size = 64 * 1024;
	p->struct_page = 64;
	p->model = MX_MM_SPARSE;
	p->vmemmap = 1;
	p->extreme = 0;
	p->max_order = 13;
	p->pageblock_order = 9;
	p->max_physmem_bits = 48;
	p->section_size_bits = 30;
	p->vmsplit = MX_VMSPLIT_3G_OPT;
	p->vmalloc_size = 1875;
	p->cma_size = 0;
	p->has_cma_size = true; /* "cma-size: 0" is not the same as absent */
	p->bootargs = xstrdup("console=ttyMSM0,115200n8 cma=32M@0x880000000 mem=\"3G\" \\");
	p->nmemory = 3;
	p->memory = xcalloc(p->nmemory, sizeof(*p->memory));
	p->memory[0].base = 0x40000000;
	p->memory[0].size = 0x7ff00000;
	p->memory[1].base = 0x880000000ULL;
	p->memory[1].size = 0x180000000ULL;
	p->memory[2].base = 0xfffffffff0000000ULL;
	p->memory[2].size = 0xfffffff;
	p->kernel_image.has_base = true;
	p->kernel_image.base = 0x40080000;
	p->kernel_image.size = 21953 * 1024 + 1;
	p->kernel_image.code = 11605 * 1024;
	p->kernel_image.rwdata = 1;
	p->kernel_image.rodata = 4992 * 1024;
	p->kernel_image.init = 0x76800;
	p->kernel_image.has_init_base = true;
	p->kernel_image.init_base = 0x100000000ULL;
	p->kernel_image.bss = 2316 * 1024;
	p->pgd.present = true;
	p->pgd.has_base = false;
	p->pgd.size = 16384;
	p->initrd.present = p->initrd.has_base = true;
	p->initrd.base = 0x800000000ULL;
	p->initrd.size = 1784 * 1024;
	p->fdt.present = p->fdt.has_base = true;
	p->fdt.base = 0;
	p->fdt.size = 0;
	p->nmemreserve = 2;
	p->memreserve = xcalloc(2, sizeof(*p->memreserve));
	p->memreserve[0].base = 0x880000000ULL;
	p->memreserve[0].size = UINT64_MAX - 0x880000000ULL;
	p->memreserve[1].base = 1;
	p->memreserve[1].size = 1;
	p->nearly = 3;
	p->early = xcalloc(3, sizeof(*p->early));
	p->early[0].name = xstrdup("page tables");
	p->early[0].func = xstrdup("paging_init");
	p->early[0].phase = MX_PHASE_PAGING;
	p->early[0].size = 204 * 1024;
	p->early[0].align = 4096;
	p->early[1].name = xstrdup("resources \xe2\x80\xa8 odd");
	p->early[1].phase = MX_PHASE_SETUP;
	p->early[1].size = 1875;
	p->early[1].note = xstrdup("a \"note\"\nwith two lines");
	p->early[2].name = xstrdup("calibration");
	p->early[2].phase = MX_PHASE_START_KERNEL;
	p->early[2].size = UINT64_MAX;
	p->early[2].align = 1ULL << 63;
	p->early[2].calibration = true;
	p->nregions = nr;
	p->regions = xcalloc(nr, sizeof(*p->regions));
	r = &p->regions[0];
	r->name = xstrdup("modem@86800000");
	r->label = xstrdup("modem_mem");
	r->ncompatible = 3;
	r->compatible = xcalloc(3, sizeof(char *));
	r->compatible[0] = xstrdup("qcom,removed-dma-pool");
	r->compatible[1] = xstrdup("removed-dma-pool");
	r->compatible[2] = xstrdup("a, b");
	r->nreg = 1;
	r->reg = xcalloc(1, sizeof(*r->reg));
	r->reg[0].base = 0x86800000;
	r->reg[0].size = 0x5000000;
	r->flags = MX_REGION_NOMAP_FIXUP | MX_REGION_DISABLED;
	r->has_fixup_keep = true;
	r->fixup_keep = 75ULL << 20;
	r->note = xstrdup("kept: 75M");
	r = &p->regions[1];
	r->name = xstrdup("pool");
	r->ncompatible = 1;
	r->compatible = xcalloc(1, sizeof(char *));
	r->compatible[0] = xstrdup("shared-dma-pool");
	r->has_size = true;
	r->size = 0x100000000ULL;
	r->align = 0x400000;
	r->nalloc_ranges = 2;
	r->alloc_ranges = xcalloc(2, sizeof(*r->alloc_ranges));
	r->alloc_ranges[0].base = 0x880000000ULL;
	r->alloc_ranges[0].size = 0x80000000;
	r->alloc_ranges[1].base = 0;
	r->alloc_ranges[1].size = 1875;
	r->flags = MX_REGION_REUSABLE | MX_REGION_CMA_DEFAULT;
	r = &p->regions[2];
	r->name = xstrdup("many@0");
	r->nreg = 3;
	r->reg = xcalloc(3, sizeof(*r->reg));
	for (size_t i = 0; i < 3; i++) {
		r->reg[i].base = 0x100000000ULL * (i + 1) + i;
		r->reg[i].size = (i + 1) * 1000;
	}
	r->has_size = true;
	r->size = 0;
	r->flags = MX_REGION_NOMAP | MX_REGION_FREED_LATE | MX_REGION_DISABLED;
	r = &p->regions[3];
	r->name = xstrdup("splash,1.2_+-@a,b.c_+-");
	r->label = xstrdup("_");
	r->ncompatible = 1;
	r->compatible = xcalloc(1, sizeof(char *));
	r->compatible[0] = xstrdup("");
	r->has_fixup_keep = true;
	r->fixup_keep = 0;
	r->note = xstrdup("");
}

static void test_full_profile(void **state)
{
	struct mx_profile p;
	struct mx_buf b;

	(void)state;
	build_full(&p);
	round_trip(&p, "full", &b);
	assert_line(&b, "vmalloc: 1875");
	assert_line(&b, "cma-size: 0");
	assert_line(&b, "page-size: 64K");
	assert_line(&b, "  - { base: 0x880000000, size: 6G }");
	assert_line(&b, "  - { base: 0xfffffffff0000000, size: 268435455 }");
	assert_line(&b, "  init-base: 0x100000000");
	assert_line(&b, "pgd: { size: 16K }");
	assert_line(&b, "fdt: { base: 0x0, size: 0 }");
	assert_line(&b, "    size: 18446744073709551615");
	assert_line(&b, "    align: 8388608T");
	assert_line(&b, "    compatible: [\"qcom,removed-dma-pool\", \"removed-dma-pool\", \"a, b\"]");
	assert_line(&b, "    status: disabled");
	assert_line(&b, "  - name: \"resources \\u2028 odd\"");
	assert_line(&b, "name: \"full \\\"board\\\"\\\\x\"");
	mx_buf_release(&b);
	mx_profile_release(&p);
}

/* The smallest profile the loader takes: everything else "not given". */
static void test_minimal_profile(void **state)
{
	struct mx_profile p;
	struct mx_buf b;

	(void)state;
	mx_profile_init(&p);
	p.arch = MX_ARCH_RISCV64;
	p.nmemory = 1;
	p.memory = xcalloc(1, sizeof(*p.memory));
	p.memory[0].base = 0x80000000;
	p.memory[0].size = 128 << 20;
	round_trip(&p, "minimal", &b);
	assert_null(strstr(b.buf, "vmemmap"));
	assert_null(strstr(b.buf, "cma-size"));
	assert_null(strstr(b.buf, "reserved-memory"));
	assert_null(strstr(b.buf, "name:"));
	mx_buf_release(&b);
	mx_profile_release(&p);
}

/* Every enum value and every flag on its own. */
static void test_enums_and_flags(void **state)
{
	static const enum mx_arch arch[] = { MX_ARCH_ARM, MX_ARCH_ARM64, MX_ARCH_RISCV64 };
	static const enum mx_vmsplit vs[] = {
		MX_VMSPLIT_DEFAULT, MX_VMSPLIT_3G, MX_VMSPLIT_3G_OPT, MX_VMSPLIT_2G, MX_VMSPLIT_1G,
	};
	static const enum mx_memmodel mm[] = { MX_MM_DEFAULT, MX_MM_FLAT, MX_MM_SPARSE };
	struct mx_profile p;
	struct mx_buf b;

	(void)state;
	for (size_t i = 0; i < 3 * 5 * 3; i++) {
		mx_profile_init(&p);
		p.arch = arch[i % 3];
		p.vmsplit = vs[i / 3 % 5];
		p.model = mm[i / 15];
		p.vmemmap = (int)(i % 3) - 1;
		p.extreme = (int)(i % 2);
		p.nmemory = 1;
		p.memory = xcalloc(1, sizeof(*p.memory));
		p.memory[0].size = 1ULL << 30;
		p.nearly = 3;
		p.early = xcalloc(3, sizeof(*p.early));
		for (size_t k = 0; k < 3; k++) {
			p.early[k].name = xstrdup("e");
			p.early[k].phase = (enum mx_phase)k;
			p.early[k].size = k + 1;
		}
		p.nregions = 7;
		p.regions = xcalloc(7, sizeof(*p.regions));
		for (size_t k = 0; k < 7; k++) {
			p.regions[k].name = xstrdup("r");
			p.regions[k].flags = k < 6 ? 1u << k : 0x3f;
		}
		round_trip(&p, "enums", &b);
		mx_buf_release(&b);
		mx_profile_release(&p);
	}
}

/* Sizes at every unit boundary, as sizes and as addresses. */
static void test_size_sweep(void **state)
{
	static const uint64_t v[] = {
		0, 1, 2, 511, 1023, 1024, 1025, 1875, 4095, 4096, 4097, 180504, 0x76800,
		(1ULL << 20) - 1, 1ULL << 20, (1ULL << 20) + 1024, 3ULL << 30, 0xfffff000,
		1ULL << 32, 0x100000001ULL, 1ULL << 40, 1023ULL << 40, 1ULL << 50, 1ULL << 60,
		1ULL << 63, (1ULL << 63) + 1024, UINT64_MAX - 1023, UINT64_MAX - 1, UINT64_MAX,
	};
	size_t n = sizeof(v) / sizeof(v[0]);
	struct mx_profile p;
	struct mx_buf b;

	(void)state;
	mx_profile_init(&p);
	p.arch = MX_ARCH_ARM64;
	p.nmemory = n;
	p.memory = xcalloc(n, sizeof(*p.memory));
	p.nregions = n;
	p.regions = xcalloc(n, sizeof(*p.regions));
	for (size_t i = 0; i < n; i++) {
		struct mx_region *r = &p.regions[i];

		p.memory[i].base = v[i];
		p.memory[i].size = v[n - 1 - i];
		r->name = xstrdup("r");
		r->has_size = r->has_fixup_keep = true;
		r->size = r->align = r->fixup_keep = v[i];
		r->nreg = 1;
		r->reg = xcalloc(1, sizeof(*r->reg));
		r->reg[0].base = v[n - 1 - i];
		r->reg[0].size = v[i];
	}
	p.has_cma_size = true;
	p.cma_size = UINT64_MAX - 1023;
	p.page_size = 1ULL << 63;
	p.vmalloc_size = 0xffffffff; /* the largest a profile takes (below 4G) */
	round_trip(&p, "sizes", &b);
	assert_line(&b, "cma-size: 18014398509481983K");
	assert_line(&b, "page-size: 8388608T");
	mx_buf_release(&b);
	mx_profile_release(&p);
}

/* Each odd string in each string field. */
static void test_odd_strings(void **state)
{
	struct mx_profile p;
	struct mx_buf b;

	(void)state;
	for (size_t i = 0; i < sizeof(odd_strings) / sizeof(odd_strings[0]); i++) {
		const char *s = odd_strings[i];
		struct mx_region *r;

		mx_profile_init(&p);
		p.arch = MX_ARCH_ARM;
		p.nmemory = 1;
		p.memory = xcalloc(1, sizeof(*p.memory));
		p.memory[0].size = 1ULL << 30;
		p.name = xstrdup(s);
		p.description = xstrdup(s);
		p.kernel = xstrdup(s);
		p.bootargs = xstrdup(s);
		p.nearly = 1;
		p.early = xcalloc(1, sizeof(*p.early));
		p.early[0].name = xstrdup(s);
		p.early[0].func = xstrdup(s);
		p.early[0].note = xstrdup(s);
		p.early[0].size = 1;
		p.nregions = 2;
		p.regions = xcalloc(2, sizeof(*p.regions));
		r = &p.regions[0];
		r->name = xstrdup("r0"); /* names and labels are devicetree names (test_profile_yaml) */
		r->note = xstrdup(s);
		r->path = xstrdup(s);
		r->ncompatible = 1;
		r->compatible = xcalloc(1, sizeof(char *));
		r->compatible[0] = xstrdup(s);
		r = &p.regions[1];
		r->name = xstrdup("two-compatibles");
		r->ncompatible = 2;
		r->compatible = xcalloc(2, sizeof(char *));
		r->compatible[0] = xstrdup(s);
		r->compatible[1] = xstrdup(s);
		round_trip(&p, s, &b);
		/* one line per key: nothing the writer emits breaks a line */
		assert_null(strstr(b.buf, "\n\n"));
		mx_buf_release(&b);
		mx_profile_release(&p);
	}
}

/*
 * Bytes that are not UTF-8 cannot be said in a YAML string ("\xff" is
 * U+00FF, two other bytes). The writer tags such a string !bytes, with
 * every byte outside printable ASCII as \xNN, and the loader gives the
 * same bytes back: load, save, load is byte-identical.
 */
static void test_invalid_utf8(void **state)
{
	static const char odd[] = "a\xff" "b\xc3(\xed\xa0\x80\xc0\xaf\xf8\x88\x80\x80\x80\xe2\x82";
	static const char latin1[] = "qcom,\xe9t\xe9 \x01\x7f\"q\" \\ \xc3";
	struct mx_profile p, q;
	struct mx_buf b, b2;

	(void)state;
	mx_profile_init(&p);
	p.arch = MX_ARCH_ARM;
	p.nmemory = 1;
	p.memory = xcalloc(1, sizeof(*p.memory));
	p.name = xstrdup(odd);
	p.description = xstrdup("caf\xc3\xa9 stays UTF-8");
	p.nregions = 1;
	p.regions = xcalloc(1, sizeof(*p.regions));
	p.regions[0].name = xstrdup("r");
	p.regions[0].ncompatible = 2;
	p.regions[0].compatible = xcalloc(2, sizeof(char *));
	p.regions[0].compatible[0] = xstrdup(latin1);
	p.regions[0].compatible[1] = xstrdup("plain");
	write_yaml(&p, &b);
	assert_line(&b, "name: !bytes \"a\\xffb\\xc3(\\xed\\xa0\\x80\\xc0\\xaf\\xf8\\x88\\x80\\x80\\x80\\xe2\\x82\"");
	assert_line(&b, "description: \"caf\xc3\xa9 stays UTF-8\"");
	assert_line(&b, "    compatible: [!bytes \"qcom,\\xe9t\\xe9 \\x01\\x7f\\\"q\\\" \\\\ \\xc3\", \"plain\"]");
	assert_int_equal(load_buf(&q, &b, NULL), 0);
	assert_string_equal(q.name, odd);
	assert_string_equal(q.regions[0].compatible[0], latin1);
	assert_string_equal(q.description, "caf\xc3\xa9 stays UTF-8");
	assert_true(mx_profile_equal(&p, &q));
	write_yaml(&q, &b2);
	assert_int_equal(b.len, b2.len);
	assert_memory_equal(b.buf, b2.buf, b.len);
	mx_buf_release(&b2);
	mx_profile_release(&q);
	mx_buf_release(&b);
	mx_profile_release(&p);
}

/* !bytes takes characters up to U+00FF only; other tags are left alone. */
static void test_bytes_tag(void **state)
{
	struct mx_profile p;
	struct mx_diaglist d;

	(void)state;
	load_ok_text(&p, "arch: arm\nmemory: [0, 1G]\nname: !bytes \"\\xff\\x01x\"\n"
		     "description: !bytes caf\xc3\xa9\n");
	assert_string_equal(p.name, "\xff\x01x");
	assert_string_equal(p.description, "caf\xe9");
	mx_profile_release(&p);
	mx_diaglist_init(&d);
	mx_profile_init(&p);
	assert_int_equal(tu_load_text(&p, "arch: arm\nmemory: [0, 1G]\nname: !bytes \"\\u0100\"\n", &d),
			 MX_EPARSE);
	assert_int_equal(d.cnt, 1);
	assert_int_equal(d.d[0].line, 3);
	assert_int_equal(d.d[0].col, 7);
	assert_non_null(strstr(d.d[0].msg, "U+0100"));
	mx_diaglist_release(&d);
	mx_profile_release(&p);
}

/* U-Boot's version string is a string like any other: UTF-8 stays, other bytes go as !bytes (fuzz_profile_yaml) */
static void test_loader_version_round_trip(void **state)
{
	static const char *const versions[] = { "2023.01 \xc7\x8a", "2023.01 \xff\\\"x" };
	struct mx_profile p;
	struct mx_buf b;
	char doc[512];

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		snprintf(doc, sizeof(doc), "arch: arm64\nmemory: [0x40000000, 512M]\nboot-loader:\n  type: u-boot\n"
			 "  version: %s\"%s\"\n", i ? "!bytes " : "", i ? "2023.01 \\xff\\\\\\\"x" : versions[0]);
		load_ok_text(&p, doc);
		assert_string_equal(p.boot.version, versions[i]);
		mx_buf_init(&b);
		round_trip(&p, "boot-loader version", &b);
		mx_buf_release(&b);
		mx_profile_release(&p);
	}
}

/* Whatever the loader accepts in escapes, the writer can say again. */
static void test_escapes_from_yaml(void **state)
{
	static const char doc[] =
		"arch: arm\nmemory: [0, 1G]\n"
		"name: \"\\x7f\\x85\\u2028\\u2029\\ufeff\\uffff\\U0010ffff\\e\\a\\b\\v\\f\"\n"
		"description: \"\\N\\_\\L\\P\\/\\ \\\"\"\n"
		"bootargs: 'it''s'\n"
		"kernel: |+\n  keep\n\n"
		"reserved-memory:\n  - { name: r, note: \"\\x01\\x1f\\x9f\" }\n";
	struct mx_profile p;
	struct mx_buf b;

	(void)state;
	load_ok_text(&p, doc);
	assert_int_equal(strlen(p.name), 24); /* UTF-8 bytes (a \0 escape is refused: test_profile_yaml) */
	assert_string_equal(p.bootargs, "it's");
	assert_string_equal(p.kernel, "keep\n\n");
	round_trip(&p, "escapes", &b);
	mx_buf_release(&b);
	mx_profile_release(&p);
}

/* The CLI's save path in one: write a profile, read it back from disk. */
static void test_save_and_load_file(void **state)
{
	struct mx_profile p, q;
	struct mx_diaglist d;
	struct mx_buf b;
	char path[512], dir[] = "/tmp/memx-test-save-XXXXXX";

	(void)state;
	build_full(&p);
	write_yaml(&p, &b);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/full.yaml", dir);
	assert_int_equal(mx_file_write_atomic(path, b.buf, b.len, false), 0);
	mx_diaglist_init(&d);
	mx_profile_init(&q);
	assert_int_equal(mx_profile_load_yaml_file(&q, path, &d), 0);
	assert_int_equal(d.cnt, 0);
	assert_true(mx_profile_equal(&p, &q));
	assert_string_equal(q.source, path);
	assert_string_equal(q.regions[0].pos.file, path);
	mx_diaglist_release(&d);
	mx_profile_release(&q);
	mx_profile_release(&p);
	mx_buf_release(&b);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_profiles),
		cmocka_unit_test(test_msm8937_text),
		cmocka_unit_test(test_full_profile),
		cmocka_unit_test(test_minimal_profile),
		cmocka_unit_test(test_enums_and_flags),
		cmocka_unit_test(test_size_sweep),
		cmocka_unit_test(test_odd_strings),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_bytes_tag),
		cmocka_unit_test(test_loader_version_round_trip),
		cmocka_unit_test(test_escapes_from_yaml),
		cmocka_unit_test(test_save_and_load_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
