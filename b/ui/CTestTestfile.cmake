# CMake generated Testfile for 
# Source directory: /work/wt-uboot/ui
# Build directory: /work/wt-uboot/b/ui
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
