#!/usr/bin/env bash
# install-test.sh - staged install, use through pkg-config, uninstall.
#
# `make install DESTDIR=TMP/dest PREFIX=/usr`, then check the installed
# files, build a small program against them with pkg-config (shared, then
# with the static archive), run it, `make uninstall` and check that no
# file is left.  Each check is one counted test; ends with
# "N passed, N failed" and exits non-zero on any failure.
set -u

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

MAKE=${MAKE:-make}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

passed=0
failed=0
ok() {
	echo "ok   $1"
	passed=$((passed + 1))
}
fail() {
	echo "FAIL $1"
	failed=$((failed + 1))
}
# check NAME COMMAND... : one counted test, passed when COMMAND succeeds.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name"; fi
}
# show FILE: indented, at most the last 40 lines, after a failure.
show() {
	sed 's/^/    /' "$1" | tail -n 40
}

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
d=$tmp/dest
mkdir -p "$d" "$tmp/app"

hdr=include/secretvault.h
version_of() {
	sed -n "s/^#define $1 \\([0-9][0-9]*\\).*/\\1/p" "$hdr"
}
major=$(version_of SV_VERSION_MAJOR)
version=$major.$(version_of SV_VERSION_MINOR).$(version_of SV_VERSION_PATCH)
version_string=$(sed -n 's/^#define SV_VERSION_STRING "\(.*\)"/\1/p' "$hdr")

lib=$d/usr/lib
inc=$d/usr/include
man=$d/usr/share/man
pc=$lib/pkgconfig/libsecretvault.pc

# ---- install --------------------------------------------------------
if "$MAKE" -s --no-print-directory install DESTDIR="$d" PREFIX=/usr \
	>"$tmp/install.log" 2>&1; then
	ok "make install DESTDIR=... PREFIX=/usr"
else
	fail "make install DESTDIR=... PREFIX=/usr"
	show "$tmp/install.log"
fi

# ---- installed files ------------------------------------------------
is_file() { [[ -f $1 && ! -L $1 ]]; }
is_link_to() { [[ -L $1 && $(readlink "$1") == "$2" && -e $1 ]]; }

check "installed include/secretvault.h" is_file "$inc/secretvault.h"
check "installed include/secretvault_sys.h" is_file "$inc/secretvault_sys.h"
check "installed lib/libsecretvault.a" is_file "$lib/libsecretvault.a"
check "installed lib/libsecretvault.so.$version (real file)" \
	is_file "$lib/libsecretvault.so.$version"
check "installed lib/libsecretvault.so.$major -> libsecretvault.so.$version" \
	is_link_to "$lib/libsecretvault.so.$major" "libsecretvault.so.$version"
check "installed lib/libsecretvault.so -> libsecretvault.so.$major" \
	is_link_to "$lib/libsecretvault.so" "libsecretvault.so.$major"
check "installed lib/pkgconfig/libsecretvault.pc" is_file "$pc"
pc_fields_ok() {
	grep -qx "prefix=/usr" "$pc" && grep -qx "Version: $version" "$pc"
}
check "libsecretvault.pc has prefix=/usr and Version: $version" pc_fields_ok

# Every page of the tree, and at least one in man3 and man7.
man_pages_installed() {
	local sect=$1 n=0 src
	for src in man/"man$sect"/*."$sect"; do
		[[ -f $src ]] || continue
		n=$((n + 1))
		if [[ ! -f $man/man$sect/$(basename "$src") ]]; then
			echo "    not installed: $src"
			return 1
		fi
	done
	if [[ $n -eq 0 && $sect != 1 ]]; then
		echo "    no pages in man/man$sect"
		return 1
	fi
	return 0
}
check "installed man3 pages" man_pages_installed 3
check "installed man7 pages" man_pages_installed 7
if compgen -G 'man/man1/*.1' >/dev/null; then
	check "installed man1 pages" man_pages_installed 1
fi

# ---- a program built against the installed library -------------------
cat >"$tmp/app/app.c" <<'APP'
#include <stdio.h>
#include <string.h>

#include <secretvault.h>

int main(void)
{
	const char *v = sv_version_string();
	const char *e = sv_strerror(SV_ENOTFOUND);

	printf("version: %s\n", v);
	printf("strerror: %s\n", e);
	if (sv_version_number() != SV_VERSION_NUMBER) {
		fprintf(stderr, "library %d, header %d\n", sv_version_number(),
			SV_VERSION_NUMBER);
		return 1;
	}
	if (strcmp(v, SV_VERSION_STRING) != 0 || e == NULL || *e == '\0')
		return 1;
	return 0;
}
APP

pc_env=(env PKG_CONFIG_PATH="$lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$d")
app_flags=(-std=c99 -Wall -Wextra -Werror)

# The output must show the header's version and a message for SV_ENOTFOUND.
run_app() {
	local out
	if out=$("$@" 2>&1) &&
		grep -qx "version: $version_string" <<<"$out" &&
		grep -q '^strerror: ..*' <<<"$out"; then
		return 0
	fi
	printf '%s\n' "$out" | sed 's/^/    /'
	return 1
}

# shared
if flags=$("${pc_env[@]}" "$PKG_CONFIG" --cflags --libs libsecretvault \
	2>"$tmp/pc.log"); then
	ok "pkg-config --cflags --libs libsecretvault"
else
	fail "pkg-config --cflags --libs libsecretvault"
	show "$tmp/pc.log"
	flags=""
fi
# shellcheck disable=SC2086
if "$CC" "${app_flags[@]}" -o "$tmp/app/app" "$tmp/app/app.c" $flags \
	>"$tmp/cc.log" 2>&1; then
	ok "compile and link app.c against the shared library"
else
	fail "compile and link app.c against the shared library"
	show "$tmp/cc.log"
fi
needs_shared() {
	readelf -d "$tmp/app/app" 2>/dev/null |
		grep -q "(NEEDED).*\\[libsecretvault\\.so\\.$major\\]"
}
check "app needs libsecretvault.so.$major" needs_shared
check "app runs with LD_LIBRARY_PATH=DESTDIR/usr/lib" \
	run_app env LD_LIBRARY_PATH="$lib" "$tmp/app/app"

# static: the archive in place of -lsecretvault, the rest from --static
if sflags=$("${pc_env[@]}" "$PKG_CONFIG" --static --cflags --libs \
	libsecretvault 2>"$tmp/pc.log"); then
	ok "pkg-config --static --cflags --libs libsecretvault"
else
	fail "pkg-config --static --cflags --libs libsecretvault"
	show "$tmp/pc.log"
	sflags=""
fi
sargs=()
for w in $sflags; do
	if [[ $w == -lsecretvault ]]; then
		sargs+=("$lib/libsecretvault.a")
	else
		sargs+=("$w")
	fi
done
if "$CC" "${app_flags[@]}" -o "$tmp/app/app-static" "$tmp/app/app.c" \
	${sargs[@]+"${sargs[@]}"} >"$tmp/cc.log" 2>&1; then
	ok "compile and link app.c against libsecretvault.a"
else
	fail "compile and link app.c against libsecretvault.a"
	show "$tmp/cc.log"
fi
static_no_shared() {
	[[ -x $tmp/app/app-static ]] &&
		! readelf -d "$tmp/app/app-static" 2>/dev/null |
			grep -q 'libsecretvault\.so'
}
check "static app does not need libsecretvault.so" static_no_shared
check "static app runs" run_app "$tmp/app/app-static"

# ---- uninstall ------------------------------------------------------
if "$MAKE" -s --no-print-directory uninstall DESTDIR="$d" PREFIX=/usr \
	>"$tmp/uninstall.log" 2>&1; then
	ok "make uninstall DESTDIR=... PREFIX=/usr"
else
	fail "make uninstall DESTDIR=... PREFIX=/usr"
	show "$tmp/uninstall.log"
fi
left=$(cd "$d" && find . ! -type d | sort)
if [[ -z $left ]]; then
	ok "nothing but directories left after uninstall"
else
	fail "nothing but directories left after uninstall"
	printf '%s\n' "$left" | sed 's/^/    left: /'
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
