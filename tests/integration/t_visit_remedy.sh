# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope visit in batch mode down each remedy path against hci-emu: a
# battery job (5 % -> new cells -> 90 %), a clock job, a diagnose-only
# job, a skipped verification, and the strict answers file (unknown step
# ids with the nearest one, skips of ownership, the code guard).  The
# lock's state changes come from the emulator's control socket.
. tests/integration/lib.sh
plan 62

SCN=tests/scenarios/visit.json
export LOCKSCOPE_PROFILES=profiles
export LOCKSCOPE_KEY="$T/no-such.key"
FRONT=C4:7C:8D:6A:12:01
FLAT=C4:7C:8D:6A:12:02
STUCK=C4:7C:8D:6A:12:03
GATT=C4:7C:8D:6A:12:05

# wait_for FILE REGEX: until FILE matches (at most 20 s).
wait_for() {
	i=0
	while ! grep -Eq "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 400 ] && return 1
		sleep 0.05
	done
}

# step REPORT ID FIELD: FIELD is a jq filter on the step ("." for it).
step() {
	jq -r --arg id "$2" ".steps[] | select(.id == \$id) | $3" "$1"
}

# visit NAME DEVICE: a batch visit with $T/NAME.ans; status in $RC.
visit() {
	run "$1" "$LS" visit --adapter "h4:unix:$SOCK" --device "$2" \
	    --batch "$T/$1.ans" --out "$T/$1.json" --timeout 10
}

emu_start "$SCN" || bail "hci-emu did not start on $SCN"

# 1. A battery job: 5 %, new cells, the lock reads 90 %.
cat >"$T/batt.ans" <<EOA
{"technician": "A. Smith", "site": "Unit 2", "work_order": "WO-78",
 "symptoms": ["battery-low"],
 "ownership": {"verified": true, "method": "owner present"},
 "battery_replaced": true, "remedy": "battery",
 "steps": {"door-test": {"result": "pass", "note": "bolt throws fully"},
           "closeout": {"result": "done"}}}
EOA
timeout -k 2 60 "$LS" visit --adapter "h4:unix:$SOCK" --device $FLAT \
    --batch "$T/batt.ans" --out "$T/batt.json" >"$T/batt.out" \
    2>"$T/batt.err" &
VPID=$!
if wait_for "$T/batt.err" "waiting for a fresh battery reading"; then
	ok "battery: after battery_replaced the visit waits for a new reading"
	ctl_ok "state flat-door fresh"
else
	not_ok "battery: after battery_replaced the visit waits for a new reading"
fi
wait $VPID
RC=$?
expect_rc batt 0 "battery job: exit 0"
check "battery job: completed" \
    test "$(jq -r .outcome.result "$T/batt.json")" = completed
check "battery job: the power check passed on the new cells" \
    test "$(step "$T/batt.json" power-battery .status)" = passed
check "battery job: reading before the new cells (5 %)" \
    test "$(step "$T/batt.json" power-battery \
    '.evidence.battery_percent_before.value')" = 5
check "battery job: reading after (90 %, observed)" \
    test "$(step "$T/batt.json" power-battery '.evidence.battery_percent |
    "\(.value) \(.provenance)"')" = "90 observed"
check "battery job: battery_replaced attested on the step" \
    test "$(step "$T/batt.json" power-battery \
    '.evidence.battery_replaced.value')" = true
check "battery job: the report's remedy says battery, cells replaced" \
    test "$(jq -c '.remedy | [.id, .chosen_by, .battery_replaced]' \
    "$T/batt.json")" = '["battery","triage-accepted",true]'
check "battery job: no reset step ran (not applicable)" \
    test "$(step "$T/batt.json" reset-lock .skip_reason)" = not-applicable
check "battery job: reset-lock keeps the contract's status (skipped)" \
    test "$(step "$T/batt.json" reset-lock .status)" = skipped
check "battery job: no step of the reset or enroll phases ran" \
    test "$(jq '[.steps[] | select(.phase | test("reset|enroll")) |
    select(.skip_reason != "not-applicable")] | length' \
    "$T/batt.json")" = 0
check "battery job: the door test passed" \
    test "$(step "$T/batt.json" door-test-run .status)" = passed
check "battery job: the power step's note gives before and after" \
    test "$(step "$T/batt.json" power-battery .note)" = \
    "battery replaced: 5 before, 90 after"
run vbatt "$LS" report verify --allow-unsigned "$T/batt.json"
expect_rc vbatt 0 "battery job: the report verifies"
ctl_ok "state flat-door initial"

# 1b. A lock that gives its battery over GATT only: new cells are read
# again over GATT until a reading passes.
cat >"$T/gbatt.ans" <<EOA
{"technician": "A. Smith", "battery_replaced": true, "remedy": "battery",
 "ownership": {"verified": true, "method": "owner present"},
 "steps": {"door-test": {"result": "pass"}, "closeout": {"result": "done"}}}
EOA
timeout -k 2 60 "$LS" visit --adapter "h4:unix:$SOCK" --device $GATT \
    --batch "$T/gbatt.ans" --out "$T/gbatt.json" >"$T/gbatt.out" \
    2>"$T/gbatt.err" &
VPID=$!
if wait_for "$T/gbatt.err" "waiting for a fresh battery reading"; then
	ctl_ok "state gatt-door fresh"
else
	not_ok "gatt battery: the visit did not wait for a new reading"
fi
wait $VPID
RC=$?
expect_rc gbatt 0 "gatt battery: exit 0"
check "gatt battery: the power step passed on a GATT reading after" \
    test "$(step "$T/gbatt.json" power-battery '.evidence |
    "\(.battery_percent_before.value)/\(.battery_percent.value)" +
    " \(.battery_percent.source)"')" = "5/90 gatt 2a19"
expect_err gbatt "reading the lock's battery again over GATT" \
    "gatt battery: the log says the battery is read again"

# 2. A failed power check without new cells: the door test still runs.
cat >"$T/flat.ans" <<EOA
{"technician": "A. Smith", "remedy": "battery",
 "ownership": {"verified": true, "method": "owner present"},
 "steps": {"door-test": {"result": "pass", "note": "key turns the bolt"}}}
EOA
visit flat $FLAT
expect_rc flat 1 "flat, no new cells: exit 1"
check "flat: power failed" \
    test "$(step "$T/flat.json" power-battery .status)" = failed
check "flat: the mechanical door test is not held by the power gate" \
    test "$(step "$T/flat.json" door-test-run .status)" = passed

# 3. A clock job on a lock that offers no Current Time (the read fails):
# the technician attests the clock; reset and enroll are not applicable.
cat >"$T/clock.ans" <<EOA
{"technician": "A. Smith", "symptoms": ["codes-not-accepted"],
 "ownership": {"verified": true, "method": "owner present"},
 "remedy": "clock", "remedy_reason": "the codes fail on schedule",
 "steps": {"clock-set": {"result": "done"},
           "clock-verify": {"result": "pass", "note": "lock shows the time"},
           "door-test": {"result": "pass"}, "closeout": {"result": "done"}}}
EOA
visit clock $STUCK
expect_rc clock 0 "clock job: exit 0"
check "clock job: completed" \
    test "$(jq -r .outcome.result "$T/clock.json")" = completed
check "clock job: chosen by the technician, with the reason" \
    test "$(jq -c '.remedy | [.id, .chosen_by, .reason]' "$T/clock.json")" \
    = '["clock","technician","the codes fail on schedule"]'
check "clock job: the clock step passed" \
    test "$(step "$T/clock.json" clock-verify .status)" = passed
check "clock job: reset, verify-reset, enroll, verify-enroll not applicable" \
    test "$(jq -r '[.steps[] | select(.phase | test("reset|enroll")) |
    .skip_reason] | unique | join(",")' "$T/clock.json")" = not-applicable
check "clock job: the triage advice is in the report, whole" \
    test "$(jq '.triage | length' "$T/clock.json")" -ge 1

# 4. A clock job on a lock with Current Time: the clock is read again,
# and a clock still wrong fails the step.
cat >"$T/clock2.ans" <<EOA
{"technician": "A. Smith", "symptoms": ["codes-not-accepted"],
 "ownership": {"verified": true, "method": "owner present"},
 "remedy": "clock",
 "steps": {"clock-set": {"result": "done"}, "door-test": {"result": "pass"},
           "closeout": {"result": "done"}}}
EOA
visit clock2 $FRONT
expect_rc clock2 1 "clock still wrong: exit 1"
check "clock still wrong: a fresh Current Time read judged it" \
    test "$(step "$T/clock2.json" clock-verify \
    '"\(.status) \(.evidence.clock_skew_s.provenance)"')" = "failed observed"
expect_err clock2 "reading the lock's clock again" \
    "clock still wrong: the log says the clock is read again"

TZ=JST-9 run show2 "$LS" report show --allow-unsigned "$T/clock2.json"
expect_rc show2 0 "report show of the clock job"
check "report show: times in local time with the zone" \
    grep -Eq '^  started +[0-9-]+ [0-9:]+ JST$' "$T/show2.out"
W='[0-9]+ d( [0-9]+ h)? behind'
check "report show: the triage advice whole, the clock in words" \
    grep -Eq "^triage +The lock.s clock is off \\(lock clock $W\\)" \
    "$T/show2.out"
check "report show: the remedy and who chose it" \
    grep -q "^remedy .*clock, the triage's advice, accepted" "$T/show2.out"
check "report show: no raw clock seconds" \
    sh -c "! grep -q -- '-6[0-9]\{7\}' '$T/show2.out'"
check "report show: every line fits 80 columns" \
    sh -c "! awk 'length(\$0) > 80' '$T/show2.out' | grep -q ."

# 5. Diagnose-only, with a year in a note; closeout not mentioned.
cat >"$T/diag.ans" <<EOA
{"technician": "A. Smith", "symptoms": ["pairing-fails"],
 "ownership": {"verified": true, "method": "owner present"},
 "remedy": "diagnose-only", "remedy_reason": "the owner wants a quote first",
 "steps": {"door-test": {"result": "pass", "note": "latch fixed in 2024"}}}
EOA
visit diag $FRONT
expect_rc diag 0 "diagnose-only job: exit 0"
check "diagnose-only job: completed" \
    test "$(jq -r .outcome.result "$T/diag.json")" = completed
check "diagnose-only job: reset and enroll not applicable" \
    test "$(jq -r '[.steps[] | select(.phase | test("reset|enroll")) |
    .skip_reason] | unique | join(",")' "$T/diag.json")" = not-applicable
check "a year in a note is a note, not a code" \
    test "$(step "$T/diag.json" door-test-run .note)" = "latch fixed in 2024"
check "a step the answers do not mention is not attested, never done" \
    test "$(step "$T/diag.json" closeout-outcome \
    '"\(.status) \(.skip_reason) \(.state)"')" = \
    "skipped not-attested not-attested"

# 5b. A credentials job: counts before and after the clean-up.
cat >"$T/cred.ans" <<EOA
{"technician": "A. Smith", "symptoms": ["codes-unknown"],
 "ownership": {"verified": true, "method": "owner present"},
 "remedy": "credentials", "remedy_reason": "the owner wants old codes out",
 "steps": {"credentials-count": {"codes_active": 7},
           "credentials-temporary": {"result": "done",
                                     "temporary_removed": true},
           "credentials-after": {"codes_active": 4},
           "door-test": {"result": "pass"}, "closeout": {"result": "done"}}}
EOA
visit cred $FRONT
expect_rc cred 0 "credentials job: exit 0"
check "credentials job: completed, counts 7 before and 4 after" \
    test "$(jq -r '[.outcome.result, (.steps[] |
    select(.id == "credentials-count" or .id == "credentials-after") |
    .evidence.codes_active.value)] | join(" ")' "$T/cred.json")" = \
    "completed 7 4"
check "credentials job: no reset" \
    test "$(step "$T/cred.json" reset-lock .skip_reason)" = not-applicable

# 6. A verification skipped with a note (factory reset, no radio change).
ctl_ok "state front-door initial"
cat >"$T/skip.ans" <<EOA
{"technician": "A. Smith", "symptoms": ["pairing-fails"],
 "ownership": {"verified": true, "method": "owner present"},
 "remedy": "factory-reset", "remedy_reason": "previous owner unreachable",
 "steps": {"reset": {"result": "done"},
           "verify-reset": {"result": "skip",
                            "note": "lock display shows factory mode"},
           "enroll": {"result": "done"}, "credentials": {"codes_active": 2,
           "result": "done"}, "door-test": {"result": "pass"},
           "closeout": {"result": "done"}}}
EOA
visit skip $FRONT
expect_rc skip 0 "skip: exit 0"
check "skip: the verification is skipped, not failed" \
    test "$(step "$T/skip.json" verify-reset-radio \
    '"\(.status) \(.skip_reason)"')" = "skipped technician"
check "skip: the reason is the step's note" \
    test "$(step "$T/skip.json" verify-reset-radio .note)" = \
    "lock display shows factory mode"
check "skip: the visit completes" \
    test "$(jq -r .outcome.result "$T/skip.json")" = completed

# 7. Strict answers.
cat >"$T/own.ans" <<EOA
{"technician": "A. Smith", "remedy": "diagnose-only",
 "ownership": {"verified": true, "method": "owner present"},
 "steps": {"ownership-verify": {"result": "skip", "note": "in a hurry"}}}
EOA
visit own $FRONT
expect_rc own 65 "a skip of ownership is refused (exit 65)"
expect_err own "ownership is never skipped" "own: the message says why"
check "own: no journal left behind" test ! -e "$T/own.json.journal"
cat >"$T/own2.ans" <<EOA
{"technician": "A. Smith",
 "steps": {"ownership": {"result": "skip", "note": "in a hurry"}}}
EOA
visit own2 $FRONT
expect_rc own2 65 "a skip of the ownership phase is refused (exit 65)"
cat >"$T/typo.ans" <<EOA
{"technician": "A. Smith",
 "ownership": {"verified": true, "method": "owner present"},
 "steps": {"door-tset": {"result": "pass"}}}
EOA
visit typo $FRONT
expect_rc typo 65 "door-tset: exit 65"
expect_err typo "door-tset.*did you mean 'door-test'" \
    "door-tset: the message names door-test"
cat >"$T/code.ans" <<EOA
{"technician": "A. Smith",
 "steps": {"door-test": {"result": "pass", "note": "code 4821"}}}
EOA
visit code $FRONT
expect_rc code 65 "code 4821 in a note: exit 65"
check "the code is not echoed" sh -c "! grep -q 4821 '$T/code.err'"
cat >"$T/key.ans" <<EOA
{"technician": "A. Smith", "remedy_reasn": "x"}
EOA
visit key $FRONT
expect_rc key 65 "an unknown top-level key: exit 65"
expect_err key "remedy_reasn.*did you mean 'remedy_reason'" \
    "unknown key: the nearest field is named"
cat >"$T/noreason.ans" <<EOA
{"technician": "A. Smith", "remedy": "diagnose-only",
 "ownership": {"verified": true, "method": "owner present"}}
EOA
visit noreason $FRONT
expect_rc noreason 65 "a remedy other than the advice without a reason: 65"
expect_err noreason "diagnose-only is not the triage's advice \\(clock\\): add \
\"remedy_reason\"" "noreason: the message says what to add"
check "noreason: the journal keeps the visit for --resume" \
    grep -q '"kind":"triage"' "$T/noreason.json.journal"
cat >"$T/reenroll.ans" <<EOA
{"technician": "A. Smith", "remedy": "re-enroll", "remedy_reason": "x"}
EOA
visit reenroll $FRONT
expect_rc reenroll 65 "a remedy the profile does not support: 65"
expect_err reenroll "profile ttlock does not support re-enroll" \
    "reenroll: the message names the profile"
emu_stop
