/*
 * devread.c - advertising-derived readings of one device.
 */
#include <string.h>

#include "../bt/hcidef.h"
#include "../bt/lock.h"
#include "devread.h"

#define DEVREAD_SRC	"advertisement"

void
devread_each(const struct dev *d, uint64_t at_us, devread_fn fn, void *arg)
{
	const struct dev_lock	*l = &d->lock;
	struct reading		 r;
	enum lock_batt		 lv;

	if (l->pairing_state != NULL && strcmp(l->pairing_state,
	    "unknown") != 0) {
		reading_text(&r, RD_OBSERVED, l->pairing_state, DEVREAD_SRC,
		    at_us);
		fn("pairing_state", &r, arg);
	}
	if (l->lock_state[0] != '\0') {
		reading_text(&r, RD_OBSERVED, l->lock_state, DEVREAD_SRC,
		    at_us);
		fn("lock_state", &r, arg);
	}
	if (l->battery_percent >= 0) {
		reading_int(&r, RD_OBSERVED, l->battery_percent, DEVREAD_SRC,
		    at_us);
		fn("battery_percent", &r, arg);
	}
	if (l->battery_mv >= 0) {
		reading_real(&r, RD_OBSERVED, l->battery_mv / 1000.0,
		    DEVREAD_SRC, at_us);
		fn("battery_volts", &r, arg);
	}
	lv = lock_battery_level(l);
	if (lock_battery_level_str(lv) != NULL) {
		reading_text(&r, RD_OBSERVED, lock_battery_level_str(lv),
		    DEVREAD_SRC, at_us);
		fn("battery_level", &r, arg);
	}
	if (d->rssi != HC_RSSI_NONE) {
		reading_int(&r, RD_OBSERVED, d->rssi, DEVREAD_SRC, at_us);
		fn("rssi", &r, arg);
	}
}
