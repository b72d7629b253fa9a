/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ad.h - Advertising Data (AD) parser.
 *
 * Layout: Bluetooth Core 5.4 Vol 3 Part C §11 (length, type, data);
 * AD types and their data formats: Core Specification Supplement v11
 * Part A §1; numbers from the Assigned Numbers document §2.3 (more sources
 * in ad.c and lockscope-internals(7)).
 *
 * ad_parse() is pure and bounds-checked.  A structure whose length runs
 * past the end, or whose data does not fit its type (a UUID list that is
 * not a multiple of the UUID size, an Appearance that is not 2 bytes...),
 * is counted as malformed and skipped; the rest is still parsed.  A zero
 * length octet ends the data (the spec's "early termination" padding).
 * Results are copied into struct ad_info; nothing points into the input.
 */
#ifndef LS_ADV_AD_H
#define LS_ADV_AD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* AD types (Assigned Numbers §2.3). */
#define AD_FLAGS		0x01
#define AD_UUID16_SOME		0x02
#define AD_UUID16_ALL		0x03
#define AD_UUID32_SOME		0x04
#define AD_UUID32_ALL		0x05
#define AD_UUID128_SOME		0x06
#define AD_UUID128_ALL		0x07
#define AD_NAME_SHORT		0x08
#define AD_NAME_COMPLETE	0x09
#define AD_TX_POWER		0x0a
#define AD_SOLICIT16		0x14
#define AD_SOLICIT128		0x15
#define AD_SERVICE_DATA16	0x16
#define AD_APPEARANCE		0x19
#define AD_SOLICIT32		0x1f
#define AD_SERVICE_DATA32	0x20
#define AD_SERVICE_DATA128	0x21
#define AD_URI			0x24
#define AD_MANUFACTURER		0xff

/* Caps: a hostile advertiser cannot make a record grow past these. */
#define AD_NAME_MAX		64	/* bytes kept of a local name */
#define AD_MAX_UUIDS		16
#define AD_MAX_SVCDATA		6
#define AD_SVCDATA_MAX		64	/* bytes kept per service data */
#define AD_MAX_MFR		4
#define AD_MFR_MAX		64	/* bytes kept per manufacturer data */

/* A service UUID as advertised: 2, 4 or 16 bytes, little-endian. */
struct ad_uuid {
	uint8_t		len;
	uint8_t		b[16];
};

struct ad_svcdata {
	struct ad_uuid	uuid;
	uint8_t		len;		/* bytes in data (capped) */
	bool		truncated;	/* advertised more than
					   AD_SVCDATA_MAX */
	uint8_t		data[AD_SVCDATA_MAX];
};

struct ad_mfr {
	uint16_t	company;	/* first two payload bytes, LE */
	uint8_t		len;		/* bytes in data, after the company */
	bool		truncated;
	uint8_t		data[AD_MFR_MAX];
};

struct ad_info {
	bool		has_flags;
	uint8_t		flags;
	bool		has_name;
	bool		name_complete;	/* 0x09 rather than 0x08 */
	uint8_t		name_len;
	uint8_t		name[AD_NAME_MAX];	/* raw bytes, not sanitised */
	bool		has_tx_power;
	int8_t		tx_power;
	bool		has_appearance;
	uint16_t	appearance;
	size_t		n_uuids;	/* advertised service UUIDs */
	struct ad_uuid	uuids[AD_MAX_UUIDS];
	size_t		n_svcdata;
	struct ad_svcdata svcdata[AD_MAX_SVCDATA];
	size_t		n_mfr;
	struct ad_mfr	mfr[AD_MAX_MFR];
	unsigned	n_structs;	/* well-formed structures seen */
	unsigned	n_malformed;	/* structures skipped as malformed */
	unsigned	n_dropped;	/* well-formed but over a cap */
	char		malformed[96];	/* first malformation, e.g.
					   "AD #2 (type 0x19): length 3,
					   want 2" */
};

/*
 * Parse n bytes of AD into out (which is cleared first).  Always returns
 * LS_OK: malformed structures are counted in out, not fatal.  p may be
 * NULL when n is 0.
 */
enum ls_err	ad_parse(const uint8_t *p, size_t n, struct ad_info *out);

/*
 * Merge src (e.g. a scan response) into dst (the advertisement record).
 * A complete name beats a shortened one; UUIDs are unioned; service data
 * replaces an entry with the same UUID and is appended otherwise;
 * manufacturer data is appended, also under a company ID already held
 * (an identical entry is not stored twice), up to the caps.  Counters
 * are added.
 */
void		ad_merge(struct ad_info *dst, const struct ad_info *src);

/* Compare two UUIDs for equality (same length and bytes). */
bool		ad_uuid_eq(const struct ad_uuid *, const struct ad_uuid *);

/*
 * Format a UUID: 16-bit as "fff6", 32-bit as "0000fff6", 128-bit as
 * "a92ee200-5501-11e4-916c-0800200c9a66" (big-endian text).  out must
 * hold 37 bytes.  Returns out.
 */
char		*ad_uuid_str(const struct ad_uuid *, char out[37]);

/*
 * Find service data / manufacturer data; NULL when absent.  Several
 * manufacturer-data entries may carry one company ID: ad_find_mfr()
 * returns the first, ad_next_mfr() the one after prev (NULL: the first).
 * Both return pointers into ai.
 */
const struct ad_svcdata	*ad_find_svcdata16(const struct ad_info *, uint16_t);
const struct ad_mfr	*ad_find_mfr(const struct ad_info *, uint16_t company);
const struct ad_mfr	*ad_next_mfr(const struct ad_info *ai,
			    uint16_t company, const struct ad_mfr *prev);

/* Static name of an AD type ("Flags", "Complete Local Name"...). */
const char	*ad_type_name(uint8_t type);

#endif
