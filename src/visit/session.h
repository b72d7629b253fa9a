/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session.h - one service visit as a session, shared by batch mode
 * (cmd_visit.c) and the checklist screen (src/tui/): open the radio and
 * scan the whole time, find the lock, match the profile, plan, journal
 * (fresh or resumed), read the lock once over GATT (oneshot.h: firmware,
 * clock skew; a failure is only a notice), run the engine on one event
 * loop, feed it the target's advertised and GATT readings, record every
 * step, close with the report.  It judges the lock's silence
 * (devtab_stale) the whole time and tells the UI both ways; a lock never
 * found leaves the intake in an intake-only journal that --resume
 * continues.
 *
 * The session holds every piece of visit logic; a UI only shows what the
 * engine asks and gives back the technician's answers through a small
 * hook table.  Batch mode is a UI whose ask answers at once from the
 * answers file.  Nothing here prints unless the session is not quiet (the
 * batch step lines on standard error).
 */
#ifndef LS_VISIT_SESSION_H
#define LS_VISIT_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "adv/devtab.h"
#include "gatt/att_bearer.h"
#include "hci/transport.h"
#include "profile/profile.h"
#include "util/err.h"
#include "util/loop.h"
#include "visit/answers.h"
#include "visit/engine.h"
#include "visit/key.h"
#include "visit/visit.h"

/* What the UI is told.  Every hook may be NULL. */
struct session_ui {
	/* The running step waits for the technician: session_answer() now or
	   later. */
	void	(*ask)(void *arg, const struct eng_step *);
	/* Something to tell the technician now (a verification observed, a
	   time limit passed); text lives during the call. */
	void	(*notice)(void *arg, const char *text);
	/* Readings or step states changed: redraw when convenient. */
	void	(*changed)(void *arg);
	/* A step ended (recorded in the journal). */
	void	(*step_done)(void *arg, const struct eng_step *,
		    const struct eng_outcome *);
	/* One line of the visit's running log (a step's result, a notice,
	   which profile and journal); batch mode prints it on standard
	   error.  When cfg->quiet is set, called for warnings and notices
	   only (never progress); line lives during the call. */
	void	(*log)(void *arg, const char *line);
	/* The baseline is done: propose advised (the triage's advice, its
	   text in session_visit()->triage) among supported (PROFILE_RM_BIT
	   set) and call session_choose_remedy() now or later.  NULL: the
	   advice is accepted. */
	void	(*choose_remedy)(void *arg, enum profile_remedy advised,
		    unsigned supported);
	/* The running step waits for the radio or a fresh battery reading
	   and may be skipped (session_skip). */
	void	(*waiting)(void *arg, const struct eng_step *);
};

/*
 * The lock's last visit in the service records (lockscope-records(1)),
 * looked up by the command before the visit: shown beside today's
 * readings in the baseline step (its note, so its log line and the
 * report) and on the screen's readings panel.  What the records do not
 * hold is false or "".
 */
struct session_previous {
	char		 date[16];	/* "2026-03-01" */
	bool		 has_percent;
	int		 percent;
	bool		 has_volts;
	double		 volts;
	char		 firmware[32];
	bool		 has_skew;
	int64_t		 skew_s;
	char		 pairing[24];
};

struct session_cfg {
	const char	*spec;		/* adapter */
	transport_open_fn open_hci;	/* opens spec (the command's pick) */
	const struct att_link_ops *shared_att;	/* GATT on a kernel-shared
						   host; NULL: none */
	const char	*addr_str;	/* target, checked by the caller */
	const char	*out;		/* report path */
	const char	*jpath;		/* journal path */
	const char	*want_profile;	/* NULL: matched */
	const char	*capture;	/* --capture FILE, or NULL */
	struct key	*key;		/* signs the report; NULL: digest */
	double		 find_s;	/* how long to look for the lock */
	bool		 resume;
	bool		 quiet;		/* no progress lines (ui->log);
					   warnings still */
	/* On resume take intake and ownership from the journal rather than
	   from the answers given (the screen has no answers file). */
	bool		 intake_from_journal;
	/* The lock's last visit (borrowed, lives as long as the session);
	   NULL: none, or the records are not used. */
	const struct session_previous *previous;
	const struct session_ui *ui;
	void		*uiarg;
};

/* How a phase of the session ended. */
enum session_res {
	SESSION_OK,
	SESSION_ERROR,		/* eb filled */
	SESSION_INTERRUPTED,	/* a signal or session_interrupt() */
	SESSION_UNFINISHED		/* the engine stopped early:
					   resume later */
};

struct session;

/*
 * A session over cfg (borrowed) and answers a (copied; batch: the file,
 * screen: the intake form).  The loop is made here so the UI can add its
 * own descriptors and signals (session_loop) before session_open.  NULL when
 * out of memory.  SIGINT and SIGTERM interrupt the session unless the UI
 * replaces their handlers.
 */
struct session	*session_new(const struct session_cfg *cfg,
		    const struct answers *a);
void		 session_free(struct session *);

struct loop	*session_loop(struct session *);

/* Open the radio, scan, and look for the lock for cfg->find_s. */
enum session_res	 session_open(struct session *, struct ls_errbuf *eb);

/*
 * Profile, plan, engine, journal (created, or resumed when cfg->resume
 * and the journal exists), and the visit recorded or restored.  warn
 * gets a journal warning (torn last record) or "".
 */
enum session_res	 session_prepare(struct session *, char *warn,
		    size_t wlen, struct ls_errbuf *eb);

/* Run the engine until every step has ended or the session stops. */
enum session_res	 session_run(struct session *, struct ls_errbuf *eb);

/* Close the visit (after-readings, outcome) and write the report. */
enum session_res	 session_close(struct session *, struct ls_errbuf *eb);

/* Stop the session (Ctrl-C confirmed): the journal keeps the visit. */
void		 session_interrupt(struct session *);

/*
 * The technician's answer for the running step (borrowed); for an
 * ownership step the answer is the intake's ownership (session_own_answer)
 * whatever a says.
 */
void		 session_answer(struct session *, const struct ans_step *a);

/* The answer an ownership step gets from the intake. */
const struct ans_step *session_own_answer(struct session *,
		    const struct eng_step *);

/*
 * The remedy after the baseline (engine_choose_remedy): reason is
 * required when r is not the triage's advice and is checked like every
 * typed text (answers_text_check: no codes).  LS_EINPUT with a message.
 */
enum ls_err	 session_choose_remedy(struct session *, enum profile_remedy r,
		    const char *reason, struct ls_errbuf *eb);

/* Skip the running step with a reason (engine_skip; the reason is
   checked as above).  Ownership is refused.  LS_EINPUT with a message. */
enum ls_err	 session_skip(struct session *, const char *reason,
		    struct ls_errbuf *eb);

/* New cells are fitted after a failed power check: measure again
   (engine_battery_replaced). */
enum ls_err	 session_battery_replaced(struct session *,
		    struct ls_errbuf *eb);

/* A note for the running step (added to what the engine notes). */
void		 session_note(struct session *, const char *text);

/* Accessors for drawing; NULL before session_prepare / session_open. */
struct engine	*session_engine(struct session *);
const struct visit *session_visit(struct session *);
const struct dev *session_dev(struct session *);
const struct profile *session_profile(struct session *);
const struct answers *session_answers(struct session *);
bool		 session_resumed(struct session *);
const struct session_previous *session_previous(struct session *);

/*
 * "last visit DATE: battery 71 % (today 22 %), firmware 3.2.0 (today
 * 3.2.1), clock skew +3 s, pairing paired" into buf: the previous visit's
 * readings beside the engine's current ones (what neither has is left
 * out).  "" when there is no previous visit.
 */
void		 session_previous_text(struct session *, char *buf,
		    size_t len);

/*
 * Starting a visit (the screen takes the intake while the lock is looked
 * for).  session_hold: after session_open, keep scanning (the target's
 * readings stay live, ui->changed is called) until session_release() or
 * an interruption (SESSION_INTERRUPTED) or adapter loss (SESSION_ERROR).
 */
enum session_res	 session_hold(struct session *, struct ls_errbuf *eb);
void		 session_release(struct session *);
/* Before session_prepare: the answers are a (copied), not those given to
   session_new (the screen's form is complete only now). */
void		 session_set_answers(struct session *, const struct answers *a);

/*
 * The lock was not found: keep the intake typed so far (a, borrowed) in
 * cfg->jpath, an intake-only journal (created, or updated when resuming
 * one), so that --resume continues with it.  Free text that
 * answers_text_check refuses is left out.  No-op once the visit is
 * prepared.
 */
enum ls_err	 session_keep_intake(struct session *, const struct answers *a,
		    struct ls_errbuf *eb);

/* session_open ended because the lock was not heard in time. */
bool		 session_not_found(struct session *);

/* True when jpath is an intake-only journal; *a gets its intake. */
bool		 session_journal_intake(const char *jpath, struct answers *a);

/*
 * The lock is silent (devtab_stale: not heard for 5 usual intervals, at
 * least 10 s).  The session tells the UI when it goes silent and when it
 * is heard again (notice and log), and no radio verification passes
 * meanwhile.
 */
bool		 session_stale(struct session *);

/* The triage's advice with what is seen now, in buf; false before the
   engine runs. */
bool		 session_advice(struct session *, char *buf, size_t len);

#endif
