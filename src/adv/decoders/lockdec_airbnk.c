/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_airbnk.c - Airbnk / WeLock / Seamooncloud locks: firmware
 * version, serial, battery voltage and lock state, all sent in clear in
 * manufacturer data under the "company" 0xBABA (not assigned by the
 * SIG: the payload simply starts BA BA, so the entry is marked
 * not_company), and/or the service UUID 0xABAB in the advertised list.
 * The firmware version fills the device's firmware.  Family "airbnk".
 *
 * Source: Moballo-LLC/pyairbnk:src/pyairbnk/protocol.py@37e0f64
 * (parse_advertisement_data, describe_advert_state_bits) and
 * src/pyairbnk/const.py@37e0f64 (MANUFACTURER_ID_AIRBNK 0xBABA,
 * AIRBNK_ADV_SERVICE_UUID 0xABAB).  After the BA BA prefix, with at
 * least 22 bytes:
 *
 *   [0] board model   [2..4] firmware major.minor.patch
 *   [5:14] serial, ASCII, NUL-padded
 *   [14:16] battery voltage, big-endian, units of 0.01 V
 *   [16:20] lock-event counter BE   [21] battery flags (bit 4 low)
 *   [20] state flags: bits 4-5 0 unlocked / 1 locked / 2 jammed /
 *        3 "operating or unknown"; bit 7 "opens clockwise" swaps
 *        locked and unlocked
 *
 * The advert says nothing about pairing (NULL).  A voltage of 0 or
 * above 12 V is not a lock battery and is not reported; state 3 is left
 * unknown.  Deliberately not done: pyairbnk's fallback that accepts a
 * BA BA payload under any company ID (that would let an Apple advert
 * starting BA BA pass), and the battery percentage (pyairbnk needs a
 * per-model voltage profile from the cloud).
 */
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"
#include "util/cursor.h"

#define LOCKDEC_AIRBNK_COMPANY	0xbaba
#define LOCKDEC_AIRBNK_UUID	0xabab
#define LOCKDEC_AIRBNK_MIN	22	/* pyairbnk: shorter fails */
#define LOCKDEC_AIRBNK_SERIAL	9
#define LOCKDEC_AIRBNK_MV_MAX	12000
#define LOCKDEC_AIRBNK_CW	0x80
#define LOCKDEC_AIRBNK_LOWBATT	0x10

/* Bluetooth Base UUID 0000xxxx-0000-1000-8000-00805f9b34fb, LE, less
   the 16-bit value at bytes 12-13. */
static const uint8_t lockdec_airbnk_base[12] = {
	0xfb, 0x34, 0x9b, 0x5f, 0x80, 0x00, 0x00, 0x80, 0x00, 0x10, 0x00, 0x00,
};

static bool
lockdec_airbnk_has_uuid(const struct ad_info *ad)
{
	const struct ad_uuid	*u;
	size_t			 i;

	for (i = 0; i < ad->n_uuids && i < AD_MAX_UUIDS; i++) {
		u = &ad->uuids[i];
		if (u->len == 2 && u->b[0] == 0xab && u->b[1] == 0xab)
			return true;
		if (u->len == 16 &&
		    memcmp(u->b, lockdec_airbnk_base, 12) == 0 &&
		    u->b[12] == 0xab && u->b[13] == 0xab && u->b[14] == 0 &&
		    u->b[15] == 0)
			return true;
	}
	return false;
}

static const char *
lockdec_airbnk_state(uint8_t flags)
{
	bool	cw = (flags & LOCKDEC_AIRBNK_CW) != 0;

	switch ((flags >> 4) & 0x03) {
	case 0:
		return cw ? "locked" : "unlocked";
	case 1:
		return cw ? "unlocked" : "locked";
	case 2:
		return "jammed";
	default:
		return "";
	}
}

/* The serial as printable ASCII, up to the first NUL. */
static void
lockdec_airbnk_serial(const uint8_t *p, char *out, size_t cap)
{
	size_t	i;

	for (i = 0; i < LOCKDEC_AIRBNK_SERIAL && i + 1 < cap && p[i] != 0;
	    i++)
		out[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
	out[i] = '\0';
}

static void
lockdec_airbnk_payload(const struct ad_mfr *m, struct lockdec_out *out)
{
	struct cur	 c;
	const uint8_t	*fw, *sn;
	char		 serial[LOCKDEC_AIRBNK_SERIAL + 1];
	uint16_t	 cv;
	uint8_t		 board, st, bf;

	cur_init(&c, m->data, m->len);
	board = cur_u8(&c);
	cur_skip(&c, 1);
	fw = cur_take(&c, 3);
	sn = cur_take(&c, LOCKDEC_AIRBNK_SERIAL);
	cv = cur_be16(&c);
	cur_skip(&c, 4);		/* lock-event counter */
	st = cur_u8(&c);
	bf = cur_u8(&c);
	if (!cur_ok(&c)) {
		snprintf(out->evidence, sizeof out->evidence,
		    "Airbnk manufacturer data too short (%u bytes, want %d)",
		    (unsigned)m->len, LOCKDEC_AIRBNK_MIN);
		return;
	}
	snprintf(out->protocol, sizeof out->protocol, "fw %u.%u.%u",
	    (unsigned)fw[0], (unsigned)fw[1], (unsigned)fw[2]);
	snprintf(out->firmware, sizeof out->firmware, "%u.%u.%u",
	    (unsigned)fw[0], (unsigned)fw[1], (unsigned)fw[2]);
	lockdec_airbnk_serial(sn, serial, sizeof serial);
	snprintf(out->model, sizeof out->model, "%s", serial);
	if (cv > 0 && cv * 10 <= LOCKDEC_AIRBNK_MV_MAX)
		out->battery_mv = cv * 10;
	snprintf(out->lock_state, sizeof out->lock_state, "%s",
	    lockdec_airbnk_state(st));
	snprintf(out->evidence, sizeof out->evidence,
	    "Airbnk advert (board 0x%02x, serial %s)%s", (unsigned)board,
	    serial[0] != '\0' ? serial : "none",
	    (bf & LOCKDEC_AIRBNK_LOWBATT) ? "; low-battery flag set" : "");
}

static bool
lockdec_airbnk_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	const struct ad_mfr	*m;

	(void)addr;
	m = ad_find_mfr(ad, LOCKDEC_AIRBNK_COMPANY);
	if (m == NULL && !lockdec_airbnk_has_uuid(ad))
		return false;
	out->is_lock = true;
	out->family = "airbnk";
	out->vendor = "Airbnk (WeLock)";
	if (m != NULL) {
		/* BA BA starts the payload: no SIG company ID. */
		out->not_company = 1 + (int)(m - ad->mfr);
		lockdec_airbnk_payload(m, out);
	}
	else
		snprintf(out->evidence, sizeof out->evidence,
		    "Airbnk service UUID 0x%04x advertised (no manufacturer "
		    "data)", LOCKDEC_AIRBNK_UUID);
	return true;
}

const struct lockdec lockdec_airbnk = {
	.name = "airbnk",
	.rank = LOCKDEC_VENDOR,
	.decode = lockdec_airbnk_decode,
};
