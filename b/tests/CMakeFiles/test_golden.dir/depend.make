# Empty dependencies file for test_golden.
# This may be replaced when dependencies are built.
