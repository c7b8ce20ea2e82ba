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

# The SYNOPSIS says what `phat --help` says, command by command: each
# option and each argument of a help line (FILE.md, CONTENTDIR, -j N) is in
# that command's SYNOPSIS entry (from its ".Cm" to the next ".Nm"), the
# help's N written "jobs" there.
synopsis() { # command: its SYNOPSIS lines, every entry of it
	sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$tmp/src" | awk -v c="$1" '
		/^\.Nm/ { on = 0 } $0 == ".Cm " c { on = 1 } on' | tr '\n' ' '
}
synopsis_lacks() { # helpfile
	for c in build render check watch speak verify; do
		# the help line less its description (after two spaces)
		line=$(grep -E "^(usage:)? *phat $c( |$)" "$1" | head -1 | sed 's/^usage://; s/^ *//; s/  .*//')
		[ -n "$line" ] || continue
		syn=" $(synopsis "$c") "
		for a in $(echo "$line" | grep -oE '[A-Z][A-Za-z]*(\.[a-z]+)?' | tr 'A-Z' 'a-z' | sed 's/^n$/jobs/'); do
			case "$syn" in *" Ar $a "*|*" $a "*) ;; *) echo "$c: argument $a";; esac
		done
		for o in $(echo "$line" | grep -oE '(^|[][ |])--?[a-z][a-z-]*' | sed 's/^[][ |]//'); do
			f=${o#-}
			case "$syn" in *" Fl $f "*|*" Fl "*" | $f "*) ;; *) echo "$c: option $o";; esac
		done
	done
}
synopsis_lacks "$tmp/help" >"$tmp/syn"
[ ! -s "$tmp/syn" ] && ok "each command's SYNOPSIS has the options and arguments of its phat --help line" ||
	{ no "the SYNOPSIS lacks what phat --help shows"; sed 's/^/#   /' "$tmp/syn"; }
printf 'usage: phat check [-q|-v] [-j N] [CONTENTDIR | FILE.md | DRAFT.md] [--frob]\n' >"$tmp/fake2"
synopsis_lacks "$tmp/fake2" >"$tmp/m3"
grep -qx 'check: argument draft.md' "$tmp/m3" && grep -qx 'check: option --frob' "$tmp/m3" && [ "$(wc -l <"$tmp/m3")" -eq 2 ] &&
	ok "an argument or option of a help line missing from its SYNOPSIS is reported" ||
	{ no "a made-up argument not caught"; sed 's/^/#   /' "$tmp/m3"; }
