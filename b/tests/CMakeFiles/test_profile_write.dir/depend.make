# Empty dependencies file for test_profile_write.
# This may be replaced when dependencies are built.
