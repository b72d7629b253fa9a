/*
 * lock.h - decide whether an advertiser is a lock, and what its
 * advertisements say about it (family, pairing state, battery).
 *
 * Signals are a const table of decoders tried in order of specificity;
 * the first that recognises the device wins and names its evidence.
 * Present signals: GAP Appearance in the Access Control category
 * (Assigned Numbers §2.6.3, 0x0700-0x073F) -> family "generic".  Vendor
 * decoders (DESIGN 4.4 families) plug into the same table.
 */
#ifndef LS_LOCK_H
#define LS_LOCK_H

#include <stdbool.h>

#include "devtab.h"

/*
 * Recompute d->lock from d->ad.  Returns true (and bumps d->seq) when
 * the result differs from what d->lock held.
 */
bool		 lock_classify(struct dev *d);

/* Name of an Access Control appearance ("Door Lock"), or NULL. */
const char	*lock_appearance_name(uint16_t appearance);

#endif
