/*
 * fuzz_bootlog.c - libFuzzer target for the boot-log reader
 *
 * Every input is a log. The reader never fails on content (only on
 * memory), and what it returns must hold together: a Memory line with a
 * total, ranges whose ends fit in 64 bits, zones that do not run
 * backwards, the strings the header promises, a described boot that is
 * one of the boots counted, at most one error and only alone (a log that
 * is not a boot log at all). The same input parsed twice gives the same
 * record. Crashes, leaks, hangs (the reader is linear in its input, with
 * copies of boots found by content) and UB are for the sanitizers and
 * libFuzzer to see.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/bootlog.h"
#include "fuzz_check.h"

/* assert() is compiled out in RelWithDebInfo (-DNDEBUG); this is not. */

/* Real logs are a few hundred KiB; bigger inputs only slow the fuzzer down. */
#define MAX_INPUT (1024 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_ranges(const struct mx_bootlog_range *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		CHECK(r[i].base + r[i].size >= r[i].base);
}

static void check(const struct mx_bootlog *b)
{
	uint64_t v;

	CHECK(b->boots >= 0);
	CHECK(b->boot_line >= 0);
	CHECK(!b->boot_line || b->boots > 0);
	if (b->mem.present)
		CHECK(b->mem.total_k > 0 && b->mem.line > 0);
	for (size_t i = 0; i < b->nrmem; i++) {
		CHECK(b->rmem[i].text);
		CHECK(b->rmem[i].kind != MX_BLR_INIT || (b->rmem[i].name && b->rmem[i].compat));
	}
	for (size_t i = 0; i < b->nfreed; i++)
		CHECK(b->freed[i].what);
	for (size_t i = 0; i < b->nzones; i++)
		CHECK(b->zones[i].start <= b->zones[i].end);
	for (size_t i = 0; i < b->nops; i++) {
		struct mx_bootlog_memop o;

		CHECK(mx_bootlog_op(b, i, &o) && o.fn && o.caller);
		CHECK(o.op == MX_BLOP_ALLOC || o.base + o.size >= o.base);
	}
	check_ranges(b->node_ranges, b->nnode_ranges);
	check_ranges(b->swiotlb, b->nswiotlb);
	check_ranges(b->crashkernel, b->ncrashkernel);
	check_ranges(b->dump_memory, b->ndump_memory);
	check_ranges(b->dump_reserved, b->ndump_reserved);
	check_ranges(b->dbg_memory, b->ndbg_memory);
	check_ranges(b->dbg_reserved, b->ndbg_reserved);
	CHECK(!b->has_dbg_memory || b->ndbg_memory > 0);
	CHECK(!b->has_dbg_reserved || b->ndbg_reserved > 0);
	for (size_t i = 0; i < b->nmeminfo; i++)
		CHECK(b->meminfo[i].n > 0);
	if (b->nmeminfo)
		CHECK(mx_bootlog_meminfo_get(b, b->meminfo[b->nmeminfo - 1].names[0], &v));
	CHECK(mx_bootlog_usable(b) == (b->mem.present || b->nmeminfo > 0));
	for (size_t i = 0; i < b->diags.cnt; i++)
		CHECK(b->diags.d[i].msg && (b->diags.d[i].sev != MX_SEV_WARNING || b->diags.d[i].line > 0));
	if (mx_diaglist_count(&b->diags, MX_SEV_ERROR))
		CHECK(b->diags.cnt == 1 && !mx_bootlog_usable(b) && !b->boots);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mx_bootlog a, b;

	if (size > MAX_INPUT)
		return 0;
	mx_bootlog_init(&a);
	mx_bootlog_init(&b);
	if (mx_bootlog_parse(&a, (const char *)data, size, "fuzz.log"))
		return 0; /* out of memory: nothing to check */
	check(&a);
	if (!mx_bootlog_parse(&b, (const char *)data, size, "fuzz.log")) {
		CHECK(a.boots == b.boots && a.boot_line == b.boot_line);
		CHECK(a.mem.present == b.mem.present && a.mem.total_k == b.mem.total_k);
		CHECK(a.nops == b.nops && a.nrmem == b.nrmem && a.diags.cnt == b.diags.cnt);
		CHECK(a.nmeminfo == b.nmeminfo && a.ndbg_memory == b.ndbg_memory &&
		      a.ndbg_reserved == b.ndbg_reserved);
	}
	mx_bootlog_release(&a);
	mx_bootlog_release(&b);
	return 0;
}
