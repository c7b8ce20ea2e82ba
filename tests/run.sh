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
# End-to-end tests run phat through tests/audit/phat, which reads the text
# of every PDF each run writes and logs those where Markdown syntax reached
# the page; the robustness tests, which measure phat's own CPU time and
# memory, and the install test, which copies the binary, run it directly.
REAL=$(cd "$(dirname "$PHAT")" && pwd)/$(basename "$PHAT")
PHAT_AUDIT_LOG=$(mktemp); export PHAT_AUDIT_LOG
trap 'rm -f "$log" "$PHAT_AUDIT_LOG" "$PHAT_AUDIT_LOG.all"' EXIT
audited() { PHAT_REAL=$REAL PHAT=$(pwd)/tests/audit/phat "$@"; }
for t in tests/*/test_*.py; do
	[ -f "$t" ] || continue
	case $t in
	tests/robust/*) run "$t" $PY "$t" ;;
	*) run "$t" audited $PY "$t" ;;
	esac
done
for t in tests/*/test_*.sh; do
	[ -f "$t" ] || continue
	case $t in
	tests/cli/test_install.sh) run "$t" sh "$t" ;;   # copies the phat binary itself
	*) run "$t" audited sh "$t" ;;
	esac
done
audit() {
	n=$(sort -u "$PHAT_AUDIT_LOG.all" 2>/dev/null | wc -l)
	if [ ! -s "$PHAT_AUDIT_LOG" ] && [ "$n" -gt 0 ]; then
		echo "ok - no Markdown syntax (![, ](, |---) on any page of the $n PDFs the suite made"
	else
		echo "not ok - Markdown syntax reached the page of these PDFs (of $n):"
		sed 's/^/#   /' "$PHAT_AUDIT_LOG" | head -20
	fi
}
run "the suite's PDFs, read by pdftotext" audit

[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
