/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * profile_cond.c - evaluate a profile's verification condition against
 * readings (src/util/reading.h).  Pure: the visit engine feeds the
 * readings and the time; nothing here watches the radio or a clock.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "profile/profile_int.h"

/* Does r carry a value that counts for c? */
static bool
profile_cond_has(const struct profile_cond *c, const struct reading *r)
{
	if (r == NULL || !reading_has_value(r))
		return false;
	if (c->observed && r->prov != RD_OBSERVED)
		return false;
	return true;
}

static bool
profile_cond_num(const struct reading *r, double *out)
{
	if (r->kind == RD_INT) {
		*out = (double)r->i;
		return true;
	}
	if (r->kind == RD_REAL) {
		*out = r->d;
		return true;
	}
	return false;
}

static bool
profile_cond_eq(const struct profile_value *v, const struct reading *r)
{
	double	x;

	switch (v->kind) {
	case RD_TEXT:
		return r->kind == RD_TEXT && strcmp(r->text, v->text) == 0;
	case RD_BOOL:
		return r->kind == RD_BOOL && r->b == v->b;
	case RD_REAL:
		return profile_cond_num(r, &x) && x == v->num;
	default:
		return false;
	}
}

static bool
profile_cond_any(const struct profile_cond *c, const struct reading *r)
{
	size_t	i;

	for (i = 0; i < c->n_values; i++)
		if (profile_cond_eq(&c->values[i], r))
			return true;
	return false;
}

static bool
profile_cond_holds(const struct profile_cond *c, const struct reading *prev,
    const struct reading *cur)
{
	double	x;

	switch (c->op) {
	case PROFILE_OP_PRESENT:
		return profile_cond_has(c, cur) == c->values[0].b;
	case PROFILE_OP_EQUALS:
		return profile_cond_has(c, cur) && profile_cond_any(c, cur);
	case PROFILE_OP_BECOMES:
		return profile_cond_has(c, cur) && profile_cond_any(c, cur) &&
		    profile_cond_has(c, prev) && !profile_cond_any(c, prev);
	case PROFILE_OP_AT_LEAST:
		return profile_cond_has(c, cur) &&
		    profile_cond_num(cur, &x) && x >= c->values[0].num;
	case PROFILE_OP_AT_MOST:
		return profile_cond_has(c, cur) &&
		    profile_cond_num(cur, &x) && x <= c->values[0].num;
	case PROFILE_OP_MAGNITUDE_AT_MOST:
		return profile_cond_has(c, cur) &&
		    profile_cond_num(cur, &x) && (x < 0 ? -x : x) <=
		    c->values[0].num;
	}
	return false;
}

enum profile_verdict
profile_cond_eval(const struct profile_cond *c, const struct reading *prev,
    const struct reading *cur, double elapsed_s)
{
	if (profile_cond_holds(c, prev, cur))
		return PROFILE_MET;
	if (c->within_s > 0 && elapsed_s < (double)c->within_s)
		return PROFILE_NOT_YET;
	return PROFILE_FAILED;
}

const char *
profile_verdict_name(enum profile_verdict v)
{
	switch (v) {
	case PROFILE_MET:
		return "met";
	case PROFILE_NOT_YET:
		return "not yet";
	case PROFILE_FAILED:
		return "failed";
	}
	return "?";
}

static void
profile_cond_cat(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
profile_cond_cat(char *buf, size_t len, const char *fmt, ...)
{
	size_t	n = strlen(buf);
	va_list	ap;

	if (n >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

static void
profile_cond_value_str(const struct profile_value *v, char *buf, size_t len)
{
	switch (v->kind) {
	case RD_TEXT:
		profile_cond_cat(buf, len, "%s", v->text);
		break;
	case RD_BOOL:
		profile_cond_cat(buf, len, "%s", v->b ? "true" : "false");
		break;
	default:
		profile_cond_cat(buf, len, "%g", v->num);
		break;
	}
}

char *
profile_cond_str(const struct profile_cond *c, char *buf, size_t len)
{
	size_t	i;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	profile_cond_cat(buf, len, "%s ", profile_reading_name(c->reading));
	switch (c->op) {
	case PROFILE_OP_PRESENT:
		profile_cond_cat(buf, len, "%s", c->values[0].b ?
		    "is present" : "is absent");
		break;
	case PROFILE_OP_AT_LEAST:
		profile_cond_cat(buf, len, "at least ");
		profile_cond_value_str(&c->values[0], buf, len);
		break;
	case PROFILE_OP_AT_MOST:
		profile_cond_cat(buf, len, "at most ");
		profile_cond_value_str(&c->values[0], buf, len);
		break;
	case PROFILE_OP_MAGNITUDE_AT_MOST:
		profile_cond_cat(buf, len, "within +/- ");
		profile_cond_value_str(&c->values[0], buf, len);
		break;
	default:
		profile_cond_cat(buf, len, "%s ", profile_op_name(c->op));
		for (i = 0; i < c->n_values; i++) {
			if (i > 0)
				profile_cond_cat(buf, len, " or ");
			profile_cond_value_str(&c->values[i], buf, len);
		}
		break;
	}
	if (c->within_s > 0)
		profile_cond_cat(buf, len, " within %d s", c->within_s);
	if (c->observed)
		profile_cond_cat(buf, len, " (observed only)");
	return buf;
}
