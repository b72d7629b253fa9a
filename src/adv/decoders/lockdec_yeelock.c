/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_yeelock.c - Yeelock (易锁宝, Yeeloc) cabinet and drawer locks,
 * recognised (no more) by the Yeelock service 58af3dca-6fc0-4fa3-9464-
 * 74662f043a39 or one of its characteristics ...3a3a / ...3a3b in the
 * advertised UUID list, or by a local name starting "EL_" (the lock's
 * serial number follows).  Family "yeelock".
 *
 * Sources: cnrd/yeelock:btsnoop_hci.log@2d713d7, an Android HCI log of
 * the Yeelock app: the lock advertises flags 06 and the 128-bit service
 * ...3a39 (complete list), and answers a scan with the complete name
 * "EL_B0PUmFAH", the serial printed on its QR sticker (README.md);
 * codyc1515/ha-yeelock:custom_components/yeelock/manifest.json@8834788
 * (Home Assistant matches local_name "EL_*" or service_uuid ...3a3b or
 * ...3a3a) and const.py (command ...3a3b, notify ...3a3a).
 *
 * Deliberately not done: pairing state, battery and bolt (not
 * advertised: the app reads the battery over an encrypted command,
 * ha-yeelock device.py), and the model (the advertisement does not say
 * which Yeelock it is).
 */
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"
#include "util/text.h"

#define LOCKDEC_YEELOCK_NAME	"EL_"

/*
 * 58af3dca-6fc0-4fa3-9464-74662f043a39 as it is on air (LE); the
 * characteristics differ in the last octet of the text (first on air).
 */
static const uint8_t lockdec_yeelock_uuid[16] = {
	0x39, 0x3a, 0x04, 0x2f, 0x66, 0x74, 0x64, 0x94,
	0xa3, 0x4f, 0xc0, 0x6f, 0xca, 0x3d, 0xaf, 0x58,
};

/* Service ...3a39, notify ...3a3a, command ...3a3b. */
static bool
lockdec_yeelock_has_uuid(const struct ad_info *ad)
{
	const struct ad_uuid	*u;
	size_t			 i;

	for (i = 0; i < ad->n_uuids && i < AD_MAX_UUIDS; i++) {
		u = &ad->uuids[i];
		if (u->len == 16 && u->b[0] >= 0x39 && u->b[0] <= 0x3b &&
		    memcmp(u->b + 1, lockdec_yeelock_uuid + 1, 15) == 0)
			return true;
	}
	return false;
}

static bool
lockdec_yeelock_name(const struct ad_info *ad)
{
	size_t	k = sizeof LOCKDEC_YEELOCK_NAME - 1;

	return ad->has_name && ad->name_len > k &&
	    memcmp(ad->name, LOCKDEC_YEELOCK_NAME, k) == 0;
}

static bool
lockdec_yeelock_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	char	name[41];
	bool	uuid, byname;

	(void)addr;
	uuid = lockdec_yeelock_has_uuid(ad);
	byname = lockdec_yeelock_name(ad);
	if (!uuid && !byname)
		return false;
	out->is_lock = true;
	out->family = "yeelock";
	out->vendor = "Yeelock";
	if (!byname) {
		snprintf(out->evidence, sizeof out->evidence,
		    "Yeelock lock: Yeelock service 58af3dca");
		return true;
	}
	text_sanitize(ad->name, ad->name_len < AD_NAME_MAX ? ad->name_len :
	    AD_NAME_MAX, name, sizeof name);
	snprintf(out->evidence, sizeof out->evidence, "Yeelock lock: %sname "
	    "\"%s\"", uuid ? "Yeelock service 58af3dca, " : "", name);
	return true;
}

const struct lockdec lockdec_yeelock = {
	.name = "yeelock",
	.rank = LOCKDEC_VENDOR,
	.decode = lockdec_yeelock_decode,
};
