/* sort.c - lib/sort.c's heapsort order, the permutation fdt_init_reserved_mem() leaves */
#include <stddef.h>
#include <stdint.h>

#include "core_internal.h"

/*
 * lib/sort.c (v5.2+): bottom-up heapsort. fdt_init_reserved_mem() sorts
 * every saved region by (base, size) through __rmem_check_for_overlap();
 * dynamic regions all have base = size = 0 there, so their relative order
 * is whatever permutation this sort leaves - it is not stable.
 */
static int key_cmp(const uint64_t *base, const uint64_t *size, size_t a, size_t b)
{
	if (base[a] != base[b])
		return base[a] < base[b] ? -1 : 1;
	if (size[a] != size[b])
		return size[a] < size[b] ? -1 : 1;
	return 0;
}

static size_t parent(size_t i)
{
	return (i - 1) / 2;
}

void mxi_heapsort_order(size_t *idx, const uint64_t *base, const uint64_t *size, size_t n)
{
	size_t a = n / 2, m = n;

	if (!a)
		return;
	for (;;) {
		size_t b, cc, d, t;

		if (a) {
			a--;
		} else if (--m) {
			t = idx[0];
			idx[0] = idx[m];
			idx[m] = t;
		} else {
			break;
		}
		for (b = a; cc = 2 * b + 1, (d = cc + 1) < m;)
			b = key_cmp(base, size, idx[cc], idx[d]) >= 0 ? cc : d;
		if (d == m)
			b = cc;
		while (b != a && key_cmp(base, size, idx[a], idx[b]) >= 0)
			b = parent(b);
		cc = b;
		while (b != a) {
			b = parent(b);
			t = idx[b];
			idx[b] = idx[cc];
			idx[cc] = t;
		}
	}
}

