# Empty dependencies file for memx_bootlog.
# This may be replaced when dependencies are built.
