/* profile_yaml_test.h - what the YAML loader's two test programs share */
#ifndef MEMX_PROFILE_YAML_TEST_H
#define MEMX_PROFILE_YAML_TEST_H

#include <string.h>

#include "testutil.h"

#define HEAD "arch: arm\nmemory: [0x80000000, 1G]\n"

static inline int load_n(struct mx_profile *p, const char *buf, size_t len, struct mx_diaglist *d)
{
	return mx_profile_load_yaml(p, buf, len, "t.yaml", d);
}

/* Load @yaml, which must be valid; print the diagnostics otherwise. */
static inline void load_ok(struct mx_profile *p, const char *yaml)
{
	assert_int_equal(tu_load_ok(p, yaml), 0);
}

/* What mx_profile_release() leaves behind. */
static inline void assert_released(const struct mx_profile *p)
{
	struct mx_profile e;

	mx_profile_init(&e);
	assert_memory_equal(p, &e, sizeof(e));
}

#endif
