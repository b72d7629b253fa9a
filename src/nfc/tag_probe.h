/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tag_probe.h - look at one tag with harmless, read-only commands and make
 * a report without secrets.
 *
 * What is sent (and nothing else): for Type 2 candidates (SAK 0x00)
 * READ 30 of the Capability Container and the NDEF data area (NFC Forum
 * T2T §5.1), then GET_VERSION 60 (NTAG21x datasheet §10.1); for ISO-DEP
 * targets SELECT by AID of the Aliro AIDs (ISO/IEC 7816-4 §11.2.2; a
 * SELECT changes no data) and, for DESFire-like targets, the first frame
 * of GET_VERSION wrapped as 90 60 00 00 00 (AN12752 §6.2).  MIFARE
 * Classic gets nothing (reading it needs authentication, which this
 * tool never attempts).  The reader interface is two callbacks, so unit
 * tests script the tag.
 *
 * The report has no raw UID, no setup passcode and no setup code; URI
 * records that carry setup payloads ("MT:", "X-HM://") are decoded into
 * setup_payload and never copied as text.
 */
#ifndef LS_NFC_TAG_PROBE_H
#define LS_NFC_TAG_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nfc/setup_payload.h"
#include "nfc/tag.h"
#include "nfc/uid_digest.h"
#include "util/err.h"

#define TAG_T2_READ_MAX		1024	/* bytes of NDEF data area read */
#define TAG_MAX_RECSUM		8	/* records summarised */

struct tag_io {
	/*
	 * Activate the target again (after a mute), as selected by UID.
	 * LS_ETIMEOUT when it is gone.
	 */
	enum ls_err	(*select)(void *arg, const struct tag_raw *,
			    struct ls_errbuf *);
	/*
	 * Send tx to the active target, receive at most cap bytes into rx,
	 * their count in *rlen.  LS_ETIMEOUT when the tag did not answer
	 * (or NAKed); other errors mean the reader failed.
	 */
	enum ls_err	(*xfer)(void *arg, const uint8_t *tx, size_t txlen,
			    uint8_t *rx, size_t cap, size_t *rlen,
			    struct ls_errbuf *);
	void		*arg;
};

enum tag_setup_kind {
	TAG_SETUP_NONE,
	TAG_SETUP_MATTER,
	TAG_SETUP_HOMEKIT
};

/* One NDEF record, summarised for people. */
struct tag_recsum {
	const char	*kind;		/* "uri", "text", "mime",
					   "external"... */
	char		 what[96];	/* type, or URI without path;
					   sanitised */
};

enum tag_ndef_state {
	TAG_NDEF_NOT_READ,	/* not a Type 2 tag, or not readable */
	TAG_NDEF_NONE,		/* readable, no NDEF message */
	TAG_NDEF_PRESENT,
	TAG_NDEF_MALFORMED	/* bytes that do not parse */
};

struct tag_report {
	char			 uid_sha256[65];
	enum tag_tech		 tech;
	bool			 iso_dep;
	uint8_t			 uid_len;
	bool			 uid_random;
	const char		*manufacturer;	/* static or NULL */
	uint8_t			 atqa[2];
	uint8_t			 sak;
	struct tag_class	 cls;
	char			 family_buf[64];	/* cls.family may
							   point here */
	bool			 version_read;		/* GET_VERSION
							   answered */
	enum tag_ndef_state	 ndef;
	size_t			 ndef_bytes;
	size_t			 nrec;			/* all records */
	struct tag_recsum	 rec[TAG_MAX_RECSUM];
	enum tag_setup_kind	 setup;
	struct payload_matter	 matter;
	struct payload_homekit	 homekit;
	bool			 has_ble_oob;
	struct payload_bleoob	 ble_oob;
	int			 aliro;		/* -1 not asked, 0 no, 1 yes */
	unsigned		 failed_steps;	/* probes the tag did
						   not answer */
};

/*
 * Probe raw through io and fill out.  Steps a tag does not answer are
 * counted in failed_steps and skipped; only reader failures (anything
 * but LS_ETIMEOUT from io) end the probe, returning that error.
 */
enum ls_err	tag_probe(const struct tag_io *io, const struct tag_raw *raw,
		    const uint8_t key[UID_DIGEST_LEN], struct tag_report *out,
		    struct ls_errbuf *eb);

/*
 * Fill the NDEF part of out from a Type 2 data area (bytes from page 4):
 * records, setup payloads, BLE OOB.  Used by tag_probe; exposed for
 * tests and the fuzz harness.
 */
void		tag_ndef_report(const uint8_t *area, size_t n,
		    struct tag_report *out);

#endif
