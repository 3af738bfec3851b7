#!/usr/bin/env bash
# run-all.sh - run every test suite and total the results (make check).
#
# Parts, each of which ends with a line "N passed, N failed":
#   build/tests/run [$SV_TEST_FILTER]   the C harness
#   tests/install-test.sh               staged install, pkg-config, uninstall
#   tests/cli/*.sh                      the secretvault command
#   tests/examples.sh                   the built examples
# The last such line of each part is added up.  A part that is missing,
# crashes, prints no count line, or exits non-zero while reporting no
# failure counts as 1 failed.  The parts' own count lines are shown as
# "== PART: passed N, failed N", so that the only "N passed, N failed"
# line of the output is the final total.  Exit 0 only if nothing failed
# and something passed.
set -u

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

filter=${SV_TEST_FILTER:-}
total_passed=0
total_failed=0
broken=()
log=$(mktemp) || exit 1
figures=$(mktemp) || exit 1
trap 'rm -f "$log" "$figures"' EXIT

count_re='^([0-9]+) passed, ([0-9]+) failed$'

# run_part NAME COMMAND...
run_part() {
	local name=$1 rc line p f
	shift
	echo "== $name"
	"$@" </dev/null 2>&1 | tee "$log" |
		sed -u -E "s|$count_re|== $name: passed \\1, failed \\2|"
	rc=${PIPESTATUS[0]}
	# (the sanitizer run repeats the same tests: count its figures once)
	[[ $name == "make asan" ]] || grep -E '^figure: ' "$log" >>"$figures"
	line=$(grep -E "$count_re" "$log" | tail -n 1)
	if [[ -z $line ]]; then
		echo "run-all: $name printed no count line (exit $rc); counted as 1 failed"
		broken+=("$name")
		total_failed=$((total_failed + 1))
		return
	fi
	[[ $line =~ $count_re ]]
	p=${BASH_REMATCH[1]}
	f=${BASH_REMATCH[2]}
	total_passed=$((total_passed + p))
	total_failed=$((total_failed + f))
	# A non-zero exit must be explained by a failure it counted; a
	# filter that matches none of the harness's tests is the exception.
	if [[ $rc -ne 0 && $f -eq 0 ]] &&
		! [[ $p -eq 0 && -n $filter && $name == build/tests/run ]]; then
		echo "run-all: $name exited $rc but reported no failure; counted as 1 failed"
		broken+=("$name")
		total_failed=$((total_failed + 1))
	fi
}

if [[ -x build/tests/run ]]; then
	if [[ -n $filter ]]; then
		run_part build/tests/run build/tests/run "$filter"
	else
		run_part build/tests/run build/tests/run
	fi
else
	echo "run-all: build/tests/run is missing (make build/tests/run); counted as 1 failed"
	broken+=("build/tests/run")
	total_failed=$((total_failed + 1))
fi

# The documentation and ABI checks are parts too, so a doc failure is
# counted and reported without hiding the test results.
doc_part() {
	local target=$1
	if ${SV_MAKE:-make} --no-print-directory "$target"; then
		echo "1 passed, 0 failed"
	else
		echo "0 passed, 1 failed"
	fi
}
for t in headertest man-lint symbols-check; do
	run_part "make $t" doc_part "$t"
done

parts=()
[[ -f tests/install-test.sh ]] && parts+=(tests/install-test.sh)
for s in tests/cli/*.sh; do
	[[ -f $s ]] && parts+=("$s")
done
[[ -f tests/examples.sh ]] && parts+=(tests/examples.sh)
[[ -f tests/readme.sh ]] && parts+=(tests/readme.sh)
[[ -f tests/fuzz-replay.sh ]] && parts+=(tests/fuzz-replay.sh)
[[ -f tests/fuzz-run.sh ]] && parts+=(tests/fuzz-run.sh)
[[ -f tests/python.sh ]] && parts+=(tests/python.sh)
[[ -f tests/go.sh ]] && parts+=(tests/go.sh)

for s in ${parts[@]+"${parts[@]}"}; do
	run_part "$s" bash "$s"
done

# The benchmark, once, on tiny sizes: it proves the benchmark runs (its
# budgets are not tests: `make bench` measures them).
if [[ -x build/bench/bench ]]; then
	run_part "bench --smoke" build/bench/bench --smoke
else
	echo "run-all: build/bench/bench is missing; counted as 1 failed"
	broken+=("build/bench/bench")
	total_failed=$((total_failed + 1))
fi

# The whole C suite again under AddressSanitizer + UBSan (with leak
# checks), and a core subset under valgrind memcheck.
run_part "make asan" ${SV_MAKE:-make} --no-print-directory asan
run_part "make valgrind" ${SV_MAKE:-make} --no-print-directory valgrind

# The reliability figures the tests printed, in one line.
if [[ -s $figures ]]; then
	echo "reliability: $(sed 's/^figure: //' "$figures" | sort -u | paste -sd ';' - | sed 's/;/; /g')"
fi

if [[ ${#broken[@]} -gt 0 ]]; then
	echo "run-all: parts that crashed or gave no usable count: ${broken[*]}"
fi
echo "$total_passed passed, $total_failed failed"
[[ $total_failed -eq 0 && $total_passed -gt 0 ]]
