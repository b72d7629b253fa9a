/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_ultraloq.c - U-tec Ultraloq locks, recognised (no more) by
 * the U-tec lock GATT service 0x7200 in the advertised UUID list, or by
 * a local name starting "U-Bolt", "UL3", "UL1" or "Ultraloq".  Family
 * "ultraloq".
 *
 * Sources: the service UUID is U-tec's lock service as used by
 * inventor7777/ultraloq-ble-ha:custom_components/ultraloq_ble/utecio/
 * enums.py (ServiceUUID.LOCK 00007200-..., data characteristic 0x7201,
 * key characteristics 0x7220/0x7221/0x7223; snapshot @407fefc, and the
 * later @3bf9993 keeps the characteristics).  No public advertisement
 * decoder exists and no public source lists the names Ultraloq locks
 * advertise: the name patterns are lockscope's own heuristic, not a
 * documented format (the search for one found none).  The evidence
 * says "heuristic" when only the name matched.
 *
 * Deliberately not done: pairing state (NULL: nothing in the advert is
 * known to carry it), battery (U-tec reports a 0-3 level over an
 * authenticated session), model (a name prefix is not a model).
 *
 * Vectors from other projects: searched again in December 2026 (Home
 * Assistant integrations and tests including
 * inventor7777/ultraloq-ble-ha, ESPHome components, python and JS
 * libraries, published captures): none found.
 */
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"
#include "util/text.h"

#define LOCKDEC_ULTRALOQ_UUID	0x7200

/* Bluetooth Base UUID, LE, less the 16-bit value at bytes 12-13. */
static const uint8_t lockdec_ultraloq_base[12] = {
	0xfb, 0x34, 0x9b, 0x5f, 0x80, 0x00, 0x00, 0x80, 0x00, 0x10, 0x00, 0x00,
};

static const char *const lockdec_ultraloq_names[] = {
	"U-Bolt", "UL3", "UL1", "Ultraloq",
};

static bool
lockdec_ultraloq_has_uuid(const struct ad_info *ad)
{
	const struct ad_uuid	*u;
	uint8_t			 lo = LOCKDEC_ULTRALOQ_UUID & 0xff;
	uint8_t			 hi = LOCKDEC_ULTRALOQ_UUID >> 8;
	size_t			 i;

	for (i = 0; i < ad->n_uuids && i < AD_MAX_UUIDS; i++) {
		u = &ad->uuids[i];
		if (u->len == 2 && u->b[0] == lo && u->b[1] == hi)
			return true;
		if (u->len == 16 &&
		    memcmp(u->b, lockdec_ultraloq_base, 12) == 0 &&
		    u->b[12] == lo && u->b[13] == hi && u->b[14] == 0 &&
		    u->b[15] == 0)
			return true;
	}
	return false;
}

static bool
lockdec_ultraloq_name(const struct ad_info *ad)
{
	size_t	i, k, n;

	if (!ad->has_name)
		return false;
	n = ad->name_len < AD_NAME_MAX ? ad->name_len : AD_NAME_MAX;
	for (i = 0; i < sizeof lockdec_ultraloq_names /
	    sizeof lockdec_ultraloq_names[0]; i++) {
		k = strlen(lockdec_ultraloq_names[i]);
		if (n >= k &&
		    memcmp(ad->name, lockdec_ultraloq_names[i], k) == 0)
			return true;
	}
	return false;
}

static bool
lockdec_ultraloq_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	char	name[41];
	bool	uuid, byname;

	(void)addr;
	uuid = lockdec_ultraloq_has_uuid(ad);
	byname = lockdec_ultraloq_name(ad);
	if (!uuid && !byname)
		return false;
	out->is_lock = true;
	out->family = "ultraloq";
	out->vendor = "U-tec (Ultraloq)";
	if (uuid) {
		snprintf(out->evidence, sizeof out->evidence,
		    "U-tec lock service 0x%04x advertised",
		    LOCKDEC_ULTRALOQ_UUID);
	} else {
		text_sanitize(ad->name, ad->name_len < AD_NAME_MAX ?
		    ad->name_len : AD_NAME_MAX, name, sizeof name);
		snprintf(out->evidence, sizeof out->evidence,
		    "name \"%s\" looks like an Ultraloq (name heuristic)",
		    name);
	}
	return true;
}

const struct lockdec lockdec_ultraloq = {
	.name = "ultraloq",
	.rank = LOCKDEC_VENDOR,
	.decode = lockdec_ultraloq_decode,
};
