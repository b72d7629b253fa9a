/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * reading.c - readings with provenance, and their JSON form.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "util/reading.h"

static const char *const reading_prov_names[] = {
	[RD_OBSERVED] = "observed",
	[RD_ATTESTED] = "attested",
	[RD_UNAVAILABLE] = "unavailable",
};

static void
reading_copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src != NULL ? src : "");
}

static void
reading_start(struct reading *r, enum rd_prov prov, enum rd_kind kind,
    const char *source, uint64_t at_us)
{
	memset(r, 0, sizeof *r);
	r->prov = prov;
	r->kind = kind;
	r->at_us = at_us;
	reading_copy(r->source, sizeof r->source, source);
}

void
reading_int(struct reading *r, enum rd_prov prov, int64_t v,
    const char *source, uint64_t at_us)
{
	reading_start(r, prov, RD_INT, source, at_us);
	r->i = v;
}

void
reading_real(struct reading *r, enum rd_prov prov, double v,
    const char *source, uint64_t at_us)
{
	reading_start(r, prov, isfinite(v) ? RD_REAL : RD_NONE, source,
	    at_us);
	r->d = isfinite(v) ? v : 0;
}

void
reading_text(struct reading *r, enum rd_prov prov, const char *v,
    const char *source, uint64_t at_us)
{
	reading_start(r, prov, RD_TEXT, source, at_us);
	reading_copy(r->text, sizeof r->text, v);
}

void
reading_bool(struct reading *r, enum rd_prov prov, bool v,
    const char *source, uint64_t at_us)
{
	reading_start(r, prov, RD_BOOL, source, at_us);
	r->b = v;
}

void
reading_unavailable(struct reading *r, const char *source,
    const char *reason, uint64_t at_us)
{
	reading_start(r, RD_UNAVAILABLE, RD_NONE, source, at_us);
	reading_copy(r->reason, sizeof r->reason, reason);
}

bool
reading_has_value(const struct reading *r)
{
	return (r->prov == RD_OBSERVED || r->prov == RD_ATTESTED) &&
	    r->kind != RD_NONE;
}

const char *
reading_prov_name(enum rd_prov p)
{
	if ((size_t)p >= sizeof reading_prov_names /
	    sizeof reading_prov_names[0])
		return NULL;
	return reading_prov_names[p];
}

/*
 * The one time format of the tree's output (NDJSON lines, readings, the
 * report): RFC 3339 in UTC with milliseconds, so that lines of every
 * command sort and compare as text.
 */
void
reading_time_iso(uint64_t at_us, char *buf, size_t len)
{
	struct tm	tm;
	time_t		t = (time_t)(at_us / 1000000);
	size_t		n;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (gmtime_r(&t, &tm) == NULL)
		return;
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	if (n == 0) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf + n, len - n, ".%03uZ",
	    (unsigned)(at_us / 1000 % 1000));
}

cJSON *
reading_json(const struct reading *r)
{
	cJSON	*o, *v;
	char	 ts[32];

	if (r->prov == RD_UNSET)
		return cJSON_CreateNull();
	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	switch (r->kind) {
	case RD_INT:
		v = cJSON_CreateNumber((double)r->i);
		break;
	case RD_REAL:
		v = cJSON_CreateNumber(r->d);
		break;
	case RD_TEXT:
		v = cJSON_CreateString(r->text);
		break;
	case RD_BOOL:
		v = cJSON_CreateBool(r->b);
		break;
	default:
		v = cJSON_CreateNull();
		break;
	}
	cJSON_AddItemToObject(o, "value", v);
	cJSON_AddStringToObject(o, "provenance", reading_prov_name(r->prov));
	if (r->source[0] != '\0')
		cJSON_AddStringToObject(o, "source", r->source);
	else
		cJSON_AddNullToObject(o, "source");
	if (r->at_us != 0) {
		reading_time_iso(r->at_us, ts, sizeof ts);
		cJSON_AddStringToObject(o, "at", ts);
	} else
		cJSON_AddNullToObject(o, "at");
	if (r->prov == RD_UNAVAILABLE)
		cJSON_AddStringToObject(o, "reason", r->reason);
	else
		cJSON_AddNullToObject(o, "reason");
	if (v == NULL || cJSON_GetObjectItemCaseSensitive(o, "reason") ==
	    NULL) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static bool
reading_parse_time(const char *s, uint64_t *out)
{
	struct tm	 tm;
	const char	*end;
	time_t		 t;

	unsigned	 ms = 0;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (end == NULL)
		return false;
	/* Milliseconds, or none (journals written before they were kept). */
	if (end[0] == '.') {
		if (end[1] < '0' || end[1] > '9' || end[2] < '0' ||
		    end[2] > '9' || end[3] < '0' || end[3] > '9')
			return false;
		ms = (unsigned)(end[1] - '0') * 100 +
		    (unsigned)(end[2] - '0') * 10 + (unsigned)(end[3] - '0');
		end += 4;
	}
	if (strcmp(end, "Z") != 0)
		return false;
	if ((t = timegm(&tm)) < 0)
		return false;
	*out = (uint64_t)t * 1000000 + (uint64_t)ms * 1000;
	return true;
}

bool
reading_from_json(const cJSON *o, struct reading *out)
{
	static const char *const keys[] = { "value", "provenance", "source",
	    "at", "reason", NULL };
	const cJSON	*it, *v, *p, *s, *at, *why;
	struct reading	 r;
	size_t		 k;

	memset(&r, 0, sizeof r);
	if (cJSON_IsNull(o)) {
		*out = r;
		return true;
	}
	if (!cJSON_IsObject(o))
		return false;
	cJSON_ArrayForEach(it, o) {
		for (k = 0; keys[k] != NULL; k++)
			if (strcmp(it->string, keys[k]) == 0)
				break;
		if (keys[k] == NULL)
			return false;
	}
	p = cJSON_GetObjectItemCaseSensitive(o, "provenance");
	if (!cJSON_IsString(p))
		return false;
	for (k = RD_OBSERVED; k <= RD_UNAVAILABLE; k++)
		if (strcmp(p->valuestring, reading_prov_names[k]) == 0)
			break;
	if (k > RD_UNAVAILABLE)
		return false;
	r.prov = (enum rd_prov)k;
	s = cJSON_GetObjectItemCaseSensitive(o, "source");
	if (cJSON_IsString(s))
		reading_copy(r.source, sizeof r.source, s->valuestring);
	else if (s != NULL && !cJSON_IsNull(s))
		return false;
	at = cJSON_GetObjectItemCaseSensitive(o, "at");
	if (cJSON_IsString(at)) {
		if (!reading_parse_time(at->valuestring, &r.at_us))
			return false;
	} else if (at != NULL && !cJSON_IsNull(at))
		return false;
	why = cJSON_GetObjectItemCaseSensitive(o, "reason");
	if (cJSON_IsString(why))
		reading_copy(r.reason, sizeof r.reason, why->valuestring);
	else if (why != NULL && !cJSON_IsNull(why))
		return false;
	v = cJSON_GetObjectItemCaseSensitive(o, "value");
	if (v == NULL || cJSON_IsNull(v))
		r.kind = RD_NONE;
	else if (cJSON_IsBool(v)) {
		r.kind = RD_BOOL;
		r.b = cJSON_IsTrue(v);
	} else if (cJSON_IsString(v)) {
		r.kind = RD_TEXT;
		reading_copy(r.text, sizeof r.text, v->valuestring);
	} else if (cJSON_IsNumber(v)) {
		if (v->valuedouble == floor(v->valuedouble) &&
		    fabs(v->valuedouble) < 9007199254740992.0) {
			r.kind = RD_INT;
			r.i = (int64_t)v->valuedouble;
		} else {
			r.kind = RD_REAL;
			r.d = v->valuedouble;
		}
	} else
		return false;
	*out = r;
	return true;
}
