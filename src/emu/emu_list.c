/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * emu_list.c - "hci-emu --list": what a scanner should report for each
 * advertiser of a scenario, one tab-separated line per device:
 *
 *   id  address  address_type  name  rssi  rssi_jitter
 *
 * The name is what an active scanner merges from the advertisement and,
 * for scannable PDUs, the scan response (complete name over shortened),
 * sanitised as lockscope shows it.  Tests compare scan output with it.
 */
#include <stdio.h>

#include "adv/ad.h"
#include "emu/emu_list.h"
#include "util/hex.h"
#include "util/text.h"

void
emu_list(FILE *f, const struct scn *s)
{
	const struct scn_ble	*b;
	struct ad_info		 adv, rsp;
	char			 addr[18], name[4 * AD_NAME_MAX + 1];
	size_t			 i;

	for (i = 0; i < scn_ble_count(s); i++) {
		b = scn_ble(s, i);
		ad_parse(b->adv.data, b->adv.len, &adv);
		if (b->scan_rsp.present && b->adv_type != SCN_ADV_NONCONN_IND) {
			ad_parse(b->scan_rsp.data, b->scan_rsp.len, &rsp);
			ad_merge(&adv, &rsp);
		}
		text_sanitize(adv.name, adv.name_len, name, sizeof name);
		fprintf(f, "%s\t%s\t%s\t%s\t%d\t%u\n", b->id,
		    hex_addr_str(b->addr, addr),
		    b->addr_type == SCN_ADDR_PUBLIC ? "public" : "random",
		    adv.has_name ? name : "", b->rssi, b->rssi_jitter);
	}
}
