/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_xiaomi.c - the Xiaomi MiBeacon decoder
 * (src/adv/decoders/lockdec_xiaomi.c).
 *
 * Real captures come from custom-components/ble_monitor:
 * custom_components/ble_monitor/test/test_xiaomi_parser.py@018cfca: each
 * data_string there is an HCI LE Advertising Report; the AD data is the
 * part between the data length octet and the RSSI octet, and the
 * sender's address is the 6 bytes after the address type (already
 * little-endian).  The synthetic frames follow Xiaomi's document
 * MiEcosystem/miio_open:ble/02-米家BLE MiBeacon协议.md@3f3f9f6 (frame
 * control, capability) and the SDK encoder atc1441/ATC_TLSR_Paper:
 * Firmware/components/vendor/common/mijia_ble/libs/common/
 * mible_beacon.c@16fb32e (mibeacon_adv_data_set: capability {bondAbility
 * 1} = 0x08 when not registered); object 0x100A (battery %, 1 byte) as
 * in ble_monitor ble_parser/xiaomi.py@056feba obj100a.
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

/* Senders of the ble_monitor captures, little-endian as on the wire. */
static const uint8_t addr_znms16[6] = { 0x91, 0x8a, 0xeb, 0x44, 0x1f, 0xd7 };
static const uint8_t addr_sv40[6] = { 0x3d, 0x04, 0xa3, 0x33, 0x0c, 0x98 };
static const uint8_t addr_xmznms08[6] = { 0x98, 0xbe, 0x44, 0x73, 0x89, 0xee };
static const uint8_t addr_lywsd03[6] = { 0x4c, 0x94, 0xb4, 0x38, 0xc1, 0xa4 };

/* test_Xiaomi_ZNMS16LM_fingerprint: Aqara ZNMS16LM, MiBeacon v4, frame
   control 0x4450 (MAC, object, auth mode 1), object 0x0006 in clear. */
#define ZNMS16_FINGER "020106030295fe161695fe50449e0642918aeb441fd7" \
	"060005ffffffff00"
/* test_Xiaomi_ZNMS16LM_lock: same lock, object 0x000B (lock event). */
#define ZNMS16_LOCK "020106030295fe1a1695fe50449e0643918aeb441fd7" \
	"0b000920020001807c442f61"
/* test_Xiaomi_SV40_door: Lockin SV40, v5, fc 0x5548 (registered,
   encrypted object). */
#define SV40_DOOR "020106171695fe4855c211144e28703276fccd3d00000080e72280"
/* test_Xiaomi_XMZNMS08LM_lock: Xiaomi Door Lock 1S, v5, fc 0x5548. */
#define XMZNMS08_LOCK "0201061B1695FE4855390E35BF9FD9A08BEFF236EC5BD831" \
	"5300008E550B6E"
/* test_Xiaomi_LYWSD03MMC: a thermometer (product 0x055B), v3. */
#define LYWSD03 "151695fe50305b05034c94b438c1a40d10041001ea01"

/* Synthetic v5 connectable beacons of a ZNMS17LM (0x069F) per the SDK:
   fc = version 5 | auth mode 2 | MAC | capability (+ flags), then
   counter, MAC, capability 0x08. */
#define ZNMS17_BEACON(fc) "020106" "0f1695fe" fc "9f06" "01" \
	"918aeb441fd7" "08"
/* Registered beacon: no capability (SDK: only when not registered). */
#define ZNMS17_REG "020106" "0e1695fe" "1059" "9f06" "02" "918aeb441fd7"
/* ZNMS16LM-style v4 frame carrying object 0x100A in clear. */
#define ZNMS16_BATT(v) "020106" "121695fe" "5044" "9e06" "44" \
	"918aeb441fd7" "0a1001" v

/* This file's decoder, bound into lockdec_test.h; addresses vary. */
#define decode_bytes(p, n, a, o) \
	lockdec_test_decode(&lockdec_xiaomi, (a), (p), (n), (o))
#define decode_hex(hex, a, o) \
	lockdec_test_decode_hex(&lockdec_xiaomi, (a), (hex), (o))

static void
check_sane(const struct lockdec_out *o)
{
	lockdec_test_assert_terminated(o);
	assert_true(o->battery_percent >= -1 && o->battery_percent <= 100);
	assert_int_equal(o->battery_mv, -1);
	assert_string_equal(o->lock_state, "");
	if (o->family != NULL) {
		assert_string_equal(o->family, "xiaomi");
		assert_true(o->is_lock);
	} else {
		assert_false(o->is_lock);
	}
	lockdec_test_assert_pairing_in(o->pairing_state, LOCKDEC_PAIRED,
	    LOCKDEC_UNPAIRED, LOCKDEC_WINDOW);
}

/* Aqara lock sending events in clear: no capability field, so bound. */
static void
test_znms16lm(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex(ZNMS16_FINGER, addr_znms16, &o));
	check_sane(&o);
	assert_true(o.is_lock);
	assert_string_equal(o.model, "ZNMS16LM");
	assert_string_equal(o.protocol, "MiBeacon v4");
	assert_string_equal(o.pairing_state, LOCKDEC_PAIRED);
	assert_non_null(strstr(o.evidence, "without capability field"));
	assert_false(o.encrypted);
	assert_int_equal(o.battery_percent, -1);
	assert_true(decode_hex(ZNMS16_LOCK, addr_znms16, &o));
	check_sane(&o);
	assert_string_equal(o.pairing_state, LOCKDEC_PAIRED);
	/* A lock event is not turned into a lock state. */
	assert_string_equal(o.lock_state, "");
}

/* v5 locks with encrypted events and the registered flag. */
static void
test_registered_encrypted(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex(SV40_DOOR, addr_sv40, &o));
	check_sane(&o);
	assert_string_equal(o.model, "Lockin-SV40");
	assert_string_equal(o.protocol, "MiBeacon v5");
	assert_string_equal(o.pairing_state, LOCKDEC_PAIRED);
	assert_non_null(strstr(o.evidence, "'registered and bound' flag set"));
	assert_non_null(strstr(o.evidence, "payload encrypted"));
	assert_true(o.encrypted);
	assert_int_equal(o.battery_percent, -1);
	assert_true(decode_hex(XMZNMS08_LOCK, addr_xmznms08, &o));
	check_sane(&o);
	assert_string_equal(o.model, "XMZNMS08LM");
	assert_string_equal(o.pairing_state, LOCKDEC_PAIRED);
	assert_true(o.encrypted);
	assert_string_equal(o.vendor, "Xiaomi (MiBeacon)");
}

/* Beacons of the binding flow: solicited, registered, neither. */
static void
test_binding_flags(void **state)
{
	struct lockdec_out	o;

	(void)state;
	/* fc 0x5A30: solicited (the user pressed the lock's button). */
	assert_true(decode_hex(ZNMS17_BEACON("305a"), addr_znms16, &o));
	check_sane(&o);
	assert_string_equal(o.model, "ZNMS17LM");
	assert_string_equal(o.pairing_state, LOCKDEC_WINDOW);
	assert_non_null(strstr(o.evidence, "Xiaomi lock asks an app to bind"));
	assert_false(o.encrypted);
	/* fc 0x5830: neither flag, capability present: not conclusive. */
	assert_true(decode_hex(ZNMS17_BEACON("3058"), addr_znms16, &o));
	check_sane(&o);
	assert_null(o.pairing_state);
	assert_non_null(strstr(o.evidence, "not conclusive"));
	/* fc 0x5910: registered. */
	assert_true(decode_hex(ZNMS17_REG, addr_znms16, &o));
	check_sane(&o);
	assert_string_equal(o.pairing_state, LOCKDEC_PAIRED);
	/* Solicited wins over registered (a window is open now). */
	assert_true(decode_hex(ZNMS17_BEACON("305b"), addr_znms16, &o));
	assert_string_equal(o.pairing_state, LOCKDEC_WINDOW);
	/* Version 3 frame control (0x3b30): flags not read. */
	assert_true(decode_hex(ZNMS17_BEACON("303b"), addr_znms16, &o));
	check_sane(&o);
	assert_null(o.pairing_state);
	assert_string_equal(o.protocol, "MiBeacon v3");
	assert_non_null(strstr(o.evidence, "not decoded before v4"));
}

/* Battery object 0x100A in clear; out-of-range values dropped. */
static void
test_battery(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex(ZNMS16_BATT("5a"), addr_znms16, &o));
	check_sane(&o);
	assert_int_equal(o.battery_percent, 90);
	assert_true(decode_hex(ZNMS16_BATT("64"), addr_znms16, &o));
	assert_int_equal(o.battery_percent, 100);
	assert_true(decode_hex(ZNMS16_BATT("c8"), addr_znms16, &o));
	assert_int_equal(o.battery_percent, -1);
	/* After another object. */
	assert_true(decode_hex("020106" "161695fe" "5044" "9e06" "45"
	    "918aeb441fd7" "07000101" "0a100137", addr_znms16, &o));
	assert_int_equal(o.battery_percent, 55);
	/* The same bytes flagged encrypted are not read. */
	assert_true(decode_hex("020106" "121695fe" "5844" "9e06" "44"
	    "918aeb441fd7" "0a10015a", addr_znms16, &o));
	assert_int_equal(o.battery_percent, -1);
	assert_true(o.encrypted);
	/* Capability with I/O (2 bytes) before the object. */
	assert_true(decode_hex("020106" "151695fe" "7044" "9e06" "44"
	    "918aeb441fd7" "28" "1100" "0a10015a", addr_znms16, &o));
	assert_int_equal(o.battery_percent, 90);
	assert_null(o.pairing_state);
}

/* The same frame as manufacturer data 0x038F (scan response). */
static void
test_manufacturer_data(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("12ff8f03" "5044" "9e06" "44" "918aeb441fd7"
	    "0a10015a", addr_znms16, &o));
	check_sane(&o);
	assert_string_equal(o.model, "ZNMS16LM");
	assert_int_equal(o.battery_percent, 90);
}

/*
 * Every "Door Lock" of Bluetooth-Devices/xiaomi-ble:src/xiaomi_ble/
 * devices.py@509f516 is a lock with that file's model, 0x0599
 * (MJZNMS03LM, added there in 2026) included: a synthetic registered
 * v5 beacon per product ID.
 */
static void
test_product_table(void **state)
{
	static const struct {
		const char	*pid;	/* LE, as in the frame */
		const char	*model;
	} locks[] = {
		{ "8003", "DSL-C08" },		{ "e904", "MJZNMSQ01YD" },
		{ "9905", "MJZNMS03LM" },	{ "9e06", "ZNMS16LM" },
		{ "9f06", "ZNMS17LM" },		{ "8407", "XMZNMS04LM" },
		{ "8c09", "XMZNMST02YD" },	{ "390e", "XMZNMS08LM" },
		{ "c211", "Lockin-SV40" },
	};
	char			hex[64];
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof locks / sizeof locks[0]; i++) {
		snprintf(hex, sizeof hex, "020106" "0e1695fe" "1059" "%s" "02"
		    "918aeb441fd7", locks[i].pid);
		assert_true(decode_hex(hex, addr_znms16, &o));
		check_sane(&o);
		assert_true(o.is_lock);
		assert_string_equal(o.model, locks[i].model);
		assert_string_equal(o.pairing_state, LOCKDEC_PAIRED);
	}
	/* A neighbour of 0x0599 that is not in the list stays no lock. */
	assert_true(decode_hex("020106" "0e1695fe" "1059" "9805" "02"
	    "918aeb441fd7", addr_znms16, &o));
	assert_false(o.is_lock);
}

/* Products that are not locks: recognised, but no family. */
static void
test_not_a_lock(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex(LYWSD03, addr_lywsd03, &o));
	check_sane(&o);
	assert_false(o.is_lock);
	assert_null(o.family);
	assert_null(o.pairing_state);
	assert_non_null(strstr(o.evidence, "0x055b is not a lock"));
}

/* Not a MiBeacon ble_monitor accepts: false. */
static void
test_rejected(void **state)
{
	struct lockdec_out	o;

	(void)state;
	/* The MAC in the frame is not the sender's. */
	assert_false(decode_hex(ZNMS16_FINGER, addr_sv40, &o));
	/* Mesh frame (bit 7). */
	assert_false(decode_hex("020106" "0e1695fe" "d059" "9f06" "02"
	    "918aeb441fd7", addr_znms16, &o));
	/* Version 1. */
	assert_false(decode_hex("020106" "0e1695fe" "1019" "9f06" "02"
	    "918aeb441fd7", addr_znms16, &o));
	/* Other service data, other company. */
	assert_false(decode_hex("020106" "091696fe" "5044" "9e06" "44" "00",
	    addr_znms16, &o));
	assert_false(decode_hex("08ff8e03" "50449e0644", addr_znms16, &o));
	assert_false(decode_hex("", addr_znms16, &o));
}

/* Every length of the service data payloads. */
static void
test_truncated(void **state)
{
	static const char *const vecs[] = {
		"4855c211144e28703276fccd3d00000080e72280",
		"50449e0642918aeb441fd7060005ffffffff00",
		"305a9f0601918aeb441fd708",
		"70449e0644918aeb441fd72811000a10015a",
	};
	uint8_t			p[64], b[80];
	struct lockdec_out	o;
	size_t			i, k;
	long			n;

	(void)state;
	for (i = 0; i < sizeof vecs / sizeof vecs[0]; i++) {
		n = hex_decode(vecs[i], p, sizeof p);
		assert_true(n > 0);
		for (k = 0; k <= (size_t)n; k++) {
			b[0] = (uint8_t)(3 + k);
			b[1] = 0x16;
			b[2] = 0x95;
			b[3] = 0xfe;
			memcpy(b + 4, p, k);
			if (!decode_bytes(b, 4 + k, addr_znms16, &o)) {
				assert_true(k < 5);
				continue;
			}
			assert_true(k >= 5);
			check_sane(&o);
			assert_true(o.is_lock);
		}
	}
}

/* Objects whose lengths lie: no read past the data. */
static void
test_hostile_objects(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" "121695fe" "5044" "9e06" "44"
	    "918aeb441fd7" "0a10ff5a", addr_znms16, &o));
	check_sane(&o);
	assert_int_equal(o.battery_percent, -1);
	assert_true(decode_hex("020106" "121695fe" "5044" "9e06" "44"
	    "918aeb441fd7" "0a1000ff", addr_znms16, &o));
	assert_int_equal(o.battery_percent, -1);
}

/* Every prefix of whole adverts. */
static void
test_truncated_raw(void **state)
{
	uint8_t	b[128];
	long	n;

	(void)state;
	n = hex_decode(ZNMS16_LOCK "12ff8f03" "5044" "9e06" "44"
	    "918aeb441fd7" "0a10015a", b, sizeof b);
	assert_true(n > 0);
	lockdec_test_prefixes(&lockdec_xiaomi, addr_znms16, b, (size_t)n,
	    check_sane);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_znms16lm),
		cmocka_unit_test(test_registered_encrypted),
		cmocka_unit_test(test_binding_flags),
		cmocka_unit_test(test_battery),
		cmocka_unit_test(test_manufacturer_data),
		cmocka_unit_test(test_product_table),
		cmocka_unit_test(test_not_a_lock),
		cmocka_unit_test(test_rejected),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_hostile_objects),
		cmocka_unit_test(test_truncated_raw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
