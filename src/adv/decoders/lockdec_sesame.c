/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_sesame.c - CANDY HOUSE Sesame: product model and the
 * "registered" flag (whether the device has been set up with an owner
 * in the official app) from the manufacturer-specific data.
 *
 * Company ID 0x055A (CANDY HOUSE, Inc.; service UUID 0xFD81).  mfr[]
 * after the company ID (sources below):
 *   [0:2] product model, LE16 (the vendor doc: [0] product, [1] reserved)
 *   [2]   registered: 0 = not registered (an owner can be added now),
 *         1 = registered
 *   [3:19] device UUID (Sesame 5 generation; Sesame 3/4 put it in the
 *         name)
 *
 * Sources: PengTanguo/candyhouse_sesame_doc:src/com_layer/index.md@
 * fe32dc6 (advertising table, product numbers 0-10); meronepy/gomalock:
 * src/gomalock/protocol_types.py@2d205a1 (SesameAdvertisementData:
 * struct "<HB16s", is_registered = bool(byte)), src/gomalock/_const.py@
 * 87eb218 (ProductModel up to 35), tests/conftest.py@2d205a1 (vector);
 * CANDY-HOUSE/SesameSDK_Android_with_DemoApp:doc/class/
 * CHProductModel.md@e3d1105 (product types 0-11 and names);
 * homy-newfs8/libsesame3bt-core:lib/libsesame3bt-core/scanner.cpp@
 * 09576d1 (model byte and flag byte at the same offsets, 3 bytes
 * minimum).
 *
 * Locks: Sesame 3, 4, 5, 5 Pro, 5 US, 6, 6 Pro, 6 Pro SLiDingDoor, MIWA
 * (driven as a Sesame 5 by the vendor SDK) and the Bike locks.  Bots,
 * WiFi Module, Open Sensor, Touch, Face and BLE Connector are
 * recognised as not locks.  A product number not in the table is not
 * claimed (the company makes many kinds of device).  A registered byte
 * other than 0 or 1 is reported as not understood rather than guessed.
 * Deliberately not done: battery and bolt state (mechStatus is only
 * sent inside the encrypted session), the device UUID.
 */
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"
#include "util/cursor.h"

#define LOCKDEC_SESAME_COMPANY	0x055a
#define LOCKDEC_SESAME_VENDOR	"CANDY HOUSE (Sesame)"

static const struct {
	uint16_t	 product;
	const char	*name;
	bool		 lock;
} lockdec_sesame_models[] = {
	{ 0, "Sesame 3", true },
	{ 1, "WiFi Module 2", false },
	{ 2, "Sesame Bot 1", false },
	{ 3, "Sesame Bike 1", true },
	{ 4, "Sesame 4", true },
	{ 5, "Sesame 5", true },
	{ 6, "Sesame Bike 2", true },
	{ 7, "Sesame 5 Pro", true },
	{ 8, "Open Sensor 1", false },
	{ 9, "Sesame Touch 1 Pro", false },
	{ 10, "Sesame Touch 1", false },
	{ 11, "BLE Connector 1", false },
	{ 16, "Sesame 5 US", true },
	{ 17, "Sesame Bot 2", false },
	{ 18, "Sesame Face 1 Pro", false },
	{ 19, "Sesame Face 1", false },
	{ 20, "Sesame 6", true },
	{ 21, "Sesame 6 Pro", true },
	{ 22, "Sesame Face 1 Pro AI", false },
	{ 23, "Sesame Face 1 AI", false },
	{ 25, "Sesame Touch 2", false },
	{ 26, "Sesame Touch 2 Pro", false },
	{ 27, "Sesame Face 2", false },
	{ 28, "Sesame Face 2 Pro", false },
	{ 29, "Sesame MIWA", true },
	{ 30, "Sesame Face 2 AI", false },
	{ 31, "Sesame Face 2 Pro AI", false },
	{ 32, "Sesame 6 Pro SLiDingDoor", true },
	{ 33, "Sesame Bike 3", true },
	{ 35, "Sesame Bot 3", false },
};

static bool
lockdec_sesame_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	const struct ad_mfr	*m;
	struct cur		 c;
	size_t			 i;
	const char		*st;
	uint16_t		 product;
	uint8_t			 reg;
	char			 bad[48];

	(void)addr;
	if ((m = ad_find_mfr(ad, LOCKDEC_SESAME_COMPANY)) == NULL)
		return false;
	cur_init(&c, m->data, m->len);
	product = cur_le16(&c);
	reg = cur_u8(&c);
	if (!cur_ok(&c))
		return false;
	for (i = 0; i < sizeof lockdec_sesame_models /
	    sizeof lockdec_sesame_models[0]; i++)
		if (lockdec_sesame_models[i].product == product)
			break;
	if (i == sizeof lockdec_sesame_models /
	    sizeof lockdec_sesame_models[0])
		return false;

	out->is_lock = lockdec_sesame_models[i].lock;
	out->family = out->is_lock ? "sesame" : NULL;
	out->vendor = LOCKDEC_SESAME_VENDOR;
	snprintf(out->model, sizeof out->model, "%s",
	    lockdec_sesame_models[i].name);
	switch (reg) {
	case 0:
		out->pairing_state = LOCKDEC_UNPAIRED;
		st = "Sesame not registered";
		break;
	case 1:
		out->pairing_state = LOCKDEC_PAIRED;
		st = "Sesame registered to an owner";
		break;
	default:
		snprintf(bad, sizeof bad, "Sesame registered byte 0x%02x not "
		    "understood", reg);
		st = bad;
		break;
	}
	if (out->is_lock)
		snprintf(out->evidence, sizeof out->evidence, "%s", st);
	else
		snprintf(out->evidence, sizeof out->evidence, "%s: not a lock; "
		    "%s", out->model, st);
	return true;
}

const struct lockdec lockdec_sesame = {
	.name = "sesame",
	.rank = LOCKDEC_VENDOR,
	.decode = lockdec_sesame_decode,
};
