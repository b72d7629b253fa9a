# SPDX-License-Identifier: GPL-3.0-or-later
# NDJSON to keep (lockscope-ndjson(5)): a scan ends with exactly one
# "final": true line per device before the summary; every line carries
# the schema; the filters and --final-only choose lines while the summary
# counts everything; the jq one-liners of the man page give the right
# answers on the demo site; the schema validator fails on lines that
# break the schemas; and with no adapter named, the only usable one is
# used (the test suite's LOCKSCOPE_TEST_ADAPTERS stands in for the probe
# of the laptop).
. tests/integration/lib.sh
plan 41

unset LOCKSCOPE_ADAPTER LOCKSCOPE_TEST_ADAPTERS
emu_start tests/scenarios/demo.json || bail "hci-emu did not start"
"$EMU" --scenario tests/scenarios/demo.json --list >"$T/list.tsv"
ndev=$(wc -l <"$T/list.tsv")
addr_of() { grep "^$1	" "$T/list.tsv" | cut -f2; }
S="h4:unix:$SOCK"

# jqt NAME FILTER DESCRIPTION: jq -s FILTER over $T/NAME.out is true.
jqt() {
	if jq -e -s "$2" "$T/$1.out" >/dev/null 2>&1; then
		ok "$3"
	else
		not_ok "$3"
		show "$1"
	fi
}

run s5 "$LS" scan --adapter "$S" --duration 5 --json \
    --capture "$T/s5.btsnoop"
expect_rc s5 0 "scan --json --duration 5 on the demo site"
jqt s5 "[.[] | select(.type == \"device\" and .final)] as \$f |
    (\$f | length) == $ndev and (\$f | map(.address) | unique | length) ==
    $ndev and .[-1].type == \"summary\" and .[-1].devices == $ndev" \
    "exactly one final line per device ($ndev), and the summary counts them"
jqt s5 '.[-1] as $s | (.[-($s.devices + 1):-1] | all(.type == "device" and
    .final)) and (.[:-($s.devices + 1)] | all(.final != true))' \
    "the final lines come last, just before the summary"
jqt s5 'all(.schema == "lockscope-ndjson/1")' \
    "every line carries \"schema\": \"lockscope-ndjson/1\""
jqt s5 '[.[] | select(.type == "device")] | group_by(.address) |
    all((map(select(.final)) | .[0]) as $f | length > 1 and
    all($f.reports >= .reports and $f.last_seen >= .last_seen))' \
    "final lines hold the latest counts and times (more than one line each)"
jqt s5 '[.[] | select(.type == "device") | .first_seen, .last_seen] |
    length > 0 and
    all(test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}[.][0-9]{3}Z$"))' \
    "times are RFC 3339 UTC with milliseconds"
jqt s5 "[.[] | select(.final)] | (map(select(.family == \"ttlock\")) |
    length == 2 and all(.company_id == null and .company == null)) and
    (map(select(.address == \"$(addr_of patio-door)\")) | .[0] |
    .company_id == 76 and .company == \"Apple, Inc.\")" \
    "TTLock: no company (protocol bytes); HomeKit: Apple's"
jqt s5 "[.[] | select(.final and .address == \"$(addr_of airbnk-cabinet)\")] |
    .[0] | .firmware == \"1.2.3\" and .company_id == null and
    .battery == {percent: null, volts: 3, source: \"advertisement\",
    level: \"ok\"}" \
    "Airbnk: firmware from the advertisement, battery in the shared shape"

# The man page's jq one-liners, run as printed, on this scan.
cp "$T/s5.out" "$T/site.ndjson"
sed -n 's/^\.Dl \(jq .*\)$/\1/p' man/lockscope-ndjson.5 |
    sed 's/\\(dq/"/g' >"$T/oneliners"
check "the man page has 5 jq one-liners" test "$(wc -l <"$T/oneliners")" -eq 5
# oneliner N [FILE]: run the N-th on site.ndjson (or FILE in its place).
oneliner() {
	sed -n "${1}p" "$T/oneliners" >"$T/ol.sh"
	(cd "$T" && sh ./ol.sh)
}
locks=$(grep -c '	true	' tests/scenarios/demo.expect)
got=$(oneliner 1)
check "one-liner 'how many locks': $got (want $locks)" test "$got" = "$locks"
got=$(oneliner 2 | jq -r .address | sort | tr '\n' ' ')
want=$(cut -f2 "$T/list.tsv" | sort | tr '\n' ' ')
check "one-liner 'final state of each device': every device once" \
    test "$got" = "$want"
# Unpaired at the end: the demo's unpaired locks, and the front door
# that the scenario's timeline resets to setting mode at 3 s.
got=$(oneliner 3 | sort | tr '\n' ' ')
want=$(for id in front-door garage-padlock patio-door sesame-back; do
	addr_of $id
done | sort | tr '\n' ' ')
check "one-liner 'can be enrolled now': [$got]" test "$got" = "$want"
got=$(oneliner 4 | jq -r 'to_entries[] | "\(.key) \(.value)"' | sort)
want=$(awk -F '\t' '!/^#/ && $2 == "true" { n[$3]++ }
    END { for (f in n) print f, n[f] }' tests/scenarios/demo.expect | sort)
check "one-liner 'locks per family' matches demo.expect" \
    test "$got" = "$want"
# Every battery of the demo is fine; one made low must show.
got=$(oneliner 5)
jq -c --arg a "$(addr_of garage-padlock)" 'if .final and .address == $a
    then .battery.level = "low" else . end' "$T/s5.out" >"$T/low.ndjson"
mv "$T/low.ndjson" "$T/site.ndjson"
low=$(oneliner 5)
check "one-liner 'batteries to replace': none, then the one made low" \
    test -z "$got" -a "$low" = "$(addr_of garage-padlock)"

# --final-only and the filters.
run fo "$LS" scan --adapter "$S" --duration 2 --json --final-only
expect_rc fo 0 "scan --final-only"
jqt fo "(map(select(.type == \"device\")) | length == $ndev and
    all(.final)) and .[-1].type == \"summary\" and length == $ndev + 1" \
    "--final-only: only the $ndev final lines and the summary"
run lo "$LS" scan --adapter "$S" --duration 2 --json --locks-only
expect_rc lo 0 "scan --locks-only"
jqt lo "(map(select(.type == \"device\")) | length > 0 and all(.is_lock)) and
    .[-1].devices == $ndev and .[-1].matched == $locks and
    .[-1].locks == $locks and
    (map(select(.final)) | length) == $locks" \
    "--locks-only: lock lines only; the summary still counts all $ndev"
run fam "$LS" scan --adapter "$S" --duration 2 --json --family ttlock
expect_rc fam 0 "scan --family ttlock"
jqt fam '(map(select(.type == "device")) | length > 0 and
    all(.family == "ttlock")) and (map(select(.final)) | length) == 2 and
    .[-1].matched == 2' "--family ttlock: the two TTLock locks only"
run nm "$LS" scan --adapter "$S" --duration 2 --json --name 'Nuki_*'
expect_rc nm 0 "scan --name 'Nuki_*'"
jqt nm '[.[] | select(.final)] | length == 2 and
    all(.name | test("^Nuki_"))' "--name: a glob over the names"
run badfam "$LS" scan --adapter "$S" --duration 1 --json --family acme
expect_rc badfam 64 "an unknown --family is a usage error"
expect_err badfam "unknown family 'acme'" "unknown family: named"
run fonj "$LS" scan --adapter "$S" --duration 1 --final-only
expect_rc fonj 64 "--final-only without --json is a usage error"
# replay the scan's capture with the same options: the same locks.
run rp "$LS" replay "$T/s5.btsnoop" --json --final-only --locks-only
expect_rc rp 0 "replay --final-only --locks-only"
jq -r 'select(.final and .is_lock) | .address' "$T/s5.out" | sort \
    >"$T/s5.locks"
jq -r 'select(.type == "device") | .address' "$T/rp.out" | sort \
    >"$T/rp.locks"
check "replay with filters: the scan's $locks locks, final lines only" \
    sh -c "cmp -s '$T/s5.locks' '$T/rp.locks' &&
    test \$(wc -l <'$T/rp.locks') -eq $locks &&
    tail -n 1 '$T/rp.out' | jq -e '.devices == $ndev' >/dev/null"

# The validator fails on what breaks the schemas.
head -n 1 "$T/s5.out" >"$T/one.ndjson"
check "validator: a line of the scan passes" \
    sh -c "tests/validate-ndjson '$T/one.ndjson' >/dev/null"
jq -c 'del(.schema)' "$T/one.ndjson" >"$T/noschema.ndjson"
check "validator: a line without \"schema\" fails" \
    sh -c "! tests/validate-ndjson '$T/noschema.ndjson' >/dev/null"
jq -c '.battery = {battery_percent: {value: 80}}' "$T/one.ndjson" \
    >"$T/oldbatt.ndjson"
check "validator: another battery shape fails" \
    sh -c "! tests/validate-ndjson '$T/oldbatt.ndjson' >/dev/null"
printf '{"type":"device",\n' >"$T/cut.ndjson"
check "validator: a line cut short fails" \
    sh -c "! tests/validate-ndjson '$T/cut.ndjson' >/dev/null"
# And lib.sh's guard, which validates what every script kept, says so.
check "lib.sh: a kept line that breaks a schema becomes a 'not ok'" \
    sh -c '. tests/integration/lib.sh
    ndjson_keep "$1"
    ndjson_validate_kept >"$2"
    rm -rf "$NDJSON_KEPT"
    grep -q "^not ok .*validates against schemas/ndjson" "$2"' \
    _ "$T/noschema.ndjson" "$T/guard.out"

# No adapter named: the only usable one, said on stderr.
run one env LOCKSCOPE_TEST_ADAPTERS="$S" "$LS" scan --duration 1 --json
expect_rc one 0 "scan without --adapter, one candidate"
expect_err one "^lockscope: using adapter $S \\(the only one up\\)$" \
    "stderr names the adapter used"
check "the summary names it too" sh -c \
    "tail -n 1 '$T/one.out' | jq -e '.adapter == \"$S\"' >/dev/null"
run two env LOCKSCOPE_TEST_ADAPTERS="$S hci7" "$LS" scan --duration 1
expect_rc two 69 "two candidates: exit 69"
expect_err two \
    "several could be used: $S \\(up\\), hci7 \\(up\\).*lockscope doctor" \
    "two candidates: both listed, lockscope doctor named"
run none env LOCKSCOPE_TEST_ADAPTERS="hci0=down" "$LS" scan --duration 1
expect_rc none 69 "no usable adapter: exit 69"
expect_err none "none is usable: hci0 \\(down\\); see 'lockscope doctor'" \
    "no usable adapter: the one that is down listed, lockscope doctor named"
run env env LOCKSCOPE_TEST_ADAPTERS="hci7 hci8" LOCKSCOPE_ADAPTER="$S" \
    "$LS" scan --duration 1 --json
check "LOCKSCOPE_ADAPTER still wins, with no message" sh -c \
    "test $RC -eq 0 && ! grep -q 'using adapter' '$T/env.err'"
run insp env LOCKSCOPE_TEST_ADAPTERS="$S" "$LS" inspect \
    "$(addr_of front-door)" --json --timeout 10
# The front door advertises its percentage and answers its voltage over
# GATT: one battery object holds both, and says where they came from.
jqt insp '.[0].type == "device" and .[0].final and length == 2 and
    .[0].battery.source == "advertisement+gatt" and
    (.[0].battery.percent | type) == "number" and
    .[0].battery.volts == .[0].gatt.battery_volts.value and
    .[0].battery.level == "ok" and .[-1].adapter != ""' \
    "inspect without --adapter: a final line, the GATT voltage in the battery"
