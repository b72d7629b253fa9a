/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_homekit.c - the HomeKit (HAP-BLE) decoder
 * (src/adv/decoders/lockdec_homekit.c).
 *
 * Vectors are whole advertising data.  Real payloads come from the test
 * suites of Home Assistant and aiohomekit (cited at each vector); the
 * rest are built to the layout HomeKitADK writes
 * (apple/HomeKitADK:HAP/HAPBLEAccessoryServer+Advertising.c@aa2b08c,
 * HAP R14 §7.4.2.1 / §7.4.2.2).
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

static const uint8_t addr[6] = { 0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa };

/* This file's decoder and address, bound into lockdec_test.h. */
#define decode(p, n, o) \
	lockdec_test_decode(&lockdec_homekit, addr, (p), (n), (o))

/* Nothing but what a decoder that said no may leave. */
static void
assert_untouched(const struct lockdec_out *o)
{
	lockdec_test_assert_untouched(o);
	assert_string_equal(o->lock_state, "");
}

/* What every HomeKit result has: no battery, no lock state, no vendor. */
static void
assert_common(const struct lockdec_out *o)
{
	assert_int_equal(o->battery_percent, -1);
	assert_int_equal(o->battery_mv, -1);
	assert_string_equal(o->lock_state, "");
	assert_null(o->vendor);
	assert_string_equal(o->model, "");
	assert_non_null(memchr(o->evidence, 0, sizeof o->evidence));
}

/*
 * Build Flags + one Apple manufacturer structure holding the first k
 * bytes of payload (after the company ID).
 */
static size_t
build_apple(uint8_t *buf, const uint8_t *payload, size_t k)
{
	size_t	n = 0;

	buf[n++] = 0x02;
	buf[n++] = 0x01;
	buf[n++] = 0x06;
	buf[n++] = (uint8_t)(k + 3);
	buf[n++] = 0xff;
	buf[n++] = 0x4c;
	buf[n++] = 0x00;
	memcpy(buf + n, payload, k);
	return n + k;
}

/*
 * Yale Assure lock "M1012LU", paired, with the setup hash (STL 0x31):
 * home-assistant/core:tests/components/yalexs_ble/__init__.py
 * (YALE_ACCESS_LOCK_DISCOVERY_INFO), manufacturer_data[76] =
 * 06 31 00 5a8f93b2ec85 0600 6900 02 02 51ed1df0, with its August data
 * (manufacturer_data[465]) and name; Flags as HomeKitADK sets them.
 */
static const uint8_t yale_m1012lu[] = {
	0x02, 0x01, 0x06,
	0x16, 0xff, 0x4c, 0x00,
	0x06, 0x31, 0x00, 0x5a, 0x8f, 0x93, 0xb2, 0xec, 0x85, 0x06, 0x00,
	0x69, 0x00, 0x02, 0x02, 0x51, 0xed, 0x1d, 0xf0,
	0x15, 0xff, 0xd1, 0x01,
	0x00, 0x00, 0xd1, 0xf0, 0x62, 0x3b, 0xd8, 0x1d, 0x45, 0xd6, 0xba,
	0xee, 0x4c, 0xdd, 0x5d, 0xf5, 0xb2, 0xe9,
	0x08, 0x09, 'M', '1', '0', '1', '2', 'L', 'U',
};

static void
test_yale_lock_paired(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(yale_m1012lu, sizeof yale_m1012lu, &o));
	assert_true(o.is_lock);
	assert_string_equal(o.family, "homekit");
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	assert_non_null(strstr(o.evidence, "HomeKit status flag: paired"));
	assert_non_null(strstr(o.evidence, "Door Lock"));
	assert_non_null(strstr(o.evidence, "setup hash present"));
	assert_string_equal(o.protocol, "HAP CN 2 GSN 105");
	assert_false(o.encrypted);
	assert_common(&o);
}

/*
 * A paired door lock (ACID 6, GSN 0x219f, CN 4):
 * Jc2k/aiohomekit:tests/test_controller_ble.py@0044d5b
 * (test_discovery_with_none_name), manufacturer_data[76] =
 * 06 31 00 80e7146a3734 0600 9f21 04 02 3cb9eb0e; no name.
 */
static void
test_aiohomekit_lock_paired(void **state)
{
	static const uint8_t	ad[] = {
		0x02, 0x01, 0x06,
		0x16, 0xff, 0x4c, 0x00,
		0x06, 0x31, 0x00, 0x80, 0xe7, 0x14, 0x6a, 0x37, 0x34, 0x06,
		0x00, 0x9f, 0x21, 0x04, 0x02, 0x3c, 0xb9, 0xeb, 0x0e,
	};
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(ad, sizeof ad, &o));
	assert_true(o.is_lock);
	assert_string_equal(o.family, "homekit");
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	assert_string_equal(o.protocol, "HAP CN 4 GSN 8607");
	assert_common(&o);
}

/*
 * An unpaired lock without a setup ID: STL 0x2D (length 13), SF 0x01,
 * ACID 6, GSN 1, CN 1, CV 2, built to the regular advertisement of
 * apple/HomeKitADK:HAP/HAPBLEAccessoryServer+Advertising.c@aa2b08c
 * (LEN 0x12, SF = IsPaired ? 0 : 1, first GSN 1), name "Lock".
 */
static const uint8_t adk_lock_unpaired[] = {
	0x02, 0x01, 0x06,
	0x12, 0xff, 0x4c, 0x00,
	0x06, 0x2d, 0x01, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x06, 0x00,
	0x01, 0x00, 0x01, 0x02,
	0x05, 0x09, 'L', 'o', 'c', 'k',
};

static void
test_adk_lock_unpaired(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(adk_lock_unpaired, sizeof adk_lock_unpaired, &o));
	assert_true(o.is_lock);
	assert_string_equal(o.family, "homekit");
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_UNPAIRED);
	assert_non_null(strstr(o.evidence,
	    "HomeKit status flag: not paired to any controller"));
	assert_null(strstr(o.evidence, "setup hash"));
	assert_string_equal(o.protocol, "HAP CN 1 GSN 1");
	assert_false(o.encrypted);
	assert_common(&o);
}

/*
 * Eve Energy, unpaired, an outlet (ACID 7): recognised, not a lock.
 * home-assistant/core:tests/components/homekit_controller/
 * test_config_flow.py@bf8b7a3 (HK_BLUETOOTH_SERVICE_INFO_NOT_DISCOVERED),
 * manufacturer_data[76] = 06 31 01 9b86af01afdb 0700 0600 02 02 5819b151.
 */
static void
test_eve_energy_not_a_lock(void **state)
{
	static const uint8_t	ad[] = {
		0x02, 0x01, 0x06,
		0x16, 0xff, 0x4c, 0x00,
		0x06, 0x31, 0x01, 0x9b, 0x86, 0xaf, 0x01, 0xaf, 0xdb, 0x07,
		0x00, 0x06, 0x00, 0x02, 0x02, 0x58, 0x19, 0xb1, 0x51,
		0x0b, 0x09, 'E', 'v', 'e', ' ', 'E', 'n', 'e', 'r', 'g',
		'y',
	};
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(ad, sizeof ad, &o));
	assert_false(o.is_lock);
	assert_null(o.family);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_UNPAIRED);
	assert_non_null(strstr(o.evidence, "Outlet"));
	assert_non_null(strstr(o.evidence, "not a lock"));
	assert_string_equal(o.protocol, "HAP CN 2 GSN 6");
	assert_common(&o);
}

/* Unknown and out-of-range categories are not locks either. */
static void
test_unknown_category(void **state)
{
	uint8_t			ad[sizeof adk_lock_unpaired];
	struct lockdec_out	o;
	static const uint16_t	acids[] = { 0, 1, 5, 12, 33, 34, 0x0106,
	    0xffff };
	size_t			i;

	(void)state;
	for (i = 0; i < N(acids); i++) {
		memcpy(ad, adk_lock_unpaired, sizeof ad);
		ad[16] = (uint8_t)acids[i];
		ad[17] = (uint8_t)(acids[i] >> 8);
		assert_true(decode(ad, sizeof ad, &o));
		assert_false(o.is_lock);
		assert_null(o.family);
		lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_UNPAIRED);
		assert_non_null(strstr(o.evidence, "not a lock"));
	}
	ad[16] = 0x22;			/* 34: past the table */
	ad[17] = 0x00;
	assert_true(decode(ad, sizeof ad, &o));
	assert_non_null(strstr(o.evidence, "category 0x0022"));
}

/* SF bits other than bit0 are reserved in BLE: only bit0 counts. */
static void
test_status_flag_bit0_only(void **state)
{
	uint8_t			ad[sizeof adk_lock_unpaired];
	struct lockdec_out	o;

	(void)state;
	memcpy(ad, adk_lock_unpaired, sizeof ad);
	ad[9] = 0xfe;
	assert_true(decode(ad, sizeof ad, &o));
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	ad[9] = 0xff;
	assert_true(decode(ad, sizeof ad, &o));
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_UNPAIRED);
}

/*
 * Encrypted notification: LEN 0x1B, TY 0x11, STL 0x36, AdvID, 12
 * encrypted bytes, 4-byte tag, built to HomeKitADK's
 * HAPBLEAccessoryServer+Advertising.c@aa2b08c (§7.4.2.2); the ciphertext
 * bytes are arbitrary.
 */
static const uint8_t adk_encrypted[] = {
	0x02, 0x01, 0x06,
	0x1b, 0xff, 0x4c, 0x00,
	0x11, 0x36, 0x5a, 0x8f, 0x93, 0xb2, 0xec, 0x85,
	0x3b, 0x1f, 0x9c, 0x02, 0xe4, 0x77, 0x10, 0xa8, 0x5d, 0x41, 0xc6,
	0x0e, 0x93, 0x27, 0x6b, 0xd0,
};

static void
test_encrypted_notification(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(adk_encrypted, sizeof adk_encrypted, &o));
	assert_true(o.encrypted);
	assert_false(o.is_lock);
	assert_null(o.family);
	assert_null(o.pairing_state);
	assert_non_null(strstr(o.evidence, "payload encrypted"));
	assert_string_equal(o.protocol, "HAP encrypted notification");
	assert_common(&o);
}

/*
 * Not HomeKit: an iBeacon (Apple Proximity Beacon Specification R1:
 * 4c 00 02 15 + UUID + major + minor + measured power), an Apple frame
 * of another continuity type, and the HAP payload under another company
 * (home-assistant/core:tests/components/yalexs_ble/__init__.py
 * NOT_YALE_DISCOVERY_INFO, company 21).
 */
static void
test_not_homekit(void **state)
{
	static const uint8_t	ibeacon[] = {
		0x02, 0x01, 0x06,
		0x1a, 0xff, 0x4c, 0x00, 0x02, 0x15,
		0xe2, 0xc5, 0x6d, 0xb5, 0xdf, 0xfb, 0x48, 0xd2, 0xb0, 0x60,
		0xd0, 0xf5, 0xa7, 0x10, 0x96, 0xe0,
		0x00, 0x01, 0x00, 0x02, 0xc5,
	};
	static const uint8_t	nearby[] = {
		0x02, 0x01, 0x1a,
		0x0a, 0xff, 0x4c, 0x00, 0x10, 0x05, 0x01, 0x18, 0x1c, 0x3e,
		0x9a,
	};
	static const uint8_t	other_company[] = {
		0x16, 0xff, 0x15, 0x00,
		0x06, 0x31, 0x00, 0x5a, 0x8f, 0x93, 0xb2, 0xec, 0x85, 0x06,
		0x00, 0x69, 0x00, 0x02, 0x02, 0x51, 0xed, 0x1d, 0xf0,
	};
	static const uint8_t	no_mfr[] = {
		0x02, 0x01, 0x06, 0x05, 0x09, 'L', 'o', 'c', 'k',
	};
	struct lockdec_out	o;

	(void)state;
	assert_false(decode(ibeacon, sizeof ibeacon, &o));
	assert_untouched(&o);
	assert_false(decode(nearby, sizeof nearby, &o));
	assert_untouched(&o);
	assert_false(decode(other_company, sizeof other_company, &o));
	assert_untouched(&o);
	assert_false(decode(no_mfr, sizeof no_mfr, &o));
	assert_untouched(&o);
	assert_false(decode(NULL, 0, &o));
	assert_untouched(&o);
}

/*
 * Every truncation of the regular payload (with and without the setup
 * hash) and of the encrypted one: false until the frame is as long as
 * its STL says, then the full result.
 */
static void
test_truncated_payloads(void **state)
{
	static const struct {
		const uint8_t	*ad;
		size_t		 off, len, need;
	} v[] = {
		{ yale_m1012lu, 7, 19, 19 },
		{ adk_lock_unpaired, 7, 15, 15 },
		{ adk_encrypted, 7, 24, 24 },
	};
	uint8_t			buf[64];
	struct lockdec_out	o;
	size_t			i, k, n;
	bool			ok;

	(void)state;
	for (i = 0; i < N(v); i++) {
		for (k = 0; k <= v[i].len; k++) {
			n = build_apple(buf, v[i].ad + v[i].off, k);
			ok = decode(buf, n, &o);
			if (k < v[i].need) {
				assert_false(ok);
				assert_untouched(&o);
			} else {
				assert_true(ok);
			}
		}
	}
}

/* Every cut of the whole advertising data: false or a sound result. */
static void
test_truncated_ad(void **state)
{
	static const struct {
		const uint8_t	*ad;
		size_t		 len, frame_end;
	} v[] = {
		{ yale_m1012lu, sizeof yale_m1012lu, 26 },
		{ adk_lock_unpaired, sizeof adk_lock_unpaired, 22 },
		{ adk_encrypted, sizeof adk_encrypted, 31 },
	};
	struct lockdec_out	o;
	size_t			i, k;
	bool			ok;

	(void)state;
	for (i = 0; i < N(v); i++) {
		for (k = 0; k <= v[i].len; k++) {
			ok = decode(v[i].ad, k, &o);
			assert_int_equal(ok, k >= v[i].frame_end);
			if (!ok)
				assert_untouched(&o);
		}
	}
}

/* STL that lies: wrong subtype, too short, longer than the data. */
static void
test_hostile_stl(void **state)
{
	static const uint8_t	stls[] = { 0x0d, 0x4d, 0xed, 0x2c, 0x20,
	    0x2e, 0x3f };
	uint8_t			ad[64];
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	for (i = 0; i < N(stls); i++) {
		memcpy(ad, adk_lock_unpaired, sizeof adk_lock_unpaired);
		ad[8] = stls[i];
		assert_false(decode(ad, sizeof adk_lock_unpaired, &o));
		assert_untouched(&o);
	}
	/* An encrypted frame must have exactly STL 0x36. */
	memcpy(ad, adk_encrypted, sizeof adk_encrypted);
	ad[8] = 0x35;
	assert_false(decode(ad, sizeof adk_encrypted, &o));
	assert_untouched(&o);
	/* A longer-than-13 STL that the data covers is fine (0x31). */
	assert_true(decode(yale_m1012lu, sizeof yale_m1012lu, &o));
}

/*
 * Bytes after the frame are ignored: bdraco/yalexs-ble:src/yalexs_ble/
 * push.py notes that "sometimes the yale data is glued on to the end of
 * the HomeKit data" (payload longer than 20 bytes).  The Yale lock
 * vector above with its first August bytes appended.
 */
static void
test_trailing_bytes(void **state)
{
	uint8_t			buf[64];
	struct lockdec_out	o;
	size_t			n;

	(void)state;
	n = build_apple(buf, yale_m1012lu + 7, 19);
	memcpy(buf + n, yale_m1012lu + 30, 4);
	buf[3] += 4;
	n += 4;
	assert_true(decode(buf, n, &o));
	assert_true(o.is_lock);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	assert_string_equal(o.protocol, "HAP CN 2 GSN 105");
}

/* Largest numbers fit the protocol string. */
static void
test_protocol_bounds(void **state)
{
	uint8_t			ad[sizeof adk_lock_unpaired];
	struct lockdec_out	o;

	(void)state;
	memcpy(ad, adk_lock_unpaired, sizeof ad);
	ad[18] = 0xff;
	ad[19] = 0xff;
	ad[20] = 0xff;
	assert_true(decode(ad, sizeof ad, &o));
	assert_string_equal(o.protocol, "HAP CN 255 GSN 65535");
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_yale_lock_paired),
		cmocka_unit_test(test_aiohomekit_lock_paired),
		cmocka_unit_test(test_adk_lock_unpaired),
		cmocka_unit_test(test_eve_energy_not_a_lock),
		cmocka_unit_test(test_unknown_category),
		cmocka_unit_test(test_status_flag_bit0_only),
		cmocka_unit_test(test_encrypted_notification),
		cmocka_unit_test(test_not_homekit),
		cmocka_unit_test(test_truncated_payloads),
		cmocka_unit_test(test_truncated_ad),
		cmocka_unit_test(test_hostile_stl),
		cmocka_unit_test(test_trailing_bytes),
		cmocka_unit_test(test_protocol_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
