# Empty dependencies file for memx_layercheck_formats.
# This may be replaced when dependencies are built.
