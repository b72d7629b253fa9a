# SPDX-License-Identifier: GPL-3.0-or-later
# Hostile or broken controllers: a clear error in bounded time, or a
# scan that still works through the noise.  Never a crash, never a hang
# (run() kills anything that takes over 30 s; the host's own limit is a
# few seconds).
. tests/integration/lib.sh
plan 14

for f in silent no-reset; do
	emu_start tests/scenarios/minimal.json --fault "$f"
	t0=$(date +%s)
	run "f_$f" "$LS" scan --adapter "h4:unix:$SOCK" --duration 2
	t1=$(date +%s)
	expect_rc "f_$f" 69 "controller that never answers reset ($f)"
	expect_err "f_$f" "did not answer HCI Reset" "$f: message says so"
	check "$f: gave up within 10 s" [ $((t1 - t0)) -le 10 ]
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

# The emulator dies mid-scan: clear error, exit 69, summary printed.
emu_start tests/scenarios/demo.json
( sleep 1; kill "$EMU_PID" ) &
run died "$LS" scan --adapter "h4:unix:$SOCK" --duration 5 --json
expect_rc died 69 "controller gone mid-scan"
check "mid-scan loss: summary carries the error" sh -c \
    "tail -n 1 '$T/died.out' | jq -e '.type == \"summary\" and .error != null' >/dev/null"
EMU_PID=
