# Empty dependencies file for memx_diffref.
# This may be replaced when dependencies are built.
