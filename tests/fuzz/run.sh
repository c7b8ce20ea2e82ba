#!/bin/sh
# Runs one fuzz target: run.sh fuzz_NAME (from the repository folder).
# FUZZ_SECONDS (default 60) of fuzzing on build-fuzz/corpus/NAME, seeded
# from content/ and tests/; a crash, leak or timeout is kept in
# build-fuzz/findings/NAME/ and makes the exit status non-zero.
# The last line says: "NAME: N runs in S s, corpus C, findings F" (F: new
# files in findings/ from this run).
name=$1
secs=${FUZZ_SECONDS:-60}
B=build-fuzz
corpus=$B/corpus/$name
findings=$B/findings/$name
mkdir -p "$corpus" "$findings"
/usr/bin/python3 tests/fuzz/seeds.py "$B/corpus" || exit 1
log=${FUZZ_LOG:-$B/$name.log}
# -timeout: one input taking over 10 s is a hang; -rss_limit_mb: 2 GB is a
# leak or a blow-up; the whole-path target gets larger inputs.
maxlen=65536
[ "$name" = fuzz_image ] && maxlen=262144
# libharu has no frame pointers: its leak (lsan.supp) is only recognised
# with the slow unwinder, needed only where libharu runs.
unwind=""
[ "$name" = fuzz_markdown ] && unwind=fast_unwind_on_malloc=0
before=$(ls "$findings" | wc -l)
LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
ASAN_OPTIONS="$unwind${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
	"$B/$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=$maxlen \
	-print_final_stats=1 -artifact_prefix="$findings/" $FUZZ_ARGS "$corpus" >"$log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
found=$(( $(ls "$findings" | wc -l) - before ))
echo "$name: ${runs:-0} runs in $secs s, corpus $(ls "$corpus" | wc -l), findings $found (log $log)"
if [ $rc -ne 0 ]; then
	grep -m1 -A12 'ERROR: \|SUMMARY:' "$log" | head -30
fi
exit $rc
