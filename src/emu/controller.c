/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * controller.c - emulated LE controller state machine (see controller.h).
 *
 * Bluetooth Core 5.4:
 *  - Vol 4 Part E §5.4.1/§5.4.4 command and event packets; §7.7.14 Command
 *    Complete; §7.7.65.2 LE Advertising Report; §7.7.65.13 LE Extended
 *    Advertising Report; §7.7.65.17 LE Scan Timeout.
 *  - §7.3.1 Set Event Mask (default 0x00001FFFFFFFFFFF), §7.8.1 LE Set
 *    Event Mask (default 0x1F), §6.27 Supported Commands bit positions,
 *    §3.1.1 no mixing of legacy and extended advertising commands.
 *  - §7.8.10/§7.8.11 legacy scanning, §7.8.64/§7.8.65 extended scanning,
 *    §7.8.4 LE Set Random Address, §7.8.27 LE_States bits.
 *  - Vol 6 Part B §4.4.2.2.1 advDelay; §4.6 LE feature bits.
 *  - Vol 2 Part C §3.3 LMP feature bits 37 (BR/EDR Not Supported) and 38
 *    (LE Supported (Controller)).
 *
 * Commands are dispatched through one const table that also yields the
 * Supported Commands bitmap, so the two cannot disagree.  Advertising
 * events are kept in a binary min-heap on due time, so a tick costs
 * O(log n) per report whatever the number of devices.
 *
 * Connections, ACL data and what the devices answer over L2CAP are in
 * controller_conn.c.  Not emulated: advertising by the controller itself,
 * filter accept lists, privacy, coded PHY, periodic advertising.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/controller.h"
#include "emu/controller_int.h"
#include "emu/emudef.h"
#include "hci/h4.h"
#include "hci/hcidef.h"
#include "util/cursor.h"
#include "util/hex.h"
#include "util/log.h"


static void	ectl_cmd_reset(struct ectl *, uint16_t, const uint8_t *,
		    size_t);
static void	ectl_cmd_set_evmask(struct ectl *, uint16_t, const uint8_t *,
		    size_t);
static void	ectl_cmd_version(struct ectl *, uint16_t, const uint8_t *,
		    size_t);
static void	ectl_cmd_commands(struct ectl *, uint16_t, const uint8_t *,
		    size_t);
static void	ectl_cmd_features(struct ectl *, uint16_t, const uint8_t *,
		    size_t);
static void	ectl_cmd_bufsize(struct ectl *, uint16_t, const uint8_t *,
		    size_t);
static void	ectl_cmd_bdaddr(struct ectl *, uint16_t, const uint8_t *,
		    size_t);
static void	ectl_cmd_le_evmask(struct ectl *, uint16_t, const uint8_t *,
		    size_t);
static void	ectl_cmd_le_bufsize(struct ectl *, uint16_t, const uint8_t *,
		    size_t);
static void	ectl_cmd_le_bufsize2(struct ectl *, uint16_t, const uint8_t *,
		    size_t);
static void	ectl_cmd_le_features(struct ectl *, uint16_t, const uint8_t *,
		    size_t);
static void	ectl_cmd_le_randaddr(struct ectl *, uint16_t, const uint8_t *,
		    size_t);
static void	ectl_cmd_le_states(struct ectl *, uint16_t, const uint8_t *,
		    size_t);
static void	ectl_cmd_scan_params(struct ectl *, uint16_t, const uint8_t *,
		    size_t);
static void	ectl_cmd_scan_enable(struct ectl *, uint16_t, const uint8_t *,
		    size_t);
static void	ectl_cmd_ext_scan_params(struct ectl *, uint16_t,
		    const uint8_t *, size_t);
static void	ectl_cmd_ext_scan_enable(struct ectl *, uint16_t,
		    const uint8_t *, size_t);

#define ECTL_NOBIT	0xff, 0

static const struct ectl_cmd ectl_cmds[] = {
	{ HC_OP_RESET, "Reset", 0, 5, 7, ECTL_MODE_NONE,
	    ectl_cmd_reset, false },
	{ HC_OP_SET_EVENT_MASK, "Set Event Mask", 8, 5, 6, ECTL_MODE_NONE,
	    ectl_cmd_set_evmask, false },
	{ HC_OP_READ_LOCAL_VERSION, "Read Local Version Information", 0,
	    14, 3, ECTL_MODE_NONE, ectl_cmd_version, false },
	{ HC_OP_READ_LOCAL_COMMANDS, "Read Local Supported Commands", 0,
	    ECTL_NOBIT, ECTL_MODE_NONE, ectl_cmd_commands, false },
	{ HC_OP_READ_LOCAL_FEATURES, "Read Local Supported Features", 0,
	    14, 5, ECTL_MODE_NONE, ectl_cmd_features, false },
	{ HC_OP_READ_BUFFER_SIZE, "Read Buffer Size", 0, 14, 7,
	    ECTL_MODE_NONE, ectl_cmd_bufsize, false },
	{ HC_OP_READ_BD_ADDR, "Read BD_ADDR", 0, 15, 1, ECTL_MODE_NONE,
	    ectl_cmd_bdaddr, false },
	{ HC_OP_LE_SET_EVENT_MASK, "LE Set Event Mask", 8, 25, 0,
	    ECTL_MODE_NONE, ectl_cmd_le_evmask, false },
	{ HC_OP_LE_READ_BUFFER_SIZE, "LE Read Buffer Size [v1]", 0, 25, 1,
	    ECTL_MODE_NONE, ectl_cmd_le_bufsize, false },
	{ HC_OP_LE_READ_LOCAL_FEATURES, "LE Read Local Supported Features",
	    0, 25, 2, ECTL_MODE_NONE, ectl_cmd_le_features, false },
	{ HC_OP_LE_SET_RANDOM_ADDRESS, "LE Set Random Address", 6, 25, 4,
	    ECTL_MODE_NONE, ectl_cmd_le_randaddr, false },
	{ HC_OP_LE_SET_SCAN_PARAMS, "LE Set Scan Parameters", 7, 26, 2,
	    ECTL_MODE_LEGACY, ectl_cmd_scan_params, false },
	{ HC_OP_LE_SET_SCAN_ENABLE, "LE Set Scan Enable", 2, 26, 3,
	    ECTL_MODE_LEGACY, ectl_cmd_scan_enable, false },
	{ HC_OP_LE_READ_SUPPORTED_STATES, "LE Read Supported States", 0,
	    28, 3, ECTL_MODE_NONE, ectl_cmd_le_states, false },
	{ HC_OP_LE_SET_EXT_SCAN_PARAMS, "LE Set Extended Scan Parameters", -1,
	    HC_CMDBIT_LE_SET_EXT_SCAN_PARAMS, ECTL_MODE_EXT,
	    ectl_cmd_ext_scan_params, false },
	{ HC_OP_LE_SET_EXT_SCAN_ENABLE, "LE Set Extended Scan Enable", 6,
	    HC_CMDBIT_LE_SET_EXT_SCAN_ENABLE, ECTL_MODE_EXT,
	    ectl_cmd_ext_scan_enable, false },
	{ HC_OP_LE_READ_BUFFER_SIZE_V2, "LE Read Buffer Size [v2]", 0, 41, 5,
	    ECTL_MODE_NONE, ectl_cmd_le_bufsize2, false },
	{ HC_OP_DISCONNECT, "Disconnect", 3, ED_CMDBIT_DISCONNECT,
	    ECTL_MODE_NONE, ectl_cmd_disconnect, true },
	{ HC_OP_READ_RSSI, "Read RSSI", 2, ED_CMDBIT_READ_RSSI,
	    ECTL_MODE_NONE, ectl_cmd_read_rssi, false },
	{ HC_OP_LE_CREATE_CONN, "LE Create Connection", ED_CREATE_CONN_LEN,
	    ED_CMDBIT_LE_CREATE_CONN, ECTL_MODE_LEGACY, ectl_cmd_create_conn,
	    true },
	{ HC_OP_LE_CREATE_CONN_CANCEL, "LE Create Connection Cancel", 0,
	    ED_CMDBIT_LE_CREATE_CONN_CANCEL, ECTL_MODE_NONE,
	    ectl_cmd_create_cancel, false },
	{ ED_OP_LE_CONN_UPDATE, "LE Connection Update", 14,
	    ED_CMDBIT_LE_CONN_UPDATE, ECTL_MODE_NONE, ectl_cmd_conn_update,
	    true },
	{ HC_OP_LE_EXT_CREATE_CONN, "LE Extended Create Connection", -1,
	    HC_CMDBIT_LE_EXT_CREATE_CONN, ECTL_MODE_EXT,
	    ectl_cmd_ext_create_conn, true },
	{ HC_OP_LE_REM_CONN_PARAM_REPLY,
	    "LE Remote Connection Parameter Request Reply", 14,
	    HC_CMDBIT_LE_REM_CONN_PARAM_REPLY, ECTL_MODE_NONE,
	    ectl_cmd_rem_param_reply, false },
	{ HC_OP_LE_REM_CONN_PARAM_NEG,
	    "LE Remote Connection Parameter Request Negative Reply", 3,
	    HC_CMDBIT_LE_REM_CONN_PARAM_NEG, ECTL_MODE_NONE,
	    ectl_cmd_rem_param_neg, false },
};

#define ECTL_NCMDS	(sizeof ectl_cmds / sizeof ectl_cmds[0])

static const struct {
	const char	*name;
	unsigned	 bit;
} ectl_faults[] = {
	{ "silent",	 ECTL_FAULT_SILENT },
	{ "no-reset",	 ECTL_FAULT_NO_RESET },
	{ "legacy-only", ECTL_FAULT_LEGACY_ONLY },
	{ "garbage",	 ECTL_FAULT_GARBAGE },
	{ "fragment",	 ECTL_FAULT_FRAGMENT },
	{ "hangup",	 ECTL_FAULT_HANGUP },
	{ "att-silent",	 ECTL_FAULT_ATT_SILENT },
	{ "att-malformed", ECTL_FAULT_ATT_MALFORMED },
	{ "att-oversized", ECTL_FAULT_ATT_OVERSIZED },
	{ "disconnect-mid", ECTL_FAULT_DISCONNECT_MID },
	{ "notify-flood", ECTL_FAULT_NOTIFY_FLOOD },
	{ "zero-credits", ECTL_FAULT_ZERO_CREDITS },
	{ "stray-byte",	 ECTL_FAULT_STRAY_BYTE },
	{ "hardware-error", ECTL_FAULT_HW_ERROR },
	{ "ext-scan-empty", ECTL_FAULT_EXT_SCAN_EMPTY },
};

/* ---- PRNG: splitmix64 seeding, xorshift64* stream ---- */

static uint64_t
ectl_splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint32_t
ectl_rand(struct ectl *c)
{
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return (uint32_t)((c->rng * 0x2545f4914f6cdd1dULL) >> 32);
}

/* ---- output queue ---- */

size_t
ectl_pending(const struct ectl *c)
{
	return c->out_len - c->out_head;
}

bool
ectl_out_append(struct ectl *c, const uint8_t *p, size_t n)
{
	uint8_t	*nb;
	size_t	 cap;

	if (c->out_head > 0 && c->out_len + n > c->out_alloc) {
		memmove(c->out, c->out + c->out_head, ectl_pending(c));
		c->out_len -= c->out_head;
		c->out_head = 0;
	}
	if (c->out_len + n > c->out_alloc) {
		cap = c->out_alloc < 4096 ? 4096 : c->out_alloc;
		while (cap < c->out_len + n)
			cap *= 2;
		if ((nb = realloc(c->out, cap)) == NULL)
			return false;
		c->out = nb;
		c->out_alloc = cap;
	}
	memcpy(c->out + c->out_len, p, n);
	c->out_len += n;
	return true;
}

/* Command Complete (§7.7.14): Num_HCI_Command_Packets is always 1. */
void
ectl_cc(struct ectl *c, uint16_t op, const uint8_t *ret, size_t n)
{
	uint8_t	pkt[3 + 3 + 255];

	if (n > 255 - 3)
		n = 255 - 3;
	pkt[0] = HC_PKT_EVT;
	pkt[1] = HC_EVT_CMD_COMPLETE;
	pkt[2] = (uint8_t)(3 + n);
	pkt[3] = ectl_ncmd(c);
	put_le16(pkt + 4, op);
	memcpy(pkt + 6, ret, n);
	if (!ectl_out_append(c, pkt, 6 + n))
		ls_log(LS_LOG_ERROR, "out of memory: Command Complete for "
		    "0x%04x lost", op);
}

void
ectl_cc_status(struct ectl *c, uint16_t op, uint8_t status)
{
	ectl_cc(c, op, &status, 1);
	if (status != HC_SUCCESS)
		ls_log(LS_LOG_INFO, "command 0x%04x: status 0x%02x", op,
		    status);
}

uint8_t
ectl_ncmd(const struct ectl *c)
{
	/* zero-credits: the host may never send another command. */
	return (c->opts.faults & ECTL_FAULT_ZERO_CREDITS) ? 0 : 1;
}

bool
ectl_le_event_on(const struct ectl *c, uint8_t subevent)
{
	return (c->evmask >> HC_EVMASK_LE_META_BIT & 1) &&
	    (c->lemask >> (subevent - 1) & 1);
}

/* ---- duplicate filter ---- */

static uint64_t
ectl_hash(const uint8_t *p, size_t n, uint64_t h)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void
ectl_dup_clear(struct ectl *c)
{
	if (c->dup != NULL)
		memset(c->dup, 0, c->dup_cap * sizeof *c->dup);
	c->dup_n = 0;
}

static bool
ectl_dup_has(const struct ectl *c, uint64_t h)
{
	size_t	i;

	if (c->dup_cap == 0)
		return false;
	for (i = h & (c->dup_cap - 1); c->dup[i] != 0;
	    i = (i + 1) & (c->dup_cap - 1))
		if (c->dup[i] == h)
			return true;
	return false;
}

static void
ectl_dup_put(struct ectl *c, uint64_t h)
{
	uint64_t	*old, *n;
	size_t		 oldcap, i, k;

	if (c->dup_n + 1 > c->dup_cap / 2) {
		if (c->dup_cap >= 2 * ECTL_DUP_MAX) {
			/* Filter memory is full: forget, as controllers do. */
			ectl_dup_clear(c);
		} else {
			oldcap = c->dup_cap;
			old = c->dup;
			k = oldcap == 0 ? 1024 : oldcap * 2;
			if ((n = calloc(k, sizeof *n)) == NULL)
				return;
			c->dup = n;
			c->dup_cap = k;
			c->dup_n = 0;
			for (i = 0; i < oldcap; i++)
				if (old[i] != 0)
					ectl_dup_put(c, old[i]);
			free(old);
		}
	}
	for (i = h & (c->dup_cap - 1); c->dup[i] != 0;
	    i = (i + 1) & (c->dup_cap - 1))
		if (c->dup[i] == h)
			return;
	c->dup[i] = h;
	c->dup_n++;
}

/* ---- advertising reports ---- */

static int8_t
ectl_rssi(struct ectl *c, const struct ectl_dev *d)
{
	const struct scn_ble	*sb = d->sb;
	int			 r = d->rssi;

	if (sb->rssi_jitter > 0)
		r += (int)(ectl_rand(c) % (2 * sb->rssi_jitter + 1)) -
		    (int)sb->rssi_jitter;
	if (r < -127)
		r = -127;
	if (r > 20)
		r = 20;
	return (int8_t)r;
}

/*
 * Queue one report for device d: legacy event type ltype (§7.7.65.2) or
 * extended event type xtype (§7.7.65.13), with data.
 */
static void
ectl_report(struct ectl *c, const struct ectl_dev *d, uint8_t ltype,
    uint16_t xtype, const struct scn_adv *data)
{
	const struct scn_ble	*sb = d->sb;
	uint8_t			 pkt[3 + 26 + SCN_ADV_MAX], *q;
	uint64_t		 h = 0;
	size_t			 n;

	if (!ectl_le_event_on(c, c->ext ? HC_LE_EXT_ADV_REPORT :
	    HC_LE_ADV_REPORT))
		return;
	if (c->filter_dup) {
		h = ectl_hash(&sb->addr_type, 1, 0xcbf29ce484222325ULL);
		h = ectl_hash(sb->addr, 6, h);
		h = ectl_hash(c->ext ? (const uint8_t *)&xtype : &ltype,
		    c->ext ? 2 : 1, h);
		h = ectl_hash(&data->len, 1, h);
		h = ectl_splitmix(ectl_hash(data->data, data->len, h));
		if (h == 0)
			h = 1;
		if (ectl_dup_has(c, h))
			return;
	}
	q = pkt;
	*q++ = HC_PKT_EVT;
	*q++ = HC_EVT_LE_META;
	q++;			/* parameter length, below */
	if (!c->ext) {
		*q++ = HC_LE_ADV_REPORT;
		*q++ = 1;	/* Num_Reports */
		*q++ = ltype;
		*q++ = sb->addr_type;
		memcpy(q, sb->addr, 6);
		q += 6;
		*q++ = data->len;
		memcpy(q, data->data, data->len);
		q += data->len;
		*q++ = (uint8_t)ectl_rssi(c, d);
	} else {
		*q++ = HC_LE_EXT_ADV_REPORT;
		*q++ = 1;
		put_le16(q, xtype);
		q += 2;
		*q++ = sb->addr_type;
		memcpy(q, sb->addr, 6);
		q += 6;
		*q++ = 0x01;	/* Primary_PHY: LE 1M */
		*q++ = 0x00;	/* Secondary_PHY: none */
		*q++ = 0xff;	/* Advertising_SID: none */
		*q++ = HC_TXPOWER_NONE;
		*q++ = (uint8_t)ectl_rssi(c, d);
		put_le16(q, 0);	/* Periodic_Advertising_Interval */
		q += 2;
		*q++ = 0x00;	/* Direct_Address_Type */
		memset(q, 0, 6);
		q += 6;
		*q++ = data->len;
		memcpy(q, data->data, data->len);
		q += data->len;
	}
	n = (size_t)(q - pkt);
	pkt[2] = (uint8_t)(n - 3);
	if (ectl_pending(c) + n > c->opts.out_cap ||
	    !ectl_out_append(c, pkt, n)) {
		c->st.dropped++;
		return;
	}
	if (c->filter_dup)
		ectl_dup_put(c, h);
	c->st.reports++;
}

/*
 * Device d's extended advertisement (scenario ext_adv) to an extended
 * scanner: one report per piece of ext_piece bytes, all but the last
 * with data status "incomplete, more to come" (§7.7.65.13), as a
 * controller reports AUX_CHAIN_IND data (Vol 6 Part B §4.4.2.2).  SID 0,
 * secondary PHY the device's (LE 1M, or LE Coded for a "phy": "coded"
 * device, whose plain adv comes this way too); never scannable (§2.3.1
 * extended connectable).  The duplicate filter keys on the whole
 * advertisement.
 */
static void
ectl_report_chain(struct ectl *c, const struct ectl_dev *d,
    const uint8_t *data, size_t dlen)
{
	const struct scn_ble	*sb = d->sb;
	uint8_t			 phy = sb->coded ? 0x03 : 0x01;
	uint8_t			 pkt[3 + 26 + SCN_EXT_PIECE_MAX], *q;
	uint16_t		 xtype;
	uint64_t		 h = 0;
	size_t			 off, len, n;
	int8_t			 rssi;

	if (!ectl_le_event_on(c, HC_LE_EXT_ADV_REPORT))
		return;
	if (c->filter_dup) {
		h = ectl_hash(&sb->addr_type, 1, 0xa0761d6478bd642fULL);
		h = ectl_hash(sb->addr, 6, h);
		h = ectl_splitmix(ectl_hash(data, dlen, h));
		if (h == 0)
			h = 1;
		if (ectl_dup_has(c, h))
			return;
	}
	rssi = ectl_rssi(c, d);
	for (off = 0; off == 0 || off < dlen; off += len) {
		len = dlen - off;
		if (len > sb->ext_piece)
			len = sb->ext_piece;
		xtype = sb->adv_type == SCN_ADV_IND ? HC_EXT_EVT_CONNECTABLE :
		    0;
		if (off + len < dlen)
			xtype |= HC_DATA_INCOMPLETE << 5;
		q = pkt;
		*q++ = HC_PKT_EVT;
		*q++ = HC_EVT_LE_META;
		q++;
		*q++ = HC_LE_EXT_ADV_REPORT;
		*q++ = 1;
		put_le16(q, xtype);
		q += 2;
		*q++ = sb->addr_type;
		memcpy(q, sb->addr, 6);
		q += 6;
		*q++ = phy;	/* Primary_PHY */
		*q++ = phy;	/* Secondary_PHY */
		*q++ = 0x00;	/* Advertising_SID */
		*q++ = HC_TXPOWER_NONE;
		*q++ = (uint8_t)rssi;
		put_le16(q, 0);
		q += 2;
		*q++ = 0x00;
		memset(q, 0, 6);
		q += 6;
		*q++ = (uint8_t)len;
		if (len > 0)
			memcpy(q, data + off, len);
		q += len;
		n = (size_t)(q - pkt);
		pkt[2] = (uint8_t)(n - 3);
		if (ectl_pending(c) + n > c->opts.out_cap ||
		    !ectl_out_append(c, pkt, n)) {
			/* The rest would be a chain without its start. */
			c->st.dropped++;
			return;
		}
		c->st.reports++;
	}
	if (c->filter_dup)
		ectl_dup_put(c, h);
}

/* Is time t inside a scan window? */
static bool
ectl_in_window(const struct ectl *c, uint64_t t)
{
	uint64_t	since = t - c->scan_start, iv;

	if (c->period_ms > 0 && since % c->period_ms >= c->duration_ms)
		return false;
	if (c->scanp.window >= c->scanp.interval)
		return true;
	iv = (uint64_t)c->scanp.interval * 625;	/* microseconds */
	return (since * 1000) % iv < (uint64_t)c->scanp.window * 625;
}

/* One advertising event of device d at time t, as the scanner hears it. */
static void
ectl_adv_event(struct ectl *c, const struct ectl_dev *d, uint64_t t)
{
	enum scn_adv_type	at = d->sb->adv_type;
	static const uint8_t	ltypes[] = {
		HC_ADV_IND, HC_ADV_NONCONN_IND, HC_ADV_SCAN_IND
	};
	static const uint16_t	xtypes[] = {
		HC_EXT_EVT_LEGACY | HC_EXT_EVT_CONNECTABLE |
		    HC_EXT_EVT_SCANNABLE,
		HC_EXT_EVT_LEGACY,
		HC_EXT_EVT_LEGACY | HC_EXT_EVT_SCANNABLE
	};

	if (d->off || !ectl_in_window(c, t) ||
	    ectl_conn_dev_connected(c, (size_t)(d - c->devs)))
		return;
	/* ext-scan-empty: the broken extended scanning of some dongles. */
	if (c->ext && (c->opts.faults & ECTL_FAULT_EXT_SCAN_EMPTY))
		return;
	/* LE Coded devices: only an extended scan on Coded hears them. */
	if (d->sb->coded && (!c->ext || !c->scan_coded))
		return;
	if (!d->sb->coded && c->ext && !c->scan_1m)
		return;
	if (c->ext && d->sb->ext_adv_len > 0) {
		ectl_report_chain(c, d, d->sb->ext_adv, d->sb->ext_adv_len);
		return;
	}
	if (d->sb->coded) {
		ectl_report_chain(c, d, d->adv->data, d->adv->len);
		return;
	}
	ectl_report(c, d, ltypes[at], xtypes[at], d->adv);
	/* An active scanner sends SCAN_REQ to scannable PDUs
	   (Vol 6 B §4.4.3.2). */
	if (c->scanp.type == 1 && at != SCN_ADV_NONCONN_IND && d->rsp != NULL)
		ectl_report(c, d, HC_SCAN_RSP,
		    xtypes[at] | HC_EXT_EVT_SCAN_RSP, d->rsp);
}

/* ---- heap of advertising events ---- */

static bool
ectl_heap_less(const struct ectl *c, size_t a, size_t b)
{
	return c->devs[c->heap[a]].due < c->devs[c->heap[b]].due;
}

static void
ectl_heap_swap(struct ectl *c, size_t a, size_t b)
{
	size_t	t = c->heap[a];

	c->heap[a] = c->heap[b];
	c->heap[b] = t;
}

static void
ectl_heap_down(struct ectl *c, size_t i)
{
	size_t	l, m;

	for (;;) {
		l = 2 * i + 1;
		if (l >= c->nheap)
			return;
		m = l;
		if (l + 1 < c->nheap && ectl_heap_less(c, l + 1, l))
			m = l + 1;
		if (!ectl_heap_less(c, m, i))
			return;
		ectl_heap_swap(c, i, m);
		i = m;
	}
}

static void
ectl_scan_start(struct ectl *c)
{
	size_t	i;

	c->scanning = true;
	c->scan_start = c->now;
	if ((c->opts.faults & ECTL_FAULT_HW_ERROR) && !c->hwerr_done)
		c->hwerr_due = c->now + 300;
	c->period_idx = 0;
	ectl_dup_clear(c);
	for (i = 0; i < c->ndevs; i++) {
		c->devs[i].due = c->now +
		    ectl_rand(c) % c->devs[i].sb->interval_ms;
		c->heap[i] = i;
	}
	c->nheap = c->ndevs;
	for (i = c->nheap / 2; i-- > 0;)
		ectl_heap_down(c, i);
	ls_log(LS_LOG_INFO, "%s scanning on (%s, interval %u, window %u, "
	    "duplicates %s)", c->ext ? "extended" : "legacy",
	    c->scanp.type ? "active" : "passive", c->scanp.interval,
	    c->scanp.window, c->filter_dup ? "filtered" : "reported");
}

static void
ectl_scan_stop(struct ectl *c)
{
	if (c->scanning)
		ls_log(LS_LOG_INFO, "scanning off");
	c->scanning = false;
	c->nheap = 0;
}

/* ---- site ---- */

static void
ectl_apply(struct ectl *c, size_t i, size_t k)
{
	struct ectl_dev		*d = &c->devs[i];
	const struct scn_state	*st = &d->sb->states[k];
	size_t			 v;

	if (st->set_adv)
		d->adv = &st->adv;
	if (st->set_scan_rsp)
		d->rsp = st->scan_rsp.present ? &st->scan_rsp : NULL;
	for (v = 0; v < st->nvalues; v++)
		d->val[st->values[v].chr] = &st->values[v];
	d->state = k;
	c->st.switches++;
	ls_log(LS_LOG_INFO, "device %s: state %s", d->sb->id, st->name);
}

/* Quote a string from a peer for a message (printable, cut at 64). */
static const char *
ectl_q(const char *s, char out[72])
{
	size_t	o = 0;

	for (; *s != '\0' && o < 64; s++)
		out[o++] = *s >= 0x20 && *s < 0x7f && *s != '\'' ? *s : '?';
	if (*s != '\0') {
		memcpy(out + o, "...", 4);
		return out;
	}
	out[o] = '\0';
	return out;
}

enum ls_err
ectl_set_state(struct ectl *c, const char *dev, const char *state,
    struct ls_errbuf *eb)
{
	const struct scn_ble	*sb;
	char			 q[72], q2[72];
	long			 k;

	if ((sb = scn_ble_find(c->scn, dev)) == NULL)
		return ls_err_set(eb, LS_EINPUT, "unknown device '%s'",
		    ectl_q(dev, q));
	if ((k = scn_state_find(sb, state)) < 0)
		return ls_err_set(eb, LS_EINPUT, "device '%s' has no state "
		    "'%s'", sb->id, ectl_q(state, q2));
	ectl_apply(c, sb->index, (size_t)k);
	return LS_OK;
}

enum ls_err
ectl_set_advertising(struct ectl *c, const char *dev, bool on,
    struct ls_errbuf *eb)
{
	const struct scn_ble	*sb;
	char			 q[72];

	if ((sb = scn_ble_find(c->scn, dev)) == NULL)
		return ls_err_set(eb, LS_EINPUT, "unknown device '%s'",
		    ectl_q(dev, q));
	c->devs[sb->index].off = !on;
	ls_log(LS_LOG_INFO, "device %s: advertising %s", sb->id,
	    on ? "on" : "off");
	return LS_OK;
}

enum ls_err
ectl_set_rssi(struct ectl *c, const char *dev, int dbm, struct ls_errbuf *eb)
{
	const struct scn_ble	*sb;
	char			 q[72];

	if ((sb = scn_ble_find(c->scn, dev)) == NULL)
		return ls_err_set(eb, LS_EINPUT, "unknown device '%s'",
		    ectl_q(dev, q));
	if (dbm < -127 || dbm > 20)
		return ls_err_set(eb, LS_EINPUT, "RSSI %d dBm is outside "
		    "-127..20", dbm);
	c->devs[sb->index].rssi = dbm;
	return LS_OK;
}

const char *
ectl_dev_state(const struct ectl *c, size_t i)
{
	if (i >= c->ndevs)
		return NULL;
	return c->devs[i].sb->states[c->devs[i].state].name;
}

bool
ectl_char_value(const struct ectl *c, size_t i, size_t chr,
    const uint8_t **p, size_t *len)
{
	if (i >= c->ndevs || chr >= c->devs[i].sb->nchars)
		return false;
	*p = c->devs[i].val[chr]->value;
	*len = c->devs[i].val[chr]->len;
	return true;
}

/* ---- commands ---- */

/* Power-on / Reset state of the controller (not of the site). */
static void
ectl_hci_reset(struct ectl *c)
{
	c->evmask = ECTL_EVMASK_DEFAULT;
	c->lemask = ECTL_LEMASK_DEFAULT;
	c->randaddr_set = false;
	memset(c->randaddr, 0, sizeof c->randaddr);
	c->mode = ECTL_MODE_NONE;
	/* §7.8.10 defaults: passive, 10 ms interval and window. */
	c->scanp.type = 0;
	c->scanp.interval = 0x0010;
	c->scanp.window = 0x0010;
	c->scanp.own_addr_type = 0;
	c->scanp.filter_policy = 0;
	ectl_scan_stop(c);
	ectl_conn_reset(c);
	c->ext = false;
	c->scan_1m = true;
	c->scan_coded = false;
	c->filter_dup = 0;
	c->duration_ms = 0;
	c->period_ms = 0;
	ectl_dup_clear(c);
}

static void
ectl_cmd_reset(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	(void)p;
	(void)n;
	if (c->opts.faults & ECTL_FAULT_NO_RESET) {
		ls_log(LS_LOG_INFO, "fault no-reset: Reset ignored");
		return;
	}
	ectl_hci_reset(c);
	ectl_cc_status(c, op, HC_SUCCESS);
	c->st.resets++;
	if (c->opts.faults & ECTL_FAULT_HANGUP) {
		ls_log(LS_LOG_INFO, "fault hangup: closing after Reset");
		c->hangup = true;
	}
}

static uint64_t
ectl_le64(const uint8_t *p)
{
	return (uint64_t)(p[0] | p[1] << 8 | p[2] << 16 |
	    (uint32_t)p[3] << 24) | (uint64_t)(p[4] | p[5] << 8 |
	    p[6] << 16 | (uint32_t)p[7] << 24) << 32;
}

static void
ectl_cmd_set_evmask(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	(void)n;
	c->evmask = ectl_le64(p);
	ectl_cc_status(c, op, HC_SUCCESS);
}

static void
ectl_cmd_version(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	uint8_t	r[9];

	(void)p;
	(void)n;
	r[0] = HC_SUCCESS;
	r[1] = ECTL_HCI_VERSION;
	put_le16(r + 2, 0x0000);	/* HCI_Subversion */
	r[4] = ECTL_HCI_VERSION;	/* LMP/LL version */
	put_le16(r + 5, ECTL_COMPANY);
	put_le16(r + 7, 0x0001);	/* LMP_Subversion */
	ectl_cc(c, op, r, sizeof r);
}

static bool
ectl_cmd_available(const struct ectl *c, const struct ectl_cmd *cmd)
{
	return !(cmd->kind == ECTL_MODE_EXT &&
	    (c->opts.faults & ECTL_FAULT_LEGACY_ONLY));
}

static void
ectl_cmd_commands(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	uint8_t	r[1 + 64];
	size_t	i;

	(void)p;
	(void)n;
	memset(r, 0, sizeof r);
	for (i = 0; i < ECTL_NCMDS; i++)
		if (ectl_cmds[i].octet != 0xff &&
		    ectl_cmd_available(c, &ectl_cmds[i]))
			r[1 + ectl_cmds[i].octet] |= 1u << ectl_cmds[i].bit;
	ectl_cc(c, op, r, sizeof r);
}

static void
ectl_cmd_features(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	uint8_t	r[1 + 8];

	(void)p;
	(void)n;
	memset(r, 0, sizeof r);
	/* LMP bits 37 BR/EDR Not Supported, 38 LE Supported (Controller). */
	r[1 + 4] = 1u << 5 | 1u << 6;
	ectl_cc(c, op, r, sizeof r);
}

static void
ectl_cmd_bufsize(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	uint8_t	r[8];

	(void)p;
	(void)n;
	r[0] = HC_SUCCESS;
	put_le16(r + 1, ECTL_ACL_LEN);	/* ACL_Data_Packet_Length */
	r[3] = 0;			/* Synchronous_Data_Packet_Length */
	put_le16(r + 4, ECTL_ACL_NUM);	/* Total_Num_ACL_Data_Packets */
	put_le16(r + 6, 0);		/* Total_Num_Synchronous_... */
	ectl_cc(c, op, r, sizeof r);
}

static void
ectl_cmd_bdaddr(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	uint8_t	r[7];

	(void)p;
	(void)n;
	r[0] = HC_SUCCESS;
	memcpy(r + 1, c->opts.bdaddr, 6);
	ectl_cc(c, op, r, sizeof r);
}

static void
ectl_cmd_le_evmask(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	(void)n;
	c->lemask = ectl_le64(p);
	ectl_cc_status(c, op, HC_SUCCESS);
}

static void
ectl_cmd_le_bufsize(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	uint8_t	r[4];

	(void)p;
	(void)n;
	r[0] = HC_SUCCESS;
	put_le16(r + 1, ECTL_ACL_LEN);
	r[3] = ECTL_ACL_NUM;
	ectl_cc(c, op, r, sizeof r);
}

static void
ectl_cmd_le_bufsize2(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	uint8_t	r[7];

	(void)p;
	(void)n;
	r[0] = HC_SUCCESS;
	put_le16(r + 1, ECTL_ACL_LEN);
	r[3] = ECTL_ACL_NUM;
	put_le16(r + 4, 0);		/* ISO_Data_Packet_Length */
	r[6] = 0;			/* Total_Num_ISO_Data_Packets */
	ectl_cc(c, op, r, sizeof r);
}

static void
ectl_cmd_le_features(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	uint8_t	r[1 + 8];

	(void)p;
	(void)n;
	memset(r, 0, sizeof r);
	if (!(c->opts.faults & ECTL_FAULT_LEGACY_ONLY))
		r[1 + HC_LEFEAT_EXT_ADV / 8] |= 1u << (HC_LEFEAT_EXT_ADV % 8);
	r[1] |= 1u << HC_LEFEAT_CONN_PARAM_REQ;
	if (c->coded_ok && !(c->opts.faults & ECTL_FAULT_LEGACY_ONLY))
		r[1 + HC_LEFEAT_CODED_PHY / 8] |=
		    1u << (HC_LEFEAT_CODED_PHY % 8);
	ectl_cc(c, op, r, sizeof r);
}

static void
ectl_cmd_le_randaddr(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	(void)n;
	/* §7.8.4: not while scanning. */
	if (c->scanning) {
		ectl_cc_status(c, op, HC_ERR_COMMAND_DISALLOWED);
		return;
	}
	memcpy(c->randaddr, p, 6);
	c->randaddr_set = true;
	ectl_cc_status(c, op, HC_SUCCESS);
}

static void
ectl_cmd_le_states(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	uint8_t	r[1 + 8];

	(void)p;
	(void)n;
	memset(r, 0, sizeof r);
	/*
	 * §7.8.27: bit 4 Passive Scanning, 5 Active Scanning, 6 Initiating,
	 * 7 Connection State (Central Role).
	 */
	r[1] = 1u << 4 | 1u << 5 | 1u << 6 | 1u << 7;
	ectl_cc(c, op, r, sizeof r);
}

/* Check one PHY's scan parameters; interval and window in 0.625 ms. */
static bool
ectl_scanp_ok(uint8_t type, uint16_t interval, uint16_t window,
    uint16_t max)
{
	return type <= 1 && interval >= 0x0004 && interval <= max &&
	    window >= 0x0004 && window <= max && window <= interval;
}

static void
ectl_cmd_scan_params(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	struct cur		cu;
	struct ectl_scanp	sp;

	if (c->scanning) {
		ectl_cc_status(c, op, HC_ERR_COMMAND_DISALLOWED);
		return;
	}
	cur_init(&cu, p, n);
	sp.type = cur_u8(&cu);
	sp.interval = cur_le16(&cu);
	sp.window = cur_le16(&cu);
	sp.own_addr_type = cur_u8(&cu);
	sp.filter_policy = cur_u8(&cu);
	if (!cur_ok(&cu) ||
	    !ectl_scanp_ok(sp.type, sp.interval, sp.window, 0x4000) ||
	    sp.own_addr_type > 3 || sp.filter_policy > 3) {
		ectl_cc_status(c, op, HC_ERR_INVALID_PARAMS);
		return;
	}
	c->scanp = sp;
	ectl_cc_status(c, op, HC_SUCCESS);
}

/* Own address type random (or RPA falling back to random) needs one set. */
bool
ectl_own_addr_type_ok(const struct ectl *c, uint8_t t)
{
	return !(t == 1 || t == 3) || c->randaddr_set;
}

static bool
ectl_own_addr_ok(const struct ectl *c)
{
	return ectl_own_addr_type_ok(c, c->scanp.own_addr_type);
}

static void
ectl_cmd_scan_enable(struct ectl *c, uint16_t op, const uint8_t *p, size_t n)
{
	uint8_t	enable = p[0], filter = p[1];

	(void)n;
	if (enable > 1 || filter > 1 || (enable && !ectl_own_addr_ok(c))) {
		ectl_cc_status(c, op, HC_ERR_INVALID_PARAMS);
		return;
	}
	ectl_cc_status(c, op, HC_SUCCESS);
	if (!enable) {
		ectl_scan_stop(c);
		return;
	}
	/* Enabling while enabled only changes Filter_Duplicates (§7.8.11). */
	c->filter_dup = filter;
	if (!c->scanning) {
		c->ext = false;
		c->duration_ms = 0;
		c->period_ms = 0;
		ectl_scan_start(c);
	}
}

static void
ectl_cmd_ext_scan_params(struct ectl *c, uint16_t op, const uint8_t *p,
    size_t n)
{
	struct ectl_scanp	sp;
	struct cur		cu;
	unsigned		phys, nphy = 0, i;

	if (n < 3) {
		ectl_cc_status(c, op, HC_ERR_INVALID_PARAMS);
		return;
	}
	phys = p[2];
	for (i = 0; i < 8; i++)
		nphy += phys >> i & 1;
	if (n != 3 + 5 * (size_t)nphy || phys == 0) {
		ectl_cc_status(c, op, HC_ERR_INVALID_PARAMS);
		return;
	}
	if (c->scanning) {
		ectl_cc_status(c, op, HC_ERR_COMMAND_DISALLOWED);
		return;
	}
	/*
	 * LE 1M (bit 0), and LE Coded (bit 2) when a scenario device uses
	 * it; 2M cannot be a primary PHY and reserved bits are reserved.
	 */
	if (phys & ~(c->coded_ok ? 5u : 1u)) {
		ectl_cc_status(c, op, HC_ERR_UNSUPPORTED_FEATURE);
		return;
	}
	cur_init(&cu, p, n);
	sp.own_addr_type = cur_u8(&cu);
	sp.filter_policy = cur_u8(&cu);
	(void)cur_u8(&cu);
	sp.type = cur_u8(&cu);
	sp.interval = cur_le16(&cu);
	sp.window = cur_le16(&cu);
	if (!cur_ok(&cu) ||
	    !ectl_scanp_ok(sp.type, sp.interval, sp.window, 0xffff) ||
	    sp.own_addr_type > 3 || sp.filter_policy > 3) {
		ectl_cc_status(c, op, HC_ERR_INVALID_PARAMS);
		return;
	}
	c->scanp = sp;
	c->scan_1m = (phys & 1) != 0;
	c->scan_coded = (phys & 4) != 0;
	ectl_cc_status(c, op, HC_SUCCESS);
}

static void
ectl_cmd_ext_scan_enable(struct ectl *c, uint16_t op, const uint8_t *p,
    size_t n)
{
	struct cur	cu;
	uint8_t		enable, filter;
	uint64_t	duration, period;

	cur_init(&cu, p, n);
	enable = cur_u8(&cu);
	filter = cur_u8(&cu);
	duration = (uint64_t)cur_le16(&cu) * 10;	/* 10 ms units */
	period = (uint64_t)cur_le16(&cu) * 1280;	/* 1.28 s units */
	if (!cur_ok(&cu) || enable > 1 || filter > 2 ||
	    (enable && duration > 0 && period > 0 && duration >= period) ||
	    (enable && !ectl_own_addr_ok(c))) {
		ectl_cc_status(c, op, HC_ERR_INVALID_PARAMS);
		return;
	}
	ectl_cc_status(c, op, HC_SUCCESS);
	if (!enable) {
		ectl_scan_stop(c);
		return;
	}
	/* (Re)start with the new Duration and Period, filter reset. */
	c->ext = true;
	c->filter_dup = filter;
	c->duration_ms = duration;
	c->period_ms = duration > 0 ? period : 0;
	ectl_scan_start(c);
}

static const struct ectl_cmd *
ectl_cmd_find(const struct ectl *c, uint16_t op)
{
	size_t	i;

	for (i = 0; i < ECTL_NCMDS; i++)
		if (ectl_cmds[i].op == op)
			return ectl_cmd_available(c, &ectl_cmds[i]) ?
			    &ectl_cmds[i] : NULL;
	return NULL;
}

/* One complete H4 packet from the host. */
static void
ectl_packet(uint8_t type, const uint8_t *pkt, size_t len, void *arg)
{
	struct ectl		*c = arg;
	const struct ectl_cmd	*cmd;
	uint16_t		 op;
	uint8_t			 status;

	if (type == HC_PKT_ACL && !c->hangup &&
	    !(c->opts.faults & ECTL_FAULT_SILENT)) {
		ectl_conn_acl_in(c, pkt, len);
		return;
	}
	if (type != HC_PKT_CMD) {
		c->st.ignored++;
		return;
	}
	if (c->hangup || len < 3)
		return;
	c->st.commands++;
	if (c->opts.faults & ECTL_FAULT_SILENT)
		return;
	op = (uint16_t)(pkt[0] | pkt[1] << 8);
	if ((cmd = ectl_cmd_find(c, op)) == NULL) {
		ls_log(LS_LOG_INFO, "command 0x%04x: Unknown HCI Command", op);
		c->st.unknown++;
		status = HC_ERR_UNKNOWN_COMMAND;
		ectl_cc(c, op, &status, 1);
		return;
	}
	ls_log(LS_LOG_DEBUG, "command %s", cmd->name);
	if (cmd->kind != ECTL_MODE_NONE) {
		if (c->mode != ECTL_MODE_NONE && c->mode != cmd->kind) {
			if (cmd->cs)
				ectl_cs(c, op, HC_ERR_COMMAND_DISALLOWED);
			else
				ectl_cc_status(c, op,
				    HC_ERR_COMMAND_DISALLOWED);
			return;
		}
		c->mode = cmd->kind;
	}
	if (cmd->plen >= 0 && len - 3 != (size_t)cmd->plen) {
		if (cmd->cs)
			ectl_cs(c, op, HC_ERR_INVALID_PARAMS);
		else
			ectl_cc_status(c, op, HC_ERR_INVALID_PARAMS);
		return;
	}
	cmd->fn(c, op, pkt + 3, len - 3);
}

/* ---- public ---- */

struct ectl *
ectl_new(const struct scn *s, const struct ectl_opts *opts)
{
	struct ectl	*c;
	size_t		 i, k;

	if ((c = calloc(1, sizeof *c)) == NULL)
		return NULL;
	c->scn = s;
	c->hwerr_due = UINT64_MAX;
	for (i = 0; i < scn_ble_count(s); i++)
		if (scn_ble(s, i)->coded)
			c->coded_ok = true;
	if (opts != NULL)
		c->opts = *opts;
	else {
		hex_addr_parse(ECTL_BDADDR_DEFAULT, c->opts.bdaddr);
		c->opts.seed = 1;
	}
	if (c->opts.out_cap == 0)
		c->opts.out_cap = ECTL_OUT_CAP_DEFAULT;
	c->rng = ectl_splitmix(c->opts.seed);
	if (c->rng == 0)
		c->rng = 1;
	c->ndevs = scn_ble_count(s);
	if (c->ndevs > 0) {
		c->devs = calloc(c->ndevs, sizeof *c->devs);
		c->heap = calloc(c->ndevs, sizeof *c->heap);
		if (c->devs == NULL || c->heap == NULL)
			goto fail;
	}
	for (i = 0; i < c->ndevs; i++) {
		struct ectl_dev		*d = &c->devs[i];
		const struct scn_state	*init;

		d->sb = scn_ble(s, i);
		d->rssi = d->sb->rssi;
		init = &d->sb->states[0];
		d->adv = &d->sb->adv;
		d->rsp = d->sb->scan_rsp.present ? &d->sb->scan_rsp : NULL;
		if (d->sb->nchars > 0) {
			d->val = calloc(d->sb->nchars, sizeof *d->val);
			if (d->val == NULL)
				goto fail;
			for (k = 0; k < init->nvalues; k++)
				d->val[init->values[k].chr] = &init->values[k];
		}
		if ((d->db = eatt_db_new(d->sb)) == NULL)
			goto fail;
	}
	if (!ectl_conn_init(c))
		goto fail;
	h4_init(&c->h4);
	ectl_hci_reset(c);
	return c;
fail:
	ectl_free(c);
	return NULL;
}

void
ectl_free(struct ectl *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < c->ndevs && c->devs != NULL; i++) {
		free(c->devs[i].val);
		eatt_db_free(c->devs[i].db);
	}
	ectl_conn_free(c);
	free(c->devs);
	free(c->heap);
	free(c->dup);
	free(c->out);
	free(c);
}

void
ectl_reset(struct ectl *c)
{
	ectl_hci_reset(c);
	h4_init(&c->h4);
	c->out_head = c->out_len = 0;
	c->hangup = false;
	c->hwerr_due = UINT64_MAX;
	c->hwerr_done = false;
	c->st.resets = 0;
}

void
ectl_input(struct ectl *c, const uint8_t *p, size_t n, uint64_t now_ms)
{
	uint64_t	before = c->h4.dropped;

	c->now = now_ms;
	if (n > 0)
		h4_feed(&c->h4, p, n, ectl_packet, c);
	c->st.junk += c->h4.dropped - before;
}

void
ectl_tick(struct ectl *c, uint64_t now)
{
	const struct scn_event	*ev;
	struct ectl_dev		*d;
	uint64_t		 limit, next, end = 0, t, idx;
	bool			 timeout = false;
	uint8_t			 pkt[4];

	c->now = now;
	if (c->hwerr_due <= now) {
		/*
		 * hardware-error: Hardware Error (§7.7.16, code 0x01), then
		 * the controller is as after power-on until the host resets
		 * it.
		 */
		pkt[0] = HC_PKT_EVT;
		pkt[1] = HC_EVT_HARDWARE_ERROR;
		pkt[2] = 1;
		pkt[3] = 0x01;
		c->hwerr_due = UINT64_MAX;
		c->hwerr_done = true;
		ectl_hci_reset(c);
		(void)ectl_out_append(c, pkt, 4);
		ls_log(LS_LOG_INFO, "fault hardware-error: Hardware Error "
		    "sent, state lost");
	}
	while ((ev = scn_timeline(c->scn, c->next_event)) != NULL &&
	    c->opts.origin_ms + ev->at_ms <= now) {
		ectl_apply(c, ev->dev, ev->state);
		c->next_event++;
	}
	ectl_conn_tick(c, now);
	if (!c->scanning)
		return;
	limit = now;
	if (c->ext && c->duration_ms > 0 && c->period_ms == 0) {
		end = c->scan_start + c->duration_ms;
		if (end <= now) {
			timeout = true;
			limit = end - 1;
		}
	}
	while (c->nheap > 0 && (t = c->devs[c->heap[0]].due) <= limit) {
		d = &c->devs[c->heap[0]];
		if (c->filter_dup == 2 && c->period_ms > 0) {
			idx = (t - c->scan_start) / c->period_ms;
			if (idx != c->period_idx) {
				c->period_idx = idx;
				ectl_dup_clear(c);
			}
		}
		ectl_adv_event(c, d, t);
		next = t + d->sb->interval_ms +
		    ectl_rand(c) % (ECTL_ADV_DELAY_MAX + 1);
		/* After a stall, resume with a fresh phase, not a burst. */
		if (next <= now)
			next = now + 1 + ectl_rand(c) % d->sb->interval_ms;
		d->due = next;
		ectl_heap_down(c, 0);
	}
	if (timeout) {
		ectl_scan_stop(c);
		if (ectl_le_event_on(c, ECTL_LE_SCAN_TIMEOUT)) {
			pkt[0] = HC_PKT_EVT;
			pkt[1] = HC_EVT_LE_META;
			pkt[2] = 1;
			pkt[3] = ECTL_LE_SCAN_TIMEOUT;
			ectl_out_append(c, pkt, sizeof pkt);
		}
	}
}

uint64_t
ectl_next_due(const struct ectl *c)
{
	const struct scn_event	*ev;
	uint64_t		 m = UINT64_MAX, t;

	if ((ev = scn_timeline(c->scn, c->next_event)) != NULL)
		m = c->opts.origin_ms + ev->at_ms;
	if (c->hwerr_due < m)
		m = c->hwerr_due;
	if ((t = ectl_conn_next_due(c)) < m)
		m = t;
	if (!c->scanning)
		return m;
	if (c->nheap > 0 && (t = c->devs[c->heap[0]].due) < m)
		m = t;
	if (c->ext && c->duration_ms > 0 && c->period_ms == 0 &&
	    (t = c->scan_start + c->duration_ms) < m)
		m = t;
	return m;
}

const uint8_t *
ectl_out_peek(const struct ectl *c, size_t *n)
{
	*n = ectl_pending(c);
	return c->out == NULL ? NULL : c->out + c->out_head;
}

void
ectl_out_consume(struct ectl *c, size_t n)
{
	if (n > ectl_pending(c))
		n = ectl_pending(c);
	c->out_head += n;
	if (c->out_head == c->out_len)
		c->out_head = c->out_len = 0;
}

bool
ectl_out_full(const struct ectl *c)
{
	return ectl_pending(c) >= c->opts.out_cap;
}

bool
ectl_hangup(const struct ectl *c)
{
	return c->hangup;
}

bool
ectl_scanning(const struct ectl *c)
{
	return c->scanning;
}

void
ectl_stats(const struct ectl *c, struct ectl_stats *out)
{
	*out = c->st;
}

enum ls_err
ectl_dev_stats(const struct ectl *c, const char *dev,
    struct ectl_dev_stats *out, struct ls_errbuf *eb)
{
	const struct scn_ble	*sb;
	char			 q[72];

	memset(out, 0, sizeof *out);
	if ((sb = scn_ble_find(c->scn, dev)) == NULL)
		return ls_err_set(eb, LS_EINPUT, "unknown device '%s'",
		    ectl_q(dev, q));
	*out = c->devs[sb->index].ds;
	out->connected = ectl_conn_dev_connected(c, sb->index);
	return LS_OK;
}

unsigned
ectl_fault_parse(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof ectl_faults / sizeof ectl_faults[0]; i++)
		if (strcmp(name, ectl_faults[i].name) == 0)
			return ectl_faults[i].bit;
	return 0;
}

const char *
ectl_fault_names(void)
{
	return "silent, no-reset, legacy-only, garbage, fragment, hangup, "
	    "att-silent, att-malformed, att-oversized, disconnect-mid, "
	    "notify-flood";
}
