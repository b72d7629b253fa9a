/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_answers.c - unit tests for src/visit/answers.c (batch answers,
 * lockscope-visit(1)) and src/visit/triage.c (least invasive next step).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "visit/answers.h"
#include "visit/triage.h"
#include "visit/visit.h"

static struct answers	a;

static enum ls_err
parse(const char *text, struct ls_errbuf *eb)
{
	ls_err_clear(eb);
	return answers_parse("answers.json", text, strlen(text), &a, eb);
}

/* The answers example of lockscope-visit(1), but for the ellipses. */
static void
test_design_example(void **state)
{
	struct ls_errbuf	 eb;
	struct ans_step		*st;

	(void)state;
	assert_int_equal(parse("{\"technician\": \"A. Smith\", \"site\": "
	    "\"Rental unit 4B\", \"work_order\": \"WO-20261123\", "
	    "\"symptoms\": [\"pairing-fails\"], "
	    "\"ownership\": {\"verified\": true, \"method\": \"deed shown\"}, "
	    "\"steps\": {\"reset\": {\"result\": \"done\"}, "
	    "\"credentials\": {\"codes_active\": 3}, "
	    "\"door-test\": {\"result\": \"pass\", \"note\": \"bolt aligned\"}"
	    "}}", &eb), LS_OK);
	assert_string_equal(a.technician, "A. Smith");
	assert_string_equal(a.work_order, "WO-20261123");
	assert_int_equal(a.symptoms, answers_symptom_bit("pairing-fails"));
	assert_true(a.ownership_verified);
	assert_string_equal(a.ownership_method, "deed shown");
	assert_int_equal(a.nsteps, 3);
	st = answers_step(&a, "credentials");
	assert_non_null(st);
	assert_int_equal(st->codes_active, 3);
	assert_int_equal(st->has, ANS_HAS_CODES_ACTIVE);
	assert_int_equal(st->result, ANS_RES_NONE);
	st = answers_step(&a, "door-test");
	assert_int_equal(st->result, ANS_RES_PASS);
	assert_string_equal(st->note, "bolt aligned");
	assert_null(answers_step(&a, "enroll"));
	assert_false(a.access_given);
}

static void
test_minimal(void **state)
{
	struct ls_errbuf	eb;

	(void)state;
	assert_int_equal(parse("{\"technician\":\"T\"}", &eb), LS_OK);
	assert_false(a.ownership_verified);
	assert_int_equal(a.nsteps, 0);
	assert_int_equal(parse("{\"technician\":\"T\",\"ownership\":"
	    "{\"verified\":false}, \"access\": [\"keypad\", \"cloud\"]}",
	    &eb), LS_OK);
	assert_false(a.ownership_verified);
	assert_true(a.access_given);
	assert_int_equal(a.access, VISIT_ACCESS_KEYPAD | VISIT_ACCESS_CLOUD);
}

/* Every refusal names the file and the path. */
static void
test_errors(void **state)
{
	static const struct {
		const char	*in, *msg;
	} cases[] = {
		{ "[1]", "answers.json: must be an object, not an array "
		  "(line 1, column 1)" },
		{ "{\"technician\":", "answers.json: not valid JSON" },
		{ "{}", "answers.json: missing key 'technician' (line 1, "
		  "column 1)" },
		{ "{\"technician\":\"\"}",
		  "answers.json: technician: must not be empty" },
		{ "{\"technician\":\"T\",\"tech\":1}",
		  "answers.json: unknown key 'tech'" },
		{ "{\"technician\":7}",
		  "answers.json: technician: must be a string" },
		{ "{\"technician\":\"T\",\"symptoms\":[\"broken\"]}",
		  "answers.json: symptoms[0]: unknown name 'broken'" },
		{ "{\"technician\":\"T\",\"symptoms\":[\"lock-offline\",3]}",
		  "answers.json: symptoms[1]: must be a string" },
		{ "{\"technician\":\"T\",\"access\":\"keypad\"}",
		  "answers.json: access: must be an array, not a string" },
		{ "{\"technician\":\"T\",\"ownership\":{\"verified\":true}}",
		  "answers.json: ownership: missing key 'method' (with "
		  "\"verified\": true) (line 1, column 31)" },
		{ "{\"technician\":\"T\",\"ownership\":{\"verified\":1}}",
		  "answers.json: ownership.verified: must be true or false" },
		{ "{\"technician\":\"T\",\"ownership\":{\"who\":1}}",
		  "answers.json: ownership: unknown key 'who'" },
		{ "{\"technician\":\"T\",\"steps\":[]}",
		  "answers.json: steps: must be an object" },
		{ "{\"technician\":\"T\",\"steps\":{\"Reset\":{}}}",
		  "answers.json: steps: 'Reset' is not a phase or step id" },
		{ "{\"technician\":\"T\",\"steps\":{\"reset\":{\"result\":"
		  "\"ok\"}}}", "answers.json: steps.reset.result: 'ok' is not "
		  "one of done, pass, fail, skip" },
		{ "{\"technician\":\"T\",\"steps\":{\"reset\":{\"code\":"
		  "\"1234\"}}}", "answers.json: steps.reset: unknown key "
		  "'code'" },
		{ "{\"technician\":\"T\",\"steps\":{\"credentials\":"
		  "{\"codes_active\":2.5}}}", "answers.json: "
		  "steps.credentials.codes_active: must be a count" },
		{ "{\"technician\":\"T\",\"steps\":{\"credentials\":"
		  "{\"codes_active\":-1}}}", "answers.json: "
		  "steps.credentials.codes_active: must be a count" },
		{ "{\"technician\":\"T\",\"steps\":{\"credentials\":"
		  "{\"codes_active\":\"3\"}}}", "answers.json: "
		  "steps.credentials.codes_active: must be a number, not a "
		  "string" },
		{ "{\"technician\":\"T\",\"steps\":{\"credentials\":"
		  "{\"temporary_removed\":\"yes\"}}}", "answers.json: "
		  "steps.credentials.temporary_removed: must be true or "
		  "false" },
		{ "{\"technician\":\"T\",\"steps\":{\"reset\":{},"
		  "\"reset\":{}}}", "answers.json: steps: duplicate key "
		  "'reset' (line 1, column 39)" },
		/* The one checker's rules hold here too: no key twice
		 * anywhere, nothing after the object, no NUL byte. */
		{ "{\"technician\":\"T\",\n\"technician\":\"U\"}",
		  "answers.json: duplicate key 'technician' (line 2, "
		  "column 1)" },
		{ "{\"technician\":\"T\",\"ownership\":{\"verified\":true,"
		  "\"verified\":false}}", "answers.json: ownership: duplicate "
		  "key 'verified' (line 1, column 48)" },
		{ "{\"technician\":\"T\"} {}", "answers.json: text after the "
		  "JSON value (line 1, column 20)" },
		{ "{\"technician\":", "answers.json: not valid JSON (line 1, "
		  "column 15)" },
	};
	struct ls_errbuf	eb;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(parse(cases[i].in, &eb), LS_EINPUT);
		if (strncmp(eb.msg, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i,
			    eb.msg, cases[i].msg);
	}
	/* A NUL byte ends nothing: it is refused where it is. */
	ls_err_clear(&eb);
	assert_int_equal(answers_parse("answers.json", "{\"technician\":"
	    "\"T\"}\0x", 20, &a, &eb), LS_EINPUT);
	assert_string_equal(eb.msg, "answers.json: NUL byte (line 1, column "
	    "19)");
}

/* Counts, never values: a code typed into a note is refused, unechoed. */
static void
test_no_codes_in_text(void **state)
{
	struct ls_errbuf	eb;

	(void)state;
	assert_int_equal(parse("{\"technician\":\"T\",\"steps\":{\"door-test\""
	    ":{\"note\":\"new code is 482913\"}}}", &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "steps.door-test.note"));
	assert_non_null(strstr(eb.msg, "never codes"));
	assert_null(strstr(eb.msg, "482913"));
	assert_int_equal(parse("{\"technician\":\"T\",\"ownership\":"
	    "{\"verified\":true,\"method\":\"PIN 7788 on keypad\"}}", &eb),
	    LS_EINPUT);
	assert_null(strstr(eb.msg, "7788"));
	/* Work orders and sites are numbers by nature. */
	assert_int_equal(parse("{\"technician\":\"T\",\"work_order\":"
	    "\"20261123-0042\",\"site\":\"12345 Main St\"}", &eb), LS_OK);
	/* Three digits are not a code. */
	assert_int_equal(parse("{\"technician\":\"T\",\"steps\":{\"door-test\""
	    ":{\"note\":\"door 4B, 2nd floor, 3 bolts\"}}}", &eb), LS_OK);
}

static void
test_text_is_sanitised(void **state)
{
	struct ls_errbuf	eb;

	(void)state;
	assert_int_equal(parse("{\"technician\":\"T\\u001b[31mX\"}", &eb),
	    LS_OK);
	assert_null(strchr(a.technician, 0x1b));
}

static size_t
advise(const struct triage_input *in, struct triage_advice *out)
{
	size_t	n = triage_run(in, out);

	assert_true(n >= 1 && n <= TRIAGE_MAX);
	return n;
}

static void
test_triage_order(void **state)
{
	struct triage_advice	out[TRIAGE_MAX];
	struct triage_input	in;
	size_t			n;

	(void)state;
	memset(&in, 0, sizeof in);
	n = advise(&in, out);
	assert_int_equal(n, 1);
	assert_string_equal(out[0].id, "follow-checklist");

	/* Low battery comes before everything else. */
	in.symptoms = (answers_symptom_bit("pairing-fails")) |
	    answers_symptom_bit("app-cannot-sign-in");
	in.battery = TRIAGE_BATT_LOW;
	n = advise(&in, out);
	assert_int_equal(n, 3);
	assert_string_equal(out[0].id, "replace-cells");
	assert_string_equal(out[1].id, "account-recovery");
	assert_string_equal(out[2].id, "pairing-checks");

	/* View but not unlock: roles, and the text says no reset. */
	memset(&in, 0, sizeof in);
	in.symptoms = answers_symptom_bit("app-view-no-unlock");
	n = advise(&in, out);
	assert_string_equal(out[0].id, "review-roles");
	assert_non_null(strstr(out[0].text, "no reset"));

	/* Missing from the app: ownership transfer before any reset. */
	in.symptoms = answers_symptom_bit("lock-missing-from-app");
	advise(&in, out);
	assert_string_equal(out[0].id, "check-ownership-transfer");
	assert_non_null(strstr(out[0].text, "before any reset"));
}

static void
test_triage_readings(void **state)
{
	struct triage_advice	out[TRIAGE_MAX];
	struct triage_input	in;

	(void)state;
	memset(&in, 0, sizeof in);
	in.symptoms = answers_symptom_bit("pairing-fails");
	in.pairing = TRIAGE_PAIR_PAIRED;
	advise(&in, out);
	assert_non_null(strstr(out[0].text, "previous owner"));

	in.symptoms = answers_symptom_bit("codes-not-accepted");
	in.has_clock_skew = true;
	in.clock_skew_s = -3600;
	assert_int_equal(advise(&in, out), 2);
	assert_string_equal(out[0].id, "set-clock");
	assert_non_null(strstr(out[0].text, "1 h behind"));
	in.clock_skew_s = 120;
	assert_int_equal(advise(&in, out), 1);
	assert_string_equal(out[0].id, "check-code-schedule");

	in.symptoms = answers_symptom_bit("lock-offline");
	in.lock_seen = true;
	advise(&in, out);
	assert_non_null(strstr(out[0].text, "radio works"));

	in.symptoms = 0;
	in.access_given = true;
	in.access = VISIT_ACCESS_PHYSICAL_KEY | VISIT_ACCESS_KEYPAD;
	advise(&in, out);
	assert_non_null(strstr(out[0].text, "physical-key keypad"));
}

/* The rule for one field typed on the checklist screen. */
static void
test_text_check(void **state)
{
	struct ls_errbuf	eb;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(answers_text_check("note", "bolt aligned, 3 codes",
	    ANS_NOTE_MAX, false, &eb), LS_OK);
	assert_int_equal(answers_text_check("note", "code 123", ANS_NOTE_MAX,
	    false, &eb), LS_OK);
	assert_int_equal(answers_text_check("note", "code 271828",
	    ANS_NOTE_MAX, false, &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "note: holds 4 or more digits"));
	assert_null(strstr(eb.msg, "271828"));
	ls_err_clear(&eb);
	assert_int_equal(answers_text_check("work order", "WO-2026-0042",
	    ANS_TEXT_MAX, true, &eb), LS_OK);
	assert_int_equal(answers_text_check("site", "abcdef", 4, true, &eb),
	    LS_EINPUT);
	assert_non_null(strstr(eb.msg, "site: too long"));
}

/* "remedy", "remedy_reason", "battery_replaced"; skips need a note and
   never touch ownership; unknown keys name the nearest. */
static void
test_remedy_and_skip(void **state)
{
	struct ls_errbuf	eb;

	(void)state;
	assert_int_equal(parse("{\"technician\":\"T\",\"remedy\":\"clock\","
	    "\"remedy_reason\":\"codes fail since 2024-05-01\","
	    "\"battery_replaced\":true}", &eb), LS_OK);
	assert_true(a.remedy_given);
	assert_int_equal(a.remedy, PROFILE_RM_CLOCK);
	assert_string_equal(a.remedy_reason, "codes fail since 2024-05-01");
	assert_true(a.battery_replaced);
	assert_int_equal(parse("{\"technician\":\"T\"}", &eb), LS_OK);
	assert_false(a.remedy_given);
	assert_false(a.battery_replaced);
	assert_int_equal(parse("{\"technician\":\"T\",\"remedy\":"
	    "\"reboot\"}", &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "not a remedy"));
	assert_int_equal(parse("{\"technician\":\"T\",\"remedy_reason\":"
	    "\"code 4821\"}", &eb), LS_EINPUT);
	assert_null(strstr(eb.msg, "4821"));
	/* Skips. */
	assert_int_equal(parse("{\"technician\":\"T\",\"steps\":{"
	    "\"verify-reset\":{\"result\":\"skip\",\"note\":\"seen on "
	    "the display\"}}}", &eb), LS_OK);
	assert_int_equal(a.steps[0].result, ANS_RES_SKIP);
	assert_int_equal(parse("{\"technician\":\"T\",\"steps\":{"
	    "\"verify-reset\":{\"result\":\"skip\"}}}", &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "a skip needs a \"note\""));
	assert_int_equal(parse("{\"technician\":\"T\",\"steps\":{"
	    "\"ownership\":{\"result\":\"skip\",\"note\":\"x\"}}}", &eb),
	    LS_EINPUT);
	assert_non_null(strstr(eb.msg, "ownership is never skipped"));
	/* Unknown keys: the nearest known one. */
	assert_int_equal(parse("{\"technician\":\"T\",\"remedy_reasn\":"
	    "\"x\"}", &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "did you mean 'remedy_reason'"));
	assert_int_equal(parse("{\"technician\":\"T\",\"steps\":{"
	    "\"door-test\":{\"reslt\":\"pass\"}}}", &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "did you mean 'result'"));
	assert_int_equal(parse("{\"technician\":\"T\",\"zzzzzzzzzz\":1}",
	    &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "unknown key"));
	assert_null(strstr(eb.msg, "did you mean"));
}

/* Step keys against the plan: the nearest id; ownership skips. */
static void
test_check_plan(void **state)
{
	static const char *const ids[] = {
		"intake-record", "ownership-verify", "door-test-run"
	};
	static const char *const phases[] = {
		"intake", "ownership", "door-test"
	};
	struct ls_errbuf	eb;

	(void)state;
	assert_int_equal(parse("{\"technician\":\"T\",\"steps\":{"
	    "\"door-test\":{\"result\":\"pass\"},\"intake-record\":{}}}",
	    &eb), LS_OK);
	assert_int_equal(answers_check_plan(&a, "a.json", ids, phases, 3,
	    &eb), LS_OK);
	assert_int_equal(parse("{\"technician\":\"T\",\"steps\":{"
	    "\"door-tset\":{\"result\":\"pass\"}}}", &eb), LS_OK);
	ls_err_clear(&eb);
	assert_int_equal(answers_check_plan(&a, "a.json", ids, phases, 3,
	    &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "a.json: steps.door-tset"));
	assert_non_null(strstr(eb.msg, "did you mean 'door-test'"));
	assert_int_equal(parse("{\"technician\":\"T\",\"steps\":{"
	    "\"ownership-verify\":{\"result\":\"skip\",\"note\":\"x\"}}}",
	    &eb), LS_OK);
	ls_err_clear(&eb);
	assert_int_equal(answers_check_plan(&a, "a.json", ids, phases, 3,
	    &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "ownership is never skipped"));
}

/* The code guard: years as words and ISO dates are notes. */
static void
test_years_are_notes(void **state)
{
	struct ls_errbuf	eb;

	(void)state;
	assert_int_equal(parse("{\"technician\":\"T\",\"steps\":{"
	    "\"door-test\":{\"note\":\"latch fixed in 2024\"}}}", &eb),
	    LS_OK);
	assert_int_equal(parse("{\"technician\":\"T\",\"steps\":{"
	    "\"door-test\":{\"note\":\"code 4821\"}}}", &eb), LS_EINPUT);
	assert_null(strstr(eb.msg, "4821"));
	ls_err_clear(&eb);
	assert_int_equal(answers_text_check("note", "since 1999", 64, false,
	    &eb), LS_OK);
	assert_int_equal(answers_text_check("note", "pin 20245", 64, false,
	    &eb), LS_EINPUT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_design_example),
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_no_codes_in_text),
		cmocka_unit_test(test_text_is_sanitised),
		cmocka_unit_test(test_triage_order),
		cmocka_unit_test(test_triage_readings),
		cmocka_unit_test(test_text_check),
		cmocka_unit_test(test_remedy_and_skip),
		cmocka_unit_test(test_check_plan),
		cmocka_unit_test(test_years_are_notes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
