/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_emu_acl.c - libFuzzer harness for hci-emu's ACL input path: ACL
 * packets, L2CAP reassembly, LE signalling, SMP and the ATT server
 * (src/emu/controller_conn.c, src/emu/att_server.c).
 *
 * Input: byte 0 = --fault bits (ECTL_FAULT_ATT_* and friends, shifted
 * down: bit0 att-silent ... bit4 notify-flood); then chunks of
 * [flags][len][len bytes]:
 *   flags bits 0-1  PB flag of the ACL packet (Vol 4 Part E §5.4.2)
 *   flags bit 2     advance the clock one connection interval after it
 *   flags bit 3     send the bytes as a raw H4 stream instead (commands,
 *                   ACL to other handles, garbage)
 *   flags bit 4     also hand the bytes to eatt_handle() directly, with
 *                   ATT_MTU 23 + len
 * Before the chunks the harness connects to the one device (handle 1),
 * so fuzzed ACL reaches every channel.  Checks: output holds only whole
 * H4 packets, ACL fragments are <= 27 octets, responses from
 * eatt_handle() never exceed the ATT_MTU, and output stays under its cap.
 * Corpus: tests/fuzz/corpus/emu_acl/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emu/att_server.h"
#include "emu/controller.h"
#include "emu/emudef.h"
#include "emu/scenario.h"
#include "hci/h4.h"
#include "hci/hcidef.h"
#include "util/hex.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char fuzz_emu_site[] =
    "{\"scenario\": 1, \"ble\": [{\"id\": \"lock\", "
    "\"address\": \"C0:00:00:00:00:01\", \"address_type\": \"random\", "
    "\"rssi\": -60, \"adv\": \"020106\", \"security_request\": true, "
    "\"connect\": {\"delay_ms\": 0, \"conn_interval_ms\": 30, "
    "\"param_update_ms\": 50}, \"gatt\": ["
    "{\"uuid\": \"180a\", \"characteristics\": ["
    " {\"uuid\": \"2a29\", \"value\": \"41636d65\", "
    "\"properties\": [\"read\"]},"
    " {\"uuid\": \"2a25\", \"value\": \"3132\", \"properties\": [\"read\"], "
    "\"security\": \"encrypted\"}]},"
    "{\"uuid\": \"180f\", \"characteristics\": ["
    " {\"uuid\": \"2a19\", \"value\": \"5a\", "
    "\"properties\": [\"read\", \"notify\"]}]},"
    "{\"uuid\": \"a92ee200-5501-11e4-916c-0800200c9a66\", "
    "\"characteristics\": [{\"uuid\": "
    "\"a92ee202-5501-11e4-916c-0800200c9a66\", \"value\": "
    "\"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    "202122232425262728292a2b2c2d2e2f\", \"properties\": [\"read\", "
    "\"write\", \"indicate\"], \"security\": \"authenticated\"}]}"
    "]}]}";

/* Set Event Mask (LE Meta), LE Create Connection to C0:00:00:00:00:01. */
static const uint8_t fuzz_emu_setup[] = {
	0x01, 0x01, 0x0c, 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x00,
	0x20,
	0x01, 0x0d, 0x20, 0x19, 0x60, 0x00, 0x30, 0x00, 0x00, 0x01, 0x01,
	0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x18, 0x00, 0x28, 0x00, 0x00,
	0x00, 0x48, 0x00, 0x00, 0x00, 0x00, 0x00
};

#define FUZZ_EMU_CAP	(64 * 1024)

/* Every queued packet is whole; ACL fragments fit the LE buffer. */
static void
fuzz_emu_drain(struct ectl *c)
{
	const uint8_t	*p;
	size_t		 n, hl, len;

	p = ectl_out_peek(c, &n);
	if (n > FUZZ_EMU_CAP + 64 * 1024)
		abort();
	while (n > 0) {
		hl = h4_header_len(p[0]);
		if (hl == 0 || n < 1 + hl)
			abort();
		len = hl + h4_payload_len(p[0], p + 1);
		if (1 + len > n)
			abort();
		if (p[0] == HC_PKT_ACL && len - 4 > 27)
			abort();
		p += 1 + len;
		n -= 1 + len;
	}
	ectl_out_consume(c, SIZE_MAX);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct scn	*s;
	static struct eatt_db	*db;
	struct ectl_opts	 o;
	struct ectl		*c;
	struct eatt_srv		 srv;
	uint8_t			 pkt[5 + 255], rsp[EATT_PDU_MAX];
	uint64_t		 now = 1000;
	size_t			 i = 1, len, r;
	uint8_t			 fl;

	if (s == NULL) {
		if (scn_parse("fuzz", fuzz_emu_site, sizeof fuzz_emu_site - 1,
		    &s, NULL) != LS_OK || (db = eatt_db_new(scn_ble(s, 0))) ==
		    NULL)
			abort();
	}
	if (size < 1)
		return 0;
	memset(&o, 0, sizeof o);
	hex_addr_parse(ECTL_BDADDR_DEFAULT, o.bdaddr);
	o.seed = 1;
	o.out_cap = FUZZ_EMU_CAP;
	o.faults = (unsigned)(data[0] & 0x1f) * ECTL_FAULT_ATT_SILENT;
	if ((c = ectl_new(s, &o)) == NULL)
		return 0;
	ectl_input(c, fuzz_emu_setup, sizeof fuzz_emu_setup, now);
	ectl_tick(c, now);
	fuzz_emu_drain(c);
	while (i + 2 <= size) {
		fl = data[i];
		len = data[i + 1];
		i += 2;
		if (len > size - i)
			len = size - i;
		if (fl & 0x08)
			ectl_input(c, data + i, len, now);
		else {
			pkt[0] = HC_PKT_ACL;
			pkt[1] = 0x01;
			pkt[2] = (uint8_t)((fl & 3) << 4);
			pkt[3] = (uint8_t)len;
			pkt[4] = 0;
			memcpy(pkt + 5, data + i, len);
			ectl_input(c, pkt, 5 + len, now);
		}
		if (fl & 0x10) {
			eatt_srv_init(&srv, (uint16_t)(23 + len), true);
			srv.mtu = srv.server_mtu;
			r = eatt_handle(db, &srv, NULL, data + i, len, rsp);
			if (r > srv.mtu)
				abort();
		}
		if (fl & 0x04)
			now += 30;
		ectl_tick(c, now);
		fuzz_emu_drain(c);
		i += len;
	}
	now += 1000;
	ectl_tick(c, now);
	fuzz_emu_drain(c);
	ectl_free(c);
	return 0;
}
