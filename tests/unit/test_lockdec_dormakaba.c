/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_dormakaba.c - the dormakaba dKey decoder
 * (src/adv/decoders/lockdec_dormakaba.c): the service UUID, the
 * characteristic UUID Home Assistant also matches, and what is not a
 * dKey.
 *
 * Vectors: home-assistant/core:tests/components/dormakaba_dkey/
 * __init__.py@f92f285: DKEY_DISCOVERY_INFO (service_uuids
 * [e7a60000-6639-429f-94fd-86de8ea26897], name "00123456") and
 * NOT_DKEY_DISCOVERY_INFO (manufacturer data under companies 33 and
 * 21), written as AD structures (Core Specification Supplement Part A
 * §1.1, §1.2, §1.4); the characteristic UUID e7a60001-... from
 * homeassistant/components/dormakaba_dkey/manifest.json@399ef3b.
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

/* AA:BB:CC:DD:EE:F0, little-endian. */
static const uint8_t addr[6] = { 0xf0, 0xee, 0xdd, 0xcc, 0xbb, 0xaa };

#define decode_hex(hex, o) \
	lockdec_test_decode_hex(&lockdec_dormakaba, addr, (hex), (o))

#define DKEY_UUID(x)	"9768a28ede86fd949f423966" x "00a6e7"
/* DKEY_DISCOVERY_INFO: the service and the name "00123456". */
#define DKEY_ADV	"020106" "1107" DKEY_UUID("00") "0909" \
	"3030313233343536"

static void
check_sane(const struct lockdec_out *o)
{
	assert_non_null(memchr(o->evidence, 0, sizeof o->evidence));
	lockdec_test_assert_bare(o, "dormakaba");
	assert_string_equal(o->vendor, "dormakaba (dKey)");
}

static void
test_discovery(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex(DKEY_ADV, &o));
	check_sane(&o);
	assert_string_equal(o.evidence, "dormakaba dKey service e7a60000");
	/* The characteristic in an incomplete list. */
	assert_true(decode_hex("1106" DKEY_UUID("01"), &o));
	check_sane(&o);
	assert_string_equal(o.evidence, "dormakaba dKey service e7a60001");
}

static void
test_not_dkey(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_false(decode_hex("", &o));
	/* NOT_DKEY_DISCOVERY_INFO. */
	assert_false(decode_hex("15ff2100" "0000d1f0623bd81d45d6baee4cdd5df5"
	    "b2e9" "16ff1500" "0631005a8f93b2ec850600690002025" "1ed1df0",
	    &o));
	/* ...0002 (from the lock) is not advertised; a changed octet. */
	assert_false(decode_hex("1107" DKEY_UUID("02"), &o));
	assert_false(decode_hex("1107" "9768a28ede86fd949f42396600" "00a6e8",
	    &o));
	/* As service data rather than in the UUID list. */
	assert_false(decode_hex("1121" DKEY_UUID("00"), &o));
	/* The name alone. */
	assert_false(decode_hex("09093030313233343536", &o));
}

static void
test_prefixes(void **state)
{
	uint8_t		b[64];
	size_t		n;

	(void)state;
	n = lockdec_test_unhex(DKEY_ADV, b, sizeof b);
	lockdec_test_prefixes(&lockdec_dormakaba, addr, b, n, check_sane);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_discovery),
		cmocka_unit_test(test_not_dkey),
		cmocka_unit_test(test_prefixes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
