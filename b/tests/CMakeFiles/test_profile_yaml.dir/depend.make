# Empty dependencies file for test_profile_yaml.
# This may be replaced when dependencies are built.
