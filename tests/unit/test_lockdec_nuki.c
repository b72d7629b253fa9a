/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_nuki.c - the Nuki advertisement decoder
 * (src/adv/decoders/lockdec_nuki.c): uninitialised, pairing mode (Smart Lock,
 * Ultra, Opener), door mode iBeacon with and without a pending status
 * update, adverts of other makers, and every truncation.
 *
 * Vectors are whole advertising data, built the way ceckerle/simnuki:
 * src/Advertiser.ts@2097116 builds them for each Nuki state (flags
 * 02 01 06; service data: length, 0x21, UUID reversed, Nuki ID
 * big-endian; door mode: 1a ff 4c 00 02 15, UUID big-endian, Nuki ID,
 * measured power c4), with the UUIDs of I-Connect/NukiBleEsp32:
 * src/NukiLockConstants.h@234ef24 and src/NukiOpenerConstants.h@68da24d.
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
#include "util/hex.h"
#include "tests/unit/lockdec_test.h"

static const uint8_t addr[6] = { 0x3c, 0x5b, 0x2a, 0x72, 0xd2, 0x54 };

/* This file's decoder and address, bound into lockdec_test.h. */
#define decode_bytes(p, n, o) \
	lockdec_test_decode(&lockdec_nuki, addr, (p), (n), (o))
#define decode_hex(hex, o) \
	lockdec_test_decode_hex(&lockdec_nuki, addr, (hex), (o))

/* What every result must keep (the checks of fuzz_lock_common.h). */
static void
check_contract(const struct lockdec_out *o)
{
	lockdec_test_assert_contract(o, "nuki");
	/* Every Nuki signal says something about pairing. */
	assert_non_null(o->pairing_state);
	lockdec_test_assert_pairing_in(o->pairing_state, LOCKDEC_UNPAIRED,
	    LOCKDEC_WINDOW, LOCKDEC_PAIRED);
	assert_int_equal(o->battery_percent, -1);
	assert_int_equal(o->battery_mv, -1);
	assert_string_equal(o->lock_state, "");
	assert_false(o->encrypted);
}

/* Every shortening of a vector (lockdec_test_truncations()); *with_id
   counts the recognised ones that still showed a Nuki ID. */
#define truncations(adv, n, off, with_id) \
	lockdec_test_truncations(&lockdec_nuki, addr, (adv), (n), (off), \
	    check_contract, "Nuki ID", (with_id))

/*
 * Pairing mode: the demo site's shed door (tests/scenarios/demo.json),
 * service data a92ee100-5501-11e4-916c-0800200c9a66 + Nuki ID 1F2E3D4C,
 * what NukiBleEsp32 src/NukiBle.cpp onResult takes as "nuki in pairing
 * state".
 */
static void
test_pairing_mode(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("0201061521669a0c2000086c91e411015500e12ea9"
	    "1f2e3d4c" "0e094e756b695f3146324533443443", &o));
	check_contract(&o);
	assert_true(o.is_lock);
	assert_string_equal(o.family, "nuki");
	assert_string_equal(o.vendor, "Nuki");
	assert_string_equal(o.model, "Smart Lock");
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_WINDOW);
	assert_string_equal(o.evidence,
	    "Nuki pairing mode (button held) (Nuki ID 1F2E3D4C)");
	assert_string_equal(o.protocol, "Nuki ID 1F2E3D4C");
}

/* Smart Lock Ultra pairing service a92ee300-... (NukiLockConstants.h). */
static void
test_pairing_mode_ultra(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("0201061521669a0c2000086c91e411015500e32ea9"
	    "2a1b3c4d", &o));
	check_contract(&o);
	assert_true(o.is_lock);
	assert_string_equal(o.model, "Smart Lock Ultra");
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_WINDOW);
	assert_non_null(strstr(o.evidence, "Nuki pairing mode (button held)"));
}

/*
 * Opener pairing service a92ae100-... (NukiOpenerConstants.h): an
 * intercom adapter, recognised as not a lock, with its pairing window.
 */
static void
test_pairing_mode_opener(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("0201061521669a0c2000086c91e411015500e12aa9"
	    "2a1b3c4d", &o));
	check_contract(&o);
	assert_false(o.is_lock);
	assert_null(o.family);
	assert_string_equal(o.model, "Opener");
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_WINDOW);
	assert_non_null(strstr(o.evidence, "Opener pairing mode"));
}

/*
 * Uninitialised: the keyturner initialization service a92ee000-...
 * (simnuki src/Protocol.ts INITIALIZATION_SERVICE_UUID, advertised in
 * state NUKI_STATE_UNINITIALIZED; API v2.1 §2).
 */
static void
test_uninitialised(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("0201061521669a0c2000086c91e411015500e02ea9"
	    "2a1b3c4d", &o));
	check_contract(&o);
	assert_true(o.is_lock);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_UNPAIRED);
	assert_string_equal(o.evidence,
	    "Nuki not initialised (Nuki ID 2A1B3C4D)");
}

/*
 * Door mode: the demo site's side door, iBeacon a92ee200-..., Nuki ID
 * 2A5B3C4D, measured power c4 (bit0 clear: nothing pending).
 */
static void
test_door_mode(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("0201061aff4c000215a92ee200550111e4916c0800"
	    "200c9a662a5b3c4dc4" "0e094e756b695f3241354233433444", &o));
	check_contract(&o);
	assert_true(o.is_lock);
	assert_string_equal(o.family, "nuki");
	assert_string_equal(o.model, "Smart Lock");
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	assert_string_equal(o.evidence,
	    "Nuki door mode: paired (Nuki ID 2A5B3C4D)");
	assert_string_equal(o.protocol, "Nuki ID 2A5B3C4D");
}

/*
 * Door mode with measured power c5: bit0 set, "status update available"
 * (NukiBleEsp32 onResult: getSignalPower() & 0x01 -> KeyTurnerStatus
 * Updated).
 */
static void
test_door_mode_pending(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("0201061aff4c000215a92ee200550111e4916c0800"
	    "200c9a662a1b3c4dc5", &o));
	check_contract(&o);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	assert_non_null(strstr(o.evidence, "status update pending"));
}

/* Opener door mode: iBeacon a92ae200-... (openerServiceUUID). */
static void
test_door_mode_opener(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("0201061aff4c000215a92ae200550111e4916c0800"
	    "200c9a662a1b3c4dc4", &o));
	check_contract(&o);
	assert_false(o.is_lock);
	assert_null(o.family);
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_PAIRED);
	assert_non_null(strstr(o.evidence, "Opener door mode: paired"));
}

/*
 * A stale iBeacon and a fresh pairing-mode scan response merged in one
 * record: the pairing window wins.
 */
static void
test_pairing_beats_beacon(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("1aff4c000215a92ee200550111e4916c0800"
	    "200c9a662a1b3c4dc4" "1521669a0c2000086c91e411015500e12ea9"
	    "2a1b3c4d", &o));
	lockdec_test_assert_pairing(o.pairing_state, LOCKDEC_WINDOW);
}

/*
 * Not Nuki: an ordinary iBeacon (proximity UUID e2c56db5-dffb-48d2-
 * b060-d0f5a71096e0, as captured in piotrm35/ARCH_TMP:BLE_test_1.6.b/
 * aux_maps/DEV_MAP.py "TEST_c5"), a UUID with Nuki's first bytes and
 * another tail, Tedee's 128-bit service in service data (tedee-com/
 * tedee-lock-ble-api-doc: docs/source/ble/advertisement.rst), a
 * SwitchBot Lock (pySwitchbot test vector), nothing at all.
 */
static void
test_not_this_family(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_false(decode_hex("1aff4c000215e2c56db5dffb48d2b060d0f5a710"
	    "96e000000000c5", &o));
	assert_false(decode_hex("1aff4c000215a92ee200550111e4916c0800"
	    "200c9a672a1b3c4dc4", &o));
	assert_false(decode_hex("1521669a0c2000086c91e411015500e42ea9"
	    "2a1b3c4d", &o));
	assert_false(decode_hex("1521b01d4b54eefb01a39f489948020000002a1b3c4d",
	    &o));
	assert_false(decode_hex("0dff6909e9d511b26b5317930820" "06163dfd2d8064",
	    &o));
	assert_false(decode_hex("", &o));
	/* Apple data that is not an iBeacon (02 15). */
	assert_false(decode_hex("0aff4c0010050318a92ee200", &o));
}

/*
 * Every truncation.  Service data: recognised from the full UUID on
 * (length octets 17-20: UUID + 0-3 ID bytes), never with an ID.
 * iBeacon: from 02 15 + UUID on (octets 21-25); the ID only at 25,
 * where all 4 of its bytes are in and only the measured power is cut.
 */
static void
test_truncations(void **state)
{
	uint8_t		b[80];
	size_t		n;
	unsigned	ids;

	(void)state;
	n = lockdec_test_unhex(
	    "0201061521669a0c2000086c91e411015500e12ea92a1b3c4d"
	    "0e094e756b695f3241314233433444", b, sizeof b);
	assert_int_equal(truncations(b, n, 3, &ids), 4);
	assert_int_equal(ids, 0);
	n = lockdec_test_unhex(
	    "0201061521669a0c2000086c91e411015500e02ea92a1b3c4d", b, sizeof b);
	assert_int_equal(truncations(b, n, 3, &ids), 4);
	assert_int_equal(ids, 0);
	n = lockdec_test_unhex(
	    "0201061aff4c000215a92ee200550111e4916c0800200c9a66"
	    "2a1b3c4dc5", b, sizeof b);
	assert_int_equal(truncations(b, n, 3, &ids), 5);
	assert_int_equal(ids, 1);
}

/* Hostile: long service data after the UUID, junk, lengths overrun. */
static void
test_hostile(void **state)
{
	uint8_t			b[64];
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	/* 30 bytes of service data behind the pairing UUID: ID = first 4. */
	assert_true(decode_hex("2e21669a0c2000086c91e411015500e12ea9"
	    "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e",
	    &o));
	check_contract(&o);
	assert_string_equal(o.protocol, "Nuki ID 01020304");
	/* An iBeacon with extra bytes after the measured power. */
	assert_true(decode_hex("1cff4c000215a92ee200550111e4916c0800"
	    "200c9a662a1b3c4dc5ffff", &o));
	check_contract(&o);
	memset(b, 0xff, sizeof b);
	(void)decode_bytes(b, sizeof b, &o);
	for (i = 0; i < sizeof b; i++)
		b[i] = (uint8_t)(i * 29 + 5);
	b[0] = 0x21;
	b[1] = 0x21;
	(void)decode_bytes(b, sizeof b, &o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairing_mode),
		cmocka_unit_test(test_pairing_mode_ultra),
		cmocka_unit_test(test_pairing_mode_opener),
		cmocka_unit_test(test_uninitialised),
		cmocka_unit_test(test_door_mode),
		cmocka_unit_test(test_door_mode_pending),
		cmocka_unit_test(test_door_mode_opener),
		cmocka_unit_test(test_pairing_beats_beacon),
		cmocka_unit_test(test_not_this_family),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
