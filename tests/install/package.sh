#!/bin/sh
# package.sh CPACK BUILD SRC - cpack -G DEB makes a Debian package holding the binary, the
# library, the headers, memx.pc, the man page, the completion and the profiles.
set -eu
cpack=$1 build=$2 src=$3
. "$src/tests/lib.sh"
need_tool dpkg-deb "the .deb cpack makes is not checked"
(cd "$tmp" && "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" > "$tmp/cpack.log" 2>&1) ||
	{ echo "FAIL: cpack -G DEB"; tail -5 "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/pkg/*.deb | head -1)
dpkg-deb -c "$deb" > "$tmp/list"
for f in usr/bin/memx usr/share/man/man1/memx.1 usr/include/memx/layout.h usr/share/memx/profiles/msm8937.yaml \
	usr/share/bash-completion/completions/memx pkgconfig/memx.pc libmemx.so.0; do
	grep -q "$f" "$tmp/list" || { echo "FAIL: $f is not in $(basename "$deb")"; exit 1; }
done
dpkg-deb -f "$deb" Package Version Depends
echo "ok: $(basename "$deb")"
