/* report_json.c - the layout as one JSON document */
#include <inttypes.h>

#include "memx/check.h"
#include "memx/report.h"

static void key(struct mx_buf *b, const char *k)
{
	mx_buf_add_json_str(b, k);
	mx_buf_adds(b, ":");
}

static void kstr(struct mx_buf *b, const char *k, const char *v, bool comma)
{
	key(b, k);
	if (v)
		mx_buf_add_json_str(b, v);
	else
		mx_buf_adds(b, "null");
	if (comma)
		mx_buf_adds(b, ",");
}

static void knum(struct mx_buf *b, const char *k, uint64_t v, bool comma)
{
	key(b, k);
	mx_buf_addf(b, "%" PRIu64 "%s", v, comma ? "," : "");
}

/* Addresses as "0x..." strings: JSON numbers lose precision above 2^53. */
static void kaddr(struct mx_buf *b, const char *k, uint64_t v, bool comma)
{
	key(b, k);
	mx_buf_addf(b, "\"0x%" PRIx64 "\"%s", v, comma ? "," : "");
}

static void counters(const struct mx_layout *L, struct mx_buf *b, const struct mx_counters *c)
{
	mx_buf_adds(b, "{");
	knum(b, "physpages_k", mx_layout_kib(L, c->memory), true);
	knum(b, "reserved_k", mx_layout_kib(L, c->reserved), true);
	knum(b, "totalram_k", mx_layout_kib(L, c->totalram), true);
	knum(b, "cma_k", mx_layout_kib(L, c->cma), true);
	knum(b, "highmem_k", mx_layout_kib(L, c->highram), false);
	mx_buf_adds(b, "}");
}

int mx_report_json(const struct mx_layout *L, const struct mx_profile *p, struct mx_buf *b)
{
	const struct mx_params *P = &L->params;
	const struct mx_summary *s = &L->sum;
	struct mx_buf tmp;

	mx_buf_init(&tmp);
	mx_buf_adds(b, "{");
	kstr(b, "memx_version", MX_VERSION, true);
	mx_buf_adds(b, "\n");
	key(b, "profile");
	mx_buf_adds(b, "{");
	kstr(b, "name", p->name, true);
	kstr(b, "source", p->source, true);
	kstr(b, "description", p->description, true);
	kstr(b, "arch", mx_arch_name(P->arch), true);
	kstr(b, "kernel", p->kernel, true);
	kstr(b, "flavour", P->flavour->name, true);
	kstr(b, "memory_model", P->model == MX_MM_FLAT ? "flatmem" : "sparsemem", true);
	key(b, "vmemmap");
	mx_buf_adds(b, P->vmemmap ? "true," : "false,");
	knum(b, "page_size", P->page, true);
	knum(b, "struct_page", P->struct_page, true);
	knum(b, "max_order", P->max_order, true);
	knum(b, "pageblock_order", P->pageblock_order, true);
	if (p->dt_includes) /* a kernel tree's include directories memx added by itself */
		kstr(b, "assumed_include_dirs", p->dt_includes, true);
	mx_report_assumed(P->assumed, &tmp);
	kstr(b, "assumed", tmp.buf, false);
	mx_buf_adds(b, "},");

	mx_buf_adds(b, "\n");
	key(b, "summary");
	mx_buf_adds(b, "{");
	knum(b, "dram_k", s->dram >> 10, true);
	knum(b, "physpages_k", mx_layout_kib(L, s->physpages), true);
	key(b, "memory_line");
	mx_buf_adds(b, "{");
	knum(b, "available_k", mx_layout_kib(L, s->available), true);
	knum(b, "physpages_k", mx_layout_kib(L, s->physpages), true);
	knum(b, "kernel_code_k", p->kernel_image.code >> 10, true);
	knum(b, "rwdata_k", p->kernel_image.rwdata >> 10, true);
	knum(b, "rodata_k", p->kernel_image.rodata >> 10, true);
	knum(b, "init_k", p->kernel_image.init >> 10, true);
	knum(b, "bss_k", p->kernel_image.bss >> 10, true);
	knum(b, "reserved_k", mx_layout_kib(L, s->reserved), true);
	knum(b, "cma_reserved_k", mx_layout_kib(L, s->cma_reserved), true);
	knum(b, "highmem_k", mx_layout_kib(L, s->highmem_free), false);
	mx_buf_adds(b, "},");
	knum(b, "memtotal_k", mx_layout_kib(L, s->memtotal), true);
	knum(b, "lowtotal_k", mx_layout_kib(L, s->lowtotal), true);
	knum(b, "hightotal_k", mx_layout_kib(L, s->hightotal), true);
	knum(b, "cmatotal_k", mx_layout_kib(L, s->cmatotal), true);
	key(b, "has_highmem");
	mx_buf_adds(b, s->has_highmem ? "true," : "false,");
	kaddr(b, "lowmem_limit", s->lowmem_limit, true);
	knum(b, "vmalloc_total_k", s->vmalloc_total >> 10, true);
	knum(b, "memmap_alloc_bytes", s->memmap_alloc, true);
	knum(b, "memmap_bytes", s->memmap_bytes, true);
	kaddr(b, "memmap_base", s->memmap_base, true);
	knum(b, "memmap_unused_freed_bytes", s->memmap_unused_freed, true);
	knum(b, "memmap_pages_printed", s->memmap_pages, true);
	knum(b, "sparse_roots_bytes", s->sparse_roots, true);
	knum(b, "initrd_freed_k", mx_layout_kib(L, s->initrd_freed), true);
	knum(b, "init_freed_k", mx_layout_kib(L, s->init_freed), false);
	mx_buf_adds(b, "},");

	mx_buf_adds(b, "\n");
	key(b, "stages");
	mx_buf_adds(b, "[");
	for (size_t i = 0; i < L->nstages; i++) {
		const struct mx_stage *st = &L->stages[i];

		mx_buf_adds(b, i ? ",\n {" : "\n {");
		kstr(b, "name", mx_step_name(st->step), true);
		kstr(b, "function", mx_step_func(st->step), true);
		key(b, "after");
		counters(L, b, &st->after);
		mx_buf_adds(b, ",");
		key(b, "log");
		mx_buf_adds(b, "[");
		for (size_t k = st->log_first; k < st->log_first + st->log_count; k++) {
			mx_buf_adds(b, k > st->log_first ? ",{" : "{");
			kstr(b, "source", L->log[k].kind == MX_LOG_KERNEL ? "kernel" : "memx", true);
			kstr(b, "text", mx_layout_logline(L, k), false);
			mx_buf_adds(b, "}");
		}
		mx_buf_adds(b, "]}");
	}
	mx_buf_adds(b, "],");

	mx_buf_adds(b, "\n");
	key(b, "zones");
	mx_buf_adds(b, "[");
	for (size_t z = 0; z < L->nzones; z++) {
		const struct mx_zone *zn = &L->zones[z];

		mx_buf_adds(b, z ? ",\n {" : "\n {");
		kstr(b, "name", zn->name, true);
		key(b, "highmem");
		mx_buf_adds(b, zn->highmem ? "true," : "false,");
		kaddr(b, "start", zn->start_pfn * P->page, true);
		kaddr(b, "end", zn->end_pfn * P->page, true);
		knum(b, "spanned", zn->spanned, true);
		knum(b, "present", zn->present, true);
		knum(b, "managed", zn->managed, true);
		knum(b, "memmap_pages", zn->memmap_pages, false);
		mx_buf_adds(b, "}");
	}
	mx_buf_adds(b, "],");

	mx_buf_adds(b, "\n");
	key(b, "regions");
	mx_buf_adds(b, "[");
	for (size_t i = 0; i < L->nitems; i++) {
		const struct mx_item *it = &L->items[i];

		mx_buf_adds(b, i ? ",\n {" : "\n {");
		kstr(b, "name", it->name, true);
		kstr(b, "kind", mx_item_kind_name(it->kind), true);
		kaddr(b, "base", it->base, true);
		knum(b, "size", it->size ? it->size : it->want, true);
		key(b, "placed");
		mx_buf_adds(b, it->flags & MX_IF_PLACED ? "true," : "false,");
		key(b, "failed");
		mx_buf_adds(b, it->flags & MX_IF_FAILED ? "true," : "false,");
		key(b, "cma");
		mx_buf_adds(b, it->flags & MX_IF_CMA ? "true," : "false,");
		key(b, "nomap");
		mx_buf_adds(b, it->flags & MX_IF_NOMAP ? "true," : "false,");
		key(b, "freed_later");
		mx_buf_adds(b, it->flags & MX_IF_FREED ? "true," : "false,");
		key(b, "region_index");
		mx_buf_addf(b, "%d,", it->region);
		mx_buf_clear(&tmp);
		mx_report_placement(L, it, &tmp);
		kstr(b, "placement", tmp.buf, true);
		kstr(b, "stage", mx_step_name((enum mx_step)it->step), false);
		mx_buf_adds(b, "}");
	}
	mx_buf_adds(b, "],");

	mx_buf_adds(b, "\n");
	key(b, "fixups");
	mx_buf_adds(b, "[");
	for (size_t i = 0; i < L->nfixups; i++) {
		const struct mx_fixup *f = &L->fixups[i];

		mx_buf_adds(b, i ? ",\n {" : "\n {");
		kstr(b, "region", L->items[f->item].name, true);
		kaddr(b, "keep_base", f->keep_base, true);
		knum(b, "keep_size", f->keep_size, true);
		kaddr(b, "memmap_freed_base", f->memmap_base, true);
		knum(b, "memmap_freed_size", f->memmap_size, true);
		kaddr(b, "tail_base", f->tail_base, true);
		knum(b, "tail_size", f->tail_size, false);
		mx_buf_adds(b, "}");
	}
	mx_buf_adds(b, "],");

	mx_buf_adds(b, "\n");
	key(b, "meminfo");
	mx_buf_adds(b, "{");
	knum(b, "MemTotal", mx_layout_kib(L, s->memtotal), true);
	knum(b, "LowTotal", mx_layout_kib(L, s->lowtotal), true);
	knum(b, "HighTotal", mx_layout_kib(L, s->hightotal), true);
	knum(b, "CmaTotal", mx_layout_kib(L, s->cmatotal), true);
	knum(b, "VmallocTotal", s->vmalloc_total >> 10, false);
	mx_buf_adds(b, "},");

	mx_buf_adds(b, "\n");
	key(b, "diagnostics");
	mx_buf_adds(b, "[");
	for (size_t i = 0; i < L->diags.cnt; i++) {
		const struct mx_diag *d = &L->diags.d[i];

		mx_buf_adds(b, i ? ",\n {" : "\n {");
		kstr(b, "severity", mx_severity_name(d->sev), true);
		kstr(b, "check", d->check, true);
		kstr(b, "file", d->file, true);
		knum(b, "line", (uint64_t)(d->line > 0 ? d->line : 0), true);
		knum(b, "column", (uint64_t)(d->col > 0 ? d->col : 0), true);
		key(b, "region_index");
		mx_buf_addf(b, "%d,", d->region);
		kstr(b, "message", d->msg, false);
		mx_buf_adds(b, "}");
	}
	mx_buf_adds(b, "]}\n");
	mx_buf_release(&tmp);
	return b->failed ? MX_ENOMEM : 0;
}
