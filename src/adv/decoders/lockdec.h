/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec.h - the interface every lock-signal decoder implements.
 *
 * A decoder looks at a device's merged advertising data (struct ad_info:
 * manufacturer data by company ID, service data by UUID, UUID lists, name,
 * appearance) and, when it recognises its signal, fills a struct
 * lockdec_out.  Decoders are pure: no I/O, no globals, nothing kept.
 * lock.c runs every decoder of its table and combines the results (the
 * most specific family wins; the most specific signal that knows the
 * pairing state gives it).  Each decoder cites the specification or the
 * open implementation its layout follows; lockscope-internals(7) lists
 * them all.
 */
#ifndef LS_ADV_DECODERS_LOCKDEC_H
#define LS_ADV_DECODERS_LOCKDEC_H

#include <stdbool.h>
#include <stdint.h>

#include "adv/ad.h"

/* How specific a signal is; the higher wins. */
enum lockdec_rank {
	LOCKDEC_GENERIC = 1,	/* appearance, lock-like name, company ID */
	LOCKDEC_ECOSYSTEM = 2,	/* HomeKit, Matter: cross-vendor */
	LOCKDEC_VENDOR = 3	/* a vendor's own layout */
};

/* Pairing states (lockscope(1)); pointers to these exact strings. */
#define LOCKDEC_UNPAIRED	"unpaired"	/* factory, setting mode,
						   not registered/bound */
#define LOCKDEC_WINDOW		"pairing_window" /* time-limited enrollment
						   open right now */
#define LOCKDEC_PAIRED		"paired"
#define LOCKDEC_UNKNOWN		"unknown"

struct lockdec_out {
	bool		 is_lock;	/* false: recognised, but not a lock
					   (a HomeKit light, a SwitchBot Bot) */
	const char	*family;	/* as in lockscope(1) (static) */
	const char	*vendor;	/* static, e.g. "TTLock (Sciener)" */
	char		 model[48];	/* "" unknown; e.g. "Lock Pro" */
	const char	*pairing_state;	/* LOCKDEC_*; NULL = this signal says
					   nothing about pairing */
	char		 evidence[128];	/* what was seen, in words a technician
					   understands: "HomeKit status flag:
					   not paired to any controller" */
	int		 battery_percent;	/* -1 unknown */
	int		 battery_mv;		/* -1 unknown */
	char		 lock_state[24];	/* "locked", "unlocked",
						   "jammed", "locking"...;
						   "" unknown */
	char		 protocol[32];	/* "TTLock V3 (5.3)", "HAP CN 3"; "" */
	bool		 encrypted;	/* state is in an encrypted payload:
					   reported as such, never guessed */
	char		 firmware[24];	/* advertised firmware version, as
					   "1.2.3"; "" unknown */
	int		 not_company;	/* 1 + index in ad->mfr of the entry
					   whose company-ID bytes are the
					   vendor's payload, not a SIG
					   company ID; 0 none */
};

/*
 * A decoder: returns true when it recognises its signal in ad (the
 * device's address, little-endian, for layouts that embed it).  out is
 * zeroed with battery fields at -1 before the call; the decoder fills
 * what it knows.  A truncated or malformed vendor payload returns false
 * (or true with only what is certain) and never reads out of bounds.
 */
typedef bool	(*lockdec_fn)(const struct ad_info *ad, const uint8_t addr[6],
		    struct lockdec_out *out);

struct lockdec {
	const char		*name;		/* "ttlock" */
	enum lockdec_rank	 rank;
	lockdec_fn		 decode;
};

/* Reset out to "nothing known" (what lock.c does before each call). */
void	lockdec_out_init(struct lockdec_out *out);

extern const struct lockdec lockdec_homekit, lockdec_matter, lockdec_yale,
	lockdec_generic;
extern const struct lockdec lockdec_ttlock, lockdec_nuki, lockdec_switchbot,
	lockdec_sesame, lockdec_schlage;
extern const struct lockdec lockdec_tuya, lockdec_xiaomi, lockdec_airbnk,
	lockdec_tedee, lockdec_danalock, lockdec_ultraloq, lockdec_igloohome,
	lockdec_noke, lockdec_yeelock, lockdec_dormakaba;

#endif
