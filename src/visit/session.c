/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session.c - one service visit as a session (see session.h).
 *
 * One event loop: the adapter (scanning the whole time, so the engine
 * sees the target lock's advertising change live, but for one GATT read
 * of the lock before the engine starts), a timer for the engine's
 * deadlines, SIGINT/SIGTERM, and whatever the UI adds (the screen's
 * keyboard).  Every step transition is in the visit model and synced to
 * the journal before the engine moves on; the report is written
 * atomically at the end.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adv/devtab.h"
#include "adv/lock.h"
#include "gatt/gatt_client.h"
#include "gatt/oneshot.h"
#include "hci/hcidef.h"
#include "hci/radio.h"
#include "hci/scan.h"
#include "profile/profile.h"
#include "util/hex.h"
#include "util/loop.h"
#include "util/text.h"
#include "visit/adv_readings.h"
#include "visit/answers.h"
#include "visit/engine.h"
#include "visit/journal.h"
#include "visit/key.h"
#include "visit/plan.h"
#include "visit/report.h"
#include "visit/session.h"
#include "visit/triage.h"
#include "visit/visit.h"

#define SESSION_TAB_CAP		512
#define SESSION_LOG_MAX		2048	/* a log line, step note included */
#define SESSION_CONNECT_MS		10000	/* as inspect:
						   connection completes */
#define SESSION_ATT_MS		5000	/* as inspect: per ATT request */
#define SESSION_WATCH_MS	1000	/* how often silence is judged */
#define SESSION_BATT_POLL_MS	3000	/* new cells, GATT only: read
					   again this often */

/* The GATT read at the start of the run (session_gatt). */
enum session_gphase {
	SESSION_G_NONE,
	SESSION_G_STOP,		/* the scan is stopping */
	SESSION_G_READ,		/* gread running */
	SESSION_G_START		/* the scan is starting again */
};

struct session {
	struct session_cfg		 cfg;
	struct loop		*loop;
	struct radio		 radio;
	struct scan		*scan;
	struct devtab		*tab;
	uint8_t			 addr[6];	/* target, little-endian */
	struct dev		*dev;		/* target, once seen */
	bool			 stopping;
	bool			 dead;
	bool			 interrupted;
	bool			 timed_out;
	struct ls_errbuf	 eb;

	struct answers		 ans;
	struct profile_set	*profiles;
	const struct profile	*profile;
	struct visit		*v;
	struct journal		*j;
	size_t			 devidx;
	struct engine		*eng;
	size_t			 nsteps;
	struct eng_step		 steps[ENG_MAX_STEPS];
	struct ans_step		 synth;		/* a made-up answer */
	enum visit_when		 snap_when;	/* for session_snapshot_one */
	unsigned		 tick_timer;
	uint64_t		 tick_at;
	bool			 quiet;
	bool			 found;		/* stop the find loop */

	struct oneshot		*gr;
	enum session_gphase	 gphase;
	bool			 oneshot_done;	/* gres may hold readings */
	bool			 gmid;		/* a read during the visit
						   (session_gatt_again) */
	bool			 gmid_clock;	/* ... for a clock step
						   (else new cells) */
	unsigned		 batt_timer;	/* the next battery read */
	struct gatt_result	 gres;
	int			 gconn_rssi;

	/* The lock's silence (session_watch) */
	unsigned		 watch_timer;
	uint64_t		 scan_on_ms;	/* wall: the scan (re)started */
	bool			 stale;		/* not heard: devtab_stale */
	bool			 holding;	/* session_hold runs */

	/* The lock's signal over the visit (session_sig_*) */
	unsigned		 sig_timer;
	bool			 sig_on;
	uint32_t		 sig_ms;	/* a window's width */
	uint64_t		 sig_at;	/* wall µs: the open window */
	uint32_t		 sig_heard;	/* ... its reports */
	int64_t			 sig_sum;	/* ... their RSSI summed */
	uint64_t		 sig_synced;	/* wall µs: last journaled */
	size_t			 sig_npend;	/* windows not journaled */
	struct visit_sample	 sig_pend[JOURNAL_SIGNAL_MAX];
};

static void	session_stop(struct session *);
static void	session_schedule(struct session *);
static void	session_tick(void *);
static void	session_watch(void *);
static void	session_heard(struct session *);
static void	session_set_stale(struct session *, bool);
static enum ls_err session_intake_resume(struct session *,
		    struct ls_errbuf *);
static void	session_sig_heard(struct session *, int rssi);

static void
session_changed(struct session *c)
{
	if (c->cfg.ui->changed != NULL)
		c->cfg.ui->changed(c->cfg.uiarg);
}

static uint64_t
session_wall(void)
{
	return loop_wall_us();
}

/* The target's advertised readings into the engine. */
static void
session_feed_one(const char *name, const struct reading *r, void *arg)
{
	struct session	*c = arg;

	engine_observe(c->eng, name, r, loop_now_ms(), session_wall());
}

static void
session_feed(struct session *c)
{
	if (c->eng != NULL && c->dev != NULL)
		adv_readings_each(c->dev, session_wall(), session_feed_one, c);
}

static void
session_on_report(const struct hcievt_adv_report *r, void *arg)
{
	struct session	*c = arg;
	struct dev	*d;
	unsigned	 what = 0;

	if (memcmp(r->addr, c->addr, 6) != 0)
		return;
	d = devtab_update(c->tab, r, session_wall() / 1000, &what);
	if (d == NULL)
		return;
	if (what & (DEVTAB_NEW | DEVTAB_AD | DEVTAB_IDENT))
		lock_classify(d);
	c->dev = d;
	session_sig_heard(c, r->rssi);
	session_heard(c);
	if (c->eng == NULL) {
		if (!c->found) {
			c->found = true;
			loop_stop(c->loop);	/* the visit can begin */
		}
		session_changed(c);
		return;
	}
	session_feed(c);
	session_changed(c);
	session_schedule(c);
	if (engine_done(c->eng))
		session_stop(c);
}

/* Journal helpers: an error stops the visit (the engine stops too). */
static enum ls_err
session_keep(struct session *c, enum ls_err e, struct ls_errbuf *eb)
{
	if (e != LS_OK && c->eb.code == LS_OK)
		ls_err_copy(&c->eb, eb);
	return e;
}

/* Engine ops */

const struct ans_step *
session_own_answer(struct session *c, const struct eng_step *s)
{
	struct reading	 r;

	memset(&c->synth, 0, sizeof c->synth);
	snprintf(c->synth.id, sizeof c->synth.id, "%s", s->id);
	reading_bool(&r, RD_ATTESTED, c->ans.ownership_verified,
	    "technician", session_wall());
	engine_observe(c->eng, "ownership_verified", &r, loop_now_ms(),
	    session_wall());
	c->synth.result = c->ans.ownership_verified ? ANS_RES_PASS :
	    ANS_RES_FAIL;
	snprintf(c->synth.note, sizeof c->synth.note, "%s",
	    c->ans.ownership_verified ? c->ans.ownership_method :
	    "ownership not verified");
	return &c->synth;
}

static void
session_ask(void *arg, const struct eng_step *s)
{
	struct session	*c = arg;

	session_changed(c);
	if (c->cfg.ui->ask != NULL)
		c->cfg.ui->ask(c->cfg.uiarg, s);
}

/* Readings of the device into its before or after set, journaled. */
static void
session_snapshot_one(const char *name, const struct reading *r, void *arg)
{
	struct session		*c = arg;
	struct ls_errbuf	 eb;

	ls_err_clear(&eb);
	if (session_keep(c, visit_device_reading(c->v, c->devidx,
	    c->snap_when, name, r, &eb), &eb) == LS_OK)
		session_keep(c, journal_reading(c->j, c->v, c->devidx,
		    c->snap_when, name, r->at_us, &eb), &eb);
}

static void	session_gatt_each(struct session *, adv_readings_fn, void *);

static void
session_snapshot(struct session *c, enum visit_when when)
{
	if (c->dev == NULL)
		return;
	c->snap_when = when;
	adv_readings_each(c->dev, session_wall(), session_snapshot_one, c);
	/* Read once at the start: they belong to the before set only. */
	if (when == VISIT_BEFORE)
		session_gatt_each(c, session_snapshot_one, c);
}

static void	session_notice(void *, const char *);
static void	session_gatt_again(struct session *, bool);
static bool	session_step_reads(const struct eng_step *, const char *);
static size_t	session_triage(struct session *, struct triage_advice *);
static size_t	session_advise(struct session *, struct triage_advice *);

static void
session_measure(void *arg, const struct eng_step *s)
{
	struct session		*c = arg;
	struct triage_advice	 adv[TRIAGE_MAX];
	char			 note[TRIAGE_TEXT_MAX + 16];

	session_feed(c);
	if (s->phase == ENG_PH_BASELINE) {
		session_snapshot(c, VISIT_BEFORE);
		session_advise(c, adv);
		snprintf(note, sizeof note, "triage: %s", adv[0].text);
		engine_note(c->eng, note);
		session_previous_text(c, note, sizeof note);
		engine_note(c->eng, note);
	} else if (s->phase > ENG_PH_BASELINE &&
	    session_step_reads(s, "clock_skew_s")) {
		session_gatt_again(c, true);
		return;
	}
	engine_measured(c->eng, loop_now_ms(), session_wall());
}

static enum visit_status
session_status(enum eng_status s)
{
	switch (s) {
	case ENG_RUNNING:
		return VS_RUNNING;
	case ENG_PASSED:
		return VS_PASSED;
	case ENG_FAILED:
		return VS_FAILED;
	case ENG_SKIPPED:
		return VS_SKIPPED;
	case ENG_BLOCKED:
		return VS_BLOCKED;
	default:
		return VS_PENDING;
	}
}

/* A line of the running log, through the UI (nothing when quiet). */
static void __attribute__((format(printf, 2, 3)))
session_log(struct session *c, const char *fmt, ...)
{
	char	line[SESSION_LOG_MAX];
	va_list	ap;

	if (c->quiet || c->cfg.ui->log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	c->cfg.ui->log(c->cfg.uiarg, line);
}

/*
 * A warning (a dropped journal record, a capture that stopped, a failed
 * read): through the UI's log even when quiet, which drops progress
 * lines only.
 */
static void
session_warn(struct session *c, const char *fmt, ...)
{
	char	line[SESSION_LOG_MAX];
	va_list	ap;

	if (c->cfg.ui->log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	c->cfg.ui->log(c->cfg.uiarg, line);
}

static enum ls_err
session_record(void *arg, const struct eng_step *s, const struct eng_outcome *o,
    struct ls_errbuf *eb)
{
	struct session	*c = arg;
	long		 idx = visit_step_find(c->v, s->id);
	size_t		 i;
	enum ls_err	 e;

	if (idx < 0)
		return ls_err_set(eb, LS_EINTERNAL, "step '%s' not planned",
		    s->id);
	if (o->status == ENG_RUNNING) {
		if ((e = visit_step_start(c->v, (size_t)idx, o->started_us,
		    eb)) != LS_OK)
			return e;
		if ((e = journal_step_start(c->j, c->v, (size_t)idx, eb)) !=
		    LS_OK)
			return e;
		session_changed(c);
		return LS_OK;
	}
	if (c->v->steps[idx].started_us == 0 &&
	    (e = visit_step_start(c->v, (size_t)idx, o->started_us, eb)) !=
	    LS_OK)
		return e;
	for (i = 0; i < o->nevidence; i++)
		if ((e = visit_step_evidence(c->v, (size_t)idx,
		    o->evidence[i].name, &o->evidence[i].r, eb)) != LS_OK)
			return e;
	if ((e = visit_step_finish(c->v, (size_t)idx, session_status(o->status),
	    o->finished_us, o->note, eb)) != LS_OK)
		return e;
	if ((e = visit_step_skip(c->v, (size_t)idx, o->status == ENG_SKIPPED &&
	    o->skip != ENG_SKIP_NONE ? engine_skip_name(o->skip) : "", eb)) !=
	    LS_OK)
		return e;
	session_log(c, "%-8s %s%s%s", engine_status_name(o->status), s->id,
	    o->note[0] != '\0' ? ": " : "", o->note);
	if ((e = journal_step_finish(c->j, c->v, (size_t)idx, eb)) != LS_OK)
		return e;
	if (c->cfg.ui->step_done != NULL)
		c->cfg.ui->step_done(c->cfg.uiarg, s, o);
	session_changed(c);
	return LS_OK;
}

static void
session_notice(void *arg, const char *text)
{
	struct session	*c = arg;

	session_warn(c, "%s", text);
	if (c->cfg.ui->notice != NULL)
		c->cfg.ui->notice(c->cfg.uiarg, text);
	session_changed(c);
}

/* Remedies, skips and the battery (lockscope-visit(1), REMEDIES) */

static void
session_choose(void *arg, enum profile_remedy advised, unsigned supported)
{
	struct session	*c = arg;

	session_log(c, "remedy: the triage advises %s",
	    profile_remedy_name(advised));
	session_changed(c);
	if (c->cfg.ui->choose_remedy != NULL)
		c->cfg.ui->choose_remedy(c->cfg.uiarg, advised, supported);
	else
		(void)engine_choose_remedy(c->eng, advised, NULL,
		    loop_now_ms(), session_wall(), NULL);
}

static enum ls_err
session_record_remedy(void *arg, const struct eng_choice *ch,
    struct ls_errbuf *eb)
{
	struct session	*c = arg;
	enum ls_err	 e;

	if ((e = visit_set_remedy(c->v, profile_remedy_name(ch->remedy),
	    profile_remedy_name(ch->advised), engine_chooser_name(ch->by),
	    ch->reason, ch->at_us, eb)) != LS_OK ||
	    (e = journal_remedy(c->j, c->v, eb)) != LS_OK)
		return e;
	session_log(c, "remedy %s (%s%s%s)", c->v->remedy.id,
	    ch->by == ENG_BY_TRIAGE ? "the triage's advice, accepted" :
	    "chosen by the technician: ", ch->by == ENG_BY_TRIAGE ? "" :
	    c->v->remedy.reason, "");
	session_changed(c);
	return LS_OK;
}

static void
session_waiting(void *arg, const struct eng_step *s)
{
	struct session	*c = arg;

	session_changed(c);
	if (c->cfg.ui->waiting != NULL)
		c->cfg.ui->waiting(c->cfg.uiarg, s);
}

/* The triage, kept in the visit and journaled; the engine is advised. */
static size_t
session_advise(struct session *c, struct triage_advice *adv)
{
	struct ls_errbuf	eb;
	size_t			i, n;

	n = session_triage(c, adv);
	visit_triage_clear(c->v);
	for (i = 0; i < n; i++)
		visit_triage_add(c->v, adv[i].id,
		    profile_remedy_name(adv[i].remedy), adv[i].text);
	ls_err_clear(&eb);
	session_keep(c, journal_triage(c->j, c->v, session_wall(), &eb),
	    &eb);
	engine_advise(c->eng, triage_remedy(adv, n,
	    engine_supported(c->eng)));
	return n;
}

static const struct eng_ops session_ops = {
	.ask = session_ask,
	.measure = session_measure,
	.record = session_record,
	.notice = session_notice,
	.choose_remedy = session_choose,
	.record_remedy = session_record_remedy,
	.waiting = session_waiting,
};

/* Loop plumbing */

static void
session_tick(void *arg)
{
	struct session	*c = arg;

	c->tick_timer = 0;
	c->tick_at = 0;
	session_schedule(c);
	if (engine_done(c->eng))
		session_stop(c);
}

/* Run the engine's clock and (re)arm the timer for its next deadline. */
static void
session_schedule(struct session *c)
{
	uint64_t	now = loop_now_ms(), next;

	next = engine_tick(c->eng, now, session_wall());
	if (next == 0 || next == c->tick_at)
		return;
	if (c->tick_timer != 0)
		loop_cancel_timer(c->loop, c->tick_timer);
	c->tick_at = next;
	c->tick_timer = loop_add_timer(c->loop, next > now ? next - now : 0,
	    session_tick, c);
}

static void
session_scan_stopped(const struct ls_errbuf *eb, void *arg)
{
	struct session	*c = arg;

	if (eb->code != LS_OK && !c->dead)
		ls_err_copy(&c->eb, eb);
	loop_stop(c->loop);
}

static void
session_stop(struct session *c)
{
	if (c->stopping)
		return;
	c->stopping = true;
	/* No scan yet: the radio is still opening. */
	if (c->dead || c->scan == NULL) {
		loop_stop(c->loop);
		return;
	}
	switch (c->gphase) {
	case SESSION_G_STOP:	/* its callback sees stopping */
	case SESSION_G_START:
		return;
	case SESSION_G_READ:
		oneshot_cancel(c->gr);	/* done follows */
		return;
	default:
		break;
	}
	scan_stop(c->scan, session_scan_stopped, c);
}

static void
session_signal(int signo, void *arg)
{
	struct session	*c = arg;

	(void)signo;
	if (c->stopping) {
		loop_stop(c->loop);
		return;
	}
	c->interrupted = true;
	session_stop(c);
}

static void
session_dead(const struct ls_errbuf *why, void *arg)
{
	struct session	*c = arg;

	c->dead = true;
	ls_err_copy(&c->eb, why);
	if (c->gphase == SESSION_G_READ)
		oneshot_host_dead(c->gr, why);
	loop_stop(c->loop);
}

static void
session_scan_started(const struct ls_errbuf *eb, void *arg)
{
	struct session	*c = arg;

	if (eb->code != LS_OK) {
		ls_err_copy(&c->eb, eb);
		loop_stop(c->loop);
	}
}

static void
session_find_timeout(void *arg)
{
	struct session	*c = arg;

	c->timed_out = true;
	loop_stop(c->loop);
}

/* Set-up */

static enum ls_err
session_pick_profile(struct session *c, const char *want, struct ls_errbuf *eb)
{
	struct profile_device	pd;
	struct profile_match	m;
	char			dir[512];
	enum ls_err		e;

	if ((e = profile_set_load_default(&c->profiles, dir, sizeof dir,
	    eb)) != LS_OK)
		return e;
	if (want != NULL) {
		if ((c->profile = profile_set_find(c->profiles, want)) == NULL)
			return ls_err_set(eb, LS_EINPUT, "no profile '%s' in "
			    "%s (lockscope profile list)", want, dir);
		return LS_OK;
	}
	profile_device_from_dev(c->dev, &pd);
	if (profile_set_match(c->profiles, &pd, &m) == NULL)
		return ls_err_set(eb, LS_EINPUT, "no profile matches %s and "
		    "there is no generic profile in %s", c->cfg.addr_str, dir);
	c->profile = m.profile;
	return LS_OK;
}

/* The answers' intake and ownership into the visit (replacing any). */
static enum ls_err
session_set_intake(struct session *c, struct ls_errbuf *eb)
{
	const char	*n;
	size_t		 i;
	enum ls_err	 e;

	visit_set_intake(c->v, c->ans.technician, c->ans.site,
	    c->ans.work_order);
	c->v->nsymptoms = 0;
	for (i = 0; i < 32 && (n = visit_symptom_name(i)) != NULL; i++)
		if ((c->ans.symptoms & answers_symptom_bit(n)) &&
		    (e = visit_add_symptom(c->v, n, eb)) != LS_OK)
			return e;
	c->v->access = c->ans.access;
	visit_set_authorization(c->v, c->ans.ownership_verified,
	    c->ans.ownership_method);
	return LS_OK;
}

/* A new visit: intake, authorization, device, plan; all journaled. */
static enum ls_err
session_fresh(struct session *c, struct ls_errbuf *eb)
{
	struct visit_device	 vd;
	uint64_t		 now = session_wall();
	size_t			 i, idx;
	enum ls_err		 e;

	/* An intake-only journal (session_keep_intake) has begun it. */
	if (c->v->id[0] == '\0' && (e = visit_begin(c->v, now, eb)) != LS_OK)
		return e;
	if ((e = session_set_intake(c, eb)) != LS_OK)
		return e;
	memset(&vd, 0, sizeof vd);
	snprintf(vd.address, sizeof vd.address, "%s", c->cfg.addr_str);
	snprintf(vd.address_type, sizeof vd.address_type, "%s",
	    devtab_addr_type_str(c->dev->addr_type));
	snprintf(vd.name, sizeof vd.name, "%s", c->dev->ad.name);
	snprintf(vd.family, sizeof vd.family, "%s",
	    c->dev->lock.family != NULL ? c->dev->lock.family : "");
	snprintf(vd.vendor, sizeof vd.vendor, "%s",
	    c->dev->lock.vendor != NULL ? c->dev->lock.vendor : "");
	snprintf(vd.model, sizeof vd.model, "%s", c->dev->lock.model);
	snprintf(vd.profile, sizeof vd.profile, "%s",
	    profile_id(c->profile));
	if ((e = visit_device_add(c->v, &vd, &c->devidx, eb)) != LS_OK)
		return e;
	for (i = 0; i < c->nsteps; i++)
		if ((e = visit_step_add(c->v, c->steps[i].id,
		    engine_phase_name(c->steps[i].phase), c->steps[i].title,
		    &idx, eb)) != LS_OK)
			return e;
	if ((journal_records(c->j) == 0 &&
	    (e = journal_visit_start(c->j, c->v, eb)) != LS_OK) ||
	    (e = journal_intake(c->j, c->v, now, eb)) != LS_OK ||
	    (e = journal_authorization(c->j, c->v, now, eb)) != LS_OK ||
	    (e = journal_device(c->j, c->v, c->devidx, now, eb)) != LS_OK ||
	    (e = journal_plan(c->j, c->v, now, eb)) != LS_OK)
		return e;
	return LS_OK;
}

/* The intake and ownership visit v holds, as answers a. */
static void
session_intake_of(const struct visit *v, struct answers *a)
{
	size_t	i;

	snprintf(a->technician, sizeof a->technician, "%s",
	    v->technician);
	snprintf(a->site, sizeof a->site, "%s", v->site);
	snprintf(a->work_order, sizeof a->work_order, "%s",
	    v->work_order);
	a->symptoms = 0;
	for (i = 0; i < v->nsymptoms; i++)
		a->symptoms |= answers_symptom_bit(v->symptoms[i]);
	a->access = v->access;
	a->access_given = v->access != 0;
	a->ownership_verified = v->ownership_verified;
	snprintf(a->ownership_method, sizeof a->ownership_method,
	    "%s", v->auth_method);
}

/* A resumed visit's remedy, as the journal has it. */
static enum ls_err
session_restore_remedy(struct session *c, struct ls_errbuf *eb)
{
	enum profile_remedy	r, adv;
	size_t			i;

	if (!c->v->remedy.set) {
		/* Stopped between the baseline and the choice: the advice
		   the journal kept is proposed again. */
		for (i = 0; i < c->v->ntriage; i++)
			if (profile_remedy_from_name(c->v->triage[i].remedy,
			    &r) && (engine_supported(c->eng) &
			    PROFILE_RM_BIT(r))) {
				engine_advise(c->eng, r);
				break;
			}
		return LS_OK;
	}
	if (!profile_remedy_from_name(c->v->remedy.id, &r) ||
	    !profile_remedy_from_name(c->v->remedy.advised, &adv))
		return ls_err_set(eb, LS_EINPUT, "journal: bad remedy");
	engine_advise(c->eng, adv);
	if (engine_choose_remedy(c->eng, r, c->v->remedy.reason, 0,
	    c->v->remedy.at_us, eb) != LS_OK) {
		ls_err_prefix(eb, "journal does not fit profile %s",
		    profile_id(c->profile));
		return LS_EINPUT;
	}
	return LS_OK;
}

/* A resumed visit: same device and plan; finished steps are kept. */
static enum ls_err
session_restore(struct session *c, struct ls_errbuf *eb)
{
	struct eng_outcome	 o;
	const struct visit_step	*vs;
	long			 d;
	size_t			 i;
	enum ls_err		 e;

	if ((d = visit_device_find(c->v, c->cfg.addr_str)) < 0)
		return ls_err_set(eb, LS_EINPUT, "the journal is a visit to "
		    "another device, not %s", c->cfg.addr_str);
	c->devidx = (size_t)d;
	if (c->cfg.intake_from_journal)
		session_intake_of(c->v, &c->ans);
	for (i = 0; i < c->v->nsteps; i++) {
		vs = &c->v->steps[i];
		if (vs->status < VS_PASSED)
			continue;
		memset(&o, 0, sizeof o);
		o.status = vs->status == VS_PASSED ? ENG_PASSED :
		    vs->status == VS_FAILED ? ENG_FAILED :
		    vs->status == VS_SKIPPED ? ENG_SKIPPED : ENG_BLOCKED;
		o.started_us = vs->started_us;
		o.finished_us = vs->finished_us;
		if (vs->skip[0] != '\0')
			(void)engine_skip_parse(vs->skip, &o.skip);
		if ((e = engine_resume(c->eng, vs->id, &o, eb)) != LS_OK) {
			ls_err_prefix(eb, "journal does not fit profile %s",
			    profile_id(c->profile));
			return e;
		}
	}
	if ((e = session_restore_remedy(c, eb)) != LS_OK)
		return e;
	return journal_resumed(c->j, c->v, session_wall(), eb);
}

/* New cells were fitted and the power check passed on them. */
static bool
session_cells_replaced(struct session *c)
{
	const struct eng_outcome	*o;
	const struct eng_step		*s;
	size_t				 i, k;

	for (i = 0; i < engine_nsteps(c->eng); i++) {
		s = engine_step(c->eng, i);
		o = engine_outcome(c->eng, i);
		if (s->phase != ENG_PH_POWER || o->status != ENG_PASSED)
			continue;
		for (k = 0; k < o->nevidence; k++)
			if (strcmp(o->evidence[k].name, "battery_replaced") ==
			    0 && o->evidence[k].r.kind == RD_BOOL &&
			    o->evidence[k].r.b)
				return true;
	}
	return false;
}

/* The least invasive next step from the answers and what is seen now. */
static size_t
session_triage(struct session *c, struct triage_advice *adv)
{
	struct triage_input	 ti;
	const struct reading	*r;

	memset(&ti, 0, sizeof ti);
	ti.symptoms = c->ans.symptoms;
	ti.access = c->ans.access;
	ti.access_given = c->ans.access_given;
	ti.lock_seen = c->dev != NULL;
	if (c->dev != NULL) {
		switch (lock_battery_level(&c->dev->lock)) {
		case LOCK_BATT_OK:
			ti.battery = TRIAGE_BATT_OK;
			break;
		case LOCK_BATT_LOW:
			ti.battery = TRIAGE_BATT_LOW;
			break;
		case LOCK_BATT_CRITICAL:
			ti.battery = TRIAGE_BATT_CRITICAL;
			break;
		default:
			break;
		}
	}
	ti.cells_replaced = session_cells_replaced(c);
	if ((r = engine_reading(c->eng, "clock_skew_s")) != NULL &&
	    reading_has_value(r) && r->kind == RD_INT) {
		ti.has_clock_skew = true;
		ti.clock_skew_s = r->i;
	}
	if ((r = engine_reading(c->eng, "pairing_state")) != NULL &&
	    r->kind == RD_TEXT)
		ti.pairing = strcmp(r->text, "paired") == 0 ?
		    TRIAGE_PAIR_PAIRED : strcmp(r->text, "unpaired") == 0 ?
		    TRIAGE_PAIR_UNPAIRED : TRIAGE_PAIR_WINDOW;
	return triage_run(&ti, adv);
}

/*
 * The lock's signal over the visit: every advertising report of the
 * target adds its RSSI to the window of the wall-clock time it arrived
 * in; windows lie on a grid of sig_ms (VISIT_SIGNAL_INTERVAL_S, or the
 * test-only LOCKSCOPE_TEST_SIGNAL_MS, lockscope-report(5)) from the
 * run's start, and a window is closed into the visit's series when a
 * report or the timer comes after its end, so a timer that fires late
 * moves no report to another window.  The windows not yet journaled go
 * to the journal every SESSION_SIG_SYNC windows (a minute), when a run
 * ends and before the outcome.  A kill loses at most that much of the
 * series, never the visit.
 */
#define SESSION_SIG_SYNC	6	/* windows: a minute of 10 s ones */
#define SESSION_SIG_SKIP	100	/* windows: past this many silent
					   ones (a suspended laptop), one
					   jump, not a window each */

static void	session_sig_tick(void *);

static void
session_sig_flush(struct session *c)
{
	struct ls_errbuf	eb;

	if (c->sig_npend == 0 || c->j == NULL)
		return;
	ls_err_clear(&eb);
	(void)session_keep(c, journal_signal(c->j, c->sig_ms, c->sig_pend,
	    c->sig_npend, session_wall(), &eb), &eb);
	c->sig_npend = 0;
	c->sig_synced = session_wall();
}

/* Close the open window into the series, and the journal's queue. */
static void
session_sig_close(struct session *c)
{
	struct visit_sample	*p;
	struct ls_errbuf	 eb;

	if (c->sig_npend == JOURNAL_SIGNAL_MAX)
		session_sig_flush(c);
	p = &c->sig_pend[c->sig_npend++];
	p->at_us = c->sig_at;
	p->heard = c->sig_heard;
	p->sum = c->sig_sum;
	(void)visit_signal_add(c->v, c->sig_ms, p->at_us, p->heard, p->sum,
	    &eb);
	c->sig_heard = 0;
	c->sig_sum = 0;
}

/* Close every window that ended by now (wall µs). */
static void
session_sig_roll(struct session *c, uint64_t now)
{
	uint64_t	w = (uint64_t)c->sig_ms * 1000;

	while (now >= c->sig_at + w) {
		session_sig_close(c);
		c->sig_at += w;
		if (now >= c->sig_at + SESSION_SIG_SKIP * w)
			c->sig_at = now - (now - c->sig_at) % w;
	}
	if (now < c->sig_at)		/* the wall clock stepped back */
		c->sig_at = now;
	if (now - c->sig_synced >= w * SESSION_SIG_SYNC)
		session_sig_flush(c);
}

static void
session_sig_heard(struct session *c, int rssi)
{
	if (!c->sig_on || rssi == HC_RSSI_NONE || rssi < -127 || rssi > 20)
		return;
	session_sig_roll(c, session_wall());
	c->sig_heard++;
	c->sig_sum += rssi;
}

/* The timer: close what ended, wake at the open window's end. */
static void
session_sig_tick(void *arg)
{
	struct session	*c = arg;
	uint64_t	 now = session_wall(), end;

	session_sig_roll(c, now);
	end = c->sig_at + (uint64_t)c->sig_ms * 1000;
	c->sig_timer = loop_add_timer(c->loop, end > now ?
	    (end - now + 999) / 1000 : 1, session_sig_tick, c);
}

static void
session_sig_start(struct session *c)
{
	const char	*env = getenv("LOCKSCOPE_TEST_SIGNAL_MS");
	long		 ms = VISIT_SIGNAL_INTERVAL_S * 1000L;
	char		*end;

	if (c->sig_on)
		return;
	if (env != NULL && env[0] != '\0') {
		ms = strtol(env, &end, 10);
		if (*end != '\0' || ms < 100 || ms > 3600 * 1000L)
			ms = VISIT_SIGNAL_INTERVAL_S * 1000L;
	}
	c->sig_ms = (uint32_t)ms;
	c->sig_on = true;
	c->sig_at = c->sig_synced = session_wall();
	c->sig_heard = 0;
	c->sig_sum = 0;
	c->sig_timer = loop_add_timer(c->loop, c->sig_ms, session_sig_tick,
	    c);
}

/* The run ends: the windows that ended, the open one when it heard
   anything, and the rest to the journal. */
static void
session_sig_stop(struct session *c)
{
	if (!c->sig_on)
		return;
	if (c->sig_timer != 0)
		loop_cancel_timer(c->loop, c->sig_timer);
	c->sig_timer = 0;
	session_sig_roll(c, session_wall());
	if (c->sig_heard > 0)
		session_sig_close(c);
	session_sig_flush(c);
	c->sig_on = false;
}

/* Close the visit: after-readings, outcome, report. */
static enum ls_err
session_do_close(struct session *c, struct ls_errbuf *eb)
{
	enum visit_outcome	 vo;
	struct triage_advice	 adv[TRIAGE_MAX];
	char			 text[VISIT_NOTE_MAX];
	size_t			 i;
	bool			 blocked = false, failed = false;
	enum ls_err		 e;
	struct ls_errbuf	 ceb;

	session_snapshot(c, VISIT_AFTER);
	session_sig_stop(c);
	if (c->eb.code != LS_OK)
		return ls_err_copy(eb, &c->eb);
	for (i = 0; i < engine_nsteps(c->eng); i++) {
		switch (engine_outcome(c->eng, i)->status) {
		case ENG_BLOCKED:
			blocked = true;
			break;
		case ENG_FAILED:
		case ENG_RUNNING:
		case ENG_PENDING:
			failed = true;
			break;
		default:
			break;
		}
	}
	session_triage(c, adv);
	vo = c->interrupted ? VO_ABORTED : blocked ? VO_BLOCKED : failed ?
	    VO_COMPLETED_WITH_FAILURES : VO_COMPLETED;
	if (vo == VO_COMPLETED)
		snprintf(text, sizeof text, "Every step passed or did not "
		    "apply.");
	else
		snprintf(text, sizeof text, "%s Next: %s", vo == VO_BLOCKED ?
		    "A gate stopped the procedure before the reset." :
		    vo == VO_ABORTED ? "The visit was interrupted." :
		    "Some steps failed.", adv[0].text);
	visit_set_outcome(c->v, vo, text, session_wall());
	/* An incomplete capture is said; the visit record stands. */
	ls_err_clear(&ceb);
	if (radio_capture_end(&c->radio, &ceb) != LS_OK)
		session_notice(c, ceb.msg);
	if ((e = journal_outcome(c->j, c->v, eb)) != LS_OK)
		return e;
	return report_save(c->cfg.out, c->v, c->cfg.key, eb);
}


static const struct session_ui session_noui;

struct session *
session_new(const struct session_cfg *cfg, const struct answers *a)
{
	struct session	*c;

	if ((c = calloc(1, sizeof *c)) == NULL)
		return NULL;
	c->cfg = *cfg;
	if (c->cfg.ui == NULL)
		c->cfg.ui = &session_noui;
	c->quiet = cfg->quiet;
	c->ans = *a;
	(void)hex_addr_parse(cfg->addr_str, c->addr);
	c->loop = loop_new();
	c->tab = devtab_new(SESSION_TAB_CAP);
	c->v = visit_new();
	if (c->loop == NULL || c->tab == NULL || c->v == NULL) {
		session_free(c);
		return NULL;
	}
	loop_add_signal(c->loop, SIGINT, session_signal, c);
	loop_add_signal(c->loop, SIGTERM, session_signal, c);
	return c;
}

void
session_free(struct session *c)
{
	if (c == NULL)
		return;
	journal_close(c->j);
	engine_free(c->eng);
	oneshot_free(c->gr);
	scan_free(c->scan);
	radio_close(&c->radio);
	devtab_free(c->tab);
	visit_free(c->v);
	profile_set_free(c->profiles);
	loop_free(c->loop);
	free(c);
}

struct loop *
session_loop(struct session *c)
{
	return c->loop;
}

static enum session_res
session_err(struct session *c, struct ls_errbuf *eb)
{
	ls_err_copy(eb, &c->eb);
	return SESSION_ERROR;
}

enum session_res
session_open(struct session *c, struct ls_errbuf *eb)
{
	struct scan_params	 sp;
	struct radio_opts	 ro;
	unsigned		 find_timer;

	memset(&sp, 0, sizeof sp);
	memset(&ro, 0, sizeof ro);
	ro.capture = c->cfg.capture;
	ro.open = c->cfg.open_hci;
	if (radio_open_opts(&c->radio, c->cfg.spec, c->loop, &ro, &c->eb) !=
	    LS_OK) {
		if (c->radio.interrupted || c->interrupted)
			return SESSION_INTERRUPTED;
		return session_err(c, eb);
	}
	host_set_dead(c->radio.host, session_dead, c);
	c->scan = scan_new(c->radio.host, &c->radio.info, &sp,
	    session_on_report, c);
	if (c->scan == NULL) {
		ls_err_set(eb, LS_ENOMEM, "out of memory");
		return SESSION_ERROR;
	}
	scan_start(c->scan, session_scan_started, c);
	c->scan_on_ms = session_wall() / 1000;
	c->watch_timer = loop_add_timer(c->loop, SESSION_WATCH_MS,
	    session_watch, c);
	find_timer = loop_add_timer(c->loop,
	    (uint64_t)(c->cfg.find_s * 1000), session_find_timeout, c);
	loop_run(c->loop);
	if (!c->timed_out)
		loop_cancel_timer(c->loop, find_timer);
	if (c->eb.code != LS_OK)
		return session_err(c, eb);
	if (c->interrupted)
		return SESSION_INTERRUPTED;
	if (c->dev == NULL) {
		ls_err_set(eb, LS_EUNAVAIL, "%s not seen within %.0f s: "
		    "is it powered and in range?", c->cfg.addr_str,
		    c->cfg.find_s);
		return SESSION_ERROR;
	}
	return SESSION_OK;
}

enum session_res
session_prepare(struct session *c, char *warn, size_t wlen,
    struct ls_errbuf *eb)
{
	enum ls_err	e;

	if (session_pick_profile(c, c->cfg.want_profile, eb) != LS_OK ||
	    plan_from_profile(c->profile, c->steps, ENG_MAX_STEPS,
	    &c->nsteps, eb) != LS_OK ||
	    engine_new(c->steps, c->nsteps, &session_ops, c, &c->eng, eb) !=
	    LS_OK)
		return SESSION_ERROR;
	engine_set_remedies(c->eng, profile_remedies(c->profile));
	warn[0] = '\0';
	if (c->cfg.resume && access(c->cfg.jpath, F_OK) == 0) {
		e = journal_resume(c->cfg.jpath, c->v, &c->j, warn, wlen, eb);
		/* A killed run may have left its report's temporary file;
		   we hold the journal lock, so no other writer is running. */
		if (e == LS_OK)
			report_remove_stale(c->cfg.out);
	} else
		e = journal_create(c->cfg.jpath, &c->j, eb);
	if (e != LS_OK)
		return SESSION_ERROR;
	if (warn[0] != '\0')
		session_warn(c, "warning: %s", warn);
	e = c->v->id[0] == '\0' ? session_fresh(c, eb) :
	    c->v->ndevices == 0 ? session_intake_resume(c, eb) :
	    session_restore(c, eb);
	if (e != LS_OK)
		return SESSION_ERROR;
	session_log(c, "%s%s with profile %s; journal %s",
	    c->v->resumes > 0 ? "resuming visit to " : "visit to ",
	    c->cfg.addr_str, profile_id(c->profile), c->cfg.jpath);
	return SESSION_OK;
}

/* The GATT read of the lock (oneshot.h) */

/* Which advertised readings the lock gives (GATT ones do not replace
   them). */
struct session_adv_has {
	bool	percent, volts;
};

static void
session_adv_has_one(const char *name, const struct reading *r, void *arg)
{
	struct session_adv_has	*h = arg;

	(void)r;
	if (strcmp(name, "battery_percent") == 0)
		h->percent = true;
	else if (strcmp(name, "battery_volts") == 0)
		h->volts = true;
}

static void
session_gatt_one(const char *name, const struct reading *r, adv_readings_fn fn,
    void *arg)
{
	/* Unavailable (encrypted, not offered) stays "not reported". */
	if (r->prov == RD_OBSERVED && reading_has_value(r))
		fn(name, r, arg);
}

/*
 * The readings the GATT read gave, under the names the screen, the
 * report and the profiles know: firmware (lockscope-profile(5)) from
 * 2a26, clock_skew_s from 2a2b, and the battery (2a19/2bed, 2bf0) only
 * where advertising has none.
 */
static void
session_gatt_each(struct session *c, adv_readings_fn fn, void *arg)
{
	const struct stdchar_out	*g = &c->gres.std;
	struct session_adv_has		 h;

	if (!c->oneshot_done)
		return;
	memset(&h, 0, sizeof h);
	if (c->dev != NULL)
		adv_readings_each(c->dev, 0, session_adv_has_one, &h);
	session_gatt_one("firmware", &g->firmware, fn, arg);
	session_gatt_one("clock_skew_s", &g->clock_skew_s, fn, arg);
	if (!h.percent)
		session_gatt_one("battery_percent", &g->battery_percent,
		    fn, arg);
	if (!h.volts)
		session_gatt_one("battery_volts", &g->battery_volts, fn, arg);
}

static void
session_g_has(const char *name, const struct reading *r, void *arg)
{
	(void)name;
	(void)r;
	*(bool *)arg = true;
}

static void	session_gatt_again_done(struct session *);

static void
session_g_scan_started(const struct ls_errbuf *eb, void *arg)
{
	struct session	*c = arg;

	c->gphase = SESSION_G_NONE;
	c->scan_on_ms = session_wall() / 1000;
	if (eb->code != LS_OK) {
		ls_err_copy(&c->eb, eb);
		loop_stop(c->loop);
		return;
	}
	if (c->stopping && !c->dead) {
		scan_stop(c->scan, session_scan_stopped, c);	/* stops */
		return;
	}
	if (c->gmid) {
		session_gatt_again_done(c);
		return;
	}
	loop_stop(c->loop);
}

static void
session_g_done(const struct ls_errbuf *eb, void *arg)
{
	struct session	*c = arg;
	char		 text[700];
	bool		 some = false;

	c->gphase = SESSION_G_START;
	c->oneshot_done = true;
	if (eb->code != LS_OK && !c->interrupted && !c->dead) {
		session_gatt_each(c, session_g_has, &some);
		snprintf(text, sizeof text, "GATT read of the lock %s: %s; %s",
		    some ? "stopped early" : "failed", eb->msg, some ?
		    "what it gave is kept" : "firmware and clock not read");
		session_notice(c, text);
	}
	if (c->dead || c->stopping) {
		c->gphase = SESSION_G_NONE;
		loop_stop(c->loop);
		return;
	}
	scan_start(c->scan, session_g_scan_started, c);
}

static void
session_g_scan_stopped(const struct ls_errbuf *eb, void *arg)
{
	struct session		*c = arg;
	struct oneshot_opts	 o;

	if (c->dead || c->stopping) {
		c->gphase = SESSION_G_NONE;
		loop_stop(c->loop);
		return;
	}
	if (eb->code != LS_OK) {
		/* Still scanning, maybe: go on without the read. */
		session_g_done(eb, c);
		return;
	}
	c->gphase = SESSION_G_READ;
	memset(&c->gres, 0, sizeof c->gres);
	c->gconn_rssi = HC_RSSI_NONE;
	memset(&o, 0, sizeof o);
	o.connect_ms = SESSION_CONNECT_MS;
	o.att_ms = SESSION_ATT_MS;
	o.shared_att = c->cfg.shared_att;
	c->gr = oneshot_start(c->loop, &c->radio, c->addr, c->dev->addr_type,
	    &o, &c->gres, &c->gconn_rssi, session_g_done, c);
	if (c->gr == NULL) {
		struct ls_errbuf	meb;

		ls_err_clear(&meb);
		ls_err_set(&meb, LS_ENOMEM, "out of memory");
		session_g_done(&meb, c);
	}
}

/*
 * One GATT read of the lock before the engine starts: stop the scan
 * (controllers may refuse to connect while scanning), read, scan again.
 * A lock that refuses or never connects only gets a notice.
 */
static void
session_gatt(struct session *c)
{
	if (c->dev == NULL || c->scan == NULL || c->stopping || c->dead)
		return;
	c->gphase = SESSION_G_STOP;
	scan_stop(c->scan, session_g_scan_stopped, c);
	loop_run(c->loop);
	c->gphase = SESSION_G_NONE;
}

/*
 * A clock step after the baseline wants a fresh Current Time read: the
 * one from the start proves nothing about the time the owner just set.
 * The same stop-read-scan sequence as session_gatt, without a loop of
 * its own: the step is measured when the scan runs again.  No reading
 * (the lock offers no Current Time, or refuses): the technician attests.
 */
static void
session_gatt_again(struct session *c, bool clock)
{
	static const struct reading	none;

	if (clock)
		engine_observe(c->eng, "clock_skew_s", &none, loop_now_ms(),
		    session_wall());
	if (c->dev == NULL || c->scan == NULL || c->stopping || c->dead ||
	    c->gphase != SESSION_G_NONE) {
		if (clock)
			engine_measured(c->eng, loop_now_ms(), session_wall());
		return;
	}
	session_log(c, "reading the lock's %s again over GATT", clock ?
	    "clock" : "battery");
	c->gmid_clock = clock;
	c->oneshot_done = false;
	oneshot_free(c->gr);
	c->gr = NULL;
	c->gmid = true;
	c->gphase = SESSION_G_STOP;
	scan_stop(c->scan, session_g_scan_stopped, c);
}

static void
session_batt_poll(void *arg)
{
	struct session	*c = arg;

	c->batt_timer = 0;
	if (engine_waiting(c->eng, NULL) == ENG_WAITING_BATTERY &&
	    !c->stopping && !c->dead)
		session_gatt_again(c, false);
}

static void
session_gatt_again_done(struct session *c)
{
	const struct stdchar_out	*g = &c->gres.std;

	c->gmid = false;
	c->gphase = SESSION_G_NONE;
	if (c->oneshot_done && c->gmid_clock)
		session_gatt_one("clock_skew_s", &g->clock_skew_s,
		    session_feed_one, c);
	else if (c->oneshot_done)	/* new cells: only where advertising
					   has no battery */
		session_gatt_each(c, session_feed_one, c);
	if (c->gmid_clock)
		engine_measured(c->eng, loop_now_ms(), session_wall());
	else if (engine_waiting(c->eng, NULL) == ENG_WAITING_BATTERY &&
	    !c->stopping && !c->dead)
		/* The cells may not be in yet: read again, until the
		   engine's window closes. */
		c->batt_timer = loop_add_timer(c->loop, SESSION_BATT_POLL_MS,
		    session_batt_poll, c);
	session_schedule(c);
	session_changed(c);
	if (engine_done(c->eng))
		session_stop(c);
}

/* The step's conditions name this reading. */
static bool
session_step_reads(const struct eng_step *s, const char *name)
{
	size_t	i;

	for (i = 0; i < s->ncond; i++)
		if (strcmp(profile_reading_name(s->cond[i].reading), name) ==
		    0)
			return true;
	return false;
}

enum session_res
session_run(struct session *c, struct ls_errbuf *eb)
{
	session_sig_start(c);
	session_gatt(c);
	if (!c->stopping && !c->dead && c->eb.code == LS_OK) {
		session_feed(c);
		session_gatt_each(c, session_feed_one, c);
		session_set_stale(c, c->stale);
		engine_start(c->eng, loop_now_ms(), session_wall());
		session_changed(c);
		if (!engine_done(c->eng) && !c->stopping) {
			session_schedule(c);
			loop_run(c->loop);
		}
	}
	if (!c->stopping && !c->dead) {
		c->stopping = true;
		scan_stop(c->scan, session_scan_stopped, c);
		loop_run(c->loop);
	}
	session_sig_stop(c);
	if (engine_error(c->eng, eb) != LS_OK)
		return SESSION_ERROR;
	if (c->eb.code != LS_OK && !engine_done(c->eng))
		return session_err(c, eb);
	if (!engine_done(c->eng))
		return c->interrupted ? SESSION_INTERRUPTED :
		    SESSION_UNFINISHED;
	ls_err_clear(&c->eb);
	return SESSION_OK;
}

enum session_res
session_close(struct session *c, struct ls_errbuf *eb)
{
	return session_do_close(c, eb) == LS_OK ? SESSION_OK : SESSION_ERROR;
}

void
session_interrupt(struct session *c)
{
	session_signal(SIGINT, c);
}

/* Engine calls made outside a callback: let the loop look at it next. */
static void
session_poke(struct session *c)
{
	if (c->tick_timer != 0)
		loop_cancel_timer(c->loop, c->tick_timer);
	c->tick_at = 0;
	c->tick_timer = loop_add_timer(c->loop, 0, session_tick, c);
}

void
session_answer(struct session *c, const struct ans_step *a)
{
	size_t			 cur;
	const struct eng_step	*s;

	if (c->eng == NULL || (cur = engine_current(c->eng)) >=
	    engine_nsteps(c->eng))
		return;
	s = engine_step(c->eng, cur);
	if (s->phase == ENG_PH_OWNERSHIP)
		a = session_own_answer(c, s);
	engine_answer(c->eng, a, loop_now_ms(), session_wall());
	if (!c->stopping)
		session_poke(c);
}

/* After a call into the engine from outside a callback. */
static void
session_after(struct session *c)
{
	if (!c->stopping)
		session_poke(c);
	session_changed(c);
}

enum ls_err
session_choose_remedy(struct session *c, enum profile_remedy r,
    const char *reason, struct ls_errbuf *eb)
{
	enum ls_err	e;

	if (c->eng == NULL)
		return ls_err_set(eb, LS_EINPUT, "the visit has not started");
	if (reason != NULL && (e = answers_text_check("remedy reason",
	    reason, ANS_NOTE_MAX, false, eb)) != LS_OK)
		return e;
	e = engine_choose_remedy(c->eng, r, reason, loop_now_ms(),
	    session_wall(), eb);
	session_after(c);
	return e;
}

enum ls_err
session_skip(struct session *c, const char *reason, struct ls_errbuf *eb)
{
	enum ls_err	e;

	if (c->eng == NULL)
		return ls_err_set(eb, LS_EINPUT, "the visit has not started");
	if (reason != NULL && (e = answers_text_check("skip reason", reason,
	    ANS_NOTE_MAX, false, eb)) != LS_OK)
		return e;
	e = engine_skip(c->eng, reason, loop_now_ms(), session_wall(), eb);
	session_after(c);
	return e;
}

/* The lock advertises its battery. */
static bool
session_adv_battery(struct session *c)
{
	struct session_adv_has	h;

	memset(&h, 0, sizeof h);
	if (c->dev != NULL)
		adv_readings_each(c->dev, 0, session_adv_has_one, &h);
	return h.percent || h.volts;
}

enum ls_err
session_battery_replaced(struct session *c, struct ls_errbuf *eb)
{
	enum ls_err	e;

	if (c->eng == NULL)
		return ls_err_set(eb, LS_EINPUT, "the visit has not started");
	e = engine_battery_replaced(c->eng, loop_now_ms(), session_wall(), eb);
	if (e == LS_OK && session_adv_battery(c))
		session_feed(c);	/* a reading heard just now counts */
	else if (e == LS_OK)
		session_gatt_again(c, false);	/* GATT is all it has */
	session_after(c);
	return e;
}

void
session_note(struct session *c, const char *text)
{
	if (c->eng != NULL)
		engine_note(c->eng, text);
}

struct engine *
session_engine(struct session *c)
{
	return c->eng;
}

const struct visit *
session_visit(struct session *c)
{
	return c->v;
}

const struct dev *
session_dev(struct session *c)
{
	return c->dev;
}

const struct profile *
session_profile(struct session *c)
{
	return c->profile;
}

const struct session_previous *
session_previous(struct session *c)
{
	return c->cfg.previous;
}

/* Append ", " (after the first) and fmt to buf. */
static void
session_prev_add(char *buf, size_t len, const char *fmt, ...)
{
	va_list	ap;
	size_t	n = strlen(buf);

	if (n + 2 >= len)
		return;
	if (buf[n - 1] != ' ') {
		snprintf(buf + n, len - n, ", ");
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

void
session_previous_text(struct session *c, char *buf, size_t len)
{
	const struct session_previous	*p = c->cfg.previous;
	const struct reading		*r;
	char				 today[RD_TEXT_MAX + 16];

	buf[0] = '\0';
	if (p == NULL || len < 64)
		return;
	snprintf(buf, len, "last visit %s: ", p->date[0] != '\0' ? p->date :
	    "(date unknown)");
	if (p->has_percent) {
		r = engine_reading(c->eng, "battery_percent");
		today[0] = '\0';
		if (r != NULL && r->kind == RD_INT && reading_has_value(r))
			snprintf(today, sizeof today, " (today %lld %%)",
			    (long long)r->i);
		session_prev_add(buf, len, "battery %d %%%s", p->percent,
		    today);
	}
	if (p->has_volts) {
		r = engine_reading(c->eng, "battery_volts");
		today[0] = '\0';
		if (r != NULL && r->kind == RD_REAL && reading_has_value(r))
			snprintf(today, sizeof today, " (today %.2f V)", r->d);
		session_prev_add(buf, len, "battery %.2f V%s", p->volts,
		    today);
	}
	if (p->firmware[0] != '\0') {
		r = engine_reading(c->eng, "firmware");
		today[0] = '\0';
		if (r != NULL && r->kind == RD_TEXT && reading_has_value(r))
			snprintf(today, sizeof today, " (today %s)", r->text);
		session_prev_add(buf, len, "firmware %s%s", p->firmware,
		    today);
	}
	if (p->has_skew)
		session_prev_add(buf, len, "lock clock %s",
		    text_skew(p->skew_s, today, sizeof today));
	if (p->pairing[0] != '\0')
		session_prev_add(buf, len, "pairing %s", p->pairing);
}

const struct answers *
session_answers(struct session *c)
{
	return &c->ans;
}

bool
session_resumed(struct session *c)
{
	return c->v->resumes > 0;
}

/*
 * Starting a visit.  The radio is opened and the lock looked for first;
 * a UI may take the intake meanwhile (the screen's form) and hold the
 * session, still scanning, until the intake is complete.  When the lock
 * is never heard, what was typed is kept in an intake-only journal (a
 * visit-start, intake and authorization record, no device, no plan) and
 * --resume continues from it: session_prepare then adds the device and
 * the plan to that visit (session_intake_resume).
 */

enum session_res
session_hold(struct session *c, struct ls_errbuf *eb)
{
	if (!c->stopping && !c->dead && c->eb.code == LS_OK) {
		c->holding = true;
		loop_run(c->loop);
		c->holding = false;
	}
	if (c->eb.code != LS_OK)
		return session_err(c, eb);
	if (c->interrupted || c->stopping || c->dead)
		return SESSION_INTERRUPTED;
	return SESSION_OK;
}

void
session_release(struct session *c)
{
	if (c->holding)
		loop_stop(c->loop);
}

void
session_set_answers(struct session *c, const struct answers *a)
{
	if (c->eng == NULL)
		c->ans = *a;
}

/* Free text that may not be kept (answers_text_check) is dropped. */
static void
session_text_clean(const char *what, char *text, size_t cap, bool digits)
{
	struct ls_errbuf	eb;

	ls_err_clear(&eb);
	if (answers_text_check(what, text, cap, digits, &eb) != LS_OK)
		text[0] = '\0';
}

enum ls_err
session_keep_intake(struct session *c, const struct answers *a,
    struct ls_errbuf *eb)
{
	struct journal	*j = NULL;
	char		 warn[JOURNAL_WARN_MAX];
	uint64_t	 now = session_wall();
	enum ls_err	 e;

	if (c->j != NULL || c->eng != NULL)
		return LS_OK;		/* the visit has its journal */
	c->ans = *a;
	session_text_clean("technician", c->ans.technician,
	    sizeof c->ans.technician, false);
	session_text_clean("site", c->ans.site, sizeof c->ans.site, false);
	session_text_clean("work_order", c->ans.work_order,
	    sizeof c->ans.work_order, true);
	session_text_clean("method", c->ans.ownership_method,
	    sizeof c->ans.ownership_method, false);
	if (c->cfg.resume && access(c->cfg.jpath, F_OK) == 0) {
		if ((e = journal_resume(c->cfg.jpath, c->v, &j, warn,
		    sizeof warn, eb)) != LS_OK)
			return e;
		if (c->v->ndevices > 0) {
			/* A visit under way: its intake stands. */
			journal_close(j);
			return LS_OK;
		}
	} else if ((e = journal_create(c->cfg.jpath, &j, eb)) != LS_OK)
		return e;
	if (c->v->id[0] == '\0')
		e = visit_begin(c->v, now, eb);
	if (e == LS_OK)
		e = session_set_intake(c, eb);
	if (e == LS_OK && journal_records(j) == 0)
		e = journal_visit_start(j, c->v, eb);
	if (e == LS_OK)
		e = journal_intake(j, c->v, now, eb);
	if (e == LS_OK)
		e = journal_authorization(j, c->v, now, eb);
	journal_close(j);
	return e;
}

/* --resume of an intake-only journal: this run's intake, the device,
   the plan. */
static enum ls_err
session_intake_resume(struct session *c, struct ls_errbuf *eb)
{
	enum ls_err	e;

	if ((e = session_fresh(c, eb)) != LS_OK)
		return e;
	return journal_resumed(c->j, c->v, session_wall(), eb);
}

bool
session_not_found(struct session *c)
{
	return c->timed_out && c->dev == NULL && c->eb.code == LS_OK &&
	    !c->interrupted;
}

bool
session_journal_intake(const char *jpath, struct answers *a)
{
	struct visit		*v;
	struct ls_errbuf	 eb;
	char			 warn[JOURNAL_WARN_MAX];
	bool			 only = false;

	if ((v = visit_new()) == NULL)
		return false;
	ls_err_clear(&eb);
	if (journal_load(jpath, v, warn, sizeof warn, &eb) == LS_OK &&
	    v->id[0] != '\0' && v->ndevices == 0) {
		memset(a, 0, sizeof *a);
		session_intake_of(v, a);
		only = true;
	}
	visit_free(v);
	return only;
}

/*
 * The lock's silence.  Every report of the target clears it at once; a
 * timer judges it once a second (devtab_stale: 5 usual intervals, at
 * least 10 s).  While the lock is silent the engine passes no radio
 * verification (engine_set_stale), and the UIs are told both ways
 * through the notice hook and the running log.
 */

/* "'TTLock-M201' C4:7C:8D:6A:12:01": what the technician knows it by. */
static void
session_lock_name(struct session *c, char *buf, size_t len)
{
	char	name[AD_NAME_MAX * 4];

	text_sanitize(c->dev->ad.name, c->dev->ad.name_len, name,
	    sizeof name);
	if (name[0] != '\0')
		snprintf(buf, len, "lock '%s' %s", name, c->cfg.addr_str);
	else if (c->dev->lock.vendor != NULL)
		snprintf(buf, len, "%s lock %s", c->dev->lock.vendor,
		    c->cfg.addr_str);
	else
		snprintf(buf, len, "lock %s", c->cfg.addr_str);
}

static void
session_set_stale(struct session *c, bool stale)
{
	c->stale = stale;
	if (c->eng != NULL)
		engine_set_stale(c->eng, stale);
}

static void
session_watch(void *arg)
{
	struct session	*c = arg;
	uint64_t	 now = session_wall() / 1000;
	char		 name[300], dur[32], msg[400];

	c->watch_timer = loop_add_timer(c->loop, SESSION_WATCH_MS,
	    session_watch, c);
	/* Nothing is heard while our own GATT read holds the scan, nor is
	   the lock silent until the scan has run for a stale bound. */
	if (c->dev == NULL || c->stale || c->stopping ||
	    c->gphase != SESSION_G_NONE ||
	    now - c->scan_on_ms < devtab_stale_after_ms(c->dev) ||
	    !devtab_stale(c->dev, now))
		return;
	session_set_stale(c, true);
	session_lock_name(c, name, sizeof name);
	text_duration((now - c->dev->last_seen_ms) / 1000, dur, sizeof dur);
	snprintf(msg, sizeof msg, "%s silent for %s: radio checks wait",
	    name, dur);
	session_notice(c, msg);
}

/* A report of the target came in (devtab updated): silent no more. */
static void
session_heard(struct session *c)
{
	char	name[300], msg[400];

	if (!c->stale)
		return;
	session_set_stale(c, false);
	session_lock_name(c, name, sizeof name);
	snprintf(msg, sizeof msg, "%s heard again", name);
	session_notice(c, msg);
}

bool
session_stale(struct session *c)
{
	return c->stale;
}

/* The triage's advice now, for the screen (not after the visit). */
bool
session_advice(struct session *c, char *buf, size_t len)
{
	struct triage_advice	adv[TRIAGE_MAX];

	if (c->eng == NULL || c->dev == NULL)
		return false;
	session_triage(c, adv);
	snprintf(buf, len, "%s", adv[0].text);
	return true;
}
