# lib.sh - helpers the shell tests share (sourced; they set $tmp and $fail first)

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
