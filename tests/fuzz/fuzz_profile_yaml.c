/*
 * fuzz_profile_yaml.c - libFuzzer target for the YAML profile loader
 *
 * Every input is loaded as a profile. A rejected input must leave the
 * profile released and say why in one or more errors with a position,
 * each printed as one line of printable text. An accepted one is laid out (mx_layout_compute), written back
 * as YAML and reloaded: the reload must be an equal profile and writing it
 * again must give the same bytes. Crashes, leaks, hangs and UB are for
 * the sanitizers and libFuzzer to see.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_known.h"
#include "memx/layout.h"
#include "memx/profile.h"
#include "fuzz_check.h"

/* assert() is compiled out in RelWithDebInfo (-DNDEBUG); this is not. */

/* Inputs above this only slow the fuzzer down; profiles are a few KiB. */
#define MAX_INPUT (64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_diags(const struct mx_diaglist *d, const char *file)
{
	for (size_t i = 0; i < d->cnt; i++) {
		const struct mx_diag *g = &d->d[i];
		struct mx_buf b;

		CHECK(g->sev == MX_SEV_ERROR);
		CHECK(g->file && !strcmp(g->file, file));
		CHECK(g->line >= 1 && g->col >= 1);
		CHECK(g->msg && g->msg[0]);
		mx_buf_init(&b);
		CHECK(mx_diag_format(g, &b) == 0);
		/* one line of printable text, whatever the names in it (mx_str_escape) */
		for (size_t k = 0; k < b.len; k++)
			CHECK((unsigned char)b.buf[k] >= 0x20 && b.buf[k] != 0x7f);
		mx_buf_release(&b);
	}
}

static void check_released(const struct mx_profile *p)
{
	struct mx_profile e;

	mx_profile_init(&e);
	CHECK(!memcmp(p, &e, sizeof(e)));
}

/* write(p) loads back equal, and writes the same bytes again. */
static void round_trip(const struct mx_profile *p)
{
	struct mx_buf first, second;
	struct mx_profile q;
	struct mx_diaglist d;
	int r;

	mx_buf_init(&first);
	mx_buf_init(&second);
	mx_diaglist_init(&d);
	mx_profile_init(&q);
	CHECK(mx_profile_write_yaml(p, &first) == 0);
	r = mx_profile_load_yaml(&q, first.buf, first.len, "written.yaml", &d);
	if (r) {
		fprintf(stderr, "the written profile does not load:\n%s\n", first.buf);
		for (size_t i = 0; i < d.cnt; i++)
			fprintf(stderr, "  %d:%d: %s\n", d.d[i].line, d.d[i].col, d.d[i].msg);
	}
	CHECK(r == 0);
	if (!mx_profile_equal(p, &q))
		fprintf(stderr, "the written profile loads back different:\n%s\n", first.buf);
	CHECK(mx_profile_equal(p, &q));
	CHECK(mx_profile_write_yaml(&q, &second) == 0);
	CHECK(first.len == second.len && !memcmp(first.buf, second.buf, first.len));
	mx_profile_release(&q);
	mx_diaglist_release(&d);
	mx_buf_release(&second);
	mx_buf_release(&first);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mx_profile p;
	struct mx_diaglist d;
	struct mx_layout L;
	int r;

	if (size > MAX_INPUT)
		return -1; /* not added to the corpus */
	mx_profile_init(&p);
	mx_diaglist_init(&d);
	r = mx_profile_load_yaml(&p, (const char *)data, size, "fuzz.yaml", &d);
	CHECK(r == 0 || r == MX_EPARSE || r == MX_ENOMEM);
	check_diags(&d, "fuzz.yaml");
	if (r) {
		CHECK(r == MX_ENOMEM || d.cnt >= 1);
		check_released(&p);
		mx_diaglist_release(&d);
		return 0;
	}
	CHECK(d.cnt == 0);
	CHECK(p.arch != MX_ARCH_NONE && p.nmemory >= 1);

	if (!fuzz_known_slow(&p)) {
		mx_layout_init(&L);
		CHECK(mx_layout_compute(&L, &p) == 0);
		for (size_t i = 0; i < L.nlog; i++)
			CHECK(mx_layout_logline(&L, i) != NULL);
		mx_layout_release(&L);
	}

	round_trip(&p);
	mx_profile_release(&p);
	mx_diaglist_release(&d);
	return 0;
}
