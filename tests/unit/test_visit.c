/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_visit.c - unit tests for src/visit/visit.c: caps on counts and
 * string lengths, sanitised strings, step ids and phases, and the secret
 * guard on reading names (counts, never values: lockscope-report(5),
 * Readings).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/visit_test.h"

static void
test_secret_guard(void **state)
{
	static const struct {
		const char	*name;
		int		 kind;	/* 0 int, 1 text, 2 unavailable */
		bool		 ok;
	} cases[] = {
		{ "battery_percent", 1, true },
		{ "keypad_present", 1, true },
		{ "pairing_state", 1, true },
		{ "code_slots", 0, true },
		{ "codes_active", 0, true },
		{ "temporary_codes_removed", 0, true },
		{ "password_count", 0, true },
		{ "code_slots", 2, true },
		{ "code_slots", 1, false },
		{ "pin_code", 1, false },
		{ "pin_code", 0, false },
		{ "admin_pin", 0, false },
		{ "setup_passcode", 1, false },
		{ "homekit.setupcode", 1, false },
		{ "matter-passcode", 0, false },
		{ "wifi_password", 1, false },
		{ "ekey_secret", 1, false },
		{ "key", 1, false },
		{ "nfc_uid", 1, false },
		{ "Battery", 0, false },
		{ "9lives", 0, false },
		{ "", 0, false },
		{ "name with space", 0, false },
	};
	struct visit	 *v = vt_sample();
	struct reading	  r;
	struct ls_errbuf  eb;
	size_t		  i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i].kind == 0)
			reading_int(&r, RD_ATTESTED, 4, "technician", 0);
		else if (cases[i].kind == 1)
			reading_text(&r, RD_OBSERVED, "1234", "gatt", 0);
		else
			reading_unavailable(&r, "gatt", "encrypted", 0);
		ls_err_clear(&eb);
		if (visit_reading_name_ok(cases[i].name, &r, &eb) !=
		    cases[i].ok)
			fail_msg("reading name '%s' (kind %d): want %s",
			    cases[i].name, cases[i].kind, cases[i].ok ?
			    "accepted" : "refused");
		assert_int_equal(visit_step_evidence(v, 4, cases[i].name, &r,
		    NULL) == LS_OK, cases[i].ok);
	}
	/* A negative count is not a count. */
	reading_int(&r, RD_ATTESTED, -1, "technician", 0);
	assert_false(visit_reading_name_ok("code_slots", &r, NULL));

	visit_free(v);
}

static void
test_model_caps(void **state)
{
	struct visit	 *v = visit_new();
	struct visit_device d;
	struct reading	  r;
	char		  id[32], big[1000];
	size_t		  i, k;

	(void)state;
	assert_int_equal(visit_begin(v, VT_AT, NULL), LS_OK);
	assert_int_equal(strlen(v->id), VISIT_ID_LEN);
	assert_int_equal(visit_set_id(v, "0123456789ABCDEF", NULL),
	    LS_EINPUT);
	assert_int_equal(visit_add_symptom(v, "lock-on-fire", NULL),
	    LS_EINPUT);
	assert_int_equal(visit_add_access(v, "telepathy", NULL), LS_EINPUT);
	for (i = 0; visit_symptom_name(i) != NULL; i++)
		assert_int_equal(visit_add_symptom(v, visit_symptom_name(i),
		    NULL), LS_OK);
	assert_int_equal(visit_add_symptom(v, "pairing-fails", NULL), LS_OK);
	assert_int_equal(v->nsymptoms, i);
	/* Terminal escapes and long strings are cleaned and cut. */
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	visit_set_intake(v, "Jane\x1b[31mRoe", big, NULL);
	assert_string_equal(v->technician, "Jane?[31mRoe");
	assert_true(strlen(v->site) < VISIT_STR_MAX);
	/* Steps: ids, phases, duplicates, the cap. */
	assert_int_equal(visit_step_add(v, "Reset", "reset", "x", NULL, NULL),
	    LS_EINPUT);
	assert_int_equal(visit_step_add(v, "reset..x", "reset", "x", NULL,
	    NULL), LS_EINPUT);
	assert_int_equal(visit_step_add(v, "reset", "resetting", "x", NULL,
	    NULL), LS_EINPUT);
	for (i = 0; i < VISIT_MAX_STEPS; i++) {
		snprintf(id, sizeof id, "reset.s%zu", i);
		assert_int_equal(visit_step_add(v, id, "reset", "x", &k, NULL),
		    LS_OK);
	}
	assert_int_equal(visit_step_add(v, "one-more", "reset", "x", NULL,
	    NULL), LS_ENOMEM);
	assert_int_equal(visit_step_add(v, "reset.s0", "reset", "x", NULL,
	    NULL), LS_EINPUT);
	assert_int_equal(visit_step_finish(v, 0, VS_RUNNING, 1, NULL, NULL),
	    LS_EINTERNAL);
	/* Readings: the cap per set. */
	reading_int(&r, RD_OBSERVED, 1, "advertisement", 0);
	for (i = 0; i < VISIT_MAX_READINGS; i++) {
		snprintf(id, sizeof id, "r%zu", i);
		assert_int_equal(visit_step_evidence(v, 0, id, &r, NULL),
		    LS_OK);
	}
	assert_int_equal(visit_step_evidence(v, 0, "r0", &r, NULL), LS_OK);
	assert_int_equal(visit_step_evidence(v, 0, "rx", &r, NULL),
	    LS_ENOMEM);
	/* Devices: addresses, the cap, update by address. */
	memset(&d, 0, sizeof d);
	snprintf(d.address, sizeof d.address, "not an address");
	assert_int_equal(visit_device_add(v, &d, NULL, NULL), LS_EINPUT);
	for (i = 0; i < VISIT_MAX_DEVICES; i++) {
		snprintf(d.address, sizeof d.address, "AA:BB:CC:DD:EE:%02zx",
		    i);
		assert_int_equal(visit_device_add(v, &d, &k, NULL), LS_OK);
		assert_int_equal(k, i);
	}
	snprintf(d.address, sizeof d.address, "aa:bb:cc:dd:ee:03");
	snprintf(d.name, sizeof d.name, "Back door");
	assert_int_equal(visit_device_add(v, &d, &k, NULL), LS_OK);
	assert_int_equal(k, 3);
	assert_string_equal(v->devices[3].name, "Back door");
	snprintf(d.address, sizeof d.address, "AA:BB:CC:DD:EE:FF");
	assert_int_equal(visit_device_add(v, &d, NULL, NULL), LS_ENOMEM);
	visit_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secret_guard),
		cmocka_unit_test(test_model_caps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
