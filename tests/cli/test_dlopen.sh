#!/bin/sh
# OpenSSL (signing) and cairo (phone pages as pictures) are opened by name
# when a command first needs them, never linked: every other run is lighter
# (`make bench`: `phat --version`). Checked here: the binary does not link
# them, runs without them, and when one is missing says which file could
# not be made and which package to install, with exit 1. "Missing" is made
# in a private mount namespace (unshare, as root): /dev/null mounted over
# the library file, which nothing outside sees.
PHAT=${PHAT:-./phat}
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

needed=$(objdump -p "${PHAT_REAL:-$PHAT}" | awk '$1 == "NEEDED" {print $2}' | grep -E '^lib(crypto|ssl|cairo|pixman|X11|xcb|fontconfig)')
[ -z "$needed" ] && ok "the binary links neither OpenSSL nor cairo (nor what cairo pulls in)" || no "it links: $needed"

# the file a soname names here (ldconfig's cache, as dlopen finds it)
lib_file() { readlink -f "$(ldconfig -p | awk -v l="$1" '$1 == l && /x86-64/ {print $NF; exit}')"; }
crypto=$(lib_file libcrypto.so.3)
cairo=$(lib_file libcairo.so.2)
# without LIB: runs "$@" with the library file LIB hidden
without() {
	lib=$1; shift
	unshare --mount sh -c 'mount --bind /dev/null "$0" && exec "$@"' "$lib" "$@"
}
if [ -z "$crypto" ] || [ -z "$cairo" ] || ! without "$crypto" true 2>/dev/null; then
	echo "# skip - no private mount namespace here (unshare --mount needs root): the missing-library messages are not checked"
	exit 0
fi

mkdir "$tmp/xa"
cat >"$tmp/xa/to-roi.md" <<'MD'
---
loai: to-roi
kho: a4-gap-ba
dien_thoai: true
---

# Đăng ký chữ ký số công cộng

**Miễn phí 12 tháng**, ký giấy tờ ngay trên điện thoại.

Mang theo căn cước công dân gắn chip khi đến UBND xã.
MD

without "$crypto" "$PHAT" --version >"$tmp/v" 2>&1 && grep -q '^phat ' "$tmp/v" && ok "phat --version runs without libcrypto" ||
	no "--version without libcrypto: $(cat "$tmp/v")"
without "$crypto" "$PHAT" render -q "$tmp/xa/to-roi.md" -o "$tmp/t.pdf" >"$tmp/r" 2>&1 && [ -s "$tmp/t.pdf" ] &&
	ok "a leaflet is made without libcrypto" || no "render without libcrypto: $(head -3 "$tmp/r")"

want="phat: error: cannot load libcrypto.so.3, which signing and verifying (OpenSSL) needs: apt-get install libssl3"
without "$crypto" "$PHAT" verify "$tmp/t.pdf" >"$tmp/o" 2>"$tmp/e"; st=$?
[ "$st" -eq 1 ] && [ "$(cut -c1-${#want} "$tmp/e")" = "$want" ] && [ "$(wc -l <"$tmp/e")" -eq 1 ] && [ ! -s "$tmp/o" ] &&
	ok "phat verify without libcrypto: one line saying what to install, exit 1" || no "verify: exit $st: $(cat "$tmp/e")"
without "$crypto" "$PHAT" sign --as nguoi-ky "$tmp/t.pdf" >"$tmp/o" 2>"$tmp/e"; st=$?
[ "$st" -eq 1 ] && [ "$(cut -c1-${#want} "$tmp/e")" = "$want" ] && [ ! -e "$tmp/t-da-ky.pdf" ] &&
	ok "phat sign without libcrypto: the same line, exit 1, nothing written" || no "sign: exit $st: $(cat "$tmp/e")"

without "$cairo" "$PHAT" build -q -o "$tmp/ra" "$tmp/xa" >"$tmp/o" 2>"$tmp/e"; st=$?
pngs=$(find "$tmp/ra" -name '*.png' 2>/dev/null | wc -l)
n=$(grep -c "^$tmp/ra/to-roi-dien-thoai-[0-9]*\.png: error: cannot load libcairo.so.2, which a phone page as a picture (cairo) needs: apt-get install libcairo2 (" "$tmp/e")
[ "$st" -eq 1 ] && [ "$n" -ge 1 ] && [ "$pngs" -eq 0 ] && [ -s "$tmp/ra/to-roi.pdf" ] && [ -s "$tmp/ra/to-roi-dien-thoai.pdf" ] &&
	ok "phat build without cairo: each picture names its file and libcairo2 ($n), the PDFs are made, exit 1" ||
	no "build without cairo: exit $st, $n messages, $pngs pictures: $(head -3 "$tmp/e")"
"$PHAT" build -q -o "$tmp/ra" "$tmp/xa" >"$tmp/o" 2>&1 && [ "$(find "$tmp/ra" -name '*.png' | wc -l)" -eq "$n" ] &&
	ok "with cairo there, the same build makes those $n pictures" || no "build with cairo: $(head -3 "$tmp/o")"
