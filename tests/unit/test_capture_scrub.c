/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_capture_scrub.c - unit tests for src/capture/capture_scrub.c and
 * the btsnoop writer's filter (issue 18: a lock that notifies its vendor
 * password must not leave it in a capture).
 *
 * The packets are built by hand: HCI ACL (Core 5.4 Vol 4 Part E
 * §5.4.2), L2CAP basic header (Vol 3 Part A §3.1), ATT (Vol 3 Part F
 * §3.4).  The "secret" is ASCII that no header byte could be.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "capture/capture_scrub.h"
#include "hci/btsnoop.h"
#include "hci/hcidef.h"

#define CONN	0x0040
#define SECRET	"hunter2-SECRET-4711"

/* An ACL packet with one whole L2CAP frame on CID 4 carrying att. */
static size_t
acl(uint8_t *out, const uint8_t *att, size_t n)
{
	out[0] = CONN & 0xff;
	out[1] = (uint8_t)((CONN >> 8) | 0x20);	/* PB: first, flushable */
	out[2] = (uint8_t)((n + 4) & 0xff);
	out[3] = (uint8_t)((n + 4) >> 8);
	out[4] = (uint8_t)(n & 0xff);
	out[5] = (uint8_t)(n >> 8);
	out[6] = 0x04;
	out[7] = 0x00;
	memcpy(out + 8, att, n);
	return n + 8;
}

/* Run one ATT PDU through s; the scrubbed ATT bytes in att. */
static void
pass(struct capture_scrub *s, int dir, uint8_t *att, size_t n)
{
	uint8_t	pkt[600];
	size_t	len = acl(pkt, att, n);

	capture_scrub_packet(s, dir, HC_PKT_ACL, pkt, len);
	assert_int_equal(pkt[4] | pkt[5] << 8, n);	/* framing kept */
	memcpy(att, pkt + 8, n);
}

static bool
all_zero(const uint8_t *p, size_t n)
{
	while (n-- > 0)
		if (*p++ != 0)
			return false;
	return true;
}

/* Discovery: handle 0x0003 is Battery Level, 0x0010 a vendor value. */
static void
discover(struct capture_scrub *s)
{
	uint8_t	req[] = { 0x08, 0x01, 0x00, 0xff, 0xff, 0x03, 0x28 };
	uint8_t	rsp[] = { 0x09, 0x07,
		0x02, 0x00, 0x12, 0x03, 0x00, 0x19, 0x2a,
		0x0f, 0x00, 0x12, 0x10, 0x00, 0x34, 0x12 };

	pass(s, 0, req, sizeof req);
	pass(s, 1, rsp, sizeof rsp);
	/* Declarations are structure: kept as they were. */
	assert_int_equal(rsp[5], 0x03);
	assert_int_equal(rsp[12], 0x10);
}

static void
test_notify_vendor_zeroed(void **state)
{
	struct capture_scrub	*s = capture_scrub_new();
	uint8_t			 ntf[3 + sizeof SECRET - 1];
	uint8_t			 bat[] = { 0x1b, 0x03, 0x00, 0x4b };

	(void)state;
	discover(s);
	ntf[0] = 0x1b;
	ntf[1] = 0x10;
	ntf[2] = 0x00;
	memcpy(ntf + 3, SECRET, sizeof SECRET - 1);
	pass(s, 1, ntf, sizeof ntf);
	assert_int_equal(ntf[0], 0x1b);
	assert_int_equal(ntf[1], 0x10);
	assert_true(all_zero(ntf + 3, sizeof ntf - 3));
	/* An indication of a handle never declared: zeroed too. */
	ntf[0] = 0x1d;
	ntf[1] = 0x77;
	memcpy(ntf + 3, SECRET, sizeof SECRET - 1);
	pass(s, 1, ntf, sizeof ntf);
	assert_true(all_zero(ntf + 3, sizeof ntf - 3));
	/* The standard Battery Level stays. */
	pass(s, 1, bat, sizeof bat);
	assert_int_equal(bat[3], 0x4b);
	capture_scrub_free(s);
}

static void
test_reads_and_writes(void **state)
{
	struct capture_scrub	*s = capture_scrub_new();
	uint8_t			 rd[] = { 0x0a, 0x10, 0x00 };
	uint8_t			 rsp[1 + sizeof SECRET - 1];
	uint8_t			 rdb[] = { 0x0a, 0x03, 0x00 };
	uint8_t			 rspb[] = { 0x0b, 0x4b };
	uint8_t			 wr[3 + 4] = { 0x52, 0x10, 0x00, 1, 2, 3, 4 };

	(void)state;
	discover(s);
	pass(s, 0, rd, sizeof rd);
	rsp[0] = 0x0b;
	memcpy(rsp + 1, SECRET, sizeof SECRET - 1);
	pass(s, 1, rsp, sizeof rsp);
	assert_true(all_zero(rsp + 1, sizeof rsp - 1));
	pass(s, 0, rdb, sizeof rdb);
	pass(s, 1, rspb, sizeof rspb);
	assert_int_equal(rspb[1], 0x4b);
	pass(s, 0, wr, sizeof wr);
	assert_int_equal(wr[1], 0x10);
	assert_true(all_zero(wr + 3, 4));
	capture_scrub_free(s);
}

/* A notification split over two ACL fragments: the tail zeroed too. */
static void
test_fragments(void **state)
{
	struct capture_scrub	*s = capture_scrub_new();
	uint8_t			 p1[8 + 3 + 4], p2[4 + 15];
	size_t			 vlen = 4 + 15;

	(void)state;
	discover(s);
	p1[0] = CONN & 0xff;
	p1[1] = (uint8_t)((CONN >> 8) | 0x20);
	p1[2] = 4 + 3 + 4;
	p1[3] = 0;
	p1[4] = (uint8_t)(3 + vlen);	/* L2CAP length: the whole PDU */
	p1[5] = 0;
	p1[6] = 0x04;
	p1[7] = 0;
	p1[8] = 0x1b;
	p1[9] = 0x10;
	p1[10] = 0;
	memcpy(p1 + 11, SECRET, 4);
	p2[0] = CONN & 0xff;
	p2[1] = (uint8_t)((CONN >> 8) | 0x10);	/* PB: continuing */
	p2[2] = 15;
	p2[3] = 0;
	memcpy(p2 + 4, SECRET + 4, 15);
	capture_scrub_packet(s, 1, HC_PKT_ACL, p1, sizeof p1);
	capture_scrub_packet(s, 1, HC_PKT_ACL, p2, sizeof p2);
	assert_true(all_zero(p1 + 11, 4));
	assert_true(all_zero(p2 + 4, 15));
	assert_int_equal(p2[2], 15);
	capture_scrub_free(s);
}

/* Through the writer: no secret byte in the file, mode 0600. */
static void
test_btsnoop_file(void **state)
{
	char		 dir[] = "/tmp/lockscope-scrub.XXXXXX", path[64];
	uint8_t		 pkt[64], att[3 + sizeof SECRET - 1];
	struct btsnoop	*b;
	struct stat	 st;
	FILE		*f;
	char		 buf[4096];
	size_t		 n, len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/c.btsnoop", dir);
	att[0] = 0x1b;
	att[1] = 0x10;
	att[2] = 0x00;
	memcpy(att + 3, SECRET, sizeof SECRET - 1);
	len = acl(pkt, att, sizeof att);
	capture_scrub_install();
	assert_int_equal(btsnoop_create(path, &b, NULL), LS_OK);
	assert_int_equal(btsnoop_write(b, 1, HC_PKT_ACL, pkt, len, 0, NULL),
	    LS_OK);
	assert_int_equal(btsnoop_close(b, NULL), LS_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal((size_t)st.st_size, 16 + 24 + 1 + len);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	assert_null(memmem(buf, n, "hunter2", 7));
	/* The caller's packet is not touched. */
	assert_memory_equal(pkt + 11, SECRET, sizeof SECRET - 1);
	/* Without the filter (--capture-raw), every byte. */
	btsnoop_set_filter(NULL);
	assert_int_equal(btsnoop_create(path, &b, NULL), LS_OK);
	assert_int_equal(btsnoop_write(b, 1, HC_PKT_ACL, pkt, len, 0, NULL),
	    LS_OK);
	assert_int_equal(btsnoop_close(b, NULL), LS_OK);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	assert_non_null(memmem(buf, n, "hunter2", 7));
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notify_vendor_zeroed),
		cmocka_unit_test(test_reads_and_writes),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_btsnoop_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
