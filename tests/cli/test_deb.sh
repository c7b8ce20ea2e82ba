#!/bin/sh
# make deb: phat_VERSION_ARCH.deb holds the binary, the manual page, the
# completion, copyright and changelog, owned by root; its Depends: names the
# package of every library the binary needs (found here with objdump, ldconfig
# and dpkg -S, not from the package) and fonts-liberation2, and each relation
# holds on this Debian 12; unpacked anywhere it builds a content folder and
# `man` shows its page; lintian finds no error or warning. Nothing is installed.
PHAT=${PHAT:-./phat}
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; }
case $(basename "${PHAT_REAL:-$PHAT}") in *san*)
	# the package is built with Debian's flags, not the sanitizers: checked once, by make test
	echo "# skip - the package does not depend on the sanitizer build"; exit 0 ;;
esac
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
src=$(pwd)
version=$(sed -n 's/^VERSION *:= *//p' Makefile)
deb=phat_${version}_$(dpkg --print-architecture).deb

env -u MAKEFLAGS -u MFLAGS make -s -j2 deb >"$tmp/log" 2>&1; st=$?
[ "$st" -eq 0 ] && [ -f "$deb" ] && ok "make deb writes $deb" || { no "make deb: exit $st"; tail -20 "$tmp/log"; exit 1; }
grep -i 'warning' "$tmp/log" | sed 's/^/# /'

[ "$(dpkg-deb -f "$deb" Package)" = phat ] && [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] &&
	ok "Package: phat, Version: $version (the Makefile's)" || no "control: $(dpkg-deb -f "$deb" Package Version)"

dpkg-deb -c "$deb" >"$tmp/contents"
files=$(awk '$1 !~ /^d/ {print $6}' "$tmp/contents" | sort | tr '\n' ' ')
want="./usr/bin/phat ./usr/share/bash-completion/completions/phat ./usr/share/doc/phat/changelog.gz ./usr/share/doc/phat/copyright ./usr/share/man/man1/phat.1.gz "
[ "$files" = "$want" ] && ok "the files: binary, manual page, completion, copyright, changelog" ||
	no "contents: $files"
awk '{print $2}' "$tmp/contents" | sort -u | grep -qvx 'root/root' && no "a file not owned by root" ||
	ok "every file is owned by root/root"

# Depends, computed here another way: the libraries the binary needs (those
# it links, and those it opens by name when a command needs them: OpenSSL
# for signing, cairo for pictures) and the packages that hold them
mkdir "$tmp/root"
dpkg-deb -x "$deb" "$tmp/root"
depends=$(dpkg-deb -f "$deb" Depends)
missing=""
opened=$(strings -a "$tmp/root/usr/bin/phat" | grep -E '^lib(crypto|cairo)\.so\.[0-9]+$' | sort -u | tr '\n' ' ')
[ "$opened" = "libcairo.so.2 libcrypto.so.3 " ] && ok "the binary opens libcairo.so.2 and libcrypto.so.3 by name" ||
	no "libraries opened by name: $opened"
for lib in $(objdump -p "$tmp/root/usr/bin/phat" | awk '$1 == "NEEDED" {print $2}') $opened; do
	path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|x86_64|64/ {print $NF; exit}')
	[ -n "$path" ] || path=$(ldconfig -p | awk -v l="$lib" '$1 == l {print $NF; exit}')
	pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1)
	[ -n "$pkg" ] || pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
	echo "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx "$pkg" || missing="$missing $lib($pkg)"
done
[ -z "$missing" ] && ok "Depends names the package of every library the binary needs" || no "Depends lacks:$missing"
echo "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx fonts-liberation2 &&
	ok "Depends names fonts-liberation2 (the fonts)" || no "no fonts-liberation2 in Depends: $depends"
echo "$depends" | grep -q 'libc6 (>= 2\.[0-9]*)' && ok "library versions come from their symbols files (libc6 (>= …))" ||
	no "no versioned libc6: $depends"
# every relation holds on this Debian 12 (what dpkg -i would check)
unmet=$(echo "$depends" | tr ',' '\n' | while read -r name op ver; do
	have=$(dpkg-query -W -f='${Version}' "$name" 2>/dev/null)
	[ -n "$have" ] || { echo "$name (not installed)"; continue; }
	[ -z "$op" ] || dpkg --compare-versions "$have" "$(echo "$op" | tr -d '(')" "$(echo "$ver" | tr -d ')')" ||
		echo "$name $op $ver (have $have)"
done)
[ -z "$unmet" ] && ok "every Depends relation is met on this Debian 12" || no "unmet: $unmet"

# unpacked elsewhere: a working phat and its page
cp -r content "$tmp/thang-7"
cd "$tmp" || exit 1
[ "$(root/usr/bin/phat --version)" = "phat $version" ] && ok "the packaged binary runs" || no "--version"
env -u PHAT_FONTS root/usr/bin/phat build -o ra thang-7 >"$tmp/b" 2>&1 && [ -f ra/cong-van-chu-ky-so.pdf ] &&
	ok "the packaged binary builds a content folder from elsewhere" || { no "packaged phat build"; tail -5 "$tmp/b"; }
MANPATH="$tmp/root/usr/share/man" LC_ALL=C.UTF-8 MANWIDTH=80 man -P cat phat 2>&1 | grep -q 'EXIT STATUS' &&
	ok "man phat shows the packaged page" || no "man phat from the package"
cd "$src" || exit 1

if command -v lintian >/dev/null; then
	lintian --no-tag-display-limit "$deb" >"$tmp/lintian" 2>&1
	grep -E '^(E|W):' "$tmp/lintian" >"$tmp/lw"
	[ ! -s "$tmp/lw" ] && ok "lintian: no error, no warning" || { no "lintian"; sed 's/^/#   /' "$tmp/lw"; }
else
	no "lintian is not installed (make test installs it: DEB_TEST)"
fi
