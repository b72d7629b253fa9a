/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_sniffer_ll.c - unit tests for src/capture/sniffer_ll.c (LE link-layer
 * packets of sniffer captures).
 *
 * Vectors:
 *   CRC-24     the nine over-the-air packets of bluez/bluez:unit/
 *              test-crc.c (a Polar H7 advertising, a CONNECT_IND with
 *              CRCInit 0x161dbe, two data PDUs of that connection).
 *   PHDR       10-byte pseudo-header per tcpdump.org/linktypes/
 *              LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR.html (flags 0x0001
 *              dewhitened, 0x0002 signal valid, 0x0380 PDU type, 0x0400
 *              CRC checked, 0x0800 CRC valid).
 *   PPI        greatscottgadgets/libbtbb:lib/src/pcap.c (header, field
 *              30006 ppi_btle_t, DLT 147).
 *   AUX_ADV_IND built by hand per Core 5.4 Vol 6 Part B §2.3.4.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "capture/sniffer_ll.h"
#include "hci/hcidef.h"

/* bluez/bluez:unit/test-crc.c packet_1 (ADV_IND, Polar H7). */
static const uint8_t bz1[] = {
	0xd6, 0xbe, 0x89, 0x8e, 0x00, 0x17, 0x7e, 0x01, 0x00, 0xd0, 0x22, 0x00,
	0x02, 0x01, 0x06, 0x03, 0x02, 0x0d, 0x18, 0x06, 0xff, 0x6b, 0x00, 0x03,
	0x16, 0x52, 0x02, 0x0a, 0x00, 0xf4, 0x09, 0x92,
};
/* packet_5: SCAN_REQ. */
static const uint8_t bz5[] = {
	0xd6, 0xbe, 0x89, 0x8e, 0x03, 0x0c, 0x46, 0x1c, 0xda, 0x72, 0x02, 0x00,
	0x7e, 0x01, 0x00, 0xd0, 0x22, 0x00, 0x6e, 0xf4, 0x6f,
};
/* packet_6: SCAN_RSP, complete name "Polar H7 00017E". */
static const uint8_t bz6[] = {
	0xd6, 0xbe, 0x89, 0x8e, 0x04, 0x17, 0x7e, 0x01, 0x00, 0xd0, 0x22, 0x00,
	0x10, 0x09, 0x50, 0x6f, 0x6c, 0x61, 0x72, 0x20, 0x48, 0x37, 0x20, 0x30,
	0x30, 0x30, 0x31, 0x37, 0x45, 0x0f, 0x8a, 0x65,
};
/* packet_7: CONNECT_IND. */
static const uint8_t bz7[] = {
	0xd6, 0xbe, 0x89, 0x8e, 0x05, 0x22, 0x46, 0x1c, 0xda, 0x72, 0x02, 0x00,
	0x7e, 0x01, 0x00, 0xd0, 0x22, 0x00, 0x96, 0x83, 0x9a, 0xaf, 0xbe, 0x1d,
	0x16, 0x03, 0x05, 0x00, 0x36, 0x00, 0x00, 0x00, 0x2a, 0x00, 0xff, 0xff,
	0xff, 0xff, 0x1f, 0xa5, 0x77, 0x2d, 0x95,
};
/* packet_8: empty data PDU; packet_9: ATT Read By Type Response. */
static const uint8_t bz8[] = {
	0x96, 0x83, 0x9a, 0xaf, 0x01, 0x00, 0xc7, 0x15, 0x4d,
};
static const uint8_t bz9[] = {
	0x96, 0x83, 0x9a, 0xaf, 0x06, 0x14, 0x10, 0x00, 0x04, 0x00, 0x09, 0x07,
	0x10, 0x00, 0x10, 0x11, 0x00, 0x37, 0x2a, 0x13, 0x00, 0x02, 0x14, 0x00,
	0x38, 0x2a, 0x73, 0x2a, 0xa3,
};

static void
test_crc_bluez(void **state)
{
	struct ll_pkt	p;

	(void)state;
	assert_int_equal(ll_parse(LL_LINK_LE_LL, bz1, sizeof bz1, &p, NULL),
	    LS_OK);
	assert_true(p.has_crc);
	assert_int_equal(p.crc, 0x9209f4);
	assert_int_equal(ll_crc24(LL_ADV_CRCINIT, p.pdu, p.pdu_len),
	    0x9209f4);
	assert_true(ll_crc_ok(&p, LL_ADV_CRCINIT));
	assert_int_equal(ll_parse(LL_LINK_LE_LL, bz6, sizeof bz6, &p, NULL),
	    LS_OK);
	assert_true(ll_crc_ok(&p, LL_ADV_CRCINIT));
	assert_int_equal(ll_parse(LL_LINK_LE_LL, bz7, sizeof bz7, &p, NULL),
	    LS_OK);
	assert_true(ll_crc_ok(&p, LL_ADV_CRCINIT));
	assert_int_equal(ll_parse(LL_LINK_LE_LL, bz8, sizeof bz8, &p, NULL),
	    LS_OK);
	assert_true(ll_crc_ok(&p, 0x161dbe));
	assert_false(ll_crc_ok(&p, LL_ADV_CRCINIT));
	assert_int_equal(ll_parse(LL_LINK_LE_LL, bz9, sizeof bz9, &p, NULL),
	    LS_OK);
	assert_true(ll_crc_ok(&p, 0x161dbe));
}

static void
test_crc_bit_error(void **state)
{
	uint8_t		b[sizeof bz6];
	struct ll_pkt	p;
	size_t		i;

	(void)state;
	/* Any single flipped bit in PDU or CRC is caught. */
	for (i = 4 * 8; i < sizeof b * 8; i++) {
		memcpy(b, bz6, sizeof b);
		b[i / 8] ^= (uint8_t)(1u << (i % 8));
		if (ll_parse(LL_LINK_LE_LL, b, sizeof b, &p, NULL) != LS_OK)
			continue;		/* the length byte was hit */
		assert_false(ll_crc_ok(&p, LL_ADV_CRCINIT));
	}
}

static void
test_lengths(void **state)
{
	struct ll_pkt	p;
	uint8_t		b[sizeof bz6 + 2];

	(void)state;
	/* Without the CRC: accepted, nothing to check. */
	assert_int_equal(ll_parse(LL_LINK_LE_LL, bz6, sizeof bz6 - 3, &p,
	    NULL), LS_OK);
	assert_false(p.has_crc);
	assert_true(ll_crc_ok(&p, LL_ADV_CRCINIT));
	/* One byte short of the CRC, one over, cut inside the PDU. */
	assert_int_equal(ll_parse(LL_LINK_LE_LL, bz6, sizeof bz6 - 1, &p,
	    NULL), LS_EMALFORMED);
	memcpy(b, bz6, sizeof bz6);
	b[sizeof bz6] = 0;
	assert_int_equal(ll_parse(LL_LINK_LE_LL, b, sizeof bz6 + 1, &p,
	    NULL), LS_EMALFORMED);
	assert_int_equal(ll_parse(LL_LINK_LE_LL, bz6, 10, &p, NULL),
	    LS_EMALFORMED);
	assert_int_equal(ll_parse(LL_LINK_LE_LL, bz6, 5, &p, NULL),
	    LS_EMALFORMED);
	assert_int_equal(ll_parse(LL_LINK_LE_LL, NULL, 0, &p, NULL),
	    LS_EMALFORMED);
	assert_int_equal(ll_parse(201, bz6, sizeof bz6, &p, NULL), LS_EINPUT);
}

static void
test_adv_reports(void **state)
{
	struct hcievt_adv_report	r;
	struct ll_connect		con;
	struct ll_pkt			p;
	static const uint8_t		addr[6] = { 0x7e, 0x01, 0x00, 0xd0,
					    0x22, 0x00 };

	(void)state;
	assert_int_equal(ll_parse(LL_LINK_LE_LL, bz1, sizeof bz1, &p, NULL),
	    LS_OK);
	assert_int_equal(ll_adv(&p, &r, &con), LL_ADV_REPORT);
	assert_int_equal(r.evt_type, 0x0013);		/* ADV_IND */
	assert_false(r.extended);
	assert_int_equal(r.addr_type, HC_ADDR_PUBLIC);
	assert_memory_equal(r.addr, addr, 6);
	assert_int_equal(r.data_len, 17);
	assert_memory_equal(r.data, bz1 + 12, 17);
	assert_int_equal(r.rssi, HC_RSSI_NONE);

	assert_int_equal(ll_parse(LL_LINK_LE_LL, bz6, sizeof bz6, &p, NULL),
	    LS_OK);
	assert_int_equal(ll_adv(&p, &r, &con), LL_ADV_REPORT);
	assert_int_equal(r.evt_type, 0x001b);		/* SCAN_RSP */
	assert_int_equal(r.data_len, 17);
	assert_memory_equal(r.data + 2, "Polar H7 00017E", 15);

	assert_int_equal(ll_parse(LL_LINK_LE_LL, bz5, sizeof bz5, &p, NULL),
	    LS_OK);
	assert_int_equal(ll_adv(&p, &r, &con), LL_ADV_OTHER);

	assert_int_equal(ll_parse(LL_LINK_LE_LL, bz7, sizeof bz7, &p, NULL),
	    LS_OK);
	assert_int_equal(ll_adv(&p, &r, &con), LL_ADV_CONNECT);
	assert_int_equal(con.aa, 0xaf9a8396);
	assert_int_equal(con.crcinit, 0x161dbe);
	assert_memory_equal(con.adv_addr, addr, 6);
	assert_int_equal(con.adv_type, HC_ADDR_PUBLIC);
	assert_int_equal(con.init_addr[0], 0x46);
}

static void
test_adv_bad(void **state)
{
	struct hcievt_adv_report	r;
	struct ll_connect		con;
	struct ll_pkt			p;
	/* ADV_IND with a 5-byte payload (AdvA needs 6), no CRC. */
	static const uint8_t		shortadv[] = { 0xd6, 0xbe, 0x89, 0x8e,
					    0x00, 0x05, 1, 2, 3, 4, 5 };
	/* ADV_DIRECT_IND of 13 bytes (must be 12). */
	uint8_t				direct[4 + 2 + 13];

	(void)state;
	assert_int_equal(ll_parse(LL_LINK_LE_LL, shortadv, sizeof shortadv,
	    &p, NULL), LS_OK);
	assert_int_equal(ll_adv(&p, &r, &con), LL_ADV_BAD);
	memset(direct, 0, sizeof direct);
	memcpy(direct, bz1, 4);
	direct[4] = 0x01;
	direct[5] = 13;
	assert_int_equal(ll_parse(LL_LINK_LE_LL, direct, sizeof direct, &p,
	    NULL), LS_OK);
	assert_int_equal(ll_adv(&p, &r, &con), LL_ADV_BAD);
}

/* AUX_ADV_IND: AdvA, ADI (SID 3), TxPower -4, AdvMode connectable. */
static void
test_adv_ext(void **state)
{
	struct hcievt_adv_report	r;
	struct ll_connect		con;
	struct ll_pkt			p;
	static const uint8_t		aux[] = {
		0xd6, 0xbe, 0x89, 0x8e,
		0x47, 0x0e,			/* ADV_EXT, TxAdd, len 14 */
		0x4a,				/* ehl 10, AdvMode 1 */
		0x49,				/* AdvA, ADI, TxPower */
		0x01, 0x02, 0x03, 0x04, 0x05, 0xc6,
		0x01, 0x30,			/* DID 1, SID 3 */
		0xfc,				/* -4 dBm */
		0x02, 0x01, 0x06,		/* Flags */
	};
	uint8_t				pkt[sizeof aux + 3];
	uint32_t			crc;

	(void)state;
	/* Append a correct CRC after the 16-byte PDU. */
	memcpy(pkt, aux, sizeof aux);
	crc = ll_crc24(LL_ADV_CRCINIT, pkt + 4, sizeof aux - 4);
	pkt[sizeof aux] = (uint8_t)crc;
	pkt[sizeof aux + 1] = (uint8_t)(crc >> 8);
	pkt[sizeof aux + 2] = (uint8_t)(crc >> 16);
	assert_int_equal(ll_parse(LL_LINK_LE_LL, pkt, sizeof pkt, &p, NULL),
	    LS_OK);
	assert_true(ll_crc_ok(&p, LL_ADV_CRCINIT));
	assert_int_equal(ll_adv(&p, &r, &con), LL_ADV_REPORT);
	assert_true(r.extended);
	assert_int_equal(r.evt_type, HC_EXT_EVT_CONNECTABLE);
	assert_int_equal(r.addr_type, HC_ADDR_RANDOM);
	assert_int_equal(r.addr[5], 0xc6);
	assert_int_equal(r.sid, 3);
	assert_int_equal(r.tx_power, -4);
	assert_int_equal(r.data_len, 3);
	assert_memory_equal(r.data, "\x02\x01\x06", 3);
	/* Without AdvA (primary ADV_EXT_IND): no report. */
	pkt[7] = 0x48;
	assert_int_equal(ll_parse(LL_LINK_LE_LL, pkt, sizeof aux, &p, NULL),
	    LS_OK);
	assert_int_equal(ll_adv(&p, &r, &con), LL_ADV_OTHER);
	/* Extended header longer than the payload. */
	pkt[6] = 0x7f;
	assert_int_equal(ll_adv(&p, &r, &con), LL_ADV_BAD);
}

static size_t
phdr(uint8_t *out, uint16_t flags, int8_t sig, const uint8_t *pkt, size_t n)
{
	out[0] = 0;			/* RF channel 0 = advertising 37 */
	out[1] = (uint8_t)sig;
	out[2] = (uint8_t)-90;
	out[3] = 0;
	memcpy(out + 4, pkt, 4);	/* reference access address */
	out[8] = (uint8_t)flags;
	out[9] = (uint8_t)(flags >> 8);
	memcpy(out + 10, pkt, n);
	return 10 + n;
}

static void
test_phdr(void **state)
{
	uint8_t		b[64];
	struct ll_pkt	p;
	size_t		n;

	(void)state;
	/* Dewhitened, signal valid, data peripheral to central. */
	n = phdr(b, 0x0001 | 0x0002 | 3 << 7, -57, bz9, sizeof bz9);
	assert_int_equal(ll_parse(LL_LINK_LE_LL_PHDR, b, n, &p, NULL), LS_OK);
	assert_int_equal(p.rssi, -57);
	assert_int_equal(p.dir, LL_DIR_P2C);
	assert_int_equal(p.aa, 0xaf9a8396);
	assert_false(p.crc_checked);
	assert_true(ll_crc_ok(&p, 0x161dbe));
	/* Central to peripheral; signal not valid. */
	n = phdr(b, 0x0001 | 2 << 7, -57, bz9, sizeof bz9);
	assert_int_equal(ll_parse(LL_LINK_LE_LL_PHDR, b, n, &p, NULL), LS_OK);
	assert_int_equal(p.rssi, HC_RSSI_NONE);
	assert_int_equal(p.dir, LL_DIR_C2P);
	/* Checked and valid: trusted even over a wrong CRC init. */
	n = phdr(b, 0x0001 | 0x0400 | 0x0800, 0, bz9, sizeof bz9);
	assert_int_equal(ll_parse(LL_LINK_LE_LL_PHDR, b, n, &p, NULL), LS_OK);
	assert_true(ll_crc_ok(&p, 0x123456));
	/* Checked and bad: a bit error. */
	n = phdr(b, 0x0001 | 0x0400, 0, bz9, sizeof bz9);
	assert_int_equal(ll_parse(LL_LINK_LE_LL_PHDR, b, n, &p, NULL),
	    LS_EMALFORMED);
	/* Access address offenses counted: a bit error; none: fine. */
	n = phdr(b, 0x0001 | 0x0020, 0, bz9, sizeof bz9);
	assert_int_equal(ll_parse(LL_LINK_LE_LL_PHDR, b, n, &p, NULL), LS_OK);
	b[3] = 2;
	assert_int_equal(ll_parse(LL_LINK_LE_LL_PHDR, b, n, &p, NULL),
	    LS_EMALFORMED);
	/* Not dewhitened: cannot be read. */
	n = phdr(b, 0x0002, 0, bz9, sizeof bz9);
	assert_int_equal(ll_parse(LL_LINK_LE_LL_PHDR, b, n, &p, NULL),
	    LS_EMALFORMED);
	/* Auxiliary advertising, kind AUX_SCAN_RSP; decrypted. */
	n = phdr(b, 0x0001 | 0x0008 | 1 << 7 | 3 << 12, 0, bz6, sizeof bz6);
	assert_int_equal(ll_parse(LL_LINK_LE_LL_PHDR, b, n, &p, NULL), LS_OK);
	assert_int_equal(p.aux, LL_AUX_SCAN_RSP);
	assert_true(p.decrypted);
	/* Shorter than the pseudo-header. */
	assert_int_equal(ll_parse(LL_LINK_LE_LL_PHDR, b, 9, &p, NULL),
	    LS_EMALFORMED);
}

static size_t
ppi(uint8_t *out, uint32_t dlt, int bad_field, const uint8_t *pkt, size_t n)
{
	/* ppi_btle_t: version, channel 37, clkn_high, clk100ns, RSSIs. */
	static const uint8_t	btle[12] = { 0, 37, 0, 0, 1, 2, 3, 4,
				    (uint8_t)-40, (uint8_t)-60, (uint8_t)-50,
				    1 };
	size_t			hl = 8 + 4 + sizeof btle;

	out[0] = 0;
	out[1] = 0;
	out[2] = (uint8_t)hl;
	out[3] = 0;
	out[4] = (uint8_t)dlt;
	out[5] = (uint8_t)(dlt >> 8);
	out[6] = out[7] = 0;
	out[8] = 30006 & 0xff;
	out[9] = 30006 >> 8;
	out[10] = bad_field ? 40 : sizeof btle;
	out[11] = 0;
	memcpy(out + 12, btle, sizeof btle);
	memcpy(out + hl, pkt, n);
	return hl + n;
}

static void
test_ppi(void **state)
{
	uint8_t		b[80];
	struct ll_pkt	p;
	size_t		n;

	(void)state;
	n = ppi(b, LL_PPI_DLT_BTLE, 0, bz6, sizeof bz6);
	assert_int_equal(ll_parse(LL_LINK_PPI, b, n, &p, NULL), LS_OK);
	assert_int_equal(p.aa, LL_ADV_AA);
	assert_int_equal(p.pdu_len, sizeof bz6 - 7);
	assert_true(ll_crc_ok(&p, LL_ADV_CRCINIT));
	n = ppi(b, LL_LINK_LE_LL, 0, bz6, sizeof bz6);
	assert_int_equal(ll_parse(LL_LINK_PPI, b, n, &p, NULL), LS_OK);
	/* A field running past the header. */
	n = ppi(b, LL_PPI_DLT_BTLE, 1, bz6, sizeof bz6);
	assert_int_equal(ll_parse(LL_LINK_PPI, b, n, &p, NULL),
	    LS_EMALFORMED);
	/* 802.11 inside PPI: not ours. */
	n = ppi(b, 105, 0, bz6, sizeof bz6);
	assert_int_equal(ll_parse(LL_LINK_PPI, b, n, &p, NULL), LS_EINPUT);
	/* Header length beyond the packet; wrong version. */
	n = ppi(b, LL_PPI_DLT_BTLE, 0, bz6, sizeof bz6);
	b[2] = 200;
	assert_int_equal(ll_parse(LL_LINK_PPI, b, n, &p, NULL),
	    LS_EMALFORMED);
	b[2] = 24;
	b[0] = 1;
	assert_int_equal(ll_parse(LL_LINK_PPI, b, n, &p, NULL),
	    LS_EMALFORMED);
	assert_int_equal(ll_parse(LL_LINK_PPI, b, 3, &p, NULL),
	    LS_EMALFORMED);
}

static void
test_data_header(void **state)
{
	struct ll_pkt	p;
	struct ll_data	d;
	uint8_t		b[sizeof bz9];

	(void)state;
	assert_int_equal(ll_parse(LL_LINK_LE_LL, bz9, sizeof bz9, &p, NULL),
	    LS_OK);
	assert_true(ll_data(&p, &d));
	assert_int_equal(d.llid, 2);
	assert_true(d.nesn);
	assert_false(d.sn);
	assert_int_equal(d.len, 20);
	assert_int_equal(d.payload[0], 0x10);	/* L2CAP length 16 */
	assert_int_equal(ll_parse(LL_LINK_LE_LL, bz8, sizeof bz8, &p, NULL),
	    LS_OK);
	assert_true(ll_data(&p, &d));
	assert_int_equal(d.llid, 1);
	assert_int_equal(d.len, 0);
	/* LLID 0 is reserved. */
	memcpy(b, bz9, sizeof b);
	b[4] &= 0xfc;
	assert_int_equal(ll_parse(LL_LINK_LE_LL, b, sizeof b, &p, NULL),
	    LS_OK);
	assert_false(ll_data(&p, &d));
	/* CP set: a CTEInfo byte follows the header, so 20 + 1 bytes. */
	memcpy(b, bz9, sizeof b);
	b[4] |= 0x20;
	assert_int_equal(ll_parse(LL_LINK_LE_LL, b, sizeof b, &p, NULL),
	    LS_EMALFORMED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc_bluez),
		cmocka_unit_test(test_crc_bit_error),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_adv_reports),
		cmocka_unit_test(test_adv_bad),
		cmocka_unit_test(test_adv_ext),
		cmocka_unit_test(test_phdr),
		cmocka_unit_test(test_ppi),
		cmocka_unit_test(test_data_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
