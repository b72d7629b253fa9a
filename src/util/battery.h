/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * battery.h - the one battery object of lockscope's output: device lines
 * of scan, replay and inspect (lockscope-ndjson(5)) and the devices of a
 * visit report (lockscope-report(5)) all print it through battery_json().
 *
 *   {"percent": 0..100 | null, "volts": 3.01 | null,
 *    "source": "advertisement" | "gatt" | "capture" | "technician" |
 *              "advertisement+gatt" ... | null}
 *
 * "source" is the origin of the values, the first word of a reading's
 * source ("gatt 2a19" -> "gatt"); when percent and volts come from two
 * places it names both, percent's first, joined by "+".  Callers may add
 * members of their own after these; they never remove one.
 */
#ifndef LS_UTIL_BATTERY_H
#define LS_UTIL_BATTERY_H

#include <stdbool.h>

#include "util/reading.h"

struct cJSON;

#define BATTERY_SOURCE_MAX	24

struct battery {
	int	 percent;			/* 0..100; -1 unknown */
	double	 volts;				/* < 0 unknown */
	char	 percent_source[BATTERY_SOURCE_MAX];	/* "" unknown */
	char	 volts_source[BATTERY_SOURCE_MAX];
};

/* Nothing known. */
void		 battery_init(struct battery *);

/*
 * Set one value from where it came from (a reading source such as
 * "gatt 2a19" or a word such as "advertisement"; only its first word is
 * kept).  A negative value leaves b unchanged.
 */
void		 battery_set_percent(struct battery *b, int percent,
		    const char *source);
void		 battery_set_volts(struct battery *b, double volts,
		    const char *source);

/*
 * Fill what b does not know yet from readings named battery_percent and
 * battery_volts (either may be NULL or without a value).  With replace,
 * a value the readings have replaces b's.
 */
void		 battery_from_readings(struct battery *b,
		    const struct reading *percent, const struct reading *volts,
		    bool replace);

/* True when b knows a percent or a voltage. */
bool		 battery_known(const struct battery *);

/*
 * The object above, or JSON null when nothing is known.  Caller frees
 * with cJSON_Delete().  NULL only when out of memory.
 */
struct cJSON	*battery_json(const struct battery *);

#endif
