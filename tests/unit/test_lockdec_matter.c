/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_matter.c - the Matter commissionable-advertisement decoder
 * (src/adv/decoders/lockdec_matter.c).
 *
 * Vectors are whole advertising data as the connectedhomeip platform
 * layers emit it (02 01 06 + 0B 16 F6 FF + 8 bytes, e.g.
 * project-chip/connectedhomeip:src/platform/ESP32/nimble/
 * BLEManagerImpl.cpp, advertising data builder), with the payload laid
 * out per src/ble/CHIPBleServiceData.h@65a8027 and the SDK's test
 * identity (discriminator 3840, VID 0xFFF1, PID 0x8001: the values of
 * the SDK test onboarding payload MT:-24J0AFN00KA0648G00, decoded per
 * Matter Core Specification §5.1.3).  The extended announcement zeroes
 * VID/PID and sets flag bit1 as src/platform/Linux/bluez/
 * BluezAdvertisement.cpp SetupServiceData does.
 * The 7-byte layout is CHIPBleServiceData.h@08a873c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "adv/ad.h"
#include "adv/decoders/lockdec.h"
#include "tests/unit/lockdec_test.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static const uint8_t addr[6] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06 };

/* This file's decoder and address, bound into lockdec_test.h. */
#define decode(p, n, o) \
	lockdec_test_decode(&lockdec_matter, addr, (p), (n), (o))

static void
assert_untouched(const struct lockdec_out *o)
{
	lockdec_test_assert_untouched(o);
	assert_string_equal(o->model, "");
	assert_string_equal(o->evidence, "");
}

static void
assert_matter(const struct lockdec_out *o)
{
	assert_true(o->is_lock);
	assert_string_equal(o->family, "matter");
	assert_null(o->vendor);
	assert_int_equal(o->battery_percent, -1);
	assert_int_equal(o->battery_mv, -1);
	assert_string_equal(o->lock_state, "");
	assert_false(o->encrypted);
	assert_non_null(strstr(o->evidence, "device type not advertised"));
}

/* Flags + service data 0xFFF6 holding the first k bytes of payload. */
static size_t
build_fff6(uint8_t *buf, const uint8_t *payload, size_t k)
{
	size_t	n = 0;

	buf[n++] = 0x02;
	buf[n++] = 0x01;
	buf[n++] = 0x06;
	buf[n++] = (uint8_t)(k + 3);
	buf[n++] = 0x16;
	buf[n++] = 0xf6;
	buf[n++] = 0xff;
	memcpy(buf + n, payload, k);
	return n + k;
}

/* Commissioning window open: opcode 0, discriminator 0xF00, v0, flags 0. */
static const uint8_t window_open[] = {
	0x02, 0x01, 0x06,
	0x0b, 0x16, 0xf6, 0xff,
	0x00, 0x00, 0x0f, 0xf1, 0xff, 0x01, 0x80, 0x00,
};

static void
test_window_open(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(window_open, sizeof window_open, &o));
	assert_matter(&o);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_WINDOW);
	assert_non_null(strstr(o.evidence,
	    "Matter commissioning window open (discriminator 3840)"));
	assert_string_equal(o.model, "VID 0xFFF1 PID 0x8001");
	assert_string_equal(o.protocol, "Matter BLE adv v0");
}

/*
 * Additional data flag (bit0, CHIP_ENABLE_ADDITIONAL_DATA_ADVERTISING)
 * and a nonzero advertisement version do not change the state; the
 * discriminator keeps only 12 bits.  Name "MATTER-4095" as the ESP32
 * layer builds it: "%s%04u" of CHIP_DEVICE_CONFIG_BLE_DEVICE_NAME_PREFIX
 * ("MATTER-", src/include/platform/CHIPDeviceConfig.h) and the
 * discriminator.
 */
static void
test_window_additional_data(void **state)
{
	static const uint8_t	ad[] = {
		0x02, 0x01, 0x06,
		0x0b, 0x16, 0xf6, 0xff,
		0x00, 0xff, 0x1f, 0xf1, 0xff, 0x01, 0x80, 0x01,
		0x0c, 0x09, 'M', 'A', 'T', 'T', 'E', 'R', '-', '4', '0',
		'9', '5',
	};
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(ad, sizeof ad, &o));
	assert_matter(&o);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_WINDOW);
	assert_non_null(strstr(o.evidence, "(discriminator 4095)"));
	assert_string_equal(o.protocol, "Matter BLE adv v1");
}

/* Extended announcement: flag bit1, VID = PID = 0. */
static const uint8_t extended[] = {
	0x02, 0x01, 0x06,
	0x0b, 0x16, 0xf6, 0xff,
	0x00, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x02,
};

static void
test_extended_announcement(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(extended, sizeof extended, &o));
	assert_matter(&o);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_UNPAIRED);
	assert_non_null(strstr(o.evidence, "Matter extended announcement: "
	    "not commissioned, commissioning window closed"));
	assert_non_null(strstr(o.evidence, "(discriminator 3840)"));
	assert_string_equal(o.model, "");
	assert_string_equal(o.protocol, "Matter BLE adv v0");
}

/* The longest evidence (4-digit discriminator) is not cut. */
static void
test_evidence_fits(void **state)
{
	uint8_t			ad[sizeof extended];
	struct lockdec_out	o;

	(void)state;
	memcpy(ad, extended, sizeof ad);
	ad[8] = 0xff;
	ad[9] = 0xff;
	assert_true(decode(ad, sizeof ad, &o));
	assert_true(strlen(o.evidence) < sizeof o.evidence - 1);
	assert_non_null(strstr(o.evidence,
	    "(discriminator 4095); device type not advertised"));
}

/* Pre-1.0 CHIP: PairingStatus, Discriminator, VID, PID (7 bytes). */
static void
test_old_layout(void **state)
{
	static const uint8_t	unpaired[] = {
		0x02, 0x01, 0x06,
		0x0a, 0x16, 0xf6, 0xff,
		0x00, 0x00, 0x0f, 0xf1, 0xff, 0x01, 0x80,
	};
	uint8_t			ad[sizeof unpaired];
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(unpaired, sizeof unpaired, &o));
	assert_matter(&o);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_UNPAIRED);
	assert_non_null(strstr(o.evidence, "pairing status not paired"));
	assert_string_equal(o.model, "VID 0xFFF1 PID 0x8001");
	assert_string_equal(o.protocol, "CHIP BLE adv (pre-1.0)");

	memcpy(ad, unpaired, sizeof ad);
	ad[7] = 0x01;			/* kPairingStatus_Paired */
	assert_true(decode(ad, sizeof ad, &o));
	assert_matter(&o);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	assert_non_null(strstr(o.evidence, "pairing status paired"));

	ad[7] = 0x07;			/* not defined: no state */
	assert_true(decode(ad, sizeof ad, &o));
	assert_matter(&o);
	assert_null(o.pairing_state);
	assert_non_null(strstr(o.evidence, "unknown pairing status 0x07"));
}

/* Longer service data (a later revision appending fields) still reads. */
static void
test_longer_payload(void **state)
{
	static const uint8_t	ad[] = {
		0x02, 0x01, 0x06,
		0x0d, 0x16, 0xf6, 0xff,
		0x00, 0x00, 0x0f, 0xf1, 0xff, 0x01, 0x80, 0x00, 0xaa, 0xbb,
	};
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(ad, sizeof ad, &o));
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_WINDOW);
}

/*
 * Not Matter: no 0xFFF6 at all, 0xFFF6 only in the UUID list (no data),
 * an undefined opcode, and another 16-bit service data (Xiaomi 0xFE95).
 */
static void
test_not_matter(void **state)
{
	static const uint8_t	uuid_only[] = {
		0x02, 0x01, 0x06, 0x03, 0x03, 0xf6, 0xff,
	};
	static const uint8_t	xiaomi[] = {
		0x02, 0x01, 0x06,
		0x0b, 0x16, 0x95, 0xfe,
		0x00, 0x00, 0x0f, 0xf1, 0xff, 0x01, 0x80, 0x00,
	};
	uint8_t			ad[sizeof window_open];
	struct lockdec_out	o;

	(void)state;
	assert_false(decode(uuid_only, sizeof uuid_only, &o));
	assert_untouched(&o);
	assert_false(decode(xiaomi, sizeof xiaomi, &o));
	assert_untouched(&o);
	memcpy(ad, window_open, sizeof ad);
	ad[7] = 0x01;
	assert_false(decode(ad, sizeof ad, &o));
	assert_untouched(&o);
	ad[7] = 0xff;
	assert_false(decode(ad, sizeof ad, &o));
	assert_untouched(&o);
	assert_false(decode(NULL, 0, &o));
	assert_untouched(&o);
}

/*
 * Every truncation of the 8-byte payload: 0-6 bytes are not
 * recognised; 7 bytes read as the pre-1.0 layout (byte 0 = 0 there
 * means "not paired"), 8 as the current one.
 */
static void
test_truncated_payload(void **state)
{
	uint8_t			buf[32];
	struct lockdec_out	o;
	size_t			k, n;

	(void)state;
	for (k = 0; k <= 8; k++) {
		n = build_fff6(buf, window_open + 7, k);
		if (k < 7) {
			assert_false(decode(buf, n, &o));
			assert_untouched(&o);
		} else {
			assert_true(decode(buf, n, &o));
			assert_matter(&o);
			lockdec_test_assert_pairing(o.pairing_state, k == 7 ?
			    LOCKDEC_UNPAIRED : LOCKDEC_WINDOW);
		}
	}
}

/* Every cut of the whole advertising data. */
static void
test_truncated_ad(void **state)
{
	struct lockdec_out	o;
	size_t			k;

	(void)state;
	for (k = 0; k <= sizeof extended; k++) {
		if (k < sizeof extended) {
			assert_false(decode(extended, k, &o));
			assert_untouched(&o);
		} else {
			assert_true(decode(extended, k, &o));
		}
	}
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_window_open),
		cmocka_unit_test(test_window_additional_data),
		cmocka_unit_test(test_extended_announcement),
		cmocka_unit_test(test_evidence_fits),
		cmocka_unit_test(test_old_layout),
		cmocka_unit_test(test_longer_payload),
		cmocka_unit_test(test_not_matter),
		cmocka_unit_test(test_truncated_payload),
		cmocka_unit_test(test_truncated_ad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
