#!/bin/sh
# make deb: stages phat with `make install PREFIX=/usr` into
# build-deb/debian/phat, strips the binary, adds what Debian policy asks of
# a package (copyright, changelog, a gzipped manual page, md5sums) and builds
# phat_VERSION_ARCH.deb with dpkg-deb. Depends: is computed, never typed:
# dpkg-shlibdeps names the packages of the libraries the binary links, and
# fonts-liberation2 is added because phat reads its fonts at run time.
# Usage: sh pkg/deb.sh VERSION BIN   (run from the top of the source tree)
set -eu
version=$1
bin=$2
arch=$(dpkg --print-architecture)
top=build-deb
stage=$top/debian/phat
deb=phat_${version}_${arch}.deb
maint=${DEB_MAINTAINER:-}
[ -n "$maint" ] || maint=$(git log -1 --format='%an <%ae>' 2>/dev/null || true)
[ -n "$maint" ] || { echo "pkg/deb.sh: set DEB_MAINTAINER=\"Name <address>\""; exit 1; }
# the changelog's date: the last commit's, for a package that is the same
# bytes when built again (SOURCE_DATE_EPOCH wins when set)
when=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

rm -rf "$stage"
mkdir -p "$stage/DEBIAN"
${MAKE:-make} -s install DESTDIR="$(pwd)/$stage" PREFIX=/usr BIN="$bin" >/dev/null
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$stage/usr/bin/phat"
gzip -9n "$stage/usr/share/man/man1/phat.1"
doc=$stage/usr/share/doc/phat
install -d "$doc"
install -m 644 pkg/copyright "$doc/copyright"
{
	printf 'phat (%s) unstable; urgency=medium\n\n' "$version"
	printf '  * phat %s; see README.md for what it does.\n\n' "$version"
	printf ' -- %s  %s\n' "$maint" "$(LC_ALL=C date -u -R -d "@$when")"
} | gzip -9n >"$doc/changelog.gz"

printf 'Source: phat\n\nPackage: phat\nArchitecture: any\n' >"$top/debian/control"
# The libraries phat opens only when a command needs them (src/util/dl.h:
# OpenSSL's libcrypto, cairo) are not in the binary's NEEDED list, so
# dpkg-shlibdeps cannot see them. A stub linked to each of them and using
# the functions phat looks up there (their names, read from the binary) lets
# it name their packages, with versions from their symbols files, too.
stub=$top/dl-stub
: >"$stub.c"
refs=""
objdump -p "$bin" | awk '$1 == "NEEDED" {print $2}' | sort -u >"$stub.needed"
for soname in $(strings -a "$bin" | grep -x 'lib[A-Za-z0-9_+-]*\.so\.[0-9][0-9.]*' | sort -u | comm -23 - "$stub.needed"); do
	path=$(ldconfig -p | awk -v l="$soname" '$1 == l {print $NF; exit}')
	[ -n "$path" ] || { echo "pkg/deb.sh: phat opens $soname, which is not installed here"; exit 1; }
	strings -a "$bin" | sort -u >"$stub.str"
	for f in $(nm -D --defined-only "$path" | awk '{sub(/@.*/, "", $3); print $3}' | sort -u | comm -12 - "$stub.str"); do
		echo "extern void $f(void);" >>"$stub.c"
		refs="$refs $f,"
	done
	libs="${libs:-} $path"
done
stubarg=""
if [ -n "$refs" ]; then
	echo "void (*const phat_uses[])(void) = {$refs}; int main(void) { return phat_uses[0] == 0; }" >>"$stub.c"
	${CC:-cc} -o "$stub" "$stub.c" $libs
	stubarg="-e dl-stub"
fi
# (its warning that the binary is not in its package's folder is wrong here: it is)
shlibs=$(cd "$top" && dpkg-shlibdeps -O -e debian/phat/usr/bin/phat $stubarg 2>shlibdeps.log | sed -n 's/^shlibs:Depends=//p')
grep -v "should already be installed in their package" "$top/shlibdeps.log" >&2 || true
[ -n "$shlibs" ] || { echo "pkg/deb.sh: dpkg-shlibdeps found no library"; exit 1; }
cat >"$stage/DEBIAN/control" <<CONTROL
Package: phat
Version: $version
Architecture: $arch
Maintainer: $maint
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $shlibs, fonts-liberation2
Recommends: libengine-pkcs11-openssl
Suggests: opensc-pkcs11
Section: text
Priority: optional
Description: Vietnamese commune documents from Markdown
 phat turns Markdown with YAML front matter, and the hamlets' figures in
 CSV files, into print-ready PDF files: official dispatches (công văn) laid
 out as Decree 30/2020/NĐ-CP requires, with their appendices and QR codes;
 the monthly report with its table and chart; leaflets, posters and copies
 for phones; and loudspeaker scripts written as they are read aloud.
CONTROL
(cd "$stage" && find usr -type f | LC_ALL=C sort | xargs md5sum) >"$stage/DEBIAN/md5sums"
chmod 644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"
SOURCE_DATE_EPOCH=$when dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
