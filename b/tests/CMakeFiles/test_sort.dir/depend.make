# Empty dependencies file for test_sort.
# This may be replaced when dependencies are built.
