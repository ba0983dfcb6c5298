#!/bin/bash
# completion.sh MEMX SRC - the bash completion offers commands, options per command and the
# region names of the input on the line (through `memx regions`).
set -u
memx=$1 src=$2
fail=0
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
ln -s "$memx" "$dir/memx"
PATH=$dir:$PATH
compopt() { :; }
# shellcheck source=/dev/null
. "$src/doc/memx.bash-completion"
complete_line() { # WORDS... (the last one is being completed)
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
	_memx
	printf '%s\n' "${COMPREPLY[@]}"
}
want() { # WHAT EXPECTED < completions
	grep -qx -- "$2" || { echo "FAIL: $1: no '$2'"; fail=1; }
}
complete_line memx re | want "commands" report
complete_line memx re | want "commands" regions
complete_line memx compare --keep | want "compare options" --keep-memory
complete_line memx export --fo | want "export options" --form
complete_line memx export --form "" | want "--form values" overrides
prof=$src/profiles/msm8937.yaml
complete_line memx export "$prof" --delete venus | want "region names" venus_region@0
complete_line memx export "$prof" --set secure | want "region then property" secure_region@0.
complete_line memx export "$prof" --set secure_region@0.reu | want "properties" secure_region@0.reusable=
complete_line memx sw | want "commands" sweep
complete_line memx check --max-r | want "check options" --max-reserved
complete_line memx check "$prof" --max-region-size sec | want "region budgets" secure_region@0=
[ "$fail" -eq 0 ] && echo "ok: completion"
exit "$fail"
