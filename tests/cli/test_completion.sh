#!/bin/sh
# bash completion (completion/phat.bash): commands, options, an option's
# values, file and folder arguments, and the kinds of `phat new`. Expected
# lists come from the manual page (its COMMANDS and "loai:" subsections),
# not from the program; a program whose help gains an option completes it
# at once (the script reads `phat --help`).
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
PHAT=${PHAT:-./phat}
PHAT=$(cd "$(dirname "$PHAT")" && pwd)/$(basename "$PHAT")
PAGE=$(pwd)/man/phat.1
. completion/phat.bash
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

comp() { # words...: the completions of the last word, sorted, one line
	COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
	_phat
	printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//'
}
is() { # want got what
	[ "$2" = "$1" ] && ok "$3: $2" || no "$3: got \"$2\", want \"$1\""
}
complete -p phat 2>/dev/null | grep -q '_phat' && ok "complete -F _phat phat is registered" || no "not registered"

cmds=$(sed -n '/^\.Sh COMMANDS/,/^\.Sh /s/^\.It Cm \([a-z-]*\).*/\1/p' "$PAGE" | sort | tr '\n' ' ')
is "$(printf '%s\n' --help --version $cmds | sort | tr '\n' ' ' | sed 's/ $//')" "$(comp "$PHAT" '')" \
	"phat <TAB>: every command of the manual page"
is "watch" "$(comp "$PHAT" w)" "phat w<TAB>"
is "-j -o -q -v" "$(comp "$PHAT" build -)" "phat build -<TAB>"
is "--phone --tile" "$(comp "$PHAT" render x.md --)" "phat render x.md --<TAB>"
is "a4" "$(comp "$PHAT" render x.md --tile '')" "phat render x.md --tile <TAB>: the paper"
is "--mien-nam --tu-dien" "$(comp "$PHAT" speak --)" "phat speak --<TAB>"

kinds=$(grep '^\.Ss ' "$PAGE" | grep -o 'loai: [a-z-]*' | sed 's/loai: //' | sort -u | tr '\n' ' ' | sed 's/ $//')
is "$kinds" "$(comp "$PHAT" new '')" "phat new <TAB>: the kinds of the manual page"
is "cong-van" "$(comp "$PHAT" new cong)" "phat new cong<TAB>"
is "" "$(comp "$PHAT" new cong-van '')" "phat new cong-van <TAB>: a name to make up, nothing offered"

cd "$tmp" || exit 1
mkdir thang-7 .an
touch cong-van.md Bao-Cao.MD ghi-chu.txt
is "Bao-Cao.MD cong-van.md thang-7" "$(comp "$PHAT" render '')" "phat render <TAB>: Markdown files and folders"
is "thang-7" "$(comp "$PHAT" build -o '')" "phat build -o <TAB>: folders"
is "thang-7" "$(comp "$PHAT" watch -q '')" "phat watch -q <TAB>: the content folder"
is "Bao-Cao.MD cong-van.md ghi-chu.txt thang-7" "$(comp "$PHAT" speak --tu-dien '')" "phat speak --tu-dien <TAB>: any file"
is ".an" "$(comp "$PHAT" build .a)" "a hidden folder only when asked for with a dot"

# a program whose help has a new option: completed without touching the script
printf '#!/bin/sh\nprintf "usage: phat build [-x|-z] [--mau xanh|do] [CONTENTDIR]\\n       phat ky --as a|b --anh FILE.png [-o FILE.pdf] FILE.pdf\\n"\n' >phat-moi
chmod +x phat-moi
is "--mau -x -z" "$(comp ./phat-moi build -)" "a new option in --help is completed"
is "do xanh" "$(comp ./phat-moi build --mau '')" "its values"
touch anh.png van-ban.pdf
is "a b" "$(comp ./phat-moi ky --as '')" "a required option's values"
is "anh.png thang-7" "$(comp ./phat-moi ky --as a --anh '')" "FILE.png: pictures and folders"
is "thang-7 van-ban.pdf" "$(comp ./phat-moi ky --as a --anh x.png '')" "then the PDF to sign"
