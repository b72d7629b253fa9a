/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_att_bearer.c - the ATT client channel (src/gatt/att_bearer.c) against a
 * scripted peer (att_script.h): response matching, one outstanding request,
 * peer requests refused (Core 5.4 Vol 3 Part F §3.4.1.1: Request Not
 * Supported) or answered (Exchange MTU, §3.4.2), oversized and
 * mismatched responses, timeout and bearer loss.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "adapters/att_kernel.h"
#include "gatt/att.h"
#include "tests/unit/att_script.h"

struct at_rsp {
	struct loop	*loop;
	int		 calls;
	enum ls_err	 err;
	uint8_t		 pdu[600];
	size_t		 n;
};

static void
at_rsp(enum ls_err err, const uint8_t *pdu, size_t n, void *arg)
{
	struct at_rsp	*r = arg;

	r->calls++;
	r->err = err;
	r->n = n;
	if (pdu != NULL && n <= sizeof r->pdu)
		memcpy(r->pdu, pdu, n);
	loop_stop(r->loop);
}

static const uint8_t at_read3[] = { ATT_OP_READ_REQ, 0x03, 0x00 };

static void
test_match(void **state)
{
	static const struct ascript_step steps[] = {
		{ 'C', "0a0300" },
		{ 'S', "0b0300" },		/* Read Response */
		{ 'C', "0a0300" },
		{ 'S', "0108030001" },		/* error for another opcode */
		{ 'S', "010a03000a" },		/* ours */
	};
	struct ascript	s;
	struct at_rsp	r;

	(void)state;
	ascript_init(&s, steps, ASCRIPT_N(steps));
	memset(&r, 0, sizeof r);
	r.loop = s.loop;
	assert_int_not_equal(att_request(s.att, at_read3, 3, 1000, at_rsp,
	    &r), 0);
	/* one outstanding request at a time */
	assert_int_equal(att_request(s.att, at_read3, 3, 1000, at_rsp, &r),
	    0);
	assert_true(att_busy(s.att));
	loop_run(s.loop);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.err, LS_OK);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.pdu[0], ATT_OP_READ_RSP);
	assert_int_not_equal(att_request(s.att, at_read3, 3, 1000, at_rsp,
	    &r), 0);
	loop_run(s.loop);
	assert_int_equal(r.calls, 2);
	assert_int_equal(r.pdu[0], ATT_OP_ERROR_RSP);
	assert_int_equal(r.pdu[4], ATT_E_NOT_FOUND);
	assert_int_equal(att_stats(s.att)->unexpected, 1);
	assert_false(s.bad);
	ascript_free(&s);
}

static void
test_peer_requests(void **state)
{
	static const struct ascript_step steps[] = {
		{ 'C', "0a0300" },
		{ 'S', "0a0100" },		/* the lock reads from us */
		{ 'C', "010a000006" },		/* Request Not Supported */
		{ 'S', "020001" },		/* Exchange MTU, 256 */
		{ 'C', "030502" },		/* ours: 517 */
		{ 'S', "520100aa" },		/* Write Command: ignored */
		{ 'S', "0b41" },
	};
	struct ascript	s;
	struct at_rsp	r;

	(void)state;
	ascript_init(&s, steps, ASCRIPT_N(steps));
	memset(&r, 0, sizeof r);
	r.loop = s.loop;
	assert_int_not_equal(att_request(s.att, at_read3, 3, 1000, at_rsp,
	    &r), 0);
	loop_run(s.loop);
	if (s.bad)
		fail_msg("%s", s.why);
	assert_int_equal(r.err, LS_OK);
	assert_int_equal(att_mtu(s.att), 256);
	assert_int_equal(att_stats(s.att)->refused, 1);
	ascript_free(&s);
}

static void
test_bad_responses(void **state)
{
	static const struct ascript_step oversized[] = {
		{ 'C', "0a0300" },
		/* 24 octets over the default ATT_MTU of 23 */
		{ 'S', "0b" "000102030405060708090a0b0c0d0e0f10111213141516" },
	};
	static const struct ascript_step wrong[] = {
		{ 'C', "0a0300" },
		{ 'S', "0d00" },		/* Read Blob Response */
	};
	static const struct ascript_step short_err[] = {
		{ 'C', "0a0300" },
		{ 'S', "010a03" },
	};
	const struct {
		const struct ascript_step	*steps;
		size_t				 n;
	} cases[] = {
		{ oversized, ASCRIPT_N(oversized) },
		{ wrong, ASCRIPT_N(wrong) },
		{ short_err, ASCRIPT_N(short_err) },
	};
	struct ascript	s;
	struct at_rsp	r;
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ascript_init(&s, cases[i].steps, cases[i].n);
		memset(&r, 0, sizeof r);
		r.loop = s.loop;
		assert_int_not_equal(att_request(s.att, at_read3, 3, 1000,
		    at_rsp, &r), 0);
		loop_run(s.loop);
		assert_int_equal(r.calls, 1);
		assert_int_equal(r.err, LS_EMALFORMED);
		ascript_free(&s);
	}
}

static void
test_timeout_and_loss(void **state)
{
	static const struct ascript_step steps[] = {
		{ 'C', "0a0300" },
	};
	struct ascript		s;
	struct at_rsp		r;
	struct ls_errbuf	why;

	(void)state;
	ascript_init(&s, steps, ASCRIPT_N(steps));
	memset(&r, 0, sizeof r);
	r.loop = s.loop;
	assert_int_not_equal(att_request(s.att, at_read3, 3, 10, at_rsp, &r),
	    0);
	loop_run(s.loop);
	assert_int_equal(r.err, LS_ETIMEOUT);
	/* §3.3.3: nothing more is sent after a transaction timeout */
	assert_int_equal(att_request(s.att, at_read3, 3, 10, at_rsp, &r), 0);
	ascript_free(&s);

	ascript_init(&s, steps, ASCRIPT_N(steps));
	memset(&r, 0, sizeof r);
	r.loop = s.loop;
	assert_int_not_equal(att_request(s.att, at_read3, 3, 1000, at_rsp,
	    &r), 0);
	ls_err_clear(&why);
	ls_err_set(&why, LS_EUNAVAIL, "gone");
	att_lost(s.att, &why);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.err, LS_EUNAVAIL);
	assert_int_equal(att_request(s.att, at_read3, 3, 10, at_rsp, &r), 0);
	ascript_free(&s);
}

/*
 * The kernel bearer: on a machine without AF_BLUETOOTH (or without the
 * adapter) opening fails with a clear error and LS_EUNAVAIL (exit 69),
 * never a hang; with Bluetooth but no permission, LS_EPERM.
 */
static void
test_kernel_bearer(void **state)
{
	static const uint8_t	 addr[6] = { 1, 2, 3, 4, 5, 6 };
	struct loop		*loop = loop_new();
	void			*k = NULL;
	struct ls_errbuf	 eb;
	enum ls_err		 e;

	(void)state;
	ls_err_clear(&eb);
	e = att_kernel_link.open(loop, "hci97", addr, 1, 100, &k, &eb);
	assert_true(e == LS_EUNAVAIL || e == LS_EPERM || e == LS_ETIMEOUT);
	assert_null(k);
	assert_non_null(strstr(eb.msg, "hci97"));
	att_kernel_link.free(NULL);
	loop_free(loop);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_peer_requests),
		cmocka_unit_test(test_bad_responses),
		cmocka_unit_test(test_timeout_and_loss),
		cmocka_unit_test(test_kernel_bearer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
