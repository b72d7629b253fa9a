/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_noke.c - Nokē padlocks and U-locks, recognised (no more) by
 * company ID 0x038B, the Noke service 1bc50001-0200-d29e-e511-
 * 446c609db825 in the advertised UUID list, or a local name starting
 * "NOKE" ("NOKE06_<MAC>": hardware version, then the MAC).
 * Family "noke".
 *
 * Sources: noke-inc/noke-mobile-library-android:nokemobilelibrary/src/
 * main/java/com/noke/nokemobilelibrary/NokeDefines.java@01f0e24
 * (NOKE_DEVICE_IDENTIFER_STRING "NOKE", RX_SERVICE_UUID 1bc50001-...,
 * hardware types "2P", "3P", "2U", "2I"...) and
 * NokeDeviceManagerService.java@25f4d6b (a device is a Noke when its
 * name contains "NOKE") and NokeDevice.java@a9bc98c (getVersion: the
 * hardware version is name[4:6]; the MAC is in the name); company ID
 * from Bluetooth Assigned Numbers §7 (NordicSemiconductor/bluetooth-
 * numbers-database:v1/company_ids.json@5387e83).
 *
 * Deliberately not done: pairing state (NULL: not advertised), and the
 * manufacturer bytes the Android library reads for some hardware
 * versions (version, a lock-state bit field per model): their meaning
 * depends on the hardware version in the name and is not documented
 * beyond that code.  Noke's key fobs are named "NFOB..." and are not
 * matched by name.
 *
 * Vectors from other projects: searched again in December 2026 (Home
 * Assistant integrations and tests, ESPHome components, python and JS
 * libraries, Noke's mobile libraries, published captures): none found.
 */
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"
#include "util/text.h"

#define LOCKDEC_NOKE_COMPANY	0x038b
#define LOCKDEC_NOKE_NAME	"NOKE"

/* 1bc50001-0200-d29e-e511-446c609db825 as it is on air (LE). */
static const struct ad_uuid lockdec_noke_uuid = {
	.len = 16,
	.b = { 0x25, 0xb8, 0x9d, 0x60, 0x6c, 0x44, 0x11, 0xe5,
	    0x9e, 0xd2, 0x00, 0x02, 0x01, 0x00, 0xc5, 0x1b },
};

static bool
lockdec_noke_has_uuid(const struct ad_info *ad)
{
	size_t	i;

	for (i = 0; i < ad->n_uuids && i < AD_MAX_UUIDS; i++)
		if (ad_uuid_eq(&ad->uuids[i], &lockdec_noke_uuid))
			return true;
	return false;
}

static bool
lockdec_noke_name(const struct ad_info *ad)
{
	size_t	k = sizeof LOCKDEC_NOKE_NAME - 1;

	return ad->has_name && ad->name_len >= k &&
	    memcmp(ad->name, LOCKDEC_NOKE_NAME, k) == 0;
}

static bool
lockdec_noke_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	char	name[41], seen[96];
	bool	mfr, uuid, byname;
	size_t	n = 0;

	(void)addr;
	mfr = ad_find_mfr(ad, LOCKDEC_NOKE_COMPANY) != NULL;
	uuid = lockdec_noke_has_uuid(ad);
	byname = lockdec_noke_name(ad);
	if (!mfr && !uuid && !byname)
		return false;
	out->is_lock = true;
	out->family = "noke";
	out->vendor = "Noke";
	seen[0] = '\0';
	if (mfr)
		n += (size_t)snprintf(seen + n, sizeof seen - n,
		    "company 0x%04x", LOCKDEC_NOKE_COMPANY);
	if (uuid)
		n += (size_t)snprintf(seen + n, sizeof seen - n,
		    "%sNoke service 1bc50001", n > 0 ? ", " : "");
	if (byname && n < sizeof seen) {
		text_sanitize(ad->name, ad->name_len < AD_NAME_MAX ?
		    ad->name_len : AD_NAME_MAX, name, sizeof name);
		snprintf(seen + n, sizeof seen - n, "%sname \"%s\"",
		    n > 0 ? ", " : "", name);
	}
	snprintf(out->evidence, sizeof out->evidence, "Noke lock: %s", seen);
	return true;
}

const struct lockdec lockdec_noke = {
	.name = "noke",
	.rank = LOCKDEC_VENDOR,
	.decode = lockdec_noke_decode,
};
