/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report.c - the JSON audit report: build from a visit, canonicalise
 * (RFC 8785, JSON Canonicalization Scheme), digest and sign (libsodium),
 * write atomically, verify.
 *
 * RFC 8785 references: 3.2.2.2 (string serialisation: only '"', '\\' and
 * C0 controls escaped, \b \t \n \f \r short forms, \u00xx lower-case
 * hex), 3.2.2.3 (numbers: ECMAScript Number.prototype.toString), 3.2.3
 * (member names sorted by UTF-16 code units), 3.1 (I-JSON: duplicate
 * names, invalid Unicode refused).  The strict pre-parse follows the
 * RFC 8259 grammar (section 6 numbers, 7 strings), so that text that
 * cJSON would read leniently (leading zeros, "\u0000", over-long
 * numbers) cannot verify as something it is not.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "util/hex.h"
#include "visit/report.h"
#include "util/durable.h"

/* The Makefile defines it; builds that do not (fuzzing) say so. */
#ifndef LS_VERSION
#define LS_VERSION	"unknown"
#endif

#define REPORT_DEPTH_MAX	64
#define REPORT_NUM_MAX		32	/* longest number token accepted */

/* ---- growable output buffer with a ceiling ---------------------------- */

struct rbuf {
	char	*p;
	size_t	 n, cap;
	bool	 full;		/* out of memory or over the ceiling */
};

static void
rbuf_add(struct rbuf *b, const char *s, size_t n)
{
	size_t	 ncap;
	char	*np;

	if (b->full)
		return;
	if (b->n + n + 1 > b->cap) {
		ncap = b->cap == 0 ? 1024 : b->cap;
		while (ncap < b->n + n + 1)
			ncap *= 2;
		if (ncap > 2 * (size_t)REPORT_FILE_MAX ||
		    (np = realloc(b->p, ncap)) == NULL) {
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
rbuf_puts(struct rbuf *b, const char *s)
{
	rbuf_add(b, s, strlen(s));
}

/* ---- UTF-8 ------------------------------------------------------------ */

/*
 * Decode one UTF-8 sequence (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF).  Returns its length, 0 when invalid.
 */
static size_t
report_utf8(const uint8_t *p, size_t n, uint32_t *cp)
{
	uint32_t	c;
	size_t		len, i;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static bool
report_utf8_valid(const char *s)
{
	const uint8_t	*p = (const uint8_t *)s;
	size_t		 n = strlen(s), l;
	uint32_t	 cp;

	while (n > 0) {
		if ((l = report_utf8(p, n, &cp)) == 0)
			return false;
		p += l;
		n -= l;
	}
	return true;
}

/* UTF-16 code unit iterator over valid UTF-8 (RFC 8785 3.2.3 order). */
struct report_u16 {
	const uint8_t	*p;
	size_t		 n;
	uint16_t	 pend;
};

static int
report_u16_next(struct report_u16 *it)
{
	uint32_t	cp;
	size_t		l;
	int		u;

	if (it->pend != 0) {
		u = it->pend;
		it->pend = 0;
		return u;
	}
	if (it->n == 0 || (l = report_utf8(it->p, it->n, &cp)) == 0)
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
report_namecmp(const void *a, const void *b)
{
	const cJSON		*x = *(const cJSON *const *)a;
	const cJSON		*y = *(const cJSON *const *)b;
	struct report_u16	 i = { (const uint8_t *)x->string,
	    strlen(x->string), 0 };
	struct report_u16	 j = { (const uint8_t *)y->string,
	    strlen(y->string), 0 };
	int			 u, v;

	for (;;) {
		u = report_u16_next(&i);
		v = report_u16_next(&j);
		if (u != v)
			return u < v ? -1 : 1;
		if (u < 0)
			return 0;
	}
}

/* ---- canonical serialisation (RFC 8785) ------------------------------ */

bool
report_number(double d, char *out, size_t cap)
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
report_canon_string(struct rbuf *b, const char *s)
{
	char		 esc[8];
	const char	*run = s;

	rbuf_add(b, "\"", 1);
	for (; *s != '\0'; s++) {
		unsigned char	c = (unsigned char)*s;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		rbuf_add(b, run, (size_t)(s - run));
		switch (c) {
		case '"': rbuf_puts(b, "\\\""); break;
		case '\\': rbuf_puts(b, "\\\\"); break;
		case '\b': rbuf_puts(b, "\\b"); break;
		case '\f': rbuf_puts(b, "\\f"); break;
		case '\n': rbuf_puts(b, "\\n"); break;
		case '\r': rbuf_puts(b, "\\r"); break;
		case '\t': rbuf_puts(b, "\\t"); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", c);
			rbuf_puts(b, esc);
			break;
		}
		run = s + 1;
	}
	rbuf_add(b, run, (size_t)(s - run));
	rbuf_add(b, "\"", 1);
}

static enum ls_err
report_canon(struct rbuf *b, const cJSON *o, int depth, bool skip_integrity,
    struct ls_errbuf *eb)
{
	const cJSON	**kids = NULL, *it;
	char		  num[40];
	size_t		  n, i;
	enum ls_err	  e = LS_OK;

	if (depth > REPORT_DEPTH_MAX)
		return ls_err_set(eb, LS_EINPUT, "nested deeper than %d",
		    REPORT_DEPTH_MAX);
	if (cJSON_IsNull(o))
		rbuf_puts(b, "null");
	else if (cJSON_IsTrue(o))
		rbuf_puts(b, "true");
	else if (cJSON_IsFalse(o))
		rbuf_puts(b, "false");
	else if (cJSON_IsNumber(o)) {
		if (!report_number(o->valuedouble, num, sizeof num))
			return ls_err_set(eb, LS_EINPUT, "a number that JSON "
			    "cannot hold");
		rbuf_puts(b, num);
	} else if (cJSON_IsString(o)) {
		if (!report_utf8_valid(o->valuestring))
			return ls_err_set(eb, LS_EINPUT, "a string that is not "
			    "valid UTF-8");
		report_canon_string(b, o->valuestring);
	} else if (cJSON_IsArray(o)) {
		rbuf_add(b, "[", 1);
		i = 0;
		cJSON_ArrayForEach(it, o) {
			if (i++ > 0)
				rbuf_add(b, ",", 1);
			if ((e = report_canon(b, it, depth + 1, false, eb)) !=
			    LS_OK)
				return e;
		}
		rbuf_add(b, "]", 1);
	} else if (cJSON_IsObject(o)) {
		n = 0;
		cJSON_ArrayForEach(it, o)
			n++;
		if (n > 0 && (kids = calloc(n, sizeof *kids)) == NULL)
			return ls_err_set(eb, LS_ENOMEM, "out of memory");
		n = 0;
		cJSON_ArrayForEach(it, o) {
			if (it->string == NULL ||
			    !report_utf8_valid(it->string)) {
				free(kids);
				return ls_err_set(eb, LS_EINPUT, "a member "
				    "name that is not valid UTF-8");
			}
			if (skip_integrity && strcmp(it->string,
			    "integrity") == 0)
				continue;
			kids[n++] = it;
		}
		if (n > 1)
			qsort(kids, n, sizeof *kids, report_namecmp);
		rbuf_add(b, "{", 1);
		for (i = 0; i < n && e == LS_OK; i++) {
			if (i > 0 && report_namecmp(&kids[i - 1],
			    &kids[i]) == 0) {
				e = ls_err_set(eb, LS_EINPUT, "duplicate member "
				    "name \"%.40s\"", kids[i]->string);
				break;
			}
			if (i > 0)
				rbuf_add(b, ",", 1);
			report_canon_string(b, kids[i]->string);
			rbuf_add(b, ":", 1);
			e = report_canon(b, kids[i], depth + 1, false, eb);
		}
		rbuf_add(b, "}", 1);
		free(kids);
	} else
		return ls_err_set(eb, LS_EINPUT, "a value JSON cannot hold");
	return e;
}

enum ls_err
report_canonical(const cJSON *o, bool skip_integrity, char **out,
    size_t *len, struct ls_errbuf *eb)
{
	struct rbuf	b = { NULL, 0, 0, false };
	enum ls_err	e;

	*out = NULL;
	*len = 0;
	if ((e = report_canon(&b, o, 0, skip_integrity, eb)) != LS_OK) {
		free(b.p);
		return e;
	}
	if (b.full || b.p == NULL) {
		free(b.p);
		return ls_err_set(eb, LS_ENOMEM, "report larger than %d bytes "
		    "or out of memory", REPORT_FILE_MAX);
	}
	*out = b.p;
	*len = b.n;
	return LS_OK;
}

/* ---- strict JSON grammar (RFC 8259) ----------------------------------- */

struct report_sj {
	const uint8_t	*p;
	size_t		 n, i;
	const char	*why;
};

static void
report_sj_ws(struct report_sj *s)
{
	while (s->i < s->n && (s->p[s->i] == ' ' || s->p[s->i] == '\t' ||
	    s->p[s->i] == '\n' || s->p[s->i] == '\r'))
		s->i++;
}

static bool
report_sj_fail(struct report_sj *s, const char *why)
{
	s->why = why;
	return false;
}

static int
report_sj_hex4(struct report_sj *s)
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
report_sj_string(struct report_sj *s)
{
	uint32_t	cp;
	size_t		l;
	int		u, lo;

	s->i++;		/* opening quote */
	for (;;) {
		if (s->i >= s->n)
			return report_sj_fail(s, "unterminated string");
		if (s->p[s->i] == '"') {
			s->i++;
			return true;
		}
		if (s->p[s->i] < 0x20)
			return report_sj_fail(s, "control character in a "
			    "string");
		if (s->p[s->i] != '\\') {
			if ((l = report_utf8(s->p + s->i, s->n - s->i, &cp)) ==
			    0)
				return report_sj_fail(s, "invalid UTF-8");
			s->i += l;
			continue;
		}
		if (++s->i >= s->n)
			return report_sj_fail(s, "unterminated escape");
		switch (s->p[s->i++]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n':
		case 'r': case 't':
			break;
		case 'u':
			if ((u = report_sj_hex4(s)) < 0)
				return report_sj_fail(s, "bad \\u escape");
			if (u == 0)
				return report_sj_fail(s, "\\u0000 in a string");
			if (u >= 0xdc00 && u <= 0xdfff)
				return report_sj_fail(s, "lone surrogate");
			if (u >= 0xd800 && u <= 0xdbff) {
				if (s->n - s->i < 6 || s->p[s->i] != '\\' ||
				    s->p[s->i + 1] != 'u')
					return report_sj_fail(s, "lone "
					    "surrogate");
				s->i += 2;
				lo = report_sj_hex4(s);
				if (lo < 0xdc00 || lo > 0xdfff)
					return report_sj_fail(s, "lone "
					    "surrogate");
			}
			break;
		default:
			return report_sj_fail(s, "bad escape");
		}
	}
}

static bool
report_sj_digits(struct report_sj *s)
{
	size_t	start = s->i;

	while (s->i < s->n && s->p[s->i] >= '0' && s->p[s->i] <= '9')
		s->i++;
	return s->i > start;
}

static bool
report_sj_number(struct report_sj *s)
{
	size_t	start = s->i;

	if (s->p[s->i] == '-')
		s->i++;
	if (s->i < s->n && s->p[s->i] == '0')
		s->i++;
	else if (!report_sj_digits(s))
		return report_sj_fail(s, "bad number");
	if (s->i < s->n && s->p[s->i] == '.') {
		s->i++;
		if (!report_sj_digits(s))
			return report_sj_fail(s, "bad number");
	}
	if (s->i < s->n && (s->p[s->i] == 'e' || s->p[s->i] == 'E')) {
		s->i++;
		if (s->i < s->n && (s->p[s->i] == '+' || s->p[s->i] == '-'))
			s->i++;
		if (!report_sj_digits(s))
			return report_sj_fail(s, "bad number");
	}
	if (s->i - start > REPORT_NUM_MAX)
		return report_sj_fail(s, "number too long");
	return true;
}

static bool
report_sj_value(struct report_sj *s, int depth)
{
	static const char *const lits[] = { "true", "false", "null" };
	bool	first;
	size_t	k, l;

	report_sj_ws(s);
	if (s->i >= s->n)
		return report_sj_fail(s, "unexpected end");
	if (depth > REPORT_DEPTH_MAX)
		return report_sj_fail(s, "nested too deep");
	switch (s->p[s->i]) {
	case '{':
	case '[':
		{
			char	close = s->p[s->i] == '{' ? '}' : ']';

			s->i++;
			for (first = true;; first = false) {
				report_sj_ws(s);
				if (s->i < s->n && s->p[s->i] == close &&
				    first) {
					s->i++;
					return true;
				}
				if (close == '}') {
					if (s->i >= s->n || s->p[s->i] != '"')
						return report_sj_fail(s,
						    "expected a member name");
					if (!report_sj_string(s))
						return false;
					report_sj_ws(s);
					if (s->i >= s->n || s->p[s->i] != ':')
						return report_sj_fail(s,
						    "expected ':'");
					s->i++;
				}
				if (!report_sj_value(s, depth + 1))
					return false;
				report_sj_ws(s);
				if (s->i < s->n && s->p[s->i] == ',') {
					s->i++;
					continue;
				}
				if (s->i < s->n && s->p[s->i] == close) {
					s->i++;
					return true;
				}
				return report_sj_fail(s, "expected ',' or a "
				    "closing bracket");
			}
		}
	case '"':
		return report_sj_string(s);
	default:
		if (s->p[s->i] == '-' ||
		    (s->p[s->i] >= '0' && s->p[s->i] <= '9'))
			return report_sj_number(s);
		for (k = 0; k < 3; k++) {
			l = strlen(lits[k]);
			if (s->n - s->i >= l &&
			    memcmp(s->p + s->i, lits[k], l) == 0) {
				s->i += l;
				return true;
			}
		}
		return report_sj_fail(s, "unexpected character");
	}
}

/* ---- building -------------------------------------------------------- */

static void
report_add_str(cJSON *o, const char *k, const char *s)
{
	if (s != NULL && s[0] != '\0')
		cJSON_AddStringToObject(o, k, s);
	else
		cJSON_AddNullToObject(o, k);
}

static void
report_add_time(cJSON *o, const char *k, uint64_t us)
{
	char	ts[32];

	if (us == 0) {
		cJSON_AddNullToObject(o, k);
		return;
	}
	reading_time_iso(us, ts, sizeof ts);
	cJSON_AddStringToObject(o, k, ts);
}

const char *
report_status(enum visit_status s)
{
	switch (s) {
	case VS_PASSED:
		return "passed";
	case VS_FAILED:
	case VS_RUNNING:
		return "failed";
	default:
		return "skipped";
	}
}

cJSON *
report_build(const struct visit *v, const uint8_t *signer_pk,
    struct ls_errbuf *eb)
{
	const struct visit_device	*d;
	const struct visit_step		*s;
	cJSON				*r, *o, *a, *x;
	char				 hx[2 * KEY_PUBLIC_BYTES + 1];
	char				 fpr[KEY_FPR_LEN];
	size_t				 i, cnt[VS_BLOCKED + 1];
	unsigned			 bit;

	if ((r = cJSON_CreateObject()) == NULL)
		goto oom;
	cJSON_AddStringToObject(r, "schema", REPORT_SCHEMA);
	o = cJSON_AddObjectToObject(r, "tool");
	cJSON_AddStringToObject(o, "name", "lockscope");
	cJSON_AddStringToObject(o, "version", LS_VERSION);

	o = cJSON_AddObjectToObject(r, "visit");
	report_add_str(o, "id", v->id);
	report_add_time(o, "started", v->started_us);
	report_add_time(o, "finished", v->finished_us);
	report_add_str(o, "technician", v->technician);
	report_add_str(o, "site", v->site);
	report_add_str(o, "work_order", v->work_order);
	a = cJSON_AddArrayToObject(o, "symptoms");
	for (i = 0; i < v->nsymptoms; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v->symptoms[i]));
	a = cJSON_AddArrayToObject(o, "access_paths");
	for (bit = 1; bit <= VISIT_ACCESS_ALL; bit <<= 1)
		if (v->access & bit)
			cJSON_AddItemToArray(a,
			    cJSON_CreateString(visit_access_name(bit)));
	cJSON_AddNumberToObject(o, "resumed", v->resumes);

	o = cJSON_AddObjectToObject(r, "authorization");
	if (v->auth_set)
		cJSON_AddBoolToObject(o, "ownership_verified",
		    v->ownership_verified);
	else
		cJSON_AddNullToObject(o, "ownership_verified");
	report_add_str(o, "method", v->auth_method);

	if (signer_pk != NULL) {
		o = cJSON_AddObjectToObject(r, "signer");
		cJSON_AddStringToObject(o, "public_key",
		    hex_encode(signer_pk, KEY_PUBLIC_BYTES, hx));
		key_fingerprint(signer_pk, fpr);
		cJSON_AddStringToObject(o, "fingerprint", fpr);
	} else
		cJSON_AddNullToObject(r, "signer");

	a = cJSON_AddArrayToObject(r, "devices");
	for (i = 0; i < v->ndevices; i++) {
		d = &v->devices[i];
		if ((x = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(a, x))
			goto oom;
		cJSON_AddStringToObject(x, "address", d->address);
		report_add_str(x, "address_type", d->address_type);
		report_add_str(x, "name", d->name);
		report_add_str(x, "family", d->family);
		report_add_str(x, "vendor", d->vendor);
		report_add_str(x, "model", d->model);
		report_add_str(x, "profile", d->profile);
		cJSON_AddItemToObject(x, "readings_before",
		    visit_rset_json(&d->before));
		cJSON_AddItemToObject(x, "readings_after",
		    visit_rset_json(&d->after));
	}

	memset(cnt, 0, sizeof cnt);
	a = cJSON_AddArrayToObject(r, "steps");
	for (i = 0; i < v->nsteps; i++) {
		s = &v->steps[i];
		cnt[s->status]++;
		if ((x = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(a, x))
			goto oom;
		cJSON_AddStringToObject(x, "id", s->id);
		cJSON_AddStringToObject(x, "phase", s->phase);
		report_add_str(x, "title", s->title);
		cJSON_AddStringToObject(x, "status", report_status(s->status));
		cJSON_AddStringToObject(x, "state",
		    s->status == VS_RUNNING ? "interrupted" :
		    s->status == VS_PENDING ? "not-run" :
		    visit_status_name(s->status));
		report_add_time(x, "started", s->started_us);
		report_add_time(x, "finished", s->finished_us);
		cJSON_AddItemToObject(x, "evidence", visit_rset_json(&s->evidence));
		report_add_str(x, "note", s->note);
	}
	o = cJSON_AddObjectToObject(r, "summary");
	cJSON_AddNumberToObject(o, "steps", (double)v->nsteps);
	cJSON_AddNumberToObject(o, "passed", (double)cnt[VS_PASSED]);
	cJSON_AddNumberToObject(o, "failed",
	    (double)(cnt[VS_FAILED] + cnt[VS_RUNNING]));
	cJSON_AddNumberToObject(o, "skipped", (double)cnt[VS_SKIPPED]);
	cJSON_AddNumberToObject(o, "blocked", (double)cnt[VS_BLOCKED]);
	cJSON_AddNumberToObject(o, "not_run", (double)cnt[VS_PENDING]);

	o = cJSON_AddObjectToObject(r, "outcome");
	cJSON_AddStringToObject(o, "result", v->outcome == VO_NONE ?
	    "incomplete" : visit_outcome_name(v->outcome));
	report_add_str(o, "text", v->outcome_text);
	/* A failed allocation anywhere leaves a member out: refuse. */
	if (cJSON_GetObjectItemCaseSensitive(r, "outcome") == NULL ||
	    cJSON_GetObjectItemCaseSensitive(o, "text") == NULL)
		goto oom;
	return r;
oom:
	cJSON_Delete(r);
	ls_err_set(eb, LS_ENOMEM, "out of memory building the report");
	return NULL;
}

enum ls_err
report_seal(cJSON *report, const struct key *k, struct ls_errbuf *eb)
{
	uint8_t		 h[crypto_hash_sha256_BYTES], sig[KEY_SIG_BYTES];
	char		 hx[2 * KEY_SIG_BYTES + 1], *canon;
	size_t		 len;
	cJSON		*in;
	enum ls_err	 e;

	if (sodium_init() < 0)
		return ls_err_set(eb, LS_EINTERNAL, "cannot initialise "
		    "libsodium");
	if ((e = report_canonical(report, true, &canon, &len, eb)) != LS_OK)
		return e;
	crypto_hash_sha256(h, (const uint8_t *)canon, len);
	if (k != NULL)
		key_sign(k, canon, len, sig);
	free(canon);
	cJSON_DeleteItemFromObjectCaseSensitive(report, "integrity");
	if ((in = cJSON_AddObjectToObject(report, "integrity")) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	cJSON_AddStringToObject(in, "algorithm", k != NULL ?
	    "sha256+ed25519" : "sha256");
	cJSON_AddStringToObject(in, "canonicalization", REPORT_CANON);
	cJSON_AddStringToObject(in, "sha256", hex_encode(h, sizeof h, hx));
	if (k != NULL) {
		cJSON_AddStringToObject(in, "signature",
		    hex_encode(sig, sizeof sig, hx));
		cJSON_AddStringToObject(in, "public_key",
		    hex_encode(key_public(k), KEY_PUBLIC_BYTES, hx));
	} else {
		cJSON_AddNullToObject(in, "signature");
		cJSON_AddNullToObject(in, "public_key");
	}
	if (cJSON_GetObjectItemCaseSensitive(in, "public_key") == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	return LS_OK;
}

/* ---- atomic write ------------------------------------------------------ */

enum ls_err
report_write(const char *path, const cJSON *report, struct ls_errbuf *eb)
{
	char		 tmp[PATH_MAX], *text, *slash;
	size_t		 len;
	enum ls_err	 e;
	int		 fd, r;

	if ((e = report_canonical(report, false, &text, &len, eb)) != LS_OK)
		return e;
	text[len] = '\n';	/* rbuf always leaves room for the NUL */
	slash = strrchr(path, '/');
	if (slash != NULL)
		r = snprintf(tmp, sizeof tmp, "%.*s/.%s.XXXXXX",
		    (int)(slash - path), path, slash + 1);
	else
		r = snprintf(tmp, sizeof tmp, ".%s.XXXXXX", path);
	if (r < 0 || (size_t)r >= sizeof tmp) {
		free(text);
		return ls_err_set(eb, LS_EINPUT, "report path too long");
	}
	if ((fd = mkstemp(tmp)) < 0) {
		free(text);
		e = ls_err_from_errno(errno);
		return ls_err_set(eb, e == LS_EPERM ? LS_EPERM : LS_EIO,
		    "cannot create a temporary file for '%s': %s", path,
		    strerror(errno));
	}
	/* A report is a record, not a secret: readable like any file. */
	if (fchmod(fd, 0644) != 0)
		e = ls_err_set(eb, LS_EIO, "cannot chmod '%s': %s", tmp,
		    strerror(errno));
	if (e == LS_OK)
		e = durable_write_all(fd, text, len + 1, path, eb);
	free(text);
	if (e == LS_OK)
		e = durable_sync(fd, false, path, eb);
	if (close(fd) != 0 && e == LS_OK)
		e = ls_err_set(eb, LS_EIO, "cannot write '%s': %s", path,
		    strerror(errno));
	if (e == LS_OK && rename(tmp, path) != 0)
		e = ls_err_set(eb, ls_err_from_errno(errno) == LS_EPERM ?
		    LS_EPERM : LS_EIO, "cannot rename the report into '%s': "
		    "%s", path, strerror(errno));
	if (e != LS_OK) {
		unlink(tmp);
		return e;
	}
	return durable_sync_dir(path, eb);
}

size_t
report_remove_stale(const char *path)
{
	char		 dir[PATH_MAX], full[PATH_MAX];
	const char	*slash = strrchr(path, '/'), *base;
	struct dirent	*e;
	struct stat	 st;
	size_t		 bl, removed = 0;
	DIR		*d;

	base = slash != NULL ? slash + 1 : path;
	if (slash != NULL)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	else
		snprintf(dir, sizeof dir, ".");
	bl = strlen(base);
	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		/* Exactly "." + base + "." + 6 mkstemp characters. */
		if (strlen(e->d_name) != bl + 8 || e->d_name[0] != '.' ||
		    strncmp(e->d_name + 1, base, bl) != 0 ||
		    e->d_name[bl + 1] != '.')
			continue;
		if (snprintf(full, sizeof full, "%s/%s", dir, e->d_name) >=
		    (int)sizeof full || lstat(full, &st) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (unlink(full) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}

enum ls_err
report_save(const char *path, const struct visit *v, const struct key *k,
    struct ls_errbuf *eb)
{
	cJSON		*r;
	enum ls_err	 e;

	if ((r = report_build(v, k != NULL ? key_public(k) : NULL, eb)) ==
	    NULL)
		return LS_ENOMEM;
	if ((e = report_seal(r, k, eb)) == LS_OK)
		e = report_write(path, r, eb);
	cJSON_Delete(r);
	return e;
}

/* ---- verification ------------------------------------------------------ */

static bool
report_lowhex(const cJSON *it, size_t nbytes, uint8_t *out)
{
	const char	*s;
	size_t		 i;

	if (!cJSON_IsString(it))
		return false;
	s = it->valuestring;
	if (strlen(s) != 2 * nbytes)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return hex_decode(s, out, nbytes) == (long)nbytes;
}

static enum ls_err
report_check_tree(const cJSON *root, const uint8_t *want_pk,
    struct report_check *chk, struct ls_errbuf *eb)
{
	static const char *const ikeys[] = { "algorithm", "canonicalization",
	    "sha256", "signature", "public_key", NULL };
	uint8_t		 h[crypto_hash_sha256_BYTES], want[sizeof h];
	uint8_t		 sig[KEY_SIG_BYTES], pk[KEY_PUBLIC_BYTES];
	const cJSON	*in, *it, *alg, *signer, *spk, *sfp;
	char		*canon, fpr[KEY_FPR_LEN], canon_fpr[KEY_FPR_LEN];
	size_t		 len, k;
	bool		 is_signed;
	enum ls_err	 e;

	it = cJSON_GetObjectItemCaseSensitive(root, "schema");
	if (!cJSON_IsObject(root) || !cJSON_IsString(it) ||
	    strcmp(it->valuestring, REPORT_SCHEMA) != 0)
		return ls_err_set(eb, LS_EINPUT, "not a lockscope report (no "
		    "\"schema\": \"%s\")", REPORT_SCHEMA);
	in = cJSON_GetObjectItemCaseSensitive(root, "integrity");
	if (!cJSON_IsObject(in))
		return ls_err_set(eb, LS_EFAIL, "no integrity section: the "
		    "report cannot be verified");
	cJSON_ArrayForEach(it, in) {
		for (k = 0; ikeys[k] != NULL; k++)
			if (strcmp(it->string, ikeys[k]) == 0)
				break;
		if (ikeys[k] == NULL)
			return ls_err_set(eb, LS_EFAIL, "integrity: unknown "
			    "member \"%.40s\"", it->string);
	}
	alg = cJSON_GetObjectItemCaseSensitive(in, "algorithm");
	if (!cJSON_IsString(alg) || (strcmp(alg->valuestring, "sha256") !=
	    0 && strcmp(alg->valuestring, "sha256+ed25519") != 0))
		return ls_err_set(eb, LS_EFAIL, "integrity: unknown algorithm");
	is_signed = strcmp(alg->valuestring, "sha256+ed25519") == 0;
	it = cJSON_GetObjectItemCaseSensitive(in, "canonicalization");
	if (!cJSON_IsString(it) || strcmp(it->valuestring, REPORT_CANON) != 0)
		return ls_err_set(eb, LS_EFAIL, "integrity: canonicalization "
		    "is not %s", REPORT_CANON);
	if (!report_lowhex(cJSON_GetObjectItemCaseSensitive(in, "sha256"),
	    sizeof want, want))
		return ls_err_set(eb, LS_EFAIL, "integrity: sha256 is not 64 "
		    "lower-case hex digits");

	if ((e = report_canonical(root, true, &canon, &len, eb)) != LS_OK)
		return e == LS_ENOMEM ? e : LS_EINPUT;
	crypto_hash_sha256(h, (const uint8_t *)canon, len);
	hex_encode(h, sizeof h, chk->sha256);
	if (sodium_memcmp(h, want, sizeof h) != 0) {
		free(canon);
		return ls_err_set(eb, LS_EFAIL, "sha256 mismatch: the report "
		    "was changed after it was written");
	}

	signer = cJSON_GetObjectItemCaseSensitive(root, "signer");
	if (!is_signed) {
		free(canon);
		if (!cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(in,
		    "signature")) || !cJSON_IsNull(
		    cJSON_GetObjectItemCaseSensitive(in, "public_key")))
			return ls_err_set(eb, LS_EFAIL, "integrity: algorithm "
			    "sha256 with a signature or key");
		if (signer != NULL && !cJSON_IsNull(signer))
			return ls_err_set(eb, LS_EFAIL, "the report names a "
			    "signer but carries no signature");
		if (want_pk != NULL)
			return ls_err_set(eb, LS_EFAIL, "the report is not "
			    "signed (a key was required)");
		return LS_OK;
	}
	if (!report_lowhex(cJSON_GetObjectItemCaseSensitive(in, "signature"),
	    sizeof sig, sig) || !report_lowhex(
	    cJSON_GetObjectItemCaseSensitive(in, "public_key"), sizeof pk,
	    pk)) {
		free(canon);
		return ls_err_set(eb, LS_EFAIL, "integrity: signature or "
		    "public_key is not lower-case hex of the right length");
	}
	spk = cJSON_GetObjectItemCaseSensitive(signer, "public_key");
	sfp = cJSON_GetObjectItemCaseSensitive(signer, "fingerprint");
	key_fingerprint(pk, fpr);
	if (!cJSON_IsObject(signer) || !cJSON_IsString(spk) ||
	    !cJSON_IsString(sfp) || strcmp(spk->valuestring,
	    cJSON_GetObjectItemCaseSensitive(in, "public_key")->valuestring) !=
	    0 || strcmp(sfp->valuestring, fpr) != 0) {
		free(canon);
		return ls_err_set(eb, LS_EFAIL, "the signer named in the "
		    "report is not the key that signed it");
	}
	if (!key_verify(pk, canon, len, sig)) {
		free(canon);
		return ls_err_set(eb, LS_EFAIL, "the signature does not "
		    "verify: the report was changed or signed by another key");
	}
	free(canon);
	chk->is_signed = true;
	memcpy(chk->public_key, pk, sizeof pk);
	snprintf(chk->fingerprint, sizeof chk->fingerprint, "%s", fpr);
	if (want_pk != NULL && sodium_memcmp(want_pk, pk, sizeof pk) != 0) {
		key_fingerprint(want_pk, canon_fpr);
		return ls_err_set(eb, LS_EFAIL, "signed by %s, not by the "
		    "required key %s", fpr, canon_fpr);
	}
	return LS_OK;
}

enum ls_err
report_verify(const char *buf, size_t n, const uint8_t *want_pk,
    struct report_check *chk, cJSON **tree, struct ls_errbuf *eb)
{
	struct report_sj	 s = { (const uint8_t *)buf, n, 0, NULL };
	cJSON			*root;
	enum ls_err		 e;

	memset(chk, 0, sizeof *chk);
	if (tree != NULL)
		*tree = NULL;
	if (sodium_init() < 0)
		return ls_err_set(eb, LS_EINTERNAL, "cannot initialise "
		    "libsodium");
	if (n > REPORT_FILE_MAX)
		return ls_err_set(eb, LS_EINPUT, "larger than %d bytes",
		    REPORT_FILE_MAX);
	if (report_sj_value(&s, 0)) {
		report_sj_ws(&s);
		if (s.i != n)
			report_sj_fail(&s, "data after the JSON value");
	}
	if (s.why != NULL)
		return ls_err_set(eb, LS_EINPUT, "not valid JSON: byte %zu: %s",
		    s.i, s.why);
	if ((root = cJSON_ParseWithLength(buf, n)) == NULL)
		return ls_err_set(eb, LS_EINPUT, "not valid JSON");
	e = report_check_tree(root, want_pk, chk, eb);
	if (tree != NULL)
		*tree = root;
	else
		cJSON_Delete(root);
	return e;
}

enum ls_err
report_verify_file(const char *path, const uint8_t *want_pk,
    struct report_check *chk, cJSON **tree, struct ls_errbuf *eb)
{
	char		*buf;
	size_t		 n;
	enum ls_err	 e;

	memset(chk, 0, sizeof *chk);
	if (tree != NULL)
		*tree = NULL;
	if ((e = durable_read_file(path, REPORT_FILE_MAX, &buf, &n, eb)) != LS_OK)
		return e;
	e = report_verify(buf, n, want_pk, chk, tree, eb);
	free(buf);
	return e;
}
