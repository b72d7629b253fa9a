# SPDX-License-Identifier: GPL-3.0-or-later
# Extended advertising split over several LE Extended Advertising
# Reports: replay of a capture holding one advertisement in two reports
# (data status "more to come", then "complete") yields the whole name;
# a truncated one is dropped, never half-parsed; a live scan of an
# hci-emu device whose advertisement is chained over reports does too.
. tests/integration/lib.sh
plan 9

NAME='Front Door Lock with a Long Extended Name'

# hex of a string
hx() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
# be32 N: 4 bytes big-endian
be32() { printf '%08x' "$1"; }

# report EVT_TYPE_HEX(le16) DATA_HEX: one LE Extended Advertising Report
# event (H4) from C4:7C:8D:6A:40:01 (random), SID 2, on LE 1M.
report() {
	dlen=$((${#2} / 2))
	printf '043e%02x0d01%s01' $((26 + dlen)) "$1"
	printf '01406a8d7cc4'		# address, little-endian
	printf '0101027fc4'		# 1M, 1M, SID 2, no TX power, -60 dBm
	printf '0000' ; printf '00000000000000'	# periodic, direct addr
	printf '%02x%s' "$dlen" "$2"
}
# record HEX: one btsnoop record, received event
TS=00e33fc83fff79d8
record() {
	n=$((${#1} / 2))
	be32 "$n"; be32 "$n"; be32 3; be32 0; printf '%s%s' "$TS" "$1"
}
# btsnoop FILE RECORD_HEX...: header, datalink 1002 (H4)
btsnoop() {
	f=$1
	shift
	{ printf '6274736e6f6f700000000001000003ea'; printf '%s' "$@"; } |
	    xxd -r -p >"$f"
}

nhex=$(hx "$NAME")
ad="020106$(printf '%02x' $((1 + ${#NAME})))09$nhex"
# Cut inside the name AD structure: neither half parses alone.
cut=30
p1=$(printf '%s' "$ad" | cut -c1-$cut)
p2=$(printf '%s' "$ad" | cut -c$((cut + 1))-)
btsnoop "$T/split.btsnoop" "$(record "$(report 2100 "$p1")")" \
    "$(record "$(report 0100 "$p2")")"

run split "$LS" replay "$T/split.btsnoop" --json --final-only
expect_rc split 0 "replay of one advertisement in two reports"
check "split: the whole name, from both reports" sh -c \
    "jq -se 'map(select(.type == \"device\")) | length == 1 and
    .[0].name == \"$NAME\"' '$T/split.out' >/dev/null"
check "split: two reports, nothing malformed" sh -c \
    "tail -n 1 '$T/split.out' | jq -e '.malformed_events == 0 and .reports == 2' >/dev/null"

# The same first piece, then "incomplete, truncated": no device from it.
btsnoop "$T/trunc.btsnoop" "$(record "$(report 2100 "$p1")")" \
    "$(record "$(report 4100 "")")"
run trunc "$LS" replay "$T/trunc.btsnoop" --json --final-only
expect_rc trunc 0 "replay of a truncated advertisement"
check "trunc: dropped, no half-parsed device" sh -c \
    "jq -se 'map(select(.type == \"device\")) | length == 0' \
    '$T/trunc.out' >/dev/null"

# Live: hci-emu chains chained-lock's 45 bytes over reports of 20.
LONG='Back Gate Lock with a Long Extended Name'
emu_start tests/scenarios/hardware.json
run live "$LS" scan --adapter "h4:unix:$SOCK" --duration 2 --json \
    --capture "$T/live.btsnoop"
expect_rc live 0 "scan of a chained extended advertiser"
check "live: the whole 40-character name" sh -c \
    "jq -se 'map(select(.type == \"device\" and
    .address == \"C4:7C:8D:6A:30:03\")) | length > 0 and
    all(.name == \"$LONG\")' '$T/live.out' >/dev/null"
timeout 30 btmon -r "$T/live.btsnoop" >"$T/live.txt" 2>&1
check "live capture: reports with more data to come" \
    grep -q "Incomplete, more data to come" "$T/live.txt"
run legacy "$LS" scan --adapter "h4:unix:$SOCK" --duration 1 --json \
    --legacy
check "legacy scan: the short name only" sh -c \
    "jq -se 'map(select(.type == \"device\" and
    .address == \"C4:7C:8D:6A:30:03\")) | length > 0 and
    all(.name == \"Chained\")' '$T/legacy.out' >/dev/null"
