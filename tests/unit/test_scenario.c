/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_scenario.c - unit tests for src/emu/scenario.c
 * (lockscope-scenario(5)).
 *
 * Valid files (demo, minimal, generated), every kind of validation error
 * with the path the message must name, and the helpers (UUIDs, lookup).
 * Run from the top of the tree: the fixtures are tests/scenarios/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "emu/scenario.h"
#include "util/err.h"

/* A device with everything required and nothing else, for splicing. */
#define TS_DEV(id, addr) \
	"{\"id\": \"" id "\", \"address\": \"" addr "\", " \
	"\"address_type\": \"random\", \"rssi\": -50, \"adv\": \"020106\""

static struct scn *
ts_parse_ok(const char *json)
{
	struct ls_errbuf	 eb;
	struct scn		*s = NULL;

	ls_err_clear(&eb);
	if (scn_parse("t.json", json, strlen(json), &s, &eb) != LS_OK) {
		print_error("unexpected error: %s\n", eb.msg);
		fail();
	}
	assert_non_null(s);
	return s;
}

/* Parse json, expect LS_EINPUT and a message containing want. */
static void
ts_parse_bad(const char *json, const char *want)
{
	struct ls_errbuf	 eb;
	struct scn		*s = (struct scn *)1;
	enum ls_err		 e;

	ls_err_clear(&eb);
	e = scn_parse("t.json", json, strlen(json), &s, &eb);
	if (e != LS_EINPUT || strstr(eb.msg, want) == NULL) {
		print_error("input: %s\nwant:  %s\ngot:   %s (code %d)\n", json,
		    want, eb.msg, (int)e);
		fail();
	}
	assert_null(s);
	assert_int_equal(strncmp(eb.msg, "t.json: ", 8), 0);
}

static struct scn *
ts_load_ok(const char *path)
{
	struct ls_errbuf	 eb;
	struct scn		*s = NULL;

	ls_err_clear(&eb);
	if (scn_load(path, &s, &eb) != LS_OK) {
		print_error("%s\n", eb.msg);
		fail();
	}
	return s;
}

/* Walk AD structures: true when they tile the data exactly
   (Core 5.4 Vol 3 Part C §11). */
static bool
ts_ad_ok(const struct scn_adv *a)
{
	size_t	i = 0;

	if (!a->present)
		return true;
	while (i < a->len) {
		if (a->data[i] == 0 || i + 1 + a->data[i] > a->len)
			return false;
		i += 1 + (size_t)a->data[i];
	}
	return i == a->len;
}

static void
test_demo(void **state)
{
	struct scn		*s;
	const struct scn_ble	*d;
	const struct scn_event	*ev;
	struct scn_uuid		 u;
	size_t			 i, k;
	long			 f;

	(void)state;
	s = ts_load_ok("tests/scenarios/demo.json");
	assert_string_equal(scn_name(s), "Rental unit 4B");
	assert_true(scn_ble_count(s) >= 8);
	assert_int_equal(scn_nfc_count(s), 0);

	/* Every adv and scan_rsp, in every state, is well-formed AD. */
	for (i = 0; i < scn_ble_count(s); i++) {
		d = scn_ble(s, i);
		assert_int_equal(d->index, i);
		assert_true(ts_ad_ok(&d->adv));
		assert_true(ts_ad_ok(&d->scan_rsp));
		for (k = 0; k < d->nstates; k++) {
			assert_true(ts_ad_ok(&d->states[k].adv));
			assert_true(ts_ad_ok(&d->states[k].scan_rsp));
		}
	}

	d = scn_ble_find(s, "front-door");
	assert_non_null(d);
	/* C4:7C:8D:6A:12:01 is stored little-endian. */
	assert_int_equal(d->addr[0], 0x01);
	assert_int_equal(d->addr[5], 0xc4);
	assert_int_equal(d->addr_type, SCN_ADDR_RANDOM);
	assert_int_equal(d->adv_type, SCN_ADV_IND);
	assert_int_equal(d->interval_ms, 200);
	assert_int_equal(d->rssi, -58);
	assert_int_equal(d->rssi_jitter, 3);
	assert_int_equal(d->nservices, 4);
	assert_int_equal(d->nchars, 13);
	assert_int_equal(d->services[1].first, 7);
	assert_int_equal(d->services[1].count, 3);
	assert_int_equal(d->chars[7].props, SCN_PROP_READ | SCN_PROP_NOTIFY);
	assert_int_equal(d->chars[7].len, 1);
	assert_int_equal(d->chars[7].value[0], 0x50);
	assert_null(d->chars[10].value);	/* fff2 has no value */
	assert_true(d->has_connect);
	assert_int_equal(d->connect.delay_ms, 30);

	/* "initial" is states[0]; "factory" sets adv and 2a19 only. */
	assert_int_equal(d->nstates, 2);
	assert_string_equal(d->states[0].name, "initial");
	assert_int_equal(d->states[0].nvalues, d->nchars);
	f = scn_state_find(d, "factory");
	assert_int_equal(f, 1);
	assert_true(d->states[1].set_adv);
	assert_false(d->states[1].set_scan_rsp);
	assert_int_equal(d->states[1].nvalues, 3);
	assert_int_equal(d->states[1].values[0].chr, 7);
	assert_int_equal(d->states[1].values[0].value[0], 0x4e);
	assert_int_equal(scn_state_find(d, "nope"), -1);

	/* Defaults. */
	d = scn_ble_find(s, "garage-padlock");
	assert_non_null(d);
	assert_int_equal(d->adv_type, SCN_ADV_IND);
	assert_false(d->has_connect);
	assert_int_equal(d->connect.conn_interval_ms, 30);
	assert_int_equal(d->connect.fail, SCN_FAIL_NONE);
	assert_int_equal(d->nchars, 0);
	assert_int_equal(d->connect.param_update_ms, 0);
	assert_int_equal(d->mtu, SCN_MTU_DEFAULT);
	assert_true(d->read_mult_var);
	assert_false(d->security_request);

	/* 128-bit UUIDs. */
	d = scn_ble_find(s, "side-door");
	assert_non_null(d);
	assert_true(scn_uuid_parse("a92ee200-5501-11e4-916c-0800200c9a66",
	    &u));
	assert_true(scn_uuid_eq(&u, &d->services[1].uuid));
	assert_int_equal(d->services[1].uuid.len, 16);
	assert_int_equal(d->services[1].uuid.b[15], 0xa9);

	/* scan_rsp null in a state removes the scan response. */
	d = scn_ble_find(s, "office-door");
	f = scn_state_find(d, "commissioned");
	assert_true(f > 0);
	assert_true(d->states[f].set_scan_rsp);
	assert_false(d->states[f].scan_rsp.present);

	d = scn_ble_find(s, "thermometer");
	assert_int_equal(d->adv_type, SCN_ADV_NONCONN_IND);
	assert_int_equal(d->addr_type, SCN_ADDR_PUBLIC);
	assert_false(d->scan_rsp.present);

	assert_int_equal(scn_timeline_count(s), 1);
	ev = scn_timeline(s, 0);
	assert_int_equal(ev->at_ms, 3000);
	assert_string_equal(scn_ble(s, ev->dev)->id, "front-door");
	assert_string_equal(scn_ble(s, ev->dev)->states[ev->state].name,
	    "factory");
	assert_null(scn_timeline(s, 1));
	assert_null(scn_ble(s, 99));
	scn_free(s);
}

/* hardware.json: the keys of real-hardware behaviours. */
static void
test_hardware(void **state)
{
	struct scn		*s;
	const struct scn_ble	*d;

	(void)state;
	s = ts_load_ok("tests/scenarios/hardware.json");
	assert_int_equal(scn_ble_count(s), 4);
	assert_false(scn_ble(s, 0)->coded);
	assert_true(scn_ble(s, 3)->coded);
	d = scn_ble(s, 0);
	assert_int_equal(d->connect.param_request_ms, 100);
	assert_int_equal(d->ext_adv_len, 0);
	d = scn_ble(s, 2);
	assert_int_equal(d->connect.param_request_ms, 0);
	assert_int_equal(d->ext_adv_len, 45);
	assert_int_equal(d->ext_piece, 20);
	assert_int_equal(scn_ble(s, 0)->ext_piece, SCN_EXT_PIECE_MAX);
	scn_free(s);
}

static void
test_minimal(void **state)
{
	struct scn	*s;

	(void)state;
	s = ts_load_ok("tests/scenarios/minimal.json");
	assert_int_equal(scn_ble_count(s), 1);
	assert_int_equal(scn_ble(s, 0)->interval_ms, 100);
	assert_int_equal(scn_ble(s, 0)->rssi_jitter, 0);
	assert_true(ts_ad_ok(&scn_ble(s, 0)->adv));
	scn_free(s);
}

/* The generator's output loads, with distinct ids and addresses. */
static void
test_gen_many(void **state)
{
	struct ls_errbuf	 eb;
	struct scn		*s = NULL;
	char			*buf;
	size_t			 len = 0, n, i, pub = 0, app = 0;
	FILE			*p;

	(void)state;
	p = popen("sh tests/scenarios/gen-many.sh 2000", "r");
	assert_non_null(p);
	buf = malloc(1 << 20);
	assert_non_null(buf);
	while ((n = fread(buf + len, 1, (1 << 20) - len, p)) > 0)
		len += n;
	assert_int_equal(pclose(p), 0);
	ls_err_clear(&eb);
	if (scn_parse("gen", buf, len, &s, &eb) != LS_OK) {
		print_error("%s\n", eb.msg);
		fail();
	}
	assert_int_equal(scn_ble_count(s), 2000);
	assert_non_null(scn_ble_find(s, "lock-0042"));
	assert_non_null(scn_ble_find(s, "lock-1999"));
	assert_null(scn_ble_find(s, "lock-2000"));
	for (i = 0; i < 2000; i++) {
		const struct scn_ble *d = scn_ble(s, i);

		pub += d->addr_type == SCN_ADDR_PUBLIC;
		app += memmem(d->adv.data, d->adv.len, "\x03\x19\x08\x07",
		    4) != NULL;
		assert_int_equal(d->interval_ms, 1000);
		assert_true(d->rssi <= -40 && d->rssi >= -94);
		assert_true(ts_ad_ok(&d->adv));
	}
	assert_true(pub > 0 && pub < 2000);
	assert_true(app > 0 && app < 2000);
	scn_free(s);
	free(buf);
}

static void
test_comments_and_order(void **state)
{
	struct scn	*s;

	(void)state;
	/* Comments of both kinds; "//" inside a string is data. */
	s = ts_parse_ok("// leading\n{ /* block\n spanning */ \"name\": "
	    "\"http://site // not a comment\", \"scenario\": 1 // trailing\n}");
	assert_string_equal(scn_name(s), "http://site // not a comment");
	scn_free(s);
	/* Timeline before ble in the file; sorted by time, ties stable. */
	s = ts_parse_ok("{\"scenario\": 1, \"timeline\": ["
	    "{\"at_ms\": 500, \"device\": \"a\", \"state\": \"x\"},"
	    "{\"at_ms\": 100, \"device\": \"a\", \"state\": \"initial\"},"
	    "{\"at_ms\": 500, \"device\": \"a\", \"state\": \"initial\"}],"
	    "\"ble\": [" TS_DEV("a", "C0:00:00:00:00:01")
	    ", \"states\": {\"x\": {}}}]}");
	assert_int_equal(scn_timeline_count(s), 3);
	assert_int_equal(scn_timeline(s, 0)->at_ms, 100);
	assert_int_equal(scn_timeline(s, 1)->at_ms, 500);
	assert_int_equal(scn_timeline(s, 1)->state, 1);
	assert_int_equal(scn_timeline(s, 2)->state, 0);
	scn_free(s);
	/* Same address bytes with another address type is another device. */
	s = ts_parse_ok("{\"scenario\": 1, \"ble\": ["
	    TS_DEV("a", "C0:00:00:00:00:01") "},"
	    "{\"id\": \"b\", \"address\": \"c0:00:00:00:00:01\", "
	    "\"address_type\": \"public\", \"rssi\": -50, \"adv\": \"\"}]}");
	assert_int_equal(scn_ble(s, 1)->adv.len, 0);
	assert_true(scn_ble(s, 1)->adv.present);
	scn_free(s);
}

static void
test_uuid(void **state)
{
	struct scn_uuid	a, b, c;
	char		buf[37];

	(void)state;
	assert_true(scn_uuid_parse("2A19", &a));
	assert_int_equal(a.len, 2);
	assert_int_equal(a.b[0], 0x19);
	assert_true(scn_uuid_parse("00002a19-0000-1000-8000-00805f9b34fb", &b));
	assert_true(scn_uuid_parse("00002a1900001000800000805f9b34fb", &c));
	assert_true(scn_uuid_eq(&a, &b));
	assert_true(scn_uuid_eq(&b, &c));
	assert_string_equal(scn_uuid_str(&a, buf), "2a19");
	assert_string_equal(scn_uuid_str(&b, buf),
	    "00002a19-0000-1000-8000-00805f9b34fb");
	assert_true(scn_uuid_parse("2a20", &c));
	assert_false(scn_uuid_eq(&a, &c));
	assert_false(scn_uuid_parse("2a1", &c));
	assert_false(scn_uuid_parse("2a19a", &c));
	assert_false(scn_uuid_parse("0000fff6", &c));	/* 32-bit: no */
	assert_false(scn_uuid_parse("00002a19+0000-1000-8000-00805f9b34fb",
	    &c));
	assert_false(scn_uuid_parse("00002a19-0000-1000-8000-00805f9b34fg",
	    &c));
	assert_false(scn_uuid_parse("", &c));
}

/* A state's values keyed by a 128-bit form reach the 16-bit char. */
static void
test_state_values(void **state)
{
	struct scn		*s;
	const struct scn_ble	*d;

	(void)state;
	s = ts_parse_ok("{\"scenario\": 1, \"ble\": ["
	    TS_DEV("a", "C0:00:00:00:00:01") ", \"gatt\": ["
	    "{\"uuid\": \"180f\", \"characteristics\": [{\"uuid\": \"2a19\", "
	    "\"value\": \"64\", \"properties\": [\"read\"]}]},"
	    "{\"uuid\": \"1234\", \"characteristics\": [{\"uuid\": \"2a19\", "
	    "\"properties\": [\"notify\", \"indicate\", \"write\", "
	    "\"write-without-response\"], \"security\": \"authenticated\"}]}],"
	    "\"states\": {\"low\": {\"values\": {"
	    "\"00002a19-0000-1000-8000-00805f9b34fb\": \"05\"}}}}]}");
	d = scn_ble(s, 0);
	assert_int_equal(d->nchars, 2);
	assert_int_equal(d->chars[1].props, SCN_PROP_NOTIFY |
	    SCN_PROP_INDICATE | SCN_PROP_WRITE | SCN_PROP_WRITE_NR);
	assert_int_equal(d->chars[1].security, SCN_SEC_AUTHENTICATED);
	assert_int_equal(d->chars[1].service, 1);
	/* Both characteristics with that UUID get the value. */
	assert_int_equal(d->states[1].nvalues, 2);
	assert_int_equal(d->states[1].values[0].value[0], 5);
	assert_int_equal(d->states[1].values[1].value[0], 5);
	assert_false(d->states[1].set_adv);
	scn_free(s);
}

static void
test_nfc(void **state)
{
	struct scn		*s;
	const struct scn_nfc	*t;

	(void)state;
	s = ts_parse_ok("{\"scenario\": 1, \"nfc\": ["
	    "{\"id\": \"ring\", \"atqa\": \"0044\", \"sak\": \"00\", "
	    "\"uid\": \"04a1b2c3d4e5f6\", \"ats\": null, "
	    "\"pages\": \"04a1b2c3d4e5f6ab\"},"
	    "{\"id\": \"card\", \"atqa\": \"0004\", \"sak\": \"20\", "
	    "\"uid\": \"08112233\", \"ats\": \"0575778002\", "
	    "\"get_version\": \"04010112001a05\", \"aliro\": true}]}");
	assert_int_equal(scn_nfc_count(s), 2);
	t = scn_nfc(s, 0);
	assert_string_equal(t->id, "ring");
	assert_int_equal(t->atqa[1], 0x44);
	assert_int_equal(t->uid_len, 7);
	assert_false(t->has_ats);
	assert_int_equal(t->pages_len, 8);
	t = scn_nfc(s, 1);
	assert_int_equal(t->sak, 0x20);
	assert_true(t->has_ats);
	assert_int_equal(t->ats_len, 5);
	assert_int_equal(t->pages_len, 0);
	assert_null(t->pages);
	assert_int_equal(t->version_len, 7);
	assert_int_equal(t->version[3], 0x12);
	assert_true(t->aliro);
	assert_false(scn_nfc(s, 0)->aliro);
	assert_int_equal(scn_nfc(s, 0)->version_len, 0);
	assert_int_equal(scn_nfc(s, 0)->tech, SCN_TECH_NFC_A);
	assert_null(scn_nfc(s, 2));
	scn_free(s);
}

static void
test_nfc_technologies(void **state)
{
	struct scn		*s;
	const struct scn_nfc	*t;

	(void)state;
	s = ts_parse_ok("{\"scenario\": 1, \"nfc\": ["
	    "{\"id\": \"f\", \"technology\": \"felica\", "
	    "\"uid\": \"0116040011a1b2c3\", \"pmm\": \"0120220427674eff\", "
	    "\"system_code\": \"0003\"},"
	    "{\"id\": \"b\", \"technology\": \"nfc-b\", "
	    "\"uid\": \"5a9e13c4\"}]}");
	t = scn_nfc(s, 0);
	assert_int_equal(t->tech, SCN_TECH_FELICA);
	assert_int_equal(t->uid_len, 8);
	assert_int_equal(t->pmm[1], 0x20);
	assert_true(t->has_system_code);
	assert_int_equal(t->system_code[1], 0x03);
	t = scn_nfc(s, 1);
	assert_int_equal(t->tech, SCN_TECH_NFC_B);
	assert_int_equal(t->uid_len, 4);
	assert_false(t->has_system_code);
	scn_free(s);
}

/* Every validation error, with the path its message must name. */
static void
test_errors(void **state)
{
	static const struct {
		const char	*json;
		const char	*want;
	} cases[] = {
		/* File level. */
		{ "{\"scenario\": 1,, }", "t.json: not valid JSON (line 1, "
		    "column 17)" },
		{ "{\"scenario\": 1}\n/* open", "t.json: unterminated comment "
		    "(line 2, column 1)" },
		{ "[1]", "t.json: must be an object, not an array (line 1, "
		    "column 1)" },
		{ "", "t.json: not valid JSON (line 1, column 1)" },
		{ "{\"scenario\": 1} x", "t.json: text after the JSON value "
		    "(line 1, column 17)" },
		{ "{}", "t.json: missing key 'scenario'" },
		{ "{\"scenario\": 2}", "t.json: scenario: unsupported scenario "
		    "version 2 (want 1)" },
		{ "{\"scenario\": \"1\"}", "scenario: must be a number, not a "
		    "string" },
		{ "{\"scenario\": 1, \"sites\": []}", "t.json: unknown key "
		    "'sites'" },
		{ "{\"scenario\": 1, \"scenario\": 1}", "duplicate key "
		    "'scenario'" },
		{ "{\"scenario\": 1, \"name\": 7}", "name: must be a string, "
		    "not a number" },
		{ "{\"scenario\": 1, \"ble\": {}}", "t.json: ble: must be an "
		    "array, not an object" },
		{ "{\"scenario\": 1, \"ble\": [7]}", "ble[0]: must be an "
		    "object, not a number" },
		/* Device keys. */
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"colour\": \"red\"}]}", "t.json: ble[0]: unknown key "
		    "'colour'" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"rssi\": -40}]}", "ble[0]: duplicate key 'rssi'" },
		{ "{\"scenario\": 1, \"ble\": [{\"id\": \"a\"}]}",
		    "ble[0]: missing key 'address'" },
		{ "{\"scenario\": 1, \"ble\": [" TS_DEV("front door",
		    "C0:00:00:00:00:01") "}]}", "ble[0].id: bad id 'front "
		    "door'" },
		{ "{\"scenario\": 1, \"ble\": [" TS_DEV("a", "C4:7C") "}]}",
		    "ble[0].address: 'C4:7C' is not an address (want "
		    "XX:XX:XX:XX:XX:XX)" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C4-7C-8D-6A-12-01")
		    "}]}", "ble[0].address: " },
		{ "{\"scenario\": 1, \"ble\": [{\"id\": \"a\", \"address\": "
		    "\"C0:00:00:00:00:01\", \"address_type\": \"static\", "
		    "\"rssi\": 0, \"adv\": \"\"}]}", "ble[0].address_type: "
		    "unknown address type 'static' (want public, random)" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"adv_type\": \"ADV_DIRECT_IND\"}]}", "ble[0].adv_type: "
		    "unknown advertising type 'ADV_DIRECT_IND' (want ADV_IND, "
		    "ADV_NONCONN_IND, ADV_SCAN_IND)" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"interval_ms\": 19}]}", "ble[0].interval_ms: 19 is out "
		    "of range (20..10240)" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"interval_ms\": 10241}]}", "ble[0].interval_ms: 10241 "
		    "is out of range" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"interval_ms\": 100.5}]}", "ble[0].interval_ms: not an "
		    "integer" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"interval_ms\": \"100\"}]}",
		    "ble[0].interval_ms: must be a number, not a string" },
		{ "{\"scenario\": 1, \"ble\": [{\"id\": \"a\", \"address\": "
		    "\"C0:00:00:00:00:01\", \"address_type\": \"random\", "
		    "\"rssi\": 21, \"adv\": \"\"}]}", "ble[0].rssi: 21 is out "
		    "of range (-127..20)" },
		{ "{\"scenario\": 1, \"ble\": [{\"id\": \"a\", \"address\": "
		    "\"C0:00:00:00:00:01\", \"address_type\": \"random\", "
		    "\"rssi\": -128, \"adv\": \"\"}]}", "ble[0].rssi: -128 is "
		    "out of range" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"rssi_jitter\": 41}]}", "ble[0].rssi_jitter: 41 is out "
		    "of range (0..40)" },
		{ "{\"scenario\": 1, \"ble\": [{\"id\": \"a\", \"address\": "
		    "\"C0:00:00:00:00:01\", \"address_type\": \"random\", "
		    "\"rssi\": 0, \"adv\": \"0g\"}]}", "ble[0].adv: not a hex "
		    "string" },
		{ "{\"scenario\": 1, \"ble\": [{\"id\": \"a\", \"address\": "
		    "\"C0:00:00:00:00:01\", \"address_type\": \"random\", "
		    "\"rssi\": 0, \"adv\": \"020\"}]}", "ble[0].adv: not a hex "
		    "string (odd number of digits)" },
		{ "{\"scenario\": 1, \"ble\": [{\"id\": \"a\", \"address\": "
		    "\"C0:00:00:00:00:01\", \"address_type\": \"random\", "
		    "\"rssi\": 0, \"adv\": null}]}", "ble[0].adv: must be a "
		    "string, not null" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"scan_rsp\": \""
		    "0000000000000000000000000000000000000000"
		    "000000000000000000000000\"}]}",
		    "ble[0].scan_rsp: 32 bytes is too long (at most 31)" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"adv_type\": \"ADV_NONCONN_IND\", \"scan_rsp\": "
		    "\"\"}]}",
		    "ble[0].scan_rsp: an ADV_NONCONN_IND device is not "
		    "scannable" },
		/* Uniqueness. */
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    "}, " TS_DEV("a", "C0:00:00:00:00:02") "}]}",
		    "ble[1].id: duplicate id 'a' (also ble[0])" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    "}, " TS_DEV("b", "c0:00:00:00:00:01") "}]}",
		    "ble[1].address: C0:00:00:00:00:01 (random) is also the "
		    "address of ble[0]" },
		/* GATT. */
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"gatt\": {}}]}", "ble[0].gatt: must be an array, not "
		    "an object" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"gatt\": [{\"uuid\": \"180\", \"characteristics\": "
		    "[]}]}]}", "ble[0].gatt[0].uuid: not a UUID (want 4 or 32 "
		    "hex digits, or the 36-character dashed form)" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"gatt\": [{\"uuid\": \"180f\"}]}]}", "ble[0].gatt[0]: "
		    "missing key 'characteristics'" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"gatt\": [{\"uuid\": \"180f\", \"characteristics\": "
		    "[], \"primary\": true}]}]}", "ble[0].gatt[0]: unknown key "
		    "'primary'" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"gatt\": [{\"uuid\": \"180f\", \"characteristics\": ["
		    "{\"uuid\": \"2a19\", \"properties\": [\"read\"]}]}, "
		    "{\"uuid\": \"180a\", \"characteristics\": ["
		    "{\"uuid\": \"2a29\", \"properties\": [\"read\", "
		    "\"write\", \"fly\"]}]}]}]}",
		    "t.json: ble[0].gatt[1].characteristics[0].properties[2]: "
		    "unknown property 'fly' (want read, write, "
		    "write-without-response, notify, indicate)" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"gatt\": [{\"uuid\": \"180f\", \"characteristics\": ["
		    "{\"uuid\": \"2a19\", \"properties\": []}]}]}]}",
		    "ble[0].gatt[0].characteristics[0].properties: empty" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"gatt\": [{\"uuid\": \"180f\", \"characteristics\": ["
		    "{\"uuid\": \"2a19\", \"properties\": [\"read\", "
		    "\"read\"]}]}]}]}", "characteristics[0].properties[1]: "
		    "duplicate property 'read'" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"gatt\": [{\"uuid\": \"180f\", \"characteristics\": ["
		    "{\"uuid\": \"2a19\", \"properties\": [\"read\"], "
		    "\"security\": \"high\"}]}]}]}", "ble[0].gatt[0]."
		    "characteristics[0].security: unknown security 'high' "
		    "(want none, encrypted, authenticated)" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"gatt\": [{\"uuid\": \"180f\", \"characteristics\": ["
		    "{\"uuid\": \"2a19\", \"properties\": [\"read\"], "
		    "\"value\": \"5\"}]}]}]}",
		    "ble[0].gatt[0].characteristics[0].value: not a hex "
		    "string" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"gatt\": [{\"uuid\": \"180f\", \"characteristics\": ["
		    "{\"properties\": [\"read\"]}]}]}]}", "ble[0].gatt[0]."
		    "characteristics[0]: missing key 'uuid'" },
		/* connect. */
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"connect\": {\"fail\": \"boom\"}}]}", "ble[0].connect."
		    "fail: unknown failure 'boom' (want none, timeout, "
		    "reject)" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"connect\": {\"retries\": 3}}]}", "ble[0].connect: "
		    "unknown key 'retries'" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"connect\": {\"conn_interval_ms\": 5}}]}",
		    "ble[0].connect.conn_interval_ms: 5 is out of range "
		    "(8..4000)" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"connect\": {\"delay_ms\": -1}}]}",
		    "ble[0].connect.delay_ms: -1 is out of range" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"connect\": {\"param_update_ms\": 7}}]}",
		    "ble[0].connect.param_update_ms: 7 is out of range "
		    "(8..4000)" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"connect\": {\"param_request_ms\": 4001}}]}",
		    "ble[0].connect.param_request_ms: 4001 is out of range "
		    "(8..4000)" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"ext_adv_piece\": 230}]}",
		    "ble[0].ext_adv_piece: 230 is out of range (1..229)" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"phy\": \"2m\"}]}",
		    "ble[0].phy: unknown PHY '2m' (want 1m, coded)" },
		/* Connection emulation keys. */
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"mtu\": 22}]}", "ble[0].mtu: 22 is out of range "
		    "(23..517)" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"mtu\": 518}]}", "ble[0].mtu: 518 is out of range" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"mtu\": \"247\"}]}", "ble[0].mtu: must be a number, "
		    "not a string" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"read_multiple_variable\": 1}]}",
		    "ble[0].read_multiple_variable: must be true or false, "
		    "not a number" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"security_request\": \"yes\"}]}",
		    "ble[0].security_request: must be true or false, not a "
		    "string" },
		/* states. */
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"states\": []}]}", "ble[0].states: must be an object, "
		    "not an array" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"states\": {\"initial\": {}}}]}", "ble[0].states: the "
		    "state name 'initial' is reserved" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"states\": {\"bad name\": {}}}]}", "ble[0].states: bad "
		    "state name 'bad name'" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"states\": {\"factory\": {\"rssi\": -40}}}]}",
		    "ble[0].states.factory: unknown key 'rssi'" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"states\": {\"factory\": {\"adv\": \"xy\"}}}]}",
		    "ble[0].states.factory.adv: not a hex string" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"states\": {\"factory\": {\"adv\": null}}}]}",
		    "ble[0].states.factory.adv: must be a string, not null" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"states\": {\"factory\": {\"values\": {\"2a20\": "
		    "\"00\"}}}}]}", "ble[0].states.factory.values.2a20: no "
		    "characteristic 2a20 in this device's gatt" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"states\": {\"factory\": {\"values\": {\"batt\": "
		    "\"00\"}}}}]}", "ble[0].states.factory.values: 'batt' is "
		    "not a UUID" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"gatt\": [{\"uuid\": \"180f\", \"characteristics\": ["
		    "{\"uuid\": \"2a19\", \"properties\": [\"read\"]}]}],"
		    "\"states\": {\"f\": {\"values\": {\"2a19\": \"00\", "
		    "\"00002a19-0000-1000-8000-00805f9b34fb\": \"01\"}}}}]}",
		    "ble[0].states.f.values."
		    "00002a19-0000-1000-8000-00805f9b34fb"
		    ": characteristic given twice" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    ", \"adv_type\": \"ADV_NONCONN_IND\", \"states\": {\"s\": "
		    "{\"scan_rsp\": \"020a00\"}}}]}",
		    "ble[0].states.s.scan_rsp: an ADV_NONCONN_IND device is "
		    "not scannable" },
		/* NFC. */
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", "
		    "\"atqa\": \"44\", \"sak\": \"00\", "
		    "\"uid\": \"04a1b2c3\"}]}",
		    "nfc[0].atqa: want 2 bytes, not 1" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", \"atqa\": "
		    "\"004400\", \"sak\": \"00\", \"uid\": \"04a1b2c3\"}]}",
		    "nfc[0].atqa: 3 bytes is too long (at most 2)" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", "
		    "\"atqa\": \"0044\", \"sak\": \"\", "
		    "\"uid\": \"04a1b2c3\"}]}",
		    "nfc[0].sak: want 1 byte, not 0" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", "
		    "\"atqa\": \"0044\", \"sak\": \"00\", "
		    "\"uid\": \"04a1b2c3d4\"}]}",
		    "nfc[0].uid: want 4, 7 or 10 bytes, not 5" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", "
		    "\"atqa\": \"0044\", \"sak\": \"00\", "
		    "\"uid\": \"04a1b2c3\", \"ats\": \"\"}]}",
		    "nfc[0].ats: empty (use null for no ATS)" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", "
		    "\"atqa\": \"0044\", \"sak\": \"00\", "
		    "\"uid\": \"04a1b2c3\", \"pages\": \"000000000000\"}]}",
		    "nfc[0].pages: 6 bytes is not a whole number of 4-byte "
		    "pages" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", "
		    "\"atqa\": \"0044\", \"sak\": \"00\", "
		    "\"uid\": \"04a1b2c3\", \"atr\": \"\"}]}",
		    "nfc[0]: unknown key 'atr'" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", "
		    "\"atqa\": \"0044\", \"sak\": \"00\", "
		    "\"uid\": \"04a1b2c3\", \"get_version\": \"0004\"}]}",
		    "nfc[0].get_version: want 7 or 8 bytes, not 2" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", "
		    "\"atqa\": \"0044\", \"sak\": \"00\", "
		    "\"uid\": \"04a1b2c3\", \"aliro\": 1}]}",
		    "nfc[0].aliro: must be true or false, not a number" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", "
		    "\"sak\": \"00\", \"uid\": \"04a1b2c3\"}]}",
		    "nfc[0]: missing key 'atqa'" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", \"technology\": "
		    "\"nfc-f\", \"uid\": \"04a1b2c3\"}]}", "nfc[0].technology: "
		    "unknown technology 'nfc-f'" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", \"technology\": "
		    "\"felica\", \"uid\": \"04a1b2c3\"}]}",
		    "nfc[0].uid: want 8 bytes for felica (IDm), not 4" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", \"technology\": "
		    "\"nfc-b\", \"uid\": \"04a1b2c3\", \"sak\": \"00\"}]}",
		    "nfc[0]: 'sak' is for technology nfc-a" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", \"technology\": "
		    "\"nfc-b\", \"uid\": \"04a1b2c3\", \"pmm\": \"00\"}]}",
		    "nfc[0]: 'pmm' and 'system_code' are for technology "
		    "felica" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", \"technology\": "
		    "\"felica\", \"uid\": \"0116040011a1b2c3\", \"pmm\": "
		    "\"0120\"}]}", "nfc[0].pmm: want 8 bytes, not 2" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", "
		    "\"atqa\": \"0044\", \"sak\": \"00\", "
		    "\"uid\": \"04a1b2c3\", \"system_code\": \"0003\"}]}",
		    "nfc[0]: 'system_code' is for technology felica" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", "
		    "\"atqa\": \"0044\", \"sak\": \"00\"}]}",
		    "nfc[0]: missing key 'uid'" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    "}], \"nfc\": [{\"id\": \"a\", \"atqa\": \"0044\", "
		    "\"sak\": \"00\", \"uid\": \"04a1b2c3\"}]}", "nfc[0].id: "
		    "duplicate id 'a' (also ble[0])" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"r\", "
		    "\"atqa\": \"0044\", \"sak\": \"00\", "
		    "\"uid\": \"04a1b2c3\"}, {\"id\": \"r\", "
		    "\"atqa\": \"0044\", \"sak\": \"00\", "
		    "\"uid\": \"04a1b2c3\"}]}",
		    "nfc[1].id: duplicate id 'r' (also nfc[0])" },
		/* Timeline. */
		{ "{\"scenario\": 1, \"timeline\": {}}", "timeline: must be an "
		    "array, not an object" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    "}], \"timeline\": [{\"at_ms\": -1, \"device\": \"a\", "
		    "\"state\": \"initial\"}]}", "timeline[0].at_ms: -1 is out "
		    "of range" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    "}], \"timeline\": [{\"at_ms\": 0, \"device\": \"ghost\", "
		    "\"state\": \"initial\"}]}", "timeline[0].device: unknown "
		    "device 'ghost'" },
		{ "{\"scenario\": 1, \"nfc\": [{\"id\": \"ring\", \"atqa\": "
		    "\"0044\", \"sak\": \"00\", \"uid\": \"04a1b2c3\"}], "
		    "\"timeline\": [{\"at_ms\": 0, \"device\": \"ring\", "
		    "\"state\": \"initial\"}]}", "timeline[0].device: 'ring' "
		    "is an NFC tag" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    "}], \"timeline\": [{\"at_ms\": 0, \"device\": \"a\"}]}",
		    "timeline[0]: missing key 'state'" },
		{ "{\"scenario\": 1, \"ble\": ["
		    TS_DEV("a", "C0:00:00:00:00:01")
		    "}], \"timeline\": [{\"at_ms\": 0, \"device\": \"a\", "
		    "\"state\": \"initial\", \"note\": \"x\"}]}",
		    "timeline[0]: unknown key 'note'" },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ts_parse_bad(cases[i].json, cases[i].want);
}

/* Caps: lists cannot grow past their limits. */
static void
test_caps(void **state)
{
	const size_t	 cap = 64 * 1024;
	char		*buf;
	size_t		 i, n;

	(void)state;
	buf = malloc(cap);
	assert_non_null(buf);
	n = (size_t)snprintf(buf, cap, "{\"scenario\": 1, \"ble\": ["
	    TS_DEV("a", "C0:00:00:00:00:01") ", \"gatt\": [");
	for (i = 0; i < SCN_MAX_SERVICES + 1; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s{\"uuid\": "
		    "\"%04zx\", \"characteristics\": []}", i ? "," : "",
		    0x1800 + i);
	snprintf(buf + n, cap - n, "]}]}");
	ts_parse_bad(buf, "ble[0].gatt: 65 entries, at most 64");

	/* A name over 256 bytes. */
	n = (size_t)snprintf(buf, cap, "{\"scenario\": 1, \"name\": \"");
	memset(buf + n, 'x', SCN_NAME_MAX + 1);
	n += SCN_NAME_MAX + 1;
	snprintf(buf + n, cap - n, "\"}");
	ts_parse_bad(buf, "name: longer than 256 bytes");

	/* A characteristic value over 512 bytes. */
	n = (size_t)snprintf(buf, cap, "{\"scenario\": 1, \"ble\": ["
	    TS_DEV("a", "C0:00:00:00:00:01") ", \"gatt\": [{\"uuid\": "
	    "\"180f\", \"characteristics\": [{\"uuid\": \"2a19\", "
	    "\"properties\": [\"read\"], \"value\": \"");
	memset(buf + n, '0', 2 * (SCN_VALUE_MAX + 1));
	n += 2 * (SCN_VALUE_MAX + 1);
	snprintf(buf + n, cap - n, "\"}]}]}]}");
	ts_parse_bad(buf, "value: 513 bytes is too long (at most 512)");

	/* A NUL byte in the file. */
	{
		struct ls_errbuf	 eb;
		struct scn		*s;

		ls_err_clear(&eb);
		assert_int_equal(scn_parse("t.json", "{\n \0}", 5, &s, &eb),
		    LS_EINPUT);
		assert_string_equal(eb.msg, "t.json: NUL byte (line 2, column "
		    "2)");
	}
	free(buf);
}

/* The fixtures under tests/scenarios/bad/, loaded from disk. */
static void
test_bad_files(void **state)
{
	static const struct {
		const char	*file;
		const char	*want;
	} cases[] = {
		/* Positions count the comment lines the files start with. */
		{ "unknown-key.json", "ble[0]: unknown key 'colour' (line 6, "
		    "column 36)" },
		{ "bad-hex.json", "ble[2].adv: not a hex string (line 10, "
		    "column 26)" },
		{ "adv-too-long.json", "ble[0].adv: 32 bytes is too long (at "
		    "most 31) (line 7, column 13)" },
		{ "bad-property.json", "ble[0].gatt[1].characteristics[0]."
		    "properties[2]: unknown property 'fly' (want read, write, "
		    "write-without-response, notify, indicate) (line 11, "
		    "column 75)" },
		{ "timeline-state.json", "timeline[3].state: device "
		    "'front-door' has no state 'broken' (line 13, column 54)" },
		{ "syntax.json", "not valid JSON (line 4, column 17)" },
		{ "version.json", "scenario: unsupported scenario version 2 "
		    "(want 1) (line 1, column 14)" },
		{ "nonconn-scan-rsp.json", "ble[0].scan_rsp: an "
		    "ADV_NONCONN_IND device is not scannable; remove scan_rsp "
		    "or use ADV_IND or ADV_SCAN_IND (line 7, column 18)" },
		{ "nfc-uid.json", "nfc[0].uid: want 4, 7 or 10 bytes, not 5 "
		    "(line 5, column 56)" },
	};
	struct ls_errbuf	 eb;
	struct scn		*s;
	char			 path[256], want[512];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(path, sizeof path, "tests/scenarios/bad/%s",
		    cases[i].file);
		snprintf(want, sizeof want, "%s: %s", path, cases[i].want);
		ls_err_clear(&eb);
		s = (struct scn *)1;
		assert_int_equal(scn_load(path, &s, &eb), LS_EINPUT);
		assert_null(s);
		if (strncmp(eb.msg, want, strlen(want)) != 0) {
			print_error("want: %s\ngot:  %s\n", want, eb.msg);
			fail();
		}
	}
	ls_err_clear(&eb);
	assert_int_equal(scn_load("tests/scenarios/bad/absent.json", &s, &eb),
	    LS_EINPUT);
	assert_non_null(strstr(eb.msg, "absent.json: cannot open"));
	ls_err_clear(&eb);
	assert_int_equal(scn_load("tests/scenarios", &s, &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "tests/scenarios: not a file"));
	scn_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo),
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_hardware),
		cmocka_unit_test(test_gen_many),
		cmocka_unit_test(test_comments_and_order),
		cmocka_unit_test(test_uuid),
		cmocka_unit_test(test_state_values),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_nfc_technologies),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_bad_files),
	};

	return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
