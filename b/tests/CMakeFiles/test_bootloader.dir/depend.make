# Empty dependencies file for test_bootloader.
# This may be replaced when dependencies are built.
