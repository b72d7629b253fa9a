/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_signal.c - the lock's signal over the visit (visit.h, struct
 * visit_signal): windows joining their sample, the series bounded to
 * VISIT_SIGNAL_MAX by merging neighbours, means and gaps, bad samples
 * refused; the journal's "signal" record replayed into the same series
 * (downsampling included); the report's "signal" member and a report
 * without it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>
#include <sodium.h>

#include "util/hex.h"

#include "visit/journal.h"
#include "visit/report.h"
#include "tests/unit/visit_test.h"

#define ST_BASE	10000u			/* ms */
#define ST_US	((uint64_t)ST_BASE * 1000)

/* Window i: heard twice at -50 - i % 7 dBm, every fifth a gap. */
static void
st_window(size_t i, uint32_t *heard, int64_t *sum)
{
	*heard = i % 5 == 4 ? 0 : 2;
	*sum = *heard * (int64_t)(-50 - (int)(i % 7));
}

static void
st_feed(struct visit *v, size_t from, size_t to)
{
	uint32_t	h;
	int64_t		s;
	size_t		i;

	for (i = from; i < to; i++) {
		st_window(i, &h, &s);
		assert_int_equal(visit_signal_add(v, ST_BASE, VT_AT +
		    i * ST_US, h, s, NULL), LS_OK);
	}
}

/* Frame a record by hand (journal.h layout). */
static char *
st_frame(const char *json)
{
	uint8_t	 h[32];
	char	 hx[65], *out;

	crypto_hash_sha256(h, (const uint8_t *)json, strlen(json));
	assert_true(asprintf(&out, "%08zx %s %s\n", strlen(json),
	    hex_encode(h, sizeof h, hx), json) > 0);
	return out;
}

static void
test_bounded(void **state)
{
	struct visit	*v = visit_new();
	uint64_t	 heard = 0;
	size_t		 i;

	(void)state;
	st_feed(v, 0, 360);
	assert_int_equal(v->signal.n, 360);
	assert_int_equal(v->signal.width_ms, ST_BASE);
	/* The 361st merges neighbours: 180 of 20 s, then one more. */
	st_feed(v, 360, 361);
	assert_int_equal(v->signal.n, 181);
	assert_int_equal(v->signal.width_ms, 2 * ST_BASE);
	/* The 362nd falls in the last sample's 20 s. */
	st_feed(v, 361, 362);
	assert_int_equal(v->signal.n, 181);
	st_feed(v, 362, 1000);
	/* 720 windows fill 360 of 20 s; the rest in 40 s samples. */
	assert_int_equal(v->signal.width_ms, 4 * ST_BASE);
	assert_int_equal(v->signal.n, 180 + (1000 - 720) / 4);
	assert_true(v->signal.n <= VISIT_SIGNAL_MAX);
	for (i = 0; i < v->signal.n; i++) {
		heard += v->signal.s[i].heard;
		assert_int_equal(v->signal.s[i].at_us,
		    VT_AT + i * 4 * ST_US);
		if (i > 0)
			assert_true(v->signal.s[i].at_us >
			    v->signal.s[i - 1].at_us);
	}
	/* Nothing heard is lost by merging. */
	assert_int_equal(heard, 2 * (1000 - 1000 / 5));
	visit_free(v);
}

static void
test_mean_and_gaps(void **state)
{
	struct visit	*v = visit_new();
	int		 dbm = 0;

	(void)state;
	assert_int_equal(visit_signal_add(v, ST_BASE, VT_AT, 2, -115, NULL),
	    LS_OK);
	assert_int_equal(visit_signal_add(v, ST_BASE, VT_AT + ST_US, 0, 0,
	    NULL), LS_OK);
	assert_int_equal(visit_signal_add(v, ST_BASE, VT_AT + 2 * ST_US, 3,
	    -181, NULL), LS_OK);
	assert_int_equal(v->signal.n, 3);
	assert_true(visit_signal_mean(&v->signal, 0, &dbm));
	assert_int_equal(dbm, -58);		/* -57.5 */
	assert_false(visit_signal_mean(&v->signal, 1, &dbm));
	assert_true(visit_signal_mean(&v->signal, 2, &dbm));
	assert_int_equal(dbm, -60);		/* -60.33 */
	assert_false(visit_signal_mean(&v->signal, 3, &dbm));
	/* Late windows join, earlier ones are dropped. */
	assert_int_equal(visit_signal_add(v, ST_BASE, VT_AT + 2 * ST_US +
	    9999999, 1, -61, NULL), LS_OK);
	assert_int_equal(v->signal.n, 3);
	assert_int_equal(v->signal.s[2].heard, 4);
	assert_int_equal(visit_signal_add(v, ST_BASE, VT_AT, 1, -40, NULL),
	    LS_OK);
	assert_int_equal(v->signal.s[0].heard, 2);
	/* Refused: no width, a mean out of range, a gap with a sum. */
	assert_int_equal(visit_signal_add(v, 0, VT_AT + 9 * ST_US, 1, -50,
	    NULL), LS_EINPUT);
	assert_int_equal(visit_signal_add(v, ST_BASE, VT_AT + 9 * ST_US, 1,
	    -128, NULL), LS_EINPUT);
	assert_int_equal(visit_signal_add(v, ST_BASE, VT_AT + 9 * ST_US, 2,
	    42, NULL), LS_EINPUT);
	assert_int_equal(visit_signal_add(v, ST_BASE, VT_AT + 9 * ST_US, 0,
	    -3, NULL), LS_EINPUT);
	assert_int_equal(v->signal.n, 3);
	visit_free(v);
}

/* Journal 500 windows six at a time (a minute each), replay them. */
static void
test_journal_round_trip(void **state)
{
	struct visit		*v = vt_sample(), *back = visit_new();
	struct visit_sample	 pend[6];
	struct journal		*j;
	char			*dir = vt_tmpdir(), path[256];
	char			 warn[JOURNAL_WARN_MAX];
	size_t			 i, k = 0;

	(void)state;
	snprintf(path, sizeof path, "%s/j", dir);
	assert_int_equal(journal_create(path, &j, NULL), LS_OK);
	assert_int_equal(journal_visit_start(j, v, NULL), LS_OK);
	for (i = 0; i < 500; i++) {
		pend[k].at_us = VT_AT + i * ST_US;
		st_window(i, &pend[k].heard, &pend[k].sum);
		assert_int_equal(visit_signal_add(v, ST_BASE, pend[k].at_us,
		    pend[k].heard, pend[k].sum, NULL), LS_OK);
		if (++k == 6 || i == 499) {
			assert_int_equal(journal_signal(j, ST_BASE, pend, k,
			    VT_AT, NULL), LS_OK);
			k = 0;
		}
	}
	journal_close(j);
	assert_int_equal(journal_load(path, back, warn, sizeof warn, NULL),
	    LS_OK);
	assert_string_equal(warn, "");
	assert_int_equal(back->signal.n, v->signal.n);
	assert_int_equal(back->signal.width_ms, 2 * ST_BASE);
	assert_int_equal(back->signal.base_ms, ST_BASE);
	assert_memory_equal(back->signal.s, v->signal.s,
	    v->signal.n * sizeof v->signal.s[0]);
	visit_free(v);
	visit_free(back);
	vt_rmdir(dir);
}

/* A bad signal record is corruption, named. */
static void
test_journal_bad(void **state)
{
	static const char *const bad[] = {
		"{\"seq\":1,\"kind\":\"signal\",\"at\":1,\"interval_ms\":0,"
		    "\"samples\":[]}",
		"{\"seq\":1,\"kind\":\"signal\",\"at\":1,\"interval_ms\":10,"
		    "\"samples\":[[1,2]]}",
		"{\"seq\":1,\"kind\":\"signal\",\"at\":1,\"interval_ms\":10,"
		    "\"samples\":[[1,1,-300]]}",
		"{\"seq\":1,\"kind\":\"signal\",\"at\":1,\"interval_ms\":10,"
		    "\"samples\":[[1,1.5,-50]]}",
	};
	struct visit		*v = vt_sample(), *back;
	struct journal		*j;
	struct ls_errbuf	 eb;
	struct journal_scan	 scan;
	char			*dir = vt_tmpdir(), path[256], *buf, *line;
	FILE			*f;
	size_t			 i, n;
	long			 len;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(path, sizeof path, "%s/j%zu", dir, i);
		assert_int_equal(journal_create(path, &j, NULL), LS_OK);
		assert_int_equal(journal_visit_start(j, v, NULL), LS_OK);
		journal_close(j);
		assert_non_null(f = fopen(path, "rb"));
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		rewind(f);
		buf = malloc((size_t)len + 200);
		assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
		fclose(f);
		line = st_frame(bad[i]);
		n = strlen(line);
		memcpy(buf + len, line, n);
		free(line);
		back = visit_new();
		ls_err_clear(&eb);
		assert_int_equal(journal_parse(buf, (size_t)len + n, back,
		    &scan, &eb), LS_EINPUT);
		assert_non_null(strstr(eb.msg, "signal"));
		visit_free(back);
		free(buf);
	}
	visit_free(v);
	vt_rmdir(dir);
}

static void
test_report_member(void **state)
{
	struct visit	*v = vt_sample();
	cJSON		*r, *sig, *s;
	char		*dir = vt_tmpdir(), path[256];
	struct report_check chk;

	(void)state;
	r = report_build(v, NULL, NULL);
	assert_non_null(r);
	assert_null(cJSON_GetObjectItemCaseSensitive(r, "signal"));
	cJSON_Delete(r);
	st_feed(v, 0, 5);
	r = report_build(v, NULL, NULL);
	sig = cJSON_GetObjectItemCaseSensitive(r, "signal");
	assert_non_null(sig);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(sig,
	    "interval_s")->valuedouble, 10);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
	    sig, "samples")), 5);
	s = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(sig,
	    "samples"), 1);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(s,
	    "at")->valuestring, "2026-11-23T12:04:41.000Z");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(s,
	    "rssi")->valuedouble, -51);
	s = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(sig,
	    "samples"), 4);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(s,
	    "rssi")));
	cJSON_Delete(r);
	/* Sealed and written, it verifies; the digest covers it. */
	snprintf(path, sizeof path, "%s/r.json", dir);
	assert_int_equal(report_save(path, v, NULL, NULL), LS_OK);
	assert_int_equal(report_verify_file(path, NULL, &chk, NULL, NULL),
	    LS_OK);
	visit_free(v);
	vt_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_mean_and_gaps),
		cmocka_unit_test(test_journal_round_trip),
		cmocka_unit_test(test_journal_bad),
		cmocka_unit_test(test_report_member),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
