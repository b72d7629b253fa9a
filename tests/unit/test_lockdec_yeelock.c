/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_yeelock.c - the Yeelock decoder
 * (src/adv/decoders/lockdec_yeelock.c): the service UUID, the name, both,
 * the characteristic UUIDs Home Assistant matches, and what is not a
 * Yeelock.
 *
 * The real vector is the lock of cnrd/yeelock:btsnoop_hci.log@2d713d7
 * (60:C0:BF:1A:19:75): its LE Advertising Reports carry the
 * advertisement 02 01 06 11 07 <58af3dca-...-3a39 LE> (event type 0,
 * ADV_IND) and the scan response 0c 09 "EL_B0PUmFAH" (event type 4).
 * The characteristic UUIDs come from codyc1515/ha-yeelock:
 * custom_components/yeelock/manifest.json@8834788 (bluetooth matchers).
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

/* 60:C0:BF:1A:19:75, little-endian. */
static const uint8_t addr[6] = { 0x75, 0x19, 0x1a, 0xbf, 0xc0, 0x60 };

#define decode_bytes(p, n, o) \
	lockdec_test_decode(&lockdec_yeelock, addr, (p), (n), (o))
#define decode_hex(hex, o) \
	lockdec_test_decode_hex(&lockdec_yeelock, addr, (hex), (o))

/* cnrd/yeelock btsnoop_hci.log: advertisement and scan response. */
#define YEE_ADV		"0201061107393a042f66746494a34fc06fca3daf58"
#define YEE_RSP		"0c09454c5f423050556d464148"

static void
check_sane(const struct lockdec_out *o)
{
	assert_non_null(memchr(o->evidence, 0, sizeof o->evidence));
	lockdec_test_assert_bare(o, "yeelock");
	assert_string_equal(o->vendor, "Yeelock");
	assert_non_null(strstr(o->evidence, "Yeelock lock: "));
}

/* The capture: UUID alone, name alone, both merged. */
static void
test_capture(void **state)
{
	struct ad_info		a, r;
	struct lockdec_out	o;
	uint8_t			b[64];
	size_t			n;

	(void)state;
	assert_true(decode_hex(YEE_ADV, &o));
	check_sane(&o);
	assert_string_equal(o.evidence,
	    "Yeelock lock: Yeelock service 58af3dca");
	assert_true(decode_hex(YEE_RSP, &o));
	check_sane(&o);
	assert_string_equal(o.evidence, "Yeelock lock: name \"EL_B0PUmFAH\"");
	n = lockdec_test_unhex(YEE_ADV, b, sizeof b);
	ad_parse(b, n, &a);
	n = lockdec_test_unhex(YEE_RSP, b, sizeof b);
	ad_parse(b, n, &r);
	ad_merge(&a, &r);
	assert_true(lockdec_test_run(&lockdec_yeelock, addr, &a, &o));
	check_sane(&o);
	assert_string_equal(o.evidence, "Yeelock lock: Yeelock service "
	    "58af3dca, name \"EL_B0PUmFAH\"");
}

/* ha-yeelock's matchers: the notify and command characteristics. */
static void
test_characteristic_uuids(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("1107" "3a3a042f66746494a34fc06fca3daf58", &o));
	check_sane(&o);
	assert_true(decode_hex("1106" "3b3a042f66746494a34fc06fca3daf58", &o));
	check_sane(&o);
}

static void
test_not_yeelock(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_false(decode_hex("", &o));
	/* ...3a3c and ...3a38 are not Yeelock's; nor a changed octet. */
	assert_false(decode_hex("1107" "3c3a042f66746494a34fc06fca3daf58", &o));
	assert_false(decode_hex("1107" "383a042f66746494a34fc06fca3daf58", &o));
	assert_false(decode_hex("1107" "393a042f66746494a34fc06fca3daf59", &o));
	/* "EL_" alone, "EL" and "el_x" are not the name. */
	assert_false(decode_hex("0409454c5f", &o));
	assert_false(decode_hex("0309454c", &o));
	assert_false(decode_hex("0509656c5f78", &o));
	/* The UUID as service data is not the UUID list. */
	assert_false(decode_hex("1121" "393a042f66746494a34fc06fca3daf58", &o));
}

/* Every prefix of the advertisement and of the scan response. */
static void
test_prefixes(void **state)
{
	uint8_t		b[64];
	size_t		n;

	(void)state;
	n = lockdec_test_unhex(YEE_ADV YEE_RSP, b, sizeof b);
	lockdec_test_prefixes(&lockdec_yeelock, addr, b, n, check_sane);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capture),
		cmocka_unit_test(test_characteristic_uuids),
		cmocka_unit_test(test_not_yeelock),
		cmocka_unit_test(test_prefixes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
