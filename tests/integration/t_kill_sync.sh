# SPDX-License-Identifier: GPL-3.0-or-later
# A kill at every sync point of a short batch visit (issue 18 item 2):
# an LD_PRELOAD shim (kill_at_sync.c, built here) counts the fsync,
# fdatasync and rename calls of a whole visit, then for each N kills a
# new visit with SIGKILL just before its N-th; each time, --resume with
# the same options must finish the visit (exit 0, a completed report
# that verifies), or, when the report was already in place, say that
# the visit is finished (exit 65) with that report verifying.  Then
# key init --force is killed at each of its sync points: key show must
# find (or restore) a matching pair.  The plan is two checks per sync
# point of the counted visit plus two, one per sync point of the counted
# key init --force plus one.
. tests/integration/lib.sh

SCN=tests/scenarios/visit.json
export LOCKSCOPE_PROFILES=profiles
export LOCKSCOPE_KEY="$T/tech.key"
FRONT=C4:7C:8D:6A:12:01
SHIM=$T/kill_at_sync.so

cat >"$T/diag.ans" <<EOA
{"technician": "A. Smith", "symptoms": ["pairing-fails"],
 "ownership": {"verified": true, "method": "owner present"},
 "remedy": "diagnose-only", "remedy_reason": "the owner wants a quote first",
 "steps": {"door-test": {"result": "pass"}}}
EOA

# visit NAME ARGS...: the diagnose-only visit into $T/NAME.json.
visit() {
	n=$1
	shift
	run "$n" "$LS" visit --adapter "h4:unix:$SOCK" --device $FRONT \
	    --batch "$T/diag.ans" --out "$T/$n.json" --timeout 10 "$@"
}

# ASan wants to be first in the library list; the shim does not care.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
"${CC:-cc}" -shared -fPIC -o "$SHIM" tests/integration/kill_at_sync.c \
    -ldl 2>"$T/cc.err" || { plan 1; bail "cannot build the shim"; }
"$LS" key init >/dev/null 2>&1 || { plan 1; bail "cannot create a key"; }
emu_start "$SCN" || { plan 1; bail "hci-emu did not start on $SCN"; }

LS_SYNC_LOG=$T/count.log LD_PRELOAD=$SHIM visit count
NSYNC=$(wc -l <"$T/count.log")
LOCKSCOPE_KEY=$T/k.key "$LS" key init >/dev/null 2>&1
LOCKSCOPE_KEY=$T/k.key LS_SYNC_LOG=$T/kcount.log LD_PRELOAD=$SHIM \
    "$LS" key init --force >/dev/null 2>&1
NKEY=$(wc -l <"$T/kcount.log")
plan $((2 * NSYNC + 2 + NKEY + 1))
expect_rc count 0 "the visit under the shim, counted ($NSYNC sync points)"
check "the counted visit has at least 10 sync points" test "$NSYNC" -ge 10

i=1
while [ $i -le "$NSYNC" ]; do
	LS_KILL_AT=$i LD_PRELOAD=$SHIM visit k$i
	if [ "$RC" -ne 137 ] && [ "$RC" -ne 0 ]; then
		not_ok "kill at sync point $i: the run ended with $RC"
		show k$i
		ok "kill at sync point $i: (no resume needed)"
		i=$((i + 1))
		continue
	fi
	what="kill at sync point $i ($(sed -n ${i}p "$T/count.log"))"
	if [ -e "$T/k$i.json" ]; then
		# Killed after the report was renamed into place: finished.
		visit k$i --resume
		expect_rc k$i 65 "$what: the report is in place; --resume \
says the visit is finished"
	else
		visit k$i --resume
		expect_rc k$i 0 "$what: --resume finishes the visit"
	fi
	run v$i "$LS" report verify "$T/k$i.json"
	expect_rc v$i 0 "kill at sync point $i: the report verifies"
	i=$((i + 1))
done

# key init --force killed at each of its sync points: key show then
# finds a matching pair (the public file is rewritten from the key when
# the kill fell between the two).
check "key init --force has at least 3 sync points ($NKEY)" \
    test "$NKEY" -ge 3
i=1
while [ $i -le "$NKEY" ]; do
	LOCKSCOPE_KEY=$T/k.key LS_KILL_AT=$i LD_PRELOAD=$SHIM \
	    "$LS" key init --force >/dev/null 2>&1
	LOCKSCOPE_KEY=$T/k.key run ks$i "$LS" key show
	if [ "$RC" -eq 0 ] && grep -q "^public key:  $(awk '{print $2}' \
	    "$T/k.pub")\$" "$T/ks$i.out"; then
		ok "key init --force killed at sync point $i: key show, pair \
matches"
	else
		not_ok "key init --force killed at sync point $i: key show, \
pair matches (exit $RC)"
		show ks$i
	fi
	i=$((i + 1))
done
