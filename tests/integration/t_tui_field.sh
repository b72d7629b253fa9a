# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope visit in the field, on the checklist screen (tmux, 80x24)
# against hci-emu: a lock that stops advertising mid-visit (the stale
# alert, the gap in the sparkline, no radio verification while it is
# silent, the alert when it is heard again); the intake typed while the
# lock is looked for, kept in the journal when it is not found and
# continued with --resume; Ctrl-C on the form asks; the adapter lost
# mid-visit names the exact --resume command; ASCII marks under LANG=C.
# The batch side of the silent lock (and its "heard again" line, which
# the screen's next alert replaces at once) is t_visit_field.sh.
. tests/integration/lib.sh
. tests/integration/tmux.sh
plan 57

SCN=tests/scenarios/visit.json
export LOCKSCOPE_PROFILES=profiles
export LOCKSCOPE_KEY="$T/no-such.key"
FRONT=C4:7C:8D:6A:12:01

# tui NAME LANG -- ARGS...: lockscope visit in a new 80x24 tmux session
# NAME (time zone $TUI_TZ, default UTC); its exit status lands in
# $T/NAME.rc.
tui() {
	n=$1
	lang=$2
	shift 3
	rm -f "$T/$n.rc"
	$TM new-session -d -x 80 -y 24 -s "$n" \
	    "env LANG=$lang LC_ALL=$lang TZ=${TUI_TZ:-UTC} \
	    LOCKSCOPE_PROFILES=profiles \
	    LOCKSCOPE_KEY=$LOCKSCOPE_KEY \
	    $PWD/$LS visit --adapter h4:unix:$SOCK --device $FRONT $*; \
	    echo \$? >$T/$n.rc; sleep 120"
}


# to_reset NAME: from the intake step to the reset step (the remedy:
# factory-reset rather than the triage's advice, with a reason).
to_reset() {
	wait_screen "$1" '▶ Record the visit and the' >/dev/null
	keys "$1" d
	wait_screen "$1" "Record intake-record" >/dev/null
	keys "$1" y
	wait_screen "$1" '▶ Verify who owns' >/dev/null
	keys "$1" p
	wait_screen "$1" "Record ownership" >/dev/null
	keys "$1" y
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
	wait_screen "$1" '▶ Factory-reset the lock' >/dev/null
}

# see_joined NAME REGEX DESCRIPTION: as see, on the pane's text with
# wrapped lines joined (a long command line), in $T/NAME.joined.
see_joined() {
	i=0
	while :; do
		$TM capture-pane -p -J -t "$1" >"$T/$1.joined" 2>/dev/null
		if grep -Eq -- "$2" "$T/$1.joined"; then
			ok "$3"
			return
		fi
		i=$((i + 1))
		if [ $i -gt 200 ]; then
			not_ok "$3"
			sed 's/^/# | /' "$T/$1.joined"
			return
		fi
		sleep 0.1
	done
}

if ! command -v tmux >/dev/null; then
	skip_all "tmux is not installed (scripts/install-deps.sh)"
fi
emu_start "$SCN" || bail "hci-emu did not start on $SCN"
tmux_start || bail "tmux did not start"

# 1. The lock is looked for while the intake is typed.
# A time zone one hour east of UTC, by a POSIX TZ string (no tzdata).
TUI_TZ=LST-1 tui silent C.UTF-8 -- --out "$T/silent.json"
see silent "Found $FRONT: -[0-9]+ dBm .* heard [0-9]+ s ago" \
    "start: the form shows the lock found, with its signal"
check "start: the form is open meanwhile" grep -q 'Technician' \
    "$T/silent.screen"
intake silent yes
keys silent Enter
to_reset silent
keys silent d
see silent '▶ Watch the lock report its' "silent: verify-reset waits"
check "checklist: titles, not ids" sh -c \
    "! grep -q 'verify-reset-radio' '$T/silent.screen'"
check "checklist: marks are not the form's check boxes" sh -c \
    "grep -q '✓ Record the visit and the' '$T/silent.screen' &&
    ! grep -Eq '\\[[ x+>#-]\\] ' '$T/silent.screen'"
check "readings: the clock skew in words" \
    grep -Eq 'Clock     lock clock [0-9]+ d( [0-9]+ h)? behind' \
    "$T/silent.screen"
check "readings: when the lock was last heard, local time and zone" \
    grep -Eq 'Heard     [0-9]+ s ago, [0-9]{2}:[0-9]{2}:[0-9]{2} LST' \
    "$T/silent.screen"
check "step pane: the triage's advice in its own line" \
    grep -q '│ Advice: ' "$T/silent.screen"

# The lock stops advertising; the reset happens meanwhile.
ctl_ok "advertise front-door off" || not_ok "emulator: advertise off"
see silent "! lock '.*' $FRONT silent for [0-9]+ s" \
    "silent: the alert names the lock and how long"
check "silent: the readings say so" grep -Eq 'Heard     SILENT [0-9]+ s' \
    "$T/silent.screen"
check "silent: the sparkline shows the gap" grep -q 'Signal    none .*··' \
    "$T/silent.screen"
ctl_ok "state front-door factory" || not_ok "emulator: state factory"
# No radio report can come in, and the engine takes none while stale:
# two more seconds of silence leave the verification waiting.
sleep 2
screen silent
check "silent: the verification does not pass while the lock is silent" \
    grep -q '▶ Watch the lock report its' "$T/silent.screen"
ctl_ok "advertise front-door on" || not_ok "emulator: advertise on"
see silent '✓ Watch the lock report its' \
    "heard again: the verification passes on the new reading"
see silent 'Heard     [0-9]+ s ago' "heard again: the readings say so"
see silent 'Signal    -[0-9]+ dBm .*··.*[▁▂▃▄▅▆▇█]$' \
    "heard again: the gap stays in the sparkline, the signal after it"
# The step's note has the time it was verified, in the local zone: the
# UTC time of the journal's note for the step, plus one hour.
keys silent Up
utc=$(grep '"step-finish".*"verify-reset-radio"' "$T/silent.json.journal" |
    sed -n 's/.*radio at \([0-9][0-9]:[0-9][0-9]:[0-9][0-9]\).*/\1/p')
want=$(date -u -d "@$(($(date -u -d "1970-01-01 $utc UTC" +%s) + 3600))" \
    +%H:%M:%S)
wait_screen silent "Note: verified over the radio at $want" >/dev/null
check "times: the step's note in the laptop's local time with its zone" \
    sh -c "[ -n '$utc' ] && grep -A1 'radio at $want' '$T/silent.screen' |
    grep -q '│ LST'"
keys silent Down
keys silent C-c
wait_screen silent "Quit\\?" >/dev/null
keys silent y
check "silent: quit (130)" test "$(rc_of silent)" = 130
$TM kill-session -t silent
ctl_ok "state front-door initial" || not_ok "emulator: state initial"

# 2. Ctrl-C on the form asks before discarding what was typed.
tui ask C.UTF-8 -- --out "$T/ask.json"
see ask "Technician" "ask: the form"
keys ask "A. Smith"
keys ask C-c
see ask "Quit\\? The intake typed so far is discarded" \
    "ask: Ctrl-C asks before discarding"
keys ask n
wait_screen ask "Tab/Down next" >/dev/null
check "ask: n keeps the form and what was typed" \
    grep -q 'Technician    A. Smith' "$T/ask.screen"
keys ask C-c
wait_screen ask "Quit\\?" >/dev/null
keys ask y
check "ask: y quits (130)" test "$(rc_of ask)" = 130
see ask "nothing recorded" "ask: nothing recorded"
check "ask: no journal" test ! -e "$T/ask.json.journal"
$TM kill-session -t ask

# SIGTERM on the form keeps what was typed (nothing was confirmed away).
tui term C.UTF-8 -- --out "$T/term.json"
see term "Technician" "SIGTERM: the form"
keys term "A. Smith"
wait_screen term "Technician    A. Smith" >/dev/null
kill -TERM "$(lspid term)"
check "SIGTERM: exit 130" test "$(rc_of term)" = 130
see_joined term "interrupted; the intake typed so far is kept in \
$T/term.json.journal; continue with:" "SIGTERM: the intake is kept"
check "SIGTERM: the journal holds it" grep -q '"technician":"A. Smith"' \
    "$T/term.json.journal"
$TM kill-session -t term

# The form completed before the lock is heard: the visit waits for it.
ctl_ok "advertise front-door off" || not_ok "emulator: advertise off"
tui first C.UTF-8 -- --out "$T/first.json" --timeout 60
see first "Looking for $FRONT: not heard yet" "form first: the lock not heard"
intake first yes
keys first Enter
see first "The intake is complete: the visit starts once the lock is found" \
    "form first: the screen says what it waits for"
ctl_ok "advertise front-door on" || not_ok "emulator: advertise on"
see first '▶ Record the visit and the' \
    "form first: the visit starts when found"
keys first C-c
wait_screen first "Quit\\?" >/dev/null
keys first y
check "form first: quit (130)" test "$(rc_of first)" = 130
$TM kill-session -t first

# 3. The lock is not heard: exit 69, the intake typed is in the journal,
# --resume opens the form with it.
ctl_ok "advertise front-door off" || not_ok "emulator: advertise off"
tui lost C.UTF-8 -- --out "$T/lost.json" --timeout 4
see lost "Looking for $FRONT: not heard yet \\([0-9]+ s left" \
    "not heard: the form says the lock is looked for"
keys lost "A. Smith" Tab "Rental unit 4B" Tab Down Space
check "not heard: exit 69" test "$(rc_of lost)" = 69
see_joined lost "intake typed so far is kept in $T/lost.json.journal" \
    "not heard: the message says the intake is kept"
see_joined lost "lockscope visit --adapter h4:unix:$SOCK --device $FRONT \
--out $T/lost.json --resume" "not heard: the exact --resume command"
check "not heard: the journal holds the intake" \
    grep -q '"technician":"A. Smith".*"site":"Rental unit 4B"' \
    "$T/lost.json.journal"
$TM kill-session -t lost
ctl_ok "advertise front-door on" || not_ok "emulator: advertise on"
tui lost2 C.UTF-8 -- --out "$T/lost.json" --resume
see lost2 "Technician    A. Smith" "resume: the form holds the intake typed"
check "resume: the symptom marked is kept" \
    grep -q '\[x\] app-cannot-sign-in' "$T/lost2.screen"
keys lost2 Tab Tab "WO-77" Enter
i=0
while [ $i -lt 15 ]; do keys lost2 Tab; i=$((i + 1)); done
keys lost2 Space Tab "owner present with deed" Tab Enter
see lost2 '▶ Record the visit and the' "resume: the visit starts"
check "resume: the same visit, resumed" grep -q 'WO-77  (resumed)' \
    "$T/lost2.screen"
check "resume: the journal has one visit, now with its device" sh -c \
    "test \$(grep -c '\"kind\":\"visit-start\"' '$T/lost.json.journal') \
    = 1 && grep -q '\"kind\":\"device\"' '$T/lost.json.journal'"

# 4. The adapter lost mid-visit: the exact --resume command.
emu_stop
see_joined lost2 "kept in $T/lost.json.journal; continue with:" \
    "adapter lost: the visit is kept"
check "adapter lost: a non-zero exit" sh -c "test \$(cat '$T/lost2.rc') -ne 0"
see_joined lost2 "lockscope visit --adapter h4:unix:$SOCK --device \
$FRONT --out $T/lost.json --resume" "adapter lost: the exact --resume command"
$TM kill-session -t lost2
emu_start "$SCN" || bail "hci-emu did not restart"
# The command as printed (tmux joins the wrapped line), run as printed.
cmdline=$(grep -A1 'continue with:' "$T/lost2.joined" | tail -1 |
    sed 's/^ *lockscope //')
rm -f "$T/again.rc"
$TM new-session -d -x 80 -y 24 -s again \
    "env LANG=C.UTF-8 LOCKSCOPE_PROFILES=profiles \
    LOCKSCOPE_KEY=$LOCKSCOPE_KEY $PWD/$LS $cmdline; echo \$? >$T/again.rc; \
    sleep 120"
see again '▶ Record the visit and the' \
    "the command given continues the visit"
keys again C-c
wait_screen again "Quit\\?" >/dev/null
keys again y
check "again: quit (130)" test "$(rc_of again)" = 130
see_joined again "^  lockscope visit --adapter h4:unix:$SOCK --device $FRONT \
--out $T/lost.json --resume$" "quit: the exact --resume command too"
$TM kill-session -t again
# A visit resumed from its journal whose lock is not heard: the journal
# stays, and the command is given again.
ctl_ok "advertise front-door off" || not_ok "emulator: advertise off"
tui gone C.UTF-8 -- --out "$T/lost.json" --resume --timeout 3
check "resumed, not heard: exit 69" test "$(rc_of gone)" = 69
see_joined gone "the visit so far is kept in $T/lost.json.journal; \
continue with:" "resumed, not heard: the visit is kept"
$TM kill-session -t gone
ctl_ok "advertise front-door on" || not_ok "emulator: advertise on"

# 5. ASCII marks when the locale is not UTF-8.
tui ascii C -- --out "$T/ascii.json"
see ascii "Technician" "LANG=C: the form"
intake ascii yes
keys ascii Enter
see ascii '^ >> Record the visit and the' "LANG=C: ASCII marks (>> running)"
check "LANG=C: pending steps are marked '..'" \
    grep -q '^ \.\. Record the outcome' "$T/ascii.screen"
keys ascii '?'
see ascii 'Marks  \.\. pending  >> running  ok passed' \
    "LANG=C: the help lists the ASCII marks"
check "LANG=C: nothing but ASCII on the screen" sh -c \
    "! LC_ALL=C grep -q '[^ -~]' '$T/ascii.screen'"
keys ascii x d
wait_screen ascii "Record intake-record" >/dev/null
keys ascii y
wait_screen ascii '^ >> Verify who owns' >/dev/null
keys ascii p
wait_screen ascii "Record ownership" >/dev/null
keys ascii y
see ascii "Remedy: clock - the triage's advice" "LANG=C: the remedy proposed"
keys ascii Enter
wait_screen ascii "Follow remedy clock" >/dev/null
keys ascii y
see ascii '^ na Factory-reset the lock' \
    "LANG=C: a step outside the remedy's path is marked na"
check "LANG=C: ... not as skipped or failed" sh -c \
    "! grep -Eq '^ (--|XX) Factory-reset' '$T/ascii.screen'"
keys ascii C-c
wait_screen ascii "Quit\\?" >/dev/null
keys ascii y
rc_of ascii >/dev/null
$TM kill-session -t ascii
