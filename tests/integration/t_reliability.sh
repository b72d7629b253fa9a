# SPDX-License-Identifier: GPL-3.0-or-later
# Reliability regressions of issue 18 against hci-emu: an answer for an
# unknown step id (item 4), --resume of a finished visit (item 9),
# FIFOs and other non-regular inputs (item 11), -q keeping warnings
# (item 10), the Unicode code guard (item 7) and the cosmetic ones
# (item 16: decimal durations, a file named once).
. tests/integration/lib.sh
plan 27

SCN=tests/scenarios/visit.json
export LOCKSCOPE_PROFILES=profiles
export LOCKSCOPE_KEY="$T/no-such.key"
FRONT=C4:7C:8D:6A:12:01

cat >"$T/diag.ans" <<EOA
{"technician": "A. Smith", "symptoms": ["pairing-fails"],
 "ownership": {"verified": true, "method": "owner present"},
 "remedy": "diagnose-only", "remedy_reason": "the owner wants a quote first",
 "steps": {"door-test": {"result": "pass"}}}
EOA

# visit NAME ANSWERS ARGS...: a batch visit into $T/NAME.json.
visit() {
	n=$1
	a=$2
	shift 2
	run "$n" "$LS" visit --adapter "h4:unix:$SOCK" --device $FRONT \
	    --batch "$a" --out "$T/$n.json" --timeout 10 "$@"
}

emu_start "$SCN" || bail "hci-emu did not start on $SCN"

# Item 4: "reset-hold-button" is no step of the plan.
cat >"$T/unknown.ans" <<EOA
{"technician": "A. Smith",
 "ownership": {"verified": true, "method": "owner present"},
 "steps": {"reset-hold-button": {"result": "fail"}}}
EOA
visit unknown "$T/unknown.ans"
expect_rc unknown 65 "an answer for an unknown step id: exit 65"
expect_err unknown "reset-hold-button.*did you mean '[a-z-]+'" \
    "unknown: names the id and the nearest valid one"
check "unknown: no report" test ! -e "$T/unknown.json"

# Item 9: a finished visit is not reopened by --resume.
visit fin "$T/diag.ans"
expect_rc fin 0 "a finished visit"
cp "$T/fin.json" "$T/fin.kept"
visit fin "$T/diag.ans" --resume
expect_rc fin 65 "--resume of a finished visit: exit 65"
expect_err fin "this visit is finished: .*fin.json" \
    "--resume of a finished visit: says so, naming the report"
check "the delivered report is untouched" cmp -s "$T/fin.json" \
    "$T/fin.kept"
visit fin "$T/diag.ans" --reopen "the owner asked for a second door test"
expect_rc fin 64 "--reopen without --resume: usage"
visit fin "$T/diag.ans" --resume --reopen "code 48213377"
expect_rc fin 64 "--reopen with a code for a reason: usage"
visit fin "$T/diag.ans" --resume \
    --reopen "the owner asked for a second door test"
expect_rc fin 0 "--resume --reopen REASON continues the visit"
check "the journal keeps why it was reopened" grep -q \
    '"kind":"reopen".*"reason":"the owner asked for a second door test"' \
    "$T/fin.json.journal"

# Item 11: a FIFO where a file is documented: refused, never a hang.
mkfifo "$T/fifo"
visit fifoans "$T/fifo"
expect_rc fifoans 65 "visit --batch FIFO: exit 65 (no hang)"
run fifover "$LS" report verify "$T/fifo"
expect_rc fifover 65 "report verify FIFO: exit 65 (no hang)"
run fiforep "$LS" replay "$T/fifo"
expect_rc fiforep 65 "replay FIFO: exit 65 (no hang)"
run dirans "$LS" report verify "$T"
expect_rc dirans 65 "report verify DIRECTORY: exit 65"
run devans "$LS" replay /dev/null
expect_rc devans 65 "replay /dev/null: exit 65"

# Item 10: -q drops progress lines, never a warning.  A finished visit
# whose report is gone, with a torn last record: --resume -q finishes
# it and still says the record was dropped.
visit torn "$T/diag.ans"
expect_rc torn 0 "a visit to tear"
rm -f "$T/torn.json"
printf '0000012c 9f86d0' >>"$T/torn.json.journal"
visit torn "$T/diag.ans" --resume -q
expect_rc torn 0 "--resume -q of a journal with a torn last record"
expect_err torn "warning: .*interrupted while being written" \
    "-q: the dropped record is still said"
check "-q: no progress lines" sh -c "! grep -q 'passed  *door-test' \
    '$T/torn.err'"

# Item 7: a fullwidth code and a code typed in groups are refused.
cat >"$T/wide.ans" <<EOA
{"technician": "A. Smith",
 "ownership": {"verified": true, "method": "owner present"},
 "steps": {"door-test": {"result": "pass",
   "note": "\uff11\uff12\uff13\uff14\uff15\uff16"}}}
EOA
visit wide "$T/wide.ans"
expect_rc wide 65 "a fullwidth code in a note: exit 65"
cat >"$T/grp.ans" <<EOA
{"technician": "A. Smith",
 "ownership": {"verified": true, "method": "owner present"},
 "steps": {"door-test": {"result": "pass", "note": "new code 12-34-56-78"}}}
EOA
visit grp "$T/grp.ans"
expect_rc grp 65 "a code typed in groups in a note: exit 65"

# Item 16: seconds are decimal only; a file is named once.
run hex "$LS" scan --adapter "h4:unix:$SOCK" --duration 0x10
expect_rc hex 64 "--duration 0x10: usage (decimal only)"
run exp "$LS" scan --adapter "h4:unix:$SOCK" --duration 1e1
expect_rc exp 64 "--duration 1e1: usage (decimal only)"
head -c 17000000 /dev/zero | tr '\0' ' ' >"$T/big.json"
run big "$LS" report verify "$T/big.json"
expect_rc big 65 "an oversized report: exit 65"
check "the oversized report's name is said once" \
    test "$(grep -o 'big.json' "$T/big.err" | wc -l)" -eq 1
run miss "$LS" report verify "$T/missing.json"
check "a missing report's name is said once" \
    test "$(grep -o 'missing.json' "$T/miss.err" | wc -l)" -eq 1
