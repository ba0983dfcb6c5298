# Empty dependencies file for fuzz_profile_yaml.
# This may be replaced when dependencies are built.
