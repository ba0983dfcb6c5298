# Empty dependencies file for test_memmap.
# This may be replaced when dependencies are built.
