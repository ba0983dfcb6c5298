/* memx/profile.h - the board profile: a plain C model of everything the engine needs */
#ifndef MEMX_PROFILE_H
#define MEMX_PROFILE_H

#include "memx/api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memx/buf.h"
#include "memx/diag.h"
#include "memx/types.h"

/*
 * A profile holds what the user wrote (YAML) or what a device tree said.
 * Fields left at 0 / false / NULL mean "not given": the engine fills them
 * from per-arch and per-kernel defaults (mx_params_resolve() in
 * memx/layout.h) and reports which ones it assumed. The profile owns every
 * pointer in it; struct mx_srcpos.file points at profile->source.
 */

enum mx_arch {
	MX_ARCH_NONE = 0,
	MX_ARCH_ARM,     /* 32-bit ARM */
	MX_ARCH_ARM64,
	MX_ARCH_RISCV64,
};

enum mx_memmodel {
	MX_MM_DEFAULT = 0, /* per arch: FLATMEM on arm, SPARSEMEM_VMEMMAP elsewhere */
	MX_MM_FLAT,
	MX_MM_SPARSE,
};

enum mx_vmsplit {
	MX_VMSPLIT_DEFAULT = 0, /* 3G */
	MX_VMSPLIT_3G,
	MX_VMSPLIT_3G_OPT,
	MX_VMSPLIT_2G,
	MX_VMSPLIT_1G,
};

/* Flags of a /reserved-memory child, named after the DT properties. */
enum mx_region_flags {
	MX_REGION_NOMAP = 1 << 0,       /* no-map */
	MX_REGION_REUSABLE = 1 << 1,    /* reusable */
	MX_REGION_CMA_DEFAULT = 1 << 2, /* linux,cma-default */
	MX_REGION_NOMAP_FIXUP = 1 << 3, /* no-map-fixup (Qualcomm removed-dma-pool) */
	MX_REGION_FREED_LATE = 1 << 4,  /* memx: freed by a driver after boot (splash) */
	MX_REGION_DISABLED = 1 << 5,    /* status = "disabled" */
};

/* A device-tree property kept as it was, for export (values are big-endian bytes). */
struct mx_prop {
	char *name;
	unsigned char *val;
	size_t len;
};

/* One child node of /reserved-memory. */
struct mx_region {
	/* what the engine reads of every region first, together (a 64-byte cache line) */
	char *name;            /* node name with unit address: "venus_region@0" */
	struct mx_range *reg;  /* reg entries; nreg == 0 makes the region dynamic */
	size_t nreg;
	uint64_t size;         /* size property (dynamic regions) */
	uint64_t align;        /* alignment property, 0 when absent */
	char **compatible;     /* compatible strings, in order */
	size_t ncompatible;
	unsigned flags;        /* enum mx_region_flags */
	bool has_size;
	bool has_fixup_keep;
	/* the rest */
	struct mx_range *alloc_ranges;
	size_t nalloc_ranges;
	uint64_t fixup_keep;   /* no-map-fixup: bytes the modem keeps */
	char *label;           /* DT label ("venus_mem") or NULL */
	char *note;            /* free text kept through load/save, or NULL */
	char *path;            /* device-tree node path when imported, or NULL */
	struct mx_prop *props; /* the node's properties as imported, in order (export keeps it) */
	size_t nprops;
	struct mx_srcpos pos;
};

/* When an early allocation happens, relative to the memmap. */
enum mx_phase {
	MX_PHASE_PAGING = 0,   /* paging_init before the memmap: page tables, vectors */
	MX_PHASE_SETUP,        /* setup_arch after the memmap: resources, unflattened DT */
	MX_PHASE_START_KERNEL, /* start_kernel: command line, per-cpu, hash tables */
	MX_PHASE_BOOTMEM,      /* 6.1: bootmem_init before sparse_init (NUMA distance, NODE_DATA) */
};

/* An early memblock allocation the profile lists (the memmap is computed). */
struct mx_early_alloc {
	char *name;
	char *func;            /* kernel function, or NULL */
	enum mx_phase phase;
	uint64_t size;
	uint64_t align;        /* 0: SMP_CACHE_BYTES */
	bool calibration;      /* the labelled residual item (SPEC section 8) */
	bool per_cpu;          /* size is per possible CPU (pcpu_fc_alloc of the first chunk) */
	bool temporary;        /* freed again at the end of its phase (pcpu_free_alloc_info) */
	char *note;
	struct mx_srcpos pos;
};

struct mx_kernel_image {
	uint64_t base;         /* physical _stext */
	bool has_base;
	uint64_t size;         /* _stext.._end, reserved by memblock */
	uint64_t code, rwdata, rodata, init, bss; /* the Memory line's figures */
	uint64_t init_base;    /* physical __init_begin */
	bool has_init_base;
	struct mx_srcpos pos;
};

/* An optional blob in memory (PGD, FDT, initrd). */
struct mx_blob {
	uint64_t base;
	uint64_t size;
	bool present;          /* given in the profile */
	bool has_base;
	struct mx_srcpos pos;
};

/*
 * What the unflattened device tree costs is a function of the tree's shape
 * (drivers/of/fdt.c: unflatten_dt_nodes() sizes one struct device_node plus
 * the node name per node, one struct property per property, and a "name"
 * property for nodes without one). Names are summed already aligned to 4 and
 * to 8 bytes, the two alignments of struct device_node.
 */
struct mx_dtstats {
	unsigned nodes;
	unsigned props;
	unsigned unnamed;      /* nodes without a "name" property */
	uint64_t names4, names8; /* sum of ALIGN(strlen(name) + 1) over nodes and synthesised names */
	bool chosen_bootargs;  /* /chosen already has bootargs */
	bool chosen_initrd;    /* /chosen already has linux,initrd-start/-end */
};

/*
 * Kernel-side settings the 6.1 cost models need (profile key kernel-side:).
 * They are kernel configuration facts, not fitted numbers.
 */
struct mx_kside {
	bool present;               /* the profile gave kernel-side: */
	unsigned cpus;              /* CPUs the board has (the tree's cpu nodes); 0: 1 */
	unsigned nr_cpus_max;       /* CONFIG_NR_CPUS; 0: no limit */
	/* INIT_MEMBLOCK_MEMORY_REGIONS / INIT_MEMBLOCK_RESERVED_REGIONS; 0: 128 */
	unsigned memblock_memory, memblock_reserved;
	bool page_extension;        /* CONFIG_PAGE_EXTENSION: struct mem_section is 4 words */
	/*
	 * page_ext_size: bytes of page_ext per page when a built-in client
	 * needs it (32-bit PAGE_IDLE_FLAG: 4, sizeof(struct page_ext)); 0: none
	 */
	unsigned page_ext;
	bool deferred_init;         /* CONFIG_DEFERRED_STRUCT_PAGE_INIT */
	bool lpae;                  /* 32-bit ARM with LPAE (64-bit phys_addr_t) */
	bool zone_dma;              /* 32-bit ARM with CONFIG_ZONE_DMA: lowmem is ZONE_DMA */
	bool linear_map_blocks;     /* arm64 linear map in blocks (rodata=full off); default pages */
	bool page_tables_listed;    /* paging_init()'s tables are listed early allocations, not modelled */
	uint64_t log_buf;           /* the built-in log buffer (log_buf_len= only grows it) */
	bool has_dt;                /* device-tree shape known (imported, or given) */
	struct mx_dtstats dt;
	uint64_t unflattened;       /* bytes, as measured (a boot's log); wins over the shape; 0: none */
};

/* Who loads the kernel, the initrd and the device tree (profile key boot-loader:). */
enum mx_loader {
	MX_LOADER_NONE = 0, /* the profile places the initrd and the DTB itself */
	MX_LOADER_QEMU,     /* QEMU's -kernel/-initrd/-dtb direct boot (hw/arm/boot.c) */
	MX_LOADER_UBOOT,    /* U-Boot booti (arm64) / bootz (arm): boot/bootm.c, image-board.c, image-fdt.c */
	MX_LOADER_UEFI,     /* U-Boot bootefi and the kernel's EFI stub (arm64): cmd/bootefi.c, libstub */
};

#define MX_LOADER_BANKS 4    /* U-Boot DRAM banks kept (bi_dram[], CONFIG_NR_DRAM_BANKS) */
#define MX_LOADER_TOPS 4     /* U-Boot's own LMB regions at the end of DRAM */
#define MX_LOADER_RUNTIME 16 /* EFI runtime-services regions */
#define MX_LOADER_VERSION 64 /* room for U-Boot's PLAIN_VERSION */
#define MX_LOADER_LMB_MAX 256 /* the largest CONFIG_LMB_MAX_REGIONS memx replays */

/* A U-Boot environment variable that holds a number: unset, or its value. */
struct mx_envaddr {
	uint64_t v;
	bool set;
};

/* Property names whose string U-Boot's or the EFI stub's fixups may add (mx_dtbfacts.strings; bit k is mx_dtb_string_name(k)). */
enum mx_dtb_string {
	MX_DTS_BOOTARGS = 1 << 0,       /* "bootargs" */
	MX_DTS_VERSION = 1 << 1,        /* "u-boot,version" */
	MX_DTS_DEVICE_TYPE = 1 << 2,    /* "device_type" */
	MX_DTS_REG = 1 << 3,            /* "reg" */
	MX_DTS_INITRD_START = 1 << 4,   /* "linux,initrd-start" */
	MX_DTS_INITRD_END = 1 << 5,     /* "linux,initrd-end" */
	MX_DTS_UEFI_FIRST = 6,          /* bits 6..11: the arm64 EFI stub's six linux,uefi-* names */
	MX_DTS_COUNT = 12,
};

/*
 * What U-Boot's fixups of a tree depend on (fdt_chosen(), fdt_fixup_memory_banks(),
 * fdt_initrd(), fdt_shrink_to_minimum()): read from the DTB file when the
 * profile came from one; else a tree with /chosen (no bootargs), one memory
 * node of one bank with device_type, and the strings "device_type" and "reg".
 */
struct mx_dtbfacts {
	bool known;           /* read from a tree (else the assumption above) */
	uint32_t packed;      /* fdt_open_into()'s copy: header + memory reservations + struct + strings */
	bool chosen;          /* the root has a chosen node */
	bool memory;          /* the root has a memory or memory@... node (fdt_find_or_add_subnode) */
	int32_t bootargs;     /* /chosen property value lengths (with the NUL); -1: absent */
	int32_t version;      /* u-boot,version */
	int32_t initrd_start, initrd_end;
	int32_t mem_type;     /* the first memory node's device_type; -1: absent */
	int32_t mem_reg;      /* its reg; -1: absent */
	unsigned mem_banks;   /* reg entries of that node: the profile's first banks U-Boot replaces */
	unsigned strings;     /* enum mx_dtb_string: names the strings block already holds */
};

struct mx_bootloader {
	enum mx_loader type;
	uint64_t dtb_file;      /* bytes of the DTB file it is given (the imported tree); 0: unknown */
	struct mx_dtbfacts tree; /* u-boot, uefi: what the fixups find in that file */
	/* u-boot and uefi (U-Boot as the board's firmware) */
	char version[MX_LOADER_VERSION]; /* PLAIN_VERSION, written into /chosen u-boot,version; "": none */
	unsigned bits;          /* 32 or 64: the U-Boot build (~0UL); 0: the arch's */
	/* the environment: fdt_high, initrd_high and the load addresses booti/bootz are given */
	struct mx_envaddr fdt_high, initrd_high, kernel_addr_r, ramdisk_addr_r, fdt_addr_r;
	struct mx_range dram[MX_LOADER_BANKS]; /* bi_dram[] (bdinfo); none: the profile's memory */
	size_t ndram;
	/* U-Boot's own LMB reservations at boot time: [end of DRAM - top[i], end of DRAM) */
	uint64_t lmb_top[MX_LOADER_TOPS];
	size_t nlmb_top;
	unsigned max_regions;   /* CONFIG_LMB_MAX_REGIONS; 0: 8 */
	uint64_t fdt_pad;       /* CONFIG_SYS_FDT_PAD; 0: 0x3000 */
	uint64_t image_size;    /* what booti/bootz/the PE loader reserve for the kernel: the arm64
				 * Image header's image_size (= the PE SizeOfImage) or the zImage's size */
	uint64_t text_offset;   /* arm64 Image header text_offset (0 since 5.8) */
	uint64_t stext_offset;  /* _stext - _text: where the kernel's memblock reservation starts */
	/* uefi */
	uint64_t efi_top;       /* conventional memory ends this far below the end of DRAM at bootefi */
	struct mx_range runtime[MX_LOADER_RUNTIME]; /* runtime-services regions: base = distance
						     * of their start below the end of DRAM */
	size_t nruntime;
	struct mx_srcpos pos;
};

/* The limits memx check holds a board to (profile key budget:, or memx check's options). */
enum mx_budget_key {
	MX_BUDGET_MIN_MEMTOTAL,    /* MemTotal at the end of boot at least */
	MX_BUDGET_MIN_LOWTOTAL,    /* LowTotal at least (32-bit ARM with highmem) */
	MX_BUDGET_MAX_RESERVED,    /* the Memory line's reserved at most */
	MX_BUDGET_MAX_CMA,         /* CmaTotal at most */
	MX_BUDGET_MAX_MEMMAP,      /* struct page storage in use at the end at most */
	MX_BUDGET_MAX_REGION_SIZE, /* every /reserved-memory region at most */
	MX_BUDGET__COUNT
};

/* A limit for one region (max-region-size: { NAME: SIZE }). */
struct mx_budget_region {
	char *region;              /* node name, label or name without unit address; owned */
	uint64_t max;              /* bytes */
	struct mx_srcpos pos;
};

struct mx_budget {
	unsigned has;              /* bit (1 << enum mx_budget_key): the limit is set */
	uint64_t limit[MX_BUDGET__COUNT]; /* bytes */
	struct mx_srcpos pos[MX_BUDGET__COUNT];
	struct mx_budget_region *regions; /* owned */
	size_t nregions;
};

struct mx_bank {
	uint64_t base;
	uint64_t size;
	struct mx_srcpos pos;
};

struct mx_profile {
	char *name;
	char *description;
	char *source;           /* file the positions refer to; owned */
	enum mx_arch arch;
	char *kernel;           /* kernel version, e.g. "3.18"; NULL: the newest flavour */
	uint64_t page_size;     /* 0: 4 KiB */
	uint32_t struct_page;   /* sizeof(struct page); 0: per arch and kernel */
	enum mx_memmodel model;
	int vmemmap;            /* -1 not given, 0/1 */
	int extreme;            /* -1 not given, 0/1 */
	unsigned max_order;     /* 0: 11 */
	unsigned pageblock_order; /* 0: per arch (MAX_ORDER - 1 or HUGETLB order) */
	unsigned max_physmem_bits;  /* SPARSEMEM; 0: per arch */
	unsigned section_size_bits; /* SPARSEMEM; 0: per arch */
	enum mx_vmsplit vmsplit;    /* 32-bit ARM */
	uint64_t vmalloc_size;      /* 32-bit ARM; 0: 240 MiB */
	uint64_t cma_size;          /* CONFIG_CMA_SIZE_MBYTES in bytes */
	bool has_cma_size;          /* false: 0 (no default area) unless cma= */
	char *bootargs;             /* kernel command line or NULL */
	struct mx_bank *memory;
	size_t nmemory;
	struct mx_kernel_image kernel_image;
	struct mx_blob pgd;         /* swapper_pg_dir (32-bit ARM) */
	struct mx_blob initrd;
	struct mx_blob fdt;
	struct mx_bootloader boot;  /* places the initrd and the DTB when type != NONE */
	struct mx_range *memreserve; /* FDT header /memreserve/ entries */
	size_t nmemreserve;
	struct mx_early_alloc *early;
	size_t nearly;
	struct mx_kside kside;      /* 6.1 cost-model settings */
	struct mx_region *regions;
	size_t nregions;
	size_t maxregions;          /* room in @regions (0: exactly nregions); mx_profile_add_region() */
	/* device tree facts, when the profile came from one (0 / NULL otherwise) */
	unsigned dt_addr_cells;     /* /reserved-memory (= root) #address-cells */
	unsigned dt_size_cells;     /* /reserved-memory (= root) #size-cells */
	char *dt_source;            /* the DTB/DTS the memory map was imported from */
	char *dt_includes;          /* include dirs memx assumed (a kernel tree's), ", "-separated, or NULL */
	/* /chosen linux,usable-memory-range: the first range caps memory, 6.x adds the others back */
	struct mx_range *usable;
	size_t nusable;
	bool arch_guessed;          /* the arch was guessed from the device tree */
	bool kernel_guessed;        /* the kernel image sizes are per-arch defaults */
	char **srcfiles;            /* other files positions refer to (DTS includes); owned */
	size_t nsrcfiles;
	struct mx_budget budget;    /* budget: (memx check); no effect on the layout */
	struct mx_srcpos pos;       /* of the document */
};

/**
 * mx_profile_init - make @p an empty profile (every field "not given")
 */
MX_API void mx_profile_init(struct mx_profile *p);
/**
 * mx_profile_release - free everything @p owns and leave it empty
 */
MX_API void mx_profile_release(struct mx_profile *p);
/**
 * mx_profile_copy - deep copy; @dst is released first. Returns 0 or MX_ENOMEM.
 */
MX_API int mx_profile_copy(struct mx_profile *dst, const struct mx_profile *src);
/**
 * mx_kside_equal - true when @a and @b hold the same kernel-side settings
 */
MX_API bool mx_kside_equal(const struct mx_kside *a, const struct mx_kside *b);
/**
 * mx_profile_equal - true when both describe the same board (positions and notes ignored).
 */
MX_API bool mx_profile_equal(const struct mx_profile *a, const struct mx_profile *b);

/**
 * mx_budget_key_name - the YAML and command-line name of a budget: "min-memtotal",
 * "max-reserved", ... (a static string; NULL past the end)
 */
MX_API const char *mx_budget_key_name(enum mx_budget_key k);
/**
 * mx_budget_release - free what @b owns and leave it empty (no limit)
 */
MX_API void mx_budget_release(struct mx_budget *b);
/**
 * mx_budget_add_region - append a limit of @max bytes for region @region (copied)
 * Returns: 0 or MX_ENOMEM.
 */
MX_API int mx_budget_add_region(struct mx_budget *b, const char *region, uint64_t max,
				const struct mx_srcpos *pos);

/**
 * mx_str_set - set a string field: *field = strdup(s) (NULL allowed). Returns 0 or MX_ENOMEM.
 */
MX_API int mx_str_set(char **field, const char *s);

/**
 * mx_profile_add_region - append an empty region named @name
 * Returns: its index (>= 0) or MX_ENOMEM. Pointers into p->regions are
 * invalidated.
 */
MX_API int mx_profile_add_region(struct mx_profile *p, const char *name);
/**
 * mx_profile_remove_region - remove region @i (0 <= i < nregions), shifting the rest down.
 */
MX_API void mx_profile_remove_region(struct mx_profile *p, size_t i);
/**
 * mx_region_release - release a region's members (used by the loader and remove).
 */
MX_API void mx_region_release(struct mx_region *r);
/**
 * mx_region_copy - deep copy of @src into @dst (released first). Returns 0 or MX_ENOMEM
 */
MX_API int mx_region_copy(struct mx_region *dst, const struct mx_region *src);
/**
 * mx_profile_find_region - find a region by node name, by label, or by "name" without unit address. -1 if none.
 */
MX_API int mx_profile_find_region(const struct mx_profile *p, const char *key);
/**
 * mx_region_is_compatible - true when the region has compatible string @c.
 */
MX_API bool mx_region_is_compatible(const struct mx_region *r, const char *c);
/**
 * mx_region_set_compatible - set the compatible list to the single string @c.
 */
MX_API int mx_region_set_compatible(struct mx_region *r, const char *c);
/**
 * mx_profile_intern_file - a file name positions can point at, owned by @p (interned). NULL on ENOMEM.
 */
MX_API const char *mx_profile_intern_file(struct mx_profile *p, const char *file);
/**
 * mx_region_prop - the kept property called @name, or NULL.
 */
MX_API const struct mx_prop *mx_region_prop(const struct mx_region *r, const char *name);
/**
 * mx_region_add_prop - append a kept property (copies @val). Returns 0 or MX_ENOMEM.
 */
MX_API int mx_region_add_prop(struct mx_region *r, const char *name, const void *val, size_t len);

/**
 * mx_arch_name - "arm", "arm64", "riscv64" or "none" (a static string)
 */
MX_API const char *mx_arch_name(enum mx_arch a);
/**
 * mx_arch_parse - read an arch name into *@out. Returns 0, or MX_EINVAL for an unknown name
 */
MX_API int mx_arch_parse(const char *s, enum mx_arch *out);
/**
 * mx_vmsplit_name - "3G", "3G_OPT", "2G" or "1G" (a static string)
 */
MX_API const char *mx_vmsplit_name(enum mx_vmsplit v);
/**
 * mx_phase_name - the YAML name of an early-allocation phase (a static string)
 */
MX_API const char *mx_phase_name(enum mx_phase ph);
/**
 * mx_loader_name - the YAML name of a boot loader: "none", "qemu", "u-boot", "uefi" (a static string)
 */
MX_API const char *mx_loader_name(enum mx_loader t);
/**
 * mx_dtb_string_name - the property name of bit @k of enum mx_dtb_string (a static string), or NULL
 */
MX_API const char *mx_dtb_string_name(unsigned k);
/**
 * mx_bootloader_equal - true when @a and @b describe the same boot loader (positions ignored)
 */
MX_API bool mx_bootloader_equal(const struct mx_bootloader *a, const struct mx_bootloader *b);

/**
 * mx_dt_node_name_valid - @s is a devicetree node name (DT specification 2.2.1):
 * a name of [A-Za-z0-9,._+-] starting with a letter or digit (the spec's 31
 * characters are not enforced, as dtc does not), then optionally '@' and a
 * unit address of [A-Za-z0-9,._+-]. What may be written
 * unquoted into a DTS (an export never writes anything else).
 */
MX_API bool mx_dt_node_name_valid(const char *s);
/**
 * mx_dt_label_valid - @s is a DTS label: [A-Za-z_][A-Za-z0-9_]* (dtc's label
 * rule; dtc sets no length limit, and upstream boards use longer labels)
 */
MX_API bool mx_dt_label_valid(const char *s);

/**
 * mx_profile_load_yaml - fill @p from a YAML document
 * @p: an initialised, empty profile
 * @buf, @len: the document (need not be NUL-terminated)
 * @name: file name used in positions and diagnostics
 * @diags: receives one error per problem, "file:line:col: what was expected"
 *
 * Returns: 0, MX_EPARSE (see @diags; @p is left released and empty) or
 * MX_ENOMEM.
 */
MX_API int mx_profile_load_yaml(struct mx_profile *p, const char *buf, size_t len,
			 const char *name, struct mx_diaglist *diags);
/**
 * mx_profile_load_yaml_file - read @path and call mx_profile_load_yaml. Also MX_EIO / MX_ENOENT.
 */
MX_API int mx_profile_load_yaml_file(struct mx_profile *p, const char *path,
			      struct mx_diaglist *diags);
/**
 * mx_profile_load_default - the profile compiled into memx (profiles/msm8937.yaml).
 */
MX_API int mx_profile_load_default(struct mx_profile *p, struct mx_diaglist *diags);

/**
 * mx_profile_write_yaml - serialise @p as YAML that mx_profile_load_yaml
 * reads back into an equal profile (notes kept, comments lost).
 * Returns 0 or MX_ENOMEM.
 */
MX_API int mx_profile_write_yaml(const struct mx_profile *p, struct mx_buf *out);

/**
 * mx_file_write_atomic - write @len bytes to @path through a temporary file
 * (@path.memx-XXXXXX) in the same directory, fsync and rename(2). Refuses
 * (MX_EEXIST) to replace an existing file unless @force, and never replaces
 * what is not a regular file, even with @force (MX_EISDIR for a directory,
 * MX_ENOTREG for a device, a FIFO or a socket). A new file gets 0666 less
 * the umask; a replaced one keeps its mode. On any failure the old file is
 * untouched and no temporary is left behind; a temporary that a killed
 * write left behind is removed by the next write to @path.
 * Returns 0, MX_EEXIST, MX_EISDIR, MX_ENOTREG, MX_ENOMEM or MX_EIO (errno kept).
 */
MX_API int mx_file_write_atomic(const char *path, const char *data, size_t len, bool force);

/* The most mx_file_read() reads: profiles and device trees are kilobytes. */
#define MX_FILE_MAX (16u << 20)
/**
 * mx_file_read_max - read a whole file of at most @max bytes; *out is
 * malloc'd (the caller frees it) and NUL-terminated, *len its length.
 * A regular file or a pipe (a FIFO, /dev/stdin, <(...)) is read; a FIFO
 * nobody opened for writing reads as empty rather than waiting. Returns 0,
 * MX_ENOENT, MX_EISDIR, MX_ENOTREG (a device or a socket: /dev/zero would
 * never end), MX_ETOOBIG (more than @max bytes), MX_ENOMEM or MX_EIO.
 */
MX_API int mx_file_read_max(const char *path, size_t max, char **out, size_t *len);
/**
 * mx_file_read - mx_file_read_max() with MX_FILE_MAX.
 */
MX_API int mx_file_read(const char *path, char **out, size_t *len);

#endif
