# Empty dependencies file for test_oracle_uboot.
# This may be replaced when dependencies are built.
