/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devices.c - device records as NDJSON and as a table.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include <bluetooth/bluetooth.h>

#include "adv/lock.h"
#include "gatt/att.h"
#include "hci/hcidef.h"
#include "present/devices.h"
#include "util/battery.h"
#include "util/hex.h"
#include "util/reading.h"
#include "util/text.h"

/* A printed JSON line that fits here needs no allocation (a larger one
   is printed the allocating way). */
#define DEVICES_LINE_MAX	65536

/* The families of lockscope-ndjson(5), for --family. */
static const char *const devices_families[] = {
	"homekit", "matter", "ttlock", "nuki", "switchbot", "yale-august",
	"sesame", "tuya", "xiaomi", "airbnk", "schlage", "tedee", "danalock",
	"ultraloq", "igloohome", "noke", "generic", NULL
};

bool
devices_family_known(const char *family)
{
	size_t	i;

	for (i = 0; devices_families[i] != NULL; i++)
		if (strcmp(devices_families[i], family) == 0)
			return true;
	return false;
}

bool
devices_filter_active(const struct devices_filter *f)
{
	return f->locks_only || f->family != NULL || f->name != NULL;
}

bool
devices_filter_match(const struct devices_filter *f, const struct dev *d)
{
	char	name[4 * AD_NAME_MAX + 1];

	if (f->locks_only && !d->lock.is_lock)
		return false;
	if (f->family != NULL && (d->lock.family == NULL ||
	    strcmp(f->family, d->lock.family) != 0))
		return false;
	if (f->name != NULL) {
		/* The name as printed: a device without one never matches. */
		if (!d->ad.has_name)
			return false;
		text_sanitize(d->ad.name, d->ad.name_len, name, sizeof name);
		if (fnmatch(f->name, name, 0) != 0)
			return false;
	}
	return true;
}

cJSON *
devices_ndjson_object(const char *type)
{
	cJSON	*o;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	if (!cJSON_AddItemToObjectCS(o, "type", cJSON_CreateString(type)) ||
	    !cJSON_AddItemToObjectCS(o, "schema",
	    cJSON_CreateString(DEVICES_NDJSON_SCHEMA))) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* Company name from libbluetooth's table, or NULL when unassigned. */
static const char *
devices_company(uint16_t id)
{
	const char	*s = bt_compidtostr(id);

	if (s == NULL || strcmp(s, "not assigned") == 0)
		return NULL;
	return s;
}

static void
devices_name(const struct dev *d, char *out, size_t cap)
{
	text_sanitize(d->ad.name, d->ad.name_len, out, cap);
}

static cJSON *
devices_str_or_null(const char *s)
{
	return s == NULL || *s == '\0' ? cJSON_CreateNull() :
	    cJSON_CreateString(s);
}

/* Advertised service UUIDs, then service-data UUIDs, without repeats. */
static cJSON *
devices_uuids(const struct dev *d)
{
	const struct ad_uuid	*u[AD_MAX_UUIDS + AD_MAX_SVCDATA];
	cJSON			*arr = cJSON_CreateArray();
	char			 s[37];
	size_t			 n = 0, i, j;

	for (i = 0; i < d->ad.n_uuids; i++)
		u[n++] = &d->ad.uuids[i];
	for (i = 0; i < d->ad.n_svcdata; i++) {
		for (j = 0; j < n; j++)
			if (ad_uuid_eq(u[j], &d->ad.svcdata[i].uuid))
				break;
		if (j == n)
			u[n++] = &d->ad.svcdata[i].uuid;
	}
	for (i = 0; i < n && arr != NULL; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(ad_uuid_str(u[i],
		    s)));
	return arr;
}

/*
 * Members named by string literals: cJSON keeps the key without a copy
 * (cJSON_AddItemToObjectCS), one allocation less per member of the
 * lines replay and scan print by the thousand.
 */
static void
devices_add(cJSON *o, const char *key, cJSON *v)
{
	if (v != NULL && !cJSON_AddItemToObjectCS(o, key, v))
		cJSON_Delete(v);
}

static void
devices_add_str(cJSON *o, const char *key, const char *s)
{
	devices_add(o, key, cJSON_CreateString(s));
}

static void
devices_add_num(cJSON *o, const char *key, double n)
{
	devices_add(o, key, cJSON_CreateNumber(n));
}

static void
devices_add_null(cJSON *o, const char *key)
{
	devices_add(o, key, cJSON_CreateNull());
}

static void
devices_add_bool(cJSON *o, const char *key, int b)
{
	devices_add(o, key, cJSON_CreateBool(b));
}

/* The shared battery object (util/battery.h), plus "level". */
static cJSON *
devices_battery(const struct dev *d)
{
	struct battery	 b;
	cJSON		*o;

	battery_init(&b);
	battery_set_percent(&b, d->lock.battery_percent,
	    d->lock.battery_source);
	if (d->lock.battery_mv >= 0)
		battery_set_volts(&b, d->lock.battery_mv / 1000.0,
		    d->lock.battery_source);
	o = battery_json(&b);
	if (cJSON_IsObject(o))
		devices_add(o, "level", devices_str_or_null(
		    lock_battery_level_str(lock_battery_level(&d->lock))));
	return o;
}

/* A wall time in ms as RFC 3339 (util/reading.h), or null when 0. */
static cJSON *
devices_time_json(uint64_t ms)
{
	char	t[32];

	if (ms == 0)
		return cJSON_CreateNull();
	reading_time_iso(ms * 1000, t, sizeof t);
	return cJSON_CreateString(t);
}

static cJSON *
devices_signals(const struct dev_lock *l)
{
	cJSON	*arr = cJSON_CreateArray();
	size_t	 i;

	for (i = 0; arr != NULL && i < sizeof l->signals /
	    sizeof l->signals[0] && l->signals[i] != NULL; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(l->signals[i]));
	return arr;
}

cJSON *
devices_json(const struct dev *d, bool final)
{
	cJSON	*o;
	char	 addr[18], name[4 * AD_NAME_MAX + 1];
	const struct dev_lock *l = &d->lock;
	bool	 company = d->ad.n_mfr > 0 && !l->company_not_id;

	o = devices_ndjson_object("device");
	if (o == NULL)
		return NULL;
	devices_name(d, name, sizeof name);
	devices_add_str(o, "transport", "ble");
	devices_add_str(o, "address", hex_addr_str(d->addr, addr));
	devices_add_str(o, "address_type",
	    devtab_addr_type_str(d->addr_type));
	devices_add(o, "name",
	    devices_str_or_null(d->ad.has_name ? name : NULL));
	if (d->rssi != HC_RSSI_NONE)
		devices_add_num(o, "rssi", d->rssi);
	else
		devices_add_null(o, "rssi");
	/* Not a company ID when the decoder knows the bytes are payload. */
	if (company)
		devices_add_num(o, "company_id", d->ad.mfr[0].company);
	else
		devices_add_null(o, "company_id");
	devices_add(o, "service_uuids", devices_uuids(d));
	devices_add_bool(o, "is_lock", l->is_lock);
	devices_add(o, "vendor", devices_str_or_null(l->vendor));
	devices_add(o, "family", devices_str_or_null(l->family));
	devices_add(o, "model", devices_str_or_null(l->model));
	devices_add(o, "pairing_state",
	    devices_str_or_null(l->pairing_state));
	devices_add(o, "pairing_evidence",
	    devices_str_or_null(l->evidence));
	devices_add(o, "battery", devices_battery(d));
	devices_add(o, "firmware", devices_str_or_null(l->firmware));
	devices_add_bool(o, "final", final);

	/* Extensions (lockscope-ndjson(5)). */
	devices_add(o, "company", devices_str_or_null(
	    company ? devices_company(d->ad.mfr[0].company) : NULL));
	if (d->ad.has_appearance)
		devices_add_num(o, "appearance", d->ad.appearance);
	else
		devices_add_null(o, "appearance");
	if (d->tx_power != HC_TXPOWER_NONE)
		devices_add_num(o, "tx_power", d->tx_power);
	else
		devices_add_null(o, "tx_power");
	devices_add(o, "lock_state",
	    devices_str_or_null(l->lock_state));
	devices_add(o, "protocol", devices_str_or_null(l->protocol));
	devices_add_bool(o, "encrypted", l->encrypted);
	devices_add(o, "signals", devices_signals(l));
	devices_add_bool(o, "connectable",
	    (d->evt_type & HC_EXT_EVT_CONNECTABLE) != 0);
	devices_add_bool(o, "resolved", d->resolved);
	if (d->reports > 0)
		devices_add_num(o, "rssi_avg",
		    (double)(int)(d->rssi_avg * 10) / 10);
	else
		devices_add_null(o, "rssi_avg");
	devices_add_num(o, "reports", d->reports);
	devices_add(o, "first_seen", devices_time_json(d->first_seen_ms));
	devices_add(o, "last_seen", devices_time_json(d->last_seen_ms));
	return o;
}

static uint64_t
devices_fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t	*b = p;
	size_t		 i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t
devices_fingerprint(const struct dev *d)
{
	uint64_t	h = 0xcbf29ce484222325ULL;
	const char	*s[4] = { d->lock.family, d->lock.vendor,
			    d->lock.pairing_state, d->lock.battery_source };
	size_t		i;

	h = devices_fnv(h, &d->addr_type, 1);
	h = devices_fnv(h, &d->ad.has_name, 1);
	h = devices_fnv(h, d->ad.name, d->ad.name_len);
	h = devices_fnv(h, &d->ad.n_uuids, sizeof d->ad.n_uuids);
	for (i = 0; i < d->ad.n_uuids; i++)
		h = devices_fnv(h, &d->ad.uuids[i], sizeof d->ad.uuids[i]);
	for (i = 0; i < d->ad.n_svcdata; i++)
		h = devices_fnv(h, &d->ad.svcdata[i].uuid,
		    sizeof d->ad.svcdata[i].uuid);
	if (d->ad.n_mfr > 0)
		h = devices_fnv(h, &d->ad.mfr[0].company, 2);
	h = devices_fnv(h, &d->ad.has_appearance, 1);
	h = devices_fnv(h, &d->ad.appearance, 2);
	h = devices_fnv(h, &d->lock.is_lock, 1);
	for (i = 0; i < 4; i++)
		if (s[i] != NULL)
			h = devices_fnv(h, s[i], strlen(s[i]) + 1);
	h = devices_fnv(h, d->lock.model, strlen(d->lock.model));
	h = devices_fnv(h, d->lock.evidence, strlen(d->lock.evidence));
	h = devices_fnv(h, d->lock.lock_state, strlen(d->lock.lock_state));
	h = devices_fnv(h, d->lock.protocol, strlen(d->lock.protocol));
	h = devices_fnv(h, &d->lock.encrypted, 1);
	h = devices_fnv(h, &d->lock.battery_percent, sizeof(int));
	h = devices_fnv(h, &d->lock.battery_mv, sizeof(int));
	h = devices_fnv(h, d->lock.firmware, strlen(d->lock.firmware));
	h = devices_fnv(h, &d->lock.company_not_id, 1);
	return h == 0 ? 1 : h;
}

int
devices_report(struct devtab *tab, const struct hcievt_adv_report *r,
    uint64_t now_ms, const struct devices_out *out)
{
	struct dev	*d;
	unsigned	 what = 0;
	uint64_t	 fp;
	cJSON		*o;
	int		 ok;

	d = devtab_update(tab, r, now_ms, &what);
	if (d == NULL)
		return 1;
	if ((what & (DEVTAB_NEW | DEVTAB_AD | DEVTAB_IDENT)) == 0)
		return 1;	/* nothing the fingerprint covers changed */
	lock_classify(d);
	if (out == NULL || out->f == NULL || !out->changes)
		return 1;
	fp = devices_fingerprint(d);
	if (fp == d->out_fp)
		return 1;
	d->out_fp = fp;
	if (!devices_filter_match(&out->filter, d))
		return 1;
	o = devices_json(d, false);
	ok = o != NULL && devices_print_json(out->f, o);
	cJSON_Delete(o);
	return ok;
}

int
devices_final(struct devtab *tab, const struct devices_out *out,
    devices_extend_fn extend, void *arg, size_t *matched)
{
	struct dev	**devs;
	size_t		  n, locks, i;
	cJSON		 *o;
	int		  ok = 1;

	*matched = 0;
	n = devices_collect(tab, &devs, &locks);
	if (devs == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		if (!devices_filter_match(&out->filter, devs[i]))
			continue;
		(*matched)++;
		if (out->f == NULL)
			continue;
		o = devices_json(devs[i], true);
		if (o == NULL || (extend != NULL && !extend(o, devs[i], arg)) ||
		    !devices_print_json(out->f, o))
			ok = 0;
		cJSON_Delete(o);
	}
	free(devs);
	return ok;
}

int
devices_print_json(FILE *f, const cJSON *obj)
{
	static char	 buf[DEVICES_LINE_MAX];
	char		*s;
	int		 ok;

	/* One buffer for every line: no allocation per record printed. */
	if (cJSON_PrintPreallocated((cJSON *)obj, buf, (int)sizeof buf,
	    0))
		return fputs(buf, f) >= 0 && putc('\n', f) != EOF;
	if ((s = cJSON_PrintUnformatted(obj)) == NULL)
		return 0;
	ok = fprintf(f, "%s\n", s) > 0;
	free(s);
	return ok;
}

static int
devices_cmp(const void *a, const void *b)
{
	const struct dev	*x = *(const struct dev *const *)a;
	const struct dev	*y = *(const struct dev *const *)b;

	if (x->lock.is_lock != y->lock.is_lock)
		return x->lock.is_lock ? -1 : 1;
	if (x->rssi_avg != y->rssi_avg)
		return x->rssi_avg > y->rssi_avg ? -1 : 1;
	return memcmp(x->addr, y->addr, 6);
}

size_t
devices_collect(struct devtab *tab, struct dev ***out, size_t *locks)
{
	size_t	n = devtab_count(tab), i;

	*locks = 0;
	*out = calloc(n > 0 ? n : 1, sizeof **out);
	if (*out == NULL)
		return 0;
	n = devtab_list(tab, *out, n);
	devices_sort(*out, n);
	for (i = 0; i < n; i++)
		*locks += (*out)[i]->lock.is_lock;
	return n;
}

void
devices_sort(struct dev **devs, size_t n)
{
	qsort(devs, n, sizeof devs[0], devices_cmp);
}

/* Print s in w columns: cut to fit, padded unless it is the last. */
static void
devices_cell_pad(FILE *f, const char *s, int w, int pad)
{
	char	buf[512];
	size_t	len = strlen(s), cut;

	if (w <= 0)
		return;
	/* Cut on a character boundary until it fits. */
	cut = len < sizeof buf - 1 ? len : sizeof buf - 1;
	memcpy(buf, s, cut);
	buf[cut] = '\0';
	while (text_width(buf) > (size_t)w && cut > 0) {
		do
			cut--;
		while (cut > 0 && ((unsigned char)buf[cut] & 0xc0) == 0x80);
		buf[cut] = '\0';
	}
	fputs(buf, f);
	for (len = text_width(buf); pad && len < (size_t)w; len++)
		fputc(' ', f);
}

static void
devices_cell(FILE *f, const char *s, int w)
{
	devices_cell_pad(f, s, w, 1);
}

/* SGR colour for the battery cell: green, yellow, red; "" unknown. */
static const char *
devices_batt_color(const struct dev *d)
{
	switch (lock_battery_level(&d->lock)) {
	case LOCK_BATT_OK:
		return "\033[32m";
	case LOCK_BATT_LOW:
		return "\033[33m";
	case LOCK_BATT_CRITICAL:
		return "\033[1;31m";
	default:
		return "";
	}
}

int
devices_table(FILE *f, struct dev **devs, size_t n, int width, int max_rows,
    int erase, int color)
{
	const char	*eol = erase ? "\033[K\n" : "\n";
	char		 addr[18], name[4 * AD_NAME_MAX + 1], cell[64];
	int		 lines = 0, namew;
	size_t		 i;

	/* ADDRESS(17) TYPE(4) RSSI(4) FAMILY(11) PAIRING(14) BATT(5) */
	namew = width - (17 + 1 + 4 + 1 + 4 + 2 + 11 + 1 + 14 + 1 + 5 + 2);
	if (namew < 8)
		namew = 8;
	fprintf(f, "%s%-17s %-4s %4s  %-11s %-14s %5s  ", color ? "\033[1m" :
	    "", "ADDRESS", "TYPE", "RSSI", "FAMILY", "PAIRING", "BATT");
	devices_cell_pad(f, "NAME", namew, 0);
	fprintf(f, "%s%s", color ? "\033[0m" : "", eol);
	lines++;
	for (i = 0; i < n && (max_rows == 0 || lines <= max_rows); i++) {
		const struct dev	*d = devs[i];

		fprintf(f, "%-17s %-4s ", hex_addr_str(d->addr, addr),
		    d->addr_type == HC_ADDR_PUBLIC ? "pub" : "rnd");
		if (d->rssi != HC_RSSI_NONE)
			fprintf(f, "%4d  ", (int)(d->rssi_avg - 0.5));
		else
			fprintf(f, "%4s  ", "-");
		devices_cell(f, d->lock.family != NULL ? d->lock.family :
		    "-", 11);
		fputc(' ', f);
		devices_cell(f, d->lock.pairing_state != NULL ?
		    d->lock.pairing_state : "-", 14);
		fputc(' ', f);
		if (d->lock.battery_percent >= 0)
			snprintf(cell, sizeof cell, "%d%%",
			    d->lock.battery_percent);
		else if (d->lock.battery_mv >= 0)
			snprintf(cell, sizeof cell, "%.1fV",
			    d->lock.battery_mv / 1000.0);
		else
			snprintf(cell, sizeof cell, "-");
		fprintf(f, "%s%5s%s  ", color ? devices_batt_color(d) : "",
		    cell, color && *devices_batt_color(d) ? "\033[0m" : "");
		/* No name: the advertised model, in brackets. */
		if (d->ad.has_name)
			devices_name(d, name, sizeof name);
		else if (d->lock.model[0] != '\0')
			snprintf(name, sizeof name, "[%s]", d->lock.model);
		else
			name[0] = '\0';
		devices_cell_pad(f, name, namew, 0);
		fputs(eol, f);
		lines++;
	}
	if (i < n) {
		fprintf(f, "... %zu more%s", n - i, eol);
		lines++;
	}
	return lines;
}

static cJSON *
devices_services(const struct gatt_result *g)
{
	cJSON		*arr, *svc, *chars, *ch, *props;
	const char	*names[8];
	char		 u[37];
	size_t		 i, j, k, np;

	if ((arr = cJSON_CreateArray()) == NULL)
		return NULL;
	for (i = 0; i < g->nservices; i++) {
		svc = cJSON_CreateObject();
		chars = cJSON_CreateArray();
		if (svc == NULL || chars == NULL) {
			cJSON_Delete(svc);
			cJSON_Delete(chars);
			cJSON_Delete(arr);
			return NULL;
		}
		cJSON_AddStringToObject(svc, "uuid",
		    gatt_uuid_str(&g->services[i].uuid, u));
		cJSON_AddNumberToObject(svc, "start", g->services[i].start);
		cJSON_AddNumberToObject(svc, "end", g->services[i].end);
		for (j = 0; j < g->nchars; j++) {
			if (g->chars[j].service != (int)i)
				continue;
			ch = cJSON_CreateObject();
			props = cJSON_CreateArray();
			if (ch == NULL || props == NULL) {
				cJSON_Delete(ch);
				cJSON_Delete(props);
				break;
			}
			cJSON_AddStringToObject(ch, "uuid",
			    gatt_uuid_str(&g->chars[j].uuid, u));
			cJSON_AddNumberToObject(ch, "handle",
			    g->chars[j].value);
			np = att_prop_names(g->chars[j].props, names);
			for (k = 0; k < np; k++)
				cJSON_AddItemToArray(props,
				    cJSON_CreateString(names[k]));
			cJSON_AddItemToObject(ch, "properties", props);
			cJSON_AddItemToArray(chars, ch);
		}
		cJSON_AddItemToObject(svc, "characteristics", chars);
		cJSON_AddItemToArray(arr, svc);
	}
	return arr;
}

int
devices_battery_merge(cJSON *line, const struct dev *d,
    const struct reading *percent, const struct reading *volts)
{
	struct dev_lock	 l;
	struct battery	 b;
	cJSON		*bj;

	/*
	 * One battery: the advertisement's values, and what a connection
	 * adds (a voltage the advertising lacks, or the other way round).
	 */
	battery_init(&b);
	battery_set_percent(&b, d->lock.battery_percent,
	    d->lock.battery_source);
	if (d->lock.battery_mv >= 0)
		battery_set_volts(&b, d->lock.battery_mv / 1000.0,
		    d->lock.battery_source);
	battery_from_readings(&b, percent, volts, false);
	if ((bj = battery_json(&b)) == NULL)
		return 0;
	if (cJSON_IsObject(bj)) {
		l = d->lock;
		l.battery_percent = b.percent;
		l.battery_mv = b.volts >= 0 ? (int)(b.volts * 1000 + 0.5) : -1;
		devices_add(bj, "level", devices_str_or_null(
		    lock_battery_level_str(lock_battery_level(&l))));
	}
	cJSON_ReplaceItemInObject(line, "battery", bj);
	return 1;
}

int
devices_gatt(cJSON *dev, const struct dev *d, const struct gatt_result *g,
    int conn_rssi)
{
	const struct stdchar_out	*s = &g->std;
	cJSON				*gj, *sj;

	gj = stdchar_json(s);
	sj = devices_services(g);
	if (gj == NULL || sj == NULL) {
		cJSON_Delete(gj);
		cJSON_Delete(sj);
		return 0;
	}
	cJSON_AddItemToObject(dev, "gatt", gj);
	cJSON_AddItemToObject(dev, "services", sj);
	if (conn_rssi != HC_RSSI_NONE)
		cJSON_AddNumberToObject(dev, "connection_rssi", conn_rssi);
	else
		cJSON_AddNullToObject(dev, "connection_rssi");
	cJSON_AddNumberToObject(dev, "att_mtu", g->mtu);
	if (reading_has_value(&s->firmware) && s->firmware.kind == RD_TEXT)
		cJSON_ReplaceItemInObject(dev, "firmware",
		    cJSON_CreateString(s->firmware.text));
	return devices_battery_merge(dev, d, &s->battery_percent,
	    &s->battery_volts);
	return 1;
}
