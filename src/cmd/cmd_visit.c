/*
 * cmd_visit.c - lockscope visit: a service visit in batch mode.
 *
 * One event loop: the adapter (scanning the whole time, so the engine
 * sees the target lock's advertising change live), a timer for the
 * engine's deadlines, SIGINT/SIGTERM.  The engine asks; batch mode answers
 * from the answers file at once.  Every step transition is in the visit
 * model and synced to the journal before the engine moves on; the report
 * is written atomically at the end.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "../bt/devtab.h"
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
#include "cmd.h"
#include "radio.h"

#define VISIT_FIND_S		30.0	/* default --timeout */
#define VISIT_MAX_FIND_S	600.0
#define VISIT_TAB_CAP		512

struct vctx {
	const struct cmd_entry	*ce;
	struct loop		*loop;
	struct radio		 radio;
	struct scan		*scan;
	struct devtab		*tab;
	uint8_t			 addr[6];	/* target, little-endian */
	const char		*addr_str;
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
	struct key		*key;
	size_t			 devidx;
	struct engine		*eng;
	size_t			 nsteps;
	struct eng_step		 steps[ENG_MAX_STEPS];
	struct ans_step		 synth;		/* a made-up answer */
	enum visit_when		 snap_when;	/* for vis_snapshot_one */
	unsigned		 tick_timer;
	uint64_t		 tick_at;
	bool			 quiet;
};

static void	vis_stop(struct vctx *);
static void	vis_schedule(struct vctx *);

static uint64_t
vis_wall(void)
{
	return loop_wall_us();
}

/* The target's advertised readings into the engine. */
static void
vis_feed_one(const char *name, const struct reading *r, void *arg)
{
	struct vctx	*c = arg;

	engine_observe(c->eng, name, r, loop_now_ms(), vis_wall());
}

static void
vis_feed(struct vctx *c)
{
	if (c->eng != NULL && c->dev != NULL)
		devread_each(c->dev, vis_wall(), vis_feed_one, c);
}

static void
vis_on_report(const struct hcievt_adv_report *r, void *arg)
{
	struct vctx	*c = arg;
	struct dev	*d;
	unsigned	 what = 0;

	if (memcmp(r->addr, c->addr, 6) != 0)
		return;
	d = devtab_update(c->tab, r, vis_wall() / 1000, &what);
	if (d == NULL)
		return;
	if (what & (DEVTAB_NEW | DEVTAB_AD | DEVTAB_IDENT))
		lock_classify(d);
	c->dev = d;
	if (c->eng == NULL) {
		loop_stop(c->loop);	/* found: the visit can begin */
		return;
	}
	vis_feed(c);
	vis_schedule(c);
	if (engine_done(c->eng))
		vis_stop(c);
}

/* Journal helpers: an error stops the visit (the engine stops too). */
static enum ls_err
vis_keep(struct vctx *c, enum ls_err e, struct ls_errbuf *eb)
{
	if (e != LS_OK && c->eb.code == LS_OK)
		ls_err_set_at(&c->eb, eb->file, eb->line, eb->code, "%s",
		    eb->msg);
	return e;
}

/* Engine ops */

static const struct ans_step *
vis_answer_for(struct vctx *c, const struct eng_step *s)
{
	const char	*phase = engine_phase_name(s->phase);
	struct ans_step	*a;
	struct reading	 r;

	memset(&c->synth, 0, sizeof c->synth);
	snprintf(c->synth.id, sizeof c->synth.id, "%s", s->id);
	if (s->phase == ENG_PH_OWNERSHIP) {
		reading_bool(&r, RD_ATTESTED, c->ans.ownership_verified,
		    "technician", vis_wall());
		engine_observe(c->eng, "ownership_verified", &r,
		    loop_now_ms(), vis_wall());
		c->synth.result = c->ans.ownership_verified ? ANS_RES_PASS :
		    ANS_RES_FAIL;
		snprintf(c->synth.note, sizeof c->synth.note, "%s",
		    c->ans.ownership_verified ? c->ans.ownership_method :
		    "ownership not verified");
		return &c->synth;
	}
	if ((a = answers_step(&c->ans, s->id)) != NULL ||
	    (a = answers_step(&c->ans, phase)) != NULL) {
		a->used = true;
		return a;
	}
	/* Measurements the radio could not make need an explicit answer. */
	if (s->kind == ENG_K_MEASURE)
		return NULL;
	c->synth.result = ANS_RES_DONE;
	if (s->phase != ENG_PH_INTAKE && s->phase != ENG_PH_CLOSEOUT)
		snprintf(c->synth.note, sizeof c->synth.note, "not in the "
		    "answers file: taken as done");
	return &c->synth;
}

static void
vis_ask(void *arg, const struct eng_step *s)
{
	struct vctx	*c = arg;

	engine_answer(c->eng, vis_answer_for(c, s), loop_now_ms(),
	    vis_wall());
}

/* Readings of the device into its before or after set, journaled. */
static void
vis_snapshot_one(const char *name, const struct reading *r, void *arg)
{
	struct vctx		*c = arg;
	struct ls_errbuf	 eb;

	ls_err_clear(&eb);
	if (vis_keep(c, visit_device_reading(c->v, c->devidx,
	    c->snap_when, name, r, &eb), &eb) == LS_OK)
		vis_keep(c, journal_reading(c->j, c->v, c->devidx,
		    c->snap_when, name, r->at_us, &eb), &eb);
}

static void
vis_snapshot(struct vctx *c, enum visit_when when)
{
	if (c->dev == NULL)
		return;
	c->snap_when = when;
	devread_each(c->dev, vis_wall(), vis_snapshot_one, c);
}

static void	vis_notice(void *, const char *);
static size_t	vis_triage(struct vctx *, struct triage_advice *);

static void
vis_measure(void *arg, const struct eng_step *s)
{
	struct vctx		*c = arg;
	struct triage_advice	 adv[TRIAGE_MAX];
	char			 note[TRIAGE_TEXT_MAX + 16];

	vis_feed(c);
	if (s->phase == ENG_PH_BASELINE) {
		vis_snapshot(c, VISIT_BEFORE);
		vis_triage(c, adv);
		snprintf(note, sizeof note, "triage: %s", adv[0].text);
		engine_note(c->eng, note);
	}
	engine_measured(c->eng, loop_now_ms(), vis_wall());
}

static enum visit_status
vis_status(enum eng_status s)
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
vis_record(void *arg, const struct eng_step *s, const struct eng_outcome *o,
    struct ls_errbuf *eb)
{
	struct vctx	*c = arg;
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
		return journal_step_start(c->j, c->v, (size_t)idx, eb);
	}
	if (c->v->steps[idx].started_us == 0 &&
	    (e = visit_step_start(c->v, (size_t)idx, o->started_us, eb)) !=
	    LS_OK)
		return e;
	for (i = 0; i < o->nevidence; i++)
		if ((e = visit_step_evidence(c->v, (size_t)idx,
		    o->evidence[i].name, &o->evidence[i].r, eb)) != LS_OK)
			return e;
	if ((e = visit_step_finish(c->v, (size_t)idx, vis_status(o->status),
	    o->finished_us, o->note, eb)) != LS_OK)
		return e;
	if (!c->quiet)
		fprintf(stderr, "lockscope visit: %-8s %s%s%s\n",
		    engine_status_name(o->status), s->id,
		    o->note[0] != '\0' ? ": " : "", o->note);
	return journal_step_finish(c->j, c->v, (size_t)idx, eb);
}

static void
vis_notice(void *arg, const char *text)
{
	struct vctx	*c = arg;

	if (!c->quiet)
		fprintf(stderr, "lockscope visit: %s\n", text);
}

static const struct eng_ops vis_ops = {
	vis_ask, vis_measure, vis_record, vis_notice
};

/* Loop plumbing */

static void
vis_tick(void *arg)
{
	struct vctx	*c = arg;

	c->tick_timer = 0;
	c->tick_at = 0;
	vis_schedule(c);
	if (engine_done(c->eng))
		vis_stop(c);
}

/* Run the engine's clock and (re)arm the timer for its next deadline. */
static void
vis_schedule(struct vctx *c)
{
	uint64_t	now = loop_now_ms(), next;

	next = engine_tick(c->eng, now, vis_wall());
	if (next == 0 || next == c->tick_at)
		return;
	if (c->tick_timer != 0)
		loop_cancel_timer(c->loop, c->tick_timer);
	c->tick_at = next;
	c->tick_timer = loop_add_timer(c->loop, next > now ? next - now : 0,
	    vis_tick, c);
}

static void
vis_scan_stopped(const struct ls_errbuf *eb, void *arg)
{
	struct vctx	*c = arg;

	if (eb->code != LS_OK && !c->dead)
		ls_err_set_at(&c->eb, eb->file, eb->line, eb->code, "%s",
		    eb->msg);
	loop_stop(c->loop);
}

static void
vis_stop(struct vctx *c)
{
	if (c->stopping)
		return;
	c->stopping = true;
	if (c->dead) {
		loop_stop(c->loop);
		return;
	}
	scan_stop(c->scan, vis_scan_stopped, c);
}

static void
vis_signal(int signo, void *arg)
{
	struct vctx	*c = arg;

	(void)signo;
	if (c->stopping) {
		loop_stop(c->loop);
		return;
	}
	c->interrupted = true;
	vis_stop(c);
}

static void
vis_dead(const struct ls_errbuf *why, void *arg)
{
	struct vctx	*c = arg;

	c->dead = true;
	ls_err_set_at(&c->eb, why->file, why->line, why->code, "%s",
	    why->msg);
	loop_stop(c->loop);
}

static void
vis_scan_started(const struct ls_errbuf *eb, void *arg)
{
	struct vctx	*c = arg;

	if (eb->code != LS_OK) {
		ls_err_set_at(&c->eb, eb->file, eb->line, eb->code, "%s",
		    eb->msg);
		loop_stop(c->loop);
	}
}

static void
vis_find_timeout(void *arg)
{
	struct vctx	*c = arg;

	c->timed_out = true;
	loop_stop(c->loop);
}

/* Set-up */

static enum ls_err
vis_pick_profile(struct vctx *c, const char *want, struct ls_errbuf *eb)
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
		    "there is no generic profile in %s", c->addr_str, dir);
	c->profile = m.profile;
	return LS_OK;
}

/* A new visit: intake, authorization, device, plan; all journaled. */
static enum ls_err
vis_fresh(struct vctx *c, struct ls_errbuf *eb)
{
	struct visit_device	 vd;
	const char		*n;
	uint64_t		 now = vis_wall();
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
	snprintf(vd.address, sizeof vd.address, "%s", c->addr_str);
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

/* A resumed visit: same device and plan; finished steps are kept. */
static enum ls_err
vis_resumed(struct vctx *c, struct ls_errbuf *eb)
{
	struct eng_outcome	 o;
	const struct visit_step	*vs;
	long			 d;
	size_t			 i;
	enum ls_err		 e;

	if ((d = visit_device_find(c->v, c->addr_str)) < 0)
		return ls_err_set(eb, LS_EINPUT, "the journal is a visit to "
		    "another device, not %s", c->addr_str);
	c->devidx = (size_t)d;
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
	return journal_resumed(c->j, c->v, vis_wall(), eb);
}

/* The least invasive next step from the answers and what is seen now. */
static size_t
vis_triage(struct vctx *c, struct triage_advice *adv)
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
	if ((r = engine_reading(c->eng, "pairing_state")) != NULL &&
	    r->kind == RD_TEXT)
		ti.pairing = strcmp(r->text, "paired") == 0 ?
		    TRIAGE_PAIR_PAIRED : strcmp(r->text, "unpaired") == 0 ?
		    TRIAGE_PAIR_UNPAIRED : TRIAGE_PAIR_WINDOW;
	return triage_run(&ti, adv);
}

/* Close the visit: after-readings, outcome, report. */
static enum ls_err
vis_close(struct vctx *c, const char *out, struct ls_errbuf *eb)
{
	enum visit_outcome	 vo;
	struct triage_advice	 adv[TRIAGE_MAX];
	char			 text[VISIT_NOTE_MAX];
	size_t			 i;
	bool			 blocked = false, failed = false;
	enum ls_err		 e;

	vis_snapshot(c, VISIT_AFTER);
	if (c->eb.code != LS_OK)
		return ls_err_set(eb, c->eb.code, "%s", c->eb.msg);
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
	vis_triage(c, adv);
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
	visit_set_outcome(c->v, vo, text, vis_wall());
	if ((e = journal_outcome(c->j, c->v, eb)) != LS_OK)
		return e;
	return report_save(out, c->v, c->key, eb);
}

static int
vis_exec(const struct cmd_entry *ce, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "adapter", required_argument, NULL, 'a' },
		{ "batch", required_argument, NULL, 'b' },
		{ "device", required_argument, NULL, 'd' },
		{ "journal", required_argument, NULL, 'J' },
		{ "out", required_argument, NULL, 'o' },
		{ "profile", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "resume", no_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct scan_params	 sp;
	struct radio_opts	 ro;
	struct vctx		 c;
	struct ls_errbuf	 eb;
	const char		*spec = getenv("LOCKSCOPE_ADAPTER");
	const char		*batch = NULL, *out = NULL, *jpath = NULL;
	const char		*want_profile = NULL;
	char			 jbuf[4096], kpath[4096], warn[JOURNAL_WARN_MAX];
	double			 find_s = VISIT_FIND_S;
	bool			 resume = false;
	unsigned		 find_timer;
	int			 ch, rc = 0;
	enum ls_err		 e;

	memset(&c, 0, sizeof c);
	memset(&sp, 0, sizeof sp);
	memset(&ro, 0, sizeof ro);
	ls_err_clear(&eb);
	c.ce = ce;
	while ((ch = getopt_long(argc, argv, "a:b:d:J:o:p:qrt:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'a':
			spec = optarg;
			break;
		case 'b':
			batch = optarg;
			break;
		case 'd':
			c.addr_str = optarg;
			break;
		case 'J':
			jpath = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'p':
			want_profile = optarg;
			break;
		case 'q':
			c.quiet = true;
			break;
		case 'r':
			resume = true;
			break;
		case 't':
			if (!cmd_parse_seconds(optarg, VISIT_MAX_FIND_S,
			    &find_s) || find_s <= 0)
				return cmd_usage(ce, "bad --timeout '%s' (want "
				    "seconds, more than 0, at most %.0f)",
				    optarg, VISIT_MAX_FIND_S);
			break;
		case 'h':
			return cmd_help(ce);
		default:
			return cmd_usage(ce, "unknown or incomplete option "
			    "'%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cmd_usage(ce, "unexpected argument '%s'", argv[optind]);
	if (spec == NULL || *spec == '\0')
		return cmd_usage(ce, "no adapter given (use --adapter SPEC or "
		    "set LOCKSCOPE_ADAPTER)");
	if (c.addr_str == NULL || !hex_addr_parse(c.addr_str, c.addr))
		return cmd_usage(ce, "%s (want --device AA:BB:CC:DD:EE:FF)",
		    c.addr_str == NULL ? "no device given" : "bad address");
	if (out == NULL)
		return cmd_usage(ce, "no report file given (--out REPORT.json)");
	if (batch == NULL)
		return cmd_usage(ce, "the checklist screen is not built yet: "
		    "give the answers with --batch ANSWERS.json");
	if (jpath == NULL) {
		snprintf(jbuf, sizeof jbuf, "%s.journal", out);
		jpath = jbuf;
	}

	/* Everything that can be checked before the radio. */
	if (answers_load(batch, &c.ans, &eb) != LS_OK)
		return cmd_fail(ce, &eb);
	if (key_path(kpath, sizeof kpath, &eb) == LS_OK) {
		e = key_load(kpath, &c.key, &eb);
		if (e == LS_EUNAVAIL)
			ls_err_clear(&eb);	/* no key: digest only */
		else if (e != LS_OK)
			return cmd_fail(ce, &eb);
	} else
		ls_err_clear(&eb);
	if (!resume && access(jpath, F_OK) == 0) {
		ls_err_set(&eb, LS_EINPUT, "journal %s exists: add --resume "
		    "to continue that visit, or move it away", jpath);
		rc = cmd_fail(ce, &eb);
		goto out;
	}

	c.loop = loop_new();
	c.tab = devtab_new(VISIT_TAB_CAP);
	c.v = visit_new();
	if (c.loop == NULL || c.tab == NULL || c.v == NULL) {
		ls_err_set(&eb, LS_ENOMEM, "out of memory");
		rc = cmd_fail(ce, &eb);
		goto out;
	}
	loop_add_signal(c.loop, SIGINT, vis_signal, &c);
	loop_add_signal(c.loop, SIGTERM, vis_signal, &c);

	/* Find the lock. */
	if (radio_open_opts(&c.radio, spec, c.loop, &ro, &c.eb) != LS_OK) {
		rc = c.radio.interrupted ? 130 : cmd_fail(ce, &c.eb);
		goto out;
	}
	host_set_dead(c.radio.host, vis_dead, &c);
	c.scan = scan_new(c.radio.host, &c.radio.info, &sp, vis_on_report,
	    &c);
	if (c.scan == NULL) {
		ls_err_set(&c.eb, LS_ENOMEM, "out of memory");
		rc = cmd_fail(ce, &c.eb);
		goto out;
	}
	scan_start(c.scan, vis_scan_started, &c);
	find_timer = loop_add_timer(c.loop, (uint64_t)(find_s * 1000),
	    vis_find_timeout, &c);
	loop_run(c.loop);
	if (!c.timed_out)
		loop_cancel_timer(c.loop, find_timer);
	if (c.eb.code != LS_OK) {
		rc = cmd_fail(ce, &c.eb);
		goto out;
	}
	if (c.interrupted) {
		rc = 130;
		goto out;
	}
	if (c.dev == NULL) {
		ls_err_set(&c.eb, LS_EUNAVAIL, "%s not seen within %.0f s: "
		    "is it powered and in range?", c.addr_str, find_s);
		rc = cmd_fail(ce, &c.eb);
		goto out;
	}

	/* Profile, plan, journal, engine. */
	if (vis_pick_profile(&c, want_profile, &eb) != LS_OK ||
	    plan_from_profile(c.profile, c.steps, ENG_MAX_STEPS, &c.nsteps,
	    &eb) != LS_OK ||
	    engine_new(c.steps, c.nsteps, &vis_ops, &c, &c.eng, &eb) !=
	    LS_OK) {
		rc = cmd_fail(ce, &eb);
		goto out;
	}
	warn[0] = '\0';
	if (resume && access(jpath, F_OK) == 0)
		e = journal_resume(jpath, c.v, &c.j, warn, sizeof warn, &eb);
	else
		e = journal_create(jpath, &c.j, &eb);
	if (e != LS_OK) {
		rc = cmd_fail(ce, &eb);
		goto out;
	}
	if (warn[0] != '\0')
		fprintf(stderr, "lockscope visit: warning: %s\n", warn);
	e = c.v->id[0] != '\0' ? vis_resumed(&c, &eb) : vis_fresh(&c, &eb);
	if (e != LS_OK) {
		rc = cmd_fail(ce, &eb);
		goto out;
	}
	if (!c.quiet)
		fprintf(stderr, "lockscope visit: %s%s with profile %s; "
		    "journal %s\n", c.v->resumes > 0 ? "resuming visit to " :
		    "visit to ", c.addr_str, profile_id(c.profile), jpath);

	/* The visit. */
	vis_feed(&c);
	engine_start(c.eng, loop_now_ms(), vis_wall());
	if (!engine_done(c.eng)) {
		vis_schedule(&c);
		loop_run(c.loop);
	}
	if (!c.stopping && !c.dead) {
		c.stopping = true;
		scan_stop(c.scan, vis_scan_stopped, &c);
		loop_run(c.loop);
	}
	if (engine_error(c.eng, &eb) != LS_OK) {
		rc = cmd_fail(ce, &eb);
		goto out;
	}
	if (c.eb.code != LS_OK && !engine_done(c.eng)) {
		rc = cmd_fail(ce, &c.eb);
		goto out;
	}
	if (!engine_done(c.eng)) {
		/* Interrupted: the journal has everything; resume later. */
		fprintf(stderr, "lockscope visit: interrupted; continue with "
		    "--resume (journal %s)\n", jpath);
		rc = 130;
		goto out;
	}
	ls_err_clear(&c.eb);
	if (vis_close(&c, out, &eb) != LS_OK) {
		rc = cmd_fail(ce, &eb);
		goto out;
	}
	printf("%s: %s\n", out, visit_outcome_name(c.v->outcome));
	printf("%s\n", c.v->outcome_text);
	rc = engine_failed(c.eng) ? 1 : 0;
out:
	journal_close(c.j);
	engine_free(c.eng);
	scan_free(c.scan);
	radio_close(&c.radio);
	devtab_free(c.tab);
	visit_free(c.v);
	profile_set_free(c.profiles);
	key_free(c.key);
	loop_free(c.loop);
	return rc;
}

const struct cmd_entry cmd_visit_entry = {
	.name = "visit",
	.usage = "--adapter SPEC --device ADDRESS --batch ANSWERS.json "
	    "--out REPORT.json [--profile ID] [--journal FILE] [--resume] "
	    "[--timeout SECONDS] [--quiet]",
	.summary = "a service visit: checklist verified over the radio, "
	    "signed report",
	.help =
	    "Options:\n"
	    "  -a, --adapter SPEC      as for scan (default: "
	    "$LOCKSCOPE_ADAPTER)\n"
	    "  -d, --device ADDRESS    the lock, AA:BB:CC:DD:EE:FF\n"
	    "  -b, --batch FILE        the technician's answers (JSON, "
	    "lockscope-visit(1))\n"
	    "  -o, --out FILE          the report, written atomically at "
	    "the end\n"
	    "  -p, --profile ID        the vendor profile (default: matched "
	    "from the\n"
	    "                          lock's advertising; generic if none)\n"
	    "  -J, --journal FILE      the visit journal (default: "
	    "REPORT.json.journal)\n"
	    "  -r, --resume            continue the visit in the journal\n"
	    "  -t, --timeout SECONDS   how long to look for the lock "
	    "(default 30)\n"
	    "  -q, --quiet             no step lines on standard error\n"
	    "  -h, --help              this help\n",
	.exec = vis_exec,
};
