/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json_canon.h - the canonical form of a JSON value (RFC 8785, the JSON
 * Canonicalization Scheme, "JCS") and the strict grammar check that
 * text must pass before its canonical form can mean anything.
 *
 * Canonical form (RFC 8785 §3.2): no insignificant whitespace; members
 * sorted by their names' UTF-16 code units (§3.2.3); strings with only
 * the mandatory escapes, '"', '\\' and C0 controls, using \b \t \n \f \r
 * and otherwise \u00xx in lower-case hex (§3.2.2.2); numbers in the
 * ECMAScript Number-to-String form (§3.2.2.3); literals as they are.
 * Duplicate member names, invalid UTF-8 and non-finite numbers are
 * refused (I-JSON, RFC 7493, which §3.1 requires).
 *
 * The strict check reads text by the RFC 8259 grammar and I-JSON: no
 * leading zeros, no raw control characters in strings, valid UTF-8, no
 * lone surrogate escapes, no "\u0000", no trailing text.  It exists
 * because cJSON reads some invalid text leniently, and text that is not
 * JSON must not verify as the JSON it resembles.
 *
 * Deliberately not done: parsing (cJSON does it), Unicode normalisation
 * (RFC 8785 §3.2.2.2 forbids it), numbers beyond IEEE 754 doubles.
 * Nothing here prints or reads files.
 */
#ifndef LS_UTIL_JSON_CANON_H
#define LS_UTIL_JSON_CANON_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

struct cJSON;

#define JCS_DEPTH_MAX	64	/* nesting of arrays and objects */
#define JCS_NUM_MAX	32	/* characters in a number token (strict) */

/*
 * The ECMAScript Number-to-String form of a finite double (RFC 8785
 * §3.2.2.3: "1e+30", "0.002", "333333333.3333333", "-0" as "0") into
 * out, which must hold at least 32 bytes.  False for NaN, infinities or
 * a smaller out.
 */
bool		 jcs_number(double d, char *out, size_t cap);

/*
 * The canonical form of o into a malloc'd buffer: *out holds *len bytes
 * and a NUL after them (so the caller may put a newline there).  omit
 * (may be NULL) names one member of the top-level object left out, as a
 * signature member is.  max caps the buffer: larger output is LS_ENOMEM.
 * LS_EINPUT for what JCS refuses: duplicate member names, invalid UTF-8,
 * non-finite numbers, nesting deeper than JCS_DEPTH_MAX, raw values.
 * On failure *out is NULL and eb (may be NULL) says why.
 */
enum ls_err	 jcs_canonical(const struct cJSON *o, const char *omit,
		    size_t max, char **out, size_t *len, struct ls_errbuf *eb);

/*
 * Check n bytes of text against the strict grammar: one JSON value and
 * nothing but whitespace after it, nested at most JCS_DEPTH_MAX deep,
 * numbers at most JCS_NUM_MAX characters.  True when it holds; otherwise
 * false with *off the byte offset where the text goes wrong and *why a
 * static phrase ("unterminated string", "bad number"...).
 */
bool		 jcs_strict(const char *text, size_t n, size_t *off,
		    const char **why);

#endif
