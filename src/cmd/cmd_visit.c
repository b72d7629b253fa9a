/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_visit.c - lockscope visit: options, then the visit session
 * (session.h) driven by batch mode, a UI whose ask answers at once from
 * the answers file, or on a terminal without --batch by the checklist
 * screen (src/tui/).
 */
#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "adapters/adapters.h"
#include "adapters/att_kernel.h"
#include "capture/capture_scrub.h"
#include "cmd/cmd.h"
#include "records/records.h"
#include "tui/tui.h"
#include "util/durable.h"
#include "util/hex.h"
#include "util/text.h"
#include "visit/answers.h"
#include "visit/engine.h"
#include "visit/journal.h"
#include "visit/key.h"
#include "visit/session.h"
#include "visit/visit.h"

#define VISIT_FIND_S		30.0	/* default --timeout */
#define VISIT_MAX_FIND_S	600	/* s, at most, for --timeout */

static enum ls_err	vis_key_load(struct session_cfg *, struct ls_errbuf *);
static int		vis_journal_check(const struct cmd_entry *,
			    const struct session_cfg *);
static void		vis_resume_hint(const struct session_cfg *,
			    const char *);
static int		vis_outputs_check(const struct cmd_entry *,
			    const struct session_cfg *, const char *);
static int		vis_finished_check(const struct cmd_entry *,
			    const struct session_cfg *, const char *);
/* Batch mode: a UI whose ask answers at once from the answers file. */
struct vis_batch {
	struct session	*run;
	struct answers	 ans;
	struct ans_step	 synth;		/* a made-up answer */
	const char	*path;		/* of the answers file */
	struct ls_errbuf err;		/* the answers did not fit: exit 65 */
};

/* The answer for a step, by its id or its phase's; NULL when none. */
static struct ans_step *
vis_batch_find(struct vis_batch *b, const struct eng_step *s)
{
	struct ans_step	*a;

	if ((a = answers_step(&b->ans, s->id)) == NULL)
		a = answers_step(&b->ans, engine_phase_name(s->phase));
	return a;
}

/* The answers do not fit the visit: stop, and say so (exit 65). */
static void
vis_batch_refuse(struct vis_batch *b, const struct ls_errbuf *eb)
{
	if (b->err.code == LS_OK) {
		ls_err_copy(&b->err, eb);
		ls_err_prefix(&b->err, "%s", b->path);
	}
	session_interrupt(b->run);
}

static void
vis_batch_ask(void *arg, const struct eng_step *s)
{
	struct vis_batch	*b = arg;
	struct ans_step		*a;
	struct ls_errbuf	 eb;

	if (b->err.code != LS_OK)
		return;
	if (s->phase == ENG_PH_OWNERSHIP) {
		session_answer(b->run, NULL);	/* from the intake */
		return;
	}
	a = vis_batch_find(b, s);
	if (engine_waiting(session_engine(b->run), NULL) ==
	    ENG_WAITING_POWER) {
		/* The power check failed: new cells, or it stands. */
		ls_err_clear(&eb);
		if ((b->ans.battery_replaced || (a != NULL &&
		    a->battery_replaced)) &&
		    session_battery_replaced(b->run, &eb) == LS_OK)
			return;
		session_answer(b->run, a);
		return;
	}
	if (a != NULL) {
		a->used = true;
		session_answer(b->run, a);
		return;
	}
	if (s->phase == ENG_PH_INTAKE) {
		/* The intake is the answers file's own top level. */
		memset(&b->synth, 0, sizeof b->synth);
		snprintf(b->synth.id, sizeof b->synth.id, "%s", s->id);
		b->synth.result = ANS_RES_DONE;
		snprintf(b->synth.note, sizeof b->synth.note, "intake from "
		    "the answers file");
		session_answer(b->run, &b->synth);
		return;
	}
	/* Not mentioned: not attested (the radio may still judge it). */
	session_answer(b->run, NULL);
}

/* After the baseline: the answers' "remedy", else the triage's advice. */
static void
vis_batch_remedy(void *arg, enum profile_remedy advised, unsigned supported)
{
	struct vis_batch	*b = arg;
	struct ls_errbuf	 eb;

	(void)supported;
	if (b->err.code != LS_OK)
		return;
	ls_err_clear(&eb);
	if (session_choose_remedy(b->run, b->ans.remedy_given ?
	    b->ans.remedy : advised, b->ans.remedy_given &&
	    b->ans.remedy_reason[0] != '\0' ? b->ans.remedy_reason : NULL,
	    &eb) != LS_OK) {
		if (b->ans.remedy_given && b->ans.remedy != advised &&
		    b->ans.remedy_reason[0] == '\0') {
			/* Say it in the answers file's terms. */
			ls_err_clear(&eb);
			ls_err_set(&eb, LS_EINPUT, "remedy: %s is not the "
			    "triage's advice (%s): add \"remedy_reason\" "
			    "saying why", profile_remedy_name(b->ans.remedy),
			    profile_remedy_name(advised));
		}
		vis_batch_refuse(b, &eb);
	}
}

/* A step waits for the radio: skip it when the answers say so. */
static void
vis_batch_waiting(void *arg, const struct eng_step *s)
{
	struct vis_batch	*b = arg;
	struct ans_step		*a;
	struct ls_errbuf	 eb;

	if (b->err.code != LS_OK || (a = vis_batch_find(b, s)) == NULL ||
	    a->result != ANS_RES_SKIP)
		return;
	a->used = true;
	ls_err_clear(&eb);
	if (session_skip(b->run, a->note, &eb) != LS_OK)
		vis_batch_refuse(b, &eb);
}

/* The answers' step keys against the visit's plan (exit 65). */
static int
vis_batch_check(const struct cmd_entry *ce, struct vis_batch *b)
{
	struct engine		*e = session_engine(b->run);
	const char		*ids[ENG_MAX_STEPS], *phases[ENG_MAX_STEPS];
	const struct profile	*p = session_profile(b->run);
	struct ls_errbuf	 eb;
	size_t			 i, n = engine_nsteps(e);

	for (i = 0; i < n; i++) {
		ids[i] = engine_step(e, i)->id;
		phases[i] = engine_phase_name(engine_step(e, i)->phase);
	}
	ls_err_clear(&eb);
	if (answers_check_plan(&b->ans, b->path, ids, phases, n, &eb) !=
	    LS_OK)
		return cmd_fail(ce, &eb);
	if (b->ans.remedy_given &&
	    !(profile_remedies(p) & PROFILE_RM_BIT(b->ans.remedy))) {
		ls_err_set(&eb, LS_EINPUT, "%s: remedy: profile %s does not "
		    "support %s (lockscope profile show %s)", b->path,
		    profile_id(p), profile_remedy_name(b->ans.remedy),
		    profile_id(p));
		return cmd_fail(ce, &eb);
	}
	return 0;
}

/* The visit's running log, on standard error. */
static void
vis_batch_log(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "lockscope visit: %s\n", line);
}

static const struct session_ui vis_batch_ui = {
	.ask = vis_batch_ask,
	.log = vis_batch_log,
	.choose_remedy = vis_batch_remedy,
	.waiting = vis_batch_waiting,
};

/* The lock was not found: the intake is journaled, as on the screen. */
static void
vis_batch_keep_intake(struct vis_batch *b, const struct session_cfg *cfg)
{
	struct ls_errbuf	eb;

	ls_err_clear(&eb);
	if (session_keep_intake(b->run, &b->ans, &eb) == LS_OK)
		vis_resume_hint(cfg, "the intake is kept in");
	else
		fprintf(stderr, "lockscope visit: the intake was not kept: "
		    "%s\n", eb.msg);
}

/* The batch visit over cfg; the exit status. */
static int
vis_batch_run(const struct cmd_entry *ce, struct session_cfg *cfg,
    const char *batch)
{
	struct vis_batch	*b;
	struct ls_errbuf	 eb;
	char			 warn[JOURNAL_WARN_MAX];
	int			 rc;

	ls_err_clear(&eb);
	if ((b = calloc(1, sizeof *b)) == NULL) {
		ls_err_set(&eb, LS_ENOMEM, "out of memory");
		return cmd_fail(ce, &eb);
	}
	b->path = batch;
	if (answers_load(batch, &b->ans, &eb) != LS_OK) {
		rc = cmd_fail(ce, &eb);
		goto out;
	}
	if (vis_key_load(cfg, &eb) != LS_OK) {
		rc = cmd_fail(ce, &eb);
		goto out;
	}
	if ((rc = vis_journal_check(ce, cfg)) != 0)
		goto out;
	cfg->ui = &vis_batch_ui;
	cfg->uiarg = b;
	if ((b->run = session_new(cfg, &b->ans)) == NULL) {
		ls_err_set(&eb, LS_ENOMEM, "out of memory");
		rc = cmd_fail(ce, &eb);
		goto out;
	}
	switch (session_open(b->run, &eb)) {
	case SESSION_OK:
		break;
	case SESSION_INTERRUPTED:
		rc = 130;
		goto out;
	default:
		rc = cmd_fail(ce, &eb);
		if (session_not_found(b->run))
			vis_batch_keep_intake(b, cfg);
		goto out;
	}
	if (session_prepare(b->run, warn, sizeof warn, &eb) != SESSION_OK) {
		rc = cmd_fail(ce, &eb);
		goto out;
	}
	if ((rc = vis_batch_check(ce, b)) != 0) {
		/* Nothing happened yet: no journal to trip the next run. */
		if (!cfg->resume) {
			session_free(b->run);
			b->run = NULL;
			(void)unlink(cfg->jpath);
		}
		goto out;
	}
	switch (session_run(b->run, &eb)) {
	case SESSION_OK:
		break;
	case SESSION_INTERRUPTED:
	case SESSION_UNFINISHED:
		if (b->err.code != LS_OK) {
			/* The journal keeps the visit: fix, then --resume. */
			rc = cmd_fail(ce, &b->err);
			goto out;
		}
		/* Interrupted: the journal has everything; resume later. */
		fprintf(stderr, "lockscope visit: interrupted; continue with "
		    "--resume (journal %s):\n", cfg->jpath);
		vis_resume_hint(cfg, NULL);
		rc = 130;
		goto out;
	case SESSION_ERROR:
		rc = cmd_fail(ce, &eb);
		vis_resume_hint(cfg, "the visit so far is kept in");
		goto out;
	default:
		/* Interrupted: the journal has everything; resume later. */
		fprintf(stderr, "lockscope visit: interrupted; continue with "
		    "--resume (journal %s)\n", cfg->jpath);
		rc = 130;
		goto out;
	}
	if (session_close(b->run, &eb) != SESSION_OK) {
		rc = cmd_fail(ce, &eb);
		goto out;
	}
	printf("%s: %s\n", cfg->out,
	    visit_outcome_name(session_visit(b->run)->outcome));
	printf("%s\n", session_visit(b->run)->outcome_text);
	rc = engine_failed(session_engine(b->run)) ? 1 : 0;
out:
	session_free(b->run);
	free(b);
	return rc;
}

/* The technician's key, if there is one (no key: a digest only). */
static enum ls_err
vis_key_load(struct session_cfg *cfg, struct ls_errbuf *eb)
{
	char		kpath[4096];
	enum ls_err	e;

	if (key_path(kpath, sizeof kpath, eb) == LS_OK) {
		e = key_load(kpath, &cfg->key, eb);
		if (e == LS_EUNAVAIL)
			ls_err_clear(eb);
		else if (e != LS_OK)
			return e;
	} else
		ls_err_clear(eb);
	return LS_OK;
}

/* A journal in the way of a fresh visit: 0, or the exit status. */
static int
vis_journal_check(const struct cmd_entry *ce, const struct session_cfg *cfg)
{
	struct ls_errbuf	eb;

	ls_err_clear(&eb);
	if (!cfg->resume && access(cfg->jpath, F_OK) == 0) {
		ls_err_set(&eb, LS_EINPUT, "journal %s exists: add --resume "
		    "to continue that visit, or move it away", cfg->jpath);
		return cmd_fail(ce, &eb);
	}
	return 0;
}

/*
 * The files this visit writes, checked before it starts: each a regular
 * file or none yet, in a writable directory (a device, FIFO, socket or
 * directory is never replaced), no two of them (nor the answers) the
 * same file.  0, or the exit status.
 */
static int
vis_outputs_check(const struct cmd_entry *ce, const struct session_cfg *cfg,
    const char *batch)
{
	struct ls_errbuf	eb;

	const char		*path[4] = { cfg->out, cfg->jpath, cfg->capture,
				    batch };
	static const char	*what[4] = { "--out", "--journal", "--capture",
				    "--batch" };
	size_t			 i, j;

	ls_err_clear(&eb);
	for (i = 0; i < 3; i++)
		if (path[i] != NULL &&
		    durable_check_output(path[i], what[i], &eb) != LS_OK)
			return cmd_fail(ce, &eb);
	/* One file for two roles: one would destroy the other. */
	for (i = 0; i < 4; i++)
		for (j = i + 1; j < 4; j++)
			if (path[i] != NULL && path[j] != NULL &&
			    durable_same_file(path[i], path[j]))
				return cmd_usage(ce, "%s and %s name the same "
				    "file '%s'", what[i], what[j], path[j]);
	return 0;
}

/*
 * --resume of a visit whose journal has its outcome and whose report is
 * written: refused (65), unless --reopen REASON, which the journal
 * records before the visit goes on.  A journal with an outcome but no
 * report (killed before the rename) just finishes.  0, or the exit
 * status.
 */
static int
vis_finished_check(const struct cmd_entry *ce, const struct session_cfg *cfg,
    const char *reopen)
{
	struct ls_errbuf	 eb;
	struct journal		*j;
	struct visit		*v;
	struct stat		 st;
	char			 warn[JOURNAL_WARN_MAX];
	bool			 finished;
	int			 rc = 0;

	ls_err_clear(&eb);
	if (reopen != NULL && !cfg->resume)
		return cmd_usage(ce, "--reopen goes with --resume");
	if (reopen != NULL && (reopen[0] == '\0' ||
	    text_may_be_code(reopen)))
		return cmd_usage(ce, "--reopen: %s", reopen[0] == '\0' ?
		    "say why the visit is reopened" : "the reason looks like "
		    "a code; say why in words");
	if (!cfg->resume || access(cfg->jpath, F_OK) != 0)
		return 0;
	if ((v = visit_new()) == NULL) {
		ls_err_set(&eb, LS_ENOMEM, "out of memory");
		return cmd_fail(ce, &eb);
	}
	/* A journal that does not load is the session's to report; a
	   torn record dropped here is said here (even with -q). */
	warn[0] = '\0';
	finished = journal_load(cfg->jpath, v, warn, sizeof warn, NULL) ==
	    LS_OK && v->outcome != VO_NONE && stat(cfg->out, &st) == 0 &&
	    S_ISREG(st.st_mode);
	if (warn[0] != '\0')
		fprintf(stderr, "lockscope visit: warning: %s\n", warn);
	if (finished && reopen == NULL) {
		ls_err_set(&eb, LS_EINPUT, "this visit is finished: %s "
		    "(--reopen REASON continues it, and the journal keeps "
		    "why)", cfg->out);
		rc = cmd_fail(ce, &eb);
	} else if (finished) {
		if (journal_resume(cfg->jpath, v, &j, NULL, 0, &eb) != LS_OK ||
		    journal_reopen(j, v, reopen, (uint64_t)time(NULL) *
		    1000000, &eb) != LS_OK)
			rc = cmd_fail(ce, &eb);
		journal_close(j);
	}
	visit_free(v);
	return rc;
}

/* One word for a shell command line, quoted when it needs it. */
static void
vis_shell_word(FILE *f, const char *s)
{
	const char	*p;

	if (*s != '\0' && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_./:@%+=,-") == strlen(s)) {
		fputs(s, f);
		return;
	}
	fputc('\'', f);
	for (p = s; *p != '\0'; p++) {
		if (*p == '\'')
			fputs("'\\''", f);
		else
			fputc(*p, f);
	}
	fputc('\'', f);
}

/*
 * The exact command that continues this visit: the same adapter, device,
 * report, journal (when not the default) and profile, with --resume;
 * after a line "WHAT JOURNAL; continue with:" unless what is NULL.
 */
static void
vis_resume_hint(const struct session_cfg *cfg, const char *what)
{
	char	def[4096];

	snprintf(def, sizeof def, "%s.journal", cfg->out);
	if (what != NULL)
		fprintf(stderr, "lockscope visit: %s %s; continue with:\n",
		    what, cfg->jpath);
	fputs("  lockscope visit --adapter ", stderr);
	vis_shell_word(stderr, cfg->spec);
	fputs(" --device ", stderr);
	vis_shell_word(stderr, cfg->addr_str);
	fputs(" --out ", stderr);
	vis_shell_word(stderr, cfg->out);
	if (strcmp(def, cfg->jpath) != 0) {
		fputs(" --journal ", stderr);
		vis_shell_word(stderr, cfg->jpath);
	}
	if (cfg->want_profile != NULL) {
		fputs(" --profile ", stderr);
		vis_shell_word(stderr, cfg->want_profile);
	}
	fputs(" --resume\n", stderr);
}

/* The checklist screen; what it ended with is said here, once the
   terminal is back. */
static int
vis_screen_run(const struct cmd_entry *ce, struct session_cfg *cfg)
{
	struct tui_result	res;
	struct ls_errbuf	eb;
	int			rc;

	tui_visit(cfg, &res, &eb);
	switch (res.end) {
	case TUI_END_ERROR:
		rc = cmd_fail(ce, &eb);
		if (res.intake_kept)
			vis_resume_hint(cfg, "the intake typed so far is kept "
			    "in");
		else if (res.journal_kept)
			vis_resume_hint(cfg, "the visit so far is kept in");
		return rc;
	case TUI_END_QUIT_FORM:
		fprintf(stderr, "lockscope visit: quit before the visit "
		    "started; nothing recorded\n");
		return 130;
	case TUI_END_INTERRUPTED:
		fprintf(stderr, "lockscope visit: interrupted; continue with "
		    "--resume (journal %s):\n", cfg->jpath);
		vis_resume_hint(cfg, NULL);
		return 130;
	case TUI_END_INTERRUPTED_EARLY:
		if (res.intake_kept)
			vis_resume_hint(cfg, "interrupted; the intake typed "
			    "so far is kept in");
		return 130;
	case TUI_END_DONE:
		break;
	}
	printf("%s: %s\n", cfg->out, visit_outcome_name(res.outcome));
	printf("%s\n", res.outcome_text);
	return res.failed ? 1 : 0;
}

struct vis_prev {
	struct session_previous	*p;
	bool			 found;
};

/* A number the records hold as text; false unless the whole is one. */
static bool
vis_number(const char *v, double *d)
{
	char	*end;

	errno = 0;
	*d = strtod(v, &end);
	return errno == 0 && end != v && *end == '\0' && isfinite(*d);
}

/* The last row records_list gives: the lock's latest visit. */
static void
vis_prev_row(const char *const *row, void *arg)
{
	struct vis_prev		*f = arg;
	struct session_previous	*p = f->p;
	const char		*v;
	double			 d;

	f->found = true;
	memset(p, 0, sizeof *p);
	if ((v = row[RC_STARTED]) != NULL)
		snprintf(p->date, sizeof p->date, "%.10s", v);
	if ((v = row[RC_BATTERY_PERCENT_BEFORE]) != NULL ||
	    (v = row[RC_BATTERY_PERCENT_AFTER]) != NULL) {
		p->has_percent = vis_number(v, &d) && d >= 0 && d <= 100;
		p->percent = p->has_percent ? (int)d : 0;
	}
	if ((v = row[RC_BATTERY_VOLTS_BEFORE]) != NULL ||
	    (v = row[RC_BATTERY_VOLTS_AFTER]) != NULL) {
		p->has_volts = vis_number(v, &d) && d >= 0 && d < 1000;
		p->volts = p->has_volts ? d : 0;
	}
	if ((v = row[RC_FIRMWARE_AFTER]) != NULL ||
	    (v = row[RC_FIRMWARE_BEFORE]) != NULL)
		text_sanitize((const uint8_t *)v, strlen(v), p->firmware,
		    sizeof p->firmware);
	if ((v = row[RC_CLOCK_SKEW_S]) != NULL) {
		p->has_skew = vis_number(v, &d) && fabs(d) < 1e15;
		p->skew_s = p->has_skew ? (int64_t)d : 0;
	}
	if ((v = row[RC_PAIRING_AFTER]) != NULL ||
	    (v = row[RC_PAIRING_BEFORE]) != NULL)
		text_sanitize((const uint8_t *)v, strlen(v), p->pairing,
		    sizeof p->pairing);
}

/*
 * The lock's last visit from the service records into *p: true when
 * there is one.  The records failing does not stop a visit: a notice.
 */
static bool
vis_records_find(const char *addr, struct session_previous *p)
{
	struct ls_errbuf	 eb;
	struct records		*r;
	struct records_filter	 f;
	struct vis_prev		 vp = { p, false };

	ls_err_clear(&eb);
	if (cmd_records_open(getenv("LOCKSCOPE_DB"), &r, &eb) != LS_OK) {
		fprintf(stderr, "lockscope visit: records: %s (the visit goes "
		    "on without them)\n", eb.msg);
		return false;
	}
	memset(&f, 0, sizeof f);
	memset(p, 0, sizeof *p);
	f.lock = addr;
	if (records_list(r, &f, vis_prev_row, &vp, &eb) != LS_OK) {
		fprintf(stderr, "lockscope visit: records: %s\n", eb.msg);
		vp.found = false;
	}
	records_close(r);
	return vp.found;
}

/* The finished report into the service records (a notice either way). */
static void
vis_records_add(const struct session_cfg *cfg)
{
	struct ls_errbuf	 eb;
	struct records		*r;
	bool			 added, refused;

	ls_err_clear(&eb);
	if (cmd_records_open(getenv("LOCKSCOPE_DB"), &r, &eb) != LS_OK) {
		fprintf(stderr, "lockscope visit: records: %s; add the report "
		    "later with 'lockscope records add %s'\n", eb.msg,
		    cfg->out);
		return;
	}
	if (records_add_file(r, cfg->out, &added, &refused, NULL, &eb) !=
	    LS_OK)
		fprintf(stderr, "lockscope visit: records: %s\n", eb.msg);
	else if (!cfg->quiet)
		fprintf(stderr, "lockscope visit: records: %s\n", added ?
		    "the report was added to the service records" :
		    "the report was already in the service records");
	records_close(r);
}

/*
 * --capture: vendor ATT values zeroed (capture/capture_scrub.h) unless
 * --capture-raw, which says so.  0, or the exit status.
 */
static int
vis_capture_mode(const struct cmd_entry *ce, struct cmd_args *args)
{
	if (!cmd_args_has(args, 'R')) {
		capture_scrub_install();
		return 0;
	}
	if (cmd_args_get(args, 'c') == NULL)
		return cmd_usage(ce, "--capture-raw goes with --capture");
	fprintf(stderr, "lockscope %s: --capture-raw: the capture keeps "
	    "every byte, vendor values a lock sends (passwords, keys) "
	    "included\n", ce->name);
	return 0;
}

static const struct cmd_opt vis_opts[] = {
	{ 'a', "adapter", CMD_ARG_STRING, 0, .env = "LOCKSCOPE_ADAPTER",
	    .help = "the adapter, as for scan" },
	{ 'b', "batch", CMD_ARG_STRING, 0,
	    .help = "the technician's answers (JSON); else the screen" },
	{ 'c', "capture", CMD_ARG_STRING, 0,
	    .help = "write this run's HCI traffic to this btsnoop file" },
	{ 'R', "capture-raw", CMD_ARG_NONE, CMD_OPT_LONG_ONLY,
	    .help = "--capture keeps vendor ATT values (secrets) too" },
	{ 'd', "device", CMD_ARG_STRING, 0,
	    .help = "the lock, AA:BB:CC:DD:EE:FF" },
	{ 'J', "journal", CMD_ARG_STRING, 0,
	    .help = "the visit journal (default: REPORT.json.journal)" },
	{ 'o', "out", CMD_ARG_STRING, 0,
	    .help = "the report, written atomically at the end" },
	{ 'p', "profile", CMD_ARG_STRING, 0,
	    .help = "the vendor profile (default: matched, else generic)" },
	{ 'q', "quiet", CMD_ARG_NONE, 0,
	    .help = "no step lines on standard error (warnings still)" },
	{ 'N', "no-records", CMD_ARG_NONE, CMD_OPT_LONG_ONLY,
	    .help = "neither read nor add to the service records" },
	{ 'r', "resume", CMD_ARG_NONE, 0,
	    .help = "continue the visit in the journal" },
	{ 'O', "reopen", CMD_ARG_STRING, CMD_OPT_LONG_ONLY,
	    .help = "with --resume: continue a finished visit, saying why" },
	{ 't', "timeout", CMD_ARG_SECONDS, CMD_OPT_ABOVE_MIN,
	    .max = VISIT_MAX_FIND_S, .what = "--timeout",
	    .want = "want seconds, more than 0, at most "
	    CMD_STR(VISIT_MAX_FIND_S),
	    .help = "how long to look for the lock" },
	{ 'h', "help", CMD_ARG_HELP, 0, .help = "this help" },
	{ .name = NULL }
};

static int
vis_exec(const struct cmd_entry *ce, struct cmd_args *args)
{
	struct session_cfg	 cfg;
	struct session_previous	 prev;
	struct ls_errbuf	 eb;
	const char		*batch = cmd_args_get(args, 'b');
	bool			 records = !cmd_args_has(args, 'N');
	char			 jbuf[4096], sbuf[128];
	uint8_t			 addr[6];
	int			 rc;

	memset(&cfg, 0, sizeof cfg);
	ls_err_clear(&eb);
	cfg.spec = cmd_args_get(args, 'a');
	cfg.open_hci = adapters_open_hci;
	cfg.shared_att = &att_kernel_link;
	cfg.find_s = cmd_args_number(args, 't', VISIT_FIND_S);
	cfg.capture = cmd_args_get(args, 'c');
	cfg.addr_str = cmd_args_get(args, 'd');
	cfg.jpath = cmd_args_get(args, 'J');
	cfg.out = cmd_args_get(args, 'o');
	cfg.want_profile = cmd_args_get(args, 'p');
	cfg.quiet = cmd_args_has(args, 'q');
	cfg.resume = cmd_args_has(args, 'r');
	if (cmd_args_count(args) > 0)
		return cmd_usage(ce, "unexpected argument '%s'",
		    cmd_args_string(args, 0));
	if (cfg.addr_str == NULL || !hex_addr_parse(cfg.addr_str, addr))
		return cmd_usage(ce, "%s (want --device AA:BB:CC:DD:EE:FF)",
		    cfg.addr_str == NULL ? "no device given" : "bad address");
	if (cfg.out == NULL)
		return cmd_usage(ce,
		    "no report file given (--out REPORT.json)");
	if (batch == NULL && !(isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO)))
		return cmd_usage(ce, "not a terminal: give the answers with "
		    "--batch ANSWERS.json");
	if ((cfg.spec = cmd_adapter(ce, cfg.spec, sbuf, sizeof sbuf, &rc)) ==
	    NULL)
		return rc;
	if (cfg.jpath == NULL) {
		snprintf(jbuf, sizeof jbuf, "%s.journal", cfg.out);
		cfg.jpath = jbuf;
	}
	if ((rc = vis_outputs_check(ce, &cfg, batch)) != 0 ||
	    (rc = vis_capture_mode(ce, args)) != 0 ||
	    (rc = vis_finished_check(ce, &cfg, cmd_args_get(args, 'O'))) !=
	    0)
		return rc;
	if (records && vis_records_find(cfg.addr_str, &prev))
		cfg.previous = &prev;
	if (batch != NULL)
		rc = vis_batch_run(ce, &cfg, batch);
	else if (vis_key_load(&cfg, &eb) != LS_OK)
		rc = cmd_fail(ce, &eb);
	else if ((rc = vis_journal_check(ce, &cfg)) == 0)
		rc = vis_screen_run(ce, &cfg);
	/* 0 and 1: the visit closed and its report is final. */
	if (records && (rc == 0 || rc == 1) && access(cfg.out, F_OK) == 0)
		vis_records_add(&cfg);
	key_free(cfg.key);
	return rc;
}

const struct cmd_entry cmd_visit_entry = {
	.name = "visit",
	.usage = "[--adapter SPEC] --device ADDRESS [--batch ANSWERS.json] "
	    "--out REPORT.json [--profile ID] [--journal FILE] [--resume] "
	    "[--reopen REASON] "
	    "[--timeout SECONDS] [--capture FILE] [--capture-raw] [--quiet] "
	    "[--no-records]",
	.summary = "a service visit: checklist verified over the radio, "
	    "signed report",
	.help =
	    "Options:\n"
	    "  -a, --adapter SPEC      as for scan (default: "
	    "$LOCKSCOPE_ADAPTER, else\n"
	    "                          the only usable adapter)\n"
	    "  -d, --device ADDRESS    the lock, AA:BB:CC:DD:EE:FF\n"
	    "  -b, --batch FILE        the technician's answers (JSON, "
	    "lockscope-visit(1));\n"
	    "                          without it, on a terminal: the "
	    "checklist screen\n"
	    "  -o, --out FILE          the report, written atomically at "
	    "the end (the\n"
	    "                          report, journal and capture: regular "
	    "files, each\n"
	    "                          a different one)\n"
	    "  -p, --profile ID        the vendor profile (default: matched "
	    "from the\n"
	    "                          lock's advertising; generic if none)\n"
	    "  -J, --journal FILE      the visit journal (default: "
	    "REPORT.json.journal)\n"
	    "  -r, --resume            continue the visit in the journal\n"
	    "      --reopen REASON     with --resume: continue a finished "
	    "visit (its report\n"
	    "                          written); the journal keeps why\n"
	    "  -t, --timeout SECONDS   how long to look for the lock "
	    "(default 30)\n"
	    "  -c, --capture FILE      write this run's HCI traffic to FILE "
	    "as btsnoop\n"
	    "      --capture-raw       keep every byte in the capture, "
	    "vendor secrets too\n"
	    "                          (default: their ATT values zeroed)\n"
	    "  -q, --quiet             no step lines on standard error "
	    "(warnings still)\n"
	    "      --no-records        neither show the lock's last visit "
	    "from the service\n"
	    "                          records nor add the report to them\n"
	    "  -h, --help              this help\n"
	    "\nAfter the baseline the visit follows one remedy: "
	    "diagnose-only, battery,\nclock, credentials, re-enroll or "
	    "factory-reset (answers: \"remedy\", and\n\"remedy_reason\" "
	    "when it is not the triage's advice; screen: Tab, Enter).\n"
	    "Steps off its path are not applicable.  A waiting step may be "
	    "skipped with a\nreason (screen: s), ownership never; after a "
	    "failed power check, new cells\nare measured again (answers: "
	    "\"battery_replaced\": true; screen: b).\n",
	.options = vis_opts,
	.exec = vis_exec,
};
