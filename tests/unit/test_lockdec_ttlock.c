/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_ttlock.c - the TTLock advertisement decoder
 * (src/adv/decoders/lockdec_ttlock.c): both header layouts, setting mode, bolt,
 * battery, lock types and scenes, DFU, wristband, the MAC check, and
 * every truncation of the vendor payload.
 *
 * Vectors are whole advertising data.  The manufacturer data of each is
 * the byte vector of the cited test, written as an AD structure: the
 * first two payload bytes are the "company ID" position, which TTLock
 * uses for protocol bytes (kind3r/ttlock-sdk-js:src/device/
 * TTBluetoothDevice.ts, parseManufacturerData).
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

/* AA:BB:CC:11:22:33 (roquerodrigo/ttlock-ble tests MAC_TAIL), HCI order. */
static const uint8_t addr_ble[6] = { 0x33, 0x22, 0x11, 0xcc, 0xbb, 0xaa };
/* AA:BB:CC:DD:EE:FF (n8henrie/ttlock-rs advertisement.rs LOCK_MAC). */
static const uint8_t addr_rs[6] = { 0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa };
/* C4:7C:8D:6A:12:01 and D2:41:7A:33:9C:5E: tests/scenarios/demo.json. */
static const uint8_t addr_front[6] = { 0x01, 0x12, 0x6a, 0x8d, 0x7c, 0xc4 };
static const uint8_t addr_garage[6] = { 0x5e, 0x9c, 0x33, 0x7a, 0x41, 0xd2 };

/* This file's decoder, bound into lockdec_test.h; addresses vary. */
#define decode_bytes(p, n, a, o) \
	lockdec_test_decode(&lockdec_ttlock, (a), (p), (n), (o))
#define decode_hex(hex, a, o) \
	lockdec_test_decode_hex(&lockdec_ttlock, (a), (hex), (o))

/* What every result must keep (the checks of fuzz_lock_common.h). */
static void
check_contract(const struct lockdec_out *o)
{
	lockdec_test_assert_contract(o, "ttlock");
	lockdec_test_assert_pairing_in(o->pairing_state, LOCKDEC_UNPAIRED,
	    LOCKDEC_PAIRED, NULL);
	assert_in_range(o->battery_percent + 1, 0, 101);
	assert_int_equal(o->battery_mv, -1);
	assert_false(o->encrypted);
}

/* Every shortening of a vector (lockdec_test_truncations()). */
#define truncations(adv, n, off, a) \
	lockdec_test_truncations(&lockdec_ttlock, (a), (adv), (n), (off), \
	    check_contract, NULL, NULL)

/*
 * V3 header, initialised, locked: roquerodrigo/ttlock-ble:
 * tests/test_lock_advertisement.py@229e0e4 v3_manufacturer_data(0x00):
 * company 0x0305, payload 02 00 57 00000000 332211ccbbaa.
 */
static void
test_v3_locked(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" "10ff0503" "020057" "00000000"
	    "332211ccbbaa", addr_ble, &o));
	check_contract(&o);
	assert_true(o.is_lock);
	assert_string_equal(o.family, "ttlock");
	assert_string_equal(o.vendor, "TTLock (Sciener)");
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	assert_string_equal(o.evidence,
	    "TTLock: initialised (not in setting mode)");
	assert_int_equal(o.battery_percent, 87);
	assert_string_equal(o.lock_state, "locked");
	assert_string_equal(o.model, "room lock");	/* scene 2 */
	assert_string_equal(o.protocol, "TTLock V3 (5.3)");
	/* 05 03 are protocol bytes, not a company ID: entry 0 says so. */
	assert_int_equal(o.not_company, 1);
	/* The protocol version is not a firmware version. */
	assert_string_equal(o.firmware, "");
}

/*
 * The same test file's flag-bit cases (test_flag_bits): 0x01 unlocked,
 * 0x04 setting mode, 0x07 all three, 0xFF.
 */
static void
test_v3_flag_bits(void **state)
{
	static const struct {
		const char	*flags;
		const char	*pairing;
		const char	*bolt;
	} cases[] = {
		{ "01", LOCKDEC_PAIRED, "unlocked" },
		{ "02", LOCKDEC_PAIRED, "locked" },
		{ "04", LOCKDEC_UNPAIRED, "locked" },
		{ "07", LOCKDEC_UNPAIRED, "unlocked" },
		{ "ff", LOCKDEC_UNPAIRED, "unlocked" },
	};
	struct lockdec_out	o;
	char			hex[80];
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(hex, sizeof hex, "02010610ff050302%s5700000000"
		    "332211ccbbaa", cases[i].flags);
		assert_true(decode_hex(hex, addr_ble, &o));
		check_contract(&o);
		lockdec_test_assert_pairing(o.pairing_state, cases[i].pairing);
		assert_string_equal(o.lock_state, cases[i].bolt);
		if (strcmp(cases[i].pairing, LOCKDEC_UNPAIRED) == 0)
			assert_string_equal(o.evidence,
			    "TTLock setting mode: lock not initialised");
	}
}

/*
 * The other header layout: ttlock-ble test_reads_fields_from_the_shifted_
 * offsets: company 0x0102, body 00 00 05 04 00 03 03 2a 00 + MAC tail:
 * protocol 5.4 (V2S+) at raw[4..5], scene 3, params 0x03, battery 42.
 */
static void
test_alternate_layout(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" "12ff0201" "000005040003032a00"
	    "332211ccbbaa", addr_ble, &o));
	check_contract(&o);
	assert_true(o.is_lock);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	assert_string_equal(o.lock_state, "unlocked");
	assert_int_equal(o.battery_percent, 42);
	assert_string_equal(o.protocol, "TTLock V2S+ (5.4)");
	assert_string_equal(o.model, "room lock");
}

/*
 * n8henrie/ttlock-rs:crates/ttlock-core/src/advertisement.rs@eaf19cf
 * parses_a_v3_payload: 05 03 02 03 3e 00000000 ffeeddccbbaa (unlocked,
 * new records, not setting mode, 62 %).
 */
static void
test_ttlock_rs_v3(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("10ff0503" "02033e" "00000000" "ffeeddccbbaa",
	    addr_rs, &o));
	check_contract(&o);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	assert_string_equal(o.lock_state, "unlocked");
	assert_int_equal(o.battery_percent, 62);
}

/*
 * ttlock-rs implausible_battery_is_reported_as_absent_not_as_a_number:
 * battery byte 200 is not a battery.
 */
static void
test_battery_out_of_range(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("10ff0503" "0201c8" "00000000" "ffeeddccbbaa",
	    addr_rs, &o));
	check_contract(&o);
	assert_int_equal(o.battery_percent, -1);
	assert_string_equal(o.lock_state, "unlocked");
}

/*
 * Families without a params byte: ttlock-ble test_v2s_family_has_no_
 * state_byte (body 00 00 05 01 00 00 01 5a 00 + MAC): V2S 5.1.  And V2
 * (3.0, kind3r/ttlock-sdk-js:src/constant/Lock.ts lockVersion_V2) in
 * the same shape.  Recognised; no pairing, bolt or battery.
 */
static void
test_stateless_families(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("12ff0201" "00000501000001" "5a00"
	    "332211ccbbaa", addr_ble, &o));
	check_contract(&o);
	assert_true(o.is_lock);
	assert_string_equal(o.family, "ttlock");
	assert_null(o.pairing_state);
	assert_int_equal(o.battery_percent, -1);
	assert_string_equal(o.lock_state, "");
	assert_string_equal(o.protocol, "TTLock V2S (5.1)");
	assert_non_null(strstr(o.evidence, "does not advertise its state"));

	assert_true(decode_hex("12ff0201" "00000300000001" "5a00"
	    "332211ccbbaa", addr_ble, &o));
	check_contract(&o);
	assert_null(o.pairing_state);
	assert_string_equal(o.protocol, "TTLock V2 (3.0)");
}

/*
 * Protocol types below 5 other than 3.0: the SDK calls every one a room
 * lock without params (ttlock-sdk-js TTBluetoothDevice.ts
 * parseManufacturerData: protocolType < 5), and n8henrie/ttlock-rs
 * advertisement.rs@eaf19cf families_without_a_flags_byte_report_no_
 * bolt_position has 3.1 and 4.9 "still identified as a lock" with no
 * bolt.  ttlock-ble test_protocol_older_than_v3 (3.1) returns no state
 * (None), as it does for V2S.  Unknown families at 5 and above (7.9)
 * stay unclaimed.
 */
static void
test_older_headers(void **state)
{
	static const char *const hdr[] = { "0301", "0409", "0400", "0200" };
	char			hex[80];
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	assert_true(decode_hex("12ff0201" "00000301000201" "5a00"
	    "332211ccbbaa", addr_ble, &o));
	check_contract(&o);
	assert_true(o.is_lock);
	assert_string_equal(o.family, "ttlock");
	assert_null(o.pairing_state);
	assert_int_equal(o.battery_percent, -1);
	assert_string_equal(o.lock_state, "");
	assert_string_equal(o.protocol, "TTLock pre-V3 (3.1)");
	assert_non_null(strstr(o.evidence, "does not advertise its state"));
	/* ttlock-rs other_family_payload(t, v, 0x01, 62). */
	for (i = 0; i < sizeof hdr / sizeof hdr[0]; i++) {
		snprintf(hex, sizeof hex, "15ff1122" "3344%s" "0002013e"
		    "00000000" "ffeeddccbbaa", hdr[i]);
		assert_true(decode_hex(hex, addr_rs, &o));
		check_contract(&o);
		assert_true(o.is_lock);
		assert_null(o.pairing_state);
		assert_string_equal(o.lock_state, "");
		assert_int_equal(o.battery_percent, -1);
	}
	assert_false(decode_hex("12ff0201" "00000709000201" "5a00"
	    "332211ccbbaa", addr_ble, &o));
	assert_false(decode_hex("12ff0201" "00000601000201" "5a00"
	    "332211ccbbaa", addr_ble, &o));
}

/*
 * Lock types and scenes (ttlock-sdk-js TTBluetoothDevice.ts switch on
 * scene; ttlock-ble lock_version.py lock_type): 5.3 scene 8 padlock,
 * scene 5 safe, scene 7 V3 car (parking: no bolt), 10.1 CAR, 11.1 MOBI.
 */
static void
test_types_and_scenes(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("10ff0503" "080050" "00000000" "ffeeddccbbaa",
	    addr_rs, &o));
	assert_string_equal(o.model, "padlock");
	assert_true(decode_hex("10ff0503" "050050" "00000000" "ffeeddccbbaa",
	    addr_rs, &o));
	assert_string_equal(o.model, "safe lock");
	assert_true(decode_hex("10ff0503" "070150" "00000000" "ffeeddccbbaa",
	    addr_rs, &o));
	check_contract(&o);
	assert_string_equal(o.model, "parking lock");
	assert_string_equal(o.protocol, "TTLock V3 car (5.3)");
	assert_string_equal(o.lock_state, "");
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	/* ttlock-rs later_families_still_report_status: 10.1, scene 2. */
	assert_true(decode_hex("15ff1122" "33440a01" "0002003e" "00000000"
	    "ffeeddccbbaa", addr_rs, &o));
	check_contract(&o);
	assert_string_equal(o.protocol, "TTLock CAR (10.1)");
	assert_int_equal(o.battery_percent, 62);
	assert_string_equal(o.lock_state, "");
	assert_true(decode_hex("15ff1122" "33440b01" "0001043e" "00000000"
	    "ffeeddccbbaa", addr_rs, &o));
	assert_string_equal(o.protocol, "TTLock MOBI (11.1)");
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_UNPAIRED);
	assert_string_equal(o.lock_state, "locked");
}

/*
 * Firmware-update mode: ttlock-rs dfu_and_short_payloads_are_not_locks
 * (header 18.25, and FF FF), here with the lock MAC at the end as
 * parseManufacturerData places it: recognised, no state.
 */
static void
test_dfu(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("10ff1219" "00000000000000" "ffeeddccbbaa",
	    addr_rs, &o));
	check_contract(&o);
	assert_true(o.is_lock);
	assert_string_equal(o.family, "ttlock");
	assert_null(o.pairing_state);
	assert_int_equal(o.battery_percent, -1);
	assert_non_null(strstr(o.evidence, "DFU"));
	assert_true(decode_hex("10ffffff" "00000000000000" "ffeeddccbbaa",
	    addr_rs, &o));
	assert_null(o.pairing_state);
	/* Without the MAC at the end, 0xFFFF is anybody's test company. */
	assert_false(decode_hex("10ffffff" "00000000000000" "000000000000",
	    addr_rs, &o));
}

/*
 * Wristband (52.18, TTBluetoothDevice.ts isWristband) and V3 remote
 * control (5.3 scene 10, isRemoteControlDevice): TTLock, not locks.
 */
static void
test_not_locks(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("10ff3412" "00000000000000" "ffeeddccbbaa",
	    addr_rs, &o));
	check_contract(&o);
	assert_false(o.is_lock);
	assert_null(o.family);
	assert_non_null(strstr(o.evidence, "wristband"));
	assert_true(decode_hex("10ff0503" "0a0050" "00000000" "ffeeddccbbaa",
	    addr_rs, &o));
	check_contract(&o);
	assert_false(o.is_lock);
	assert_null(o.pairing_state);
	assert_non_null(strstr(o.evidence, "remote control"));
}

/*
 * The demo site (tests/scenarios/demo.json, the same layout): front door
 * initialised at 80 %, garage padlock (scene 8) in setting mode at 60 %.
 */
static void
test_demo_site(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("02010610ff05030200500000000001126a8d7cc4",
	    addr_front, &o));
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	assert_int_equal(o.battery_percent, 80);
	assert_true(decode_hex("02010610ff050308043c000000005e9c337a41d2",
	    addr_garage, &o));
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_UNPAIRED);
	assert_int_equal(o.battery_percent, 60);
	assert_string_equal(o.model, "padlock");
}

/* The MAC at the end must be the advertiser's: else not TTLock. */
static void
test_mac_mismatch(void **state)
{
	static const uint8_t	other[6] = { 0x34, 0x22, 0x11, 0xcc, 0xbb,
	    0xaa };
	struct lockdec_out	o;

	(void)state;
	assert_false(decode_hex("02010610ff0503020457" "00000000"
	    "332211ccbbaa", other, &o));
	assert_false(decode_hex("02010610ff0503020457" "00000000"
	    "332211ccbbaa", NULL, &o));
}

/*
 * Not TTLock: a HomeKit advert (Apple 0x004C, HAP R14 §7.4.2.1, the
 * demo's patio door), a SwitchBot Lock (pySwitchbot test vector), an
 * empty advert, and a 14-byte V3 payload (below the SDK's minimum).
 */
static void
test_not_this_family(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_false(decode_hex("02010612ff4c00062d01a1b2c3d4e5f606000100"
	    "01020608506174696f", addr_ble, &o));
	assert_false(decode_hex("0dff6909e9d511b26b5317930820"
	    "0616" "3dfd2d8064", addr_ble, &o));
	assert_false(decode_hex("", addr_ble, &o));
	assert_false(decode_hex("0fff0503" "020057" "000000" "332211ccbbaa",
	    addr_ble, &o));
}

/* The TTLock entry is found behind another manufacturer's data. */
static void
test_second_entry(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("05ff4c001005" "10ff0503020457" "00000000"
	    "332211ccbbaa", addr_ble, &o));
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_UNPAIRED);
	assert_int_equal(o.battery_percent, 87);
}

/*
 * Every truncation of the vendor payload: the MAC moves, so nothing is
 * recognised, and nothing reads out of bounds (run under ASan).
 */
static void
test_truncations(void **state)
{
	static const char *const vectors[] = {
		"02010610ff050302045700000000332211ccbbaa",
		"02010612ff0201000005040003032a00332211ccbbaa0409414243",
		"02010612ff020100000501000001" "5a00332211ccbbaa",
		"02010610ff121900000000000000332211ccbbaa",
	};
	uint8_t		b[64];
	size_t		i, n;

	(void)state;
	for (i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		n = lockdec_test_unhex(vectors[i], b, sizeof b);
		assert_int_equal(truncations(b, n, 3, addr_ble), 0);
	}
}

/* Hostile: maximal and all-0xFF payloads, lengths past the end. */
static void
test_hostile(void **state)
{
	uint8_t			b[64];
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	memset(b, 0xff, sizeof b);
	(void)decode_bytes(b, sizeof b, addr_ble, &o);
	check_contract(&o);
	b[0] = 0x1e;
	b[1] = 0xff;
	(void)decode_bytes(b, 31, addr_ble, &o);
	check_contract(&o);
	for (i = 0; i < sizeof b; i++)
		b[i] = (uint8_t)(i * 37 + 11);
	b[0] = 0x3f;
	b[1] = 0xff;
	(void)decode_bytes(b, sizeof b, addr_ble, &o);
	check_contract(&o);
	assert_false(decode_hex("ffff0503", addr_ble, &o));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v3_locked),
		cmocka_unit_test(test_v3_flag_bits),
		cmocka_unit_test(test_alternate_layout),
		cmocka_unit_test(test_ttlock_rs_v3),
		cmocka_unit_test(test_battery_out_of_range),
		cmocka_unit_test(test_stateless_families),
		cmocka_unit_test(test_older_headers),
		cmocka_unit_test(test_types_and_scenes),
		cmocka_unit_test(test_dfu),
		cmocka_unit_test(test_not_locks),
		cmocka_unit_test(test_demo_site),
		cmocka_unit_test(test_mac_mismatch),
		cmocka_unit_test(test_not_this_family),
		cmocka_unit_test(test_second_entry),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
