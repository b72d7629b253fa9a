# SPDX-License-Identifier: GPL-3.0-or-later
# A controller without a public address (Read BD_ADDR gives
# 00:00:00:00:00:00, as Zephyr's do; hci-emu --address
# 00:00:00:00:00:00): bring-up sets a static random address with LE Set
# Random Address, and scan and inspect use own address type random.
. tests/integration/lib.sh
plan 8

emu_start tests/scenarios/inspect-lock.json --address 00:00:00:00:00:00
run scan "$LS" scan --adapter "h4:unix:$SOCK" --duration 1 --json \
    --capture "$T/scan.btsnoop"
expect_rc scan 0 "scan on a controller without a public address"
check "scan: devices found" has_device "$T/scan.out"
timeout 30 btmon -r "$T/scan.btsnoop" >"$T/scan.txt" 2>&1
check "capture: LE Set Random Address, static" sh -c \
    "grep -A1 'HCI Command: LE Set Random Address' '$T/scan.txt' |
    grep -q 'Static'"
check "capture: the scan uses own address type random" sh -c \
    "grep -A1 'HCI Command: LE Set Extended Scan Param' \
    '$T/scan.txt' | grep -q 'Own address type: Random'"

run insp "$LS" inspect C4:7C:8D:6A:12:02 --adapter "h4:unix:$SOCK" \
    --json --capture "$T/insp.btsnoop"
expect_rc insp 0 "inspect on a controller without a public address"
timeout 30 btmon -r "$T/insp.btsnoop" >"$T/insp.txt" 2>&1
check "inspect capture: the connection uses own address type random" sh -c \
    "grep -A4 'HCI Command: LE Extended Create Conn' \
    '$T/insp.txt' | grep -q 'Own address type: Random'"

# A controller with a public address keeps using it.
emu_start tests/scenarios/minimal.json
run pub "$LS" scan --adapter "h4:unix:$SOCK" --duration 1 \
    --capture "$T/pub.btsnoop"
expect_rc pub 0 "scan on a controller with a public address"
timeout 30 btmon -r "$T/pub.btsnoop" >"$T/pub.txt" 2>&1
check "public: no LE Set Random Address" sh -c \
    "grep -q 'HCI Command: LE Set Extended Scan' '$T/pub.txt' &&
    ! grep -q 'HCI Command: LE Set Random Address' '$T/pub.txt'"
