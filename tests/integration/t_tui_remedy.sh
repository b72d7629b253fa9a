# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope visit's checklist screen at 80x24, driven in tmux against
# hci-emu, for the remedy paths: the triage's remedy proposed first after
# the baseline and another chosen with a reason; a waiting verification
# skipped with a reason; a failed power check, "battery replaced", and the
# new cells read over the emulator's control socket.  Every wait polls
# capture-pane up to a deadline.
. tests/integration/lib.sh
. tests/integration/tmux.sh
plan 28

SCN=tests/scenarios/visit.json
export LOCKSCOPE_PROFILES=profiles
export LOCKSCOPE_KEY="$T/no-such.key"
FRONT=C4:7C:8D:6A:12:01
FLAT=C4:7C:8D:6A:12:02

# tui NAME DEVICE -- ARGS...: lockscope visit in a new 80x24 tmux session
# NAME; its exit status lands in $T/NAME.rc.
tui() {
	n=$1
	dev=$2
	shift 3
	rm -f "$T/$n.rc"
	$TM new-session -d -x 80 -y 24 -s "$n" \
	    "env LANG=C.UTF-8 LOCKSCOPE_PROFILES=profiles \
	    LOCKSCOPE_KEY=$LOCKSCOPE_KEY \
	    $PWD/$LS visit --adapter h4:unix:$SOCK --device $dev $*; \
	    echo \$? >$T/$n.rc; sleep 120"
}


# to_remedy NAME: intake, ownership; stop at the remedy choice.
to_remedy() {
	wait_screen "$1" '▶ Record the visit and the' >/dev/null
	keys "$1" d
	wait_screen "$1" "Record intake-record" >/dev/null
	keys "$1" y
	wait_screen "$1" '▶ Verify who owns or manag' >/dev/null
	keys "$1" p
	wait_screen "$1" "Record ownership" >/dev/null
	keys "$1" y
}

# step REPORT ID FILTER
step() {
	jq -r --arg id "$2" ".steps[] | select(.id == \$id) | $3" "$1"
}

if ! command -v tmux >/dev/null; then
	skip_all "tmux is not installed (scripts/install-deps.sh)"
fi
emu_start "$SCN" || bail "hci-emu did not start on $SCN"
tmux_start || bail "tmux did not start"

# 1. The remedy: the triage's advice first, another with a reason; then
# a waiting verification skipped with a reason.
tui rm $FRONT -- --out "$T/rm.json"
see rm "Technician" "remedy: intake form"
intake rm yes
keys rm Enter
to_remedy rm
see rm "Remedy: clock - the triage's advice" \
    "remedy: the triage's advice (the lock's clock is off) is proposed first"
check "remedy: nothing past the baseline starts before the choice" \
    sh -c "! grep -q '\"step-start\".*\"reset-lock\"' '$T/rm.json.journal'"
keys rm Tab
see rm "Remedy: credentials  \(Tab" "remedy: Tab shows the next remedy"
j=0
while [ $j -lt 6 ] && ! grep -q 'Remedy: factory-reset' "$T/rm.screen"; do
	keys rm Tab
	sleep 0.3
	screen rm
	j=$((j + 1))
done
keys rm Enter
see rm "why factory-reset and not the triage's clock" \
    "remedy: another remedy asks why"
keys rm Enter
see rm "a reason is required" "remedy: the reason cannot be empty"
keys rm "code 4821"
see rm "may be a code" "remedy: the reason takes no code"
keys rm BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace \
    "owner asked for a reset in 2024" Enter
see rm '▶ Factory-reset the lock' "remedy: the factory-reset path begins"
keys rm d
see rm '▶ Watch the lock report its' "skip: the verification waits"
keys rm s
see rm "why skip verify-reset-radio" "skip: s asks for the reason"
keys rm "the display shows setup mode" Enter
see rm '– Watch the lock report its' "skip: the step is skipped"
keys rm C-c
wait_screen rm "Quit\\?" >/dev/null
keys rm y
check "skip: quit (130)" test "$(rc_of rm)" = 130
$TM kill-session -t rm
# The journal holds what the screen recorded.
R='"remedy":"factory-reset","advised":"clock","chosen_by":"technician"'
check "journal: the remedy with its reason" grep -q \
    "$R,\"reason\":\"owner asked for a reset in 2024\"" "$T/rm.json.journal"
S='"id":"verify-reset-radio".*"note":"the display shows setup mode"'
check "journal: the skip and its reason" \
    grep -Eq "$S.*\"skip\":\"technician\"" "$T/rm.json.journal"

# 1b. Killed at the remedy choice: --resume proposes the same advice.
ctl_ok "state front-door initial"
tui k1 $FRONT -- --out "$T/k.json"
see k1 "Technician" "kill at the choice: intake form"
intake k1 yes
keys k1 Enter
to_remedy k1
wait_screen k1 "Remedy: clock" >/dev/null
kill -KILL "$(lspid k1)"
check "kill at the choice: the visit died" test "$(rc_of k1)" = 137
$TM kill-session -t k1
tui k2 $FRONT -- --out "$T/k.json" --resume
see k2 "Remedy: clock - the triage's advice" \
    "resume: the triage's advice from the journal is proposed again"
keys k2 C-c
wait_screen k2 "Quit\\?" >/dev/null
keys k2 y
check "resume: quit (130)" test "$(rc_of k2)" = 130
$TM kill-session -t k2

# 2. A lock at 5 %: the power check fails; new cells; measured again.
tui bat $FLAT -- --out "$T/bat.json"
see bat "Technician" "battery: intake form"
intake bat yes
keys bat Enter
wait_screen bat '▶ Record the visit and the' >/dev/null
keys bat d
wait_screen bat "Record intake-record" >/dev/null
keys bat y
wait_screen bat '▶ Verify who owns or manag' >/dev/null
keys bat p
wait_screen bat "Record ownership" >/dev/null
keys bat y
see bat "Power check failed: b battery replaced" \
    "battery: a failed power check offers battery replaced"
keys bat b
see bat "waiting for a fresh battery reading" \
    "battery: b waits for a new reading"
ctl_ok "state flat-door fresh"
see bat "Remedy: battery - the triage's advice" \
    "battery: the new cells pass; the triage proposes the battery job"
check "battery: the power step passed" \
    grep -q '✓ Check the battery before' "$T/bat.screen"
keys bat Enter
see bat "Follow remedy battery" "battery: accepting the advice asks y/n"
keys bat y
see bat '▶ Test the lock at the door' "battery: straight on to the door test"
keys bat p
wait_screen bat '▶ Record the outcome' >/dev/null
keys bat d
wait_screen bat "Close the visit" >/dev/null
keys bat y
see bat "Visit closed: completed" "battery: the job ends completed"
keys bat Enter
check "battery: exit 0" test "$(rc_of bat)" = 0
check "battery: the report has before and after" test \
    "$(step "$T/bat.json" power-battery '.evidence |
    "\(.battery_percent_before.value)/\(.battery_percent.value)"')" = 5/90
$TM kill-session -t bat
ctl_ok "state flat-door initial"
emu_stop
