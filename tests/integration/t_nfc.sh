# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope nfc through the real libnfc pn532_uart driver and pn532-emu:
# families, security ratings and setup payloads of the NFC demo site
# (tests/scenarios/nfc-site.json: Matter NTAG213, HomeKit NTAG215 with
# BLE OOB, MIFARE Classic 1K, DESFire EV2, Aliro phone); no raw UID, no
# passcode or setup code, no "MT:" in any output; empty field, silent
# reader, malformed frames, missing device, permission; scan --nfc; the
# stock nfc-list sees the same tags.
. tests/integration/lib.sh
plan 80

PEMU=$B/pn532-emu
PEMU_PID=
SITE=tests/scenarios/nfc-site.json
export LOCKSCOPE_UID_KEY="$T/uid.key"
export LIBNFC_AUTO_SCAN=false
trap 'pemu_stop; lib_exit' EXIT

# pemu_start SCENARIO [options]: serve it; the pty path in $PTY.
pemu_start() {
	pemu_stop
	scn=$1
	shift
	rm -f "$T/pemu.out"
	"$PEMU" --scenario "$scn" "$@" >"$T/pemu.out" 2>"$T/pemu.err" &
	PEMU_PID=$!
	i=0
	while [ ! -s "$T/pemu.out" ] || [ -z "$(head -n 1 "$T/pemu.out")" ]
	do
		i=$((i + 1))
		if [ $i -gt 400 ] || ! kill -0 "$PEMU_PID" 2>/dev/null; then
			echo "# pn532-emu did not start:"
			sed 's/^/# /' "$T/pemu.err"
			return 1
		fi
		sleep 0.05
	done
	PTY=$(head -n 1 "$T/pemu.out")
}

pemu_stop() {
	if [ -n "$PEMU_PID" ]; then
		kill "$PEMU_PID" 2>/dev/null
		wait "$PEMU_PID" 2>/dev/null
		PEMU_PID=
	fi
	if [ -f "$T/pemu.err" ] && grep -q 'Sanitizer' "$T/pemu.err"; then
		not_ok "pn532-emu: sanitizer report"
		sed 's/^/# /' "$T/pemu.err" | head -20
		rm -f "$T/pemu.err"
	fi
}

# tagf N EXPR: jq EXPR on the Nth tag line of $T/site.out.
tagf() {
	jq -s -r "[.[] | select(.type == \"tag\")][$1] | $2 |
	    if . == null then \"-\" else tostring end" "$T/site.out"
}

# want_tag N EXPR VALUE DESCRIPTION
want_tag() {
	got=$(tagf "$1" "$2")
	if [ "$got" = "$3" ]; then
		ok "$4: $3"
	else
		not_ok "$4: got '$got', want '$3'"
	fi
}

# no_secrets NAME...: none of the files $T/NAME.out / .err holds a raw UID
# of the site (hex, any case, with or without separators), a setup
# passcode or code (digits, with or without dashes), or a setup payload
# string.
no_secrets() {
	bad=0
	for n in "$@"; do
		for f in "$T/$n.out" "$T/$n.err"; do
			[ -f "$f" ] || continue
			for uid in 04a1b2c3d4e5f6 04519e2a7b3c80 3a5f9c12 \
			    04221144aa5b80 08a7c4e1 0116040011a1b2c3 \
			    5a9e13c4; do
				re=$(echo "$uid" | sed 's/\(..\)/\1[^0-9a-fA-F]{0,3}/g')
				if grep -Eiq "$re" "$f"; then
					echo "# raw UID $uid in $f"
					bad=1
				fi
			done
			if grep -Eq '20202021|51808582|518-?08-?582|32966599' \
			    "$f"; then
				echo "# a setup passcode or code in $f"
				bad=1
			fi
			if grep -Eiq 'MT:|X-HM:|K9042C00KA0648G00|0071WK4SM' "$f"
			then
				echo "# a setup payload string in $f"
				bad=1
			fi
		done
	done
	if [ $bad -eq 0 ]; then
		ok "no raw UID, passcode or setup payload in: $*"
	else
		not_ok "secrets leaked in: $*"
	fi
}

opts_check_page nfc

# Usage errors.
run u1 "$LS" nfc
expect_rc u1 64 "nfc without a reader"
run u2 "$LS" nfc --nfc pn532_uart:/dev/null --timeout abc
expect_rc u2 64 "nfc: bad --timeout"
run u3 "$LS" nfc --nfc bogus:/dev/null
expect_rc u3 64 "nfc: unknown driver"
expect_err u3 "unknown NFC reader 'bogus:/dev/null'" "unknown driver named"

# The stock libnfc tool sees the emulated reader's five tags.
pemu_start "$SITE"
if command -v nfc-list >/dev/null; then
	run nfclist env LIBNFC_DEVICE="pn532_uart:$PTY" nfc-list
	check "nfc-list (libnfc) finds 5 ISO14443A targets" \
	    grep -q '^5 ISO14443A passive target(s) found' "$T/nfclist.out"
	check "nfc-list (libnfc) finds the FeliCa and type B cards" sh -c "
	    grep -q '^1 Felica (212 kbps) passive target(s) found' \
	    '$T/nfclist.out' &&
	    grep -q '^1 ISO14443B passive target(s) found' '$T/nfclist.out'"
else
	skip 2 "nfc-list is not installed"
fi

# The site as NDJSON.
run site "$LS" nfc --nfc "pn532_uart:$PTY" --json
expect_rc site 0 "nfc --json on the NFC site"
check "7 tag lines and a summary" sh -c "jq -e -s '
    ([.[] | select(.type == \"tag\")] | length) == 7 and
    .[-1].type == \"summary\" and .[-1].tags == 7 and
    .[-1].chip == \"PN532 v1.6\" and .[-1].setup_payloads == 2' \
    '$T/site.out' >/dev/null"
check "every line carries the schema; tag lines say when they were seen" \
    sh -c "jq -e -s 'all(.schema == \"lockscope-ndjson/1\") and
    ([.[] | select(.type == \"tag\") | .seen] | length == 7 and
    all(test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}[.][0-9]{3}Z\$\")))' \
    '$T/site.out' >/dev/null"
check "tag lines: transport nfc, uid_sha256 digest, family, security, setup_payload, technology" sh -c "jq -e -s '
    [.[] | select(.type == \"tag\")] | length > 0 and all(has(\"transport\") and
    has(\"uid_sha256\") and has(\"family\") and has(\"security\") and
    has(\"setup_payload\") and has(\"technology\") and
    .transport == \"nfc\" and (.uid_sha256 | test(\"^[0-9a-f]{64}\$\")))' \
    '$T/site.out' >/dev/null"
want_tag 0 .family NTAG213 "matter sticker family"
want_tag 0 .security clonable "matter sticker security"
want_tag 0 .setup_payload.kind matter "matter sticker payload kind"
want_tag 0 .setup_payload.vendor_id 65521 "matter vendor ID"
want_tag 0 .setup_payload.product_id 32768 "matter product ID"
want_tag 0 .setup_payload.discriminator 3840 "matter discriminator"
want_tag 0 '.setup_payload.capabilities | join(",")' ble "matter discovery"
want_tag 0 .setup_payload.flow standard "matter flow"
want_tag 1 .family NTAG215 "homekit sticker family"
want_tag 1 .setup_payload.kind homekit "homekit payload kind"
want_tag 1 .setup_payload.category 7 "homekit category"
want_tag 1 '.setup_payload.flags | join(",")' ip "homekit flags"
want_tag 1 .ble_oob.address C4:7C:8D:6A:12:01 "BLE OOB address"
want_tag 2 .family "MIFARE Classic 1K" "classic family"
want_tag 2 .security clonable "classic security"
want_tag 2 .setup_payload - "classic has no setup payload"
want_tag 3 .family "MIFARE DESFire EV2 8K" "desfire family"
want_tag 3 .security strong "desfire security"
want_tag 3 .iso_dep true "desfire is ISO-DEP"
want_tag 3 .aliro false "desfire is not Aliro"
want_tag 3 '.technologies | join(",")' nfc-a,iso-dep "desfire technologies"
want_tag 2 '.technologies | join(",")' nfc-a "classic technologies"
want_tag 4 .aliro true "phone answers the Aliro SELECT"
want_tag 4 .uid_random true "phone UID is random"
want_tag 4 .security strong "Aliro credential security"
want_tag 4 .technology nfc-a "technology"
want_tag 5 .technology felica "FeliCa card technology"
want_tag 5 .family "Sony FeliCa" "FeliCa card family"
want_tag 5 .atqa - "FeliCa card has no ATQA"
want_tag 6 .technology nfc-b "type B card technology"
want_tag 6 .security unknown "type B card security"

# Human output: families and the decoded payloads, no secrets.
run human "$LS" nfc --nfc "pn532_uart:$PTY"
expect_rc human 0 "nfc table on the NFC site"
check "table names the families" sh -c "grep -q 'NTAG213' '$T/human.out' &&
    grep -q 'MIFARE Classic 1K' '$T/human.out' &&
    grep -q 'DESFire EV2' '$T/human.out' &&
    grep -q 'vendor 0xFFF1 product 0x8000 discriminator 3840' \
    '$T/human.out' && grep -q '^7 tags (3 clonable' '$T/human.out'"

# The keyed digest: stable with one key, different with another.
run again "$LS" nfc --nfc "pn532_uart:$PTY" --json
check "uid_sha256 is stable across runs" sh -c "
    [ \"\$(jq -r 'select(.type == \"tag\") | .uid_sha256' '$T/site.out')\" = \
    \"\$(jq -r 'select(.type == \"tag\") | .uid_sha256' '$T/again.out')\" ]"
run other env LOCKSCOPE_UID_KEY="$T/other.key" "$LS" nfc --nfc \
    "pn532_uart:$PTY" --json
check "uid_sha256 depends on the installation key" sh -c "
    [ \"\$(jq -r 'select(.type == \"tag\") | .uid_sha256' '$T/site.out')\" != \
    \"\$(jq -r 'select(.type == \"tag\") | .uid_sha256' '$T/other.out')\" ]"
check "the UID key file is mode 0600" [ "$(stat -c %a "$T/uid.key")" = 600 ]

# libnfc's debug log would print frames (UIDs): it stays off.
run dbg env LIBNFC_LOG_LEVEL=3 "$LS" -vv nfc --nfc "pn532_uart:$PTY"
expect_rc dbg 0 "nfc with LIBNFC_LOG_LEVEL=3 and -vv"

# scan --nfc: tags beside the BLE devices.
emu_start tests/scenarios/minimal.json
run scanj "$LS" scan --adapter "h4:unix:$SOCK" --nfc "pn532_uart:$PTY" \
    --duration 0.5 --json
expect_rc scanj 0 "scan --nfc --json"
check "scan --json has 7 tag lines, devices and tags in the summary" \
    sh -c "jq -e -s '([.[] | select(.type == \"tag\")] | length) == 7 and
    ([.[] | select(.type == \"device\")] | length) >= 1 and
    .[-1].tags == 7' '$T/scanj.out' >/dev/null"
run scanh "$LS" scan --adapter "h4:unix:$SOCK" --nfc "pn532_uart:$PTY" \
    --duration 0.5
expect_rc scanh 0 "scan --nfc table"
check "scan table lists the tags" grep -q '^NFC: 7 tags' "$T/scanh.out"
emu_stop

no_secrets site human again other dbg scanj scanh

# A reader with no tag ends cleanly.  (-vv: the emulator logs each
# command it answers, for the Ctrl-C below.)
pemu_start "$SITE" --fault no-tag -vv
run empty "$LS" nfc --nfc "pn532_uart:$PTY" --json
expect_rc empty 0 "reader with no tag"
check "no tag: zero tags in the summary" sh -c "jq -e -s 'length == 1 and
    .[0].type == \"summary\" and .[0].tags == 0' '$T/empty.out' >/dev/null"
run wait "$LS" nfc --nfc "pn532_uart:$PTY" --timeout 0.6
expect_rc wait 0 "reader with no tag, waiting 0.6 s"
check "waiting: 0 tags reported" grep -q '^0 tags' "$T/wait.out"
# Ctrl-C while waiting for a tag ends cleanly with the summary: sent
# once the reader has been polled for a tag twice (the wait has begun).
polls() { grep -c 'InListPassiveTarget: ' "$T/pemu.err"; }
p0=$(polls)
waiting() { [ "$(polls)" -ge $((p0 + 2)) ]; }
# --foreground: one SIGINT for lockscope (t_scan_signals.sh says why).
timeout --foreground -k 2 30 "$LS" nfc --nfc "pn532_uart:$PTY" \
    --timeout 600 --json >"$T/intr.out" 2>"$T/intr.err" &
ipid=$!
wait_until 20 waiting
kill -INT $ipid
wait $ipid
RC=$?
ndjson_keep "$T/intr.out"
expect_rc intr 0 "Ctrl-C while waiting for a tag"
check "interrupted wait: summary says so" sh -c "jq -e -s 'length == 1 and
    .[0].interrupted == true and .[0].tags == 0' '$T/intr.out' >/dev/null"

# A reader without FeliCa and type B still reads type A.
pemu_start "$SITE" --fault type-a-only
run aonly "$LS" nfc --nfc "pn532_uart:$PTY" --json
expect_rc aonly 0 "reader refusing FeliCa and type B"
check "type A tags only" sh -c "jq -e -s '.[-1].tags == 5 and
    all(.[] | select(.type == \"tag\"); .technology == \"nfc-a\")' \
    '$T/aonly.out' >/dev/null"

# A reader that activates any tag when asked for one by UID: no tag is
# reported with another tag's contents.
pemu_start "$SITE" --fault ignore-uid
run anyuid "$LS" nfc --nfc "pn532_uart:$PTY" --json
expect_rc anyuid 0 "reader ignoring the UID in select"
check "ignore-uid: only the Matter tag has a setup payload" sh -c "jq -e -s '
    [.[] | select(.type == \"tag\" and .setup_payload != null)] |
    length == 1 and .[0].family == \"NTAG213\"' '$T/anyuid.out' \
    >/dev/null"
no_secrets aonly anyuid

# A silent reader: bounded error, exit 69.
pemu_start "$SITE" --fault silent
run silent "$LS" nfc --nfc "pn532_uart:$PTY"
expect_rc silent 69 "silent reader"
expect_err silent "no PN53x answered on $PTY" "silent reader: says why"

# Malformed frames: a clean error, exit 69.
pemu_start "$SITE" --fault malformed
run malf "$LS" nfc --nfc "pn532_uart:$PTY" --json
expect_rc malf 69 "reader answering malformed frames"
check "malformed: nothing on stdout" [ ! -s "$T/malf.out" ]
pemu_stop
no_secrets empty silent malf

# No such device.
run nodev "$LS" nfc --nfc pn532_uart:/dev/nonexistent-tty
expect_rc nodev 69 "missing serial device"
expect_err nodev "/dev/nonexistent-tty" "missing device named"

# A USB reader held by the pn533_usb kernel driver, or by pcscd: exit 69
# with the command that frees it (system state from LOCKSCOPE_SYSROOT).
mkdir -p "$T/root1/sys/module/pn533_usb" "$T/root2/run/pcscd" "$T/root3"
: >"$T/root2/run/pcscd/pcscd.comm"
run kmod env LOCKSCOPE_SYSROOT="$T/root1" "$LS" nfc --nfc acr122_usb
expect_rc kmod 69 "USB reader claimed by pn533_usb"
expect_err kmod "pn533_usb driver holds it .*modprobe -r pn533_usb" \
    "pn533_usb: says how to free the reader"
run pcsc env LOCKSCOPE_SYSROOT="$T/root2" "$LS" nfc --nfc pn53x_usb
expect_rc pcsc 69 "USB reader with pcscd running"
expect_err pcsc "pcscd .*systemctl stop pcscd" "pcscd: says how to stop it"
run nousb env LOCKSCOPE_SYSROOT="$T/root3" "$LS" nfc --nfc acr122_usb
expect_rc nousb 69 "no USB reader"
expect_err nousb "none found" "no USB reader: says so"

# Permission denied on the device node: exit 77 (as root, run as nobody
# against a pty, whose slave only its owner and group tty may open).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	pemu_start "$SITE"
	mkdir -p "$T/nob"
	chmod 0711 "$T"
	chmod 0777 "$T/nob"
	run perm env LOCKSCOPE_UID_KEY="$T/nob/uid.key" setpriv \
	    --reuid=nobody --regid=nogroup --clear-groups "$LS" nfc --nfc \
	    "pn532_uart:$PTY"
	expect_rc perm 77 "reader without permission"
	expect_err perm "permission denied on $PTY" "permission: says where"
	pemu_stop
else
	skip 2 "the permission test needs root and setpriv"
fi
