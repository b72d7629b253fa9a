/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_hcievt.c - unit tests for src/hci/hcievt.c (HCI event decoders).
 *
 * Vectors are built by hand from Bluetooth Core 5.4 Vol 4 Part E §7.7.14,
 * §7.7.15, §7.7.65.2 and §7.7.65.13, one report after another as
 * bluez/bluez:monitor/packet.c (le_adv_report_evt, le_ext_adv_report_evt)
 * reads them.  The HCI_Reset Command Complete (04 0e 04 01 03 0c 00) is
 * the packet every controller sends after reset.  None of the advertising
 * vectors is a capture from a real lock.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hci/hcidef.h"
#include "hci/hcievt.h"
#include "util/err.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* Reports a callback has seen. */
struct got {
	unsigned			n;
	struct hcievt_adv_report	r[25];
};

static void
collect(const struct hcievt_adv_report *a, void *arg)
{
	struct got	*g = arg;

	assert_true(g->n < NITEMS(g->r));
	g->r[g->n++] = *a;
}

static const uint8_t addr1[6] = { 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6 };
static const uint8_t flags_ad[3] = { 0x02, 0x01, 0x06 };

/* Append one legacy report (§7.7.65.2) at b; returns its length. */
static size_t
put_legacy(uint8_t *b, uint8_t type, uint8_t atype, const uint8_t *addr,
    const uint8_t *data, uint8_t dlen, uint8_t rssi)
{
	size_t	n = 0;

	b[n++] = type;
	b[n++] = atype;
	memcpy(b + n, addr, 6);
	n += 6;
	b[n++] = dlen;
	if (dlen > 0)
		memcpy(b + n, data, dlen);
	n += dlen;
	b[n++] = rssi;
	return n;
}

/* Append one extended report (§7.7.65.13) at b; returns its length. */
static size_t
put_ext(uint8_t *b, uint16_t type, uint8_t atype, const uint8_t *addr,
    uint8_t pphy, uint8_t sphy, uint8_t sid, uint8_t tx, uint8_t rssi,
    uint16_t interval, const uint8_t *data, uint8_t dlen)
{
	size_t	n = 0;

	b[n++] = (uint8_t)type;
	b[n++] = (uint8_t)(type >> 8);
	b[n++] = atype;
	memcpy(b + n, addr, 6);
	n += 6;
	b[n++] = pphy;
	b[n++] = sphy;
	b[n++] = sid;
	b[n++] = tx;
	b[n++] = rssi;
	b[n++] = (uint8_t)interval;
	b[n++] = (uint8_t)(interval >> 8);
	b[n++] = 0xfe;		/* direct address type: unresolved RPA */
	memset(b + n, 0x5a, 6);	/* direct address */
	n += 6;
	b[n++] = dlen;
	if (dlen > 0)
		memcpy(b + n, data, dlen);
	n += dlen;
	return n;
}

/* Decode and require failure, no report delivered, msg containing want. */
static void
expect_bad_adv(const uint8_t *p, size_t n, const char *want)
{
	struct ls_errbuf	eb;
	struct got		g = { 0 };
	enum ls_err		err;

	ls_err_clear(&eb);
	err = hcievt_adv_reports(p, n, collect, &g, &eb);
	assert_int_equal(err, LS_EMALFORMED);
	assert_int_equal(eb.code, LS_EMALFORMED);
	assert_int_equal(g.n, 0);
	if (strstr(eb.msg, want) == NULL)
		fail_msg("message '%s' lacks '%s'", eb.msg, want);
}

/* Decode and require success; returns the number of reports. */
static unsigned
expect_good_adv(const uint8_t *p, size_t n, struct got *g)
{
	struct ls_errbuf	eb;
	enum ls_err		err;

	ls_err_clear(&eb);
	memset(g, 0, sizeof *g);
	err = hcievt_adv_reports(p, n, collect, g, &eb);
	if (err != LS_OK)
		fail_msg("unexpected error: %s", eb.msg);
	assert_int_equal(eb.code, LS_OK);
	return g->n;
}

/* --- hcievt_split ------------------------------------------------------ */

static void
test_split_reset_complete(void **state)
{
	/* HCI_Reset Command Complete: ncmd 1, opcode 0x0c03, status 0. */
	static const uint8_t pkt[] = { 0x0e, 0x04, 0x01, 0x03, 0x0c, 0x00 };
	struct hcievt		ev;
	struct ls_errbuf	eb;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(hcievt_split(pkt, sizeof pkt, &ev, &eb), LS_OK);
	assert_int_equal(ev.code, HC_EVT_CMD_COMPLETE);
	assert_int_equal(ev.plen, 4);
	assert_ptr_equal(ev.params, pkt + 2);
}

static void
test_split_empty_params(void **state)
{
	static const uint8_t pkt[] = { 0xff, 0x00 };
	struct hcievt		ev;
	struct ls_errbuf	eb;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(hcievt_split(pkt, sizeof pkt, &ev, &eb), LS_OK);
	assert_int_equal(ev.code, HC_EVT_VENDOR);
	assert_int_equal(ev.plen, 0);
}

static void
test_split_short_header(void **state)
{
	static const uint8_t pkt[] = { 0x0e };
	struct hcievt		ev;
	struct ls_errbuf	eb;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(hcievt_split(pkt, 1, &ev, &eb), LS_EMALFORMED);
	assert_string_equal(eb.msg,
	    "HCI event: 1 bytes, shorter than the 2-byte header");
	ls_err_clear(&eb);
	assert_int_equal(hcievt_split(NULL, 0, &ev, &eb), LS_EMALFORMED);
	assert_null(ev.params);
}

static void
test_split_plen_mismatch(void **state)
{
	/* Declares 4 parameter bytes; one missing, then one extra. */
	static const uint8_t pkt[] = { 0x0e, 0x04, 0x01, 0x03, 0x0c, 0x00,
	    0x00 };
	struct hcievt		ev;
	struct ls_errbuf	eb;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(hcievt_split(pkt, 5, &ev, &eb), LS_EMALFORMED);
	assert_string_equal(eb.msg, "Command Complete (0x0e): parameter "
	    "length 4 but 3 bytes follow the header");
	ls_err_clear(&eb);
	assert_int_equal(hcievt_split(pkt, 7, &ev, &eb), LS_EMALFORMED);
	assert_non_null(strstr(eb.msg, "but 5 bytes follow"));
	assert_int_equal(hcievt_split(pkt, 7, &ev, NULL), LS_EMALFORMED);
}

/* --- Command Complete / Command Status ----------------------------------- */

static void
test_cmd_complete_reset(void **state)
{
	static const uint8_t p[] = { 0x01, 0x03, 0x0c, 0x00 };
	struct hcievt_cmd_complete	cc;
	struct ls_errbuf		eb;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(hcievt_cmd_complete(p, sizeof p, &cc, &eb), LS_OK);
	assert_int_equal(cc.ncmd, 1);
	assert_int_equal(cc.opcode, HC_OP_RESET);
	assert_int_equal(cc.ret_len, 1);
	assert_int_equal(cc.ret[0], HC_SUCCESS);
}

static void
test_cmd_complete_bd_addr(void **state)
{
	/* Read_BD_ADDR: status 0, BD_ADDR 00:1a:7d:da:71:13 (LE order). */
	static const uint8_t p[] = { 0x01, 0x09, 0x10, 0x00,
	    0x13, 0x71, 0xda, 0x7d, 0x1a, 0x00 };
	struct hcievt_cmd_complete	cc;
	struct ls_errbuf		eb;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(hcievt_cmd_complete(p, sizeof p, &cc, &eb), LS_OK);
	assert_int_equal(cc.opcode, HC_OP_READ_BD_ADDR);
	assert_int_equal(cc.ret_len, 7);
	assert_memory_equal(cc.ret, p + 3, 7);
}

static void
test_cmd_complete_credits_only(void **state)
{
	/* Opcode 0x0000: the controller only returns command credits. */
	static const uint8_t p[] = { 0x05, 0x00, 0x00 };
	struct hcievt_cmd_complete	cc;
	struct ls_errbuf		eb;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(hcievt_cmd_complete(p, sizeof p, &cc, &eb), LS_OK);
	assert_int_equal(cc.ncmd, 5);
	assert_int_equal(cc.opcode, 0);
	assert_int_equal(cc.ret_len, 0);
}

static void
test_cmd_complete_too_short(void **state)
{
	static const uint8_t p[] = { 0x01, 0x03, 0x0c };
	struct hcievt_cmd_complete	cc;
	struct ls_errbuf		eb;
	size_t				n;

	(void)state;
	for (n = 0; n < 3; n++) {
		ls_err_clear(&eb);
		assert_int_equal(hcievt_cmd_complete(p, n, &cc, &eb),
		    LS_EMALFORMED);
		assert_non_null(strstr(eb.msg, "Command Complete: "));
		assert_non_null(strstr(eb.msg, "need at least 3"));
	}
}

static void
test_cmd_complete_oversize(void **state)
{
	/* More return bytes than a 255-byte event can carry. */
	static uint8_t	p[3 + 253];
	struct hcievt_cmd_complete	cc;
	struct ls_errbuf		eb;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(hcievt_cmd_complete(p, 3 + 252, &cc, &eb), LS_OK);
	assert_int_equal(cc.ret_len, 252);
	assert_int_equal(hcievt_cmd_complete(p, sizeof p, &cc, &eb),
	    LS_EMALFORMED);
	assert_string_equal(eb.msg,
	    "Command Complete: return parameters 253 bytes > 252");
}

static void
test_cmd_status(void **state)
{
	/* LE Create Connection (0x200d) pending, then refused (0x0c). */
	static const uint8_t ok[] = { 0x00, 0x01, 0x0d, 0x20 };
	static const uint8_t no[] = { 0x0c, 0x01, 0x0d, 0x20 };
	struct hcievt_cmd_status	cs;
	struct ls_errbuf		eb;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(hcievt_cmd_status(ok, sizeof ok, &cs, &eb), LS_OK);
	assert_int_equal(cs.status, HC_SUCCESS);
	assert_int_equal(cs.ncmd, 1);
	assert_int_equal(cs.opcode, 0x200d);
	assert_int_equal(hcievt_cmd_status(no, sizeof no, &cs, &eb), LS_OK);
	assert_int_equal(cs.status, HC_ERR_COMMAND_DISALLOWED);
}

static void
test_cmd_status_bad_length(void **state)
{
	static const uint8_t p[] = { 0x00, 0x01, 0x0d, 0x20, 0x00 };
	struct hcievt_cmd_status	cs;
	struct ls_errbuf		eb;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(hcievt_cmd_status(p, 3, &cs, &eb), LS_EMALFORMED);
	assert_string_equal(eb.msg,
	    "Command Status: 3 parameter bytes, expected 4");
	ls_err_clear(&eb);
	assert_int_equal(hcievt_cmd_status(p, 5, &cs, &eb), LS_EMALFORMED);
	assert_string_equal(eb.msg,
	    "Command Status: 5 parameter bytes, expected 4");
}

/* --- LE Advertising Report (legacy) --------------------------------------- */

static void
test_legacy_one_report(void **state)
{
	/* ADV_IND, random address, flags AD, RSSI -62. */
	static const uint8_t p[] = { HC_LE_ADV_REPORT, 0x01,
	    0x00, 0x01, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6,
	    0x03, 0x02, 0x01, 0x06, 0xc2 };
	struct got	g;

	(void)state;
	assert_int_equal(expect_good_adv(p, sizeof p, &g), 1);
	assert_int_equal(g.r[0].evt_type, 0x0013);
	assert_false(g.r[0].extended);
	assert_int_equal(g.r[0].addr_type, HC_ADDR_RANDOM);
	assert_memory_equal(g.r[0].addr, addr1, 6);
	assert_int_equal(g.r[0].data_len, 3);
	assert_memory_equal(g.r[0].data, flags_ad, 3);
	assert_int_equal(g.r[0].rssi, -62);
	assert_int_equal(g.r[0].tx_power, HC_TXPOWER_NONE);
	assert_int_equal(g.r[0].primary_phy, 1);
	assert_int_equal(g.r[0].secondary_phy, 0);
	assert_int_equal(g.r[0].sid, 0xff);
	assert_int_equal(g.r[0].periodic_interval, 0);
}

static void
test_legacy_three_reports(void **state)
{
	static const uint8_t name[] = { 0x05, 0x09, 'L', 'o', 'c', 'k' };
	uint8_t		b[128], a2[6], a3[6];
	struct got	g;
	size_t		n = 0;

	(void)state;
	memcpy(a2, addr1, 6);
	a2[0] = 0x02;
	memcpy(a3, addr1, 6);
	a3[0] = 0x03;
	b[n++] = HC_LE_ADV_REPORT;
	b[n++] = 3;
	n += put_legacy(b + n, HC_ADV_IND, 0, addr1, flags_ad, 3, 0xc2);
	n += put_legacy(b + n, HC_SCAN_RSP, 1, a2, name, sizeof name, 0xb0);
	n += put_legacy(b + n, HC_ADV_NONCONN_IND, 2, a3, NULL, 0, 0x81);
	assert_int_equal(expect_good_adv(b, n, &g), 3);
	assert_int_equal(g.r[0].evt_type, 0x0013);
	assert_int_equal(g.r[1].evt_type, 0x001b);
	assert_int_equal(g.r[2].evt_type, 0x0010);
	assert_int_equal(g.r[1].addr[0], 0x02);
	assert_int_equal(g.r[2].addr[0], 0x03);
	assert_int_equal(g.r[1].addr_type, 1);
	assert_int_equal(g.r[2].addr_type, HC_ADDR_PUBLIC_ID);
	assert_int_equal(g.r[1].data_len, sizeof name);
	assert_memory_equal(g.r[1].data, name, sizeof name);
	assert_int_equal(g.r[2].data_len, 0);
	assert_int_equal(g.r[0].rssi, -62);
	assert_int_equal(g.r[1].rssi, -80);
	assert_int_equal(g.r[2].rssi, -127);
}

static void
test_legacy_data_len_0_and_31(void **state)
{
	uint8_t		b[64], data[32];
	struct got	g;
	size_t		n;

	(void)state;
	memset(data, 0xee, sizeof data);
	b[0] = HC_LE_ADV_REPORT;
	b[1] = 1;
	n = 2 + put_legacy(b + 2, HC_ADV_IND, 0, addr1, NULL, 0, 0xd0);
	assert_int_equal(n, 12);
	assert_int_equal(expect_good_adv(b, n, &g), 1);
	assert_int_equal(g.r[0].data_len, 0);
	assert_int_equal(g.r[0].rssi, -48);

	n = 2 + put_legacy(b + 2, HC_ADV_IND, 0, addr1, data, 31, 0xd0);
	assert_int_equal(expect_good_adv(b, n, &g), 1);
	assert_int_equal(g.r[0].data_len, 31);
	assert_memory_equal(g.r[0].data, data, 31);
}

static void
test_legacy_data_len_32(void **state)
{
	uint8_t		b[64], data[32];
	size_t		n;

	(void)state;
	memset(data, 0xee, sizeof data);
	b[0] = HC_LE_ADV_REPORT;
	b[1] = 1;
	n = 2 + put_legacy(b + 2, HC_ADV_IND, 0, addr1, data, 32, 0xd0);
	expect_bad_adv(b, n,
	    "LE Advertising Report: report 1 of 1: data length 32 > 31");
}

static void
test_legacy_truncated_each_field(void **state)
{
	static const uint8_t p[] = { HC_LE_ADV_REPORT, 0x01,
	    0x00, 0x01, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6,
	    0x03, 0x02, 0x01, 0x06, 0xc2 };
	/* The field a cut after k bytes falls in, for k = 2..14. */
	static const char *field[] = {
	    "event type", "address type",
	    "address", "address", "address", "address", "address", "address",
	    "data length", "data", "data", "data", "RSSI" };
	char	want[128];
	size_t	k;

	(void)state;
	expect_bad_adv(p, 0, "LE Meta: no subevent code");
	expect_bad_adv(p, 1, "LE Advertising Report: 0 parameter bytes, "
	    "need at least 1");
	for (k = 2; k < sizeof p; k++) {
		snprintf(want, sizeof want, "LE Advertising Report: report 1 "
		    "of 1: truncated in %s", field[k - 2]);
		expect_bad_adv(p, k, want);
	}
	expect_bad_adv(p, 11, "truncated in data (0 of 3 bytes)");
}

static void
test_legacy_rssi(void **state)
{
	static const struct {
		uint8_t	raw;
		int	ok;
	} v[] = {
		{ 0x7f, 1 },	/* 127: not available */
		{ 0x14, 1 },	/* +20 */
		{ 0x81, 1 },	/* -127 */
		{ 0x00, 1 },
		{ 0x15, 0 },	/* +21 reserved */
		{ 0x7e, 0 },	/* +126 reserved */
		{ 0x80, 0 },	/* -128 out of range */
	};
	uint8_t		b[32];
	struct got	g;
	size_t		i, n;

	(void)state;
	b[0] = HC_LE_ADV_REPORT;
	b[1] = 1;
	for (i = 0; i < NITEMS(v); i++) {
		n = 2 + put_legacy(b + 2, HC_ADV_IND, 0, addr1, NULL, 0,
		    v[i].raw);
		if (v[i].ok) {
			assert_int_equal(expect_good_adv(b, n, &g), 1);
			assert_int_equal(g.r[0].rssi, (int8_t)v[i].raw);
		} else
			expect_bad_adv(b, n, "RSSI");
	}
	n = 2 + put_legacy(b + 2, HC_ADV_IND, 0, addr1, NULL, 0, 0x15);
	expect_bad_adv(b, n, "LE Advertising Report: report 1 of 1: "
	    "RSSI 21 dBm reserved");
}

static void
test_legacy_event_types(void **state)
{
	static const uint16_t want[] = { 0x0013, 0x0015, 0x0012, 0x0010,
	    0x001b };
	uint8_t		b[32];
	struct got	g;
	size_t		n;
	unsigned	t;

	(void)state;
	b[0] = HC_LE_ADV_REPORT;
	b[1] = 1;
	for (t = 0; t < 5; t++) {
		assert_int_equal(hcievt_legacy_to_ext((uint8_t)t), want[t]);
		n = 2 + put_legacy(b + 2, (uint8_t)t, 0, addr1, NULL, 0, 0xc0);
		assert_int_equal(expect_good_adv(b, n, &g), 1);
		assert_int_equal(g.r[0].evt_type, want[t]);
		assert_true(g.r[0].evt_type & HC_EXT_EVT_LEGACY);
	}
	assert_true(hcievt_legacy_to_ext(HC_ADV_IND) & HC_EXT_EVT_CONNECTABLE);
	assert_true(hcievt_legacy_to_ext(HC_SCAN_RSP) & HC_EXT_EVT_SCAN_RSP);
	assert_int_equal(hcievt_legacy_to_ext(5), 0);
	assert_int_equal(hcievt_legacy_to_ext(0xff), 0);
}

static void
test_legacy_bad_event_type(void **state)
{
	uint8_t		b[32];
	size_t		n;

	(void)state;
	b[0] = HC_LE_ADV_REPORT;
	b[1] = 1;
	n = 2 + put_legacy(b + 2, 0x05, 0, addr1, NULL, 0, 0xc0);
	expect_bad_adv(b, n, "LE Advertising Report: report 1 of 1: "
	    "event type 0x05 reserved");
	n = 2 + put_legacy(b + 2, 0xff, 0, addr1, NULL, 0, 0xc0);
	expect_bad_adv(b, n, "event type 0xff reserved");
}

static void
test_legacy_trailing_byte(void **state)
{
	uint8_t		b[32];
	size_t		n;

	(void)state;
	b[0] = HC_LE_ADV_REPORT;
	b[1] = 1;
	n = 2 + put_legacy(b + 2, HC_ADV_IND, 0, addr1, flags_ad, 3, 0xc0);
	b[n++] = 0x00;
	expect_bad_adv(b, n, "LE Advertising Report: 1 bytes after the last "
	    "of 1 reports");
}

static void
test_legacy_num_reports(void **state)
{
	uint8_t		b[256];
	struct got	g;
	size_t		n;
	unsigned	i;

	(void)state;
	b[0] = HC_LE_ADV_REPORT;
	b[1] = 0;
	expect_bad_adv(b, 2, "LE Advertising Report: number of reports 0 "
	    "(valid 1-25)");
	/* 25 empty reports fit a 255-byte event: 2 + 25 * 10 = 252. */
	n = 2;
	for (i = 0; i < 25; i++)
		n += put_legacy(b + n, HC_ADV_NONCONN_IND, 1, addr1, NULL, 0,
		    0xb0);
	b[1] = 25;
	assert_int_equal(expect_good_adv(b, n, &g), 25);
	b[1] = 26;
	expect_bad_adv(b, n, "number of reports 26 (valid 1-25)");
	/* One report fewer than declared. */
	b[1] = 25;
	expect_bad_adv(b, n - 10, "report 25 of 25: truncated in event type");
}

static void
test_legacy_bad_report_delivers_nothing(void **state)
{
	uint8_t		b[128], data[40];
	size_t		n = 0;

	(void)state;
	memset(data, 0x11, sizeof data);
	b[n++] = HC_LE_ADV_REPORT;
	b[n++] = 3;
	n += put_legacy(b + n, HC_ADV_IND, 0, addr1, flags_ad, 3, 0xc0);
	n += put_legacy(b + n, HC_ADV_IND, 0, addr1, data, 40, 0xc0);
	n += put_legacy(b + n, HC_ADV_IND, 0, addr1, flags_ad, 3, 0xc0);
	/* expect_bad_adv checks that report 1 was not delivered either. */
	expect_bad_adv(b, n,
	    "LE Advertising Report: report 2 of 3: data length 40 > 31");

	/* A bad last report also holds back the good first two. */
	n = 2;
	n += put_legacy(b + n, HC_ADV_IND, 0, addr1, flags_ad, 3, 0xc0);
	n += put_legacy(b + n, HC_ADV_IND, 0, addr1, flags_ad, 3, 0xc0);
	n += put_legacy(b + n, HC_ADV_IND, 0, addr1, flags_ad, 3, 0x50);
	expect_bad_adv(b, n, "report 3 of 3: RSSI 80 dBm reserved");
}

/*
 * One legacy report alone in its event (decoded by a direct path) and
 * as the second of two (the general decoder): the same fields.
 */
static void
check_single_matches_general(uint8_t type, uint8_t atype,
    const uint8_t *data, uint8_t len, uint8_t rssi)
{
	struct hcievt_adv_report one, two;
	struct got		 g;
	uint8_t			 b[128];
	size_t			 n = 0;

	b[n++] = HC_LE_ADV_REPORT;
	b[n++] = 1;
	n += put_legacy(b + n, type, atype, addr1, data, len, rssi);
	assert_int_equal(expect_good_adv(b, n, &g), 1);
	one = g.r[0];
	n = 0;
	b[n++] = HC_LE_ADV_REPORT;
	b[n++] = 2;
	n += put_legacy(b + n, HC_ADV_IND, 0, addr1, flags_ad, 3, 0xc0);
	n += put_legacy(b + n, type, atype, addr1, data, len, rssi);
	assert_int_equal(expect_good_adv(b, n, &g), 2);
	two = g.r[1];
	assert_int_equal(one.evt_type, two.evt_type);
	assert_int_equal(one.extended, two.extended);
	assert_int_equal(one.addr_type, two.addr_type);
	assert_memory_equal(one.addr, two.addr, 6);
	assert_int_equal(one.rssi, two.rssi);
	assert_int_equal(one.tx_power, two.tx_power);
	assert_int_equal(one.primary_phy, two.primary_phy);
	assert_int_equal(one.secondary_phy, two.secondary_phy);
	assert_int_equal(one.sid, two.sid);
	assert_int_equal(one.periodic_interval, two.periodic_interval);
	assert_int_equal(one.data_len, len);
	assert_int_equal(two.data_len, len);
	if (len > 0) {
		assert_memory_equal(one.data, data, len);
		assert_memory_equal(two.data, data, len);
	}
}

/* Every event type and address type, data lengths 0-31, RSSI edges. */
static void
test_legacy_single_matches_general(void **state)
{
	static const uint8_t	lens[] = { 0, 1, 2, 17, 30, 31 };
	static const uint8_t	rssis[] = { 0x81, 0xd8, 0x00, 0x14, 0x7f };
	uint8_t			data[31];
	unsigned		type, atype;
	size_t			i, j;

	(void)state;
	for (i = 0; i < sizeof data; i++)
		data[i] = (uint8_t)(0xa0 + i);
	for (type = HC_ADV_IND; type <= HC_SCAN_RSP; type++)
		for (atype = 0; atype < 4; atype++)
			for (i = 0; i < sizeof lens; i++)
				for (j = 0; j < sizeof rssis; j++)
					check_single_matches_general(
					    (uint8_t)type, (uint8_t)atype,
					    data, lens[i], rssis[j]);
}

/* --- LE Extended Advertising Report --------------------------------------- */

static void
test_ext_legacy_pdus(void **state)
{
	static const uint16_t types[] = { 0x0013, 0x0015, 0x0012, 0x0010,
	    0x001b, 0x001a };
	uint8_t		b[64];
	struct got	g;
	size_t		i, n;

	(void)state;
	b[0] = HC_LE_EXT_ADV_REPORT;
	b[1] = 1;
	for (i = 0; i < NITEMS(types); i++) {
		n = 2 + put_ext(b + 2, types[i], 0, addr1, 1, 0, 0xff, 0x7f,
		    0xc4, 0, flags_ad, 3);
		assert_int_equal(expect_good_adv(b, n, &g), 1);
		assert_true(g.r[0].extended);
		assert_int_equal(g.r[0].evt_type, types[i]);
		assert_int_equal(g.r[0].sid, 0xff);
		assert_int_equal(g.r[0].tx_power, HC_TXPOWER_NONE);
		assert_int_equal(g.r[0].rssi, -60);
		assert_int_equal(HC_EXT_EVT_DATA_STATUS(g.r[0].evt_type),
		    HC_DATA_COMPLETE);
	}
	/* Legacy bit with a combination no legacy PDU has. */
	n = 2 + put_ext(b + 2, 0x0017, 0, addr1, 1, 0, 0xff, 0x7f, 0xc4, 0,
	    NULL, 0);
	expect_bad_adv(b, n, "LE Extended Advertising Report: report 1 of 1: "
	    "event type 0x0017 is not a legacy PDU type");
	/* A legacy PDU cannot be incomplete. */
	n = 2 + put_ext(b + 2, 0x0033, 0, addr1, 1, 0, 0xff, 0x7f, 0xc4, 0,
	    NULL, 0);
	expect_bad_adv(b, n, "event type 0x0033 is not a legacy PDU type");
}

static void
test_ext_legacy_pdu_long_data(void **state)
{
	uint8_t		b[96], data[32];
	size_t		n;

	(void)state;
	memset(data, 0x22, sizeof data);
	b[0] = HC_LE_EXT_ADV_REPORT;
	b[1] = 1;
	n = 2 + put_ext(b + 2, 0x0013, 0, addr1, 1, 0, 0xff, 0x7f, 0xc4, 0,
	    data, 32);
	expect_bad_adv(b, n, "data length 32 > 31 in a legacy PDU");
}

static void
test_ext_full_report(void **state)
{
	/* Connectable extended ADV on LE Coded + LE 2M, SID 3, +4 dBm. */
	uint8_t		b[300], data[230];
	struct got	g;
	size_t		n;

	(void)state;
	memset(data, 0x33, sizeof data);
	b[0] = HC_LE_EXT_ADV_REPORT;
	b[1] = 1;
	n = 2 + put_ext(b + 2, HC_EXT_EVT_CONNECTABLE, HC_ADDR_RANDOM, addr1,
	    3, 2, 3, 0x04, 0xb5, 0x0640, data, 40);
	assert_int_equal(n, 2 + 24 + 40);
	assert_int_equal(expect_good_adv(b, n, &g), 1);
	assert_int_equal(g.r[0].evt_type, HC_EXT_EVT_CONNECTABLE);
	assert_false(g.r[0].evt_type & HC_EXT_EVT_LEGACY);
	assert_int_equal(g.r[0].addr_type, HC_ADDR_RANDOM);
	assert_memory_equal(g.r[0].addr, addr1, 6);
	assert_int_equal(g.r[0].primary_phy, 3);
	assert_int_equal(g.r[0].secondary_phy, 2);
	assert_int_equal(g.r[0].sid, 3);
	assert_int_equal(g.r[0].tx_power, 4);
	assert_int_equal(g.r[0].rssi, -75);
	assert_int_equal(g.r[0].periodic_interval, 0x0640);
	assert_int_equal(g.r[0].data_len, 40);
	assert_memory_equal(g.r[0].data, data, 40);

	/* The most data one report in one event can hold. */
	n = 2 + put_ext(b + 2, 0, 0, addr1, 1, 2, 0, 0x7f, 0x7f, 0, data,
	    229);
	assert_int_equal(n, 2 + 24 + 229);
	assert_int_equal(expect_good_adv(b, n, &g), 1);
	assert_int_equal(g.r[0].data_len, 229);
	assert_int_equal(g.r[0].rssi, HC_RSSI_NONE);
	n = 2 + put_ext(b + 2, 0, 0, addr1, 1, 2, 0, 0x7f, 0x7f, 0, data,
	    230);
	expect_bad_adv(b, n, "data length 230 > 229");
}

static void
test_ext_data_status(void **state)
{
	static const struct {
		uint16_t	type;
		int		status;	/* -1: malformed */
	} v[] = {
		{ 0x0000, HC_DATA_COMPLETE },
		{ 0x0020, HC_DATA_INCOMPLETE },
		{ 0x0040, HC_DATA_TRUNCATED },
		{ 0x0060, -1 },
		{ 0x0021, HC_DATA_INCOMPLETE },
	};
	uint8_t		b[64];
	struct got	g;
	size_t		i, n;

	(void)state;
	b[0] = HC_LE_EXT_ADV_REPORT;
	b[1] = 1;
	for (i = 0; i < NITEMS(v); i++) {
		n = 2 + put_ext(b + 2, v[i].type, 1, addr1, 1, 2, 1, 0x7f,
		    0xc0, 0, flags_ad, 3);
		if (v[i].status < 0) {
			expect_bad_adv(b, n, "event type 0x0060: data status "
			    "3 reserved");
			continue;
		}
		assert_int_equal(expect_good_adv(b, n, &g), 1);
		assert_int_equal(HC_EXT_EVT_DATA_STATUS(g.r[0].evt_type),
		    v[i].status);
	}
}

static void
test_ext_tx_power(void **state)
{
	static const struct {
		uint8_t	raw;
		int	ok;
	} v[] = {
		{ 0x7f, 1 }, { 0x14, 1 }, { 0x81, 1 }, { 0xf8, 1 },
		{ 0x15, 0 }, { 0x7e, 0 }, { 0x80, 0 },
	};
	uint8_t		b[64];
	struct got	g;
	size_t		i, n;

	(void)state;
	b[0] = HC_LE_EXT_ADV_REPORT;
	b[1] = 1;
	for (i = 0; i < NITEMS(v); i++) {
		n = 2 + put_ext(b + 2, 0x0001, 0, addr1, 1, 1, 0, v[i].raw,
		    0xc0, 0, NULL, 0);
		if (v[i].ok) {
			assert_int_equal(expect_good_adv(b, n, &g), 1);
			assert_int_equal(g.r[0].tx_power, (int8_t)v[i].raw);
		} else
			expect_bad_adv(b, n, "TX power");
	}
	n = 2 + put_ext(b + 2, 0x0001, 0, addr1, 1, 1, 0, 0x15, 0xc0, 0,
	    NULL, 0);
	expect_bad_adv(b, n, "report 1 of 1: TX power 21 dBm reserved");
}

static void
test_ext_rssi(void **state)
{
	uint8_t		b[64];
	size_t		n;

	(void)state;
	b[0] = HC_LE_EXT_ADV_REPORT;
	b[1] = 1;
	n = 2 + put_ext(b + 2, 0x0001, 0, addr1, 1, 1, 0, 0x7f, 0x20, 0,
	    NULL, 0);
	expect_bad_adv(b, n, "LE Extended Advertising Report: report 1 of 1: "
	    "RSSI 32 dBm reserved");
}

static void
test_ext_truncated_each_field(void **state)
{
	/* sub num | type(2) atype addr(6) pphy sphy sid tx rssi int(2)
	 * datype daddr(6) dlen data(3) */
	static const char *field[] = {
	    "event type", "event type", "address type",
	    "address", "address", "address", "address", "address", "address",
	    "primary PHY", "secondary PHY", "SID", "TX power", "RSSI",
	    "periodic advertising interval", "periodic advertising interval",
	    "direct address type",
	    "direct address", "direct address", "direct address",
	    "direct address", "direct address", "direct address",
	    "data length", "data", "data", "data" };
	uint8_t		b[64];
	char		want[128];
	size_t		k, n;

	(void)state;
	b[0] = HC_LE_EXT_ADV_REPORT;
	b[1] = 1;
	n = 2 + put_ext(b + 2, 0x0000, 0, addr1, 1, 0, 0xff, 0x7f, 0xc0, 0,
	    flags_ad, 3);
	assert_int_equal(n, 2 + NITEMS(field));
	for (k = 2; k < n; k++) {
		snprintf(want, sizeof want, "LE Extended Advertising Report: "
		    "report 1 of 1: truncated in %s", field[k - 2]);
		expect_bad_adv(b, k, want);
	}
	expect_bad_adv(b, 1, "LE Extended Advertising Report: 0 parameter "
	    "bytes, need at least 1");
}

static void
test_ext_reports_and_trailing(void **state)
{
	uint8_t		b[128];
	struct got	g;
	size_t		n = 0;

	(void)state;
	b[n++] = HC_LE_EXT_ADV_REPORT;
	b[n++] = 2;
	n += put_ext(b + n, 0x0013, 0, addr1, 1, 0, 0xff, 0x7f, 0xc0, 0,
	    flags_ad, 3);
	n += put_ext(b + n, 0x0020, 1, addr1, 3, 3, 9, 0xfc, 0xa0, 0x0018,
	    flags_ad, 2);
	assert_int_equal(expect_good_adv(b, n, &g), 2);
	assert_int_equal(g.r[1].evt_type, 0x0020);
	assert_int_equal(g.r[1].sid, 9);
	assert_int_equal(g.r[1].tx_power, -4);
	assert_int_equal(g.r[1].periodic_interval, 0x0018);
	assert_int_equal(g.r[1].data_len, 2);

	b[n++] = 0xaa;
	b[n++] = 0xbb;
	expect_bad_adv(b, n, "LE Extended Advertising Report: 2 bytes after "
	    "the last of 2 reports");
	b[1] = 3;
	expect_bad_adv(b, n, "report 3 of 3: truncated in address type "
	    "(0 of 1 bytes)");
}

static void
test_ext_num_reports(void **state)
{
	uint8_t		b[300];
	struct got	g;
	size_t		n = 2;
	unsigned	i;

	(void)state;
	b[0] = HC_LE_EXT_ADV_REPORT;
	b[1] = 0;
	expect_bad_adv(b, 2, "LE Extended Advertising Report: number of "
	    "reports 0 (valid 1-10)");
	for (i = 0; i < 11; i++)
		n += put_ext(b + n, 0x0010, 0, addr1, 1, 0, 0xff, 0x7f, 0xc0,
		    0, NULL, 0);
	b[1] = 11;
	expect_bad_adv(b, n, "number of reports 11 (valid 1-10)");
	b[1] = 10;
	assert_int_equal(expect_good_adv(b, n - 24, &g), 10);
}

/* --- dispatch, error buffer, names ---------------------------------------- */

static void
test_adv_wrong_subevent(void **state)
{
	/* LE Connection Complete is not an advertising report. */
	static const uint8_t p[] = { HC_LE_CONN_COMPLETE, 0x00 };
	struct ls_errbuf	eb;
	struct got		g = { 0 };

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(hcievt_adv_reports(p, sizeof p, collect, &g, &eb),
	    LS_EINTERNAL);
	assert_string_equal(eb.msg, "LE Connection Complete (0x01): not an "
	    "advertising report subevent");
	assert_int_equal(g.n, 0);
}

static void
test_adv_null_callback_and_errbuf(void **state)
{
	static const uint8_t good[] = { HC_LE_ADV_REPORT, 0x01,
	    0x00, 0x01, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6,
	    0x03, 0x02, 0x01, 0x06, 0xc2 };

	(void)state;
	/* A NULL callback validates only; a NULL error buffer is allowed. */
	assert_int_equal(hcievt_adv_reports(good, sizeof good, NULL, NULL,
	    NULL), LS_OK);
	assert_int_equal(hcievt_adv_reports(good, sizeof good - 1, NULL, NULL,
	    NULL), LS_EMALFORMED);
}

static void
test_first_error_wins(void **state)
{
	static const uint8_t p[] = { HC_LE_ADV_REPORT, 0x00 };
	struct ls_errbuf	eb;

	(void)state;
	ls_err_clear(&eb);
	ls_err_set(&eb, LS_EIO, "earlier failure");
	assert_int_equal(hcievt_adv_reports(p, sizeof p, NULL, NULL, &eb),
	    LS_EMALFORMED);
	assert_int_equal(eb.code, LS_EIO);
	assert_string_equal(eb.msg, "earlier failure");

	/* The malformed helper records where the problem was found. */
	ls_err_clear(&eb);
	assert_int_equal(hcievt_adv_reports(p, sizeof p, NULL, NULL, &eb),
	    LS_EMALFORMED);
	assert_non_null(eb.file);
	assert_non_null(strstr(eb.file, "hcievt.c"));
	assert_true(eb.line > 0);
}

static void
test_names(void **state)
{
	unsigned	c;

	(void)state;
	assert_string_equal(hcievt_name(0x01), "Inquiry Complete");
	assert_string_equal(hcievt_name(0x03), "Connection Complete");
	assert_string_equal(hcievt_name(HC_EVT_DISCONN_COMPLETE),
	    "Disconnection Complete");
	assert_string_equal(hcievt_name(0x08), "Encryption Change");
	assert_string_equal(hcievt_name(0x0c),
	    "Read Remote Version Information Complete");
	assert_string_equal(hcievt_name(HC_EVT_CMD_COMPLETE),
	    "Command Complete");
	assert_string_equal(hcievt_name(HC_EVT_CMD_STATUS), "Command Status");
	assert_string_equal(hcievt_name(HC_EVT_HARDWARE_ERROR),
	    "Hardware Error");
	assert_string_equal(hcievt_name(HC_EVT_NUM_COMPLETED_PACKETS),
	    "Number of Completed Packets");
	assert_string_equal(hcievt_name(0x1a), "Data Buffer Overflow");
	assert_string_equal(hcievt_name(HC_EVT_LE_META), "LE Meta");
	assert_string_equal(hcievt_name(HC_EVT_VENDOR), "Vendor Specific");
	assert_string_equal(hcievt_name(0x00), "Unknown");
	assert_string_equal(hcievt_name(0x42), "Unknown");

	assert_string_equal(hcievt_le_name(HC_LE_ADV_REPORT),
	    "LE Advertising Report");
	assert_string_equal(hcievt_le_name(HC_LE_EXT_ADV_REPORT),
	    "LE Extended Advertising Report");
	assert_string_equal(hcievt_le_name(HC_LE_CONN_UPDATE_COMPLETE),
	    "LE Connection Update Complete");
	assert_string_equal(hcievt_le_name(0x0a),
	    "LE Enhanced Connection Complete");
	for (c = 0x01; c <= 0x0e; c++) {
		assert_non_null(hcievt_le_name((uint8_t)c));
		assert_string_not_equal(hcievt_le_name((uint8_t)c),
		    "LE Unknown");
	}
	assert_string_equal(hcievt_le_name(0x00), "LE Unknown");
	assert_string_equal(hcievt_le_name(0xff), "LE Unknown");
	for (c = 0; c <= 0xff; c++) {
		assert_non_null(hcievt_name((uint8_t)c));
		assert_non_null(hcievt_le_name((uint8_t)c));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_reset_complete),
		cmocka_unit_test(test_split_empty_params),
		cmocka_unit_test(test_split_short_header),
		cmocka_unit_test(test_split_plen_mismatch),
		cmocka_unit_test(test_cmd_complete_reset),
		cmocka_unit_test(test_cmd_complete_bd_addr),
		cmocka_unit_test(test_cmd_complete_credits_only),
		cmocka_unit_test(test_cmd_complete_too_short),
		cmocka_unit_test(test_cmd_complete_oversize),
		cmocka_unit_test(test_cmd_status),
		cmocka_unit_test(test_cmd_status_bad_length),
		cmocka_unit_test(test_legacy_one_report),
		cmocka_unit_test(test_legacy_three_reports),
		cmocka_unit_test(test_legacy_data_len_0_and_31),
		cmocka_unit_test(test_legacy_data_len_32),
		cmocka_unit_test(test_legacy_truncated_each_field),
		cmocka_unit_test(test_legacy_rssi),
		cmocka_unit_test(test_legacy_event_types),
		cmocka_unit_test(test_legacy_bad_event_type),
		cmocka_unit_test(test_legacy_trailing_byte),
		cmocka_unit_test(test_legacy_num_reports),
		cmocka_unit_test(test_legacy_bad_report_delivers_nothing),
		cmocka_unit_test(test_legacy_single_matches_general),
		cmocka_unit_test(test_ext_legacy_pdus),
		cmocka_unit_test(test_ext_legacy_pdu_long_data),
		cmocka_unit_test(test_ext_full_report),
		cmocka_unit_test(test_ext_data_status),
		cmocka_unit_test(test_ext_tx_power),
		cmocka_unit_test(test_ext_rssi),
		cmocka_unit_test(test_ext_truncated_each_field),
		cmocka_unit_test(test_ext_reports_and_trailing),
		cmocka_unit_test(test_ext_num_reports),
		cmocka_unit_test(test_adv_wrong_subevent),
		cmocka_unit_test(test_adv_null_callback_and_errbuf),
		cmocka_unit_test(test_first_error_wins),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
