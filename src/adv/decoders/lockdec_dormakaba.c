/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_dormakaba.c - dormakaba dKey locks (Bluetooth cylinders),
 * recognised (no more) by the dKey service e7a60000-6639-429f-94fd-
 * 86de8ea26897, or its characteristic e7a60001-..., in the advertised
 * UUID list.  Family "dormakaba".
 *
 * Sources: home-assistant/core:homeassistant/components/dormakaba_dkey/
 * manifest.json@399ef3b (Home Assistant discovers a dKey by either
 * service_uuid) and tests/components/dormakaba_dkey/__init__.py@f92f285
 * (DKEY_DISCOVERY_INFO: a lock named "00123456" advertising the
 * service, NOT_DKEY_DISCOVERY_INFO: other makers' data, not a dKey);
 * the service is the one py-dormakaba-dkey connects to (SERVICE_UUID,
 * with the characteristics ...0001 to the lock and ...0002 from it).
 *
 * Deliberately not done: pairing state, battery and bolt are not in the
 * advertisement (the library reads them over an authenticated session
 * after association with an activation code); no model.
 */
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"

/* e7a60000-6639-429f-94fd-86de8ea26897 as it is on air (LE). */
static const uint8_t lockdec_dormakaba_uuid[16] = {
	0x97, 0x68, 0xa2, 0x8e, 0xde, 0x86, 0xfd, 0x94,
	0x9f, 0x42, 0x39, 0x66, 0x00, 0x00, 0xa6, 0xe7,
};
#define LOCKDEC_DORMAKABA_VAR	12	/* the octet ...0000 / ...0001 */

static bool
lockdec_dormakaba_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	const struct ad_uuid	*u;
	size_t			 i;

	(void)addr;
	for (i = 0; i < ad->n_uuids && i < AD_MAX_UUIDS; i++) {
		u = &ad->uuids[i];
		if (u->len != 16 || u->b[LOCKDEC_DORMAKABA_VAR] > 0x01 ||
		    memcmp(u->b, lockdec_dormakaba_uuid,
		    LOCKDEC_DORMAKABA_VAR) != 0 ||
		    memcmp(u->b + LOCKDEC_DORMAKABA_VAR + 1,
		    lockdec_dormakaba_uuid + LOCKDEC_DORMAKABA_VAR + 1,
		    16 - LOCKDEC_DORMAKABA_VAR - 1) != 0)
			continue;
		out->is_lock = true;
		out->family = "dormakaba";
		out->vendor = "dormakaba (dKey)";
		snprintf(out->evidence, sizeof out->evidence, "dormakaba dKey "
		    "service e7a6000%u", (unsigned)u->b[LOCKDEC_DORMAKABA_VAR]);
		return true;
	}
	return false;
}

const struct lockdec lockdec_dormakaba = {
	.name = "dormakaba",
	.rank = LOCKDEC_VENDOR,
	.decode = lockdec_dormakaba_decode,
};
