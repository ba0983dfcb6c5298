#!/bin/sh
# code_map.sh SRC - every source file of src/, ui/ and include/ is named in the README's
# "Layout of the code" section, and every file the section names exists.
set -u
src=$1
fail=0
map=$(awk '/^## Layout of the code/ {on = 1; next} on && /^## / {exit} on' "$src/README.md")
[ -n "$map" ] || { echo "FAIL: README has no '## Layout of the code' section"; exit 1; }
cd "$src" || exit 1
for f in $(find src ui include -type f \( -name '*.c' -o -name '*.h' \) | sort); do
	printf '%s\n' "$map" | grep -qF "\`$f\`" || { echo "FAIL: $f is not in the README's code map"; fail=1; }
done
for f in $(printf '%s\n' "$map" | grep -o '`[a-z][a-z0-9_./-]*\.[ch]`' | tr -d '`' | sort -u); do
	[ -f "$f" ] || { echo "FAIL: the code map names $f, which does not exist"; fail=1; }
done
[ "$fail" -eq 0 ] && echo "ok: the code map lists every source file"
exit "$fail"
