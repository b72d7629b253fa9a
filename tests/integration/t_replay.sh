# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope replay: a capture of a scan gives the same devices, through
# the same decoders, as the live scan; damaged files are counted, not
# fatal; files that are not captures are refused with exit 65.
. tests/integration/lib.sh
plan 16

emu_start tests/scenarios/demo.json
run live "$LS" scan --adapter "h4:unix:$SOCK" --duration 2 --json \
    --capture "$T/scan.btsnoop"
expect_rc live 0 "scan --capture for the replay"

# devset OUT: "address family pairing_state" of each device's final
# line (one per device: a second would show as a repeated address).
devset() {
	jq -r 'select(.type == "device" and .final) | [.address,
	    (.family // "-"), (.pairing_state // "-")] | @tsv' "$1" | sort
}

run rp "$LS" replay "$T/scan.btsnoop" --json
expect_rc rp 0 "replay btsnoop 1002 (H4)"
devset "$T/live.out" >"$T/live.set"
devset "$T/rp.out" >"$T/rp.set"
check "btsnoop 1002: same devices, families and pairing states as live" \
    cmp -s "$T/live.set" "$T/rp.set"
check "btsnoop 1002: summary names the format" sh -c \
    "tail -n 1 '$T/rp.out' | jq -en 'input | .format == \"btsnoop/1002\" and
    .skipped == 0 and (.truncated | not)' >/dev/null"

# A hand-made btsnoop in the Linux monitor datalink (2001, what btmon
# writes): one record, opcode 3 (event) on index 0, timestamp 1700000000 s
# (bluez/bluez:src/shared/btsnoop.h), carrying the LE Advertising Report
# below (ADV_IND, AA:BB:CC:DD:EE:01 random, "Lock A", RSSI -60).
REPORT='\076\027\002\001\000\001\001\356\335\314\273\252\013\002\001\006\007\011\114\157\143\153\040\101\304'
{
	printf 'btsnoop\000\000\000\000\001\000\000\007\321'
	printf '\000\000\000\031\000\000\000\031\000\000\000\003\000\000\000\000'
	printf '\000\342\347\327\047\115\300\000'
	printf "$REPORT"
} >"$T/mon.btsnoop"
run mon "$LS" replay "$T/mon.btsnoop" --json
expect_rc mon 0 "replay btsnoop 2001 (Linux monitor)"
check "btsnoop 2001: the device, its name, the capture's time" sh -c "jq -e -s '
    [.[] | select(.type == \"device\")] | length == 2 and
    (map(.final) == [false, true]) and
    .[1].address == \"AA:BB:CC:DD:EE:01\" and .[1].name == \"Lock A\" and
    .[1].first_seen == \"2023-11-14T22:13:20.000Z\"' '$T/mon.out' >/dev/null"

# A hand-made pcap, link type 201 (H4 with a 4-byte direction header):
# one LE Advertising Report, ADV_IND from AA:BB:CC:DD:EE:01 (random)
# with Flags and the complete name "Lock A" (Core 5.4 Vol 4 Part E
# §7.7.65.2), RSSI -60.
{
	printf '\324\303\262\241\002\000\004\000\000\000\000\000\000\000\000\000'
	printf '\377\377\000\000\311\000\000\000'
	# ts 1700000000 s, 0 us; incl = orig = 4 + 1 + 2 + 23 = 30
	printf '\000\361\123\145\000\000\000\000\036\000\000\000\036\000\000\000'
	printf '\000\000\000\001'
	printf '\004'
	printf "$REPORT"
} >"$T/one.pcap"
run pcap "$LS" replay "$T/one.pcap" --json
expect_rc pcap 0 "replay pcap link type 201"
check "pcap 201: the device, its name and a generic lock" sh -c "jq -e -s '
    [.[] | select(.type == \"device\" and .final)] | length == 1 and
    .[0].address == \"AA:BB:CC:DD:EE:01\" and .[0].name == \"Lock A\" and
    .[0].rssi == -60 and .[0].family == \"generic\"' '$T/pcap.out' >/dev/null"

# Damaged: cut inside a record, and an absurd record length.
size=$(wc -c <"$T/scan.btsnoop")
head -c $((size - 7)) "$T/scan.btsnoop" >"$T/cut.btsnoop"
run cut "$LS" replay "$T/cut.btsnoop" --json
expect_rc cut 0 "replay a truncated capture"
check "truncated: reported, devices still found" sh -c \
    "tail -n 1 '$T/cut.out' | jq -en 'input | .truncated and .devices > 0' >/dev/null"
cp "$T/scan.btsnoop" "$T/bad.btsnoop"
printf '\177\377\377\377\177\377\377\377' |
    dd of="$T/bad.btsnoop" bs=1 seek=$((16 + 24 + 4)) conv=notrunc 2>/dev/null
run bad "$LS" replay "$T/bad.btsnoop" --json
expect_rc bad 0 "replay a capture with an absurd record length"
check "absurd length: counted as damaged" sh -c \
    "tail -n 1 '$T/bad.out' | jq -en 'input | .skipped > 0 or .truncated' >/dev/null"

printf 'not a capture at all\n' >"$T/text.txt"
run text "$LS" replay "$T/text.txt"
expect_rc text 65 "a file that is not a capture"
expect_err text "lockscope replay: .*text.txt: not a btsnoop, pcap or pcapng file" \
    "not a capture: message names the file"
run none "$LS" replay "$T/none.btsnoop"
expect_rc none 65 "a capture that does not exist (bad input, as verify)"
run noarg "$LS" replay
expect_rc noarg 64 "replay without a file"
