/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_replay.h - what lockscope replay does with a capture, for the
 * per-format harnesses (fuzz_btsnoop, fuzz_pcap, fuzz_pcapng): every
 * record read by capread goes through the same library calls as
 * src/cmd/cmd_replay.c (HCI events to the advertising decoder and the
 * ATT observer, ACL to the observer, link-layer records to ll_parse,
 * the CRC check, ll_adv and the observer), and the observer's JSON is
 * built at the end.
 *
 * Checks: reading ends within one call per input byte, the reader's
 * counters add up, and no delivered bytes lie outside the input.
 */
#ifndef LS_TESTS_FUZZ_FUZZ_REPLAY_H
#define LS_TESTS_FUZZ_FUZZ_REPLAY_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "capture/capture_att.h"
#include "capture/capture_file.h"
#include "capture/sniffer_ll.h"
#include "hci/hcidef.h"
#include "hci/hcievt.h"

static void
fuzz_replay_report(const struct hcievt_adv_report *r, void *arg)
{
	(void)r;
	(*(uint64_t *)arg)++;
}

static void
fuzz_replay_ll(struct capture_att *ca, const struct capture_file_pkt *pkt,
    uint64_t *reports)
{
	struct hcievt_adv_report	rep;
	struct ll_connect		con;
	struct ll_pkt			lp;
	uint32_t			init;

	if (ll_parse(pkt->link, pkt->data, pkt->len, &lp, NULL) != LS_OK)
		return;
	if (lp.pdu < pkt->data || lp.pdu + lp.pdu_len > pkt->data + pkt->len)
		abort();
	if (lp.aa != LL_ADV_AA) {
		if (capture_att_ll_crcinit(ca, lp.aa, &init) &&
		    !ll_crc_ok(&lp, init))
			return;
		capture_att_ll_data(ca, &lp, pkt->ts_us);
		return;
	}
	/* Fuzzed CRCs are almost never right: decode regardless. */
	(void)ll_crc_ok(&lp, LL_ADV_CRCINIT);
	switch (ll_adv(&lp, &rep, &con)) {
	case LL_ADV_REPORT:
		(*reports)++;
		break;
	case LL_ADV_CONNECT:
		capture_att_ll_connect(ca, &con);
		break;
	default:
		break;
	}
}

static void
fuzz_replay_mem(const uint8_t *data, size_t size)
{
	struct capture_file			*r;
	struct capture_file_pkt		 pkt;
	struct capture_att			*ca;
	struct hcievt			 ev;
	const struct capture_file_stats	*st;
	uint64_t			 n = 0, reports = 0;
	bool				 eof = false;
	size_t				 i;
	cJSON				*j;

	if (capture_file_open_mem(data, size, "fuzz", &r, NULL) != LS_OK)
		return;
	if ((ca = capture_att_new(4)) == NULL)
		abort();
	for (;;) {
		if (capture_file_next(r, &pkt, &eof, NULL) != LS_OK)
			abort();
		if (eof)
			break;
		if (++n > size || pkt.data < data ||
		    pkt.data + pkt.len > data + size)
			abort();
		if (pkt.link != 0)
			fuzz_replay_ll(ca, &pkt, &reports);
		else if (pkt.type == HC_PKT_EVT) {
			if (hcievt_split(pkt.data, pkt.len, &ev, NULL) ==
			    LS_OK && ev.code == HC_EVT_LE_META && ev.plen > 0)
				(void)hcievt_adv_reports(ev.params, ev.plen,
				    fuzz_replay_report, &reports, NULL);
			capture_att_hci_event(ca, pkt.index, pkt.data, pkt.len);
		} else if (pkt.type == HC_PKT_ACL)
			capture_att_hci_acl(ca, pkt.index, pkt.dir, pkt.data,
			    pkt.len, pkt.ts_us);
	}
	st = capture_file_stats(r);
	if (st->packets != n ||
	    st->records != st->packets + st->skipped + st->other)
		abort();
	for (i = 0; i < capture_att_count(ca); i++) {
		if ((j = capture_att_gatt_json(
		    capture_att_dev_at(ca, i))) == NULL)
			abort();
		cJSON_Delete(j);
		if ((j = capture_att_writes_json(
		    capture_att_dev_at(ca, i))) == NULL)
			abort();
		cJSON_Delete(j);
	}
	capture_att_free(ca);
	capture_file_free(r);
}

/* header + data in one new buffer (the harness frees it). */
static uint8_t *
fuzz_replay_join(const uint8_t *hdr, size_t hn, const uint8_t *data,
    size_t n)
{
	uint8_t	*b = malloc(hn + n + 1);

	if (b == NULL)
		abort();
	memcpy(b, hdr, hn);
	if (n > 0)
		memcpy(b + hn, data, n);
	return b;
}

#endif
