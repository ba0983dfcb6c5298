# Empty dependencies file for memx.
# This may be replaced when dependencies are built.
