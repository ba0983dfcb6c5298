/* bootlog_input.c - a boot log's text cut into lines: each line's prefixes stripped, lines hashed and compared */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "bootlog_internal.h"

/* Where a syslog line's "... kernel: " prefix ends, or NULL. */
static const char *syslog_prefix(const char *s, const char *e)
{
	static const char key[] = " kernel: ";
	const size_t n = sizeof(key) - 1;
	const char *lim = e - s > 160 ? s + 160 : e;

	for (const char *q = s; (size_t)(lim - q) >= n; q++)
		if (*q == ' ' && !memcmp(q, key, n))
			return q + n;
	return NULL;
}

/* "[    0.000000]" at @s: its value in microseconds and where it ends. */
static const char *timestamp(const char *s, const char *e, uint64_t *us)
{
	uint64_t sec = 0, frac = 0;
	unsigned nfrac = 0;
	const char *q = s + 1;

	while (q < e && *q == ' ')
		q++;
	if (q >= e || !bl_isdig(*q))
		return NULL;
	for (; q < e && bl_isdig(*q); q++)
		sec = sec > (UINT64_MAX - 9) / 10 ? UINT64_MAX : sec * 10 + (unsigned)(*q - '0');
	if (q < e && *q == '.')
		for (q++; q < e && bl_isdig(*q); q++)
			if (nfrac < 6) {
				frac = frac * 10 + (unsigned)(*q - '0');
				nfrac++;
			}
	if (q >= e || *q != ']')
		return NULL;
	for (; nfrac < 6; nfrac++)
		frac *= 10;
	*us = sec > (UINT64_MAX - frac) / 1000000 ? UINT64_MAX : sec * 1000000 + frac;
	return q + 1;
}

/* The kernel's text of a line: without "<6>", "[    0.000000] " and "[    T1] ". */
static void strip_prefix(struct mx_blline *l)
{
	const char *s = l->raw, *e = l->raw_end, *q;

	l->has_ts = false;
	l->ts = 0;
	/* a pasted log may be indented: blanks before a prefix go with it */
	for (q = s; q < e && (*q == ' ' || *q == '\t'); q++)
		;
	if (q < e && (*q == '<' || *q == '['))
		s = q;
	else if ((q = syslog_prefix(s, e)))
		s = q;
	if (s < e && *s == '<') {
		for (q = s + 1; q < e && bl_isdig(*q) && q - s < 5; q++)
			;
		if (q > s + 1 && q < e && *q == '>')
			s = q + 1;
	}
	if (s < e && *s == '[' && (q = timestamp(s, e, &l->ts))) {
		l->has_ts = true;
		s = q;
		/* CONFIG_PRINTK_CALLER: "[    T1]" or "[  C0]" */
		if (s < e && *s == '[') {
			for (q = s + 1; q < e && *q == ' '; q++)
				;
			if (q < e && (*q == 'T' || *q == 'C')) {
				const char *d = ++q;

				while (q < e && bl_isdig(*q))
					q++;
				if (q > d && q < e && *q == ']')
					s = q + 1;
			}
		}
		if (s < e && *s == ' ')
			s++;
	}
	l->body = s;
	l->body_end = e;
}

/* The next line of @it (ends at '\n' or @it->end), or false at the end. */
bool mxi_bl_next_line(struct mx_bliter *it, struct mx_blline *l)
{
	const char *s = it->p, *e, *nl;

	if (s >= it->end)
		return false;
	nl = memchr(s, '\n', (size_t)(it->end - s));
	e = nl ? nl : it->end;
	it->p = nl ? nl + 1 : it->end;
	if (it->no < INT_MAX)
		it->no++;
	while (e > s && e[-1] == '\r')
		e--;
	l->raw = s;
	l->raw_end = e;
	l->no = it->no;
	strip_prefix(l);
	return true;
}

uint64_t mxi_bl_line_hash(const struct mx_blline *l)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ l->ts;

	for (const char *p = l->body; p < l->body_end; p++) {
		h ^= (unsigned char)*p;
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/* The same kernel line: timestamp and text. */
bool mxi_bl_same_line(const struct mx_blline *a, const struct mx_blline *b)
{
	size_t n = (size_t)(a->body_end - a->body);

	return a->ts == b->ts && n == (size_t)(b->body_end - b->body) && !memcmp(a->body, b->body, n);
}

/* Where the line that ends just before the line start @p begins (@p > @lo). */
const char *mxi_bl_line_before(const char *lo, const char *p)
{
	const char *q = p - 1; /* the '\n' that ends it */

	while (q > lo && q[-1] != '\n')
		q--;
	return q;
}
