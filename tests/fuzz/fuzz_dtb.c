/* fuzz_dtb.c - libFuzzer target: a DTB through libfdt's checks, the importer, the engine and both exports */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_known.h"
#include "memx/dt.h"
#include "memx/dts.h"
#include "memx/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mx_profile p;
	struct mx_layout L;
	struct mx_diaglist d;
	struct mx_buf b;

	mx_profile_init(&p);
	mx_diaglist_init(&d);
	/* mx_profile_load_dtb checks the header itself (versions 16-17, blocks inside and apart),
	 * then runs fdt_check_full(), before it walks anything */
	if (!mx_profile_load_dtb(&p, data, size, "fuzz.dtb", NULL, &d)) {
		mx_layout_init(&L);
		mx_buf_init(&b);
		if (!fuzz_known_slow(&p))
			(void)mx_layout_compute(&L, &p);
		(void)mx_dts_export(&p, &p, MX_DTS_NODE, true, &b);
		mx_buf_clear(&b);
		(void)mx_dts_export(&p, NULL, MX_DTS_OVERRIDES, false, &b);
		mx_buf_release(&b);
		mx_layout_release(&L);
	} else if (!d.cnt) {
		__builtin_trap(); /* a rejected blob always says why */
	}
	mx_diaglist_release(&d);
	mx_profile_release(&p);
	return 0;
}
