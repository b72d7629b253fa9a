/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scenario.c - scenario file loader and validator (the format:
 * lockscope-scenario(5)).
 *
 * Parsing is cJSON after comments are blanked out (not removed, so line
 * and column numbers in syntax errors stay right).  Validation walks the
 * tree with a path stack ("ble[2].gatt[0].uuid") so every error names
 * where it is.  Keys are read in a fixed order (scenario, name, ble, nfc,
 * timeline) whatever their order in the file, because the timeline refers
 * to devices.
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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "util/hex.h"
#include "emu/scenario.h"

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

/* Parser context: where we are, for messages. */
struct scn_ctx {
	const char		*name;		/* file name for messages */
	struct ls_errbuf	*eb;
	struct scn		*s;
	char			 path[256];
	size_t			 plen;
};

#define SCN_FAIL(c, ...)	scn_fail_at((c), __LINE__, __VA_ARGS__)

static enum ls_err	scn_fail_at(struct scn_ctx *, int, const char *, ...)
			    __attribute__((format(printf, 3, 4)));

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

static enum ls_err
scn_fail_at(struct scn_ctx *c, int line, const char *fmt, ...)
{
	char	msg[400];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (c->plen == 0)
		return ls_err_set_at(c->eb, __FILE__, line, LS_EINPUT,
		    "%s: %s", c->name, msg);
	return ls_err_set_at(c->eb, __FILE__, line, LS_EINPUT, "%s: %s: %s",
	    c->name, c->path, msg);
}

static enum ls_err
scn_nomem(struct scn_ctx *c)
{
	return ls_err_set(c->eb, LS_ENOMEM, "%s: out of memory", c->name);
}

/* Path stack: push returns the old length, pop restores it. */
static size_t
scn_push_key(struct scn_ctx *c, const char *key)
{
	size_t	old = c->plen;
	int	n;

	n = snprintf(c->path + c->plen, sizeof c->path - c->plen, "%s%s",
	    c->plen == 0 ? "" : ".", key);
	if (n > 0)
		c->plen += (size_t)n;
	if (c->plen >= sizeof c->path)
		c->plen = sizeof c->path - 1;
	return old;
}

static size_t
scn_push_idx(struct scn_ctx *c, size_t i)
{
	size_t	old = c->plen;
	int	n;

	n = snprintf(c->path + c->plen, sizeof c->path - c->plen, "[%zu]", i);
	if (n > 0)
		c->plen += (size_t)n;
	if (c->plen >= sizeof c->path)
		c->plen = sizeof c->path - 1;
	return old;
}

static void
scn_pop(struct scn_ctx *c, size_t old)
{
	c->plen = old;
	c->path[old] = '\0';
}

/*
 * Quote a string from the file for a message: printable ASCII kept, the
 * rest escaped, long strings cut.  out holds 80 bytes.
 */
static const char *
scn_q(const char *s, char out[80])
{
	size_t	o = 0;

	for (; *s != '\0'; s++) {
		unsigned char	ch = (unsigned char)*s;

		if (o > 64) {
			memcpy(out + o, "...", 4);
			return out;
		}
		if (ch >= 0x20 && ch < 0x7f && ch != '\\' && ch != '\'')
			out[o++] = (char)ch;
		else
			o += (size_t)snprintf(out + o, 80 - o, "\\x%02x", ch);
	}
	out[o] = '\0';
	return out;
}

/* An id or state name: 1..SCN_ID_MAX of [A-Za-z0-9._-]. */
static bool
scn_id_ok(const char *s)
{
	size_t	n = 0;

	for (; s[n] != '\0'; n++) {
		if (n >= SCN_ID_MAX)
			return false;
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789._-", s[n]) == NULL)
			return false;
	}
	return n > 0;
}

/*
 * Check that obj is an object with only the given keys (NULL-terminated),
 * no key twice, and every key whose bit is set in required.
 */
static enum ls_err
scn_object(struct scn_ctx *c, const cJSON *obj, const char *const keys[],
    unsigned required)
{
	const cJSON	*k, *k2;
	char		 q[80];
	size_t		 i;

	if (!cJSON_IsObject(obj))
		return SCN_FAIL(c, "not an object");
	for (k = obj->child; k != NULL; k = k->next) {
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(keys[i], k->string) == 0)
				break;
		if (keys[i] == NULL)
			return SCN_FAIL(c, "unknown key '%s'", scn_q(k->string, q));
		for (k2 = obj->child; k2 != k; k2 = k2->next)
			if (strcmp(k2->string, k->string) == 0)
				return SCN_FAIL(c, "duplicate key '%s'",
				    scn_q(k->string, q));
	}
	for (i = 0; keys[i] != NULL; i++)
		if ((required & 1u << i) &&
		    cJSON_GetObjectItemCaseSensitive(obj, keys[i]) == NULL)
			return SCN_FAIL(c, "missing key '%s'", keys[i]);
	return LS_OK;
}

/* A map whose keys we validate ourselves: only duplicates are checked. */
static enum ls_err
scn_map(struct scn_ctx *c, const cJSON *obj, size_t max)
{
	const cJSON	*k, *k2;
	char		 q[80];
	size_t		 n = 0;

	if (!cJSON_IsObject(obj))
		return SCN_FAIL(c, "not an object");
	for (k = obj->child; k != NULL; k = k->next) {
		if (++n > max)
			return SCN_FAIL(c, "more than %zu entries", max);
		for (k2 = obj->child; k2 != k; k2 = k2->next)
			if (strcmp(k2->string, k->string) == 0)
				return SCN_FAIL(c, "duplicate key '%s'",
				    scn_q(k->string, q));
	}
	return LS_OK;
}

static enum ls_err
scn_array(struct scn_ctx *c, const cJSON *a, size_t max, size_t *n)
{
	if (!cJSON_IsArray(a))
		return SCN_FAIL(c, "not an array");
	*n = (size_t)cJSON_GetArraySize(a);
	if (*n > max)
		return SCN_FAIL(c, "%zu entries, at most %zu", *n, max);
	return LS_OK;
}

/*
 * Integer field key of obj: dflt when absent, else it must be an integral
 * number in min..max.
 */
static enum ls_err
scn_int(struct scn_ctx *c, const cJSON *obj, const char *key, long min,
    long max, long dflt, long *out)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);
	enum ls_err	 e = LS_OK;
	size_t		 old;
	double		 d;

	*out = dflt;
	if (v == NULL)
		return LS_OK;
	old = scn_push_key(c, key);
	d = cJSON_IsNumber(v) ? v->valuedouble : 0.5;
	if (d != floor(d))
		e = SCN_FAIL(c, "not an integer");
	else if (d < (double)min || d > (double)max)
		e = SCN_FAIL(c, "%.15g is out of range (%ld..%ld)", d, min, max);
	else
		*out = (long)d;
	scn_pop(c, old);
	return e;
}

/* String field: *out is NULL when absent; the caller checks required. */
static enum ls_err
scn_str(struct scn_ctx *c, const cJSON *obj, const char *key,
    const char **out)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);
	enum ls_err	 e = LS_OK;
	size_t		 old;

	*out = NULL;
	if (v == NULL)
		return LS_OK;
	if (cJSON_IsString(v)) {
		*out = v->valuestring;
		return LS_OK;
	}
	old = scn_push_key(c, key);
	e = SCN_FAIL(c, "not a string");
	scn_pop(c, old);
	return e;
}

/* Boolean field key of obj: dflt when absent. */
static enum ls_err
scn_bool(struct scn_ctx *c, const cJSON *obj, const char *key, bool dflt,
    bool *out)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);
	enum ls_err	 e;
	size_t		 old;

	*out = dflt;
	if (v == NULL)
		return LS_OK;
	if (cJSON_IsBool(v)) {
		*out = cJSON_IsTrue(v);
		return LS_OK;
	}
	old = scn_push_key(c, key);
	e = SCN_FAIL(c, "not a boolean (want true or false)");
	scn_pop(c, old);
	return e;
}

/* Pick one of names[] for string field key; -1 (no error) when absent. */
static enum ls_err
scn_enum(struct scn_ctx *c, const cJSON *obj, const char *key,
    const char *what, const char *const names[], size_t nnames, int *out)
{
	const char	*s;
	char		 want[160], q[80];
	size_t		 i, old, w = 0;
	enum ls_err	 e;

	*out = -1;
	if ((e = scn_str(c, obj, key, &s)) != LS_OK || s == NULL)
		return e;
	for (i = 0; i < nnames; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (int)i;
			return LS_OK;
		}
	}
	want[0] = '\0';
	for (i = 0; i < nnames; i++)
		w += (size_t)snprintf(want + w, w < sizeof want ?
		    sizeof want - w : 0, "%s%s", i ? ", " : "", names[i]);
	old = scn_push_key(c, key);
	e = SCN_FAIL(c, "unknown %s '%s' (want %s)", what, scn_q(s, q), want);
	scn_pop(c, old);
	return e;
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
 * of at most max bytes.  The path must already name v.
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
		return SCN_FAIL(c, "not a hex string");
	s = v->valuestring;
	n = strlen(s);
	for (i = 0; i < n; i++)
		if (scn_nibble((unsigned char)s[i]) < 0)
			return SCN_FAIL(c, "not a hex string");
	if (n % 2 != 0)
		return SCN_FAIL(c, "not a hex string (odd number of digits)");
	if (n / 2 > max)
		return SCN_FAIL(c, "%zu bytes is too long (at most %zu)", n / 2,
		    max);
	if (n == 0)
		return LS_OK;
	if ((p = malloc(n / 2)) == NULL)
		return scn_nomem(c);
	if (hex_decode(s, p, n / 2) != (long)(n / 2)) {
		free(p);
		return SCN_FAIL(c, "not a hex string");
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
	size_t		 old;

	*present = v != NULL;
	*len = 0;
	if (v == NULL)
		return LS_OK;
	old = scn_push_key(c, key);
	e = scn_hexval(c, v, max, &p, len);
	scn_pop(c, old);
	if (e == LS_OK && *len > 0)
		memcpy(buf, p, *len);
	free(p);
	return e;
}

/* Advertising data field; "null" allowed when nullable (present false). */
static enum ls_err
scn_advfield(struct scn_ctx *c, const cJSON *obj, const char *key,
    bool nullable, struct scn_adv *adv, bool *given)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);
	size_t		 len, old;
	enum ls_err	 e;
	bool		 present;

	memset(adv, 0, sizeof *adv);
	*given = v != NULL;
	if (v == NULL)
		return LS_OK;
	if (cJSON_IsNull(v)) {
		if (nullable)
			return LS_OK;
		old = scn_push_key(c, key);
		e = SCN_FAIL(c, "not a hex string");
		scn_pop(c, old);
		return e;
	}
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
	const char	*s;
	enum ls_err	 e;
	size_t		 old;

	if ((e = scn_str(c, obj, "uuid", &s)) != LS_OK)
		return e;
	if (scn_uuid_parse(s, u))
		return LS_OK;
	old = scn_push_key(c, "uuid");
	e = SCN_FAIL(c, "not a UUID (want 4 or 32 hex digits, or the "
	    "36-character dashed form)");
	scn_pop(c, old);
	return e;
}

/* ---- BLE devices ---- */

static enum ls_err
scn_props(struct scn_ctx *c, const cJSON *a, unsigned *props)
{
	const cJSON	*v;
	char		 q[80];
	size_t		 n, i, k, old;
	enum ls_err	 e = LS_OK;

	*props = 0;
	if ((e = scn_array(c, a, 16, &n)) != LS_OK)
		return e;
	if (n == 0)
		return SCN_FAIL(c, "empty (want at least one of read, write, "
		    "write-without-response, notify, indicate)");
	for (i = 0, v = a->child; v != NULL && e == LS_OK; i++, v = v->next) {
		old = scn_push_idx(c, i);
		if (!cJSON_IsString(v))
			e = SCN_FAIL(c, "not a string");
		else {
			for (k = 0; k < 5; k++)
				if (strcmp(v->valuestring, scn_prop_names[k]) == 0)
					break;
			if (k == 5)
				e = SCN_FAIL(c, "unknown property '%s' (want "
				    "read, write, write-without-response, "
				    "notify, indicate)", scn_q(v->valuestring, q));
			else if (*props & scn_prop_bits[k])
				e = SCN_FAIL(c, "duplicate property '%s'",
				    scn_prop_names[k]);
			else
				*props |= scn_prop_bits[k];
		}
		scn_pop(c, old);
	}
	return e;
}

static enum ls_err
scn_chars(struct scn_ctx *c, struct scn_ble *d, size_t svc, const cJSON *a)
{
	static const char *const keys[] = {
		"uuid", "value", "properties", "security", NULL
	};
	static const char *const secs[] = {
		"none", "encrypted", "authenticated"
	};
	struct scn_char	*ch, *n;
	const cJSON	*o, *v;
	size_t		 cnt, i, old, old2;
	enum ls_err	 e = LS_OK;
	int		 sec;

	if ((e = scn_array(c, a, SCN_MAX_CHARS, &cnt)) != LS_OK)
		return e;
	if (cnt > 0) {
		n = realloc(d->chars, (d->nchars + cnt) * sizeof *n);
		if (n == NULL)
			return scn_nomem(c);
		d->chars = n;
	}
	for (i = 0, o = a->child; o != NULL; i++, o = o->next) {
		old = scn_push_idx(c, i);
		ch = &d->chars[d->nchars];
		memset(ch, 0, sizeof *ch);
		ch->service = svc;
		if ((e = scn_object(c, o, keys, 1u << 0 | 1u << 2)) != LS_OK ||
		    (e = scn_uuidfield(c, o, &ch->uuid)) != LS_OK)
			break;
		if ((v = cJSON_GetObjectItemCaseSensitive(o, "value")) != NULL) {
			old2 = scn_push_key(c, "value");
			e = scn_hexval(c, v, SCN_VALUE_MAX, &ch->value, &ch->len);
			scn_pop(c, old2);
			if (e != LS_OK)
				break;
		}
		d->nchars++;	/* owns value now */
		old2 = scn_push_key(c, "properties");
		e = scn_props(c, cJSON_GetObjectItemCaseSensitive(o,
		    "properties"), &ch->props);
		scn_pop(c, old2);
		if (e != LS_OK)
			break;
		if ((e = scn_enum(c, o, "security", "security", secs, 3,
		    &sec)) != LS_OK)
			break;
		ch->security = sec < 0 ? SCN_SEC_NONE : (enum scn_security)sec;
		scn_pop(c, old);
	}
	return e;
}

static enum ls_err
scn_gatt(struct scn_ctx *c, struct scn_ble *d, const cJSON *a)
{
	static const char *const keys[] = { "uuid", "characteristics", NULL };
	struct scn_service	*sv;
	const cJSON		*o;
	size_t			 n, i, old, old2;
	enum ls_err		 e;

	if ((e = scn_array(c, a, SCN_MAX_SERVICES, &n)) != LS_OK)
		return e;
	if (n == 0)
		return LS_OK;
	if ((d->services = calloc(n, sizeof *d->services)) == NULL)
		return scn_nomem(c);
	for (i = 0, o = a->child; o != NULL; i++, o = o->next) {
		old = scn_push_idx(c, i);
		sv = &d->services[i];
		d->nservices = i + 1;
		if ((e = scn_object(c, o, keys, 3)) != LS_OK ||
		    (e = scn_uuidfield(c, o, &sv->uuid)) != LS_OK)
			return e;
		sv->first = d->nchars;
		old2 = scn_push_key(c, "characteristics");
		e = scn_chars(c, d, i, cJSON_GetObjectItemCaseSensitive(o,
		    "characteristics"));
		if (e != LS_OK)
			return e;
		scn_pop(c, old2);
		sv->count = d->nchars - sv->first;
		scn_pop(c, old);
	}
	return LS_OK;
}

static enum ls_err
scn_connect(struct scn_ctx *c, struct scn_ble *d, const cJSON *o)
{
	static const char *const keys[] = {
		"delay_ms", "conn_interval_ms", "fail", "param_update_ms",
		NULL
	};
	static const char *const fails[] = { "none", "timeout", "reject" };
	enum ls_err	e;
	long		v;
	int		f;

	d->connect.delay_ms = 30;
	d->connect.conn_interval_ms = 30;
	d->connect.fail = SCN_FAIL_NONE;
	d->connect.param_update_ms = 0;
	if (o == NULL)
		return LS_OK;
	d->has_connect = true;
	if ((e = scn_object(c, o, keys, 0)) != LS_OK)
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
	char		 q[80];
	uint8_t		*p;
	size_t		 len, k, j, old, matched;
	enum ls_err	 e;

	if ((e = scn_map(c, o, SCN_MAX_SERVICES * SCN_MAX_CHARS)) != LS_OK)
		return e;
	for (v = o->child; v != NULL; v = v->next) {
		if (!scn_uuid_parse(v->string, &u))
			return SCN_FAIL(c, "'%s' is not a UUID (want 4 or 32 "
			    "hex digits, or the 36-character dashed form)",
			    scn_q(v->string, q));
		old = scn_push_key(c, v->string);
		if ((e = scn_hexval(c, v, SCN_VALUE_MAX, &p, &len)) != LS_OK)
			return e;
		matched = 0;
		for (k = 0; k < d->nchars && e == LS_OK; k++) {
			if (!scn_uuid_eq(&u, &d->chars[k].uuid))
				continue;
			for (j = 0; j < st->nvalues; j++)
				if (st->values[j].chr == k)
					break;
			if (j < st->nvalues)
				e = SCN_FAIL(c, "characteristic given twice");
			else
				e = scn_setval_add(c, st, k, p, len);
			matched++;
		}
		free(p);
		if (e != LS_OK)
			return e;
		if (matched == 0)
			return SCN_FAIL(c, "no characteristic %s in this "
			    "device's gatt", scn_q(v->string, q));
		scn_pop(c, old);
	}
	return LS_OK;
}

static enum ls_err
scn_nonconn_check(struct scn_ctx *c, const struct scn_ble *d,
    const struct scn_adv *rsp, bool given)
{
	size_t		old;
	enum ls_err	e;

	if (d->adv_type != SCN_ADV_NONCONN_IND || !given || !rsp->present)
		return LS_OK;
	old = scn_push_key(c, "scan_rsp");
	e = SCN_FAIL(c, "an ADV_NONCONN_IND device is not scannable; remove "
	    "scan_rsp or use ADV_IND or ADV_SCAN_IND");
	scn_pop(c, old);
	return e;
}

static enum ls_err
scn_state(struct scn_ctx *c, struct scn_ble *d, struct scn_state *st,
    const cJSON *o)
{
	static const char *const keys[] = {
		"adv", "scan_rsp", "values", NULL
	};
	const cJSON	*v;
	enum ls_err	 e;
	size_t		 old;

	if ((e = scn_object(c, o, keys, 0)) != LS_OK ||
	    (e = scn_advfield(c, o, "adv", false, &st->adv,
	    &st->set_adv)) != LS_OK ||
	    (e = scn_advfield(c, o, "scan_rsp", true, &st->scan_rsp,
	    &st->set_scan_rsp)) != LS_OK ||
	    (e = scn_nonconn_check(c, d, &st->scan_rsp,
	    st->set_scan_rsp)) != LS_OK)
		return e;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "values")) != NULL) {
		old = scn_push_key(c, "values");
		if ((e = scn_values(c, d, st, v)) != LS_OK)
			return e;
		scn_pop(c, old);
	}
	return LS_OK;
}

static enum ls_err
scn_states(struct scn_ctx *c, struct scn_ble *d, const cJSON *o)
{
	struct scn_state	*st;
	const cJSON		*v;
	char			 q[80];
	size_t			 n = 0, k, old;
	enum ls_err		 e;

	if (o != NULL) {
		if ((e = scn_map(c, o, SCN_MAX_STATES - 1)) != LS_OK)
			return e;
		for (v = o->child; v != NULL; v = v->next)
			n++;
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
	for (v = o->child; v != NULL; v = v->next) {
		if (!scn_id_ok(v->string))
			return SCN_FAIL(c, "bad state name '%s' (want 1-%d of "
			    "A-Z a-z 0-9 . _ -)", scn_q(v->string, q),
			    SCN_ID_MAX);
		if (strcmp(v->string, "initial") == 0)
			return SCN_FAIL(c, "the state name 'initial' is "
			    "reserved (it means the device's top-level adv, "
			    "scan_rsp and values)");
		st = &d->states[d->nstates++];
		if ((st->name = strdup(v->string)) == NULL)
			return scn_nomem(c);
		old = scn_push_key(c, v->string);
		if ((e = scn_state(c, d, st, v)) != LS_OK)
			return e;
		scn_pop(c, old);
	}
	return LS_OK;
}

static enum ls_err
scn_device(struct scn_ctx *c, struct scn_ble *d, const cJSON *o)
{
	static const char *const keys[] = {
		"id", "address", "address_type", "adv_type", "interval_ms",
		"rssi", "rssi_jitter", "adv", "scan_rsp", "gatt", "connect",
		"states", "mtu", "read_multiple_variable", "security_request",
		NULL
	};
	static const char *const atypes[] = { "public", "random" };
	static const char *const advtypes[] = {
		"ADV_IND", "ADV_NONCONN_IND", "ADV_SCAN_IND"
	};
	const char	*s;
	const cJSON	*v;
	char		 q[80];
	enum ls_err	 e;
	size_t		 old;
	long		 n;
	int		 k;
	bool		 given;

	/* Required: id, address, address_type, rssi, adv. */
	if ((e = scn_object(c, o, keys, 1u << 0 | 1u << 1 | 1u << 2 |
	    1u << 5 | 1u << 7)) != LS_OK)
		return e;
	if ((e = scn_str(c, o, "id", &s)) != LS_OK)
		return e;
	if (!scn_id_ok(s)) {
		old = scn_push_key(c, "id");
		e = SCN_FAIL(c, "bad id '%s' (want 1-%d of A-Z a-z 0-9 . _ -)",
		    scn_q(s, q), SCN_ID_MAX);
		scn_pop(c, old);
		return e;
	}
	if ((d->id = strdup(s)) == NULL)
		return scn_nomem(c);
	if ((e = scn_str(c, o, "address", &s)) != LS_OK)
		return e;
	if (!hex_addr_parse(s, d->addr)) {
		old = scn_push_key(c, "address");
		e = SCN_FAIL(c, "'%s' is not an address (want "
		    "XX:XX:XX:XX:XX:XX)", scn_q(s, q));
		scn_pop(c, old);
		return e;
	}
	if ((e = scn_enum(c, o, "address_type", "address type", atypes, 2,
	    &k)) != LS_OK)
		return e;
	d->addr_type = k == 1 ? SCN_ADDR_RANDOM : SCN_ADDR_PUBLIC;
	if ((e = scn_enum(c, o, "adv_type", "advertising type", advtypes, 3,
	    &k)) != LS_OK)
		return e;
	d->adv_type = k < 0 ? SCN_ADV_IND : (enum scn_adv_type)k;
	if ((e = scn_int(c, o, "interval_ms", 20, 10240, 100, &n)) != LS_OK)
		return e;
	d->interval_ms = (unsigned)n;
	if ((e = scn_int(c, o, "rssi", -127, 20, 0, &n)) != LS_OK)
		return e;
	d->rssi = (int)n;
	if ((e = scn_int(c, o, "rssi_jitter", 0, 40, 0, &n)) != LS_OK)
		return e;
	d->rssi_jitter = (unsigned)n;
	if ((e = scn_advfield(c, o, "adv", false, &d->adv, &given)) != LS_OK)
		return e;
	if ((e = scn_advfield(c, o, "scan_rsp", true, &d->scan_rsp,
	    &given)) != LS_OK ||
	    (e = scn_nonconn_check(c, d, &d->scan_rsp, given)) != LS_OK)
		return e;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "gatt")) != NULL) {
		old = scn_push_key(c, "gatt");
		if ((e = scn_gatt(c, d, v)) != LS_OK)
			return e;
		scn_pop(c, old);
	}
	if ((e = scn_int(c, o, "mtu", SCN_MTU_MIN, SCN_MTU_MAX,
	    SCN_MTU_DEFAULT, &n)) != LS_OK)
		return e;
	d->mtu = (unsigned)n;
	if ((e = scn_bool(c, o, "read_multiple_variable", true,
	    &d->read_mult_var)) != LS_OK ||
	    (e = scn_bool(c, o, "security_request", false,
	    &d->security_request)) != LS_OK)
		return e;
	old = scn_push_key(c, "connect");
	e = scn_connect(c, d, cJSON_GetObjectItemCaseSensitive(o, "connect"));
	if (e != LS_OK)
		return e;
	scn_pop(c, old);
	old = scn_push_key(c, "states");
	e = scn_states(c, d, cJSON_GetObjectItemCaseSensitive(o, "states"));
	if (e != LS_OK)
		return e;
	scn_pop(c, old);
	return LS_OK;
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

static enum ls_err
scn_ble_unique(struct scn_ctx *c)
{
	struct scn	*s = c->s;
	size_t		*byaddr, i, old;
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

		if (strcmp(p->id, q->id) != 0)
			continue;
		old = scn_push_key(c, "ble");
		scn_push_idx(c, q->index);
		scn_push_key(c, "id");
		e = SCN_FAIL(c, "duplicate id '%s' (also ble[%zu])", q->id,
		    p->index);
		scn_pop(c, old);
	}
	for (i = 1; i < s->nble && e == LS_OK; i++) {
		const struct scn_ble *p = &s->ble[byaddr[i - 1]];
		const struct scn_ble *q = &s->ble[byaddr[i]];

		if (p->addr_type != q->addr_type ||
		    memcmp(p->addr, q->addr, 6) != 0)
			continue;
		old = scn_push_key(c, "ble");
		scn_push_idx(c, q->index);
		scn_push_key(c, "address");
		e = SCN_FAIL(c, "%s (%s) is also the address of ble[%zu]",
		    hex_addr_str(q->addr, a), q->addr_type == SCN_ADDR_RANDOM ?
		    "random" : "public", p->index);
		scn_pop(c, old);
	}
	free(byaddr);
	return e;
}

static enum ls_err
scn_ble_all(struct scn_ctx *c, const cJSON *a)
{
	struct scn	*s = c->s;
	const cJSON	*o;
	size_t		 n, i, old;
	enum ls_err	 e;

	if (a == NULL)
		return LS_OK;
	old = scn_push_key(c, "ble");
	if ((e = scn_array(c, a, SCN_MAX_BLE, &n)) != LS_OK)
		return e;
	if (n > 0 && (s->ble = calloc(n, sizeof *s->ble)) == NULL)
		return scn_nomem(c);
	for (i = 0, o = a->child; o != NULL; i++, o = o->next) {
		size_t	old2 = scn_push_idx(c, i);

		s->ble[i].index = i;
		s->nble = i + 1;
		if ((e = scn_device(c, &s->ble[i], o)) != LS_OK)
			return e;
		scn_pop(c, old2);
	}
	scn_pop(c, old);
	return scn_ble_unique(c);
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
	uint8_t		b[10];
	size_t		len, old, i, want;
	enum ls_err	e = LS_OK;
	bool		present;

	for (i = 0; i < na; i++)
		if (cJSON_GetObjectItemCaseSensitive(o, a_only[i]) != NULL)
			return SCN_FAIL(c, "'%s' is for technology nfc-a",
			    a_only[i]);
	want = t->tech == SCN_TECH_FELICA ? 8 : 4;
	if ((e = scn_hexexact(c, o, "uid", b, 10, &len)) != LS_OK)
		return e;
	old = scn_push_key(c, "uid");
	if (len != want)
		e = SCN_FAIL(c, "want %zu bytes for %s, not %zu", want,
		    t->tech == SCN_TECH_FELICA ? "felica (IDm)" :
		    "nfc-b (PUPI)", len);
	scn_pop(c, old);
	if (e != LS_OK)
		return e;
	memcpy(t->uid, b, len);
	t->uid_len = (uint8_t)len;
	if (t->tech == SCN_TECH_NFC_B) {
		if (cJSON_GetObjectItemCaseSensitive(o, "pmm") != NULL ||
		    cJSON_GetObjectItemCaseSensitive(o, "system_code") != NULL)
			return SCN_FAIL(c, "'pmm' and 'system_code' are for "
			    "technology felica");
		return LS_OK;
	}
	if ((e = scn_hexfix(c, o, "pmm", t->pmm, 8, &len, &present)) !=
	    LS_OK)
		return e;
	old = scn_push_key(c, "pmm");
	if (present && len != 8)
		e = SCN_FAIL(c, "want 8 bytes, not %zu", len);
	scn_pop(c, old);
	if (e != LS_OK)
		return e;
	if ((e = scn_hexfix(c, o, "system_code", t->system_code, 2, &len,
	    &t->has_system_code)) != LS_OK)
		return e;
	old = scn_push_key(c, "system_code");
	if (t->has_system_code && len != 2)
		e = SCN_FAIL(c, "want 2 bytes, not %zu", len);
	scn_pop(c, old);
	return e;
}

static enum ls_err
scn_tag(struct scn_ctx *c, struct scn_nfc *t, const cJSON *o)
{
	static const char *const keys[] = {
		"id", "atqa", "sak", "uid", "ats", "pages", "get_version",
		"aliro", "technology", "pmm", "system_code", NULL
	};
	static const char *const techs[] = { "nfc-a", "nfc-b", "felica" };
	static const char *const a_only[] = {
		"atqa", "sak", "ats", "pages", "get_version", "aliro"
	};
	const cJSON	*v;
	const char	*s;
	char		 q[80];
	uint8_t		 b[10];
	size_t		 len, old, i;
	enum ls_err	 e = LS_OK;
	int		 tech;

	/* id and uid always; atqa and sak for nfc-a (checked below). */
	if ((e = scn_object(c, o, keys, 0x09)) != LS_OK ||
	    (e = scn_str(c, o, "id", &s)) != LS_OK)
		return e;
	if (!scn_id_ok(s)) {
		old = scn_push_key(c, "id");
		e = SCN_FAIL(c, "bad id '%s' (want 1-%d of A-Z a-z 0-9 . _ -)",
		    scn_q(s, q), SCN_ID_MAX);
		scn_pop(c, old);
		return e;
	}
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
			return SCN_FAIL(c, "missing key '%s'", a_only[i]);
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "pmm")) != NULL ||
	    (v = cJSON_GetObjectItemCaseSensitive(o, "system_code")) != NULL)
		return SCN_FAIL(c, "'%s' is for technology felica", v->string);
	if ((e = scn_hexexact(c, o, "atqa", b, 2, &len)) != LS_OK)
		return e;
	old = scn_push_key(c, "atqa");
	if (len != 2)
		e = SCN_FAIL(c, "want 2 bytes, not %zu", len);
	scn_pop(c, old);
	if (e != LS_OK)
		return e;
	memcpy(t->atqa, b, 2);
	if ((e = scn_hexexact(c, o, "sak", b, 1, &len)) != LS_OK)
		return e;
	old = scn_push_key(c, "sak");
	if (len != 1)
		e = SCN_FAIL(c, "want 1 byte, not %zu", len);
	scn_pop(c, old);
	if (e != LS_OK)
		return e;
	t->sak = b[0];
	if ((e = scn_hexexact(c, o, "uid", b, 10, &len)) != LS_OK)
		return e;
	old = scn_push_key(c, "uid");
	if (len != 4 && len != 7 && len != 10)
		e = SCN_FAIL(c, "want 4, 7 or 10 bytes, not %zu", len);
	scn_pop(c, old);
	if (e != LS_OK)
		return e;
	memcpy(t->uid, b, len);
	t->uid_len = (uint8_t)len;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "ats")) != NULL &&
	    !cJSON_IsNull(v)) {
		if ((e = scn_hexexact(c, o, "ats", t->ats, SCN_ATS_MAX,
		    &len)) != LS_OK)
			return e;
		old = scn_push_key(c, "ats");
		if (len == 0)
			e = SCN_FAIL(c, "empty (use null for no ATS)");
		scn_pop(c, old);
		if (e != LS_OK)
			return e;
		t->has_ats = true;
		t->ats_len = (uint8_t)len;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "pages")) != NULL) {
		old = scn_push_key(c, "pages");
		e = scn_hexval(c, v, SCN_PAGES_MAX, &t->pages, &t->pages_len);
		if (e == LS_OK && t->pages_len % 4 != 0)
			e = SCN_FAIL(c, "%zu bytes is not a whole number of "
			    "4-byte pages", t->pages_len);
		if (e != LS_OK)
			return e;
		scn_pop(c, old);
	}
	if ((e = scn_hexexact(c, o, "get_version", t->version,
	    SCN_VERSION_MAX, &len)) != LS_OK)
		return e;
	old = scn_push_key(c, "get_version");
	if (cJSON_GetObjectItemCaseSensitive(o, "get_version") != NULL &&
	    len != 7 && len != 8)
		e = SCN_FAIL(c, "want 7 or 8 bytes, not %zu", len);
	scn_pop(c, old);
	if (e != LS_OK)
		return e;
	t->version_len = (uint8_t)len;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "aliro")) != NULL) {
		old = scn_push_key(c, "aliro");
		if (!cJSON_IsBool(v))
			e = SCN_FAIL(c, "not true or false");
		scn_pop(c, old);
		if (e != LS_OK)
			return e;
		t->aliro = cJSON_IsTrue(v);
	}
	return LS_OK;
}

static enum ls_err
scn_nfc_all(struct scn_ctx *c, const cJSON *a)
{
	struct scn		*s = c->s;
	const struct scn_ble	*b;
	const cJSON		*o;
	size_t			 n, i, j, old, old2;
	enum ls_err		 e;

	if (a == NULL)
		return LS_OK;
	old = scn_push_key(c, "nfc");
	if ((e = scn_array(c, a, SCN_MAX_NFC, &n)) != LS_OK)
		return e;
	if (n > 0 && (s->nfc = calloc(n, sizeof *s->nfc)) == NULL)
		return scn_nomem(c);
	for (i = 0, o = a->child; o != NULL; i++, o = o->next) {
		old2 = scn_push_idx(c, i);
		s->nfc[i].index = i;
		s->nnfc = i + 1;
		if ((e = scn_tag(c, &s->nfc[i], o)) != LS_OK)
			return e;
		scn_push_key(c, "id");
		if ((b = scn_ble_find(s, s->nfc[i].id)) != NULL)
			return SCN_FAIL(c, "duplicate id '%s' (also ble[%zu])",
			    b->id, b->index);
		/* Tags are few (capped), so a quadratic check is fine. */
		for (j = 0; j < i; j++)
			if (strcmp(s->nfc[j].id, s->nfc[i].id) == 0)
				return SCN_FAIL(c, "duplicate id '%s' (also "
				    "nfc[%zu])", s->nfc[i].id, j);
		scn_pop(c, old2);
	}
	scn_pop(c, old);
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
	static const char *const keys[] = {
		"at_ms", "device", "state", NULL
	};
	struct scn		*s = c->s;
	const struct scn_ble	*b;
	const cJSON		*o;
	const char		*dev, *st;
	char			 q[80], q2[80];
	size_t			 n, i, j, old, old2, *pos;
	long			 at, k;
	enum ls_err		 e;

	if (a == NULL)
		return LS_OK;
	old = scn_push_key(c, "timeline");
	if ((e = scn_array(c, a, SCN_MAX_TIMELINE, &n)) != LS_OK)
		return e;
	if (n == 0)
		return LS_OK;
	if ((s->timeline = calloc(n, sizeof *s->timeline)) == NULL ||
	    (pos = calloc(n, sizeof *pos)) == NULL)
		return scn_nomem(c);
	for (i = 0, o = a->child; o != NULL; i++, o = o->next) {
		old2 = scn_push_idx(c, i);
		if ((e = scn_object(c, o, keys, 7)) != LS_OK ||
		    (e = scn_int(c, o, "at_ms", 0, SCN_AT_MS_MAX, 0,
		    &at)) != LS_OK ||
		    (e = scn_str(c, o, "device", &dev)) != LS_OK ||
		    (e = scn_str(c, o, "state", &st)) != LS_OK)
			goto out;
		if ((b = scn_ble_find(s, dev)) == NULL) {
			scn_push_key(c, "device");
			for (j = 0; j < s->nnfc; j++)
				if (strcmp(s->nfc[j].id, dev) == 0)
					break;
			if (j < s->nnfc)
				e = SCN_FAIL(c, "'%s' is an NFC tag; the "
				    "timeline switches BLE devices only",
				    scn_q(dev, q));
			else
				e = SCN_FAIL(c, "unknown device '%s'",
				    scn_q(dev, q));
			goto out;
		}
		if ((k = scn_state_find(b, st)) < 0) {
			scn_push_key(c, "state");
			e = SCN_FAIL(c, "device '%s' has no state '%s'",
			    b->id, scn_q(st, q2));
			goto out;
		}
		s->timeline[i].at_ms = (uint32_t)at;
		s->timeline[i].dev = b->index;
		s->timeline[i].state = i;	/* file order, for the sort */
		pos[i] = (size_t)k;
		scn_pop(c, old2);
	}
	s->ntimeline = n;
	qsort(s->timeline, n, sizeof *s->timeline, scn_cmp_event);
	for (i = 0; i < n; i++)
		s->timeline[i].state = pos[s->timeline[i].state];
	scn_pop(c, old);
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

static void
scn_linecol(const char *s, size_t off, size_t *line, size_t *col)
{
	size_t	i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else
			(*col)++;
	}
}

static enum ls_err
scn_top(struct scn_ctx *c, const cJSON *root)
{
	static const char *const keys[] = {
		"scenario", "name", "ble", "nfc", "timeline", NULL
	};
	const cJSON	*ver;
	const char	*name;
	enum ls_err	 e;
	size_t		 old;

	if (!cJSON_IsObject(root))
		return SCN_FAIL(c, "not a JSON object");
	if ((e = scn_object(c, root, keys, 1)) != LS_OK)
		return e;
	ver = cJSON_GetObjectItemCaseSensitive(root, "scenario");
	if (!cJSON_IsNumber(ver) || ver->valuedouble != 1) {
		old = scn_push_key(c, "scenario");
		if (cJSON_IsNumber(ver))
			e = SCN_FAIL(c, "unsupported scenario version %.15g "
			    "(want 1)", ver->valuedouble);
		else
			e = SCN_FAIL(c, "not an integer (want 1)");
		scn_pop(c, old);
		return e;
	}
	if ((e = scn_str(c, root, "name", &name)) != LS_OK)
		return e;
	if (name != NULL && strlen(name) > SCN_NAME_MAX) {
		old = scn_push_key(c, "name");
		e = SCN_FAIL(c, "longer than %d bytes", SCN_NAME_MAX);
		scn_pop(c, old);
		return e;
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
	const char	*end = NULL, *nul;
	cJSON		*root;
	char		*buf;
	size_t		 line, col;
	long		 bad;
	enum ls_err	 e;

	*out = NULL;
	memset(&c, 0, sizeof c);
	c.name = name;
	c.eb = eb;
	if (len > SCN_FILE_MAX)
		return SCN_FAIL(&c, "file is larger than %u bytes",
		    SCN_FILE_MAX);
	if ((nul = memchr(text, '\0', len)) != NULL) {
		scn_linecol(text, (size_t)(nul - text), &line, &col);
		return SCN_FAIL(&c, "line %zu, column %zu: NUL byte", line, col);
	}
	if ((buf = malloc(len + 1)) == NULL)
		return scn_nomem(&c);
	memcpy(buf, text, len);
	buf[len] = '\0';
	if ((bad = scn_strip_comments(buf, len)) >= 0) {
		scn_linecol(text, (size_t)bad, &line, &col);
		free(buf);
		return SCN_FAIL(&c, "line %zu, column %zu: unterminated "
		    "comment", line, col);
	}
	root = cJSON_ParseWithOpts(buf, &end, 1);
	if (root == NULL) {
		if (end == NULL || end < buf || end > buf + len)
			end = buf + len;
		scn_linecol(buf, (size_t)(end - buf), &line, &col);
		free(buf);
		return SCN_FAIL(&c, "line %zu, column %zu: JSON syntax error",
		    line, col);
	}
	free(buf);
	if ((c.s = calloc(1, sizeof *c.s)) == NULL) {
		cJSON_Delete(root);
		return scn_nomem(&c);
	}
	e = scn_top(&c, root);
	cJSON_Delete(root);
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
