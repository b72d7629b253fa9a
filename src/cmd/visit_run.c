/*
 * visit_run.c - one service visit as a session (see visit_run.h).
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../bt/devtab.h"
#include "../bt/gatt.h"
#include "../bt/hcidef.h"
#include "../bt/lock.h"
#include "../bt/scan.h"
#include "../profile/profile.h"
#include "../util/hex.h"
#include "../util/loop.h"
#include "../visit/answers.h"
#include "../visit/devread.h"
#include "../visit/engine.h"
#include "../visit/journal.h"
#include "../visit/key.h"
#include "../visit/plan.h"
#include "../visit/report.h"
#include "../visit/triage.h"
#include "../visit/visit.h"
#include "gread.h"
#include "radio.h"
#include "visit_run.h"

#define VRUN_TAB_CAP		512
#define VRUN_CONNECT_MS		10000	/* as inspect: connection completes */
#define VRUN_ATT_MS		5000	/* as inspect: per ATT request */

/* The GATT read at the start of the run (vrun_gatt). */
enum vrun_gphase {
	VRUN_G_NONE,
	VRUN_G_STOP,		/* the scan is stopping */
	VRUN_G_READ,		/* gread running */
	VRUN_G_START		/* the scan is starting again */
};

struct vrun {
	struct vrun_cfg		 cfg;
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
	enum visit_when		 snap_when;	/* for vrun_snapshot_one */
	unsigned		 tick_timer;
	uint64_t		 tick_at;
	bool			 quiet;
	bool			 found;		/* stop the find loop */

	struct gread		*gr;
	enum vrun_gphase	 gphase;
	bool			 gread_done;	/* gres may hold readings */
	struct gatt_result	 gres;
	int			 gconn_rssi;
};

static void	vrun_stop(struct vrun *);
static void	vrun_schedule(struct vrun *);
static void	vrun_tick(void *);

static void
vrun_changed(struct vrun *c)
{
	if (c->cfg.ui->changed != NULL)
		c->cfg.ui->changed(c->cfg.uiarg);
}

static uint64_t
vrun_wall(void)
{
	return loop_wall_us();
}

/* The target's advertised readings into the engine. */
static void
vrun_feed_one(const char *name, const struct reading *r, void *arg)
{
	struct vrun	*c = arg;

	engine_observe(c->eng, name, r, loop_now_ms(), vrun_wall());
}

static void
vrun_feed(struct vrun *c)
{
	if (c->eng != NULL && c->dev != NULL)
		devread_each(c->dev, vrun_wall(), vrun_feed_one, c);
}

static void
vrun_on_report(const struct hcievt_adv_report *r, void *arg)
{
	struct vrun	*c = arg;
	struct dev	*d;
	unsigned	 what = 0;

	if (memcmp(r->addr, c->addr, 6) != 0)
		return;
	d = devtab_update(c->tab, r, vrun_wall() / 1000, &what);
	if (d == NULL)
		return;
	if (what & (DEVTAB_NEW | DEVTAB_AD | DEVTAB_IDENT))
		lock_classify(d);
	c->dev = d;
	if (c->eng == NULL) {
		if (!c->found) {
			c->found = true;
			loop_stop(c->loop);	/* the visit can begin */
		}
		return;
	}
	vrun_feed(c);
	vrun_changed(c);
	vrun_schedule(c);
	if (engine_done(c->eng))
		vrun_stop(c);
}

/* Journal helpers: an error stops the visit (the engine stops too). */
static enum ls_err
vrun_keep(struct vrun *c, enum ls_err e, struct ls_errbuf *eb)
{
	if (e != LS_OK && c->eb.code == LS_OK)
		ls_err_copy(&c->eb, eb);
	return e;
}

/* Engine ops */

const struct ans_step *
vrun_own_answer(struct vrun *c, const struct eng_step *s)
{
	struct reading	 r;

	memset(&c->synth, 0, sizeof c->synth);
	snprintf(c->synth.id, sizeof c->synth.id, "%s", s->id);
	reading_bool(&r, RD_ATTESTED, c->ans.ownership_verified,
	    "technician", vrun_wall());
	engine_observe(c->eng, "ownership_verified", &r, loop_now_ms(),
	    vrun_wall());
	c->synth.result = c->ans.ownership_verified ? ANS_RES_PASS :
	    ANS_RES_FAIL;
	snprintf(c->synth.note, sizeof c->synth.note, "%s",
	    c->ans.ownership_verified ? c->ans.ownership_method :
	    "ownership not verified");
	return &c->synth;
}

static void
vrun_ask(void *arg, const struct eng_step *s)
{
	struct vrun	*c = arg;

	vrun_changed(c);
	if (c->cfg.ui->ask != NULL)
		c->cfg.ui->ask(c->cfg.uiarg, s);
}

/* Readings of the device into its before or after set, journaled. */
static void
vrun_snapshot_one(const char *name, const struct reading *r, void *arg)
{
	struct vrun		*c = arg;
	struct ls_errbuf	 eb;

	ls_err_clear(&eb);
	if (vrun_keep(c, visit_device_reading(c->v, c->devidx,
	    c->snap_when, name, r, &eb), &eb) == LS_OK)
		vrun_keep(c, journal_reading(c->j, c->v, c->devidx,
		    c->snap_when, name, r->at_us, &eb), &eb);
}

static void	vrun_gatt_each(struct vrun *, devread_fn, void *);

static void
vrun_snapshot(struct vrun *c, enum visit_when when)
{
	if (c->dev == NULL)
		return;
	c->snap_when = when;
	devread_each(c->dev, vrun_wall(), vrun_snapshot_one, c);
	/* Read once at the start: they belong to the before set only. */
	if (when == VISIT_BEFORE)
		vrun_gatt_each(c, vrun_snapshot_one, c);
}

static void	vrun_notice(void *, const char *);
static size_t	vrun_triage(struct vrun *, struct triage_advice *);

static void
vrun_measure(void *arg, const struct eng_step *s)
{
	struct vrun		*c = arg;
	struct triage_advice	 adv[TRIAGE_MAX];
	char			 note[TRIAGE_TEXT_MAX + 16];

	vrun_feed(c);
	if (s->phase == ENG_PH_BASELINE) {
		vrun_snapshot(c, VISIT_BEFORE);
		vrun_triage(c, adv);
		snprintf(note, sizeof note, "triage: %s", adv[0].text);
		engine_note(c->eng, note);
	}
	engine_measured(c->eng, loop_now_ms(), vrun_wall());
}

static enum visit_status
vrun_status(enum eng_status s)
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

static enum ls_err
vrun_record(void *arg, const struct eng_step *s, const struct eng_outcome *o,
    struct ls_errbuf *eb)
{
	struct vrun	*c = arg;
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
		vrun_changed(c);
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
	if ((e = visit_step_finish(c->v, (size_t)idx, vrun_status(o->status),
	    o->finished_us, o->note, eb)) != LS_OK)
		return e;
	if (!c->quiet)
		fprintf(stderr, "lockscope visit: %-8s %s%s%s\n",
		    engine_status_name(o->status), s->id,
		    o->note[0] != '\0' ? ": " : "", o->note);
	if ((e = journal_step_finish(c->j, c->v, (size_t)idx, eb)) != LS_OK)
		return e;
	if (c->cfg.ui->step_done != NULL)
		c->cfg.ui->step_done(c->cfg.uiarg, s, o);
	vrun_changed(c);
	return LS_OK;
}

static void
vrun_notice(void *arg, const char *text)
{
	struct vrun	*c = arg;

	if (!c->quiet)
		fprintf(stderr, "lockscope visit: %s\n", text);
	if (c->cfg.ui->notice != NULL)
		c->cfg.ui->notice(c->cfg.uiarg, text);
	vrun_changed(c);
}

static const struct eng_ops vrun_ops = {
	vrun_ask, vrun_measure, vrun_record, vrun_notice
};

/* Loop plumbing */

static void
vrun_tick(void *arg)
{
	struct vrun	*c = arg;

	c->tick_timer = 0;
	c->tick_at = 0;
	vrun_schedule(c);
	if (engine_done(c->eng))
		vrun_stop(c);
}

/* Run the engine's clock and (re)arm the timer for its next deadline. */
static void
vrun_schedule(struct vrun *c)
{
	uint64_t	now = loop_now_ms(), next;

	next = engine_tick(c->eng, now, vrun_wall());
	if (next == 0 || next == c->tick_at)
		return;
	if (c->tick_timer != 0)
		loop_cancel_timer(c->loop, c->tick_timer);
	c->tick_at = next;
	c->tick_timer = loop_add_timer(c->loop, next > now ? next - now : 0,
	    vrun_tick, c);
}

static void
vrun_scan_stopped(const struct ls_errbuf *eb, void *arg)
{
	struct vrun	*c = arg;

	if (eb->code != LS_OK && !c->dead)
		ls_err_copy(&c->eb, eb);
	loop_stop(c->loop);
}

static void
vrun_stop(struct vrun *c)
{
	if (c->stopping)
		return;
	c->stopping = true;
	if (c->dead) {
		loop_stop(c->loop);
		return;
	}
	switch (c->gphase) {
	case VRUN_G_STOP:	/* its callback sees stopping */
	case VRUN_G_START:
		return;
	case VRUN_G_READ:
		gread_cancel(c->gr);	/* done follows */
		return;
	default:
		break;
	}
	scan_stop(c->scan, vrun_scan_stopped, c);
}

static void
vrun_signal(int signo, void *arg)
{
	struct vrun	*c = arg;

	(void)signo;
	if (c->stopping) {
		loop_stop(c->loop);
		return;
	}
	c->interrupted = true;
	vrun_stop(c);
}

static void
vrun_dead(const struct ls_errbuf *why, void *arg)
{
	struct vrun	*c = arg;

	c->dead = true;
	ls_err_copy(&c->eb, why);
	if (c->gphase == VRUN_G_READ)
		gread_host_dead(c->gr, why);
	loop_stop(c->loop);
}

static void
vrun_scan_started(const struct ls_errbuf *eb, void *arg)
{
	struct vrun	*c = arg;

	if (eb->code != LS_OK) {
		ls_err_copy(&c->eb, eb);
		loop_stop(c->loop);
	}
}

static void
vrun_find_timeout(void *arg)
{
	struct vrun	*c = arg;

	c->timed_out = true;
	loop_stop(c->loop);
}

/* Set-up */

static enum ls_err
vrun_pick_profile(struct vrun *c, const char *want, struct ls_errbuf *eb)
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

/* A new visit: intake, authorization, device, plan; all journaled. */
static enum ls_err
vrun_fresh(struct vrun *c, struct ls_errbuf *eb)
{
	struct visit_device	 vd;
	const char		*n;
	uint64_t		 now = vrun_wall();
	size_t			 i, idx;
	enum ls_err		 e;

	if ((e = visit_begin(c->v, now, eb)) != LS_OK)
		return e;
	visit_set_intake(c->v, c->ans.technician, c->ans.site,
	    c->ans.work_order);
	for (i = 0; i < 32 && (n = visit_symptom_name(i)) != NULL; i++)
		if ((c->ans.symptoms & answers_symptom_bit(n)) &&
		    (e = visit_add_symptom(c->v, n, eb)) != LS_OK)
			return e;
	c->v->access = c->ans.access;
	visit_set_authorization(c->v, c->ans.ownership_verified,
	    c->ans.ownership_method);
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
	if ((e = journal_visit_start(c->j, c->v, eb)) != LS_OK ||
	    (e = journal_intake(c->j, c->v, now, eb)) != LS_OK ||
	    (e = journal_authorization(c->j, c->v, now, eb)) != LS_OK ||
	    (e = journal_device(c->j, c->v, c->devidx, now, eb)) != LS_OK ||
	    (e = journal_plan(c->j, c->v, now, eb)) != LS_OK)
		return e;
	return LS_OK;
}

/* The intake and ownership the journal holds, as answers. */
static void
vrun_intake_from(struct vrun *c)
{
	const struct visit	*v = c->v;
	size_t			 i;

	snprintf(c->ans.technician, sizeof c->ans.technician, "%s",
	    v->technician);
	snprintf(c->ans.site, sizeof c->ans.site, "%s", v->site);
	snprintf(c->ans.work_order, sizeof c->ans.work_order, "%s",
	    v->work_order);
	c->ans.symptoms = 0;
	for (i = 0; i < v->nsymptoms; i++)
		c->ans.symptoms |= answers_symptom_bit(v->symptoms[i]);
	c->ans.access = v->access;
	c->ans.access_given = v->access != 0;
	c->ans.ownership_verified = v->ownership_verified;
	snprintf(c->ans.ownership_method, sizeof c->ans.ownership_method,
	    "%s", v->auth_method);
}

/* A resumed visit: same device and plan; finished steps are kept. */
static enum ls_err
vrun_restore(struct vrun *c, struct ls_errbuf *eb)
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
		vrun_intake_from(c);
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
		if ((e = engine_resume(c->eng, vs->id, &o, eb)) != LS_OK) {
			ls_err_prefix(eb, "journal does not fit profile %s",
			    profile_id(c->profile));
			return e;
		}
	}
	return journal_resumed(c->j, c->v, vrun_wall(), eb);
}

/* The least invasive next step from the answers and what is seen now. */
static size_t
vrun_triage(struct vrun *c, struct triage_advice *adv)
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

/* Close the visit: after-readings, outcome, report. */
static enum ls_err
vrun_do_close(struct vrun *c, struct ls_errbuf *eb)
{
	enum visit_outcome	 vo;
	struct triage_advice	 adv[TRIAGE_MAX];
	char			 text[VISIT_NOTE_MAX];
	size_t			 i;
	bool			 blocked = false, failed = false;
	enum ls_err		 e;
	struct ls_errbuf	 ceb;

	vrun_snapshot(c, VISIT_AFTER);
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
	vrun_triage(c, adv);
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
	visit_set_outcome(c->v, vo, text, vrun_wall());
	/* An incomplete capture is said; the visit record stands. */
	ls_err_clear(&ceb);
	if (radio_capture_end(&c->radio, &ceb) != LS_OK)
		vrun_notice(c, ceb.msg);
	if ((e = journal_outcome(c->j, c->v, eb)) != LS_OK)
		return e;
	return report_save(c->cfg.out, c->v, c->cfg.key, eb);
}


static const struct vrun_ui vrun_noui;

struct vrun *
vrun_new(const struct vrun_cfg *cfg, const struct answers *a)
{
	struct vrun	*c;

	if ((c = calloc(1, sizeof *c)) == NULL)
		return NULL;
	c->cfg = *cfg;
	if (c->cfg.ui == NULL)
		c->cfg.ui = &vrun_noui;
	c->quiet = cfg->quiet;
	c->ans = *a;
	(void)hex_addr_parse(cfg->addr_str, c->addr);
	c->loop = loop_new();
	c->tab = devtab_new(VRUN_TAB_CAP);
	c->v = visit_new();
	if (c->loop == NULL || c->tab == NULL || c->v == NULL) {
		vrun_free(c);
		return NULL;
	}
	loop_add_signal(c->loop, SIGINT, vrun_signal, c);
	loop_add_signal(c->loop, SIGTERM, vrun_signal, c);
	return c;
}

void
vrun_free(struct vrun *c)
{
	if (c == NULL)
		return;
	journal_close(c->j);
	engine_free(c->eng);
	gread_free(c->gr);
	scan_free(c->scan);
	radio_close(&c->radio);
	devtab_free(c->tab);
	visit_free(c->v);
	profile_set_free(c->profiles);
	loop_free(c->loop);
	free(c);
}

struct loop *
vrun_loop(struct vrun *c)
{
	return c->loop;
}

static enum vrun_res
vrun_err(struct vrun *c, struct ls_errbuf *eb)
{
	ls_err_copy(eb, &c->eb);
	return VRUN_ERROR;
}

enum vrun_res
vrun_open(struct vrun *c, struct ls_errbuf *eb)
{
	struct scan_params	 sp;
	struct radio_opts	 ro;
	unsigned		 find_timer;

	memset(&sp, 0, sizeof sp);
	memset(&ro, 0, sizeof ro);
	ro.capture = c->cfg.capture;
	if (radio_open_opts(&c->radio, c->cfg.spec, c->loop, &ro, &c->eb) !=
	    LS_OK) {
		if (c->radio.interrupted || c->interrupted)
			return VRUN_INTERRUPTED;
		return vrun_err(c, eb);
	}
	host_set_dead(c->radio.host, vrun_dead, c);
	c->scan = scan_new(c->radio.host, &c->radio.info, &sp,
	    vrun_on_report, c);
	if (c->scan == NULL) {
		ls_err_set(eb, LS_ENOMEM, "out of memory");
		return VRUN_ERROR;
	}
	scan_start(c->scan, vrun_scan_started, c);
	find_timer = loop_add_timer(c->loop,
	    (uint64_t)(c->cfg.find_s * 1000), vrun_find_timeout, c);
	loop_run(c->loop);
	if (!c->timed_out)
		loop_cancel_timer(c->loop, find_timer);
	if (c->eb.code != LS_OK)
		return vrun_err(c, eb);
	if (c->interrupted)
		return VRUN_INTERRUPTED;
	if (c->dev == NULL) {
		ls_err_set(eb, LS_EUNAVAIL, "%s not seen within %.0f s: "
		    "is it powered and in range?", c->cfg.addr_str,
		    c->cfg.find_s);
		return VRUN_ERROR;
	}
	return VRUN_OK;
}

enum vrun_res
vrun_prepare(struct vrun *c, char *warn, size_t wlen, struct ls_errbuf *eb)
{
	enum ls_err	e;

	if (vrun_pick_profile(c, c->cfg.want_profile, eb) != LS_OK ||
	    plan_from_profile(c->profile, c->steps, ENG_MAX_STEPS,
	    &c->nsteps, eb) != LS_OK ||
	    engine_new(c->steps, c->nsteps, &vrun_ops, c, &c->eng, eb) !=
	    LS_OK)
		return VRUN_ERROR;
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
		return VRUN_ERROR;
	if (warn[0] != '\0' && !c->quiet)
		fprintf(stderr, "lockscope visit: warning: %s\n", warn);
	e = c->v->id[0] != '\0' ? vrun_restore(c, eb) : vrun_fresh(c, eb);
	if (e != LS_OK)
		return VRUN_ERROR;
	if (!c->quiet)
		fprintf(stderr, "lockscope visit: %s%s with profile %s; "
		    "journal %s\n", c->v->resumes > 0 ? "resuming visit to " :
		    "visit to ", c->cfg.addr_str, profile_id(c->profile),
		    c->cfg.jpath);
	return VRUN_OK;
}

/* The GATT read of the lock (gread.h) */

/* Which advertised readings the lock gives (GATT ones do not replace
   them). */
struct vrun_adv_has {
	bool	percent, volts;
};

static void
vrun_adv_has_one(const char *name, const struct reading *r, void *arg)
{
	struct vrun_adv_has	*h = arg;

	(void)r;
	if (strcmp(name, "battery_percent") == 0)
		h->percent = true;
	else if (strcmp(name, "battery_volts") == 0)
		h->volts = true;
}

static void
vrun_gatt_one(const char *name, const struct reading *r, devread_fn fn,
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
vrun_gatt_each(struct vrun *c, devread_fn fn, void *arg)
{
	const struct gattstd_out	*g = &c->gres.std;
	struct vrun_adv_has		 h;

	if (!c->gread_done)
		return;
	memset(&h, 0, sizeof h);
	if (c->dev != NULL)
		devread_each(c->dev, 0, vrun_adv_has_one, &h);
	vrun_gatt_one("firmware", &g->firmware, fn, arg);
	vrun_gatt_one("clock_skew_s", &g->clock_skew_s, fn, arg);
	if (!h.percent)
		vrun_gatt_one("battery_percent", &g->battery_percent, fn, arg);
	if (!h.volts)
		vrun_gatt_one("battery_volts", &g->battery_volts, fn, arg);
}

static void
vrun_g_has(const char *name, const struct reading *r, void *arg)
{
	(void)name;
	(void)r;
	*(bool *)arg = true;
}

static void
vrun_g_scan_started(const struct ls_errbuf *eb, void *arg)
{
	struct vrun	*c = arg;

	c->gphase = VRUN_G_NONE;
	if (eb->code != LS_OK) {
		ls_err_copy(&c->eb, eb);
		loop_stop(c->loop);
		return;
	}
	if (c->stopping && !c->dead) {
		scan_stop(c->scan, vrun_scan_stopped, c);	/* stops */
		return;
	}
	loop_stop(c->loop);
}

static void
vrun_g_done(const struct ls_errbuf *eb, void *arg)
{
	struct vrun	*c = arg;
	char		 text[700];
	bool		 some = false;

	c->gphase = VRUN_G_START;
	c->gread_done = true;
	if (eb->code != LS_OK && !c->interrupted && !c->dead) {
		vrun_gatt_each(c, vrun_g_has, &some);
		snprintf(text, sizeof text, "GATT read of the lock %s: %s; %s",
		    some ? "stopped early" : "failed", eb->msg, some ?
		    "what it gave is kept" : "firmware and clock not read");
		vrun_notice(c, text);
	}
	if (c->dead || c->stopping) {
		c->gphase = VRUN_G_NONE;
		loop_stop(c->loop);
		return;
	}
	scan_start(c->scan, vrun_g_scan_started, c);
}

static void
vrun_g_scan_stopped(const struct ls_errbuf *eb, void *arg)
{
	struct vrun		*c = arg;
	struct gread_opts	 o;

	if (c->dead || c->stopping) {
		c->gphase = VRUN_G_NONE;
		loop_stop(c->loop);
		return;
	}
	if (eb->code != LS_OK) {
		/* Still scanning, maybe: go on without the read. */
		vrun_g_done(eb, c);
		return;
	}
	c->gphase = VRUN_G_READ;
	memset(&c->gres, 0, sizeof c->gres);
	c->gconn_rssi = HC_RSSI_NONE;
	memset(&o, 0, sizeof o);
	o.connect_ms = VRUN_CONNECT_MS;
	o.att_ms = VRUN_ATT_MS;
	c->gr = gread_start(c->loop, &c->radio, c->addr, c->dev->addr_type,
	    &o, &c->gres, &c->gconn_rssi, vrun_g_done, c);
	if (c->gr == NULL) {
		struct ls_errbuf	meb;

		ls_err_clear(&meb);
		ls_err_set(&meb, LS_ENOMEM, "out of memory");
		vrun_g_done(&meb, c);
	}
}

/*
 * One GATT read of the lock before the engine starts: stop the scan
 * (controllers may refuse to connect while scanning), read, scan again.
 * A lock that refuses or never connects only gets a notice.
 */
static void
vrun_gatt(struct vrun *c)
{
	if (c->dev == NULL || c->scan == NULL || c->stopping || c->dead)
		return;
	c->gphase = VRUN_G_STOP;
	scan_stop(c->scan, vrun_g_scan_stopped, c);
	loop_run(c->loop);
	c->gphase = VRUN_G_NONE;
}

enum vrun_res
vrun_run(struct vrun *c, struct ls_errbuf *eb)
{
	vrun_gatt(c);
	if (!c->stopping && !c->dead && c->eb.code == LS_OK) {
		vrun_feed(c);
		vrun_gatt_each(c, vrun_feed_one, c);
		engine_start(c->eng, loop_now_ms(), vrun_wall());
		vrun_changed(c);
		if (!engine_done(c->eng) && !c->stopping) {
			vrun_schedule(c);
			loop_run(c->loop);
		}
	}
	if (!c->stopping && !c->dead) {
		c->stopping = true;
		scan_stop(c->scan, vrun_scan_stopped, c);
		loop_run(c->loop);
	}
	if (engine_error(c->eng, eb) != LS_OK)
		return VRUN_ERROR;
	if (c->eb.code != LS_OK && !engine_done(c->eng))
		return vrun_err(c, eb);
	if (!engine_done(c->eng))
		return c->interrupted ? VRUN_INTERRUPTED : VRUN_UNFINISHED;
	ls_err_clear(&c->eb);
	return VRUN_OK;
}

enum vrun_res
vrun_close(struct vrun *c, struct ls_errbuf *eb)
{
	return vrun_do_close(c, eb) == LS_OK ? VRUN_OK : VRUN_ERROR;
}

void
vrun_interrupt(struct vrun *c)
{
	vrun_signal(SIGINT, c);
}

/* Engine calls made outside a callback: let the loop look at it next. */
static void
vrun_poke(struct vrun *c)
{
	if (c->tick_timer != 0)
		loop_cancel_timer(c->loop, c->tick_timer);
	c->tick_at = 0;
	c->tick_timer = loop_add_timer(c->loop, 0, vrun_tick, c);
}

void
vrun_answer(struct vrun *c, const struct ans_step *a)
{
	size_t			 cur;
	const struct eng_step	*s;

	if (c->eng == NULL || (cur = engine_current(c->eng)) >=
	    engine_nsteps(c->eng))
		return;
	s = engine_step(c->eng, cur);
	if (s->phase == ENG_PH_OWNERSHIP)
		a = vrun_own_answer(c, s);
	engine_answer(c->eng, a, loop_now_ms(), vrun_wall());
	if (!c->stopping)
		vrun_poke(c);
}

void
vrun_note(struct vrun *c, const char *text)
{
	if (c->eng != NULL)
		engine_note(c->eng, text);
}

struct engine *
vrun_engine(struct vrun *c)
{
	return c->eng;
}

const struct visit *
vrun_visit(struct vrun *c)
{
	return c->v;
}

const struct dev *
vrun_dev(struct vrun *c)
{
	return c->dev;
}

const struct profile *
vrun_profile(struct vrun *c)
{
	return c->profile;
}

const struct answers *
vrun_answers(struct vrun *c)
{
	return &c->ans;
}

bool
vrun_resumed(struct vrun *c)
{
	return c->v->resumes > 0;
}
