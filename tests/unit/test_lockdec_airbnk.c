/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_airbnk.c - the Airbnk decoder
 * (src/adv/decoders/lockdec_airbnk.c).
 *
 * The payload is the one pyairbnk's own tests build:
 * Moballo-LLC/pyairbnk:tests/common.py@37e0f64, build_advertisement_
 * payload() with its defaults (board 0x01, firmware 1.2.3, serial
 * "B100LOCK0", 3.00 V, 1 lock event, state bits 1, battery flags 0),
 * asserted in tests/test_protocol.py@37e0f64 (serial "B100LOCK0",
 * voltage 3.0); variants change one field as that builder's parameters
 * do (raw_state_bits, opens_clockwise, battery_flags, voltage, serial).
 * Field meanings: src/pyairbnk/protocol.py@37e0f64
 * parse_advertisement_data.  No public raw capture was found.  The AD
 * wrapping (flags, 16-bit UUID list 0xABAB, manufacturer data whose
 * first two bytes BA BA are the "company" field) follows
 * src/pyairbnk/const.py@37e0f64.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "adv/ad.h"
#include "adv/decoders/lockdec.h"
#include "util/hex.h"
#include "tests/unit/lockdec_test.h"

static const uint8_t addr[6] = { 0x01, 0x12, 0x6a, 0x8d, 0x7c, 0xc4 };

/* board, 00, fw 1.2.3, serial, voltage BE, events BE, state, battery. */
#define AIRBNK(sn, volt, state, batt) "020106" "0303abab" "19ffbaba" \
	"01" "00" "010203" sn volt "00000001" state batt
#define SN	"423130304c4f434b30"	/* "B100LOCK0" */
#define V3_00	"012c"

/* This file's decoder and address, bound into lockdec_test.h. */
#define decode_bytes(p, n, o) \
	lockdec_test_decode(&lockdec_airbnk, addr, (p), (n), (o))
#define decode_hex(hex, o) \
	lockdec_test_decode_hex(&lockdec_airbnk, addr, (hex), (o))

static void
check_sane(const struct lockdec_out *o)
{
	lockdec_test_assert_terminated(o);
	assert_int_equal(o->battery_percent, -1);
	assert_true(o->battery_mv == -1 ||
	    (o->battery_mv > 0 && o->battery_mv <= 12000));
	assert_string_equal(o->family, "airbnk");
	assert_true(o->is_lock);
	assert_null(o->pairing_state);
	assert_false(o->encrypted);
}

/* pyairbnk's default advert: locked, 3.00 V, firmware 1.2.3. */
static void
test_default_advert(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex(AIRBNK(SN, V3_00, "10", "00"), &o));
	check_sane(&o);
	assert_string_equal(o.model, "B100LOCK0");
	assert_string_equal(o.protocol, "fw 1.2.3");
	assert_string_equal(o.firmware, "1.2.3");
	assert_int_equal(o.not_company, 1);	/* BA BA: no company */
	assert_int_equal(o.battery_mv, 3000);
	assert_string_equal(o.lock_state, "locked");
	assert_string_equal(o.vendor, "Airbnk (WeLock)");
	assert_non_null(strstr(o.evidence, "Airbnk advert"));
	assert_non_null(strstr(o.evidence, "serial B100LOCK0"));
	assert_null(strstr(o.evidence, "low-battery"));
}

/* State bits and the "opens clockwise" inversion. */
static void
test_states(void **state)
{
	static const struct {
		const char	*hex;
		const char	*want;
	} v[] = {
		{ AIRBNK(SN, V3_00, "00", "00"), "unlocked" },
		{ AIRBNK(SN, V3_00, "10", "00"), "locked" },
		{ AIRBNK(SN, V3_00, "20", "00"), "jammed" },
		{ AIRBNK(SN, V3_00, "30", "00"), "" },
		{ AIRBNK(SN, V3_00, "80", "00"), "locked" },
		{ AIRBNK(SN, V3_00, "90", "00"), "unlocked" },
		{ AIRBNK(SN, V3_00, "a0", "00"), "jammed" },
		{ AIRBNK(SN, V3_00, "b0", "00"), "" },
		/* Other bits of the state byte do not matter. */
		{ AIRBNK(SN, V3_00, "4f", "00"), "unlocked" },
	};
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		assert_true(decode_hex(v[i].hex, &o));
		check_sane(&o);
		assert_string_equal(o.lock_state, v[i].want);
	}
}

/* Battery: voltage in mV, the low flag in evidence, nonsense dropped. */
static void
test_battery(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex(AIRBNK(SN, "00f5", "10", "10"), &o));
	check_sane(&o);
	assert_int_equal(o.battery_mv, 2450);
	assert_non_null(strstr(o.evidence, "low-battery flag set"));
	assert_true(decode_hex(AIRBNK(SN, "04b0", "10", "00"), &o));
	assert_int_equal(o.battery_mv, 12000);
	assert_true(decode_hex(AIRBNK(SN, "04b1", "10", "00"), &o));
	assert_int_equal(o.battery_mv, -1);
	assert_true(decode_hex(AIRBNK(SN, "ffff", "10", "00"), &o));
	assert_int_equal(o.battery_mv, -1);
	assert_true(decode_hex(AIRBNK(SN, "0000", "10", "00"), &o));
	assert_int_equal(o.battery_mv, -1);
	/* Bits other than bit 4 are not the low flag. */
	assert_true(decode_hex(AIRBNK(SN, V3_00, "10", "ef"), &o));
	assert_null(strstr(o.evidence, "low-battery"));
}

/* Serials: NUL padding ends them, bytes from the radio made safe. */
static void
test_serial(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex(AIRBNK("423130300000000000", V3_00, "10", "00"),
	    &o));
	assert_string_equal(o.model, "B100");
	assert_true(decode_hex(AIRBNK("000000000000000000", V3_00, "10", "00"),
	    &o));
	assert_string_equal(o.model, "");
	assert_non_null(strstr(o.evidence, "serial none"));
	/* ESC [ 2 J, a C1 byte, DEL. */
	assert_true(decode_hex(AIRBNK("1b5b324a9b7f414243", V3_00, "10", "00"),
	    &o));
	check_sane(&o);
	assert_string_equal(o.model, "?[2J??ABC");
	assert_null(strchr(o.evidence, 0x1b));
}

/* The service UUID alone, in 16- and 128-bit form. */
static void
test_uuid_only(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" "0303abab", &o));
	check_sane(&o);
	assert_non_null(strstr(o.evidence, "service UUID 0xabab"));
	assert_string_equal(o.model, "");
	assert_string_equal(o.lock_state, "");
	assert_true(decode_hex("1107" "fb349b5f8000008000100000abab0000",
	    &o));
	check_sane(&o);
	/* The same UUID in service data is not the advertised list. */
	assert_false(decode_hex("0416abab00", &o));
}

static void
test_not_airbnk(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_false(decode_hex("", &o));
	assert_false(decode_hex("020106" "0303acab", &o));
	/* BA BA under Apple's company ID: pyairbnk would take it, not us. */
	assert_false(decode_hex("1bff4c00" "baba" "0100010203" SN V3_00
	    "00000001" "1000", &o));
	assert_false(decode_hex("19ffbbba" "0100010203" SN V3_00 "00000001"
	    "1000", &o));
}

/* Every length of the payload, with a consistent AD length. */
static void
test_truncated(void **state)
{
	uint8_t			p[32], b[64];
	struct lockdec_out	o;
	size_t			k;
	long			n;

	(void)state;
	n = hex_decode("0100010203" SN V3_00 "00000001" "1010", p, sizeof p);
	assert_int_equal(n, 22);
	for (k = 0; k <= (size_t)n; k++) {
		b[0] = (uint8_t)(3 + k);
		b[1] = 0xff;
		b[2] = 0xba;
		b[3] = 0xba;
		memcpy(b + 4, p, k);
		assert_true(decode_bytes(b, 4 + k, &o));
		check_sane(&o);
		if (k < 22) {
			assert_non_null(strstr(o.evidence, "too short"));
			assert_string_equal(o.lock_state, "");
			assert_int_equal(o.battery_mv, -1);
			assert_string_equal(o.model, "");
			assert_string_equal(o.protocol, "");
		} else {
			assert_string_equal(o.lock_state, "locked");
			assert_int_equal(o.battery_mv, 3000);
		}
	}
}

/* Every prefix of the whole advert; longer payloads are fine too. */
static void
test_truncated_raw(void **state)
{
	uint8_t			b[128];
	struct lockdec_out	o;
	long			n;

	(void)state;
	n = hex_decode(AIRBNK(SN, V3_00, "90", "10"), b, sizeof b);
	assert_true(n > 0);
	lockdec_test_prefixes(&lockdec_airbnk, addr, b, (size_t)n, check_sane);
	assert_true(decode_hex("1cffbaba" "0100010203" SN V3_00 "00000001"
	    "1000" "aabbcc", &o));
	check_sane(&o);
	assert_string_equal(o.lock_state, "locked");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_advert),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_battery),
		cmocka_unit_test(test_serial),
		cmocka_unit_test(test_uuid_only),
		cmocka_unit_test(test_not_airbnk),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_truncated_raw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
