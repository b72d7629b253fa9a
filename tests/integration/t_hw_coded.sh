# SPDX-License-Identifier: GPL-3.0-or-later
# A lock heard only on the LE Coded PHY (hci-emu scenario "phy": "coded"):
# scan shows it, and inspect connects on Coded (the PHY it was heard on)
# instead of timing out on LE 1M; a 1M lock still connects on 1M.
. tests/integration/lib.sh
plan 9

emu_start tests/scenarios/hardware.json -v
run scan "$LS" scan --adapter "h4:unix:$SOCK" --duration 1 --json \
    --capture "$T/scan.btsnoop"
expect_rc scan 0 "scan with a Coded-only lock around"
check "scan: the Coded lock is listed" sh -c \
    "jq -se 'map(select(.type == \"device\" and
    .address == \"C4:7C:8D:6A:30:04\" and .name == \"Coded Lock\")) |
    length > 0' '$T/scan.out' >/dev/null"
timeout 30 btmon -r "$T/scan.btsnoop" >"$T/scan.txt" 2>&1
check "scan capture: reports with primary PHY LE Coded" \
    grep -q "Primary PHY: LE Coded" "$T/scan.txt"

run coded "$LS" inspect C4:7C:8D:6A:30:04 --adapter "h4:unix:$SOCK" \
    --json --capture "$T/coded.btsnoop"
expect_rc coded 0 "inspect of the Coded-only lock"
check "coded: the model string was read" sh -c \
    "jq -se 'map(select(.type == \"device\")) | .[0].gatt.model.value ==
    \"CL-1\"' '$T/coded.out' >/dev/null"
timeout 30 btmon -r "$T/coded.btsnoop" >"$T/coded.txt" 2>&1
check "coded capture: the connection is initiated on LE Coded" sh -c \
    "grep -A6 'HCI Command: LE Extended Create Conn' '$T/coded.txt' |
    grep -q 'Entry 0: LE Coded'"
check "emulator: no initiation on a PHY it does not use" sh -c \
    "grep -q 'coded-lock: connected' '$T/emu.err' &&
    ! grep -q 'initiating on a PHY it does not advertise on' '$T/emu.err'"

run onem "$LS" inspect C4:7C:8D:6A:30:01 --adapter "h4:unix:$SOCK" \
    --json --capture "$T/onem.btsnoop"
expect_rc onem 0 "inspect of a 1M lock"
timeout 30 btmon -r "$T/onem.btsnoop" >"$T/onem.txt" 2>&1
check "1M capture: the connection is initiated on LE 1M" sh -c \
    "grep -A6 'HCI Command: LE Extended Create Conn' '$T/onem.txt' |
    grep -q 'Entry 0: LE 1M'"
