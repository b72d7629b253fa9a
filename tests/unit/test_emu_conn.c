/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_emu_conn.c - unit tests for src/emu/controller_conn.c: connections,
 * ACL flow control, L2CAP and the ATT bearer of the emulated controller
 * (Bluetooth Core 5.4 Vol 4 Part E §7.1.6, §7.7.5, §7.7.19, §7.7.65,
 * §7.8.12, §7.8.13, §7.8.18, §7.8.66; Vol 3 Part A, Part F, Part H).
 *
 * The controller is driven with scripted HCI command and ACL packets on
 * a fake clock; every packet it queues is checked.  Any event the test
 * does not expect fails it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "emu/controller.h"
#include "emu/emudef.h"
#include "emu/scenario.h"
#include "hci/h4.h"
#include "hci/hcidef.h"
#include "util/cursor.h"
#include "util/err.h"
#include "util/hex.h"
#include "tests/unit/ectl_rig.h"

/*
 * lock:    connectable, 30 ms interval, GATT: 180f/2a19 (read, notify),
 *          180a/2a29, a 60-octet 2a24; state "low".
 * slow:    asks for 50 ms by L2CAP, sends a Security Request, MTU 100.
 * never:   connect.fail timeout.   refuses: connect.fail reject.
 * beacon:  not connectable.        norvm: no Read Multiple Variable.
 */
static const char tc_site[] =
    "{\"scenario\": 1, \"ble\": ["
    "{\"id\": \"lock\", \"address\": \"C0:00:00:00:00:01\", "
    "\"address_type\": \"random\", \"rssi\": -60, \"adv\": \"020106\", "
    "\"connect\": {\"delay_ms\": 40, \"conn_interval_ms\": 30}, "
    "\"gatt\": [{\"uuid\": \"180f\", \"characteristics\": [{\"uuid\": "
    "\"2a19\", \"value\": \"64\", \"properties\": [\"read\", \"notify\"]}]},"
    "{\"uuid\": \"180a\", \"characteristics\": ["
    "{\"uuid\": \"2a29\", \"value\": \"41636d65\", \"properties\": [\"read\"]},"
    "{\"uuid\": \"2a24\", \"value\": \"3031323334353637383930313233343536"
    "3738393031323334353637383930313233343536373839303132333435363738393"
    "0313233343536373839\", \"properties\": [\"read\"]}]}], "
    "\"states\": {\"low\": {\"values\": {\"2a19\": \"05\"}}}},"
    "{\"id\": \"slow\", \"address\": \"C0:00:00:00:00:02\", "
    "\"address_type\": \"random\", \"rssi\": -70, \"adv\": \"020106\", "
    "\"mtu\": 100, \"security_request\": true, "
    "\"connect\": {\"delay_ms\": 0, \"conn_interval_ms\": 45, "
    "\"param_update_ms\": 50}},"
    "{\"id\": \"never\", \"address\": \"C0:00:00:00:00:03\", "
    "\"address_type\": \"random\", \"rssi\": -70, \"adv\": \"020106\", "
    "\"connect\": {\"fail\": \"timeout\"}},"
    "{\"id\": \"refuses\", \"address\": \"00:11:22:33:44:04\", "
    "\"address_type\": \"public\", \"rssi\": -70, \"adv\": \"020106\", "
    "\"connect\": {\"delay_ms\": 10, \"fail\": \"reject\"}},"
    "{\"id\": \"beacon\", \"address\": \"C0:00:00:00:00:05\", "
    "\"address_type\": \"random\", \"adv_type\": \"ADV_NONCONN_IND\", "
    "\"rssi\": -70, \"adv\": \"020106\"},"
    "{\"id\": \"norvm\", \"address\": \"C0:00:00:00:00:06\", "
    "\"address_type\": \"random\", \"rssi\": -70, \"adv\": \"020106\", "
    "\"read_multiple_variable\": false, "
    "\"gatt\": [{\"uuid\": \"180f\", \"characteristics\": [{\"uuid\": "
    "\"2a19\", \"value\": \"64\", \"properties\": [\"read\"]}]}]},"
    "{\"id\": \"nordic\", \"address\": \"C0:00:00:00:00:07\", "
    "\"address_type\": \"random\", \"rssi\": -70, \"adv\": \"020106\", "
    "\"connect\": {\"delay_ms\": 10, \"param_request_ms\": 100}}"
    "]}";

#define TC_LOCK		"C0:00:00:00:00:01"
#define TC_SLOW		"C0:00:00:00:00:02"
#define TC_NEVER	"C0:00:00:00:00:03"
#define TC_REFUSES	"00:11:22:33:44:04"
#define TC_BEACON	"C0:00:00:00:00:05"
#define TC_NORVM	"C0:00:00:00:00:06"
#define TC_NORDIC	"C0:00:00:00:00:07"

struct tc {
	struct scn	*s;
	struct ectl	*c;
	uint64_t	 now;
	unsigned	 credits;	/* NOCP-returned, for the checks */
};

/* One packet popped from the controller. */
struct tc_pkt {
	uint8_t		type;
	uint8_t		b[1 + 4 + 1024];
	size_t		len;		/* without the indicator */
};

static void	tc_masks(struct tc *, uint64_t);

/* A controller for tc_site with LE Meta events on (LE mask 0x1f). */
static void
tc_open(struct tc *t, unsigned faults)
{
	struct ectl_opts	 o;
	struct ls_errbuf	 eb;

	memset(&o, 0, sizeof o);
	hex_addr_parse(ECTL_BDADDR_DEFAULT, o.bdaddr);
	o.faults = faults;
	o.seed = 1;
	ls_err_clear(&eb);
	t->s = NULL;
	t->now = 1000;
	t->credits = 0;
	if (scn_parse("unit", tc_site, strlen(tc_site), &t->s, &eb) != LS_OK) {
		print_error("%s\n", eb.msg);
		fail();
	}
	t->c = ectl_new(t->s, &o);
	assert_non_null(t->c);
	tc_masks(t, 0x1f);
}

static void
tc_close(struct tc *t)
{
	ectl_free(t->c);
	scn_free(t->s);
}

static void
tc_cmd(struct tc *t, uint16_t op, const void *p, size_t n)
{
	ectl_rig_cmd(t->c, t->now, op, p, n);
}

/* Pop one queued packet; false when none. */
static bool
tc_pop(struct tc *t, struct tc_pkt *k)
{
	const uint8_t	*p;
	size_t		 n, hl, len;

	p = ectl_out_peek(t->c, &n);
	if (n == 0)
		return false;
	k->type = p[0];
	hl = h4_header_len(p[0]);
	assert_true(hl > 0 && n >= 1 + hl);
	len = hl + h4_payload_len(p[0], p + 1);
	assert_true(1 + len <= n && len <= sizeof k->b);
	memcpy(k->b, p + 1, len);
	k->len = len;
	ectl_out_consume(t->c, 1 + len);
	return true;
}

static void
tc_none(struct tc *t)
{
	struct tc_pkt	k;

	if (tc_pop(t, &k)) {
		print_error("unexpected packet type %u, %zu bytes, first "
		    "%02x %02x %02x\n", k.type, k.len, k.b[0], k.b[1],
		    k.b[2]);
		fail();
	}
}

static void
tc_event(struct tc *t, struct tc_pkt *k, uint8_t code)
{
	if (!tc_pop(t, k)) {
		print_error("no event 0x%02x\n", code);
		fail();
	}
	assert_int_equal(k->type, HC_PKT_EVT);
	assert_int_equal(k->b[0], code);
}

static void
tc_cs(struct tc *t, uint16_t op, uint8_t status)
{
	struct tc_pkt	k;

	tc_event(t, &k, HC_EVT_CMD_STATUS);
	assert_int_equal(k.len, 6);
	assert_int_equal(k.b[2], status);
	assert_int_equal(k.b[3], 1);
	assert_int_equal(k.b[4] | k.b[5] << 8, op);
}

static uint8_t
tc_cc(struct tc *t, uint16_t op, uint8_t *ret, size_t *rlen)
{
	struct tc_pkt	k;

	tc_event(t, &k, HC_EVT_CMD_COMPLETE);
	assert_int_equal(k.b[3] | k.b[4] << 8, op);
	if (ret != NULL) {
		memcpy(ret, k.b + 6, k.len - 6);
		*rlen = k.len - 6;
	}
	return k.b[5];
}

static void
tc_masks(struct tc *t, uint64_t le)
{
	static const uint8_t	ev[8] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x00, 0x20
	};
	uint8_t			m[8];
	int			i;

	for (i = 0; i < 8; i++)
		m[i] = (uint8_t)(le >> (8 * i));
	tc_cmd(t, HC_OP_SET_EVENT_MASK, ev, 8);
	assert_int_equal(tc_cc(t, HC_OP_SET_EVENT_MASK, NULL, NULL), 0);
	tc_cmd(t, HC_OP_LE_SET_EVENT_MASK, m, 8);
	assert_int_equal(tc_cc(t, HC_OP_LE_SET_EVENT_MASK, NULL, NULL), 0);
}

static void
tc_tick(struct tc *t, uint64_t ms)
{
	t->now += ms;
	ectl_tick(t->c, t->now);
}

/* LE Create Connection parameters (§7.8.12), 25 octets. */
static size_t
tc_create_params(uint8_t *p, const char *addr, uint8_t type)
{
	uint8_t	a[6];

	hex_addr_parse(addr, a);
	memset(p, 0, 25);
	p[0] = 0x60; p[2] = 0x30;		/* scan interval, window */
	p[4] = 0;				/* no accept list */
	p[5] = type;
	memcpy(p + 6, a, 6);
	p[12] = 0;				/* own address: public */
	p[13] = 0x18; p[15] = 0x28;		/* interval 30..50 ms */
	p[17] = 0;				/* latency */
	p[19] = 0x48; p[20] = 0x00;		/* 720 ms supervision */
	return 25;
}

/* Connect to addr with the default masks; returns the handle. */
static uint16_t
tc_connect(struct tc *t, const char *addr, uint8_t type, unsigned delay)
{
	struct tc_pkt	k;
	uint8_t		p[25];

	tc_cmd(t, HC_OP_LE_CREATE_CONN, p, tc_create_params(p, addr, type));
	tc_cs(t, HC_OP_LE_CREATE_CONN, 0);
	tc_none(t);
	if (delay > 0) {
		tc_tick(t, delay - 1);
		tc_none(t);
	}
	tc_tick(t, 1);
	tc_event(t, &k, HC_EVT_LE_META);
	assert_int_equal(k.b[2], HC_LE_CONN_COMPLETE);
	assert_int_equal(k.b[3], 0);
	return (uint16_t)(k.b[4] | k.b[5] << 8);
}

/* Send one ACL packet. */
static void
tc_acl(struct tc *t, uint16_t h, unsigned pb, const uint8_t *d, size_t n)
{
	uint8_t	pkt[5 + 1024];

	pkt[0] = HC_PKT_ACL;
	pkt[1] = (uint8_t)h;
	pkt[2] = (uint8_t)(h >> 8 | pb << 4);
	pkt[3] = (uint8_t)n;
	pkt[4] = (uint8_t)(n >> 8);
	memcpy(pkt + 5, d, n);
	ectl_input(t->c, pkt, 5 + n, t->now);
}

/* Send an L2CAP PDU in 27-octet fragments (PB 0b00, then 0b01). */
static void
tc_l2cap(struct tc *t, uint16_t h, uint16_t cid, const uint8_t *p, size_t n)
{
	uint8_t	sdu[1024];
	size_t	off, k;

	sdu[0] = (uint8_t)n;
	sdu[1] = (uint8_t)(n >> 8);
	sdu[2] = (uint8_t)cid;
	sdu[3] = (uint8_t)(cid >> 8);
	memcpy(sdu + 4, p, n);
	for (off = 0; off < 4 + n; off += k) {
		k = 4 + n - off < 27 ? 4 + n - off : 27;
		tc_acl(t, h, off == 0 ? 0 : 1, sdu + off, k);
	}
}

/*
 * Collect one L2CAP PDU from the controller, reassembling ACL fragments
 * (first PB 0b10, then 0b01, each <= 27 octets).  Number Of Completed
 * Packets events on the way are added to t->credits.  Returns its length.
 */
static size_t
tc_recv(struct tc *t, uint16_t h, uint16_t *cid, uint8_t *out)
{
	struct tc_pkt	k;
	uint8_t		sdu[1100];
	size_t		have = 0, need = SIZE_MAX, dl;

	while (have < need) {
		if (!tc_pop(t, &k)) {
			print_error("no ACL data (have %zu)\n", have);
			fail();
		}
		if (k.type == HC_PKT_EVT &&
		    k.b[0] == HC_EVT_NUM_COMPLETED_PACKETS) {
			assert_int_equal(k.b[2], 1);
			assert_int_equal(k.b[3] | k.b[4] << 8, h);
			t->credits += (unsigned)(k.b[5] | k.b[6] << 8);
			continue;
		}
		assert_int_equal(k.type, HC_PKT_ACL);
		assert_int_equal((k.b[0] | k.b[1] << 8) & 0x0fff, h);
		assert_int_equal(k.b[1] >> 4,
		    have == 0 ? HC_ACL_PB_FIRST_FLUSH : HC_ACL_PB_CONT);
		dl = (size_t)(k.b[2] | k.b[3] << 8);
		assert_int_equal(dl, k.len - 4);
		assert_true(dl <= 27);
		memcpy(sdu + have, k.b + 4, dl);
		have += dl;
		if (have >= 4)
			need = 4 + (size_t)(sdu[0] | sdu[1] << 8);
	}
	assert_int_equal(have, need);
	*cid = (uint16_t)(sdu[2] | sdu[3] << 8);
	memcpy(out, sdu + 4, have - 4);
	return have - 4;
}

/* ATT request, run past the next connection event, expect a response. */
static size_t
tc_att(struct tc *t, uint16_t h, const void *req, size_t n, uint8_t *rsp)
{
	uint16_t	cid;
	size_t		len;

	tc_l2cap(t, h, L2CAP_CID_ATT, req, n);
	tc_tick(t, 60);
	len = tc_recv(t, h, &cid, rsp);
	assert_int_equal(cid, L2CAP_CID_ATT);
	return len;
}

static void
tc_stats(struct tc *t, const char *id, struct ectl_dev_stats *ds)
{
	assert_int_equal(ectl_dev_stats(t->c, id, ds, NULL), LS_OK);
}

/* ---- tests ---- */

/* Default masks: Command Status, then LE Connection Complete (§7.7.65.1). */
static void
test_connect_legacy(void **state)
{
	struct tc	t;
	struct tc_pkt	k;
	uint8_t		p[25], a[6];

	(void)state;
	tc_open(&t, 0);
	tc_cmd(&t, HC_OP_LE_CREATE_CONN, p, tc_create_params(p, TC_LOCK, 1));
	tc_cs(&t, HC_OP_LE_CREATE_CONN, 0);
	/* A second create while one is pending: Command Disallowed. */
	tc_cmd(&t, HC_OP_LE_CREATE_CONN, p, 25);
	tc_cs(&t, HC_OP_LE_CREATE_CONN, HC_ERR_COMMAND_DISALLOWED);
	tc_tick(&t, 39);
	tc_none(&t);
	tc_tick(&t, 1);
	tc_event(&t, &k, HC_EVT_LE_META);
	assert_int_equal(k.len, 2 + 19);
	assert_int_equal(k.b[2], HC_LE_CONN_COMPLETE);
	assert_int_equal(k.b[3], 0);			/* status */
	assert_int_equal(k.b[4] | k.b[5] << 8, 0x0001);	/* handle */
	assert_int_equal(k.b[6], 0);			/* central */
	assert_int_equal(k.b[7], 1);			/* random */
	hex_addr_parse(TC_LOCK, a);
	assert_memory_equal(k.b + 8, a, 6);
	assert_int_equal(k.b[14] | k.b[15] << 8, 24);	/* 30 ms / 1.25 */
	assert_int_equal(k.b[16] | k.b[17] << 8, 0);
	assert_int_equal(k.b[18] | k.b[19] << 8, 0x48);
	assert_int_equal(k.b[20], 0);
	tc_none(&t);
	tc_close(&t);
}

/* §7.7.65.10: Enhanced [v1] when unmasked, [v2] wins over it. */
static void
test_connect_enhanced(void **state)
{
	struct tc	t;
	struct tc_pkt	k;
	uint8_t		p[25];

	(void)state;
	tc_open(&t, 0);
	tc_masks(&t, 0x1f | 1ull << 9);
	tc_cmd(&t, HC_OP_LE_CREATE_CONN, p, tc_create_params(p, TC_LOCK, 1));
	tc_cs(&t, HC_OP_LE_CREATE_CONN, 0);
	tc_tick(&t, 40);
	tc_event(&t, &k, HC_EVT_LE_META);
	assert_int_equal(k.b[2], HC_LE_ENH_CONN_COMPLETE);
	assert_int_equal(k.len, 2 + 31);
	assert_int_equal(k.b[26] | k.b[27] << 8, 24);
	tc_none(&t);
	tc_close(&t);

	tc_open(&t, 0);
	tc_masks(&t, 0x1f | 1ull << 9 | 1ull << 40);
	tc_cmd(&t, HC_OP_LE_CREATE_CONN, p, tc_create_params(p, TC_LOCK, 1));
	tc_cs(&t, HC_OP_LE_CREATE_CONN, 0);
	tc_tick(&t, 40);
	tc_event(&t, &k, HC_EVT_LE_META);
	assert_int_equal(k.b[2], ED_LE_ENH_CONN_COMPLETE_V2);
	assert_int_equal(k.len, 2 + 34);
	assert_int_equal(k.b[33], 0xff);		/* Advertising_Handle */
	assert_int_equal(k.b[34] | k.b[35] << 8, 0xffff);
	tc_close(&t);

	/* Everything masked: no completion at all. */
	tc_open(&t, 0);
	tc_masks(&t, 0x02);
	tc_cmd(&t, HC_OP_LE_CREATE_CONN, p, tc_create_params(p, TC_LOCK, 1));
	tc_cs(&t, HC_OP_LE_CREATE_CONN, 0);
	tc_tick(&t, 100);
	tc_none(&t);
	tc_close(&t);
}

/* §7.8.66: Extended Create Connection on LE 1M. */
static void
test_connect_extended(void **state)
{
	struct tc	t;
	struct tc_pkt	k;
	uint8_t		p[10 + 32], a[6];

	(void)state;
	tc_open(&t, 0);
	tc_masks(&t, 0x1f | 1ull << 9);
	memset(p, 0, sizeof p);
	hex_addr_parse(TC_LOCK, a);
	p[2] = 1;
	memcpy(p + 3, a, 6);
	p[9] = 0x01;				/* LE 1M */
	p[10] = 0x60; p[12] = 0x30;
	p[14] = 0x18; p[16] = 0x28;		/* interval */
	p[20] = 0x48;				/* supervision */
	tc_cmd(&t, HC_OP_LE_EXT_CREATE_CONN, p, 26);
	tc_cs(&t, HC_OP_LE_EXT_CREATE_CONN, 0);
	tc_tick(&t, 40);
	tc_event(&t, &k, HC_EVT_LE_META);
	assert_int_equal(k.b[2], HC_LE_ENH_CONN_COMPLETE);
	assert_int_equal(k.b[3], 0);
	tc_close(&t);

	/* LE 1M and 2M: two parameter sets; the 2M one is checked too. */
	tc_open(&t, 0);
	p[9] = 0x03;
	memcpy(p + 26, p + 10, 16);
	p[36] = 0x01;				/* 2M supervision too short */
	tc_cmd(&t, HC_OP_LE_EXT_CREATE_CONN, p, 42);
	tc_cs(&t, HC_OP_LE_EXT_CREATE_CONN, HC_ERR_INVALID_PARAMS);
	p[36] = 0x48;
	tc_cmd(&t, HC_OP_LE_EXT_CREATE_CONN, p, 42);
	tc_cs(&t, HC_OP_LE_EXT_CREATE_CONN, 0);
	tc_tick(&t, 40);
	tc_event(&t, &k, HC_EVT_LE_META);
	assert_int_equal(k.b[2], HC_LE_CONN_COMPLETE);
	assert_int_equal(k.b[3], 0);
	tc_close(&t);

	tc_open(&t, 0);
	p[9] = 0x01;
	tc_cmd(&t, HC_OP_LE_EXT_CREATE_CONN, p, 25);	/* short */
	tc_cs(&t, HC_OP_LE_EXT_CREATE_CONN, HC_ERR_INVALID_PARAMS);
	p[9] = 0x04;					/* coded only */
	tc_cmd(&t, HC_OP_LE_EXT_CREATE_CONN, p, 26);
	tc_cs(&t, HC_OP_LE_EXT_CREATE_CONN, HC_ERR_UNSUPPORTED_FEATURE);
	/* Legacy after extended: no mixing (§3.1.1). */
	tc_cmd(&t, HC_OP_LE_CREATE_CONN, p, tc_create_params(p, TC_LOCK, 1));
	tc_cs(&t, HC_OP_LE_CREATE_CONN, HC_ERR_COMMAND_DISALLOWED);
	tc_close(&t);
}

static void
test_connect_bad_params(void **state)
{
	struct tc	t;
	uint8_t		p[25];

	(void)state;
	tc_open(&t, 0);
	tc_create_params(p, TC_LOCK, 1);
	p[13] = 0x02;				/* interval min below 7.5 ms */
	tc_cmd(&t, HC_OP_LE_CREATE_CONN, p, 25);
	tc_cs(&t, HC_OP_LE_CREATE_CONN, HC_ERR_INVALID_PARAMS);
	tc_create_params(p, TC_LOCK, 1);
	p[19] = 0x05;				/* supervision too short */
	tc_cmd(&t, HC_OP_LE_CREATE_CONN, p, 25);
	tc_cs(&t, HC_OP_LE_CREATE_CONN, HC_ERR_INVALID_PARAMS);
	tc_create_params(p, TC_LOCK, 1);
	p[12] = 1;				/* random, none set */
	tc_cmd(&t, HC_OP_LE_CREATE_CONN, p, 25);
	tc_cs(&t, HC_OP_LE_CREATE_CONN, HC_ERR_INVALID_PARAMS);
	tc_cmd(&t, HC_OP_LE_CREATE_CONN, p, 24);
	tc_cs(&t, HC_OP_LE_CREATE_CONN, HC_ERR_INVALID_PARAMS);
	tc_none(&t);
	tc_close(&t);
}

/*
 * connect.fail timeout, a non-connectable or absent device, the wrong
 * address type: never completes; Cancel gives Command Complete then the
 * completion with Unknown Connection Identifier (§7.8.13).
 */
static void
test_connect_timeout_cancel(void **state)
{
	static const char *const	addrs[] = {
		TC_NEVER, TC_BEACON, "C0:00:00:00:00:99", TC_LOCK
	};
	static const uint8_t		types[] = { 1, 1, 1, 0 };
	struct tc			t;
	struct tc_pkt			k;
	uint8_t				p[25];
	size_t				i;

	(void)state;
	for (i = 0; i < 4; i++) {
		tc_open(&t, 0);
		tc_cmd(&t, HC_OP_LE_CREATE_CONN_CANCEL, NULL, 0);
		assert_int_equal(tc_cc(&t, HC_OP_LE_CREATE_CONN_CANCEL, NULL,
		    NULL), HC_ERR_COMMAND_DISALLOWED);
		tc_cmd(&t, HC_OP_LE_CREATE_CONN, p,
		    tc_create_params(p, addrs[i], types[i]));
		tc_cs(&t, HC_OP_LE_CREATE_CONN, 0);
		assert_int_equal(ectl_next_due(t.c), UINT64_MAX);
		tc_tick(&t, 60000);
		tc_none(&t);
		tc_cmd(&t, HC_OP_LE_CREATE_CONN_CANCEL, NULL, 0);
		assert_int_equal(tc_cc(&t, HC_OP_LE_CREATE_CONN_CANCEL, NULL,
		    NULL), 0);
		tc_event(&t, &k, HC_EVT_LE_META);
		assert_int_equal(k.b[2], HC_LE_CONN_COMPLETE);
		assert_int_equal(k.b[3], HC_ERR_UNKNOWN_CONN_ID);
		tc_none(&t);
		tc_close(&t);
	}
}

static void
test_connect_reject(void **state)
{
	struct tc		t;
	struct tc_pkt		k;
	struct ectl_dev_stats	ds;
	uint8_t			p[25];

	(void)state;
	tc_open(&t, 0);
	tc_cmd(&t, HC_OP_LE_CREATE_CONN, p, tc_create_params(p, TC_REFUSES,
	    0));
	tc_cs(&t, HC_OP_LE_CREATE_CONN, 0);
	tc_tick(&t, 10);
	tc_event(&t, &k, HC_EVT_LE_META);
	assert_int_equal(k.b[2], HC_LE_CONN_COMPLETE);
	assert_int_equal(k.b[3], HC_ERR_CONN_FAILED_ESTABLISH);
	tc_stats(&t, "refuses", &ds);
	assert_false(ds.connected);
	assert_int_equal(ds.connections, 0);
	tc_none(&t);
	tc_close(&t);
}

/* §7.1.6 / §7.7.5; the device advertises again afterwards. */
static void
test_disconnect(void **state)
{
	struct tc		t;
	struct tc_pkt		k;
	struct ectl_dev_stats	ds;
	uint8_t			p[3];
	uint16_t		h;

	(void)state;
	tc_open(&t, 0);
	h = tc_connect(&t, TC_LOCK, 1, 40);
	tc_stats(&t, "lock", &ds);
	assert_true(ds.connected);
	assert_int_equal(ds.connections, 1);
	p[0] = 0x33;
	p[1] = 0x00;
	p[2] = 0x13;
	tc_cmd(&t, HC_OP_DISCONNECT, p, 3);
	tc_cs(&t, HC_OP_DISCONNECT, HC_ERR_UNKNOWN_CONN_ID);
	p[0] = (uint8_t)h;
	p[2] = 0x16;				/* not a valid reason */
	tc_cmd(&t, HC_OP_DISCONNECT, p, 3);
	tc_cs(&t, HC_OP_DISCONNECT, HC_ERR_INVALID_PARAMS);
	p[2] = 0x13;
	tc_cmd(&t, HC_OP_DISCONNECT, p, 3);
	tc_cs(&t, HC_OP_DISCONNECT, 0);
	tc_event(&t, &k, HC_EVT_DISCONN_COMPLETE);
	assert_int_equal(k.b[2], 0);
	assert_int_equal(k.b[3] | k.b[4] << 8, h);
	assert_int_equal(k.b[5], HC_ERR_LOCAL_HOST_TERM);
	tc_none(&t);
	tc_stats(&t, "lock", &ds);
	assert_false(ds.connected);
	/* ACL for the old handle is dropped and counted. */
	tc_acl(&t, h, 0, (const uint8_t *)"\x03\x00\x04\x00\x02\x17\x00", 7);
	tc_tick(&t, 100);
	tc_none(&t);
	tc_close(&t);
}

/* Read RSSI on a connection (§7.5.4). */
static void
test_read_rssi(void **state)
{
	struct tc	t;
	uint8_t		p[2], r[8];
	size_t		n;
	uint16_t	h;

	(void)state;
	tc_open(&t, 0);
	h = tc_connect(&t, TC_LOCK, 1, 40);
	p[0] = (uint8_t)h;
	p[1] = (uint8_t)(h >> 8);
	tc_cmd(&t, HC_OP_READ_RSSI, p, 2);
	assert_int_equal(tc_cc(&t, HC_OP_READ_RSSI, r, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(r[0] | r[1] << 8, h);
	assert_int_equal((int8_t)r[2], -60);
	p[0] = 0x77;
	tc_cmd(&t, HC_OP_READ_RSSI, p, 2);
	assert_int_equal(tc_cc(&t, HC_OP_READ_RSSI, NULL, NULL),
	    HC_ERR_UNKNOWN_CONN_ID);
	tc_close(&t);
}

/*
 * An MTU exchange: the request is credited back at the next event (one
 * Number Of Completed Packets), the response comes in the same event.
 */
static void
test_att_mtu_and_credits(void **state)
{
	struct tc		t;
	struct ectl_stats	st;
	uint8_t			r[600];
	uint16_t		h;
	size_t			n;

	(void)state;
	tc_open(&t, 0);
	h = tc_connect(&t, TC_LOCK, 1, 40);
	tc_l2cap(&t, h, L2CAP_CID_ATT, (const uint8_t *)"\x02\x00\x02", 3);
	/* Nothing before the connection event 30 ms after setup. */
	tc_tick(&t, 29);
	tc_none(&t);
	tc_tick(&t, 1);
	{
		uint16_t	cid;

		n = tc_recv(&t, h, &cid, r);
		assert_int_equal(cid, L2CAP_CID_ATT);
	}
	assert_int_equal(t.credits, 1);
	assert_int_equal(n, 3);
	assert_memory_equal(r, "\x03\xf7\x00", 3);	/* server MTU 247 */
	tc_none(&t);
	/* Long read: 60 octets arrive in 27-octet fragments (tc_recv). */
	n = tc_att(&t, h, "\x0a\x09\x00", 3, r);
	assert_int_equal(n, 61);
	assert_int_equal(r[0], ATT_OP_READ_RSP);
	assert_memory_equal(r + 1, "0123456789", 10);
	ectl_stats(t.c, &st);
	assert_int_equal(st.acl_in, 2);
	assert_int_equal(st.acl_violations, 0);
	tc_close(&t);
}

/* A host PDU in several fragments is reassembled (PB 0b00 then 0b01). */
static void
test_att_fragmented_request(void **state)
{
	struct tc		t;
	struct ectl_dev_stats	ds;
	uint8_t			req[40], r[600];
	uint16_t		h;
	size_t			n, i;

	(void)state;
	tc_open(&t, 0);
	h = tc_connect(&t, TC_LOCK, 1, 40);
	(void)tc_att(&t, h, "\x02\x00\x02", 3, r);
	/* Read Multiple Variable Length of 3 handles, repeated: 1+2*18. */
	req[0] = ATT_OP_READ_MULT_VAR_REQ;
	for (i = 0; i < 18; i++) {
		req[1 + 2 * i] = (uint8_t)(i % 2 == 0 ? 3 : 7);
		req[2 + 2 * i] = 0;
	}
	n = tc_att(&t, h, req, 37, r);
	assert_int_equal(r[0], ATT_OP_READ_MULT_VAR_RSP);
	assert_int_equal(n, 1 + 9 * (2 + 1) + 9 * (2 + 4));
	assert_memory_equal(r + 1, "\x01\x00\x64\x04\x00\x41\x63\x6d\x65", 9);
	assert_int_equal(t.credits, 1 + 2);	/* 1, then 2 fragments */
	tc_stats(&t, "lock", &ds);
	assert_int_equal(ds.att_requests, 2);
	tc_close(&t);
}

/* Pacing: two queued requests are answered one connection event apart. */
static void
test_att_pacing(void **state)
{
	struct tc	t;
	uint8_t		r[64];
	uint16_t	h, cid;

	(void)state;
	tc_open(&t, 0);
	h = tc_connect(&t, TC_LOCK, 1, 40);
	tc_l2cap(&t, h, L2CAP_CID_ATT, (const uint8_t *)"\x0a\x03\x00", 3);
	tc_l2cap(&t, h, L2CAP_CID_ATT, (const uint8_t *)"\x0a\x07\x00", 3);
	tc_tick(&t, 30);
	assert_int_equal(tc_recv(&t, h, &cid, r), 2);
	assert_memory_equal(r, "\x0b\x64", 2);
	tc_none(&t);
	tc_tick(&t, 29);
	tc_none(&t);
	tc_tick(&t, 1);
	assert_int_equal(tc_recv(&t, h, &cid, r), 5);
	assert_memory_equal(r, "\x0b\x41\x63\x6d\x65", 5);
	tc_none(&t);
	tc_close(&t);
}

/* §4.1.1 flow control: 4 buffers of 27 octets; excess is dropped. */
static void
test_acl_violations(void **state)
{
	struct tc		t;
	struct ectl_stats	st;
	uint8_t			big[28];
	uint16_t		h;
	int			i;

	(void)state;
	tc_open(&t, 0);
	h = tc_connect(&t, TC_LOCK, 1, 40);
	memset(big, 0, sizeof big);
	tc_acl(&t, h, 0, big, 28);			/* too long */
	for (i = 0; i < 5; i++)				/* 5th: no buffer */
		tc_acl(&t, h, 0, (const uint8_t *)"\x01\x00\x04\x00\x1e", 5);
	tc_acl(&t, (uint16_t)(h | 0x1000 << 2), 0, big, 1);	/* BC flag */
	tc_acl(&t, 0x0123, 0, big, 1);			/* unknown handle */
	ectl_stats(t.c, &st);
	assert_int_equal(st.acl_in, 4);
	assert_int_equal(st.acl_violations, 3);
	assert_int_equal(st.acl_unknown, 1);
	tc_tick(&t, 30);
	{
		struct tc_pkt	k;

		tc_event(&t, &k, HC_EVT_NUM_COMPLETED_PACKETS);
		assert_int_equal(k.b[5] | k.b[6] << 8, 4);
	}
	tc_none(&t);			/* confirmations get no answer */
	/* Continuation without a start, and an L2CAP length overrun. */
	tc_acl(&t, h, 1, big, 3);
	tc_acl(&t, h, 0, (const uint8_t *)"\x01\x00\x04\x00\x0a\x03\x00", 7);
	ectl_stats(t.c, &st);
	assert_int_equal(st.l2cap_dropped, 2);
	tc_close(&t);
}

/* Peripheral-initiated parameter update and security request. */
static void
test_signalling_and_smp(void **state)
{
	struct tc		t;
	struct tc_pkt		k;
	struct ectl_dev_stats	ds;
	uint8_t			r[64], upd[14];
	uint16_t		h, cid, iv;
	size_t			n;

	(void)state;
	tc_open(&t, 0);
	h = tc_connect(&t, TC_SLOW, 1, 0);
	/* First event, at setup: the two requests. */
	n = tc_recv(&t, h, &cid, r);
	assert_int_equal(cid, L2CAP_CID_LE_SIG);
	assert_int_equal(n, 12);
	assert_int_equal(r[0], L2CAP_SIG_CONN_PARAM_REQ);
	assert_int_equal(r[2] | r[3] << 8, 8);
	iv = (uint16_t)(r[4] | r[5] << 8);
	assert_int_equal(iv, 40);			/* 50 ms */
	assert_int_equal(r[6] | r[7] << 8, 40);
	n = tc_recv(&t, h, &cid, r + 20);
	assert_int_equal(cid, L2CAP_CID_SMP);
	assert_int_equal(n, 2);
	assert_int_equal(r[20], L2CAP_SMP_SECURITY_REQ);
	tc_none(&t);
	/* Host: accept the update, refuse pairing, ask something odd. */
	{
		uint8_t	rsp[6] = { L2CAP_SIG_CONN_PARAM_RSP, 0, 2, 0, 0, 0 };
		uint8_t	odd[6] = { 0x14, 7, 2, 0, 0x80, 0x00 };
		uint8_t	pf[2] = { L2CAP_SMP_PAIRING_FAILED,
		    L2CAP_SMP_NOT_SUPPORTED };

		rsp[1] = r[1];
		tc_l2cap(&t, h, L2CAP_CID_LE_SIG, rsp, 6);
		tc_l2cap(&t, h, L2CAP_CID_SMP, pf, 2);
		tc_l2cap(&t, h, L2CAP_CID_LE_SIG, odd, 6);
	}
	tc_tick(&t, 45);
	n = tc_recv(&t, h, &cid, r);
	assert_int_equal(cid, L2CAP_CID_LE_SIG);
	assert_int_equal(n, 6);
	assert_memory_equal(r, "\x01\x07\x02\x00\x00\x00", 6);
	assert_int_equal(t.credits, 3);
	tc_stats(&t, "slow", &ds);
	assert_int_equal(ds.param_accepted, 1);
	assert_int_equal(ds.smp_not_supported, 1);
	assert_int_equal(ds.smp_pairing, 0);
	/* The host applies it with LE Connection Update (§7.8.18). */
	memset(upd, 0, sizeof upd);
	upd[0] = (uint8_t)h;
	upd[2] = 0x18; upd[4] = 0x28;		/* 30..50 ms */
	upd[8] = 0x48;
	tc_cmd(&t, ED_OP_LE_CONN_UPDATE, upd, 14);
	tc_cs(&t, ED_OP_LE_CONN_UPDATE, 0);
	tc_event(&t, &k, HC_EVT_LE_META);
	assert_int_equal(k.b[2], HC_LE_CONN_UPDATE_COMPLETE);
	assert_int_equal(k.b[3], 0);
	assert_int_equal(k.b[6] | k.b[7] << 8, 40);
	/* A host that tries to pair is refused; the try is recorded. */
	tc_l2cap(&t, h, L2CAP_CID_SMP, (const uint8_t *)
	    "\x01\x03\x00\x01\x10\x07\x07", 7);
	tc_tick(&t, 50);
	n = tc_recv(&t, h, &cid, r);
	assert_int_equal(cid, L2CAP_CID_SMP);
	assert_memory_equal(r, "\x05\x05", 2);
	tc_stats(&t, "slow", &ds);
	assert_int_equal(ds.smp_pairing, 1);
	/* The server MTU of this device is 100. */
	n = tc_att(&t, h, "\x02\x00\x02", 3, r);
	assert_memory_equal(r, "\x03\x64\x00", 3);
	tc_close(&t);
}

/* Characteristic values follow the device's state. */
static void
test_state_values(void **state)
{
	struct tc	t;
	uint8_t		r[64];
	uint16_t	h;

	(void)state;
	tc_open(&t, 0);
	h = tc_connect(&t, TC_LOCK, 1, 40);
	assert_int_equal(tc_att(&t, h, "\x0a\x03\x00", 3, r), 2);
	assert_int_equal(r[1], 0x64);
	assert_int_equal(ectl_set_state(t.c, "lock", "low", NULL), LS_OK);
	assert_int_equal(tc_att(&t, h, "\x0a\x03\x00", 3, r), 2);
	assert_int_equal(r[1], 0x05);
	{
		struct ectl_dev_stats	ds;

		tc_stats(&t, "lock", &ds);
		assert_int_equal(ds.value_reads, 2);
		assert_int_equal(ds.vendor_reads, 0);
		assert_int_equal(ds.att_requests, 2);
	}
	tc_close(&t);
}

static void
test_read_multiple_variable_option(void **state)
{
	struct tc	t;
	uint8_t		r[64];
	uint16_t	h;

	(void)state;
	tc_open(&t, 0);
	h = tc_connect(&t, TC_NORVM, 1, 30);
	assert_int_equal(tc_att(&t, h, "\x20\x03\x00\x03\x00", 5, r), 5);
	assert_memory_equal(r, "\x01\x20\x00\x00\x06", 5);
	assert_int_equal(tc_att(&t, h, "\x0e\x03\x00\x03\x00", 5, r), 3);
	tc_close(&t);
}

/* ---- faults ---- */

static void
test_fault_att_silent(void **state)
{
	struct tc		t;
	struct tc_pkt		k;
	struct ectl_dev_stats	ds;
	uint16_t		h;

	(void)state;
	tc_open(&t, ECTL_FAULT_ATT_SILENT);
	h = tc_connect(&t, TC_LOCK, 1, 40);
	tc_l2cap(&t, h, L2CAP_CID_ATT, (const uint8_t *)"\x02\x00\x02", 3);
	tc_tick(&t, 30);
	tc_event(&t, &k, HC_EVT_NUM_COMPLETED_PACKETS);	/* credits
							   still return */
	tc_tick(&t, 10000);
	tc_none(&t);
	tc_stats(&t, "lock", &ds);
	assert_int_equal(ds.att_requests, 1);
	tc_close(&t);
}

static void
test_fault_att_malformed(void **state)
{
	struct tc	t;
	uint8_t		r[64];
	uint16_t	h;

	(void)state;
	tc_open(&t, ECTL_FAULT_ATT_MALFORMED);
	h = tc_connect(&t, TC_LOCK, 1, 40);
	assert_int_equal(tc_att(&t, h, "\x02\x00\x02", 3, r), 2);
	assert_int_equal(tc_att(&t, h, "\x10\x01\x00\xff\xff\x00\x28", 7, r),
	    14);
	assert_int_equal(r[1], 1);			/* bogus entry length */
	assert_int_equal(tc_att(&t, h, "\x04\x01\x00\xff\xff", 5, r) > 2, 1);
	assert_int_equal(r[1], 7);			/* bogus format */
	assert_int_equal(tc_att(&t, h, "\x0a\x03\x00", 3, r), 2);
	assert_int_equal(r[0], ATT_OP_WRITE_RSP);	/* wrong opcode */
	assert_int_equal(tc_att(&t, h, "\x0a\x33\x00", 3, r), 3);
	assert_int_equal(r[0], ATT_OP_ERROR_RSP);	/* cut error */
	tc_close(&t);
}

static void
test_fault_att_oversized(void **state)
{
	struct tc	t;
	uint8_t		r[600];
	uint16_t	h;

	(void)state;
	tc_open(&t, ECTL_FAULT_ATT_OVERSIZED);
	h = tc_connect(&t, TC_LOCK, 1, 40);
	/* Every response is 16 octets over the ATT_MTU in force. */
	assert_int_equal(tc_att(&t, h, "\x0a\x03\x00", 3, r), 23 + 16);
	assert_int_equal(tc_att(&t, h, "\x02\x00\x02", 3, r), 247 + 16);
	assert_int_equal(tc_att(&t, h, "\x0a\x09\x00", 3, r), 247 + 16);
	tc_close(&t);
}

static void
test_fault_disconnect_mid(void **state)
{
	struct tc		t;
	struct tc_pkt		k;
	struct ectl_stats	st;
	uint8_t			r[64];
	uint16_t		h;

	(void)state;
	tc_open(&t, ECTL_FAULT_DISCONNECT_MID);
	h = tc_connect(&t, TC_LOCK, 1, 40);
	assert_int_equal(tc_att(&t, h, "\x02\x00\x02", 3, r), 3);
	tc_l2cap(&t, h, L2CAP_CID_ATT, (const uint8_t *)
	    "\x10\x01\x00\xff\xff\x00\x28", 7);
	tc_tick(&t, 30);
	tc_event(&t, &k, HC_EVT_NUM_COMPLETED_PACKETS);
	tc_event(&t, &k, HC_EVT_DISCONN_COMPLETE);
	assert_int_equal(k.b[3] | k.b[4] << 8, h);
	assert_int_equal(k.b[5], HC_ERR_CONN_TIMEOUT);
	tc_none(&t);
	ectl_stats(t.c, &st);
	assert_int_equal(st.disconnections, 1);
	/* Connecting again works (and the fault strikes again). */
	h = tc_connect(&t, TC_LOCK, 1, 40);
	assert_int_equal(tc_att(&t, h, "\x02\x00\x02", 3, r), 3);
	tc_close(&t);
}

static void
test_fault_notify_flood(void **state)
{
	struct tc		t;
	struct tc_pkt		k;
	struct ectl_dev_stats	ds;
	uint8_t			r[64];
	uint16_t		h, cid;
	int			i, nt = 0;

	(void)state;
	tc_open(&t, ECTL_FAULT_NOTIFY_FLOOD);
	h = tc_connect(&t, TC_LOCK, 1, 40);
	/* At setup and every event after: notifications of 2a19. */
	for (i = 0; i < 6; i++) {
		assert_int_equal(tc_recv(&t, h, &cid, r), 4);
		assert_int_equal(cid, L2CAP_CID_ATT);
		assert_memory_equal(r, "\x1b\x03\x00\x64", 4);
		nt++;
	}
	tc_none(&t);
	tc_tick(&t, 30);
	while (tc_pop(&t, &k))
		nt += k.type == HC_PKT_ACL;
	assert_int_equal(nt, 12);
	tc_stats(&t, "lock", &ds);
	assert_int_equal(ds.notifications, 12);
	/* The output stays bounded however long nobody reads. */
	tc_tick(&t, 3600 * 1000);
	{
		size_t	n;

		ectl_out_peek(t.c, &n);
		assert_true(n <= ECTL_OUT_CAP_DEFAULT);
	}
	tc_close(&t);
}

/* Reset and host loss drop connections; no advertising while connected. */
static void
test_reset_drops(void **state)
{
	struct tc		t;
	struct ectl_dev_stats	ds;
	uint16_t		h;

	(void)state;
	tc_open(&t, 0);
	h = tc_connect(&t, TC_LOCK, 1, 40);
	tc_cmd(&t, HC_OP_RESET, NULL, 0);
	assert_int_equal(tc_cc(&t, HC_OP_RESET, NULL, NULL), 0);
	tc_none(&t);
	tc_stats(&t, "lock", &ds);
	assert_false(ds.connected);
	tc_acl(&t, h, 0, (const uint8_t *)"\x03\x00\x04\x00\x02\x17\x00", 7);
	tc_tick(&t, 100);
	tc_none(&t);
	assert_int_equal(ectl_dev_stats(t.c, "nope", &ds, NULL), LS_EINPUT);
	tc_masks(&t, 0x1f);		/* Reset restored the default masks */
	h = tc_connect(&t, TC_LOCK, 1, 40);
	ectl_reset(t.c);
	tc_stats(&t, "lock", &ds);
	assert_false(ds.connected);
	assert_int_equal(ds.connections, 2);
	tc_close(&t);
}

/* Reply, Negative Reply parameters (§7.8.31, §7.8.32). */
static size_t
tc_param_reply(uint8_t *p, uint16_t h, uint16_t imin, uint16_t imax)
{
	memset(p, 0, 14);
	put_le16(p, h);
	put_le16(p + 2, imin);
	put_le16(p + 4, imax);
	put_le16(p + 8, 400);			/* 4 s */
	return 14;
}

/*
 * A device with param_request_ms: LE Remote Connection Parameter
 * Request at the first event when bit 5 of the LE mask is set; the
 * Reply updates the link, a second Reply is disallowed, the Negative
 * Reply keeps it, and no answer in 40 s drops the link (0x22).
 */
static void
test_ll_param_request(void **state)
{
	struct tc		t;
	struct tc_pkt		k;
	struct ectl_dev_stats	ds;
	uint8_t			p[14], r[8];
	size_t			rn;
	uint16_t		h;

	(void)state;
	tc_open(&t, 0);
	tc_masks(&t, 0x3f);
	h = tc_connect(&t, TC_NORDIC, 1, 10);
	tc_event(&t, &k, HC_EVT_LE_META);
	assert_int_equal(k.len, 2 + 11);
	assert_int_equal(k.b[2], HC_LE_REM_CONN_PARAM_REQ);
	assert_int_equal(k.b[3] | k.b[4] << 8, h);
	assert_int_equal(k.b[5] | k.b[6] << 8, 80);	/* 100 ms */
	assert_int_equal(k.b[7] | k.b[8] << 8, 80);
	assert_int_equal(k.b[9] | k.b[10] << 8, 0);
	tc_none(&t);
	tc_cmd(&t, HC_OP_LE_REM_CONN_PARAM_REPLY, p,
	    tc_param_reply(p, h, 40, 80));
	assert_int_equal(tc_cc(&t, HC_OP_LE_REM_CONN_PARAM_REPLY, r, &rn), 0);
	assert_int_equal(rn, 2);
	assert_int_equal(r[0] | r[1] << 8, h);
	tc_event(&t, &k, HC_EVT_LE_META);
	assert_int_equal(k.b[2], HC_LE_CONN_UPDATE_COMPLETE);
	assert_int_equal(k.b[6] | k.b[7] << 8, 80);
	tc_cmd(&t, HC_OP_LE_REM_CONN_PARAM_REPLY, p,
	    tc_param_reply(p, h, 40, 80));
	assert_int_equal(tc_cc(&t, HC_OP_LE_REM_CONN_PARAM_REPLY, r, &rn),
	    HC_ERR_COMMAND_DISALLOWED);
	tc_stats(&t, "nordic", &ds);
	assert_int_equal(ds.ll_param_replied, 1);
	assert_int_equal(ds.ll_param_refused, 0);
	tc_close(&t);

	/* Negative Reply: counted, no update, the link stays. */
	tc_open(&t, 0);
	tc_masks(&t, 0x3f);
	h = tc_connect(&t, TC_NORDIC, 1, 10);
	tc_event(&t, &k, HC_EVT_LE_META);
	put_le16(p, h);
	p[2] = HC_ERR_UNACCEPTABLE_CONN_PARAMS;
	tc_cmd(&t, HC_OP_LE_REM_CONN_PARAM_NEG, p, 3);
	assert_int_equal(tc_cc(&t, HC_OP_LE_REM_CONN_PARAM_NEG, r, &rn), 0);
	tc_tick(&t, 60000);
	while (tc_pop(&t, &k))
		assert_int_not_equal(k.b[0], HC_EVT_DISCONN_COMPLETE);
	tc_stats(&t, "nordic", &ds);
	assert_int_equal(ds.ll_param_refused, 1);
	assert_true(ds.connected);
	tc_close(&t);

	/* Unanswered: dropped after the 40 s procedure timeout. */
	tc_open(&t, 0);
	tc_masks(&t, 0x3f);
	h = tc_connect(&t, TC_NORDIC, 1, 10);
	tc_event(&t, &k, HC_EVT_LE_META);
	tc_tick(&t, 39999);
	tc_none(&t);
	tc_tick(&t, 1);
	tc_event(&t, &k, HC_EVT_DISCONN_COMPLETE);
	assert_int_equal(k.b[3] | k.b[4] << 8, h);
	assert_int_equal(k.b[5], HC_ERR_LL_RESPONSE_TIMEOUT);
	tc_close(&t);

	/* Masked (bit 5 clear): the host hears nothing. */
	tc_open(&t, 0);
	h = tc_connect(&t, TC_NORDIC, 1, 10);
	tc_tick(&t, 100);
	tc_none(&t);
	tc_close(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_connect_legacy),
		cmocka_unit_test(test_connect_enhanced),
		cmocka_unit_test(test_connect_extended),
		cmocka_unit_test(test_connect_bad_params),
		cmocka_unit_test(test_connect_timeout_cancel),
		cmocka_unit_test(test_connect_reject),
		cmocka_unit_test(test_disconnect),
		cmocka_unit_test(test_read_rssi),
		cmocka_unit_test(test_att_mtu_and_credits),
		cmocka_unit_test(test_att_fragmented_request),
		cmocka_unit_test(test_att_pacing),
		cmocka_unit_test(test_acl_violations),
		cmocka_unit_test(test_signalling_and_smp),
		cmocka_unit_test(test_state_values),
		cmocka_unit_test(test_read_multiple_variable_option),
		cmocka_unit_test(test_fault_att_silent),
		cmocka_unit_test(test_fault_att_malformed),
		cmocka_unit_test(test_fault_att_oversized),
		cmocka_unit_test(test_fault_disconnect_mid),
		cmocka_unit_test(test_fault_notify_flood),
		cmocka_unit_test(test_reset_drops),
		cmocka_unit_test(test_ll_param_request),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
