/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * conn.c - one LE connection as central over our HCI host (conn.h).
 *
 * Event layouts (Core 5.4 Vol 4 Part E), offsets after the LE Meta
 * subevent octet where it applies:
 *   §7.7.65.1 LE Connection Complete: status, handle(2), role,
 *     peer_addr_type, peer_addr(6), interval(2), latency(2),
 *     supervision_timeout(2), central_clock_accuracy
 *   §7.7.65.10 LE Enhanced Connection Complete: status, handle(2), role,
 *     peer_addr_type, peer_addr(6), local_rpa(6), peer_rpa(6),
 *     interval(2), latency(2), supervision_timeout(2), clock_accuracy
 *   §7.7.65.3 LE Connection Update Complete: status, handle(2),
 *     interval(2), latency(2), supervision_timeout(2)
 *   §7.7.65.6 LE Remote Connection Parameter Request: handle(2),
 *     interval_min(2), interval_max(2), max_latency(2), timeout(2);
 *     answered with §7.8.31 Reply (handle, the four values, min and max
 *     CE length(2 each)) or §7.8.32 Negative Reply (handle, reason).
 *     Left unanswered the lock's link layer drops the link after its
 *     40 s procedure timeout (Vol 6 Part B §5.2).
 *   §7.7.5 Disconnection Complete: status, handle(2), reason
 *   §7.7.19 Number Of Completed Packets: num_handles, then per handle
 *     handle(2), completed(2)
 * The shape (one object, events subscribed on the host, a tx queue
 * drained by completed-packet credits) follows bluez/bluez:
 * src/shared/hci.c and emulator/btdev.c as a reading aid only.
 */
#include <stdlib.h>
#include <string.h>

#include "hci/conn.h"
#include "hci/hcidef.h"
#include "util/cursor.h"
#include "util/hex.h"
#include "util/log.h"

/* Scan 60 ms / window 30 ms; interval 30-50 ms; supervision 4 s. */
#define CONN_SCAN_INTERVAL	0x0060
#define CONN_SCAN_WINDOW	0x0030
#define CONN_INTERVAL_MIN	24
#define CONN_INTERVAL_MAX	40
#define CONN_SUPERVISION	400
#define CONN_CANCEL_WAIT_MS	2000

enum conn_state {
	CONN_IDLE,
	CONN_CREATING,
	CONN_CANCELLING,
	CONN_UP,
	CONN_CLOSING,
	CONN_DOWN
};

struct conn_frag {
	size_t		 len;
	uint8_t		 pkt[4 + 251];	/* header + at most 251 octets */
	struct conn_frag *next;
};

struct conn {
	struct host		*host;
	const struct bringup_info	*info;
	enum conn_state		 state;
	uint8_t			 peer[6];
	uint8_t			 peer_type;
	uint16_t		 handle;
	unsigned		 subs[6];
	unsigned		 timer;
	unsigned		 cmd_id;
	conn_done_fn		 done;
	void			*done_arg;
	conn_done_fn		 lost;
	void			*lost_arg;
	conn_l2cap_fn		 l2cap;
	void			*l2cap_arg;
	conn_rssi_fn		 rssi_fn;
	void			*rssi_arg;
	struct ls_errbuf	 fail;		/* why a create failed */
	/* reassembly */
	uint8_t			 rx[CONN_MAX_FRAME];
	size_t			 rx_have;
	bool			 rx_skip;
	/* flow control */
	uint16_t		 acl_mtu;
	unsigned		 credits;
	struct conn_frag	*txq, *txq_tail;
	size_t			 ntxq;
	struct conn_stats	 stats;
};

static void
conn_done(struct conn *c, const struct ls_errbuf *eb)
{
	conn_done_fn	 fn = c->done;

	c->done = NULL;
	if (c->timer != 0) {
		loop_cancel_timer(host_loop(c->host), c->timer);
		c->timer = 0;
	}
	if (fn != NULL)
		fn(eb, c->done_arg);
}

static void
conn_txq_clear(struct conn *c)
{
	struct conn_frag	*f;

	while ((f = c->txq) != NULL) {
		c->txq = f->next;
		free(f);
	}
	c->txq_tail = NULL;
	c->ntxq = 0;
}

static void
conn_went_down(struct conn *c, const struct ls_errbuf *why)
{
	enum conn_state	 was = c->state;
	conn_done_fn	 lost = c->lost;

	c->state = CONN_DOWN;
	conn_txq_clear(c);
	c->rx_have = 0;
	if (was == CONN_CLOSING) {
		struct ls_errbuf	ok;

		ls_err_clear(&ok);
		conn_done(c, &ok);
		return;
	}
	if (was == CONN_UP && lost != NULL) {
		c->lost = NULL;
		lost(why, c->lost_arg);
	}
}

/* Send queued fragments while the controller has buffers. */
static void
conn_pump(struct conn *c)
{
	struct conn_frag	*f;
	struct ls_errbuf	 eb;

	while (c->state == CONN_UP && (f = c->txq) != NULL &&
	    c->credits > 0) {
		ls_err_clear(&eb);
		if (host_send_acl(c->host, f->pkt, f->len, &eb) != LS_OK)
			return;		/* the host died: dead callback */
		c->txq = f->next;
		if (c->txq == NULL)
			c->txq_tail = NULL;
		c->ntxq--;
		c->credits--;
		c->stats.acl_out++;
		free(f);
	}
}

int
conn_reassemble(uint8_t *buf, size_t *have, bool *skipping,
    const uint8_t *pkt, size_t len, uint16_t *handle, uint16_t *cid,
    const uint8_t **payload, size_t *plen, struct ls_errbuf *eb)
{
	struct cur	 c;
	uint16_t	 hf, dlen;
	const uint8_t	*data;
	size_t		 total;
	unsigned	 pb;

	cur_init(&c, pkt, len);
	hf = cur_le16(&c);
	dlen = cur_le16(&c);
	if (!cur_ok(&c) || dlen != cur_left(&c)) {
		LS_MALFORMED(eb, "ACL packet: length %u does not match %zu "
		    "bytes", dlen, len < 4 ? 0 : len - 4);
		return -1;
	}
	data = cur_take(&c, dlen);
	*handle = HC_ACL_HANDLE(hf);
	pb = HC_ACL_PB(hf);
	switch (pb) {
	case HC_ACL_PB_FIRST_FLUSH:
	case HC_ACL_PB_FIRST_NOFLUSH:
		*have = 0;
		*skipping = false;
		break;
	case HC_ACL_PB_CONT:
		if (*skipping)
			return 0;
		if (*have == 0) {
			LS_MALFORMED(eb, "ACL continuation fragment without a "
			    "start");
			return -1;
		}
		break;
	default:
		LS_MALFORMED(eb, "ACL packet: reserved PB flag 3");
		*have = 0;
		return -1;
	}
	if (*have + dlen > CONN_MAX_FRAME) {
		LS_MALFORMED(eb, "L2CAP frame larger than %u bytes dropped",
		    CONN_MAX_FRAME);
		*have = 0;
		*skipping = true;
		return -1;
	}
	if (dlen > 0)
		memcpy(buf + *have, data, dlen);
	*have += dlen;
	if (*have < 4)
		return 0;
	total = 4 + (size_t)(buf[0] | buf[1] << 8);
	if (total > CONN_MAX_FRAME) {
		LS_MALFORMED(eb, "L2CAP frame of %zu bytes over the %u-byte "
		    "cap dropped", total, CONN_MAX_FRAME);
		*have = 0;
		*skipping = true;
		return -1;
	}
	if (*have < total)
		return 0;
	if (*have > total) {
		LS_MALFORMED(eb, "L2CAP frame: %zu bytes for a length of %zu",
		    *have, total);
		*have = 0;
		return -1;
	}
	*cid = (uint16_t)(buf[2] | buf[3] << 8);
	*payload = buf + 4;
	*plen = total - 4;
	*have = 0;
	return 1;
}

static void
conn_on_acl(const uint8_t *pkt, size_t len, void *arg)
{
	struct conn		*c = arg;
	struct ls_errbuf	 eb;
	const uint8_t		*payload;
	uint16_t		 handle, cid;
	size_t			 plen;
	int			 r;

	if (c->state != CONN_UP && c->state != CONN_CLOSING)
		return;
	if (len >= 2 && HC_ACL_HANDLE(pkt[0] | pkt[1] << 8) != c->handle)
		return;
	c->stats.acl_in++;
	ls_err_clear(&eb);
	r = conn_reassemble(c->rx, &c->rx_have, &c->rx_skip, pkt, len,
	    &handle, &cid, &payload, &plen, &eb);
	if (r < 0) {
		c->stats.dropped++;
		ls_log(LS_LOG_DEBUG, "conn: %s", eb.msg);
		return;
	}
	if (r == 0)
		return;
	c->stats.frames_in++;
	if (c->l2cap != NULL)
		c->l2cap(cid, payload, plen, c->l2cap_arg);
}

static void
conn_established(struct conn *c, uint8_t status, uint16_t handle,
    uint16_t interval, uint16_t latency, uint16_t supervision)
{
	struct ls_errbuf	eb;
	char			a[18];

	ls_err_clear(&eb);
	hex_addr_str(c->peer, a);
	if (c->state == CONN_CANCELLING) {
		if (status == HC_SUCCESS) {
			/* Raced with the cancel: take it down again. */
			c->handle = handle;
			c->state = CONN_UP;
			ls_err_set(&eb, LS_ETIMEOUT, "device %s did not "
			    "complete the connection in time", a);
			c->fail = eb;
			conn_done(c, &eb);
			return;
		}
		c->state = CONN_IDLE;
		conn_done(c, &c->fail);
		return;
	}
	if (c->state != CONN_CREATING)
		return;
	if (status != HC_SUCCESS) {
		c->state = CONN_IDLE;
		ls_err_set(&eb, LS_EUNAVAIL, "device %s: connection failed "
		    "(status 0x%02x: %s)", a, status,
		    bringup_status_name(status));
		conn_done(c, &eb);
		return;
	}
	c->state = CONN_UP;
	c->handle = handle;
	c->stats.interval = interval;
	c->stats.latency = latency;
	c->stats.supervision = supervision;
	c->credits = c->info->le_acl_pkts > 0 ? c->info->le_acl_pkts : 1;
	c->acl_mtu = c->info->le_acl_mtu >= 27 ? c->info->le_acl_mtu : 27;
	if (c->acl_mtu > 251)
		c->acl_mtu = 251;
	ls_log(LS_LOG_DEBUG, "conn: %s connected, handle 0x%03x, interval "
	    "%u.%02u ms", a, handle, interval * 125 / 100,
	    interval * 125 % 100);
	conn_done(c, &eb);
}

static void
conn_on_le_complete(const uint8_t *p, size_t n, void *arg)
{
	struct conn		*c = arg;
	struct cur		 cu;
	struct ls_errbuf	 eb;
	uint8_t			 sub, status, peer[6];
	uint16_t		 handle, interval, latency, sup;

	cur_init(&cu, p, n);
	sub = cur_u8(&cu);
	status = cur_u8(&cu);
	handle = cur_le16(&cu) & 0x0fff;
	cur_u8(&cu);			/* role */
	cur_u8(&cu);			/* peer address type */
	cur_copy(&cu, peer, 6);
	if (sub == HC_LE_ENH_CONN_COMPLETE)
		cur_skip(&cu, 12);	/* local and peer RPA */
	interval = cur_le16(&cu);
	latency = cur_le16(&cu);
	sup = cur_le16(&cu);
	cur_u8(&cu);
	if (!cur_ok(&cu)) {
		ls_err_clear(&eb);
		LS_MALFORMED(&eb, "short LE Connection Complete (%zu bytes)",
		    n);
		host_malformed(c->host, &eb);
		return;
	}
	/* A failed attempt carries no usable address; ours is pending. */
	if (status == HC_SUCCESS && memcmp(peer, c->peer, 6) != 0)
		return;
	conn_established(c, status, handle, interval, latency, sup);
}

static void
conn_on_update(const uint8_t *p, size_t n, void *arg)
{
	struct conn	*c = arg;
	struct cur	 cu;
	uint8_t		 status;
	uint16_t	 handle, interval, latency, sup;

	cur_init(&cu, p, n);
	cur_u8(&cu);
	status = cur_u8(&cu);
	handle = cur_le16(&cu) & 0x0fff;
	interval = cur_le16(&cu);
	latency = cur_le16(&cu);
	sup = cur_le16(&cu);
	if (!cur_ok(&cu) || status != HC_SUCCESS || handle != c->handle ||
	    c->state != CONN_UP)
		return;
	c->stats.interval = interval;
	c->stats.latency = latency;
	c->stats.supervision = sup;
	ls_log(LS_LOG_DEBUG, "conn: parameters updated, interval %u",
	    interval);
}

uint8_t
conn_param_verdict(uint16_t imin, uint16_t imax, uint16_t lat, uint16_t to)
{
	/* §7.8.31 ranges. */
	if (imin < 0x0006 || imax > 0x0c80 || imin > imax || lat > 0x01f3 ||
	    to < 0x000a || to > 0x0c80)
		return HC_ERR_UNACCEPTABLE_CONN_PARAMS;
	/* Timeout (10 ms) > (1 + latency) * Interval_Max (1.25 ms) * 2. */
	if ((uint32_t)to * 4 <= (1u + lat) * imax)
		return HC_ERR_UNACCEPTABLE_CONN_PARAMS;
	if (imax > CONN_PARAM_HOST_MAX_INTERVAL ||
	    (1u + lat) * imax > CONN_PARAM_HOST_MAX_SPAN)
		return HC_ERR_UNACCEPTABLE_CONN_PARAMS;
	return HC_SUCCESS;
}

static void
conn_on_param_req(const uint8_t *p, size_t n, void *arg)
{
	struct conn		*c = arg;
	struct cur		 cu;
	struct ls_errbuf	 eb;
	uint16_t		 handle, imin, imax, lat, to;
	uint8_t			 q[14], verdict;

	cur_init(&cu, p, n);
	cur_u8(&cu);
	handle = cur_le16(&cu) & 0x0fff;
	imin = cur_le16(&cu);
	imax = cur_le16(&cu);
	lat = cur_le16(&cu);
	to = cur_le16(&cu);
	if (!cur_ok(&cu)) {
		ls_err_clear(&eb);
		LS_MALFORMED(&eb, "short LE Remote Connection Parameter "
		    "Request (%zu bytes)", n);
		host_malformed(c->host, &eb);
		return;
	}
	if (handle != c->handle || c->state != CONN_UP)
		return;
	put_le16(q, handle);
	if ((verdict = conn_param_verdict(imin, imax, lat, to)) !=
	    HC_SUCCESS) {
		q[2] = verdict;
		c->stats.param_refused++;
		ls_log(LS_LOG_DEBUG, "conn: the lock asked for interval "
		    "%u-%u, latency %u, timeout %u: refused", imin, imax, lat,
		    to);
		host_send(c->host, HC_OP_LE_REM_CONN_PARAM_NEG, q, 3, NULL,
		    NULL, NULL);
		return;
	}
	put_le16(q + 2, imin);
	put_le16(q + 4, imax);
	put_le16(q + 6, lat);
	put_le16(q + 8, to);
	put_le16(q + 10, 0);		/* Min_CE_Length */
	put_le16(q + 12, 0);		/* Max_CE_Length */
	c->stats.param_replied++;
	ls_log(LS_LOG_DEBUG, "conn: the lock asked for interval %u-%u, "
	    "latency %u, timeout %u: accepted", imin, imax, lat, to);
	host_send(c->host, HC_OP_LE_REM_CONN_PARAM_REPLY, q, sizeof q, NULL,
	    NULL, NULL);
}

static void
conn_on_disconn(const uint8_t *p, size_t n, void *arg)
{
	struct conn		*c = arg;
	struct ls_errbuf	 eb;
	struct cur		 cu;
	uint8_t			 status, reason;
	uint16_t		 handle;
	char			 a[18];

	cur_init(&cu, p, n);
	status = cur_u8(&cu);
	handle = cur_le16(&cu) & 0x0fff;
	reason = cur_u8(&cu);
	if (!cur_ok(&cu) || status != HC_SUCCESS || handle != c->handle ||
	    (c->state != CONN_UP && c->state != CONN_CLOSING))
		return;
	ls_err_clear(&eb);
	hex_addr_str(c->peer, a);
	ls_err_set(&eb, LS_EUNAVAIL, "device %s disconnected (reason 0x%02x: "
	    "%s)", a, reason, reason == HC_ERR_CONN_TIMEOUT ?
	    "link lost" : reason == HC_ERR_REMOTE_USER_TERM ?
	    "the lock closed the connection" : bringup_status_name(reason));
	conn_went_down(c, &eb);
}

static void
conn_on_nocp(const uint8_t *p, size_t n, void *arg)
{
	struct conn	*c = arg;
	struct cur	 cu;
	unsigned	 i, nh, max;
	uint16_t	 handle, done;

	cur_init(&cu, p, n);
	nh = cur_u8(&cu);
	max = c->info->le_acl_pkts > 0 ? c->info->le_acl_pkts : 1;
	for (i = 0; i < nh; i++) {
		handle = cur_le16(&cu) & 0x0fff;
		done = cur_le16(&cu);
		if (!cur_ok(&cu))
			return;
		if (handle != c->handle)
			continue;
		c->credits += done;
		if (c->credits > max)
			c->credits = max;
	}
	conn_pump(c);
}

static void
conn_on_dead(const struct ls_errbuf *why, struct conn *c)
{
	if (c->state == CONN_UP || c->state == CONN_CLOSING)
		conn_went_down(c, why);
	else if (c->state == CONN_CREATING || c->state == CONN_CANCELLING) {
		c->state = CONN_DOWN;
		conn_done(c, why);
	}
}

struct conn *
conn_new(struct host *h, const struct bringup_info *info)
{
	struct conn	*c;

	if ((c = calloc(1, sizeof *c)) == NULL)
		return NULL;
	c->host = h;
	c->info = info;
	c->subs[0] = host_on_le(h, HC_LE_CONN_COMPLETE, conn_on_le_complete,
	    c, NULL);
	c->subs[1] = host_on_le(h, HC_LE_ENH_CONN_COMPLETE,
	    conn_on_le_complete, c, NULL);
	c->subs[2] = host_on_le(h, HC_LE_CONN_UPDATE_COMPLETE,
	    conn_on_update, c, NULL);
	c->subs[3] = host_on_event(h, HC_EVT_DISCONN_COMPLETE,
	    conn_on_disconn, c, NULL);
	c->subs[4] = host_on_event(h, HC_EVT_NUM_COMPLETED_PACKETS,
	    conn_on_nocp, c, NULL);
	c->subs[5] = host_on_le(h, HC_LE_REM_CONN_PARAM_REQ,
	    conn_on_param_req, c, NULL);
	host_set_acl(h, conn_on_acl, c);
	return c;
}

void
conn_free(struct conn *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < sizeof c->subs / sizeof c->subs[0]; i++)
		if (c->subs[i] != 0)
			host_off(c->host, c->subs[i]);
	host_set_acl(c->host, NULL, NULL);
	if (c->timer != 0)
		loop_cancel_timer(host_loop(c->host), c->timer);
	if (c->cmd_id != 0)
		host_cancel(c->host, c->cmd_id);
	conn_txq_clear(c);
	free(c);
}

void
conn_set_lost(struct conn *c, conn_done_fn fn, void *arg)
{
	c->lost = fn;
	c->lost_arg = arg;
}

void
conn_set_l2cap(struct conn *c, conn_l2cap_fn fn, void *arg)
{
	c->l2cap = fn;
	c->l2cap_arg = arg;
}

static void
conn_cancel_answer(enum ls_err err, uint8_t status, const uint8_t *ret,
    size_t len, void *arg)
{
	struct conn	*c = arg;

	(void)ret;
	(void)len;
	c->cmd_id = 0;
	/* Command Disallowed: the connection completed meanwhile, and its
	   event is on its way; anything else: wait for the event too. */
	if (err != LS_OK && c->state == CONN_CANCELLING) {
		c->state = CONN_IDLE;
		conn_done(c, &c->fail);
	}
	(void)status;
}

static void
conn_cancel_gave_up(void *arg)
{
	struct conn	*c = arg;

	c->timer = 0;
	if (c->state == CONN_CANCELLING) {
		c->state = CONN_IDLE;
		conn_done(c, &c->fail);
	}
}

static void
conn_create_timeout(void *arg)
{
	struct conn	*c = arg;
	char		 a[18];

	c->timer = 0;
	if (c->state != CONN_CREATING)
		return;
	hex_addr_str(c->peer, a);
	ls_err_clear(&c->fail);
	ls_err_set(&c->fail, LS_ETIMEOUT, "device %s did not complete the "
	    "connection in time (out of range, or connected to another "
	    "phone?)", a);
	c->state = CONN_CANCELLING;
	c->cmd_id = host_send(c->host, HC_OP_LE_CREATE_CONN_CANCEL, NULL, 0,
	    conn_cancel_answer, c, NULL);
	/* The Connection Complete that a cancel produces may not come. */
	c->timer = loop_add_timer(host_loop(c->host), CONN_CANCEL_WAIT_MS,
	    conn_cancel_gave_up, c);
}

static void
conn_create_answer(enum ls_err err, uint8_t status, const uint8_t *ret,
    size_t len, void *arg)
{
	struct conn		*c = arg;
	struct ls_errbuf	 eb;
	char			 a[18];

	(void)ret;
	(void)len;
	c->cmd_id = 0;
	if (c->state != CONN_CREATING)
		return;
	if (err == LS_OK && status == HC_SUCCESS)
		return;		/* Command Status: now wait for the event */
	ls_err_clear(&eb);
	hex_addr_str(c->peer, a);
	if (err != LS_OK)
		ls_err_set(&eb, LS_EUNAVAIL, "adapter '%s': no answer to HCI "
		    "%s", host_spec(c->host), bringup_op_name(c->info->
		    ext_create_conn ? HC_OP_LE_EXT_CREATE_CONN :
		    HC_OP_LE_CREATE_CONN));
	else
		ls_err_set(&eb, LS_EUNAVAIL, "device %s: the controller "
		    "refused to connect (status 0x%02x: %s)", a, status,
		    bringup_status_name(status));
	c->state = CONN_IDLE;
	conn_done(c, &eb);
}

void
conn_connect(struct conn *c, const uint8_t addr[6], uint8_t addr_type,
    unsigned timeout_ms, conn_done_fn done, void *arg)
{
	struct ls_errbuf	 eb;
	uint8_t			 p[26];
	uint8_t			 plen;
	uint16_t		 op;
	bool			 coded;

	c->done = done;
	c->done_arg = arg;
	memcpy(c->peer, addr, 6);
	c->peer_type = addr_type > 1 ? addr_type - 2 : addr_type;
	memset(p, 0, sizeof p);
	/*
	 * A lock heard only on LE Coded (long range) never answers an
	 * initiator on LE 1M: initiate on the PHY it was heard on.
	 */
	coded = c->info->ext_create_conn && c->info->coded_phy &&
	    host_heard_phy(c->host, addr, addr_type) == 3;
	if (c->info->ext_create_conn) {
		/* §7.8.66, one PHY: LE 1M, or LE Coded. */
		op = HC_OP_LE_EXT_CREATE_CONN;
		p[0] = 0x00;			/* filter policy: peer addr */
		/* Own address: public, or bring-up's static random. */
		p[1] = c->info->own_random ? 0x01 : 0x00;
		p[2] = c->peer_type;
		memcpy(p + 3, addr, 6);
		p[9] = coded ? 0x04 : 0x01;	/* initiating PHYs */
		put_le16(p + 10, CONN_SCAN_INTERVAL);
		put_le16(p + 12, CONN_SCAN_WINDOW);
		put_le16(p + 14, CONN_INTERVAL_MIN);
		put_le16(p + 16, CONN_INTERVAL_MAX);
		put_le16(p + 18, 0);		/* max latency */
		put_le16(p + 20, CONN_SUPERVISION);
		put_le16(p + 22, 0);		/* min CE length */
		put_le16(p + 24, 0);		/* max CE length */
		plen = 26;
	} else {
		/* §7.8.12. */
		op = HC_OP_LE_CREATE_CONN;
		put_le16(p, CONN_SCAN_INTERVAL);
		put_le16(p + 2, CONN_SCAN_WINDOW);
		p[4] = 0x00;			/* filter policy: peer addr */
		p[5] = c->peer_type;
		memcpy(p + 6, addr, 6);
		p[12] = c->info->own_random ? 0x01 : 0x00;	/* own */
		put_le16(p + 13, CONN_INTERVAL_MIN);
		put_le16(p + 15, CONN_INTERVAL_MAX);
		put_le16(p + 17, 0);
		put_le16(p + 19, CONN_SUPERVISION);
		put_le16(p + 21, 0);
		put_le16(p + 23, 0);
		plen = 25;
	}
	c->state = CONN_CREATING;
	c->timer = loop_add_timer(host_loop(c->host), timeout_ms,
	    conn_create_timeout, c);
	c->cmd_id = host_send(c->host, op, p, plen, conn_create_answer, c,
	    NULL);
	if (c->cmd_id == 0) {
		ls_err_clear(&eb);
		if (host_dead_reason(c->host) != NULL)
			eb = *host_dead_reason(c->host);
		else
			ls_err_set(&eb, LS_EUNAVAIL, "adapter '%s': cannot "
			    "send HCI %s", host_spec(c->host),
			    bringup_op_name(op));
		c->state = CONN_IDLE;
		conn_done(c, &eb);
	}
}

enum ls_err
conn_send(struct conn *c, uint16_t cid, const uint8_t *p, size_t n,
    struct ls_errbuf *eb)
{
	struct conn_frag	*f, *head = NULL, *tail = NULL;
	uint8_t			 frame[CONN_MAX_FRAME];
	size_t			 total, off, chunk, nfrag;

	if (c->state != CONN_UP)
		return ls_err_set(eb, LS_EUNAVAIL, "not connected");
	if (n > CONN_MAX_FRAME - 4)
		return ls_err_set(eb, LS_EINTERNAL, "L2CAP frame of %zu "
		    "bytes too large", n);
	total = 4 + n;
	nfrag = (total + c->acl_mtu - 1) / c->acl_mtu;
	if (c->ntxq + nfrag > CONN_MAX_TXQ)
		return ls_err_set(eb, LS_ENOMEM, "ACL send queue full");
	put_le16(frame, (uint16_t)n);
	put_le16(frame + 2, cid);
	if (n > 0)
		memcpy(frame + 4, p, n);
	for (off = 0; off < total; off += chunk) {
		chunk = total - off < c->acl_mtu ? total - off : c->acl_mtu;
		if ((f = calloc(1, sizeof *f)) == NULL) {
			while ((f = head) != NULL) {
				head = f->next;
				free(f);
			}
			return ls_err_set(eb, LS_ENOMEM, "out of memory");
		}
		/* Vol 4 Part E §5.4.2: PB 0b00 first (LE), 0b01 after. */
		put_le16(f->pkt, (uint16_t)(c->handle |
		    (off == 0 ? HC_ACL_PB_FIRST_NOFLUSH : HC_ACL_PB_CONT) <<
		    12));
		put_le16(f->pkt + 2, (uint16_t)chunk);
		memcpy(f->pkt + 4, frame + off, chunk);
		f->len = 4 + chunk;
		if (tail != NULL)
			tail->next = f;
		else
			head = f;
		tail = f;
	}
	if (c->txq_tail != NULL)
		c->txq_tail->next = head;
	else
		c->txq = head;
	c->txq_tail = tail;
	c->ntxq += nfrag;
	c->stats.frames_out++;
	conn_pump(c);
	return LS_OK;
}

static void
conn_disc_timeout(void *arg)
{
	struct conn		*c = arg;
	struct ls_errbuf	 eb;

	c->timer = 0;
	if (c->state != CONN_CLOSING)
		return;
	c->state = CONN_DOWN;
	conn_txq_clear(c);
	ls_err_clear(&eb);
	conn_done(c, &eb);	/* gone as far as we are concerned */
}

static void
conn_disc_answer(enum ls_err err, uint8_t status, const uint8_t *ret,
    size_t len, void *arg)
{
	struct conn		*c = arg;
	struct ls_errbuf	 eb;

	(void)ret;
	(void)len;
	c->cmd_id = 0;
	if (c->state != CONN_CLOSING)
		return;
	if (err != LS_OK || status != HC_SUCCESS) {
		c->state = CONN_DOWN;
		conn_txq_clear(c);
		ls_err_clear(&eb);
		conn_done(c, &eb);
	}
}

void
conn_disconnect(struct conn *c, unsigned timeout_ms, conn_done_fn done,
    void *arg)
{
	struct ls_errbuf	eb;
	uint8_t			p[3];

	ls_err_clear(&eb);
	if (c->state == CONN_CREATING || c->state == CONN_CANCELLING) {
		if (c->timer != 0)
			loop_cancel_timer(host_loop(c->host), c->timer);
		c->timer = 0;
		c->done = NULL;
		host_send(c->host, HC_OP_LE_CREATE_CONN_CANCEL, NULL, 0, NULL,
		    NULL, NULL);
		c->state = CONN_IDLE;
	}
	if (c->state != CONN_UP || host_dead_reason(c->host) != NULL) {
		done(&eb, arg);
		return;
	}
	c->done = done;
	c->done_arg = arg;
	c->lost = NULL;
	c->state = CONN_CLOSING;
	put_le16(p, c->handle);
	p[2] = HC_ERR_REMOTE_USER_TERM;
	c->timer = loop_add_timer(host_loop(c->host), timeout_ms,
	    conn_disc_timeout, c);
	c->cmd_id = host_send(c->host, HC_OP_DISCONNECT, p, 3,
	    conn_disc_answer, c, NULL);
	if (c->cmd_id == 0) {
		c->state = CONN_DOWN;
		conn_done(c, &eb);
	}
}

static void
conn_rssi_answer(enum ls_err err, uint8_t status, const uint8_t *ret,
    size_t len, void *arg)
{
	struct conn	*c = arg;
	conn_rssi_fn	 fn = c->rssi_fn;

	c->rssi_fn = NULL;
	if (fn == NULL)
		return;
	/* §7.5.4: status, handle(2), RSSI (int8, 127 = not available). */
	if (err != LS_OK)
		fn(err, 0, c->rssi_arg);
	else if (status != HC_SUCCESS || len < 4 || (int8_t)ret[3] == 127)
		fn(LS_EUNAVAIL, 0, c->rssi_arg);
	else
		fn(LS_OK, (int8_t)ret[3], c->rssi_arg);
}

void
conn_read_rssi(struct conn *c, conn_rssi_fn fn, void *arg)
{
	uint8_t	p[2];

	if (c->state != CONN_UP || c->rssi_fn != NULL) {
		fn(LS_EUNAVAIL, 0, arg);
		return;
	}
	c->rssi_fn = fn;
	c->rssi_arg = arg;
	put_le16(p, c->handle);
	if (host_send(c->host, HC_OP_READ_RSSI, p, 2, conn_rssi_answer, c,
	    NULL) == 0) {
		c->rssi_fn = NULL;
		fn(LS_EUNAVAIL, 0, arg);
	}
}

bool
conn_connected(const struct conn *c)
{
	return c->state == CONN_UP;
}

const struct conn_stats *
conn_stats(const struct conn *c)
{
	return &c->stats;
}

void
conn_host_dead(struct conn *c, const struct ls_errbuf *why)
{
	conn_on_dead(why, c);
}
