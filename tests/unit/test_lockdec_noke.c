/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_noke.c - the Noke decoder (src/adv/decoders/lockdec_noke.c):
 * recognition only.
 *
 * No public raw capture was found.  The vectors are AD structures per
 * Core Specification Supplement Part A §1.1 (128-bit UUID list, LE),
 * §1.2 (name) and §1.4 (manufacturer data) with the values of
 * noke-inc/noke-mobile-library-android:nokemobilelibrary/src/main/java/
 * com/noke/nokemobilelibrary/NokeDefines.java@01f0e24 (RX_SERVICE_UUID
 * 1bc50001-0200-d29e-e511-446c609db825, NOKE_DEVICE_IDENTIFER_STRING
 * "NOKE"), the name form "NOKE06_<MAC>" (NokeDevice.java: hardware
 * version at name[4:6], then the MAC) and company ID 0x038B from
 * Bluetooth Assigned Numbers §7.
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

#define NOKE_UUID	"1107" "25b89d606c4411e59ed2000201" "00c51b"
/* "NOKE06_C47C8D6A1201": hardware version 06, then the MAC. */
#define NOKE_NAME	"1409" "4e4f4b4530365f433437433844364131323031"

/* This file's decoder and address, bound into lockdec_test.h. */
#define decode_bytes(p, n, o) \
	lockdec_test_decode(&lockdec_noke, addr, (p), (n), (o))
#define decode_hex(hex, o) \
	lockdec_test_decode_hex(&lockdec_noke, addr, (hex), (o))

static void
check_sane(const struct lockdec_out *o)
{
	lockdec_test_assert_evidence_printable(o);
	lockdec_test_assert_bare(o, "noke");
	assert_non_null(strstr(o->evidence, "Noke lock: "));
}

static void
test_full_advert(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" NOKE_UUID NOKE_NAME "05ff8b030102",
	    &o));
	check_sane(&o);
	assert_string_equal(o.vendor, "Noke");
	assert_string_equal(o.evidence, "Noke lock: company 0x038b, Noke "
	    "service 1bc50001, name \"NOKE06_C47C8D6A1201\"");
}

static void
test_each_signal(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" NOKE_UUID, &o));
	check_sane(&o);
	assert_string_equal(o.evidence, "Noke lock: Noke service 1bc50001");
	assert_true(decode_hex(NOKE_NAME, &o));
	check_sane(&o);
	assert_string_equal(o.evidence,
	    "Noke lock: name \"NOKE06_C47C8D6A1201\"");
	assert_true(decode_hex("03ff8b03", &o));
	check_sane(&o);
	assert_string_equal(o.evidence, "Noke lock: company 0x038b");
	/* Firmware-update mode keeps the prefix. */
	/* "NOKE_FW" */
	assert_true(decode_hex("0809" "4e4f4b455f4657", &o));
	check_sane(&o);
}

static void
test_not_noke(void **state)
{
	static const char *const no[] = {
		"",
		"0909" "4e464f423031323334",		/* "NFOB01234" */
		"0509" "6e6f6b65",			/* "noke" */
		"0409" "4e4f4b",			/* "NOK" */
		"03ff8c03",				/* other company */
		/* 1bc50002: a characteristic, not the service. */
		"1107" "25b89d606c4411e59ed2000202" "00c51b",
		/* The service as service data, not in the list. */
		"1221" "25b89d606c4411e59ed2000201" "00c51b" "00",
	};
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		assert_false(decode_hex(no[i], &o));
}

static void
test_hostile_name(void **state)
{
	uint8_t			b[128];
	long			n;
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	assert_true(decode_hex("0e09" "4e4f4b45" "1b5d303b7069776e6564" "07",
	    &o));
	check_sane(&o);
	assert_null(strchr(o.evidence, 0x1b));
	assert_null(strchr(o.evidence, 0x07));
	/* Longest name with every signal: evidence stays bounded. */
	b[0] = 63;
	b[1] = 0x09;
	memcpy(b + 2, "NOKE", 4);
	for (i = 6; i < 64; i++)
		b[i] = 0xc3;	/* lone UTF-8 lead bytes */
	n = hex_decode(NOKE_UUID "03ff8b03", b + 64, sizeof b - 64);
	assert_int_equal(n, 22);
	assert_true(decode_bytes(b, 64 + (size_t)n, &o));
	check_sane(&o);
}

static void
test_truncated_raw(void **state)
{
	uint8_t	b[80];
	long	n;

	(void)state;
	n = hex_decode("020106" NOKE_UUID NOKE_NAME "05ff8b030102", b,
	    sizeof b);
	assert_true(n > 0);
	lockdec_test_prefixes(&lockdec_noke, addr, b, (size_t)n, check_sane);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_advert),
		cmocka_unit_test(test_each_signal),
		cmocka_unit_test(test_not_noke),
		cmocka_unit_test(test_hostile_name),
		cmocka_unit_test(test_truncated_raw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
