/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_replay.c - lockscope replay FILE: the devices of a capture, through
 * the same decoders and output as a live scan.
 *
 * Reads btsnoop and pcap/pcapng captures (src/capture/capture_file.h) as a
 * stream; every LE Advertising Report and Extended Advertising Report
 * from the controller goes to the device table exactly as in a scan, with
 * the capture's timestamps.  Sniffer captures (link types 251, 256, PPI)
 * go through src/capture/sniffer_ll.h: advertising PDUs with a good CRC become
 * the reports a controller would have given.  ATT traffic in captured
 * connections (HCI ACL or link-layer data PDUs) is observed by
 * src/capture/capture_att.h; its readings go into the final device lines
 * printed at the end of the file ("gatt", "att_writes", and what they
 * add to "firmware" and "battery").  Damaged records and packets with
 * bit errors are skipped and counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adv/devtab.h"
#include "capture/capture_att.h"
#include "capture/capture_file.h"
#include "capture/sniffer_ll.h"
#include "cmd/cmd.h"
#include "hci/extadv.h"
#include "hci/hcidef.h"
#include "hci/hcievt.h"
#include "present/devices.h"
#include "util/hex.h"
#include "util/loop.h"

#define REPLAY_DEFAULT_CAP	65536	/* lazily touched:
					   memory follows devices */

struct replay_ctx {
	struct devtab	*tab;
	struct capture_att	*att;
	int		 json;
	struct devices_out out;		/* --json device lines */
	uint64_t	 now_ms;	/* timestamp of the current packet */
	uint64_t	 reports;
	uint64_t	 malformed;
	uint64_t	 crc_errors;	/* LL packets with bit errors */
	uint64_t	 ll_other;	/* LL records of no use (inner DLT) */
	int		 write_failed;
	struct extadv	 ext;		/* split extended advertisements */
};

static void
replay_on_report(const struct hcievt_adv_report *r, void *arg)
{
	struct replay_ctx	*c = arg;

	c->reports++;
	if (!devices_report(c->tab, r, c->now_ms, &c->out))
		c->write_failed = 1;
}

/* A whole advertisement joined from HCI report pieces. */
static void
replay_on_whole(const struct hcievt_adv_report *r, void *arg)
{
	struct replay_ctx	*c = arg;

	if (!devices_report(c->tab, r, c->now_ms, &c->out))
		c->write_failed = 1;
}

static void
replay_on_piece(const struct hcievt_adv_report *r, void *arg)
{
	struct replay_ctx	*c = arg;

	c->reports++;
	extadv_feed(&c->ext, r, c->now_ms, replay_on_whole, c);
}

/*
 * One event packet from the controller.  True if it was an advertising
 * report event (well-formed or not): nothing else needs it.
 */
static bool
replay_event(struct replay_ctx *c, const uint8_t *p, size_t n)
{
	struct hcievt	ev;

	if (hcievt_split(p, n, &ev, NULL) != LS_OK) {
		c->malformed++;
		return false;
	}
	if (ev.code != HC_EVT_LE_META || ev.plen == 0)
		return false;
	if (ev.params[0] != HC_LE_ADV_REPORT &&
	    ev.params[0] != HC_LE_EXT_ADV_REPORT)
		return false;
	if (hcievt_adv_reports(ev.params, ev.plen, replay_on_piece, c,
	    NULL) != LS_OK)
		c->malformed++;
	return true;
}

/* One link-layer record of a sniffer capture. */
static void
replay_ll(struct replay_ctx *c, const struct capture_file_pkt *pkt)
{
	struct hcievt_adv_report	rep;
	struct ll_connect		con;
	struct ll_pkt			lp;
	uint32_t			init;
	enum ls_err			err;

	err = ll_parse(pkt->link, pkt->data, pkt->len, &lp, NULL);
	if (err != LS_OK) {
		if (err == LS_EMALFORMED)
			c->crc_errors++;
		else
			c->ll_other++;
		return;
	}
	if (lp.aa != LL_ADV_AA) {
		if (capture_att_ll_crcinit(c->att, lp.aa, &init) &&
		    !ll_crc_ok(&lp, init)) {
			c->crc_errors++;
			return;
		}
		capture_att_ll_data(c->att, &lp, pkt->ts_us);
		return;
	}
	if (!ll_crc_ok(&lp, LL_ADV_CRCINIT)) {
		c->crc_errors++;
		return;
	}
	switch (ll_adv(&lp, &rep, &con)) {
	case LL_ADV_REPORT:
		replay_on_report(&rep, c);
		break;
	case LL_ADV_CONNECT:
		capture_att_ll_connect(c->att, &con);
		break;
	case LL_ADV_BAD:
		/* A good CRC (or none) over inconsistent lengths. */
		c->crc_errors++;
		break;
	case LL_ADV_OTHER:
		break;
	}
}

/* What a captured connection showed of d: into its final line. */
static int
replay_att_add(cJSON *o, const struct dev *d,
    const struct capture_att_dev *ad)
{
	struct reading		 fw;
	const char		*key;
	cJSON			*g, *w;

	/* The contract's "firmware" field, when the capture shows it. */
	if (capture_att_reading(ad, 3, &key, &fw) &&
	    strcmp(key, "firmware") == 0 && fw.kind == RD_TEXT)
		cJSON_ReplaceItemInObject(o, "firmware",
		    cJSON_CreateString(fw.text));
	if (!devices_battery_merge(o, d, &ad->out.battery_percent,
	    &ad->out.battery_volts))
		return 0;
	g = capture_att_gatt_json(ad);
	w = capture_att_writes_json(ad);
	if (g == NULL || w == NULL || !cJSON_AddItemToObject(o, "gatt", g) ||
	    !cJSON_AddItemToObject(o, "att_writes", w)) {
		cJSON_Delete(g);
		cJSON_Delete(w);
		return 0;
	}
	return 1;
}

/* The observed device of d's address, when it has data; or NULL. */
static const struct capture_att_dev *
replay_att_of(struct replay_ctx *c, const struct dev *d)
{
	const struct capture_att_dev	*ad;
	size_t				 i;

	for (i = 0; i < capture_att_count(c->att); i++) {
		ad = capture_att_dev_at(c->att, i);
		if (ad->addr_type == d->addr_type &&
		    memcmp(ad->addr, d->addr, 6) == 0)
			return capture_att_dev_has_data(ad) ? ad : NULL;
	}
	return NULL;
}

/* devices_final's hook: the captured connection's part of a line. */
static int
replay_extend(cJSON *o, const struct dev *d, void *arg)
{
	const struct capture_att_dev	*ad = replay_att_of(arg, d);

	return ad == NULL || replay_att_add(o, d, ad);
}

/*
 * Final lines of devices seen only inside connections (no advertising
 * record): just the address, and what the connection showed.
 */
static void
replay_att_only(struct replay_ctx *c)
{
	const struct capture_att_dev	*ad;
	struct dev			 blank;
	cJSON				*o;
	size_t				 i;

	for (i = 0; i < capture_att_count(c->att); i++) {
		ad = capture_att_dev_at(c->att, i);
		if (!capture_att_dev_has_data(ad) ||
		    devtab_find(c->tab, ad->addr, ad->addr_type) != NULL)
			continue;
		memset(&blank, 0, sizeof blank);
		memcpy(blank.addr, ad->addr, 6);
		blank.addr_type = ad->addr_type;
		blank.rssi = HC_RSSI_NONE;
		blank.tx_power = HC_TXPOWER_NONE;
		blank.lock.battery_percent = -1;
		blank.lock.battery_mv = -1;
		if (!devices_filter_match(&c->out.filter, &blank))
			continue;
		if ((o = devices_json(&blank, true)) == NULL ||
		    !replay_att_add(o, &blank, ad) ||
		    !devices_print_json(stdout, o))
			c->write_failed = 1;
		cJSON_Delete(o);
	}
}

/* "manufacturer 'X', battery 87 %, ...; 3 writes to 2 handles". */
static void
replay_att_line(const struct capture_att_dev *ad)
{
	struct reading		 r;
	const char		*key, *sep = "";
	char			 addr[18];
	uint64_t		 writes = ad->writes_dropped;
	size_t			 i;

	printf("  %s gatt:", hex_addr_str(ad->addr, addr));
	for (i = 0; capture_att_reading(ad, i, &key, &r); i++) {
		if (!reading_has_value(&r))
			continue;
		printf("%s %s ", sep, key);
		if (r.kind == RD_TEXT)
			printf("\"%s\"", r.text);
		else if (r.kind == RD_REAL)
			printf("%.2f", r.d);
		else if (r.kind == RD_BOOL)
			printf("%s", r.b ? "yes" : "no");
		else
			printf("%lld", (long long)r.i);
		sep = ",";
	}
	for (i = 0; i < ad->nwrites; i++)
		writes += ad->writes[i].count;
	if (writes > 0)
		printf("%s %llu writes to %zu handles (values not shown)", sep,
		    (unsigned long long)writes, ad->nwrites);
	printf("\n");
}

/* Devices with ATT observations, as a short list (no --json). */
static void
replay_att(struct replay_ctx *c)
{
	const struct capture_att_dev	*ad;
	size_t				 i;

	for (i = 0; i < capture_att_count(c->att); i++) {
		ad = capture_att_dev_at(c->att, i);
		if (capture_att_dev_has_data(ad))
			replay_att_line(ad);
	}
}

static cJSON *
replay_att_stats(const struct capture_att_stats *s)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "l2cap_frames", (double)s->l2cap);
	cJSON_AddNumberToObject(o, "pdus", (double)s->att);
	cJSON_AddNumberToObject(o, "readings", (double)s->readings);
	cJSON_AddNumberToObject(o, "writes", (double)s->att_writes);
	cJSON_AddNumberToObject(o, "dropped_fragments", (double)s->dropped);
	cJSON_AddNumberToObject(o, "retransmissions",
	    (double)s->retransmissions);
	cJSON_AddNumberToObject(o, "unknown_connection",
	    (double)s->unknown_conn);
	cJSON_AddNumberToObject(o, "encrypted", (double)s->encrypted);
	cJSON_AddNumberToObject(o, "malformed", (double)s->malformed);
	return o;
}

static void
replay_summary(struct replay_ctx *c, const char *file, struct capture_file *cr)
{
	const struct capture_file_stats	*st = capture_file_stats(cr);
	struct dev			**devs;
	size_t				  n, locks, matched, i, k;
	cJSON				 *o;

	n = devices_collect(c->tab, &devs, &locks);
	if (devs == NULL) {
		c->write_failed = 1;
		return;
	}
	if (c->json) {
		if (!devices_final(c->tab, &c->out, replay_extend, c,
		    &matched))
			c->write_failed = 1;
		replay_att_only(c);
		if ((o = devices_ndjson_object("summary")) == NULL) {
			c->write_failed = 1;
			free(devs);
			return;
		}
		cJSON_AddStringToObject(o, "command", "replay");
		cJSON_AddStringToObject(o, "file", file);
		cJSON_AddStringToObject(o, "format", capture_file_format(cr));
		cJSON_AddNumberToObject(o, "records", (double)st->records);
		cJSON_AddNumberToObject(o, "packets", (double)st->packets);
		cJSON_AddNumberToObject(o, "skipped", (double)st->skipped);
		cJSON_AddNumberToObject(o, "other", (double)st->other);
		cJSON_AddBoolToObject(o, "truncated", st->truncated);
		cJSON_AddNumberToObject(o, "devices", (double)n);
		cJSON_AddNumberToObject(o, "locks", (double)locks);
		cJSON_AddNumberToObject(o, "matched", (double)matched);
		cJSON_AddNumberToObject(o, "reports", (double)c->reports);
		cJSON_AddNumberToObject(o, "malformed_events",
		    (double)c->malformed);
		cJSON_AddNumberToObject(o, "evicted",
		    (double)devtab_evicted(c->tab));
		cJSON_AddNumberToObject(o, "crc_errors", (double)c->crc_errors);
		cJSON_AddNumberToObject(o, "ll_unsupported",
		    (double)c->ll_other);
		cJSON_AddItemToObject(o, "att",
		    replay_att_stats(capture_att_stats(c->att)));
		if (!devices_print_json(stdout, o))
			c->write_failed = 1;
		cJSON_Delete(o);
	} else {
		for (i = k = 0; i < n; i++)
			if (devices_filter_match(&c->out.filter, devs[i]))
				devs[k++] = devs[i];
		if (k > 0)
			devices_table(stdout, devs, k, 100, 0, 0, 0);
		replay_att(c);
		printf("%zu devices (%zu locks), %llu reports from %llu "
		    "records (%s)", n, locks, (unsigned long long)c->reports,
		    (unsigned long long)st->records, capture_file_format(cr));
		if (st->skipped > 0 || c->malformed > 0)
			printf(", %llu damaged records and %llu malformed "
			    "events skipped", (unsigned long long)st->skipped,
			    (unsigned long long)c->malformed);
		if (c->crc_errors > 0)
			printf(", %llu link-layer packets with bit errors "
			    "skipped", (unsigned long long)c->crc_errors);
		if (st->truncated)
			printf(", file truncated");
		printf("\n");
	}
	free(devs);
}

static const struct cmd_opt replay_opts[] = {
	{ 'j', "json", CMD_ARG_NONE, 0,
	    .help = "NDJSON like scan: device lines, then a summary" },
	CMD_OPTS_FILTER,
	{ 'm', "max-devices", CMD_ARG_COUNT, 0, .min = 1,
	    .max = CMD_MAX_DEVICES, .what = "--max-devices",
	    .want = "want 1 to " CMD_STR(CMD_MAX_DEVICES),
	    .help = "devices kept in memory" },
	{ 'h', "help", CMD_ARG_HELP, 0, .help = "this help" },
	{ .name = NULL }
};

static int
replay_exec(const struct cmd_entry *ce, struct cmd_args *args)
{
	struct replay_ctx	 c;
	struct capture_file		*cr = NULL;
	struct capture_file_pkt	 pkt;
	struct ls_errbuf	 eb;
	unsigned long		 cap;
	const char		*file = cmd_args_string(args, 0);
	bool			 eof = false;
	int			 rc;

	memset(&c, 0, sizeof c);
	extadv_init(&c.ext);
	ls_err_clear(&eb);
	c.json = cmd_args_has(args, 'j') > 0;
	cap = (unsigned long)cmd_args_number(args, 'm', REPLAY_DEFAULT_CAP);
	if (cmd_args_count(args) != 1)
		return cmd_usage(ce, file == NULL ? "no capture file given" :
		    "unexpected argument '%s'", cmd_args_string(args, 1));
	if ((rc = cmd_filter(ce, args, &c.out.filter)) != 0)
		return rc;
	if (cmd_args_has(args, CMD_KEY_FINAL_ONLY) && !c.json)
		return cmd_usage(ce, "--final-only needs --json");
	c.out.f = c.json ? stdout : NULL;
	c.out.changes = !cmd_args_has(args, CMD_KEY_FINAL_ONLY);
	c.tab = devtab_new(cap);
	c.att = capture_att_new(cap < 256 ? cap : 256);
	if (c.tab == NULL || c.att == NULL) {
		ls_err_set(&eb, LS_ENOMEM, "out of memory");
		return cmd_fail(ce, &eb);
	}
	/* Device lines go out in large writes (before any output). */
	(void)setvbuf(stdout, NULL, _IOFBF, 64 * 1024);
	if (capture_file_open(file, &cr, &eb) != LS_OK) {
		rc = cmd_fail(ce, &eb);
		goto out;
	}
	while (capture_file_next(cr, &pkt, &eof, &eb) == LS_OK && !eof) {
		c.now_ms = (pkt.ts_us != 0 ? pkt.ts_us : loop_wall_us()) /
		    1000;
		if (pkt.link != 0)
			replay_ll(&c, &pkt);
		else if (pkt.type == HC_PKT_EVT && pkt.dir == 1) {
			/* The ATT observer follows connection events only. */
			if (!replay_event(&c, pkt.data, pkt.len))
				capture_att_hci_event(c.att, pkt.index,
				    pkt.data, pkt.len);
		} else if (pkt.type == HC_PKT_ACL)
			capture_att_hci_acl(c.att, pkt.index, pkt.dir, pkt.data,
			    pkt.len, pkt.ts_us);
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
	capture_file_free(cr);
	capture_att_free(c.att);
	devtab_free(c.tab);
	return rc;
}

const struct cmd_entry cmd_replay_entry = {
	.name = "replay",
	.usage = "FILE [--json] [--final-only] [--locks-only] "
	    "[--family FAMILY] [--name PATTERN] [--max-devices N]",
	.summary = "list the devices in a btsnoop, pcap or pcapng capture",
	.help =
	    "Reads btsnoop (datalinks 1001, 1002, 2001), pcap and pcapng "
	    "(link types 192,\n"
	    "201, 251, 254, 256) captures as a stream; standard readings "
	    "from captured\n"
	    "connections are shown, writes only counted; damaged records "
	    "are skipped\n"
	    "and counted.\n\n"
	    "Options:\n"
	    "  -j, --json              NDJSON like scan: device lines as they "
	    "change, a\n"
	    "                          final line per device, a summary line\n"
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
	    "  -m, --max-devices N     devices kept in memory (default "
	    "65536)\n"
	    "  -h, --help              this help\n",
	.options = replay_opts,
	.exec = replay_exec,
};
