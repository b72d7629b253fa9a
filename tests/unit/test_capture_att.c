/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_capture_att.c - unit tests for src/capture/capture_att.c (ATT readings
 * from captured connections).
 *
 * The PDUs are built here per Core 5.4 Vol 4 Part E §5.4.2 (ACL),
 * §7.7.65.1 and §7.7.5 (events), Vol 3 Part A §3.1 (L2CAP), Part F §3.4
 * (ATT), Vol 6 Part B §2.3.3 and §2.4 (CONNECT_IND, data PDUs); values
 * per the GATT Specification Supplement (see capture_att.c).  None comes from
 * a real lock.  Every test that writes checks that the written bytes
 * appear neither in the JSON nor anywhere in the device record.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cJSON.h>

#include "capture/capture_att.h"
#include "capture/sniffer_ll.h"
#include "hci/hcidef.h"

#define TS	(1795435200ULL * 1000000)	/* 2026-11-23T12:00:00Z */

static const uint8_t lock_addr[6] = { 0x01, 0x12, 0x6a, 0x8d, 0x7c, 0xc4 };
static const char secret[] = "SECRET-PIN-4711";

/* LE Connection Complete for handle 0x0040 to the lock (random). */
static void
conn_complete(struct capture_att *ca, uint16_t handle)
{
	uint8_t	ev[2 + 19] = { HC_EVT_LE_META, 19, HC_LE_CONN_COMPLETE, 0,
			(uint8_t)handle, (uint8_t)(handle >> 8), 0, 1 };

	memcpy(ev + 8, lock_addr, 6);
	capture_att_hci_event(ca, 0, ev, sizeof ev);
}

/*
 * Send one ATT PDU over ACL handle 0x0040, split into fragments of at
 * most frag bytes of L2CAP (0 = one fragment).
 */
static void
acl_att(struct capture_att *ca, int from_lock, const void *att, size_t n,
    size_t frag)
{
	uint8_t		l2[600], pkt[700];
	size_t		off = 0, len, total = 4 + n;

	l2[0] = (uint8_t)n;
	l2[1] = (uint8_t)(n >> 8);
	l2[2] = 4;
	l2[3] = 0;
	memcpy(l2 + 4, att, n);
	if (frag == 0)
		frag = total;
	while (off < total) {
		len = total - off < frag ? total - off : frag;
		pkt[0] = 0x40;
		pkt[1] = off == 0 ? 0x20 : 0x10;	/* PB 10 / 01 */
		pkt[2] = (uint8_t)len;
		pkt[3] = (uint8_t)(len >> 8);
		memcpy(pkt + 4, l2 + off, len);
		capture_att_hci_acl(ca, 0, from_lock, pkt, 4 + len, TS);
		off += len;
	}
}

#define REQ(ca, ...) do {						\
	static const uint8_t b_[] = { __VA_ARGS__ };			\
	acl_att(ca, 0, b_, sizeof b_, 0);				\
} while (0)
#define RSP(ca, ...) do {						\
	static const uint8_t b_[] = { __VA_ARGS__ };			\
	acl_att(ca, 1, b_, sizeof b_, 0);				\
} while (0)

static const struct capture_att_dev *
only_dev(struct capture_att *ca)
{
	assert_int_equal(capture_att_count(ca), 1);
	return capture_att_dev_at(ca, 0);
}

/* The secret is nowhere in the record or in its JSON. */
static void
assert_no_secret(const struct capture_att_dev *d)
{
	cJSON	*g = capture_att_gatt_json(d), *w = capture_att_writes_json(d);
	char	*sg, *sw;

	assert_non_null(g);
	assert_non_null(w);
	sg = cJSON_PrintUnformatted(g);
	sw = cJSON_PrintUnformatted(w);
	assert_null(strstr(sg, "SECRET"));
	assert_null(strstr(sw, "SECRET"));
	assert_null(memmem(d, sizeof *d, "SECRET", 6));
	free(sg);
	free(sw);
	cJSON_Delete(g);
	cJSON_Delete(w);
}

static void
test_hci_discovery_reads(void **state)
{
	struct capture_att			*ca = capture_att_new(8);
	const struct capture_att_dev		*d;
	struct reading			 r;
	const char			*key;
	static const uint8_t		name_rsp[] = "\x0b" "Acme Locks\0\0";

	(void)state;
	conn_complete(ca, 0x40);
	/* Characteristic declarations, 16-bit UUIDs. */
	REQ(ca, 0x08, 0x01, 0x00, 0xff, 0xff, 0x03, 0x28);
	RSP(ca, 0x09, 0x07, 0x02, 0x00, 0x02, 0x03, 0x00, 0x29, 0x2a,
	    0x04, 0x00, 0x02, 0x05, 0x00, 0x26, 0x2a);
	/* Find Information: battery level and current time. */
	REQ(ca, 0x04, 0x06, 0x00, 0xff, 0xff);
	RSP(ca, 0x05, 0x01, 0x07, 0x00, 0x19, 0x2a, 0x08, 0x00, 0x2b, 0x2a,
	    0x09, 0x00, 0xf0, 0x2b);
	/* Manufacturer: read over a fragmented ACL frame. */
	REQ(ca, 0x0a, 0x03, 0x00);
	acl_att(ca, 1, name_rsp, sizeof name_rsp - 1, 5);
	/* Firmware: binary, shown as hex. */
	REQ(ca, 0x0a, 0x05, 0x00);
	RSP(ca, 0x0b, 0x01, 0x02, 0x03);
	/* Battery 87 %, then an out-of-range 101 that is ignored. */
	REQ(ca, 0x0a, 0x07, 0x00);
	RSP(ca, 0x0b, 0x57);
	REQ(ca, 0x0a, 0x07, 0x00);
	RSP(ca, 0x0b, 0x65);
	/* Current time 2026-11-23 12:00:30: 30 s ahead of the capture. */
	REQ(ca, 0x0a, 0x08, 0x00);
	RSP(ca, 0x0b, 0xea, 0x07, 0x0b, 0x17, 0x0c, 0x00, 0x1e, 0x01, 0x00,
	    0x00);
	/* Battery Energy Status notification: 3.01 V (0xe12d). */
	RSP(ca, 0x1b, 0x09, 0x00, 0x02, 0x2d, 0xe1);
	/* A response with no request: ignored. */
	RSP(ca, 0x0b, 0x10);

	d = only_dev(ca);
	assert_memory_equal(d->addr, lock_addr, 6);
	assert_int_equal(d->addr_type, HC_ADDR_RANDOM);
	assert_true(capture_att_reading(d, 0, &key, &r));
	assert_string_equal(key, "manufacturer");
	assert_int_equal(r.prov, RD_OBSERVED);
	assert_string_equal(r.text, "Acme Locks");
	assert_string_equal(r.source, "capture");
	assert_int_equal(r.at_us, TS);
	assert_string_equal(d->out.firmware.text, "hex:010203");
	assert_int_equal(d->out.battery_percent.i, 87);
	assert_true(d->out.battery_volts.d > 3.0099 &&
	    d->out.battery_volts.d < 3.0101);
	assert_string_equal(d->out.clock.text, "2026-11-23T12:00:30");
	assert_int_equal(d->out.clock_skew_s.i, 30);
	assert_int_equal(d->out.model.prov, RD_UNSET);
	assert_int_equal(capture_att_stats(ca)->readings, 5);
	assert_true(capture_att_dev_has_data(d));
	capture_att_free(ca);
}

static void
test_writes_counted_only(void **state)
{
	struct capture_att			*ca = capture_att_new(8);
	const struct capture_att_dev		*d;
	uint8_t				 w[64];
	cJSON				*a;
	char				*s, u[37];

	(void)state;
	conn_complete(ca, 0x40);
	/* Handle 0x0020 is a 128-bit vendor characteristic. */
	REQ(ca, 0x04, 0x20, 0x00, 0x20, 0x00);
	RSP(ca, 0x05, 0x02, 0x20, 0x00, 0xfb, 0x34, 0x9b, 0x5f, 0x80, 0x00,
	    0x00, 0x80, 0x00, 0x10, 0x00, 0x00, 0xf1, 0xff, 0x01, 0x00);
	/* Write Request, Write Command, Prepare Write (and its echo),
	 * Signed Write: the secret four ways, the last one fragmented. */
	w[0] = 0x12;
	w[1] = 0x20;
	w[2] = 0x00;
	memcpy(w + 3, secret, sizeof secret - 1);
	acl_att(ca, 0, w, 3 + sizeof secret - 1, 0);
	w[0] = 0x52;
	acl_att(ca, 0, w, 3 + sizeof secret - 1, 0);
	w[0] = 0x16;
	w[1] = 0x21;
	w[3] = w[4] = 0;
	memcpy(w + 5, secret, sizeof secret - 1);
	acl_att(ca, 0, w, 5 + sizeof secret - 1, 0);
	w[0] = 0x17;
	acl_att(ca, 1, w, 5 + sizeof secret - 1, 0);
	w[0] = 0xd2;
	w[1] = 0x20;
	memcpy(w + 3, secret, sizeof secret - 1);
	memset(w + 3 + sizeof secret - 1, 0xaa, 12);
	acl_att(ca, 0, w, 3 + sizeof secret - 1 + 12, 7);

	d = only_dev(ca);
	assert_int_equal(d->nwrites, 2);
	assert_int_equal(d->writes[0].handle, 0x20);
	assert_int_equal(d->writes[0].count, 3);
	assert_int_equal(d->writes[1].handle, 0x21);
	assert_int_equal(d->writes[1].count, 1);
	assert_int_equal(capture_att_stats(ca)->att_writes, 4);
	assert_string_equal(
	    capture_att_uuid_str(capture_att_uuid_of(d, 0x20), u),
	    "0001fff1-0000-1000-8000-00805f9b34fb");
	a = capture_att_writes_json(d);
	s = cJSON_PrintUnformatted(a);
	assert_string_equal(s, "[{\"handle\":32,\"uuid\":\"0001fff1-0000-1000"
	    "-8000-00805f9b34fb\",\"count\":3},{\"handle\":33,\"uuid\":null,"
	    "\"count\":1}]");
	free(s);
	cJSON_Delete(a);
	assert_no_secret(d);
	capture_att_free(ca);
}

static void
test_long_read_and_by_type(void **state)
{
	struct capture_att			*ca = capture_att_new(8);
	const struct capture_att_dev		*d;
	char				 u[37];
	static const char		 model[] =
	    "AL-300 Deadbolt with a rather long model string";
	uint8_t				 b[80];

	(void)state;
	conn_complete(ca, 0x40);
	REQ(ca, 0x08, 0x01, 0x00, 0xff, 0xff, 0x03, 0x28);
	RSP(ca, 0x09, 0x07, 0x02, 0x00, 0x02, 0x03, 0x00, 0x24, 0x2a);
	/* Read (first 22 bytes), then Read Blob from offset 22. */
	REQ(ca, 0x0a, 0x03, 0x00);
	b[0] = 0x0b;
	memcpy(b + 1, model, 22);
	acl_att(ca, 1, b, 23, 0);
	assert_int_equal(strlen(only_dev(ca)->out.model.text), 22);
	REQ(ca, 0x0c, 0x03, 0x00, 22, 0x00);
	b[0] = 0x0d;
	memcpy(b + 1, model + 22, sizeof model - 1 - 22);
	acl_att(ca, 1, b, sizeof model - 22, 0);
	d = only_dev(ca);
	assert_string_equal(d->out.model.text, model);
	/* Read By Type of the battery level UUID gives handle and value. */
	REQ(ca, 0x08, 0x01, 0x00, 0xff, 0xff, 0x19, 0x2a);
	RSP(ca, 0x09, 0x03, 0x30, 0x00, 0x42);
	assert_int_equal(d->out.battery_percent.i, 0x42);
	assert_string_equal(
	    capture_att_uuid_str(capture_att_uuid_of(d, 0x30), u), "2a19");
	/* Read Multiple Variable: battery then model. */
	REQ(ca, 0x20, 0x30, 0x00, 0x03, 0x00);
	RSP(ca, 0x21, 0x01, 0x00, 0x21, 0x03, 0x00, 'X', 'Y', 'Z');
	assert_int_equal(d->out.battery_percent.i, 0x21);
	assert_string_equal(d->out.model.text, "XYZ");
	/* Read Multiple: fixed-size battery first, then the model. */
	REQ(ca, 0x0e, 0x30, 0x00, 0x03, 0x00);
	RSP(ca, 0x0f, 0x11, 'Q', 'R');
	assert_int_equal(d->out.battery_percent.i, 0x11);
	assert_string_equal(d->out.model.text, "QR");
	capture_att_free(ca);
}

static void
test_reassembly_limits(void **state)
{
	struct capture_att	*ca = capture_att_new(8);
	uint8_t		 pkt[64];

	(void)state;
	/* ACL for a handle never connected: counted. */
	REQ(ca, 0x0a, 0x03, 0x00);
	assert_int_equal(capture_att_stats(ca)->unknown_conn, 1);
	conn_complete(ca, 0x40);
	/* An L2CAP frame claiming 2000 bytes: over the cap, dropped. */
	memset(pkt, 0, sizeof pkt);
	pkt[0] = 0x40;
	pkt[1] = 0x20;
	pkt[2] = 8;
	pkt[4] = 0xd0;
	pkt[5] = 0x07;
	pkt[6] = 4;
	capture_att_hci_acl(ca, 0, 1, pkt, 12, TS);
	assert_int_equal(capture_att_stats(ca)->dropped, 1);
	/* A continuation with nothing started: dropped. */
	pkt[1] = 0x10;
	capture_att_hci_acl(ca, 0, 1, pkt, 12, TS);
	assert_int_equal(capture_att_stats(ca)->dropped, 2);
	/* ACL length disagreeing with the packet. */
	capture_att_hci_acl(ca, 0, 1, pkt, 11, TS);
	assert_int_equal(capture_att_stats(ca)->malformed, 1);
	/* After Disconnection Complete the handle is unknown again. */
	{
		static const uint8_t	dc[] = { HC_EVT_DISCONN_COMPLETE, 4,
					    0, 0x40, 0x00, 0x13 };

		capture_att_hci_event(ca, 0, dc, sizeof dc);
	}
	REQ(ca, 0x0a, 0x03, 0x00);
	assert_int_equal(capture_att_stats(ca)->unknown_conn, 2);
	capture_att_free(ca);
}

/* A data PDU of connection aa, LLID llid, direction dir, SN sn. */
static void
ll_send(struct capture_att *ca, uint32_t aa, int dir, int llid, int sn,
    const uint8_t *payload, size_t n, int decrypted)
{
	uint8_t		b[300];
	struct ll_pkt	p;

	memset(&p, 0, sizeof p);
	b[0] = (uint8_t)(llid | sn << 3);
	b[1] = (uint8_t)n;
	memcpy(b + 2, payload, n);
	p.aa = aa;
	p.pdu = b;
	p.pdu_len = 2 + n;
	p.dir = dir;
	p.aux = LL_AUX_NONE;
	p.rssi = HC_RSSI_NONE;
	p.decrypted = decrypted != 0;
	capture_att_ll_data(ca, &p, TS);
}

static void
test_ll_connection(void **state)
{
	struct capture_att			*ca = capture_att_new(8);
	struct ll_connect		 con;
	const struct capture_att_dev		*d;
	uint32_t			 init;
	static const uint8_t		 disc[] = { 0x09, 0x00, 0x04, 0x00,
		0x09, 0x07, 0x02, 0x00, 0x02, 0x03, 0x00, 0x29, 0x2a };
	static const uint8_t		 req[] = { 0x07, 0x00, 0x04, 0x00,
		0x08, 0x01, 0x00, 0xff, 0xff, 0x03, 0x28 };
	static const uint8_t		 rd[] = { 0x03, 0x00, 0x04, 0x00,
		0x0a, 0x03, 0x00 };
	/* Read Response "Acme Locks" in two fragments. */
	static const uint8_t		 f1[] = { 0x0b, 0x00, 0x04, 0x00,
		0x0b, 'A', 'c', 'm' };
	static const uint8_t		 f2[] = { 'e', ' ', 'L', 'o', 'c', 'k',
		's' };
	static const uint8_t		 enc[] = { 0x05 };

	(void)state;
	memset(&con, 0, sizeof con);
	memcpy(con.adv_addr, lock_addr, 6);
	con.adv_type = HC_ADDR_RANDOM;
	con.aa = 0x50654c4b;
	con.crcinit = 0x0a1b2c;
	capture_att_ll_connect(ca, &con);
	assert_true(capture_att_ll_crcinit(ca, con.aa, &init));
	assert_int_equal(init, 0x0a1b2c);
	assert_false(capture_att_ll_crcinit(ca, 0x12345678, &init));

	ll_send(ca, con.aa, LL_DIR_C2P, 2, 0, req, sizeof req, 0);
	ll_send(ca, con.aa, LL_DIR_P2C, 2, 0, disc, sizeof disc, 0);
	ll_send(ca, con.aa, LL_DIR_C2P, 2, 1, rd, sizeof rd, 0);
	ll_send(ca, con.aa, LL_DIR_P2C, 2, 1, f1, sizeof f1, 0);
	/* The start again with the same SN: a retransmission. */
	ll_send(ca, con.aa, LL_DIR_P2C, 2, 1, f1, sizeof f1, 0);
	assert_int_equal(capture_att_stats(ca)->retransmissions, 1);
	ll_send(ca, con.aa, LL_DIR_P2C, 1, 0, f2, sizeof f2, 0);
	d = only_dev(ca);
	assert_string_equal(d->out.manufacturer.text, "Acme Locks");
	assert_int_equal(capture_att_stats(ca)->dropped, 0);
	/*
	 * An access address no connection can have (four equal octets,
	 * Vol 6 Part B 2.1.2): not taken for a connection seen mid-way.
	 */
	ll_send(ca, 0x44444444, LL_DIR_P2C, 2, 0, rd, sizeof rd, 0);
	assert_int_equal(capture_att_stats(ca)->unknown_conn, 1);
	/* LL_START_ENC_REQ: what follows is not read unless decrypted. */
	ll_send(ca, con.aa, LL_DIR_C2P, 3, 0, enc, sizeof enc, 0);
	ll_send(ca, con.aa, LL_DIR_C2P, 2, 1, rd, sizeof rd, 0);
	assert_int_equal(capture_att_stats(ca)->encrypted, 1);
	capture_att_free(ca);
}

/* A data PDU as a PPI (Ubertooth) capture gives it: no direction. */
static void
ll_raw(struct capture_att *ca, uint32_t aa, const char *hex)
{
	uint8_t		b[64];
	struct ll_pkt	p;
	size_t		n = strlen(hex) / 2, i;
	unsigned	v;

	for (i = 0; i < n; i++) {
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		b[i] = (uint8_t)v;
	}
	memset(&p, 0, sizeof p);
	p.aa = aa;
	p.pdu = b;
	p.pdu_len = n - 3;
	p.has_crc = true;
	p.crc = (uint32_t)b[n - 3] | (uint32_t)b[n - 2] << 8 |
	    (uint32_t)b[n - 1] << 16;
	p.dir = LL_DIR_UNKNOWN;
	p.aux = LL_AUX_NONE;
	p.rssi = HC_RSSI_NONE;
	capture_att_ll_data(ca, &p, TS);
}

/*
 * A connection followed from the middle (no CONNECT_IND), as in the
 * Ubertooth capture Add3r/BLE-Padlock:btl2cap-004.pcap@0eff694: data
 * PDUs of access address 0x50657DD4 (header, payload, CRC as on air;
 * the first two and the Battery Level read are that capture's frames
 * 1, 2, 64 and 65).  Kept under the stand-in address 00:00:50:65:7D:D4,
 * CRCInit 0x0EEB00 learned from two PDUs, directions inferred from the
 * ATT opcodes, a repeated response skipped, a write counted without
 * its value.
 */
static void
test_ll_midway(void **state)
{
	static const uint8_t	 stand_in[6] = { 0xd4, 0x7d, 0x65, 0x50, 0,
	    0 };
	struct capture_att	*ca = capture_att_new(8);
	const struct capture_att_dev *d;
	uint32_t		 init;
	char			*js;
	cJSON			*w;

	(void)state;
	assert_false(capture_att_ll_crcinit(ca, 0x50657dd4, &init));
	/* Exchange MTU request and response. */
	ll_raw(ca, 0x50657dd4, "0a070300040002b900" "f21b8b");
	assert_false(capture_att_ll_crcinit(ca, 0x50657dd4, &init));
	ll_raw(ca, 0x50657dd4, "0e0703000400031700" "a720ee");
	assert_true(capture_att_ll_crcinit(ca, 0x50657dd4, &init));
	assert_int_equal(init, 0x0eeb00);
	assert_int_equal(ll_crcinit_of((const uint8_t *)"\x0a\x07\x03\x00"
	    "\x04\x00\x02\xb9\x00", 9, 0x8b1bf2), 0x0eeb00);
	assert_int_equal(capture_att_stats(ca)->unknown_conn, 0);
	/* Read By Type 0x2803 and its answer: handle 0x24 is 0x2A19. */
	ll_raw(ca, 0x50657dd4, "060b0700040008220024000328" "000000");
	ll_raw(ca, 0x50657dd4, "0a0d" "0900040009072300122400192a" "000000");
	/* The same response again (same SN, same bytes): skipped. */
	ll_raw(ca, 0x50657dd4, "0a0d" "0900040009072300122400192a" "000000");
	assert_int_equal(capture_att_stats(ca)->retransmissions, 1);
	/* Read Request 0x0024, Read Response 0x47 (frames 64, 65). */
	ll_raw(ca, 0x50657dd4, "0607030004000a2400" "b27207");
	ll_raw(ca, 0x50657dd4, "0206020004000b47" "ed350b");
	d = only_dev(ca);
	assert_memory_equal(d->addr, stand_in, 6);
	assert_int_equal(d->addr_type, HC_ADDR_RANDOM);
	assert_int_equal(d->out.battery_percent.i, 71);
	/* A Write Request carrying a PIN: the handle is counted only. */
	ll_raw(ca, 0x50657dd4, "0a10" "0c000400122d0000" "1234567812345678"
	    "000000");
	assert_int_equal(d->nwrites, 1);
	assert_int_equal(d->writes[0].handle, 0x2d);
	w = capture_att_writes_json(d);
	js = cJSON_PrintUnformatted(w);
	assert_null(strstr(js, "12345678"));
	assert_null(memmem(d, sizeof *d, "\x12\x34\x56\x78", 4));
	free(js);
	cJSON_Delete(w);
	assert_int_equal(capture_att_stats(ca)->unknown_conn, 0);
	capture_att_free(ca);
}

/*
 * A connection joined mid-way that was already encrypted: the first
 * start fragment's L2CAP header cannot be plaintext, so nothing of it
 * is read, and it is counted as encrypted.
 */
static void
test_ll_midway_encrypted(void **state)
{
	struct capture_att	*ca = capture_att_new(8);

	(void)state;
	/* L2CAP length 1 in a 9-byte fragment. */
	ll_raw(ca, 0x26a59d3a, "0209" "01000400" "0b47aabbcc" "000000");
	ll_raw(ca, 0x26a59d3a, "0609" "05000400" "0b47aabbcc" "000000");
	assert_int_equal(capture_att_stats(ca)->encrypted, 2);
	assert_int_equal(capture_att_stats(ca)->att, 0);
	capture_att_free(ca);
}

static void
test_caps(void **state)
{
	struct capture_att	*ca = capture_att_new(1);
	uint8_t		 ev[2 + 19] = { HC_EVT_LE_META, 19,
			    HC_LE_CONN_COMPLETE, 0, 0x41, 0, 0, 0 };
	uint8_t		 w[3] = { 0x52, 0, 0 };
	unsigned	 i;

	(void)state;
	conn_complete(ca, 0x40);
	/* A second device does not fit: its connection is not tracked. */
	capture_att_hci_event(ca, 0, ev, sizeof ev);
	assert_int_equal(capture_att_count(ca), 1);
	/* Writes to more handles than the cap: the rest are counted. */
	for (i = 1; i <= CAPTURE_ATT_MAX_WRITES + 5; i++) {
		w[1] = (uint8_t)i;
		w[2] = (uint8_t)(i >> 8);
		acl_att(ca, 0, w, sizeof w, 0);
	}
	assert_int_equal(capture_att_dev_at(ca, 0)->nwrites,
	    CAPTURE_ATT_MAX_WRITES);
	assert_int_equal(capture_att_dev_at(ca, 0)->writes_dropped, 5);
	capture_att_free(ca);
	capture_att_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hci_discovery_reads),
		cmocka_unit_test(test_writes_counted_only),
		cmocka_unit_test(test_long_read_and_by_type),
		cmocka_unit_test(test_reassembly_limits),
		cmocka_unit_test(test_ll_connection),
		cmocka_unit_test(test_ll_midway),
		cmocka_unit_test(test_ll_midway_encrypted),
		cmocka_unit_test(test_caps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
