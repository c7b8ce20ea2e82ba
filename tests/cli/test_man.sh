#!/bin/sh
# The manual page: mandoc -T lint finds nothing, and every command and
# option that `phat --help` (and `phat speak --help`) lists is on the page.
# The front-matter keys are checked against the kinds' tables in
# tests/unit/test_man.c.
PHAT=${PHAT:-./phat}
PAGE=man/phat.1
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# mandoc's messages, less the note about the system's outdated whatis
# database (it looks up the .Xr pages there)
mandoc -T lint -W style "$PAGE" >"$tmp/lint" 2>&1; st=$?
grep -v 'mandoc\.db' "$tmp/lint" >"$tmp/lint2"
[ "$st" -eq 0 ] && [ ! -s "$tmp/lint2" ] && ok "mandoc -T lint -W style: no message" ||
	{ no "mandoc -T lint -W style (exit $st)"; sed 's/^/#   /' "$tmp/lint2"; }
LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$PAGE" >"$tmp/page" 2>"$tmp/groff"
[ ! -s "$tmp/groff" ] && grep -q 'phat build' "$tmp/page" && ok "man -l renders it through groff without a warning" ||
	{ no "man -l: groff warnings"; sed 's/^/#   /' "$tmp/groff"; }

# The page as plain words: "\-" is "-" in the source.
sed 's/\\-/-/g' "$PAGE" >"$tmp/src"

# Prints each command or option of a help text that the page lacks. A
# command is a word after "phat" at the start of an entry; an option a word
# starting with - after a space, "[" or "|".
undocumented() { # helpfile
	sed -n 's/^\(usage:\)\{0,1\} *phat \([a-z][a-z-]*\).*/\2/p' "$1" | sort -u | while read -r c; do
		grep -q "^\.It Cm $c\( \|$\)" "$tmp/src" || echo "command $c"
	done
	grep -oE '(^|[][ |,])--?[a-zA-Z][a-zA-Z0-9-]*' "$1" | sed 's/^[][ |,]//' | sort -u | while read -r o; do
		f=${o#-}
		grep -qE "(^\.| )Fl $f( |$)" "$tmp/src" || echo "option $o"
	done
}

"$PHAT" --help >"$tmp/help"
"$PHAT" speak --help >>"$tmp/help"
"$PHAT" sign --help >>"$tmp/help"
"$PHAT" verify --help >>"$tmp/help"
undocumented "$tmp/help" >"$tmp/missing"
[ ! -s "$tmp/missing" ] && ok "every command and option of phat --help is on the page" ||
	{ no "phat --help lists what the page lacks"; sed 's/^/#   /' "$tmp/missing"; }
n=$(sed -n 's/^\(usage:\)\{0,1\} *phat \([a-z][a-z-]*\).*/\2/p' "$tmp/help" | sort -u | wc -l)
[ "$n" -ge 5 ] && ok "the help text lists $n commands" || no "only $n commands found in phat --help"

# the check itself: a made-up command and option are caught
printf 'usage: phat frob [--sparkle N] [-Z]\n' >"$tmp/fake"
undocumented "$tmp/fake" >"$tmp/m2"
grep -q 'command frob' "$tmp/m2" && grep -q 'option --sparkle' "$tmp/m2" && grep -q 'option -Z' "$tmp/m2" &&
	ok "a command and options missing from the page are reported" || { no "made-up options not caught"; cat "$tmp/m2"; }
