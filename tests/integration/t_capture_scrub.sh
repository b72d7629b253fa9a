# SPDX-License-Identifier: GPL-3.0-or-later
# Captures keep no vendor secret (issue 18 item 6): inspect --capture of
# a lock writes a 0600 btsnoop file from which replay still reads the
# standard characteristics; --capture-raw says on standard error that
# it keeps everything, and goes only with --capture.  Which bytes are
# zeroed (notifications, reads, writes of vendor handles, fragments) is
# checked byte by byte in unit/test_capture_scrub.
. tests/integration/lib.sh
plan 9

SCN=tests/scenarios/inspect-lock.json
DOOR=C4:7C:8D:6A:12:01

emu_start "$SCN" || bail "hci-emu did not start on $SCN"
run cap "$LS" inspect $DOOR --adapter "h4:unix:$SOCK" --json \
    --capture "$T/c.btsnoop"
expect_rc cap 0 "inspect --capture"
check "the capture is mode 0600" test "$(stat -c %a "$T/c.btsnoop")" = 600
check "no notice of a raw capture by default" \
    sh -c "! grep -q capture-raw '$T/cap.err'"
run rep "$LS" replay --json "$T/c.btsnoop"
expect_rc rep 0 "replay opens the scrubbed capture"
check "the standard values survive: manufacturer and battery" \
    sh -c "grep '\"final\":true' '$T/rep.out' | grep '$DOOR' |
    grep -q 'Acme Locks'"
run raw "$LS" inspect $DOOR --adapter "h4:unix:$SOCK" --json \
    --capture "$T/r.btsnoop" --capture-raw
expect_rc raw 0 "inspect --capture --capture-raw"
expect_err raw "capture-raw: the capture keeps every byte" \
    "--capture-raw says so on standard error"
run rawonly "$LS" inspect $DOOR --adapter "h4:unix:$SOCK" --capture-raw
expect_rc rawonly 64 "--capture-raw without --capture: usage"
run scanraw "$LS" scan --adapter "h4:unix:$SOCK" --duration 1 --json \
    --capture "$T/s.btsnoop" --capture-raw
expect_err scanraw "capture-raw" "scan --capture-raw says so too"
