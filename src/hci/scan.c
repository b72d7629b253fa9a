/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan.c - LE scanning through the HCI host.
 *
 * Parameter layouts: LE Set Scan Parameters (§7.8.10): type(1)
 * interval(2) window(2) own_addr_type(1) filter_policy(1); LE Set Scan
 * Enable (§7.8.11): enable(1) filter_dup(1); LE Set Extended Scan
 * Parameters (§7.8.64): own_addr_type(1) filter_policy(1) phys(1), then
 * per PHY type(1) interval(2) window(2); LE Set Extended Scan Enable
 * (§7.8.65): enable(1) filter_dup(1) duration(2) period(2).
 *
 * Interval and window are equal (continuous scanning, as BlueZ's
 * discovery does): 30 ms in units of 0.625 ms.  Extended scanning also
 * scans the LE Coded PHY when the controller has it, for long-range
 * locks.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "hci/extadv.h"
#include "hci/hcidef.h"
#include "hci/scan.h"
#include "util/cursor.h"
#include "util/log.h"

#define SCAN_INTERVAL	0x0030	/* 30 ms */
/*
 * Extended scanning that gives no report at all for this long is taken
 * as broken (HCI_QUIRK_BROKEN_EXT_SCAN controllers the kernel does not
 * know yet): scanning switches to the legacy commands.  An empty room
 * gives no reports either; the switch costs nothing then.
 */
#define SCAN_EXT_EMPTY_MS	4000
#define SCAN_WINDOW	0x0030

struct scan {
	struct host		*host;
	const struct bringup_info	*info;
	struct scan_params	 params;
	scan_report_fn		 report;
	void			*arg;
	bool			 extended;
	unsigned		 sub_legacy, sub_ext;
	scan_done_fn		 done;
	void			*done_arg;
	int			 stage;
	bool			 stopping;
	uint64_t		 reports, malformed;
	struct extadv		 ext;		/* reassembly of pieces */
	unsigned		 empty_timer;	/* extended scan silence */
	bool			 fell_back;	/* now legacy, after that */
};

static void
scan_on_whole(const struct hcievt_adv_report *r, void *arg)
{
	struct scan	*s = arg;

	s->report(r, s->arg);
}

static void
scan_on_report(const struct hcievt_adv_report *r, void *arg)
{
	struct scan	*s = arg;
	uint64_t	 truncated = s->ext.stats.truncated +
	    s->ext.stats.too_long;

	s->reports++;
	if (r->extended && !(r->evt_type & HC_EXT_EVT_LEGACY) &&
	    (r->evt_type & HC_EXT_EVT_CONNECTABLE))
		host_note_phy(s->host, r->addr, r->addr_type,
		    r->primary_phy);
	else if (r->evt_type & HC_EXT_EVT_CONNECTABLE)
		host_note_phy(s->host, r->addr, r->addr_type, 1);
	extadv_feed(&s->ext, r, loop_now_ms(), scan_on_whole, s);
	if (s->ext.stats.truncated + s->ext.stats.too_long != truncated)
		ls_log(LS_LOG_DEBUG, "scan: dropped a truncated extended "
		    "advertisement (%" PRIu64 " so far)",
		    s->ext.stats.truncated + s->ext.stats.too_long);
}

static void
scan_on_le(const uint8_t *p, size_t n, void *arg)
{
	struct scan		*s = arg;
	struct ls_errbuf	 eb;

	ls_err_clear(&eb);
	if (hcievt_adv_reports(p, n, scan_on_report, s, &eb) != LS_OK) {
		s->malformed++;
		host_malformed(s->host, &eb);
	}
}

struct scan *
scan_new(struct host *h, const struct bringup_info *info,
    const struct scan_params *params, scan_report_fn report, void *arg)
{
	struct scan	*s;

	s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	s->host = h;
	s->info = info;
	s->params = *params;
	s->report = report;
	s->arg = arg;
	s->extended = info->extended_scan && !params->force_legacy;
	extadv_init(&s->ext);
	s->sub_legacy = host_on_le(h, HC_LE_ADV_REPORT, scan_on_le, s, NULL);
	s->sub_ext = host_on_le(h, HC_LE_EXT_ADV_REPORT, scan_on_le, s, NULL);
	if (s->sub_legacy == 0 || s->sub_ext == 0) {
		scan_free(s);
		return NULL;
	}
	return s;
}

void
scan_free(struct scan *s)
{
	if (s == NULL)
		return;
	if (s->sub_legacy != 0)
		host_off(s->host, s->sub_legacy);
	if (s->sub_ext != 0)
		host_off(s->host, s->sub_ext);
	if (s->empty_timer != 0)
		loop_cancel_timer(host_loop(s->host), s->empty_timer);
	free(s);
}

bool
scan_extended(const struct scan *s)
{
	return s->extended;
}

uint64_t
scan_reports(const struct scan *s)
{
	return s->reports;
}

uint64_t
scan_malformed(const struct scan *s)
{
	return s->malformed;
}

bool
scan_fell_back(const struct scan *s)
{
	return s->fell_back;
}

const struct extadv_stats *
scan_extadv_stats(const struct scan *s)
{
	return &s->ext.stats;
}

static uint8_t
scan_enable_params(const struct scan *s, bool on, uint8_t *p)
{
	p[0] = on;
	p[1] = on && s->params.filter_dup;
	if (!s->extended)
		return 2;
	put_le16(p + 2, 0);	/* duration: until disabled */
	put_le16(p + 4, 0);	/* period */
	return 6;
}

static uint8_t
scan_set_params(const struct scan *s, uint8_t *p)
{
	uint8_t	type = s->params.passive ? 0x00 : 0x01;
	uint8_t	n = 0, phys;

	if (!s->extended) {
		p[0] = type;
		put_le16(p + 1, SCAN_INTERVAL);
		put_le16(p + 3, SCAN_WINDOW);
		/* Own address: public, or the static random one. */
		p[5] = s->info->own_random ? 0x01 : 0x00;
		p[6] = 0x00;	/* accept all advertisers */
		return 7;
	}
	phys = s->info->coded_phy ? 0x05 : 0x01;	/* 1M [+ Coded] */
	p[n++] = s->info->own_random ? 0x01 : 0x00;	/* own address */
	p[n++] = 0x00;
	p[n++] = phys;
	for (int i = 0; i < (phys == 0x05 ? 2 : 1); i++) {
		p[n++] = type;
		put_le16(p + n, SCAN_INTERVAL);
		put_le16(p + n + 2, SCAN_WINDOW);
		n += 4;
	}
	return n;
}

static void	scan_step(struct scan *);

static void
scan_fail(struct scan *s, struct ls_errbuf *eb)
{
	scan_done_fn	done = s->done;

	s->done = NULL;
	if (done != NULL)
		done(eb, s->done_arg);
	else if (eb->code != LS_OK)
		ls_log(LS_LOG_WARN, "scan: %s", eb->msg);
}

static void
scan_empty(void *arg)
{
	struct scan	*s = arg;

	s->empty_timer = 0;
	if (s->reports > 0 || s->stopping || !s->extended)
		return;
	ls_log(LS_LOG_WARN, "adapter '%s': extended scanning gave no "
	    "report in %u s; switching to legacy scanning (this "
	    "controller's extended scanning may be broken)",
	    host_spec(s->host), SCAN_EXT_EMPTY_MS / 1000);
	if (!host_reset_restore(s->host))
		return;
	s->extended = false;
	s->fell_back = true;
	s->stage = 1;
	scan_step(s);
}

static void
scan_answer(enum ls_err err, uint8_t status, const uint8_t *ret, size_t len,
    void *arg)
{
	struct scan		*s = arg;
	struct ls_errbuf	 eb;
	uint16_t		 op;

	(void)ret;
	(void)len;
	ls_err_clear(&eb);
	op = s->stopping || s->stage != 1 ?
	    (s->extended ? HC_OP_LE_SET_EXT_SCAN_ENABLE :
	    HC_OP_LE_SET_SCAN_ENABLE) :
	    (s->extended ? HC_OP_LE_SET_EXT_SCAN_PARAMS :
	    HC_OP_LE_SET_SCAN_PARAMS);
	if (err != LS_OK && host_dead_reason(s->host) != NULL) {
		eb = *host_dead_reason(s->host);
		scan_fail(s, &eb);
		return;
	}
	if (err != LS_OK) {
		ls_err_set(&eb, err == LS_ETIMEOUT ? LS_EUNAVAIL : err,
		    "adapter '%s': %s HCI %s", host_spec(s->host),
		    err == LS_ETIMEOUT ? "no answer to" : "lost during",
		    bringup_op_name(op));
		scan_fail(s, &eb);
		return;
	}
	/* Stage 0 on a shared controller: disabling a scan that was not
	   running is refused with Command Disallowed; that is fine. */
	if (status != HC_SUCCESS && !(s->stage == 0 && !s->stopping)) {
		ls_err_set(&eb, LS_EUNAVAIL, "adapter '%s': the controller "
		    "refused HCI %s (status 0x%02x: %s)%s", host_spec(s->host),
		    bringup_op_name(op), status, bringup_status_name(status),
		    status == HC_ERR_COMMAND_DISALLOWED &&
		    host_shared(s->host) ?
		    "; another program may be scanning or connecting" : "");
		scan_fail(s, &eb);
		return;
	}
	if (s->stopping) {
		scan_fail(s, &eb);	/* done with LS_OK */
		return;
	}
	s->stage++;
	scan_step(s);
}

static void
scan_send(struct scan *s, uint16_t op, const uint8_t *p, uint8_t n)
{
	struct ls_errbuf	eb;

	if (host_send(s->host, op, p, n, scan_answer, s, NULL) == 0) {
		ls_err_clear(&eb);
		ls_err_set(&eb, LS_EUNAVAIL, "adapter '%s': cannot send HCI "
		    "%s", host_spec(s->host), bringup_op_name(op));
		scan_fail(s, &eb);
	}
}

/* Stage 0: disable (shared only), 1: parameters, 2: enable, 3: done. */
static void
scan_step(struct scan *s)
{
	struct ls_errbuf	 eb;
	uint8_t			 p[32];
	uint16_t		 en = s->extended ?
				    HC_OP_LE_SET_EXT_SCAN_ENABLE :
				    HC_OP_LE_SET_SCAN_ENABLE;

	switch (s->stage) {
	case 0:
		if (!host_shared(s->host)) {
			s->stage++;
			scan_step(s);
			return;
		}
		scan_send(s, en, p, scan_enable_params(s, false, p));
		return;
	case 1:
		scan_send(s, s->extended ? HC_OP_LE_SET_EXT_SCAN_PARAMS :
		    HC_OP_LE_SET_SCAN_PARAMS, p, scan_set_params(s, p));
		return;
	case 2:
		scan_send(s, en, p, scan_enable_params(s, true, p));
		return;
	default:
		ls_log(LS_LOG_DEBUG, "scan: %s %s scanning on",
		    s->extended ? "extended" : "legacy",
		    s->params.passive ? "passive" : "active");
		if (s->extended && !host_shared(s->host) &&
		    s->reports == 0 && s->empty_timer == 0)
			s->empty_timer = loop_add_timer(host_loop(s->host),
			    SCAN_EXT_EMPTY_MS, scan_empty, s);
		ls_err_clear(&eb);
		scan_fail(s, &eb);
		return;
	}
}

void
scan_start(struct scan *s, scan_done_fn done, void *arg)
{
	s->done = done;
	s->done_arg = arg;
	s->stage = 0;
	s->stopping = false;
	scan_step(s);
}

void
scan_stop(struct scan *s, scan_done_fn done, void *arg)
{
	uint8_t	p[8];

	s->done = done;
	s->done_arg = arg;
	s->stopping = true;
	if (s->empty_timer != 0) {
		loop_cancel_timer(host_loop(s->host), s->empty_timer);
		s->empty_timer = 0;
	}
	scan_send(s, s->extended ? HC_OP_LE_SET_EXT_SCAN_ENABLE :
	    HC_OP_LE_SET_SCAN_ENABLE, p, scan_enable_params(s, false, p));
}
