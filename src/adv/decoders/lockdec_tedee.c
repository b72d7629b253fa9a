/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_tedee.c - Tedee locks: the Tedee lock service UUID
 * 00000002-4899-489f-a301-fbee544b1db0 (scan response) and/or the
 * per-lock "serial number service" UUID (main advertisement).  Family
 * "tedee".
 *
 * Source: the vendor's documentation, tedee-com/tedee-lock-ble-api-doc:
 * docs/source/ble/advertisement.rst@33f83ee and services.rst@2489ae3:
 * the main packet holds the serial number service
 * "xxxx0000-xxxx-xxxx-xx00-000000000000" where each x is a digit of the
 * lock's serial number; the scan response holds the Tedee lock service
 * and the name "Lock-YYZZ".  The digit order (14 digits, dash dropped)
 * is confirmed by meltingice1337/tedee_ble:custom_components/tedee_ble/
 * tedee_lib/ble.py (serial_to_service_uuid).
 *
 * The serial pattern alone is accepted: 14 decimal digits in fixed
 * places with 18 zero nibbles around them; an all-zero serial is not.
 * The name alone is not (many locks call themselves "Lock-...").
 *
 * Deliberately not done: the advertisement carries no pairing state, no
 * lock state and no battery (GET_BATTERY needs a PTLS session), so
 * pairing_state stays NULL; no model (the serial-to-model mapping used
 * by third-party integrations is a heuristic, not documented).
 */
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"

#define LOCKDEC_TEDEE_SERIAL_DIGITS	14

/* 00000002-4899-489f-a301-fbee544b1db0 as it is on air (LE). */
static const struct ad_uuid lockdec_tedee_lock_uuid = {
	.len = 16,
	.b = { 0xb0, 0x1d, 0x4b, 0x54, 0xee, 0xfb, 0x01, 0xa3,
	    0x9f, 0x48, 0x99, 0x48, 0x02, 0x00, 0x00, 0x00 },
};

/*
 * Match "xxxx0000-xxxx-xxxx-xx00-000000000000" (x a decimal digit) and
 * write the 14 digits to serial.  In big-endian byte order the digits
 * are bytes 0-1 and 4-8; bytes 2-3 and 9-15 are zero.
 */
static bool
lockdec_tedee_serial(const struct ad_uuid *u,
    char serial[LOCKDEC_TEDEE_SERIAL_DIGITS + 1])
{
	static const uint8_t	digit_bytes[] = { 0, 1, 4, 5, 6, 7, 8 };
	static const uint8_t	zero_bytes[] = { 2, 3, 9, 10, 11, 12, 13, 14,
	    15 };
	size_t			i, n = 0;
	uint8_t			b, any = 0;

	if (u->len != 16)
		return false;
	for (i = 0; i < sizeof zero_bytes; i++)
		if (u->b[15 - zero_bytes[i]] != 0)
			return false;
	for (i = 0; i < sizeof digit_bytes; i++) {
		b = u->b[15 - digit_bytes[i]];
		if ((b >> 4) > 9 || (b & 0x0f) > 9)
			return false;
		any |= b;
		serial[n++] = (char)('0' + (b >> 4));
		serial[n++] = (char)('0' + (b & 0x0f));
	}
	serial[n] = '\0';
	return any != 0;
}

static bool
lockdec_tedee_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	char	serial[LOCKDEC_TEDEE_SERIAL_DIGITS + 1];
	bool	svc = false, sn = false;
	size_t	i;

	(void)addr;
	for (i = 0; i < ad->n_uuids && i < AD_MAX_UUIDS; i++) {
		if (ad_uuid_eq(&ad->uuids[i], &lockdec_tedee_lock_uuid))
			svc = true;
		else if (!sn && lockdec_tedee_serial(&ad->uuids[i], serial))
			sn = true;
	}
	for (i = 0; i < ad->n_svcdata && i < AD_MAX_SVCDATA; i++)
		if (ad_uuid_eq(&ad->svcdata[i].uuid, &lockdec_tedee_lock_uuid))
			svc = true;
	if (!svc && !sn)
		return false;
	out->is_lock = true;
	out->family = "tedee";
	out->vendor = "Tedee";
	if (sn)
		snprintf(out->evidence, sizeof out->evidence,
		    "Tedee serial number service (serial %s)%s", serial,
		    svc ? " and Tedee lock service" : "");
	else
		snprintf(out->evidence, sizeof out->evidence,
		    "Tedee lock service advertised");
	return true;
}

const struct lockdec lockdec_tedee = {
	.name = "tedee",
	.rank = LOCKDEC_VENDOR,
	.decode = lockdec_tedee_decode,
};
