# SPDX-License-Identifier: GPL-3.0-or-later
# Output paths (issue 18): a visit, a capture or a key never replaces a
# device, FIFO, socket or directory, and says so before anything runs;
# an existing regular file is replaced by a rename (a hard link to it
# keeps the old bytes); two outputs naming the same file are refused.
# The device checks are proven without root: the adapter named here does
# not exist, so a refusal with 64 (not 69) came before the visit started,
# and /dev/null is still the same character device afterwards.
. tests/integration/lib.sh
plan 22

export LOCKSCOPE_PROFILES=profiles
export LOCKSCOPE_KEY="$T/no-such.key"
SCN=tests/scenarios/visit.json
FRONT=C4:7C:8D:6A:12:01
NOSOCK=h4:unix:$T/no-adapter.sock

cat >"$T/diag.ans" <<EOA
{"technician": "A. Smith", "symptoms": ["pairing-fails"],
 "ownership": {"verified": true, "method": "owner present"},
 "remedy": "diagnose-only", "remedy_reason": "the owner wants a quote first",
 "steps": {"door-test": {"result": "pass"}}}
EOA

# early NAME ARGS...: a visit whose adapter does not exist.
early() {
	n=$1
	shift
	run "$n" "$LS" visit --adapter "$NOSOCK" --device $FRONT \
	    --batch "$T/diag.ans" "$@"
}

# The character device: /dev/null for a user who cannot replace it
# anyway; as root, a node of our own with the same numbers, so that a
# broken build under test cannot take the system's /dev/null.
DEV=/dev/null
if [ "$(id -u)" = 0 ]; then
	DEV=$T/null
	mknod -m 666 "$DEV" c 1 3 || bail "cannot create a device node"
fi
devnull_id() { stat -L -c '%F %t:%T' "$DEV"; }
NULLID=$(devnull_id)

# 1. A character device, a FIFO, a socket, a directory, "".
early null --out "$DEV" --journal "$T/null.journal"
expect_rc null 64 "--out CHARACTER-DEVICE: refused before the visit"
check "the device is still the same character device" \
    test "$(devnull_id)" = "$NULLID"
mkfifo "$T/fifo"
early fifo --out "$T/fifo"
expect_rc fifo 64 "--out FIFO: refused before the visit"
check "the FIFO is still a FIFO" test -p "$T/fifo"
python3 -c "import socket,sys; s=socket.socket(socket.AF_UNIX); \
s.bind(sys.argv[1])" "$T/sock"
early sock --out "$T/r.json" --capture "$T/sock"
expect_rc sock 64 "--capture SOCKET: refused before the visit"
check "the socket is still a socket" test -S "$T/sock"
mkdir "$T/dir"
early dir --out "$T/dir"
expect_rc dir 64 "--out DIRECTORY: refused before the visit"
early empty --out ""
expect_rc empty 64 "--out '': refused before the visit"
early nodir --out "$T/no/such/dir/r.json"
expect_rc nodir 74 "--out in a missing directory: refused before the visit"
check "no journal was created by any refusal" \
    sh -c "! ls '$T' | grep -q journal"

# 2. The key: LOCKSCOPE_KEY=/dev/null key init --force.
LOCKSCOPE_KEY=$DEV run keynull "$LS" key init --force
expect_rc keynull 64 "key init --force over a character device: refused"
check "the device is untouched by key init" \
    test "$(devnull_id)" = "$NULLID"

# 3. An existing regular report and capture are replaced by a rename.
emu_start "$SCN" || bail "hci-emu did not start on $SCN"
echo old >"$T/r.json"
ln "$T/r.json" "$T/r.link"
echo old >"$T/c.btsnoop"
ln "$T/c.btsnoop" "$T/c.link"
run full "$LS" visit --adapter "h4:unix:$SOCK" --device $FRONT \
    --batch "$T/diag.ans" --out "$T/r.json" --capture "$T/c.btsnoop" \
    --timeout 10
expect_rc full 0 "a visit over an existing report and capture"
check "the report was renamed over the old file (the link keeps it)" \
    sh -c "test \"\$(cat '$T/r.link')\" = old &&
    jq -e .outcome '$T/r.json' >/dev/null"
check "the capture was renamed over the old file, mode 0600" \
    sh -c "test \"\$(cat '$T/c.link')\" = old &&
    test \"\$(stat -c %a '$T/c.btsnoop')\" = 600"

# 4. Two outputs naming the same file (issue 18 item 3): exit 64, before
# the visit, nothing touched.
early jo --out "$T/s.json" --journal "$T/s.json"
expect_rc jo 64 "--journal equal to --out: refused"
expect_err jo "out and --journal name the same file" \
    "jo: the message names both options"
early co --out "$T/s.json" --capture "$T/./s.json"
expect_rc co 64 "--capture equal to --out (another spelling): refused"
cp "$T/r.json.journal" "$T/kept.journal" 2>/dev/null ||
    echo '{}' >"$T/kept.journal"
cp "$T/kept.journal" "$T/j.journal"
ln "$T/j.journal" "$T/j.link"
early cj --out "$T/s.json" --journal "$T/j.journal" --resume \
    --capture "$T/j.link"
expect_rc cj 64 "--capture a hard link of the journal (--resume): refused"
check "cj: the journal is untouched" cmp -s "$T/j.journal" "$T/kept.journal"
early bo --out "$T/diag.ans"
expect_rc bo 64 "--out equal to the answers file: refused"
check "bo: the answers are untouched" grep -q diagnose-only "$T/diag.ans"
