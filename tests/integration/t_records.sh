# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope records: the same checks against an SQLite file and against
# a PostgreSQL server this script starts itself (initdb into a temporary
# directory, a unix socket only, stopped at the end).  Reports: one real
# batch visit of the emulated front door, and reports generated from a
# real one by test_records --gen, signed by a trusted and by an
# untrusted technician key.  Adding twice, refusing tampered, foreign
# and truncated files with nothing written, filters, a lock's history,
# CSV, a database newer than the program, SIGKILL during add and during
# push (consistent, and the re-run completes with no duplicate), trust.
. tests/integration/lib.sh
. tests/integration/tmux.sh
PER_DB=48
plan $((14 + 2 * PER_DB))

GEN=$B/tests/test_records
TMPL=tests/records/ttlock-visit.json
export LOCKSCOPE_PROFILES=profiles
unset LOCKSCOPE_DB XDG_DATA_HOME
export HOME="$T/home"
FRONT=C4:7C:8D:6A:12:01

opts_check_page records

# ---- PostgreSQL, started here ------------------------------------------
PGD=
AS=
pg_start() {
	PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V |
	    tail -1)
	[ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] || return 1
	PGD=$(mktemp -d /tmp/lockscope-pg.XXXXXX) || return 1
	# The server refuses to run as root: then it runs as postgres.
	if [ "$(id -u)" -eq 0 ]; then
		u=postgres
		getent passwd postgres >/dev/null || u=nobody
		chown "$u" "$PGD" || return 1
		AS="runuser -u $u --"
	fi
	$AS "$PGBIN/initdb" -D "$PGD/data" -U lockscope --auth=trust \
	    -E UTF8 --no-locale >"$T/initdb.log" 2>&1 || return 1
	$AS "$PGBIN/pg_ctl" -D "$PGD/data" -l "$PGD/log" -w -t 60 \
	    -o "-c listen_addresses='' -k $PGD -c fsync=off" start \
	    >"$T/pg_ctl.log" 2>&1 || return 1
	for db in records company fresh; do
		"$PGBIN/psql" -h "$PGD" -U lockscope -d postgres -qAtX \
		    -c "CREATE DATABASE $db" >>"$T/pg_ctl.log" 2>&1 || return 1
	done
}
pg_stop() {
	[ -n "$PGD" ] || return 0
	$AS "$PGBIN/pg_ctl" -D "$PGD/data" -m immediate -w stop \
	    >/dev/null 2>&1
	rm -rf "$PGD"
	PGD=
}
trap '$TM kill-server 2>/dev/null; pg_stop; lib_exit' EXIT

# sql DB QUERY: one answer, by the database's own client.
sql() {
	case $1 in
	postgresql://*) "$PGBIN/psql" "$1" -qAtX -c "$2" ;;
	*) sqlite3 "$1" "$2" ;;
	esac
}

# ---- reports -------------------------------------------------------------
export LOCKSCOPE_KEY="$T/a/technician.key"
run ka "$LS" key init
PUB_A=$(awk '{print $2}' "$T/a/technician.pub")
LOCKSCOPE_KEY="$T/b/technician.key" run kb "$LS" key init
mkdir -p "$T/gen" "$T/genb" "$T/many" "$T/bad"
"$GEN" --gen "$TMPL" "$T/gen" 6 3 2 &&
    LOCKSCOPE_KEY="$T/b/technician.key" "$GEN" --gen "$TMPL" "$T/genb" 8 3 2 &&
    "$GEN" --gen "$TMPL" "$T/many" 1500 50 10
check "test_records --gen writes signed reports that verify" \
    sh -c "'$LS' report verify '$T/gen/r000005.json' | grep -q 'signed by' &&
    '$LS' report verify '$T/genb/r000007.json' \
    --key '$T/b/technician.pub' >/dev/null &&
    test -f '$T/many/r001499.json'"

# One real batch visit of the emulated front door, signed by key A.
cat >"$T/answers.json" <<EOA
{"technician": "A. Smith", "site": "Rental unit 4B", "work_order": "WO-77",
 "symptoms": ["pairing-fails"],
 "ownership": {"verified": true, "method": "owner present with deed"},
 "remedy": "factory-reset",
 "remedy_reason": "previous owner unreachable; the owner asked for a reset",
 "steps": {"reset": {"result": "done"}, "enroll": {"result": "done"},
           "credentials": {"codes_active": 3, "result": "done"},
           "door-test": {"result": "pass", "note": "bolt aligned"},
           "closeout": {"result": "done"}}}
EOA
wait_for() {
	i=0
	while ! grep -Eq "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 400 ] && return 1
		sleep 0.05
	done
}
emu_start tests/scenarios/visit.json || bail "hci-emu did not start"
# real_visit NAME [visit options]: a whole visit of the front door.
real_visit() {
	n=$1
	shift
	timeout -k 2 60 "$LS" visit --adapter "h4:unix:$SOCK" --device $FRONT \
	    --batch "$T/answers.json" --out "$T/$n.json" "$@" >"$T/$n.out" \
	    2>"$T/$n.err" &
	VPID=$!
	if wait_for "$T/$n.json.journal" '"step-start".*"verify-reset-radio"'
	then
		ctl_ok "state front-door factory"
		wait_for "$T/$n.json.journal" \
		    '"step-start".*"verify-enroll-radio"'
		ctl_ok "state front-door initial"
	fi
	wait $VPID
	RC=$?
}
real_visit real --no-records
expect_rc real 0 "a real batch visit writes its report"
check "visit --no-records: no records database made" \
    test ! -e "$T/home/.local/share/lockscope" -a ! -e "$T/records.db"

# The bad files: a changed report, a JSON that is no report, a cut one.
sed 's/"Tech 0"/"Tech 9"/' "$T/gen/r000000.json" >"$T/bad/tampered.json"
echo '{"hello": "world"}' >"$T/bad/foreign.json"
head -c 700 "$T/gen/r000001.json" >"$T/bad/truncated.json"

# count DB: reports in the database.
count() { sql "$1" "SELECT count(*) FROM reports"; }
# consistent DB: every report has its visit, its device and its steps,
# and nothing else is there.
consistent() {
	test "$(sql "$1" "SELECT count(*) FROM reports")" = \
	    "$(sql "$1" "SELECT count(*) FROM visits")" &&
	test "$(sql "$1" "SELECT count(*) FROM reports")" = \
	    "$(sql "$1" "SELECT count(DISTINCT digest) FROM devices")" &&
	test "$(sql "$1" "SELECT count(*) FROM visits v WHERE NOT EXISTS
	    (SELECT 1 FROM steps s WHERE s.digest = v.digest)")" = 0 &&
	test "$(sql "$1" "SELECT count(*) - count(DISTINCT visit_id)
	    FROM visits")" = 0
}

# kill_when_some DB WANT PID: SIGKILL pid once DB holds at least one
# report more than WANT (bounded wait); prints how many were in.
kill_when_some() {
	i=0
	while [ "$(count "$1" 2>/dev/null || echo 0)" -le "$2" ]; do
		i=$((i + 1))
		[ $i -gt 600 ] && break
		kill -0 "$3" 2>/dev/null || break
		sleep 0.02
	done
	kill -9 "$3" 2>/dev/null
	wait "$3" 2>/dev/null
	# A server may still finish a COMMIT its killed client sent: count
	# once the number holds still.
	_kw_a=$(count "$1")
	_kw_i=0
	while :; do
		sleep 0.3
		_kw_b=$(count "$1")
		[ "$_kw_a" = "$_kw_b" ] && break
		_kw_a=$_kw_b
		_kw_i=$((_kw_i + 1))
		[ $_kw_i -gt 50 ] && break
	done
	echo "$_kw_a"
}

# ---- the same checks for each database ------------------------------------
suite() {
	DB=$1
	L=$2
	PUSHTO=$3
	FRESH=$4
	R="$LS records --db $DB"
	# Four programs open a new database at once: they take turns.
	pids=
	for k in 1 2 3 4; do
		"$LS" records --db "$FRESH" list >"$T/fresh$L$k.out" 2>&1 &
		pids="$pids $!"
	done
	frc=0
	for p in $pids; do wait "$p" || frc=1; done
	check "$L: four programs creating one new database at once" \
	    test "$frc" = 0 -a "$(sql "$FRESH" "SELECT value FROM meta
	    WHERE name = 'schema_version'")" = 1
	run add$L $R add "$T"/gen/*.json "$T/real.json"
	expect_rc add$L 0 "$L: add 7 reports"
	check "$L: each named as added" \
	    test "$(grep -c ': added: sha256 ' "$T/add$L.out")" = 7
	run again$L $R add "$T/gen/r000002.json" "$T/real.json"
	expect_rc again$L 0 "$L: adding the same reports again"
	check "$L: ... is a no-op (named as already there, still 7)" test \
	    "$(grep -c 'already in the records' "$T/again$L.out")" = 2 -a \
	    "$(count "$DB")" = 7
	run tam$L $R add "$T/bad/tampered.json"
	expect_rc tam$L 1 "$L: a tampered report is refused"
	expect_err tam$L "tampered.json: .*(digest|changed|sha256)" \
	    "$L: ... and named"
	run for$L $R add "$T/bad/foreign.json"
	expect_rc for$L 65 "$L: a JSON that is not a report is refused"
	run tru$L $R add "$T/bad/truncated.json"
	expect_rc tru$L 65 "$L: a truncated report is refused"
	check "$L: nothing of them was written" test "$(count "$DB")" = 7
	run mix$L $R add "$T/genb/r000006.json" "$T/bad/tampered.json"
	expect_rc mix$L 1 "$L: a good and a bad report: exit 1"
	check "$L: ... the good one is in, the bad one named" sh -c \
	    "grep -q 'r000006.json: added' '$T/mix$L.out' &&
	    grep -q 'tampered.json' '$T/mix$L.err'"
	run ls0$L $R list --json
	check "$L: before any trust every signed report is flagged" \
	    test "$(jq -r .trust "$T/ls0$L.out" | sort -u | tr '\n' ' ')" = \
	    "untrusted "
	run tadd$L $R trust add "$PUB_A"
	expect_rc tadd$L 0 "$L: trust add KEY"
	run ls1$L $R list --json
	check "$L: then only the other key's report is flagged" \
	    test "$(jq -r 'select(.trust == "untrusted") | .technician' \
	    "$T/ls1$L.out")" = "Tech 6"
	run ls2$L $R list
	check "$L: the table marks it with ! and says why" sh -c \
	    "grep -q '^! .*Tech 6' '$T/ls2$L.out' &&
	    grep -q '^! signed by a key not in the trust list' '$T/ls2$L.out' &&
	    test \$(grep -c '^  20' '$T/ls2$L.out') = 7"
	check "$L: the table fits 80 columns" \
	    test "$(awk '{ if (length > m) m = length } END { print m }' \
	    "$T/ls2$L.out")" -le 80
	run site$L $R list --site "Site 0" --json
	check "$L: list --site" test "$(jq -r .site "$T/site$L.out" |
	    sort -u)" = "Site 0" -a "$(wc -l <"$T/site$L.out")" -eq 4
	run tech$L $R list --technician "Tech 1" --json
	check "$L: list --technician" test "$(wc -l <"$T/tech$L.out")" -eq 1
	run since$L $R list --since 2024-01-01T03:00:00Z --until 2024-01-01 \
	    --json
	check "$L: list --since TIME --until DAY (whole day)" \
	    test "$(wc -l <"$T/since$L.out")" -eq 4
	run out$L $R list --outcome completed --json
	check "$L: list --outcome" test "$(wc -l <"$T/out$L.out")" -eq 8
	run bad$L $R list --since yesterday
	expect_rc bad$L 64 "$L: list --since with a bad date"
	run lk$L $R lock C4:7C:8D:6A:00:00 --json
	check "$L: lock ADDRESS: the lock's three visits, oldest first" \
	    test "$(jq -r .battery_percent_before "$T/lk$L.out" |
	    tr '\n' ' ')" = "95 91 87 "
	ID=$(jq -r .lock_id "$T/lk$L.out" | head -1)
	run lkt$L $R lock "$ID" --chart
	expect_rc lkt$L 0 "$L: lock ID (table and chart)"
	check "$L: ... battery, firmware change, chart" sh -c \
	    "grep -q '95%' '$T/lkt$L.out' &&
	    grep -q 'random address' '$T/lkt$L.out' &&
	    grep -Eq '^  2024-01-01 \|#{40,} 95%' '$T/lkt$L.out'"
	run lkr$L $R lock $FRONT --json
	check "$L: lock of the real visit: firmware, clock, pairing, remedy" \
	    test "$(jq -r '[.firmware_before, (.clock_skew_s | type),
	    .pairing_before, .pairing_after, .codes_active, .remedy] |
	    join(" ")' "$T/lkr$L.out" 2>/dev/null)" = \
	    "3.2.1 number paired paired 3 factory-reset"
	check "$L: the lock table fits 80 columns" \
	    test "$(awk '{ if (length > m) m = length } END { print m }' \
	    "$T/lkt$L.out")" -le 80
	check "$L: the credential count is kept (a count, no code)" \
	    test "$(sql "$DB" "SELECT value FROM credential_counts
	    WHERE name = 'codes_active' AND source = 'credentials-count'
	    AND digest = (SELECT digest FROM devices
	    WHERE address = '$FRONT')")" = 3
	run lkn$L $R lock no-such-lock
	expect_rc lkn$L 65 "$L: lock of an unknown id"
	run csv$L $R export --csv
	check "$L: export --csv: the documented header and one row a visit" \
	    sh -c "head -1 '$T/csv$L.out' | tr -d '\r' | grep -q \
	    '^digest,visit_id,started,finished,site,technician,work_order,outcome,remedy,signer,trust,lock_id,' &&
	    test \$(wc -l <'$T/csv$L.out') -eq 9"
	check "$L: the database is consistent" consistent "$DB"

	# A schema newer than the program: refused, and clearly.
	sql "$DB" "UPDATE meta SET value = '99' WHERE name = 'schema_version'"
	run new$L $R list
	expect_rc new$L 65 "$L: a database newer than the program is refused"
	expect_err new$L "schema version 99 is newer" "$L: ... and says so"
	sql "$DB" "UPDATE meta SET value = '1x' WHERE name = 'schema_version'"
	run bad$L $R list
	expect_rc bad$L 65 "$L: a schema version that is not a number is refused"
	expect_err bad$L "schema version is not a number" "$L: ... and says so"
	sql "$DB" "UPDATE meta SET value = '1' WHERE name = 'schema_version'"

	# SIGKILL during add: consistent, the re-run completes, no duplicate.
	$R add "$T"/many/*.json >"$T/kadd$L.out" 2>&1 &
	n=$(kill_when_some "$DB" 8 $!)
	check "$L: kill -9 landed during add ($n of 1508 in)" \
	    test "$n" -gt 8 -a "$n" -lt 1508
	check "$L: ... the database is consistent" consistent "$DB"
	run kadd2$L $R add "$T"/many/*.json
	expect_rc kadd2$L 0 "$L: ... the re-run completes"
	check "$L: ... with every report once" sh -c \
	    "test \$(grep -c ': added' '$T/kadd2$L.out') -eq \$((1508 - $n)) &&
	    test \"\$($LS records --db '$DB' list --json | wc -l)\" -eq 1508"

	# SIGKILL during push: the same.
	$R push --to "$PUSHTO" >"$T/kpush$L.out" 2>&1 &
	n=$(kill_when_some "$PUSHTO" 0 $!)
	check "$L: kill -9 landed during push ($n of 1508 in)" \
	    test "$n" -gt 0 -a "$n" -lt 1508
	check "$L: ... the target is consistent" consistent "$PUSHTO"
	run push$L $R push --to "$PUSHTO"
	expect_rc push$L 0 "$L: ... the push resumes"
	check "$L: ... sending only what was missing" \
	    grep -q "^pushed $((1508 - n)) reports, $n already there" \
	    "$T/push$L.out"
	check "$L: ... every report there once" test \
	    "$($R list --json | wc -l)" -eq 1508 -a \
	    "$(sql "$PUSHTO" "SELECT count(DISTINCT visit_id) FROM visits")" \
	    -eq 1508
	run push2$L $R push --to "$PUSHTO"
	check "$L: a second push sends nothing" \
	    grep -q "^pushed 0 reports, 1508 already there" "$T/push2$L.out"
	run tls$L $R trust list
	check "$L: trust list names the key" grep -q "^$PUB_A  SHA256:" \
	    "$T/tls$L.out"
	run trm$L $R trust remove "$PUB_A"
	expect_rc trm$L 0 "$L: trust remove KEY"
	run trm2$L $R trust remove "$PUB_A"
	expect_rc trm2$L 65 "$L: trust remove of a key not there"
}

# The default database, and LOCKSCOPE_DB.
run def "$LS" records add "$T/gen/r000000.json"
check "no --db: \$HOME/.local/share/lockscope/records.db (dirs 0700)" \
    test "$RC" = 0 -a -f "$T/home/.local/share/lockscope/records.db" -a \
    "$(stat -c %a "$T/home/.local/share/lockscope")" = 700
LOCKSCOPE_DB="$T/env.db" run env "$LS" records add "$T/gen/r000000.json"
check "LOCKSCOPE_DB names the database" \
    test "$RC" = 0 -a "$(stat -c %a "$T/env.db" 2>/dev/null)" = 600
run nosrv "$LS" records list \
    --db "postgresql://someone:hunter2@/x?host=$T/nowhere"
check "a server that cannot be reached: exit 69, the URI not repeated" \
    test "$RC" = 69 -a -z "$(grep hunter2 "$T/nosrv.err")" -a \
    -s "$T/nosrv.err"

suite "$T/records.db" sqlite "$T/company.db" "$T/fresh.db"

# A visit of a lock already in the records: its last visit beside
# today's in the baseline (log line and report note), then it adds
# itself, so records lock shows both visits.
LOCKSCOPE_DB="$T/records.db" real_visit again
expect_rc again 0 "a second visit of the front door"
check "its baseline line shows the last visit's battery beside today's" \
    grep -Eq '^lockscope visit: passed +baseline-readings: .*last visit 20[0-9-]{8}: battery 80 % \(today 80 %\), firmware 3\.2\.1' \
    "$T/again.err"
check "... and so does the report's baseline step note" \
    test "$(jq -r '.steps[] | select(.phase == "baseline") | .note' \
    "$T/again.json" | grep -c 'last visit .*battery 80 %')" = 1
check "the visit added its report to the records" \
    grep -q 'records: the report was added' "$T/again.err"
run both "$LS" records --db "$T/records.db" lock $FRONT --json
check "records lock shows both visits of the front door" \
    test "$(jq -r .digest "$T/both.out" | sort -u | wc -l)" = 2

# On the screen: the readings panel puts the last visit beside today's.
tmux_start
$TM new-session -d -x 80 -y 24 -s scr "env LANG=C.UTF-8 \
    LOCKSCOPE_PROFILES=profiles LOCKSCOPE_KEY=$LOCKSCOPE_KEY \
    LOCKSCOPE_DB=$T/records.db $PWD/$LS visit --adapter h4:unix:$SOCK \
    --device $FRONT --out $T/scr.json; sleep 120"
wait_screen scr "Technician" >/dev/null
keys scr "A. Smith" Tab "Rental unit 4B" Tab "WO-77" Tab Down Down Down Space
k=0
while [ $k -lt 12 ]; do keys scr Tab; k=$((k + 1)); done
keys scr Space Tab "owner present with deed" Tab Enter
see scr 'Battery   80 %  ok  \(20[0-9]{2}-[0-9]{2}-[0-9]{2}: 80 %\)' \
    "screen: the readings panel shows the last visit's battery beside today's"
keys scr C-c
emu_stop
if pg_start; then
	suite "postgresql:///records?host=$PGD&user=lockscope" postgresql \
	    "postgresql:///company?host=$PGD&user=lockscope" \
	    "postgresql:///fresh?host=$PGD&user=lockscope"
else
	sed 's/^/# /' "$T/initdb.log" "$T/pg_ctl.log" 2>/dev/null | head -20
	i=0
	while [ $i -lt $PER_DB ]; do
		not_ok "postgresql: the server did not start"
		i=$((i + 1))
	done
fi
pg_stop
