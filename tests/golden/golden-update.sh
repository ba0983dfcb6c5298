#!/bin/sh
# golden-update.sh MEMX [CASE...] - rewrite tests/golden/<case>/expected* from the current
# binary. Run it deliberately, then read the diff (git diff tests/golden) before committing.
set -eu
memx=$(realpath "$1"); shift
here=$(cd "$(dirname "$0")" && pwd)    # tests/golden
src=$(cd "$here/../.." && pwd)
cases=${*:-$(ls "$here")}
for case in $cases; do
	dir=$here/$case
	[ -f "$dir/args" ] || continue
	set --
	while IFS= read -r a || [ -n "$a" ]; do set -- "$@" "$a"; done < "$dir/args"
	status=0
	(cd "$src" && "$memx" "$@") > "$dir/expected" 2> "$dir/expected.stderr" || status=$?
	[ -s "$dir/expected.stderr" ] || rm -f "$dir/expected.stderr"
	if [ "$status" -ne 0 ]; then echo "$status" > "$dir/status"; else rm -f "$dir/status"; fi
	echo "updated $case (exit $status)"
done
