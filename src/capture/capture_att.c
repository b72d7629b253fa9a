/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * capture_att.c - standard readings from ATT traffic in a capture.  See
 * capture_att.h for the contract.
 *
 * Layouts followed:
 *   HCI ACL      Core 5.4 Vol 4 Part E §5.4.2 (handle 12 bits, PB flag
 *                bits 12-13: 00/10 first fragment, 01 continuing, 11
 *                complete; data total length).
 *   HCI events   §7.7.5 Disconnection Complete (status, handle,
 *                reason); §7.7.65.1 LE Connection Complete and
 *                §7.7.65.10 Enhanced Connection Complete (v1 0x0a, v2
 *                0x29): status, handle, role, peer address type, peer
 *                address, in that order.
 *   L2CAP        Core 5.4 Vol 3 Part A §3.1 (basic frame: length LE16,
 *                channel ID LE16; ATT on fixed channel 0x0004 §2.1).
 *   LL data      Vol 6 Part B §2.4 (LLID 1 continuation or empty, 2
 *                start, 3 control; LL_ENC_REQ 0x03, LL_START_ENC_REQ
 *                0x05 §2.4.2), §4.5.9 (SN/NESN acknowledgement: a PDU
 *                sent again keeps its SN).
 *   ATT          Core 5.4 Vol 3 Part F §3.4 (opcodes and PDU layouts:
 *                Error 0x01, Find Information 0x04/0x05 with format 1 =
 *                16-bit and 2 = 128-bit UUIDs, Read By Type 0x08/0x09,
 *                Read 0x0a/0x0b, Read Blob 0x0c/0x0d, Read Multiple
 *                0x0e/0x0f, Read By Group Type 0x10/0x11, Write 0x12,
 *                Prepare Write 0x16, Notification 0x1b, Indication 0x1d,
 *                Read Multiple Variable 0x20/0x21, Multiple Handle Value
 *                Notification 0x23, Write Command 0x52, Signed Write
 *                0xd2); Vol 3 Part G §3.3.1 characteristic declaration
 *                (0x2803: properties, value handle, UUID).
 *   Values       src/gatt/std_chars.h (the same decoders as inspect).
 *
 * Not done: Read Multiple responses of more than one variable-length
 * value (only the last value's length is implied), EATT and L2CAP
 * credit-based channels, LE audio.  A central that is itself the GATT
 * server would have its values attributed to the peripheral.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "capture/capture_att.h"
#include "gatt/std_chars.h"
#include "hci/hcidef.h"
#include "util/cursor.h"

#define CAPTURE_ATT_MAX_CONNS	64
#define CAPTURE_ATT_AA_TYPE		HC_ADDR_RANDOM	/* stand-in address */
#define CAPTURE_ATT_ATT_CID		0x0004
#define CAPTURE_ATT_VALUE_MAX	512	/* Vol 3 Part F §3.2.9 */
#define CAPTURE_ATT_REQ_HANDLES	258	/* (ATT_MTU 517 - 1) / 2 */
#define CAPTURE_ATT_SOURCE		"capture"

#define CAPTURE_ATT_RX_OUT		0	/* to the peer /
						   central to periph. */
#define CAPTURE_ATT_RX_IN		1	/* from the peer /
						   periph. to central */
#define CAPTURE_ATT_RX_UNKNOWN	2

/* ATT opcodes, Core 5.4 Vol 3 Part F §3.4.8 Table 3.37. */
#define ATT_ERROR_RSP		0x01
#define ATT_FIND_INFO_REQ	0x04
#define ATT_FIND_INFO_RSP	0x05
#define ATT_READ_BY_TYPE_REQ	0x08
#define ATT_READ_BY_TYPE_RSP	0x09
#define ATT_READ_REQ		0x0a
#define ATT_READ_RSP		0x0b
#define ATT_READ_BLOB_REQ	0x0c
#define ATT_READ_BLOB_RSP	0x0d
#define ATT_READ_MULT_REQ	0x0e
#define ATT_READ_MULT_RSP	0x0f
#define ATT_READ_GROUP_REQ	0x10
#define ATT_READ_GROUP_RSP	0x11
#define ATT_WRITE_REQ		0x12
#define ATT_PREP_WRITE_REQ	0x16
#define ATT_NOTIFY		0x1b
#define ATT_INDICATE		0x1d
#define ATT_READ_MULT_VAR_REQ	0x20
#define ATT_READ_MULT_VAR_RSP	0x21
#define ATT_MULT_NOTIFY		0x23
#define ATT_WRITE_CMD		0x52
#define ATT_SIGNED_WRITE_CMD	0xd2

#define GATT_CHRC_UUID		0x2803

/* Reassembly of one direction of one connection. */
struct capture_att_rx {
	uint8_t		 buf[CAPTURE_ATT_L2CAP_MAX];
	size_t		 len;
	bool		 active;
	bool		 have_sn;	/* LL: last SN and bytes seen */
	bool		 last_sn;
	uint32_t	 last_fp;
	size_t		 last_len;
};

struct capture_att_conn {
	bool		 used;
	bool		 ll;		/* key is an access address */
	uint32_t	 key;		/* aa, or index << 16 | handle */
	uint32_t	 crcinit;
	bool		 midway;	/* LL: the CONNECT_IND was not seen */
	bool		 crc_known;	/* crcinit is usable (midway: two
					   PDUs agreed on it) */
	bool		 crc_guess_set;
	uint32_t	 crc_guess;	/* midway: CRCInit of the last PDU */
	size_t		 dev;		/* index into devs */
	bool		 encrypted;
	struct capture_att_rx rx[3];
	/* The outstanding ATT request. */
	uint8_t		 req_op;
	uint16_t	 req_handles[CAPTURE_ATT_REQ_HANDLES];
	size_t		 req_nhandles;
	uint16_t	 req_offset;
	struct capture_att_uuid req_uuid;
	/* A long value read with Read Blob. */
	uint16_t	 long_handle;
	size_t		 long_len;
	uint8_t		 long_buf[CAPTURE_ATT_VALUE_MAX];
};

struct capture_att {
	struct capture_att_dev	**devs;		/* from malloc(), max_devs */
	size_t			  ndevs;
	size_t			  max_devs;
	struct capture_att_conn	 *conns;	/* CAPTURE_ATT_MAX_CONNS */
	size_t			  next_conn;	/* round-robin victim */
	struct capture_att_stats	  st;
};

/* The readings of a stdchar_out, in stdchar_json order. */
static const struct {
	const char	*key;
	size_t		 off;
} capture_att_keys[] = {
	{ "manufacturer",	offsetof(struct stdchar_out, manufacturer) },
	{ "model",		offsetof(struct stdchar_out, model) },
	{ "serial",		offsetof(struct stdchar_out, serial) },
	{ "firmware",		offsetof(struct stdchar_out, firmware) },
	{ "hardware",		offsetof(struct stdchar_out, hardware) },
	{ "software",		offsetof(struct stdchar_out, software) },
	{ "pnp_id",		offsetof(struct stdchar_out, pnp_id) },
	{ "battery_percent",	offsetof(struct stdchar_out, battery_percent) },
	{ "battery_volts",	offsetof(struct stdchar_out, battery_volts) },
	{ "battery_status",	offsetof(struct stdchar_out, battery_status) },
	{ "clock",		offsetof(struct stdchar_out, clock) },
	{ "clock_skew_s",	offsetof(struct stdchar_out, clock_skew_s) },
	{ "code_slots",		offsetof(struct stdchar_out, code_slots) },
};
#define CAPTURE_ATT_NKEYS \
	(sizeof capture_att_keys / sizeof capture_att_keys[0])

/* The Bluetooth base UUID's last 12 bytes, little-endian (Vol 3 B 2.5.1). */
static const uint8_t capture_att_base_uuid[12] = {
	0xfb, 0x34, 0x9b, 0x5f, 0x80, 0x00, 0x00, 0x80, 0x00, 0x10, 0x00, 0x00
};

/* --- devices and connections ------------------------------------------ */

struct capture_att *
capture_att_new(size_t max_devs)
{
	struct capture_att	*ca;

	if (max_devs == 0)
		max_devs = 1;
	if ((ca = calloc(1, sizeof *ca)) == NULL)
		return NULL;
	ca->devs = calloc(max_devs, sizeof *ca->devs);
	ca->conns = calloc(CAPTURE_ATT_MAX_CONNS, sizeof *ca->conns);
	if (ca->devs == NULL || ca->conns == NULL) {
		capture_att_free(ca);
		return NULL;
	}
	ca->max_devs = max_devs;
	return ca;
}

void
capture_att_free(struct capture_att *ca)
{
	size_t	i;

	if (ca == NULL)
		return;
	for (i = 0; i < ca->ndevs; i++)
		free(ca->devs[i]);
	free(ca->devs);
	free(ca->conns);
	free(ca);
}

/* The device with this address, added if new; SIZE_MAX when full. */
static size_t
capture_att_dev_get(struct capture_att *ca, const uint8_t addr[6], uint8_t type)
{
	struct capture_att_dev	*d;
	size_t			 i;

	type &= 1;		/* identity address types fold in */
	for (i = 0; i < ca->ndevs; i++)
		if (ca->devs[i]->addr_type == type &&
		    memcmp(ca->devs[i]->addr, addr, 6) == 0)
			return i;
	if (ca->ndevs >= ca->max_devs ||
	    (d = calloc(1, sizeof *d)) == NULL)
		return SIZE_MAX;
	memcpy(d->addr, addr, 6);
	d->addr_type = type;
	ca->devs[ca->ndevs] = d;
	return ca->ndevs++;
}

static struct capture_att_conn *
capture_att_conn_find(struct capture_att *ca, bool ll, uint32_t key)
{
	size_t	i;

	for (i = 0; i < CAPTURE_ATT_MAX_CONNS; i++)
		if (ca->conns[i].used && ca->conns[i].ll == ll &&
		    ca->conns[i].key == key)
			return &ca->conns[i];
	return NULL;
}

/* A new connection (replacing one with the same key, or the oldest). */
static struct capture_att_conn *
capture_att_conn_add(struct capture_att *ca, bool ll, uint32_t key, size_t dev)
{
	struct capture_att_conn	*c;
	size_t			 i;

	if ((c = capture_att_conn_find(ca, ll, key)) == NULL) {
		for (i = 0; i < CAPTURE_ATT_MAX_CONNS; i++)
			if (!ca->conns[i].used)
				break;
		if (i == CAPTURE_ATT_MAX_CONNS) {
			i = ca->next_conn;
			ca->next_conn =
			    (ca->next_conn + 1) % CAPTURE_ATT_MAX_CONNS;
		}
		c = &ca->conns[i];
	}
	memset(c, 0, sizeof *c);
	c->used = true;
	c->ll = ll;
	c->key = key;
	c->dev = dev;
	return c;
}

/* --- handles and UUIDs ------------------------------------------------ */

static bool
capture_att_uuid_set(struct capture_att_uuid *u, const uint8_t *p, size_t n)
{
	if (n != 2 && n != 16)
		return false;
	u->len = (uint8_t)n;
	memcpy(u->b, p, n);
	return true;
}

/* The 16-bit SIG UUID u stands for, or 0. */
static uint16_t
capture_att_uuid16(const struct capture_att_uuid *u)
{
	if (u == NULL)
		return 0;
	if (u->len == 2)
		return (uint16_t)(u->b[0] | u->b[1] << 8);
	if (u->len == 16 && memcmp(u->b, capture_att_base_uuid, 12) == 0 &&
	    u->b[14] == 0 && u->b[15] == 0)
		return (uint16_t)(u->b[12] | u->b[13] << 8);
	return 0;
}

const struct capture_att_uuid *
capture_att_uuid_of(const struct capture_att_dev *d, uint16_t handle)
{
	size_t	i;

	for (i = 0; i < d->nhandles; i++)
		if (d->handles[i].handle == handle)
			return &d->handles[i].uuid;
	return NULL;
}

static void
capture_att_learn(struct capture_att_dev *d, uint16_t handle,
    const struct capture_att_uuid *u)
{
	size_t	i;

	if (handle == 0 || u->len == 0)
		return;
	for (i = 0; i < d->nhandles; i++)
		if (d->handles[i].handle == handle)
			break;
	if (i == d->nhandles) {
		if (d->nhandles == CAPTURE_ATT_MAX_HANDLES)
			return;
		d->nhandles++;
	}
	d->handles[i].handle = handle;
	d->handles[i].uuid = *u;
}

char *
capture_att_uuid_str(const struct capture_att_uuid *u, char *out)
{
	uint16_t	v = capture_att_uuid16(u);
	int		i, o = 0;

	if (v != 0 || u->len == 2) {
		snprintf(out, 37, "%04x", v);
		return out;
	}
	/* 128-bit: big-endian text of the little-endian bytes. */
	for (i = 15; i >= 0; i--) {
		o += snprintf(out + o, 37 - (size_t)o, "%02x", u->b[i]);
		if (i == 12 || i == 10 || i == 8 || i == 6)
			out[o++] = '-';
	}
	out[o] = '\0';
	return out;
}

/* --- value decoders --------------------------------------------------- */

#define CAPTURE_ATT_R(out, i) \
	((struct reading *)(void *)((char *)(out) + capture_att_keys[i].off))

/*
 * A value of a known standard characteristic, decoded by gattstd into a
 * copy of d->out: what it observed is kept; an unavailable reading only
 * where there was none (a bad value does not hide a good one).  The
 * capture's time stands for the laptop's clock, taken as UTC (a capture
 * does not say the zone of the phone that made it).
 */
static void
capture_att_value(struct capture_att *ca, struct capture_att_dev *d,
    uint16_t handle, const uint8_t *p, size_t n, uint64_t ts)
{
	struct stdchar_out	 tmp;
	struct stdchar_ctx	 ctx;
	struct reading		*now, *was;
	uint16_t		 uuid =
	    capture_att_uuid16(capture_att_uuid_of(d, handle));
	size_t			 i;

	if (uuid == 0 || stdchar_find(uuid) == NULL || p == NULL)
		return;
	memset(&ctx, 0, sizeof ctx);
	ctx.at_us = ts;
	ctx.laptop_us = ts;
	tmp = d->out;
	if (stdchar_decode(uuid, p, n, &ctx, &tmp, NULL) == LS_OK)
		ca->st.readings++;
	for (i = 0; i < CAPTURE_ATT_NKEYS; i++) {
		now = CAPTURE_ATT_R(&tmp, i);
		was = CAPTURE_ATT_R(&d->out, i);
		if (now->prov == RD_OBSERVED ||
		    (now->prov != RD_UNSET && was->prov == RD_UNSET))
			*was = *now;
	}
}

/* --- ATT -------------------------------------------------------------- */

static void
capture_att_write(struct capture_att *ca, struct capture_att_dev *d,
    uint16_t handle)
{
	size_t	i;

	ca->st.att_writes++;
	for (i = 0; i < d->nwrites; i++)
		if (d->writes[i].handle == handle) {
			d->writes[i].count++;
			return;
		}
	if (d->nwrites == CAPTURE_ATT_MAX_WRITES) {
		d->writes_dropped++;
		return;
	}
	d->writes[d->nwrites].handle = handle;
	d->writes[d->nwrites].count = 1;
	d->nwrites++;
}

/* Find Information Response: format, then handle/UUID pairs. */
static void
capture_att_find_info(struct capture_att_dev *d, struct cur *c)
{
	struct capture_att_uuid	u;
	uint8_t			fmt = cur_u8(c);
	size_t			ulen = fmt == 1 ? 2 : fmt == 2 ? 16 : 0;
	uint16_t		h;
	const uint8_t		*p;

	if (ulen == 0)
		return;
	while (cur_left(c) >= 2 + ulen) {
		h = cur_le16(c);
		p = cur_take(c, ulen);
		if (capture_att_uuid_set(&u, p, ulen))
			capture_att_learn(d, h, &u);
	}
}

/* Read By Type Response: length, then (handle, value) entries. */
static void
capture_att_by_type(struct capture_att *ca, struct capture_att_conn *cn,
    struct capture_att_dev *d, struct cur *c, uint64_t ts)
{
	struct capture_att_uuid	u;
	uint8_t			elen = cur_u8(c);
	uint16_t		h, vh;
	const uint8_t		*v;

	if (elen < 2 || cn->req_op != ATT_READ_BY_TYPE_REQ) {
		ca->st.malformed += elen < 2;
		return;
	}
	while (cur_left(c) >= elen) {
		h = cur_le16(c);
		v = cur_take(c, elen - 2u);
		if (capture_att_uuid16(&cn->req_uuid) == GATT_CHRC_UUID) {
			/* properties, value handle, UUID */
			if (elen - 2 != 5 && elen - 2 != 19)
				return;
			vh = (uint16_t)(v[1] | v[2] << 8);
			if (capture_att_uuid_set(&u, v + 3, elen - 5u))
				capture_att_learn(d, vh, &u);
			continue;
		}
		capture_att_learn(d, h, &cn->req_uuid);
		capture_att_value(ca, d, h, v, elen - 2u, ts);
	}
}

/* Read By Group Type Response: (handle, end group handle, UUID). */
static void
capture_att_by_group(struct capture_att_dev *d, struct cur *c)
{
	struct capture_att_uuid	u;
	uint8_t			elen = cur_u8(c);
	uint16_t		h;
	const uint8_t		*v;

	if (elen != 6 && elen != 20)
		return;
	while (cur_left(c) >= elen) {
		h = cur_le16(c);
		(void)cur_le16(c);
		v = cur_take(c, elen - 4u);
		if (capture_att_uuid_set(&u, v, elen - 4u))
			capture_att_learn(d, h, &u);
	}
}

/* Read Blob Response: the part at req_offset of a long value. */
static void
capture_att_blob(struct capture_att *ca, struct capture_att_conn *cn,
    struct capture_att_dev *d, const uint8_t *p, size_t n, uint64_t ts)
{
	uint16_t	h = cn->req_handles[0];

	if (cn->long_handle != h || cn->req_offset != cn->long_len) {
		if (cn->req_offset != 0)
			return;
		cn->long_handle = h;
		cn->long_len = 0;
	}
	if (n > CAPTURE_ATT_VALUE_MAX - cn->long_len)
		n = CAPTURE_ATT_VALUE_MAX - cn->long_len;
	memcpy(cn->long_buf + cn->long_len, p, n);
	cn->long_len += n;
	capture_att_value(ca, d, h, cn->long_buf, cn->long_len, ts);
}

/* Read Multiple Response: only the last value's length is implied. */
static void
capture_att_read_mult(struct capture_att *ca, struct capture_att_conn *cn,
    struct capture_att_dev *d, struct cur *c, uint64_t ts)
{
	size_t		i, len;
	uint16_t	h;

	for (i = 0; i < cn->req_nhandles; i++) {
		h = cn->req_handles[i];
		if (i + 1 == cn->req_nhandles)
			len = cur_left(c);
		else if (capture_att_uuid16(capture_att_uuid_of(d, h)) ==
		    0x2a19)
			len = 1;
		else
			return;
		capture_att_value(ca, d, h, cur_take(c, len), len, ts);
		if (!cur_ok(c))
			return;
	}
}

static void
capture_att_request(struct capture_att_conn *cn, uint8_t op, struct cur *c)
{
	size_t	n;

	cn->req_op = op;
	cn->req_nhandles = 0;
	cn->req_offset = 0;
	cn->req_uuid.len = 0;
	switch (op) {
	case ATT_READ_REQ:
	case ATT_READ_BLOB_REQ:
		cn->req_handles[0] = cur_le16(c);
		cn->req_offset = op == ATT_READ_BLOB_REQ ? cur_le16(c) : 0;
		cn->req_nhandles = cur_ok(c) ? 1 : 0;
		break;
	case ATT_READ_MULT_REQ:
	case ATT_READ_MULT_VAR_REQ:
		while (cur_left(c) >= 2 &&
		    cn->req_nhandles < CAPTURE_ATT_REQ_HANDLES)
			cn->req_handles[cn->req_nhandles++] = cur_le16(c);
		/* A request over the cap cannot be matched up. */
		if (cur_left(c) > 0)
			cn->req_nhandles = 0;
		break;
	case ATT_READ_BY_TYPE_REQ:
		(void)cur_le16(c);
		(void)cur_le16(c);
		n = cur_left(c);
		if (!capture_att_uuid_set(&cn->req_uuid, cur_take(c, n), n))
			cn->req_op = 0;
		break;
	default:
		break;
	}
	if (!cur_ok(c))
		cn->req_op = 0;
}

static void
capture_att_att(struct capture_att *ca, struct capture_att_conn *cn,
    const uint8_t *p, size_t n, uint64_t ts)
{
	struct capture_att_dev	*d = ca->devs[cn->dev];
	struct cur		 c;
	uint8_t			 op;
	uint16_t		 h, len;
	size_t			 i;

	ca->st.att++;
	d->att_pdus++;
	cur_init(&c, p, n);
	op = cur_u8(&c);
	if (!cur_ok(&c))
		return;
	switch (op) {
	case ATT_WRITE_REQ:
	case ATT_WRITE_CMD:
	case ATT_SIGNED_WRITE_CMD:
	case ATT_PREP_WRITE_REQ:
		/* The handle only: the value is not looked at. */
		h = cur_le16(&c);
		if (cur_ok(&c))
			capture_att_write(ca, d, h);
		return;
	case ATT_FIND_INFO_REQ:
	case ATT_READ_BY_TYPE_REQ:
	case ATT_READ_REQ:
	case ATT_READ_BLOB_REQ:
	case ATT_READ_MULT_REQ:
	case ATT_READ_GROUP_REQ:
	case ATT_READ_MULT_VAR_REQ:
		capture_att_request(cn, op, &c);
		return;
	case ATT_FIND_INFO_RSP:
		capture_att_find_info(d, &c);
		break;
	case ATT_READ_BY_TYPE_RSP:
		capture_att_by_type(ca, cn, d, &c, ts);
		break;
	case ATT_READ_GROUP_RSP:
		capture_att_by_group(d, &c);
		break;
	case ATT_READ_RSP:
		if (cn->req_op == ATT_READ_REQ && cn->req_nhandles == 1) {
			cn->long_handle = cn->req_handles[0];
			cn->long_len = cur_left(&c) < CAPTURE_ATT_VALUE_MAX ?
			    cur_left(&c) : CAPTURE_ATT_VALUE_MAX;
			memcpy(cn->long_buf, c.p, cn->long_len);
			capture_att_value(ca, d, cn->req_handles[0], c.p,
			    cur_left(&c), ts);
		}
		break;
	case ATT_READ_BLOB_RSP:
		if (cn->req_op == ATT_READ_BLOB_REQ && cn->req_nhandles == 1)
			capture_att_blob(ca, cn, d, c.p, cur_left(&c), ts);
		break;
	case ATT_READ_MULT_RSP:
		if (cn->req_op == ATT_READ_MULT_REQ)
			capture_att_read_mult(ca, cn, d, &c, ts);
		break;
	case ATT_READ_MULT_VAR_RSP:
		if (cn->req_op != ATT_READ_MULT_VAR_REQ)
			break;
		for (i = 0; i < cn->req_nhandles && cur_left(&c) >= 2; i++) {
			len = cur_le16(&c);
			if (len > cur_left(&c))
				break;	/* cut at ATT_MTU:
					   never a whole value */
			capture_att_value(ca, d, cn->req_handles[i],
			    cur_take(&c, len), len, ts);
		}
		break;
	case ATT_NOTIFY:
	case ATT_INDICATE:
		h = cur_le16(&c);
		if (cur_ok(&c))
			capture_att_value(ca, d, h, c.p, cur_left(&c), ts);
		return;
	case ATT_MULT_NOTIFY:
		while (cur_left(&c) >= 4) {
			h = cur_le16(&c);
			len = cur_le16(&c);
			if (len > cur_left(&c))
				break;
			capture_att_value(ca, d, h, cur_take(&c, len), len, ts);
		}
		return;
	case ATT_ERROR_RSP:
		break;
	default:
		/* Other requests, responses, confirmations. */
		return;
	}
	/* A response ends the outstanding request. */
	cn->req_op = 0;
}

/* --- L2CAP ------------------------------------------------------------ */

static void
capture_att_l2cap(struct capture_att *ca, struct capture_att_conn *cn,
    struct capture_att_rx *rx, bool start, const uint8_t *p, size_t n,
    uint64_t ts)
{
	size_t	want;

	if (start) {
		if (rx->active)
			ca->st.dropped++;
		rx->active = false;
		rx->len = 0;
		/* A whole frame in one fragment is used in place. */
		if (n >= 4 && n == 4 + (size_t)(p[0] | p[1] << 8)) {
			ca->st.l2cap++;
			if ((p[2] | p[3] << 8) == CAPTURE_ATT_ATT_CID)
				capture_att_att(ca, cn, p + 4, n - 4, ts);
			return;
		}
		rx->active = true;
	} else if (!rx->active) {
		ca->st.dropped++;
		return;
	}
	if (n > sizeof rx->buf - rx->len) {
		ca->st.dropped++;
		rx->active = false;
		memset(rx->buf, 0, rx->len);
		return;
	}
	memcpy(rx->buf + rx->len, p, n);
	rx->len += n;
	if (rx->len < 4)
		return;
	want = 4 + (size_t)(rx->buf[0] | rx->buf[1] << 8);
	if (want > sizeof rx->buf || rx->len > want) {
		ca->st.dropped++;
		rx->active = false;
		memset(rx->buf, 0, rx->len);
		return;
	}
	if (rx->len < want)
		return;
	rx->active = false;
	ca->st.l2cap++;
	if ((rx->buf[2] | rx->buf[3] << 8) == CAPTURE_ATT_ATT_CID)
		capture_att_att(ca, cn, rx->buf + 4, want - 4, ts);
	/* The frame may have been a write: nothing of it is kept. */
	memset(rx->buf, 0, want);
	rx->len = 0;
}

/* --- HCI -------------------------------------------------------------- */

void
capture_att_hci_event(struct capture_att *ca, uint16_t index, const uint8_t *p,
    size_t n)
{
	struct cur	c;
	uint8_t		code, sub, status, type;
	uint16_t	handle;
	const uint8_t	*addr;
	size_t		dev;
	struct capture_att_conn *cn;

	cur_init(&c, p, n);
	code = cur_u8(&c);
	(void)cur_u8(&c);		/* parameter length */
	if (code == HC_EVT_DISCONN_COMPLETE) {
		status = cur_u8(&c);
		handle = cur_le16(&c) & 0x0fff;
		if (cur_ok(&c) && status == 0 &&
		    (cn = capture_att_conn_find(ca, false,
		    (uint32_t)index << 16 | handle)) != NULL)
			cn->used = false;
		return;
	}
	if (code != HC_EVT_LE_META)
		return;
	sub = cur_u8(&c);
	if (sub != HC_LE_CONN_COMPLETE && sub != 0x0a && sub != 0x29)
		return;
	status = cur_u8(&c);
	handle = cur_le16(&c) & 0x0fff;
	(void)cur_u8(&c);		/* role */
	type = cur_u8(&c);
	addr = cur_take(&c, 6);
	if (!cur_ok(&c)) {
		ca->st.malformed++;
		return;
	}
	if (status != 0)
		return;
	if ((dev = capture_att_dev_get(ca, addr, type)) == SIZE_MAX)
		return;
	(void)capture_att_conn_add(ca, false,
	    (uint32_t)index << 16 | handle, dev);
}

void
capture_att_hci_acl(struct capture_att *ca, uint16_t index, int from_ctrl,
    const uint8_t *p, size_t n, uint64_t ts_us)
{
	struct capture_att_conn	*cn;
	struct cur		 c;
	uint16_t		 hf, dlen;
	unsigned		 pb;

	cur_init(&c, p, n);
	hf = cur_le16(&c);
	dlen = cur_le16(&c);
	if (!cur_ok(&c) || dlen != cur_left(&c)) {
		ca->st.malformed++;
		return;
	}
	cn = capture_att_conn_find(ca, false, (uint32_t)index << 16 |
	    (hf & 0x0fff));
	if (cn == NULL) {
		ca->st.unknown_conn++;
		return;
	}
	pb = (hf >> 12) & 3;
	capture_att_l2cap(ca, cn,
	    &cn->rx[from_ctrl ? CAPTURE_ATT_RX_IN : CAPTURE_ATT_RX_OUT],
	    pb != 1, c.p, dlen, ts_us);
}

/* --- link layer ------------------------------------------------------- */

void
capture_att_ll_connect(struct capture_att *ca, const struct ll_connect *con)
{
	struct capture_att_conn	*cn;
	size_t			 dev;

	if ((dev = capture_att_dev_get(ca, con->adv_addr, con->adv_type)) ==
	    SIZE_MAX)
		return;
	cn = capture_att_conn_add(ca, true, con->aa, dev);
	cn->crcinit = con->crcinit;
	cn->crc_known = true;
}

bool
capture_att_ll_crcinit(const struct capture_att *ca, uint32_t aa,
    uint32_t *crcinit)
{
	size_t	i;

	for (i = 0; i < CAPTURE_ATT_MAX_CONNS; i++)
		if (ca->conns[i].used && ca->conns[i].ll &&
		    ca->conns[i].key == aa) {
			if (!ca->conns[i].crc_known)
				return false;
			*crcinit = ca->conns[i].crcinit;
			return true;
		}
	return false;
}

/* FNV-1a of the PDU: tells a retransmission from a new PDU. */
static uint32_t
capture_att_fnv(const uint8_t *p, size_t n)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/*
 * A connection whose CONNECT_IND the capture lacks (a sniffer that
 * started following it late, or one told only its access address):
 * keyed by the access address like any other, reported under a stand-in
 * address made of it (capture_att.h).  Not when aa cannot be a data
 * access address (a bit error in it, most likely), and never at the
 * cost of a connection whose start was seen.
 */
static struct capture_att_conn *
capture_att_midway(struct capture_att *ca, uint32_t aa)
{
	struct capture_att_conn	*c = NULL;
	uint8_t			 addr[6];
	size_t			 i, dev;

	if (!ll_aa_plausible(aa))
		return NULL;
	for (i = 0; i < CAPTURE_ATT_MAX_CONNS && c == NULL; i++)
		if (!ca->conns[i].used)
			c = &ca->conns[i];
	for (i = 0; i < CAPTURE_ATT_MAX_CONNS && c == NULL; i++)
		if (ca->conns[i].ll && ca->conns[i].midway)
			c = &ca->conns[i];
	if (c == NULL)
		return NULL;
	put_le32(addr, aa);
	addr[4] = addr[5] = 0;
	if ((dev = capture_att_dev_get(ca, addr, CAPTURE_ATT_AA_TYPE)) ==
	    SIZE_MAX)
		return NULL;
	memset(c, 0, sizeof *c);
	c->used = true;
	c->ll = true;
	c->key = aa;
	c->dev = dev;
	c->midway = true;
	return c;
}

/*
 * Learn a midway connection's CRCInit from the PDUs themselves: the
 * value each PDU's CRC implies; once two PDUs in a row agree it is
 * taken, and from then on the caller checks CRCs (capture_att_ll_crcinit).
 * PDUs before that are used unchecked.
 */
static void
capture_att_learn_crcinit(struct capture_att_conn *cn,
    const struct ll_pkt *pkt)
{
	uint32_t	init;

	if (cn->crc_known || !pkt->has_crc ||
	    (pkt->crc_checked && !pkt->crc_valid))
		return;
	init = ll_crcinit_of(pkt->pdu, pkt->pdu_len, pkt->crc);
	if (cn->crc_guess_set && cn->crc_guess == init) {
		cn->crcinit = init;
		cn->crc_known = true;
		return;
	}
	cn->crc_guess = init;
	cn->crc_guess_set = true;
}

/* ATT opcodes a client sends (Vol 3 Part F §3.4.8 Table 3.37). */
static bool
capture_att_from_client(uint8_t op)
{
	switch (op) {
	case 0x02: case 0x04: case 0x06: case 0x08: case 0x0a: case 0x0c:
	case 0x0e: case 0x10: case 0x12: case 0x16: case 0x18: case 0x1e:
	case 0x20: case 0x52: case 0xd2:
		return true;
	default:
		return false;
	}
}

/* ATT opcodes a server sends. */
static bool
capture_att_from_server(uint8_t op)
{
	switch (op) {
	case 0x01: case 0x03: case 0x05: case 0x07: case 0x09: case 0x0b:
	case 0x0d: case 0x0f: case 0x11: case 0x13: case 0x17: case 0x19:
	case 0x1b: case 0x1d: case 0x21: case 0x23:
		return true;
	default:
		return false;
	}
}

/*
 * The direction of a PDU the capture gives none for, from the PDU: an
 * L2CAP start on the ATT channel is the client's (the central, as in
 * the file comment) or the server's by its opcode; a continuation
 * belongs to the one direction with a frame being reassembled.  Else
 * LL_DIR_UNKNOWN.
 */
static int
capture_att_infer_dir(const struct capture_att_conn *cn,
    const struct ll_data *dp)
{
	bool	out, in;

	if (dp->llid == 2 && dp->len >= 5 &&
	    (dp->payload[2] | dp->payload[3] << 8) == CAPTURE_ATT_ATT_CID) {
		if (capture_att_from_client(dp->payload[4]))
			return LL_DIR_C2P;
		if (capture_att_from_server(dp->payload[4]))
			return LL_DIR_P2C;
		return LL_DIR_UNKNOWN;
	}
	if (dp->llid != 1 || dp->len == 0)
		return LL_DIR_UNKNOWN;
	out = cn->rx[CAPTURE_ATT_RX_OUT].active;
	in = cn->rx[CAPTURE_ATT_RX_IN].active;
	if (out != in)
		return out ? LL_DIR_C2P : LL_DIR_P2C;
	return LL_DIR_UNKNOWN;
}

/*
 * A midway connection may have been encrypted before the capture began
 * (its LL_START_ENC_REQ unseen).  A start fragment whose L2CAP header
 * cannot be plaintext (a frame shorter than the fragment, or a channel
 * ID reserved on LE, Vol 3 Part A §2.1 Table 2.3) marks it encrypted.
 */
static bool
capture_att_plaintext(const struct ll_data *dp)
{
	size_t		l2len;
	unsigned	cid;

	if (dp->llid != 2)
		return true;
	if (dp->len < 4)
		return false;
	l2len = (size_t)(dp->payload[0] | dp->payload[1] << 8);
	cid = dp->payload[2] | dp->payload[3] << 8;
	if (l2len < dp->len - 4)
		return false;
	return cid == 0x0004 || cid == 0x0005 || cid == 0x0006 ||
	    (cid >= 0x0020 && cid <= 0x003e) || cid >= 0x0040;
}

void
capture_att_ll_data(struct capture_att *ca, const struct ll_pkt *pkt,
    uint64_t ts_us)
{
	struct capture_att_conn	*cn;
	struct capture_att_rx	*rx;
	struct ll_data		 dp;
	uint32_t		 fp;
	size_t			 len;
	int			 dir;

	if (!ll_data(pkt, &dp)) {
		ca->st.malformed++;
		return;
	}
	if ((cn = capture_att_conn_find(ca, true, pkt->aa)) == NULL &&
	    (cn = capture_att_midway(ca, pkt->aa)) == NULL) {
		ca->st.unknown_conn++;
		return;
	}
	if (cn->midway) {
		capture_att_learn_crcinit(cn, pkt);
		if (!cn->encrypted && !capture_att_plaintext(&dp))
			cn->encrypted = true;
	}
	dir = pkt->dir;
	if (dir == LL_DIR_UNKNOWN && !cn->encrypted)
		dir = capture_att_infer_dir(cn, &dp);
	rx = &cn->rx[dir == LL_DIR_C2P ? CAPTURE_ATT_RX_OUT :
	    dir == LL_DIR_P2C ? CAPTURE_ATT_RX_IN : CAPTURE_ATT_RX_UNKNOWN];
	if (dir != LL_DIR_UNKNOWN) {
		fp = capture_att_fnv(pkt->pdu, pkt->pdu_len);
		if (rx->have_sn && rx->last_sn == dp.sn &&
		    rx->last_fp == fp && rx->last_len == pkt->pdu_len) {
			ca->st.retransmissions++;
			return;
		}
		rx->have_sn = true;
		rx->last_sn = dp.sn;
		rx->last_fp = fp;
		rx->last_len = pkt->pdu_len;
	}
	if (dp.len == 0)
		return;			/* empty PDU */
	if (dp.llid == 3) {
		/* LL_ENC_REQ / LL_START_ENC_REQ: what follows is encrypted. */
		if (!pkt->decrypted &&
		    (dp.payload[0] == 0x03 || dp.payload[0] == 0x05))
			cn->encrypted = true;
		return;
	}
	len = dp.len;
	if (cn->encrypted) {
		if (!pkt->decrypted || len < 4) {
			ca->st.encrypted++;
			return;
		}
		len -= 4;		/* MIC */
	}
	capture_att_l2cap(ca, cn, rx, dp.llid == 2, dp.payload, len, ts_us);
}

/* --- results ---------------------------------------------------------- */

const struct capture_att_stats *
capture_att_stats(const struct capture_att *ca)
{
	return &ca->st;
}

size_t
capture_att_count(const struct capture_att *ca)
{
	return ca->ndevs;
}

const struct capture_att_dev *
capture_att_dev_at(const struct capture_att *ca, size_t i)
{
	return i < ca->ndevs ? ca->devs[i] : NULL;
}

bool
capture_att_reading(const struct capture_att_dev *d, size_t i, const char **key,
    struct reading *r)
{
	if (i >= CAPTURE_ATT_NKEYS)
		return false;
	*key = capture_att_keys[i].key;
	*r = *CAPTURE_ATT_R(&d->out, i);
	if (r->prov != RD_UNSET)
		snprintf(r->source, sizeof r->source, "%s", CAPTURE_ATT_SOURCE);
	return true;
}

bool
capture_att_dev_has_data(const struct capture_att_dev *d)
{
	size_t	i;

	if (d->nwrites > 0 || d->writes_dropped > 0)
		return true;
	for (i = 0; i < CAPTURE_ATT_NKEYS; i++)
		if (CAPTURE_ATT_R(&d->out, i)->prov != RD_UNSET)
			return true;
	return false;
}

cJSON *
capture_att_gatt_json(const struct capture_att_dev *d)
{
	struct stdchar_out	out = d->out;
	const char		*key;
	size_t			i;

	for (i = 0; i < CAPTURE_ATT_NKEYS; i++)
		(void)capture_att_reading(d, i, &key, CAPTURE_ATT_R(&out, i));
	return stdchar_json(&out);
}

cJSON *
capture_att_writes_json(const struct capture_att_dev *d)
{
	const struct capture_att_uuid	*u;
	cJSON				*a, *w;
	char				 s[37];
	size_t				 i;

	if ((a = cJSON_CreateArray()) == NULL)
		return NULL;
	for (i = 0; i < d->nwrites; i++) {
		u = capture_att_uuid_of(d, d->writes[i].handle);
		if ((w = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(a, w) ||
		    cJSON_AddNumberToObject(w, "handle",
		    d->writes[i].handle) == NULL ||
		    (u != NULL ? cJSON_AddStringToObject(w, "uuid",
		    capture_att_uuid_str(u, s)) : cJSON_AddNullToObject(w,
		    "uuid")) == NULL ||
		    cJSON_AddNumberToObject(w, "count",
		    d->writes[i].count) == NULL) {
			cJSON_Delete(a);
			return NULL;
		}
	}
	return a;
}
