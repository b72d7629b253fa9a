# SPDX-License-Identifier: GPL-3.0-or-later
# Adapter problems give a clear error naming the adapter and the
# exit code documented in lockscope(1) EXIT STATUS, quickly.
. tests/integration/lib.sh
plan 31

run nosock "$LS" scan --adapter "h4:unix:$T/none.sock" --duration 1
expect_rc nosock 69 "absent unix socket"
expect_err nosock "lockscope scan: cannot open adapter 'h4:unix:.*': nothing is listening" \
    "absent unix socket: message names adapter and cause"

run notty "$LS" scan --adapter "h4:$T/no-such-tty" --duration 1
expect_rc notty 69 "absent serial device"
expect_err notty "cannot open adapter 'h4:.*no-such-tty'" "absent serial device: message"

run devnull "$LS" scan --adapter h4:/dev/null --duration 1
expect_rc devnull 64 "a path that is not a serial line"
expect_err devnull "is not a serial line" "not a serial line: message"

run baud "$LS" scan --adapter h4:/dev/ttyS0:12345 --duration 1
expect_rc baud 64 "unsupported baud rate"

# This machine has no Bluetooth: no AF_BLUETOOTH, or no hci0.
run hci "$LS" scan --adapter hci0 --duration 1
if [ "$RC" -eq 69 ] || [ "$RC" -eq 77 ]; then
	ok "hci0 on a machine without Bluetooth (exit $RC)"
else
	not_ok "hci0 without Bluetooth: exit $RC, want 69 or 77"
	show hci
fi
expect_err hci "lockscope scan: cannot open adapter 'hci0': " "hci0: message names the adapter"

run hci99 "$LS" scan --adapter hci99x --duration 1
expect_rc hci99 64 "malformed hciN spec"

run later "$LS" scan --adapter replay:x.btsnoop --duration 1
expect_rc later 64 "reserved spec 'replay:' is refused"

# USB and the user channel: nothing is plugged in on this machine (no
# USB bus, no AF_BLUETOOTH or no hci0), so 69 with the cause; a bad spec
# is a usage error.  (t_doctor.sh checks the same with more detail.)
run usb "$LS" scan --adapter usb --duration 1
expect_rc usb 69 "usb with no dongle"
expect_err usb "cannot open adapter 'usb': (no Bluetooth USB dongle|USB is not available)" \
    "usb with no dongle: message"
run usbid "$LS" scan --adapter usb:0a12:0001 --duration 1 --detach
expect_rc usbid 69 "usb:VID:PID not plugged in"
expect_err usbid "(no USB device 0a12:0001 is plugged in|USB is not available)" \
    "usb:VID:PID not plugged in: message"
for spec in usb:zz:1 usb:0a12 usb:12345:1 usbx user:hci user:hcix user:; do
	run badspec "$LS" scan --adapter "$spec" --duration 1
	expect_rc badspec 64 "bad spec '$spec'"
done
run user "$LS" scan --adapter user:hci0 --duration 1
expect_rc user 69 "user:hci0 on a machine without Bluetooth"
expect_err user "cannot open adapter 'user:hci0': (this kernel has no Bluetooth support|no adapter hci0|hci0 is up)" \
    "user:hci0: message names the cause"

run unknown "$LS" scan --adapter bogus --duration 1
expect_rc unknown 64 "unknown adapter spec"
expect_err unknown "unknown spec" "unknown adapter spec: message"

# No adapter named and none to default to (the test suite's empty list
# stands in for a laptop without Bluetooth): 69, and where to look.
run none env -u LOCKSCOPE_ADAPTER LOCKSCOPE_TEST_ADAPTERS= "$LS" scan \
    --duration 1
expect_rc none 69 "no adapter given and none found"
expect_err none \
    "no adapter given and no Bluetooth adapter found; see 'lockscope doctor'" \
    "no adapter: message points to lockscope doctor"

run env env LOCKSCOPE_ADAPTER="h4:unix:$T/none.sock" "$LS" scan --duration 1
expect_rc env 69 "LOCKSCOPE_ADAPTER is used"

# Permission denied: exit 77 and a sentence saying what to check.  As
# root, run as nobody against a socket in a private directory; otherwise
# remove the socket's permissions.
mkdir -p "$T/private"
emu_start tests/scenarios/minimal.json
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	# $T (mktemp -d) is private to root; the binary must not be, as the
	# checkout may itself be under a private directory.
	chmod 700 "$T"
	pub=$(mktemp -d)
	chmod 755 "$pub"
	cp "$LS" "$pub/lockscope"
	run perm setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    "$pub/lockscope" scan --adapter "h4:unix:$SOCK" --duration 1
	rm -rf "$pub"
else
	chmod 000 "$SOCK"
	run perm "$LS" scan --adapter "h4:unix:$SOCK" --duration 1
fi
expect_rc perm 77 "adapter socket without permission"
expect_err perm "permission denied \(check the socket's owner and mode\)" \
    "permission denied: message says what to check"
