#!/usr/bin/env bash
# symbols-check.sh LIBRARY.so [MANDIR] - check what the shared library exports.
#
#  1. every exported symbol (nm -D --defined-only; functions and data alike,
#     version-node "A" entries aside) starts with sv_;
#  2. the SONAME is libsecretvault.so.MAJOR, MAJOR from include/secretvault.h
#     (libsecretvault.so.0 before 1.0);
#  3. every exported sv_ function is named, as a whole word, somewhere under
#     MANDIR (default: the man/ directory of this repository).
# Prints "symbols-check: N exported symbols ok", or the failures and exits 1.
set -u

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 LIBRARY.so [MANDIR]" >&2
	exit 2
fi
lib=$1
mandir=${2:-$root/man}

if [ ! -f "$lib" ]; then
	echo "symbols-check: FAIL: no shared library '$lib'" >&2
	exit 1
fi

major=$(sed -n 's/^#define SV_VERSION_MAJOR \([0-9][0-9]*\).*/\1/p' \
	"$root/include/secretvault.h")
want_soname="libsecretvault.so.${major:-0}"

fail=0

# "ADDRESS TYPE NAME[@VERSION]" -> "TYPE NAME", version suffixes removed.
if ! syms=$(nm -D --defined-only "$lib"); then
	echo "symbols-check: FAIL: nm -D could not read '$lib'"
	exit 1
fi
syms=$(awk 'NF >= 2 { t = $(NF-1); n = $NF; sub(/@.*/, "", n);
		      if (t != "A") print t, n }' <<<"$syms" | sort -u -k2)

if [ -z "$syms" ]; then
	echo "symbols-check: FAIL: '$lib' exports no symbols"
	exit 1
fi

# 1. the prefix
bad=$(awk '$2 !~ /^sv_/ { print "    " $2 " (" $1 ")" }' <<<"$syms")
if [ -n "$bad" ]; then
	echo "symbols-check: FAIL: exported symbols without the sv_ prefix:"
	printf '%s\n' "$bad"
	fail=1
fi

# 2. the SONAME
soname=$(readelf -d "$lib" 2>/dev/null |
	sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [ "$soname" != "$want_soname" ]; then
	echo "symbols-check: FAIL: SONAME is '${soname:-<none>}', expected '$want_soname'"
	fail=1
fi

# 3. a man page for each exported function (T, W: weak, i: ifunc).  A name
# counts when nothing word-like touches it, a roff font escape aside
# (\fBsv_x\fR, \f(BIsv_x, \f[B]sv_x).
funcs=$(awk '$1 ~ /^[TWi]$/ && $2 ~ /^sv_/ { print $2 }' <<<"$syms")
missing=()
if [ -n "$funcs" ]; then
	if [ ! -d "$mandir" ]; then
		echo "symbols-check: FAIL: no man directory '$mandir'"
		fail=1
	else
		for f in $funcs; do
			pat="(^|[^A-Za-z0-9_]|\\\\f[A-Z]|\\\\f\\(..|\\\\f\\[[A-Za-z]*\\])${f}([^A-Za-z0-9_]|\$)"
			grep -rqE -- "$pat" "$mandir" || missing+=("$f")
		done
		if [ ${#missing[@]} -gt 0 ]; then
			echo "symbols-check: FAIL: ${#missing[@]} exported functions not in any page under $mandir:"
			printf '    %s\n' "${missing[@]}"
			fail=1
		fi
	fi
fi

n=$(wc -l <<<"$syms")
if [ $fail -ne 0 ]; then
	echo "symbols-check: FAIL ($n exported symbols)"
	exit 1
fi
echo "symbols-check: $n exported symbols ok"
