#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run.sh - run every test and print one line "N passed, N failed".
#
# Each suite is a command printing TAP lines ("ok ..." / "not ok ...").
# A suite that exits non-zero without reporting a failure counts as one
# failure, so a crash is never silent.  Run from the top of the tree after
# "make all tests fuzz".  TESTS_VERBOSE=1 shows every line.
set -u
B=${B:-build}
pass=0
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_suite() {
	name=$1
	shift
	"$@" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		printf 'FAIL %-32s %d passed, %d failed\n' "$name" "$p" "$f"
		grep -v '^ok ' "$log" | sed 's/^/    /' | tail -40
	else
		printf 'ok   %-32s %d passed\n' "$name" "$p"
		[ "${TESTS_VERBOSE:-0}" = 1 ] && sed 's/^/    /' "$log"
	fi
}

# Unit tests (cmocka, TAP output).
for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	run_suite "unit/$(basename "$t")" env CMOCKA_MESSAGE_OUTPUT=TAP "$t"
done

# Fuzz corpora: every seed and every former crash is replayed.
fuzz_replay() {
	bin=$1
	dir=tests/fuzz/corpus/$(basename "$bin" | sed 's/^fuzz_//')
	if [ ! -d "$dir" ] || [ -z "$(ls -A "$dir")" ]; then
		echo "not ok - $dir: empty or missing corpus"
		return 0
	fi
	n=$(ls "$dir" | wc -l)
	if "$bin" -runs=0 "$dir"/* >/dev/null 2>"$log.fz"; then
		echo "ok - $(basename "$bin") replays $n inputs"
	else
		echo "not ok - $(basename "$bin") failed on its corpus"
		tail -30 "$log.fz"
	fi
	rm -f "$log.fz"
}
for f in "$B"/fuzz/fuzz_*; do
	[ -x "$f" ] || continue
	run_suite "fuzz/$(basename "$f")" fuzz_replay "$f"
done

# Integration tests: the real binaries against the emulators.
for s in tests/integration/t_*.sh; do
	[ -f "$s" ] || continue
	run_suite "integration/$(basename "$s" .sh)" sh "$s"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
