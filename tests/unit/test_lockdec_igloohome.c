/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_igloohome.c - the igloohome decoder
 * (src/adv/decoders/lockdec_igloohome.c): recognised by company ID 0x05BA
 * (Igloohome Pte Ltd; Bluetooth Assigned Numbers §7, from
 * NordicSemiconductor/bluetooth-numbers-database:v1/company_ids.json).
 * No public capture or layout exists, so the vectors follow Core
 * Specification Supplement Part A §1.4 (Manufacturer Specific Data:
 * company ID LE, then opaque bytes) with arbitrary payloads.
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

/* This file's decoder and address, bound into lockdec_test.h. */
#define decode_bytes(p, n, o) \
	lockdec_test_decode(&lockdec_igloohome, addr, (p), (n), (o))
#define decode_hex(hex, o) \
	lockdec_test_decode_hex(&lockdec_igloohome, addr, (hex), (o))

static void
check_sane(const struct lockdec_out *o)
{
	assert_non_null(memchr(o->evidence, 0, sizeof o->evidence));
	lockdec_test_assert_bare(o, "igloohome");
	assert_non_null(strstr(o->evidence,
	    "manufacturer data from igloohome (company 0x05ba)"));
}

static void
test_company(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" "07ffba05" "01020304", &o));
	check_sane(&o);
	assert_string_equal(o.vendor, "igloohome");
	/* A name does not matter; the company ID alone does. */
	assert_true(decode_hex("0909" "69676c6f6f6f6f6f" "03ffba05", &o));
	check_sane(&o);
}

static void
test_not_igloohome(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_false(decode_hex("", &o));
	assert_false(decode_hex("020106" "07ffbb05" "01020304", &o));
	/* 0x05BA as a 16-bit service UUID is not the company ID. */
	assert_false(decode_hex("030305ba" "0416ba0500", &o));
}

/* Every payload length and every prefix. */
static void
test_lengths(void **state)
{
	uint8_t			b[80];
	struct lockdec_out	o;
	size_t			k;
	long			n;

	(void)state;
	for (k = 0; k <= 60; k++) {
		memset(b, 0xa5, sizeof b);
		b[0] = (uint8_t)(3 + k);
		b[1] = 0xff;
		b[2] = 0xba;
		b[3] = 0x05;
		assert_true(decode_bytes(b, 4 + k, &o));
		check_sane(&o);
	}
	n = hex_decode("020106" "07ffba05" "01020304", b, sizeof b);
	lockdec_test_prefixes(&lockdec_igloohome, addr, b, (size_t)n,
	    check_sane);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_company),
		cmocka_unit_test(test_not_igloohome),
		cmocka_unit_test(test_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
