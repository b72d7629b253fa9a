#!/bin/sh
# demo.sh - scan the emulated demo site ("Rental unit 4B") with the real
# lockscope binary: hci-emu serves an LE controller over H4 on a unix
# socket, lockscope scans it exactly as it would a serial dongle.
#
#   scripts/demo.sh [SECONDS] [extra scan options...]
set -eu
B=${B:-build}
secs=${1:-6}
[ $# -gt 0 ] && shift
dir=$(mktemp -d "${TMPDIR:-/tmp}/lockscope-demo.XXXXXX")
sock=$dir/site.sock
"$B/hci-emu" --scenario tests/scenarios/demo.json --listen "unix:$sock" &
emu=$!
trap 'kill $emu 2>/dev/null; wait $emu 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
i=0
while [ ! -S "$sock" ]; do
	i=$((i + 1))
	if [ $i -gt 50 ] || ! kill -0 $emu 2>/dev/null; then
		echo "demo: hci-emu did not start" >&2
		exit 69
	fi
	sleep 0.1
done
echo "demo: scanning the emulated site 'Rental unit 4B' for $secs s" \
    "(lockscope scan --adapter h4:unix:$sock)"
"$B/lockscope" scan --adapter "h4:unix:$sock" --duration "$secs" "$@"
