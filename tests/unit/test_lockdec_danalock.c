/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_danalock.c - the Danalock decoder
 * (src/adv/decoders/lockdec_danalock.c): presence, "payload encrypted", no
 * pairing state.
 *
 * The payload layout is the one Chreece/danalock-ble-ha-integration:
 * tests/conftest.py@7be5d7c make_broadcast_payload() builds: version
 * 0x02, the 6-byte serial (the fixture's FOREIGN_SERIAL aabbccddeeff),
 * 0x00, then 16 bytes of AES-CBC ciphertext (placeholder bytes here:
 * the decoder never reads them), under company ID 456 = 0x01C8
 * (custom_components/danalock_ble/const.py@7be5d7c MANUFACTURER_ID).
 * No public raw capture was found.
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

#define PAYLOAD	"02" "aabbccddeeff" "00" \
	"5f0e1d2c3b4a59687786a5b4c3d2e1f0"
#define DANALOCK "020106" "1bffc801" PAYLOAD

/* This file's decoder and address, bound into lockdec_test.h. */
#define decode_bytes(p, n, o) \
	lockdec_test_decode(&lockdec_danalock, addr, (p), (n), (o))
#define decode_hex(hex, o) \
	lockdec_test_decode_hex(&lockdec_danalock, addr, (hex), (o))

static void
check_sane(const struct lockdec_out *o)
{
	assert_non_null(memchr(o->evidence, 0, sizeof o->evidence));
	assert_non_null(memchr(o->protocol, 0, sizeof o->protocol));
	assert_string_equal(o->family, "danalock");
	assert_true(o->is_lock);
	assert_true(o->encrypted);
	assert_null(o->pairing_state);
	assert_int_equal(o->battery_percent, -1);
	assert_int_equal(o->battery_mv, -1);
	assert_string_equal(o->lock_state, "");
	assert_string_equal(o->model, "");
	assert_non_null(strstr(o->evidence,
	    "Danalock broadcast encrypted with a per-lock key"));
	assert_non_null(strstr(o->evidence, "payload encrypted"));
}

static void
test_broadcast(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex(DANALOCK, &o));
	check_sane(&o);
	assert_string_equal(o.protocol, "Danalock broadcast v2");
	assert_string_equal(o.vendor, "Danalock (Poly-Control)");
}

static void
test_not_danalock(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_false(decode_hex("", &o));
	assert_false(decode_hex("020106" "1bffc901" PAYLOAD, &o));
	assert_false(decode_hex("020106" "1b16c801" PAYLOAD, &o));
}

/* Every length: still a Danalock, version only at the documented 24. */
static void
test_lengths(void **state)
{
	uint8_t			p[64], b[80];
	struct lockdec_out	o;
	size_t			k;
	long			n;

	(void)state;
	n = hex_decode(PAYLOAD "0102030405060708", p, sizeof p);
	assert_int_equal(n, 32);
	for (k = 0; k <= (size_t)n; k++) {
		b[0] = (uint8_t)(3 + k);
		b[1] = 0xff;
		b[2] = 0xc8;
		b[3] = 0x01;
		memcpy(b + 4, p, k);
		assert_true(decode_bytes(b, 4 + k, &o));
		check_sane(&o);
		if (k == 24)
			assert_string_equal(o.protocol,
			    "Danalock broadcast v2");
		else
			assert_string_equal(o.protocol, "");
	}
	n = hex_decode(DANALOCK, b, sizeof b);
	lockdec_test_prefixes(&lockdec_danalock, addr, b, (size_t)n,
	    check_sane);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_broadcast),
		cmocka_unit_test(test_not_danalock),
		cmocka_unit_test(test_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
