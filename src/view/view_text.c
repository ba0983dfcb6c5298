/* view_text.c - text into cells: escaping, widths, ellipsis, word wrap, units */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "view_internal.h"

uint32_t mxi_ellipsis(bool ascii)
{
	return ascii ? '~' : 0x2026;
}

/*
 * Zero-width and direction-changing code points: shown escaped, since a
 * name made of them would hide or reorder what follows (Unicode's
 * Default_Ignorable and bidi controls, and the common combining blocks).
 */
static bool invisible(uint32_t c)
{
	return (c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) || (c >= 0x1dc0 && c <= 0x1dff) ||
	       (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) ||
	       (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xfe20 && c <= 0xfe2f) ||
	       c == 0xfeff || c == 0xad || (c >= 0xe0000 && c <= 0xe0fff) || (c >= 0xfff9 && c <= 0xfffb);
}

/* East Asian Wide and Fullwidth, and the emoji blocks: two columns (what terminals do). */
static bool wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff) ||
	       (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
	       (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) ||
	       (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
	       (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd);
}

/* The next code point of @s, or -1 (and one byte consumed) when it is not UTF-8. */
static int32_t utf8_next(const unsigned char **sp)
{
	const unsigned char *s = *sp;
	uint32_t c = s[0], min;
	int n;

	if (c < 0x80) {
		*sp = s + 1;
		return (int32_t)c;
	}
	if ((c & 0xe0) == 0xc0) {
		n = 1;
		c &= 0x1f;
		min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 2;
		c &= 0x0f;
		min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 3;
		c &= 0x07;
		min = 0x10000;
	} else {
		*sp = s + 1;
		return -1;
	}
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*sp = s + 1;
			return -1;
		}
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		*sp = s + 1;
		return -1;
	}
	*sp = s + n + 1;
	return (int32_t)c;
}

/* @out NULL: only count (columns into *cols) */
static int push(struct mxi_dchar **out, size_t *max, size_t n, uint32_t ch, uint8_t w, int *cols)
{
	*cols += w;
	if (!out)
		return 0;
	if (mxi_grow((void **)out, max, n + 1, sizeof(**out)))
		return -1;
	(*out)[n].ch = ch;
	(*out)[n].w = w;
	return 0;
}

static int push_ascii(struct mxi_dchar **out, size_t *max, size_t *n, const char *t, int *cols)
{
	for (; *t; t++)
		if (push(out, max, (*n)++, (unsigned char)*t, 1, cols))
			return -1;
	return 0;
}

static int decode(const char *s, struct mxi_dchar **out, size_t *max, int *cols)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = 0;

	if (out && mxi_grow((void **)out, max, strlen((const char *)p) + 1, sizeof(**out)))
		return -1;
	while (*p) {
		const unsigned char *at = p;
		int32_t c;
		char esc[16];

		if (*p >= 0x20 && *p < 0x7f) {
			/* printable ASCII, what almost every text is (escapes may have used the room made above) */
			if (out && n >= *max && mxi_grow((void **)out, max, n + 1, sizeof(**out)))
				return -1;
			if (out) {
				(*out)[n].ch = *p;
				(*out)[n].w = 1;
			}
			n++;
			(*cols)++;
			p++;
			continue;
		}
		c = utf8_next(&p);
		if (c < 0) {
			snprintf(esc, sizeof(esc), "\\x%02x", *at);
		} else if (c == '\n') {
			snprintf(esc, sizeof(esc), "\\n");
		} else if (c == '\t') {
			snprintf(esc, sizeof(esc), "\\t");
		} else if (c == '\r') {
			snprintf(esc, sizeof(esc), "\\r");
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof(esc), "\\x%02x", (unsigned)c);
		} else if ((c >= 0x80 && c < 0xa0) || invisible((uint32_t)c)) {
			snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)c);
		} else {
			if (push(out, max, n++, (uint32_t)c, wide((uint32_t)c) ? 2 : 1, cols))
				return -1;
			continue;
		}
		if (push_ascii(out, max, &n, esc, cols))
			return -1;
	}
	return (int)n;
}

int mxi_text_decode(const char *s, struct mxi_dchar **out, size_t *max)
{
	int cols = 0;

	return decode(s, out, max, &cols);
}

int mxi_cv_size(struct mx_canvas *c, int w, int h)
{
	size_t n = (size_t)(w > 0 ? w : 0) * (size_t)(h > 0 ? h : 0);

	if (n > c->max) {
		struct mx_vcell *v = realloc(c->cells, n * sizeof(*v));

		if (!v)
			return MX_ENOMEM;
		c->cells = v;
		c->max = n;
	}
	c->w = w > 0 ? w : 0;
	c->h = h > 0 ? h : 0;
	for (int y = 0; y < c->h; y++)
		mxi_cv_blank(c, y, MX_VS_NORMAL);
	return 0;
}

void mxi_cv_blank(struct mx_canvas *c, int y, uint8_t style)
{
	struct mx_vcell *r;

	if (y < 0 || y >= c->h)
		return;
	r = &c->cells[(size_t)y * (size_t)c->w];
	for (int x = 0; x < c->w; x++) {
		r[x].ch = ' ';
		r[x].style = style;
	}
}

void mxi_cv_putc(struct mx_canvas *c, int y, int x, uint32_t ch, uint8_t style)
{
	struct mx_vcell *cell;

	if (y < 0 || y >= c->h || x < 0 || x >= c->w)
		return;
	cell = &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
	cell->ch = ch;
	cell->style = style;
}

void mxi_cv_style(struct mx_canvas *c, int y, int x0, int x1, uint8_t style)
{
	if (y < 0 || y >= c->h)
		return;
	for (int x = x0 < 0 ? 0 : x0; x < x1 && x < c->w; x++)
		c->cells[(size_t)y * (size_t)c->w + (size_t)x].style = style;
}

void mxi_cv_or(struct mx_canvas *c, int y, int x0, int x1, uint8_t flags)
{
	if (y < 0 || y >= c->h)
		return;
	for (int x = x0 < 0 ? 0 : x0; x < x1 && x < c->w; x++)
		c->cells[(size_t)y * (size_t)c->w + (size_t)x].style |= flags;
}

/* Place decoded characters [0, n) at (y, x) in at most @maxw columns; an ellipsis when cut. */
static int place(struct mx_canvas *c, int y, int x, int maxw, uint8_t style, const struct mxi_dchar *d,
		 size_t n, bool ascii)
{
	int total = 0, col = 0;

	if (maxw <= 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		total += d[i].w;
	for (size_t i = 0; i < n; i++) {
		bool last_fits = total <= maxw;

		if (!last_fits && col + d[i].w > maxw - 1) {
			mxi_cv_putc(c, y, x + col, mxi_ellipsis(ascii), style);
			return col + 1;
		}
		mxi_cv_putc(c, y, x + col, d[i].ch, style);
		if (d[i].w == 2)
			mxi_cv_putc(c, y, x + col + 1, 0, style);
		col += d[i].w;
	}
	return col;
}

void mx_canvas_release(struct mx_canvas *c)
{
	free(c->cells);
	free(c->dec);
	memset(c, 0, sizeof(*c));
}

int mx_canvas_text(struct mx_canvas *c, int y, int x, int maxw, uint8_t style, const char *s)
{
	struct mxi_dchar **d = (struct mxi_dchar **)&c->dec;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int n = 0;

	/* printable ASCII that fits: straight into the cells */
	while (p[n] >= 0x20 && p[n] < 0x7f)
		n++;
	if (!p[n] && n <= maxw) {
		if (y >= 0 && y < c->h)
			for (int i = 0; i < n; i++)
				if (x + i >= 0 && x + i < c->w) {
					struct mx_vcell *cell = &c->cells[(size_t)y * (size_t)c->w + (size_t)(x + i)];

					cell->ch = p[i];
					cell->style = style;
				}
		return n;
	}
	n = mxi_text_decode(s, d, &c->maxdec);

	if (n < 0)
		return 0;
	return place(c, y, x, maxw, style, *d, (size_t)n, c->ascii);
}

int mx_text_cols(const char *s)
{
	int cols = 0;
	size_t n = 0;

	while (s && (unsigned char)s[n] >= 0x20 && (unsigned char)s[n] < 0x7f)
		n++;
	if (s && !s[n])
		return (int)n;

	decode(s, NULL, NULL, &cols);
	return cols;
}

int mxi_cv_textf(struct mx_canvas *c, int y, int x, int maxw, uint8_t style, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return mx_canvas_text(c, y, x, maxw, style, buf);
}

int mxi_cv_text_right(struct mx_canvas *c, int y, int xend, int maxw, uint8_t style, const char *s)
{
	int w = mx_text_cols(s);

	if (w > maxw)
		w = maxw;
	mx_canvas_text(c, y, xend - w, w, style, s);
	return xend - w;
}

/* A space before a unit ("16 MiB") binds the number to it: no cut there. */
static bool unit_follows(const struct mxi_dchar *d, int n, int i)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };

	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		int k = 0;

		while (units[u][k] && i + 1 + k < n && d[i + 1 + k].ch == (uint32_t)(unsigned char)units[u][k])
			k++;
		if (!units[u][k] && (i + 1 + k == n || d[i + 1 + k].ch == ' ' || d[i + 1 + k].ch == ')'))
			return true;
	}
	return false;
}

int mxi_cv_text_words(struct mx_canvas *c, int y, int x, int maxw, uint8_t style, const char *s)
{
	struct mxi_dchar **d = (struct mxi_dchar **)&c->dec;
	int n, cols = 0, total = 0;
	size_t keep = 0;

	if (mx_text_cols(s) <= maxw)
		return mx_canvas_text(c, y, x, maxw, style, s);
	n = mxi_text_decode(s, d, &c->maxdec);
	if (n <= 0 || maxw <= 0)
		return 0;
	/* the whole words before the last space that leaves a column for the ellipsis */
	for (int i = 0; i < n && cols <= maxw - 1; i++) {
		if ((*d)[i].ch == ' ' && i > 0 && (*d)[i - 1].ch != ' ' && !unit_follows(*d, n, i)) {
			keep = (size_t)i;
			total = cols;
		}
		cols += (*d)[i].w;
	}
	if (!keep)  /* the first word alone is too wide: cut it */
		return place(c, y, x, maxw, style, *d, (size_t)n, c->ascii);
	place(c, y, x, total, style, *d, keep, c->ascii);
	mxi_cv_putc(c, y, x + total, mxi_ellipsis(c->ascii), style);
	return total + 1;
}

int mxi_cv_wrap(struct mx_canvas *c, int y, int x, int width, int indent, int maxlines, uint8_t style,
		const char *s)
{
	struct mxi_dchar *dbuf = NULL;
	size_t dmax = 0;
	int n = mxi_text_decode(s, &dbuf, &dmax), rows = 0;
	bool ascii = c ? c->ascii : false;
	size_t i = 0;

	if (n < 0 || width <= 0) {
		free(dbuf);
		return 0;
	}
	while (i < (size_t)n && rows < maxlines) {
		int lx = rows ? indent : 0, w = width - lx, cols = 0;
		size_t end = i, brk = 0, j;
		bool last = false;

		if (w <= 0)
			break;
		/* the longest run of whole words that fits */
		for (j = i; j < (size_t)n && cols + dbuf[j].w <= w; j++) {
			cols += dbuf[j].w;
			if (dbuf[j].ch == ' ')
				brk = j;
		}
		if (j >= (size_t)n) {
			end = (size_t)n;
			last = true;
		} else if (dbuf[j].ch == ' ') {
			end = j;
		} else if (brk > i) {
			end = brk;
		} else {
			/* one word wider than the line: cut it with an ellipsis, skip its rest */
			size_t k = j;

			while (k < (size_t)n && dbuf[k].ch != ' ')
				k++;
			if (c)
				place(c, y + rows, x + lx, w, style, dbuf + i, k - i, ascii);
			rows++;
			i = k;
			while (i < (size_t)n && dbuf[i].ch == ' ')
				i++;
			continue;
		}
		if (c)
			place(c, y + rows, x + lx, w, style, dbuf + i, end - i, ascii);
		rows++;
		i = end;
		while (i < (size_t)n && dbuf[i].ch == ' ')
			i++;
		if (last)
			break;
	}
	/* lines left over: the last one shown says so */
	if (i < (size_t)n && rows && c)
		mxi_cv_putc(c, y + rows - 1, x + width - 1, mxi_ellipsis(ascii), style);
	free(dbuf);
	return rows;
}

char *mx_view_size(uint64_t bytes, char *buf, size_t len)
{
	/* the explorer's unit rule: exact, never rounded */
	return mx_size_exact(bytes, buf, len);
}

char *mxi_kib(int64_t kib, bool sign, char *buf, size_t len)
{
	snprintf(buf, len, sign ? "%+" PRId64 " KiB" : "%" PRId64 " KiB", kib);
	return buf;
}

uint8_t mxi_delta_style(int64_t v)
{
	return v > 0 ? MX_VS_PLUS : v < 0 ? MX_VS_MINUS : MX_VS_NORMAL;
}
