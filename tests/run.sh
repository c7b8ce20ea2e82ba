#!/bin/sh
# Runs every test program and ends with one line "N passed, N failed".
# A test program prints "ok - what" or "not ok - what" per check (TAP-like);
# one that exits non-zero without a "not ok" line counts as one failure.
# Unit tests: build/tests/test_*; PDF and end-to-end tests: tests/*/test_*.py
# (Debian's python3, which has python3-fitz) and tests/*/test_*.sh.
BUILD=${BUILD:-build}
PHAT=${PHAT:-./phat}
export PHAT BUILD
PY=/usr/bin/python3
pass=0; fail=0; failed=""
log=$(mktemp); trap 'rm -f "$log"' EXIT

run() { # name command...
	name=$1; shift
	"$@" >"$log" 2>&1; rc=$?
	p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $name exited with status $rc" >>"$log"; fi
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		failed="$failed $name"
		echo "== $name: $p passed, $f failed"
		grep -v '^ok ' "$log" | head -40
	else
		echo "== $name: $p passed"
	fi
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	if [ -n "$PHAT_VALGRIND" ]; then
		run "$(basename "$t")" valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9 "$t"
	else
		run "$(basename "$t")" "$t"
	fi
done
for t in tests/*/test_*.py; do
	[ -f "$t" ] && run "$t" $PY "$t"
done
for t in tests/*/test_*.sh; do
	[ -f "$t" ] && run "$t" sh "$t"
done

[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
