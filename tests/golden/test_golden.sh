#!/bin/sh
# Golden box dumps (as mandoc and lowdown keep them): each tests/golden/NAME.md
# is laid out with `phat dump` and compared with NAME.dump. A change in layout
# shows here as a readable diff of positions; when the change is meant,
# regenerate with `make golden` and read the diff before committing it.
PHAT=${PHAT:-./phat}
for md in tests/golden/*.md; do
	[ "$(basename "$md")" = README.md ] && continue
	want=${md%.md}.dump
	if [ ! -f "$want" ]; then
		echo "not ok - $md has no expected dump $want (make golden)"
		continue
	fi
	got=$(mktemp)
	"$PHAT" dump "$md" >"$got" 2>&1
	if diff -u "$want" "$got" >/dev/null; then
		echo "ok - $md lays out as $want"
	else
		echo "not ok - $md lays out differently from $want:"
		diff -u "$want" "$got" | head -30 | sed 's/^/#   /'
	fi
	rm -f "$got"
done
for d in tests/golden/*.dump; do
	[ -f "${d%.dump}.md" ] && echo "ok - $d has its case" || echo "not ok - $d is left without its case ${d%.dump}.md"
done
