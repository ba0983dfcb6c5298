/* diffref_params.c - the reference model's settings: flavour, defaults and the command line */
#include <stdio.h>
#include <string.h>

#include "diffref_internal.h"

uint64_t ref_pow2_ceil(uint64_t x)
{
	uint64_t p = 1;

	while (p < x && p < (1ULL << 63))
		p <<= 1;
	return p;
}

/* memparse: decimal or 0x hex, optional K/M/G suffix. */
static bool parse_num(const char **sp, uint64_t *out, bool suffix)
{
	const char *s = *sp;
	uint64_t v = 0;
	int digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		for (;; s++, digits++) {
			int d = *s >= '0' && *s <= '9' ? *s - '0' :
				*s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
				*s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;
			if (d < 0)
				break;
			v = v * 16 + (uint64_t)d;
		}
	} else {
		for (; *s >= '0' && *s <= '9'; s++, digits++)
			v = v * 10 + (uint64_t)(*s - '0');
	}
	if (!digits)
		return false;
	switch (suffix ? *s : 0) {
	case 'K': case 'k': v <<= 10; s++; break;
	case 'M': case 'm': v <<= 20; s++; break;
	case 'G': case 'g': v <<= 30; s++; break;
	default: break;
	}
	*out = v;
	*sp = s;
	return true;
}

/*
 * The options the generator writes: cma=size[@base[-limit]], mem=size
 * (32-bit ARM: mem=size[@base], each one a bank), and for 6.1
 * crashkernel=size[@base], log_buf_len=size, nr_cpus=N and
 * swiotlb=[slabs][,areas][,force|noforce]. Anything else is not modelled.
 */
static void parse_bootargs(struct ref *R, const char *s)
{
	while (s && *s) {
		const char *end, *q;
		size_t n;
		uint64_t a, b, c;
		bool at;

		while (*s == ' ')
			s++;
		end = strchr(s, ' ');
		n = end ? (size_t)(end - s) : strlen(s);
		if (!n)
			break;
		if (!strncmp(s, "cma=", 4)) {
			q = s + 4;
			if (!parse_num(&q, &a, true))
				goto bad;
			R->cma_cmdline = true;
			R->cma_cmd_size = a;
			R->cma_cmd_base = 0;
			R->cma_cmd_limit = 0;
			R->cma_fixed = false;
			if (*q == '@') {
				q++;
				if (!parse_num(&q, &b, true))
					goto bad;
				R->cma_cmd_base = b;
				if (*q == '-') {
					q++;
					if (!parse_num(&q, &c, true))
						goto bad;
					R->cma_cmd_limit = c;
				} else {
					R->cma_fixed = true; /* "cma=S@B is fixed at B" */
				}
			}
		} else if (!strncmp(s, "mem=", 4)) {
			q = s + 4;
			if (!parse_num(&q, &a, true))
				goto bad;
			b = 0;
			at = *q == '@';
			if (at) {
				q++;
				if (!parse_num(&q, &b, true))
					goto bad;
			}
			if (R->arch == MX_ARCH_ARM) {
				/* early_mem(): every mem= adds a bank, in order */
				if (R->narm_mem == sizeof(R->arm_mem) / sizeof(R->arm_mem[0]))
					goto bad;
				R->arm_mem[R->narm_mem].size = a;
				R->arm_mem[R->narm_mem].base = b;
				R->arm_mem[R->narm_mem].has_base = at;
				R->narm_mem++;
			} else {
				if (at)
					goto bad; /* mem=N@B is 32-bit ARM's */
				R->mem_limit = a;
			}
		} else if (!strncmp(s, "nr_cpus=", 8)) {
			q = s + 8;
			if (!parse_num(&q, &a, false))
				goto bad;
			R->nr_cpus_arg = a > 0xffffffffu ? 0xffffffffu : (unsigned)a;
		} else if (!strncmp(s, "crashkernel=", 12)) {
			/* parse_crashkernel_simple(): size[@offset]; 6.12 also size,high and size,low */
			q = s + 12;
			if (!parse_num(&q, &a, true))
				goto bad;
			if (!strncmp(q, ",high", 5) && q + 5 == s + n) {
				R->crash_high = a;
				q += 5;
				goto next;
			}
			if (!strncmp(q, ",low", 4) && q + 4 == s + n) {
				R->crash_low = a;
				q += 4;
				goto next;
			}
			R->crash_size = a;
			R->crash_base = 0;
			if (*q == '@') {
				q++;
				if (!parse_num(&q, &b, true))
					goto bad;
				R->crash_base = b;
			}
		} else if (!strncmp(s, "log_buf_len=", 12)) {
			q = s + 12;
			if (!parse_num(&q, &a, true))
				goto bad;
			R->log_buf_len = a;
		} else if (!strncmp(s, "swiotlb=", 8)) {
			/* setup_io_tlb_npages(): simple_strtoul, no size suffix */
			q = s + 8;
			if (*q >= '0' && *q <= '9') {
				if (!parse_num(&q, &a, false))
					goto bad;
				R->swiotlb_slabs = a;
			}
			if (*q == ',')
				q++;
			if (*q >= '0' && *q <= '9') {
				if (!parse_num(&q, &a, false))
					goto bad;
				R->swiotlb_nareas = a;
			}
			if (*q == ',')
				q++;
			if (!strncmp(q, "force", 5) && q + 5 == s + n) {
				R->swiotlb_force = true;
				q += 5;
			} else if (!strncmp(q, "noforce", 7) && q + 7 == s + n) {
				R->swiotlb_off = true;
				q += 7;
			}
		} else {
			goto bad;
		}
next:
		if (q != s + n)
			goto bad;
		s += n;
		continue;
bad:
		ref_unsupported(R, "bootargs '%s' not modelled", s);
		return;
	}
}

/* The newest flavour whose lower bound is not above the version; no version: 5.10. */
static enum ref_flavour flavour_of(const char *v)
{
	unsigned maj = 0, min = 0;

	if (!v || !*v || sscanf(v, "%u.%u", &maj, &min) != 2)
		return REF_510;
	if (maj * 1000 + min >= 6012)
		return REF_612; /* 6.2 .. 6.11 keep the 6.1 rules */
	if (maj >= 6)
		return REF_61;
	return maj * 1000 + min >= 4014 ? REF_510 : REF_318;
}

/*
 * Where the initrd and the DTB are: the profile's bases, or QEMU's direct
 * boot (doc/engine.md, "Boot loaders"; hw/arm/boot.c): the initrd at RAM
 * start + MIN(RAM / 2, 128 MiB), page-aligned, the DTB after it on 2 MiB
 * (AArch64) or 4 KiB, 2 x (dtb-file + 10000) bytes. RAM is the one bank
 * QEMU's -m makes (the generator gives such profiles one bank).
 */
static void resolve_blobs(struct ref *R)
{
	const struct mx_profile *p = R->p;
	bool qemu = p->boot.type == MX_LOADER_QEMU;
	uint64_t spot;

	R->has_initrd = p->initrd.present;
	R->initrd_size = p->initrd.size;
	R->initrd_base = p->initrd.base;
	R->has_fdt = p->fdt.present;
	R->fdt_size = p->fdt.size;
	R->fdt_base = p->fdt.base;
	if (!qemu) {
		if (R->has_fdt && !p->fdt.has_base)
			ref_unsupported(R, "fdt without a base");
		if (R->has_initrd && !p->initrd.has_base)
			ref_unsupported(R, "initrd without a base");
		return;
	}
	if (p->nmemory != 1 || !p->boot.dtb_file || p->fdt.present || R->arch == MX_ARCH_RISCV64)
		ref_unsupported(R, "boot-loader qemu: arm or arm64, one bank, dtb-file, no fdt:");
	spot = rup(p->memory[0].base + min64(p->memory[0].size / 2, 128 * MiB), 4096);
	if (R->has_initrd && !p->initrd.has_base)
		R->initrd_base = spot;
	R->has_fdt = true;
	R->fdt_base = rup(R->has_initrd ? R->initrd_base + R->initrd_size : spot,
			  R->arch == MX_ARCH_ARM ? 4096 : 2 * MiB);
	R->fdt_size = 2 * (p->boot.dtb_file + 10000);
}

void ref_resolve(struct ref *R)
{
	const struct mx_profile *p = R->p;
	const struct mx_kernel_image *k = &p->kernel_image;

	R->fl = flavour_of(p->kernel);
	R->v510 = R->fl >= REF_510;
	R->v61 = R->fl >= REF_61;
	R->v612 = R->fl == REF_612;
	R->kside = R->v61 && p->kside.present;
	R->arch = p->arch;
	if (R->arch == MX_ARCH_NONE)
		ref_unsupported(R, "no arch");
	R->page = p->page_size ? p->page_size : 4096;
	if (R->page != 4096)
		ref_unsupported(R, "page size %llu", (unsigned long long)R->page);
	R->sp = p->struct_page ? p->struct_page : R->arch == MX_ARCH_ARM ? 32 : 64;
	R->sparse = p->model == MX_MM_SPARSE ||
		    (p->model == MX_MM_DEFAULT && R->arch != MX_ARCH_ARM);
	R->vmemmap = p->vmemmap >= 0 ? p->vmemmap != 0 : R->arch != MX_ARCH_ARM;
	R->extreme = p->extreme >= 0 ? p->extreme != 0 : R->arch != MX_ARCH_ARM;
	R->max_order = p->max_order ? p->max_order : 11;
	/* per arch: MAX_ORDER - 1 on 32-bit ARM, the 2 MiB HUGETLB order elsewhere */
	R->pb_order = p->pageblock_order ? p->pageblock_order :
		      R->arch == MX_ARCH_ARM ? R->max_order - 1 : 9;
	R->mpb = p->max_physmem_bits;
	R->ssb = p->section_size_bits;
	if (R->sparse && (!R->mpb || !R->ssb))
		ref_unsupported(R, "SPARSEMEM without explicit section sizes");
	R->mo_nr = 1ULL << (R->max_order - 1);
	/* 6.1: CMA_MIN_ALIGNMENT_BYTES, one pageblock; before: MAX_ORDER blocks */
	R->cma_align = R->v61 ? R->page << R->pb_order :
		       R->page << (R->max_order - 1 > R->pb_order ? R->max_order - 1 : R->pb_order);
	if (!p->nmemory) {
		ref_unsupported(R, "no memory");
		return;
	}
	R->kbase = k->has_base ? k->base :
		   p->memory[0].base + (R->arch == MX_ARCH_ARM ? 0x8000 : 2 * MiB);
	R->init_base = k->has_init_base ? k->init_base : rup(R->kbase + k->code + k->rodata, R->page);
	R->pgd_size = p->pgd.present ? p->pgd.size : 16 * KiB;
	R->pgd_base = p->pgd.present && p->pgd.has_base ? p->pgd.base : R->kbase - R->pgd_size;
	parse_bootargs(R, p->bootargs);
	if (!R->v612 && (R->crash_high || R->crash_low))
		ref_unsupported(R, "crashkernel=,high/,low in a %s profile", p->kernel);
	if (!R->v61 && (R->crash_size || R->log_buf_len || R->swiotlb_slabs || R->swiotlb_force ||
			R->swiotlb_off || R->swiotlb_nareas || R->nr_cpus_arg))
		ref_unsupported(R, "6.1 command-line options in a %s profile", p->kernel);
	/*
	 * The possible CPUs: the tree's, at most CONFIG_NR_CPUS (nr_cpu_ids
	 * starts there), and nr_cpus= lowers nr_cpu_ids when it is not 0 and
	 * below it (kernel/smp.c nrcpus(); smp_init_cpus() stops at nr_cpu_ids)
	 */
	{
		unsigned ids = p->kside.nr_cpus_max ? p->kside.nr_cpus_max : 0xffffffffu;

		if (R->nr_cpus_arg && R->nr_cpus_arg < ids)
			ids = R->nr_cpus_arg;
		R->cpus = p->kside.cpus ? p->kside.cpus : 1;
		if (R->cpus > ids)
			R->cpus = ids;
	}
	R->models = p->kside.present;
	resolve_blobs(R);
}
