#!/bin/sh
# A short run of every fuzz target (FUZZ_SMOKE seconds each, default 12;
# two at a time): a crash, leak, hang or sanitizer report is "not ok" with
# the finding kept in build-fuzz/findings/<target>/. Longer runs: make fuzz.
# Skipped (one "ok - # skip" line) when PHAT_NO_FUZZ is set (the sanitizer
# and valgrind runs of the suite) or the targets are not built.
secs=${FUZZ_SMOKE:-12}
if [ -n "$PHAT_NO_FUZZ" ]; then
	echo "ok - # skip fuzz smoke runs (PHAT_NO_FUZZ)"
	exit 0
fi
set --
for c in tests/fuzz/fuzz_*.c; do
	b=build-fuzz/$(basename "$c" .c)
	if [ ! -x "$b" ]; then
		echo "not ok - fuzz target $b is built (make fuzz-build)"
		exit 1
	fi
	set -- "$@" "$b"
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
one() { # target
	n=$(basename "$1")
	if FUZZ_SECONDS=$secs FUZZ_LOG=$tmp/$n.log sh tests/fuzz/run.sh "$n" >"$tmp/$n.out" 2>&1; then
		echo "ok - $(tail -n 1 "$tmp/$n.out" | sed 's/ (log .*//'), no crash, leak or hang"
	else
		echo "not ok - $n found a problem:"
		sed 's/^/#   /' "$tmp/$n.out" | head -30
	fi
}
while [ $# -gt 0 ]; do
	one "$1" > "$tmp/a" &
	a=$!
	b=""
	if [ $# -gt 1 ]; then
		one "$2" > "$tmp/b" &
		b=$!
	fi
	wait $a
	cat "$tmp/a"
	if [ -n "$b" ]; then
		wait $b
		cat "$tmp/b"
		shift
	fi
	shift
done
