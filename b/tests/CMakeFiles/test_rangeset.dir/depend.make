# Empty dependencies file for test_rangeset.
# This may be replaced when dependencies are built.
