# SPDX-License-Identifier: GPL-3.0-or-later
# A controller that reports Num_HCI_Command_Packets 0 and never frees a
# slot (hci-emu fault zero-credits): the command queued behind the Reset
# has a deadline from when it was queued, so scan and inspect end with a
# clear error and exit 69 instead of hanging, and nothing but the Reset
# was ever sent.
. tests/integration/lib.sh
plan 7

emu_start tests/scenarios/minimal.json --fault zero-credits

run scan "$LS" scan --adapter "h4:unix:$SOCK" --duration 5 \
    --capture "$T/scan.btsnoop"
expect_rc scan 69 "scan on a controller without command credits"
expect_err scan "allowed no HCI command for [0-9]+ ms" \
    "scan: the error says the controller allowed no command"
expect_err scan "Num_HCI_Command_Packets 0" \
    "scan: the error names Num_HCI_Command_Packets 0"
timeout 30 btmon -r "$T/scan.btsnoop" >"$T/btmon.txt" 2>&1
n=$(grep -c "HCI Command:" "$T/btmon.txt")
check "capture: only the Reset went out ($n commands)" sh -c \
    "[ '$n' -eq 1 ] && grep -q 'Reset (0x03|0x0003)' '$T/btmon.txt'"
check "capture: the Reset's completion grants 0 commands" \
    grep -q "Reset (0x03|0x0003) ncmd 0" "$T/btmon.txt"

run insp "$LS" inspect C0:11:22:33:44:55 --adapter "h4:unix:$SOCK"
expect_rc insp 69 "inspect on a controller without command credits"
expect_err insp "Num_HCI_Command_Packets 0" \
    "inspect: the error names Num_HCI_Command_Packets 0"
