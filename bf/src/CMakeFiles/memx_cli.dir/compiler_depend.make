# Empty compiler generated dependencies file for memx_cli.
# This may be replaced when dependencies are built.
