/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_matter.c - Matter (CHIP) commissionable BLE advertisement:
 * service data for the 16-bit UUID 0xFFF6.  Family "matter"; the
 * pairing state is "a commissioning window is open" (or, with the
 * extended-announcement flag, "not commissioned, window closed").
 *
 * Layout: project-chip/connectedhomeip:src/ble/CHIPBleServiceData.h
 * @65a8027 (struct ChipBLEDeviceIdentificationInfo, packed, 8 bytes);
 * the UUID is in src/ble/BleUUID.h; VID/PID are zeroed and the flag set
 * for the extended announcement in src/platform/Linux/bluez/
 * BluezAdvertisement.cpp (SetupServiceData: "specification requires
 * that the vendor ID and product ID are set to 0").
 *
 *   [0] OpCode, 0x00 = commissionable (the only one defined)
 *   [1..2] LE16: bits 0-11 discriminator, bits 12-15 advertisement version
 *   [3..4] Vendor ID, LE   [5..6] Product ID, LE
 *   [7] bit0 additional data (C3) present, bit1 extended announcement
 *
 * Pre-1.0 CHIP (the same header @08a873c) sent 7 bytes: PairingStatus
 * (0 unpaired, 1 paired), Discriminator(2), VID(2), PID(2).  A 7-byte
 * payload is read that way.
 *
 * A Matter node only sends this service data while it can be
 * commissioned over BLE, so no 0xFFF6 means "nothing said" and the
 * decoder does not recognise the device.  The advertisement has VID/PID
 * but no device type, so whether it is a lock cannot be told; this is a
 * lock tool and reports it as a lock (lockscope(1)), saying "device
 * type not advertised" in the evidence.
 *
 * Deliberately not done: no vendor name lookup for the VID (the DCL is
 * not public data in this tree); the onboarding payload (MT:, Matter
 * Core Specification §5.1.3, src/nfc/setup_payload.h) is not in the
 * advertisement; fabric count cannot be seen over BLE.
 */
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"
#include "util/cursor.h"

#define LOCKDEC_MATTER_UUID		0xfff6
#define LOCKDEC_MATTER_LEN		8
#define LOCKDEC_MATTER_OLD_LEN		7
#define LOCKDEC_MATTER_OP_COMMISSIONABLE 0x00
#define LOCKDEC_MATTER_DISC_MASK	0x0fff
#define LOCKDEC_MATTER_FLAG_EXT		0x02
#define LOCKDEC_MATTER_NOTYPE		"; device type not advertised"

static void
lockdec_matter_ids(struct lockdec_out *out, uint16_t vid, uint16_t pid)
{
	out->is_lock = true;
	out->family = "matter";
	if (vid != 0 || pid != 0)
		snprintf(out->model, sizeof out->model, "VID 0x%04X PID 0x%04X",
		    (unsigned)vid, (unsigned)pid);
}

/* The current 8-byte layout. */
static bool
lockdec_matter_current(struct cur *c, struct lockdec_out *out)
{
	uint16_t	dv, vid, pid;
	uint8_t		op, flags;
	unsigned	disc;

	op = cur_u8(c);
	dv = cur_le16(c);
	vid = cur_le16(c);
	pid = cur_le16(c);
	flags = cur_u8(c);
	if (!cur_ok(c) || op != LOCKDEC_MATTER_OP_COMMISSIONABLE)
		return false;
	disc = dv & LOCKDEC_MATTER_DISC_MASK;
	lockdec_matter_ids(out, vid, pid);
	snprintf(out->protocol, sizeof out->protocol, "Matter BLE adv v%u",
	    (unsigned)(dv >> 12));
	if (flags & LOCKDEC_MATTER_FLAG_EXT) {
		/*
		 * The SDK sets the flag and zeroes VID/PID together; the flag
		 * is what says "extended announcement", so it alone decides.
		 */
		out->pairing_state = LOCKDEC_UNPAIRED;
		snprintf(out->evidence, sizeof out->evidence,
		    "Matter extended announcement: not commissioned, "
		    "commissioning window closed (discriminator %u)%s", disc,
		    LOCKDEC_MATTER_NOTYPE);
	} else {
		out->pairing_state = LOCKDEC_WINDOW;
		snprintf(out->evidence, sizeof out->evidence,
		    "Matter commissioning window open (discriminator %u)%s",
		    disc, LOCKDEC_MATTER_NOTYPE);
	}
	return true;
}

/* The pre-1.0 7-byte layout with an explicit pairing status. */
static bool
lockdec_matter_old(struct cur *c, struct lockdec_out *out)
{
	uint16_t	disc, vid, pid;
	uint8_t		status;

	status = cur_u8(c);
	disc = cur_le16(c) & LOCKDEC_MATTER_DISC_MASK;
	vid = cur_le16(c);
	pid = cur_le16(c);
	if (!cur_ok(c))
		return false;
	lockdec_matter_ids(out, vid, pid);
	snprintf(out->protocol, sizeof out->protocol, "CHIP BLE adv (pre-1.0)");
	switch (status) {
	case 0:
		out->pairing_state = LOCKDEC_UNPAIRED;
		snprintf(out->evidence, sizeof out->evidence, "CHIP pre-1.0 "
		    "advertisement: pairing status not paired (discriminator "
		    "%u)%s", (unsigned)disc, LOCKDEC_MATTER_NOTYPE);
		break;
	case 1:
		out->pairing_state = LOCKDEC_PAIRED;
		snprintf(out->evidence, sizeof out->evidence, "CHIP pre-1.0 "
		    "advertisement: pairing status paired (discriminator "
		    "%u)%s", (unsigned)disc, LOCKDEC_MATTER_NOTYPE);
		break;
	default:
		snprintf(out->evidence, sizeof out->evidence, "CHIP pre-1.0 "
		    "advertisement: unknown pairing status 0x%02x%s",
		    (unsigned)status, LOCKDEC_MATTER_NOTYPE);
		break;
	}
	return true;
}

static bool
lockdec_matter_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	const struct ad_svcdata	*sd;
	struct cur		 c;

	(void)addr;
	sd = ad_find_svcdata16(ad, LOCKDEC_MATTER_UUID);
	if (sd == NULL)
		return false;
	cur_init(&c, sd->data, sd->len);
	if (sd->len >= LOCKDEC_MATTER_LEN)
		return lockdec_matter_current(&c, out);
	if (sd->len == LOCKDEC_MATTER_OLD_LEN)
		return lockdec_matter_old(&c, out);
	return false;
}

const struct lockdec lockdec_matter = {
	.name = "matter",
	.rank = LOCKDEC_ECOSYSTEM,
	.decode = lockdec_matter_decode,
};
