/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * proximity.c - the proximity finder's model, see proximity.h.  It does
 * not draw, ring or read the clock.
 */
#include <string.h>

#include "present/proximity.h"
#include "util/hex.h"
#include "util/text.h"

bool
proximity_target_parse(struct proximity_target *t, const char *arg)
{
	memset(t, 0, sizeof *t);
	if (arg == NULL || *arg == '\0' || strlen(arg) >= sizeof t->name)
		return false;
	if (hex_addr_parse(arg, t->addr)) {
		t->by_addr = true;
		return true;
	}
	memcpy(t->name, arg, strlen(arg) + 1);
	return true;
}

static int
proximity_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

bool
proximity_target_match(const struct proximity_target *t, const struct dev *d)
{
	char		 name[4 * AD_NAME_MAX + 1];
	const char	*a, *b;

	if (t->bound)
		return memcmp(d->addr, t->addr, 6) == 0 &&
		    d->addr_type == t->addr_type;
	if (t->by_addr)
		return memcmp(d->addr, t->addr, 6) == 0;
	if (!d->ad.has_name)
		return false;
	text_sanitize(d->ad.name, d->ad.name_len, name, sizeof name);
	for (a = name, b = t->name; *a != '\0' && *b != '\0'; a++, b++)
		if (proximity_lower((unsigned char)*a) !=
		    proximity_lower((unsigned char)*b))
			return false;
	return *a == '\0' && *b == '\0';
}

struct dev *
proximity_target_find(struct proximity_target *t, struct dev *const *devs,
    size_t n, size_t *others)
{
	struct dev	*best = NULL;
	size_t		 i, m = 0;
	bool		 was_bound = t->bound;

	for (i = 0; i < n; i++) {
		if (!proximity_target_match(t, devs[i]))
			continue;
		m++;
		if (best == NULL ||
		    devs[i]->first_seen_ms < best->first_seen_ms)
			best = devs[i];
	}
	if (best != NULL && !t->bound) {
		memcpy(t->addr, best->addr, 6);
		t->addr_type = best->addr_type;
		t->bound = true;
	}
	if (others != NULL) {
		if (was_bound) {
			/* Bound: count the others by the first rule. */
			struct proximity_target	u = *t;

			u.bound = false;
			m = 0;
			for (i = 0; i < n; i++)
				m += proximity_target_match(&u, devs[i]);
		}
		*others = m > 0 ? m - 1 : 0;
	}
	return best;
}

void
proximity_init(struct proximity *p)
{
	memset(p, 0, sizeof *p);
}

/* Sample i from the oldest (i < p->n). */
static const struct proximity_sample *
proximity_at(const struct proximity *p, size_t i)
{
	return &p->s[(p->head + PROXIMITY_SAMPLES - p->n + i) %
	    PROXIMITY_SAMPLES];
}

void
proximity_sample(struct proximity *p, uint64_t last_seen_ms, int rssi,
    double rssi_avg)
{
	struct proximity_sample	*last;

	if (p->heard && last_seen_ms == p->last_seen_ms)
		return;
	p->heard = true;
	p->rssi = rssi;
	p->avg = rssi_avg;
	p->last_seen_ms = last_seen_ms;
	if (p->n > 0) {
		last = &p->s[(p->head + PROXIMITY_SAMPLES - 1) %
		    PROXIMITY_SAMPLES];
		/* Reports closer than the step: keep the latest only, so
		   the ring spans the history at any report rate. */
		if (last_seen_ms < last->t_ms + PROXIMITY_MIN_STEP_MS &&
		    last_seen_ms >= last->t_ms) {
			last->avg = rssi_avg;
			return;
		}
	}
	p->s[p->head].t_ms = last_seen_ms;
	p->s[p->head].avg = rssi_avg;
	p->head = (p->head + 1) % PROXIMITY_SAMPLES;
	if (p->n < PROXIMITY_SAMPLES)
		p->n++;
}

/*
 * Mean of the samples in (from, to]; false when there is none.  When
 * there is none, *mean gets the last sample at or before to, if any
 * (*found says so).
 */
static bool
proximity_mean(const struct proximity *p, uint64_t from, uint64_t to,
    double *mean, bool *found)
{
	const struct proximity_sample	*s;
	double				 sum = 0;
	size_t				 i, k = 0;

	*found = false;
	for (i = 0; i < p->n; i++) {
		s = proximity_at(p, i);
		if (s->t_ms > to)
			break;
		if (s->t_ms > from) {
			sum += s->avg;
			k++;
		} else {
			*mean = s->avg;
			*found = true;
		}
	}
	if (k == 0)
		return false;
	*mean = sum / (double)k;
	*found = true;
	return true;
}

enum proximity_trend
proximity_trend(const struct proximity *p, uint64_t now_ms, bool stale)
{
	double	now_avg = 0, then_avg = 0;
	bool	fnow, fthen;
	uint64_t then_to;

	if (!p->heard)
		return PROXIMITY_SEARCHING;
	if (stale)
		return PROXIMITY_SILENT;
	(void)proximity_mean(p, now_ms > PROXIMITY_WINDOW_MS ?
	    now_ms - PROXIMITY_WINDOW_MS : 0, now_ms, &now_avg, &fnow);
	then_to = now_ms > PROXIMITY_GAP_MS ? now_ms - PROXIMITY_GAP_MS : 0;
	(void)proximity_mean(p, then_to > PROXIMITY_WINDOW_MS ?
	    then_to - PROXIMITY_WINDOW_MS : 0, then_to, &then_avg, &fthen);
	if (!fnow || !fthen)
		return PROXIMITY_STEADY;	/* not enough history yet */
	if (now_avg > then_avg + PROXIMITY_TREND_DB)
		return PROXIMITY_CLOSER;
	if (now_avg < then_avg - PROXIMITY_TREND_DB)
		return PROXIMITY_FARTHER;
	return PROXIMITY_STEADY;
}

const char *
proximity_trend_name(enum proximity_trend t)
{
	static const char *const names[] = {
		[PROXIMITY_SEARCHING] = "searching",
		[PROXIMITY_STEADY] = "steady",
		[PROXIMITY_CLOSER] = "closer",
		[PROXIMITY_FARTHER] = "farther",
		[PROXIMITY_SILENT] = "silent",
	};

	return (size_t)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

void
proximity_history(const struct proximity *p, uint64_t now_ms,
    double out[PROXIMITY_HIST_S], bool has[PROXIMITY_HIST_S])
{
	const struct proximity_sample	*s;
	double				 sum[PROXIMITY_HIST_S];
	unsigned			 k[PROXIMITY_HIST_S];
	uint64_t			 back;
	size_t				 i, b;

	memset(sum, 0, sizeof sum);
	memset(k, 0, sizeof k);
	for (i = 0; i < p->n; i++) {
		s = proximity_at(p, i);
		if (s->t_ms > now_ms)
			continue;
		back = (now_ms - s->t_ms) / 1000;
		if (back >= PROXIMITY_HIST_S)
			continue;
		b = PROXIMITY_HIST_S - 1 - (size_t)back;
		sum[b] += s->avg;
		k[b]++;
	}
	for (i = 0; i < PROXIMITY_HIST_S; i++) {
		has[i] = k[i] > 0;
		out[i] = k[i] > 0 ? sum[i] / k[i] : 0;
	}
}

int
proximity_meter(double rssi_avg)
{
	double	f;

	if (rssi_avg <= PROXIMITY_RSSI_LOW)
		return 0;
	if (rssi_avg >= PROXIMITY_RSSI_HIGH)
		return 100;
	f = (rssi_avg - PROXIMITY_RSSI_LOW) /
	    (PROXIMITY_RSSI_HIGH - PROXIMITY_RSSI_LOW);
	return (int)(f * 100 + 0.5);
}

unsigned
proximity_bell_ms(double rssi_avg)
{
	double	f;

	if (rssi_avg <= -95)
		return 2000;
	if (rssi_avg >= -35)
		return 150;
	f = (rssi_avg + 95) / 60;
	return (unsigned)(2000 - f * 1850 + 0.5);
}
