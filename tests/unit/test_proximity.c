/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_proximity.c - unit tests for the proximity finder's model
 * (src/present/proximity.c): the trend turns within three seconds of a
 * step in made-up time, stays steady under jitter, says silent and
 * searching; the history bins, the meter, the bell rate; the target by
 * address or by name, bound to the first device found.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hci/hcidef.h"
#include "present/proximity.h"

#define T0	1700000000000ULL

/* Reports every gap ms at rssi from t to t + dur, smoothed as the
   device table does (1/4 of each new value); returns the end time. */
static uint64_t
t_feed(struct proximity *p, double *avg, uint64_t t, uint64_t dur,
    uint64_t gap, int rssi)
{
	uint64_t	end = t + dur;

	for (; t < end; t += gap) {
		*avg += 0.25 * (rssi - *avg);
		proximity_sample(p, t, rssi, *avg);
	}
	return end;
}

/* The first time from t, in steps of 250 ms up to 10 s, with trend want;
   0 if never. */
static uint64_t
t_when(struct proximity *p, double *avg, uint64_t t, uint64_t gap, int rssi,
    enum proximity_trend want)
{
	uint64_t	end = t + 10000, next = t;

	for (; t < end; t += 250) {
		while (next <= t) {
			*avg += 0.25 * (rssi - *avg);
			proximity_sample(p, next, rssi, *avg);
			next += gap;
		}
		if (proximity_trend(p, t, false) == want)
			return t;
	}
	return 0;
}

static void
test_step_within_three_seconds(void **state)
{
	static const uint64_t	gaps[] = { 100, 200, 1000 };
	static struct proximity	p;
	uint64_t		t, at;
	double			avg;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof gaps / sizeof gaps[0]; i++) {
		proximity_init(&p);
		avg = -80;
		t = t_feed(&p, &avg, T0, 10000, gaps[i], -80);
		assert_int_equal(proximity_trend(&p, t, false),
		    PROXIMITY_STEADY);
		at = t_when(&p, &avg, t, gaps[i], -40, PROXIMITY_CLOSER);
		assert_true(at != 0 && at - t <= 3000);
		/* It settles to steady, then a step away is farther. */
		at = t_when(&p, &avg, at, gaps[i], -40, PROXIMITY_STEADY);
		assert_true(at != 0);
		t = t_feed(&p, &avg, at, 3000, gaps[i], -40);
		at = t_when(&p, &avg, t, gaps[i], -85, PROXIMITY_FARTHER);
		assert_true(at != 0 && at - t <= 3000);
	}
}

static void
test_steady_under_jitter(void **state)
{
	static struct proximity	p;
	uint64_t		t;
	double			avg = -60;
	int			k;

	(void)state;
	proximity_init(&p);
	srand(3);
	for (t = T0, k = 0; k < 600; k++, t += 100) {
		int	r = -60 + (rand() % 7) - 3;

		avg += 0.25 * (r - avg);
		proximity_sample(&p, t, r, avg);
		if (k > 30)
			assert_int_equal(proximity_trend(&p, t, false),
			    PROXIMITY_STEADY);
	}
}

static void
test_searching_and_silent(void **state)
{
	static struct proximity	p;

	(void)state;
	proximity_init(&p);
	assert_int_equal(proximity_trend(&p, T0, false),
	    PROXIMITY_SEARCHING);
	assert_string_equal(proximity_trend_name(PROXIMITY_SEARCHING),
	    "searching");
	proximity_sample(&p, T0, -50, -50);
	assert_int_equal(proximity_trend(&p, T0, false), PROXIMITY_STEADY);
	assert_int_equal(proximity_trend(&p, T0 + 20000, true),
	    PROXIMITY_SILENT);
	assert_string_equal(proximity_trend_name(PROXIMITY_SILENT), "silent");
	assert_string_equal(proximity_trend_name(PROXIMITY_CLOSER), "closer");
	assert_string_equal(proximity_trend_name(PROXIMITY_FARTHER),
	    "farther");
	/* The same report twice is one sample. */
	proximity_sample(&p, T0, -50, -50);
	assert_int_equal(p.n, 1);
}

static void
test_history(void **state)
{
	static struct proximity	p;
	double			out[PROXIMITY_HIST_S];
	bool			has[PROXIMITY_HIST_S];
	uint64_t		t;

	(void)state;
	proximity_init(&p);
	/* Every 50 ms for 90 s: merged to 100 ms steps, the ring keeps
	   the whole last minute. */
	for (t = T0; t < T0 + 90000; t += 50)
		proximity_sample(&p, t, -70, t < T0 + 80000 ? -70 : -50);
	proximity_history(&p, T0 + 90000 - 1, out, has);
	assert_true(has[0]);
	assert_true(has[PROXIMITY_HIST_S - 1]);
	assert_true(out[0] > -70.5 && out[0] < -69.5);
	assert_true(out[PROXIMITY_HIST_S - 1] > -50.5);
	/* A silent stretch leaves its seconds empty. */
	proximity_init(&p);
	proximity_sample(&p, T0, -60, -60);
	proximity_sample(&p, T0 + 30000, -60, -60);
	proximity_history(&p, T0 + 30500, out, has);
	assert_true(has[PROXIMITY_HIST_S - 1]);
	assert_false(has[PROXIMITY_HIST_S - 2]);
	assert_true(has[PROXIMITY_HIST_S - 31]);
}

static void
test_meter_and_bell(void **state)
{
	double		r;
	unsigned	last = 100000, b;

	(void)state;
	assert_int_equal(proximity_meter(-120), 0);
	assert_int_equal(proximity_meter(-100), 0);
	assert_int_equal(proximity_meter(-65), 50);
	assert_int_equal(proximity_meter(-30), 100);
	assert_int_equal(proximity_meter(-10), 100);
	assert_int_equal(proximity_bell_ms(-100), 2000);
	assert_int_equal(proximity_bell_ms(-20), 150);
	/* The stronger the signal, the faster the bell. */
	for (r = -100; r <= -30; r += 1) {
		b = proximity_bell_ms(r);
		assert_true(b <= last);
		last = b;
	}
	assert_true(proximity_bell_ms(-40) < proximity_bell_ms(-80));
}

static void
t_named(struct dev *d, uint8_t id, const char *name, uint64_t first)
{
	memset(d, 0, sizeof *d);
	d->addr[0] = id;
	d->addr[5] = 0xc4;
	d->addr_type = HC_ADDR_RANDOM;
	d->first_seen_ms = first;
	if (name != NULL) {
		d->ad.has_name = true;
		d->ad.name_len = (uint8_t)strlen(name);
		memcpy(d->ad.name, name, strlen(name));
	}
}

static void
test_target(void **state)
{
	static struct dev		 d[3];
	struct dev			*v[3] = { &d[0], &d[1], &d[2] };
	struct proximity_target		 t;
	size_t				 others;

	(void)state;
	assert_false(proximity_target_parse(&t, ""));
	assert_false(proximity_target_parse(&t, NULL));
	assert_true(proximity_target_parse(&t, "C4:00:00:00:00:01"));
	assert_true(t.by_addr);
	t_named(&d[0], 1, "Front Door", T0 + 10);
	t_named(&d[1], 2, "front door", T0 + 5);
	t_named(&d[2], 3, NULL, T0);
	assert_true(proximity_target_match(&t, &d[0]));
	assert_false(proximity_target_match(&t, &d[1]));
	d[0].addr_type = HC_ADDR_PUBLIC;	/* either type */
	assert_true(proximity_target_match(&t, &d[0]));
	d[0].addr_type = HC_ADDR_RANDOM;

	assert_true(proximity_target_parse(&t, "FRONT DOOR"));
	assert_false(t.by_addr);
	assert_true(proximity_target_match(&t, &d[0]));
	assert_false(proximity_target_match(&t, &d[2]));
	/* Two match: the one heard first wins and is kept. */
	assert_ptr_equal(proximity_target_find(&t, v, 3, &others), &d[1]);
	assert_int_equal(others, 1);
	assert_true(t.bound);
	d[1].first_seen_ms = T0 + 100;
	assert_ptr_equal(proximity_target_find(&t, v, 3, &others), &d[1]);
	assert_int_equal(others, 1);
	/* Not there now: NULL, still bound. */
	assert_null(proximity_target_find(&t, v, 1, NULL));
	assert_true(proximity_target_parse(&t, "Back Door"));
	assert_null(proximity_target_find(&t, v, 3, &others));
	assert_int_equal(others, 0);
	assert_false(t.bound);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_step_within_three_seconds),
		cmocka_unit_test(test_steady_under_jitter),
		cmocka_unit_test(test_searching_and_silent),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_meter_and_bell),
		cmocka_unit_test(test_target),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
