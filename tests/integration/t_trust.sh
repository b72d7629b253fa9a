# SPDX-License-Identifier: GPL-3.0-or-later
# Explicit signature trust (issue 18 item 5): report verify exits 0 only
# for a report signed by the laptop's own key, a key in the trust list
# (key trust add|list|remove) or the --key; a valid signature by another
# key exits 1 naming its fingerprint; a report with a digest only exits 1
# unless --allow-unsigned.  Reports come from test_journal --drive, which
# signs with $LOCKSCOPE_KEY's key (none: a digest only).
. tests/integration/lib.sh
plan 20
DRV=$B/tests/test_journal

unset LOCKSCOPE_KEY
export XDG_CONFIG_HOME="$T/cfg"
"$LS" key init >/dev/null 2>&1 || bail "cannot create the own key"
LOCKSCOPE_KEY=$T/other.key "$LS" key init >"$T/other.out" 2>&1 ||
    bail "cannot create another key"
OFPR=$(sed -n 's/^fingerprint: //p' "$T/other.out")
TL=$T/cfg/lockscope/trusted_keys

run own "$DRV" --drive "$T/j1" "$T/own.json" 3
LOCKSCOPE_KEY=$T/other.key run oth "$DRV" --drive "$T/j2" "$T/other.json" 3
LOCKSCOPE_KEY=$T/none.key run uns "$DRV" --drive "$T/j3" "$T/unsigned.json" 3
check "three reports written" test -s "$T/own.json" -a -s "$T/other.json" \
    -a -s "$T/unsigned.json"

run v1 "$LS" report verify "$T/own.json"
expect_rc v1 0 "signed by the laptop's own key: verifies"
check "v1: says own key" grep -q "(own key)" "$T/v1.out"
run v2 "$LS" report verify "$T/other.json"
expect_rc v2 1 "signed by an untrusted key: exit 1"
check "v2: names the signer's fingerprint" grep -qF "$OFPR" "$T/v2.err"
run v3 "$LS" report verify "$T/unsigned.json"
expect_rc v3 1 "digest only: exit 1"
expect_err v3 "not signed.*--allow-unsigned" "v3: says --allow-unsigned"
run v4 "$LS" report verify --allow-unsigned "$T/unsigned.json"
expect_rc v4 0 "digest only with --allow-unsigned: verifies"
run v5 "$LS" report verify --key "$T/other.pub" "$T/other.json"
expect_rc v5 0 "signed by the --key: verifies"
run s2 "$LS" report show "$T/other.json"
expect_rc s2 1 "show of a report by an untrusted key: exit 1"

# The trust list.
run ta "$LS" key trust add "$T/other.pub"
expect_rc ta 0 "key trust add"
check "the trust list is mode 0600" test "$(stat -c %a "$TL")" = 600
run tl "$LS" key trust list
check "key trust list names the key" grep -qF "$OFPR" "$T/tl.out"
run v6 "$LS" report verify "$T/other.json"
expect_rc v6 0 "signed by a trusted key: verifies"
check "v6: says trusted key" grep -q "(trusted key)" "$T/v6.out"
run tr "$LS" key trust remove "$(awk '{print $2}' "$T/other.pub")"
expect_rc tr 0 "key trust remove"
run v7 "$LS" report verify "$T/other.json"
expect_rc v7 1 "removed from the list: exit 1 again"
run tr2 "$LS" key trust remove "$T/other.pub"
expect_rc tr2 65 "removing a key not in the list: exit 65"
echo "not a key" >>"$TL"
run tb "$LS" key trust list
expect_rc tb 65 "a trust list with a bad line: exit 65"
check "tb: names the line" grep -q "line 1" "$T/tb.err"
