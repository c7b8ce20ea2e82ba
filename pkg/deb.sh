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
# (its warning that the binary is not in its package's folder is wrong here: it is)
shlibs=$(cd "$top" && dpkg-shlibdeps -O -e debian/phat/usr/bin/phat 2>shlibdeps.log | sed -n 's/^shlibs:Depends=//p')
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
