/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_devtab.c - unit tests for the advertiser table (src/adv/devtab.c):
 * merging reports, address-type folding, change bits, RSSI smoothing,
 * LRU eviction and its bound.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "adv/devtab.h"
#include "hci/hcidef.h"

#define ADV_IND	(HC_EXT_EVT_LEGACY | HC_EXT_EVT_CONNECTABLE | \
		    HC_EXT_EVT_SCANNABLE)
#define SCAN_RSP_IND	(HC_EXT_EVT_LEGACY | HC_EXT_EVT_SCAN_RSP | \
		    HC_EXT_EVT_CONNECTABLE | HC_EXT_EVT_SCANNABLE)

/* SwitchBot Lock Lite (sblibs/pySwitchbot tests/test_adv_parser.py). */
static const uint8_t sb_adv[] = {
	0x02, 0x01, 0x06,
	0x0d, 0xff, 0x69, 0x09, 0xe9, 0xd5, 0x11, 0xb2, 0x6b, 0x53,
	0x17, 0x93, 0x08, 0x20,
};
static const uint8_t sb_rsp[] = {
	0x06, 0x16, 0x3d, 0xfd, 0x2d, 0x80, 0x64,
	0x05, 0x09, 'L', 'i', 't', 'e',
};

static struct hcievt_adv_report
rep(uint32_t id, uint8_t addr_type, uint16_t evt, const uint8_t *data,
    size_t n, int8_t rssi)
{
	struct hcievt_adv_report	r;

	memset(&r, 0, sizeof r);
	r.evt_type = evt;
	r.addr_type = addr_type;
	r.addr[0] = (uint8_t)id;
	r.addr[1] = (uint8_t)(id >> 8);
	r.addr[2] = (uint8_t)(id >> 16);
	r.addr[3] = 0x6a;
	r.addr[4] = 0x8d;
	r.addr[5] = 0xc4;
	r.rssi = rssi;
	r.tx_power = HC_TXPOWER_NONE;
	r.primary_phy = 1;
	r.sid = 0xff;
	r.data_len = (uint8_t)n;
	if (n > 0)
		memcpy(r.data, data, n);
	return r;
}

static void
test_new_and_repeat(void **state)
{
	struct devtab			*t = devtab_new(8);
	struct hcievt_adv_report	 r;
	struct dev			*d;
	unsigned			 what = 0xdead;

	(void)state;
	assert_non_null(t);
	r = rep(1, HC_ADDR_RANDOM, ADV_IND, sb_adv, sizeof sb_adv, -60);
	d = devtab_update(t, &r, 1000, &what);
	assert_non_null(d);
	assert_int_equal(what, DEVTAB_NEW | DEVTAB_AD | DEVTAB_IDENT);
	assert_int_equal(devtab_count(t), 1);
	assert_memory_equal(d->addr, r.addr, 6);
	assert_int_equal(d->addr_type, HC_ADDR_RANDOM);
	assert_false(d->resolved);
	assert_int_equal(d->evt_type, ADV_IND);
	assert_false(d->extended);
	assert_int_equal(d->adv_len, sizeof sb_adv);
	assert_memory_equal(d->adv, sb_adv, sizeof sb_adv);
	assert_int_equal(d->rsp_len, 0);
	assert_int_equal(d->first_seen_ms, 1000);
	assert_int_equal(d->last_seen_ms, 1000);
	assert_int_equal(d->reports, 1);
	assert_int_equal(d->malformed, 0);
	assert_int_equal(d->tx_power, HC_TXPOWER_NONE);
	assert_non_null(ad_find_mfr(&d->ad, 0x0969));
	/* Classifier-owned fields start zeroed. */
	assert_false(d->lock.is_lock);
	assert_null(d->lock.family);
	assert_int_equal(d->lock.model[0], 0);
	assert_int_equal(d->seq, 0);
	assert_ptr_equal(devtab_find(t, r.addr, HC_ADDR_RANDOM), d);

	/* Same bytes again: nothing changed but time and count. */
	d = devtab_update(t, &r, 1500, &what);
	assert_int_equal(what, 0);
	assert_int_equal(d->reports, 2);
	assert_int_equal(d->first_seen_ms, 1000);
	assert_int_equal(d->last_seen_ms, 1500);
	assert_int_equal(devtab_count(t), 1);

	/* what may be NULL. */
	assert_ptr_equal(devtab_update(t, &r, 1600, NULL), d);
	devtab_free(t);
}

static void
test_scan_response_merge(void **state)
{
	struct devtab			*t = devtab_new(8);
	struct hcievt_adv_report	 r;
	struct dev			*d;
	unsigned			 what;
	const struct ad_svcdata		*sd;

	(void)state;
	r = rep(2, HC_ADDR_RANDOM, ADV_IND, sb_adv, sizeof sb_adv, -60);
	devtab_update(t, &r, 10, &what);
	r = rep(2, HC_ADDR_RANDOM, SCAN_RSP_IND, sb_rsp, sizeof sb_rsp, -62);
	d = devtab_update(t, &r, 20, &what);
	assert_int_equal(what, DEVTAB_AD | DEVTAB_IDENT);
	/* The scan response went to rsp; adv and its event type stay. */
	assert_int_equal(d->evt_type, ADV_IND);
	assert_int_equal(d->adv_len, sizeof sb_adv);
	assert_int_equal(d->rsp_len, sizeof sb_rsp);
	assert_memory_equal(d->rsp, sb_rsp, sizeof sb_rsp);
	/* Merged view: manufacturer data from adv, the rest from rsp. */
	assert_non_null(ad_find_mfr(&d->ad, 0x0969));
	sd = ad_find_svcdata16(&d->ad, 0xfd3d);
	assert_non_null(sd);
	assert_int_equal(sd->data[2], 0x64);
	assert_true(d->ad.has_name);
	assert_memory_equal(d->ad.name, "Lite", 4);
	assert_true(d->ad.has_flags);
	assert_int_equal(d->reports, 2);

	/* A new advertisement keeps the stored scan response merged. */
	r = rep(2, HC_ADDR_RANDOM, ADV_IND, sb_adv, sizeof sb_adv - 4, -60);
	r.data[3] = 0x09;	/* shorten the manufacturer structure */
	d = devtab_update(t, &r, 30, &what);
	assert_int_equal(what, DEVTAB_AD);
	assert_true(d->ad.has_name);
	assert_non_null(ad_find_svcdata16(&d->ad, 0xfd3d));
	assert_int_equal(ad_find_mfr(&d->ad, 0x0969)->len, 6);
	devtab_free(t);
}

/* AD-only changes vs identity changes. */
static void
test_change_bits(void **state)
{
	struct devtab			*t = devtab_new(4);
	struct hcievt_adv_report	 r;
	uint8_t				 adv[sizeof sb_adv + 8];
	unsigned			 what;

	(void)state;
	memcpy(adv, sb_adv, sizeof sb_adv);
	r = rep(3, HC_ADDR_RANDOM, ADV_IND, adv, sizeof sb_adv, -50);
	devtab_update(t, &r, 1, &what);
	assert_int_equal(what, DEVTAB_NEW | DEVTAB_AD | DEVTAB_IDENT);

	/* Sequence number in the payload: bytes change, identity not. */
	r.data[13] = 0x18;
	devtab_update(t, &r, 2, &what);
	assert_int_equal(what, DEVTAB_AD);

	/* Flags change: identity. */
	r.data[2] = 0x04;
	devtab_update(t, &r, 3, &what);
	assert_int_equal(what, DEVTAB_AD | DEVTAB_IDENT);

	/* Company change (same length): identity. */
	r.data[5] = 0x59;
	r.data[6] = 0x00;
	devtab_update(t, &r, 4, &what);
	assert_int_equal(what, DEVTAB_AD | DEVTAB_IDENT);

	/* Appended appearance: identity. */
	memcpy(r.data + sizeof sb_adv, "\x03\x19\x08\x07", 4);
	r.data_len = sizeof sb_adv + 4;
	devtab_update(t, &r, 5, &what);
	assert_int_equal(what, DEVTAB_AD | DEVTAB_IDENT);

	/* Scan response with service data: identity (new svc UUID). */
	r = rep(3, HC_ADDR_RANDOM, SCAN_RSP_IND, sb_rsp, 7, -50);
	devtab_update(t, &r, 6, &what);
	assert_int_equal(what, DEVTAB_AD | DEVTAB_IDENT);

	/* Battery byte in the service data: AD only. */
	r.data[6] = 0x63;
	devtab_update(t, &r, 7, &what);
	assert_int_equal(what, DEVTAB_AD);

	/* Name appears: identity; name completeness changes: identity. */
	memcpy(r.data + 7, "\x05\x08Lite", 6);
	r.data_len = 13;
	devtab_update(t, &r, 8, &what);
	assert_int_equal(what, DEVTAB_AD | DEVTAB_IDENT);
	r.data[8] = AD_NAME_COMPLETE;
	devtab_update(t, &r, 9, &what);
	assert_int_equal(what, DEVTAB_AD | DEVTAB_IDENT);
	r.data[12] = 'X';
	devtab_update(t, &r, 10, &what);
	assert_int_equal(what, DEVTAB_AD | DEVTAB_IDENT);

	/* UUID list added, then reordered (same set): IDENT, then AD. */
	memcpy(r.data + 13, "\x05\x03\x0f\x18\x24\xfe", 6);
	r.data_len = 19;
	devtab_update(t, &r, 11, &what);
	assert_int_equal(what, DEVTAB_AD | DEVTAB_IDENT);
	memcpy(r.data + 13, "\x05\x03\x24\xfe\x0f\x18", 6);
	devtab_update(t, &r, 12, &what);
	assert_int_equal(what, DEVTAB_AD);
	devtab_free(t);
}

/* Identity addresses fold into public/random; the types stay apart. */
static void
test_addr_type_folding(void **state)
{
	struct devtab			*t = devtab_new(8);
	struct hcievt_adv_report	 r;
	struct dev			*d, *d2;
	unsigned			 what;

	(void)state;
	r = rep(4, HC_ADDR_PUBLIC, ADV_IND, sb_adv, sizeof sb_adv, -60);
	d = devtab_update(t, &r, 1, &what);
	assert_int_equal(d->addr_type, HC_ADDR_PUBLIC);
	assert_false(d->resolved);

	r.addr_type = HC_ADDR_PUBLIC_ID;
	d2 = devtab_update(t, &r, 2, &what);
	assert_ptr_equal(d2, d);
	assert_int_equal(what & DEVTAB_NEW, 0);
	assert_int_equal(d->addr_type, HC_ADDR_PUBLIC);
	assert_true(d->resolved);
	assert_int_equal(devtab_count(t), 1);
	assert_ptr_equal(devtab_find(t, r.addr, HC_ADDR_PUBLIC), d);
	assert_ptr_equal(devtab_find(t, r.addr, HC_ADDR_PUBLIC_ID), d);

	/* Same bytes, random: another device. */
	r.addr_type = HC_ADDR_RANDOM;
	d2 = devtab_update(t, &r, 3, &what);
	assert_ptr_not_equal(d2, d);
	assert_true(what & DEVTAB_NEW);
	assert_int_equal(d2->addr_type, HC_ADDR_RANDOM);
	assert_int_equal(devtab_count(t), 2);

	r.addr_type = HC_ADDR_RANDOM_ID;
	assert_ptr_equal(devtab_update(t, &r, 4, &what), d2);
	assert_true(d2->resolved);
	assert_int_equal(devtab_count(t), 2);

	/* Anonymous advertising is filed as random. */
	r = rep(5, HC_ADDR_ANONYMOUS, HC_DATA_COMPLETE, sb_adv, 3, -70);
	r.extended = true;
	d = devtab_update(t, &r, 5, &what);
	assert_int_equal(d->addr_type, HC_ADDR_RANDOM);
	assert_false(d->resolved);
	assert_true(d->extended);
	assert_ptr_equal(devtab_find(t, r.addr, HC_ADDR_RANDOM), d);
	assert_null(devtab_find(t, r.addr, HC_ADDR_PUBLIC));

	/* A legacy report later does not clear "extended". */
	r.extended = false;
	devtab_update(t, &r, 6, &what);
	assert_true(d->extended);

	assert_string_equal(devtab_addr_type_str(HC_ADDR_PUBLIC), "public");
	assert_string_equal(devtab_addr_type_str(HC_ADDR_RANDOM), "random");
	assert_string_equal(devtab_addr_type_str(HC_ADDR_PUBLIC_ID),
	    "public");
	assert_string_equal(devtab_addr_type_str(HC_ADDR_RANDOM_ID),
	    "random");
	assert_non_null(devtab_addr_type_str(0x42));
	devtab_free(t);
}

static void
test_rssi(void **state)
{
	struct devtab			*t = devtab_new(2);
	struct hcievt_adv_report	 r;
	struct dev			*d;

	(void)state;
	/* First report without RSSI: nothing is invented. */
	r = rep(6, HC_ADDR_RANDOM, ADV_IND, sb_adv, sizeof sb_adv,
	    HC_RSSI_NONE);
	d = devtab_update(t, &r, 1, NULL);
	assert_int_equal(d->rssi, HC_RSSI_NONE);
	assert_int_equal(d->rssi_min, HC_RSSI_NONE);
	assert_int_equal(d->rssi_max, HC_RSSI_NONE);

	r.rssi = -60;		/* first sample initialises */
	devtab_update(t, &r, 2, NULL);
	assert_int_equal(d->rssi, -60);
	assert_float_equal(d->rssi_avg, -60.0, 1e-9);
	assert_int_equal(d->rssi_min, -60);
	assert_int_equal(d->rssi_max, -60);

	r.rssi = -80;		/* -60 + 0.25 * (-80 - -60) */
	devtab_update(t, &r, 3, NULL);
	assert_float_equal(d->rssi_avg, -65.0, 1e-9);
	assert_int_equal(d->rssi_min, -80);

	r.rssi = -40;		/* -65 + 0.25 * 25 */
	devtab_update(t, &r, 4, NULL);
	assert_float_equal(d->rssi_avg, -58.75, 1e-9);
	assert_int_equal(d->rssi, -40);
	assert_int_equal(d->rssi_max, -40);

	r.rssi = HC_RSSI_NONE;	/* untouched */
	devtab_update(t, &r, 5, NULL);
	assert_int_equal(d->rssi, -40);
	assert_float_equal(d->rssi_avg, -58.75, 1e-9);
	assert_int_equal(d->rssi_min, -80);
	assert_int_equal(d->rssi_max, -40);
	assert_int_equal(d->reports, 5);
	devtab_free(t);
}

static void
test_tx_power(void **state)
{
	static const uint8_t		 adv_tx[] = { 0x02, 0x0a, 0xf8 };
	struct devtab			*t = devtab_new(2);
	struct hcievt_adv_report	 r;
	struct dev			*d;

	(void)state;
	r = rep(7, HC_ADDR_RANDOM, ADV_IND, adv_tx, sizeof adv_tx, -50);
	d = devtab_update(t, &r, 1, NULL);
	assert_int_equal(d->tx_power, -8);		/* from the AD */
	r.tx_power = 4;
	devtab_update(t, &r, 2, NULL);
	assert_int_equal(d->tx_power, 4);		/* report wins */
	r.tx_power = HC_TXPOWER_NONE;
	devtab_update(t, &r, 3, NULL);
	assert_int_equal(d->tx_power, -8);
	devtab_free(t);
}

static void
test_malformed_count(void **state)
{
	static const uint8_t		 bad[] = { 0x04, 0x19, 0, 0, 0,
	    0x02, 0x01, 0x06, 0x05, 0xff };
	struct devtab			*t = devtab_new(2);
	struct hcievt_adv_report	 r;
	struct dev			*d;

	(void)state;
	r = rep(8, HC_ADDR_RANDOM, ADV_IND, bad, sizeof bad, -50);
	d = devtab_update(t, &r, 1, NULL);
	assert_int_equal(d->malformed, 2);
	assert_int_equal(d->ad.n_malformed, 2);
	assert_true(d->ad.has_flags);
	assert_string_equal(d->ad.malformed,
	    "AD #1 (type 0x19): length 3, want 2");
	/* A clean scan response adds nothing. */
	r = rep(8, HC_ADDR_RANDOM, SCAN_RSP_IND, sb_rsp, sizeof sb_rsp, -50);
	devtab_update(t, &r, 2, NULL);
	assert_int_equal(d->malformed, 2);
	/* The same bad advertisement again counts again. */
	r = rep(8, HC_ADDR_RANDOM, ADV_IND, bad, sizeof bad, -50);
	devtab_update(t, &r, 3, NULL);
	assert_int_equal(d->malformed, 4);
	devtab_free(t);
}

static void
test_eviction_order(void **state)
{
	struct devtab			*t = devtab_new(3);
	struct hcievt_adv_report	 r;
	struct dev			*list[8], *d;
	unsigned			 what;
	uint8_t				 addr[6];

	(void)state;
	r = rep(0xa, HC_ADDR_RANDOM, ADV_IND, sb_adv, sizeof sb_adv, -50);
	devtab_update(t, &r, 1, NULL);
	r = rep(0xb, HC_ADDR_RANDOM, ADV_IND, sb_adv, sizeof sb_adv, -50);
	devtab_update(t, &r, 2, NULL);
	memcpy(addr, r.addr, 6);		/* remember B */
	r = rep(0xc, HC_ADDR_RANDOM, ADV_IND, sb_adv, sizeof sb_adv, -50);
	devtab_update(t, &r, 3, NULL);
	assert_int_equal(devtab_list(t, list, 8), 3);
	assert_int_equal(list[0]->addr[0], 0xc);
	assert_int_equal(list[1]->addr[0], 0xb);
	assert_int_equal(list[2]->addr[0], 0xa);

	/* Touch A: B is now the least recently seen. */
	r = rep(0xa, HC_ADDR_RANDOM, ADV_IND, sb_adv, sizeof sb_adv, -50);
	d = devtab_update(t, &r, 4, NULL);
	d->lock.is_lock = true;			/* the classifier's */
	d->seq = 7;
	assert_int_equal(devtab_list(t, list, 8), 3);
	assert_int_equal(list[0]->addr[0], 0xa);
	assert_int_equal(list[1]->addr[0], 0xc);
	assert_int_equal(list[2]->addr[0], 0xb);

	r = rep(0xd, HC_ADDR_RANDOM, ADV_IND, sb_adv, sizeof sb_adv, -50);
	d = devtab_update(t, &r, 5, &what);
	assert_true(what & DEVTAB_NEW);
	assert_int_equal(devtab_count(t), 3);
	assert_int_equal(devtab_evicted(t), 1);
	assert_null(devtab_find(t, addr, HC_ADDR_RANDOM));
	assert_int_equal(d->reports, 1);
	assert_int_equal(d->first_seen_ms, 5);
	assert_int_equal(devtab_list(t, list, 8), 3);
	assert_int_equal(list[0]->addr[0], 0xd);
	assert_int_equal(list[1]->addr[0], 0xa);
	assert_int_equal(list[2]->addr[0], 0xc);
	assert_true(list[1]->lock.is_lock);	/* untouched by update */
	assert_int_equal(list[1]->seq, 7);

	/* Evict C, then A (with its lock reading): the reused slot is clean. */
	r = rep(0xe, HC_ADDR_RANDOM, ADV_IND, sb_adv, sizeof sb_adv, -50);
	devtab_update(t, &r, 6, NULL);
	r = rep(0xf, HC_ADDR_RANDOM, ADV_IND, sb_adv, sizeof sb_adv, -50);
	d = devtab_update(t, &r, 7, NULL);
	assert_int_equal(devtab_evicted(t), 3);
	assert_false(d->lock.is_lock);
	assert_int_equal(d->seq, 0);
	assert_int_equal(d->rsp_len, 0);

	/* A short list: the most recent first. */
	assert_int_equal(devtab_list(t, list, 2), 2);
	assert_int_equal(list[0]->addr[0], 0xf);
	assert_int_equal(list[1]->addr[0], 0xe);
	assert_int_equal(devtab_list(t, list, 0), 0);
	devtab_free(t);
}

/* 10,000 distinct advertisers through a table of 1,000. */
static void
test_bounded(void **state)
{
	static struct dev		*list[1200];
	struct devtab			*t = devtab_new(1000);
	struct hcievt_adv_report	 r;
	uint32_t			 i;
	size_t				 n;

	(void)state;
	assert_non_null(t);
	for (i = 0; i < 10000; i++) {
		r = rep(i, HC_ADDR_RANDOM, ADV_IND, sb_adv, sizeof sb_adv,
		    -50);
		assert_non_null(devtab_update(t, &r, 1000 + i, NULL));
		assert_true(devtab_count(t) <= 1000);
	}
	assert_int_equal(devtab_count(t), 1000);
	assert_int_equal(devtab_evicted(t), 9000);
	n = devtab_list(t, list, 1200);
	assert_int_equal(n, 1000);
	for (i = 0; i < 1000; i++) {
		uint32_t id = list[i]->addr[0] | list[i]->addr[1] << 8 |
		    (uint32_t)list[i]->addr[2] << 16;

		assert_int_equal(id, 9999 - i);
		assert_int_equal(list[i]->last_seen_ms, 1000 + 9999 - i);
	}
	/* The oldest 9,000 are gone, the newest 1,000 are all there. */
	r = rep(8999, HC_ADDR_RANDOM, ADV_IND, NULL, 0, -50);
	assert_null(devtab_find(t, r.addr, HC_ADDR_RANDOM));
	r = rep(9000, HC_ADDR_RANDOM, ADV_IND, NULL, 0, -50);
	assert_non_null(devtab_find(t, r.addr, HC_ADDR_RANDOM));
	devtab_free(t);
}

static void
test_new_free_edges(void **state)
{
	struct devtab			*t;
	struct hcievt_adv_report	 r;
	struct dev			*d;
	unsigned			 what;

	(void)state;
	devtab_free(NULL);
	assert_null(devtab_new(0));

	/* cap 1: every new device evicts the previous one. */
	t = devtab_new(1);
	assert_non_null(t);
	assert_int_equal(devtab_count(t), 0);
	assert_int_equal(devtab_list(t, &d, 1), 0);
	r = rep(1, HC_ADDR_PUBLIC, ADV_IND, NULL, 0, -50);
	d = devtab_update(t, &r, 1, &what);
	assert_int_equal(what, DEVTAB_NEW);	/* empty data: no AD bits */
	assert_int_equal(d->adv_len, 0);
	r = rep(2, HC_ADDR_PUBLIC, ADV_IND, NULL, 0, -50);
	devtab_update(t, &r, 2, NULL);
	assert_int_equal(devtab_count(t), 1);
	assert_int_equal(devtab_evicted(t), 1);
	assert_int_equal(devtab_list(t, &d, 1), 1);
	assert_int_equal(d->addr[0], 2);

	/* Full-size extended data is kept whole. */
	memset(&r, 0, sizeof r);
	r.addr_type = HC_ADDR_RANDOM;
	r.evt_type = HC_EXT_EVT_CONNECTABLE;
	r.extended = true;
	r.rssi = HC_RSSI_NONE;
	r.tx_power = HC_TXPOWER_NONE;
	r.data_len = 255;
	memset(r.data, 0, sizeof r.data);
	r.data[0] = 0xfe;	/* 254 bytes: one manufacturer structure */
	r.data[1] = 0xff;
	d = devtab_update(t, &r, 3, NULL);
	assert_int_equal(d->adv_len, 255);
	assert_int_equal(d->ad.n_mfr, 1);
	assert_true(d->ad.mfr[0].truncated);
	assert_int_equal(d->malformed, 0);
	devtab_free(t);
}

/*
 * Silence: the usual gap is learned from reports (a scan response right
 * after its advertisement does not count), and a device is stale after
 * 5 gaps, never sooner than DEVTAB_STALE_MIN_MS.
 */
static void
test_stale(void **state)
{
	struct devtab			*t = devtab_new(8);
	struct hcievt_adv_report	 a, s;
	struct dev			*d = NULL;
	unsigned			 what;
	uint64_t			 now = 1000;
	int				 i;

	(void)state;
	assert_non_null(t);
	a = rep(1, HC_ADDR_RANDOM, ADV_IND, sb_adv, sizeof sb_adv, -60);
	s = rep(1, HC_ADDR_RANDOM, SCAN_RSP_IND, sb_rsp, sizeof sb_rsp, -60);
	for (i = 0; i < 40; i++, now += 4000) {
		d = devtab_update(t, &a, now, &what);
		d = devtab_update(t, &s, now + 1, &what);
	}
	now -= 4000 - 1;	/* the last scan response */
	assert_int_equal(d->gap_ms, 3999);
	assert_int_equal(devtab_stale_after_ms(d), 19995);
	assert_false(devtab_stale(d, now + 19994));
	assert_true(devtab_stale(d, now + 19995));
	/* A fast advertiser: the floor holds. */
	a = rep(2, HC_ADDR_RANDOM, ADV_IND, sb_adv, sizeof sb_adv, -60);
	for (i = 0; i < 40; i++, now += 100)
		d = devtab_update(t, &a, now, &what);
	now -= 100;
	assert_int_equal(d->gap_ms, 100);
	assert_int_equal(devtab_stale_after_ms(d), DEVTAB_STALE_MIN_MS);
	assert_false(devtab_stale(d, now + DEVTAB_STALE_MIN_MS - 1));
	assert_true(devtab_stale(d, now + DEVTAB_STALE_MIN_MS));
	/* Heard once: the floor too; a clock behind the report is fresh. */
	a = rep(3, HC_ADDR_RANDOM, ADV_IND, sb_adv, sizeof sb_adv, -60);
	d = devtab_update(t, &a, now, &what);
	assert_int_equal(d->gap_ms, 0);
	assert_false(devtab_stale(d, now - 5));
	assert_true(devtab_stale(d, now + DEVTAB_STALE_MIN_MS));
	devtab_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_and_repeat),
		cmocka_unit_test(test_scan_response_merge),
		cmocka_unit_test(test_change_bits),
		cmocka_unit_test(test_addr_type_folding),
		cmocka_unit_test(test_rssi),
		cmocka_unit_test(test_tx_power),
		cmocka_unit_test(test_malformed_count),
		cmocka_unit_test(test_eviction_order),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_new_free_edges),
		cmocka_unit_test(test_stale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
