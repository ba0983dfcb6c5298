# Empty dependencies file for test_edit.
# This may be replaced when dependencies are built.
