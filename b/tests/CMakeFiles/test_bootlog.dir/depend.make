# Empty dependencies file for test_bootlog.
# This may be replaced when dependencies are built.
