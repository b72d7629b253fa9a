/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_form.c - the intake form of the checklist screen: technician,
 * site, work order, symptoms, the access paths that still work, and
 * whether ownership was verified and how.  It runs on the session's loop
 * (keys from tui_visit.c) while the lock is looked for; its top line
 * says how the search goes (tui_find_line).  The answers file's rules
 * hold as each key is typed (text_may_be_code): free text never takes a
 * run of digits that may be a code; the work order may hold digits.
 */
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "tui/tui_int.h"
#include "util/err.h"
#include "util/text.h"
#include "visit/answers.h"
#include "visit/visit.h"

#define TUI_NSYMPT	11
#define TUI_NACCESS	4

enum tui_fkind { TUI_F_TEXT, TUI_F_TOGGLE, TUI_F_BUTTON };

struct tui_field {
	enum tui_fkind	 kind;
	const char	*label;
	char		*text;		/* TEXT */
	bool		 digits_ok;
	bool		*flag;		/* TOGGLE */
	int		 y, x, w;
};

void
tui_form_addch(char *buf, size_t cap, wint_t ch)
{
	char		mb[MB_LEN_MAX];
	mbstate_t	st;
	size_t		n, len = strlen(buf);

	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)ch, &st);
	if (n == (size_t)-1 || len + n >= cap)
		return;
	memcpy(buf + len, mb, n);
	buf[len + n] = '\0';
}

void
tui_form_backspace(char *buf)
{
	size_t	len = strlen(buf);

	while (len > 0) {
		len--;
		if (((unsigned char)buf[len] & 0xc0) != 0x80)
			break;
	}
	buf[len] = '\0';
}

/*
 * True when appending ch to buf would make text that may be a code
 * (text_may_be_code: a run of digits that is not a year or an ISO date).
 */
bool
tui_form_code(const char *buf, wint_t ch)
{
	char	cand[TUI_FIELD_MAX + MB_LEN_MAX];

	snprintf(cand, sizeof cand, "%s", buf);
	tui_form_addch(cand, sizeof cand, ch);
	return text_may_be_code(cand);
}

struct tui_form {
	struct tui		*t;
	bool			 sym[TUI_NSYMPT];
	bool			 acc[TUI_NACCESS];
	bool			 own;
	size_t			 n;
	struct tui_field	 f[TUI_NSYMPT + TUI_NACCESS + 8];
	size_t			 cur;
	bool			 help;
	bool			 quitting;	/* y/n: discard the intake? */
};

static void
tui_form_layout(struct tui_form *fm)
{
	int	cols = COLS, half = COLS / 2, i, y;
	size_t	k = 0;

	(void)cols;
	fm->f[k].y = 2, fm->f[k++].x = 2;
	fm->f[k].y = 3, fm->f[k++].x = 2;
	fm->f[k].y = 4, fm->f[k++].x = 2;
	for (i = 0; i < TUI_NSYMPT; i++) {
		y = 7 + (i % 6);
		fm->f[k].y = y;
		fm->f[k++].x = i < 6 ? 2 : half;
	}
	for (i = 0; i < TUI_NACCESS; i++) {
		fm->f[k].y = 15;
		fm->f[k++].x = 2 + i * (COLS - 4) / TUI_NACCESS;
	}
	fm->f[k].y = 17, fm->f[k++].x = 2;
	fm->f[k].y = 18, fm->f[k++].x = 2;
	fm->f[k].y = 20, fm->f[k++].x = 2;
}

static void
tui_form_build(struct tui_form *fm)
{
	struct answers	*a = &fm->t->intake;
	size_t		 k = 0;
	int		 i;

	fm->f[k++] = (struct tui_field){ TUI_F_TEXT, "Technician",
	    a->technician, false, NULL, 0, 0, 0 };
	fm->f[k++] = (struct tui_field){ TUI_F_TEXT, "Site",
	    a->site, false, NULL, 0, 0, 0 };
	fm->f[k++] = (struct tui_field){ TUI_F_TEXT, "Work order",
	    a->work_order, true, NULL, 0, 0, 0 };
	for (i = 0; i < TUI_NSYMPT; i++)
		fm->f[k++] = (struct tui_field){ TUI_F_TOGGLE,
		    visit_symptom_name((size_t)i), NULL, false, &fm->sym[i],
		    0, 0, 0 };
	for (i = 0; i < TUI_NACCESS; i++)
		fm->f[k++] = (struct tui_field){ TUI_F_TOGGLE,
		    visit_access_name(1u << i), NULL, false, &fm->acc[i],
		    0, 0, 0 };
	fm->f[k++] = (struct tui_field){ TUI_F_TOGGLE, "Ownership verified "
	    "(the requester owns or manages the lock)", NULL, false,
	    &fm->own, 0, 0, 0 };
	fm->f[k++] = (struct tui_field){ TUI_F_TEXT, "How verified",
	    a->ownership_method, false, NULL, 0, 0, 0 };
	fm->f[k++] = (struct tui_field){ TUI_F_BUTTON, "[ Start the visit ]",
	    NULL, false, NULL, 0, 0, 0 };
	fm->n = k;
}

static void
tui_form_draw_fields(struct tui_form *fm)
{
	const struct tui_field	*f;
	char			 line[256];
	size_t			 i;
	int			 w;

	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	snprintf(line, sizeof line, " lockscope visit  %s  intake",
	    fm->t->cfg->addr_str);
	tui_put(0, 0, COLS, line);
	attroff(A_REVERSE);
	tui_find_line(fm->t, 1, 2, COLS - 4);
	tui_put(6, 2, COLS - 4, "Symptoms (Space marks)");
	tui_put(14, 2, COLS - 4, "Access paths that still work");
	for (i = 0; i < fm->n; i++) {
		f = &fm->f[i];
		if (i == fm->cur)
			attron(A_REVERSE);
		switch (f->kind) {
		case TUI_F_TEXT:
			snprintf(line, sizeof line, "%-13s", f->label);
			tui_put(f->y, f->x, 14, line);
			if (i != fm->cur)
				attron(A_UNDERLINE);
			w = COLS - f->x - 16;
			mvhline(f->y, f->x + 14, ' ', w);
			tui_put(f->y, f->x + 14, w, f->text);
			attroff(A_UNDERLINE);
			break;
		case TUI_F_TOGGLE:
			snprintf(line, sizeof line, "[%c] %s", *f->flag ? 'x' :
			    ' ', f->label);
			tui_put(f->y, f->x, COLS - f->x - 1, line);
			break;
		case TUI_F_BUTTON:
			tui_put(f->y, f->x, COLS - f->x - 1, f->label);
			break;
		}
		attroff(A_REVERSE);
	}
	if (fm->t->msg[0] != '\0') {
		if (fm->t->color)
			attron(COLOR_PAIR(TUI_C_BAD));
		attron(A_BOLD);
		tui_put(LINES - 2, 1, COLS - 2, fm->t->msg);
		attroff(A_BOLD);
		if (fm->t->color)
			attroff(COLOR_PAIR(TUI_C_BAD));
	}
	attron(A_REVERSE);
	mvhline(LINES - 1, 0, ' ', COLS);
	tui_put(LINES - 1, 0, COLS, fm->quitting ? " y quit and discard   "
	    "n keep typing" : " Tab/Down next  Up back  Space mark  "
	    "Enter next/start  ? help  ^C quit");
	attroff(A_REVERSE);
}

/* Check every field; false with the message and the field focused. */
static bool
tui_form_check(struct tui_form *fm)
{
	struct answers		*a = &fm->t->intake;
	struct ls_errbuf	 eb;
	size_t			 i;

	ls_err_clear(&eb);
	for (i = 0; i < fm->n; i++) {
		if (fm->f[i].kind != TUI_F_TEXT)
			continue;
		if (answers_text_check(fm->f[i].label, fm->f[i].text,
		    ANS_TEXT_MAX, fm->f[i].digits_ok, &eb) != LS_OK) {
			snprintf(fm->t->msg, sizeof fm->t->msg, "%s", eb.msg);
			fm->cur = i;
			return false;
		}
	}
	if (a->technician[0] == '\0' || a->site[0] == '\0') {
		snprintf(fm->t->msg, sizeof fm->t->msg, "%s: required",
		    a->technician[0] == '\0' ? "Technician" : "Site");
		fm->cur = a->technician[0] == '\0' ? 0 : 1;
		return false;
	}
	if (fm->own && a->ownership_method[0] == '\0') {
		snprintf(fm->t->msg, sizeof fm->t->msg, "How verified: say "
		    "how ownership was verified");
		fm->cur = fm->n - 2;
		return false;
	}
	tui_form_apply(fm);
	return true;
}

static void
tui_form_help(void)
{
	static const char *const lines[] = {
		"Intake: who, where, what the customer reports.",
		"",
		"Tab, Down, Enter   next field",
		"Up, Shift-Tab      previous field",
		"Space              mark or unmark a symptom, an access",
		"                   path, or ownership verified",
		"Enter on Start     check the form; the visit starts",
		"                   once the lock is found",
		"Ctrl-C             quit (asks: nothing is recorded yet)",
		"",
		"The lock is looked for meanwhile (the line at the top).",
		"If it is not found, what you typed is kept in the",
		"journal: --resume opens this form with it.",
		"",
		"Free text never takes 4 or more digits in a row: that",
		"may be a code.  Write counts, never codes.",
		"",
		"Any key closes this help.",
	};
	size_t	i, n = sizeof lines / sizeof lines[0];
	int	y0 = (LINES - (int)n - 2) / 2, x0 = (COLS - 62) / 2;

	if (x0 < 0)
		x0 = 0;
	if (y0 < 0)
		y0 = 0;
	tui_frame(y0, x0, (int)n + 2, 62);
	for (i = 0; i < n; i++)
		tui_put(y0 + 1 + (int)i, x0 + 2, 58, lines[i]);
}


struct tui_form *
tui_form_new(struct tui *t)
{
	struct tui_form	*fm;
	size_t		 i;

	if ((fm = calloc(1, sizeof *fm)) == NULL)
		return NULL;
	fm->t = t;
	tui_form_build(fm);
	/* A resumed intake (an intake-only journal) fills the form. */
	for (i = 0; i < TUI_NSYMPT; i++)
		fm->sym[i] = (t->intake.symptoms &
		    answers_symptom_bit(visit_symptom_name(i))) != 0;
	for (i = 0; i < TUI_NACCESS; i++)
		fm->acc[i] = (t->intake.access & (1u << i)) != 0;
	fm->own = t->intake.ownership_verified;
	return fm;
}

void
tui_form_free(struct tui_form *fm)
{
	free(fm);
}

bool
tui_form_typed(const struct tui_form *fm)
{
	size_t	i;

	for (i = 0; i < fm->n; i++) {
		if (fm->f[i].kind == TUI_F_TEXT && fm->f[i].text[0] != '\0')
			return true;
		if (fm->f[i].kind == TUI_F_TOGGLE && *fm->f[i].flag)
			return true;
	}
	return false;
}

/* What was typed into the intake, checked or not (the journal keeps it
   when the lock is not found; the session drops refused text). */
void
tui_form_apply(struct tui_form *fm)
{
	struct answers	*a = &fm->t->intake;
	size_t		 i;

	a->symptoms = 0;
	for (i = 0; i < TUI_NSYMPT; i++)
		if (fm->sym[i])
			a->symptoms |= answers_symptom_bit(
			    visit_symptom_name(i));
	a->access = 0;
	for (i = 0; i < TUI_NACCESS; i++)
		if (fm->acc[i])
			a->access |= 1u << i;
	a->access_given = a->access != 0;
	a->ownership_verified = fm->own;
}

void
tui_form_draw(struct tui_form *fm)
{
	struct tui_field	*f;
	size_t			 cw;
	int			 mx;

	tui_form_layout(fm);
	if (fm->help) {
		tui_form_draw_fields(fm);
		tui_form_help();
		curs_set(0);
		return;
	}
	tui_form_draw_fields(fm);
	if (fm->quitting) {
		tui_frame(LINES / 2 - 3, 5, 5, COLS - 10);
		attron(A_BOLD);
		tui_put(LINES / 2 - 2, 7, COLS - 14, "Quit? The intake typed "
		    "so far is discarded.");
		attroff(A_BOLD);
		tui_put(LINES / 2, 7, COLS - 14, "y quit and discard   "
		    "n keep typing");
		curs_set(0);
		return;
	}
	f = &fm->f[fm->cur];
	if (f->kind != TUI_F_TEXT) {
		curs_set(0);
		return;
	}
	cw = mbstowcs(NULL, f->text, 0);
	mx = COLS - f->x - 17;
	if (cw == (size_t)-1 || (int)cw > mx)
		cw = mx > 0 ? (size_t)mx : 0;
	move(f->y, f->x + 14 + (int)cw);
	curs_set(1);
}

enum tui_form_end
tui_form_key(struct tui_form *fm, int k, wint_t ch)
{
	struct tui		*t = fm->t;
	struct tui_field	*f = &fm->f[fm->cur];

	if (fm->help) {
		fm->help = false;
		return TUI_FORM_GOING;
	}
	if (fm->quitting) {
		if (k != KEY_CODE_YES && (ch == 'y' || ch == 'Y'))
			return TUI_FORM_QUIT;
		if (k != KEY_CODE_YES && (ch == 'n' || ch == 'N' ||
		    ch == 27 || ch == 3))
			fm->quitting = false;
		return TUI_FORM_GOING;
	}
	if (k == KEY_CODE_YES) {
		switch (ch) {
		case KEY_DOWN:
			fm->cur = (fm->cur + 1) % fm->n;
			break;
		case KEY_UP:
		case KEY_BTAB:
			fm->cur = (fm->cur + fm->n - 1) % fm->n;
			break;
		case KEY_BACKSPACE:
			if (f->kind == TUI_F_TEXT)
				tui_form_backspace(f->text);
			break;
		case KEY_ENTER:
			goto enter;
		default:
			break;
		}
		return TUI_FORM_GOING;
	}
	switch (ch) {
	case 3:			/* Ctrl-C: nothing typed, nothing to lose */
		if (!tui_form_typed(fm))
			return TUI_FORM_QUIT;
		fm->quitting = true;
		return TUI_FORM_GOING;
	case '\t':
		fm->cur = (fm->cur + 1) % fm->n;
		return TUI_FORM_GOING;
	case '\r':
	case '\n':
	enter:
		if (fm->f[fm->cur].kind == TUI_F_BUTTON) {
			t->msg[0] = '\0';
			if (tui_form_check(fm))
				return TUI_FORM_DONE;
		} else
			fm->cur = (fm->cur + 1) % fm->n;
		return TUI_FORM_GOING;
	case 127:
	case 8:
		if (f->kind == TUI_F_TEXT)
			tui_form_backspace(f->text);
		return TUI_FORM_GOING;
	case ' ':
		if (f->kind == TUI_F_TOGGLE) {
			*f->flag = !*f->flag;
			return TUI_FORM_GOING;
		}
		break;
	case '?':
		if (f->kind != TUI_F_TEXT) {
			fm->help = true;
			return TUI_FORM_GOING;
		}
		break;
	default:
		break;
	}
	if (f->kind != TUI_F_TEXT || !iswprint(ch))
		return TUI_FORM_GOING;
	if (!f->digits_ok && tui_form_code(f->text, ch)) {
		snprintf(t->msg, sizeof t->msg, "%s: %d digits in a row may be "
		    "a code; write counts, never codes", f->label,
		    ANS_DIGIT_RUN);
		return TUI_FORM_GOING;
	}
	t->msg[0] = '\0';
	tui_form_addch(f->text, ANS_TEXT_MAX, ch);
	return TUI_FORM_GOING;
}
