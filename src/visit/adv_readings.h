/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * adv_readings.h - what a device's advertising says, as named readings for
 * the visit engine (provenance observed, source "advertisement").
 *
 * Names: pairing_state (text: unpaired, pairing_window, paired),
 * lock_state (text), battery_percent (int), battery_volts (real),
 * battery_level (text: ok, low, critical), rssi (int, dBm).  A field the
 * advertisement does not carry is not reported at all (the engine then
 * keeps what it saw last).
 */
#ifndef LS_VISIT_ADV_READINGS_H
#define LS_VISIT_ADV_READINGS_H

#include <stdint.h>

#include "adv/devtab.h"
#include "util/reading.h"

/* Called once per reading; name and r live during the call. */
typedef void	(*adv_readings_fn)(const char *name, const struct reading *r,
		    void *arg);

/* Report d's advertised readings, stamped at_us. */
void	adv_readings_each(const struct dev *d, uint64_t at_us,
	    adv_readings_fn fn, void *arg);

#endif
