/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_find.c - lockscope find: the proximity finder for one lock
 * (lockscope-find(1)).
 *
 * Scans as lockscope scan does, into a device table, and follows one
 * device in it, named by its address or its advertised name.  On a
 * terminal the finder screen (src/tui/tui_find.h) shows it; otherwise a
 * line a second (time, RSSI, smoothed RSSI, trend) goes to standard
 * output for scripts.  It only listens: no connection, no request beyond
 * the scan requests of an active scan.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adapters/adapters.h"
#include "adv/devtab.h"
#include "cmd/cmd.h"
#include "hci/hcidef.h"
#include "hci/radio.h"
#include "hci/scan.h"
#include "present/devices.h"
#include "present/proximity.h"
#include "tui/tui_find.h"
#include "util/loop.h"
#include "util/reading.h"

#define FIND_CAP		4096	/* devices kept */
#define FIND_MAX_SECONDS	86400	/* s, at most, for --duration */
#define FIND_TICK_MS		250	/* samples, not on a terminal */
#define FIND_LINE_TICKS		4	/* a line every 4 samples: 1 s */

struct find_ctx {
	const struct cmd_entry	*ce;
	struct loop		*loop;
	struct radio		 radio;
	struct scan		*scan;
	struct devtab		*tab;
	struct proximity_target	 target;
	const char		*label;		/* the operand */
	bool			 live;		/* the finder screen */
	bool			 quiet;
	double			 duration;	/* 0: until interrupted */
	struct tui_find		*tui;
	struct proximity	*prox;		/* not live: the model */
	unsigned		 ticks;
	struct dev		 last;		/* the target's record, as
						   last seen (copy) */
	bool			 stopping;
	bool			 dead;
	bool			 write_failed;
	struct ls_errbuf	 eb;
};

static void	find_begin_stop(struct find_ctx *);

static void
find_on_report(const struct hcievt_adv_report *r, void *arg)
{
	struct find_ctx	*c = arg;

	(void)devices_report(c->tab, r, loop_wall_us() / 1000, NULL);
}

static void
find_stopped(const struct ls_errbuf *eb, void *arg)
{
	struct find_ctx	*c = arg;

	if (eb->code != LS_OK && !c->dead)
		ls_err_copy(&c->eb, eb);
	loop_stop(c->loop);
}

static void
find_begin_stop(struct find_ctx *c)
{
	if (c->stopping)
		return;
	c->stopping = true;
	if (c->tui != NULL)
		tui_find_stopping(c->tui);
	if (c->dead || c->scan == NULL) {
		loop_stop(c->loop);
		return;
	}
	scan_stop(c->scan, find_stopped, c);
}

static void
find_time_up(void *arg)
{
	find_begin_stop(arg);
}

static void
find_signal(int signo, void *arg)
{
	struct find_ctx	*c = arg;

	if (signo == SIGWINCH)
		return;		/* the screen takes it once it runs */
	if (c->stopping) {
		loop_stop(c->loop);	/* a second time: do not wait */
		return;
	}
	find_begin_stop(c);
}

static void
find_quit(void *arg)
{
	find_signal(SIGINT, arg);
}

static void
find_dead(const struct ls_errbuf *why, void *arg)
{
	struct find_ctx	*c = arg;

	c->dead = true;
	ls_err_copy(&c->eb, why);
	loop_stop(c->loop);
}

static void
find_capture_failed(void *arg)
{
	find_begin_stop(arg);
}

/*
 * Not on a terminal: sample the target four times a second, and print
 * a line a second: time, RSSI, smoothed RSSI, trend ("-" for what is not
 * known yet).
 */
static void
find_tick(void *arg)
{
	struct find_ctx	 *c = arg;
	struct dev	**devs, *d;
	uint64_t	  now = loop_wall_us() / 1000;
	bool		  stale;
	size_t		  n;
	char		  t[32];

	if (c->stopping)
		return;
	loop_add_timer(c->loop, FIND_TICK_MS, find_tick, c);
	n = devtab_count(c->tab);
	if ((devs = calloc(n > 0 ? n : 1, sizeof *devs)) == NULL)
		return;
	n = devtab_list(c->tab, devs, n);
	if ((d = proximity_target_find(&c->target, devs, n, NULL)) != NULL) {
		c->last = *d;
		if (d->rssi != HC_RSSI_NONE)
			proximity_sample(c->prox, d->last_seen_ms, d->rssi,
			    d->rssi_avg);
	}
	free(devs);
	if (++c->ticks % FIND_LINE_TICKS != 0)
		return;
	stale = c->prox->heard && devtab_stale(&c->last, now);
	reading_time_iso(now * 1000, t, sizeof t);
	if (c->prox->heard)
		printf("%s %d %.1f %s\n", t, c->prox->rssi, c->prox->avg,
		    proximity_trend_name(proximity_trend(c->prox, now,
		    stale)));
	else
		printf("%s - - %s\n", t, proximity_trend_name(
		    PROXIMITY_SEARCHING));
	if (fflush(stdout) != 0 || ferror(stdout)) {
		c->write_failed = true;
		find_begin_stop(c);
	}
}

static void
find_started(const struct ls_errbuf *eb, void *arg)
{
	struct find_ctx		*c = arg;
	struct tui_find_cfg	 fc;

	if (eb->code != LS_OK) {
		ls_err_copy(&c->eb, eb);
		loop_stop(c->loop);
		return;
	}
	if (c->duration > 0)
		loop_add_timer(c->loop, (uint64_t)(c->duration * 1000),
		    find_time_up, c);
	if (!c->live) {
		loop_add_timer(c->loop, FIND_TICK_MS, find_tick, c);
		return;
	}
	memset(&fc, 0, sizeof fc);
	fc.loop = c->loop;
	fc.tab = c->tab;
	fc.target = c->target;
	fc.label = c->label;
	fc.adapter = c->radio.t->spec;
	fc.quiet = c->quiet;
	fc.quit = find_quit;
	fc.arg = c;
	if ((c->tui = tui_find_start(&fc)) == NULL) {
		ls_err_set(&c->eb, LS_ENOMEM, "out of memory");
		find_begin_stop(c);
		return;
	}
	/* The screen's crash handler took SIGTERM: the loop takes it back
	   (a clean end with the terminal restored). */
	loop_add_signal(c->loop, SIGTERM, find_signal, c);
}

static const struct cmd_opt find_opts[] = {
	{ 'a', "adapter", CMD_ARG_STRING, 0, .env = "LOCKSCOPE_ADAPTER",
	    .help = "the adapter, as for scan" },
	{ 'c', "capture", CMD_ARG_STRING, 0,
	    .help = "write the run's HCI traffic to this btsnoop file" },
	{ 'D', "detach", CMD_ARG_NONE, CMD_OPT_LONG_ONLY,
	    .help = "usb: take the dongle from the kernel's driver" },
	{ 'd', "duration", CMD_ARG_SECONDS, 0, .max = FIND_MAX_SECONDS,
	    .what = "duration", .want = "want seconds, 0 to "
	    CMD_STR(FIND_MAX_SECONDS) "; 0 = until Ctrl-C",
	    .help = "how long to run; 0 = until Ctrl-C" },
	{ 'q', "quiet", CMD_ARG_NONE, 0,
	    .help = "no bell" },
	{ 'h', "help", CMD_ARG_HELP, 0, .help = "this help" },
	{ .name = NULL }
};

static int
find_exec(const struct cmd_entry *ce, struct cmd_args *args)
{
	struct scan_params	 sp;
	struct radio_opts	 ro;
	struct find_ctx		 c;
	struct proximity	*prox = NULL;
	const char		*spec = cmd_args_get(args, 'a');
	char			 specbuf[128];
	bool			 heard;
	int			 rc;

	memset(&c, 0, sizeof c);
	memset(&sp, 0, sizeof sp);
	memset(&ro, 0, sizeof ro);
	c.ce = ce;
	c.quiet = cmd_args_has(args, 'q');
	c.duration = cmd_args_number(args, 'd', 0);
	ro.open = adapters_open_hci;
	ro.detach = cmd_args_has(args, 'D');
	ro.capture = cmd_args_get(args, 'c');
	ro.capture_failed = find_capture_failed;
	ro.tap_arg = &c;
	if (cmd_args_count(args) != 1)
		return cmd_usage(ce, cmd_args_count(args) == 0 ?
		    "no lock given (an address or an advertised name)" :
		    "one lock at a time ('%s' is one too many)",
		    cmd_args_string(args, 1));
	c.label = cmd_args_string(args, 0);
	if (!proximity_target_parse(&c.target, c.label))
		return cmd_usage(ce, "bad lock '%s' (want an address "
		    "AA:BB:CC:DD:EE:FF or an advertised name)", c.label);
	if ((spec = cmd_adapter(ce, spec, specbuf, sizeof specbuf, &rc)) ==
	    NULL)
		return rc;
	c.live = isatty(STDOUT_FILENO) && isatty(STDIN_FILENO) &&
	    tui_find_usable();

	c.loop = loop_new();
	c.tab = devtab_new(FIND_CAP);
	prox = calloc(1, sizeof *prox);
	if (c.loop == NULL || c.tab == NULL || prox == NULL) {
		ls_err_set(&c.eb, LS_ENOMEM, "out of memory");
		rc = cmd_fail(ce, &c.eb);
		goto out;
	}
	proximity_init(prox);
	c.prox = prox;
	loop_add_signal(c.loop, SIGINT, find_signal, &c);
	loop_add_signal(c.loop, SIGTERM, find_signal, &c);
	if (radio_open_opts(&c.radio, spec, c.loop, &ro, &c.eb) != LS_OK) {
		rc = c.radio.interrupted ? 130 : cmd_fail(ce, &c.eb);
		goto out;
	}
	host_set_dead(c.radio.host, find_dead, &c);
	c.scan = scan_new(c.radio.host, &c.radio.info, &sp, find_on_report,
	    &c);
	if (c.scan == NULL) {
		ls_err_set(&c.eb, LS_ENOMEM, "out of memory");
		rc = cmd_fail(ce, &c.eb);
		goto out;
	}
	scan_start(c.scan, find_started, &c);
	loop_run(c.loop);
	if (!c.stopping && !c.dead && c.eb.code == LS_OK) {
		c.stopping = true;
		scan_stop(c.scan, find_stopped, &c);
		loop_run(c.loop);
	}
	heard = c.tui != NULL ? tui_find_heard(c.tui) : prox->heard;
	tui_find_end(c.tui);
	c.tui = NULL;
	(void)radio_capture_end(&c.radio, &c.eb);
	if (c.eb.code != LS_OK)
		rc = cmd_fail(ce, &c.eb);
	else if (c.write_failed) {
		ls_err_set(&c.eb, LS_EIO, "cannot write to standard output");
		rc = cmd_fail(ce, &c.eb);
	} else if (!heard) {
		fprintf(stderr, "lockscope find: '%s' was not heard\n",
		    c.label);
		rc = 1;
	} else
		rc = 0;
out:
	tui_find_end(c.tui);
	scan_free(c.scan);
	radio_close(&c.radio);
	devtab_free(c.tab);
	loop_free(c.loop);
	free(prox);
	return rc;
}

const struct cmd_entry cmd_find_entry = {
	.name = "find",
	.usage = "ADDRESS|NAME [--adapter SPEC] [--quiet] [--duration SECONDS] "
	    "[--capture FILE] [--detach]",
	.summary = "the proximity finder: walk to one lock by its signal",
	.help =
	    "The lock is its address (AA:BB:CC:DD:EE:FF) or its advertised "
	    "name\n(whole, any case).\n\n"
	    "Options:\n"
	    "  -a, --adapter SPEC      as for scan (default: "
	    "$LOCKSCOPE_ADAPTER)\n"
	    "  -q, --quiet             no bell (on a terminal the bell "
	    "quickens as the\n"
	    "                          signal rises)\n"
	    "  -d, --duration SECONDS  how long to run; 0 = until Ctrl-C "
	    "(default 0)\n"
	    "  -c, --capture FILE      write the run's HCI traffic to FILE as "
	    "btsnoop\n"
	    "      --detach            usb: take the dongle from the kernel's "
	    "driver\n"
	    "                          (btusb) for the run; reattached on "
	    "exit\n"
	    "  -h, --help              this help\n\n"
	    "Not on a terminal: a line a second, TIME RSSI SMOOTHED TREND\n"
	    "(lockscope-find(1)).\n",
	.options = find_opts,
	.exec = find_exec,
};
