/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_std_chars.c - unit tests for src/gatt/std_chars.c (standard
 * characteristics) and the ATT name tables (src/gatt/att.c).
 *
 * Vectors are built from the layouts they cite; SFLOAT vectors are the
 * table in HL7/phd:input/pagecontent/MderFLOATsandSFLOATs.md and the
 * special values of IEEE 11073-20601 as listed in the GATT Specification
 * Supplement v8 §2.3.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "gatt/att.h"
#include "gatt/std_chars.h"

/* 2026-11-23T12:04:31Z */
#define AT	(UINT64_C(1795435471) * 1000000)

static const struct stdchar_ctx ctx = { AT, AT, 0 };

static void
test_sfloat(void **state)
{
	static const struct {
		uint16_t		 raw;
		enum stdchar_sfloat_kind kind;
		double			 value;
		int			 m, e;
	} v[] = {
		/* HL7 MDER table: 2, 2.0, 2.00, 20, 200, 1234, -1234 */
		{ 0x0002, STDCHAR_SF_FINITE, 2, 2, 0 },
		{ 0xF014, STDCHAR_SF_FINITE, 2.0, 20, -1 },
		{ 0xE0C8, STDCHAR_SF_FINITE, 2.00, 200, -2 },
		{ 0x1002, STDCHAR_SF_FINITE, 20, 2, 1 },
		{ 0x2002, STDCHAR_SF_FINITE, 200, 2, 2 },
		{ 0x04D2, STDCHAR_SF_FINITE, 1234, 1234, 0 },
		{ 0x0B2E, STDCHAR_SF_FINITE, -1234, -1234, 0 },
		/* 3.01 V = 301 x 10^-2 */
		{ 0xE12D, STDCHAR_SF_FINITE, 3.01, 301, -2 },
		/* exponent -8, mantissa -2048 is finite (not 0x0800) */
		{ 0x8800, STDCHAR_SF_FINITE, -2048e-8, -2048, -8 },
		{ 0x07FF, STDCHAR_SF_NAN, 0, 0, 0 },
		{ 0x0800, STDCHAR_SF_NRES, 0, 0, 0 },
		{ 0x07FE, STDCHAR_SF_POS_INF, 0, 0, 0 },
		{ 0x0802, STDCHAR_SF_NEG_INF, 0, 0, 0 },
		{ 0x0801, STDCHAR_SF_RESERVED, 0, 0, 0 },
	};
	struct stdchar_sfloat	sf;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		stdchar_sfloat(v[i].raw, &sf);
		assert_int_equal(sf.kind, v[i].kind);
		assert_true(sf.value == v[i].value);
		assert_int_equal(sf.mantissa, v[i].m);
		assert_int_equal(sf.exponent, v[i].e);
	}
}

static void
test_strings(void **state)
{
	static const uint8_t fw[] = "1.4.2";
	static const uint8_t padded[] = { 'A', 'C', 'M', 'E', 0, 0, 0 };
	static const uint8_t bcd[] = { 0x01, 0x04, 0x02 };
	static const uint8_t esc[] = { 0x1b, '[', '3', '1', 'm', 'x' };
	static const uint8_t mid[] = { 'A', 0, 'B' };
	static const uint8_t utf8[] = { 'S', 0xc3, 0xa9, 'r', 'i', 'e' };
	uint8_t			long_v[300];
	struct reading		r;

	(void)state;
	stdchar_string(STDCHAR_FIRMWARE, fw, 5, &ctx, &r);
	assert_int_equal(r.prov, RD_OBSERVED);
	assert_int_equal(r.kind, RD_TEXT);
	assert_string_equal(r.text, "1.4.2");
	assert_string_equal(r.source, "gatt 2a26");
	assert_true(r.at_us == AT);

	stdchar_string(STDCHAR_MANUFACTURER, padded, sizeof padded, &ctx,
	    &r);
	assert_string_equal(r.text, "ACME");
	/* Some cheap padlocks put BCD, not UTF-8 text, in 2a26. */
	stdchar_string(STDCHAR_FIRMWARE, bcd, sizeof bcd, &ctx, &r);
	assert_string_equal(r.text, "hex:010402");
	stdchar_string(STDCHAR_MODEL, esc, sizeof esc, &ctx, &r);
	assert_string_equal(r.text, "hex:1b5b33316d78");
	stdchar_string(STDCHAR_MODEL, mid, sizeof mid, &ctx, &r);
	assert_string_equal(r.text, "hex:410042");
	stdchar_string(STDCHAR_SERIAL, utf8, sizeof utf8, &ctx, &r);
	assert_string_equal(r.text, "S\xc3\xa9rie");
	/* Empty and long values. */
	stdchar_string(STDCHAR_SERIAL, NULL, 0, &ctx, &r);
	assert_string_equal(r.text, "");
	memset(long_v, 'x', sizeof long_v);
	stdchar_string(STDCHAR_SERIAL, long_v, sizeof long_v, &ctx, &r);
	assert_int_equal(strlen(r.text), RD_TEXT_MAX - 1);
	long_v[0] = 0xff;
	stdchar_string(STDCHAR_SERIAL, long_v, sizeof long_v, &ctx, &r);
	assert_int_equal(strncmp(r.text, "hex:ff78", 8), 0);
	assert_true(strlen(r.text) < RD_TEXT_MAX);
}

static void
test_pnp(void **state)
{
	/* DIS 1.1 §3.9: USB source, VID 0x045E, PID 0x028E, ver 0x1234 */
	static const uint8_t v[] = { 0x02, 0x5e, 0x04, 0x8e, 0x02, 0x34,
	    0x12 };
	struct stdchar_pnp	pnp;
	struct reading		r;
	struct ls_errbuf	eb;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(stdchar_pnp_id(v, sizeof v, &ctx, &pnp, &r, &eb),
	    LS_OK);
	assert_int_equal(pnp.vendor_source, 2);
	assert_int_equal(pnp.vendor, 0x045e);
	assert_int_equal(pnp.product, 0x028e);
	assert_int_equal(pnp.version, 0x1234);
	assert_string_equal(r.text, "usb:v045Ep028Ed1234");
	assert_string_equal(r.source, "gatt 2a50");
	assert_int_equal(stdchar_pnp_id(v, 6, &ctx, &pnp, &r, &eb),
	    LS_EMALFORMED);
	assert_int_equal(r.prov, RD_UNAVAILABLE);
	assert_string_equal(r.reason, "malformed value");
	assert_non_null(strstr(eb.msg, "2a50"));
}

static void
test_battery_level(void **state)
{
	static const uint8_t ok[] = { 0x5a }, bad[] = { 101 };
	struct reading		r;

	(void)state;
	assert_int_equal(stdchar_battery_level(ok, 1, &ctx, &r, NULL),
	    LS_OK);
	assert_int_equal(r.kind, RD_INT);
	assert_int_equal(r.i, 90);
	assert_string_equal(r.source, "gatt 2a19");
	/* GSS: 101-255 prohibited */
	assert_int_equal(stdchar_battery_level(bad, 1, &ctx, &r, NULL),
	    LS_EMALFORMED);
	assert_int_equal(r.prov, RD_UNAVAILABLE);
	assert_int_equal(stdchar_battery_level(ok, 0, &ctx, &r, NULL),
	    LS_EMALFORMED);
}

static void
test_battery_level_status(void **state)
{
	/*
	 * GSS v8 §3.28: flags 0x02 (level present); power state 0x00C1 =
	 * battery present (bit0), discharging active (2 << 5), charge
	 * level good (1 << 7); level 90.
	 */
	static const uint8_t v1[] = { 0x02, 0xc1, 0x00, 0x5a };
	/*
	 * flags 0x07: identifier 0x0102, level 10, additional status 0x05
	 * (service required, battery fault); power state 0x0183 = present,
	 * wired power yes (1 << 1), critical (3 << 7).
	 */
	static const uint8_t v2[] = { 0x07, 0x83, 0x01, 0x02, 0x01, 0x0a,
	    0x05 };
	struct stdchar_bls	b;
	struct reading		st, pct;

	(void)state;
	memset(&pct, 0, sizeof pct);
	assert_int_equal(stdchar_battery_level_status(v1, sizeof v1, &ctx,
	    &b, &st, &pct, NULL), LS_OK);
	assert_true(b.battery_present);
	assert_int_equal(b.charge_state, 2);
	assert_int_equal(b.charge_level, 1);
	assert_string_equal(st.text, "good, discharging");
	assert_int_equal(pct.i, 90);
	assert_string_equal(pct.source, "gatt 2bed");

	assert_int_equal(stdchar_battery_level_status(v2, sizeof v2, &ctx,
	    &b, &st, &pct, NULL), LS_OK);
	assert_int_equal(b.identifier, 0x0102);
	assert_int_equal(b.level, 10);
	assert_int_equal(b.wired_power, 1);
	assert_int_equal(b.charge_level, 3);
	assert_int_equal(b.service_required, 1);
	assert_true(b.battery_fault);
	assert_string_equal(st.text, "critical, on wired power, service "
	    "required, battery fault");
	/* missing the advertised level octet */
	assert_int_equal(stdchar_battery_level_status(v2, sizeof v2 - 1,
	    &ctx, &b, &st, &pct, NULL), LS_EMALFORMED);
	assert_int_equal(st.prov, RD_UNAVAILABLE);
	/* level announced by the flags but absent */
	assert_int_equal(stdchar_battery_level_status(v1, 3, &ctx, &b, &st,
	    NULL, NULL), LS_EMALFORMED);
	/* trailing octet not announced by the flags */
	{
		static const uint8_t extra[] = { 0x00, 0x01, 0x00, 0x33 };

		assert_int_equal(stdchar_battery_level_status(extra, 4, &ctx,
		    &b, &st, NULL, NULL), LS_EMALFORMED);
		assert_int_equal(stdchar_battery_level_status(extra, 3, &ctx,
		    &b, &st, NULL, NULL), LS_OK);
		assert_string_equal(st.text, "unknown");
	}
}

static void
test_battery_energy_status(void **state)
{
	/* GSS v8 §3.23: flags 0x02, present voltage SFLOAT 0xE12D = 3.01 V */
	static const uint8_t v1[] = { 0x02, 0x2d, 0xe1 };
	/* flags 0x13: external power 0 W, voltage 6.0 V (0xF03C), charge
	 * rate -1.5 W (0xFFF1: e=-1, m=-15) */
	static const uint8_t v2[] = { 0x13, 0x00, 0x00, 0x3c, 0xf0, 0xf1,
	    0xff };
	static const uint8_t nan[] = { 0x02, 0xff, 0x07 };
	static const uint8_t nres[] = { 0x02, 0x00, 0x08 };
	static const uint8_t none[] = { 0x04, 0x10, 0x00 };
	struct stdchar_bes	b;
	struct reading		v;

	(void)state;
	assert_int_equal(stdchar_battery_energy_status(v1, sizeof v1, &ctx,
	    &b, &v, NULL), LS_OK);
	assert_int_equal(v.kind, RD_REAL);
	assert_true(v.d == 3.01);
	assert_string_equal(v.source, "gatt 2bf0");
	assert_int_equal(stdchar_battery_energy_status(v2, sizeof v2, &ctx,
	    &b, &v, NULL), LS_OK);
	assert_true(v.d == 6.0);
	assert_true(b.has_charge_rate);
	assert_true(b.charge_rate.value == -1.5);
	assert_int_equal(stdchar_battery_energy_status(nan, 3, &ctx, &b, &v,
	    NULL), LS_OK);
	assert_int_equal(v.prov, RD_UNAVAILABLE);
	assert_string_equal(v.reason, "the lock reports it as not a number");
	assert_int_equal(stdchar_battery_energy_status(nres, 3, &ctx, &b,
	    &v, NULL), LS_OK);
	assert_int_equal(v.prov, RD_UNAVAILABLE);
	assert_int_equal(stdchar_battery_energy_status(none, 3, &ctx, &b,
	    &v, NULL), LS_OK);
	assert_int_equal(v.prov, RD_UNAVAILABLE);
	assert_string_equal(v.reason, "the lock does not report its voltage");
	assert_int_equal(stdchar_battery_energy_status(v2, 6, &ctx, &b, &v,
	    NULL), LS_EMALFORMED);
	assert_int_equal(stdchar_battery_energy_status(v2, 0, &ctx, &b, &v,
	    NULL), LS_EMALFORMED);
}

static void
test_current_time(void **state)
{
	/*
	 * CTS 1.1 §3.1: 2026-11-23 (year 0x07EA) 12:04:31, Monday (1),
	 * fractions 0, adjust reason 0x01 (manual update).
	 */
	static const uint8_t v[] = { 0xea, 0x07, 0x0b, 0x17, 0x0c, 0x04,
	    0x1f, 0x01, 0x00, 0x01 };
	static const uint8_t unknown[] = { 0x00, 0x00, 0x00, 0x00, 0x00,
	    0x00, 0x00, 0x00, 0x00, 0x00 };
	uint8_t			bad[sizeof v];
	struct stdchar_time	t;
	struct stdchar_ctx	c = ctx;
	struct reading		clk, skew;

	(void)state;
	c.laptop_us = AT - UINT64_C(31) * 1000000;	/* 12:04:00 UTC */
	assert_int_equal(stdchar_current_time(v, sizeof v, &c, &t, &clk,
	    &skew, NULL), LS_OK);
	assert_int_equal(t.year, 2026);
	assert_int_equal(t.day_of_week, 1);
	assert_int_equal(t.adjust_reason, 1);
	assert_string_equal(clk.text, "2026-11-23T12:04:31");
	assert_string_equal(clk.source, "gatt 2a2b");
	assert_int_equal(skew.kind, RD_INT);
	assert_int_equal(skew.i, 31);
	/* Laptop in UTC+1 at 11:04:31 UTC = 12:04:31 local: no skew. */
	c.laptop_us = AT - UINT64_C(3600) * 1000000;
	c.laptop_utc_offset_s = 3600;
	assert_int_equal(stdchar_current_time(v, sizeof v, &c, &t, &clk,
	    &skew, NULL), LS_OK);
	assert_int_equal(skew.i, 0);
	/* Lock two days behind. */
	c.laptop_us = AT + UINT64_C(2 * 86400) * 1000000;
	c.laptop_utc_offset_s = 0;
	assert_int_equal(stdchar_current_time(v, sizeof v, &c, &t, &clk,
	    &skew, NULL), LS_OK);
	assert_int_equal(skew.i, -2 * 86400);

	assert_int_equal(stdchar_current_time(unknown, sizeof unknown, &c,
	    &t, &clk, &skew, NULL), LS_OK);
	assert_int_equal(clk.prov, RD_UNAVAILABLE);
	assert_string_equal(clk.reason, "the lock does not know the date");
	assert_int_equal(skew.prov, RD_UNAVAILABLE);

	memcpy(bad, v, sizeof v);
	bad[2] = 13;
	assert_int_equal(stdchar_current_time(bad, sizeof bad, &c, &t, &clk,
	    &skew, NULL), LS_EMALFORMED);
	assert_int_equal(clk.prov, RD_UNAVAILABLE);
	assert_int_equal(stdchar_current_time(v, 9, &c, &t, &clk, &skew,
	    NULL), LS_EMALFORMED);
}

static void
test_decode_and_json(void **state)
{
	static const uint8_t lvl[] = { 0x50 };
	static const uint8_t bls[] = { 0x02, 0xc1, 0x00, 0x5a };
	static const uint8_t fw[] = "2.0";
	struct stdchar_out	o;
	cJSON			*j;
	char			*s;
	size_t			 n;

	(void)state;
	memset(&o, 0, sizeof o);
	/* 2a19 wins over the level in 2bed in either order. */
	assert_int_equal(stdchar_decode(STDCHAR_BATTERY_LEVEL, lvl, 1, &ctx,
	    &o, NULL), LS_OK);
	assert_int_equal(stdchar_decode(STDCHAR_BATTERY_LEVEL_STATUS, bls,
	    sizeof bls, &ctx, &o, NULL), LS_OK);
	assert_int_equal(o.battery_percent.i, 80);
	memset(&o, 0, sizeof o);
	assert_int_equal(stdchar_decode(STDCHAR_BATTERY_LEVEL_STATUS, bls,
	    sizeof bls, &ctx, &o, NULL), LS_OK);
	assert_int_equal(o.battery_percent.i, 90);
	assert_int_equal(stdchar_decode(STDCHAR_BATTERY_LEVEL, lvl, 1, &ctx,
	    &o, NULL), LS_OK);
	assert_int_equal(o.battery_percent.i, 80);

	assert_int_equal(stdchar_decode(STDCHAR_FIRMWARE, fw, 3, &ctx, &o,
	    NULL), LS_OK);
	stdchar_unavailable(STDCHAR_FIRMWARE, "x", AT, &o);
	assert_string_equal(o.firmware.text, "2.0");
	stdchar_unavailable(STDCHAR_SERIAL,
	    att_ecode_reason(ATT_E_ENCRYPTION), AT, &o);
	assert_int_equal(o.serial.prov, RD_UNAVAILABLE);
	assert_string_equal(o.serial.reason,
	    "needs pairing or vendor authorization");
	assert_int_equal(stdchar_decode(0xfff1, fw, 3, &ctx, &o, NULL),
	    LS_EINTERNAL);

	assert_null(stdchar_find(0xfff1));
	assert_non_null(stdchar_find(STDCHAR_CURRENT_TIME));
	assert_int_equal(stdchar_find(STDCHAR_PNP_ID)->fixed_len, 7);
	assert_non_null(stdchar_table(&n));
	assert_int_equal(n, 11);

	j = stdchar_json(&o);
	assert_non_null(j);
	s = cJSON_PrintUnformatted(j);
	assert_non_null(strstr(s, "\"firmware\":{\"value\":\"2.0\""));
	assert_non_null(strstr(s, "\"manufacturer\":null"));
	assert_non_null(strstr(s, "\"code_slots\":null"));
	assert_non_null(strstr(s, "\"reason\":\"needs pairing or vendor "
	    "authorization\""));
	free(s);
	cJSON_Delete(j);
}

static void
test_att_names(void **state)
{
	const char	*names[8];

	(void)state;
	assert_string_equal(att_op_name(ATT_OP_READ_MULT_VAR_REQ),
	    "Read Multiple Variable Length Request");
	assert_string_equal(att_op_name(0x7f), "unknown");
	assert_string_equal(att_ecode_name(ATT_E_ENCRYPTION),
	    "Insufficient Encryption");
	assert_string_equal(att_ecode_name(0x85), "Application Error");
	assert_string_equal(att_ecode_name(0x50), "Reserved");
	assert_string_equal(att_ecode_reason(ATT_E_AUTHENTICATION),
	    "needs pairing or vendor authorization");
	assert_string_equal(att_ecode_reason(ATT_E_AUTHORIZATION),
	    "needs pairing or vendor authorization");
	assert_true(att_op_is_response(ATT_OP_READ_BY_TYPE_RSP));
	assert_false(att_op_is_response(ATT_OP_NOTIFY));
	assert_false(att_op_is_response(ATT_OP_INDICATE));
	assert_int_equal(att_prop_names(0x12, names), 2);
	assert_string_equal(names[0], "read");
	assert_string_equal(names[1], "notify");
	assert_int_equal(att_prop_names(0xff, names), 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sfloat),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_pnp),
		cmocka_unit_test(test_battery_level),
		cmocka_unit_test(test_battery_level_status),
		cmocka_unit_test(test_battery_energy_status),
		cmocka_unit_test(test_current_time),
		cmocka_unit_test(test_decode_and_json),
		cmocka_unit_test(test_att_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
