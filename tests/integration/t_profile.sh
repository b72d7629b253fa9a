#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t_profile.sh - lockscope profile list | show | lint: every shipped
# profile lints clean, every bad file gives its exact path-qualified
# error, exit codes, the search order, --help and the man page in step.
. tests/integration/lib.sh
# 58 checks, one per bad file and one per shipped profile.
plan $((58 + $(ls tests/profiles/bad/*.json | wc -l) + \
    $(ls profiles/*.json | wc -l)))

# Every shipped profile is valid (and ids do not clash).
run lint_all "$LS" profile lint profiles/*.json
expect_rc lint_all 0 "profile lint profiles/*.json"
n=$(ls profiles/*.json | wc -l)
if [ "$(grep -c ': ok$' "$T/lint_all.out")" -eq "$n" ]; then
	ok "all $n shipped profiles: ok"
else
	not_ok "shipped profiles: not all ok"
	show lint_all
fi

# One profile per decoder family, plus the generic one.
for fam in homekit matter ttlock nuki switchbot yale-august sesame tuya \
    xiaomi airbnk schlage tedee danalock ultraloq igloohome noke yeelock \
    dormakaba generic; do
	if jq -en --arg f "$fam" 'input | .family == $f' "profiles/$fam.json" \
	    >/dev/null 2>&1; then
		ok "profile for family $fam"
	else
		not_ok "no profile for family $fam"
	fi
done

# Every bad file: exit 65 and exactly its expected error.
for f in tests/profiles/bad/*.json; do
	b=$(basename "$f" .json)
	run "bad_$b" "$LS" profile lint "$f"
	want="$f: $(cat "tests/profiles/bad/$b.expect")"
	if [ "$RC" -eq 65 ] && [ "$(cat "$T/bad_$b.out")" = "$want" ]; then
		ok "lint $b: exit 65, $(cat "tests/profiles/bad/$b.expect")"
	else
		not_ok "lint $b: exit $RC"
		echo "# want: $want"
		show "bad_$b"
	fi
done

# Several files: one line each, exit 65 when any is bad.
run lint_mixed "$LS" profile lint tests/profiles/good/minimal.json \
    tests/profiles/bad/version.json profiles/nuki.json
expect_rc lint_mixed 65 "lint good and bad files together"
check "one line per file" [ "$(wc -l <"$T/lint_mixed.out")" -eq 3 ]
check "good file still ok" grep -qx 'profiles/nuki.json: ok' "$T/lint_mixed.out"

# The same id twice.
run lint_dup "$LS" profile lint profiles/nuki.json profiles/nuki.json
expect_rc lint_dup 65 "same profile twice"
check "duplicate id named" grep -qx "profiles/nuki.json: id: 'nuki' is already defined in profiles/nuki.json" "$T/lint_dup.out"

run lint_missing "$LS" profile lint "$T/none.json"
expect_rc lint_missing 65 "missing file"
check "missing file named" grep -q "none.json: cannot open: No such file" "$T/lint_missing.out"

# list: a header and one row per profile; --json NDJSON.
run list "$LS" profile list
expect_rc list 0 "profile list"
check "list has every profile" [ "$(wc -l <"$T/list.out")" -eq $((n + 1)) ]
check "list row for nuki" grep -Eq '^nuki +Nuki +nuki +4 Smart Lock; Smart Lock Ultra$' "$T/list.out"
run listj "$LS" profile list --json
expect_rc listj 0 "profile list --json"
if jq -es --argjson n "$n" '(map(select(.type == "profile")) | length) == $n
    and .[-1].type == "summary" and .[-1].profiles == $n' "$T/listj.out" \
    >/dev/null; then
	ok "list --json: $n profile lines and a summary"
else
	not_ok "list --json"
	show listj
fi

# show: readable at 80 columns (a URL may not be broken), and complete.
run show "$LS" profile show nuki
expect_rc show 0 "profile show nuki"
long=$(grep -v 'https://' "$T/show.out" | awk 'length($0) > 80' | wc -l)
check "show fits 80 columns" [ "$long" -eq 0 ]
for want in 'reset-nuki-app \(external-app\)' 'verify: pairing_state becomes unpaired or pairing_window within 300 s' \
    'https://support.nuki.io/' 'Credentials: *ble-phone' 'Match: *family nuki'; do
	check "show nuki: $want" grep -Eq "$want" "$T/show.out"
done
run showj "$LS" profile show ttlock --json
expect_rc showj 0 "profile show --json"
if jq -en 'input | .type == "profile" and .id == "ttlock" and
    (.procedure | length) == 11' "$T/showj.out" >/dev/null; then
	ok "show --json is the profile"
else
	not_ok "show --json is not the profile"
	show showj
fi

# Unknown id: 65 (bad input data: the id is not in the profiles).
run show_none "$LS" profile show nope
expect_rc show_none 65 "show unknown id"
expect_err show_none "^lockscope profile: no profile 'nope' in " "unknown id named"

# Search order: $LOCKSCOPE_PROFILES first, used even when missing.
run env_good env LOCKSCOPE_PROFILES=tests/profiles/good "$LS" profile list
expect_rc env_good 0 "LOCKSCOPE_PROFILES directory"
check "only its profiles" [ "$(wc -l <"$T/env_good.out")" -eq 2 ]
run env_none env LOCKSCOPE_PROFILES="$T/nowhere" "$LS" profile list
expect_rc env_none 65 "LOCKSCOPE_PROFILES missing"
expect_err env_none "nowhere: cannot open profile directory" "missing directory named"
run env_bad env LOCKSCOPE_PROFILES=tests/profiles/bad "$LS" profile show minimal
expect_rc env_bad 65 "a bad profile in the directory"
expect_err env_bad "^lockscope profile: tests/profiles/bad/[a-z-]+\\.json: " "bad file named"
# Without the variable, build/lockscope finds the tree's profiles/.
run env_tree env -u LOCKSCOPE_PROFILES "$LS" profile list --json
if jq -es '.[-1].dir | endswith("/profiles")' "$T/env_tree.out" \
    >/dev/null; then
	ok "tree profiles found through the binary's location"
else
	not_ok "tree profiles not found"
	show env_tree
fi

# Usage errors: 64.
run u1 "$LS" profile
expect_rc u1 64 "no subcommand"
run u2 "$LS" profile frob
expect_rc u2 64 "unknown subcommand"
run u3 "$LS" profile show
expect_rc u3 64 "show without an id"
run u4 "$LS" profile lint
expect_rc u4 64 "lint without files"
run u5 "$LS" profile list extra
expect_rc u5 64 "list with an argument"

opts_check_page profile

# Never an invented vendor procedure: a reset or enrollment action that
# cites no vendor source (only lockscope's own procedure) says exactly to
# follow the manufacturer's instructions.
for f in profiles/*.json; do
	if jq -en 'input | [.procedure[] | select(.phase == "reset" or .phase == "enroll")
	    | .steps[] | select((.kind == "physical" or .kind == "external-app")
	    and .source == "lockscope")
	    | .instructions == ["Follow the manufacturer'"'"'s instructions for the installed model."]]
	    | all' "$f" >/dev/null; then
		ok "$f: unsourced actions defer to the manufacturer"
	else
		not_ok "$f: an unsourced reset or enrollment action has its own instructions"
	fi
done
