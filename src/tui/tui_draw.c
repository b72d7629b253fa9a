/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_draw.c - the checklist screen, redrawn whole from the session's
 * state (engine, visit, device) whenever something changed:
 *
 *   bar:    lockscope visit, address, profile, technician, work order
 *   left:   the checklist, a status mark and the title per step (phase
 *           headings when the screen is tall enough)
 *   right:  the highlighted step: title, instructions, the triage's
 *           advice, countdown, note, the answer keys; under it the
 *           lock's live readings and when it was last heard
 *   alert:  the last observation ("pairing_state changed to unpaired
 *           12:04:31 CET") or a message
 *   footer: the keys that work now
 *
 * Times are the laptop's local time with its zone, durations in words
 * (text_duration).  Marks and the sparkline are UTF-8 in a UTF-8 locale,
 * ASCII otherwise.
 */
#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "adv/devtab.h"
#include "adv/lock.h"
#include "profile/profile.h"
#include "tui/tui_int.h"
#include "util/loop.h"
#include "util/text.h"
#include "visit/visit.h"

#define TUI_READ_ROWS	8	/* the readings panel, with its rule */

void
tui_put(int y, int x, int w, const char *s)
{
	wchar_t		 wb[512];
	mbstate_t	 st;
	const char	*p = s;
	size_t		 n, i;
	int		 cw, used = 0;

	if (w <= 0 || y < 0 || y >= LINES || x >= COLS)
		return;
	memset(&st, 0, sizeof st);
	n = mbsrtowcs(wb, &p, sizeof wb / sizeof wb[0] - 1, &st);
	if (n == (size_t)-1) {
		/* Not valid in this locale: printable ASCII only. */
		for (n = 0; s[n] != '\0' && n < sizeof wb / sizeof wb[0] - 1;
		    n++)
			wb[n] = (s[n] >= 0x20 && s[n] < 0x7f) ? s[n] : '?';
	}
	wb[n] = L'\0';
	for (i = 0; i < n; i++) {
		if (wb[i] == L'\n' || wb[i] == L'\t')
			wb[i] = L' ';
		if ((cw = wcwidth(wb[i])) < 0)
			cw = 1;
		if (used + cw > w)
			break;
		used += cw;
	}
	mvaddnwstr(y, x, wb, (int)i);
}

void
tui_frame(int y, int x, int h, int w)
{
	int	i;

	for (i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	mvhline(y, x, ACS_HLINE, w);
	mvhline(y + h - 1, x, ACS_HLINE, w);
	mvvline(y, x, ACS_VLINE, h);
	mvvline(y, x + w - 1, ACS_VLINE, h);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
}

static void
tui_color(const struct tui *t, int pair, bool on)
{
	if (!t->color || pair == 0)
		return;
	if (on)
		attron(COLOR_PAIR(pair));
	else
		attroff(COLOR_PAIR(pair));
}

/*
 * A step's status mark.  Not "[ ]" or "[x]": those are the intake form's
 * check boxes.  One column in a UTF-8 locale, two ASCII columns else.
 */
static const char *
tui_mark(const struct tui *t, enum eng_status s)
{
	switch (s) {
	case ENG_RUNNING:
		return t->wide ? "\xe2\x96\xb6" : ">>";	/* ▶ */
	case ENG_PASSED:
		return t->wide ? "\xe2\x9c\x93" : "ok";	/* ✓ */
	case ENG_FAILED:
		return t->wide ? "\xe2\x9c\x97" : "XX";	/* ✗ */
	case ENG_SKIPPED:
		return t->wide ? "\xe2\x80\x93" : "--";	/* – */
	case ENG_BLOCKED:
		return t->wide ? "\xe2\x8a\x98" : "##";	/* ⊘ */
	default:
		return t->wide ? "\xc2\xb7" : "..";		/* · */
	}
}

/* A step outside the chosen remedy's path: not applicable, not failed. */
static const char *
tui_mark_na(const struct tui *t)
{
	return t->wide ? "\xe2\x97\x8b" : "na";		/* ○ */
}

static bool
tui_na(const struct eng_outcome *o)
{
	return o->status == ENG_SKIPPED && o->skip == ENG_SKIP_NOT_APPLICABLE;
}

static int
tui_status_pair(enum eng_status s)
{
	switch (s) {
	case ENG_RUNNING:
		return TUI_C_RUN;
	case ENG_PASSED:
		return TUI_C_OK;
	case ENG_FAILED:
	case ENG_BLOCKED:
		return TUI_C_BAD;
	case ENG_SKIPPED:
		return TUI_C_WARN;
	default:
		return 0;
	}
}

/* Word-wrap text into at most maxl lines of w columns from y; lines used. */
static int
tui_wrap(int y, int x, int w, int maxl, const char *text)
{
	char		 line[512];
	const char	*p = text, *sp, *end;
	size_t		 n;
	int		 l = 0;

	while (*p != '\0' && l < maxl) {
		end = strchr(p, '\n');
		if (end == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n > (size_t)w) {
			/* Break at the last space that fits. */
			for (sp = p + w; sp > p && *sp != ' '; sp--)
				;
			n = sp > p ? (size_t)(sp - p) : (size_t)w;
		}
		if (n >= sizeof line)
			n = sizeof line - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		tui_put(y + l++, x, w, line);
		p += n;
		while (*p == ' ' || *p == '\n')
			p++;
	}
	return l;
}

static void
tui_draw_bar(struct tui *t)
{
	const struct visit	*v = session_visit(t->run);
	const struct profile	*p = session_profile(t->run);
	char			 line[512];

	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	snprintf(line, sizeof line, " lockscope visit  %s  %s  %s  %s%s",
	    t->cfg->addr_str, p != NULL ? profile_id(p) : "",
	    t->intake.technician, t->intake.work_order,
	    v != NULL && v->resumes > 0 ? "  (resumed)" : "");
	tui_put(0, 0, COLS, line);
	attroff(A_REVERSE);
}

/* The checklist in rows 1 .. bottom - 1, columns 0 .. w - 1. */
static void
tui_draw_list(struct tui *t, int w, int bottom)
{
	struct engine		*e = session_engine(t->run);
	const struct eng_step	*s;
	enum eng_status		 st;
	char			 line[ENG_TITLE_MAX + 8];
	int			 rows = bottom - 1, nitems = 0, first = 0, y,
				 selrow = 0;
	size_t			 i, n = engine_nsteps(e);
	bool			 heads, na;
	enum eng_phase		 last = ENG_PH_COUNT;

	for (i = 0; i < n; i++) {
		s = engine_step(e, i);
		if (s->phase != last)
			nitems++;
		last = s->phase;
	}
	heads = (int)n + nitems <= rows;
	/* Which item is the highlighted step, to scroll it into view. */
	last = ENG_PH_COUNT;
	for (i = 0, y = 0; i < n; i++) {
		s = engine_step(e, i);
		if (heads && s->phase != last)
			y++;
		last = s->phase;
		if (i == t->sel)
			selrow = y;
		y++;
	}
	if (selrow >= rows)
		first = selrow - rows + 1;
	last = ENG_PH_COUNT;
	for (i = 0, y = 0; i < n; i++) {
		s = engine_step(e, i);
		if (heads && s->phase != last) {
			if (y - first >= 0 && y - first < rows) {
				attron(A_DIM);
				tui_put(1 + y - first, 1, w - 1,
				    engine_phase_name(s->phase));
				attroff(A_DIM);
			}
			y++;
		}
		last = s->phase;
		if (y - first >= 0 && y - first < rows) {
			st = engine_outcome(e, i)->status;
			na = tui_na(engine_outcome(e, i));
			if (engine_current(e) == i && st == ENG_PENDING)
				st = ENG_RUNNING;
			snprintf(line, sizeof line, "%s %s", na ?
			    tui_mark_na(t) : tui_mark(t, st), s->title);
			if (i == t->sel)
				attron(A_REVERSE);
			tui_color(t, na ? 0 : tui_status_pair(st), true);
			if (st == ENG_RUNNING)
				attron(A_BOLD);
			if (na)
				attron(A_DIM);
			mvhline(1 + y - first, 0, ' ', w);
			tui_put(1 + y - first, heads ? 2 : 1, w - (heads ? 3 :
			    2), line);
			attroff(A_BOLD | A_REVERSE | A_DIM);
			tui_color(t, na ? 0 : tui_status_pair(st), false);
		}
		y++;
	}
	mvvline(1, w, ACS_VLINE, bottom - 1);
}

static void
tui_fmt_left(char *buf, size_t len, uint64_t deadline)
{
	uint64_t	now = loop_now_ms(), left;

	left = deadline > now ? (deadline - now + 999) / 1000 : 0;
	snprintf(buf, len, "%u:%02u", (unsigned)(left / 60),
	    (unsigned)(left % 60));
}

/* What the running step is waiting for, with its countdown. */
static void
tui_waiting(struct tui *t, char *buf, size_t len)
{
	struct engine		*e = session_engine(t->run);
	const struct eng_step	*s = engine_step(e, engine_current(e));
	uint64_t		 dl;
	char			 left[16], lim[32];

	switch (engine_waiting(e, &dl)) {
	case ENG_WAITING_VERIFY:
		if (dl != 0) {
			tui_fmt_left(left, sizeof left, dl);
			snprintf(buf, len, "Watching the radio: %s left", left);
		} else
			snprintf(buf, len, "Watching the radio");
		break;
	case ENG_WAITING_ANSWER:
		text_duration(s->time_limit_s, lim, sizeof lim);
		if (dl != 0) {
			tui_fmt_left(left, sizeof left, dl);
			snprintf(buf, len, "Time limit: %s left (%s)", left,
			    lim);
		} else if (s->time_limit_s > 0)
			snprintf(buf, len, "Time limit of %s has passed", lim);
		else
			snprintf(buf, len, "Waiting for your answer");
		break;
	case ENG_WAITING_MEASURE:
		snprintf(buf, len, "Measuring");
		break;
	default:
		buf[0] = '\0';
		break;
	}
}

/* The keys the highlighted running step takes, one line. */
static const char *
tui_step_keys(struct tui *t, const struct eng_step *s)
{
	if (!t->asking || t->ask_idx != t->sel)
		return "";
	if (s->phase == ENG_PH_OWNERSHIP)
		return t->intake.ownership_verified ?
		    "p: record ownership verified (from the intake)" :
		    "p: record ownership NOT verified: the reset is blocked";
	if (s->phase == ENG_PH_CLOSEOUT)
		return "d: close the visit and write the report";
	if (s->phase == ENG_PH_CREDENTIALS)
		return "c: type code counts   d done   f fail   s skip";
	return "d done   p pass   f fail   s skip   n note";
}

static void
tui_draw_step(struct tui *t, int x, int w, int bottom)
{
	struct engine		*e = session_engine(t->run);
	const struct eng_step	*s = engine_step(e, t->sel);
	const struct eng_outcome *o = engine_outcome(e, t->sel);
	enum eng_status		 st = o->status;
	char			 line[ENG_NOTE_MAX + 64], adv[320],
				 note[ENG_NOTE_MAX + 16];
	int			 y = 1, i;

	if (engine_current(e) == t->sel && st == ENG_PENDING)
		st = ENG_RUNNING;
	snprintf(line, sizeof line, "Step %zu/%zu  %s  %s", t->sel + 1,
	    engine_nsteps(e), engine_phase_name(s->phase),
	    engine_kind_name(s->kind));
	tui_put(y, x, w - 12, line);
	tui_color(t, tui_status_pair(st), true);
	attron(A_BOLD);
	tui_put(y++, x + w - 10, 10, tui_na(o) ? "n/a" :
	    engine_status_name(st));
	tui_put(y++, x, w, s->title);
	attroff(A_BOLD);
	tui_color(t, tui_status_pair(st), false);
	/* The triage's advice, in its own lines, while the visit runs on
	   from the baseline that prompted it. */
	adv[0] = '\0';
	if (st == ENG_RUNNING && s->phase > ENG_PH_BASELINE &&
	    s->phase != ENG_PH_CLOSEOUT &&
	    session_advice(t->run, adv + 8, sizeof adv - 8))
		memcpy(adv, "Advice: ", 8);
	y += tui_wrap(y, x, w, bottom - y - 4 - (adv[0] != '\0' ? 3 : 0),
	    s->instructions);
	if (adv[0] != '\0') {
		attron(A_BOLD);
		tui_color(t, TUI_C_WARN, true);
		y += tui_wrap(y, x, w, 3, adv);
		tui_color(t, TUI_C_WARN, false);
		attroff(A_BOLD);
	}
	if (st == ENG_RUNNING) {
		tui_waiting(t, line, sizeof line);
		tui_color(t, TUI_C_RUN, true);
		tui_put(y++, x, w, line);
		tui_color(t, TUI_C_RUN, false);
	}
	if (t->mode == TUI_M_NOTE) {
		tui_put(bottom - 3, x, w, "Note (Enter saves, Esc cancels):");
		attron(A_UNDERLINE);
		mvhline(bottom - 2, x, ' ', w);
		tui_put(bottom - 2, x, w, t->edit);
		attroff(A_UNDERLINE);
		return;
	}
	if (t->mode == TUI_M_COUNTS) {
		static const char *const names[TUI_NCOUNTS] = {
			"active", "admin", "user", "temporary"
		};
		tui_put(bottom - 3, x, w, "Code counts, digits only (Tab "
		    "next, Enter saves):");
		for (i = 0; i < TUI_NCOUNTS; i++) {
			snprintf(line, sizeof line, "%s %-5s", names[i],
			    t->counts[i]);
			if (i == t->count_field)
				attron(A_REVERSE);
			tui_put(bottom - 2, x + i * (w / TUI_NCOUNTS),
			    w / TUI_NCOUNTS - 1, line);
			attroff(A_REVERSE);
		}
		return;
	}
	if (st >= ENG_PASSED) {
		tui_localize(o->note[0] != '\0' ? o->note : "-",
		    o->finished_us / 1000, note, sizeof note);
		snprintf(line, sizeof line, "Note: %s", note);
		tui_wrap(y, x, w, bottom - 1 - y, line);
	} else if (t->notes[t->sel][0] != '\0') {
		snprintf(line, sizeof line, "Note: %s", t->notes[t->sel]);
		tui_wrap(y, x, w, bottom - 2 - y, line);
	}
	attron(A_BOLD);
	tui_put(bottom - 1, x, w, tui_step_keys(t, s));
	attroff(A_BOLD);
}

/* The signal history; a gap (the lock not heard) is a dot or a blank. */
static void
tui_spark(struct tui *t, char *buf, size_t len)
{
	static const char *const wide[8] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
	};
	static const char narrow[] = "_.-:=+*#";
	size_t	i, n = 0;
	int	lv;

	buf[0] = '\0';
	for (i = 0; i < t->nrssi && n + 4 < len; i++) {
		if (t->rssi[i] == TUI_RSSI_GAP) {
			/* U+00B7 middle dot; ASCII: a blank. */
			n += (size_t)snprintf(buf + n, len - n, "%s",
			    t->wide ? "\xc2\xb7" : " ");
			continue;
		}
		lv = (t->rssi[i] + 100) * 8 / 60;	/* -100..-40 dBm */
		lv = lv < 0 ? 0 : lv > 7 ? 7 : lv;
		if (t->wide)
			n += (size_t)snprintf(buf + n, len - n, "%s", wide[lv]);
		else
			buf[n++] = narrow[lv], buf[n] = '\0';
	}
}

/* The last signal sample that is not a gap, or TUI_RSSI_GAP. */
static int
tui_rssi_last(const struct tui *t)
{
	size_t	i;

	for (i = t->nrssi; i > 0; i--)
		if (t->rssi[i - 1] != TUI_RSSI_GAP)
			return t->rssi[i - 1];
	return TUI_RSSI_GAP;
}

void
tui_local_time(uint64_t wall_ms, char *buf, size_t len)
{
	time_t		t = (time_t)(wall_ms / 1000);
	struct tm	tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%H:%M:%S %Z", &tm) == 0)
		snprintf(buf, len, "?");
}

/*
 * The engine writes its times as UTC "hh:mm:ss" inside notices and step
 * notes ("pairing_state changed to unpaired 12:04:31", "verified over
 * the radio at 12:04:31"); on the screen each such time becomes the
 * laptop's local time with its zone.  The date is the one that puts the
 * time within 12 hours of near_ms (when the text was written).
 */
void
tui_localize(const char *text, uint64_t near_ms, char *buf, size_t len)
{
	const char	*p = text;
	char		 loc[48];
	unsigned	 h, m, sec;
	size_t		 n = 0;
	time_t		 near = (time_t)(near_ms / 1000), then;
	struct tm	 tm;

	if (len == 0)
		return;
	buf[0] = '\0';
	while (*p != '\0' && n + 1 < len) {
		if ((p == text || p[-1] == ' ') && strlen(p) >= 8 &&
		    isdigit((unsigned char)p[0]) &&
		    isdigit((unsigned char)p[1]) && p[2] == ':' &&
		    isdigit((unsigned char)p[3]) &&
		    isdigit((unsigned char)p[4]) && p[5] == ':' &&
		    isdigit((unsigned char)p[6]) &&
		    isdigit((unsigned char)p[7]) &&
		    !isdigit((unsigned char)p[8]) && p[8] != ':' &&
		    sscanf(p, "%2u:%2u:%2u", &h, &m, &sec) == 3 && h < 24 &&
		    m < 60 && sec < 61 && gmtime_r(&near, &tm) != NULL) {
			then = near - (time_t)(tm.tm_hour * 3600 +
			    tm.tm_min * 60 + tm.tm_sec) +
			    (time_t)(h * 3600 + m * 60 + sec);
			if (then > near + 43200)
				then -= 86400;
			else if (then < near - 43200)
				then += 86400;
			tui_local_time((uint64_t)then * 1000, loc, sizeof loc);
			n += (size_t)snprintf(buf + n, len - n, "%s", loc);
			if (n >= len)
				n = len - 1;
			p += 8;
			continue;
		}
		buf[n++] = *p++;
		buf[n] = '\0';
	}
}

/*
 * When the lock was last heard: dur gets the age in words ("3 s"), at
 * the local time ("12:04:31 CET").  True when it is silent
 * (session_stale); false with dur "" when it was never heard.
 */
static bool
tui_heard(struct tui *t, char *dur, size_t dlen, char *at, size_t alen)
{
	const struct dev	*d = t->run != NULL ? session_dev(t->run) :
				    NULL;
	uint64_t		 now = loop_wall_us() / 1000, age;

	dur[0] = at[0] = '\0';
	if (d == NULL || d->last_seen_ms == 0)
		return false;
	age = now > d->last_seen_ms ? now - d->last_seen_ms : 0;
	text_duration(age / 1000, dur, dlen);
	tui_local_time(d->last_seen_ms, at, alen);
	/* The session's judgement (devtab_stale, but not while its own GATT
	   read holds the scan). */
	return session_stale(t->run);
}

void
tui_find_line(struct tui *t, int y, int x, int w)
{
	const struct dev	*d = t->run != NULL ? session_dev(t->run) :
				    NULL;
	uint64_t		 now = loop_now_ms(), left, lim;
	char			 line[512], spark[128], dur[32], at[48];
	int			 pair = TUI_C_RUN, last;
	bool			 stale;

	attron(A_BOLD);
	if (d == NULL) {
		lim = (uint64_t)(t->cfg->find_s * 1000);
		left = t->find_at == 0 ? lim : now - t->find_at >= lim ? 0 :
		    lim - (now - t->find_at);
		snprintf(line, sizeof line, "Looking for %s: not heard yet "
		    "(%llu s left; is it powered and in range?)",
		    t->cfg->addr_str, (unsigned long long)(left + 999) / 1000);
	} else {
		stale = tui_heard(t, dur, sizeof dur, at, sizeof at);
		tui_spark(t, spark, sizeof spark);
		last = tui_rssi_last(t);
		pair = stale ? TUI_C_BAD : TUI_C_OK;
		if (last != TUI_RSSI_GAP && !stale)
			snprintf(line, sizeof line, "Found %s: %d dBm %s  "
			    "heard %s ago", t->cfg->addr_str, last, spark, dur);
		else
			snprintf(line, sizeof line, "Found %s: silent for %s "
			    "%s", t->cfg->addr_str, dur, spark);
	}
	tui_color(t, pair, true);
	tui_put(y, x, w, line);
	tui_color(t, pair, false);
	attroff(A_BOLD);
}

static void
tui_reading_str(struct engine *e, const char *name, char *buf, size_t len)
{
	const struct reading	*r = engine_reading(e, name);

	if (r == NULL || !reading_has_value(r)) {
		snprintf(buf, len, "-");
		return;
	}
	switch (r->kind) {
	case RD_INT:
		snprintf(buf, len, "%lld", (long long)r->i);
		break;
	case RD_REAL:
		snprintf(buf, len, "%.2f", r->d);
		break;
	case RD_BOOL:
		snprintf(buf, len, "%s", r->b ? "yes" : "no");
		break;
	case RD_TEXT:
		snprintf(buf, len, "%s", r->text);
		break;
	default:
		snprintf(buf, len, "-");
		break;
	}
}

static void
tui_draw_readings(struct tui *t, int x, int w, int top)
{
	struct engine		*e = session_engine(t->run);
	const struct dev	*d = session_dev(t->run);
	const struct session_previous *prev = session_previous(t->run);
	const struct reading	*r;
	char			 line[1024], a[RD_TEXT_MAX], b[RD_TEXT_MAX],
				 c[RD_TEXT_MAX], spark[128], dur[32], at[48];
	int			 y = top, pair = 0, pct, last;
	bool			 stale;

	mvhline(y, x - 2, ACS_HLINE, w + 2);
	mvaddch(y, x - 2, ACS_LTEE);
	tui_put(y++, x + 1, w - 2, " Lock readings ");
	r = engine_reading(e, "pairing_state");
	snprintf(line, sizeof line, "Pairing   %s%s%s%s",
	    r != NULL && r->kind == RD_TEXT ? r->text : "not seen",
	    d != NULL && d->lock.evidence[0] != '\0' ? "  (" : "",
	    d != NULL ? d->lock.evidence : "",
	    d != NULL && d->lock.evidence[0] != '\0' ? ")" : "");
	attron(A_BOLD);
	tui_put(y++, x, w, line);
	attroff(A_BOLD);
	r = engine_reading(e, "battery_percent");
	pct = r != NULL && r->kind == RD_INT ? (int)r->i : -1;
	tui_reading_str(e, "battery_level", a, sizeof a);
	if (strcmp(a, "ok") == 0)
		pair = TUI_C_OK;
	else if (strcmp(a, "low") == 0)
		pair = TUI_C_WARN;
	else if (strcmp(a, "critical") == 0)
		pair = TUI_C_BAD;
	if (pct >= 0)
		snprintf(line, sizeof line, "Battery   %d %%  %s", pct, a);
	else
		snprintf(line, sizeof line, "Battery   %s", strcmp(a, "-") ?
		    a : "not reported");
	/* The lock's last visit in the service records, beside today's. */
	if (prev != NULL && prev->has_percent)
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    "  (%s: %d %%)", prev->date, prev->percent);
	else if (prev != NULL && prev->has_volts)
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    "  (%s: %.2f V)", prev->date, prev->volts);
	tui_color(t, pair, true);
	tui_put(y++, x, w, line);
	tui_color(t, pair, false);
	tui_spark(t, spark, sizeof spark);
	stale = tui_heard(t, dur, sizeof dur, at, sizeof at);
	last = tui_rssi_last(t);
	if (stale)
		snprintf(line, sizeof line, "Signal    none %s", spark);
	else if (last != TUI_RSSI_GAP)
		snprintf(line, sizeof line, "Signal    %d dBm %s%s", last,
		    spark, last < -85 ? "  move closer" : "");
	else
		snprintf(line, sizeof line, "Signal    not seen");
	tui_put(y++, x, w, line);
	tui_reading_str(e, "firmware", a, sizeof a);
	snprintf(line, sizeof line, "Firmware  %s", strcmp(a, "-") ? a :
	    "not reported");
	if (prev != NULL && prev->firmware[0] != '\0')
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    "  (%s: %s)", prev->date, prev->firmware);
	tui_put(y++, x, w, line);
	r = engine_reading(e, "clock_skew_s");
	if (r != NULL && reading_has_value(r) && r->kind == RD_INT) {
		/* Lock minus laptop, in words. */
		text_skew(r->i, a, sizeof a);
		snprintf(line, sizeof line, "Clock     %s%s", r->i == 0 ? "" :
		    "lock clock ", a);
	} else
		snprintf(line, sizeof line, "Clock     not reported");
	if (prev != NULL && prev->has_skew)
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    "  (%s: %s)", prev->date, text_skew(prev->skew_s, b,
		    sizeof b));
	tui_put(y++, x, w, line);
	tui_reading_str(e, "codes_active", a, sizeof a);
	tui_reading_str(e, "codes_admin_count", b, sizeof b);
	tui_reading_str(e, "codes_temporary_count", c, sizeof c);
	snprintf(line, sizeof line, "Codes     active %s  admin %s  temp %s",
	    a, b, c);
	tui_put(y++, x, w, line);
	if (d != NULL && d->last_seen_ms != 0) {
		if (stale)
			snprintf(line, sizeof line, "Heard     SILENT %s, last "
			    "%s", dur, at);
		else
			snprintf(line, sizeof line, "Heard     %s ago, %s", dur,
			    at);
		if (stale) {
			attron(A_BOLD);
			tui_color(t, TUI_C_BAD, true);
		}
		tui_put(y++, x, w, line);
		attroff(A_BOLD);
		tui_color(t, TUI_C_BAD, false);
	}
}

static const char *
tui_footer(struct tui *t)
{
	const char	*hint;

	if (t->mode == TUI_M_CONFIRM)
		return " y yes   n no";
	if (t->mode == TUI_M_NOTE)
		return " Enter save   Esc cancel   (no 4+ digits in a row)";
	if (t->mode == TUI_M_COUNTS)
		return " 0-9 digits   Tab next   Enter save   Esc cancel";
	if (t->mode == TUI_M_FIND)
		return " ? help   ^C quit";
	if (t->mode == TUI_M_DONE)
		return " any key: leave";
	/* The remedy choice, a skip while a step waits, new cells. */
	if ((hint = tui_visit_hint(t)) != NULL)
		return hint;
	if (t->asking)
		return " d done  p pass  f fail  s skip  n note  c counts  "
		    "Up/Dn view  ? help  ^C quit";
	return " n note  Up/Dn view  ? help  ^C quit";
}

static void
tui_draw_help(struct tui *t)
{
	char		 m1[80], m2[80];
	const char	*lines[] = {
		"Keys",
		"d  done: the step was carried out",
		"p  pass: the test passed (door test, ownership)",
		"f  fail        s  skip (does not apply)",
		"n  note for the running step (no codes)",
		"c  code counts, digits only (credentials)",
		"Up/Down  look at other steps   Ctrl-L redraw",
		"Ctrl-C   quit; --resume continues the visit",
		"",
		m1,
		m2,
		"Passing a gate or attestation, failing or",
		"skipping, and closing the visit ask y/n first.",
		"",
		"Any key closes this help.",
	};
	size_t	i, n = sizeof lines / sizeof lines[0];
	int	w = 52, y0 = (LINES - (int)n - 2) / 2, x0 = (COLS - w) / 2;

	snprintf(m1, sizeof m1, "Marks  %s pending  %s running  %s passed",
	    tui_mark(t, ENG_PENDING), tui_mark(t, ENG_RUNNING),
	    tui_mark(t, ENG_PASSED));
	snprintf(m2, sizeof m2, "       %s failed   %s skipped  %s blocked  "
	    "%s n/a", tui_mark(t, ENG_FAILED), tui_mark(t, ENG_SKIPPED),
	    tui_mark(t, ENG_BLOCKED), tui_mark_na(t));
	if (y0 < 0)
		y0 = 0;
	if (x0 < 0)
		x0 = 0;
	tui_frame(y0, x0, (int)n + 2, w);
	for (i = 0; i < n; i++)
		tui_put(y0 + 1 + (int)i, x0 + 2, w - 4, lines[i]);
}

static void
tui_draw_box(struct tui *t, const char *l1, const char *l2, const char *l3)
{
	int	w = COLS - 8 < 70 ? COLS - 8 : 70, y0 = LINES / 2 - 3,
		x0 = (COLS - w) / 2;

	(void)t;
	tui_frame(y0, x0, 5, w);
	attron(A_BOLD);
	tui_put(y0 + 1, x0 + 2, w - 4, l1);
	attroff(A_BOLD);
	tui_put(y0 + 2, x0 + 2, w - 4, l2);
	tui_put(y0 + 3, x0 + 2, w - 4, l3);
}

void
tui_draw(struct tui *t)
{
	/* Wide enough for step titles to tell apart at 80 columns. */
	int	lw = COLS >= 100 ? 40 : 34, bottom = LINES - 2, top;
	char	line[TUI_ALERT_MAX + 8];

	if (tui_term_small())
		return;
	erase();
	if (t->mode == TUI_M_FORM && t->form != NULL) {
		tui_form_draw(t->form);
		refresh();
		return;
	}
	if (t->run == NULL || session_engine(t->run) == NULL) {
		attron(A_REVERSE);
		mvhline(0, 0, ' ', COLS);
		snprintf(line, sizeof line, " lockscope visit  %s",
		    t->cfg->addr_str);
		tui_put(0, 0, COLS, line);
		attroff(A_REVERSE);
		tui_find_line(t, LINES / 2, 2, COLS - 4);
		if (t->form_done)
			tui_put(LINES / 2 + 2, 2, COLS - 4, "The intake is "
			    "complete: the visit starts once the lock is "
			    "found.");
	} else {
		tui_draw_bar(t);
		tui_draw_list(t, lw, bottom);
		top = bottom - TUI_READ_ROWS;
		tui_draw_step(t, lw + 2, COLS - lw - 3, top);
		tui_draw_readings(t, lw + 2, COLS - lw - 3, top);
	}
	if (t->msg[0] != '\0' || t->alert[0] != '\0') {
		attron(A_BOLD);
		tui_color(t, t->msg[0] != '\0' ? TUI_C_BAD : TUI_C_WARN, true);
		snprintf(line, sizeof line, "! %s", t->msg[0] != '\0' ?
		    t->msg : t->alert);
		tui_put(LINES - 2, 0, COLS, line);
		tui_color(t, t->msg[0] != '\0' ? TUI_C_BAD : TUI_C_WARN, false);
		attroff(A_BOLD);
	}
	attron(A_REVERSE);
	mvhline(LINES - 1, 0, ' ', COLS);
	tui_put(LINES - 1, 0, COLS, tui_footer(t));
	attroff(A_REVERSE);
	if (t->mode == TUI_M_CONFIRM)
		tui_draw_box(t, t->confirm_text, "", "y yes   n no");
	else if (t->mode == TUI_M_DONE) {
		snprintf(line, sizeof line, "Visit closed: %s", t->outcome !=
		    NULL ? t->outcome : "");
		snprintf(t->confirm_text, sizeof t->confirm_text, "Report "
		    "written: %s", t->cfg->out);
		tui_draw_box(t, line, t->confirm_text,
		    "Press any key to leave.");
	}
	if (t->help)
		tui_draw_help(t);
	refresh();
}
