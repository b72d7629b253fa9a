/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_emu_controller.c - unit tests for src/emu/controller.c, the emulated LE
 * controller (Bluetooth Core 5.4 Vol 4 Part E).
 *
 * The controller is pure: the tests feed H4 bytes, move a fake clock with
 * ectl_tick() and read the queued events.  No sockets, no sleeping.
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
#include "emu/scenario.h"
#include "hci/hcidef.h"
#include "util/err.h"
#include "util/hex.h"
#include "tests/unit/ectl_rig.h"

/*
 * lock:      ADV_IND, random, 100 ms, scan response, states, GATT.
 * beacon:    ADV_NONCONN_IND, public, 200 ms, RSSI jitter 5.
 * scannable: ADV_SCAN_IND, random, 300 ms, scan response.
 */
static const char te_site[] =
    "{\"scenario\": 1, \"name\": \"unit\", \"ble\": ["
    "{\"id\": \"lock\", \"address\": \"C0:00:00:00:00:01\", "
    "\"address_type\": \"random\", \"interval_ms\": 100, \"rssi\": -60, "
    "\"adv\": \"020106\", \"scan_rsp\": \"03094142\", "
    "\"gatt\": [{\"uuid\": \"180f\", \"characteristics\": [{\"uuid\": "
    "\"2a19\", \"value\": \"64\", \"properties\": [\"read\"]}]}], "
    "\"states\": {\"alt\": {\"adv\": \"020105\"}, "
    "\"norsp\": {\"scan_rsp\": null}, "
    "\"low\": {\"values\": {\"2a19\": \"05\"}}}},"
    "{\"id\": \"beacon\", \"address\": \"00:11:22:33:44:55\", "
    "\"address_type\": \"public\", \"adv_type\": \"ADV_NONCONN_IND\", "
    "\"interval_ms\": 200, \"rssi\": -70, \"rssi_jitter\": 5, "
    "\"adv\": \"0201040303aafe\"},"
    "{\"id\": \"scannable\", \"address\": \"C0:00:00:00:00:03\", "
    "\"address_type\": \"random\", \"adv_type\": \"ADV_SCAN_IND\", "
    "\"interval_ms\": 300, \"rssi\": -80, \"adv\": \"020106\", "
    "\"scan_rsp\": \"020a00\"}],"
    "\"timeline\": [{\"at_ms\": 3000, \"device\": \"lock\", "
    "\"state\": \"alt\"}]}";

#define TE_OP_ADV_PARAMS	HC_OP(0x08, 0x0006)

struct te_rep {
	uint8_t		sub;		/* 0x02 or 0x0d */
	uint16_t	type;
	uint8_t		atype;
	uint8_t		addr[6];
	uint8_t		len;
	uint8_t		data[31];
	int		rssi;
};

struct te {
	struct scn	*s;
	struct ectl	*c;
	uint64_t	 now;	/* clock for commands; te_run advances it */
};

static struct scn *
te_scn(const char *json)
{
	struct ls_errbuf	 eb;
	struct scn		*s = NULL;

	ls_err_clear(&eb);
	if (scn_parse("unit", json, strlen(json), &s, &eb) != LS_OK) {
		print_error("%s\n", eb.msg);
		fail();
	}
	return s;
}

static void
te_open(struct te *t, const char *json, unsigned faults, size_t cap,
    uint64_t seed)
{
	struct ectl_opts	o;

	memset(&o, 0, sizeof o);
	hex_addr_parse(ECTL_BDADDR_DEFAULT, o.bdaddr);
	o.faults = faults;
	o.out_cap = cap;
	o.seed = seed;
	t->now = 0;
	t->s = te_scn(json);
	t->c = ectl_new(t->s, &o);
	assert_non_null(t->c);
}

static void
te_close(struct te *t)
{
	ectl_free(t->c);
	scn_free(t->s);
}

static void
te_cmd(struct te *t, uint16_t op, const void *p, size_t n)
{
	ectl_rig_cmd(t->c, t->now, op, p, n);
}

/* Pop one queued event packet (with indicator); 0 when none. */
static size_t
te_event(struct te *t, uint8_t *out, size_t cap)
{
	const uint8_t	*p;
	size_t		 n, len;

	p = ectl_out_peek(t->c, &n);
	if (n == 0)
		return 0;
	assert_true(n >= 3);
	assert_int_equal(p[0], HC_PKT_EVT);
	len = 3 + (size_t)p[2];
	assert_true(len <= n);
	assert_true(len <= cap);
	memcpy(out, p, len);
	ectl_out_consume(t->c, len);
	return len;
}

/*
 * Pop a Command Complete for op; return its status, copy the return
 * parameters after the status to ret (when not NULL) and their length.
 */
static uint8_t
te_cc(struct te *t, uint16_t op, uint8_t *ret, size_t *retlen)
{
	uint8_t	ev[300];
	size_t	n;

	n = te_event(t, ev, sizeof ev);
	if (n == 0) {
		print_error("no event for command 0x%04x\n", op);
		fail();
	}
	assert_int_equal(ev[1], HC_EVT_CMD_COMPLETE);
	assert_true(n >= 7);
	assert_int_equal(ev[3], 1);		/* Num_HCI_Command_Packets */
	assert_int_equal(ev[4] | ev[5] << 8, op);
	if (ret != NULL)
		memcpy(ret, ev + 7, n - 7);
	if (retlen != NULL)
		*retlen = n - 7;
	return ev[6];
}

static void
te_ok(struct te *t, uint16_t op, const void *p, size_t n)
{
	te_cmd(t, op, p, n);
	assert_int_equal(te_cc(t, op, NULL, NULL), HC_SUCCESS);
}

static uint8_t
te_status(struct te *t, uint16_t op, const void *p, size_t n)
{
	size_t	len;
	uint8_t	st;

	te_cmd(t, op, p, n);
	st = te_cc(t, op, NULL, &len);
	if (st != HC_SUCCESS)
		assert_int_equal(len, 0);	/* errors: status only */
	return st;
}

static void
te_masks(struct te *t, bool ext)
{
	static const uint8_t	ev[8] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x00, 0x20
	};
	uint8_t			le[8] = { 0x1f, 0, 0, 0, 0, 0, 0, 0 };

	if (ext)
		le[1] = 0x10;		/* bit 12: Extended
					   Advertising Report */
	te_ok(t, HC_OP_SET_EVENT_MASK, ev, 8);
	te_ok(t, HC_OP_LE_SET_EVENT_MASK, le, 8);
}

static void
te_scan_legacy(struct te *t, uint8_t type, uint16_t interval,
    uint16_t window, uint8_t filter)
{
	uint8_t	p[7] = { type, (uint8_t)interval, (uint8_t)(interval >> 8),
		    (uint8_t)window, (uint8_t)(window >> 8), 0, 0 };
	uint8_t	e[2] = { 1, filter };

	te_ok(t, HC_OP_LE_SET_SCAN_PARAMS, p, sizeof p);
	te_ok(t, HC_OP_LE_SET_SCAN_ENABLE, e, sizeof e);
}

static void
te_scan_ext(struct te *t, uint8_t type, uint8_t filter, uint16_t duration,
    uint16_t period)
{
	uint8_t	p[8] = { 0, 0, 0x01, type, 0x10, 0, 0x10, 0 };
	uint8_t	e[6] = { 1, filter, (uint8_t)duration,
		    (uint8_t)(duration >> 8), (uint8_t)period,
		    (uint8_t)(period >> 8) };

	te_ok(t, HC_OP_LE_SET_EXT_SCAN_PARAMS, p, sizeof p);
	te_ok(t, HC_OP_LE_SET_EXT_SCAN_ENABLE, e, sizeof e);
}

/* Parse one advertising report event; false if it is something else. */
static bool
te_parse(const uint8_t *ev, size_t n, struct te_rep *r)
{
	memset(r, 0, sizeof *r);
	if (n < 5 || ev[1] != HC_EVT_LE_META)
		return false;
	r->sub = ev[3];
	assert_int_equal(ev[4], 1);		/* Num_Reports */
	if (r->sub == HC_LE_ADV_REPORT) {
		r->type = ev[5];
		r->atype = ev[6];
		memcpy(r->addr, ev + 7, 6);
		r->len = ev[13];
		assert_int_equal(n, 15 + (size_t)r->len);
		assert_int_equal(ev[2], 12 + r->len);
		memcpy(r->data, ev + 14, r->len);
		r->rssi = (int8_t)ev[14 + r->len];
		return true;
	}
	if (r->sub == HC_LE_EXT_ADV_REPORT) {
		r->type = (uint16_t)(ev[5] | ev[6] << 8);
		r->atype = ev[7];
		memcpy(r->addr, ev + 8, 6);
		assert_int_equal(ev[14], 0x01);		/* Primary_PHY 1M */
		assert_int_equal(ev[15], 0x00);		/* Secondary_PHY */
		assert_int_equal(ev[16], 0xff);		/* SID */
		assert_int_equal(ev[17], 0x7f);		/* TX power n/a */
		r->rssi = (int8_t)ev[18];
		assert_int_equal(ev[19] | ev[20] << 8, 0);
		assert_int_equal(ev[21], 0);
		assert_memory_equal(ev + 22, "\0\0\0\0\0\0", 6);
		r->len = ev[28];
		assert_int_equal(n, 29 + (size_t)r->len);
		assert_int_equal(ev[2], 26 + r->len);
		memcpy(r->data, ev + 29, r->len);
		return true;
	}
	return false;
}

/*
 * Tick from..to (ms) in steps, collecting up to max reports (consuming
 * all output).  Returns the number of reports; other events are counted
 * in *other when not NULL.
 */
static size_t
te_run(struct te *t, uint64_t from, uint64_t to, uint64_t step,
    struct te_rep *reps, size_t max, size_t *other)
{
	struct te_rep	r;
	uint8_t		ev[300];
	uint64_t	now;
	size_t		n, got = 0;

	if (other != NULL)
		*other = 0;
	for (now = from; now <= to; now += step) {
		t->now = now;
		ectl_tick(t->c, now);
		while ((n = te_event(t, ev, sizeof ev)) > 0) {
			if (!te_parse(ev, n, &r)) {
				if (other != NULL)
					(*other)++;
				continue;
			}
			if (got < max && reps != NULL)
				reps[got] = r;
			got++;
		}
	}
	return got;
}

static size_t
te_count(const struct te_rep *r, size_t n, uint8_t a0, uint16_t type)
{
	size_t	i, k = 0;

	for (i = 0; i < n; i++)
		k += r[i].addr[0] == a0 && r[i].type == type;
	return k;
}

/* ---- commands ---- */

static void
test_reset_and_credits(void **state)
{
	static const uint16_t	ops[] = {
		HC_OP_RESET, HC_OP_READ_LOCAL_VERSION,
		HC_OP_READ_LOCAL_COMMANDS, HC_OP_READ_LOCAL_FEATURES,
		HC_OP_READ_BUFFER_SIZE, HC_OP_READ_BD_ADDR,
		HC_OP_LE_READ_BUFFER_SIZE, HC_OP_LE_READ_BUFFER_SIZE_V2,
		HC_OP_LE_READ_LOCAL_FEATURES, HC_OP_LE_READ_SUPPORTED_STATES,
	};
	static const uint8_t	want[] = {
		0x04, 0x0e, 0x04, 0x01, 0x03, 0x0c, 0x00
	};
	struct te		t;
	const uint8_t		*p;
	size_t			 n, i;
	struct ectl_stats	 st;

	(void)state;
	te_open(&t, te_site, 0, 0, 1);
	te_cmd(&t, HC_OP_RESET, NULL, 0);
	p = ectl_out_peek(t.c, &n);
	assert_int_equal(n, sizeof want);
	assert_memory_equal(p, want, sizeof want);
	ectl_out_consume(t.c, n);
	/* Every Command Complete grants exactly one credit (te_cc checks). */
	for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
		assert_int_equal(te_status(&t, ops[i], NULL, 0), HC_SUCCESS);
	ectl_stats(t.c, &st);
	assert_int_equal(st.commands, 1 + sizeof ops / sizeof ops[0]);
	assert_int_equal(st.resets, 2);
	te_close(&t);
}

static void
test_info_commands(void **state)
{
	struct te	t;
	uint8_t		r[80], want[64];
	size_t		n;

	(void)state;
	te_open(&t, te_site, 0, 0, 1);
	te_cmd(&t, HC_OP_READ_LOCAL_VERSION, NULL, 0);
	assert_int_equal(te_cc(&t, HC_OP_READ_LOCAL_VERSION, r, &n), 0);
	assert_int_equal(n, 8);
	assert_int_equal(r[0], 0x0d);			/* HCI 5.4 */
	assert_int_equal(r[3], 0x0d);			/* LMP 5.4 */

	/* Supported Commands: exactly the implemented ones (§6.27). */
	memset(want, 0, sizeof want);
	want[0] = 0x20;				/* Disconnect */
	want[5] = 0xc0;				/* Set Event Mask, Reset */
	want[14] = 0xa8;			/* Version, Features, Buffer */
	want[15] = 0x22;			/* Read BD_ADDR, Read RSSI */
	want[25] = 0x17;			/* LE mask, buf, feat, rand */
	want[26] = 0x3c;			/* LE scan params, enable,
						   create conn, cancel */
	want[27] = 0x04;			/* LE Connection Update */
	want[28] = 0x08;			/* LE Read Supported States */
	want[33] = 0x30;			/* LE Remote Connection
						   Parameter Request (Neg.)
						   Reply */
	want[37] = 0xe0;			/* LE ext scan params, enable,
						   ext create conn */
	want[41] = 0x20;			/* LE Read Buffer Size v2 */
	te_cmd(&t, HC_OP_READ_LOCAL_COMMANDS, NULL, 0);
	assert_int_equal(te_cc(&t, HC_OP_READ_LOCAL_COMMANDS, r, &n), 0);
	assert_int_equal(n, 64);
	assert_memory_equal(r, want, 64);

	/* LMP features: bits 37 and 38 only. */
	te_cmd(&t, HC_OP_READ_LOCAL_FEATURES, NULL, 0);
	assert_int_equal(te_cc(&t, HC_OP_READ_LOCAL_FEATURES, r, &n), 0);
	assert_int_equal(n, 8);
	assert_memory_equal(r, "\0\0\0\0\x60\0\0\0", 8);

	/*
	 * LE features: bit 1 Connection Parameters Request procedure, bit
	 * 12 LE Extended Advertising.
	 */
	te_cmd(&t, HC_OP_LE_READ_LOCAL_FEATURES, NULL, 0);
	assert_int_equal(te_cc(&t, HC_OP_LE_READ_LOCAL_FEATURES, r, &n), 0);
	assert_memory_equal(r, "\x02\x10\0\0\0\0\0\0", 8);

	te_cmd(&t, HC_OP_READ_BD_ADDR, NULL, 0);
	assert_int_equal(te_cc(&t, HC_OP_READ_BD_ADDR, r, &n), 0);
	assert_int_equal(n, 6);
	assert_memory_equal(r, "\x01\x53\x00\x5e\x00\x00", 6);

	te_cmd(&t, HC_OP_LE_READ_BUFFER_SIZE, NULL, 0);
	assert_int_equal(te_cc(&t, HC_OP_LE_READ_BUFFER_SIZE, r, &n), 0);
	assert_int_equal(n, 3);
	assert_true((r[0] | r[1] << 8) >= 27 && r[2] > 0);

	te_cmd(&t, HC_OP_LE_READ_BUFFER_SIZE_V2, NULL, 0);
	assert_int_equal(te_cc(&t, HC_OP_LE_READ_BUFFER_SIZE_V2, r, &n), 0);
	assert_int_equal(n, 6);

	te_cmd(&t, HC_OP_READ_BUFFER_SIZE, NULL, 0);
	assert_int_equal(te_cc(&t, HC_OP_READ_BUFFER_SIZE, r, &n), 0);
	assert_int_equal(n, 7);

	/* LE_States: passive and active scanning, initiating, central. */
	te_cmd(&t, HC_OP_LE_READ_SUPPORTED_STATES, NULL, 0);
	assert_int_equal(te_cc(&t, HC_OP_LE_READ_SUPPORTED_STATES, r, &n), 0);
	assert_memory_equal(r, "\xf0\0\0\0\0\0\0\0", 8);
	te_close(&t);
}

static void
test_unknown_and_bad_length(void **state)
{
	struct te		t;
	struct ectl_stats	st;
	uint8_t			p[16];

	(void)state;
	memset(p, 0, sizeof p);
	te_open(&t, te_site, 0, 0, 1);
	assert_int_equal(te_status(&t, TE_OP_ADV_PARAMS, p, 15),
	    HC_ERR_UNKNOWN_COMMAND);
	assert_int_equal(te_status(&t, 0xfc01, NULL, 0),
	    HC_ERR_UNKNOWN_COMMAND);
	assert_int_equal(te_status(&t, 0x0000, NULL, 0),
	    HC_ERR_UNKNOWN_COMMAND);
	assert_int_equal(te_status(&t, HC_OP_RESET, p, 1),
	    HC_ERR_INVALID_PARAMS);
	assert_int_equal(te_status(&t, HC_OP_SET_EVENT_MASK, p, 7),
	    HC_ERR_INVALID_PARAMS);
	assert_int_equal(te_status(&t, HC_OP_READ_BD_ADDR, p, 2),
	    HC_ERR_INVALID_PARAMS);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_RANDOM_ADDRESS, p, 5),
	    HC_ERR_INVALID_PARAMS);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_ENABLE, p, 1),
	    HC_ERR_INVALID_PARAMS);
	ectl_stats(t.c, &st);
	assert_int_equal(st.unknown, 3);
	te_close(&t);
}

/* Garbage, split packets, ACL data: never a crash, commands still work. */
static void
test_h4_robustness(void **state)
{
	static const uint8_t	junk[] = {
		0x00, 0xff, 0x07, 0x42, 0x99, 0x10, 0x20
	};
	static const uint8_t	reset[] = { 0x01, 0x03, 0x0c, 0x00 };
	static const uint8_t	acl[] = { 0x02, 0x40, 0x00, 0x02, 0x00,
					  0xaa, 0xbb };
	struct te		t;
	struct ectl_stats	st;
	uint8_t			buf[4096];
	size_t			i;
	uint32_t		x = 12345;

	(void)state;
	te_open(&t, te_site, 0, 0, 1);
	ectl_input(t.c, junk, sizeof junk, 0);
	for (i = 0; i < sizeof reset; i++)
		ectl_input(t.c, reset + i, 1, 0);
	assert_int_equal(te_cc(&t, HC_OP_RESET, NULL, NULL), 0);
	ectl_input(t.c, acl, sizeof acl, 0);
	ectl_input(t.c, NULL, 0, 0);
	ectl_stats(t.c, &st);
	assert_int_equal(st.junk, sizeof junk);
	assert_int_equal(st.acl_unknown, 1);	/* no connection 0x040 */
	/* Random bytes: answer or ignore, but survive (ASan watches). */
	for (i = 0; i < sizeof buf; i++) {
		x = x * 1103515245 + 12345;
		buf[i] = (uint8_t)(x >> 16);
	}
	for (i = 0; i < 50; i++) {
		ectl_input(t.c, buf, sizeof buf, i);
		ectl_tick(t.c, i);
		ectl_out_consume(t.c, SIZE_MAX);
	}
	/* A command with a length byte running past the data waits. */
	ectl_reset(t.c);
	ectl_input(t.c, (const uint8_t *)"\x01\x03\x0c\x05\x00", 5, 0);
	ectl_out_peek(t.c, &i);
	assert_int_equal(i, 0);
	te_close(&t);
}

/* ---- scanning ---- */

static void
test_event_masks(void **state)
{
	struct te	t;
	struct te_rep	r[64];
	static const uint8_t	only_meta[8] = { 0, 0, 0, 0, 0, 0, 0, 0x20 };

	(void)state;
	te_open(&t, te_site, 0, 0, 1);
	/* Default masks (§7.3.1) do not include LE Meta: nothing. */
	te_scan_legacy(&t, 0, 0x10, 0x10, 0);
	assert_true(ectl_scanning(t.c));
	assert_int_equal(te_run(&t, 0, 1000, 5, r, 64, NULL), 0);
	/* LE Meta on; default LE mask has Advertising Report (bit 1). */
	te_ok(&t, HC_OP_SET_EVENT_MASK, only_meta, 8);
	assert_true(te_run(&t, 1000, 2000, 5, r, 64, NULL) > 0);
	assert_int_equal(r[0].sub, HC_LE_ADV_REPORT);
	/* Extended scanning: default LE mask lacks bit 12. */
	te_ok(&t, HC_OP_RESET, NULL, 0);
	te_ok(&t, HC_OP_SET_EVENT_MASK, only_meta, 8);
	te_scan_ext(&t, 0, 0, 0, 0);
	assert_int_equal(te_run(&t, 2000, 3000, 5, r, 64, NULL), 0);
	te_masks(&t, true);
	assert_true(te_run(&t, 3000, 4000, 5, r, 64, NULL) > 0);
	assert_int_equal(r[0].sub, HC_LE_EXT_ADV_REPORT);
	te_close(&t);
}

static void
test_legacy_passive(void **state)
{
	struct te	t;
	struct te_rep	r[256];
	size_t		n, i;

	(void)state;
	te_open(&t, te_site, 0, 0, 7);
	te_masks(&t, false);
	te_scan_legacy(&t, 0, 0x10, 0x10, 0);
	n = te_run(&t, 0, 2000, 5, r, 256, NULL);
	/* About 2000/105 + 2000/205 + 2000/305 reports, no scan responses. */
	assert_true(n > 25 && n < 45);
	for (i = 0; i < n; i++) {
		assert_int_equal(r[i].sub, HC_LE_ADV_REPORT);
		assert_true(r[i].type != HC_SCAN_RSP);
	}
	i = te_count(r, n, 0x01, HC_ADV_IND);
	assert_true(i >= 17 && i <= 21);
	assert_true(te_count(r, n, 0x55, HC_ADV_NONCONN_IND) > 0);
	assert_true(te_count(r, n, 0x03, HC_ADV_SCAN_IND) > 0);
	for (i = 0; i < n; i++) {
		if (r[i].addr[0] == 0x01) {
			assert_int_equal(r[i].atype, 1);	/* random */
			assert_memory_equal(r[i].addr,
			    "\x01\x00\x00\x00\x00\xc0", 6);
			assert_int_equal(r[i].len, 3);
			assert_memory_equal(r[i].data, "\x02\x01\x06", 3);
			assert_int_equal(r[i].rssi, -60);	/* no jitter */
		} else if (r[i].addr[0] == 0x55) {
			assert_int_equal(r[i].atype, 0);	/* public */
			assert_true(r[i].rssi >= -75 && r[i].rssi <= -65);
		}
	}
	te_close(&t);
}

static void
test_legacy_active(void **state)
{
	struct te	t;
	struct te_rep	r[256];
	size_t		n, i, rsp = 0;

	(void)state;
	te_open(&t, te_site, 0, 0, 7);
	te_masks(&t, false);
	te_scan_legacy(&t, 1, 0x10, 0x10, 0);
	n = te_run(&t, 0, 2000, 5, r, 256, NULL);
	for (i = 0; i < n; i++) {
		if (r[i].type != HC_SCAN_RSP)
			continue;
		rsp++;
		/* Right after the scannable PDU of the same device. */
		assert_true(i > 0);
		assert_memory_equal(r[i].addr, r[i - 1].addr, 6);
		assert_true(r[i - 1].type == HC_ADV_IND ||
		    r[i - 1].type == HC_ADV_SCAN_IND);
		if (r[i].addr[0] == 0x01) {
			assert_int_equal(r[i].len, 4);
			assert_memory_equal(r[i].data, "\x03\x09\x41\x42", 4);
		} else
			assert_memory_equal(r[i].data, "\x02\x0a\x00", 3);
	}
	/* Every ADV_IND / ADV_SCAN_IND got one; the beacon none. */
	assert_int_equal(rsp, te_count(r, n, 0x01, HC_ADV_IND) +
	    te_count(r, n, 0x03, HC_ADV_SCAN_IND));
	assert_int_equal(te_count(r, n, 0x55, HC_SCAN_RSP), 0);
	te_close(&t);
}

static void
test_extended_reports(void **state)
{
	struct te	t;
	struct te_rep	r[256];
	size_t		n;

	(void)state;
	te_open(&t, te_site, 0, 0, 3);
	te_masks(&t, true);
	te_scan_ext(&t, 1, 0, 0, 0);
	n = te_run(&t, 0, 2000, 5, r, 256, NULL);
	assert_true(n > 0);
	assert_int_equal(r[0].sub, HC_LE_EXT_ADV_REPORT);
	assert_true(te_count(r, n, 0x01, 0x0013) > 0);	/* ADV_IND */
	assert_true(te_count(r, n, 0x01, 0x001b) > 0);	/* its SCAN_RSP */
	assert_true(te_count(r, n, 0x55, 0x0010) > 0);	/* NONCONN */
	assert_true(te_count(r, n, 0x03, 0x0012) > 0);	/* ADV_SCAN_IND */
	assert_true(te_count(r, n, 0x03, 0x001a) > 0);	/* its SCAN_RSP */
	assert_int_equal(te_count(r, n, 0x01, 0x0013),
	    te_count(r, n, 0x01, 0x001b));
	te_close(&t);
}

/* §3.1.1: legacy and extended commands cannot be mixed until Reset. */
static void
test_no_mixing(void **state)
{
	static const uint8_t	lp[7] = { 0, 0x10, 0, 0x10, 0, 0, 0 };
	static const uint8_t	xp[8] = { 0, 0, 1, 0, 0x10, 0, 0x10, 0 };
	static const uint8_t	xe[6] = { 0, 0, 0, 0, 0, 0 };
	static const uint8_t	le[2] = { 0, 0 };
	struct te		t;

	(void)state;
	te_open(&t, te_site, 0, 0, 1);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_PARAMS, lp, 7), 0);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_EXT_SCAN_PARAMS, xp, 8),
	    HC_ERR_COMMAND_DISALLOWED);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_EXT_SCAN_ENABLE, xe, 6),
	    HC_ERR_COMMAND_DISALLOWED);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_ENABLE, le, 2), 0);
	te_ok(&t, HC_OP_RESET, NULL, 0);
	/* A failed extended command still counts as "issued". */
	assert_int_equal(te_status(&t, HC_OP_LE_SET_EXT_SCAN_PARAMS, xp, 3),
	    HC_ERR_INVALID_PARAMS);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_PARAMS, lp, 7),
	    HC_ERR_COMMAND_DISALLOWED);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_EXT_SCAN_PARAMS, xp, 8),
	    0);
	te_ok(&t, HC_OP_RESET, NULL, 0);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_PARAMS, lp, 7), 0);
	te_close(&t);
}

static void
test_param_checks(void **state)
{
	struct te	t;
	uint8_t		p[16];

	(void)state;
	te_open(&t, te_site, 0, 0, 1);
	/* Legacy scan parameters (§7.8.10). */
	memcpy(p, "\x02\x10\x00\x10\x00\x00\x00", 7);	/* type 2 */
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_PARAMS, p, 7),
	    HC_ERR_INVALID_PARAMS);
	memcpy(p, "\x00\x03\x00\x03\x00\x00\x00", 7);	/* interval 3 */
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_PARAMS, p, 7),
	    HC_ERR_INVALID_PARAMS);
	memcpy(p, "\x00\x01\x40\x04\x00\x00\x00", 7);	/* 0x4001 */
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_PARAMS, p, 7),
	    HC_ERR_INVALID_PARAMS);
	memcpy(p, "\x00\x10\x00\x20\x00\x00\x00", 7);	/* window > int. */
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_PARAMS, p, 7),
	    HC_ERR_INVALID_PARAMS);
	memcpy(p, "\x00\x10\x00\x10\x00\x04\x00", 7);	/* own addr 4 */
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_PARAMS, p, 7),
	    HC_ERR_INVALID_PARAMS);
	memcpy(p, "\x00\x10\x00\x10\x00\x00\x04", 7);	/* filter 4 */
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_PARAMS, p, 7),
	    HC_ERR_INVALID_PARAMS);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_ENABLE, "\x02\x00",
	    2), HC_ERR_INVALID_PARAMS);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_ENABLE, "\x01\x02",
	    2), HC_ERR_INVALID_PARAMS);
	/* Own address random without a random address set: 0x12. */
	memcpy(p, "\x00\x10\x00\x10\x00\x01\x00", 7);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_PARAMS, p, 7), 0);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_ENABLE, "\x01\x00",
	    2), HC_ERR_INVALID_PARAMS);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_RANDOM_ADDRESS,
	    "\x11\x22\x33\x44\x55\xc6", 6), 0);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_ENABLE, "\x01\x00",
	    2), 0);
	/* While scanning: parameters and random address disallowed. */
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_PARAMS, p, 7),
	    HC_ERR_COMMAND_DISALLOWED);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_RANDOM_ADDRESS,
	    "\x11\x22\x33\x44\x55\xc6", 6), HC_ERR_COMMAND_DISALLOWED);
	/* Enabling again is fine; disabling twice too. */
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_ENABLE, "\x01\x01",
	    2), 0);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_ENABLE, "\x00\x00",
	    2), 0);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_SCAN_ENABLE, "\x00\x00",
	    2), 0);
	assert_false(ectl_scanning(t.c));

	/* Extended (§7.8.64, §7.8.65). */
	te_ok(&t, HC_OP_RESET, NULL, 0);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_EXT_SCAN_PARAMS,
	    "\x00\x00\x00", 3), HC_ERR_INVALID_PARAMS);	/* no PHY */
	assert_int_equal(te_status(&t, HC_OP_LE_SET_EXT_SCAN_PARAMS,
	    "\x00\x00\x01\x00\x10\x00\x10", 7), HC_ERR_INVALID_PARAMS);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_EXT_SCAN_PARAMS,
	    "\x00\x00\x04\x00\x10\x00\x10\x00", 8),
	    HC_ERR_UNSUPPORTED_FEATURE);			/* coded */
	assert_int_equal(te_status(&t, HC_OP_LE_SET_EXT_SCAN_PARAMS,
	    "\x00\x00\x05\x00\x10\x00\x10\x00\x00\x10\x00\x10\x00", 13),
	    HC_ERR_UNSUPPORTED_FEATURE);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_EXT_SCAN_PARAMS,
	    "\x00\x00\x01\x00\x10\x00\x20\x00", 8), HC_ERR_INVALID_PARAMS);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_EXT_SCAN_PARAMS,
	    "\x00\x00\x01\x00\xff\xff\xff\xff", 8), 0);	/* max ok */
	assert_int_equal(te_status(&t, HC_OP_LE_SET_EXT_SCAN_ENABLE,
	    "\x01\x03\x00\x00\x00\x00", 6), HC_ERR_INVALID_PARAMS);
	/* Duration 12.8 s >= period 1.28 s. */
	assert_int_equal(te_status(&t, HC_OP_LE_SET_EXT_SCAN_ENABLE,
	    "\x01\x00\x00\x05\x01\x00", 6), HC_ERR_INVALID_PARAMS);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_EXT_SCAN_ENABLE,
	    "\x01\x00\x00\x00\x00\x00", 6), 0);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_EXT_SCAN_PARAMS,
	    "\x00\x00\x01\x00\x10\x00\x10\x00", 8), HC_ERR_COMMAND_DISALLOWED);
	te_close(&t);
}

static void
test_duplicates(void **state)
{
	struct te	t;
	struct te_rep	r[512];
	size_t		n;

	(void)state;
	te_open(&t, te_site, 0, 0, 5);
	te_masks(&t, false);
	te_scan_legacy(&t, 1, 0x10, 0x10, 1);
	n = te_run(&t, 0, 3000 - 5, 5, r, 512, NULL);
	/* lock: ADV_IND + SCAN_RSP; beacon: 1; scannable: 2. */
	assert_int_equal(n, 5);
	assert_int_equal(te_count(r, n, 0x01, HC_ADV_IND), 1);
	assert_int_equal(te_count(r, n, 0x01, HC_SCAN_RSP), 1);
	/* The timeline switches lock to "alt" at 3 s: new data, reported. */
	n = te_run(&t, 3000, 4000, 5, r, 512, NULL);
	assert_int_equal(n, 1);
	assert_memory_equal(r[0].data, "\x02\x01\x05", 3);
	/* Back to the first data: already seen, not reported. */
	assert_int_equal(ectl_set_state(t.c, "lock", "initial", NULL), LS_OK);
	assert_int_equal(te_run(&t, 4000, 5000, 5, r, 512, NULL), 0);
	/* Re-enabling resets the filter. */
	te_ok(&t, HC_OP_LE_SET_SCAN_ENABLE, "\x00\x00", 2);
	te_ok(&t, HC_OP_LE_SET_SCAN_ENABLE, "\x01\x01", 2);
	assert_int_equal(te_run(&t, 5000, 6000, 5, r, 512, NULL), 5);
	/* Filter off: repeats. */
	te_ok(&t, HC_OP_LE_SET_SCAN_ENABLE, "\x01\x00", 2);
	assert_true(te_run(&t, 6000, 7000, 5, r, 512, NULL) > 20);
	te_close(&t);
}

static void
test_state_switch(void **state)
{
	struct ls_errbuf	 eb;
	struct te		 t;
	struct te_rep		 r[512];
	struct ectl_stats	 st;
	const uint8_t		*v;
	size_t			 n, len;

	(void)state;
	te_open(&t, te_site, 0, 0, 5);
	assert_string_equal(ectl_dev_state(t.c, 0), "initial");
	assert_null(ectl_dev_state(t.c, 3));
	ls_err_clear(&eb);
	assert_int_equal(ectl_set_state(t.c, "ghost", "alt", &eb), LS_EINPUT);
	assert_string_equal(eb.msg, "unknown device 'ghost'");
	ls_err_clear(&eb);
	assert_int_equal(ectl_set_state(t.c, "lock", "broken", &eb),
	    LS_EINPUT);
	assert_string_equal(eb.msg, "device 'lock' has no state 'broken'");

	te_masks(&t, false);
	te_scan_legacy(&t, 1, 0x10, 0x10, 0);
	/* "norsp" removes the scan response, keeps the adv. */
	assert_int_equal(ectl_set_state(t.c, "lock", "norsp", NULL), LS_OK);
	assert_string_equal(ectl_dev_state(t.c, 0), "norsp");
	n = te_run(&t, 0, 1000, 5, r, 512, NULL);
	assert_true(te_count(r, n, 0x01, HC_ADV_IND) > 5);
	assert_int_equal(te_count(r, n, 0x01, HC_SCAN_RSP), 0);
	/* "alt" replaces adv only; the scan response stays removed. */
	assert_int_equal(ectl_set_state(t.c, "lock", "alt", NULL), LS_OK);
	n = te_run(&t, 1000, 2000, 5, r, 512, NULL);
	assert_int_equal(te_count(r, n, 0x01, HC_SCAN_RSP), 0);
	/* "initial" restores everything. */
	assert_int_equal(ectl_set_state(t.c, "lock", "initial", NULL), LS_OK);
	n = te_run(&t, 2000, 2999, 5, r, 512, NULL);
	assert_true(te_count(r, n, 0x01, HC_SCAN_RSP) > 5);

	/* Values. */
	assert_true(ectl_char_value(t.c, 0, 0, &v, &len));
	assert_int_equal(len, 1);
	assert_int_equal(v[0], 0x64);
	assert_int_equal(ectl_set_state(t.c, "lock", "low", NULL), LS_OK);
	assert_true(ectl_char_value(t.c, 0, 0, &v, &len));
	assert_int_equal(v[0], 0x05);
	assert_false(ectl_char_value(t.c, 0, 1, &v, &len));
	assert_false(ectl_char_value(t.c, 1, 0, &v, &len));

	/* Host gone: the site keeps its states. */
	ectl_reset(t.c);
	assert_false(ectl_scanning(t.c));
	assert_string_equal(ectl_dev_state(t.c, 0), "low");
	ectl_stats(t.c, &st);
	assert_int_equal(st.switches, 4);
	te_close(&t);
}

static void
test_timeline(void **state)
{
	struct te	t;
	struct ectl_opts o;

	(void)state;
	memset(&o, 0, sizeof o);
	o.origin_ms = 10000;
	t.now = 0;
	t.s = te_scn(te_site);
	t.c = ectl_new(t.s, &o);
	assert_non_null(t.c);
	/* Not scanning: the only work is the timeline entry. */
	assert_int_equal(ectl_next_due(t.c), 13000);
	ectl_tick(t.c, 12999);
	assert_string_equal(ectl_dev_state(t.c, 0), "initial");
	ectl_tick(t.c, 13000);
	assert_string_equal(ectl_dev_state(t.c, 0), "alt");
	assert_int_equal(ectl_next_due(t.c), UINT64_MAX);
	te_close(&t);
}

/* The same seed gives the same bytes; RSSI stays within the jitter. */
static void
test_seed_and_jitter(void **state)
{
	struct te	 a, b;
	const uint8_t	*pa, *pb;
	size_t		 na, nb;
	struct te_rep	 r[512];
	size_t		 n, i;
	int		 lo = 0, hi = -127;

	(void)state;
	te_open(&a, te_site, 0, 0, 42);
	te_open(&b, te_site, 0, 0, 42);
	te_masks(&a, false);
	te_masks(&b, false);
	te_scan_legacy(&a, 1, 0x10, 0x10, 0);
	te_scan_legacy(&b, 1, 0x10, 0x10, 0);
	ectl_tick(a.c, 1500);
	ectl_tick(b.c, 1500);
	pa = ectl_out_peek(a.c, &na);
	pb = ectl_out_peek(b.c, &nb);
	assert_true(na > 0);
	assert_int_equal(na, nb);
	assert_memory_equal(pa, pb, na);
	n = te_run(&a, 1500, 20000, 10, r, 512, NULL);
	for (i = 0; i < n && i < 512; i++) {
		if (r[i].addr[0] != 0x55)
			continue;
		if (r[i].rssi < lo)
			lo = r[i].rssi;
		if (r[i].rssi > hi)
			hi = r[i].rssi;
	}
	assert_int_equal(lo, -75);
	assert_int_equal(hi, -65);
	te_close(&a);
	te_close(&b);
}

/* A scan window half the interval hears about half the events. */
static void
test_scan_window(void **state)
{
	struct te	t;
	size_t		full, half;

	(void)state;
	te_open(&t, te_site, 0, 0, 9);
	te_masks(&t, false);
	te_scan_legacy(&t, 0, 0x40, 0x40, 0);
	full = te_run(&t, 0, 20000, 5, NULL, 0, NULL);
	te_ok(&t, HC_OP_LE_SET_SCAN_ENABLE, "\x00\x00", 2);
	te_scan_legacy(&t, 0, 0x40, 0x20, 0);
	half = te_run(&t, 20000, 40000, 5, NULL, 0, NULL);
	assert_true(full > 250);
	assert_true(half > full * 3 / 10 && half < full * 7 / 10);
	te_close(&t);
}

/* Extended scan with a Duration ends with LE Scan Timeout (§7.7.65.17). */
static void
test_ext_duration(void **state)
{
	static const uint8_t	le[8] = { 0x1f, 0x10, 0x01, 0, 0, 0, 0, 0 };
	struct te		t;
	struct te_rep		r[64];
	size_t			n, other;
	uint8_t			ev[16];

	(void)state;
	te_open(&t, te_site, 0, 0, 2);
	te_masks(&t, true);
	te_ok(&t, HC_OP_LE_SET_EVENT_MASK, le, 8);	/* + bit 16 */
	te_scan_ext(&t, 0, 0, 50, 0);			/* 500 ms */
	assert_true(ectl_next_due(t.c) <= 500);
	n = te_run(&t, 0, 499, 1, NULL, 0, &other);
	assert_true(n > 0);
	assert_int_equal(other, 0);
	assert_true(ectl_scanning(t.c));
	ectl_tick(t.c, 500);
	assert_false(ectl_scanning(t.c));
	assert_int_equal(te_event(&t, ev, sizeof ev), 4);
	assert_memory_equal(ev, "\x04\x3e\x01\x11", 4);
	assert_int_equal(te_run(&t, 500, 2000, 5, NULL, 0, NULL), 0);

	/* Without bit 16 in the LE mask the timeout is silent. */
	te_masks(&t, true);
	te_ok(&t, HC_OP_LE_SET_EXT_SCAN_ENABLE, "\x01\x00\x32\x00\x00\x00", 6);
	te_run(&t, 2000, 2600, 5, NULL, 0, &other);
	assert_int_equal(other, 0);
	assert_false(ectl_scanning(t.c));

	/* Period: 200 ms every 1.28 s, duplicates reset each period. */
	te_ok(&t, HC_OP_LE_SET_EXT_SCAN_ENABLE, "\x01\x02\x14\x00\x01\x00", 6);
	n = te_run(&t, t.now, t.now + 4 * 1280 - 1, 5, r, 64, NULL);
	/* lock (every ~105 ms) is seen once in each of the 4 periods. */
	assert_int_equal(te_count(r, n, 0x01, 0x0013), 4);
	assert_true(n <= 12);
	assert_true(ectl_scanning(t.c));
	te_close(&t);
}

/* A slow host: reports are dropped at the cap, commands never. */
static void
test_output_cap(void **state)
{
	struct te		t;
	struct ectl_stats	st;
	const uint8_t		*p;
	size_t			 n;

	(void)state;
	te_open(&t, te_site, 0, 200, 1);
	te_masks(&t, false);
	te_scan_legacy(&t, 1, 0x10, 0x10, 0);
	ectl_tick(t.c, 5000);
	for (n = 5; n < 60; n++)
		ectl_tick(t.c, n * 100);
	ectl_stats(t.c, &st);
	assert_true(st.dropped > 0);
	p = ectl_out_peek(t.c, &n);
	assert_true(n <= 200 && n > 150);
	assert_true(st.reports > 5);
	/* A command is still answered (after the queued reports). */
	te_cmd(&t, HC_OP_READ_BD_ADDR, NULL, 0);
	p = ectl_out_peek(t.c, &n);
	assert_true(n > 200);
	assert_int_equal(p[n - 12], 0x0e);
	assert_int_equal(p[n - 9] | p[n - 8] << 8, HC_OP_READ_BD_ADDR);
	te_close(&t);
}

static void
test_faults(void **state)
{
	struct te	 t;
	const uint8_t	*p;
	size_t		 n;
	uint8_t		 r[80];

	(void)state;
	assert_int_equal(ectl_fault_parse("silent"), ECTL_FAULT_SILENT);
	assert_int_equal(ectl_fault_parse("hangup"), ECTL_FAULT_HANGUP);
	assert_int_equal(ectl_fault_parse("nope"), 0);

	te_open(&t, te_site, ECTL_FAULT_SILENT, 0, 1);
	te_cmd(&t, HC_OP_RESET, NULL, 0);
	te_cmd(&t, HC_OP_READ_BD_ADDR, NULL, 0);
	te_cmd(&t, 0xfc01, NULL, 0);
	ectl_tick(t.c, 10000);
	p = ectl_out_peek(t.c, &n);
	assert_int_equal(n, 0);
	(void)p;
	te_close(&t);

	te_open(&t, te_site, ECTL_FAULT_NO_RESET, 0, 1);
	te_cmd(&t, HC_OP_RESET, NULL, 0);
	ectl_out_peek(t.c, &n);
	assert_int_equal(n, 0);
	assert_int_equal(te_status(&t, HC_OP_READ_BD_ADDR, NULL, 0), 0);
	te_close(&t);

	te_open(&t, te_site, ECTL_FAULT_LEGACY_ONLY, 0, 1);
	te_cmd(&t, HC_OP_LE_READ_LOCAL_FEATURES, NULL, 0);
	assert_int_equal(te_cc(&t, HC_OP_LE_READ_LOCAL_FEATURES, r, &n), 0);
	assert_memory_equal(r, "\x02\0\0\0\0\0\0\0", 8);
	te_cmd(&t, HC_OP_READ_LOCAL_COMMANDS, NULL, 0);
	assert_int_equal(te_cc(&t, HC_OP_READ_LOCAL_COMMANDS, r, &n), 0);
	assert_int_equal(r[37], 0);
	assert_int_equal(r[26], 0x3c);
	assert_int_equal(te_status(&t, HC_OP_LE_SET_EXT_SCAN_PARAMS,
	    "\x00\x00\x01\x00\x10\x00\x10\x00", 8), HC_ERR_UNKNOWN_COMMAND);
	/* Unknown commands do not lock the host out of legacy scanning. */
	te_masks(&t, false);
	te_scan_legacy(&t, 0, 0x10, 0x10, 0);
	assert_true(te_run(&t, 0, 1000, 5, NULL, 0, NULL) > 0);
	te_close(&t);

	te_open(&t, te_site, ECTL_FAULT_HANGUP, 0, 1);
	assert_false(ectl_hangup(t.c));
	assert_int_equal(te_status(&t, HC_OP_READ_BD_ADDR, NULL, 0), 0);
	te_cmd(&t, HC_OP_RESET, NULL, 0);
	te_cmd(&t, HC_OP_READ_BD_ADDR, NULL, 0);	/* ignored now */
	assert_true(ectl_hangup(t.c));
	assert_int_equal(te_cc(&t, HC_OP_RESET, NULL, NULL), 0);
	ectl_out_peek(t.c, &n);
	assert_int_equal(n, 0);
	ectl_reset(t.c);
	assert_false(ectl_hangup(t.c));
	te_close(&t);
}

/* 2,000 devices at 100 ms: about 20,000 reports a second, all queued. */
static void
test_many_devices(void **state)
{
	struct te		 t;
	struct ectl_stats	 st;
	char			*json;
	size_t			 len = 0, n, k;
	uint64_t		 now;
	FILE			*p;

	(void)state;
	p = popen("sh tests/scenarios/gen-many.sh 2000 | "
	    "sed 's/\"interval_ms\": 1000/\"interval_ms\": 100/'", "r");
	assert_non_null(p);
	json = malloc(1 << 20);
	assert_non_null(json);
	while ((n = fread(json + len, 1, (1 << 20) - 1 - len, p)) > 0)
		len += n;
	json[len] = '\0';
	assert_int_equal(pclose(p), 0);
	te_open(&t, json, 0, 0, 11);
	te_masks(&t, false);
	te_scan_legacy(&t, 0, 0x10, 0x10, 0);
	for (now = 0; now <= 2000; now += 4) {
		ectl_tick(t.c, now);
		ectl_out_peek(t.c, &k);
		ectl_out_consume(t.c, k);
		assert_true(ectl_next_due(t.c) > now);
	}
	ectl_stats(t.c, &st);
	/* 2 s x 2000 devices / 105 ms mean interval. */
	assert_true(st.reports > 36000 && st.reports < 40000);
	assert_int_equal(st.dropped, 0);
	te_close(&t);
	free(json);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_and_credits),
		cmocka_unit_test(test_info_commands),
		cmocka_unit_test(test_unknown_and_bad_length),
		cmocka_unit_test(test_h4_robustness),
		cmocka_unit_test(test_event_masks),
		cmocka_unit_test(test_legacy_passive),
		cmocka_unit_test(test_legacy_active),
		cmocka_unit_test(test_extended_reports),
		cmocka_unit_test(test_no_mixing),
		cmocka_unit_test(test_param_checks),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_state_switch),
		cmocka_unit_test(test_timeline),
		cmocka_unit_test(test_seed_and_jitter),
		cmocka_unit_test(test_scan_window),
		cmocka_unit_test(test_ext_duration),
		cmocka_unit_test(test_output_cap),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_many_devices),
	};

	return cmocka_run_group_tests_name("emu_controller", tests, NULL, NULL);
}
