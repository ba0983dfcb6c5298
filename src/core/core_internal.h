/*
 * core_internal.h - helpers of the core layer the other layers of the library share.
 * Not the API: every function the layers share among themselves is named mxi_ (hidden in
 * libmemx.so, see memx/api.h); the interface is mx_ in include/memx/.
 */
#ifndef MEMX_CORE_INTERNAL_H
#define MEMX_CORE_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* buf.c */
/*
 * mxi_grow - make the array *@p (of *@max elements of @sz bytes) hold at
 * least @need elements, doubling. Returns 0 or MX_ENOMEM (then *@p is intact).
 */
int mxi_grow(void **p, size_t *max, size_t need, size_t sz);
/*
 * mxi_grow_gently - mxi_grow() by an eighth at a time (at least to @need,
 * at least 16): for the arrays with one entry per region (items, log
 * lines), where doubling left up to half of a large array unused. Returns
 * 0 or MX_ENOMEM (then *@p is intact).
 */
int mxi_grow_gently(void **p, size_t *max, size_t need, size_t sz);

/*
 * The arguments of a format as mx_buf_vaddf()'s own formatter reads them
 * (its conversions: flags '-' '0', widths and '*', lengths l ll z,
 * d i u x X s c %), so that a format's arguments can be kept and the text
 * made later (logpack.c).
 */
enum mxi_fmt_arg {
	MXI_FA_INT,    /* int: '*', %c, %d */
	MXI_FA_LONG,   /* %ld */
	MXI_FA_LLONG,  /* %lld */
	MXI_FA_SSIZE,  /* %zd */
	MXI_FA_UINT,   /* %u %x */
	MXI_FA_ULONG,  /* %lu */
	MXI_FA_ULLONG, /* %llu */
	MXI_FA_SIZE,   /* %zu */
	MXI_FA_STR,    /* %s */
};
/* An argument: i for the signed kinds (and '*', %c), u for the unsigned, s for %s. */
union mxi_fmt_val {
	long long i;
	unsigned long long u;
	const char *s;
};
/* Where mxi_buf_format() takes its arguments: next() gives the next one (0, or non-zero to stop). */
struct mxi_fmt_src {
	int (*next)(struct mxi_fmt_src *src, enum mxi_fmt_arg kind, union mxi_fmt_val *v);
};
/*
 * mxi_fmt_args - the kinds of the arguments @fmt takes, in order, into
 * @kinds[0..@max). Returns how many, or -1 when the formatter does not
 * write @fmt itself (a conversion mx_buf_vaddf() leaves to vsnprintf())
 * or it takes more than @max.
 */
int mxi_fmt_args(const char *fmt, enum mxi_fmt_arg *kinds, int max);
/*
 * va_arg() of the type @kind names, from the va_list @ap, into *@v. A
 * macro: @ap may be a function's own va_list parameter, whose address is
 * not a va_list * everywhere (and copying it costs a stall per line).
 */
#define MXI_FMT_VA_ARG(ap, kind, v)								\
	do {											\
		switch (kind) {									\
		case MXI_FA_INT:								\
			(v)->i = va_arg(ap, int);						\
			break;									\
		case MXI_FA_LONG:								\
			(v)->i = va_arg(ap, long);						\
			break;									\
		case MXI_FA_LLONG:								\
			(v)->i = va_arg(ap, long long);						\
			break;									\
		case MXI_FA_SSIZE: /* %zd: the signed type of size_t's width */		\
			(v)->i = (long long)(ptrdiff_t)va_arg(ap, size_t);			\
			break;									\
		case MXI_FA_UINT:								\
			(v)->u = va_arg(ap, unsigned);						\
			break;									\
		case MXI_FA_ULONG:								\
			(v)->u = va_arg(ap, unsigned long);					\
			break;									\
		case MXI_FA_ULLONG:								\
			(v)->u = va_arg(ap, unsigned long long);				\
			break;									\
		case MXI_FA_SIZE:								\
			(v)->u = va_arg(ap, size_t);						\
			break;									\
		case MXI_FA_STR:								\
			(v)->s = va_arg(ap, const char *);					\
			break;									\
		}										\
	} while (0)
struct mx_buf;
/*
 * mxi_buf_format - append @fmt to @b with the arguments @src hands out,
 * exactly as mx_buf_vaddf() writes them.
 * Returns: 0, MX_ENOMEM, or MX_EINVAL when @fmt is not one mxi_fmt_args()
 * takes or @src stopped (then @b is as it was).
 */
int mxi_buf_format(struct mx_buf *b, const char *fmt, struct mxi_fmt_src *src);

/* The smallest power of two >= @x (1 for 0; 2^63 at most). */
uint64_t mxi_pow2_ceil(uint64_t x);

/* diag.c */
/*
 * mxi_utf8_seq - the length of the well-formed UTF-8 sequence at @s (NUL-
 * terminated) and its code point in *@cp, or 0 when the bytes are not
 * UTF-8 (overlong, surrogate, above U+10FFFF, truncated) or @s is ASCII.
 */
size_t mxi_utf8_seq(const unsigned char *s, uint32_t *cp);

/* rangeset.c */
struct mx_rangeset;
/*
 * mxi_rangeset_open - @rs is about to take a run of insertions all over
 * it (the reserved-memory step's allocations): while open, a large set
 * keeps its ranges in chunks (rangeset_chunk.c), where an insertion moves
 * at most a chunk instead of every range above it. r is NULL meanwhile:
 * only the mx_rangeset functions may read the set until
 * mxi_rangeset_close(), which writes the ranges back into r[].
 */
void mxi_rangeset_open(struct mx_rangeset *rs);
void mxi_rangeset_close(struct mx_rangeset *rs);
/*
 * mxi_rs_flat - make r[0..cnt) valid again (an open set stays open, in
 * one array until it grows past a chunk's worth). For code that reads r[]
 * itself. O(n).
 */
void mxi_rs_flat(const struct mx_rangeset *rs);

/* rangeset_index.c */
/*
 * mxi_rangeset_index_free_pages - mx_rangeset_free_pages() of @mem minus
 * @nomap minus @busy, from @busy's index: it keeps the sum of its free
 * ranges' whole pages up to date as they change (for one page size at a
 * time), so the count costs O(1) after the first, not a walk of every
 * range. Returns 0, or MX_ENOMEM (no index: count them another way).
 */
int mxi_rangeset_index_free_pages(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
				  const struct mx_rangeset *busy, uint64_t page, uint64_t *out);

/* rangeset_find.c */
/*
 * mxi_rangeset_find_top_down_from - mx_rangeset_find_top_down_nomap(),
 * also saying in *@from (may be NULL) where the free range the answer lies
 * in starts, clamped to @lo: the free bytes [*from, *out + size) are one
 * piece, the space the next top-down searches of the same window consume
 * before they move to a lower free range.
 * Returns: 0, or MX_ENOSPACE when nothing fits.
 */
struct mx_rangeset;
int mxi_rangeset_find_top_down_from(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
				    const struct mx_rangeset *busy, uint64_t lo, uint64_t hi,
				    uint64_t size, uint64_t align, uint64_t *out, uint64_t *from);
/*
 * mxi_rangeset_find_bottom_up - mm/memblock.c: __memblock_find_range_bottom_up()
 * in @mem minus @nomap minus @busy: the lowest free range that, clamped to
 * [@lo, @hi), holds @size bytes from its start rounded up to @align; *@out
 * is that rounded start. Walked for small sets, through @busy's index (as
 * the top-down search) for large ones: the same answer. @nomap may be NULL.
 * Returns: 0, or MX_ENOSPACE when nothing fits.
 */
int mxi_rangeset_find_bottom_up(const struct mx_rangeset *mem, const struct mx_rangeset *nomap,
				const struct mx_rangeset *busy, uint64_t lo, uint64_t hi,
				uint64_t size, uint64_t align, uint64_t *out);

/* textstore.c */
/*
 * A store of NUL-terminated strings that never move once added (the
 * layout's log lines, struct mx_textstore in memx/layout.h): 64 KiB chunks
 * filled in turn, no doubling. The store owns the text; a string lives
 * until mxi_textstore_clear() or _free(). Memory is kept across a clear for
 * the next fill.
 */
struct mx_textstore;
/* An empty store, or NULL when out of memory. */
struct mx_textstore *mxi_textstore_new(void);
/* Free @t and all its text (NULL is fine). */
void mxi_textstore_free(struct mx_textstore *t);
/* Forget every string (their memory is reused). NULL is fine. */
void mxi_textstore_clear(struct mx_textstore *t);
/*
 * mxi_textstore_add - copy @len bytes of @s (then a NUL) into @t; *@handle
 * names the copy for mxi_textstore_get(). Returns 0 or MX_ENOMEM (then
 * nothing was added).
 */
int mxi_textstore_add(struct mx_textstore *t, const char *s, size_t len, size_t *handle);
/*
 * mxi_textstore_reserve - room for a string of at most @max bytes (and its
 * NUL) at the end of @t, to be written in place; NULL when out of memory.
 * mxi_textstore_commit() then adds the @len (<= @max) bytes written there
 * and names them in *@handle. Without a commit nothing is added, and any
 * other call on @t may reuse the room.
 */
unsigned char *mxi_textstore_reserve(struct mx_textstore *t, size_t max);
void mxi_textstore_commit(struct mx_textstore *t, size_t len, size_t *handle);
/*
 * mxi_textstore_vaddf - mxi_textstore_add() of what mx_buf_vaddf() makes of
 * @fmt and @ap (formatted in a buffer the store keeps for this).
 * Returns: 0 or MX_ENOMEM (then nothing was added).
 */
int mxi_textstore_vaddf(struct mx_textstore *t, size_t *handle, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/* The string @handle names, owned by @t; "" for a handle @t does not hold (or a NULL store). */
const char *mxi_textstore_get(const struct mx_textstore *t, size_t handle);
/* Bytes the chunks take (for the tests). */
size_t mxi_textstore_bytes(const struct mx_textstore *t);

/* logpack.c */
/*
 * The layout's log lines, kept as their format and arguments and written
 * out (by mx_buf_vaddf()'s formatter, byte for byte what it would have
 * written at once) only when read. The pack owns its records; a line
 * lives until mxi_logpack_clear() or _free(). Memory is kept across a
 * clear for the next fill.
 */
struct mx_logpack;
/* An empty pack, or NULL when out of memory. */
struct mx_logpack *mxi_logpack_new(void);
/* Free @p and all its lines (NULL is fine). */
void mxi_logpack_free(struct mx_logpack *p);
/* Forget every line (their memory is reused). NULL is fine. */
void mxi_logpack_clear(struct mx_logpack *p);
/*
 * mxi_logpack_vadd - keep the line mx_buf_vaddf() would make of @fmt and
 * @ap; *@handle names it for mxi_logpack_get(). @fmt is kept by address:
 * it must live until @p is cleared or freed (a string literal does). A %s argument equal to
 * @self (may be NULL; the line's own name) is kept as a reference to it,
 * so mxi_logpack_get() must be given the same text. @ap is used up (as by
 * vprintf()). Returns 0 or MX_ENOMEM (then nothing was added).
 */
int mxi_logpack_vadd(struct mx_logpack *p, const char *self, size_t *handle, const char *fmt,
		     va_list ap) __attribute__((format(printf, 4, 0)));
/*
 * mxi_logpack_get - the text of line @handle of @p, whose own name is
 * @self. The text is in a buffer of @p valid until the next call (on any
 * line of @p), its clear or free. "" for a handle @p does not hold, a NULL
 * pack, or when out of memory.
 */
const char *mxi_logpack_get(struct mx_logpack *p, size_t handle, const char *self);
/* Bytes the records and tables take (for the tests). */
size_t mxi_logpack_bytes(const struct mx_logpack *p);

/* sort.c */
/* An entry to sort: a saved region's (base, size) and its number. */
struct mxi_sort_key {
	uint64_t base, size;
	size_t idx;
};
/*
 * mxi_heapsort_keys - lib/sort.c's heapsort of @n entries by (base, size)
 * (it is not stable: equal keys end in the order the kernel's sort leaves
 * them).
 */
void mxi_heapsort_keys(struct mxi_sort_key *k, size_t n);
/*
 * mxi_heapsort_order - the same sort applied to the permutation @idx of
 * entries keyed (@base[i], @size[i]).
 * Returns: 0 or MX_ENOMEM (then @idx is unchanged).
 */
int mxi_heapsort_order(size_t *idx, const uint64_t *base, const uint64_t *size, size_t n);

#endif
