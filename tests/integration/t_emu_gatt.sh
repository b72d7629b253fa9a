# SPDX-License-Identifier: GPL-3.0-or-later
# hci-emu connections over its real socket: a scripted H4 host (bytes
# from this file, through socat) connects to gatt-lock, reads two
# characteristics, and the control socket counts the ATT requests.  The
# same with the I/O faults that split and pad the byte stream, so the
# emulator's writer keeps ACL packets whole.  Packet layouts: Bluetooth
# Core 5.4 Vol 4 Part E §5.4 (H4 command, ACL, event), §7.7.19 (Number
# Of Completed Packets), §7.7.65.1 (LE Connection Complete), §7.8.12 (LE
# Create Connection); Vol 3 Part A §3.1 (L2CAP); Part F §3.4.4.3 (Read).
. tests/integration/lib.sh
plan 23

# hexbin HEX: the bytes, with POSIX printf (octal escapes).
hexbin() {
	for b in $(printf '%s' "$1" | sed 's/../& /g'); do
		printf "\\$(printf '%03o' "0x$b")"
	done
}


# setup TYPE ADDR: Set Event Mask (LE Meta on), LE Set Event Mask 0x1f,
# then LE Create Connection: scan 60/30 ms, no accept list, peer TYPE and
# ADDR (little-endian hex), own public, interval 30-50 ms, latency 0,
# supervision 720 ms, CE lengths 0.
setup() {
	printf '%s' "01010c08" "ffffffffff1f0020"
	printf '%s' "01012008" "1f00000000000000"
	printf '%s' "010d2019" "6000" "3000" "00" "$1" "$2" "00" \
	    "1800" "2800" "0000" "4800" "0000" "0000"
}
LOCK=01206a8d7cc4	# C4:7C:8D:6A:20:01
NEVER=02206a8d7cc4	# C4:7C:8D:6A:20:02
# ATT Read Requests for handles 3 (2a29) and 7 (2a25, encrypted), each an
# L2CAP PDU on CID 4 in one ACL packet for connection handle 0x0001.
READ3=0201000700030004000a0300
READ7=0201000700030004000a0700

# tohex NAME: what the emulator sent so far, as one hex string.
tohex() { od -An -v -tx1 "$T/$1.bin" 2>/dev/null | tr -d ' \n' >"$T/$1.hex"; }

# got NAME HEX: the emulator has sent HEX (polled while it talks).
got() { tohex "$1"; grep -q "$2" "$T/$1.hex"; }

# session NAME: connect, read 3, read 7; output as one hex string.  Each
# request goes once the answer before it has come (at most 20 s each);
# the checks then say what came.
session() {
	rm -f "$T/$1.in"
	mkfifo "$T/$1.in"
	timeout 90 socat -t 2 - "UNIX-CONNECT:$SOCK" <"$T/$1.in" \
	    >"$T/$1.bin" &
	sp=$!
	exec 3>"$T/$1.in"
	hexbin "$(setup 01 "$LOCK")" >&3
	wait_until 20 got "$1" '043e13'			# LE Connection Complete
	hexbin "$READ3" >&3
	wait_until 20 got "$1" '0004000b'		# Read Response
	hexbin "$READ7" >&3
	wait_until 20 got "$1" '000400010a0700'	# Error Response to it
	wait_until 20 got "$1" '0413050101000100'	# packets completed
	exec 3>&-
	wait $sp
	tohex "$1"
}

has() { grep -q "$2" "$T/$1.hex"; }

for f in none fragment garbage; do
	if [ "$f" = none ]; then
		emu_start tests/scenarios/gatt-lock.json
	else
		emu_start tests/scenarios/gatt-lock.json --fault "$f"
	fi
	session "s_$f"
	check "$f: Command Status for LE Create Connection" \
	    has "s_$f" '040f0400010d20'
	# Subevent 01, status 0, handle 1, central, random peer, 24 x 1.25 ms.
	check "$f: LE Connection Complete, handle 1, interval 30 ms" \
	    has "s_$f" '043e1301000100000101206a8d7cc418000000480000'
	check "$f: Read Response 'Acme Locks' in one ACL packet" \
	    has "s_$f" '0201200f000b0004000b41636d65204c6f636b73'
	check "$f: encrypted serial answers Insufficient Encryption" \
	    has "s_$f" '020120090005000400010a07000f'
	check "$f: Number Of Completed Packets returns the buffer" \
	    has "s_$f" '0413050101000100'
	out=$(ctl "stats gatt-lock")
	case $out in
	"ok att_requests 2 att_total 2 connections 1 "*" value_reads 1 vendor_value_reads 0")
		ok "$f: stats gatt-lock: 2 ATT requests, 1 value, no vendor value" ;;
	*)	not_ok "$f: stats gatt-lock: '$out'" ;;
	esac
done

out=$(ctl "stats nope")
check "stats of an unknown device is an error" \
    [ "$out" = "error: unknown device 'nope'" ]
out=$(ctl "stats")
case $out in
"ok host "*" connections 1 disconnections 0 acl_in 2 acl_out 2 acl_unknown 0 acl_violations 0 l2cap_dropped 0")
	ok "stats: connection and ACL counters" ;;
*)	not_ok "stats: '$out'" ;;
esac

# gatt-never: Command Status, then nothing in the next 2 s.
emu_start tests/scenarios/gatt-lock.json
{
	hexbin "$(setup 01 "$NEVER")"
	wait_until 20 got never '040f0400010d20'
	sleep 2
} | timeout 60 socat -t 1 - "UNIX-CONNECT:$SOCK" >"$T/never.bin"
tohex never
check "gatt-never: Command Status, no completion" sh -c \
    "grep -q '040f0400010d20' '$T/never.hex' &&
    ! grep -q '043e1301' '$T/never.hex'"

check "hci-emu --help lists the connection faults" sh -c \
    "'$EMU' --help | grep -q 'att-silent, att-malformed, att-oversized, disconnect-mid, notify-flood'"
missing=
for f in $("$EMU" --help | sed -n 's/^faults: //p' | tr -d ,); do
	grep -q "^\.It Cm $f\$" man/hci-emu.1 || missing="$missing $f"
done
check "every --fault of --help is in hci-emu(1) FAULTS${missing:+ (missing:$missing)}" \
    [ -z "$missing" ]
