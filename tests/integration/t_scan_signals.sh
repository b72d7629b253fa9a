# SPDX-License-Identifier: GPL-3.0-or-later
# Ctrl-C ends a scan cleanly with a summary; hostile names cannot reach
# the terminal as escape sequences.
. tests/integration/lib.sh
plan 10

emu_start tests/scenarios/demo.json
# --foreground: timeout then passes the SIGINT to lockscope once; without
# it, it also signals its whole group, and a second SIGINT landing after
# the scan has ended and restored the default action kills it (130).
timeout --foreground -k 2 20 "$LS" scan --adapter "h4:unix:$SOCK" \
    --duration 0 --json >"$T/int.out" 2>"$T/int.err" &
pid=$!
# Interrupt once the scan runs: it has reported a device.
wait_until 20 has_device "$T/int.out"
kill -INT $pid
wait $pid
RC=$?
ndjson_keep "$T/int.out"
expect_rc int 0 "SIGINT ends an endless scan cleanly"
check "SIGINT: summary says interrupted" sh -c \
    "tail -n 1 '$T/int.out' | jq -en 'input | .type == \"summary\" and .interrupted' >/dev/null"
check "SIGINT: one final line per device, then the summary" sh -c \
    "jq -e -s '.[-1] as \$s | \$s.type == \"summary\" and \$s.devices > 0 and
    (.[-(\$s.devices + 1):-1] | all(.type == \"device\" and .final)) and
    ([.[] | select(.final)] | length) == \$s.devices and
    ([.[] | select(.final) | .address] | unique | length) == \$s.devices' \
    '$T/int.out' >/dev/null"

# A device whose name is an escape sequence and invalid UTF-8.
cat >"$T/evil.json" <<'JSON'
{
  "scenario": 1,
  "name": "hostile names",
  "ble": [
    {"id": "evil", "address": "11:22:33:44:55:66", "address_type": "public",
     "interval_ms": 50, "rssi": -40,
     "adv": "0201060d091b5b324a1b5d303bff41c0af" }
  ]
}
JSON
emu_start "$T/evil.json" || bail "hci-emu did not start with a hostile name"
run evil "$LS" scan --adapter "h4:unix:$SOCK" --duration 1
expect_rc evil 0 "scan a device with a hostile name"
if tr -d '\n' <"$T/evil.out" | grep -q "$(printf '\033')"; then
	not_ok "hostile name: an escape byte reached the output"
else
	ok "hostile name: no escape byte in the table"
fi
run evilj "$LS" scan --adapter "h4:unix:$SOCK" --duration 1 --json
check "hostile name: JSON is valid and the name sanitised" sh -c \
    "jq -s -e '[.[] | select(.type == \"device\")] | length > 0 and
    all(.name | test(\"^[?]\\\\[2J\"))' '$T/evilj.out' >/dev/null"

# On a terminal the live table is a screen of its own (the alternate
# screen, left at the end), then the table is printed with the battery
# coloured (90 % is green); NO_COLOR turns colour and bold off.
# script(1) gives a pty; TERM names a terminal terminfo knows.
emu_start tests/scenarios/demo.json
ESC=$(printf '\033')
TERM=xterm script -qfec "$LS scan --adapter h4:unix:$SOCK --duration 1.5" \
    /dev/null >"$T/tty.out" 2>&1 </dev/null
check "terminal: battery coloured green" grep -q "${ESC}\[32m *90%" "$T/tty.out"
check "terminal: the live table on a screen of its own, left at the end" \
    sh -c "grep -q '${ESC}\[?1049h' '$T/tty.out' &&
    grep -q '${ESC}\[?1049l' '$T/tty.out'"
NO_COLOR=1 TERM=xterm script -qfec \
    "$LS scan --adapter h4:unix:$SOCK --duration 1.5" \
    /dev/null >"$T/nocolor.out" 2>&1 </dev/null
if grep -Eq "${ESC}\[([0-9]*;)*(1|3[0-8]|4[0-8])(;[0-9]*)*m" \
    "$T/nocolor.out"; then
	not_ok "NO_COLOR: no colour or bold"
else
	ok "NO_COLOR: no colour or bold"
fi
check "NO_COLOR: the table is still there" grep -q "90%" "$T/nocolor.out"
