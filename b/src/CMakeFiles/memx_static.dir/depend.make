# Empty dependencies file for memx_static.
# This may be replaced when dependencies are built.
