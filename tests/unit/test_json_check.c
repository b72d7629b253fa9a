/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_json_check.c - unit tests for src/util/json_check.c: parsing with
 * positions, key tables (unknown, duplicate, missing keys, wrong types),
 * maps, paths, finding a node again in the text, line and column, and
 * the one shape of every message.
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

#include "util/json_check.h"

struct tj {
	struct ls_errbuf	 eb;
	struct jc		 c;
	cJSON			*root;
};

/* Parse text (which must stay alive) as file "t.json"; expect success. */
static void
tj_parse(struct tj *t, const char *text)
{
	ls_err_clear(&t->eb);
	jc_init(&t->c, "t.json", &t->eb);
	if (jc_parse(&t->c, text, strlen(text), 0, &t->root) != LS_OK)
		fail_msg("parse: %s", t->eb.msg);
	assert_ptr_equal(t->c.root, t->root);
}

static void
tj_free(struct tj *t)
{
	cJSON_Delete(t->root);
	t->root = NULL;
}

/* jc_parse of n bytes must fail with exactly msg. */
static void
tj_parse_bad(const char *text, size_t n, unsigned flags, const char *msg)
{
	struct ls_errbuf	 eb;
	struct jc		 c;
	cJSON			*root = (cJSON *)1;

	ls_err_clear(&eb);
	jc_init(&c, "t.json", &eb);
	assert_int_equal(jc_parse(&c, text, n, flags, &root), LS_EINPUT);
	assert_null(root);
	if (strcmp(eb.msg, msg) != 0)
		fail_msg("got \"%s\", want \"%s\"", eb.msg, msg);
}

static void
test_parse(void **state)
{
	struct tj	t;

	(void)state;
	tj_parse(&t, "{\"a\": [1, 2]}\n\t \r\n");
	assert_true(cJSON_IsObject(t.root));
	tj_free(&t);
	/* A byte-order mark is skipped, as cJSON does. */
	tj_parse(&t, "\xef\xbb\xbf{}");
	tj_free(&t);
	tj_parse_bad("{\n  \"a\": 1,\n  \"b\": }\n", 21, 0,
	    "t.json: not valid JSON (line 3, column 8)");
	tj_parse_bad("{\"a\":", 5, 0,
	    "t.json: not valid JSON (line 1, column 6)");
	tj_parse_bad("", 0, 0, "t.json: not valid JSON (line 1, column 1)");
	tj_parse_bad("{\n \0}", 4, 0, "t.json: NUL byte (line 2, column 2)");
	tj_parse_bad("{} x", 4, 0,
	    "t.json: text after the JSON value (line 1, column 4)");
	tj_parse_bad("[1]\n\n  ]", 8, 0,
	    "t.json: text after the JSON value (line 3, column 3)");
	/* cJSON reads these; the strict grammar does not. */
	tj_parse_bad("{\"n\": 01}", 9, JC_STRICT,
	    "t.json: not valid JSON: expected ',' or a closing bracket "
	    "(line 1, column 8)");
	tj_parse_bad("{\n\"s\": \"a\\u0000\"}", 16, JC_STRICT,
	    "t.json: not valid JSON: \\u0000 in a string (line 2, column 14)");
	tj_parse_bad("[\"\xc0\xaf\"]", 5, JC_STRICT,
	    "t.json: not valid JSON: invalid UTF-8 (line 1, column 3)");
	/* Issue 18: every input gets the strict grammar, after cJSON's
	   own checks (answers, profiles, scenarios, journal records). */
	tj_parse_bad("{\n\"s\": \"a\\u0000b\"}", 18, 0,
	    "t.json: not valid JSON: \\u0000 in a string (line 2, column 14)");
	tj_parse_bad("{\"n\": 01}", 9, 0,
	    "t.json: not valid JSON: expected ',' or a closing bracket "
	    "(line 1, column 8)");
	tj_parse_bad("\xef\xbb\xbf[\"\xc0\xaf\"]", 9, 0,
	    "t.json: not valid JSON: invalid UTF-8 (line 1, column 6)");
}

/* A key twice at any depth, for input read without key tables. */
static void
test_no_dups(void **state)
{
	struct tj	t;

	(void)state;
	tj_parse(&t, "{\"a\": [{\"x\": 1, \"y\": 2}], \"b\": {}}");
	assert_int_equal(jc_no_dups(&t.c, t.root), LS_OK);
	tj_free(&t);
	tj_parse(&t, "{\"a\": [{\"x\": 1,\n \"x\": 2}]}");
	assert_int_equal(jc_no_dups(&t.c, t.root), LS_EINPUT);
	assert_string_equal(t.eb.msg, "t.json: a[0]: duplicate key 'x' "
	    "(line 2, column 2)");
	tj_free(&t);
}

static const struct jc_key tj_keys[] = {
	{ "id", JC_STRING, true },
	{ "n", JC_NUMBER, false },
	{ "opt", JC_STRING | JC_NULL, false },
	{ "list", JC_ARRAY, true },
	{ "flag", JC_BOOL, false },
	{ "any", JC_ANY, false },
	{ NULL, 0, false }
};

/* jc_object on the object at path "obj" of text: expect msg (NULL: ok). */
static void
tj_object(const char *text, const char *msg)
{
	struct tj	t;
	enum ls_err	e;

	tj_parse(&t, text);
	e = jc_object(&t.c, cJSON_GetObjectItemCaseSensitive(t.root, "obj"),
	    tj_keys);
	if (msg == NULL) {
		if (e != LS_OK)
			fail_msg("%s: %s", text, t.eb.msg);
	} else if (e != LS_EINPUT || strcmp(t.eb.msg, msg) != 0)
		fail_msg("%s: got \"%s\" (%d), want \"%s\"", text, t.eb.msg,
		    (int)e, msg);
	tj_free(&t);
}

static void
test_object(void **state)
{
	(void)state;
	tj_object("{\"obj\": {\"id\": \"x\", \"list\": [], \"any\": {}}}",
	    NULL);
	tj_object("{\"obj\": {\"id\": \"x\", \"list\": [], \"opt\": null, "
	    "\"n\": -1.5, \"flag\": false, \"any\": 3}}", NULL);
	/* The path names the object, the position the member's name. */
	tj_object("{\"obj\": {\"id\": \"x\", \"list\": [],\n  \"colour\": 1}}",
	    "t.json: obj: unknown key 'colour' (line 2, column 3)");
	/* The second of two, wherever the first is. */
	tj_object("{\"obj\": {\"id\": \"x\", \"list\": [],\n\"id\": \"y\"}}",
	    "t.json: obj: duplicate key 'id' (line 2, column 1)");
	/* Missing: the position of the object. */
	tj_object("{\"obj\":\n  {\"list\": []}}",
	    "t.json: obj: missing key 'id' (line 2, column 3)");
	/* Wrong types: the position of the value. */
	tj_object("{\"obj\": {\"id\": 7, \"list\": []}}",
	    "t.json: obj.id: must be a string, not a number "
	    "(line 1, column 16)");
	tj_object("{\"obj\": {\"id\": \"x\", \"list\": {}}}",
	    "t.json: obj.list: must be an array, not an object "
	    "(line 1, column 29)");
	tj_object("{\"obj\": {\"id\": \"x\", \"list\": [], \"opt\": true}}",
	    "t.json: obj.opt: must be a string or null, not a boolean "
	    "(line 1, column 40)");
	tj_object("{\"obj\": {\"id\": \"x\", \"list\": [], \"flag\": \"yes\"}}",
	    "t.json: obj.flag: must be true or false, not a string "
	    "(line 1, column 41)");
	tj_object("{\"obj\": [1]}",
	    "t.json: obj: must be an object, not an array (line 1, column 9)");
	/* Unknown and duplicate keys come first, in file order. */
	tj_object("{\"obj\": {\"x\": 1, \"id\": 2}}",
	    "t.json: obj: unknown key 'x' (line 1, column 10)");
	/* Then missing keys and types, in table order. */
	tj_object("{\"obj\": {\"list\": 1, \"id\": 2}}",
	    "t.json: obj.id: must be a string, not a number "
	    "(line 1, column 27)");
	/* A hostile key is shown sanitised. */
	tj_object("{\"obj\": {\"\\u001b[2J\": 1}}",
	    "t.json: obj: unknown key '?[2J' (line 1, column 10)");
}

static void
test_map(void **state)
{
	struct tj	 t;
	char		*big;
	size_t		 i, w;

	(void)state;
	tj_parse(&t, "{\"m\": {\"a\": 1, \"b\": 2, \"c\": 3}}");
	assert_int_equal(jc_map(&t.c, t.root->child, 3), LS_OK);
	assert_int_equal(jc_map(&t.c, t.root->child, 2), LS_EINPUT);
	assert_string_equal(t.eb.msg, "t.json: m: more than 2 entries "
	    "(line 1, column 24)");
	tj_free(&t);
	tj_parse(&t, "{\"m\": {\"a\": 1, \"b\": 2, \"a\": 3, \"b\": 4}}");
	assert_int_equal(jc_map(&t.c, t.root->child, 1), LS_EINPUT);
	assert_string_equal(t.eb.msg, "t.json: m: more than 1 entries "
	    "(line 1, column 16)");
	ls_err_clear(&t.eb);
	assert_int_equal(jc_map(&t.c, t.root->child, 10), LS_EINPUT);
	assert_string_equal(t.eb.msg, "t.json: m: duplicate key 'a' "
	    "(line 1, column 24)");
	tj_free(&t);
	tj_parse(&t, "{\"m\": []}");
	assert_int_equal(jc_map(&t.c, t.root->child, 10), LS_EINPUT);
	assert_string_equal(t.eb.msg, "t.json: m: must be an object, not an "
	    "array (line 1, column 7)");
	tj_free(&t);

	/* Many keys (sorted, not compared pairwise): the first repeat in
	 * file order is named, not the first in key order. */
	big = malloc(64 * 1024);
	assert_non_null(big);
	w = (size_t)snprintf(big, 64 * 1024, "{");
	for (i = 0; i < 500; i++)
		w += (size_t)snprintf(big + w, 64 * 1024 - w,
		    "\"k%03zu\": %zu,", i, i);
	w += (size_t)snprintf(big + w, 64 * 1024 - w, "\"k400\": 0,\n"
	    "\"k100\": 0, \"k999\": 0}");
	tj_parse(&t, big);
	assert_int_equal(jc_map(&t.c, t.root, 1000), LS_EINPUT);
	assert_string_equal(t.eb.msg, "t.json: duplicate key 'k400' "
	    "(line 1, column 5892)");
	ls_err_clear(&t.eb);
	/* Past the cap only the count is judged. */
	assert_int_equal(jc_map(&t.c, t.root, 300), LS_EINPUT);
	assert_string_equal(t.eb.msg, "t.json: more than 300 entries "
	    "(line 1, column 3492)");
	tj_free(&t);
	free(big);
}

static void
test_paths_and_positions(void **state)
{
	static const char text[] =
	    "// not JSON here: positions count every byte\n"
	    "{\"ble\": [\n"
	    "  {\"id\": \"a\\\"]}\", \"gatt\": [{\"uuid\": \"180f\"}]},\n"
	    "  {\"id\": \"b\", \"gatt\": [{}, {\"uuid\": [1, {\"x\": null}]}]"
	    "}\n"
	    "], \"a.b\": {\"\": true}}\n";
	struct tj	 t;
	const cJSON	*b1, *u, *x, *e;
	char		 path[JC_PATH_MAX];
	size_t		 off, line, col;
	const char	*body = strchr(text, '{');

	(void)state;
	tj_parse(&t, body);
	b1 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(t.root,
	    "ble"), 1);
	u = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(
	    cJSON_GetObjectItemCaseSensitive(b1, "gatt"), 1), "uuid");
	x = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(u, 1), "x");
	e = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(t.root, "a.b"), "");
	assert_true(jc_path(&t.c, x, path, sizeof path));
	assert_string_equal(path, "ble[1].gatt[1].uuid[1].x");
	assert_true(jc_path(&t.c, e, path, sizeof path));
	assert_string_equal(path, "a.b.");
	assert_true(jc_path(&t.c, t.root, path, sizeof path));
	assert_string_equal(path, "");
	assert_false(jc_path(&t.c, NULL, path, sizeof path));
	/* The value, or the member name. */
	assert_true(jc_locate(&t.c, x, false, &off));
	assert_memory_equal(body + off, "null}", 5);
	assert_true(jc_locate(&t.c, x, true, &off));
	assert_memory_equal(body + off, "\"x\"", 3);
	assert_true(jc_locate(&t.c, u, false, &off));
	assert_memory_equal(body + off, "[1, {", 5);
	assert_true(jc_locate(&t.c, e, true, &off));
	assert_memory_equal(body + off, "\"\": true", 8);
	jc_linecol(body, strlen(body), off, &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 12);
	/* An array element has no name: the value. */
	assert_true(jc_locate(&t.c, b1, true, &off));
	assert_memory_equal(body + off, "{\"id\": \"b\"", 10);
	/* A message: path and position together. */
	ls_err_clear(&t.eb);
	assert_int_equal(jc_fail(&t.c, x, "not %s", "here"), LS_EINPUT);
	assert_string_equal(t.eb.msg, "t.json: ble[1].gatt[1].uuid[1].x: not "
	    "here (line 3, column 47)");
	tj_free(&t);
	/* A member named "" at the top has an empty path, like the root
	 * (found by fuzz_json_check), but a position of its own. */
	tj_parse(&t, "{\"id\": 1, \"\": {\"x\": [1]}}");
	e = cJSON_GetObjectItemCaseSensitive(t.root, "");
	assert_true(jc_path(&t.c, e, path, sizeof path));
	assert_string_equal(path, "");
	assert_true(jc_locate(&t.c, e, true, &off));
	assert_int_equal(off, 10);
	assert_true(jc_path(&t.c, e->child->child, path, sizeof path));
	assert_string_equal(path, "x[0]");
	tj_free(&t);
}

static void
test_messages(void **state)
{
	struct tj	 t;
	char		 q[8], path[16];
	cJSON		*o;
	size_t		 line, col;

	(void)state;
	tj_parse(&t, "[0, {\"k\": 1}]");
	/* The whole file: no path; a position when the root is given. */
	assert_int_equal(jc_fail(&t.c, NULL, "too big"), LS_EINPUT);
	assert_string_equal(t.eb.msg, "t.json: too big");
	ls_err_clear(&t.eb);
	jc_fail(&t.c, t.root, "must be an object");
	assert_string_equal(t.eb.msg, "t.json: must be an object "
	    "(line 1, column 1)");
	/* First error wins. */
	jc_fail(&t.c, t.root->child, "second");
	assert_string_equal(t.eb.msg, "t.json: must be an object "
	    "(line 1, column 1)");
	/* No file name: the message starts with the path. */
	ls_err_clear(&t.eb);
	t.c.file = NULL;
	t.c.code = LS_EFAIL;
	assert_int_equal(jc_fail_name(&t.c, t.root->child->next->child, "odd"),
	    LS_EFAIL);
	assert_string_equal(t.eb.msg, "[1]: odd (line 1, column 6)");
	assert_int_equal(t.eb.code, LS_EFAIL);
	/* By offset; SIZE_MAX: none. */
	ls_err_clear(&t.eb);
	jc_fail_at(&t.c, 3, "here");
	assert_string_equal(t.eb.msg, "here (line 1, column 4)");
	ls_err_clear(&t.eb);
	jc_fail_at(&t.c, SIZE_MAX, "nowhere");
	assert_string_equal(t.eb.msg, "nowhere");
	/* A node of another tree has no path and no position. */
	ls_err_clear(&t.eb);
	o = cJSON_CreateObject();
	jc_fail(&t.c, o, "stray");
	assert_string_equal(t.eb.msg, "stray");
	cJSON_Delete(o);
	/* Without the text: a path, no position. */
	ls_err_clear(&t.eb);
	t.c.text = NULL;
	jc_fail(&t.c, t.root->child, "zero");
	assert_string_equal(t.eb.msg, "[0]: zero");
	tj_free(&t);

	/* Types, names, quoting. */
	assert_string_equal(jc_type_name(NULL), "invalid");
	assert_int_equal(jc_type_of(NULL), 0);
	assert_string_equal(jc_quote("abc", q, sizeof q), "abc");
	assert_string_equal(jc_quote("abcdefgh", q, sizeof q), "abcd...");
	assert_string_equal(jc_quote("a\x1b[1m", q, sizeof q), "a?[1m");
	assert_string_equal(jc_quote("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", q,
	    sizeof q),
	    "\xc3\xa9\xc3\xa9...");
	/* A path longer than the buffer ends in "...". */
	tj_parse(&t, "{\"abcdefgh\": {\"ijklmnop\": {\"q\": 1}}}");
	jc_path(&t.c, t.root->child->child->child, path, sizeof path);
	assert_string_equal(path, "abcdefgh...");
	tj_free(&t);

	/* Line and column: bytes, 1-based; past the end is the end. */
	jc_linecol("ab\ncd\r\nef", 9, 0, &line, &col);
	assert_true(line == 1 && col == 1);
	jc_linecol("ab\ncd\r\nef", 9, 5, &line, &col);
	assert_true(line == 2 && col == 3);
	jc_linecol("ab\ncd\r\nef", 9, 7, &line, &col);
	assert_true(line == 3 && col == 1);
	jc_linecol("ab\ncd\r\nef", 9, 99, &line, &col);
	assert_true(line == 3 && col == 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_no_dups),
		cmocka_unit_test(test_object),
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_paths_and_positions),
		cmocka_unit_test(test_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
