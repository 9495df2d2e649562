#!/bin/bash
# test/layers.sh: the layer conventions of the C sources (README,
# "Developing").  Needs only bash and awk; reads the worktree, no database
# (run by tools/test-in-cluster.sh with the other test/*.sh).
#
# 1. Includes.  A quoted #include that names a treg header (one that exists
#    under extension/ or beside the including file, or any types/... or
#    engines/... name) must name it from extension/ and may name only
#      extension/common/*        common/
#      extension/types/*         common/, types/
#      extension/engines/E/*     common/, types/, engines/E/
#      demo/*                    common/, types/
#    (extension/treg.c and extension/compat.c, which tie the parts
#    together, may include any).  Other quoted names are PostgreSQL's own
#    headers ("postgres.h", "utils/builtins.h", "common/hmac.h").  A treg
#    header in <...> is an error too.
# 2. Function length.  No C function in extension/ or demo/ is longer than
#    100 lines, from the first line of its definition (the return type) to
#    its closing brace, unless the block comment above it says why with the
#    words "Long because" (on one line).  A definition is recognised by
#    pgindent layout: "{" alone at column 0 after a line ending in ")", the
#    body ending at the next "}" at column 0.
#
# Every violation is printed as "not ok - file:line: ...".  Prints
# "layers: N passed, M failed" (one check per file and rule) and exits
# non-zero on any failure.
set -u -o pipefail
cd "$(dirname "$0")/.."

LIMIT=100

# Functions over the limit that were there when this test was written
# (0.2.0 development): "file function lines".  Each is to be split into
# named phases (or to get a "Long because" comment) and then removed from
# this list.  A listed function may not grow; an entry no longer needed
# fails until it is removed, so the list only shrinks.
KNOWN_LONG="
"

passed=0
failed=0
ok() {
	echo "ok - $1"
	passed=$((passed + 1))
}
not_ok() {
	echo "not ok - $1"
	failed=$((failed + 1))
}

files=$(find extension demo -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)
[ -n "$files" ] || not_ok "no C source found under extension/ and demo/"

# ---- 1. includes ----
# one awk over every file: "ok<TAB>file" or "bad<TAB>file:line: message"
INCLUDES_AWK='
function exists(path, x, r) {
	r = (getline x < path) >= 0
	close(path)
	return r
}
function treg_header(name, file, dir) {
	if (name ~ /^(types|engines)\// || name ~ /(^|\/)\.\.\//)
		return 1
	dir = file
	sub(/\/[^\/]*$/, "", dir)
	return exists("extension/" name) || exists(dir "/" name)
}
function finish() {
	if (file != "" && allowed != "")
		print (bad ? "bad" : "ok") "\t" file
}
FNR == 1 {
	finish()
	file = FILENAME
	bad = 0
	allowed = ""
	if (file ~ /^extension\/common\//) {
		allowed = "common/"; layer = "extension/common"
	} else if (file ~ /^extension\/types\//) {
		allowed = "common/ types/"; layer = "extension/types"
	} else if (file ~ /^extension\/engines\/[^\/]+\//) {
		engine = file
		sub(/^extension\/engines\//, "", engine)
		sub(/\/.*/, "", engine)
		allowed = "common/ types/ engines/" engine "/"; layer = "extension/engines/" engine
	} else if (file ~ /^demo\//) {
		allowed = "common/ types/"; layer = "demo"
	}
	allowed_list = allowed
	gsub(/ /, ", ", allowed_list)
}
allowed != "" && /^[ \t]*#[ \t]*include[ \t]*["<]/ {
	name = $0
	sub(/^[ \t]*#[ \t]*include[ \t]*["<]/, "", name)
	sub(/[">].*/, "", name)
	if (!treg_header(name, file))
		next
	where = file ":" FNR ": "
	if ($0 ~ /include[ \t]*</)
		msg = "#include <" name ">: a treg header is included with quotes, as \"" name "\""
	else if (!exists("extension/" name))
		msg = "#include \"" name "\": no such file extension/" name " (name treg headers from extension/, e.g. \"types/intensity.h\")"
	else {
		msg = "#include \"" name "\": " layer " may include only " allowed_list " headers"
		n = split(allowed, prefixes, " ")
		for (i = 1; i <= n; i++)
			if (index(name, prefixes[i]) == 1)
				msg = ""
	}
	if (msg != "") {
		print "not\t" where msg
		bad = 1
	}
}
END { finish() }'

while IFS=$'\t' read -r verdict text; do
	case "$verdict" in
		ok) ok "includes of $text" ;;
		not) not_ok "$text" ;;
	esac
done < <(awk "$INCLUDES_AWK" $files)

# ---- 2. function length ----
# per definition: first line, name, length, 1 when the comment above says "Long because"
FUNCTIONS_AWK='
function scan(file, NL, i, j, k, p, x, decl, name, e, c, long, s, count) {
	count = 0
	for (i = 1; i <= NL; i++) {
		if (line[i] != "{")
			continue
		j = i - 1
		while (j >= 1 && line[j] ~ /^[ \t]*$/)
			j--
		if (j < 1 || line[j] !~ /\)[ \t]*$/)
			continue
		k = j
		while (k > 1) {
			p = line[k - 1]
			if (p ~ /^[ \t]*$/ || p ~ /;[ \t]*$/ || p ~ /\*\/[ \t]*$/ || p ~ /[{}][ \t]*$/ || p ~ /^#/)
				break
			k--
		}
		decl = ""
		for (x = k; x <= j; x++)
			decl = decl " " line[x]
		name = "?"
		if (match(decl, /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/)) {
			name = substr(decl, RSTART, RLENGTH)
			sub(/[ \t]*\($/, "", name)
		}
		e = i + 1
		while (e <= NL && line[e] !~ /^}/)
			e++
		c = k - 1
		while (c >= 1 && (line[c] ~ /^[ \t]*$/ || line[c] ~ /^PG_FUNCTION_INFO_V1/))
			c--
		long = 0
		if (c >= 1 && line[c] ~ /\*\/[ \t]*$/) {
			for (s = c; s >= 1; s--) {
				if (line[s] ~ /Long because/)
					long = 1
				if (index(line[s], "/*"))
					break
			}
		}
		printf "fn\t%s\t%d\t%s\t%d\t%d\n", file, k, name, e - k + 1, long
		count++
		i = e
	}
	printf "file\t%s\t%d\n", file, count
}
FNR == 1 && NR > 1 { scan(prev, nl); delete line }
{ line[FNR] = $0; nl = FNR; prev = FILENAME }
END { if (NR > 0) scan(prev, nl) }'

declare -A known_long seen bad_file
while read -r f name length; do
	[ -n "$f" ] && known_long["$f $name"]=$length
done <<<"$KNOWN_LONG"

while IFS=$'\t' read -r kind f lineno name length explained; do
	if [ "$kind" = file ]; then
		# "file<TAB>name<TAB>count": after all functions of the file
		[ -n "${bad_file[$f]:-}" ] || ok "function lengths in $f ($lineno functions)"
		continue
	fi
	[ "$length" -gt $LIMIT ] || continue
	[ "$explained" -eq 0 ] || continue
	known=${known_long["$f $name"]:-}
	if [ -n "$known" ] && [ "$length" -le "$known" ]; then
		echo "# known long function (split it, then drop it from KNOWN_LONG): $f:$lineno: $name is $length lines"
		seen["$f $name"]=1
	elif [ -n "$known" ]; then
		not_ok "$f:$lineno: $name grew to $length lines (KNOWN_LONG allows $known, the limit is $LIMIT): split it into named static functions"
		seen["$f $name"]=1
		bad_file[$f]=1
	else
		not_ok "$f:$lineno: $name is $length lines (limit $LIMIT): split it into named static functions, or say why in the comment above it with the words \"Long because\""
		bad_file[$f]=1
	fi
done < <(awk "$FUNCTIONS_AWK" $(grep -E '\.c$' <<<"$files"))

# every KNOWN_LONG entry still needed
for entry in "${!known_long[@]}"; do
	[ -n "${seen[$entry]:-}" ] ||
		not_ok "KNOWN_LONG lists $entry, which is no longer over $LIMIT lines without a \"Long because\" comment (or is gone): remove it from test/layers.sh"
done

echo "layers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
