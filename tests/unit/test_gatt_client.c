/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_gatt_client.c - the GATT client inspection (src/gatt/gatt_client.c) as
 * scripted PDU exchanges with a fake server (att_script.h): any PDU the client
 * sends that is not the next one in the script fails the test, so the
 * tests also prove which requests are made (and that vendor values are
 * never read).  PDU layouts: Core 5.4 Vol 3 Part F §3.4; characteristic
 * declarations Vol 3 Part G §3.3.1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gatt/att.h"
#include "gatt/gatt_client.h"
#include "tests/unit/att_script.h"

struct gt {
	struct ascript		 s;
	struct gatt		*g;
	struct gatt_result	 res;
	struct ls_errbuf	 eb;
	int			 done;
};

static void
gt_done(const struct ls_errbuf *eb, void *arg)
{
	struct gt	*t = arg;

	t->eb = *eb;
	t->done = 1;
	loop_stop(t->s.loop);
}

static void
gt_run(struct gt *t, const struct ascript_step *steps, size_t n,
    unsigned timeout_ms)
{
	struct gatt_opts	o;

	memset(t, 0, sizeof *t);
	ascript_init(&t->s, steps, n);
	t->g = gatt_new(t->s.att, t->s.loop);
	memset(&o, 0, sizeof o);
	o.timeout_ms = timeout_ms;
	gatt_inspect(t->g, &o, &t->res, gt_done, t);
	if (!t->done)
		loop_run(t->s.loop);
	if (t->s.bad)
		fail_msg("%s", t->s.why);
	assert_true(t->done);
}

static void
gt_free(struct gt *t)
{
	gatt_free(t->g);
	ascript_free(&t->s);
}

/* MTU 517 asked; 247 granted (Find Information route), or 100 or 23
   (below GATT_FI_MIN_MTU: service and characteristic discovery). */
#define MTU_REQ		{ 'C', "020502" }
#define MTU_247		{ 'S', "03f700" }
#define MTU_100		{ 'S', "036400" }
#define MTU_23		{ 'S', "031700" }

/* Test-fixture vendor UUIDs 6c6f636b-7363-6f70-6500-00000000f00n, as
   on the wire (little-endian). */
#define VSVC	"00f0000000000065706f63736b636f6c"
#define VCHR1	"01f0000000000065706f63736b636f6c"
#define VCHR2	"02f0000000000065706f63736b636f6c"

/*
 * DIS (1-5: 2a26 "1.4.2" at 3, 2a29 "Acme" at 5) and Battery (6-10:
 * 2a19 at 8, a vendor 16-bit characteristic fff2 with read at 10 that
 * must never be read).  Five requests in all.
 */
static void
test_inspect_rmv(void **state)
{
	static const struct ascript_step steps[] = {
		MTU_REQ, MTU_100,
		{ 'C', "100100ffff0028" },
		{ 'S', "1106" "010005000a18" "06000a000f18" },
		{ 'C', "100b00ffff0028" },
		{ 'S', "01100b000a" },		/* Attribute Not Found */
		{ 'C', "0801000a000328" },
		{ 'S', "0907" "0200020300262a" "0400020500292a"
		    "0700120800192a" "0900020a00f2ff" },
		/* next declaration could only start at 11 > 10: done */
		{ 'C', "20030005000800" },
		{ 'S', "21" "0500312e342e32" "040041636d65" "01005a" },
	};
	struct gt	t;

	(void)state;
	gt_run(&t, steps, ASCRIPT_N(steps), 1000);
	assert_int_equal(t.eb.code, LS_OK);
	assert_int_equal(t.s.at, t.s.n);
	assert_int_equal(t.res.requests, 5);
	assert_int_equal(t.res.mtu, 100);
	assert_false(t.res.used_find_info);
	assert_true(t.res.used_rmv);
	assert_int_equal(t.res.nservices, 2);
	assert_int_equal(t.res.nchars, 4);
	assert_int_equal(t.res.chars[3].service, 1);
	assert_string_equal(t.res.std.firmware.text, "1.4.2");
	assert_string_equal(t.res.std.manufacturer.text, "Acme");
	assert_int_equal(t.res.std.battery_percent.i, 90);
	assert_int_equal(t.res.std.model.prov, RD_UNAVAILABLE);
	assert_string_equal(t.res.std.model.reason,
	    "not offered by this lock");
	gt_free(&t);
}

/*
 * MTU 23; 2a26 refused with Insufficient Encryption inside the Read
 * Multiple Variable Length; 2a29 then read alone, 22 octets (full) so
 * Read Blob at offset 22 fetches the rest.
 */
static void
test_encrypted_and_blob(void **state)
{
	static const struct ascript_step steps[] = {
		MTU_REQ, MTU_23,
		{ 'C', "100100ffff0028" },
		{ 'S', "1106" "010005000a18" },
		{ 'C', "100600ffff0028" },
		{ 'S', "011006000a" },
		{ 'C', "08010005000328" },
		{ 'S', "0907" "0200020300262a" "0400020500292a" },
		{ 'C', "2003000500" },
		{ 'S', "012003000f" },		/* Insufficient Encryption */
		{ 'C', "0a0500" },
		{ 'S', "0b" "41414141414141414141414141414141414141414141" },
		{ 'C', "0c05001600" },
		{ 'S', "0d" "4242" },
	};
	struct gt	t;

	(void)state;
	gt_run(&t, steps, ASCRIPT_N(steps), 1000);
	assert_int_equal(t.eb.code, LS_OK);
	assert_int_equal(t.s.at, t.s.n);
	assert_int_equal(t.res.requests, 7);
	assert_false(t.res.used_rmv);
	assert_int_equal(t.res.std.firmware.prov, RD_UNAVAILABLE);
	assert_string_equal(t.res.std.firmware.reason,
	    "needs pairing or vendor authorization");
	assert_string_equal(t.res.std.manufacturer.text,
	    "AAAAAAAAAAAAAAAAAAAAAABB");
	gt_free(&t);
}

/*
 * No Read Multiple Variable Length: fixed-size values (2a19, 1 octet;
 * 2a50, 7 octets) come back in one Read Multiple.
 */
static void
test_rmv_unsupported_fixed(void **state)
{
	static const struct ascript_step steps[] = {
		MTU_REQ, MTU_100,
		{ 'C', "100100ffff0028" },
		{ 'S', "1106" "0100ffff0f18" },	/* ends at 0xffff: no more */
		{ 'C', "080100ffff0328" },
		{ 'S', "0907" "0200020300192a" "0400020500502a" },
		{ 'C', "080600ffff0328" },
		{ 'S', "010806000a" },
		{ 'C', "2003000500" },
		{ 'S', "0120030006" },		/* Request Not Supported */
		{ 'C', "0e03000500" },
		{ 'S', "0f" "4b" "025e048e023412" },
	};
	struct gt	t;

	(void)state;
	gt_run(&t, steps, ASCRIPT_N(steps), 1000);
	assert_int_equal(t.eb.code, LS_OK);
	assert_int_equal(t.s.at, t.s.n);
	assert_int_equal(t.res.std.battery_percent.i, 75);
	assert_string_equal(t.res.std.pnp_id.text, "usb:v045Ep028Ed1234");
	gt_free(&t);
}

/* No Read Multiple at all: one Read per value. */
static void
test_no_read_multiple(void **state)
{
	static const struct ascript_step steps[] = {
		MTU_REQ, MTU_100,
		{ 'C', "100100ffff0028" },
		{ 'S', "1106" "0100ffff0a18" },
		{ 'C', "080100ffff0328" },
		{ 'S', "0907" "0200020300262a" "0400020500192a" },
		{ 'C', "080600ffff0328" },
		{ 'S', "010806000a" },
		{ 'C', "2003000500" },
		{ 'S', "0120030006" },
		{ 'C', "0a0300" },
		{ 'S', "0b" "322e30" },
		{ 'C', "0a0500" },
		{ 'S', "0b" "64" },
	};
	struct gt	t;

	(void)state;
	gt_run(&t, steps, ASCRIPT_N(steps), 1000);
	assert_int_equal(t.eb.code, LS_OK);
	assert_string_equal(t.res.std.firmware.text, "2.0");
	assert_int_equal(t.res.std.battery_percent.i, 100);
	gt_free(&t);
}

/* A server that never answers: the request times out, clear error. */
static void
test_timeout(void **state)
{
	static const struct ascript_step steps[] = {
		MTU_REQ,
	};
	struct gt	t;

	(void)state;
	gt_run(&t, steps, ASCRIPT_N(steps), 20);
	assert_int_equal(t.eb.code, LS_ETIMEOUT);
	assert_non_null(strstr(t.eb.msg, "Exchange MTU Request"));
	gt_free(&t);
}

/*
 * 1000 notifications and an indication before the MTU response: the
 * indication is confirmed, the notifications dropped, the procedure
 * goes on.
 */
static void
test_notify_flood(void **state)
{
	static const struct ascript_step steps[] = {
		MTU_REQ,
		{ 'N', "1b0300aa" },
		{ 'S', "1d0300bb" },
		{ 'C', "1e" },			/* Handle Value Confirmation */
		MTU_100,
		{ 'C', "100100ffff0028" },
		{ 'S', "011001000a" },
		{ 'C', "080100ffff0328" },
		{ 'S', "010801000a" },
	};
	struct gt	t;

	(void)state;
	gt_run(&t, steps, ASCRIPT_N(steps), 1000);
	assert_int_equal(t.eb.code, LS_OK);
	assert_int_equal(t.s.at, t.s.n);
	assert_int_equal(att_stats(t.s.att)->notifications, 1000);
	assert_int_equal(att_stats(t.s.att)->indications, 1);
	assert_int_equal(t.res.nservices, 0);
	gt_free(&t);
}

static void
test_malformed(void **state)
{
	static const struct ascript_step bad_len[] = {
		MTU_REQ, MTU_100,
		{ 'C', "100100ffff0028" },
		{ 'S', "1105" "0100050018" },	/* length 5 is not 6 or 20 */
	};
	static const struct ascript_step bad_order[] = {
		MTU_REQ, MTU_100,
		{ 'C', "100100ffff0028" },
		{ 'S', "1106" "06000a000f18" "010005000a18" },
	};
	static const struct ascript_step wrong_rsp[] = {
		MTU_REQ,
		{ 'S', "0b00" },		/* a Read Response */
	};
	struct gt	t;

	(void)state;
	gt_run(&t, bad_len, ASCRIPT_N(bad_len), 1000);
	assert_int_equal(t.eb.code, LS_EMALFORMED);
	gt_free(&t);
	gt_run(&t, bad_order, ASCRIPT_N(bad_order), 1000);
	assert_int_equal(t.eb.code, LS_EMALFORMED);
	gt_free(&t);
	gt_run(&t, wrong_rsp, ASCRIPT_N(wrong_rsp), 1000);
	assert_int_equal(t.eb.code, LS_EMALFORMED);
	gt_free(&t);
}

/*
 * Find Information route, 16-bit UUIDs only: DIS (1-5: 2a26 "1.4.2" at
 * 3, 2a29 "Acme" at 5), Battery (6-11: 2a19 at 8 with its CCCD at 9, a
 * vendor 16-bit characteristic fff2 at 11 that must never be read).
 * The declaration values come with the standard values in the one Read
 * Multiple Variable Length: 4 requests.
 */
static void
test_fi_16bit(void **state)
{
	static const struct ascript_step steps[] = {
		MTU_REQ, MTU_247,
		{ 'C', "040100ffff" },
		{ 'S', "0501" "01000028" "02000328" "0300262a" "04000328"
		    "0500292a" "06000028" "07000328" "0800192a" "09000229"
		    "0a000328" "0b00f2ff" },
		{ 'C', "040c00ffff" },
		{ 'S', "01040c000a" },		/* Attribute Not Found */
		/* services 1, 6; declarations 2, 4, 7, 10; values 3, 5, 8 */
		{ 'C', "20" "0100" "0600" "0200" "0400" "0700" "0a00" "0300"
		    "0500" "0800" },
		{ 'S', "21" "02000a18" "02000f18" "050002030026" "2a"
		    "050002050029" "2a" "050012080019" "2a" "0500020b00f2"
		    "ff" "0500312e342e32" "040041636d65" "01005a" },
	};
	struct gt	t;

	(void)state;
	gt_run(&t, steps, ASCRIPT_N(steps), 1000);
	assert_int_equal(t.eb.code, LS_OK);
	assert_int_equal(t.s.at, t.s.n);
	assert_int_equal(t.res.requests, 4);
	assert_true(t.res.used_find_info);
	assert_true(t.res.used_rmv);
	assert_int_equal(t.res.nservices, 2);
	assert_int_equal(gatt_uuid16(&t.res.services[1].uuid), 0x180f);
	assert_int_equal(t.res.services[0].end, 5);
	assert_int_equal(t.res.services[1].start, 6);
	assert_int_equal(t.res.services[1].end, 11);
	assert_int_equal(t.res.nchars, 4);
	assert_int_equal(t.res.chars[2].props, 0x12);
	assert_int_equal(t.res.chars[2].value, 8);
	assert_int_equal(t.res.chars[3].service, 1);
	assert_int_equal(gatt_uuid16(&t.res.chars[3].uuid), 0xfff2);
	assert_string_equal(t.res.std.firmware.text, "1.4.2");
	assert_string_equal(t.res.std.manufacturer.text, "Acme");
	assert_int_equal(t.res.std.battery_percent.i, 90);
	gt_free(&t);
}

/*
 * Find Information route with a vendor service of 128-bit
 * characteristics back to back (7-8 read, 9-10 write+notify, CCCD 11):
 * Find Information stops before the first 128-bit value, one Read By
 * Type brings the run, one more finds no declaration after it.  The
 * serial number (5) is refused with Insufficient Encryption, then the
 * rest is read again: 6 requests.
 */
static void
test_fi_vendor_run(void **state)
{
	static const struct ascript_step steps[] = {
		MTU_REQ, MTU_247,
		{ 'C', "040100ffff" },
		{ 'S', "0501" "01000028" "02000328" "0300262a" "04000328"
		    "0500252a" "06000028" "07000328" },
		{ 'C', "080700ffff0328" },
		{ 'S', "0915" "0700020800" VCHR1 "0900180a00" VCHR2 },
		{ 'C', "080b00ffff0328" },
		{ 'S', "01080b000a" },
		{ 'C', "20" "0100" "0600" "0200" "0400" "0300" "0500" },
		{ 'S', "012005000f" },		/* Insufficient Encryption */
		{ 'C', "20" "0100" "0600" "0200" "0400" "0300" },
		{ 'S', "21" "02000a18" "1000" VSVC "050002030026" "2a"
		    "050002050025" "2a" "0500312e342e32" },
	};
	struct gt	t;
	char		u[37];

	(void)state;
	gt_run(&t, steps, ASCRIPT_N(steps), 1000);
	assert_int_equal(t.eb.code, LS_OK);
	assert_int_equal(t.s.at, t.s.n);
	assert_int_equal(t.res.requests, 6);
	assert_int_equal(t.res.nservices, 2);
	assert_string_equal(gatt_uuid_str(&t.res.services[1].uuid, u),
	    "6c6f636b-7363-6f70-6500-00000000f000");
	/* the last value notifies: its CCCD at 11 ends the service */
	assert_int_equal(t.res.services[1].end, 11);
	assert_int_equal(t.res.nchars, 4);
	assert_int_equal(t.res.chars[3].props, 0x18);
	assert_int_equal(t.res.chars[3].service, 1);
	assert_string_equal(gatt_uuid_str(&t.res.chars[2].uuid, u),
	    "6c6f636b-7363-6f70-6500-00000000f001");
	assert_string_equal(t.res.std.firmware.text, "1.4.2");
	assert_int_equal(t.res.std.serial.prov, RD_UNAVAILABLE);
	assert_string_equal(t.res.std.serial.reason,
	    "needs pairing or vendor authorization");
	gt_free(&t);
}

/*
 * A run with a descriptor between its declarations (CCCD 9): a service
 * could start there, so services after the run (none) and declarations
 * after it (none) are asked for.
 */
static void
test_fi_run_gap(void **state)
{
	static const struct ascript_step steps[] = {
		MTU_REQ, MTU_247,
		{ 'C', "040100ffff" },
		{ 'S', "0501" "01000028" "02000328" "0300262a" "04000328"
		    "0500292a" "06000028" "07000328" },
		{ 'C', "080700ffff0328" },
		{ 'S', "0915" "0700120800" VCHR1 "0a00020b00" VCHR2 },
		{ 'C', "100800ffff0028" },
		{ 'S', "011008000a" },
		{ 'C', "080c00ffff0328" },
		{ 'S', "01080c000a" },
		{ 'C', "20" "0100" "0600" "0200" "0400" "0300" "0500" },
		{ 'S', "21" "02000a18" "1000" VSVC "050002030026" "2a"
		    "050002050029" "2a" "0500312e342e32" "040041636d65" },
	};
	struct gt	t;

	(void)state;
	gt_run(&t, steps, ASCRIPT_N(steps), 1000);
	assert_int_equal(t.eb.code, LS_OK);
	assert_int_equal(t.s.at, t.s.n);
	assert_int_equal(t.res.requests, 6);
	assert_int_equal(t.res.services[1].start, 6);
	assert_int_equal(t.res.services[1].end, 11);
	assert_int_equal(t.res.chars[3].service, 1);
	assert_string_equal(t.res.std.manufacturer.text, "Acme");
	gt_free(&t);
}

/*
 * Request Not Supported for Read Multiple Variable Length on the Find
 * Information route: the declaration values cannot come in one read,
 * so discovery starts again with services and characteristics.
 */
static void
test_fi_no_rmv(void **state)
{
	static const struct ascript_step steps[] = {
		MTU_REQ, MTU_247,
		{ 'C', "040100ffff" },
		{ 'S', "0501" "01000028" "02000328" "0300192a" },
		{ 'C', "040400ffff" },
		{ 'S', "010404000a" },
		{ 'C', "20" "0100" "0200" "0300" },
		{ 'S', "0120010006" },		/* Request Not Supported */
		{ 'C', "100100ffff0028" },
		{ 'S', "1106" "010003000f18" },
		{ 'C', "100400ffff0028" },
		{ 'S', "011004000a" },
		{ 'C', "08010003000328" },
		{ 'S', "0907" "0200020300192a" },
		{ 'C', "0a0300" },
		{ 'S', "0b5a" },
	};
	struct gt	t;

	(void)state;
	gt_run(&t, steps, ASCRIPT_N(steps), 1000);
	assert_int_equal(t.eb.code, LS_OK);
	assert_int_equal(t.s.at, t.s.n);
	assert_false(t.res.used_find_info);
	assert_int_equal(t.res.nservices, 1);
	assert_int_equal(t.res.std.battery_percent.i, 90);
	gt_free(&t);
}

/* Bad Find Information Responses and declaration values. */
static void
test_fi_malformed(void **state)
{
	static const struct ascript_step bad_fmt[] = {
		MTU_REQ, MTU_247,
		{ 'C', "040100ffff" },
		{ 'S', "0503" "01000028" },
	};
	static const struct ascript_step bad_order[] = {
		MTU_REQ, MTU_247,
		{ 'C', "040100ffff" },
		{ 'S', "0501" "02000028" "01000328" },
	};
	static const struct ascript_step bad_decl[] = {
		MTU_REQ, MTU_247,
		{ 'C', "040100ffff" },
		{ 'S', "0501" "01000028" "02000328" "0300192a" },
		{ 'C', "040400ffff" },
		{ 'S', "010404000a" },
		{ 'C', "20" "0100" "0200" "0300" },
		/* a declaration of 4 octets */
		{ 'S', "21" "02000f18" "040002030019" "01005a" },
	};
	static const struct ascript_step disagree[] = {
		MTU_REQ, MTU_247,
		{ 'C', "040100ffff" },
		{ 'S', "0501" "01000028" "02000328" },
		{ 'C', "080200ffff0328" },
		{ 'S', "0915" "0500020600" VCHR1 },
	};
	struct gt	t;

	(void)state;
	gt_run(&t, bad_fmt, ASCRIPT_N(bad_fmt), 1000);
	assert_int_equal(t.eb.code, LS_EMALFORMED);
	gt_free(&t);
	gt_run(&t, bad_order, ASCRIPT_N(bad_order), 1000);
	assert_int_equal(t.eb.code, LS_EMALFORMED);
	gt_free(&t);
	gt_run(&t, bad_decl, ASCRIPT_N(bad_decl), 1000);
	assert_int_equal(t.eb.code, LS_EMALFORMED);
	assert_non_null(strstr(t.eb.msg, "0x0002"));
	gt_free(&t);
	gt_run(&t, disagree, ASCRIPT_N(disagree), 1000);
	assert_int_equal(t.eb.code, LS_EMALFORMED);
	gt_free(&t);
}

static void
test_uuid_str(void **state)
{
	struct gatt_uuid	u;
	char			s[37];
	/* a0b40002-7e57-4c0c-9c3a-5e1c0ffee000, little-endian */
	static const uint8_t v[16] = { 0x00, 0xe0, 0xfe, 0x0f, 0x1c, 0x5e,
	    0x3a, 0x9c, 0x0c, 0x4c, 0x57, 0x7e, 0x02, 0x00, 0xb4, 0xa0 };
	/* 0000180f-0000-1000-8000-00805f9b34fb: the SIG base form */
	static const uint8_t base[16] = { 0xfb, 0x34, 0x9b, 0x5f, 0x80,
	    0x00, 0x00, 0x80, 0x00, 0x10, 0x00, 0x00, 0x0f, 0x18, 0x00,
	    0x00 };

	(void)state;
	u.len = 16;
	memcpy(u.v, v, 16);
	assert_string_equal(gatt_uuid_str(&u, s),
	    "a0b40002-7e57-4c0c-9c3a-5e1c0ffee000");
	assert_int_equal(gatt_uuid16(&u), 0);
	memcpy(u.v, base, 16);
	assert_string_equal(gatt_uuid_str(&u, s), "180f");
	u.len = 2;
	u.v[0] = 0x19;
	u.v[1] = 0x2a;
	assert_string_equal(gatt_uuid_str(&u, s), "2a19");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inspect_rmv),
		cmocka_unit_test(test_encrypted_and_blob),
		cmocka_unit_test(test_rmv_unsupported_fixed),
		cmocka_unit_test(test_no_read_multiple),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_notify_flood),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_fi_16bit),
		cmocka_unit_test(test_fi_vendor_run),
		cmocka_unit_test(test_fi_run_gap),
		cmocka_unit_test(test_fi_no_rmv),
		cmocka_unit_test(test_fi_malformed),
		cmocka_unit_test(test_uuid_str),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
