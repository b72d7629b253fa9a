/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_scan.h - the live scan table on a terminal (lockscope(1), scan,
 * "The live table"): a curses screen redrawn four times a second from the
 * device table through the rows model (present/scan_rows.h), with keys
 * to select, filter, sort, freeze, open the proximity finder, and pick a
 * lock to inspect or visit.
 *
 * The command runs the scan and owns the radio; the screen only reads
 * the device table.  Inspect and visit need the adapter to themselves:
 * the screen hands the choice to the command (hooks.run), which leaves
 * the screen (tui_scan_suspend), runs them, and comes back
 * (tui_scan_resume).
 */
#ifndef LS_TUI_TUI_SCAN_H
#define LS_TUI_TUI_SCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "adv/devtab.h"
#include "util/loop.h"

enum tui_scan_run {
	TUI_SCAN_INSPECT,	/* lockscope inspect ADDRESS */
	TUI_SCAN_VISIT		/* lockscope visit --device ADDRESS */
};

struct tui_scan_cfg {
	struct loop	*loop;		/* borrowed */
	struct devtab	*tab;		/* borrowed, filled by the scan */
	const char	*adapter;	/* spec, shown in the header (copied) */
	const char	*scan_mode;	/* "extended" or "legacy" */
	uint64_t	 t0_ms;		/* loop_now_ms() when scanning began */
	uint64_t	 ttl_ms;	/* --ttl; 0: rows never expire */
	bool		 quiet;		/* the finder rings no bell */
	/* Shown at the end of the status line (the NFC tags read before
	   the scan), or NULL. */
	const char	*note;
	/* Why inspect and visit cannot be run from here, or NULL. */
	const char	*no_run;
	/* q or Ctrl-C: the command stops the scan (and later calls
	   tui_scan_end()). */
	void		(*quit)(void *arg);
	/* Enter, then i or v: run that on address (as "C4:7C:..."). */
	void		(*run)(void *arg, enum tui_scan_run what,
			    const char *address);
	void		*arg;
};

struct tui_scan;

/* Whether the screen can run: standard output is a terminal that the
   terminfo database knows (TERM) and that can address the cursor. */
bool		 tui_scan_usable(void);

/*
 * Curses on, the table drawn, keys and SIGWINCH watched on cfg->loop.
 * cfg is copied (adapter too; the other strings are borrowed for the
 * screen's life).  NULL when out of memory (the terminal is left
 * alone).
 */
struct tui_scan	*tui_scan_start(const struct tui_scan_cfg *cfg);

/* The header says the scan is ending. */
void		 tui_scan_stopping(struct tui_scan *);

/* Leave curses (the terminal as it was) and stop watching the keys and
   the clock, so that another program can have the terminal. */
void		 tui_scan_suspend(struct tui_scan *);

/* Back after tui_scan_suspend(): curses on, the table redrawn. */
void		 tui_scan_resume(struct tui_scan *);

/* Restore the terminal and free.  NULL is a no-op. */
void		 tui_scan_end(struct tui_scan *);

#endif
