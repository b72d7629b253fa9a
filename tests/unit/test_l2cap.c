/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_l2cap.c - answers on the L2CAP LE signalling channel and the SMP
 * channel (src/gatt/l2cap.c).  Vectors from the layouts of Core 5.4 Vol 3
 * Part A §4.1 (Command Reject), §4.20-21 (Connection Parameter Update
 * Request/Response) and Part H §3.3, §3.5.5 (Pairing Failed, reason 0x05
 * Pairing Not Supported).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gatt/l2cap.h"
#include "util/hex.h"

static size_t
tl_sig(const char *in_hex, char *out_hex)
{
	uint8_t	in[64], out[16];
	long	n = hex_decode(in_hex, in, sizeof in);
	size_t	on;

	assert_true(n >= 0);
	on = l2cap_sig_answer(in, (size_t)n, out, sizeof out);
	hex_encode(out, on, out_hex);
	return on;
}

static void
test_sig(void **state)
{
	char	out[40];

	(void)state;
	/* Connection Parameter Update Request, id 7: interval 40-56,
	   latency 0, timeout 500 -> Response, rejected (0x0001) */
	assert_int_equal(tl_sig("12070800" "2800" "3800" "0000" "f401", out),
	    6);
	assert_string_equal(out, "130702000100");
	/* wrong data length for the request: Command Reject */
	assert_int_equal(tl_sig("12070600" "2800" "3800" "0000", out), 6);
	assert_string_equal(out, "010702000000");
	/* LE Credit Based Connection Request (0x14): not understood */
	assert_int_equal(tl_sig("14030a00" "8000" "4000" "1700" "1700" "0100",
	    out), 6);
	assert_string_equal(out, "010302000000");
	/* Enhanced credit based request (0x17, odd but a request) */
	assert_int_equal(tl_sig("170104000100aabb", out), 6);
	assert_string_equal(out, "010102000000");
	/* responses and indications get no answer */
	assert_int_equal(tl_sig("010102000000", out), 0);
	assert_int_equal(tl_sig("130102000000", out), 0);
	assert_int_equal(tl_sig("1601040040000100", out), 0);
	/* identifier 0 is invalid; length mismatch; short */
	assert_int_equal(tl_sig("12000800280038000000f401", out), 0);
	assert_int_equal(tl_sig("12070900280038000000f401", out), 0);
	assert_int_equal(tl_sig("1207", out), 0);
}

static void
test_smp(void **state)
{
	/* Pairing Request: IO NoInputNoOutput, no OOB, bonding, key 16 */
	static const uint8_t preq[] = { 0x01, 0x03, 0x00, 0x01, 0x10, 0x07,
	    0x07 };
	static const uint8_t sreq[] = { 0x0b, 0x01 };
	static const uint8_t other[] = { 0x05, 0x08 };
	uint8_t	out[4];

	(void)state;
	assert_int_equal(l2cap_smp_answer(preq, sizeof preq, out, sizeof out),
	    2);
	assert_int_equal(out[0], L2CAP_SMP_PAIRING_FAILED);
	assert_int_equal(out[1], L2CAP_SMP_NOT_SUPPORTED);
	assert_int_equal(l2cap_smp_answer(sreq, sizeof sreq, out, sizeof out),
	    2);
	assert_int_equal(out[1], 0x05);
	assert_int_equal(l2cap_smp_answer(other, sizeof other, out,
	    sizeof out), 0);
	assert_int_equal(l2cap_smp_answer(preq, 0, out, sizeof out), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sig),
		cmocka_unit_test(test_smp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
