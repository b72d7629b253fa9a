# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope find against hci-emu: its help and man page agree, usage
# errors, the line a second when not on a terminal (and the exit status
# when the lock is never heard), and the finder screen in tmux: the trend
# turns to closer and to farther as the lock's RSSI is stepped over the
# emulator's control socket, the bell rings (not with --quiet), the
# warning once the lock is silent, q ends.
. tests/integration/lib.sh
. tests/integration/tmux.sh
plan 26

LINE='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z '

opts_check_page find

run none "$LS" find --adapter x
expect_rc none 64 "no lock given"
run two "$LS" find a b --adapter x
expect_rc two 64 "two locks given"
expect_err two "one lock at a time" "two locks: the message says why"
run bad "$LS" find lock-0001 --adapter x --duration -1
expect_rc bad 64 "bad --duration"

sh tests/scenarios/gen-many.sh 3 >"$T/site.json"
emu_start "$T/site.json" || bail "hci-emu did not start"

# Not a terminal: a line a second.
run lines "$LS" find lock-0001 --adapter "h4:unix:$SOCK" --duration 3.5
expect_rc lines 0 "not a terminal: the lock was heard (exit 0)"
n=$(grep -c '' "$T/lines.out")
check "not a terminal: a line a second (3.5 s: $n lines)" \
    test "$n" -ge 2 -a "$n" -le 4
check "not a terminal: TIME RSSI SMOOTHED TREND" sh -c \
    "grep -Ev '${LINE}-?[0-9]+ -?[0-9]+\.[0-9] (steady|closer|farther)\$' \
    '$T/lines.out' | grep -q . && exit 1; exit 0"
run addr "$LS" find 00:1b:dc:00:00:01 --adapter "h4:unix:$SOCK" -d 1.5
check "by address, any case: the same lock" grep -Eq "${LINE}-[0-9]+ " \
    "$T/addr.out"
run gone "$LS" find no-such-lock --adapter "h4:unix:$SOCK" --duration 1.5
expect_rc gone 1 "never heard: exit 1"
expect_err gone "'no-such-lock' was not heard" "never heard: said on stderr"
check "never heard: searching, no RSSI" grep -Eq "${LINE}- - searching\$" \
    "$T/gone.out"

if ! command -v tmux >/dev/null; then
	skip_all "tmux is not installed (scripts/install-deps.sh)"
fi
tmux_start || bail "tmux did not start"

# rang NAME: the bell rang in NAME's window.
rang() { test "$($TM display -p -t "$1" '#{window_bell_flag}')" = 1; }

# finder NAME ARGS...: lockscope find in a new 80x24 tmux session NAME.
finder() {
	n=$1
	shift
	rm -f "$T/$n.rc"
	$TM new-session -d -x 80 -y 24 -s "$n" \
	    "env LANG=C.UTF-8 $PWD/$LS find --adapter h4:unix:$SOCK $*; \
	    echo \$? >$T/$n.rc; sleep 120"
}

ctl_ok "rssi lock-0001 -80" || not_ok "ctl rssi -80"
finder f lock-0001
see f '^ lockscope find  lock-0001  00:1B:DC:00:00:01' \
    "screen: the lock and its address in the bar"
see f 'Signal +-[0-9]+\.[0-9] dBm smoothed' "screen: the smoothed signal"
see f 'Last minute' "screen: the history graph"
see f 'Trend +steady' "screen: steady while the signal holds"
check "bell: it rings while the lock is heard" wait_until 10 rang f
ctl_ok "rssi lock-0001 -40" || not_ok "ctl rssi -40"
see f 'Trend +CLOSER' "stepped to -40 dBm: closer"
ctl_ok "rssi lock-0001 -95" || not_ok "ctl rssi -95"
see f 'Trend +FARTHER' "stepped to -95 dBm: farther"
ctl_ok "advertise lock-0001 off" || not_ok "ctl advertise off"
see f 'Not heard for 1[0-9] s' "switched off: not heard for N s"
see f 'Trend +silent' "switched off: the trend says silent"
keys f q
check "q: exit status 0" test "$(rc_of f)" = 0
ctl_ok "advertise lock-0001 on" || not_ok "ctl advertise on"

finder q lock-0002 --quiet
see q 'Signal +-[0-9]+\.[0-9] dBm smoothed' "--quiet: the screen runs"
sleep 3
check "--quiet: no bell" sh -c \
    "test \"\$($TM display -p -t q '#{window_bell_flag}')\" = 0"
keys q C-c
check "Ctrl-C: exit status 0" test "$(rc_of q)" = 0
