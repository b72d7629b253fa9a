/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * records.c - the service records (records.h): the schema and its
 * migrations, a verified report into rows, the queries, the trust list
 * and push from one database to another.
 *
 * Every statement is a constant below, prepared once when the database
 * is opened; what comes from a report or a command line only ever
 * reaches the database as a parameter.  Times are kept as the reports
 * write them (RFC 3339, UTC), so text order is time order.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "records/records.h"
#include "records/store.h"
#include "util/hex.h"

/*
 * The schema, one entry per version: migrating from version n runs
 * every entry after n in order, each in the transaction that also
 * records the new version.  Add a version; never change one that
 * shipped.  Types are those both backends take: TEXT, BIGINT, DOUBLE
 * PRECISION; truth values are the text "true" or "false".
 */
static const char *const records_migrations[] = {
	/* 1: the first schema. */
	"CREATE TABLE reports ("
	"  digest TEXT PRIMARY KEY,"
	"  report TEXT NOT NULL,"
	"  signer_key TEXT,"
	"  signer_fpr TEXT,"
	"  added TEXT NOT NULL);"
	"CREATE TABLE visits ("
	"  digest TEXT PRIMARY KEY REFERENCES reports(digest),"
	"  visit_id TEXT, started TEXT, finished TEXT, technician TEXT,"
	"  site TEXT, work_order TEXT, symptoms TEXT,"
	"  ownership_verified TEXT, ownership_method TEXT,"
	"  outcome TEXT, outcome_text TEXT, remedy TEXT,"
	"  codes_active BIGINT, battery_replaced TEXT);"
	"CREATE INDEX visits_site ON visits(site, started);"
	"CREATE INDEX visits_technician ON visits(technician, started);"
	"CREATE INDEX visits_started ON visits(started);"
	"CREATE TABLE devices ("
	"  digest TEXT NOT NULL REFERENCES reports(digest),"
	"  ord BIGINT NOT NULL,"
	"  lock_id TEXT NOT NULL, id_basis TEXT NOT NULL, id_note TEXT,"
	"  address TEXT, address_type TEXT, name TEXT, family TEXT,"
	"  vendor TEXT, model TEXT, profile TEXT, serial TEXT,"
	"  battery_percent_before BIGINT,"
	"  battery_volts_before DOUBLE PRECISION,"
	"  battery_percent_after BIGINT,"
	"  battery_volts_after DOUBLE PRECISION,"
	"  firmware_before TEXT, firmware_after TEXT, clock_skew_s BIGINT,"
	"  pairing_before TEXT, pairing_after TEXT,"
	"  PRIMARY KEY (digest, ord));"
	"CREATE INDEX devices_lock ON devices(lock_id);"
	"CREATE INDEX devices_address ON devices(address);"
	"CREATE INDEX devices_serial ON devices(serial);"
	"CREATE TABLE readings ("
	"  digest TEXT NOT NULL REFERENCES reports(digest),"
	"  device_ord BIGINT NOT NULL, phase TEXT NOT NULL,"
	"  name TEXT NOT NULL, value TEXT, value_type TEXT,"
	"  provenance TEXT, source TEXT, at TEXT, reason TEXT,"
	"  PRIMARY KEY (digest, device_ord, phase, name));"
	"CREATE TABLE steps ("
	"  digest TEXT NOT NULL REFERENCES reports(digest),"
	"  ord BIGINT NOT NULL, step_id TEXT, phase TEXT, title TEXT,"
	"  status TEXT, state TEXT, started TEXT, finished TEXT, note TEXT,"
	"  PRIMARY KEY (digest, ord));"
	"CREATE TABLE remedies ("
	"  digest TEXT PRIMARY KEY REFERENCES reports(digest),"
	"  remedy_id TEXT, advised TEXT, chosen_by TEXT, reason TEXT,"
	"  chosen TEXT, battery_replaced TEXT);"
	"CREATE TABLE credential_counts ("
	"  digest TEXT NOT NULL REFERENCES reports(digest),"
	"  source TEXT NOT NULL, name TEXT NOT NULL, value BIGINT,"
	"  PRIMARY KEY (digest, source, name));"
	"CREATE TABLE trust ("
	"  public_key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,"
	"  added TEXT NOT NULL);"
	"INSERT INTO meta(name, value) VALUES ('application', "
	"  'lockscope-records');",
};
#define RECORDS_NMIGRATIONS \
	(int)(sizeof records_migrations / sizeof records_migrations[0])

/* The statements, prepared at open. */
enum records_stmt {
	RS_INS_REPORT, RS_INS_VISIT, RS_INS_DEVICE, RS_INS_READING,
	RS_INS_STEP, RS_INS_REMEDY, RS_INS_COUNT, RS_HAS, RS_DIGESTS,
	RS_REPORT, RS_LIST, RS_LIST_SITE, RS_LIST_LOCK, RS_TRUST_ADD,
	RS_TRUST_DEL, RS_TRUST_LIST,
	RS_COUNT
};

/*
 * The visits query, columns in the order of enum records_col.  Three
 * constant forms of the same question, so that each database can use
 * an index: any filter, a site given, a lock given (the lock's devices
 * first).  All take the same 14 parameters.
 */
#define RECORDS_LIST_COLS \
	"SELECT v.digest, v.visit_id, v.started, v.finished, v.site," \
	" v.technician, v.work_order, v.outcome, v.remedy," \
	" r.signer_fpr," \
	" CASE WHEN r.signer_key IS NULL THEN 'unsigned'" \
	"  WHEN t.public_key IS NULL THEN 'untrusted'" \
	"  ELSE 'trusted' END," \
	" d.lock_id, d.id_basis, d.id_note, d.address, d.address_type," \
	" d.family, d.vendor, d.model, d.serial," \
	" d.battery_percent_before, d.battery_volts_before," \
	" d.battery_percent_after, d.battery_volts_after," \
	" d.firmware_before, d.firmware_after, d.clock_skew_s," \
	" d.pairing_before, d.pairing_after, v.codes_active," \
	" v.battery_replaced"
#define RECORDS_LIST_ALL \
	" FROM visits v JOIN reports r ON r.digest = v.digest" \
	" LEFT JOIN devices d ON d.digest = v.digest" \
	" LEFT JOIN trust t ON t.public_key = r.signer_key"
#define RECORDS_LIST_LOCK \
	" FROM devices d JOIN visits v ON v.digest = d.digest" \
	" JOIN reports r ON r.digest = v.digest" \
	" LEFT JOIN trust t ON t.public_key = r.signer_key"
#define RECORDS_LIST_REST \
	" AND (CAST(? AS TEXT) IS NULL OR v.technician = ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR v.started >= ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR v.started <= ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR v.outcome = ?)" \
	" ORDER BY v.started, v.digest, d.ord"

static const char *const records_sql[RS_COUNT] = {
	[RS_INS_REPORT] =
	    "INSERT INTO reports (digest, report, signer_key, signer_fpr,"
	    " added) VALUES (?, ?, ?, ?, ?)"
	    " ON CONFLICT (digest) DO NOTHING RETURNING digest",
	[RS_INS_VISIT] =
	    "INSERT INTO visits (digest, visit_id, started, finished,"
	    " technician, site, work_order, symptoms, ownership_verified,"
	    " ownership_method, outcome, outcome_text, remedy, codes_active,"
	    " battery_replaced)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[RS_INS_DEVICE] =
	    "INSERT INTO devices (digest, ord, lock_id, id_basis, id_note,"
	    " address, address_type, name, family, vendor, model, profile,"
	    " serial, battery_percent_before, battery_volts_before,"
	    " battery_percent_after, battery_volts_after, firmware_before,"
	    " firmware_after, clock_skew_s, pairing_before, pairing_after)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?, ?, ?)",
	[RS_INS_READING] =
	    "INSERT INTO readings (digest, device_ord, phase, name, value,"
	    " value_type, provenance, source, at, reason)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT (digest, device_ord, phase, name) DO NOTHING",
	[RS_INS_STEP] =
	    "INSERT INTO steps (digest, ord, step_id, phase, title, status,"
	    " state, started, finished, note)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[RS_INS_REMEDY] =
	    "INSERT INTO remedies (digest, remedy_id, advised, chosen_by,"
	    " reason, chosen, battery_replaced)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)",
	[RS_INS_COUNT] =
	    "INSERT INTO credential_counts (digest, source, name, value)"
	    " VALUES (?, ?, ?, ?)"
	    " ON CONFLICT (digest, source, name) DO NOTHING",
	[RS_HAS] = "SELECT 1 FROM reports WHERE digest = ?",
	[RS_DIGESTS] =
	    "SELECT r.digest FROM reports r LEFT JOIN visits v"
	    " ON v.digest = r.digest ORDER BY v.started, r.digest",
	[RS_REPORT] = "SELECT report FROM reports WHERE digest = ?",
	[RS_LIST] = RECORDS_LIST_COLS RECORDS_LIST_ALL
	    " WHERE (CAST(? AS TEXT) IS NULL OR v.site = ?)"
	    " AND (CAST(? AS TEXT) IS NULL OR d.lock_id = ?"
	    "  OR d.address = UPPER(?) OR d.serial = ?)"
	    RECORDS_LIST_REST,
	[RS_LIST_SITE] = RECORDS_LIST_COLS RECORDS_LIST_ALL
	    " WHERE v.site = ? AND v.site = ?"
	    " AND (CAST(? AS TEXT) IS NULL OR d.lock_id = ?"
	    "  OR d.address = UPPER(?) OR d.serial = ?)"
	    RECORDS_LIST_REST,
	[RS_LIST_LOCK] = RECORDS_LIST_COLS RECORDS_LIST_LOCK
	    " WHERE (CAST(? AS TEXT) IS NULL OR v.site = ?)"
	    " AND CAST(? AS TEXT) IS NOT NULL AND (d.lock_id = ?"
	    "  OR d.address = UPPER(?) OR d.serial = ?)"
	    RECORDS_LIST_REST,
	[RS_TRUST_ADD] =
	    "INSERT INTO trust (public_key, fingerprint, added)"
	    " VALUES (?, ?, ?) ON CONFLICT (public_key) DO NOTHING",
	[RS_TRUST_DEL] =
	    "DELETE FROM trust WHERE public_key = ? RETURNING public_key",
	[RS_TRUST_LIST] =
	    "SELECT public_key, fingerprint, added FROM trust"
	    " ORDER BY added, public_key",
};

static const char *const records_col_names[RC_COUNT] = {
	[RC_DIGEST] = "digest", [RC_VISIT_ID] = "visit_id",
	[RC_STARTED] = "started", [RC_FINISHED] = "finished",
	[RC_SITE] = "site", [RC_TECHNICIAN] = "technician",
	[RC_WORK_ORDER] = "work_order", [RC_OUTCOME] = "outcome",
	[RC_REMEDY] = "remedy", [RC_SIGNER] = "signer",
	[RC_TRUST] = "trust", [RC_LOCK_ID] = "lock_id",
	[RC_ID_BASIS] = "id_basis", [RC_ID_NOTE] = "id_note",
	[RC_ADDRESS] = "address", [RC_ADDRESS_TYPE] = "address_type",
	[RC_FAMILY] = "family", [RC_VENDOR] = "vendor",
	[RC_MODEL] = "model", [RC_SERIAL] = "serial",
	[RC_BATTERY_PERCENT_BEFORE] = "battery_percent_before",
	[RC_BATTERY_VOLTS_BEFORE] = "battery_volts_before",
	[RC_BATTERY_PERCENT_AFTER] = "battery_percent_after",
	[RC_BATTERY_VOLTS_AFTER] = "battery_volts_after",
	[RC_FIRMWARE_BEFORE] = "firmware_before",
	[RC_FIRMWARE_AFTER] = "firmware_after",
	[RC_CLOCK_SKEW_S] = "clock_skew_s",
	[RC_PAIRING_BEFORE] = "pairing_before",
	[RC_PAIRING_AFTER] = "pairing_after",
	[RC_CODES_ACTIVE] = "codes_active",
	[RC_BATTERY_REPLACED] = "battery_replaced",
};

struct records {
	struct store		*db;
	struct store_stmt	*st[RS_COUNT];
	int			 version;
};

const char *
records_col_name(enum records_col c)
{
	return c < RC_COUNT ? records_col_names[c] : "?";
}

/* Now as RFC 3339 UTC, seconds. */
static void
records_now(char out[32])
{
	time_t		t = time(NULL);
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Statement s, prepared on first use (one round trip each to a server). */
static enum ls_err
records_stmt(struct records *r, enum records_stmt s, struct store_stmt **out,
    struct ls_errbuf *eb)
{
	enum ls_err	e;

	if (r->st[s] == NULL &&
	    (e = store_prepare(r->db, records_sql[s], &r->st[s], eb)) != LS_OK)
		return e;
	*out = r->st[s];
	return LS_OK;
}

/* Run statement s; rows are dropped.  *row (may be NULL): one came. */
static enum ls_err
records_run(struct records *r, enum records_stmt s, int n,
    const char *const *p, bool *row, struct ls_errbuf *eb)
{
	struct store_stmt	*st;
	enum ls_err		 e;
	bool			 got = false;

	if ((e = records_stmt(r, s, &st, eb)) != LS_OK)
		return e;
	e = store_run(st, n, p, eb);
	if (e == LS_OK)
		e = store_next(st, &got, eb);
	store_done(st);
	if (row != NULL)
		*row = got;
	return e;
}

/* A schema version as meta holds it: decimal, 1..INT_MAX. */
static bool
records_version_parse(const char *s, int *out)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n < 1 || n > INT_MAX)
		return false;
	*out = (int)n;
	return true;
}

/* The schema version recorded in meta (0: a new database, -1: one that
   is not a number). */
static enum ls_err
records_read_version(struct records *r, int *version, bool *ours,
    struct ls_errbuf *eb)
{
	struct store_stmt	*st;
	const char		*name, *value;
	enum ls_err		 e;
	bool			 row;

	*version = 0;
	*ours = false;
	if ((e = store_prepare(r->db, "SELECT name, value FROM meta",
	    &st, eb)) != LS_OK)
		return e;
	if ((e = store_run(st, 0, NULL, eb)) == LS_OK) {
		while ((e = store_next(st, &row, eb)) == LS_OK && row) {
			name = store_column(st, 0);
			value = store_column(st, 1);
			if (name == NULL || value == NULL)
				continue;
			if (strcmp(name, "schema_version") == 0 &&
			    !records_version_parse(value, version))
				*version = -1;
			else if (strcmp(name, "application") == 0)
				*ours = strcmp(value, RECORDS_APPLICATION) == 0;
		}
	}
	store_done(st);
	store_finalize(st);
	return e;
}

/* Bring the schema to RECORDS_SCHEMA_VERSION, or refuse a newer one. */
static enum ls_err
records_migrate(struct records *r, struct ls_errbuf *eb)
{
	struct store_stmt	*st = NULL;
	enum ls_err		 e;
	char			 num[16];
	const char		*p[2];
	bool			 ours;
	int			 v;

	/* The usual case, current: read only, no write lock taken. */
	if (records_read_version(r, &v, &ours, NULL) == LS_OK &&
	    v == RECORDS_SCHEMA_VERSION && ours) {
		r->version = v;
		return LS_OK;
	}
	if ((e = store_begin_schema(r->db, eb)) != LS_OK)
		return e;
	e = store_exec(r->db, "CREATE TABLE IF NOT EXISTS meta ("
	    " name TEXT PRIMARY KEY, value TEXT NOT NULL)", eb);
	if (e == LS_OK)
		e = records_read_version(r, &v, &ours, eb);
	if (e != LS_OK)
		goto fail;
	if (v < 0) {
		e = ls_err_set(eb, LS_EINPUT, "records database schema "
		    "version is not a number: a damaged meta table");
		goto fail;
	}
	if (v > RECORDS_SCHEMA_VERSION) {
		e = ls_err_set(eb, LS_EINPUT, "records database schema "
		    "version %d is newer than this lockscope knows (%d): "
		    "use a newer lockscope", v, RECORDS_SCHEMA_VERSION);
		goto fail;
	}
	if (v > 0 && !ours) {
		e = ls_err_set(eb, LS_EINPUT, "not a lockscope records "
		    "database (no application mark)");
		goto fail;
	}
	if (v == RECORDS_SCHEMA_VERSION) {
		r->version = v;
		return store_exec(r->db, "COMMIT", eb);
	}
	for (; v < RECORDS_NMIGRATIONS; v++)
		if ((e = store_exec(r->db, records_migrations[v], eb)) !=
		    LS_OK)
			goto fail;
	snprintf(num, sizeof num, "%d", v);
	p[0] = "schema_version";
	p[1] = num;
	e = store_prepare(r->db, "INSERT INTO meta (name, value) VALUES"
	    " (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
	    &st, eb);
	if (e == LS_OK)
		e = store_run(st, 2, p, eb);
	if (st != NULL)
		store_done(st);
	store_finalize(st);
	if (e != LS_OK)
		goto fail;
	r->version = v;
	return store_exec(r->db, "COMMIT", eb);
fail:
	store_exec(r->db, "ROLLBACK", NULL);
	return e;
}

enum ls_err
records_open(const char *target, struct records **out, struct ls_errbuf *eb)
{
	struct records	*r;
	enum ls_err	 e;

	*out = NULL;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	if ((e = store_open(target, &r->db, eb)) != LS_OK)
		goto fail;
	if ((e = records_migrate(r, eb)) != LS_OK)
		goto fail;
	*out = r;
	return LS_OK;
fail:
	records_close(r);
	return e;
}

void
records_close(struct records *r)
{
	int	i;

	if (r == NULL)
		return;
	for (i = 0; i < RS_COUNT; i++)
		store_finalize(r->st[i]);
	store_close(r->db);
	free(r);
}

const char *
records_backend(const struct records *r)
{
	return store_backend(r->db);
}

int
records_schema_version(const struct records *r)
{
	return r->version;
}

/* ---- a report into rows ---------------------------------------------- */

/* A JSON scalar as text into buf (NULL for null, objects, arrays). */
static const char *
records_text(const cJSON *it, char *buf, size_t cap)
{
	if (cJSON_IsString(it))
		return it->valuestring;
	if (cJSON_IsNumber(it))
		return report_number(it->valuedouble, buf, cap) ? buf : NULL;
	if (cJSON_IsBool(it))
		return cJSON_IsTrue(it) ? "true" : "false";
	return NULL;
}

/* A JSON number that is a whole number, as text (else NULL). */
static const char *
records_int(const cJSON *it, char *buf, size_t cap)
{
	double	d;

	if (!cJSON_IsNumber(it))
		return NULL;
	d = it->valuedouble;
	if (d != d || d < -9.0e15 || d > 9.0e15 || d != (double)(long long)d)
		return NULL;
	snprintf(buf, cap, "%lld", (long long)d);
	return buf;
}

static const cJSON *
records_get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

static const char *
records_str(const cJSON *o, const char *k)
{
	const cJSON	*it = records_get(o, k);

	return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* The value of reading name in the readings object rs. */
static const cJSON *
records_reading(const cJSON *rs, const char *name)
{
	return records_get(records_get(rs, name), "value");
}

/* Names of counts (lockscope-report(5) Readings): the last word. */
static bool
records_is_count(const char *name)
{
	static const char *const tails[] = { "count", "slots", "active",
	    "removed", "used" };
	const char	*u = strrchr(name, '_');
	size_t		 i;

	u = u != NULL ? u + 1 : name;
	for (i = 0; i < sizeof tails / sizeof tails[0]; i++)
		if (strcmp(u, tails[i]) == 0)
			return true;
	return false;
}

void
records_lock_id(const cJSON *dev, char *id, const char **basis,
    const char **note)
{
	const char	*serial, *family, *model, *addr, *uid, *at;
	char		 m[96];
	size_t		 i, k;

	if (note != NULL)
		*note = NULL;
	uid = records_str(dev, "uid_sha256");
	serial = records_str(dev, "serial");
	if (serial == NULL && cJSON_IsString(records_reading(records_get(dev,
	    "readings_before"), "serial")))
		serial = records_reading(records_get(dev, "readings_before"),
		    "serial")->valuestring;
	if (serial == NULL && cJSON_IsString(records_reading(records_get(dev,
	    "readings_after"), "serial")))
		serial = records_reading(records_get(dev, "readings_after"),
		    "serial")->valuestring;
	if (uid != NULL) {
		snprintf(id, RECORDS_LOCK_ID_MAX, "nfc:%s", uid);
		*basis = "nfc";
		return;
	}
	family = records_str(dev, "family");
	if (serial != NULL && *serial != '\0') {
		snprintf(id, RECORDS_LOCK_ID_MAX, "serial:%s:%s",
		    family != NULL ? family : "unknown", serial);
		*basis = "serial";
		return;
	}
	model = records_str(dev, "model");
	addr = records_str(dev, "address");
	at = records_str(dev, "address_type");
	/* The model in one word: lower case, runs of others as "-". */
	for (i = k = 0; model != NULL && model[i] != '\0' &&
	    k + 1 < sizeof m; i++) {
		unsigned char	c = (unsigned char)model[i];

		if (isalnum(c) || c == '.')
			m[k++] = (char)tolower(c);
		else if (k > 0 && m[k - 1] != '-')
			m[k++] = '-';
	}
	while (k > 0 && m[k - 1] == '-')
		k--;
	m[k] = '\0';
	snprintf(id, RECORDS_LOCK_ID_MAX, "ble:%s:%s:%s",
	    family != NULL ? family : "unknown", k > 0 ? m : "unknown",
	    addr != NULL ? addr : "unknown");
	*basis = "address";
	if (note != NULL && at != NULL && strcmp(at, "random") == 0)
		*note = "random address: it may change, and the lock "
		    "then shows under a new id";
}

static enum ls_err
records_add_readings(struct records *r, const char *digest,
    const char *ord, const char *phase, const char *source, const cJSON *rs,
    struct ls_errbuf *eb)
{
	const cJSON	*it;
	const char	*p[10];
	char		 num[40], cnt[32];
	enum ls_err	 e;

	cJSON_ArrayForEach(it, rs) {
		const cJSON	*v = records_get(it, "value");

		p[0] = digest;
		p[1] = ord;
		p[2] = phase;
		p[3] = it->string;
		p[4] = records_text(v, num, sizeof num);
		p[5] = cJSON_IsString(v) ? "string" : cJSON_IsNumber(v) ?
		    "number" : cJSON_IsBool(v) ? "bool" : "null";
		p[6] = records_str(it, "provenance");
		p[7] = records_str(it, "source");
		p[8] = records_str(it, "at");
		p[9] = records_str(it, "reason");
		if ((e = records_run(r, RS_INS_READING, 10, p, NULL, eb)) !=
		    LS_OK)
			return e;
		if (!records_is_count(it->string) ||
		    records_int(v, cnt, sizeof cnt) == NULL)
			continue;
		p[1] = source;
		p[2] = it->string;
		p[3] = cnt;
		if ((e = records_run(r, RS_INS_COUNT, 4, p, NULL, eb)) !=
		    LS_OK)
			return e;
	}
	return LS_OK;
}

static enum ls_err
records_add_device(struct records *r, const char *digest, int i,
    const cJSON *dev, struct ls_errbuf *eb)
{
	const cJSON	*rb = records_get(dev, "readings_before");
	const cJSON	*ra = records_get(dev, "readings_after");
	const cJSON	*bb = records_get(dev, "battery_before");
	const cJSON	*pb, *vb;
	char		 ord[16], id[RECORDS_LOCK_ID_MAX];
	char		 n[6][40];
	const char	*p[22], *basis, *note;
	char		 src[2][32];
	enum ls_err	 e;

	snprintf(ord, sizeof ord, "%d", i);
	records_lock_id(dev, id, &basis, &note);
	pb = records_get(bb, "percent");
	vb = records_get(bb, "volts");
	if (!cJSON_IsNumber(pb))
		pb = records_reading(rb, "battery_percent");
	if (!cJSON_IsNumber(vb))
		vb = records_reading(rb, "battery_volts");
	p[0] = digest;
	p[1] = ord;
	p[2] = id;
	p[3] = basis;
	p[4] = note;
	p[5] = records_str(dev, "address");
	p[6] = records_str(dev, "address_type");
	p[7] = records_str(dev, "name");
	p[8] = records_str(dev, "family");
	p[9] = records_str(dev, "vendor");
	p[10] = records_str(dev, "model");
	p[11] = records_str(dev, "profile");
	p[12] = strcmp(basis, "serial") == 0 ? strchr(strchr(id, ':') + 1,
	    ':') + 1 : NULL;
	p[13] = records_int(pb, n[0], sizeof n[0]);
	p[14] = cJSON_IsNumber(vb) ? records_text(vb, n[1], sizeof n[1]) :
	    NULL;
	p[15] = records_int(records_reading(ra, "battery_percent"), n[2],
	    sizeof n[2]);
	p[16] = cJSON_IsNumber(records_reading(ra, "battery_volts")) ?
	    records_text(records_reading(ra, "battery_volts"), n[3],
	    sizeof n[3]) : NULL;
	p[17] = records_text(records_reading(rb, "firmware"), n[4],
	    sizeof n[4]);
	p[18] = cJSON_IsString(records_reading(ra, "firmware")) ?
	    records_reading(ra, "firmware")->valuestring : NULL;
	p[19] = records_int(records_reading(rb, "clock_skew_s"), n[5],
	    sizeof n[5]);
	p[20] = cJSON_IsString(records_reading(rb, "pairing_state")) ?
	    records_reading(rb, "pairing_state")->valuestring : NULL;
	p[21] = cJSON_IsString(records_reading(ra, "pairing_state")) ?
	    records_reading(ra, "pairing_state")->valuestring : NULL;
	if ((e = records_run(r, RS_INS_DEVICE, 22, p, NULL, eb)) != LS_OK)
		return e;
	snprintf(src[0], sizeof src[0], "device %d before", i);
	snprintf(src[1], sizeof src[1], "device %d after", i);
	if ((e = records_add_readings(r, digest, ord, "before", src[0], rb,
	    eb)) != LS_OK)
		return e;
	return records_add_readings(r, digest, ord, "after", src[1], ra, eb);
}

static enum ls_err
records_add_steps(struct records *r, const char *digest, const cJSON *steps,
    const char **codes, char *codes_buf, size_t codes_cap,
    struct ls_errbuf *eb)
{
	const cJSON	*s, *ev;
	const char	*p[10];
	char		 ord[16], cnt[32];
	enum ls_err	 e;
	int		 i = 0;

	cJSON_ArrayForEach(s, steps) {
		snprintf(ord, sizeof ord, "%d", i++);
		p[0] = digest;
		p[1] = ord;
		p[2] = records_str(s, "id");
		p[3] = records_str(s, "phase");
		p[4] = records_str(s, "title");
		p[5] = records_str(s, "status");
		p[6] = records_str(s, "state");
		p[7] = records_str(s, "started");
		p[8] = records_str(s, "finished");
		p[9] = records_str(s, "note");
		if ((e = records_run(r, RS_INS_STEP, 10, p, NULL, eb)) !=
		    LS_OK)
			return e;
		cJSON_ArrayForEach(ev, records_get(s, "evidence")) {
			const cJSON	*v = records_get(ev, "value");

			if (!records_is_count(ev->string) ||
			    records_int(v, cnt, sizeof cnt) == NULL)
				continue;
			if (strcmp(ev->string, "codes_active") == 0) {
				snprintf(codes_buf, codes_cap, "%s", cnt);
				*codes = codes_buf;
			}
			p[1] = records_str(s, "id") != NULL ?
			    records_str(s, "id") : ord;
			p[2] = ev->string;
			p[3] = cnt;
			if ((e = records_run(r, RS_INS_COUNT, 4, p, NULL,
			    eb)) != LS_OK)
				return e;
		}
	}
	return LS_OK;
}

/* The rows of one verified report; the caller holds the transaction. */
static enum ls_err
records_add_rows(struct records *r, const cJSON *t, const char *digest,
    struct ls_errbuf *eb)
{
	const cJSON	*v = records_get(t, "visit");
	const cJSON	*a = records_get(t, "authorization");
	const cJSON	*o = records_get(t, "outcome");
	const cJSON	*rem = records_get(t, "remedy");
	const cJSON	*it;
	const char	*p[15], *codes = NULL;
	char		 sym[1024], codes_buf[32], b[3][40];
	size_t		 k = 0;
	enum ls_err	 e;
	int		 i = 0;

	sym[0] = '\0';
	cJSON_ArrayForEach(it, records_get(v, "symptoms"))
		if (cJSON_IsString(it) && k + strlen(it->valuestring) + 2 <
		    sizeof sym)
			k += (size_t)snprintf(sym + k, sizeof sym - k, "%s%s",
			    k > 0 ? "," : "", it->valuestring);
	if ((e = records_add_steps(r, digest, records_get(t, "steps"), &codes,
	    codes_buf, sizeof codes_buf, eb)) != LS_OK)
		return e;
	p[0] = digest;
	p[1] = records_str(v, "id");
	p[2] = records_str(v, "started");
	p[3] = records_str(v, "finished");
	p[4] = records_str(v, "technician");
	p[5] = records_str(v, "site");
	p[6] = records_str(v, "work_order");
	p[7] = sym;
	p[8] = records_text(records_get(a, "ownership_verified"), b[0],
	    sizeof b[0]);
	p[9] = records_str(a, "method");
	p[10] = records_str(o, "result");
	p[11] = records_str(o, "text");
	p[12] = cJSON_IsObject(rem) ? records_str(rem, "id") : NULL;
	p[13] = codes;
	p[14] = cJSON_IsObject(rem) ? records_text(records_get(rem,
	    "battery_replaced"), b[1], sizeof b[1]) : NULL;
	if ((e = records_run(r, RS_INS_VISIT, 15, p, NULL, eb)) != LS_OK)
		return e;
	if (cJSON_IsObject(rem)) {
		p[0] = digest;
		p[1] = records_str(rem, "id");
		p[2] = records_str(rem, "advised");
		p[3] = records_str(rem, "chosen_by");
		p[4] = records_str(rem, "reason");
		p[5] = records_str(rem, "chosen");
		p[6] = records_text(records_get(rem, "battery_replaced"),
		    b[2], sizeof b[2]);
		if ((e = records_run(r, RS_INS_REMEDY, 7, p, NULL, eb)) !=
		    LS_OK)
			return e;
	}
	cJSON_ArrayForEach(it, records_get(t, "devices"))
		if ((e = records_add_device(r, digest, i++, it, eb)) != LS_OK)
			return e;
	return LS_OK;
}

/* A verified report (tree, chk) into the database, one transaction. */
static enum ls_err
records_add_tree(struct records *r, const cJSON *tree,
    const struct report_check *chk, bool *added, struct ls_errbuf *eb)
{
	const cJSON	*sg = records_get(tree, "signer");
	char		*canon = NULL, now[32];
	size_t		 len;
	const char	*p[5];
	enum ls_err	 e;
	bool		 row;

	*added = false;
	if ((e = report_canonical(tree, false, &canon, &len, eb)) != LS_OK)
		return e;
	records_now(now);
	if ((e = store_exec(r->db, "BEGIN", eb)) != LS_OK) {
		free(canon);
		return e;
	}
	p[0] = chk->sha256;
	p[1] = canon;
	p[2] = chk->is_signed ? records_str(sg, "public_key") : NULL;
	p[3] = chk->is_signed ? chk->fingerprint : NULL;
	p[4] = now;
	e = records_run(r, RS_INS_REPORT, 5, p, &row, eb);
	free(canon);
	if (e != LS_OK)
		goto fail;
	if (!row) {
		/* Already there: nothing was written. */
		return store_exec(r->db, "ROLLBACK", eb);
	}
	if ((e = records_add_rows(r, tree, chk->sha256, eb)) != LS_OK)
		goto fail;
	if ((e = store_exec(r->db, "COMMIT", eb)) != LS_OK)
		goto fail;
	*added = true;
	return LS_OK;
fail:
	store_exec(r->db, "ROLLBACK", NULL);
	return e;
}

enum ls_err
records_add_text(struct records *r, const char *text, size_t n,
    bool *added, bool *refused, struct report_check *chk,
    struct ls_errbuf *eb)
{
	struct report_check	 c;
	cJSON			*tree = NULL;
	enum ls_err		 e;

	*added = false;
	if (chk == NULL)
		chk = &c;
	e = report_verify(text, n, NULL, chk, &tree, eb);
	if (refused != NULL)
		*refused = e != LS_OK;
	if (e == LS_OK)
		e = records_add_tree(r, tree, chk, added, eb);
	cJSON_Delete(tree);
	return e;
}

enum ls_err
records_add_file(struct records *r, const char *path, bool *added,
    bool *refused, struct report_check *chk, struct ls_errbuf *eb)
{
	struct report_check	 c;
	cJSON			*tree = NULL;
	enum ls_err		 e;

	*added = false;
	if (chk == NULL)
		chk = &c;
	e = report_verify_file(path, NULL, chk, &tree, eb);
	if (refused != NULL)
		*refused = e != LS_OK;
	if (e == LS_OK)
		e = records_add_tree(r, tree, chk, added, eb);
	cJSON_Delete(tree);
	return e;
}

enum ls_err
records_report(struct records *r, const char *digest, char **json,
    struct ls_errbuf *eb)
{
	struct store_stmt	*st;
	const char		*p[1] = { digest }, *s;
	enum ls_err		 e;
	bool			 row = false;

	*json = NULL;
	if ((e = records_stmt(r, RS_REPORT, &st, eb)) != LS_OK)
		return e;
	if ((e = store_run(st, 1, p, eb)) == LS_OK &&
	    (e = store_next(st, &row, eb)) == LS_OK && row) {
		s = store_column(st, 0);
		if (s == NULL || (*json = strdup(s)) == NULL)
			e = ls_err_set(eb, LS_ENOMEM, "out of memory");
	} else if (e == LS_OK)
		e = ls_err_set(eb, LS_EINPUT, "no report %s in the records",
		    digest);
	store_done(st);
	return e;
}

enum ls_err
records_push(struct records *from, struct records *to, size_t *pushed,
    size_t *present, struct ls_errbuf *eb)
{
	struct store_stmt	*st;
	char			 digest[80], *json, *all = NULL;
	const char		*p[1] = { digest }, *d;
	size_t			 n = 0, cap = 0, i;
	enum ls_err		 e;
	bool			 row, there, added;

	*pushed = *present = 0;
	/*
	 * The digests are read first (80 bytes each), so the source is not
	 * left with a statement open while reports go out.
	 */
	if ((e = records_stmt(from, RS_DIGESTS, &st, eb)) != LS_OK)
		return e;
	if ((e = store_run(st, 0, NULL, eb)) != LS_OK) {
		store_done(st);
		return e;
	}
	while ((e = store_next(st, &row, eb)) == LS_OK && row) {
		if ((d = store_column(st, 0)) == NULL || strlen(d) >= 80)
			continue;
		if (n == cap) {
			char	*x;

			cap = cap == 0 ? 1024 : cap * 2;
			if ((x = realloc(all, cap * 80)) == NULL) {
				e = ls_err_set(eb, LS_ENOMEM,
				    "out of memory");
				break;
			}
			all = x;
		}
		memcpy(all + n * 80, d, strlen(d) + 1);
		n++;
	}
	store_done(st);
	for (i = 0; e == LS_OK && i < n; i++) {
		snprintf(digest, sizeof digest, "%s", all + i * 80);
		if ((e = records_run(to, RS_HAS, 1, p, &there, eb)) != LS_OK)
			break;
		if (there) {
			(*present)++;
			continue;
		}
		if ((e = records_report(from, digest, &json, eb)) != LS_OK)
			break;
		e = records_add_text(to, json, strlen(json), &added, NULL, NULL,
		    eb);
		free(json);
		if (e != LS_OK) {
			ls_err_prefix(eb, "report %s", digest);
			break;
		}
		if (added)
			(*pushed)++;
		else
			(*present)++;
	}
	free(all);
	return e;
}

/* ---- queries ---------------------------------------------------------- */

bool
records_date_ok(const char *s)
{
	static const char	pat[] = "dddd-dd-dd";
	size_t			i;

	for (i = 0; i < sizeof pat - 1; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i]) :
		    s[i] != pat[i])
			return false;
	if (s[10] == '\0')
		return true;
	if (s[10] != 'T' || strlen(s) > 40)
		return false;
	for (i = 11; s[i] != '\0'; i++)
		if (!isdigit((unsigned char)s[i]) && s[i] != ':' &&
		    s[i] != '.' && !(s[i] == 'Z' && s[i + 1] == '\0'))
			return false;
	return isdigit((unsigned char)s[11]);
}

/*
 * A --since or --until bound as text to compare with the reports' times,
 * which may or may not carry milliseconds: the bound without its "Z" is
 * a prefix that sorts before every time it names; "~" after it sorts
 * after them all (an --until day or second is included whole).
 */
static const char *
records_bound(const char *s, bool upper, char *out, size_t cap)
{
	size_t	n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n > 0 && s[n - 1] == 'Z')
		n--;
	snprintf(out, cap, "%.*s%s", (int)n, s, upper ? "~" : "");
	return out;
}

/* Numbers read back as the reports wrote them ("3.0" -> "3"). */
static const char *
records_norm(const char *s, char *buf, size_t cap)
{
	char	*end;
	double	 d;

	if (s == NULL)
		return NULL;
	d = strtod(s, &end);
	if (end == s || *end != '\0' || !report_number(d, buf, cap))
		return s;
	return buf;
}

enum ls_err
records_list(struct records *r, const struct records_filter *f,
    records_row_fn fn, void *arg, struct ls_errbuf *eb)
{
	struct store_stmt	*st;
	const char		*p[18], *row[RC_COUNT];
	char			 since[48], until[48], nb[4][40];
	enum ls_err		 e;
	bool			 got;
	int			 i;

	p[0] = p[1] = f->site;
	p[2] = p[3] = p[4] = p[5] = f->lock;
	p[6] = p[7] = f->technician;
	p[8] = p[9] = records_bound(f->since, false, since, sizeof since);
	p[10] = p[11] = records_bound(f->until, true, until, sizeof until);
	p[12] = p[13] = f->outcome;
	if ((e = records_stmt(r, f->lock != NULL ? RS_LIST_LOCK :
	    f->site != NULL ? RS_LIST_SITE : RS_LIST, &st, eb)) != LS_OK)
		return e;
	if ((e = store_run(st, 14, p, eb)) != LS_OK) {
		store_done(st);
		return e;
	}
	while ((e = store_next(st, &got, eb)) == LS_OK && got) {
		for (i = 0; i < RC_COUNT; i++)
			row[i] = store_column(st, i);
		row[RC_BATTERY_PERCENT_BEFORE] = records_norm(
		    row[RC_BATTERY_PERCENT_BEFORE], nb[0], sizeof nb[0]);
		row[RC_BATTERY_VOLTS_BEFORE] = records_norm(
		    row[RC_BATTERY_VOLTS_BEFORE], nb[1], sizeof nb[1]);
		row[RC_BATTERY_PERCENT_AFTER] = records_norm(
		    row[RC_BATTERY_PERCENT_AFTER], nb[2], sizeof nb[2]);
		row[RC_BATTERY_VOLTS_AFTER] = records_norm(
		    row[RC_BATTERY_VOLTS_AFTER], nb[3], sizeof nb[3]);
		fn(row, arg);
	}
	store_done(st);
	return e;
}

/* ---- trust ------------------------------------------------------------- */

enum ls_err
records_trust_add(struct records *r, const char *pubhex,
    struct ls_errbuf *eb)
{
	uint8_t		pk[KEY_PUBLIC_BYTES];
	char		fpr[KEY_FPR_LEN], now[32];
	char		hex[2 * KEY_PUBLIC_BYTES + 1];
	const char	*p[3];
	enum ls_err	e;

	if ((e = key_parse_public(pubhex, pk, eb)) != LS_OK)
		return e;
	key_fingerprint(pk, fpr);
	hex_encode(pk, sizeof pk, hex);
	records_now(now);
	p[0] = hex;
	p[1] = fpr;
	p[2] = now;
	return records_run(r, RS_TRUST_ADD, 3, p, NULL, eb);
}

enum ls_err
records_trust_remove(struct records *r, const char *pubhex,
    struct ls_errbuf *eb)
{
	uint8_t		 pk[KEY_PUBLIC_BYTES];
	char		 hex[2 * KEY_PUBLIC_BYTES + 1];
	const char	*p[1] = { hex };
	enum ls_err	 e;
	bool		 row;

	if ((e = key_parse_public(pubhex, pk, eb)) != LS_OK)
		return e;
	hex_encode(pk, sizeof pk, hex);
	if ((e = records_run(r, RS_TRUST_DEL, 1, p, &row, eb)) != LS_OK)
		return e;
	if (!row)
		return ls_err_set(eb, LS_EINPUT, "key %s is not in the trust "
		    "list", hex);
	return LS_OK;
}

enum ls_err
records_trust_list(struct records *r, void (*fn)(const char *,
    const char *, const char *, void *), void *arg, struct ls_errbuf *eb)
{
	struct store_stmt	*st;
	enum ls_err		 e;
	bool			 row;

	if ((e = records_stmt(r, RS_TRUST_LIST, &st, eb)) != LS_OK)
		return e;
	if ((e = store_run(st, 0, NULL, eb)) == LS_OK)
		while ((e = store_next(st, &row, eb)) == LS_OK && row)
			fn(store_column(st, 0), store_column(st, 1),
			    store_column(st, 2), arg);
	store_done(st);
	return e;
}
