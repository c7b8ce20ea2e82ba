#!/bin/sh
# Bad input: each tests/bad/CASE.md must make `$PHAT render` exit with status 1,
# print as its first error line "tests/bad/CASE.md:LINE:COL: error: ...", and
# leave nothing behind in the output folder (no PDF, no temporary file).
# CASE.err says what that first error line holds: its first line is the
# LINE:COL part as an extended regular expression; every further line is a
# key word the message must contain (grep -iF; "a||b" accepts either).
# A case without .err (_mau-dung.md, the template every case is cut from)
# must render: so each bad case fails for its own reason.
PHAT=${PHAT:-./phat}
dir=$(dirname "$0")
n=0
ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; fail=1; }

if [ ! -x "$PHAT" ]; then
	notok "phat binary exists at $PHAT"
	exit 1
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

for md in "$dir"/*.md; do
	case=$(basename "$md" .md)
	err="$dir/$case.err"
	out="$tmp/$case"
	mkdir -p "$out"
	before=$(ls -A "$dir" | sort)
	"$PHAT" render "$md" -o "$out/$case.pdf" >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
	after=$(ls -A "$dir" | sort)
	[ "$before" = "$after" ] || notok "$case: nothing written beside the source"
	if [ ! -f "$err" ]; then
		if [ $rc -eq 0 ] && [ -s "$out/$case.pdf" ]; then
			ok "$case: the template renders (exit 0)"
		else
			notok "$case: the template renders (exit $rc): $(head -3 "$tmp/stderr")"
		fi
		continue
	fi
	n=$((n + 1))
	if [ $rc -eq 1 ]; then ok "$case: exit status 1"; else notok "$case: exit status 1 (got $rc)"; fi
	first=$(grep -m1 ': error: ' "$tmp/stderr")
	posre=$(head -1 "$err")
	# the path as given on the command line, regex-quoted
	qpath=$(printf '%s' "$md" | sed 's/[].[^$*\\/+?(){}|]/\\&/g')
	if printf '%s\n' "$first" | grep -Eq "^$qpath:$posre: error: [^ ]"; then
		ok "$case: first error line starts \"$md:$posre: error:\""
	else
		notok "$case: first error line starts \"$md:$posre: error:\" (got: $(head -2 "$tmp/stderr"))"
	fi
	msg=${first#*: error: }
	tail -n +2 "$err" | while IFS= read -r kw; do
		[ -n "$kw" ] || continue
		found=0
		alts=$(printf '%s\n' "$kw" | sed 's/||/\n/g')
		for a in $(printf '%s\n' "$alts" | tr ' ' '\001'); do
			a=$(printf '%s' "$a" | tr '\001' ' ')
			if printf '%s\n' "$msg" | grep -iqF -- "$a"; then found=1; fi
		done
		if [ $found -eq 1 ]; then
			echo "ok - $case: the message names \"$kw\""
		else
			echo "not ok - $case: the message names \"$kw\" (got: $first)"
		fi
	done
	left=$(ls -A "$out")
	if [ -z "$left" ]; then ok "$case: no output or temporary file left"; else notok "$case: no output or temporary file left ($left)"; fi
	[ -s "$tmp/stdout" ] && notok "$case: messages go to stderr, not stdout"
done

# every .err has its case
for e in "$dir"/*.err; do
	[ -f "${e%.err}.md" ] || notok "$(basename "$e") has no .md case"
done
[ $n -ge 11 ] && ok "$n bad-input cases ran" || notok "at least 11 bad-input cases ran (got $n)"
exit $fail
