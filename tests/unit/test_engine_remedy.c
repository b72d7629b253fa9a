/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_engine_remedy.c - unit tests for the visit engine's remedy paths,
 * skips and the battery re-measure (src/visit/engine.c): the choice after
 * the baseline, not-applicable steps, the reason a choice other than the
 * advice needs, skips with a reason and ownership never, new cells that
 * re-open the power gate, the door test outside the power gate, and a
 * stale lock that cannot pass a verification.  A fake driver answers from
 * a table inside ops->ask and chooses the remedy it is told to.
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
	int		 battery;	/* -1: not measurable */
	int		 choose;	/* remedy to choose, -1: wait */
	const char	*reason;
	int		 nchoose, nwaiting, nremedy_rec;
	enum profile_remedy advised;
	unsigned	 supported;
	struct eng_choice rec;
	char		 skip_on_wait[64];	/* skip this step when it
						   waits */
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

	if (a == NULL)
		a = answers_step(&d->ans, engine_phase_name(s->phase));
	if (engine_waiting(d->e, NULL) == ENG_WAITING_POWER &&
	    d->ans.battery_replaced)
		return;		/* the test calls engine_battery_replaced */
	engine_answer(d->e, a, d->now, wall(d));
}

static void
drv_measure(void *arg, const struct eng_step *s)
{
	struct drv	*d = arg;
	struct reading	 r;

	(void)s;
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
	(void)arg;
	(void)s;
	(void)o;
	(void)eb;
	return LS_OK;
}

static void
drv_choose(void *arg, enum profile_remedy advised, unsigned supported)
{
	struct drv		*d = arg;
	struct ls_errbuf	 eb;

	d->nchoose++;
	d->advised = advised;
	d->supported = supported;
	if (d->choose < 0)
		return;
	ls_err_clear(&eb);
	assert_int_equal(engine_choose_remedy(d->e,
	    (enum profile_remedy)d->choose, d->reason, d->now, wall(d), &eb),
	    LS_OK);
}

static enum ls_err
drv_record_remedy(void *arg, const struct eng_choice *c, struct ls_errbuf *eb)
{
	struct drv	*d = arg;

	(void)eb;
	d->nremedy_rec++;
	d->rec = *c;
	return LS_OK;
}

static void
drv_waiting(void *arg, const struct eng_step *s)
{
	struct drv		*d = arg;
	struct ls_errbuf	 eb;

	d->nwaiting++;
	if (strcmp(s->id, d->skip_on_wait) == 0) {
		ls_err_clear(&eb);
		assert_int_equal(engine_skip(d->e, "seen on the lock's display",
		    d->now, wall(d), &eb), LS_OK);
	}
}

static const struct eng_ops drv_ops = {
	.ask = drv_ask,
	.measure = drv_measure,
	.record = drv_record,
	.choose_remedy = drv_choose,
	.record_remedy = drv_record_remedy,
	.waiting = drv_waiting,
};

static size_t		nsteps;
static struct eng_step	steps[ENG_MAX_STEPS];

static struct eng_step *
add(const char *id, enum eng_phase ph, enum eng_kind k, unsigned remedies)
{
	struct eng_step	*s = &steps[nsteps++];

	memset(s, 0, sizeof *s);
	snprintf(s->id, sizeof s->id, "%s", id);
	snprintf(s->title, sizeof s->title, "Step %s", id);
	s->phase = ph;
	s->kind = k;
	s->remedies = remedies;
	return s;
}

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

#define RM(r)	PROFILE_RM_BIT(PROFILE_RM_ ## r)

/* The canonical procedure with its steps on remedy paths, as plan.c
   maps a profile's (profile_step_remedies). */
static void
procedure(void)
{
	struct eng_step	*s;

	nsteps = 0;
	add("intake", ENG_PH_INTAKE, ENG_K_ATTEST, 0);
	add("ownership", ENG_PH_OWNERSHIP, ENG_K_ATTEST, 0);
	s = add("power", ENG_PH_POWER, ENG_K_MEASURE, 0);
	cond(s, PROFILE_RD_BATTERY_PERCENT, PROFILE_OP_AT_LEAST, NULL, 30, 0);
	add("baseline", ENG_PH_BASELINE, ENG_K_MEASURE, 0);
	add("reset", ENG_PH_RESET, ENG_K_PHYSICAL, RM(FACTORY_RESET));
	s = add("verify-reset", ENG_PH_VERIFY_RESET, ENG_K_VERIFY,
	    RM(FACTORY_RESET));
	cond(s, PROFILE_RD_PAIRING_STATE, PROFILE_OP_BECOMES,
	    "unpaired", 0, 60);
	add("enroll", ENG_PH_ENROLL, ENG_K_EXTERNAL, RM(RE_ENROLL) |
	    RM(FACTORY_RESET));
	add("clock-set", ENG_PH_CREDENTIALS, ENG_K_EXTERNAL, RM(CLOCK));
	add("credentials", ENG_PH_CREDENTIALS, ENG_K_ATTEST,
	    RM(CREDENTIALS) | RM(RE_ENROLL) | RM(FACTORY_RESET));
	add("door-test", ENG_PH_DOOR_TEST, ENG_K_ATTEST, 0);
	add("closeout", ENG_PH_CLOSEOUT, ENG_K_ATTEST, 0);
}

#define ANSWERS "{\"technician\":\"T\",\"steps\":{" \
	"\"intake\":{\"result\":\"done\"}," \
	"\"ownership\":{\"result\":\"pass\",\"note\":\"deed\"}," \
	"\"reset\":{\"result\":\"done\"}," \
	"\"enroll\":{\"result\":\"done\"}," \
	"\"clock-set\":{\"result\":\"done\"}," \
	"\"credentials\":{\"codes_active\":3}," \
	"\"door-test\":{\"result\":\"pass\"}," \
	"\"closeout\":{\"result\":\"done\"}}}"

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

static void
battery(struct drv *d, int pct)
{
	struct reading	r;

	reading_int(&r, RD_OBSERVED, pct, "advertisement", wall(d));
	engine_observe(d->e, "battery_percent", &r, d->now, wall(d));
}

static const struct eng_outcome *
out(struct drv *d, const char *id)
{
	size_t	i;

	for (i = 0; i < engine_nsteps(d->e); i++)
		if (strcmp(engine_step(d->e, i)->id, id) == 0)
			return engine_outcome(d->e, i);
	fail_msg("no step %s", id);
	return NULL;
}

static const char *
status(struct drv *d, const char *id)
{
	return engine_status_name(out(d, id)->status);
}

static const struct reading *
evidence(const struct eng_outcome *o, const char *name)
{
	size_t	i;

	for (i = 0; i < o->nevidence; i++)
		if (strcmp(o->evidence[i].name, name) == 0)
			return &o->evidence[i].r;
	return NULL;
}

/* The clock path: reset and enroll not applicable, the visit clean. */
static void
test_clock_path(void **state)
{
	struct drv	d = { .battery = 80, .choose = PROFILE_RM_CLOCK };

	(void)state;
	procedure();
	start(&d, ANSWERS);
	engine_advise(d.e, PROFILE_RM_CLOCK);
	pairing(&d, "paired");
	engine_start(d.e, d.now, wall(&d));
	assert_true(engine_done(d.e));
	assert_false(engine_failed(d.e));
	assert_int_equal(d.nchoose, 1);
	assert_int_equal(d.advised, PROFILE_RM_CLOCK);
	assert_int_equal(d.nremedy_rec, 1);
	assert_int_equal(d.rec.remedy, PROFILE_RM_CLOCK);
	assert_int_equal(d.rec.by, ENG_BY_TRIAGE);
	assert_string_equal(d.rec.reason, "");
	assert_non_null(engine_remedy(d.e));
	assert_string_equal(status(&d, "reset"), "skipped");
	assert_int_equal(out(&d, "reset")->skip, ENG_SKIP_NOT_APPLICABLE);
	assert_string_equal(out(&d, "reset")->note,
	    "not applicable: remedy clock");
	assert_int_equal(out(&d, "verify-reset")->skip,
	    ENG_SKIP_NOT_APPLICABLE);
	assert_int_equal(out(&d, "enroll")->skip, ENG_SKIP_NOT_APPLICABLE);
	assert_int_equal(out(&d, "credentials")->skip,
	    ENG_SKIP_NOT_APPLICABLE);
	assert_string_equal(status(&d, "clock-set"), "passed");
	assert_string_equal(status(&d, "door-test"), "passed");
	assert_string_equal(status(&d, "closeout"), "passed");
	engine_free(d.e);
}

/* Diagnose-only needs a reason when the triage advised otherwise. */
static void
test_reason_required(void **state)
{
	struct drv		d = { .battery = 80, .choose = -1 };
	struct ls_errbuf	eb;

	(void)state;
	procedure();
	start(&d, ANSWERS);
	engine_set_remedies(d.e, RM(CLOCK) | RM(FACTORY_RESET));
	engine_advise(d.e, PROFILE_RM_CLOCK);
	pairing(&d, "paired");
	ls_err_clear(&eb);
	assert_int_equal(engine_choose_remedy(d.e, PROFILE_RM_CLOCK, NULL,
	    0, 0, &eb), LS_OK);		/* before start: a resume */
	engine_free(d.e);

	start(&d, ANSWERS);
	engine_set_remedies(d.e, RM(CLOCK) | RM(FACTORY_RESET));
	engine_advise(d.e, PROFILE_RM_CLOCK);
	engine_start(d.e, d.now, wall(&d));
	assert_int_equal(engine_waiting(d.e, NULL), ENG_WAITING_REMEDY);
	assert_int_equal(d.supported, RM(CLOCK) | RM(FACTORY_RESET) |
	    RM(DIAGNOSE_ONLY));
	assert_string_equal(status(&d, "baseline"), "passed");
	assert_string_equal(status(&d, "reset"), "pending");
	ls_err_clear(&eb);
	assert_int_equal(engine_choose_remedy(d.e, PROFILE_RM_DIAGNOSE_ONLY,
	    "", d.now, wall(&d), &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "give a reason"));
	ls_err_clear(&eb);
	assert_int_equal(engine_choose_remedy(d.e, PROFILE_RM_BATTERY,
	    "why not", d.now, wall(&d), &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "not one this lock's vendor"));
	assert_int_equal(engine_waiting(d.e, NULL), ENG_WAITING_REMEDY);
	assert_int_equal(d.nremedy_rec, 0);
	ls_err_clear(&eb);
	assert_int_equal(engine_choose_remedy(d.e, PROFILE_RM_DIAGNOSE_ONLY,
	    "owner wants a quote first", d.now, wall(&d), &eb), LS_OK);
	assert_int_equal(d.rec.by, ENG_BY_TECHNICIAN);
	assert_int_equal(d.rec.advised, PROFILE_RM_CLOCK);
	assert_string_equal(d.rec.reason, "owner wants a quote first");
	assert_true(engine_done(d.e));
	assert_false(engine_failed(d.e));
	assert_int_equal(out(&d, "clock-set")->skip, ENG_SKIP_NOT_APPLICABLE);
	ls_err_clear(&eb);
	assert_int_equal(engine_choose_remedy(d.e, PROFILE_RM_CLOCK, NULL,
	    d.now, wall(&d), &eb), LS_EINPUT);	/* made already */
	engine_free(d.e);
}

/* Skips: with a reason; never ownership; an unanswered step is not
   attested. */
static void
test_skip(void **state)
{
	struct drv		d = { .battery = 80,
				    .choose = PROFILE_RM_FACTORY_RESET,
				    .reason = "owner asked" };
	struct ls_errbuf	eb;

	(void)state;
	procedure();
	start(&d, "{\"technician\":\"T\",\"steps\":{"
	    "\"intake\":{\"result\":\"done\"},"
	    "\"reset\":{\"result\":\"done\"}}}");
	pairing(&d, "paired");
	snprintf(d.skip_on_wait, sizeof d.skip_on_wait, "verify-reset");
	engine_start(d.e, d.now, wall(&d));
	/* ownership: answered NULL by the table (not in it): not attested,
	   so the gate blocks the reset. */
	assert_string_equal(status(&d, "ownership"), "skipped");
	assert_int_equal(out(&d, "ownership")->skip, ENG_SKIP_NOT_ATTESTED);
	assert_string_equal(status(&d, "reset"), "blocked");
	engine_free(d.e);

	/* Now with ownership passed: verify-reset is skipped on the wait. */
	start(&d, ANSWERS);
	pairing(&d, "paired");
	engine_start(d.e, d.now, wall(&d));
	assert_string_equal(status(&d, "verify-reset"), "skipped");
	assert_int_equal(out(&d, "verify-reset")->skip, ENG_SKIP_TECHNICIAN);
	assert_string_equal(out(&d, "verify-reset")->note,
	    "seen on the lock's display");
	assert_true(d.nwaiting >= 1);
	assert_true(engine_done(d.e));
	assert_false(engine_failed(d.e));
	engine_free(d.e);

	/* A hand-driven run: ownership is never skipped; a skip needs a
	   reason. */
	d.skip_on_wait[0] = '\0';
	nsteps = 2;
	add("power", ENG_PH_POWER, ENG_K_ATTEST, 0);
	{
		static const struct eng_ops manual = {
			.record = drv_record
		};
		struct engine	*e;

		ls_err_clear(&eb);
		assert_int_equal(engine_new(steps, nsteps, &manual, &d, &e,
		    &eb), LS_OK);
		assert_int_equal(engine_skip(e, "x", 0, WALL0, &eb),
		    LS_EINPUT);		/* not started */
		engine_start(e, 0, WALL0);
		ls_err_clear(&eb);
		assert_int_equal(engine_skip(e, "", 0, WALL0, &eb),
		    LS_EINPUT);
		assert_non_null(strstr(eb.msg, "needs a reason"));
		engine_answer(e, NULL, 0, WALL0);	/* intake */
		ls_err_clear(&eb);
		assert_int_equal(engine_skip(e, "no time", 0, WALL0, &eb),
		    LS_EINPUT);
		assert_non_null(strstr(eb.msg, "ownership is never skipped"));
		assert_int_equal(engine_current(e), 1);
		engine_free(e);
	}
}

/* 5 %: the power check waits; new cells at 90 % re-open the gate. */
static void
test_battery_replaced(void **state)
{
	struct drv		 d = { .battery = 5,
				     .choose = PROFILE_RM_BATTERY };
	struct ls_errbuf	 eb;
	const struct eng_outcome *o;
	const struct reading	*r;
	uint64_t		 dl;

	(void)state;
	procedure();
	start(&d, ANSWERS);
	engine_advise(d.e, PROFILE_RM_BATTERY);
	d.ans.battery_replaced = true;
	pairing(&d, "paired");
	engine_start(d.e, d.now, wall(&d));
	assert_int_equal(engine_waiting(d.e, NULL), ENG_WAITING_POWER);
	assert_string_equal(status(&d, "power"), "running");
	ls_err_clear(&eb);
	assert_int_equal(engine_battery_replaced(d.e, d.now, wall(&d), &eb),
	    LS_OK);
	assert_int_equal(engine_waiting(d.e, &dl), ENG_WAITING_BATTERY);
	assert_int_equal(dl, 300000);
	ls_err_clear(&eb);
	assert_int_equal(engine_battery_replaced(d.e, d.now, wall(&d), &eb),
	    LS_EINPUT);
	/* The old cells still advertise 5 %: not yet. */
	d.now = 1000;
	battery(&d, 5);
	assert_int_equal(engine_waiting(d.e, NULL), ENG_WAITING_BATTERY);
	/* A stale lock proves nothing. */
	engine_set_stale(d.e, true);
	d.now = 2000;
	battery(&d, 90);
	assert_int_equal(engine_waiting(d.e, NULL), ENG_WAITING_BATTERY);
	engine_set_stale(d.e, false);
	d.now = 3000;
	battery(&d, 90);
	o = out(&d, "power");
	assert_string_equal(status(&d, "power"), "passed");
	assert_string_equal(o->note, "battery replaced: 5 before, 90 after");
	assert_non_null(r = evidence(o, "battery_percent_before"));
	assert_int_equal(r->i, 5);
	assert_non_null(r = evidence(o, "battery_percent"));
	assert_int_equal(r->i, 90);
	assert_non_null(r = evidence(o, "battery_replaced"));
	assert_true(r->b);
	assert_int_equal(r->prov, RD_ATTESTED);
	/* On the battery path: no reset, the door test passes. */
	assert_true(engine_done(d.e));
	assert_false(engine_failed(d.e));
	assert_int_equal(out(&d, "reset")->skip, ENG_SKIP_NOT_APPLICABLE);
	assert_string_equal(status(&d, "door-test"), "passed");
	engine_free(d.e);
}

/* New cells that still read low: the window runs out, power failed; the
   door test still runs (it needs no electronics), the reset is blocked. */
static void
test_battery_still_low(void **state)
{
	struct drv		d = { .battery = 5,
				    .choose = PROFILE_RM_FACTORY_RESET,
				    .reason = "owner asked" };
	struct ls_errbuf	eb;

	(void)state;
	procedure();
	start(&d, ANSWERS);
	d.ans.battery_replaced = true;
	engine_start(d.e, d.now, wall(&d));
	ls_err_clear(&eb);
	assert_int_equal(engine_battery_replaced(d.e, d.now, wall(&d), &eb),
	    LS_OK);
	d.now = 10000;
	battery(&d, 12);
	assert_int_equal(engine_tick(d.e, d.now, wall(&d)), 300000);
	d.now = 300000;
	engine_tick(d.e, d.now, wall(&d));
	assert_string_equal(status(&d, "power"), "failed");
	assert_non_null(strstr(out(&d, "power")->note, "battery replaced, "
	    "but no fresh reading passes"));
	assert_string_equal(status(&d, "reset"), "blocked");
	assert_string_equal(status(&d, "door-test"), "passed");
	assert_true(engine_failed(d.e));
	engine_free(d.e);
}

/* A stale lock cannot pass a verification; its window still runs out. */
static void
test_stale(void **state)
{
	struct drv	d = { .battery = 80,
			    .choose = PROFILE_RM_FACTORY_RESET,
			    .reason = "owner asked" };

	(void)state;
	procedure();
	start(&d, ANSWERS);
	pairing(&d, "paired");
	engine_start(d.e, d.now, wall(&d));
	assert_string_equal(status(&d, "verify-reset"), "running");
	engine_set_stale(d.e, true);
	assert_true(engine_stale(d.e));
	d.now = 1000;
	pairing(&d, "unpaired");
	assert_string_equal(status(&d, "verify-reset"), "running");
	d.now = 60000;
	engine_tick(d.e, d.now, wall(&d));
	assert_string_equal(status(&d, "verify-reset"), "failed");
	assert_non_null(strstr(out(&d, "verify-reset")->note, "silent"));
	engine_free(d.e);

	/* Heard again: what it said is judged then, not before. */
	start(&d, ANSWERS);
	pairing(&d, "paired");
	engine_start(d.e, d.now = 0, wall(&d));
	engine_set_stale(d.e, true);
	d.now = 1000;
	pairing(&d, "unpaired");
	assert_string_equal(status(&d, "verify-reset"), "running");
	engine_set_stale(d.e, false);
	d.now = 2000;
	pairing(&d, "unpaired");
	assert_string_equal(status(&d, "verify-reset"), "passed");
	engine_free(d.e);
}

static void
test_names(void **state)
{
	enum eng_skip		k;
	enum eng_chooser	c;
	enum profile_remedy	r;

	(void)state;
	assert_string_equal(engine_skip_name(ENG_SKIP_NOT_APPLICABLE),
	    "not-applicable");
	assert_null(engine_skip_name(ENG_SKIP_NONE));
	assert_true(engine_skip_parse("not-attested", &k));
	assert_int_equal(k, ENG_SKIP_NOT_ATTESTED);
	assert_false(engine_skip_parse("bored", &k));
	assert_string_equal(engine_chooser_name(ENG_BY_TRIAGE),
	    "triage-accepted");
	assert_true(engine_chooser_parse("technician", &c));
	assert_int_equal(c, ENG_BY_TECHNICIAN);
	assert_true(profile_remedy_from_name("re-enroll", &r));
	assert_int_equal(r, PROFILE_RM_RE_ENROLL);
	assert_false(profile_remedy_from_name("reboot", &r));
	assert_string_equal(profile_remedy_name(PROFILE_RM_FACTORY_RESET),
	    "factory-reset");
	assert_null(profile_remedy_name(PROFILE_RM_COUNT));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clock_path),
		cmocka_unit_test(test_reason_required),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_battery_replaced),
		cmocka_unit_test(test_battery_still_low),
		cmocka_unit_test(test_stale),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
