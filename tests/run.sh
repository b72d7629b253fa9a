#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run.sh - run the test suites and count their TAP results: passed,
# failed and skipped, never one for another.
#
#   tests/run.sh [-j N] [SUITE...]  run the suites (default: all), N at a
#                                   time (default 1), then the summary
#   tests/run.sh --list             every suite's name
#   tests/run.sh --suite NAME [LOG] run one suite: its output and exit
#                                   status into LOG ($B/check/NAME.log)
#   tests/run.sh --summary LOG...   count logs: a line per suite, then
#                                   "N passed, N failed, N skipped" last
#
# "make check" builds, runs one --suite per make job (build/check/), then
# --summary.  Run after "make all tests fuzz"; suites run from the top of
# the tree (relative LOG paths are the caller's).  TESTS_VERBOSE=1 shows
# every line of every log;
# TESTS_TIMEOUT (seconds, default 900) bounds each suite.
#
# Suites: unit/test_* (a cmocka program, CMOCKA_MESSAGE_OUTPUT=TAP),
# fuzz/fuzz_* (a harness replaying its corpus, tests/fuzz/corpus/NAME),
# integration/t_* (tests/integration/t_*.sh) and check-layers.  A suite
# named but not built fails.  TESTS_DIR (default tests) is where the
# suites are found; the runner's self-test (t_runner.sh) points it at
# fake suites.
#
# Each suite prints TAP: a plan "1..N" and results "ok N - ..." or
# "not ok N - ...".  Plans are fixed before the checks run: cmocka knows
# its test table; every integration script calls plan() from lib.sh at
# its start, with a constant or a number taken from its inputs (the
# files or devices a loop walks), never from the results it printed.
# The runner then holds each suite to its plan:
#
#   passed   "ok" results without a SKIP directive
#   skipped  results with a "# SKIP" directive ("ok" or "not ok", as
#            cmocka writes its skips), and one per "1..0 # SKIP" plan
#            (a whole suite skipped is never invisible); a suite that
#            cannot run prints its plan and one skip per planned check
#   failed   "not ok" results without a SKIP directive, plus
#            - every planned result that never came (a suite that dies
#              half way fails by what it did not run), plus
#            - one for each fault of the stream: no plan, more than one
#              plan, a plan amid the results, more results than planned,
#              result numbers out of order, "Bail out!", or no exit
#              status recorded (the suite did not finish), plus
#            - one when the suite exits non-zero and nothing else failed
#              (a crash is never silent; cmocka's exit status is its
#              count of failures, already counted).
#
# "# TODO" is not honoured: a "not ok ... # TODO" is a failure.
set -u
SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
HERE=$(pwd)
cd "$(dirname "$SELF")/.." || exit 1
B=${B:-build}
TESTS_DIR=${TESTS_DIR:-tests}
MARK='#@run.sh'

# abs PATH: PATH as the caller meant it.
abs() {
	case $1 in
	/*) echo "$1" ;;
	*) echo "$HERE/$1" ;;
	esac
}

usage() {
	echo "usage: tests/run.sh [-j N] [SUITE...] | --list |" \
	    "--suite NAME [LOG] | --summary LOG..." >&2
	exit 64
}

# The suites, in the order make starts them: the integration scripts
# (the slow ones) first.
list_suites() {
	for f in "$TESTS_DIR"/integration/t_*.sh; do
		[ -f "$f" ] && echo "integration/$(basename "$f" .sh)"
	done
	for f in "$TESTS_DIR"/fuzz/fuzz_*.c; do
		[ -f "$f" ] && echo "fuzz/$(basename "$f" .c)"
	done
	for f in "$TESTS_DIR"/unit/test_*.c; do
		[ -f "$f" ] && echo "unit/$(basename "$f" .c)"
	done
	if [ -f "$TESTS_DIR/check-layers.sh" ]; then
		echo check-layers
	fi
}

# not_built WHAT: the TAP of a suite whose program is missing.
not_built() {
	echo "1..1"
	echo "not ok 1 - $1 is not built (make tests fuzz)"
}

# fuzz_replay BIN: every seed and every former crash of the corpus.
fuzz_replay() {
	bin=$1
	name=$(basename "$bin")
	dir=$TESTS_DIR/fuzz/corpus/${name#fuzz_}
	echo "1..1"
	if [ ! -x "$bin" ]; then
		echo "not ok 1 - $bin is not built (make fuzz)"
	elif [ ! -d "$dir" ] || [ -z "$(ls -A "$dir")" ]; then
		echo "not ok 1 - $dir: empty or missing corpus"
	else
		n=$(ls "$dir" | wc -l)
		err=$(mktemp)
		if "$bin" -runs=0 "$dir"/* >/dev/null 2>"$err"; then
			echo "ok 1 - $name replays $n inputs"
		else
			echo "not ok 1 - $name failed on its corpus"
			tail -30 "$err" | sed 's/^/# /'
		fi
		rm -f "$err"
	fi
}

# exec_suite NAME: the suite's own output (TAP) and exit status.
exec_suite() {
	case $1 in
	unit/*)
		bin=$B/tests/${1#unit/}
		[ -x "$bin" ] || { not_built "$bin"; return 1; }
		export CMOCKA_MESSAGE_OUTPUT=TAP
		exec "$bin" ;;
	fuzz/*)
		fuzz_replay "$B/fuzz/${1#fuzz/}" ;;
	integration/*)
		exec sh "$TESTS_DIR/$1.sh" ;;
	check-layers)
		exec sh "$TESTS_DIR/check-layers.sh" ;;
	*)
		echo "1..1"
		echo "not ok 1 - no suite named '$1'"
		return 1 ;;
	esac
}

# run_suite NAME LOG: run it (stdin closed, time bounded), then append
# the exit status; a log without that line did not finish.
run_suite() {
	name=$1
	log=$2
	lim=${TESTS_TIMEOUT:-900}
	mkdir -p "$(dirname "$log")"
	t0=$(date +%s)
	timeout -k 10 "$lim" "$SELF" --exec "$name" </dev/null >"$log" 2>&1
	rc=$?
	t1=$(date +%s)
	# The marker goes on a line of its own.
	if [ -s "$log" ] && [ -n "$(tail -c 1 "$log")" ]; then
		echo >>"$log"
	fi
	if [ $((t1 - t0)) -ge "$lim" ]; then
		echo "# run.sh: $name stopped after $lim s (TESTS_TIMEOUT)" \
		    >>"$log"
	fi
	echo "$MARK suite=$name exit=$rc seconds=$((t1 - t0))" >>"$log"
}

# count LOG: one line "NAME<TAB>PASSED<TAB>FAILED<TAB>SKIPPED<TAB>SECONDS
# <TAB>NOTES" by the rules in the header.
count() {
	awk -v mark="$MARK" -v file="$1" '
	BEGIN { plans = 0; plan = -1; plan_at = -1; res = 0; p = 0; f = 0
		s = 0; order = 0; bail = 0; skipall = ""; rc = ""; secs = ""
		name = file; sub(/^.*\/check\//, "", name); sub(/\.log$/, "", name)
	}
	index($0, mark " ") == 1 {
		for (i = 2; i <= NF; i++) {
			split($i, kv, "=")
			if (kv[1] == "suite") name = kv[2]
			else if (kv[1] == "exit") rc = kv[2]
			else if (kv[1] == "seconds") secs = kv[2]
		}
		next
	}
	/^1\.\.[0-9]+([ \t]|$)/ {
		plans++
		if (plans == 1) {
			n = $0; sub(/^1\.\./, "", n); sub(/[^0-9].*$/, "", n)
			plan = n + 0
			plan_at = res
			if (plan == 0 && match($0, /#[ \t]*[Ss][Kk][Ii][Pp]/)) {
				skipall = substr($0, RSTART + RLENGTH)
				sub(/^[^ \t]*[ \t]*/, "", skipall)
				if (skipall == "") skipall = "skipped"
			}
		}
		next
	}
	/^Bail out!/ { bail = 1; next }
	/^(not )?ok([ \t]|$)/ {
		res++
		num = ($1 == "not") ? $3 : $2
		if (num ~ /^[0-9]+$/ && num + 0 != res) order = 1
		line = $0
		if ((k = index(line, "#")) > 0 &&
		    substr(line, k + 1) ~ /^[ \t]*[Ss][Kk][Ii][Pp]/)
			s++
		else if ($1 == "not")
			f++
		else
			p++
		next
	}
	function note(t) { notes = notes (notes == "" ? "" : "; ") t }
	END {
		notes = ""
		if (plans == 0) { f++; note("no plan") }
		else {
			if (plans > 1) { f++; note(plans " plans") }
			if (plan_at > 0 && plan_at < res) {
				f++; note("plan amid the results")
			}
			if (res < plan) {
				f += plan - res
				note("planned " plan ", ran " res ": " \
				    plan - res " missing")
			} else if (res > plan) {
				f++; note("planned " plan ", ran " res)
			}
		}
		if (order) { f++; note("result numbers out of order") }
		if (bail) { f++; note("bailed out") }
		if (skipall != "") { s++; note("whole suite skipped: " skipall) }
		if (rc == "") { f++; note("no exit status: did not finish") }
		else if (rc != 0 && f == 0) { f++; note("exited with status " rc) }
		printf "%s\t%d\t%d\t%d\t%s\t%s\n", name, p, f, s, secs, notes
	}' "$1"
}

# summary LOG...: a line per suite (failures with their output, skips
# with their reasons), then the totals, last.  Exit 1 when any failed.
summary() {
	pass=0 fail=0 skip=0
	if [ $# -eq 0 ]; then
		echo "FAIL no test logs"
		fail=1
	fi
	for log in "$@"; do
		if [ ! -f "$log" ]; then
			printf 'FAIL %-32s no log (%s)\n' "${log##*/}" "$log"
			fail=$((fail + 1))
			continue
		fi
		line=$(count "$log")
		name=$(printf '%s\n' "$line" | cut -f1)
		p=$(printf '%s\n' "$line" | cut -f2)
		f=$(printf '%s\n' "$line" | cut -f3)
		s=$(printf '%s\n' "$line" | cut -f4)
		secs=$(printf '%s\n' "$line" | cut -f5)
		notes=$(printf '%s\n' "$line" | cut -f6)
		pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
		what="$p passed"
		[ "$f" -gt 0 ] && what="$what, $f failed"
		[ "$s" -gt 0 ] && what="$what, $s skipped"
		[ -n "$secs" ] && what="$what  ($secs s)"
		if [ "$f" -gt 0 ]; then
			printf 'FAIL %-32s %s\n' "$name" "$what"
			[ -n "$notes" ] && echo "    $name: $notes"
			grep -Ev "^ok([ 	]|\$)|^$MARK " "$log" | tail -40 |
			    sed 's/^/    /'
			continue
		fi
		printf 'ok   %-32s %s\n' "$name" "$what"
		[ -n "$notes" ] && echo "    $notes"
		if [ "${TESTS_VERBOSE:-0}" = 1 ]; then
			grep -v "^$MARK " "$log" | sed 's/^/    /'
		elif [ "$s" -gt 0 ]; then
			grep -E '^(not )?ok([ 	]|$)[^#]*#[ 	]*[Ss][Kk][Ii][Pp]' \
			    "$log" | sed 's/^[^#]*#[ 	]*[^ 	]*[ 	]*//' |
			    sort | uniq -c |
			    sed 's/^ *\([0-9]*\) \(.*\)/    skipped \1: \2/'
		fi
	done
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
}

case ${1:-} in
--list)
	[ $# -eq 1 ] || usage
	list_suites
	exit 0 ;;
--exec)
	[ $# -eq 2 ] || usage
	exec_suite "$2"
	exit $? ;;
--suite)
	[ $# -eq 2 ] || [ $# -eq 3 ] || usage
	if [ $# -eq 3 ]; then
		run_suite "$2" "$(abs "$3")"
	else
		run_suite "$2" "$B/check/$2.log"
	fi
	exit 0 ;;
--summary)
	shift
	for log in "$@"; do
		set -- "$@" "$(abs "$log")"
		shift
	done
	summary "$@"
	exit $? ;;
esac

jobs=1
while [ $# -gt 0 ]; do
	case $1 in
	-j) [ $# -ge 2 ] || usage; jobs=$2; shift 2 ;;
	-j*) jobs=${1#-j}; shift ;;
	-*) usage ;;
	*) break ;;
	esac
done
case $jobs in
'' | *[!0-9]* | 0) usage ;;
esac
if [ $# -gt 0 ]; then
	suites=$*
else
	suites=$(list_suites)
fi
logs=
for s in $suites; do
	rm -f "$B/check/$s.log"
	logs="$logs $B/check/$s.log"
done
# One runner per suite, $jobs at a time; the summary reads their logs.
printf '%s\n' $suites | xargs -r -P "$jobs" -n 1 "$SELF" --suite
# shellcheck disable=SC2086
summary $logs
