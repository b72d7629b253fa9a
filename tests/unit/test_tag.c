/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_tag.c - unit tests for src/nfc/tag.c: the classification
 * tables row by row.
 *
 * Vectors: ATQA/SAK pairs of NXP AN10833 rev 3.8 Table 3 (e.g. Classic
 * 1K 00 04 / 08, Classic 4K 00 02 / 18, Ultralight 00 44 / 00, DESFire
 * 03 44 / 20); GET_VERSION answers from the NTAG213/215/216 datasheet
 * §10.1 Table 28 (NTAG213 00 04 04 02 01 00 0F 03), MF0ULX1 datasheet
 * Table 15 (MF0UL11 00 04 03 01 01 00 0B 03); DESFire hardware frames
 * per AN12752 §6.2 (EV3 04 01 01 33 00 1A 05) and proxmark3
 * cmdhfmfdes.c (EV1 major 0x01, EV2 0x12); DESFire EV1 ATS 06 75 77 81
 * 02 80 as printed by libnfc's nfc-list for an EV1 card.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nfc/tag.h"
#include "util/hex.h"

static struct tag_raw
fam_a(const char *atqa, const char *sak, const char *uid, const char *ats)
{
	struct tag_raw	t;
	long		n;

	memset(&t, 0, sizeof t);
	t.tech = TAG_TECH_NFC_A;
	assert_int_equal(hex_decode(atqa, t.atqa, 2), 2);
	assert_int_equal(hex_decode(sak, &t.sak, 1), 1);
	n = hex_decode(uid, t.uid, sizeof t.uid);
	assert_true(n > 0);
	t.uid_len = (uint8_t)n;
	if (ats != NULL) {
		n = hex_decode(ats, t.ats, sizeof t.ats);
		assert_true(n > 0);
		t.ats_len = (uint8_t)n;
	}
	return t;
}

static void
test_sak_table(void **state)
{
	static const struct {
		const char	*atqa, *sak, *uid, *ats;
		const char	*family;
		enum tag_sec	 sec;
		unsigned	 hints;
	} v[] = {
		{ "0004", "08", "3a5f9c12", NULL, "MIFARE Classic 1K",
		    TAG_SEC_CLONABLE, 0 },
		{ "0044", "08", "04a1b2c3d4e5f6", NULL, "MIFARE Classic 1K",
		    TAG_SEC_CLONABLE, 0 },
		{ "0002", "18", "3a5f9c12", NULL, "MIFARE Classic 4K",
		    TAG_SEC_CLONABLE, 0 },
		{ "0004", "09", "3a5f9c12", NULL, "MIFARE Mini",
		    TAG_SEC_CLONABLE, 0 },
		{ "0002", "19", "3a5f9c12", NULL, "MIFARE Classic 2K",
		    TAG_SEC_CLONABLE, 0 },
		{ "0004", "88", "3a5f9c12", NULL, "Infineon MIFARE Classic 1K",
		    TAG_SEC_CLONABLE, 0 },
		{ "0004", "28", "3a5f9c12", NULL,
		    "SmartMX with MIFARE Classic 1K emulation",
		    TAG_SEC_CLONABLE, TAG_HINT_ISO_DEP },
		{ "0004", "10", "3a5f9c12", NULL, "MIFARE Plus 2K (SL2)",
		    TAG_SEC_WEAK, 0 },
		{ "0044", "00", "04a1b2c3d4e5f6", NULL,
		    "MIFARE Ultralight or Ultralight C", TAG_SEC_CLONABLE,
		    TAG_HINT_TYPE2 },
		{ "0344", "20", "04221144aa5b80", "7577810280",
		    "MIFARE DESFire", TAG_SEC_UNKNOWN,
		    TAG_HINT_ISO_DEP | TAG_HINT_DESFIRE },
		{ "0004", "20", "08a7c4e1", "78807002",
		    "Phone or random-UID card (ISO-DEP)", TAG_SEC_STRONG,
		    TAG_HINT_ISO_DEP },
		/* MIFARE Plus SL3: T0 75 (TA TB TC), hist C1 05 2F 2F ... */
		{ "0044", "20", "04112233445566", "75778002c1052f2f0135",
		    "MIFARE Plus (SL3)", TAG_SEC_STRONG,
		    TAG_HINT_ISO_DEP | TAG_HINT_DESFIRE },
		{ "0004", "20", "3a5f9c12", "788077025a",
		    "ISO 14443-4 smart card (SmartMX/JCOP or other)",
		    TAG_SEC_UNKNOWN, TAG_HINT_ISO_DEP | TAG_HINT_DESFIRE },
		{ "0004", "40", "3a5f9c12", NULL, "NFC-DEP device",
		    TAG_SEC_UNKNOWN, 0 },
		{ "0f01", "01", "3a5f9c12", NULL,
		    "ISO 14443-A tag (unidentified)", TAG_SEC_UNKNOWN, 0 },
	};
	struct tag_class	c;
	struct tag_raw		t;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		t = fam_a(v[i].atqa, v[i].sak, v[i].uid, v[i].ats);
		tag_classify(&t, &c);
		assert_string_equal(c.family, v[i].family);
		assert_int_equal(c.sec, v[i].sec);
		assert_int_equal(c.hints, v[i].hints);
		assert_non_null(c.reason);
	}
}

static void
test_t2_version(void **state)
{
	static const struct {
		const char	*v;
		const char	*family;
	} ok[] = {
		{ "0004040201000f03", "NTAG213" },
		{ "0004040201001103", "NTAG215" },
		{ "0004040201001303", "NTAG216" },
		{ "0004040101000b03", "NTAG210" },
		{ "0004030101000b03", "MIFARE Ultralight EV1 (MF0UL11)" },
		{ "0004030101000e03", "MIFARE Ultralight EV1 (MF0UL21)" },
		{ "0004040502011303", "NTAG I2C 1k" },
	};
	struct tag_class	c;
	uint8_t			v[8];
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		memset(&c, 0, sizeof c);
		c.hints = TAG_HINT_TYPE2;
		assert_int_equal(hex_decode(ok[i].v, v, 8), 8);
		assert_true(tag_classify_t2_version(v, &c));
		assert_string_equal(c.family, ok[i].family);
		assert_int_equal(c.sec, TAG_SEC_CLONABLE);
		assert_int_equal(c.hints, TAG_HINT_TYPE2);
	}
	assert_int_equal(hex_decode("0005040201000f03", v, 8), 8);
	assert_false(tag_classify_t2_version(v, &c));
	assert_int_equal(hex_decode("0004049901000f03", v, 8), 8);
	assert_false(tag_classify_t2_version(v, &c));
}

static void
test_desfire_version(void **state)
{
	static const struct {
		const char	*v;
		const char	*family;
		enum tag_sec	 sec;
	} ok[] = {
		{ "04010100001805", "MIFARE DESFire (MF3ICD40) 4K",
		    TAG_SEC_WEAK },
		{ "04010101001805", "MIFARE DESFire EV1 4K", TAG_SEC_STRONG },
		{ "04010112001a05", "MIFARE DESFire EV2 8K", TAG_SEC_STRONG },
		{ "04010133001a05", "MIFARE DESFire EV3 8K", TAG_SEC_STRONG },
		{ "04010133001605", "MIFARE DESFire EV3 2K", TAG_SEC_STRONG },
		{ "04010133001705", "MIFARE DESFire EV3", TAG_SEC_STRONG },
		{ "04080100001305", "MIFARE DESFire Light", TAG_SEC_STRONG },
		{ "04040230001105", "NTAG 424 DNA", TAG_SEC_STRONG },
	};
	struct tag_class	c;
	uint8_t			v[7];
	char			buf[64];
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		memset(&c, 0, sizeof c);
		assert_int_equal(hex_decode(ok[i].v, v, 7), 7);
		assert_true(tag_classify_desfire_version(v, &c, buf,
		    sizeof buf));
		assert_string_equal(c.family, ok[i].family);
		assert_int_equal(c.sec, ok[i].sec);
	}
	assert_int_equal(hex_decode("05010133001a05", v, 7), 7);
	assert_false(tag_classify_desfire_version(v, &c, buf, sizeof buf));
	assert_int_equal(hex_decode("04010177001a05", v, 7), 7);
	assert_false(tag_classify_desfire_version(v, &c, buf, sizeof buf));
	/* A buffer too small keeps the plain family name. */
	assert_int_equal(hex_decode("04010133001a05", v, 7), 7);
	assert_true(tag_classify_desfire_version(v, &c, buf, 8));
	assert_string_equal(c.family, "MIFARE DESFire EV3");
}

static void
test_uid_facts(void **state)
{
	struct tag_raw	t;

	(void)state;
	t = fam_a("0004", "20", "08a7c4e1", NULL);
	assert_true(tag_uid_random(&t));
	assert_null(tag_manufacturer(&t));
	t = fam_a("0044", "00", "04a1b2c3d4e5f6", NULL);
	assert_false(tag_uid_random(&t));
	assert_string_equal(tag_manufacturer(&t), "NXP");
	t = fam_a("0044", "00", "02a1b2c3d4e5f6", NULL);
	assert_string_equal(tag_manufacturer(&t), "STMicroelectronics");
	t = fam_a("0044", "00", "7fa1b2c3d4e5f6", NULL);
	assert_null(tag_manufacturer(&t));
	/* 4-byte UIDs name no manufacturer, even when they start 04. */
	t = fam_a("0004", "08", "04a1b2c3", NULL);
	assert_null(tag_manufacturer(&t));

	memset(&t, 0, sizeof t);
	t.tech = TAG_TECH_FELICA;
	t.uid_len = 8;
	t.uid[0] = 0x08;
	assert_false(tag_uid_random(&t));
	assert_string_equal(tag_tech_name(t.tech), "felica");
	assert_string_equal(tag_sec_name(TAG_SEC_CLONABLE), "clonable");
	assert_string_equal(tag_sec_name(TAG_SEC_UNKNOWN), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sak_table),
		cmocka_unit_test(test_t2_version),
		cmocka_unit_test(test_desfire_version),
		cmocka_unit_test(test_uid_facts),
	};

	return cmocka_run_group_tests_name("tag", tests, NULL, NULL);
}
