/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devtab.c - the table of advertisers seen.
 *
 * One slab of `cap` records is allocated by devtab_new(); nothing is
 * allocated per report.  Records are found through a chained hash table
 * keyed by (address, folded address type) and kept on a doubly-linked
 * LRU list, most recently seen at the head, so update, lookup and
 * eviction are O(1) on average; chains and list are indices in a
 * compact array beside the records (struct devtab_meta).
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
#include <sys/mman.h>

#include "adv/devtab.h"
#include "hci/hcidef.h"

/* A report's data always fits a raw slot; devtab_update() relies on it. */
_Static_assert(HCIEVT_ADV_DATA_MAX <= DEV_RAW_MAX,
    "advertising report data must fit struct dev adv/rsp");

/* Exponential smoothing factor for rssi_avg. */
#define DEVTAB_RSSI_ALPHA	0.25

/*
 * A record rounded up to whole cache lines: in a line-aligned slab the
 * fields a report updates (struct dev) share one line in every record.
 */
#define DEVTAB_LINE	64

struct devtab_ent {
	union {
		struct dev	 d;
		uint8_t		 lines[(sizeof(struct dev) + DEVTAB_LINE - 1) /
				    DEVTAB_LINE * DEVTAB_LINE];
	};
};

/*
 * What lookups and the LRU list touch, kept apart from the records in
 * one small array (index i describes slab[i]): a report then costs a few
 * cache lines of this array and of the record it updates, not the lines
 * of its hash-chain and LRU neighbours.
 */
struct devtab_meta {
	uint64_t	 key;		/* devtab_key() */
	uint32_t	 hnext;		/* hash chain */
	uint32_t	 prev, next;	/* LRU list; head = newest */
	bool		 ad_has_txp;	/* record's ad.has_tx_power and */
	int8_t		 ad_txp;	/* ad.tx_power, read per report */
};

#define DEVTAB_NIL	UINT32_MAX

struct devtab {
	struct devtab_ent	 *slab;		/* cap records: devtab_slab() */
	size_t			  slab_bytes;	/* mmap()ed when non-zero */
	struct devtab_meta	 *meta;		/* cap entries, one calloc */
	size_t			  cap;
	size_t			  count;	/* records in use */
	uint32_t		 *buckets;	/* first index of each chain */
	size_t			  nbuckets;	/* power of two,
						   grows with count */
	unsigned		  shift;	/* 64 - log2(nbuckets) */
	size_t			  maxbuckets;	/* for cap records */
	uint64_t		  seed;		/* per-table hash key */
	uint32_t		  head, tail;
	uint64_t		  evicted;
};

/*
 * The record slab, zeroed.  Large slabs are mapped directly and marked
 * for transparent huge pages where the kernel has them: records are
 * touched one by one as devices appear, and on a busy capture (a replay
 * of thousands of devices) small-page faults cost more than the parsing.
 * Untouched parts cost nothing either way.
 */
static struct devtab_ent *
devtab_slab(struct devtab *t, size_t cap)
{
	size_t	 bytes = cap * sizeof(struct devtab_ent);
	void	*p;

	if (bytes < ((size_t)4 << 20)) {
		/* bytes is a multiple of DEVTAB_LINE, as C11 requires. */
		if ((p = aligned_alloc(DEVTAB_LINE, bytes)) != NULL)
			memset(p, 0, bytes);
		return p;
	}
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	(void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
	t->slab_bytes = bytes;
	return p;
}

struct devtab *
devtab_new(size_t cap)
{
	struct devtab	*t;
	size_t		 nb = 16, maxnb = 16;

	if (cap == 0 || cap >= DEVTAB_NIL ||
	    cap > SIZE_MAX / 2 / sizeof(struct devtab_ent))
		return NULL;
	/*
	 * Two to four 4-byte buckets per record in use (devtab_create), so
	 * chains are short and the buckets stay in cache however large cap
	 * is.
	 */
	while (maxnb < 2 * cap)
		maxnb *= 2;
	if ((t = calloc(1, sizeof *t)) == NULL)
		return NULL;
	t->slab = devtab_slab(t, cap);
	t->meta = calloc(cap, sizeof *t->meta);
	t->buckets = malloc(nb * sizeof *t->buckets);
	if (t->slab == NULL || t->meta == NULL || t->buckets == NULL) {
		devtab_free(t);
		return NULL;
	}
	memset(t->buckets, 0xff, nb * sizeof *t->buckets);	/* NIL */
	t->cap = cap;
	t->nbuckets = nb;
	t->shift = 60;
	t->maxbuckets = maxnb;
	t->head = t->tail = DEVTAB_NIL;
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
	if (t->slab_bytes > 0)
		munmap(t->slab, t->slab_bytes);
	else
		free(t->slab);
	free(t->meta);
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

/* The 48-bit address and the folded type in one word; never 0. */
static uint64_t
devtab_key(const uint8_t addr[6], uint8_t type)
{
	return (uint64_t)addr[0] | (uint64_t)addr[1] << 8 |
	    (uint64_t)addr[2] << 16 | (uint64_t)addr[3] << 24 |
	    (uint64_t)addr[4] << 32 | (uint64_t)addr[5] << 40 |
	    (uint64_t)type << 48 | 1ULL << 63;
}

/*
 * Multiplicative (Fibonacci) hashing of the keyed key: the top bits of
 * the product depend on every bit of the key.
 */
static size_t
devtab_hash(const struct devtab *t, uint64_t key)
{
	return (size_t)(((t->seed ^ key) * 0x9e3779b97f4a7c15ULL) >>
	    t->shift);
}

/* The index of the record with key, or DEVTAB_NIL. */
static uint32_t
devtab_lookup(const struct devtab *t, uint64_t key)
{
	uint32_t	i;

	for (i = t->buckets[devtab_hash(t, key)]; i != DEVTAB_NIL;
	    i = t->meta[i].hnext)
		if (t->meta[i].key == key)
			return i;
	return DEVTAB_NIL;
}

static inline void
devtab_lru_unlink(struct devtab *t, uint32_t i)
{
	struct devtab_meta	*m = &t->meta[i];

	if (m->prev != DEVTAB_NIL)
		t->meta[m->prev].next = m->next;
	else
		t->head = m->next;
	if (m->next != DEVTAB_NIL)
		t->meta[m->next].prev = m->prev;
	else
		t->tail = m->prev;
	m->prev = m->next = DEVTAB_NIL;
}

static inline void
devtab_lru_push(struct devtab *t, uint32_t i)
{
	struct devtab_meta	*m = &t->meta[i];

	m->prev = DEVTAB_NIL;
	m->next = t->head;
	if (t->head != DEVTAB_NIL)
		t->meta[t->head].prev = i;
	t->head = i;
	if (t->tail == DEVTAB_NIL)
		t->tail = i;
}

static void
devtab_hash_unlink(struct devtab *t, uint32_t i)
{
	uint32_t	*pp;

	pp = &t->buckets[devtab_hash(t, t->meta[i].key)];
	while (*pp != DEVTAB_NIL && *pp != i)
		pp = &t->meta[*pp].hnext;
	if (*pp == i)
		*pp = t->meta[i].hnext;
	t->meta[i].hnext = DEVTAB_NIL;
}

/*
 * Twice the buckets, every record rehashed (records [0, count) are all
 * in use).  Without memory the chains just get longer.
 */
static void
devtab_grow(struct devtab *t)
{
	uint32_t	*nb;
	size_t		 n = t->nbuckets * 2, b, i;

	if ((nb = malloc(n * sizeof *nb)) == NULL)
		return;
	memset(nb, 0xff, n * sizeof *nb);	/* NIL */
	free(t->buckets);
	t->buckets = nb;
	t->nbuckets = n;
	t->shift--;
	for (i = 0; i < t->count; i++) {
		b = devtab_hash(t, t->meta[i].key);
		t->meta[i].hnext = nb[b];
		nb[b] = (uint32_t)i;
	}
}

/* A fresh record for key, evicting the LRU one when full. */
static uint32_t
devtab_create(struct devtab *t, uint64_t key, const uint8_t addr[6],
    uint8_t type)
{
	struct devtab_ent	*e;
	uint32_t		 i;
	size_t			 b;

	if (t->count * 2 >= t->nbuckets && t->nbuckets < t->maxbuckets)
		devtab_grow(t);
	if (t->count < t->cap)
		i = (uint32_t)t->count++;
	else {
		i = t->tail;
		devtab_lru_unlink(t, i);
		devtab_hash_unlink(t, i);
		t->evicted++;
	}
	e = &t->slab[i];
	memset(e, 0, sizeof *e);
	t->meta[i].ad_has_txp = false;
	t->meta[i].ad_txp = 0;
	memcpy(e->d.addr, addr, 6);
	e->d.addr_type = type;
	e->d.rssi = HC_RSSI_NONE;
	e->d.rssi_min = e->d.rssi_max = HC_RSSI_NONE;
	e->d.tx_power = HC_TXPOWER_NONE;
	t->meta[i].key = key;
	b = devtab_hash(t, key);
	t->meta[i].hnext = t->buckets[b];
	t->buckets[b] = i;
	devtab_lru_push(t, i);
	return i;
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

/*
 * rssi_min stays HC_RSSI_NONE until the first RSSI (the minimum of values
 * that are not HC_RSSI_NONE never is), so it says whether rssi_avg, min
 * and max are set.
 */
static void
devtab_rssi(struct dev *d, int8_t rssi)
{
	if (rssi == HC_RSSI_NONE)
		return;
	d->rssi = rssi;
	if (d->rssi_min == HC_RSSI_NONE) {
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

/*
 * Parse the record's raw slots again into d->ad (and its copy of the TX
 * power in m); DEVTAB_IDENT if that changed what identifies the device.
 * Apart from devtab_update() so the frame of two struct ad_info is set up
 * only when bytes changed.
 */
static unsigned
devtab_parse(struct dev *d, struct devtab_meta *m)
{
	struct ad_info	adv, rsp;
	unsigned	w = 0;

	ad_parse(d->adv, d->adv_len, &adv);
	ad_parse(d->rsp, d->rsp_len, &rsp);
	d->adv_malformed = (uint16_t)adv.n_malformed;
	d->rsp_malformed = (uint16_t)rsp.n_malformed;
	ad_merge(&adv, &rsp);
	if (devtab_ident_changed(&d->ad, &adv))
		w |= DEVTAB_IDENT;
	d->ad = adv;
	m->ad_has_txp = adv.has_tx_power;
	m->ad_txp = adv.tx_power;
	return w;
}

/*
 * Smooth the time between reports (1/8 of each new gap).  Gaps under
 * DEVTAB_GAP_MIN_MS are a scan response after its advertisement, or a
 * duplicate; gaps are capped so that one long silence does not make the
 * device look slow for minutes after it comes back.
 */
#define DEVTAB_GAP_MIN_MS	5
#define DEVTAB_GAP_MAX_MS	60000
static void
devtab_gap(struct dev *d, uint64_t now_ms)
{
	uint64_t	g;

	if (now_ms < d->last_seen_ms + DEVTAB_GAP_MIN_MS)
		return;
	g = now_ms - d->last_seen_ms;
	if (g > DEVTAB_GAP_MAX_MS)
		g = DEVTAB_GAP_MAX_MS;
	if (d->gap_ms == 0)
		d->gap_ms = (uint32_t)g;
	else
		d->gap_ms = (uint32_t)((7 * (uint64_t)d->gap_ms + g) / 8);
}

uint64_t
devtab_stale_after_ms(const struct dev *d)
{
	uint64_t	b = 5 * (uint64_t)d->gap_ms;

	return b > DEVTAB_STALE_MIN_MS ? b : DEVTAB_STALE_MIN_MS;
}

bool
devtab_stale(const struct dev *d, uint64_t now_ms)
{
	return now_ms > d->last_seen_ms &&
	    now_ms - d->last_seen_ms >= devtab_stale_after_ms(d);
}

struct dev *
devtab_update(struct devtab *t, const struct hcievt_adv_report *r,
    uint64_t now_ms, unsigned *what)
{
	struct devtab_ent	*e;
	struct dev		*d;
	unsigned		 w = 0;
	uint64_t		 key;
	uint32_t		 i;
	bool			 resolved, changed;
	uint8_t			 type;
	size_t			 n;

	type = devtab_fold(r->addr_type, &resolved);
	key = devtab_key(r->addr, type);
	if ((i = devtab_lookup(t, key)) == DEVTAB_NIL) {
		i = devtab_create(t, key, r->addr, type);
		t->slab[i].d.first_seen_ms = now_ms;
		w |= DEVTAB_NEW;
	} else if (i != t->head) {
		devtab_lru_unlink(t, i);
		devtab_lru_push(t, i);
	}
	e = &t->slab[i];
	d = &e->d;
	d->resolved = resolved;
	d->extended = d->extended || r->extended;
	if (!(w & DEVTAB_NEW))
		devtab_gap(d, now_ms);
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
	if (changed || (w & DEVTAB_NEW))
		w |= devtab_parse(d, &t->meta[i]);
	d->malformed += (r->evt_type & HC_EXT_EVT_SCAN_RSP) ?
	    d->rsp_malformed : d->adv_malformed;

	devtab_rssi(d, r->rssi);
	if (r->tx_power != HC_TXPOWER_NONE)
		d->tx_power = r->tx_power;
	else if (t->meta[i].ad_has_txp)
		d->tx_power = t->meta[i].ad_txp;

	if (what != NULL)
		*what = w;
	return d;
}

struct dev *
devtab_find(struct devtab *t, const uint8_t addr[6], uint8_t addr_type)
{
	uint32_t	i;

	i = devtab_lookup(t, devtab_key(addr, devtab_fold(addr_type, NULL)));
	return i == DEVTAB_NIL ? NULL : &t->slab[i].d;
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
	uint32_t	i;
	size_t		n = 0;

	for (i = t->head; i != DEVTAB_NIL && n < max; i = t->meta[i].next)
		out[n++] = &t->slab[i].d;
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
