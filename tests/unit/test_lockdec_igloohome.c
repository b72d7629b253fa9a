/*
 * test_lockdec_igloohome.c - the igloohome decoder
 * (src/bt/lockdec_igloohome.c): recognised by company ID 0x05BA
 * (Igloohome Pte Ltd; shared/reference/ble-formats.md §3.13, from
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

#include "src/bt/ad.h"
#include "src/bt/lockdec.h"
#include "src/util/hex.h"

static const uint8_t addr[6] = { 0x01, 0x12, 0x6a, 0x8d, 0x7c, 0xc4 };

static bool
decode_bytes(const uint8_t *b, size_t n, struct lockdec_out *out)
{
	struct ad_info	ad;

	ad_parse(b, n, &ad);
	lockdec_out_init(out);
	return lockdec_igloohome.decode(&ad, addr, out);
}

static bool
decode_hex(const char *hex, struct lockdec_out *out)
{
	uint8_t	b[128];
	long	n = hex_decode(hex, b, sizeof b);

	assert_true(n >= 0);
	return decode_bytes(b, (size_t)n, out);
}

static void
check_sane(const struct lockdec_out *o)
{
	assert_non_null(memchr(o->evidence, 0, sizeof o->evidence));
	assert_string_equal(o->family, "igloohome");
	assert_true(o->is_lock);
	assert_null(o->pairing_state);
	assert_false(o->encrypted);
	assert_int_equal(o->battery_percent, -1);
	assert_int_equal(o->battery_mv, -1);
	assert_string_equal(o->lock_state, "");
	assert_string_equal(o->model, "");
	assert_string_equal(o->protocol, "");
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
	for (k = 0; k <= (size_t)n; k++)
		if (decode_bytes(b, k, &o))
			check_sane(&o);
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
