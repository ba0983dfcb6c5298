/*
 * fuzz_check.h - CHECK(cond): a property a fuzz target holds its input to.
 * A failed one names itself and aborts, which libFuzzer (and replay.c under
 * ctest) reports as a crash with the input that broke it.
 */
#ifndef MEMX_FUZZ_CHECK_H
#define MEMX_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

#endif
