/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * profile.c - parse and strictly validate one profile (format:
 * man/lockscope-profile.5), and the accessors the visit engine uses.
 *
 * The parsed cJSON tree is kept: every string of the views points into
 * it, so a profile is one tree plus a few arrays.  Validation walks the
 * tree once with a path ("procedure[4].steps[1].verify.within_s") and
 * stops at the first problem, which is what the error names.
 *
 * Deliberately not done: merging profiles, inheritance, includes.  A
 * profile is complete in itself, so lint can judge it alone.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "util/text.h"
#include "profile/profile_int.h"

#define PF_PATH_MAX	160
#define PF_TEXT_MAX	200	/* title, instruction line, note */
#define PF_LIST_MAX	32	/* models, sources, notes, instructions */
#define PF_STEPS_MAX	16	/* per phase */

static const char *const profile_phase_names[PROFILE_PH_COUNT] = {
	"intake", "ownership", "power", "baseline", "reset", "verify-reset",
	"enroll", "verify-enroll", "credentials", "door-test", "closeout",
};

static const char *const profile_kind_names[] = {
	"attest", "physical", "external-app", "measure", "verify",
};

static const char *const profile_pairing_values[] = {
	"unpaired", "pairing_window", "paired", "unknown", NULL
};
static const char *const profile_result_values[] = {
	"done", "pass", "fail", NULL
};

/* Readings and their value types (RD_REAL covers integers). */
static const struct {
	const char	*name;
	enum rd_kind	 kind;
	bool		 integer;
	double		 min, max;
	const char *const *allowed;	/* closed text values, or NULL */
} profile_rd[PROFILE_RD_COUNT] = {
	[PROFILE_RD_PAIRING_STATE] = { "pairing_state", RD_TEXT, false, 0, 0,
	    profile_pairing_values },
	[PROFILE_RD_BATTERY_PERCENT] = { "battery_percent", RD_REAL, false,
	    0, 100, NULL },
	[PROFILE_RD_BATTERY_VOLTS] = { "battery_volts", RD_REAL, false, 0,
	    100, NULL },
	[PROFILE_RD_FIRMWARE] = { "firmware", RD_TEXT, false, 0, 0, NULL },
	[PROFILE_RD_LOCK_STATE] = { "lock_state", RD_TEXT, false, 0, 0,
	    NULL },
	[PROFILE_RD_CODES_ACTIVE] = { "codes_active", RD_REAL, true, 0,
	    100000, NULL },
	[PROFILE_RD_CODES_TEMPORARY] = { "codes_temporary_count", RD_REAL, true, 0,
	    100000, NULL },
	[PROFILE_RD_CLOCK_SKEW_S] = { "clock_skew_s", RD_REAL, false,
	    -1e9, 1e9, NULL },
	[PROFILE_RD_OWNERSHIP_VERIFIED] = { "ownership_verified", RD_BOOL,
	    false, 0, 0, NULL },
	[PROFILE_RD_RESULT] = { "result", RD_TEXT, false, 0, 0,
	    profile_result_values },
};

/* Decoder families (the "family" values of lockscope(1); src/adv/decoders/lockdec.h). */
static const char *const profile_families[] = {
	"homekit", "matter", "ttlock", "nuki", "switchbot", "yale-august",
	"sesame", "tuya", "xiaomi", "airbnk", "schlage", "tedee", "danalock",
	"ultraloq", "igloohome", "noke", "generic", NULL
};

static const char *const profile_op_names[] = {
	"equals", "becomes", "at_least", "at_most", "present",
};

static const char *const profile_cred_names[PROFILE_CRED_COUNT] = {
	"key", "keypad", "ble-phone", "ble-fob", "ble-ring", "nfc-card",
	"nfc-ring", "nfc-phone", "fingerprint", "face", "z-wave", "zigbee",
	"wifi",
};

/* Validation context: where we are, and the profile being filled. */
struct pf {
	struct profile		*p;
	struct ls_errbuf	*eb;
};

static enum ls_err
pf_fail(struct pf *pf, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum ls_err
pf_fail(struct pf *pf, const char *path, const char *fmt, ...)
{
	char	msg[400];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return ls_err_set(pf->eb, LS_EINPUT, "%s: %s", path, msg);
}

/* path.key, or key at the top. */
static void
pf_sub(char *out, const char *path, const char *key)
{
	int	r;

	if (path[0] == '\0')
		r = snprintf(out, PF_PATH_MAX, "%s", key);
	else
		r = snprintf(out, PF_PATH_MAX, "%s.%s", path, key);
	if (r >= PF_PATH_MAX)
		memcpy(out + PF_PATH_MAX - 4, "...", 4);
}

static void
pf_idx(char *out, const char *path, size_t i)
{
	if (snprintf(out, PF_PATH_MAX, "%s[%zu]", path, i) >= PF_PATH_MAX)
		memcpy(out + PF_PATH_MAX - 4, "...", 4);
}

static const char *
pf_type(const cJSON *j)
{
	if (cJSON_IsString(j))
		return "a string";
	if (cJSON_IsNumber(j))
		return "a number";
	if (cJSON_IsBool(j))
		return "a boolean";
	if (cJSON_IsNull(j))
		return "null";
	if (cJSON_IsArray(j))
		return "an array";
	if (cJSON_IsObject(j))
		return "an object";
	return "invalid";
}

/*
 * o must be an object whose keys are all in allowed (NULL-terminated),
 * each at most once.
 */
static enum ls_err
pf_object(struct pf *pf, const cJSON *o, const char *path,
    const char *const *allowed)
{
	const cJSON	*c, *d;
	char		 sub[PF_PATH_MAX];
	size_t		 i;

	if (!cJSON_IsObject(o))
		return pf_fail(pf, path[0] != '\0' ? path : "(top)",
		    "must be an object, not %s", pf_type(o));
	for (c = o->child; c != NULL; c = c->next) {
		pf_sub(sub, path, c->string != NULL ? c->string : "?");
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(c->string, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL)
			return pf_fail(pf, sub, "unknown key");
		for (d = o->child; d != c; d = d->next)
			if (strcmp(d->string, c->string) == 0)
				return pf_fail(pf, sub, "duplicate key");
	}
	return LS_OK;
}

/* Printable UTF-8 without control characters: text_sanitize's fixed point. */
static bool
pf_printable(const char *s)
{
	char	buf[PF_TEXT_MAX * 4 + 8];
	size_t	n = strlen(s);

	if (n >= sizeof buf)
		return false;
	text_sanitize((const uint8_t *)s, n, buf, sizeof buf);
	return strcmp(buf, s) == 0;
}

/*
 * A string member: *out set (NULL when absent and optional).  Length
 * 1..max, printable.
 */
static enum ls_err
pf_str(struct pf *pf, const cJSON *o, const char *path, const char *key,
    bool required, size_t max, const char **out)
{
	const cJSON	*j = cJSON_GetObjectItemCaseSensitive(o, key);
	char		 sub[PF_PATH_MAX];
	size_t		 n;

	*out = NULL;
	pf_sub(sub, path, key);
	if (j == NULL) {
		if (required)
			return pf_fail(pf, sub, "missing");
		return LS_OK;
	}
	if (!cJSON_IsString(j) || j->valuestring == NULL)
		return pf_fail(pf, sub, "must be a string, not %s",
		    pf_type(j));
	n = strlen(j->valuestring);
	if (n == 0 || n > max)
		return pf_fail(pf, sub, "must be 1..%zu characters long", max);
	if (!pf_printable(j->valuestring))
		return pf_fail(pf, sub, "must be printable UTF-8 without "
		    "control characters");
	*out = j->valuestring;
	return LS_OK;
}

/* An integral number in [min, max]. */
static enum ls_err
pf_int(struct pf *pf, const cJSON *j, const char *sub, long min, long max,
    long *out)
{
	double	v;

	if (!cJSON_IsNumber(j))
		return pf_fail(pf, sub, "must be a number, not %s",
		    pf_type(j));
	v = j->valuedouble;
	if (!isfinite(v) || v != floor(v) || v < (double)min ||
	    v > (double)max)
		return pf_fail(pf, sub, "must be %ld..%ld", min, max);
	*out = (long)v;
	return LS_OK;
}

static bool
pf_id_ok(const char *s)
{
	size_t	i, n = strlen(s);

	if (n == 0 || n > PROFILE_ID_MAX)
		return false;
	if (!islower((unsigned char)s[0]) && !isdigit((unsigned char)s[0]))
		return false;
	for (i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && s[i] != '-')
			return false;
	return true;
}

/* An id member: lowercase letters, digits, '-'. */
static enum ls_err
pf_id(struct pf *pf, const cJSON *o, const char *path, const char *key,
    const char **out)
{
	char	sub[PF_PATH_MAX];

	if (pf_str(pf, o, path, key, true, PROFILE_ID_MAX, out) != LS_OK)
		return LS_EINPUT;
	pf_sub(sub, path, key);
	if (!pf_id_ok(*out))
		return pf_fail(pf, sub, "'%s' is not an id (lowercase letters, "
		    "digits and '-', starting with a letter or digit)", *out);
	return LS_OK;
}

/*
 * An array member of 1..max strings, each 1..len long; *arr gets a
 * calloc'd array (caller frees), *n its length.
 */
static enum ls_err
pf_strlist(struct pf *pf, const cJSON *o, const char *path, const char *key,
    bool required, size_t max, size_t len, const char ***arr, size_t *n)
{
	const cJSON	*j = cJSON_GetObjectItemCaseSensitive(o, key), *e;
	char		 sub[PF_PATH_MAX], el[PF_PATH_MAX];
	size_t		 i, cnt;

	*arr = NULL;
	*n = 0;
	pf_sub(sub, path, key);
	if (j == NULL)
		return required ? pf_fail(pf, sub, "missing") : LS_OK;
	if (!cJSON_IsArray(j))
		return pf_fail(pf, sub, "must be an array, not %s",
		    pf_type(j));
	cnt = (size_t)cJSON_GetArraySize(j);
	if (cnt == 0 || cnt > max)
		return pf_fail(pf, sub, "must hold 1..%zu entries", max);
	*arr = calloc(cnt, sizeof **arr);
	if (*arr == NULL)
		return ls_err_set(pf->eb, LS_ENOMEM, "out of memory");
	i = 0;
	cJSON_ArrayForEach(e, j) {
		pf_idx(el, sub, i);
		if (!cJSON_IsString(e) || e->valuestring == NULL)
			return pf_fail(pf, el, "must be a string, not %s",
			    pf_type(e));
		if (strlen(e->valuestring) == 0 ||
		    strlen(e->valuestring) > len)
			return pf_fail(pf, el, "must be 1..%zu characters long",
			    len);
		if (!pf_printable(e->valuestring))
			return pf_fail(pf, el, "must be printable UTF-8 "
			    "without control characters");
		(*arr)[i++] = e->valuestring;
	}
	*n = cnt;
	return LS_OK;
}

static bool
pf_family_ok(const char *s)
{
	size_t	i;

	for (i = 0; profile_families[i] != NULL; i++)
		if (strcmp(s, profile_families[i]) == 0)
			return true;
	return false;
}

#define PF_FAMILIES	"homekit, matter, ttlock, nuki, switchbot, " \
			"yale-august, sesame, tuya, xiaomi, airbnk, schlage, " \
			"tedee, danalock, ultraloq, igloohome, noke, generic"

static bool
pf_date_ok(const char *s)
{
	int	y, m, d;
	char	tail;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	return y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= 31 && isdigit((unsigned char)s[5]) &&
	    isdigit((unsigned char)s[8]);
}

static enum ls_err
pf_sources(struct pf *pf, const cJSON *root)
{
	static const char *const keys[] = { "id", "title", "url", "accessed",
	    NULL };
	const cJSON	*arr = cJSON_GetObjectItemCaseSensitive(root, "sources");
	const cJSON	*e;
	struct profile	*p = pf->p;
	char		 sub[PF_PATH_MAX], ssub[PF_PATH_MAX];
	size_t		 i, k, n;

	if (arr == NULL)
		return pf_fail(pf, "sources", "missing");
	if (!cJSON_IsArray(arr))
		return pf_fail(pf, "sources", "must be an array, not %s",
		    pf_type(arr));
	n = (size_t)cJSON_GetArraySize(arr);
	if (n == 0 || n > PF_LIST_MAX)
		return pf_fail(pf, "sources", "must hold 1..%d entries",
		    PF_LIST_MAX);
	p->sources = calloc(n, sizeof *p->sources);
	if (p->sources == NULL)
		return ls_err_set(pf->eb, LS_ENOMEM, "out of memory");
	i = 0;
	cJSON_ArrayForEach(e, arr) {
		struct profile_source	*s = &p->sources[i];

		pf_idx(sub, "sources", i);
		if (pf_object(pf, e, sub, keys) != LS_OK ||
		    pf_id(pf, e, sub, "id", &s->id) != LS_OK ||
		    pf_str(pf, e, sub, "title", true, PF_TEXT_MAX,
		    &s->title) != LS_OK ||
		    pf_str(pf, e, sub, "url", true, 400, &s->url) != LS_OK ||
		    pf_str(pf, e, sub, "accessed", true, 10,
		    &s->accessed) != LS_OK)
			return LS_EINPUT;
		if (strncmp(s->url, "https://", 8) != 0 &&
		    strncmp(s->url, "http://", 7) != 0 &&
		    strncmp(s->url, "man:", 4) != 0) {
			pf_sub(ssub, sub, "url");
			return pf_fail(pf, ssub, "must start with https://, "
			    "http:// or man:");
		}
		if (strchr(s->url, ' ') != NULL) {
			pf_sub(ssub, sub, "url");
			return pf_fail(pf, ssub, "must not contain spaces");
		}
		if (!pf_date_ok(s->accessed)) {
			pf_sub(ssub, sub, "accessed");
			return pf_fail(pf, ssub, "must be a date YYYY-MM-DD");
		}
		for (k = 0; k < i; k++)
			if (strcmp(p->sources[k].id, s->id) == 0) {
				pf_sub(ssub, sub, "id");
				return pf_fail(pf, ssub, "'%s' already names "
				    "sources[%zu]", s->id, k);
			}
		i++;
		p->n_sources = i;
	}
	return LS_OK;
}

/* A member naming a source id declared in sources[]. */
static enum ls_err
pf_source_ref(struct pf *pf, const cJSON *o, const char *path,
    const char *key, bool required, const char **out)
{
	char	sub[PF_PATH_MAX];

	if (pf_str(pf, o, path, key, required, PROFILE_ID_MAX, out) != LS_OK)
		return LS_EINPUT;
	if (*out == NULL)
		return LS_OK;
	if (profile_source_find(pf->p, *out) == NULL) {
		pf_sub(sub, path, key);
		return pf_fail(pf, sub, "'%s' is not the id of a source",
		    *out);
	}
	return LS_OK;
}

static int
pf_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool
profile_uuid_canon(const char *s, char out[37])
{
	static const char	base[] = "-0000-1000-8000-00805f9b34fb";
	size_t			n = strlen(s), i;

	if (n == 4 || n == 8) {
		for (i = 0; i < n; i++)
			if (pf_hexval((unsigned char)s[i]) < 0)
				return false;
		memcpy(out, "0000", 4);
		memcpy(out + (n == 4 ? 4 : 0), s, n);
		memcpy(out + 8, base, sizeof base);
	} else if (n == 36) {
		for (i = 0; i < n; i++) {
			if (i == 8 || i == 13 || i == 18 || i == 23) {
				if (s[i] != '-')
					return false;
			} else if (pf_hexval((unsigned char)s[i]) < 0)
				return false;
		}
		memcpy(out, s, 37);
	} else
		return false;
	for (i = 0; out[i] != '\0'; i++)
		out[i] = (char)tolower((unsigned char)out[i]);
	return true;
}

static enum ls_err
pf_match(struct pf *pf, const cJSON *root)
{
	static const char *const keys[] = { "priority", "rules", NULL };
	static const char *const rkeys[] = { "family", "company_id",
	    "service_uuid", "name_pattern", "appearance", NULL };
	const cJSON	*m = cJSON_GetObjectItemCaseSensitive(root, "match");
	const cJSON	*rules, *r, *j;
	struct profile	*p = pf->p;
	char		 sub[PF_PATH_MAX], rsub[PF_PATH_MAX];
	const char	*s;
	long		 v;
	size_t		 i, n;

	if (m == NULL)
		return pf_fail(pf, "match", "missing");
	if (pf_object(pf, m, "match", keys) != LS_OK)
		return LS_EINPUT;
	j = cJSON_GetObjectItemCaseSensitive(m, "priority");
	if (j != NULL) {
		if (pf_int(pf, j, "match.priority", -100, 100, &v) != LS_OK)
			return LS_EINPUT;
		p->priority = (int)v;
	}
	rules = cJSON_GetObjectItemCaseSensitive(m, "rules");
	if (rules == NULL)
		return pf_fail(pf, "match.rules", "missing");
	if (!cJSON_IsArray(rules))
		return pf_fail(pf, "match.rules", "must be an array, not %s",
		    pf_type(rules));
	n = (size_t)cJSON_GetArraySize(rules);
	if (n == 0 || n > PROFILE_RULES_MAX)
		return pf_fail(pf, "match.rules", "must hold 1..%d rules",
		    PROFILE_RULES_MAX);
	i = 0;
	cJSON_ArrayForEach(r, rules) {
		struct profile_rule	*ru = &p->rules[i];

		pf_idx(sub, "match.rules", i);
		if (pf_object(pf, r, sub, rkeys) != LS_OK)
			return LS_EINPUT;
		ru->company_id = -1;
		ru->appearance = -1;
		if (pf_str(pf, r, sub, "family", false, 32,
		    &ru->family) != LS_OK)
			return LS_EINPUT;
		if (ru->family != NULL) {
			if (!pf_family_ok(ru->family)) {
				pf_sub(rsub, sub, "family");
				return pf_fail(pf, rsub, "'%s' is not a decoder "
				    "family (%s)", ru->family, PF_FAMILIES);
			}
			ru->n++;
		}
		if ((j = cJSON_GetObjectItemCaseSensitive(r,
		    "company_id")) != NULL) {
			pf_sub(rsub, sub, "company_id");
			if (pf_int(pf, j, rsub, 0, 65535, &v) != LS_OK)
				return LS_EINPUT;
			ru->company_id = (int)v;
			ru->n++;
		}
		if (pf_str(pf, r, sub, "service_uuid", false, 36,
		    &s) != LS_OK)
			return LS_EINPUT;
		if (s != NULL) {
			if (!profile_uuid_canon(s, ru->uuid)) {
				pf_sub(rsub, sub, "service_uuid");
				return pf_fail(pf, rsub, "'%s' is not a UUID "
				    "(4 or 8 hex digits, or "
				    "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", s);
			}
			ru->n++;
		}
		if (pf_str(pf, r, sub, "name_pattern", false, 64,
		    &ru->name_pattern) != LS_OK)
			return LS_EINPUT;
		if (ru->name_pattern != NULL)
			ru->n++;
		if ((j = cJSON_GetObjectItemCaseSensitive(r,
		    "appearance")) != NULL) {
			pf_sub(rsub, sub, "appearance");
			if (pf_int(pf, j, rsub, 0, 65535, &v) != LS_OK)
				return LS_EINPUT;
			ru->appearance = (int)v;
			ru->n++;
		}
		if (ru->n == 0)
			return pf_fail(pf, sub, "needs at least one of family, "
			    "company_id, service_uuid, name_pattern, "
			    "appearance");
		i++;
		p->n_rules = i;
	}
	return LS_OK;
}

static enum ls_err
pf_battery(struct pf *pf, const cJSON *root)
{
	static const char *const keys[] = { "chemistry", "chemistry_source",
	    "min_percent", "min_volts", "source", NULL };
	const cJSON		*b = cJSON_GetObjectItemCaseSensitive(root,
				    "battery"), *j;
	struct profile_battery	*pb = &pf->p->battery;
	long			 v;

	pb->min_percent = -1;
	pb->min_volts = -1;
	if (b == NULL)
		return pf_fail(pf, "battery", "missing");
	if (pf_object(pf, b, "battery", keys) != LS_OK ||
	    pf_str(pf, b, "battery", "chemistry", false, 64,
	    &pb->chemistry) != LS_OK ||
	    pf_source_ref(pf, b, "battery", "chemistry_source", false,
	    &pb->chemistry_source) != LS_OK)
		return LS_EINPUT;
	if (pb->chemistry != NULL && pb->chemistry_source == NULL)
		return pf_fail(pf, "battery.chemistry_source", "missing (a "
		    "chemistry needs a source)");
	if (pb->chemistry == NULL && pb->chemistry_source != NULL)
		return pf_fail(pf, "battery.chemistry", "missing (a "
		    "chemistry_source needs a chemistry)");
	if ((j = cJSON_GetObjectItemCaseSensitive(b, "min_percent")) != NULL) {
		if (pf_int(pf, j, "battery.min_percent", 1, 100, &v) != LS_OK)
			return LS_EINPUT;
		pb->min_percent = (int)v;
	}
	if ((j = cJSON_GetObjectItemCaseSensitive(b, "min_volts")) != NULL) {
		if (!cJSON_IsNumber(j))
			return pf_fail(pf, "battery.min_volts", "must be a "
			    "number, not %s", pf_type(j));
		if (!(j->valuedouble > 0 && j->valuedouble <= 24))
			return pf_fail(pf, "battery.min_volts",
			    "must be more than 0 and at most 24");
		pb->min_volts = j->valuedouble;
	}
	if (pb->min_percent < 0 && pb->min_volts < 0)
		return pf_fail(pf, "battery", "needs min_percent or "
		    "min_volts");
	return pf_source_ref(pf, b, "battery", "source", true, &pb->source);
}

static enum ls_err
pf_firmware(struct pf *pf, const cJSON *root)
{
	static const char *const keys[] = { "notes", "source", NULL };
	const cJSON	*f = cJSON_GetObjectItemCaseSensitive(root, "firmware");
	struct profile	*p = pf->p;

	if (f == NULL)
		return LS_OK;
	if (pf_object(pf, f, "firmware", keys) != LS_OK ||
	    pf_strlist(pf, f, "firmware", "notes", true, PF_LIST_MAX,
	    PF_TEXT_MAX, &p->fw_notes, &p->n_fw_notes) != LS_OK)
		return LS_EINPUT;
	return pf_source_ref(pf, f, "firmware", "source", true,
	    &p->fw_source);
}

static enum ls_err
pf_code_slots(struct pf *pf, const cJSON *root)
{
	static const char *const keys[] = { "from", "uuid", "source", NULL };
	const cJSON			*c = cJSON_GetObjectItemCaseSensitive(
					    root, "code_slots");
	struct profile_code_slots	*cs = &pf->p->slots;
	const char			*from, *uuid;

	if (c == NULL)
		return pf_fail(pf, "code_slots", "missing");
	if (pf_object(pf, c, "code_slots", keys) != LS_OK ||
	    pf_str(pf, c, "code_slots", "from", true, 16, &from) != LS_OK)
		return LS_EINPUT;
	if (strcmp(from, "attested") == 0) {
		cs->from = PROFILE_SLOTS_ATTESTED;
		if (cJSON_GetObjectItemCaseSensitive(c, "uuid") != NULL)
			return pf_fail(pf, "code_slots.uuid", "only with "
			    "\"from\": \"gatt\"");
		if (cJSON_GetObjectItemCaseSensitive(c, "source") != NULL)
			return pf_fail(pf, "code_slots.source", "only with "
			    "\"from\": \"gatt\"");
		return LS_OK;
	}
	if (strcmp(from, "gatt") != 0)
		return pf_fail(pf, "code_slots.from", "must be \"gatt\" or "
		    "\"attested\", not '%s'", from);
	cs->from = PROFILE_SLOTS_GATT;
	if (pf_str(pf, c, "code_slots", "uuid", true, 36, &uuid) != LS_OK)
		return LS_EINPUT;
	if (!profile_uuid_canon(uuid, pf->p->slots_uuid))
		return pf_fail(pf, "code_slots.uuid", "'%s' is not a UUID",
		    uuid);
	cs->uuid = pf->p->slots_uuid;
	return pf_source_ref(pf, c, "code_slots", "source", true,
	    &cs->source);
}

static enum ls_err
pf_credentials(struct pf *pf, const cJSON *root)
{
	const char	**names;
	size_t		  n, i, k;
	char		  sub[PF_PATH_MAX];
	enum ls_err	  rc;

	rc = pf_strlist(pf, root, "", "credentials", true, PROFILE_CRED_COUNT,
	    32, &names, &n);
	if (rc != LS_OK) {
		free(names);
		return rc;
	}
	rc = LS_OK;
	for (i = 0; i < n && rc == LS_OK; i++) {
		for (k = 0; k < PROFILE_CRED_COUNT; k++)
			if (strcmp(names[i], profile_cred_names[k]) == 0)
				break;
		pf_idx(sub, "credentials", i);
		if (k == PROFILE_CRED_COUNT)
			rc = pf_fail(pf, sub, "unknown credential '%s'",
			    names[i]);
		else if (pf->p->creds & (1u << k))
			rc = pf_fail(pf, sub, "'%s' listed twice", names[i]);
		else
			pf->p->creds |= 1u << k;
	}
	free(names);
	return rc;
}

/* One scalar condition value of the reading's type. */
static enum ls_err
pf_cond_value(struct pf *pf, const cJSON *j, const char *sub,
    enum profile_reading rd, struct profile_value *out)
{
	size_t	i;

	out->kind = profile_rd[rd].kind;
	switch (profile_rd[rd].kind) {
	case RD_TEXT:
		if (!cJSON_IsString(j) || j->valuestring == NULL)
			return pf_fail(pf, sub, "must be a string for %s, "
			    "not %s", profile_rd[rd].name, pf_type(j));
		if (strlen(j->valuestring) == 0 ||
		    strlen(j->valuestring) > 64 ||
		    !pf_printable(j->valuestring))
			return pf_fail(pf, sub, "must be 1..64 printable "
			    "characters");
		if (profile_rd[rd].allowed != NULL) {
			for (i = 0; profile_rd[rd].allowed[i] != NULL; i++)
				if (strcmp(j->valuestring,
				    profile_rd[rd].allowed[i]) == 0)
					break;
			if (profile_rd[rd].allowed[i] == NULL)
				return pf_fail(pf, sub, "'%s' is not a value "
				    "of %s", j->valuestring,
				    profile_rd[rd].name);
		}
		out->text = j->valuestring;
		return LS_OK;
	case RD_BOOL:
		if (!cJSON_IsBool(j))
			return pf_fail(pf, sub, "must be true or false for "
			    "%s, not %s", profile_rd[rd].name, pf_type(j));
		out->b = cJSON_IsTrue(j);
		return LS_OK;
	default:
		if (!cJSON_IsNumber(j))
			return pf_fail(pf, sub, "must be a number for %s, "
			    "not %s", profile_rd[rd].name, pf_type(j));
		if (!isfinite(j->valuedouble) ||
		    j->valuedouble < profile_rd[rd].min ||
		    j->valuedouble > profile_rd[rd].max ||
		    (profile_rd[rd].integer &&
		    j->valuedouble != floor(j->valuedouble)))
			return pf_fail(pf, sub, "must be %s %g..%g for %s",
			    profile_rd[rd].integer ? "an integer" : "a number",
			    profile_rd[rd].min, profile_rd[rd].max,
			    profile_rd[rd].name);
		out->kind = RD_REAL;
		out->num = j->valuedouble;
		return LS_OK;
	}
}

static enum ls_err
pf_cond(struct pf *pf, const cJSON *c, const char *path,
    struct profile_cond *out)
{
	static const char *const keys[] = { "reading", "equals", "becomes",
	    "at_least", "at_most", "present", "within_s", "observed", NULL };
	const cJSON	*j, *opj = NULL, *e;
	const char	*rname;
	char		 sub[PF_PATH_MAX], el[PF_PATH_MAX];
	size_t		 i;
	int		 k, nops = 0;
	long		 v;

	memset(out, 0, sizeof *out);
	if (pf_object(pf, c, path, keys) != LS_OK ||
	    pf_str(pf, c, path, "reading", true, 32, &rname) != LS_OK)
		return LS_EINPUT;
	for (k = 0; k < PROFILE_RD_COUNT; k++)
		if (strcmp(rname, profile_rd[k].name) == 0)
			break;
	pf_sub(sub, path, "reading");
	if (k == PROFILE_RD_COUNT)
		return pf_fail(pf, sub, "unknown reading '%s'", rname);
	out->reading = (enum profile_reading)k;
	for (k = 0; k < (int)(sizeof profile_op_names /
	    sizeof profile_op_names[0]); k++) {
		j = cJSON_GetObjectItemCaseSensitive(c, profile_op_names[k]);
		if (j != NULL) {
			nops++;
			opj = j;
			out->op = (enum profile_op)k;
		}
	}
	if (nops != 1)
		return pf_fail(pf, path, "needs exactly one of equals, becomes, "
		    "at_least, at_most, present");
	pf_sub(sub, path, profile_op_names[out->op]);
	switch (out->op) {
	case PROFILE_OP_PRESENT:
		if (!cJSON_IsBool(opj))
			return pf_fail(pf, sub, "must be true or false, not %s",
			    pf_type(opj));
		out->values[0].kind = RD_BOOL;
		out->values[0].b = cJSON_IsTrue(opj);
		out->n_values = 1;
		break;
	case PROFILE_OP_AT_LEAST:
	case PROFILE_OP_AT_MOST:
		if (profile_rd[out->reading].kind != RD_REAL)
			return pf_fail(pf, sub, "needs a numeric reading; %s "
			    "is not one", profile_rd[out->reading].name);
		if (pf_cond_value(pf, opj, sub, out->reading,
		    &out->values[0]) != LS_OK)
			return LS_EINPUT;
		out->n_values = 1;
		break;
	default:
		if (cJSON_IsArray(opj)) {
			i = (size_t)cJSON_GetArraySize(opj);
			if (i == 0 || i > PROFILE_COND_VALUES)
				return pf_fail(pf, sub, "must hold 1..%d "
				    "values", PROFILE_COND_VALUES);
			i = 0;
			cJSON_ArrayForEach(e, opj) {
				pf_idx(el, sub, i);
				if (pf_cond_value(pf, e, el, out->reading,
				    &out->values[i]) != LS_OK)
					return LS_EINPUT;
				i++;
			}
			out->n_values = i;
		} else {
			if (pf_cond_value(pf, opj, sub, out->reading,
			    &out->values[0]) != LS_OK)
				return LS_EINPUT;
			out->n_values = 1;
		}
		break;
	}
	if ((j = cJSON_GetObjectItemCaseSensitive(c, "within_s")) != NULL) {
		pf_sub(sub, path, "within_s");
		if (pf_int(pf, j, sub, 1, PROFILE_WITHIN_MAX, &v) != LS_OK)
			return LS_EINPUT;
		out->within_s = (int)v;
	} else if (out->op == PROFILE_OP_BECOMES) {
		pf_sub(sub, path, "within_s");
		return pf_fail(pf, sub, "missing (\"becomes\" watches for a "
		    "change, so it needs a time window)");
	}
	if ((j = cJSON_GetObjectItemCaseSensitive(c, "observed")) != NULL) {
		pf_sub(sub, path, "observed");
		if (!cJSON_IsBool(j))
			return pf_fail(pf, sub, "must be true or false, not %s",
			    pf_type(j));
		out->observed = cJSON_IsTrue(j);
	}
	return LS_OK;
}

static enum ls_err
pf_step(struct pf *pf, const cJSON *s, const char *path,
    struct profile_step *st)
{
	static const char *const keys[] = { "id", "kind", "title",
	    "instructions", "source", "time_limit_s", "verify", NULL };
	const cJSON	*j;
	const char	*kind, **lines;
	char		 sub[PF_PATH_MAX];
	size_t		 k, n;
	long		 v;

	if (pf_object(pf, s, path, keys) != LS_OK ||
	    pf_id(pf, s, path, "id", &st->id) != LS_OK ||
	    pf_str(pf, s, path, "kind", true, 16, &kind) != LS_OK)
		return LS_EINPUT;
	for (k = 0; k < sizeof profile_kind_names /
	    sizeof profile_kind_names[0]; k++)
		if (strcmp(kind, profile_kind_names[k]) == 0)
			break;
	pf_sub(sub, path, "kind");
	if (k == sizeof profile_kind_names / sizeof profile_kind_names[0])
		return pf_fail(pf, sub, "'%s' is not one of attest, physical, "
		    "external-app, measure, verify", kind);
	st->kind = (enum profile_step_kind)k;
	if (pf_str(pf, s, path, "title", true, 72, &st->title) != LS_OK)
		return LS_EINPUT;
	if (pf_strlist(pf, s, path, "instructions", true, 12, PF_TEXT_MAX,
	    &lines, &n) != LS_OK) {
		free(lines);
		return LS_EINPUT;
	}
	/* Owned by the step from here: profile_free() frees it. */
	st->instructions = lines;
	st->n_instructions = n;
	if (pf_source_ref(pf, s, path, "source", true, &st->source) != LS_OK)
		return LS_EINPUT;
	if ((j = cJSON_GetObjectItemCaseSensitive(s, "time_limit_s")) != NULL) {
		pf_sub(sub, path, "time_limit_s");
		if (pf_int(pf, j, sub, 1, PROFILE_WITHIN_MAX, &v) != LS_OK)
			return LS_EINPUT;
		st->time_limit_s = (int)v;
	}
	if ((j = cJSON_GetObjectItemCaseSensitive(s, "verify")) != NULL) {
		pf_sub(sub, path, "verify");
		if (pf_cond(pf, j, sub, &st->verify) != LS_OK)
			return LS_EINPUT;
		st->has_verify = true;
	} else if (st->kind == PROFILE_KIND_VERIFY) {
		pf_sub(sub, path, "verify");
		return pf_fail(pf, sub, "missing (a verify step needs a "
		    "condition)");
	}
	return LS_OK;
}

static enum ls_err
pf_procedure(struct pf *pf, const cJSON *root)
{
	static const char *const keys[] = { "phase", "steps", NULL };
	const cJSON	*arr = cJSON_GetObjectItemCaseSensitive(root,
			    "procedure"), *ph, *steps, *s;
	struct profile	*p = pf->p;
	const char	*name;
	char		 sub[PF_PATH_MAX], ssub[PF_PATH_MAX], st[PF_PATH_MAX];
	size_t		 i, n, k, a, b;
	enum profile_phase_id id;
	bool		 seen[PROFILE_PH_COUNT] = { false };
	int		 last = -1;

	if (arr == NULL)
		return pf_fail(pf, "procedure", "missing");
	if (!cJSON_IsArray(arr))
		return pf_fail(pf, "procedure", "must be an array, not %s",
		    pf_type(arr));
	n = (size_t)cJSON_GetArraySize(arr);
	if (n == 0 || n > PROFILE_PH_COUNT)
		return pf_fail(pf, "procedure", "must hold 1..%d phases",
		    PROFILE_PH_COUNT);
	i = 0;
	cJSON_ArrayForEach(ph, arr) {
		struct profile_phase	*pp = &p->phases[i];

		pf_idx(sub, "procedure", i);
		if (pf_object(pf, ph, sub, keys) != LS_OK ||
		    pf_str(pf, ph, sub, "phase", true, 32, &name) != LS_OK)
			return LS_EINPUT;
		pf_sub(ssub, sub, "phase");
		if (!profile_phase_from_name(name, &id))
			return pf_fail(pf, ssub, "'%s' is not a canonical phase "
			    "(intake, ownership, power, baseline, reset, "
			    "verify-reset, enroll, verify-enroll, credentials, "
			    "door-test, closeout)", name);
		if (seen[id])
			return pf_fail(pf, ssub, "'%s' appears twice", name);
		if ((int)id < last)
			return pf_fail(pf, ssub, "'%s' out of canonical order: "
			    "it comes before '%s'", name,
			    profile_phase_names[last]);
		if ((id == PROFILE_PH_RESET || id == PROFILE_PH_VERIFY_RESET) &&
		    (!seen[PROFILE_PH_OWNERSHIP] || !seen[PROFILE_PH_POWER]))
			return pf_fail(pf, ssub, "'%s' needs the 'ownership' "
			    "and 'power' phases before it", name);
		seen[id] = true;
		last = (int)id;
		pp->id = id;
		steps = cJSON_GetObjectItemCaseSensitive(ph, "steps");
		pf_sub(ssub, sub, "steps");
		if (steps == NULL)
			return pf_fail(pf, ssub, "missing");
		if (!cJSON_IsArray(steps))
			return pf_fail(pf, ssub, "must be an array, not %s",
			    pf_type(steps));
		k = (size_t)cJSON_GetArraySize(steps);
		if (k == 0 || k > PF_STEPS_MAX)
			return pf_fail(pf, ssub, "must hold 1..%d steps",
			    PF_STEPS_MAX);
		p->steps[i] = calloc(k, sizeof *p->steps[i]);
		if (p->steps[i] == NULL)
			return ls_err_set(pf->eb, LS_ENOMEM, "out of memory");
		p->steps_alloc[i] = k;
		pp->steps = p->steps[i];
		p->n_phases = i + 1;
		k = 0;
		cJSON_ArrayForEach(s, steps) {
			pf_idx(st, ssub, k);
			if (pf_step(pf, s, st, &p->steps[i][k]) != LS_OK)
				return LS_EINPUT;
			/* Step ids are unique in the whole profile. */
			for (a = 0; a <= i; a++)
				for (b = 0; b < (a == i ? k :
				    p->phases[a].n_steps); b++)
					if (strcmp(p->phases[a].steps[b].id,
					    p->steps[i][k].id) == 0) {
						pf_sub(sub, st, "id");
						return pf_fail(pf, sub, "'%s' is "
						    "already a step id",
						    p->steps[i][k].id);
					}
			k++;
			pp->n_steps = k;
		}
		i++;
	}
	return LS_OK;
}

static enum ls_err
pf_top(struct pf *pf, cJSON *root)
{
	static const char *const keys[] = { "profile", "id", "vendor",
	    "family", "models", "sources", "match", "battery", "firmware",
	    "code_slots", "credentials", "procedure", NULL };
	struct profile	*p = pf->p;
	const cJSON	*j;
	long		 v;

	if (pf_object(pf, root, "", keys) != LS_OK)
		return LS_EINPUT;
	j = cJSON_GetObjectItemCaseSensitive(root, "profile");
	if (j == NULL)
		return pf_fail(pf, "profile", "missing (the format version, 1)");
	if (pf_int(pf, j, "profile", 1, 1000000, &v) != LS_OK)
		return LS_EINPUT;
	if (v != PROFILE_FORMAT)
		return pf_fail(pf, "profile", "format version %ld is not "
		    "supported (this lockscope reads %d)", v, PROFILE_FORMAT);
	if (pf_id(pf, root, "", "id", &p->id) != LS_OK ||
	    pf_str(pf, root, "", "vendor", true, 64, &p->vendor) != LS_OK ||
	    pf_str(pf, root, "", "family", true, 32, &p->family) != LS_OK)
		return LS_EINPUT;
	if (!pf_family_ok(p->family))
		return pf_fail(pf, "family", "'%s' is not a decoder family (%s)",
		    p->family, PF_FAMILIES);
	if (pf_strlist(pf, root, "", "models", true, PF_LIST_MAX, 64,
	    &p->models, &p->n_models) != LS_OK ||
	    pf_sources(pf, root) != LS_OK ||
	    pf_match(pf, root) != LS_OK ||
	    pf_battery(pf, root) != LS_OK ||
	    pf_firmware(pf, root) != LS_OK ||
	    pf_code_slots(pf, root) != LS_OK ||
	    pf_credentials(pf, root) != LS_OK ||
	    pf_procedure(pf, root) != LS_OK)
		return LS_EINPUT;
	return LS_OK;
}

/* Line and column of offset off in text, 1-based. */
static void
pf_linecol(const char *text, size_t off, size_t *line, size_t *col)
{
	size_t	i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else
			(*col)++;
	}
}

enum ls_err
profile_parse(const char *text, size_t len, const char *name,
    struct profile **out, struct ls_errbuf *eb)
{
	struct profile	*p;
	struct pf	 pf;
	const char	*end = NULL;
	size_t		 line, col, i;
	enum ls_err	 rc;
	char		*copy;

	*out = NULL;
	if (len > PROFILE_FILE_MAX)
		return ls_err_set(eb, LS_EINPUT, "larger than %d bytes",
		    PROFILE_FILE_MAX);
	/* cJSON wants a terminated string; a NUL inside is refused. */
	if (memchr(text, '\0', len) != NULL) {
		pf_linecol(text, (size_t)((const char *)memchr(text, '\0',
		    len) - text), &line, &col);
		return ls_err_set(eb, LS_EINPUT, "line %zu, column %zu: NUL "
		    "byte in the file", line, col);
	}
	copy = malloc(len + 1);
	p = calloc(1, sizeof *p);
	if (copy == NULL || p == NULL) {
		free(copy);
		free(p);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	p->root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, 0);
	if (p->root == NULL) {
		size_t	off = end != NULL && end >= copy &&
			    end <= copy + len ? (size_t)(end - copy) : 0;

		pf_linecol(copy, off, &line, &col);
		free(copy);
		free(p);
		return ls_err_set(eb, LS_EINPUT, "line %zu, column %zu: not "
		    "valid JSON", line, col);
	}
	/* Only white space may follow the value. */
	for (i = (size_t)(end - copy); i < len; i++)
		if (!isspace((unsigned char)copy[i])) {
			pf_linecol(copy, i, &line, &col);
			free(copy);
			cJSON_Delete(p->root);
			free(p);
			return ls_err_set(eb, LS_EINPUT, "line %zu, column %zu: "
			    "text after the JSON object", line, col);
		}
	free(copy);
	pf.p = p;
	pf.eb = eb;
	rc = pf_top(&pf, p->root);
	if (rc == LS_OK && name != NULL && (p->file = strdup(name)) == NULL)
		rc = ls_err_set(eb, LS_ENOMEM, "out of memory");
	if (rc != LS_OK) {
		profile_free(p);
		return rc;
	}
	*out = p;
	return LS_OK;
}

enum ls_err
profile_load_file(const char *path, struct profile **out,
    struct ls_errbuf *eb)
{
	char		*buf;
	struct stat	 st;
	ssize_t		 r;
	size_t		 n = 0;
	int		 fd, e;
	enum ls_err	 rc;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		return ls_err_set(eb, e == ENOENT ? LS_EINPUT :
		    ls_err_from_errno(e), "%s: cannot open: %s", path,
		    strerror(e));
	}
	if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		close(fd);
		return ls_err_set(eb, LS_EINPUT, "%s: not a regular file",
		    path);
	}
	buf = malloc(PROFILE_FILE_MAX + 1);
	if (buf == NULL) {
		close(fd);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	for (;;) {
		r = read(fd, buf + n, PROFILE_FILE_MAX + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			free(buf);
			close(fd);
			return ls_err_set(eb, ls_err_from_errno(e),
			    "%s: cannot read: %s", path, strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > PROFILE_FILE_MAX)
			break;
	}
	close(fd);
	rc = profile_parse(buf, n, path, out, eb);
	free(buf);
	if (rc != LS_OK)
		ls_err_prefix(eb, "%s", path);
	return rc;
}

void
profile_free(struct profile *p)
{
	size_t	i, k;

	if (p == NULL)
		return;
	for (i = 0; i < PROFILE_PH_COUNT; i++) {
		for (k = 0; k < p->steps_alloc[i]; k++)
			free((void *)p->steps[i][k].instructions);
		free(p->steps[i]);
	}
	free(p->models);
	free(p->sources);
	free(p->fw_notes);
	free(p->file);
	cJSON_Delete(p->root);
	free(p);
}

const struct cJSON *
profile_json(const struct profile *p)
{
	return p->root;
}

const char *
profile_id(const struct profile *p)
{
	return p->id;
}

const char *
profile_vendor(const struct profile *p)
{
	return p->vendor;
}

const char *
profile_family(const struct profile *p)
{
	return p->family;
}

const char *
profile_file(const struct profile *p)
{
	return p->file != NULL ? p->file : "";
}

int
profile_priority(const struct profile *p)
{
	return p->priority;
}

size_t
profile_n_models(const struct profile *p)
{
	return p->n_models;
}

const char *
profile_model(const struct profile *p, size_t i)
{
	return i < p->n_models ? p->models[i] : NULL;
}

size_t
profile_n_rules(const struct profile *p)
{
	return p->n_rules;
}

char *
profile_rule_str(const struct profile *p, size_t i, char *buf, size_t len)
{
	const struct profile_rule	*r;
	size_t				 n;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (i >= p->n_rules)
		return buf;
	r = &p->rules[i];
#define PF_CAT(...) do {						\
	n = strlen(buf);						\
	snprintf(buf + n, len - n, "%s", n > 0 ? ", " : "");		\
	n = strlen(buf);						\
	snprintf(buf + n, len - n, __VA_ARGS__);			\
} while (0)
	if (r->family != NULL)
		PF_CAT("family %s", r->family);
	if (r->company_id >= 0)
		PF_CAT("company_id 0x%04x", (unsigned)r->company_id);
	if (r->uuid[0] != '\0')
		PF_CAT("service_uuid %s", r->uuid);
	if (r->name_pattern != NULL)
		PF_CAT("name_pattern \"%s\"", r->name_pattern);
	if (r->appearance >= 0)
		PF_CAT("appearance 0x%04x", (unsigned)r->appearance);
#undef PF_CAT
	return buf;
}

size_t
profile_n_sources(const struct profile *p)
{
	return p->n_sources;
}

const struct profile_source *
profile_source(const struct profile *p, size_t i)
{
	return i < p->n_sources ? &p->sources[i] : NULL;
}

const struct profile_source *
profile_source_find(const struct profile *p, const char *id)
{
	size_t	i;

	for (i = 0; i < p->n_sources; i++)
		if (strcmp(p->sources[i].id, id) == 0)
			return &p->sources[i];
	return NULL;
}

const struct profile_battery *
profile_battery(const struct profile *p)
{
	return &p->battery;
}

size_t
profile_n_firmware_notes(const struct profile *p)
{
	return p->n_fw_notes;
}

const char *
profile_firmware_note(const struct profile *p, size_t i)
{
	return i < p->n_fw_notes ? p->fw_notes[i] : NULL;
}

const char *
profile_firmware_source(const struct profile *p)
{
	return p->fw_source;
}

const struct profile_code_slots *
profile_code_slots(const struct profile *p)
{
	return &p->slots;
}

unsigned
profile_credentials(const struct profile *p)
{
	return p->creds;
}

size_t
profile_n_phases(const struct profile *p)
{
	return p->n_phases;
}

const struct profile_phase *
profile_phase_at(const struct profile *p, size_t i)
{
	return i < p->n_phases ? &p->phases[i] : NULL;
}

const struct profile_phase *
profile_phase_find(const struct profile *p, enum profile_phase_id id)
{
	size_t	i;

	for (i = 0; i < p->n_phases; i++)
		if (p->phases[i].id == id)
			return &p->phases[i];
	return NULL;
}

const struct profile_step *
profile_step_find(const struct profile *p, const char *id,
    const struct profile_phase **phase)
{
	size_t	i, k;

	for (i = 0; i < p->n_phases; i++)
		for (k = 0; k < p->phases[i].n_steps; k++)
			if (strcmp(p->phases[i].steps[k].id, id) == 0) {
				if (phase != NULL)
					*phase = &p->phases[i];
				return &p->phases[i].steps[k];
			}
	return NULL;
}

const char *
profile_phase_name(enum profile_phase_id id)
{
	return (unsigned)id < PROFILE_PH_COUNT ? profile_phase_names[id] :
	    NULL;
}

bool
profile_phase_from_name(const char *s, enum profile_phase_id *out)
{
	int	i;

	for (i = 0; i < PROFILE_PH_COUNT; i++)
		if (strcmp(s, profile_phase_names[i]) == 0) {
			*out = (enum profile_phase_id)i;
			return true;
		}
	return false;
}

const char *
profile_kind_name(enum profile_step_kind k)
{
	return (unsigned)k < sizeof profile_kind_names /
	    sizeof profile_kind_names[0] ? profile_kind_names[k] : NULL;
}

const char *
profile_reading_name(enum profile_reading r)
{
	return (unsigned)r < PROFILE_RD_COUNT ? profile_rd[r].name : NULL;
}

bool
profile_reading_from_name(const char *s, enum profile_reading *out)
{
	int	i;

	for (i = 0; i < PROFILE_RD_COUNT; i++)
		if (strcmp(s, profile_rd[i].name) == 0) {
			*out = (enum profile_reading)i;
			return true;
		}
	return false;
}

const char *
profile_op_name(enum profile_op o)
{
	return (unsigned)o < sizeof profile_op_names /
	    sizeof profile_op_names[0] ? profile_op_names[o] : NULL;
}

const char *
profile_cred_name(unsigned bit)
{
	unsigned	i;

	for (i = 0; i < PROFILE_CRED_COUNT; i++)
		if (bit == (1u << i))
			return profile_cred_names[i];
	return NULL;
}
