#!/bin/sh
# Progress on a terminal only: under `script` (a pseudo-terminal) a build
# shows one line rewritten in place ("\r", documents done of total, the
# file), erased at the end and around each message; into a file or a pipe
# there is no such line, only the summary; -q prints nothing on success, -v
# one line per file written.
PHAT=${PHAT:-./phat}
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp -r content "$tmp/c"
# (a pseudo-terminal ends lines with "\r\n": a "\r" followed by text is a rewrite)
# a word twice in the lexicon: a warning in the middle of the build
printf 'UBND = ủy ban nhân dân\nUBND = ủy ban nhân dân xã\n' >>"$tmp/c/tu-dien-loa.txt"
md=$(find "$tmp/c" -name '*.md' | wc -l)
docs=$(grep -l '^loai: *\(cong-van\|bao-cao\|to-roi\|ap-phich\|loa\)' $(find "$tmp/c" -name '*.md') | wc -l)
tty() { script -qec "$*" /dev/null </dev/null; }
cr=$(printf '\r'); esc=$(printf '\033')

tty "$PHAT" build -o "$tmp/o1" "$tmp/c" >"$tmp/t1"
grep -q "$cr." "$tmp/t1" && grep -q "/$md documents: $tmp/c/" "$tmp/t1" &&
	ok "on a terminal: a line rewritten in place, documents done of $md and the file" ||
	{ no "no progress line on a terminal"; cat -v "$tmp/t1" | head -5; }
tr '\r' '\n' <"$tmp/t1" >"$tmp/t1s"
grep -q 'warning:' "$tmp/t1s" && ! grep 'warning:' "$tmp/t1s" | grep -q 'documents' &&
	ok "a warning is printed on a line of its own, not after the progress text" ||
	{ no "warning and progress on one line"; grep -a 'warning' "$tmp/t1s" | cat -v; }
# the last thing before the summary erases the line: "\r" ESC[K
last=$(grep -a 'built into' "$tmp/t1s" | tail -1)
[ "$last" = "${esc}[K$docs documents built into $tmp/o1" ] && ok "the line is erased before the summary" ||
	{ no "summary line: $(printf '%s' "$last" | cat -v)"; }

"$PHAT" build -o "$tmp/o2" "$tmp/c" >"$tmp/out2" 2>"$tmp/err2"
! grep -q "$cr\|$esc" "$tmp/out2" "$tmp/err2" && ! grep -q 'documents:' "$tmp/err2" &&
	ok "not a terminal: no progress line, no escape codes" || { no "progress into a file"; cat -v "$tmp/err2" | head -3; }
[ "$(cat "$tmp/out2")" = "$docs documents built into $tmp/o2" ] && ok "not a terminal: the summary alone on stdout" ||
	{ no "stdout: $(head -3 "$tmp/out2")"; }

tty "$PHAT" build -q -o "$tmp/o3" "$tmp/c" >"$tmp/t3"
! grep -q "$cr.\|built into\|documents" "$tmp/t3" && grep -q 'warning:' "$tmp/t3" &&
	ok "-q: the warning and nothing else" || { no "-q printed more"; cat -v "$tmp/t3" | head -5; }
tty "$PHAT" build -v -o "$tmp/o4" "$tmp/c" >"$tmp/t4"
nfiles=$(find "$tmp/o4" -type f | wc -l)
nlines=$(grep -c " -> $tmp/o4/" "$tmp/t4")
[ "$nlines" -eq "$nfiles" ] && [ "$nfiles" -gt "$docs" ] && ! grep -q 'documents:' "$tmp/t4" &&
	ok "-v: one line per file written ($nfiles), no progress line" || no "-v: $nlines lines for $nfiles files"
TERM=dumb tty "$PHAT" build -o "$tmp/o5" "$tmp/c" >"$tmp/t5"
! grep -q 'documents:' "$tmp/t5" && ok "TERM=dumb: no progress line" || no "progress line on a dumb terminal"
tty "$PHAT" render "$tmp/c/cong-van-chu-ky-so.md" -o "$tmp/cv.pdf" >"$tmp/t6"
! grep -q 'documents' "$tmp/t6" && grep -q " -> $tmp/cv.pdf" "$tmp/t6" &&
	ok "render of one document: the file written, no progress line" || { no "render output"; cat -v "$tmp/t6"; }

# one document with one file per hamlet (13 files): worth a line of its own
mkdir -p "$tmp/r"
cp -r content/phat.yaml content/so-lieu "$tmp/r/"
sed 's/^loai: bao-cao$/loai: bao-cao\nmoi_xom: true/' content/bao-cao-thang-02.md >"$tmp/r/bao-cao.md"
tty "$PHAT" build -o "$tmp/o7" "$tmp/r" >"$tmp/t7"
n=$(find "$tmp/o7" -name '*.pdf' | wc -l)
[ "$n" -ge 10 ] && grep -q "0/1 documents: $tmp/r/bao-cao.md ([0-9]*/$n files)" "$tmp/t7" &&
	ok "one document of $n files: the line counts its files" ||
	{ no "no line for one document of $n files"; cat -v "$tmp/t7" | head -3; }
