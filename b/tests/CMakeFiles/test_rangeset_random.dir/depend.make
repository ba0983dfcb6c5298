# Empty dependencies file for test_rangeset_random.
# This may be replaced when dependencies are built.
