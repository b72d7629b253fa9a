/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text.c - make bytes from the radio safe to show and to put in JSON.
 *
 * UTF-8 is validated per RFC 3629 §4 / Unicode 15 §3.9 Table 3-7 (the
 * "well-formed byte sequences" table): shortest form only, no surrogates
 * (U+D800-U+DFFF), nothing above U+10FFFF.  Every byte that does not
 * start a well-formed sequence becomes one '?', so an attacker cannot
 * hide a byte by pairing it with a bad lead byte.  Control characters
 * (C0 U+0000-U+001F including ESC, DEL U+007F, C1 U+0080-U+009F) become
 * '?' too: they are what terminal escape sequences are made of.
 *
 * Widths come from a built-in table of East Asian Wide (W) and Fullwidth
 * (F) ranges, condensed from Unicode EastAsianWidth.txt as tabulated in
 * jquast/wcwidth:wcwidth/table_wide.py (Unicode 12-13) and Markus Kuhn's
 * mk_wcwidth(), so the result is the same in every locale.  Deliberately
 * not done: setlocale()/wcwidth() (locale-dependent), zero-width
 * combining marks (the contract counts every code point), grapheme
 * clustering.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/cursor.h"
#include "util/text.h"

size_t
text_utf8_decode(const uint8_t *p, size_t n, uint32_t *cp)
{
	uint8_t		b0, lo = 0x80, hi = 0xbf;
	size_t		len, i;
	uint32_t	v;

	if (n == 0)
		return 0;
	b0 = p[0];
	if (b0 < 0x80) {
		*cp = b0;
		return 1;
	}
	if (b0 >= 0xc2 && b0 <= 0xdf) {
		len = 2;
		v = b0 & 0x1f;
	} else if (b0 >= 0xe0 && b0 <= 0xef) {
		len = 3;
		v = b0 & 0x0f;
		if (b0 == 0xe0)
			lo = 0xa0;	/* overlong below U+0800 */
		else if (b0 == 0xed)
			hi = 0x9f;	/* surrogates U+D800-U+DFFF */
	} else if (b0 >= 0xf0 && b0 <= 0xf4) {
		len = 4;
		v = b0 & 0x07;
		if (b0 == 0xf0)
			lo = 0x90;	/* overlong below U+10000 */
		else if (b0 == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else
		return 0;	/* continuation, 0xc0/0xc1 overlong, 0xf5+ */
	if (n < len)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	v = v << 6 | (p[1] & 0x3f);
	for (i = 2; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (p[i] & 0x3f);
	}
	*cp = v;
	return len;
}

static bool
text_is_control(uint32_t cp)
{
	/*
	 * C0, DEL and C1, plus the bidirectional embeddings, overrides and
	 * isolates (Unicode UAX #9 §2: U+202A-U+202E, U+2066-U+2069): a
	 * hostile name could use those to reorder what a table shows.
	 */
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

size_t
text_sanitize(const uint8_t *p, size_t n, char *out, size_t cap)
{
	struct cur	 c;
	const uint8_t	*seq;
	size_t		 w = 0, len, emit;
	uint32_t	 cp;
	bool		 ok;

	if (cap == 0)
		return 0;
	cur_init(&c, p, n);
	while (cur_left(&c) > 0) {
		len = text_utf8_decode(c.p, cur_left(&c), &cp);
		ok = len != 0 && !text_is_control(cp);
		if (len == 0)
			len = 1;
		emit = ok ? len : 1;
		if (emit > cap - 1 - w)
			break;		/* truncate on a character boundary */
		seq = cur_take(&c, len);
		if (ok)
			memcpy(out + w, seq, len);
		else
			out[w] = '?';
		w += emit;
	}
	out[w] = '\0';
	return w;
}

/*
 * East Asian Wide and Fullwidth ranges, sorted.  Unassigned gaps inside
 * CJK blocks are folded into the surrounding range: a code point nobody
 * can type costs nothing by being counted wide.
 */
static const struct {
	uint32_t	lo, hi;
} text_wide[] = {
	{ 0x1100, 0x115f },	/* Hangul Jamo initial consonants */
	{ 0x231a, 0x231b },	/* watch, hourglass */
	{ 0x2329, 0x232a },	/* angle brackets */
	{ 0x23e9, 0x23ec },
	{ 0x23f0, 0x23f0 },
	{ 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe },
	{ 0x2614, 0x2615 },
	{ 0x2648, 0x2653 },	/* zodiac */
	{ 0x267f, 0x267f },
	{ 0x2693, 0x2693 },
	{ 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab },
	{ 0x26bd, 0x26be },
	{ 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce },
	{ 0x26d4, 0x26d4 },
	{ 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f3 },
	{ 0x26f5, 0x26f5 },
	{ 0x26fa, 0x26fa },
	{ 0x26fd, 0x26fd },
	{ 0x2705, 0x2705 },
	{ 0x270a, 0x270b },
	{ 0x2728, 0x2728 },
	{ 0x274c, 0x274c },
	{ 0x274e, 0x274e },
	{ 0x2753, 0x2755 },
	{ 0x2757, 0x2757 },
	{ 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 },
	{ 0x27bf, 0x27bf },
	{ 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 },
	{ 0x2b55, 0x2b55 },
	{ 0x2e80, 0x303e },	/* CJK radicals .. CJK symbols */
	{ 0x3041, 0x33ff },	/* Hiragana .. CJK compatibility */
	{ 0x3400, 0x4dbf },	/* CJK extension A */
	{ 0x4e00, 0x9fff },	/* CJK unified ideographs */
	{ 0xa000, 0xa4cf },	/* Yi */
	{ 0xa960, 0xa97f },	/* Hangul Jamo extended-A */
	{ 0xac00, 0xd7a3 },	/* Hangul syllables */
	{ 0xf900, 0xfaff },	/* CJK compatibility ideographs */
	{ 0xfe10, 0xfe19 },	/* vertical forms */
	{ 0xfe30, 0xfe6f },	/* CJK compatibility forms, small forms */
	{ 0xff00, 0xff60 },	/* fullwidth forms */
	{ 0xffe0, 0xffe6 },	/* fullwidth signs */
	{ 0x16fe0, 0x16fe4 },	/* ideographic symbols */
	{ 0x17000, 0x18cff },	/* Tangut, Khitan */
	{ 0x1b000, 0x1b2ff },	/* Kana supplement .. Nushu */
	{ 0x1f004, 0x1f004 },	/* mahjong red dragon */
	{ 0x1f0cf, 0x1f0cf },	/* black joker */
	{ 0x1f18e, 0x1f18e },
	{ 0x1f191, 0x1f19a },	/* squared letters */
	{ 0x1f200, 0x1f2ff },	/* enclosed ideographic supplement */
	{ 0x1f300, 0x1f320 },	/* misc. symbols and pictographs (emoji) */
	{ 0x1f32d, 0x1f335 },
	{ 0x1f337, 0x1f37c },
	{ 0x1f37e, 0x1f393 },
	{ 0x1f3a0, 0x1f3ca },
	{ 0x1f3cf, 0x1f3d3 },
	{ 0x1f3e0, 0x1f3f0 },
	{ 0x1f3f4, 0x1f3f4 },
	{ 0x1f3f8, 0x1f43e },
	{ 0x1f440, 0x1f440 },
	{ 0x1f442, 0x1f4fc },
	{ 0x1f4ff, 0x1f53d },
	{ 0x1f54b, 0x1f54e },
	{ 0x1f550, 0x1f567 },
	{ 0x1f57a, 0x1f57a },
	{ 0x1f595, 0x1f596 },
	{ 0x1f5a4, 0x1f5a4 },
	{ 0x1f5fb, 0x1f64f },	/* .. emoticons */
	{ 0x1f680, 0x1f6c5 },	/* transport and map symbols */
	{ 0x1f6cc, 0x1f6cc },
	{ 0x1f6d0, 0x1f6d2 },
	{ 0x1f6d5, 0x1f6d7 },
	{ 0x1f6eb, 0x1f6ec },
	{ 0x1f6f4, 0x1f6fc },
	{ 0x1f7e0, 0x1f7eb },	/* coloured circles and squares */
	{ 0x1f90c, 0x1f93a },	/* supplemental symbols and pictographs */
	{ 0x1f93c, 0x1f945 },
	{ 0x1f947, 0x1f9ff },
	{ 0x1fa70, 0x1faff },	/* symbols and pictographs extended-A */
	{ 0x20000, 0x2fffd },	/* CJK extensions B-F, plane 2 */
	{ 0x30000, 0x3fffd },	/* plane 3 */
};

static bool
text_is_wide(uint32_t cp)
{
	size_t	lo = 0, hi = sizeof text_wide / sizeof text_wide[0], mid;

	if (cp < text_wide[0].lo)
		return false;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp > text_wide[mid].hi)
			lo = mid + 1;
		else if (cp < text_wide[mid].lo)
			hi = mid;
		else
			return true;
	}
	return false;
}

size_t
text_width(const char *s)
{
	struct cur	 c;
	size_t		 w = 0, len;
	uint32_t	 cp;

	if (s == NULL)
		return 0;
	cur_init(&c, s, strlen(s));
	while (cur_left(&c) > 0) {
		len = text_utf8_decode(c.p, cur_left(&c), &cp);
		if (len == 0) {
			/* Not sanitised after all: a '?' will stand there. */
			len = 1;
			cp = '?';
		}
		cur_skip(&c, len);
		w += text_is_wide(cp) ? 2 : 1;
	}
	return w;
}

char *
text_duration(uint64_t s, char *buf, size_t len)
{
	static const struct {
		uint64_t	 sec;
		const char	*unit;
	} u[] = {
		{ 86400, "d" }, { 3600, "h" }, { 60, "min" }, { 1, "s" }
	};
	size_t		i;
	uint64_t	a, b;

	for (i = 0; i < 3 && s < u[i].sec; i++)
		;
	a = s / u[i].sec;
	if (i == 3) {
		snprintf(buf, len, "%" PRIu64 " s", s);
		return buf;
	}
	b = (s % u[i].sec) / u[i + 1].sec;
	if (b == 0)
		snprintf(buf, len, "%" PRIu64 " %s", a, u[i].unit);
	else
		snprintf(buf, len, "%" PRIu64 " %s %" PRIu64 " %s", a,
		    u[i].unit, b, u[i + 1].unit);
	return buf;
}

char *
text_skew(int64_t skew_s, char *buf, size_t len)
{
	uint64_t	a;
	char		d[40];

	if (skew_s == 0) {
		snprintf(buf, len, "on time");
		return buf;
	}
	/* |INT64_MIN| without overflow. */
	a = skew_s < 0 ? (uint64_t)-(skew_s + 1) + 1 : (uint64_t)skew_s;
	text_duration(a, d, sizeof d);
	snprintf(buf, len, "%s %s", d, skew_s < 0 ? "behind" : "ahead");
	return buf;
}

static bool
text_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
text_isalnum(char c)
{
	return text_isdigit(c) || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* Two digits at p as a number. */
static int
text_2d(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* The run of n digits at s[i] is the year of an ISO date "YYYY-MM-DD". */
static bool
text_iso_date(const char *s, size_t i, size_t n)
{
	const char	*p = s + i;
	int		 m, d;

	if (n != 4 || p[4] != '-' || !text_isdigit(p[5]) ||
	    !text_isdigit(p[6]) || p[7] != '-' || !text_isdigit(p[8]) ||
	    !text_isdigit(p[9]) || text_isdigit(p[10]) || (i > 0 &&
	    text_isalnum(s[i - 1])))
		return false;
	m = text_2d(p + 5);
	d = text_2d(p + 8);
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/*
 * Zeros of the Unicode decimal digit blocks (general category Nd, UCD
 * 15.1 DerivedNumericType.txt): cp - zero is the digit for cp in
 * [zero, zero + 9].
 */
static const uint32_t text_digit_zeros[] = {
	0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66,
	0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0de6, 0x0e50, 0x0ed0, 0x0f20,
	0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
	0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0,
	0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066,
	0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
	0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0,
	0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec,
	0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0
};

/*
 * The digit cp stands for, or -1: Unicode decimal digits, and the
 * digit-like others a code could be typed with (superscripts,
 * subscripts, circled, parenthesized, with a full stop, dingbats).
 */
static int
text_digit_value(uint32_t cp)
{
	static const struct {
		uint32_t	first, last;
		int		value;	/* of first */
	} other[] = {
		{ 0x00b2, 0x00b3, 2 }, { 0x00b9, 0x00b9, 1 },
		{ 0x2070, 0x2070, 0 }, { 0x2074, 0x2079, 4 },
		{ 0x2080, 0x2089, 0 }, { 0x2460, 0x2468, 1 },
		{ 0x2474, 0x247c, 1 }, { 0x2488, 0x2490, 1 },
		{ 0x24ea, 0x24ea, 0 }, { 0x24f5, 0x24fd, 1 },
		{ 0x24ff, 0x24ff, 0 }, { 0x2776, 0x277e, 1 },
		{ 0x2780, 0x2788, 1 }, { 0x278a, 0x2792, 1 }
	};
	size_t	i;

	if (cp >= '0' && cp <= '9')
		return (int)(cp - '0');
	for (i = 0; i < sizeof text_digit_zeros / sizeof text_digit_zeros[0];
	    i++)
		if (cp >= text_digit_zeros[i] && cp <= text_digit_zeros[i] + 9)
			return (int)(cp - text_digit_zeros[i]);
	for (i = 0; i < sizeof other / sizeof other[0]; i++)
		if (cp >= other[i].first && cp <= other[i].last)
			return other[i].value + (int)(cp - other[i].first);
	return -1;
}

/*
 * A separator a code's digits may be typed with: spaces of every width,
 * hyphens and dashes, the minus sign, the underscore.  Not '.', ':',
 * ',' or '/': versions, times, lists and dates use them.
 */
static char
text_separator(uint32_t cp)
{
	if (cp == ' ' || cp == '\t' || cp == 0xa0 || (cp >= 0x2000 &&
	    cp <= 0x200b) || cp == 0x202f || cp == 0x205f || cp == 0x3000)
		return ' ';
	if (cp == '-' || cp == '_' || (cp >= 0x2010 && cp <= 0x2015) ||
	    cp == 0x2212 || cp == 0xfe63 || cp == 0xff0d)
		return '-';
	return '\0';
}

/* s with every digit as ASCII and separators as ' ' or '-'; NULL when
   out of memory. */
static char *
text_fold_digits(const char *s)
{
	const uint8_t	*p = (const uint8_t *)s;
	size_t		 n = strlen(s), i = 0, o = 0, len;
	uint32_t	 cp;
	char		*a, sep;
	int		 d;

	if ((a = malloc(n + 1)) == NULL)
		return NULL;
	while (i < n) {
		if ((len = text_utf8_decode(p + i, n - i, &cp)) == 0) {
			a[o++] = '?';	/* not UTF-8: neither digit nor space */
			i++;
			continue;
		}
		i += len;
		if ((d = text_digit_value(cp)) >= 0)
			a[o++] = (char)('0' + d);
		else if ((sep = text_separator(cp)) != '\0')
			a[o++] = sep;
		else
			a[o++] = cp < 0x80 ? (char)cp : 'x';
	}
	a[o] = '\0';
	return a;
}

static bool
text_is_sep(char c)
{
	return c == ' ' || c == '-';
}

bool
text_may_be_code(const char *s)
{
	size_t	 i = 0, n, run;
	char	*a;
	bool	 code = false;

	if (s == NULL)
		return false;
	if ((a = text_fold_digits(s)) == NULL)
		return true;	/* cannot tell: not stored */
	/* Years as words and ISO dates are no codes: mask them first. */
	while (a[i] != '\0') {
		if (!text_isdigit(a[i])) {
			i++;
			continue;
		}
		for (n = 0; text_isdigit(a[i + n]); n++)
			;
		if (text_iso_date(a, i, n)) {
			memset(a + i, '#', 10);
			i += 10;
			continue;
		}
		if (n == 4 && (text_2d(a + i) == 19 || text_2d(a + i) == 20) &&
		    (i == 0 || !text_isalnum(a[i - 1])) &&
		    !text_isalnum(a[i + n]))
			memset(a + i, '#', 4);
		i += n;
	}
	/* Then digits in a row, separators between them skipped
	   ("12-34-56-78", "1 2 3 4"). */
	for (i = 0, run = 0; a[i] != '\0' && !code; i++) {
		if (text_isdigit(a[i])) {
			if (++run >= TEXT_DIGIT_RUN)
				code = true;
			continue;
		}
		if (run > 0 && text_is_sep(a[i])) {
			for (n = i; text_is_sep(a[n]); n++)
				;
			if (text_isdigit(a[n])) {
				i = n - 1;
				continue;
			}
		}
		run = 0;
	}
	free(a);
	return code;
}
