/* dt_loader.c - what a boot loader's fixups will find in a device tree file (struct mx_dtbfacts) */
#include <libfdt.h>
#include <string.h>

#include "dt_internal.h"

/*
 * libfdt's fdt_find_string_(): a name is found anywhere in the strings
 * block where its bytes and its NUL appear, also as the tail of a longer
 * name ("reg" in "interrupt-reg"); only a name not found is appended.
 */
static bool has_string(const char *tab, int size, const char *s)
{
	size_t len = strlen(s) + 1;

	if (size < 0 || (size_t)size < len)
		return false;
	for (const char *p = tab; p <= tab + size - len; p++)
		if (!memcmp(p, s, len))
			return true;
	return false;
}

static int32_t prop_len(const void *fdt, int node, const char *name)
{
	int len;

	if (node < 0 || !fdt_getprop(fdt, node, name, &len))
		return -1;
	return len;
}

/* The struct block's size: the header's (v17), else where FDT_END ends (fdt_open_into() does the same). */
static uint32_t struct_size(const void *fdt)
{
	int off = 0, next = 0;

	if (fdt_version(fdt) >= 17)
		return fdt_size_dt_struct(fdt);
	while (fdt_next_tag(fdt, off, &next) != FDT_END) {
		if (next <= off)
			return 0;
		off = next;
	}
	return (uint32_t)next;
}

void mxi_dt_loader_facts(const void *fdt, struct mx_bootloader *b)
{
	struct mx_dtbfacts *t = &b->tree;
	const char *tab = (const char *)fdt + fdt_off_dt_strings(fdt);
	int chosen = fdt_subnode_offset(fdt, 0, "chosen");
	/* fdt_find_or_add_subnode(blob, 0, "memory"): the first memory or memory@... child of the root */
	int mem = fdt_subnode_offset(fdt, 0, "memory");
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0);

	memset(t, 0, sizeof(*t));
	t->known = true;
	/* fdt_open_into(): the header padded to 8, the reservations with their end entry, struct, strings */
	t->packed = 40 + 16 * (uint32_t)(fdt_num_mem_rsv(fdt) + 1) + struct_size(fdt) + fdt_size_dt_strings(fdt);
	t->chosen = chosen >= 0;
	t->memory = mem >= 0;
	t->bootargs = prop_len(fdt, chosen, "bootargs");
	t->version = prop_len(fdt, chosen, "u-boot,version");
	t->initrd_start = prop_len(fdt, chosen, "linux,initrd-start");
	t->initrd_end = prop_len(fdt, chosen, "linux,initrd-end");
	t->mem_type = prop_len(fdt, mem, "device_type");
	t->mem_reg = prop_len(fdt, mem, "reg");
	if (t->mem_reg > 0 && ac > 0 && sc > 0 && t->mem_type >= 0) {
		const unsigned char *reg = fdt_getprop(fdt, mem, "reg", NULL);
		size_t cell = 4 * (size_t)(ac + sc);

		/* the banks the importer took from it: those with a size */
		for (size_t i = 0; reg && ac <= 2 && sc <= 2 && (i + 1) * cell <= (size_t)t->mem_reg; i++)
			if (mxi_dt_cells(reg + i * cell + 4 * (size_t)ac, (size_t)sc))
				t->mem_banks++;
	}
	for (unsigned k = 0; k < MX_DTS_COUNT; k++)
		if (has_string(tab, (int)fdt_size_dt_strings(fdt), mx_dtb_string_name(k)))
			t->strings |= 1u << k;
}
