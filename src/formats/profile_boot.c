/* profile_boot.c - the boot-loader: section of a profile (qemu, u-boot, uefi) */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "profile_boot.h"

#define BL(o) ((struct mx_bootloader *)(o))
#define TF(o) ((struct mx_dtbfacts *)(o))
#define PF(fn) static bool fn(struct yaml_load *L, yaml_node_t *v, void *o, yaml_node_t *m)

PF(bl_type)
{
	const char *s = mxi_yaml_scalar(L, v, "a boot loader");
	static const enum mx_loader all[] = { MX_LOADER_NONE, MX_LOADER_QEMU, MX_LOADER_UBOOT, MX_LOADER_UEFI };

	(void)m;
	if (!s)
		return false;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcmp(s, mx_loader_name(all[i]))) {
			BL(o)->type = all[i];
			return true;
		}
	ERR(L, v, "unknown boot loader '%s'; expected qemu, u-boot, uefi or none", SHOW(s));
	return false;
}

PF(bl_dtb) { (void)m; return mxi_yaml_size(L, v, &BL(o)->dtb_file, "a DTB file size"); }
PF(bl_image) { (void)m; return mxi_yaml_size(L, v, &BL(o)->image_size, "a kernel image size"); }
PF(bl_toff) { (void)m; return mxi_yaml_size(L, v, &BL(o)->text_offset, "the Image header's text_offset"); }
PF(bl_soff) { (void)m; return mxi_yaml_size(L, v, &BL(o)->stext_offset, "_stext - _text in bytes"); }
PF(bl_efitop) { (void)m; return mxi_yaml_size(L, v, &BL(o)->efi_top, "a distance below the end of DRAM"); }
PF(bl_maxreg) { (void)m; return mxi_yaml_uint(L, v, &BL(o)->max_regions, MX_LOADER_LMB_MAX, "CONFIG_LMB_MAX_REGIONS"); }

PF(bl_pad)
{
	(void)m;
	if (!mxi_yaml_size(L, v, &BL(o)->fdt_pad, "CONFIG_SYS_FDT_PAD"))
		return false;
	if (BL(o)->fdt_pad > (1ULL << 30)) {
		ERR(L, v, "fdt-pad 0x%" PRIx64 " is larger than 1G", BL(o)->fdt_pad);
		return false;
	}
	return true;
}

PF(bl_bits)
{
	unsigned x;

	(void)m;
	if (!mxi_yaml_uint(L, v, &x, 64, "32 or 64"))
		return false;
	if (x != 32 && x != 64) {
		ERR(L, v, "expected 32 or 64 (the U-Boot build), got %u", x);
		return false;
	}
	BL(o)->bits = x;
	return true;
}

PF(bl_version)
{
	char *s = NULL;
	size_t n;

	(void)m;
	/* as every string of a profile: a !bytes string is the bytes the writer saw */
	if (!mxi_yaml_str(L, v, &s, "U-Boot's version string"))
		return false;
	n = s ? strlen(s) : 0;
	if (n >= sizeof(BL(o)->version)) {
		ERR(L, v, "a version string of at most %zu characters, got %zu", sizeof(BL(o)->version) - 1, n);
		free(s);
		return false;
	}
	memcpy(BL(o)->version, s ? s : "", n + 1);
	free(s);
	return true;
}

/* An environment value: a number, or "unset" (the variable is not defined). */
static bool env(struct yaml_load *L, yaml_node_t *v, struct mx_envaddr *e, const char *what)
{
	const char *s = mxi_yaml_scalar(L, v, what);

	if (!s)
		return false;
	if (!strcmp(s, "unset")) {
		e->set = false;
		e->v = 0;
		return true;
	}
	e->set = mxi_yaml_size(L, v, &e->v, what);
	return e->set;
}

PF(bl_fdthigh) { (void)m; return env(L, v, &BL(o)->fdt_high, "fdt_high (a number or unset)"); }
PF(bl_rdhigh) { (void)m; return env(L, v, &BL(o)->initrd_high, "initrd_high (a number or unset)"); }
PF(bl_kaddr) { (void)m; return env(L, v, &BL(o)->kernel_addr_r, "kernel_addr_r (an address or unset)"); }
PF(bl_raddr) { (void)m; return env(L, v, &BL(o)->ramdisk_addr_r, "ramdisk_addr_r (an address or unset)"); }
PF(bl_faddr) { (void)m; return env(L, v, &BL(o)->fdt_addr_r, "fdt_addr_r (an address or unset)"); }

/* A list of ranges into a fixed array of @max. */
static bool ranges_into(struct yaml_load *L, yaml_node_t *v, struct mx_range *out, size_t *n, size_t max,
			const char *what)
{
	struct mx_range *r = NULL;
	size_t k = 0;
	bool ok = mxi_yaml_ranges(L, v, &r, &k, false, what);

	if (ok && k > max) {
		ERR(L, v, "at most %zu %s, got %zu", max, what, k);
		ok = false;
	}
	if (ok) {
		if (k)
			memcpy(out, r, k * sizeof(*r));
		*n = k;
	}
	free(r);
	return ok;
}

PF(bl_dram) { (void)m; return ranges_into(L, v, BL(o)->dram, &BL(o)->ndram, MX_LOADER_BANKS, "DRAM banks"); }
PF(bl_runtime)
{
	(void)m;
	return ranges_into(L, v, BL(o)->runtime, &BL(o)->nruntime, MX_LOADER_RUNTIME, "runtime regions");
}

PF(bl_lmbtop)
{
	size_t k = 0;

	(void)m;
	if (v->type != YAML_SEQUENCE_NODE) {
		ERR(L, v, "expected a list of sizes below the end of DRAM, got %s", mxi_yaml_kind(v));
		return false;
	}
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++, k++) {
		yaml_node_t *n = yaml_document_get_node(L->doc, *it);

		if (k == MX_LOADER_TOPS) {
			ERR(L, n, "at most %d LMB regions", MX_LOADER_TOPS);
			return false;
		}
		if (!n || !mxi_yaml_size(L, n, &BL(o)->lmb_top[k], "a size below the end of DRAM"))
			return false;
	}
	BL(o)->nlmb_top = k;
	return true;
}

/* A property length (bytes with the NUL) or "absent". */
static bool len_or_absent(struct yaml_load *L, yaml_node_t *v, int32_t *out, const char *what)
{
	const char *s = mxi_yaml_scalar(L, v, what);
	unsigned x;

	if (!s)
		return false;
	if (!strcmp(s, "absent")) {
		*out = -1;
		return true;
	}
	if (!mxi_yaml_uint(L, v, &x, 1u << 24, what))
		return false;
	*out = (int32_t)x;
	return true;
}

PF(tf_packed)
{
	unsigned x;

	(void)m;
	if (!mxi_yaml_uint(L, v, &x, 1u << 30, "the packed tree size in bytes"))
		return false;
	TF(o)->packed = x;
	return true;
}
PF(tf_chosen) { (void)m; return mxi_yaml_bool(L, v, &TF(o)->chosen, "chosen"); }
PF(tf_memory) { (void)m; return mxi_yaml_bool(L, v, &TF(o)->memory, "memory"); }
PF(tf_bootargs) { (void)m; return len_or_absent(L, v, &TF(o)->bootargs, "a length or absent"); }
PF(tf_version) { (void)m; return len_or_absent(L, v, &TF(o)->version, "a length or absent"); }
PF(tf_istart) { (void)m; return len_or_absent(L, v, &TF(o)->initrd_start, "a length or absent"); }
PF(tf_iend) { (void)m; return len_or_absent(L, v, &TF(o)->initrd_end, "a length or absent"); }
PF(tf_type) { (void)m; return len_or_absent(L, v, &TF(o)->mem_type, "a length or absent"); }
PF(tf_reg) { (void)m; return len_or_absent(L, v, &TF(o)->mem_reg, "a length or absent"); }
PF(tf_banks) { (void)m; return mxi_yaml_uint(L, v, &TF(o)->mem_banks, 1u << 16, "a bank count"); }

PF(tf_strings)
{
	(void)m;
	if (v->type != YAML_SEQUENCE_NODE) {
		ERR(L, v, "expected a list of property names, got %s", mxi_yaml_kind(v));
		return false;
	}
	TF(o)->strings = 0;
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		yaml_node_t *n = yaml_document_get_node(L->doc, *it);
		const char *s = n ? mxi_yaml_scalar(L, n, "a property name") : NULL;
		size_t k = 0;

		if (!s)
			return false;
		while (k < MX_DTS_COUNT && strcmp(s, mx_dtb_string_name((unsigned)k)))
			k++;
		if (k == MX_DTS_COUNT) {
			ERR(L, n, "unknown name '%s'; expected bootargs, u-boot,version, device_type, reg, "
			    "linux,initrd-start, linux,initrd-end or a linux,uefi-* name", SHOW(s));
			return false;
		}
		TF(o)->strings |= 1u << k;
	}
	return true;
}

static const struct yaml_key tree_keys[] = {
	{ "packed", tf_packed }, { "chosen", tf_chosen }, { "memory", tf_memory },
	{ "bootargs", tf_bootargs }, { "u-boot-version", tf_version }, { "initrd-start", tf_istart },
	{ "initrd-end", tf_iend }, { "device-type", tf_type }, { "memory-reg", tf_reg },
	{ "memory-banks", tf_banks }, { "strings", tf_strings },
};

PF(bl_tree)
{
	struct mx_dtbfacts *t = &BL(o)->tree;

	(void)m;
	memset(t, 0, sizeof(*t));
	t->bootargs = t->version = t->initrd_start = t->initrd_end = t->mem_type = t->mem_reg = -1;
	t->known = true;
	return mxi_yaml_map(L, v, tree_keys, sizeof(tree_keys) / sizeof(tree_keys[0]), t, "tree facts");
}

static const struct yaml_key bl_keys[] = {
	{ "type", bl_type }, { "dtb-file", bl_dtb }, { "version", bl_version }, { "bits", bl_bits },
	{ "fdt-high", bl_fdthigh }, { "initrd-high", bl_rdhigh }, { "kernel-addr-r", bl_kaddr },
	{ "ramdisk-addr-r", bl_raddr }, { "fdt-addr-r", bl_faddr }, { "dram", bl_dram },
	{ "lmb-top", bl_lmbtop }, { "lmb-max-regions", bl_maxreg }, { "fdt-pad", bl_pad },
	{ "image-size", bl_image }, { "text-offset", bl_toff }, { "stext-offset", bl_soff },
	{ "efi-top", bl_efitop }, { "runtime", bl_runtime }, { "tree", bl_tree },
};

bool mxi_yaml_boot(struct yaml_load *L, yaml_node_t *v, struct mx_bootloader *b)
{
	memset(b, 0, sizeof(*b));
	mxi_yaml_pos(L, v, &b->pos);
	if (v->type == YAML_SCALAR_NODE)
		return bl_type(L, v, b, NULL);
	return mxi_yaml_map(L, v, bl_keys, sizeof(bl_keys) / sizeof(bl_keys[0]), b, "boot-loader");
}

/* ---- writing --------------------------------------------------------------- */

static void env_write(struct mx_buf *out, const char *key, const struct mx_envaddr *e)
{
	if (e->set)
		mx_buf_addf(out, "  %s: 0x%" PRIx64 "\n", key, e->v);
	else
		mx_buf_addf(out, "  %s: unset\n", key);
}

static void ranges_write(struct mx_buf *out, const char *key, const struct mx_range *r, size_t n)
{
	mx_buf_addf(out, "  %s: [", key);
	for (size_t i = 0; i < n; i++)
		mx_buf_addf(out, "%s[0x%" PRIx64 ", 0x%" PRIx64 "]", i ? ", " : "", r[i].base, r[i].size);
	mx_buf_adds(out, "]\n");
}

static void len_write(struct mx_buf *out, const char *key, int32_t v)
{
	if (v < 0)
		mx_buf_addf(out, ", %s: absent", key);
	else
		mx_buf_addf(out, ", %s: %d", key, (int)v);
}

static void tree_write(struct mx_buf *out, const struct mx_dtbfacts *t)
{
	bool first = true;

	mx_buf_addf(out, "  tree: { packed: %u, chosen: %s, memory: %s", (unsigned)t->packed,
		    t->chosen ? "true" : "false", t->memory ? "true" : "false");
	len_write(out, "bootargs", t->bootargs);
	len_write(out, "u-boot-version", t->version);
	len_write(out, "initrd-start", t->initrd_start);
	len_write(out, "initrd-end", t->initrd_end);
	len_write(out, "device-type", t->mem_type);
	len_write(out, "memory-reg", t->mem_reg);
	mx_buf_addf(out, ", memory-banks: %u, strings: [", t->mem_banks);
	for (unsigned k = 0; k < MX_DTS_COUNT; k++)
		if (t->strings & (1u << k)) {
			mx_buf_addf(out, "%s\"%s\"", first ? "" : ", ", mx_dtb_string_name(k));
			first = false;
		}
	mx_buf_adds(out, "] }\n");
}

void mxi_boot_write(const struct mx_bootloader *b, struct mx_buf *out)
{
	if (b->type == MX_LOADER_NONE)
		return;
	if (b->type == MX_LOADER_QEMU) {
		mx_buf_addf(out, "boot-loader: { type: %s", mx_loader_name(b->type));
		if (b->dtb_file)
			mx_buf_addf(out, ", dtb-file: %llu", (unsigned long long)b->dtb_file);
		mx_buf_adds(out, " }\n");
		return;
	}
	mx_buf_addf(out, "boot-loader:\n  type: %s\n", mx_loader_name(b->type));
	if (b->dtb_file)
		mx_buf_addf(out, "  dtb-file: %llu\n", (unsigned long long)b->dtb_file);
	if (b->version[0]) {
		mx_buf_adds(out, "  version: ");
		mxi_yaml_qstr(out, b->version);
		mx_buf_adds(out, "\n");
	}
	if (b->bits)
		mx_buf_addf(out, "  bits: %u\n", b->bits);
	env_write(out, "fdt-high", &b->fdt_high);
	env_write(out, "initrd-high", &b->initrd_high);
	env_write(out, "kernel-addr-r", &b->kernel_addr_r);
	env_write(out, "ramdisk-addr-r", &b->ramdisk_addr_r);
	env_write(out, "fdt-addr-r", &b->fdt_addr_r);
	if (b->ndram)
		ranges_write(out, "dram", b->dram, b->ndram);
	if (b->nlmb_top) {
		mx_buf_adds(out, "  lmb-top: [");
		for (size_t i = 0; i < b->nlmb_top; i++)
			mx_buf_addf(out, "%s0x%" PRIx64, i ? ", " : "", b->lmb_top[i]);
		mx_buf_adds(out, "]\n");
	}
	if (b->max_regions)
		mx_buf_addf(out, "  lmb-max-regions: %u\n", b->max_regions);
	if (b->fdt_pad)
		mx_buf_addf(out, "  fdt-pad: 0x%" PRIx64 "\n", b->fdt_pad);
	if (b->image_size)
		mx_buf_addf(out, "  image-size: 0x%" PRIx64 "\n", b->image_size);
	if (b->text_offset)
		mx_buf_addf(out, "  text-offset: 0x%" PRIx64 "\n", b->text_offset);
	if (b->stext_offset)
		mx_buf_addf(out, "  stext-offset: 0x%" PRIx64 "\n", b->stext_offset);
	if (b->efi_top)
		mx_buf_addf(out, "  efi-top: 0x%" PRIx64 "\n", b->efi_top);
	if (b->nruntime)
		ranges_write(out, "runtime", b->runtime, b->nruntime);
	if (b->tree.known)
		tree_write(out, &b->tree);
}
