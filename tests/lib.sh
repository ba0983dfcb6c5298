# lib.sh - what the shell tests share. Sourcing it sets $fail=0 and a private $tmp
# (removed on exit); `need_tool TOOL WHAT` ends the test as skipped (77, said loudly).

fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

need_tool() {
	if ! command -v "$1" > /dev/null; then
		echo "SKIPPED: $1 is not installed: $2" >&2
		echo "SKIPPED: $1 is not installed: $2"
		exit 77
	fi
}

# expect_status WANT CMD...: run CMD with stdout in $tmp/out, stderr in $tmp/err
expect_status() {
	want=$1; shift
	"$@" > "$tmp/out" 2> "$tmp/err"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL: '$*' exited $got, expected $want"; sed 's/^/  | /' "$tmp/err" | head -5; fail=1
	fi
}

# expect_line FILE TEXT: FILE has a line containing TEXT
expect_line() {
	if ! grep -qF -- "$2" "$1"; then
		echo "FAIL: no line with '$2' in $(basename "$1")"; sed 's/^/  | /' "$1" | head -5; fail=1
	fi
}

# one_line FILE: FILE is exactly one line (one error, one line)
one_line() {
	[ "$(wc -l < "$1")" -eq 1 ] || { echo "FAIL: expected one error line:"; cat "$1"; fail=1; }
}
