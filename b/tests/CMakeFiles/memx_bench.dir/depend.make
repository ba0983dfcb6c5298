# Empty dependencies file for memx_bench.
# This may be replaced when dependencies are built.
