/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_report.c - unit tests for src/visit/report.c and key.c: RFC 8785
 * vectors, digest, signature, every single-byte edit of a signed report,
 * edits of each field, strict JSON, atomic write under injected faults.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
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

#include "util/durable.h"
#include "util/hex.h"
#include "visit/key.h"
#include "visit/report.h"
#include "tests/unit/visit_test.h"

/*
 * The canonical form itself is util/json_canon.c (test_json_canon.c has
 * the RFC 8785 vectors); report_number and report_canonical hand over
 * to it.
 */
static void
test_numbers(void **state)
{
	char	out[40];

	(void)state;
	assert_true(report_number(3.01, out, sizeof out));
	assert_string_equal(out, "3.01");
	assert_true(report_number(1795435471000000.0, out, sizeof out));
	assert_string_equal(out, "1795435471000000");
	assert_true(report_number(1e21, out, sizeof out));
	assert_string_equal(out, "1e+21");
	assert_false(report_number(NAN, out, sizeof out));
	assert_false(report_number(INFINITY, out, sizeof out));
}

static void
rt_canon(const char *in, const char *want)
{
	cJSON	*o = cJSON_Parse(in);
	char	*s;
	size_t	 n;

	assert_non_null(o);
	assert_int_equal(report_canonical(o, false, &s, &n, NULL), LS_OK);
	assert_string_equal(s, want);
	assert_int_equal(strlen(s), n);
	free(s);
	cJSON_Delete(o);
}

/* A few vectors through the report's entry point, and skip_integrity. */
static void
test_canonical_vectors(void **state)
{
	cJSON	*o;
	char	*s;
	size_t	 n;

	(void)state;
	rt_canon("{\"b\":[],\"a\":{},\"c\":\"\\b\\f\\t\\r\\u001f\"}",
	    "{\"a\":{},\"b\":[],\"c\":\"\\b\\f\\t\\r\\u001f\"}");
	/* Refused: duplicate names, invalid UTF-8. */
	o = cJSON_Parse("{\"a\":1,\"b\":{\"x\":1,\"x\":2}}");
	assert_int_equal(report_canonical(o, false, &s, &n, NULL), LS_EINPUT);
	cJSON_Delete(o);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "a", "\xc0\xaf");
	assert_int_equal(report_canonical(o, false, &s, &n, NULL), LS_EINPUT);
	cJSON_Delete(o);
	/* skip_integrity leaves out the top-level member only. */
	rt_canon("{\"integrity\":{\"integrity\":1}}",
	    "{\"integrity\":{\"integrity\":1}}");
	o = cJSON_Parse("{\"z\":{\"integrity\":1},\"integrity\":{}}");
	assert_int_equal(report_canonical(o, true, &s, &n, NULL), LS_OK);
	assert_string_equal(s, "{\"z\":{\"integrity\":1}}");
	free(s);
	cJSON_Delete(o);
}

/*
 * A report signed by lockscope before its canonical form moved to
 * util/json_canon.c (tests/vectors/report/README): it must still
 * verify, and the file must still be exactly its canonical form.
 */
static void
test_old_signed_report(void **state)
{
	struct report_check	 chk;
	struct ls_errbuf	 eb;
	cJSON			*tree;
	FILE			*f;
	char			*buf, *s;
	size_t			 n, len;

	(void)state;
	f = fopen("tests/vectors/report/signed-0.1.0.json", "rb");
	assert_non_null(f);
	buf = malloc(65536);
	assert_non_null(buf);
	n = fread(buf, 1, 65536, f);
	fclose(f);
	ls_err_clear(&eb);
	if (report_verify(buf, n, NULL, &chk, &tree, &eb) != LS_OK)
		fail_msg("%s", eb.msg);
	assert_true(chk.is_signed);
	assert_string_equal(chk.sha256, "83ce8a02ce4bfead9ac19886eb3cce20907566"
	    "53d25695d69b51feccd71b0d6f");
	assert_string_equal(chk.fingerprint,
	    "SHA256:d3ac:1a0f:abec:aa16:a2bd:5e08:fe17:fcc7");
	assert_int_equal(report_canonical(tree, false, &s, &len, NULL), LS_OK);
	assert_int_equal(len + 1, n);
	assert_memory_equal(s, buf, len);
	assert_int_equal(buf[len], '\n');
	free(s);
	cJSON_Delete(tree);
	free(buf);
}

/*
 * The integrity section goes through the one JSON checker: each member
 * once, known, of its type (LS_EFAIL, "does not verify"); a second
 * top-level "integrity", which the canonical body leaves out, is not
 * JSON this tool wrote (LS_EINPUT).
 */
static void
test_integrity_checks(void **state)
{
	static const struct {
		const char	*from, *to;
		enum ls_err	 code;
		const char	*msg;
	} edits[] = {
		{ "\"algorithm\":", "\"colour\":1,\"algorithm\":", LS_EFAIL,
		  "integrity: unknown key 'colour' (line 1, column 1030)" },
		/* The first repeat in file order is the one named. */
		{ "\"algorithm\":", "\"sha256\":\"x\",\"algorithm\":",
		  LS_EFAIL, "integrity: duplicate key 'sha256' (line 1, "
		  "column 1181)" },
		{ "\"RFC8785\"", "8785", LS_EFAIL,
		  "integrity.canonicalization: must be a string, not a number "
		  "(line 1, column 1078)" },
		{ "\"canonicalization\":\"RFC8785\",", "", LS_EFAIL,
		  "integrity: missing key 'canonicalization' (line 1, column "
		  "1029)" },
		{ "\"outcome\":", "\"integrity\":{},\"outcome\":", LS_EINPUT,
		  "duplicate key 'integrity' (line 1, column 1388)" },
	};
	struct report_check	 chk;
	struct ls_errbuf	 eb;
	FILE			*f;
	char			*buf, *t, *at;
	size_t			 n, i, lf, lt;
	enum ls_err		 e;

	(void)state;
	f = fopen("tests/vectors/report/signed-0.1.0.json", "rb");
	assert_non_null(f);
	buf = calloc(1, 65536);
	t = calloc(1, 65536);
	assert_true(buf != NULL && t != NULL);
	n = fread(buf, 1, 65535, f);
	fclose(f);
	for (i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		/* Edit the integrity section (the last member). */
		lf = strlen(edits[i].from);
		lt = strlen(edits[i].to);
		at = strstr(strstr(buf, "\"integrity\":{"), edits[i].from);
		assert_non_null(at);
		memcpy(t, buf, (size_t)(at - buf));
		memcpy(t + (at - buf), edits[i].to, lt);
		memcpy(t + (at - buf) + lt, at + lf, n - (size_t)(at - buf) -
		    lf);
		ls_err_clear(&eb);
		e = report_verify(t, n - lf + lt, NULL, &chk, NULL, &eb);
		if (e != edits[i].code || strcmp(eb.msg, edits[i].msg) != 0)
			fail_msg("edit %zu: got %d \"%s\", want %d \"%s\"", i,
			    (int)e, eb.msg, (int)edits[i].code, edits[i].msg);
	}
	free(t);
	free(buf);
}

struct rt_keys {
	char		*dir;
	char		 path[256], path2[256];
	struct key	*k, *k2;
};

static void
rt_keys_make(struct rt_keys *t)
{
	t->dir = vt_tmpdir();
	snprintf(t->path, sizeof t->path, "%s/cfg/lockscope/technician.key",
	    t->dir);
	snprintf(t->path2, sizeof t->path2, "%s/other.key", t->dir);
	assert_int_equal(key_init(t->path, false, NULL, NULL), LS_OK);
	assert_int_equal(key_init(t->path2, false, NULL, NULL), LS_OK);
	assert_int_equal(key_load(t->path, &t->k, NULL), LS_OK);
	assert_int_equal(key_load(t->path2, &t->k2, NULL), LS_OK);
}

static void
rt_keys_free(struct rt_keys *t)
{
	key_free(t->k);
	key_free(t->k2);
	vt_rmdir(t->dir);
}

/* The sample visit's report text, sealed with k (NULL: digest only). */
static char *
rt_text(const struct key *k, size_t *n)
{
	struct visit	*v = vt_sample();
	cJSON		*r;
	char		*s;

	r = report_build(v, k != NULL ? key_public(k) : NULL, NULL);
	assert_non_null(r);
	assert_int_equal(report_seal(r, k, NULL), LS_OK);
	assert_int_equal(report_canonical(r, false, &s, n, NULL), LS_OK);
	cJSON_Delete(r);
	visit_free(v);
	return s;
}

static enum ls_err
rt_verify(const char *s, size_t n, const uint8_t *pk)
{
	struct report_check	chk;

	return report_verify(s, n, pk, &chk, NULL, NULL);
}

static void
test_sign_verify(void **state)
{
	struct report_check	 chk;
	struct rt_keys		 t;
	char			*s, *u, *pretty;
	size_t			 n, un;
	cJSON			*tree;

	(void)state;
	rt_keys_make(&t);
	s = rt_text(t.k, &n);
	assert_int_equal(report_verify(s, n, NULL, &chk, &tree, NULL), LS_OK);
	assert_true(chk.is_signed);
	assert_memory_equal(chk.public_key, key_public(t.k), KEY_PUBLIC_BYTES);
	assert_int_equal(rt_verify(s, n, key_public(t.k)), LS_OK);
	assert_int_equal(rt_verify(s, n, key_public(t.k2)), LS_EFAIL);
	/* Whitespace and member order are not content: still verifies. */
	pretty = cJSON_Print(tree);
	assert_int_equal(rt_verify(pretty, strlen(pretty), key_public(t.k)),
	    LS_OK);
	free(pretty);
	cJSON_Delete(tree);
	/* Digest only. */
	u = rt_text(NULL, &un);
	assert_int_equal(report_verify(u, un, NULL, &chk, NULL, NULL), LS_OK);
	assert_false(chk.is_signed);
	assert_int_equal(rt_verify(u, un, key_public(t.k)), LS_EFAIL);
	/* Not reports. */
	assert_int_equal(rt_verify("[]", 2, NULL), LS_EINPUT);
	assert_int_equal(rt_verify("{\"schema\":\"other/1\"}", 20, NULL),
	    LS_EINPUT);
	assert_int_equal(rt_verify("{\"schema\":\"lockscope-report/1\"}", 31,
	    NULL), LS_EFAIL);
	assert_int_equal(rt_verify("", 0, NULL), LS_EINPUT);
	free(s);
	free(u);
	rt_keys_free(&t);
}

/* Every byte of a signed report replaced by others: never verifies. */
static void
test_every_byte_edit(void **state)
{
	static const unsigned char repl[] = { 0x01, 0x20, '0', ' ', '"', '}' };
	struct rt_keys	 t;
	char		*s;
	size_t		 n, i, k, tried = 0;
	unsigned char	 orig, c;

	(void)state;
	rt_keys_make(&t);
	s = rt_text(t.k, &n);
	for (i = 0; i < n; i++) {
		orig = (unsigned char)s[i];
		for (k = 0; k < sizeof repl; k++) {
			c = k < 2 ? orig ^ repl[k] : repl[k];
			if (c == orig)
				continue;
			s[i] = (char)c;
			if (rt_verify(s, n, NULL) == LS_OK)
				fail_msg("byte %zu changed from 0x%02x to "
				    "0x%02x still verifies", i, orig, c);
			tried++;
		}
		s[i] = (char)orig;
	}
	/* Each byte left out. */
	for (i = 0; i < n; i += 3) {
		char	*cut = malloc(n);

		assert_non_null(cut);
		memcpy(cut, s, i);
		memcpy(cut + i, s + i + 1, n - i - 1);
		assert_int_not_equal(rt_verify(cut, n - 1, NULL), LS_OK);
		free(cut);
	}
	assert_true(tried > 5 * n);
	assert_int_equal(rt_verify(s, n, NULL), LS_OK);
	free(s);
	rt_keys_free(&t);
}

/* Edit one field of a parsed report, print it, expect a failure. */
static void
rt_edit(const char *s, const char *what, void (*fn)(cJSON *))
{
	cJSON	*o = cJSON_Parse(s);
	char	*e;

	assert_non_null(o);
	fn(o);
	e = cJSON_PrintUnformatted(o);
	if (rt_verify(e, strlen(e), NULL) == LS_OK)
		fail_msg("edit of %s verifies", what);
	free(e);
	cJSON_Delete(o);
}

static cJSON *
rt_at(cJSON *o, const char *a, int idx, const char *b)
{
	o = cJSON_GetObjectItemCaseSensitive(o, a);
	if (idx >= 0)
		o = cJSON_GetArrayItem(o, idx);
	if (b != NULL)
		o = cJSON_GetObjectItemCaseSensitive(o, b);
	assert_non_null(o);
	return o;
}

static void
ed_status(cJSON *o)
{
	cJSON_SetValuestring(rt_at(o, "steps", 5, "status"), "passed");
}

static void
ed_tech(cJSON *o)
{
	cJSON_SetValuestring(rt_at(o, "visit", -1, "technician"), "Someone");
}

static void
ed_battery(cJSON *o)
{
	cJSON_SetNumberValue(rt_at(rt_at(o, "devices", 0, "readings_before"),
	    "battery_percent", -1, "value"), 81);
}

static void
ed_outcome(cJSON *o)
{
	cJSON_SetValuestring(rt_at(o, "outcome", -1, "result"), "completed");
}

static void
ed_owner(cJSON *o)
{
	cJSON_ReplaceItemInObject(rt_at(o, "authorization", -1, NULL),
	    "ownership_verified", cJSON_CreateFalse());
}

static void
ed_drop_step(cJSON *o)
{
	cJSON_DeleteItemFromArray(rt_at(o, "steps", -1, NULL), 6);
}

static void
ed_swap_steps(cJSON *o)
{
	cJSON	*a = rt_at(o, "steps", -1, NULL);

	cJSON_AddItemToArray(a, cJSON_DetachItemFromArray(a, 0));
}

static void
ed_add_member(cJSON *o)
{
	cJSON_AddStringToObject(rt_at(o, "visit", -1, NULL), "extra", "x");
}

/* Downgrade: drop the signature, claim a plain digest. */
static void
ed_unsign(cJSON *o)
{
	cJSON	*in = rt_at(o, "integrity", -1, NULL);

	cJSON_SetValuestring(rt_at(in, "algorithm", -1, NULL), "sha256");
	cJSON_ReplaceItemInObject(in, "signature", cJSON_CreateNull());
	cJSON_ReplaceItemInObject(in, "public_key", cJSON_CreateNull());
}

static void
ed_sig(cJSON *o)
{
	cJSON	*it = rt_at(o, "integrity", -1, "signature");
	char	*s = it->valuestring;

	s[0] = s[0] == '0' ? '1' : '0';
}

static void
ed_canon(cJSON *o)
{
	cJSON_SetValuestring(rt_at(o, "integrity", -1, "canonicalization"),
	    "none");
}

static void
ed_no_integrity(cJSON *o)
{
	cJSON_DeleteItemFromObject(o, "integrity");
}

static void
test_field_edits(void **state)
{
	struct rt_keys	 t;
	char		*s;
	size_t		 n;

	(void)state;
	rt_keys_make(&t);
	s = rt_text(t.k, &n);
	rt_edit(s, "a step status", ed_status);
	rt_edit(s, "the technician", ed_tech);
	rt_edit(s, "a reading", ed_battery);
	rt_edit(s, "the outcome", ed_outcome);
	rt_edit(s, "the authorization", ed_owner);
	rt_edit(s, "a step removed", ed_drop_step);
	rt_edit(s, "step order", ed_swap_steps);
	rt_edit(s, "an added member", ed_add_member);
	rt_edit(s, "the signature stripped", ed_unsign);
	rt_edit(s, "the signature", ed_sig);
	rt_edit(s, "the canonicalization", ed_canon);
	rt_edit(s, "integrity removed", ed_no_integrity);
	free(s);
	rt_keys_free(&t);
}

/* Text cJSON reads leniently is refused before it is read. */
static void
test_strict_json(void **state)
{
	static const char *const bad[] = {
		"{\"schema\":\"lockscope-report/1\",\"n\":01}",
		"{\"schema\":\"lockscope-report/1\",\"n\":+1}",
		"{\"schema\":\"lockscope-report/1\",\"n\":.5}",
		"{\"schema\":\"lockscope-report/1\",\"n\":1.}",
		"{\"schema\":\"lockscope-report/1\",\"s\":\"a\\u0000b\"}",
		"{\"schema\":\"lockscope-report/1\",\"s\":\"\\ud800\"}",
		"{\"schema\":\"lockscope-report/1\",\"s\":\"\\udc00x\"}",
		"{\"schema\":\"lockscope-report/1\",\"s\":\"a\tb\"}",
		"{\"schema\":\"lockscope-report/1\",\"s\":\"\xc0\xaf\"}",
		"{\"schema\":\"lockscope-report/1\",\"s\":\"\\x\"}",
		"{\"schema\":\"lockscope-report/1\"} x",
		"{\"schema\":\"lockscope-report/1\",}",
		"{\"schema\":\"lockscope-report/1\",\"a\":[1,]}",
		"{\"schema\":\"lockscope-report/1\",\"n\":"
		    "1.0000000000000000000000000000000000000000001}",
		"{\"schema\":\"lockscope-report/1\",\"a\":1,\"a\":2,"
		    "\"integrity\":{\"algorithm\":\"sha256\","
		    "\"canonicalization\":\"RFC8785\","
		    "\"sha256\":\"00000000000000000000000000000000"
		    "00000000000000000000000000000000\",\"signature\":null,"
		    "\"public_key\":null}}",
		"{\"schema\":\"lockscope-report/1\"",
		"nul",
	};
	char	deep[300];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (rt_verify(bad[i], strlen(bad[i]), NULL) != LS_EINPUT)
			fail_msg("accepted as JSON: %s", bad[i]);
	memset(deep, '[', 100);
	memset(deep + 100, ']', 100);
	deep[200] = '\0';
	assert_int_equal(rt_verify(deep, 200, NULL), LS_EINPUT);
}

static void
test_status_map(void **state)
{
	struct visit	*v = vt_sample();
	cJSON		*r, *s;

	(void)state;
	assert_string_equal(report_status(VS_PASSED), "passed");
	assert_string_equal(report_status(VS_FAILED), "failed");
	assert_string_equal(report_status(VS_RUNNING), "failed");
	assert_string_equal(report_status(VS_SKIPPED), "skipped");
	assert_string_equal(report_status(VS_BLOCKED), "skipped");
	assert_string_equal(report_status(VS_PENDING), "skipped");
	v->steps[3].status = VS_BLOCKED;
	v->steps[4].status = VS_RUNNING;
	v->steps[6].status = VS_PENDING;
	r = report_build(v, NULL, NULL);
	s = cJSON_GetObjectItemCaseSensitive(r, "steps");
	assert_int_equal(cJSON_GetArraySize(s), 7);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetArrayItem(s, 3), "state")->valuestring, "blocked");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetArrayItem(s, 4), "status")->valuestring, "failed");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetArrayItem(s, 4), "state")->valuestring, "interrupted");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetArrayItem(s, 6), "state")->valuestring, "not-run");
	cJSON_Delete(r);
	visit_free(v);
}

/*
 * Each device's battery at the end and at the start, in the object every
 * output shares (util/battery.h): from the readings after, else before.
 */
static void
test_device_battery(void **state)
{
	struct visit		*v = vt_sample();
	struct visit_device	 d;
	struct reading		 r;
	cJSON			*rep, *dev;
	char			*a, *b;
	size_t			 at;

	(void)state;
	memset(&d, 0, sizeof d);
	snprintf(d.address, sizeof d.address, "C4:7C:8D:6A:12:01");
	assert_int_equal(visit_device_add(v, &d, &at, NULL), LS_OK);
	reading_int(&r, RD_OBSERVED, 12, "advertisement", 0);
	assert_int_equal(visit_device_reading(v, at,
	    VISIT_BEFORE, "battery_percent", &r, NULL), LS_OK);
	reading_real(&r, RD_OBSERVED, 5.9, "gatt 2bf0", 0);
	assert_int_equal(visit_device_reading(v, at,
	    VISIT_BEFORE, "battery_volts", &r, NULL), LS_OK);
	rep = report_build(v, NULL, NULL);
	dev = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(rep,
	    "devices"), (int)at);
	a = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(dev,
	    "battery"));
	b = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(dev,
	    "battery_before"));
	assert_string_equal(a, "{\"percent\":12,\"volts\":5.9,"
	    "\"source\":\"advertisement+gatt\"}");
	assert_string_equal(b, a);
	free(a);
	free(b);
	cJSON_Delete(rep);

	/* A new battery, attested after: the end differs from the start. */
	reading_int(&r, RD_ATTESTED, 100, "technician", 0);
	assert_int_equal(visit_device_reading(v, at,
	    VISIT_AFTER, "battery_percent", &r, NULL), LS_OK);
	rep = report_build(v, NULL, NULL);
	dev = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(rep,
	    "devices"), (int)at);
	a = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(dev,
	    "battery"));
	assert_string_equal(a, "{\"percent\":100,\"volts\":null,"
	    "\"source\":\"technician\"}");
	free(a);
	cJSON_Delete(rep);
	visit_free(v);
}

/* Fault injection for the atomic write. */
static int	rt_fail_write;

static ssize_t
rt_write(int fd, const void *p, size_t n)
{
	if (rt_fail_write) {
		/* Part of the report reaches the file, then the disk fills. */
		if (n > 10 && write(fd, p, n / 3) < 0)
			return -1;
		rt_fail_write = 0;
		errno = ENOSPC;
		return -1;
	}
	return write(fd, p, n);
}

static int
rt_sync_fail(int fd)
{
	(void)fd;
	errno = EIO;
	return -1;
}

/* Names in dir, space-separated, sorted by readdir order. */
static void
rt_ls(const char *dir, char *out, size_t cap)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;

	assert_non_null(d);
	out[0] = '\0';
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(out + strlen(out), cap - strlen(out), "%s ",
		    e->d_name);
	}
	closedir(d);
}

static void
jt_touch(const char *p)
{
	FILE	*f = fopen(p, "w");

	assert_non_null(f);
	fclose(f);
}

static void
test_atomic_write(void **state)
{
	struct report_check	 chk;
	struct ls_errbuf	 eb;
	struct visit		*v = vt_sample();
	char			*dir = vt_tmpdir(), path[256], ls[512];
	char			*before, *after, sub[256];
	size_t			 bn, an;
	struct stat		 st;

	(void)state;
	snprintf(path, sizeof path, "%s/report.json", dir);
	assert_int_equal(report_save(path, v, NULL, NULL), LS_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(report_verify_file(path, NULL, &chk, NULL, NULL),
	    LS_OK);
	assert_int_equal(durable_read_file(path, 1 << 24, &before, &bn, NULL),
	    LS_OK);
	assert_int_equal(before[bn - 1], '\n');

	/* A write fails part-way: old report intact, no temporary file. */
	visit_set_intake(v, "Changed", NULL, NULL);
	rt_fail_write = 1;
	durable_set_hooks(rt_write, NULL);
	ls_err_clear(&eb);
	assert_int_equal(report_save(path, v, NULL, &eb), LS_EIO);
	assert_non_null(strstr(eb.msg, "report.json"));
	/* The sync fails. */
	durable_set_hooks(NULL, rt_sync_fail);
	assert_int_equal(report_save(path, v, NULL, NULL), LS_EIO);
	durable_set_hooks(NULL, NULL);
	rt_ls(dir, ls, sizeof ls);
	assert_string_equal(ls, "report.json ");
	assert_int_equal(durable_read_file(path, 1 << 24, &after, &an, NULL),
	    LS_OK);
	assert_int_equal(an, bn);
	assert_memory_equal(after, before, bn);
	free(after);

	/* Leftovers of a killed write are removed; nothing else is. */
	snprintf(sub, sizeof sub, "%s/.report.json.AbC123", dir);
	jt_touch(sub);
	snprintf(sub, sizeof sub, "%s/.report.json.keep", dir);
	jt_touch(sub);
	snprintf(sub, sizeof sub, "%s/.other.json.AbC123", dir);
	jt_touch(sub);
	assert_int_equal(report_remove_stale(path), 1);
	rt_ls(dir, ls, sizeof ls);
	assert_non_null(strstr(ls, ".report.json.keep"));
	assert_non_null(strstr(ls, ".other.json.AbC123"));
	assert_null(strstr(ls, ".report.json.AbC123"));

	/* A directory that cannot be written: nothing created. */
	snprintf(sub, sizeof sub, "%s/ro", dir);
	assert_int_equal(mkdir(sub, 0500), 0);
	snprintf(path, sizeof path, "%s/ro/report.json", dir);
	if (geteuid() != 0) {
		assert_int_not_equal(report_save(path, v, NULL, NULL), LS_OK);
		rt_ls(sub, ls, sizeof ls);
		assert_string_equal(ls, "");
	}
	/* A missing directory. */
	snprintf(path, sizeof path, "%s/none/report.json", dir);
	assert_int_not_equal(report_save(path, v, NULL, NULL), LS_OK);
	free(before);
	chmod(sub, 0700);
	visit_free(v);
	vt_rmdir(dir);
}

static void
test_no_secret_in_report(void **state)
{
	struct visit	*v = vt_sample();
	struct reading	 r;
	char		*s;
	size_t		 n;
	cJSON		*o;

	(void)state;
	reading_text(&r, RD_ATTESTED, "4711", "technician", VT_AT);
	assert_int_equal(visit_step_evidence(v, 4, "user_pin", &r, NULL),
	    LS_EINPUT);
	assert_int_equal(visit_device_reading(v, 0, VISIT_AFTER,
	    "admin_passcode", &r, NULL), LS_EINPUT);
	o = report_build(v, NULL, NULL);
	assert_int_equal(report_canonical(o, false, &s, &n, NULL), LS_OK);
	assert_null(strstr(s, "4711"));
	assert_non_null(strstr(s, "\"codes_active\""));
	free(s);
	cJSON_Delete(o);
	visit_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_canonical_vectors),
		cmocka_unit_test(test_old_signed_report),
		cmocka_unit_test(test_integrity_checks),
		cmocka_unit_test(test_sign_verify),
		cmocka_unit_test(test_every_byte_edit),
		cmocka_unit_test(test_field_edits),
		cmocka_unit_test(test_strict_json),
		cmocka_unit_test(test_status_map),
		cmocka_unit_test(test_device_battery),
		cmocka_unit_test(test_atomic_write),
		cmocka_unit_test(test_no_secret_in_report),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
