/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine.c - the visit engine (see engine.h for the contract).
 *
 * One step runs at a time.  run() starts it and either finishes it at once
 * or leaves it waiting for an answer, a measurement or a condition; the
 * entry points that end a wait call finish(), which records the end and
 * runs the next step.  Drivers may answer from inside ops->ask (batch
 * mode), so these calls nest at most one level per step.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "visit/engine.h"

enum eng_wait {
	ENG_W_NONE,
	ENG_W_ANSWER,
	ENG_W_MEASURE,
	ENG_W_VERIFY,
	ENG_W_REMEDY,
	ENG_W_POWER,
	ENG_W_BATTERY
};

struct eng_change {
	uint64_t	ms;
	struct reading	r;
};

struct eng_read {
	char			name[ENG_NAME_MAX];
	struct reading		cur;
	size_t			nhist;
	size_t			consumed;	/* first change "becomes"
						   may use */
	bool			judged;		/* a "becomes" on it
						   has ended */
	struct eng_change	hist[ENG_MAX_HIST];
};

struct engine {
	const struct eng_ops	*ops;
	void			*arg;
	size_t			 nsteps;
	struct eng_step		 steps[ENG_MAX_STEPS];
	struct eng_outcome	 out[ENG_MAX_STEPS];
	size_t			 cur;		/* running step or nsteps */
	enum eng_wait		 wait;
	uint64_t		 deadline_ms;	/* of the wait, 0 = none */
	uint64_t		 limit_ms;	/* time limit notice,
						   0 = none */
	bool			 unanswered;	/* verify after a
						   missing answer */
	bool			 stopped;
	bool			 stale;		/* the lock is silent */
	bool			 waiting_told;	/* ops->waiting called */
	unsigned		 supported;	/* remedies */
	enum profile_remedy	 advised;
	bool			 chosen;
	bool			 started;
	struct eng_choice	 choice;
	char			 power_why[400];	/* failed power check */
	uint64_t		 batt_since_us;	/* cells replaced at */
	struct eng_read		 batt_before[2];	/* percent, volts */
	struct ls_errbuf	 err;
	size_t			 nread;
	struct eng_read		 reads[ENG_MAX_READ];
};

static const char *const eng_phase_names[ENG_PH_COUNT] = {
	"intake", "ownership", "power", "baseline", "reset", "verify-reset",
	"enroll", "verify-enroll", "credentials", "door-test", "closeout"
};

static const char *const eng_status_names[] = {
	"pending", "running", "passed", "failed", "skipped", "blocked"
};

static const char *const eng_kind_names[] = {
	"attest", "physical", "external-app", "measure", "verify"
};

static const char *const eng_skip_names[] = {
	NULL, "technician", "not-applicable", "not-attested"
};

static const char *const eng_chooser_names[] = {
	"triage-accepted", "technician"
};

static void	eng_run(struct engine *, uint64_t, uint64_t);
static bool	eng_battery_name(const struct engine *, const char *);
static void	eng_battery_judge(struct engine *, bool, uint64_t, uint64_t);

const char *
engine_phase_name(enum eng_phase p)
{
	return (unsigned)p < ENG_PH_COUNT ? eng_phase_names[p] : NULL;
}

bool
engine_phase_parse(const char *s, enum eng_phase *out)
{
	size_t	i;

	for (i = 0; i < ENG_PH_COUNT; i++)
		if (strcmp(s, eng_phase_names[i]) == 0) {
			*out = (enum eng_phase)i;
			return true;
		}
	return false;
}

const char *
engine_status_name(enum eng_status s)
{
	return (unsigned)s <= ENG_BLOCKED ? eng_status_names[s] : NULL;
}

const char *
engine_kind_name(enum eng_kind k)
{
	return (unsigned)k <= ENG_K_VERIFY ? eng_kind_names[k] : NULL;
}

const char *
engine_skip_name(enum eng_skip k)
{
	return (unsigned)k <= ENG_SKIP_NOT_ATTESTED ? eng_skip_names[k] :
	    NULL;
}

bool
engine_skip_parse(const char *s, enum eng_skip *out)
{
	size_t	i;

	for (i = 1; i <= ENG_SKIP_NOT_ATTESTED; i++)
		if (strcmp(s, eng_skip_names[i]) == 0) {
			*out = (enum eng_skip)i;
			return true;
		}
	return false;
}

const char *
engine_chooser_name(enum eng_chooser c)
{
	return (unsigned)c <= ENG_BY_TECHNICIAN ? eng_chooser_names[c] : NULL;
}

bool
engine_chooser_parse(const char *s, enum eng_chooser *out)
{
	size_t	i;

	for (i = 0; i <= ENG_BY_TECHNICIAN; i++)
		if (strcmp(s, eng_chooser_names[i]) == 0) {
			*out = (enum eng_chooser)i;
			return true;
		}
	return false;
}

/*
 * Phases that need ownership first (lockscope-visit(1), Gates): the
 * reset, enroll and credentials phases and the door test.
 */
static bool
eng_gated(enum eng_phase p)
{
	return p >= ENG_PH_RESET && p <= ENG_PH_DOOR_TEST;
}

/* ... and those that need power too: the door test with the key and the
   closeout need no electronics. */
static bool
eng_power_gated(enum eng_phase p)
{
	return p >= ENG_PH_RESET && p <= ENG_PH_CREDENTIALS;
}

enum ls_err
engine_new(const struct eng_step *steps, size_t n, const struct eng_ops *ops,
    void *arg, struct engine **out, struct ls_errbuf *eb)
{
	struct engine	*e;
	size_t		 i;

	*out = NULL;
	if (n == 0 || n > ENG_MAX_STEPS)
		return ls_err_set(eb, LS_EINPUT, "a procedure has 1 to %d "
		    "steps, not %zu", ENG_MAX_STEPS, n);
	for (i = 0; i < n; i++) {
		if ((unsigned)steps[i].phase >= ENG_PH_COUNT ||
		    steps[i].ncond > ENG_MAX_COND ||
		    (unsigned)steps[i].kind > ENG_K_VERIFY)
			return ls_err_set(eb, LS_EINPUT, "step '%s': bad "
			    "phase, kind or conditions", steps[i].id);
		if (i > 0 && steps[i].phase < steps[i - 1].phase)
			return ls_err_set(eb, LS_EINPUT, "step '%s': phase "
			    "%s after %s is out of the canonical order",
			    steps[i].id, eng_phase_names[steps[i].phase],
			    eng_phase_names[steps[i - 1].phase]);
	}
	if ((e = calloc(1, sizeof *e)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	e->ops = ops;
	e->arg = arg;
	e->nsteps = n;
	memcpy(e->steps, steps, n * sizeof *steps);
	e->cur = n;
	e->supported = PROFILE_RM_ALL;
	e->advised = PROFILE_RM_DIAGNOSE_ONLY;
	*out = e;
	return LS_OK;
}

void
engine_free(struct engine *e)
{
	free(e);
}

static size_t
eng_find(const struct engine *e, const char *id)
{
	size_t	i;

	for (i = 0; i < e->nsteps; i++)
		if (strcmp(e->steps[i].id, id) == 0)
			return i;
	return e->nsteps;
}

enum ls_err
engine_resume(struct engine *e, const char *id, const struct eng_outcome *o,
    struct ls_errbuf *eb)
{
	size_t	i = eng_find(e, id);

	if (i == e->nsteps)
		return ls_err_set(eb, LS_EINPUT, "step '%s' is not in this "
		    "procedure", id);
	if (o->status < ENG_PASSED)
		return ls_err_set(eb, LS_EINPUT, "step '%s' did not finish",
		    id);
	e->out[i] = *o;
	return LS_OK;
}

/* Readings */

static struct eng_read *
eng_read_get(struct engine *e, const char *name, bool create)
{
	size_t	i;

	for (i = 0; i < e->nread; i++)
		if (strcmp(e->reads[i].name, name) == 0)
			return &e->reads[i];
	if (!create || e->nread == ENG_MAX_READ)
		return NULL;
	snprintf(e->reads[e->nread].name, ENG_NAME_MAX, "%s", name);
	return &e->reads[e->nread++];
}

const struct reading *
engine_reading(const struct engine *e, const char *name)
{
	size_t	i;

	for (i = 0; i < e->nread; i++)
		if (strcmp(e->reads[i].name, name) == 0)
			return reading_has_value(&e->reads[i].cur) ?
			    &e->reads[i].cur : NULL;
	return NULL;
}

static bool
eng_same(const struct reading *a, const struct reading *b)
{
	if (reading_has_value(a) != reading_has_value(b))
		return false;
	if (!reading_has_value(a))
		return true;
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case RD_INT:
		return a->i == b->i;
	case RD_REAL:
		return a->d == b->d;
	case RD_BOOL:
		return a->b == b->b;
	case RD_TEXT:
		return strcmp(a->text, b->text) == 0;
	default:
		return true;
	}
}

static void
eng_value_str(const struct reading *r, char *buf, size_t len)
{
	if (!reading_has_value(r)) {
		snprintf(buf, len, "%s", r->prov == RD_UNAVAILABLE ?
		    "unavailable" : "not seen");
		return;
	}
	switch (r->kind) {
	case RD_INT:
		snprintf(buf, len, "%" PRId64, r->i);
		break;
	case RD_REAL:
		snprintf(buf, len, "%.2f", r->d);
		break;
	case RD_BOOL:
		snprintf(buf, len, "%s", r->b ? "true" : "false");
		break;
	default:
		snprintf(buf, len, "%s", r->text);
		break;
	}
}

static void
eng_clock(uint64_t wall_us, char *buf, size_t len)
{
	char	iso[32];

	reading_time_iso(wall_us, iso, sizeof iso);
	/* "2026-11-23T12:04:31Z" -> "12:04:31" */
	snprintf(buf, len, "%.8s", strlen(iso) >= 19 ? iso + 11 : "?");
}

static bool
eng_watched(const struct engine *e, const char *name)
{
	const struct eng_step	*s;
	size_t			 i;

	if (e->cur >= e->nsteps || e->wait != ENG_W_VERIFY)
		return false;
	s = &e->steps[e->cur];
	for (i = 0; i < s->ncond; i++)
		if (strcmp(profile_reading_name(s->cond[i].reading), name) ==
		    0)
			return true;
	return false;
}

/* Condition judgement */

enum eng_verdict {
	ENG_MET,
	ENG_NOT_YET,
	ENG_FAILS
};

/*
 * Judge c now.  final: no more waiting (a measure, or the window ran
 * out).  On ENG_MET with "becomes", the change is consumed (commit).
 */
static enum eng_verdict
eng_judge(struct engine *e, const struct profile_cond *c, bool final,
    bool commit, char *why, size_t len)
{
	static const struct reading none;
	const char	*name = profile_reading_name(c->reading);
	struct eng_read	*rd = eng_read_get(e, name, false);
	struct profile_cond eq;
	char		 val[RD_TEXT_MAX + 16], what[200];
	size_t		 j;

	why[0] = '\0';
	if (c->op == PROFILE_OP_BECOMES && rd != NULL) {
		for (j = rd->consumed > 0 ? rd->consumed : 1; j < rd->nhist;
		    j++)
			if (profile_cond_eval(c, &rd->hist[j - 1].r,
			    &rd->hist[j].r, 0) == PROFILE_MET) {
				if (commit)
					rd->consumed = j + 1;
				return ENG_MET;
			}
		eq = *c;
		eq.op = PROFILE_OP_EQUALS;
		if (!rd->judged && rd->nhist == 1 && profile_cond_eval(&eq,
		    NULL, &rd->hist[0].r, 0) == PROFILE_MET) {
			if (commit)
				rd->consumed = 1;
			return ENG_MET;
		}
	} else if (c->op != PROFILE_OP_BECOMES && profile_cond_eval(c, NULL,
	    rd != NULL ? &rd->cur : &none, 0) == PROFILE_MET)
		return ENG_MET;
	eq = *c;
	eq.within_s = 0;
	profile_cond_str(&eq, what, sizeof what);
	eng_value_str(rd != NULL ? &rd->cur : &none, val, sizeof val);
	snprintf(why, len, "expected %s; saw %s", what, val);
	return final ? ENG_FAILS : ENG_NOT_YET;
}

static void
eng_evidence_add(struct eng_outcome *o, const char *name,
    const struct reading *r)
{
	size_t	i;

	for (i = 0; i < o->nevidence; i++)
		if (strcmp(o->evidence[i].name, name) == 0) {
			o->evidence[i].r = *r;
			return;
		}
	if (o->nevidence == ENG_MAX_EVID)
		return;
	snprintf(o->evidence[o->nevidence].name, ENG_NAME_MAX, "%s", name);
	o->evidence[o->nevidence++].r = *r;
}

/* Evidence: the readings the step's conditions name, else all of them. */
static void
eng_evidence(struct engine *e, struct eng_outcome *o)
{
	const struct eng_step	*s = &e->steps[e->cur];
	struct eng_read		*rd;
	size_t			 i;

	for (i = 0; i < s->ncond; i++)
		if ((rd = eng_read_get(e, profile_reading_name(
		    s->cond[i].reading), false)) != NULL)
			eng_evidence_add(o, rd->name, &rd->cur);
	if (s->ncond == 0 && s->kind == ENG_K_MEASURE)
		for (i = 0; i < e->nread; i++)
			eng_evidence_add(o, e->reads[i].name,
			    &e->reads[i].cur);
}

/* Step transitions */

static bool
eng_record(struct engine *e, size_t i)
{
	if (e->stopped)
		return false;
	if (e->ops->record != NULL && e->ops->record(e->arg, &e->steps[i],
	    &e->out[i], &e->err) != LS_OK) {
		if (e->err.code == LS_OK)
			ls_err_set(&e->err, LS_EIO, "step '%s' could not be "
			    "recorded", e->steps[i].id);
		e->stopped = true;
		return false;
	}
	return true;
}

static void
eng_finish(struct engine *e, enum eng_status st, const char *note,
    uint64_t now_ms, uint64_t wall_us)
{
	struct eng_outcome	*o = &e->out[e->cur];
	size_t			 n;

	o->status = st;
	o->finished_us = wall_us;
	if (note != NULL && note[0] != '\0') {
		n = strlen(o->note);
		snprintf(o->note + n, sizeof o->note - n, "%s%s",
		    n > 0 ? "; " : "", note);
	}
	e->wait = ENG_W_NONE;
	e->deadline_ms = e->limit_ms = 0;
	e->unanswered = false;
	e->waiting_told = false;
	if (!eng_record(e, e->cur))
		return;
	e->cur++;
	eng_run(e, now_ms, wall_us);
}

/* Judge every condition of the running step. */
static enum eng_verdict
eng_judge_step(struct engine *e, bool final, bool commit, char *why,
    size_t len)
{
	const struct eng_step	*s = &e->steps[e->cur];
	enum eng_verdict	 v, worst = ENG_MET;
	char			 w[400];
	size_t			 i;

	why[0] = '\0';
	for (i = 0; i < s->ncond; i++) {
		v = eng_judge(e, &s->cond[i], final, false, w, sizeof w);
		if (v != ENG_MET && worst == ENG_MET) {
			snprintf(why, len, "%s", w);
			worst = v;
		}
		if (v == ENG_FAILS) {
			snprintf(why, len, "%s", w);
			worst = v;
			break;
		}
	}
	if (worst == ENG_MET && commit)	/* consume the changes now,
					   all at once */
		for (i = 0; i < s->ncond; i++)
			eng_judge(e, &s->cond[i], final, true, w, sizeof w);
	return worst;
}

/* Was any of the evidence seen on the radio (not attested)? */
static bool
eng_radio_evidence(const struct eng_outcome *o)
{
	size_t	i;

	for (i = 0; i < o->nevidence; i++)
		if (o->evidence[i].r.prov == RD_OBSERVED)
			return true;
	return false;
}

/* The running step's "becomes" readings have had their turn. */
static void
eng_judged(struct engine *e)
{
	const struct eng_step	*s = &e->steps[e->cur];
	struct eng_read		*rd;
	size_t			 i;

	for (i = 0; i < s->ncond; i++)
		if (s->cond[i].op == PROFILE_OP_BECOMES &&
		    (rd = eng_read_get(e, profile_reading_name(
		    s->cond[i].reading), false)) != NULL)
			rd->judged = true;
}

static unsigned
eng_window_s(const struct eng_step *s)
{
	unsigned	w = 0;
	size_t		i;

	for (i = 0; i < s->ncond; i++)
		if (s->cond[i].within_s > 0 &&
		    (unsigned)s->cond[i].within_s > w)
			w = (unsigned)s->cond[i].within_s;
	if (w == 0)
		w = s->time_limit_s;
	return w;
}

static void
eng_verify(struct engine *e, uint64_t now_ms, uint64_t wall_us)
{
	struct eng_outcome	*o = &e->out[e->cur];
	char			 why[400], note[ENG_NOTE_MAX], hhmmss[16];
	enum eng_verdict	 v;
	unsigned		 w;

	w = eng_window_s(&e->steps[e->cur]);
	if (e->wait != ENG_W_VERIFY) {
		e->wait = ENG_W_VERIFY;
		e->deadline_ms = w > 0 ? now_ms + (uint64_t)w * 1000 : 0;
	}
	/* A silent lock's changes stay for when it is heard again. */
	v = eng_judge_step(e, e->deadline_ms == 0 ||
	    now_ms >= e->deadline_ms, !e->stale, why, sizeof why);
	if (v == ENG_MET && e->stale) {
		/* Nothing heard lately: a reading from before the silence
		   proves nothing now. */
		if (e->deadline_ms != 0 && now_ms < e->deadline_ms)
			return;
		v = ENG_FAILS;
		snprintf(why, sizeof why, "the lock was silent (not heard "
		    "on the radio) when the window closed");
	}
	if (v == ENG_NOT_YET) {
		if (!e->waiting_told && e->ops->waiting != NULL) {
			e->waiting_told = true;
			e->ops->waiting(e->arg, &e->steps[e->cur]);
		}
		return;
	}
	eng_evidence(e, o);
	eng_judged(e);
	if (v == ENG_MET) {
		note[0] = '\0';
		if (eng_radio_evidence(o)) {
			eng_clock(wall_us, hhmmss, sizeof hhmmss);
			snprintf(note, sizeof note, "verified over the radio "
			    "at %s%s", hhmmss, e->unanswered ? " (no answer "
			    "given; the radio shows it was done)" : "");
		}
		eng_finish(e, ENG_PASSED, note, now_ms, wall_us);
	} else {
		if (w > 0)
			snprintf(note, sizeof note, "%s (waited %u s)", why,
			    w);
		else
			snprintf(note, sizeof note, "%s", why);
		eng_finish(e, ENG_FAILED, note, now_ms, wall_us);
	}
}

/* Why a gated step of phase ph cannot start, or NULL. */
static const char *
eng_gate(const struct engine *e, enum eng_phase ph)
{
	bool	own = false, pow = false;
	size_t	i;

	for (i = 0; i < e->nsteps; i++) {
		if (e->steps[i].phase == ENG_PH_OWNERSHIP) {
			if (e->out[i].status != ENG_PASSED)
				return "ownership not verified";
			own = true;
		}
		if (e->steps[i].phase == ENG_PH_POWER &&
		    eng_power_gated(ph)) {
			if (e->out[i].status != ENG_PASSED)
				return "power check did not pass";
			pow = true;
		}
	}
	if (!own)
		return "ownership not verified (no ownership step)";
	if (!pow && eng_power_gated(ph))
		return "power not checked (no power step)";
	return NULL;
}

/* The running step belongs to the chosen remedy's path. */
static bool
eng_on_path(const struct engine *e, const struct eng_step *s)
{
	return s->phase <= ENG_PH_BASELINE || s->remedies == 0 ||
	    (s->remedies & PROFILE_RM_BIT(e->choice.remedy)) != 0;
}

static enum ls_err
eng_record_choice(struct engine *e)
{
	if (e->ops->record_remedy == NULL)
		return LS_OK;
	if (e->ops->record_remedy(e->arg, &e->choice, &e->err) != LS_OK) {
		if (e->err.code == LS_OK)
			ls_err_set(&e->err, LS_EIO, "the remedy could not be "
			    "recorded");
		e->stopped = true;
		return LS_EIO;
	}
	return LS_OK;
}

static void
eng_run(struct engine *e, uint64_t now_ms, uint64_t wall_us)
{
	const struct eng_step	*s;
	struct eng_outcome	*o;
	const char		*gate;
	struct eng_read		*rd;
	char			 note[128];

	while (e->cur < e->nsteps && e->out[e->cur].status >= ENG_PASSED)
		e->cur++;
	if (e->cur >= e->nsteps || e->stopped)
		return;
	s = &e->steps[e->cur];
	o = &e->out[e->cur];
	if (s->phase > ENG_PH_BASELINE && !e->chosen) {
		if (e->wait == ENG_W_REMEDY)
			return;
		e->wait = ENG_W_REMEDY;
		if (e->ops->choose_remedy != NULL)
			e->ops->choose_remedy(e->arg, e->advised,
			    e->supported);
		else
			(void)engine_choose_remedy(e, e->advised, NULL,
			    now_ms, wall_us, NULL);
		return;
	}
	memset(o, 0, sizeof *o);
	o->started_us = wall_us;
	if (!eng_on_path(e, s)) {
		snprintf(note, sizeof note, "not applicable: remedy %s",
		    profile_remedy_name(e->choice.remedy));
		o->finished_us = wall_us;
		o->skip = ENG_SKIP_NOT_APPLICABLE;
		eng_finish(e, ENG_SKIPPED, note, now_ms, wall_us);
		return;
	}
	if (eng_gated(s->phase) && (gate = eng_gate(e, s->phase)) != NULL) {
		snprintf(note, sizeof note, "blocked: %s", gate);
		o->finished_us = wall_us;
		eng_finish(e, ENG_BLOCKED, note, now_ms, wall_us);
		return;
	}
	o->status = ENG_RUNNING;
	if ((rd = eng_read_get(e, "result", false)) != NULL)
		memset(&rd->cur, 0, sizeof rd->cur); /* answers are per step */
	if (!eng_record(e, e->cur))
		return;
	e->limit_ms = s->time_limit_s > 0 && s->kind != ENG_K_VERIFY ?
	    now_ms + (uint64_t)s->time_limit_s * 1000 : 0;
	switch (s->kind) {
	case ENG_K_MEASURE:
		e->wait = ENG_W_MEASURE;
		if (e->ops->measure != NULL)
			e->ops->measure(e->arg, s);
		else
			engine_measured(e, now_ms, wall_us);
		break;
	case ENG_K_VERIFY:
		eng_verify(e, now_ms, wall_us);
		break;
	default:
		e->wait = ENG_W_ANSWER;
		if (e->ops->ask != NULL)
			e->ops->ask(e->arg, s);
		break;
	}
}

void
engine_start(struct engine *e, uint64_t now_ms, uint64_t wall_us)
{
	e->started = true;
	e->cur = 0;
	eng_run(e, now_ms, wall_us);
}

/* Counts from an answer become attested readings and evidence. */
static void
eng_answer_counts(struct engine *e, const struct ans_step *a,
    uint64_t now_ms, uint64_t wall_us)
{
	static const struct {
		unsigned	 bit;
		const char	*name;
		size_t		 off;
	} counts[] = {
		{ ANS_HAS_CODES_ACTIVE, "codes_active",
		  offsetof(struct ans_step, codes_active) },
		{ ANS_HAS_CODES_ADMIN, "codes_admin_count",
		  offsetof(struct ans_step, codes_admin) },
		{ ANS_HAS_CODES_USER, "codes_user_count",
		  offsetof(struct ans_step, codes_user) },
		{ ANS_HAS_CODES_TEMP, "codes_temporary_count",
		  offsetof(struct ans_step, codes_temporary) },
	};
	struct reading	r;
	size_t		i;
	int		v;

	for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		if (!(a->has & counts[i].bit))
			continue;
		memcpy(&v, (const char *)a + counts[i].off, sizeof v);
		reading_int(&r, RD_ATTESTED, v, "technician", wall_us);
		engine_observe(e, counts[i].name, &r, now_ms, wall_us);
		eng_evidence_add(&e->out[e->cur], counts[i].name, &r);
	}
	if (a->has & ANS_HAS_TEMP_REMOVED) {
		reading_bool(&r, RD_ATTESTED, a->temporary_removed,
		    "technician", wall_us);
		engine_observe(e, "temporary_codes_removed", &r, now_ms,
		    wall_us);
		eng_evidence_add(&e->out[e->cur], "temporary_codes_removed",
		    &r);
	}
	if (a->has & ANS_HAS_BATT_REPLACED) {
		reading_bool(&r, RD_ATTESTED, a->battery_replaced,
		    "technician", wall_us);
		eng_evidence_add(&e->out[e->cur], "battery_replaced", &r);
	}
}

void
engine_answer(struct engine *e, const struct ans_step *a, uint64_t now_ms,
    uint64_t wall_us)
{
	const struct eng_step	*s;
	struct eng_outcome	*o;

	if (e->cur >= e->nsteps || e->stopped)
		return;
	if (e->wait == ENG_W_POWER) {
		/* The cells stay as they are: the check stands. */
		o = &e->out[e->cur];
		snprintf(o->note, sizeof o->note, "%s", a != NULL ? a->note :
		    "");
		if (a != NULL && a->result == ANS_RES_SKIP) {
			o->skip = ENG_SKIP_TECHNICIAN;
			eng_finish(e, ENG_SKIPPED, e->power_why, now_ms,
			    wall_us);
		} else
			eng_finish(e, ENG_FAILED, e->power_why, now_ms,
			    wall_us);
		return;
	}
	if (e->wait != ENG_W_ANSWER)
		return;
	s = &e->steps[e->cur];
	o = &e->out[e->cur];
	if (a != NULL && a->note[0] != '\0')
		snprintf(o->note, sizeof o->note, "%s", a->note);
	if (a != NULL) {
		struct reading	r;

		/* The answer itself, for conditions on "result". */
		reading_text(&r, RD_ATTESTED, a->result == ANS_RES_NONE ?
		    "done" : answers_result_name(a->result), "technician",
		    wall_us);
		engine_observe(e, "result", &r, now_ms, wall_us);
		eng_answer_counts(e, a, now_ms, wall_us);
	}
	if (a == NULL) {
		/* Nothing to go on but the radio. */
		if (s->ncond > 0 && (s->kind == ENG_K_PHYSICAL ||
		    s->kind == ENG_K_EXTERNAL)) {
			e->unanswered = true;
			eng_verify(e, now_ms, wall_us);
		} else {
			o->skip = ENG_SKIP_NOT_ATTESTED;
			eng_finish(e, ENG_SKIPPED, "not attested", now_ms,
			    wall_us);
		}
		return;
	}
	switch (a->result) {
	case ANS_RES_FAIL:
		eng_finish(e, ENG_FAILED, NULL, now_ms, wall_us);
		return;
	case ANS_RES_SKIP:
		o->skip = ENG_SKIP_TECHNICIAN;
		eng_finish(e, ENG_SKIPPED, NULL, now_ms, wall_us);
		return;
	default:
		break;
	}
	if (s->ncond > 0 && s->kind != ENG_K_MEASURE)
		eng_verify(e, now_ms, wall_us);
	else
		eng_finish(e, ENG_PASSED, s->kind == ENG_K_MEASURE ?
		    "attested: the reading was not available" : NULL,
		    now_ms, wall_us);
}

void
engine_observe(struct engine *e, const char *name, const struct reading *r,
    uint64_t now_ms, uint64_t wall_us)
{
	struct eng_read	*rd = eng_read_get(e, name, true);
	char		 val[RD_TEXT_MAX + 16], hhmmss[16], msg[256];
	bool		 changed;

	if (rd == NULL)
		return;
	changed = rd->nhist == 0 || !eng_same(&rd->hist[rd->nhist - 1].r,
	    r);
	rd->cur = *r;
	if (changed && reading_has_value(r)) {
		if (rd->nhist == ENG_MAX_HIST) {
			memmove(&rd->hist[0], &rd->hist[1],
			    (ENG_MAX_HIST - 1) * sizeof rd->hist[0]);
			rd->nhist--;
			if (rd->consumed > 0)
				rd->consumed--;
		}
		rd->hist[rd->nhist].ms = now_ms;
		rd->hist[rd->nhist++].r = *r;
		if (eng_watched(e, name) && rd->nhist > 1 &&
		    e->ops->notice != NULL) {
			eng_value_str(r, val, sizeof val);
			eng_clock(r->at_us != 0 ? r->at_us : wall_us, hhmmss,
			    sizeof hhmmss);
			snprintf(msg, sizeof msg, "%s changed to %s %s",
			    name, val, hhmmss);
			e->ops->notice(e->arg, msg);
		}
	}
	if (e->cur < e->nsteps && e->wait == ENG_W_VERIFY &&
	    eng_watched(e, name))
		eng_verify(e, now_ms, wall_us);
	else if (e->cur < e->nsteps && e->wait == ENG_W_BATTERY &&
	    !e->stopped && eng_battery_name(e, name) &&
	    reading_has_value(r) && (r->at_us == 0 ? wall_us : r->at_us) >=
	    e->batt_since_us)
		eng_battery_judge(e, false, now_ms, wall_us);
}

void
engine_measured(struct engine *e, uint64_t now_ms, uint64_t wall_us)
{
	const struct eng_step	*s;
	struct eng_outcome	*o;
	char			 why[400];
	enum eng_verdict	 v;
	size_t			 i;
	bool			 missing = false;

	if (e->cur >= e->nsteps || e->wait != ENG_W_MEASURE || e->stopped)
		return;
	s = &e->steps[e->cur];
	o = &e->out[e->cur];
	v = eng_judge_step(e, true, true, why, sizeof why);
	eng_evidence(e, o);
	if (v == ENG_MET) {
		eng_finish(e, ENG_PASSED, NULL, now_ms, wall_us);
		return;
	}
	for (i = 0; i < s->ncond; i++)
		if (engine_reading(e, profile_reading_name(
		    s->cond[i].reading)) == NULL)
			missing = true;
	if (missing) {
		/* Not measurable: the technician may attest it. */
		snprintf(o->note, sizeof o->note, "%s", why);
		e->wait = ENG_W_ANSWER;
		if (e->ops->ask != NULL)
			e->ops->ask(e->arg, s);
		return;
	}
	if (s->phase == ENG_PH_POWER) {
		/* New cells may fix it: the driver says so, or gives up. */
		snprintf(e->power_why, sizeof e->power_why, "%s", why);
		snprintf(o->note, sizeof o->note, "%s", why);
		e->wait = ENG_W_POWER;
		if (e->ops->ask != NULL)
			e->ops->ask(e->arg, s);
		return;
	}
	eng_finish(e, ENG_FAILED, why, now_ms, wall_us);
}

/* A battery reading name the running power step judges. */
static bool
eng_battery_name(const struct engine *e, const char *name)
{
	const struct eng_step	*s = &e->steps[e->cur];
	size_t			 i;

	if (strncmp(name, "battery_", 8) != 0)
		return false;
	for (i = 0; i < s->ncond; i++)
		if (strcmp(profile_reading_name(s->cond[i].reading), name) ==
		    0)
			return true;
	return false;
}

/* After new cells: judge a fresh reading; final when the window ends. */
static void
eng_battery_judge(struct engine *e, bool final, uint64_t now_ms,
    uint64_t wall_us)
{
	struct eng_outcome	*o = &e->out[e->cur];
	struct eng_read		*rd;
	char			 why[400], note[ENG_NOTE_MAX], b[64], a[64];
	char			 nm[ENG_NAME_MAX + 8];
	enum eng_verdict	 v;
	size_t			 i;

	v = eng_judge_step(e, final, !e->stale, why, sizeof why);
	if (v == ENG_MET && e->stale && !final)
		return;
	if (v == ENG_NOT_YET)
		return;
	b[0] = a[0] = '\0';
	for (i = 0; i < 2; i++) {
		if (e->batt_before[i].name[0] == '\0')
			continue;
		snprintf(nm, sizeof nm, "%s_before", e->batt_before[i].name);
		eng_evidence_add(o, nm, &e->batt_before[i].cur);
		if (b[0] == '\0')
			eng_value_str(&e->batt_before[i].cur, b, sizeof b);
		if ((rd = eng_read_get(e, e->batt_before[i].name, false)) !=
		    NULL && a[0] == '\0')
			eng_value_str(&rd->cur, a, sizeof a);
	}
	eng_evidence(e, o);
	if (v == ENG_MET && !e->stale) {
		snprintf(note, sizeof note, "battery replaced: %s before, %s "
		    "after", b, a);
		o->note[0] = '\0';
		eng_finish(e, ENG_PASSED, note, now_ms, wall_us);
	} else {
		snprintf(note, sizeof note, "battery replaced, but no fresh "
		    "reading passes: %s (waited %u s)", e->stale ?
		    "the lock was silent" : why, ENG_BATTERY_WAIT_S);
		o->note[0] = '\0';
		eng_finish(e, ENG_FAILED, note, now_ms, wall_us);
	}
}

enum ls_err
engine_battery_replaced(struct engine *e, uint64_t now_ms, uint64_t wall_us,
    struct ls_errbuf *eb)
{
	struct eng_outcome	*o;
	struct eng_read		*rd;
	struct reading		 r;
	static const char *const names[2] = {
		"battery_percent", "battery_volts"
	};
	size_t			 i;

	if (e->stopped || e->cur >= e->nsteps || e->wait != ENG_W_POWER)
		return ls_err_set(eb, LS_EINPUT, "no failed power check "
		    "waits: nothing to measure again");
	o = &e->out[e->cur];
	memset(e->batt_before, 0, sizeof e->batt_before);
	for (i = 0; i < 2; i++)
		if ((rd = eng_read_get(e, names[i], false)) != NULL &&
		    reading_has_value(&rd->cur))
			e->batt_before[i] = *rd;
	/* Only readings from now on count: forget the old cells'. */
	for (i = 0; i < 2; i++)
		if ((rd = eng_read_get(e, names[i], false)) != NULL)
			memset(&rd->cur, 0, sizeof rd->cur);
	reading_bool(&r, RD_ATTESTED, true, "technician", wall_us);
	eng_evidence_add(o, "battery_replaced", &r);
	e->batt_since_us = wall_us;
	e->wait = ENG_W_BATTERY;
	e->deadline_ms = now_ms + (uint64_t)ENG_BATTERY_WAIT_S * 1000;
	snprintf(o->note, sizeof o->note, "battery replaced; waiting for a "
	    "fresh reading");
	if (e->ops->notice != NULL)
		e->ops->notice(e->arg, "battery replaced: waiting for a fresh "
		    "battery reading");
	if (e->ops->waiting != NULL)
		e->ops->waiting(e->arg, &e->steps[e->cur]);
	return LS_OK;
}

uint64_t
engine_tick(struct engine *e, uint64_t now_ms, uint64_t wall_us)
{
	char	msg[160];

	if (e->cur >= e->nsteps || e->stopped)
		return 0;
	if (e->limit_ms != 0 && now_ms >= e->limit_ms) {
		e->limit_ms = 0;
		if (e->ops->notice != NULL) {
			snprintf(msg, sizeof msg, "%s: the %u s time limit "
			    "has passed", e->steps[e->cur].title,
			    e->steps[e->cur].time_limit_s);
			e->ops->notice(e->arg, msg);
		}
	}
	if (e->wait == ENG_W_VERIFY && e->deadline_ms != 0 &&
	    now_ms >= e->deadline_ms)
		eng_verify(e, now_ms, wall_us);
	else if (e->wait == ENG_W_BATTERY && now_ms >= e->deadline_ms)
		eng_battery_judge(e, true, now_ms, wall_us);
	if (e->cur >= e->nsteps || e->stopped)
		return 0;
	if (e->deadline_ms != 0 && (e->limit_ms == 0 ||
	    e->deadline_ms < e->limit_ms))
		return e->deadline_ms;
	return e->limit_ms;
}

enum eng_waiting
engine_waiting(const struct engine *e, uint64_t *deadline_ms)
{
	enum eng_waiting	w;

	if (deadline_ms != NULL)
		*deadline_ms = 0;
	if (e->cur >= e->nsteps || e->stopped)
		return ENG_WAITING_NONE;
	switch (e->wait) {
	case ENG_W_ANSWER:
		w = ENG_WAITING_ANSWER;
		break;
	case ENG_W_MEASURE:
		w = ENG_WAITING_MEASURE;
		break;
	case ENG_W_VERIFY:
		w = ENG_WAITING_VERIFY;
		break;
	case ENG_W_REMEDY:
		w = ENG_WAITING_REMEDY;
		break;
	case ENG_W_POWER:
		w = ENG_WAITING_POWER;
		break;
	case ENG_W_BATTERY:
		w = ENG_WAITING_BATTERY;
		break;
	default:
		return ENG_WAITING_NONE;
	}
	if (deadline_ms != NULL)
		*deadline_ms = (w == ENG_WAITING_VERIFY ||
		    w == ENG_WAITING_BATTERY) && e->deadline_ms != 0 ?
		    e->deadline_ms : e->limit_ms;
	return w;
}

bool
engine_done(const struct engine *e)
{
	size_t	i;

	if (e->stopped)
		return true;
	for (i = 0; i < e->nsteps; i++)
		if (e->out[i].status < ENG_PASSED)
			return false;
	return true;
}

bool
engine_failed(const struct engine *e)
{
	size_t	i;

	for (i = 0; i < e->nsteps; i++)
		if (e->out[i].status == ENG_FAILED ||
		    e->out[i].status == ENG_BLOCKED)
			return true;
	return e->stopped;
}

enum ls_err
engine_error(const struct engine *e, struct ls_errbuf *eb)
{
	if (!e->stopped)
		return LS_OK;
	return ls_err_copy(eb, &e->err);
}

void
engine_note(struct engine *e, const char *text)
{
	struct eng_outcome	*o;
	size_t			 n;

	if (e->cur >= e->nsteps || text[0] == '\0')
		return;
	o = &e->out[e->cur];
	n = strlen(o->note);
	snprintf(o->note + n, sizeof o->note - n, "%s%s", n > 0 ? "; " : "",
	    text);
}

size_t
engine_nsteps(const struct engine *e)
{
	return e->nsteps;
}

const struct eng_step *
engine_step(const struct engine *e, size_t i)
{
	return i < e->nsteps ? &e->steps[i] : NULL;
}

const struct eng_outcome *
engine_outcome(const struct engine *e, size_t i)
{
	return i < e->nsteps ? &e->out[i] : NULL;
}

size_t
engine_current(const struct engine *e)
{
	return e->cur;
}

void
engine_set_remedies(struct engine *e, unsigned supported)
{
	e->supported = (supported & PROFILE_RM_ALL) |
	    PROFILE_RM_BIT(PROFILE_RM_DIAGNOSE_ONLY);
}

void
engine_advise(struct engine *e, enum profile_remedy r)
{
	if (e->chosen)
		return;
	e->advised = (unsigned)r < PROFILE_RM_COUNT &&
	    (e->supported & PROFILE_RM_BIT(r)) ? r :
	    PROFILE_RM_DIAGNOSE_ONLY;
}

enum profile_remedy
engine_advised(const struct engine *e)
{
	return e->advised;
}

unsigned
engine_supported(const struct engine *e)
{
	return e->supported;
}

const struct eng_choice *
engine_remedy(const struct engine *e)
{
	return e->chosen ? &e->choice : NULL;
}

enum ls_err
engine_choose_remedy(struct engine *e, enum profile_remedy r,
    const char *reason, uint64_t now_ms, uint64_t wall_us,
    struct ls_errbuf *eb)
{
	struct ls_errbuf	 tmp;
	const char		*name = profile_remedy_name(r);

	if (eb == NULL) {
		ls_err_clear(&tmp);
		eb = &tmp;
	}
	if (name == NULL)
		return ls_err_set(eb, LS_EINPUT, "no such remedy");
	if (e->chosen)
		return ls_err_set(eb, LS_EINPUT, "the remedy is chosen "
		    "already (%s)", profile_remedy_name(e->choice.remedy));
	if (e->started && e->wait != ENG_W_REMEDY)
		return ls_err_set(eb, LS_EINPUT, "no remedy choice is "
		    "awaited: the baseline is not done");
	if (!(e->supported & PROFILE_RM_BIT(r)))
		return ls_err_set(eb, LS_EINPUT, "remedy %s is not one this "
		    "lock's vendor supports", name);
	if (r != e->advised && (reason == NULL || reason[0] == '\0'))
		return ls_err_set(eb, LS_EINPUT, "remedy %s differs from the "
		    "triage's advice (%s): give a reason", name,
		    profile_remedy_name(e->advised));
	memset(&e->choice, 0, sizeof e->choice);
	e->choice.remedy = r;
	e->choice.advised = e->advised;
	e->choice.by = r == e->advised ? ENG_BY_TRIAGE : ENG_BY_TECHNICIAN;
	if (e->choice.by == ENG_BY_TECHNICIAN)
		snprintf(e->choice.reason, sizeof e->choice.reason, "%s",
		    reason);
	e->choice.at_us = wall_us;
	e->chosen = true;
	if (!e->started)
		return LS_OK;	/* a resumed visit's choice */
	if (eng_record_choice(e) != LS_OK)
		return ls_err_copy(eb, &e->err);
	e->wait = ENG_W_NONE;
	eng_run(e, now_ms, wall_us);
	return LS_OK;
}

enum ls_err
engine_skip(struct engine *e, const char *note, uint64_t now_ms,
    uint64_t wall_us, struct ls_errbuf *eb)
{
	const struct eng_step	*s;
	struct eng_outcome	*o;

	if (e->stopped || e->cur >= e->nsteps)
		return ls_err_set(eb, LS_EINPUT, "no step is running");
	s = &e->steps[e->cur];
	o = &e->out[e->cur];
	switch (e->wait) {
	case ENG_W_ANSWER:
	case ENG_W_MEASURE:
	case ENG_W_VERIFY:
	case ENG_W_POWER:
	case ENG_W_BATTERY:
		break;
	default:
		return ls_err_set(eb, LS_EINPUT, "step '%s' is not waiting: "
		    "nothing to skip", s->id);
	}
	if (s->phase == ENG_PH_OWNERSHIP)
		return ls_err_set(eb, LS_EINPUT, "step '%s': ownership is "
		    "never skipped; without it the reset stays blocked",
		    s->id);
	if (note == NULL || note[0] == '\0')
		return ls_err_set(eb, LS_EINPUT, "step '%s': a skip needs a "
		    "reason", s->id);
	if (e->wait == ENG_W_VERIFY || e->wait == ENG_W_BATTERY)
		eng_evidence(e, o);
	o->skip = ENG_SKIP_TECHNICIAN;
	o->note[0] = '\0';
	eng_finish(e, ENG_SKIPPED, note, now_ms, wall_us);
	return LS_OK;
}

void
engine_set_stale(struct engine *e, bool stale)
{
	e->stale = stale;
}

bool
engine_stale(const struct engine *e)
{
	return e->stale;
}
