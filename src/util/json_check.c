/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json_check.c - strict checks of cJSON trees against key tables, and
 * path-qualified, positioned error messages (util/json_check.h).
 *
 * cJSON records no positions, but it keeps members and elements in file
 * order, duplicates included.  So a node is found again in the text by
 * its chain of ordinals from the root: skip that many members or
 * elements at each level, without decoding anything.  The skipping
 * reads what cJSON has already accepted (white space is every byte up
 * to 0x20, as cJSON has it; a byte-order mark may lead), and gives up
 * without a position on anything unexpected, so a position is never
 * wrong, only sometimes missing.
 *
 * Duplicate keys: cJSON keeps both members, and cJSON_GetObjectItem
 * returns the first, so a checker that does not look would silently
 * ignore the second.  jc_object compares each member with the ones
 * before it (bounded by the table: a member is compared only when every
 * earlier one was a distinct known key); jc_map, whose keys are free,
 * sorts when there are many.
 *
 * Not done here: reading files, value ranges and formats.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/json_canon.h"
#include "util/json_check.h"
#include "util/text.h"

#define JC_CHAIN_MAX	1100	/* cJSON nests at most 1000 deep */
#define JC_MAP_SORT	32	/* jc_map sorts above this many members */

void
jc_init(struct jc *c, const char *file, struct ls_errbuf *eb)
{
	memset(c, 0, sizeof *c);
	c->file = file;
	c->code = LS_EINPUT;
	c->eb = eb;
}

unsigned
jc_type_of(const cJSON *v)
{
	if (cJSON_IsNull(v))
		return JC_NULL;
	if (cJSON_IsBool(v))
		return JC_BOOL;
	if (cJSON_IsNumber(v))
		return JC_NUMBER;
	if (cJSON_IsString(v) && v->valuestring != NULL)
		return JC_STRING;
	if (cJSON_IsArray(v))
		return JC_ARRAY;
	if (cJSON_IsObject(v))
		return JC_OBJECT;
	return 0;
}

const char *
jc_type_name(const cJSON *v)
{
	switch (jc_type_of(v)) {
	case JC_NULL:
		return "null";
	case JC_BOOL:
		return "a boolean";
	case JC_NUMBER:
		return "a number";
	case JC_STRING:
		return "a string";
	case JC_ARRAY:
		return "an array";
	case JC_OBJECT:
		return "an object";
	default:
		return "invalid";
	}
}

const char *
jc_quote(const char *s, char *out, size_t cap)
{
	size_t	n;

	if (cap < 4) {
		if (cap > 0)
			out[0] = '\0';
		return out;
	}
	n = strlen(s);
	/* Sanitising never lengthens: shorter than cap fits whole. */
	if (n < cap) {
		text_sanitize((const uint8_t *)s, n, out, cap);
		return out;
	}
	n = text_sanitize((const uint8_t *)s, n, out, cap - 3);
	memcpy(out + n, "...", 4);
	return out;
}

void
jc_linecol(const char *text, size_t len, size_t off, size_t *line,
    size_t *col)
{
	const char	*p = text, *end, *nl;

	if (off > len)
		off = len;
	end = text + off;
	*line = 1;
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		(*line)++;
		p = nl + 1;
	}
	*col = (size_t)(end - p) + 1;
}

/* ---- finding a node: its chain from the root ------------------------ */

/*
 * Fill chain[0..] with the nodes from cur down to want; returns how many
 * (0 when want is not below cur).
 */
static size_t
jc_chain_from(const cJSON *cur, const cJSON *want, const cJSON **chain,
    size_t depth)
{
	const cJSON	*k;
	size_t		 r;

	if (depth >= JC_CHAIN_MAX)
		return 0;
	chain[depth] = cur;
	if (cur == want)
		return depth + 1;
	if (!cJSON_IsArray(cur) && !cJSON_IsObject(cur))
		return 0;
	for (k = cur->child; k != NULL; k = k->next)
		if ((r = jc_chain_from(k, want, chain, depth + 1)) != 0)
			return r;
	return 0;
}

/* The chain from c->root to v in a new array (*n nodes), or NULL. */
static const cJSON **
jc_chain(const struct jc *c, const cJSON *v, size_t *n)
{
	const cJSON	**chain;

	*n = 0;
	if (c->root == NULL || v == NULL ||
	    (chain = malloc(JC_CHAIN_MAX * sizeof *chain)) == NULL)
		return NULL;
	if ((*n = jc_chain_from(c->root, v, chain, 0)) == 0) {
		free(chain);
		return NULL;
	}
	return chain;
}

static size_t
jc_ordinal(const cJSON *parent, const cJSON *child)
{
	const cJSON	*k;
	size_t		 i = 0;

	for (k = parent->child; k != NULL && k != child; k = k->next)
		i++;
	return i;
}

/* Path of chain[0..n) into buf (len > 4). */
static void
jc_path_of(const cJSON *const *chain, size_t n, char *buf, size_t len)
{
	char	seg[JC_QUOTE_MAX + 24], q[JC_QUOTE_MAX];
	size_t	i, w = 0, l;

	buf[0] = '\0';
	for (i = 1; i < n; i++) {
		if (cJSON_IsArray(chain[i - 1]))
			snprintf(seg, sizeof seg, "[%zu]",
			    jc_ordinal(chain[i - 1], chain[i]));
		else
			snprintf(seg, sizeof seg, "%s%s", w > 0 ? "." : "",
			    jc_quote(chain[i]->string != NULL ?
			    chain[i]->string : "", q, sizeof q));
		l = strlen(seg);
		if (w + l >= len) {
			memcpy(buf + (w < len - 4 ? w : len - 4), "...", 4);
			return;
		}
		memcpy(buf + w, seg, l + 1);
		w += l;
	}
}

bool
jc_path(const struct jc *c, const cJSON *v, char *buf, size_t len)
{
	const cJSON	**chain;
	size_t		  n;

	if (len < 5) {
		if (len > 0)
			buf[0] = '\0';
		return false;
	}
	buf[0] = '\0';
	if ((chain = jc_chain(c, v, &n)) == NULL)
		return false;
	jc_path_of(chain, n, buf, len);
	free(chain);
	return true;
}

/* ---- finding a node: its place in the text -------------------------- */

struct jc_scan {
	const uint8_t	*p;
	size_t		 n, i;
};

static void
jc_scan_ws(struct jc_scan *s)
{
	while (s->i < s->n && s->p[s->i] <= 0x20)
		s->i++;
}

static bool
jc_scan_is(struct jc_scan *s, uint8_t ch)
{
	jc_scan_ws(s);
	if (s->i >= s->n || s->p[s->i] != ch)
		return false;
	s->i++;
	return true;
}

/* A string whose opening quote is at s->i. */
static bool
jc_scan_string(struct jc_scan *s)
{
	if (s->i >= s->n || s->p[s->i] != '"')
		return false;
	for (s->i++; s->i < s->n; s->i++) {
		if (s->p[s->i] == '\\')
			s->i++;
		else if (s->p[s->i] == '"') {
			s->i++;
			return true;
		}
	}
	return false;
}

/* Any value, without recursion: brackets are counted, strings skipped. */
static bool
jc_scan_value(struct jc_scan *s)
{
	size_t	depth = 0;
	uint8_t	ch;

	jc_scan_ws(s);
	if (s->i >= s->n)
		return false;
	ch = s->p[s->i];
	if (ch == '"')
		return jc_scan_string(s);
	if (ch != '{' && ch != '[') {
		while (s->i < s->n && s->p[s->i] > 0x20 && s->p[s->i] != ',' &&
		    s->p[s->i] != ']' && s->p[s->i] != '}')
			s->i++;
		return true;
	}
	while (s->i < s->n) {
		ch = s->p[s->i];
		if (ch == '"') {
			if (!jc_scan_string(s))
				return false;
			continue;
		}
		if (ch == '{' || ch == '[')
			depth++;
		else if (ch == '}' || ch == ']') {
			if (depth-- == 0)
				return false;
			if (depth == 0) {
				s->i++;
				return true;
			}
		}
		s->i++;
	}
	return false;
}

/*
 * Offset of chain[n - 1] in text; with name (and a parent object), of
 * its member name.
 */
static bool
jc_locate_chain(const struct jc *c, const cJSON *const *chain, size_t n,
    bool name, size_t *off)
{
	struct jc_scan	s = { (const uint8_t *)c->text, c->len, 0 };
	size_t		d, k, ord;
	bool		obj;

	if (c->text == NULL || n == 0)
		return false;
	if (s.n >= 3 && memcmp(s.p, "\xef\xbb\xbf", 3) == 0)
		s.i = 3;
	for (d = 1; d < n; d++) {
		obj = cJSON_IsObject(chain[d - 1]);
		if (!jc_scan_is(&s, obj ? '{' : '['))
			return false;
		ord = jc_ordinal(chain[d - 1], chain[d]);
		for (k = 0; k <= ord; k++) {
			if (k > 0 && !jc_scan_is(&s, ','))
				return false;
			if (obj) {
				jc_scan_ws(&s);
				if (k == ord && d == n - 1 && name) {
					*off = s.i;
					return s.i < s.n && s.p[s.i] == '"';
				}
				if (!jc_scan_string(&s) || !jc_scan_is(&s, ':'))
					return false;
			}
			if (k < ord && !jc_scan_value(&s))
				return false;
		}
	}
	jc_scan_ws(&s);
	*off = s.i;
	return s.i < s.n;
}

bool
jc_locate(const struct jc *c, const cJSON *v, bool name, size_t *off)
{
	const cJSON	**chain;
	size_t		  n;
	bool		  ok;

	if (c->text == NULL || (chain = jc_chain(c, v, &n)) == NULL)
		return false;
	ok = jc_locate_chain(c, chain, n, name, off);
	free(chain);
	return ok;
}

/* ---- messages --------------------------------------------------------- */

static enum ls_err
jc_emit(const struct jc *c, const char *src, int line, const char *path,
    bool located, size_t off, const char *msg)
{
	char	pos[64];
	size_t	l, col;

	pos[0] = '\0';
	if (located && c->text != NULL) {
		jc_linecol(c->text, c->len, off, &l, &col);
		snprintf(pos, sizeof pos, " (line %zu, column %zu)", l, col);
	}
	return ls_err_set_at(c->eb, src, line, c->code, "%s%s%s%s%s%s",
	    c->file != NULL ? c->file : "", c->file != NULL ? ": " : "",
	    path, path[0] != '\0' ? ": " : "", msg, pos);
}

enum ls_err
jc_fail_src(const struct jc *c, const char *src, int line, const cJSON *at,
    bool name, const char *fmt, ...)
{
	const cJSON	**chain = NULL;
	char		  msg[400], path[JC_PATH_MAX];
	size_t		  n = 0, off = 0;
	bool		  located = false;
	va_list		  ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	path[0] = '\0';
	if (at != NULL && (chain = jc_chain(c, at, &n)) != NULL) {
		if (n < 2)
			name = false;
		jc_path_of(chain, name ? n - 1 : n, path, sizeof path);
		located = jc_locate_chain(c, chain, n, name, &off);
		free(chain);
	}
	return jc_emit(c, src, line, path, located, off, msg);
}

enum ls_err
jc_fail_off_src(const struct jc *c, const char *src, int line, size_t off,
    const char *fmt, ...)
{
	char	msg[400];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return jc_emit(c, src, line, "", off != SIZE_MAX, off, msg);
}

static enum ls_err
jc_nomem(const struct jc *c)
{
	return ls_err_set(c->eb, LS_ENOMEM, "%s%sout of memory",
	    c->file != NULL ? c->file : "", c->file != NULL ? ": " : "");
}

/* ---- checks ----------------------------------------------------------- */

/* "a string or null", "true or false", ... for a set of JC_* bits. */
static void
jc_types_str(unsigned types, char *out, size_t cap)
{
	static const struct {
		unsigned	 bit;
		const char	*name;
	} names[] = {
		{ JC_OBJECT, "an object" }, { JC_ARRAY, "an array" },
		{ JC_STRING, "a string" }, { JC_NUMBER, "a number" },
		{ JC_BOOL, "true or false" }, { JC_NULL, "null" },
	};
	size_t	i, k = 0, total = 0, w = 0;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (types & names[i].bit)
			total++;
	out[0] = '\0';
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(types & names[i].bit))
			continue;
		k++;
		w += (size_t)snprintf(out + w, w < cap ? cap - w : 0, "%s%s",
		    k == 1 ? "" : k == total ? " or " : ", ", names[i].name);
		if (w >= cap)
			return;
	}
}

enum ls_err
jc_type(const struct jc *c, const cJSON *v, unsigned types)
{
	char	want[96];

	if (jc_type_of(v) & types)
		return LS_OK;
	jc_types_str(types, want, sizeof want);
	return jc_fail(c, v, "must be %s, not %s", want, jc_type_name(v));
}

static const char *
jc_key_of(const cJSON *m)
{
	return m->string != NULL ? m->string : "";
}

enum ls_err
jc_object(const struct jc *c, const cJSON *o, const struct jc_key *keys)
{
	const struct jc_key	*k;
	const cJSON		*m, *d, *v;
	char			 q[JC_QUOTE_MAX];
	enum ls_err		 e;

	if ((e = jc_type(c, o, JC_OBJECT)) != LS_OK)
		return e;
	for (m = o->child; m != NULL; m = m->next) {
		for (k = keys; k->name != NULL; k++)
			if (strcmp(k->name, jc_key_of(m)) == 0)
				break;
		if (k->name == NULL)
			return jc_fail_name(c, m, "unknown key '%s'",
			    jc_quote(jc_key_of(m), q, sizeof q));
		for (d = o->child; d != m; d = d->next)
			if (strcmp(jc_key_of(d), jc_key_of(m)) == 0)
				return jc_fail_name(c, m, "duplicate key '%s'",
				    jc_quote(jc_key_of(m), q, sizeof q));
	}
	for (k = keys; k->name != NULL; k++) {
		v = cJSON_GetObjectItemCaseSensitive(o, k->name);
		if (v == NULL) {
			if (k->required)
				return jc_fail(c, o, "missing key '%s'",
				    k->name);
			continue;
		}
		if ((e = jc_type(c, v, k->types)) != LS_OK)
			return e;
	}
	return LS_OK;
}

/* For sorting members by key, then by file order. */
struct jc_ent {
	const cJSON	*m;
	size_t		 idx;
};

static int
jc_ent_cmp(const void *a, const void *b)
{
	const struct jc_ent	*x = a, *y = b;
	int			 r = strcmp(jc_key_of(x->m), jc_key_of(y->m));

	if (r != 0)
		return r;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * The first of o's first n members (file order) whose key an earlier one
 * has, or NULL.  *oom on allocation failure.
 */
static const cJSON *
jc_first_dup(const cJSON *o, size_t n, bool *oom)
{
	struct jc_ent	*e;
	const cJSON	*m, *d, *best = NULL;
	size_t		 i, bi = SIZE_MAX;

	*oom = false;
	if (n <= JC_MAP_SORT) {
		for (m = o->child, i = 0; m != NULL && i < n; m = m->next, i++)
			for (d = o->child; d != m; d = d->next)
				if (strcmp(jc_key_of(d), jc_key_of(m)) == 0)
					return m;
		return NULL;
	}
	if ((e = calloc(n, sizeof *e)) == NULL) {
		*oom = true;
		return NULL;
	}
	for (m = o->child, i = 0; m != NULL && i < n; m = m->next, i++) {
		e[i].m = m;
		e[i].idx = i;
	}
	qsort(e, n, sizeof *e, jc_ent_cmp);
	/* In a run of equal keys the second is the first repeat. */
	for (i = 1; i < n; i++)
		if (strcmp(jc_key_of(e[i - 1].m), jc_key_of(e[i].m)) == 0 &&
		    (i < 2 || strcmp(jc_key_of(e[i - 2].m),
		    jc_key_of(e[i].m)) != 0) && e[i].idx < bi) {
			bi = e[i].idx;
			best = e[i].m;
		}
	free(e);
	return best;
}

enum ls_err
jc_map(const struct jc *c, const cJSON *o, size_t max)
{
	const cJSON	*m, *dup;
	char		 q[JC_QUOTE_MAX];
	size_t		 n = 0;
	enum ls_err	 e;
	bool		 oom;

	if ((e = jc_type(c, o, JC_OBJECT)) != LS_OK)
		return e;
	for (m = o->child; m != NULL && n <= max; m = m->next)
		n++;
	dup = jc_first_dup(o, n > max ? max : n, &oom);
	if (oom)
		return jc_nomem(c);
	if (dup != NULL)
		return jc_fail_name(c, dup, "duplicate key '%s'",
		    jc_quote(jc_key_of(dup), q, sizeof q));
	if (n > max) {
		for (m = o->child, n = 0; n < max; m = m->next)
			n++;
		return jc_fail_name(c, m, "more than %zu entries", max);
	}
	return LS_OK;
}

/* ---- parsing ------------------------------------------------------------ */

static bool
jc_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\v' || ch == '\f';
}

static int
jc_cmp_member(const void *a, const void *b)
{
	const cJSON	*x = *(const cJSON *const *)a;
	const cJSON	*y = *(const cJSON *const *)b;

	return strcmp(x->string != NULL ? x->string : "",
	    y->string != NULL ? y->string : "");
}

/* The member of object v that repeats an earlier name, or NULL. */
static const cJSON *
jc_dup_member(const struct jc *c, const cJSON *v, bool *nomem)
{
	const cJSON	*m, *k, **all;
	size_t		 n = 0, i;

	*nomem = false;
	for (m = v->child; m != NULL; m = m->next)
		n++;
	if (n <= 32) {
		for (m = v->child; m != NULL; m = m->next)
			for (k = v->child; k != m; k = k->next)
				if (k->string != NULL && m->string != NULL &&
				    strcmp(k->string, m->string) == 0)
					return m;
		return NULL;
	}
	/* Many members: sort them by name, look at neighbours. */
	(void)c;
	if ((all = malloc(n * sizeof *all)) == NULL) {
		*nomem = true;
		return NULL;
	}
	for (i = 0, m = v->child; m != NULL; m = m->next)
		all[i++] = m;
	qsort(all, n, sizeof *all, jc_cmp_member);
	for (i = 1, m = NULL; i < n && m == NULL; i++)
		if (jc_cmp_member(&all[i - 1], &all[i]) == 0)
			m = all[i];
	free(all);
	return m;
}

/* No object at or below v holds a key twice (depth-capped walk). */
static enum ls_err
jc_dups(const struct jc *c, const cJSON *v, unsigned depth);

enum ls_err
jc_no_dups(const struct jc *c, const struct cJSON *v)
{
	return jc_dups(c, v, 0);
}

static enum ls_err
jc_dups(const struct jc *c, const cJSON *v, unsigned depth)
{
	const cJSON	*m;
	char		 q[JC_QUOTE_MAX];
	bool		 nomem;

	if (depth > 512)
		return jc_fail(c, v, "nested too deep");
	if (cJSON_IsObject(v)) {
		m = jc_dup_member(c, v, &nomem);
		if (nomem)
			return jc_nomem(c);
		if (m != NULL)
			return jc_fail_name(c, m, "duplicate key '%s'",
			    jc_quote(m->string, q, sizeof q));
	}
	for (m = v->child; m != NULL; m = m->next)
		if ((cJSON_IsObject(m) || cJSON_IsArray(m)) &&
		    jc_dups(c, m, depth + 1) != LS_OK)
			return c->code;
	return LS_OK;
}

enum ls_err
jc_parse(struct jc *c, const char *text, size_t len, unsigned flags,
    cJSON **root)
{
	const char	*nul, *end = NULL, *why;
	char		*copy;
	cJSON		*r;
	size_t		 off, i, bom;

	*root = NULL;
	c->text = text;
	c->len = len;
	c->root = NULL;
	if ((nul = memchr(text, '\0', len)) != NULL)
		return jc_fail_at(c, (size_t)(nul - text), "NUL byte");
	if ((flags & JC_STRICT) && !jcs_strict(text, len, &off, &why))
		return jc_fail_at(c, off, "not valid JSON: %s", why);
	/* cJSON is given the terminating NUL too: its error positions
	 * then fall on the end of the text, not before it. */
	if ((copy = malloc(len + 1)) == NULL)
		return jc_nomem(c);
	memcpy(copy, text, len);
	copy[len] = '\0';
	r = cJSON_ParseWithLengthOpts(copy, len + 1, &end, 0);
	off = end != NULL && end >= copy && end <= copy + len ?
	    (size_t)(end - copy) : 0;
	free(copy);
	if (r == NULL)
		return jc_fail_at(c, off, "not valid JSON");
	for (i = off; i < len; i++)
		if (!jc_space(text[i])) {
			cJSON_Delete(r);
			return jc_fail_at(c, i, "text after the JSON value");
		}
	/* Every JSON input of the tree is held to the same grammar (RFC
	 * 8259 as jcs_strict reads it: no \u0000 that cJSON would cut a
	 * string at, no lone surrogates, valid UTF-8, no leading zeros);
	 * checked after cJSON so that its messages stay the first. */
	bom = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	if (!(flags & JC_STRICT) && !jcs_strict(text + bom, len - bom, &off,
	    &why)) {
		cJSON_Delete(r);
		return jc_fail_at(c, off + bom, "not valid JSON: %s", why);
	}
	c->root = r;
	*root = r;
	return LS_OK;
}
