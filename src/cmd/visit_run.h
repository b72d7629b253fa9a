/*
 * visit_run.h - one service visit as a session, shared by batch mode
 * (cmd_visit.c) and the checklist screen (src/tui/): open the radio and
 * scan the whole time, find the lock, match the profile, plan, journal
 * (fresh or resumed), read the lock once over GATT (gread.h: firmware,
 * clock skew; a failure is only a notice), run the engine on one event
 * loop, feed it the target's advertised and GATT readings, record every
 * step, close with the report.
 *
 * The session holds every piece of visit logic; a UI only shows what the
 * engine asks and gives back the technician's answers through a small
 * hook table.  Batch mode is a UI whose ask answers at once from the
 * answers file.  Nothing here prints unless the session is not quiet (the
 * batch step lines on standard error).
 */
#ifndef LS_VISIT_RUN_H
#define LS_VISIT_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "../bt/devtab.h"
#include "../profile/profile.h"
#include "../util/err.h"
#include "../util/loop.h"
#include "../visit/answers.h"
#include "../visit/engine.h"
#include "../visit/key.h"
#include "../visit/visit.h"

/* What the UI is told.  Every hook may be NULL. */
struct vrun_ui {
	/* The running step waits for the technician: vrun_answer() now or
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
};

struct vrun_cfg {
	const char	*spec;		/* adapter */
	const char	*addr_str;	/* target, checked by the caller */
	const char	*out;		/* report path */
	const char	*jpath;		/* journal path */
	const char	*want_profile;	/* NULL: matched */
	const char	*capture;	/* --capture FILE, or NULL */
	struct key	*key;		/* signs the report; NULL: digest */
	double		 find_s;	/* how long to look for the lock */
	bool		 resume;
	bool		 quiet;		/* no lines on standard error */
	/* On resume take intake and ownership from the journal rather than
	   from the answers given (the screen has no answers file). */
	bool		 intake_from_journal;
	const struct vrun_ui *ui;
	void		*uiarg;
};

/* How a phase of the session ended. */
enum vrun_res {
	VRUN_OK,
	VRUN_ERROR,		/* eb filled */
	VRUN_INTERRUPTED,	/* a signal or vrun_interrupt() */
	VRUN_UNFINISHED		/* the engine stopped early: resume later */
};

struct vrun;

/*
 * A session over cfg (borrowed) and answers a (copied; batch: the file,
 * screen: the intake form).  The loop is made here so the UI can add its
 * own descriptors and signals (vrun_loop) before vrun_open.  NULL when
 * out of memory.  SIGINT and SIGTERM interrupt the session unless the UI
 * replaces their handlers.
 */
struct vrun	*vrun_new(const struct vrun_cfg *cfg, const struct answers *a);
void		 vrun_free(struct vrun *);

struct loop	*vrun_loop(struct vrun *);

/* Open the radio, scan, and look for the lock for cfg->find_s. */
enum vrun_res	 vrun_open(struct vrun *, struct ls_errbuf *eb);

/*
 * Profile, plan, engine, journal (created, or resumed when cfg->resume
 * and the journal exists), and the visit recorded or restored.  warn
 * gets a journal warning (torn last record) or "".
 */
enum vrun_res	 vrun_prepare(struct vrun *, char *warn, size_t wlen,
		    struct ls_errbuf *eb);

/* Run the engine until every step has ended or the session stops. */
enum vrun_res	 vrun_run(struct vrun *, struct ls_errbuf *eb);

/* Close the visit (after-readings, outcome) and write the report. */
enum vrun_res	 vrun_close(struct vrun *, struct ls_errbuf *eb);

/* Stop the session (Ctrl-C confirmed): the journal keeps the visit. */
void		 vrun_interrupt(struct vrun *);

/*
 * The technician's answer for the running step (borrowed); for an
 * ownership step the answer is the intake's ownership (vrun_own_answer)
 * whatever a says.
 */
void		 vrun_answer(struct vrun *, const struct ans_step *a);

/* The answer an ownership step gets from the intake. */
const struct ans_step *vrun_own_answer(struct vrun *,
		    const struct eng_step *);

/* A note for the running step (added to what the engine notes). */
void		 vrun_note(struct vrun *, const char *text);

/* Accessors for drawing; NULL before vrun_prepare / vrun_open. */
struct engine	*vrun_engine(struct vrun *);
const struct visit *vrun_visit(struct vrun *);
const struct dev *vrun_dev(struct vrun *);
const struct profile *vrun_profile(struct vrun *);
const struct answers *vrun_answers(struct vrun *);
bool		 vrun_resumed(struct vrun *);

#endif
