# Empty dependencies file for test_dt.
# This may be replaced when dependencies are built.
