/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * profile.c - parse and strictly validate one profile (format:
 * man/lockscope-profile.5), and the accessors the visit engine uses.
 *
 * The parsed cJSON tree is kept: every string of the views points into
 * it, so a profile is one tree plus a few arrays.  Validation walks the
 * tree once and stops at the first problem; util/json_check.c checks
 * each object against its key table below and words every error with
 * the path and position of the value ("procedure[4].steps[1].verify.
 * within_s: must be 1..3600 (line 40, column 30)").
 *
 * Deliberately not done: merging profiles, inheritance, includes.  A
 * profile is complete in itself, so lint can judge it alone.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "profile/profile_int.h"
#include "util/json_check.h"
#include "util/text.h"

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
	[PROFILE_RD_CODES_TEMPORARY] = { "codes_temporary_count", RD_REAL,
	    true, 0, 100000, NULL },
	[PROFILE_RD_CLOCK_SKEW_S] = { "clock_skew_s", RD_REAL, false,
	    -1e9, 1e9, NULL },
	[PROFILE_RD_OWNERSHIP_VERIFIED] = { "ownership_verified", RD_BOOL,
	    false, 0, 0, NULL },
	[PROFILE_RD_RESULT] = { "result", RD_TEXT, false, 0, 0,
	    profile_result_values },
};

/*
 * Decoder families (the "family" values of lockscope(1);
 * src/adv/decoders/lockdec.h).
 */
static const char *const profile_families[] = {
	"homekit", "matter", "ttlock", "nuki", "switchbot", "yale-august",
	"sesame", "tuya", "xiaomi", "airbnk", "schlage", "tedee", "danalock",
	"ultraloq", "igloohome", "noke", "yeelock", "dormakaba",
	"generic", NULL
};

static const char *const profile_op_names[] = {
	"equals", "becomes", "at_least", "at_most", "present",
	"magnitude_at_most",
};

static const char *const profile_cred_names[PROFILE_CRED_COUNT] = {
	"key", "keypad", "ble-phone", "ble-fob", "ble-ring", "nfc-card",
	"nfc-ring", "nfc-phone", "fingerprint", "face", "z-wave", "zigbee",
	"wifi",
};

/* Validation context: the profile being filled, and the checker. */
struct pf {
	struct profile		*p;
	struct jc		 c;
};

#define pf_fail(pf, at, ...)	jc_fail(&(pf)->c, (at), __VA_ARGS__)

/* The keys of each object of the format (lockscope-profile(5)). */
static const struct jc_key pf_top_keys[] = {
	{ "profile", JC_NUMBER, true },
	{ "id", JC_STRING, true },
	{ "vendor", JC_STRING, true },
	{ "family", JC_STRING, true },
	{ "models", JC_ARRAY, true },
	{ "sources", JC_ARRAY, true },
	{ "match", JC_OBJECT, true },
	{ "battery", JC_OBJECT, true },
	{ "firmware", JC_OBJECT, false },
	{ "code_slots", JC_OBJECT, true },
	{ "credentials", JC_ARRAY, true },
	{ "remedies", JC_ARRAY, false },
	{ "procedure", JC_ARRAY, true },
	{ NULL, 0, false }
};

static const struct jc_key pf_remedy_keys[] = {
	{ "id", JC_STRING, true },
	{ "source", JC_STRING, true },
	{ NULL, 0, false }
};

static const struct jc_key pf_source_keys[] = {
	{ "id", JC_STRING, true },
	{ "title", JC_STRING, true },
	{ "url", JC_STRING, true },
	{ "accessed", JC_STRING, true },
	{ NULL, 0, false }
};

static const struct jc_key pf_match_keys[] = {
	{ "priority", JC_NUMBER, false },
	{ "rules", JC_ARRAY, true },
	{ NULL, 0, false }
};

static const struct jc_key pf_rule_keys[] = {
	{ "family", JC_STRING, false },
	{ "company_id", JC_NUMBER, false },
	{ "service_uuid", JC_STRING, false },
	{ "name_pattern", JC_STRING, false },
	{ "appearance", JC_NUMBER, false },
	{ NULL, 0, false }
};

static const struct jc_key pf_battery_keys[] = {
	{ "chemistry", JC_STRING, false },
	{ "chemistry_source", JC_STRING, false },
	{ "min_percent", JC_NUMBER, false },
	{ "min_volts", JC_NUMBER, false },
	{ "source", JC_STRING, true },
	{ NULL, 0, false }
};

static const struct jc_key pf_firmware_keys[] = {
	{ "notes", JC_ARRAY, true },
	{ "source", JC_STRING, true },
	{ NULL, 0, false }
};

static const struct jc_key pf_slots_keys[] = {
	{ "from", JC_STRING, true },
	{ "uuid", JC_STRING, false },
	{ "source", JC_STRING, false },
	{ NULL, 0, false }
};

static const struct jc_key pf_phase_keys[] = {
	{ "phase", JC_STRING, true },
	{ "steps", JC_ARRAY, true },
	{ NULL, 0, false }
};

static const struct jc_key pf_step_keys[] = {
	{ "id", JC_STRING, true },
	{ "kind", JC_STRING, true },
	{ "title", JC_STRING, true },
	{ "instructions", JC_ARRAY, true },
	{ "source", JC_STRING, true },
	{ "time_limit_s", JC_NUMBER, false },
	{ "verify", JC_OBJECT, false },
	{ "remedies", JC_ARRAY, false },
	{ NULL, 0, false }
};

/* Operands are typed by the reading they name (pf_cond_value). */
static const struct jc_key pf_cond_keys[] = {
	{ "reading", JC_STRING, true },
	{ "equals", JC_ANY, false },
	{ "becomes", JC_ANY, false },
	{ "at_least", JC_ANY, false },
	{ "at_most", JC_ANY, false },
	{ "present", JC_BOOL, false },
	{ "magnitude_at_most", JC_ANY, false },
	{ "within_s", JC_NUMBER, false },
	{ "observed", JC_BOOL, false },
	{ NULL, 0, false }
};

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

/* A string value (its type already checked): length 1..max, printable. */
static enum ls_err
pf_text(struct pf *pf, const cJSON *j, size_t max)
{
	size_t	n = strlen(j->valuestring);

	if (n == 0 || n > max)
		return pf_fail(pf, j, "must be 1..%zu characters long", max);
	if (!pf_printable(j->valuestring))
		return pf_fail(pf, j, "must be printable UTF-8 without "
		    "control characters");
	return LS_OK;
}

/*
 * A string member of an object that jc_object has checked: *out set
 * (NULL when absent, which the key table allows or refuses).
 */
static enum ls_err
pf_str(struct pf *pf, const cJSON *o, const char *key, size_t max,
    const char **out)
{
	const cJSON	*j = cJSON_GetObjectItemCaseSensitive(o, key);

	*out = NULL;
	if (j == NULL)
		return LS_OK;
	if (jc_type(&pf->c, j, JC_STRING) != LS_OK ||
	    pf_text(pf, j, max) != LS_OK)
		return LS_EINPUT;
	*out = j->valuestring;
	return LS_OK;
}

/* An integral number in [min, max]. */
static enum ls_err
pf_int(struct pf *pf, const cJSON *j, long min, long max, long *out)
{
	double	v;

	if (jc_type(&pf->c, j, JC_NUMBER) != LS_OK)
		return LS_EINPUT;
	v = j->valuedouble;
	if (!isfinite(v) || v != floor(v) || v < (double)min ||
	    v > (double)max)
		return pf_fail(pf, j, "must be %ld..%ld", min, max);
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

/* An id member (required): lowercase letters, digits, '-'. */
static enum ls_err
pf_id(struct pf *pf, const cJSON *o, const char *key, const char **out)
{
	if (pf_str(pf, o, key, PROFILE_ID_MAX, out) != LS_OK)
		return LS_EINPUT;
	if (!pf_id_ok(*out))
		return pf_fail(pf, cJSON_GetObjectItemCaseSensitive(o, key),
		    "'%s' is not an id (lowercase letters, digits and '-', "
		    "starting with a letter or digit)", *out);
	return LS_OK;
}

/*
 * An array member of 1..max strings, each 1..len long; *arr gets a
 * calloc'd array (caller frees, also on failure), *n its length.
 */
static enum ls_err
pf_strlist(struct pf *pf, const cJSON *o, const char *key, size_t max,
    size_t len, const char ***arr, size_t *n)
{
	const cJSON	*j = cJSON_GetObjectItemCaseSensitive(o, key), *e;
	size_t		 i, cnt;

	*arr = NULL;
	*n = 0;
	if (j == NULL)
		return LS_OK;
	if (jc_type(&pf->c, j, JC_ARRAY) != LS_OK)
		return LS_EINPUT;
	cnt = (size_t)cJSON_GetArraySize(j);
	if (cnt == 0 || cnt > max)
		return pf_fail(pf, j, "must hold 1..%zu entries", max);
	*arr = calloc(cnt, sizeof **arr);
	if (*arr == NULL)
		return ls_err_set(pf->c.eb, LS_ENOMEM, "out of memory");
	i = 0;
	cJSON_ArrayForEach(e, j) {
		if (jc_type(&pf->c, e, JC_STRING) != LS_OK ||
		    pf_text(pf, e, len) != LS_OK)
			return LS_EINPUT;
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
			"tedee, danalock, ultraloq, igloohome, noke, " \
			"yeelock, dormakaba, generic"

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
	const cJSON	*arr, *e;
	struct profile	*p = pf->p;
	size_t		 i, k, n;

	arr = cJSON_GetObjectItemCaseSensitive(root, "sources");
	n = (size_t)cJSON_GetArraySize(arr);
	if (n == 0 || n > PF_LIST_MAX)
		return pf_fail(pf, arr, "must hold 1..%d entries",
		    PF_LIST_MAX);
	p->sources = calloc(n, sizeof *p->sources);
	if (p->sources == NULL)
		return ls_err_set(pf->c.eb, LS_ENOMEM, "out of memory");
	i = 0;
	cJSON_ArrayForEach(e, arr) {
		struct profile_source	*s = &p->sources[i];

		if (jc_object(&pf->c, e, pf_source_keys) != LS_OK ||
		    pf_id(pf, e, "id", &s->id) != LS_OK ||
		    pf_str(pf, e, "title", PF_TEXT_MAX, &s->title) != LS_OK ||
		    pf_str(pf, e, "url", 400, &s->url) != LS_OK ||
		    pf_str(pf, e, "accessed", 10, &s->accessed) != LS_OK)
			return LS_EINPUT;
		if (strncmp(s->url, "https://", 8) != 0 &&
		    strncmp(s->url, "http://", 7) != 0 &&
		    strncmp(s->url, "man:", 4) != 0)
			return pf_fail(pf, cJSON_GetObjectItemCaseSensitive(e,
			    "url"), "must start with https://, http:// or "
			    "man:");
		if (strchr(s->url, ' ') != NULL)
			return pf_fail(pf, cJSON_GetObjectItemCaseSensitive(e,
			    "url"), "must not contain spaces");
		if (!pf_date_ok(s->accessed))
			return pf_fail(pf, cJSON_GetObjectItemCaseSensitive(e,
			    "accessed"), "must be a date YYYY-MM-DD");
		for (k = 0; k < i; k++)
			if (strcmp(p->sources[k].id, s->id) == 0)
				return pf_fail(pf,
				    cJSON_GetObjectItemCaseSensitive(e, "id"),
				    "'%s' already names sources[%zu]", s->id,
				    k);
		i++;
		p->n_sources = i;
	}
	return LS_OK;
}

/* A member naming a source id declared in sources[]. */
static enum ls_err
pf_source_ref(struct pf *pf, const cJSON *o, const char *key,
    const char **out)
{
	if (pf_str(pf, o, key, PROFILE_ID_MAX, out) != LS_OK)
		return LS_EINPUT;
	if (*out != NULL && profile_source_find(pf->p, *out) == NULL)
		return pf_fail(pf, cJSON_GetObjectItemCaseSensitive(o, key),
		    "'%s' is not the id of a source", *out);
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
pf_rule(struct pf *pf, const cJSON *r, struct profile_rule *ru)
{
	const cJSON	*j;
	const char	*s;
	long		 v;

	if (jc_object(&pf->c, r, pf_rule_keys) != LS_OK)
		return LS_EINPUT;
	ru->company_id = -1;
	ru->appearance = -1;
	if (pf_str(pf, r, "family", 32, &ru->family) != LS_OK)
		return LS_EINPUT;
	if (ru->family != NULL) {
		if (!pf_family_ok(ru->family))
			return pf_fail(pf, cJSON_GetObjectItemCaseSensitive(r,
			    "family"), "'%s' is not a decoder family (%s)",
			    ru->family, PF_FAMILIES);
		ru->n++;
	}
	if ((j = cJSON_GetObjectItemCaseSensitive(r, "company_id")) != NULL) {
		if (pf_int(pf, j, 0, 65535, &v) != LS_OK)
			return LS_EINPUT;
		ru->company_id = (int)v;
		ru->n++;
	}
	if (pf_str(pf, r, "service_uuid", 36, &s) != LS_OK)
		return LS_EINPUT;
	if (s != NULL) {
		if (!profile_uuid_canon(s, ru->uuid))
			return pf_fail(pf, cJSON_GetObjectItemCaseSensitive(r,
			    "service_uuid"), "'%s' is not a UUID (4 or 8 hex "
			    "digits, or xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
			    s);
		ru->n++;
	}
	if (pf_str(pf, r, "name_pattern", 64, &ru->name_pattern) != LS_OK)
		return LS_EINPUT;
	if (ru->name_pattern != NULL)
		ru->n++;
	if ((j = cJSON_GetObjectItemCaseSensitive(r, "appearance")) != NULL) {
		if (pf_int(pf, j, 0, 65535, &v) != LS_OK)
			return LS_EINPUT;
		ru->appearance = (int)v;
		ru->n++;
	}
	if (ru->n == 0)
		return pf_fail(pf, r, "needs at least one of family, "
		    "company_id, service_uuid, name_pattern, appearance");
	return LS_OK;
}

static enum ls_err
pf_match(struct pf *pf, const cJSON *root)
{
	const cJSON	*m = cJSON_GetObjectItemCaseSensitive(root, "match");
	const cJSON	*rules, *r, *j;
	struct profile	*p = pf->p;
	long		 v;
	size_t		 n;

	if (jc_object(&pf->c, m, pf_match_keys) != LS_OK)
		return LS_EINPUT;
	if ((j = cJSON_GetObjectItemCaseSensitive(m, "priority")) != NULL) {
		if (pf_int(pf, j, -100, 100, &v) != LS_OK)
			return LS_EINPUT;
		p->priority = (int)v;
	}
	rules = cJSON_GetObjectItemCaseSensitive(m, "rules");
	n = (size_t)cJSON_GetArraySize(rules);
	if (n == 0 || n > PROFILE_RULES_MAX)
		return pf_fail(pf, rules, "must hold 1..%d rules",
		    PROFILE_RULES_MAX);
	cJSON_ArrayForEach(r, rules) {
		if (pf_rule(pf, r, &p->rules[p->n_rules]) != LS_OK)
			return LS_EINPUT;
		p->n_rules++;
	}
	return LS_OK;
}

static enum ls_err
pf_battery(struct pf *pf, const cJSON *root)
{
	const cJSON		*b = cJSON_GetObjectItemCaseSensitive(root,
				    "battery"), *j;
	struct profile_battery	*pb = &pf->p->battery;
	long			 v;

	pb->min_percent = -1;
	pb->min_volts = -1;
	if (jc_object(&pf->c, b, pf_battery_keys) != LS_OK ||
	    pf_str(pf, b, "chemistry", 64, &pb->chemistry) != LS_OK ||
	    pf_source_ref(pf, b, "chemistry_source",
	    &pb->chemistry_source) != LS_OK)
		return LS_EINPUT;
	if (pb->chemistry != NULL && pb->chemistry_source == NULL)
		return pf_fail(pf, b, "missing key 'chemistry_source' (a "
		    "chemistry needs a source)");
	if (pb->chemistry == NULL && pb->chemistry_source != NULL)
		return pf_fail(pf, b, "missing key 'chemistry' (a "
		    "chemistry_source needs a chemistry)");
	if ((j = cJSON_GetObjectItemCaseSensitive(b, "min_percent")) != NULL) {
		if (pf_int(pf, j, 1, 100, &v) != LS_OK)
			return LS_EINPUT;
		pb->min_percent = (int)v;
	}
	if ((j = cJSON_GetObjectItemCaseSensitive(b, "min_volts")) != NULL) {
		if (!(j->valuedouble > 0 && j->valuedouble <= 24))
			return pf_fail(pf, j, "must be more than 0 and at "
			    "most 24");
		pb->min_volts = j->valuedouble;
	}
	if (pb->min_percent < 0 && pb->min_volts < 0)
		return pf_fail(pf, b, "needs min_percent or min_volts");
	return pf_source_ref(pf, b, "source", &pb->source);
}

static enum ls_err
pf_firmware(struct pf *pf, const cJSON *root)
{
	const cJSON	*f = cJSON_GetObjectItemCaseSensitive(root, "firmware");
	struct profile	*p = pf->p;

	if (f == NULL)
		return LS_OK;
	if (jc_object(&pf->c, f, pf_firmware_keys) != LS_OK ||
	    pf_strlist(pf, f, "notes", PF_LIST_MAX, PF_TEXT_MAX, &p->fw_notes,
	    &p->n_fw_notes) != LS_OK)
		return LS_EINPUT;
	return pf_source_ref(pf, f, "source", &p->fw_source);
}

static enum ls_err
pf_code_slots(struct pf *pf, const cJSON *root)
{
	const cJSON			*c = cJSON_GetObjectItemCaseSensitive(
					    root, "code_slots"), *j;
	struct profile_code_slots	*cs = &pf->p->slots;
	const char			*from, *uuid;

	if (jc_object(&pf->c, c, pf_slots_keys) != LS_OK ||
	    pf_str(pf, c, "from", 16, &from) != LS_OK)
		return LS_EINPUT;
	if (strcmp(from, "attested") == 0) {
		cs->from = PROFILE_SLOTS_ATTESTED;
		if ((j = cJSON_GetObjectItemCaseSensitive(c, "uuid")) != NULL)
			return pf_fail(pf, j, "only with \"from\": \"gatt\"");
		if ((j = cJSON_GetObjectItemCaseSensitive(c,
		    "source")) != NULL)
			return pf_fail(pf, j, "only with \"from\": \"gatt\"");
		return LS_OK;
	}
	if (strcmp(from, "gatt") != 0)
		return pf_fail(pf, cJSON_GetObjectItemCaseSensitive(c, "from"),
		    "must be \"gatt\" or \"attested\", not '%s'", from);
	cs->from = PROFILE_SLOTS_GATT;
	if (pf_str(pf, c, "uuid", 36, &uuid) != LS_OK)
		return LS_EINPUT;
	if (uuid == NULL)
		return pf_fail(pf, c, "missing key 'uuid' (with \"from\": "
		    "\"gatt\")");
	if (!profile_uuid_canon(uuid, pf->p->slots_uuid))
		return pf_fail(pf, cJSON_GetObjectItemCaseSensitive(c, "uuid"),
		    "'%s' is not a UUID", uuid);
	cs->uuid = pf->p->slots_uuid;
	if (pf_source_ref(pf, c, "source", &cs->source) != LS_OK)
		return LS_EINPUT;
	if (cs->source == NULL)
		return pf_fail(pf, c, "missing key 'source' (with \"from\": "
		    "\"gatt\")");
	return LS_OK;
}

static enum ls_err
pf_credentials(struct pf *pf, const cJSON *root)
{
	const cJSON	 *arr = cJSON_GetObjectItemCaseSensitive(root,
			    "credentials");
	const char	**names;
	size_t		  n, i, k;
	enum ls_err	  rc;

	rc = pf_strlist(pf, root, "credentials", PROFILE_CRED_COUNT, 32,
	    &names, &n);
	for (i = 0; i < n && rc == LS_OK; i++) {
		for (k = 0; k < PROFILE_CRED_COUNT; k++)
			if (strcmp(names[i], profile_cred_names[k]) == 0)
				break;
		if (k == PROFILE_CRED_COUNT)
			rc = pf_fail(pf, cJSON_GetArrayItem(arr, (int)i),
			    "unknown credential '%s'", names[i]);
		else if (pf->p->creds & (1u << k))
			rc = pf_fail(pf, cJSON_GetArrayItem(arr, (int)i),
			    "'%s' listed twice", names[i]);
		else
			pf->p->creds |= 1u << k;
	}
	free(names);
	return rc;
}

/* One scalar condition value j of the reading's type. */
static enum ls_err
pf_cond_value(struct pf *pf, const cJSON *j, enum profile_reading rd,
    struct profile_value *out)
{
	size_t	i;

	out->kind = profile_rd[rd].kind;
	switch (profile_rd[rd].kind) {
	case RD_TEXT:
		if (!cJSON_IsString(j) || j->valuestring == NULL)
			return pf_fail(pf, j, "must be a string for %s, not %s",
			    profile_rd[rd].name, jc_type_name(j));
		if (strlen(j->valuestring) == 0 ||
		    strlen(j->valuestring) > 64 ||
		    !pf_printable(j->valuestring))
			return pf_fail(pf, j, "must be 1..64 printable "
			    "characters");
		if (profile_rd[rd].allowed != NULL) {
			for (i = 0; profile_rd[rd].allowed[i] != NULL; i++)
				if (strcmp(j->valuestring,
				    profile_rd[rd].allowed[i]) == 0)
					break;
			if (profile_rd[rd].allowed[i] == NULL)
				return pf_fail(pf, j, "'%s' is not a value of "
				    "%s", j->valuestring, profile_rd[rd].name);
		}
		out->text = j->valuestring;
		return LS_OK;
	case RD_BOOL:
		if (!cJSON_IsBool(j))
			return pf_fail(pf, j, "must be true or false for %s, "
			    "not %s", profile_rd[rd].name, jc_type_name(j));
		out->b = cJSON_IsTrue(j);
		return LS_OK;
	default:
		if (!cJSON_IsNumber(j))
			return pf_fail(pf, j, "must be a number for %s, not %s",
			    profile_rd[rd].name, jc_type_name(j));
		if (!isfinite(j->valuedouble) ||
		    j->valuedouble < profile_rd[rd].min ||
		    j->valuedouble > profile_rd[rd].max ||
		    (profile_rd[rd].integer &&
		    j->valuedouble != floor(j->valuedouble)))
			return pf_fail(pf, j, "must be %s %g..%g for %s",
			    profile_rd[rd].integer ? "an integer" : "a number",
			    profile_rd[rd].min, profile_rd[rd].max,
			    profile_rd[rd].name);
		out->kind = RD_REAL;
		out->num = j->valuedouble;
		return LS_OK;
	}
}

static enum ls_err
pf_cond(struct pf *pf, const cJSON *c, struct profile_cond *out)
{
	const cJSON	*j, *opj = NULL, *e;
	const char	*rname;
	size_t		 i;
	int		 k, nops = 0;
	long		 v;

	memset(out, 0, sizeof *out);
	if (jc_object(&pf->c, c, pf_cond_keys) != LS_OK ||
	    pf_str(pf, c, "reading", 32, &rname) != LS_OK)
		return LS_EINPUT;
	for (k = 0; k < PROFILE_RD_COUNT; k++)
		if (strcmp(rname, profile_rd[k].name) == 0)
			break;
	if (k == PROFILE_RD_COUNT)
		return pf_fail(pf, cJSON_GetObjectItemCaseSensitive(c,
		    "reading"), "unknown reading '%s'", rname);
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
		return pf_fail(pf, c, "needs exactly one of equals, becomes, "
		    "at_least, at_most, present, magnitude_at_most");
	switch (out->op) {
	case PROFILE_OP_PRESENT:
		out->values[0].kind = RD_BOOL;
		out->values[0].b = cJSON_IsTrue(opj);
		out->n_values = 1;
		break;
	case PROFILE_OP_AT_LEAST:
	case PROFILE_OP_AT_MOST:
	case PROFILE_OP_MAGNITUDE_AT_MOST:
		if (profile_rd[out->reading].kind != RD_REAL)
			return pf_fail(pf, opj, "needs a numeric reading; %s "
			    "is not one", profile_rd[out->reading].name);
		if (pf_cond_value(pf, opj, out->reading,
		    &out->values[0]) != LS_OK)
			return LS_EINPUT;
		out->n_values = 1;
		break;
	default:
		if (cJSON_IsArray(opj)) {
			i = (size_t)cJSON_GetArraySize(opj);
			if (i == 0 || i > PROFILE_COND_VALUES)
				return pf_fail(pf, opj, "must hold 1..%d "
				    "values", PROFILE_COND_VALUES);
			i = 0;
			cJSON_ArrayForEach(e, opj) {
				if (pf_cond_value(pf, e, out->reading,
				    &out->values[i]) != LS_OK)
					return LS_EINPUT;
				i++;
			}
			out->n_values = i;
		} else {
			if (pf_cond_value(pf, opj, out->reading,
			    &out->values[0]) != LS_OK)
				return LS_EINPUT;
			out->n_values = 1;
		}
		break;
	}
	if ((j = cJSON_GetObjectItemCaseSensitive(c, "within_s")) != NULL) {
		if (pf_int(pf, j, 1, PROFILE_WITHIN_MAX, &v) != LS_OK)
			return LS_EINPUT;
		out->within_s = (int)v;
	} else if (out->op == PROFILE_OP_BECOMES)
		return pf_fail(pf, c, "missing key 'within_s' (\"becomes\" "
		    "watches for a change, so it needs a time window)");
	if ((j = cJSON_GetObjectItemCaseSensitive(c, "observed")) != NULL)
		out->observed = cJSON_IsTrue(j);
	return LS_OK;
}

/* A remedy id at j; unknown ones are refused with the list. */
static enum ls_err
pf_remedy_id(struct pf *pf, const cJSON *j, enum profile_remedy *out)
{
	if (!cJSON_IsString(j) || !profile_remedy_from_name(j->valuestring,
	    out))
		return pf_fail(pf, j, "not a remedy (diagnose-only, battery, "
		    "clock, credentials, re-enroll, factory-reset)");
	return LS_OK;
}

/* "remedies": [{"id", "source"}]: what the vendor supports, and where
   that is documented.  None given: the procedure as written. */
static enum ls_err
pf_remedies(struct pf *pf, const cJSON *root)
{
	const cJSON		*arr = cJSON_GetObjectItemCaseSensitive(root,
				    "remedies"), *it;
	struct profile		*p = pf->p;
	enum profile_remedy	 r;

	if (arr == NULL) {
		p->remedies = PROFILE_RM_BIT(PROFILE_RM_DIAGNOSE_ONLY) |
		    PROFILE_RM_BIT(PROFILE_RM_FACTORY_RESET);
		p->remedy_decl[PROFILE_RM_DIAGNOSE_ONLY].id =
		    PROFILE_RM_DIAGNOSE_ONLY;
		p->remedy_decl[PROFILE_RM_FACTORY_RESET].id =
		    PROFILE_RM_FACTORY_RESET;
		return LS_OK;
	}
	if (cJSON_GetArraySize(arr) == 0)
		return pf_fail(pf, arr, "must hold at least one remedy");
	cJSON_ArrayForEach(it, arr) {
		if (jc_object(&pf->c, it, pf_remedy_keys) != LS_OK ||
		    pf_remedy_id(pf, cJSON_GetObjectItemCaseSensitive(it,
		    "id"), &r) != LS_OK)
			return LS_EINPUT;
		if (p->remedies & PROFILE_RM_BIT(r))
			return pf_fail(pf, it, "remedy '%s' listed twice",
			    profile_remedy_name(r));
		p->remedies |= PROFILE_RM_BIT(r);
		p->remedy_decl[r].id = r;
		if (pf_source_ref(pf, it, "source",
		    &p->remedy_decl[r].source) != LS_OK)
			return LS_EINPUT;
	}
	return LS_OK;
}

/* A step's "remedies": declared ones only. */
static enum ls_err
pf_step_remedies(struct pf *pf, const cJSON *s, struct profile_step *st)
{
	const cJSON		*arr = cJSON_GetObjectItemCaseSensitive(s,
				    "remedies"), *it;
	enum profile_remedy	 r;

	if (arr == NULL)
		return LS_OK;
	if (cJSON_GetArraySize(arr) == 0)
		return pf_fail(pf, arr, "must hold at least one remedy");
	cJSON_ArrayForEach(it, arr) {
		if (pf_remedy_id(pf, it, &r) != LS_OK)
			return LS_EINPUT;
		if (!(pf->p->remedies & PROFILE_RM_BIT(r)))
			return pf_fail(pf, it, "remedy '%s' is not declared in "
			    "the top-level \"remedies\"",
			    profile_remedy_name(r));
		st->remedies |= PROFILE_RM_BIT(r);
	}
	return LS_OK;
}

/*
 * Every declared remedy but diagnose-only has a step on its path after
 * the baseline (battery: a power step, where the cells are replaced), and
 * factory-reset has a reset step.
 */
static enum ls_err
pf_remedy_paths(struct pf *pf, const cJSON *root)
{
	const struct profile	*p = pf->p;
	const struct profile_phase *ph;
	unsigned		 have, m;
	size_t			 i, k;
	int			 r;

	have = PROFILE_RM_BIT(PROFILE_RM_DIAGNOSE_ONLY);
	for (i = 0; i < p->n_phases; i++) {
		ph = &p->phases[i];
		for (k = 0; k < ph->n_steps; k++) {
			if (ph->id == PROFILE_PH_POWER)
				have |= PROFILE_RM_BIT(PROFILE_RM_BATTERY);
			if (ph->id <= PROFILE_PH_BASELINE ||
			    ph->id >= PROFILE_PH_DOOR_TEST)
				continue;
			m = profile_step_remedies(&ph->steps[k], ph->id);
			if (ph->id != PROFILE_PH_RESET)
				m &= ~PROFILE_RM_BIT(PROFILE_RM_FACTORY_RESET);
			have |= m;
		}
	}
	for (r = 0; r < PROFILE_RM_COUNT; r++)
		if ((p->remedies & PROFILE_RM_BIT(r)) &&
		    !(have & PROFILE_RM_BIT(r)))
			return pf_fail(pf, cJSON_GetObjectItemCaseSensitive(
			    root, "remedies") != NULL ?
			    cJSON_GetObjectItemCaseSensitive(root,
			    "remedies") : root, "remedy '%s' is declared but "
			    "no step is on its path (%s)",
			    profile_remedy_name((enum profile_remedy)r),
			    r == PROFILE_RM_BATTERY ? "a power step" :
			    r == PROFILE_RM_FACTORY_RESET ? "a reset step" :
			    "a step after the baseline with \"remedies\" "
			    "naming it");
	return LS_OK;
}

static enum ls_err
pf_step(struct pf *pf, const cJSON *s, struct profile_step *st)
{
	const cJSON	*j;
	const char	*kind, **lines;
	size_t		 k, n;
	long		 v;

	if (jc_object(&pf->c, s, pf_step_keys) != LS_OK ||
	    pf_id(pf, s, "id", &st->id) != LS_OK ||
	    pf_str(pf, s, "kind", 16, &kind) != LS_OK)
		return LS_EINPUT;
	for (k = 0; k < sizeof profile_kind_names /
	    sizeof profile_kind_names[0]; k++)
		if (strcmp(kind, profile_kind_names[k]) == 0)
			break;
	if (k == sizeof profile_kind_names / sizeof profile_kind_names[0])
		return pf_fail(pf, cJSON_GetObjectItemCaseSensitive(s, "kind"),
		    "'%s' is not one of attest, physical, external-app, "
		    "measure, verify", kind);
	st->kind = (enum profile_step_kind)k;
	if (pf_str(pf, s, "title", 72, &st->title) != LS_OK)
		return LS_EINPUT;
	if (pf_strlist(pf, s, "instructions", 12, PF_TEXT_MAX, &lines,
	    &n) != LS_OK) {
		free(lines);
		return LS_EINPUT;
	}
	/* Owned by the step from here: profile_free() frees it. */
	st->instructions = lines;
	st->n_instructions = n;
	if (pf_source_ref(pf, s, "source", &st->source) != LS_OK)
		return LS_EINPUT;
	if ((j = cJSON_GetObjectItemCaseSensitive(s, "time_limit_s")) != NULL) {
		if (pf_int(pf, j, 1, PROFILE_WITHIN_MAX, &v) != LS_OK)
			return LS_EINPUT;
		st->time_limit_s = (int)v;
	}
	if ((j = cJSON_GetObjectItemCaseSensitive(s, "verify")) != NULL) {
		if (pf_cond(pf, j, &st->verify) != LS_OK)
			return LS_EINPUT;
		st->has_verify = true;
	} else if (st->kind == PROFILE_KIND_VERIFY)
		return pf_fail(pf, s, "missing key 'verify' (a verify step "
		    "needs a condition)");
	return pf_step_remedies(pf, s, st);
}

/* Step ids are unique in the whole profile: the one just read, too. */
static enum ls_err
pf_step_unique(struct pf *pf, const cJSON *s, size_t i, size_t k)
{
	struct profile	*p = pf->p;
	size_t		 a, b;

	for (a = 0; a <= i; a++)
		for (b = 0; b < (a == i ? k : p->phases[a].n_steps); b++)
			if (strcmp(p->phases[a].steps[b].id,
			    p->steps[i][k].id) == 0)
				return pf_fail(pf,
				    cJSON_GetObjectItemCaseSensitive(s, "id"),
				    "'%s' is already a step id",
				    p->steps[i][k].id);
	return LS_OK;
}

static enum ls_err
pf_procedure(struct pf *pf, const cJSON *root)
{
	const cJSON	*arr = cJSON_GetObjectItemCaseSensitive(root,
			    "procedure"), *ph, *steps, *s, *pj;
	struct profile	*p = pf->p;
	const char	*name;
	size_t		 i, n, k;
	enum profile_phase_id id;
	bool		 seen[PROFILE_PH_COUNT] = { false };
	int		 last = -1;

	n = (size_t)cJSON_GetArraySize(arr);
	if (n == 0 || n > PROFILE_PH_COUNT)
		return pf_fail(pf, arr, "must hold 1..%d phases",
		    PROFILE_PH_COUNT);
	i = 0;
	cJSON_ArrayForEach(ph, arr) {
		struct profile_phase	*pp = &p->phases[i];

		if (jc_object(&pf->c, ph, pf_phase_keys) != LS_OK ||
		    pf_str(pf, ph, "phase", 32, &name) != LS_OK)
			return LS_EINPUT;
		pj = cJSON_GetObjectItemCaseSensitive(ph, "phase");
		if (!profile_phase_from_name(name, &id))
			return pf_fail(pf, pj, "'%s' is not a canonical phase "
			    "(intake, ownership, power, baseline, reset, "
			    "verify-reset, enroll, verify-enroll, credentials, "
			    "door-test, closeout)", name);
		if (seen[id])
			return pf_fail(pf, pj, "'%s' appears twice", name);
		if ((int)id < last)
			return pf_fail(pf, pj, "'%s' out of canonical order: "
			    "it comes before '%s'", name,
			    profile_phase_names[last]);
		if ((id == PROFILE_PH_RESET || id == PROFILE_PH_VERIFY_RESET) &&
		    (!seen[PROFILE_PH_OWNERSHIP] || !seen[PROFILE_PH_POWER]))
			return pf_fail(pf, pj, "'%s' needs the 'ownership' "
			    "and 'power' phases before it", name);
		seen[id] = true;
		last = (int)id;
		pp->id = id;
		steps = cJSON_GetObjectItemCaseSensitive(ph, "steps");
		k = (size_t)cJSON_GetArraySize(steps);
		if (k == 0 || k > PF_STEPS_MAX)
			return pf_fail(pf, steps, "must hold 1..%d steps",
			    PF_STEPS_MAX);
		p->steps[i] = calloc(k, sizeof *p->steps[i]);
		if (p->steps[i] == NULL)
			return ls_err_set(pf->c.eb, LS_ENOMEM, "out of memory");
		p->steps_alloc[i] = k;
		pp->steps = p->steps[i];
		p->n_phases = i + 1;
		k = 0;
		cJSON_ArrayForEach(s, steps) {
			if (pf_step(pf, s, &p->steps[i][k]) != LS_OK ||
			    pf_step_unique(pf, s, i, k) != LS_OK)
				return LS_EINPUT;
			k++;
			pp->n_steps = k;
		}
		i++;
	}
	return LS_OK;
}

static enum ls_err
pf_top(struct pf *pf, const cJSON *root)
{
	struct profile	*p = pf->p;
	const cJSON	*j;
	long		 v;

	if (jc_object(&pf->c, root, pf_top_keys) != LS_OK)
		return LS_EINPUT;
	j = cJSON_GetObjectItemCaseSensitive(root, "profile");
	if (pf_int(pf, j, 1, 1000000, &v) != LS_OK)
		return LS_EINPUT;
	if (v != PROFILE_FORMAT)
		return pf_fail(pf, j, "format version %ld is not supported "
		    "(this lockscope reads %d)", v, PROFILE_FORMAT);
	if (pf_id(pf, root, "id", &p->id) != LS_OK ||
	    pf_str(pf, root, "vendor", 64, &p->vendor) != LS_OK ||
	    pf_str(pf, root, "family", 32, &p->family) != LS_OK)
		return LS_EINPUT;
	if (!pf_family_ok(p->family))
		return pf_fail(pf, cJSON_GetObjectItemCaseSensitive(root,
		    "family"), "'%s' is not a decoder family (%s)", p->family,
		    PF_FAMILIES);
	if (pf_strlist(pf, root, "models", PF_LIST_MAX, 64, &p->models,
	    &p->n_models) != LS_OK ||
	    pf_sources(pf, root) != LS_OK ||
	    pf_match(pf, root) != LS_OK ||
	    pf_battery(pf, root) != LS_OK ||
	    pf_firmware(pf, root) != LS_OK ||
	    pf_code_slots(pf, root) != LS_OK ||
	    pf_credentials(pf, root) != LS_OK ||
	    pf_remedies(pf, root) != LS_OK ||
	    pf_procedure(pf, root) != LS_OK ||
	    pf_remedy_paths(pf, root) != LS_OK)
		return LS_EINPUT;
	return LS_OK;
}

enum ls_err
profile_parse(const char *text, size_t len, const char *name,
    struct profile **out, struct ls_errbuf *eb)
{
	struct profile	*p;
	struct pf	 pf;
	enum ls_err	 rc;

	*out = NULL;
	if (len > PROFILE_FILE_MAX)
		return ls_err_set(eb, LS_EINPUT, "larger than %d bytes",
		    PROFILE_FILE_MAX);
	if ((p = calloc(1, sizeof *p)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	/* Messages name no file: profile_load_file prefixes it. */
	jc_init(&pf.c, NULL, eb);
	pf.p = p;
	rc = jc_parse(&pf.c, text, len, 0, &p->root);
	if (rc == LS_OK)
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

static const char *const profile_remedy_names[PROFILE_RM_COUNT] = {
	"diagnose-only", "battery", "clock", "credentials", "re-enroll",
	"factory-reset"
};

const char *
profile_remedy_name(enum profile_remedy r)
{
	return (unsigned)r < PROFILE_RM_COUNT ? profile_remedy_names[r] :
	    NULL;
}

bool
profile_remedy_from_name(const char *s, enum profile_remedy *out)
{
	int	i;

	for (i = 0; i < PROFILE_RM_COUNT; i++)
		if (strcmp(s, profile_remedy_names[i]) == 0) {
			*out = (enum profile_remedy)i;
			return true;
		}
	return false;
}

unsigned
profile_remedies(const struct profile *p)
{
	return p->remedies;
}

const struct profile_remedy_decl *
profile_remedy_decl(const struct profile *p, enum profile_remedy r)
{
	if ((unsigned)r >= PROFILE_RM_COUNT ||
	    !(p->remedies & PROFILE_RM_BIT(r)))
		return NULL;
	return &p->remedy_decl[r];
}

unsigned
profile_step_remedies(const struct profile_step *s, enum profile_phase_id ph)
{
	if (s != NULL && s->remedies != 0)
		return s->remedies;
	switch (ph) {
	case PROFILE_PH_RESET:
	case PROFILE_PH_VERIFY_RESET:
		return PROFILE_RM_BIT(PROFILE_RM_FACTORY_RESET);
	case PROFILE_PH_ENROLL:
	case PROFILE_PH_VERIFY_ENROLL:
		return PROFILE_RM_BIT(PROFILE_RM_RE_ENROLL) |
		    PROFILE_RM_BIT(PROFILE_RM_FACTORY_RESET);
	case PROFILE_PH_CREDENTIALS:
		return PROFILE_RM_BIT(PROFILE_RM_CREDENTIALS) |
		    PROFILE_RM_BIT(PROFILE_RM_RE_ENROLL) |
		    PROFILE_RM_BIT(PROFILE_RM_FACTORY_RESET);
	default:
		return 0;
	}
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
