#!/usr/bin/env bash
# man-lint.sh [DIR] - lint the man pages under DIR (default: the man/
# directory of this repository).
#
# Every DIR/man1/*.1, DIR/man3/*.3 and DIR/man7/*.7 must format with
# `groff -man -ww -z` without a single warning (groff exits 0 even when it
# warns, so anything on its stderr is a failure).  Every section-3 page
# that is not a `.so` alias must have the sections NAME, LIBRARY,
# SYNOPSIS, DESCRIPTION, RETURN VALUE, ERRORS, EXAMPLES and SEE ALSO.
# Prints "man-lint: N pages ok", or the failures and exits 1.
set -u
shopt -s nullglob

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ $# -gt 0 ]; then
	dir=$1
else
	dir=$root/man
fi
required=("NAME" "LIBRARY" "SYNOPSIS" "DESCRIPTION" "RETURN VALUE" "ERRORS"
	  "EXAMPLES" "SEE ALSO")

if [ ! -d "$dir" ]; then
	echo "man-lint: FAIL: no directory '$dir'" >&2
	exit 1
fi
# Work from DIR so that `.so man3/x.3` in alias pages resolves.
cd "$dir" || exit 1
pages=(man1/*.1 man3/*.3 man7/*.7)
if [ ${#pages[@]} -eq 0 ]; then
	echo "man-lint: FAIL: no man pages found in $dir/man1, $dir/man3 or $dir/man7" >&2
	exit 1
fi

# True if the page is only a `.so` alias (comments and blank lines aside).
is_alias() {
	local content
	content=$(grep -v -e '^\.\\"' -e "^'\\\\\"" -e '^[[:space:]]*$' "$1")
	[[ $content =~ ^\.so[[:space:]]+[^[:space:]]+[[:space:]]*$ ]]
}

# groff options for the preprocessors a page asks for on its first line,
# the man(1) convention: '\" t (tbl), e (eqn), p (pic), r (refer).
preproc_opts() {
	local first letters opts=""
	IFS= read -r first < "$1" || true
	if [[ $first =~ ^\'\\\"\ +([tepr]+) ]]; then
		letters=${BASH_REMATCH[1]}
		[[ $letters == *t* ]] && opts+=" -t"
		[[ $letters == *e* ]] && opts+=" -e"
		[[ $letters == *p* ]] && opts+=" -p"
		[[ $letters == *r* ]] && opts+=" -R"
	fi
	echo "$opts"
}

# The section titles of a page, one a line, quotes and extra blanks removed.
sections() {
	sed -n 's/^\.SH[[:space:]]\{1,\}//p' "$1" |
		sed -e 's/"//g' -e 's/[[:space:]]\{1,\}/ /g' -e 's/^ //' -e 's/ $//'
}

failures=0
for page in "${pages[@]}"; do
	page_ok=1
	# shellcheck disable=SC2046
	if ! err=$(groff -man -ww -z $(preproc_opts "$page") "$page" 2>&1 >/dev/null); then
		echo "man-lint: $dir/$page: groff failed"
		page_ok=0
	fi
	if [ -n "$err" ]; then
		echo "man-lint: $dir/$page: groff warnings:"
		printf '%s\n' "$err" | sed 's/^/    /'
		page_ok=0
	fi
	if [[ $page == man3/* ]] && ! is_alias "$page"; then
		have=$(sections "$page")
		missing=()
		for s in "${required[@]}"; do
			grep -qxF -- "$s" <<<"$have" || missing+=("$s")
		done
		if [ ${#missing[@]} -gt 0 ]; then
			printf 'man-lint: %s: missing section(s):' "$dir/$page"
			printf ' "%s"' "${missing[@]}"
			printf '\n'
			page_ok=0
		fi
	fi
	[ $page_ok -eq 1 ] || failures=$((failures + 1))
done

if [ $failures -gt 0 ]; then
	echo "man-lint: FAIL: $failures of ${#pages[@]} pages"
	exit 1
fi
echo "man-lint: ${#pages[@]} pages ok"
