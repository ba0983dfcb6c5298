# Empty dependencies file for memx_shared.
# This may be replaced when dependencies are built.
