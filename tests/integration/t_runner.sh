# SPDX-License-Identifier: GPL-3.0-or-later
# tests/run.sh can fail: fake suites (shell scripts in a fake tests
# tree, TESTS_DIR) go through the runner as make check runs real ones,
# and each is counted by the rules in run.sh's header: fewer results than
# planned, no plan, skips, a non-zero exit without "not ok", a death half
# way, a whole suite skipped, more results than planned, numbers out of
# order, a plan amid the results, "Bail out!", a "not ok", and an honest
# suite (its plan last, a "#" that is no directive).
. tests/integration/lib.sh
plan 21

F=$T/fake
mkdir -p "$F/integration"
RUN="env TESTS_DIR=$F B=$T/b tests/run.sh"

# fake NAME BODY: a suite tests/integration/t_NAME.sh of the fake tree.
fake() { printf '%s\n' "$2" >"$F/integration/t_$1.sh"; }
fake fewer 'echo 1..3; echo "ok 1 - a"; echo "ok 2 - b"'
fake noplan 'echo "ok 1 - a"; echo "ok 2 - b"'
fake skip 'echo 1..4; echo "ok 1 - a"; echo "ok 2 - b # SKIP no widget"
echo "ok 3 # skip no widget"; echo "not ok 4 # SKIP cmocka skips so"'
fake crash 'echo 1..2; echo "ok 1 - a"; echo "ok 2 - b"; exit 3'
fake dies 'echo 1..5; echo "ok 1 - a"; kill -9 $$; echo "ok 2 - b"'
fake skipall 'echo "1..0 # SKIP no tmux here"'
fake extra 'echo 1..1; echo "ok 1 - a"; echo "ok 2 - b"'
fake order 'echo 1..2; echo "ok 2 - b"; echo "ok 1 - a"'
fake middle 'echo "ok 1 - a"; echo 1..2; echo "ok 2 - b"'
fake bail 'echo 1..3; echo "ok 1 - a"; echo "Bail out! no emulator"; exit 1'
fake notok 'echo 1..3; echo "ok 1 - a"; echo "not ok 2 - b"; echo "ok 3 - c"
exit 0'
fake good 'echo "ok 1 - a"; echo "ok 2 - issue #12 fixed"; echo 1..2'

# The whole fake tree, two suites at a time, as make check would.
$RUN -j 2 >"$T/all.out" 2>&1
RC=$?
check "a run with failures exits non-zero ($RC)" [ "$RC" -ne 0 ]
# fewer 2/1/0, noplan 2/1/0, skip 1/0/3, crash 2/1/0, dies 1/4/0,
# skipall 0/0/1, extra 2/1/0, order 2/1/0, middle 2/1/0, bail 1/3/0,
# notok 2/1/0, good 2/0/0.
want="19 passed, 14 failed, 4 skipped"
last=$(tail -n 1 "$T/all.out")
check "the totals are the last line: [$last]" [ "$last" = "$want" ]
check "one log per suite in \$B/check" \
    [ "$(ls "$T/b/check/integration" | wc -l)" -eq 12 ]
$RUN >"$T/serial.out" 2>&1
check "one at a time, the same totals: [$(tail -n 1 "$T/serial.out")]" \
    [ "$(tail -n 1 "$T/serial.out")" = "$want" ]

# counted NAME PASSED FAILED SKIPPED STATUS NOTE: the summary of that
# suite's log alone ends with those totals; its line starts with STATUS
# (FAIL or ok) and names it; NOTE (a fixed string) is in the summary.
counted() {
	log=$T/b/check/integration/t_$1.log
	$RUN --summary "$log" >"$T/s_$1.out" 2>&1
	src=$?
	l=$(tail -n 1 "$T/s_$1.out")
	# The summary's exit status: 0 exactly when nothing failed.
	if [ "$3" -eq 0 ]; then want_rc=0; else want_rc=1; fi
	if [ "$l" = "$2 passed, $3 failed, $4 skipped" ] &&
	    grep -q "^$5 *integration/t_$1 " "$T/s_$1.out" &&
	    grep -qF -- "$6" "$T/s_$1.out" && [ $src -eq $want_rc ]; then
		ok "$1: $l ($5, '$6')"
	else
		not_ok "$1: got [$l] exit $src, want $2/$3/$4 $5 '$6'"
		sed 's/^/# /' "$T/s_$1.out"
	fi
}
counted fewer 2 1 0 FAIL "planned 3, ran 2: 1 missing"
counted noplan 2 1 0 FAIL "no plan"
counted skip 1 0 3 ok "skipped 2: no widget"
counted crash 2 1 0 FAIL "exited with status 3"
counted dies 1 4 0 FAIL "planned 5, ran 1: 4 missing"
counted skipall 0 0 1 ok "whole suite skipped: no tmux here"
counted extra 2 1 0 FAIL "planned 1, ran 2"
counted order 2 1 0 FAIL "result numbers out of order"
counted middle 2 1 0 FAIL "plan amid the results"
counted bail 1 3 0 FAIL "bailed out"
counted notok 2 1 0 FAIL "not ok 2 - b"
counted good 2 0 0 ok "integration/t_good"

# A log the runner never finished (no exit status line) fails.
head -n 3 "$T/b/check/integration/t_good.log" >"$T/cut.log"
$RUN --summary "$T/cut.log" >"$T/cut.out" 2>&1
check "a log without its exit status fails: [$(tail -n 1 "$T/cut.out")]" \
    sh -c "tail -n 1 '$T/cut.out' | grep -qx '2 passed, 1 failed, 0 skipped' &&
    grep -q 'no exit status: did not finish' '$T/cut.out'"
# A suite with no log at all fails, and so does a summary of nothing.
$RUN --summary "$T/b/check/integration/t_none.log" >"$T/nolog.out" 2>&1
check "a missing log is a failure" \
    sh -c "tail -n 1 '$T/nolog.out' | grep -qx '0 passed, 1 failed, 0 skipped'"
$RUN --summary >"$T/nothing.out" 2>&1
check "a summary of no logs is a failure" \
    sh -c "tail -n 1 '$T/nothing.out' | grep -qx '0 passed, 1 failed, 0 skipped'"

# Only honest suites, serially: exit 0, skips counted apart.
$RUN integration/t_good integration/t_skip integration/t_skipall \
    >"$T/clean.out" 2>&1
RC=$?
check "honest suites pass: exit $RC, [$(tail -n 1 "$T/clean.out")]" \
    sh -c "[ $RC -eq 0 ] &&
    tail -n 1 '$T/clean.out' | grep -qx '3 passed, 0 failed, 4 skipped'"
# A suite named but not there fails.
$RUN integration/t_absent unit/test_absent >"$T/absent.out" 2>&1
check "suites that do not exist fail: [$(tail -n 1 "$T/absent.out")]" \
    sh -c "tail -n 1 '$T/absent.out' | grep -qx '0 passed, 2 failed, 0 skipped'"
