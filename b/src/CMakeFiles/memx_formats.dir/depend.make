# Empty dependencies file for memx_formats.
# This may be replaced when dependencies are built.
