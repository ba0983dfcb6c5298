/*
 * fuzz_edit.c - libFuzzer target for the edit line (the explorer's input line
 * and memx export --set/--add): mx_edit_set, mx_edit_region,
 * mx_edit_add_region, mx_edit_set_cma and mx_parse_ranges on arbitrary text,
 * against the built-in msm8937 profile.
 *
 * The input is up to 8 lines, each one edit: the first byte picks the
 * function ('s' set, 'r' region field, 'a' add, 'c' cma=, 'p' ranges; any
 * other byte: the whole line goes to mx_edit_set), 'r' takes two more bytes
 * (the region, the field). What must hold:
 *  - a refused edit changes nothing and says why in exactly one diagnostic,
 *    whose one-line form has no control character (names are escaped);
 *  - an accepted one leaves a profile the engine computes, and that saves as
 *    YAML which loads back equal: an edit accepts only what a profile file
 *    may say (node names, labels, compatible strings by the same rules).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memx/edit.h"
#include "memx/layout.h"
#include "memx/profile.h"
#include "fuzz_check.h"

#define MAX_INPUT 4096
#define MAX_EDITS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct mx_profile base;
static bool loaded;

static void check_one_diag(const struct mx_diaglist *d)
{
	struct mx_buf b;

	CHECK(d->cnt == 1);
	CHECK(d->d[0].sev == MX_SEV_ERROR && d->d[0].msg && d->d[0].msg[0]);
	mx_buf_init(&b);
	CHECK(mx_diag_format(&d->d[0], &b) == 0);
	for (size_t i = 0; i < b.len; i++)
		CHECK((unsigned char)b.buf[i] >= 0x20 && b.buf[i] != 0x7f);
	mx_buf_release(&b);
}

/*
 * One edit; returns false when it ran out of memory (nothing more to check).
 * *@changed is set when the edit was taken.
 */
static bool edit(struct mx_profile *p, const char *line, bool *changed)
{
	struct mx_profile before;
	struct mx_diaglist d;
	struct mx_range *g = NULL;
	size_t n = 0;
	int r;

	mx_profile_init(&before);
	mx_diaglist_init(&d);
	if (mx_profile_copy(&before, p))
		return false;
	switch (line[0]) {
	case 's':
		r = mx_edit_set(p, line + 1, &d);
		break;
	case 'r': {
		int ri = line[1] ? (int)((unsigned char)line[1] % (p->nregions + 2)) - 1 : -1;
		int f = line[1] && line[2] ? (unsigned char)line[2] % 6 : 0;

		r = mx_edit_region(p, ri, (enum mx_edit_field)f, line[1] && line[2] ? line + 3 : "", &d);
		CHECK(r != MX_EINVAL || ri < 0 || (size_t)ri >= p->nregions);
		if (r == MX_EINVAL)
			r = 0; /* no such region: nothing to check */
		break;
	}
	case 'a':
		r = mx_edit_add_region(p, line + 1, NULL, &d);
		break;
	case 'c':
		r = mx_edit_set_cma(p, line + 1, &d);
		break;
	case 'p':
		r = mx_parse_ranges(line + 1, &g, &n, &d);
		if (!r) {
			for (size_t i = 0; i < n; i++)
				CHECK(g[i].size && g[i].base + g[i].size - 1 >= g[i].base);
			CHECK(n == 0 || g);
		}
		free(g);
		break;
	default:
		r = mx_edit_set(p, line, &d);
		break;
	}
	CHECK(r == 0 || r == MX_EPARSE || r == MX_ENOMEM);
	if (r == MX_EPARSE) {
		check_one_diag(&d);
		CHECK(mx_profile_equal(p, &before));
	} else if (!r) {
		CHECK(d.cnt == 0);
		*changed |= line[0] != 'p';
	}
	mx_diaglist_release(&d);
	mx_profile_release(&before);
	return r != MX_ENOMEM;
}

/* The edited profile computes, and saves as YAML that loads back equal. */
static void check_profile(const struct mx_profile *p)
{
	struct mx_layout L;
	struct mx_buf y;
	struct mx_profile q;
	struct mx_diaglist d;
	int r;

	mx_layout_init(&L);
	CHECK(mx_layout_compute(&L, p) == 0);
	mx_layout_release(&L);

	mx_buf_init(&y);
	mx_profile_init(&q);
	mx_diaglist_init(&d);
	CHECK(mx_profile_write_yaml(p, &y) == 0);
	r = mx_profile_load_yaml(&q, y.buf, y.len, "edited.yaml", &d);
	if (r) {
		struct mx_buf e;

		mx_buf_init(&e);
		for (size_t i = 0; i < d.cnt; i++) {
			mx_diag_format(&d.d[i], &e);
			mx_buf_adds(&e, "\n");
		}
		fprintf(stderr, "the edited profile does not load back:\n%s", e.buf ? e.buf : "");
		mx_buf_release(&e);
	}
	CHECK(r == 0);
	CHECK(mx_profile_equal(p, &q));
	mx_diaglist_release(&d);
	mx_profile_release(&q);
	mx_buf_release(&y);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mx_profile p;
	char *text, *line, *next;
	int nedits = 0;
	bool ok = true, changed = false;

	if (size > MAX_INPUT)
		return -1;
	if (!loaded) {
		mx_profile_init(&base);
		CHECK(mx_profile_load_default(&base, NULL) == 0);
		loaded = true;
	}
	if (!(text = malloc(size + 1)))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	mx_profile_init(&p);
	if (mx_profile_copy(&p, &base)) {
		free(text);
		return 0;
	}
	for (line = text; line && ok && nedits < MAX_EDITS; line = next, nedits++) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		ok = edit(&p, line, &changed);
	}
	if (ok && changed) /* the base profile itself is checked by test_profile_write */
		check_profile(&p);
	mx_profile_release(&p);
	free(text);
	return 0;
}
