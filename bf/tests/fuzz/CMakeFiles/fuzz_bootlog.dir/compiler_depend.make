# Empty compiler generated dependencies file for fuzz_bootlog.
# This may be replaced when dependencies are built.
