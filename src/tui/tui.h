/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui.h - the checklist screen of lockscope visit (ncursesw): an intake
 * form filled while the lock is looked for, then the visit session
 * (src/visit/session.h) shown as a checklist beside the current step and
 * the lock's live readings.  The screen adds
 * no visit logic: it shows what the session asks and gives back the
 * technician's answers.
 */
#ifndef LS_TUI_TUI_H
#define LS_TUI_TUI_H

#include "util/err.h"
#include "visit/session.h"
#include "visit/visit.h"

/* How a visit on the screen ended; the command says it (tui prints nothing). */
enum tui_end {
	TUI_END_DONE,		/* the report is written: see outcome */
	TUI_END_QUIT_FORM,	/* quit on the intake form (or while looking
				   for the lock): nothing recorded */
	TUI_END_INTERRUPTED,	/* quit during the visit: the journal is
				   kept for --resume */
	TUI_END_INTERRUPTED_EARLY, /* quit before the lock was found */
	TUI_END_ERROR		/* eb says why */
};

struct tui_result {
	enum tui_end		 end;
	bool			 failed;	/* DONE: a step failed or a
						   gate blocked */
	enum visit_outcome	 outcome;	/* DONE */
	char			 outcome_text[VISIT_NOTE_MAX];	/* DONE */
	/* The lock was not found (or the adapter failed) before the visit
	   began: the intake typed is in the journal for --resume. */
	bool			 intake_kept;
	/* ERROR mid-visit (the adapter lost): the journal holds the visit
	   for --resume. */
	bool			 journal_kept;
};

/*
 * Run a visit on the terminal (stdin and stdout are a terminal).  cfg is
 * the command line's (ui, uiarg, quiet and intake_from_journal are set
 * here).  Fills *res once the screen is restored; on TUI_END_ERROR eb
 * says why.  Prints nothing after the screen is gone: what the visit
 * ended with is the caller's to say.
 */
void	tui_visit(struct session_cfg *cfg, struct tui_result *res,
	    struct ls_errbuf *eb);

#endif
