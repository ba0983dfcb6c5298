/* main.c - the memx binary with the explorer */
#include "cli.h"
#include "tui.h"

int main(int argc, char **argv)
{
	return mx_cli_main(argc, argv, mx_tui_main);
}
