/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ndef.h - NDEF on NFC Forum Type 2 tags: Capability Container, TLVs,
 * records (short, long, with ID, chunked), and the well-known URI and
 * Text payloads.
 *
 * Sources: NFC Forum Type 2 Tag Technical Specification 1.0 §2.1 and
 * §2.3 (CC, TLV blocks: NULL 00, Lock Control 01, Memory Control 02,
 * NDEF Message 03, Proprietary FD, Terminator FE; lengths of 1 byte or
 * FF + 2 bytes); NFC Data Exchange Format 1.0 §3.2 (record header: MB,
 * ME, CF, SR, IL, TNF; chunking §3.2.3); URI RTD 1.0 §3.2.2 (prefix
 * codes 0x00-0x23); Text RTD 1.0 §3.2.1 (status byte).
 *
 * Pure functions over bytes: nothing is kept from the input; a parsed
 * message owns copies of what it returns.
 */
#ifndef LS_NFC_NDEF_H
#define LS_NFC_NDEF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define NDEF_MAX_RECORDS	32
#define NDEF_MAX_MESSAGE	8192	/* bytes; larger input is refused */

/* Type Name Format (NDEF 1.0 §3.2.6). */
enum ndef_tnf {
	NDEF_TNF_EMPTY = 0,
	NDEF_TNF_WELL_KNOWN = 1,
	NDEF_TNF_MIME = 2,
	NDEF_TNF_URI = 3,
	NDEF_TNF_EXTERNAL = 4,
	NDEF_TNF_UNKNOWN = 5,
	NDEF_TNF_UNCHANGED = 6,
	NDEF_TNF_RESERVED = 7
};

/* Capability Container, page 3 of a Type 2 tag (T2T §6.1). */
struct ndef_cc {
	uint8_t		version;	/* major << 4 | minor */
	size_t		data_size;	/* bytes of data area: size byte * 8 */
	bool		read_only;	/* access byte 0x0F */
};

/* One record.  Pointers are into the owning struct ndef_msg. */
struct ndef_rec {
	enum ndef_tnf	 tnf;
	const uint8_t	*type;
	size_t		 type_len;
	const uint8_t	*id;
	size_t		 id_len;
	const uint8_t	*payload;	/* chunks joined */
	size_t		 payload_len;
	unsigned	 chunks;	/* 1 unless chunked */
};

struct ndef_msg {
	size_t		 n;
	struct ndef_rec	 rec[NDEF_MAX_RECORDS];
	uint8_t		*buf;		/* owns the bytes rec[] points at */
};

/*
 * Parse a Capability Container.  LS_EMALFORMED (with eb) when the magic
 * is not E1 or the major version is not 1.
 */
enum ls_err	ndef_cc_parse(const uint8_t cc[4], struct ndef_cc *out,
		    struct ls_errbuf *eb);

/*
 * Find the first NDEF Message TLV in a Type 2 data area (bytes from
 * page 4).  *msg and *len borrow p.  LS_OK with *msg NULL when the TLVs end
 * (Terminator, or the end of p) without one; LS_EMALFORMED when a TLV
 * runs past p.
 */
enum ls_err	ndef_t2_find(const uint8_t *p, size_t n, const uint8_t **msg,
		    size_t *len, struct ls_errbuf *eb);

/*
 * Parse an NDEF message into out (released with ndef_msg_release even
 * on failure).  Checks MB on the first record and ME on the last,
 * chunk rules (§3.2.3: later chunks have TNF Unchanged, no type, no
 * ID), lengths against the input.  At most NDEF_MAX_RECORDS records.
 */
enum ls_err	ndef_parse(const uint8_t *p, size_t n, struct ndef_msg *out,
		    struct ls_errbuf *eb);

/* Free what ndef_parse allocated; the struct may be parsed into again. */
void		ndef_msg_release(struct ndef_msg *);

/* True when r is TNF well-known with exactly this type ("U", "T"). */
bool		ndef_is_wk(const struct ndef_rec *r, const char *type);

/* True when r is a MIME record of this type (case-insensitive). */
bool		ndef_is_mime(const struct ndef_rec *r, const char *type);

/*
 * Expand a URI record payload (prefix code + rest) into out, sanitised
 * (util/text.h), NUL-terminated.  LS_EMALFORMED for an empty payload or
 * an unknown prefix code.
 */
enum ls_err	ndef_uri(const uint8_t *p, size_t n, char *out, size_t cap,
		    struct ls_errbuf *eb);

/*
 * Text record payload: language code into lang (cap >= 64) and the text
 * (UTF-8 records only; UTF-16 gives "") into out, both sanitised.
 */
enum ls_err	ndef_text(const uint8_t *p, size_t n, char *lang,
		    size_t lang_cap, char *out, size_t cap,
		    struct ls_errbuf *eb);

#endif
