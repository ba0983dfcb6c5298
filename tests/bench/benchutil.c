/* benchutil.c - clocks and medians for the benchmark programs */
#include "benchutil.h"

double bench_seconds(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

double bench_median5(double *runs)
{
	for (int a = 0; a < 5; a++)
		for (int b = a + 1; b < 5; b++)
			if (runs[b] < runs[a]) {
				double t = runs[a];

				runs[a] = runs[b];
				runs[b] = t;
			}
	return runs[2];
}
