/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_scan_rows.c - unit tests for the live scan table's rows
 * (src/present/scan_rows.c): the steady order (hysteresis) under
 * jitter, real changes of rank, locks first, stale rows marked in place, the
 * TTL, the filter and locks-only, the other sorts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hci/hcidef.h"
#include "present/scan_rows.h"

#define T0	1700000000000ULL	/* a wall clock, ms */
#define NDEV	8

static struct dev	t_devs[NDEV];
static struct dev	*t_ptr[NDEV];

/* Device i: address ..:i, heard at T0, every second, avg rssi. */
static void
t_dev(size_t i, const char *name, bool lock, double rssi)
{
	struct dev	*d = &t_devs[i];

	memset(d, 0, sizeof *d);
	d->addr[0] = (uint8_t)i;
	d->addr[5] = 0xc4;
	d->addr_type = HC_ADDR_RANDOM;
	if (name != NULL) {
		d->ad.has_name = true;
		d->ad.name_len = (uint8_t)strlen(name);
		memcpy(d->ad.name, name, strlen(name));
	}
	d->lock.is_lock = lock;
	d->lock.family = lock ? "generic" : NULL;
	d->lock.battery_percent = -1;
	d->lock.battery_mv = -1;
	d->rssi = (int8_t)rssi;
	d->rssi_avg = rssi;
	d->gap_ms = 1000;
	d->first_seen_ms = T0;
	d->last_seen_ms = T0;
	t_ptr[i] = d;
}

/* The row order as a string of device indices ("0123"). */
static const char *
t_order(const struct scan_rows *s)
{
	static char	buf[NDEV + 1];
	size_t		i;

	for (i = 0; i < scan_rows_count(s) && i < NDEV; i++)
		buf[i] = (char)('0' + scan_rows_get(s, i)->addr[0]);
	buf[i] = '\0';
	return buf;
}

static void
test_steady_under_jitter(void **state)
{
	struct scan_rows	*s = scan_rows_new();
	double			 mean[5] = { -50, -51, -52, -53, -54 };
	char			 first[NDEV + 1];
	uint64_t		 now = T0;
	size_t			 i;
	int			 k;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < 5; i++)
		t_dev(i, "x", true, mean[i]);
	scan_rows_update(s, t_ptr, 5, now);
	assert_string_equal(t_order(s), "01234");
	snprintf(first, sizeof first, "%s", t_order(s));
	/* Smoothed values wander up to 1.9 dB either way: ranks 1 dB
	   apart cross each other all the time, rows never move. */
	srand(7);
	for (k = 0; k < 500; k++) {
		now += 250;
		for (i = 0; i < 5; i++) {
			t_devs[i].rssi_avg = mean[i] +
			    ((rand() % 39) - 19) / 10.0;
			t_devs[i].last_seen_ms = now;
		}
		scan_rows_update(s, t_ptr, 5, now);
		assert_string_equal(t_order(s), first);
	}
	scan_rows_free(s);
}

static void
test_real_change_moves(void **state)
{
	struct scan_rows	*s = scan_rows_new();

	(void)state;
	t_dev(0, "a", true, -60);
	t_dev(1, "b", true, -61);
	t_dev(2, "c", true, -75);
	scan_rows_update(s, t_ptr, 3, T0);
	assert_string_equal(t_order(s), "012");
	/* 1 passes 0 by 3 dB: within the margin, nothing moves. */
	t_devs[1].rssi_avg = -57;
	scan_rows_update(s, t_ptr, 3, T0);
	assert_string_equal(t_order(s), "012");
	/* By 5 dB: it moves up. */
	t_devs[1].rssi_avg = -55;
	scan_rows_update(s, t_ptr, 3, T0);
	assert_string_equal(t_order(s), "102");
	/* 2 walks up to the door: past both in one update. */
	t_devs[2].rssi_avg = -40;
	scan_rows_update(s, t_ptr, 3, T0);
	assert_string_equal(t_order(s), "210");
	scan_rows_free(s);
}

static void
test_locks_first_and_new_rows(void **state)
{
	struct scan_rows	*s = scan_rows_new();

	(void)state;
	t_dev(0, "phone", false, -30);
	t_dev(1, "lock1", true, -80);
	t_dev(2, "lock2", true, -70);
	scan_rows_update(s, t_ptr, 3, T0);
	assert_string_equal(t_order(s), "210");
	/* A new device goes straight to its exact place, margin or not. */
	t_dev(3, "lock3", true, -72);
	scan_rows_update(s, t_ptr, 4, T0);
	assert_string_equal(t_order(s), "2310");
	/* A strong non-lock never passes a lock. */
	t_devs[0].rssi_avg = -20;
	scan_rows_update(s, t_ptr, 4, T0);
	assert_string_equal(t_order(s), "2310");
	scan_rows_free(s);
}

static void
test_stale_sinks_then_ttl(void **state)
{
	struct scan_rows	*s = scan_rows_new();
	const struct scan_row	*r;
	char			 age[8];
	uint64_t		 now;

	(void)state;
	scan_rows_set_ttl(s, 30000);
	t_dev(0, "a", true, -40);
	t_dev(1, "b", true, -60);
	t_dev(2, "c", true, -70);
	scan_rows_update(s, t_ptr, 3, T0);
	assert_string_equal(t_order(s), "012");
	/* 0 falls silent and keeps its place, marked; the others go on. */
	now = T0 + 12000;
	t_devs[1].last_seen_ms = t_devs[2].last_seen_ms = now;
	scan_rows_update(s, t_ptr, 3, now);
	assert_string_equal(t_order(s), "012");
	r = scan_rows_get(s, 0);
	assert_true(r->stale);
	assert_int_equal(r->age_ms, 12000);
	assert_string_equal(scan_rows_age_str(r->age_ms, age), "12 s");
	assert_false(scan_rows_get(s, 1)->stale);
	/* Not yet stale at 9 s (10 s at least). */
	scan_rows_update(s, t_ptr, 3, T0 + 9000);
	assert_false(scan_rows_get(s, 0)->stale);
	scan_rows_update(s, t_ptr, 3, now);
	/* Past the TTL it leaves the rows and is counted. */
	now = T0 + 30000;
	t_devs[1].last_seen_ms = t_devs[2].last_seen_ms = now;
	scan_rows_update(s, t_ptr, 3, now);
	assert_string_equal(t_order(s), "12");
	assert_int_equal(scan_rows_expired(s), 1);
	/* Heard again: back, at its place. */
	t_devs[0].last_seen_ms = now;
	scan_rows_update(s, t_ptr, 3, now);
	assert_string_equal(t_order(s), "012");
	/* TTL 0: never leaves. */
	scan_rows_set_ttl(s, 0);
	scan_rows_update(s, t_ptr, 3, now + 3600000);
	assert_int_equal(scan_rows_count(s), 3);
	scan_rows_free(s);
}

static void
test_age_strings(void **state)
{
	char	b[8];

	(void)state;
	assert_string_equal(scan_rows_age_str(0, b), "now");
	assert_string_equal(scan_rows_age_str(999, b), "now");
	assert_string_equal(scan_rows_age_str(1000, b), "1 s");
	assert_string_equal(scan_rows_age_str(99999, b), "99 s");
	assert_string_equal(scan_rows_age_str(100000, b), "1 m");
	assert_string_equal(scan_rows_age_str(7200000, b), "2 h");
}

static void
test_filter(void **state)
{
	struct scan_rows	*s = scan_rows_new();
	struct scan_row		 r;

	(void)state;
	memset(&r, 0, sizeof r);
	strcpy(r.address, "C4:7C:8D:6A:12:01");
	strcpy(r.name, "Front Door");
	r.family = "ttlock";
	r.vendor = "Sciener (TTLock)";
	assert_true(scan_rows_match(&r, ""));
	assert_true(scan_rows_match(&r, NULL));
	assert_true(scan_rows_match(&r, "front"));
	assert_true(scan_rows_match(&r, "DOOR"));
	assert_true(scan_rows_match(&r, "12:01"));
	assert_true(scan_rows_match(&r, "6a1201"));
	assert_true(scan_rows_match(&r, "c47c"));
	assert_true(scan_rows_match(&r, "TTLOCK"));
	assert_true(scan_rows_match(&r, "sciener"));
	assert_false(scan_rows_match(&r, "back"));
	assert_false(scan_rows_match(&r, "nuki"));
	r.family = NULL;
	r.vendor = NULL;
	assert_false(scan_rows_match(&r, "ttlock"));

	t_dev(0, "Front Door", true, -50);
	t_dev(1, "Back Door", true, -60);
	t_dev(2, "phone", false, -40);
	scan_rows_set_filter(s, "door");
	scan_rows_update(s, t_ptr, 3, T0);
	assert_string_equal(t_order(s), "01");
	assert_string_equal(scan_rows_filter(s), "door");
	scan_rows_set_filter(s, "");
	scan_rows_set_locks_only(s, true);
	scan_rows_update(s, t_ptr, 3, T0);
	assert_string_equal(t_order(s), "01");
	scan_rows_set_locks_only(s, false);
	scan_rows_update(s, t_ptr, 3, T0);
	assert_string_equal(t_order(s), "012");
	assert_int_equal(scan_rows_find(s, t_devs[2].addr, HC_ADDR_RANDOM),
	    2);
	assert_int_equal(scan_rows_find(s, t_devs[2].addr, HC_ADDR_PUBLIC),
	    -1);
	scan_rows_free(s);
}

static void
test_other_sorts(void **state)
{
	struct scan_rows	*s = scan_rows_new();

	(void)state;
	t_dev(0, "charlie", true, -50);
	t_dev(1, "Alpha", true, -60);
	t_dev(2, NULL, true, -40);
	t_dev(3, "bravo", true, -70);
	t_devs[3].lock.family = "nuki";
	scan_rows_set_sort(s, SCAN_ROWS_NAME);
	assert_string_equal(scan_rows_sort_name(scan_rows_sort(s)), "name");
	scan_rows_update(s, t_ptr, 4, T0);
	/* Case-insensitive; no name last. */
	assert_string_equal(t_order(s), "1302");
	scan_rows_set_sort(s, SCAN_ROWS_FAMILY);
	scan_rows_update(s, t_ptr, 4, T0);
	assert_string_equal(t_order(s), "1023");
	/* Last heard: hysteresis of SCAN_ROWS_MARGIN_MS. */
	scan_rows_set_sort(s, SCAN_ROWS_HEARD);
	assert_string_equal(scan_rows_sort_name(scan_rows_sort(s)),
	    "last heard");
	t_devs[0].last_seen_ms = T0 + 100;
	t_devs[1].last_seen_ms = T0 + 5000;
	t_devs[2].last_seen_ms = T0 + 4000;
	t_devs[3].last_seen_ms = T0 + 3000;
	scan_rows_update(s, t_ptr, 4, T0 + 5000);
	assert_string_equal(t_order(s), "1230");
	t_devs[3].last_seen_ms = T0 + 6000;	/* 1 s newer: stays */
	scan_rows_update(s, t_ptr, 4, T0 + 6000);
	assert_string_equal(t_order(s), "1230");
	t_devs[0].last_seen_ms = T0 + 9500;	/* 3.5 s newer: moves */
	scan_rows_update(s, t_ptr, 4, T0 + 9500);
	assert_string_equal(t_order(s), "0123");
	scan_rows_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steady_under_jitter),
		cmocka_unit_test(test_real_change_moves),
		cmocka_unit_test(test_locks_first_and_new_rows),
		cmocka_unit_test(test_stale_sinks_then_ttl),
		cmocka_unit_test(test_age_strings),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_other_sorts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
