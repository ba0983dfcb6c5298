# Empty dependencies file for memx_core.
# This may be replaced when dependencies are built.
