/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_reading.c - unit tests for src/util/reading.c: provenance, JSON
 * form and its strict parse (used by journal resume).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "util/reading.h"

/* 2026-11-23T12:04:31Z */
#define AT	(UINT64_C(1795435471) * 1000000)

static char *
to_text(const struct reading *r)
{
	cJSON	*o = reading_json(r);
	char	*s;

	assert_non_null(o);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	assert_non_null(s);
	return s;
}

static void
roundtrip(const struct reading *r)
{
	struct reading	 back;
	char		*s = to_text(r);
	cJSON		*o = cJSON_Parse(s);

	assert_true(reading_from_json(o, &back));
	assert_memory_equal(&back, r, sizeof back);
	cJSON_Delete(o);
	free(s);
}

static void
test_json_forms(void **state)
{
	struct reading	 r;
	char		*s;

	(void)state;
	reading_int(&r, RD_OBSERVED, 87, "gatt 2a19", AT);
	s = to_text(&r);
	assert_string_equal(s, "{\"value\":87,\"provenance\":\"observed\","
	    "\"source\":\"gatt 2a19\",\"at\":\"2026-11-23T12:04:31.000Z\","
	    "\"reason\":null}");
	free(s);
	roundtrip(&r);

	reading_unavailable(&r, "gatt 2a2b",
	    "needs pairing or vendor authorization", AT);
	assert_false(reading_has_value(&r));
	s = to_text(&r);
	assert_non_null(strstr(s, "\"value\":null"));
	assert_non_null(strstr(s, "\"provenance\":\"unavailable\""));
	free(s);
	roundtrip(&r);

	reading_text(&r, RD_ATTESTED, "1.4.2", "technician", 0);
	assert_true(reading_has_value(&r));
	s = to_text(&r);
	assert_non_null(strstr(s, "\"at\":null"));
	free(s);
	roundtrip(&r);

	reading_real(&r, RD_OBSERVED, 3.01, "gatt 2bf0", AT);
	roundtrip(&r);
	reading_bool(&r, RD_OBSERVED, true, "advertisement", AT);
	roundtrip(&r);

	memset(&r, 0, sizeof r);
	s = to_text(&r);
	assert_string_equal(s, "null");
	free(s);
	roundtrip(&r);
}

static void
test_parse_refuses(void **state)
{
	static const char *const bad[] = {
		"[]", "3", "{}",
		"{\"value\":1}",
		"{\"value\":1,\"provenance\":\"guessed\"}",
		"{\"value\":1,\"provenance\":\"observed\",\"extra\":1}",
		"{\"value\":[1],\"provenance\":\"observed\"}",
		"{\"value\":1,\"provenance\":\"observed\","
		    "\"at\":\"yesterday\"}",
		"{\"value\":1,\"provenance\":\"observed\",\"source\":5}",
		"{\"value\":1,\"provenance\":\"observed\",\"reason\":false}",
	};
	struct reading	r, keep;
	size_t		i;

	(void)state;
	reading_int(&keep, RD_OBSERVED, 5, "x", 0);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cJSON	*o = cJSON_Parse(bad[i]);

		assert_non_null(o);
		r = keep;
		assert_false(reading_from_json(o, &r));
		assert_memory_equal(&r, &keep, sizeof r);
		cJSON_Delete(o);
	}
}

static void
test_truncation_and_nonfinite(void **state)
{
	struct reading	r;
	char		long_text[300];

	(void)state;
	memset(long_text, 'a', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	reading_text(&r, RD_OBSERVED, long_text, long_text, 0);
	assert_int_equal(strlen(r.text), RD_TEXT_MAX - 1);
	assert_int_equal(strlen(r.source), RD_SOURCE_MAX - 1);
	reading_real(&r, RD_OBSERVED, 1.0 / 0.0, "x", 0);
	assert_int_equal(r.kind, RD_NONE);
	assert_null(reading_prov_name(RD_UNSET));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_forms),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_truncation_and_nonfinite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
