/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ad.c - Advertising Data (AD) parser.
 *
 * Layout: Bluetooth Core 5.4 Vol 3 Part C §11 (a sequence of
 * length(1) type(1) data(length - 1) structures; a zero length octet ends
 * the significant part).  Data formats: Core Specification Supplement
 * Part A §1 (UUID lists §1.1, local name §1.2, flags §1.3, manufacturer
 * data §1.4, TX power §1.5, solicitation §1.10, service data §1.11,
 * appearance §1.12).  Type numbers and names: Assigned Numbers §2.3
 * (names as in the SIG's current list, e.g. "... Service or Service
 * Class UUIDs"), cross-checked against bluez/bluez:src/shared/ad.h,
 * bluez/bluez:monitor/packet.c (print_eir) and
 * bluekitchen/btstack:src/bluetooth_data_types.h; 0x2f-0x34 against
 * Analog-Devices-MSDK/MAX-BLE-HCI:src/max_ble_hci/ad_types.py (ADType).
 *
 * Dispatch is by a const table {type, name, min, max, multiple, handler}
 * (the bluez monitor habit): the data length is checked against the
 * table before the handler runs, so handlers never see a short structure.
 * Unknown types and known types this tool does not read are counted and
 * skipped.
 *
 * Deliberately not done here: nothing is sanitised (names stay raw bytes;
 * text_sanitize() runs at display), no vendor payload is interpreted
 * (that is the lock classifier's job), and solicitation UUIDs are checked
 * but not stored (they name services the device wants from a peer, not
 * ones it offers).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "adv/ad.h"
#include "util/cursor.h"

struct ad_type_ent;

typedef void	(*ad_handler_fn)(struct ad_info *, const struct ad_type_ent *,
		    struct cur *);

/*
 * One AD type.  min/max bound the data length (after the type octet);
 * max 0 means no upper bound; mult, when non-zero, requires the data
 * length to be a multiple of it.  fn NULL: counted, not stored.
 */
struct ad_type_ent {
	uint8_t		 type;
	const char	*name;
	uint8_t		 min;
	uint8_t		 max;
	uint8_t		 mult;
	ad_handler_fn	 fn;
};

static void	ad_h_flags(struct ad_info *, const struct ad_type_ent *,
		    struct cur *);
static void	ad_h_uuids(struct ad_info *, const struct ad_type_ent *,
		    struct cur *);
static void	ad_h_name(struct ad_info *, const struct ad_type_ent *,
		    struct cur *);
static void	ad_h_txpower(struct ad_info *, const struct ad_type_ent *,
		    struct cur *);
static void	ad_h_appearance(struct ad_info *, const struct ad_type_ent *,
		    struct cur *);
static void	ad_h_svcdata(struct ad_info *, const struct ad_type_ent *,
		    struct cur *);
static void	ad_h_mfr(struct ad_info *, const struct ad_type_ent *,
		    struct cur *);

/*
 * Sorted by type.  Lengths from the Supplement Part A §1 for the types
 * this tool reads and for the fixed-size ones whose size is not in doubt;
 * variable or profile-defined types (URI, mesh, BIGInfo...) are only
 * named.  0x10 is Device ID in EIR and Security Manager TK Value in OOB
 * data, with different sizes, so it is not length-checked.
 */
static const struct ad_type_ent ad_types[] = {
	/* type, name; min, max (0: none), multiple (0: any), handler */
	{ 0x01, "Flags",
	     1,  0,  0, ad_h_flags },
	{ 0x02, "Incomplete List of 16-bit Service or Service Class UUIDs",
	     0,  0,  2, ad_h_uuids },
	{ 0x03, "Complete List of 16-bit Service or Service Class UUIDs",
	     0,  0,  2, ad_h_uuids },
	{ 0x04, "Incomplete List of 32-bit Service or Service Class UUIDs",
	     0,  0,  4, ad_h_uuids },
	{ 0x05, "Complete List of 32-bit Service or Service Class UUIDs",
	     0,  0,  4, ad_h_uuids },
	{ 0x06, "Incomplete List of 128-bit Service or Service Class UUIDs",
	     0,  0, 16, ad_h_uuids },
	{ 0x07, "Complete List of 128-bit Service or Service Class UUIDs",
	     0,  0, 16, ad_h_uuids },
	{ 0x08, "Shortened Local Name",
	     0,  0,  0, ad_h_name },
	{ 0x09, "Complete Local Name",
	     0,  0,  0, ad_h_name },
	{ 0x0a, "Tx Power Level",
	     1,  1,  0, ad_h_txpower },
	{ 0x0d, "Class of Device",
	     3,  3,  0, NULL },
	{ 0x0e, "Simple Pairing Hash C-192",
	    16, 16,  0, NULL },
	{ 0x0f, "Simple Pairing Randomizer R-192",
	    16, 16,  0, NULL },
	{ 0x10, "Device ID / Security Manager TK Value",
	     0,  0,  0, NULL },
	{ 0x11, "Security Manager Out of Band Flags",
	     1,  1,  0, NULL },
	{ 0x12, "Peripheral Connection Interval Range",
	     4,  4,  0, NULL },
	{ 0x14, "List of 16-bit Service Solicitation UUIDs",
	     0,  0,  2, NULL },
	{ 0x15, "List of 128-bit Service Solicitation UUIDs",
	     0,  0, 16, NULL },
	{ 0x16, "Service Data - 16-bit UUID",
	     2,  0,  0, ad_h_svcdata },
	{ 0x17, "Public Target Address",
	     0,  0,  6, NULL },
	{ 0x18, "Random Target Address",
	     0,  0,  6, NULL },
	{ 0x19, "Appearance",
	     2,  2,  0, ad_h_appearance },
	{ 0x1a, "Advertising Interval",
	     2,  2,  0, NULL },
	{ 0x1b, "LE Bluetooth Device Address",
	     7,  7,  0, NULL },
	{ 0x1c, "LE Role",
	     1,  1,  0, NULL },
	{ 0x1d, "Simple Pairing Hash C-256",
	    16, 16,  0, NULL },
	{ 0x1e, "Simple Pairing Randomizer R-256",
	    16, 16,  0, NULL },
	{ 0x1f, "List of 32-bit Service Solicitation UUIDs",
	     0,  0,  4, NULL },
	{ 0x20, "Service Data - 32-bit UUID",
	     4,  0,  0, ad_h_svcdata },
	{ 0x21, "Service Data - 128-bit UUID",
	    16,  0,  0, ad_h_svcdata },
	{ 0x22, "LE Secure Connections Confirmation Value",
	    16, 16,  0, NULL },
	{ 0x23, "LE Secure Connections Random Value",
	    16, 16,  0, NULL },
	{ 0x24, "URI",
	     0,  0,  0, NULL },
	{ 0x25, "Indoor Positioning",
	     0,  0,  0, NULL },
	{ 0x26, "Transport Discovery Data",
	     0,  0,  0, NULL },
	{ 0x27, "LE Supported Features",
	     0,  0,  0, NULL },
	{ 0x28, "Channel Map Update Indication",
	     0,  0,  0, NULL },
	{ 0x29, "PB-ADV",
	     0,  0,  0, NULL },
	{ 0x2a, "Mesh Message",
	     0,  0,  0, NULL },
	{ 0x2b, "Mesh Beacon",
	     0,  0,  0, NULL },
	{ 0x2c, "BIGInfo",
	     0,  0,  0, NULL },
	{ 0x2d, "Broadcast_Code",
	     0,  0,  0, NULL },
	{ 0x2e, "Resolvable Set Identifier",
	     6,  6,  0, NULL },
	{ 0x2f, "Advertising Interval - long",
	     0,  0,  0, NULL },
	{ 0x30, "Broadcast_Name",
	     0,  0,  0, NULL },
	{ 0x31, "Encrypted Advertising Data",
	     0,  0,  0, NULL },
	{ 0x32, "Periodic Advertising Response Timing Information",
	     0,  0,  0, NULL },
	{ 0x34, "Electronic Shelf Label",
	     0,  0,  0, NULL },
	{ 0x3d, "3D Information Data",
	     0,  0,  0, NULL },
	{ 0xff, "Manufacturer Specific Data",
	     2,  0,  0, ad_h_mfr },
};

#define AD_NTYPES	(sizeof ad_types / sizeof ad_types[0])

static const struct ad_type_ent *
ad_type_lookup(uint8_t type)
{
	size_t	lo = 0, hi = AD_NTYPES, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ad_types[mid].type == type)
			return &ad_types[mid];
		if (ad_types[mid].type < type)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *
ad_type_name(uint8_t type)
{
	const struct ad_type_ent	*t = ad_type_lookup(type);

	return t == NULL ? "Unknown" : t->name;
}

/*
 * Count a malformed structure; the first message wins (the ls_errbuf
 * habit, kept inside struct ad_info because ad_parse() is never fatal).
 */
static void	ad_bad(struct ad_info *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void
ad_bad(struct ad_info *ai, const char *fmt, ...)
{
	va_list	ap;

	ai->n_malformed++;
	if (ai->malformed[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(ai->malformed, sizeof ai->malformed, fmt, ap);
	va_end(ap);
}

/* Check the data length against the table; false (and counted) if bad. */
static bool
ad_len_ok(struct ad_info *ai, unsigned idx, const struct ad_type_ent *t,
    size_t dlen)
{
	if (t->min == t->max && t->min != 0 && dlen != t->min) {
		ad_bad(ai, "AD #%u (type 0x%02x): length %zu, want %u", idx,
		    t->type, dlen, t->min);
		return false;
	}
	if (dlen < t->min) {
		ad_bad(ai, "AD #%u (type 0x%02x): length %zu, want at least %u",
		    idx, t->type, dlen, t->min);
		return false;
	}
	if (t->max != 0 && dlen > t->max) {
		ad_bad(ai, "AD #%u (type 0x%02x): length %zu, want at most %u",
		    idx, t->type, dlen, t->max);
		return false;
	}
	if (t->mult != 0 && dlen % t->mult != 0) {
		ad_bad(ai, "AD #%u (type 0x%02x): length %zu, want a multiple "
		    "of %u", idx, t->type, dlen, t->mult);
		return false;
	}
	return true;
}

enum ls_err
ad_parse(const uint8_t *p, size_t n, struct ad_info *out)
{
	const struct ad_type_ent	*t;
	const uint8_t			*body;
	struct cur			 c, s, rest;
	size_t				 len, left;
	unsigned			 idx = 0;
	uint8_t				 type;

	memset(out, 0, sizeof *out);
	cur_init(&c, p, n);
	while (cur_left(&c) > 0) {
		len = cur_u8(&c);
		if (len == 0)
			break;		/* early termination (§11) */
		idx++;
		rest = c;
		left = cur_left(&c);
		body = cur_take(&c, len);
		if (body == NULL) {
			if (left > 0)
				ad_bad(out, "AD #%u (type 0x%02x): length %zu "
				    "runs past the end (%zu left)", idx,
				    cur_u8(&rest), len, left);
			else
				ad_bad(out, "AD #%u: length %zu runs past the "
				    "end (0 left)", idx, len);
			break;
		}
		cur_init(&s, body, len);
		type = cur_u8(&s);
		t = ad_type_lookup(type);
		if (t != NULL) {
			if (!ad_len_ok(out, idx, t, cur_left(&s)))
				continue;
			if (t->fn != NULL)
				t->fn(out, t, &s);
		}
		out->n_structs++;
	}
	return LS_OK;
}

static void
ad_h_flags(struct ad_info *ai, const struct ad_type_ent *t, struct cur *c)
{
	(void)t;
	/* Only the first octet is defined; the rest is reserved (§1.3). */
	ai->flags = cur_u8(c);
	ai->has_flags = true;
}

/*
 * Bytes of a name to keep: all of it up to AD_NAME_MAX, and when the cut
 * falls inside a UTF-8 sequence, before that sequence, so that a long
 * but valid name does not end in replacement characters on display.
 */
static size_t
ad_name_cut(const uint8_t *p, size_t n)
{
	size_t	cut = AD_NAME_MAX;

	if (n <= AD_NAME_MAX)
		return n;
	while (cut > AD_NAME_MAX - 3 && (p[cut] & 0xc0) == 0x80)
		cut--;
	if ((p[cut] & 0xc0) == 0x80)
		return AD_NAME_MAX;	/* not UTF-8 anyway: plain cap */
	return cut;
}

static void
ad_set_name(struct ad_info *ai, const uint8_t *p, size_t n, bool complete)
{
	ai->has_name = true;
	ai->name_complete = complete;
	ai->name_len = (uint8_t)ad_name_cut(p, n);
	memcpy(ai->name, p, ai->name_len);
	memset(ai->name + ai->name_len, 0, sizeof ai->name - ai->name_len);
}

static void
ad_h_name(struct ad_info *ai, const struct ad_type_ent *t, struct cur *c)
{
	size_t		 n = cur_left(c);
	const uint8_t	*p = cur_take(c, n);
	bool		 complete = t->type == AD_NAME_COMPLETE;

	/* A complete name is never replaced by a shortened one. */
	if (ai->has_name && ai->name_complete && !complete)
		return;
	ad_set_name(ai, p, n, complete);
}

static void
ad_h_txpower(struct ad_info *ai, const struct ad_type_ent *t, struct cur *c)
{
	(void)t;
	ai->tx_power = cur_s8(c);
	ai->has_tx_power = true;
}

static void
ad_h_appearance(struct ad_info *ai, const struct ad_type_ent *t,
    struct cur *c)
{
	(void)t;
	ai->appearance = cur_le16(c);
	ai->has_appearance = true;
}

static size_t
ad_uuid_size(uint8_t type)
{
	switch (type) {
	case AD_UUID16_SOME:
	case AD_UUID16_ALL:
	case AD_SERVICE_DATA16:
		return 2;
	case AD_UUID32_SOME:
	case AD_UUID32_ALL:
	case AD_SERVICE_DATA32:
		return 4;
	default:
		return 16;
	}
}

bool
ad_uuid_eq(const struct ad_uuid *a, const struct ad_uuid *b)
{
	if (a->len != b->len || a->len > sizeof a->b)
		return false;
	return memcmp(a->b, b->b, a->len) == 0;
}

/* Add a UUID unless present; false when over AD_MAX_UUIDS. */
static bool
ad_add_uuid(struct ad_info *ai, const struct ad_uuid *u)
{
	size_t	i;

	for (i = 0; i < ai->n_uuids; i++)
		if (ad_uuid_eq(&ai->uuids[i], u))
			return true;
	if (ai->n_uuids >= AD_MAX_UUIDS)
		return false;
	ai->uuids[ai->n_uuids++] = *u;
	return true;
}

static void
ad_h_uuids(struct ad_info *ai, const struct ad_type_ent *t, struct cur *c)
{
	struct ad_uuid	u;
	size_t		sz = ad_uuid_size(t->type);

	while (cur_left(c) >= sz) {
		memset(&u, 0, sizeof u);
		u.len = (uint8_t)sz;
		cur_copy(c, u.b, sz);
		if (!ad_add_uuid(ai, &u))
			ai->n_dropped++;
	}
}

/* Insert or replace service data with the same UUID; false if full. */
static bool
ad_put_svcdata(struct ad_info *ai, const struct ad_svcdata *sd)
{
	size_t	i;

	for (i = 0; i < ai->n_svcdata; i++) {
		if (ad_uuid_eq(&ai->svcdata[i].uuid, &sd->uuid)) {
			ai->svcdata[i] = *sd;
			return true;
		}
	}
	if (ai->n_svcdata >= AD_MAX_SVCDATA)
		return false;
	ai->svcdata[ai->n_svcdata++] = *sd;
	return true;
}

static void
ad_h_svcdata(struct ad_info *ai, const struct ad_type_ent *t, struct cur *c)
{
	struct ad_svcdata	sd;
	size_t			sz = ad_uuid_size(t->type), n;

	memset(&sd, 0, sizeof sd);
	sd.uuid.len = (uint8_t)sz;
	cur_copy(c, sd.uuid.b, sz);
	n = cur_left(c);
	sd.truncated = n > AD_SVCDATA_MAX;
	sd.len = (uint8_t)(sd.truncated ? AD_SVCDATA_MAX : n);
	cur_copy(c, sd.data, sd.len);
	if (!ad_put_svcdata(ai, &sd))
		ai->n_dropped++;
}

/*
 * Append manufacturer data; false if full.  An entry under a company ID
 * already present is kept beside it, not instead of it: a lock may send
 * two Apple (0x004C) frames, a HomeKit one in the advertisement and an
 * iBeacon in the scan response, and each names a different signal.  An
 * entry identical to one already held (same company and bytes) is not
 * stored twice.
 */
static bool
ad_put_mfr(struct ad_info *ai, const struct ad_mfr *m)
{
	size_t	i;

	for (i = 0; i < ai->n_mfr; i++) {
		if (ai->mfr[i].company == m->company &&
		    ai->mfr[i].len == m->len &&
		    ai->mfr[i].truncated == m->truncated &&
		    memcmp(ai->mfr[i].data, m->data, m->len) == 0)
			return true;
	}
	if (ai->n_mfr >= AD_MAX_MFR)
		return false;
	ai->mfr[ai->n_mfr++] = *m;
	return true;
}

static void
ad_h_mfr(struct ad_info *ai, const struct ad_type_ent *t, struct cur *c)
{
	struct ad_mfr	m;
	size_t		n;

	(void)t;
	memset(&m, 0, sizeof m);
	m.company = cur_le16(c);
	n = cur_left(c);
	m.truncated = n > AD_MFR_MAX;
	m.len = (uint8_t)(m.truncated ? AD_MFR_MAX : n);
	cur_copy(c, m.data, m.len);
	if (!ad_put_mfr(ai, &m))
		ai->n_dropped++;
}

/*
 * Scalars (flags, TX power, appearance) already in dst win: they come
 * from the advertisement, which is where the spec puts them.  The name
 * follows the parse rule: complete beats shortened, otherwise dst wins.
 * dst == src is a no-op.
 */
void
ad_merge(struct ad_info *dst, const struct ad_info *src)
{
	size_t	i;

	if (dst == src)
		return;
	if (src->has_flags && !dst->has_flags) {
		dst->has_flags = true;
		dst->flags = src->flags;
	}
	if (src->has_name && (!dst->has_name ||
	    (src->name_complete && !dst->name_complete)))
		ad_set_name(dst, src->name, src->name_len > AD_NAME_MAX ?
		    AD_NAME_MAX : src->name_len, src->name_complete);
	if (src->has_tx_power && !dst->has_tx_power) {
		dst->has_tx_power = true;
		dst->tx_power = src->tx_power;
	}
	if (src->has_appearance && !dst->has_appearance) {
		dst->has_appearance = true;
		dst->appearance = src->appearance;
	}
	for (i = 0; i < src->n_uuids && i < AD_MAX_UUIDS; i++)
		if (!ad_add_uuid(dst, &src->uuids[i]))
			dst->n_dropped++;
	for (i = 0; i < src->n_svcdata && i < AD_MAX_SVCDATA; i++)
		if (!ad_put_svcdata(dst, &src->svcdata[i]))
			dst->n_dropped++;
	for (i = 0; i < src->n_mfr && i < AD_MAX_MFR; i++)
		if (!ad_put_mfr(dst, &src->mfr[i]))
			dst->n_dropped++;
	dst->n_structs += src->n_structs;
	dst->n_malformed += src->n_malformed;
	dst->n_dropped += src->n_dropped;
	if (dst->malformed[0] == '\0' && src->malformed[0] != '\0')
		memcpy(dst->malformed, src->malformed, sizeof dst->malformed);
	dst->malformed[sizeof dst->malformed - 1] = '\0';
}

char *
ad_uuid_str(const struct ad_uuid *u, char out[37])
{
	static const char	 hexd[] = "0123456789abcdef";
	char			*o = out;
	int			 i;

	if (u->len != 2 && u->len != 4 && u->len != 16) {
		out[0] = '\0';
		return out;
	}
	/* On air little-endian; text is most significant byte first. */
	for (i = u->len - 1; i >= 0; i--) {
		*o++ = hexd[u->b[i] >> 4];
		*o++ = hexd[u->b[i] & 0x0f];
		if (u->len == 16 && (i == 12 || i == 10 || i == 8 || i == 6))
			*o++ = '-';
	}
	*o = '\0';
	return out;
}

/*
 * The Bluetooth Base UUID 00000000-0000-1000-8000-00805F9B34FB (Core 5.4
 * Vol 3 Part B §2.5.1), little-endian, with the 32-bit field zero.
 */
static const uint8_t ad_base_uuid[16] = {
	0xfb, 0x34, 0x9b, 0x5f, 0x80, 0x00, 0x00, 0x80,
	0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* Does u denote the 16-bit UUID v, in its 16-, 32- or 128-bit form? */
static bool
ad_uuid_is16(const struct ad_uuid *u, uint16_t v)
{
	uint8_t	lo = (uint8_t)v, hi = (uint8_t)(v >> 8);

	switch (u->len) {
	case 2:
		return u->b[0] == lo && u->b[1] == hi;
	case 4:
		return u->b[0] == lo && u->b[1] == hi && u->b[2] == 0 &&
		    u->b[3] == 0;
	case 16:
		return memcmp(u->b, ad_base_uuid, 12) == 0 && u->b[12] == lo &&
		    u->b[13] == hi && u->b[14] == 0 && u->b[15] == 0;
	default:
		return false;
	}
}

/*
 * Service data for a 16-bit UUID, also when the advertiser used the
 * equivalent 32- or 128-bit form (Base UUID).  The first match wins.
 */
const struct ad_svcdata *
ad_find_svcdata16(const struct ad_info *ai, uint16_t uuid)
{
	size_t	i;

	for (i = 0; i < ai->n_svcdata && i < AD_MAX_SVCDATA; i++)
		if (ad_uuid_is16(&ai->svcdata[i].uuid, uuid))
			return &ai->svcdata[i];
	return NULL;
}

const struct ad_mfr *
ad_find_mfr(const struct ad_info *ai, uint16_t company)
{
	return ad_next_mfr(ai, company, NULL);
}

const struct ad_mfr *
ad_next_mfr(const struct ad_info *ai, uint16_t company,
    const struct ad_mfr *prev)
{
	size_t	i = 0;

	if (prev != NULL) {
		if (prev < ai->mfr || prev >= ai->mfr + AD_MAX_MFR)
			return NULL;
		i = (size_t)(prev - ai->mfr) + 1;
	}
	for (; i < ai->n_mfr && i < AD_MAX_MFR; i++)
		if (ai->mfr[i].company == company)
			return &ai->mfr[i];
	return NULL;
}
