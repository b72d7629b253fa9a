/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_text.c - unit tests for src/util/text.c: sanitising radio bytes
 * and measuring display width without a locale.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/text.h"

/* Sanitise a C string literal (length given, NULs allowed). */
static size_t
san(const char *in, size_t n, char *out, size_t cap)
{
	return text_sanitize((const uint8_t *)in, n, out, cap);
}

#define CHECK(in, want) do {						\
	char	o_[128];						\
	size_t	r_ = san((in), sizeof(in) - 1, o_, sizeof o_);		\
	assert_string_equal(o_, (want));				\
	assert_int_equal(r_, strlen(want));				\
} while (0)

static void
test_plain(void **state)
{
	(void)state;
	CHECK("Nuki_2A1B3C4D", "Nuki_2A1B3C4D");
	CHECK("S202F_abcdef", "S202F_abcdef");
	CHECK(" ~!\"\\{}", " ~!\"\\{}");
	CHECK("", "");
}

/*
 * Bidirectional controls (Unicode UAX #9 §2) reorder what a terminal
 * shows: "lock\u202Ekcol" would display as "locklock" reversed.  Each is
 * a 3-byte sequence replaced by one '?'; neighbours like U+2069's
 * neighbour U+206A are kept.
 */
static void
test_bidi_controls(void **state)
{
	(void)state;
	CHECK("Door\xe2\x80\xae" "kcoL", "Door?kcoL");		/* U+202E RLO */
	CHECK("\xe2\x80\xaax\xe2\x80\xac", "?x?");		/* LRE, PDF */
	CHECK("\xe2\x81\xa6" "a\xe2\x81\xa9", "?a?");		/* LRI, PDI */
	CHECK("\xe2\x80\xa9", "\xe2\x80\xa9");		/* U+2029 kept */
}

static void
test_escape_sequences(void **state)
{
	(void)state;
	/* CSI colour, clear screen, OSC title with BEL terminator. */
	CHECK("\x1b[31mred\x1b[0m", "?[31mred?[0m");
	CHECK("\x1b[2J\x1b[H", "?[2J?[H");
	CHECK("\x1b]0;pwned\x07", "?]0;pwned?");
	CHECK("a\rb\nc\td\be", "a?b?c?d?e");
	CHECK("nul\0in", "nul?in");
	CHECK("del\x7f", "del?");
	CHECK("\x01\x1f\x20", "?? ");
}

static void
test_c1_controls(void **state)
{
	(void)state;
	/* U+009B CSI, U+0085 NEL, U+0080, U+009F: one '?' per character. */
	CHECK("\xc2\x9b" "31m", "?31m");
	CHECK("a\xc2\x85z", "a?z");
	CHECK("\xc2\x80\xc2\x9f", "??");
	/* U+00A0 and U+00E9 are printable. */
	CHECK("\xc2\xa0\xc3\xa9", "\xc2\xa0\xc3\xa9");
}

static void
test_overlong(void **state)
{
	(void)state;
	/* '/' as 2, 3 and 4 bytes: each byte becomes '?'. */
	CHECK("\xc0\xaf", "??");
	CHECK("\xc1\xbf", "??");
	CHECK("\xe0\x80\xaf", "???");
	CHECK("\xe0\x9f\xbf", "???");
	CHECK("\xf0\x80\x80\xaf", "????");
	CHECK("\xf0\x8f\xbf\xbf", "????");
	/* ESC hidden in an overlong form stays neutralised. */
	CHECK("\xc0\x9b[2J", "??[2J");
	/* Shortest forms just above each boundary are fine. */
	CHECK("\xe0\xa0\x80", "\xe0\xa0\x80");		/* U+0800 */
	CHECK("\xf0\x90\x80\x80", "\xf0\x90\x80\x80");	/* U+10000 */
}

static void
test_surrogates_and_range(void **state)
{
	(void)state;
	CHECK("\xed\xa0\x80", "???");		/* U+D800 */
	CHECK("\xed\xbf\xbf", "???");		/* U+DFFF */
	CHECK("\xed\xa0\xbd\xed\xb4\x92", "??????");	/* CESU-8 pair */
	CHECK("\xed\x9f\xbf", "\xed\x9f\xbf");	/* U+D7FF */
	CHECK("\xee\x80\x80", "\xee\x80\x80");	/* U+E000 */
	CHECK("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");	/* U+10FFFF */
	CHECK("\xf4\x90\x80\x80", "????");	/* U+110000 */
	CHECK("\xf5\x80\x80\x80", "????");
	CHECK("\xff\xfe", "??");
}

static void
test_invalid_sequences(void **state)
{
	(void)state;
	CHECK("\x80", "?");			/* stray continuation */
	CHECK("a\xbf" "b", "a?b");
	CHECK("ab\xe2\x82", "ab??");		/* truncated at the end */
	CHECK("\xe2\x82" "A", "??A");		/* truncated mid-string */
	CHECK("\xc3" "A", "?A");
	CHECK("\xf0\x9f\x94", "???");
	/* A bad lead byte does not swallow the next valid character. */
	CHECK("\xe2\xc3\xa9", "?\xc3\xa9");
}

static void
test_emoji(void **state)
{
	(void)state;
	/* U+1F512 LOCK, U+1F511 KEY. */
	CHECK("\xf0\x9f\x94\x92 lock", "\xf0\x9f\x94\x92 lock");
	CHECK("\xf0\x9f\x94\x91", "\xf0\x9f\x94\x91");
	assert_int_equal(text_width("\xf0\x9f\x94\x92"), 2);
	assert_int_equal(text_width("\xf0\x9f\x94\x92" "ab"), 4);
}

static void
test_truncation(void **state)
{
	char	o[16];
	size_t	r;

	(void)state;
	/* "ab€" needs 2 + 3 + 1 bytes. */
	memset(o, 'Z', sizeof o);
	r = san("ab\xe2\x82\xac", 5, o, 5);
	assert_int_equal(r, 2);
	assert_string_equal(o, "ab");
	r = san("ab\xe2\x82\xac", 5, o, 6);
	assert_int_equal(r, 5);
	assert_string_equal(o, "ab\xe2\x82\xac");

	/* Inside a 4-byte emoji. */
	r = san("x\xf0\x9f\x94\x92y", 6, o, 5);
	assert_int_equal(r, 1);
	assert_string_equal(o, "x");
	r = san("x\xf0\x9f\x94\x92y", 6, o, 6);
	assert_int_equal(r, 5);
	assert_string_equal(o, "x\xf0\x9f\x94\x92");

	/* Replacement characters count one byte each. */
	r = san("\x1b\x1b\x1b\x1b", 4, o, 3);
	assert_int_equal(r, 2);
	assert_string_equal(o, "??");

	/* cap 1: just the terminator; cap 0: nothing written. */
	o[0] = 'Z';
	r = san("abc", 3, o, 1);
	assert_int_equal(r, 0);
	assert_string_equal(o, "");
	o[0] = 'Z';
	r = san("abc", 3, o, 0);
	assert_int_equal(r, 0);
	assert_int_equal(o[0], 'Z');
	r = text_sanitize(NULL, 0, o, sizeof o);
	assert_int_equal(r, 0);
	assert_string_equal(o, "");
}

/*
 * The decoder itself (the one the JSON checker and canonical form use):
 * RFC 3629 boundaries, code points, lengths, and 0 for everything else.
 */
static void
test_utf8_decode(void **state)
{
	static const struct {
		const char	*in;
		size_t		 n, len;
		uint32_t	 cp;
	} v[] = {
		{ "A", 1, 1, 0x41 },
		{ "\x7f", 1, 1, 0x7f },
		{ "\xc2\x80", 2, 2, 0x80 },
		{ "\xdf\xbf", 2, 2, 0x7ff },
		{ "\xe0\xa0\x80", 3, 3, 0x800 },
		{ "\xed\x9f\xbf", 3, 3, 0xd7ff },
		{ "\xee\x80\x80", 3, 3, 0xe000 },
		{ "\xef\xbf\xbf", 3, 3, 0xffff },
		{ "\xf0\x90\x80\x80", 4, 4, 0x10000 },
		{ "\xf0\x9f\x98\x82", 4, 4, 0x1f602 },
		{ "\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff },
		{ "Ab", 2, 1, 0x41 },			/* one at a time */
		{ "", 0, 0, 0 },			/* nothing */
		{ "\x80", 1, 0, 0 },			/* continuation */
		{ "\xc0\xaf", 2, 0, 0 },		/* overlong '/' */
		{ "\xc1\xbf", 2, 0, 0 },
		{ "\xe0\x9f\xbf", 3, 0, 0 },		/* overlong U+07FF */
		{ "\xf0\x8f\xbf\xbf", 4, 0, 0 },	/* overlong U+FFFF */
		{ "\xed\xa0\x80", 3, 0, 0 },		/* U+D800 */
		{ "\xed\xbf\xbf", 3, 0, 0 },		/* U+DFFF */
		{ "\xf4\x90\x80\x80", 4, 0, 0 },	/* U+110000 */
		{ "\xf5\x80\x80\x80", 4, 0, 0 },
		{ "\xff", 1, 0, 0 },
		{ "\xe2\x82", 2, 0, 0 },		/* cut short */
		{ "\xe2\x82\xac", 2, 0, 0 },		/* n says cut */
		{ "\xe2\x28\xac", 3, 0, 0 },		/* bad second byte */
		{ "\xf0\x9f\x98\x28", 4, 0, 0 },	/* bad last byte */
	};
	uint32_t	cp;
	size_t		i, len;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		cp = 0xdeadbeef;
		len = text_utf8_decode((const uint8_t *)v[i].in, v[i].n, &cp);
		if (len != v[i].len)
			fail_msg("case %zu: length %zu, want %zu", i, len,
			    v[i].len);
		if (len > 0 && cp != v[i].cp)
			fail_msg("case %zu: U+%04X, want U+%04X", i,
			    (unsigned)cp, (unsigned)v[i].cp);
		if (len == 0 && cp != 0xdeadbeef)
			fail_msg("case %zu: code point stored on failure", i);
	}
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width(NULL), 0);
	assert_int_equal(text_width("Nuki_2A1B3C4D"), 13);
	assert_int_equal(text_width("caf\xc3\xa9"), 4);
	/* 日本語 (CJK unified ideographs). */
	assert_int_equal(text_width("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"),
	    6);
	/* 玄関 "entrance" + ASCII. */
	assert_int_equal(text_width("\xe7\x8e\x84\xe9\x96\xa2 1"), 6);
	/* 한국 (Hangul syllables). */
	assert_int_equal(text_width("\xed\x95\x9c\xea\xb5\xad"), 4);
	/* カギ (katakana). */
	assert_int_equal(text_width("\xe3\x82\xab\xe3\x82\xae"), 4);
	/* Fullwidth A is wide; halfwidth katakana ｱ is not. */
	assert_int_equal(text_width("\xef\xbc\xa1"), 2);
	assert_int_equal(text_width("\xef\xbd\xb1"), 1);
	/* Ideographic space U+3000. */
	assert_int_equal(text_width("\xe3\x80\x80"), 2);
	/* CJK extension B U+20000. */
	assert_int_equal(text_width("\xf0\xa0\x80\x80"), 2);
	/* Greek, Cyrillic: narrow. */
	assert_int_equal(text_width("\xce\xb1\xd0\x96"), 2);
	/* Invalid bytes (not sanitised): one column each, like the '?'. */
	assert_int_equal(text_width("a\xff\xc0" "b"), 4);
}

/* The output of sanitise is a fixed point and has the expected width. */
static void
test_sanitize_then_width(void **state)
{
	static const char	in[] = "\x1b[1m\xe9\x8c\xa0\xc0\xaf" "A";
	char			o[64], o2[64];
	size_t			r;

	(void)state;
	r = san(in, sizeof in - 1, o, sizeof o);
	assert_string_equal(o, "?[1m\xe9\x8c\xa0??A");
	assert_int_equal(text_width(o), 1 + 3 + 2 + 2 + 1);
	assert_int_equal(text_sanitize((const uint8_t *)o, r, o2, sizeof o2),
	    r);
	assert_string_equal(o, o2);
}

/* Durations in words, the two largest units. */
static void
test_duration(void **state)
{
	char	b[32];

	(void)state;
	assert_string_equal(text_duration(0, b, sizeof b), "0 s");
	assert_string_equal(text_duration(42, b, sizeof b), "42 s");
	assert_string_equal(text_duration(60, b, sizeof b), "1 min");
	assert_string_equal(text_duration(250, b, sizeof b), "4 min 10 s");
	assert_string_equal(text_duration(3 * 3600 + 5 * 60 + 9, b,
	    sizeof b), "3 h 5 min");
	assert_string_equal(text_duration(706 * 86400 + 2 * 3600 + 59, b,
	    sizeof b), "706 d 2 h");
	assert_string_equal(text_duration(86400, b, sizeof b), "1 d");
	/* Truncated, never overflowed. */
	assert_string_equal(text_duration(706 * 86400, b, 4), "706");
	/* Clock skews: lock minus laptop. */
	assert_string_equal(text_skew(0, b, sizeof b), "on time");
	assert_string_equal(text_skew(-(706 * 86400 + 2 * 3600), b,
	    sizeof b), "706 d 2 h behind");
	assert_string_equal(text_skew(185, b, sizeof b), "3 min 5 s ahead");
	assert_non_null(text_skew(INT64_MIN, b, sizeof b));
	assert_non_null(strstr(b, " behind"));
}

/* The code guard: digit runs, but years as words and ISO dates pass. */
static void
test_may_be_code(void **state)
{
	(void)state;
	assert_false(text_may_be_code(NULL));
	assert_false(text_may_be_code(""));
	assert_false(text_may_be_code("3 codes, 123 left"));
	assert_false(text_may_be_code("latch fixed in 2024"));
	assert_false(text_may_be_code("2024"));
	assert_false(text_may_be_code("since 1999."));
	assert_false(text_may_be_code("fitted 2024-05-01, checked"));
	assert_false(text_may_be_code("3024-12-31"));
	assert_true(text_may_be_code("code 4821"));
	assert_true(text_may_be_code("20245"));
	assert_true(text_may_be_code("x2024"));
	assert_true(text_may_be_code("2024b"));
	assert_true(text_may_be_code("2100"));
	assert_true(text_may_be_code("3024-13-01"));
	assert_true(text_may_be_code("3024-05-001"));
	assert_true(text_may_be_code("in 2024 and 7777"));
	/* Issue 18: separators and Unicode digits are folded first. */
	assert_true(text_may_be_code("12-34-56-78"));
	assert_true(text_may_be_code("1 2 3 4 5 6 7 8"));
	assert_true(text_may_be_code("code 48_21"));
	assert_true(text_may_be_code("\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93"
	    "\xef\xbc\x94\xef\xbc\x95\xef\xbc\x96\xef\xbc\x97"
	    "\xef\xbc\x98"));			/* fullwidth 12345678 */
	assert_true(text_may_be_code("\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4"
	    "\xd9\xa5\xd9\xa6"));		/* Arabic-Indic 123456 */
	assert_true(text_may_be_code("\xc2\xb9\xc2\xb2\xc2\xb3"
	    "\xe2\x81\xb4"));			/* superscript 1234 */
	assert_true(text_may_be_code("\xe0\xa5\xa7\xe0\xa5\xa8 "
	    "\xe0\xa5\xa9\xe0\xa5\xaa"));	/* Devanagari 12 34 */
	assert_true(text_may_be_code("4\xe2\x80\x83" "8\xe2\x80\x89" "21"));
						/* thin spaces */
	assert_true(text_may_be_code("1\xe2\x80\x93" "2\xe2\x80\x93" "3"
	    "\xe2\x80\x93" "4"));			/* en dashes */
	/* Years, ISO dates, versions, times and small numbers still pass. */
	assert_false(text_may_be_code("\xef\xbc\x92\xef\xbc\x90"
	    "\xef\xbc\x92\xef\xbc\x94"));	/* fullwidth 2024 */
	assert_false(text_may_be_code("fitted 2024-05-01 - 3 bolts"));
	assert_false(text_may_be_code("firmware 1.4.2, fixed 12:30"));
	assert_false(text_may_be_code("door 2 of 3"));
	assert_false(text_may_be_code("caf\xc3\xa9" " 12 rue"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_escape_sequences),
		cmocka_unit_test(test_bidi_controls),
		cmocka_unit_test(test_c1_controls),
		cmocka_unit_test(test_overlong),
		cmocka_unit_test(test_surrogates_and_range),
		cmocka_unit_test(test_invalid_sequences),
		cmocka_unit_test(test_emoji),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_sanitize_then_width),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_may_be_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
