/* cli_sweep.c - memx sweep: the same board for each DRAM size (the first bank resized) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "memx/layout.h"
#include "memx/profile.h"
#include "cli_internal.h"

#define MAX_SIZES 64

/* "512M,1G,2G" into @out; returns how many, or -1 (said) */
static int parse_sizes(const char *s, uint64_t *out)
{
	char *copy = strdup(s), *save = NULL, *w;
	int n = 0;

	if (!copy)
		return -1;
	for (w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (n == MAX_SIZES || mx_size_parse(w, &out[n]) || !out[n]) {
			fprintf(stderr, "memx sweep: --dram '%s': expected up to %d sizes like 512M,1G,2G, not '%s'\n",
				s, MAX_SIZES, w);
			free(copy);
			return -1;
		}
		n++;
	}
	free(copy);
	if (!n)
		fprintf(stderr, "memx sweep: --dram needs sizes like 512M,1G,2G\n");
	return n ? n : -1;
}

/* The names of the items with @flag, comma-separated ("-" for none). */
static void names(const struct mx_layout *L, unsigned flag, struct mx_buf *o, bool json)
{
	bool first = true;

	if (json)
		mx_buf_adds(o, "[");
	for (size_t i = 0; i < L->nitems; i++) {
		if (!(L->items[i].flags & flag))
			continue;
		if (!first)
			mx_buf_adds(o, json ? "," : ", ");
		if (json)
			mx_buf_add_json_str(o, L->items[i].name);
		else
			mx_buf_adds(o, L->items[i].name);
		first = false;
	}
	if (json)
		mx_buf_adds(o, "]");
	else if (first)
		mx_buf_adds(o, "-");
}

static void row(const struct mx_layout *L, uint64_t dram, bool json, bool first, struct mx_buf *o)
{
	const struct mx_summary *s = &L->sum;
	uint64_t low = mx_layout_kib(L, s->has_highmem ? s->lowtotal : s->memtotal);
	uint64_t high = mx_layout_kib(L, s->has_highmem ? s->hightotal : 0);
	char h[32];

	if (json) {
		mx_buf_addf(o, "%s\n {\"dram\":%" PRIu64 ",\"memtotal_k\":%" PRIu64 ",\"reserved_k\":%" PRIu64
			    ",\"cmatotal_k\":%" PRIu64 ",\"memmap_bytes\":%" PRIu64 ",\"lowtotal_k\":%" PRIu64
			    ",\"hightotal_k\":%" PRIu64 ",\"errors\":%zu,\"outside\":", first ? "" : ",", dram,
			    mx_layout_kib(L, s->memtotal), mx_layout_kib(L, s->reserved), mx_layout_kib(L, s->cmatotal),
			    s->memmap_bytes, low, high, mx_diaglist_count(&L->diags, MX_SEV_ERROR));
		names(L, MX_IF_OUTSIDE, o, true);
		mx_buf_adds(o, ",\"failed\":");
		names(L, MX_IF_FAILED, o, true);
		mx_buf_adds(o, "}");
		return;
	}
	mx_size_human(dram, h, sizeof(h));
	mx_buf_addf(o, "%10s %10" PRIu64 "K %9" PRIu64 "K %9" PRIu64 "K %8" PRIu64 "K %10" PRIu64 "K %10" PRIu64 "K  ", h,
		    mx_layout_kib(L, s->memtotal), mx_layout_kib(L, s->reserved), mx_layout_kib(L, s->cmatotal),
		    s->memmap_bytes >> 10, low, high);
	names(L, MX_IF_OUTSIDE, o, false);
	mx_buf_adds(o, " | ");
	names(L, MX_IF_FAILED, o, false);
	mx_buf_adds(o, "\n");
}

int mx_cli_sweep(int argc, char **argv)
{
	struct mx_cli_input in = { 0 };
	uint64_t sizes[MAX_SIZES];
	int nsizes = 0;
	bool json = false;
	struct mx_profile p, q;
	struct mx_layout L;
	struct mx_buf o;
	int rc;

	for (int i = 1; i < argc; i++) {
		int t = mx_cli_input_arg("sweep", argc, argv, &i, &in);

		if (t < 0)
			return MX_EXIT_USAGE;
		if (t)
			continue;
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--dram")) {
			if (mx_cli_need_value("sweep", argc, i) || (nsizes = parse_sizes(argv[++i], sizes)) < 0)
				return MX_EXIT_USAGE;
		} else {
			return mx_cli_bad_option("sweep", argv[i]);
		}
	}
	if (!nsizes) {
		fprintf(stderr, "memx sweep: needs --dram SIZE[,SIZE...] (see memx sweep --help)\n");
		return MX_EXIT_USAGE;
	}
	mx_profile_init(&p);
	mx_profile_init(&q);
	mx_layout_init(&L);
	mx_buf_init(&o);
	if ((rc = mx_cli_load_input(&in, &p)))
		goto out;
	for (int k = 0; k < nsizes; k++)
		if (sizes[k] > UINT64_MAX - p.memory[0].base) {
			fprintf(stderr, "memx sweep: %" PRIu64 " bytes at 0x%" PRIx64 " run past 2^64\n", sizes[k],
				p.memory[0].base);
			rc = MX_EXIT_USAGE;
			goto out;
		}
	if (json) {
		mx_buf_adds(&o, "{\"input\":");
		mx_buf_add_json_str(&o, p.source ? p.source : "");
		mx_buf_addf(&o, ",\"bank\":{\"base\":\"0x%" PRIx64 "\",\"size\":%" PRIu64 "},\"rows\":[",
			    p.memory[0].base, p.memory[0].size);
	} else {
		mx_buf_addf(&o, "memx sweep: %s (%s), first bank at 0x%" PRIx64 " resized\n",
			    p.name ? p.name : "unnamed board", p.source ? p.source : "?", p.memory[0].base);
		mx_buf_addf(&o, "%10s %11s %10s %10s %9s %11s %11s  %s\n", "DRAM", "MemTotal", "reserved", "CmaTotal",
			    "memmap", "LowTotal", "HighTotal", "outside memory | failed placements");
	}
	for (int k = 0; k < nsizes; k++) {
		if (mx_profile_copy(&q, &p)) {
			rc = MX_EXIT_INTERNAL;
			goto out;
		}
		q.memory[0].size = sizes[k];
		if (mx_layout_compute(&L, &q)) {
			rc = MX_EXIT_INTERNAL;
			goto out;
		}
		row(&L, sizes[k], json, k == 0, &o);
	}
	if (json)
		mx_buf_adds(&o, "]}\n");
	rc = o.failed ? MX_EXIT_INTERNAL : mx_cli_write_out(NULL, &o, false, NULL);
out:
	if (rc == MX_EXIT_INTERNAL)
		fprintf(stderr, "memx: out of memory\n");
	mx_buf_release(&o);
	mx_layout_release(&L);
	mx_profile_release(&q);
	mx_profile_release(&p);
	return rc;
}
