# SPDX-License-Identifier: GPL-3.0-or-later
# tmux.sh - helpers for the tests of lockscope's screens, sourced after
# lib.sh: one tmux server per script on a socket in $T, kept alive by a
# session of its own so that ending a test's session never races the
# server's exit with the next new-session; capture and key helpers that
# poll up to a deadline.
TM="tmux -S $T/tmux.sock -f /dev/null"
trap '$TM kill-server 2>/dev/null; lib_exit' EXIT

# tmux_start: start the server with its keeper session.
tmux_start() {
	$TM new-session -d -s keeper -x 80 -y 24 "sleep 86400"
}

# alt NAME: 1 while the pane shows the alternate screen (curses is on).
alt() { $TM display -p -t "$1" '#{alternate_on}'; }

# lspid NAME: the lockscope process in the pane.
lspid() { pgrep -P "$($TM display -p -t "$1" '#{pane_pid}')" -x lockscope; }

# screen NAME: the pane's text now, in $T/NAME.screen.
screen() { $TM capture-pane -p -t "$1" >"$T/$1.screen" 2>/dev/null; }

keys() {
	n=$1
	shift
	$TM send-keys -t "$n" "$@"
}

# wait_screen NAME REGEX: until the screen matches (at most 20 s).
wait_screen() {
	i=0
	while :; do
		screen "$1"
		grep -Eq -- "$2" "$T/$1.screen" && return 0
		i=$((i + 1))
		if [ $i -gt 200 ]; then
			echo "# waited for /$2/ on:"
			sed 's/^/# | /' "$T/$1.screen"
			return 1
		fi
		sleep 0.1
	done
}

# see NAME REGEX DESCRIPTION: a TAP line for wait_screen.
see() {
	if wait_screen "$1" "$2"; then ok "$3"; else not_ok "$3"; fi
}

# wait_file FILE REGEX: until FILE matches (at most 20 s).
wait_file() {
	i=0
	while ! grep -Eq "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 200 ] && return 1
		sleep 0.1
	done
}

# rc_of NAME: the program's exit status once it has ended.
rc_of() {
	wait_file "$T/$1.rc" '^[0-9]+$' && cat "$T/$1.rc"
}

# ---- the visit screen ----

# intake NAME OWN: fill lockscope visit's intake form (OWN: yes or no,
# the ownership box); Enter then starts the visit.
intake() {
	n=$1
	keys "$n" "A. Smith" Tab "Rental unit 4B" Tab "WO-77" Tab Down Down \
	    Down Space
	i=0
	while [ $i -lt 12 ]; do
		keys "$n" Tab
		i=$((i + 1))
	done
	if [ "$2" = yes ]; then
		keys "$n" Space Tab "owner present with deed" Tab
	else
		keys "$n" Tab Tab
	fi
}
