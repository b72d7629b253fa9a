/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * std_chars.h - pure decoders for the standard GATT characteristics a lock
 * may expose without authorization: Device Information strings and PnP
 * ID, Battery Level, Battery Level Status, Battery Energy Status, and
 * Current Time.
 *
 * Layouts are from the Bluetooth GATT Specification Supplement (GSS)
 * and the service specifications cited next to each decoder.  Every
 * decoder is a function of (bytes, length) and a context (wall time of
 * the read, the laptop's clock): no I/O, no global state, the input is
 * never kept.  The results are readings (src/util/reading.h) with
 * provenance "observed" and source "gatt XXXX"; a value the decoder
 * cannot use becomes "unavailable" with a reason.
 *
 * Shared by inspect (live GATT) and the capture reader (replay), so the
 * interface is kept stable.  Characteristics that are not in the table
 * are never decoded: their values may hold secrets.
 */
#ifndef LS_GATT_STD_CHARS_H
#define LS_GATT_STD_CHARS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/reading.h"

struct cJSON;

/* 16-bit UUIDs, Bluetooth Assigned Numbers §3.4 / §3.8. */
#define STDCHAR_SVC_DIS			0x180A
#define STDCHAR_SVC_BATTERY		0x180F
#define STDCHAR_SVC_CTS			0x1805
#define STDCHAR_MANUFACTURER		0x2A29
#define STDCHAR_MODEL			0x2A24
#define STDCHAR_SERIAL			0x2A25
#define STDCHAR_FIRMWARE		0x2A26
#define STDCHAR_HARDWARE		0x2A27
#define STDCHAR_SOFTWARE		0x2A28
#define STDCHAR_PNP_ID			0x2A50
#define STDCHAR_BATTERY_LEVEL		0x2A19
#define STDCHAR_BATTERY_LEVEL_STATUS	0x2BED
#define STDCHAR_BATTERY_ENERGY_STATUS	0x2BF0
#define STDCHAR_CURRENT_TIME		0x2A2B

/* IEEE 11073-20601 SFLOAT (GSS §2.3 "medfloat16"). */
enum stdchar_sfloat_kind {
	STDCHAR_SF_FINITE = 0,
	STDCHAR_SF_NAN,		/* 0x07FF Not a Number */
	STDCHAR_SF_NRES,	/* 0x0800 Not at this Resolution */
	STDCHAR_SF_POS_INF,	/* 0x07FE +INFINITY */
	STDCHAR_SF_NEG_INF,	/* 0x0802 -INFINITY */
	STDCHAR_SF_RESERVED	/* 0x0801 reserved for future use */
};

struct stdchar_sfloat {
	enum stdchar_sfloat_kind kind;
	int		 mantissa;	/* -2048..2047 (FINITE only) */
	int		 exponent;	/* -8..7 */
	double		 value;		/* mantissa * 10^exponent, 0 else */
};

/*
 * PnP ID (GSS "PnP ID"; Device Information Service 1.1 §3.9): vendor ID
 * source, vendor, product, version.
 */
struct stdchar_pnp {
	uint8_t		 vendor_source;	/* 1 Bluetooth SIG, 2 USB-IF */
	uint16_t	 vendor;
	uint16_t	 product;
	uint16_t	 version;
};

/* Battery Level Status, GSS v8 §3.28 (BAS 1.1). */
struct stdchar_bls {
	uint8_t		 flags;
	uint16_t	 power_state;
	bool		 has_identifier, has_level, has_additional;
	uint16_t	 identifier;
	uint8_t		 level;		/* percent, when has_level */
	uint8_t		 additional;
	bool		 battery_present;
	uint8_t		 wired_power;	/* 0 no, 1 yes, 2 unknown */
	uint8_t		 wireless_power;
	uint8_t		 charge_state;	/* 0 unknown, 1 charging, 2 discharging
					   active, 3 discharging inactive */
	uint8_t		 charge_level;	/* 0 unknown, 1 good, 2 low,
					   3 critical */
	uint8_t		 charging_type;
	uint8_t		 charging_fault;	/* bits: battery, external,
						   other */
	uint8_t		 service_required;	/* 0 false, 1 true, 2 unknown */
	bool		 battery_fault;
};

/* Battery Energy Status, GSS v8 §3.23 (BAS 1.1). */
struct stdchar_bes {
	uint8_t		 flags;
	bool		 has_external_power, has_voltage, has_energy,
			 has_capacity, has_charge_rate, has_last_charge;
	struct stdchar_sfloat external_power;	/* W */
	struct stdchar_sfloat voltage;		/* V */
	struct stdchar_sfloat energy;		/* kWh */
	struct stdchar_sfloat capacity;		/* kWh */
	struct stdchar_sfloat charge_rate;	/* W */
	struct stdchar_sfloat last_charge;	/* kWh */
};

/*
 * Current Time (Current Time Service 1.1 §3.1): Exact Time 256 = Day
 * Date Time (Date Time, GSS v8 §3.70, + Day of Week) + Fractions256,
 * then Adjust Reason.  The time is the lock's local time.
 */
struct stdchar_time {
	uint16_t	 year;		/* 0 = not known */
	uint8_t		 month;		/* 1-12, 0 not known */
	uint8_t		 day;		/* 1-31, 0 not known */
	uint8_t		 hours, minutes, seconds;
	uint8_t		 day_of_week;	/* 1 Monday .. 7 Sunday, 0 unknown */
	uint8_t		 fractions256;
	uint8_t		 adjust_reason;	/* bit0 manual, bit1 external ref,
					   bit2 time zone, bit3 DST */
};

/*
 * What a decoder needs besides the bytes.  at_us stamps the readings;
 * laptop_us is the laptop's wall clock (UTC µs) at the read and
 * laptop_utc_offset_s the laptop's local offset from UTC then, so the
 * lock's local Current Time can be compared (clock skew).
 */
struct stdchar_ctx {
	uint64_t	 at_us;
	uint64_t	 laptop_us;
	long		 laptop_utc_offset_s;
};

/*
 * The "gatt" readings of one device, named as in the JSON object
 * (lockscope-inspect(1), JSON OUTPUT).  Unset readings print as null.
 */
struct stdchar_out {
	struct reading	 manufacturer, model, serial, firmware, hardware,
			 software, pnp_id;
	struct reading	 battery_percent, battery_volts, battery_status;
	struct reading	 clock, clock_skew_s;
	struct reading	 code_slots;
};

/* Entry of the table of known characteristics. */
struct stdchar_char {
	uint16_t	 uuid;
	const char	*key;		/* JSON key in stdchar_out */
	const char	*label;		/* human label, "Firmware" */
	uint16_t	 fixed_len;	/* exact size, 0 = variable */
};

/*
 * The known standard characteristic with this 16-bit UUID, or NULL.
 * Only characteristics found here may have their values read.
 */
const struct stdchar_char *stdchar_find(uint16_t uuid);

/* The table, in inspection order; *n gets its length. */
const struct stdchar_char *stdchar_table(size_t *n);

/* Decode a raw SFLOAT (special values per IEEE 11073-20601 §F.8). */
void		 stdchar_sfloat(uint16_t raw, struct stdchar_sfloat *out);

/*
 * A UTF-8 string characteristic (GSS "utf8s"): trailing NULs removed
 * (vendors pad), then printable UTF-8 as text, anything else as "hex:"
 * followed by the bytes in hex.  Longer values are cut to fit a reading.
 */
void		 stdchar_string(uint16_t uuid, const uint8_t *p, size_t n,
		    const struct stdchar_ctx *, struct reading *r);

/*
 * Fixed-layout decoders.  Each returns LS_OK, or LS_EMALFORMED (eb
 * filled) for a value that does not fit the layout; on error the
 * readings are unavailable with reason "malformed value".
 */
enum ls_err	 stdchar_pnp_id(const uint8_t *p, size_t n,
		    const struct stdchar_ctx *, struct stdchar_pnp *out,
		    struct reading *r, struct ls_errbuf *eb);
enum ls_err	 stdchar_battery_level(const uint8_t *p, size_t n,
		    const struct stdchar_ctx *, struct reading *percent,
		    struct ls_errbuf *eb);
enum ls_err	 stdchar_battery_level_status(const uint8_t *p, size_t n,
		    const struct stdchar_ctx *, struct stdchar_bls *out,
		    struct reading *status, struct reading *percent,
		    struct ls_errbuf *eb);
enum ls_err	 stdchar_battery_energy_status(const uint8_t *p, size_t n,
		    const struct stdchar_ctx *, struct stdchar_bes *out,
		    struct reading *volts, struct ls_errbuf *eb);
enum ls_err	 stdchar_current_time(const uint8_t *p, size_t n,
		    const struct stdchar_ctx *, struct stdchar_time *out,
		    struct reading *clock, struct reading *skew_s,
		    struct ls_errbuf *eb);

/*
 * Decode the value of a known characteristic into its place in *out.
 * Battery Level (2a19) wins over the level inside Battery Level Status
 * (2bed) whatever the order of the calls.  Unknown UUIDs are refused
 * with LS_EINTERNAL and leave *out alone.
 */
enum ls_err	 stdchar_decode(uint16_t uuid, const uint8_t *p, size_t n,
		    const struct stdchar_ctx *, struct stdchar_out *out,
		    struct ls_errbuf *eb);

/*
 * Mark a known characteristic unavailable (read failed, not present with
 * a reason) in its place in *out.  Does not overwrite a reading already
 * there (observed, or unavailable for an earlier reason).
 */
void		 stdchar_unavailable(uint16_t uuid, const char *reason,
		    uint64_t at_us, struct stdchar_out *out);

/*
 * The "gatt" JSON object: every key of struct stdchar_out, each a
 * reading (null when unset).  Caller frees; NULL when out of memory.
 */
struct cJSON	*stdchar_json(const struct stdchar_out *);

#endif
