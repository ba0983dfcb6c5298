/* benchutil.h - what the benchmark programs share (bench.c, bench_scale.c); not tests */
#ifndef MEMX_BENCHUTIL_H
#define MEMX_BENCHUTIL_H

#include <time.h>

/* Seconds on @clock (CLOCK_MONOTONIC: wall time; CLOCK_PROCESS_CPUTIME_ID: this process's CPU). */
double bench_seconds(clockid_t clock);
/* The median of five runs; sorts @runs in place. */
double bench_median5(double *runs);

#endif
