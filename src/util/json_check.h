/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json_check.h - the one strict checker of JSON input files (profiles,
 * scenarios, visit answers, reports) and the one way their errors are
 * worded.
 *
 * cJSON parses; this module judges the tree cJSON made.  An object is
 * checked against a table of the keys it may hold (name, JSON types,
 * required or not): an unknown key, a key given twice (cJSON keeps both
 * as siblings), a missing required key and a value of the wrong type are
 * refused.  The caller then checks values (ranges, formats) and words
 * those failures with jc_fail() too, so every message has one shape:
 *
 *	FILE: PATH: problem (line L, column C)
 *
 * FILE is the name given to jc_init (left out when NULL), PATH the JSON
 * path of the value ("procedure[4].steps[1].verify", left out at the top
 * level), and the position is where that value (or member name) starts
 * in the text, 1-based, columns counted in bytes.  Positions are found
 * again in the text when a message is made: cJSON keeps none.  Generic
 * problems read "unknown key 'k'", "duplicate key 'k'", "missing key 'k'",
 * "must be a string, not a number", "not valid JSON", "NUL byte", "text
 * after the JSON value".  Names and keys from the file are shown
 * sanitised (util/text.h) and cut, so a hostile file cannot put escape
 * sequences on the terminal through an error message.
 *
 * Deliberately not done: parsing JSON (cJSON does; jc_parse only wraps
 * it), value ranges and formats (each format's own rules), schema
 * languages.  Nothing here prints or reads files.
 */
#ifndef LS_UTIL_JSON_CHECK_H
#define LS_UTIL_JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

struct cJSON;

/* JSON types, as a bit set of what a value may be. */
#define JC_NULL		0x01u
#define JC_BOOL		0x02u
#define JC_NUMBER	0x04u
#define JC_STRING	0x08u
#define JC_ARRAY	0x10u
#define JC_OBJECT	0x20u
#define JC_ANY		0x3fu

/* jc_parse flags. */
#define JC_STRICT	0x01u	/* also the RFC 8259 grammar of
				   util/json_canon.h (jcs_strict) */

#define JC_PATH_MAX	256	/* bytes of a path in a message */
#define JC_QUOTE_MAX	72	/* bytes of a quoted name in a message */

/* One key an object may hold; a table ends with a NULL name. */
struct jc_key {
	const char	*name;
	unsigned	 types;		/* JC_* bits the value may have */
	bool		 required;
};

/* What messages are made from; set up with jc_init and jc_parse. */
struct jc {
	const char		*file;	/* first word of messages, or NULL */
	const char		*text;	/* the text parsed (borrowed), or NULL:
					   then messages carry no position */
	size_t			 len;
	const struct cJSON	*root;	/* paths are taken from here */
	enum ls_err		 code;	/* what failures return: LS_EINPUT
					   unless the caller changes it */
	struct ls_errbuf	*eb;	/* may be NULL */
};

/* Set c up for a file named file (may be NULL); no text, no tree yet. */
void		 jc_init(struct jc *c, const char *file,
		    struct ls_errbuf *eb);

/*
 * Parse len bytes of text (no NUL needed) into *root (caller frees with
 * cJSON_Delete) and remember text, len and the tree in c for messages;
 * text must then live as long as c is used.  Refused, with the position:
 * a NUL byte, text that cJSON cannot parse ("not valid JSON"), anything
 * but white space after the value, and then, for every input, what the
 * RFC 8259 grammar of jcs_strict refuses ("not valid JSON: \u0000 in a
 * string"; lone surrogates, invalid UTF-8, leading zeros).  With
 * JC_STRICT that grammar is checked first (the report verifier's
 * messages).  On failure *root is NULL and c->code is returned.
 */
enum ls_err	 jc_parse(struct jc *c, const char *text, size_t len,
		    unsigned flags, struct cJSON **root);

/*
 * Check that o is an object whose keys are all in the table, none twice,
 * every required one present and every value of its key's types.  The
 * first problem found is the error: members in file order for unknown
 * and duplicate keys, then keys in table order for missing ones and
 * wrong types.
 */
enum ls_err	 jc_object(const struct jc *c, const struct cJSON *o,
		    const struct jc_key *keys);

/*
 * Check that no object at or below v holds a key twice, for input read
 * without key tables (the journal): "duplicate key 'k'".
 */
enum ls_err	 jc_no_dups(const struct jc *c, const struct cJSON *v);

/*
 * Check that o is an object with at most max members and no key twice,
 * whatever the keys are (a map from ids to values): "more than MAX
 * entries", "duplicate key 'k'".
 */
enum ls_err	 jc_map(const struct jc *c, const struct cJSON *o, size_t max);

/* Check that v has one of the types: "must be a string, not a number". */
enum ls_err	 jc_type(const struct jc *c, const struct cJSON *v,
		    unsigned types);

/* The JC_* bit of v's type (0 for a cJSON_Invalid or raw item). */
unsigned	 jc_type_of(const struct cJSON *v);

/* "a string", "a number", "a boolean", "null", "an array", "an object". */
const char	*jc_type_name(const struct cJSON *v);

/*
 * Record an error about value at (NULL: the file as a whole) and return
 * c->code.  The message is "FILE: PATH: " and the formatted problem,
 * then " (line L, column C)" where at starts when the text is known.
 * jc_fail_name is for a problem with a member's name rather than its
 * value: the path is the object's and the position the name's.
 * jc_fail_at takes a byte offset of the text and no path (SIZE_MAX: no
 * position).  The macros record where in the source it was detected.
 */
enum ls_err	 jc_fail_src(const struct jc *c, const char *src, int line,
		    const struct cJSON *at, bool name, const char *fmt, ...)
		    __attribute__((format(printf, 6, 7)));
enum ls_err	 jc_fail_off_src(const struct jc *c, const char *src,
		    int line, size_t off, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));

#define jc_fail(c, at, ...) \
	jc_fail_src((c), __FILE__, __LINE__, (at), false, __VA_ARGS__)
#define jc_fail_name(c, m, ...) \
	jc_fail_src((c), __FILE__, __LINE__, (m), true, __VA_ARGS__)
#define jc_fail_at(c, off, ...) \
	jc_fail_off_src((c), __FILE__, __LINE__, (off), __VA_ARGS__)

/*
 * The JSON path of node v below c->root into buf ("ble[2].gatt[0].uuid",
 * "" for the root itself; keys sanitised; cut with "..." to fit len).
 * False, with buf "", when v is not in the tree.
 */
bool		 jc_path(const struct jc *c, const struct cJSON *v, char *buf,
		    size_t len);

/*
 * Byte offset in c->text where v starts (with name, where the name of
 * the member v starts).  False when there is no text or v cannot be
 * found in it.
 */
bool		 jc_locate(const struct jc *c, const struct cJSON *v, bool name,
		    size_t *off);

/*
 * Line and column (both 1-based; a column counts bytes) of byte offset
 * off in text[0..len): the one line and column finder of the tree.  An
 * offset past the end counts as the end.
 */
void		 jc_linecol(const char *text, size_t len, size_t off,
		    size_t *line, size_t *col);

/*
 * s made fit for a message: sanitised (control characters, invalid
 * UTF-8 and bidirectional overrides become '?') and cut to cap bytes
 * with "..." when longer.  Returns out.
 */
const char	*jc_quote(const char *s, char *out, size_t cap);

#endif
