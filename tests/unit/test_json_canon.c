/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_json_canon.c - unit tests for src/util/json_canon.c: the RFC 8785
 * canonical form byte for byte against published vectors, the
 * ECMAScript number form, what the canonical form refuses, and the
 * strict RFC 8259 grammar check.
 *
 * Vectors from other projects (data only; origins in the README there):
 *  - tests/vectors/jcs/: the JCS reference test data of
 *    cyberphone/json-canonicalization (testdata/input/ and
 *    testdata/output/, commit 19d51d7fe467d4706a3ff08adf8a748f29fc21e0);
 *  - RFC 8785 Appendix B, IEEE 754 bit patterns and their strings
 *    (https://www.rfc-editor.org/rfc/rfc8785#appendix-B);
 *  - the ES6 number test sequence described in that repository's
 *    testdata/README.md: its 168 fixed values, 2000 subnormal-boundary
 *    values, then doubles from a SHA-256 chain, with the SHA-256 of the
 *    first 1000 and 10000 "hex,expected" lines it publishes.  The
 *    sequence is generated here from that description.
 * Tests run from the top of the tree (make check).
 */
#include <math.h>
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
#include "util/json_canon.h"

#define TC_MAX	(1024 * 1024)

/* Read a whole file into a new NUL-terminated buffer. */
static char *
tc_read(const char *path, size_t *n)
{
	FILE	*f = fopen(path, "rb");
	char	*buf;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	buf = malloc(TC_MAX + 1);
	assert_non_null(buf);
	*n = fread(buf, 1, TC_MAX, f);
	assert_false(ferror(f));
	fclose(f);
	buf[*n] = '\0';
	return buf;
}

/* Canonical form of text, which must pass the strict check; caller frees. */
static char *
tc_canon(const char *text, size_t n, size_t *len)
{
	struct ls_errbuf	 eb;
	const char		*why;
	cJSON			*o;
	char			*out;
	size_t			 off;

	if (!jcs_strict(text, n, &off, &why))
		fail_msg("strict check: byte %zu: %s", off, why);
	o = cJSON_ParseWithLength(text, n);
	assert_non_null(o);
	ls_err_clear(&eb);
	if (jcs_canonical(o, NULL, TC_MAX, &out, len, &eb) != LS_OK)
		fail_msg("canonical: %s", eb.msg);
	cJSON_Delete(o);
	assert_int_equal(out[*len], '\0');
	return out;
}

/* Each input's canonical form is its output file, byte for byte. */
static void
test_vectors(void **state)
{
	static const char *const names[] = { "arrays", "french", "structures",
	    "unicode", "values", "weird" };
	char	 path[128], *in, *want, *got, *again;
	size_t	 i, nin, nwant, ngot, nagain;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "tests/vectors/jcs/input/%s.json",
		    names[i]);
		in = tc_read(path, &nin);
		snprintf(path, sizeof path, "tests/vectors/jcs/output/%s.json",
		    names[i]);
		want = tc_read(path, &nwant);
		got = tc_canon(in, nin, &ngot);
		if (ngot != nwant || memcmp(got, want, nwant) != 0)
			fail_msg("%s: got %s\nwant %s", names[i], got, want);
		/* The canonical form is a fixed point. */
		again = tc_canon(got, ngot, &nagain);
		assert_int_equal(nagain, ngot);
		assert_memory_equal(again, got, ngot);
		free(again);
		free(got);
		free(want);
		free(in);
	}
}

/* RFC 8785 Appendix B. */
static void
test_numbers_appendix_b(void **state)
{
	static const struct {
		uint64_t	 bits;
		const char	*want;
	} v[] = {
		{ 0x0000000000000000, "0" },
		{ 0x8000000000000000, "0" },
		{ 0x0000000000000001, "5e-324" },
		{ 0x8000000000000001, "-5e-324" },
		{ 0x7fefffffffffffff, "1.7976931348623157e+308" },
		{ 0xffefffffffffffff, "-1.7976931348623157e+308" },
		{ 0x4340000000000000, "9007199254740992" },
		{ 0xc340000000000000, "-9007199254740992" },
		{ 0x4430000000000000, "295147905179352830000" },
		{ 0x44b52d02c7e14af5, "9.999999999999997e+22" },
		{ 0x44b52d02c7e14af6, "1e+23" },
		{ 0x44b52d02c7e14af7, "1.0000000000000001e+23" },
		{ 0x444b1ae4d6e2ef4e, "999999999999999700000" },
		{ 0x444b1ae4d6e2ef4f, "999999999999999900000" },
		{ 0x444b1ae4d6e2ef50, "1e+21" },
		{ 0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7" },
		{ 0x3eb0c6f7a0b5ed8d, "0.000001" },
		{ 0x41b3de4355555553, "333333333.3333332" },
		{ 0x41b3de4355555554, "333333333.33333325" },
		{ 0x41b3de4355555555, "333333333.3333333" },
		{ 0x41b3de4355555556, "333333333.3333334" },
		{ 0x41b3de4355555557, "333333333.33333343" },
		{ 0xbecbf647612f3696, "-0.0000033333333333333333" },
		{ 0x43143ff3c1cb0959, "1424953923781206.2" },
	};
	char	out[40];
	double	d;
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		memcpy(&d, &v[i].bits, sizeof d);
		assert_true(jcs_number(d, out, sizeof out));
		if (strcmp(out, v[i].want) != 0)
			fail_msg("%016llx: got %s, want %s",
			    (unsigned long long)v[i].bits, out, v[i].want);
	}
	/* NaN and the infinities have no JSON form; out must hold 32. */
	assert_false(jcs_number(NAN, out, sizeof out));
	assert_false(jcs_number(INFINITY, out, sizeof out));
	assert_false(jcs_number(-INFINITY, out, sizeof out));
	assert_false(jcs_number(1.0, out, 31));
	assert_true(jcs_number(-1.5e-7, out, 32));
	assert_string_equal(out, "-1.5e-7");
}

/* The fixed values that start the ES6 number test sequence. */
static const uint64_t tc_es6_static[] = {
	0x0000000000000000, 0x8000000000000000, 0x0000000000000001,
	0x8000000000000001, 0xc46696695dbd1cc3, 0xc43211ede4974a35,
	0xc3fce97ca0f21056, 0xc3c7213080c1a6ac, 0xc39280f39a348556,
	0xc35d9b1f5d20d557, 0xc327af4c4a80aaac, 0xc2f2f2a36ecd5556,
	0xc2be51057e155558, 0xc28840d131aaaaac, 0xc253670dc1555557,
	0xc21f0b4935555557, 0xc1e8d5d42aaaaaac, 0xc1b3de4355555556,
	0xc17fca0555555556, 0xc1496e6aaaaaaaab, 0xc114585555555555,
	0xc0e046aaaaaaaaab, 0xc0aa0aaaaaaaaaaa, 0xc074d55555555555,
	0xc040aaaaaaaaaaab, 0xc00aaaaaaaaaaaab, 0xbfd5555555555555,
	0xbfa1111111111111, 0xbf6b4e81b4e81b4f, 0xbf35d867c3ece2a5,
	0xbf0179ec9cbd821e, 0xbecbf647612f3696, 0xbe965e9f80f29212,
	0xbe61e54c672874db, 0xbe2ca213d840baf8, 0xbdf6e80fe033c8c6,
	0xbdc2533fe68fd3d2, 0xbd8d51ffd74c861c, 0xbd5774ccac3d3817,
	0xbd22c3d6f030f9ac, 0xbcee0624b3818f79, 0xbcb804ea293472c7,
	0xbc833721ba905bd3, 0xbc4ebe9c5db3c61e, 0xbc18987d17c304e5,
	0xbbe3ad30dfcf371d, 0xbbaf7b816618582f, 0xbb792f9ab81379bf,
	0xbb442615600f9499, 0xbb101e77800c76e1, 0xbad9ca58cce0be35,
	0xbaa4a1e0a3e6fe90, 0xba708180831f320d, 0xba3a68cd9e985016,
	0x446696695dbd1cc3, 0x443211ede4974a35, 0x43fce97ca0f21056,
	0x43c7213080c1a6ac, 0x439280f39a348556, 0x435d9b1f5d20d557,
	0x4327af4c4a80aaac, 0x42f2f2a36ecd5556, 0x42be51057e155558,
	0x428840d131aaaaac, 0x4253670dc1555557, 0x421f0b4935555557,
	0x41e8d5d42aaaaaac, 0x41b3de4355555556, 0x417fca0555555556,
	0x41496e6aaaaaaaab, 0x4114585555555555, 0x40e046aaaaaaaaab,
	0x40aa0aaaaaaaaaaa, 0x4074d55555555555, 0x4040aaaaaaaaaaab,
	0x400aaaaaaaaaaaab, 0x3fd5555555555555, 0x3fa1111111111111,
	0x3f6b4e81b4e81b4f, 0x3f35d867c3ece2a5, 0x3f0179ec9cbd821e,
	0x3ecbf647612f3696, 0x3e965e9f80f29212, 0x3e61e54c672874db,
	0x3e2ca213d840baf8, 0x3df6e80fe033c8c6, 0x3dc2533fe68fd3d2,
	0x3d8d51ffd74c861c, 0x3d5774ccac3d3817, 0x3d22c3d6f030f9ac,
	0x3cee0624b3818f79, 0x3cb804ea293472c7, 0x3c833721ba905bd3,
	0x3c4ebe9c5db3c61e, 0x3c18987d17c304e5, 0x3be3ad30dfcf371d,
	0x3baf7b816618582f, 0x3b792f9ab81379bf, 0x3b442615600f9499,
	0x3b101e77800c76e1, 0x3ad9ca58cce0be35, 0x3aa4a1e0a3e6fe90,
	0x3a708180831f320d, 0x3a3a68cd9e985016, 0x4024000000000000,
	0x4014000000000000, 0x3fe0000000000000, 0x3fa999999999999a,
	0x3f747ae147ae147b, 0x3f40624dd2f1a9fc, 0x3f0a36e2eb1c432d,
	0x3ed4f8b588e368f1, 0x3ea0c6f7a0b5ed8d, 0x3e6ad7f29abcaf48,
	0x3e35798ee2308c3a, 0x3ed539223589fa95, 0x3ed4ff26cd5a7781,
	0x3ed4f95a762283ff, 0x3ed4f8c60703520c, 0x3ed4f8b72f19cd0d,
	0x3ed4f8b5b31c0c8d, 0x3ed4f8b58d1c461a, 0x3ed4f8b5894f7f0e,
	0x3ed4f8b588ee37f3, 0x3ed4f8b588e47da4, 0x3ed4f8b588e3849c,
	0x3ed4f8b588e36bb5, 0x3ed4f8b588e36937, 0x3ed4f8b588e368f8,
	0x3ed4f8b588e368f1, 0x3ff0000000000000, 0xbff0000000000000,
	0xbfeffffffffffffa, 0xbfeffffffffffffb, 0x3feffffffffffffa,
	0x3feffffffffffffb, 0x3feffffffffffffc, 0x3feffffffffffffe,
	0xbfefffffffffffff, 0xbfefffffffffffff, 0x3fefffffffffffff,
	0x3fefffffffffffff, 0x3fd3333333333332, 0x3fd3333333333333,
	0x3fd3333333333334, 0x0010000000000000, 0x000ffffffffffffd,
	0x000fffffffffffff, 0x7fefffffffffffff, 0xffefffffffffffff,
	0x4340000000000000, 0xc340000000000000, 0x4430000000000000,
	0x44b52d02c7e14af5, 0x44b52d02c7e14af6, 0x44b52d02c7e14af7,
	0x444b1ae4d6e2ef4e, 0x444b1ae4d6e2ef4f, 0x444b1ae4d6e2ef50,
	0x3eb0c6f7a0b5ed8c, 0x3eb0c6f7a0b5ed8d, 0x41b3de4355555553,
	0x41b3de4355555554, 0x41b3de4355555555, 0x41b3de4355555556,
	0x41b3de4355555557, 0xbecbf647612f3696, 0x43143ff3c1cb0959,
};

struct tc_es6 {
	size_t		idx;
	uint8_t		block[32];
	size_t		left;		/* doubles of block not used yet */
};

static uint64_t
tc_es6_next(struct tc_es6 *g)
{
	const size_t	nstatic = sizeof tc_es6_static /
			    sizeof tc_es6_static[0];
	uint64_t	u = 0;
	double		f = 0;
	size_t		k;

	if (g->idx < nstatic)
		u = tc_es6_static[g->idx];
	else if (g->idx < nstatic + 2000)
		u = UINT64_C(0x0010000000000000) + (g->idx - nstatic);
	else {
		while (f == 0 || !isfinite(f)) {
			if (g->left == 0) {
				crypto_hash_sha256(g->block, g->block, 32);
				g->left = 4;
			}
			/* Little-endian doubles, in block order. */
			u = 0;
			for (k = 0; k < 8; k++)
				u |= (uint64_t)g->block[(4 - g->left) * 8 + k]
				    << (8 * k);
			g->left--;
			memcpy(&f, &u, sizeof f);
		}
	}
	g->idx++;
	return u;
}

static void
tc_es6_hash(size_t lines, const char *want_hex)
{
	crypto_hash_sha256_state	 st;
	struct tc_es6			 g;
	uint8_t				 h[crypto_hash_sha256_BYTES];
	char				 line[80], num[40], hx[65];
	uint64_t			 u;
	double				 d;
	size_t				 i;

	memset(&g, 0, sizeof g);
	crypto_hash_sha256_init(&st);
	for (i = 0; i < lines; i++) {
		u = tc_es6_next(&g);
		memcpy(&d, &u, sizeof d);
		assert_true(jcs_number(d, num, sizeof num));
		snprintf(line, sizeof line, "%llx,%s\n", (unsigned long long)u,
		    num);
		crypto_hash_sha256_update(&st, (const uint8_t *)line,
		    strlen(line));
	}
	crypto_hash_sha256_final(&st, h);
	hex_encode(h, sizeof h, hx);
	if (strcmp(hx, want_hex) != 0)
		fail_msg("first %zu lines: sha256 %s, want %s", lines, hx,
		    want_hex);
}

/* The published digests of the first 1000 and 10000 lines. */
static void
test_numbers_es6(void **state)
{
	(void)state;
	assert_true(sodium_init() >= 0);
	tc_es6_hash(1000, "be18b62b6f69cdab33a7e0dae0d9cfa869fda80ddc71222157"
	    "0f9f40a5878687");
	tc_es6_hash(10000, "b9f7a8e75ef22a835685a52ccba7f7d6bdc99e34b010992cb"
	    "c5864cd12be6892");
}

static enum ls_err
tc_canon_tree(const cJSON *o, const char *omit, size_t max, char **out,
    size_t *n)
{
	struct ls_errbuf	eb;
	enum ls_err		e;

	ls_err_clear(&eb);
	e = jcs_canonical(o, omit, max, out, n, &eb);
	if (e == LS_OK)
		assert_int_equal(eb.code, LS_OK);
	else {
		assert_int_equal(eb.code, e);
		assert_null(*out);
	}
	return e;
}

/* Escapes, sorting, the omitted member, and the I-JSON refusals. */
static void
test_canonical(void **state)
{
	cJSON	*o, *a;
	char	*s;
	size_t	 n, i;

	(void)state;
	o = cJSON_Parse("{\"b\":[],\"a\":{},\"c\":\"\\b\\f\\t\\r\\u001f\\u007f"
	    "\\\"\\\\/\",\"\":-0.0,\"aa\":[1E2,true,null]}");
	assert_int_equal(tc_canon_tree(o, NULL, TC_MAX, &s, &n), LS_OK);
	assert_string_equal(s, "{\"\":0,\"a\":{},\"aa\":[100,true,null],"
	    "\"b\":[],\"c\":\"\\b\\f\\t\\r\\u001f\x7f\\\"\\\\/\"}");
	assert_int_equal(n, strlen(s));
	free(s);
	/* omit: the top level only. */
	assert_int_equal(tc_canon_tree(o, "aa", TC_MAX, &s, &n), LS_OK);
	assert_string_equal(s, "{\"\":0,\"a\":{},\"b\":[],\"c\":\"\\b\\f\\t"
	    "\\r\\u001f\x7f\\\"\\\\/\"}");
	free(s);
	/* Over the ceiling. */
	assert_int_equal(tc_canon_tree(o, NULL, 16, &s, &n), LS_ENOMEM);
	cJSON_Delete(o);

	o = cJSON_Parse("{\"z\":{\"sig\":1},\"sig\":{}}");
	assert_int_equal(tc_canon_tree(o, "sig", TC_MAX, &s, &n), LS_OK);
	assert_string_equal(s, "{\"z\":{\"sig\":1}}");
	free(s);
	cJSON_Delete(o);

	/* Duplicate names, however deep; a duplicate that is omitted is
	 * not there. */
	o = cJSON_Parse("{\"a\":1,\"b\":{\"x\":1,\"x\":2}}");
	assert_int_equal(tc_canon_tree(o, NULL, TC_MAX, &s, &n), LS_EINPUT);
	cJSON_Delete(o);
	o = cJSON_Parse("{\"a\":1,\"a\":1}");
	assert_int_equal(tc_canon_tree(o, NULL, TC_MAX, &s, &n), LS_EINPUT);
	assert_int_equal(tc_canon_tree(o, "a", TC_MAX, &s, &n), LS_OK);
	assert_string_equal(s, "{}");
	free(s);
	cJSON_Delete(o);

	/* Invalid UTF-8 in a value or a name; a non-finite number; a raw
	 * value. */
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "a", "\xc0\xaf");
	assert_int_equal(tc_canon_tree(o, NULL, TC_MAX, &s, &n), LS_EINPUT);
	cJSON_Delete(o);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "\xed\xa0\x80", "surrogate");
	assert_int_equal(tc_canon_tree(o, NULL, TC_MAX, &s, &n), LS_EINPUT);
	cJSON_Delete(o);
	o = cJSON_CreateArray();
	cJSON_AddItemToArray(o, cJSON_CreateNumber(NAN));
	assert_int_equal(tc_canon_tree(o, NULL, TC_MAX, &s, &n), LS_EINPUT);
	cJSON_Delete(o);
	o = cJSON_CreateArray();
	cJSON_AddItemToArray(o, cJSON_CreateRaw("1"));
	assert_int_equal(tc_canon_tree(o, NULL, TC_MAX, &s, &n), LS_EINPUT);
	cJSON_Delete(o);

	/* Nesting: JCS_DEPTH_MAX levels below the top pass, one more not. */
	o = a = cJSON_CreateArray();
	for (i = 0; i < JCS_DEPTH_MAX; i++) {
		cJSON	*b = cJSON_CreateArray();

		cJSON_AddItemToArray(a, b);
		a = b;
	}
	assert_int_equal(tc_canon_tree(o, NULL, TC_MAX, &s, &n), LS_OK);
	assert_int_equal(n, 2 * (JCS_DEPTH_MAX + 1));
	free(s);
	cJSON_AddItemToArray(a, cJSON_CreateArray());
	assert_int_equal(tc_canon_tree(o, NULL, TC_MAX, &s, &n), LS_EINPUT);
	cJSON_Delete(o);
}

/* The strict grammar: what passes, and where and why the rest fails. */
static void
test_strict(void **state)
{
	static const char *const good[] = {
		"{}", " [ ] ", "0", "-0", "-0.0e+0", "1E-2", "\"\"", "null",
		"true", "false", "{\"a\":[1,{\"b\":null}]}\r\n\t ",
		"\"\\ud83d\\ude02 \\u20ac \\\" \\\\ \\/ \\b\\f\\n\\r\\t\"",
		"\"\xf0\x9f\x98\x82\"",
	};
	static const struct {
		const char	*text;
		size_t		 off;
		const char	*why;
	} bad[] = {
		{ "", 0, "unexpected end" },
		{ "01", 1, "data after the JSON value" },
		{ "+1", 0, "unexpected character" },
		{ ".5", 0, "unexpected character" },
		{ "1.", 2, "bad number" },
		{ "1e", 2, "bad number" },
		{ "-", 1, "bad number" },
		{ "123456789012345678901234567890123", 33, "number too long" },
		{ "\"a\\u0000b\"", 8, "\\u0000 in a string" },
		{ "\"\\ud800\"", 7, "lone surrogate" },
		{ "\"\\udc00\"", 7, "lone surrogate" },
		{ "\"\\ud800\\u0041\"", 13, "lone surrogate" },
		{ "\"a\tb\"", 2, "control character in a string" },
		{ "\"\xc0\xaf\"", 1, "invalid UTF-8" },
		{ "\"\xed\xa0\x80\"", 1, "invalid UTF-8" },
		{ "\"\\x\"", 3, "bad escape" },
		{ "\"\\u12\"", 3, "bad \\u escape" },
		{ "\"abc", 4, "unterminated string" },
		{ "\"\\", 2, "unterminated escape" },
		{ "{} x", 3, "data after the JSON value" },
		{ "{,}", 1, "expected a member name" },
		{ "{\"a\" 1}", 5, "expected ':'" },
		{ "{\"a\":1,}", 7, "expected a member name" },
		{ "[1,]", 3, "unexpected character" },
		{ "[1 2]", 3, "expected ',' or a closing bracket" },
		{ "nul", 0, "unexpected character" },
		{ "[\"a\"", 4, "expected ',' or a closing bracket" },
	};
	char		 deep[2 * (JCS_DEPTH_MAX + 2) + 1];
	const char	*why;
	size_t		 i, off;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!jcs_strict(good[i], strlen(good[i]), &off, &why))
			fail_msg("refused %s: byte %zu: %s", good[i], off, why);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (jcs_strict(bad[i].text, strlen(bad[i].text), &off, &why))
			fail_msg("accepted %s", bad[i].text);
		if (off != bad[i].off || strcmp(why, bad[i].why) != 0)
			fail_msg("%s: byte %zu: %s; want byte %zu: %s",
			    bad[i].text, off, why, bad[i].off, bad[i].why);
	}
	/* A NUL is never JSON. */
	assert_false(jcs_strict("[1]\0", 4, &off, &why));
	assert_int_equal(off, 3);
	/* Nesting: 65 levels (depth 0..64) pass, 66 do not. */
	memset(deep, '[', JCS_DEPTH_MAX + 1);
	memset(deep + JCS_DEPTH_MAX + 1, ']', JCS_DEPTH_MAX + 1);
	assert_true(jcs_strict(deep, 2 * (JCS_DEPTH_MAX + 1), &off, &why));
	memset(deep, '[', JCS_DEPTH_MAX + 2);
	memset(deep + JCS_DEPTH_MAX + 2, ']', JCS_DEPTH_MAX + 2);
	assert_false(jcs_strict(deep, 2 * (JCS_DEPTH_MAX + 2), &off, &why));
	assert_string_equal(why, "nested too deep");
	assert_int_equal(off, JCS_DEPTH_MAX + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_numbers_appendix_b),
		cmocka_unit_test(test_numbers_es6),
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_strict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
