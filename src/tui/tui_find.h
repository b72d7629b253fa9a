/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_find.h - the proximity finder on a terminal (lockscope-find(1)):
 * one lock's smoothed signal as a large meter, its trend, the last
 * minute as a graph, the bell faster as the signal rises, and a warning
 * when it went silent.  The model is src/present/proximity.h; this only
 * draws it and rings.
 *
 * Two ways in: lockscope find runs it as the whole screen
 * (tui_find_start), and the scan table shows it as a panel of its own
 * screen when 'f' is pressed (tui_find_panel_*).  Either way the command
 * runs the scan that fills the device table; the finder only reads it.
 */
#ifndef LS_TUI_TUI_FIND_H
#define LS_TUI_TUI_FIND_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "adv/devtab.h"
#include "present/proximity.h"
#include "util/loop.h"

struct tui_find;

/* Whether the screen can run (as tui_scan_usable()). */
bool		 tui_find_usable(void);

struct tui_find_cfg {
	struct loop		*loop;		/* borrowed */
	struct devtab		*tab;		/* borrowed, filled by the
						   command's scan */
	struct proximity_target	 target;
	const char		*label;		/* what was asked for, as
						   typed (shown) */
	const char		*adapter;	/* spec, shown (copied) */
	bool			 quiet;		/* no bell */
	/* q, Esc or Ctrl-C on the whole screen: the command ends the run
	   (it then calls tui_find_end()). */
	void			(*quit)(void *arg);
	void			*arg;
};

/*
 * The finder as the whole screen: the terminal goes to curses, keys and
 * SIGWINCH are watched on cfg->loop, the screen is redrawn four times a
 * second.  cfg is copied.  NULL when out of memory (nothing started).
 */
struct tui_find	*tui_find_start(const struct tui_find_cfg *cfg);

/* Say on the screen that the run is ending (the scan is being stopped). */
void		 tui_find_stopping(struct tui_find *);

/* Whether the target was heard at all. */
bool		 tui_find_heard(const struct tui_find *);

/* Restore the terminal and free.  NULL is a no-op. */
void		 tui_find_end(struct tui_find *);

/*
 * The panel inside another screen (src/tui/ only): the host owns the
 * terminal and the keys.  tui_find_panel_new() takes cfg as above (quit
 * unused; color from the host); tick samples and rings, draw draws the
 * whole screen, key returns false when the panel is to close (q, Esc,
 * f).  Free with tui_find_end() (the terminal is left to the host).
 */
struct tui_find	*tui_find_panel_new(const struct tui_find_cfg *cfg,
		    bool color, bool wide);
void		 tui_find_panel_tick(struct tui_find *);
void		 tui_find_panel_draw(struct tui_find *);
bool		 tui_find_panel_key(struct tui_find *, int k, wint_t ch);

#endif
