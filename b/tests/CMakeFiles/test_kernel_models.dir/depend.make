# Empty dependencies file for test_kernel_models.
# This may be replaced when dependencies are built.
