/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_records.c - unit tests for src/records/: the lock identity rule,
 * dates, a report in and out of an SQLite database (once by digest,
 * filters, text that looks like SQL kept as text), refused reports
 * leaving nothing, a database newer than the program refused, and a
 * report's remedy kept.
 *
 * "test_records --gen TEMPLATE OUTDIR N LOCKS SITES" writes N valid
 * reports made from the report TEMPLATE (tests/records/ttlock-visit.json,
 * a real batch visit of tests/scenarios/visit.json's front door) for
 * tests/integration/t_records.sh and bench/records: report i is a visit
 * (its id made of i, LOCKS and SITES)
 * of lock i % LOCKS (address C4:7C:8D:6A:HH:LL) at site i % SITES by
 * technician i % 7, one hour after report i - 1; the lock's battery
 * falls 4 % a visit and its firmware changes every fifth visit.  Each
 * is sealed again (report_seal) with the key at $LOCKSCOPE_KEY when
 * there is one (signed), else digested only, and written canonical as
 * lockscope writes reports, OUTDIR/rNNNNNN.json.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "records/records.h"
#include "util/hex.h"
#include "visit/key.h"
#include "visit/report.h"

#define T_TEMPLATE	"tests/records/ttlock-visit.json"

/* ---- making reports ---------------------------------------------------- */

static cJSON *
t_load(const char *path)
{
	FILE	*f = fopen(path, "r");
	char	*buf;
	size_t	 n;
	cJSON	*t;

	if (f == NULL)
		return NULL;
	buf = malloc(1 << 20);
	n = buf != NULL ? fread(buf, 1, (1 << 20) - 1, f) : 0;
	fclose(f);
	if (buf == NULL)
		return NULL;
	buf[n] = '\0';
	t = cJSON_Parse(buf);
	free(buf);
	return t;
}

static void
t_set(cJSON *o, const char *k, cJSON *v)
{
	if (o == NULL) {
		cJSON_Delete(v);
		return;
	}
	if (cJSON_GetObjectItemCaseSensitive(o, k) != NULL)
		cJSON_ReplaceItemInObjectCaseSensitive(o, k, v);
	else
		cJSON_AddItemToObject(o, k, v);
}

static cJSON *
t_get(cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* The template turned into report i (see the file comment), sealed. */
static cJSON *
t_make(const cJSON *tmpl, long i, long locks, long sites, const char *site,
    const struct key *k)
{
	cJSON		*t = cJSON_Duplicate(tmpl, 1), *d, *rs, *sg;
	char		 buf[64], hx[2 * KEY_PUBLIC_BYTES + 1];
	char		 fpr[KEY_FPR_LEN];
	long		 lock = i % locks, v = i / locks, pct;
	long		 h = i % 24, day = i / 24;
	int		 side;

	if (t == NULL)
		return NULL;
	/* Unique across runs of other LOCKS and SITES as well. */
	snprintf(buf, sizeof buf, "%016lx", 0x5eed000000000000L ^
	    ((unsigned long)locks << 36) ^ ((unsigned long)sites << 24) ^
	    (unsigned long)i);
	t_set(t_get(t, "visit"), "id", cJSON_CreateString(buf));
	/* Days from 2024-01-01 counted in 28-day months: enough for a
	   test and for the benchmark, and always a valid date. */
	snprintf(buf, sizeof buf, "%04ld-%02ld-%02ldT%02ld:00:00.000Z",
	    2024 + day / 336, 1 + day / 28 % 12, 1 + day % 28, h);
	t_set(t_get(t, "visit"), "started", cJSON_CreateString(buf));
	buf[14] = '4';
	buf[15] = '0';
	t_set(t_get(t, "visit"), "finished", cJSON_CreateString(buf));
	if (site != NULL)
		snprintf(buf, sizeof buf, "%s", site);
	else
		snprintf(buf, sizeof buf, "Site %ld", i % sites);
	t_set(t_get(t, "visit"), "site", cJSON_CreateString(buf));
	snprintf(buf, sizeof buf, "Tech %ld", i % 7);
	t_set(t_get(t, "visit"), "technician", cJSON_CreateString(buf));
	pct = 95 - (v * 4) % 96;
	for (d = t_get(t, "devices")->child; d != NULL; d = d->next) {
		snprintf(buf, sizeof buf, "C4:7C:8D:6A:%02lX:%02lX",
		    (lock >> 8) & 0xff, lock & 0xff);
		t_set(d, "address", cJSON_CreateString(buf));
		t_set(t_get(d, "battery_before"), "percent",
		    cJSON_CreateNumber((double)pct));
		t_set(t_get(d, "battery"), "percent",
		    cJSON_CreateNumber((double)pct));
		for (side = 0; side < 2; side++) {
			rs = t_get(d, side == 0 ? "readings_before" :
			    "readings_after");
			t_set(t_get(rs, "battery_percent"), "value",
			    cJSON_CreateNumber((double)pct));
		}
		snprintf(buf, sizeof buf, "3.2.%ld", v / 5);
		t_set(t_get(t_get(d, "readings_before"), "firmware"), "value",
		    cJSON_CreateString(buf));
	}
	if (k != NULL) {
		sg = cJSON_CreateObject();
		cJSON_AddStringToObject(sg, "public_key", hex_encode(
		    key_public(k), KEY_PUBLIC_BYTES, hx));
		key_fingerprint(key_public(k), fpr);
		cJSON_AddStringToObject(sg, "fingerprint", fpr);
		t_set(t, "signer", sg);
	} else
		t_set(t, "signer", cJSON_CreateNull());
	if (report_seal(t, k, NULL) != LS_OK) {
		cJSON_Delete(t);
		return NULL;
	}
	return t;
}

/* The canonical text of t and a newline into path. */
static int
t_write(const char *path, const cJSON *t)
{
	FILE	*f;
	char	*text;
	size_t	 len;
	int	 rc = 0;

	if (report_canonical(t, false, &text, &len, NULL) != LS_OK)
		return -1;
	if ((f = fopen(path, "w")) == NULL) {
		free(text);
		return -1;
	}
	if (fwrite(text, 1, len, f) != len || fputc('\n', f) == EOF)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	free(text);
	return rc;
}

static int
t_gen(const char *tmpl_path, const char *dir, long n, long locks, long sites)
{
	struct key	*k = NULL;
	cJSON		*tmpl, *t;
	char		 kp[4096], path[4200];
	long		 i;

	if ((tmpl = t_load(tmpl_path)) == NULL) {
		fprintf(stderr, "test_records --gen: cannot read %s\n",
		    tmpl_path);
		return 65;
	}
	if (key_path(kp, sizeof kp, NULL) == LS_OK && key_load(kp, &k,
	    NULL) != LS_OK)
		k = NULL;
	for (i = 0; i < n; i++) {
		if ((t = t_make(tmpl, i, locks, sites, NULL, k)) == NULL) {
			fprintf(stderr, "test_records --gen: report %ld\n", i);
			return 70;
		}
		snprintf(path, sizeof path, "%s/r%06ld.json", dir, i);
		if (t_write(path, t) != 0) {
			fprintf(stderr, "test_records --gen: cannot write "
			    "%s\n", path);
			cJSON_Delete(t);
			return 74;
		}
		cJSON_Delete(t);
	}
	key_free(k);
	cJSON_Delete(tmpl);
	return 0;
}

/* ---- unit tests ------------------------------------------------------ */

static char	t_dir[64];

static int
t_setup(void **state)
{
	(void)state;
	snprintf(t_dir, sizeof t_dir, "/tmp/test_records.XXXXXX");
	return mkdtemp(t_dir) != NULL ? 0 : -1;
}

static int
t_teardown(void **state)
{
	char	cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", t_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Report i written to t_dir/NAME; its path into out. */
static void
t_report(long i, const char *site, const char *name, char *out, size_t cap)
{
	cJSON	*tmpl = t_load(T_TEMPLATE), *t;

	assert_non_null(tmpl);
	t = t_make(tmpl, i, 3, 2, site, NULL);
	assert_non_null(t);
	snprintf(out, cap, "%s/%s", t_dir, name);
	assert_int_equal(t_write(out, t), 0);
	cJSON_Delete(t);
	cJSON_Delete(tmpl);
}

static void
t_count_row(const char *const *row, void *arg)
{
	(void)row;
	(*(int *)arg)++;
}

static int
t_count(struct records *r, const struct records_filter *f)
{
	int	n = 0;

	assert_int_equal(records_list(r, f, t_count_row, &n, NULL), LS_OK);
	return n;
}

static void
test_lock_id(void **state)
{
	char		 id[RECORDS_LOCK_ID_MAX];
	const char	*basis, *note;
	cJSON		*d;

	(void)state;
	d = cJSON_Parse("{\"address\":\"C4:7C:8D:6A:12:01\","
	    "\"address_type\":\"random\",\"family\":\"ttlock\","
	    "\"model\":\"Room Lock (V3)\"}");
	records_lock_id(d, id, &basis, &note);
	assert_string_equal(id, "ble:ttlock:room-lock-v3:C4:7C:8D:6A:12:01");
	assert_string_equal(basis, "address");
	assert_non_null(note);
	assert_non_null(strstr(note, "random"));
	cJSON_Delete(d);
	d = cJSON_Parse("{\"address\":\"C4:7C:8D:6A:12:01\","
	    "\"address_type\":\"public\",\"family\":\"nuki\","
	    "\"model\":null,\"readings_before\":{\"serial\":{\"value\":"
	    "\"NK-0042\"}}}");
	records_lock_id(d, id, &basis, &note);
	assert_string_equal(id, "serial:nuki:NK-0042");
	assert_string_equal(basis, "serial");
	assert_null(note);
	cJSON_Delete(d);
	d = cJSON_Parse("{\"address\":\"C4:7C:8D:6A:12:01\","
	    "\"address_type\":\"public\",\"family\":null,\"model\":null}");
	records_lock_id(d, id, &basis, &note);
	assert_string_equal(id, "ble:unknown:unknown:C4:7C:8D:6A:12:01");
	assert_null(note);
	cJSON_Delete(d);
	d = cJSON_Parse("{\"uid_sha256\":\"ab12\",\"family\":\"x\"}");
	records_lock_id(d, id, &basis, &note);
	assert_string_equal(id, "nfc:ab12");
	assert_string_equal(basis, "nfc");
	cJSON_Delete(d);
}

static void
test_dates(void **state)
{
	(void)state;
	assert_true(records_date_ok("2026-03-01"));
	assert_true(records_date_ok("2026-03-01T10:00:00Z"));
	assert_true(records_date_ok("2026-03-01T10:00:00.123Z"));
	assert_false(records_date_ok("2026-3-01"));
	assert_false(records_date_ok("yesterday"));
	assert_false(records_date_ok("2026-03-01 10:00"));
	assert_false(records_date_ok("2026-03-01T"));
	assert_false(records_date_ok("2026-03-01T10:00' OR 1=1"));
}

static void
test_add_once_and_filters(void **state)
{
	struct records		*r;
	struct records_filter	 f;
	struct report_check	 chk;
	char			 db[128], p[4][128];
	bool			 added, refused;
	long			 i;

	(void)state;
	snprintf(db, sizeof db, "%s/db", t_dir);
	assert_int_equal(records_open(db, &r, NULL), LS_OK);
	assert_string_equal(records_backend(r), "sqlite");
	assert_int_equal(records_schema_version(r), RECORDS_SCHEMA_VERSION);
	for (i = 0; i < 4; i++) {
		char	name[32];

		snprintf(name, sizeof name, "r%ld.json", i);
		t_report(i, NULL, name, p[i], sizeof p[i]);
		assert_int_equal(records_add_file(r, p[i], &added, &refused,
		    &chk, NULL), LS_OK);
		assert_true(added);
		assert_false(chk.is_signed);
	}
	assert_int_equal(records_add_file(r, p[2], &added, &refused, NULL,
	    NULL), LS_OK);
	assert_false(added);
	memset(&f, 0, sizeof f);
	assert_int_equal(t_count(r, &f), 4);
	f.site = "Site 0";
	assert_int_equal(t_count(r, &f), 2);
	f.site = NULL;
	/* Lock 0 is reports 0 and 3 (3 locks); by id, by address. */
	f.lock = "ble:ttlock:room-lock:C4:7C:8D:6A:00:00";
	assert_int_equal(t_count(r, &f), 2);
	f.lock = "c4:7c:8d:6a:00:00";
	assert_int_equal(t_count(r, &f), 2);
	f.lock = NULL;
	f.technician = "Tech 1";
	assert_int_equal(t_count(r, &f), 1);
	f.technician = NULL;
	f.since = "2024-01-01T02:00:00Z";
	assert_int_equal(t_count(r, &f), 2);
	f.until = "2024-01-01";
	assert_int_equal(t_count(r, &f), 2);
	f.since = NULL;
	f.until = "2023-12-31";
	assert_int_equal(t_count(r, &f), 0);
	f.until = NULL;
	f.outcome = "completed";
	assert_int_equal(t_count(r, &f), 4);
	f.outcome = "aborted";
	assert_int_equal(t_count(r, &f), 0);
	records_close(r);
}

static void
t_site_row(const char *const *row, void *arg)
{
	snprintf(arg, 128, "%s", row[RC_SITE]);
}

static void
t_remedy_row(const char *const *row, void *arg)
{
	snprintf(arg, 128, "%s %s", row[RC_REMEDY] != NULL ? row[RC_REMEDY] :
	    "-", row[RC_BATTERY_REPLACED] != NULL ? row[RC_BATTERY_REPLACED] :
	    "-");
}

static void
test_text_stays_text(void **state)
{
	static const char	 evil[] = "x'); DROP TABLE visits; --";
	struct records		*r;
	struct records_filter	 f;
	char			 db[128], p[128], got[128];
	bool			 added, refused;

	(void)state;
	snprintf(db, sizeof db, "%s/db2", t_dir);
	assert_int_equal(records_open(db, &r, NULL), LS_OK);
	t_report(0, evil, "evil.json", p, sizeof p);
	assert_int_equal(records_add_file(r, p, &added, &refused, NULL, NULL),
	    LS_OK);
	memset(&f, 0, sizeof f);
	f.site = evil;
	got[0] = '\0';
	assert_int_equal(records_list(r, &f, t_site_row, got, NULL), LS_OK);
	assert_string_equal(got, evil);
	f.site = "x' OR '1'='1";
	assert_int_equal(t_count(r, &f), 0);
	records_close(r);
}

static void
test_refused_leaves_nothing(void **state)
{
	struct records		*r;
	struct records_filter	 f;
	struct ls_errbuf	 eb;
	char			 db[128], p[128], *text;
	const char		*notreport = "{\"schema\":\"other\"}";
	bool			 added, refused;
	FILE			*fp;
	long			 n;

	(void)state;
	snprintf(db, sizeof db, "%s/db3", t_dir);
	assert_int_equal(records_open(db, &r, NULL), LS_OK);
	t_report(5, NULL, "ok.json", p, sizeof p);
	fp = fopen(p, "r");
	assert_non_null(fp);
	text = calloc(1, 1 << 20);
	n = (long)fread(text, 1, (1 << 20) - 1, fp);
	fclose(fp);
	/* Changed: the technician. */
	assert_non_null(strstr(text, "Tech 5"));
	strstr(text, "Tech 5")[5] = '6';
	ls_err_clear(&eb);
	assert_int_equal(records_add_text(r, text, (size_t)n, &added,
	    &refused, NULL, &eb), LS_EFAIL);
	assert_true(refused);
	/* Cut short; and not a report at all. */
	assert_int_equal(records_add_text(r, text, (size_t)n / 2, &added,
	    &refused, NULL, NULL), LS_EINPUT);
	assert_true(refused);
	assert_int_equal(records_add_text(r, notreport, strlen(notreport),
	    &added, &refused, NULL, NULL), LS_EINPUT);
	memset(&f, 0, sizeof f);
	assert_int_equal(t_count(r, &f), 0);
	free(text);
	records_close(r);
}

static void
test_newer_schema_refused(void **state)
{
	struct records		*r;
	struct ls_errbuf	 eb;
	sqlite3			*s;
	char			 db[128];

	(void)state;
	snprintf(db, sizeof db, "%s/db4", t_dir);
	assert_int_equal(records_open(db, &r, NULL), LS_OK);
	records_close(r);
	assert_int_equal(sqlite3_open(db, &s), SQLITE_OK);
	assert_int_equal(sqlite3_exec(s, "UPDATE meta SET value = '99' "
	    "WHERE name = 'schema_version'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
	ls_err_clear(&eb);
	assert_int_equal(records_open(db, &r, &eb), LS_EINPUT);
	assert_null(r);
	assert_non_null(strstr(eb.msg, "version 99 is newer"));
	/* A database of something else is refused too. */
	snprintf(db, sizeof db, "%s/other", t_dir);
	assert_int_equal(sqlite3_open(db, &s), SQLITE_OK);
	assert_int_equal(sqlite3_exec(s, "CREATE TABLE meta (name TEXT "
	    "PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES "
	    "('schema_version', '1')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
	ls_err_clear(&eb);
	assert_int_equal(records_open(db, &r, &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "not a lockscope records"));
}

/* A report carrying a remedy (reports of the remedy-aware visit). */
static void
test_remedy_stored(void **state)
{
	struct records		*r;
	struct records_filter	 f;
	cJSON			*tmpl = t_load(T_TEMPLATE), *t, *rem;
	char			 db[128], p[128], got[128];
	bool			 added, refused;

	(void)state;
	assert_non_null(tmpl);
	rem = cJSON_CreateObject();
	cJSON_AddStringToObject(rem, "id", "battery");
	cJSON_AddStringToObject(rem, "advised", "battery");
	cJSON_AddStringToObject(rem, "chosen_by", "triage-accepted");
	cJSON_AddNullToObject(rem, "reason");
	cJSON_AddStringToObject(rem, "chosen", "2024-01-01T00:10:00.000Z");
	cJSON_AddTrueToObject(rem, "battery_replaced");
	t_set(tmpl, "remedy", rem);
	t = t_make(tmpl, 0, 1, 1, NULL, NULL);
	assert_non_null(t);
	snprintf(p, sizeof p, "%s/remedy.json", t_dir);
	assert_int_equal(t_write(p, t), 0);
	snprintf(db, sizeof db, "%s/db5", t_dir);
	assert_int_equal(records_open(db, &r, NULL), LS_OK);
	assert_int_equal(records_add_file(r, p, &added, &refused, NULL, NULL),
	    LS_OK);
	assert_true(added);
	memset(&f, 0, sizeof f);
	got[0] = '\0';
	assert_int_equal(records_list(r, &f, t_remedy_row, got, NULL), LS_OK);
	assert_string_equal(got, "battery true");
	records_close(r);
	cJSON_Delete(t);
	cJSON_Delete(tmpl);
}

static int
t_num(const char *s, long *out)
{
	char	*end;

	*out = strtol(s, &end, 10);
	return *s != '\0' && *end == '\0' && *out > 0 && *out <= 10000000;
}

int
main(int argc, char **argv)
{
	long			 n, locks, sites;
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(test_lock_id),
		cmocka_unit_test(test_dates),
		cmocka_unit_test_setup_teardown(test_add_once_and_filters,
		    t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(test_text_stays_text,
		    t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(test_refused_leaves_nothing,
		    t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused,
		    t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(test_remedy_stored,
		    t_setup, t_teardown),
	};

	if (argc == 7 && strcmp(argv[1], "--gen") == 0) {
		if (!t_num(argv[4], &n) || !t_num(argv[5], &locks) ||
		    !t_num(argv[6], &sites)) {
			fprintf(stderr, "test_records --gen: bad number\n");
			return 64;
		}
		return t_gen(argv[2], argv[3], n, locks, sites);
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
