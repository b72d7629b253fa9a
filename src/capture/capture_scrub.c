/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * capture_scrub.c - zero vendor ATT values in a capture.  See the header.
 *
 * Framing: HCI ACL (Core 5.4 Vol 4 Part E §5.4.2: handle and flags,
 * length), L2CAP basic header (Vol 3 Part A §3.1: length, CID), ATT on
 * CID 4 (Vol 3 Part F §3.4, opcodes in gatt/att.h), SMP on CID 6 (Vol 3
 * Part H §3.3).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture_scrub.h"
#include "gatt/att.h"
#include "gatt/std_chars.h"
#include "hci/btsnoop.h"
#include "hci/hcidef.h"

#define SCRUB_CID_ATT	0x0004
#define SCRUB_CID_SMP	0x0006
#define SCRUB_PB_CONT	0x1	/* ACL packet boundary: continuing */
#define SCRUB_MV_MAX	32	/* handles of a Read Multiple Variable */

/*
 * One direction of a connection, read a byte at a time, so that a PDU
 * split over ACL fragments is judged the same as a whole one.
 */
struct scrub_dir {
	/* L2CAP */
	uint8_t		 l2hdr[4];
	size_t		 l2have;	/* header bytes seen */
	size_t		 l2left;	/* payload bytes to come */
	uint16_t	 cid;
	size_t		 l2off;		/* payload bytes seen */
	/* the ATT PDU */
	uint8_t		 op;
	uint8_t		 hdr[24];	/* its first bytes */
	uint16_t	 h;		/* its handle, where it has one */
	size_t		 unit;		/* Read By Type / Find Information
					   pair length */
	size_t		 pos;		/* offset in the pair or tuple */
	size_t		 vleft;		/* value bytes left in the tuple */
	size_t		 tuple;		/* tuples done */
	uint8_t		 pair[24];	/* the pair, to learn from */
	/* requests this side sent, for the other side's responses */
	uint16_t	 read_req;	/* Read (Blob) Request handle */
	bool		 decl_req;	/* Read By Type of declarations */
	bool		 std_req;	/* ... of a standard value */
	uint16_t	 mv[SCRUB_MV_MAX];	/* Read Multiple Variable */
	size_t		 nmv;
};

/* One connection, by its HCI handle. */
struct scrub_conn {
	bool		 used;
	uint16_t	 hci;
	uint16_t	 keep[CAPTURE_SCRUB_HANDLES];	/* standard values */
	size_t		 nkeep;
	struct scrub_dir dir[2];	/* 0 sent, 1 received */
};

struct capture_scrub {
	struct scrub_conn	 conn[CAPTURE_SCRUB_CONNS];
	size_t			 next;	/* the slot reused next */
};

static uint16_t
scrub_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

struct capture_scrub *
capture_scrub_new(void)
{
	return calloc(1, sizeof(struct capture_scrub));
}

void
capture_scrub_free(struct capture_scrub *s)
{
	free(s);
}

static struct scrub_conn *
scrub_conn_get(struct capture_scrub *s, uint16_t hci)
{
	struct scrub_conn	*c;
	size_t			 i;

	for (i = 0; i < CAPTURE_SCRUB_CONNS; i++)
		if (s->conn[i].used && s->conn[i].hci == hci)
			return &s->conn[i];
	/* A new handle: the oldest slot goes (its connection is gone or
	   the capture follows too many; either way nothing is kept). */
	c = &s->conn[s->next];
	s->next = (s->next + 1) % CAPTURE_SCRUB_CONNS;
	memset(c, 0, sizeof *c);
	c->used = true;
	c->hci = hci;
	return c;
}

static bool
scrub_kept(const struct scrub_conn *c, uint16_t h)
{
	size_t	i;

	for (i = 0; i < c->nkeep; i++)
		if (c->keep[i] == h)
			return true;
	return false;
}

/* A 16-bit UUID, or a 128-bit one on the Bluetooth base: its 16 bits. */
static bool
scrub_uuid16(const uint8_t *u, size_t len, uint16_t *out)
{
	static const uint8_t	base[12] = { 0xfb, 0x34, 0x9b, 0x5f, 0x80,
				    0x00, 0x00, 0x80, 0x00, 0x10, 0x00,
				    0x00 };

	if (len == 2) {
		*out = scrub_le16(u);
		return true;
	}
	if (len == 16 && memcmp(u, base, sizeof base) == 0 &&
	    u[14] == 0 && u[15] == 0) {
		*out = scrub_le16(u + 12);
		return true;
	}
	return false;
}

static void
scrub_learn(struct scrub_conn *c, uint16_t h, const uint8_t *u, size_t len)
{
	uint16_t	uuid;

	/* Declarations (0x2800-0x2803) are the database's structure. */
	if (!scrub_uuid16(u, len, &uuid) || (stdchar_find(uuid) == NULL &&
	    (uuid < 0x2800 || uuid > 0x2803)) || scrub_kept(c, h) ||
	    c->nkeep >= CAPTURE_SCRUB_HANDLES)
		return;
	c->keep[c->nkeep++] = h;
}

/* The end of a request this side sent: what its response will be. */
static void
scrub_att_end(struct scrub_dir *sd, size_t n)
{
	uint16_t	t;

	if (sd->op != ATT_OP_READ_BY_TYPE_REQ)
		return;
	sd->decl_req = (n == 7 || n == 21) &&
	    scrub_uuid16(sd->hdr + 5, n - 5, &t) && t >= 0x2800 &&
	    t <= 0x2803;
	/* "Read Using Characteristic UUID" of a standard one. */
	sd->std_req = (n == 7 || n == 21) &&
	    scrub_uuid16(sd->hdr + 5, n - 5, &t) && stdchar_find(t) != NULL;
}

/*
 * Byte k of the ATT PDU in direction sd (other: the opposite direction,
 * whose requests this PDU answers).  Returns whether to zero it.
 */
static bool
scrub_att_byte(struct scrub_conn *c, struct scrub_dir *sd,
    struct scrub_dir *other, size_t k, uint8_t b)
{
	if (k < sizeof sd->hdr)
		sd->hdr[k] = b;
	if (k == 0) {
		sd->op = b;
		sd->h = 0;
		sd->unit = sd->pos = sd->vleft = sd->tuple = 0;
		if (b == ATT_OP_READ_MULT_VAR_REQ)
			sd->nmv = 0;
		return false;
	}
	if (k <= 2)
		sd->h = (uint16_t)(k == 1 ? b : sd->h | b << 8);
	switch (sd->op) {
	case ATT_OP_READ_REQ:
	case ATT_OP_READ_BLOB_REQ:
		if (k == 2)
			sd->read_req = sd->h;
		return false;
	case ATT_OP_READ_MULT_VAR_REQ:
		if (k % 2 == 1)
			sd->pair[0] = b;
		else if (sd->nmv < SCRUB_MV_MAX)
			sd->mv[sd->nmv++] = (uint16_t)(sd->pair[0] | b << 8);
		return false;
	case ATT_OP_READ_RSP:
	case ATT_OP_READ_BLOB_RSP:
		return !scrub_kept(c, other->read_req);
	case ATT_OP_NOTIFY:
	case ATT_OP_INDICATE:
	case ATT_OP_WRITE_REQ:
	case ATT_OP_WRITE_CMD:
	case ATT_OP_SIGNED_WRITE_CMD:
		return k >= 3 && !scrub_kept(c, sd->h);
	case ATT_OP_PREP_WRITE_REQ:
	case ATT_OP_PREP_WRITE_RSP:
		return k >= 5 && !scrub_kept(c, sd->h);
	case ATT_OP_READ_MULT_RSP:
		return true;
	case ATT_OP_READ_MULT_VAR_RSP:
		/* length (2), value; ...: the lengths stay */
		if (sd->vleft > 0) {
			sd->vleft--;
			return !(sd->tuple - 1 < other->nmv &&
			    scrub_kept(c, other->mv[sd->tuple - 1]));
		}
		sd->pair[sd->pos++] = b;
		if (sd->pos == 2) {
			sd->vleft = scrub_le16(sd->pair);
			sd->pos = 0;
			sd->tuple++;
		}
		return false;
	case ATT_OP_MULT_NOTIFY:
		/* handle (2), length (2), value; ... */
		if (sd->vleft > 0) {
			sd->vleft--;
			return !scrub_kept(c, scrub_le16(sd->pair));
		}
		sd->pair[sd->pos++] = b;
		if (sd->pos == 4) {
			sd->vleft = scrub_le16(sd->pair + 2);
			sd->pos = 0;
		}
		return false;
	case ATT_OP_READ_BY_TYPE_RSP:
	case ATT_OP_FIND_INFO_RSP:
	case ATT_OP_READ_BY_GROUP_RSP:
		if (k == 1) {
			sd->unit = sd->op == ATT_OP_FIND_INFO_RSP ?
			    (b == 1 ? 4 : b == 2 ? 18 : 0) : b;
			return false;
		}
		if (sd->unit < 2 || sd->unit > sizeof sd->pair)
			return sd->op == ATT_OP_READ_BY_TYPE_RSP &&
			    !other->decl_req && !other->std_req;
		sd->pair[sd->pos++] = b;
		if (sd->pos == sd->unit) {
			sd->pos = 0;
			if (sd->op == ATT_OP_FIND_INFO_RSP)
				scrub_learn(c, scrub_le16(sd->pair),
				    sd->pair + 2, sd->unit - 2);
			else if (sd->op == ATT_OP_READ_BY_GROUP_RSP)
				/* handle, end group handle, service UUID */
				scrub_learn(c, scrub_le16(sd->pair),
				    (const uint8_t *)"\x00\x28", 2);
			else if (other->decl_req &&
			    (sd->unit == 7 || sd->unit == 21)) {
				/* handle, properties, value handle, UUID */
				scrub_learn(c, scrub_le16(sd->pair),
				    (const uint8_t *)"\x03\x28", 2);
				scrub_learn(c, scrub_le16(sd->pair + 3),
				    sd->pair + 5, sd->unit - 5);
			}
		}
		if (sd->op != ATT_OP_READ_BY_TYPE_RSP || other->decl_req ||
		    other->std_req)
			return false;
		/* handle, value: the value unless the handle is kept */
		return (sd->pos == 0 ? sd->unit : sd->pos) > 2 &&
		    !scrub_kept(c, scrub_le16(sd->pair));
	default:
		/* Errors, MTU, group (service) discovery, confirmations:
		   no characteristic values. */
		return false;
	}
}

void
capture_scrub_packet(struct capture_scrub *s, int dir, uint8_t type,
    uint8_t *pkt, size_t len)
{
	struct scrub_conn	*c;
	struct scrub_dir	*sd, *other;
	uint16_t		 hf;
	size_t			 n, i;
	uint8_t			*p;
	bool			 zero;

	if (type != HC_PKT_ACL || len < 4)
		return;
	hf = scrub_le16(pkt);
	n = scrub_le16(pkt + 2);
	if (n > len - 4)
		n = len - 4;
	p = pkt + 4;
	c = scrub_conn_get(s, hf & 0x0fff);
	sd = &c->dir[dir ? 1 : 0];
	other = &c->dir[dir ? 0 : 1];
	if (((hf >> 12) & 0x3) != SCRUB_PB_CONT) {
		/* A new L2CAP frame. */
		sd->l2have = 0;
		sd->l2left = 0;
	} else if (sd->l2have == 0) {
		/* A continuation of nothing we followed: not ours to judge,
		   so nothing of it is kept. */
		memset(p, 0, n);
		return;
	}
	for (i = 0; i < n; i++) {
		if (sd->l2have < 4) {
			sd->l2hdr[sd->l2have++] = p[i];
			if (sd->l2have == 4) {
				sd->l2left = scrub_le16(sd->l2hdr);
				sd->cid = scrub_le16(sd->l2hdr + 2);
				sd->l2off = 0;
			}
			continue;
		}
		if (sd->l2left == 0) {
			/* Bytes past the frame: not framing we know. */
			p[i] = 0;
			continue;
		}
		zero = false;
		if (sd->cid == SCRUB_CID_ATT)
			zero = scrub_att_byte(c, sd, other, sd->l2off, p[i]);
		else if (sd->cid == SCRUB_CID_SMP)
			/* Pairing: confirm, random, keys, identities. */
			zero = sd->l2off > 0;
		if (zero)
			p[i] = 0;
		sd->l2off++;
		if (--sd->l2left == 0 && sd->cid == SCRUB_CID_ATT)
			scrub_att_end(sd, sd->l2off);
	}
}

static void *
scrub_create(void)
{
	return capture_scrub_new();
}

static void
scrub_apply(void *st, int dir, uint8_t type, uint8_t *pkt, size_t len)
{
	capture_scrub_packet(st, dir, type, pkt, len);
}

static void
scrub_destroy(void *st)
{
	capture_scrub_free(st);
}

static const struct btsnoop_filter scrub_filter = {
	.create = scrub_create,
	.apply = scrub_apply,
	.destroy = scrub_destroy,
};

void
capture_scrub_install(void)
{
	btsnoop_set_filter(&scrub_filter);
}
