/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_tuya.c - the Tuya BLE decoder (src/adv/decoders/lockdec_tuya.c).
 *
 * Advertisements are whole AD data (advert + scan response, as lockscope
 * merges them).  Layouts follow Tuya's device SDK, which builds them:
 * tuya/tuya-ble-sdk:sdk/src/tuya_ble_main.c@ca930a3, adv_data_const /
 * scan_rsp_data_const of TUYA_BLE_PROTOCOL_VERSION_HIGN 3 and 4 and
 * tuya_ble_adv_change(); the reading side is PlusPlus-ua/ha_tuya_ble:
 * custom_components/tuya_ble/tuya_ble/tuya_ble.py@1212f74
 * (_decode_advertisement_data).  The product ID "ludzroix" is a Tuya
 * "Smart Lock" (category ms) listed in PlusPlus-ua/ha_tuya_ble:
 * custom_components/tuya_ble/devices.py.  The 16 bytes of encrypted
 * device ID are placeholders (0x11..): the decoder never reads them.
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

/* Advert, protocol 3 (SDK adv_data_const): flags, UUID list 0xA201,
   service data 0xA201 {id type 0 = product ID, "ludzroix"}. */
#define V3_ADV	"020106" "030201a2" "0c1601a2" "00" "6c75647a726f6978"
/* Same, bound: the SDK puts 8 bytes of ciphertext where the ID was. */
#define V3_ADV_BOUND "020106" "030201a2" "0c1601a2" "00" "9f3ac2071e88d455"
/* Scan response, protocol 3 (SDK scan_rsp_data_const): name "TY",
   0x07D0 {flags, version 3, encryption mode 1, ability 0000, data type
   0, encrypted device ID}. */
#define V3_RSP(flags) "03095459" "19ffd007" flags "03" "01" "0000" "00" \
	"11111111111111111111111111111111"
/* Advert, protocol 4: service data 0xFD50 {frame control 0x41 00 (bit 3
   = bound), id type 0, id length 8, product ID}. */
#define V4_ADV(fc, pid) "020106" "030250fd" "0f1650fd" fc "00" "00" "08" pid
/* Scan response, protocol 4: 0x07D0 {encryption mode 5, ability 0000,
   flag 00, encrypted device ID}, name "TY". */
#define V4_RSP	"17ffd007" "05" "0000" "00" \
	"11111111111111111111111111111111" "03095459"
#define PID	"6c75647a726f6978"

/* This file's decoder and address, bound into lockdec_test.h. */
#define decode_bytes(p, n, o) \
	lockdec_test_decode(&lockdec_tuya, addr, (p), (n), (o))
#define decode_hex(hex, o) \
	lockdec_test_decode_hex(&lockdec_tuya, addr, (hex), (o))

/* What every true return must satisfy (as the fuzz harness checks). */
static void
check_sane(const struct lockdec_out *o)
{
	lockdec_test_assert_terminated(o);
	assert_true(o->battery_percent >= -1 && o->battery_percent <= 100);
	assert_int_equal(o->battery_mv, -1);
	assert_string_equal(o->family, "tuya");
	assert_true(o->is_lock);
	assert_false(o->encrypted);
	assert_non_null(strstr(o->evidence, "product category not advertised"));
	lockdec_test_assert_pairing_in(o->pairing_state, LOCKDEC_PAIRED,
	    LOCKDEC_UNPAIRED, NULL);
}

/* Protocol 3, not bound: ready to pair, product ID shown. */
static void
test_v3_unbound(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex(V3_ADV V3_RSP("00"), &o));
	check_sane(&o);
	assert_string_equal(o.pairing_state, LOCKDEC_UNPAIRED);
	assert_non_null(strstr(o.evidence, "Tuya: not bound (ready to pair)"));
	assert_string_equal(o.protocol, "Tuya BLE v3");
	assert_string_equal(o.model, "product id ludzroix");
	assert_string_equal(o.vendor, "Tuya");
	assert_string_equal(o.lock_state, "");
	assert_int_equal(o.battery_percent, -1);
}

/* Protocol 3, bound: the ID slot holds ciphertext and is not shown. */
static void
test_v3_bound(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex(V3_ADV_BOUND V3_RSP("80"), &o));
	check_sane(&o);
	assert_string_equal(o.pairing_state, LOCKDEC_PAIRED);
	assert_non_null(strstr(o.evidence, "Tuya: bound to a Tuya account"));
	assert_string_equal(o.model, "");
	/* A bound device whose slot happens to look like an ID: still
	   not shown, the SDK only puts the real ID there when unbound. */
	assert_true(decode_hex(V3_ADV V3_RSP("80"), &o));
	assert_string_equal(o.pairing_state, LOCKDEC_PAIRED);
	assert_string_equal(o.model, "");
	/* Other flag bits (0x02 shared, 0x01 connect request) do not
	   change the bound flag. */
	assert_true(decode_hex(V3_ADV V3_RSP("03"), &o));
	assert_string_equal(o.pairing_state, LOCKDEC_UNPAIRED);
}

/* Passive scan: only the advert, the bound flag is not in it. */
static void
test_v3_advert_only(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex(V3_ADV, &o));
	check_sane(&o);
	assert_null(o.pairing_state);
	assert_non_null(strstr(o.evidence, "scan response, not received"));
	assert_string_equal(o.model, "product id ludzroix");
	assert_string_equal(o.protocol, "");
}

/* Scan response only: protocol 3 layout when mfr[1] says 3. */
static void
test_v3_response_only(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex(V3_RSP("80"), &o));
	check_sane(&o);
	assert_string_equal(o.pairing_state, LOCKDEC_PAIRED);
	assert_string_equal(o.model, "");
	/* A protocol 4 scan response alone: mfr[0] is the encryption
	   mode, not a bound flag, so nothing is claimed. */
	assert_true(decode_hex(V4_RSP, &o));
	check_sane(&o);
	assert_null(o.pairing_state);
	assert_non_null(strstr(o.evidence, "layout unknown"));
}

/* Protocol 4: the bound flag is 0xFD50 byte 0 bit 3. */
static void
test_v4(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex(V4_ADV("41", PID) V4_RSP, &o));
	check_sane(&o);
	assert_string_equal(o.pairing_state, LOCKDEC_UNPAIRED);
	assert_string_equal(o.protocol, "Tuya BLE v4");
	assert_string_equal(o.model, "product id ludzroix");
	assert_true(decode_hex(V4_ADV("49", "9f3ac2071e88d455") V4_RSP, &o));
	check_sane(&o);
	assert_string_equal(o.pairing_state, LOCKDEC_PAIRED);
	assert_non_null(strstr(o.evidence, "bound to a Tuya account"));
	assert_string_equal(o.model, "");
	/* Shared (bit 2) and connect request (bit 1) are not bound. */
	assert_true(decode_hex(V4_ADV("47", PID), &o));
	assert_string_equal(o.pairing_state, LOCKDEC_UNPAIRED);
}

/* Not Tuya: nothing recognised. */
static void
test_not_tuya(void **state)
{
	struct lockdec_out	o;

	(void)state;
	/* SwitchBot-style service data 0xFD3D and Apple manufacturer data. */
	assert_false(decode_hex("020106" "0416" "3dfd" "6f" "07ff4c0010020b00",
	    &o));
	assert_false(decode_hex("", &o));
	/* The company ID next door. */
	assert_false(decode_hex("0bffd107" "0003010000000011", &o));
}

/* Product IDs that are not letters and digits are not shown. */
static void
test_hostile_pid(void **state)
{
	struct lockdec_out	o;

	(void)state;
	/* ESC [ 3 1 m ... */
	assert_true(decode_hex("020106" "0c1601a2" "00" "1b5b33316d414243"
	    V3_RSP("00"), &o));
	assert_string_equal(o.pairing_state, LOCKDEC_UNPAIRED);
	assert_string_equal(o.model, "");
	/* 21 characters: longer than the SDK's 20. */
	assert_true(decode_hex("020106" "191601a2" "00"
	    "616161616161616161616161616161616161616161" V3_RSP("00"), &o));
	assert_string_equal(o.model, "");
	/* Exactly 20: shown. */
	assert_true(decode_hex("020106" "181601a2" "00"
	    "6161616161616161616161616161616161616161" V3_RSP("00"), &o));
	assert_string_equal(o.model, "product id aaaaaaaaaaaaaaaaaaaa");
	/* Id type 1 (product key): not a product ID. */
	assert_true(decode_hex("020106" "0c1601a2" "01" PID, &o));
	assert_string_equal(o.model, "");
	/* Protocol 4 with an id length past the end of the data. */
	assert_true(decode_hex("0f1650fd" "4100" "00" "30" PID, &o));
	assert_string_equal(o.pairing_state, LOCKDEC_UNPAIRED);
	assert_string_equal(o.model, "");
}

/* Every length of the 0x07D0 payload, with a consistent AD length. */
static void
test_truncated_mfr(void **state)
{
	uint8_t			full[64], b[80];
	struct lockdec_out	o;
	long			n;
	size_t			k, pre;

	(void)state;
	n = hex_decode("0003010000" "00" "11111111111111111111111111111111",
	    full, sizeof full);
	assert_int_equal(n, 22);
	pre = (size_t)hex_decode(V3_ADV, b, sizeof b);
	for (k = 0; k <= (size_t)n; k++) {
		b[pre] = (uint8_t)(3 + k);
		b[pre + 1] = 0xff;
		b[pre + 2] = 0xd0;
		b[pre + 3] = 0x07;
		memcpy(b + pre + 4, full, k);
		assert_true(decode_bytes(b, pre + 4 + k, &o));
		check_sane(&o);
		if (k < 7) {
			assert_null(o.pairing_state);
			assert_non_null(strstr(o.evidence, "too short"));
		} else {
			assert_string_equal(o.pairing_state, LOCKDEC_UNPAIRED);
		}
		/* Without the advert too. */
		assert_true(decode_bytes(b + pre, 4 + k, &o));
		check_sane(&o);
	}
}

/* Every length of the 0xA201 and 0xFD50 payloads. */
static void
test_truncated_svc(void **state)
{
	uint8_t			b[64];
	struct lockdec_out	o;
	size_t			k;
	long			n;

	(void)state;
	for (k = 0; k <= 9; k++) {
		n = hex_decode("0016" "01a2" "00" PID, b, sizeof b);
		assert_int_equal(n, 13);
		b[0] = (uint8_t)(3 + k);
		assert_true(decode_bytes(b, 4 + k, &o));
		check_sane(&o);
		assert_null(o.pairing_state);
		if (k == 9)
			assert_string_equal(o.model, "product id ludzroix");
	}
	for (k = 0; k <= 12; k++) {
		n = hex_decode("0016" "50fd" "4900" "00" "08" PID, b, sizeof b);
		assert_int_equal(n, 16);
		b[0] = (uint8_t)(3 + k);
		assert_true(decode_bytes(b, 4 + k, &o));
		check_sane(&o);
		if (k == 0)
			assert_null(o.pairing_state);
		else
			assert_string_equal(o.pairing_state, LOCKDEC_PAIRED);
		assert_string_equal(o.model, "");
	}
}

/* Every prefix of the whole merged data: never a crash, never junk. */
static void
test_truncated_raw(void **state)
{
	uint8_t	b[128];
	long	n;

	(void)state;
	n = hex_decode(V4_ADV("41", PID) V4_RSP V3_ADV V3_RSP("80"), b,
	    sizeof b);
	assert_true(n > 0);
	lockdec_test_prefixes(&lockdec_tuya, addr, b, (size_t)n, check_sane);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v3_unbound),
		cmocka_unit_test(test_v3_bound),
		cmocka_unit_test(test_v3_advert_only),
		cmocka_unit_test(test_v3_response_only),
		cmocka_unit_test(test_v4),
		cmocka_unit_test(test_not_tuya),
		cmocka_unit_test(test_hostile_pid),
		cmocka_unit_test(test_truncated_mfr),
		cmocka_unit_test(test_truncated_svc),
		cmocka_unit_test(test_truncated_raw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
