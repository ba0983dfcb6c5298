# Turn a text file into a C string: -DIN=file -DOUT=file.c
file(READ ${IN} content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," content "${content}")
file(WRITE ${OUT} "/* generated from ${IN}; do not edit */\n#include <stddef.h>\n"
  "const char mx_default_profile_text[] = {${content} 0x00};\n"
  "const size_t mx_default_profile_len = sizeof(mx_default_profile_text) - 1;\n"
  "const char mx_default_profile_name[] = \"<built-in>/msm8937.yaml\";\n")
