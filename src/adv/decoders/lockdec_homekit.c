/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_homekit.c - HomeKit Accessory Protocol (HAP) over BLE: the
 * Apple manufacturer data (company 0x004C) that every HAP-BLE accessory
 * advertises.  Family "homekit"; the pairing state comes from the Status
 * Flags byte.
 *
 * Layout: HAP Specification R14 §7.4.2.1 "HAP BLE Regular Advertisement
 * Format" and §7.4.2.2 "Encrypted Notification", as written by
 * apple/HomeKitADK:HAP/HAPBLEAccessoryServer+Advertising.c@aa2b08c and
 * parsed by Jc2k/aiohomekit:aiohomekit/controller/ble/
 * manufacturer_data.py@138fbe4.  Offsets below are in the manufacturer
 * payload after the company ID (mfr[]):
 *
 *   TY 0x06 regular advertisement
 *     [0] TY  [1] STL = subtype(3 bits, 1) | length(5 bits): 13, or 17
 *     with the setup hash (0x2D / 0x31)  [2] SF status flags, bit0 = 1:
 *     not paired (ADK: IsPaired ? 0 : 1; aiohomekit model/
 *     status_flags.py@2f09d76 "table 6-32")  [3..8] device ID
 *     [9..10] ACID category, LE  [11..12] GSN, LE  [13] CN  [14] CV
 *     [15..18] setup hash (optional)
 *   TY 0x11 encrypted notification
 *     [0] TY  [1] STL 0x36 (length 22)  [2..7] advertising ID
 *     [8..19] GSN, IID, value encrypted with the broadcast key
 *     [20..23] ChaCha20-Poly1305 tag (4 bytes)
 *
 * Category 6 is Door Lock (apple/HomeKitADK:HAP/HAP.h
 * kHAPAccessoryCategory_Locks; Jc2k/aiohomekit:aiohomekit/model/
 * categories.py@0c1e431).  Any other category is a HomeKit accessory
 * that is not a lock: recognised, is_lock false, no family.
 *
 * Deliberately not done: no vendor or model (HAP puts those in the
 * Accessory Information service, readable only in a secure session);
 * the encrypted notification is reported as encrypted and carries no
 * category and no pairing state here (by design: never guess, even though only
 * a paired accessory has a broadcast key); other Apple continuity frames
 * (iBeacon 0x02, AirPods 0x07, Nearby 0x10...) are not HomeKit and are
 * not recognised.
 */
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"
#include "util/cursor.h"

#define LOCKDEC_HOMEKIT_APPLE		0x004c
#define LOCKDEC_HOMEKIT_TY_REGULAR	0x06
#define LOCKDEC_HOMEKIT_TY_ENCRYPTED	0x11
#define LOCKDEC_HOMEKIT_SUBTYPE		1	/* STL bits 5-7 */
#define LOCKDEC_HOMEKIT_REGULAR_LEN	13	/* SF..CV */
#define LOCKDEC_HOMEKIT_SH_LEN		17	/* SF..SH */
#define LOCKDEC_HOMEKIT_ENC_LEN		22	/* AdvID + 12 + tag 4 */
#define LOCKDEC_HOMEKIT_SF_UNPAIRED	0x01
#define LOCKDEC_HOMEKIT_ACID_LOCK	6

/* HAP Accessory Category Identifiers 1-33, index = ACID - 1. */
static const char *const lockdec_homekit_categories[] = {
	"Other", "Bridge", "Fan", "Garage Door Opener", "Lightbulb",
	"Door Lock", "Outlet", "Switch", "Thermostat", "Sensor",
	"Security System", "Door", "Window", "Window Covering",
	"Programmable Switch", "Range Extender", "IP Camera",
	"Video Doorbell", "Air Purifier", "Heater", "Air Conditioner",
	"Humidifier", "Dehumidifier", "Apple TV", "HomePod", "Speaker",
	"AirPort", "Sprinkler", "Faucet", "Shower Head", "Television",
	"Remote", "Router",
};

static const char *
lockdec_homekit_category(uint16_t acid)
{
	if (acid == 0 || acid > sizeof lockdec_homekit_categories /
	    sizeof lockdec_homekit_categories[0])
		return NULL;
	return lockdec_homekit_categories[acid - 1];
}

/*
 * Read the STL byte after TY and check that the frame is as long as it
 * says.  Returns the length field, or -1 when the subtype is not 1 or
 * fewer than len bytes follow.
 */
static int
lockdec_homekit_stl(struct cur *c)
{
	uint8_t	stl = cur_u8(c);

	if (!cur_ok(c) || stl >> 5 != LOCKDEC_HOMEKIT_SUBTYPE ||
	    cur_left(c) < (size_t)(stl & 0x1f))
		return -1;
	return stl & 0x1f;
}

/* TY 0x06: §7.4.2.1.  False when truncated or inconsistent. */
static bool
lockdec_homekit_regular(struct cur *c, struct lockdec_out *out)
{
	const char	*cat, *state;
	char		 catbuf[24];
	uint16_t	 acid, gsn;
	uint8_t		 sf, cn;
	int		 len;

	len = lockdec_homekit_stl(c);
	if (len < LOCKDEC_HOMEKIT_REGULAR_LEN)
		return false;
	sf = cur_u8(c);
	cur_skip(c, 6);			/* device ID, not the BD_ADDR */
	acid = cur_le16(c);
	gsn = cur_le16(c);
	cn = cur_u8(c);
	(void)cur_u8(c);		/* CV, 0x02 in R14 */
	if (!cur_ok(c))
		return false;

	out->pairing_state = (sf & LOCKDEC_HOMEKIT_SF_UNPAIRED) ?
	    LOCKDEC_UNPAIRED : LOCKDEC_PAIRED;
	state = (sf & LOCKDEC_HOMEKIT_SF_UNPAIRED) ?
	    "not paired to any controller" : "paired";
	snprintf(out->protocol, sizeof out->protocol, "HAP CN %u GSN %u",
	    (unsigned)cn, (unsigned)gsn);
	cat = lockdec_homekit_category(acid);
	if (cat == NULL) {
		snprintf(catbuf, sizeof catbuf, "0x%04x", (unsigned)acid);
		cat = catbuf;
	}
	if (acid == LOCKDEC_HOMEKIT_ACID_LOCK) {
		out->is_lock = true;
		out->family = "homekit";
		snprintf(out->evidence, sizeof out->evidence,
		    "HomeKit status flag: %s (category %s%s)", state, cat,
		    len >= LOCKDEC_HOMEKIT_SH_LEN ? ", setup hash present" :
		    "");
	} else {
		/* A HomeKit light or outlet: recognised, not a lock. */
		snprintf(out->evidence, sizeof out->evidence,
		    "HomeKit status flag: %s (category %s, not a lock)",
		    state, cat);
	}
	return true;
}

/* TY 0x11: §7.4.2.2.  Recognised, encrypted, nothing else known. */
static bool
lockdec_homekit_encrypted(struct cur *c, struct lockdec_out *out)
{
	if (lockdec_homekit_stl(c) != LOCKDEC_HOMEKIT_ENC_LEN)
		return false;
	out->encrypted = true;
	snprintf(out->protocol, sizeof out->protocol,
	    "HAP encrypted notification");
	snprintf(out->evidence, sizeof out->evidence,
	    "HomeKit encrypted notification: payload encrypted (category "
	    "and state need the broadcast key)");
	return true;
}

static bool
lockdec_homekit_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	const struct ad_mfr	*m;
	struct cur		 c;

	(void)addr;
	m = ad_find_mfr(ad, LOCKDEC_HOMEKIT_APPLE);
	if (m == NULL)
		return false;
	cur_init(&c, m->data, m->len);
	switch (cur_u8(&c)) {
	case LOCKDEC_HOMEKIT_TY_REGULAR:
		return cur_ok(&c) && lockdec_homekit_regular(&c, out);
	case LOCKDEC_HOMEKIT_TY_ENCRYPTED:
		return cur_ok(&c) && lockdec_homekit_encrypted(&c, out);
	default:
		return false;		/* iBeacon, continuity, or empty */
	}
}

const struct lockdec lockdec_homekit = {
	.name = "homekit",
	.rank = LOCKDEC_ECOSYSTEM,
	.decode = lockdec_homekit_decode,
};
