/*
 * cmd_replay.c - lockscope replay FILE: the devices of a capture, through
 * the same decoders and output as a live scan.
 *
 * Reads btsnoop and pcap/pcapng HCI captures (src/bt/capread.h) as a
 * stream; every LE Advertising Report and Extended Advertising Report
 * from the controller goes to the device table exactly as in a scan, with
 * the capture's timestamps.  Damaged records are skipped and counted.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bt/capread.h"
#include "../bt/devtab.h"
#include "../bt/hcidef.h"
#include "../bt/hcievt.h"
#include "../util/loop.h"
#include "cmd.h"
#include "devout.h"

#define REPLAY_DEFAULT_CAP	4096

struct replay_ctx {
	struct devtab	*tab;
	int		 json;
	uint64_t	 now_ms;	/* timestamp of the current packet */
	uint64_t	 reports;
	uint64_t	 malformed;
	int		 write_failed;
};

static void
replay_on_report(const struct hcievt_adv_report *r, void *arg)
{
	struct replay_ctx	*c = arg;

	c->reports++;
	if (!devout_report(c->tab, r, c->now_ms, c->json, stdout))
		c->write_failed = 1;
}

/* One event packet from the controller. */
static void
replay_event(struct replay_ctx *c, const uint8_t *p, size_t n)
{
	struct hcievt	ev;

	if (hcievt_split(p, n, &ev, NULL) != LS_OK) {
		c->malformed++;
		return;
	}
	if (ev.code != HC_EVT_LE_META || ev.plen == 0)
		return;
	if (ev.params[0] != HC_LE_ADV_REPORT &&
	    ev.params[0] != HC_LE_EXT_ADV_REPORT)
		return;
	if (hcievt_adv_reports(ev.params, ev.plen, replay_on_report, c,
	    NULL) != LS_OK)
		c->malformed++;
}

static void
replay_summary(struct replay_ctx *c, const char *file, struct capread *cr)
{
	const struct capread_stats	*st = capread_stats(cr);
	struct dev			**devs;
	size_t				  n, locks;
	cJSON				 *o;

	n = devout_collect(c->tab, &devs, &locks);
	if (devs == NULL) {
		c->write_failed = 1;
		return;
	}
	if (c->json) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "type", "summary");
		cJSON_AddStringToObject(o, "command", "replay");
		cJSON_AddStringToObject(o, "file", file);
		cJSON_AddStringToObject(o, "format", capread_format(cr));
		cJSON_AddNumberToObject(o, "records", (double)st->records);
		cJSON_AddNumberToObject(o, "packets", (double)st->packets);
		cJSON_AddNumberToObject(o, "skipped", (double)st->skipped);
		cJSON_AddNumberToObject(o, "other", (double)st->other);
		cJSON_AddBoolToObject(o, "truncated", st->truncated);
		cJSON_AddNumberToObject(o, "devices", (double)n);
		cJSON_AddNumberToObject(o, "locks", (double)locks);
		cJSON_AddNumberToObject(o, "reports", (double)c->reports);
		cJSON_AddNumberToObject(o, "malformed_events",
		    (double)c->malformed);
		cJSON_AddNumberToObject(o, "evicted",
		    (double)devtab_evicted(c->tab));
		if (!devout_print_json(stdout, o))
			c->write_failed = 1;
		cJSON_Delete(o);
	} else {
		if (n > 0)
			devout_table(stdout, devs, n, 100, 0, 0, 0);
		printf("%zu devices (%zu locks), %llu reports from %llu "
		    "records (%s)", n, locks, (unsigned long long)c->reports,
		    (unsigned long long)st->records, capread_format(cr));
		if (st->skipped > 0 || c->malformed > 0)
			printf(", %llu damaged records and %llu malformed "
			    "events skipped", (unsigned long long)st->skipped,
			    (unsigned long long)c->malformed);
		if (st->truncated)
			printf(", file truncated");
		printf("\n");
	}
	free(devs);
}

static int
replay_exec(const struct cmd_entry *ce, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "max-devices", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct replay_ctx	 c;
	struct capread		*cr = NULL;
	struct capread_pkt	 pkt;
	struct ls_errbuf	 eb;
	unsigned long		 cap = REPLAY_DEFAULT_CAP;
	const char		*file;
	char			*end;
	bool			 eof = false;
	int			 ch, rc;

	memset(&c, 0, sizeof c);
	ls_err_clear(&eb);
	while ((ch = getopt_long(argc, argv, "jhm:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			c.json = 1;
			break;
		case 'm':
			cap = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || cap < 1 ||
			    cap > 1000000)
				return cmd_usage(ce, "bad --max-devices '%s' "
				    "(want 1 to 1000000)", optarg);
			break;
		case 'h':
			return cmd_help(ce);
		default:
			return cmd_usage(ce, "unknown or incomplete option "
			    "'%s'", argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return cmd_usage(ce, optind == argc ? "no capture file given" :
		    "unexpected argument '%s'", argv[optind + 1 < argc ?
		    optind + 1 : optind]);
	file = argv[optind];
	c.tab = devtab_new(cap);
	if (c.tab == NULL) {
		ls_err_set(&eb, LS_ENOMEM, "out of memory");
		return cmd_fail(ce, &eb);
	}
	if (capread_open(file, &cr, &eb) != LS_OK) {
		rc = cmd_fail(ce, &eb);
		goto out;
	}
	while (capread_next(cr, &pkt, &eof, &eb) == LS_OK && !eof) {
		if (pkt.type != HC_PKT_EVT || pkt.dir != 1)
			continue;
		c.now_ms = (pkt.ts_us != 0 ? pkt.ts_us : loop_wall_us()) /
		    1000;
		replay_event(&c, pkt.data, pkt.len);
		if (c.write_failed)
			break;
	}
	replay_summary(&c, file, cr);
	fflush(stdout);
	if (eb.code != LS_OK)
		rc = cmd_fail(ce, &eb);
	else if (c.write_failed || ferror(stdout)) {
		ls_err_set(&eb, LS_EIO, "cannot write to standard output");
		rc = cmd_fail(ce, &eb);
	} else
		rc = 0;
out:
	capread_free(cr);
	devtab_free(c.tab);
	return rc;
}

const struct cmd_entry cmd_replay_entry = {
	.name = "replay",
	.usage = "FILE [--json] [--max-devices N]",
	.summary = "list the devices in a btsnoop, pcap or pcapng capture",
	.help =
	    "Reads btsnoop (datalinks 1001, 1002, 2001), pcap and pcapng "
	    "(link types 201\n"
	    "and 254) captures as a stream; damaged records are skipped "
	    "and counted.\n\n"
	    "Options:\n"
	    "  -j, --json              NDJSON like scan: device lines, then "
	    "a summary line\n"
	    "  -m, --max-devices N     devices kept in memory (default "
	    "4096)\n"
	    "  -h, --help              this help\n",
	.exec = replay_exec,
};
