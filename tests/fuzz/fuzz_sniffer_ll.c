/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_sniffer_ll.c - libFuzzer harness for the link-layer packet parser
 * (src/capture/sniffer_ll.c): pseudo-headers of link types 251, 256 and PPI
 * (192), CRC, advertising PDUs and data PDU headers.  The first input byte
 * picks the link type; the rest is one packet.  A connection with the
 * packet's access address is set up in an ATT observer, so data PDUs
 * also go through src/capture/capture_att.c; a second observer meets
 * the packet without that connection (one followed mid-way: CRCInit
 * recovery, direction inference).  Corpus:
 * tests/fuzz/corpus/sniffer_ll/.
 *
 * Checks: the PDU and a data payload lie inside the input; reports
 * have an address type of public or random and legacy data of at most
 * 31 bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture_att.h"
#include "capture/sniffer_ll.h"
#include "hci/hcidef.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t		links[3] = { 251, 256, 192 };
	struct hcievt_adv_report	rep;
	struct ll_connect		con;
	struct ll_pkt			p;
	struct ll_data			d;
	struct capture_att			*ca;

	if (size < 1)
		return 0;
	if (ll_parse(links[data[0] % 3], data + 1, size - 1, &p, NULL) !=
	    LS_OK)
		return 0;
	if (p.pdu < data + 1 || p.pdu + p.pdu_len > data + size ||
	    p.pdu_len < 2)
		abort();
	(void)ll_crc_ok(&p, LL_ADV_CRCINIT);
	if (p.aa == LL_ADV_AA) {
		switch (ll_adv(&p, &rep, &con)) {
		case LL_ADV_REPORT:
			if (rep.addr_type > HC_ADDR_RANDOM ||
			    (!rep.extended && rep.data_len > 31))
				abort();
			break;
		case LL_ADV_CONNECT:
			if (con.adv_type > 1 || con.init_type > 1)
				abort();
			break;
		default:
			break;
		}
		return 0;
	}
	if (ll_data(&p, &d) && (d.payload < p.pdu ||
	    d.payload + d.len > p.pdu + p.pdu_len))
		abort();
	/* The CRCInit recovered from a packet gives back its CRC. */
	if (p.has_crc && ll_crc24(ll_crcinit_of(p.pdu, p.pdu_len, p.crc),
	    p.pdu, p.pdu_len) != (p.crc & 0xffffff))
		abort();
	(void)ll_aa_plausible(p.aa);
	if ((ca = capture_att_new(1)) == NULL)
		abort();
	capture_att_ll_data(ca, &p, 0);
	capture_att_ll_data(ca, &p, 0);
	capture_att_ll_data(ca, &p, 0);
	capture_att_free(ca);
	if ((ca = capture_att_new(1)) == NULL)
		abort();
	memset(&con, 0, sizeof con);
	con.aa = p.aa;
	capture_att_ll_connect(ca, &con);
	capture_att_ll_data(ca, &p, 0);
	capture_att_ll_data(ca, &p, 0);
	capture_att_free(ca);
	return 0;
}
