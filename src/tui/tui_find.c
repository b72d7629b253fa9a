/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_find.c - the proximity finder's screen (tui_find.h): redrawn whole
 * four times a second from the model (present/proximity.h) and the
 * target's record in the device table.  It never touches the radio and
 * never blocks.
 *
 *   bar:     lockscope find, the target, its address, the adapter
 *   signal:  smoothed and last RSSI, the trend in words
 *   meter:   three rows, -100 dBm empty to -30 dBm full
 *   graph:   the last minute, one column a second, newest on the right
 *   warning: "not heard for N s" once the device table calls it silent
 *   footer:  the keys
 */
#include <curses.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hci/hcidef.h"
#include "tui/tui_find.h"
#include "tui/tui_int.h"
#include "util/hex.h"
#include "util/text.h"

#define TUI_FIND_TICK_MS	250
#define TUI_FIND_IDLE_BELL_MS	500	/* look again when not ringing */
#define TUI_FIND_GRAPH_MAX	16	/* graph rows, at most */

struct tui_find {
	struct tui_find_cfg	 cfg;
	char			 adapter[256];	/* cfg.adapter's copy */
	bool			 standalone;	/* owns the terminal */
	bool			 color, wide;
	bool			 help;
	bool			 muted;		/* 'm' */
	bool			 stopping;
	bool			 found;		/* in the table now */
	bool			 stale;
	size_t			 others;	/* others of that name */
	struct dev		 last;		/* the target's record, as
						   last seen (copy) */
	uint64_t		 now_ms;	/* wall clock of the tick */
	unsigned		 tick_timer;
	unsigned		 bell_timer;
	unsigned		 stdin_id;
	struct proximity	 prox;
};

static void	tui_find_bell(void *);

/* A colour pair, or bold for pair -1; neither without colour (NO_COLOR
   means no bold either). */
static void
tui_find_color(const struct tui_find *f, int pair, bool on)
{
	attr_t	a;

	if (!f->color || pair == 0)
		return;
	a = pair < 0 ? A_BOLD : (attr_t)COLOR_PAIR(pair);
	if (on)
		attron(a);
	else
		attroff(a);
}

struct tui_find *
tui_find_panel_new(const struct tui_find_cfg *cfg, bool color, bool wide)
{
	struct tui_find	*f;

	if ((f = calloc(1, sizeof *f)) == NULL)
		return NULL;
	f->cfg = *cfg;
	if (f->cfg.label == NULL)
		f->cfg.label = f->cfg.target.name;	/* the copy's */
	snprintf(f->adapter, sizeof f->adapter, "%s",
	    cfg->adapter != NULL ? cfg->adapter : "");
	f->cfg.adapter = f->adapter;
	f->color = color;
	f->wide = wide;
	proximity_init(&f->prox);
	f->bell_timer = loop_add_timer(f->cfg.loop, TUI_FIND_IDLE_BELL_MS,
	    tui_find_bell, f);
	tui_find_panel_tick(f);
	return f;
}

/* Read the target's record from the device table into the model. */
void
tui_find_panel_tick(struct tui_find *f)
{
	struct dev	**devs, *d = NULL;
	size_t		  n;

	f->now_ms = loop_wall_us() / 1000;
	n = devtab_count(f->cfg.tab);
	if ((devs = calloc(n > 0 ? n : 1, sizeof *devs)) == NULL)
		return;
	n = devtab_list(f->cfg.tab, devs, n);
	d = proximity_target_find(&f->cfg.target, devs, n, &f->others);
	f->found = d != NULL;
	if (d != NULL) {
		f->last = *d;
		if (d->rssi != HC_RSSI_NONE)
			proximity_sample(&f->prox, d->last_seen_ms, d->rssi,
			    d->rssi_avg);
	}
	f->stale = f->prox.heard && devtab_stale(&f->last, f->now_ms);
	free(devs);
}

/* The bell: faster as the signal rises; only while the lock is heard. */
static void
tui_find_bell(void *arg)
{
	struct tui_find	*f = arg;
	unsigned	 next = TUI_FIND_IDLE_BELL_MS;

	f->bell_timer = 0;
	if (!f->cfg.quiet && !f->muted && f->prox.heard && !f->stale &&
	    !f->stopping) {
		beep();
		next = proximity_bell_ms(f->prox.avg);
	}
	f->bell_timer = loop_add_timer(f->cfg.loop, next, tui_find_bell, f);
}

/* The meter: three rows of pct percent of w columns from x. */
static void
tui_find_meter(const struct tui_find *f, int y, int x, int w, int pct)
{
	int	fill = pct * w / 100, i, r;

	for (r = 0; r < 3; r++) {
		move(y + r, x);
		tui_find_color(f, -1, true);
		tui_find_color(f, TUI_C_OK, true);
		for (i = 0; i < fill; i++) {
			if (f->wide)
				addwstr(L"\u2588");
			else
				addch('#');
		}
		tui_find_color(f, TUI_C_OK, false);
		tui_find_color(f, -1, false);
		for (; i < w; i++)
			addch(f->wide ? ' ' : '.');
	}
}

/* The last minute: rows h from y, one column (cw wide) a second. */
static void
tui_find_graph(const struct tui_find *f, int y, int x, int h, int cw)
{
	double	v[PROXIMITY_HIST_S];
	bool	has[PROXIMITY_HIST_S];
	int	i, r, top, c;
	char	lab[16];

	proximity_history(&f->prox, f->now_ms, v, has);
	for (r = 0; r < h; r++) {
		/* The dBm at this row's top, on the left. */
		int	db = PROXIMITY_RSSI_HIGH - r *
			    (PROXIMITY_RSSI_HIGH - PROXIMITY_RSSI_LOW) /
			    (h > 1 ? h - 1 : 1);

		if (r == 0 || r == h - 1 || r == h / 2) {
			snprintf(lab, sizeof lab, "%4d", db);
			tui_put(y + r, 0, 5, lab);
		}
		mvaddch(y + r, x - 1, ACS_VLINE);
	}
	for (i = 0; i < PROXIMITY_HIST_S; i++) {
		if (!has[i]) {
			mvaddch(y + h - 1, x + i * cw, '.');
			continue;
		}
		top = (proximity_meter(v[i]) * h + 50) / 100;
		if (top < 1)
			top = 1;
		for (r = 0; r < top; r++)
			for (c = 0; c < cw; c++) {
				move(y + h - 1 - r, x + i * cw + c);
				if (f->wide)
					addwstr(L"\u2588");
				else
					addch('|');
			}
	}
}

static void
tui_find_help(void)
{
	static const char *const lines[] = {
		"The proximity finder",
		"",
		"Walk with the laptop: the meter fills and the bell",
		"quickens as the signal rises. The trend compares the",
		"last second with the second two seconds before it:",
		"closer or farther after a change of more than 3 dB.",
		"Walls, bodies and the laptop's own lid change the",
		"signal too: turn slowly, pause, watch the trend.",
		"",
		"  m      bell on / off",
		"  q Esc  leave the finder",
		"",
		"Any key closes this help.",
	};
	int	h = (int)(sizeof lines / sizeof lines[0]) + 2, w = 60, y, x;
	size_t	i;

	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	tui_frame(y, x, h, w);
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		tui_put(y + 1 + (int)i, x + 2, w - 4, lines[i]);
}

void
tui_find_panel_draw(struct tui_find *f)
{
	enum proximity_trend	 tr;
	char			 line[512], addr[18], name[4 * AD_NAME_MAX + 1];
	const char		*word;
	int			 pair, gh, cw, mw;
	uint64_t		 age;

	if (tui_term_small())
		return;
	erase();
	tr = proximity_trend(&f->prox, f->now_ms, f->stale);
	name[0] = '\0';
	if (f->prox.heard && f->last.ad.has_name)
		text_sanitize(f->last.ad.name, f->last.ad.name_len, name,
		    sizeof name);
	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	snprintf(line, sizeof line, " lockscope find  %s  %s  %s%s",
	    name[0] != '\0' ? name : f->cfg.label,
	    f->prox.heard ? hex_addr_str(f->last.addr, addr) : "",
	    f->cfg.adapter != NULL ? f->cfg.adapter : "",
	    f->stopping ? "  stopping" : "");
	tui_put(0, 0, COLS, line);
	attroff(A_REVERSE);

	if (f->prox.heard) {
		snprintf(line, sizeof line, "Signal  %.1f dBm smoothed   "
		    "(last report %d dBm)", f->prox.avg, f->prox.rssi);
		tui_find_color(f, -1, true);
		tui_put(2, 2, COLS - 4, line);
		tui_find_color(f, -1, false);
	} else {
		snprintf(line, sizeof line, "Searching for %s ...",
		    f->cfg.label);
		tui_put(2, 2, COLS - 4, line);
	}
	switch (tr) {
	case PROXIMITY_CLOSER:
		word = "CLOSER  (signal rising)";
		pair = TUI_C_OK;
		break;
	case PROXIMITY_FARTHER:
		word = "FARTHER (signal falling)";
		pair = TUI_C_WARN;
		break;
	case PROXIMITY_STEADY:
		word = "steady";
		pair = 0;
		break;
	case PROXIMITY_SILENT:
		word = "silent";
		pair = TUI_C_BAD;
		break;
	default:
		word = "searching";
		pair = 0;
		break;
	}
	snprintf(line, sizeof line, "Trend   %s", word);
	tui_find_color(f, -1, true);
	tui_find_color(f, pair, true);
	tui_put(3, 2, COLS - 4, line);
	tui_find_color(f, pair, false);
	tui_find_color(f, -1, false);

	mw = COLS - 12;
	tui_find_meter(f, 5, 2, mw, f->prox.heard && !f->stale ?
	    proximity_meter(f->prox.avg) : 0);
	snprintf(line, sizeof line, "%3d %%", f->prox.heard && !f->stale ?
	    proximity_meter(f->prox.avg) : 0);
	tui_put(6, 2 + mw + 2, 6, line);

	cw = COLS >= 6 + 2 * PROXIMITY_HIST_S + 1 ? 2 : 1;
	gh = LINES - 14;
	if (gh > TUI_FIND_GRAPH_MAX)
		gh = TUI_FIND_GRAPH_MAX;
	tui_put(9, 2, COLS - 4, "Last minute, one column a second, "
	    "newest on the right:");
	if (gh >= 3)
		tui_find_graph(f, 10, 6, gh, cw);

	if (f->stale) {
		age = f->now_ms - f->last.last_seen_ms;
		snprintf(line, sizeof line, "Not heard for %llu s: out of "
		    "range, switched off, or no longer advertising?",
		    (unsigned long long)(age / 1000));
		tui_find_color(f, -1, true);
		tui_find_color(f, TUI_C_BAD, true);
		tui_put(LINES - 3, 2, COLS - 4, line);
		tui_find_color(f, TUI_C_BAD, false);
		tui_find_color(f, -1, false);
	} else if (f->prox.heard) {
		age = f->now_ms > f->last.last_seen_ms ?
		    f->now_ms - f->last.last_seen_ms : 0;
		snprintf(line, sizeof line, "Heard %.1f s ago", age / 1000.0);
		if (f->others > 0)
			snprintf(line + strlen(line), sizeof line -
			    strlen(line), "; %zu other%s of that name "
			    "(give the address to be sure)", f->others,
			    f->others > 1 ? "s" : "");
		tui_put(LINES - 3, 2, COLS - 4, line);
	}
	snprintf(line, sizeof line, " m bell %s   ? help   %s",
	    f->cfg.quiet || f->muted ? "off" : "on ",
	    f->standalone ? "q quit" : "q Esc back to the table   ^C quit");
	attron(A_REVERSE);
	mvhline(LINES - 1, 0, ' ', COLS);
	tui_put(LINES - 1, 0, COLS, line);
	attroff(A_REVERSE);
	if (f->help)
		tui_find_help();
	refresh();
}

bool
tui_find_panel_key(struct tui_find *f, int k, wint_t ch)
{
	if (f->help) {
		f->help = false;
		return true;
	}
	if (k == KEY_CODE_YES)
		return true;
	switch (ch) {
	case 'q':
	case 'f':
	case 27:
		return false;
	case 'm':
		f->muted = !f->muted;
		break;
	case '?':
		f->help = true;
		break;
	case 12:
		clearok(curscr, TRUE);
		break;
	default:
		break;
	}
	return true;
}

/* The whole screen: ticks, keys, resize. */

static void
tui_find_tick(void *arg)
{
	struct tui_find	*f = arg;

	f->tick_timer = loop_add_timer(f->cfg.loop, TUI_FIND_TICK_MS,
	    tui_find_tick, f);
	tui_find_panel_tick(f);
	tui_find_panel_draw(f);
}

static void
tui_find_on_stdin(int fd, short revents, void *arg)
{
	struct tui_find	*f = arg;
	wint_t		 ch;
	int		 k;

	(void)fd;
	if (revents & (POLLHUP | POLLERR | POLLNVAL)) {
		loop_remove_fd(f->cfg.loop, f->stdin_id);
		f->stdin_id = 0;
		f->cfg.quit(f->cfg.arg);
		return;
	}
	while ((k = get_wch(&ch)) != ERR) {
		if (k == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		if (k != KEY_CODE_YES && ch == 3 && !f->help) {
			f->cfg.quit(f->cfg.arg);
			continue;
		}
		if (!tui_find_panel_key(f, k, ch))
			f->cfg.quit(f->cfg.arg);
	}
	tui_find_panel_draw(f);
}

static void
tui_find_on_winch(int signo, void *arg)
{
	(void)signo;
	tui_term_resize();
	tui_find_panel_draw(arg);
}

bool
tui_find_usable(void)
{
	return tui_term_usable();
}

struct tui_find *
tui_find_start(const struct tui_find_cfg *cfg)
{
	struct tui_find	*f;
	bool		 color, wide;

	tui_term_open(&color, &wide);
	if ((f = tui_find_panel_new(cfg, color, wide)) == NULL) {
		tui_term_end();
		return NULL;
	}
	f->standalone = true;
	f->stdin_id = loop_add_fd(f->cfg.loop, STDIN_FILENO, POLLIN,
	    tui_find_on_stdin, f);
	/* After initscr: the loop, not curses, takes SIGWINCH. */
	loop_add_signal(f->cfg.loop, SIGWINCH, tui_find_on_winch, f);
	f->tick_timer = loop_add_timer(f->cfg.loop, TUI_FIND_TICK_MS,
	    tui_find_tick, f);
	tui_find_panel_draw(f);
	return f;
}

void
tui_find_stopping(struct tui_find *f)
{
	f->stopping = true;
	if (f->standalone)
		tui_find_panel_draw(f);
}

bool
tui_find_heard(const struct tui_find *f)
{
	return f->prox.heard;
}

void
tui_find_end(struct tui_find *f)
{
	if (f == NULL)
		return;
	loop_cancel_timer(f->cfg.loop, f->tick_timer);
	loop_cancel_timer(f->cfg.loop, f->bell_timer);
	if (f->stdin_id != 0)
		loop_remove_fd(f->cfg.loop, f->stdin_id);
	if (f->standalone)
		tui_term_end();
	free(f);
}
