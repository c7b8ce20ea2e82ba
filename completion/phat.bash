# bash completion for phat(1): the commands, their options, the values an
# option takes and the kinds of `phat new`. All of it is read from
# `phat --help` at each completion, so it stays in step with the program:
# a command is a word after "phat" at the start of an entry, an option a
# word starting with "-" in its synopsis, an option's value the word right
# after it (values to type as they are in lower case, "a4" or "xanh|do";
# DIR a folder, FILE.md a Markdown file, FILE any file), and KIND the list
# in parentheses under the entry.

# Prints the entry of command $2 in the help text $1.
_phat_entry()
{
	local line in=0
	while IFS= read -r line; do
		if [[ $line =~ ^(usage:)?\ *phat\ ([a-z][a-z-]*) ]]; then
			[[ ${BASH_REMATCH[2]} == "$2" ]] && in=1 || in=0
		elif [[ $line != " "* ]]; then
			in=0
		fi
		if (( in )); then
			printf '%s\n' "$line"
		fi
	done <<<"$1"
}

# Completes $cur as a value of the kind the placeholder $1 names.
_phat_value()
{
	local ph=$1 entry=$2
	case $ph in
	KIND | LOAI)
		local kinds
		kinds=$(grep -o '([a-z][a-z, -]*)' <<<"$entry" | tr -d '(),')
		mapfile -t COMPREPLY < <(compgen -W "$kinds" -- "$cur")
		;;
	*DIR)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		;;
	[A-Z]*.[a-z0-9]*)
		# FILE.md: files "*.[mM][dD]" (either case, as Windows names them) and folders
		local ext=${ph##*.} pat="" ch c
		for (( c = 0; c < ${#ext}; c++ )); do
			ch=${ext:c:1}
			pat+="[${ch,,}${ch^^}]"
		done
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -X "!*.$pat" -- "$cur"; compgen -d -- "$cur")
		;;
	FILE*)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		;;
	[a-z0-9]*)
		mapfile -t COMPREPLY < <(compgen -W "${ph//[|,]/ }" -- "$cur")
		;;
	esac
	# hidden files only when asked for with a "."
	if [[ ${cur##*/} != .* ]]; then
		local -a keep=()
		for c in "${COMPREPLY[@]}"; do
			[[ ${c##*/} == .* ]] || keep+=("$c")
		done
		COMPREPLY=("${keep[@]}")
	fi
}

_phat()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local help entry syn tok lastopt="" depth=0 opts="" i n=0
	local -A takes=()
	local -a positional=()
	COMPREPLY=()
	help=$("${COMP_WORDS[0]}" --help 2>/dev/null) || return 0
	if (( COMP_CWORD == 1 )); then
		mapfile -t COMPREPLY < <(compgen -W "$(sed -n 's/^\(usage:\)\{0,1\} *phat \([a-z][a-z-]*\).*/\2/p' <<<"$help") --help --version" -- "$cur")
		return 0
	fi
	entry=$(_phat_entry "$help" "${COMP_WORDS[1]}")
	[[ -n $entry ]] || return 0
	# the synopsis: the entry's first line after "phat CMD", up to the description column
	syn=${entry%%$'\n'*}
	syn=${syn#*phat "${COMP_WORDS[1]}"}
	syn=${syn%%   *}
	syn=${syn//[/ [ }
	syn=${syn//]/ ] }
	syn=${syn//|/ | }
	# lastopt: an option that may take the next word; valopt: one whose
	# value was just read, so that "|" adds another ("--mau xanh|do")
	local valopt="" bar=0
	for tok in $syn; do
		case $tok in
		"[") depth=$((depth + 1)); valopt="" ;;
		"]") depth=$((depth - 1)); lastopt=""; valopt="" ;;
		"|") lastopt=""; bar=1; continue ;;
		-*) opts+=" $tok"; lastopt=$tok; valopt="" ;;
		*)
			if [[ -n $valopt ]] && (( bar )); then
				takes[$valopt]+="|$tok"
			elif [[ -n $lastopt ]]; then
				takes[$lastopt]=$tok
				valopt=$lastopt
			else
				positional+=("$tok")
			fi
			lastopt=""
			;;
		esac
		bar=0
	done
	if [[ -n ${takes[$prev]+set} ]]; then
		_phat_value "${takes[$prev]}" "$entry"
		return 0
	fi
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		return 0
	fi
	# which positional argument this is: the words so far, less options and their values
	for (( i = 2; i < COMP_CWORD; i++ )); do
		if [[ ${COMP_WORDS[i]} == -* ]]; then
			[[ -n ${takes[${COMP_WORDS[i]}]+set} ]] && i=$((i + 1))
		else
			n=$((n + 1))
		fi
	done
	(( n < ${#positional[@]} )) && _phat_value "${positional[n]}" "$entry"
	return 0
}

complete -F _phat phat
