/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_journal.c - unit tests for src/visit/journal.c: round trip, an
 * interrupted last record cut at every byte, damage in the middle, files
 * that are not journals, lock contention, write failures, a well-framed
 * record carrying a PIN.
 *
 * "test_journal --drive JOURNAL REPORT NSTEPS [DELAY_US]" is a small visit
 * driver for tests/integration/t_report.sh (SIGKILL during the append
 * loop): it resumes JOURNAL if it exists, runs the steps not yet passed
 * (start, evidence, finish, each record synced), prints "done ID" after
 * each finish record is synced, rewrites REPORT atomically after each
 * step (then sleeps DELAY_US, so a kill lands mid-run), and closes the
 * visit.  "--dump JOURNAL" prints the passed steps.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>
#include <sodium.h>

#include "util/durable.h"
#include "util/hex.h"
#include "visit/journal.h"
#include "visit/key.h"
#include "visit/report.h"
#include "tests/unit/visit_test.h"

/* Journal every part of v, in the order an engine would. */
static void
jt_write_all(struct journal *j, const struct visit *v)
{
	size_t	i, k;

	assert_int_equal(journal_visit_start(j, v, NULL), LS_OK);
	assert_int_equal(journal_authorization(j, v, VT_AT, NULL), LS_OK);
	assert_int_equal(journal_device(j, v, 0, VT_AT, NULL), LS_OK);
	for (k = 0; k < v->devices[0].before.n; k++)
		assert_int_equal(journal_reading(j, v, 0, VISIT_BEFORE,
		    v->devices[0].before.v[k].name, VT_AT, NULL), LS_OK);
	for (k = 0; k < v->devices[0].after.n; k++)
		assert_int_equal(journal_reading(j, v, 0, VISIT_AFTER,
		    v->devices[0].after.v[k].name, VT_AT, NULL), LS_OK);
	assert_int_equal(journal_plan(j, v, VT_AT, NULL), LS_OK);
	for (i = 0; i < v->nsteps; i++) {
		assert_int_equal(journal_step_start(j, v, i, NULL), LS_OK);
		for (k = 0; k < v->steps[i].evidence.n; k++)
			assert_int_equal(journal_evidence(j, v, i,
			    v->steps[i].evidence.v[k].name, VT_AT, NULL),
			    LS_OK);
		assert_int_equal(journal_step_finish(j, v, i, NULL), LS_OK);
	}
	assert_int_equal(journal_outcome(j, v, NULL), LS_OK);
}

/* The canonical report body of v: equal bodies = equal visits. */
static char *
jt_body(const struct visit *v)
{
	cJSON	*r = report_build(v, NULL, NULL);
	char	*s;
	size_t	 n;

	assert_non_null(r);
	assert_int_equal(report_canonical(r, false, &s, &n, NULL), LS_OK);
	cJSON_Delete(r);
	return s;
}

static char *
jt_read(const char *path, size_t *n)
{
	char	*buf;

	assert_int_equal(durable_read_file(path, 1 << 24, &buf, n, NULL),
	    LS_OK);
	return buf;
}

static void
jt_put(const char *path, const char *p, size_t n)
{
	FILE	*f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* Write the sample journal at dir/j; returns its path (static). */
static const char *
jt_sample_journal(const char *dir, const struct visit *v)
{
	static char	 path[256];
	struct journal	*j;

	snprintf(path, sizeof path, "%s/j", dir);
	unlink(path);
	assert_int_equal(journal_create(path, &j, NULL), LS_OK);
	jt_write_all(j, v);
	journal_close(j);
	return path;
}

static void
test_round_trip(void **state)
{
	struct visit	*v = vt_sample(), *back = visit_new();
	char		*dir = vt_tmpdir(), *a, *b, warn[JOURNAL_WARN_MAX];
	const char	*path;
	struct stat	 st;

	(void)state;
	path = jt_sample_journal(dir, v);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(journal_load(path, back, warn, sizeof warn, NULL),
	    LS_OK);
	assert_string_equal(warn, "");
	assert_string_equal(back->id, v->id);
	assert_int_equal(back->nsteps, v->nsteps);
	assert_int_equal(back->steps[5].status, VS_FAILED);
	assert_string_equal(back->steps[5].note, "bolt drags on the strike");
	assert_int_equal(back->devices[0].before.n, 4);
	a = jt_body(v);
	b = jt_body(back);
	assert_string_equal(a, b);
	free(a);
	free(b);
	visit_free(back);
	visit_free(v);
	vt_rmdir(dir);
}

/* Offset of the start of the last record of a journal. */
static size_t
jt_last_start(const char *buf, size_t n)
{
	size_t	i;

	assert_true(n > 2 && buf[n - 1] == '\n');
	for (i = n - 1; i > 0; i--)
		if (buf[i - 1] == '\n')
			return i;
	return 0;
}

static void
jt_expect_torn(const char *path, const char *content, size_t n, size_t good,
    size_t nrec, const char *ref)
{
	struct visit	*v = visit_new();
	struct journal	*j;
	struct ls_errbuf eb;
	struct stat	 st;
	char		 warn[JOURNAL_WARN_MAX], *body;

	ls_err_clear(&eb);
	jt_put(path, content, n);
	assert_int_equal(journal_resume(path, v, &j, warn, sizeof warn, &eb),
	    LS_OK);
	assert_int_equal(journal_records(j), nrec);
	assert_non_null(strstr(warn, "interrupted"));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((size_t)st.st_size, good);
	/* The kept part goes on: append again, replay again. */
	assert_int_equal(journal_resumed(j, v, VT_AT, NULL), LS_OK);
	journal_close(j);
	visit_free(v);
	v = visit_new();
	assert_int_equal(journal_load(path, v, warn, sizeof warn, NULL),
	    LS_OK);
	assert_string_equal(warn, "");
	assert_int_equal(v->resumes, 1);
	v->resumes = 0;
	if (ref != NULL) {
		body = jt_body(v);
		assert_string_equal(body, ref);
		free(body);
	}
	visit_free(v);
}

/*
 * A power cut while the last record was being written: the file ends
 * anywhere inside it (every byte position), or the record is complete
 * in length but garbled, or the tail is zeros (blocks allocated, never
 * written).  Every case: dropped with a warning, the rest kept.
 */
static void
test_torn_every_byte(void **state)
{
	struct visit	*v = vt_sample(), *w;
	char		*dir = vt_tmpdir(), *full, *ref, *copy;
	const char	*path;
	size_t		 n, last, cut, nrec;
	char		 warn[JOURNAL_WARN_MAX];

	(void)state;
	path = jt_sample_journal(dir, v);
	full = jt_read(path, &n);
	last = jt_last_start(full, n);
	/* Reference: the visit replayed from everything but the last one. */
	jt_put(path, full, last);
	w = visit_new();
	assert_int_equal(journal_load(path, w, warn, sizeof warn, NULL),
	    LS_OK);
	assert_string_equal(warn, "");
	ref = jt_body(w);
	visit_free(w);
	for (nrec = 0, cut = 0; cut < last; cut++)
		nrec += full[cut] == '\n';
	for (cut = last + 1; cut < n; cut++)
		jt_expect_torn(path, full, cut, last, nrec, ref);
	/* Complete length, one byte garbled: still the last record. */
	copy = malloc(n + 64);
	assert_non_null(copy);
	for (cut = last + 8 + 1 + 64 + 1; cut < n - 1; cut += 7) {
		memcpy(copy, full, n);
		copy[cut] ^= 0x01;
		if (copy[cut] == '\n')
			continue;
		jt_expect_torn(path, copy, n, last, nrec, ref);
	}
	/* Zeros after the last good record. */
	memcpy(copy, full, last);
	memset(copy + last, 0, 64);
	jt_expect_torn(path, copy, last + 64, last, nrec, ref);
	free(copy);
	free(ref);
	free(full);
	visit_free(v);
	vt_rmdir(dir);
}

/* Not a journal, or a journal that never got its first record. */
static void
test_not_journal(void **state)
{
	struct visit	 *v = visit_new();
	struct journal	 *j;
	struct ls_errbuf  eb;
	struct stat	  st;
	char		 *dir = vt_tmpdir(), path[256], warn[JOURNAL_WARN_MAX];
	static const char report[] = "{\"schema\":\"lockscope-report/1\"}\n";

	(void)state;
	snprintf(path, sizeof path, "%s/j", dir);
	jt_put(path, report, sizeof report - 1);
	ls_err_clear(&eb);
	assert_int_equal(journal_load(path, v, warn, sizeof warn, &eb),
	    LS_EINPUT);
	assert_non_null(strstr(eb.msg, "not a journal record"));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((size_t)st.st_size, sizeof report - 1);
	/* Empty: nothing to replay, the caller starts afresh. */
	jt_put(path, "", 0);
	assert_int_equal(journal_resume(path, v, &j, warn, sizeof warn, NULL),
	    LS_OK);
	assert_string_equal(v->id, "");
	assert_string_equal(warn, "");
	journal_close(j);
	/* Killed inside the first record. */
	jt_put(path, "0000012c 9f86d0", 15);
	assert_int_equal(journal_resume(path, v, &j, warn, sizeof warn, NULL),
	    LS_OK);
	assert_string_equal(v->id, "");
	assert_non_null(strstr(warn, "had not started"));
	assert_int_equal(journal_records(j), 0);
	assert_int_equal(visit_begin(v, VT_AT, NULL), LS_OK);
	assert_int_equal(journal_visit_start(j, v, NULL), LS_OK);
	journal_close(j);
	visit_free(v);
	v = visit_new();
	assert_int_equal(journal_load(path, v, warn, sizeof warn, NULL),
	    LS_OK);
	assert_int_equal(strlen(v->id), VISIT_ID_LEN);
	visit_free(v);
	vt_rmdir(dir);
}

/* Killed among the opening records: resume starts afresh (issue 18). */
static void
test_unopened_restarts(void **state)
{
	struct visit	 *v = vt_sample(), *w = visit_new();
	struct journal	 *j;
	struct stat	  st;
	char		 *dir = vt_tmpdir(), path[256], warn[JOURNAL_WARN_MAX];

	(void)state;
	snprintf(path, sizeof path, "%s/j", dir);
	assert_int_equal(journal_create(path, &j, NULL), LS_OK);
	assert_int_equal(journal_visit_start(j, v, NULL), LS_OK);
	assert_int_equal(journal_intake(j, v, VT_AT, NULL), LS_OK);
	assert_int_equal(journal_authorization(j, v, VT_AT, NULL), LS_OK);
	assert_int_equal(journal_device(j, v, 0, VT_AT, NULL), LS_OK);
	journal_close(j);
	assert_int_equal(journal_resume(path, w, &j, warn, sizeof warn, NULL),
	    LS_OK);
	assert_string_equal(w->id, "");
	assert_non_null(strstr(warn, "starting it afresh"));
	assert_int_equal(journal_records(j), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	journal_close(j);
	/* Without a device it is an intake-only journal: kept whole. */
	assert_int_equal(unlink(path), 0);
	visit_free(w);
	w = visit_new();
	assert_int_equal(journal_create(path, &j, NULL), LS_OK);
	assert_int_equal(journal_visit_start(j, v, NULL), LS_OK);
	assert_int_equal(journal_intake(j, v, VT_AT, NULL), LS_OK);
	assert_int_equal(journal_authorization(j, v, VT_AT, NULL), LS_OK);
	journal_close(j);
	assert_int_equal(journal_resume(path, w, &j, warn, sizeof warn, NULL),
	    LS_OK);
	assert_string_equal(w->id, v->id);
	assert_int_equal(w->ndevices, 0);
	assert_int_equal(journal_records(j), 3);
	journal_close(j);
	visit_free(w);
	visit_free(v);
	vt_rmdir(dir);
}

static void
test_mid_corruption(void **state)
{
	struct visit	 *v = vt_sample(), *w;
	char		 *dir = vt_tmpdir(), *full, warn[JOURNAL_WARN_MAX];
	const char	 *path;
	struct ls_errbuf  eb;
	size_t		  n, i, line = 0;

	(void)state;
	path = jt_sample_journal(dir, v);
	full = jt_read(path, &n);
	/* Garble one byte inside record 2 (the device record). */
	for (i = 0; i < n && line < 2; i++)
		line += full[i] == '\n';
	full[i + 100] ^= 0x20;
	jt_put(path, full, n);
	w = visit_new();
	ls_err_clear(&eb);
	assert_int_equal(journal_load(path, w, warn, sizeof warn, &eb),
	    LS_EINPUT);
	assert_non_null(strstr(eb.msg, "record 2 "));
	/* A record cut short in the middle of the file, too. */
	memmove(full + i + 10, full + i + 40, n - i - 40);
	jt_put(path, full, n - 30);
	ls_err_clear(&eb);
	assert_int_equal(journal_load(path, w, warn, sizeof warn, &eb),
	    LS_EINPUT);
	assert_non_null(strstr(eb.msg, "record 2 "));
	visit_free(w);
	free(full);
	visit_free(v);
	vt_rmdir(dir);
}

static void
test_lock_contention(void **state)
{
	struct visit	 *v = vt_sample(), *w = visit_new();
	struct journal	 *j, *j2;
	struct ls_errbuf  eb;
	char		 *dir = vt_tmpdir(), path[256];

	(void)state;
	snprintf(path, sizeof path, "%s/j", dir);
	assert_int_equal(journal_create(path, &j, NULL), LS_OK);
	assert_int_equal(journal_visit_start(j, v, NULL), LS_OK);
	assert_int_equal(journal_plan(j, v, VT_AT, NULL), LS_OK);
	ls_err_clear(&eb);
	assert_int_equal(journal_resume(path, w, &j2, NULL, 0, &eb),
	    LS_EUNAVAIL);
	assert_non_null(strstr(eb.msg, "in use"));
	ls_err_clear(&eb);
	assert_int_equal(journal_create(path, &j2, &eb), LS_EINPUT);
	journal_close(j);
	visit_free(w);
	w = visit_new();
	assert_int_equal(journal_resume(path, w, &j2, NULL, 0, NULL), LS_OK);
	assert_string_equal(w->id, v->id);
	journal_close(j2);
	visit_free(w);
	visit_free(v);
	vt_rmdir(dir);
}

/* Fault injection: the n-th write fails, after writing half. */
static int	jt_fail_at;
static int	jt_writes;

static ssize_t
jt_bad_write(int fd, const void *p, size_t n)
{
	if (++jt_writes == jt_fail_at) {
		if (n > 1 && write(fd, p, n / 2) < 0)
			return -1;
		errno = ENOSPC;
		return -1;
	}
	return write(fd, p, n);
}

static void
test_write_failure(void **state)
{
	struct visit	 *v = vt_sample(), *w;
	struct journal	 *j;
	struct ls_errbuf  eb;
	char		 *dir = vt_tmpdir(), path[256], warn[JOURNAL_WARN_MAX];

	(void)state;
	snprintf(path, sizeof path, "%s/j", dir);
	assert_int_equal(journal_create(path, &j, NULL), LS_OK);
	jt_writes = 0;
	jt_fail_at = 3;
	durable_set_hooks(jt_bad_write, NULL);
	assert_int_equal(journal_visit_start(j, v, NULL), LS_OK);
	assert_int_equal(journal_authorization(j, v, VT_AT, NULL), LS_OK);
	ls_err_clear(&eb);
	assert_int_equal(journal_device(j, v, 0, VT_AT, &eb), LS_EIO);
	assert_non_null(strstr(eb.msg, "No space"));
	/* Once failed, the journal refuses more records. */
	assert_int_equal(journal_plan(j, v, VT_AT, NULL), LS_EIO);
	durable_set_hooks(NULL, NULL);
	journal_close(j);
	/* The half-written record was cut off: a clean two-record file. */
	w = visit_new();
	assert_int_equal(journal_load(path, w, warn, sizeof warn, NULL),
	    LS_OK);
	assert_string_equal(warn, "");
	assert_true(w->auth_set);
	assert_int_equal(w->ndevices, 0);
	visit_free(w);
	visit_free(v);
	vt_rmdir(dir);
}

/* Frame a record by hand (journal.h layout). */
static void
jt_frame(char *out, size_t cap, const char *json)
{
	uint8_t	h[32];
	char	hx[65];

	crypto_hash_sha256(h, (const uint8_t *)json, strlen(json));
	snprintf(out, cap, "%08zx %s %s\n", strlen(json),
	    hex_encode(h, sizeof h, hx), json);
}

static void
test_secret_guard(void **state)
{
	struct visit	 *v = vt_sample(), *w;
	struct ls_errbuf  eb;
	char		 *dir = vt_tmpdir(), path[256], *buf, rec[2048];
	size_t		  n;

	(void)state;
	/* A well-framed journal record carrying a PIN is refused too. */
	snprintf(path, sizeof path, "%s/j", dir);
	jt_sample_journal(dir, v);
	buf = jt_read(path, &n);
	{
		size_t	count = 0, k;
		char	json[512];

		for (k = 0; k < n; k++)
			count += buf[k] == '\n';
		snprintf(json, sizeof json,
		    "{\"seq\":%zu,\"kind\":\"evidence\","
		    "\"at\":0,\"step\":\"credentials\",\"name\":\"user_pin\","
		    "\"reading\":{\"value\":\"4711\",\"provenance\":"
		    "\"attested\",\"source\":\"technician\",\"at\":null,"
		    "\"reason\":null}}", count);
		jt_frame(rec, sizeof rec, json);
	}
	buf = realloc(buf, n + strlen(rec) + 1);
	assert_non_null(buf);
	memcpy(buf + n, rec, strlen(rec) + 1);
	jt_put(path, buf, strlen(buf));
	w = visit_new();
	ls_err_clear(&eb);
	assert_int_equal(journal_load(path, w, NULL, 0, &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "could carry a secret"));
	assert_non_null(strstr(eb.msg, "record "));
	visit_free(w);
	free(buf);
	visit_free(v);
	vt_rmdir(dir);
}

/* The answers' limits hold on resume too (issue 18 item 13). */
static void
test_resume_limits(void **state)
{
	struct visit	 *v = vt_sample(), *w;
	struct ls_errbuf  eb;
	char		 *dir = vt_tmpdir(), path[256], *buf, *big, json[512];
	char		  rec[2048];
	size_t		  n, count = 0, k, blen;

	(void)state;
	snprintf(path, sizeof path, "%s/j", dir);
	jt_sample_journal(dir, v);
	buf = jt_read(path, &n);
	for (k = 0; k < n; k++)
		count += buf[k] == '\n';
	/* codes_active 12345678: the answers file refuses it, so does
	   the journal. */
	snprintf(json, sizeof json, "{\"seq\":%zu,\"kind\":\"evidence\","
	    "\"at\":0,\"step\":\"%s\",\"name\":\"codes_active\","
	    "\"reading\":{\"value\":12345678,\"provenance\":"
	    "\"attested\",\"source\":\"technician\",\"at\":null,"
	    "\"reason\":null}}", count, v->steps[0].id);
	jt_frame(rec, sizeof rec, json);
	buf = realloc(buf, n + strlen(rec) + 1);
	assert_non_null(buf);
	memcpy(buf + n, rec, strlen(rec) + 1);
	jt_put(path, buf, strlen(buf));
	w = visit_new();
	ls_err_clear(&eb);
	assert_int_equal(journal_load(path, w, NULL, 0, &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "never a code"));
	visit_free(w);
	/* A line over the record limit, even last and unfinished, is
	   refused, not dropped as a torn write. */
	blen = JOURNAL_RECORD_MAX + 200;
	big = malloc(n + blen + 1);
	assert_non_null(big);
	memcpy(big, buf, n);
	snprintf(big + n, blen, "%08x ", (unsigned)(blen - 100));
	memset(big + n + 9, 'a', blen - 9);
	jt_put(path, big, n + blen);
	w = visit_new();
	ls_err_clear(&eb);
	assert_int_equal(journal_load(path, w, NULL, 0, &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "record limit"));
	visit_free(w);
	free(big);
	free(buf);
	visit_free(v);
	vt_rmdir(dir);
}

/* ---- driver for the integration test ---------------------------------- */

/* A whole number 0..max from the command line. */
static bool
jt_int(const char *s, long max, int *out)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0 || v > max)
		return false;
	*out = (int)v;
	return true;
}

static int
jt_drive(const char *jpath, const char *rpath, int nsteps, int delay_us)
{
	struct visit	*v = visit_new();
	struct journal	*j;
	struct ls_errbuf eb;
	struct reading	 r;
	struct key	*k = NULL;
	char		 warn[JOURNAL_WARN_MAX], id[32], line[64], kp[4096];
	size_t		 idx;
	int		 i, added;

	ls_err_clear(&eb);
	if (key_path(kp, sizeof kp, NULL) == LS_OK)
		(void)key_load(kp, &k, NULL);
	if (access(jpath, F_OK) == 0) {
		if (journal_resume(jpath, v, &j, warn, sizeof warn, &eb) !=
		    LS_OK)
			goto fail;
		if (warn[0] != '\0')
			fprintf(stderr, "warning: %s\n", warn);
		if (v->id[0] != '\0' &&
		    journal_resumed(j, v, VT_AT, &eb) != LS_OK)
			goto fail;
		/* Under the journal lock: a killed run's temporary report. */
		report_remove_stale(rpath);
	} else if (journal_create(jpath, &j, &eb) != LS_OK)
		goto fail;
	if (v->id[0] == '\0') {
		if (visit_begin(v, VT_AT, &eb) != LS_OK)
			goto fail;
		visit_set_intake(v, "Driver", "Test bench", "WO-0");
		if (journal_visit_start(j, v, &eb) != LS_OK)
			goto fail;
	}
	/* The plan, or what a kill left out of it. */
	for (added = 0, i = 0; i < nsteps; i++) {
		snprintf(id, sizeof id, "reset.s%d", i);
		if (visit_step_find(v, id) >= 0)
			continue;
		if (visit_step_add(v, id, "reset", "Driver step", NULL,
		    &eb) != LS_OK)
			goto fail;
		added++;
	}
	if (added > 0 && journal_plan(j, v, VT_AT, &eb) != LS_OK)
		goto fail;
	for (idx = 0; idx < v->nsteps; idx++) {
		if (v->steps[idx].status == VS_PASSED)
			continue;
		if (visit_step_start(v, idx, VT_AT + idx, &eb) != LS_OK ||
		    journal_step_start(j, v, idx, &eb) != LS_OK)
			goto fail;
		reading_int(&r, RD_OBSERVED, (int64_t)idx, "advertisement",
		    VT_AT);
		if (visit_step_evidence(v, idx, "step_number", &r, &eb) !=
		    LS_OK || journal_evidence(j, v, idx, "step_number", VT_AT,
		    &eb) != LS_OK)
			goto fail;
		if (visit_step_finish(v, idx, VS_PASSED, VT_AT + idx + 1, NULL,
		    &eb) != LS_OK || journal_step_finish(j, v, idx, &eb) !=
		    LS_OK)
			goto fail;
		snprintf(line, sizeof line, "done %s\n", v->steps[idx].id);
		if (write(STDOUT_FILENO, line, strlen(line)) < 0)
			goto fail;
		if (report_save(rpath, v, k, &eb) != LS_OK)
			goto fail;
		if (delay_us > 0)
			usleep((useconds_t)delay_us);
	}
	visit_set_outcome(v, VO_COMPLETED, "driver finished", VT_AT + 1000);
	if (journal_outcome(j, v, &eb) != LS_OK ||
	    report_save(rpath, v, k, &eb) != LS_OK)
		goto fail;
	journal_close(j);
	key_free(k);
	visit_free(v);
	return 0;
fail:
	fprintf(stderr, "driver: %s\n", eb.msg);
	return 1;
}

static int
jt_dump(const char *jpath)
{
	struct visit	*v = visit_new();
	struct ls_errbuf eb;
	char		 warn[JOURNAL_WARN_MAX];
	size_t		 i;

	ls_err_clear(&eb);
	if (journal_load(jpath, v, warn, sizeof warn, &eb) != LS_OK) {
		fprintf(stderr, "dump: %s\n", eb.msg);
		return 1;
	}
	for (i = 0; i < v->nsteps; i++)
		if (v->steps[i].status == VS_PASSED)
			printf("done %s\n", v->steps[i].id);
	visit_free(v);
	return 0;
}

int
main(int argc, char **argv)
{
	int			 nsteps, delay_us = 0;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_torn_every_byte),
		cmocka_unit_test(test_unopened_restarts),
		cmocka_unit_test(test_resume_limits),
		cmocka_unit_test(test_mid_corruption),
		cmocka_unit_test(test_not_journal),
		cmocka_unit_test(test_lock_contention),
		cmocka_unit_test(test_write_failure),
		cmocka_unit_test(test_secret_guard),
	};

	if ((argc == 5 || argc == 6) && strcmp(argv[1], "--drive") == 0) {
		if (!jt_int(argv[4], 1000, &nsteps) ||
		    (argc == 6 && !jt_int(argv[5], 10000000, &delay_us))) {
			fprintf(stderr, "test_journal --drive: bad number\n");
			return 64;
		}
		return jt_drive(argv[2], argv[3], nsteps, delay_us);
	}
	if (argc == 3 && strcmp(argv[1], "--dump") == 0)
		return jt_dump(argv[2]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
