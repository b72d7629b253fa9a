/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * att_server.c - ATT server over a scenario device's GATT database (see
 * att_server.h).
 *
 * Bluetooth Core 5.4 Vol 3 Part F: §3.2.8 ATT_MTU, §3.3 PDU format,
 * §3.4.1.1 Error Response, §3.4.2 MTU exchange, §3.4.3 Find Information
 * and Find By Type Value, §3.4.4 reads (Read By Type, Read, Read Blob,
 * Read Multiple, Read By Group Type, Read Multiple Variable Length),
 * §3.4.5 writes.  Vol 3 Part G §3 attribute layout of services,
 * characteristic declarations and the Client Characteristic
 * Configuration descriptor.
 *
 * Choices where the specification leaves room (also in hci-emu(1)):
 *  - Read Blob answers Attribute Not Long when the whole value fits in
 *    one Read Response (length <= ATT_MTU - 1), and Invalid Offset when
 *    the offset is past the end.
 *  - Read Multiple Variable Length gives each value's full length in its
 *    Length field and truncates the tuple list to ATT_MTU - 1 octets, so
 *    a client sees that the last value was cut and can Read Blob it.
 *  - A second Exchange MTU is answered with the server MTU again and
 *    leaves the ATT_MTU unchanged.
 *  - Writes never change a value: the emulated lock only counts them.
 * Requests are dispatched through a const table that also gives the
 * exact or minimum PDU length, checked before the handler runs.
 */
#include <stdlib.h>
#include <string.h>

#include "emu/att_server.h"
#include "emu/emudef.h"
#include "util/cursor.h"

enum eatt_kind {
	EATT_SVC,
	EATT_DECL,
	EATT_VAL,
	EATT_CCCD
};

struct eatt_attr {
	enum eatt_kind	kind;
	size_t		idx;	/* service or characteristic index */
	uint16_t	end;	/* services: last handle of the group */
};

struct eatt_db {
	const struct scn_ble	*sb;
	size_t			 n;
	struct eatt_attr	*a;	/* a[h - 1] is handle h */
	uint16_t		*valh;	/* per characteristic */
};

/* One response being built: at most limit bytes. */
struct eatt_rsp {
	uint8_t		*p;
	size_t		 len;
	size_t		 limit;
};

struct eatt_ctx {
	const struct eatt_db		*db;
	struct eatt_srv			*srv;
	const struct scn_setval *const	*vals;
	uint8_t				 op;
};

struct eatt_op {
	uint8_t		 op;
	size_t		 min;	/* PDU length, opcode included */
	size_t		 max;
	size_t		 (*fn)(struct eatt_ctx *, struct cur *,
			    struct eatt_rsp *);
};

/* ---- database ---- */

struct eatt_db *
eatt_db_new(const struct scn_ble *sb)
{
	struct eatt_db		*db;
	const struct scn_service *sv;
	size_t			 n = 0, i, k, h;

	if ((db = calloc(1, sizeof *db)) == NULL)
		return NULL;
	db->sb = sb;
	for (i = 0; i < sb->nservices; i++)
		n++;
	for (i = 0; i < sb->nchars; i++)
		n += 2 + ((sb->chars[i].props &
		    (SCN_PROP_NOTIFY | SCN_PROP_INDICATE)) != 0);
	if (n > 0xffff)
		n = 0xffff;	/* not reachable with the scenario caps */
	if ((n > 0 && (db->a = calloc(n, sizeof *db->a)) == NULL) ||
	    (sb->nchars > 0 &&
	    (db->valh = calloc(sb->nchars, sizeof *db->valh)) == NULL)) {
		eatt_db_free(db);
		return NULL;
	}
	h = 0;
	for (i = 0; i < sb->nservices && h < n; i++) {
		size_t	svc = h;

		sv = &sb->services[i];
		db->a[h++] = (struct eatt_attr){ EATT_SVC, i, 0 };
		for (k = sv->first; k < sv->first + sv->count && h + 2 <= n;
		    k++) {
			db->a[h++] = (struct eatt_attr){ EATT_DECL, k, 0 };
			db->valh[k] = (uint16_t)(h + 1);
			db->a[h++] = (struct eatt_attr){ EATT_VAL, k, 0 };
			if ((sb->chars[k].props &
			    (SCN_PROP_NOTIFY | SCN_PROP_INDICATE)) && h < n)
				db->a[h++] = (struct eatt_attr){ EATT_CCCD, k,
				    0 };
		}
		db->a[svc].end = (uint16_t)h;
	}
	db->n = h;
	return db;
}

void
eatt_db_free(struct eatt_db *db)
{
	if (db == NULL)
		return;
	free(db->a);
	free(db->valh);
	free(db);
}

uint16_t
eatt_db_count(const struct eatt_db *db)
{
	return (uint16_t)db->n;
}

uint16_t
eatt_value_handle(const struct eatt_db *db, size_t chr)
{
	return chr < db->sb->nchars ? db->valh[chr] : 0;
}

void
eatt_srv_init(struct eatt_srv *s, uint16_t server_mtu, bool read_mult_var)
{
	memset(s, 0, sizeof *s);
	s->server_mtu = server_mtu < ATT_DEFAULT_LE_MTU ? ATT_DEFAULT_LE_MTU :
	    server_mtu > ATT_MAX_MTU ? ATT_MAX_MTU : server_mtu;
	s->mtu = ATT_DEFAULT_LE_MTU;
	s->read_mult_var = read_mult_var;
}

bool
eatt_is_request(uint8_t op)
{
	/* Server-to-client PDUs and the confirmation get no response. */
	static const uint8_t	noreply[] = {
		0x01, 0x03, 0x05, 0x07, 0x09, 0x0b, 0x0d, 0x0f, 0x11, 0x13,
		0x17, 0x19, ATT_OP_NOTIFY, ATT_OP_INDICATE, ATT_OP_CONFIRM,
		0x21, 0x23
	};
	size_t			i;

	if (op & ATT_OP_CMD_FLAG)
		return false;
	for (i = 0; i < sizeof noreply; i++)
		if (noreply[i] == op)
			return false;
	return true;
}

/* ---- attributes ---- */

static const struct eatt_attr *
eatt_attr(const struct eatt_db *db, uint16_t h)
{
	return h >= 1 && h <= db->n ? &db->a[h - 1] : NULL;
}

static void
eatt_uuid16(struct scn_uuid *u, uint16_t v)
{
	memset(u, 0, sizeof *u);
	u->len = 2;
	put_le16(u->b, v);
}

static void
eatt_type(const struct eatt_db *db, const struct eatt_attr *a,
    struct scn_uuid *u)
{
	switch (a->kind) {
	case EATT_SVC:
		eatt_uuid16(u, ATT_UUID_PRIMARY);
		break;
	case EATT_DECL:
		eatt_uuid16(u, ATT_UUID_CHARACTERISTIC);
		break;
	case EATT_VAL:
		*u = db->sb->chars[a->idx].uuid;
		break;
	case EATT_CCCD:
		eatt_uuid16(u, ED_UUID_CCCD);
		break;
	}
}

/*
 * Value of attribute h: *p points into the database, the scenario, vals,
 * or tmp (>= 19 bytes: a characteristic declaration with a 128-bit UUID).
 */
static void
eatt_value(const struct eatt_ctx *x, uint16_t h, uint8_t *tmp,
    const uint8_t **p, size_t *len)
{
	const struct eatt_attr	*a = eatt_attr(x->db, h);
	const struct scn_ble	*sb = x->db->sb;
	const struct scn_char	*ch;

	switch (a->kind) {
	case EATT_SVC:
		*p = sb->services[a->idx].uuid.b;
		*len = sb->services[a->idx].uuid.len;
		return;
	case EATT_DECL:
		/* §3.3.1: Properties, Value Handle, UUID. */
		ch = &sb->chars[a->idx];
		tmp[0] = (uint8_t)ch->props;
		put_le16(tmp + 1, x->db->valh[a->idx]);
		memcpy(tmp + 3, ch->uuid.b, ch->uuid.len);
		*p = tmp;
		*len = 3 + (size_t)ch->uuid.len;
		return;
	case EATT_VAL:
		if (x->vals != NULL && x->vals[a->idx] != NULL) {
			*p = x->vals[a->idx]->value;
			*len = x->vals[a->idx]->len;
		} else {
			*p = sb->chars[a->idx].value;
			*len = sb->chars[a->idx].len;
		}
		return;
	case EATT_CCCD:
		tmp[0] = tmp[1] = 0;
		*p = tmp;
		*len = 2;
		return;
	}
}

/* 0 when attribute h may be read, else the ATT error code. */
static uint8_t
eatt_read_check(const struct eatt_db *db, uint16_t h)
{
	const struct eatt_attr	*a = eatt_attr(db, h);
	const struct scn_char	*ch;

	if (a == NULL)
		return ATT_E_INVALID_HANDLE;
	if (a->kind != EATT_VAL)
		return 0;
	ch = &db->sb->chars[a->idx];
	if (!(ch->props & SCN_PROP_READ))
		return ATT_E_READ_NOT_PERMITTED;
	if (ch->security == SCN_SEC_ENCRYPTED)
		return ATT_E_ENCRYPTION;
	if (ch->security == SCN_SEC_AUTHENTICATED)
		return ATT_E_AUTHENTICATION;
	return 0;
}

/* Bluetooth Base UUID, first 12 octets little-endian (Vol 3 Part B §2.5.1). */
static const uint8_t eatt_base[12] = {
	0xfb, 0x34, 0x9b, 0x5f, 0x80, 0x00, 0x00, 0x80, 0x00, 0x10, 0x00, 0x00
};

/* A response carries the value of attribute h: count characteristic values. */
static void
eatt_count_read(struct eatt_ctx *x, uint16_t h)
{
	const struct eatt_attr	*a = eatt_attr(x->db, h);
	const struct scn_uuid	*u;

	if (a == NULL || a->kind != EATT_VAL)
		return;
	x->srv->value_reads++;
	u = &x->db->sb->chars[a->idx].uuid;
	if (u->len == 16 && memcmp(u->b, eatt_base, sizeof eatt_base) != 0)
		x->srv->vendor_reads++;
}

/* ---- responses ---- */

static size_t
eatt_error(struct eatt_ctx *x, struct eatt_rsp *r, uint16_t h, uint8_t code)
{
	r->p[0] = ATT_OP_ERROR_RSP;
	r->p[1] = x->op;
	put_le16(r->p + 2, h);
	r->p[4] = code;
	x->srv->errors++;
	return 5;
}

static bool
eatt_room(const struct eatt_rsp *r, size_t n)
{
	return r->len + n <= r->limit;
}

static void
eatt_put(struct eatt_rsp *r, const void *p, size_t n)
{
	memcpy(r->p + r->len, p, n);
	r->len += n;
}

static void
eatt_put16(struct eatt_rsp *r, uint16_t v)
{
	put_le16(r->p + r->len, v);
	r->len += 2;
}

/* Range check shared by the handle-range requests (§3.4.3.1). */
static bool
eatt_range_ok(uint16_t start, uint16_t end)
{
	return start != 0 && start <= end;
}

/* Read a 2- or 16-octet UUID that fills the rest of the PDU. */
static bool
eatt_cur_uuid(struct cur *c, struct scn_uuid *u)
{
	size_t	n = cur_left(c);

	if (n != 2 && n != 16)
		return false;
	memset(u, 0, sizeof *u);
	u->len = (uint8_t)n;
	return cur_copy(c, u->b, n);
}

/* ---- requests ---- */

static size_t
eatt_mtu(struct eatt_ctx *x, struct cur *c, struct eatt_rsp *r)
{
	uint16_t	client = cur_le16(c);
	uint16_t	m;

	if (!x->srv->mtu_done) {
		m = client < x->srv->server_mtu ? client : x->srv->server_mtu;
		x->srv->mtu = m < ATT_DEFAULT_LE_MTU ? ATT_DEFAULT_LE_MTU : m;
		x->srv->mtu_done = true;
	}
	r->p[0] = ATT_OP_MTU_RSP;
	put_le16(r->p + 1, x->srv->server_mtu);
	return 3;
}

static size_t
eatt_find_info(struct eatt_ctx *x, struct cur *c, struct eatt_rsp *r)
{
	uint16_t	start = cur_le16(c), end = cur_le16(c), h;
	struct scn_uuid	u;
	uint8_t		fmt = 0;

	if (!eatt_range_ok(start, end))
		return eatt_error(x, r, start, ATT_E_INVALID_HANDLE);
	r->p[0] = ATT_OP_FIND_INFO_RSP;
	r->len = 2;
	for (h = start; h <= end && h <= x->db->n && h != 0; h++) {
		eatt_type(x->db, eatt_attr(x->db, h), &u);
		if (fmt == 0)
			fmt = u.len == 2 ? 1 : 2;	/* §3.4.3.2 Format */
		if ((fmt == 1) != (u.len == 2) || !eatt_room(r, 2 + u.len))
			break;
		eatt_put16(r, h);
		eatt_put(r, u.b, u.len);
	}
	if (fmt == 0)
		return eatt_error(x, r, start, ATT_E_NOT_FOUND);
	r->p[1] = fmt;
	return r->len;
}

static size_t
eatt_find_type(struct eatt_ctx *x, struct cur *c, struct eatt_rsp *r)
{
	const struct eatt_attr	*a;
	uint16_t		 start = cur_le16(c), end = cur_le16(c), h;
	struct scn_uuid		 want, u;
	const uint8_t		*v, *val;
	uint8_t			 tmp[19];
	size_t			 vlen, n;

	eatt_uuid16(&want, cur_le16(c));
	n = cur_left(c);
	val = cur_take(c, n);
	if (!eatt_range_ok(start, end))
		return eatt_error(x, r, start, ATT_E_INVALID_HANDLE);
	r->p[0] = ATT_OP_FIND_BY_TYPE_RSP;
	r->len = 1;
	for (h = start; h <= end && h <= x->db->n && h != 0; h++) {
		a = eatt_attr(x->db, h);
		eatt_type(x->db, a, &u);
		if (!scn_uuid_eq(&u, &want) || eatt_read_check(x->db, h) != 0)
			continue;
		eatt_value(x, h, tmp, &v, &vlen);
		if (vlen != n || (n > 0 && memcmp(v, val, n) != 0))
			continue;
		if (!eatt_room(r, 4))
			break;
		eatt_put16(r, h);
		eatt_put16(r, a->kind == EATT_SVC ? a->end : h);
	}
	if (r->len == 1)
		return eatt_error(x, r, start, ATT_E_NOT_FOUND);
	return r->len;
}

static size_t
eatt_read_type(struct eatt_ctx *x, struct cur *c, struct eatt_rsp *r)
{
	uint16_t	start = cur_le16(c), end = cur_le16(c), h;
	struct scn_uuid	want, u;
	const uint8_t	*v;
	uint8_t		tmp[19], err;
	size_t		vlen, cap, each = 0;

	if (!eatt_cur_uuid(c, &want))
		return eatt_error(x, r, 0, ATT_E_INVALID_PDU);
	if (!eatt_range_ok(start, end))
		return eatt_error(x, r, start, ATT_E_INVALID_HANDLE);
	/* §3.4.4.2: values cut to min(ATT_MTU - 4, 253) octets. */
	cap = (size_t)x->srv->mtu - 4 < 253 ? (size_t)x->srv->mtu - 4 : 253;
	r->p[0] = ATT_OP_READ_BY_TYPE_RSP;
	r->len = 2;
	for (h = start; h <= end && h <= x->db->n && h != 0; h++) {
		eatt_type(x->db, eatt_attr(x->db, h), &u);
		if (!scn_uuid_eq(&u, &want))
			continue;
		if ((err = eatt_read_check(x->db, h)) != 0) {
			if (each == 0)
				return eatt_error(x, r, h, err);
			break;
		}
		eatt_value(x, h, tmp, &v, &vlen);
		if (vlen > cap)
			vlen = cap;
		if (each == 0)
			each = 2 + vlen;
		else if (2 + vlen != each)
			break;
		if (!eatt_room(r, each))
			break;
		eatt_put16(r, h);
		eatt_put(r, v, vlen);
		eatt_count_read(x, h);
	}
	if (each == 0)
		return eatt_error(x, r, start, ATT_E_NOT_FOUND);
	r->p[1] = (uint8_t)each;
	return r->len;
}

static size_t
eatt_read(struct eatt_ctx *x, struct cur *c, struct eatt_rsp *r)
{
	uint16_t	h = cur_le16(c);
	const uint8_t	*v;
	uint8_t		tmp[19], err;
	size_t		vlen;

	if ((err = eatt_read_check(x->db, h)) != 0)
		return eatt_error(x, r, h, err);
	eatt_value(x, h, tmp, &v, &vlen);
	eatt_count_read(x, h);
	r->p[0] = ATT_OP_READ_RSP;
	r->len = 1;
	if (vlen > r->limit - 1)
		vlen = r->limit - 1;
	eatt_put(r, v, vlen);
	return r->len;
}

static size_t
eatt_read_blob(struct eatt_ctx *x, struct cur *c, struct eatt_rsp *r)
{
	uint16_t	h = cur_le16(c), off = cur_le16(c);
	const uint8_t	*v;
	uint8_t		tmp[19], err;
	size_t		vlen, n;

	if ((err = eatt_read_check(x->db, h)) != 0)
		return eatt_error(x, r, h, err);
	eatt_value(x, h, tmp, &v, &vlen);
	if (vlen <= (size_t)x->srv->mtu - 1)
		return eatt_error(x, r, h, ATT_E_NOT_LONG);
	if (off > vlen)
		return eatt_error(x, r, h, ATT_E_INVALID_OFFSET);
	eatt_count_read(x, h);
	r->p[0] = ATT_OP_READ_BLOB_RSP;
	r->len = 1;
	n = vlen - off;
	if (n > r->limit - 1)
		n = r->limit - 1;
	eatt_put(r, v + off, n);
	return r->len;
}

/* Check every handle of a Read Multiple (Variable) request first. */
static size_t
eatt_mult_check(struct eatt_ctx *x, struct cur *c, struct eatt_rsp *r)
{
	struct cur	k = *c;
	uint16_t	h;
	uint8_t		err;

	while (cur_left(&k) > 0) {
		h = cur_le16(&k);
		if ((err = eatt_read_check(x->db, h)) != 0)
			return eatt_error(x, r, h, err);
	}
	return 0;
}

static size_t
eatt_read_mult(struct eatt_ctx *x, struct cur *c, struct eatt_rsp *r)
{
	const uint8_t	*v;
	uint16_t	 h;
	uint8_t		 tmp[19];
	size_t		 vlen, e;

	if (cur_left(c) % 2 != 0)
		return eatt_error(x, r, 0, ATT_E_INVALID_PDU);
	if ((e = eatt_mult_check(x, c, r)) != 0)
		return e;
	r->p[0] = ATT_OP_READ_MULT_RSP;
	r->len = 1;
	while (cur_left(c) > 0 && r->len < r->limit) {
		h = cur_le16(c);
		eatt_value(x, h, tmp, &v, &vlen);
		eatt_count_read(x, h);
		if (vlen > r->limit - r->len)
			vlen = r->limit - r->len;
		eatt_put(r, v, vlen);
	}
	return r->len;
}

static size_t
eatt_read_mult_vl(struct eatt_ctx *x, struct cur *c, struct eatt_rsp *r)
{
	const uint8_t	*v;
	uint16_t	 h;
	uint8_t		 tmp[19], lenb[2];
	size_t		 vlen, e, n;

	if (!x->srv->read_mult_var)
		return eatt_error(x, r, 0, ATT_E_REQ_NOT_SUPP);
	if (cur_left(c) % 2 != 0)
		return eatt_error(x, r, 0, ATT_E_INVALID_PDU);
	if ((e = eatt_mult_check(x, c, r)) != 0)
		return e;
	r->p[0] = ATT_OP_READ_MULT_VAR_RSP;
	r->len = 1;
	while (cur_left(c) > 0 && r->len < r->limit) {
		h = cur_le16(c);
		eatt_value(x, h, tmp, &v, &vlen);
		eatt_count_read(x, h);
		put_le16(lenb, (uint16_t)vlen);
		n = r->limit - r->len < 2 ? r->limit - r->len : 2;
		eatt_put(r, lenb, n);
		n = r->limit - r->len < vlen ? r->limit - r->len : vlen;
		eatt_put(r, v, n);
	}
	return r->len;
}

static size_t
eatt_read_group(struct eatt_ctx *x, struct cur *c, struct eatt_rsp *r)
{
	const struct eatt_attr	*a;
	uint16_t		 start = cur_le16(c), end = cur_le16(c), h;
	struct scn_uuid		 want, prim, sec;
	const uint8_t		*v;
	uint8_t			 tmp[19];
	size_t			 vlen, each = 0;

	if (!eatt_cur_uuid(c, &want))
		return eatt_error(x, r, 0, ATT_E_INVALID_PDU);
	if (!eatt_range_ok(start, end))
		return eatt_error(x, r, start, ATT_E_INVALID_HANDLE);
	eatt_uuid16(&prim, ATT_UUID_PRIMARY);
	eatt_uuid16(&sec, ATT_UUID_SECONDARY);
	/* §3.4.4.9: only grouping types; GATT defines the service ones. */
	if (!scn_uuid_eq(&want, &prim) && !scn_uuid_eq(&want, &sec))
		return eatt_error(x, r, start, ATT_E_UNSUPP_GROUP_TYPE);
	r->p[0] = ATT_OP_READ_BY_GROUP_RSP;
	r->len = 2;
	for (h = start; h <= end && h <= x->db->n && h != 0; h++) {
		a = eatt_attr(x->db, h);
		if (a->kind != EATT_SVC || !scn_uuid_eq(&want, &prim))
			continue;
		eatt_value(x, h, tmp, &v, &vlen);
		if (each == 0)
			each = 4 + vlen;
		else if (4 + vlen != each)
			break;
		if (!eatt_room(r, each))
			break;
		eatt_put16(r, h);
		eatt_put16(r, a->end);
		eatt_put(r, v, vlen);
	}
	if (each == 0)
		return eatt_error(x, r, start, ATT_E_NOT_FOUND);
	r->p[1] = (uint8_t)each;
	return r->len;
}

static size_t
eatt_write(struct eatt_ctx *x, struct cur *c, struct eatt_rsp *r)
{
	const struct eatt_attr	*a;
	const struct scn_char	*ch;
	uint16_t		 h = cur_le16(c);

	x->srv->writes++;
	if ((a = eatt_attr(x->db, h)) == NULL)
		return eatt_error(x, r, h, ATT_E_INVALID_HANDLE);
	if (a->kind == EATT_SVC || a->kind == EATT_DECL)
		return eatt_error(x, r, h, ATT_E_WRITE_NOT_PERMITTED);
	ch = &x->db->sb->chars[a->idx];
	if (a->kind == EATT_VAL) {
		if (!(ch->props & (SCN_PROP_WRITE | SCN_PROP_WRITE_NR)))
			return eatt_error(x, r, h,
			    ATT_E_WRITE_NOT_PERMITTED);
		if (ch->security == SCN_SEC_ENCRYPTED)
			return eatt_error(x, r, h, ATT_E_ENCRYPTION);
		if (ch->security == SCN_SEC_AUTHENTICATED)
			return eatt_error(x, r, h, ATT_E_AUTHENTICATION);
	}
	r->p[0] = ATT_OP_WRITE_RSP;
	return 1;
}

static size_t
eatt_unsupported(struct eatt_ctx *x, struct cur *c, struct eatt_rsp *r)
{
	(void)c;
	return eatt_error(x, r, 0, ATT_E_REQ_NOT_SUPP);
}

#define EATT_ANY	EATT_PDU_MAX

static const struct eatt_op eatt_ops[] = {
	{ ATT_OP_MTU_REQ,	   3,  3,	 eatt_mtu },
	{ ATT_OP_FIND_INFO_REQ,	   5,  5,	 eatt_find_info },
	{ ATT_OP_FIND_BY_TYPE_REQ,	   7,  EATT_ANY, eatt_find_type },
	{ ATT_OP_READ_BY_TYPE_REQ,	   7,  21,	 eatt_read_type },
	{ ATT_OP_READ_REQ,	   3,  3,	 eatt_read },
	{ ATT_OP_READ_BLOB_REQ,	   5,  5,	 eatt_read_blob },
	{ ATT_OP_READ_MULT_REQ,	   5,  EATT_ANY, eatt_read_mult },
	{ ATT_OP_READ_BY_GROUP_REQ,   7,  21,	 eatt_read_group },
	{ ATT_OP_WRITE_REQ,	   3,  EATT_ANY, eatt_write },
	{ ATT_OP_READ_MULT_VAR_REQ, 5,  EATT_ANY, eatt_read_mult_vl },
};

size_t
eatt_handle(const struct eatt_db *db, struct eatt_srv *srv,
    const struct scn_setval *const *vals, const uint8_t *pdu, size_t n,
    uint8_t *rsp)
{
	struct eatt_ctx	 x;
	struct eatt_rsp	 r;
	struct cur	 c;
	size_t		 i;

	if (n == 0)
		return 0;
	x.db = db;
	x.srv = srv;
	x.vals = vals;
	x.op = pdu[0];
	r.p = rsp;
	r.len = 0;
	r.limit = srv->mtu;
	switch (x.op) {
	case ATT_OP_WRITE_CMD:
	case ATT_OP_SIGNED_WRITE_CMD:
		srv->writes++;
		return 0;
	case ATT_OP_CONFIRM:
		srv->confirms++;
		return 0;
	}
	if (!eatt_is_request(x.op))
		return 0;	/* commands we do not know: ignored, §3.3.1 */
	srv->requests++;
	cur_init(&c, pdu + 1, n - 1);
	for (i = 0; i < sizeof eatt_ops / sizeof eatt_ops[0]; i++) {
		if (eatt_ops[i].op != x.op)
			continue;
		if (n < eatt_ops[i].min || n > eatt_ops[i].max)
			return eatt_error(&x, &r, 0, ATT_E_INVALID_PDU);
		return eatt_ops[i].fn(&x, &c, &r);
	}
	return eatt_unsupported(&x, &c, &r);
}
