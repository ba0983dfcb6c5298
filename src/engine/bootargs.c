/* bootargs.c - the command-line options that change memory: cma=, mem=, vmalloc= */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

/* memparse(): a number with an optional K/M/G suffix; advances *s. */
static bool memparse(const char **s, uint64_t *out)
{
	const char *p = *s;
	char tmp[40];
	size_t n = 0;

	while (p[n] && (isxdigit((unsigned char)p[n]) || p[n] == 'x' || p[n] == 'X') && n < sizeof(tmp) - 2)
		n++;
	if (p[n] && strchr("kKmMgGtT", p[n]))
		n++;
	if (!n || n >= sizeof(tmp) - 1)
		return false;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	if (mx_size_parse(tmp, out))
		return false;
	*s = p + n;
	return true;
}

/*
 * kernel/crash_core.c: crashkernel=SIZE[@BASE], RANGE:SIZE[,...][@BASE]
 * (parse_crashkernel_mem(): START-[END]:SIZE, chosen later against the
 * memory size), SIZE,high and SIZE,low. Later ones replace earlier ones of
 * the same form, as get_last_crashkernel() finds the last. Returns 0 or -1.
 */
static int crashkernel_arg(struct mx_params *P, const char *v)
{
	uint64_t size = 0, base = 0;
	unsigned n = 0;

	if (strchr(v, ':')) {
		while (*v && *v != '@') {
			uint64_t s, e = 0, sz;

			if (!memparse(&v, &s) || *v++ != '-')
				return -1;
			if (*v != ':' && !memparse(&v, &e))
				return -1;
			if (*v++ != ':' || !memparse(&v, &sz) || n == 8 || (e && e <= s))
				return -1;
			P->crash_ranges[n].start = s;
			P->crash_ranges[n].end = e;
			P->crash_ranges[n++].size = sz;
			if (*v == ',')
				v++;
		}
		if (*v == '@' && (v++, !memparse(&v, &base)))
			return -1;
		if (*v)
			return -1;
		P->has_crash = true;
		P->ncrash_ranges = n;
		P->crash_size = 0;
		P->crash_base = base;
		return 0;
	}
	if (!memparse(&v, &size))
		return -1;
	if (!strcmp(v, ",high") || !strcmp(v, ",low")) {
		if (v[1] == 'h') {
			P->has_crash_high = true;
			P->crash_high = size;
		} else {
			P->has_crash_low = true;
			P->crash_low = size;
		}
		return 0;
	}
	if (*v == '@' && (v++, !memparse(&v, &base)))
		return -1;
	if (*v)
		return -1; /* SIZE@BASE,high included: the kernel says -EINVAL */
	P->has_crash = true;
	P->ncrash_ranges = 0;
	P->crash_size = size;
	P->crash_base = base;
	return 0;
}

/* "SIZE[@BASE]" as cma= and mem= start (memparse() twice); *has_base tells whether @ came. */
static bool size_at_base(const char **v, uint64_t *size, uint64_t *base, bool *has_base)
{
	*base = 0;
	*has_base = false;
	if (!memparse(v, size))
		return false;
	if (**v != '@')
		return true;
	(*v)++;
	*has_base = true;
	return memparse(v, base);
}

/* A number as simple_strtoul(s, &s, 0) reads it: decimal, 0x hex or 0 octal; no suffix. */
static bool plain_number(const char **s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!isdigit((unsigned char)**s))
		return false;
	errno = 0;
	v = strtoull(*s, &end, 0);
	if (errno)
		return false;
	*out = v;
	*s = end;
	return true;
}

/* kernel/dma/swiotlb.c: setup_io_tlb_npages(): [SLABS[,AREAS],][force|noforce]; stops at what it cannot read */
static int swiotlb_arg(struct mx_params *P, const char *v)
{
	uint64_t n;

	if (plain_number(&v, &n)) {
		P->swiotlb_slabs = n;
		if (*v == ',')
			v++;
		if (plain_number(&v, &n)) {
			P->swiotlb_nareas = n;
			if (*v == ',')
				v++;
		}
	}
	if (!strcmp(v, "force"))
		P->swiotlb_force = true;
	else if (!strcmp(v, "noforce"))
		P->swiotlb_off = true;
	return 0;
}

/*
 * lib/cmdline.c: memparse() as the kernel uses it for vmalloc=, result as it
 * comes: simple_strtoull(s, &end, 0) (0x hex, a leading 0 octal, else
 * decimal; no digits: 0; too many wrap modulo 2^64, _parse_integer_limit()
 * only flags it), then a K/M/G/T/P/E suffix shifts left, wrapping too; what
 * follows is ignored. (cma= and mem= go through memparse() above, which
 * refuses what does not fit, with a diagnostic.)
 */
static uint64_t kernel_memparse(const char *s)
{
	static const char suffix[] = "KMGTPE";
	unsigned base = 10;
	uint64_t v = 0;
	const char *u;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isxdigit((unsigned char)s[2])) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (;; s++) {
		unsigned d;

		if (isdigit((unsigned char)*s))
			d = (unsigned)(*s - '0');
		else if (isxdigit((unsigned char)*s))
			d = (unsigned)(tolower((unsigned char)*s) - 'a' + 10);
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
	}
	if (*s && (u = strchr(suffix, toupper((unsigned char)*s))))
		v <<= 10 * (unsigned)(u - suffix + 1);
	return v;
}

/*
 * arch/arm/mm/mmu.c: early_vmalloc() (only 32-bit ARM has vmalloc=): the
 * memparse() result goes into an unsigned long, 32 bits, so vmalloc=4G is 0
 * and vmalloc=0x100000000 is 0; then at least 16 MiB ("vmalloc area is too
 * small, limiting to 16MiB") and at most VMALLOC_END - (PAGE_OFFSET + 32 MiB)
 * ("... too big ..."). The kernel refuses nothing here, and memx does as it
 * does, with a warning where the size is not the one written. (6.x kernels
 * also keep VMALLOC_OFFSET out of the maximum; mxi_arm_vmalloc_limit() has
 * the same bound as here.)
 */
static int early_vmalloc(struct mx_params *P, const struct mx_profile *p, const char *v,
			 struct mx_diaglist *diags)
{
	uint64_t asked = kernel_memparse(v), size = (uint32_t)asked;
	uint64_t max = P->flavour->arm_vmalloc_end - (P->page_offset + (32ULL << 20));
	const char *why = NULL;

	if (size < (16ULL << 20)) {
		size = 16ULL << 20;
		why = "too small";
	}
	if (size > max) {
		size = max;
		why = "too big";
	}
	P->vmalloc_size = size;
	P->vmalloc_cmdline = true;
	P->assumed &= ~(unsigned)MX_ASSUMED_VMALLOC;
	if (!why)
		return 0;
	return mx_diag_add(diags, MX_SEV_WARNING, mxi_check_name(MX_CHECK_BOOTARGS), &p->pos, -1,
			   "vmalloc=%s is %" PRIu64 " bytes as a 32-bit kernel reads it: the vmalloc area "
			   "is %s, limited to %" PRIu64 " MiB (early_vmalloc)", v, (uint64_t)(uint32_t)asked,
			   why, size >> 20);
}

static int bad(struct mx_diaglist *diags, const struct mx_profile *p, const char *arg)
{
	return mx_diag_add(diags, MX_SEV_ERROR, mxi_check_name(MX_CHECK_BOOTARGS), &p->pos, -1,
			   "cannot parse '%s' in bootargs; ignored", arg);
}

int mxi_bootargs_parse(struct mx_params *P, const struct mx_profile *p, struct mx_diaglist *diags)
{
	const char *s = p->bootargs;

	while (s && *s) {
		char arg[256];
		size_t n = 0;
		const char *v;

		while (isspace((unsigned char)*s))
			s++;
		while (s[n] && !isspace((unsigned char)s[n]))
			n++;
		if (!n)
			break;
		if (n >= sizeof(arg))
			n = sizeof(arg) - 1;
		memcpy(arg, s, n);
		arg[n] = '\0';
		s += n;
		if (!strncmp(arg, "cma=", 4)) {
			/* kernel/dma/contiguous.c: early_cma(): size[@base[-limit]] */
			uint64_t size, base, limit = 0;
			bool at;

			v = arg + 4;
			if (!size_at_base(&v, &size, &base, &at))
				goto bad;
			if (at) {
				if (*v == '-') {
					v++;
					if (!memparse(&v, &limit))
						goto bad;
				} else if (!mx_add_ok(base, size, &limit)) {
					goto bad;
				}
			}
			if (*v)
				goto bad;
			P->cma_size = size;
			P->cma_base = base;
			P->cma_limit = limit;
			P->cma_cmdline = true;
			P->assumed &= ~(unsigned)MX_ASSUMED_CMA_SIZE;
		} else if (!strncmp(arg, "mem=", 4)) {
			uint64_t size, base;
			bool at;

			v = arg + 4;
			if (!size_at_base(&v, &size, &base, &at) || *v || !size)
				goto bad;
			if (at) {
				P->has_mem_base = true;
				P->mem_base = base;
			}
			P->mem_limit = size;
			if (P->narm_mem < sizeof(P->arm_mem) / sizeof(P->arm_mem[0])) {
				P->arm_mem[P->narm_mem].size = size;
				P->arm_mem[P->narm_mem].base = base;
				P->arm_mem[P->narm_mem++].has_base = at;
			}
		} else if (!strncmp(arg, "crashkernel=", 12)) {
			if (crashkernel_arg(P, arg + 12))
				goto bad;
		} else if (!strncmp(arg, "nr_cpus=", 8)) {
			/* kernel/smp.c: nr_cpus(): get_option(); only 0 < N < nr_cpu_ids lowers it */
			uint64_t cpus;

			v = arg + 8;
			if (!plain_number(&v, &cpus) || (*v && *v != ','))
				goto bad;
			P->nr_cpus = cpus > 65536 ? 65536 : (unsigned)cpus;
		} else if (!strncmp(arg, "log_buf_len=", 12)) {
			uint64_t size;

			v = arg + 12;
			if (!memparse(&v, &size) || *v)
				goto bad;
			P->log_buf_len = size;
		} else if (!strncmp(arg, "swiotlb=", 8)) {
			if (swiotlb_arg(P, arg + 8))
				goto bad;
		} else if (!strncmp(arg, "vmalloc=", 8)) {
			uint64_t size;

			v = arg + 8;
			if (P->arch == MX_ARCH_ARM) {
				if (early_vmalloc(P, p, v, diags))
					return MX_ENOMEM;
				continue;
			}
			if (!memparse(&v, &size) || *v)
				goto bad;
			P->vmalloc_size = size;
			P->vmalloc_cmdline = true;
			P->assumed &= ~(unsigned)MX_ASSUMED_VMALLOC;
		}
		continue;
bad:
		if (bad(diags, p, arg))
			return MX_ENOMEM;
	}
	return 0;
}
