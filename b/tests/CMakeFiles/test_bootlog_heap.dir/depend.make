# Empty dependencies file for test_bootlog_heap.
# This may be replaced when dependencies are built.
