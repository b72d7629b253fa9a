/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_extadv.c - reassembly of extended advertising split over several
 * LE Extended Advertising Reports (src/hci/extadv.c): pieces joined per
 * (address, SID) following the data-status bits of Event_Type (Core 5.4
 * Vol 4 Part E §7.7.65.13), truncated ones dropped and counted, legacy
 * and single reports passed through.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hci/extadv.h"
#include "hci/hcidef.h"

struct got {
	unsigned			n;
	struct hcievt_adv_report	last;
};

static void
on_whole(const struct hcievt_adv_report *r, void *arg)
{
	struct got	*g = arg;

	g->n++;
	g->last = *r;
}

/* An extended report from addr[0] = a, SID sid, data status st. */
static struct hcievt_adv_report
piece(uint8_t a, uint8_t sid, unsigned st, const char *data, int8_t rssi)
{
	struct hcievt_adv_report	r;

	memset(&r, 0, sizeof r);
	r.extended = true;
	r.evt_type = (uint16_t)(HC_EXT_EVT_CONNECTABLE | st << 5);
	r.addr_type = HC_ADDR_RANDOM;
	r.addr[0] = a;
	r.addr[5] = 0xc0;
	r.sid = sid;
	r.rssi = rssi;
	r.data_len = (uint8_t)strlen(data);
	memcpy(r.data, data, r.data_len);
	return r;
}

static void
test_two_pieces(void **state)
{
	struct extadv			x;
	struct got			g;
	struct hcievt_adv_report	r;

	(void)state;
	memset(&g, 0, sizeof g);
	extadv_init(&x);
	r = piece(1, 3, HC_DATA_INCOMPLETE, "Front ", -60);
	extadv_feed(&x, &r, 1000, on_whole, &g);
	assert_int_equal(g.n, 0);
	/* Another advertiser's piece in between does not mix in. */
	r = piece(2, 3, HC_DATA_INCOMPLETE, "xx", -70);
	extadv_feed(&x, &r, 1001, on_whole, &g);
	r = piece(1, 3, HC_DATA_COMPLETE, "Door", -58);
	extadv_feed(&x, &r, 1002, on_whole, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.last.data_len, 10);
	assert_memory_equal(g.last.data, "Front Door", 10);
	assert_int_equal(HC_EXT_EVT_DATA_STATUS(g.last.evt_type),
	    HC_DATA_COMPLETE);
	assert_int_equal(g.last.rssi, -58);
	assert_int_equal(x.stats.reassembled, 1);
	/* Same address, other SID: a separate advertisement. */
	r = piece(2, 4, HC_DATA_COMPLETE, "yy", -70);
	extadv_feed(&x, &r, 1003, on_whole, &g);
	assert_int_equal(g.n, 2);
	assert_memory_equal(g.last.data, "yy", 2);
	r = piece(2, 3, HC_DATA_COMPLETE, "zz", -70);
	extadv_feed(&x, &r, 1004, on_whole, &g);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.last.data_len, 4);
	assert_memory_equal(g.last.data, "xxzz", 4);
}

static void
test_truncated(void **state)
{
	struct extadv			x;
	struct got			g;
	struct hcievt_adv_report	r;

	(void)state;
	memset(&g, 0, sizeof g);
	extadv_init(&x);
	r = piece(1, 0, HC_DATA_INCOMPLETE, "Front ", -60);
	extadv_feed(&x, &r, 1000, on_whole, &g);
	r = piece(1, 0, HC_DATA_TRUNCATED, "Do", -60);
	extadv_feed(&x, &r, 1001, on_whole, &g);
	assert_int_equal(g.n, 0);
	assert_int_equal(x.stats.truncated, 1);
	/* The next complete report stands alone. */
	r = piece(1, 0, HC_DATA_COMPLETE, "abc", -60);
	extadv_feed(&x, &r, 1002, on_whole, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.last.data_len, 3);
	/* Truncated without earlier pieces: dropped too. */
	r = piece(1, 0, HC_DATA_TRUNCATED, "Fr", -60);
	extadv_feed(&x, &r, 1003, on_whole, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(x.stats.truncated, 2);
}

static void
test_pass_and_limits(void **state)
{
	struct extadv			x;
	struct got			g;
	struct hcievt_adv_report	r;
	char				big[201];
	int				i;

	(void)state;
	memset(&g, 0, sizeof g);
	extadv_init(&x);
	/* Legacy reports pass through untouched. */
	r = piece(1, 0xff, HC_DATA_COMPLETE, "legacy", -50);
	r.extended = false;
	r.evt_type = HC_EXT_EVT_LEGACY | HC_EXT_EVT_CONNECTABLE;
	extadv_feed(&x, &r, 1000, on_whole, &g);
	assert_int_equal(g.n, 1);
	assert_memory_equal(g.last.data, "legacy", 6);
	/* Over 255 bytes in all: dropped and counted. */
	memset(big, 'a', 200);
	big[200] = '\0';
	r = piece(1, 0, HC_DATA_INCOMPLETE, big, -50);
	extadv_feed(&x, &r, 1000, on_whole, &g);
	r = piece(1, 0, HC_DATA_COMPLETE, big, -50);
	extadv_feed(&x, &r, 1001, on_whole, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(x.stats.too_long, 1);
	/* A piece never completed is abandoned after EXTADV_STALE_MS ... */
	r = piece(9, 0, HC_DATA_INCOMPLETE, "lost", -50);
	extadv_feed(&x, &r, 2000, on_whole, &g);
	r = piece(8, 0, HC_DATA_INCOMPLETE, "x", -50);
	extadv_feed(&x, &r, 2000 + EXTADV_STALE_MS, on_whole, &g);
	assert_int_equal(x.stats.abandoned, 1);
	/* ... and more advertisers than slots push out the oldest. */
	for (i = 0; i < EXTADV_SLOTS + 1; i++) {
		r = piece((uint8_t)(20 + i), 0, HC_DATA_INCOMPLETE, "p", -50);
		extadv_feed(&x, &r, 9000 + (uint64_t)i, on_whole, &g);
	}
	assert_true(x.stats.abandoned >= 2);
	assert_int_equal(g.n, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_pieces),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_pass_and_limits),
	};

	return cmocka_run_group_tests_name("extadv", tests, NULL, NULL);
}
