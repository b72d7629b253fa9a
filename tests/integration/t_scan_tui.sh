# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope scan's live table, driven in tmux against hci-emu with a site
# of 22 locks and 4 other advertisers whose RSSI jitters: the header cut
# to 80 and 120 columns (never wrapped), no residue between redraws, the
# same row order in captures a second apart, a lock switched off dimmed
# with its age then gone after --ttl, and the keys: /, l, s, Space, f,
# Enter -> visit (the adapter handed over and taken back), q.  Every wait
# polls capture-pane up to a deadline.
. tests/integration/lib.sh
. tests/integration/tmux.sh
plan 56

ESC=$(printf '\033')

# live NAME X Y ARGS...: lockscope scan in a new tmux session NAME (cwd
# $T); its exit status lands in $T/NAME.rc.
live() {
	n=$1
	x=$2
	y=$3
	shift 3
	rm -f "$T/$n.rc"
	$TM new-session -d -c "$T" -x "$x" -y "$y" -s "$n" \
	    "env LANG=C.UTF-8 $PWD/$LS scan --adapter h4:unix:$SOCK $*; \
	    echo \$? >$T/$n.rc; sleep 120"
}

# order NAME: the addresses of the table's rows, top to bottom, from the
# last capture.
order() {
	sed -n '3,$p' "$T/$1.screen" |
	    grep -Eo '^([0-9A-F]{2}:){5}[0-9A-F]{2}' | tr '\n' ' '
}

# header_ok NAME COLS LINES: the bar on line 1 only (the headings on line
# 2, the footer on the last line), the screen LINES lines.
header_ok() {
	sed -n 1p "$T/$1.screen" | grep -q '^ lockscope scan  ' &&
	    sed -n 2p "$T/$1.screen" | grep -q '^ADDRESS ' &&
	    sed -n "${3}p" "$T/$1.screen" | grep -q 'q quit' &&
	    test "$(grep -c '' "$T/$1.screen")" = "$3" &&
	    test "$(grep -c 'lockscope scan' "$T/$1.screen")" = 1 &&
	    ! awk -v w="$2" 'length($0) > w { bad = 1 } END { exit !bad }' \
	    "$T/$1.screen"
}

# dimmed NAME ADDRESS: the row of ADDRESS is drawn dim (SGR 2).
dimmed() {
	$TM capture-pane -e -p -t "$1" >"$T/$1.escreen"
	grep "$2" "$T/$1.escreen" | grep -q "$ESC\[\([0-9;]*;\)\{0,1\}2[;m]"
}

if ! command -v tmux >/dev/null; then
	skip_all "tmux is not installed (scripts/install-deps.sh)"
fi
sh tests/scenarios/gen-many.sh 22 4 >"$T/site.json"
emu_start "$T/site.json" || bail "hci-emu did not start"
tmux_start || bail "tmux did not start"

# 1. 80x24: the header fits, every device comes, nothing is left behind.
live t 80 24 --ttl 14
see t '26 devices, 22 locks' "80x24: every device is listed (26, 22 locks)"
bar=" lockscope scan  00:00  26 devices, 22 locks  extended  h4:unix:$SOCK"
check "80x24: the whole bar would be ${#bar} columns: it must be cut" \
    test "${#bar}" -gt 80
sleep 1
screen t
check "80x24: the header is one line, cut to 80 columns, not wrapped" \
    header_ok t 80 24
check "80x24: 20 rows shown, locks first" \
    test "$(order t | wc -w)" = 20 -a "$(grep -c 'sensor-' "$T/t.screen")" = 0
check "80x24: the status line counts the rows" grep -q 'rows 1-20 of 26' \
    "$T/t.screen"

# 2. A steady order: once the smoothed signals have settled, captures a
# second apart list the rows in the same order (the means are 1 dB apart
# and the jitter is 3 dB: without hysteresis they would swap).
sleep 4
screen t
o1=$(order t)
sleep 1
screen t
o2=$(order t)
sleep 1
screen t
o3=$(order t)
check "steady: the same order 1 s later" test "$o1" = "$o2"
check "steady: and 2 s later" test "$o2" = "$o3"
check "80x24 after redraws: still one bar, no residue" header_ok t 80 24

# 3. 120x40: the same bar, a VENDOR column, every row.
$TM resize-window -t t -x 120 -y 40
see t '^ADDRESS .*VENDOR' "120x40: redrawn with a VENDOR column"
check "120x40: the header is one line, cut to 120 columns" \
    header_ok t 120 40
check "120x40: all 26 rows shown, the 4 others last" sh -c \
    "test \$(grep -Ec '^([0-9A-F]{2}:){5}' '$T/t.screen') = 26 &&
    sed -n '25,28p' '$T/t.screen' | grep -c sensor- | grep -qx 4"

# ?: the help, closed by any key.
keys t '?'
see t 'moves only when it beats the row above by more than 4 dB' \
    "?: the help explains the order and the keys"
keys t x
see t 'sort: signal *$' "any key closes the help"
check "the footer shows the keys" grep -q \
    'Up/Dn Enter  f find  / filter  l locks  s sort  Space freeze  ? help' \
    "$T/t.screen"

# 4. l: locks only, and back.
keys t l
see t 'locks only' "l: the status says locks only"
check "l: no other advertiser is left" sh -c \
    "! grep -q sensor- '$T/t.screen' && grep -q lock-0000 '$T/t.screen'"
keys t l
see t 'sensor-0003' "l again: the others are back"

# 5. /: filter by name, by address without colons, by family; Esc clears.
keys t / sensor-000
see t 'Filter: sensor-000_' "/: the filter is typed on the status line"
check "/: only the rows of that name" sh -c \
    "test \$(grep -Ec '^([0-9A-F]{2}:){5}' '$T/t.screen') = 4"
keys t Enter
see t 'filter: sensor-000' "/ Enter: the filter is kept"
keys t Escape
see t 'sort: signal *$' "Esc: the filter is cleared"
sleep 0.3
keys t / 1BDC000005 Enter
see t 'filter: 1BDC000005' "/ address without colons"
check "/ address: the one row, 00:1B:DC:00:00:05" sh -c \
    "test \$(grep -Ec '^([0-9A-F]{2}:){5}' '$T/t.screen') = 1 &&
    grep -q '^00:1B:DC:00:00:05 ' '$T/t.screen'"
keys t Escape
sleep 0.3
keys t / GENERIC Enter
see t 'filter: GENERIC' "/ family, any case"
check "/ family: the 22 locks" sh -c \
    "test \$(grep -Ec '^([0-9A-F]{2}:){5}' '$T/t.screen') = 22"
keys t Escape

# 6. s: the sorts in turn.
keys t s
see t 'sort: name' "s: sort by name"
check "s name: lock-0000 first, lock-0001 second" sh -c \
    "sed -n 3p '$T/t.screen' | grep -q lock-0000 &&
    sed -n 4p '$T/t.screen' | grep -q lock-0001"
keys t s
see t 'sort: family' "s: sort by family"
keys t s
see t 'sort: last heard' "s: sort by last heard"
keys t s
see t 'sort: signal' "s: back to signal"

# 7. Space freezes: a lock stepped to -30 dBm stays put while frozen,
# then moves to the top (a real change of rank passes the margin).
$TM resize-window -t t -x 80 -y 24
sleep 3
keys t Space
see t FROZEN "Space: the display is frozen"
ctl_ok "rssi lock-0021 -30" || not_ok "ctl rssi"
sleep 3
screen t
check "frozen: the stepped lock has not moved to the top" sh -c \
    "! sed -n 3p '$T/t.screen' | grep -q lock-0021"
keys t Space
see t 'sort: signal  rows' "Space again: the display runs again"
k=0
until sed -n 3p "$T/t.screen" | grep -q lock-0021 || [ $k -gt 100 ]; do
	sleep 0.1
	screen t
	k=$((k + 1))
done
check "a real change: the stepped lock moves to the top" sh -c \
    "sed -n 3p '$T/t.screen' | grep -q lock-0021"

# 8. A lock switched off: dimmed with its age, then gone after --ttl.
ctl_ok "advertise lock-0000 off" || not_ok "ctl advertise off"
see t '^C2:4C:00:00:00:00 .* 1[0-9] s  lock-0000' \
    "switched off: its age shows (10 s and more)"
check "switched off: its row is dimmed" dimmed t 'C2:4C:00:00:00:00'
check "the others are not dimmed" sh -c \
    "! grep '00:1B:DC:00:00:03' '$T/t.escreen' |
    grep -q '$ESC\[\([0-9;]*;\)\{0,1\}2[;m]'"
see t '1 gone \(ttl 14 s\)' "after --ttl: the status counts it gone"
check "after --ttl: its row left the table" sh -c \
    "! grep -q 'C2:4C:00:00:00:00' '$T/t.screen'"
ctl_ok "advertise lock-0000 on" || not_ok "ctl advertise on"
see t '^C2:4C:00:00:00:00 .* now  lock-0000' "heard again: back in the table"

# 9. f: the proximity finder on the selected row, Esc back.
keys t Home f
see t '^ lockscope find  lock-0021  00:1B:DC:00:00:15' \
    "f: the finder opens on the selected lock"
see t 'Signal +-[0-9]+\.[0-9] dBm smoothed' "f: its smoothed signal"
keys t Escape
see t '^ lockscope scan ' "Esc: back to the table"

# 10. Enter -> inspect, then visit: the adapter is handed over, then
# taken back.
keys t Home Enter
see t 'i  inspect' "Enter: inspect, visit and find are offered"
keys t i
see t 'lock-0021  00:1B:DC:00:00:15' \
    "i: lockscope inspect reads the selected lock"
see t 'Enter: back to the scan' "inspect done: the scan asks to come back"
keys t Enter
see t '^ lockscope scan ' "Enter: back to the table after inspect"
# The report names of the next seconds exist: the visit must pick
# another name and leave them alone.
i=0
now=$(date +%s)
while [ $i -lt 30 ]; do
	stamp=$(date -d "@$((now + i))" +%Y%m%dT%H%M%S)
	echo keep >"$T/visit-001BDC000015-$stamp.json"
	i=$((i + 1))
done
keys t Home Enter
see t 'v  visit' "Enter again: the choice"
keys t v
see t '^ lockscope visit  00:1B:DC:00:00:15  intake' \
    "v: the visit screen of the selected lock"
keys t C-c
see t 'Enter: back to the scan' "visit quit: the scan asks to come back"
$TM capture-pane -J -p -t t >"$T/t.joined"
check "visit: an existing report's name is not taken (-2)" \
    grep -q -- '--out visit-001BDC000015-[0-9]\{8\}T[0-9]\{6\}-2\.json' \
    "$T/t.joined"
check "visit quit on its form: nothing written, the 30 files intact" sh -c \
    "test \$(ls '$T'/visit-* | wc -l) = 30 &&
    test \$(cat '$T'/visit-* | grep -c keep) = 30"
keys t Enter
see t '26 devices, 22 locks' "Enter: the table is back, every device kept"
see t '^00:1B:DC:00:00:15 .* now ' "the adapter was opened again: heard now"

# 11. q ends the scan: the whole table and the summary, exit 0.
keys t q
check "q: exit status 0" test "$(rc_of t)" = 0
screen t
check "q: the summary is printed" grep -q '26 devices (22 locks)' \
    "$T/t.screen"
