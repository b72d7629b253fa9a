/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sniffer_ll.c - LE link-layer packets from sniffer captures.  See
 * sniffer_ll.h.
 *
 * Layouts followed:
 *   LE packet   Core 5.4 Vol 6 Part B §2.1 (access address, PDU, CRC;
 *               the captures hold no preamble), §2.3 advertising PDU
 *               header (type bits 0-3, ChSel 5, TxAdd 6, RxAdd 7, then
 *               the length), §2.3.1 ADV_* payloads, §2.3.2 SCAN_REQ /
 *               SCAN_RSP, §2.3.3 CONNECT_IND LLData, §2.3.4 common
 *               extended advertising payload (extended header length
 *               bits 0-5, AdvMode bits 6-7, flags AdvA, TargetA,
 *               CTEInfo, ADI, AuxPtr, SyncInfo, TxPower, in that order),
 *               §2.4 data PDU header (LLID 0-1, NESN 2, SN 3, MD 4, CP 5,
 *               length, CTEInfo when CP).
 *   CRC-24      Core 5.4 Vol 6 Part B §3.1.1 (x^24 + x^10 + x^9 + x^6 +
 *               x^4 + x^3 + x + 1, LFSR preset from CRCInit, PDU bits in
 *               air order); the shift-register form and the byte order
 *               of the result follow bluez/bluez:monitor/crc.c and the
 *               vectors of bluez/bluez:unit/test-crc.c.
 *   link 251    LINKTYPE_BLUETOOTH_LE_LL: the LE packet as is
 *               (tcpdump.org linktypes).
 *   link 256    LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR: 10-byte pseudo-
 *               header (RF channel, signal dBm, noise dBm, access
 *               address offenses, reference access address LE32, flags
 *               LE16), then the LE packet; flags 0x0001 dewhitened,
 *               0x0002 signal valid, 0x0008 decrypted, 0x0020 access
 *               address offenses valid, 0x0380 PDU type
 *               (1 auxiliary advertising with its kind in 0x3000, 2
 *               central to peripheral, 3 peripheral to central), 0x0400
 *               CRC checked, 0x0800 CRC valid
 *               (tcpdump.org/linktypes/LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR
 *               .html; wireshark/wireshark:epan/dissectors/
 *               packet-btle_rf.c).
 *   link 192    LINKTYPE_PPI: pph_version, pph_flags, pph_len LE16,
 *               pph_dlt LE32, then fields (type LE16, length LE16, data)
 *               up to pph_len, then the packet of pph_dlt; Ubertooth
 *               writes DLT 147 with one field 30006 (ppi_btle_t)
 *               (greatscottgadgets/libbtbb:lib/src/pcap.c).
 *
 * Not done: whitened packets (flag 0x0001 clear) and packets for which
 * a sniffer gives only part of the PDU are refused; isochronous PDUs
 * are passed through as data and match no connection.
 */
#include <string.h>

#include "capture/sniffer_ll.h"
#include "hci/hcidef.h"
#include "util/cursor.h"

#define LL_PHDR_LEN		10
#define LL_PHDR_DEWHITENED	0x0001
#define LL_PHDR_SIG_VALID	0x0002
#define LL_PHDR_AAOFF_VALID	0x0020
#define LL_PHDR_DECRYPTED	0x0008
#define LL_PHDR_PDU_TYPE(f)	(((f) >> 7) & 0x07)
#define LL_PHDR_AUX_TYPE(f)	(((f) >> 12) & 0x03)
#define LL_PHDR_CRC_CHECKED	0x0400
#define LL_PHDR_CRC_VALID	0x0800

#define LL_PPI_HDR_LEN		8
#define LL_PPI_BTLE		30006

/* Advertising PDU types, Core 5.4 Vol 6 Part B §2.3 Table 2.3. */
#define LL_PDU_ADV_IND		0x0
#define LL_PDU_ADV_DIRECT_IND	0x1
#define LL_PDU_ADV_NONCONN_IND	0x2
#define LL_PDU_SCAN_REQ		0x3
#define LL_PDU_SCAN_RSP		0x4
#define LL_PDU_CONNECT_IND	0x5
#define LL_PDU_ADV_SCAN_IND	0x6
#define LL_PDU_ADV_EXT		0x7

/* Extended header flags, §2.3.4.1. */
#define LL_EXT_ADVA		0x01
#define LL_EXT_TARGETA		0x02
#define LL_EXT_CTEINFO		0x04
#define LL_EXT_ADI		0x08
#define LL_EXT_AUXPTR		0x10
#define LL_EXT_SYNCINFO		0x20
#define LL_EXT_TXPOWER		0x40

#define LL_LEGACY_DATA_MAX	31
#define LL_CONNECT_IND_LEN	34

/* Legacy PDU type -> extended event type bits (Vol 4 Part E §7.7.65.13). */
static const struct {
	uint8_t		 pdu;
	uint16_t	 evt;
} ll_legacy_evt[] = {
	{ LL_PDU_ADV_IND,		0x0013 },
	{ LL_PDU_ADV_DIRECT_IND,	0x0015 },
	{ LL_PDU_ADV_NONCONN_IND,	0x0010 },
	{ LL_PDU_SCAN_RSP,		0x001b },
	{ LL_PDU_ADV_SCAN_IND,		0x0012 },
};

static uint32_t
ll_bitrev24(uint32_t v)
{
	uint32_t	r = 0;
	int		i;

	for (i = 0; i < 24; i++)
		r |= ((v >> i) & 1) << (23 - i);
	return r;
}

uint32_t
ll_crc24(uint32_t init, const uint8_t *p, size_t n)
{
	uint32_t	state = ll_bitrev24(init & 0xffffff);
	size_t		i;
	unsigned	b, cur, bit;

	for (i = 0; i < n; i++) {
		cur = p[i];
		for (b = 0; b < 8; b++) {
			bit = (state ^ cur) & 1;
			cur >>= 1;
			state >>= 1;
			if (bit)
				state = (state | 0x800000) ^ 0x5a6000;
		}
	}
	return state;
}

/*
 * The register runs backwards: bit 23 of a state after a step is the
 * feedback bit of that step (0x5a6000 leaves bit 23 alone), which gives
 * the state before it and, with the data bit, its bit 0.  Going from
 * the CRC back over the PDU's bits, last first, ends in CRCInit; this
 * is how a sniffer that joined a connection late learns it (the
 * technique libbtbb calls "CRC init recovery").
 */
uint32_t
ll_crcinit_of(const uint8_t *p, size_t n, uint32_t crc)
{
	uint32_t	state = crc & 0xffffff, t, fb;
	size_t		i;
	int		b;
	unsigned	d;

	for (i = n; i-- > 0;) {
		for (b = 7; b >= 0; b--) {
			d = (p[i] >> b) & 1;
			fb = (state >> 23) & 1;
			t = fb ? (state ^ 0x5a6000) & 0x7fffff : state;
			state = ((t << 1) | (fb ^ d)) & 0xffffff;
		}
	}
	return ll_bitrev24(state);
}

/*
 * Core 5.4 Vol 6 Part B §2.1.2 requirements on a data access address,
 * those that a sniffer can check without the device address: not the
 * advertising address nor one bit from it, not four equal octets, no
 * more than six equal bits in a row, no more than 24 transitions, and
 * at least two transitions in the six most significant bits.
 */
bool
ll_aa_plausible(uint32_t aa)
{
	uint32_t	x = aa ^ LL_ADV_AA;
	unsigned	run = 1, trans = 0, msb = 0;
	int		i;

	if (x == 0 || (x & (x - 1)) == 0)
		return false;
	if ((aa & 0xff) == ((aa >> 8) & 0xff) &&
	    (aa & 0xffff) == (aa >> 16))
		return false;
	for (i = 1; i < 32; i++) {
		if (((aa >> i) & 1) == ((aa >> (i - 1)) & 1)) {
			if (++run > 6)
				return false;
			continue;
		}
		run = 1;
		trans++;
		if (i >= 27)
			msb++;
	}
	return trans <= 24 && msb >= 2;
}

bool
ll_crc_ok(const struct ll_pkt *pkt, uint32_t init)
{
	if (pkt->crc_checked)
		return pkt->crc_valid;
	if (!pkt->has_crc)
		return true;
	return ll_crc24(init, pkt->pdu, pkt->pdu_len) == pkt->crc;
}

/* The LE packet: access address, PDU, optional CRC. */
static enum ls_err
ll_packet(const uint8_t *p, size_t n, struct ll_pkt *out,
    struct ls_errbuf *eb)
{
	struct cur	c;
	size_t		plen, rest;

	cur_init(&c, p, n);
	out->aa = cur_le32(&c);
	if (!cur_ok(&c) || cur_left(&c) < 2)
		return LS_MALFORMED(eb, "LE packet: %zu bytes, shorter than "
		    "access address and PDU header", n);
	plen = 2 + (size_t)c.p[1];
	/* A data PDU with CP set carries a CTEInfo byte after the header. */
	if (out->aa != LL_ADV_AA && (c.p[0] & 0x20))
		plen++;
	if (plen > cur_left(&c))
		return LS_MALFORMED(eb, "LE packet: PDU length %zu, %zu bytes "
		    "present", plen, cur_left(&c));
	rest = cur_left(&c) - plen;
	if (rest != 0 && rest != 3)
		return LS_MALFORMED(eb, "LE packet: %zu bytes after a PDU of "
		    "%zu (want 0 or a 3-byte CRC)", rest, plen);
	out->pdu = c.p;
	out->pdu_len = plen;
	out->has_crc = rest == 3;
	out->crc = rest == 3 ? (uint32_t)c.p[plen] |
	    (uint32_t)c.p[plen + 1] << 8 | (uint32_t)c.p[plen + 2] << 16 : 0;
	return LS_OK;
}

static enum ls_err
ll_phdr(const uint8_t *p, size_t n, struct ll_pkt *out, struct ls_errbuf *eb)
{
	struct cur	c;
	uint16_t	flags;
	int8_t		sig;
	uint8_t		aaoff;

	cur_init(&c, p, n);
	(void)cur_u8(&c);		/* RF channel */
	sig = cur_s8(&c);
	(void)cur_s8(&c);		/* noise */
	aaoff = cur_u8(&c);		/* access address offenses */
	(void)cur_le32(&c);		/* reference access address */
	flags = cur_le16(&c);
	if (!cur_ok(&c))
		return LS_MALFORMED(eb, "LE_LL_WITH_PHDR: %zu bytes, shorter "
		    "than the %d-byte pseudo-header", n, LL_PHDR_LEN);
	if (!(flags & LL_PHDR_DEWHITENED))
		return LS_MALFORMED(eb, "LE_LL_WITH_PHDR: packet not "
		    "dewhitened (flags 0x%04x)", flags);
	if ((flags & LL_PHDR_CRC_CHECKED) && !(flags & LL_PHDR_CRC_VALID))
		return LS_MALFORMED(eb, "LE_LL_WITH_PHDR: the sniffer found "
		    "a bad CRC");
	if ((flags & LL_PHDR_AAOFF_VALID) && aaoff > 0)
		return LS_MALFORMED(eb, "LE_LL_WITH_PHDR: %u bit errors in "
		    "the access address", aaoff);
	if (ll_packet(c.p, c.n, out, eb) != LS_OK)
		return LS_EMALFORMED;
	out->crc_checked = (flags & LL_PHDR_CRC_CHECKED) != 0;
	out->crc_valid = (flags & LL_PHDR_CRC_VALID) != 0;
	out->decrypted = (flags & LL_PHDR_DECRYPTED) != 0;
	if ((flags & LL_PHDR_SIG_VALID) && sig >= -127 && sig <= 20)
		out->rssi = sig;
	switch (LL_PHDR_PDU_TYPE(flags)) {
	case 1:
		out->aux = LL_PHDR_AUX_TYPE(flags);
		break;
	case 2:
		out->dir = LL_DIR_C2P;
		break;
	case 3:
		out->dir = LL_DIR_P2C;
		break;
	default:
		break;
	}
	return LS_OK;
}

static enum ls_err
ll_ppi(const uint8_t *p, size_t n, struct ll_pkt *out, struct ls_errbuf *eb)
{
	struct cur	c, f;
	uint16_t	hlen, ftype, flen;
	uint32_t	dlt;

	cur_init(&c, p, n);
	if (cur_u8(&c) != 0 && cur_ok(&c))
		return LS_MALFORMED(eb, "PPI: version %u is not 0", p[0]);
	(void)cur_u8(&c);		/* flags */
	hlen = cur_le16(&c);
	dlt = cur_le32(&c);
	if (!cur_ok(&c) || hlen < LL_PPI_HDR_LEN || hlen > n)
		return LS_MALFORMED(eb, "PPI: header length %u in a %zu-byte "
		    "packet", (unsigned)hlen, n);
	/* Walk the fields so a damaged header is noticed. */
	cur_init(&f, p + LL_PPI_HDR_LEN, hlen - LL_PPI_HDR_LEN);
	while (cur_left(&f) > 0) {
		ftype = cur_le16(&f);
		flen = cur_le16(&f);
		if (cur_take(&f, flen) == NULL)
			return LS_MALFORMED(eb, "PPI: field %u of %u bytes "
			    "runs past the header", (unsigned)ftype,
			    (unsigned)flen);
	}
	switch (dlt) {
	case LL_PPI_DLT_BTLE:
	case LL_LINK_LE_LL:
		return ll_packet(p + hlen, n - hlen, out, eb);
	case LL_LINK_LE_LL_PHDR:
		return ll_phdr(p + hlen, n - hlen, out, eb);
	default:
		return ls_err_set(eb, LS_EINPUT, "PPI: inner DLT %u is not a "
		    "Bluetooth LE link layer", (unsigned)dlt);
	}
}

enum ls_err
ll_parse(uint32_t link, const uint8_t *p, size_t n, struct ll_pkt *out,
    struct ls_errbuf *eb)
{
	memset(out, 0, sizeof *out);
	out->rssi = HC_RSSI_NONE;
	out->dir = LL_DIR_UNKNOWN;
	out->aux = LL_AUX_NONE;
	switch (link) {
	case LL_LINK_LE_LL:
		return ll_packet(p, n, out, eb);
	case LL_LINK_LE_LL_PHDR:
		return ll_phdr(p, n, out, eb);
	case LL_LINK_PPI:
		return ll_ppi(p, n, out, eb);
	default:
		return ls_err_set(eb, LS_EINPUT, "link type %u is not a "
		    "Bluetooth LE link layer", (unsigned)link);
	}
}

static void
ll_addr(struct cur *c, uint8_t out[6])
{
	cur_copy(c, out, 6);
}

static void
ll_report_init(const struct ll_pkt *pkt, struct hcievt_adv_report *rep)
{
	memset(rep, 0, sizeof *rep);
	rep->rssi = pkt->rssi;
	rep->tx_power = HC_TXPOWER_NONE;
	rep->primary_phy = 1;
	rep->sid = 0xff;
}

/* Common extended advertising payload, §2.3.4. */
static enum ll_adv_kind
ll_adv_ext(const struct ll_pkt *pkt, const uint8_t *p, size_t n,
    uint8_t txadd, struct hcievt_adv_report *rep)
{
	struct cur	c, h;
	uint8_t		ehl, mode, flags = 0;
	bool		have_adva = false;
	uint16_t	adi;

	if (pkt->aux == LL_AUX_CHAIN_IND || pkt->aux == LL_AUX_SYNC_IND)
		return LL_ADV_OTHER;
	cur_init(&c, p, n);
	ehl = cur_u8(&c);
	if (!cur_ok(&c))
		return LL_ADV_BAD;
	mode = ehl >> 6;
	ehl &= 0x3f;
	cur_init(&h, cur_take(&c, ehl), ehl);
	if (!cur_ok(&c))
		return LL_ADV_BAD;
	ll_report_init(pkt, rep);
	rep->extended = true;
	rep->secondary_phy = pkt->aux != LL_AUX_NONE ? 1 : 0;
	rep->addr_type = txadd ? HC_ADDR_RANDOM : HC_ADDR_PUBLIC;
	if (ehl > 0)
		flags = cur_u8(&h);
	if (flags & LL_EXT_ADVA) {
		ll_addr(&h, rep->addr);
		have_adva = true;
	}
	if (flags & LL_EXT_TARGETA) {
		(void)cur_skip(&h, 6);
		rep->evt_type |= HC_EXT_EVT_DIRECTED;
	}
	if (flags & LL_EXT_CTEINFO)
		(void)cur_skip(&h, 1);
	if (flags & LL_EXT_ADI) {
		adi = cur_le16(&h);
		rep->sid = (uint8_t)(adi >> 12);
	}
	if (flags & LL_EXT_AUXPTR) {
		(void)cur_skip(&h, 3);
		/* The data goes on in an auxiliary packet. */
		rep->evt_type |= HC_DATA_INCOMPLETE << 5;
	}
	if (flags & LL_EXT_SYNCINFO)
		(void)cur_skip(&h, 18);
	if (flags & LL_EXT_TXPOWER) {
		rep->tx_power = cur_s8(&h);
		if (rep->tx_power > 20)
			rep->tx_power = HC_TXPOWER_NONE;
	}
	if (!cur_ok(&h))
		return LL_ADV_BAD;
	if (!have_adva)
		return LL_ADV_OTHER;
	if (mode & 1)
		rep->evt_type |= HC_EXT_EVT_CONNECTABLE;
	if (mode & 2)
		rep->evt_type |= HC_EXT_EVT_SCANNABLE;
	if (pkt->aux == LL_AUX_SCAN_RSP)
		rep->evt_type |= HC_EXT_EVT_SCAN_RSP;
	rep->data_len = (uint8_t)cur_left(&c);
	cur_copy(&c, rep->data, rep->data_len);
	return LL_ADV_REPORT;
}

enum ll_adv_kind
ll_adv(const struct ll_pkt *pkt, struct hcievt_adv_report *rep,
    struct ll_connect *con)
{
	struct cur	c;
	uint8_t		type, txadd, rxadd;
	size_t		i, len;

	if (pkt->pdu_len < 2)
		return LL_ADV_BAD;
	type = pkt->pdu[0] & 0x0f;
	txadd = (pkt->pdu[0] >> 6) & 1;
	rxadd = (pkt->pdu[0] >> 7) & 1;
	len = pkt->pdu_len - 2;
	cur_init(&c, pkt->pdu + 2, len);
	switch (type) {
	case LL_PDU_CONNECT_IND:
		if (len != LL_CONNECT_IND_LEN)
			return LL_ADV_BAD;
		memset(con, 0, sizeof *con);
		ll_addr(&c, con->init_addr);
		con->init_type = txadd ? HC_ADDR_RANDOM : HC_ADDR_PUBLIC;
		ll_addr(&c, con->adv_addr);
		con->adv_type = rxadd ? HC_ADDR_RANDOM : HC_ADDR_PUBLIC;
		con->aa = cur_le32(&c);
		con->crcinit = cur_le24(&c);
		return cur_ok(&c) ? LL_ADV_CONNECT : LL_ADV_BAD;
	case LL_PDU_ADV_EXT:
		return ll_adv_ext(pkt, pkt->pdu + 2, len, txadd, rep);
	case LL_PDU_SCAN_REQ:
		return len == 12 ? LL_ADV_OTHER : LL_ADV_BAD;
	default:
		break;
	}
	for (i = 0; i < sizeof ll_legacy_evt / sizeof ll_legacy_evt[0]; i++)
		if (ll_legacy_evt[i].pdu == type)
			break;
	if (i == sizeof ll_legacy_evt / sizeof ll_legacy_evt[0])
		return LL_ADV_OTHER;
	if (len < 6 || len > 6 + LL_LEGACY_DATA_MAX ||
	    (type == LL_PDU_ADV_DIRECT_IND && len != 12))
		return LL_ADV_BAD;
	ll_report_init(pkt, rep);
	rep->evt_type = ll_legacy_evt[i].evt;
	rep->addr_type = txadd ? HC_ADDR_RANDOM : HC_ADDR_PUBLIC;
	ll_addr(&c, rep->addr);
	if (type != LL_PDU_ADV_DIRECT_IND) {
		rep->data_len = (uint8_t)(len - 6);
		cur_copy(&c, rep->data, rep->data_len);
	}
	return LL_ADV_REPORT;
}

bool
ll_data(const struct ll_pkt *pkt, struct ll_data *out)
{
	size_t	off;

	if (pkt->pdu_len < 2)
		return false;
	out->llid = pkt->pdu[0] & 0x03;
	out->nesn = (pkt->pdu[0] >> 2) & 1;
	out->sn = (pkt->pdu[0] >> 3) & 1;
	out->md = (pkt->pdu[0] >> 4) & 1;
	off = 2 + ((pkt->pdu[0] & 0x20) ? 1 : 0);
	if (out->llid == 0 || off + pkt->pdu[1] != pkt->pdu_len)
		return false;
	out->payload = pkt->pdu + off;
	out->len = pkt->pdu[1];
	return true;
}
