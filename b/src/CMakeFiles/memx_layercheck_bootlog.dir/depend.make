# Empty dependencies file for memx_layercheck_bootlog.
# This may be replaced when dependencies are built.
