/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tag.c - chip family and security rating from anticollision data
 * and GET_VERSION, by tables.
 *
 * Sources (one per table, cited next to it): NXP AN10833 rev 3.8
 * "MIFARE type identification procedure" §3 and Table 3 (SAK values);
 * NXP AN10834 "MIFARE ISO/IEC 14443 PICC selection" §2 (UID sizes,
 * random UID 0x08); NTAG213/215/216 datasheet rev 3.2 §10.1 Table 28,
 * NTAG210/212 datasheet §10.1, MF0ULX1 (Ultralight EV1) datasheet §8.11,
 * NT3H1101/1201 (NTAG I2C) datasheet §9.x (GET_VERSION answers); NXP
 * AN12752 "MIFARE DESFire EV3 quick start guide" §6.2 and the
 * proxmark3 client (RfidResearchGroup/proxmark3:client/src/cmdhfmfdes.c,
 * getVersionStr) for DESFire hardware versions; libnfc
 * (nfc-tools/libnfc:utils/nfc-utils.c) for the ATS layout.  Summary in
 * lockscope-internals(7), DATA FORMATS.
 *
 * The security rating says what a lock relying on the credential is
 * exposed to, not what the credential could do in a perfect system.
 * Published attacks behind the ratings: Crypto-1 (Garcia et al.
 * "Dismantling MIFARE Classic", ESORICS 2008; Courtois "darkside" 2009;
 * hardnested, Meijer & Verdult 2015); MF3ICD40 side channel (Oswald &
 * Paar, CHES 2011).
 *
 * It does not probe for "magic" UID-changeable cards: those probes
 * write or send backdoor commands, which this tool never does.
 */
#include <stdio.h>
#include <string.h>

#include "nfc/tag.h"

#define TAG_WHY_CLASSIC	"Crypto-1 is broken (darkside, nested, hardnested " \
			"attacks): the card is copied with common tools"
#define TAG_WHY_T2	"memory is readable by anyone and UID-changeable " \
			"tags emulate it; a 32-bit password is sent in clear"
#define TAG_WHY_ULC	"3DES authentication; no published practical " \
			"clone, but a static 2-key 3DES key per card"
#define TAG_WHY_PLUS2	"security level 2 still encrypts data with Crypto-1"
#define TAG_WHY_AES	"AES authentication: no known practical clone " \
			"with diversified keys (a lock checking only the " \
			"UID is still exposed)"
#define TAG_WHY_D40	"original DESFire (MF3ICD40): key extraction by " \
			"side channel published"
#define TAG_WHY_RANDOM	"random UID: nothing to copy; trust rests on " \
			"the application's cryptography"
#define TAG_WHY_UNKNOWN	"not identified; any static UID can be copied " \
			"to a UID-changeable card"
#define TAG_WHY_ISO	"ISO-DEP card: depends on its application; its " \
			"static UID can be copied to a UID-changeable card"
#define TAG_WHY_DEP	"NFC-DEP device (phone or reader in peer mode)"

/*
 * SAK -> family for ISO 14443-A targets.  AN10833 Table 3; SAK 0x88
 * (Infineon Classic 1K) and 0x28/0x38 (SmartMX with Classic emulation)
 * from the same table; NFC-DEP from ISO/IEC 18092 §11.2.2.
 * SAK 0x20 has its own rules (tag_classify_iso).
 */
static const struct tag_sak_row {
	uint8_t		 sak;
	const char	*family;
	enum tag_sec	 sec;
	const char	*reason;
	unsigned	 hints;
} tag_sak_rows[] = {
	{ 0x00, "MIFARE Ultralight or Ultralight C", TAG_SEC_CLONABLE,
	    TAG_WHY_T2, TAG_HINT_TYPE2 },
	{ 0x08, "MIFARE Classic 1K", TAG_SEC_CLONABLE, TAG_WHY_CLASSIC, 0 },
	{ 0x09, "MIFARE Mini", TAG_SEC_CLONABLE, TAG_WHY_CLASSIC, 0 },
	{ 0x10, "MIFARE Plus 2K (SL2)", TAG_SEC_WEAK, TAG_WHY_PLUS2, 0 },
	{ 0x11, "MIFARE Plus 4K (SL2)", TAG_SEC_WEAK, TAG_WHY_PLUS2, 0 },
	{ 0x18, "MIFARE Classic 4K", TAG_SEC_CLONABLE, TAG_WHY_CLASSIC, 0 },
	{ 0x19, "MIFARE Classic 2K", TAG_SEC_CLONABLE, TAG_WHY_CLASSIC, 0 },
	{ 0x28, "SmartMX with MIFARE Classic 1K emulation",
	    TAG_SEC_CLONABLE, TAG_WHY_CLASSIC, TAG_HINT_ISO_DEP },
	{ 0x38, "SmartMX with MIFARE Classic 4K emulation",
	    TAG_SEC_CLONABLE, TAG_WHY_CLASSIC, TAG_HINT_ISO_DEP },
	{ 0x88, "Infineon MIFARE Classic 1K", TAG_SEC_CLONABLE,
	    TAG_WHY_CLASSIC, 0 },
	{ 0x40, "NFC-DEP device", TAG_SEC_UNKNOWN, TAG_WHY_DEP, 0 },
	{ 0x60, "NFC-DEP device with ISO-DEP", TAG_SEC_UNKNOWN, TAG_WHY_DEP,
	    TAG_HINT_ISO_DEP },
};

/*
 * Type 2 GET_VERSION (vendor 0x04 NXP): product type, subtype, storage
 * size byte.  NTAG213/215/216 datasheet Table 28; NTAG210/212
 * datasheet; MF0ULX1 datasheet Table 15; NT3H1101/1201 datasheet.
 */
static const struct tag_t2_row {
	uint8_t		 type;
	uint8_t		 subtype;
	uint8_t		 storage;
	const char	*family;
} tag_t2_rows[] = {
	{ 0x03, 0x01, 0x0b, "MIFARE Ultralight EV1 (MF0UL11)" },
	{ 0x03, 0x01, 0x0e, "MIFARE Ultralight EV1 (MF0UL21)" },
	{ 0x03, 0x02, 0x0b, "MIFARE Ultralight EV1 (MF0ULH11)" },
	{ 0x03, 0x02, 0x0e, "MIFARE Ultralight EV1 (MF0ULH21)" },
	{ 0x04, 0x01, 0x0b, "NTAG210" },
	{ 0x04, 0x01, 0x0e, "NTAG212" },
	{ 0x04, 0x02, 0x0f, "NTAG213" },
	{ 0x04, 0x02, 0x11, "NTAG215" },
	{ 0x04, 0x02, 0x13, "NTAG216" },
	{ 0x04, 0x05, 0x13, "NTAG I2C 1k" },
	{ 0x04, 0x05, 0x15, "NTAG I2C 2k" },
};

/*
 * DESFire-family GET_VERSION hardware frame: type, major version.
 * AN12752 §6.2 (EV3: type 0x01, major 0x33); proxmark3 cmdhfmfdes.c
 * getVersionStr (0x00 MF3ICD40, 0x01 EV1, 0x12 EV2, 0x33 EV3; type 0x08
 * DESFire Light, type 0x04 NTAG 4xx DNA, type 0x02 MIFARE Plus EV1/EV2).
 * major 0xff matches any.
 */
static const struct tag_df_row {
	uint8_t		 type;
	uint8_t		 major;
	const char	*family;
	enum tag_sec	 sec;
	const char	*reason;
} tag_df_rows[] = {
	{ 0x01, 0x00, "MIFARE DESFire (MF3ICD40)", TAG_SEC_WEAK, TAG_WHY_D40 },
	{ 0x01, 0x01, "MIFARE DESFire EV1", TAG_SEC_STRONG, TAG_WHY_AES },
	{ 0x01, 0x12, "MIFARE DESFire EV2", TAG_SEC_STRONG, TAG_WHY_AES },
	{ 0x01, 0x22, "MIFARE DESFire EV2 XL", TAG_SEC_STRONG, TAG_WHY_AES },
	{ 0x01, 0x33, "MIFARE DESFire EV3", TAG_SEC_STRONG, TAG_WHY_AES },
	{ 0x08, 0xff, "MIFARE DESFire Light", TAG_SEC_STRONG, TAG_WHY_AES },
	{ 0x04, 0x30, "NTAG 424 DNA", TAG_SEC_STRONG, TAG_WHY_AES },
	{ 0x04, 0xff, "NTAG 4xx DNA", TAG_SEC_STRONG, TAG_WHY_AES },
	{ 0x02, 0x11, "MIFARE Plus EV1", TAG_SEC_STRONG, TAG_WHY_AES },
	{ 0x02, 0x22, "MIFARE Plus EV2", TAG_SEC_STRONG, TAG_WHY_AES },
};

/* ISO/IEC 7816-6 IC manufacturer codes. */
static const struct {
	uint8_t		 code;
	const char	*name;
} tag_mfrs[] = {
	{ 0x02, "STMicroelectronics" },
	{ 0x04, "NXP" },
	{ 0x05, "Infineon" },
	{ 0x07, "Texas Instruments" },
	{ 0x1d, "Fudan" },
};

bool
tag_uid_random(const struct tag_raw *t)
{
	return t->tech == TAG_TECH_NFC_A && t->uid_len == 4 &&
	    t->uid[0] == 0x08;
}

const char *
tag_manufacturer(const struct tag_raw *t)
{
	size_t	i;

	if (t->tech != TAG_TECH_NFC_A || t->uid_len < 7)
		return NULL;
	for (i = 0; i < sizeof tag_mfrs / sizeof tag_mfrs[0]; i++)
		if (tag_mfrs[i].code == t->uid[0])
			return tag_mfrs[i].name;
	return NULL;
}

/*
 * Historical bytes of an ATS given without TL: T0, then TA/TB/TC as
 * T0 bits 4-6 say (ISO/IEC 14443-4 §5.2.2-5.2.7).
 */
static const uint8_t *
tag_ats_hist(const struct tag_raw *t, size_t *n)
{
	size_t	o = 1;

	*n = 0;
	if (t->ats_len < 1)
		return NULL;
	o += ((t->ats[0] >> 4) & 1) + ((t->ats[0] >> 5) & 1) +
	    ((t->ats[0] >> 6) & 1);
	if (o > t->ats_len)
		return NULL;
	*n = t->ats_len - o;
	return t->ats + o;
}

static void
tag_set(struct tag_class *c, const char *family, enum tag_sec sec,
    const char *reason, unsigned hints)
{
	c->family = family;
	c->sec = sec;
	c->reason = reason;
	c->hints = hints;
}

/* SAK 0x20: ISO-DEP only (AN10833 §3.2: refine with ATQA and ATS). */
static void
tag_classify_iso(const struct tag_raw *t, struct tag_class *c)
{
	static const uint8_t plus_hist[] = { 0xc1, 0x05, 0x2f, 0x2f };
	const uint8_t	*h;
	size_t		 hn;

	h = tag_ats_hist(t, &hn);
	if (tag_uid_random(t)) {
		tag_set(c, "Phone or random-UID card (ISO-DEP)",
		    TAG_SEC_STRONG, TAG_WHY_RANDOM, TAG_HINT_ISO_DEP);
		return;
	}
	/* DESFire answers ATQA 0x0344 (7-byte UID) (AN10833 Table 3). */
	if ((t->atqa[0] == 0x03 && (t->atqa[1] == 0x44 ||
	    t->atqa[1] == 0x04))) {
		tag_set(c, "MIFARE DESFire", TAG_SEC_UNKNOWN,
		    "DESFire whose version was not read", TAG_HINT_ISO_DEP |
		    TAG_HINT_DESFIRE);
		return;
	}
	/* MIFARE Plus in SL3: historical bytes C1 05 2F 2F (AN10833 §3.3). */
	if (h != NULL && hn >= sizeof plus_hist &&
	    memcmp(h, plus_hist, sizeof plus_hist) == 0) {
		tag_set(c, "MIFARE Plus (SL3)", TAG_SEC_STRONG, TAG_WHY_AES,
		    TAG_HINT_ISO_DEP | TAG_HINT_DESFIRE);
		return;
	}
	tag_set(c, "ISO 14443-4 smart card (SmartMX/JCOP or other)",
	    TAG_SEC_UNKNOWN, TAG_WHY_ISO, TAG_HINT_ISO_DEP | TAG_HINT_DESFIRE);
}

void
tag_classify(const struct tag_raw *t, struct tag_class *c)
{
	size_t	i;

	switch (t->tech) {
	case TAG_TECH_FELICA:
		tag_set(c, "Sony FeliCa", TAG_SEC_UNKNOWN, "FeliCa Standard "
		    "uses 3DES/AES, FeliCa Lite is data only; not told apart "
		    "without a system query", 0);
		return;
	case TAG_TECH_NFC_B:
		tag_set(c, "ISO 14443-B card", TAG_SEC_UNKNOWN, TAG_WHY_ISO,
		    0);
		return;
	case TAG_TECH_NFC_A:
		break;
	}
	if ((t->sak & 0x20) && !(t->sak & 0x40) && !(t->sak & 0x08)) {
		tag_classify_iso(t, c);
		return;
	}
	for (i = 0; i < sizeof tag_sak_rows / sizeof tag_sak_rows[0]; i++) {
		if (tag_sak_rows[i].sak == t->sak) {
			tag_set(c, tag_sak_rows[i].family, tag_sak_rows[i].sec,
			    tag_sak_rows[i].reason, tag_sak_rows[i].hints);
			return;
		}
	}
	tag_set(c, "ISO 14443-A tag (unidentified)", TAG_SEC_UNKNOWN,
	    TAG_WHY_UNKNOWN, 0);
}

bool
tag_classify_t2_version(const uint8_t v[8], struct tag_class *c)
{
	size_t	i;

	if (v[0] != 0x00 || v[1] != 0x04)
		return false;
	for (i = 0; i < sizeof tag_t2_rows / sizeof tag_t2_rows[0]; i++) {
		if (tag_t2_rows[i].type == v[2] &&
		    tag_t2_rows[i].subtype == v[3] &&
		    tag_t2_rows[i].storage == v[6]) {
			tag_set(c, tag_t2_rows[i].family, TAG_SEC_CLONABLE,
			    TAG_WHY_T2, c->hints);
			return true;
		}
	}
	return false;
}

bool
tag_classify_desfire_version(const uint8_t v[7], struct tag_class *c,
    char *buf, size_t cap)
{
	const struct tag_df_row	*r = NULL;
	unsigned		 kib;
	size_t			 i;

	if (v[0] != 0x04)
		return false;
	for (i = 0; i < sizeof tag_df_rows / sizeof tag_df_rows[0]; i++) {
		if (tag_df_rows[i].type == v[1] &&
		    (tag_df_rows[i].major == 0xff ||
		    tag_df_rows[i].major == v[3])) {
			r = &tag_df_rows[i];
			break;
		}
	}
	if (r == NULL)
		return false;
	tag_set(c, r->family, r->sec, r->reason, c->hints);
	/*
	 * Storage size byte: bits 7-1 n, size 2^n bytes (bit 0 set: between
	 * 2^n and 2^(n+1)) (AN12752 §6.2).  DESFire names carry it in KiB.
	 */
	if (v[1] == 0x01 && (v[5] & 1) == 0 && v[5] >= 0x14 &&
	    v[5] <= 0x1e) {
		kib = 1u << ((v[5] >> 1) - 10);
		if (snprintf(buf, cap, "%s %uK", r->family, kib) <
		    (int)cap)
			c->family = buf;
	}
	return true;
}

const char *
tag_tech_name(enum tag_tech t)
{
	switch (t) {
	case TAG_TECH_NFC_A:
		return "nfc-a";
	case TAG_TECH_NFC_B:
		return "nfc-b";
	case TAG_TECH_FELICA:
		return "felica";
	}
	return "nfc-a";
}

const char *
tag_sec_name(enum tag_sec s)
{
	switch (s) {
	case TAG_SEC_CLONABLE:
		return "clonable";
	case TAG_SEC_WEAK:
		return "weak";
	case TAG_SEC_STRONG:
		return "strong";
	case TAG_SEC_UNKNOWN:
		break;
	}
	return "unknown";
}
