# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope visit in batch mode with a lock that stops advertising
# mid-visit (hci-emu's "advertise DEVICE-ID off|on"): the session says on
# standard error which lock went silent and for how long, no radio
# verification passes while it is silent, and it says when the lock is
# heard again.  A lock not heard within --timeout: exit 69, the intake in
# the journal and the exact --resume command, which continues that visit.
# The screen's side is t_tui_field.sh.
. tests/integration/lib.sh
plan 15

SCN=tests/scenarios/visit.json
export LOCKSCOPE_PROFILES=profiles
export LOCKSCOPE_KEY="$T/no-such.key"
FRONT=C4:7C:8D:6A:12:01

emu_start "$SCN" || bail "hci-emu did not start on $SCN"
cat >"$T/ans.json" <<EOA
{"technician": "A. Smith", "site": "Rental unit 4B", "work_order": "WO-77",
 "symptoms": ["pairing-fails"],
 "ownership": {"verified": true, "method": "owner present with deed"},
 "remedy": "factory-reset", "remedy_reason": "owner asked for a reset",
 "steps": {"reset": {"result": "done"}, "enroll": {"result": "done"},
           "credentials": {"codes_active": 3, "result": "done"},
           "door-test": {"result": "pass"}, "closeout": {"result": "done"}}}
EOA
J=$T/out.json.journal
timeout -k 2 90 "$LS" visit --adapter "h4:unix:$SOCK" --device $FRONT \
    --batch "$T/ans.json" --out "$T/out.json" >"$T/out.out" \
    2>"$T/out.err" &
BPID=$!
if wait_until 30 grep -qs '"step-start".*"verify-reset-radio"' "$J"; then
	ok "batch: verify-reset waits for the radio"
else
	not_ok "batch: verify-reset never started"
fi
ctl_ok "advertise front-door off" || not_ok "emulator: advertise off"
if wait_until 30 grep -Eq "silent for [0-9]+ s" "$T/out.err"; then
	ok "batch: the silence is said on standard error"
else
	not_ok "batch: no silence on standard error"
	sed 's/^/# err: /' "$T/out.err"
fi
check "batch: the line names the lock" grep -Eq \
    "^lockscope visit: lock '.*' $FRONT silent for [0-9]+ s: radio checks" \
    "$T/out.err"
ctl_ok "state front-door factory" || not_ok "emulator: state factory"
sleep 2
check "batch: the verification does not pass while the lock is silent" \
    sh -c "! grep -q '\"step-finish\".*\"verify-reset-radio\"' '$J'"
ctl_ok "advertise front-door on" || not_ok "emulator: advertise on"
if wait_until 30 grep -qs '"step-start".*"verify-enroll-radio"' "$J"; then
	ctl_ok "state front-door initial" || not_ok "emulator: state initial"
fi
wait $BPID
check "batch: the lock heard again is said" grep -Eq \
    "^lockscope visit: lock '.*' $FRONT heard again" "$T/out.err"
check "batch: 'heard again' comes before the reset is seen" sh -c \
    "grep -n -e 'heard again' -e 'passed  *verify-reset-radio' '$T/out.err' |
    head -1 | grep -q 'heard again'"
check "batch: verify-reset passed once the lock was heard" \
    test "$(jq -r '.steps[] | select(.id == "verify-reset-radio") |
    .status' "$T/out.json")" = passed
check "batch: no code on standard error" sh -c \
    "! grep -q 'AdminPass' '$T/out.err'"

# The lock is not heard: the answers' intake is journaled for --resume.
ctl_ok "advertise front-door on" || not_ok "emulator: advertise on"
ctl_ok "state front-door initial" || not_ok "emulator: state initial"
ctl_ok "advertise front-door off" || not_ok "emulator: advertise off"
run lost "$LS" visit --adapter "h4:unix:$SOCK" --device $FRONT \
    --batch "$T/ans.json" --out "$T/lost.json" --timeout 2
expect_rc lost 69 "not heard: exit 69"
expect_err lost "not seen within 2 s" "not heard: says so"
expect_err lost "the intake is kept in $T/lost.json.journal; continue with:" \
    "not heard: the intake is kept"
expect_err lost "^  lockscope visit --adapter h4:unix:$SOCK --device $FRONT \
--out $T/lost.json --resume$" "not heard: the exact --resume command"
check "not heard: the journal holds the intake, no device" sh -c \
    "grep -q '\"technician\":\"A. Smith\"' '$T/lost.json.journal' &&
    ! grep -q '\"kind\":\"device\"' '$T/lost.json.journal'"
ctl_ok "advertise front-door on" || not_ok "emulator: advertise on"
# The command as printed, with the answers file.
cmdline=$(grep -A1 'continue with:' "$T/lost.err" | tail -1 |
    sed 's/^ *lockscope //')
# shellcheck disable=SC2086
timeout -k 2 60 "$LS" $cmdline --batch "$T/ans.json" >"$T/res.out" \
    2>"$T/res.err" &
BPID=$!
J=$T/lost.json.journal
if wait_until 30 grep -qs '"step-start".*"verify-reset-radio"' "$J"; then
	ctl_ok "state front-door factory"
	wait_until 30 grep -qs '"step-start".*"verify-enroll-radio"' "$J"
	ctl_ok "state front-door initial"
fi
wait $BPID
check "resume: the visit continues from the intake-only journal" \
    grep -q "resuming visit to $FRONT" "$T/res.err"
check "resume: one visit, its id kept, the report written" sh -c \
    "test \$(grep -c '\"kind\":\"visit-start\"' '$J') = 1 &&
    test \"\$(jq -r .visit.id '$T/lost.json')\" = \
    \"\$(grep '\"kind\":\"visit-start\"' '$J' |
    sed 's/.*\"id\":\"\\([0-9a-f]*\\)\".*/\\1/')\""
