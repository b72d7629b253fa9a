/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ndef.c - unit tests for src/nfc/ndef.c: Type 2 Capability
 * Container and TLVs, NDEF records (short, long, with ID, chunked,
 * several), URI and Text payloads, and malformed input.
 *
 * Vectors: the NTAG213 memory of a Matter setup tag as written by
 * connectedhomeip's nRF Connect NFC manager (URI record, prefix 0x00;
 * project-chip/connectedhomeip:src/platform/nrfconnect/
 * NFCOnboardingPayloadManagerImpl.cpp); NFC Forum NDEF 1.0 §3.2 header
 * rules;
 * URI RTD 1.0 Table 3 prefixes; Text RTD 1.0 §3.2.1 ("en" example).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nfc/ndef.h"
#include "util/hex.h"

static size_t
nd_hex(const char *s, uint8_t *out, size_t cap)
{
	long	n = hex_decode(s, out, cap);

	assert_true(n >= 0);
	return (size_t)n;
}

static void
test_cc(void **state)
{
	struct ndef_cc	cc;
	uint8_t		b[4];

	(void)state;
	nd_hex("e1101200", b, 4);		/* NTAG213: 144 bytes */
	assert_int_equal(ndef_cc_parse(b, &cc, NULL), LS_OK);
	assert_int_equal(cc.data_size, 144);
	assert_false(cc.read_only);
	nd_hex("e1106d0f", b, 4);		/* NTAG216, read-only */
	assert_int_equal(ndef_cc_parse(b, &cc, NULL), LS_OK);
	assert_int_equal(cc.data_size, 872);
	assert_true(cc.read_only);
	nd_hex("00000000", b, 4);
	assert_int_equal(ndef_cc_parse(b, &cc, NULL), LS_EMALFORMED);
	nd_hex("e1200600", b, 4);		/* version 2.0 */
	assert_int_equal(ndef_cc_parse(b, &cc, NULL), LS_EMALFORMED);
}

static void
test_tlv(void **state)
{
	uint8_t		 b[600];
	const uint8_t	*msg;
	size_t		 n, len;

	(void)state;
	/* NULL, Lock Control (3 bytes), NDEF of 3 bytes, Terminator. */
	n = nd_hex("00" "0103a00c34" "0303d00000" "fe", b, sizeof b);
	assert_int_equal(ndef_t2_find(b, n, &msg, &len, NULL), LS_OK);
	assert_ptr_equal(msg, b + 8);
	assert_int_equal(len, 3);
	/* Terminator before any NDEF TLV: none. */
	n = nd_hex("fe0303d00000", b, sizeof b);
	assert_int_equal(ndef_t2_find(b, n, &msg, &len, NULL), LS_OK);
	assert_null(msg);
	/* Three-byte length form: FF 01 00 = 256 bytes. */
	memset(b, 0, sizeof b);
	b[0] = 0x03;
	b[1] = 0xff;
	b[2] = 0x01;
	b[3] = 0x00;
	assert_int_equal(ndef_t2_find(b, 4 + 256, &msg, &len, NULL), LS_OK);
	assert_int_equal(len, 256);
	/* A length past the memory. */
	assert_int_equal(ndef_t2_find(b, 100, &msg, &len, NULL),
	    LS_EMALFORMED);
	/* Memory ending inside a TLV header. */
	n = nd_hex("03", b, sizeof b);
	assert_int_equal(ndef_t2_find(b, n, &msg, &len, NULL), LS_OK);
	assert_null(msg);
}

static void
test_matter_tag(void **state)
{
	uint8_t		 b[160];
	const uint8_t	*msg;
	struct ndef_msg	 m;
	char		 uri[64];
	size_t		 n, len;

	(void)state;
	/* Pages 4.. of tests/scenarios/nfc-site.json matter-sticker. */
	n = nd_hex("031bd1011755004d543a592e4b393034324330304b4130363438"
	    "473030fe", b, sizeof b);
	assert_int_equal(ndef_t2_find(b, n, &msg, &len, NULL), LS_OK);
	assert_int_equal(len, 27);
	assert_int_equal(ndef_parse(msg, len, &m, NULL), LS_OK);
	assert_int_equal(m.n, 1);
	assert_true(ndef_is_wk(&m.rec[0], "U"));
	assert_int_equal(ndef_uri(m.rec[0].payload, m.rec[0].payload_len, uri,
	    sizeof uri, NULL), LS_OK);
	assert_string_equal(uri, "MT:Y.K9042C00KA0648G00");
	ndef_msg_release(&m);
}

static void
test_records(void **state)
{
	uint8_t		 b[128];
	struct ndef_msg	 m;
	char		 s[64], lang[64];
	size_t		 n;

	(void)state;
	/*
	 * Three records: short URI "https://www.nxp.com" (prefix 0x02), a
	 * long-form (SR clear) Text "en" "hi" with an ID "a", and a MIME
	 * record.
	 */
	n = nd_hex("910108550" "26e78702e636f6d"
	    "090100000005015461" "02656e6869"
	    "520d036170706c69636174696f6e2f78" "616263", b, sizeof b);
	assert_int_equal(ndef_parse(b, n, &m, NULL), LS_OK);
	assert_int_equal(m.n, 3);
	assert_int_equal(ndef_uri(m.rec[0].payload, m.rec[0].payload_len, s,
	    sizeof s, NULL), LS_OK);
	assert_string_equal(s, "https://www.nxp.com");
	assert_true(ndef_is_wk(&m.rec[1], "T"));
	assert_int_equal(m.rec[1].id_len, 1);
	assert_memory_equal(m.rec[1].id, "a", 1);
	assert_int_equal(ndef_text(m.rec[1].payload, m.rec[1].payload_len,
	    lang, sizeof lang, s, sizeof s, NULL), LS_OK);
	assert_string_equal(lang, "en");
	assert_string_equal(s, "hi");
	assert_int_equal(m.rec[2].tnf, NDEF_TNF_MIME);
	assert_true(ndef_is_mime(&m.rec[2], "application/x"));
	assert_false(ndef_is_mime(&m.rec[2], "application/y"));
	ndef_msg_release(&m);
}

static void
test_chunked(void **state)
{
	uint8_t		 b[64];
	struct ndef_msg	 m;
	size_t		 n;

	(void)state;
	/*
	 * NDEF 1.0 §3.2.3: first chunk MB|CF|SR TNF 2 type "a/b" payload
	 * "ab", middle chunk CF|SR TNF 6 "cd", last chunk ME|SR TNF 6 "e".
	 */
	n = nd_hex("b20302612f62" "6162" "3600026364" "56000165", b,
	    sizeof b);
	assert_int_equal(ndef_parse(b, n, &m, NULL), LS_OK);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.rec[0].chunks, 3);
	assert_int_equal(m.rec[0].payload_len, 5);
	assert_memory_equal(m.rec[0].payload, "abcde", 5);
	assert_true(ndef_is_mime(&m.rec[0], "a/b"));
	ndef_msg_release(&m);
}

static void
test_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"d1011755",			/* payload past the end */
		"1101015500",			/* no MB */
		"9101015500",			/* no ME, message ends */
		"910101550091010155005101015500", /* MB twice */
		"d6000100",			/* TNF unchanged alone */
		"d7000100",			/* TNF reserved */
		"d0010100",			/* empty record with a type */
		"f20302612f626162",		/* ME on a chunk */
		"b20302612f626162" "56010165",	/* chunk with a type */
		"c1010000",			/* long length cut short */
	};
	uint8_t		b[64];
	struct ndef_msg	m;
	size_t		i, n;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		n = nd_hex(bad[i], b, sizeof b);
		assert_int_equal(ndef_parse(b, n, &m, NULL), LS_EMALFORMED);
		ndef_msg_release(&m);
	}
	/* URI: empty, unknown prefix. */
	assert_int_equal(ndef_uri(b, 0, (char *)b + 8, 8, NULL),
	    LS_EMALFORMED);
	b[0] = 0x24;
	assert_int_equal(ndef_uri(b, 1, (char *)b + 8, 8, NULL),
	    LS_EMALFORMED);
	/* Text: language code longer than the payload. */
	b[0] = 0x05;
	assert_int_equal(ndef_text(b, 3, (char *)b + 16, 8, (char *)b + 32,
	    8, NULL), LS_EMALFORMED);
}

static void
test_uri_sanitised(void **state)
{
	uint8_t	p[] = { 0x04, 'a', 0x1b, '[', '2', 'J', 0x00, 'b' };
	char	s[32];

	(void)state;
	assert_int_equal(ndef_uri(p, sizeof p, s, sizeof s, NULL), LS_OK);
	assert_null(strchr(s, 0x1b));
	assert_int_equal(strncmp(s, "https://a", 9), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cc),
		cmocka_unit_test(test_tlv),
		cmocka_unit_test(test_matter_tag),
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_chunked),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_uri_sanitised),
	};

	return cmocka_run_group_tests_name("ndef", tests, NULL, NULL);
}
