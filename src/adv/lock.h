/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lock.h - decide whether an advertiser is a lock, and what its
 * advertisements say about it (family, pairing state, battery).
 *
 * Signals are a const table of decoders tried in order of specificity;
 * the first that recognises the device wins and names its evidence.
 * Present signals: GAP Appearance in the Access Control category
 * (Assigned Numbers §2.6.3, 0x0700-0x073F) -> family "generic".  Vendor
 * decoders (the families of lockscope(1)) plug into the same table.
 */
#ifndef LS_ADV_LOCK_H
#define LS_ADV_LOCK_H

#include <stdbool.h>

#include "adv/devtab.h"

/*
 * Recompute d->lock from d->ad.  Returns true (and bumps d->seq) when
 * the result differs from what d->lock held.
 */
bool		 lock_classify(struct dev *d);

/* How a battery reading compares with its family's thresholds. */
enum lock_batt {
	LOCK_BATT_UNKNOWN,
	LOCK_BATT_OK,
	LOCK_BATT_LOW,		/* replace soon; before enrollment or reset */
	LOCK_BATT_CRITICAL	/* replace before anything else */
};

/*
 * Level of l's battery.  Percentages: low below 30 %, critical below
 * 15 % (lockscope's policy: enrollment draws more power than turning
 * the bolt).  Voltages: by the pack the voltage implies (Airbnk B100
 * 2 cells, M series 4 cells), at the 30 % and 0 % breakpoints of
 * Moballo-LLC/pyairbnk:src/pyairbnk/profiles.py.
 */
enum lock_batt	 lock_battery_level(const struct dev_lock *l);

/* "ok", "low", "critical", or NULL when unknown. */
const char	*lock_battery_level_str(enum lock_batt);

/* Name of an Access Control appearance ("Door Lock"), or NULL. */
const char	*lock_appearance_name(uint16_t appearance);

#endif
