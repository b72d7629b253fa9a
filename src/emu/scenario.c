/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scenario.c - scenario file loader and validator (the format:
 * lockscope-scenario(5)).
 *
 * Parsing is cJSON after comments are blanked out (not removed, so line
 * and column numbers stay right).  Every object is checked against its
 * key table below by util/json_check.c, and every error names the path
 * and position of what it is about ("ble[2].gatt[0].uuid: ... (line 9,
 * column 20)").  Keys are read in a fixed order (scenario, name, ble,
 * nfc, timeline) whatever their order in the file, because the timeline
 * refers to devices.
 *
 * Value ranges come from the specs they model: RSSI -127..+20 dBm (Core
 * 5.4 Vol 4 Part E §7.7.65.2), advertising interval 20 ms..10.24 s (Vol 6
 * Part B §4.4.2.2.1), legacy advertising data <= 31 bytes (Vol 6 Part B
 * §2.3.1), attribute values <= 512 bytes (Vol 3 Part F §3.2.9),
 * connection interval 7.5 ms..4 s (Vol 6 Part B §4.5.1), UID sizes 4, 7
 * and 10 bytes (ISO/IEC 14443-3 §6.5.4).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "emu/scenario.h"
#include "util/hex.h"
#include "util/json_check.h"

struct scn {
	char		*name;
	size_t		 nble;
	struct scn_ble	*ble;
	size_t		*ble_by_id;	/* indexes into ble, sorted by id */
	size_t		 nnfc;
	struct scn_nfc	*nfc;
	size_t		 ntimeline;
	struct scn_event *timeline;
};

/* Parser context: the file, for messages, and the scenario being filled. */
struct scn_ctx {
	const char		*name;		/* file name for messages */
	struct ls_errbuf	*eb;
	struct scn		*s;
	struct jc		 c;		/* paths and positions */
};

/* A problem with value at (its path and position name it). */
#define SCN_FAIL(ctx, at, ...)		jc_fail(&(ctx)->c, (at), __VA_ARGS__)
/* A problem with member m's name (the path of its object names it). */
#define SCN_FAIL_NAME(ctx, m, ...)	jc_fail_name(&(ctx)->c, (m), \
					    __VA_ARGS__)

static const char *const scn_prop_names[] = {
	"read", "write", "write-without-response", "notify", "indicate"
};
static const unsigned scn_prop_bits[] = {
	SCN_PROP_READ, SCN_PROP_WRITE, SCN_PROP_WRITE_NR, SCN_PROP_NOTIFY,
	SCN_PROP_INDICATE
};

/* Bluetooth Base UUID 00000000-0000-1000-8000-00805F9B34FB, little-endian. */
static const uint8_t scn_base_uuid[16] = {
	0xfb, 0x34, 0x9b, 0x5f, 0x80, 0x00, 0x00, 0x80,
	0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
};

/* The keys of each object of the format (lockscope-scenario(5)). */
static const struct jc_key scn_top_keys[] = {
	{ "scenario", JC_NUMBER, true },
	{ "name", JC_STRING, false },
	{ "ble", JC_ARRAY, false },
	{ "nfc", JC_ARRAY, false },
	{ "timeline", JC_ARRAY, false },
	{ NULL, 0, false }
};

static const struct jc_key scn_device_keys[] = {
	{ "id", JC_STRING, true },
	{ "address", JC_STRING, true },
	{ "address_type", JC_STRING, true },
	{ "adv_type", JC_STRING, false },
	{ "phy", JC_STRING, false },
	{ "interval_ms", JC_NUMBER, false },
	{ "rssi", JC_NUMBER, true },
	{ "rssi_jitter", JC_NUMBER, false },
	{ "adv", JC_STRING, true },
	{ "scan_rsp", JC_STRING | JC_NULL, false },
	{ "gatt", JC_ARRAY, false },
	{ "connect", JC_OBJECT, false },
	{ "states", JC_OBJECT, false },
	{ "mtu", JC_NUMBER, false },
	{ "read_multiple_variable", JC_BOOL, false },
	{ "ext_adv", JC_STRING, false },
	{ "ext_adv_piece", JC_NUMBER, false },
	{ "security_request", JC_BOOL, false },
	{ NULL, 0, false }
};

static const struct jc_key scn_service_keys[] = {
	{ "uuid", JC_STRING, true },
	{ "characteristics", JC_ARRAY, true },
	{ NULL, 0, false }
};

static const struct jc_key scn_char_keys[] = {
	{ "uuid", JC_STRING, true },
	{ "value", JC_STRING, false },
	{ "properties", JC_ARRAY, true },
	{ "security", JC_STRING, false },
	{ NULL, 0, false }
};

static const struct jc_key scn_connect_keys[] = {
	{ "delay_ms", JC_NUMBER, false },
	{ "conn_interval_ms", JC_NUMBER, false },
	{ "fail", JC_STRING, false },
	{ "param_update_ms", JC_NUMBER, false },
	{ "param_request_ms", JC_NUMBER, false },
	{ NULL, 0, false }
};

static const struct jc_key scn_state_keys[] = {
	{ "adv", JC_STRING, false },
	{ "scan_rsp", JC_STRING | JC_NULL, false },
	{ "values", JC_OBJECT, false },
	{ NULL, 0, false }
};

/* id and uid always; atqa and sak for nfc-a (scn_tag checks). */
static const struct jc_key scn_tag_keys[] = {
	{ "id", JC_STRING, true },
	{ "atqa", JC_STRING, false },
	{ "sak", JC_STRING, false },
	{ "uid", JC_STRING, true },
	{ "ats", JC_STRING | JC_NULL, false },
	{ "pages", JC_STRING, false },
	{ "get_version", JC_STRING, false },
	{ "aliro", JC_BOOL, false },
	{ "technology", JC_STRING, false },
	{ "pmm", JC_STRING, false },
	{ "system_code", JC_STRING, false },
	{ NULL, 0, false }
};

static const struct jc_key scn_event_keys[] = {
	{ "at_ms", JC_NUMBER, true },
	{ "device", JC_STRING, true },
	{ "state", JC_STRING, true },
	{ NULL, 0, false }
};

static enum ls_err
scn_nomem(struct scn_ctx *c)
{
	return ls_err_set(c->eb, LS_ENOMEM, "%s: out of memory", c->name);
}

/* An id or state name: 1..SCN_ID_MAX of [A-Za-z0-9._-]. */
static bool
scn_id_ok(const char *s)
{
	size_t	n = 0;

	for (; s[n] != '\0'; n++) {
		if (n >= SCN_ID_MAX)
			return false;
		if (strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", s[n]) == NULL)
			return false;
	}
	return n > 0;
}

/* An array (its type already checked) of at most max entries. */
static enum ls_err
scn_array(struct scn_ctx *c, const cJSON *a, size_t max, size_t *n)
{
	*n = (size_t)cJSON_GetArraySize(a);
	if (*n > max)
		return SCN_FAIL(c, a, "%zu entries, at most %zu", *n, max);
	return LS_OK;
}

/*
 * Integer field key of obj (a number, as the key table says): dflt when
 * absent, else it must be integral and in min..max.
 */
static enum ls_err
scn_int(struct scn_ctx *c, const cJSON *obj, const char *key, long min,
    long max, long dflt, long *out)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);
	double		 d;

	*out = dflt;
	if (v == NULL)
		return LS_OK;
	d = v->valuedouble;
	if (d != floor(d))
		return SCN_FAIL(c, v, "not an integer");
	if (d < (double)min || d > (double)max)
		return SCN_FAIL(c, v, "%.15g is out of range (%ld..%ld)", d,
		    min, max);
	*out = (long)d;
	return LS_OK;
}

/* String field (typed by the key table): NULL when absent. */
static const char *
scn_str(const cJSON *obj, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return v != NULL ? v->valuestring : NULL;
}

/* Boolean field (typed by the key table): dflt when absent. */
static bool
scn_bool(const cJSON *obj, const char *key, bool dflt)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return v != NULL ? cJSON_IsTrue(v) : dflt;
}

/* Pick one of names[] for string field key; -1 (no error) when absent. */
static enum ls_err
scn_enum(struct scn_ctx *c, const cJSON *obj, const char *key,
    const char *what, const char *const names[], size_t nnames, int *out)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);
	char		 want[160], q[JC_QUOTE_MAX];
	size_t		 i, w = 0;

	*out = -1;
	if (v == NULL)
		return LS_OK;
	for (i = 0; i < nnames; i++) {
		if (strcmp(v->valuestring, names[i]) == 0) {
			*out = (int)i;
			return LS_OK;
		}
	}
	want[0] = '\0';
	for (i = 0; i < nnames; i++)
		w += (size_t)snprintf(want + w, w < sizeof want ?
		    sizeof want - w : 0, "%s%s", i ? ", " : "", names[i]);
	return SCN_FAIL(c, v, "unknown %s '%s' (want %s)", what,
	    jc_quote(v->valuestring, q, sizeof q), want);
}

static int
scn_nibble(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/*
 * Decode a hex string value v into a new buffer (*out, NULL for 0 bytes)
 * of at most max bytes.
 */
static enum ls_err
scn_hexval(struct scn_ctx *c, const cJSON *v, size_t max, uint8_t **out,
    size_t *len)
{
	const char	*s;
	size_t		 n, i;
	uint8_t		*p;

	*out = NULL;
	*len = 0;
	if (!cJSON_IsString(v))
		return SCN_FAIL(c, v, "not a hex string");
	s = v->valuestring;
	n = strlen(s);
	for (i = 0; i < n; i++)
		if (scn_nibble((unsigned char)s[i]) < 0)
			return SCN_FAIL(c, v, "not a hex string");
	if (n % 2 != 0)
		return SCN_FAIL(c, v, "not a hex string (odd number of "
		    "digits)");
	if (n / 2 > max)
		return SCN_FAIL(c, v, "%zu bytes is too long (at most %zu)",
		    n / 2, max);
	if (n == 0)
		return LS_OK;
	if ((p = malloc(n / 2)) == NULL)
		return scn_nomem(c);
	if (hex_decode(s, p, n / 2) != (long)(n / 2)) {
		free(p);
		return SCN_FAIL(c, v, "not a hex string");
	}
	*out = p;
	*len = n / 2;
	return LS_OK;
}

/* Hex field into a fixed buffer; *present false when absent. */
static enum ls_err
scn_hexfix(struct scn_ctx *c, const cJSON *obj, const char *key,
    uint8_t *buf, size_t max, size_t *len, bool *present)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);
	enum ls_err	 e;
	uint8_t		*p;

	*present = v != NULL;
	*len = 0;
	if (v == NULL)
		return LS_OK;
	e = scn_hexval(c, v, max, &p, len);
	if (e == LS_OK && *len > 0)
		memcpy(buf, p, *len);
	free(p);
	return e;
}

/* Advertising data field; null (where the key table allows it) is none. */
static enum ls_err
scn_advfield(struct scn_ctx *c, const cJSON *obj, const char *key,
    struct scn_adv *adv, bool *given)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);
	size_t		 len;
	enum ls_err	 e;
	bool		 present;

	memset(adv, 0, sizeof *adv);
	*given = v != NULL;
	if (v == NULL || cJSON_IsNull(v))
		return LS_OK;
	e = scn_hexfix(c, obj, key, adv->data, SCN_ADV_MAX, &len, &present);
	if (e != LS_OK)
		return e;
	adv->present = true;
	adv->len = (uint8_t)len;
	return LS_OK;
}

/* ---- UUIDs ---- */

bool
scn_uuid_parse(const char *s, struct scn_uuid *u)
{
	char	digits[33];
	size_t	n = strlen(s), i, j;
	int	hi, lo;

	if (n == 4 || n == 32) {
		memcpy(digits, s, n);
		digits[n] = '\0';
	} else if (n == 36) {
		for (i = 0, j = 0; i < n; i++) {
			if (i == 8 || i == 13 || i == 18 || i == 23) {
				if (s[i] != '-')
					return false;
				continue;
			}
			digits[j++] = s[i];
		}
		digits[j] = '\0';
		n = 32;
	} else
		return false;
	memset(u, 0, sizeof *u);
	u->len = (uint8_t)(n / 2);
	for (i = 0; i < n / 2; i++) {
		hi = scn_nibble((unsigned char)digits[2 * i]);
		lo = scn_nibble((unsigned char)digits[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		/* Text is big-endian; store little-endian. */
		u->b[n / 2 - 1 - i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

static void
scn_uuid128(const struct scn_uuid *u, uint8_t out[16])
{
	if (u->len == 16) {
		memcpy(out, u->b, 16);
		return;
	}
	memcpy(out, scn_base_uuid, 16);
	out[12] = u->b[0];
	out[13] = u->b[1];
}

bool
scn_uuid_eq(const struct scn_uuid *a, const struct scn_uuid *b)
{
	uint8_t	x[16], y[16];

	scn_uuid128(a, x);
	scn_uuid128(b, y);
	return memcmp(x, y, 16) == 0;
}

char *
scn_uuid_str(const struct scn_uuid *u, char out[37])
{
	const uint8_t	*b = u->b;

	if (u->len == 2) {
		snprintf(out, 37, "%02x%02x", b[1], b[0]);
		return out;
	}
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", b[15], b[14], b[13], b[12], b[11],
	    b[10], b[9], b[8], b[7], b[6], b[5], b[4], b[3], b[2], b[1], b[0]);
	return out;
}

static enum ls_err
scn_uuidfield(struct scn_ctx *c, const cJSON *obj, struct scn_uuid *u)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, "uuid");

	if (scn_uuid_parse(v->valuestring, u))
		return LS_OK;
	return SCN_FAIL(c, v, "not a UUID (want 4 or 32 hex digits, or the "
	    "36-character dashed form)");
}

/* ---- BLE devices ---- */

static enum ls_err
scn_props(struct scn_ctx *c, const cJSON *a, unsigned *props)
{
	const cJSON	*v;
	char		 q[JC_QUOTE_MAX];
	size_t		 n, k;
	enum ls_err	 e;

	*props = 0;
	if ((e = scn_array(c, a, 16, &n)) != LS_OK)
		return e;
	if (n == 0)
		return SCN_FAIL(c, a, "empty (want at least one of read, "
		    "write, write-without-response, notify, indicate)");
	cJSON_ArrayForEach(v, a) {
		if ((e = jc_type(&c->c, v, JC_STRING)) != LS_OK)
			return e;
		for (k = 0; k < 5; k++)
			if (strcmp(v->valuestring, scn_prop_names[k]) == 0)
				break;
		if (k == 5)
			return SCN_FAIL(c, v, "unknown property '%s' (want "
			    "read, write, write-without-response, notify, "
			    "indicate)", jc_quote(v->valuestring, q, sizeof q));
		if (*props & scn_prop_bits[k])
			return SCN_FAIL(c, v, "duplicate property '%s'",
			    scn_prop_names[k]);
		*props |= scn_prop_bits[k];
	}
	return LS_OK;
}

static enum ls_err
scn_chars(struct scn_ctx *c, struct scn_ble *d, size_t svc, const cJSON *a)
{
	static const char *const secs[] = {
		"none", "encrypted", "authenticated"
	};
	struct scn_char	*ch, *n;
	const cJSON	*o, *v;
	size_t		 cnt;
	enum ls_err	 e;
	int		 sec;

	if ((e = scn_array(c, a, SCN_MAX_CHARS, &cnt)) != LS_OK)
		return e;
	if (cnt > 0) {
		n = realloc(d->chars, (d->nchars + cnt) * sizeof *n);
		if (n == NULL)
			return scn_nomem(c);
		d->chars = n;
	}
	cJSON_ArrayForEach(o, a) {
		ch = &d->chars[d->nchars];
		memset(ch, 0, sizeof *ch);
		ch->service = svc;
		if ((e = jc_object(&c->c, o, scn_char_keys)) != LS_OK ||
		    (e = scn_uuidfield(c, o, &ch->uuid)) != LS_OK)
			return e;
		v = cJSON_GetObjectItemCaseSensitive(o, "value");
		if (v != NULL && (e = scn_hexval(c, v, SCN_VALUE_MAX,
		    &ch->value, &ch->len)) != LS_OK)
			return e;
		d->nchars++;	/* owns value now */
		if ((e = scn_props(c, cJSON_GetObjectItemCaseSensitive(o,
		    "properties"), &ch->props)) != LS_OK ||
		    (e = scn_enum(c, o, "security", "security", secs, 3,
		    &sec)) != LS_OK)
			return e;
		ch->security = sec < 0 ? SCN_SEC_NONE : (enum scn_security)sec;
	}
	return LS_OK;
}

static enum ls_err
scn_gatt(struct scn_ctx *c, struct scn_ble *d, const cJSON *a)
{
	struct scn_service	*sv;
	const cJSON		*o;
	size_t			 n, i = 0;
	enum ls_err		 e;

	if ((e = scn_array(c, a, SCN_MAX_SERVICES, &n)) != LS_OK)
		return e;
	if (n == 0)
		return LS_OK;
	if ((d->services = calloc(n, sizeof *d->services)) == NULL)
		return scn_nomem(c);
	cJSON_ArrayForEach(o, a) {
		sv = &d->services[i];
		d->nservices = ++i;
		if ((e = jc_object(&c->c, o, scn_service_keys)) != LS_OK ||
		    (e = scn_uuidfield(c, o, &sv->uuid)) != LS_OK)
			return e;
		sv->first = d->nchars;
		if ((e = scn_chars(c, d, i - 1,
		    cJSON_GetObjectItemCaseSensitive(o,
		    "characteristics"))) != LS_OK)
			return e;
		sv->count = d->nchars - sv->first;
	}
	return LS_OK;
}

static enum ls_err
scn_connect(struct scn_ctx *c, struct scn_ble *d, const cJSON *o)
{
	static const char *const fails[] = { "none", "timeout", "reject" };
	enum ls_err	e;
	long		v;
	int		f;

	d->connect.delay_ms = 30;
	d->connect.conn_interval_ms = 30;
	d->connect.fail = SCN_FAIL_NONE;
	d->connect.param_update_ms = 0;
	d->connect.param_request_ms = 0;
	if (o == NULL)
		return LS_OK;
	d->has_connect = true;
	if ((e = jc_object(&c->c, o, scn_connect_keys)) != LS_OK)
		return e;
	if ((e = scn_int(c, o, "delay_ms", 0, 60000, 30, &v)) != LS_OK)
		return e;
	d->connect.delay_ms = (unsigned)v;
	if ((e = scn_int(c, o, "conn_interval_ms", 8, 4000, 30, &v)) != LS_OK)
		return e;
	d->connect.conn_interval_ms = (unsigned)v;
	if ((e = scn_enum(c, o, "fail", "failure", fails, 3, &f)) != LS_OK)
		return e;
	d->connect.fail = f < 0 ? SCN_FAIL_NONE : (enum scn_conn_fail)f;
	if ((e = scn_int(c, o, "param_update_ms", 8, 4000, 0, &v)) != LS_OK)
		return e;
	d->connect.param_update_ms = (unsigned)v;
	if ((e = scn_int(c, o, "param_request_ms", 8, 4000, 0, &v)) != LS_OK)
		return e;
	d->connect.param_request_ms = (unsigned)v;
	return LS_OK;
}

/* Append a value for characteristic chr to state st (copying p). */
static enum ls_err
scn_setval_add(struct scn_ctx *c, struct scn_state *st, size_t chr,
    const uint8_t *p, size_t len)
{
	struct scn_setval	*n, *sv;

	n = realloc(st->values, (st->nvalues + 1) * sizeof *n);
	if (n == NULL)
		return scn_nomem(c);
	st->values = n;
	sv = &n[st->nvalues];
	sv->chr = chr;
	sv->len = len;
	sv->value = NULL;
	if (len > 0) {
		if ((sv->value = malloc(len)) == NULL)
			return scn_nomem(c);
		memcpy(sv->value, p, len);
	}
	st->nvalues++;
	return LS_OK;
}

static enum ls_err
scn_values(struct scn_ctx *c, struct scn_ble *d, struct scn_state *st,
    const cJSON *o)
{
	const cJSON	*v;
	struct scn_uuid	 u;
	char		 q[JC_QUOTE_MAX];
	uint8_t		*p;
	size_t		 len, k, j, matched;
	enum ls_err	 e;

	if ((e = jc_map(&c->c, o, SCN_MAX_SERVICES * SCN_MAX_CHARS)) != LS_OK)
		return e;
	cJSON_ArrayForEach(v, o) {
		if (!scn_uuid_parse(v->string, &u))
			return SCN_FAIL_NAME(c, v, "'%s' is not a UUID (want 4 "
			    "or 32 hex digits, or the 36-character dashed "
			    "form)", jc_quote(v->string, q, sizeof q));
		if ((e = jc_type(&c->c, v, JC_STRING)) != LS_OK ||
		    (e = scn_hexval(c, v, SCN_VALUE_MAX, &p, &len)) != LS_OK)
			return e;
		matched = 0;
		for (k = 0; k < d->nchars && e == LS_OK; k++) {
			if (!scn_uuid_eq(&u, &d->chars[k].uuid))
				continue;
			for (j = 0; j < st->nvalues; j++)
				if (st->values[j].chr == k)
					break;
			if (j < st->nvalues)
				e = SCN_FAIL(c, v, "characteristic given "
				    "twice");
			else
				e = scn_setval_add(c, st, k, p, len);
			matched++;
		}
		free(p);
		if (e != LS_OK)
			return e;
		if (matched == 0)
			return SCN_FAIL(c, v, "no characteristic %s in this "
			    "device's gatt", jc_quote(v->string, q, sizeof q));
	}
	return LS_OK;
}

/* o's "scan_rsp" (given, not null) on a device that cannot send one. */
static enum ls_err
scn_nonconn_check(struct scn_ctx *c, const struct scn_ble *d,
    const cJSON *o, const struct scn_adv *rsp, bool given)
{
	if (d->adv_type != SCN_ADV_NONCONN_IND || !given || !rsp->present)
		return LS_OK;
	return SCN_FAIL(c, cJSON_GetObjectItemCaseSensitive(o, "scan_rsp"),
	    "an ADV_NONCONN_IND device is not scannable; remove scan_rsp or "
	    "use ADV_IND or ADV_SCAN_IND");
}

static enum ls_err
scn_state(struct scn_ctx *c, struct scn_ble *d, struct scn_state *st,
    const cJSON *o)
{
	const cJSON	*v;
	enum ls_err	 e;

	if ((e = jc_object(&c->c, o, scn_state_keys)) != LS_OK ||
	    (e = scn_advfield(c, o, "adv", &st->adv, &st->set_adv)) != LS_OK ||
	    (e = scn_advfield(c, o, "scan_rsp", &st->scan_rsp,
	    &st->set_scan_rsp)) != LS_OK ||
	    (e = scn_nonconn_check(c, d, o, &st->scan_rsp,
	    st->set_scan_rsp)) != LS_OK)
		return e;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "values")) != NULL)
		return scn_values(c, d, st, v);
	return LS_OK;
}

static enum ls_err
scn_states(struct scn_ctx *c, struct scn_ble *d, const cJSON *o)
{
	struct scn_state	*st;
	const cJSON		*v;
	char			 q[JC_QUOTE_MAX];
	size_t			 n = 0, k;
	enum ls_err		 e;

	if (o != NULL) {
		if ((e = jc_map(&c->c, o, SCN_MAX_STATES - 1)) != LS_OK)
			return e;
		n = (size_t)cJSON_GetArraySize(o);
	}
	if ((d->states = calloc(n + 1, sizeof *d->states)) == NULL)
		return scn_nomem(c);
	/* states[0]: the device as the file describes it. */
	st = &d->states[0];
	d->nstates = 1;
	if ((st->name = strdup("initial")) == NULL)
		return scn_nomem(c);
	st->set_adv = true;
	st->adv = d->adv;
	st->set_scan_rsp = true;
	st->scan_rsp = d->scan_rsp;
	for (k = 0; k < d->nchars; k++)
		if ((e = scn_setval_add(c, st, k, d->chars[k].value,
		    d->chars[k].len)) != LS_OK)
			return e;
	if (o == NULL)
		return LS_OK;
	cJSON_ArrayForEach(v, o) {
		if (!scn_id_ok(v->string))
			return SCN_FAIL_NAME(c, v, "bad state name '%s' (want "
			    "1-%d of A-Z a-z 0-9 . _ -)",
			    jc_quote(v->string, q, sizeof q), SCN_ID_MAX);
		if (strcmp(v->string, "initial") == 0)
			return SCN_FAIL_NAME(c, v, "the state name 'initial' "
			    "is reserved (it means the device's top-level "
			    "adv, scan_rsp and values)");
		st = &d->states[d->nstates++];
		if ((st->name = strdup(v->string)) == NULL)
			return scn_nomem(c);
		if ((e = scn_state(c, d, st, v)) != LS_OK)
			return e;
	}
	return LS_OK;
}

static enum ls_err
scn_device(struct scn_ctx *c, struct scn_ble *d, const cJSON *o)
{
	static const char *const atypes[] = { "public", "random" };
	static const char *const advtypes[] = {
		"ADV_IND", "ADV_NONCONN_IND", "ADV_SCAN_IND"
	};
	static const char *const phys[] = { "1m", "coded" };
	const char	*s;
	const cJSON	*v;
	char		 q[JC_QUOTE_MAX];
	enum ls_err	 e;
	long		 n;
	int		 k;
	bool		 given;

	if ((e = jc_object(&c->c, o, scn_device_keys)) != LS_OK)
		return e;
	s = scn_str(o, "id");
	if (!scn_id_ok(s))
		return SCN_FAIL(c, cJSON_GetObjectItemCaseSensitive(o, "id"),
		    "bad id '%s' (want 1-%d of A-Z a-z 0-9 . _ -)",
		    jc_quote(s, q, sizeof q), SCN_ID_MAX);
	if ((d->id = strdup(s)) == NULL)
		return scn_nomem(c);
	s = scn_str(o, "address");
	if (!hex_addr_parse(s, d->addr))
		return SCN_FAIL(c, cJSON_GetObjectItemCaseSensitive(o,
		    "address"), "'%s' is not an address (want "
		    "XX:XX:XX:XX:XX:XX)", jc_quote(s, q, sizeof q));
	if ((e = scn_enum(c, o, "address_type", "address type", atypes, 2,
	    &k)) != LS_OK)
		return e;
	d->addr_type = k == 1 ? SCN_ADDR_RANDOM : SCN_ADDR_PUBLIC;
	if ((e = scn_enum(c, o, "adv_type", "advertising type", advtypes, 3,
	    &k)) != LS_OK)
		return e;
	d->adv_type = k < 0 ? SCN_ADV_IND : (enum scn_adv_type)k;
	if ((e = scn_enum(c, o, "phy", "PHY", phys, 2, &k)) != LS_OK)
		return e;
	d->coded = k == 1;
	if ((e = scn_int(c, o, "interval_ms", 20, 10240, 100, &n)) != LS_OK)
		return e;
	d->interval_ms = (unsigned)n;
	if ((e = scn_int(c, o, "rssi", -127, 20, 0, &n)) != LS_OK)
		return e;
	d->rssi = (int)n;
	if ((e = scn_int(c, o, "rssi_jitter", 0, 40, 0, &n)) != LS_OK)
		return e;
	d->rssi_jitter = (unsigned)n;
	if ((e = scn_advfield(c, o, "adv", &d->adv, &given)) != LS_OK)
		return e;
	if ((e = scn_advfield(c, o, "scan_rsp", &d->scan_rsp,
	    &given)) != LS_OK ||
	    (e = scn_nonconn_check(c, d, o, &d->scan_rsp, given)) != LS_OK)
		return e;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "gatt")) != NULL &&
	    (e = scn_gatt(c, d, v)) != LS_OK)
		return e;
	if ((e = scn_int(c, o, "mtu", SCN_MTU_MIN, SCN_MTU_MAX,
	    SCN_MTU_DEFAULT, &n)) != LS_OK)
		return e;
	d->mtu = (unsigned)n;
	d->read_mult_var = scn_bool(o, "read_multiple_variable", true);
	d->security_request = scn_bool(o, "security_request", false);
	if ((e = scn_hexfix(c, o, "ext_adv", d->ext_adv, SCN_EXT_ADV_MAX,
	    &d->ext_adv_len, &given)) != LS_OK)
		return e;
	if ((e = scn_int(c, o, "ext_adv_piece", 1, SCN_EXT_PIECE_MAX,
	    SCN_EXT_PIECE_MAX, &n)) != LS_OK)
		return e;
	d->ext_piece = (unsigned)n;
	if ((e = scn_connect(c, d, cJSON_GetObjectItemCaseSensitive(o,
	    "connect"))) != LS_OK)
		return e;
	return scn_states(c, d, cJSON_GetObjectItemCaseSensitive(o, "states"));
}

/* Sort helpers for qsort_r(3): arg is the scenario. */
static int
scn_cmp_id(const void *a, const void *b, void *arg)
{
	const struct scn	*s = arg;
	const struct scn_ble	*x = &s->ble[*(const size_t *)a];
	const struct scn_ble	*y = &s->ble[*(const size_t *)b];
	int			 r = strcmp(x->id, y->id);

	if (r != 0)
		return r;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int
scn_cmp_addr(const void *a, const void *b, void *arg)
{
	const struct scn	*s = arg;
	const struct scn_ble	*x = &s->ble[*(const size_t *)a];
	const struct scn_ble	*y = &s->ble[*(const size_t *)b];
	int			 r;

	if (x->addr_type != y->addr_type)
		return x->addr_type < y->addr_type ? -1 : 1;
	if ((r = memcmp(x->addr, y->addr, 6)) != 0)
		return r;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Member key of the device at index i of the ble array a (for messages). */
static const cJSON *
scn_ble_member(const cJSON *a, size_t i, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(a, (int)i),
	    key);
}

static enum ls_err
scn_ble_unique(struct scn_ctx *c, const cJSON *arr)
{
	struct scn	*s = c->s;
	size_t		*byaddr, i;
	char		 a[18];
	enum ls_err	 e = LS_OK;

	if (s->nble == 0)
		return LS_OK;
	if ((s->ble_by_id = malloc(s->nble * sizeof *s->ble_by_id)) == NULL ||
	    (byaddr = malloc(s->nble * sizeof *byaddr)) == NULL)
		return scn_nomem(c);
	for (i = 0; i < s->nble; i++)
		s->ble_by_id[i] = byaddr[i] = i;
	qsort_r(s->ble_by_id, s->nble, sizeof *s->ble_by_id, scn_cmp_id, s);
	qsort_r(byaddr, s->nble, sizeof *byaddr, scn_cmp_addr, s);
	for (i = 1; i < s->nble && e == LS_OK; i++) {
		const struct scn_ble *p = &s->ble[s->ble_by_id[i - 1]];
		const struct scn_ble *q = &s->ble[s->ble_by_id[i]];

		if (strcmp(p->id, q->id) == 0)
			e = SCN_FAIL(c, scn_ble_member(arr, q->index, "id"),
			    "duplicate id '%s' (also ble[%zu])", q->id,
			    p->index);
	}
	for (i = 1; i < s->nble && e == LS_OK; i++) {
		const struct scn_ble *p = &s->ble[byaddr[i - 1]];
		const struct scn_ble *q = &s->ble[byaddr[i]];

		if (p->addr_type == q->addr_type &&
		    memcmp(p->addr, q->addr, 6) == 0)
			e = SCN_FAIL(c, scn_ble_member(arr, q->index,
			    "address"), "%s (%s) is also the address of "
			    "ble[%zu]", hex_addr_str(q->addr, a),
			    q->addr_type == SCN_ADDR_RANDOM ? "random" :
			    "public", p->index);
	}
	free(byaddr);
	return e;
}

static enum ls_err
scn_ble_all(struct scn_ctx *c, const cJSON *a)
{
	struct scn	*s = c->s;
	const cJSON	*o;
	size_t		 n, i = 0;
	enum ls_err	 e;

	if (a == NULL)
		return LS_OK;
	if ((e = scn_array(c, a, SCN_MAX_BLE, &n)) != LS_OK)
		return e;
	if (n > 0 && (s->ble = calloc(n, sizeof *s->ble)) == NULL)
		return scn_nomem(c);
	cJSON_ArrayForEach(o, a) {
		s->ble[i].index = i;
		s->nble = i + 1;
		if ((e = scn_device(c, &s->ble[i], o)) != LS_OK)
			return e;
		i++;
	}
	return scn_ble_unique(c, a);
}

/* ---- NFC tags ---- */

static enum ls_err
scn_hexexact(struct scn_ctx *c, const cJSON *o, const char *key,
    uint8_t *buf, size_t cap, size_t *len)
{
	bool	present;

	return scn_hexfix(c, o, key, buf, cap, len, &present);
}

/*
 * An NFC-B or FeliCa tag: uid is the PUPI (4 bytes, ISO/IEC 14443-3
 * §7.9.2) or the IDm (8 bytes, JIS X 6319-4); FeliCa may give "pmm"
 * (8 bytes) and "system_code" (2 bytes).  The type A keys are refused.
 */
static enum ls_err
scn_tag_other(struct scn_ctx *c, struct scn_nfc *t, const cJSON *o,
    const char *const a_only[], size_t na)
{
	const cJSON	*v;
	uint8_t		 b[10];
	size_t		 len, i, want;
	enum ls_err	 e;
	bool		 present;

	for (i = 0; i < na; i++)
		if ((v = cJSON_GetObjectItemCaseSensitive(o,
		    a_only[i])) != NULL)
			return SCN_FAIL_NAME(c, v, "'%s' is for technology "
			    "nfc-a", a_only[i]);
	want = t->tech == SCN_TECH_FELICA ? 8 : 4;
	if ((e = scn_hexexact(c, o, "uid", b, 10, &len)) != LS_OK)
		return e;
	if (len != want)
		return SCN_FAIL(c, cJSON_GetObjectItemCaseSensitive(o, "uid"),
		    "want %zu bytes for %s, not %zu", want,
		    t->tech == SCN_TECH_FELICA ? "felica (IDm)" :
		    "nfc-b (PUPI)", len);
	memcpy(t->uid, b, len);
	t->uid_len = (uint8_t)len;
	if (t->tech == SCN_TECH_NFC_B) {
		if ((v = cJSON_GetObjectItemCaseSensitive(o, "pmm")) != NULL ||
		    (v = cJSON_GetObjectItemCaseSensitive(o,
		    "system_code")) != NULL)
			return SCN_FAIL_NAME(c, v, "'pmm' and 'system_code' "
			    "are for technology felica");
		return LS_OK;
	}
	if ((e = scn_hexfix(c, o, "pmm", t->pmm, 8, &len, &present)) !=
	    LS_OK)
		return e;
	if (present && len != 8)
		return SCN_FAIL(c, cJSON_GetObjectItemCaseSensitive(o, "pmm"),
		    "want 8 bytes, not %zu", len);
	if ((e = scn_hexfix(c, o, "system_code", t->system_code, 2, &len,
	    &t->has_system_code)) != LS_OK)
		return e;
	if (t->has_system_code && len != 2)
		return SCN_FAIL(c, cJSON_GetObjectItemCaseSensitive(o,
		    "system_code"), "want 2 bytes, not %zu", len);
	return LS_OK;
}

static enum ls_err
scn_tag(struct scn_ctx *c, struct scn_nfc *t, const cJSON *o)
{
	static const char *const techs[] = { "nfc-a", "nfc-b", "felica" };
	static const char *const a_only[] = {
		"atqa", "sak", "ats", "pages", "get_version", "aliro"
	};
	const cJSON	*v;
	const char	*s;
	char		 q[JC_QUOTE_MAX];
	uint8_t		 b[10];
	size_t		 len, i;
	enum ls_err	 e;
	int		 tech;

	if ((e = jc_object(&c->c, o, scn_tag_keys)) != LS_OK)
		return e;
	s = scn_str(o, "id");
	if (!scn_id_ok(s))
		return SCN_FAIL(c, cJSON_GetObjectItemCaseSensitive(o, "id"),
		    "bad id '%s' (want 1-%d of A-Z a-z 0-9 . _ -)",
		    jc_quote(s, q, sizeof q), SCN_ID_MAX);
	if ((t->id = strdup(s)) == NULL)
		return scn_nomem(c);
	if ((e = scn_enum(c, o, "technology", "technology", techs, 3,
	    &tech)) != LS_OK)
		return e;
	t->tech = tech < 0 ? SCN_TECH_NFC_A : (enum scn_tech)tech;
	if (t->tech != SCN_TECH_NFC_A)
		return scn_tag_other(c, t, o, a_only,
		    sizeof a_only / sizeof a_only[0]);
	for (i = 0; i < 2; i++)
		if (cJSON_GetObjectItemCaseSensitive(o, a_only[i]) == NULL)
			return SCN_FAIL(c, o, "missing key '%s'", a_only[i]);
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "pmm")) != NULL ||
	    (v = cJSON_GetObjectItemCaseSensitive(o, "system_code")) != NULL)
		return SCN_FAIL_NAME(c, v, "'%s' is for technology felica",
		    v->string);
	if ((e = scn_hexexact(c, o, "atqa", b, 2, &len)) != LS_OK)
		return e;
	if (len != 2)
		return SCN_FAIL(c, cJSON_GetObjectItemCaseSensitive(o, "atqa"),
		    "want 2 bytes, not %zu", len);
	memcpy(t->atqa, b, 2);
	if ((e = scn_hexexact(c, o, "sak", b, 1, &len)) != LS_OK)
		return e;
	if (len != 1)
		return SCN_FAIL(c, cJSON_GetObjectItemCaseSensitive(o, "sak"),
		    "want 1 byte, not %zu", len);
	t->sak = b[0];
	if ((e = scn_hexexact(c, o, "uid", b, 10, &len)) != LS_OK)
		return e;
	if (len != 4 && len != 7 && len != 10)
		return SCN_FAIL(c, cJSON_GetObjectItemCaseSensitive(o, "uid"),
		    "want 4, 7 or 10 bytes, not %zu", len);
	memcpy(t->uid, b, len);
	t->uid_len = (uint8_t)len;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "ats")) != NULL &&
	    !cJSON_IsNull(v)) {
		if ((e = scn_hexexact(c, o, "ats", t->ats, SCN_ATS_MAX,
		    &len)) != LS_OK)
			return e;
		if (len == 0)
			return SCN_FAIL(c, v, "empty (use null for no ATS)");
		t->has_ats = true;
		t->ats_len = (uint8_t)len;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "pages")) != NULL) {
		if ((e = scn_hexval(c, v, SCN_PAGES_MAX, &t->pages,
		    &t->pages_len)) != LS_OK)
			return e;
		if (t->pages_len % 4 != 0)
			return SCN_FAIL(c, v, "%zu bytes is not a whole number "
			    "of 4-byte pages", t->pages_len);
	}
	if ((e = scn_hexexact(c, o, "get_version", t->version,
	    SCN_VERSION_MAX, &len)) != LS_OK)
		return e;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "get_version")) != NULL &&
	    len != 7 && len != 8)
		return SCN_FAIL(c, v, "want 7 or 8 bytes, not %zu", len);
	t->version_len = (uint8_t)len;
	t->aliro = scn_bool(o, "aliro", false);
	return LS_OK;
}

static enum ls_err
scn_nfc_all(struct scn_ctx *c, const cJSON *a)
{
	struct scn		*s = c->s;
	const struct scn_ble	*b;
	const cJSON		*o, *id;
	size_t			 n, i = 0, j;
	enum ls_err		 e;

	if (a == NULL)
		return LS_OK;
	if ((e = scn_array(c, a, SCN_MAX_NFC, &n)) != LS_OK)
		return e;
	if (n > 0 && (s->nfc = calloc(n, sizeof *s->nfc)) == NULL)
		return scn_nomem(c);
	cJSON_ArrayForEach(o, a) {
		s->nfc[i].index = i;
		s->nnfc = i + 1;
		if ((e = scn_tag(c, &s->nfc[i], o)) != LS_OK)
			return e;
		id = cJSON_GetObjectItemCaseSensitive(o, "id");
		if ((b = scn_ble_find(s, s->nfc[i].id)) != NULL)
			return SCN_FAIL(c, id, "duplicate id '%s' (also "
			    "ble[%zu])", b->id, b->index);
		/* Tags are few (capped), so a quadratic check is fine. */
		for (j = 0; j < i; j++)
			if (strcmp(s->nfc[j].id, s->nfc[i].id) == 0)
				return SCN_FAIL(c, id, "duplicate id '%s' "
				    "(also nfc[%zu])", s->nfc[i].id, j);
		i++;
	}
	return LS_OK;
}

/* ---- timeline ---- */

static int
scn_cmp_event(const void *a, const void *b)
{
	const struct scn_event	*x = a, *y = b;

	if (x->at_ms != y->at_ms)
		return x->at_ms < y->at_ms ? -1 : 1;
	/* Stable: state was temporarily set to the file position. */
	return x->state < y->state ? -1 : x->state > y->state;
}

static enum ls_err
scn_timeline_all(struct scn_ctx *c, const cJSON *a)
{
	struct scn		*s = c->s;
	const struct scn_ble	*b;
	const cJSON		*o, *v;
	const char		*dev, *st;
	char			 q[JC_QUOTE_MAX], q2[JC_QUOTE_MAX];
	size_t			 n, i = 0, j, *pos;
	long			 at, k;
	enum ls_err		 e = LS_OK;

	if (a == NULL)
		return LS_OK;
	if ((e = scn_array(c, a, SCN_MAX_TIMELINE, &n)) != LS_OK)
		return e;
	if (n == 0)
		return LS_OK;
	if ((s->timeline = calloc(n, sizeof *s->timeline)) == NULL ||
	    (pos = calloc(n, sizeof *pos)) == NULL)
		return scn_nomem(c);
	cJSON_ArrayForEach(o, a) {
		if ((e = jc_object(&c->c, o, scn_event_keys)) != LS_OK ||
		    (e = scn_int(c, o, "at_ms", 0, SCN_AT_MS_MAX, 0,
		    &at)) != LS_OK)
			goto out;
		dev = scn_str(o, "device");
		st = scn_str(o, "state");
		if ((b = scn_ble_find(s, dev)) == NULL) {
			v = cJSON_GetObjectItemCaseSensitive(o, "device");
			for (j = 0; j < s->nnfc; j++)
				if (strcmp(s->nfc[j].id, dev) == 0)
					break;
			if (j < s->nnfc)
				e = SCN_FAIL(c, v, "'%s' is an NFC tag; the "
				    "timeline switches BLE devices only",
				    jc_quote(dev, q, sizeof q));
			else
				e = SCN_FAIL(c, v, "unknown device '%s'",
				    jc_quote(dev, q, sizeof q));
			goto out;
		}
		if ((k = scn_state_find(b, st)) < 0) {
			e = SCN_FAIL(c, cJSON_GetObjectItemCaseSensitive(o,
			    "state"), "device '%s' has no state '%s'", b->id,
			    jc_quote(st, q2, sizeof q2));
			goto out;
		}
		s->timeline[i].at_ms = (uint32_t)at;
		s->timeline[i].dev = b->index;
		s->timeline[i].state = i;	/* file order, for the sort */
		pos[i] = (size_t)k;
		i++;
	}
	s->ntimeline = n;
	qsort(s->timeline, n, sizeof *s->timeline, scn_cmp_event);
	for (i = 0; i < n; i++)
		s->timeline[i].state = pos[s->timeline[i].state];
out:
	free(pos);
	return e;
}

/* ---- top level ---- */

/*
 * Blank out // and block comments outside strings, keeping newlines so
 * positions stay right.  Returns the offset of an unterminated block
 * comment, or -1.
 */
static long
scn_strip_comments(char *s, size_t n)
{
	size_t	i = 0, start;
	bool	in_str = false;

	while (i < n) {
		if (in_str) {
			if (s[i] == '\\' && i + 1 < n)
				i += 2;
			else {
				if (s[i] == '"' || s[i] == '\n')
					in_str = false;
				i++;
			}
		} else if (s[i] == '"') {
			in_str = true;
			i++;
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '/') {
			while (i < n && s[i] != '\n')
				s[i++] = ' ';
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
			start = i;
			s[i++] = ' ';
			s[i++] = ' ';
			while (i < n && !(s[i] == '*' && i + 1 < n &&
			    s[i + 1] == '/')) {
				if (s[i] != '\n')
					s[i] = ' ';
				i++;
			}
			if (i >= n)
				return (long)start;
			s[i++] = ' ';
			s[i++] = ' ';
		} else
			i++;
	}
	return -1;
}

static enum ls_err
scn_top(struct scn_ctx *c, const cJSON *root)
{
	const cJSON	*ver, *v;
	const char	*name;
	enum ls_err	 e;

	if ((e = jc_object(&c->c, root, scn_top_keys)) != LS_OK)
		return e;
	ver = cJSON_GetObjectItemCaseSensitive(root, "scenario");
	if (ver->valuedouble != 1)
		return SCN_FAIL(c, ver, "unsupported scenario version %.15g "
		    "(want 1)", ver->valuedouble);
	name = scn_str(root, "name");
	if (name != NULL && strlen(name) > SCN_NAME_MAX) {
		v = cJSON_GetObjectItemCaseSensitive(root, "name");
		return SCN_FAIL(c, v, "longer than %d bytes", SCN_NAME_MAX);
	}
	if ((c->s->name = strdup(name == NULL ? "" : name)) == NULL)
		return scn_nomem(c);
	if ((e = scn_ble_all(c, cJSON_GetObjectItemCaseSensitive(root,
	    "ble"))) != LS_OK ||
	    (e = scn_nfc_all(c, cJSON_GetObjectItemCaseSensitive(root,
	    "nfc"))) != LS_OK ||
	    (e = scn_timeline_all(c, cJSON_GetObjectItemCaseSensitive(root,
	    "timeline"))) != LS_OK)
		return e;
	return LS_OK;
}

enum ls_err
scn_parse(const char *name, const char *text, size_t len, struct scn **out,
    struct ls_errbuf *eb)
{
	struct scn_ctx	 c;
	const char	*nul;
	cJSON		*root;
	char		*buf;
	long		 bad;
	enum ls_err	 e;

	*out = NULL;
	memset(&c, 0, sizeof c);
	c.name = name;
	c.eb = eb;
	jc_init(&c.c, name, eb);
	if (len > SCN_FILE_MAX)
		return SCN_FAIL(&c, NULL, "file is larger than %u bytes",
		    SCN_FILE_MAX);
	/* Before the comments go: a NUL in a comment is still refused. */
	c.c.text = text;
	c.c.len = len;
	if ((nul = memchr(text, '\0', len)) != NULL)
		return jc_fail_at(&c.c, (size_t)(nul - text), "NUL byte");
	if ((buf = malloc(len + 1)) == NULL)
		return scn_nomem(&c);
	memcpy(buf, text, len);
	buf[len] = '\0';
	if ((bad = scn_strip_comments(buf, len)) >= 0) {
		free(buf);
		return jc_fail_at(&c.c, (size_t)bad, "unterminated comment");
	}
	/* Comments are blanked in place, so positions in buf are the
	 * file's: buf stays until the checks are done. */
	if ((e = jc_parse(&c.c, buf, len, 0, &root)) != LS_OK) {
		free(buf);
		return e;
	}
	if ((c.s = calloc(1, sizeof *c.s)) == NULL) {
		cJSON_Delete(root);
		free(buf);
		return scn_nomem(&c);
	}
	e = scn_top(&c, root);
	cJSON_Delete(root);
	free(buf);
	if (e != LS_OK) {
		scn_free(c.s);
		return e;
	}
	*out = c.s;
	return LS_OK;
}

enum ls_err
scn_load(const char *path, struct scn **out, struct ls_errbuf *eb)
{
	struct stat	 st;
	enum ls_err	 e;
	char		*buf = NULL, *n;
	size_t		 len = 0, cap;
	ssize_t		 r;
	int		 fd, err;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		err = errno;
		e = err == EACCES || err == EPERM ? LS_EPERM :
		    err == ENOMEM ? LS_ENOMEM :
		    err == ENOENT || err == ENOTDIR || err == ELOOP ||
		    err == ENAMETOOLONG ? LS_EINPUT : LS_EIO;
		return ls_err_set(eb, e, "%s: cannot open: %s", path,
		    strerror(err));
	}
	if (fstat(fd, &st) == -1 || S_ISDIR(st.st_mode)) {
		close(fd);
		return ls_err_set(eb, LS_EINPUT, "%s: not a file", path);
	}
	/* Regular files: size hint; pipes (<(gen-many.sh N)): grow. */
	cap = S_ISREG(st.st_mode) && (uintmax_t)st.st_size < SCN_FILE_MAX ?
	    (size_t)st.st_size + 1 : 64 * 1024;
	e = LS_OK;
	for (;;) {
		if (buf == NULL || len == cap) {
			if (buf != NULL)
				cap = cap > SCN_FILE_MAX / 2 ?
				    SCN_FILE_MAX + 1 : cap * 2;
			if ((n = realloc(buf, cap)) == NULL) {
				e = ls_err_set(eb, LS_ENOMEM, "%s: out of "
				    "memory", path);
				break;
			}
			buf = n;
		}
		r = read(fd, buf + len, cap - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			err = errno;
			e = ls_err_set(eb, LS_EIO, "%s: cannot read: %s", path,
			    strerror(err));
			break;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > SCN_FILE_MAX) {
			e = ls_err_set(eb, LS_EINPUT, "%s: file is larger "
			    "than %u bytes", path, SCN_FILE_MAX);
			break;
		}
	}
	close(fd);
	if (e == LS_OK)
		e = scn_parse(path, buf, len, out, eb);
	free(buf);
	return e;
}

static void
scn_state_release(struct scn_state *st)
{
	size_t	i;

	free(st->name);
	for (i = 0; i < st->nvalues; i++)
		free(st->values[i].value);
	free(st->values);
}

void
scn_free(struct scn *s)
{
	struct scn_ble	*d;
	size_t		 i, k;

	if (s == NULL)
		return;
	for (i = 0; i < s->nble; i++) {
		d = &s->ble[i];
		free(d->id);
		for (k = 0; k < d->nchars; k++)
			free(d->chars[k].value);
		free(d->chars);
		free(d->services);
		for (k = 0; k < d->nstates; k++)
			scn_state_release(&d->states[k]);
		free(d->states);
	}
	free(s->ble);
	free(s->ble_by_id);
	for (i = 0; i < s->nnfc; i++) {
		free(s->nfc[i].id);
		free(s->nfc[i].pages);
	}
	free(s->nfc);
	free(s->timeline);
	free(s->name);
	free(s);
}

const char *
scn_name(const struct scn *s)
{
	return s->name == NULL ? "" : s->name;
}

size_t
scn_ble_count(const struct scn *s)
{
	return s->nble;
}

const struct scn_ble *
scn_ble(const struct scn *s, size_t i)
{
	return i < s->nble ? &s->ble[i] : NULL;
}

size_t
scn_nfc_count(const struct scn *s)
{
	return s->nnfc;
}

const struct scn_nfc *
scn_nfc(const struct scn *s, size_t i)
{
	return i < s->nnfc ? &s->nfc[i] : NULL;
}

size_t
scn_timeline_count(const struct scn *s)
{
	return s->ntimeline;
}

const struct scn_event *
scn_timeline(const struct scn *s, size_t i)
{
	return i < s->ntimeline ? &s->timeline[i] : NULL;
}

const struct scn_ble *
scn_ble_find(const struct scn *s, const char *id)
{
	size_t	lo = 0, hi, mid;
	int	r;

	if (s->ble_by_id == NULL)
		return NULL;
	hi = s->nble;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = strcmp(id, s->ble[s->ble_by_id[mid]].id);
		if (r == 0)
			return &s->ble[s->ble_by_id[mid]];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

long
scn_state_find(const struct scn_ble *d, const char *name)
{
	size_t	i;

	for (i = 0; i < d->nstates; i++)
		if (strcmp(d->states[i].name, name) == 0)
			return (long)i;
	return -1;
}

const char *
scn_adv_type_str(enum scn_adv_type t)
{
	switch (t) {
	case SCN_ADV_IND:
		return "ADV_IND";
	case SCN_ADV_NONCONN_IND:
		return "ADV_NONCONN_IND";
	case SCN_ADV_SCAN_IND:
		return "ADV_SCAN_IND";
	}
	return "?";
}
