/* diffgen.h - random but valid profiles for test_differential.c */
#ifndef MEMX_DIFFGEN_H
#define MEMX_DIFFGEN_H

#include <stdint.h>

#include "memx/profile.h"

/*
 * Fill @p (initialised here) with the profile numbered @index of the run
 * seeded @seed: the same pair always gives the same profile, so one failing
 * profile replays alone. About a third of the indices are 6.1 profiles;
 * @attempt draws another 6.1 profile for the same index (the test asks for
 * one when the reference says the draw hits a known engine issue); the
 * other profiles do not depend on it. Returns 0, or -1 when out of memory;
 * the caller releases @p with mx_profile_release() either way.
 */
int diffgen_profile(struct mx_profile *p, uint64_t seed, uint64_t index, unsigned attempt);

#endif
