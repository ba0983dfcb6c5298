# Empty dependencies file for memx_compare.
# This may be replaced when dependencies are built.
