/* sort.c - lib/sort.c's heapsort order, the permutation fdt_init_reserved_mem() leaves */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "memx/types.h"

#include "core_internal.h"

/*
 * lib/sort.c (v5.2+): bottom-up heapsort. fdt_init_reserved_mem() sorts
 * every saved region by (base, size) through __rmem_check_for_overlap();
 * dynamic regions all have base = size = 0 there, so their relative order
 * is whatever permutation this sort leaves - it is not stable.
 */
static int key_cmp(const struct mxi_sort_key *x, const struct mxi_sort_key *y)
{
	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	return 0;
}

static size_t parent(size_t i)
{
	return (i - 1) / 2;
}

static void swap_keys(struct mxi_sort_key *k, size_t a, size_t b)
{
	struct mxi_sort_key t = k[a];

	k[a] = k[b];
	k[b] = t;
}

/*
 * The entries themselves are moved (not a permutation of indices into key
 * arrays): every comparison reads neighbouring memory, which at 100,000
 * regions is most of the sort's time. Same comparisons, same swaps.
 */
void mxi_heapsort_keys(struct mxi_sort_key *k, size_t n)
{
	size_t a = n / 2, m = n;

	if (!a)
		return;
	for (;;) {
		size_t b, cc, d;

		if (a)
			a--;
		else if (--m)
			swap_keys(k, 0, m);
		else
			break;
		for (b = a; cc = 2 * b + 1, (d = cc + 1) < m;)
			b = key_cmp(&k[cc], &k[d]) >= 0 ? cc : d;
		if (d == m)
			b = cc;
		while (b != a && key_cmp(&k[a], &k[b]) >= 0)
			b = parent(b);
		cc = b;
		while (b != a) {
			b = parent(b);
			swap_keys(k, b, cc);
		}
	}
}

int mxi_heapsort_order(size_t *idx, const uint64_t *base, const uint64_t *size, size_t n)
{
	struct mxi_sort_key *k;

	if (n < 2)
		return 0;
	if (n > SIZE_MAX / sizeof(*k) || !(k = malloc(n * sizeof(*k))))
		return MX_ENOMEM;
	for (size_t i = 0; i < n; i++)
		k[i] = (struct mxi_sort_key){ base[idx[i]], size[idx[i]], idx[i] };
	mxi_heapsort_keys(k, n);
	for (size_t i = 0; i < n; i++)
		idx[i] = k[i].idx;
	free(k);
	return 0;
}
