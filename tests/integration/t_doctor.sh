# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope doctor on the real system (this machine has no Bluetooth and
# no NFC hardware) and on the recorded fixtures in tests/doctor/, one per
# failure case: each names the cause and the fix.  Also the errors of
# --adapter usb and user:hci0 when nothing is there.
. tests/integration/lib.sh
plan 51

opts_check_page doctor

# ck CASE [doctor options...]: run doctor --json on fixture CASE.
ck() {
	c=$1
	shift
	run "$c" env LOCKSCOPE_SYSROOT="tests/doctor/$c" NO_COLOR=1 \
	    "$LS" doctor --json "$@"
}
# has NAME ID STATUS REGEX DESCRIPTION: the check line ID has STATUS and
# matches REGEX (finding and fix are on that one line).
has() {
	line=$(grep "\"id\":\"$2\"" "$T/$1.out")
	if echo "$line" | grep -q "\"status\":\"$3\"" &&
	    echo "$line" | grep -Eq -- "$4"; then
		ok "$5"
	else
		not_ok "$5: want $2 $3 /$4/"
		show "$1"
	fi
}

# --- the real system: nothing there ----------------------------------
run real env -u LOCKSCOPE_SYSROOT -u LOCKSCOPE_ADAPTER NO_COLOR=1 "$LS" doctor
expect_rc real 1 "doctor on this machine (no hardware): findings"
check "real: says there is no Bluetooth and what to plug in" \
    grep -q "no Bluetooth hardware" "$T/real.out"
check "real: Bluetooth fix names a USB dongle" \
    grep -q "fix: plug in a Bluetooth 4.0 or later USB dongle" "$T/real.out"
check "real: says there is no NFC reader" grep -q "no NFC reader" "$T/real.out"
check "real: NFC fix names readers to plug in" \
    grep -Eq "plug in a USB NFC reader" "$T/real.out"
check "real: ends with a verdict" grep -q "^not ready: " "$T/real.out"
if awk 'length > 80 { bad = 1 } END { exit bad }' "$T/real.out"; then
	ok "real: every line fits 80 columns"
else
	not_ok "real: lines over 80 columns"
	show real
fi
check "real: NO_COLOR means no escape sequences" \
    sh -c "! grep -q \"$(printf '\033')\" '$T/real.out'"
check "real: nothing on stderr" test ! -s "$T/real.err"

run realj env -u LOCKSCOPE_SYSROOT -u LOCKSCOPE_ADAPTER "$LS" doctor --json
expect_rc realj 1 "doctor --json on this machine"
n=$(grep -c '"type":"check"' "$T/realj.out")
check "real --json: 12 check lines ($n)" test "$n" -eq 12
check "real --json: one summary line, last" \
    sh -c "tail -1 '$T/realj.out' | grep -q '\"type\":\"summary\".*\"ready\":false'"
if command -v python3 >/dev/null; then
	check "real --json: every line is JSON with type, id, status" \
	    python3 -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o["type"] == "check":
        assert o["status"] in ("ok", "info", "warn", "fail"), o
        assert isinstance(o["finding"], str) and o["id"]
        assert o["fix"] is None or isinstance(o["fix"], str)
' "$T/realj.out"
else
	skip 1 "python3 is not installed"
fi
has realj bt-adapter fail "no Bluetooth hardware" "real --json: bt-adapter fails"
has realj nfc-reader warn "no NFC reader" "real --json: nfc-reader warns"

# --- recorded cases --------------------------------------------------
ck nothing
expect_rc nothing 1 "fixture nothing"
has nothing bt-kernel fail "no Bluetooth support.*modprobe bluetooth" \
    "nothing: no kernel Bluetooth, fix modprobe"
has nothing bt-adapter fail "no Bluetooth hardware.*plug in" \
    "nothing: no adapter, plug one in"

ck ready
expect_rc ready 0 "fixture ready: exit 0"
check "ready: summary ready true" grep -q '"ready":true' "$T/ready.out"
run readyh env LOCKSCOPE_SYSROOT=tests/doctor/ready "$LS" doctor
expect_rc readyh 0 "fixture ready, human output"
check "ready: verdict line" grep -q "^ready: " "$T/readyh.out"

ck adapter-down
expect_rc adapter-down 1 "fixture adapter-down"
has adapter-down bt-up fail "hci0 is down.*sudo hciconfig hci0 up" \
    "adapter down: cause and fix"

ck rfkill-soft
has rfkill-soft rfkill fail "soft blocked by rfkill.*rfkill unblock bluetooth" \
    "rfkill soft block: cause and fix"
ck rfkill-hard
has rfkill-hard rfkill fail "hard blocked by rfkill.*wireless switch" \
    "rfkill hard block: cause and fix"

ck bluetoothd-owns --adapter user:hci0
expect_rc bluetoothd-owns 1 "fixture bluetoothd-owns for user:hci0"
has bluetoothd-owns bluetoothd fail "bluetoothd owns hci0.*systemctl stop bluetooth" \
    "bluetoothd owns the adapter: cause and fix"
check "bluetoothd-owns: adapter_mode user" \
    grep -q '"adapter_mode":"user"' "$T/bluetoothd-owns.out"
run bdenv env LOCKSCOPE_SYSROOT=tests/doctor/bluetoothd-owns \
    LOCKSCOPE_ADAPTER=user:hci0 "$LS" doctor --json
has bdenv bluetoothd fail "bluetoothd owns" "LOCKSCOPE_ADAPTER picks the mode"

ck no-caps
has no-caps capabilities fail "CAP_NET_RAW and CAP_NET_ADMIN missing.*sudo setcap cap_net_raw,cap_net_admin\+eip /opt/lockscope/bin/lockscope" \
    "missing capabilities: cause and the setcap line"

ck pcscd-reader
has pcscd-reader pcscd fail "pcscd runs and holds the ACR122U.*systemctl stop pcscd" \
    "pcscd holding a reader: cause and fix"
has pcscd-reader libnfc fail "libnfc sees no reader although" \
    "pcscd holding a reader: libnfc sees nothing"

ck pn533-module
has pn533-module nfc-modules fail "pn533_usb.*modprobe -r pn533_usb pn533 nfc" \
    "pn533 module loaded: cause and fix"

ck dongle-noperm
has dongle-noperm usb-bt warn "0a12:0001.*no permission.*70-lockscope.rules" \
    "dongle without permission: cause and the udev rule"
has dongle-noperm nfc-reader fail "ACR122U.*no permission.*udevadm trigger" \
    "reader without permission: cause and the udev rule"
ck dongle-noperm --adapter usb
has dongle-noperm usb-bt fail "no permission" \
    "dongle without permission is a failure for --adapter usb"

run malformed env LOCKSCOPE_SYSROOT=tests/doctor/malformed "$LS" doctor
expect_rc malformed 65 "malformed probe file"
expect_err malformed "probe line 1: cannot parse" "malformed probe file: names the line"
run nosys env LOCKSCOPE_SYSROOT="$T/none" "$LS" doctor
expect_rc nosys 65 "missing sysroot"

run dbad "$LS" doctor --frob
expect_rc dbad 64 "doctor: unknown option"
run dextra "$LS" doctor stray
expect_rc dextra 64 "doctor: stray argument"

# --- adapters that are not there -------------------------------------
run usb "$LS" scan --adapter usb --duration 1
expect_rc usb 69 "scan --adapter usb with nothing plugged in"
expect_err usb "lockscope scan: cannot open adapter 'usb': (no Bluetooth USB dongle is plugged in|USB is not available)" \
    "usb: clear message"
run usbd "$LS" scan --adapter usb --detach --duration 1
expect_rc usbd 69 "scan --adapter usb --detach with nothing plugged in"
run usbbad "$LS" scan --adapter usb:zz:1 --duration 1
expect_rc usbbad 64 "usb:zz:1 is a usage error"
expect_err usbbad "bad USB spec" "usb:zz:1: message"
run user "$LS" scan --adapter user:hci0 --duration 1
expect_rc user 69 "scan --adapter user:hci0 without Bluetooth"
expect_err user "cannot open adapter 'user:hci0': (this kernel has no Bluetooth support|no adapter hci0)" \
    "user:hci0: clear message"
