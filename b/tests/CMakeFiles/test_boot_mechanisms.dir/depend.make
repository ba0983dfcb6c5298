# Empty dependencies file for test_boot_mechanisms.
# This may be replaced when dependencies are built.
