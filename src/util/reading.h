/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * reading.h - one observed, attested or unavailable fact about a device,
 * with its provenance (lockscope-report(5), Readings).
 *
 * Readings are what inspect prints under "gatt", what a visit keeps as
 * evidence and what a report holds under "readings".  They are plain
 * values (no pointers), so they can be copied, journaled and compared.
 *
 * A reading never holds a code, password, passcode or key: producers put
 * counts in it, never values (lockscope-internals(7), PRINCIPLES).
 *
 * JSON form (reading_json):
 *   {"value": 87 | 3.01 | "1.4.2" | true | null,
 *    "provenance": "observed" | "attested" | "unavailable",
 *    "source": "gatt 2a19" | "advertisement" | "capture" | "technician" | ...,
 *    "at": "2026-11-23T12:04:31.000Z" | null,
 *    "reason": null | "needs pairing or vendor authorization"}
 */
#ifndef LS_UTIL_READING_H
#define LS_UTIL_READING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cJSON;

enum rd_prov {
	RD_UNSET = 0,		/* no reading at all: JSON null */
	RD_OBSERVED,		/* seen on the radio or in a capture */
	RD_ATTESTED,		/* entered by the technician */
	RD_UNAVAILABLE		/* asked for, not obtainable: see reason */
};

enum rd_kind {
	RD_NONE = 0,		/* no value (unavailable, or unset) */
	RD_INT,
	RD_REAL,
	RD_TEXT,
	RD_BOOL
};

#define RD_TEXT_MAX	128	/* value text, NUL included */
#define RD_SOURCE_MAX	48
#define RD_REASON_MAX	96

struct reading {
	enum rd_prov	 prov;
	enum rd_kind	 kind;
	int64_t		 i;			/* RD_INT */
	double		 d;			/* RD_REAL */
	bool		 b;			/* RD_BOOL */
	char		 text[RD_TEXT_MAX];	/* RD_TEXT, printable UTF-8 */
	char		 source[RD_SOURCE_MAX];	/* "gatt 2a26",
						   "advertisement" */
	uint64_t	 at_us;			/* wall clock, 0 = unknown */
	char		 reason[RD_REASON_MAX];	/* RD_UNAVAILABLE only */
};

/*
 * Setters: fill *r completely (previous content is discarded).  Strings
 * are truncated to fit; text is copied as given, so callers sanitise
 * (util/text.h) before.  at_us 0 means "now" is not known.
 */
void	reading_int(struct reading *r, enum rd_prov, int64_t v,
	    const char *source, uint64_t at_us);
void	reading_real(struct reading *r, enum rd_prov, double v,
	    const char *source, uint64_t at_us);
void	reading_text(struct reading *r, enum rd_prov, const char *v,
	    const char *source, uint64_t at_us);
void	reading_bool(struct reading *r, enum rd_prov, bool v,
	    const char *source, uint64_t at_us);
void	reading_unavailable(struct reading *r, const char *source,
	    const char *reason, uint64_t at_us);

/* True when the reading carries a value (observed or attested). */
bool	reading_has_value(const struct reading *);

/* "observed", "attested", "unavailable" or NULL for RD_UNSET. */
const char *reading_prov_name(enum rd_prov);

/*
 * The JSON object above, or JSON null for RD_UNSET.  Caller frees with
 * cJSON_Delete.  NULL only when out of memory.
 */
struct cJSON *reading_json(const struct reading *);

/*
 * Parse what reading_json produced (journal resume).  Unknown keys and
 * wrong types are refused; false then, *r untouched.
 */
bool	reading_from_json(const struct cJSON *, struct reading *r);

/*
 * RFC 3339 UTC with milliseconds, "2026-12-08T00:12:03.123Z", of a wall
 * time in µs; len >= 25 (shorter: cut).  The one time format of every
 * NDJSON line, reading and report.
 */
void	reading_time_iso(uint64_t at_us, char *buf, size_t len);

#endif
