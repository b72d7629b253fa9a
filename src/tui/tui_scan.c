/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_scan.c - the live scan table (tui_scan.h), redrawn whole four
 * times a second with curses, so nothing of an earlier frame is left:
 *
 *   bar:      lockscope scan, elapsed time, counts, scan mode, adapter
 *             (cut to the width, never wrapped)
 *   headings: the columns
 *   rows:     locks first, steady order (present/scan_rows.h); the
 *             selected row in reverse video, silent devices dimmed with
 *             their age; scrolled to keep the selection in view
 *   status:   sort, filter, locks only, frozen, rows gone by the TTL
 *   footer:   the keys
 *
 * The rows model holds the order, the filter and the TTL; this file
 * holds the selection (the top row until a key moves it, then by
 * address, so that it follows its device when the order changes), the
 * modes and the drawing.  'f' shows the proximity finder (tui_find.h)
 * as a panel of this screen; inspect and visit go to the command
 * (hooks).
 */
#include <curses.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wctype.h>

#include "present/scan_rows.h"
#include "tui/tui_find.h"
#include "tui/tui_int.h"
#include "tui/tui_scan.h"

#define TUI_SCAN_TICK_MS	250
#define TUI_SCAN_VENDOR_COLS	110	/* a VENDOR column from this width */

enum tui_scan_mode {
	TUI_SCAN_M_TABLE,
	TUI_SCAN_M_FILTER,	/* typing the filter */
	TUI_SCAN_M_MENU,	/* Enter on a row: inspect, visit, find */
	TUI_SCAN_M_FIND		/* the finder panel */
};

struct tui_scan {
	struct tui_scan_cfg	 cfg;
	char			 adapter[256];	/* cfg.adapter's copy: the
						   radio may be reopened */
	struct scan_rows	*rows;
	bool			 color, wide;
	enum tui_scan_mode	 mode;
	bool			 help;
	bool			 frozen;
	bool			 stopping;
	bool			 suspended;
	size_t			 sel;		/* selected row */
	size_t			 top;		/* first row shown */
	bool			 picked;	/* a key moved the selection:
						   it follows its device;
						   until then the top row */
	bool			 has_sel;	/* sel_addr is set */
	uint8_t			 sel_addr[6];
	uint8_t			 sel_type;
	char			 edit[SCAN_ROWS_FILTER_MAX];
	char			 msg[160];
	struct tui_find		*find;
	unsigned		 tick_timer;
	unsigned		 stdin_id;
	size_t			 ndev, nlocks;	/* in the device table */
};

static void	tui_scan_draw(struct tui_scan *);

/* Bold only where colour is allowed: NO_COLOR means neither.  Reverse
   video (the selection) and dim (silent devices) carry meaning and stay. */
static void
tui_scan_bold(const struct tui_scan *s, bool on)
{
	if (!s->color)
		return;
	if (on)
		attron(A_BOLD);
	else
		attroff(A_BOLD);
}

/* Take the device table into the rows (unless frozen, or forced). */
static void
tui_scan_refresh(struct tui_scan *s, bool force)
{
	struct dev	**devs;
	size_t		  n, i;
	long		  at;

	if (s->frozen && !force)
		return;
	n = devtab_count(s->cfg.tab);
	if ((devs = calloc(n > 0 ? n : 1, sizeof *devs)) == NULL)
		return;
	n = devtab_list(s->cfg.tab, devs, n);
	s->ndev = n;
	s->nlocks = 0;
	for (i = 0; i < n; i++)
		s->nlocks += devs[i]->lock.is_lock;
	scan_rows_update(s->rows, devs, n, loop_wall_us() / 1000);
	free(devs);
	/* The selection follows its device, once one was picked. */
	n = scan_rows_count(s->rows);
	if (!s->picked)
		s->sel = 0;
	else if (s->has_sel && (at = scan_rows_find(s->rows, s->sel_addr,
	    s->sel_type)) >= 0)
		s->sel = (size_t)at;
	else if (s->sel >= n)
		s->sel = n > 0 ? n - 1 : 0;
	if (n > 0) {
		memcpy(s->sel_addr, scan_rows_get(s->rows, s->sel)->addr, 6);
		s->sel_type = scan_rows_get(s->rows, s->sel)->addr_type;
		s->has_sel = true;
	}
}

static void
tui_scan_select(struct tui_scan *s, long delta)
{
	size_t	n = scan_rows_count(s->rows);
	long	to = (long)s->sel + delta;

	if (n == 0)
		return;
	if (to < 0)
		to = 0;
	if (to >= (long)n)
		to = (long)n - 1;
	s->sel = (size_t)to;
	s->picked = true;
	memcpy(s->sel_addr, scan_rows_get(s->rows, s->sel)->addr, 6);
	s->sel_type = scan_rows_get(s->rows, s->sel)->addr_type;
	s->has_sel = true;
}

/* The row's cells, as one line of at most COLS columns. */
static void
tui_scan_row_text(const struct scan_row *r, bool vendor, char *out,
    size_t cap)
{
	char	rssi[16], batt[16], age[8];

	if (r->has_rssi)
		snprintf(rssi, sizeof rssi, "%d", (int)(r->rssi_avg - 0.5));
	else
		snprintf(rssi, sizeof rssi, "-");
	if (r->battery_percent >= 0)
		snprintf(batt, sizeof batt, "%d%%", r->battery_percent);
	else if (r->battery_mv >= 0)
		snprintf(batt, sizeof batt, "%.1fV", r->battery_mv / 1000.0);
	else
		snprintf(batt, sizeof batt, "-");
	scan_rows_age_str(r->age_ms, age);
	snprintf(out, cap, "%-17s %4s  %-11.11s %-14.14s %5s %5s  ",
	    r->address, rssi, r->family != NULL ? r->family : "-",
	    r->pairing != NULL ? r->pairing : "-", batt, age);
	if (vendor)
		snprintf(out + strlen(out), cap - strlen(out), "%-20.20s ",
		    r->vendor != NULL ? r->vendor : "-");
	snprintf(out + strlen(out), cap - strlen(out), "%s", r->name);
}

static void
tui_scan_help(void)
{
	static const char *const lines[] = {
		"The live scan",
		"",
		"Locks first, then the strongest smoothed signal. A row",
		"moves only when it beats the row above by more than 4 dB,",
		"so the order holds while signals jitter. Silent devices",
		"are dimmed with the time since they were last heard, and",
		"leave the table after --ttl seconds (default 60).",
		"",
		"  Up Down PgUp PgDn  select a row",
		"  Enter   inspect, visit or find the selected lock",
		"  f       proximity finder for the selected lock",
		"  /       filter: name, address, family or vendor",
		"  Esc     clear the filter",
		"  l       locks only, on / off",
		"  s       sort: signal, name, family, last heard",
		"  Space   freeze / unfreeze the display",
		"  q ^C    end the scan",
		"",
		"Any key closes this help.",
	};
	int	h = (int)(sizeof lines / sizeof lines[0]) + 2, w = 64, y, x;
	size_t	i;

	if (h > LINES)
		h = LINES;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	tui_frame(y, x, h, w);
	for (i = 0; i < sizeof lines / sizeof lines[0] && (int)i < h - 2;
	    i++)
		tui_put(y + 1 + (int)i, x + 2, w - 4, lines[i]);
}

static void
tui_scan_menu(const struct tui_scan *s)
{
	const struct scan_row	*r = scan_rows_get(s->rows, s->sel);
	char			 line[512];
	int			 h = 9, w = 70, y, x;

	if (r == NULL)
		return;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	tui_frame(y, x, h, w);
	snprintf(line, sizeof line, "%s  %s", r->address, r->name);
	tui_scan_bold(s, true);
	tui_put(y + 1, x + 2, w - 4, line);
	tui_scan_bold(s, false);
	if (s->cfg.no_run != NULL) {
		tui_put(y + 3, x + 2, w - 4, "inspect and visit cannot run "
		    "from here:");
		tui_put(y + 4, x + 4, w - 6, s->cfg.no_run);
	} else {
		tui_put(y + 3, x + 2, w - 4, "i  inspect: connect once and "
		    "read its standard GATT information");
		tui_put(y + 4, x + 2, w - 4, "v  visit: the service checklist; "
		    "report in a new file here");
	}
	tui_put(y + 5, x + 2, w - 4, "f  find: the proximity finder");
	tui_put(y + 7, x + 2, w - 4, "Esc  back to the table");
}

static void
tui_scan_draw(struct tui_scan *s)
{
	const struct scan_row	*r;
	char			 line[1024], age[8];
	size_t			 n, i, shown;
	uint64_t		 el;
	int			 y, body;
	bool			 vendor = COLS >= TUI_SCAN_VENDOR_COLS;

	if (s->suspended)
		return;
	if (s->mode == TUI_SCAN_M_FIND && s->find != NULL) {
		tui_find_panel_draw(s->find);
		return;
	}
	if (tui_term_small())
		return;
	erase();
	el = (loop_now_ms() - s->cfg.t0_ms) / 1000;
	/* The adapter's spec last: a long path is what gets cut. */
	snprintf(line, sizeof line, " lockscope scan  %02u:%02u  %zu device%s, "
	    "%zu lock%s  %s%s  %s", (unsigned)(el / 60), (unsigned)(el % 60),
	    s->ndev, s->ndev == 1 ? "" : "s", s->nlocks,
	    s->nlocks == 1 ? "" : "s",
	    s->cfg.scan_mode != NULL ? s->cfg.scan_mode : "",
	    s->stopping ? "  stopping" : "", s->cfg.adapter);
	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	tui_put(0, 0, COLS, line);
	attroff(A_REVERSE);

	snprintf(line, sizeof line, "%-17s %4s  %-11s %-14s %5s %5s  %s%s",
	    "ADDRESS", "RSSI", "FAMILY", "PAIRING", "BATT", "SEEN",
	    vendor ? "VENDOR               " : "", "NAME");
	tui_scan_bold(s, true);
	tui_put(1, 0, COLS, line);
	tui_scan_bold(s, false);

	n = scan_rows_count(s->rows);
	body = LINES - 4;
	if (s->sel < s->top)
		s->top = s->sel;
	if (body > 0 && s->sel >= s->top + (size_t)body)
		s->top = s->sel - (size_t)body + 1;
	if (s->top > 0 && s->top + (size_t)body > n)
		s->top = n > (size_t)body ? n - (size_t)body : 0;
	for (i = s->top, y = 2; i < n && y < 2 + body; i++, y++) {
		r = scan_rows_get(s->rows, i);
		tui_scan_row_text(r, vendor, line, sizeof line);
		if (r->stale)
			attron(A_DIM);
		if (i == s->sel)
			attron(A_REVERSE);
		if (i == s->sel)
			mvhline(y, 0, ' ', COLS);
		tui_put(y, 0, COLS, line);
		attroff(A_REVERSE | A_DIM);
	}
	if (n == 0)
		tui_put(3, 2, COLS - 4, s->ndev == 0 ? "Listening ..." :
		    "No device matches the filter.");

	if (s->mode == TUI_SCAN_M_FILTER) {
		snprintf(line, sizeof line, "Filter: %s_   (Enter keeps it, "
		    "Esc clears it)", s->edit);
	} else if (s->msg[0] != '\0') {
		snprintf(line, sizeof line, "%s", s->msg);
	} else {
		shown = n == 0 ? 0 : (size_t)(y - 2);
		snprintf(line, sizeof line, "sort: %s",
		    scan_rows_sort_name(scan_rows_sort(s->rows)));
		if (*scan_rows_filter(s->rows) != '\0')
			snprintf(line + strlen(line), sizeof line -
			    strlen(line), "  filter: %s",
			    scan_rows_filter(s->rows));
		if (scan_rows_locks_only(s->rows))
			snprintf(line + strlen(line), sizeof line -
			    strlen(line), "  locks only");
		if (s->frozen)
			snprintf(line + strlen(line), sizeof line -
			    strlen(line), "  FROZEN");
		if (scan_rows_expired(s->rows) > 0)
			snprintf(line + strlen(line), sizeof line -
			    strlen(line), "  %zu gone (ttl %s)",
			    scan_rows_expired(s->rows),
			    scan_rows_age_str(s->cfg.ttl_ms, age));
		if (n > shown)
			snprintf(line + strlen(line), sizeof line -
			    strlen(line), "  rows %zu-%zu of %zu",
			    s->top + 1, s->top + shown, n);
		if (s->cfg.note != NULL)
			snprintf(line + strlen(line), sizeof line -
			    strlen(line), "  %s", s->cfg.note);
	}
	tui_put(LINES - 2, 1, COLS - 1, line);
	attron(A_REVERSE);
	mvhline(LINES - 1, 0, ' ', COLS);
	tui_put(LINES - 1, 0, COLS, " Up/Dn Enter  f find  / filter  "
	    "l locks  s sort  Space freeze  ? help  q quit");
	attroff(A_REVERSE);
	if (s->mode == TUI_SCAN_M_MENU)
		tui_scan_menu(s);
	if (s->help)
		tui_scan_help();
	refresh();
}

static void
tui_scan_open_find(struct tui_scan *s)
{
	const struct scan_row	*r = scan_rows_get(s->rows, s->sel);
	struct tui_find_cfg	 fc;

	if (r == NULL)
		return;
	memset(&fc, 0, sizeof fc);
	fc.loop = s->cfg.loop;
	fc.tab = s->cfg.tab;
	fc.target.by_addr = true;
	fc.target.bound = true;
	memcpy(fc.target.addr, r->addr, 6);
	fc.target.addr_type = r->addr_type;
	/* The label lives in the target, which the finder copies. */
	snprintf(fc.target.name, sizeof fc.target.name, "%s",
	    r->name[0] != '\0' ? r->name : r->address);
	fc.adapter = s->cfg.adapter;
	fc.quiet = s->cfg.quiet;
	tui_find_end(s->find);
	s->find = NULL;
	if ((s->find = tui_find_panel_new(&fc, s->color, s->wide)) == NULL) {
		snprintf(s->msg, sizeof s->msg, "out of memory");
		return;
	}
	s->mode = TUI_SCAN_M_FIND;
}

static void
tui_scan_key_filter(struct tui_scan *s, int k, wint_t ch)
{
	if ((k == KEY_CODE_YES && ch == KEY_BACKSPACE) ||
	    (k != KEY_CODE_YES && (ch == 127 || ch == 8)))
		tui_form_backspace(s->edit);
	else if ((k == KEY_CODE_YES && ch == KEY_ENTER) ||
	    (k != KEY_CODE_YES && (ch == '\r' || ch == '\n'))) {
		s->mode = TUI_SCAN_M_TABLE;
		return;
	} else if (k != KEY_CODE_YES && ch == 27) {
		s->edit[0] = '\0';
		s->mode = TUI_SCAN_M_TABLE;
	} else if (k != KEY_CODE_YES && iswprint(ch))
		tui_form_addch(s->edit, sizeof s->edit, ch);
	else
		return;
	/* The filter applies as it is typed. */
	scan_rows_set_filter(s->rows, s->edit);
	tui_scan_refresh(s, true);
}

static void
tui_scan_key_menu(struct tui_scan *s, wint_t ch)
{
	const struct scan_row	*r = scan_rows_get(s->rows, s->sel);
	char			 addr[18];

	s->mode = TUI_SCAN_M_TABLE;
	if (r == NULL)
		return;
	snprintf(addr, sizeof addr, "%s", r->address);
	switch (ch) {
	case 'i':
	case 'v':
		if (s->cfg.no_run != NULL) {
			snprintf(s->msg, sizeof s->msg, "%s", s->cfg.no_run);
			return;
		}
		s->cfg.run(s->cfg.arg, ch == 'i' ? TUI_SCAN_INSPECT :
		    TUI_SCAN_VISIT, addr);
		return;
	case 'f':
		tui_scan_open_find(s);
		return;
	default:
		return;		/* Esc and anything else: back */
	}
}

/* The table's keys: one function each, dispatched by tui_scan_keys[]. */

static long
tui_scan_page(void)
{
	return LINES > 6 ? LINES - 5 : 1;
}

static void
tui_scan_k_up(struct tui_scan *s)
{
	tui_scan_select(s, -1);
}

static void
tui_scan_k_down(struct tui_scan *s)
{
	tui_scan_select(s, 1);
}

static void
tui_scan_k_pgup(struct tui_scan *s)
{
	tui_scan_select(s, -tui_scan_page());
}

static void
tui_scan_k_pgdn(struct tui_scan *s)
{
	tui_scan_select(s, tui_scan_page());
}

static void
tui_scan_k_home(struct tui_scan *s)
{
	tui_scan_select(s, -(long)SCAN_ROWS_MAX);
}

static void
tui_scan_k_end(struct tui_scan *s)
{
	tui_scan_select(s, SCAN_ROWS_MAX);
}

static void
tui_scan_k_enter(struct tui_scan *s)
{
	if (scan_rows_count(s->rows) > 0)
		s->mode = TUI_SCAN_M_MENU;
}

static void
tui_scan_k_filter(struct tui_scan *s)
{
	snprintf(s->edit, sizeof s->edit, "%s", scan_rows_filter(s->rows));
	s->mode = TUI_SCAN_M_FILTER;
}

static void
tui_scan_k_unfilter(struct tui_scan *s)
{
	scan_rows_set_filter(s->rows, "");
	tui_scan_refresh(s, true);
}

static void
tui_scan_k_locks(struct tui_scan *s)
{
	scan_rows_set_locks_only(s->rows, !scan_rows_locks_only(s->rows));
	tui_scan_refresh(s, true);
}

static void
tui_scan_k_sort(struct tui_scan *s)
{
	scan_rows_set_sort(s->rows, (scan_rows_sort(s->rows) + 1) %
	    SCAN_ROWS_NSORT);
	tui_scan_refresh(s, true);
}

static void
tui_scan_k_freeze(struct tui_scan *s)
{
	s->frozen = !s->frozen;
	tui_scan_refresh(s, false);
}

static void
tui_scan_k_help(struct tui_scan *s)
{
	s->help = true;
}

static void
tui_scan_k_quit(struct tui_scan *s)
{
	s->cfg.quit(s->cfg.arg);
}

static void
tui_scan_k_redraw(struct tui_scan *s)
{
	(void)s;
	clearok(curscr, TRUE);
}

static const struct tui_scan_binding {
	bool	  code;		/* a curses KEY_* code, else a character */
	wint_t	  key;
	void	(*fn)(struct tui_scan *);
} tui_scan_keys[] = {
	{ true, KEY_UP, tui_scan_k_up },
	{ true, KEY_DOWN, tui_scan_k_down },
	{ true, KEY_PPAGE, tui_scan_k_pgup },
	{ true, KEY_NPAGE, tui_scan_k_pgdn },
	{ true, KEY_HOME, tui_scan_k_home },
	{ true, KEY_END, tui_scan_k_end },
	{ true, KEY_ENTER, tui_scan_k_enter },
	{ false, 'k', tui_scan_k_up },
	{ false, 'j', tui_scan_k_down },
	{ false, '\r', tui_scan_k_enter },
	{ false, '\n', tui_scan_k_enter },
	{ false, '/', tui_scan_k_filter },
	{ false, 27, tui_scan_k_unfilter },	/* Esc */
	{ false, 'l', tui_scan_k_locks },
	{ false, 's', tui_scan_k_sort },
	{ false, ' ', tui_scan_k_freeze },
	{ false, 'f', tui_scan_open_find },
	{ false, '?', tui_scan_k_help },
	{ false, 'q', tui_scan_k_quit },
	{ false, 3, tui_scan_k_quit },		/* Ctrl-C */
	{ false, 12, tui_scan_k_redraw },	/* Ctrl-L */
};

static void
tui_scan_key(struct tui_scan *s, int k, wint_t ch)
{
	bool	code = k == KEY_CODE_YES;
	size_t	i;

	if (s->help) {
		s->help = false;
		return;
	}
	if (!code && ch == 3) {
		tui_scan_k_quit(s);	/* in every mode */
		return;
	}
	switch (s->mode) {
	case TUI_SCAN_M_FILTER:
		tui_scan_key_filter(s, k, ch);
		return;
	case TUI_SCAN_M_MENU:
		if (!code)
			tui_scan_key_menu(s, ch);
		return;
	case TUI_SCAN_M_FIND:
		if (s->find == NULL || !tui_find_panel_key(s->find, k, ch)) {
			tui_find_end(s->find);
			s->find = NULL;
			s->mode = TUI_SCAN_M_TABLE;
			clear();
		}
		return;
	default:
		break;
	}
	s->msg[0] = '\0';
	for (i = 0; i < sizeof tui_scan_keys / sizeof tui_scan_keys[0]; i++)
		if (tui_scan_keys[i].code == code &&
		    tui_scan_keys[i].key == ch) {
			tui_scan_keys[i].fn(s);
			return;
		}
}

static void
tui_scan_tick(void *arg)
{
	struct tui_scan	*s = arg;

	s->tick_timer = loop_add_timer(s->cfg.loop, TUI_SCAN_TICK_MS,
	    tui_scan_tick, s);
	if (s->mode == TUI_SCAN_M_FIND && s->find != NULL)
		tui_find_panel_tick(s->find);
	else
		tui_scan_refresh(s, false);
	tui_scan_draw(s);
}

static void
tui_scan_on_stdin(int fd, short revents, void *arg)
{
	struct tui_scan	*s = arg;
	wint_t		 ch;
	int		 k;

	(void)fd;
	if (revents & (POLLHUP | POLLERR | POLLNVAL)) {
		/* The terminal went away: end the scan. */
		loop_remove_fd(s->cfg.loop, s->stdin_id);
		s->stdin_id = 0;
		s->cfg.quit(s->cfg.arg);
		return;
	}
	while (!s->suspended && (k = get_wch(&ch)) != ERR) {
		if (k == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		tui_scan_key(s, k, ch);
	}
	tui_scan_draw(s);
}

static void
tui_scan_on_winch(int signo, void *arg)
{
	struct tui_scan	*s = arg;

	(void)signo;
	if (s->suspended)
		return;
	tui_term_resize();
	tui_scan_draw(s);
}

/* Keys and the clock on the loop. */
static void
tui_scan_watch(struct tui_scan *s)
{
	s->stdin_id = loop_add_fd(s->cfg.loop, STDIN_FILENO, POLLIN,
	    tui_scan_on_stdin, s);
	/* After initscr: the loop, not curses, takes SIGWINCH. */
	loop_add_signal(s->cfg.loop, SIGWINCH, tui_scan_on_winch, s);
	s->tick_timer = loop_add_timer(s->cfg.loop, TUI_SCAN_TICK_MS,
	    tui_scan_tick, s);
}

static void
tui_scan_unwatch(struct tui_scan *s)
{
	if (s->stdin_id != 0)
		loop_remove_fd(s->cfg.loop, s->stdin_id);
	s->stdin_id = 0;
	loop_cancel_timer(s->cfg.loop, s->tick_timer);
	s->tick_timer = 0;
}

bool
tui_scan_usable(void)
{
	return tui_term_usable();
}

struct tui_scan *
tui_scan_start(const struct tui_scan_cfg *cfg)
{
	struct tui_scan	*s;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	s->cfg = *cfg;
	snprintf(s->adapter, sizeof s->adapter, "%s",
	    cfg->adapter != NULL ? cfg->adapter : "");
	s->cfg.adapter = s->adapter;
	if ((s->rows = scan_rows_new()) == NULL) {
		free(s);
		return NULL;
	}
	scan_rows_set_ttl(s->rows, cfg->ttl_ms);
	tui_term_open(&s->color, &s->wide);
	tui_scan_watch(s);
	tui_scan_refresh(s, true);
	tui_scan_draw(s);
	return s;
}

void
tui_scan_stopping(struct tui_scan *s)
{
	s->stopping = true;
	tui_scan_draw(s);
}

void
tui_scan_suspend(struct tui_scan *s)
{
	if (s->suspended)
		return;
	tui_scan_unwatch(s);
	tui_find_end(s->find);
	s->find = NULL;
	s->mode = TUI_SCAN_M_TABLE;
	s->suspended = true;
	tui_term_end();
}

void
tui_scan_resume(struct tui_scan *s)
{
	if (!s->suspended)
		return;
	s->suspended = false;
	tui_term_resume();
	tui_scan_watch(s);
	tui_scan_refresh(s, true);
	tui_scan_draw(s);
}

void
tui_scan_end(struct tui_scan *s)
{
	if (s == NULL)
		return;
	tui_scan_unwatch(s);
	tui_find_end(s->find);
	if (!s->suspended)
		tui_term_end();
	scan_rows_free(s->rows);
	free(s);
}
