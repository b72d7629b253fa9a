# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope inspect against hci-emu: exact standard readings, the
# encrypted serial reported unavailable with its reason, the vendor secret
# never read (in no output, no capture), the Read Multiple Variable Length
# fallback and Read Blob on a 23-byte MTU, a lock that never completes the
# connection, a device never seen, and every ATT fault of the emulator
# (clear error, documented exit code, bounded time).
. tests/integration/lib.sh
# 59 checks and one per lock of gatt-layouts.json.
plan $((59 + $("$EMU" --scenario tests/scenarios/gatt-layouts.json --list |
    wc -l)))

SCN=tests/scenarios/inspect-lock.json
DOOR=C4:7C:8D:6A:12:01
PADLOCK=C4:7C:8D:6A:12:02
GHOST=C4:7C:8D:6A:12:03
SECRET='hunter2-SECRET-4711'
SECRET_HEX=68756e746572322d5345435245542d34373131

opts_check_page inspect

# jqt NAME FILTER DESCRIPTION: NAME has a device line, and the first
# satisfies FILTER.
jqt() {
	if jq -s -e "map(select(.type == \"device\")) |
	    if length == 0 then false else .[0] | $2 end" \
	    "$T/$1.out" >/dev/null 2>&1; then
		ok "$3"
	else
		not_ok "$3"
		show "$1"
	fi
}

# no_secret NAME [FILE...]: the vendor value is nowhere.
no_secret() {
	n=$1
	shift
	if cat "$T/$n.out" "$T/$n.err" "$@" | grep -aq -e "$SECRET" \
	    -e "$SECRET_HEX" -e 'hunter2'; then
		not_ok "$n: the vendor secret appears in the output"
	else
		ok "$n: the vendor secret appears in no output"
	fi
}

emu_start "$SCN"
# The laptop's clock before and after: the skew inspect reports lies
# between the lock's time minus each (however long the run took).
t_before=$(date -u +%s)
run door env TZ=UTC "$LS" inspect "$DOOR" --adapter "h4:unix:$SOCK" \
    --json --capture "$T/door.btsnoop"
t_after=$(date -u +%s)
expect_rc door 0 "inspect front-door"
jqt door '.gatt.manufacturer.value == "Acme Locks" and
    .gatt.model.value == "AL-200" and .gatt.firmware.value == "1.4.2" and
    .gatt.hardware.value == "rev B" and .gatt.software.value == "2.0.1" and
    .gatt.pnp_id.value == "usb:v045Ep028Ed1234"' \
    "device information: exact strings and PnP ID"
jqt door '.gatt.firmware.provenance == "observed" and
    .gatt.firmware.source == "gatt 2a26" and .firmware == "1.4.2"' \
    "firmware: provenance observed, source gatt 2a26"
jqt door '.gatt.battery_percent.value == 75 and
    .gatt.battery_volts.value == 3.01 and
    .gatt.battery_status.value == "good, discharging" and
    .battery.percent == 75 and .battery.source == "gatt"' \
    "battery: 75 %, 3.01 V (SFLOAT), good and discharging"
jqt door '.gatt.clock.value == "2026-11-23T12:04:31" and
    (.gatt.clock_skew_s.value | type) == "number"' \
    "clock: the lock's Current Time and a skew"
lock=$(date -u -d 2026-11-23T12:04:31Z +%s)
jqt door ".gatt.clock_skew_s.value >= $((lock - t_after - 1)) and
    .gatt.clock_skew_s.value <= $((lock - t_before + 1))" \
    "clock skew: lock time minus laptop time (TZ=UTC)"
jqt door '.gatt.serial.value == null and
    .gatt.serial.provenance == "unavailable" and
    .gatt.serial.reason == "needs pairing or vendor authorization"' \
    "encrypted serial: unavailable, needs pairing or vendor authorization"
jqt door '.gatt.code_slots == null' "code_slots: null (no standard source)"
jqt door '[.services[].uuid] == ["180a", "180f", "1805",
    "a0b40001-7e57-4c0c-9c3a-5e1c0ffee000"]' "service map: UUIDs"
jqt door '(.services[3].characteristics | map(.uuid + ":" +
    (.properties | join(","))) ) == [
    "a0b40002-7e57-4c0c-9c3a-5e1c0ffee000:read,write",
    "a0b40003-7e57-4c0c-9c3a-5e1c0ffee000:write,notify"]' \
    "service map: vendor characteristics, UUIDs and properties only"
jqt door '(.services[] | .characteristics[] | keys) ==
    ["handle", "properties", "uuid"]' "service map: no values"
jqt door '.connection_rssi == -58 and .rssi == -58' "RSSI: advertising and connection"
check "summary: no error, Read Multiple Variable Length used" sh -c \
    "tail -n 1 '$T/door.out' | jq -en 'input | .type == \"summary\" and
    .error == null and .read_multiple_variable and
    .att_requests <= 6' >/dev/null"
no_secret door "$T/door.btsnoop"
check "capture: a btsnoop file with ACL data" sh -c \
    "head -c 8 '$T/door.btsnoop' | grep -q btsnoop &&
    [ \$(wc -c <'$T/door.btsnoop') -gt 2000 ]"

run human "$LS" inspect "$DOOR" --adapter "h4:unix:$SOCK"
expect_rc human 0 "inspect front-door, human output"
check "human output: firmware, voltage, reason" sh -c \
    "grep -q '^  Firmware  *1.4.2$' '$T/human.out' &&
    grep -q '^  Voltage  *3.01 V$' '$T/human.out' &&
    grep -q 'Serial  *unavailable: needs pairing or vendor authorization' \
    '$T/human.out'"
check "human output fits 80 columns" sh -c \
    "! awk 'length > 80' '$T/human.out' | grep -q ."
no_secret human

out=$(ctl "stats front-door")
case "$out" in
*" vendor_value_reads 0"*) ok "hci-emu: no vendor value was ever read ($out)" ;;
*)	not_ok "hci-emu stats front-door: '$out'" ;;
esac

run pad "$LS" inspect "$PADLOCK" --adapter "h4:unix:$SOCK" --json
expect_rc pad 0 "inspect old-padlock (ATT_MTU 23, no Read Multiple Variable)"
jqt pad '.gatt.model.value ==
    "Padlock-Model-XXX-2026-with a-long-name" and .att_mtu == 23' \
    "long value over a 23-byte MTU read whole (Read Blob)"
jqt pad '.gatt.firmware.value == "hex:010402"' "BCD firmware shown as hex"
jqt pad '.gatt.battery_percent.value == 10' "battery level read without Read Multiple Variable"
check "summary: Read Multiple Variable Length not used" sh -c \
    "tail -n 1 '$T/pad.out' |
    jq -en 'input | .read_multiple_variable == false' >/dev/null"

# The emulator helper's inspection site: exact values, and the request
# count the lock saw equals the one inspect reports.
emu_start tests/scenarios/gatt-lock.json
run gl "$LS" inspect C4:7C:8D:6A:20:01 --adapter "h4:unix:$SOCK" --json \
    --capture "$T/gl.btsnoop"
expect_rc gl 0 "inspect gatt-lock"
jqt gl '.gatt.manufacturer.value == "Acme Locks" and
    .gatt.model.value == "AL-500" and .gatt.firmware.value == "2.4.1" and
    .gatt.hardware.value == "B2" and .gatt.software.value == "2.4.1-r7" and
    .gatt.pnp_id.value == "bluetooth:v05F1p0500d0241" and
    .gatt.battery_percent.value == 75 and .gatt.battery_volts.value == 5.85 and
    .gatt.clock.value == "2026-11-23T12:30:00" and
    .gatt.serial.reason == "needs pairing or vendor authorization"' \
    "gatt-lock: exact readings, serial needs pairing"
if cat "$T/gl.out" "$T/gl.err" "$T/gl.btsnoop" | grep -aq 'GATT-SECRET'
then
	not_ok "gatt-lock: the vendor secret appears in an output"
else
	ok "gatt-lock: the vendor secret appears in no output or capture"
fi
out=$(ctl "stats gatt-lock")
n=$(tail -n 1 "$T/gl.out" | jq -r .att_requests)
case "$out" in
*"att_requests $n "*" vendor_value_reads 0"*)
	ok "gatt-lock: $n ATT requests seen by the lock, no vendor value read" ;;
*)	not_ok "gatt-lock: inspect says $n requests; hci-emu: '$out'" ;;
esac
# The figure the issue asks for, counted from the capture by tshark:
# ATT requests the tool sent (Core 5.4 Vol 3 Part F §3.4.8 request
# opcodes), at most 6 for this lock (vendor service, encrypted serial).
c=$(tshark -r "$T/gl.btsnoop" -Y btatt -T fields -e hci_h4.direction \
    -e btatt.opcode 2>/dev/null | awk '$1 == "0x00" &&
    $2 ~ /^0x(02|04|06|08|0a|0c|0e|10|12|16|18|20)$/ { n++ }
    END { print n + 0 }')
if [ "$c" = "$n" ] && [ "$c" -le 6 ]; then
	ok "gatt-lock: $c ATT requests in the capture (goal <= 6)"
else
	not_ok "gatt-lock: capture shows $c ATT requests, inspect says $n"
fi
# The same capture replayed: the readings the lock answered, from the
# one Read Multiple Variable Length of more than 8 handles.
"$LS" replay --json "$T/gl.btsnoop" >"$T/glr.out" 2>"$T/glr.err"
ndjson_keep "$T/glr.out"
check "gatt-lock capture replayed: readings from the capture" sh -c \
    "jq -e 'select(.address == \"C4:7C:8D:6A:20:01\") |
    .gatt.firmware.value == \"2.4.1\" and
    .gatt.firmware.source == \"capture\" and
    .gatt.battery_volts.value == 5.85 and .gatt.serial == null' \
    '$T/glr.out' | grep -qx true"

# A lock that asks to pair and for other connection parameters: Pairing
# Not Supported, the update rejected, the inspection completes.
run picky "$LS" inspect C4:7C:8D:6A:20:05 --adapter "h4:unix:$SOCK" --json
expect_rc picky 0 "inspect a lock that asks to pair and for a 50 ms interval"
jqt picky '.gatt.battery_percent.value == 80' "gatt-picky: battery read"
out=$(ctl "stats gatt-picky")
case "$out" in
*" pairing_not_supported 1 "*" param_rejected 1 "*)
	ok "gatt-picky: Pairing Not Supported sent, parameter update rejected" ;;
*)	not_ok "gatt-picky: '$out'" ;;
esac
emu_start "$SCN"

# A lock that never completes the connection: clear error within 20 s.
timeout -k 2 20 "$LS" inspect "$GHOST" --adapter "h4:unix:$SOCK" \
    >"$T/ghost.out" 2>"$T/ghost.err"
RC=$?
expect_rc ghost 69 "lock that never completes the connection"
expect_err ghost "did not complete the connection" "connection timeout: clear error"

run unseen "$LS" inspect C4:7C:8D:6A:12:99 --adapter "h4:unix:$SOCK" \
    --timeout 1
expect_rc unseen 69 "device never seen"
expect_err unseen "not seen within 1 s" "device never seen: clear error"

run badaddr "$LS" inspect C4:7C:8D --adapter "h4:unix:$SOCK"
expect_rc badaddr 64 "bad address"
run noaddr "$LS" inspect --adapter "h4:unix:$SOCK"
expect_rc noaddr 64 "no address"

# fault KIND WANT-RC REGEX: inspect front-door under an emulator fault.
fault() {
	emu_start "$SCN" --fault "$1"
	timeout -k 2 20 "$LS" inspect "$DOOR" --adapter "h4:unix:$SOCK" \
	    --json --capture "$T/$1.btsnoop" >"$T/$1.out" 2>"$T/$1.err"
	RC=$?
	[ "$RC" -lt 124 ] && ndjson_keep "$T/$1.out"
	expect_rc "$1" "$2" "fault $1"
	if [ -n "$3" ]; then
		expect_err "$1" "$3" "fault $1: clear error"
	fi
	no_secret "$1" "$T/$1.btsnoop"
}
fault att-silent 69 "did not answer an ATT .* in time"
fault att-malformed 65 "malformed"
fault att-oversized 65 "malformed or oversized"
fault disconnect-mid 69 "connection was lost"
fault notify-flood 0 ""
jqt notify-flood '.gatt.firmware.value == "1.4.2" and
    .gatt.battery_volts.value == 3.01' "notification flood: readings intact"
emu_stop

# Layouts (gatt-layouts.json): the Find Information route finds the same
# services, characteristics and readings as the full enumeration of the
# same lock, in fewer requests, and never reads a vendor value.
emu_start tests/scenarios/gatt-layouts.json
map='[.services[] | [.uuid, .start, .end, [.characteristics[] |
    [.uuid, .handle, (.properties | join(","))]]]]'
vals='.gatt | del(.clock_skew_s) | map_values(if . == null then null
    else del(.at) end)'
for id in $("$EMU" --scenario tests/scenarios/gatt-layouts.json --list |
    cut -f 1); do
	a=$("$EMU" --scenario tests/scenarios/gatt-layouts.json --list |
	    awk -v id="$id" '$1 == id { print $2 }')
	run "fi-$id" "$LS" inspect "$a" --adapter "h4:unix:$SOCK" --json
	run "fu-$id" "$LS" inspect "$a" --adapter "h4:unix:$SOCK" --json \
	    --full-enumeration
	f=$(head -n 1 "$T/fi-$id.out" | jq -c "($map), ($vals)" 2>/dev/null)
	u=$(head -n 1 "$T/fu-$id.out" | jq -c "($map), ($vals)" 2>/dev/null)
	nf=$(tail -n 1 "$T/fi-$id.out" | jq -r .att_requests 2>/dev/null)
	nu=$(tail -n 1 "$T/fu-$id.out" | jq -r .att_requests 2>/dev/null)
	st=$(ctl "stats $id")
	if [ -n "$f" ] && [ "$f" = "$u" ] && [ "$nf" -lt "$nu" ]; then
		case $st in
		*" vendor_value_reads 0"*)
			ok "layout $id: same map and readings as full" \
			    "enumeration, $nf requests against $nu," \
			    "no vendor value read" ;;
		*)	not_ok "layout $id: a vendor value was read ($st)" ;;
		esac
	else
		not_ok "layout $id: Find Information route differs ($nf/$nu)"
		show "fi-$id"
		show "fu-$id"
	fi
done
if cat "$T"/fi-*.out "$T"/fi-*.err | grep -q 'SECRET-'; then
	not_ok "layouts: a vendor secret appears in an output"
else
	ok "layouts: no vendor secret in any output"
fi
emu_stop

# The kernel's stack is absent on the test machine: clear error, 69.
run kernel "$LS" inspect "$DOOR" --adapter hci0 --timeout 1
if [ "$RC" -eq 69 ] || [ "$RC" -eq 77 ]; then
	ok "inspect through hci0 without a usable kernel stack (exit $RC)"
else
	not_ok "inspect through hci0: exit $RC, want 69 or 77"
	show kernel
fi
