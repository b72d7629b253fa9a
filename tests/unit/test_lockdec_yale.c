/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_yale.c - the Yale / August decoder
 * (src/adv/decoders/lockdec_yale.c).
 *
 * Vectors are whole advertising data.  The real one is Home Assistant's
 * Yale Access lock (home-assistant/core:tests/components/yalexs_ble/
 * __init__.py); the one-byte toggles follow bdraco/yalexs-ble:
 * src/yalexs_ble/push.py (VALID_ADV_VALUES = {0, 1}, "255 seems to be
 * broadcast randomly"); the service UUID follows the HA matcher
 * home-assistant/core:homeassistant/components/yalexs_ble/manifest.json
 * (service_uuid 0000fe24-...); company IDs from
 * NordicSemiconductor/bluetooth-numbers-database:v1/company_ids.json.
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
	lockdec_test_decode(&lockdec_yale, addr, (p), (n), (o))

/* Every Yale result: a lock, no pairing, no battery, no state. */
static void
assert_yale(const struct lockdec_out *o)
{
	lockdec_test_assert_bare(o, "yale-august");
	assert_string_equal(o->vendor, "Yale / August");
}

/*
 * Yale Access lock "M1012LU": home-assistant/core:tests/components/
 * yalexs_ble/__init__.py (YALE_ACCESS_LOCK_DISCOVERY_INFO):
 * manufacturer_data[465] = 00 00 d1 f0 62 3b d8 1d 45 d6 ba ee 4c dd 5d
 * f5 b2 e9 (18 bytes, undecoded), manufacturer_data[76] = its HomeKit
 * advert; Flags 02 01 06.
 */
static const uint8_t m1012lu[] = {
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
test_m1012lu(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(m1012lu, sizeof m1012lu, &o));
	assert_yale(&o);
	assert_non_null(strstr(o.evidence, "company 0x01d1, 18 bytes, "
	    "undecoded"));
}

/* One-byte August data: the state-change toggle, 0 and 1. */
static void
test_toggle(void **state)
{
	static const uint8_t	t0[] = {
		0x02, 0x01, 0x06, 0x04, 0xff, 0xd1, 0x01, 0x00,
		0x03, 0x03, 0x24, 0xfe,
	};
	static const uint8_t	t1[] = {
		0x02, 0x01, 0x06, 0x04, 0xff, 0xd1, 0x01, 0x01,
		0x03, 0x03, 0x24, 0xfe,
	};
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(t0, sizeof t0, &o));
	assert_yale(&o);
	assert_non_null(strstr(o.evidence, "state-change toggle 0"));
	assert_non_null(strstr(o.evidence, "state itself is not advertised"));
	assert_true(decode(t1, sizeof t1, &o));
	assert_yale(&o);
	assert_non_null(strstr(o.evidence, "state-change toggle 1"));
}

/* 0xff (yalexs-ble: sent "randomly when there is no update"). */
static void
test_not_a_toggle(void **state)
{
	static const uint8_t	ad[] = {
		0x02, 0x01, 0x06, 0x04, 0xff, 0xd1, 0x01, 0xff,
	};
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(ad, sizeof ad, &o));
	assert_yale(&o);
	assert_non_null(strstr(o.evidence, "value 0xff (not a state-change "
	    "toggle)"));
}

/* Service UUID 0xFE24 alone, in a UUID list or as service data. */
static void
test_service_uuid(void **state)
{
	static const uint8_t	list[] = {
		0x02, 0x01, 0x06, 0x05, 0x02, 0x0f, 0x18, 0x24, 0xfe,
	};
	static const uint8_t	svcdata[] = {
		0x02, 0x01, 0x06, 0x04, 0x16, 0x24, 0xfe, 0x00,
	};
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(list, sizeof list, &o));
	assert_yale(&o);
	assert_non_null(strstr(o.evidence, "service UUID 0xfe24"));
	assert_true(decode(svcdata, sizeof svcdata, &o));
	assert_yale(&o);
	assert_non_null(strstr(o.evidence, "service UUID 0xfe24"));
}

/* Yale's own company ID 0x0BDE (Bluetooth SIG company list). */
static void
test_yale_company(void **state)
{
	static const uint8_t	ad[] = {
		0x02, 0x01, 0x06, 0x05, 0xff, 0xde, 0x0b, 0x01, 0x02,
	};
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(ad, sizeof ad, &o));
	assert_yale(&o);
	assert_non_null(strstr(o.evidence, "company 0x0bde"));
}

/*
 * Not Yale: Home Assistant's NOT_YALE_DISCOVERY_INFO (the same bytes
 * under companies 33 and 21), another 16-bit UUID, a HomeKit advert
 * alone.
 */
static void
test_not_yale(void **state)
{
	static const uint8_t	not_yale[] = {
		0x15, 0xff, 0x21, 0x00,
		0x00, 0x00, 0xd1, 0xf0, 0x62, 0x3b, 0xd8, 0x1d, 0x45, 0xd6,
		0xba, 0xee, 0x4c, 0xdd, 0x5d, 0xf5, 0xb2, 0xe9,
		0x16, 0xff, 0x15, 0x00,
		0x06, 0x31, 0x00, 0x5a, 0x8f, 0x93, 0xb2, 0xec, 0x85, 0x06,
		0x00, 0x69, 0x00, 0x02, 0x02, 0x51, 0xed, 0x1d, 0xf0,
	};
	static const uint8_t	other_uuid[] = {
		0x02, 0x01, 0x06, 0x03, 0x03, 0x25, 0xfe,
	};
	static const uint8_t	homekit_only[] = {
		0x02, 0x01, 0x06,
		0x16, 0xff, 0x4c, 0x00,
		0x06, 0x31, 0x00, 0x5a, 0x8f, 0x93, 0xb2, 0xec, 0x85, 0x06,
		0x00, 0x69, 0x00, 0x02, 0x02, 0x51, 0xed, 0x1d, 0xf0,
	};
	struct lockdec_out	o;

	(void)state;
	assert_false(decode(not_yale, sizeof not_yale, &o));
	lockdec_test_assert_silent(&o);
	assert_false(decode(other_uuid, sizeof other_uuid, &o));
	lockdec_test_assert_silent(&o);
	assert_false(decode(homekit_only, sizeof homekit_only, &o));
	lockdec_test_assert_silent(&o);
	assert_false(decode(NULL, 0, &o));
	lockdec_test_assert_silent(&o);
}

/*
 * Every truncation of the 18-byte August payload (0..18 bytes): the
 * company ID alone is certain, so each is a Yale lock; only a one-byte
 * payload is read as a toggle, and nothing is ever a pairing state.
 */
static void
test_truncated_payload(void **state)
{
	uint8_t			buf[32];
	struct lockdec_out	o;
	size_t			k;

	(void)state;
	for (k = 0; k <= 18; k++) {
		buf[0] = (uint8_t)(k + 3);
		buf[1] = 0xff;
		buf[2] = 0xd1;
		buf[3] = 0x01;
		memcpy(buf + 4, m1012lu + 30, k);
		assert_true(decode(buf, k + 4, &o));
		assert_yale(&o);
		if (k == 1)
			assert_non_null(strstr(o.evidence, "toggle 0"));
		else
			assert_non_null(strstr(o.evidence, "undecoded"));
	}
}

/* Every cut of the whole advertising data. */
static void
test_truncated_ad(void **state)
{
	struct lockdec_out	o;
	size_t			k;
	bool			ok;

	(void)state;
	for (k = 0; k <= sizeof m1012lu; k++) {
		ok = decode(m1012lu, k, &o);
		/* The August structure ends at byte 48. */
		assert_int_equal(ok, k >= 48);
		if (ok)
			assert_yale(&o);
		else
			lockdec_test_assert_silent(&o);
	}
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_m1012lu),
		cmocka_unit_test(test_toggle),
		cmocka_unit_test(test_not_a_toggle),
		cmocka_unit_test(test_service_uuid),
		cmocka_unit_test(test_yale_company),
		cmocka_unit_test(test_not_yale),
		cmocka_unit_test(test_truncated_payload),
		cmocka_unit_test(test_truncated_ad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
