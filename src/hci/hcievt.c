/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hcievt.c - pure decoders for the HCI events the LE host uses: the event
 * header, Command Complete, Command Status, LE Advertising Report and LE
 * Extended Advertising Report; names of events and LE subevents for logs.
 *
 * Bluetooth Core 5.4 Vol 4 Part E: §5.4.4 (event packet), §7.7.14
 * (Command Complete), §7.7.15 (Command Status), §7.7.65.2 (LE Advertising
 * Report), §7.7.65.13 (LE Extended Advertising Report).  Layouts checked
 * against bluez/bluez:monitor/bt.h (struct bt_hci_evt_cmd_complete,
 * bt_hci_evt_cmd_status, bt_hci_evt_le_adv_report,
 * bt_hci_le_ext_adv_report) and bluez/bluez:monitor/packet.c
 * (le_adv_report_evt, le_ext_adv_report_evt, event_table[],
 * le_meta_event_table[]).  The spec tables list report fields as arrays;
 * BlueZ and real controllers put one whole report after another, and so
 * does this decoder.  The legacy-PDU event types are the spec's table in
 * §7.7.65.13, also in torvalds/linux:include/net/bluetooth/hci.h
 * (LE_LEGACY_*).
 *
 * Deliberately not done here:
 * - Return parameters of Command Complete are copied, not interpreted:
 *   only the caller knows what the command returns.
 * - Extended advertising data marked "incomplete, more to come" is
 *   delivered fragment by fragment; reassembly belongs to the caller.
 * - Reserved values of fields that do not change how the bytes parse
 *   (address types, PHYs, SID, periodic interval, event-type bits 7-15)
 *   are passed through: a later spec may assign them.  Values a caller
 *   would misread as numbers (RSSI, TX power, data status) or that cannot
 *   be mapped (legacy event type) are malformed.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hci/hcidef.h"
#include "hci/hcievt.h"
#include "util/cursor.h"
#include "util/err.h"

/*
 * An event or LE subevent: code, name (as in bluez/bluez:monitor/packet.c,
 * spelled out), and the shortest valid parameter length.  For LE
 * subevents the length counts the bytes after the subevent code.  fixed:
 * the spec defines exactly min bytes.
 */
struct hcievt_def {
	uint8_t		 code;
	const char	*name;
	uint8_t		 min;
	bool		 fixed;
};

/* Events, Vol 4 Part E §7.7.  Lengths from the parameter tables there. */
static const struct hcievt_def hcievt_events[] = {
	{ 0x01, "Inquiry Complete",				 1, true },
	{ 0x02, "Inquiry Result",				 1, false },
	{ 0x03, "Connection Complete",				11, true },
	{ 0x04, "Connection Request",				10, true },
	{ HC_EVT_DISCONN_COMPLETE, "Disconnection Complete",	 4, true },
	{ 0x06, "Authentication Complete",			 3, true },
	{ 0x07, "Remote Name Request Complete",		       255, true },
	{ 0x08, "Encryption Change",				 4, true },
	{ 0x0b, "Read Remote Supported Features Complete",	11, true },
	{ 0x0c, "Read Remote Version Information Complete",	 8, true },
	{ HC_EVT_CMD_COMPLETE, "Command Complete",		 3, false },
	{ HC_EVT_CMD_STATUS, "Command Status",			 4, true },
	{ HC_EVT_HARDWARE_ERROR, "Hardware Error",		 1, true },
	{ 0x12, "Role Change",					 8, true },
	{ HC_EVT_NUM_COMPLETED_PACKETS, "Number of Completed Packets",
								 1, false },
	{ 0x1a, "Data Buffer Overflow",				 1, true },
	{ 0x30, "Encryption Key Refresh Complete",		 3, true },
	{ HC_EVT_LE_META, "LE Meta",				 1, false },
	{ 0x57, "Authenticated Payload Timeout Expired",	 2, true },
	{ 0x59, "Encryption Change v2",				 5, true },
	{ HC_EVT_VENDOR, "Vendor Specific",			 0, false },
};

/* LE Meta subevents, Vol 4 Part E §7.7.65.1 to §7.7.65.20. */
static const struct hcievt_def hcievt_le_events[] = {
	{ HC_LE_CONN_COMPLETE, "LE Connection Complete",	18, true },
	{ HC_LE_ADV_REPORT, "LE Advertising Report",		 1, false },
	{ HC_LE_CONN_UPDATE_COMPLETE, "LE Connection Update Complete",
								 9, true },
	{ 0x04, "LE Read Remote Features Complete",		11, true },
	{ 0x05, "LE Long Term Key Request",			12, true },
	{ 0x06, "LE Remote Connection Parameter Request",	10, true },
	{ 0x07, "LE Data Length Change",			10, true },
	{ 0x08, "LE Read Local P-256 Public Key Complete",	65, true },
	{ 0x09, "LE Generate DHKey Complete",			33, true },
	{ 0x0a, "LE Enhanced Connection Complete",		30, true },
	{ 0x0b, "LE Directed Advertising Report",		 1, false },
	{ 0x0c, "LE PHY Update Complete",			 5, true },
	{ HC_LE_EXT_ADV_REPORT, "LE Extended Advertising Report",
								 1, false },
	{ 0x0e, "LE Periodic Advertising Sync Established",	15, true },
	{ 0x0f, "LE Periodic Advertising Report",		 7, false },
	{ 0x10, "LE Periodic Advertising Sync Lost",		 2, true },
	{ 0x11, "LE Scan Timeout",				 0, true },
	{ 0x12, "LE Advertising Set Terminated",		 5, true },
	{ 0x13, "LE Scan Request Received",			 8, true },
	{ 0x14, "LE Channel Selection Algorithm",		 3, true },
};

#define HCIEVT_NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Legacy event type (§7.7.65.2) -> extended bits (§7.7.65.13 legacy
 * table).  A legacy SCAN_RSP does not say whether it answered ADV_IND or
 * ADV_SCAN_IND; it is reported as the answer to ADV_IND (0x001b, so
 * connectable), which is what scanning a lock usually means and what the
 * Linux kernel assumes when it goes the other way (ext_evt_type_to_legacy
 * in torvalds/linux:net/bluetooth/hci_event.c treats both as SCAN_RSP).
 */
static const uint16_t hcievt_legacy_types[] = {
	[HC_ADV_IND]		= 0x0013,
	[HC_ADV_DIRECT_IND]	= 0x0015,
	[HC_ADV_SCAN_IND]	= 0x0012,
	[HC_ADV_NONCONN_IND]	= 0x0010,
	[HC_SCAN_RSP]		= 0x001b,
};

/* Every event type (bits 0-6) allowed with the legacy bit, §7.7.65.13. */
static const uint16_t hcievt_legacy_ext_types[] = {
	0x0013, 0x0015, 0x0012, 0x0010, 0x001b, 0x001a
};

#define HCIEVT_LEGACY_DATA_MAX	31	/* §7.7.65.2 Data_Length */
#define HCIEVT_EXT_DATA_MAX	229	/* §7.7.65.13 Data_Length */
#define HCIEVT_RET_MAX		252	/* 255-byte event minus 3 */

/* Where a report decoder is, for messages: "event: report i of n: ". */
struct hcievt_pos {
	const char		*ev;
	unsigned		 idx;		/* 1-based */
	unsigned		 count;
	struct ls_errbuf	*eb;
};

/* A malformed report; fmt must take at least one argument. */
#define HCIEVT_BAD(pos, fmt, ...)					\
	LS_MALFORMED((pos)->eb, "%s: report %u of %u: " fmt,		\
	    (pos)->ev, (pos)->idx, (pos)->count, __VA_ARGS__)

/* True if k more bytes are left; otherwise records the cut field. */
#define HCIEVT_HAVE(pos, c, k, field)					\
	hcievt_have((pos), (c), (k), (field), __LINE__)

/*
 * One report decoder: reads one report from c into a, validating it.
 * Returns LS_OK or LS_EMALFORMED (message in pos->eb).
 */
typedef enum ls_err	(*hcievt_report_fn)(struct cur *c,
			    const struct hcievt_pos *pos,
			    struct hcievt_adv_report *a);

static enum ls_err	hcievt_legacy_report(struct cur *,
			    const struct hcievt_pos *,
			    struct hcievt_adv_report *);
static enum ls_err	hcievt_ext_report(struct cur *,
			    const struct hcievt_pos *,
			    struct hcievt_adv_report *);

/* The advertising report subevents and their Num_Reports ranges. */
static const struct {
	uint8_t			subevent;
	unsigned		max_reports;
	hcievt_report_fn	fn;
} hcievt_adv_kinds[] = {
	{ HC_LE_ADV_REPORT,	0x19, hcievt_legacy_report },	/* §7.7.65.2 */
	{ HC_LE_EXT_ADV_REPORT,	0x0a, hcievt_ext_report },	/* §7.7.65.13 */
};

static const struct hcievt_def *
hcievt_find(const struct hcievt_def *t, size_t nt, uint8_t code)
{
	size_t	i;

	for (i = 0; i < nt; i++)
		if (t[i].code == code)
			return &t[i];
	return NULL;
}

/*
 * Check a parameter length against a table entry before decoding, the
 * bluez/bluez:monitor/packet.c habit.
 */
static enum ls_err
hcievt_check_len(const struct hcievt_def *d, size_t n, struct ls_errbuf *eb)
{
	if (d->fixed && n != d->min)
		return LS_MALFORMED(eb, "%s: %zu parameter bytes, expected %u",
		    d->name, n, d->min);
	if (n < d->min)
		return LS_MALFORMED(eb,
		    "%s: %zu parameter bytes, need at least %u",
		    d->name, n, d->min);
	return LS_OK;
}

static bool
hcievt_have(const struct hcievt_pos *pos, const struct cur *c, size_t k,
    const char *field, int line)
{
	if (cur_left(c) >= k)
		return true;
	ls_err_set_at(pos->eb, __FILE__, line, LS_EMALFORMED,
	    "%s: report %u of %u: truncated in %s (%zu of %zu bytes)",
	    pos->ev, pos->idx, pos->count, field, cur_left(c), k);
	return false;
}

/* RSSI and TX power: -127..+20 dBm, or 127 for "not available". */
static bool
hcievt_dbm_ok(int8_t v)
{
	return v == HC_RSSI_NONE || (v >= -127 && v <= 20);
}

static bool
hcievt_legacy_ext_ok(uint16_t evt_type)
{
	size_t	i;

	for (i = 0; i < HCIEVT_NITEMS(hcievt_legacy_ext_types); i++)
		if ((evt_type & 0x7f) == hcievt_legacy_ext_types[i])
			return true;
	return false;
}

enum ls_err
hcievt_split(const uint8_t *pkt, size_t n, struct hcievt *out,
    struct ls_errbuf *eb)
{
	struct cur	c;
	uint8_t		code, plen;

	out->code = 0;
	out->params = NULL;
	out->plen = 0;
	cur_init(&c, pkt, n);
	if (cur_left(&c) < 2)
		return LS_MALFORMED(eb,
		    "HCI event: %zu bytes, shorter than the 2-byte header",
		    cur_left(&c));
	code = cur_u8(&c);
	plen = cur_u8(&c);
	if (cur_left(&c) != plen)
		return LS_MALFORMED(eb,
		    "%s (0x%02x): parameter length %u but %zu bytes follow "
		    "the header", hcievt_name(code), code, plen, cur_left(&c));
	out->code = code;
	out->params = cur_take(&c, plen);
	out->plen = plen;
	return LS_OK;
}

/* §7.7.14: Num_HCI_Command_Packets(1) Command_Opcode(2) Return(n). */
enum ls_err
hcievt_cmd_complete(const uint8_t *p, size_t n,
    struct hcievt_cmd_complete *out, struct ls_errbuf *eb)
{
	const struct hcievt_def	*d;
	struct cur		 c;
	enum ls_err		 err;
	size_t			 ret_len;

	memset(out, 0, sizeof *out);
	d = hcievt_find(hcievt_events, HCIEVT_NITEMS(hcievt_events),
	    HC_EVT_CMD_COMPLETE);
	cur_init(&c, p, n);
	if ((err = hcievt_check_len(d, cur_left(&c), eb)) != LS_OK)
		return err;
	ret_len = cur_left(&c) - 3;
	if (ret_len > HCIEVT_RET_MAX)
		return LS_MALFORMED(eb,
		    "%s: return parameters %zu bytes > %d", d->name, ret_len,
		    HCIEVT_RET_MAX);
	out->ncmd = cur_u8(&c);
	out->opcode = cur_le16(&c);
	out->ret_len = ret_len;
	cur_copy(&c, out->ret, ret_len);
	return LS_OK;
}

/* §7.7.15: Status(1) Num_HCI_Command_Packets(1) Command_Opcode(2). */
enum ls_err
hcievt_cmd_status(const uint8_t *p, size_t n, struct hcievt_cmd_status *out,
    struct ls_errbuf *eb)
{
	const struct hcievt_def	*d;
	struct cur		 c;
	enum ls_err		 err;

	memset(out, 0, sizeof *out);
	d = hcievt_find(hcievt_events, HCIEVT_NITEMS(hcievt_events),
	    HC_EVT_CMD_STATUS);
	cur_init(&c, p, n);
	if ((err = hcievt_check_len(d, cur_left(&c), eb)) != LS_OK)
		return err;
	out->status = cur_u8(&c);
	out->ncmd = cur_u8(&c);
	out->opcode = cur_le16(&c);
	return LS_OK;
}

/* What a legacy PDU on LE 1M looks like in extended terms. */
static inline void
hcievt_legacy_defaults(struct hcievt_adv_report *a)
{
	a->tx_power = HC_TXPOWER_NONE;
	a->primary_phy = 1;
	a->secondary_phy = 0;
	a->sid = 0xff;
	a->periodic_interval = 0;
}

/*
 * §7.7.65.2, one report: Event_Type(1) Address_Type(1) Address(6)
 * Data_Length(1) Data(n) RSSI(1).
 */
static enum ls_err
hcievt_legacy_report(struct cur *c, const struct hcievt_pos *pos,
    struct hcievt_adv_report *a)
{
	uint8_t	type;

	if (!HCIEVT_HAVE(pos, c, 1, "event type"))
		return LS_EMALFORMED;
	type = cur_u8(c);
	if ((a->evt_type = hcievt_legacy_to_ext(type)) == 0)
		return HCIEVT_BAD(pos, "event type 0x%02x reserved (valid "
		    "0x00-0x04)", type);
	a->extended = false;
	if (!HCIEVT_HAVE(pos, c, 1, "address type"))
		return LS_EMALFORMED;
	a->addr_type = cur_u8(c);
	if (!HCIEVT_HAVE(pos, c, sizeof a->addr, "address"))
		return LS_EMALFORMED;
	cur_copy(c, a->addr, sizeof a->addr);
	if (!HCIEVT_HAVE(pos, c, 1, "data length"))
		return LS_EMALFORMED;
	a->data_len = cur_u8(c);
	if (a->data_len > HCIEVT_LEGACY_DATA_MAX)
		return HCIEVT_BAD(pos, "data length %u > %d", a->data_len,
		    HCIEVT_LEGACY_DATA_MAX);
	if (!HCIEVT_HAVE(pos, c, a->data_len, "data"))
		return LS_EMALFORMED;
	cur_copy(c, a->data, a->data_len);
	if (!HCIEVT_HAVE(pos, c, 1, "RSSI"))
		return LS_EMALFORMED;
	a->rssi = cur_s8(c);
	if (!hcievt_dbm_ok(a->rssi))
		return HCIEVT_BAD(pos, "RSSI %d dBm reserved (valid -127..20, "
		    "127 unknown)", a->rssi);
	hcievt_legacy_defaults(a);
	return LS_OK;
}

/*
 * §7.7.65.13, one report: Event_Type(2) Address_Type(1) Address(6)
 * Primary_PHY(1) Secondary_PHY(1) Advertising_SID(1) TX_Power(1) RSSI(1)
 * Periodic_Advertising_Interval(2) Direct_Address_Type(1)
 * Direct_Address(6) Data_Length(1) Data(n).
 */
static enum ls_err
hcievt_ext_report(struct cur *c, const struct hcievt_pos *pos,
    struct hcievt_adv_report *a)
{
	if (!HCIEVT_HAVE(pos, c, 2, "event type"))
		return LS_EMALFORMED;
	a->evt_type = cur_le16(c);
	a->extended = true;
	if (HC_EXT_EVT_DATA_STATUS(a->evt_type) == 3)
		return HCIEVT_BAD(pos, "event type 0x%04x: data status 3 "
		    "reserved", a->evt_type);
	if ((a->evt_type & HC_EXT_EVT_LEGACY) &&
	    !hcievt_legacy_ext_ok(a->evt_type))
		return HCIEVT_BAD(pos, "event type 0x%04x is not a legacy "
		    "PDU type", a->evt_type);
	if (!HCIEVT_HAVE(pos, c, 1, "address type"))
		return LS_EMALFORMED;
	a->addr_type = cur_u8(c);
	if (!HCIEVT_HAVE(pos, c, sizeof a->addr, "address"))
		return LS_EMALFORMED;
	cur_copy(c, a->addr, sizeof a->addr);
	if (!HCIEVT_HAVE(pos, c, 1, "primary PHY"))
		return LS_EMALFORMED;
	a->primary_phy = cur_u8(c);
	if (!HCIEVT_HAVE(pos, c, 1, "secondary PHY"))
		return LS_EMALFORMED;
	a->secondary_phy = cur_u8(c);
	if (!HCIEVT_HAVE(pos, c, 1, "SID"))
		return LS_EMALFORMED;
	a->sid = cur_u8(c);
	if (!HCIEVT_HAVE(pos, c, 1, "TX power"))
		return LS_EMALFORMED;
	a->tx_power = cur_s8(c);
	if (!hcievt_dbm_ok(a->tx_power))
		return HCIEVT_BAD(pos, "TX power %d dBm reserved (valid "
		    "-127..20, 127 unknown)", a->tx_power);
	if (!HCIEVT_HAVE(pos, c, 1, "RSSI"))
		return LS_EMALFORMED;
	a->rssi = cur_s8(c);
	if (!hcievt_dbm_ok(a->rssi))
		return HCIEVT_BAD(pos, "RSSI %d dBm reserved (valid -127..20, "
		    "127 unknown)", a->rssi);
	if (!HCIEVT_HAVE(pos, c, 2, "periodic advertising interval"))
		return LS_EMALFORMED;
	a->periodic_interval = cur_le16(c);
	if (!HCIEVT_HAVE(pos, c, 1, "direct address type"))
		return LS_EMALFORMED;
	cur_skip(c, 1);
	if (!HCIEVT_HAVE(pos, c, 6, "direct address"))
		return LS_EMALFORMED;
	cur_skip(c, 6);
	if (!HCIEVT_HAVE(pos, c, 1, "data length"))
		return LS_EMALFORMED;
	a->data_len = cur_u8(c);
	if (a->data_len > HCIEVT_EXT_DATA_MAX)
		return HCIEVT_BAD(pos, "data length %u > %d", a->data_len,
		    HCIEVT_EXT_DATA_MAX);
	if ((a->evt_type & HC_EXT_EVT_LEGACY) &&
	    a->data_len > HCIEVT_LEGACY_DATA_MAX)
		return HCIEVT_BAD(pos, "data length %u > %d in a legacy PDU",
		    a->data_len, HCIEVT_LEGACY_DATA_MAX);
	if (!HCIEVT_HAVE(pos, c, a->data_len, "data"))
		return LS_EMALFORMED;
	cur_copy(c, a->data, a->data_len);
	return LS_OK;
}

/*
 * The usual event while scanning, an LE Advertising Report of exactly one
 * well-formed report, decoded straight from the bytes (p at the subevent
 * code): Subevent(1) Num_Reports(1) Event_Type(1) Address_Type(1)
 * Address(6) Data_Length(1) Data(n) RSSI(1), §7.7.65.2.  Fills a as
 * hcievt_legacy_report() does and returns true; false for anything else,
 * which the general decoder then handles (and words the error for).
 */
static bool
hcievt_legacy_single(const uint8_t *p, size_t n, struct hcievt_adv_report *a)
{
	uint16_t	evt_type;
	uint8_t		len;
	int8_t		rssi;

	if (n < 12 || p[0] != HC_LE_ADV_REPORT || p[1] != 1)
		return false;
	len = p[10];
	if (len > HCIEVT_LEGACY_DATA_MAX || n != (size_t)12 + len)
		return false;
	rssi = (int8_t)p[11 + len];
	if ((evt_type = hcievt_legacy_to_ext(p[2])) == 0 ||
	    !hcievt_dbm_ok(rssi))
		return false;
	memset(a, 0, offsetof(struct hcievt_adv_report, data));
	a->evt_type = evt_type;
	a->extended = false;
	a->addr_type = p[3];
	memcpy(a->addr, p + 4, sizeof a->addr);
	a->data_len = len;
	memcpy(a->data, p + 11, len);
	a->rssi = rssi;
	hcievt_legacy_defaults(a);
	return true;
}

enum ls_err
hcievt_adv_reports(const uint8_t *p, size_t n, hcievt_adv_fn fn, void *arg,
    struct ls_errbuf *eb)
{
	struct hcievt_adv_report	 a;
	const struct hcievt_def		*d;
	struct hcievt_pos		 pos;
	hcievt_report_fn		 one = NULL;
	struct cur			 c, start;
	enum ls_err			 err;
	unsigned			 max = 0, pass;
	uint8_t				 sub;
	size_t				 i;

	if (hcievt_legacy_single(p, n, &a)) {
		if (fn != NULL)
			fn(&a, arg);
		return LS_OK;
	}
	cur_init(&c, p, n);
	if (cur_left(&c) < 1)
		return LS_MALFORMED(eb, "LE Meta: no subevent code");
	sub = cur_u8(&c);
	for (i = 0; i < HCIEVT_NITEMS(hcievt_adv_kinds); i++) {
		if (hcievt_adv_kinds[i].subevent == sub) {
			one = hcievt_adv_kinds[i].fn;
			max = hcievt_adv_kinds[i].max_reports;
		}
	}
	/* The caller dispatches on the subevent; anything else is a bug. */
	if (one == NULL)
		return ls_err_set(eb, LS_EINTERNAL,
		    "%s (0x%02x): not an advertising report subevent",
		    hcievt_le_name(sub), sub);
	d = hcievt_find(hcievt_le_events, HCIEVT_NITEMS(hcievt_le_events),
	    sub);
	if ((err = hcievt_check_len(d, cur_left(&c), eb)) != LS_OK)
		return err;
	pos.ev = d->name;
	pos.eb = eb;
	pos.count = cur_u8(&c);
	if (pos.count < 1 || pos.count > max)
		return LS_MALFORMED(eb, "%s: number of reports %u (valid 1-%u)",
		    d->name, pos.count, max);

	/*
	 * Pass 0 checks every report and the end of the event; only then
	 * is anything delivered, so a malformed event delivers nothing.
	 * An event of one report (what controllers send while scanning)
	 * is delivered from the decode that checked it; with more, pass 1
	 * decodes them again, so nothing but the report on the stack is
	 * kept.
	 */
	start = c;
	for (pass = 0; pass < 2; pass++) {
		c = start;
		for (pos.idx = 1; pos.idx <= pos.count; pos.idx++) {
			/* Data bytes past data_len are left as they are. */
			memset(&a, 0, offsetof(struct hcievt_adv_report,
			    data));
			if ((err = one(&c, &pos, &a)) != LS_OK)
				return err;
			if (pass == 1 && fn != NULL)
				fn(&a, arg);
		}
		if (pass == 0 && cur_left(&c) > 0)
			return LS_MALFORMED(eb,
			    "%s: %zu bytes after the last of %u reports",
			    d->name, cur_left(&c), pos.count);
		if (pass == 0 && pos.count == 1) {
			if (fn != NULL)
				fn(&a, arg);
			break;
		}
	}
	return LS_OK;
}

uint16_t
hcievt_legacy_to_ext(uint8_t legacy_type)
{
	if (legacy_type >= HCIEVT_NITEMS(hcievt_legacy_types))
		return 0;
	return hcievt_legacy_types[legacy_type];
}

const char *
hcievt_name(uint8_t code)
{
	const struct hcievt_def	*d;

	d = hcievt_find(hcievt_events, HCIEVT_NITEMS(hcievt_events), code);
	return d == NULL ? "Unknown" : d->name;
}

const char *
hcievt_le_name(uint8_t subevent)
{
	const struct hcievt_def	*d;

	d = hcievt_find(hcievt_le_events, HCIEVT_NITEMS(hcievt_le_events),
	    subevent);
	return d == NULL ? "LE Unknown" : d->name;
}
