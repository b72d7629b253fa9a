/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json_canon.c - RFC 8785 canonical form of a cJSON tree, and the strict
 * RFC 8259 grammar check (util/json_canon.h).
 *
 * RFC 8785 references: 3.2.2.2 (string serialisation: only '"', '\\' and
 * C0 controls escaped, \b \t \n \f \r short forms, \u00xx lower-case
 * hex), 3.2.2.3 (numbers: ECMAScript Number.prototype.toString), 3.2.3
 * (member names sorted by UTF-16 code units), 3.1 (I-JSON: duplicate
 * names, invalid Unicode refused).  The strict check follows the RFC
 * 8259 grammar (section 6 numbers, 7 strings), so that text cJSON reads
 * leniently (leading zeros, "\u0000", over-long numbers) is refused.
 *
 * The output bytes are what signed visit reports were digested over:
 * any change here breaks the verification of existing reports, so the
 * unit tests pin them (tests/unit/test_json_canon.c, test_report.c).
 * Not done here: reading files, parsing (cJSON), Unicode normalisation.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/json_canon.h"
#include "util/text.h"

/* ---- growable output buffer with a ceiling ---------------------------- */

struct jcs_buf {
	char	*p;
	size_t	 n, cap, max;
	bool	 full;		/* out of memory or over the ceiling */
};

static void
jcs_add(struct jcs_buf *b, const char *s, size_t n)
{
	size_t	 ncap;
	char	*np;

	if (b->full)
		return;
	if (b->n + n + 1 > b->cap) {
		ncap = b->cap == 0 ? 1024 : b->cap;
		while (ncap < b->n + n + 1)
			ncap *= 2;
		if (ncap > b->max || (np = realloc(b->p, ncap)) == NULL) {
			b->full = true;
			return;
		}
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
jcs_puts(struct jcs_buf *b, const char *s)
{
	jcs_add(b, s, strlen(s));
}

/* ---- UTF-8 and UTF-16 order -------------------------------------------- */

static bool
jcs_utf8_valid(const char *s)
{
	const uint8_t	*p = (const uint8_t *)s;
	size_t		 n = strlen(s), l;
	uint32_t	 cp;

	while (n > 0) {
		if ((l = text_utf8_decode(p, n, &cp)) == 0)
			return false;
		p += l;
		n -= l;
	}
	return true;
}

/* UTF-16 code unit iterator over valid UTF-8 (RFC 8785 3.2.3 order). */
struct jcs_u16 {
	const uint8_t	*p;
	size_t		 n;
	uint16_t	 pend;
};

static int
jcs_u16_next(struct jcs_u16 *it)
{
	uint32_t	cp;
	size_t		l;
	int		u;

	if (it->pend != 0) {
		u = it->pend;
		it->pend = 0;
		return u;
	}
	if (it->n == 0 || (l = text_utf8_decode(it->p, it->n, &cp)) == 0)
		return -1;
	it->p += l;
	it->n -= l;
	if (cp >= 0x10000) {
		cp -= 0x10000;
		it->pend = (uint16_t)(0xdc00 | (cp & 0x3ff));
		return (int)(0xd800 | (cp >> 10));
	}
	return (int)cp;
}

static int
jcs_namecmp(const void *a, const void *b)
{
	const cJSON	*x = *(const cJSON *const *)a;
	const cJSON	*y = *(const cJSON *const *)b;
	struct jcs_u16	 i = { (const uint8_t *)x->string,
	    strlen(x->string), 0 };
	struct jcs_u16	 j = { (const uint8_t *)y->string,
	    strlen(y->string), 0 };
	int		 u, v;

	for (;;) {
		u = jcs_u16_next(&i);
		v = jcs_u16_next(&j);
		if (u != v)
			return u < v ? -1 : 1;
		if (u < 0)
			return 0;
	}
}

/* ---- canonical serialisation (RFC 8785) ------------------------------ */

bool
jcs_number(double d, char *out, size_t cap)
{
	char	 tmp[40], digits[24], *q, *o = out, *end = out + cap;
	int	 p, e, k, n, i;

	if (!isfinite(d) || cap < 32)
		return false;
	if (d == 0) {		/* also -0 */
		snprintf(out, cap, "0");
		return true;
	}
	/* Fewest significant digits that read back as d. */
	for (p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof tmp, "%.*e", p - 1, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	q = tmp;
	if (*q == '-') {
		*o++ = '-';
		q++;
	}
	for (k = 0; *q != 'e' && *q != '\0'; q++)
		if (*q >= '0' && *q <= '9' && k < (int)sizeof digits - 1)
			digits[k++] = *q;
	e = *q == 'e' ? (int)strtol(q + 1, NULL, 10) : 0;
	while (k > 1 && digits[k - 1] == '0')
		k--;
	digits[k] = '\0';
	n = e + 1;		/* d = 0.digits * 10^n */
	if (k <= n && n <= 21) {
		o += snprintf(o, (size_t)(end - o), "%s", digits);
		for (i = 0; i < n - k; i++)
			*o++ = '0';
	} else if (0 < n && n <= 21) {
		o += snprintf(o, (size_t)(end - o), "%.*s.%s", n, digits,
		    digits + n);
	} else if (-6 < n && n <= 0) {
		o += snprintf(o, (size_t)(end - o), "0.");
		for (i = 0; i < -n; i++)
			*o++ = '0';
		o += snprintf(o, (size_t)(end - o), "%s", digits);
	} else {
		if (k == 1)
			o += snprintf(o, (size_t)(end - o), "%c", digits[0]);
		else
			o += snprintf(o, (size_t)(end - o), "%c.%s",
			    digits[0], digits + 1);
		o += snprintf(o, (size_t)(end - o), "e%c%d",
		    n - 1 < 0 ? '-' : '+', abs(n - 1));
	}
	*o = '\0';
	return true;
}

static void
jcs_string(struct jcs_buf *b, const char *s)
{
	char		 esc[8];
	const char	*run = s;

	jcs_add(b, "\"", 1);
	for (; *s != '\0'; s++) {
		unsigned char	c = (unsigned char)*s;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jcs_add(b, run, (size_t)(s - run));
		switch (c) {
		case '"': jcs_puts(b, "\\\""); break;
		case '\\': jcs_puts(b, "\\\\"); break;
		case '\b': jcs_puts(b, "\\b"); break;
		case '\f': jcs_puts(b, "\\f"); break;
		case '\n': jcs_puts(b, "\\n"); break;
		case '\r': jcs_puts(b, "\\r"); break;
		case '\t': jcs_puts(b, "\\t"); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", c);
			jcs_puts(b, esc);
			break;
		}
		run = s + 1;
	}
	jcs_add(b, run, (size_t)(s - run));
	jcs_add(b, "\"", 1);
}

static enum ls_err
jcs_value(struct jcs_buf *b, const cJSON *o, int depth, const char *omit,
    struct ls_errbuf *eb)
{
	const cJSON	**kids = NULL, *it;
	char		  num[40];
	size_t		  n, i;
	enum ls_err	  e = LS_OK;

	if (depth > JCS_DEPTH_MAX)
		return ls_err_set(eb, LS_EINPUT, "nested deeper than %d",
		    JCS_DEPTH_MAX);
	if (cJSON_IsNull(o))
		jcs_puts(b, "null");
	else if (cJSON_IsTrue(o))
		jcs_puts(b, "true");
	else if (cJSON_IsFalse(o))
		jcs_puts(b, "false");
	else if (cJSON_IsNumber(o)) {
		if (!jcs_number(o->valuedouble, num, sizeof num))
			return ls_err_set(eb, LS_EINPUT, "a number that JSON "
			    "cannot hold");
		jcs_puts(b, num);
	} else if (cJSON_IsString(o)) {
		if (!jcs_utf8_valid(o->valuestring))
			return ls_err_set(eb, LS_EINPUT, "a string that is not "
			    "valid UTF-8");
		jcs_string(b, o->valuestring);
	} else if (cJSON_IsArray(o)) {
		jcs_add(b, "[", 1);
		i = 0;
		cJSON_ArrayForEach(it, o) {
			if (i++ > 0)
				jcs_add(b, ",", 1);
			e = jcs_value(b, it, depth + 1, NULL, eb);
			if (e != LS_OK)
				return e;
		}
		jcs_add(b, "]", 1);
	} else if (cJSON_IsObject(o)) {
		n = 0;
		cJSON_ArrayForEach(it, o)
			n++;
		if (n > 0 && (kids = calloc(n, sizeof *kids)) == NULL)
			return ls_err_set(eb, LS_ENOMEM, "out of memory");
		n = 0;
		cJSON_ArrayForEach(it, o) {
			if (it->string == NULL || !jcs_utf8_valid(it->string)) {
				free(kids);
				return ls_err_set(eb, LS_EINPUT, "a member "
				    "name that is not valid UTF-8");
			}
			if (omit != NULL && strcmp(it->string, omit) == 0)
				continue;
			kids[n++] = it;
		}
		if (n > 1)
			qsort(kids, n, sizeof *kids, jcs_namecmp);
		jcs_add(b, "{", 1);
		for (i = 0; i < n && e == LS_OK; i++) {
			if (i > 0 && jcs_namecmp(&kids[i - 1], &kids[i]) == 0) {
				e = ls_err_set(eb, LS_EINPUT, "duplicate "
				    "member name \"%.40s\"", kids[i]->string);
				break;
			}
			if (i > 0)
				jcs_add(b, ",", 1);
			jcs_string(b, kids[i]->string);
			jcs_add(b, ":", 1);
			e = jcs_value(b, kids[i], depth + 1, NULL, eb);
		}
		jcs_add(b, "}", 1);
		free(kids);
	} else
		return ls_err_set(eb, LS_EINPUT, "a value JSON cannot hold");
	return e;
}

enum ls_err
jcs_canonical(const cJSON *o, const char *omit, size_t max, char **out,
    size_t *len, struct ls_errbuf *eb)
{
	struct jcs_buf	b = { NULL, 0, 0, max, false };
	enum ls_err	e;

	*out = NULL;
	*len = 0;
	if ((e = jcs_value(&b, o, 0, omit, eb)) != LS_OK) {
		free(b.p);
		return e;
	}
	if (b.full || b.p == NULL) {
		free(b.p);
		return ls_err_set(eb, LS_ENOMEM, "canonical form larger than "
		    "%zu bytes or out of memory", max);
	}
	*out = b.p;
	*len = b.n;
	return LS_OK;
}

/* ---- strict JSON grammar (RFC 8259) ----------------------------------- */

struct jcs_sj {
	const uint8_t	*p;
	size_t		 n, i;
	const char	*why;
};

static void
jcs_sj_ws(struct jcs_sj *s)
{
	while (s->i < s->n && (s->p[s->i] == ' ' || s->p[s->i] == '\t' ||
	    s->p[s->i] == '\n' || s->p[s->i] == '\r'))
		s->i++;
}

static bool
jcs_sj_fail(struct jcs_sj *s, const char *why)
{
	s->why = why;
	return false;
}

static int
jcs_sj_hex4(struct jcs_sj *s)
{
	int	v = 0, k, c;

	if (s->n - s->i < 4)
		return -1;
	for (k = 0; k < 4; k++) {
		c = s->p[s->i + k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	s->i += 4;
	return v;
}

static bool
jcs_sj_string(struct jcs_sj *s)
{
	uint32_t	cp;
	size_t		l;
	int		u, lo;

	s->i++;		/* opening quote */
	for (;;) {
		if (s->i >= s->n)
			return jcs_sj_fail(s, "unterminated string");
		if (s->p[s->i] == '"') {
			s->i++;
			return true;
		}
		if (s->p[s->i] < 0x20)
			return jcs_sj_fail(s, "control character in a string");
		if (s->p[s->i] != '\\') {
			if ((l = text_utf8_decode(s->p + s->i, s->n - s->i,
			    &cp)) == 0)
				return jcs_sj_fail(s, "invalid UTF-8");
			s->i += l;
			continue;
		}
		if (++s->i >= s->n)
			return jcs_sj_fail(s, "unterminated escape");
		switch (s->p[s->i++]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n':
		case 'r': case 't':
			break;
		case 'u':
			if ((u = jcs_sj_hex4(s)) < 0)
				return jcs_sj_fail(s, "bad \\u escape");
			if (u == 0)
				return jcs_sj_fail(s, "\\u0000 in a string");
			if (u >= 0xdc00 && u <= 0xdfff)
				return jcs_sj_fail(s, "lone surrogate");
			if (u >= 0xd800 && u <= 0xdbff) {
				if (s->n - s->i < 6 || s->p[s->i] != '\\' ||
				    s->p[s->i + 1] != 'u')
					return jcs_sj_fail(s, "lone surrogate");
				s->i += 2;
				lo = jcs_sj_hex4(s);
				if (lo < 0xdc00 || lo > 0xdfff)
					return jcs_sj_fail(s, "lone surrogate");
			}
			break;
		default:
			return jcs_sj_fail(s, "bad escape");
		}
	}
}

static bool
jcs_sj_digits(struct jcs_sj *s)
{
	size_t	start = s->i;

	while (s->i < s->n && s->p[s->i] >= '0' && s->p[s->i] <= '9')
		s->i++;
	return s->i > start;
}

static bool
jcs_sj_number(struct jcs_sj *s)
{
	size_t	start = s->i;

	if (s->p[s->i] == '-')
		s->i++;
	if (s->i < s->n && s->p[s->i] == '0')
		s->i++;
	else if (!jcs_sj_digits(s))
		return jcs_sj_fail(s, "bad number");
	if (s->i < s->n && s->p[s->i] == '.') {
		s->i++;
		if (!jcs_sj_digits(s))
			return jcs_sj_fail(s, "bad number");
	}
	if (s->i < s->n && (s->p[s->i] == 'e' || s->p[s->i] == 'E')) {
		s->i++;
		if (s->i < s->n && (s->p[s->i] == '+' || s->p[s->i] == '-'))
			s->i++;
		if (!jcs_sj_digits(s))
			return jcs_sj_fail(s, "bad number");
	}
	if (s->i - start > JCS_NUM_MAX)
		return jcs_sj_fail(s, "number too long");
	return true;
}

/* An array or object: the opening bracket is at s->i. */
static bool	jcs_sj_value(struct jcs_sj *, int);

static bool
jcs_sj_container(struct jcs_sj *s, int depth)
{
	char	close = s->p[s->i] == '{' ? '}' : ']';
	bool	first;

	s->i++;
	for (first = true;; first = false) {
		jcs_sj_ws(s);
		if (s->i < s->n && s->p[s->i] == close && first) {
			s->i++;
			return true;
		}
		if (close == '}') {
			if (s->i >= s->n || s->p[s->i] != '"')
				return jcs_sj_fail(s, "expected a member name");
			if (!jcs_sj_string(s))
				return false;
			jcs_sj_ws(s);
			if (s->i >= s->n || s->p[s->i] != ':')
				return jcs_sj_fail(s, "expected ':'");
			s->i++;
		}
		if (!jcs_sj_value(s, depth + 1))
			return false;
		jcs_sj_ws(s);
		if (s->i < s->n && s->p[s->i] == ',') {
			s->i++;
			continue;
		}
		if (s->i < s->n && s->p[s->i] == close) {
			s->i++;
			return true;
		}
		return jcs_sj_fail(s, "expected ',' or a closing bracket");
	}
}

static bool
jcs_sj_value(struct jcs_sj *s, int depth)
{
	static const char *const lits[] = { "true", "false", "null" };
	size_t	k, l;

	jcs_sj_ws(s);
	if (s->i >= s->n)
		return jcs_sj_fail(s, "unexpected end");
	if (depth > JCS_DEPTH_MAX)
		return jcs_sj_fail(s, "nested too deep");
	switch (s->p[s->i]) {
	case '{':
	case '[':
		return jcs_sj_container(s, depth);
	case '"':
		return jcs_sj_string(s);
	default:
		if (s->p[s->i] == '-' ||
		    (s->p[s->i] >= '0' && s->p[s->i] <= '9'))
			return jcs_sj_number(s);
		for (k = 0; k < 3; k++) {
			l = strlen(lits[k]);
			if (s->n - s->i >= l &&
			    memcmp(s->p + s->i, lits[k], l) == 0) {
				s->i += l;
				return true;
			}
		}
		return jcs_sj_fail(s, "unexpected character");
	}
}

bool
jcs_strict(const char *text, size_t n, size_t *off, const char **why)
{
	struct jcs_sj	s = { (const uint8_t *)text, n, 0, NULL };

	if (jcs_sj_value(&s, 0)) {
		jcs_sj_ws(&s);
		if (s.i != n)
			jcs_sj_fail(&s, "data after the JSON value");
	}
	*off = s.i;
	*why = s.why;
	return s.why == NULL;
}
