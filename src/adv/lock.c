/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lock.c - combine lock signals from advertisements into one reading.
 *
 * Every decoder of lock_decoders[] (src/adv/decoders/lockdec_*.c) is run on the
 * device's merged advertising data, once per view (lock_views(): when
 * several manufacturer-data entries share a company ID, each of them in
 * turn is the one a decoder finds first), and every view's result is a
 * signal.  Then:
 *  - family, vendor, model and is_lock come from the most specific
 *    decoder that named a family (vendor > ecosystem > generic), or
 *    from a vendor decoder that recognised a product that is not a lock;
 *  - pairing_state comes from the most specific decoder that knows it
 *    (a Yale lock's own data says nothing about pairing, its HomeKit
 *    advertisement does), and the evidence then says which signal it was;
 *  - battery comes from the most specific decoder that has it.
 * Appearance values (generic signal): Assigned Numbers §2.6.3.
 */
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"
#include "adv/lock.h"

/* Vendors first; among equal ranks the first match wins. */
static const struct lockdec *const lock_decoders[] = {
	&lockdec_ttlock,
	&lockdec_nuki,
	&lockdec_switchbot,
	&lockdec_yale,
	&lockdec_sesame,
	&lockdec_tuya,
	&lockdec_xiaomi,
	&lockdec_airbnk,
	&lockdec_schlage,
	&lockdec_tedee,
	&lockdec_danalock,
	&lockdec_ultraloq,
	&lockdec_igloohome,
	&lockdec_noke,
	&lockdec_yeelock,
	&lockdec_dormakaba,
	&lockdec_homekit,
	&lockdec_matter,
	&lockdec_generic,
};

static const struct {
	uint16_t	 value;
	const char	*name;
} lock_appearances[] = {
	{ 0x0700, "Access Control" },
	{ 0x0701, "Access Door" },
	{ 0x0702, "Garage Door" },
	{ 0x0703, "Emergency Exit Door" },
	{ 0x0704, "Access Lock" },
	{ 0x0705, "Elevator" },
	{ 0x0706, "Window" },
	{ 0x0707, "Entrance Gate" },
	{ 0x0708, "Door Lock" },
	{ 0x0709, "Locker" },
};

const char *
lock_appearance_name(uint16_t appearance)
{
	size_t	i;

	if (appearance < 0x0700 || appearance > 0x073f)
		return NULL;
	for (i = 0; i < sizeof lock_appearances / sizeof lock_appearances[0];
	    i++)
		if (lock_appearances[i].value == appearance)
			return lock_appearances[i].name;
	return "Access Control";
}

void
lockdec_out_init(struct lockdec_out *out)
{
	memset(out, 0, sizeof *out);
	out->battery_percent = -1;
	out->battery_mv = -1;
}

/*
 * The views of ad that decoders read: view[0] is ad itself; then, for
 * every manufacturer-data entry whose company ID an earlier entry also
 * carries, a copy (in copies[]) with that entry moved first.  Decoders
 * find a company's data with ad_find_mfr() (the first entry), so without
 * the extra views a HomeKit lock's iBeacon behind its HomeKit frame
 * (both Apple 0x004C) would never be read.  Returns the number of views.
 */
static size_t
lock_views(const struct ad_info *ad, struct ad_info copies[AD_MAX_MFR],
    const struct ad_info *view[AD_MAX_MFR])
{
	struct ad_mfr	m;
	size_t		i, k, n = 1;

	view[0] = ad;
	for (i = 1; i < ad->n_mfr && i < AD_MAX_MFR; i++) {
		if (ad_find_mfr(ad, ad->mfr[i].company) == &ad->mfr[i])
			continue;	/* first of its company: view[0] */
		copies[n] = *ad;
		m = ad->mfr[i];
		for (k = i; k > 0; k--)
			copies[n].mfr[k] = copies[n].mfr[k - 1];
		copies[n].mfr[0] = m;
		view[n] = &copies[n];
		n++;
	}
	return n;
}

/* Add a decoder's name to l's signals once. */
static void
lock_add_signal(struct dev_lock *l, const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof l->signals / sizeof l->signals[0]; i++) {
		if (l->signals[i] == NULL) {
			l->signals[i] = name;
			return;
		}
		if (strcmp(l->signals[i], name) == 0)
			return;
	}
}

/* Combine: see the file comment. */
static void
lock_combine(const struct dev *d, struct dev_lock *l)
{
	struct ad_info		 copies[AD_MAX_MFR];
	const struct ad_info	*view[AD_MAX_MFR];
	const struct lockdec	*dec, *fam_dec = NULL, *pair_dec = NULL;
	struct lockdec_out	 o, fam, pair;
	int			 fam_rank = 0, pair_rank = 0, batt_rank = 0;
	size_t			 i, v, nviews;
	bool			 recognised = false;

	lockdec_out_init(&fam);
	lockdec_out_init(&pair);
	nviews = lock_views(&d->ad, copies, view);
	for (i = 0; i < sizeof lock_decoders / sizeof lock_decoders[0] *
	    AD_MAX_MFR; i++) {
		dec = lock_decoders[i / AD_MAX_MFR];
		v = i % AD_MAX_MFR;
		if (v >= nviews)
			continue;
		lockdec_out_init(&o);
		if (!dec->decode(view[v], d->addr, &o))
			continue;
		recognised = true;
		lock_add_signal(l, dec->name);
		l->encrypted |= o.encrypted;
		/*
		 * A vendor's "recognised, not a lock" (a Nuki Opener, a
		 * Sesame Touch) also decides: it beats a lock-like name.
		 */
		if ((o.family != NULL || (!o.is_lock &&
		    dec->rank == LOCKDEC_VENDOR)) &&
		    (int)dec->rank > fam_rank) {
			fam = o;
			fam_dec = dec;
			fam_rank = (int)dec->rank;
		}
		if (o.pairing_state != NULL &&
		    strcmp(o.pairing_state, LOCKDEC_UNKNOWN) != 0 &&
		    (int)dec->rank > pair_rank) {
			pair = o;
			pair_dec = dec;
			pair_rank = (int)dec->rank;
		}
		if ((o.battery_percent >= 0 || o.battery_mv >= 0) &&
		    (int)dec->rank > batt_rank) {
			l->battery_percent = o.battery_percent;
			l->battery_mv = o.battery_mv;
			l->battery_source = "advertisement";
			batt_rank = (int)dec->rank;
		}
		/* Facts a decoder knows whatever its rank. */
		if (o.not_company == 1)
			l->company_not_id = true;
		if (l->firmware[0] == '\0' && o.firmware[0] != '\0')
			memcpy(l->firmware, o.firmware, sizeof l->firmware);
		if (l->lock_state[0] == '\0' && o.lock_state[0] != '\0')
			memcpy(l->lock_state, o.lock_state,
			    sizeof l->lock_state);
	}
	if (!recognised || fam_dec == NULL || !fam.is_lock)
		return;
	l->is_lock = true;
	l->family = fam.family;
	l->vendor = fam.vendor;
	memcpy(l->model, fam.model, sizeof l->model);
	memcpy(l->protocol, fam.protocol, sizeof l->protocol);
	if (fam.lock_state[0] != '\0')
		memcpy(l->lock_state, fam.lock_state, sizeof l->lock_state);
	if (pair_dec == NULL) {
		l->pairing_state = LOCKDEC_UNKNOWN;
		snprintf(l->evidence, sizeof l->evidence, "%s%spairing state "
		    "not advertised%s", fam.evidence, fam.evidence[0] != '\0' ?
		    "; " : "", l->encrypted ? " (payload encrypted)" : "");
	} else if (pair_dec == fam_dec) {
		l->pairing_state = pair.pairing_state;
		snprintf(l->evidence, sizeof l->evidence, "%s", pair.evidence);
	} else {
		l->pairing_state = pair.pairing_state;
		snprintf(l->evidence, sizeof l->evidence, "%s (%s lock also "
		    "advertising %s)", pair.evidence, fam.family,
		    pair_dec->name);
	}
}

/* Voltage packs: {above mV: pack, critical below, low below}. */
static const struct {
	int	min_mv;
	int	critical_mv;
	int	low_mv;
} lock_volt_packs[] = {
	{ 4000, 4800, 5200 },	/* Airbnk M series, 4 cells */
	{ 0, 2300, 2500 },	/* Airbnk B100, 2 cells */
};

enum lock_batt
lock_battery_level(const struct dev_lock *l)
{
	size_t	i;

	if (l->battery_percent >= 0) {
		if (l->battery_percent < 15)
			return LOCK_BATT_CRITICAL;
		return l->battery_percent < 30 ? LOCK_BATT_LOW : LOCK_BATT_OK;
	}
	if (l->battery_mv < 0)
		return LOCK_BATT_UNKNOWN;
	for (i = 0; i < sizeof lock_volt_packs / sizeof lock_volt_packs[0];
	    i++) {
		if (l->battery_mv < lock_volt_packs[i].min_mv)
			continue;
		if (l->battery_mv < lock_volt_packs[i].critical_mv)
			return LOCK_BATT_CRITICAL;
		return l->battery_mv < lock_volt_packs[i].low_mv ?
		    LOCK_BATT_LOW : LOCK_BATT_OK;
	}
	return LOCK_BATT_UNKNOWN;
}

const char *
lock_battery_level_str(enum lock_batt b)
{
	switch (b) {
	case LOCK_BATT_OK:
		return "ok";
	case LOCK_BATT_LOW:
		return "low";
	case LOCK_BATT_CRITICAL:
		return "critical";
	default:
		return NULL;
	}
}

bool
lock_classify(struct dev *d)
{
	struct dev_lock	l;

	memset(&l, 0, sizeof l);
	l.battery_percent = -1;
	l.battery_mv = -1;
	lock_combine(d, &l);
	if (memcmp(&l, &d->lock, sizeof l) == 0)
		return false;
	d->lock = l;
	d->seq++;
	return true;
}
