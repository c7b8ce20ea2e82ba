#!/bin/sh
# The command line: exit status 0 done, 1 bad content, 2 bad usage, and the
# commands a newcomer types. Each check prints ok / not ok.
PHAT=${PHAT:-./phat}
t() { # want-status description command...
	want=$1; what=$2; shift 2
	"$@" >/dev/null 2>&1; got=$?
	[ "$got" -eq "$want" ] && echo "ok - $what (exit $got)" || echo "not ok - $what: exit $got, want $want"
}
t 0 "--help" "$PHAT" --help
t 0 "--version" "$PHAT" --version
"$PHAT" --version | grep -Eq '^phat [0-9]+\.[0-9]+' && echo "ok - --version names the version" || echo "not ok - --version output"
t 2 "no command" "$PHAT"
t 2 "an unknown command" "$PHAT" frob
t 2 "render without a file" "$PHAT" render
t 2 "render of a file that does not exist" "$PHAT" render /nonexistent/x.md
t 2 "an unknown option" "$PHAT" render content/cong-van-chu-ky-so.md --frob
t 2 "--tile with a paper other than a4" "$PHAT" render content/ap-phich-chu-ky-so.md --tile a5
t 2 "build of a folder that does not exist" "$PHAT" build /nonexistent
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
t 0 "check of content/ writes nothing" "$PHAT" check content
[ -z "$(find content -name '*.pdf' -newer "$tmp")" ] && echo "ok - check left no PDF in content/" || echo "not ok - check wrote a PDF"
t 0 "build of content/ into a new folder" "$PHAT" build -o "$tmp/out" content
n=$(ls "$tmp/out"/*.pdf 2>/dev/null | wc -l)
[ "$n" -ge 3 ] && echo "ok - build wrote every document ($n files)" || echo "not ok - build wrote $n files"
# one broken document among good ones: the others are still built, exit 1
mkdir -p "$tmp/c"
cp content/phat.yaml content/cong-van-chu-ky-so.md "$tmp/c/"
cp -r content/phu-luc "$tmp/c/"
printf -- '---\nloai: cong-van\nngya: 2025\n---\n\nChữ.\n' > "$tmp/c/hong.md"
"$PHAT" build -o "$tmp/o2" "$tmp/c" >"$tmp/log" 2>&1; st=$?
[ "$st" -eq 1 ] && echo "ok - a build with one broken document exits 1" || echo "not ok - exit $st, want 1"
[ -f "$tmp/o2/cong-van-chu-ky-so.pdf" ] && echo "ok - the good document is still built" || echo "not ok - the good document was not built"
[ ! -e "$tmp/o2/hong.pdf" ] && echo "ok - the broken document has no PDF" || echo "not ok - the broken document has a PDF"
grep -q "hong.md:3:1: error: unknown key \"ngya\"" "$tmp/log" && echo "ok - the failure is listed with file:line:col" || { echo "not ok - no file:line:col message"; sed 's/^/#   /' "$tmp/log"; }
