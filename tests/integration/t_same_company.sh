#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t_same_company.sh - an advertisement and a scan response that both
# carry manufacturer data under Apple's company ID 0x004C, as a
# HomeKit-capable Nuki sends them: a HomeKit regular advertisement (HAP
# R14 7.4.2.1: category 6 door lock, status flag 0 = paired) in one, a
# Nuki door-mode iBeacon (UUID a92ee200-5501-11e4-916c-0800200c9a66,
# I-Connect/NukiBleEsp32:src/NukiLockConstants.h) in the other.  Both
# entries survive the merge and both decoders read theirs, whichever
# packet carries which, through scan (hci-emu) and replay (btsnoop).
. tests/integration/lib.sh
plan 6

HK=12ff4c00062d00a1b2c3d4e5f606000100010206084e756b69
NB=1aff4c000215a92ee200550111e4916c0800200c9a662a1b3c4dc4

cat >"$T/scn.json" <<EOF
{
  "scenario": 1,
  "name": "two Apple entries",
  "ble": [
    {"id": "hk-first", "address": "C4:7C:8D:6A:20:01",
     "address_type": "random", "adv_type": "ADV_IND", "interval_ms": 50,
     "rssi": -50, "adv": "020106$HK", "scan_rsp": "$NB"},
    {"id": "beacon-first", "address": "C4:7C:8D:6A:20:02",
     "address_type": "random", "adv_type": "ADV_IND", "interval_ms": 50,
     "rssi": -50, "adv": "020106$NB", "scan_rsp": "$HK"}
  ]
}
EOF

# The same two devices as an Android HCI log would hold their reports
# (btsnoop 1002: H4 event packets, LE Advertising Report, event type 0
# for the advertisement and 4 for the scan response).
python3 - "$T/scn.json" "$T/two.btsnoop" <<'PY'
import json, struct, sys
scn = json.load(open(sys.argv[1]))
recs = []
for d in scn["ble"]:
    a = bytes(int(x, 16) for x in d["address"].split(":"))[::-1]
    for evt, hx in ((0, d["adv"]), (4, d["scan_rsp"])):
        data = bytes.fromhex(hx)
        body = bytes([0x02, 1, evt, 1]) + a + bytes([len(data)]) + data + \
            b"\xc4"
        recs.append(b"\x04\x3e" + bytes([len(body)]) + body)
out = [b"btsnoop\0", struct.pack(">II", 1, 1002)]
t = 0x00DCDDB30F2F8000 + 1_700_000_000 * 1_000_000
for i, r in enumerate(recs):
    out.append(struct.pack(">IIIIq", len(r), len(r), 3, 0, t + i) + r)
open(sys.argv[2], "wb").write(b"".join(out))
PY

emu_start "$T/scn.json" || bail "hci-emu did not start"
run scan "$LS" scan --adapter "h4:unix:$SOCK" --duration 2 --json
expect_rc scan 0 "scan two devices with two Apple entries each"
run replay "$LS" replay --json "$T/two.btsnoop"
expect_rc replay 0 "replay their reports"

# nuki FILE ADDRESS [SIGNAL]: the last line of ADDRESS is a paired Nuki
# (with SIGNAL among its signals).  A line is printed when what it shows
# changes, and a signal alone is not such a change: so with the iBeacon
# first the HomeKit frame that follows shows only in that the family
# stays Nuki's (when the scan response's entry replaced the
# advertisement's, it became "homekit"); with the HomeKit frame first,
# the iBeacon makes the family Nuki's and both signals are listed.
nuki() {
	jq -s -e --arg a "$2" --arg s "${3:-nuki}" '[.[] |
	    select(.type == "device" and .address == $a)] | last | .is_lock
	    and .family == "nuki" and .pairing_state == "paired" and
	    (.signals | index($s) != null) and .company_id == 76' \
	    "$1" >/dev/null
}

for p in scan replay; do
	check "$p: HomeKit frame first, iBeacon in the response: both read" \
	    nuki "$T/$p.out" C4:7C:8D:6A:20:01 homekit
	check "$p: iBeacon first, HomeKit frame in the response: Nuki kept" \
	    nuki "$T/$p.out" C4:7C:8D:6A:20:02
done
emu_stop
