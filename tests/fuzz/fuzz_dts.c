/* fuzz_dts.c - libFuzzer target: DTS text through memx's own compiler, and what it makes through the importer */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <libfdt.h>

#include "dt_internal.h"
#include "fuzz_check.h"
#include "memx/dt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The compiler reads text from anyone's board tree: it must never crash,
 * leak or hang, a fallback always names its rule, and a blob it makes is
 * one libfdt vouches for and the importer reads (whether dtc would make the
 * same bytes is test_dts_compile's question, against dtc itself).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	void *blob = NULL;
	size_t len = 0;
	int r = mxi_dts_compile((const char *)data, size, &blob, &len, &why);

	if (r == MXI_DTS_FALLBACK) {
		CHECK(why != NULL && blob == NULL);
	} else if (r == 0) {
		struct mx_profile p;
		struct mx_diaglist d;

		CHECK(blob != NULL && len >= sizeof(struct fdt_header));
		CHECK(fdt_totalsize(blob) == len);
		CHECK(fdt_check_full(blob, len) == 0);
		mx_profile_init(&p);
		mx_diaglist_init(&d);
		(void)mx_profile_load_dtb(&p, blob, len, "fuzz.dts", NULL, &d);
		mx_diaglist_release(&d);
		mx_profile_release(&p);
	} else {
		CHECK(r == MX_ENOMEM && blob == NULL);
	}
	free(blob);
	return 0;
}
