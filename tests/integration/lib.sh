# SPDX-License-Identifier: GPL-3.0-or-later
# lib.sh - helpers for integration tests: TAP output, the emulator, and
# bounded runs of the real binaries.  Sourced by t_*.sh; run from the top
# of the tree.  Every script states its plan first (plan N); whatever it
# creates lives in its own $T (mktemp -d), so scripts run side by side.
B=${B:-build}
LS=$B/lockscope
EMU=$B/hci-emu
T=$(mktemp -d "${TMPDIR:-/tmp}/lockscope-test.XXXXXX")
# A visit adds its report to the service records: never the user's.
export LOCKSCOPE_DB="$T/records.db"
TAP_N=0
TAP_PLAN=0
EMU_PID=
# What every script does at exit; a script that sets its own EXIT trap
# ends it with lib_exit.
lib_exit() {
	emu_stop
	ndjson_validate_kept
	rm -rf "$T"
}
trap lib_exit EXIT
# Killed (tests/run.sh's time limit, Ctrl-C): the EXIT trap still cleans.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# plan N: the script makes N checks.  Called once, before the first
# check, with a constant or a count of the inputs a loop walks (files,
# devices of a scenario), never with a count of results already printed:
# tests/run.sh fails a script whose results fall short of its plan, so
# one that stops half way fails by what it did not run.
plan() {
	TAP_PLAN=$1
	echo "1..$1"
}

ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $*"; }
not_ok() { TAP_N=$((TAP_N + 1)); echo "not ok $TAP_N - $*"; }

# skip N REASON: N checks that cannot run here, each reported skipped
# (counted as skipped, never as passed).
skip() {
	_skip_i=0
	while [ "$_skip_i" -lt "$1" ]; do
		TAP_N=$((TAP_N + 1))
		echo "ok $TAP_N # SKIP $2"
		_skip_i=$((_skip_i + 1))
	done
}

# skip_all REASON: none of the checks left can run here: each is
# reported skipped, and the script ends.
skip_all() {
	skip $((TAP_PLAN - TAP_N)) "$1"
	exit 0
}

# bail REASON: stop here; the planned checks not run count as failed.
bail() {
	echo "Bail out! $*"
	exit 1
}
# check DESCRIPTION COMMAND...: ok when the command succeeds.
check() {
	d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}

# wait_until SECONDS COMMAND...: poll (every 0.05 s) until the command
# succeeds, at most SECONDS; false when it never did.  Waits are bounds
# generous enough for a loaded machine, never what a check asserts.
wait_until() {
	_wu_n=$(($1 * 20))
	shift
	_wu_i=0
	until "$@"; do
		_wu_i=$((_wu_i + 1))
		[ "$_wu_i" -gt "$_wu_n" ] && return 1
		sleep 0.05
	done
}

# emu_start SCENARIO [hci-emu options...]: serve it on $SOCK.
emu_start() {
	emu_stop
	SOCK=$T/emu.sock
	CTL=$T/ctl.sock
	rm -f "$SOCK" "$CTL"
	scn=$1
	shift
	"$EMU" --scenario "$scn" --listen "unix:$SOCK" --control "unix:$CTL" \
	    --seed 1 "$@" 2>"$T/emu.err" &
	EMU_PID=$!
	_es_i=0
	while [ ! -S "$SOCK" ]; do
		_es_i=$((_es_i + 1))
		if [ $_es_i -gt 400 ] || ! kill -0 "$EMU_PID" 2>/dev/null; then
			echo "# hci-emu did not start:"
			sed 's/^/# /' "$T/emu.err"
			return 1
		fi
		sleep 0.05
	done
}

# ctl LINE: send one line to the emulator's control socket ($CTL) and
# print its reply.  ctl_ok LINE: quiet; true when the reply is "ok".
ctl() { printf '%s\n' "$1" | socat -t 2 - "UNIX-CONNECT:$CTL"; }
ctl_ok() { test "$(ctl "$1")" = ok; }

# has_device FILE: FILE holds a device line (scan --json writes each as
# it comes).
has_device() { grep -q '"type":"device"' "$1" 2>/dev/null; }

# Stop the emulator; a sanitizer report from it is a failure.
emu_stop() {
	if [ -n "$EMU_PID" ]; then
		kill "$EMU_PID" 2>/dev/null
		wait "$EMU_PID" 2>/dev/null
		EMU_PID=
	fi
	if [ -f "$T/emu.err" ] && grep -q 'Sanitizer' "$T/emu.err"; then
		not_ok "hci-emu: sanitizer report"
		sed 's/^/# /' "$T/emu.err" | head -20
		rm -f "$T/emu.err"
	fi
}

# run NAME CMD...: run with a hard time limit; stdout in $T/NAME.out,
# stderr in $T/NAME.err, exit status in $RC.  The NDJSON of a --json
# run of scan, replay, inspect or nfc that ended by itself is kept for
# ndjson_validate_kept.
run() {
	name=$1
	shift
	timeout -k 2 30 "$@" >"$T/$name.out" 2>"$T/$name.err"
	RC=$?
	_run_cmd=
	_run_json=
	for _run_a in "$@"; do
		case $_run_a in
		scan|replay|inspect|nfc)
			[ -z "$_run_cmd" ] && _run_cmd=$_run_a ;;
		--json|-j) _run_json=1 ;;
		esac
	done
	if [ -n "$_run_cmd" ] && [ -n "$_run_json" ] && [ "$RC" -ne 124 ] &&
	    [ "$RC" -lt 128 ]; then
		ndjson_keep "$T/$name.out"
	fi
}

# ndjson_keep FILE: keep a copy of FILE, NDJSON from lockscope, for
# ndjson_validate_kept (for output a script captured itself).
NDJSON_KEPT=$T/ndjson-kept
_nk_n=0
ndjson_keep() {
	mkdir -p "$NDJSON_KEPT"
	_nk_n=$((_nk_n + 1))
	cp "$1" "$NDJSON_KEPT/$_nk_n-${1##*/}"
}

# At exit: every kept NDJSON line must validate against the shipped
# schemas (schemas/ndjson, tests/validate-ndjson).  Silent when they
# do; a failure is one more "not ok" (more results than planned also
# fails the script), with the lines that broke the schema.
ndjson_validate_kept() {
	[ -d "$NDJSON_KEPT" ] || return 0
	if tests/validate-ndjson "$NDJSON_KEPT"/* >"$T/ndjson-kept.log" 2>&1
	then
		return 0
	fi
	not_ok "NDJSON output of this script validates against schemas/ndjson"
	sed -e "s|$NDJSON_KEPT/||" -e "s/^/# /" "$T/ndjson-kept.log" | head -20
}

# show NAME: print the captured output as TAP comments (for failures).
show() {
	sed 's/^/# out: /' "$T/$1.out" | head -20
	sed 's/^/# err: /' "$T/$1.err" | head -20
}

# expect_rc NAME WANT DESCRIPTION
expect_rc() {
	if [ "$RC" -eq "$2" ]; then
		ok "$3 (exit $RC)"
	else
		not_ok "$3: exit $RC, want $2"
		show "$1"
	fi
}

# expect_err NAME REGEX DESCRIPTION: stderr matches.
expect_err() {
	if grep -Eq "$2" "$T/$1.err"; then
		ok "$3"
	else
		not_ok "$3: stderr does not match /$2/"
		show "$1"
	fi
}

# opts_check_page CMD [PAGE]: the long options in "lockscope CMD --help"
# are exactly those of the command's own man page (man/lockscope-CMD.1 by
# default: its SYNOPSIS and its whole text), curl's habit of keeping help,
# man page and code in step.  For commands documented in their own page.
opts_check_page() {
	cmd=$1
	page=${2:-man/lockscope-$1.1}
	"$LS" "$cmd" --help >"$T/h_$cmd.out" 2>&1
	o_help=$(grep -Eo -- '--[a-z][a-z0-9-]+' "$T/h_$cmd.out" |
	    grep -v -- '^--help$' | sort -u | tr '\n' ' ')
	o_man=$(grep -Eo 'Fl -[a-z][a-z0-9-]+' "$page" | sed 's/^Fl /-/' |
	    grep -v -- '^--help$' | sort -u | tr '\n' ' ')
	o_syn=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$page" |
	    grep -Eo 'Fl -[a-z][a-z0-9-]+' | sed 's/^Fl /-/' |
	    grep -v -- '^--help$' | sort -u | tr '\n' ' ')
	if [ "$o_help" = "$o_man" ]; then
		ok "$cmd options: --help and $page agree"
	else
		not_ok "$cmd options differ: help [$o_help] $page [$o_man]"
	fi
	if [ "$o_help" = "$o_syn" ]; then
		ok "$cmd options: --help and $page SYNOPSIS agree"
	else
		not_ok "$cmd options differ: help [$o_help] synopsis [$o_syn]"
	fi
}
