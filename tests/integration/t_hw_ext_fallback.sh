# SPDX-License-Identifier: GPL-3.0-or-later
# A controller whose extended scanning gives no reports (hci-emu fault
# ext-scan-empty; it also refuses legacy commands after extended ones
# until a Reset, as the specification allows): the scan switches to
# legacy scanning after a few seconds of silence, through an HCI Reset,
# finds the lock and says so.
. tests/integration/lib.sh
plan 7

emu_start tests/scenarios/minimal.json --fault ext-scan-empty
run fb "$LS" scan --adapter "h4:unix:$SOCK" --duration 7 --json \
    --capture "$T/fb.btsnoop"
expect_rc fb 0 "scan on a controller with broken extended scanning"
check "fb: the lock was found" has_device "$T/fb.out"
check "fb: the summary says legacy" sh -c \
    "tail -n 1 '$T/fb.out' | jq -e '.scan_mode == \"legacy\" and
    .error == null' >/dev/null"
expect_err fb "switched to legacy scanning" "fb: a note says so"
timeout 30 btmon -r "$T/fb.btsnoop" >"$T/fb.txt" 2>&1
check "capture: extended scan, then Reset, then legacy scan" sh -c \
    "grep -E 'HCI Command: (LE Set Ext|LE Set Scan E|Reset)' \
    '$T/fb.txt' | awk '{ print \$4, \$5, \$6 }' | uniq |
    tr '\\n' '|' | grep -q 'LE Set Extended.*Reset (0x03|.*LE Set Scan'"

# A working controller stays on extended scanning, without the note.
emu_start tests/scenarios/minimal.json
run ok "$LS" scan --adapter "h4:unix:$SOCK" --duration 1 --json
check "working: extended scanning kept" sh -c \
    "tail -n 1 '$T/ok.out' | jq -e '.scan_mode == \"extended\"' >/dev/null"
check "working: no note" sh -c "! grep -q 'switched to legacy' '$T/ok.err'"
