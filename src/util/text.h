/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text.h - make bytes from the radio safe to show and to put in JSON.
 *
 * A device name is attacker-controlled: it may hold terminal escape
 * sequences or invalid UTF-8.  text_sanitize() keeps valid, printable
 * UTF-8 and replaces every control character (C0, DEL, C1), every
 * bidirectional override or isolate (U+202A-U+202E, U+2066-U+2069),
 * every invalid or overlong sequence and every surrogate with '?'.
 * text_utf8_decode() is the one UTF-8 decoder of the tree: the JSON
 * checker and the canonical form (util/json_check.h, util/json_canon.h)
 * use it too.
 */
#ifndef LS_UTIL_TEXT_H
#define LS_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Decode one well-formed UTF-8 sequence at the start of p[0..n) (RFC 3629
 * §4: shortest form only, no surrogates U+D800-U+DFFF, nothing above
 * U+10FFFF).  Returns its length (1-4) and stores the code point in *cp,
 * or returns 0 (and leaves *cp alone) when n is 0 or p[0] does not start
 * a well-formed sequence of at most n bytes.
 */
size_t	text_utf8_decode(const uint8_t *p, size_t n, uint32_t *cp);

/*
 * Sanitise n bytes into out (cap bytes, always NUL-terminated when cap >
 * 0).  Truncates on a character boundary.  Returns the length written.
 */
size_t	text_sanitize(const uint8_t *p, size_t n, char *out, size_t cap);

/*
 * Display width in terminal columns of a sanitised UTF-8 string (one
 * column per code point; wide East Asian forms count 2).
 */
size_t	text_width(const char *s);

/*
 * A duration in words for people, the two largest units: "706 d 2 h",
 * "3 h 5 min", "4 min 10 s", "42 s" ("0 s" for 0).  Callers say the
 * direction ("behind", "ago").  Returns buf.
 */
char	*text_duration(uint64_t seconds, char *buf, size_t len);

/*
 * A clock skew (lock minus laptop, seconds) in words: "706 d 2 h behind",
 * "3 min 5 s ahead", "on time" for 0.  Returns buf.
 */
char	*text_skew(int64_t skew_s, char *buf, size_t len);

#define TEXT_DIGIT_RUN	4	/* digits in a row that may be a code */

/*
 * The one code guard of the tree (counts, never values): true when s
 * holds TEXT_DIGIT_RUN or more digits in a row that may be a code.
 * Digits are first folded to ASCII: every Unicode decimal digit
 * (fullwidth, Arabic-Indic, Devanagari ...) and the digit-like others
 * (superscripts, subscripts, circled); then spaces, hyphens, dashes and
 * underscores between digits are skipped, so "12-34-56-78",
 * "1 2 3 4" and fullwidth "１２３４" are codes.  A year standing as a
 * word (19xx or 20xx, no letter or digit either side) and an ISO date
 * (YYYY-MM-DD, month 01-12, day 01-31) are not: "latch fixed in 2024"
 * and "since 2024-05-01" pass, "code 4821" and "20245" do not.  '.',
 * ':', ',' and '/' separate ("firmware 1.4.2", "12:30").  The end of s
 * counts as a word end, so a screen may call it on each keystroke.
 * Out of memory: true (not stored).
 */
bool	text_may_be_code(const char *s);

#endif
