/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan_rows.h - the rows of the live scan table (lockscope(1), scan,
 * "The live table"): which devices are shown, in which order, with what
 * text.  Pure: no curses, no I/O, no clock of its own; the screen
 * (src/tui/tui_scan.c) draws what this gives and the unit tests drive it
 * with made-up records and times.
 *
 * The order is steady.  Every update starts from the order shown last
 * time and moves a row up only when it beats the row above it by more
 * than the sort's margin: SCAN_ROWS_MARGIN_DB of smoothed signal, or
 * SCAN_ROWS_MARGIN_MS of "last heard".  A device shown for the first
 * time goes straight to its exact place.  Locks always come first.  A
 * stale device (devtab_stale()) keeps its place, marked stale with its
 * age (the screen dims it), rather than jump away from where the eye
 * left it; the "last heard" sort is the one that sinks it.  A device not
 * heard for the TTL leaves the rows (it stays in the device table, so in
 * the summary and the NDJSON).
 *
 * Each row is a copy of what it shows, so the rows stay valid while the
 * device table changes under them (the frozen display).
 */
#ifndef LS_PRESENT_SCAN_ROWS_H
#define LS_PRESENT_SCAN_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adv/ad.h"
#include "adv/devtab.h"

/* Hysteresis of the signal sort: a row passes the one above it only when
   its smoothed RSSI is more than this many dB stronger.  4 dB is above
   what a steady lock's smoothed jitter reaches (about 1 dB) and well
   below what a step towards or away from it gives (10 dB and more). */
#define SCAN_ROWS_MARGIN_DB	4.0
/* ... of the "last heard" sort: more than this much more recently. */
#define SCAN_ROWS_MARGIN_MS	3000
#define SCAN_ROWS_TTL_MS	60000	/* default --ttl */
#define SCAN_ROWS_FILTER_MAX	64	/* bytes of a filter, NUL included */
#define SCAN_ROWS_MAX		4096	/* rows kept, at most */

enum scan_rows_sort {
	SCAN_ROWS_SIGNAL,	/* locks first, then smoothed RSSI */
	SCAN_ROWS_NAME,		/* locks first, then name, then address */
	SCAN_ROWS_FAMILY,	/* locks first, then family, name, address */
	SCAN_ROWS_HEARD,	/* locks first, then the most recently heard */
	SCAN_ROWS_NSORT
};

struct scan_row {
	uint8_t		 addr[6];	/* little-endian, as in struct dev */
	uint8_t		 addr_type;
	char		 address[18];	/* "C4:7C:8D:6A:12:01" */
	char		 name[4 * AD_NAME_MAX + 1];	/* sanitised; the
					   model in brackets when nameless */
	const char	*family;	/* static; NULL: not a lock */
	const char	*vendor;	/* static; NULL: unknown */
	const char	*pairing;	/* static; NULL: unknown */
	int		 battery_percent;	/* -1 unknown */
	int		 battery_mv;		/* -1 unknown */
	bool		 is_lock;
	bool		 has_rssi;
	double		 rssi_avg;	/* smoothed, dBm (has_rssi) */
	uint64_t	 last_seen_ms;	/* wall clock */
	uint64_t	 age_ms;	/* since last heard, at the update */
	bool		 stale;		/* devtab_stale() at the update */
	bool		 fresh;		/* internal: first shown now */
};

struct scan_rows;

/* New, empty rows: signal sort, no filter, TTL SCAN_ROWS_TTL_MS.  NULL
   when out of memory.  Free with scan_rows_free() (NULL is a no-op). */
struct scan_rows	*scan_rows_new(void);
void			 scan_rows_free(struct scan_rows *);

/* The TTL in ms (0: none, a device never leaves the rows). */
void	scan_rows_set_ttl(struct scan_rows *, uint64_t ttl_ms);

/* The sort; a new sort orders the rows afresh (no hysteresis once). */
void	scan_rows_set_sort(struct scan_rows *, enum scan_rows_sort);
enum scan_rows_sort scan_rows_sort(const struct scan_rows *);
/* "signal", "name", "family", "last heard". */
const char	*scan_rows_sort_name(enum scan_rows_sort);

/* Keep only rows matching pattern (scan_rows_match); NULL or "" keeps
   all.  The pattern is copied (cut to SCAN_ROWS_FILTER_MAX - 1 bytes). */
void	scan_rows_set_filter(struct scan_rows *, const char *pattern);
const char	*scan_rows_filter(const struct scan_rows *);
void	scan_rows_set_locks_only(struct scan_rows *, bool);
bool	scan_rows_locks_only(const struct scan_rows *);

/*
 * Whether r matches pattern: a case-insensitive (ASCII) substring of its
 * name, address (with or without the colons), family or vendor.  An empty
 * pattern matches every row.
 */
bool	scan_rows_match(const struct scan_row *r, const char *pattern);

/*
 * Take the devices devs[0..n) (borrowed for the call only) at now_ms (the
 * device table's wall clock): drop those past the TTL or filtered out,
 * refresh the rest and order them.  Returns the number of rows.
 */
size_t	scan_rows_update(struct scan_rows *, struct dev *const *devs,
	    size_t n, uint64_t now_ms);

/* Rows of the last update; i < scan_rows_count().  Valid until the next
   update or set_* call. */
size_t			 scan_rows_count(const struct scan_rows *);
const struct scan_row	*scan_rows_get(const struct scan_rows *, size_t i);
/* How many devices the last update left out by the TTL. */
size_t			 scan_rows_expired(const struct scan_rows *);

/* The index of the row for addr/addr_type, or -1. */
long	scan_rows_find(const struct scan_rows *, const uint8_t addr[6],
	    uint8_t addr_type);

/*
 * A row's age as the table shows it in out (8 bytes): "now" under a
 * second, "12 s", "5 m" from 100 s on.
 */
char	*scan_rows_age_str(uint64_t age_ms, char out[8]);

#endif
