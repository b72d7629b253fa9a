# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope report render: reports of real batch visits against hci-emu
# (the demo visit, a blocked visit, a battery job, long notes in Arabic,
# Chinese, Japanese and Cyrillic, a signed visit) drawn as PDF; each PDF
# holds the site, the outcome, the digest and every step title
# (pdftotext), its words lie inside the margins and overlap no other
# word (pdftotext -bbox-layout), pdftoppm draws it at 100 dpi, its
# metadata carries the digest, and no password the emulated locks hold,
# no NFC UID and no secret key is in it.  Page images, Letter paper,
# and refusals: a malformed (65) or changed (1) report, an output that is
# not a regular file, bad options; nothing is left behind.
. tests/integration/lib.sh
# 5 visits x 11 checks, and 33 more.
plan $((5 * 11 + 33))

command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null &&
    command -v pdfinfo >/dev/null || skip_all "poppler-utils not installed"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"

export LOCKSCOPE_PROFILES=profiles
export LOCKSCOPE_KEY="$T/no-such.key"
export TZ=UTC
FRONT=C4:7C:8D:6A:12:01
FLAT=C4:7C:8D:6A:12:02
# What the emulated locks hold and no page may show: the vendor
# passwords of visit.json and demo.json, the NFC UID of nfc-site.json.
SECRETS='AdminPass|demo-secret|04a1b2c3d4e5f6|04A1B2C3D4E5F6'

# wait_for FILE REGEX: until FILE matches (at most 20 s).
wait_for() {
	i=0
	while ! grep -Eq "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 400 ] && return 1
		sleep 0.05
	done
}

# visit NAME ANSWERS DEVICE [toggle|cells]: a batch visit of DEVICE;
# with toggle, the emulated lock goes to factory state when the visit
# waits for the reset and back to paired when it waits for the
# enrollment; with cells, the flat lock reads its new cells when the
# visit waits for them.
visit() {
	timeout -k 2 60 "$LS" visit --adapter "h4:unix:$SOCK" --device "$3" \
	    --batch "$T/$2.json" --out "$T/$1.json" --timeout 10 \
	    >"$T/v_$1.out" 2>"$T/v_$1.err" &
	vpid=$!
	case ${4:-} in
	toggle)
		wait_for "$T/$1.json.journal" '"step-start".*"verify-reset' &&
		    ctl_ok "state front-door factory"
		wait_for "$T/$1.json.journal" '"step-start".*"verify-enroll' &&
		    ctl_ok "state front-door initial" ;;
	cells)
		wait_for "$T/v_$1.err" "waiting for a fresh battery reading" &&
		    ctl_ok "state flat-door fresh" ;;
	esac
	wait $vpid
}

# Every word box of a pdftotext -bbox-layout page lies inside the text
# area (the page less 49 pt margins) and overlaps no other word box.
cat >"$T/bbox.py" <<'EOF'
import re, sys, xml.etree.ElementTree as ET
t = open(sys.argv[1], encoding="utf-8").read()
t = re.sub(r"<!DOCTYPE[^>]*>", "", t)
t = t.replace(' xmlns="http://www.w3.org/1999/xhtml"', "")
bad = 0
for n, page in enumerate(ET.fromstring(t).iter("page"), 1):
    W, H, m = float(page.get("width")), float(page.get("height")), 49.0
    words = [([float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")],
              w.text) for w in page.iter("word")]
    for b, s in words:
        if b[0] < m or b[1] < m or b[2] > W - m or b[3] > H - m:
            print("page %d: %r outside the text area: %s" % (n, s, b)); bad += 1
    for i, (a, s) in enumerate(words):
        for c, u in words[i + 1:]:
            if min(a[2], c[2]) - max(a[0], c[0]) > 0.01 and \
               min(a[3], c[3]) - max(a[1], c[1]) > 0.01:
                print("page %d: %r overlaps %r" % (n, s, u)); bad += 1
    if not words:
        print("page %d: no text" % n); bad += 1
sys.exit(1 if bad else 0)
EOF

# Every stream of a PDF, inflated, and its raw bytes: for the secrets.
cat >"$T/inflate.py" <<'EOF'
import re, sys, zlib
d = open(sys.argv[1], "rb").read()
out = [d]
for m in re.finditer(rb"stream\r?\n(.*?)endstream", d, re.S):
    try:
        out.append(zlib.decompress(m.group(1)))
    except zlib.error:
        pass
sys.stdout.buffer.write(b"\n".join(out))
EOF

# has_all FILE WORDS...: the text of FILE (whitespace collapsed) holds
# each of WORDS (whitespace collapsed, compatibility forms folded: right
# to left words come out of pdftotext in visual order, each word's
# letters in logical order); --from LIST: each line of LIST.
cat >"$T/has_all.py" <<'EOF'
import sys, unicodedata
# Compatibility forms (Arabic presentation forms, ligatures) as their
# letters; no bidirectional marks.
def norm(s):
    s = unicodedata.normalize("NFKC", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Cf")
    return " ".join(s.split())
text = norm(open(sys.argv[1], encoding="utf-8").read())
want = sys.argv[2:]
if want[:1] == ["--from"]:
    want = open(want[1], encoding="utf-8").read().splitlines()
miss = [w for w in want if norm(w) not in text]
for w in miss:
    print("# missing: %r" % w)
sys.exit(1 if miss or not want else 0)
EOF
has_all() { python3 "$T/has_all.py" "$@"; }

# render_checks NAME: 11 checks on the render of $T/NAME.json.
render_checks() {
	n=$1
	r=$T/$n.json
	if [ ! -s "$r" ]; then
		skip 11 "no report from the $n visit"
		return
	fi
	run "r_$n" "$LS" report render "$r" --out "$T/$n.pdf"
	expect_rc "r_$n" 0 "$n: render"
	check "$n: render names the PDF and its pages" \
	    grep -Eq "^$T/$n.pdf: [0-9]+ pages?$" "$T/r_$n.out"
	pdftotext -raw "$T/$n.pdf" "$T/$n.txt" 2>/dev/null
	sha=$(jq -r .integrity.sha256 "$r")
	site=$(jq -r .visit.site "$r")
	case $(jq -r .outcome.result "$r") in
	completed) words="Completed" ;;
	completed-with-failures) words="Completed, with failures" ;;
	blocked) words="Blocked: the work could not go on" ;;
	*) words="no such outcome" ;;
	esac
	check "$n: pdftotext finds the site, the outcome and the digest" \
	    has_all "$T/$n.txt" "$site" "$words" "$sha" \
	    "$(jq -r .outcome.text "$r")"
	jq -r '.steps[].title' "$r" >"$T/$n.titles"
	check "$n: pdftotext finds the $(wc -l <"$T/$n.titles") step titles" \
	    python3 "$T/has_all.py" "$T/$n.txt" --from "$T/$n.titles"
	pdftotext -bbox-layout "$T/$n.pdf" "$T/$n.html" 2>/dev/null
	if python3 "$T/bbox.py" "$T/$n.html" >"$T/$n.bbox" 2>&1; then
		ok "$n: every word inside the margins, none overlapping"
	else
		not_ok "$n: words outside the margins or overlapping"
		sed 's/^/# /' "$T/$n.bbox" | head -10
	fi
	pages=$(pdfinfo "$T/$n.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	rm -f "$T/$n"-p-*.png
	pdftoppm -r 100 -png "$T/$n.pdf" "$T/$n-p" 2>/dev/null
	check "$n: pdftoppm draws its ${pages:-?} pages at 100 dpi (827x1170)" \
	    sh -c "test \$(ls '$T/$n'-p-*.png | wc -l) -eq '${pages:-0}' &&
	    python3 -c 'import struct, sys
d = open(sys.argv[1], \"rb\").read(24)
sys.exit(0 if struct.unpack(\">II\", d[16:24]) == (827, 1170) else 1)' \
	    \$(ls '$T/$n'-p-*.png | head -1)"
	pdfinfo "$T/$n.pdf" >"$T/$n.info" 2>/dev/null
	check "$n: the PDF's title names the site" \
	    has_all "$T/$n.info" "Title: Service visit report: $site"
	check "$n: the PDF's subject and keywords carry the digest" sh -c \
	    "grep -q '^Subject: *lockscope-report/1 sha256 $sha\$' \
	    '$T/$n.info' &&
	    grep -q '^Keywords: *sha256:$sha\$' '$T/$n.info'"
	python3 "$T/inflate.py" "$T/$n.pdf" >"$T/$n.raw"
	check "$n: no password or NFC UID in the text, metadata or streams" \
	    sh -c "! grep -aEq '$SECRETS' '$T/$n.txt' '$T/$n.info' \
	    '$T/$n.raw' '$T/$n.html'"
	# Unsigned reports, and one signed by a key this laptop does not
	# hold: verified as the page says.
	vk=--allow-unsigned
	[ "$n" = signed ] && vk="--key $T/cfg/technician.pub"
	run "v_$n" "$LS" report verify "$r" $vk
	expect_rc "v_$n" "0" "$n: report verify still works on the JSON"
	check "$n: the pages name the command that verifies the JSON" \
	    has_all "$T/$n.txt" "lockscope report verify $n.json"
}

answers() {
	cat >"$T/$1.json" <<EOA
{"technician": "$2", "site": "$3", "work_order": "WO-77",
 "symptoms": ["pairing-fails"],
 "ownership": {"verified": $4, "method": "owner present with deed"},
 "remedy": "factory-reset",
 "remedy_reason": "previous owner unreachable; the owner asked for a reset",
 "steps": {"reset": {"result": "done"}, "enroll": {"result": "done"},
           "credentials": {"codes_active": 3, "result": "done"},
           "door-test": {"result": "pass", "note": "bolt aligned"},
           "closeout": {"result": "done"}}}
EOA
}

# ---- the demo visit (scripts/demo.sh's answers, demo.json) ------------
cat >"$T/demo-answers.json" <<'EOA'
{"technician": "Demo Technician", "site": "Rental unit 4B",
 "work_order": "WO-DEMO-1", "symptoms": ["pairing-fails"],
 "access": ["physical-key"],
 "ownership": {"verified": true, "method": "landlord's work order"},
 "remedy": "factory-reset",
 "remedy_reason": "the previous tenant's phone still owns the lock",
 "steps": {"reset": {"result": "done"}, "enroll": {"result": "done"},
           "credentials": {"codes_active": 2, "result": "done"},
           "door-test": {"result": "pass", "note": "bolt and latch aligned"},
           "closeout": {"result": "done"}}}
EOA
emu_start tests/scenarios/demo.json || bail "hci-emu did not start"
visit demo demo-answers "$FRONT" toggle
emu_stop

# ---- visits of visit.json ----------------------------------------------
emu_start tests/scenarios/visit.json || bail "hci-emu did not start"
answers ok "A. Smith" "Rental unit 4B" true
answers noown "A. Smith" "Rental unit 4B" false
# Blocked: ownership not verified.
visit blocked noown "$FRONT"
# A battery job: the flat lock (5 %) gets new cells and reads 90 %.
cat >"$T/batt-answers.json" <<'EOA'
{"technician": "A. Smith", "site": "Unit 2", "work_order": "WO-78",
 "symptoms": ["battery-low"],
 "ownership": {"verified": true, "method": "owner present"},
 "battery_replaced": true, "remedy": "battery",
 "steps": {"door-test": {"result": "pass", "note": "bolt throws fully"},
           "closeout": {"result": "done"}}}
EOA
visit battery batt-answers "$FLAT" cells
# Long notes in Arabic, Chinese, Japanese and Cyrillic (each step's note
# at most 512 bytes), a Cyrillic technician and a Chinese site.
AR="تم فحص القفل بعناية وكان المزلاج يعمل بشكل سليم بعد تغيير البطاريات وتم إبلاغ المالك بالنتيجة الكاملة للزيارة"
ZH="门锁已经检查完毕，锁舌和锁扣对齐良好，电池电量正常。房东已收到本次维修的全部结果，并确认门可以正常关闭和打开。"
JA="ドアの錠前を点検しました。ボルトとラッチは正しく揃っており、所有者に結果を説明しました。"
RU="Замок проверен полностью: засов и защёлка выровнены, дверь закрывается плотно, владелец получил отчёт о визите."
cat >"$T/intl-answers.json" <<EOA
{"technician": "Алексей Петров", "site": "公寓 4B 号 (东楼)",
 "work_order": "WO-77", "symptoms": ["pairing-fails"],
 "ownership": {"verified": true, "method": "владелец с паспортом"},
 "remedy": "factory-reset", "remedy_reason": "$RU",
 "steps": {"intake": {"note": "$RU"}, "power": {"note": "$ZH $ZH"},
           "baseline": {"note": "$JA $JA"},
           "reset": {"result": "done", "note": "$AR $AR"},
           "enroll": {"result": "done", "note": "$ZH $ZH"},
           "credentials": {"codes_active": 3, "result": "done",
                           "note": "$JA $JA $JA"},
           "door-test": {"result": "pass", "note": "$RU $RU"},
           "closeout": {"result": "done", "note": "$AR"}}}
EOA
visit intl intl-answers "$FRONT" toggle
# Signed by a technician key; its secret must not show.
export LOCKSCOPE_KEY="$T/cfg/technician.key"
mkdir -p "$T/cfg"
"$LS" key init >/dev/null 2>&1
SECRETKEY=$(head -c 64 "$LOCKSCOPE_KEY" 2>/dev/null)
visit signed ok "$FRONT" toggle
export LOCKSCOPE_KEY="$T/no-such.key"
emu_stop

for n in demo blocked battery intl signed; do
	render_checks $n
done

# ---- what each visit's pages say -------------------------------------
check "blocked: the outcome is blocked and says why" has_all "$T/blocked.txt" \
    "Blocked: the work could not go on" "NOT verified"
check "battery: the triage, the remedy, the cells fitted, 5 % then 90 %" \
    has_all "$T/battery.txt" "Triage advice and remedy" \
    "$(jq -r '.triage[0].text' "$T/battery.json")" "Battery: new cells" \
    "new cells were fitted during the visit" \
    "Battery on the old cells: 5 %" "Battery: 90 %" \
    "Battery minimum 30 %"
check "demo: the remedy chosen by the technician, and why" \
    has_all "$T/demo.txt" "Factory reset" \
    "the previous tenant's phone still owns the lock"
check "intl: Cyrillic, Chinese and Japanese text render (pdftotext)" \
    has_all "$T/intl.txt" "Алексей Петров" "公寓 4B 号" "засов и защёлка" \
    "锁舌和锁扣对齐良好" "ボルトとラッチ"
check "intl: Arabic text renders (its words in pdftotext)" \
    has_all "$T/intl.txt" "المزلاج" "البطاريات" "بالنتيجة"
# One note longer than a page: the visit's notes stop at 511 bytes, so
# the intl report gets a longer one and its digest recomputed as
# lockscope-report(5) shows (a digest alone does not say who wrote it).
python3 - "$T/intl.json" "$T/long.json" "$AR $ZH $RU $JA" <<'EOF'
import hashlib, json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["steps"][-2]["note"] = ("BEGINNOTE " + " ".join([sys.argv[3]] * 11) +
    " ENDNOTE")
del r["integrity"]
body = json.dumps(r, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
r["integrity"] = {"algorithm": "sha256", "canonicalization": "RFC8785",
    "sha256": hashlib.sha256(body.encode()).hexdigest(),
    "signature": None, "public_key": None}
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
run long "$LS" report render "$T/long.json" --out "$T/long.pdf"
expect_rc long 0 "long: a report with a note longer than a page renders"
np=$(pdfinfo "$T/long.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
first= last=
for p in $(seq 1 "${np:-0}"); do
	pdftotext -f "$p" -l "$p" "$T/long.pdf" "$T/long-$p.txt" 2>/dev/null
	grep -q BEGINNOTE "$T/long-$p.txt" && first=$p
	grep -q ENDNOTE "$T/long-$p.txt" && last=$p
done
check "long: the note runs on from page ${first:-?} to page ${last:-?}" \
    test "${first:-0}" -ge 1 -a "${last:-0}" -gt "${first:-0}"
pdftotext -bbox-layout "$T/long.pdf" "$T/long.html" 2>/dev/null
check "long: every word inside the margins, none overlapping ($np pages)" \
    python3 "$T/bbox.py" "$T/long.html"
check "signed: the signer's fingerprint is on the page" \
    has_all "$T/signed.txt" "$(jq -r .signer.fingerprint "$T/signed.json")"
check "signed: the secret key is in no output" sh -c \
    "test -n '$SECRETKEY' && ! grep -aqi '$SECRETKEY' '$T/signed.raw' \
    '$T/signed.txt' '$T/signed.info' '$T'/r_*.out '$T'/r_*.err"
check "demo: readings before and after, the clock in words" \
    has_all "$T/demo.txt" "Readings before and after" "behind"

# ---- the local time and zone, images, paper ---------------------------
R=$T/demo.json
# A POSIX zone needs no time zone database: one hour east of UTC.
TZ=CET-1 run tz "$LS" report render "$R" --out "$T/tz.pdf"
expect_rc tz 0 "TZ=CET-1: render"
pdftotext -raw "$T/tz.pdf" "$T/tz.txt" 2>/dev/null
started=$(jq -r .visit.started "$R")
check "TZ=CET-1: the date in local time with its zone" has_all "$T/tz.txt" \
    "$(TZ=CET-1 date -d "$started" '+%H:%M') to" "CET (UTC+0100)"
run png "$LS" report render "$R" --out "$T/img/visit.pdf" --format png
expect_rc png 74 "png: a missing directory is an I/O error"
mkdir -p "$T/img"
run png "$LS" report render "$R" --out "$T/img/visit.pdf" --format png
expect_rc png 0 "png: render --format png"
np=$(pdfinfo "$T/demo.pdf" | awk '/^Pages:/ { print $2 }')
check "png: one image per page, visit-1.png ... visit-$np.png, printed" \
    sh -c "test \$(ls '$T/img' | wc -l) -eq $np &&
    test \"\$(cat '$T/png.out')\" = \"\$(seq -f '$T/img/visit-%g.png' 1 $np)\""
check "png: A4 at 150 dpi (1241x1754), a real PNG" python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read(24)
sys.exit(0 if d[:8] == b"\x89PNG\r\n\x1a\n" and
    struct.unpack(">II", d[16:24]) == (1241, 1754) else 1)' "$T/img/visit-1.png"
run letter "$LS" report render "$R" --out "$T/letter.pdf" --paper letter
expect_rc letter 0 "letter: render --paper letter"
check "letter: 612 x 792 pt pages" \
    grep -q "^Page size: *612 x 792 pts (letter)" \
    "$(pdfinfo "$T/letter.pdf" >"$T/letter.info"; echo "$T/letter.info")"
pdftotext -bbox-layout "$T/letter.pdf" "$T/letter.html" 2>/dev/null
check "letter: every word inside the margins, none overlapping" \
    python3 "$T/bbox.py" "$T/letter.html"

# ---- refusals: nothing is left behind ----------------------------------
mkdir -p "$T/out"
printf 'not json' >"$T/junk.json"
run junk "$LS" report render "$T/junk.json" --out "$T/out/junk.pdf"
expect_rc junk 65 "a malformed report is refused (65)"
jq -c '.outcome.result = "aborted"' "$T/battery.json" >"$T/edited.json"
run edited "$LS" report render "$T/edited.json" --out "$T/out/edited.pdf"
expect_rc edited 1 "a changed report is refused (1)"
expect_err edited "sha256 mismatch" "changed: says the report was changed"
run other "$LS" report render "$T/demo.json" --out "$T/out/other.pdf" \
    --key "$(awk '{print $2}' "$T/cfg/technician.pub")"
expect_rc other 1 "--key: a report not signed by that key is refused (1)"
run missing "$LS" report render "$T/none.json" --out "$T/out/missing.pdf"
expect_rc missing 65 "a missing report (65)"
check "refused renders leave no file, temporary or not" \
    test -z "$(ls -A "$T/out")"
# An output that exists: a regular file is replaced, nothing else is.
echo old >"$T/out/keep.pdf"
run junk2 "$LS" report render "$T/junk.json" --out "$T/out/keep.pdf"
check "a refused render leaves an existing PDF as it was" \
    test "$(cat "$T/out/keep.pdf")" = old
ln -s "$T/out/keep.pdf" "$T/out/link.pdf"
run link "$LS" report render "$R" --out "$T/out/link.pdf"
expect_rc link 74 "a symbolic link is not replaced (74)"
mkfifo "$T/out/fifo.pdf"
run fifo "$LS" report render "$R" --out "$T/out/fifo.pdf"
expect_rc fifo 74 "a fifo is not replaced (74)"
check "refused outputs untouched, no temporary file left" sh -c \
    "test -L '$T/out/link.pdf' && test -p '$T/out/fifo.pdf' &&
    test \"\$(ls -A '$T/out' | sort | tr '\n' ' ')\" = \
    'fifo.pdf keep.pdf link.pdf '"
run noout "$LS" report render "$R"
expect_rc noout 64 "render without --out: usage"
run paper "$LS" report render "$R" --out "$T/x.pdf" --paper a3
expect_rc paper 64 "--paper a3: usage"
run fmt "$LS" report verify "$R" --format png
expect_rc fmt 64 "--format with verify: usage"
