#!/bin/sh
# `phat speak` from the command line: one line out per line in, stdin or a
# file, --mien-nam, --tu-dien, and the exit status of bad input and usage.
# (The readings themselves are checked by tests/unit/test_speak.c with
# tests/speak/pairs.tsv.)
PHAT=${PHAT:-./phat}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
ok() { echo "ok - $*"; }
no() { echo "not ok - $*"; }
check() { # what got want
	if [ "$2" = "$3" ]; then ok "$1"; else no "$1"; echo "#   got:  $2"; echo "#   want: $3"; fi
}

if ! "$PHAT" speak --help >/dev/null 2>&1; then
	echo "# skip: \"phat speak\" is not wired into src/main.c yet"
	exit 0
fi

printf 'UBND xã có 1.168 người.\n\nĐạt 50%% lúc 14h30.\n' >"$t/in.txt"
out=$("$PHAT" speak <"$t/in.txt"); rc=$?
check "stdin: status 0" "$rc" 0
check "stdin: three lines out for three in" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 3
check "stdin: first line" "$(printf '%s\n' "$out" | sed -n 1p)" "Ủy ban nhân dân xã có một nghìn một trăm sáu mươi tám người."
check "stdin: empty line kept" "$(printf '%s\n' "$out" | sed -n 2p)" ""
check "stdin: third line" "$(printf '%s\n' "$out" | sed -n 3p)" "Đạt năm mươi phần trăm lúc mười bốn giờ ba mươi phút."

check "a file argument" "$("$PHAT" speak "$t/in.txt" | sed -n 3p)" "Đạt năm mươi phần trăm lúc mười bốn giờ ba mươi phút."
check "--mien-nam" "$(echo 'có 1.105 hộ' | "$PHAT" speak --mien-nam)" "có một ngàn một trăm lẻ năm hộ"

printf 'UBND = U-bê-en-dê\n' >"$t/lex.txt"
check "--tu-dien replaces the lexicon" "$(echo 'UBND xã' | "$PHAT" speak --tu-dien "$t/lex.txt")" "U-bê-en-dê xã"

printf 'UBND Ủy ban nhân dân\n' >"$t/bad.txt"
err=$(echo 'x' | "$PHAT" speak --tu-dien "$t/bad.txt" 2>&1 >/dev/null); rc=$?
check "a lexicon line without = : status 1" "$rc" 1
case $err in *"bad.txt:1:1: error: this lexicon line has no \"=\""*) ok "the lexicon error names file:line:col";;
	*) no "the lexicon error names file:line:col"; echo "#   got: $err";; esac

printf 'dòng một\nTổng 1.000.000.000.000 đồng\n' >"$t/big.txt"
err=$("$PHAT" speak "$t/big.txt" 2>&1 >/dev/null); rc=$?
check "a number above 999 tỷ: status 1" "$rc" 1
case $err in *"big.txt:2:6: error: the number 1.000.000.000.000 is too large to read aloud"*) ok "the message gives file:line:col";;
	*) no "the message gives file:line:col"; echo "#   got: $err";; esac

"$PHAT" speak --khong-co >/dev/null 2>&1; check "an unknown option: status 2" "$?" 2
"$PHAT" speak "$t/khong-co.txt" >/dev/null 2>&1; check "a missing file: status 2" "$?" 2
"$PHAT" speak --tu-dien "$t/khong-co.txt" <"$t/in.txt" >/dev/null 2>&1; check "a missing lexicon: status 2" "$?" 2
printf 'sai \377\n' | "$PHAT" speak >/dev/null 2>&1; check "text that is not UTF-8: status 1" "$?" 1
