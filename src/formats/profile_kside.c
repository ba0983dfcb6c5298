/* profile_kside.c - the kernel-side: section of a profile (6.1 cost-model settings) */
#include <string.h>

#include "profile_kside.h"

#define KS(o) ((struct mx_kside *)(o))
#define DS(o) ((struct mx_dtstats *)(o))
#define PF(fn) static bool fn(struct yaml_load *L, yaml_node_t *v, void *o, yaml_node_t *m)

PF(ks_cpus) { (void)m; return mxi_yaml_uint(L, v, &KS(o)->cpus, 4096, "a CPU count (1..4096)"); }
PF(ks_nrcpus) { (void)m; return mxi_yaml_uint(L, v, &KS(o)->nr_cpus_max, 1u << 16, "CONFIG_NR_CPUS (1..65536)"); }
PF(ks_mbmem) { (void)m; return mxi_yaml_uint(L, v, &KS(o)->memblock_memory, 1u << 20, "INIT_MEMBLOCK_MEMORY_REGIONS"); }
PF(ks_mbrsv) { (void)m; return mxi_yaml_uint(L, v, &KS(o)->memblock_reserved, 1u << 20, "INIT_MEMBLOCK_RESERVED_REGIONS"); }
PF(ks_pext) { (void)m; return mxi_yaml_bool(L, v, &KS(o)->page_extension, "page-extension"); }
PF(ks_defer) { (void)m; return mxi_yaml_bool(L, v, &KS(o)->deferred_init, "deferred-struct-page-init"); }
PF(ks_lpae) { (void)m; return mxi_yaml_bool(L, v, &KS(o)->lpae, "lpae"); }
PF(ks_zdma) { (void)m; return mxi_yaml_bool(L, v, &KS(o)->zone_dma, "zone-dma"); }
PF(ks_logbuf) { (void)m; return mxi_yaml_size(L, v, &KS(o)->log_buf, "a log buffer size"); }
PF(ks_pagext) { (void)m; return mxi_yaml_uint(L, v, &KS(o)->page_ext, 4096, "page_ext bytes per page (0..4096)"); }
PF(ks_unflat) { (void)m; return mxi_yaml_size(L, v, &KS(o)->unflattened, "a size in bytes"); }
PF(ks_linear)
{
	const char *s = mxi_yaml_scalar(L, v, "pages or blocks");

	(void)m;
	if (!s)
		return false;
	if (!strcmp(s, "pages") || !strcmp(s, "blocks")) {
		KS(o)->linear_map_blocks = !strcmp(s, "blocks");
		return true;
	}
	ERR(L, v, "unknown linear-map '%s'; expected pages (rodata=full) or blocks", SHOW(s));
	return false;
}

PF(ks_ptables)
{
	const char *s = mxi_yaml_scalar(L, v, "model or listed");

	(void)m;
	if (!s)
		return false;
	if (!strcmp(s, "model") || !strcmp(s, "listed")) {
		KS(o)->page_tables_listed = !strcmp(s, "listed");
		return true;
	}
	ERR(L, v, "unknown page-tables '%s'; expected model or listed (the profile lists them)", SHOW(s));
	return false;
}

PF(dt_nodes) { (void)m; return mxi_yaml_uint(L, v, &DS(o)->nodes, 1u << 24, "a node count"); }
PF(dt_props) { (void)m; return mxi_yaml_uint(L, v, &DS(o)->props, 1u << 26, "a property count"); }
PF(dt_unnamed) { (void)m; return mxi_yaml_uint(L, v, &DS(o)->unnamed, 1u << 24, "a node count"); }
PF(dt_names4) { (void)m; return mxi_yaml_size(L, v, &DS(o)->names4, "a byte count"); }
PF(dt_names8) { (void)m; return mxi_yaml_size(L, v, &DS(o)->names8, "a byte count"); }
PF(dt_cb) { (void)m; return mxi_yaml_bool(L, v, &DS(o)->chosen_bootargs, "chosen-bootargs"); }
PF(dt_ci) { (void)m; return mxi_yaml_bool(L, v, &DS(o)->chosen_initrd, "chosen-initrd"); }
static const struct yaml_key dt_keys[] = {
	{ "nodes", dt_nodes }, { "properties", dt_props }, { "unnamed", dt_unnamed },
	{ "names4", dt_names4 }, { "names8", dt_names8 }, { "chosen-bootargs", dt_cb },
	{ "chosen-initrd", dt_ci },
};
PF(ks_dt)
{
	(void)m;
	KS(o)->has_dt = true;
	return mxi_yaml_map(L, v, dt_keys, sizeof(dt_keys) / sizeof(dt_keys[0]), &KS(o)->dt,
			   "device-tree statistics");
}

static const struct yaml_key ks_keys[] = {
	{ "cpus", ks_cpus }, { "nr-cpus", ks_nrcpus }, { "memblock-memory-regions", ks_mbmem },
	{ "memblock-reserved-regions", ks_mbrsv }, { "page-extension", ks_pext }, { "deferred-struct-page-init", ks_defer },
	{ "lpae", ks_lpae }, { "zone-dma", ks_zdma }, { "linear-map", ks_linear }, { "page-tables", ks_ptables }, { "log-buf", ks_logbuf },
	{ "device-tree", ks_dt }, { "unflattened-dt", ks_unflat }, { "page-ext", ks_pagext },
};

bool mxi_yaml_kside(struct yaml_load *L, yaml_node_t *v, struct mx_kside *k)
{
	memset(k, 0, sizeof(*k));
	k->present = true;
	return mxi_yaml_map(L, v, ks_keys, sizeof(ks_keys) / sizeof(ks_keys[0]), k, "kernel-side");
}

void mxi_kside_write(const struct mx_kside *k, struct mx_buf *b)
{
	if (!k->present)
		return;
	mx_buf_adds(b, "kernel-side:\n");
	if (k->cpus)
		mx_buf_addf(b, "  cpus: %u\n", k->cpus);
	if (k->nr_cpus_max)
		mx_buf_addf(b, "  nr-cpus: %u\n", k->nr_cpus_max);
	if (k->memblock_memory)
		mx_buf_addf(b, "  memblock-memory-regions: %u\n", k->memblock_memory);
	if (k->memblock_reserved)
		mx_buf_addf(b, "  memblock-reserved-regions: %u\n", k->memblock_reserved);
	mx_buf_addf(b, "  page-extension: %s\n", k->page_extension ? "true" : "false");
	mx_buf_addf(b, "  deferred-struct-page-init: %s\n", k->deferred_init ? "true" : "false");
	if (k->page_ext)
		mx_buf_addf(b, "  page-ext: %u\n", k->page_ext);
	if (k->lpae)
		mx_buf_adds(b, "  lpae: true\n");
	if (k->zone_dma)
		mx_buf_adds(b, "  zone-dma: true\n");
	mx_buf_addf(b, "  linear-map: %s\n", k->linear_map_blocks ? "blocks" : "pages");
	if (k->page_tables_listed)
		mx_buf_adds(b, "  page-tables: listed\n");
	if (k->log_buf)
		mx_buf_addf(b, "  log-buf: %llu\n", (unsigned long long)k->log_buf);
	if (k->unflattened)
		mx_buf_addf(b, "  unflattened-dt: %llu\n", (unsigned long long)k->unflattened);
	if (k->has_dt)
		mx_buf_addf(b, "  device-tree: { nodes: %u, properties: %u, unnamed: %u, names4: %llu, "
			    "names8: %llu, chosen-bootargs: %s, chosen-initrd: %s }\n",
			    k->dt.nodes, k->dt.props, k->dt.unnamed, (unsigned long long)k->dt.names4,
			    (unsigned long long)k->dt.names8, k->dt.chosen_bootargs ? "true" : "false",
			    k->dt.chosen_initrd ? "true" : "false");
}
