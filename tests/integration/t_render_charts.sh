# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope report render's two charts.  The signal over the visit: a
# batch visit against hci-emu records the lock's signal as a series (the
# window set short through the test-only LOCKSCOPE_TEST_SIGNAL_MS,
# lockscope-report(5)), the report verifies and the PDF shows the
# chart's labels; a visit killed and resumed keeps the windows its
# journal holds; a report without the series says so.  The battery over
# time: a records database holding two earlier visits of the lock gives
# the chart with their dates; a missing database, one holding only this
# report, and --no-records give no chart and no error.
. tests/integration/lib.sh
plan 18

command -v pdftotext >/dev/null 2>&1 ||
    skip_all "poppler-utils not installed"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"

export LOCKSCOPE_PROFILES=profiles
export LOCKSCOPE_KEY="$T/no-such.key"
export LOCKSCOPE_DB="$T/no-such.db"
export TZ=UTC
export LOCKSCOPE_TEST_SIGNAL_MS=200
FLAT=C4:7C:8D:6A:12:02

# has FILE WORDS...: the text of FILE (whitespace collapsed) holds each.
has() {
	f=$1
	shift
	python3 - "$f" "$@" <<'EOF'
import sys
t = " ".join(open(sys.argv[1], encoding="utf-8").read().split())
miss = [w for w in sys.argv[2:] if " ".join(w.split()) not in t]
for w in miss:
    print("# missing: %r" % w)
sys.exit(1 if miss else 0)
EOF
}

# render NAME REPORT [OPTIONS...]: render to $T/NAME.pdf, its text in
# $T/NAME.txt; $RC the exit status.
render() {
	n=$1
	r=$2
	shift 2
	rm -f "$T/$n.txt"
	run "$n" "$LS" report render "$r" --out "$T/$n.pdf" "$@"
	pdftotext -raw "$T/$n.pdf" "$T/$n.txt" 2>/dev/null
}

# ---- a battery job on the flat lock, with its signal series ------------
cat >"$T/answers.json" <<'EOA'
{"technician": "A. Smith", "site": "Unit 2", "work_order": "WO-78",
 "symptoms": ["battery-low"],
 "ownership": {"verified": true, "method": "owner present"},
 "battery_replaced": true, "remedy": "battery",
 "steps": {"door-test": {"result": "pass", "note": "bolt throws fully"},
           "closeout": {"result": "done"}}}
EOA
emu_start tests/scenarios/visit.json || bail "hci-emu did not start"
timeout -k 2 60 "$LS" visit --adapter "h4:unix:$SOCK" --device "$FLAT" \
    --batch "$T/answers.json" --out "$T/v.json" --timeout 10 \
    >"$T/v.out" 2>"$T/v.err" &
vpid=$!
i=0
while ! grep -q "waiting for a fresh battery reading" "$T/v.err" \
    2>/dev/null && [ $i -lt 400 ]; do
	i=$((i + 1))
	sleep 0.05
done
# Let the visit run a while so the series has windows to show.
sleep 1.5
ctl_ok "state flat-door fresh"
wait $vpid
emu_stop
R=$T/v.json
[ -s "$R" ] || bail "the visit wrote no report"

n=$(jq '.signal.samples | length' "$R")
check "the report holds a signal series of at least 5 windows (${n:-0})" \
    test "${n:-0}" -ge 5
ISO='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$'
check "its windows are 0.2 s, its times RFC 3339 UTC with milliseconds" \
    sh -c "test \"\$(jq .signal.interval_s '$R')\" = 0.2 &&
    jq -e --arg re '$ISO' '[.signal.samples[].at | test(\$re)] | all' \
    '$R' >/dev/null"
check "the lock was heard: most windows have a mean RSSI in dBm" \
    sh -c "jq -e '[.signal.samples[].rssi | select(. != null)] |
    length > 2 and all(. >= -127 and . <= 20)' '$R' >/dev/null"
run verify "$LS" report verify "$R" --allow-unsigned
expect_rc verify 0 "report verify accepts the report with the series"
grep -c '"kind":"signal"' "$T/v.json.journal" >"$T/nsig" 2>/dev/null
check "the journal holds the series (signal records)" \
    test "$(cat "$T/nsig")" -ge 1

render sig "$R" --no-records
expect_rc sig 0 "render of the report with the series"
first=$(jq -r '.signal.samples[0].at[11:19]' "$R")
check "the PDF shows the signal chart, its axes and first time ($first)" \
    has "$T/sig.txt" "Signal over the visit" "dBm" "the mean of every 0.2 s" \
    "Local time, UTC" "$first"
check "--no-records: no battery section" \
    sh -c "! grep -q 'Battery over time' '$T/sig.txt'"

# ---- killed and resumed: the series recorded before the kill stays ----
emu_start tests/scenarios/visit.json || bail "hci-emu did not start"
"$LS" visit --adapter "h4:unix:$SOCK" --device "$FLAT" \
    --batch "$T/answers.json" --out "$T/k.json" --timeout 10 \
    >"$T/k1.out" 2>"$T/k1.err" &
kpid=$!
i=0
while ! grep -q '"kind":"signal"' "$T/k.json.journal" 2>/dev/null &&
    [ $i -lt 400 ]; do
	i=$((i + 1))
	sleep 0.05
done
kill -KILL $kpid 2>/dev/null
wait $kpid 2>/dev/null
# The first window the journal kept, as the report writes its time.
first_us=$(grep -m1 '"kind":"signal"' "$T/k.json.journal" |
    sed 's/^[^{]*//' | jq '.samples[0][0]')
timeout -k 2 60 "$LS" visit --adapter "h4:unix:$SOCK" --device "$FLAT" \
    --batch "$T/answers.json" --out "$T/k.json" --timeout 10 --resume \
    >"$T/k2.out" 2>"$T/k2.err" &
vpid=$!
i=0
while ! grep -q "waiting for a fresh battery reading" "$T/k2.err" \
    2>/dev/null && [ $i -lt 400 ]; do
	i=$((i + 1))
	sleep 0.05
done
ctl_ok "state flat-door fresh"
wait $vpid
emu_stop
# The report's time of a journal time (µs): RFC 3339 UTC, milliseconds.
iso_of_us() {
	python3 -c 'import datetime, sys
t = datetime.datetime.fromtimestamp(int(sys.argv[1]) / 1e6,
    datetime.timezone.utc)
print(t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000))' \
	    "$1"
}
want=$(iso_of_us "${first_us:-0}")
check "killed and resumed: the report's series starts before the kill" \
    sh -c "test -n '$first_us' &&
    test \"\$(jq -r .visit.resumed '$T/k.json')\" = 1 &&
    test \"\$(jq -r '.signal.samples[0].at' '$T/k.json')\" = '$want'"

# ---- an older report: no series -----------------------------------------
# reseal IN OUT EXPR: apply the jq EXPR to IN, then write its integrity
# (an unsigned report: the SHA-256 of the canonical body, RFC 8785; the
# reports here hold only integers, ASCII names and plain strings).
cat >"$T/seal.py" <<'EOF'
import hashlib, json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r.pop("integrity", None)
canon = lambda o: json.dumps(o, sort_keys=True, separators=(",", ":"),
                             ensure_ascii=False)
h = hashlib.sha256(canon(r).encode("utf-8")).hexdigest()
r["integrity"] = {"algorithm": "sha256", "canonicalization": "RFC8785",
                  "sha256": h, "signature": None, "public_key": None}
open(sys.argv[2], "w", encoding="utf-8").write(canon(r) + "\n")
EOF
reseal() {
	jq "$3" "$1" >"$T/reseal.tmp" &&
	    python3 "$T/seal.py" "$T/reseal.tmp" "$2"
}
reseal "$R" "$T/old.json" 'del(.signal)'
run vold "$LS" report verify "$T/old.json" --allow-unsigned
expect_rc vold 0 "report verify accepts a report without the series"
render old "$T/old.json" --no-records
expect_rc old 0 "render of a report without the series"
check "its PDF says there is no signal series" \
    has "$T/old.txt" "No signal series in this report"

# ---- the battery over time from the records database --------------------
reseal "$R" "$T/march.json" '.visit.id = "00000000000000a1" |
    .visit.started = "2026-03-01T09:15:00.000Z" |
    .visit.finished = "2026-03-01T09:40:00.000Z" |
    .devices[0].readings_after.battery_percent.value = 61'
reseal "$R" "$T/july.json" '.visit.id = "00000000000000a2" |
    .visit.started = "2026-07-14T14:05:00.000Z" |
    .visit.finished = "2026-07-14T14:30:00.000Z" |
    .devices[0].readings_after.battery_percent.value = 33'
run add "$LS" records add --db "$T/rec.db" "$T/march.json" "$T/july.json" "$R"
expect_rc add 0 "records add: two earlier visits of the lock and this one"
render batt "$R" --db "$T/rec.db"
expect_rc batt 0 "render with the records database"
check "the PDF shows the battery chart and the earlier visits' dates" \
    has "$T/batt.txt" "Battery over time" "2026-03-01 61 %" \
    "2026-07-14 33 %" "this visit"
run add2 "$LS" records add --db "$T/self.db" "$R"
render self "$R" --db "$T/self.db"
check "a database holding only this report: no earlier visits (exit $RC)" \
    sh -c "test $RC -eq 0 && grep -q 'holds no earlier visits' '$T/self.txt'"
LOCKSCOPE_DB=$T/absent.db render nodb "$R"
check "no database at LOCKSCOPE_DB: no chart, no error, none made (exit $RC)" \
    sh -c "test $RC -eq 0 && grep -q 'No records database: no earlier visits' \
    '$T/nodb.txt' && test ! -e '$T/absent.db' &&
    ! grep -Eqi 'warning|error|lockscope' '$T/nodb.err'"
run both "$LS" report render "$R" --out "$T/both.pdf" --db "$T/rec.db" \
    --no-records
expect_rc both 64 "--db with --no-records is a usage error"
