/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devtab.h - the table of advertisers seen, keyed by address and address
 * type.
 *
 * Each advertising report is merged into its device's record: the last
 * advertisement and the last scan response are kept (raw, capped) and
 * parsed, and a merged view (struct ad_info) is what decoders read.  RSSI
 * is kept last and smoothed; first/last seen and a report count are kept.
 *
 * Memory is bounded: the table holds at most `cap` records.  When full, a
 * new device evicts the record that was seen least recently (LRU, O(1)).
 * Records returned by lookups are borrowed: they stay valid until the
 * next devtab_update() or devtab_free().  A new record is zeroed, except
 * for what devtab_update() fills.
 */
#ifndef LS_ADV_DEVTAB_H
#define LS_ADV_DEVTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adv/ad.h"
#include "hci/hcievt.h"

#define DEV_RAW_MAX	255

/* Lock reading filled by the lock classifier (src/adv/lock.h). */
struct dev_lock {
	bool		is_lock;
	const char	*family;	/* as in lockscope(1); NULL = none */
	const char	*vendor;	/* static string or NULL */
	char		 model[48];	/* "" = unknown */
	const char	*pairing_state;	/* "unpaired"... NULL = not a lock */
	char		 evidence[256];	/* "" = none */
	int		 battery_percent;	/* -1 unknown */
	int		 battery_mv;		/* -1 unknown */
	const char	*battery_source;	/* "advertisement" or NULL */
	char		 lock_state[24];	/* "" unknown */
	char		 protocol[32];		/* "" unknown */
	bool		 encrypted;		/* state not readable */
	const char	*signals[4];		/* decoders that matched */
	char		 firmware[24];		/* advertised; "" unknown */
	bool		 company_not_id;	/* ad.mfr[0]'s company-ID
						   bytes are a vendor's
						   payload (TTLock, Airbnk) */
};

/*
 * The fields a report updates come first, in one 64-byte line; each raw
 * slot starts with its length, so a short advertisement or scan response
 * is one more line (devtab.c keeps records line-aligned).
 */
struct dev {
	uint8_t		addr[6];	/* little-endian, as on the wire */
	uint8_t		addr_type;	/* HC_ADDR_PUBLIC or HC_ADDR_RANDOM
					   (identity types folded in) */
	bool		resolved;	/* report said *_ID (RPA resolved) */
	uint16_t	evt_type;	/* HC_EXT_EVT_* of the last adv PDU */
	bool		extended;	/* seen through extended reports */
	int8_t		rssi;		/* last, dBm; HC_RSSI_NONE unknown */
	int8_t		rssi_min, rssi_max;
	int8_t		tx_power;	/* report or AD; HC_TXPOWER_NONE */
	uint16_t	adv_malformed;	/* malformed AD structures in adv */
	uint16_t	rsp_malformed;	/* ... and in rsp, as last parsed */
	uint32_t	reports;	/* advertising reports merged */
	uint32_t	malformed;	/* malformed AD structures seen */
	uint32_t	seq;		/* bumped when decoded state changes */
	double		rssi_avg;	/* exponentially smoothed, dBm */
	uint64_t	first_seen_ms;	/* wall clock, ms since epoch */
	uint64_t	last_seen_ms;
	uint32_t	gap_ms;		/* usual time between reports,
					   smoothed; 0 until two were seen */
	uint8_t		adv_len;
	uint8_t		adv[DEV_RAW_MAX];	/* last advertisement data */
	uint8_t		rsp_len;
	uint8_t		rsp[DEV_RAW_MAX];	/* last scan response data */
	uint64_t	out_fp;		/* owned by the output layer: the
					   fingerprint it last printed */
	struct ad_info	ad;		/* merged parse of adv + rsp */
	struct dev_lock	lock;		/* filled by lock_classify() */
};

/* What devtab_update() changed; a bit set. */
#define DEVTAB_NEW	0x01	/* first report from this device */
#define DEVTAB_AD	0x02	/* advertisement or scan response bytes
				   differ from the last ones seen */
#define DEVTAB_IDENT	0x04	/* name, UUIDs, appearance, flags, company
				   or service-data UUIDs changed */

struct devtab;

/* New table holding at most cap records (cap >= 1).  NULL if no memory. */
struct devtab	*devtab_new(size_t cap);

/* Free the table and every record.  NULL is a no-op. */
void		 devtab_free(struct devtab *);

/*
 * Merge one report seen at now_ms (wall clock).  Reports whose data is
 * incomplete (HC_DATA_INCOMPLETE) are merged as they are; truncated
 * data is kept and parsed as far as it goes.  *what gets DEVTAB_* bits.
 * Returns the record, or NULL only when out of memory.
 */
struct dev	*devtab_update(struct devtab *,
		    const struct hcievt_adv_report *, uint64_t now_ms,
		    unsigned *what);

/* Look a device up; addr_type is HC_ADDR_PUBLIC or HC_ADDR_RANDOM. */
struct dev	*devtab_find(struct devtab *, const uint8_t addr[6],
		    uint8_t addr_type);

size_t		 devtab_count(const struct devtab *);
uint64_t	 devtab_evicted(const struct devtab *);

/*
 * Fill out[] with up to max records, most recently seen first.  Returns
 * the number filled.
 */
size_t		 devtab_list(struct devtab *, struct dev **out, size_t max);

/*
 * Silence: a device is stale when it has not been heard for 5 times its
 * usual report interval (gap_ms), and at least DEVTAB_STALE_MIN_MS.
 * devtab_stale_after_ms() is that bound for d; devtab_stale() compares
 * now_ms (the wall clock of devtab_update) with d's last report.
 */
#define DEVTAB_STALE_MIN_MS	10000
uint64_t	 devtab_stale_after_ms(const struct dev *d);
bool		 devtab_stale(const struct dev *d, uint64_t now_ms);

/* "public" or "random" for a struct dev addr_type. */
const char	*devtab_addr_type_str(uint8_t addr_type);

#endif
