/*
 * fuzz_known.h - inputs of a known bug outside the fuzzed files' owners, that
 * the targets step around so that a campaign finds new bugs instead of
 * stopping at the same one. Each filter names its reproducer in known-bugs/
 * (README there); when the bug is fixed, delete the filter and the reproducer
 * goes into the corpus.
 */
#ifndef MEMX_FUZZ_KNOWN_H
#define MEMX_FUZZ_KNOWN_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "memx/profile.h"

/*
 * known-bugs/engine-slow-*: the engine makes one item per mem_section root
 * page and per vmemmap page-table page, and walks them more than once: a
 * bank of petabytes (or a tiny section-size-bits) takes seconds to minutes
 * and hundreds of MB to compute. Stepped around: more than 2^16 present
 * sections (256 root pages; a 16 TiB arm64 board has 2^14).
 */
static inline bool fuzz_known_slow(const struct mx_profile *p)
{
	unsigned bits = p->section_size_bits;
	uint64_t sections = 0;

	if (!bits)
		bits = p->arch == MX_ARCH_ARM ? 28 : p->arch == MX_ARCH_ARM64 ? 30 : 27;
	if (bits >= 64)
		return false;
	for (size_t i = 0; i < p->nmemory; i++) {
		uint64_t n = (p->memory[i].size >> bits) + 2; /* + the partial sections at both ends */

		sections = sections + n < sections ? UINT64_MAX : sections + n;
	}
	return sections > (1u << 16);
}

/*
 * known-bugs/export-duplicate-node-names.yaml: two regions with the same
 * node name export as two nodes of that name, which dtc rejects
 * (duplicate_node_names); mx_dts_export should refuse, or the command
 * that writes it.
 */
static inline bool fuzz_known_duplicate_names(const struct mx_profile *p)
{
	for (size_t i = 0; i < p->nregions; i++)
		for (size_t k = i + 1; k < p->nregions; k++)
			if (p->regions[i].name && p->regions[k].name &&
			    !strcmp(p->regions[i].name, p->regions[k].name))
				return true;
	return false;
}

#endif
