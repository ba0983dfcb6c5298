# Empty dependencies file for test_checks.
# This may be replaced when dependencies are built.
