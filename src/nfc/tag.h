/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tag.h - NFC tags and credentials: what a reader saw (struct tag_raw),
 * what lockscope makes of it (struct tag_report), and the
 * identification tables (tag.c).
 *
 * A struct tag_raw holds the raw UID.  It stays in memory: nothing in
 * this tree prints it, logs it or writes it to JSON; the report carries
 * only uid_sha256, HMAC-SHA256 under a per-installation secret
 * (uid_digest.h), so a credential is recognised across visits but the UID
 * cannot be recovered (lockscope-nfc(1), JSON FIELDS).
 *
 * Identification follows NXP AN10833 "MIFARE type identification
 * procedure" (SAK bits, ATQA), NXP AN10834 "MIFARE ISO/IEC 14443 PICC
 * selection" (cascade levels, UID sizes), and GET_VERSION as documented
 * in the NTAG213/215/216 datasheet §10.1, the MIFARE Ultralight EV1
 * datasheet (MF0ULX1) §8.11 and NXP AN12752 (DESFire EV3 GetVersion).
 */
#ifndef LS_NFC_TAG_H
#define LS_NFC_TAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* RF technology, as a lock's reader must support it ("technology"). */
enum tag_tech {
	TAG_TECH_NFC_A,		/* ISO/IEC 14443-3 type A, 106 kbps */
	TAG_TECH_NFC_B,		/* ISO/IEC 14443-3 type B */
	TAG_TECH_FELICA		/* JIS X 6319-4, 212/424 kbps */
};

/* Credential security rating: what a lock trusting it is exposed to. */
enum tag_sec {
	TAG_SEC_UNKNOWN,
	TAG_SEC_CLONABLE,	/* copied with off-the-shelf tools */
	TAG_SEC_WEAK,		/* published attacks, or crypto
				   easily sniffed */
	TAG_SEC_STRONG		/* no known practical clone with good keys */
};

#define TAG_UID_MAX	10
#define TAG_ATS_MAX	254

/* What the reader saw.  Holds the raw UID: never print or store it. */
struct tag_raw {
	enum tag_tech	 tech;
	uint8_t		 atqa[2];	/* NFC-A: MSB first, as printed */
	uint8_t		 sak;
	uint8_t		 uid_len;	/* 4, 7 or 10 (NFC-A); 4 PUPI; 8 IDm */
	uint8_t		 uid[TAG_UID_MAX];
	uint8_t		 ats_len;	/* ATS without its TL byte; 0 none */
	uint8_t		 ats[TAG_ATS_MAX];
	uint8_t		 felica_sys[2];	/* FeliCa system code, if any */
	bool		 felica_has_sys;
};

/* Hints from the first classification: which harmless probes apply. */
#define TAG_HINT_TYPE2		0x01	/* READ 30 / GET_VERSION 60 */
#define TAG_HINT_ISO_DEP	0x02	/* APDUs: SELECT by AID */
#define TAG_HINT_DESFIRE	0x04	/* wrapped GET_VERSION 90 60 */

/* Result of classification. */
struct tag_class {
	const char	*family;	/* "MIFARE Classic 1K"; static */
	enum tag_sec	 sec;
	const char	*reason;	/* one sentence; static */
	unsigned	 hints;		/* TAG_HINT_* */
};

/*
 * Classify from the anticollision data alone (ATQA, SAK, ATS, UID size
 * and first byte): AN10833 Table 3, refined as tag.c's tables say.
 */
void		 tag_classify(const struct tag_raw *, struct tag_class *out);

/*
 * Refine with a Type 2 GET_VERSION answer (8 bytes: fixed header 00,
 * vendor, type, subtype, major, minor, storage size, protocol).  Returns
 * false (out untouched) when the answer is not one the table knows.
 */
bool		 tag_classify_t2_version(const uint8_t v[8],
		    struct tag_class *out);

/*
 * Refine with the hardware frame of a DESFire GET_VERSION (7 bytes:
 * vendor, type, subtype, major, minor, storage size, protocol).  family
 * points into buf (cap bytes) when it adds the storage size.  Returns
 * false when unknown.
 */
bool		 tag_classify_desfire_version(const uint8_t v[7],
		    struct tag_class *out, char *buf, size_t cap);

/*
 * True when the UID is a random one (ISO/IEC 14443-3 §6.5.4: a 4-byte
 * UID starting 0x08 is generated at each activation), as phones and
 * privacy-mode cards give.
 */
bool		 tag_uid_random(const struct tag_raw *);

/*
 * IC manufacturer from the first byte of a 7- or 10-byte UID
 * (ISO/IEC 7816-6 registration), or NULL (4-byte UIDs carry none).
 */
const char	*tag_manufacturer(const struct tag_raw *);

/* "nfc-a", "nfc-b", "felica". */
const char	*tag_tech_name(enum tag_tech);

/* "unknown", "clonable", "weak", "strong". */
const char	*tag_sec_name(enum tag_sec);

#endif
