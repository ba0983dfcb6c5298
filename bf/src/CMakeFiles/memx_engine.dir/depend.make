# Empty dependencies file for memx_engine.
# This may be replaced when dependencies are built.
