/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tags.h - present NFC tag reports (nfc/tag_collect.h) as NDJSON "tag"
 * objects or table rows.  Shared by lockscope nfc and scan --nfc.
 *
 * Nothing here prints a raw UID, a setup passcode, a setup code or a
 * setup payload string: the reports it gets have none (src/nfc/tag_probe.h).
 *
 * JSON tag object (every field present; null when unknown):
 *   {"type":"tag","schema":"lockscope-ndjson/1","transport":"nfc",
 *    "seen":"2026-12-08T00:12:03.123Z","technology":"nfc-a|nfc-b|felica",
 *    "iso_dep":true,"technologies":["nfc-a","iso-dep"],
 *    "uid_sha256":"<64 hex>","uid_length":7,
 *    "uid_random":false,"manufacturer":"NXP"|null,"atqa":"0044"|null,
 *    "sak":"00"|null,"family":"NTAG213","security":"clonable|weak|strong|
 *    unknown","security_reason":"...","version_read":true,
 *    "ndef":{"bytes":27,"records":[{"kind":"uri","summary":"..."}]}
 *          |"none"|"malformed"|null,
 *    "setup_payload":{"kind":"matter","version":0,"vendor_id":65521,
 *       "product_id":32768,"discriminator":3840,"flow":"standard",
 *       "capabilities":["ble"],"has_tlv":false}
 *     |{"kind":"homekit","version":0,"category":6,
 *       "category_name":"door-lock","flags":["ip"],"paired":false}|null,
 *    "ble_oob":{"address":"C4:7C:8D:6A:12:01","address_type":"random",
 *       "role":0,"name":null,"tk_present":false,"sc_present":false}|null,
 *    "aliro":true|false|null,"probe_failures":0}
 */
#ifndef LS_PRESENT_TAGS_H
#define LS_PRESENT_TAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cJSON.h>

#include "nfc/tag_collect.h"
#include "nfc/tag_probe.h"

/*
 * The tag object above; "seen" is seen_us (wall clock, µs; 0 = null),
 * when the reader pass that found the tag ended.  NULL when out of
 * memory.
 */
cJSON		*tags_json(const struct tag_report *, uint64_t seen_us);

/*
 * Table of the run's tags (header + one line per tag, with indented
 * lines for why a clonable or weak tag is rated so, a setup payload,
 * BLE OOB or Aliro).  Returns lines printed.
 */
int		 tags_table(FILE *, const struct tag_collection *);

/* "5 tags (2 clonable, 1 weak, 1 strong, 1 unknown), 1 setup payload" */
void		 tags_counts(const struct tag_collection *, char *buf,
		    size_t cap);

#endif
