/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * capture_file.c - streaming reader of btsnoop, pcap and pcapng captures of
 * HCI traffic.  See capture_file.h for the contract.
 *
 * Layouts followed (big-endian unless the file says otherwise):
 *   btsnoop   bluez/bluez:src/shared/btsnoop.h (datalinks, monitor
 *             opcodes 0-19), bluez/bluez:src/shared/btsnoop.c
 *             (btsnoop_read_hci: 1001 flags 0 ACL out, 1 ACL in, 2 cmd,
 *             3 event; 2001 flags = index << 16 | opcode),
 *             bluez/bluez:doc/btsnoop-protocol.rst.  16-byte file
 *             header, 24-byte record header, timestamp in us since
 *             0000-01-01.
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
 *   links 192, 251, 256  records passed on whole; sniffer_ll.c parses them.
 *   pcapng    draft-ietf-opsawg-pcapng §4 (general block structure),
 *             §4.1 SHB, §4.2 IDB (if_tsresol §4.2 option 9, if_tsoffset
 *             option 14), §4.3 EPB, §4.4 SPB; obsolete Packet Block
 *             (type 2) from the same draft's appendix.
 *
 * Memory: files are read through one fixed buffer of CAPTURE_FILE_BUF_SIZE
 * bytes; memory input is parsed in place.  Both byte sources
 * sit behind capture_file_peek()/capture_file_drop(), so every format is parsed
 * by the same code whatever the source.
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
 * CAPTURE_FILE_MAX_IFS of a section (their packets are skipped).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/capture_file.h"
#include "hci/h4.h"
#include "hci/hcidef.h"
#include "util/cursor.h"
#include "util/durable.h"

/* Largest record header + trailer: pcapng EPB (28) + trailer (4). */
#define CAPTURE_FILE_HDR_MAX		64
/* Ceiling of the file buffer. */
#define CAPTURE_FILE_BUF_MAX \
	(CAPTURE_FILE_MAX_RECORD + CAPTURE_FILE_HDR_MAX)
/* The file buffer: fixed, a few large reads rather than many small ones. */
#define CAPTURE_FILE_BUF_SIZE	(256u * 1024)
_Static_assert(CAPTURE_FILE_BUF_SIZE >= CAPTURE_FILE_BUF_MAX,
    "the file buffer must hold the largest record");
/* A pcapng block longer than this is taken as damage, not data. */
#define CAPTURE_FILE_BLOCK_MAX	(16u * 1024 * 1024)
/* Interfaces remembered per pcapng section. */
#define CAPTURE_FILE_MAX_IFS		32

#define CAPTURE_FILE_BTSNOOP_DELTA	0x00dcddb30f2f8000ULL

#define CAPTURE_FILE_LINK_H4_PHDR	201
#define CAPTURE_FILE_LINK_MONITOR	254
#define CAPTURE_FILE_LINK_PPI	192
#define CAPTURE_FILE_LINK_LE_LL	251
#define CAPTURE_FILE_LINK_LE_LL_PHDR	256

#define CAPTURE_FILE_NG_SHB		0x0a0d0d0aU
#define CAPTURE_FILE_NG_IDB		0x00000001U
#define CAPTURE_FILE_NG_PB		0x00000002U
#define CAPTURE_FILE_NG_SPB		0x00000003U
#define CAPTURE_FILE_NG_EPB		0x00000006U
#define CAPTURE_FILE_NG_BOM		0x1a2b3c4dU

enum capture_file_fmt {
	CAPTURE_FILE_BTSNOOP,
	CAPTURE_FILE_PCAP,
	CAPTURE_FILE_PCAPNG
};

/* What one record turned out to be. */
enum capture_file_res {
	CAPTURE_FILE_R_PKT,		/* *pkt filled */
	CAPTURE_FILE_R_OTHER,	/* well-formed, not an HCI packet */
	CAPTURE_FILE_R_SKIP,		/* damaged or unsupported */
	CAPTURE_FILE_R_NONE,		/* not a record (pcapng
					   metadata block) */
	CAPTURE_FILE_R_EOF,		/* clean end of file */
	CAPTURE_FILE_R_STOP		/* cannot go on; truncated
					   already set */
};

struct capture_file_if {
	uint16_t	 link;		/* LINKTYPE_* */
	uint8_t		 tsresol;	/* if_tsresol byte, 6 by default */
	uint32_t	 snaplen;	/* 0: no limit */
	int64_t		 tsoffset;	/* if_tsoffset, seconds */
};

struct capture_file {
	char		 name[256];	/* for messages */
	/* Byte source: exactly one of mem and f is set. */
	const uint8_t	*mem;		/* borrowed from
					   capture_file_open_mem */
	size_t		 memlen;
	size_t		 mempos;
	FILE		*f;
	uint8_t		*buf;		/* from malloc(); file source only */
	size_t		 cap;		/* CAPTURE_FILE_BUF_SIZE */
	size_t		 off;		/* first unread byte in buf */
	size_t		 len;		/* unread bytes in buf */
	int		 ioerr;		/* errno of the first read error */

	enum capture_file_fmt fmt;
	const char	*fmtname;	/* static */
	uint32_t	 link;		/* btsnoop datalink or pcap link */
	bool		 le;		/* pcap / pcapng section byte order */
	bool		 ns;		/* pcap nanosecond timestamps */
	struct capture_file_if ifs[CAPTURE_FILE_MAX_IFS];
	uint32_t	 nifs;		/* IDBs seen in this section */

	uint64_t	 pend;		/* bytes to drop before the
					   next record */
	bool		 done;
	struct capture_file_stats st;
};

/* Monitor opcodes (bluez/bluez:src/shared/btsnoop.h BTSNOOP_OPCODE_*). */
static const struct {
	uint8_t		 type;		/* HC_PKT_*, 0 = not a packet */
	int8_t		 dir;
} capture_file_mon_ops[] = {
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
} capture_file_btsnoop_links[] = {
	{ 1001, "HCI",		"btsnoop/1001" },
	{ 1002, "UART",		"btsnoop/1002" },
	{ 1003, "BCSP",		NULL },
	{ 1004, "3-Wire",	NULL },
	{ 2001, "monitor",	"btsnoop/2001" },
	{ 2002, "simulator",	NULL },
}, capture_file_pcap_links[] = {
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
 * Make up to want (<= CAPTURE_FILE_BUF_MAX) bytes readable at *p.  Returns
 * how many are: fewer than want only at end of input or on a read error
 * (r->ioerr).  *p stays valid until the next peek or drop.
 */
static size_t
capture_file_peek_slow(struct capture_file *r, size_t want, const uint8_t **p)
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

/* capture_file_peek_slow() when the bytes are already in the buffer. */
static inline size_t
capture_file_peek(struct capture_file *r, size_t want, const uint8_t **p)
{
	if (r->f != NULL && r->len >= want) {
		*p = r->buf + r->off;
		return want;
	}
	return capture_file_peek_slow(r, want, p);
}

/* Drop n bytes; false if the input ended (or failed) first. */
static bool
capture_file_drop(struct capture_file *r, uint64_t n)
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
capture_file_u16(struct cur *c, bool le)
{
	return le ? cur_le16(c) : cur_be16(c);
}

static uint32_t
capture_file_u32(struct cur *c, bool le)
{
	return le ? cur_le32(c) : cur_be32(c);
}

static const char *
capture_file_link_name(uint32_t id, bool btsnoop, const char **fmtname)
{
	size_t	i, n;

	n = btsnoop ? sizeof capture_file_btsnoop_links /
	    sizeof capture_file_btsnoop_links[0] :
	    sizeof capture_file_pcap_links / sizeof capture_file_pcap_links[0];
	for (i = 0; i < n; i++) {
		if (btsnoop && capture_file_btsnoop_links[i].id == id) {
			*fmtname = capture_file_btsnoop_links[i].fmtname;
			return capture_file_btsnoop_links[i].name;
		}
		if (!btsnoop && capture_file_pcap_links[i].id == id) {
			*fmtname = capture_file_pcap_links[i].fmtname;
			return capture_file_pcap_links[i].name;
		}
	}
	*fmtname = NULL;
	return NULL;
}

/*
 * Hand out one HCI packet, or count it as damaged when its type is not
 * an H4 indicator or it is shorter than that type's header.
 */
static enum capture_file_res
capture_file_emit(struct capture_file_pkt *pkt, uint8_t type, int dir,
    uint64_t ts_us, uint16_t index, const uint8_t *data, size_t len)
{
	size_t	hlen = h4_header_len(type);

	if (hlen == 0 || len < hlen || len > CAPTURE_FILE_MAX_RECORD)
		return CAPTURE_FILE_R_SKIP;
	pkt->link = 0;
	pkt->type = type;
	pkt->dir = dir;
	pkt->ts_us = ts_us;
	pkt->index = index;
	pkt->data = data;
	pkt->len = len;
	return CAPTURE_FILE_R_PKT;
}

/* An H4 packet: indicator byte, then the HCI packet. */
static enum capture_file_res
capture_file_h4(struct capture_file_pkt *pkt, int dir, uint64_t ts_us,
    const uint8_t *p, size_t n)
{
	if (n < 1)
		return CAPTURE_FILE_R_SKIP;
	return capture_file_emit(pkt, p[0], dir, ts_us, 0, p + 1, n - 1);
}

/* A Linux monitor record: opcode table above. */
static enum capture_file_res
capture_file_monitor(struct capture_file_pkt *pkt, uint16_t index,
    uint16_t opcode, uint64_t ts_us, const uint8_t *p, size_t n)
{
	if (opcode >= sizeof capture_file_mon_ops /
	    sizeof capture_file_mon_ops[0])
		return CAPTURE_FILE_R_SKIP;
	if (capture_file_mon_ops[opcode].type == 0)
		return CAPTURE_FILE_R_OTHER;
	return capture_file_emit(pkt, capture_file_mon_ops[opcode].type,
	    capture_file_mon_ops[opcode].dir, ts_us, index, p, n);
}

/* A packet of a pcap / pcapng link type. */
static enum capture_file_res
capture_file_link(struct capture_file_pkt *pkt, uint32_t link, uint64_t ts_us,
    const uint8_t *p, size_t n)
{
	struct cur	c;
	uint32_t	dir;
	uint16_t	index, opcode;

	cur_init(&c, p, n);
	switch (link) {
	case CAPTURE_FILE_LINK_H4_PHDR:
		dir = cur_be32(&c);
		if (!cur_ok(&c))
			return CAPTURE_FILE_R_SKIP;
		return capture_file_h4(pkt, dir & 1, ts_us, c.p, c.n);
	case CAPTURE_FILE_LINK_MONITOR:
		index = cur_be16(&c);
		opcode = cur_be16(&c);
		if (!cur_ok(&c))
			return CAPTURE_FILE_R_SKIP;
		return capture_file_monitor(pkt, index, opcode, ts_us,
		    c.p, c.n);
	case CAPTURE_FILE_LINK_PPI:
	case CAPTURE_FILE_LINK_LE_LL:
	case CAPTURE_FILE_LINK_LE_LL_PHDR:
		/* Link-layer records are parsed by ll_parse(). */
		pkt->link = link;
		pkt->type = 0;
		pkt->dir = 0;
		pkt->ts_us = ts_us;
		pkt->index = 0;
		pkt->data = p;
		pkt->len = n;
		return CAPTURE_FILE_R_PKT;
	default:
		return CAPTURE_FILE_R_OTHER;
	}
}

/* The file ended inside a record, or its framing cannot be trusted. */
static enum capture_file_res
capture_file_stop(struct capture_file *r, bool counted)
{
	r->st.truncated = true;
	if (counted) {
		r->st.records++;
		r->st.skipped++;
	}
	return CAPTURE_FILE_R_STOP;
}

/* --- btsnoop ---------------------------------------------------------- */

static enum capture_file_res
capture_file_btsnoop_rec(struct capture_file *r, struct capture_file_pkt *pkt)
{
	const uint8_t	*p;
	struct cur	 c;
	size_t		 got;
	uint32_t	 incl, flags;
	uint64_t	 ts, us;

	got = capture_file_peek(r, 24, &p);
	if (got == 0)
		return CAPTURE_FILE_R_EOF;
	if (got < 24)
		return capture_file_stop(r, false);
	cur_init(&c, p, 24);
	(void)cur_be32(&c);			/* orig_len */
	incl = cur_be32(&c);
	flags = cur_be32(&c);
	(void)cur_be32(&c);			/* drops */
	ts = (uint64_t)cur_be32(&c) << 32;
	ts |= cur_be32(&c);
	/* Nothing in the record says where the next one starts. */
	if (incl > CAPTURE_FILE_MAX_RECORD)
		return capture_file_stop(r, true);
	if (capture_file_peek(r, 24 + (size_t)incl, &p) < 24 + (size_t)incl)
		return capture_file_stop(r, false);
	r->pend = 24 + (uint64_t)incl;
	p += 24;
	us = ts >= CAPTURE_FILE_BTSNOOP_DELTA ?
	    ts - CAPTURE_FILE_BTSNOOP_DELTA : 0;
	switch (r->link) {
	case 1001:
		/* No indicator: flags bit 1 = command/event, bit 0 = in. */
		if (flags & 2)
			return capture_file_emit(pkt, flags & 1 ? HC_PKT_EVT :
			    HC_PKT_CMD, flags & 1, us, 0, p, incl);
		return capture_file_emit(pkt, HC_PKT_ACL, flags & 1, us, 0, p,
		    incl);
	case 1002:
		return capture_file_h4(pkt, flags & 1, us, p, incl);
	default:
		return capture_file_monitor(pkt, (uint16_t)(flags >> 16),
		    (uint16_t)flags, us, p, incl);
	}
}

static enum ls_err
capture_file_btsnoop_open(struct capture_file *r, struct ls_errbuf *eb)
{
	const uint8_t	*p;
	struct cur	 c;
	uint32_t	 version;
	const char	*lname, *fmtname;

	if (capture_file_peek(r, 16, &p) < 16)
		return ls_err_set(eb, LS_EINPUT,
		    "%s: btsnoop header is truncated", r->name);
	cur_init(&c, p + 8, 8);
	version = cur_be32(&c);
	r->link = cur_be32(&c);
	if (version != 1)
		return ls_err_set(eb, LS_EINPUT,
		    "%s: btsnoop version %u is not supported", r->name,
		    (unsigned)version);
	lname = capture_file_link_name(r->link, true, &fmtname);
	if (fmtname == NULL)
		return ls_err_set(eb, LS_EINPUT,
		    "%s: btsnoop datalink %u%s%s%s is not supported", r->name,
		    (unsigned)r->link, lname ? " (" : "", lname ? lname : "",
		    lname ? ")" : "");
	r->fmt = CAPTURE_FILE_BTSNOOP;
	r->fmtname = fmtname;
	r->pend = 16;
	return LS_OK;
}

/* --- pcap ------------------------------------------------------------- */

static enum capture_file_res
capture_file_pcap_rec(struct capture_file *r, struct capture_file_pkt *pkt)
{
	const uint8_t	*p;
	struct cur	 c;
	size_t		 got;
	uint32_t	 sec, frac, incl, orig;
	uint64_t	 us;

	got = capture_file_peek(r, 16, &p);
	if (got == 0)
		return CAPTURE_FILE_R_EOF;
	if (got < 16)
		return capture_file_stop(r, false);
	cur_init(&c, p, 16);
	sec = capture_file_u32(&c, r->le);
	frac = capture_file_u32(&c, r->le);
	incl = capture_file_u32(&c, r->le);
	orig = capture_file_u32(&c, r->le);
	if (incl > CAPTURE_FILE_MAX_RECORD)
		return capture_file_stop(r, true);
	if (capture_file_peek(r, 16 + (size_t)incl, &p) < 16 + (size_t)incl)
		return capture_file_stop(r, false);
	r->pend = 16 + (uint64_t)incl;
	if (incl > orig)
		return CAPTURE_FILE_R_SKIP;
	us = (uint64_t)sec * 1000000 + (r->ns ? frac / 1000 : frac);
	return capture_file_link(pkt, r->link, us, p + 16, incl);
}

static enum ls_err
capture_file_pcap_open(struct capture_file *r, uint32_t magic,
    struct ls_errbuf *eb)
{
	const uint8_t	*p;
	struct cur	 c;
	const char	*lname, *fmtname;

	r->le = magic == 0xd4c3b2a1U || magic == 0x4d3cb2a1U;
	r->ns = magic == 0xa1b23c4dU || magic == 0x4d3cb2a1U;
	if (capture_file_peek(r, 24, &p) < 24)
		return ls_err_set(eb, LS_EINPUT,
		    "%s: pcap header is truncated", r->name);
	cur_init(&c, p + 20, 4);
	/* The top bits carry the FCS length (libpcap LT_FCS_*). */
	r->link = capture_file_u32(&c, r->le) & 0xffff;
	lname = capture_file_link_name(r->link, false, &fmtname);
	if (fmtname == NULL)
		return ls_err_set(eb, LS_EINPUT,
		    "%s: pcap link type %u%s%s%s is not supported yet",
		    r->name, (unsigned)r->link, lname ? " (" : "",
		    lname ? lname : "", lname ? ")" : "");
	r->fmt = CAPTURE_FILE_PCAP;
	r->fmtname = fmtname;
	r->pend = 24;
	return LS_OK;
}

/* --- pcapng ----------------------------------------------------------- */

/* Timestamp units of an interface to Unix microseconds. */
static uint64_t
capture_file_ng_us(const struct capture_file_if *ifc, uint64_t ts)
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
capture_file_ng_idb(struct capture_file *r, const uint8_t *p, size_t n)
{
	struct capture_file_if	*ifc;
	struct cur		 c, v;
	uint16_t		 code, olen;

	if (r->nifs >= CAPTURE_FILE_MAX_IFS) {
		if (r->nifs < UINT32_MAX)
			r->nifs++;
		return;
	}
	ifc = &r->ifs[r->nifs++];
	cur_init(&c, p, n);
	ifc->link = capture_file_u16(&c, r->le);
	ifc->tsresol = 6;
	ifc->tsoffset = 0;
	(void)cur_skip(&c, 2);		/* reserved */
	ifc->snaplen = capture_file_u32(&c, r->le);
	while (cur_left(&c) >= 4) {
		code = capture_file_u16(&c, r->le);
		olen = capture_file_u16(&c, r->le);
		if (code == 0)
			break;
		cur_init(&v, cur_take(&c, olen), olen);
		(void)cur_skip(&c, (4 - olen % 4) % 4);
		if (!cur_ok(&c))
			break;
		if (code == 9 && olen == 1)
			ifc->tsresol = cur_u8(&v);
		else if (code == 14 && olen == 8) {
			uint64_t	hi = capture_file_u32(&v, r->le);
			uint64_t	lo = capture_file_u32(&v, r->le);

			ifc->tsoffset = (int64_t)(r->le ? lo << 32 | hi :
			    hi << 32 | lo);
		}
	}
}

/*
 * A packet block body: EPB (if id 32, ts 64, caplen, origlen), obsolete
 * PB (if id 16, drops 16, ts, caplen, origlen) or SPB (origlen).
 */
static enum capture_file_res
capture_file_ng_pkt(struct capture_file *r, uint32_t type, const uint8_t *p,
    size_t n, struct capture_file_pkt *pkt)
{
	const struct capture_file_if	*ifc;
	struct cur		 c;
	uint32_t		 ifid, caplen, orig;
	uint64_t		 ts = 0;

	cur_init(&c, p, n);
	if (type == CAPTURE_FILE_NG_SPB) {
		ifid = 0;
		orig = capture_file_u32(&c, r->le);
		caplen = orig < cur_left(&c) ? orig : (uint32_t)cur_left(&c);
	} else {
		if (type == CAPTURE_FILE_NG_EPB)
			ifid = capture_file_u32(&c, r->le);
		else {
			ifid = capture_file_u16(&c, r->le);
			(void)capture_file_u16(&c, r->le);
		}
		ts = (uint64_t)capture_file_u32(&c, r->le) << 32;
		ts |= capture_file_u32(&c, r->le);
		caplen = capture_file_u32(&c, r->le);
		orig = capture_file_u32(&c, r->le);
	}
	if (!cur_ok(&c) || caplen > cur_left(&c) || caplen > orig ||
	    caplen > CAPTURE_FILE_MAX_RECORD || ifid >= r->nifs ||
	    ifid >= CAPTURE_FILE_MAX_IFS)
		return CAPTURE_FILE_R_SKIP;
	ifc = &r->ifs[ifid];
	/* SPB: the block length includes padding; snaplen bounds it too. */
	if (type == CAPTURE_FILE_NG_SPB && ifc->snaplen != 0 &&
	    caplen > ifc->snaplen)
		caplen = ifc->snaplen;
	return capture_file_link(pkt, ifc->link,
	    type == CAPTURE_FILE_NG_SPB ? 0 : capture_file_ng_us(ifc, ts),
	    c.p, caplen);
}

/*
 * SHB at p (at least 12 bytes): byte order and version.  false if the
 * byte-order magic or the major version is wrong.
 */
static bool
capture_file_ng_shb(struct capture_file *r, const uint8_t *p, size_t n)
{
	struct cur	c;
	uint32_t	bom;

	cur_init(&c, p + 8, n - 8);
	bom = cur_be32(&c);
	if (bom == CAPTURE_FILE_NG_BOM)
		r->le = false;
	else if (bom == 0x4d3c2b1aU)
		r->le = true;
	else
		return false;
	if (capture_file_u16(&c, r->le) != 1)
		return false;
	r->nifs = 0;
	return true;
}

static enum capture_file_res
capture_file_ng_rec(struct capture_file *r, struct capture_file_pkt *pkt)
{
	const uint8_t	*p;
	struct cur	 c;
	size_t		 got, want;
	uint32_t	 type, blen;
	bool		 whole, is_pkt;

	got = capture_file_peek(r, 16, &p);
	if (got == 0)
		return CAPTURE_FILE_R_EOF;
	if (got < 12)
		return capture_file_stop(r, false);
	cur_init(&c, p, 4);
	type = cur_be32(&c);		/* SHB magic reads the same both ways */
	if (type == CAPTURE_FILE_NG_SHB) {
		if (got < 16)
			return capture_file_stop(r, false);
		if (!capture_file_ng_shb(r, p, 16))
			return capture_file_stop(r, true);
	}
	cur_init(&c, p, 8);
	type = capture_file_u32(&c, r->le);
	blen = capture_file_u32(&c, r->le);
	is_pkt = type == CAPTURE_FILE_NG_EPB || type == CAPTURE_FILE_NG_SPB ||
	    type == CAPTURE_FILE_NG_PB;
	if (blen < 12 || blen % 4 != 0 || blen > CAPTURE_FILE_BLOCK_MAX)
		return capture_file_stop(r, true);
	whole = blen <= CAPTURE_FILE_BUF_MAX;
	want = whole ? blen : CAPTURE_FILE_BUF_MAX;
	got = capture_file_peek(r, want, &p);
	if (got < want)
		return capture_file_stop(r, false);
	r->pend = blen;
	if (whole) {
		cur_init(&c, p + blen - 4, 4);
		if (capture_file_u32(&c, r->le) != blen) {
			r->st.records++;
			r->st.skipped++;
			return CAPTURE_FILE_R_NONE;
		}
		want = blen - 4;
	}
	/*
	 * A block over the buffer is parsed from its head only: options
	 * and trailer are not looked at, and its packet, if any, must fit.
	 */
	switch (type) {
	case CAPTURE_FILE_NG_SHB:
		return CAPTURE_FILE_R_NONE;
	case CAPTURE_FILE_NG_IDB:
		capture_file_ng_idb(r, p + 8, want - 8);
		return CAPTURE_FILE_R_NONE;
	default:
		if (!is_pkt)
			return CAPTURE_FILE_R_NONE;
		return capture_file_ng_pkt(r, type, p + 8, want - 8, pkt);
	}
}

/*
 * The interfaces declared before the first packet (where writers put
 * them): when there are some and none has a link type read here (only
 * Ethernet, say), the file is refused as a pcap of that link type is.
 * Looks at what fits in the buffer; the blocks are read again later.
 */
static enum ls_err
capture_file_ng_links(struct capture_file *r, struct ls_errbuf *eb)
{
	const uint8_t	*p;
	struct cur	 c;
	size_t		 got, off;
	uint32_t	 type, blen, link = 0;
	unsigned	 nifs = 0;
	const char	*lname, *fmtname;

	got = capture_file_peek(r, CAPTURE_FILE_BUF_MAX, &p);
	for (off = 0; off + 12 <= got; off += blen) {
		cur_init(&c, p + off, 8);
		type = capture_file_u32(&c, r->le);
		blen = capture_file_u32(&c, r->le);
		if (blen < 12 || blen % 4 != 0 || blen > got - off)
			break;
		if (type == CAPTURE_FILE_NG_IDB && blen >= 16) {
			cur_init(&c, p + off + 8, 2);
			link = capture_file_u16(&c, r->le);
			(void)capture_file_link_name(link, false, &fmtname);
			if (fmtname != NULL)
				return LS_OK;
			nifs++;
		} else if (type == CAPTURE_FILE_NG_EPB ||
		    type == CAPTURE_FILE_NG_SPB || type == CAPTURE_FILE_NG_PB)
			break;
	}
	if (nifs == 0)
		return LS_OK;
	lname = capture_file_link_name(link, false, &fmtname);
	return ls_err_set(eb, LS_EINPUT, "%s: pcapng link type %u%s%s%s is "
	    "not supported yet%s", r->name, (unsigned)link, lname ? " (" : "",
	    lname ? lname : "", lname ? ")" : "", nifs > 1 ? " (nor are the "
	    "other interfaces')" : "");
}

static enum ls_err
capture_file_ng_open(struct capture_file *r, struct ls_errbuf *eb)
{
	const uint8_t	*p;
	struct cur	 c;
	uint16_t	 major;

	if (capture_file_peek(r, 28, &p) < 28)
		return ls_err_set(eb, LS_EINPUT,
		    "%s: pcapng section header is truncated", r->name);
	cur_init(&c, p + 8, 6);
	if (cur_be32(&c) == CAPTURE_FILE_NG_BOM)
		r->le = false;
	else if (p[8] == 0x4d && p[9] == 0x3c && p[10] == 0x2b &&
	    p[11] == 0x1a)
		r->le = true;
	else
		return ls_err_set(eb, LS_EINPUT,
		    "%s: pcapng byte-order magic is wrong", r->name);
	major = capture_file_u16(&c, r->le);
	if (major != 1)
		return ls_err_set(eb, LS_EINPUT,
		    "%s: pcapng version %u is not supported", r->name,
		    (unsigned)major);
	r->fmt = CAPTURE_FILE_PCAPNG;
	r->fmtname = "pcapng";
	/* The SHB is read again as the first block. */
	r->pend = 0;
	return capture_file_ng_links(r, eb);
}

/* --- public ----------------------------------------------------------- */

static enum ls_err
capture_file_start(struct capture_file *r, struct capture_file **out,
    struct ls_errbuf *eb)
{
	static const uint8_t	 btsnoop[8] = { 'b', 't', 's', 'n', 'o', 'o',
				    'p', 0 };
	const uint8_t		*p;
	struct cur		 c;
	size_t			 got;
	uint32_t		 magic;
	enum ls_err		 err;

	got = capture_file_peek(r, 8, &p);
	if (r->ioerr != 0)
		err = ls_err_set(eb, r->ioerr == EACCES || r->ioerr == EPERM ?
		    LS_EPERM : LS_EIO, "cannot read capture '%s': %s",
		    r->name, strerror(r->ioerr));
	else if (got == 8 && memcmp(p, btsnoop, 8) == 0)
		err = capture_file_btsnoop_open(r, eb);
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
			err = capture_file_pcap_open(r, magic, eb);
			break;
		case CAPTURE_FILE_NG_SHB:
			err = capture_file_ng_open(r, eb);
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
		capture_file_free(r);
		return err;
	}
	*out = r;
	return LS_OK;
}

static struct capture_file *
capture_file_alloc(const char *name)
{
	struct capture_file	*r;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	snprintf(r->name, sizeof r->name, "%s", name != NULL ? name :
	    "capture");
	return r;
}

enum ls_err
capture_file_open(const char *path, struct capture_file **out,
    struct ls_errbuf *eb)
{
	struct capture_file	*r;
	struct ls_errbuf	 oeb;
	int		 e, fd;

	*out = NULL;
	ls_err_clear(&oeb);
	if ((r = capture_file_alloc(path)) == NULL ||
	    (r->buf = malloc(CAPTURE_FILE_BUF_SIZE)) == NULL) {
		capture_file_free(r);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	r->cap = CAPTURE_FILE_BUF_SIZE;
	/* A FIFO or a device is refused, never waited on. */
	if ((fd = durable_open_input(path, &oeb)) < 0) {
		capture_file_free(r);
		ls_err_copy(eb, &oeb);
		return oeb.code;
	}
	if ((r->f = fdopen(fd, "rb")) == NULL) {
		e = errno;
		close(fd);
		capture_file_free(r);
		return ls_err_set(eb, e == EACCES || e == EPERM ? LS_EPERM :
		    LS_EIO, "cannot open capture '%s': %s", path,
		    strerror(e));
	}
	return capture_file_start(r, out, eb);
}

enum ls_err
capture_file_open_mem(const uint8_t *p, size_t n, const char *name,
    struct capture_file **out, struct ls_errbuf *eb)
{
	static const uint8_t	 none[1];
	struct capture_file		*r;

	*out = NULL;
	if ((r = capture_file_alloc(name)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	r->mem = p != NULL ? p : none;
	r->memlen = p != NULL ? n : 0;
	return capture_file_start(r, out, eb);
}

enum ls_err
capture_file_next(struct capture_file *r, struct capture_file_pkt *pkt,
    bool *eof, struct ls_errbuf *eb)
{
	enum capture_file_res	res;

	*eof = false;
	for (;;) {
		if (!r->done && r->pend > 0) {
			if (!capture_file_drop(r, r->pend) && r->ioerr == 0) {
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
		case CAPTURE_FILE_BTSNOOP:
			res = capture_file_btsnoop_rec(r, pkt);
			break;
		case CAPTURE_FILE_PCAP:
			res = capture_file_pcap_rec(r, pkt);
			break;
		default:
			res = capture_file_ng_rec(r, pkt);
			break;
		}
		if (r->ioerr != 0)
			continue;
		switch (res) {
		case CAPTURE_FILE_R_PKT:
			r->st.records++;
			r->st.packets++;
			return LS_OK;
		case CAPTURE_FILE_R_OTHER:
			r->st.records++;
			r->st.other++;
			break;
		case CAPTURE_FILE_R_SKIP:
			r->st.records++;
			r->st.skipped++;
			break;
		case CAPTURE_FILE_R_NONE:
			break;
		case CAPTURE_FILE_R_EOF:
		case CAPTURE_FILE_R_STOP:
			r->done = true;
			break;
		}
	}
}

const char *
capture_file_format(const struct capture_file *r)
{
	return r->fmtname;
}

const struct capture_file_stats *
capture_file_stats(const struct capture_file *r)
{
	return &r->st;
}

void
capture_file_free(struct capture_file *r)
{
	if (r == NULL)
		return;
	if (r->f != NULL)
		fclose(r->f);
	free(r->buf);
	free(r);
}
