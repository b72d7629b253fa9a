# SPDX-License-Identifier: GPL-3.0-or-later
# Hostile or broken controllers: a clear error in bounded time, or a
# scan that still works through the noise.  Never a crash, never a hang
# (run() kills anything that takes over 30 s; the host's own limit is its
# 2 s command timeout).  No check reads the clock: the bound is shown by
# the host's own log (-vv), one HCI Reset and its timeout, not by timing
# the run, which a loaded machine would stretch.
. tests/integration/lib.sh
plan 14

for f in silent no-reset; do
	emu_start tests/scenarios/minimal.json --fault "$f"
	run "f_$f" "$LS" -vv scan --adapter "h4:unix:$SOCK" --duration 2
	expect_rc "f_$f" 69 "controller that never answers reset ($f)"
	expect_err "f_$f" "did not answer HCI Reset" "$f: message says so"
	# Gave up by its own timer: HCI Reset (0x0c03) was the only command
	# sent, it timed out once after 2000 ms, and nothing was retried.
	if [ "$(grep -c 'host: > command ' "$T/f_$f.err")" -eq 1 ] &&
	    grep -q 'host: > command 0x0c03 ' "$T/f_$f.err" &&
	    [ "$(grep -c 'no answer in ' "$T/f_$f.err")" -eq 1 ] &&
	    grep -q 'command 0x0c03: no answer in 2000 ms' "$T/f_$f.err"; then
		ok "$f: gave up after one HCI Reset and its 2 s timeout"
	else
		not_ok "$f: did not give up on its one 2 s command timeout"
		show "f_$f"
	fi
done

emu_start tests/scenarios/minimal.json --fault hangup
run hangup "$LS" scan --adapter "h4:unix:$SOCK" --duration 2
expect_rc hangup 69 "controller hangs up after reset"
expect_err hangup "adapter 'h4:unix:.*': " "hang-up: message names the adapter"

for f in garbage fragment; do
	emu_start tests/scenarios/demo.json --fault "$f"
	run "f_$f" "$LS" scan --adapter "h4:unix:$SOCK" --duration 3 --json
	expect_rc "f_$f" 0 "scan through '$f' from the controller"
	n=$(jq -s '[.[] | select(.type == "device")] | map(.address) |
	    unique | length' "$T/f_$f.out")
	want=$("$EMU" --scenario tests/scenarios/demo.json --list | wc -l)
	check "$f: every advertiser found ($n of $want)" [ "$n" -eq "$want" ]
done

# The emulator dies mid-scan (once the scan has reported a device):
# clear error, exit 69, summary printed.
emu_start tests/scenarios/demo.json
( wait_until 20 has_device "$T/died.out"; kill "$EMU_PID" ) &
run died "$LS" scan --adapter "h4:unix:$SOCK" --duration 25 --json
expect_rc died 69 "controller gone mid-scan"
check "mid-scan loss: summary carries the error" sh -c \
    "tail -n 1 '$T/died.out' | jq -en 'input | .type == \"summary\" and .error != null' >/dev/null"
EMU_PID=
