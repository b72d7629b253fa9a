/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_yale.c - Yale / August locks (the yalexs-ble protocol): the
 * August Home company ID 0x01D1, the Yale company ID 0x0BDE and the
 * August member service UUID 0xFE24.  Family "yale-august".
 *
 * Sources: bdraco/yalexs-ble:src/yalexs_ble/const.py@006f44a
 * (YALE_MFR_ID = 465, COMMAND_SERVICE_UUID 0000fe24-...) and
 * src/yalexs_ble/push.py (update_advertisement: mfr[465][0] is compared
 * with VALID_ADV_VALUES = {0, 1}; "255 seems to be broadcast randomly
 * when there is no update from the lock"); the Home Assistant matcher
 * home-assistant/core:homeassistant/components/yalexs_ble/
 * manifest.json@02e6124 (manufacturer_id 465 + service_uuid fe24);
 * company IDs from NordicSemiconductor/bluetooth-numbers-database:
 * v1/company_ids.json@5387e83.
 *
 *   mfr[0x01D1] of one byte: 0x00 / 0x01, flips when the lock changes
 *   state (yalexs-ble then connects to read the state).  Longer payloads
 *   (seen starting 00 00 ..., home-assistant/core:tests/components/
 *   yalexs_ble/__init__.py) are undecoded.
 *
 * Deliberately not done: the advertisement carries no pairing state, no
 * lock state and no battery (those need the offline key over GATT), so
 * pairing_state stays NULL; lock.c takes it from the HomeKit decoder
 * when the lock also sends HAP.  The toggle value is not a lock state
 * and is never reported as one.
 */
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"
#include "util/cursor.h"

#define LOCKDEC_YALE_AUGUST_ID	0x01d1
#define LOCKDEC_YALE_YALE_ID	0x0bde
#define LOCKDEC_YALE_UUID	0xfe24

/* 0xFE24 in a 16-bit UUID list or as service data. */
static bool
lockdec_yale_has_uuid(const struct ad_info *ad)
{
	size_t	i;

	for (i = 0; i < ad->n_uuids && i < AD_MAX_UUIDS; i++)
		if (ad->uuids[i].len == 2 &&
		    ad->uuids[i].b[0] == (LOCKDEC_YALE_UUID & 0xff) &&
		    ad->uuids[i].b[1] == LOCKDEC_YALE_UUID >> 8)
			return true;
	return ad_find_svcdata16(ad, LOCKDEC_YALE_UUID) != NULL;
}

/* What the August manufacturer data says, in words. */
static void
lockdec_yale_august(const struct ad_mfr *m, struct lockdec_out *out)
{
	struct cur	c;
	uint8_t		v;

	cur_init(&c, m->data, m->len);
	if (m->len != 1) {
		snprintf(out->evidence, sizeof out->evidence,
		    "Yale/August manufacturer data (company 0x%04x, %u bytes, "
		    "undecoded)", LOCKDEC_YALE_AUGUST_ID, (unsigned)m->len);
		return;
	}
	v = cur_u8(&c);
	if (v <= 1)
		snprintf(out->evidence, sizeof out->evidence,
		    "Yale/August state-change toggle %u (flips when the lock "
		    "changes state; the state itself is not advertised)",
		    (unsigned)v);
	else
		snprintf(out->evidence, sizeof out->evidence,
		    "Yale/August advertisement value 0x%02x (not a "
		    "state-change toggle)", (unsigned)v);
}

static bool
lockdec_yale_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	const struct ad_mfr	*aug, *yale;
	bool			 uuid;

	(void)addr;
	aug = ad_find_mfr(ad, LOCKDEC_YALE_AUGUST_ID);
	yale = ad_find_mfr(ad, LOCKDEC_YALE_YALE_ID);
	uuid = lockdec_yale_has_uuid(ad);
	if (aug == NULL && yale == NULL && !uuid)
		return false;
	out->is_lock = true;
	out->family = "yale-august";
	out->vendor = "Yale / August";
	if (aug != NULL)
		lockdec_yale_august(aug, out);
	else if (yale != NULL)
		snprintf(out->evidence, sizeof out->evidence,
		    "Yale manufacturer data (company 0x%04x, undecoded)",
		    LOCKDEC_YALE_YALE_ID);
	else
		snprintf(out->evidence, sizeof out->evidence,
		    "August/Yale service UUID 0x%04x advertised",
		    LOCKDEC_YALE_UUID);
	return true;
}

const struct lockdec lockdec_yale = {
	.name = "yale",
	.rank = LOCKDEC_VENDOR,
	.decode = lockdec_yale_decode,
};
