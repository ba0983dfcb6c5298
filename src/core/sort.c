/* sort.c - lib/sort.c's heapsort order, the permutation fdt_init_reserved_mem() leaves */
#include <stdbool.h>
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

/*
 * lib/sort.c's loop over an array @k of @n entries of type T, ordered by
 * GE(x, y) ("x >= y", a total preorder): every instance comes to the same
 * results of the same comparisons and makes the same moves, so entries
 * whose order agrees come out in the same permutation, ties included.
 *
 * The kernel's sift: down the larger children to a leaf, back up while a's
 * entry is >= the node's, then a rotation of that path. The way down is
 * kept here (its nodes and their entries), which changes how, not what:
 * - below a the path's entries never rise (a heap's), so "a's entry >= the
 *   node's" is false down to some depth and true below it: the kernel's
 *   climb stops at the last false one, found by a binary search of the
 *   kept entries instead of a step and a branch per level;
 * - the rotation writes the kept entries one level up and a's at the end,
 *   without loading them again.
 */
#define MXI_HEAPSORT(k, n, T, GE)						\
	do {									\
		size_t a_ = (n) / 2, m_ = (n);					\
		size_t path_[64]; /* the way down: a's child first (n < 2^64) */	\
		T pv_[64];        /* their entries */				\
										\
		if (!a_)							\
			break;							\
		for (;;) {							\
			size_t b_, c_, d_, np_ = 0, lo_, len_;			\
			T t_;							\
										\
			if (a_)							\
				a_--;						\
			else if (--m_) {					\
				t_ = (k)[0];					\
				(k)[0] = (k)[m_];				\
				(k)[m_] = t_;					\
			} else							\
				break;						\
			for (b_ = a_; c_ = 2 * b_ + 1, (d_ = c_ + 1) < m_;) {	\
				if (8 * b_ + 7 < m_)				\
					__builtin_prefetch(&(k)[8 * b_ + 7]);	\
				b_ = GE(&(k)[c_], &(k)[d_]) ? c_ : d_;		\
				path_[np_] = b_;				\
				pv_[np_++] = (k)[b_];				\
			}							\
			if (d_ == m_) {						\
				path_[np_] = c_;				\
				pv_[np_++] = (k)[c_];				\
			}							\
			/* the first kept entry that a's is >= (np_: none) */	\
			t_ = (k)[a_];						\
			for (lo_ = 0, len_ = np_; len_;) {			\
				size_t h_ = len_ / 2;				\
									\
				if (GE(&t_, &pv_[lo_ + h_])) {			\
					len_ = h_;				\
				} else {					\
					lo_ += h_ + 1;				\
					len_ -= h_ + 1;				\
				}						\
			}							\
			/* a's entry goes to path_[lo_ - 1], each above it up one */ \
			if (lo_) {						\
				(k)[a_] = pv_[0];				\
				for (size_t j_ = 1; j_ < lo_; j_++)		\
					(k)[path_[j_ - 1]] = pv_[j_];		\
				(k)[path_[lo_ - 1]] = t_;			\
			}							\
		}								\
	} while (0)

#define KEY_GE(x, y) (key_cmp((x), (y)) >= 0)

/* (base, size) as one number, and the entry's number: half the bytes of struct mxi_sort_key */
struct packed_key {
	uint64_t key;
	size_t idx;
};

#define PACKED_GE(x, y) ((x)->key >= (y)->key)

/* (base, size) above the entry's number, its low ib bits (sort_packed()'s): a quarter of the bytes */
#define NARROW_GE(x, y) (*(x) >> ib >= *(y) >> ib)

static unsigned bits(uint64_t x)
{
	unsigned n = 0;

	for (; x; x >>= 1)
		n++;
	return n;
}

/* (base, size) of @k as sort_packed()'s number (the shift @s and the size's width @w). */
static uint64_t pack(const struct mxi_sort_key *k, unsigned s, unsigned w)
{
	return w == 64 ? k->size >> s : (k->base >> s) << w | k->size >> s;
}

/* pack()'s number @key back into @k's base and size. */
static void unpack(struct mxi_sort_key *k, uint64_t key, unsigned s, unsigned w)
{
	k->base = w == 64 ? 0 : (key >> w) << s;
	k->size = w ? (key & (UINT64_MAX >> (64 - w))) << s : 0;
}

/*
 * Sort @k through packed keys when (base, size) fit one 64-bit number in
 * their order: (base >> s) << w | size >> s, s the trailing zero bits every
 * base and size share, w the bits of the largest size >> s. Then
 * key order is (base, size) order, the sort's comparisons come out the
 * same and so does its permutation. When the entries' numbers fit beside
 * it, key and number share 8 bytes and the comparisons ignore the number.
 * False (nothing done) when the keys do not fit or out of memory.
 */
static bool sort_packed(struct mxi_sort_key *k, size_t n)
{
	uint64_t any = 0, maxb = 0, maxs = 0, maxi = 0;
	unsigned s = 0, w, kb, ib;
	struct packed_key *pk;
	uint64_t *nk;

	for (size_t i = 0; i < n; i++) {
		any |= k[i].base | k[i].size;
		if (k[i].base > maxb)
			maxb = k[i].base;
		if (k[i].size > maxs)
			maxs = k[i].size;
		if (k[i].idx > maxi)
			maxi = k[i].idx;
	}
	while (any && !(any & 1)) {
		any >>= 1;
		s++;
	}
	w = bits(maxs >> s);
	kb = bits(maxb >> s) + w;
	ib = bits(maxi);
	if (kb > 64)
		return false;
	if (kb + ib <= 64 && ib < 64 && n <= SIZE_MAX / sizeof(*nk) && (nk = malloc(n * sizeof(*nk)))) {
		for (size_t i = 0; i < n; i++)
			nk[i] = pack(&k[i], s, w) << ib | k[i].idx;
		MXI_HEAPSORT(nk, n, uint64_t, NARROW_GE);
		for (size_t i = 0; i < n; i++) {
			unpack(&k[i], nk[i] >> ib, s, w);
			k[i].idx = (size_t)(nk[i] & ((1ULL << ib) - 1));
		}
		free(nk);
		return true;
	}
	if (n > SIZE_MAX / sizeof(*pk) || !(pk = malloc(n * sizeof(*pk))))
		return false;
	for (size_t i = 0; i < n; i++) {
		pk[i].key = pack(&k[i], s, w);
		pk[i].idx = k[i].idx;
	}
	MXI_HEAPSORT(pk, n, struct packed_key, PACKED_GE);
	for (size_t i = 0; i < n; i++) {
		unpack(&k[i], pk[i].key, s, w);
		k[i].idx = pk[i].idx;
	}
	free(pk);
	return true;
}

/*
 * The entries themselves are moved (not a permutation of indices into key
 * arrays): every comparison reads neighbouring memory, which at 100,000
 * regions is most of the sort's time. Same comparisons, same swaps; on
 * 16-byte packed keys when they fit (boards' addresses and sizes do).
 */
void mxi_heapsort_keys(struct mxi_sort_key *k, size_t n)
{
	if (n < 2 || sort_packed(k, n))
		return;
	MXI_HEAPSORT(k, n, struct mxi_sort_key, KEY_GE);
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
