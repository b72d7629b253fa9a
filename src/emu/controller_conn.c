/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * controller_conn.c - connections in the emulated LE controller: the local
 * controller's initiator, ACL buffers and flow control, and, behind it,
 * each scenario device as a peripheral with L2CAP LE fixed channels and
 * an ATT server.
 *
 * Bluetooth Core 5.4:
 *  - Vol 4 Part E §7.1.6 Disconnect, §7.5.4 Read RSSI, §7.8.12 LE Create
 *    Connection, §7.8.13 LE Create Connection Cancel, §7.8.18 LE
 *    Connection Update, §7.8.66 LE Extended Create Connection.
 *  - §7.7.5 Disconnection Complete, §7.7.15 Command Status, §7.7.19
 *    Number Of Completed Packets, §7.7.65.1 LE Connection Complete,
 *    §7.7.65.3 LE Connection Update Complete, §7.7.65.10 LE Enhanced
 *    Connection Complete [v1] (0x0A) and [v2] (0x29).
 *  - §4.1.1 / §5.4.2 ACL data packets, PB flags, host flow control by
 *    Number Of Completed Packets.
 *  - Vol 3 Part A §3.1 basic L2CAP frame, §4 LE signalling (Command
 *    Reject, Connection Parameter Update Request/Response); Part H §3
 *    SMP (Security Request, Pairing Failed); Part F ATT (att_server.c).
 *
 * Behaviour the host can rely on (also in hci-emu(1)):
 *  - LE ACL buffers: 27-octet packets, 4 of them, shared by all
 *    connections.  A packet longer than 27 octets, or sent with no free
 *    buffer, is dropped and counted (acl_violations); so is an ACL packet
 *    for a handle that is not connected (acl_unknown).
 *  - Host packets are "sent over the air" at the connection's next event
 *    (the first multiple of the connection interval after they arrived,
 *    counted from connection setup); that event returns their buffers in
 *    one Number Of Completed Packets event.
 *  - ATT: at most one request is answered per connection event, at the
 *    first event after it was received, so each request costs up to one
 *    connection interval.  Device-to-host L2CAP PDUs are cut in 27-octet
 *    ACL fragments (PB 0b10 then 0b01).
 *  - Connection setup: Command Status, then after connect.delay_ms the
 *    completion event the masks allow: LE Enhanced Connection Complete
 *    [v2] if unmasked, else [v1] if unmasked, else LE Connection
 *    Complete.  Connection_Interval is connect.conn_interval_ms in 1.25
 *    ms units (rounded); latency 0; the host's supervision timeout.
 *  - A device answers only when it advertises connectably (ADV_IND) at
 *    the address and type asked and is not already connected; otherwise,
 *    and with connect.fail "timeout", the connection never completes and
 *    the host must cancel.  connect.fail "reject" completes with status
 *    0x3E (Connection Failed to be Established).
 *
 * Not emulated: encryption and pairing (the devices never pair), LE data
 * length extension, PHY updates, channel selection events, the filter
 * accept list (initiating with it never completes).
 */
#include <stdlib.h>
#include <string.h>

#include "emu/controller_int.h"
#include "hci/hcidef.h"
#include "util/cursor.h"
#include "util/log.h"

/* ---- events ---- */

static void
ectl_event(struct ectl *c, uint8_t code, const uint8_t *p, size_t n)
{
	uint8_t	pkt[3 + 255];

	pkt[0] = HC_PKT_EVT;
	pkt[1] = code;
	pkt[2] = (uint8_t)n;
	memcpy(pkt + 3, p, n);
	if (!ectl_out_append(c, pkt, 3 + n))
		ls_log(LS_LOG_ERROR, "out of memory: event 0x%02x lost", code);
}

/* Command Status (§7.7.15), Num_HCI_Command_Packets 1. */
void
ectl_cs(struct ectl *c, uint16_t op, uint8_t status)
{
	uint8_t	p[4];

	p[0] = status;
	p[1] = ectl_ncmd(c);
	put_le16(p + 2, op);
	ectl_event(c, HC_EVT_CMD_STATUS, p, sizeof p);
	if (status != HC_SUCCESS)
		ls_log(LS_LOG_INFO, "command 0x%04x: status 0x%02x", op,
		    status);
}

static void
ectl_le_meta(struct ectl *c, uint8_t sub, const uint8_t *p, size_t n)
{
	uint8_t	q[255];

	q[0] = sub;
	memcpy(q + 1, p, n);
	ectl_event(c, HC_EVT_LE_META, q, 1 + n);
}

/*
 * (Enhanced) Connection Complete for the pending create or connection
 * cn (NULL on failure), §7.7.65.1 and §7.7.65.10.
 */
static void
ectl_conn_complete(struct ectl *c, uint8_t status, const struct ectl_conn *cn)
{
	uint8_t		 p[40], *q = p, sub;
	bool		 enh;

	if (ectl_le_event_on(c, ED_LE_ENH_CONN_COMPLETE_V2))
		sub = ED_LE_ENH_CONN_COMPLETE_V2;
	else if (ectl_le_event_on(c, HC_LE_ENH_CONN_COMPLETE))
		sub = HC_LE_ENH_CONN_COMPLETE;
	else if (ectl_le_event_on(c, HC_LE_CONN_COMPLETE))
		sub = HC_LE_CONN_COMPLETE;
	else {
		ls_log(LS_LOG_INFO, "connection complete (status 0x%02x) "
		    "masked", status);
		return;
	}
	enh = sub != HC_LE_CONN_COMPLETE;
	*q++ = status;
	put_le16(q, cn != NULL ? cn->handle : 0);
	q += 2;
	*q++ = 0x00;			/* Role: Central */
	*q++ = c->pend.peer_type;
	memcpy(q, c->pend.peer, 6);
	q += 6;
	if (enh) {
		memset(q, 0, 12);	/* local and peer RPA: none */
		q += 12;
	}
	put_le16(q, cn != NULL ? cn->interval : 0);
	q += 2;
	put_le16(q, cn != NULL ? cn->latency : 0);
	q += 2;
	put_le16(q, cn != NULL ? cn->timeout : 0);
	q += 2;
	*q++ = 0x00;			/* Central_Clock_Accuracy (central) */
	if (sub == ED_LE_ENH_CONN_COMPLETE_V2) {
		*q++ = 0xff;		/* Advertising_Handle: none */
		put_le16(q, 0xffff);	/* Sync_Handle: none */
		q += 2;
	}
	ectl_le_meta(c, sub, p, (size_t)(q - p));
}

static void
ectl_disconn_complete(struct ectl *c, uint16_t handle, uint8_t reason)
{
	uint8_t	p[4];

	c->st.disconnections++;
	if (!(c->evmask >> ED_EVMASK_DISCONN_BIT & 1))
		return;
	p[0] = HC_SUCCESS;
	put_le16(p + 1, handle);
	p[3] = reason;
	ectl_event(c, HC_EVT_DISCONN_COMPLETE, p, sizeof p);
}

/* ---- connection table ---- */

static struct ectl_conn *
ectl_conn_by_handle(struct ectl *c, uint16_t h)
{
	size_t	i;

	for (i = 0; i < ECTL_MAX_CONN; i++)
		if (c->conns[i].used && c->conns[i].handle == h)
			return &c->conns[i];
	return NULL;
}

bool
ectl_conn_dev_connected(const struct ectl *c, size_t dev)
{
	size_t	i;

	for (i = 0; i < ECTL_MAX_CONN; i++)
		if (c->conns[i].used && c->conns[i].dev == dev)
			return true;
	return false;
}

bool
ectl_conn_init(struct ectl *c)
{
	c->conns = calloc(ECTL_MAX_CONN, sizeof *c->conns);
	c->next_handle = 1;
	return c->conns != NULL;
}

void
ectl_conn_free(struct ectl *c)
{
	free(c->conns);
	c->conns = NULL;
}

void
ectl_conn_reset(struct ectl *c)
{
	size_t	i;

	if (c->conns != NULL)
		for (i = 0; i < ECTL_MAX_CONN; i++)
			c->conns[i].used = false;
	memset(&c->pend, 0, sizeof c->pend);
	c->acl_held = 0;
}

/* The first connection event strictly after t. */
static uint64_t
ectl_conn_next_event(const struct ectl_conn *cn, uint64_t t)
{
	if (t < cn->anchor)
		return cn->anchor;
	return cn->anchor + ((t - cn->anchor) / cn->iv + 1) * cn->iv;
}

static void
ectl_conn_schedule(struct ectl_conn *cn, uint64_t t)
{
	uint64_t	e = ectl_conn_next_event(cn, t);

	if (e < cn->due)
		cn->due = e;
}

/* The link is gone (host Disconnect, or the device dropped it). */
static void
ectl_conn_drop(struct ectl *c, struct ectl_conn *cn, uint8_t reason)
{
	/* §4.3: the host reclaims the buffers of a disconnected handle. */
	c->acl_held -= cn->held < c->acl_held ? cn->held : c->acl_held;
	cn->used = false;
	ls_log(LS_LOG_INFO, "device %s: disconnected (reason 0x%02x)",
	    c->devs[cn->dev].sb->id, reason);
	ectl_disconn_complete(c, cn->handle, reason);
}

/* ---- L2CAP out ---- */

/* Send one L2CAP PDU on cid, cut into ACL fragments (§5.4.2). */
static void
ectl_l2cap_send(struct ectl *c, struct ectl_conn *cn, uint16_t cid,
    const uint8_t *p, size_t n)
{
	uint8_t	sdu[ED_L2CAP_HDR + EATT_PDU_MAX + 32];
	uint8_t	pkt[1 + ED_ACL_HDR + ECTL_ACL_LEN];
	size_t	total, off, k;
	bool	first = true;

	if (n > sizeof sdu - ED_L2CAP_HDR)
		n = sizeof sdu - ED_L2CAP_HDR;
	put_le16(sdu, (uint16_t)n);
	put_le16(sdu + 2, cid);
	memcpy(sdu + ED_L2CAP_HDR, p, n);
	total = ED_L2CAP_HDR + n;
	for (off = 0; off < total; off += k) {
		k = total - off < ECTL_ACL_LEN ? total - off : ECTL_ACL_LEN;
		pkt[0] = HC_PKT_ACL;
		put_le16(pkt + 1, (uint16_t)(cn->handle |
		    (first ? HC_ACL_PB_FIRST_FLUSH : HC_ACL_PB_CONT) << 12));
		put_le16(pkt + 3, (uint16_t)k);
		memcpy(pkt + 1 + ED_ACL_HDR, sdu + off, k);
		if (!ectl_out_append(c, pkt, 1 + ED_ACL_HDR + k)) {
			ls_log(LS_LOG_ERROR, "out of memory: ACL data lost");
			return;
		}
		c->st.acl_out++;
		first = false;
	}
}

static uint16_t
ectl_ms_to_units(unsigned ms)
{
	unsigned	u = (ms * 4 + 2) / 5;	/* 1.25 ms units */

	if (u < ED_CONN_INTERVAL_MIN)
		u = ED_CONN_INTERVAL_MIN;
	if (u > ED_CONN_INTERVAL_MAX)
		u = ED_CONN_INTERVAL_MAX;
	return (uint16_t)u;
}

/* Vol 3 Part A §4.20: the peripheral asks for another interval. */
static void
ectl_sig_param_request(struct ectl *c, struct ectl_conn *cn, unsigned ms)
{
	uint8_t		p[12];
	uint16_t	iv = ectl_ms_to_units(ms), to = cn->timeout;

	/* Supervision timeout must exceed (1 + latency) * interval * 2. */
	if ((unsigned)to * 4 <= iv)
		to = (uint16_t)(iv / 4 + 1);
	if (to < ED_SUPERVISION_MIN)
		to = ED_SUPERVISION_MIN;
	if (++cn->sig_id == 0)
		cn->sig_id = 1;
	p[0] = L2CAP_SIG_CONN_PARAM_REQ;
	p[1] = cn->sig_id;
	put_le16(p + 2, 8);
	put_le16(p + 4, iv);	/* Interval Min */
	put_le16(p + 6, iv);	/* Interval Max */
	put_le16(p + 8, 0);	/* Latency */
	put_le16(p + 10, to);	/* Timeout */
	cn->want_interval = iv;
	ectl_l2cap_send(c, cn, L2CAP_CID_LE_SIG, p, sizeof p);
}

/*
 * Vol 6 Part B §5.1.7: the peripheral's link layer asks for another
 * interval; the central's controller passes it to its host as an LE
 * Remote Connection Parameter Request (§7.7.65.6) and waits for the
 * host's (Negative) Reply.  Masked, the controller answers the peer
 * itself (§7.8.31 note) and the host hears nothing.
 */
static void
ectl_ll_param_request(struct ectl *c, struct ectl_conn *cn, unsigned ms)
{
	uint8_t		e[10];
	uint16_t	iv = ectl_ms_to_units(ms), to = cn->timeout;

	if ((unsigned)to * 4 <= iv)
		to = (uint16_t)(iv / 4 + 1);
	if (to < ED_SUPERVISION_MIN)
		to = ED_SUPERVISION_MIN;
	if (!ectl_le_event_on(c, HC_LE_REM_CONN_PARAM_REQ)) {
		ls_log(LS_LOG_INFO, "device %s: parameter request masked, "
		    "refused by the controller", c->devs[cn->dev].sb->id);
		return;
	}
	put_le16(e, cn->handle);
	put_le16(e + 2, iv);	/* Interval_Min */
	put_le16(e + 4, iv);	/* Interval_Max */
	put_le16(e + 6, 0);	/* Max_Latency */
	put_le16(e + 8, to);	/* Timeout */
	cn->want_interval = iv;
	cn->llreq = true;
	cn->llreq_deadline = c->now + ECTL_LL_PROC_TIMEOUT;
	ectl_le_meta(c, HC_LE_REM_CONN_PARAM_REQ, e, sizeof e);
}

/* ---- L2CAP in ---- */

static void
ectl_sig_in(struct ectl *c, struct ectl_conn *cn, const uint8_t *p,
    size_t n)
{
	struct ectl_dev_stats	*ds = &c->devs[cn->dev].ds;
	uint8_t			 rej[6];

	if (n < 4 || (size_t)(p[2] | p[3] << 8) != n - 4) {
		c->st.l2cap_dropped++;
		return;
	}
	switch (p[0]) {
	case L2CAP_SIG_CONN_PARAM_RSP:
		if (n == 6 && (p[4] | p[5] << 8) == 0)
			ds->param_accepted++;
		else
			ds->param_rejected++;
		return;
	case L2CAP_SIG_CMD_REJECT:
		return;
	}
	if (p[0] & 1)
		return;		/* other responses: nothing asked */
	/* A request we do not serve (a central may not ask us, §4.20). */
	rej[0] = L2CAP_SIG_CMD_REJECT;
	rej[1] = p[1];
	put_le16(rej + 2, 2);
	put_le16(rej + 4, ED_SIG_REJECT_NOT_UNDERSTOOD);
	ectl_l2cap_send(c, cn, L2CAP_CID_LE_SIG, rej, sizeof rej);
}

static void
ectl_smp_in(struct ectl *c, struct ectl_conn *cn, const uint8_t *p,
    size_t n)
{
	struct ectl_dev_stats	*ds = &c->devs[cn->dev].ds;
	uint8_t			 fail[2];

	if (n < 1)
		return;
	if (p[0] == L2CAP_SMP_PAIRING_FAILED && n == 2 &&
	    p[1] == L2CAP_SMP_NOT_SUPPORTED) {
		ds->smp_not_supported++;
		ls_log(LS_LOG_INFO, "device %s: host answered Pairing Not "
		    "Supported", c->devs[cn->dev].sb->id);
	} else if (p[0] == L2CAP_SMP_PAIRING_REQ) {
		/* The emulated lock never pairs (Part H §3.5.5). */
		ds->smp_pairing++;
		fail[0] = L2CAP_SMP_PAIRING_FAILED;
		fail[1] = L2CAP_SMP_NOT_SUPPORTED;
		ectl_l2cap_send(c, cn, L2CAP_CID_SMP, fail, sizeof fail);
	}
}

/* att-malformed: make a valid response invalid, in a way per opcode. */
static void
ectl_att_mangle(uint8_t *r, size_t *len)
{
	switch (r[0]) {
	case ATT_OP_ERROR_RSP:
		*len = 3;		/* cut inside the handle */
		break;
	case ATT_OP_MTU_RSP:
		*len = 2;
		break;
	case ATT_OP_FIND_INFO_RSP:
		r[1] = 0x07;		/* no such Format */
		break;
	case ATT_OP_FIND_BY_TYPE_RSP:
		(*len)--;		/* list cut mid-entry */
		break;
	case ATT_OP_READ_BY_TYPE_RSP:
	case ATT_OP_READ_BY_GROUP_RSP:
		r[1] = 1;		/* entry shorter than its handle */
		break;
	case ATT_OP_WRITE_RSP:
		r[1] = 0xee;		/* Write Response has no parameters */
		*len = 2;
		break;
	default:
		r[0] = ATT_OP_WRITE_RSP; /* wrong response for the request */
		break;
	}
}

/* One ATT PDU from the host; false when the link was dropped. */
static bool
ectl_att_in(struct ectl *c, struct ectl_conn *cn, const uint8_t *p,
    size_t n)
{
	struct ectl_dev		*d = &c->devs[cn->dev];
	uint8_t			 rsp[EATT_PDU_MAX + 32];
	uint64_t		 writes = cn->att.writes;
	uint64_t		 reads = cn->att.value_reads;
	uint64_t		 vendor = cn->att.vendor_reads;
	size_t			 len;
	bool			 req;

	if (n == 0)
		return true;
	req = eatt_is_request(p[0]);
	if (req) {
		d->ds.att_requests++;
		d->ds.att_total++;
		if ((c->opts.faults & ECTL_FAULT_DISCONNECT_MID) &&
		    cn->answered >= 1) {
			ls_log(LS_LOG_INFO, "fault disconnect-mid: device %s "
			    "drops the link", d->sb->id);
			ectl_conn_drop(c, cn, HC_ERR_CONN_TIMEOUT);
			return false;
		}
		if (c->opts.faults & ECTL_FAULT_ATT_SILENT) {
			ls_log(LS_LOG_DEBUG, "fault att-silent: ATT 0x%02x "
			    "unanswered", p[0]);
			return true;
		}
	}
	len = eatt_handle(d->db, &cn->att, d->val, p, n, rsp);
	d->ds.writes += cn->att.writes - writes;
	d->ds.value_reads += cn->att.value_reads - reads;
	d->ds.vendor_reads += cn->att.vendor_reads - vendor;
	if (len == 0)
		return true;
	cn->answered++;
	if (c->opts.faults & ECTL_FAULT_ATT_MALFORMED)
		ectl_att_mangle(rsp, &len);
	if (c->opts.faults & ECTL_FAULT_ATT_OVERSIZED) {
		/* Pad past ATT_MTU; the padding continues the value. */
		memset(rsp + len, 0xa5, (size_t)cn->att.mtu + 16 - len);
		len = (size_t)cn->att.mtu + 16;
	}
	ectl_l2cap_send(c, cn, L2CAP_CID_ATT, rsp, len);
	return true;
}

/* A complete L2CAP PDU from the host: queue it for the next event. */
static void
ectl_l2cap_in(struct ectl *c, struct ectl_conn *cn, const uint8_t *p,
    size_t n)
{
	struct ectl_pdu	*q;
	uint16_t	 cid = (uint16_t)(p[2] | p[3] << 8);

	if (cid != L2CAP_CID_ATT && cid != L2CAP_CID_LE_SIG &&
	    cid != L2CAP_CID_SMP) {
		ls_log(LS_LOG_INFO, "L2CAP PDU for CID 0x%04x dropped", cid);
		c->st.l2cap_dropped++;
		return;
	}
	if (cn->qn == ECTL_RXQ) {
		ls_log(LS_LOG_INFO, "L2CAP queue full: PDU dropped");
		c->st.l2cap_dropped++;
		return;
	}
	q = &cn->q[(cn->qhead + cn->qn++) % ECTL_RXQ];
	q->cid = cid;
	q->len = (uint16_t)(n - ED_L2CAP_HDR);
	memcpy(q->data, p + ED_L2CAP_HDR, q->len);
}

void
ectl_conn_acl_in(struct ectl *c, const uint8_t *pkt, size_t len)
{
	struct ectl_conn	*cn;
	uint16_t		 hf, handle, dlen;
	unsigned		 pb, bc;
	size_t			 need;

	if (len < ED_ACL_HDR) {
		c->st.acl_violations++;
		return;
	}
	hf = (uint16_t)(pkt[0] | pkt[1] << 8);
	handle = hf & 0x0fff;
	pb = hf >> 12 & 3;
	bc = hf >> 14 & 3;
	dlen = (uint16_t)(pkt[2] | pkt[3] << 8);
	if ((cn = ectl_conn_by_handle(c, handle)) == NULL) {
		ls_log(LS_LOG_INFO, "ACL for unknown handle 0x%03x dropped",
		    handle);
		c->st.acl_unknown++;
		return;
	}
	if (dlen != len - ED_ACL_HDR || dlen > ECTL_ACL_LEN ||
	    c->acl_held >= ECTL_ACL_NUM || bc != 0 || pb == 3) {
		ls_log(LS_LOG_WARN, "ACL packet dropped: %s",
		    dlen != len - ED_ACL_HDR ? "length mismatch" :
		    dlen > ECTL_ACL_LEN ? "longer than ACL_Data_Packet_Length" :
		    c->acl_held >= ECTL_ACL_NUM ? "no free buffer (credits)" :
		    "bad flags");
		c->st.acl_violations++;
		return;
	}
	c->st.acl_in++;
	cn->held++;
	c->acl_held++;
	ectl_conn_schedule(cn, c->now);
	if (pb == HC_ACL_PB_CONT) {
		if (!cn->rxing) {
			c->st.l2cap_dropped++;
			return;
		}
	} else {
		if (cn->rxing)
			c->st.l2cap_dropped++;	/* previous PDU unfinished */
		cn->rxing = true;
		cn->rxlen = 0;
	}
	if (cn->rxlen + dlen > sizeof cn->rx) {
		cn->rxing = false;
		c->st.l2cap_dropped++;
		return;
	}
	memcpy(cn->rx + cn->rxlen, pkt + ED_ACL_HDR, dlen);
	cn->rxlen += dlen;
	if (cn->rxlen < ED_L2CAP_HDR)
		return;
	need = ED_L2CAP_HDR + (size_t)(cn->rx[0] | cn->rx[1] << 8);
	if (cn->rxlen < need)
		return;
	cn->rxing = false;
	if (cn->rxlen > need) {
		c->st.l2cap_dropped++;
		return;
	}
	ectl_l2cap_in(c, cn, cn->rx, cn->rxlen);
}

/* ---- connection events ---- */

static void
ectl_nocp(struct ectl *c, struct ectl_conn *cn)
{
	uint8_t	p[5];

	p[0] = 1;
	put_le16(p + 1, cn->handle);
	put_le16(p + 3, (uint16_t)cn->held);
	ectl_event(c, HC_EVT_NUM_COMPLETED_PACKETS, p, sizeof p);
	c->acl_held -= cn->held < c->acl_held ? cn->held : c->acl_held;
	cn->held = 0;
}

static void
ectl_flood(struct ectl *c, struct ectl_conn *cn)
{
	struct ectl_dev		*d = &c->devs[cn->dev];
	const struct scn_ble	*sb = d->sb;
	uint8_t			 p[EATT_PDU_MAX];
	uint16_t		 h = 0;
	size_t			 i, k, n = 0;

	for (i = 0; i < sb->nchars && h == 0; i++)
		if (sb->chars[i].props & SCN_PROP_NOTIFY)
			h = eatt_value_handle(d->db, i);
	if (h == 0 && sb->nchars > 0)
		h = eatt_value_handle(d->db, 0);
	if (h == 0)
		h = 1;
	p[0] = ATT_OP_NOTIFY;
	put_le16(p + 1, h);
	for (i = 0; i < sb->nchars; i++)
		if (eatt_value_handle(d->db, i) == h) {
			n = d->val[i]->len;
			if (n > (size_t)cn->att.mtu - 3)
				n = (size_t)cn->att.mtu - 3;
			if (n > 0)
				memcpy(p + 3, d->val[i]->value, n);
		}
	for (k = 0; k < ECTL_FLOOD_PER_EVENT; k++) {
		if (ectl_pending(c) >= c->opts.out_cap / 2)
			return;
		ectl_l2cap_send(c, cn, L2CAP_CID_ATT, p, 3 + n);
		d->ds.notifications++;
	}
}

static void
ectl_conn_event(struct ectl *c, struct ectl_conn *cn)
{
	const struct scn_ble	*sb = c->devs[cn->dev].sb;
	const struct ectl_pdu	*q;
	uint64_t		 t = cn->due;
	bool			 answered = false, flood;

	cn->due = UINT64_MAX;
	if (cn->held > 0)
		ectl_nocp(c, cn);
	if (cn->intro) {
		cn->intro = false;
		if (sb->connect.param_update_ms > 0)
			ectl_sig_param_request(c, cn,
			    sb->connect.param_update_ms);
		if (sb->connect.param_request_ms > 0)
			ectl_ll_param_request(c, cn,
			    sb->connect.param_request_ms);
		if (sb->security_request) {
			uint8_t	sr[2] = {
				L2CAP_SMP_SECURITY_REQ, ED_SMP_AUTH_BONDING
			};

			ectl_l2cap_send(c, cn, L2CAP_CID_SMP, sr, sizeof sr);
		}
	}
	while (cn->qn > 0) {
		q = &cn->q[cn->qhead];
		if (q->cid == L2CAP_CID_ATT && q->len > 0 &&
		    eatt_is_request(q->data[0])) {
			if (answered)
				break;
			answered = true;
		}
		cn->qhead = (cn->qhead + 1) % ECTL_RXQ;
		cn->qn--;
		if (q->cid == L2CAP_CID_LE_SIG)
			ectl_sig_in(c, cn, q->data, q->len);
		else if (q->cid == L2CAP_CID_SMP)
			ectl_smp_in(c, cn, q->data, q->len);
		else if (!ectl_att_in(c, cn, q->data, q->len))
			return;		/* link dropped */
	}
	flood = (c->opts.faults & ECTL_FAULT_NOTIFY_FLOOD) != 0;
	if (flood)
		ectl_flood(c, cn);
	if (cn->qn > 0 || flood)
		ectl_conn_schedule(cn, t);
}

/* The pending create completes now. */
static void
ectl_pend_complete(struct ectl *c)
{
	struct ectl_conn	*cn = NULL;
	struct ectl_dev		*d = &c->devs[c->pend.dev];
	const struct scn_ble	*sb = d->sb;
	size_t			 i;

	c->pend.active = false;
	if (sb->connect.fail == SCN_FAIL_REJECT) {
		ls_log(LS_LOG_INFO, "device %s: connection rejected", sb->id);
		ectl_conn_complete(c, HC_ERR_CONN_FAILED_ESTABLISH, NULL);
		return;
	}
	for (i = 0; i < ECTL_MAX_CONN && cn == NULL; i++)
		if (!c->conns[i].used)
			cn = &c->conns[i];
	if (cn == NULL) {
		/* 0x09 Connection Limit Exceeded. */
		ectl_conn_complete(c, 0x09, NULL);
		return;
	}
	memset(cn, 0, sizeof *cn);
	cn->used = true;
	while (ectl_conn_by_handle(c, c->next_handle) != cn &&
	    ectl_conn_by_handle(c, c->next_handle) != NULL)
		c->next_handle = c->next_handle >= ED_HANDLE_MAX ? 1 :
		    (uint16_t)(c->next_handle + 1);
	cn->handle = c->next_handle;
	c->next_handle = c->next_handle >= ED_HANDLE_MAX ? 1 :
	    (uint16_t)(c->next_handle + 1);
	cn->dev = c->pend.dev;
	cn->anchor = c->now;
	cn->interval = ectl_ms_to_units(sb->connect.conn_interval_ms);
	cn->iv = sb->connect.conn_interval_ms;
	cn->latency = 0;
	cn->timeout = c->pend.timeout;
	cn->due = UINT64_MAX;
	eatt_srv_init(&cn->att, (uint16_t)sb->mtu, sb->read_mult_var);
	cn->intro = sb->connect.param_update_ms > 0 ||
	    sb->connect.param_request_ms > 0 || sb->security_request;
	if (cn->intro || (c->opts.faults & ECTL_FAULT_NOTIFY_FLOOD))
		cn->due = cn->anchor;
	d->ds.connections++;
	d->ds.att_requests = 0;
	c->st.connections++;
	ls_log(LS_LOG_INFO, "device %s: connected, handle 0x%03x, interval "
	    "%u ms", sb->id, cn->handle, sb->connect.conn_interval_ms);
	ectl_conn_complete(c, HC_SUCCESS, cn);
}

void
ectl_conn_tick(struct ectl *c, uint64_t now)
{
	size_t	i;

	c->now = now;
	if (c->pend.active && c->pend.due <= now)
		ectl_pend_complete(c);
	for (i = 0; i < ECTL_MAX_CONN; i++) {
		while (c->conns[i].used && c->conns[i].due <= now)
			ectl_conn_event(c, &c->conns[i]);
		if (c->conns[i].used && c->conns[i].llreq &&
		    c->conns[i].llreq_deadline <= now) {
			/* Vol 6 Part B §5.2: the procedure timed out. */
			ls_log(LS_LOG_INFO, "device %s: no reply to the "
			    "parameter request in 40 s",
			    c->devs[c->conns[i].dev].sb->id);
			ectl_conn_drop(c, &c->conns[i],
			    HC_ERR_LL_RESPONSE_TIMEOUT);
		}
	}
}

uint64_t
ectl_conn_next_due(const struct ectl *c)
{
	uint64_t	m = UINT64_MAX;
	size_t		i;

	if (c->pend.active)
		m = c->pend.due;
	for (i = 0; i < ECTL_MAX_CONN; i++) {
		if (c->conns[i].used && c->conns[i].due < m)
			m = c->conns[i].due;
		if (c->conns[i].used && c->conns[i].llreq &&
		    c->conns[i].llreq_deadline < m)
			m = c->conns[i].llreq_deadline;
	}
	return m;
}

/* ---- commands ---- */

/* §7.8.12 parameter ranges of one set of connection parameters. */
static bool
ectl_conn_params_ok(uint16_t imin, uint16_t imax, uint16_t lat, uint16_t to)
{
	return imin >= ED_CONN_INTERVAL_MIN && imax <= ED_CONN_INTERVAL_MAX &&
	    imin <= imax && lat <= ED_CONN_LATENCY_MAX &&
	    to >= ED_SUPERVISION_MIN && to <= ED_SUPERVISION_MAX &&
	    /* timeout (10 ms) > (1 + latency) * interval max (1.25 ms) * 2 */
	    (uint32_t)to * 4 > (1u + lat) * imax;
}

/* Start initiating to (peer_type, peer). */
static void
ectl_initiate(struct ectl *c, bool ext, uint8_t filter, uint8_t peer_type,
    const uint8_t *peer, uint16_t timeout)
{
	const struct scn_ble	*sb;
	size_t			 i;

	if (!ext)
		c->init_phys = 1;	/* legacy: LE 1M */
	memset(&c->pend, 0, sizeof c->pend);
	c->pend.active = true;
	c->pend.ext = ext;
	c->pend.peer_type = peer_type;
	memcpy(c->pend.peer, peer, 6);
	c->pend.timeout = timeout;
	c->pend.dev = ECTL_CONN_DEV_NONE;
	c->pend.due = UINT64_MAX;
	for (i = 0; i < c->ndevs && filter == 0; i++) {
		sb = c->devs[i].sb;
		if (sb->addr_type != (peer_type & 1) ||
		    memcmp(sb->addr, peer, 6) != 0)
			continue;
		if (sb->adv_type != SCN_ADV_IND || c->devs[i].off ||
		    ectl_conn_dev_connected(c, i))
			break;		/* not connectable now */
		/* Heard only on the PHY it advertises on. */
		if (!(c->init_phys & (sb->coded ? 4 : 1))) {
			ls_log(LS_LOG_INFO, "device %s: initiating on a PHY "
			    "it does not advertise on", sb->id);
			break;
		}
		c->pend.dev = i;
		if (sb->connect.fail != SCN_FAIL_TIMEOUT)
			c->pend.due = c->now + sb->connect.delay_ms;
		ls_log(LS_LOG_INFO, "device %s: initiating (%s)", sb->id,
		    sb->connect.fail == SCN_FAIL_TIMEOUT ? "will never "
		    "complete" : sb->connect.fail == SCN_FAIL_REJECT ?
		    "will fail" : "will connect");
		return;
	}
	ls_log(LS_LOG_INFO, "initiating to a device that does not answer");
}

void
ectl_cmd_create_conn(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	struct cur	cu;
	uint16_t	siv, swin, imin, imax, lat, to;
	uint8_t		filter, ptype, own;
	const uint8_t	*peer;

	cur_init(&cu, p, n);
	siv = cur_le16(&cu);
	swin = cur_le16(&cu);
	filter = cur_u8(&cu);
	ptype = cur_u8(&cu);
	peer = cur_take(&cu, 6);
	own = cur_u8(&cu);
	imin = cur_le16(&cu);
	imax = cur_le16(&cu);
	lat = cur_le16(&cu);
	to = cur_le16(&cu);
	if (c->pend.active) {
		ectl_cs(c, op, HC_ERR_COMMAND_DISALLOWED);
		return;
	}
	if (!cur_ok(&cu) || siv < 4 || siv > 0x4000 || swin < 4 ||
	    swin > siv || filter > 1 || ptype > 3 || own > 3 ||
	    !ectl_conn_params_ok(imin, imax, lat, to) ||
	    !ectl_own_addr_type_ok(c, own)) {
		ectl_cs(c, op, HC_ERR_INVALID_PARAMS);
		return;
	}
	ectl_cs(c, op, HC_SUCCESS);
	ectl_initiate(c, false, filter, ptype, peer, to);
}

void
ectl_cmd_ext_create_conn(struct ectl *c, uint16_t op, const uint8_t *p,
    size_t n)
{
	struct cur	cu;
	uint16_t	siv, swin, imin, imax, lat, t, to = 0;
	uint8_t		filter, own, ptype, phys;
	const uint8_t	*peer;
	unsigned	i, nphy = 0;
	bool		ok;

	cur_init(&cu, p, n);
	filter = cur_u8(&cu);
	own = cur_u8(&cu);
	ptype = cur_u8(&cu);
	peer = cur_take(&cu, 6);
	phys = cur_u8(&cu);
	for (i = 0; i < 8; i++)
		nphy += phys >> i & 1;
	if (!cur_ok(&cu) || n != ED_EXT_CREATE_CONN_BASE +
	    ED_EXT_CREATE_CONN_PHY * (size_t)nphy || phys == 0 ||
	    (phys & ~7u)) {
		ectl_cs(c, op, HC_ERR_INVALID_PARAMS);
		return;
	}
	if (c->pend.active) {
		ectl_cs(c, op, HC_ERR_COMMAND_DISALLOWED);
		return;
	}
	/*
	 * LE 1M, and LE Coded when a scenario device uses it; 2M alone
	 * cannot initiate (§7.8.66).
	 */
	if (!(phys & 5) || ((phys & 4) && !c->coded_ok)) {
		ectl_cs(c, op, HC_ERR_UNSUPPORTED_FEATURE);
		return;
	}
	ok = filter <= 1 && ptype <= 3 && own <= 3 &&
	    ectl_own_addr_type_ok(c, own);
	for (i = 0; i < nphy; i++) {
		siv = cur_le16(&cu);
		swin = cur_le16(&cu);
		imin = cur_le16(&cu);
		imax = cur_le16(&cu);
		lat = cur_le16(&cu);
		t = cur_le16(&cu);
		cur_skip(&cu, 4);	/* CE lengths */
		if (i == 0)
			to = t;		/* LE 1M's set is the one used */
		if (siv < 4 || swin < 4 || swin > siv ||
		    !ectl_conn_params_ok(imin, imax, lat, t))
			ok = false;
	}
	if (!ok || !cur_ok(&cu)) {
		ectl_cs(c, op, HC_ERR_INVALID_PARAMS);
		return;
	}
	ectl_cs(c, op, HC_SUCCESS);
	c->init_phys = phys;
	ectl_initiate(c, true, filter, ptype, peer, to);
}

void
ectl_cmd_create_cancel(struct ectl *c, uint16_t op, const uint8_t *p,
    size_t n)
{
	(void)p;
	(void)n;
	/* §7.8.13: Command Disallowed when no create is pending. */
	if (!c->pend.active) {
		ectl_cc_status(c, op, HC_ERR_COMMAND_DISALLOWED);
		return;
	}
	ectl_cc_status(c, op, HC_SUCCESS);
	c->pend.active = false;
	ectl_conn_complete(c, HC_ERR_UNKNOWN_CONN_ID, NULL);
}

void
ectl_cmd_disconnect(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	static const uint8_t	 reasons[] = {
		0x05, 0x13, 0x14, 0x15, 0x1a, 0x29, 0x3b	/* §7.1.6 */
	};
	struct ectl_conn	*cn;
	uint16_t		 h = (uint16_t)((p[0] | p[1] << 8) & 0x0fff);

	(void)n;
	if ((cn = ectl_conn_by_handle(c, h)) == NULL) {
		ectl_cs(c, op, HC_ERR_UNKNOWN_CONN_ID);
		return;
	}
	if (memchr(reasons, p[2], sizeof reasons) == NULL) {
		ectl_cs(c, op, HC_ERR_INVALID_PARAMS);
		return;
	}
	ectl_cs(c, op, HC_SUCCESS);
	ectl_conn_drop(c, cn, HC_ERR_LOCAL_HOST_TERM);
}

void
ectl_cmd_read_rssi(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	struct ectl_conn	*cn;
	uint16_t		 h = (uint16_t)((p[0] | p[1] << 8) & 0x0fff);
	uint8_t			 r[4];

	(void)n;
	if ((cn = ectl_conn_by_handle(c, h)) == NULL) {
		ectl_cc_status(c, op, HC_ERR_UNKNOWN_CONN_ID);
		return;
	}
	r[0] = HC_SUCCESS;
	put_le16(r + 1, h);
	r[3] = (uint8_t)(int8_t)c->devs[cn->dev].rssi;
	ectl_cc(c, op, r, sizeof r);
}

void
ectl_cmd_conn_update(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	struct ectl_conn	*cn;
	struct cur		 cu;
	uint16_t		 h, imin, imax, lat, to, iv;
	uint8_t			 e[9];

	cur_init(&cu, p, n);
	h = cur_le16(&cu) & 0x0fff;
	imin = cur_le16(&cu);
	imax = cur_le16(&cu);
	lat = cur_le16(&cu);
	to = cur_le16(&cu);
	if ((cn = ectl_conn_by_handle(c, h)) == NULL) {
		ectl_cs(c, op, HC_ERR_UNKNOWN_CONN_ID);
		return;
	}
	if (!ectl_conn_params_ok(imin, imax, lat, to)) {
		ectl_cs(c, op, HC_ERR_INVALID_PARAMS);
		return;
	}
	ectl_cs(c, op, HC_SUCCESS);
	iv = cn->want_interval >= imin && cn->want_interval <= imax ?
	    cn->want_interval : imin;
	cn->interval = iv;
	cn->iv = (uint64_t)iv * 5 / 4 > 0 ? (uint64_t)iv * 5 / 4 : 1;
	cn->latency = lat;
	cn->timeout = to;
	cn->anchor = c->now;
	if (cn->due != UINT64_MAX) {
		cn->due = UINT64_MAX;
		ectl_conn_schedule(cn, c->now);
	}
	if (!ectl_le_event_on(c, HC_LE_CONN_UPDATE_COMPLETE))
		return;
	e[0] = HC_SUCCESS;
	put_le16(e + 1, h);
	put_le16(e + 3, cn->interval);
	put_le16(e + 5, cn->latency);
	put_le16(e + 7, cn->timeout);
	ectl_le_meta(c, HC_LE_CONN_UPDATE_COMPLETE, e, sizeof e);
}

/* §7.8.31: the host accepts the peer's request with these parameters. */
void
ectl_cmd_rem_param_reply(struct ectl *c, uint16_t op, const uint8_t *p,
    size_t n)
{
	struct ectl_conn	*cn;
	struct cur		 cu;
	uint16_t		 h, imin, imax, lat, to, iv;
	uint8_t			 r[3], e[9];

	cur_init(&cu, p, n);
	h = cur_le16(&cu) & 0x0fff;
	imin = cur_le16(&cu);
	imax = cur_le16(&cu);
	lat = cur_le16(&cu);
	to = cur_le16(&cu);
	r[0] = HC_SUCCESS;
	put_le16(r + 1, h);
	if ((cn = ectl_conn_by_handle(c, h)) == NULL || !cn->llreq) {
		r[0] = cn == NULL ? HC_ERR_UNKNOWN_CONN_ID :
		    HC_ERR_COMMAND_DISALLOWED;
		ectl_cc(c, op, r, sizeof r);
		return;
	}
	if (!ectl_conn_params_ok(imin, imax, lat, to)) {
		r[0] = HC_ERR_INVALID_PARAMS;
		ectl_cc(c, op, r, sizeof r);
		return;
	}
	ectl_cc(c, op, r, sizeof r);
	cn->llreq = false;
	c->devs[cn->dev].ds.ll_param_replied++;
	iv = cn->want_interval >= imin && cn->want_interval <= imax ?
	    cn->want_interval : imin;
	cn->interval = iv;
	cn->iv = (uint64_t)iv * 5 / 4 > 0 ? (uint64_t)iv * 5 / 4 : 1;
	cn->latency = lat;
	cn->timeout = to;
	cn->anchor = c->now;
	if (cn->due != UINT64_MAX) {
		cn->due = UINT64_MAX;
		ectl_conn_schedule(cn, c->now);
	}
	if (!ectl_le_event_on(c, HC_LE_CONN_UPDATE_COMPLETE))
		return;
	e[0] = HC_SUCCESS;
	put_le16(e + 1, h);
	put_le16(e + 3, cn->interval);
	put_le16(e + 5, cn->latency);
	put_le16(e + 7, cn->timeout);
	ectl_le_meta(c, HC_LE_CONN_UPDATE_COMPLETE, e, sizeof e);
}

/* §7.8.32: the host refuses; the link keeps its parameters. */
void
ectl_cmd_rem_param_neg(struct ectl *c, uint16_t op, const uint8_t *p,
    size_t n)
{
	struct ectl_conn	*cn;
	uint16_t		 h;
	uint8_t			 r[3];

	(void)n;
	h = (uint16_t)((p[0] | p[1] << 8) & 0x0fff);
	r[0] = HC_SUCCESS;
	put_le16(r + 1, h);
	if ((cn = ectl_conn_by_handle(c, h)) == NULL)
		r[0] = HC_ERR_UNKNOWN_CONN_ID;
	else if (!cn->llreq)
		r[0] = HC_ERR_COMMAND_DISALLOWED;
	else {
		cn->llreq = false;
		c->devs[cn->dev].ds.ll_param_refused++;
		ls_log(LS_LOG_INFO, "device %s: parameter request refused "
		    "(reason 0x%02x)", c->devs[cn->dev].sb->id, p[2]);
	}
	ectl_cc(c, op, r, sizeof r);
}
