/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_scan.c - lockscope scan: find the advertisers nearby.
 *
 * Runs one event loop: adapter fd, a duration timer, SIGINT/SIGTERM (end
 * cleanly with a summary).  On a terminal without --json the live table
 * (src/tui/tui_scan.h) adds its keys, clock and SIGWINCH to the loop;
 * when it asks for inspect or visit of a lock, the scan hands the adapter
 * over: scanning stops, the radio is closed, the command runs in the same
 * terminal, and the radio is opened again (scan_live_run).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "adapters/adapters.h"
#include "adv/devtab.h"
#include "adv/lock.h"
#include "capture/capture_scrub.h"
#include "cmd/cmd.h"
#include "hci/radio.h"
#include "hci/scan.h"
#include "present/devices.h"
#include "present/scan_rows.h"
#include "present/tags.h"
#include "tui/tui_scan.h"
#include "util/loop.h"

#define SCAN_DEFAULT_CAP	4096
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
	bool			 live;		/* the live table (terminal) */
	double			 duration;	/* 0 = until interrupted */
	uint64_t		 t0;		/* monotonic ms */
	struct tui_scan		*tui;		/* live: the table */
	uint64_t		 ttl_ms;	/* --ttl */
	const char		*spec;		/* --adapter */
	struct radio_opts	*ro;		/* to open it again */
	struct scan_params	*sp;
	int			 run_what;	/* -1, or a tui_scan_run
						   asked for */
	char			 run_addr[18];
	uint64_t		 reports_prior;	/* of scans handed over */
	char			 nfc_note[176];	/* live: "NFC: ..." */
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
static void	scan_signal(int, void *);
static void	scan_started(const struct ls_errbuf *, void *);
static void	scan_stopped(const struct ls_errbuf *, void *);
static void	scan_dead(const struct ls_errbuf *, void *);
static void	scan_on_report(const struct hcievt_adv_report *, void *);

/* The capture file could not be written: stop, and say so at the end. */
static void
scan_capture_failed(void *arg)
{
	struct scan_ctx	*c = arg;

	if (c->t0 != 0)
		scan_begin_stop(c);
}

/* The live table's hooks: q or Ctrl-C, and Enter then i or v. */
static void
scan_live_quit(void *arg)
{
	struct scan_ctx	*c = arg;

	if (c->stopping) {
		loop_stop(c->loop);	/* a second time: do not wait */
		return;
	}
	c->interrupted = true;
	scan_begin_stop(c);
}

static void
scan_live_ask_run(void *arg, enum tui_scan_run what, const char *address)
{
	struct scan_ctx	*c = arg;

	if (c->stopping || c->dead || c->run_what >= 0)
		return;
	c->run_what = (int)what;
	snprintf(c->run_addr, sizeof c->run_addr, "%s", address);
	/* Scanning off first: the command needs the adapter to itself. */
	scan_stop(c->scan, scan_stopped, c);
}

static void
scan_live_start(struct scan_ctx *c)
{
	struct tui_scan_cfg	tc;

	memset(&tc, 0, sizeof tc);
	tc.loop = c->loop;
	tc.tab = c->tab;
	tc.adapter = c->radio.t->spec;
	tc.scan_mode = scan_extended(c->scan) ? "extended" : "legacy";
	tc.t0_ms = c->t0;
	tc.ttl_ms = c->ttl_ms;
	if (c->nfc != NULL) {
		char	counts[160];

		tags_counts(c->nfc, counts, sizeof counts);
		snprintf(c->nfc_note, sizeof c->nfc_note, "NFC: %s", counts);
		tc.note = c->nfc_note;
	}
	if (c->capture_path != NULL)
		tc.no_run = "not while --capture is writing this scan's "
		    "traffic";
	tc.quit = scan_live_quit;
	tc.run = scan_live_ask_run;
	tc.arg = c;
	c->tui = tui_scan_start(&tc);
	/* The screen's crash handler took SIGTERM: the loop takes it back
	   (a clean end with the terminal restored and a summary). */
	loop_add_signal(c->loop, SIGTERM, scan_signal, c);
}

/*
 * A report file for a visit started from the table, in the current
 * directory, that neither it nor its journal exists:
 * visit-C47C8D6A1201-20261208T101530.json, then -2, -3 ... before
 * ".json".  False when none is free.
 */
static bool
scan_visit_out(const char *addr, char *out, size_t cap)
{
	char		bare[13], stamp[32], journal[4200];
	time_t		now = time(NULL);
	struct tm	tm;
	size_t		i, k;
	int		n;

	for (i = k = 0; addr[i] != '\0' && k < sizeof bare - 1; i++)
		if (addr[i] != ':')
			bare[k++] = addr[i];
	bare[k] = '\0';
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
	for (n = 1; n < 100; n++) {
		if (n == 1)
			snprintf(out, cap, "visit-%s-%s.json", bare, stamp);
		else
			snprintf(out, cap, "visit-%s-%s-%d.json", bare, stamp,
			    n);
		snprintf(journal, sizeof journal, "%s.journal", out);
		if (access(out, F_OK) != 0 && errno == ENOENT &&
		    access(journal, F_OK) != 0 && errno == ENOENT)
			return true;
	}
	return false;
}

/* Run lockscope (this binary) with argv in the terminal; its status. */
static int
scan_child(char *const argv[])
{
	struct sigaction	 ign, old_int, old_quit;
	pid_t			 pid, w;
	int			 st;

	/* The child takes the terminal's Ctrl-C; the scan does not. */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execv("/proc/self/exe", argv);
		execvp("lockscope", argv);
		fprintf(stderr, "lockscope scan: cannot run lockscope %s: %s\n",
		    argv[1], strerror(errno));
		_exit(127);
	}
	st = -1;
	if (pid > 0) {
		while ((w = waitpid(pid, &st, 0)) == -1 && errno == EINTR)
			;
		if (w == -1)
			st = -1;
	} else
		fprintf(stderr, "lockscope scan: cannot start lockscope %s: "
		    "%s\n", argv[1], strerror(errno));
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (st == -1)
		return -1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
}

/* Ask whether to go back to the table: true for Enter, false for q. */
static bool
scan_live_ask_back(void)
{
	char	b;
	bool	back = true;
	ssize_t	r;

	printf("\nlockscope scan: Enter: back to the scan;  q, Enter: end "
	    "it. ");
	fflush(stdout);
	/* End of input, or Ctrl-C (the loop sees it later): end. */
	while ((r = read(STDIN_FILENO, &b, 1)) == 1) {
		if (b == '\n' || b == '\r')
			return back;
		if (b == 'q' || b == 'Q')
			back = false;
	}
	return false;
}

/*
 * Inspect or visit asked for from the table (c->run_what), once scanning
 * stopped: close the radio, run the command in the terminal, then open
 * the radio again and scan on.  True when the scan runs again; false
 * when it ends here (the technician said so, or the adapter could not be
 * opened again: c->eb says why).
 */
static bool
scan_live_run(struct scan_ctx *c)
{
	char	 out[4096];
	char	*argv[10];
	int	 what = c->run_what, st, k = 0;

	c->run_what = -1;
	if (c->stopping || c->dead || c->eb.code != LS_OK)
		return false;
	c->reports_prior += scan_reports(c->scan);
	scan_free(c->scan);
	c->scan = NULL;
	radio_close(&c->radio);
	tui_scan_suspend(c->tui);
	argv[k++] = (char *)"lockscope";
	if (what == TUI_SCAN_INSPECT) {
		argv[k++] = (char *)"inspect";
		argv[k++] = c->run_addr;
		argv[k++] = (char *)"--adapter";
		argv[k++] = (char *)c->spec;
	} else {
		if (!scan_visit_out(c->run_addr, out, sizeof out)) {
			fprintf(stderr, "lockscope scan: no free report name "
			    "here for a visit of %s\n", c->run_addr);
			goto back;
		}
		argv[k++] = (char *)"visit";
		argv[k++] = (char *)"--adapter";
		argv[k++] = (char *)c->spec;
		argv[k++] = (char *)"--device";
		argv[k++] = c->run_addr;
		argv[k++] = (char *)"--out";
		argv[k++] = out;
	}
	argv[k] = NULL;
	printf("lockscope scan: the adapter is handed to: lockscope");
	for (st = 1; st < k; st++)
		printf(" %s", argv[st]);
	printf("\n");
	st = scan_child(argv);
	if (st != 0)
		printf("lockscope scan: lockscope %s ended with exit status "
		    "%d\n", argv[1], st);
back:
	if (!scan_live_ask_back()) {
		c->stopping = true;
		c->interrupted = true;
		return false;
	}
	if (radio_open_opts(&c->radio, c->spec, c->loop, c->ro,
	    &c->eb) != LS_OK) {
		c->stopping = true;
		return false;
	}
	host_set_dead(c->radio.host, scan_dead, c);
	c->scan = scan_new(c->radio.host, &c->radio.info, c->sp,
	    scan_on_report, c);
	if (c->scan == NULL) {
		ls_err_set(&c->eb, LS_ENOMEM, "out of memory");
		c->stopping = true;
		return false;
	}
	tui_scan_resume(c->tui);
	scan_start(c->scan, scan_started, c);
	return true;
}

/* The live table is gone: the whole table, plain, as the run's record. */
static void
scan_live_end(struct scan_ctx *c, struct dev **devs, size_t n)
{
	int	w, h;

	tui_scan_end(c->tui);
	c->tui = NULL;
	scan_term_size(&w, &h);
	if (n > 0)
		devices_table(stdout, devs, n, w, 0, 0, cmd_g.color);
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
	if (c->tui != NULL)
		tui_scan_stopping(c->tui);
	if (c->run_what >= 0)
		return;		/* scanning is already being stopped */
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

	if (signo == SIGWINCH)
		return;		/* the live table takes it once it runs */
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
	if (c->tui != NULL)
		return;		/* scanning again after a handover */
	c->t0 = loop_now_ms();
	if (c->duration > 0)
		loop_add_timer(c->loop, (uint64_t)(c->duration * 1000),
		    scan_time_up, c);
	if (c->live)
		scan_live_start(c);
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
	uint64_t		  reports = c->reports_prior +
				    (c->scan ? scan_reports(c->scan) : 0);
	uint64_t		  malformed = (hs ? hs->malformed : 0);

	n = devices_collect(c->tab, &devs, &locks);
	c->locks = locks;
	if (c->json)
		scan_summary_json(c, n, secs, reports, malformed);
	else {
		if (c->live)
			scan_live_end(c, devs, n);
		else if (n > 0)
			scan_table_filtered(c, devs, n);
		if (c->nfc != NULL && c->nfc->n > 0)
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

/*
 * --capture: vendor ATT values zeroed (capture/capture_scrub.h) unless
 * --capture-raw, which says so.  0, or the exit status.
 */
static int
scan_capture_mode(const struct cmd_entry *ce, struct cmd_args *args)
{
	if (!cmd_args_has(args, 'R')) {
		capture_scrub_install();
		return 0;
	}
	if (cmd_args_get(args, 'c') == NULL)
		return cmd_usage(ce, "--capture-raw goes with --capture");
	fprintf(stderr, "lockscope %s: --capture-raw: the capture keeps "
	    "every byte, vendor values a lock sends (passwords, keys) "
	    "included\n", ce->name);
	return 0;
}

static const struct cmd_opt scan_opts[] = {
	{ 'a', "adapter", CMD_ARG_STRING, 0, .env = "LOCKSCOPE_ADAPTER",
	    .help = "the adapter: hciN, user:hciN, h4:..., usb[:VID:PID]" },
	{ 'c', "capture", CMD_ARG_STRING, 0,
	    .help = "write the run's HCI traffic to this btsnoop file" },
	{ 'R', "capture-raw", CMD_ARG_NONE, CMD_OPT_LONG_ONLY,
	    .help = "--capture keeps vendor ATT values (secrets) too" },
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
	{ 'T', "ttl", CMD_ARG_SECONDS, CMD_OPT_LONG_ONLY,
	    .max = SCAN_MAX_SECONDS, .what = "--ttl",
	    .want = "want seconds, 0 to " CMD_STR(SCAN_MAX_SECONDS),
	    .help = "live table: drop devices not heard for this long" },
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
	if ((rc = scan_capture_mode(ce, args)) != 0)
		return rc;
	c.live = !c.json && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO) &&
	    tui_scan_usable();
	c.duration = cmd_args_number(args, 'd', c.live ? 0 : 10);
	c.ttl_ms = (uint64_t)(cmd_args_number(args, 'T',
	    SCAN_ROWS_TTL_MS / 1000) * 1000);
	c.spec = spec;
	c.ro = &ro;
	c.sp = &sp;
	c.run_what = -1;

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
	/* The live table asked for inspect or visit: hand over, come back. */
	while (c.run_what >= 0 && scan_live_run(&c))
		loop_run(c.loop);
	/* Make sure scanning is off before leaving (bounded wait). */
	if (!c.stopping && !c.dead && c.eb.code == LS_OK) {
		c.stopping = true;
		scan_stop(c.scan, scan_stopped, &c);
		loop_run(c.loop);
	}
	(void)radio_capture_end(&c.radio, &c.eb);
	if (c.scan != NULL && scan_fell_back(c.scan))
		fprintf(stderr, "lockscope scan: note: extended scanning gave "
		    "no reports; switched to legacy scanning\n");
	scan_summary(&c);
	if (c.eb.code != LS_OK)
		rc = cmd_fail(ce, &c.eb);
	else if (c.write_failed) {
		ls_err_set(&c.eb, LS_EIO, "cannot write to standard output");
		rc = cmd_fail(ce, &c.eb);
	} else
		rc = 0;
out:
	tui_scan_end(c.tui);
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
	    "[--capture FILE] [--capture-raw] [--passive] [--legacy] "
	    "[--max-devices N] "
	    "[--detach] [--ttl SECONDS]",
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
	    "      --capture-raw       keep every byte in the capture, "
	    "vendor secrets too\n"
	    "                          (default: their ATT values zeroed)\n"
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
	    "      --ttl SECONDS       live table: a device not heard for "
	    "this long leaves\n"
	    "                          the table, not the summary (default "
	    "60; 0 = never)\n"
	    "  -h, --help              this help\n",
	.options = scan_opts,
	.exec = scan_exec,
};
