#!/bin/sh
# golden.sh MEMX GOLDEN_DIR SOURCE_DIR - run every tests/golden/<case>/ and compare byte for byte.
#
# A case holds `args` (the memx command line, one argument per line, run from the
# source tree), `expected` (stdout) and optionally `expected.stderr` and `status`
# (the exit code, default 0). Regenerate deliberately with tests/golden/golden-update.sh.
set -u
memx=$1 golden=$2 src=$3
fail=0 n=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for dir in "$golden"/*/; do
	case=$(basename "$dir")
	[ -f "$dir/args" ] || continue
	n=$((n + 1))
	if grep -q '\.dts$' "$dir/args" && ! command -v dtc > /dev/null; then
		echo "SKIPPED $case: dtc (device-tree-compiler) is not installed"
		continue
	fi
	want_status=0
	[ -f "$dir/status" ] && want_status=$(cat "$dir/status")
	# one argument per line; no word splitting surprises
	set --
	while IFS= read -r a || [ -n "$a" ]; do set -- "$@" "$a"; done < "$dir/args"
	(cd "$src" && "$memx" "$@") > "$tmp/out" 2> "$tmp/err"
	status=$?
	if [ "$status" != "$want_status" ]; then
		echo "FAIL $case: exit status $status, expected $want_status"; fail=1
	fi
	if ! cmp -s "$tmp/out" "$dir/expected"; then
		echo "FAIL $case: stdout differs"; diff -u "$dir/expected" "$tmp/out" | head -40; fail=1
	fi
	if [ -f "$dir/expected.stderr" ] && ! cmp -s "$tmp/err" "$dir/expected.stderr"; then
		echo "FAIL $case: stderr differs"; diff -u "$dir/expected.stderr" "$tmp/err" | head -20; fail=1
	fi
done
if [ "$n" -eq 0 ]; then
	echo "FAIL: no golden cases found in $golden"
	exit 1
fi
[ "$fail" -eq 0 ] && echo "ok: $n golden cases"
exit $fail
