# Empty dependencies file for test_placement.
# This may be replaced when dependencies are built.
