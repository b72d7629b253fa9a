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

#endif
