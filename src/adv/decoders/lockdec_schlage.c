/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_schlage.c - Schlage Sense (Allegion) on its own BLE protocol:
 * company ID 0x013B and/or the Sense service
 * 883f45ec-14cb-46aa-9864-9a4e782b33d0.  Family "schlage".
 *
 * Source: nothingisdead/sensa:src/SenseLock.js@38ce8dd (COMPANY_ID,
 * SERVICE_UUID) and src/util/getSenseScanFilter.js@38ce8dd, a Web
 * Bluetooth scan filter: to find paired locks it matches the
 * manufacturer data (after the company ID) against prefix 00 00 00 02
 * with mask 00 00 00 ff, i.e. byte[3] == 0x02; its other branch matches
 * byte[3] == 0x01.
 *
 *   mfr[0x013B][3]: 0x02 paired; 0x00 / 0x01 not paired
 *
 * This is inferred from a scan filter, not from a decoder or from
 * captures, and has not been verified on hardware; the evidence says so.
 * A byte[3] other than 0x00-0x02 is outside what the source shows and is
 * reported as unknown (NULL), not as unpaired.  By design (lockscope(1))
 * the company ID alone (without the Sense service) also applies the
 * flag; the evidence then says "no Sense UUID", because Allegion uses
 * 0x013B on other products too.
 *
 * Deliberately not done: lock state and battery (sensa reads them over
 * an authenticated EAX session); Schlage models that advertise HomeKit
 * or Matter are handled by those decoders.
 *
 * Vectors from other projects: searched again in December 2026 (Home
 * Assistant integrations and tests, ESPHome components, python and JS
 * libraries, vendor documents, published captures): none found; the
 * only public description is nothingisdead/sensa's scan filter.
 */
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"
#include "util/cursor.h"

#define LOCKDEC_SCHLAGE_COMPANY	0x013b
#define LOCKDEC_SCHLAGE_FLAG_OFF	3
#define LOCKDEC_SCHLAGE_PAIRED	0x02
#define LOCKDEC_SCHLAGE_SOURCE \
	"Web Bluetooth scan filter, not verified on hardware"

/* 883f45ec-14cb-46aa-9864-9a4e782b33d0 as it is on air (LE). */
static const struct ad_uuid lockdec_schlage_sense_uuid = {
	.len = 16,
	.b = { 0xd0, 0x33, 0x2b, 0x78, 0x4e, 0x9a, 0x64, 0x98,
	    0xaa, 0x46, 0xcb, 0x14, 0xec, 0x45, 0x3f, 0x88 },
};

static bool
lockdec_schlage_has_uuid(const struct ad_info *ad)
{
	size_t	i;

	for (i = 0; i < ad->n_uuids && i < AD_MAX_UUIDS; i++)
		if (ad_uuid_eq(&ad->uuids[i], &lockdec_schlage_sense_uuid))
			return true;
	for (i = 0; i < ad->n_svcdata && i < AD_MAX_SVCDATA; i++)
		if (ad_uuid_eq(&ad->svcdata[i].uuid,
		    &lockdec_schlage_sense_uuid))
			return true;
	return false;
}

static void
lockdec_schlage_flag(const struct ad_mfr *m, bool uuid,
    struct lockdec_out *out)
{
	const char	*where = uuid ? "" : "; no Sense UUID";
	struct cur	 c;
	uint8_t		 flag;

	cur_init(&c, m->data, m->len);
	cur_skip(&c, LOCKDEC_SCHLAGE_FLAG_OFF);
	flag = cur_u8(&c);
	if (!cur_ok(&c)) {
		snprintf(out->evidence, sizeof out->evidence,
		    "Allegion manufacturer data (company 0x%04x) too short "
		    "for the Sense flag (%u bytes)%s", LOCKDEC_SCHLAGE_COMPANY,
		    (unsigned)m->len, where);
		return;
	}
	switch (flag) {
	case LOCKDEC_SCHLAGE_PAIRED:
		out->pairing_state = LOCKDEC_PAIRED;
		snprintf(out->evidence, sizeof out->evidence,
		    "Schlage Sense flag (unverified layout): paired (%s)%s",
		    LOCKDEC_SCHLAGE_SOURCE, where);
		break;
	case 0x00:
	case 0x01:
		out->pairing_state = LOCKDEC_UNPAIRED;
		snprintf(out->evidence, sizeof out->evidence,
		    "Schlage Sense flag (unverified layout): not paired "
		    "(%s)%s", LOCKDEC_SCHLAGE_SOURCE, where);
		break;
	default:
		snprintf(out->evidence, sizeof out->evidence,
		    "Schlage Sense flag 0x%02x: meaning unknown (unverified "
		    "layout)%s", (unsigned)flag, where);
		break;
	}
}

static bool
lockdec_schlage_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	const struct ad_mfr	*m;
	bool			 uuid;

	(void)addr;
	m = ad_find_mfr(ad, LOCKDEC_SCHLAGE_COMPANY);
	uuid = lockdec_schlage_has_uuid(ad);
	if (m == NULL && !uuid)
		return false;
	out->is_lock = true;
	out->family = "schlage";
	out->vendor = "Schlage (Allegion)";
	if (uuid)
		snprintf(out->model, sizeof out->model, "Sense");
	if (m != NULL)
		lockdec_schlage_flag(m, uuid, out);
	else
		snprintf(out->evidence, sizeof out->evidence,
		    "Schlage Sense service advertised (no Allegion "
		    "manufacturer data)");
	return true;
}

const struct lockdec lockdec_schlage = {
	.name = "schlage",
	.rank = LOCKDEC_VENDOR,
	.decode = lockdec_schlage_decode,
};
