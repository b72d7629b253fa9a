/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_battery.c - unit tests for src/util/battery.c: the one battery
 * object of device lines and reports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "util/battery.h"

static char *
text_of(const struct battery *b)
{
	cJSON	*o = battery_json(b);
	char	*s;

	assert_non_null(o);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	assert_non_null(s);
	return s;
}

static void
expect(const struct battery *b, const char *want)
{
	char	*s = text_of(b);

	assert_string_equal(s, want);
	free(s);
}

static void
test_shapes(void **state)
{
	struct battery	b;

	(void)state;
	battery_init(&b);
	assert_false(battery_known(&b));
	expect(&b, "null");
	battery_set_percent(&b, 80, "advertisement");
	expect(&b, "{\"percent\":80,\"volts\":null,"
	    "\"source\":\"advertisement\"}");
	battery_init(&b);
	battery_set_volts(&b, 3.01, "advertisement");
	expect(&b, "{\"percent\":null,\"volts\":3.01,"
	    "\"source\":\"advertisement\"}");
	/* Negative means unknown: nothing changes. */
	battery_set_percent(&b, -1, "gatt");
	battery_set_volts(&b, -2, "gatt");
	expect(&b, "{\"percent\":null,\"volts\":3.01,"
	    "\"source\":\"advertisement\"}");
}

/* inspect: GATT fills what the advertising lacks; both sources named. */
static void
test_merge_readings(void **state)
{
	struct battery	b;
	struct reading	pct, volts;

	(void)state;
	reading_int(&pct, RD_OBSERVED, 87, "gatt 2a19", 0);
	reading_real(&volts, RD_OBSERVED, 2.95, "gatt 2bf0", 0);
	battery_init(&b);
	battery_set_volts(&b, 3.0, "advertisement");
	battery_from_readings(&b, &pct, &volts, false);
	expect(&b, "{\"percent\":87,\"volts\":3,"
	    "\"source\":\"gatt+advertisement\"}");
	/* replace: the readings win. */
	battery_from_readings(&b, &pct, &volts, true);
	expect(&b, "{\"percent\":87,\"volts\":2.95,\"source\":\"gatt\"}");
	/* Unavailable or NULL readings add nothing. */
	battery_init(&b);
	reading_unavailable(&pct, "gatt 2a19", "needs pairing", 0);
	battery_from_readings(&b, &pct, NULL, false);
	expect(&b, "null");
	/* A technician's reading: source "technician". */
	reading_int(&pct, RD_ATTESTED, 100, "technician", 0);
	battery_from_readings(&b, &pct, NULL, false);
	expect(&b, "{\"percent\":100,\"volts\":null,"
	    "\"source\":\"technician\"}");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_merge_readings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
