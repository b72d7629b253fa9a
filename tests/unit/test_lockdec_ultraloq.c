/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lockdec_ultraloq.c - the Ultraloq decoder
 * (src/adv/decoders/lockdec_ultraloq.c): recognition only.
 *
 * No public capture of an Ultraloq advertisement was found.  The
 * vectors are AD structures per Core Specification Supplement Part A
 * §1.1 (service UUID lists: 16-bit, and 128-bit in the Bluetooth Base
 * UUID form) and §1.2 (local name), carrying the U-tec lock service
 * 0x7200 from inventor7777/ultraloq-ble-ha:custom_components/
 * ultraloq_ble/utecio/enums.py (ServiceUUID.LOCK) or names matching
 * lockscope's own name heuristic ("U-Bolt", "UL3", "UL1", "Ultraloq"
 * prefixes; lockdec_ultraloq.c).
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
	lockdec_test_decode(&lockdec_ultraloq, addr, (p), (n), (o))
#define decode_hex(hex, o) \
	lockdec_test_decode_hex(&lockdec_ultraloq, addr, (hex), (o))

static void
check_sane(const struct lockdec_out *o)
{
	lockdec_test_assert_evidence_printable(o);
	lockdec_test_assert_bare(o, "ultraloq");
}

/* The U-tec lock service in the advertised list. */
static void
test_service(void **state)
{
	struct lockdec_out	o;

	(void)state;
	assert_true(decode_hex("020106" "03030072", &o));
	check_sane(&o);
	assert_string_equal(o.vendor, "U-tec (Ultraloq)");
	assert_non_null(strstr(o.evidence,
	    "U-tec lock service 0x7200 advertised"));
	/* Incomplete list, with other UUIDs around it. */
	assert_true(decode_hex("0702" "0f18" "0072" "0a18", &o));
	check_sane(&o);
	/* 128-bit Base UUID form. */
	assert_true(decode_hex("1107" "fb349b5f8000008000100000" "00720000",
	    &o));
	check_sane(&o);
	/* Service wins over the name in evidence. */
	assert_true(decode_hex("03030072" "0709" "552d426f6c74", &o));
	assert_null(strstr(o.evidence, "heuristic"));
}

/* Names: lockscope's own heuristic, said so in evidence. */
static void
test_names(void **state)
{
	static const char *const yes[] = {
		"0b09" "552d426f6c742d50726f",	/* "U-Bolt-Pro" */
		"0709" "554c3320425420",		/* "UL3 BT " */
		"0408" "554c31",			/* "UL1" (short name) */
		"0909" "556c7472616c6f71",		/* "Ultraloq" */
	};
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		assert_true(decode_hex(yes[i], &o));
		check_sane(&o);
		assert_non_null(strstr(o.evidence, "(name heuristic)"));
	}
	assert_true(decode_hex("0b09" "552d426f6c742d50726f", &o));
	assert_non_null(strstr(o.evidence, "name \"U-Bolt-Pro\""));
}

static void
test_not_ultraloq(void **state)
{
	static const char *const no[] = {
		"",
		"0709" "752d626f6c74",			/* "u-bolt" */
		"0509" "554c32",			/* "UL2" */
		"0809" "58552d426f6c74",		/* "XU-Bolt" */
		"0309" "554c",				/* "UL" */
		"03030172",				/* 0x7201: a char */
		"04160072" "00",			/* 0x7200 as svc data */
		"1107" "fb349b5f8000008000100000" "00720100",
	};
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		assert_false(decode_hex(no[i], &o));
}

/* Names from the radio are sanitised and capped. */
static void
test_hostile_name(void **state)
{
	uint8_t			b[80];
	struct lockdec_out	o;
	size_t			i;

	(void)state;
	/* "U-Bolt" ESC [ 2 J, a C1 CSI, a bidi override. */
	assert_true(decode_hex("1009" "552d426f6c74" "1b5b324a" "c29b"
	    "e280ae" "41", &o));
	check_sane(&o);
	assert_null(strchr(o.evidence, 0x1b));
	assert_null(strstr(o.evidence, "\xe2\x80\xae"));
	/* A 62-byte name. */
	b[0] = 63;
	b[1] = 0x09;
	memcpy(b + 2, "Ultraloq", 8);
	for (i = 10; i < 64; i++)
		b[i] = 'x';
	assert_true(decode_bytes(b, 64, &o));
	check_sane(&o);
	assert_true(strlen(o.evidence) < sizeof o.evidence);
}

/* Every prefix of a combined advert. */
static void
test_truncated_raw(void **state)
{
	uint8_t	b[80];
	long	n;

	(void)state;
	n = hex_decode("020106" "0702" "0f18" "0072" "0a18" "0b09"
	    "552d426f6c742d50726f", b, sizeof b);
	assert_true(n > 0);
	lockdec_test_prefixes(&lockdec_ultraloq, addr, b, (size_t)n,
	    check_sane);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_service),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_not_ultraloq),
		cmocka_unit_test(test_hostile_name),
		cmocka_unit_test(test_truncated_raw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
