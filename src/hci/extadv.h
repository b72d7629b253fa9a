/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * extadv.h - reassembly of extended advertising data split over several
 * LE Extended Advertising Reports.
 *
 * A controller that receives a chained advertisement (AUX_CHAIN_IND,
 * Vol 6 Part B §2.3.4.9) or one longer than an event can carry sends it
 * as several reports for the same advertiser and Advertising_SID; bits
 * 5-6 of Event_Type say "complete", "incomplete, more data to come" or
 * "incomplete, truncated, no more to come" (Vol 4 Part E §7.7.65.13).
 * Reports of one advertisement arrive in order and are not interleaved
 * with another of the same advertiser and SID, so the pieces are kept per
 * (address type, address, SID, scan response or not) and joined when the
 * "complete" piece arrives.  A truncated advertisement is dropped and
 * counted: parsing its first half would misread a cut AD structure.
 *
 * Legacy reports and complete single reports pass through unchanged.
 * Pure: no I/O, no clock (the caller passes the time).
 */
#ifndef LS_HCI_EXTADV_H
#define LS_HCI_EXTADV_H

#include <stdbool.h>
#include <stdint.h>

#include "hci/hcievt.h"

/* Advertisers reassembled at once; the oldest partial one gives way. */
#define EXTADV_SLOTS		16
/* A partial advertisement not completed in this long is abandoned. */
#define EXTADV_STALE_MS		2000

struct extadv_stats {
	uint64_t	reassembled;	/* whole from several reports */
	uint64_t	truncated;	/* dropped: the controller said so */
	uint64_t	too_long;	/* dropped: over HCIEVT_ADV_DATA_MAX */
	uint64_t	abandoned;	/* dropped: never completed */
};

struct extadv_slot {
	bool				used;
	bool				overflow;
	uint64_t			since_ms;
	struct hcievt_adv_report	r;
};

struct extadv {
	struct extadv_slot	slot[EXTADV_SLOTS];
	struct extadv_stats	stats;
};

void	extadv_init(struct extadv *);

/*
 * Feed one decoded report received at now_ms.  fn fires with a whole
 * advertisement (Event_Type data status "complete") when r completes
 * one, or with r itself when it needs no reassembly; not at all while
 * more pieces are awaited or when the advertisement is dropped.
 */
void	extadv_feed(struct extadv *, const struct hcievt_adv_report *r,
	    uint64_t now_ms, hcievt_adv_fn fn, void *arg);

#endif
