# SPDX-License-Identifier: GPL-3.0-or-later
# H4 boards: a stray 0x04 on the line right before the Reset's completion
# (hci-emu fault stray-byte) no longer swallows it, and the serial spec
# takes PATH[:BAUD][:noflow] with clear errors for what it cannot use.
. tests/integration/lib.sh
plan 9

emu_start tests/scenarios/minimal.json --fault stray-byte
run stray "$LS" scan --adapter "h4:unix:$SOCK" --duration 1 --json \
    --capture "$T/stray.btsnoop"
expect_rc stray 0 "scan through a stray byte before the Reset's completion"
check "stray: the lock was found" has_device "$T/stray.out"
timeout 30 btmon -r "$T/stray.btsnoop" >"$T/stray.txt" 2>&1
check "stray capture: the Reset's completion reached the host" \
    grep -q "Reset (0x03|0x0003) ncmd 1" "$T/stray.txt"

run fast "$LS" scan --adapter "h4:/dev/null:fast" --duration 1
expect_rc fast 64 "a baud rate that is not a number"
expect_err fast "bad baud rate 'fast'" "the error names the bad baud rate"
run odd "$LS" scan --adapter "h4:/dev/null:12345" --duration 1
expect_rc odd 64 "an unsupported baud rate"
# The spec parses; /dev/null is then refused as not a serial line.
run noflow "$LS" scan --adapter "h4:/dev/null:115200:noflow" --duration 1
expect_rc noflow 64 "PATH:BAUD:noflow parses"
expect_err noflow "/dev/null is not a serial line" \
    "noflow: the error is about the device, not the spec"
run dflt "$LS" scan --adapter "h4:/dev/null" --duration 1
expect_err dflt "/dev/null is not a serial line" \
    "no baud rate: the default is accepted"
