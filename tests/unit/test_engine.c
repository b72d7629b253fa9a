/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_engine.c - unit tests for src/visit/engine.c, the UI-agnostic visit
 * engine: phase order, gates, measurements, radio verification with
 * windows, resume, record failures.  A fake driver plays batch mode: it
 * answers from a table inside ops->ask and keeps every record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "visit/engine.h"

#define WALL0	(UINT64_C(1795435471) * 1000000)

struct drv {
	struct engine	*e;
	uint64_t	 now;		/* ms */
	struct answers	 ans;
	bool		 answer_all;	/* answer steps missing from ans */
	int		 battery;	/* -1: not measurable */
	int		 nrec, nask, nmeasure, nnotice;
	char		 recs[128][80];	/* "id status" */
	char		 notice[8][160];
	int		 fail_record_at;	/* 1-based, 0 = never */
};

static uint64_t
wall(const struct drv *d)
{
	return WALL0 + d->now * 1000;
}

static void
drv_ask(void *arg, const struct eng_step *s)
{
	struct drv	*d = arg;
	struct ans_step	*a = answers_step(&d->ans, s->id);

	d->nask++;
	if (a == NULL)
		a = answers_step(&d->ans, engine_phase_name(s->phase));
	engine_answer(d->e, a, d->now, wall(d));
}

static void
drv_measure(void *arg, const struct eng_step *s)
{
	struct drv	*d = arg;
	struct reading	 r;

	(void)s;
	d->nmeasure++;
	if (d->battery >= 0) {
		reading_int(&r, RD_OBSERVED, d->battery, "advertisement",
		    wall(d));
		engine_observe(d->e, "battery_percent", &r, d->now, wall(d));
	}
	engine_measured(d->e, d->now, wall(d));
}

static enum ls_err
drv_record(void *arg, const struct eng_step *s, const struct eng_outcome *o,
    struct ls_errbuf *eb)
{
	struct drv	*d = arg;

	if (d->fail_record_at != 0 && d->nrec + 1 == d->fail_record_at)
		return ls_err_set(eb, LS_EIO, "journal: disk full");
	assert_true(d->nrec < 128);
	snprintf(d->recs[d->nrec++], sizeof d->recs[0], "%s %s", s->id,
	    engine_status_name(o->status));
	return LS_OK;
}

static void
drv_notice(void *arg, const char *text)
{
	struct drv	*d = arg;

	if (d->nnotice < 8)
		snprintf(d->notice[d->nnotice], sizeof d->notice[0], "%s",
		    text);
	d->nnotice++;
}

static const struct eng_ops drv_ops = {
	.ask = drv_ask, .measure = drv_measure, .record = drv_record,
	.notice = drv_notice,
};

static size_t	nsteps;
static struct eng_step steps[ENG_MAX_STEPS];

static struct eng_step *
add(const char *id, enum eng_phase ph, enum eng_kind k)
{
	struct eng_step	*s = &steps[nsteps++];

	memset(s, 0, sizeof *s);
	snprintf(s->id, sizeof s->id, "%s", id);
	snprintf(s->title, sizeof s->title, "Step %s", id);
	s->phase = ph;
	s->kind = k;
	return s;
}

/* A profile condition (text NULL: the number). */
static void
cond(struct eng_step *s, enum profile_reading reading, enum profile_op op,
    const char *text, double num, int within)
{
	struct profile_cond	*c = &s->cond[s->ncond++];

	memset(c, 0, sizeof *c);
	c->reading = reading;
	c->op = op;
	c->n_values = 1;
	c->values[0].kind = text != NULL ? RD_TEXT : RD_REAL;
	c->values[0].text = text;
	c->values[0].num = num;
	c->within_s = within;
	c->observed = op == PROFILE_OP_BECOMES;
}

/* The whole canonical procedure of a lock that shows pairing state. */
static void
procedure(void)
{
	struct eng_step	*s;

	nsteps = 0;
	add("intake", ENG_PH_INTAKE, ENG_K_ATTEST);
	add("ownership", ENG_PH_OWNERSHIP, ENG_K_ATTEST);
	s = add("power", ENG_PH_POWER, ENG_K_MEASURE);
	cond(s, PROFILE_RD_BATTERY_PERCENT, PROFILE_OP_AT_LEAST, NULL, 30, 0);
	add("baseline", ENG_PH_BASELINE, ENG_K_MEASURE);
	s = add("reset", ENG_PH_RESET, ENG_K_PHYSICAL);
	s->time_limit_s = 30;
	s = add("verify-reset", ENG_PH_VERIFY_RESET, ENG_K_VERIFY);
	cond(s, PROFILE_RD_PAIRING_STATE, PROFILE_OP_BECOMES,
	    "unpaired", 0, 60);
	add("enroll", ENG_PH_ENROLL, ENG_K_EXTERNAL);
	s = add("verify-enroll", ENG_PH_VERIFY_ENROLL, ENG_K_VERIFY);
	cond(s, PROFILE_RD_PAIRING_STATE, PROFILE_OP_BECOMES, "paired", 0, 120);
	s = add("credentials", ENG_PH_CREDENTIALS, ENG_K_ATTEST);
	add("door-test", ENG_PH_DOOR_TEST, ENG_K_ATTEST);
	add("closeout", ENG_PH_CLOSEOUT, ENG_K_ATTEST);
}

static void
start(struct drv *d, const char *answers)
{
	struct ls_errbuf	eb;

	ls_err_clear(&eb);
	assert_int_equal(answers_parse("a.json", answers, strlen(answers),
	    &d->ans, &eb), LS_OK);
	assert_int_equal(engine_new(steps, nsteps, &drv_ops, d, &d->e, &eb),
	    LS_OK);
}

static void
pairing(struct drv *d, const char *state)
{
	struct reading	r;

	reading_text(&r, RD_OBSERVED, state, "advertisement", wall(d));
	engine_observe(d->e, "pairing_state", &r, d->now, wall(d));
}

static const char *
status(struct drv *d, const char *id)
{
	size_t	i;

	for (i = 0; i < engine_nsteps(d->e); i++)
		if (strcmp(engine_step(d->e, i)->id, id) == 0)
			return engine_status_name(
			    engine_outcome(d->e, i)->status);
	return "?";
}

#define FULL_ANSWERS "{\"technician\":\"T\",\"steps\":{" \
	"\"intake\":{\"result\":\"done\"}," \
	"\"ownership\":{\"result\":\"pass\",\"note\":\"deed\"}," \
	"\"reset\":{\"result\":\"done\"}," \
	"\"enroll\":{\"result\":\"done\"}," \
	"\"credentials\":{\"codes_active\":3}," \
	"\"door-test\":{\"result\":\"pass\"}," \
	"\"closeout\":{\"result\":\"done\"}}}"

/* paired -> setting mode (unpaired) -> paired: every phase passes. */
static void
test_whole_visit(void **state)
{
	struct drv	d = { .battery = 80 };
	const struct eng_outcome *o;
	size_t		i;

	(void)state;
	procedure();
	start(&d, FULL_ANSWERS);
	pairing(&d, "paired");
	engine_start(d.e, d.now, wall(&d));
	/* Runs on to verify-reset and waits there for the radio. */
	assert_string_equal(engine_step(d.e, engine_current(d.e))->id,
	    "verify-reset");
	assert_false(engine_done(d.e));
	assert_int_equal(engine_tick(d.e, d.now, wall(&d)), 60000);
	d.now = 4000;
	pairing(&d, "paired");		/* no change: still waiting */
	assert_string_equal(status(&d, "verify-reset"), "running");
	d.now = 5000;
	pairing(&d, "unpaired");
	assert_string_equal(status(&d, "verify-reset"), "passed");
	assert_int_equal(d.nnotice, 1);
	assert_string_equal(d.notice[0], "pairing_state changed to unpaired "
	    "12:04:36");
	assert_string_equal(engine_step(d.e, engine_current(d.e))->id,
	    "verify-enroll");
	d.now = 20000;
	pairing(&d, "paired");
	assert_true(engine_done(d.e));
	assert_false(engine_failed(d.e));
	for (i = 0; i < nsteps; i++)
		assert_string_equal(engine_status_name(
		    engine_outcome(d.e, i)->status), "passed");
	/* Start and end of every step were recorded, in order. */
	assert_int_equal(d.nrec, 2 * (int)nsteps);
	assert_string_equal(d.recs[0], "intake running");
	assert_string_equal(d.recs[1], "intake passed");
	assert_string_equal(d.recs[2 * nsteps - 1], "closeout passed");
	/* Evidence: the code count, attested; the radio's change. */
	o = engine_outcome(d.e, 8);
	assert_int_equal(o->nevidence, 1);
	assert_string_equal(o->evidence[0].name, "codes_active");
	assert_int_equal(o->evidence[0].r.i, 3);
	assert_int_equal(o->evidence[0].r.prov, RD_ATTESTED);
	o = engine_outcome(d.e, 5);
	assert_string_equal(o->evidence[0].r.text, "unpaired");
	assert_non_null(strstr(o->note, "verified over the radio"));
	assert_int_equal(o->started_us, WALL0);
	assert_int_equal(o->finished_us, WALL0 + 5000000);
	engine_free(d.e);
}

/* A change seen before its verification step still counts, once. */
static void
test_change_before_step(void **state)
{
	struct drv	d = { .battery = 80 };

	(void)state;
	procedure();
	start(&d, FULL_ANSWERS);
	pairing(&d, "paired");
	d.now = 100;
	pairing(&d, "unpaired");
	d.now = 200;
	pairing(&d, "paired");
	engine_start(d.e, d.now, wall(&d));
	/* verify-reset consumed the first change, verify-enroll the next. */
	assert_true(engine_done(d.e));
	assert_false(engine_failed(d.e));
	engine_free(d.e);
}

/* engine_waiting: what the running step waits for, and its countdown. */
static void
test_waiting(void **state)
{
	struct drv	d = { .battery = 80 };
	uint64_t	dl = 1;

	(void)state;
	procedure();
	start(&d, FULL_ANSWERS);
	assert_int_equal(engine_waiting(d.e, &dl), ENG_WAITING_NONE);
	assert_int_equal(dl, 0);
	pairing(&d, "paired");
	engine_start(d.e, d.now, wall(&d));
	d.now = 1000;
	assert_string_equal(engine_step(d.e, engine_current(d.e))->id,
	    "verify-reset");
	assert_int_equal(engine_waiting(d.e, &dl), ENG_WAITING_VERIFY);
	assert_int_equal(dl, 60000);
	assert_int_equal(engine_waiting(d.e, NULL), ENG_WAITING_VERIFY);
	engine_free(d.e);
}

static void
test_verify_times_out(void **state)
{
	struct drv	d = { .battery = 80 };
	const struct eng_outcome *o;

	(void)state;
	procedure();
	start(&d, FULL_ANSWERS);
	pairing(&d, "paired");
	pairing(&d, "paired");
	engine_start(d.e, d.now, wall(&d));
	d.now = 59999;
	assert_int_equal(engine_tick(d.e, d.now, wall(&d)), 60000);
	assert_string_equal(status(&d, "verify-reset"), "running");
	d.now = 60000;
	engine_tick(d.e, d.now, wall(&d));
	assert_string_equal(status(&d, "verify-reset"), "failed");
	o = engine_outcome(d.e, 5);
	assert_string_equal(o->note, "expected pairing_state becomes unpaired "
	    "(observed only); "
	    "saw paired (waited 60 s)");
	/* The visit goes on: enroll runs, verify-enroll waits. */
	assert_string_equal(engine_step(d.e, engine_current(d.e))->id,
	    "verify-enroll");
	d.now = 60000 + 120000;
	engine_tick(d.e, d.now, wall(&d));
	assert_true(engine_done(d.e));
	assert_true(engine_failed(d.e));
	engine_free(d.e);
}

static void
test_ownership_gate(void **state)
{
	struct drv	d = { .battery = 80 };
	const char	*blocked[] = { "reset", "verify-reset", "enroll",
	    "verify-enroll", "credentials", "door-test" };
	size_t		i;

	(void)state;
	procedure();
	start(&d, "{\"technician\":\"T\",\"steps\":{"
	    "\"ownership\":{\"result\":\"fail\"},"
	    "\"reset\":{\"result\":\"done\"}}}");
	pairing(&d, "paired");
	engine_start(d.e, d.now, wall(&d));
	assert_true(engine_done(d.e));
	assert_true(engine_failed(d.e));
	assert_string_equal(status(&d, "ownership"), "failed");
	assert_string_equal(status(&d, "power"), "passed");
	for (i = 0; i < sizeof blocked / sizeof blocked[0]; i++)
		assert_string_equal(status(&d, blocked[i]), "blocked");
	assert_string_equal(engine_outcome(d.e, 4)->note,
	    "blocked: ownership not verified");
	/* Closeout still runs (here unanswered, so skipped). */
	assert_string_equal(status(&d, "closeout"), "skipped");
	engine_free(d.e);
}

static void
test_flat_battery(void **state)
{
	struct drv	d = { .battery = 4 };

	(void)state;
	procedure();
	start(&d, FULL_ANSWERS);
	pairing(&d, "paired");
	engine_start(d.e, d.now, wall(&d));
	assert_true(engine_done(d.e));
	assert_string_equal(status(&d, "power"), "failed");
	assert_string_equal(engine_outcome(d.e, 2)->note,
	    "expected battery_percent at least 30; saw 4");
	assert_int_equal(engine_outcome(d.e, 2)->evidence[0].r.i, 4);
	assert_string_equal(status(&d, "reset"), "blocked");
	assert_string_equal(engine_outcome(d.e, 4)->note,
	    "blocked: power check did not pass");
	engine_free(d.e);
}

/* No battery reading: the technician may attest; without it, skipped. */
static void
test_unmeasurable(void **state)
{
	struct drv	d = { .battery = -1 };

	(void)state;
	procedure();
	start(&d, "{\"technician\":\"T\",\"steps\":{"
	    "\"ownership\":{\"result\":\"pass\"},"
	    "\"power\":{\"result\":\"pass\",\"battery_replaced\":true}}}");
	pairing(&d, "paired");
	engine_start(d.e, d.now, wall(&d));
	assert_string_equal(status(&d, "power"), "passed");
	assert_non_null(strstr(engine_outcome(d.e, 2)->note, "attested"));
	engine_free(d.e);

	start(&d, "{\"technician\":\"T\",\"steps\":{"
	    "\"ownership\":{\"result\":\"pass\"}}}");
	engine_start(d.e, d.now, wall(&d));
	assert_string_equal(status(&d, "power"), "skipped");
	assert_string_equal(status(&d, "reset"), "blocked");
	engine_free(d.e);
}

/* A physical step without an answer is judged by the radio alone. */
static void
test_unanswered_physical(void **state)
{
	struct drv	 d = { .battery = 80 };
	struct eng_step	*s;

	(void)state;
	procedure();
	s = &steps[4];		/* reset: verified by the radio itself */
	cond(s, PROFILE_RD_PAIRING_STATE, PROFILE_OP_BECOMES,
	    "unpaired", 0, 60);
	start(&d, "{\"technician\":\"T\",\"steps\":{"
	    "\"ownership\":{\"result\":\"pass\"}}}");
	pairing(&d, "paired");
	engine_start(d.e, d.now, wall(&d));
	assert_string_equal(status(&d, "reset"), "running");
	d.now = 1000;
	pairing(&d, "unpaired");
	assert_string_equal(status(&d, "reset"), "passed");
	assert_non_null(strstr(engine_outcome(d.e, 4)->note,
	    "no answer given"));
	engine_free(d.e);
}

static void
test_resume(void **state)
{
	struct drv		d = { .battery = 80 };
	struct eng_outcome	o;
	struct ls_errbuf	eb;
	size_t			i;

	(void)state;
	procedure();
	start(&d, FULL_ANSWERS);
	memset(&o, 0, sizeof o);
	o.status = ENG_PASSED;
	for (i = 0; i < 5; i++)
		assert_int_equal(engine_resume(d.e, steps[i].id, &o, &eb),
		    LS_OK);
	ls_err_clear(&eb);
	assert_int_equal(engine_resume(d.e, "nope", &o, &eb), LS_EINPUT);
	o.status = ENG_RUNNING;
	assert_int_equal(engine_resume(d.e, "enroll", &o, &eb), LS_EINPUT);
	/* Killed during verify-reset; the lock is unpaired by now. */
	pairing(&d, "unpaired");
	engine_start(d.e, d.now, wall(&d));
	assert_int_equal(d.nmeasure, 0);
	assert_string_equal(d.recs[0], "verify-reset running");
	assert_string_equal(status(&d, "verify-reset"), "passed");
	d.now = 3000;
	pairing(&d, "paired");
	assert_true(engine_done(d.e));
	assert_false(engine_failed(d.e));
	engine_free(d.e);
}

static void
test_record_failure_stops(void **state)
{
	struct drv		d = { .battery = 80, .fail_record_at = 3 };
	struct ls_errbuf	eb;

	(void)state;
	procedure();
	start(&d, FULL_ANSWERS);
	engine_start(d.e, d.now, wall(&d));
	assert_true(engine_done(d.e));
	assert_true(engine_failed(d.e));
	assert_int_equal(d.nrec, 2);
	ls_err_clear(&eb);
	assert_int_equal(engine_error(d.e, &eb), LS_EIO);
	assert_string_equal(eb.msg, "journal: disk full");
	/* The step whose record failed does not count as done. */
	assert_string_equal(status(&d, "ownership"), "running");
	engine_free(d.e);
}

static void
test_bad_procedures(void **state)
{
	struct drv		 d;
	struct ls_errbuf	 eb;
	struct engine		*e;

	(void)state;
	procedure();
	steps[5].phase = ENG_PH_POWER;		/* power after reset */
	ls_err_clear(&eb);
	assert_int_equal(engine_new(steps, nsteps, &drv_ops, &d, &e, &eb),
	    LS_EINPUT);
	assert_non_null(strstr(eb.msg, "out of the canonical order"));
	assert_null(e);
	ls_err_clear(&eb);
	assert_int_equal(engine_new(steps, 0, &drv_ops, &d, &e, &eb),
	    LS_EINPUT);
}

static void
test_names(void **state)
{
	enum eng_phase	p;

	(void)state;
	assert_true(engine_phase_parse("verify-enroll", &p));
	assert_int_equal(p, ENG_PH_VERIFY_ENROLL);
	assert_false(engine_phase_parse("teardown", &p));
	assert_string_equal(engine_phase_name(ENG_PH_DOOR_TEST), "door-test");
	assert_null(engine_phase_name(ENG_PH_COUNT));
	assert_string_equal(engine_kind_name(ENG_K_EXTERNAL),
	    "external-app");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_visit),
		cmocka_unit_test(test_change_before_step),
		cmocka_unit_test(test_verify_times_out),
		cmocka_unit_test(test_waiting),
		cmocka_unit_test(test_ownership_gate),
		cmocka_unit_test(test_flat_battery),
		cmocka_unit_test(test_unmeasurable),
		cmocka_unit_test(test_unanswered_physical),
		cmocka_unit_test(test_resume),
		cmocka_unit_test(test_record_failure_stops),
		cmocka_unit_test(test_bad_procedures),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
