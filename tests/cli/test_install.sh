#!/bin/sh
# make install into a temporary DESTDIR, then the installed phat builds a
# content folder from somewhere else: no fonts/ in the working folder or
# beside the binary, so it must find Debian's fonts itself; `man phat`
# finds the page; make uninstall removes what install put there.
PHAT=${PHAT:-./phat}
BUILD=${BUILD:-build}
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; }
src=$(pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
# the binary itself (the suite may hand us a wrapper in PHAT, the real one
# in PHAT_REAL), named as the Makefile's BIN: relative to this folder
bin=$(realpath --relative-to=. "${PHAT_REAL:-$PHAT}")

make -s install DESTDIR="$root" PREFIX=/usr/local BIN="$bin" BUILD="$BUILD" >"$tmp/log" 2>&1 &&
	ok "make install DESTDIR=… PREFIX=/usr/local" || { no "make install failed"; sed 's/^/#   /' "$tmp/log"; }
[ -x "$root/usr/local/bin/phat" ] && cmp -s "$root/usr/local/bin/phat" "$bin" &&
	ok "the binary ($bin) is in BINDIR, executable" || no "no $root/usr/local/bin/phat, or not $bin"
[ -f "$root/usr/local/share/man/man1/phat.1" ] && ok "the manual page is in MANDIR/man1" || no "no phat.1 in MANDIR"
comp=$root/usr/local/share/bash-completion/completions/phat
[ -f "$comp" ] && ok "the bash completion is in DATADIR/bash-completion/completions" || no "no completion installed"
got=$(bash -c '. "$1"; COMP_WORDS=("$2" w); COMP_CWORD=1; _phat; echo "${COMPREPLY[*]}"' x "$comp" \
	"$root/usr/local/bin/phat" 2>&1)
[ "$got" = "watch" ] && ok "the installed completion completes the installed phat (w<TAB>: $got)" ||
	no "installed completion: \"$got\""
make -s install DESTDIR="$root" BINDIR=/opt/x/bin MANDIR=/opt/x/man BIN="$bin" BUILD="$BUILD" >/dev/null 2>&1
[ -x "$root/opt/x/bin/phat" ] && [ -f "$root/opt/x/man/man1/phat.1" ] && ok "BINDIR and MANDIR are obeyed" ||
	no "BINDIR / MANDIR ignored"

# A clerk's folder elsewhere, the working folder outside the source tree.
mkdir -p "$tmp/home"
cp -r content "$tmp/home/thang-7"
cd "$tmp/home" || exit 1
env -u PHAT_FONTS "$root/usr/local/bin/phat" build -o ra thang-7 >"$tmp/log" 2>&1; st=$?
[ "$st" -eq 0 ] && ok "the installed phat builds a folder from elsewhere (exit 0)" ||
	{ no "installed phat: exit $st"; sed 's/^/#   /' "$tmp/log" | head -20; }
n=$(ls ra/*.pdf 2>/dev/null | wc -l)
want=$(grep -l '^loai: *\(cong-van\|bao-cao\|to-roi\|ap-phich\)' thang-7/*.md | wc -l)
[ "$n" -ge "$want" ] && [ "$want" -ge 4 ] && ok "every document has its PDF ($n, $want expected at least)" ||
	no "$n PDFs, want $want"
pdffonts ra/cong-van-chu-ky-so.pdf 2>/dev/null | grep -q 'LiberationSerif' &&
	ok "the dispatch embeds Liberation Serif from /usr/share/fonts" || no "no Liberation Serif in the dispatch"
echo 'Từ 7h30 ngày 15/8' | env -u PHAT_FONTS "$root/usr/local/bin/phat" speak >"$tmp/spoken" 2>&1
grep -q 'bảy giờ ba mươi' "$tmp/spoken" && ok "phat speak works without the source folder" ||
	{ no "phat speak"; cat "$tmp/spoken"; }
# no tu-dien-loa.txt here or above: the lexicon built into the binary
# (UBND is "Ủy ban nhân dân", the people's committee)
[ ! -e tu-dien-loa.txt ] && [ ! -e ../tu-dien-loa.txt ] || no "a lexicon file is in the way"
echo 'Kính gửi UBND xã' | "$root/usr/local/bin/phat" speak >"$tmp/spoken" 2>&1
grep -q 'Kính gửi Ủy ban nhân dân xã' "$tmp/spoken" && ok "the installed phat has its lexicon built in (UBND read out)" ||
	{ no "built-in lexicon: $(cat "$tmp/spoken")"; }

# ../share/phat/fonts beside the binary is preferred over Debian's folder:
# four sans faces under Times New Roman's names make the serif text sans.
mkdir -p "$root/usr/local/share/phat/fonts"
L=/usr/share/fonts/truetype/liberation2
d=$root/usr/local/share/phat/fonts
cp $L/LiberationSans-Regular.ttf "$d/times.ttf"; cp $L/LiberationSans-Bold.ttf "$d/timesbd.ttf"
cp $L/LiberationSans-Italic.ttf "$d/timesi.ttf"; cp $L/LiberationSans-BoldItalic.ttf "$d/timesbi.ttf"
env -u PHAT_FONTS "$root/usr/local/bin/phat" render thang-7/cong-van-chu-ky-so.md -o cv.pdf >/dev/null 2>&1
f=$(pdffonts cv.pdf 2>/dev/null | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]*+//' | sort -u | tr '\n' ' ')
case "$f" in
*LiberationSerif*) no "fonts in ../share/phat/fonts were not used: $f" ;;
*LiberationSans*) ok "fonts in PREFIX/share/phat/fonts are used first ($f)" ;;
*) no "unexpected fonts: $f" ;;
esac
rm -r "$root/usr/local/share/phat"

MANPATH="$root/usr/local/share/man" LC_ALL=C.UTF-8 MANWIDTH=80 man -P cat phat >"$tmp/man" 2>&1
grep -q 'phat build' "$tmp/man" && grep -q 'EXIT STATUS' "$tmp/man" && ok "man phat shows the installed page" ||
	{ no "man phat"; head -5 "$tmp/man"; }

cd "$src" || exit 1
make -s uninstall DESTDIR="$root" PREFIX=/usr/local BIN="$bin" BUILD="$BUILD" >/dev/null 2>&1
[ ! -e "$root/usr/local/bin/phat" ] && [ ! -e "$root/usr/local/share/man/man1/phat.1" ] && [ ! -e "$comp" ] &&
	ok "make uninstall removes them" || no "make uninstall left files"
