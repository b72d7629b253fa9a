/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_tedee.c - the Tedee decoder (src/adv/decoders/lockdec_tedee.c).
 *
 * Vectors follow the vendor's documentation,
 * tedee-com/tedee-lock-ble-api-doc:docs/source/ble/advertisement.rst
 * @33f83ee: the main packet holds the serial number service UUID
 * "xxxx0000-xxxx-xxxx-xx00-000000000000" (x = serial digits, in the
 * order of meltingice1337/tedee_ble:custom_components/tedee_ble/
 * tedee_lib/ble.py serial_to_service_uuid), the scan response the lock
 * service 00000002-4899-489f-a301-fbee544b1db0 and the name "Lock-YYZZ".
 * The serial 12345678901234 is an example, not a real lock's.
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

static const uint8_t addr[6] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };

/* 00000002-4899-489f-a301-fbee544b1db0, little-endian as on air. */
#define TEDEE_LOCK_UUID_LE \
	0xb0, 0x1d, 0x4b, 0x54, 0xee, 0xfb, 0x01, 0xa3, \
	0x9f, 0x48, 0x99, 0x48, 0x02, 0x00, 0x00, 0x00

/* 12340000-5678-9012-3400-000000000000 (serial 12345678901234), LE. */
#define TEDEE_SERIAL_UUID_LE \
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x34, \
	0x12, 0x90, 0x78, 0x56, 0x00, 0x00, 0x34, 0x12

/* Main advertising packet: Flags + complete 128-bit UUID list. */
static const uint8_t main_adv[] = {
	0x02, 0x01, 0x06,
	0x11, 0x07, TEDEE_SERIAL_UUID_LE,
};

/* Scan response: lock service + "Lock-1A2B". */
static const uint8_t scan_rsp[] = {
	0x11, 0x07, TEDEE_LOCK_UUID_LE,
	0x0a, 0x09, 'L', 'o', 'c', 'k', '-', '1', 'A', '2', 'B',
};

/* This file's decoder and address, bound into lockdec_test.h. */
#define decode_ad(ad, o) \
	lockdec_test_run(&lockdec_tedee, addr, (ad), (o))
#define decode(p, n, o) \
	lockdec_test_decode(&lockdec_tedee, addr, (p), (n), (o))

/* Every Tedee result: a lock, no pairing, no battery, no state. */
static void
assert_tedee(const struct lockdec_out *o)
{
	lockdec_test_assert_bare(o, "tedee");
	assert_string_equal(o->vendor, "Tedee");
}

/* Advertisement and scan response merged, as the scanner keeps them. */
static void
test_adv_and_scan_response(void **state)
{
	struct ad_info		ad, sr;
	struct lockdec_out	o;

	(void)state;
	assert_int_equal(ad_parse(main_adv, sizeof main_adv, &ad), LS_OK);
	assert_int_equal(ad_parse(scan_rsp, sizeof scan_rsp, &sr), LS_OK);
	ad_merge(&ad, &sr);
	assert_true(decode_ad(&ad, &o));
	assert_tedee(&o);
	assert_non_null(strstr(o.evidence, "serial 12345678901234"));
	assert_non_null(strstr(o.evidence, "Tedee lock service"));
}

/* The main packet alone (passive scan): the serial service suffices. */
static void
test_main_packet_only(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(main_adv, sizeof main_adv, &o));
	assert_tedee(&o);
	assert_non_null(strstr(o.evidence,
	    "Tedee serial number service (serial 12345678901234)"));
	assert_null(strstr(o.evidence, "lock service"));
}

/* The scan response alone: the lock service suffices. */
static void
test_scan_response_only(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(scan_rsp, sizeof scan_rsp, &o));
	assert_tedee(&o);
	assert_string_equal(o.evidence, "Tedee lock service advertised");
}

/*
 * Not Tedee: the name alone, an all-zero "serial", a non-decimal nibble,
 * a nonzero byte where the pattern has zeros, Nuki's keyturner service
 * (a92ee200-5501-11e4-916c-0800200c9a66), the lock service off by one
 * byte.
 */
static void
test_not_tedee(void **state)
{
	static const uint8_t	name_only[] = {
		0x02, 0x01, 0x06,
		0x0a, 0x09, 'L', 'o', 'c', 'k', '-', '1', 'A', '2', 'B',
	};
	static const uint8_t	zero_serial[] = {
		0x11, 0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	static const uint8_t	nuki[] = {
		0x11, 0x07, 0x66, 0x9a, 0x0c, 0x20, 0x00, 0x08, 0x6c, 0x91,
		0xe4, 0x11, 0x01, 0x55, 0x00, 0xe2, 0x2e, 0xa9,
	};
	uint8_t			ad[sizeof main_adv];
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	assert_false(decode(name_only, sizeof name_only, &o));
	lockdec_test_assert_silent(&o);
	assert_false(decode(zero_serial, sizeof zero_serial, &o));
	lockdec_test_assert_silent(&o);
	assert_false(decode(nuki, sizeof nuki, &o));
	lockdec_test_assert_silent(&o);
	/* Each digit byte made non-decimal (0xa in either nibble). */
	for (i = 0; i < 16; i++) {
		memcpy(ad, main_adv, sizeof ad);
		if (ad[5 + i] == 0)
			ad[5 + i] = 0x01;	/* zero place made nonzero */
		else
			ad[5 + i] = (i & 1) ? 0x1a : 0xa1;
		assert_false(decode(ad, sizeof ad, &o));
		lockdec_test_assert_silent(&o);
	}
	memcpy(ad, scan_rsp, 18);
	ad[2] ^= 0x01;
	assert_false(decode(ad, 18, &o));
	lockdec_test_assert_silent(&o);
	assert_false(decode(NULL, 0, &o));
	lockdec_test_assert_silent(&o);
}

/* Every cut of both packets: recognised only once a UUID is whole. */
static void
test_truncated_ad(void **state)
{
	struct lockdec_out	o;
	size_t			k;
	bool			ok;

	(void)state;
	for (k = 0; k <= sizeof main_adv; k++) {
		ok = decode(main_adv, k, &o);
		assert_int_equal(ok, k == sizeof main_adv);
		if (ok)
			assert_tedee(&o);
		else
			lockdec_test_assert_silent(&o);
	}
	for (k = 0; k <= sizeof scan_rsp; k++) {
		ok = decode(scan_rsp, k, &o);
		assert_int_equal(ok, k >= 18);
		if (ok)
			assert_tedee(&o);
		else
			lockdec_test_assert_silent(&o);
	}
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_adv_and_scan_response),
		cmocka_unit_test(test_main_packet_only),
		cmocka_unit_test(test_scan_response_only),
		cmocka_unit_test(test_not_tedee),
		cmocka_unit_test(test_truncated_ad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
