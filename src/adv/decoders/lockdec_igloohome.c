/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_igloohome.c - igloohome locks, padlocks and key boxes,
 * recognised by their company ID 0x05BA (Igloohome Pte Ltd, Bluetooth
 * Assigned Numbers §7 via NordicSemiconductor/bluetooth-numbers-
 * database:v1/company_ids.json@5387e83).  Family "igloohome".
 *
 * No open decoder of igloohome's manufacturer data was found, so only
 * presence is reported: no pairing state (NULL), battery, lock state or
 * model, and the payload itself is not read.
 *
 * Vectors from other projects: searched again in December 2026 (Home
 * Assistant integrations and tests, ESPHome components, python and JS
 * libraries, igloohome's developer documents, published captures):
 * none found.
 */
#include <stdio.h>

#include "adv/decoders/lockdec.h"

#define LOCKDEC_IGLOOHOME_COMPANY	0x05ba

static bool
lockdec_igloohome_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	(void)addr;
	if (ad_find_mfr(ad, LOCKDEC_IGLOOHOME_COMPANY) == NULL)
		return false;
	out->is_lock = true;
	out->family = "igloohome";
	out->vendor = "igloohome";
	snprintf(out->evidence, sizeof out->evidence,
	    "manufacturer data from igloohome (company 0x%04x); layout not "
	    "public", LOCKDEC_IGLOOHOME_COMPANY);
	return true;
}

const struct lockdec lockdec_igloohome = {
	.name = "igloohome",
	.rank = LOCKDEC_VENDOR,
	.decode = lockdec_igloohome_decode,
};
