/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_sesame.c - the CANDY HOUSE Sesame advertisement decoder
 * (src/adv/decoders/lockdec_sesame.c): registered and not registered, lock and
 * non-lock products, unknown products and registered bytes, adverts of
 * other makers, and every truncation.
 *
 * Vectors: meronepy/gomalock:tests/conftest.py@2d205a1
 * make_manufacturer_data() = struct.pack("<HB16s", model, registered,
 * UUID 01234567-89ab-cdef-0123-456789abcdef) under company 0x055A, here
 * as whole advertising data with flags and the 0xFD81 service UUID
 * (PengTanguo/candyhouse_sesame_doc:src/com_layer/index.md@fe32dc6).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "adv/ad.h"
#include "adv/decoders/lockdec.h"
#include "util/hex.h"
#include "tests/unit/lockdec_test.h"

/* gomalock TEST_ADDRESS AA:BB:CC:DD:EE:FF, HCI order. */
static const uint8_t addr[6] = { 0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa };

#define SESAME_UUID	"0123456789abcdef0123456789abcdef"

/* This file's decoder and address, bound into lockdec_test.h. */
#define decode_bytes(p, n, o) \
	lockdec_test_decode(&lockdec_sesame, addr, (p), (n), (o))
#define decode_hex(hex, o) \
	lockdec_test_decode_hex(&lockdec_sesame, addr, (hex), (o))

/* The gomalock vector for (model LE16 hex, registered byte hex). */
static bool
decode_model(const char *model, const char *reg, struct lockdec_out *o)
{
	char	hex[128];

	snprintf(hex, sizeof hex, "020106" "030381fd" "16ff5a05%s%s"
	    SESAME_UUID, model, reg);
	return decode_hex(hex, o);
}

/* What every result must keep (the checks of fuzz_lock_common.h). */
static void
check_contract(const struct lockdec_out *o)
{
	lockdec_test_assert_contract(o, "sesame");
	lockdec_test_assert_pairing_in(o->pairing_state, LOCKDEC_UNPAIRED,
	    LOCKDEC_PAIRED, NULL);
	assert_int_equal(o->battery_percent, -1);
	assert_int_equal(o->battery_mv, -1);
	assert_string_equal(o->lock_state, "");
	assert_false(o->encrypted);
	assert_string_equal(o->vendor, "CANDY HOUSE (Sesame)");
}

/* Every shortening of a vector (lockdec_test_truncations()). */
#define truncations(adv, n, off) \
	lockdec_test_truncations(&lockdec_sesame, addr, (adv), (n), (off), \
	    check_contract, NULL, NULL)

/* gomalock conftest default: Sesame 5 (5), registered (1). */
static void
test_sesame5_registered(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_model("0500", "01", &o));
	check_contract(&o);
	assert_true(o.is_lock);
	assert_string_equal(o.family, "sesame");
	assert_string_equal(o.model, "Sesame 5");
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	assert_string_equal(o.evidence, "Sesame registered to an owner");
}

/*
 * Not registered (make_manufacturer_data(registered=0); gomalock's
 * mock device defaults to is_registered=False): an owner can be added.
 */
static void
test_sesame5_not_registered(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_model("0500", "00", &o));
	check_contract(&o);
	assert_true(o.is_lock);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_UNPAIRED);
	assert_string_equal(o.evidence, "Sesame not registered");
}

/*
 * Other lock models: Sesame 5 Pro (7, gomalock test_find_device_by_
 * filter_match), Sesame 5 US (16), Sesame 3 (0), Bike 2 (6), from the
 * product tables of gomalock _const.py and the vendor's CHProductModel.
 */
static void
test_lock_models(void **state)
{
	static const struct {
		const char	*le16;
		const char	*name;
	} models[] = {
		{ "0700", "Sesame 5 Pro" },
		{ "1000", "Sesame 5 US" },
		{ "0000", "Sesame 3" },
		{ "0400", "Sesame 4" },
		{ "0600", "Sesame Bike 2" },
		{ "1500", "Sesame 6 Pro" },
	};
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof models / sizeof models[0]; i++) {
		assert_true(decode_model(models[i].le16, "00", &o));
		check_contract(&o);
		assert_true(o.is_lock);
		assert_string_equal(o.model, models[i].name);
		lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_UNPAIRED);
	}
}

/*
 * Not locks: Sesame Touch 1 (10), Touch 1 Pro (9), Bot 2 (17), WiFi
 * Module 2 (1), Open Sensor 1 (8): recognised, is_lock false.
 */
static void
test_not_locks(void **state)
{
	static const char *const models[] = { "0a00", "0900", "1100", "0100",
	    "0800" };
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof models / sizeof models[0]; i++) {
		assert_true(decode_model(models[i], "01", &o));
		check_contract(&o);
		assert_false(o.is_lock);
		assert_null(o.family);
		assert_non_null(strstr(o.evidence, "not a lock"));
	}
	assert_true(decode_model("0a00", "01", &o));
	assert_string_equal(o.evidence,
	    "Sesame Touch 1: not a lock; Sesame registered to an owner");
}

/*
 * gomalock test_detected_devices_unsupported_model: product 999 is
 * ignored; so are products missing from every table (12, 34) and a
 * non-zero reserved byte.
 */
static void
test_unknown_product(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_false(decode_model("e703", "01", &o));
	assert_false(decode_model("0c00", "01", &o));
	assert_false(decode_model("2200", "01", &o));
	assert_false(decode_model("0501", "01", &o));
}

/* A registered byte that is neither 0 nor 1: no pairing state. */
static void
test_registered_byte_unknown(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_model("0500", "02", &o));
	check_contract(&o);
	assert_true(o.is_lock);
	assert_null(o.pairing_state);
	assert_non_null(strstr(o.evidence, "0x02 not understood"));
}

/*
 * The shortest payload libsesame3bt-core lib/libsesame3bt-core/
 * scanner.cpp@09576d1 accepts (5 bytes with the company ID): Sesame 3,
 * whose UUID is in the name.
 */
static void
test_short_payload(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" "06ff5a05000000", &o));
	check_contract(&o);
	assert_string_equal(o.model, "Sesame 3");
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_UNPAIRED);
}

/*
 * Not Sesame: a TTLock (demo site), a SwitchBot Lock (pySwitchbot
 * vector), Xiaomi's company 0x038F with the same bytes, the 0xFD81
 * service UUID alone, nothing.
 */
static void
test_not_this_family(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_false(decode_hex("02010610ff05030200500000000001126a8d7cc4",
	    &o));
	assert_false(decode_hex("0dff6909e9d511b26b5317930820" "06163dfd2d8064",
	    &o));
	assert_false(decode_hex("16ff8f03050001" SESAME_UUID, &o));
	assert_false(decode_hex("020106030381fd", &o));
	assert_false(decode_hex("", &o));
}

/*
 * Every truncation: recognised from model + registered byte on (length
 * octets 6-21 of 22), never from less.
 */
static void
test_truncations(void **state)
{
	uint8_t		b[80];
	size_t		n;

	(void)state;
	n = lockdec_test_unhex(
	    "020106" "16ff5a05050001" SESAME_UUID "030381fd", b, sizeof b);
	assert_int_equal(truncations(b, n, 3), 16);
	n = lockdec_test_unhex("16ff5a050a0000" SESAME_UUID, b, sizeof b);
	assert_int_equal(truncations(b, n, 0), 16);
}

/* Hostile: all-0xFF (product 0xFFFF), long payloads, garbage. */
static void
test_hostile(void **state)
{
	uint8_t			b[64];
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	assert_false(decode_hex("1effff5a05ffffffffffffffffffffffffffffffffff"
	    "ffffffffffffffffffffff", &o));
	assert_false(decode_hex("1eff5a05ffffffffffffffffffffffffffffffffffff"
	    "ffffffffffffffffffffff", &o));
	/* 27 bytes after the company: extra bytes are ignored. */
	assert_true(decode_hex("1eff5a05050001" SESAME_UUID
	    "0102030405060708", &o));
	check_contract(&o);
	memset(b, 0xff, sizeof b);
	(void)decode_bytes(b, sizeof b, &o);
	for (i = 0; i < sizeof b; i++)
		b[i] = (uint8_t)(i * 71 + 9);
	b[0] = 0x08;
	b[1] = 0xff;
	b[2] = 0x5a;
	b[3] = 0x05;
	(void)decode_bytes(b, sizeof b, &o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sesame5_registered),
		cmocka_unit_test(test_sesame5_not_registered),
		cmocka_unit_test(test_lock_models),
		cmocka_unit_test(test_not_locks),
		cmocka_unit_test(test_unknown_product),
		cmocka_unit_test(test_registered_byte_unknown),
		cmocka_unit_test(test_short_payload),
		cmocka_unit_test(test_not_this_family),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
