/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_term.c - the terminal for the checklist screen: curses set-up,
 * colours (none with NO_COLOR or on a monochrome terminal), resize, and
 * restoring the terminal on a crash (SIGSEGV, SIGABRT, SIGBUS, SIGFPE;
 * SIGTERM too until the event loop takes it over).
 */
#include <curses.h>
#include <term.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tui/tui_int.h"

static volatile sig_atomic_t	tui_term_on;

static void
tui_term_crash(int signo)
{
	if (tui_term_on) {
		tui_term_on = 0;
		endwin();
	}
	signal(signo, SIG_DFL);
	raise(signo);
}

/*
 * Whether curses can run on standard output: TERM names a terminal the
 * terminfo database knows, with cursor addressing.  initscr() exits the
 * program when it cannot; asked first, a command can do without a screen.
 */
bool
tui_term_usable(void)
{
	const char	*term = getenv("TERM");
	TERMINAL	*saved = cur_term;
	char		*cup;
	bool		 ok;
	int		 err;

	if (term == NULL || *term == '\0' ||
	    setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return false;
	cup = tigetstr("cup");
	ok = cup != NULL && cup != (char *)-1;
	del_curterm(cur_term);
	set_curterm(saved);
	return ok;
}

void
tui_term_start(struct tui *t)
{
	tui_term_open(&t->color, &t->wide);
}

/* The terminal for any screen of src/tui/: curses on, raw keys, colour
   pairs when allowed (*color), UTF-8 drawing when the locale has it
   (*wide). */
void
tui_term_open(bool *color, bool *wide)
{
	static const int	 sigs[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE,
				    SIGTERM };
	struct sigaction	 sa;
	const char		*nc = getenv("NO_COLOR");
	size_t			 i;

	/* Wide characters from the environment; numbers stay "C". */
	setlocale(LC_CTYPE, "");
	*wide = MB_CUR_MAX > 1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tui_term_crash;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
	initscr();
	tui_term_on = 1;
	raw();			/* Ctrl-C is a key: quit asks first */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	*color = false;
	if ((nc == NULL || *nc == '\0') && has_colors() &&
	    start_color() == OK) {
		use_default_colors();
		init_pair(TUI_C_OK, COLOR_GREEN, -1);
		init_pair(TUI_C_WARN, COLOR_YELLOW, -1);
		init_pair(TUI_C_BAD, COLOR_RED, -1);
		init_pair(TUI_C_RUN, COLOR_CYAN, -1);
		init_pair(TUI_C_BAR, COLOR_BLACK, COLOR_CYAN);
		*color = true;
	}
}

void
tui_term_end(void)
{
	if (tui_term_on) {
		tui_term_on = 0;
		curs_set(1);
		endwin();
	}
}

/* Back after tui_term_end() (a program ran in the terminal meanwhile):
   curses on again, the whole screen redrawn. */
void
tui_term_resume(void)
{
	if (tui_term_on)
		return;
	tui_term_on = 1;
	reset_prog_mode();
	curs_set(0);
	tui_term_check_size();
	clearok(curscr, TRUE);
	refresh();
}

/* The window changed size (SIGWINCH, taken from curses by the loop). */
void
tui_term_resize(void)
{
	struct winsize	ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	clear();
}

/* Resize when the terminal's size differs from the screen's (no signal
   needed: the closing screen polls). */
void
tui_term_check_size(void)
{
	struct winsize	ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0 && (ws.ws_row != LINES || ws.ws_col != COLS)) {
		resizeterm(ws.ws_row, ws.ws_col);
		clear();
	}
}

bool
tui_term_small(void)
{
	char	line[96];

	if (COLS >= TUI_MIN_COLS && LINES >= TUI_MIN_LINES)
		return false;
	erase();
	snprintf(line, sizeof line, "Make the terminal at least %dx%d "
	    "(now %dx%d).", TUI_MIN_COLS, TUI_MIN_LINES, COLS, LINES);
	tui_put(0, 0, COLS, line);
	refresh();
	return true;
}
