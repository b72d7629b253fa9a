/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_tuya.c - Tuya BLE devices (the OEM platform behind many
 * white-label locks): the bound-to-an-account flag, the protocol version
 * and the product ID from the advertisement.  Family "tuya".
 *
 * Sources:
 *  - PlusPlus-ua/ha_tuya_ble:custom_components/tuya_ble/tuya_ble/
 *    tuya_ble.py@1212f74 (_decode_advertisement_data) and const.py@fc65e44
 *    (SERVICE_UUID 0xA201, MANUFACTURER_DATA_ID 0x07D0): manufacturer
 *    data longer than 6 bytes, mfr[0] bit 7 = is_bound, mfr[1] =
 *    protocol version, mfr[6:] = device UUID encrypted with AES-CBC;
 *    service data 0xA201 byte 0 == 0 means the product ID follows.
 *  - The device side, Tuya's own SDK: tuya/tuya-ble-sdk:sdk/src/
 *    tuya_ble_main.c@ca930a3 (also TuyaInc/tuya_ble_sdk@584bf72),
 *    tuya_ble_adv_change().  Protocol 3 advertises service data 0xA201
 *    {id type, product ID} and puts {flags (bit 7 bound), protocol
 *    version (3), encryption mode, communication ability (2), data type,
 *    encrypted device ID (16)} in the scan response under 0x07D0.
 *    Protocol 4 advertises service data 0xFD50 {frame control (2; byte 0
 *    bit 3 bound, bit 2 shared, bit 1 connect request), id type, id
 *    length, product ID} and its 0x07D0 data starts with the encryption
 *    mode: there is no bound flag in mfr[0] any more.
 *
 * So the bound flag is read from 0xFD50 byte 0 bit 3 when 0xFD50 is
 * present (protocol 4), and from mfr[0] bit 7 only for a protocol 3
 * layout (0xA201 present, or mfr[1] == 3): reading mfr[0] bit 7 of a
 * protocol 4 device would call every bound lock "not bound".  Without
 * the scan response a protocol 3 advert carries no bound flag (NULL).
 * When a device is bound the SDK replaces the product ID with
 * ciphertext, so the product ID is shown only for an unbound device and
 * only when it is all letters and digits.
 *
 * The advert cannot tell a lock from any other Tuya product (the
 * category is in the cloud, state and battery in encrypted data points
 * over GATT), so every Tuya device is reported as a lock and the
 * evidence says so.  Deliberately not done: decrypting the device UUID
 * (mfr[6:]; key = IV = MD5(product ID)); Tuya mesh and Wi-Fi+BLE combo
 * adverts that use other layouts.
 *
 * Vectors from other projects: searched again in December 2026 (Home
 * Assistant integrations and their tests, PlusPlus-ua/ha_tuya_ble,
 * ESPHome components, python and JS libraries, Tuya's BLE SDK and
 * documents, published captures): no project publishes the bytes of a
 * Tuya lock's advertisement with what it asserts about them, and the
 * SDK's adv_data_const / scan_rsp_data_const hold placeholders, not a
 * lock's product ID.  The unit tests build their vectors to the SDK
 * layout (tests/unit/test_lockdec_tuya.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"
#include "util/cursor.h"

#define LOCKDEC_TUYA_COMPANY	0x07d0
#define LOCKDEC_TUYA_SVC_V3	0xa201
#define LOCKDEC_TUYA_SVC_V4	0xfd50
#define LOCKDEC_TUYA_MFR_MIN	7	/* ha_tuya_ble: len > 6 */
#define LOCKDEC_TUYA_V3_BOUND	0x80	/* mfr[0] */
#define LOCKDEC_TUYA_V4_BOUND	0x08	/* 0xFD50 byte 0 */
#define LOCKDEC_TUYA_PID_MAX	20	/* SDK: pid_len 8 or 20 */
#define LOCKDEC_TUYA_NOCAT	"product category not advertised"

/* Product ID of a 0xA201 or 0xFD50 payload into model, if plausible. */
static void
lockdec_tuya_pid(const uint8_t *p, size_t n, struct lockdec_out *out)
{
	size_t	i;

	if (n == 0 || n > LOCKDEC_TUYA_PID_MAX)
		return;
	for (i = 0; i < n; i++)
		if (p[i] > 0x7f || !isalnum(p[i]))
			return;
	snprintf(out->model, sizeof out->model, "product id %.*s", (int)n,
	    (const char *)p);
}

/* Protocol 4: everything is in service data 0xFD50. */
static void
lockdec_tuya_v4(const struct ad_svcdata *sd, struct lockdec_out *out)
{
	struct cur	 c;
	const uint8_t	*pid;
	uint8_t		 fc, type, len;
	bool		 bound;

	snprintf(out->protocol, sizeof out->protocol, "Tuya BLE v4");
	cur_init(&c, sd->data, sd->len);
	fc = cur_u8(&c);
	if (!cur_ok(&c)) {
		snprintf(out->evidence, sizeof out->evidence,
		    "Tuya service data 0xfd50 empty; %s", LOCKDEC_TUYA_NOCAT);
		return;
	}
	bound = (fc & LOCKDEC_TUYA_V4_BOUND) != 0;
	out->pairing_state = bound ? LOCKDEC_PAIRED : LOCKDEC_UNPAIRED;
	snprintf(out->evidence, sizeof out->evidence, "Tuya: %s; %s",
	    bound ? "bound to a Tuya account" : "not bound (ready to pair)",
	    LOCKDEC_TUYA_NOCAT);
	cur_skip(&c, 1);
	type = cur_u8(&c);
	len = cur_u8(&c);
	pid = cur_take(&c, len);
	if (pid != NULL && !bound && type == 0)
		lockdec_tuya_pid(pid, len, out);
}

/* Protocol 3: service data 0xA201 and/or manufacturer data 0x07D0. */
static void
lockdec_tuya_v3(const struct ad_svcdata *sd, const struct ad_mfr *m,
    struct lockdec_out *out)
{
	struct cur	c;
	uint8_t		flags, ver;
	bool		bound = false, known = false;

	if (m != NULL) {
		cur_init(&c, m->data, m->len);
		flags = cur_u8(&c);
		ver = cur_u8(&c);
		if (m->len < LOCKDEC_TUYA_MFR_MIN || !cur_ok(&c)) {
			snprintf(out->evidence, sizeof out->evidence,
			    "Tuya manufacturer data too short (%u bytes); %s",
			    (unsigned)m->len, LOCKDEC_TUYA_NOCAT);
		} else if (sd == NULL && ver != 3) {
			/* Not the protocol 3 layout; maybe a protocol 4
			   scan response whose advert was not received. */
			snprintf(out->evidence, sizeof out->evidence,
			    "Tuya manufacturer data without service data "
			    "(layout unknown); %s", LOCKDEC_TUYA_NOCAT);
		} else {
			known = true;
			bound = (flags & LOCKDEC_TUYA_V3_BOUND) != 0;
			out->pairing_state = bound ? LOCKDEC_PAIRED :
			    LOCKDEC_UNPAIRED;
			snprintf(out->protocol, sizeof out->protocol,
			    "Tuya BLE v%u", (unsigned)ver);
			snprintf(out->evidence, sizeof out->evidence,
			    "Tuya: %s; %s", bound ? "bound to a Tuya account" :
			    "not bound (ready to pair)", LOCKDEC_TUYA_NOCAT);
		}
	} else {
		snprintf(out->evidence, sizeof out->evidence,
		    "Tuya service data 0xa201 (bound flag is in the scan "
		    "response, not received); %s", LOCKDEC_TUYA_NOCAT);
	}
	/* Byte 0 == 0: the product ID follows (ha_tuya_ble). */
	if (sd != NULL && sd->len > 1 && sd->data[0] == 0 &&
	    !(known && bound))
		lockdec_tuya_pid(sd->data + 1, (size_t)sd->len - 1, out);
}

static bool
lockdec_tuya_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	const struct ad_svcdata	*v3, *v4;
	const struct ad_mfr	*m;

	(void)addr;
	v3 = ad_find_svcdata16(ad, LOCKDEC_TUYA_SVC_V3);
	v4 = ad_find_svcdata16(ad, LOCKDEC_TUYA_SVC_V4);
	m = ad_find_mfr(ad, LOCKDEC_TUYA_COMPANY);
	if (v3 == NULL && v4 == NULL && m == NULL)
		return false;
	out->is_lock = true;
	out->family = "tuya";
	out->vendor = "Tuya";
	if (v4 != NULL)
		lockdec_tuya_v4(v4, out);
	else
		lockdec_tuya_v3(v3, m, out);
	return true;
}

const struct lockdec lockdec_tuya = {
	.name = "tuya",
	.rank = LOCKDEC_VENDOR,
	.decode = lockdec_tuya_decode,
};
