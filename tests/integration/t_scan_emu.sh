# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope scan against hci-emu: every advertiser of a scenario is
# reported with its address, address type, name and an RSSI within the
# scenario's jitter, in one final line; every device field of
# lockscope-ndjson(5) is present; a summary ends it; the table lists the
# locks first.
. tests/integration/lib.sh
plan 26

TAB=$(printf '\t')
FIELDS='type schema transport address address_type name rssi company_id
service_uuids is_lock vendor family model pairing_state pairing_evidence
battery firmware final'

# check_scan NAME SCENARIO MODE: compare $T/NAME.out with the scenario.
check_scan() {
	name=$1
	scn=$2
	mode=$3
	"$EMU" --scenario "$scn" --list >"$T/expect.tsv"
	total=0
	bad=0
	# cut, not IFS: tabs are whitespace to read(1), so an empty name
	# would shift the fields.
	while IFS= read -r line; do
		id=$(printf '%s\n' "$line" | cut -f1)
		addr=$(printf '%s\n' "$line" | cut -f2)
		atype=$(printf '%s\n' "$line" | cut -f3)
		ename=$(printf '%s\n' "$line" | cut -f4)
		rssi=$(printf '%s\n' "$line" | cut -f5)
		jit=$(printf '%s\n' "$line" | cut -f6)
		total=$((total + 1))
		jq -c --arg a "$addr" \
		    'select(.type == "device" and .address == $a and .final)' \
		    "$T/$name.out" >"$T/dev.json"
		if [ "$(wc -l <"$T/dev.json")" -ne 1 ]; then
			echo "# $id ($addr): $(wc -l <"$T/dev.json") final" \
			    "lines, want 1"
			bad=$((bad + 1))
			continue
		fi
		got=$(jq -r '[.address_type,
		    (.name // ""), .rssi] | @tsv' "$T/dev.json")
		gtype=$(echo "$got" | cut -f1)
		gname=$(echo "$got" | cut -f2)
		grssi=$(echo "$got" | cut -f3)
		if [ "$gtype" != "$atype" ] || [ "$gname" != "$ename" ] ||
		    [ "$grssi" -lt $((rssi - jit)) ] ||
		    [ "$grssi" -gt $((rssi + jit)) ]; then
			echo "# $id: got type=$gtype name='$gname'" \
			    "rssi=$grssi; want $atype '$ename' $rssi±$jit"
			bad=$((bad + 1))
		fi
	done <"$T/expect.tsv"
	if [ "$total" -gt 0 ] && [ "$bad" -eq 0 ]; then
		ok "$scn ($mode): all $total advertisers, one final line" \
		    "each, with address type, name and RSSI within jitter"
	else
		not_ok "$scn ($mode): $bad of $total advertisers wrong"
	fi
	ndev=$(jq -s '[.[] | select(.type == "device")] | length' \
	    "$T/$name.out" 2>/dev/null)
	if [ "${ndev:-0}" -eq 0 ]; then
		missing="(no device line)"
	elif missing=$(jq -r --arg f "$FIELDS" 'select(.type == "device") |
	    . as $d | $f | split("\n") | map(split(" ")) | flatten |
	    map(select(. != "")) | map(. as $k |
	    select(($d | has($k)) | not)) | .[]' "$T/$name.out"); then
		missing=$(echo "$missing" | sort -u | tr '\n' ' ' |
		    sed 's/ *$//')
	else
		missing="(jq failed)"
	fi
	if [ -z "$missing" ]; then
		ok "$scn ($mode): every device line has every field of" \
		    "lockscope-ndjson(5)"
	else
		not_ok "$scn ($mode): device lines miss: $missing"
	fi
	last=$(tail -n 1 "$T/$name.out" | jq -r '[.type, .devices,
	    .scan_mode, .error] | @tsv')
	if [ "$last" = "summary${TAB}${total}${TAB}${mode}${TAB}" ]; then
		ok "$scn ($mode): summary line last, $total devices"
	else
		not_ok "$scn ($mode): last line [$last], want summary of" \
		    "$total devices, $mode"
	fi
}

# One output per scenario: scan_demo.out, scan_minimal.out.
for scn in tests/scenarios/demo.json tests/scenarios/minimal.json; do
	s=scan_$(basename "$scn" .json)
	emu_start "$scn" || bail "hci-emu did not start on $scn"
	run "$s" "$LS" scan --adapter "h4:unix:$SOCK" --duration 3 --json
	expect_rc "$s" 0 "scan $scn"
	check_scan "$s" "$scn" extended
done

# The demo site's locks, from its JSON scan: the addresses whose final
# device line says is_lock (a device may turn out a lock on a later
# advertisement).
jq -r 'select(.type == "device" and .final and .is_lock) | .address' \
    "$T/scan_demo.out" 2>/dev/null | sort >"$T/locks.txt"
locks=$(wc -l <"$T/locks.txt")
check "demo site has at least one lock ($locks in its JSON scan)" \
    [ "$locks" -gt 0 ]

# Locks first: the table's first rows are exactly the demo site's locks,
# as many as its summary counts, and every row after them is not a lock.
emu_start tests/scenarios/demo.json || bail "hci-emu did not start"
run table "$LS" scan --adapter "h4:unix:$SOCK" --duration 2
expect_rc table 0 "scan with a table (not a terminal)"
check "table has a header and a summary" sh -c \
    "grep -q '^ADDRESS' '$T/table.out' && grep -Eq '^[0-9]+ devices \\([0-9]+ locks\\)' '$T/table.out'"
# The rows: from the header to the summary line.
sed -n '2,$p' "$T/table.out" | sed '/^[0-9][0-9]* devices /,$d' |
    cut -d ' ' -f 1 >"$T/rows.txt"
tlocks=$(sed -n 's/^[0-9][0-9]* devices (\([0-9][0-9]*\) locks).*/\1/p' \
    "$T/table.out")
head -n "$locks" "$T/rows.txt" | sort >"$T/first.txt"
sed "1,${locks}d" "$T/rows.txt" | sort >"$T/rest.txt"
if [ "$locks" -gt 0 ] && [ "$tlocks" = "$locks" ] &&
    cmp -s "$T/first.txt" "$T/locks.txt" &&
    [ -z "$(comm -12 "$T/rest.txt" "$T/locks.txt")" ]; then
	ok "table lists the $locks locks first, then the other devices"
else
	not_ok "table: the first rows are not the $locks locks" \
	    "(table says ${tlocks:-?} locks)"
	sed 's/^/# table: /' "$T/table.out"
	sed 's/^/# lock: /' "$T/locks.txt"
fi

# Legacy scanning: forced by the flag, and with a legacy-only controller.
run legacy "$LS" scan --adapter "h4:unix:$SOCK" --duration 3 --json --legacy
expect_rc legacy 0 "scan --legacy"
check_scan legacy tests/scenarios/demo.json legacy
emu_start tests/scenarios/demo.json --fault legacy-only
run legonly "$LS" scan --adapter "h4:unix:$SOCK" --duration 3 --json
expect_rc legonly 0 "scan on a legacy-only controller"
check_scan legonly tests/scenarios/demo.json legacy

# Passive scanning gets no scan responses; everything else still comes.
emu_start tests/scenarios/demo.json
run passive "$LS" scan --adapter "h4:unix:$SOCK" --duration 2 --json --passive
expect_rc passive 0 "scan --passive"
n=$(jq -s '[.[] | select(.type == "device")] | map(.address) | unique |
    length' "$T/passive.out")
want=$("$EMU" --scenario tests/scenarios/demo.json --list | wc -l)
check "passive scan sees every advertiser ($n of $want)" [ "$n" -eq "$want" ]

# The serial-line path: a pty bridged to the emulator by socat.
socat "PTY,link=$T/tty,raw,echo=0" "UNIX-CONNECT:$SOCK" 2>"$T/socat.err" &
SOCAT=$!
wait_until 20 test -e "$T/tty"
run tty "$LS" scan --adapter "h4:$T/tty:1000000" --duration 3 --json
kill $SOCAT 2>/dev/null
wait $SOCAT 2>/dev/null
expect_rc tty 0 "scan over a serial line (pty bridged to hci-emu)"
check_scan tty tests/scenarios/demo.json extended
