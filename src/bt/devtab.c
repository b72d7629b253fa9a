/*
 * devtab.c - the table of advertisers seen.
 *
 * One slab of `cap` records is allocated by devtab_new(); nothing is
 * allocated per report.  Records are found through a chained hash table
 * keyed by (address, folded address type) and kept on an intrusive
 * doubly-linked LRU list, most recently seen at the head, so update,
 * lookup and eviction are O(1) on average.
 *
 * Address types (Core 5.4 Vol 4 Part E §7.7.65.2 / §7.7.65.13): a
 * resolved RPA is reported as Public/Random Identity Address (0x02/0x03);
 * those are folded into public/random with `resolved` set, so a device
 * seen both before and after its IRK was loaded stays one record.
 * Anonymous advertisements (0xff) carry no address and are filed as
 * random.
 *
 * Deliberately not done here: lock classification (struct dev_lock and
 * seq belong to the classifier), time-based expiry (callers decide what
 * "gone" means), any I/O.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hcidef.h"
#include "devtab.h"

/* A report's data always fits a raw slot; devtab_update() relies on it. */
_Static_assert(HCIEVT_ADV_DATA_MAX <= DEV_RAW_MAX,
    "advertising report data must fit struct dev adv/rsp");

/* Exponential smoothing factor for rssi_avg. */
#define DEVTAB_RSSI_ALPHA	0.25

struct devtab_ent {
	struct dev		 d;		/* first: &ent->d == ent */
	struct devtab_ent	*hnext;		/* hash chain */
	struct devtab_ent	*prev, *next;	/* LRU list; head = newest */
	bool			 has_rssi;	/* rssi_avg/min/max are set */
};

struct devtab {
	struct devtab_ent	 *slab;		/* cap records, one calloc */
	size_t			  cap;
	size_t			  count;	/* records in use */
	struct devtab_ent	**buckets;
	size_t			  nbuckets;	/* power of two */
	uint64_t		  seed;		/* per-table hash key */
	struct devtab_ent	 *head, *tail;
	uint64_t		  evicted;
};

struct devtab *
devtab_new(size_t cap)
{
	struct devtab	*t;
	size_t		 nb = 16;

	if (cap == 0 || cap > SIZE_MAX / 2 / sizeof(struct devtab_ent))
		return NULL;
	while (nb < cap * 2)
		nb *= 2;
	if ((t = calloc(1, sizeof *t)) == NULL)
		return NULL;
	t->slab = calloc(cap, sizeof *t->slab);
	t->buckets = calloc(nb, sizeof *t->buckets);
	if (t->slab == NULL || t->buckets == NULL) {
		devtab_free(t);
		return NULL;
	}
	t->cap = cap;
	t->nbuckets = nb;
	/*
	 * Addresses are chosen by advertisers.  Keying the hash with the
	 * table's own address (randomised by ASLR) makes colliding
	 * addresses hard to precompute; the cap bounds the damage anyway.
	 */
	t->seed = (uint64_t)(uintptr_t)t ^ 0x9e3779b97f4a7c15ULL;
	return t;
}

void
devtab_free(struct devtab *t)
{
	if (t == NULL)
		return;
	free(t->slab);
	free(t->buckets);
	free(t);
}

/* Fold a report's address type into HC_ADDR_PUBLIC / HC_ADDR_RANDOM. */
static uint8_t
devtab_fold(uint8_t type, bool *resolved)
{
	bool	r = false;
	uint8_t	folded;

	switch (type) {
	case HC_ADDR_PUBLIC:
		folded = HC_ADDR_PUBLIC;
		break;
	case HC_ADDR_PUBLIC_ID:
		folded = HC_ADDR_PUBLIC;
		r = true;
		break;
	case HC_ADDR_RANDOM_ID:
		folded = HC_ADDR_RANDOM;
		r = true;
		break;
	default:	/* HC_ADDR_RANDOM, HC_ADDR_ANONYMOUS, reserved */
		folded = HC_ADDR_RANDOM;
		break;
	}
	if (resolved != NULL)
		*resolved = r;
	return folded;
}

/* splitmix64 finaliser over the 48-bit address and the type. */
static size_t
devtab_hash(const struct devtab *t, const uint8_t addr[6], uint8_t type)
{
	uint64_t	x = t->seed;
	int		i;

	for (i = 0; i < 6; i++)
		x ^= (uint64_t)addr[i] << (8 * i);
	x ^= (uint64_t)type << 48;
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (size_t)(x & (t->nbuckets - 1));
}

static struct devtab_ent *
devtab_lookup(struct devtab *t, const uint8_t addr[6], uint8_t type)
{
	struct devtab_ent	*e;

	for (e = t->buckets[devtab_hash(t, addr, type)]; e != NULL;
	    e = e->hnext)
		if (e->d.addr_type == type && memcmp(e->d.addr, addr, 6) == 0)
			return e;
	return NULL;
}

static void
devtab_lru_unlink(struct devtab *t, struct devtab_ent *e)
{
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		t->head = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		t->tail = e->prev;
	e->prev = e->next = NULL;
}

static void
devtab_lru_push(struct devtab *t, struct devtab_ent *e)
{
	e->prev = NULL;
	e->next = t->head;
	if (t->head != NULL)
		t->head->prev = e;
	t->head = e;
	if (t->tail == NULL)
		t->tail = e;
}

static void
devtab_hash_unlink(struct devtab *t, struct devtab_ent *e)
{
	struct devtab_ent	**pp;

	pp = &t->buckets[devtab_hash(t, e->d.addr, e->d.addr_type)];
	while (*pp != NULL && *pp != e)
		pp = &(*pp)->hnext;
	if (*pp == e)
		*pp = e->hnext;
	e->hnext = NULL;
}

/* A fresh record for (addr, type), evicting the LRU one when full. */
static struct devtab_ent *
devtab_create(struct devtab *t, const uint8_t addr[6], uint8_t type)
{
	struct devtab_ent	*e;
	size_t			 b;

	if (t->count < t->cap)
		e = &t->slab[t->count++];
	else {
		e = t->tail;
		devtab_lru_unlink(t, e);
		devtab_hash_unlink(t, e);
		t->evicted++;
	}
	memset(e, 0, sizeof *e);
	memcpy(e->d.addr, addr, 6);
	e->d.addr_type = type;
	e->d.rssi = HC_RSSI_NONE;
	e->d.rssi_min = e->d.rssi_max = HC_RSSI_NONE;
	e->d.tx_power = HC_TXPOWER_NONE;
	b = devtab_hash(t, addr, type);
	e->hnext = t->buckets[b];
	t->buckets[b] = e;
	devtab_lru_push(t, e);
	return e;
}

/* Is every UUID of a also in b, and the counts equal? */
static bool
devtab_uuidset_eq(const struct ad_uuid *a, size_t na,
    const struct ad_uuid *b, size_t nb)
{
	size_t	i, j;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++) {
		for (j = 0; j < nb; j++)
			if (ad_uuid_eq(&a[i], &b[j]))
				break;
		if (j == nb)
			return false;
	}
	return true;
}

static bool
devtab_svcuuids_eq(const struct ad_info *a, const struct ad_info *b)
{
	struct ad_uuid	ua[AD_MAX_SVCDATA], ub[AD_MAX_SVCDATA];
	size_t		i, n = a->n_svcdata;

	if (n != b->n_svcdata)
		return false;
	if (n > AD_MAX_SVCDATA)
		n = AD_MAX_SVCDATA;
	for (i = 0; i < n; i++) {
		ua[i] = a->svcdata[i].uuid;
		ub[i] = b->svcdata[i].uuid;
	}
	return devtab_uuidset_eq(ua, n, ub, n);
}

static bool
devtab_companies_eq(const struct ad_info *a, const struct ad_info *b)
{
	size_t	i;

	if (a->n_mfr != b->n_mfr)
		return false;
	for (i = 0; i < a->n_mfr && i < AD_MAX_MFR; i++)
		if (ad_find_mfr(b, a->mfr[i].company) == NULL)
			return false;
	return true;
}

/* Did anything a decoder identifies a device by change? */
static bool
devtab_ident_changed(const struct ad_info *a, const struct ad_info *b)
{
	if (a->has_name != b->has_name ||
	    a->name_complete != b->name_complete ||
	    a->name_len != b->name_len ||
	    memcmp(a->name, b->name, a->name_len) != 0)
		return true;
	if (a->n_uuids != b->n_uuids ||
	    !devtab_uuidset_eq(a->uuids, a->n_uuids > AD_MAX_UUIDS ?
	    AD_MAX_UUIDS : a->n_uuids, b->uuids, b->n_uuids > AD_MAX_UUIDS ?
	    AD_MAX_UUIDS : b->n_uuids))
		return true;
	if (a->has_appearance != b->has_appearance ||
	    (a->has_appearance && a->appearance != b->appearance))
		return true;
	if (a->has_flags != b->has_flags ||
	    (a->has_flags && a->flags != b->flags))
		return true;
	return !devtab_companies_eq(a, b) || !devtab_svcuuids_eq(a, b);
}

/* Store data into a raw slot; true when the bytes differ from before. */
static bool
devtab_store(uint8_t *slot, uint8_t *slot_len, const uint8_t *p, size_t n)
{
	if (n > DEV_RAW_MAX)
		n = DEV_RAW_MAX;
	if (*slot_len == n && memcmp(slot, p, n) == 0)
		return false;
	memcpy(slot, p, n);
	*slot_len = (uint8_t)n;
	return true;
}

static void
devtab_rssi(struct devtab_ent *e, int8_t rssi)
{
	struct dev	*d = &e->d;

	if (rssi == HC_RSSI_NONE)
		return;
	d->rssi = rssi;
	if (!e->has_rssi) {
		e->has_rssi = true;
		d->rssi_avg = rssi;
		d->rssi_min = d->rssi_max = rssi;
		return;
	}
	d->rssi_avg += DEVTAB_RSSI_ALPHA * (rssi - d->rssi_avg);
	if (rssi < d->rssi_min)
		d->rssi_min = rssi;
	if (rssi > d->rssi_max)
		d->rssi_max = rssi;
}

struct dev *
devtab_update(struct devtab *t, const struct hcievt_adv_report *r,
    uint64_t now_ms, unsigned *what)
{
	struct devtab_ent	*e;
	struct dev		*d;
	struct ad_info		 adv, rsp;
	unsigned		 w = 0;
	bool			 resolved, changed;
	uint8_t			 type;
	size_t			 n;

	type = devtab_fold(r->addr_type, &resolved);
	if ((e = devtab_lookup(t, r->addr, type)) == NULL) {
		e = devtab_create(t, r->addr, type);
		e->d.first_seen_ms = now_ms;
		w |= DEVTAB_NEW;
	} else if (e != t->head) {
		devtab_lru_unlink(t, e);
		devtab_lru_push(t, e);
	}
	d = &e->d;
	d->resolved = resolved;
	d->extended = d->extended || r->extended;
	d->last_seen_ms = now_ms;
	d->reports++;

	n = r->data_len;	/* uint8_t: never past r->data[255] */
	if (r->evt_type & HC_EXT_EVT_SCAN_RSP) {
		changed = devtab_store(d->rsp, &d->rsp_len, r->data, n);
	} else {
		changed = devtab_store(d->adv, &d->adv_len, r->data, n);
		d->evt_type = r->evt_type;
	}
	if (changed)
		w |= DEVTAB_AD;

	/*
	 * Unchanged bytes parse to what d->ad already holds: most reports
	 * repeat the last ones, so the parse is skipped for them.
	 */
	if (changed || (w & DEVTAB_NEW)) {
		ad_parse(d->adv, d->adv_len, &adv);
		ad_parse(d->rsp, d->rsp_len, &rsp);
		d->adv_malformed = (uint16_t)adv.n_malformed;
		d->rsp_malformed = (uint16_t)rsp.n_malformed;
		ad_merge(&adv, &rsp);
		if (devtab_ident_changed(&d->ad, &adv))
			w |= DEVTAB_IDENT;
		d->ad = adv;
	}
	d->malformed += (r->evt_type & HC_EXT_EVT_SCAN_RSP) ?
	    d->rsp_malformed : d->adv_malformed;

	devtab_rssi(e, r->rssi);
	if (r->tx_power != HC_TXPOWER_NONE)
		d->tx_power = r->tx_power;
	else if (d->ad.has_tx_power)
		d->tx_power = d->ad.tx_power;

	if (what != NULL)
		*what = w;
	return d;
}

struct dev *
devtab_find(struct devtab *t, const uint8_t addr[6], uint8_t addr_type)
{
	struct devtab_ent	*e;

	e = devtab_lookup(t, addr, devtab_fold(addr_type, NULL));
	return e == NULL ? NULL : &e->d;
}

size_t
devtab_count(const struct devtab *t)
{
	return t->count;
}

uint64_t
devtab_evicted(const struct devtab *t)
{
	return t->evicted;
}

size_t
devtab_list(struct devtab *t, struct dev **out, size_t max)
{
	struct devtab_ent	*e;
	size_t			 n = 0;

	for (e = t->head; e != NULL && n < max; e = e->next)
		out[n++] = &e->d;
	return n;
}

const char *
devtab_addr_type_str(uint8_t addr_type)
{
	switch (addr_type) {
	case HC_ADDR_PUBLIC:
	case HC_ADDR_PUBLIC_ID:
		return "public";
	case HC_ADDR_RANDOM:
	case HC_ADDR_RANDOM_ID:
	case HC_ADDR_ANONYMOUS:
		return "random";
	default:
		return "unknown";
	}
}
