# SPDX-License-Identifier: GPL-3.0-or-later
# A controller that reports a Hardware Error in the middle of a scan and
# loses its state (hci-emu fault hardware-error): the host resets it,
# restores the event masks and the scan, and the scan goes on to the
# end instead of dying.
. tests/integration/lib.sh
plan 6

emu_start tests/scenarios/minimal.json --fault hardware-error -v
run hw "$LS" scan --adapter "h4:unix:$SOCK" --duration 2 --json \
    --capture "$T/hw.btsnoop"
expect_rc hw 0 "scan through a Hardware Error"
check "emulator: the Hardware Error was sent" \
    grep -q "fault hardware-error: Hardware Error sent" "$T/emu.err"
timeout 30 btmon -r "$T/hw.btsnoop" >"$T/hw.txt" 2>&1
check "capture: Hardware Error event" grep -q "Hardware Error" "$T/hw.txt"
n=$(grep -c "Reset (0x03|0x0003) ncmd" "$T/hw.txt")
check "capture: the controller was reset again ($n Reset completions)" \
    [ "$n" -ge 2 ]
# Reports after the Hardware Error prove the scan was restored.
after=$(awk '/Hardware Error/ { seen = 1 } seen && /Advertising Report/' \
    "$T/hw.txt" | wc -l)
check "capture: advertising reports after the recovery ($after)" \
    [ "$after" -ge 1 ]
check "summary: no error" sh -c \
    "tail -n 1 '$T/hw.out' | jq -e '.error == null and .devices == 1' \
    >/dev/null"
