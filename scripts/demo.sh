#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# demo.sh - the emulated demo site ("Rental unit 4B") with the real
# lockscope binary: hci-emu serves an LE controller over H4 on a unix
# socket, and lockscope talks to it exactly as to a serial dongle.
#
# 1. scan the site for SECONDS;
# 2. a whole batch service visit of the front door (a TTLock room lock):
#    the emulator's timeline puts the lock in setting mode at 3 s (the
#    technician's reset), and this script plays the owner finishing the
#    enrollment in the app by switching the lock back to paired through
#    the emulator's control socket once lockscope waits for it.  The
#    report is kept and its path printed;
# 3. the report rendered as a PDF for the customer, and its path
#    printed.
#
#   scripts/demo.sh [SECONDS] [extra scan options...]
set -eu
B=${B:-build}
secs=${1:-6}
[ $# -gt 0 ] && shift
out=${DEMO_OUT:-$B/demo}
dir=$(mktemp -d "${TMPDIR:-/tmp}/lockscope-demo.XXXXXX")
sock=$dir/site.sock
ctl=$dir/ctl.sock
emu=
emu_start() {
	rm -f "$sock" "$ctl"
	"$B/hci-emu" --scenario tests/scenarios/demo.json \
	    --listen "unix:$sock" --control "unix:$ctl" &
	emu=$!
	i=0
	while [ ! -S "$sock" ]; do
		i=$((i + 1))
		if [ $i -gt 50 ] || ! kill -0 $emu 2>/dev/null; then
			echo "demo: hci-emu did not start" >&2
			exit 69
		fi
		sleep 0.1
	done
}
emu_stop() {
	[ -n "$emu" ] && kill $emu 2>/dev/null && wait $emu 2>/dev/null
	emu=
}
trap 'emu_stop; rm -rf "$dir"' EXIT INT TERM

emu_start
echo "demo: scanning the emulated site 'Rental unit 4B' for $secs s" \
    "(lockscope scan --adapter h4:unix:$sock)"
"$B/lockscope" scan --adapter "h4:unix:$sock" --duration "$secs" "$@"
emu_stop

mkdir -p "$out"
rm -f "$out/visit.json" "$out/visit.json.journal"
cat >"$out/answers.json" <<'EOA'
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
echo
echo "demo: a service visit of the front door (lockscope visit --device" \
    "C4:7C:8D:6A:12:01 --batch $out/answers.json --out $out/visit.json)"
emu_start
# The owner re-enrolls the lock in the app once lockscope waits for it.
(
	i=0
	while [ $i -lt 600 ]; do
		if grep -q '"step-start".*"verify-enroll' \
		    "$out/visit.json.journal" 2>/dev/null; then
			sleep 1
			printf 'state front-door initial\n' |
			    socat -t 2 - "UNIX-CONNECT:$ctl" >/dev/null
			exit 0
		fi
		i=$((i + 1))
		sleep 0.1
	done
) &
owner=$!
rc=0
LOCKSCOPE_PROFILES=${LOCKSCOPE_PROFILES:-profiles} "$B/lockscope" visit \
    --adapter "h4:unix:$sock" --device C4:7C:8D:6A:12:01 \
    --batch "$out/answers.json" --out "$out/visit.json" --no-records || rc=$?
kill $owner 2>/dev/null || true
wait $owner 2>/dev/null || true
[ $rc -eq 0 ] || exit $rc
"$B/lockscope" report verify --allow-unsigned "$out/visit.json"
echo "demo: the report is $out/visit.json (lockscope report show $out/visit.json)"
echo
echo "demo: the visit printed for the customer (lockscope report render" \
    "$out/visit.json --out $out/visit.pdf)"
"$B/lockscope" report render "$out/visit.json" --out "$out/visit.pdf"
echo "demo: the PDF is $out/visit.pdf"
