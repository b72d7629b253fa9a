/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tags.c - NFC tag reports as NDJSON objects, table rows and counts;
 * see tags.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "present/devices.h"
#include "present/tags.h"
#include "util/hex.h"
#include "util/reading.h"

static void
tags_null_or_str(cJSON *o, const char *k, const char *v)
{
	if (v != NULL)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static cJSON *
tags_setup_json(const struct tag_report *r)
{
	cJSON	*o, *a;

	if (r->setup == TAG_SETUP_NONE)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	if (r->setup == TAG_SETUP_MATTER) {
		cJSON_AddStringToObject(o, "kind", "matter");
		cJSON_AddNumberToObject(o, "version", r->matter.version);
		cJSON_AddNumberToObject(o, "vendor_id", r->matter.vendor_id);
		cJSON_AddNumberToObject(o, "product_id",
		    r->matter.product_id);
		cJSON_AddNumberToObject(o, "discriminator",
		    r->matter.discriminator);
		tags_null_or_str(o, "flow",
		    payload_matter_flow(r->matter.flow));
		a = cJSON_AddArrayToObject(o, "capabilities");
		if (r->matter.capabilities & PAYLOAD_MATTER_SOFTAP)
			cJSON_AddItemToArray(a, cJSON_CreateString("soft-ap"));
		if (r->matter.capabilities & PAYLOAD_MATTER_BLE)
			cJSON_AddItemToArray(a, cJSON_CreateString("ble"));
		if (r->matter.capabilities & PAYLOAD_MATTER_ONNETWORK)
			cJSON_AddItemToArray(a,
			    cJSON_CreateString("on-network"));
		if (r->matter.capabilities & PAYLOAD_MATTER_WIFIPAF)
			cJSON_AddItemToArray(a, cJSON_CreateString("wifi-paf"));
		cJSON_AddBoolToObject(o, "has_tlv", r->matter.has_tlv);
	} else {
		cJSON_AddStringToObject(o, "kind", "homekit");
		cJSON_AddNumberToObject(o, "version", r->homekit.version);
		cJSON_AddNumberToObject(o, "category", r->homekit.category);
		tags_null_or_str(o, "category_name",
		    payload_homekit_category(r->homekit.category));
		a = cJSON_AddArrayToObject(o, "flags");
		if (r->homekit.flags & PAYLOAD_HK_IP)
			cJSON_AddItemToArray(a, cJSON_CreateString("ip"));
		if (r->homekit.flags & PAYLOAD_HK_BLE)
			cJSON_AddItemToArray(a, cJSON_CreateString("ble"));
		if (r->homekit.flags & PAYLOAD_HK_WAC)
			cJSON_AddItemToArray(a, cJSON_CreateString("wac"));
		cJSON_AddBoolToObject(o, "paired",
		    (r->homekit.flags & PAYLOAD_HK_PAIRED) != 0);
	}
	return o;
}

static cJSON *
tags_oob_json(const struct tag_report *r)
{
	char	addr[18];
	cJSON	*o;

	if (!r->has_ble_oob)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	if (r->ble_oob.has_address) {
		cJSON_AddStringToObject(o, "address",
		    hex_addr_str(r->ble_oob.address, addr));
		cJSON_AddStringToObject(o, "address_type",
		    r->ble_oob.address_type ? "random" : "public");
	} else {
		cJSON_AddNullToObject(o, "address");
		cJSON_AddNullToObject(o, "address_type");
	}
	if (r->ble_oob.role >= 0)
		cJSON_AddNumberToObject(o, "role", r->ble_oob.role);
	else
		cJSON_AddNullToObject(o, "role");
	tags_null_or_str(o, "name", r->ble_oob.name[0] ? r->ble_oob.name :
	    NULL);
	cJSON_AddBoolToObject(o, "tk_present", r->ble_oob.has_tk);
	cJSON_AddBoolToObject(o, "sc_present", r->ble_oob.has_sc);
	return o;
}

static cJSON *
tags_ndef_json(const struct tag_report *r)
{
	cJSON	*o, *a, *rec;
	size_t	 i;

	switch (r->ndef) {
	case TAG_NDEF_NOT_READ:
		return cJSON_CreateNull();
	case TAG_NDEF_NONE:
		return cJSON_CreateString("none");
	case TAG_NDEF_MALFORMED:
		return cJSON_CreateString("malformed");
	case TAG_NDEF_PRESENT:
		break;
	}
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "bytes", (double)r->ndef_bytes);
	cJSON_AddNumberToObject(o, "record_count", (double)r->nrec);
	a = cJSON_AddArrayToObject(o, "records");
	for (i = 0; i < r->nrec && i < TAG_MAX_RECSUM; i++) {
		rec = cJSON_CreateObject();
		cJSON_AddStringToObject(rec, "kind", r->rec[i].kind);
		cJSON_AddStringToObject(rec, "summary", r->rec[i].what);
		cJSON_AddItemToArray(a, rec);
	}
	return o;
}

cJSON *
tags_json(const struct tag_report *r, uint64_t seen_us)
{
	char	 hx[8], ts[32];
	cJSON	*o, *a;

	if ((o = devices_ndjson_object("tag")) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "transport", "nfc");
	if (seen_us != 0) {
		reading_time_iso(seen_us, ts, sizeof ts);
		cJSON_AddStringToObject(o, "seen", ts);
	} else
		cJSON_AddNullToObject(o, "seen");
	cJSON_AddStringToObject(o, "technology", tag_tech_name(r->tech));
	cJSON_AddBoolToObject(o, "iso_dep", r->iso_dep);
	/* What a lock's reader must speak to accept it (profile check). */
	a = cJSON_AddArrayToObject(o, "technologies");
	cJSON_AddItemToArray(a, cJSON_CreateString(tag_tech_name(r->tech)));
	if (r->iso_dep)
		cJSON_AddItemToArray(a, cJSON_CreateString("iso-dep"));
	cJSON_AddStringToObject(o, "uid_sha256", r->uid_sha256);
	cJSON_AddNumberToObject(o, "uid_length", r->uid_len);
	cJSON_AddBoolToObject(o, "uid_random", r->uid_random);
	tags_null_or_str(o, "manufacturer", r->manufacturer);
	if (r->tech == TAG_TECH_NFC_A) {
		cJSON_AddStringToObject(o, "atqa", hex_encode(r->atqa, 2, hx));
		cJSON_AddStringToObject(o, "sak", hex_encode(&r->sak, 1, hx));
	} else {
		cJSON_AddNullToObject(o, "atqa");
		cJSON_AddNullToObject(o, "sak");
	}
	cJSON_AddStringToObject(o, "family", r->cls.family);
	cJSON_AddStringToObject(o, "security", tag_sec_name(r->cls.sec));
	cJSON_AddStringToObject(o, "security_reason", r->cls.reason);
	cJSON_AddBoolToObject(o, "version_read", r->version_read);
	cJSON_AddItemToObject(o, "ndef", tags_ndef_json(r));
	cJSON_AddItemToObject(o, "setup_payload", tags_setup_json(r));
	cJSON_AddItemToObject(o, "ble_oob", tags_oob_json(r));
	if (r->aliro < 0)
		cJSON_AddNullToObject(o, "aliro");
	else
		cJSON_AddBoolToObject(o, "aliro", r->aliro == 1);
	cJSON_AddNumberToObject(o, "probe_failures", r->failed_steps);
	return o;
}

/* One line about a setup payload, or "" (never the payload string). */
static void
tags_setup_line(const struct tag_report *r, char *buf, size_t cap)
{
	const char	*cat;

	buf[0] = '\0';
	if (r->setup == TAG_SETUP_MATTER) {
		snprintf(buf, cap, "Matter setup: vendor 0x%04X product "
		    "0x%04X discriminator %u, %s flow%s%s%s",
		    r->matter.vendor_id, r->matter.product_id,
		    r->matter.discriminator,
		    payload_matter_flow(r->matter.flow) ?
		    payload_matter_flow(r->matter.flow) : "unknown",
		    r->matter.capabilities & PAYLOAD_MATTER_BLE ? ", BLE" : "",
		    r->matter.capabilities & PAYLOAD_MATTER_SOFTAP ?
		    ", SoftAP" : "",
		    r->matter.capabilities & PAYLOAD_MATTER_ONNETWORK ?
		    ", on-network" : "");
	} else if (r->setup == TAG_SETUP_HOMEKIT) {
		cat = payload_homekit_category(r->homekit.category);
		snprintf(buf, cap, "HomeKit setup: category %u (%s)%s%s%s",
		    r->homekit.category, cat != NULL ? cat : "unknown",
		    r->homekit.flags & PAYLOAD_HK_IP ? ", IP" : "",
		    r->homekit.flags & PAYLOAD_HK_BLE ? ", BLE" : "",
		    r->homekit.flags & PAYLOAD_HK_PAIRED ? ", paired" : "");
	}
}

int
tags_table(FILE *f, const struct tag_collection *run)
{
	const struct tag_report	*r;
	char			 line[160], addr[18];
	size_t			 i;
	int			 lines = 1;

	fprintf(f, "%-6s %-40s %-9s %s\n", "TECH", "FAMILY", "SECURITY",
	    "UID (keyed digest)");
	for (i = 0; i < run->n; i++) {
		r = &run->rep[i];
		snprintf(line, sizeof line, "%.12s… %u B%s", r->uid_sha256,
		    r->uid_len, r->uid_random ? " random" : "");
		fprintf(f, "%-6s %-40.40s %-9s %s\n", tag_tech_name(r->tech),
		    r->cls.family, tag_sec_name(r->cls.sec), line);
		lines++;
		if (r->cls.sec == TAG_SEC_CLONABLE ||
		    r->cls.sec == TAG_SEC_WEAK) {
			fprintf(f, "       %s\n", r->cls.reason);
			lines++;
		}
		tags_setup_line(r, line, sizeof line);
		if (line[0] != '\0') {
			fprintf(f, "       %s\n", line);
			lines++;
		}
		if (r->has_ble_oob && r->ble_oob.has_address) {
			fprintf(f, "       BLE pairing data for %s%s\n",
			    hex_addr_str(r->ble_oob.address, addr),
			    r->ble_oob.has_tk || r->ble_oob.has_sc ?
			    " (with OOB keys: keep the sticker private)" : "");
			lines++;
		}
		if (r->aliro == 1) {
			fprintf(f, "       Aliro credential\n");
			lines++;
		}
	}
	return lines;
}

void
tags_counts(const struct tag_collection *run, char *buf, size_t cap)
{
	snprintf(buf, cap, "%zu tag%s (%zu clonable, %zu weak, %zu strong, "
	    "%zu unknown), %zu setup payload%s", run->n, run->n == 1 ? "" :
	    "s", run->by_sec[TAG_SEC_CLONABLE], run->by_sec[TAG_SEC_WEAK],
	    run->by_sec[TAG_SEC_STRONG], run->by_sec[TAG_SEC_UNKNOWN],
	    run->setups, run->setups == 1 ? "" : "s");
}
