#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t_vectors.sh - other projects' test vectors (tests/vectors/thirdparty/,
# format in tests/vectors/README) through the real scan path (hci-emu
# serving each vector as a device) and through replay (a btsnoop of the
# same advertising reports): family, pairing state, battery, model and
# bolt state must be what the vector expects.  Where lockscope
# deliberately disagrees with the source, the vector says so and expects
# lockscope's documented behaviour.
. tests/integration/lib.sh
V=tests/vectors/thirdparty
G=$T/gen
mkdir -p "$G"
# The vectors are turned into rounds of devices first (gen-vectors.py);
# the plan counts the vectors and the rounds: one check per vector and
# path (scan and replay; replay alone for a vector marked replay_only),
# one per round (every device heard), the generator and the counts.
if ! python3 tests/vectors/gen-vectors.py "$G" $V/*.json 2>"$T/gen.err"
then
	plan 1
	not_ok "gen-vectors.py failed"
	sed 's/^/# /' "$T/gen.err"
	exit 1
fi
NV=$(jq -s '[.[].vectors[]] | length' $V/*.json)
NR=$(jq -s 'map(.round) | max + 1' "$G/vectors.ndjson")
NP=$(jq -s 'map(.paths | length) | add' "$G/vectors.ndjson")
plan $((NP + NR + 2))
ok "gen-vectors.py: $NV vectors into $NR rounds of scenarios and btsnoop files"

nfam=$(jq -s '[.[].vectors[] | select(.expect.is_lock) | .expect.family] |
    unique | length' $V/*.json)
if [ "$NV" -ge 60 ] && [ "$nfam" -ge 12 ]; then
	ok "$NV vectors, locks of $nfam families"
else
	not_ok "want at least 60 vectors over 12 families: $NV, $nfam"
fi

# matches FILE ADDRESS EXPECT: the last device line for ADDRESS in FILE
# (its final state) has every field of EXPECT ("battery" is the percent,
# "battery_volts" the volts); {"absent": true}: there is no device line
# for ADDRESS (its report was refused as malformed).
matches() {
	jq -s -e --arg a "$2" --argjson e "$3" '
	    [.[] | select(.type == "device" and .address == $a)] | last |
	    . as $d | if $e.absent then $d == null else
	    $d != null and ($e | to_entries | all(
	    if .key == "battery" then ($d.battery.percent // null) == .value
	    elif .key == "battery_volts" then
	    ($d.battery.volts // null) == .value
	    else $d[.key] == .value end)) end' "$1" >/dev/null 2>&1
}

# got FILE ADDRESS: what lockscope said, for the diagnostics.
got() {
	jq -s -c --arg a "$2" '[.[] | select(.type == "device" and
	    .address == $a)] | last | if . == null then "no device line" else
	    {is_lock, family, model, pairing_state,
	    battery: .battery.percent, battery_volts: .battery.volts,
	    lock_state, name} end' "$1" 2>&1
}

r=0
while [ "$r" -lt "$NR" ]; do
	ndev=$(jq '.ble | length' "$G/round-$r.json")
	emu_start "$G/round-$r.json" || bail "hci-emu refused round $r"
	run "scan$r" "$LS" scan --adapter "h4:unix:$SOCK" --duration 3 --json
	run "replay$r" "$LS" replay "$G/round-$r.btsnoop" --json
	heard=$(jq -s '[.[] | select(.type == "device") | .address] | unique |
	    length' "$T/scan$r.out")
	if [ "$heard" -ge "$ndev" ]; then
		ok "round $r: scan heard all $ndev devices"
	else
		not_ok "round $r: scan heard $heard of $ndev devices"
	fi
	# One line per check into a file (the loop runs in a subshell),
	# numbered below.
	jq -c --argjson r "$r" 'select(.round == $r)' "$G/vectors.ndjson" |
	while IFS= read -r line; do
		a=$(printf '%s' "$line" | jq -r .address)
		n=$(printf '%s' "$line" | jq -r '.name + " (" + .source + ")"')
		e=$(printf '%s' "$line" | jq -c .expect)
		for path in $(printf '%s' "$line" | jq -r '.paths[]'); do
			if matches "$T/$path$r.out" "$a" "$e"; then
				echo "ok $path: $n"
			else
				echo "not_ok $path: $n"
				echo "#   want $e"
				echo "#   got  $(got "$T/$path$r.out" "$a")"
			fi
		done
	done >"$T/round$r.tap"
	while IFS= read -r l; do
		case $l in
		"ok "*) ok "${l#ok }" ;;
		"not_ok "*) not_ok "${l#not_ok }" ;;
		*) echo "$l" ;;
		esac
	done <"$T/round$r.tap"
	r=$((r + 1))
done
emu_stop
