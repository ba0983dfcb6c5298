/* cli_sweep.c - memx sweep: the same board for each DRAM size */
#include "cli_internal.h"

int mx_cli_sweep(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 2;
}
