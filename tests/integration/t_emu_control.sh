# SPDX-License-Identifier: GPL-3.0-or-later
# hci-emu's control lines advertise and rssi (hci-emu(1) CONTROL
# PROTOCOL), seen through lockscope scan and inspect: a device switched
# off is not heard and cannot be connected; switched on it is heard again;
# a new mean RSSI shows in the reports; bad lines answer "error: ...".
. tests/integration/lib.sh
plan 10

FRONT=C4:7C:8D:6A:12:01
emu_start tests/scenarios/visit.json || bail "hci-emu did not start"


check "advertise off answers ok" ctl_ok "advertise front-door off"
run off "$LS" scan --adapter "h4:unix:$SOCK" --duration 2 --json
# rssis NAME: the front door's RSSI in each device line of NAME's scan.
rssis() {
	jq -r --arg a "$FRONT" 'select(.type == "device" and
	    .address == $a) | .rssi' "$T/$1.out"
}
check "off: the device is not heard, the others are" sh -c \
    "[ -z '$(rssis off)' ] && grep -q '12:02' '$T/off.out'"
run conn "$LS" inspect "$FRONT" --adapter "h4:unix:$SOCK" --timeout 2
check "off: inspect does not reach it (exit 69)" [ "$RC" = 69 ]
check "advertise on answers ok" ctl_ok "advertise front-door on"
check "rssi answers ok" ctl_ok "rssi front-door -90"
run on "$LS" scan --adapter "h4:unix:$SOCK" --duration 2 --json
v=$(rssis on | tail -n 1)
check "on: the device is heard again" [ -n "$v" ]
check "rssi: reports within the new mean's jitter (got $v)" \
    [ "${v:-0}" -ge -93 -a "${v:-0}" -le -87 ]
r=$(ctl "advertise nope off")
check "advertise: an unknown device is named ($r)" \
    [ "$r" = "error: unknown device 'nope'" ]
r=$(ctl "advertise front-door maybe")
check "advertise: usage ($r)" \
    [ "$r" = "error: usage: advertise DEVICE-ID off|on" ]
r1=$(ctl "rssi front-door 99")
r2=$(ctl "rssi front-door loud")
check "rssi: out of range and not a number are refused" \
    [ "$r1" = "error: RSSI 99 dBm is outside -127..20" -a \
    "$r2" = "error: usage: rssi DEVICE-ID DBM" ]
