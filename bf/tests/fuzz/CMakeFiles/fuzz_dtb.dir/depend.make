# Empty dependencies file for fuzz_dtb.
# This may be replaced when dependencies are built.
