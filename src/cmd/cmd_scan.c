/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_scan.c - lockscope scan: find the advertisers nearby.
 *
 * Runs one event loop: adapter fd, a duration timer, a redraw timer on a
 * terminal, SIGINT/SIGTERM (end cleanly with a summary) and SIGWINCH.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "adapters/adapters.h"
#include "adv/devtab.h"
#include "adv/lock.h"
#include "cmd/cmd.h"
#include "hci/radio.h"
#include "hci/scan.h"
#include "present/devices.h"
#include "present/tags.h"
#include "util/loop.h"

#define SCAN_DEFAULT_CAP	4096
#define SCAN_REDRAW_MS		250
#define SCAN_STOP_MS		3000
#define SCAN_MAX_SECONDS	86400	/* s, at most, for --duration */

struct scan_ctx {
	const struct cmd_entry	*ce;
	struct loop		*loop;
	struct radio		 radio;
	struct scan		*scan;
	struct devtab		*tab;
	bool			 json;
	struct devices_out	 out;		/* --json device lines */
	bool			 live;		/* redraw table in place */
	double			 duration;	/* 0 = until interrupted */
	uint64_t		 t0;		/* monotonic ms */
	int			 drawn;		/* lines of the last redraw */
	unsigned		 redraw_timer;
	bool			 interrupted;
	bool			 stopping;
	bool			 dead;
	struct ls_errbuf	 eb;		/* first failure */
	uint64_t		 locks;
	bool			 write_failed;
	const char		*capture_path;	/* --capture, or NULL */
	struct tag_collection	*nfc;		/* --nfc: tags, or NULL */
};

static void
scan_term_size(int *w, int *h)
{
	struct winsize	ws;

	*w = 80;
	*h = 24;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		*w = ws.ws_col;
		*h = ws.ws_row;
	}
}

static void	scan_begin_stop(struct scan_ctx *);

/* The capture file could not be written: stop, and say so at the end. */
static void
scan_capture_failed(void *arg)
{
	struct scan_ctx	*c = arg;

	if (c->t0 != 0)
		scan_begin_stop(c);
}

static void
scan_redraw(struct scan_ctx *c)
{
	struct dev	**devs;
	size_t		  n, locks;
	int		  w, h, el;

	n = devices_collect(c->tab, &devs, &locks);
	scan_term_size(&w, &h);
	if (c->drawn > 0)
		printf("\033[%dA\r", c->drawn);
	el = (int)((loop_now_ms() - c->t0) / 1000);
	printf("%slockscope scan%s  %s  %s %s  %02d:%02d  %zu devices, "
	    "%llu locks%s\033[K\n", cmd_g.color ? "\033[1m" : "",
	    cmd_g.color ? "\033[0m" : "", c->radio.t->spec,
	    scan_extended(c->scan) ? "extended" : "legacy", "scan",
	    el / 60, el % 60, n, (unsigned long long)locks,
	    c->stopping ? "" : "  (Ctrl-C to stop)");
	c->drawn = 1 + devices_table(stdout, devs, n, w, h > 6 ? h - 4 : 2, 1,
	    cmd_g.color);
	if (c->nfc != NULL && c->nfc->n > 0)
		c->drawn += tags_table(stdout, c->nfc);
	printf("\033[J");
	fflush(stdout);
	free(devs);
}

static void
scan_redraw_tick(void *arg)
{
	struct scan_ctx	*c = arg;

	c->redraw_timer = 0;
	scan_redraw(c);
	c->redraw_timer = loop_add_timer(c->loop, SCAN_REDRAW_MS,
	    scan_redraw_tick, c);
}

static void
scan_on_report(const struct hcievt_adv_report *r, void *arg)
{
	struct scan_ctx	*c = arg;

	if (!devices_report(c->tab, r, loop_wall_us() / 1000, &c->out))
		c->write_failed = true;
	if (c->json)
		fflush(stdout);
}

static void
scan_stopped(const struct ls_errbuf *eb, void *arg)
{
	struct scan_ctx	*c = arg;

	if (eb->code != LS_OK && !c->dead)
		ls_err_copy(&c->eb, eb);
	loop_stop(c->loop);
}

static void
scan_begin_stop(struct scan_ctx *c)
{
	if (c->stopping)
		return;
	c->stopping = true;
	if (c->dead) {
		loop_stop(c->loop);
		return;
	}
	scan_stop(c->scan, scan_stopped, c);
}

static void
scan_time_up(void *arg)
{
	scan_begin_stop(arg);
}

static void
scan_signal(int signo, void *arg)
{
	struct scan_ctx	*c = arg;

	if (signo == SIGWINCH) {
		if (c->live)
			scan_redraw(c);
		return;
	}
	if (c->stopping) {
		/* Second Ctrl-C: do not wait for the controller. */
		loop_stop(c->loop);
		return;
	}
	c->interrupted = true;
	scan_begin_stop(c);
}

static void
scan_dead(const struct ls_errbuf *why, void *arg)
{
	struct scan_ctx	*c = arg;

	c->dead = true;
	ls_err_copy(&c->eb, why);
	loop_stop(c->loop);
}

static void
scan_started(const struct ls_errbuf *eb, void *arg)
{
	struct scan_ctx	*c = arg;

	if (eb->code != LS_OK) {
		ls_err_copy(&c->eb, eb);
		loop_stop(c->loop);
		return;
	}
	c->t0 = loop_now_ms();
	if (c->duration > 0)
		loop_add_timer(c->loop, (uint64_t)(c->duration * 1000),
		    scan_time_up, c);
	if (c->live)
		scan_redraw_tick(c);
}

/* The table printed once at the end (not a terminal): filtered rows. */
static void
scan_table_filtered(struct scan_ctx *c, struct dev **devs, size_t n)
{
	size_t	i, k = 0;

	for (i = 0; i < n; i++)
		if (devices_filter_match(&c->out.filter, devs[i]))
			devs[k++] = devs[i];
	if (k > 0)
		devices_table(stdout, devs, k, 100, 0, 0, 0);
}

/*
 * --json at the end: a final line per device (the filters choose which),
 * then the summary, which counts them all.
 */
static void
scan_summary_json(struct scan_ctx *c, size_t n, double secs,
    uint64_t reports, uint64_t malformed)
{
	size_t	 matched;
	cJSON	*o;

	if (!devices_final(c->tab, &c->out, NULL, NULL, &matched))
		c->write_failed = true;
	if ((o = devices_ndjson_object("summary")) == NULL) {
		c->write_failed = true;
		return;
	}
	cJSON_AddStringToObject(o, "command", "scan");
	cJSON_AddStringToObject(o, "adapter", c->radio.t != NULL ?
	    c->radio.t->spec : "");
	cJSON_AddStringToObject(o, "scan_mode", c->scan != NULL &&
	    scan_extended(c->scan) ? "extended" : "legacy");
	cJSON_AddNumberToObject(o, "duration_s",
	    (double)(int)(secs * 10) / 10);
	cJSON_AddNumberToObject(o, "devices", (double)n);
	cJSON_AddNumberToObject(o, "locks", (double)c->locks);
	cJSON_AddNumberToObject(o, "matched", (double)matched);
	cJSON_AddNumberToObject(o, "reports", (double)reports);
	cJSON_AddNumberToObject(o, "malformed_events", (double)malformed);
	cJSON_AddNumberToObject(o, "evicted", (double)devtab_evicted(c->tab));
	cJSON_AddBoolToObject(o, "interrupted", c->interrupted);
	if (c->capture_path != NULL)
		cJSON_AddStringToObject(o, "capture", c->capture_path);
	else
		cJSON_AddNullToObject(o, "capture");
	if (c->nfc != NULL) {
		cJSON_AddStringToObject(o, "nfc_reader", c->nfc->reader);
		cJSON_AddNumberToObject(o, "tags", (double)c->nfc->n);
	}
	if (c->eb.code != LS_OK)
		cJSON_AddStringToObject(o, "error", c->eb.msg);
	else
		cJSON_AddNullToObject(o, "error");
	if (!devices_print_json(stdout, o))
		c->write_failed = true;
	cJSON_Delete(o);
}

static void
scan_summary(struct scan_ctx *c)
{
	const struct host_stats	*hs = c->radio.host != NULL ?
				    host_stats(c->radio.host) : NULL;
	struct dev		**devs;
	size_t			  n, locks;
	double			  secs = (loop_now_ms() - c->t0) / 1000.0;
	uint64_t		  reports = c->scan ? scan_reports(c->scan) : 0;
	uint64_t		  malformed = (hs ? hs->malformed : 0);

	n = devices_collect(c->tab, &devs, &locks);
	c->locks = locks;
	if (c->json)
		scan_summary_json(c, n, secs, reports, malformed);
	else {
		if (c->live)
			scan_redraw(c);
		else if (n > 0)
			scan_table_filtered(c, devs, n);
		if (!c->live && c->nfc != NULL && c->nfc->n > 0)
			tags_table(stdout, c->nfc);
		if (c->nfc != NULL) {
			char	counts[160];

			tags_counts(c->nfc, counts, sizeof counts);
			printf("NFC: %s\n", counts);
		}
		printf("%zu devices (%llu locks), %llu reports in %.1f s%s",
		    n, (unsigned long long)c->locks,
		    (unsigned long long)reports, secs,
		    c->interrupted ? ", interrupted" : "");
		if (malformed > 0)
			printf(", %llu malformed events skipped",
			    (unsigned long long)malformed);
		if (devtab_evicted(c->tab) > 0)
			printf(", %llu stale devices dropped",
			    (unsigned long long)devtab_evicted(c->tab));
		printf("\n");
	}
	fflush(stdout);
	if (ferror(stdout))
		c->write_failed = true;
	free(devs);
}

/*
 * --nfc: read the tags on the reader once, before scanning (bounded by
 * libnfc's timeouts); NDJSON tag lines go out at once, table rows with
 * the device table.  Returns 0 or the exit code of a failure.
 */
static int
scan_nfc(struct scan_ctx *c, const char *conn)
{
	size_t		i;
	uint64_t	seen;
	cJSON		*o;

	if ((c->nfc = calloc(1, sizeof *c->nfc)) == NULL) {
		ls_err_set(&c->eb, LS_ENOMEM, "out of memory");
		return cmd_fail(c->ce, &c->eb);
	}
	if (tag_collect(&adapters_nfc_reader, conn, 0, NULL, c->nfc,
	    &c->eb) != LS_OK)
		return cmd_fail(c->ce, &c->eb);
	seen = loop_wall_us();
	for (i = 0; c->json && i < c->nfc->n; i++) {
		o = tags_json(&c->nfc->rep[i], seen);
		if (o == NULL || !devices_print_json(stdout, o))
			c->write_failed = true;
		cJSON_Delete(o);
	}
	fflush(stdout);
	return 0;
}

/* --json, the filters and --final-only into c->out; 0 or an exit code. */
static int
scan_json_opts(struct scan_ctx *c, struct cmd_args *args)
{
	int	rc;

	if ((rc = cmd_filter(c->ce, args, &c->out.filter)) != 0)
		return rc;
	if (cmd_args_has(args, CMD_KEY_FINAL_ONLY) && !c->json)
		return cmd_usage(c->ce, "--final-only needs --json");
	c->out.f = c->json ? stdout : NULL;
	c->out.changes = !cmd_args_has(args, CMD_KEY_FINAL_ONLY);
	return 0;
}

static const struct cmd_opt scan_opts[] = {
	{ 'a', "adapter", CMD_ARG_STRING, 0, .env = "LOCKSCOPE_ADAPTER",
	    .help = "the adapter: hciN, user:hciN, h4:..., usb[:VID:PID]" },
	{ 'c', "capture", CMD_ARG_STRING, 0,
	    .help = "write the run's HCI traffic to this btsnoop file" },
	{ 'D', "detach", CMD_ARG_NONE, CMD_OPT_LONG_ONLY,
	    .help = "usb: take the dongle from the kernel's driver" },
	{ 'd', "duration", CMD_ARG_SECONDS, 0, .max = SCAN_MAX_SECONDS,
	    .what = "duration", .want = "want seconds, 0 to "
	    CMD_STR(SCAN_MAX_SECONDS) "; 0 = until Ctrl-C",
	    .help = "how long to scan; 0 = until Ctrl-C" },
	{ 'j', "json", CMD_ARG_NONE, 0,
	    .help = "NDJSON: device lines as they change, final lines, a "
	    "summary" },
	CMD_OPTS_FILTER,
	{ 'L', "legacy", CMD_ARG_NONE, CMD_OPT_LONG_ONLY,
	    .help = "legacy scanning commands even if extended ones exist" },
	{ 'm', "max-devices", CMD_ARG_COUNT, 0, .min = 1,
	    .max = CMD_MAX_DEVICES, .what = "--max-devices",
	    .want = "want 1 to " CMD_STR(CMD_MAX_DEVICES),
	    .help = "devices kept in memory; the least recently seen goes" },
	{ 'N', "nfc", CMD_ARG_STRING, CMD_OPT_LONG_ONLY,
	    .help = "also list the NFC tags on this libnfc reader" },
	{ 'p', "passive", CMD_ARG_NONE, CMD_OPT_LONG_ONLY,
	    .help = "send no scan requests" },
	{ 'h', "help", CMD_ARG_HELP, 0, .help = "this help" },
	{ .name = NULL }
};

static int
scan_exec(const struct cmd_entry *ce, struct cmd_args *args)
{
	struct scan_params	 sp;
	struct radio_opts	 ro;
	struct scan_ctx		 c;
	const char		*spec = cmd_args_get(args, 'a');
	const char		*nfc_conn = cmd_args_get(args, 'N');
	char			 specbuf[128];
	unsigned long		 cap;
	int			 rc;

	memset(&c, 0, sizeof c);
	memset(&sp, 0, sizeof sp);
	memset(&ro, 0, sizeof ro);
	ro.open = adapters_open_hci;
	ro.detach = cmd_args_has(args, 'D');
	c.ce = ce;
	c.capture_path = cmd_args_get(args, 'c');
	c.json = cmd_args_has(args, 'j');
	sp.force_legacy = cmd_args_has(args, 'L');
	sp.passive = cmd_args_has(args, 'p');
	cap = (unsigned long)cmd_args_number(args, 'm', SCAN_DEFAULT_CAP);
	if (cmd_args_count(args) > 0)
		return cmd_usage(ce, "unexpected argument '%s'",
		    cmd_args_string(args, 0));
	if ((rc = scan_json_opts(&c, args)) != 0)
		return rc;
	if ((spec = cmd_adapter(ce, spec, specbuf, sizeof specbuf, &rc)) ==
	    NULL)
		return rc;
	c.live = !c.json && isatty(STDOUT_FILENO);
	c.duration = cmd_args_number(args, 'd', c.live ? 0 : 10);

	c.loop = loop_new();
	c.tab = devtab_new(cap);
	if (c.loop == NULL || c.tab == NULL) {
		ls_err_set(&c.eb, LS_ENOMEM, "out of memory");
		rc = cmd_fail(ce, &c.eb);
		goto out;
	}
	loop_add_signal(c.loop, SIGINT, scan_signal, &c);
	loop_add_signal(c.loop, SIGTERM, scan_signal, &c);
	loop_add_signal(c.loop, SIGWINCH, scan_signal, &c);

	ro.capture = c.capture_path;
	ro.capture_failed = scan_capture_failed;
	ro.tap_arg = &c;
	if (radio_open_opts(&c.radio, spec, c.loop, &ro, &c.eb) != LS_OK) {
		if (c.radio.interrupted) {
			rc = 130;
			goto out;
		}
		rc = cmd_fail(ce, &c.eb);
		goto out;
	}
	if (nfc_conn != NULL && (rc = scan_nfc(&c, nfc_conn)) != 0)
		goto out;
	host_set_dead(c.radio.host, scan_dead, &c);
	c.scan = scan_new(c.radio.host, &c.radio.info, &sp, scan_on_report,
	    &c);
	if (c.scan == NULL) {
		ls_err_set(&c.eb, LS_ENOMEM, "out of memory");
		rc = cmd_fail(ce, &c.eb);
		goto out;
	}
	c.t0 = loop_now_ms();
	scan_start(c.scan, scan_started, &c);
	loop_run(c.loop);
	/* Make sure scanning is off before leaving (bounded wait). */
	if (!c.stopping && !c.dead && c.eb.code == LS_OK) {
		c.stopping = true;
		scan_stop(c.scan, scan_stopped, &c);
		loop_run(c.loop);
	}
	(void)radio_capture_end(&c.radio, &c.eb);
	scan_summary(&c);
	if (c.eb.code != LS_OK)
		rc = cmd_fail(ce, &c.eb);
	else if (c.write_failed) {
		ls_err_set(&c.eb, LS_EIO, "cannot write to standard output");
		rc = cmd_fail(ce, &c.eb);
	} else
		rc = 0;
out:
	scan_free(c.scan);
	radio_close(&c.radio);
	devtab_free(c.tab);
	loop_free(c.loop);
	free(c.nfc);
	return rc;
}

const struct cmd_entry cmd_scan_entry = {
	.name = "scan",
	.usage = "[--adapter SPEC] [--nfc CONN] [--duration SECONDS] [--json] "
	    "[--final-only] [--locks-only] [--family FAMILY] [--name PATTERN] "
	    "[--capture FILE] [--passive] [--legacy] [--max-devices N] "
	    "[--detach]",
	.summary = "list the BLE advertisers nearby, locks first",
	.help =
	    "Options:\n"
	    "  -a, --adapter SPEC      hciN | user:hciN | h4:unix:PATH |\n"
	    "                          h4:/dev/TTY[:BAUD] | usb[:VID:PID]\n"
	    "                          (default: $LOCKSCOPE_ADAPTER, else the "
	    "only usable\n"
	    "                          adapter: see lockscope doctor)\n"
	    "      --detach            usb: take the dongle from the kernel's "
	    "driver\n"
	    "                          (btusb) for the run; reattached on "
	    "exit\n"
	    "  -d, --duration SECONDS  how long to scan; 0 = until Ctrl-C\n"
	    "                          (default: until Ctrl-C on a terminal, "
	    "else 10)\n"
	    "  -j, --json              NDJSON (lockscope-ndjson(5)): a device "
	    "line on first\n"
	    "                          sight and on every change, a final "
	    "line per device,\n"
	    "                          then a summary line\n"
	    "      --final-only        with --json: only the final device "
	    "lines and the\n"
	    "                          summary\n"
	    "      --locks-only        device lines and rows only for locks\n"
	    "      --family FAMILY     ... only for this lock family (ttlock, "
	    "nuki, ...)\n"
	    "      --name PATTERN      ... only for names matching this glob "
	    "(fnmatch)\n"
	    "                          (filters: the summary counts every "
	    "device)\n"
	    "  -c, --capture FILE      write the run's HCI traffic to FILE as "
	    "btsnoop\n"
	    "                          (H4, datalink 1002; btmon -r, "
	    "Wireshark)\n"
	    "      --nfc CONN          also list the NFC tags on this libnfc "
	    "reader\n"
	    "                          (e.g. pn532_uart:/dev/ttyUSB0; see "
	    "lockscope-nfc(1))\n"
	    "      --passive           do not send scan requests (no scan "
	    "responses)\n"
	    "      --legacy            legacy scanning commands even if the "
	    "controller\n"
	    "                          supports extended scanning\n"
	    "  -m, --max-devices N     devices kept in memory; the least "
	    "recently seen\n"
	    "                          is dropped beyond that (default "
	    "4096)\n"
	    "  -h, --help              this help\n",
	.options = scan_opts,
	.exec = scan_exec,
};
