/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ad.c - unit tests for the AD parser (src/adv/ad.c).
 *
 * Real lock vectors are built from the published layouts; each test
 * names the specification or the open implementation the layout was
 * read from (the full list is in lockscope-internals(7)).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "adv/ad.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))

/* Nuki keyturner service a92ee200-5501-11e4-916c-0800200c9a66, on air. */
static const uint8_t nuki_kts_le[16] = {
	0x66, 0x9a, 0x0c, 0x20, 0x00, 0x08, 0x6c, 0x91,
	0xe4, 0x11, 0x01, 0x55, 0x00, 0xe2, 0x2e, 0xa9,
};

static void
parse(const uint8_t *p, size_t n, struct ad_info *ai)
{
	assert_int_equal(ad_parse(p, n, ai), LS_OK);
}

/* ---- framing --------------------------------------------------------- */

static void
test_empty(void **state)
{
	struct ad_info	ai;

	(void)state;
	memset(&ai, 0xa5, sizeof ai);
	parse(NULL, 0, &ai);
	assert_int_equal(ai.n_structs, 0);
	assert_int_equal(ai.n_malformed, 0);
	assert_false(ai.has_flags);
	assert_false(ai.has_name);
	assert_int_equal(ai.n_uuids, 0);
	assert_string_equal(ai.malformed, "");
	parse(NULL, 5, &ai);		/* NULL is empty whatever n says */
	assert_int_equal(ai.n_structs, 0);
}

static void
test_early_termination(void **state)
{
	/* Flags, then zero padding, then bytes that would be malformed. */
	static const uint8_t	ad[] = { 0x02, 0x01, 0x06, 0x00, 0x05, 0x19,
	    0xff };
	static const uint8_t	lead[] = { 0x00, 0x02, 0x01, 0x06 };
	static const uint8_t	pad[31] = { 0x02, 0x01, 0x04 };
	struct ad_info		ai;

	(void)state;
	parse(ad, sizeof ad, &ai);
	assert_int_equal(ai.n_structs, 1);
	assert_int_equal(ai.n_malformed, 0);
	assert_true(ai.has_flags);
	assert_int_equal(ai.flags, 0x06);

	parse(lead, sizeof lead, &ai);
	assert_int_equal(ai.n_structs, 0);
	assert_int_equal(ai.n_malformed, 0);
	assert_false(ai.has_flags);

	/* A legacy PDU zero-padded to 31 bytes. */
	parse(pad, sizeof pad, &ai);
	assert_int_equal(ai.n_structs, 1);
	assert_int_equal(ai.n_malformed, 0);
	assert_int_equal(ai.flags, 0x04);
}

static void
test_overrun(void **state)
{
	/* Second structure claims 9 bytes, 3 are there: count, stop. */
	static const uint8_t	ad[] = { 0x02, 0x01, 0x06, 0x09, 0xff, 0x4c,
	    0x00 };
	/* A lone length octet at the end: no type byte even. */
	static const uint8_t	lone[] = { 0x02, 0x01, 0x06, 0x03 };
	struct ad_info		ai;

	(void)state;
	parse(ad, sizeof ad, &ai);
	assert_int_equal(ai.n_structs, 1);
	assert_int_equal(ai.n_malformed, 1);
	assert_int_equal(ai.n_mfr, 0);
	assert_true(ai.has_flags);
	assert_string_equal(ai.malformed,
	    "AD #2 (type 0xff): length 9 runs past the end (3 left)");

	parse(lone, sizeof lone, &ai);
	assert_int_equal(ai.n_structs, 1);
	assert_int_equal(ai.n_malformed, 1);
	assert_string_equal(ai.malformed,
	    "AD #2: length 3 runs past the end (0 left)");
}

/* Data length that does not fit the type: each kind of rule. */
static void
test_malformed_lengths(void **state)
{
	static const struct {
		uint8_t		 ad[8];
		size_t		 n;
		const char	*msg;
	} v[] = {
		{ { 0x04, 0x19, 0x08, 0x07, 0x00 }, 5,
		    "AD #1 (type 0x19): length 3, want 2" },
		{ { 0x02, 0x19, 0x08 }, 3,
		    "AD #1 (type 0x19): length 1, want 2" },
		{ { 0x01, 0x01 }, 2,
		    "AD #1 (type 0x01): length 0, want at least 1" },
		{ { 0x03, 0x0a, 0x00, 0x00 }, 4,
		    "AD #1 (type 0x0a): length 2, want 1" },
		{ { 0x01, 0x0a }, 2,
		    "AD #1 (type 0x0a): length 0, want 1" },
		{ { 0x04, 0x03, 0xf6, 0xff, 0x0d }, 5,
		    "AD #1 (type 0x03): length 3, want a multiple of 2" },
		{ { 0x07, 0x05, 1, 2, 3, 4, 5, 6 }, 8,
		    "AD #1 (type 0x05): length 6, want a multiple of 4" },
		{ { 0x02, 0x16, 0xf6 }, 3,
		    "AD #1 (type 0x16): length 1, want at least 2" },
		{ { 0x04, 0x20, 1, 2, 3 }, 5,
		    "AD #1 (type 0x20): length 3, want at least 4" },
		{ { 0x02, 0xff, 0x4c }, 3,
		    "AD #1 (type 0xff): length 1, want at least 2" },
		{ { 0x03, 0x14, 0x0d, 0x18 }, 4, NULL },	/* fine */
		{ { 0x04, 0x14, 0x0d, 0x18, 0x00 }, 5,
		    "AD #1 (type 0x14): length 3, want a multiple of 2" },
		{ { 0x03, 0x0d, 0x0c, 0x02 }, 4,
		    "AD #1 (type 0x0d): length 2, want 3" },
	};
	struct ad_info	ai;
	size_t		i;

	(void)state;
	for (i = 0; i < N(v); i++) {
		parse(v[i].ad, v[i].n, &ai);
		if (v[i].msg == NULL) {
			assert_int_equal(ai.n_malformed, 0);
			assert_int_equal(ai.n_structs, 1);
			continue;
		}
		assert_int_equal(ai.n_malformed, 1);
		assert_int_equal(ai.n_structs, 0);
		assert_string_equal(ai.malformed, v[i].msg);
		assert_false(ai.has_appearance);
		assert_false(ai.has_tx_power);
		assert_false(ai.has_flags);
		assert_int_equal(ai.n_uuids, 0);
		assert_int_equal(ai.n_svcdata, 0);
		assert_int_equal(ai.n_mfr, 0);
	}
}

/* Long UUID lists and service data: 128-bit sizes. */
static void
test_malformed_128(void **state)
{
	uint8_t		ad[40];
	struct ad_info	ai;

	(void)state;
	memset(ad, 0x11, sizeof ad);
	ad[0] = 18;	/* 17 data bytes */
	ad[1] = AD_UUID128_ALL;
	parse(ad, 19, &ai);
	assert_int_equal(ai.n_malformed, 1);
	assert_string_equal(ai.malformed,
	    "AD #1 (type 0x07): length 17, want a multiple of 16");

	ad[0] = 16;	/* 15 data bytes */
	ad[1] = AD_SERVICE_DATA128;
	parse(ad, 17, &ai);
	assert_int_equal(ai.n_malformed, 1);
	assert_string_equal(ai.malformed,
	    "AD #1 (type 0x21): length 15, want at least 16");

	ad[0] = 17;	/* exactly a UUID, no data: fine */
	parse(ad, 18, &ai);
	assert_int_equal(ai.n_malformed, 0);
	assert_int_equal(ai.n_svcdata, 1);
	assert_int_equal(ai.svcdata[0].len, 0);
}

/* A bad structure is skipped; what follows is still parsed. */
static void
test_malformed_skip_continue(void **state)
{
	static const uint8_t	ad[] = {
		0x04, 0x19, 0x08, 0x07, 0x00,	/* bad appearance */
		0x02, 0x0a, 0x01,		/* good TX power */
		0x03, 0x0a, 0x01, 0x02,		/* bad TX power */
		0x05, 0x09, 'L', 'o', 'c', 'k',
	};
	struct ad_info		ai;

	(void)state;
	parse(ad, sizeof ad, &ai);
	assert_int_equal(ai.n_malformed, 2);
	assert_int_equal(ai.n_structs, 2);
	/* First message wins. */
	assert_string_equal(ai.malformed,
	    "AD #1 (type 0x19): length 3, want 2");
	assert_true(ai.has_tx_power);
	assert_int_equal(ai.tx_power, 1);
	assert_true(ai.has_name);
	assert_int_equal(ai.name_len, 4);
	assert_memory_equal(ai.name, "Lock", 4);
}

/* ---- each AD type ---------------------------------------------------- */

static void
test_flags(void **state)
{
	/* Extra octets are reserved: the first one is the flags. */
	static const uint8_t	ad[] = { 0x03, 0x01, 0x1a, 0xff };
	struct ad_info		ai;

	(void)state;
	parse(ad, sizeof ad, &ai);
	assert_true(ai.has_flags);
	assert_int_equal(ai.flags, 0x1a);
	assert_int_equal(ai.n_structs, 1);
	assert_int_equal(ai.n_malformed, 0);
}

static void
test_uuid16_32_lists(void **state)
{
	static const uint8_t	ad[] = {
		0x05, 0x02, 0x0f, 0x18, 0x0a, 0x18,	/* some: 180f 180a */
		0x03, 0x03, 0xf6, 0xff,			/* all: fff6 */
		0x05, 0x04, 0x24, 0xfe, 0x00, 0x00,	/* 32: 0000fe24 */
		0x09, 0x05, 0x01, 0x02, 0x03, 0x04,
		0x0f, 0x18, 0x00, 0x00,			/* != 16-bit 180f */
		0x01, 0x03,				/* empty list: ok */
	};
	struct ad_info		ai;
	char			s[37];

	(void)state;
	parse(ad, sizeof ad, &ai);
	assert_int_equal(ai.n_malformed, 0);
	assert_int_equal(ai.n_structs, 5);
	assert_int_equal(ai.n_uuids, 6);
	assert_int_equal(ai.uuids[0].len, 2);
	assert_string_equal(ad_uuid_str(&ai.uuids[0], s), "180f");
	assert_string_equal(ad_uuid_str(&ai.uuids[1], s), "180a");
	assert_string_equal(ad_uuid_str(&ai.uuids[2], s), "fff6");
	assert_int_equal(ai.uuids[3].len, 4);
	assert_string_equal(ad_uuid_str(&ai.uuids[3], s), "0000fe24");
	assert_string_equal(ad_uuid_str(&ai.uuids[4], s), "04030201");
	assert_string_equal(ad_uuid_str(&ai.uuids[5], s), "0000180f");
}

static void
test_uuid128_list(void **state)
{
	uint8_t		ad[2 + 32];
	struct ad_info	ai;
	char		s[37];

	(void)state;
	ad[0] = 33;
	ad[1] = AD_UUID128_SOME;
	memcpy(ad + 2, nuki_kts_le, 16);
	memcpy(ad + 18, nuki_kts_le, 16);	/* listed twice: kept once */
	parse(ad, sizeof ad, &ai);
	assert_int_equal(ai.n_malformed, 0);
	assert_int_equal(ai.n_uuids, 1);
	assert_int_equal(ai.uuids[0].len, 16);
	assert_memory_equal(ai.uuids[0].b, nuki_kts_le, 16);
	assert_string_equal(ad_uuid_str(&ai.uuids[0], s),
	    "a92ee200-5501-11e4-916c-0800200c9a66");
}

static void
test_names(void **state)
{
	static const uint8_t	shortn[] = { 0x05, 0x08, 'N', 'u', 'k', 'i' };
	static const uint8_t	both[] = {
		0x05, 0x09, 'F', 'u', 'l', 'l',
		0x03, 0x08, 'S', 'h',		/* never replaces complete */
	};
	static const uint8_t	s2c[] = {
		0x03, 0x08, 'S', 'h',
		0x05, 0x09, 'F', 'u', 'l', 'l',
	};
	static const uint8_t	empty[] = { 0x01, 0x09 };
	/* Raw bytes are kept: escape sequences included. */
	static const uint8_t	esc[] = { 0x06, 0x09, 0x1b, '[', '2', 'J',
	    0x00 };
	struct ad_info		ai;

	(void)state;
	parse(shortn, sizeof shortn, &ai);
	assert_true(ai.has_name);
	assert_false(ai.name_complete);
	assert_int_equal(ai.name_len, 4);
	assert_memory_equal(ai.name, "Nuki", 4);

	parse(both, sizeof both, &ai);
	assert_true(ai.name_complete);
	assert_int_equal(ai.name_len, 4);
	assert_memory_equal(ai.name, "Full", 4);
	assert_int_equal(ai.n_structs, 2);

	parse(s2c, sizeof s2c, &ai);
	assert_true(ai.name_complete);
	assert_memory_equal(ai.name, "Full", 4);

	parse(empty, sizeof empty, &ai);
	assert_true(ai.has_name);
	assert_true(ai.name_complete);
	assert_int_equal(ai.name_len, 0);
	assert_int_equal(ai.n_malformed, 0);

	parse(esc, sizeof esc, &ai);
	assert_int_equal(ai.name_len, 5);
	assert_memory_equal(ai.name, "\x1b[2J\0", 5);
}

static void
test_name_cap(void **state)
{
	uint8_t		ad[2 + 100];
	struct ad_info	ai;
	size_t		i;

	(void)state;
	/* 100 ASCII bytes (extended advertising): capped, not malformed. */
	ad[0] = 101;
	ad[1] = AD_NAME_COMPLETE;
	for (i = 0; i < 100; i++)
		ad[2 + i] = (uint8_t)('a' + i % 26);
	parse(ad, sizeof ad, &ai);
	assert_int_equal(ai.n_malformed, 0);
	assert_int_equal(ai.n_structs, 1);
	assert_int_equal(ai.name_len, AD_NAME_MAX);
	assert_memory_equal(ai.name, ad + 2, AD_NAME_MAX);

	/*
	 * 62 ASCII bytes then a 3-byte character straddling the cap: the
	 * cut goes before the character, not into it.
	 */
	memset(ad + 2, 'x', 100);
	ad[2 + 62] = 0xe6;	/* U+65E5 (日) = e6 97 a5 */
	ad[2 + 63] = 0x97;
	ad[2 + 64] = 0xa5;
	parse(ad, sizeof ad, &ai);
	assert_int_equal(ai.name_len, 62);

	/* Not UTF-8 at all: plain byte cap. */
	memset(ad + 2, 0x80, 100);
	parse(ad, sizeof ad, &ai);
	assert_int_equal(ai.name_len, AD_NAME_MAX);
}

static void
test_tx_power(void **state)
{
	static const uint8_t	ad[] = { 0x02, 0x0a, 0xf4 };
	struct ad_info		ai;

	(void)state;
	parse(ad, sizeof ad, &ai);
	assert_true(ai.has_tx_power);
	assert_int_equal(ai.tx_power, -12);
}

static void
test_appearance(void **state)
{
	/* 0x0708 Door Lock (Assigned Numbers §2.6.3; BlueZ BT_APPEAR). */
	static const uint8_t	ad[] = { 0x03, 0x19, 0x08, 0x07 };
	struct ad_info		ai;

	(void)state;
	parse(ad, sizeof ad, &ai);
	assert_true(ai.has_appearance);
	assert_int_equal(ai.appearance, 0x0708);
}

static void
test_solicitation_not_stored(void **state)
{
	uint8_t		ad[] = {
		0x03, 0x14, 0x0f, 0x18,
		0x05, 0x1f, 0x01, 0x02, 0x03, 0x04,
		0x11, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct ad_info	ai;

	(void)state;
	parse(ad, sizeof ad, &ai);
	assert_int_equal(ai.n_structs, 3);
	assert_int_equal(ai.n_malformed, 0);
	assert_int_equal(ai.n_uuids, 0);
}

static void
test_service_data(void **state)
{
	uint8_t				ad[64];
	size_t				n = 0;
	struct ad_info			ai;
	const struct ad_svcdata		*sd;
	char				s[37];

	(void)state;
	/* 16-bit: fe95 with 3 bytes. */
	memcpy(ad + n, "\x06\x16\x95\xfe\x01\x02\x03", 7);
	n += 7;
	/* 32-bit: 0000fd81 with 1 byte. */
	memcpy(ad + n, "\x06\x20\x81\xfd\x00\x00\x07", 7);
	n += 7;
	/* 128-bit: Nuki keyturner with 2 bytes. */
	ad[n++] = 19;
	ad[n++] = AD_SERVICE_DATA128;
	memcpy(ad + n, nuki_kts_le, 16);
	n += 16;
	ad[n++] = 0xaa;
	ad[n++] = 0xbb;
	parse(ad, n, &ai);
	assert_int_equal(ai.n_malformed, 0);
	assert_int_equal(ai.n_svcdata, 3);
	assert_string_equal(ad_uuid_str(&ai.svcdata[0].uuid, s), "fe95");
	assert_int_equal(ai.svcdata[0].len, 3);
	assert_memory_equal(ai.svcdata[0].data, "\x01\x02\x03", 3);
	assert_false(ai.svcdata[0].truncated);
	assert_string_equal(ad_uuid_str(&ai.svcdata[1].uuid, s), "0000fd81");
	assert_int_equal(ai.svcdata[1].len, 1);
	assert_string_equal(ad_uuid_str(&ai.svcdata[2].uuid, s),
	    "a92ee200-5501-11e4-916c-0800200c9a66");
	assert_int_equal(ai.svcdata[2].len, 2);

	sd = ad_find_svcdata16(&ai, 0xfe95);
	assert_non_null(sd);
	assert_ptr_equal(sd, &ai.svcdata[0]);
	/* The 32-bit form of a 16-bit UUID is found too. */
	assert_ptr_equal(ad_find_svcdata16(&ai, 0xfd81), &ai.svcdata[1]);
	assert_null(ad_find_svcdata16(&ai, 0xfff6));
	/* No UUIDs were "advertised": service data is not a UUID list. */
	assert_int_equal(ai.n_uuids, 0);
}

static void
test_service_data_base_uuid128(void **state)
{
	/* 0000fff6-0000-1000-8000-00805f9b34fb as 128-bit service data. */
	static const uint8_t	ad[] = {
		0x13, 0x21,
		0xfb, 0x34, 0x9b, 0x5f, 0x80, 0x00, 0x00, 0x80,
		0x00, 0x10, 0x00, 0x00, 0xf6, 0xff, 0x00, 0x00,
		0x00, 0x01,
	};
	struct ad_info		ai;
	char			s[37];

	(void)state;
	parse(ad, sizeof ad, &ai);
	assert_int_equal(ai.n_svcdata, 1);
	assert_string_equal(ad_uuid_str(&ai.svcdata[0].uuid, s),
	    "0000fff6-0000-1000-8000-00805f9b34fb");
	assert_ptr_equal(ad_find_svcdata16(&ai, 0xfff6), &ai.svcdata[0]);
	assert_null(ad_find_svcdata16(&ai, 0xfff7));
}

static void
test_uri_and_unknown(void **state)
{
	static const uint8_t	ad[] = {
		0x05, 0x24, 0x17, '/', '/', 'x',	/* URI */
		0x03, 0x99, 0x01, 0x02,			/* unassigned type */
		0x02, 0x2d, 0x00,			/* Broadcast_Code */
		0x02, 0x01, 0x06,
	};
	struct ad_info		ai;

	(void)state;
	parse(ad, sizeof ad, &ai);
	assert_int_equal(ai.n_structs, 4);
	assert_int_equal(ai.n_malformed, 0);
	assert_true(ai.has_flags);
}

static void
test_manufacturer(void **state)
{
	static const uint8_t	ad[] = {
		0x02 + 1, 0xff, 0xd1, 0x01,		/* August, no data */
		0x05, 0xff, 0x69, 0x09, 0xaa, 0xbb,
	};
	struct ad_info		ai;
	const struct ad_mfr	*m;

	(void)state;
	parse(ad, sizeof ad, &ai);
	assert_int_equal(ai.n_malformed, 0);
	assert_int_equal(ai.n_mfr, 2);
	m = ad_find_mfr(&ai, 0x01d1);
	assert_non_null(m);
	assert_int_equal(m->len, 0);
	m = ad_find_mfr(&ai, 0x0969);
	assert_non_null(m);
	assert_int_equal(m->len, 2);
	assert_memory_equal(m->data, "\xaa\xbb", 2);
	assert_null(ad_find_mfr(&ai, 0x004c));
}

static void
test_type_names(void **state)
{
	unsigned	t, named;

	(void)state;
	assert_string_equal(ad_type_name(AD_FLAGS), "Flags");
	assert_string_equal(ad_type_name(AD_NAME_COMPLETE),
	    "Complete Local Name");
	assert_string_equal(ad_type_name(AD_NAME_SHORT),
	    "Shortened Local Name");
	assert_string_equal(ad_type_name(AD_SERVICE_DATA128),
	    "Service Data - 128-bit UUID");
	assert_string_equal(ad_type_name(AD_APPEARANCE), "Appearance");
	assert_string_equal(ad_type_name(AD_URI), "URI");
	assert_string_equal(ad_type_name(AD_MANUFACTURER),
	    "Manufacturer Specific Data");
	assert_string_equal(ad_type_name(0x2e), "Resolvable Set Identifier");
	assert_string_equal(ad_type_name(0x3d), "3D Information Data");
	assert_string_equal(ad_type_name(0x00), "Unknown");
	assert_string_equal(ad_type_name(0x33), "Unknown");
	assert_string_equal(ad_type_name(0xfe), "Unknown");
	/* Every assigned type is found (the table is binary-searched). */
	for (t = 0, named = 0; t < 256; t++) {
		assert_non_null(ad_type_name((uint8_t)t));
		if (strcmp(ad_type_name((uint8_t)t), "Unknown") != 0)
			named++;
	}
	assert_int_equal(named, 50);
	for (t = 0x01; t <= 0x32; t++)
		if (t != 0x0b && t != 0x0c && t != 0x13)
			assert_string_not_equal(ad_type_name((uint8_t)t),
			    "Unknown");
}

/* ---- caps ------------------------------------------------------------ */

static void
test_cap_uuids(void **state)
{
	uint8_t		ad[2 + 2 * (AD_MAX_UUIDS + 3)];
	struct ad_info	ai;
	size_t		i;

	(void)state;
	ad[0] = (uint8_t)(1 + 2 * (AD_MAX_UUIDS + 3));
	ad[1] = AD_UUID16_ALL;
	for (i = 0; i < AD_MAX_UUIDS + 3; i++) {
		ad[2 + 2 * i] = (uint8_t)i;
		ad[3 + 2 * i] = 0x18;
	}
	parse(ad, sizeof ad, &ai);
	assert_int_equal(ai.n_uuids, AD_MAX_UUIDS);
	assert_int_equal(ai.n_dropped, 3);
	assert_int_equal(ai.n_malformed, 0);
	assert_int_equal(ai.n_structs, 1);
}

static void
test_cap_svcdata_mfr(void **state)
{
	uint8_t		ad[255];
	size_t		n = 0, i;
	struct ad_info	ai;

	(void)state;
	for (i = 0; i < AD_MAX_SVCDATA + 1; i++) {
		ad[n++] = 4;
		ad[n++] = AD_SERVICE_DATA16;
		ad[n++] = (uint8_t)i;
		ad[n++] = 0xfe;
		ad[n++] = 0x00;
	}
	for (i = 0; i < AD_MAX_MFR + 2; i++) {
		ad[n++] = 3;
		ad[n++] = AD_MANUFACTURER;
		ad[n++] = (uint8_t)i;
		ad[n++] = 0x00;
	}
	parse(ad, n, &ai);
	assert_int_equal(ai.n_svcdata, AD_MAX_SVCDATA);
	assert_int_equal(ai.n_mfr, AD_MAX_MFR);
	assert_int_equal(ai.n_dropped, 1 + 2);
	assert_int_equal(ai.n_malformed, 0);
	assert_int_equal(ai.n_structs, AD_MAX_SVCDATA + 1 + AD_MAX_MFR + 2);
}

static void
test_cap_data_truncated(void **state)
{
	uint8_t		ad[2 * (3 + 100)];
	size_t		n = 0, i;
	struct ad_info	ai;

	(void)state;
	ad[n++] = 1 + 2 + 100;
	ad[n++] = AD_SERVICE_DATA16;
	ad[n++] = 0x3d;
	ad[n++] = 0xfd;
	for (i = 0; i < 100; i++)
		ad[n++] = (uint8_t)i;
	ad[n++] = 1 + 2 + 90;
	ad[n++] = AD_MANUFACTURER;
	ad[n++] = 0x69;
	ad[n++] = 0x09;
	for (i = 0; i < 90; i++)
		ad[n++] = (uint8_t)(0xff - i);
	parse(ad, n, &ai);
	assert_int_equal(ai.n_malformed, 0);
	assert_int_equal(ai.n_dropped, 0);
	assert_int_equal(ai.svcdata[0].len, AD_SVCDATA_MAX);
	assert_true(ai.svcdata[0].truncated);
	assert_int_equal(ai.svcdata[0].data[AD_SVCDATA_MAX - 1],
	    AD_SVCDATA_MAX - 1);
	assert_int_equal(ai.mfr[0].company, 0x0969);
	assert_int_equal(ai.mfr[0].len, AD_MFR_MAX);
	assert_true(ai.mfr[0].truncated);
	assert_int_equal(ai.mfr[0].data[0], 0xff);
}

/*
 * Same UUID twice in one parse: the later service data replaces.  Same
 * company twice: both entries are kept, in order (a lock's HomeKit frame
 * and its iBeacon are both Apple's); an identical repeat is stored once.
 */
static void
test_replace_within_parse(void **state)
{
	static const uint8_t	ad[] = {
		0x04, 0x16, 0xf6, 0xff, 0x01,
		0x04, 0x16, 0xf6, 0xff, 0x02,
		0x03, 0xff, 0x4c, 0x00,
		0x04, 0xff, 0x4c, 0x00, 0x09,
		0x04, 0xff, 0x4c, 0x00, 0x09,
	};
	struct ad_info		ai;
	const struct ad_mfr	*m;

	(void)state;
	parse(ad, sizeof ad, &ai);
	assert_int_equal(ai.n_svcdata, 1);
	assert_int_equal(ai.svcdata[0].data[0], 0x02);
	assert_int_equal(ai.n_mfr, 2);
	assert_int_equal(ai.mfr[0].len, 0);
	assert_int_equal(ai.mfr[1].len, 1);
	assert_int_equal(ai.mfr[1].data[0], 0x09);
	m = ad_find_mfr(&ai, 0x004c);
	assert_ptr_equal(m, &ai.mfr[0]);
	m = ad_next_mfr(&ai, 0x004c, m);
	assert_ptr_equal(m, &ai.mfr[1]);
	assert_null(ad_next_mfr(&ai, 0x004c, m));
	assert_null(ad_next_mfr(&ai, 0x0969, NULL));
	assert_int_equal(ai.n_dropped, 0);
}

/* ---- merge ----------------------------------------------------------- */

static void
test_merge_basic(void **state)
{
	static const uint8_t	adv[] = {
		0x02, 0x01, 0x06,
		0x03, 0x08, 'L', 'k',
		0x03, 0x03, 0x0f, 0x18,
		0x04, 0x16, 0xf6, 0xff, 0x01,
		0x04, 0xff, 0x4c, 0x00, 0x06,
		0x03, 0x19, 0x08, 0x07,
	};
	static const uint8_t	rsp[] = {
		0x02, 0x01, 0x05,		/* dst's flags win */
		0x05, 0x09, 'L', 'o', 'c', 'k',
		0x05, 0x03, 0x0f, 0x18, 0x24, 0xfe,
		0x04, 0x16, 0xf6, 0xff, 0x02,	/* replaces */
		0x04, 0x16, 0x3d, 0xfd, 0x03,	/* appended */
		0x04, 0xff, 0x69, 0x09, 0x07,
		0x02, 0x0a, 0x04,
		0x03, 0x19, 0x00, 0x07,		/* dst's appearance wins */
	};
	struct ad_info		a, r;
	char			s[37];

	(void)state;
	parse(adv, sizeof adv, &a);
	parse(rsp, sizeof rsp, &r);
	ad_merge(&a, &r);
	assert_int_equal(a.flags, 0x06);
	assert_true(a.name_complete);
	assert_int_equal(a.name_len, 4);
	assert_memory_equal(a.name, "Lock", 4);
	assert_int_equal(a.n_uuids, 2);
	assert_string_equal(ad_uuid_str(&a.uuids[0], s), "180f");
	assert_string_equal(ad_uuid_str(&a.uuids[1], s), "fe24");
	assert_int_equal(a.n_svcdata, 2);
	assert_int_equal(ad_find_svcdata16(&a, 0xfff6)->data[0], 0x02);
	assert_int_equal(ad_find_svcdata16(&a, 0xfd3d)->data[0], 0x03);
	assert_int_equal(a.n_mfr, 2);
	assert_non_null(ad_find_mfr(&a, 0x004c));
	assert_non_null(ad_find_mfr(&a, 0x0969));
	assert_true(a.has_tx_power);
	assert_int_equal(a.tx_power, 4);
	assert_int_equal(a.appearance, 0x0708);
	assert_int_equal(a.n_structs, 6 + 8);
}

/*
 * A HomeKit frame in the advertisement and an iBeacon in the scan
 * response, both under Apple's 0x004C: both survive the merge, the
 * advertisement's first; merging the same response again adds nothing.
 */
static void
test_merge_same_company(void **state)
{
	static const uint8_t	adv[] = {
		0x02, 0x01, 0x06,
		0x06, 0xff, 0x4c, 0x00, 0x06, 0x31, 0x01,
	};
	static const uint8_t	rsp[] = {
		0x06, 0xff, 0x4c, 0x00, 0x02, 0x15, 0xa9,
	};
	struct ad_info		a, r;
	const struct ad_mfr	*m;

	(void)state;
	parse(adv, sizeof adv, &a);
	parse(rsp, sizeof rsp, &r);
	ad_merge(&a, &r);
	assert_int_equal(a.n_mfr, 2);
	m = ad_find_mfr(&a, 0x004c);
	assert_int_equal(m->data[0], 0x06);
	m = ad_next_mfr(&a, 0x004c, m);
	assert_non_null(m);
	assert_int_equal(m->data[0], 0x02);
	ad_merge(&a, &r);
	assert_int_equal(a.n_mfr, 2);
	assert_int_equal(a.n_dropped, 0);
}

static void
test_merge_names(void **state)
{
	static const uint8_t	cmpl[] = { 0x05, 0x09, 'F', 'u', 'l', 'l' };
	static const uint8_t	shrt[] = { 0x03, 0x08, 'S', 'h' };
	static const uint8_t	cmpl2[] = { 0x04, 0x09, 'O', 't', 'h' };
	struct ad_info		a, b, none;

	(void)state;
	/* Shortened in src never beats complete in dst. */
	parse(cmpl, sizeof cmpl, &a);
	parse(shrt, sizeof shrt, &b);
	ad_merge(&a, &b);
	assert_true(a.name_complete);
	assert_memory_equal(a.name, "Full", 4);

	/* Both complete: dst keeps its own. */
	parse(cmpl2, sizeof cmpl2, &b);
	ad_merge(&a, &b);
	assert_int_equal(a.name_len, 4);
	assert_memory_equal(a.name, "Full", 4);

	/* dst has none: src's is taken, even shortened. */
	parse(NULL, 0, &none);
	parse(shrt, sizeof shrt, &b);
	ad_merge(&none, &b);
	assert_true(none.has_name);
	assert_false(none.name_complete);
	assert_int_equal(none.name_len, 2);
}

static void
test_merge_caps_and_counters(void **state)
{
	struct ad_info	a, b;
	uint8_t		ad[2 + 2 * AD_MAX_UUIDS];
	size_t		i;
	static const uint8_t	bad[] = { 0x04, 0x19, 0, 0, 0 };
	static const uint8_t	bad2[] = { 0x02, 0x0a, 0, 0x09, 0xff };

	(void)state;
	ad[0] = 1 + 2 * AD_MAX_UUIDS;
	ad[1] = AD_UUID16_ALL;
	for (i = 0; i < AD_MAX_UUIDS; i++) {
		ad[2 + 2 * i] = (uint8_t)i;
		ad[3 + 2 * i] = 0x18;
	}
	parse(ad, sizeof ad, &a);
	for (i = 0; i < AD_MAX_UUIDS; i++)
		ad[3 + 2 * i] = 0x28;	/* 16 different ones */
	ad[3] = 0x18;			/* ... but one shared */
	parse(ad, sizeof ad, &b);
	ad_merge(&a, &b);
	assert_int_equal(a.n_uuids, AD_MAX_UUIDS);
	assert_int_equal(a.n_dropped, AD_MAX_UUIDS - 1);
	assert_int_equal(a.n_structs, 2);

	/* Malformed counters add; the first message stays. */
	parse(bad, sizeof bad, &a);
	parse(bad2, sizeof bad2, &b);
	assert_int_equal(b.n_malformed, 1);
	ad_merge(&a, &b);
	assert_int_equal(a.n_malformed, 2);
	assert_string_equal(a.malformed,
	    "AD #1 (type 0x19): length 3, want 2");
	parse(NULL, 0, &a);
	ad_merge(&a, &b);
	assert_string_equal(a.malformed,
	    "AD #2 (type 0xff): length 9 runs past the end (1 left)");

	/* Merging a record into itself changes nothing. */
	b = a;
	ad_merge(&a, &a);
	assert_memory_equal(&a, &b, sizeof a);
}

static void
test_merge_svcdata_mfr_caps(void **state)
{
	struct ad_info	a, b;
	uint8_t		ad[64];
	size_t		n = 0, i;

	(void)state;
	for (i = 0; i < AD_MAX_MFR; i++) {
		ad[n++] = 3;
		ad[n++] = AD_MANUFACTURER;
		ad[n++] = (uint8_t)i;
		ad[n++] = 0x01;
	}
	parse(ad, n, &a);
	n = 0;
	ad[n++] = 4;
	ad[n++] = AD_MANUFACTURER;
	ad[n++] = 0x00;		/* company 0x0100 again: over the cap */
	ad[n++] = 0x01;
	ad[n++] = 0x77;
	ad[n++] = 3;
	ad[n++] = AD_MANUFACTURER;
	ad[n++] = 0x55;		/* new company: over the cap */
	ad[n++] = 0x01;
	for (i = 0; i < AD_MAX_SVCDATA; i++) {
		ad[n++] = 3;
		ad[n++] = AD_SERVICE_DATA16;
		ad[n++] = (uint8_t)i;
		ad[n++] = 0xfe;
	}
	parse(ad, n, &b);
	parse(NULL, 0, &a);
	n = 0;
	for (i = 0; i < AD_MAX_MFR; i++) {
		ad[n++] = 3;
		ad[n++] = AD_MANUFACTURER;
		ad[n++] = (uint8_t)i;
		ad[n++] = 0x01;
	}
	ad[n++] = 3;
	ad[n++] = AD_SERVICE_DATA16;
	ad[n++] = 0x99;
	ad[n++] = 0xfe;
	parse(ad, n, &a);
	ad_merge(&a, &b);
	assert_int_equal(a.n_mfr, AD_MAX_MFR);
	assert_int_equal(ad_find_mfr(&a, 0x0100)->len, 0);
	assert_null(ad_next_mfr(&a, 0x0100, ad_find_mfr(&a, 0x0100)));
	assert_null(ad_find_mfr(&a, 0x0155));
	assert_int_equal(a.n_svcdata, AD_MAX_SVCDATA);
	assert_non_null(ad_find_svcdata16(&a, 0xfe99));
	assert_null(ad_find_svcdata16(&a, 0xfe05));	/* 6th: dropped */
	assert_int_equal(a.n_dropped, 3);
}

/* ---- UUID text -------------------------------------------------------- */

static void
test_uuid_str(void **state)
{
	struct ad_uuid	u;
	char		s[37];

	(void)state;
	memset(&u, 0, sizeof u);
	u.len = 16;
	memcpy(u.b, nuki_kts_le, 16);
	assert_ptr_equal(ad_uuid_str(&u, s), s);
	assert_string_equal(s, "a92ee200-5501-11e4-916c-0800200c9a66");
	assert_int_equal(strlen(s), 36);

	/* Matter commissionable service (connectedhomeip src/ble/BleUUID.h). */
	memset(&u, 0, sizeof u);
	u.len = 2;
	u.b[0] = 0xf6;
	u.b[1] = 0xff;
	assert_string_equal(ad_uuid_str(&u, s), "fff6");
	u.len = 4;
	assert_string_equal(ad_uuid_str(&u, s), "0000fff6");

	u.len = 3;	/* not a UUID size */
	assert_string_equal(ad_uuid_str(&u, s), "");
	u.len = 0;
	assert_string_equal(ad_uuid_str(&u, s), "");
}

static void
test_uuid_eq(void **state)
{
	struct ad_uuid	a, b;

	(void)state;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.len = b.len = 2;
	a.b[0] = b.b[0] = 0xf6;
	a.b[1] = b.b[1] = 0xff;
	assert_true(ad_uuid_eq(&a, &b));
	b.len = 4;
	assert_false(ad_uuid_eq(&a, &b));
	b.len = 2;
	b.b[5] = 1;		/* beyond len: ignored */
	assert_true(ad_uuid_eq(&a, &b));
	b.b[1] = 0xfe;
	assert_false(ad_uuid_eq(&a, &b));
}

/* ---- real lock advertisements ---------------------------------------- */

/*
 * HomeKitADK regular advertisement, HAP R14 §7.4.2.1 /
 * apple/HomeKitADK:HAP/HAPBLEAccessoryServer+Advertising.c: Flags 0x06,
 * Apple manufacturer data TY 0x06, STL 0x2D, SF 0x01 (unpaired), Device
 * ID, ACID 6 (door lock), GSN, CN, CV 0x02; shortened name in the
 * advertisement, the full one in the scan response.
 */
static void
test_vector_homekit(void **state)
{
	static const uint8_t	adv[] = {
		0x02, 0x01, 0x06,
		0x12, 0xff, 0x4c, 0x00, 0x06, 0x2d, 0x01,
		0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6,	/* Device ID */
		0x06, 0x00,				/* ACID 6 */
		0x2a, 0x00,				/* GSN 42 */
		0x03, 0x02,				/* CN 3, CV 2 */
		0x05, 0x08, 'F', 'r', 'o', 'n',
	};
	static const uint8_t	rsp[] = {
		0x0b, 0x09, 'F', 'r', 'o', 'n', 't', ' ', 'D', 'o', 'o', 'r',
	};
	struct ad_info		a, r;
	const struct ad_mfr	*m;

	(void)state;
	assert_true(sizeof adv <= 31);
	parse(adv, sizeof adv, &a);
	assert_int_equal(a.n_structs, 3);
	assert_int_equal(a.n_malformed, 0);
	assert_int_equal(a.flags, 0x06);
	m = ad_find_mfr(&a, 0x004c);
	assert_non_null(m);
	assert_int_equal(m->len, 15);
	assert_int_equal(m->data[0], 0x06);		/* TY */
	assert_int_equal(m->data[1] & 0x1f, 13);	/* STL length */
	assert_int_equal(m->data[2] & 0x01, 1);		/* unpaired */
	assert_int_equal(m->data[9] | m->data[10] << 8, 6);	/* ACID */
	assert_false(a.name_complete);

	parse(rsp, sizeof rsp, &r);
	ad_merge(&a, &r);
	assert_true(a.name_complete);
	assert_int_equal(a.name_len, 10);
	assert_memory_equal(a.name, "Front Door", 10);
}

/*
 * Matter commissionable advertisement,
 * project-chip/connectedhomeip:src/ble/CHIPBleServiceData.h: Flags, then
 * service data fff6: OpCode 0, discriminator 3840 / version 0, VID
 * 0xFFF1, PID 0x8001, additional-data flags 0.
 */
static void
test_vector_matter(void **state)
{
	static const uint8_t	adv[] = {
		0x02, 0x01, 0x06,
		0x0b, 0x16, 0xf6, 0xff, 0x00, 0x00, 0x0f, 0xf1, 0xff,
		0x01, 0x80, 0x00,
	};
	struct ad_info		ai;
	const struct ad_svcdata	*sd;
	char			s[37];

	(void)state;
	parse(adv, sizeof adv, &ai);
	assert_int_equal(ai.n_malformed, 0);
	sd = ad_find_svcdata16(&ai, 0xfff6);
	assert_non_null(sd);
	assert_string_equal(ad_uuid_str(&sd->uuid, s), "fff6");
	assert_int_equal(sd->len, 8);
	assert_int_equal(sd->data[0], 0x00);
	assert_int_equal((sd->data[1] | sd->data[2] << 8) & 0x0fff, 3840);
	assert_int_equal(sd->data[3] | sd->data[4] << 8, 0xfff1);
	assert_int_equal(sd->data[5] | sd->data[6] << 8, 0x8001);
}

/*
 * Nuki in pairing mode (Nuki Smart Lock BLE API v2.1;
 * NukiBleEsp32 checks the pairing service data): service data 128-bit
 * a92ee100-5501-11e4-916c-0800200c9a66 + 4-byte Nuki ID.
 */
static void
test_vector_nuki_pairing(void **state)
{
	static const uint8_t	adv[] = {
		0x02, 0x01, 0x06,
		0x15, 0x21,
		0x66, 0x9a, 0x0c, 0x20, 0x00, 0x08, 0x6c, 0x91,
		0xe4, 0x11, 0x01, 0x55, 0x00, 0xe1, 0x2e, 0xa9,
		0x2a, 0x1b, 0x3c, 0x4d,
	};
	struct ad_info		ai;
	char			s[37];

	(void)state;
	parse(adv, sizeof adv, &ai);
	assert_int_equal(ai.n_malformed, 0);
	assert_int_equal(ai.n_svcdata, 1);
	assert_int_equal(ai.svcdata[0].uuid.len, 16);
	assert_string_equal(ad_uuid_str(&ai.svcdata[0].uuid, s),
	    "a92ee100-5501-11e4-916c-0800200c9a66");
	assert_int_equal(ai.svcdata[0].len, 4);
	assert_memory_equal(ai.svcdata[0].data, "\x2a\x1b\x3c\x4d", 4);
}

/*
 * Nuki in door mode (Nuki BLE API v2.1): Apple iBeacon 4C 00 02 15 with
 * proximity UUID a92ee200-... (big-endian in the beacon), major/minor =
 * Nuki ID, measured power with bit0 = state changed; scan response
 * "Nuki_" + Nuki ID.
 */
static void
test_vector_nuki_door_mode(void **state)
{
	static const uint8_t	adv[] = {
		0x02, 0x01, 0x06,
		0x1a, 0xff, 0x4c, 0x00, 0x02, 0x15,
		0xa9, 0x2e, 0xe2, 0x00, 0x55, 0x01, 0x11, 0xe4,
		0x91, 0x6c, 0x08, 0x00, 0x20, 0x0c, 0x9a, 0x66,
		0x2a, 0x1b, 0x3c, 0x4d, 0xc5,
	};
	static const uint8_t	rsp[] = {
		0x0e, 0x09, 'N', 'u', 'k', 'i', '_', '2', 'A', '1', 'B', '3',
		'C', '4', 'D',
	};
	struct ad_info		a, r;
	const struct ad_mfr	*m;

	(void)state;
	assert_true(sizeof adv <= 31);
	parse(adv, sizeof adv, &a);
	assert_int_equal(a.n_malformed, 0);
	m = ad_find_mfr(&a, 0x004c);
	assert_non_null(m);
	assert_int_equal(m->len, 23);
	assert_memory_equal(m->data, "\x02\x15\xa9\x2e\xe2\x00", 6);
	assert_int_equal(m->data[22] & 0x01, 1);
	parse(rsp, sizeof rsp, &r);
	ad_merge(&a, &r);
	assert_int_equal(a.name_len, 13);
	assert_memory_equal(a.name, "Nuki_2A1B3C4D", 13);
}

/*
 * SwitchBot Lock Lite (sblibs/pySwitchbot
 * tests/test_adv_parser.py vector): manufacturer data 0x0969
 * e9d511b26b53 17 93 08 20 in the advertisement, service data fd3d
 * 2d 80 64 in the scan response.
 */
static void
test_vector_switchbot_lock_lite(void **state)
{
	static const uint8_t	adv[] = {
		0x02, 0x01, 0x06,
		0x0d, 0xff, 0x69, 0x09, 0xe9, 0xd5, 0x11, 0xb2, 0x6b, 0x53,
		0x17, 0x93, 0x08, 0x20,
	};
	static const uint8_t	rsp[] = {
		0x06, 0x16, 0x3d, 0xfd, 0x2d, 0x80, 0x64,
	};
	struct ad_info		a, r;
	const struct ad_mfr	*m;
	const struct ad_svcdata	*sd;

	(void)state;
	parse(adv, sizeof adv, &a);
	parse(rsp, sizeof rsp, &r);
	ad_merge(&a, &r);
	assert_int_equal(a.n_malformed, 0);
	m = ad_find_mfr(&a, 0x0969);
	assert_non_null(m);
	assert_int_equal(m->len, 10);
	assert_int_equal(m->data[6], 0x17);		/* sequence 23 */
	assert_int_equal(m->data[7] & 0x80, 0x80);	/* calibrated */
	sd = ad_find_svcdata16(&a, 0xfd3d);
	assert_non_null(sd);
	assert_int_equal(sd->len, 3);
	assert_int_equal(sd->data[0] & 0x7f, 0x2d);	/* Lock Lite */
	assert_int_equal(sd->data[2] & 0x7f, 100);	/* battery % */
}

/*
 * TTLock V3 in setting mode
 * (kind3r/ttlock-sdk-js:src/device/TTBluetoothDevice.ts): the
 * "company ID" is protocol bytes 05 03, then scene, params (bit2 =
 * setting mode), battery %, ..., lock MAC reversed at the end.
 */
static void
test_vector_ttlock(void **state)
{
	static const uint8_t	adv[] = {
		0x02, 0x01, 0x06,
		0x10, 0xff, 0x05, 0x03, 0x02, 0x04, 0x50, 0x00, 0x00,
		0x00, 0x00, 0xef, 0xcd, 0xab, 0x12, 0x34, 0x56,
		0x0a, 0x09, 'S', '2', '0', '2', 'F', '_', 'a', 'b', 'c',
	};
	struct ad_info		ai;
	const struct ad_mfr	*m;

	(void)state;
	assert_true(sizeof adv <= 31);
	parse(adv, sizeof adv, &ai);
	assert_int_equal(ai.n_malformed, 0);
	assert_int_equal(ai.n_structs, 3);
	m = ad_find_mfr(&ai, 0x0305);
	assert_non_null(m);
	assert_int_equal(m->len, 13);
	assert_int_equal(m->data[1] & 0x04, 0x04);	/* setting mode */
	assert_int_equal(m->data[2], 80);		/* battery % */
	assert_int_equal(ai.name_len, 9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_early_termination),
		cmocka_unit_test(test_overrun),
		cmocka_unit_test(test_malformed_lengths),
		cmocka_unit_test(test_malformed_128),
		cmocka_unit_test(test_malformed_skip_continue),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_uuid16_32_lists),
		cmocka_unit_test(test_uuid128_list),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_name_cap),
		cmocka_unit_test(test_tx_power),
		cmocka_unit_test(test_appearance),
		cmocka_unit_test(test_solicitation_not_stored),
		cmocka_unit_test(test_service_data),
		cmocka_unit_test(test_service_data_base_uuid128),
		cmocka_unit_test(test_uri_and_unknown),
		cmocka_unit_test(test_manufacturer),
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_cap_uuids),
		cmocka_unit_test(test_cap_svcdata_mfr),
		cmocka_unit_test(test_cap_data_truncated),
		cmocka_unit_test(test_replace_within_parse),
		cmocka_unit_test(test_merge_basic),
		cmocka_unit_test(test_merge_names),
		cmocka_unit_test(test_merge_caps_and_counters),
		cmocka_unit_test(test_merge_svcdata_mfr_caps),
		cmocka_unit_test(test_merge_same_company),
		cmocka_unit_test(test_uuid_str),
		cmocka_unit_test(test_uuid_eq),
		cmocka_unit_test(test_vector_homekit),
		cmocka_unit_test(test_vector_matter),
		cmocka_unit_test(test_vector_nuki_pairing),
		cmocka_unit_test(test_vector_nuki_door_mode),
		cmocka_unit_test(test_vector_switchbot_lock_lite),
		cmocka_unit_test(test_vector_ttlock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
