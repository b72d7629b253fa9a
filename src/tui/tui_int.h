/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_int.h - what the checklist screen's files share (src/tui/ only).
 */
#ifndef LS_TUI_TUI_INT_H
#define LS_TUI_TUI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "visit/answers.h"
#include "visit/engine.h"
#include "visit/session.h"

#define TUI_MIN_COLS	80
#define TUI_MIN_LINES	24
#define TUI_RSSI_HIST	16	/* samples in the sparkline, 1 s apart */
#define TUI_ALERT_MAX	1024
#define TUI_FIELD_MAX	ANS_NOTE_MAX

/* Colour pairs (0 when the terminal is monochrome or NO_COLOR is set). */
enum tui_pair {
	TUI_C_OK = 1,
	TUI_C_WARN,
	TUI_C_BAD,
	TUI_C_RUN,
	TUI_C_BAR
};

enum tui_mode {
	TUI_M_FIND,		/* looking for the lock */
	TUI_M_RUN,		/* the checklist */
	TUI_M_NOTE,		/* editing the note of the running step */
	TUI_M_COUNTS,		/* typing code counts */
	TUI_M_CONFIRM,		/* y/n before something irreversible */
	TUI_M_DONE		/* closed: the report is written */
};

enum tui_confirm {
	TUI_CF_NONE,
	TUI_CF_ANSWER,		/* record tui.pending */
	TUI_CF_REMEDY,		/* follow the triage's remedy */
	TUI_CF_QUIT
};

/* What the note editor is typing. */
enum tui_edit_for {
	TUI_EF_NOTE,		/* the running step's note */
	TUI_EF_SKIP,		/* the reason for a skip */
	TUI_EF_REMEDY		/* the reason for a remedy other than the
				   triage's */
};

/* The code counts form: active, admin, user, temporary. */
#define TUI_NCOUNTS	4

struct tui {
	struct session_cfg		*cfg;
	struct session		*run;
	struct answers		 intake;
	bool			 color;
	bool			 wide;		/* UTF-8 sparkline */
	enum tui_mode		 mode;
	enum tui_mode		 back;		/* mode under a confirmation */
	bool			 help;		/* the help overlay */
	size_t			 sel;		/* highlighted step */
	size_t			 last_cur;	/* running step last seen */
	bool			 asking;	/* the session waits for us */
	size_t			 ask_idx;
	char			 alert[TUI_ALERT_MAX];
	char			 msg[TUI_ALERT_MAX];	/* form errors, hints */
	enum tui_confirm	 confirm;
	char			 confirm_text[TUI_ALERT_MAX];
	struct ans_step		 pending;
	char			 notes[ENG_MAX_STEPS][ANS_NOTE_MAX];
	char			 edit[TUI_FIELD_MAX];	/* the note
							   being typed */
	char			 counts[TUI_NCOUNTS][8];
	int			 count_field;
	int			 rssi[TUI_RSSI_HIST];
	size_t			 nrssi;
	uint64_t		 rssi_at;
	unsigned		 draw_timer;
	unsigned		 stdin_id;
	unsigned		 tick_timer;
	bool			 quit;
	const char		*outcome;	/* after close */
	/* Remedy, skip and battery (tui_visit.c, tui_visit_hint). */
	bool			 choosing;	/* the remedy is awaited */
	enum profile_remedy	 rm_sel, rm_adv;
	unsigned		 rm_sup;
	enum tui_edit_for	 edit_for;	/* what TUI_M_NOTE types */
};

/*
 * tui_visit.c: the keys for the remedy choice, a skip while a step
 * waits, and "battery replaced" after a failed power check, as a footer
 * line; NULL when none of them applies now.
 */
const char *tui_visit_hint(const struct tui *);

/* tui_term.c: the terminal. */
void	tui_term_start(struct tui *);
void	tui_term_open(bool *color, bool *wide);
bool	tui_term_usable(void);
void	tui_term_end(void);
void	tui_term_resume(void);
void	tui_term_resize(void);
void	tui_term_check_size(void);
/* Below TUI_MIN_COLS x TUI_MIN_LINES: say so on the screen; true. */
bool	tui_term_small(void);

/* tui_form.c: the intake form (before the radio); false: quit. */
bool	tui_form_intake(struct tui *);
/* Append the typed key ch (a wide char) to buf as UTF-8 if it fits. */
void	tui_form_addch(char *buf, size_t cap, wint_t ch);
/* Remove the last character (UTF-8 aware). */
void	tui_form_backspace(char *buf);

/* tui_draw.c: the checklist screen. */
void	tui_draw(struct tui *);
/* UTF-8 s at y, x in at most w columns (wide characters). */
void	tui_put(int y, int x, int w, const char *s);
/* A blank box with a frame (overlays). */
void	tui_frame(int y, int x, int h, int w);

#endif
