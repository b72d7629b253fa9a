# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope report verify|show and key init|show: key file modes, a
# signed report accepted, any edit rejected, reformatting accepted, an
# outside tool recomputing the digest, a summary at 80 columns, and a
# visit killed with SIGKILL during its journal appends: never a partial
# report, nothing synced lost, the resumed run completes.
. tests/integration/lib.sh
plan 64
DRV=$B/tests/test_journal

opts_check_page report
opts_check_page key

# ---- keys ------------------------------------------------------------
unset LOCKSCOPE_KEY
export XDG_CONFIG_HOME="$T/cfg"
run kinit sh -c "umask 000; exec '$LS' key init"
expect_rc kinit 0 "key init"
K=$T/cfg/lockscope/technician.key
check "key file mode 0600 (umask 000)" test "$(stat -c %a "$K")" = 600
check "key directory mode 0700 (umask 000)" \
    test "$(stat -c %a "$T/cfg/lockscope")" = 700
check "public key file mode 0644" \
    test "$(stat -c %a "$T/cfg/lockscope/technician.pub")" = 644
SECRET=$(head -c 64 "$K")
PUB=$(awk '{print $2}' "$T/cfg/lockscope/technician.pub")
check "key init prints the public key" grep -q "public key:  $PUB" \
    "$T/kinit.out"
run kagain "$LS" key init
expect_rc kagain 65 "key init refuses to replace a key"
expect_err kagain 'already exists.*--force' "key init: says --force"
check "the key was not replaced" test "$(head -c 64 "$K")" = "$SECRET"
run kshow "$LS" key show
expect_rc kshow 0 "key show"
check "key show: public key and fingerprint" sh -c "grep -q '$PUB' \
    '$T/kshow.out' && grep -Eq '^fingerprint: SHA256:([0-9a-f]{4}:){7}[0-9a-f]{4}$' \
    '$T/kshow.out'"
run kbad "$LS" key frobnicate
expect_rc kbad 64 "key: unknown subcommand"
LOCKSCOPE_KEY=$T/none/technician.key run knone "$LS" key show
expect_rc knone 69 "key show without a key"
chmod 644 "$K"
run kopen "$LS" key show
expect_rc kopen 77 "key show refuses a key readable by others"
chmod 600 "$K"

# ---- a signed report -------------------------------------------------
run drive "$DRV" --drive "$T/j" "$T/r.json" 6
expect_rc drive 0 "driver writes a signed report"
run v "$LS" report verify "$T/r.json"
expect_rc v 0 "report verify accepts the report"
check "verify names the signer" grep -q "signed by SHA256:" "$T/v.out"
run vk "$LS" report verify "$T/r.json" --key "$T/cfg/lockscope/technician.pub"
expect_rc vk 0 "verify --key technician.pub"
run vk2 "$LS" report verify --key "$PUB" "$T/r.json"
expect_rc vk2 0 "verify --key HEX"
run vks "$LS" report verify "$T/r.json" --key "$K"
expect_rc vks 65 "verify --key refuses a secret key file"
LOCKSCOPE_KEY=$T/other.key run kother "$LS" key init
OTHER=$(awk '{print $2}' "$T/other.pub")
run vko "$LS" report verify "$T/r.json" --key "$OTHER"
expect_rc vko 1 "verify --key: signed by another key"
check "no output carries the secret key" sh -c "! grep -rqF '$SECRET' '$T'/*.out '$T'/*.err '$T/r.json' '$T/j'"

# jq edits of several fields: each one rejected with exit 1.
n=0
for f in '.steps[0].status = "failed"' '.visit.technician = "Someone"' \
    '.visit.symptoms += ["lock-offline"]' '.authorization.ownership_verified = true' \
    '.outcome.result = "aborted"' 'del(.steps[2])' '.steps |= reverse' \
    '.summary.passed = 7' '.extra = 1' '.visit.resumed = 1' \
    '.integrity.sha256 |= ascii_upcase' '.integrity.signature = null' \
    '.integrity.algorithm = "sha256"' 'del(.integrity)' '.signer = null' \
    '.integrity.public_key = "'"$OTHER"'"' '.tool.version = "9.9.9"'; do
	n=$((n + 1))
	jq -c "$f" "$T/r.json" >"$T/e$n.json"
	run e$n "$LS" report verify "$T/e$n.json"
	expect_rc e$n 1 "edit rejected: $f"
done
# One byte changed by sed; one byte cut off the end of the JSON.
sed 's/"passed"/"failed"/' "$T/r.json" >"$T/sed.json"
run sed "$LS" report verify "$T/sed.json"
expect_rc sed 1 "a byte changed with sed is rejected"
head -c $(($(wc -c <"$T/r.json") - 3)) "$T/r.json" >"$T/cut.json"
run cut "$LS" report verify "$T/cut.json"
expect_rc cut 65 "a cut report is not JSON (65)"
# Reformatting is not a change of content.
jq . "$T/r.json" >"$T/pretty.json"
run pretty "$LS" report verify "$T/pretty.json"
expect_rc pretty 0 "jq . (reformatted) still verifies"
jq -S --tab . "$T/r.json" >"$T/sorted.json"
run sorted "$LS" report verify "$T/sorted.json"
expect_rc sorted 0 "jq -S --tab still verifies"
# Not reports.
echo '{}' >"$T/empty.json"
run nr1 "$LS" report verify "$T/empty.json"
expect_rc nr1 65 "{} is not a report"
printf 'not json' >"$T/junk.json"
run nr2 "$LS" report verify "$T/junk.json"
expect_rc nr2 65 "junk is not a report"
run nr3 "$LS" report verify "$T/missing.json"
expect_rc nr3 65 "a missing file"
run nr4 "$LS" report verify
expect_rc nr4 64 "no file: usage"
# An outside tool recomputes the digest from the documented canonical form.
if command -v python3 >/dev/null 2>&1; then
	check "python3 recomputes the sha256 (man lockscope-report.5)" \
	    sh -c "python3 -c 'import json,sys,hashlib
r = json.load(open(sys.argv[1])); i = r.pop(\"integrity\")
b = json.dumps(r, sort_keys=True, separators=(\",\", \":\"), ensure_ascii=False).encode()
sys.exit(0 if hashlib.sha256(b).hexdigest() == i[\"sha256\"] else 1)' '$T/r.json'"
else
	skip 1 "python3 is not installed"
fi

# ---- report show -----------------------------------------------------
run show "$LS" report show "$T/r.json"
expect_rc show 0 "report show"
check "show: visit, steps, outcome, integrity" sh -c "grep -q '^visit ' \
    '$T/show.out' && grep -q '^steps' '$T/show.out' && grep -q \
    '^outcome completed' '$T/show.out' && grep -q '^integrity   ok, signed' \
    '$T/show.out'"
check "show: every line fits 80 columns" sh -c \
    "! awk 'length(\$0) > 80' '$T/show.out' | grep -q ."
jq -c '.visit.technician = "Eve\u001b[2J\u001b]0;pwned\u0007" | .steps[0].title = ("x" * 300)' \
    "$T/r.json" >"$T/hostile.json"
run hostile "$LS" report show "$T/hostile.json"
expect_rc hostile 1 "show of an edited report fails after the summary"
check "show: edited report flagged" grep -q "^integrity   FAILED" \
    "$T/hostile.out"
check "show: no control characters from the file" sh -c \
    "! LC_ALL=C grep -q '[[:cntrl:]]' '$T/hostile.out'"
check "show: long titles cut to 80 columns" sh -c \
    "! awk 'length(\$0) > 80' '$T/hostile.out' | grep -q ."

# ---- SIGKILL during the journal append loop ---------------------------
# Each round: start a 90-step visit (some rounds slowed so the kill lands
# between steps, others flat out so it lands inside writes), SIGKILL it,
# then: a report present is whole and verifies; every step the driver
# said was done is in the journal; the resumed run completes.
lost=0 partial=0 failed_resume=0 killed=0 stale=0
for round in 1 2 3 4 5 6 7 8; do
	rm -f "$T/kj" "$T/kr.json" "$T/.kr.json."*
	case $round in
	1|2|3|4) delay=2000 ;;
	*) delay=0 ;;
	esac
	"$DRV" --drive "$T/kj" "$T/kr.json" 90 $delay >"$T/kdone.out" \
	    2>"$T/kdrv.err" &
	pid=$!
	sleep "0.0$((round * 2 + 1))"
	kill -9 $pid 2>/dev/null && killed=$((killed + 1))
	wait $pid 2>/dev/null
	if [ -e "$T/kr.json" ] &&
	    ! "$LS" report verify "$T/kr.json" >/dev/null 2>&1; then
		partial=$((partial + 1))
	fi
	if [ -e "$T/kj" ]; then
		timeout 30 "$DRV" --dump "$T/kj" >"$T/kdump.out" 2>&1 || lost=$((lost + 1))
		sort "$T/kdone.out" >"$T/kdone.s"
		sort "$T/kdump.out" >"$T/kdump.s"
		[ -z "$(comm -23 "$T/kdone.s" "$T/kdump.s")" ] || lost=$((lost + 1))
	fi
	timeout 30 "$DRV" --drive "$T/kj" "$T/kr.json" 90 >/dev/null \
	    2>>"$T/kresume.err" || failed_resume=$((failed_resume + 1))
	for f in "$T/.kr.json."*; do
		[ -e "$f" ] && stale=$((stale + 1))
	done
	"$LS" report verify "$T/kr.json" >/dev/null 2>&1 &&
	    [ "$(jq '.summary.passed' "$T/kr.json")" = 90 ] &&
	    [ "$(jq '.outcome.result' "$T/kr.json")" = '"completed"' ] ||
	    failed_resume=$((failed_resume + 1))
done
echo "# SIGKILL rounds: $killed killed mid-run"
check "SIGKILL: never a partial or unverifiable report ($partial)" \
    test $partial -eq 0
check "SIGKILL: every step reported done is in the journal ($lost)" \
    test $lost -eq 0
check "SIGKILL: each resumed visit completes and verifies ($failed_resume)" \
    test $failed_resume -eq 0
check "SIGKILL: no temporary report left after the resumed run ($stale)" \
    test $stale -eq 0
if [ -s "$T/kresume.err" ]; then
	sed 's/^/# resume: /' "$T/kresume.err" | head -5
fi

# Two visits on one journal: the second is refused while the first runs.
rm -f "$T/lj" "$T/lr.json"
"$DRV" --drive "$T/lj" "$T/lr.json" 90 3000 >/dev/null 2>&1 &
pid=$!
wait_until 20 test -s "$T/lj"
run lock "$DRV" --drive "$T/lj" "$T/lr2.json" 90
expect_rc lock 1 "a second visit on a locked journal is refused"
expect_err lock 'in use by another visit' "lock: says the journal is in use"
kill $pid 2>/dev/null
wait $pid 2>/dev/null || :
