/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devices.h - present device records: NDJSON lines (lockscope-ndjson(5))
 * and the human table.  Everything that leaves here is sanitised: device
 * names cannot inject terminal escapes or invalid UTF-8.
 *
 * A run's device lines: one when a device is first seen and whenever its
 * decoded state changes ("final": false; not with --final-only), then
 * at the end one line per device with its final state ("final": true),
 * then the command's summary.  Filters choose which devices get lines;
 * summaries count every device.
 */
#ifndef LS_PRESENT_DEVICES_H
#define LS_PRESENT_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cJSON.h>

#include "adv/devtab.h"
#include "gatt/gatt_client.h"
#include "util/reading.h"

/* Every NDJSON line of scan, replay, inspect and nfc carries it. */
#define DEVICES_NDJSON_SCHEMA	"lockscope-ndjson/1"

/* Which devices get lines (--locks-only, --family, --name). */
struct devices_filter {
	bool		 locks_only;
	const char	*family;	/* a family of lockscope-ndjson(5);
					   NULL = any */
	const char	*name;		/* fnmatch(3) pattern over the
					   sanitised name; NULL = any */
};

/* Where and which device lines of a run go. */
struct devices_out {
	FILE			*f;		/* NULL: none */
	bool			 changes;	/* lines as states change
						   (false: --final-only) */
	struct devices_filter	 filter;
};

/*
 * A new NDJSON object {"type": type, "schema": DEVICES_NDJSON_SCHEMA}
 * for the caller to fill (summaries, tags).  Caller frees with
 * cJSON_Delete().  NULL when out of memory.
 */
cJSON		*devices_ndjson_object(const char *type);

/* True when family is one of lockscope-ndjson(5)'s. */
bool		 devices_family_known(const char *family);

/* True when f lets d through; devices_filter_active: f filters. */
bool		 devices_filter_match(const struct devices_filter *f,
		    const struct dev *d);
bool		 devices_filter_active(const struct devices_filter *f);

/*
 * The "device" line of lockscope-ndjson(5) for d (every documented
 * field present, null when unknown), with "final" as given.  Caller
 * frees with cJSON_Delete().  NULL when out of memory.
 */
cJSON		*devices_json(const struct dev *d, bool final);

/*
 * A fingerprint of the decoded state that the device object shows
 * (identity, name, lock reading; not RSSI or counters): a new device
 * line is printed when it changes.
 */
uint64_t	 devices_fingerprint(const struct dev *d);

/*
 * Merge one advertising report seen at now_ms (wall clock) into tab,
 * re-classify the device, and print a "final": false device line to
 * out->f when its decoded state changed (devices_fingerprint), out
 * prints changes and its filter lets the device through.  out NULL:
 * nothing printed.  Shared by scan, replay and inspect so all give the
 * same records.  Returns false on a write error.
 */
int		 devices_report(struct devtab *tab,
		    const struct hcievt_adv_report *r, uint64_t now_ms,
		    const struct devices_out *out);

/*
 * Lets a command add members to a final line (replay: what a captured
 * connection showed).  Returns false when out of memory.
 */
typedef int	(*devices_extend_fn)(cJSON *line, const struct dev *d,
		    void *arg);

/*
 * The end of a run: one "final": true line per device of tab that
 * out's filter lets through, in devices_sort order, each passed to
 * extend (NULL: none) before it is printed; *matched gets how many
 * passed the filter (printed or not: out->f may be NULL).  Returns false
 * on a write error or when out of memory.
 */
int		 devices_final(struct devtab *tab,
		    const struct devices_out *out, devices_extend_fn extend,
		    void *arg, size_t *matched);

/*
 * Add what inspect read over GATT to d's line from devices_json:
 * "gatt" (the readings, each with provenance), "services" (UUIDs and
 * property names only, never values), "connection_rssi" (dBm or null:
 * conn_rssi HC_RSSI_NONE), "att_mtu", "firmware" from GATT when read,
 * and "battery": the advertisement's values with what GATT adds (a
 * voltage or a percentage the advertising lacks).  Returns false when
 * out of memory.
 */
int		 devices_gatt(cJSON *dev, const struct dev *d,
		    const struct gatt_result *g, int conn_rssi);

/*
 * Replace line's "battery" with d's advertised battery completed by
 * readings from a connection (battery_percent, battery_volts; either
 * may be NULL): what the advertising lacks is filled, nothing it gave
 * is replaced.  Returns false when out of memory.
 */
int		 devices_battery_merge(cJSON *line, const struct dev *d,
		    const struct reading *percent,
		    const struct reading *volts);

/* Print obj as one line of NDJSON; false on a write error. */
int		 devices_print_json(FILE *, const cJSON *obj);

/*
 * Every record of tab, sorted (devices_sort), into a new array *out that
 * the caller frees; *locks gets how many are locks.  Returns the count;
 * 0 with *out NULL when out of memory.
 */
size_t		 devices_collect(struct devtab *tab, struct dev ***out,
		    size_t *locks);

/* Sort: locks first, then strongest smoothed RSSI, then address. */
void		 devices_sort(struct dev **devs, size_t n);

/*
 * Print the table header and up to max_rows rows (0 = all) fitted to
 * width columns; each line ends with "\033[K" when erase is set (for
 * in-place redraws).  Returns the number of lines printed.
 */
int		 devices_table(FILE *, struct dev **devs, size_t n, int width,
		    int max_rows, int erase, int color);

#endif
