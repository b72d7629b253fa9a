/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan_rows.c - the live scan table's rows: filter, TTL and a steady
 * order (hysteresis), see scan_rows.h.  It deliberately does not draw,
 * read the clock or keep pointers into the device table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hci/hcidef.h"
#include "present/scan_rows.h"
#include "util/hex.h"
#include "util/text.h"

struct scan_rows {
	struct scan_row		*rows;		/* shown, in order */
	struct scan_row		*cand;		/* this update's devices */
	struct scan_row		*next;		/* the new order */
	size_t			*byaddr;	/* cand indices by address */
	bool			*placed;	/* cand[i] is in next */
	size_t			 n, ncand, cap;
	size_t			 expired;
	enum scan_rows_sort	 sort;
	bool			 resort;	/* order afresh next time */
	bool			 locks_only;
	uint64_t		 ttl_ms;
	char			 filter[SCAN_ROWS_FILTER_MAX];
};

static const char *const scan_rows_sort_names[SCAN_ROWS_NSORT] = {
	"signal", "name", "family", "last heard"
};

struct scan_rows *
scan_rows_new(void)
{
	struct scan_rows	*s;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	s->ttl_ms = SCAN_ROWS_TTL_MS;
	s->sort = SCAN_ROWS_SIGNAL;
	return s;
}

void
scan_rows_free(struct scan_rows *s)
{
	if (s == NULL)
		return;
	free(s->rows);
	free(s->cand);
	free(s->next);
	free(s->byaddr);
	free(s->placed);
	free(s);
}

void
scan_rows_set_ttl(struct scan_rows *s, uint64_t ttl_ms)
{
	s->ttl_ms = ttl_ms;
}

void
scan_rows_set_sort(struct scan_rows *s, enum scan_rows_sort sort)
{
	if (sort >= SCAN_ROWS_NSORT)
		sort = SCAN_ROWS_SIGNAL;
	s->sort = sort;
	s->resort = true;
}

enum scan_rows_sort
scan_rows_sort(const struct scan_rows *s)
{
	return s->sort;
}

const char *
scan_rows_sort_name(enum scan_rows_sort sort)
{
	return sort < SCAN_ROWS_NSORT ? scan_rows_sort_names[sort] : "?";
}

void
scan_rows_set_filter(struct scan_rows *s, const char *pattern)
{
	snprintf(s->filter, sizeof s->filter, "%s",
	    pattern != NULL ? pattern : "");
}

const char *
scan_rows_filter(const struct scan_rows *s)
{
	return s->filter;
}

void
scan_rows_set_locks_only(struct scan_rows *s, bool on)
{
	s->locks_only = on;
}

bool
scan_rows_locks_only(const struct scan_rows *s)
{
	return s->locks_only;
}

static int
scan_rows_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether needle is a substring of hay, ASCII letters in either case. */
static bool
scan_rows_has(const char *hay, const char *needle)
{
	size_t	i;

	if (hay == NULL)
		return false;
	for (; *hay != '\0'; hay++) {
		for (i = 0; needle[i] != '\0' && hay[i] != '\0' &&
		    scan_rows_lower((unsigned char)hay[i]) ==
		    scan_rows_lower((unsigned char)needle[i]); i++)
			;
		if (needle[i] == '\0')
			return true;
	}
	return false;
}

bool
scan_rows_match(const struct scan_row *r, const char *pattern)
{
	char	bare[13];
	size_t	i, k;

	if (pattern == NULL || *pattern == '\0')
		return true;
	/* The address also without its colons, as it is often typed. */
	for (i = k = 0; r->address[i] != '\0' && k < sizeof bare - 1; i++)
		if (r->address[i] != ':')
			bare[k++] = r->address[i];
	bare[k] = '\0';
	return scan_rows_has(r->name, pattern) ||
	    scan_rows_has(r->address, pattern) ||
	    scan_rows_has(bare, pattern) ||
	    scan_rows_has(r->family, pattern) ||
	    scan_rows_has(r->vendor, pattern);
}

char *
scan_rows_age_str(uint64_t age_ms, char out[8])
{
	if (age_ms < 1000)
		snprintf(out, 8, "now");
	else if (age_ms < 100000)
		snprintf(out, 8, "%u s", (unsigned)(age_ms / 1000));
	else if (age_ms < 6000000)
		snprintf(out, 8, "%u m", (unsigned)(age_ms / 60000));
	else
		snprintf(out, 8, "%u h", (unsigned)(age_ms / 3600000 % 1000));
	return out;
}

/* The row for d at now_ms. */
static void
scan_rows_fill(struct scan_row *r, const struct dev *d, uint64_t now_ms)
{
	memset(r, 0, sizeof *r);
	memcpy(r->addr, d->addr, 6);
	r->addr_type = d->addr_type;
	hex_addr_str(d->addr, r->address);
	if (d->ad.has_name)
		text_sanitize(d->ad.name, d->ad.name_len, r->name,
		    sizeof r->name);
	else if (d->lock.model[0] != '\0') {
		char	m[sizeof d->lock.model];

		text_sanitize((const uint8_t *)d->lock.model,
		    strnlen(d->lock.model, sizeof d->lock.model), m,
		    sizeof m);
		snprintf(r->name, sizeof r->name, "[%s]", m);
	}
	r->is_lock = d->lock.is_lock;
	r->family = d->lock.family;
	r->vendor = d->lock.vendor;
	r->pairing = d->lock.pairing_state;
	r->battery_percent = d->lock.battery_percent;
	r->battery_mv = d->lock.battery_mv;
	r->has_rssi = d->rssi != HC_RSSI_NONE;
	r->rssi_avg = d->rssi_avg;
	r->last_seen_ms = d->last_seen_ms;
	r->age_ms = now_ms > d->last_seen_ms ? now_ms - d->last_seen_ms : 0;
	r->stale = devtab_stale(d, now_ms);
}

static int
scan_rows_key_cmp(const struct scan_row *x, const struct scan_row *y)
{
	int	c = memcmp(x->addr, y->addr, 6);

	if (c != 0)
		return c;
	return (int)x->addr_type - (int)y->addr_type;
}

/* Strings sort before none; an empty name counts as none. */
static int
scan_rows_str_cmp(const char *x, const char *y)
{
	bool	nx = x == NULL || *x == '\0', ny = y == NULL || *y == '\0';
	int	c;

	if (nx || ny)
		return nx == ny ? 0 : nx ? 1 : -1;
	for (; *x != '\0' && *y != '\0'; x++, y++) {
		c = scan_rows_lower((unsigned char)*x) -
		    scan_rows_lower((unsigned char)*y);
		if (c != 0)
			return c;
	}
	return (unsigned char)*x - (unsigned char)*y;
}

/*
 * Whether x is to be shown above y: > 0 yes, < 0 no (y above x), 0 when
 * neither beats the other by more than margin (a margin of 0 asks for
 * the exact order, ties apart).  Locks first in every sort.
 */
static int
scan_rows_beats(enum scan_rows_sort sort, const struct scan_row *x,
    const struct scan_row *y, bool exact)
{
	double	 m = exact ? 0 : SCAN_ROWS_MARGIN_DB;
	uint64_t mt = exact ? 0 : SCAN_ROWS_MARGIN_MS;
	int	 c;

	if (x->is_lock != y->is_lock)
		return x->is_lock ? 1 : -1;
	switch (sort) {
	case SCAN_ROWS_SIGNAL:
		if (x->has_rssi != y->has_rssi)
			return x->has_rssi ? 1 : -1;
		if (x->rssi_avg > y->rssi_avg + m)
			return 1;
		if (y->rssi_avg > x->rssi_avg + m)
			return -1;
		return 0;
	case SCAN_ROWS_HEARD:
		if (x->last_seen_ms > y->last_seen_ms + mt)
			return 1;
		if (y->last_seen_ms > x->last_seen_ms + mt)
			return -1;
		return 0;
	case SCAN_ROWS_FAMILY:
		if ((c = scan_rows_str_cmp(x->family, y->family)) != 0)
			return c < 0 ? 1 : -1;
		/* FALLTHROUGH */
	case SCAN_ROWS_NAME:
	default:
		if ((c = scan_rows_str_cmp(x->name, y->name)) != 0)
			return c < 0 ? 1 : -1;
		return 0;
	}
}

/* For the fresh order: exact, ties by address (a total order). */
static int
scan_rows_qsort_cmp(const void *a, const void *b, void *arg)
{
	const struct scan_row	*x = a, *y = b;
	int			 c;

	c = scan_rows_beats(*(const enum scan_rows_sort *)arg, x, y, true);
	if (c != 0)
		return -c;
	return scan_rows_key_cmp(x, y);
}

static int
scan_rows_bykey_cmp(const void *a, const void *b, void *arg)
{
	const struct scan_row	*base = arg;

	return scan_rows_key_cmp(&base[*(const size_t *)a],
	    &base[*(const size_t *)b]);
}

/* The cand index of the device of row r, or -1. */
static long
scan_rows_lookup(const struct scan_rows *s, const struct scan_row *r)
{
	size_t	lo = 0, hi = s->ncand, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = scan_rows_key_cmp(r, &s->cand[s->byaddr[mid]]);
		if (c == 0)
			return (long)s->byaddr[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

static bool
scan_rows_grow(struct scan_rows *s, size_t want)
{
	struct scan_row	*a, *b, *c;
	size_t		*k;
	bool		*p;

	if (want <= s->cap)
		return true;
	a = realloc(s->rows, want * sizeof *a);
	if (a != NULL)
		s->rows = a;
	b = realloc(s->cand, want * sizeof *b);
	if (b != NULL)
		s->cand = b;
	c = realloc(s->next, want * sizeof *c);
	if (c != NULL)
		s->next = c;
	k = realloc(s->byaddr, want * sizeof *k);
	if (k != NULL)
		s->byaddr = k;
	p = realloc(s->placed, want * sizeof *p);
	if (p != NULL)
		s->placed = p;
	if (a == NULL || b == NULL || c == NULL || k == NULL || p == NULL)
		return false;
	s->cap = want;
	return true;
}

size_t
scan_rows_update(struct scan_rows *s, struct dev *const *devs, size_t n,
    uint64_t now_ms)
{
	struct scan_row	*r, tmp, *sw;
	size_t		 i, j, k;
	long		 at;

	if (n > SCAN_ROWS_MAX)
		n = SCAN_ROWS_MAX;
	if (!scan_rows_grow(s, n > 0 ? n : 1)) {
		/* Out of memory: keep the last rows. */
		return s->n;
	}
	/* This update's devices, past the TTL and the filters. */
	s->ncand = 0;
	s->expired = 0;
	for (i = 0; i < n; i++) {
		r = &s->cand[s->ncand];
		scan_rows_fill(r, devs[i], now_ms);
		if (s->ttl_ms > 0 && r->age_ms >= s->ttl_ms) {
			s->expired++;
			continue;
		}
		if ((s->locks_only && !r->is_lock) ||
		    !scan_rows_match(r, s->filter))
			continue;
		s->byaddr[s->ncand] = s->ncand;
		s->placed[s->ncand] = false;
		s->ncand++;
	}
	qsort_r(s->byaddr, s->ncand, sizeof s->byaddr[0], scan_rows_bykey_cmp,
	    s->cand);

	/* The rows still there keep their order; new ones go last. */
	k = 0;
	for (i = 0; i < s->n; i++) {
		if ((at = scan_rows_lookup(s, &s->rows[i])) < 0 ||
		    s->placed[at])
			continue;
		s->placed[at] = true;
		s->next[k] = s->cand[at];
		s->next[k++].fresh = false;
	}
	for (i = 0; i < s->ncand; i++) {
		if (s->placed[i])
			continue;
		s->next[k] = s->cand[i];
		s->next[k++].fresh = true;
	}

	if (s->resort) {
		qsort_r(s->next, k, sizeof s->next[0], scan_rows_qsort_cmp,
		    &s->sort);
		s->resort = false;
	} else {
		/*
		 * Insertion: a row moves up past the row above it only when
		 * it beats it by more than the margin; a new row goes to its
		 * exact place.
		 */
		for (i = 1; i < k; i++) {
			tmp = s->next[i];
			for (j = i; j > 0 && scan_rows_beats(s->sort, &tmp,
			    &s->next[j - 1], tmp.fresh) > 0; j--)
				s->next[j] = s->next[j - 1];
			s->next[j] = tmp;
		}
	}
	sw = s->rows;
	s->rows = s->next;
	s->next = sw;
	s->n = k;
	return k;
}

size_t
scan_rows_count(const struct scan_rows *s)
{
	return s->n;
}

const struct scan_row *
scan_rows_get(const struct scan_rows *s, size_t i)
{
	return i < s->n ? &s->rows[i] : NULL;
}

size_t
scan_rows_expired(const struct scan_rows *s)
{
	return s->expired;
}

long
scan_rows_find(const struct scan_rows *s, const uint8_t addr[6],
    uint8_t addr_type)
{
	size_t	i;

	for (i = 0; i < s->n; i++)
		if (memcmp(s->rows[i].addr, addr, 6) == 0 &&
		    s->rows[i].addr_type == addr_type)
			return (long)i;
	return -1;
}
