#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t_captures_real.sh - real captures published by others
# (tests/captures/real/, origins in its README): each file's sha256 must
# match SHA256SUMS (a mismatch fails every check of that file, it is
# never skipped), then replay must find what the capture holds: names,
# lock families, readings, bit-error and malformed counts, and none of
# the values the captured apps wrote, in the JSON or the table.
. tests/integration/lib.sh
R=tests/captures/real
# Per capture: the hash, exit status, then its own checks (6 + 8).
# Device lines are read as the last one of each address (a final line
# may repeat a device).
plan $((1 + 6 + 1 + 8))

YEE=yeelock-app-btsnoop_hci.log
PAD=ble-padlock-btl2cap-004.pcap

# hash_ok FILE: the file's sha256 is the one SHA256SUMS records.
hash_ok() {
	want=$(awk -v f="$1" '$2 == f { print $1 }' "$R/SHA256SUMS")
	got=$(sha256sum "$R/$1" 2>/dev/null | cut -d' ' -f1)
	[ -n "$want" ] && [ "$want" = "$got" ]
}

# jqq ARGS...: jq for a check, quiet.
jqq() { jq "$@" >/dev/null; }

# absent FILE... -- STRING...: no STRING (case-insensitive) in any FILE.
absent() {
	_f=
	while [ "$1" != -- ]; do
		_f="$_f $1"
		shift
	done
	shift
	for _s in "$@"; do
		# shellcheck disable=SC2086
		if grep -qi -- "$_s" $_f; then
			echo "# written value $_s found"
			return 1
		fi
	done
}

# --- cnrd/yeelock: Android HCI log of the Yeelock app ----------------
if hash_ok "$YEE"; then
	ok "$YEE: sha256 matches SHA256SUMS"
	run yj "$LS" replay --json "$R/$YEE"
	run yh "$LS" replay "$R/$YEE"
	expect_rc yj 0 "replay $YEE"
	check "$YEE: the lock EL_B0PUmFAH is a yeelock lock, pairing unknown" \
	    jqq -s -e '[.[] | select(.type == "device" and
	    .address == "60:C0:BF:1A:19:75")] | last | .name == "EL_B0PUmFAH"
	    and .is_lock and .family == "yeelock" and
	    .pairing_state == "unknown" and
	    (.service_uuids | index("58af3dca-6fc0-4fa3-9464-74662f043a39"))' \
	    "$T/yj.out"
	check "$YEE: the RDL51822 beside it is no lock; 9 devices, 1 lock" \
	    jqq -s -e '([.[] | select(.type == "device" and
	    .name == "RDL51822")] | last | .is_lock == false) and
	    (last | .type == "summary" and .devices == 9 and .locks == 1)' \
	    "$T/yj.out"
	check "$YEE: no malformed event, no bit error, no unknown connection" \
	    jqq -s -e 'last | .malformed_events == 0 and .crc_errors == 0 and
	    .skipped == 0 and .att.unknown_connection == 0' "$T/yj.out"
	check "$YEE: the app's 4 writes counted on the command handle" \
	    jqq -s -e '[.[] | select(.type == "device" and
	    .address == "60:C0:BF:1A:19:75")] | last | .att_writes ==
	    [{"handle": 16, "uuid": "58af3dca-6fc0-4fa3-9464-74662f043a3b",
	    "count": 4}]' "$T/yj.out"
	# The unlock payloads of cnrd/yeelock README.md.
	check "$YEE: no unlock payload anywhere in the output" absent \
	    "$T/yj.out" "$T/yj.err" "$T/yh.out" "$T/yh.err" -- \
	    01505c84ff2f0099cf13d74d5b246c38eb6cf702 \
	    01505c85028d0085c9d5a63ea4da470ce50688c6 \
	    01505c85029800f74dae629a1da681d98164a5c8 \
	    01505c8502a0009011e29d3b60c7cad22d5f3119 \
	    0099cf13d74d5b246c38eb6cf702 5c84ff2f
else
	not_ok "$YEE: sha256 does not match SHA256SUMS"
	for _ in 1 2 3 4 5 6; do
		not_ok "$YEE: not replayed (hash mismatch)"
	done
fi

# --- Add3r/BLE-Padlock: Ubertooth follow capture, no CONNECT_IND ------
if hash_ok "$PAD"; then
	ok "$PAD: sha256 matches SHA256SUMS"
	run pj "$LS" replay --json "$R/$PAD"
	run ph "$LS" replay "$R/$PAD"
	expect_rc pj 0 "replay $PAD"
	check "$PAD: every data PDU has a connection (3, keyed by AA)" \
	    jqq -s -e 'last | .type == "summary" and .format == "pcap/192" and
	    .records == 221 and .att.unknown_connection == 0 and
	    .att.pdus > 200' "$T/pj.out"
	check "$PAD: CRCs checked once CRCInit is learned: no bit error" \
	    jqq -s -e 'last | .crc_errors == 0 and .att.malformed == 0 and
	    .att.encrypted == 0' "$T/pj.out"
	check "$PAD: the three connections under their access addresses" \
	    jqq -s -e '[.[] | select(.type == "device") | .address] | unique ==
	    ["00:00:50:65:55:92", "00:00:50:65:7D:D4", "00:00:AF:9A:9D:26"]' \
	    "$T/pj.out"
	check "$PAD: battery 71 % read in the clear, provenance capture" \
	    jqq -s -e '[.[] | select(.type == "device")] | group_by(.address) |
	    map(last) | length == 3 and
	    all(.gatt.battery_percent.value == 71 and
	    .gatt.battery_percent.source == "capture" and
	    .gatt.battery_percent.provenance == "observed")' "$T/pj.out"
	check "$PAD: the firmware bytes from the capture (0x2A26)" \
	    jqq -s -e '[.[] | select(.type == "device")] | group_by(.address) |
	    map(last) | length == 3 and all(.firmware ==
	    "hex:0542010120160306" and .gatt.firmware.source == "capture")' \
	    "$T/pj.out"
	check "$PAD: writes counted per handle, the password handle 0x2D" \
	    jqq -s -e '[.[] | select(.type == "device")] | group_by(.address) |
	    map(last | .att_writes[] | select(.handle == 45)) | length == 3' \
	    "$T/pj.out"
	# open-lock.py's handles; the values the capture writes: the
	# password 12345678 (twice), the time, "ble".
	check "$PAD: no written value anywhere in the output" absent \
	    "$T/pj.out" "$T/pj.err" "$T/ph.out" "$T/ph.err" -- \
	    12345678 3412 7856 82de4b22 c2de4b22 f8de4b22 626c65
else
	not_ok "$PAD: sha256 does not match SHA256SUMS"
	for _ in 1 2 3 4 5 6 7 8; do
		not_ok "$PAD: not replayed (hash mismatch)"
	done
fi
