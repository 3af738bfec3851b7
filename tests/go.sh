#!/usr/bin/env bash
# go.sh - build and test the Go binding (bindings/go) against the static
# library of the build tree, offline.
#
#   SV_BUILD   the build directory (default build); it must hold
#              lib/libsecretvault.a (make check builds it)
#   GO         the go command (default go)
#   SV_GO_RACE 0 to skip the race detector (default: on when it works)
#   SV_GOCACHE a Go build cache to reuse (default: a fresh one, since the
#              cache does not track headers outside the package, such
#              as include/secretvault.h)
#
# An uninstalled libsecretvault.pc pointing at the tree's header and static
# library is written to a temporary directory, so that the package's
# "#cgo pkg-config: libsecretvault" resolves to this tree. The module needs
# nothing beyond the standard library: GOPROXY=off. Ends with one line
# "N passed, N failed" (top-level tests); exits non-zero on failure.
set -u

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
root=$PWD
build=${SV_BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
GO=${GO:-go}

fail() {
	echo "go.sh: $*"
	echo "0 passed, 1 failed"
	exit 1
}

command -v "$GO" >/dev/null 2>&1 ||
	fail "the Go toolchain ('$GO') is not installed (apt-get install golang-go)"
[[ -f $build/lib/libsecretvault.a ]] ||
	fail "$build/lib/libsecretvault.a is missing (run make first)"
command -v pkg-config >/dev/null 2>&1 || fail "pkg-config is not installed"

tmp=$(mktemp -d) || exit 1
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
version=$(sed -n 's/^#define SV_VERSION_STRING "\(.*\)"/\1/p' include/secretvault.h)
deps=$(pkg-config --libs libsodium lmdb libcjson 2>/dev/null || echo -lsodium -llmdb -lcjson)
mkdir -p "$tmp/pkgconfig"
cat >"$tmp/pkgconfig/libsecretvault.pc" <<PC
Name: libsecretvault
Description: Local secret store with AWS Secrets Manager semantics (uninstalled)
Version: $version
Cflags: -I$root/include
Libs: $build/lib/libsecretvault.a $deps -pthread
PC

export PKG_CONFIG_PATH=$tmp/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
export GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local GOSUMDB=off GOWORK=off
export GOCACHE=${SV_GOCACHE:-$tmp/gocache} GOPATH=$tmp/gopath GOTMPDIR=$tmp
export CGO_ENABLED=1
export TMPDIR=$tmp

cd bindings/go || fail "bindings/go is missing"
"$GO" version

race=()
if [[ ${SV_GO_RACE:-1} != 0 ]] && "$GO" test -race -run '^$' ./... >/dev/null 2>&1; then
	race=(-race)
fi
echo "go.sh: race detector ${race[*]:-off (go test -race does not work here)}"
echo "go.sh: go vet"
"$GO" vet ./... || fail "go vet failed"

log=$tmp/test.log
"$GO" test -v -count=1 "${race[@]}" ./... 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
passed=$(grep -cE '^--- PASS: ' "$log")
failed=$(grep -cE '^--- FAIL: ' "$log")
if [[ $rc -ne 0 && $failed -eq 0 ]]; then
	echo "go.sh: go test exited $rc without a failing test (build error?)"
	failed=1
fi
if [[ $passed -eq 0 && $failed -eq 0 ]]; then
	echo "go.sh: no test ran"
	failed=1
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
