/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_conn.c - one LE connection over the HCI host (src/hci/conn.c),
 * driven over a socketpair by a scripted controller (the rig of
 * test_host.c): LE Create Connection and its completion, ACL
 * fragmentation to the controller's 27-octet buffers under Number Of
 * Completed Packets flow control, reassembly of received fragments,
 * Disconnect, the create timeout followed by LE Create Connection
 * Cancel, and the answers to the lock's LE Remote Connection Parameter
 * Requests.  Layouts: Core 5.4 Vol 4 Part E §7.8.12, §7.8.13, §7.1.6,
 * §7.7.65.1, §7.7.65.6, §7.8.31, §7.8.32, §7.7.5, §7.7.19, §5.4.2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "adapters/adapters.h"
#include "hci/bringup.h"
#include "hci/conn.h"
#include "hci/h4.h"
#include "hci/hcidef.h"
#include "hci/host.h"
#include "hci/transport.h"
#include "util/hex.h"
#include "util/loop.h"

/* What test_conn's rig keeps beyond the shared one. */
#define RIG_EXTRA \
	struct conn	*conn; \
	uint16_t	 cid; \
	size_t		 frames, plen;
#include "tests/unit/hci_rig.h"


static const uint8_t	tc_addr[6] = { 0x01, 0x12, 0x6a, 0x8d, 0x7c, 0xc4 };

/* LE Create Connection to C4:7C:8D:6A:12:01 (random), 30-50 ms, 4 s. */
#define TC_CREATE	"010d201960003000000101126a8d7cc4001800280000009001" \
			"00000000"
#define TC_STATUS	"040f0400010d20"
/* LE Connection Complete: handle 0x040, central, 30 ms, 4 s */
#define TC_COMPLETE	"043e1301004000000101126a8d7cc418000000900100"

static void
tc_frame(uint16_t cid, const uint8_t *p, size_t n, void *arg)
{
	struct rig	*r = arg;

	(void)p;
	r->cid = cid;
	r->plen = n;
	r->frames++;
	loop_stop(r->loop);
}

static void
tc_setup(struct rig *r, const struct step *steps, size_t n)
{
	rig_setup(r, steps, n, false);
	r->info.le_acl_mtu = 27;
	r->info.le_acl_pkts = 2;
	r->conn = conn_new(r->host, &r->info);
	assert_non_null(r->conn);
	conn_set_l2cap(r->conn, tc_frame, r);
}

static const struct step conn_script[] = {
	{ 'E', TC_CREATE, 0 },
	{ 'S', TC_STATUS, 0 },
	{ 'S', TC_COMPLETE, 0 },
	/* a 60-octet payload: 64-octet frame in 27 + 27 + 10 */
	{ 'E', "0240001b003c000400000102030405060708090a0b0c0d0e0f1011121314"
	    "1516", 0 },
	{ 'E', "0240101b001718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
	    "3031", 0 },
	/* two buffers in use: nothing until a Number Of Completed Packets */
	{ 'W', NULL, 50 },
	{ 'S', "0413050140000100", 0 },
	{ 'E', "0240100a0032333435363738393a3b", 0 },
	/* the lock answers in two fragments */
	{ 'S', "02402005000300040003", 0 },
	{ 'S', "0240100200f700", 0 },
	{ 'E', "01060403400013", 0 },
	{ 'S', "040f0400010604", 0 },
	{ 'S', "0405040040001600", 0 },
};

static void
test_connect_send_receive(void **state)
{
	struct rig		r;
	struct ls_errbuf	eb;
	uint8_t			payload[60];
	size_t			i;

	(void)state;
	tc_setup(&r, conn_script, sizeof conn_script / sizeof conn_script[0]);
	conn_connect(r.conn, tc_addr, 1, 1000, rig_done, &r);
	rig_run(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_OK);
	assert_true(conn_connected(r.conn));
	assert_int_equal(conn_stats(r.conn)->interval, 24);
	for (i = 0; i < sizeof payload; i++)
		payload[i] = (uint8_t)i;
	ls_err_clear(&eb);
	assert_int_equal(conn_send(r.conn, 4, payload, sizeof payload, &eb),
	    LS_OK);
	rig_run(&r);			/* until the frame arrives */
	assert_int_equal(r.frames, 1);
	assert_int_equal(r.cid, 4);
	assert_int_equal(r.plen, 3);
	r.done = false;
	conn_disconnect(r.conn, 1000, rig_done, &r);
	rig_run(&r);
	assert_true(r.done);
	assert_false(conn_connected(r.conn));
	rig_check_script(&r);
	conn_free(r.conn);
	rig_teardown(&r);
}

static const struct step timeout_script[] = {
	{ 'E', TC_CREATE, 0 },
	{ 'S', TC_STATUS, 0 },
	/* no completion: after the timeout the host cancels */
	{ 'E', "010e2000", 0 },
	{ 'S', "040e04010e2000", 0 },
	/* LE Connection Complete, status 0x02 Unknown Connection Id */
	{ 'S', "043e1301020000000000000000000000000000000000", 0 },
};

static void
test_connect_timeout(void **state)
{
	struct rig	r;

	(void)state;
	tc_setup(&r, timeout_script, sizeof timeout_script /
	    sizeof timeout_script[0]);
	conn_connect(r.conn, tc_addr, 1, 50, rig_done, &r);
	rig_run(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_ETIMEOUT);
	assert_non_null(strstr(r.eb.msg, "did not complete the connection"));
	assert_false(conn_connected(r.conn));
	rig_check_script(&r);
	conn_free(r.conn);
	rig_teardown(&r);
}

static const struct step param_script[] = {
	{ 'E', TC_CREATE, 0 },
	{ 'S', TC_STATUS, 0 },
	{ 'S', TC_COMPLETE, 0 },
	/* 30-50 ms, latency 0, 4 s: within limits, replied as asked */
	{ 'S', "043e0b0640001800280000009001", 0 },
	{ 'E', "0120200e4000180028000000900100000000", 0 },
	{ 'S', "040e06012020004000", 0 },
	/* 1 s interval: over the host's limit, Unacceptable (0x3b) */
	{ 'S', "043e0b0640002003200300005802", 0 },
	{ 'E', "012120034000" "3b", 0 },
	{ 'S', "040e06012120004000", 0 },
	/* another handle: not ours, no answer */
	{ 'S', "043e0b0641001800280000009001", 0 },
	{ 'W', NULL, 30 },
	{ 'E', "01060403400013", 0 },
	{ 'S', "040f0400010604", 0 },
	{ 'S', "0405040040001600", 0 },
};

static void
tc_stop(void *arg)
{
	loop_stop(arg);
}

static void
test_param_request(void **state)
{
	struct rig	r;

	(void)state;
	tc_setup(&r, param_script, sizeof param_script /
	    sizeof param_script[0]);
	conn_connect(r.conn, tc_addr, 1, 1000, rig_done, &r);
	rig_run(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_OK);
	/* Let the requests and the wait step play out. */
	loop_add_timer(r.loop, 150, tc_stop, r.loop);
	loop_run(r.loop);
	assert_int_equal(conn_stats(r.conn)->param_replied, 1);
	assert_int_equal(conn_stats(r.conn)->param_refused, 1);
	r.done = false;
	conn_disconnect(r.conn, 1000, rig_done, &r);
	rig_run(&r);
	assert_true(r.done);
	rig_check_script(&r);
	conn_free(r.conn);
	rig_teardown(&r);
}

static void
test_param_verdict(void **state)
{
	(void)state;
	assert_int_equal(conn_param_verdict(24, 40, 0, 400), HC_SUCCESS);
	assert_int_equal(conn_param_verdict(6, 6, 0, 10), HC_SUCCESS);
	/* The host's limits: Interval_Max 400 ms, 2 s with latency. */
	assert_int_equal(conn_param_verdict(320, 320, 0, 3200), HC_SUCCESS);
	assert_int_equal(conn_param_verdict(321, 321, 0, 3200),
	    HC_ERR_UNACCEPTABLE_CONN_PARAMS);
	assert_int_equal(conn_param_verdict(80, 80, 19, 3200), HC_SUCCESS);
	assert_int_equal(conn_param_verdict(80, 80, 20, 3200),
	    HC_ERR_UNACCEPTABLE_CONN_PARAMS);
	/* §7.8.31 ranges and the supervision rule. */
	assert_int_equal(conn_param_verdict(5, 40, 0, 400),
	    HC_ERR_UNACCEPTABLE_CONN_PARAMS);
	assert_int_equal(conn_param_verdict(40, 24, 0, 400),
	    HC_ERR_UNACCEPTABLE_CONN_PARAMS);
	assert_int_equal(conn_param_verdict(24, 40, 500, 3200),
	    HC_ERR_UNACCEPTABLE_CONN_PARAMS);
	assert_int_equal(conn_param_verdict(24, 40, 0, 9),
	    HC_ERR_UNACCEPTABLE_CONN_PARAMS);
	assert_int_equal(conn_param_verdict(24, 40, 0, 3201),
	    HC_ERR_UNACCEPTABLE_CONN_PARAMS);
	assert_int_equal(conn_param_verdict(24, 40, 0, 10),
	    HC_ERR_UNACCEPTABLE_CONN_PARAMS);
	assert_int_equal(conn_param_verdict(24, 40, 0, 11), HC_SUCCESS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_connect_send_receive),
		cmocka_unit_test(test_connect_timeout),
		cmocka_unit_test(test_param_request),
		cmocka_unit_test(test_param_verdict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
