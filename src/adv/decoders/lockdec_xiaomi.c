/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_xiaomi.c - Xiaomi MiBeacon (service data 0xFE95, or the same
 * frame in manufacturer data 0x038F): the product ID (locks by model,
 * everything else reported as "not a lock"), the binding flags of the
 * frame control, and the battery when it is sent in clear.  Family
 * "xiaomi".
 *
 * Sources:
 *  - custom-components/ble_monitor:custom_components/ble_monitor/
 *    ble_parser/xiaomi.py@056feba (parse_xiaomi, XIAOMI_TYPE_DICT,
 *    obj100a).  Its offsets count from the AD length byte (data[4] is
 *    the first service-data byte); here they are service-data offsets:
 *      [0:2] frame control LE16, [2:4] product ID LE16, [4] frame
 *      counter, [5:11] MAC (reversed) if fc bit 4, then the capability
 *      byte if fc bit 5, then objects {type LE16, length, data} if fc
 *      bit 6 (encrypted when fc bit 3).  ble_monitor drops mesh frames
 *      (bit 7), frames before version 2 (bits 12-15) and frames whose
 *      MAC differs from the sender's; so does this decoder.
 *  - Xiaomi's protocol document MiEcosystem/miio_open:ble/02-米家BLE
 *    MiBeacon协议.md@3f3f9f6: bit 8 "registered" (bound), bit 9
 *    "solicited" (the user pressed the device's button: it asks the app
 *    to bind, for 2-3 s), capability bits 3-4 BondAbility and bit 5 "I/O
 *    capability follows (2 bytes)"; "Capability Include: forced to 1
 *    before the device is bound".
 *  - Xiaomi's device SDK as shipped in atc1441/ATC_TLSR_Paper:Firmware/
 *    components/vendor/common/mijia_ble/libs/common/mible_beacon.c@16fb32e
 *    (mibeacon_adv_data_set): registered = HAVE_RESET_BUTTON ?
 *    is_valid_key : 0, capability only when not registered, objects
 *    only with a bind key (objects need the key, so they are encrypted).
 *
 * Pairing, in this order: "solicited" -> pairing_window; "registered"
 * -> paired; no capability field -> paired (per the document an unbound
 * device must include it).  A clear "registered" flag in a frame that
 * does carry the capability field is NOT reported as unpaired: the SDK
 * never sets the flag on products built without a reset button, an
 * earlier revision of the same document (copy in liu994505261/
 * miio_open:ble/03-米家BLE广播协议.md@01e7ee9: bit 8 "Reserved", bit 9
 * "bindingCfm") did not define it, and ble_monitor's capture of a bound,
 * in-use Aqara ZNMS16LM (test_xiaomi_parser.py) has it clear.  That case
 * is NULL, and the evidence says the flag is not conclusive.  Frames
 * before version 4 are not read for pairing at all: the older frame
 * control of MiEcosystem/mijia_ble_secure:mi_beacon.h@a022297 used bit 0
 * "factory_new" and bit 8 for a manufacturer-title field, so bits 8-9
 * may not mean "registered" / "solicited" there.
 *
 * Deliberately not done: decrypting objects (needs the bind key; the
 * advert is then flagged encrypted); lock events (0x000B) as a lock
 * state (an event, not the current state); I/O capability details.
 */
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"
#include "util/cursor.h"

#define LOCKDEC_XIAOMI_SVC		0xfe95
#define LOCKDEC_XIAOMI_COMPANY		0x038f
#define LOCKDEC_XIAOMI_FC_ENCRYPTED	0x0008
#define LOCKDEC_XIAOMI_FC_MAC		0x0010
#define LOCKDEC_XIAOMI_FC_CAP		0x0020
#define LOCKDEC_XIAOMI_FC_OBJ		0x0040
#define LOCKDEC_XIAOMI_FC_MESH		0x0080
#define LOCKDEC_XIAOMI_FC_REGISTERED	0x0100
#define LOCKDEC_XIAOMI_FC_SOLICITED	0x0200
#define LOCKDEC_XIAOMI_CAP_COMBO	0x18	/* BondAbility 3: +2 B */
#define LOCKDEC_XIAOMI_CAP_IO		0x20	/* I/O: +2 B */
#define LOCKDEC_XIAOMI_OBJ_BATTERY	0x100a
#define LOCKDEC_XIAOMI_FLAGS_VER	4	/* see the file comment */

/*
 * Lock product IDs and models: every entry named "Door Lock" in
 * Bluetooth-Devices/xiaomi-ble:src/xiaomi_ble/devices.py@509f516
 * (509f516e46dfd21172a70c7e66955ecf3f0923e6, 2026-07-20), re-derived
 * whole from that file; models spelled as there.  Sorted by product ID.
 */
static const struct {
	uint16_t	 pid;
	const char	*model;
} lockdec_xiaomi_locks[] = {
	{ 0x0380, "DSL-C08" },
	{ 0x04e9, "MJZNMSQ01YD" },
	{ 0x0599, "MJZNMS03LM" },
	{ 0x069e, "ZNMS16LM" },
	{ 0x069f, "ZNMS17LM" },
	{ 0x0784, "XMZNMS04LM" },
	{ 0x098c, "XMZNMST02YD" },
	{ 0x0e39, "XMZNMS08LM" },
	{ 0x11c2, "Lockin-SV40" },
};

static const char *
lockdec_xiaomi_model(uint16_t pid)
{
	size_t	i;

	for (i = 0; i < sizeof lockdec_xiaomi_locks /
	    sizeof lockdec_xiaomi_locks[0]; i++)
		if (lockdec_xiaomi_locks[i].pid == pid)
			return lockdec_xiaomi_locks[i].model;
	return NULL;
}

/* Objects in clear: only the battery level is read. */
static void
lockdec_xiaomi_objects(struct cur *c, struct lockdec_out *out)
{
	const uint8_t	*v;
	uint16_t	 type;
	uint8_t		 len;

	while (cur_left(c) >= 3) {
		type = cur_le16(c);
		len = cur_u8(c);
		v = cur_take(c, len);
		if (v == NULL)
			return;
		if (type == LOCKDEC_XIAOMI_OBJ_BATTERY && len >= 1 &&
		    v[0] <= 100)
			out->battery_percent = v[0];
	}
}

static void
lockdec_xiaomi_pairing(uint16_t fc, bool encrypted_obj,
    struct lockdec_out *out)
{
	const char	*enc = encrypted_obj ? "; payload encrypted" : "";

	if ((fc >> 12) < LOCKDEC_XIAOMI_FLAGS_VER) {
		snprintf(out->evidence, sizeof out->evidence,
		    "Xiaomi MiBeacon v%u: binding flags not decoded before "
		    "v%d%s", (unsigned)(fc >> 12), LOCKDEC_XIAOMI_FLAGS_VER,
		    enc);
	} else if (fc & LOCKDEC_XIAOMI_FC_SOLICITED) {
		out->pairing_state = LOCKDEC_WINDOW;
		snprintf(out->evidence, sizeof out->evidence,
		    "Xiaomi lock asks an app to bind (MiBeacon 'solicited' "
		    "flag)%s", enc);
	} else if (fc & LOCKDEC_XIAOMI_FC_REGISTERED) {
		out->pairing_state = LOCKDEC_PAIRED;
		snprintf(out->evidence, sizeof out->evidence,
		    "Xiaomi MiBeacon 'registered and bound' flag set%s", enc);
	} else if (!(fc & LOCKDEC_XIAOMI_FC_CAP)) {
		out->pairing_state = LOCKDEC_PAIRED;
		snprintf(out->evidence, sizeof out->evidence,
		    "Xiaomi MiBeacon without capability field (sent only "
		    "once bound)%s", enc);
	} else {
		snprintf(out->evidence, sizeof out->evidence,
		    "Xiaomi MiBeacon 'registered' flag clear: not conclusive "
		    "(not all firmware sets it)%s", enc);
	}
}

/*
 * One MiBeacon frame; false when it is not one ble_monitor accepts, and
 * then out is untouched.
 */
static bool
lockdec_xiaomi_frame(const uint8_t *p, size_t n, const uint8_t addr[6],
    struct lockdec_out *out)
{
	struct cur	 c;
	const uint8_t	*mac;
	const char	*model;
	uint16_t	 fc, pid;
	uint8_t		 cap;
	unsigned	 ver;
	bool		 body = true, enc_obj;

	cur_init(&c, p, n);
	fc = cur_le16(&c);
	pid = cur_le16(&c);
	cur_skip(&c, 1);		/* frame counter */
	if (!cur_ok(&c))
		return false;
	ver = fc >> 12;
	if (ver < 2 || (fc & LOCKDEC_XIAOMI_FC_MESH))
		return false;
	if (fc & LOCKDEC_XIAOMI_FC_MAC) {
		mac = cur_take(&c, 6);
		if (mac == NULL)
			body = false;
		else if (memcmp(mac, addr, 6) != 0)
			return false;	/* relayed or spoofed frame */
	}
	model = lockdec_xiaomi_model(pid);
	if (model == NULL) {
		/* A thermometer, a button...: recognised, not a lock. */
		snprintf(out->evidence, sizeof out->evidence,
		    "Xiaomi MiBeacon product 0x%04x is not a lock", pid);
		return true;
	}
	out->is_lock = true;
	out->family = "xiaomi";
	out->vendor = "Xiaomi (MiBeacon)";
	snprintf(out->model, sizeof out->model, "%s", model);
	snprintf(out->protocol, sizeof out->protocol, "MiBeacon v%u", ver);
	enc_obj = (fc & LOCKDEC_XIAOMI_FC_OBJ) &&
	    (fc & LOCKDEC_XIAOMI_FC_ENCRYPTED);
	out->encrypted = enc_obj;
	lockdec_xiaomi_pairing(fc, enc_obj, out);
	if (!body || !(fc & LOCKDEC_XIAOMI_FC_OBJ) || enc_obj)
		return true;
	if (fc & LOCKDEC_XIAOMI_FC_CAP) {
		cap = cur_u8(&c);
		if ((cap & LOCKDEC_XIAOMI_CAP_COMBO) ==
		    LOCKDEC_XIAOMI_CAP_COMBO)
			cur_skip(&c, 2);
		if (cap & LOCKDEC_XIAOMI_CAP_IO)
			cur_skip(&c, 2);
	}
	lockdec_xiaomi_objects(&c, out);
	return true;
}

static bool
lockdec_xiaomi_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	const struct ad_svcdata	*sd;
	const struct ad_mfr	*m;

	sd = ad_find_svcdata16(ad, LOCKDEC_XIAOMI_SVC);
	if (sd != NULL && lockdec_xiaomi_frame(sd->data, sd->len, addr, out))
		return true;
	/* The document allows the same frame in a scan response. */
	m = ad_find_mfr(ad, LOCKDEC_XIAOMI_COMPANY);
	if (m != NULL)
		return lockdec_xiaomi_frame(m->data, m->len, addr, out);
	return false;
}

const struct lockdec lockdec_xiaomi = {
	.name = "xiaomi",
	.rank = LOCKDEC_VENDOR,
	.decode = lockdec_xiaomi_decode,
};
