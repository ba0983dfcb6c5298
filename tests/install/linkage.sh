#!/bin/sh
# linkage.sh MEMX static|dynamic - the memx executable is linked as the build said
# (cmake/static.cmake: static unless sanitizers, valgrind or libFuzzer need it dynamic, or a
# static archive is missing), and the static binary runs a command.
set -eu
memx=$1 want=$2
command -v readelf > /dev/null || { echo "SKIPPED: readelf (binutils) not installed" >&2; exit 77; }
if readelf -l "$memx" | grep -q 'Requesting program interpreter'; then got=dynamic; else got=static; fi
if [ "$got" != "$want" ]; then
	echo "FAIL: $memx is linked $got, the build asked for $want" >&2
	exit 1
fi
"$memx" --version > /dev/null
"$memx" report > /dev/null
echo "ok: memx is linked $got"
