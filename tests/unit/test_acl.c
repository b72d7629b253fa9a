/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_acl.c - reassembly of L2CAP frames from HCI ACL fragments
 * (conn_reassemble, src/hci/conn.c).  Layouts: Core 5.4 Vol 4 Part E
 * §5.4.2 (handle, PB flag 0b10 first / 0b01 continuing, length) and
 * Vol 3 Part A §3.1 (L2CAP length, channel ID).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hci/conn.h"
#include "util/hex.h"

struct ta {
	uint8_t		 buf[CONN_MAX_FRAME];
	size_t		 have;
	bool		 skip;
	uint16_t	 handle, cid;
	const uint8_t	*payload;
	size_t		 plen;
};

static int
ta_feed(struct ta *t, const char *hex)
{
	uint8_t			pkt[700];
	long			n = hex_decode(hex, pkt, sizeof pkt);
	struct ls_errbuf	eb;

	assert_true(n >= 0);
	ls_err_clear(&eb);
	return conn_reassemble(t->buf, &t->have, &t->skip, pkt, (size_t)n,
	    &t->handle, &t->cid, &t->payload, &t->plen, &eb);
}

static void
test_single(void **state)
{
	struct ta	t;

	(void)state;
	memset(&t, 0, sizeof t);
	/* handle 0x040, PB 0b10; L2CAP length 3, CID 4: Exchange MTU
	   Response 247 */
	assert_int_equal(ta_feed(&t, "4020" "0700" "0300" "0400" "03f700"), 1);
	assert_int_equal(t.handle, 0x040);
	assert_int_equal(t.cid, 4);
	assert_int_equal(t.plen, 3);
	assert_memory_equal(t.payload, "\x03\xf7\x00", 3);
}

static void
test_fragments(void **state)
{
	struct ta	t;

	(void)state;
	memset(&t, 0, sizeof t);
	/* a 6-octet ATT PDU in 3 fragments, the L2CAP header split too */
	assert_int_equal(ta_feed(&t, "4020" "0200" "0600"), 0);
	assert_int_equal(ta_feed(&t, "4010" "0400" "0400" "0b41"), 0);
	assert_int_equal(ta_feed(&t, "4010" "0400" "42434445"), 1);
	assert_int_equal(t.cid, 4);
	assert_int_equal(t.plen, 6);
	assert_memory_equal(t.payload, "\x0b" "ABCDE", 6);
	/* a new start drops an unfinished frame */
	assert_int_equal(ta_feed(&t, "4020" "0500" "0600" "0400" "0b"), 0);
	assert_int_equal(ta_feed(&t, "4020" "0500" "0100" "0500" "01"), 1);
	assert_int_equal(t.cid, 5);
}

static void
test_bad(void **state)
{
	struct ta	t;
	char		big[2 * 300 + 1];

	(void)state;
	memset(&t, 0, sizeof t);
	/* continuation without a start */
	assert_int_equal(ta_feed(&t, "4010" "0200" "0102"), -1);
	/* ACL length does not match */
	assert_int_equal(ta_feed(&t, "4020" "0900" "0100040001"), -1);
	/* short header; reserved PB 0b11 */
	assert_int_equal(ta_feed(&t, "40"), -1);
	assert_int_equal(ta_feed(&t, "4030" "0500" "0100040001"), -1);
	/* more data than the L2CAP length */
	assert_int_equal(ta_feed(&t, "4020" "0600" "0100040001ff"), -1);
	/* an L2CAP length over the cap: dropped with its continuations */
	assert_int_equal(ta_feed(&t, "4020" "0500" "ffff040001"), -1);
	assert_true(t.skip);
	assert_int_equal(ta_feed(&t, "4010" "0200" "0102"), 0);
	assert_int_equal(ta_feed(&t, "4020" "0500" "0100040001"), 1);
	/* fragments adding up past the cap */
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(ta_feed(&t, "4020" "0400" "0002" "0400"), 0);
	{
		char	pkt[8 + sizeof big];

		memcpy(pkt, "40102c01", 8);
		memcpy(pkt + 8, big, sizeof big);
		assert_int_equal(ta_feed(&t, pkt), 0);
		assert_int_equal(ta_feed(&t, pkt), -1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
