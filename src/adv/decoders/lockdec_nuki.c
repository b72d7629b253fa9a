/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_nuki.c - Nuki Smart Lock (1.0-4.0, Ultra) and Nuki Opener: the
 * Nuki state (uninitialised, pairing mode, door mode) from which
 * advertisement the device sends.
 *
 * Nuki has no SIG company ID.  Its states, per the sources below:
 *   - uninitialised: service data (AD 0x21) for the keyturner
 *     initialization service a92ee000-5501-11e4-916c-0800200c9a66;
 *   - pairing mode (button held): service data for the pairing service
 *     a92ee100-... (Smart Lock Ultra a92ee300-..., Opener a92ae100-...);
 *   - door mode (paired): an Apple iBeacon (company 0x004C, 02 15) whose
 *     proximity UUID, big-endian, is the keyturner service a92ee200-...
 *     (Opener a92ae200-...); major/minor are the Nuki ID and bit0 of the
 *     measured power means "state changed, status update available".
 * Service data carries the 4-byte Nuki ID, big-endian, after the UUID.
 *
 * Sources: Nuki Smart Lock BLE API v2.1 (I-Connect/NukiBleEsp32:
 * documentation/20200316NukiSmartLockAPI2_1.pdf@e2edfa2, §2 "Keyturner
 * Initialization Service ... only used for advertising the uninitialized
 * state"); I-Connect/NukiBleEsp32:src/NukiBle.cpp@77c1f84 (onResult:
 * pairing service data, iBeacon of 25 bytes with company, measured
 * power & 0x01), src/NukiLockConstants.h@234ef24 and
 * src/NukiOpenerConstants.h@68da24d (UUIDs); ceckerle/simnuki:
 * src/Advertiser.ts@2097116 (the advertisement a Nuki simulator builds
 * for each state, accepted by the official app) and src/Protocol.ts@
 * 00495bd.
 *
 * The Opener is an intercom adapter, not a lock: it is recognised
 * (is_lock false, family NULL) with its pairing state.  No Opener
 * initialization UUID is documented in these sources, so an
 * uninitialised Opener that uses a92ee000 is reported as a Smart Lock.
 * Deliberately not done: battery and lock state (only inside the
 * authorised, encrypted session), the "Nuki_<ID>" name (the UUIDs are
 * the signal).
 */
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"
#include "util/cursor.h"

#define LOCKDEC_NUKI_APPLE	0x004c
#define LOCKDEC_NUKI_VENDOR	"Nuki"

enum lockdec_nuki_kind {
	LOCKDEC_NUKI_INIT,	/* uninitialised */
	LOCKDEC_NUKI_PAIRING,	/* pairing mode */
	LOCKDEC_NUKI_DOOR	/* door mode (iBeacon) */
};

/*
 * The Nuki UUIDs share their last 12 bytes (-5501-11e4-916c-
 * 0800200c9a66) and differ in the first 4, kept here as a number.
 */
static const struct {
	uint32_t		 head;		/* a92ee100 for a92ee100-... */
	enum lockdec_nuki_kind	 kind;
	bool			 lock;
	const char		*model;
} lockdec_nuki_uuids[] = {
	{ 0xa92ee100, LOCKDEC_NUKI_PAIRING, true, "Smart Lock" },
	{ 0xa92ee300, LOCKDEC_NUKI_PAIRING, true, "Smart Lock Ultra" },
	{ 0xa92ae100, LOCKDEC_NUKI_PAIRING, false, "Opener" },
	{ 0xa92ee000, LOCKDEC_NUKI_INIT, true, "Smart Lock" },
	{ 0xa92ee200, LOCKDEC_NUKI_DOOR, true, "Smart Lock" },
	{ 0xa92ae200, LOCKDEC_NUKI_DOOR, false, "Opener" },
};

/* Bytes 4-15 of every Nuki UUID, big-endian. */
static const uint8_t lockdec_nuki_tail[12] = {
	0x55, 0x01, 0x11, 0xe4, 0x91, 0x6c, 0x08, 0x00, 0x20, 0x0c, 0x9a, 0x66,
};

/*
 * Index into lockdec_nuki_uuids of the big-endian UUID be[16] when it
 * is one of kind, or -1.
 */
static int
lockdec_nuki_lookup(const uint8_t be[16], enum lockdec_nuki_kind kind)
{
	struct cur	 c;
	const uint8_t	*tail;
	uint32_t	 head;
	size_t		 i;

	cur_init(&c, be, 16);
	head = cur_be32(&c);
	tail = cur_take(&c, sizeof lockdec_nuki_tail);
	if (tail == NULL || memcmp(tail, lockdec_nuki_tail,
	    sizeof lockdec_nuki_tail) != 0)
		return -1;
	for (i = 0; i < sizeof lockdec_nuki_uuids /
	    sizeof lockdec_nuki_uuids[0]; i++)
		if (lockdec_nuki_uuids[i].kind == kind &&
		    lockdec_nuki_uuids[i].head == head)
			return (int)i;
	return -1;
}

/* Fill what every Nuki result has; the Nuki ID when known. */
static void
lockdec_nuki_fill(struct lockdec_out *out, int idx, bool has_id,
    uint32_t id)
{
	out->is_lock = lockdec_nuki_uuids[idx].lock;
	out->family = out->is_lock ? "nuki" : NULL;
	out->vendor = LOCKDEC_NUKI_VENDOR;
	snprintf(out->model, sizeof out->model, "%s",
	    lockdec_nuki_uuids[idx].model);
	if (has_id)
		snprintf(out->protocol, sizeof out->protocol,
		    "Nuki ID %08X", (unsigned)id);
}

/*
 * Service data 128-bit of kind (initialization or pairing service).
 * The UUID alone is the signal; the Nuki ID is read when present.
 */
static bool
lockdec_nuki_svc(const struct ad_info *ad, enum lockdec_nuki_kind kind,
    struct lockdec_out *out)
{
	const struct ad_svcdata	*sd;
	uint8_t			 be[16];
	struct cur		 c;
	uint32_t		 id;
	size_t			 i, j;
	int			 idx;
	bool			 has_id;
	char			 ids[24];

	for (i = 0; i < ad->n_svcdata && i < AD_MAX_SVCDATA; i++) {
		sd = &ad->svcdata[i];
		if (sd->uuid.len != 16)
			continue;
		for (j = 0; j < 16; j++)	/* on air: little-endian */
			be[j] = sd->uuid.b[15 - j];
		if ((idx = lockdec_nuki_lookup(be, kind)) < 0)
			continue;
		cur_init(&c, sd->data, sd->len);
		id = cur_be32(&c);
		has_id = cur_ok(&c);
		lockdec_nuki_fill(out, idx, has_id, id);
		ids[0] = '\0';
		if (has_id)
			snprintf(ids, sizeof ids, " (Nuki ID %08X)",
			    (unsigned)id);
		if (kind == LOCKDEC_NUKI_PAIRING) {
			out->pairing_state = LOCKDEC_WINDOW;
			snprintf(out->evidence, sizeof out->evidence,
			    "Nuki %spairing mode (button held)%s",
			    out->is_lock ? "" : "Opener ", ids);
		} else {
			out->pairing_state = LOCKDEC_UNPAIRED;
			snprintf(out->evidence, sizeof out->evidence,
			    "Nuki not initialised%s", ids);
		}
		return true;
	}
	return false;
}

/* Door mode: the iBeacon under Apple's company ID. */
static bool
lockdec_nuki_beacon(const struct ad_info *ad, struct lockdec_out *out)
{
	const struct ad_mfr	*m;
	const uint8_t		*uuid;
	struct cur		 c;
	uint32_t		 id;
	uint8_t			 power;
	int			 idx;
	bool			 has_id, pending;
	char			 ids[24];

	if ((m = ad_find_mfr(ad, LOCKDEC_NUKI_APPLE)) == NULL)
		return false;
	cur_init(&c, m->data, m->len);
	/* iBeacon type 0x02, 21 bytes follow. */
	if (cur_u8(&c) != 0x02 || cur_u8(&c) != 0x15)
		return false;
	if ((uuid = cur_take(&c, 16)) == NULL)
		return false;
	if ((idx = lockdec_nuki_lookup(uuid, LOCKDEC_NUKI_DOOR)) < 0)
		return false;
	id = cur_be32(&c);			/* major, minor */
	has_id = cur_ok(&c);
	power = cur_u8(&c);
	pending = cur_ok(&c) && (power & 0x01);
	lockdec_nuki_fill(out, idx, has_id, id);
	out->pairing_state = LOCKDEC_PAIRED;
	ids[0] = '\0';
	if (has_id)
		snprintf(ids, sizeof ids, " (Nuki ID %08X)", (unsigned)id);
	snprintf(out->evidence, sizeof out->evidence,
	    "Nuki %sdoor mode: paired%s%s", out->is_lock ? "" : "Opener ",
	    ids, pending ? "; status update pending" : "");
	return true;
}

/* The pairing window first: it is the time-limited, newest signal. */
static bool
lockdec_nuki_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	(void)addr;
	return lockdec_nuki_svc(ad, LOCKDEC_NUKI_PAIRING, out) ||
	    lockdec_nuki_svc(ad, LOCKDEC_NUKI_INIT, out) ||
	    lockdec_nuki_beacon(ad, out);
}

const struct lockdec lockdec_nuki = {
	.name = "nuki",
	.rank = LOCKDEC_VENDOR,
	.decode = lockdec_nuki_decode,
};
