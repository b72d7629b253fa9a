/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_tag_probe.c - unit tests for src/nfc/tag_probe.c against scripted tags:
 * which commands are sent (and that nothing else is), the report for a
 * Matter setup tag, a HomeKit tag with BLE OOB, MIFARE Classic, DESFire
 * EV2, an Aliro phone, silent tags and a failing reader.  No report may
 * hold the raw UID or a setup secret.
 *
 * Tag memory: tests/scenarios/nfc-site.json (the same bytes pn532-emu
 * serves; sources cited there).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nfc/tag_probe.h"
#include "util/hex.h"

/* NTAG213 with one URI record "MT:Y.K9042C00KA0648G00", pages 0-15. */
#define PR_MATTER_PAGES \
	"04a1b29fc3d4e5f604480000e1101200031bd1011755004d543a592e4b39" \
	"3034324330304b4130363438473030fe0000000000000000000000000000" \
	"000000000000000000000000000000000000000000000000000000000000" \
	"000000000000000000000000000000000000000000000000000000000000" \
	"000000000000000000000000000000000000000000000000000000000000" \
	"000000000000000000000000000000000000000000000000000000000000"

struct pr_tag {
	uint8_t		 pages[256];
	size_t		 npages;	/* bytes */
	uint8_t		 version[8];
	size_t		 version_len;	/* 0: GET_VERSION unanswered */
	bool		 iso;
	bool		 aliro;
	bool		 silent;	/* answers nothing */
	bool		 reader_dead;	/* xfer fails as a reader error */
	unsigned	 selects;
	unsigned	 xfers;
	char		 log[512];	/* commands seen, hex, ';'-separated */
};

static enum ls_err
pr_select(void *arg, const struct tag_raw *raw, struct ls_errbuf *eb)
{
	struct pr_tag	*t = arg;

	(void)raw;
	t->selects++;
	if (t->silent)
		return ls_err_set(eb, LS_ETIMEOUT, "gone");
	return LS_OK;
}

static enum ls_err
pr_xfer(void *arg, const uint8_t *tx, size_t n, uint8_t *rx, size_t cap,
    size_t *rlen, struct ls_errbuf *eb)
{
	struct pr_tag	*t = arg;
	char		 hx[64];
	size_t		 i, l;

	t->xfers++;
	hex_encode(tx, n > 20 ? 20 : n, hx);
	l = strlen(t->log);
	snprintf(t->log + l, sizeof t->log - l, "%s;", hx);
	*rlen = 0;
	if (t->reader_dead)
		return ls_err_set(eb, LS_EIO, "reader unplugged");
	if (t->silent)
		return ls_err_set(eb, LS_ETIMEOUT, "no answer");
	if (!t->iso && n == 2 && tx[0] == 0x30 && (size_t)tx[1] * 4 <
	    t->npages) {
		for (i = 0; i < 16 && i < cap; i++)
			rx[i] = t->pages[(tx[1] * 4 + i) % t->npages];
		*rlen = 16;
		return LS_OK;
	}
	if (!t->iso && n == 1 && tx[0] == 0x60 && t->version_len == 8) {
		memcpy(rx, t->version, 8);
		*rlen = 8;
		return LS_OK;
	}
	if (t->iso && n >= 5 && tx[1] == 0xa4) {
		rx[0] = t->aliro ? 0x90 : 0x6a;
		rx[1] = t->aliro ? 0x00 : 0x82;
		*rlen = 2;
		return LS_OK;
	}
	if (t->iso && n == 5 && tx[0] == 0x90 && tx[1] == 0x60 &&
	    t->version_len == 7) {
		memcpy(rx, t->version, 7);
		rx[7] = 0x91;
		rx[8] = 0xaf;
		*rlen = 9;
		return LS_OK;
	}
	return ls_err_set(eb, LS_ETIMEOUT, "NAK");
}

static const uint8_t pr_key[UID_DIGEST_LEN] = { 1, 2, 3 };

static struct tag_raw
pr_raw(const char *atqa, uint8_t sak, const char *uid, const char *ats)
{
	struct tag_raw	r;
	long		n;

	memset(&r, 0, sizeof r);
	r.tech = TAG_TECH_NFC_A;
	hex_decode(atqa, r.atqa, 2);
	r.sak = sak;
	n = hex_decode(uid, r.uid, sizeof r.uid);
	r.uid_len = (uint8_t)n;
	if (ats != NULL)
		r.ats_len = (uint8_t)hex_decode(ats, r.ats, sizeof r.ats);
	return r;
}

/* The report must not hold the UID bytes anywhere. */
static void
pr_no_uid(const struct tag_report *rep, const struct tag_raw *raw)
{
	char	hx[21];

	assert_null(memmem(rep, sizeof *rep, raw->uid, raw->uid_len));
	hex_encode(raw->uid, raw->uid_len, hx);
	assert_null(memmem(rep, sizeof *rep, hx, strlen(hx)));
	assert_int_equal(strlen(rep->uid_sha256), 64);
}

static void
pr_run(struct pr_tag *t, const struct tag_raw *raw, struct tag_report *rep,
    enum ls_err want)
{
	struct tag_io		io = { pr_select, pr_xfer, t };
	struct ls_errbuf	eb;

	ls_err_clear(&eb);
	assert_int_equal(tag_probe(&io, raw, pr_key, rep, &eb), want);
	if (want == LS_OK)
		assert_int_equal(eb.code, LS_OK);	/* silence is
							   no error */
	pr_no_uid(rep, raw);
}

static void
test_matter_tag(void **state)
{
	struct pr_tag		t;
	struct tag_raw		raw;
	struct tag_report	rep;
	const char		*ndef = "MT:Y.K9042C00KA0648G00";

	(void)state;
	memset(&t, 0, sizeof t);
	t.npages = (size_t)hex_decode(PR_MATTER_PAGES, t.pages,
	    sizeof t.pages);
	hex_decode("0004040201000f03", t.version, 8);
	t.version_len = 8;
	raw = pr_raw("0044", 0x00, "04a1b2c3d4e5f6", NULL);
	pr_run(&t, &raw, &rep, LS_OK);
	assert_string_equal(rep.cls.family, "NTAG213");
	assert_int_equal(rep.cls.sec, TAG_SEC_CLONABLE);
	assert_true(rep.version_read);
	assert_int_equal(rep.ndef, TAG_NDEF_PRESENT);
	assert_int_equal(rep.nrec, 1);
	assert_string_equal(rep.rec[0].kind, "uri");
	assert_int_equal(rep.setup, TAG_SETUP_MATTER);
	assert_int_equal(rep.matter.vendor_id, 0xfff1);
	assert_int_equal(rep.matter.discriminator, 3840);
	assert_string_equal(rep.manufacturer, "NXP");
	/* Neither the payload text nor its tail are in the report. */
	assert_null(memmem(&rep, sizeof rep, ndef, strlen(ndef)));
	assert_null(memmem(&rep, sizeof rep, ndef + 3, 8));
	/* READ 3, READ of the data area (144 bytes: 12 + 9 x 16), 60. */
	assert_int_equal(strncmp(t.log, "3003;3007;300b;", 15), 0);
	assert_non_null(strstr(t.log, ";60;"));
	assert_null(strstr(t.log, "a4"));
	assert_int_equal(rep.failed_steps, 0);
}

static void
test_classic_gets_nothing(void **state)
{
	struct pr_tag		t;
	struct tag_raw		raw;
	struct tag_report	rep;

	(void)state;
	memset(&t, 0, sizeof t);
	raw = pr_raw("0004", 0x08, "3a5f9c12", NULL);
	pr_run(&t, &raw, &rep, LS_OK);
	assert_string_equal(rep.cls.family, "MIFARE Classic 1K");
	assert_int_equal(rep.cls.sec, TAG_SEC_CLONABLE);
	assert_int_equal(t.xfers, 0);
	assert_int_equal(t.selects, 0);
	assert_int_equal(rep.ndef, TAG_NDEF_NOT_READ);
	assert_int_equal(rep.aliro, -1);
}

static void
test_desfire(void **state)
{
	struct pr_tag		t;
	struct tag_raw		raw;
	struct tag_report	rep;

	(void)state;
	memset(&t, 0, sizeof t);
	t.iso = true;
	hex_decode("04010112001a05", t.version, 7);
	t.version_len = 7;
	raw = pr_raw("0344", 0x20, "04221144aa5b80", "7577810280");
	pr_run(&t, &raw, &rep, LS_OK);
	assert_string_equal(rep.cls.family, "MIFARE DESFire EV2 8K");
	assert_int_equal(rep.cls.sec, TAG_SEC_STRONG);
	assert_true(rep.iso_dep);
	assert_int_equal(rep.aliro, 0);
	/* Both Aliro AIDs, then GET_VERSION; nothing else. */
	assert_string_equal(t.log, "00a4040009a000000909acce550100;"
	    "00a4040009a000000909acce550200;9060000000;");
}

static void
test_aliro_phone(void **state)
{
	struct pr_tag		t;
	struct tag_raw		raw;
	struct tag_report	rep;

	(void)state;
	memset(&t, 0, sizeof t);
	t.iso = true;
	t.aliro = true;
	raw = pr_raw("0004", 0x20, "08a7c4e1", "78807002");
	pr_run(&t, &raw, &rep, LS_OK);
	assert_int_equal(rep.aliro, 1);
	assert_true(rep.uid_random);
	assert_int_equal(rep.cls.sec, TAG_SEC_STRONG);
	assert_non_null(strstr(rep.cls.family, "Aliro"));
	assert_int_equal(t.xfers, 1);
}

static void
test_silent_and_dead(void **state)
{
	struct pr_tag		t;
	struct tag_raw		raw;
	struct tag_report	rep;
	struct tag_io		io = { pr_select, pr_xfer, &t };
	struct ls_errbuf	eb;

	(void)state;
	memset(&t, 0, sizeof t);
	t.silent = true;
	raw = pr_raw("0044", 0x00, "04a1b2c3d4e5f6", NULL);
	pr_run(&t, &raw, &rep, LS_OK);
	assert_true(rep.failed_steps > 0);
	assert_string_equal(rep.cls.family,
	    "MIFARE Ultralight or Ultralight C");

	/* A tag that answers READ but not GET_VERSION keeps its class. */
	memset(&t, 0, sizeof t);
	t.npages = (size_t)hex_decode(PR_MATTER_PAGES, t.pages,
	    sizeof t.pages);
	pr_run(&t, &raw, &rep, LS_OK);
	assert_int_equal(rep.setup, TAG_SETUP_MATTER);
	assert_false(rep.version_read);
	assert_int_equal(rep.failed_steps, 1);

	/* A reader failure ends the probe with its error. */
	memset(&t, 0, sizeof t);
	t.reader_dead = true;
	ls_err_clear(&eb);
	assert_int_equal(tag_probe(&io, &raw, pr_key, &rep, &eb), LS_EIO);
	assert_int_equal(eb.code, LS_EIO);
	assert_non_null(strstr(eb.msg, "unplugged"));
}

static void
test_digest_keyed(void **state)
{
	struct tag_raw		raw;
	struct tag_report	a, b;
	uint8_t			key2[UID_DIGEST_LEN] = { 9 };

	(void)state;
	raw = pr_raw("0004", 0x08, "3a5f9c12", NULL);
	assert_int_equal(tag_probe(NULL, &raw, pr_key, &a, NULL), LS_OK);
	assert_int_equal(tag_probe(NULL, &raw, pr_key, &b, NULL), LS_OK);
	assert_string_equal(a.uid_sha256, b.uid_sha256);
	assert_int_equal(tag_probe(NULL, &raw, key2, &b, NULL), LS_OK);
	assert_string_not_equal(a.uid_sha256, b.uid_sha256);
}

static void
test_ndef_report_summaries(void **state)
{
	struct tag_report	rep;
	uint8_t			area[128];
	size_t			n;

	(void)state;
	/*
	 * URI https://example.com/reset?token=abc (path and query must not
	 * show), Text "en" "1234" (must not show), AAR android.com:pkg
	 * com.vendor.app.
	 */
	n = (size_t)hex_decode("034b"
	    "91011c55046578616d706c652e636f6d2f72657365743f746f6b656e3d616263"
	    "1101075402656e31323334"
	    "540f0e616e64726f69642e636f6d3a706b67636f6d2e76656e646f722e617070"
	    "fe", area, sizeof area);
	memset(&rep, 0, sizeof rep);
	tag_ndef_report(area, n, &rep);
	assert_int_equal(rep.ndef, TAG_NDEF_PRESENT);
	assert_int_equal(rep.nrec, 3);
	assert_string_equal(rep.rec[0].what, "https://example.com");
	assert_string_equal(rep.rec[1].kind, "text");
	assert_null(memmem(&rep, sizeof rep, "1234", 4));
	assert_null(memmem(&rep, sizeof rep, "token", 5));
	assert_string_equal(rep.rec[2].what, "android.com:pkg com.vendor.app");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matter_tag),
		cmocka_unit_test(test_classic_gets_nothing),
		cmocka_unit_test(test_desfire),
		cmocka_unit_test(test_aliro_phone),
		cmocka_unit_test(test_silent_and_dead),
		cmocka_unit_test(test_digest_keyed),
		cmocka_unit_test(test_ndef_report_summaries),
	};

	return cmocka_run_group_tests_name("tag_probe", tests, NULL, NULL);
}
