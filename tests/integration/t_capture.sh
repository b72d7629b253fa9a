# SPDX-License-Identifier: GPL-3.0-or-later
# scan --capture writes the run's HCI traffic as btsnoop (H4, datalink
# 1002) that btmon reads without errors, from the first command on.
. tests/integration/lib.sh
plan 9

emu_start tests/scenarios/demo.json
run cap "$LS" scan --adapter "h4:unix:$SOCK" --duration 2 --json \
    --capture "$T/scan.btsnoop"
expect_rc cap 0 "scan --capture"
check "capture: btsnoop header, datalink 1002" sh -c \
    "head -c 16 '$T/scan.btsnoop' | od -An -tx1 | tr -d ' \\n' |
    grep -q '^6274736e6f6f700000000001000003ea$'"
timeout 30 btmon -r "$T/scan.btsnoop" >"$T/btmon.txt" 2>&1
RC=$?
check "capture: btmon -r reads it (exit $RC)" [ "$RC" -eq 0 ]
check "capture: starts with HCI Reset" sh -c \
    "grep -m1 'HCI Command' '$T/btmon.txt' | grep -q 'Reset (0x03|0x0003)'"
nev=$(grep -c "LE Extended Advertising Report" "$T/btmon.txt")
r=$(tail -n 1 "$T/cap.out" | jq .reports)
check "capture: every advertising report is in it ($nev events, $r reports)" \
    [ "$nev" -ge "$r" ]
check "capture: btmon finds nothing malformed" sh -c \
    "! grep -Eq 'invalid packet size|[Mm]alformed' '$T/btmon.txt'"
check "capture: summary names the file" sh -c \
    "tail -n 1 '$T/cap.out' | jq -en 'input | .capture == \"$T/scan.btsnoop\"' >/dev/null"

run nodir "$LS" scan --adapter "h4:unix:$SOCK" --duration 1 \
    --capture "$T/no/such/dir/x.btsnoop"
expect_rc nodir 74 "capture into a missing directory"
expect_err nodir "cannot create capture '.*x.btsnoop': No such file" \
    "capture error names the file and the cause"
