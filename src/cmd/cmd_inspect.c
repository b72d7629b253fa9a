/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_inspect.c - lockscope inspect ADDRESS: connect to one lock and
 * read what it gives without pairing or vendor authorization.
 *
 * Phases, one event loop, every wait bounded:
 *   1. scan until the device is seen (--timeout), keeping its
 *      advertising (lock signals, RSSI);
 *   2. connect: our LE connection over HCI (exclusive transports) or the
 *      kernel's L2CAP socket (hciN), at most INSPECT_CONNECT_MS;
 *   3. GATT inspection (src/gatt/gatt_client.h), INSPECT_ATT_MS per request;
 *   4. connection RSSI, disconnect (phases 2-4: oneshot.h), print.
 * Only values of known standard characteristics are read (std_chars.h).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adapters/adapters.h"
#include "adapters/att_kernel.h"
#include "adv/devtab.h"
#include "capture/capture_scrub.h"
#include "cmd/cmd.h"
#include "gatt/att.h"
#include "gatt/gatt_client.h"
#include "gatt/oneshot.h"
#include "hci/hcidef.h"
#include "hci/radio.h"
#include "hci/scan.h"
#include "present/devices.h"
#include "util/hex.h"
#include "util/loop.h"

#define INSPECT_SEEN_DEFAULT	10.0	/* s to find the device */
#define INSPECT_MAX_SECONDS	600	/* s, at most, for --timeout */
#define INSPECT_CONNECT_MS	10000	/* connection must complete */
#define INSPECT_ATT_MS		5000	/* per ATT request (spec: 30 s) */
#define INSPECT_RSP_WAIT_MS	300	/* after first sight: scan response */

enum inspect_phase {
	INSPECT_SCAN,
	INSPECT_READ,		/* gread: connect, GATT, RSSI, close */
	INSPECT_END
};

struct inspect_ctx {
	const struct cmd_entry	*ce;
	struct loop		*loop;
	struct radio		 radio;
	struct scan		*scan;
	struct devtab		*tab;
	struct oneshot		*gr;
	struct gatt_result	 res;
	enum inspect_phase	 phase;
	uint8_t			 addr[6];
	char			 addr_str[18];
	bool			 json;
	bool			 full;
	double			 seen_s;
	bool			 seen;
	bool			 interrupted;
	unsigned		 timer;
	int			 conn_rssi;
	uint64_t		 t0;
	struct ls_errbuf	 eb;		/* first failure */
	const char		*capture_path;
};

static void	inspect_connect(struct inspect_ctx *);

static void
inspect_fail(struct inspect_ctx *c, const struct ls_errbuf *eb)
{
	ls_err_copy(&c->eb, eb);
}

static void
inspect_cancel_timer(struct inspect_ctx *c)
{
	if (c->timer != 0)
		loop_cancel_timer(c->loop, c->timer);
	c->timer = 0;
}

static void
inspect_end(struct inspect_ctx *c)
{
	c->phase = INSPECT_END;
	inspect_cancel_timer(c);
	loop_stop(c->loop);
}

/* ---- phase 1: find the device ------------------------------------- */

static struct dev *
inspect_dev(struct inspect_ctx *c)
{
	struct dev	*d;

	d = devtab_find(c->tab, c->addr, HC_ADDR_RANDOM);
	if (d == NULL)
		d = devtab_find(c->tab, c->addr, HC_ADDR_PUBLIC);
	return d;
}

static void
inspect_scan_stopped(const struct ls_errbuf *eb, void *arg)
{
	struct inspect_ctx	*c = arg;

	(void)eb;		/* a refusal to stop does not matter here */
	if (c->phase != INSPECT_SCAN)
		return;
	if (!c->seen) {
		inspect_end(c);
		return;
	}
	inspect_connect(c);
}

static void
inspect_scan_finish(void *arg)
{
	struct inspect_ctx	*c = arg;

	c->timer = 0;
	if (!c->seen) {
		ls_err_set(&c->eb, LS_EUNAVAIL, "device %s not seen within "
		    "%.0f s (is it awake and in range? a lock connected to a "
		    "phone usually stops advertising)", c->addr_str,
		    c->seen_s);
	}
	scan_stop(c->scan, inspect_scan_stopped, c);
}

static void
inspect_on_report(const struct hcievt_adv_report *r, void *arg)
{
	struct inspect_ctx	*c = arg;

	devices_report(c->tab, r, loop_wall_us() / 1000, NULL);
	if (c->seen || c->phase != INSPECT_SCAN ||
	    memcmp(r->addr, c->addr, 6) != 0)
		return;
	c->seen = true;
	/* Give a scan response a moment to arrive (name, signals). */
	inspect_cancel_timer(c);
	c->timer = loop_add_timer(c->loop, INSPECT_RSP_WAIT_MS,
	    inspect_scan_finish, c);
}

static void
inspect_scan_started(const struct ls_errbuf *eb, void *arg)
{
	struct inspect_ctx	*c = arg;

	if (eb->code != LS_OK) {
		inspect_fail(c, eb);
		inspect_end(c);
		return;
	}
	c->timer = loop_add_timer(c->loop, (uint64_t)(c->seen_s * 1000),
	    inspect_scan_finish, c);
}

/* ---- phases 2-4: connect, GATT, RSSI, close (oneshot.h) ------------ */

static void
inspect_gread_done(const struct ls_errbuf *eb, void *arg)
{
	struct inspect_ctx	*c = arg;

	ls_err_copy(&c->eb, eb);
	inspect_end(c);
}

static void
inspect_connect(struct inspect_ctx *c)
{
	struct dev		*d = inspect_dev(c);
	struct oneshot_opts	 o;

	c->phase = INSPECT_READ;
	memset(&o, 0, sizeof o);
	o.connect_ms = INSPECT_CONNECT_MS;
	o.att_ms = INSPECT_ATT_MS;
	o.full = c->full;
	o.shared_att = &att_kernel_link;
	/* After an interrupt the read only disconnects. */
	o.read_rssi = !c->interrupted;
	c->gr = oneshot_start(c->loop, &c->radio, c->addr, d != NULL ?
	    d->addr_type : HC_ADDR_RANDOM, &o, &c->res, &c->conn_rssi,
	    inspect_gread_done, c);
	if (c->gr == NULL) {
		ls_err_set(&c->eb, LS_ENOMEM, "out of memory");
		inspect_end(c);
	}
}

static void
inspect_dead(const struct ls_errbuf *why, void *arg)
{
	struct inspect_ctx	*c = arg;

	inspect_fail(c, why);
	if (c->gr != NULL && c->phase == INSPECT_READ)
		oneshot_host_dead(c->gr, why);
	if (c->phase != INSPECT_END)
		inspect_end(c);
}

static void
inspect_signal(int signo, void *arg)
{
	struct inspect_ctx	*c = arg;

	(void)signo;
	if (c->interrupted) {
		loop_stop(c->loop);
		return;
	}
	c->interrupted = true;
	ls_err_set(&c->eb, LS_EFAIL, "interrupted");
	if (c->phase == INSPECT_SCAN) {
		inspect_cancel_timer(c);
		scan_stop(c->scan, inspect_scan_stopped, c);
	} else if (c->phase == INSPECT_READ)
		oneshot_cancel(c->gr);
}

/* ---- output --------------------------------------------------------- */

static void
inspect_print_reading(const char *label, const struct reading *r,
    const char *unit)
{
	if (r->prov == RD_UNSET)
		return;
	if (r->prov == RD_UNAVAILABLE) {
		if (strcmp(r->reason, "not offered by this lock") == 0)
			return;
		printf("  %-16s unavailable: %s\n", label, r->reason);
		return;
	}
	switch (r->kind) {
	case RD_INT:
		printf("  %-16s %lld%s\n", label, (long long)r->i, unit);
		break;
	case RD_REAL:
		printf("  %-16s %.2f%s\n", label, r->d, unit);
		break;
	case RD_TEXT:
		printf("  %-16s %s\n", label, r->text);
		break;
	default:
		break;
	}
}

/* True when one of the readings has something to show. */
static bool
inspect_any(const struct reading *const *rs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (rs[i]->prov == RD_OBSERVED || (rs[i]->prov ==
		    RD_UNAVAILABLE && strcmp(rs[i]->reason,
		    "not offered by this lock") != 0))
			return true;
	return false;
}

static void
inspect_print_skew(const struct reading *r)
{
	long long	s;

	if (!reading_has_value(r))
		return;
	s = r->i < 0 ? -r->i : r->i;
	if (s < 5) {
		printf("  %-16s matches the laptop clock\n", "Clock skew");
		return;
	}
	printf("  %-16s lock is %lld h %02lld min %02lld s %s the laptop\n",
	    "Clock skew", s / 3600, s / 60 % 60, s % 60, r->i < 0 ? "behind" :
	    "ahead of");
	if (s >= 300)
		printf("  %-16s scheduled codes may be refused until it is "
		    "set\n", "");
}

static void
inspect_human(struct inspect_ctx *c, const cJSON *o)
{
	const struct stdchar_out	*g = &c->res.std;
	const struct gatt_result	*r = &c->res;
	const struct reading *const	 dis[] = { &g->manufacturer, &g->model,
	    &g->serial, &g->firmware, &g->hardware, &g->software, &g->pnp_id };
	const struct reading *const	 bat[] = { &g->battery_percent,
	    &g->battery_status, &g->battery_volts };
	const struct reading *const	 clk[] = { &g->clock };
	const cJSON			*v;
	const char			*names[8];
	char				 u[37];
	size_t				 i, j, k, np;

	v = cJSON_GetObjectItemCaseSensitive(o, "name");
	printf("%s  %s (%s)\n", cJSON_IsString(v) ? v->valuestring :
	    "(no name)", c->addr_str, cJSON_GetObjectItemCaseSensitive(o,
	    "address_type")->valuestring);
	v = cJSON_GetObjectItemCaseSensitive(o, "rssi");
	printf("  %-16s ", "Signal");
	if (cJSON_IsNumber(v))
		printf("%d dBm advertising", v->valueint);
	else
		printf("unknown advertising");
	if (c->conn_rssi != HC_RSSI_NONE)
		printf(", %d dBm connected", c->conn_rssi);
	printf("\n");
	v = cJSON_GetObjectItemCaseSensitive(o, "family");
	if (cJSON_IsString(v)) {
		printf("  %-16s %s", "Lock family", v->valuestring);
		v = cJSON_GetObjectItemCaseSensitive(o, "pairing_state");
		if (cJSON_IsString(v))
			printf(", pairing %s", v->valuestring);
		printf("\n");
	}
	if (r->nservices == 0 && r->nchars == 0 && !oneshot_gatt_done(c->gr))
		return;
	if (inspect_any(dis, sizeof dis / sizeof dis[0]))
		printf("Device information\n");
	inspect_print_reading("Manufacturer", &g->manufacturer, "");
	inspect_print_reading("Model", &g->model, "");
	inspect_print_reading("Serial", &g->serial, "");
	inspect_print_reading("Firmware", &g->firmware, "");
	inspect_print_reading("Hardware", &g->hardware, "");
	inspect_print_reading("Software", &g->software, "");
	inspect_print_reading("PnP ID", &g->pnp_id, "");
	if (inspect_any(bat, sizeof bat / sizeof bat[0]))
		printf("Battery\n");
	inspect_print_reading("Level", &g->battery_percent, " %");
	inspect_print_reading("Status", &g->battery_status, "");
	inspect_print_reading("Voltage", &g->battery_volts, " V");
	if (inspect_any(clk, 1))
		printf("Clock\n");
	inspect_print_reading("Lock time", &g->clock, " (local)");
	inspect_print_skew(&g->clock_skew_s);
	printf("Services (UUIDs and properties; other values are never "
	    "read)\n");
	for (i = 0; i < r->nservices; i++) {
		printf("  %s\n", gatt_uuid_str(&r->services[i].uuid, u));
		for (j = 0; j < r->nchars; j++) {
			if (r->chars[j].service != (int)i)
				continue;
			printf("    %-36s", gatt_uuid_str(&r->chars[j].uuid,
			    u));
			np = att_prop_names(r->chars[j].props, names);
			for (k = 0; k < np; k++)
				printf(" %s", names[k]);
			printf("\n");
		}
	}
	printf("%u ATT requests, ATT_MTU %u, %.1f s connected\n",
	    r->requests, r->mtu, (loop_now_ms() - oneshot_connected_ms(c->gr)) /
	    1000.0);
}

static int
inspect_output(struct inspect_ctx *c)
{
	struct dev	*d = inspect_dev(c);
	cJSON		*o, *s;
	int		 ok = 1;

	/* One device line, the final state of the one device. */
	if (d != NULL && (o = devices_json(d, true)) != NULL) {
		if (c->phase != INSPECT_SCAN &&
		    oneshot_connected_ms(c->gr) != 0)
			ok = devices_gatt(o, d, &c->res, c->conn_rssi);
		if (c->json)
			ok = ok && devices_print_json(stdout, o);
		else if (oneshot_connected_ms(c->gr) != 0 ||
		    c->eb.code == LS_OK)
			inspect_human(c, o);
		cJSON_Delete(o);
	}
	if (c->json) {
		if ((s = devices_ndjson_object("summary")) == NULL)
			return 0;
		cJSON_AddStringToObject(s, "command", "inspect");
		cJSON_AddStringToObject(s, "address", c->addr_str);
		cJSON_AddStringToObject(s, "adapter", c->radio.t != NULL ?
		    c->radio.t->spec : "");
		cJSON_AddBoolToObject(s, "seen", c->seen);
		cJSON_AddBoolToObject(s, "connected",
		    oneshot_connected_ms(c->gr) != 0);
		cJSON_AddNumberToObject(s, "att_requests", c->res.requests);
		cJSON_AddNumberToObject(s, "att_mtu", c->res.mtu);
		cJSON_AddBoolToObject(s, "read_multiple_variable",
		    c->res.used_rmv);
		if (c->capture_path != NULL)
			cJSON_AddStringToObject(s, "capture", c->capture_path);
		else
			cJSON_AddNullToObject(s, "capture");
		if (c->eb.code != LS_OK)
			cJSON_AddStringToObject(s, "error", c->eb.msg);
		else
			cJSON_AddNullToObject(s, "error");
		ok = devices_print_json(stdout, s) && ok;
		cJSON_Delete(s);
	}
	fflush(stdout);
	return ok && !ferror(stdout);
}

/*
 * --capture: vendor ATT values zeroed (capture/capture_scrub.h) unless
 * --capture-raw, which says so.  0, or the exit status.
 */
static int
inspect_capture_mode(const struct cmd_entry *ce, struct cmd_args *args)
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

static const struct cmd_opt inspect_opts[] = {
	{ 'a', "adapter", CMD_ARG_STRING, 0, .env = "LOCKSCOPE_ADAPTER",
	    .help = "the adapter: hciN, h4:unix:PATH, h4:/dev/TTY[:BAUD]" },
	{ 'c', "capture", CMD_ARG_STRING, 0,
	    .help = "write the run's HCI traffic to this btsnoop file" },
	{ 'R', "capture-raw", CMD_ARG_NONE, CMD_OPT_LONG_ONLY,
	    .help = "--capture keeps vendor ATT values (secrets) too" },
	{ 'j', "json", CMD_ARG_NONE, 0,
	    .help = "NDJSON: a device line with the readings, a summary" },
	{ 't', "timeout", CMD_ARG_SECONDS, CMD_OPT_ABOVE_MIN,
	    .max = INSPECT_MAX_SECONDS, .what = "timeout",
	    .want = "want seconds, more than 0 up to "
	    CMD_STR(INSPECT_MAX_SECONDS),
	    .help = "how long to look for the device" },
	{ 'F', "full-enumeration", CMD_ARG_NONE,
	    CMD_OPT_LONG_ONLY | CMD_OPT_HIDDEN,
	    .help = "enumerate every handle: the baseline of bench/inspect" },
	{ 'h', "help", CMD_ARG_HELP, 0, .help = "this help" },
	{ .name = NULL }
};

static int
inspect_exec(const struct cmd_entry *ce, struct cmd_args *args)
{
	struct scan_params	 sp;
	struct radio_opts	 ro;
	struct inspect_ctx	 c;
	const char		*spec = cmd_args_get(args, 'a');
	const char		*addr = cmd_args_string(args, 0);
	char			 specbuf[128];
	int			 rc;

	memset(&c, 0, sizeof c);
	memset(&sp, 0, sizeof sp);
	c.ce = ce;
	c.seen_s = cmd_args_number(args, 't', INSPECT_SEEN_DEFAULT);
	c.conn_rssi = HC_RSSI_NONE;
	c.capture_path = cmd_args_get(args, 'c');
	c.json = cmd_args_has(args, 'j');
	c.full = cmd_args_has(args, 'F');
	if (addr == NULL)
		return cmd_usage(ce, "no device address given (e.g. "
		    "C4:7C:8D:6A:12:01, as 'lockscope scan' shows it)");
	if (!hex_addr_parse(addr, c.addr))
		return cmd_usage(ce, "bad device address '%s' (want six "
		    "hex pairs separated by colons)", addr);
	hex_addr_str(c.addr, c.addr_str);
	if (cmd_args_count(args) > 1)
		return cmd_usage(ce, "unexpected argument '%s'",
		    cmd_args_string(args, 1));
	if ((spec = cmd_adapter(ce, spec, specbuf, sizeof specbuf, &rc)) ==
	    NULL)
		return rc;
	if ((rc = inspect_capture_mode(ce, args)) != 0)
		return rc;

	c.loop = loop_new();
	c.tab = devtab_new(256);
	if (c.loop == NULL || c.tab == NULL) {
		ls_err_set(&c.eb, LS_ENOMEM, "out of memory");
		rc = cmd_fail(ce, &c.eb);
		goto out;
	}
	loop_add_signal(c.loop, SIGINT, inspect_signal, &c);
	loop_add_signal(c.loop, SIGTERM, inspect_signal, &c);
	memset(&ro, 0, sizeof ro);
	ro.open = adapters_open_hci;
	ro.capture = c.capture_path;
	if (radio_open_opts(&c.radio, spec, c.loop, &ro, &c.eb) != LS_OK) {
		rc = c.radio.interrupted ? 130 : cmd_fail(ce, &c.eb);
		goto out;
	}
	host_set_dead(c.radio.host, inspect_dead, &c);
	c.scan = scan_new(c.radio.host, &c.radio.info, &sp, inspect_on_report,
	    &c);
	if (c.scan == NULL) {
		ls_err_set(&c.eb, LS_ENOMEM, "out of memory");
		rc = cmd_fail(ce, &c.eb);
		goto out;
	}
	c.t0 = loop_now_ms();
	c.phase = INSPECT_SCAN;
	scan_start(c.scan, inspect_scan_started, &c);
	if (c.phase != INSPECT_END)
		loop_run(c.loop);
	(void)radio_capture_end(&c.radio, &c.eb);
	if (!inspect_output(&c) && c.eb.code == LS_OK)
		ls_err_set(&c.eb, LS_EIO, "cannot write to standard output");
	if (c.interrupted)
		rc = 130;
	else if (c.eb.code != LS_OK)
		rc = cmd_fail(ce, &c.eb);
	else
		rc = 0;
out:
	oneshot_free(c.gr);
	scan_free(c.scan);
	radio_close(&c.radio);
	devtab_free(c.tab);
	loop_free(c.loop);
	return rc;
}

const struct cmd_entry cmd_inspect_entry = {
	.name = "inspect",
	.usage = "ADDRESS [--adapter SPEC] [--json] [--capture FILE] "
	    "[--capture-raw] [--timeout SECONDS]",
	.summary = "connect to one lock and read its standard GATT "
	    "information",
	.help =
	    "Options:\n"
	    "  -a, --adapter SPEC      hciN | h4:unix:PATH | "
	    "h4:/dev/TTY[:BAUD]\n"
	    "                          (default: $LOCKSCOPE_ADAPTER, else the "
	    "only usable\n"
	    "                          adapter: see lockscope doctor)\n"
	    "  -j, --json              NDJSON (lockscope-ndjson(5)): one final "
	    "device line\n"
	    "                          with \"gatt\" readings and \"services\","
	    " a summary\n"
	    "  -c, --capture FILE      write the run's HCI traffic to FILE as "
	    "btsnoop\n"
	    "      --capture-raw       keep every byte in the capture, "
	    "vendor secrets too\n"
	    "                          (default: their ATT values zeroed)\n"
	    "  -t, --timeout SECONDS   how long to look for the device "
	    "(default 10)\n"
	    "  -h, --help              this help\n",
	.options = inspect_opts,
	.exec = inspect_exec,
};
