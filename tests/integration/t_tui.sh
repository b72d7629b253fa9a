# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope visit's checklist screen, driven in tmux against hci-emu: a
# whole visit through the keyboard (the lock's state flipped over the
# emulator's control socket, the alerts and verifications asserted on the
# captured screens) whose report equals batch mode's for the same
# answers; a resize mid-visit; the ownership gate refusing the reset;
# SIGKILL then --resume restoring the screen; Ctrl-C asking first.  Every
# wait polls capture-pane up to a deadline.
. tests/integration/lib.sh
. tests/integration/tmux.sh
plan 103

SCN=tests/scenarios/visit.json
export LOCKSCOPE_PROFILES=profiles
export LOCKSCOPE_KEY="$T/no-such.key"
FRONT=C4:7C:8D:6A:12:01


# tui NAME [ENV=VALUE...] -- ARGS...: lockscope visit in a new 80x24 tmux
# session NAME; its exit status lands in $T/NAME.rc.
tui() {
	n=$1
	shift
	envs=
	while [ "$1" != "--" ]; do
		envs="$envs $1"
		shift
	done
	shift
	rm -f "$T/$n.rc"
	$TM new-session -d -x "${TUI_X:-80}" -y "${TUI_Y:-24}" -s "$n" \
	    "env LANG=C.UTF-8 LOCKSCOPE_PROFILES=profiles \
	    LOCKSCOPE_KEY=$LOCKSCOPE_KEY $envs \
	    $PWD/$LS visit --adapter h4:unix:$SOCK --device $FRONT $*; \
	    echo \$? >$T/$n.rc; sleep 120"
}


# reset_path NAME: after the baseline, leave the triage's advice for the
# factory-reset path (Tab through the remedies), giving the reason.
reset_path() {
	wait_screen "$1" 'Remedy: ' >/dev/null
	j=0
	while [ $j -lt 6 ] && ! grep -q 'Remedy: factory-reset' \
	    "$T/$1.screen"; do
		keys "$1" Tab
		sleep 0.3
		screen "$1"
		j=$((j + 1))
	done
	keys "$1" Enter
	wait_screen "$1" 'why factory-reset' >/dev/null
	keys "$1" "owner asked for a reset" Enter
}

# Project a report onto what batch and screen must agree on.
proj() {
	jq -S '{steps: [.steps[] | {id, status}],
	    profiles: [.devices[].profile], outcome: .outcome.result}' "$1"
}

if ! command -v tmux >/dev/null; then
	skip_all "tmux is not installed (scripts/install-deps.sh)"
fi
emu_start "$SCN" || bail "hci-emu did not start on $SCN"
tmux_start || bail "tmux did not start"

# 1. The whole visit through the keyboard.
tui full -- --out "$T/full.json"
see full "Technician" "intake: the form opens first"
keys full "A. Smith" Tab "Rental unit 9999"
see full "may be a code" "intake: 4 digits in a row are refused as a code"
check "intake: the fourth digit was not taken" \
    sh -c "! grep -q 'Rental unit 9999' '$T/full.screen'"
# Clear the site (15 characters) and try to start without it.
k=0
while [ $k -lt 15 ]; do keys full BSpace; k=$((k + 1)); done
k=0
while [ $k -lt 19 ]; do keys full Tab; k=$((k + 1)); done
keys full Enter
see full "Site: required" "intake: a required field is named"
# The form put the cursor back on the site.
keys full "Rental unit 4B" Tab "WO-77" Tab Down Down Down Space
k=0
while [ $k -lt 12 ]; do keys full Tab; k=$((k + 1)); done
keys full Space Tab "owner present with deed" Tab Enter
see full '▶ Record the visit and the' "checklist: intake step running"
check "checklist: 80x24 shows every step" \
    grep -q '· Record the outcome' "$T/full.screen"
check "footer: the keys are shown" grep -q '? help.*\^C quit' \
    "$T/full.screen"
keys full '?'
see full "Any key closes this help" "help: ? opens the overlay"
keys full x
wait_screen full '▶ Record the visit and the' >/dev/null
keys full d
see full "Record intake-record as done" "attest: asks before recording"
keys full y
see full '▶ Verify who owns or manag' "intake recorded; ownership next"
keys full p
see full "Record ownership as verified" "gate: asks before passing it"
keys full y
reset_path full
see full '▶ Factory-reset the lock' "power and baseline pass from advertising"
check "power passed" grep -q '✓ Check the battery before' "$T/full.screen"
check "baseline passed" grep -q '✓ Record the readings befo' "$T/full.screen"
check "readings: battery from advertising" grep -q 'Battery   80 %  ok' \
    "$T/full.screen"
check "readings: pairing state with its evidence" \
    grep -q 'Pairing   paired  (TTLock' "$T/full.screen"
see full 'Signal    -[0-9]+ dBm' "readings: signal strength"
check "readings: firmware from the GATT read at the start" \
    grep -q 'Firmware  3.2.1' "$T/full.screen"
check "readings: clock skew from the GATT read (Current Time)" \
    grep -Eq 'Clock     lock clock [0-9]+ d( [0-9]+ h)? behind' "$T/full.screen"
keys full d
see full 'Watching the radio: [0-9]:[0-9]{2} left' \
    "verify-reset: countdown while watching the radio"
keys full Up
see full 'Step 5/16  reset  physical +passed' "Up: an earlier step is shown"
seen=$(grep 'Heard  ' "$T/full.screen")
wait_screen full "Heard  " >/dev/null
k=0
while [ "$(grep 'Heard  ' "$T/full.screen")" = "$seen" ] && [ $k -lt 200 ]; do
	sleep 0.1
	screen full
	k=$((k + 1))
done
check "Up: the highlight stays while adverts arrive" \
    grep -q 'Step 5/16  reset  physical' "$T/full.screen"
keys full Down
see full 'Watching the radio' "Down: back to the running step"

# A resize mid-visit: bigger (phase headings fit), then back.
$TM resize-window -t full -x 100 -y 30
see full '^ verify-reset +│' "resize to 100x30: phase headings appear"
check "resize to 100x30: 30 lines drawn" \
    test "$(grep -c '' "$T/full.screen")" = 30
check "resize to 100x30: the readings rule spans the width" \
    test "$(grep 'Lock readings' "$T/full.screen" | awk '{print length}')" \
    -gt 90
$TM resize-window -t full -x 80 -y 24
see full '^ ▶ Watch the lock report its' "resize back to 80x24: redrawn"
check "resize back: no phase headings, 24 lines" sh -c \
    "! grep -q '^ verify-reset ' '$T/full.screen' &&
    test \$(grep -c '' '$T/full.screen') = 24"

ctl_ok "state front-door factory"
see full "pairing_state changed to unpaired [0-9]{2}:[0-9]{2}:[0-9]{2}" \
    "alert: the reset is seen on the radio"
see full '✓ Watch the lock report its' "verify-reset turns passed"
check "readings: pairing state now unpaired" grep -q 'Pairing   unpaired' \
    "$T/full.screen"
see full '▶ Prepare the phone for en' "enroll next"
keys full d
see full "Record enroll-prepare" "enroll-prepare asks"
keys full y
see full '▶ Enroll the new owner' "enroll-owner next"
keys full d
see full '▶ Watch the lock report it is' "verify-enroll waits for the radio"
ctl_ok "state front-door initial"
see full "pairing_state changed to paired" "alert: enrollment seen"
see full '▶ Count the active codes' "verify-enroll passed; credentials next"
check "verify-enroll passed" grep -q '✓ Watch the lock report it is' \
    "$T/full.screen"
keys full c x
see full "counts take digits only" "counts: a letter is refused"
keys full 3 Enter
see full "Record credentials-count as done" "counts: asks before recording"
keys full y
see full '▶ Remove temporary codes' "credentials-temporary next"
check "readings: the attested count is shown" \
    grep -q 'Codes     active 3' "$T/full.screen"
keys full d
see full "Record credentials-temporary" "credentials-temporary asks"
keys full y
see full '▶ Test the lock at the door' "door test next"
keys full n "bolt aligned 1234"
see full "may be a code" "note: 4 digits in a row are refused"
keys full BSpace BSpace BSpace BSpace Enter
see full "Note: bolt aligned" "note: saved on the step"
keys full p
see full '▶ Record the outcome' "door test passed"
keys full d
see full "Close the visit and write the report" "closing asks first"
keys full y
see full "Visit closed: completed" "closed: the outcome is shown"
keys full q
check "full: exit 0" test "$(rc_of full)" = 0
check "full: every step passed" \
    test "$(jq '[.steps[] | select(.status != "passed" and
    .skip_reason != "not-applicable")] | length' \
    "$T/full.json")" = 0
check "full: the count is attested, never a code" \
    test "$(jq -c '.steps[] | select(.id == "credentials-count") |
    .evidence.codes_active | [.value, .provenance]' "$T/full.json")" = \
    '[3,"attested"]'
check "full: the door test's note is in the report" \
    test "$(jq -r '.steps[] | select(.id == "door-test-run") | .note' \
    "$T/full.json")" = "bolt aligned"
run vfull "$LS" report verify --allow-unsigned "$T/full.json"
expect_rc vfull 0 "full: the report verifies"
$TM kill-session -t full

# The same answers in batch mode write the same report.
cat >"$T/ok.json" <<EOA
{"technician": "A. Smith", "site": "Rental unit 4B", "work_order": "WO-77",
 "symptoms": ["pairing-fails"],
 "ownership": {"verified": true, "method": "owner present with deed"},
 "remedy": "factory-reset", "remedy_reason": "owner asked for a reset",
 "steps": {"reset": {"result": "done"}, "enroll": {"result": "done"},
           "credentials": {"codes_active": 3, "result": "done"},
           "door-test": {"result": "pass"}, "closeout": {"result": "done"}}}
EOA
timeout -k 2 60 "$LS" visit --adapter "h4:unix:$SOCK" --device $FRONT \
    --batch "$T/ok.json" --out "$T/batch.json" >"$T/batch.out" \
    2>"$T/batch.err" &
BPID=$!
if wait_file "$T/batch.json.journal" '"step-start".*"verify-reset-radio"'
then
	ctl_ok "state front-door factory"
	wait_file "$T/batch.json.journal" '"step-start".*"verify-enroll-radio"'
	ctl_ok "state front-door initial"
fi
wait $BPID
check "batch: the same visit completes" \
    test "$(jq -r .outcome.result "$T/batch.json")" = completed
proj "$T/full.json" >"$T/full.proj"
proj "$T/batch.json" >"$T/batch.proj"
if cmp -s "$T/full.proj" "$T/batch.proj"; then
	ok "report: the screen's equals batch mode's (steps, profile, outcome)"
else
	not_ok "report: the screen's differs from batch mode's"
	diff "$T/full.proj" "$T/batch.proj" | sed 's/^/# /'
fi

# 2. Ownership not verified: the gate refuses the reset (and NO_COLOR).
tui gate NO_COLOR=1 -- --out "$T/gate.json"
see gate "Technician" "gate: intake form"
intake gate no
keys gate Enter
see gate '▶ Record the visit and the' "gate: visit started"
keys gate d
wait_screen gate "Record intake-record" >/dev/null
keys gate y
see gate '▶ Verify who owns or manag' "gate: ownership step"
keys gate p
see gate "Record ownership as NOT verified" \
    "gate: the screen says the reset will be blocked"
keys gate y
reset_path gate
see gate '⊘ Factory-reset the lock' "gate: reset-lock marked blocked"
check "gate: the alert says why" \
    grep -q 'blocked: ownership not verified' "$T/gate.screen"
$TM capture-pane -e -p -t gate >"$T/gate.esc"
check "NO_COLOR: no colours on the screen" \
    sh -c "! grep -Eq '\\[(3[0-7]|9[0-7]|38;)' '$T/gate.esc'"
see gate '▶ Record the outcome' "gate: straight to closeout"
keys gate d
see gate "Close the visit" "gate: closing asks"
keys gate y
see gate "Visit closed: blocked" "gate: outcome blocked"
keys gate Enter
check "gate: exit 1" test "$(rc_of gate)" = 1
check "gate: report says blocked" \
    test "$(jq -r .outcome.result "$T/gate.json")" = blocked
$TM kill-session -t gate

# 3. SIGKILL mid-visit, then --resume restores the screen.
ctl_ok "state front-door initial"
tui kill1 -- --out "$T/kill.json"
see kill1 "Technician" "kill: intake form"
intake kill1 yes
keys kill1 Enter
wait_screen kill1 '▶ Record the visit and the' >/dev/null
keys kill1 d
wait_screen kill1 "Record intake-record" >/dev/null
keys kill1 y
wait_screen kill1 '▶ Verify who owns or manag' >/dev/null
keys kill1 p
wait_screen kill1 "Record ownership" >/dev/null
keys kill1 y
reset_path kill1
wait_screen kill1 '▶ Factory-reset the lock' >/dev/null
keys kill1 d
see kill1 '▶ Watch the lock report its' "kill: waiting for the reset"
wait_file "$T/kill.json.journal" '"step-start".*"verify-reset-radio"'
$TM capture-pane -e -p -t kill1 >"$T/kill1.esc"
check "colour: the screen uses colours without NO_COLOR" \
    grep -Eq '\[(3[0-7]|9[0-7]|38;)' "$T/kill1.esc"
kill -KILL "$(lspid kill1)"
check "kill: the visit died" test "$(rc_of kill1)" = 137
$TM kill-session -t kill1
check "kill: no report" test ! -e "$T/kill.json"
tui kill2 -- --out "$T/kill.json" --resume
see kill2 '▶ Watch the lock report its' "resume: the running step is selected"
check "resume: no intake form" sh -c "! grep -q 'Technician' '$T/kill2.screen'"
check "resume: finished steps are marked" \
    grep -q '✓ Factory-reset the lock' "$T/kill2.screen"
check "resume: intake from the journal" \
    grep -q 'A. Smith  WO-77  (resumed)' "$T/kill2.screen"
ctl_ok "state front-door factory"
see kill2 '✓ Watch the lock report its' "resume: the reset is verified"
keys kill2 C-c
see kill2 "Quit\\? The journal keeps the visit" "Ctrl-C asks first"
keys kill2 n
see kill2 '▶ Prepare the phone for en' "Ctrl-C then n: the visit goes on"
keys kill2 C-c
wait_screen kill2 "Quit\\?" >/dev/null
keys kill2 y
check "Ctrl-C then y: exit 130" test "$(rc_of kill2)" = 130
see kill2 "interrupted; continue with --resume" \
    "quit: the terminal is restored and says how to continue"
check "quit: no report yet" test ! -e "$T/kill.json"
check "quit: the terminal left the curses screen" test "$(alt kill2)" = 0
$TM kill-session -t kill2

# 4. The terminal is restored on SIGTERM and on a crash; a small
# terminal is told its size.
tui term -- --out "$T/term.json"
see term "Technician" "SIGTERM: intake form"
intake term yes
keys term Enter
see term '▶ Record the visit and the' "SIGTERM: visit started"
check "SIGTERM: curses is on" test "$(alt term)" = 1
kill -TERM "$(lspid term)"
check "SIGTERM: exit 130" test "$(rc_of term)" = 130
check "SIGTERM: the terminal is restored" test "$(alt term)" = 0
see term "interrupted; continue with --resume" "SIGTERM: says how to go on"
$TM kill-session -t term
tui crash -- --out "$T/crash.json"
see crash "Technician" "crash: intake form"
kill -SEGV "$(lspid crash)"
check "crash: SIGSEGV is re-raised (exit 139)" test "$(rc_of crash)" = 139
check "crash: the terminal is restored" test "$(alt crash)" = 0
$TM kill-session -t crash
# 5. A timed step (a profile whose reset has a 3 s time limit): the
# countdown, then the notice when it has passed.
mkdir -p "$T/profiles"
cp profiles/generic.json "$T/profiles/"
jq '.id = "ttlock-timed" | (.procedure[] | select(.phase == "reset") |
    .steps[0].time_limit_s) = 3' profiles/ttlock.json \
    >"$T/profiles/ttlock-timed.json"
ctl_ok "state front-door initial"
tui timed LOCKSCOPE_PROFILES=$T/profiles -- --out "$T/timed.json" \
    --profile ttlock-timed
see timed "Technician" "timed: intake form"
intake timed yes
keys timed Enter
wait_screen timed '▶ Record the visit and the' >/dev/null
keys timed d
wait_screen timed "Record intake-record" >/dev/null
keys timed y
wait_screen timed '▶ Verify who owns or manag' >/dev/null
keys timed p
wait_screen timed "Record ownership" >/dev/null
keys timed y
reset_path timed
see timed 'Time limit: 0:0[1-3] left \(3 s\)' "timed: the countdown runs"
see timed '! Factory-reset the lock: the 3 s time limit has passed' \
    "timed: the alert says the time limit passed"
check "timed: the step still waits for the technician" \
    grep -q 'Time limit of 3 s has passed' "$T/timed.screen"
keys timed C-c
wait_screen timed "Quit\\?" >/dev/null
keys timed y
check "timed: quit (130)" test "$(rc_of timed)" = 130
$TM kill-session -t timed

TUI_X=60 TUI_Y=20 tui small -- --out "$T/small.json"
see small "at least 80x24 \(now 60x20\)" "small: the screen asks for 80x24"
$TM resize-window -t small -x 80 -y 24
see small "Technician" "small: grown to 80x24, the form is drawn"
keys small C-c
check "small: Ctrl-C in the form quits (130)" test "$(rc_of small)" = 130
see small "nothing recorded" "small: nothing recorded"
$TM kill-session -t small
emu_stop

check "no secret on any screen, journal or report" sh -c "! grep -rlE \
    'AdminPass|unit 9999' '$T' --include='*.screen' \
    --include='*.journal' --include='*.json'"
