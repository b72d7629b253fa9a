/*
 * capread.c - streaming reader of btsnoop, pcap and pcapng captures of
 * HCI traffic.  See capread.h for the contract.
 *
 * Layouts followed (big-endian unless the file says otherwise):
 *   btsnoop   bluez/bluez:src/shared/btsnoop.h (datalinks, monitor
 *             opcodes 0-19), bluez/bluez:src/shared/btsnoop.c
 *             (btsnoop_read_hci: 1001 flags 0 ACL out, 1 ACL in, 2 cmd,
 *             3 event; 2001 flags = index << 16 | opcode),
 *             bluez/bluez:doc/btsnoop-protocol.rst; shared/reference/
 *             ble-formats.md §0.  16-byte file header, 24-byte record
 *             header, timestamp in us since 0000-01-01.
 *   pcap      the-tcpdump-group/libpcap:sf-pcap.c and pcap/pcap.h
 *             (24-byte header, magic a1b2c3d4 us / a1b23c4d ns in either
 *             byte order; link type in the low 16 bits of the last
 *             field, FCS information above); 16-byte record header.
 *   link 201  LINKTYPE_BLUETOOTH_HCI_H4_WITH_PHDR: uint32 BE direction
 *             (bit 0 set = received), then the H4 packet
 *             (the-tcpdump-group/libpcap:pcap/bluetooth.h,
 *             pcap_bluetooth_h4_header).
 *   link 254  LINKTYPE_BLUETOOTH_LINUX_MONITOR: uint16 BE adapter_id,
 *             uint16 BE opcode (pcap_bluetooth_linux_monitor_header, 4
 *             bytes), then the packet; opcodes as btsnoop 2001.
 *   links 192, 251, 256  records passed on whole; ll.c parses them.
 *   pcapng    draft-ietf-opsawg-pcapng §4 (general block structure),
 *             §4.1 SHB, §4.2 IDB (if_tsresol §4.2 option 9, if_tsoffset
 *             option 14), §4.3 EPB, §4.4 SPB; obsolete Packet Block
 *             (type 2) from the same draft's appendix.
 *
 * Memory: files are read through one fixed buffer of CAPREAD_BUF_SIZE
 * bytes; memory input is parsed in place.  Both byte sources
 * sit behind capread_peek()/capread_drop(), so every format is parsed by
 * the same code whatever the source.
 *
 * Accounting: every record ends in exactly one of packets, skipped or
 * other, so records == packets + skipped + other.  pcapng blocks that
 * are not packet blocks (SHB, IDB, NRB, ISB, unknown) are not records.
 * A delivered packet always has a known H4 type and at least its HCI
 * header (h4_header_len); shorter ones are counted as skipped.
 *
 * Not done: btsnoop datalinks 1003/1004/2002, pcap/pcapng link types
 * other than 192, 201, 251, 254 and 256 (BR/EDR baseband, Nordic 272),
 * pcapng
 * compression or encryption, and pcapng interfaces beyond the first
 * CAPREAD_MAX_IFS of a section (their packets are skipped).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capread.h"
#include "h4.h"
#include "hcidef.h"
#include "../util/cursor.h"

/* Largest record header + trailer: pcapng EPB (28) + trailer (4). */
#define CAPREAD_HDR_MAX		64
/* Ceiling of the file buffer. */
#define CAPREAD_BUF_MAX		(CAPREAD_MAX_RECORD + CAPREAD_HDR_MAX)
/* The file buffer: fixed, a few large reads rather than many small ones. */
#define CAPREAD_BUF_SIZE	(256u * 1024)
_Static_assert(CAPREAD_BUF_SIZE >= CAPREAD_BUF_MAX,
    "the file buffer must hold the largest record");
/* A pcapng block longer than this is taken as damage, not data. */
#define CAPREAD_BLOCK_MAX	(16u * 1024 * 1024)
/* Interfaces remembered per pcapng section. */
#define CAPREAD_MAX_IFS		32

#define CAPREAD_BTSNOOP_DELTA	0x00dcddb30f2f8000ULL

#define CAPREAD_LINK_H4_PHDR	201
#define CAPREAD_LINK_MONITOR	254
#define CAPREAD_LINK_PPI	192
#define CAPREAD_LINK_LE_LL	251
#define CAPREAD_LINK_LE_LL_PHDR	256

#define CAPREAD_NG_SHB		0x0a0d0d0aU
#define CAPREAD_NG_IDB		0x00000001U
#define CAPREAD_NG_PB		0x00000002U
#define CAPREAD_NG_SPB		0x00000003U
#define CAPREAD_NG_EPB		0x00000006U
#define CAPREAD_NG_BOM		0x1a2b3c4dU

enum capread_fmt {
	CAPREAD_BTSNOOP,
	CAPREAD_PCAP,
	CAPREAD_PCAPNG
};

/* What one record turned out to be. */
enum capread_res {
	CAPREAD_R_PKT,		/* *pkt filled */
	CAPREAD_R_OTHER,	/* well-formed, not an HCI packet */
	CAPREAD_R_SKIP,		/* damaged or unsupported */
	CAPREAD_R_NONE,		/* not a record (pcapng metadata block) */
	CAPREAD_R_EOF,		/* clean end of file */
	CAPREAD_R_STOP		/* cannot go on; truncated already set */
};

struct capread_if {
	uint16_t	 link;		/* LINKTYPE_* */
	uint8_t		 tsresol;	/* if_tsresol byte, 6 by default */
	uint32_t	 snaplen;	/* 0: no limit */
	int64_t		 tsoffset;	/* if_tsoffset, seconds */
};

struct capread {
	char		 name[256];	/* for messages */
	/* Byte source: exactly one of mem and f is set. */
	const uint8_t	*mem;		/* borrowed from capread_open_mem */
	size_t		 memlen;
	size_t		 mempos;
	FILE		*f;
	uint8_t		*buf;		/* from malloc(); file source only */
	size_t		 cap;		/* CAPREAD_BUF_SIZE */
	size_t		 off;		/* first unread byte in buf */
	size_t		 len;		/* unread bytes in buf */
	int		 ioerr;		/* errno of the first read error */

	enum capread_fmt fmt;
	const char	*fmtname;	/* static */
	uint32_t	 link;		/* btsnoop datalink or pcap link */
	bool		 le;		/* pcap / pcapng section byte order */
	bool		 ns;		/* pcap nanosecond timestamps */
	struct capread_if ifs[CAPREAD_MAX_IFS];
	uint32_t	 nifs;		/* IDBs seen in this section */

	uint64_t	 pend;		/* bytes to drop before the next record */
	bool		 done;
	struct capread_stats st;
};

/* Monitor opcodes (bluez/bluez:src/shared/btsnoop.h BTSNOOP_OPCODE_*). */
static const struct {
	uint8_t		 type;		/* HC_PKT_*, 0 = not a packet */
	int8_t		 dir;
} capread_mon_ops[] = {
	[0] = { 0, 0 },			/* new index */
	[1] = { 0, 0 },			/* del index */
	[2] = { HC_PKT_CMD, 0 },
	[3] = { HC_PKT_EVT, 1 },
	[4] = { HC_PKT_ACL, 0 },
	[5] = { HC_PKT_ACL, 1 },
	[6] = { HC_PKT_SCO, 0 },
	[7] = { HC_PKT_SCO, 1 },
	[8] = { 0, 0 },			/* open index */
	[9] = { 0, 0 },			/* close index */
	[10] = { 0, 0 },		/* index info */
	[11] = { 0, 0 },		/* vendor diagnostic */
	[12] = { 0, 0 },		/* system note */
	[13] = { 0, 0 },		/* user logging */
	[14] = { 0, 0 },		/* control open */
	[15] = { 0, 0 },		/* control close */
	[16] = { 0, 0 },		/* control command */
	[17] = { 0, 0 },		/* control event */
	[18] = { HC_PKT_ISO, 0 },
	[19] = { HC_PKT_ISO, 1 },
};

static const struct {
	uint32_t	 id;
	const char	*name;
	const char	*fmtname;	/* NULL: not supported */
} capread_btsnoop_links[] = {
	{ 1001, "HCI",		"btsnoop/1001" },
	{ 1002, "UART",		"btsnoop/1002" },
	{ 1003, "BCSP",		NULL },
	{ 1004, "3-Wire",	NULL },
	{ 2001, "monitor",	"btsnoop/2001" },
	{ 2002, "simulator",	NULL },
}, capread_pcap_links[] = {
	{ 1,   "ETHERNET",			NULL },
	{ 187, "BLUETOOTH_HCI_H4",		NULL },
	{ 192, "PPI",				"pcap/192" },
	{ 201, "BLUETOOTH_HCI_H4_WITH_PHDR",	"pcap/201" },
	{ 251, "BLUETOOTH_LE_LL",		"pcap/251" },
	{ 254, "BLUETOOTH_LINUX_MONITOR",	"pcap/254" },
	{ 255, "BLUETOOTH_BREDR_BB",		NULL },
	{ 256, "BLUETOOTH_LE_LL_WITH_PHDR",	"pcap/256" },
	{ 272, "NORDIC_BLE",			NULL },
};

/* --- byte source ------------------------------------------------------ */

/*
 * Make up to want (<= CAPREAD_BUF_MAX) bytes readable at *p.  Returns
 * how many are: fewer than want only at end of input or on a read error
 * (r->ioerr).  *p stays valid until the next peek or drop.
 */
static size_t
capread_peek_slow(struct capread *r, size_t want, const uint8_t **p)
{
	size_t	 got;

	if (r->f == NULL) {
		*p = r->mem + r->mempos;
		return want < r->memlen - r->mempos ? want :
		    r->memlen - r->mempos;
	}
	if (r->len < want && r->ioerr == 0) {
		if (r->off > 0 && r->len > 0)
			memmove(r->buf, r->buf + r->off, r->len);
		r->off = 0;
		while (r->len < want) {
			got = fread(r->buf + r->len, 1, r->cap - r->len, r->f);
			r->len += got;
			if (got == 0) {
				if (ferror(r->f))
					r->ioerr = errno != 0 ? errno : EIO;
				break;
			}
		}
	}
	*p = r->buf + r->off;
	return want < r->len ? want : r->len;
}

/* capread_peek_slow() when the bytes are already in the buffer. */
static inline size_t
capread_peek(struct capread *r, size_t want, const uint8_t **p)
{
	if (r->f != NULL && r->len >= want) {
		*p = r->buf + r->off;
		return want;
	}
	return capread_peek_slow(r, want, p);
}

/* Drop n bytes; false if the input ended (or failed) first. */
static bool
capread_drop(struct capread *r, uint64_t n)
{
	size_t	got, chunk;

	if (r->f == NULL) {
		if (n > r->memlen - r->mempos) {
			r->mempos = r->memlen;
			return false;
		}
		r->mempos += (size_t)n;
		return true;
	}
	if (n <= r->len) {
		r->off += (size_t)n;
		r->len -= (size_t)n;
		return true;
	}
	n -= r->len;
	r->off = r->len = 0;
	while (n > 0 && r->ioerr == 0) {
		chunk = n < r->cap ? (size_t)n : r->cap;
		got = fread(r->buf, 1, chunk, r->f);
		if (got == 0) {
			if (ferror(r->f))
				r->ioerr = errno != 0 ? errno : EIO;
			return false;
		}
		n -= got;
	}
	return n == 0;
}

/* --- shared helpers --------------------------------------------------- */

static uint16_t
capread_u16(struct cur *c, bool le)
{
	return le ? cur_le16(c) : cur_be16(c);
}

static uint32_t
capread_u32(struct cur *c, bool le)
{
	return le ? cur_le32(c) : cur_be32(c);
}

static const char *
capread_link_name(uint32_t id, bool btsnoop, const char **fmtname)
{
	size_t	i, n;

	n = btsnoop ? sizeof capread_btsnoop_links /
	    sizeof capread_btsnoop_links[0] : sizeof capread_pcap_links /
	    sizeof capread_pcap_links[0];
	for (i = 0; i < n; i++) {
		if (btsnoop && capread_btsnoop_links[i].id == id) {
			*fmtname = capread_btsnoop_links[i].fmtname;
			return capread_btsnoop_links[i].name;
		}
		if (!btsnoop && capread_pcap_links[i].id == id) {
			*fmtname = capread_pcap_links[i].fmtname;
			return capread_pcap_links[i].name;
		}
	}
	*fmtname = NULL;
	return NULL;
}

/*
 * Hand out one HCI packet, or count it as damaged when its type is not
 * an H4 indicator or it is shorter than that type's header.
 */
static enum capread_res
capread_emit(struct capread_pkt *pkt, uint8_t type, int dir, uint64_t ts_us,
    uint16_t index, const uint8_t *data, size_t len)
{
	size_t	hlen = h4_header_len(type);

	if (hlen == 0 || len < hlen || len > CAPREAD_MAX_RECORD)
		return CAPREAD_R_SKIP;
	pkt->link = 0;
	pkt->type = type;
	pkt->dir = dir;
	pkt->ts_us = ts_us;
	pkt->index = index;
	pkt->data = data;
	pkt->len = len;
	return CAPREAD_R_PKT;
}

/* An H4 packet: indicator byte, then the HCI packet. */
static enum capread_res
capread_h4(struct capread_pkt *pkt, int dir, uint64_t ts_us,
    const uint8_t *p, size_t n)
{
	if (n < 1)
		return CAPREAD_R_SKIP;
	return capread_emit(pkt, p[0], dir, ts_us, 0, p + 1, n - 1);
}

/* A Linux monitor record: opcode table above. */
static enum capread_res
capread_monitor(struct capread_pkt *pkt, uint16_t index, uint16_t opcode,
    uint64_t ts_us, const uint8_t *p, size_t n)
{
	if (opcode >= sizeof capread_mon_ops / sizeof capread_mon_ops[0])
		return CAPREAD_R_SKIP;
	if (capread_mon_ops[opcode].type == 0)
		return CAPREAD_R_OTHER;
	return capread_emit(pkt, capread_mon_ops[opcode].type,
	    capread_mon_ops[opcode].dir, ts_us, index, p, n);
}

/* A packet of a pcap / pcapng link type. */
static enum capread_res
capread_link(struct capread_pkt *pkt, uint32_t link, uint64_t ts_us,
    const uint8_t *p, size_t n)
{
	struct cur	c;
	uint32_t	dir;
	uint16_t	index, opcode;

	cur_init(&c, p, n);
	switch (link) {
	case CAPREAD_LINK_H4_PHDR:
		dir = cur_be32(&c);
		if (!cur_ok(&c))
			return CAPREAD_R_SKIP;
		return capread_h4(pkt, dir & 1, ts_us, c.p, c.n);
	case CAPREAD_LINK_MONITOR:
		index = cur_be16(&c);
		opcode = cur_be16(&c);
		if (!cur_ok(&c))
			return CAPREAD_R_SKIP;
		return capread_monitor(pkt, index, opcode, ts_us, c.p, c.n);
	case CAPREAD_LINK_PPI:
	case CAPREAD_LINK_LE_LL:
	case CAPREAD_LINK_LE_LL_PHDR:
		/* Link-layer records are parsed by ll_parse(). */
		pkt->link = link;
		pkt->type = 0;
		pkt->dir = 0;
		pkt->ts_us = ts_us;
		pkt->index = 0;
		pkt->data = p;
		pkt->len = n;
		return CAPREAD_R_PKT;
	default:
		return CAPREAD_R_OTHER;
	}
}

/* The file ended inside a record, or its framing cannot be trusted. */
static enum capread_res
capread_stop(struct capread *r, bool counted)
{
	r->st.truncated = true;
	if (counted) {
		r->st.records++;
		r->st.skipped++;
	}
	return CAPREAD_R_STOP;
}

/* --- btsnoop ---------------------------------------------------------- */

static enum capread_res
capread_btsnoop_rec(struct capread *r, struct capread_pkt *pkt)
{
	const uint8_t	*p;
	struct cur	 c;
	size_t		 got;
	uint32_t	 incl, flags;
	uint64_t	 ts, us;

	got = capread_peek(r, 24, &p);
	if (got == 0)
		return CAPREAD_R_EOF;
	if (got < 24)
		return capread_stop(r, false);
	cur_init(&c, p, 24);
	(void)cur_be32(&c);			/* orig_len */
	incl = cur_be32(&c);
	flags = cur_be32(&c);
	(void)cur_be32(&c);			/* drops */
	ts = (uint64_t)cur_be32(&c) << 32;
	ts |= cur_be32(&c);
	/* Nothing in the record says where the next one starts. */
	if (incl > CAPREAD_MAX_RECORD)
		return capread_stop(r, true);
	if (capread_peek(r, 24 + (size_t)incl, &p) < 24 + (size_t)incl)
		return capread_stop(r, false);
	r->pend = 24 + (uint64_t)incl;
	p += 24;
	us = ts >= CAPREAD_BTSNOOP_DELTA ? ts - CAPREAD_BTSNOOP_DELTA : 0;
	switch (r->link) {
	case 1001:
		/* No indicator: flags bit 1 = command/event, bit 0 = in. */
		if (flags & 2)
			return capread_emit(pkt, flags & 1 ? HC_PKT_EVT :
			    HC_PKT_CMD, flags & 1, us, 0, p, incl);
		return capread_emit(pkt, HC_PKT_ACL, flags & 1, us, 0, p,
		    incl);
	case 1002:
		return capread_h4(pkt, flags & 1, us, p, incl);
	default:
		return capread_monitor(pkt, (uint16_t)(flags >> 16),
		    (uint16_t)flags, us, p, incl);
	}
}

static enum ls_err
capread_btsnoop_open(struct capread *r, struct ls_errbuf *eb)
{
	const uint8_t	*p;
	struct cur	 c;
	uint32_t	 version;
	const char	*lname, *fmtname;

	if (capread_peek(r, 16, &p) < 16)
		return ls_err_set(eb, LS_EINPUT,
		    "%s: btsnoop header is truncated", r->name);
	cur_init(&c, p + 8, 8);
	version = cur_be32(&c);
	r->link = cur_be32(&c);
	if (version != 1)
		return ls_err_set(eb, LS_EINPUT,
		    "%s: btsnoop version %u is not supported", r->name,
		    (unsigned)version);
	lname = capread_link_name(r->link, true, &fmtname);
	if (fmtname == NULL)
		return ls_err_set(eb, LS_EINPUT,
		    "%s: btsnoop datalink %u%s%s%s is not supported", r->name,
		    (unsigned)r->link, lname ? " (" : "", lname ? lname : "",
		    lname ? ")" : "");
	r->fmt = CAPREAD_BTSNOOP;
	r->fmtname = fmtname;
	r->pend = 16;
	return LS_OK;
}

/* --- pcap ------------------------------------------------------------- */

static enum capread_res
capread_pcap_rec(struct capread *r, struct capread_pkt *pkt)
{
	const uint8_t	*p;
	struct cur	 c;
	size_t		 got;
	uint32_t	 sec, frac, incl, orig;
	uint64_t	 us;

	got = capread_peek(r, 16, &p);
	if (got == 0)
		return CAPREAD_R_EOF;
	if (got < 16)
		return capread_stop(r, false);
	cur_init(&c, p, 16);
	sec = capread_u32(&c, r->le);
	frac = capread_u32(&c, r->le);
	incl = capread_u32(&c, r->le);
	orig = capread_u32(&c, r->le);
	if (incl > CAPREAD_MAX_RECORD)
		return capread_stop(r, true);
	if (capread_peek(r, 16 + (size_t)incl, &p) < 16 + (size_t)incl)
		return capread_stop(r, false);
	r->pend = 16 + (uint64_t)incl;
	if (incl > orig)
		return CAPREAD_R_SKIP;
	us = (uint64_t)sec * 1000000 + (r->ns ? frac / 1000 : frac);
	return capread_link(pkt, r->link, us, p + 16, incl);
}

static enum ls_err
capread_pcap_open(struct capread *r, uint32_t magic, struct ls_errbuf *eb)
{
	const uint8_t	*p;
	struct cur	 c;
	const char	*lname, *fmtname;

	r->le = magic == 0xd4c3b2a1U || magic == 0x4d3cb2a1U;
	r->ns = magic == 0xa1b23c4dU || magic == 0x4d3cb2a1U;
	if (capread_peek(r, 24, &p) < 24)
		return ls_err_set(eb, LS_EINPUT,
		    "%s: pcap header is truncated", r->name);
	cur_init(&c, p + 20, 4);
	/* The top bits carry the FCS length (libpcap LT_FCS_*). */
	r->link = capread_u32(&c, r->le) & 0xffff;
	lname = capread_link_name(r->link, false, &fmtname);
	if (fmtname == NULL)
		return ls_err_set(eb, LS_EINPUT,
		    "%s: pcap link type %u%s%s%s is not supported yet",
		    r->name, (unsigned)r->link, lname ? " (" : "",
		    lname ? lname : "", lname ? ")" : "");
	r->fmt = CAPREAD_PCAP;
	r->fmtname = fmtname;
	r->pend = 24;
	return LS_OK;
}

/* --- pcapng ----------------------------------------------------------- */

/* Timestamp units of an interface to Unix microseconds. */
static uint64_t
capread_ng_us(const struct capread_if *ifc, uint64_t ts)
{
	uint64_t	us, div, frac;
	unsigned	v = ifc->tsresol & 0x7f, i, shift;

	if (ifc->tsresol & 0x80) {
		/* 2^-v seconds. */
		if (v >= 64)
			return 0;
		frac = v == 0 ? 0 : ts & ((1ULL << v) - 1);
		us = (ts >> v) * 1000000;
		shift = v;
		if (shift > 43) {
			frac >>= shift - 43;
			shift = 43;
		}
		us += (frac * 1000000) >> shift;
	} else if (v <= 6) {
		us = ts;
		for (i = v; i < 6; i++)
			us *= 10;
	} else {
		if (v - 6 > 19)
			return 0;
		for (div = 1, i = 6; i < v; i++)
			div *= 10;
		us = ts / div;
	}
	if (ifc->tsoffset != 0)
		us += (uint64_t)ifc->tsoffset * 1000000;
	return us;
}

/* IDB body (after type and length): link, reserved, snaplen, options. */
static void
capread_ng_idb(struct capread *r, const uint8_t *p, size_t n)
{
	struct capread_if	*ifc;
	struct cur		 c, v;
	uint16_t		 code, olen;

	if (r->nifs >= CAPREAD_MAX_IFS) {
		if (r->nifs < UINT32_MAX)
			r->nifs++;
		return;
	}
	ifc = &r->ifs[r->nifs++];
	cur_init(&c, p, n);
	ifc->link = capread_u16(&c, r->le);
	ifc->tsresol = 6;
	ifc->tsoffset = 0;
	(void)cur_skip(&c, 2);		/* reserved */
	ifc->snaplen = capread_u32(&c, r->le);
	while (cur_left(&c) >= 4) {
		code = capread_u16(&c, r->le);
		olen = capread_u16(&c, r->le);
		if (code == 0)
			break;
		cur_init(&v, cur_take(&c, olen), olen);
		(void)cur_skip(&c, (4 - olen % 4) % 4);
		if (!cur_ok(&c))
			break;
		if (code == 9 && olen == 1)
			ifc->tsresol = cur_u8(&v);
		else if (code == 14 && olen == 8) {
			uint64_t	hi = capread_u32(&v, r->le);
			uint64_t	lo = capread_u32(&v, r->le);

			ifc->tsoffset = (int64_t)(r->le ? lo << 32 | hi :
			    hi << 32 | lo);
		}
	}
}

/*
 * A packet block body: EPB (if id 32, ts 64, caplen, origlen), obsolete
 * PB (if id 16, drops 16, ts, caplen, origlen) or SPB (origlen).
 */
static enum capread_res
capread_ng_pkt(struct capread *r, uint32_t type, const uint8_t *p, size_t n,
    struct capread_pkt *pkt)
{
	const struct capread_if	*ifc;
	struct cur		 c;
	uint32_t		 ifid, caplen, orig;
	uint64_t		 ts = 0;

	cur_init(&c, p, n);
	if (type == CAPREAD_NG_SPB) {
		ifid = 0;
		orig = capread_u32(&c, r->le);
		caplen = orig < cur_left(&c) ? orig : (uint32_t)cur_left(&c);
	} else {
		if (type == CAPREAD_NG_EPB)
			ifid = capread_u32(&c, r->le);
		else {
			ifid = capread_u16(&c, r->le);
			(void)capread_u16(&c, r->le);
		}
		ts = (uint64_t)capread_u32(&c, r->le) << 32;
		ts |= capread_u32(&c, r->le);
		caplen = capread_u32(&c, r->le);
		orig = capread_u32(&c, r->le);
	}
	if (!cur_ok(&c) || caplen > cur_left(&c) || caplen > orig ||
	    caplen > CAPREAD_MAX_RECORD || ifid >= r->nifs ||
	    ifid >= CAPREAD_MAX_IFS)
		return CAPREAD_R_SKIP;
	ifc = &r->ifs[ifid];
	/* SPB: the block length includes padding; snaplen bounds it too. */
	if (type == CAPREAD_NG_SPB && ifc->snaplen != 0 &&
	    caplen > ifc->snaplen)
		caplen = ifc->snaplen;
	return capread_link(pkt, ifc->link, type == CAPREAD_NG_SPB ? 0 :
	    capread_ng_us(ifc, ts), c.p, caplen);
}

/*
 * SHB at p (at least 12 bytes): byte order and version.  false if the
 * byte-order magic or the major version is wrong.
 */
static bool
capread_ng_shb(struct capread *r, const uint8_t *p, size_t n)
{
	struct cur	c;
	uint32_t	bom;

	cur_init(&c, p + 8, n - 8);
	bom = cur_be32(&c);
	if (bom == CAPREAD_NG_BOM)
		r->le = false;
	else if (bom == 0x4d3c2b1aU)
		r->le = true;
	else
		return false;
	if (capread_u16(&c, r->le) != 1)
		return false;
	r->nifs = 0;
	return true;
}

static enum capread_res
capread_ng_rec(struct capread *r, struct capread_pkt *pkt)
{
	const uint8_t	*p;
	struct cur	 c;
	size_t		 got, want;
	uint32_t	 type, blen;
	bool		 whole, is_pkt;

	got = capread_peek(r, 16, &p);
	if (got == 0)
		return CAPREAD_R_EOF;
	if (got < 12)
		return capread_stop(r, false);
	cur_init(&c, p, 4);
	type = cur_be32(&c);		/* SHB magic reads the same both ways */
	if (type == CAPREAD_NG_SHB) {
		if (got < 16)
			return capread_stop(r, false);
		if (!capread_ng_shb(r, p, 16))
			return capread_stop(r, true);
	}
	cur_init(&c, p, 8);
	type = capread_u32(&c, r->le);
	blen = capread_u32(&c, r->le);
	is_pkt = type == CAPREAD_NG_EPB || type == CAPREAD_NG_SPB ||
	    type == CAPREAD_NG_PB;
	if (blen < 12 || blen % 4 != 0 || blen > CAPREAD_BLOCK_MAX)
		return capread_stop(r, true);
	whole = blen <= CAPREAD_BUF_MAX;
	want = whole ? blen : CAPREAD_BUF_MAX;
	got = capread_peek(r, want, &p);
	if (got < want)
		return capread_stop(r, false);
	r->pend = blen;
	if (whole) {
		cur_init(&c, p + blen - 4, 4);
		if (capread_u32(&c, r->le) != blen) {
			r->st.records++;
			r->st.skipped++;
			return CAPREAD_R_NONE;
		}
		want = blen - 4;
	}
	/*
	 * A block over the buffer is parsed from its head only: options
	 * and trailer are not looked at, and its packet, if any, must fit.
	 */
	switch (type) {
	case CAPREAD_NG_SHB:
		return CAPREAD_R_NONE;
	case CAPREAD_NG_IDB:
		capread_ng_idb(r, p + 8, want - 8);
		return CAPREAD_R_NONE;
	default:
		if (!is_pkt)
			return CAPREAD_R_NONE;
		return capread_ng_pkt(r, type, p + 8, want - 8, pkt);
	}
}

static enum ls_err
capread_ng_open(struct capread *r, struct ls_errbuf *eb)
{
	const uint8_t	*p;
	struct cur	 c;
	uint16_t	 major;

	if (capread_peek(r, 28, &p) < 28)
		return ls_err_set(eb, LS_EINPUT,
		    "%s: pcapng section header is truncated", r->name);
	cur_init(&c, p + 8, 6);
	if (cur_be32(&c) == CAPREAD_NG_BOM)
		r->le = false;
	else if (p[8] == 0x4d && p[9] == 0x3c && p[10] == 0x2b &&
	    p[11] == 0x1a)
		r->le = true;
	else
		return ls_err_set(eb, LS_EINPUT,
		    "%s: pcapng byte-order magic is wrong", r->name);
	major = capread_u16(&c, r->le);
	if (major != 1)
		return ls_err_set(eb, LS_EINPUT,
		    "%s: pcapng version %u is not supported", r->name,
		    (unsigned)major);
	r->fmt = CAPREAD_PCAPNG;
	r->fmtname = "pcapng";
	/* The SHB is read again as the first block. */
	r->pend = 0;
	return LS_OK;
}

/* --- public ----------------------------------------------------------- */

static enum ls_err
capread_start(struct capread *r, struct capread **out, struct ls_errbuf *eb)
{
	static const uint8_t	 btsnoop[8] = { 'b', 't', 's', 'n', 'o', 'o',
				    'p', 0 };
	const uint8_t		*p;
	struct cur		 c;
	size_t			 got;
	uint32_t		 magic;
	enum ls_err		 err;

	got = capread_peek(r, 8, &p);
	if (r->ioerr != 0)
		err = ls_err_set(eb, r->ioerr == EACCES || r->ioerr == EPERM ?
		    LS_EPERM : LS_EIO, "cannot read capture '%s': %s",
		    r->name, strerror(r->ioerr));
	else if (got == 8 && memcmp(p, btsnoop, 8) == 0)
		err = capread_btsnoop_open(r, eb);
	else {
		cur_init(&c, p, got);
		magic = cur_be32(&c);
		if (!cur_ok(&c))
			magic = 0;
		switch (magic) {
		case 0xa1b2c3d4U:
		case 0xd4c3b2a1U:
		case 0xa1b23c4dU:
		case 0x4d3cb2a1U:
			err = capread_pcap_open(r, magic, eb);
			break;
		case CAPREAD_NG_SHB:
			err = capread_ng_open(r, eb);
			break;
		default:
			err = ls_err_set(eb, LS_EINPUT,
			    "%s: not a btsnoop, pcap or pcapng file", r->name);
			break;
		}
	}
	if (err == LS_OK && r->ioerr != 0)
		err = ls_err_set(eb, LS_EIO, "cannot read capture '%s': %s",
		    r->name, strerror(r->ioerr));
	if (err != LS_OK) {
		capread_free(r);
		return err;
	}
	*out = r;
	return LS_OK;
}

static struct capread *
capread_alloc(const char *name)
{
	struct capread	*r;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	snprintf(r->name, sizeof r->name, "%s", name != NULL ? name :
	    "capture");
	return r;
}

enum ls_err
capread_open(const char *path, struct capread **out, struct ls_errbuf *eb)
{
	struct capread	*r;
	int		 e;

	*out = NULL;
	if ((r = capread_alloc(path)) == NULL ||
	    (r->buf = malloc(CAPREAD_BUF_SIZE)) == NULL) {
		capread_free(r);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	r->cap = CAPREAD_BUF_SIZE;
	if ((r->f = fopen(path, "rbe")) == NULL) {
		e = errno;
		capread_free(r);
		return ls_err_set(eb, e == EACCES || e == EPERM ? LS_EPERM :
		    LS_EIO, "cannot open capture '%s': %s", path,
		    strerror(e));
	}
	return capread_start(r, out, eb);
}

enum ls_err
capread_open_mem(const uint8_t *p, size_t n, const char *name,
    struct capread **out, struct ls_errbuf *eb)
{
	static const uint8_t	 none[1];
	struct capread		*r;

	*out = NULL;
	if ((r = capread_alloc(name)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	r->mem = p != NULL ? p : none;
	r->memlen = p != NULL ? n : 0;
	return capread_start(r, out, eb);
}

enum ls_err
capread_next(struct capread *r, struct capread_pkt *pkt, bool *eof,
    struct ls_errbuf *eb)
{
	enum capread_res	res;

	*eof = false;
	for (;;) {
		if (!r->done && r->pend > 0) {
			if (!capread_drop(r, r->pend) && r->ioerr == 0) {
				r->st.truncated = true;
				r->done = true;
			}
			r->pend = 0;
		}
		if (r->ioerr != 0)
			return ls_err_set(eb, LS_EIO,
			    "cannot read capture '%s': %s", r->name,
			    strerror(r->ioerr));
		if (r->done) {
			*eof = true;
			return LS_OK;
		}
		switch (r->fmt) {
		case CAPREAD_BTSNOOP:
			res = capread_btsnoop_rec(r, pkt);
			break;
		case CAPREAD_PCAP:
			res = capread_pcap_rec(r, pkt);
			break;
		default:
			res = capread_ng_rec(r, pkt);
			break;
		}
		if (r->ioerr != 0)
			continue;
		switch (res) {
		case CAPREAD_R_PKT:
			r->st.records++;
			r->st.packets++;
			return LS_OK;
		case CAPREAD_R_OTHER:
			r->st.records++;
			r->st.other++;
			break;
		case CAPREAD_R_SKIP:
			r->st.records++;
			r->st.skipped++;
			break;
		case CAPREAD_R_NONE:
			break;
		case CAPREAD_R_EOF:
		case CAPREAD_R_STOP:
			r->done = true;
			break;
		}
	}
}

const char *
capread_format(const struct capread *r)
{
	return r->fmtname;
}

const struct capread_stats *
capread_stats(const struct capread *r)
{
	return &r->st;
}

void
capread_free(struct capread *r)
{
	if (r == NULL)
		return;
	if (r->f != NULL)
		fclose(r->f);
	free(r->buf);
	free(r);
}
