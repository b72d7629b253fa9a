/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_schlage.c - the Schlage Sense decoder
 * (src/adv/decoders/lockdec_schlage.c).
 *
 * No public capture of a Sense advertisement was found.  The vectors are
 * built from nothingisdead/sensa@38ce8dd: company 0x013B and the service
 * 883f45ec-14cb-46aa-9864-9a4e782b33d0 (src/SenseLock.js), and the
 * manufacturer-data filter of src/util/getSenseScanFilter.js (prefix
 * 00 00 00 <02 paired | 01>, mask 00 00 00 ff), so bytes 0-2 are the
 * filter's own don't-care zeros.  The layout is unverified on hardware;
 * these tests pin what the decoder does with it.
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

static const uint8_t addr[6] = { 0x10, 0x20, 0x30, 0x40, 0x50, 0x60 };

/* 883f45ec-14cb-46aa-9864-9a4e782b33d0, little-endian as on air. */
#define SENSE_UUID_LE \
	0xd0, 0x33, 0x2b, 0x78, 0x4e, 0x9a, 0x64, 0x98, \
	0xaa, 0x46, 0xcb, 0x14, 0xec, 0x45, 0x3f, 0x88

/* This file's decoder and address, bound into lockdec_test.h. */
#define decode(p, n, o) \
	lockdec_test_decode(&lockdec_schlage, addr, (p), (n), (o))

static void
assert_untouched(const struct lockdec_out *o)
{
	lockdec_test_assert_silent(o);
	assert_string_equal(o->model, "");
}

static void
assert_schlage(const struct lockdec_out *o)
{
	assert_true(o->is_lock);
	assert_string_equal(o->family, "schlage");
	assert_string_equal(o->vendor, "Schlage (Allegion)");
	assert_int_equal(o->battery_percent, -1);
	assert_int_equal(o->battery_mv, -1);
	assert_string_equal(o->lock_state, "");
	assert_string_equal(o->protocol, "");
	assert_false(o->encrypted);
	assert_true(strlen(o->evidence) < sizeof o->evidence - 1);
}

/* Sense, paired: the filter's "paired" prefix, with the service UUID. */
static const uint8_t sense_paired[] = {
	0x02, 0x01, 0x06,
	0x11, 0x07, SENSE_UUID_LE,
	0x07, 0xff, 0x3b, 0x01, 0x00, 0x00, 0x00, 0x02,
};

static void
test_paired(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(sense_paired, sizeof sense_paired, &o));
	assert_schlage(&o);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	assert_non_null(strstr(o.evidence,
	    "Schlage Sense flag (unverified layout): paired"));
	assert_non_null(strstr(o.evidence, "Web Bluetooth scan filter"));
	assert_non_null(strstr(o.evidence, "not verified on hardware"));
	assert_null(strstr(o.evidence, "no Sense UUID"));
	assert_string_equal(o.model, "Sense");
}

/* Not paired: byte 3 = 0x01 (the filter's other prefix) and 0x00. */
static void
test_not_paired(void **state)
{
	uint8_t			ad[sizeof sense_paired];
	struct lockdec_out	o;
	static const uint8_t	flags[] = { 0x00, 0x01 };
	size_t			i;

	(void)state;
	for (i = 0; i < N(flags); i++) {
		memcpy(ad, sense_paired, sizeof ad);
		ad[sizeof ad - 1] = flags[i];
		assert_true(decode(ad, sizeof ad, &o));
		assert_schlage(&o);
		lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_UNPAIRED);
		assert_non_null(strstr(o.evidence,
		    "Schlage Sense flag (unverified layout): not paired"));
		assert_non_null(strstr(o.evidence, "not verified on hardware"));
	}
}

/* A byte 3 the source never shows: no pairing state is claimed. */
static void
test_unknown_flag(void **state)
{
	uint8_t			ad[sizeof sense_paired];
	struct lockdec_out	o;
	static const uint8_t	flags[] = { 0x03, 0x12, 0x80, 0xff };
	size_t			i;

	(void)state;
	for (i = 0; i < N(flags); i++) {
		memcpy(ad, sense_paired, sizeof ad);
		ad[sizeof ad - 1] = flags[i];
		assert_true(decode(ad, sizeof ad, &o));
		assert_schlage(&o);
		assert_null(o.pairing_state);
		assert_non_null(strstr(o.evidence, "meaning unknown"));
	}
}

/* Company ID alone (lead's decision): the flag is read, and said so. */
static void
test_company_only(void **state)
{
	static const uint8_t	paired[] = {
		0x02, 0x01, 0x06,
		0x07, 0xff, 0x3b, 0x01, 0x00, 0x00, 0x00, 0x02,
	};
	static const uint8_t	unpaired[] = {
		0x02, 0x01, 0x06,
		0x07, 0xff, 0x3b, 0x01, 0x00, 0x00, 0x00, 0x01,
	};
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(paired, sizeof paired, &o));
	assert_schlage(&o);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	assert_non_null(strstr(o.evidence, "no Sense UUID"));
	assert_non_null(strstr(o.evidence, "not verified on hardware"));
	assert_string_equal(o.model, "");
	assert_true(decode(unpaired, sizeof unpaired, &o));
	assert_schlage(&o);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_UNPAIRED);
	assert_non_null(strstr(o.evidence, "no Sense UUID"));
}

/* The Sense service without manufacturer data: no pairing signal. */
static void
test_service_only(void **state)
{
	static const uint8_t	ad[] = {
		0x02, 0x01, 0x06, 0x11, 0x07, SENSE_UUID_LE,
	};
	struct lockdec_out	o;

	(void)state;
	assert_true(decode(ad, sizeof ad, &o));
	assert_schlage(&o);
	assert_null(o.pairing_state);
	assert_string_equal(o.model, "Sense");
	assert_non_null(strstr(o.evidence, "Sense service advertised"));
}

/* Not Schlage: other company, other 128-bit UUID (one byte off). */
static void
test_not_schlage(void **state)
{
	static const uint8_t	other_company[] = {
		0x02, 0x01, 0x06,
		0x07, 0xff, 0x3c, 0x01, 0x00, 0x00, 0x00, 0x02,
	};
	uint8_t			ad[sizeof sense_paired];
	struct lockdec_out	o;

	(void)state;
	assert_false(decode(other_company, sizeof other_company, &o));
	assert_untouched(&o);
	memcpy(ad, sense_paired, sizeof ad);
	ad[5 + 15] = 0x89;		/* UUID starts 893f45ec- */
	ad[sizeof ad - 6] = 0x3c;	/* company 0x013c */
	assert_false(decode(ad, sizeof ad, &o));
	assert_untouched(&o);
	assert_false(decode(NULL, 0, &o));
	assert_untouched(&o);
}

/*
 * Every truncation of the manufacturer payload (0..4 bytes): a Schlage
 * lock each time (service and company seen), a pairing state only once
 * byte 3 is there.
 */
static void
test_truncated_payload(void **state)
{
	uint8_t			buf[40];
	struct lockdec_out	o;
	size_t			k, n;

	(void)state;
	for (k = 0; k <= 4; k++) {
		n = 21;
		memcpy(buf, sense_paired, n);	/* Flags + UUID list */
		buf[n++] = (uint8_t)(k + 3);
		buf[n++] = 0xff;
		buf[n++] = 0x3b;
		buf[n++] = 0x01;
		memcpy(buf + n, sense_paired + 25, k);
		n += k;
		assert_true(decode(buf, n, &o));
		assert_schlage(&o);
		if (k < 4) {
			assert_null(o.pairing_state);
			assert_non_null(strstr(o.evidence, "too short"));
		} else {
			lockdec_test_assert_pairing(o.pairing_state,
			    LOCKDEC_PAIRED);
		}
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
	for (k = 0; k <= sizeof sense_paired; k++) {
		ok = decode(sense_paired, k, &o);
		assert_int_equal(ok, k >= 21);	/* UUID list complete */
		if (!ok) {
			assert_untouched(&o);
			continue;
		}
		assert_schlage(&o);
		if (k == sizeof sense_paired)
			lockdec_test_assert_pairing(o.pairing_state,
			    LOCKDEC_PAIRED);
		else
			assert_null(o.pairing_state);
	}
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_paired),
		cmocka_unit_test(test_not_paired),
		cmocka_unit_test(test_unknown_flag),
		cmocka_unit_test(test_company_only),
		cmocka_unit_test(test_service_only),
		cmocka_unit_test(test_not_schlage),
		cmocka_unit_test(test_truncated_payload),
		cmocka_unit_test(test_truncated_ad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
