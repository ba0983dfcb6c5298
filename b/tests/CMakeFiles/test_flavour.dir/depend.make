# Empty dependencies file for test_flavour.
# This may be replaced when dependencies are built.
