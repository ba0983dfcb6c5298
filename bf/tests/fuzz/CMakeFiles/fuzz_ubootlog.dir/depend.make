# Empty dependencies file for fuzz_ubootlog.
# This may be replaced when dependencies are built.
