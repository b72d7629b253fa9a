/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * std_chars.c - decoders for the standard characteristics a lock exposes
 * without authorization (std_chars.h).
 *
 * Sources, per decoder below: Bluetooth GATT Specification Supplement v8
 * (GSS), Device Information Service 1.1 (DIS), Battery Service 1.1
 * (BAS), Current Time Service 1.1 (CTS), IEEE 11073-20601 (SFLOAT).
 * Cross-checked against zephyrproject-rtos/zephyr:include/zephyr/
 * bluetooth/services/bas_bls.h and the field lists in
 * RonanB96/bluetooth-sig-python (battery_level_status.py,
 * battery_energy_status.py).
 *
 * Not done here: reading characteristics (gatt_client.c), deciding what may be
 * read (the table is the allow-list), printing.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "gatt/std_chars.h"
#include "util/cursor.h"
#include "util/hex.h"
#include "util/text.h"

#define STDCHAR_MALFORMED	"malformed value"
#define STDCHAR_STRING_MAX	512	/* ATT_MAX_VALUE_LEN */

/* Inspection order is the order of the human output. */
static const struct stdchar_char stdchar_chars[] = {
	{ STDCHAR_MANUFACTURER, "manufacturer", "Manufacturer", 0 },
	{ STDCHAR_MODEL, "model", "Model", 0 },
	{ STDCHAR_SERIAL, "serial", "Serial", 0 },
	{ STDCHAR_FIRMWARE, "firmware", "Firmware", 0 },
	{ STDCHAR_HARDWARE, "hardware", "Hardware", 0 },
	{ STDCHAR_SOFTWARE, "software", "Software", 0 },
	{ STDCHAR_PNP_ID, "pnp_id", "PnP ID", 7 },
	{ STDCHAR_BATTERY_LEVEL, "battery_percent", "Battery", 1 },
	{ STDCHAR_BATTERY_LEVEL_STATUS, "battery_status", "Battery status",
	    0 },
	{ STDCHAR_BATTERY_ENERGY_STATUS, "battery_volts", "Battery voltage",
	    0 },
	{ STDCHAR_CURRENT_TIME, "clock", "Clock", 10 },
};

#define STDCHAR_NCHARS	(sizeof stdchar_chars / sizeof stdchar_chars[0])

const struct stdchar_char *
stdchar_find(uint16_t uuid)
{
	size_t	i;

	for (i = 0; i < STDCHAR_NCHARS; i++)
		if (stdchar_chars[i].uuid == uuid)
			return &stdchar_chars[i];
	return NULL;
}

const struct stdchar_char *
stdchar_table(size_t *n)
{
	*n = STDCHAR_NCHARS;
	return stdchar_chars;
}

static void
stdchar_source(uint16_t uuid, char *buf, size_t len)
{
	snprintf(buf, len, "gatt %04x", uuid);
}

static enum ls_err
stdchar_bad(uint16_t uuid, size_t n, const struct stdchar_ctx *ctx,
    struct reading *r1, struct reading *r2, struct ls_errbuf *eb)
{
	char	src[RD_SOURCE_MAX];

	stdchar_source(uuid, src, sizeof src);
	if (r1 != NULL)
		reading_unavailable(r1, src, STDCHAR_MALFORMED, ctx->at_us);
	if (r2 != NULL)
		reading_unavailable(r2, src, STDCHAR_MALFORMED, ctx->at_us);
	return LS_MALFORMED(eb, "characteristic %04x: malformed value "
	    "(%zu bytes)", uuid, n);
}

/*
 * IEEE 11073-20601 SFLOAT: 4-bit two's complement exponent (bits 12-15),
 * 12-bit two's complement mantissa (bits 0-11), value = m * 10^e.  The
 * special values have exponent 0 and are listed in GSS v8 §2.3 and
 * HL7/phd:input/pagecontent/MderFLOATsandSFLOATs.md.
 */
void
stdchar_sfloat(uint16_t raw, struct stdchar_sfloat *out)
{
	int	m, e;

	memset(out, 0, sizeof *out);
	switch (raw) {
	case 0x07FF:
		out->kind = STDCHAR_SF_NAN;
		return;
	case 0x0800:
		out->kind = STDCHAR_SF_NRES;
		return;
	case 0x07FE:
		out->kind = STDCHAR_SF_POS_INF;
		return;
	case 0x0802:
		out->kind = STDCHAR_SF_NEG_INF;
		return;
	case 0x0801:
		out->kind = STDCHAR_SF_RESERVED;
		return;
	}
	m = raw & 0x0FFF;
	if (m >= 0x0800)
		m -= 0x1000;
	e = raw >> 12;
	if (e >= 8)
		e -= 16;
	out->kind = STDCHAR_SF_FINITE;
	out->mantissa = m;
	out->exponent = e;
	/* Divide for negative exponents: 301 / 100 is exactly 3.01. */
	out->value = e < 0 ? m / pow(10, -e) : m * pow(10, e);
}

void
stdchar_string(uint16_t uuid, const uint8_t *p, size_t n,
    const struct stdchar_ctx *ctx, struct reading *r)
{
	char	 src[RD_SOURCE_MAX];
	char	 clean[STDCHAR_STRING_MAX * 4 + 1];
	char	 text[RD_TEXT_MAX];
	size_t	 len, hexn;

	stdchar_source(uuid, src, sizeof src);
	while (n > 0 && p[n - 1] == '\0')
		n--;
	if (n == 0) {
		reading_text(r, RD_OBSERVED, "", src, ctx->at_us);
		return;
	}
	if (n > STDCHAR_STRING_MAX)
		n = STDCHAR_STRING_MAX;
	len = text_sanitize(p, n, clean, sizeof clean);
	if (len == n && memchr(p, '\0', n) == NULL &&
	    memcmp(clean, p, n) == 0) {
		text_sanitize(p, n, text, sizeof text);
		reading_text(r, RD_OBSERVED, text, src, ctx->at_us);
		return;
	}
	/* Not printable UTF-8 (BCD firmware, binary serials): hex. */
	hexn = (sizeof text - sizeof "hex:") / 2;
	if (n < hexn)
		hexn = n;
	memcpy(text, "hex:", 4);
	hex_encode(p, hexn, text + 4);
	reading_text(r, RD_OBSERVED, text, src, ctx->at_us);
}

/*
 * PnP ID, DIS 1.1 §3.9: Vendor ID Source (1 Bluetooth SIG, 2 USB
 * Implementer's Forum), Vendor ID, Product ID, Product Version, each
 * uint16 LE after the source octet.  Shown in the modalias form BlueZ
 * uses for devices ("bluetooth:v004Cp0001d0100").
 */
enum ls_err
stdchar_pnp_id(const uint8_t *p, size_t n, const struct stdchar_ctx *ctx,
    struct stdchar_pnp *out, struct reading *r, struct ls_errbuf *eb)
{
	struct cur	 c;
	char		 src[RD_SOURCE_MAX], text[64];
	const char	*kind;

	memset(out, 0, sizeof *out);
	cur_init(&c, p, n);
	out->vendor_source = cur_u8(&c);
	out->vendor = cur_le16(&c);
	out->product = cur_le16(&c);
	out->version = cur_le16(&c);
	if (!cur_ok(&c) || cur_left(&c) != 0)
		return stdchar_bad(STDCHAR_PNP_ID, n, ctx, r, NULL, eb);
	switch (out->vendor_source) {
	case 1:
		kind = "bluetooth";
		break;
	case 2:
		kind = "usb";
		break;
	default:
		kind = "unknown";
		break;
	}
	snprintf(text, sizeof text, "%s:v%04Xp%04Xd%04X", kind, out->vendor,
	    out->product, out->version);
	stdchar_source(STDCHAR_PNP_ID, src, sizeof src);
	reading_text(r, RD_OBSERVED, text, src, ctx->at_us);
	return LS_OK;
}

/* Battery Level, GSS v8 §3.27 / BAS 1.1 §3.1: uint8 0-100 %. */
enum ls_err
stdchar_battery_level(const uint8_t *p, size_t n,
    const struct stdchar_ctx *ctx, struct reading *percent,
    struct ls_errbuf *eb)
{
	char	src[RD_SOURCE_MAX];

	if (n != 1 || p[0] > 100)
		return stdchar_bad(STDCHAR_BATTERY_LEVEL, n, ctx, percent,
		    NULL, eb);
	stdchar_source(STDCHAR_BATTERY_LEVEL, src, sizeof src);
	reading_int(percent, RD_OBSERVED, p[0], src, ctx->at_us);
	return LS_OK;
}

static void
stdchar_append(char *buf, size_t len, const char *word)
{
	size_t	used = strlen(buf);

	snprintf(buf + used, len - used, "%s%s", used > 0 ? ", " : "", word);
}

/*
 * Battery Level Status, GSS v8 §3.28: Flags (bit0 Identifier, bit1
 * Battery Level, bit2 Additional Status present), Power State uint16
 * (§3.28.2: bit0 battery present, bits1-2 wired external power, bits3-4
 * wireless external power, bits5-6 charge state, bits7-8 charge level,
 * bits9-11 charging type, bits12-14 charging fault reason), then the
 * optional Identifier uint16, Battery Level uint8, Additional Status
 * uint8 (bits0-1 service required, bit2 battery fault).
 */
enum ls_err
stdchar_battery_level_status(const uint8_t *p, size_t n,
    const struct stdchar_ctx *ctx, struct stdchar_bls *out,
    struct reading *status, struct reading *percent, struct ls_errbuf *eb)
{
	static const char *const levels[] = { NULL, "good", "low",
	    "critical" };
	static const char *const states[] = { NULL, "charging",
	    "discharging", "discharging (inactive)" };
	struct cur	 c;
	char		 src[RD_SOURCE_MAX], text[RD_TEXT_MAX];
	uint16_t	 ps;

	memset(out, 0, sizeof *out);
	cur_init(&c, p, n);
	out->flags = cur_u8(&c);
	ps = out->power_state = cur_le16(&c);
	out->has_identifier = (out->flags & 0x01) != 0;
	out->has_level = (out->flags & 0x02) != 0;
	out->has_additional = (out->flags & 0x04) != 0;
	if (out->has_identifier)
		out->identifier = cur_le16(&c);
	if (out->has_level)
		out->level = cur_u8(&c);
	if (out->has_additional)
		out->additional = cur_u8(&c);
	if (!cur_ok(&c) || cur_left(&c) != 0 ||
	    (out->has_level && out->level > 100))
		return stdchar_bad(STDCHAR_BATTERY_LEVEL_STATUS, n, ctx,
		    status, NULL, eb);
	out->battery_present = (ps & 0x0001) != 0;
	out->wired_power = (ps >> 1) & 0x3;
	out->wireless_power = (ps >> 3) & 0x3;
	out->charge_state = (ps >> 5) & 0x3;
	out->charge_level = (ps >> 7) & 0x3;
	out->charging_type = (ps >> 9) & 0x7;
	out->charging_fault = (ps >> 12) & 0x7;
	out->service_required = out->additional & 0x3;
	out->battery_fault = (out->additional & 0x04) != 0;

	text[0] = '\0';
	if (!out->battery_present)
		stdchar_append(text, sizeof text, "no battery");
	if (levels[out->charge_level] != NULL)
		stdchar_append(text, sizeof text, levels[out->charge_level]);
	if (states[out->charge_state] != NULL)
		stdchar_append(text, sizeof text, states[out->charge_state]);
	if (out->wired_power == 1)
		stdchar_append(text, sizeof text, "on wired power");
	if (out->wireless_power == 1)
		stdchar_append(text, sizeof text, "on wireless power");
	if (out->charging_fault != 0)
		stdchar_append(text, sizeof text, "charging fault");
	if (out->has_additional && out->service_required == 1)
		stdchar_append(text, sizeof text, "service required");
	if (out->has_additional && out->battery_fault)
		stdchar_append(text, sizeof text, "battery fault");
	if (text[0] == '\0')
		snprintf(text, sizeof text, "unknown");
	stdchar_source(STDCHAR_BATTERY_LEVEL_STATUS, src, sizeof src);
	reading_text(status, RD_OBSERVED, text, src, ctx->at_us);
	if (percent != NULL && out->has_level)
		reading_int(percent, RD_OBSERVED, out->level, src,
		    ctx->at_us);
	return LS_OK;
}

static const char *
stdchar_sfloat_reason(enum stdchar_sfloat_kind k)
{
	switch (k) {
	case STDCHAR_SF_NAN:
		return "the lock reports it as not a number";
	case STDCHAR_SF_NRES:
		return "the lock reports it as not at this resolution";
	case STDCHAR_SF_POS_INF:
	case STDCHAR_SF_NEG_INF:
		return "the lock reports it as out of range";
	default:
		return "the lock reports a reserved value";
	}
}

/*
 * Battery Energy Status, GSS v8 §3.23: Flags (bit0 External Source
 * Power, bit1 Present Voltage, bit2 Available Energy, bit3 Available
 * Battery Capacity, bit4 Charge Rate, bit5 Available Energy at Last
 * Charge), then each present field as a medfloat16 (SFLOAT), in that
 * order.  Units: W, V, kWh, kWh, W, kWh.
 */
enum ls_err
stdchar_battery_energy_status(const uint8_t *p, size_t n,
    const struct stdchar_ctx *ctx, struct stdchar_bes *out,
    struct reading *volts, struct ls_errbuf *eb)
{
	struct {
		bool			*has;
		struct stdchar_sfloat	*v;
	} fields[] = {
		{ &out->has_external_power, &out->external_power },
		{ &out->has_voltage, &out->voltage },
		{ &out->has_energy, &out->energy },
		{ &out->has_capacity, &out->capacity },
		{ &out->has_charge_rate, &out->charge_rate },
		{ &out->has_last_charge, &out->last_charge },
	};
	struct cur	 c;
	char		 src[RD_SOURCE_MAX];
	size_t		 i;
	uint16_t	 raw;

	memset(out, 0, sizeof *out);
	cur_init(&c, p, n);
	out->flags = cur_u8(&c);
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		*fields[i].has = (out->flags & (1u << i)) != 0;
		if (*fields[i].has) {
			raw = cur_le16(&c);
			stdchar_sfloat(raw, fields[i].v);
		}
	}
	if (!cur_ok(&c) || cur_left(&c) != 0)
		return stdchar_bad(STDCHAR_BATTERY_ENERGY_STATUS, n, ctx,
		    volts, NULL, eb);
	stdchar_source(STDCHAR_BATTERY_ENERGY_STATUS, src, sizeof src);
	if (!out->has_voltage)
		reading_unavailable(volts, src,
		    "the lock does not report its voltage", ctx->at_us);
	else if (out->voltage.kind != STDCHAR_SF_FINITE)
		reading_unavailable(volts, src,
		    stdchar_sfloat_reason(out->voltage.kind), ctx->at_us);
	else
		reading_real(volts, RD_OBSERVED, out->voltage.value, src,
		    ctx->at_us);
	return LS_OK;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (civil calendar). */
static int64_t
stdchar_days(int64_t y, unsigned m, unsigned d)
{
	int64_t		era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * Current Time, CTS 1.1 §3.1: Date Time (GSS v8 §3.70: year uint16
 * 1582-9999 or 0 unknown, month 1-12 or 0, day 1-31 or 0, hours 0-23,
 * minutes 0-59, seconds 0-59), Day of Week (0 unknown, 1 Monday .. 7
 * Sunday), Fractions256, Adjust Reason (bit0 manual, bit1 external
 * reference, bit2 time zone change, bit3 DST change): 10 octets.
 */
enum ls_err
stdchar_current_time(const uint8_t *p, size_t n,
    const struct stdchar_ctx *ctx, struct stdchar_time *out,
    struct reading *clock, struct reading *skew_s, struct ls_errbuf *eb)
{
	struct cur	 c;
	char		 src[RD_SOURCE_MAX], text[RD_TEXT_MAX];
	int64_t		 lock_s, laptop_s, skew;

	memset(out, 0, sizeof *out);
	cur_init(&c, p, n);
	out->year = cur_le16(&c);
	out->month = cur_u8(&c);
	out->day = cur_u8(&c);
	out->hours = cur_u8(&c);
	out->minutes = cur_u8(&c);
	out->seconds = cur_u8(&c);
	out->day_of_week = cur_u8(&c);
	out->fractions256 = cur_u8(&c);
	out->adjust_reason = cur_u8(&c);
	if (!cur_ok(&c) || cur_left(&c) != 0 || out->month > 12 ||
	    out->day > 31 || out->hours > 23 || out->minutes > 59 ||
	    out->seconds > 59 || out->day_of_week > 7 ||
	    (out->year != 0 && (out->year < 1582 || out->year > 9999)))
		return stdchar_bad(STDCHAR_CURRENT_TIME, n, ctx, clock,
		    skew_s, eb);
	stdchar_source(STDCHAR_CURRENT_TIME, src, sizeof src);
	if (out->year == 0 || out->month == 0 || out->day == 0) {
		reading_unavailable(clock, src,
		    "the lock does not know the date", ctx->at_us);
		reading_unavailable(skew_s, src,
		    "the lock does not know the date", ctx->at_us);
		return LS_OK;
	}
	snprintf(text, sizeof text, "%04u-%02u-%02uT%02u:%02u:%02u",
	    out->year, out->month, out->day, out->hours, out->minutes,
	    out->seconds);
	reading_text(clock, RD_OBSERVED, text, src, ctx->at_us);
	/* The lock keeps local time: compare in the laptop's zone. */
	lock_s = stdchar_days(out->year, out->month, out->day) * 86400 +
	    out->hours * 3600 + out->minutes * 60 + out->seconds;
	laptop_s = (int64_t)(ctx->laptop_us / 1000000) +
	    ctx->laptop_utc_offset_s;
	skew = lock_s - laptop_s;
	reading_int(skew_s, RD_OBSERVED, skew, src, ctx->at_us);
	return LS_OK;
}

static bool
stdchar_is_observed(const struct reading *r)
{
	return r->prov == RD_OBSERVED;
}

enum ls_err
stdchar_decode(uint16_t uuid, const uint8_t *p, size_t n,
    const struct stdchar_ctx *ctx, struct stdchar_out *out,
    struct ls_errbuf *eb)
{
	struct stdchar_pnp	 pnp;
	struct stdchar_bls	 bls;
	struct stdchar_bes	 bes;
	struct stdchar_time	 t;
	struct reading		 pct;
	enum ls_err		 e;

	switch (uuid) {
	case STDCHAR_MANUFACTURER:
		stdchar_string(uuid, p, n, ctx, &out->manufacturer);
		return LS_OK;
	case STDCHAR_MODEL:
		stdchar_string(uuid, p, n, ctx, &out->model);
		return LS_OK;
	case STDCHAR_SERIAL:
		stdchar_string(uuid, p, n, ctx, &out->serial);
		return LS_OK;
	case STDCHAR_FIRMWARE:
		stdchar_string(uuid, p, n, ctx, &out->firmware);
		return LS_OK;
	case STDCHAR_HARDWARE:
		stdchar_string(uuid, p, n, ctx, &out->hardware);
		return LS_OK;
	case STDCHAR_SOFTWARE:
		stdchar_string(uuid, p, n, ctx, &out->software);
		return LS_OK;
	case STDCHAR_PNP_ID:
		return stdchar_pnp_id(p, n, ctx, &pnp, &out->pnp_id, eb);
	case STDCHAR_BATTERY_LEVEL:
		e = stdchar_battery_level(p, n, ctx, &pct, eb);
		/* A bad 2a19 does not hide a good level from 2bed. */
		if (e == LS_OK || !stdchar_is_observed(&out->battery_percent))
			out->battery_percent = pct;
		return e;
	case STDCHAR_BATTERY_LEVEL_STATUS:
		memset(&pct, 0, sizeof pct);
		e = stdchar_battery_level_status(p, n, ctx, &bls,
		    &out->battery_status, &pct, eb);
		if (reading_has_value(&pct) &&
		    !(stdchar_is_observed(&out->battery_percent) &&
		    strcmp(out->battery_percent.source, "gatt 2a19") == 0))
			out->battery_percent = pct;
		return e;
	case STDCHAR_BATTERY_ENERGY_STATUS:
		return stdchar_battery_energy_status(p, n, ctx, &bes,
		    &out->battery_volts, eb);
	case STDCHAR_CURRENT_TIME:
		return stdchar_current_time(p, n, ctx, &t, &out->clock,
		    &out->clock_skew_s, eb);
	default:
		return ls_err_set(eb, LS_EINTERNAL,
		    "characteristic %04x is not a known standard one", uuid);
	}
}

static void
stdchar_mark(struct reading *r, const char *src, const char *reason,
    uint64_t at_us)
{
	if (r->prov == RD_UNSET)
		reading_unavailable(r, src, reason, at_us);
}

void
stdchar_unavailable(uint16_t uuid, const char *reason, uint64_t at_us,
    struct stdchar_out *out)
{
	char	src[RD_SOURCE_MAX];

	stdchar_source(uuid, src, sizeof src);
	switch (uuid) {
	case STDCHAR_MANUFACTURER:
		stdchar_mark(&out->manufacturer, src, reason, at_us);
		break;
	case STDCHAR_MODEL:
		stdchar_mark(&out->model, src, reason, at_us);
		break;
	case STDCHAR_SERIAL:
		stdchar_mark(&out->serial, src, reason, at_us);
		break;
	case STDCHAR_FIRMWARE:
		stdchar_mark(&out->firmware, src, reason, at_us);
		break;
	case STDCHAR_HARDWARE:
		stdchar_mark(&out->hardware, src, reason, at_us);
		break;
	case STDCHAR_SOFTWARE:
		stdchar_mark(&out->software, src, reason, at_us);
		break;
	case STDCHAR_PNP_ID:
		stdchar_mark(&out->pnp_id, src, reason, at_us);
		break;
	case STDCHAR_BATTERY_LEVEL:
		stdchar_mark(&out->battery_percent, src, reason, at_us);
		break;
	case STDCHAR_BATTERY_LEVEL_STATUS:
		stdchar_mark(&out->battery_status, src, reason, at_us);
		break;
	case STDCHAR_BATTERY_ENERGY_STATUS:
		stdchar_mark(&out->battery_volts, src, reason, at_us);
		break;
	case STDCHAR_CURRENT_TIME:
		stdchar_mark(&out->clock, src, reason, at_us);
		stdchar_mark(&out->clock_skew_s, src, reason, at_us);
		break;
	default:
		break;
	}
}

cJSON *
stdchar_json(const struct stdchar_out *g)
{
	const struct {
		const char		*key;
		const struct reading	*r;
	} keys[] = {
		{ "manufacturer", &g->manufacturer },
		{ "model", &g->model },
		{ "serial", &g->serial },
		{ "firmware", &g->firmware },
		{ "hardware", &g->hardware },
		{ "software", &g->software },
		{ "pnp_id", &g->pnp_id },
		{ "battery_percent", &g->battery_percent },
		{ "battery_volts", &g->battery_volts },
		{ "battery_status", &g->battery_status },
		{ "clock", &g->clock },
		{ "clock_skew_s", &g->clock_skew_s },
		{ "code_slots", &g->code_slots },
	};
	cJSON	*o, *v;
	size_t	 i;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if ((v = reading_json(keys[i].r)) == NULL) {
			cJSON_Delete(o);
			return NULL;
		}
		cJSON_AddItemToObject(o, keys[i].key, v);
	}
	return o;
}
