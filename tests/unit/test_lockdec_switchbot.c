/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_switchbot.c - the SwitchBot advertisement decoder
 * (src/adv/decoders/lockdec_switchbot.c): every lock model of pySwitchbot's
 * test suite (both layouts, device-type byte and 4-byte suffix), calibration,
 * other SwitchBot products as not locks, legacy UUIDs, adverts of other
 * makers, and every truncation.
 *
 * Vectors: sblibs/pySwitchbot:tests/test_adv_parser.py@2c5ee33, where
 * each case is manufacturer data for company 2409 (0x0969) and service
 * data for 0000fd3d-...; here written as whole advertising data: the
 * ADV_IND part (flags, manufacturer data) followed by the SCAN_RSP part
 * (service data 0xFD3D), as lockscope merges them into one record.
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

static const uint8_t addr[6] = { 0x90, 0x44, 0x7b, 0x3a, 0x6c, 0xe1 };

/* This file's decoder and address, bound into lockdec_test.h. */
#define decode_bytes(p, n, o) \
	lockdec_test_decode(&lockdec_switchbot, addr, (p), (n), (o))
#define decode_hex(hex, o) \
	lockdec_test_decode_hex(&lockdec_switchbot, addr, (hex), (o))

/* What every result must keep (the checks of fuzz_lock_common.h). */
static void
check_contract(const struct lockdec_out *o)
{
	lockdec_test_assert_contract(o, "switchbot");
	assert_null(o->pairing_state);		/* never advertised */
	assert_in_range(o->battery_percent + 1, 0, 101);
	assert_int_equal(o->battery_mv, -1);
	assert_false(o->encrypted);
}

/* Every shortening of a vector (lockdec_test_truncations()). */
#define truncations(adv, n, off) \
	lockdec_test_truncations(&lockdec_switchbot, addr, (adv), (n), \
	    (off), check_contract, NULL, NULL)

/*
 * test_lock_active, Lock Lite: mfr e9d511b26b53 17 93 08 20, service
 * data 2d 80 64 -> battery 100, calibrated, UNLOCKED.
 */
static void
test_lock_lite(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" "0dff6909e9d511b26b5317930820"
	    "06163dfd2d8064", &o));
	check_contract(&o);
	assert_true(o.is_lock);
	assert_string_equal(o.family, "switchbot");
	assert_string_equal(o.vendor, "SwitchBot (Woan)");
	assert_string_equal(o.model, "Lock Lite");
	assert_int_equal(o.battery_percent, 100);
	assert_string_equal(o.lock_state, "unlocked");
	assert_string_equal(o.evidence,
	    "SwitchBot Lock Lite: unlocked, calibrated");
}

/* test_lock_active, Lock ('o'): mfr eef5e6098fe8 11 97 08 20, 6f 80 64. */
static void
test_lock(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" "0dff6909eef5e6098fe811970820"
	    "06163dfd6f8064", &o));
	check_contract(&o);
	assert_string_equal(o.model, "Lock");
	assert_int_equal(o.battery_percent, 100);
	assert_string_equal(o.lock_state, "unlocked");
}

/*
 * test_lock_active, Lock Pro ('$'): mfr f7610748e6e8 3a 8a 00 64 00 00,
 * service data 24 80 64 -> battery 100 from mfr[9], UNLOCKED (bits 3-6).
 */
static void
test_lock_pro(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" "0fff6909f7610748e6e83a8a00640000"
	    "06163dfd248064", &o));
	check_contract(&o);
	assert_true(o.is_lock);
	assert_string_equal(o.model, "Lock Pro");
	assert_int_equal(o.battery_percent, 100);
	assert_string_equal(o.lock_state, "unlocked");
}

/*
 * test_lock_active, Lock Ultra: mfr b0e9feb66a3d 25 82 30 34 00 04,
 * service data 00 80 34 00 10 a5 b8 (suffix) -> 52 %, LOCKED.
 */
static void
test_lock_ultra(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" "0fff6909b0e9feb66a3d258230340004"
	    "0a163dfd00803400" "10a5b8", &o));
	check_contract(&o);
	assert_string_equal(o.model, "Lock Ultra");
	assert_int_equal(o.battery_percent, 52);
	assert_string_equal(o.lock_state, "locked");
}

/*
 * test_lock_active, Lock Ultra Max: calibrated, UNLOCKED, 100 %
 * (suffix 00 11 9f b8); and not calibrated, status 2 (LOCKING), 80 %
 * (suffix 01 11 9f b8): the status of an uncalibrated lock is not valid
 * (OpenWonderLabs/SwitchBotAPI-BLE:devicetypes/lock.md), not reported.
 */
static void
test_lock_ultra_max(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" "0fff6909b0e9fe1122332a8818640091"
	    "0a163dfd00806400119fb8", &o));
	check_contract(&o);
	assert_string_equal(o.model, "Lock Ultra Max");
	assert_int_equal(o.battery_percent, 100);
	assert_string_equal(o.lock_state, "unlocked");
	assert_true(decode_hex("020106" "0fff6909b0e9fe4455662b1000500000"
	    "0a163dfd00805001119fb8", &o));
	check_contract(&o);
	assert_string_equal(o.model, "Lock Ultra Max");
	assert_int_equal(o.battery_percent, 80);
	assert_string_equal(o.lock_state, "");
	assert_non_null(strstr(o.evidence, "not calibrated"));
}

/*
 * test_lock_active, Lock Vision (suffix 00 11 69 08, Lite layout: the
 * battery in service data [2] = 46) and Lock Vision Pro (00 11 69 09,
 * Pro layout: mfr[9] = 51); both not calibrated.
 */
static void
test_lock_vision(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" "13ff6909b0e9fe6fc9a60a00002e000c"
	    "00000000" "0a163dfd00802e00116908", &o));
	check_contract(&o);
	assert_true(o.is_lock);
	assert_string_equal(o.model, "Lock Vision");
	assert_int_equal(o.battery_percent, 46);
	assert_string_equal(o.lock_state, "");
	assert_true(decode_hex("020106" "13ff6909b0e9fee61a7103000033000c"
	    "00000000" "0a163dfd00803300116909", &o));
	check_contract(&o);
	assert_string_equal(o.model, "Lock Vision Pro");
	assert_int_equal(o.battery_percent, 51);
}

/*
 * test_lock_active, Lock Pro WiFi: mfr b0e9feb05efe 0e 02 00 3d 00 08,
 * service data 00 80 3d 00 10 ff 90 -> 61 %.
 */
static void
test_lock_pro_wifi(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" "0fff6909b0e9feb05efe0e02003d0008"
	    "0a163dfd00803d0010ff90", &o));
	check_contract(&o);
	assert_string_equal(o.model, "Lock Pro Wifi");
	assert_int_equal(o.battery_percent, 61);
}

/*
 * The demo site's bedroom door (tests/scenarios/demo.json, laid out as
 * pySwitchbot reads it): Lock, seq 42, calibrated, locked, 90 %.  And every
 * status value of the Lock layout (const/lock.py LockStatus).
 */
static void
test_demo_and_states(void **state)
{
	static const char *const want[] = {
		"locked", "unlocked", "locking", "unlocking", "jammed",
		"jammed", "not fully locked", "half-locked",
	};
	struct lockdec_out	o;
	char			hex[120];
	unsigned		s;

	(void)state;
	assert_true(decode_hex("0201060dff6909e16c3a7b44902a8000000709576f4c"
	    "6f636b" "06163dfd6f805a11071bc5d5a50200b89fe6114d22000da2cb", &o));
	check_contract(&o);
	assert_string_equal(o.model, "Lock");
	assert_int_equal(o.battery_percent, 90);
	assert_string_equal(o.lock_state, "locked");
	for (s = 0; s < 8; s++) {
		snprintf(hex, sizeof hex, "0dff6909e16c3a7b44902a%02x0000"
		    "06163dfd6f805a", 0x80 | s << 4);
		assert_true(decode_hex(hex, &o));
		assert_string_equal(o.lock_state, want[s]);
	}
	/* Pro layout: 4-bit status, 8 and up are not documented. */
	assert_true(decode_hex("0fff6909f7610748e6e83ac000640000"
	    "06163dfd248064", &o));
	check_contract(&o);
	assert_string_equal(o.lock_state, "");
	assert_non_null(strstr(o.evidence, "not documented"));
}

/*
 * Service data byte 0 bit7 (pySwitchbot isEncrypted, masked off before
 * the model lookup in adv_parser.py): still a Lock, state still plain.
 */
static void
test_encrypted_flag(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("0dff6909eef5e6098fe811970820" "06163dfdef8064",
	    &o));
	check_contract(&o);
	assert_string_equal(o.model, "Lock");
	assert_string_equal(o.lock_state, "unlocked");
}

/* Service data only (no manufacturer data seen): model and battery. */
static void
test_scan_response_only(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("06163dfd2d8064", &o));
	check_contract(&o);
	assert_true(o.is_lock);
	assert_int_equal(o.battery_percent, 100);
	assert_string_equal(o.lock_state, "");
	assert_non_null(strstr(o.evidence, "not in this advertisement"));
}

/*
 * Other SwitchBot products, pySwitchbot test_adv_parser.py: the Bot of
 * test_new_bot_firmware (legacy service data 0x0D00 48 10 e1, company
 * 89), the Meter of test_wosensor_passive_and_active ('T'), the contact
 * sensor of test_parse_advertisement_data_contact ('d'), the curtain of
 * test_parse_advertisement_data_curtain_position_zero (legacy UUID),
 * the Hub 3 of test_hub3_active.
 */
static void
test_not_locks(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" "09ff5900d82eadcd0d85" "0616000d4810e1",
	    &o));
	check_contract(&o);
	assert_false(o.is_lock);
	assert_null(o.family);
	assert_string_equal(o.model, "Bot");
	assert_string_equal(o.evidence,
	    "SwitchBot Bot (device type 'H'): not a lock");
	assert_true(decode_hex("0eff6909d7c17d5deb43de03069835"
	    "09163dfd5400e4069835", &o));
	check_contract(&o);
	assert_false(o.is_lock);
	assert_string_equal(o.model, "Meter");
	assert_true(decode_hex("0eff6909e7ab46ac8f927c0f001104"
	    "0c163dfd64406405007500f812", &o));
	assert_false(o.is_lock);
	assert_string_equal(o.model, "Contact Sensor");
	assert_true(decode_hex("09ff5900c1c7277d55ab" "0916000d63d0ce641104",
	    &o));
	assert_false(o.is_lock);
	assert_string_equal(o.model, "Curtain");
	/* test_hub3_active: named by the suffix 00 10 b9 40. */
	assert_true(decode_hex("14ff6909b0e9fe6e5e2900ff6826d66483039934"
	    "80" "0a163dfd0000640010b940", &o));
	check_contract(&o);
	assert_false(o.is_lock);
	assert_string_equal(o.evidence, "SwitchBot Hub 3: not a lock");
}

/*
 * Not SwitchBot, or not enough to say: manufacturer data 0x0969 alone
 * (pySwitchbot test_contact_sensor_mfr_no_service_data: passive data is
 * ambiguous), an unknown device type, empty service data
 * (test_parse_advertisement_data_empty), a TTLock and a Nuki advert.
 */
static void
test_not_this_family(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_false(decode_hex("10ff6909cb39cdc43d46412c0046018fc4", &o));
	assert_false(decode_hex("06163dfd018064", &o));
	assert_false(decode_hex("0eff6309e7ab46ac8f927c0f001104" "03163dfd",
	    &o));
	assert_false(decode_hex("02010610ff05030200500000000001126a8d7cc4",
	    &o));
	assert_false(decode_hex("0201061aff4c000215a92ee200550111e4916c0800"
	    "200c9a662a5b3c4dc4", &o));
	assert_false(decode_hex("", &o));
	/* A suffix-looking tail whose first byte is not 00/01. */
	assert_false(decode_hex("0a163dfd00803400" "1010a5b8", &o));
}

/*
 * Every truncation of the manufacturer data (state fields appear only
 * once the layout's bytes are all in) and of the service data (the
 * model needs byte 0; suffix models need the whole suffix).
 */
static void
test_truncations(void **state)
{
	uint8_t			b[80];
	struct lockdec_out	o;
	size_t			n;

	(void)state;
	/*
	 * Lock Lite: the service data is intact, so every cut is a Lock,
	 * except length 0, which ends the advertising data (Core Vol 3
	 * Part C §11) and hides the service data behind it.
	 */
	n = lockdec_test_unhex(
	    "0201060dff6909e9d511b26b5317930820" "06163dfd2d8064", b, sizeof b);
	assert_int_equal(truncations(b, n, 3), 12);
	/* Cutting the service data: recognised from byte 0 on (2 of 6). */
	assert_int_equal(truncations(b, n, 17), 2);
	/* Lock Ultra: the suffix is last, any cut of it loses the model. */
	n = lockdec_test_unhex(
	    "0fff6909b0e9feb66a3d258230340004" "0a163dfd00803400"
	    "10a5b8", b, sizeof b);
	assert_int_equal(truncations(b, n, 16), 0);
	assert_int_equal(truncations(b, n, 0), 14);
	/* Lock Pro with 11 bytes of mfr: model only, no state, no battery. */
	assert_true(decode_hex("0eff6909f7610748e6e83a8a006400"
	    "06163dfd248064", &o));
	check_contract(&o);
	assert_int_equal(o.battery_percent, -1);
	assert_string_equal(o.lock_state, "");
}

/* Hostile: all-0xFF, long service data, garbage. */
static void
test_hostile(void **state)
{
	uint8_t			b[64];
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	memset(b, 0xff, sizeof b);
	(void)decode_bytes(b, sizeof b, &o);
	/* 0xFF type bytes: 0x7f is no known device type. */
	assert_false(decode_hex("1e163dfd" "ffffffffffffffffffffffffffffff"
	    "ffffffffffffffffffffffff", &o));
	/* Lock with every mfr bit set: status 7, battery 127 rejected. */
	assert_true(decode_hex("0dff6909ffffffffffffffffffff" "06163dfd2dffff",
	    &o));
	check_contract(&o);
	assert_int_equal(o.battery_percent, -1);
	assert_string_equal(o.lock_state, "half-locked");
	for (i = 0; i < sizeof b; i++)
		b[i] = (uint8_t)(i * 53 + 3);
	b[0] = 0x10;
	b[1] = 0x16;
	b[2] = 0x3d;
	b[3] = 0xfd;
	(void)decode_bytes(b, sizeof b, &o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock_lite),
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_lock_pro),
		cmocka_unit_test(test_lock_ultra),
		cmocka_unit_test(test_lock_ultra_max),
		cmocka_unit_test(test_lock_vision),
		cmocka_unit_test(test_lock_pro_wifi),
		cmocka_unit_test(test_demo_and_states),
		cmocka_unit_test(test_encrypted_flag),
		cmocka_unit_test(test_scan_response_only),
		cmocka_unit_test(test_not_locks),
		cmocka_unit_test(test_not_this_family),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
