/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * extadv.c - extended advertising reassembly (extadv.h).
 *
 * Event_Type data status (Core 5.4 Vol 4 Part E §7.7.65.13, bits 5-6):
 * 0b00 complete, 0b01 incomplete with more data to come, 0b10
 * incomplete and truncated; 0b11 is reserved and rejected by
 * hcievt_adv_reports() before it gets here.
 */
#include <string.h>

#include "hci/extadv.h"
#include "hci/hcidef.h"

void
extadv_init(struct extadv *x)
{
	memset(x, 0, sizeof *x);
}

static bool
extadv_same(const struct hcievt_adv_report *a,
    const struct hcievt_adv_report *b)
{
	return a->addr_type == b->addr_type &&
	    memcmp(a->addr, b->addr, 6) == 0 && a->sid == b->sid &&
	    (a->evt_type & HC_EXT_EVT_SCAN_RSP) ==
	    (b->evt_type & HC_EXT_EVT_SCAN_RSP);
}

static struct extadv_slot *
extadv_find(struct extadv *x, const struct hcievt_adv_report *r)
{
	size_t	i;

	for (i = 0; i < EXTADV_SLOTS; i++)
		if (x->slot[i].used && extadv_same(&x->slot[i].r, r))
			return &x->slot[i];
	return NULL;
}

/* A free slot: stale ones are abandoned, else the oldest gives way. */
static struct extadv_slot *
extadv_take(struct extadv *x, uint64_t now_ms)
{
	struct extadv_slot	*s, *old = NULL;
	size_t			 i;

	for (i = 0; i < EXTADV_SLOTS; i++) {
		s = &x->slot[i];
		if (s->used && now_ms - s->since_ms >= EXTADV_STALE_MS) {
			s->used = false;
			x->stats.abandoned++;
		}
	}
	for (i = 0; i < EXTADV_SLOTS; i++) {
		s = &x->slot[i];
		if (!s->used)
			return s;
		if (old == NULL || s->since_ms < old->since_ms)
			old = s;
	}
	x->stats.abandoned++;
	return old;
}

static void
extadv_append(struct extadv_slot *s, const struct hcievt_adv_report *r)
{
	uint8_t	keep[HCIEVT_ADV_DATA_MAX];
	size_t	have = s->r.data_len;

	if (s->overflow)
		return;
	if (have + r->data_len > HCIEVT_ADV_DATA_MAX) {
		s->overflow = true;
		return;
	}
	memcpy(keep, s->r.data, have);
	/* The latest piece has the latest RSSI; the data accumulates. */
	s->r = *r;
	memcpy(s->r.data, keep, have);
	memcpy(s->r.data + have, r->data, r->data_len);
	s->r.data_len = (uint8_t)(have + r->data_len);
}

void
extadv_feed(struct extadv *x, const struct hcievt_adv_report *r,
    uint64_t now_ms, hcievt_adv_fn fn, void *arg)
{
	struct extadv_slot	*s;
	unsigned		 st;

	if (!r->extended || (r->evt_type & HC_EXT_EVT_LEGACY))
		goto pass;
	st = HC_EXT_EVT_DATA_STATUS(r->evt_type);
	s = extadv_find(x, r);
	switch (st) {
	case HC_DATA_INCOMPLETE:
		if (s == NULL) {
			s = extadv_take(x, now_ms);
			memset(s, 0, sizeof *s);
			s->used = true;
			s->since_ms = now_ms;
			s->r = *r;
			s->r.data_len = 0;
		}
		extadv_append(s, r);
		return;
	case HC_DATA_TRUNCATED:
		if (s != NULL)
			s->used = false;
		x->stats.truncated++;
		return;
	default:
		break;
	}
	if (s == NULL)
		goto pass;
	s->used = false;
	extadv_append(s, r);
	if (s->overflow) {
		x->stats.too_long++;
		return;
	}
	s->r.evt_type &= (uint16_t)~(0x03u << 5);
	x->stats.reassembled++;
	fn(&s->r, arg);
	return;
pass:
	fn(r, arg);
}
