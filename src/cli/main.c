/* main.c - the memx binary without the explorer */
#include "cli.h"

int main(int argc, char **argv)
{
	return mx_cli_main(argc, argv, 0);
}
