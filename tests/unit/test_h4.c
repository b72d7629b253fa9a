/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_h4.c - unit tests for src/hci/h4.c (H4 framing, Bluetooth Core 5.4
 * Vol 4 Part A §2; headers per Vol 4 Part E §5.4).
 *
 * Streams are built by hand.  Every test also checks that each byte fed
 * is accounted for: delivered (with its indicator), counted in dropped,
 * or still buffered.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "adapters/hci_transports.h"
#include "hci/h4.h"
#include "hci/hcidef.h"

#define MAXPKTS	8

/* Packets a callback has seen, copied. */
struct pkts {
	unsigned	n;
	size_t		bytes;			/* indicator + packet, summed */
	uint8_t		type[MAXPKTS];
	size_t		len[MAXPKTS];
	uint8_t		data[MAXPKTS][H4_MAX_PKT];
};

static void
collect(uint8_t type, const uint8_t *pkt, size_t len, void *arg)
{
	struct pkts	*g = arg;

	assert_true(g->n < MAXPKTS);
	assert_true(len <= H4_MAX_PKT);
	g->type[g->n] = type;
	g->len[g->n] = len;
	memcpy(g->data[g->n], pkt, len);
	g->n++;
	g->bytes += 1 + len;
}

/* Every byte fed is delivered, dropped or buffered. */
static void
check_accounting(const struct h4_framer *f, const struct pkts *g, size_t fed)
{
	assert_int_equal(f->packets, g->n);
	assert_int_equal(g->bytes + f->dropped + f->len, fed);
}

/* HCI_Reset Command Complete, the packet every controller sends. */
static const uint8_t reset_cc[] = { HC_PKT_EVT, 0x0e, 0x04, 0x01, 0x03,
    0x0c, 0x00 };

/* One LE Advertising Report event (ADV_IND, flags AD, RSSI -62). */
static const uint8_t adv_evt[] = { HC_PKT_EVT, 0x3e, 0x0f, 0x02, 0x01,
    0x00, 0x01, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x03, 0x02, 0x01, 0x06,
    0xc2 };

/* An ACL packet: handle 0x0040, PB/BC 0x2, 5 bytes of L2CAP. */
static const uint8_t acl_pkt[] = { HC_PKT_ACL, 0x40, 0x20, 0x05, 0x00,
    0x01, 0x00, 0x04, 0x00, 0x0a };

static void
test_one_packet(void **state)
{
	static struct h4_framer	f;
	static struct pkts	g;

	(void)state;
	memset(&g, 0, sizeof g);
	h4_init(&f);
	h4_feed(&f, reset_cc, sizeof reset_cc, collect, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.type[0], HC_PKT_EVT);
	assert_int_equal(g.len[0], 6);
	assert_memory_equal(g.data[0], reset_cc + 1, 6);
	assert_int_equal(f.dropped, 0);
	assert_int_equal(f.len, 0);
	check_accounting(&f, &g, sizeof reset_cc);
}

static void
test_two_packets_one_feed(void **state)
{
	static struct h4_framer	f;
	static struct pkts	g;
	uint8_t			b[64];
	size_t			n = 0;

	(void)state;
	memcpy(b + n, adv_evt, sizeof adv_evt);
	n += sizeof adv_evt;
	memcpy(b + n, reset_cc, sizeof reset_cc);
	n += sizeof reset_cc;
	memset(&g, 0, sizeof g);
	h4_init(&f);
	h4_feed(&f, b, n, collect, &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.len[0], sizeof adv_evt - 1);
	assert_memory_equal(g.data[0], adv_evt + 1, sizeof adv_evt - 1);
	assert_int_equal(g.len[1], sizeof reset_cc - 1);
	assert_memory_equal(g.data[1], reset_cc + 1, sizeof reset_cc - 1);
	assert_int_equal(f.dropped, 0);
	check_accounting(&f, &g, n);
}

static void
test_one_byte_feeds(void **state)
{
	static struct h4_framer	f;
	static struct pkts	g;
	uint8_t			b[64];
	size_t			ends[3], n = 0, i;
	unsigned		k = 0;

	(void)state;
	memcpy(b + n, adv_evt, sizeof adv_evt);
	ends[0] = n += sizeof adv_evt;
	memcpy(b + n, acl_pkt, sizeof acl_pkt);
	ends[1] = n += sizeof acl_pkt;
	memcpy(b + n, reset_cc, sizeof reset_cc);
	ends[2] = n += sizeof reset_cc;
	memset(&g, 0, sizeof g);
	h4_init(&f);
	for (i = 0; i < n; i++) {
		h4_feed(&f, b + i, 1, collect, &g);
		/* A packet comes out exactly when its last byte goes in. */
		if (k < 3 && i + 1 == ends[k])
			k++;
		assert_int_equal(g.n, k);
		check_accounting(&f, &g, i + 1);
	}
	assert_int_equal(g.n, 3);
	assert_memory_equal(g.data[0], adv_evt + 1, sizeof adv_evt - 1);
	assert_int_equal(g.type[1], HC_PKT_ACL);
	assert_memory_equal(g.data[1], acl_pkt + 1, sizeof acl_pkt - 1);
	assert_memory_equal(g.data[2], reset_cc + 1, sizeof reset_cc - 1);
	assert_int_equal(f.dropped, 0);
}

static void
test_each_type_header(void **state)
{
	/* Command HCI_Reset, ACL, SCO, event, ISO with PB/TS flags set. */
	static const uint8_t cmd[] = { HC_PKT_CMD, 0x03, 0x0c, 0x00 };
	static const uint8_t sco[] = { HC_PKT_SCO, 0x01, 0x00, 0x02, 0xaa,
	    0xbb };
	static const uint8_t iso[] = { HC_PKT_ISO, 0x01, 0x60, 0x03, 0xc0,
	    0x11, 0x22, 0x33 };
	static const struct {
		const uint8_t	*p;
		size_t		 n;
	} v[] = {
		{ cmd, sizeof cmd }, { acl_pkt, sizeof acl_pkt },
		{ sco, sizeof sco }, { reset_cc, sizeof reset_cc },
		{ iso, sizeof iso },
	};
	static struct h4_framer	f;
	static struct pkts	g;
	size_t			i, fed = 0;

	(void)state;
	assert_int_equal(h4_header_len(HC_PKT_CMD), 3);
	assert_int_equal(h4_header_len(HC_PKT_ACL), 4);
	assert_int_equal(h4_header_len(HC_PKT_SCO), 3);
	assert_int_equal(h4_header_len(HC_PKT_EVT), 2);
	assert_int_equal(h4_header_len(HC_PKT_ISO), 4);
	assert_int_equal(h4_header_len(0x00), 0);
	assert_int_equal(h4_header_len(0x06), 0);
	assert_int_equal(h4_header_len(0xff), 0);
	assert_int_equal(h4_payload_len(HC_PKT_CMD, cmd + 1), 0);
	assert_int_equal(h4_payload_len(HC_PKT_ACL, acl_pkt + 1), 5);
	assert_int_equal(h4_payload_len(HC_PKT_SCO, sco + 1), 2);
	assert_int_equal(h4_payload_len(HC_PKT_EVT, reset_cc + 1), 4);
	/* ISO length is 14 bits: the top two bits of byte 4 are RFU. */
	assert_int_equal(h4_payload_len(HC_PKT_ISO, iso + 1), 3);
	assert_int_equal(h4_payload_len(0x06, iso + 1), 0);

	memset(&g, 0, sizeof g);
	h4_init(&f);
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		h4_feed(&f, v[i].p, v[i].n, collect, &g);
		fed += v[i].n;
		assert_int_equal(g.n, i + 1);
		assert_int_equal(g.type[i], v[i].p[0]);
		assert_int_equal(g.len[i], v[i].n - 1);
		assert_memory_equal(g.data[i], v[i].p + 1, v[i].n - 1);
	}
	assert_int_equal(f.dropped, 0);
	check_accounting(&f, &g, fed);
}

static void
test_garbage_before(void **state)
{
	static struct h4_framer	f;
	static struct pkts	g;
	uint8_t			b[32];
	size_t			n = 0;

	(void)state;
	b[n++] = 0x00;
	b[n++] = 0xff;
	b[n++] = 0x77;
	b[n++] = 0x06;
	memcpy(b + n, reset_cc, sizeof reset_cc);
	n += sizeof reset_cc;
	memset(&g, 0, sizeof g);
	h4_init(&f);
	h4_feed(&f, b, n, collect, &g);
	assert_int_equal(f.dropped, 4);
	assert_int_equal(g.n, 1);
	assert_memory_equal(g.data[0], reset_cc + 1, sizeof reset_cc - 1);
	check_accounting(&f, &g, n);

	/* The same garbage, fed byte by byte, then the packet. */
	memset(&g, 0, sizeof g);
	h4_init(&f);
	h4_feed(&f, b, 1, collect, &g);
	h4_feed(&f, b + 1, 3, collect, &g);
	assert_int_equal(f.dropped, 4);
	assert_int_equal(f.len, 0);
	h4_feed(&f, b + 4, n - 4, collect, &g);
	assert_int_equal(g.n, 1);
	check_accounting(&f, &g, n);
}

static void
test_garbage_between(void **state)
{
	static struct h4_framer	f;
	static struct pkts	g;
	uint8_t			b[64];
	size_t			n = 0;

	(void)state;
	memcpy(b + n, reset_cc, sizeof reset_cc);
	n += sizeof reset_cc;
	b[n++] = 0x00;
	b[n++] = 0xc0;
	b[n++] = 0xde;
	memcpy(b + n, adv_evt, sizeof adv_evt);
	n += sizeof adv_evt;
	memset(&g, 0, sizeof g);
	h4_init(&f);
	h4_feed(&f, b, n, collect, &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(f.dropped, 3);
	assert_memory_equal(g.data[1], adv_evt + 1, sizeof adv_evt - 1);
	check_accounting(&f, &g, n);
}

static void
test_oversize_acl(void **state)
{
	static struct h4_framer	f;
	static struct pkts	g;
	static uint8_t		b[1 + H4_MAX_PKT + 16];
	size_t			n = 0;

	(void)state;
	/*
	 * ACL length 0x0900 = 2304 > 2048: the indicator is dropped, and
	 * so are the header bytes, none of which is an indicator.
	 */
	b[n++] = HC_PKT_ACL;
	b[n++] = 0x00;
	b[n++] = 0x00;
	b[n++] = 0x00;
	b[n++] = 0x09;
	memcpy(b + n, reset_cc, sizeof reset_cc);
	n += sizeof reset_cc;
	memset(&g, 0, sizeof g);
	h4_init(&f);
	h4_feed(&f, b, n, collect, &g);
	assert_int_equal(f.dropped, 5);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.type[0], HC_PKT_EVT);
	assert_memory_equal(g.data[0], reset_cc + 1, sizeof reset_cc - 1);
	check_accounting(&f, &g, n);

	/* The same, split inside the bad header. */
	memset(&g, 0, sizeof g);
	h4_init(&f);
	h4_feed(&f, b, 3, collect, &g);
	h4_feed(&f, b + 3, n - 3, collect, &g);
	assert_int_equal(f.dropped, 5);
	assert_int_equal(g.n, 1);
	check_accounting(&f, &g, n);

	/* ISO length 0x3fff, the most 14 bits can say. */
	b[0] = HC_PKT_ISO;
	b[3] = 0xff;
	b[4] = 0x3f;
	memset(&g, 0, sizeof g);
	h4_init(&f);
	h4_feed(&f, b, n, collect, &g);
	assert_int_equal(f.dropped, 5);
	assert_int_equal(g.n, 1);
	check_accounting(&f, &g, n);
}

static void
test_acl_at_cap(void **state)
{
	static struct h4_framer	f;
	static struct pkts	g;
	static uint8_t		b[1 + H4_MAX_PKT];
	static const uint8_t	over[] = { HC_PKT_ACL, 0x00, 0x00, 0x01,
	    0x08 };

	(void)state;
	/* ACL length 2048: header + payload is exactly H4_MAX_PKT. */
	memset(b, 0x5a, sizeof b);
	b[0] = HC_PKT_ACL;
	b[1] = 0x00;
	b[2] = 0x00;
	b[3] = 0x00;
	b[4] = 0x08;
	memset(&g, 0, sizeof g);
	h4_init(&f);
	h4_feed(&f, b, sizeof b, collect, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.len[0], H4_MAX_PKT);
	assert_int_equal(f.dropped, 0);
	check_accounting(&f, &g, sizeof b);

	/*
	 * Length 2049 is one over: 02 00 00 are dropped and the framer
	 * resynchronises on 0x01, a command indicator, with "01 08" held.
	 */
	memset(&g, 0, sizeof g);
	h4_init(&f);
	h4_feed(&f, over, sizeof over, collect, &g);
	assert_int_equal(g.n, 0);
	assert_int_equal(f.dropped, 3);
	assert_int_equal(f.len, 2);
	check_accounting(&f, &g, sizeof over);
}

static void
test_event_plen_255(void **state)
{
	static struct h4_framer	f;
	static struct pkts	g;
	uint8_t			b[3 + 255];
	size_t			i;

	(void)state;
	b[0] = HC_PKT_EVT;
	b[1] = HC_EVT_VENDOR;
	b[2] = 0xff;
	for (i = 3; i < sizeof b; i++)
		b[i] = (uint8_t)i;
	memset(&g, 0, sizeof g);
	h4_init(&f);
	h4_feed(&f, b, sizeof b - 1, collect, &g);
	assert_int_equal(g.n, 0);
	assert_int_equal(f.len, sizeof b - 1);
	h4_feed(&f, b + sizeof b - 1, 1, collect, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.len[0], 257);
	assert_memory_equal(g.data[0], b + 1, 257);
	check_accounting(&f, &g, sizeof b);
}

/*
 * A stray 0x04 before the Reset's completion: read naively, the real
 * indicator becomes event code 0x04 (Connection Request) and the real
 * code 0x0e a 14-octet length, swallowing the completion.  Connection
 * Request is always 10 octets, so the framer drops the stray byte.
 */
static void
test_stray_event_indicator(void **state)
{
	static struct h4_framer	f;
	static struct pkts	g;
	uint8_t			b[64];
	size_t			n = 0, i;

	(void)state;
	b[n++] = HC_PKT_EVT;
	memcpy(b + n, reset_cc, sizeof reset_cc);
	n += sizeof reset_cc;
	memcpy(b + n, adv_evt, sizeof adv_evt);
	n += sizeof adv_evt;
	memset(&g, 0, sizeof g);
	h4_init(&f);
	h4_feed(&f, b, n, collect, &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(f.dropped, 1);
	assert_memory_equal(g.data[0], reset_cc + 1, sizeof reset_cc - 1);
	assert_memory_equal(g.data[1], adv_evt + 1, sizeof adv_evt - 1);
	check_accounting(&f, &g, n);
	/* Byte by byte, the same. */
	memset(&g, 0, sizeof g);
	h4_init(&f);
	for (i = 0; i < n; i++)
		h4_feed(&f, b + i, 1, collect, &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(f.dropped, 1);
	check_accounting(&f, &g, n);
	/* Before an ACL packet and before a Command Status too. */
	memset(&g, 0, sizeof g);
	h4_init(&f);
	n = 0;
	b[n++] = HC_PKT_EVT;
	memcpy(b + n, acl_pkt, sizeof acl_pkt);
	n += sizeof acl_pkt;
	b[n++] = HC_PKT_EVT;
	b[n++] = HC_PKT_EVT;
	b[n++] = HC_EVT_CMD_STATUS;
	b[n++] = 4;
	b[n++] = 0;
	b[n++] = 1;
	b[n++] = 0x0d;
	b[n++] = 0x20;
	h4_feed(&f, b, n, collect, &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.type[0], HC_PKT_ACL);
	assert_int_equal(g.data[1][0], HC_EVT_CMD_STATUS);
	check_accounting(&f, &g, n);
}

static void
test_event_plausible(void **state)
{
	(void)state;
	assert_false(h4_event_plausible(0x00, 0));
	assert_true(h4_event_plausible(0x04, 10));
	assert_false(h4_event_plausible(0x04, 0x0e));
	assert_true(h4_event_plausible(HC_EVT_CMD_COMPLETE, 4));
	/* Variable length: short ones are the host's to reject. */
	assert_true(h4_event_plausible(HC_EVT_CMD_COMPLETE, 1));
	assert_true(h4_event_plausible(HC_EVT_LE_META, 0));
	assert_true(h4_event_plausible(HC_EVT_CMD_STATUS, 4));
	assert_false(h4_event_plausible(HC_EVT_CMD_STATUS, 5));
	assert_true(h4_event_plausible(HC_EVT_HARDWARE_ERROR, 1));
	assert_false(h4_event_plausible(HC_EVT_HARDWARE_ERROR, 2));
	assert_false(h4_event_plausible(0x02, 0x40));	/* Inquiry Result */
	assert_true(h4_event_plausible(HC_EVT_VENDOR, 0));
	assert_true(h4_event_plausible(0x57, 3));	/* unknown: passes */
}

/* The serial spec after "h4:": PATH[:BAUD][:noflow]. */
static void
test_tty_spec(void **state)
{
	struct ls_errbuf	eb;
	char			path[64];
	unsigned long		baud;
	bool			flow;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(h4_tty_spec_parse("s", "/dev/ttyACM0", path,
	    sizeof path, &baud, &flow, &eb), LS_OK);
	assert_string_equal(path, "/dev/ttyACM0");
	assert_int_equal(baud, 1000000);
	assert_true(flow);
	assert_int_equal(h4_tty_spec_parse("s", "/dev/ttyACM0:115200", path,
	    sizeof path, &baud, &flow, &eb), LS_OK);
	assert_int_equal(baud, 115200);
	assert_true(flow);
	assert_int_equal(h4_tty_spec_parse("s", "/dev/ttyACM0:115200:noflow",
	    path, sizeof path, &baud, &flow, &eb), LS_OK);
	assert_string_equal(path, "/dev/ttyACM0");
	assert_int_equal(baud, 115200);
	assert_false(flow);
	assert_int_equal(h4_tty_spec_parse("s", "/dev/ttyUSB1:noflow", path,
	    sizeof path, &baud, &flow, &eb), LS_OK);
	assert_string_equal(path, "/dev/ttyUSB1");
	assert_int_equal(baud, 1000000);
	assert_false(flow);
	ls_err_clear(&eb);
	assert_int_equal(h4_tty_spec_parse("s", "/dev/ttyACM0:fast", path,
	    sizeof path, &baud, &flow, &eb), LS_EUSAGE);
	assert_non_null(strstr(eb.msg, "bad baud rate 'fast'"));
	ls_err_clear(&eb);
	assert_int_equal(h4_tty_spec_parse("s", "/dev/ttyACM0:12345", path,
	    sizeof path, &baud, &flow, &eb), LS_EUSAGE);
	assert_non_null(strstr(eb.msg, "unsupported baud rate 12345"));
	ls_err_clear(&eb);
	assert_int_equal(h4_tty_spec_parse("s", ":noflow", path,
	    sizeof path, &baud, &flow, &eb), LS_EUSAGE);
	ls_err_clear(&eb);
	assert_int_equal(h4_tty_spec_parse("s", "/dev/ttyACM0:", path,
	    sizeof path, &baud, &flow, &eb), LS_EUSAGE);
}

static void
test_init_and_empty_feed(void **state)
{
	static struct h4_framer	f;
	static struct pkts	g;

	(void)state;
	memset(&g, 0, sizeof g);
	h4_init(&f);
	h4_feed(&f, reset_cc, 3, collect, &g);
	h4_feed(&f, NULL, 0, collect, &g);
	assert_int_equal(g.n, 0);
	assert_int_equal(f.len, 3);
	h4_feed(&f, reset_cc + 3, sizeof reset_cc - 3, collect, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(f.packets, 1);
	h4_init(&f);
	assert_int_equal(f.packets, 0);
	assert_int_equal(f.dropped, 0);
	assert_int_equal(f.len, 0);
}

/*
 * Regression (found while writing these tests, fixed in h4.c): after an
 * oversize ACL header whose handle starts 0x04 and whose length starts
 * 0x00, the resync leaves "04 ff 00 09": an empty (vendor) event and one
 * more byte.  The byte after the event must be kept (here: then dropped
 * as garbage), not lost.  (Event code 0x00 would now be dropped as
 * implausible, so the handle's second byte is 0xff.)
 */
static void
test_resync_leftover_byte(void **state)
{
	static const uint8_t	b[] = { HC_PKT_ACL, 0x04, 0xff, 0x00, 0x09 };
	static struct h4_framer	f;
	static struct pkts	g;

	(void)state;
	memset(&g, 0, sizeof g);
	h4_init(&f);
	h4_feed(&f, b, sizeof b, collect, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.len[0], 2);
	assert_int_equal(f.dropped, 2);
	check_accounting(&f, &g, sizeof b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_packet),
		cmocka_unit_test(test_two_packets_one_feed),
		cmocka_unit_test(test_one_byte_feeds),
		cmocka_unit_test(test_each_type_header),
		cmocka_unit_test(test_garbage_before),
		cmocka_unit_test(test_garbage_between),
		cmocka_unit_test(test_oversize_acl),
		cmocka_unit_test(test_acl_at_cap),
		cmocka_unit_test(test_event_plen_255),
		cmocka_unit_test(test_stray_event_indicator),
		cmocka_unit_test(test_event_plausible),
		cmocka_unit_test(test_tty_spec),
		cmocka_unit_test(test_init_and_empty_feed),
		cmocka_unit_test(test_resync_leftover_byte),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
