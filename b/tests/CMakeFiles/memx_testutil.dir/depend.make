# Empty dependencies file for memx_testutil.
# This may be replaced when dependencies are built.
