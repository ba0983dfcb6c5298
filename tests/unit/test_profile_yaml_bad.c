/* test_profile_yaml_bad.c - the YAML loader: one minimal bad document per error, caps, stress */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "profile_yaml_test.h"

/* ---- malformed documents ---- */

struct bad {
	const char *doc;
	size_t len;      /* 0: strlen(doc) */
	int line, col;   /* of the first error */
	const char *msg; /* a substring of the first error */
	size_t nerr;     /* 0: exactly one error */
};

#define KEYS_REGION "name, label, compatible, reg, size, alignment, alloc-ranges, no-map, reusable, " \
		    "linux,cma-default, no-map-fixup, fixup-keep, freed-late, status, note"
#define SZ "(like 16M, 0x1000000 or 4096)"

static const struct bad bad[] = {
	/* not a profile at all */
	{ "", 0, 1, 1, "the profile is empty; expected a mapping with arch, memory, ...", 0 },
	{ "# nothing but a comment\n\n", 0, 1, 1, "the profile is empty", 0 },
	{ "---\n", 0, 2, 1, "the profile is empty", 0 },
	{ "--- ~\n", 0, 1, 5, "the profile is empty", 0 },
	{ "hello\n", 0, 1, 1, "expected the profile (a mapping of keys), got a value", 0 },
	{ "- arch: arm\n- memory: 1G\n", 0, 1, 1, "expected the profile (a mapping of keys), got a list", 0 },
	{ HEAD "---\narch: arm64\n", 0, 3, 1, "a profile is one YAML document; found a second one", 0 },
	/* YAML syntax */
	{ "arch: arm\n memory: [0, 1G]\n", 0, 2, 8, "malformed YAML: mapping values are not allowed in this context", 0 },
	{ "arch: arm\nmemory: [0, 1G\n", 0, 3, 1,
	  "malformed YAML: did not find expected ',' or ']' while parsing a flow sequence (it starts at line 2, column 9)", 0 },
	{ "arch: arm\nmemory: {base: 0, size: 1G\n", 0, 3, 1, "did not find expected ',' or '}' while parsing a flow mapping (it starts at line 2, column 9)", 0 },
	{ "arch: arm\n\tmemory: [0, 1G]\n", 0, 2, 1, "malformed YAML: found a tab character that violates indentation", 0 },
	{ "arch: arm\nmemory:\n\t- [0, 1G]\n", 0, 3, 1, "malformed YAML: found character that cannot start any token", 0 },
	{ "arch: arm: arm64\nmemory: [0, 1G]\n", 0, 1, 10, "malformed YAML: mapping values are not allowed in this context", 0 },
	{ HEAD ":\n", 0, 3, 1, "malformed YAML: did not find expected key while parsing a block mapping (it starts at line 1, column 1)", 0 },
	{ HEAD "name: \"unterminated\n", 0, 4, 1, "malformed YAML: found unexpected end of stream while scanning a quoted scalar (it starts at line 3, column 7)", 0 },
	{ "arch: arm\nmemory: *nowhere\n", 0, 2, 9, "malformed YAML: found undefined alias", 0 },
	{ HEAD "name: board\x00more\n", sizeof(HEAD "name: board\x00more\n") - 1, 3, 12,
	  "malformed YAML: control characters are not allowed (found a NUL byte)", 0 },
	{ HEAD "name: a\x01\n", 0, 3, 8, "malformed YAML: control characters are not allowed (found U+0001)", 0 },
	{ HEAD "name: caf\xc3\xa9\x7f\n", 0, 3, 11, "control characters are not allowed (found U+007F)", 0 },
	{ "arch: arm\nname: \"\xff\xfe\"\nmemory: [0, 1G]\n", 0, 2, 8,
	  "malformed YAML: invalid leading UTF-8 octet (byte 0xff); expected UTF-8 text", 0 },
	{ HEAD "name: \xc3\xa9\xc3", 0, 3, 8, "malformed YAML: incomplete UTF-8 octet sequence", 0 },
	/* the column of the offending byte, which the message names */
	{ HEAD "name: \xc3(\n", 0, 3, 8, "malformed YAML: invalid trailing UTF-8 octet (byte 0x28)", 0 },
	/* unknown and duplicate keys */
	{ HEAD "foo: 1\n", 0, 3, 1, "unknown key 'foo' in the profile; expected one of: name, description, arch, "
	  "kernel, page-size, struct-page, memory-model, vmemmap, sparsemem-extreme, max-order, "
	  "pageblock-order, max-physmem-bits, section-size-bits, vmsplit, vmalloc, cma-size, bootargs, "
	  "memory, kernel-image, pgd, initrd, fdt, boot-loader, memreserve, early-allocations, reserved-memory", 0 },
	{ HEAD "Arch: arm\n", 0, 3, 1, "unknown key 'Arch' in the profile; expected one of:", 0 },
	{ HEAD "kernel-image:\n  base: 0x80008000\n  text: 4M\n", 0, 5, 3,
	  "unknown key 'text' in kernel-image; expected one of: base, size, code, rwdata, rodata, init, init-base, bss", 0 },
	{ HEAD "reserved-memory:\n  - name: a\n    nomap: true\n", 0, 5, 5,
	  "unknown key 'nomap' in a reserved-memory region; expected one of: " KEYS_REGION, 0 },
	{ HEAD "early-allocations:\n  - { name: a, bytes: 4K }\n", 0, 4, 16,
	  "unknown key 'bytes' in an early allocation; expected one of: name, func, phase, size, align, calibration, note", 0 },
	{ HEAD "pgd: { base: 0, size: 16K, align: 4K }\n", 0, 3, 28, "unknown key 'align' in pgd; expected one of: base, size", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, reg: { base: 0, length: 4K } }\n", 0, 4, 32,
	  "unknown key 'length' in a reg entry; expected base and size", 0 },
	{ "arch: arm\narch: arm64\nmemory: [0, 1G]\n", 0, 2, 1, "duplicate key 'arch' in the profile", 0 },
	{ HEAD "reserved-memory:\n  - name: a\n    size: 4M\n    size: 8M\n", 0, 6, 5,
	  "duplicate key 'size' in a reserved-memory region", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, reg: { base: 0, base: 1, size: 4K } }\n", 0, 4, 32,
	  "duplicate key 'base' in a reg entry", 0 },
	{ HEAD "? [name]\n: board\n", 0, 3, 3, "expected a key, got a list", 0 },
	/* wrong types */
	{ HEAD "page-size: [4K]\n", 0, 3, 12, "expected a page size, got a list", 0 },
	{ HEAD "cma-size: { size: 16M }\n", 0, 3, 11, "expected a CMA size, got a mapping", 0 },
	{ HEAD "name: { first: board }\n", 0, 3, 7, "expected a board name, got a mapping", 0 },
	{ HEAD "description: [a, b]\n", 0, 3, 14, "expected a description, got a list", 0 },
	{ "arch: { name: arm }\nmemory: [0, 1G]\n", 0, 1, 7, "expected an arch, got a mapping", 0 },
	{ HEAD "struct-page: [32]\n", 0, 3, 14, "expected sizeof(struct page) in bytes, got a list", 0 },
	{ HEAD "vmemmap: [true]\n", 0, 3, 10, "expected true or false for vmemmap, got a list", 0 },
	{ HEAD "kernel-image: 8M\n", 0, 3, 15, "expected kernel-image (a mapping of keys), got a value", 0 },
	{ HEAD "kernel-image: { size: [8M] }\n", 0, 3, 23, "expected the _stext.._end size, got a list", 0 },
	{ HEAD "initrd: [0x83600000, 1784K]\n", 0, 3, 9, "expected initrd (a mapping of keys), got a list", 0 },
	{ "arch: arm\nmemory: 1G\n", 0, 2, 9, "expected a memory bank as a list of {base, size}, got a value", 0 },
	{ HEAD "memreserve: { base: 0, size: 4K }\n", 0, 3, 13,
	  "expected a /memreserve/ entry as a list of {base, size}, got a mapping", 0 },
	{ HEAD "reserved-memory: { name: a }\n", 0, 3, 18, "expected reserved-memory as a list of regions, got a mapping", 0 },
	{ HEAD "reserved-memory: [modem]\n", 0, 3, 19,
	  "expected a reserved-memory region (a mapping of keys), got a value", 0 },
	{ HEAD "early-allocations: { name: a, size: 4K }\n", 0, 3, 20, "expected early-allocations as a list, got a mapping", 0 },
	{ HEAD "early-allocations: [[a, 4K]]\n", 0, 3, 21, "expected an early allocation (a mapping of keys), got a list", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, compatible: { c: d } }\n", 0, 4, 28,
	  "expected compatible as a string or a list of strings, got a mapping", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, compatible: [a, [b]] }\n", 0, 4, 32,
	  "expected a compatible string, got a list", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, compatible: [a, ~] }\n", 0, 4, 32,
	  "expected a compatible string, got an empty value", 0 },
	{ HEAD "reserved-memory:\n  - { name: [a] }\n", 0, 4, 13, "expected a node name, got a list", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, reg: 0x1000 }\n", 0, 4, 21,
	  "expected a reg entry as a list of {base, size}, got a value", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, size: 4M, alloc-ranges: 5 }\n", 0, 4, 40,
	  "expected an alloc-ranges entry as a list of {base, size}, got a value", 0 },
	/* bad sizes */
	{ HEAD "cma-size: 12Q\n", 0, 3, 11, "expected a CMA size (like 16M, 0x1000000 or 4096), got '12Q'", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, size: 12Q }\n", 0, 4, 22,
	  "expected a size (like 16M, 0x1000000 or 4096), got '12Q'", 0 },
	{ HEAD "page-size: 0x\n", 0, 3, 12, "expected a page size " SZ ", got '0x'", 0 },
	{ HEAD "vmalloc: -5\n", 0, 3, 10, "expected a vmalloc size " SZ ", got '-5'", 0 },
	{ HEAD "cma-size: 99999999999999999999999\n", 0, 3, 11,
	  "a CMA size '99999999999999999999999' does not fit in 64 bits", 0 },
	{ HEAD "cma-size: 16777216T\n", 0, 3, 11, "a CMA size '16777216T' does not fit in 64 bits", 0 },
	{ HEAD "cma-size: 0x10000000000000000\n", 0, 3, 11, "does not fit in 64 bits", 0 },
	{ HEAD "cma-size: 16M4\n", 0, 3, 11, "expected a CMA size " SZ ", got '16M4'", 0 },
	{ HEAD "cma-size: 16 M B\n", 0, 3, 11, "got '16 M B'", 0 },
	/* a value with line breaks is quoted on one line */
	{ HEAD "cma-size: \"12\\nQ\\t\\x01\"\n", 0, 3, 11, "got '12\\nQ\\t\\x01'", 0 },
	{ HEAD "cma-size: 12\n\n  Q\n", 0, 3, 11, "got '12\\nQ'", 0 },
	/* names and labels by the devicetree's character sets; what a message quotes is escaped */
	{ HEAD "reserved-memory:\n  - { name: \"fw\\nt.yaml:1:1: error: forged\" }\n", 0, 4, 13,
	  "expected a node name like splash@90000000 (a letter or digit, then letters, digits and "
	  ", . _ + -, then an optional @unit-address of the same), got 'fw\\nt.yaml:1:1: error: forged'", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"\\e[31mred\" }\n", 0, 4, 13, "got '\\x1b[31mred'", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"back\\\\slash\" }\n", 0, 4, 13, "got 'back\\\\slash'", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"\\u009b2J\" }\n", 0, 4, 13, "got '\\u009b2J'", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"a\\u202eb\" }\n", 0, 4, 13, "got 'a\\u202eb'", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"caf\xc3\xa9\" }\n", 0, 4, 13, "got 'caf\xc3\xa9'", 0 },
	{ HEAD "reserved-memory:\n  - { name: a b }\n", 0, 4, 13, "expected a node name", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"\" }\n", 0, 4, 13, "expected a node name", 0 },
	{ HEAD "reserved-memory:\n  - { name: _fw }\n", 0, 4, 13, "expected a node name", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw@ }\n", 0, 4, 13, "expected a node name", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw@1@2 }\n", 0, 4, 13, "expected a node name", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"fw@1;/\" }\n", 0, 4, 13, "got 'fw@1;/'", 0 },
	{ HEAD "reserved-memory:\n  - { name: \"a23456789012345678901234567890123 x\" }\n", 0, 4, 13,
	  "expected a node name", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw, label: 1st }\n", 0, 4, 24,
	  "expected a label like splash_mem (a letter or _, then letters, digits and _), got '1st'", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw, label: a-b }\n", 0, 4, 24, "got 'a-b'", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw, label: \"\" }\n", 0, 4, 24, "expected a label", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw, label: \"a23456789012345678901234567890123.\" }\n", 0, 4, 24,
	  "expected a label", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw, dt-props: [{ name: \"x; y\", value: \"\" }] }\n", 0, 4, 28,
	  "expected a property name like qcom,ion-heap-type (letters, digits and , . _ + * # ? @ -), got 'x; y'", 0 },
	{ HEAD "reserved-memory:\n  - { name: fw, dt-props: [{ name: \"\", value: \"\" }] }\n", 0, 4, 28,
	  "expected a property name", 0 },
	/* a \0 escape would cut the string short without a word */
	{ HEAD "reserved-memory:\n  - { name: \"fw\\0@1\" }\n", 0, 4, 13,
	  "expected a node name without NUL bytes, got 'fw' and then a NUL byte", 0 },
	{ HEAD "description: \"a\\0b\"\n", 0, 3, 14, "expected a description without NUL bytes", 0 },
	{ HEAD "\"arch\\0x\": arm\n", 0, 3, 1, "expected a key without NUL bytes, got 'arch'", 0 },
	/* a long value is cut */
	{ HEAD "vmsplit: 0123456789012345678901234567890123456789012345678901234567890123456789\n", 0, 3, 10,
	  "unknown vmsplit '0123456789012345678901234567890123456789012345678901234567890123...'; expected", 0 },
	/* ... at a character boundary: the euro sign that straddles the limit stays whole */
	{ HEAD "vmsplit: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xe2\x82\xac\xe2\x82\xac\n", 0, 3, 10, "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xe2\x82\xac...'", 0 },
	{ HEAD "cma-size: 1.5G\n", 0, 3, 11, "got '1.5G'", 0 },
	{ HEAD "cma-size:\n", 0, 3, 10, "expected a CMA size " SZ ", got ''", 0 },
	{ "arch: arm\nmemory: [0x80000000, 1GG]\n", 0, 2, 22, "expected a size " SZ ", got '1GG'", 0 },
	{ "arch: arm\nmemory: [0xZZ, 1G]\n", 0, 2, 10, "expected a base address " SZ ", got '0xZZ'", 0 },
	{ HEAD "kernel-image: { base: 8000_0000h }\n", 0, 3, 23, "expected a physical address " SZ ", got '8000_0000h'", 0 },
	{ HEAD "struct-page: 16M4\n", 0, 3, 14, "expected sizeof(struct page) in bytes (an integer up to 4096), got '16M4'", 0 },
	{ HEAD "struct-page: 5000\n", 0, 3, 14, "(an integer up to 4096), got '5000'", 0 },
	{ HEAD "max-order: 1K\n", 0, 3, 12, "expected MAX_ORDER (an integer up to 20), got '1K'", 0 },
	{ HEAD "section-size-bits: 63\n", 0, 3, 20, "expected SECTION_SIZE_BITS (an integer up to 62), got '63'", 0 },
	/* bad words */
	{ "arch: x86\nmemory: [0, 1G]\n", 0, 1, 7, "unknown arch 'x86'; expected arm, arm64 or riscv64", 0 },
	{ HEAD "vmsplit: 4G\n", 0, 3, 10, "unknown vmsplit '4G'; expected 3G, 3G_OPT, 2G or 1G", 0 },
	{ HEAD "memory-model: discontigmem\n", 0, 3, 15, "unknown memory-model 'discontigmem'; expected flatmem or sparsemem", 0 },
	{ HEAD "early-allocations:\n  - { name: a, size: 4K, phase: boot }\n", 0, 4, 33,
	  "unknown phase 'boot'; expected paging, bootmem, setup or start-kernel", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, status: off }\n", 0, 4, 24, "unknown status 'off'; expected okay or disabled", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, no-map: maybe }\n", 0, 4, 24, "expected true or false for no-map, got 'maybe'", 0 },
	{ HEAD "sparsemem-extreme: 1\n", 0, 3, 20, "expected true or false for sparsemem-extreme, got '1'", 0 },
	{ HEAD "early-allocations:\n  - { name: a, size: 4K, calibration: \"\" }\n", 0, 4, 39,
	  "expected true or false for calibration, got ''", 0 },
	/* ranges */
	{ HEAD "reserved-memory:\n  - name: a\n    reg: [0x90000000, 4K, 4K]\n", 0, 5, 10,
	  "expected a reg entry as [base, size], got a list of 3 item(s)", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, reg: [0x90000000] }\n", 0, 4, 21,
	  "expected a reg entry as [base, size], got a list of 1 item(s)", 0 },
	{ HEAD "reserved-memory:\n  - name: a\n    reg: { base: 0x90000000 }\n", 0, 5, 10,
	  "a reg entry needs both base and size; size is missing", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, reg: [{ size: 4K }] }\n", 0, 4, 22,
	  "a reg entry needs both base and size; base is missing", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, reg: {} }\n", 0, 4, 21, "a reg entry needs both base and size, got neither", 0 },
	{ HEAD "reserved-memory:\n  - { name: a, reg: [[1, 2], 3] }\n", 0, 4, 30,
	  "expected a reg entry as {base: ..., size: ...} or [base, size], got a value", 0 },
	/* required things */
	{ HEAD "reserved-memory:\n  - reg: [0x90000000, 4K]\n", 0, 4, 5, "a reserved-memory region needs a name", 0 },
	{ HEAD "reserved-memory:\n  - { name: ~, size: 4K }\n", 0, 4, 5, "a reserved-memory region needs a name", 0 },
	{ HEAD "early-allocations:\n  - name: tables\n    phase: paging\n", 0, 4, 5,
	  "early allocation 'tables' needs a size above 0", 0 },
	{ HEAD "early-allocations:\n  - { name: t, size: 0 }\n", 0, 4, 5, "early allocation 't' needs a size above 0", 0 },
	{ HEAD "early-allocations:\n  - { size: 4K }\n", 0, 4, 5, "an early allocation needs a name", 0 },
	{ HEAD "initrd: { size: 1784K }\n", 0, 3, 9, "initrd needs a base address", 0 },
	{ "memory: [0x80000000, 1G]\nname: x\n", 0, 1, 1, "the profile needs an arch (arm, arm64 or riscv64)", 0 },
	{ "arch: arm\nname: x\n", 0, 1, 1, "the profile needs at least one memory bank", 0 },
	{ "arch: arm\nmemory: []\n", 0, 1, 1, "the profile needs at least one memory bank", 0 },
	{ "name: x\n", 0, 1, 1, "the profile needs an arch", 2 },
	/* aliases that point back at themselves: a graph, not a tree */
	{ "arch: arm\nmemory: &m [*m]\n", 0, 2, 9, "expected a memory bank as [base, size], got a list of 1 item(s)", 0 },
	{ "arch: arm\nmemory: &m [*m, *m]\n", 0, 2, 9, "expected a base address, got a list", 4 },
	{ HEAD "reserved-memory: &r [*r]\n", 0, 3, 18,
	  "expected a reserved-memory region (a mapping of keys), got a list", 0 },
	{ "&top { arch: arm, memory: [0, 1G], reserved-memory: [*top] }\n", 0, 1, 8,
	  "unknown key 'arch' in a reserved-memory region", 3 },
	/* the alias is the anchored mapping itself, so the error points at it */
	{ HEAD "kernel-image: &k { size: *k }\n", 0, 3, 15, "expected the _stext.._end size, got a mapping", 0 },
	{ HEAD "<<: &x { name: a }\n", 0, 3, 1, "unknown key '<<' in the profile", 0 },
};

static bool check_bad(size_t i, const struct bad *b, struct mx_profile *p)
{
	struct mx_diaglist d;
	size_t len = b->len ? b->len : strlen(b->doc);
	size_t want = b->nerr ? b->nerr : 1;
	int r;

	struct mx_buf f;

	mx_diaglist_init(&d);
	mx_buf_init(&f);
	r = load_n(p, b->doc, len, &d);
	if (d.cnt)
		mx_diag_format(&d.d[0], &f); /* the message as printed: escaped */
	if (r != MX_EPARSE || d.cnt != want || d.d[0].line != b->line || d.d[0].col != b->col ||
	    !strstr(f.buf, b->msg)) {
		print_error("case %zu: ret %d, %zu error(s) (want %zu):\n", i, r, d.cnt, want);
		for (size_t j = 0; j < d.cnt; j++)
			print_error("    %d:%d: %s\n", d.d[j].line, d.d[j].col, d.d[j].msg);
		print_error("  wanted %d:%d: ...%s...\n", b->line, b->col, b->msg);
		mx_buf_release(&f);
		mx_diaglist_release(&d);
		mx_profile_release(p);
		return false;
	}
	for (size_t j = 0; j < d.cnt; j++) {
		assert_int_equal(d.d[j].sev, MX_SEV_ERROR);
		assert_null(d.d[j].check);
		assert_int_equal(d.d[j].region, -1);
		assert_string_equal(d.d[j].file, "t.yaml");
		/* one line of printable text as printed */
		mx_buf_clear(&f);
		assert_int_equal(mx_diag_format(&d.d[j], &f), 0);
		for (size_t k = 0; k < f.len; k++)
			assert_true((unsigned char)f.buf[k] >= 0x20 && f.buf[k] != 0x7f);
	}
	mx_buf_release(&f);
	assert_released(p);
	mx_diaglist_release(&d);
	return true;
}

static void test_malformed_table(void **state)
{
	struct mx_profile p;
	size_t nfail = 0;

	(void)state;
	print_message("%zu malformed documents\n", sizeof(bad) / sizeof(bad[0]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* start from a loaded profile: a failed load must release it (ASan sees leaks) */
		tu_load_profile(&p, "msm8937.yaml");
		nfail += !check_bad(i, &bad[i], &p);
	}
	assert_int_equal(nfail, 0);
}

/* Errors are capped; the last one says so. */
static void test_error_cap(void **state)
{
	struct mx_buf b;
	struct mx_profile p;
	struct mx_diaglist d;

	(void)state;
	mx_buf_init(&b);
	mx_buf_adds(&b, HEAD);
	for (int i = 0; i < 30; i++)
		mx_buf_addf(&b, "bad%d: 1\n", i);
	mx_diaglist_init(&d);
	mx_profile_init(&p);
	assert_int_equal(load_n(&p, b.buf, b.len, &d), MX_EPARSE);
	assert_int_equal(d.cnt, 20);
	assert_int_equal(d.d[0].line, 3);
	assert_int_equal(d.d[19].line, 22);
	assert_non_null(strstr(d.d[19].msg, "unknown key 'bad19'"));
	assert_non_null(strstr(d.d[19].msg, "(further errors not shown)"));
	assert_null(strstr(d.d[18].msg, "further"));
	assert_released(&p);
	mx_diaglist_release(&d);
	mx_buf_release(&b);
}

/* Several independent errors are all reported, in document order. */
static void test_several_errors(void **state)
{
	static const char doc[] = HEAD
		"cma-size: 12Q\n"
		"vmsplit: 4G\n"
		"reserved-memory:\n"
		"  - { name: a, no-map: maybe }\n"
		"  - { size: 4M }\n";
	struct mx_profile p;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	assert_int_equal(tu_load_text(&p, doc, &d), MX_EPARSE);
	assert_int_equal(d.cnt, 4);
	assert_int_equal(d.d[0].line, 3);
	assert_int_equal(d.d[1].line, 4);
	assert_int_equal(d.d[2].line, 6);
	assert_int_equal(d.d[3].line, 7);
	assert_non_null(strstr(d.d[3].msg, "needs a name"));
	assert_released(&p);
	mx_diaglist_release(&d);
}

/*
 * 300 copies of one key: each copy after the first is a duplicate. (A
 * byte-wide counter used to wrap at 256 and run the list handler twice,
 * leaking the first list.)
 */
static void test_many_duplicates(void **state)
{
	struct mx_buf b;
	struct mx_profile p;
	struct mx_diaglist d;

	(void)state;
	mx_buf_init(&b);
	mx_buf_adds(&b, HEAD);
	for (int i = 0; i < 300; i++)
		mx_buf_adds(&b, "reserved-memory: [{ name: a }]\n");
	mx_diaglist_init(&d);
	mx_profile_init(&p);
	assert_int_equal(load_n(&p, b.buf, b.len, &d), MX_EPARSE);
	assert_int_equal(d.cnt, 20);
	assert_non_null(strstr(d.d[0].msg, "duplicate key 'reserved-memory'"));
	assert_int_equal(d.d[0].line, 4);
	assert_released(&p);
	mx_diaglist_release(&d);
	mx_buf_release(&b);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_ten_thousand_regions(void **state)
{
	struct mx_buf b;
	struct mx_profile p;
	double t0;
	int r;

	(void)state;
	mx_buf_init(&b);
	mx_buf_adds(&b, "arch: arm64\nmemory: [0x40000000, 4G]\nreserved-memory:\n");
	for (unsigned i = 0; i < 10000; i++)
		mx_buf_addf(&b, "  - { name: r%u@%x, reg: [0x%x, 4K], no-map: true, compatible: [a, b] }\n",
			    i, 0x40000000u + i * 4096u, 0x40000000u + i * 4096u);
	assert_false(b.failed);
	mx_profile_init(&p);
	t0 = now();
	r = mx_profile_load_yaml(&p, b.buf, b.len, "big.yaml", NULL);
	t0 = now() - t0;
	assert_int_equal(r, 0);
	assert_int_equal(p.nregions, 10000);
	assert_string_equal(p.regions[9999].name, "r9999@4270f000");
	assert_true(p.regions[9999].reg[0].base == 0x4270f000);
	assert_int_equal(p.regions[9999].pos.line, 10003);
	/* the time is printed, not asserted: a loaded CI machine must not fail a test (the
	 * README's figures come from memx_bench) */
	print_message("10000 regions loaded in %.3f s\n", t0);
	mx_profile_release(&p);
	mx_buf_release(&b);
}

static void test_long_strings(void **state)
{
	size_t n = 1 << 20;
	char *s = malloc(n + 1);
	struct mx_buf b;
	struct mx_profile p;
	struct mx_diaglist d;
	int r;

	(void)state;
	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)('a' + i % 26);
	s[n] = '\0';
	mx_buf_init(&b);
	mx_buf_addf(&b, HEAD "description: \"%s\"\nbootargs: %s\nreserved-memory:\n  - { name: r, note: %s }\n",
		    s, s, s);
	mx_profile_init(&p);
	r = mx_profile_load_yaml(&p, b.buf, b.len, "long.yaml", NULL);
	assert_int_equal(r, 0);
	assert_int_equal(strlen(p.description), n);
	assert_string_equal(p.description, s);
	assert_string_equal(p.bootargs, s);
	assert_string_equal(p.regions[0].note, s);
	mx_profile_release(&p);

	/* a 1 MiB node name with a bad character at its end is refused, quoted short */
	mx_buf_clear(&b);
	mx_buf_addf(&b, HEAD "reserved-memory:\n  - name: \"%s;\"\n", s);
	mx_diaglist_init(&d);
	r = mx_profile_load_yaml(&p, b.buf, b.len, "long.yaml", &d);
	assert_int_equal(r, MX_EPARSE);
	assert_int_equal(d.cnt, 1);
	assert_true(strlen(d.d[0].msg) < 1000);
	assert_non_null(strstr(d.d[0].msg, "expected a node name"));
	mx_diaglist_release(&d);
	assert_released(&p);

	/* a 1 MiB unknown key: the error quotes its start */
	mx_buf_clear(&b);
	mx_buf_addf(&b, HEAD "? %s\n: 1\n", s);
	mx_diaglist_init(&d);
	r = mx_profile_load_yaml(&p, b.buf, b.len, "long.yaml", &d);
	assert_int_equal(r, MX_EPARSE);
	assert_int_equal(d.cnt, 1);
	assert_true(strlen(d.d[0].msg) < 1000);
	assert_non_null(strstr(d.d[0].msg, "unknown key 'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl...' in the profile"));
	mx_diaglist_release(&d);
	assert_released(&p);
	mx_buf_release(&b);
	free(s);
}

/* 100000 '[' used to take libyaml 20 s (quadratic); now refused at once. */
static void test_deep_nesting(void **state)
{
	size_t n = 100000;
	struct mx_buf b;
	struct mx_profile p;
	struct mx_diaglist d;
	double t0;

	(void)state;
	mx_buf_init(&b);
	mx_buf_adds(&b, HEAD "name: ");
	for (size_t i = 0; i < n; i++)
		mx_buf_adds(&b, "[");
	for (size_t i = 0; i < n; i++)
		mx_buf_adds(&b, "]");
	mx_buf_adds(&b, "\n");
	mx_diaglist_init(&d);
	mx_profile_init(&p);
	t0 = now();
	assert_int_equal(load_n(&p, b.buf, b.len, &d), MX_EPARSE);
	/* refused before libyaml's quadratic scan (20 s for 100000 brackets): a generous bound, no flake */
	assert_true(now() - t0 < 10.0);
	assert_int_equal(d.cnt, 1);
	assert_int_equal(d.d[0].line, 3);
	assert_int_equal(d.d[0].col, 70);
	assert_non_null(strstr(d.d[0].msg, "nested more than 64 deep"));
	assert_released(&p);
	mx_diaglist_clear(&d);

	/* block nesting: the same limit */
	mx_buf_clear(&b);
	mx_buf_adds(&b, HEAD "name:\n");
	for (int i = 0; i < 200; i++)
		mx_buf_addf(&b, "%*s- \n", i, "");
	assert_int_equal(load_n(&p, b.buf, b.len, &d), MX_EPARSE);
	assert_int_equal(d.cnt, 1);
	assert_non_null(strstr(d.d[0].msg, "nested more than 64 deep"));
	mx_diaglist_clear(&d);

	/* 64 levels are fine for the parser; the loader then says what it wanted */
	mx_buf_clear(&b);
	mx_buf_adds(&b, HEAD "name: ");
	for (int i = 0; i < 63; i++)
		mx_buf_adds(&b, "[");
	for (int i = 0; i < 63; i++)
		mx_buf_adds(&b, "]");
	mx_buf_adds(&b, "\n");
	assert_int_equal(load_n(&p, b.buf, b.len, &d), MX_EPARSE);
	assert_int_equal(d.cnt, 1);
	assert_non_null(strstr(d.d[0].msg, "expected a board name, got a list"));
	mx_diaglist_release(&d);
	mx_buf_release(&b);
}

/* Line and column of reader errors count characters, and CRLF is one line break. */
static void test_reader_positions(void **state)
{
	static const char crlf[] = "arch: arm\r\nmemory: [0, 1G]\r\nname: \xe2\x82\xac\xe2\x82\xac\x02\r\n";
	static const char bom[] = "\xef\xbb\xbf" "arch: a\x01" "rm\n";
	struct mx_profile p;
	struct mx_diaglist d;

	(void)state;
	mx_diaglist_init(&d);
	mx_profile_init(&p);
	assert_int_equal(load_n(&p, crlf, sizeof(crlf) - 1, &d), MX_EPARSE);
	assert_int_equal(d.cnt, 1);
	assert_int_equal(d.d[0].line, 3);
	assert_int_equal(d.d[0].col, 9);
	mx_diaglist_clear(&d);
	assert_int_equal(load_n(&p, bom, sizeof(bom) - 1, &d), MX_EPARSE);
	assert_int_equal(d.cnt, 1);
	assert_int_equal(d.d[0].line, 1);
	assert_int_equal(d.d[0].col, 8);
	mx_diaglist_release(&d);

	/* CRLF files load, and positions count lines */
	load_ok(&p, "arch: arm\r\nmemory:\r\n  - [0, 1G]\r\n");
	assert_int_equal(p.memory[0].pos.line, 3);
	mx_profile_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed_table),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_several_errors),
		cmocka_unit_test(test_many_duplicates),
		cmocka_unit_test(test_ten_thousand_regions),
		cmocka_unit_test(test_long_strings),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_reader_positions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
