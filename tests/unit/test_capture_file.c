/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_capture_file.c - unit tests for src/capture/capture_file.c (btsnoop,
 * pcap and pcapng readers).
 *
 * Every capture is built in memory by the writers below, following:
 *   btsnoop  bluez/bluez:src/shared/btsnoop.h (datalinks, monitor
 *            opcodes) and src/shared/btsnoop.c (btsnoop_read_hci)
 *   pcap     the-tcpdump-group/libpcap:sf-pcap.c, pcap/bluetooth.h
 *            (H4 direction word, 4-byte monitor header)
 *   pcapng   draft-ietf-opsawg-pcapng §4.1-§4.4 (SHB, IDB with
 *            if_tsresol/if_tsoffset, EPB, SPB), obsolete PB (type 2)
 * The HCI packets are HCI_Reset (01 03 0c 00) and its Command Complete
 * (04 0e 04 01 03 0c 00), Bluetooth Core 5.4 Vol 4 Part E §7.3.2 and
 * §7.7.14.  None is a capture from a real lock; no public capture file
 * is replayed here.
 *
 * Each capture is read both from memory and, in test_file_*, from a real
 * file in a temporary directory; every read checks that records ==
 * packets + skipped + other.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "capture/capture_file.h"
#include "hci/hcidef.h"
#include "util/err.h"

#define DELTA		0x00dcddb30f2f8000ULL	/* btsnoop epoch - Unix */
#define MAXPKTS		16

/* HCI_Reset command and its Command Complete event, without indicator. */
static const uint8_t reset_cmd[] = { 0x03, 0x0c, 0x00 };
static const uint8_t reset_cc[] = { 0x0e, 0x04, 0x01, 0x03, 0x0c, 0x00 };
/* ACL, handle 0x0040, 5 bytes of L2CAP (length 1, CID 4 = ATT, 0x0a). */
static const uint8_t acl[] = { 0x40, 0x00, 0x05, 0x00, 0x01, 0x00, 0x04,
    0x00, 0x0a };
/* SCO handle 1, 2 bytes; ISO handle 1, 1 byte. */
static const uint8_t sco[] = { 0x01, 0x00, 0x02, 0xaa, 0xbb };
static const uint8_t iso[] = { 0x01, 0x00, 0x01, 0x00, 0xcc };

/* --- writers ---------------------------------------------------------- */

struct vb {
	uint8_t		*b;		/* from malloc() */
	size_t		 n;
	size_t		 cap;
	int		 le;		/* byte order of u16/u32/u64 */
};

static void
vb_init(struct vb *v, int le)
{
	v->cap = 1 << 20;
	v->b = malloc(v->cap);
	assert_non_null(v->b);
	v->n = 0;
	v->le = le;
}

static void
vb_bytes(struct vb *v, const void *p, size_t n)
{
	assert_true(v->n + n <= v->cap);
	if (n > 0)
		memcpy(v->b + v->n, p, n);
	v->n += n;
}

static void
vb_u8(struct vb *v, uint8_t x)
{
	vb_bytes(v, &x, 1);
}

static void
vb_u16(struct vb *v, uint16_t x)
{
	if (v->le) {
		vb_u8(v, (uint8_t)x);
		vb_u8(v, (uint8_t)(x >> 8));
	} else {
		vb_u8(v, (uint8_t)(x >> 8));
		vb_u8(v, (uint8_t)x);
	}
}

static void
vb_u32(struct vb *v, uint32_t x)
{
	if (v->le) {
		vb_u16(v, (uint16_t)x);
		vb_u16(v, (uint16_t)(x >> 16));
	} else {
		vb_u16(v, (uint16_t)(x >> 16));
		vb_u16(v, (uint16_t)x);
	}
}

static void
vb_pad4(struct vb *v)
{
	while (v->n % 4 != 0)
		vb_u8(v, 0);
}

static void
vb_put32(struct vb *v, size_t at, uint32_t x)
{
	size_t	n = v->n;

	v->n = at;
	vb_u32(v, x);
	v->n = n;
}

/* btsnoop: "btsnoop\0", version, datalink (BE). */
static void
bs_hdr(struct vb *v, uint32_t version, uint32_t link)
{
	vb_init(v, 0);
	vb_bytes(v, "btsnoop", 8);
	vb_u32(v, version);
	vb_u32(v, link);
}

/* btsnoop record; type != 0 prefixes an H4 indicator. */
static void
bs_rec(struct vb *v, uint32_t flags, uint64_t unix_us, uint8_t type,
    const uint8_t *p, size_t n)
{
	uint64_t	ts = unix_us + DELTA;
	uint32_t	len = (uint32_t)n + (type != 0);

	vb_u32(v, len);
	vb_u32(v, len);
	vb_u32(v, flags);
	vb_u32(v, 0);
	vb_u32(v, (uint32_t)(ts >> 32));
	vb_u32(v, (uint32_t)ts);
	if (type != 0)
		vb_u8(v, type);
	vb_bytes(v, p, n);
}

/* pcap global header: magic written in the file's byte order. */
static void
pc_hdr(struct vb *v, int le, int ns, uint32_t link)
{
	vb_init(v, le);
	vb_u32(v, ns ? 0xa1b23c4dU : 0xa1b2c3d4U);
	vb_u16(v, 2);
	vb_u16(v, 4);
	vb_u32(v, 0);
	vb_u32(v, 0);
	vb_u32(v, 65535);
	vb_u32(v, link);
}

/* pcap record with a 4-byte pseudo-header (direction or monitor). */
static void
pc_rec(struct vb *v, uint32_t sec, uint32_t frac, uint32_t phdr,
    uint8_t type, const uint8_t *p, size_t n)
{
	uint32_t	len = 4 + (uint32_t)n + (type != 0);

	vb_u32(v, sec);
	vb_u32(v, frac);
	vb_u32(v, len);
	vb_u32(v, len);
	/* The pseudo-header is big-endian whatever the file order. */
	vb_u8(v, (uint8_t)(phdr >> 24));
	vb_u8(v, (uint8_t)(phdr >> 16));
	vb_u8(v, (uint8_t)(phdr >> 8));
	vb_u8(v, (uint8_t)phdr);
	if (type != 0)
		vb_u8(v, type);
	vb_bytes(v, p, n);
}

static size_t
ng_begin(struct vb *v, uint32_t type)
{
	size_t	at = v->n;

	vb_u32(v, type);
	vb_u32(v, 0);
	return at;
}

static void
ng_end(struct vb *v, size_t at)
{
	uint32_t	len;

	vb_pad4(v);
	len = (uint32_t)(v->n - at + 4);
	vb_put32(v, at + 4, len);
	vb_u32(v, len);
}

static void
ng_shb(struct vb *v)
{
	size_t	at = ng_begin(v, 0x0a0d0d0a);

	vb_u32(v, 0x1a2b3c4d);
	vb_u16(v, 1);
	vb_u16(v, 0);
	vb_u32(v, 0xffffffff);		/* section length unknown */
	vb_u32(v, 0xffffffff);
	ng_end(v, at);
}

/* IDB; tsresol < 0 leaves the option out. */
static void
ng_idb(struct vb *v, uint16_t link, int tsresol)
{
	size_t	at = ng_begin(v, 1);

	vb_u16(v, link);
	vb_u16(v, 0);
	vb_u32(v, 0);
	if (tsresol >= 0) {
		vb_u16(v, 9);
		vb_u16(v, 1);
		vb_u8(v, (uint8_t)tsresol);
		vb_pad4(v);
		vb_u16(v, 0);
		vb_u16(v, 0);
	}
	ng_end(v, at);
}

/* EPB with a 4-byte pseudo-header and an H4 indicator (type != 0). */
static void
ng_epb(struct vb *v, uint32_t ifid, uint64_t ts, uint32_t phdr, uint8_t type,
    const uint8_t *p, size_t n)
{
	size_t		at = ng_begin(v, 6);
	uint32_t	len = 4 + (uint32_t)n + (type != 0);

	vb_u32(v, ifid);
	vb_u32(v, (uint32_t)(ts >> 32));
	vb_u32(v, (uint32_t)ts);
	vb_u32(v, len);
	vb_u32(v, len);
	vb_u8(v, (uint8_t)(phdr >> 24));
	vb_u8(v, (uint8_t)(phdr >> 16));
	vb_u8(v, (uint8_t)(phdr >> 8));
	vb_u8(v, (uint8_t)phdr);
	if (type != 0)
		vb_u8(v, type);
	vb_bytes(v, p, n);
	ng_end(v, at);
}

/* SPB (interface 0) with a direction word and an H4 packet. */
static void
ng_spb(struct vb *v, uint32_t dir, uint8_t type, const uint8_t *p, size_t n)
{
	size_t	at = ng_begin(v, 3);

	vb_u32(v, 5 + (uint32_t)n);
	vb_u8(v, 0);
	vb_u8(v, 0);
	vb_u8(v, 0);
	vb_u8(v, (uint8_t)dir);
	vb_u8(v, type);
	vb_bytes(v, p, n);
	ng_end(v, at);
}

/* --- reading ---------------------------------------------------------- */

struct got {
	unsigned		n;
	struct {
		uint8_t		type;
		int		dir;
		uint64_t	ts;
		uint16_t	index;
		uint8_t		data[64];
		size_t		len;
	}			p[MAXPKTS];
	struct capture_file_stats	st;
	char			fmt[32];
};

static void
drain(struct capture_file *r, struct got *g)
{
	struct capture_file_pkt		 pkt;
	const struct capture_file_stats	*st;
	struct ls_errbuf		 eb;
	bool				 eof = false;

	memset(g, 0, sizeof *g);
	snprintf(g->fmt, sizeof g->fmt, "%s", capture_file_format(r));
	ls_err_clear(&eb);
	for (;;) {
		assert_int_equal(capture_file_next(r, &pkt, &eof, &eb), LS_OK);
		if (eof)
			break;
		assert_true(pkt.len <= CAPTURE_FILE_MAX_RECORD);
		if (g->n < MAXPKTS) {
			g->p[g->n].type = pkt.type;
			g->p[g->n].dir = pkt.dir;
			g->p[g->n].ts = pkt.ts_us;
			g->p[g->n].index = pkt.index;
			g->p[g->n].len = pkt.len;
			memcpy(g->p[g->n].data, pkt.data, pkt.len < 64 ?
			    pkt.len : 64);
		}
		g->n++;
	}
	/* End of file stays the end. */
	assert_int_equal(capture_file_next(r, &pkt, &eof, &eb), LS_OK);
	assert_true(eof);
	st = capture_file_stats(r);
	g->st = *st;
	assert_int_equal(st->packets, g->n);
	assert_int_equal(st->records, st->packets + st->skipped + st->other);
}

static void
read_mem(const struct vb *v, struct got *g)
{
	struct capture_file		*r;
	struct ls_errbuf	 eb;

	ls_err_clear(&eb);
	assert_int_equal(capture_file_open_mem(v->b, v->n, "t.cap", &r, &eb),
	    LS_OK);
	drain(r, g);
	capture_file_free(r);
}

static enum ls_err
open_fail(const struct vb *v, struct ls_errbuf *eb)
{
	struct capture_file	*r = (struct capture_file *)1;
	enum ls_err	 err;

	ls_err_clear(eb);
	err = capture_file_open_mem(v->b, v->n, "t.cap", &r, eb);
	assert_null(r);
	assert_int_equal(eb->code, err);
	return err;
}

static void
check_pkt(const struct got *g, unsigned i, uint8_t type, int dir,
    uint64_t ts, const uint8_t *p, size_t n)
{
	assert_true(i < g->n);
	assert_int_equal(g->p[i].type, type);
	assert_int_equal(g->p[i].dir, dir);
	assert_int_equal(g->p[i].ts, ts);
	assert_int_equal(g->p[i].len, n);
	assert_memory_equal(g->p[i].data, p, n);
}

static void
check_stats(const struct got *g, uint64_t records, uint64_t packets,
    uint64_t skipped, uint64_t other, bool truncated)
{
	assert_int_equal(g->st.records, records);
	assert_int_equal(g->st.packets, packets);
	assert_int_equal(g->st.skipped, skipped);
	assert_int_equal(g->st.other, other);
	assert_int_equal(g->st.truncated, truncated);
}

/* --- btsnoop ---------------------------------------------------------- */

/* Datalink 1002 as Android and btsnoop_write (src/hci/btsnoop.c) write. */
static void
test_btsnoop_h4(void **state)
{
	struct vb	v;
	struct got	g;

	(void)state;
	bs_hdr(&v, 1, 1002);
	bs_rec(&v, 2, 1700000000000001ULL, HC_PKT_CMD, reset_cmd,
	    sizeof reset_cmd);
	bs_rec(&v, 3, 1700000000000002ULL, HC_PKT_EVT, reset_cc,
	    sizeof reset_cc);
	bs_rec(&v, 1, 1700000000000003ULL, HC_PKT_ACL, acl, sizeof acl);
	bs_rec(&v, 0, 1700000000000004ULL, HC_PKT_ISO, iso, sizeof iso);
	read_mem(&v, &g);
	assert_string_equal(g.fmt, "btsnoop/1002");
	check_stats(&g, 4, 4, 0, 0, false);
	check_pkt(&g, 0, HC_PKT_CMD, 0, 1700000000000001ULL, reset_cmd,
	    sizeof reset_cmd);
	check_pkt(&g, 1, HC_PKT_EVT, 1, 1700000000000002ULL, reset_cc,
	    sizeof reset_cc);
	check_pkt(&g, 2, HC_PKT_ACL, 1, 1700000000000003ULL, acl, sizeof acl);
	check_pkt(&g, 3, HC_PKT_ISO, 0, 1700000000000004ULL, iso, sizeof iso);
	free(v.b);
}

/* Datalink 1001: flags 0 ACL out, 1 ACL in, 2 command, 3 event. */
static void
test_btsnoop_hci(void **state)
{
	struct vb	v;
	struct got	g;

	(void)state;
	bs_hdr(&v, 1, 1001);
	bs_rec(&v, 2, 10, 0, reset_cmd, sizeof reset_cmd);
	bs_rec(&v, 3, 11, 0, reset_cc, sizeof reset_cc);
	bs_rec(&v, 0, 12, 0, acl, sizeof acl);
	bs_rec(&v, 1, 13, 0, acl, sizeof acl);
	read_mem(&v, &g);
	assert_string_equal(g.fmt, "btsnoop/1001");
	check_stats(&g, 4, 4, 0, 0, false);
	check_pkt(&g, 0, HC_PKT_CMD, 0, 10, reset_cmd, sizeof reset_cmd);
	check_pkt(&g, 1, HC_PKT_EVT, 1, 11, reset_cc, sizeof reset_cc);
	check_pkt(&g, 2, HC_PKT_ACL, 0, 12, acl, sizeof acl);
	check_pkt(&g, 3, HC_PKT_ACL, 1, 13, acl, sizeof acl);
	free(v.b);
}

/*
 * Datalink 2001 as btmon -w writes it: flags = index << 16 | opcode.
 * New Index carries type, bus, bdaddr, name (btsnoop_opcode_new_index).
 */
static void
test_btsnoop_monitor(void **state)
{
	static const uint8_t	newidx[16] = { 0, 1, 1, 2, 3, 4, 5, 6, 'h',
				    'c', 'i', '0' };
	static const uint8_t	note[] = { 'B', 'l', 'u', 'e', 0 };
	struct vb		v;
	struct got		g;

	(void)state;
	bs_hdr(&v, 1, 2001);
	bs_rec(&v, 0x00010000, 1, 0, newidx, sizeof newidx);
	bs_rec(&v, 0x00010008, 2, 0, NULL, 0);		/* open index */
	bs_rec(&v, 0x00010002, 3, 0, reset_cmd, sizeof reset_cmd);
	bs_rec(&v, 0x00010003, 4, 0, reset_cc, sizeof reset_cc);
	bs_rec(&v, 0x00010004, 5, 0, acl, sizeof acl);
	bs_rec(&v, 0x00010005, 6, 0, acl, sizeof acl);
	bs_rec(&v, 0x00020006, 7, 0, sco, sizeof sco);
	bs_rec(&v, 0x00020007, 8, 0, sco, sizeof sco);
	bs_rec(&v, 0x00020012, 9, 0, iso, sizeof iso);
	bs_rec(&v, 0x00020013, 10, 0, iso, sizeof iso);
	bs_rec(&v, 0xffff000c, 11, 0, note, sizeof note); /* system note */
	bs_rec(&v, 0x00010001, 12, 0, NULL, 0);		/* del index */
	read_mem(&v, &g);
	assert_string_equal(g.fmt, "btsnoop/2001");
	check_stats(&g, 12, 8, 0, 4, false);
	check_pkt(&g, 0, HC_PKT_CMD, 0, 3, reset_cmd, sizeof reset_cmd);
	assert_int_equal(g.p[0].index, 1);
	check_pkt(&g, 1, HC_PKT_EVT, 1, 4, reset_cc, sizeof reset_cc);
	check_pkt(&g, 2, HC_PKT_ACL, 0, 5, acl, sizeof acl);
	check_pkt(&g, 3, HC_PKT_ACL, 1, 6, acl, sizeof acl);
	check_pkt(&g, 4, HC_PKT_SCO, 0, 7, sco, sizeof sco);
	assert_int_equal(g.p[4].index, 2);
	check_pkt(&g, 5, HC_PKT_SCO, 1, 8, sco, sizeof sco);
	check_pkt(&g, 6, HC_PKT_ISO, 0, 9, iso, sizeof iso);
	check_pkt(&g, 7, HC_PKT_ISO, 1, 10, iso, sizeof iso);
	free(v.b);
}

/* Opcodes past ISO RX (19) are unknown: skipped, reading goes on. */
static void
test_btsnoop_monitor_unknown_opcode(void **state)
{
	struct vb	v;
	struct got	g;

	(void)state;
	bs_hdr(&v, 1, 2001);
	bs_rec(&v, 0x00000014, 1, 0, reset_cmd, sizeof reset_cmd);
	bs_rec(&v, 0x0000ffff, 2, 0, reset_cmd, sizeof reset_cmd);
	bs_rec(&v, 0x00000002, 3, 0, NULL, 0);	/* command, no header */
	bs_rec(&v, 0x00000002, 4, 0, reset_cmd, sizeof reset_cmd);
	read_mem(&v, &g);
	check_stats(&g, 4, 1, 3, 0, false);
	check_pkt(&g, 0, HC_PKT_CMD, 0, 4, reset_cmd, sizeof reset_cmd);
	free(v.b);
}

/* Unknown H4 indicator, empty and indicator-only records: skipped. */
static void
test_btsnoop_bad_h4(void **state)
{
	struct vb	v;
	struct got	g;

	(void)state;
	bs_hdr(&v, 1, 1002);
	bs_rec(&v, 3, 1, 0x07, reset_cc, sizeof reset_cc);
	bs_rec(&v, 3, 2, 0, NULL, 0);
	bs_rec(&v, 3, 3, HC_PKT_EVT, NULL, 0);
	bs_rec(&v, 3, 4, HC_PKT_EVT, reset_cc, 1);	/* short header */
	bs_rec(&v, 3, 5, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	read_mem(&v, &g);
	check_stats(&g, 5, 1, 4, 0, false);
	check_pkt(&g, 0, HC_PKT_EVT, 1, 5, reset_cc, sizeof reset_cc);
	free(v.b);
}

/* incl_len over the cap: no way to find the next record. */
static void
test_btsnoop_absurd_length(void **state)
{
	struct vb	v;
	struct got	g;
	size_t		at;

	(void)state;
	bs_hdr(&v, 1, 1002);
	bs_rec(&v, 3, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	at = v.n;
	bs_rec(&v, 3, 2, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	vb_put32(&v, at + 4, 0x7fffffff);
	bs_rec(&v, 3, 3, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	read_mem(&v, &g);
	check_stats(&g, 2, 1, 1, 0, true);
	free(v.b);
}

/* The file ends inside a record header, then inside a record body. */
static void
test_btsnoop_truncated(void **state)
{
	struct vb	v;
	struct got	g;
	size_t		full;

	(void)state;
	bs_hdr(&v, 1, 1002);
	bs_rec(&v, 3, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	full = v.n;
	bs_rec(&v, 3, 2, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	v.n = full + 10;
	read_mem(&v, &g);
	check_stats(&g, 1, 1, 0, 0, true);
	v.n = full + 24 + 3;
	read_mem(&v, &g);
	check_stats(&g, 1, 1, 0, 0, true);
	v.n = full;
	read_mem(&v, &g);
	check_stats(&g, 1, 1, 0, 0, false);
	free(v.b);
}

/* Before 1970 (or a zero timestamp) is "unknown". */
static void
test_btsnoop_old_timestamp(void **state)
{
	struct vb	v;
	struct got	g;
	size_t		at;

	(void)state;
	bs_hdr(&v, 1, 1002);
	at = v.n;
	bs_rec(&v, 3, 0, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	vb_put32(&v, at + 16, 0);
	vb_put32(&v, at + 20, 5);
	read_mem(&v, &g);
	check_pkt(&g, 0, HC_PKT_EVT, 1, 0, reset_cc, sizeof reset_cc);
	free(v.b);
}

/* --- pcap ------------------------------------------------------------- */

/* Link 201, little-endian, microseconds (libpcap on x86 writes this). */
static void
test_pcap_h4_le_us(void **state)
{
	struct vb	v;
	struct got	g;

	(void)state;
	pc_hdr(&v, 1, 0, 201);
	pc_rec(&v, 1700000000, 123456, 0, HC_PKT_CMD, reset_cmd,
	    sizeof reset_cmd);
	pc_rec(&v, 1700000001, 5, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	read_mem(&v, &g);
	assert_string_equal(g.fmt, "pcap/201");
	check_stats(&g, 2, 2, 0, 0, false);
	check_pkt(&g, 0, HC_PKT_CMD, 0, 1700000000123456ULL, reset_cmd,
	    sizeof reset_cmd);
	check_pkt(&g, 1, HC_PKT_EVT, 1, 1700000001000005ULL, reset_cc,
	    sizeof reset_cc);
	free(v.b);
}

/* Link 201, big-endian, nanoseconds; FCS bits set above the link type. */
static void
test_pcap_h4_be_ns(void **state)
{
	struct vb	v;
	struct got	g;

	(void)state;
	pc_hdr(&v, 0, 1, 0x10000000 | 201);
	pc_rec(&v, 2, 999999999, 1, HC_PKT_ACL, acl, sizeof acl);
	read_mem(&v, &g);
	assert_string_equal(g.fmt, "pcap/201");
	check_stats(&g, 1, 1, 0, 0, false);
	check_pkt(&g, 0, HC_PKT_ACL, 1, 2999999ULL, acl, sizeof acl);
	free(v.b);
}

/* Link 254: adapter_id, opcode (BE16 each), then the packet. */
static void
test_pcap_monitor(void **state)
{
	struct vb	v;
	struct got	g;

	(void)state;
	pc_hdr(&v, 1, 1, 254);
	pc_rec(&v, 1, 1000, 0x00030002, 0, reset_cmd, sizeof reset_cmd);
	pc_rec(&v, 1, 2000, 0x00030003, 0, reset_cc, sizeof reset_cc);
	pc_rec(&v, 1, 3000, 0x0003000d, 0, reset_cc, 2);  /* user logging */
	pc_rec(&v, 1, 4000, 0x00030099, 0, reset_cc, 2);  /* unknown */
	read_mem(&v, &g);
	assert_string_equal(g.fmt, "pcap/254");
	check_stats(&g, 4, 2, 1, 1, false);
	check_pkt(&g, 0, HC_PKT_CMD, 0, 1000001, reset_cmd, sizeof reset_cmd);
	assert_int_equal(g.p[0].index, 3);
	check_pkt(&g, 1, HC_PKT_EVT, 1, 1000002, reset_cc, sizeof reset_cc);
	free(v.b);
}

/* incl_len > orig_len: skipped, the next record is still found. */
static void
test_pcap_incl_over_orig(void **state)
{
	struct vb	v;
	struct got	g;
	size_t		at;

	(void)state;
	pc_hdr(&v, 1, 0, 201);
	at = v.n;
	pc_rec(&v, 1, 1, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	vb_put32(&v, at + 12, 3);
	pc_rec(&v, 1, 2, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	read_mem(&v, &g);
	check_stats(&g, 2, 1, 1, 0, false);
	check_pkt(&g, 0, HC_PKT_EVT, 1, 1000002, reset_cc, sizeof reset_cc);
	free(v.b);
}

/* incl_len over CAPTURE_FILE_MAX_RECORD, and a short pseudo-header. */
static void
test_pcap_absurd_and_short(void **state)
{
	struct vb	v;
	struct got	g;
	size_t		at;

	(void)state;
	pc_hdr(&v, 0, 0, 201);
	vb_u32(&v, 1);
	vb_u32(&v, 0);
	vb_u32(&v, 2);			/* only 2 bytes of the direction */
	vb_u32(&v, 2);
	vb_u16(&v, 0);
	at = v.n;
	pc_rec(&v, 1, 2, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	vb_put32(&v, at + 8, CAPTURE_FILE_MAX_RECORD + 1);
	vb_put32(&v, at + 12, CAPTURE_FILE_MAX_RECORD + 1);
	read_mem(&v, &g);
	check_stats(&g, 2, 0, 2, 0, true);
	free(v.b);
}

/* A record of exactly CAPTURE_FILE_MAX_RECORD bytes is accepted. */
static void
test_pcap_max_record(void **state)
{
	struct vb	v;
	struct got	g;
	uint8_t		*big;
	size_t		 n = CAPTURE_FILE_MAX_RECORD - 5;

	(void)state;
	big = calloc(1, n);
	assert_non_null(big);
	big[0] = 0x40;
	pc_hdr(&v, 1, 0, 201);
	pc_rec(&v, 1, 1, 1, HC_PKT_ACL, big, n);
	read_mem(&v, &g);
	check_stats(&g, 1, 1, 0, 0, false);
	assert_int_equal(g.p[0].len, n);
	free(big);
	free(v.b);
}

/* --- pcapng ----------------------------------------------------------- */

/*
 * Two interfaces (201 at the default 10^-6, 254 at if_tsresol 9), an
 * Ethernet interface, an NRB and a custom block, an SPB, a packet for an
 * interface nobody declared, and the obsolete Packet Block.
 */
static void
build_ng(struct vb *v, int le)
{
	size_t	at;

	vb_init(v, le);
	ng_shb(v);
	ng_idb(v, 201, -1);
	ng_idb(v, 254, 9);
	ng_idb(v, 1, -1);
	at = ng_begin(v, 4);			/* NRB, empty */
	vb_u32(v, 0);
	ng_end(v, at);
	at = ng_begin(v, 0x00000bad);		/* custom block */
	vb_u32(v, 32473);
	vb_bytes(v, "x", 1);
	ng_end(v, at);
	ng_epb(v, 0, 1700000000000001ULL, 0, HC_PKT_CMD, reset_cmd,
	    sizeof reset_cmd);
	ng_epb(v, 1, 1700000000000002999ULL, 0x00020003, 0, reset_cc,
	    sizeof reset_cc);
	ng_epb(v, 2, 1, 0, 0, acl, sizeof acl);	/* Ethernet: other */
	ng_spb(v, 1, HC_PKT_ACL, acl, sizeof acl);
	ng_epb(v, 7, 1, 0, HC_PKT_CMD, reset_cmd, sizeof reset_cmd);
	at = ng_begin(v, 2);			/* obsolete PB */
	vb_u16(v, 0);
	vb_u16(v, 0);
	vb_u32(v, 0);
	vb_u32(v, 77);
	vb_u32(v, 5 + sizeof reset_cc);
	vb_u32(v, 5 + sizeof reset_cc);
	vb_bytes(v, "\0\0\0\1", 4);		/* direction, always BE */
	vb_u8(v, HC_PKT_EVT);
	vb_bytes(v, reset_cc, sizeof reset_cc);
	ng_end(v, at);
}

static void
check_ng(const struct got *g)
{
	assert_string_equal(g->fmt, "pcapng");
	check_stats(g, 6, 4, 1, 1, false);
	check_pkt(g, 0, HC_PKT_CMD, 0, 1700000000000001ULL, reset_cmd,
	    sizeof reset_cmd);
	check_pkt(g, 1, HC_PKT_EVT, 1, 1700000000000002ULL, reset_cc,
	    sizeof reset_cc);
	assert_int_equal(g->p[1].index, 2);
	check_pkt(g, 2, HC_PKT_ACL, 1, 0, acl, sizeof acl);
	check_pkt(g, 3, HC_PKT_EVT, 1, 77, reset_cc, sizeof reset_cc);
}

static void
test_pcapng_le(void **state)
{
	struct vb	v;
	struct got	g;

	(void)state;
	build_ng(&v, 1);
	read_mem(&v, &g);
	check_ng(&g);
	free(v.b);
}

static void
test_pcapng_be(void **state)
{
	struct vb	v;
	struct got	g;

	(void)state;
	build_ng(&v, 0);
	read_mem(&v, &g);
	check_ng(&g);
	free(v.b);
}

/*
 * A second section in the other byte order forgets the first one's
 * interfaces; if_tsresol 0x8a is 2^-10 s.
 */
static void
test_pcapng_two_sections(void **state)
{
	struct vb	v;
	struct got	g;

	(void)state;
	vb_init(&v, 1);
	ng_shb(&v);
	ng_idb(&v, 201, -1);
	ng_epb(&v, 0, 5, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	v.le = 0;
	ng_shb(&v);
	ng_epb(&v, 0, 6, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	ng_idb(&v, 201, 0x8a);
	ng_epb(&v, 0, 3 * 1024 + 512, 0, HC_PKT_CMD, reset_cmd,
	    sizeof reset_cmd);
	read_mem(&v, &g);
	check_stats(&g, 3, 2, 1, 0, false);
	check_pkt(&g, 0, HC_PKT_EVT, 1, 5, reset_cc, sizeof reset_cc);
	check_pkt(&g, 1, HC_PKT_CMD, 0, 3500000, reset_cmd, sizeof reset_cmd);
	free(v.b);
}

/* Trailing length disagrees: that block is skipped, the next is read. */
static void
test_pcapng_bad_trailer(void **state)
{
	struct vb	v;
	struct got	g;

	(void)state;
	vb_init(&v, 1);
	ng_shb(&v);
	ng_idb(&v, 201, -1);
	ng_epb(&v, 0, 5, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	vb_put32(&v, v.n - 4, 4);
	ng_epb(&v, 0, 6, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	read_mem(&v, &g);
	check_stats(&g, 2, 1, 1, 0, false);
	check_pkt(&g, 0, HC_PKT_EVT, 1, 6, reset_cc, sizeof reset_cc);
	free(v.b);
}

/* Block lengths under 12 or not a multiple of 4: stop. */
static void
test_pcapng_bad_length(void **state)
{
	struct vb	v;
	struct got	g;
	size_t		at;
	uint32_t	bad[] = { 0, 8, 30, 0xfffffff0U };
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		vb_init(&v, 1);
		ng_shb(&v);
		ng_idb(&v, 201, -1);
		ng_epb(&v, 0, 5, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
		at = v.n;
		ng_epb(&v, 0, 6, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
		vb_put32(&v, at + 4, bad[i]);
		ng_epb(&v, 0, 7, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
		read_mem(&v, &g);
		check_stats(&g, 2, 1, 1, 0, true);
		free(v.b);
	}
}

/* EPB whose captured length runs past its block: skipped. */
static void
test_pcapng_caplen_past_block(void **state)
{
	struct vb	v;
	struct got	g;
	size_t		at;

	(void)state;
	vb_init(&v, 0);
	ng_shb(&v);
	ng_idb(&v, 254, -1);
	at = v.n;
	ng_epb(&v, 0, 5, 0x00000003, 0, reset_cc, sizeof reset_cc);
	vb_put32(&v, at + 20, 200);
	vb_put32(&v, at + 24, 200);
	read_mem(&v, &g);
	check_stats(&g, 1, 0, 1, 0, false);
	free(v.b);
}

/* The file ends inside a block. */
static void
test_pcapng_truncated(void **state)
{
	struct vb	v;
	struct got	g;

	(void)state;
	vb_init(&v, 1);
	ng_shb(&v);
	ng_idb(&v, 201, -1);
	ng_epb(&v, 0, 5, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	ng_epb(&v, 0, 6, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	v.n -= 3;
	read_mem(&v, &g);
	check_stats(&g, 1, 1, 0, 0, true);
	free(v.b);
}

/* --- file header errors ----------------------------------------------- */

static void
test_unknown_magic(void **state)
{
	struct vb		v;
	struct ls_errbuf	eb;

	(void)state;
	vb_init(&v, 0);
	vb_bytes(&v, "GIF89a..........", 16);
	assert_int_equal(open_fail(&v, &eb), LS_EINPUT);
	assert_string_equal(eb.msg,
	    "t.cap: not a btsnoop, pcap or pcapng file");
	v.n = 0;
	assert_int_equal(open_fail(&v, &eb), LS_EINPUT);
	assert_string_equal(eb.msg,
	    "t.cap: not a btsnoop, pcap or pcapng file");
	free(v.b);
}

static void
test_unsupported_links(void **state)
{
	struct vb		v;
	struct ls_errbuf	eb;

	(void)state;
	pc_hdr(&v, 1, 0, 255);
	assert_int_equal(open_fail(&v, &eb), LS_EINPUT);
	assert_string_equal(eb.msg, "t.cap: pcap link type 255 "
	    "(BLUETOOTH_BREDR_BB) is not supported yet");
	free(v.b);
	pc_hdr(&v, 0, 1, 4242);
	assert_int_equal(open_fail(&v, &eb), LS_EINPUT);
	assert_string_equal(eb.msg,
	    "t.cap: pcap link type 4242 is not supported yet");
	free(v.b);
	bs_hdr(&v, 1, 1003);
	assert_int_equal(open_fail(&v, &eb), LS_EINPUT);
	assert_string_equal(eb.msg,
	    "t.cap: btsnoop datalink 1003 (BCSP) is not supported");
	free(v.b);
	bs_hdr(&v, 2, 1002);
	assert_int_equal(open_fail(&v, &eb), LS_EINPUT);
	assert_string_equal(eb.msg,
	    "t.cap: btsnoop version 2 is not supported");
	free(v.b);
}

static void
test_short_headers(void **state)
{
	struct vb		v;
	struct ls_errbuf	eb;

	(void)state;
	bs_hdr(&v, 1, 1002);
	v.n = 12;
	assert_int_equal(open_fail(&v, &eb), LS_EINPUT);
	free(v.b);
	pc_hdr(&v, 1, 0, 201);
	v.n = 20;
	assert_int_equal(open_fail(&v, &eb), LS_EINPUT);
	free(v.b);
	vb_init(&v, 1);
	ng_shb(&v);
	v.n = 20;
	assert_int_equal(open_fail(&v, &eb), LS_EINPUT);
	vb_put32(&v, 8, 0x12345678);
	v.n = 28;
	assert_int_equal(open_fail(&v, &eb), LS_EINPUT);
	free(v.b);
}

/* --- real files --------------------------------------------------------- */

static char tmpdir[64];

static int
setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_capread.XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown_dir(void **state)
{
	char	cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
write_file(const char *path, const struct vb *v)
{
	FILE	*f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(v->b, 1, v->n, f), v->n);
	assert_int_equal(fclose(f), 0);
}

static void
read_path(const char *path, struct got *g)
{
	struct capture_file		*r;
	struct ls_errbuf	 eb;

	ls_err_clear(&eb);
	assert_int_equal(capture_file_open(path, &r, &eb), LS_OK);
	drain(r, g);
	capture_file_free(r);
}

/* The buffered file reader sees what the memory reader sees. */
static void
test_file_same_as_mem(void **state)
{
	struct vb	v;
	struct got	gm, gf;
	char		path[128];

	(void)state;
	snprintf(path, sizeof path, "%s/ng.pcapng", tmpdir);
	build_ng(&v, 1);
	write_file(path, &v);
	read_path(path, &gf);
	check_ng(&gf);
	read_mem(&v, &gm);
	assert_memory_equal(&gm, &gf, sizeof gm);
	free(v.b);
}

/*
 * Many records larger than the initial buffer, one at the cap, and a
 * truncated tail: the buffer is compacted and grown, never past the cap.
 */
static void
test_file_large(void **state)
{
	struct vb	 v;
	struct got	 gm, gf;
	char		 path[128];
	uint8_t		*big;
	unsigned	 i;

	(void)state;
	big = calloc(1, CAPTURE_FILE_MAX_RECORD);
	assert_non_null(big);
	snprintf(path, sizeof path, "%s/big.btsnoop", tmpdir);
	bs_hdr(&v, 1, 1002);
	for (i = 0; i < 40; i++)
		bs_rec(&v, 1, i, HC_PKT_ACL, big, 3000 + i * 517);
	bs_rec(&v, 1, 99, HC_PKT_ACL, big, CAPTURE_FILE_MAX_RECORD - 1);
	bs_rec(&v, 1, 100, HC_PKT_ACL, big, CAPTURE_FILE_MAX_RECORD);
	bs_rec(&v, 1, 101, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	v.n -= 2;
	write_file(path, &v);
	read_path(path, &gf);
	check_stats(&gf, 42, 41, 1, 0, true);
	assert_int_equal(gf.p[15].len, 3000 + 15 * 517);
	read_mem(&v, &gm);
	assert_memory_equal(&gm, &gf, sizeof gm);
	free(big);
	free(v.b);
}

/*
 * A pcapng block larger than the buffer (an EPB with a 100 KiB comment
 * option): its packet is read from the head, the rest is dropped.
 */
static void
test_file_huge_block(void **state)
{
	struct vb	 v;
	struct got	 gm, gf;
	char		 path[128];
	uint8_t		*opt;
	size_t		 at, optlen = 100 * 1024;

	(void)state;
	opt = malloc(optlen);
	assert_non_null(opt);
	memset(opt, 'c', optlen);
	snprintf(path, sizeof path, "%s/huge.pcapng", tmpdir);
	vb_init(&v, 1);
	ng_shb(&v);
	ng_idb(&v, 201, -1);
	ng_epb(&v, 0, 5, 1, HC_PKT_EVT, reset_cc, sizeof reset_cc);
	v.n -= 4;				/* reopen the block */
	at = v.n - 40;
	vb_u16(&v, 1);				/* opt_comment */
	vb_u16(&v, 0xfff0);
	vb_bytes(&v, opt, 0xfff0);
	vb_u16(&v, 1);
	vb_u16(&v, (uint16_t)(optlen - 0xfff0 - 4));
	vb_bytes(&v, opt, optlen - 0xfff0 - 4);
	vb_u16(&v, 0);
	vb_u16(&v, 0);
	ng_end(&v, at);
	ng_epb(&v, 0, 6, 0, HC_PKT_CMD, reset_cmd, sizeof reset_cmd);
	write_file(path, &v);
	read_path(path, &gf);
	check_stats(&gf, 2, 2, 0, 0, false);
	check_pkt(&gf, 0, HC_PKT_EVT, 1, 5, reset_cc, sizeof reset_cc);
	check_pkt(&gf, 1, HC_PKT_CMD, 0, 6, reset_cmd, sizeof reset_cmd);
	read_mem(&v, &gm);
	assert_memory_equal(&gm, &gf, sizeof gm);
	/* Cut inside the head of the huge block: nothing from it. */
	v.n = at + 40000;
	write_file(path, &v);
	read_path(path, &gf);
	check_stats(&gf, 0, 0, 0, 0, true);
	/* Cut after its head: the packet, then the end is noticed. */
	v.n = at + 70000;
	write_file(path, &v);
	read_path(path, &gf);
	check_stats(&gf, 1, 1, 0, 0, true);
	free(opt);
	free(v.b);
}

static void
test_file_errors(void **state)
{
	struct capture_file		*r = (struct capture_file *)1;
	struct ls_errbuf	 eb;
	char			 path[128];

	(void)state;
	snprintf(path, sizeof path, "%s/missing.btsnoop", tmpdir);
	ls_err_clear(&eb);
	/* A missing input is bad input, as for report verify (65). */
	assert_int_equal(capture_file_open(path, &r, &eb), LS_EINPUT);
	assert_null(r);
	assert_non_null(strstr(eb.msg, "missing.btsnoop"));
	assert_non_null(strstr(eb.msg, "No such file or directory"));
	/* A directory, like a FIFO, is not a regular file: refused. */
	ls_err_clear(&eb);
	assert_int_equal(capture_file_open(tmpdir, &r, &eb), LS_EINPUT);
	assert_null(r);
	/*
	 * EACCES -> LS_EPERM can only be seen without root, which ignores
	 * file modes; as root the file simply opens.
	 */
	if (geteuid() != 0) {
		struct vb	v;

		snprintf(path, sizeof path, "%s/secret.btsnoop", tmpdir);
		bs_hdr(&v, 1, 1002);
		write_file(path, &v);
		free(v.b);
		assert_int_equal(chmod(path, 0), 0);
		ls_err_clear(&eb);
		assert_int_equal(capture_file_open(path, &r, &eb), LS_EPERM);
		assert_null(r);
	}
	capture_file_free(NULL);
}

/* A pcapng whose only interface is Ethernet: refused at open, as a pcap
   of that link type is (issue 18 item 15). */
static void
test_ng_ethernet_only(void **state)
{
	static const uint8_t	ng[] = {
		/* SHB: type, length 28, BOM, 1.0, section length -1 */
		0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a,
		1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		28, 0, 0, 0,
		/* IDB: link type 1 (Ethernet), snaplen 65535 */
		1, 0, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0, 0xff, 0xff, 0, 0,
		20, 0, 0, 0,
		/* EPB: interface 0, 4 bytes */
		6, 0, 0, 0, 36, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		4, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 36, 0, 0, 0
	};
	struct capture_file	*r;
	struct ls_errbuf	 eb;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(capture_file_open_mem(ng, sizeof ng, "eth.pcapng",
	    &r, &eb), LS_EINPUT);
	assert_null(r);
	assert_non_null(strstr(eb.msg, "eth.pcapng: pcapng link type 1"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_btsnoop_h4),
		cmocka_unit_test(test_btsnoop_hci),
		cmocka_unit_test(test_btsnoop_monitor),
		cmocka_unit_test(test_btsnoop_monitor_unknown_opcode),
		cmocka_unit_test(test_btsnoop_bad_h4),
		cmocka_unit_test(test_btsnoop_absurd_length),
		cmocka_unit_test(test_btsnoop_truncated),
		cmocka_unit_test(test_btsnoop_old_timestamp),
		cmocka_unit_test(test_pcap_h4_le_us),
		cmocka_unit_test(test_pcap_h4_be_ns),
		cmocka_unit_test(test_pcap_monitor),
		cmocka_unit_test(test_pcap_incl_over_orig),
		cmocka_unit_test(test_pcap_absurd_and_short),
		cmocka_unit_test(test_pcap_max_record),
		cmocka_unit_test(test_pcapng_le),
		cmocka_unit_test(test_pcapng_be),
		cmocka_unit_test(test_pcapng_two_sections),
		cmocka_unit_test(test_pcapng_bad_trailer),
		cmocka_unit_test(test_pcapng_bad_length),
		cmocka_unit_test(test_pcapng_caplen_past_block),
		cmocka_unit_test(test_pcapng_truncated),
		cmocka_unit_test(test_unknown_magic),
		cmocka_unit_test(test_unsupported_links),
		cmocka_unit_test(test_short_headers),
		cmocka_unit_test(test_file_same_as_mem),
		cmocka_unit_test(test_file_large),
		cmocka_unit_test(test_file_huge_block),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_ng_ethernet_only),
	};

	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
