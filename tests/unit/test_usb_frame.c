/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_usb_frame.c - HCI over USB framing without hardware
 * (src/hci/usb_frame.c; Bluetooth Core 5.4 Vol 4 Part B §2.1-2.2, HCI
 * packet headers Vol 4 Part E §5.4), and the user channel sharing the
 * H4 path.
 *
 * Packets are built by hand: an HCI Command Complete event for HCI Reset
 * (0e 04 01 03 0c 00, Vol 4 Part E §7.7.14 and §7.3.2) and ACL packets
 * with handle 0x0040.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "adapters/adapters.h"
#include "adapters/hci_transports.h"
#include "hci/hcidef.h"
#include "hci/transport.h"
#include "hci/usb_frame.h"

#define MAXPKTS	8

struct pkts {
	unsigned	n;
	uint8_t		type[MAXPKTS];
	size_t		len[MAXPKTS];
	uint8_t		data[MAXPKTS][H4_MAX_PKT];
};

static void
collect(uint8_t type, const uint8_t *pkt, size_t len, void *arg)
{
	struct pkts	*g = arg;

	assert_true(g->n < MAXPKTS);
	g->type[g->n] = type;
	g->len[g->n] = len;
	memcpy(g->data[g->n], pkt, len);
	g->n++;
}

static const uint8_t reset_cc[] = { 0x0e, 0x04, 0x01, 0x03, 0x0c, 0x00 };

static void
test_event_whole(void **state)
{
	struct usbf_rx	rx;
	struct pkts	g;

	(void)state;
	memset(&g, 0, sizeof g);
	usbf_rx_init(&rx, HC_PKT_EVT);
	usbf_rx_feed(&rx, reset_cc, sizeof reset_cc, collect, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.type[0], HC_PKT_EVT);
	assert_int_equal(g.len[0], sizeof reset_cc);
	assert_memory_equal(g.data[0], reset_cc, sizeof reset_cc);
	assert_int_equal(rx.len, 0);
}

/* An event longer than wMaxPacketSize (16) arrives over several
   interrupt transfers, split anywhere, even inside the header. */
static void
test_event_split(void **state)
{
	uint8_t		ev[2 + 40];
	struct usbf_rx	rx;
	struct pkts	g;
	size_t		i;

	(void)state;
	ev[0] = 0x3e;			/* LE Meta */
	ev[1] = 40;
	for (i = 0; i < 40; i++)
		ev[2 + i] = (uint8_t)i;
	memset(&g, 0, sizeof g);
	usbf_rx_init(&rx, HC_PKT_EVT);
	usbf_rx_feed(&rx, ev, 1, collect, &g);		/* half a header */
	assert_int_equal(g.n, 0);
	usbf_rx_feed(&rx, ev + 1, 15, collect, &g);
	usbf_rx_feed(&rx, ev + 16, 16, collect, &g);
	assert_int_equal(g.n, 0);
	usbf_rx_feed(&rx, ev + 32, 10, collect, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.len[0], sizeof ev);
	assert_memory_equal(g.data[0], ev, sizeof ev);
}

/* One bulk transfer carrying two ACL packets and the start of a third,
   completed by the next transfer. */
static void
test_acl_several(void **state)
{
	static const uint8_t	a[] = { 0x40, 0x00, 0x03, 0x00, 1, 2, 3 };
	static const uint8_t	b[] = { 0x40, 0x20, 0x00, 0x00 };
	static const uint8_t	c[] = { 0x40, 0x10, 0x02, 0x00, 9, 8 };
	uint8_t			buf[64];
	size_t			n = 0;
	struct usbf_rx		rx;
	struct pkts		g;

	(void)state;
	memcpy(buf + n, a, sizeof a);
	n += sizeof a;
	memcpy(buf + n, b, sizeof b);
	n += sizeof b;
	memcpy(buf + n, c, 5);
	n += 5;
	memset(&g, 0, sizeof g);
	usbf_rx_init(&rx, HC_PKT_ACL);
	usbf_rx_feed(&rx, buf, n, collect, &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.type[0], HC_PKT_ACL);
	assert_memory_equal(g.data[0], a, sizeof a);
	assert_int_equal(g.len[1], sizeof b);
	usbf_rx_feed(&rx, c + 5, 1, collect, &g);
	assert_int_equal(g.n, 3);
	assert_memory_equal(g.data[2], c, sizeof c);
	assert_int_equal(rx.packets, 3);
	assert_int_equal(rx.dropped, 0);
}

/* An ACL header declaring more than the cap loses the framing: the rest
   of that transfer is dropped, the next transfer starts afresh. */
static void
test_acl_oversize(void **state)
{
	static const uint8_t	bad[] = { 0x40, 0x00, 0xff, 0xff, 1, 2, 3 };
	static const uint8_t	ok[] = { 0x40, 0x00, 0x01, 0x00, 7 };
	struct usbf_rx		rx;
	struct pkts		g;

	(void)state;
	memset(&g, 0, sizeof g);
	usbf_rx_init(&rx, HC_PKT_ACL);
	usbf_rx_feed(&rx, bad, sizeof bad, collect, &g);
	assert_int_equal(g.n, 0);
	assert_int_equal(rx.dropped, sizeof bad);
	usbf_rx_feed(&rx, ok, sizeof ok, collect, &g);
	assert_int_equal(g.n, 1);
	assert_memory_equal(g.data[0], ok, sizeof ok);
}

static void
test_rx_reset(void **state)
{
	struct usbf_rx	rx;
	struct pkts	g;

	(void)state;
	memset(&g, 0, sizeof g);
	usbf_rx_init(&rx, HC_PKT_EVT);
	usbf_rx_feed(&rx, reset_cc, 3, collect, &g);
	usbf_rx_reset(&rx);
	assert_int_equal(rx.dropped, 3);
	usbf_rx_feed(&rx, reset_cc, sizeof reset_cc, collect, &g);
	assert_int_equal(g.n, 1);
}

/* Vol 4 Part B §2.1: which endpoint carries what.  bmAttributes 3 is
   interrupt, 2 bulk, 1 isochronous (USB 2.0 §9.6.6). */
static void
test_ep_type(void **state)
{
	(void)state;
	assert_int_equal(usbf_ep_type(0x81, 0x03), HC_PKT_EVT);
	assert_int_equal(usbf_ep_type(0x01, 0x03), 0);	/* interrupt OUT */
	assert_int_equal(usbf_ep_type(0x82, 0x02), HC_PKT_ACL);
	assert_int_equal(usbf_ep_type(0x02, 0x02), HC_PKT_ACL);
	assert_int_equal(usbf_ep_type(0x83, 0x01), 0);	/* SCO isoc */
	assert_int_equal(usbf_ep_type(0x00, 0x00), 0);
}

/* A typical dongle's interface 0: 0x81 interrupt IN (16), 0x82 bulk IN,
   0x02 bulk OUT (the layout Vol 4 Part B §2.1 suggests). */
static void
test_pick_eps(void **state)
{
	static const struct usbf_ep	eps[] = {
		{ 0x81, 0x03, 16 }, { 0x82, 0x02, 64 }, { 0x02, 0x02, 64 },
	};
	struct usbf_eps			e;

	(void)state;
	assert_true(usbf_pick_eps(eps, 3, &e));
	assert_int_equal(e.evt_in, 0x81);
	assert_int_equal(e.evt_max, 16);
	assert_int_equal(e.acl_in, 0x82);
	assert_int_equal(e.acl_out, 0x02);
	assert_false(usbf_pick_eps(eps, 2, &e));	/* no bulk OUT */
	assert_false(usbf_pick_eps(eps + 1, 2, &e));	/* no interrupt */
}

/* Vol 4 Part B §2.1: bmRequestType 0x20, bRequest 0, wValue 0, wIndex
   the interface, wLength the command length. */
static void
test_cmd_setup(void **state)
{
	static const uint8_t	want[8] = { 0x20, 0, 0, 0, 0, 0, 3, 0 };
	uint8_t			s[8];

	(void)state;
	usbf_cmd_setup(s, 3, 0);	/* HCI Reset: 03 0c 00 */
	assert_memory_equal(s, want, 8);
	usbf_cmd_setup(s, 0x104, 1);
	assert_int_equal(s[4], 1);
	assert_int_equal(s[6], 0x04);
	assert_int_equal(s[7], 0x01);
}

static void
test_class(void **state)
{
	(void)state;
	assert_true(usbf_is_bt_class(0xe0, 0x01, 0x01));
	assert_false(usbf_is_bt_class(0xe0, 0x01, 0x02));	/* UWB */
	assert_false(usbf_is_bt_class(0xef, 0x02, 0x01));	/* IAD */
	assert_false(usbf_is_bt_class(0xff, 0x01, 0x01));
}

static void
test_spec(void **state)
{
	static const char *const bad[] = { "x", ":", ":0a12", ":0a12:",
	    "::1", ":12345:1", ":zz:1", ":1:2:3", ":0a12:0001x", "0a12:0001" };
	struct usbf_match	m;
	struct ls_errbuf	eb;
	size_t			i;

	(void)state;
	assert_int_equal(usbf_parse_spec("", "usb", &m, NULL), LS_OK);
	assert_true(m.any);
	assert_int_equal(usbf_parse_spec(":0A12:1", "usb:0A12:1", &m, NULL),
	    LS_OK);
	assert_false(m.any);
	assert_int_equal(m.vid, 0x0a12);
	assert_int_equal(m.pid, 0x0001);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ls_err_clear(&eb);
		assert_int_equal(usbf_parse_spec(bad[i], "usbX", &m, &eb),
		    LS_EUSAGE);
		assert_non_null(strstr(eb.msg, "'usbX'"));
	}
}

/* The user channel reads and writes through the very functions the H4
   byte streams use: one path above the socket. */
static void
test_user_shares_h4(void **state)
{
	(void)state;
	assert_ptr_equal(transport_user_ops.read, transport_h4_unix_ops.read);
	assert_ptr_equal(transport_user_ops.write,
	    transport_h4_unix_ops.write);
	assert_ptr_equal(transport_user_ops.close,
	    transport_h4_unix_ops.close);
	assert_ptr_equal(transport_user_ops.read, transport_h4_read);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_whole),
		cmocka_unit_test(test_event_split),
		cmocka_unit_test(test_acl_several),
		cmocka_unit_test(test_acl_oversize),
		cmocka_unit_test(test_rx_reset),
		cmocka_unit_test(test_ep_type),
		cmocka_unit_test(test_pick_eps),
		cmocka_unit_test(test_cmd_setup),
		cmocka_unit_test(test_class),
		cmocka_unit_test(test_spec),
		cmocka_unit_test(test_user_shares_h4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
