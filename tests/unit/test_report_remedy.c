/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_report_remedy.c - the remedy, the triage advice and skip reasons
 * through the visit model, the journal (written, then replayed) and the
 * report (src/visit/visit.c, journal.c, report.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "visit/journal.h"
#include "visit/report.h"
#include "visit/visit.h"

#define T0	(UINT64_C(1795435471) * 1000000)

static struct visit *
visit_fixture(void)
{
	struct visit		*v = visit_new();
	struct visit_device	 d;
	struct ls_errbuf	 eb;
	size_t			 i;

	assert_non_null(v);
	ls_err_clear(&eb);
	assert_int_equal(visit_begin(v, T0, &eb), LS_OK);
	visit_set_intake(v, "A. Smith", "Unit 2", "WO-78");
	visit_set_authorization(v, true, "owner present");
	memset(&d, 0, sizeof d);
	snprintf(d.address, sizeof d.address, "C4:7C:8D:6A:12:02");
	assert_int_equal(visit_device_add(v, &d, &i, &eb), LS_OK);
	assert_int_equal(visit_step_add(v, "power-battery", "power",
	    "Battery", &i, &eb), LS_OK);
	assert_int_equal(visit_step_add(v, "reset-lock", "reset", "Reset",
	    &i, &eb), LS_OK);
	assert_int_equal(visit_step_add(v, "closeout-outcome", "closeout",
	    "Close", &i, &eb), LS_OK);
	return v;
}

static void
fill(struct visit *v)
{
	struct ls_errbuf	eb;
	struct reading		r;

	ls_err_clear(&eb);
	assert_int_equal(visit_step_start(v, 0, T0, &eb), LS_OK);
	reading_bool(&r, RD_ATTESTED, true, "technician", T0);
	assert_int_equal(visit_step_evidence(v, 0, "battery_replaced", &r,
	    &eb), LS_OK);
	reading_int(&r, RD_OBSERVED, 5, "advertisement", T0);
	assert_int_equal(visit_step_evidence(v, 0, "battery_percent_before",
	    &r, &eb), LS_OK);
	assert_int_equal(visit_step_finish(v, 0, VS_PASSED, T0 + 1, "battery "
	    "replaced: 5 before, 90 after", &eb), LS_OK);
	visit_triage_clear(v);
	visit_triage_add(v, "cells-replaced", "battery", "New cells fitted.");
	visit_triage_add(v, "set-clock", "clock", "The lock's clock is off "
	    "(lock clock 706 d 2 h behind).");
	assert_int_equal(visit_set_remedy(v, "battery", "battery",
	    "triage-accepted", NULL, T0 + 2, &eb), LS_OK);
	assert_int_equal(visit_step_start(v, 1, T0 + 3, &eb), LS_OK);
	assert_int_equal(visit_step_finish(v, 1, VS_SKIPPED, T0 + 3,
	    "not applicable: remedy battery", &eb), LS_OK);
	assert_int_equal(visit_step_skip(v, 1, "not-applicable", &eb), LS_OK);
	assert_int_equal(visit_step_start(v, 2, T0 + 4, &eb), LS_OK);
	assert_int_equal(visit_step_finish(v, 2, VS_SKIPPED, T0 + 4,
	    "not attested", &eb), LS_OK);
	assert_int_equal(visit_step_skip(v, 2, "not-attested", &eb), LS_OK);
}

static void
test_model_rules(void **state)
{
	struct visit		*v = visit_fixture();
	struct ls_errbuf	 eb;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(visit_set_remedy(v, "reboot", "clock",
	    "technician", "x", T0, &eb), LS_EINPUT);
	ls_err_clear(&eb);
	assert_int_equal(visit_set_remedy(v, "battery", "clock",
	    "technician", "", T0, &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "needs a reason"));
	assert_int_equal(visit_set_remedy(v, "battery", "clock", "boss",
	    "x", T0, &eb), LS_EINPUT);
	assert_false(v->remedy.set);
	assert_int_equal(visit_step_skip(v, 0, "bored", &eb), LS_EINPUT);
	assert_int_equal(visit_step_skip(v, 9, "technician", &eb),
	    LS_EINPUT);
	visit_free(v);
}

/* Written to a journal and replayed: the same remedy, triage, skips. */
static void
test_journal_round_trip(void **state)
{
	struct visit		*v = visit_fixture(), *w = visit_new();
	struct journal		*j;
	struct ls_errbuf	 eb;
	char			 path[] = "/tmp/ls-remedy-XXXXXX", jp[64];
	char			 warn[JOURNAL_WARN_MAX];
	int			 fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	unlink(path);
	snprintf(jp, sizeof jp, "%s.journal", path);
	ls_err_clear(&eb);
	assert_int_equal(journal_create(jp, &j, &eb), LS_OK);
	assert_int_equal(journal_visit_start(j, v, &eb), LS_OK);
	assert_int_equal(journal_plan(j, v, T0, &eb), LS_OK);
	fill(v);
	assert_int_equal(journal_step_finish(j, v, 0, &eb), LS_OK);
	assert_int_equal(journal_triage(j, v, T0 + 1, &eb), LS_OK);
	assert_int_equal(journal_remedy(j, v, &eb), LS_OK);
	assert_int_equal(journal_step_finish(j, v, 1, &eb), LS_OK);
	assert_int_equal(journal_step_finish(j, v, 2, &eb), LS_OK);
	journal_close(j);
	assert_int_equal(journal_load(jp, w, warn, sizeof warn, &eb), LS_OK);
	assert_true(w->remedy.set);
	assert_string_equal(w->remedy.id, "battery");
	assert_string_equal(w->remedy.by, "triage-accepted");
	assert_int_equal(w->remedy.at_us, T0 + 2);
	assert_int_equal(w->ntriage, 2);
	assert_string_equal(w->triage[1].id, "set-clock");
	assert_string_equal(w->triage[1].remedy, "clock");
	assert_string_equal(w->steps[1].skip, "not-applicable");
	assert_string_equal(w->steps[2].skip, "not-attested");
	assert_string_equal(w->steps[0].skip, "");
	unlink(jp);
	visit_free(v);
	visit_free(w);
}

/* The report: remedy, triage whole, skip_reason and state. */
static void
test_report_fields(void **state)
{
	struct visit		*v = visit_fixture();
	struct ls_errbuf	 eb;
	cJSON			*r, *o, *s;

	(void)state;
	ls_err_clear(&eb);
	/* Before the choice: remedy null, triage empty. */
	assert_non_null(r = report_build(v, NULL, &eb));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r, "remedy")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r,
	    "triage")), 0);
	cJSON_Delete(r);
	fill(v);
	assert_non_null(r = report_build(v, NULL, &eb));
	o = cJSON_GetObjectItem(r, "remedy");
	assert_string_equal(cJSON_GetObjectItem(o, "id")->valuestring,
	    "battery");
	assert_string_equal(cJSON_GetObjectItem(o, "chosen_by")->valuestring,
	    "triage-accepted");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "reason")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "battery_replaced")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r,
	    "triage")), 2);
	s = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "steps"), 1);
	assert_string_equal(cJSON_GetObjectItem(s, "status")->valuestring,
	    "skipped");
	assert_string_equal(cJSON_GetObjectItem(s, "state")->valuestring,
	    "not-applicable");
	assert_string_equal(cJSON_GetObjectItem(s,
	    "skip_reason")->valuestring, "not-applicable");
	s = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "steps"), 0);
	assert_string_equal(cJSON_GetObjectItem(s, "status")->valuestring,
	    "passed");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(s, "skip_reason")));
	cJSON_Delete(r);
	visit_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_rules),
		cmocka_unit_test(test_journal_round_trip),
		cmocka_unit_test(test_report_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
