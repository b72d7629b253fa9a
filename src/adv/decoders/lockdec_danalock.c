/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_danalock.c - Danalock V3 (Poly-Control): presence only.  The
 * lock broadcasts its state under company ID 0x01C8 (Poly-Control ApS,
 * Bluetooth Assigned Numbers §7 via NordicSemiconductor/bluetooth-
 * numbers-database:v1/company_ids.json@5387e83), encrypted with a
 * per-lock broadcast key that only the owner's cloud account holds.
 * Family "danalock".
 *
 * Source: Chreece/danalock-ble-ha-integration:custom_components/
 * danalock_ble/const.py@7be5d7c (MANUFACTURER_ID = 456),
 * custom_components/danalock_ble/broadcast.py@7be5d7c (each payload is
 * tried against the configured broadcast keys with pydanalock's
 * parse_broadcast), specs/0003-broadcast-monitor.md@7be5d7c ("24-byte
 * payload", AES-CBC) and the test builder tests/conftest.py@7be5d7c
 * (make_broadcast_payload: version byte 0x02, 6-byte serial, 0x00, 16
 * bytes of AES-CBC ciphertext holding counter, flags, battery and lock
 * flags).
 *
 * Reported: the family, that the payload is encrypted, and the format
 * version when the payload has the documented 24 bytes.  Pairing is
 * NULL: the broadcast is encrypted with a per-lock key and says nothing
 * readable about it.  Deliberately not done: the clear serial (the
 * source only builds it in a test helper) and any decryption.
 * Poly-Control's other products (keypad, bridge) are not known to use
 * this broadcast; if they do they would be reported as locks too.
 */
#include <stdio.h>

#include "adv/decoders/lockdec.h"

#define LOCKDEC_DANALOCK_COMPANY	0x01c8
#define LOCKDEC_DANALOCK_LEN		24	/* spec 0003 */

static bool
lockdec_danalock_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	const struct ad_mfr	*m;

	(void)addr;
	m = ad_find_mfr(ad, LOCKDEC_DANALOCK_COMPANY);
	if (m == NULL)
		return false;
	out->is_lock = true;
	out->family = "danalock";
	out->vendor = "Danalock (Poly-Control)";
	out->encrypted = true;
	if (m->len == LOCKDEC_DANALOCK_LEN)
		snprintf(out->protocol, sizeof out->protocol,
		    "Danalock broadcast v%u", (unsigned)m->data[0]);
	snprintf(out->evidence, sizeof out->evidence,
	    "Danalock broadcast encrypted with a per-lock key (payload "
	    "encrypted, %u bytes)", (unsigned)m->len);
	return true;
}

const struct lockdec lockdec_danalock = {
	.name = "danalock",
	.rank = LOCKDEC_VENDOR,
	.decode = lockdec_danalock_decode,
};
