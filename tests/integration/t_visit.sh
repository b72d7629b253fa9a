# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope visit in batch mode against hci-emu: the whole checklist
# verified over the radio (paired -> setting mode -> paired), the
# ownership and power gates, SIGKILL then --resume, bad answers, a lock
# that is not there, and the report verifying.  The lock's state changes
# come from the emulator's control socket, so nothing depends on timing.
. tests/integration/lib.sh
plan 52

SCN=tests/scenarios/visit.json
export LOCKSCOPE_PROFILES=profiles
export LOCKSCOPE_KEY="$T/no-such.key"
FRONT=C4:7C:8D:6A:12:01
FLAT=C4:7C:8D:6A:12:02
STUCK=C4:7C:8D:6A:12:03
DEAF=C4:7C:8D:6A:12:04


answers() {
	cat >"$T/$1.json" <<EOA
{"technician": "A. Smith", "site": "Rental unit 4B", "work_order": "WO-77",
 "symptoms": ["pairing-fails"],
 "ownership": {"verified": $2, "method": "owner present with deed"},
 "remedy": "factory-reset",
 "remedy_reason": "previous owner unreachable; the owner asked for a reset",
 "steps": {"reset": {"result": "done"}, "enroll": {"result": "done"},
           "credentials": {"codes_active": 3, "result": "done"},
           "door-test": {"result": "pass", "note": "bolt aligned"},
           "closeout": {"result": "done"}}}
EOA
}

# wait_for FILE REGEX: until FILE matches (at most 20 s).
wait_for() {
	i=0
	while ! grep -Eq "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 400 ] && return 1
		sleep 0.05
	done
}

# visit_bg NAME ARGS...: a visit in the background; pid in $VPID.
visit_bg() {
	n=$1
	shift
	timeout -k 2 60 "$LS" visit --adapter "h4:unix:$SOCK" "$@" \
	    >"$T/$n.out" 2>"$T/$n.err" &
	VPID=$!
}

# step_status REPORT ID
step_status() {
	jq -r --arg id "$2" '.steps[] | select(.id == $id) | .status' "$1"
}

answers ok true
answers noown false

# 1. The whole visit: the lock leaves pairing and comes back.
emu_start "$SCN" || bail "hci-emu did not start on $SCN"
visit_bg full --device $FRONT --batch "$T/ok.json" --out "$T/full.json" \
    --capture "$T/full.btsnoop"
if wait_for "$T/full.err" "verify-reset-radio|reset-lock"; then
	wait_for "$T/full.json.journal" '"step-start".*"verify-reset-radio"'
	ctl_ok "state front-door factory"
	wait_for "$T/full.json.journal" '"step-start".*"verify-enroll-radio"'
	ctl_ok "state front-door initial"
fi
wait $VPID
RC=$?
expect_rc full 0 "visit: every phase passes (paired -> setting mode -> paired)"
check "visit: report says completed" \
    test "$(jq -r .outcome.result "$T/full.json")" = completed
check "visit: verify-reset seen over the radio" \
    test "$(step_status "$T/full.json" verify-reset-radio)" = passed
check "visit: verify-enroll seen over the radio" \
    test "$(step_status "$T/full.json" verify-enroll-radio)" = passed
check "visit: every step passed" \
    test "$(jq '[.steps[] | select(.status != "passed" and
    .skip_reason != "not-applicable")] | length' \
    "$T/full.json")" = 0
check "visit: evidence of the change has provenance observed" \
    test "$(jq -r '.steps[] | select(.id == "verify-reset-radio") |
    .evidence.pairing_state.provenance' "$T/full.json")" = observed
check "visit: the profile was matched from advertising" \
    test "$(jq -r '.devices[0].profile' "$T/full.json")" = ttlock
check "visit: readings before and after" \
    test "$(jq -r '.devices[0].readings_before.pairing_state.value + "/" +
    .devices[0].readings_after.pairing_state.value' "$T/full.json")" = \
    paired/paired
check "visit: firmware read over GATT at the start, observed" \
    test "$(jq -c '.devices[0].readings_before.firmware |
    [.value, .provenance, .source]' "$T/full.json")" = \
    '["3.2.1","observed","gatt 2a26"]'
check "visit: clock skew read over GATT (Current Time), observed" \
    test "$(jq -r '.devices[0].readings_before.clock_skew_s |
    [(.value | type), .provenance, .source] | join(" ")' "$T/full.json")" = \
    "number observed gatt 2a2b"
check "visit: the baseline triage sees the lock's clock is off" \
    test "$(jq -r '.steps[] | select(.id == "baseline-readings") | .note' \
    "$T/full.json" | grep -c "clock is off")" = 1
check "visit: the GATT read gave no notice" \
    sh -c "! grep -q 'GATT read' '$T/full.err'"
check "visit: the code count is attested, never a code" \
    test "$(jq -c '.steps[] | select(.id == "credentials-count") |
    .evidence.codes_active | [.value, .provenance]' "$T/full.json")" = \
    '[3,"attested"]'
run vfull "$LS" report verify --allow-unsigned "$T/full.json"
expect_rc vfull 0 "report verify accepts the visit's report"
sed 's/"A. Smith"/"B. Smith"/' "$T/full.json" >"$T/edited.json"
run vedit "$LS" report verify --allow-unsigned "$T/edited.json"
check "report verify rejects an edited report (exit $RC)" test "$RC" -ne 0
check "visit: no temporary report file left" \
    test -z "$(ls "$T" | grep -E '^full\.json\..*tmp|^\.full')"
run rfull "$LS" replay --json "$T/full.btsnoop"
check "visit --capture: the capture replays to the lock's states" test \
    "$(jq -r "select(.address == \"$FRONT\") | .pairing_state" \
    "$T/rfull.out" | uniq | tr '\n' ' ')" = "paired unpaired paired "

# 2. Ownership not verified: the reset is blocked, the report written.
ctl_ok "state front-door initial"
run noown "$LS" visit --adapter "h4:unix:$SOCK" --device $FRONT \
    --batch "$T/noown.json" --out "$T/noown.report"
expect_rc noown 1 "visit without verified ownership fails"
check "noown: reset blocked by the gate" \
    test "$(step_status "$T/noown.report" reset-lock)" = skipped
check "noown: the step says why" grep -q "blocked: ownership not verified" \
    "$T/noown.report"
check "noown: outcome blocked" \
    test "$(jq -r .outcome.result "$T/noown.report")" = blocked
run vnoown "$LS" report verify --allow-unsigned "$T/noown.report"
expect_rc vnoown 0 "report of a blocked visit verifies"

# 3. A flat battery fails power and stops before the reset.
run flat "$LS" visit --adapter "h4:unix:$SOCK" --device $FLAT \
    --batch "$T/ok.json" --out "$T/flat.report"
expect_rc flat 1 "visit with a flat battery fails"
check "flat: power failed" \
    test "$(step_status "$T/flat.report" power-battery)" = failed
check "flat: reset not done" \
    test "$(step_status "$T/flat.report" reset-lock)" = skipped
check "flat: the power step says what it saw" \
    grep -q "battery_percent at least 30; saw 5" "$T/flat.report"
check "flat: the outcome suggests replacing the cells" \
    grep -q "replace the cells" "$T/flat.report"

# 3b. A lock that rejects the connection: the GATT read fails with a
# notice, the visit goes on (here to the ownership gate) and reports.
run stuck "$LS" visit --adapter "h4:unix:$SOCK" --device $STUCK \
    --batch "$T/noown.json" --out "$T/stuck.report"
expect_rc stuck 1 "stuck: a lock refusing GATT still gets its visit"
expect_err stuck "GATT read of the lock failed: .*; firmware and clock not \
read" "stuck: the failed read is a notice"
check "stuck: the report is written (outcome blocked)" \
    test "$(jq -r .outcome.result "$T/stuck.report")" = blocked
check "stuck: no firmware or clock reading, advertising ones kept" \
    test "$(jq -r '.devices[0].readings_before |
    [has("firmware"), has("clock_skew_s"), .pairing_state.value] |
    map(tostring) | join(" ")' "$T/stuck.report")" = "false false paired"
# Ctrl-C while the read waits for a connection that never completes
# (the visit is set up, so its journal line is out, before the read).
visit_bg deaf --device $DEAF --batch "$T/noown.json" --out "$T/deaf.report"
if wait_for "$T/deaf.err" "visit to $DEAF"; then
	pkill -INT -P $VPID
fi
wait $VPID
RC=$?
expect_rc deaf 130 "deaf: Ctrl-C during the GATT read interrupts the visit"
check "deaf: the journal is kept for --resume, no failure notice" sh -c \
    "test -s '$T/deaf.report.journal' && grep -q 'continue with --resume' \
    '$T/deaf.err' && ! grep -q 'GATT read' '$T/deaf.err'"

# 4. Killed with SIGKILL while waiting for the reset; resumed.
ctl_ok "state front-door initial"
visit_bg kill1 --device $FRONT --batch "$T/ok.json" --out "$T/kill.json"
if wait_for "$T/kill.json.journal" '"step-start".*"verify-reset-radio"'; then
	# SIGKILL the visit itself (the child of timeout(1)).
	pkill -KILL -P $VPID
fi
wait $VPID 2>/dev/null
check "kill: no report after SIGKILL" test ! -e "$T/kill.json"
check "kill: no partial report file" \
    test -z "$(ls -a "$T" | grep -E '^\.?kill\.json\.(tmp|[^j])')"
ctl_ok "state front-door factory"
visit_bg kill2 --device $FRONT --batch "$T/ok.json" --out "$T/kill.json" \
    --resume
if wait_for "$T/kill.json.journal" '"kind":"resume"' &&
    wait_for "$T/kill.json.journal" '"step-start".*"verify-enroll-radio"'
then
	ctl_ok "state front-door initial"
fi
wait $VPID
RC=$?
expect_rc kill2 0 "kill: the resumed visit completes"
check "kill: completed steps were not repeated" \
    test "$(grep -c '"step-start".*"intake-record"' "$T/kill.json.journal")" = 1
check "kill: the report counts the resume" \
    test "$(jq -r .visit.resumed "$T/kill.json")" = 1
check "kill: every step passed" \
    test "$(jq '[.steps[] | select(.status != "passed" and
    .skip_reason != "not-applicable")] | length' \
    "$T/kill.json")" = 0
run vkill "$LS" report verify --allow-unsigned "$T/kill.json"
expect_rc vkill 0 "kill: the resumed visit's report verifies"

# 5. Refusals.
run again "$LS" visit --adapter "h4:unix:$SOCK" --device $FRONT \
    --batch "$T/ok.json" --out "$T/full.json"
expect_rc again 65 "an existing journal needs --resume"
expect_err again "add --resume" "existing journal: says what to do"
printf '{"technician":"T","steps":{"door-test":{"note":"code is 271828"}}}' \
    >"$T/code.json"
run code "$LS" visit --adapter "h4:unix:$SOCK" --device $FRONT \
    --batch "$T/code.json" --out "$T/code.report"
expect_rc code 65 "answers holding a code are refused"
expect_err code "steps.door-test.note: .*never codes" "code: names where"
check "code: the code is not echoed" sh -c "! grep -q 271828 '$T/code.err'"
run missing "$LS" visit --adapter "h4:unix:$SOCK" --device 11:22:33:44:55:66 \
    --batch "$T/ok.json" --out "$T/missing.report" --timeout 2
expect_rc missing 69 "a lock that is not there"
expect_err missing "not seen within 2 s" "missing: says so"
run nobatch "$LS" visit --adapter "h4:unix:$SOCK" --device $FRONT \
    --out "$T/x.json"
expect_rc nobatch 64 "no --batch: usage"
run badaddr "$LS" visit --adapter "h4:unix:$SOCK" --device nope \
    --batch "$T/ok.json" --out "$T/x.json"
expect_rc badaddr 64 "bad address: usage"
emu_stop

# 6. Secrets: the vendor password in the emulated lock, the code in the
# refused answers, appear nowhere.
check "no secret in any output, journal or report" sh -c "! grep -rlE \
    'AdminPass|271828' '$T' --include='*.json' --include='*.journal' \
    --include='*.out' --include='*.err' --include='*.report' \
    --include='*.btsnoop' |
    grep -v '/code.json\$'"

opts_check_page visit
