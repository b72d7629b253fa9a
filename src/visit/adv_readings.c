/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * adv_readings.c - advertising-derived readings of one device.
 */
#include <string.h>

#include "adv/lock.h"
#include "hci/hcidef.h"
#include "visit/adv_readings.h"

#define ADV_READINGS_SRC	"advertisement"

void
adv_readings_each(const struct dev *d, uint64_t at_us, adv_readings_fn fn,
    void *arg)
{
	const struct dev_lock	*l = &d->lock;
	struct reading		 r;
	enum lock_batt		 lv;

	if (l->pairing_state != NULL && strcmp(l->pairing_state,
	    "unknown") != 0) {
		reading_text(&r, RD_OBSERVED, l->pairing_state,
		    ADV_READINGS_SRC, at_us);
		fn("pairing_state", &r, arg);
	}
	if (l->lock_state[0] != '\0') {
		reading_text(&r, RD_OBSERVED, l->lock_state, ADV_READINGS_SRC,
		    at_us);
		fn("lock_state", &r, arg);
	}
	if (l->battery_percent >= 0) {
		reading_int(&r, RD_OBSERVED, l->battery_percent,
		    ADV_READINGS_SRC, at_us);
		fn("battery_percent", &r, arg);
	}
	if (l->battery_mv >= 0) {
		reading_real(&r, RD_OBSERVED, l->battery_mv / 1000.0,
		    ADV_READINGS_SRC, at_us);
		fn("battery_volts", &r, arg);
	}
	lv = lock_battery_level(l);
	if (lock_battery_level_str(lv) != NULL) {
		reading_text(&r, RD_OBSERVED, lock_battery_level_str(lv),
		    ADV_READINGS_SRC, at_us);
		fn("battery_level", &r, arg);
	}
	if (d->rssi != HC_RSSI_NONE) {
		reading_int(&r, RD_OBSERVED, d->rssi, ADV_READINGS_SRC, at_us);
		fn("rssi", &r, arg);
	}
}
