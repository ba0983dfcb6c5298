/* bootlog_lines.c - what one line of a kernel boot log says about memory */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "bootlog_internal.h"
#include "memx/types.h"

/* What a reader made of a line. */
enum { BL_NO, BL_OK, BL_BAD, BL_NOMEM };

/*
 * A cursor over one line's bytes: no NUL terminator, NUL is an ordinary
 * byte. @line is where the raw line starts, for columns.
 */
struct blc {
	const char *p, *end, *line;
};

/* Why a known line could not be read (the warning's parenthesis). */
static const char E_NUM[] = "number expected";
static const char E_BIG[] = "number too large";
static const char E_SHORT[] = "line cut short";
static const char E_TEXT[] = "unexpected text";
static const char E_ZERO[] = "no memory in it";

static bool isdig(char ch)
{
	return ch >= '0' && ch <= '9';
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static bool isblank_(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool isword(char ch)
{
	return isdig(ch) || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static size_t left(const struct blc *c)
{
	return (size_t)(c->end - c->p);
}

static bool peek(const struct blc *c, const char *s)
{
	size_t n = strlen(s);

	return left(c) >= n && !memcmp(c->p, s, n);
}

static bool lit(struct blc *c, const char *s)
{
	if (!peek(c, s))
		return false;
	c->p += strlen(s);
	return true;
}

static bool litc(struct blc *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

static void sp(struct blc *c)
{
	while (c->p < c->end && isblank_(*c->p))
		c->p++;
}

/* The first @s at or after the cursor, or NULL. */
static const char *find(const struct blc *c, const char *s)
{
	size_t n = strlen(s);
	const char *q = c->p;

	while ((size_t)(c->end - q) >= n) {
		q = memchr(q, s[0], (size_t)(c->end - q) - n + 1);
		if (!q)
			return NULL;
		if (!memcmp(q, s, n))
			return q;
		q++;
	}
	return NULL;
}

static int col(const struct blc *c)
{
	ptrdiff_t d = c->p - c->line;

	return d < INT_MAX - 1 ? (int)d + 1 : INT_MAX;
}

/* Give up on a known line at the cursor's column. */
static int bad(struct mx_blp *P, const struct blc *c, const char *why)
{
	P->why = c->p >= c->end && why != E_BIG ? E_SHORT : why;
	P->why_col = col(c);
	return BL_BAD;
}

/* Raw number readers: 0, NUM_NONE (no digit) or NUM_BIG (more than 64 bits, never wrapped). */
enum { NUM_OK, NUM_NONE, NUM_BIG };

static int dec_raw(struct blc *c, uint64_t *v)
{
	uint64_t x = 0;
	bool big = false;

	if (c->p >= c->end || !isdig(*c->p))
		return NUM_NONE;
	for (; c->p < c->end && isdig(*c->p); c->p++) {
		unsigned d = (unsigned)(*c->p - '0');

		if (x > (UINT64_MAX - d) / 10)
			big = true;
		else
			x = x * 10 + d;
	}
	if (big)
		return NUM_BIG;
	*v = x;
	return NUM_OK;
}

/* Hex digits, with or without "0x" ("%08lx" of old kernels has none). */
static int hex_raw(struct blc *c, uint64_t *v)
{
	uint64_t x = 0;
	bool big = false;
	int d;

	if (!lit(c, "0x"))
		lit(c, "0X");
	if (c->p >= c->end || hexval(*c->p) < 0)
		return NUM_NONE;
	for (; c->p < c->end && (d = hexval(*c->p)) >= 0; c->p++) {
		if (x >> 60)
			big = true;
		else
			x = x << 4 | (unsigned)d;
	}
	if (big)
		return NUM_BIG;
	*v = x;
	return NUM_OK;
}

static int num_result(struct mx_blp *P, struct blc *c, const struct blc *at, int r)
{
	if (r == NUM_OK)
		return BL_OK;
	return r == NUM_BIG ? bad(P, at, E_BIG) : bad(P, c, E_NUM);
}

static int dec(struct mx_blp *P, struct blc *c, uint64_t *v)
{
	struct blc at = *c;

	return num_result(P, c, &at, dec_raw(c, v));
}

/* "0x..." */
static int hex(struct mx_blp *P, struct blc *c, uint64_t *v)
{
	struct blc at = *c;

	if (!peek(c, "0x") && !peek(c, "0X"))
		return bad(P, c, E_NUM);
	return num_result(P, c, &at, hex_raw(c, v));
}

/* "0x..." or decimal */
static int num(struct mx_blp *P, struct blc *c, uint64_t *v)
{
	return peek(c, "0x") || peek(c, "0X") ? hex(P, c, v) : dec(P, c, v);
}

/* "NK" or "Nk" (the kernel's %luK) */
static int kib(struct mx_blp *P, struct blc *c, uint64_t *v)
{
	int r = dec(P, c, v);

	if (r != BL_OK)
		return r;
	if (!litc(c, 'K') && !litc(c, 'k'))
		return bad(P, c, E_TEXT);
	return BL_OK;
}

/* " MiB" after a number @n: the size in bytes. */
static int unit(struct mx_blp *P, struct blc *c, uint64_t n, uint64_t *bytes)
{
	static const struct { const char *s; unsigned shift; } units[] = {
		{ "GiB", 30 }, { "GB", 30 }, { "MiB", 20 }, { "MB", 20 }, { "KiB", 10 },
		{ "kiB", 10 }, { "kB", 10 }, { "KB", 10 }, { "bytes", 0 }, { "G", 30 },
		{ "M", 20 }, { "K", 10 },
	};
	struct blc at = *c;

	sp(c);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (!lit(c, units[i].s))
			continue;
		if (n > UINT64_MAX >> units[i].shift)
			return bad(P, &at, E_BIG);
		*bytes = n << units[i].shift;
		return BL_OK;
	}
	return bad(P, c, E_TEXT);
}

/* "0x..-0x.." as printed, spaces allowed around the dash */
static int span(struct mx_blp *P, struct blc *c, uint64_t *a, uint64_t *b)
{
	int r = hex(P, c, a);

	if (r != BL_OK)
		return r;
	sp(c);
	if (!litc(c, '-'))
		return bad(P, c, E_TEXT);
	sp(c);
	return hex(P, c, b);
}

/*
 * The size of [a, b] printed with an inclusive end. b < a is memblock's way
 * of printing nothing ("memblock_remove: [0x0001000000000000-0x0000fffffffffffe]")
 * and [0, ~0] its empty dummy region: both are 0. A range reaching 2^64 is
 * capped so that base + size fits (memblock_cap_size()).
 */
static uint64_t incl_size(uint64_t a, uint64_t b)
{
	if (b < a || (a == 0 && b == UINT64_MAX))
		return 0;
	if (b == UINT64_MAX)
		return b - a;
	return b - a + 1;
}

static char *dupb(const char *s, const char *e)
{
	size_t n = (size_t)(e - s);
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Copy into a fixed array, cut to fit. */
static void cpyb(char *dst, size_t cap, const char *s, const char *e)
{
	size_t n = (size_t)(e - s);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static const char *trim_end(const char *s, const char *e)
{
	while (e > s && isblank_(e[-1]))
		e--;
	return e;
}

void *mx_bl_grow(void *arr, size_t n, size_t sz)
{
	size_t cap;
	void *p;

	if (n && (n < 8 || (n & (n - 1))))
		return arr; /* room left: the capacity is 8 or the next power of two */
	cap = n ? n * 2 : 8;
	if (cap < n || cap > SIZE_MAX / sz)
		return NULL;
	p = realloc(arr, cap * sz);
	return p;
}

/* One push function per record array: a zeroed element appended, or NULL (array intact). */
#define BL_DEFINE_PUSH(name, type)                                       \
	static type *name(type **arr, size_t *n)                         \
	{                                                                \
		type *p = mx_bl_grow(*arr, *n, sizeof(type));            \
                                                                         \
		if (!p)                                                  \
			return NULL;                                     \
		*arr = p;                                                \
		memset(&p[*n], 0, sizeof(type));                        \
		return &p[(*n)++];                                       \
	}
BL_DEFINE_PUSH(push_cma, struct mx_bootlog_cma)
BL_DEFINE_PUSH(push_rmem, struct mx_bootlog_rmem)
BL_DEFINE_PUSH(push_freed, struct mx_bootlog_freed)
BL_DEFINE_PUSH(push_op, struct mx_bootlog_memop)
BL_DEFINE_PUSH(push_zone, struct mx_bootlog_zone)
BL_DEFINE_PUSH(push_meminfo, struct mx_bootlog_meminfo)
BL_DEFINE_PUSH(push_range0, struct mx_bootlog_range)
#undef BL_DEFINE_PUSH

static struct mx_bootlog_range *push_range(struct mx_bootlog_range **arr, size_t *n, int line,
					   uint64_t base, uint64_t size, unsigned flags)
{
	struct mx_bootlog_range *r = push_range0(arr, n);

	if (r) {
		r->base = base;
		r->size = size;
		r->flags = flags;
		r->line = line;
	}
	return r;
}

/* ---- single lines --------------------------------------------------------- */

bool mx_bl_is_version(const char *s, const char *end)
{
	while (s < end && isblank_(*s))
		s++;
	return (size_t)(end - s) >= 14 && !memcmp(s, "Linux version ", 14);
}

static int r_version(struct mx_blp *P, struct blc *c)
{
	const char *s;

	if (!lit(c, "Linux version "))
		return BL_NO;
	s = c->p;
	while (c->p < c->end && !isblank_(*c->p))
		c->p++;
	if (c->p == s)
		return bad(P, c, E_TEXT);
	if (!P->rec->version && !(P->rec->version = dupb(s, c->p)))
		return BL_NOMEM;
	return BL_OK;
}

static int r_cmdline(struct mx_blp *P, struct blc *c)
{
	if (!lit(c, "Kernel command line: "))
		return BL_NO;
	if (!P->rec->cmdline && !(P->rec->cmdline = dupb(c->p, trim_end(c->p, c->end))))
		return BL_NOMEM;
	return BL_OK;
}

static void mem_item(struct mx_bootlog_memline *m, const char *s, const char *e, uint64_t v)
{
	size_t n = (size_t)(e - s);

#define IS(name) (n == sizeof(name) - 1 && !memcmp(s, name, n))
	if (IS("kernel code"))
		m->code_k = v;
	else if (IS("rwdata"))
		m->rwdata_k = v;
	else if (IS("rodata"))
		m->rodata_k = v;
	else if (IS("init"))
		m->init_k = v;
	else if (IS("bss"))
		m->bss_k = v;
	else if (IS("reserved"))
		m->reserved_k = v;
	else if (IS("cma-reserved"))
		m->cma_reserved_k = v, m->has_cma = true;
	else if (IS("highmem"))
		m->highmem_k = v, m->has_highmem = true;
#undef IS
}

/*
 * mem_init_print_info(): "Memory: 98324K/524288K available (13248K kernel
 * code, ..., 44068K reserved, 65536K cma-reserved[, 110592K highmem])", and
 * 3.x's "Memory: 1016208k/1016208k available, 32368k reserved, 0K highmem".
 * Only a whole line counts: a line cut before its ')' is unreadable.
 */
static int r_memory(struct mx_blp *P, struct blc *c)
{
	struct mx_bootlog_memline m;
	bool paren = false;
	int r;

	if (!lit(c, "Memory: ") || c->p >= c->end || !isdig(*c->p))
		return BL_NO;
	memset(&m, 0, sizeof(m));
	if ((r = dec(P, c, &m.available_k)) != BL_OK)
		return r;
	if (c->p < c->end && (*c->p == 'M' || *c->p == 'G'))
		return BL_NO; /* 3.x ARM's "Memory: 1024MB = 1024MB total" */
	if ((!litc(c, 'K') && !litc(c, 'k')) || !litc(c, '/'))
		return bad(P, c, E_TEXT);
	if ((r = kib(P, c, &m.total_k)) != BL_OK)
		return r;
	if (!lit(c, " available"))
		return bad(P, c, E_TEXT);
	sp(c);
	if (litc(c, '('))
		paren = true;
	else if (!litc(c, ','))
		return bad(P, c, E_TEXT);
	for (;;) {
		const char *name;
		uint64_t v;

		sp(c);
		if ((r = kib(P, c, &v)) != BL_OK)
			return r;
		if (!litc(c, ' '))
			return bad(P, c, E_TEXT);
		name = c->p;
		while (c->p < c->end && *c->p != ',' && *c->p != ')')
			c->p++;
		mem_item(&m, name, trim_end(name, c->p), v);
		if (litc(c, ','))
			continue;
		if (c->p < c->end) {
			if (!paren)
				return bad(P, c, E_TEXT);
			break;
		}
		if (paren)
			return bad(P, c, E_SHORT);
		break;
	}
	if (!m.total_k)
		return bad(P, c, E_ZERO);
	if (!P->rec->mem.present) {
		m.present = true;
		m.line = P->line;
		P->rec->mem = m;
	}
	return BL_OK;
}

/* "cma: Reserved 64 MiB at 0x000000005b600000[ on node -1]", 3.x "cma: CMA: reserved 16 MiB at 2e800000" */
static int r_cma(struct mx_blp *P, struct blc *c)
{
	struct mx_bootlog_cma *e;
	uint64_t n, size, base = 0;
	bool failed;
	int r;

	if (!lit(c, "cma: "))
		return BL_NO;
	lit(c, "CMA: ");
	if (lit(c, "Reserved ") || lit(c, "reserved "))
		failed = false;
	else if (lit(c, "Failed to reserve ") || lit(c, "failed to reserve "))
		failed = true;
	else
		return BL_NO;
	if ((r = dec(P, c, &n)) != BL_OK || (r = unit(P, c, n, &size)) != BL_OK)
		return r;
	if (!failed) {
		struct blc at;

		if (!lit(c, " at "))
			return bad(P, c, E_TEXT);
		at = *c;
		if ((r = num_result(P, c, &at, hex_raw(c, &base))) != BL_OK)
			return r;
	}
	if (!(e = push_cma(&P->rec->cma, &P->rec->ncma)))
		return BL_NOMEM;
	e->base = base;
	e->size = size;
	e->failed = failed;
	e->line = P->line;
	return BL_OK;
}

/* Words in "OF: reserved mem:" lines that say a node was refused. */
static bool says_failed(const struct blc *c)
{
	static const char *const words[] = {
		"fail", "Fail", "ignor", "skip", "invalid", "unsupported", "not supported",
		"not yet supported", "incorrect", "not enough", "unable", "cannot", "can't",
		"overlap", "OVERLAP", "refus", "error", "too small", "too big",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (find(c, words[i]))
			return true;
	return false;
}

/* Best effort for the other lines: 'NAME' or "node NAME", "base 0x..", "size N MiB". */
static int rmem_loose(struct mx_blp *P, struct blc *c, struct mx_bootlog_rmem *e)
{
	const char *q, *s;
	struct blc t;

	if ((q = find(c, "'")) && (s = memchr(q + 1, '\'', (size_t)(c->end - q - 1)))) {
		if (!(e->name = dupb(q + 1, s)))
			return BL_NOMEM;
	} else if ((q = find(c, "node "))) {
		t = (struct blc){ q + 5, c->end, c->line };
		s = t.p;
		while (t.p < t.end && !isblank_(*t.p) && *t.p != ',' && *t.p != ':')
			t.p++;
		if (t.p > s && !(e->name = dupb(s, t.p)))
			return BL_NOMEM;
	}
	if ((q = find(c, "base 0x"))) {
		t = (struct blc){ q + 5, c->end, c->line };
		e->has_base = hex_raw(&t, &e->base) == NUM_OK;
	}
	if ((q = find(c, "size "))) {
		uint64_t n;

		t = (struct blc){ q + 5, c->end, c->line };
		e->has_size = dec_raw(&t, &n) == NUM_OK && unit(P, &t, n, &e->size) == BL_OK;
	}
	e->kind = says_failed(c) ? MX_BLR_FAILED : MX_BLR_OTHER;
	return BL_OK;
}

/* "... at 0x.., size N MiB" of the pool lines */
static int rmem_pool(struct mx_blp *P, struct blc *c, struct mx_bootlog_rmem *e)
{
	uint64_t n;
	int r;

	if ((r = hex(P, c, &e->base)) != BL_OK)
		return r;
	if (!lit(c, ", size "))
		return bad(P, c, E_TEXT);
	if ((r = dec(P, c, &n)) != BL_OK || (r = unit(P, c, n, &e->size)) != BL_OK)
		return r;
	e->has_base = e->has_size = true;
	return BL_OK;
}

/* The line's structured part; BL_BAD leaves @e an MX_BLR_OTHER with the text only. */
static int rmem_fields(struct mx_blp *P, struct blc *c, struct mx_bootlog_rmem *e)
{
	const char *s, *rest;
	uint64_t a, b;
	int r;

	if (lit(c, "created CMA memory pool at ")) {
		e->kind = MX_BLR_CMA_POOL;
		return rmem_pool(P, c, e);
	}
	if (lit(c, "created DMA memory pool at ") || lit(c, "created restricted DMA pool at ")) {
		e->kind = MX_BLR_DMA_POOL;
		return rmem_pool(P, c, e);
	}
	if (lit(c, "allocated memory for '")) {
		/* 3.x-5.x: "allocated memory for 'NAME' node: base 0x.., size 8 MiB" */
		e->kind = MX_BLR_ALLOCATED;
		s = c->p;
		while (c->p < c->end && *c->p != '\'')
			c->p++;
		if (!(e->name = dupb(s, c->p)))
			return BL_NOMEM;
		if (!lit(c, "' node: base "))
			return bad(P, c, E_TEXT);
		return rmem_pool(P, c, e);
	}
	if (lit(c, "initialized node ")) {
		const char *name_end;

		e->kind = MX_BLR_INIT;
		s = c->p;
		while (c->p < c->end && *c->p != ',')
			c->p++;
		name_end = c->p;
		if (name_end == s || !lit(c, ", compatible id "))
			return bad(P, c, E_TEXT);
		if (!(e->name = dupb(s, name_end)) || !(e->compat = dupb(c->p, trim_end(c->p, c->end))))
			return BL_NOMEM;
		return BL_OK;
	}
	if (peek(c, "0x")) {
		/* 6.x: "0x..0000..0x..ffff (16384 KiB) nomap non-reusable NAME" (end inclusive) */
		if ((r = hex(P, c, &a)) != BL_OK)
			return r;
		sp(c);
		if (!lit(c, ".."))
			return bad(P, c, E_TEXT);
		sp(c);
		if ((r = hex(P, c, &b)) != BL_OK)
			return r;
		e->base = a;
		e->size = incl_size(a, b);
		e->has_base = e->has_size = true;
		/* the node's name is the last word: "... nomap non-reusable NAME" */
		rest = c->p;
		s = trim_end(rest, c->end);
		c->p = s;
		while (c->p > rest && !isblank_(c->p[-1]))
			c->p--;
		if (c->p > rest && c->p < s && s[-1] != ')' && !(e->name = dupb(c->p, s)))
			return BL_NOMEM;
		return BL_OK;
	}
	return rmem_loose(P, c, e);
}

/* "OF: reserved mem: ..." and "Reserved memory: ..." */
static int r_rmem(struct mx_blp *P, struct blc *c)
{
	const char *text = c->p;
	struct mx_bootlog_rmem *e;
	int r;

	if (!lit(c, "OF: reserved mem: ") && !lit(c, "Reserved memory: ") &&
	    !lit(c, "OF: Reserved memory: "))
		return BL_NO;
	if (!(e = push_rmem(&P->rec->rmem, &P->rec->nrmem)))
		return BL_NOMEM;
	e->line = P->line;
	e->kind = MX_BLR_OTHER;
	if (!(e->text = dupb(text, trim_end(text, c->end))))
		return BL_NOMEM;
	r = rmem_fields(P, c, e);
	if (r == BL_BAD) {
		free(e->name);
		free(e->compat);
		e->name = e->compat = NULL;
		e->kind = MX_BLR_OTHER;
		e->base = e->size = 0;
		e->has_base = e->has_size = false;
	}
	return r;
}

/* "Freeing initrd memory: 964K", "Freeing unused kernel image (initmem) memory: 2048K" */
static int r_freed(struct mx_blp *P, struct blc *c)
{
	struct mx_bootlog_freed *e;
	const char *s, *q;
	uint64_t v;
	int r;

	if (!lit(c, "Freeing "))
		return BL_NO;
	s = c->p;
	if (!(q = find(c, " memory: ")))
		return BL_NO;
	c->p = q + 9;
	if ((r = kib(P, c, &v)) != BL_OK)
		return r;
	if (!(e = push_freed(&P->rec->freed, &P->rec->nfreed)))
		return BL_NOMEM;
	e->kib = v;
	e->line = P->line;
	return (e->what = dupb(s, q)) ? BL_OK : BL_NOMEM;
}

/*
 * "software IO TLB: mapped [mem 0x..f8000000-0x..fc000000] (64MB)": the end
 * is mem->end, one past the buffer. 4.x printed "software IO TLB [mem a-b]
 * (64MB) mapped at [...]" with an inclusive end.
 */
static int r_swiotlb(struct mx_blp *P, struct blc *c)
{
	uint64_t a, b;
	bool excl;
	int r;

	if (!lit(c, "software IO TLB"))
		return BL_NO;
	if (lit(c, ": mapped [mem "))
		excl = true;
	else if (lit(c, " [mem "))
		excl = false;
	else
		return BL_NO;
	if ((r = span(P, c, &a, &b)) != BL_OK)
		return r;
	if (!litc(c, ']'))
		return bad(P, c, E_TEXT);
	if (!push_range(&P->rec->swiotlb, &P->rec->nswiotlb, P->line, a,
			excl ? (b >= a ? b - a : 0) : incl_size(a, b), 0))
		return BL_NOMEM;
	return BL_OK;
}

/*
 * arm64: "crashkernel reserved: 0x..dc000000 - 0x..fc000000 (512 MB)" (end
 * exclusive); arm and x86: "Reserving 256MB of memory at 640MB for crashkernel ...".
 */
static int r_crash(struct mx_blp *P, struct blc *c)
{
	uint64_t a, b, size, base;
	int r;

	if (lit(c, "crashkernel reserved: ")) {
		if ((r = span(P, c, &a, &b)) != BL_OK)
			return r;
		return push_range(&P->rec->crashkernel, &P->rec->ncrashkernel, P->line, a,
				  b >= a ? b - a : 0, 0) ? BL_OK : BL_NOMEM;
	}
	if (!lit(c, "Reserving ") || !find(c, "for crashkernel"))
		return BL_NO;
	if ((r = dec(P, c, &a)) != BL_OK || (r = unit(P, c, a, &size)) != BL_OK)
		return r;
	if (!lit(c, " of memory at "))
		return bad(P, c, E_TEXT);
	if ((r = dec(P, c, &b)) != BL_OK || (r = unit(P, c, b, &base)) != BL_OK)
		return r;
	return push_range(&P->rec->crashkernel, &P->rec->ncrashkernel, P->line, base, size, 0) ?
		       BL_OK : BL_NOMEM;
}

/* "Built 1 zonelists, mobility grouping on.  Total pages: 129024" */
static int r_total(struct mx_blp *P, struct blc *c)
{
	const char *q;
	uint64_t v;
	int r;

	if (!lit(c, "Built ") || !(q = find(c, "Total pages: ")))
		return BL_NO;
	c->p = q + 13;
	if ((r = dec(P, c, &v)) != BL_OK)
		return r;
	if (!P->rec->has_total_pages) {
		P->rec->total_pages = v;
		P->rec->has_total_pages = true;
	}
	return BL_OK;
}

static enum mx_bootlog_op op_of(const char *fn)
{
	static const struct { const char *fn; enum mx_bootlog_op op; } ops[] = {
		{ "memblock_add", MX_BLOP_ADD },
		{ "memblock_add_node", MX_BLOP_ADD },
		{ "memblock_remove", MX_BLOP_REMOVE },
		{ "memblock_reserve", MX_BLOP_RESERVE },
		{ "memblock_reserve_kern", MX_BLOP_RESERVE },
		{ "memblock_free", MX_BLOP_FREE },
		{ "memblock_phys_free", MX_BLOP_FREE },
		{ "memblock_free_late", MX_BLOP_FREE },
		{ "__memblock_free_late", MX_BLOP_FREE },
		{ "memblock_free_early", MX_BLOP_FREE },
		{ "__memblock_free_early", MX_BLOP_FREE },
		{ "memblock_free_early_nid", MX_BLOP_FREE },
		{ "memblock_mark_nomap", MX_BLOP_MARK_NOMAP },
		{ "memblock_clear_nomap", MX_BLOP_CLEAR_NOMAP },
	};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(fn, ops[i].fn))
			return ops[i].op;
	return MX_BLOP_OTHER;
}

/* The "key=value" words and the caller after a memblock=debug line's numbers. */
static int memop_tail(struct mx_blp *P, struct blc *c, struct mx_bootlog_memop *e)
{
	bool caller = false;
	int r = BL_OK;

	for (;;) {
		const char *s;
		uint64_t v;

		sp(c);
		if (c->p >= c->end)
			return BL_OK;
		if (lit(c, "align="))
			r = num(P, c, &e->align);
		else if (lit(c, "from="))
			r = num(P, c, &e->from);
		else if (lit(c, "max_addr="))
			r = num(P, c, &e->max_addr);
		else if (lit(c, "nid=")) {
			bool neg = litc(c, '-');

			if ((r = dec(P, c, &v)) == BL_OK && v > (neg ? (uint64_t)INT_MAX + 1 : INT_MAX))
				r = bad(P, c, E_BIG);
			if (r == BL_OK)
				e->nid = neg ? (int)(-(int64_t)v) : (int)v;
		} else if (lit(c, "flags ")) {
			/* 4.x: "memblock_reserve: [...] flags 0x0 caller" */
			sp(c);
			r = num(P, c, &v);
		} else if (lit(c, "flags=")) {
			r = num(P, c, &v);
		} else {
			/* "early_pgtable_alloc+0x2c/0xb0": the function only */
			s = c->p;
			while (c->p < c->end && !isblank_(*c->p))
				c->p++;
			if (!caller) {
				const char *plus = memchr(s, '+', (size_t)(c->p - s));

				cpyb(e->caller, sizeof(e->caller), s, plus ? plus : c->p);
				caller = true;
			}
		}
		if (r != BL_OK)
			return r;
	}
}

/*
 * memblock=debug: "memblock_reserve: [0x..48000000-0x..480f1fff] caller+0x../0x.."
 * (end inclusive) and "memblock_alloc_try_nid: 39964 bytes align=0x8 nid=-1
 * from=0x0 max_addr=0x0 caller+0x../0x..".
 */
static int r_memop(struct mx_blp *P, struct blc *c)
{
	struct mx_bootlog_memop e;
	const char *fn = c->p;
	bool whole;
	uint64_t a, b;
	int r;

	if (!peek(c, "memblock_") && !peek(c, "__memblock_"))
		return BL_NO;
	while (c->p < c->end && isword(*c->p))
		c->p++;
	memset(&e, 0, sizeof(e));
	cpyb(e.fn, sizeof(e.fn), fn, c->p);
	whole = (size_t)(c->p - fn) < sizeof(e.fn);
	if (!lit(c, ": "))
		return BL_NO;
	e.nid = -1;
	e.line = P->line;
	if (litc(c, '[')) {
		if ((r = span(P, c, &a, &b)) != BL_OK)
			return r;
		if (!litc(c, ']'))
			return bad(P, c, E_TEXT);
		e.base = a;
		e.size = incl_size(a, b);
		e.op = whole ? op_of(e.fn) : MX_BLOP_OTHER;
	} else if (c->p < c->end && isdig(*c->p)) {
		if ((r = dec(P, c, &e.size)) != BL_OK)
			return r;
		if (!lit(c, " bytes"))
			return bad(P, c, E_TEXT);
		e.op = MX_BLOP_ALLOC;
	} else {
		return BL_NO;
	}
	if ((r = memop_tail(P, c, &e)) != BL_OK)
		return r;
	{
		struct mx_bootlog_memop *d = push_op(&P->rec->ops, &P->rec->nops);

		if (!d)
			return BL_NOMEM;
		*d = e;
	}
	return BL_OK;
}

/* ---- multi-line blocks ---------------------------------------------------- */

/* "  DMA      [mem 0x0000000040000000-0x000000005fffffff]" / "  Normal   empty" */
static int r_zone(struct mx_blp *P, struct blc *c)
{
	struct mx_bootlog_zone z;
	const char *s;
	uint64_t a, b;
	int r;

	sp(c);
	s = c->p;
	while (c->p < c->end && isword(*c->p))
		c->p++;
	if (c->p == s || (size_t)(c->p - s) >= sizeof(z.name) || c->p >= c->end || !isblank_(*c->p))
		return BL_NO;
	memset(&z, 0, sizeof(z));
	cpyb(z.name, sizeof(z.name), s, c->p);
	sp(c);
	if (lit(c, "empty")) {
		z.empty = true;
	} else if (lit(c, "[mem ")) {
		if ((r = span(P, c, &a, &b)) != BL_OK)
			return r;
		if (!litc(c, ']'))
			return bad(P, c, E_TEXT);
		z.start = a;
		z.end = b == UINT64_MAX ? b : b + 1;
	} else {
		return BL_NO;
	}
	{
		struct mx_bootlog_zone *d = push_zone(&P->rec->zones, &P->rec->nzones);

		if (!d)
			return BL_NOMEM;
		*d = z;
	}
	return BL_OK;
}

/* "  node   0: [mem 0x0000000040000000-0x000000005fffffff]" */
static int r_node(struct mx_blp *P, struct blc *c)
{
	uint64_t nid, a, b;
	int r;

	sp(c);
	if (!lit(c, "node"))
		return BL_NO;
	sp(c);
	if ((r = dec(P, c, &nid)) != BL_OK || !litc(c, ':'))
		return r == BL_OK ? bad(P, c, E_TEXT) : r;
	sp(c);
	if (!lit(c, "[mem "))
		return bad(P, c, E_TEXT);
	if ((r = span(P, c, &a, &b)) != BL_OK)
		return r;
	if (!litc(c, ']'))
		return bad(P, c, E_TEXT);
	return push_range(&P->rec->node_ranges, &P->rec->nnode_ranges, P->line, a, incl_size(a, b), 0) ?
		       BL_OK : BL_NOMEM;
}

/*
 * memblock_dump_all(): " memory size = 0x.. reserved size = 0x..", " memory.cnt  = 0x1",
 * " memory[0x0]\t[0x..-0x..], 0x.. bytes[ on node 0] flags: 0x0". The printed
 * byte count is the size: the empty dummy region prints [0x0-0xffffffffffffffff], 0x0 bytes.
 */
static int r_dump(struct mx_blp *P, struct blc *c)
{
	const char *s;
	uint64_t idx, a, b, size, nid, flags = 0;
	bool memory, reserved;
	int r;

	sp(c);
	s = c->p;
	while (c->p < c->end && *c->p >= 'a' && *c->p <= 'z')
		c->p++;
	if (c->p == s)
		return BL_NO;
	if (peek(c, " size =") || peek(c, ".cnt"))
		return BL_OK;
	memory = c->p - s == 6 && !memcmp(s, "memory", 6);
	reserved = c->p - s == 8 && !memcmp(s, "reserved", 8);
	if (!peek(c, "[0x"))
		return BL_NO;
	c->p++;
	if ((r = hex(P, c, &idx)) != BL_OK)
		return r;
	if (!litc(c, ']'))
		return bad(P, c, E_TEXT);
	sp(c);
	if (!litc(c, '['))
		return bad(P, c, E_TEXT);
	if ((r = span(P, c, &a, &b)) != BL_OK)
		return r;
	if (!lit(c, "], "))
		return bad(P, c, E_TEXT);
	if ((r = hex(P, c, &size)) != BL_OK)
		return r;
	if (!lit(c, " bytes"))
		return bad(P, c, E_TEXT);
	if (lit(c, " on node ") && (r = dec(P, c, &nid)) != BL_OK)
		return r;
	sp(c);
	if (lit(c, "flags: ") && (r = hex(P, c, &flags)) != BL_OK)
		return r;
	if (size > UINT64_MAX - a)
		size = UINT64_MAX - a;
	if (P->mode == MX_BLM_DUMP && memory &&
	    !push_range(&P->rec->dump_memory, &P->rec->ndump_memory, P->line, a, size, (unsigned)flags))
		return BL_NOMEM;
	if (P->mode == MX_BLM_DUMP && reserved &&
	    !push_range(&P->rec->dump_reserved, &P->rec->ndump_reserved, P->line, a, size,
			(unsigned)flags))
		return BL_NOMEM;
	return BL_OK;
}

/* Newer debugfs tables name the flags: "   0: 0x..0x..    0 NOMAP". */
static unsigned flag_names(struct blc *c)
{
	static const struct { const char *s; unsigned f; } names[] = {
		{ "HOTPLUG", 1 }, { "MIRROR", 2 }, { "NOMAP", 4 }, { "DRV_MNG", 8 }, { "RSV_NIT", 16 },
	};
	unsigned f = 0;

	while (c->p < c->end) {
		size_t i;

		sp(c);
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (lit(c, names[i].s)) {
				f |= names[i].f;
				break;
			}
		if (i == sizeof(names) / sizeof(names[0]) && c->p < c->end)
			c->p++;
	}
	return f;
}

/* debugfs memblock/memory and memblock/reserved: "   0: 0x0000000040000000..0x0000000055afffff" */
static int r_table(struct mx_blp *P, struct blc *c, uint64_t *base, uint64_t *size, unsigned *flags)
{
	uint64_t idx, a, b;
	int r;

	sp(c);
	if (dec_raw(c, &idx) != NUM_OK || !litc(c, ':'))
		return BL_NO;
	sp(c);
	if (!peek(c, "0x"))
		return BL_NO;
	if ((r = hex(P, c, &a)) != BL_OK)
		return r;
	if (!lit(c, ".."))
		return bad(P, c, E_TEXT);
	if ((r = hex(P, c, &b)) != BL_OK)
		return r;
	*base = a;
	*size = incl_size(a, b);
	*flags = flag_names(c);
	return BL_OK;
}

/* "MemTotal:         487648 kB", "HugePages_Total:       0" */
static bool meminfo_line(struct blc *c, char name[24], uint64_t *v)
{
	const char *s;

	sp(c);
	s = c->p;
	while (c->p < c->end && (isword(*c->p) || *c->p == '(' || *c->p == ')'))
		c->p++;
	if (c->p == s || (size_t)(c->p - s) >= 24 || !litc(c, ':') || c->p >= c->end || !isblank_(*c->p))
		return false;
	cpyb(name, 24, s, c->p - 1);
	sp(c);
	if (dec_raw(c, v) != NUM_OK)
		return false;
	sp(c);
	lit(c, "kB");
	sp(c);
	return c->p == c->end;
}

static int meminfo_add(struct mx_blp *P, bool start, const char *name, uint64_t v)
{
	struct mx_bootlog *rec = P->rec;
	struct mx_bootlog_meminfo *m;
	void *p;

	if (start) {
		if (!(m = push_meminfo(&rec->meminfo, &rec->nmeminfo)))
			return BL_NOMEM;
		m->line = P->line;
	}
	m = &rec->meminfo[rec->nmeminfo - 1];
	if (!(p = mx_bl_grow(m->names, m->n, sizeof(*m->names))))
		return BL_NOMEM;
	m->names = p;
	if (!(p = mx_bl_grow(m->kib, m->n, sizeof(*m->kib))))
		return BL_NOMEM;
	m->kib = p;
	memcpy(m->names[m->n], name, 24);
	m->kib[m->n++] = v;
	return BL_OK;
}

/* The open debugfs table of @P's mode or block. */
static void table_of(struct mx_blp *P, bool memory, struct mx_bootlog_range ***arr, size_t **n,
		     bool **has)
{
	struct mx_bootlog *rec = P->rec;

	*arr = memory ? &rec->dbg_memory : &rec->dbg_reserved;
	*n = memory ? &rec->ndbg_memory : &rec->ndbg_reserved;
	*has = memory ? &rec->has_dbg_memory : &rec->has_dbg_reserved;
}

/* A table line: the first one replaces the table read before (the last one printed counts). */
static int table_add(struct mx_blp *P, bool memory, struct blc *c)
{
	struct mx_bootlog_range **arr;
	uint64_t base, size;
	unsigned flags;
	size_t *n;
	bool *has;
	int r = r_table(P, c, &base, &size, &flags);

	if (r != BL_OK)
		return r;
	table_of(P, memory, &arr, &n, &has);
	if (!P->table_open) {
		*n = 0;
		*has = false;
		P->table_open = true;
	}
	return push_range(arr, n, P->line, base, size, flags) ? BL_OK : BL_NOMEM;
}

static void table_close(struct mx_blp *P, bool memory, bool keep)
{
	struct mx_bootlog_range **arr;
	size_t *n;
	bool *has;

	if (!P->table_open)
		return;
	table_of(P, memory, &arr, &n, &has);
	if (keep)
		*has = *n > 0;
	else
		*n = 0;
	P->table_open = false;
}

/* ---- the dispatcher -------------------------------------------------------- */

static int warn(struct mx_blp *P, const char *what)
{
	struct mx_srcpos pos = { P->file, P->line, P->why_col };

	if (P->nwarn >= MX_BL_MAX_WARN) {
		if (P->nwarn++ == MX_BL_MAX_WARN)
			return mx_diag_add(&P->rec->diags, MX_SEV_NOTE, NULL, &pos, -1,
					   "more unreadable lines follow; not reported") ? BL_NOMEM : BL_OK;
		return BL_OK;
	}
	P->nwarn++;
	return mx_diag_add(&P->rec->diags, MX_SEV_WARNING, NULL, &pos, -1,
			   "cannot read this \"%s\" line (%s); ignored", what, P->why) ? BL_NOMEM : BL_OK;
}

/* Lines that open a multi-line block. */
static int r_header(struct mx_blp *P, struct blc *c)
{
	struct mx_bootlog *rec = P->rec;
	char name[24];
	uint64_t v;

	if (lit(c, "Zone ranges:")) {
		P->mode = rec->nzones ? MX_BLM_NONE : MX_BLM_ZONES; /* the first block counts */
		return BL_OK;
	}
	if (lit(c, "Early memory node ranges")) {
		P->mode = rec->nnode_ranges ? MX_BLM_NONE : MX_BLM_NODES;
		return BL_OK;
	}
	if (lit(c, "MEMBLOCK configuration:")) {
		P->mode = rec->has_dump ? MX_BLM_DUMP_SKIP : MX_BLM_DUMP;
		rec->has_dump = true;
		return BL_OK;
	}
	if (peek(c, "MemTotal:") && meminfo_line(c, name, &v)) {
		P->mode = MX_BLM_MEMINFO;
		return meminfo_add(P, true, name, v);
	}
	return BL_NO;
}

static const struct reader {
	int (*fn)(struct mx_blp *P, struct blc *c);
	const char *what;
} readers[] = {
	{ r_memop, "memblock" },
	{ r_memory, "Memory:" },
	{ r_cma, "cma:" },
	{ r_rmem, "reserved mem" },
	{ r_freed, "Freeing" },
	{ r_swiotlb, "software IO TLB" },
	{ r_crash, "crashkernel" },
	{ r_total, "Total pages" },
	{ r_version, "Linux version" },
	{ r_cmdline, "Kernel command line" },
	{ r_header, "header" },
};

/* The line inside a multi-line block, or BL_NO when it ends the block. */
static int continue_mode(struct mx_blp *P, struct blc *c, const char **what)
{
	char name[24];
	uint64_t v;

	switch (P->mode) {
	case MX_BLM_ZONES:
		*what = "Zone ranges";
		return r_zone(P, c);
	case MX_BLM_NODES:
		*what = "Early memory node ranges";
		return r_node(P, c);
	case MX_BLM_DUMP:
	case MX_BLM_DUMP_SKIP:
		*what = "MEMBLOCK configuration";
		return r_dump(P, c);
	case MX_BLM_MEMINFO:
		return meminfo_line(c, name, &v) ? meminfo_add(P, false, name, v) : BL_NO;
	case MX_BLM_DBG_MEM:
	case MX_BLM_DBG_RES:
		*what = "memblock table";
		return table_add(P, P->mode == MX_BLM_DBG_MEM, c);
	case MX_BLM_NONE:
		break;
	}
	return BL_NO;
}

static int result(struct mx_blp *P, int r, const char *what)
{
	if (r == BL_NOMEM)
		return MX_ENOMEM;
	if (r == BL_BAD && warn(P, what) == BL_NOMEM)
		return MX_ENOMEM;
	return 0;
}

void mx_bl_break(struct mx_blp *P)
{
	if (P->mode == MX_BLM_DBG_MEM || P->mode == MX_BLM_DBG_RES)
		table_close(P, P->mode == MX_BLM_DBG_MEM, true);
	P->mode = MX_BLM_NONE;
}

int mx_bl_line(struct mx_blp *P, const struct mx_blline *l)
{
	struct blc c = { l->body, l->body_end, l->raw };
	const char *what = "";
	int r;

	P->line = l->no;
	if (P->mode != MX_BLM_NONE) {
		r = continue_mode(P, &c, &what);
		if (r != BL_NO)
			return result(P, r, what);
		mx_bl_break(P);
	}
	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++) {
		c = (struct blc){ l->body, l->body_end, l->raw };
		sp(&c);
		r = readers[i].fn(P, &c);
		if (r != BL_NO)
			return result(P, r, readers[i].what);
	}
	/* "# cat /sys/kernel/debug/memblock/reserved": a table follows */
	c = (struct blc){ l->raw, l->raw_end, l->raw };
	if (find(&c, "memblock/memory"))
		P->mode = MX_BLM_DBG_MEM;
	else if (find(&c, "memblock/reserved"))
		P->mode = MX_BLM_DBG_RES;
	P->table_open = false;
	return 0;
}

int mx_bl_block_line(struct mx_blp *P, const struct mx_blline *l)
{
	struct blc c = { l->body, l->body_end, l->raw };
	char name[24];
	uint64_t v;
	int r = BL_NO;

	P->line = l->no;
	if (l->blk == MX_BLK_MEMINFO) {
		if (meminfo_line(&c, name, &v)) {
			r = meminfo_add(P, !P->meminfo_open, name, v);
			P->meminfo_open = true;
		}
	} else if (l->blk == MX_BLK_MBMEM || l->blk == MX_BLK_MBRES) {
		r = table_add(P, l->blk == MX_BLK_MBMEM, &c);
	}
	return result(P, r, "memblock table");
}

void mx_bl_marker(struct mx_blp *P, const struct mx_blline *l)
{
	mx_bl_break(P);
	/* a table block ends at the next marker, whichever: END may have been lost */
	if (P->blk == MX_BLK_MBMEM || P->blk == MX_BLK_MBRES)
		table_close(P, P->blk == MX_BLK_MBMEM, true);
	P->blk = l->blk;
	P->meminfo_open = false;
	P->table_open = false;
	if (P->blk == MX_BLK_MBMEM || P->blk == MX_BLK_MBRES) {
		struct mx_bootlog_range **arr;
		size_t *n;
		bool *has;

		/* an empty block still replaces what an earlier one said */
		table_of(P, P->blk == MX_BLK_MBMEM, &arr, &n, &has);
		*n = 0;
		*has = false;
		P->table_open = true;
	}
}

void mx_bl_end(struct mx_blp *P)
{
	mx_bl_break(P);
	/* the input ended inside a table block: the table may be cut short */
	if (P->blk == MX_BLK_MBMEM || P->blk == MX_BLK_MBRES)
		table_close(P, P->blk == MX_BLK_MBMEM, false);
	P->blk = MX_BLK_NONE;
}

void mx_bl_begin(struct mx_blp *P, struct mx_bootlog *rec, const char *file)
{
	memset(P, 0, sizeof(*P));
	P->rec = rec;
	P->file = file;
	P->mode = MX_BLM_NONE;
	P->blk = MX_BLK_NONE;
}
