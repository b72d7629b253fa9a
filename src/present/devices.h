/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devices.h - present device records: NDJSON objects (lockscope(1), JSON
 * OUTPUT) and
 * the human table.  Everything that leaves here is sanitised: device
 * names cannot inject terminal escapes or invalid UTF-8.
 */
#ifndef LS_PRESENT_DEVICES_H
#define LS_PRESENT_DEVICES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cJSON.h>

#include "adv/devtab.h"
#include "gatt/gatt_client.h"

/*
 * The "device" object of lockscope(1) for d (every documented field present,
 * null when unknown), plus lockscope extensions.  Caller frees with
 * cJSON_Delete().  NULL when out of memory.
 */
cJSON		*devices_json(const struct dev *d);

/*
 * A fingerprint of the decoded state that the device object shows
 * (identity, name, lock reading; not RSSI or counters): a new device
 * line is printed when it changes.
 */
uint64_t	 devices_fingerprint(const struct dev *d);

/*
 * Merge one advertising report seen at now_ms (wall clock) into tab,
 * re-classify the device, and when json is set print a device line if
 * its decoded state changed (devices_fingerprint).  Shared by scan and
 * replay so both give the same records.  Returns false on a write error.
 */
int		 devices_report(struct devtab *tab,
		    const struct hcievt_adv_report *r, uint64_t now_ms,
		    int json, FILE *out);

/*
 * Add what inspect read over GATT to a device object from devices_json:
 * "gatt" (the readings, each with provenance), "services" (UUIDs and
 * property names only, never values), "connection_rssi" (dBm or null:
 * conn_rssi HC_RSSI_NONE), "att_mtu", and "firmware" / "battery" filled
 * from GATT when the advertisement did not give them.  Returns false
 * when out of memory.
 */
int		 devices_gatt(cJSON *dev, const struct gatt_result *g,
		    int conn_rssi);

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

/* ISO 8601 UTC with milliseconds into out (32 bytes). */
char		*devices_time(uint64_t ms, char out[32]);

#endif
