# Empty dependencies file for test_bootlog_oracle.
# This may be replaced when dependencies are built.
