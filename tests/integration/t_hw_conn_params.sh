# SPDX-License-Identifier: GPL-3.0-or-later
# A lock whose link layer asks for new connection parameters a moment
# after connecting (LE Remote Connection Parameter Request): inspect
# answers it (Reply within the host's limits, Negative Reply with
# Unacceptable Connection Parameters otherwise) instead of leaving the
# lock to drop the link after its 40 s procedure timeout, and the
# capture shows the answer.
. tests/integration/lib.sh
plan 11

emu_start tests/scenarios/hardware.json -v

run nordic "$LS" inspect C4:7C:8D:6A:30:01 --adapter "h4:unix:$SOCK" \
    --json --capture "$T/nordic.btsnoop"
expect_rc nordic 0 "inspect of a lock that asks for 100 ms"
check "nordic: the model string was read" sh -c \
    "jq -se 'map(select(.type == \"device\")) | .[0].gatt.model.value ==
    \"NL-1\"' '$T/nordic.out' >/dev/null"
timeout 30 btmon -r "$T/nordic.btsnoop" >"$T/nordic.txt" 2>&1
check "nordic capture: the request reached the host" \
    grep -q "LE Remote Connection Parameter Request" "$T/nordic.txt"
check "nordic capture: LE Remote Connection Parameter Request Reply" \
    grep -q "LE Remote Connection Parameter Request Reply" \
    "$T/nordic.txt"
out=$(ctl "stats nordic-lock")
check "emulator: one reply, no refusal ($out)" sh -c \
    "echo '$out' | grep -q 'll_param_replied 1 ll_param_refused 0'"

run sleepy "$LS" inspect C4:7C:8D:6A:30:02 --adapter "h4:unix:$SOCK" \
    --json --capture "$T/sleepy.btsnoop"
expect_rc sleepy 0 "inspect of a lock that asks for 1 s"
timeout 30 btmon -r "$T/sleepy.btsnoop" >"$T/sleepy.txt" 2>&1
check "sleepy capture: Negative Reply" \
    grep -q "LE Remote Connection Parameter Request Negative Reply" \
    "$T/sleepy.txt"
check "sleepy capture: reason Unacceptable Connection Parameters" \
    grep -qi "Unacceptable Connection Parameters" "$T/sleepy.txt"
out=$(ctl "stats sleepy-lock")
check "emulator: one refusal ($out)" sh -c \
    "echo '$out' | grep -q 'll_param_replied 0 ll_param_refused 1'"
check "emulator log: refused with reason 0x3b" \
    grep -q "sleepy-lock: parameter request refused (reason 0x3b)" \
    "$T/emu.err"
check "emulator log: no link dropped for want of a reply" sh -c \
    "grep -q 'nordic-lock: connected' '$T/emu.err' &&
    ! grep -q 'no reply to the parameter request' '$T/emu.err'"
