/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_visit.c - lockscope visit on a terminal: the intake form, then the
 * session (src/visit/session.h) on one event loop with the keyboard, the
 * adapter, SIGWINCH and a 250 ms tick for countdowns and the signal
 * history.  The screen never waits on the radio.  Every answer goes to
 * the session; the journal has each step as it ends, so quitting mid-visit
 * (Ctrl-C, confirmed) leaves a visit --resume continues.
 */
#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wctype.h>

#include "adv/devtab.h"
#include "hci/hcidef.h"
#include "tui/tui.h"
#include "tui/tui_int.h"
#include "util/loop.h"
#include "util/text.h"
#include "visit/journal.h"

#define TUI_TICK_MS	250
#define TUI_RSSI_MS	1000

static void	tui_rssi(struct tui *);
static void	tui_remedy_prompt(struct tui *);
static void	tui_confirm(struct tui *, enum tui_confirm, const char *);

/* A typed code count: 0..ANS_COUNT_MAX, or -1 when it is not one. */
static int
tui_count(const char *s)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0 ||
	    v > ANS_COUNT_MAX)
		return -1;
	return (int)v;
}

static void
tui_draw_now(void *arg)
{
	struct tui	*t = arg;

	t->draw_timer = 0;
	tui_draw(t);
}

/* Redraw once the current callback is over. */
static void
tui_dirty(struct tui *t)
{
	if (t->draw_timer == 0 && t->run != NULL)
		t->draw_timer = loop_add_timer(session_loop(t->run), 0,
		    tui_draw_now, t);
}

/* Session hooks */

static void
tui_ask(void *arg, const struct eng_step *s)
{
	struct tui	*t = arg;
	struct engine	*e = session_engine(t->run);

	(void)s;
	t->asking = true;
	t->ask_idx = engine_current(e);
	t->sel = t->ask_idx;
	if (engine_waiting(e, NULL) == ENG_WAITING_POWER)
		snprintf(t->alert, sizeof t->alert, "Power check failed: b "
		    "battery replaced, measure again; f record the failure");
	tui_dirty(t);
}

static void
tui_notice(void *arg, const char *text)
{
	struct tui	*t = arg;

	snprintf(t->alert, sizeof t->alert, "%s", text);
	tui_dirty(t);
}

static void
tui_changed(void *arg)
{
	struct tui	*t = arg;
	struct engine	*e = session_engine(t->run);

	tui_rssi(t);
	if (t->choosing)
		tui_remedy_prompt(t);
	/* Follow the running step when it moves on, not on every advert. */
	if (e != NULL && engine_current(e) != t->last_cur) {
		t->last_cur = engine_current(e);
		if (t->last_cur < engine_nsteps(e))
			t->sel = t->last_cur;
	}
	tui_dirty(t);
}

static void
tui_step_done(void *arg, const struct eng_step *s,
    const struct eng_outcome *o)
{
	struct tui	*t = arg;

	if (o->status == ENG_FAILED || o->status == ENG_BLOCKED)
		snprintf(t->alert, sizeof t->alert, "%s %s: %s", s->id,
		    engine_status_name(o->status), o->note);
	tui_dirty(t);
}

/* Remedy, skip and battery (lockscope-visit(1), REMEDIES) */

/* The remedy proposed now, and how to change it, in the alert line. */
static void
tui_remedy_prompt(struct tui *t)
{
	snprintf(t->alert, sizeof t->alert, "Remedy: %s%s  (Tab other, "
	    "Enter choose)", profile_remedy_name(t->rm_sel),
	    t->rm_sel == t->rm_adv ? " - the triage's advice" : "");
}

static void
tui_choose_remedy(void *arg, enum profile_remedy advised, unsigned supported)
{
	struct tui	*t = arg;

	t->choosing = true;
	t->rm_adv = t->rm_sel = advised;
	t->rm_sup = supported;
	tui_remedy_prompt(t);
	tui_dirty(t);
}

static void
tui_waiting(void *arg, const struct eng_step *s)
{
	struct tui	*t = arg;

	(void)s;
	tui_dirty(t);
}

/* Tab: the next remedy the profile supports. */
static void
tui_remedy_next(struct tui *t)
{
	int	i, r;

	for (i = 1; i <= PROFILE_RM_COUNT; i++) {
		r = ((int)t->rm_sel + i) % PROFILE_RM_COUNT;
		if (t->rm_sup & PROFILE_RM_BIT(r)) {
			t->rm_sel = (enum profile_remedy)r;
			break;
		}
	}
	tui_remedy_prompt(t);
}

/* Enter: the advice is confirmed; another remedy wants a reason. */
static void
tui_remedy_enter(struct tui *t)
{
	char	q[TUI_ALERT_MAX];

	if (t->rm_sel == t->rm_adv) {
		snprintf(q, sizeof q, "Follow remedy %s, the triage's advice?",
		    profile_remedy_name(t->rm_sel));
		tui_confirm(t, TUI_CF_REMEDY, q);
		return;
	}
	t->edit[0] = '\0';
	t->edit_for = TUI_EF_REMEDY;
	t->mode = TUI_M_NOTE;
	snprintf(t->msg, sizeof t->msg, "why %s and not the triage's %s? "
	    "(required)", profile_remedy_name(t->rm_sel),
	    profile_remedy_name(t->rm_adv));
}

static void
tui_remedy_send(struct tui *t, const char *reason)
{
	struct ls_errbuf	eb;

	ls_err_clear(&eb);
	t->choosing = false;
	t->alert[0] = '\0';
	if (session_choose_remedy(t->run, t->rm_sel, reason, &eb) != LS_OK) {
		t->choosing = true;
		snprintf(t->msg, sizeof t->msg, "%s", eb.msg);
	}
	tui_dirty(t);
}

/* s: a reason for the skip first, whatever the step waits for. */
static void
tui_skip_start(struct tui *t)
{
	struct engine		*e = session_engine(t->run);
	const struct eng_step	*s;

	switch (engine_waiting(e, NULL)) {
	case ENG_WAITING_ANSWER:
	case ENG_WAITING_VERIFY:
	case ENG_WAITING_POWER:
	case ENG_WAITING_BATTERY:
		break;
	default:
		snprintf(t->msg, sizeof t->msg, "no step waits: nothing to "
		    "skip");
		return;
	}
	s = engine_step(e, engine_current(e));
	if (s->phase == ENG_PH_OWNERSHIP) {
		snprintf(t->msg, sizeof t->msg, "ownership is never skipped");
		return;
	}
	t->sel = engine_current(e);
	t->edit[0] = '\0';
	t->edit_for = TUI_EF_SKIP;
	t->mode = TUI_M_NOTE;
	snprintf(t->msg, sizeof t->msg, "why skip %s? (required, goes in the "
	    "report)", s->id);
}

static void
tui_skip_send(struct tui *t, const char *reason)
{
	struct ls_errbuf	eb;

	ls_err_clear(&eb);
	t->asking = false;
	if (session_skip(t->run, reason, &eb) != LS_OK)
		snprintf(t->alert, sizeof t->alert, "%s", eb.msg);
	tui_dirty(t);
}

static void
tui_battery(struct tui *t)
{
	struct ls_errbuf	eb;

	ls_err_clear(&eb);
	if (session_battery_replaced(t->run, &eb) != LS_OK) {
		snprintf(t->msg, sizeof t->msg, "%s", eb.msg);
		return;
	}
	t->asking = false;
	snprintf(t->alert, sizeof t->alert, "battery replaced: waiting for a "
	    "fresh battery reading (s skip)");
}

const char *
tui_visit_hint(const struct tui *t)
{
	struct engine	*e;

	if (t->run == NULL || (e = session_engine(t->run)) == NULL ||
	    t->mode != TUI_M_RUN)
		return NULL;
	if (t->choosing)
		return " Tab other remedy  Enter choose  Up/Dn view  ? help  "
		    "^C quit";
	switch (engine_waiting(e, NULL)) {
	case ENG_WAITING_POWER:
		return " b battery replaced: measure again  f fail  s skip  "
		    "n note  ^C quit";
	case ENG_WAITING_VERIFY:
	case ENG_WAITING_BATTERY:
		return " s skip (with a reason)  n note  Up/Dn view  ? help  "
		    "^C quit";
	default:
		return NULL;
	}
}

static const struct session_ui tui_ui = {
	.ask = tui_ask,
	.notice = tui_notice,
	.changed = tui_changed,
	.step_done = tui_step_done,
	.choose_remedy = tui_choose_remedy,
	.waiting = tui_waiting,
};

/* Answers */

static void
tui_send(struct tui *t)
{
	t->asking = false;
	t->mode = TUI_M_RUN;
	session_answer(t->run, &t->pending);
	tui_dirty(t);
}

static void
tui_confirm(struct tui *t, enum tui_confirm what, const char *text)
{
	t->back = t->mode == TUI_M_CONFIRM ? TUI_M_RUN : t->mode;
	t->mode = TUI_M_CONFIRM;
	t->confirm = what;
	snprintf(t->confirm_text, sizeof t->confirm_text, "%s", text);
}

/* The technician answered the running step; confirm what is final. */
static void
tui_answer(struct tui *t, enum ans_result res, unsigned has)
{
	const struct eng_step	*s;
	char			 q[TUI_ALERT_MAX];
	bool			 ask = false;

	if (!t->asking)
		return;
	s = engine_step(session_engine(t->run), t->ask_idx);
	t->sel = t->ask_idx;
	memset(&t->pending, 0, sizeof t->pending);
	snprintf(t->pending.id, sizeof t->pending.id, "%s", s->id);
	t->pending.result = res;
	t->pending.has = has;
	snprintf(t->pending.note, sizeof t->pending.note, "%s",
	    t->notes[t->ask_idx]);
	if (has & ANS_HAS_CODES_ACTIVE)
		t->pending.codes_active = tui_count(t->counts[0]);
	if (has & ANS_HAS_CODES_ADMIN)
		t->pending.codes_admin = tui_count(t->counts[1]);
	if (has & ANS_HAS_CODES_USER)
		t->pending.codes_user = tui_count(t->counts[2]);
	if (has & ANS_HAS_CODES_TEMP)
		t->pending.codes_temporary = tui_count(t->counts[3]);
	if (s->phase == ENG_PH_OWNERSHIP) {
		snprintf(q, sizeof q, t->intake.ownership_verified ?
		    "Record ownership as verified? This opens the gate." :
		    "Record ownership as NOT verified? The reset is blocked.");
		ask = true;
	} else if (s->phase == ENG_PH_CLOSEOUT && res != ANS_RES_FAIL &&
	    res != ANS_RES_SKIP) {
		snprintf(q, sizeof q, "Close the visit and write the report?");
		ask = true;
	} else if (res == ANS_RES_FAIL || res == ANS_RES_SKIP) {
		snprintf(q, sizeof q, "Record %s as %s?", s->id,
		    res == ANS_RES_FAIL ? "failed" : "skipped");
		ask = true;
	} else if (s->kind == ENG_K_ATTEST || s->kind == ENG_K_MEASURE) {
		snprintf(q, sizeof q, "Record %s as %s (attested)?", s->id,
		    answers_result_name(res));
		ask = true;
	}
	if (ask)
		tui_confirm(t, TUI_CF_ANSWER, q);
	else
		tui_send(t);
}

static void
tui_counts_done(struct tui *t)
{
	static const unsigned	bits[TUI_NCOUNTS] = {
		ANS_HAS_CODES_ACTIVE, ANS_HAS_CODES_ADMIN, ANS_HAS_CODES_USER,
		ANS_HAS_CODES_TEMP
	};
	unsigned		has = 0;
	int			i;

	for (i = 0; i < TUI_NCOUNTS; i++) {
		if (t->counts[i][0] == '\0')
			continue;
		if (tui_count(t->counts[i]) < 0) {
			snprintf(t->msg, sizeof t->msg, "a count is at most "
			    "%d", ANS_COUNT_MAX);
			t->count_field = i;
			return;
		}
		has |= bits[i];
	}
	if (has == 0) {
		snprintf(t->msg, sizeof t->msg, "type at least one count, or "
		    "Esc");
		return;
	}
	t->msg[0] = '\0';
	t->mode = TUI_M_RUN;
	tui_answer(t, ANS_RES_DONE, has);
}

static void
tui_note_done(struct tui *t)
{
	struct ls_errbuf	eb;

	ls_err_clear(&eb);
	if (answers_text_check("note", t->edit, ANS_NOTE_MAX, false, &eb) !=
	    LS_OK) {
		snprintf(t->msg, sizeof t->msg, "%s", eb.msg);
		return;
	}
	t->msg[0] = '\0';
	t->mode = TUI_M_RUN;
	switch (t->edit_for) {
	case TUI_EF_SKIP:
	case TUI_EF_REMEDY:
		if (t->edit[0] == '\0') {
			t->mode = TUI_M_NOTE;
			snprintf(t->msg, sizeof t->msg, "a reason is required; "
			    "Esc cancels");
			return;
		}
		if (t->edit_for == TUI_EF_REMEDY)
			tui_remedy_send(t, t->edit);
		else
			tui_skip_send(t, t->edit);
		t->edit_for = TUI_EF_NOTE;
		return;
	default:
		break;
	}
	snprintf(t->notes[t->ask_idx], sizeof t->notes[t->ask_idx], "%s",
	    t->edit);
}

/* Keys */

static void
tui_key_edit(struct tui *t, int k, wint_t ch)
{
	char	*buf;
	size_t	 cap, len;

	if (t->mode == TUI_M_NOTE) {
		buf = t->edit;
		cap = sizeof t->edit;
	} else {
		buf = t->counts[t->count_field];
		cap = sizeof t->counts[0];
	}
	if ((k == KEY_CODE_YES && ch == KEY_BACKSPACE) ||
	    (k != KEY_CODE_YES && (ch == 127 || ch == 8))) {
		tui_form_backspace(buf);
		return;
	}
	if (k == KEY_CODE_YES) {
		if (ch == KEY_ENTER)
			goto enter;
		if (t->mode == TUI_M_COUNTS && (ch == KEY_BTAB ||
		    ch == KEY_LEFT))
			t->count_field = (t->count_field + TUI_NCOUNTS - 1) %
			    TUI_NCOUNTS;
		if (t->mode == TUI_M_COUNTS && ch == KEY_RIGHT)
			t->count_field = (t->count_field + 1) % TUI_NCOUNTS;
		return;
	}
	switch (ch) {
	case 27:			/* Esc */
		t->msg[0] = '\0';
		t->mode = TUI_M_RUN;
		t->edit_for = TUI_EF_NOTE;
		return;
	case 3:
		tui_confirm(t, TUI_CF_QUIT, "Quit? The journal keeps the "
		    "visit: continue it with --resume.");
		return;
	case '\r':
	case '\n':
	enter:
		if (t->mode == TUI_M_NOTE)
			tui_note_done(t);
		else
			tui_counts_done(t);
		return;
	case '\t':
		if (t->mode == TUI_M_COUNTS)
			t->count_field = (t->count_field + 1) % TUI_NCOUNTS;
		return;
	default:
		break;
	}
	if (t->mode == TUI_M_COUNTS) {
		/* A count takes digits, never anything else. */
		if (ch < '0' || ch > '9') {
			snprintf(t->msg, sizeof t->msg, "counts take digits "
			    "only");
			return;
		}
		t->msg[0] = '\0';
		if (strlen(buf) < 5)
			tui_form_addch(buf, cap, ch);
		return;
	}
	if (!iswprint(ch))
		return;
	len = strlen(buf);
	tui_form_addch(buf, cap, ch);
	if (text_may_be_code(buf)) {
		/* Years as words and ISO dates pass (text_may_be_code). */
		buf[len] = '\0';
		snprintf(t->msg, sizeof t->msg, "%d digits in a row may be a "
		    "code; write counts, never codes", ANS_DIGIT_RUN);
		return;
	}
	t->msg[0] = '\0';
}

static void
tui_key(struct tui *t, int k, wint_t ch)
{
	struct engine	*e = t->run != NULL ? session_engine(t->run) : NULL;

	if (t->help) {
		t->help = false;
		return;
	}
	if (t->mode == TUI_M_CONFIRM) {
		if (k == KEY_CODE_YES)
			return;
		if (ch == 'y' || ch == 'Y') {
			t->mode = t->back;
			if (t->confirm == TUI_CF_QUIT) {
				t->quit = true;
				session_interrupt(t->run);
			} else if (t->confirm == TUI_CF_REMEDY)
				tui_remedy_send(t, NULL);
			else
				tui_send(t);
		} else if (ch == 'n' || ch == 'N' || ch == 27 || ch == 3)
			t->mode = t->back;
		t->confirm = TUI_CF_NONE;
		return;
	}
	if (t->mode == TUI_M_NOTE || t->mode == TUI_M_COUNTS) {
		tui_key_edit(t, k, ch);
		return;
	}
	if (k == KEY_CODE_YES) {
		if (e == NULL)
			return;
		if (ch == KEY_UP && t->sel > 0)
			t->sel--;
		else if (ch == KEY_DOWN && t->sel + 1 < engine_nsteps(e))
			t->sel++;
		return;
	}
	t->msg[0] = '\0';
	switch (ch) {
	case 3:
	case 'q':
		if (t->mode == TUI_M_FIND) {
			t->quit = true;
			session_interrupt(t->run);
		} else
			tui_confirm(t, TUI_CF_QUIT, "Quit? The journal keeps "
			    "the visit: continue it with --resume.");
		return;
	case '?':
		t->help = true;
		return;
	case 12:			/* Ctrl-L */
		clearok(curscr, TRUE);
		return;
	default:
		break;
	}
	if (t->mode != TUI_M_RUN || e == NULL)
		return;
	if (t->choosing) {
		if (ch == '\t')
			tui_remedy_next(t);
		else if (ch == '\r' || ch == '\n')
			tui_remedy_enter(t);
		return;
	}
	if (ch == 'b' && engine_waiting(e, NULL) == ENG_WAITING_POWER) {
		tui_battery(t);
		return;
	}
	if (ch == 's') {
		tui_skip_start(t);
		return;
	}
	switch (ch) {
	case 'k':
		if (t->sel > 0)
			t->sel--;
		break;
	case 'j':
		if (t->sel + 1 < engine_nsteps(e))
			t->sel++;
		break;
	case 'd':
		tui_answer(t, ANS_RES_DONE, 0);
		break;
	case 'p':
		tui_answer(t, ANS_RES_PASS, 0);
		break;
	case 'f':
		tui_answer(t, ANS_RES_FAIL, 0);
		break;
	case 's':
		tui_answer(t, ANS_RES_SKIP, 0);
		break;
	case 'n':
		if (!t->asking) {
			snprintf(t->msg, sizeof t->msg, "notes go on the step "
			    "waiting for you");
			break;
		}
		t->sel = t->ask_idx;
		snprintf(t->edit, sizeof t->edit, "%s", t->notes[t->ask_idx]);
		t->mode = TUI_M_NOTE;
		break;
	case 'c':
		if (!t->asking)
			break;
		t->sel = t->ask_idx;
		t->count_field = 0;
		t->mode = TUI_M_COUNTS;
		break;
	default:
		break;
	}
}

static void
tui_on_stdin(int fd, short revents, void *arg)
{
	struct tui	*t = arg;
	wint_t		 ch;
	int		 k;

	(void)fd;
	if (revents & (POLLHUP | POLLERR | POLLNVAL)) {
		/* The terminal went away: stop; the journal keeps it. */
		loop_remove_fd(session_loop(t->run), t->stdin_id);
		t->stdin_id = 0;
		session_interrupt(t->run);
		return;
	}
	while ((k = get_wch(&ch)) != ERR) {
		if (k == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		tui_key(t, k, ch);
	}
	tui_dirty(t);
}

static void
tui_on_signal(int signo, void *arg)
{
	struct tui	*t = arg;

	if (signo == SIGWINCH)
		tui_term_resize();
	else if (t->mode == TUI_M_FIND)
		session_interrupt(t->run);
	else
		tui_confirm(t, TUI_CF_QUIT, "Quit? The journal keeps the "
		    "visit: continue it with --resume.");
	tui_dirty(t);
}

/* One signal sample a second (the first as soon as there is one). */
static void
tui_rssi(struct tui *t)
{
	const struct dev	*d = session_dev(t->run);
	uint64_t		 now = loop_now_ms();

	if (d != NULL && d->rssi != HC_RSSI_NONE && (t->nrssi == 0 ||
	    now - t->rssi_at >= TUI_RSSI_MS)) {
		t->rssi_at = now;
		if (t->nrssi == TUI_RSSI_HIST) {
			memmove(&t->rssi[0], &t->rssi[1],
			    (TUI_RSSI_HIST - 1) * sizeof t->rssi[0]);
			t->nrssi--;
		}
		t->rssi[t->nrssi++] = d->rssi;
	}
}

static void
tui_tick(void *arg)
{
	struct tui	*t = arg;

	t->tick_timer = loop_add_timer(session_loop(t->run), TUI_TICK_MS,
	    tui_tick, t);
	tui_rssi(t);
	tui_draw(t);
}

/* The closing screen; waits for a key (the radio is closed). */
static void
tui_done_wait(struct tui *t)
{
	wint_t	ch;
	int	k;

	t->mode = TUI_M_DONE;
	nodelay(stdscr, FALSE);
	timeout(TUI_TICK_MS);
	for (;;) {
		tui_term_check_size();
		tui_draw(t);
		k = get_wch(&ch);
		if (k == ERR || (k == KEY_CODE_YES && ch == KEY_RESIZE))
			continue;
		break;
	}
}

void
tui_visit(struct session_cfg *cfg, struct tui_result *res,
    struct ls_errbuf *eb)
{
	struct tui		*t;
	struct loop		*loop;
	char			 warn[JOURNAL_WARN_MAX];
	enum session_res	 sr;
	bool			 journal = cfg->resume &&
				    access(cfg->jpath, F_OK) == 0;

	memset(res, 0, sizeof *res);
	res->end = TUI_END_ERROR;
	ls_err_clear(eb);
	if ((t = calloc(1, sizeof *t)) == NULL) {
		ls_err_set(eb, LS_ENOMEM, "out of memory");
		return;
	}
	t->cfg = cfg;
	tui_term_start(t);
	if (!journal && !tui_form_intake(t)) {
		tui_term_end();
		res->end = TUI_END_QUIT_FORM;
		free(t);
		return;
	}
	cfg->quiet = true;
	cfg->intake_from_journal = journal;
	cfg->ui = &tui_ui;
	cfg->uiarg = t;
	if ((t->run = session_new(cfg, &t->intake)) == NULL) {
		ls_err_set(eb, LS_ENOMEM, "out of memory");
		goto out;
	}
	loop = session_loop(t->run);
	t->stdin_id = loop_add_fd(loop, STDIN_FILENO, POLLIN, tui_on_stdin,
	    t);
	loop_add_signal(loop, SIGWINCH, tui_on_signal, t);
	loop_add_signal(loop, SIGINT, tui_on_signal, t);
	t->tick_timer = loop_add_timer(loop, TUI_TICK_MS, tui_tick, t);
	t->mode = TUI_M_FIND;
	tui_draw(t);
	if ((sr = session_open(t->run, eb)) != SESSION_OK) {
		if (sr == SESSION_INTERRUPTED)
			res->end = TUI_END_INTERRUPTED;
		goto out;
	}
	if (session_prepare(t->run, warn, sizeof warn, eb) != SESSION_OK)
		goto out;
	if (warn[0] != '\0')
		snprintf(t->alert, sizeof t->alert, "warning: %s", warn);
	else if (session_resumed(t->run))
		snprintf(t->alert, sizeof t->alert, "resumed: finished steps "
		    "are kept");
	t->intake = *session_answers(t->run);
	t->mode = TUI_M_RUN;
	switch (session_run(t->run, eb)) {
	case SESSION_OK:
		break;
	case SESSION_ERROR:
		goto out;
	default:
		res->end = TUI_END_INTERRUPTED;
		goto out;
	}
	if (session_close(t->run, eb) != SESSION_OK)
		goto out;
	t->outcome = visit_outcome_name(session_visit(t->run)->outcome);
	tui_done_wait(t);
	res->end = TUI_END_DONE;
	res->failed = engine_failed(session_engine(t->run));
out:
	tui_term_end();
	if (res->end == TUI_END_INTERRUPTED &&
	    (t->run == NULL || session_engine(t->run) == NULL))
		res->end = TUI_END_INTERRUPTED_EARLY;
	if (res->end == TUI_END_DONE) {
		res->outcome = session_visit(t->run)->outcome;
		snprintf(res->outcome_text, sizeof res->outcome_text, "%s",
		    session_visit(t->run)->outcome_text);
	}
	session_free(t->run);
	free(t);
}
