/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_emu_att.c - unit tests for src/emu/att_server.c, the emulated
 * lock's ATT server (Bluetooth Core 5.4 Vol 3 Part F, Part G §3).
 *
 * Each test is a scripted exchange: a request PDU in, the exact response
 * PDU expected out.  PDU layouts are those of Vol 3 Part F §3.4; the
 * attribute layout of Part G §3 (service, declaration, value, CCCD).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "emu/att_server.h"
#include "emu/emudef.h"
#include "emu/scenario.h"
#include "util/err.h"

/*
 * Handles:
 *   1 svc 180a          2 decl  3 2a29 "Acme"   4 decl  5 2a24 (24 bytes)
 *   6 svc 180f          7 decl  8 2a19 0x5a     9 CCCD
 *  10 svc vendor-128   11 decl 12 secret (read)
 *                      13 decl 14 encrypted    15 decl 16 authenticated
 *                      17 decl 18 write-only
 *  19 svc 1805         20 decl 21 2a2b (10 bytes)
 */
static const char ta_site[] =
    "{\"scenario\": 1, \"ble\": [{\"id\": \"lock\", "
    "\"address\": \"C0:00:00:00:00:01\", \"address_type\": \"random\", "
    "\"rssi\": -60, \"adv\": \"020106\", \"gatt\": ["
    "{\"uuid\": \"180a\", \"characteristics\": ["
    " {\"uuid\": \"2a29\", \"value\": \"41636d65\", "
    "\"properties\": [\"read\"]},"
    " {\"uuid\": \"2a24\", \"value\": "
    "\"4c6f636b6d61737465722050726f2034303030204d6b4949\", "
    "\"properties\": [\"read\"]}]},"
    "{\"uuid\": \"180f\", \"characteristics\": ["
    " {\"uuid\": \"2a19\", \"value\": \"5a\", "
    "\"properties\": [\"read\", \"notify\"]}]},"
    "{\"uuid\": \"a92ee200-5501-11e4-916c-0800200c9a66\", "
    "\"characteristics\": ["
    " {\"uuid\": \"a92ee202-5501-11e4-916c-0800200c9a66\", "
    "\"value\": \"68756e74657232\", \"properties\": [\"read\"]},"
    " {\"uuid\": \"2a2b\", \"value\": \"e8070b170c0000000000\", "
    "\"properties\": [\"read\"], \"security\": \"encrypted\"},"
    " {\"uuid\": \"2bed\", \"value\": \"01\", \"properties\": [\"read\"], "
    "\"security\": \"authenticated\"},"
    " {\"uuid\": \"2a06\", \"properties\": [\"write\"]}]},"
    "{\"uuid\": \"1805\", \"characteristics\": ["
    " {\"uuid\": \"2a2b\", \"value\": \"e8070b170c1e2d010000\", "
    "\"properties\": [\"read\"]}]}"
    "]}]}";

struct ta {
	struct scn	*s;
	struct eatt_db	*db;
	struct eatt_srv	 srv;
};

static void
ta_open(struct ta *t, uint16_t mtu, bool rmv)
{
	struct ls_errbuf	eb;

	ls_err_clear(&eb);
	t->s = NULL;
	if (scn_parse("unit", ta_site, strlen(ta_site), &t->s, &eb) != LS_OK) {
		print_error("%s\n", eb.msg);
		fail();
	}
	t->db = eatt_db_new(scn_ble(t->s, 0));
	assert_non_null(t->db);
	eatt_srv_init(&t->srv, mtu, rmv);
}

static void
ta_close(struct ta *t)
{
	eatt_db_free(t->db);
	scn_free(t->s);
}

/* Hex string (spaces allowed) to bytes; returns the count. */
static size_t
ta_hex(const char *h, uint8_t *out, size_t cap)
{
	size_t		n = 0;
	unsigned	v;

	for (; *h != '\0'; h++) {
		if (*h == ' ')
			continue;
		assert_true(n < cap);
		assert_int_equal(sscanf(h, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		h++;
	}
	return n;
}

/* Send req, expect exactly rsp ("" for no response). */
static void
ta_x(struct ta *t, const char *req, const char *rsp)
{
	uint8_t	in[600], want[600], out[EATT_PDU_MAX];
	size_t	n, m, i, got;

	n = ta_hex(req, in, sizeof in);
	m = ta_hex(rsp, want, sizeof want);
	got = eatt_handle(t->db, &t->srv, NULL, in, n, out);
	if (got != m || memcmp(out, want, m) != 0) {
		print_error("request %s: want %s, got ", req, rsp);
		for (i = 0; i < got; i++)
			print_error("%02x", out[i]);
		print_error("\n");
		fail();
	}
	assert_true(got <= t->srv.mtu);
}

static void
test_layout(void **state)
{
	struct ta	t;

	(void)state;
	ta_open(&t, 247, true);
	assert_int_equal(eatt_db_count(t.db), 21);
	assert_int_equal(eatt_value_handle(t.db, 0), 3);
	assert_int_equal(eatt_value_handle(t.db, 2), 8);
	assert_int_equal(eatt_value_handle(t.db, 3), 12);
	assert_int_equal(eatt_value_handle(t.db, 7), 21);
	assert_int_equal(eatt_value_handle(t.db, 8), 0);
	ta_close(&t);
}

/* §3.4.2: ATT_MTU = min(client, server), never below 23. */
static void
test_mtu(void **state)
{
	struct ta	t;

	(void)state;
	ta_open(&t, 247, true);
	assert_int_equal(t.srv.mtu, 23);
	ta_x(&t, "02 0002", "03 f700");		/* client 512 */
	assert_int_equal(t.srv.mtu, 247);
	ta_x(&t, "02 1700", "03 f700");		/* again: unchanged */
	assert_int_equal(t.srv.mtu, 247);
	ta_close(&t);

	ta_open(&t, 247, true);
	ta_x(&t, "02 6400", "03 f700");		/* client 100 */
	assert_int_equal(t.srv.mtu, 100);
	ta_close(&t);

	ta_open(&t, 23, true);
	ta_x(&t, "02 1000", "03 1700");		/* client 16: stays 23 */
	assert_int_equal(t.srv.mtu, 23);
	ta_x(&t, "02 17", "01 02 0000 04");	/* short: Invalid PDU */
	ta_close(&t);
}

/* §3.4.4.9: primary services; 16- and 128-bit UUIDs answered apart. */
static void
test_read_group(void **state)
{
	struct ta	t;

	(void)state;
	ta_open(&t, 23, true);
	ta_x(&t, "10 0100 ffff 0028", "11 06 0100 0500 0a18 0600 0900 0f18");
	ta_x(&t, "10 0a00 ffff 0028", "11 14 0a00 1200 "
	    "669a0c2000086c91e411015500e22ea9");
	ta_x(&t, "10 1300 ffff 0028", "11 06 1300 1500 0518");
	ta_x(&t, "10 1600 ffff 0028", "01 10 1600 0a");	/* past the end */
	ta_x(&t, "10 0000 ffff 0028", "01 10 0000 01");	/* start 0 */
	ta_x(&t, "10 0500 0100 0028", "01 10 0500 01");	/* start > end */
	ta_x(&t, "10 0100 ffff 0128", "01 10 0100 0a");	/* no secondary */
	ta_x(&t, "10 0100 ffff 0328", "01 10 0100 10");	/* not a group */
	/* 0x2800 as a 128-bit UUID on the Base UUID is the same type. */
	ta_x(&t, "10 0100 ffff fb349b5f800000800010000000280000",
	    "11 06 0100 0500 0a18 0600 0900 0f18");
	ta_x(&t, "10 0100 0500 002800", "01 10 0000 04");	/* bad UUID */
	ta_close(&t);
}

/* §3.4.4.1: characteristic declarations; stop where the size changes. */
static void
test_read_type_decls(void **state)
{
	struct ta	t;

	(void)state;
	ta_open(&t, 23, true);
	/* 7-octet entries: (23 - 2) / 7 = 3 fit. */
	ta_x(&t, "08 0100 ffff 0328",
	    "09 07 0200 020300292a 0400 020500242a 0700 120800192a");
	/* A 128-bit declaration fills the PDU exactly (2 + 21). */
	ta_x(&t, "08 0800 ffff 0328", "09 15 0b00 020c00 "
	    "669a0c2000086c91e411015502e22ea9");
	ta_x(&t, "08 1400 ffff 0328", "09 07 1400 021500 2b2a");
	ta_x(&t, "08 1600 ffff 0328", "01 08 1600 0a");
	ta_x(&t, "08 0100 ffff 03", "01 08 0000 04");
	ta_close(&t);
}

/* Read By Type on values: security errors first, or ends the list. */
static void
test_read_type_values(void **state)
{
	struct ta	t;

	(void)state;
	ta_open(&t, 23, true);
	ta_x(&t, "08 0100 ffff 192a", "09 03 0800 5a");
	/* First 2a2b (handle 14) needs encryption: that error. */
	ta_x(&t, "08 0100 ffff 2b2a", "01 08 0e00 0f");
	/* From handle 15 the readable 2a2b at 21 is found. */
	ta_x(&t, "08 0f00 ffff 2b2a", "09 0c 1500 e8070b170c1e2d010000");
	ta_x(&t, "08 0100 ffff ed2b", "01 08 1000 05");
	ta_x(&t, "08 0100 ffff 062a", "01 08 1200 02");
	ta_x(&t, "08 0100 ffff 9999", "01 08 0100 0a");
	/* A long value is cut to ATT_MTU - 4 = 19 octets. */
	ta_x(&t, "08 0100 ffff 242a",
	    "09 15 0500 4c6f636b6d61737465722050726f2034303030");
	ta_close(&t);
}

/* §3.4.3.1: Find Information, format 1 (16-bit) and 2 (128-bit). */
static void
test_find_info(void **state)
{
	struct ta	t;

	(void)state;
	ta_open(&t, 23, true);
	ta_x(&t, "04 0100 ffff", "05 01 0100 0028 0200 0328 0300 292a "
	    "0400 0328 0500 242a");
	ta_x(&t, "04 0800 ffff", "05 01 0800 192a 0900 0229 0a00 0028 "
	    "0b00 0328");
	ta_x(&t, "04 0c00 ffff",
	    "05 02 0c00 669a0c2000086c91e411015502e22ea9");
	ta_x(&t, "04 0900 0900", "05 01 0900 0229");
	ta_x(&t, "04 1600 ffff", "01 04 1600 0a");
	ta_x(&t, "04 0000 ffff", "01 04 0000 01");
	ta_x(&t, "04 0100 ff", "01 04 0000 04");
	ta_close(&t);
}

/* §3.4.3.3: primary service discovery by UUID. */
static void
test_find_type(void **state)
{
	struct ta	t;

	(void)state;
	ta_open(&t, 23, true);
	ta_x(&t, "06 0100 ffff 0028 0f18", "07 0600 0900");
	ta_x(&t, "06 0100 ffff 0028 669a0c2000086c91e411015500e22ea9",
	    "07 0a00 1200");
	ta_x(&t, "06 0100 ffff 0028 1218", "01 06 0100 0a");
	ta_x(&t, "06 0000 ffff 0028 0f18", "01 06 0000 01");
	ta_close(&t);
}

/* §3.4.4.3, §3.4.4.5: Read and Read Blob, permissions and security. */
static void
test_read_and_blob(void **state)
{
	struct ta	t;

	(void)state;
	ta_open(&t, 23, true);
	ta_x(&t, "0a 0300", "0b 41636d65");
	ta_x(&t, "0a 0100", "0b 0a18");			/* service */
	ta_x(&t, "0a 0700", "0b 12 0800 192a");		/* declaration */
	ta_x(&t, "0a 0900", "0b 0000");			/* CCCD */
	assert_int_equal(t.srv.value_reads, 1);		/* 2a29 only */
	ta_x(&t, "0a 0c00", "0b 68756e74657232");	/* the vendor secret */
	assert_int_equal(t.srv.value_reads, 2);
	assert_int_equal(t.srv.vendor_reads, 1);
	ta_x(&t, "0a 0e00", "01 0a 0e00 0f");		/* encrypted */
	ta_x(&t, "0a 1000", "01 0a 1000 05");		/* authenticated */
	ta_x(&t, "0a 1200", "01 0a 1200 02");		/* write only */
	ta_x(&t, "0a 0000", "01 0a 0000 01");
	ta_x(&t, "0a 1600", "01 0a 1600 01");
	ta_x(&t, "0a 16", "01 0a 0000 04");
	/* 24-octet model: Read gives ATT_MTU - 1 = 22, Read Blob the rest. */
	ta_x(&t, "0a 0500", "0b 4c6f636b6d61737465722050726f2034303030204d6b");
	ta_x(&t, "0c 0500 1600", "0d 4949");
	ta_x(&t, "0c 0500 1800", "0d");
	ta_x(&t, "0c 0500 1900", "01 0c 0500 07");	/* Invalid Offset */
	ta_x(&t, "0c 0300 0000", "01 0c 0300 0b");	/* Not Long */
	ta_x(&t, "0c 0e00 0000", "01 0c 0e00 0f");
	ta_x(&t, "0c 2000 0000", "01 0c 2000 01");
	ta_close(&t);
}

/* §3.4.4.7 Read Multiple, §3.4.4.11 Read Multiple Variable Length. */
static void
test_read_multiple(void **state)
{
	struct ta	t;

	(void)state;
	ta_open(&t, 23, true);
	ta_x(&t, "0e 0300 0800", "0f 41636d65 5a");
	ta_x(&t, "0e 0300 0e00", "01 0e 0e00 0f");
	ta_x(&t, "0e 0300 1600", "01 0e 1600 01");
	ta_x(&t, "0e 0300 08", "01 0e 0000 04");
	ta_x(&t, "0e 0300", "01 0e 0000 04");		/* one handle */
	/* Concatenation cut at ATT_MTU - 1. */
	ta_x(&t, "0e 0500 0300",
	    "0f 4c6f636b6d61737465722050726f2034303030204d6b");

	ta_x(&t, "20 0300 0800", "21 0400 41636d65 0100 5a");
	ta_x(&t, "20 0300 1000", "01 20 1000 05");
	ta_x(&t, "20 0300 0c00 0800", "21 0400 41636d65 0700 68756e74657232 "
	    "0100 5a");
	/* Full length in the tuple, value cut: the client sees the cut. */
	ta_x(&t, "20 0500 0300",
	    "21 1800 4c6f636b6d61737465722050726f203430303020");
	ta_x(&t, "20 0300 08", "01 20 0000 04");
	assert_int_equal(t.srv.vendor_reads, 1);
	/* Values cut off by the ATT_MTU are not counted. */
	assert_int_equal(t.srv.value_reads, 2 + 1 + 2 + 3 + 1);
	ta_close(&t);

	ta_open(&t, 23, false);
	ta_x(&t, "20 0300 0800", "01 20 0000 06");	/* not supported */
	ta_x(&t, "0e 0300 0800", "0f 41636d65 5a");
	ta_close(&t);
}

/* Writes are answered, never change a value, and are counted. */
static void
test_writes(void **state)
{
	struct ta	t;

	(void)state;
	ta_open(&t, 23, true);
	ta_x(&t, "12 1200 01", "13");
	ta_x(&t, "12 0900 0100", "13");			/* CCCD */
	ta_x(&t, "12 0300 41", "01 12 0300 03");	/* read only */
	ta_x(&t, "12 0100 00", "01 12 0100 03");	/* service */
	ta_x(&t, "12 3000 00", "01 12 3000 01");
	ta_x(&t, "12 30", "01 12 0000 04");
	ta_x(&t, "52 1200 01", "");			/* Write Command */
	ta_x(&t, "d2 1200 01 000000000000000000000000", "");
	ta_x(&t, "0a 0300", "0b 41636d65");		/* unchanged */
	ta_x(&t, "0a 0900", "0b 0000");
	assert_int_equal(t.srv.writes, 7);
	ta_close(&t);
}

/* §3.3.1, §3.4.1.1: unsupported requests answered, commands ignored. */
static void
test_unsupported(void **state)
{
	struct ta	t;
	uint8_t		out[EATT_PDU_MAX];

	(void)state;
	ta_open(&t, 23, true);
	ta_x(&t, "16 1200 0000 01", "01 16 0000 06");	/* Prepare Write */
	ta_x(&t, "18 01", "01 18 0000 06");		/* Execute Write */
	ta_x(&t, "3f", "01 3f 0000 06");		/* unknown request */
	ta_x(&t, "7f 00", "");				/* unknown command */
	ta_x(&t, "1e", "");				/* confirmation */
	ta_x(&t, "1b 0800 5a", "");			/* not for a server */
	ta_x(&t, "0b 00", "");
	assert_int_equal(eatt_handle(t.db, &t.srv, NULL, out, 0, out), 0);
	assert_int_equal(t.srv.confirms, 1);
	assert_int_equal(t.srv.requests, 3);
	assert_true(eatt_is_request(ATT_OP_READ_MULT_VAR_REQ));
	assert_false(eatt_is_request(ATT_OP_WRITE_CMD));
	assert_false(eatt_is_request(ATT_OP_CONFIRM));
	ta_close(&t);
}

/* Larger MTU: whole values, and never a response over ATT_MTU. */
static void
test_large_mtu(void **state)
{
	struct ta	t;
	uint8_t		pdu[3], out[EATT_PDU_MAX];
	uint16_t	h;
	size_t		n;

	(void)state;
	ta_open(&t, 517, true);
	ta_x(&t, "02 0502", "03 0502");
	assert_int_equal(t.srv.mtu, 517);
	ta_x(&t, "0a 0500",
	    "0b 4c6f636b6d61737465722050726f2034303030204d6b4949");
	ta_x(&t, "0c 0500 0000", "01 0c 0500 0b");
	ta_x(&t, "04 0100 ffff", "05 01 0100 0028 0200 0328 0300 292a "
	    "0400 0328 0500 242a 0600 0028 0700 0328 0800 192a 0900 0229 "
	    "0a00 0028 0b00 0328");
	for (h = 0; h < 0x20; h++) {
		pdu[0] = ATT_OP_READ_REQ;
		pdu[1] = (uint8_t)h;
		pdu[2] = 0;
		n = eatt_handle(t.db, &t.srv, NULL, pdu, 3, out);
		assert_true(n >= 1 && n <= t.srv.mtu);
	}
	ta_close(&t);
}

/* Values come from the live state array when one is given. */
static void
test_state_values(void **state)
{
	struct ta			 t;
	const struct scn_ble		*sb;
	const struct scn_setval		*vals[8];
	struct scn_setval		 low = { 2, 1, (uint8_t *)"\x05" };
	uint8_t				 out[EATT_PDU_MAX];
	size_t				 i, n;

	(void)state;
	ta_open(&t, 23, true);
	sb = scn_ble(t.s, 0);
	assert_int_equal(sb->nchars, 8);
	for (i = 0; i < 8; i++)
		vals[i] = &sb->states[0].values[i];
	vals[2] = &low;
	n = eatt_handle(t.db, &t.srv, vals, (const uint8_t *)"\x0a\x08\x00",
	    3, out);
	assert_int_equal(n, 2);
	assert_memory_equal(out, "\x0b\x05", 2);
	ta_close(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_mtu),
		cmocka_unit_test(test_read_group),
		cmocka_unit_test(test_read_type_decls),
		cmocka_unit_test(test_read_type_values),
		cmocka_unit_test(test_find_info),
		cmocka_unit_test(test_find_type),
		cmocka_unit_test(test_read_and_blob),
		cmocka_unit_test(test_read_multiple),
		cmocka_unit_test(test_writes),
		cmocka_unit_test(test_unsupported),
		cmocka_unit_test(test_large_mtu),
		cmocka_unit_test(test_state_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
