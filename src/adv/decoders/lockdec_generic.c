/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_generic.c - a lock recognised only by what any advertiser can
 * show: GAP Appearance in the Access Control category, the company ID of
 * a maker of locks, or a lock-like name.  Family "generic"; pairing state
 * is never advertised this way.
 *
 * Appearance: Bluetooth Assigned Numbers §2.6.3, category 0x01C Access
 * Control, values 0x0700-0x073F (bluez/bluez:src/shared/util.c).
 * Company IDs: Bluetooth Assigned Numbers §7 (mirrored by
 * NordicSemiconductor/bluetooth-numbers-database:v1/company_ids.json
 * @5387e83).  Only companies whose BLE products are locks are listed: a
 * maker of many kinds of devices (Xiaomi, Lumi, eufy, eQ-3) would turn
 * thermometers into locks.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "adv/decoders/lockdec.h"
#include "adv/lock.h"
#include "util/text.h"

static const struct {
	uint16_t	 id;
	const char	*vendor;
} lockdec_generic_companies[] = {
	{ 0x012e, "ASSA ABLOY" },
	{ 0x014b, "Master Lock" },
	{ 0x015e, "Unikey (Kevo)" },
	{ 0x0199, "SALTO Systems" },
	{ 0x04fd, "Tapkey" },
	{ 0x0c64, "dormakaba" },
	{ 0x0cc4, "ABUS" },
};

/* Words that make a name lock-like; "lock" must start a word. */
static const char *const lockdec_generic_words[] = {
	"lock", "deadbolt", "padlock", "doorlock", "smartlock", "cerradura",
	"serrure", "schloss",
};

static bool
lockdec_generic_name(const struct ad_info *ad, char *word, size_t cap)
{
	char	name[AD_NAME_MAX + 1], *p;
	size_t	i, n;

	if (!ad->has_name)
		return false;
	n = ad->name_len < AD_NAME_MAX ? ad->name_len : AD_NAME_MAX;
	for (i = 0; i < n; i++)
		name[i] = (char)tolower(ad->name[i] < 0x80 ? ad->name[i] : '?');
	name[n] = '\0';
	for (i = 0; i < sizeof lockdec_generic_words /
	    sizeof lockdec_generic_words[0]; i++) {
		for (p = strstr(name, lockdec_generic_words[i]); p != NULL;
		    p = strstr(p + 1, lockdec_generic_words[i])) {
			/* "Clock" and "Block" are not locks. */
			if (p == name || !isalpha((unsigned char)p[-1]) ||
			    strcmp(lockdec_generic_words[i], "lock") != 0) {
				snprintf(word, cap, "%s",
				    lockdec_generic_words[i]);
				return true;
			}
		}
	}
	return false;
}

static bool
lockdec_generic_decode(const struct ad_info *ad, const uint8_t addr[6],
    struct lockdec_out *out)
{
	const char	*app;
	char		 word[16], name[4 * AD_NAME_MAX + 1];
	size_t		 i, j;

	(void)addr;
	app = ad->has_appearance ? lock_appearance_name(ad->appearance) : NULL;
	if (app != NULL) {
		snprintf(out->evidence, sizeof out->evidence,
		    "GAP appearance: %s (0x%04x)", app, ad->appearance);
		goto lock;
	}
	for (i = 0; i < ad->n_mfr; i++) {
		for (j = 0; j < sizeof lockdec_generic_companies /
		    sizeof lockdec_generic_companies[0]; j++) {
			if (ad->mfr[i].company !=
			    lockdec_generic_companies[j].id)
				continue;
			out->vendor = lockdec_generic_companies[j].vendor;
			snprintf(out->evidence, sizeof out->evidence,
			    "manufacturer data from %s (company 0x%04x)",
			    out->vendor, ad->mfr[i].company);
			goto lock;
		}
	}
	if (lockdec_generic_name(ad, word, sizeof word)) {
		text_sanitize(ad->name, ad->name_len, name, sizeof name);
		snprintf(out->evidence, sizeof out->evidence,
		    "name \"%.40s\" looks like a lock", name);
		goto lock;
	}
	return false;
lock:
	out->is_lock = true;
	out->family = "generic";
	return true;
}

const struct lockdec lockdec_generic = {
	.name = "generic",
	.rank = LOCKDEC_GENERIC,
	.decode = lockdec_generic_decode,
};
