/* bootargs.c - the command-line options that change memory: cma=, mem=, vmalloc= */
#include <ctype.h>
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

static int bad(struct mx_diaglist *diags, const struct mx_profile *p, const char *arg)
{
	return mx_diag_add(diags, MX_SEV_ERROR, "bootargs", &p->pos, -1,
			   "cannot parse '%s' in bootargs; ignored", arg);
}

int mx_bootargs_parse(struct mx_params *P, const struct mx_profile *p, struct mx_diaglist *diags)
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
			uint64_t size, base = 0, limit = 0;

			v = arg + 4;
			if (!memparse(&v, &size))
				goto bad;
			if (*v == '@') {
				v++;
				if (!memparse(&v, &base))
					goto bad;
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
			uint64_t size, base = 0;

			v = arg + 4;
			if (!memparse(&v, &size))
				goto bad;
			if (*v == '@') {
				v++;
				if (!memparse(&v, &base))
					goto bad;
				P->has_mem_base = true;
				P->mem_base = base;
			}
			if (*v || !size)
				goto bad;
			P->mem_limit = size;
		} else if (!strncmp(arg, "crashkernel=", 12)) {
			/* kernel/crash_core.c: parse_crashkernel_simple(): size[@base] */
			uint64_t size, base = 0;

			v = arg + 12;
			if (!memparse(&v, &size))
				goto bad;
			if (*v == '@') {
				v++;
				if (!memparse(&v, &base))
					goto bad;
			}
			if (!strcmp(v, ",low")) {
				P->crash_low = size;
				P->has_crash_low = true;
				goto next;
			}
			if (!strcmp(v, ",high")) {
				P->crash_high = true;
				v += 5;
			}
			if (*v)
				goto bad;
			P->crash_size = size;
			P->crash_base = base;
		} else if (!strncmp(arg, "log_buf_len=", 12)) {
			uint64_t size;

			v = arg + 12;
			if (!memparse(&v, &size) || *v)
				goto bad;
			P->log_buf_len = size;
		} else if (!strncmp(arg, "swiotlb=", 8)) {
			/* kernel/dma/swiotlb.c: setup_io_tlb_npages(): slabs[,force] or force / noforce */
			uint64_t slabs;

			v = arg + 8;
			if (isdigit((unsigned char)*v)) {
				if (!memparse(&v, &slabs))
					goto bad;
				P->swiotlb_slabs = slabs;
				if (*v == ',')
					v++;
			}
			if (!strcmp(v, "force"))
				P->swiotlb_force = true;
			else if (!strcmp(v, "noforce"))
				P->swiotlb_off = true;
			else if (*v)
				goto bad;
		} else if (!strncmp(arg, "vmalloc=", 8)) {
			uint64_t size;

			v = arg + 8;
			if (!memparse(&v, &size) || *v)
				goto bad;
			P->vmalloc_size = size;
			P->vmalloc_cmdline = true;
			P->assumed &= ~(unsigned)MX_ASSUMED_VMALLOC;
		}
next:
		continue;
bad:
		if (bad(diags, p, arg))
			return MX_ENOMEM;
	}
	return 0;
}
