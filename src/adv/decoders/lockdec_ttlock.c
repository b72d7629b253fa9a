/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_ttlock.c - TTLock / Sciener locks (a white-label platform sold
 * under many brands): lock type, setting mode (not initialised), bolt
 * position and battery from the manufacturer-specific data.
 *
 * TTLock has no SIG company ID of its own in this layout: the two bytes
 * in the company-ID position are protocol bytes, so the payload is
 * rebuilt as raw = company ID (LE) || data, and the entry is marked
 * not_company (device lines then show no company for it).  Layout, in
 * raw offsets
 * (parseManufacturerData of the SDK port cited below):
 *
 *   V3 header (05 03)        other headers
 *   0 protocolType           4 protocolType
 *   1 protocolVersion        5 protocolVersion
 *   2 scene                  7 scene
 *   3 params                 8 params
 *   4 battery %              9 battery %
 *   last 6: lock MAC, byte-reversed (= the address in HCI order)
 *
 * params: bit0 unlocked, bit1 new operation-log records, bit2 setting
 * mode (not initialised: an administrator can be added now), bit3 touch
 * (V3), bit4 parking state (parking locks).  Header 18.25 or FF.FF is
 * firmware-update (DFU) mode, 52.18 a wristband.  Families below
 * protocol type 5 and V2S (5.1) have no params byte.
 *
 * Sources: kind3r/ttlock-sdk-js:src/device/TTBluetoothDevice.ts@028b83b
 * (parseManufacturerData, a port of the vendor SDK) and
 * src/constant/Lock.ts@a480222 (lock types); roquerodrigo/ttlock-ble:
 * src/ttlock_ble/models/lock_advertisement.py@af9ae7f and
 * models/lock_version.py@408a778 (lock_type, after the Android SDK's
 * Command.generateLockType); n8henrie/ttlock-rs:crates/ttlock-core/src/
 * advertisement.rs@eaf19cf (stateless families, battery range).
 *
 * False positives: any advertiser can put 15 bytes behind company ID
 * 0x0305, so a payload is TTLock only when all of these hold: at least
 * 15 bytes, not cut by the AD parser's cap, a (protocolType,
 * protocolVersion) pair from the SDK's lock-type table (or a DFU or
 * wristband header, or any protocol type below 5, which the SDK calls
 * a room lock whatever its version: 3.1 and 4.x as well as 3.0), and the
 * trailing MAC equal to the advertiser's address.  Without an address
 * nothing is claimed.
 *
 * Deliberately not done: the bolt of parking locks (10.1, and 5.3 with
 * scene 7): bit0 and bit4 describe the barrier there, and the SDK's own
 * parkStatus derivation from them is self-contradictory; the touch and
 * log-record flags; anything over GATT.
 */
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"
#include "util/cursor.h"

#define LOCKDEC_TTLOCK_MIN_LEN	15	/* TTBluetoothDevice.ts */
#define LOCKDEC_TTLOCK_MAC_LEN	6

#define LOCKDEC_TTLOCK_UNLOCKED	0x01	/* params bit0 */
#define LOCKDEC_TTLOCK_SETTING	0x04	/* params bit2 */

/* Protocol types below this carry no params byte (see the table). */
#define LOCKDEC_TTLOCK_FIRST_STATEFUL	5

#define LOCKDEC_TTLOCK_VENDOR	"TTLock (Sciener)"

/* Lock types by (protocolType, protocolVersion): Lock.ts LockVersion. */
static const struct {
	uint8_t		 type;
	uint8_t		 version;
	const char	*name;
	bool		 has_params;	/* params byte after the scene */
	bool		 parking;	/* bit0 is a barrier, not a bolt */
} lockdec_ttlock_types[] = {
	{ 5, 3, "V3", true, false },
	{ 5, 4, "V2S+", true, false },
	{ 5, 1, "V2S", false, false },
	{ 10, 1, "CAR", true, true },	/* parking lock */
	{ 11, 1, "MOBI", true, false },	/* electric car lock */
	{ 3, 0, "V2", false, false },
};

/* What the scene says the device is (parseManufacturerData switch). */
static const struct {
	uint8_t		 scene;
	const char	*kind;
} lockdec_ttlock_scenes[] = {
	{ 0, "room lock" },
	{ 1, "room lock" },
	{ 2, "room lock" },
	{ 3, "room lock" },
	{ 4, "glass door lock" },
	{ 5, "safe lock" },
	{ 6, "bicycle lock" },
	{ 7, "parking lock" },
	{ 8, "padlock" },
	{ 9, "lock cylinder" },
	{ 11, "safe lock" },
};

/* Scene 10 with a V3 header: a remote control, not a lock. */
#define LOCKDEC_TTLOCK_SCENE_REMOTE	10

static const char *
lockdec_ttlock_scene(uint8_t scene)
{
	size_t	i;

	for (i = 0; i < sizeof lockdec_ttlock_scenes /
	    sizeof lockdec_ttlock_scenes[0]; i++)
		if (lockdec_ttlock_scenes[i].scene == scene)
			return lockdec_ttlock_scenes[i].kind;
	return NULL;
}

/* Recognised but without a lock reading: DFU, wristband, remote. */
static bool
lockdec_ttlock_other(struct lockdec_out *out, bool is_lock, const char *what)
{
	out->is_lock = is_lock;
	out->family = is_lock ? "ttlock" : NULL;
	out->vendor = LOCKDEC_TTLOCK_VENDOR;
	snprintf(out->evidence, sizeof out->evidence, "%s", what);
	return true;
}

/*
 * Decode one manufacturer-data entry as TTLock.  Returns false when it
 * is not one (see the file comment for the checks).
 */
static bool
lockdec_ttlock_mfr(const struct ad_mfr *m, const uint8_t addr[6],
    struct lockdec_out *out)
{
	uint8_t		 raw[2 + AD_MFR_MAX];
	const uint8_t	*mac;
	const char	*kind, *lt;
	struct cur	 c;
	size_t		 n, i;
	uint8_t		 ptype, pver, scene, params, batt;
	bool		 parking, has_params;

	/* The MAC is the last 6 bytes: unknown when the parser cut it. */
	if (m->truncated || m->len > AD_MFR_MAX)
		return false;
	n = 2 + (size_t)m->len;
	if (n < LOCKDEC_TTLOCK_MIN_LEN)
		return false;
	put_le16(raw, m->company);
	memcpy(raw + 2, m->data, m->len);

	cur_init(&c, raw + n - LOCKDEC_TTLOCK_MAC_LEN, LOCKDEC_TTLOCK_MAC_LEN);
	mac = cur_take(&c, LOCKDEC_TTLOCK_MAC_LEN);
	if (mac == NULL || memcmp(mac, addr, LOCKDEC_TTLOCK_MAC_LEN) != 0)
		return false;

	cur_init(&c, raw, n);
	ptype = cur_u8(&c);
	pver = cur_u8(&c);
	if (!cur_ok(&c))
		return false;
	if ((ptype == 18 && pver == 25) || (ptype == 0xff && pver == 0xff))
		return lockdec_ttlock_other(out, true, "TTLock in firmware-"
		    "update (DFU) mode: no state advertised");
	if (ptype == 52 && pver == 18)
		return lockdec_ttlock_other(out, false,
		    "TTLock wristband (protocol 52.18): not a lock");
	if (ptype == 5 && pver == 3)
		scene = cur_u8(&c);
	else {
		cur_skip(&c, 2);
		ptype = cur_u8(&c);
		pver = cur_u8(&c);
		cur_skip(&c, 1);
		scene = cur_u8(&c);
	}
	if (!cur_ok(&c))
		return false;
	for (i = 0; i < sizeof lockdec_ttlock_types /
	    sizeof lockdec_ttlock_types[0]; i++)
		if (lockdec_ttlock_types[i].type == ptype &&
		    lockdec_ttlock_types[i].version == pver)
			break;
	if (i < sizeof lockdec_ttlock_types / sizeof lockdec_ttlock_types[0]) {
		lt = lockdec_ttlock_types[i].name;
		parking = lockdec_ttlock_types[i].parking;
		has_params = lockdec_ttlock_types[i].has_params;
	} else if (ptype < LOCKDEC_TTLOCK_FIRST_STATEFUL) {
		/*
		 * 3.1, 4.x...: the SDK takes any protocol type below 5
		 * for a room lock without params (TTBluetoothDevice.ts
		 * parseManufacturerData; ttlock-rs advertisement.rs test
		 * families_without_a_flags_byte_report_no_bolt_position).
		 */
		lt = "pre-V3";
		parking = false;
		has_params = false;
	} else
		return false;
	if (ptype == 5 && pver == 3 && scene == 7) {
		lt = "V3 car";		/* LOCK_TYPE_V3_CAR (parking) */
		parking = true;
	}

	out->vendor = LOCKDEC_TTLOCK_VENDOR;
	snprintf(out->protocol, sizeof out->protocol, "TTLock %s (%u.%u)", lt,
	    ptype, pver);
	if (!has_params) {
		/* The SDK stops here and calls all of these room locks. */
		out->is_lock = true;
		out->family = "ttlock";
		snprintf(out->evidence, sizeof out->evidence, "TTLock %s "
		    "(%u.%u): this lock family does not advertise its state",
		    lt, ptype, pver);
		return true;
	}
	if (ptype == 5 && pver == 3 && scene == LOCKDEC_TTLOCK_SCENE_REMOTE) {
		out->protocol[0] = '\0';
		return lockdec_ttlock_other(out, false,
		    "TTLock remote control (scene 10): not a lock");
	}

	params = cur_u8(&c);
	batt = cur_u8(&c);
	if (!cur_ok(&c))
		return false;
	out->is_lock = true;
	out->family = "ttlock";
	kind = lockdec_ttlock_scene(scene);
	if (kind != NULL)
		snprintf(out->model, sizeof out->model, "%s", kind);
	if (params & LOCKDEC_TTLOCK_SETTING) {
		out->pairing_state = LOCKDEC_UNPAIRED;
		snprintf(out->evidence, sizeof out->evidence,
		    "TTLock setting mode: lock not initialised");
	} else {
		out->pairing_state = LOCKDEC_PAIRED;
		snprintf(out->evidence, sizeof out->evidence,
		    "TTLock: initialised (not in setting mode)");
	}
	if (!parking)
		snprintf(out->lock_state, sizeof out->lock_state, "%s",
		    (params & LOCKDEC_TTLOCK_UNLOCKED) ? "unlocked" : "locked");
	/* A byte above 100 is a misparse, not a battery (ttlock-rs Percent). */
	if (batt <= 100)
		out->battery_percent = batt;
	return true;
}

static bool
lockdec_ttlock_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	size_t	i;

	if (addr == NULL)
		return false;
	for (i = 0; i < ad->n_mfr && i < AD_MAX_MFR; i++) {
		if (lockdec_ttlock_mfr(&ad->mfr[i], addr, out)) {
			/* Protocol bytes where a company ID would be. */
			out->not_company = (int)i + 1;
			return true;
		}
		lockdec_out_init(out);
	}
	return false;
}

const struct lockdec lockdec_ttlock = {
	.name = "ttlock",
	.rank = LOCKDEC_VENDOR,
	.decode = lockdec_ttlock_decode,
};
