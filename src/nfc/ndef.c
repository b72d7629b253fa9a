/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ndef.c - Type 2 CC and TLVs, NDEF records, URI and Text payloads.
 * Layouts and sources in ndef.h.  Every read goes through a cursor;
 * lengths from the tag are checked against what is left before use.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nfc/ndef.h"
#include "util/cursor.h"
#include "util/text.h"

/* URI RTD 1.0 §3.2.2, Table 3: URI identifier codes. */
static const char *const ndef_uri_prefix[] = {
	"", "http://www.", "https://www.", "http://", "https://", "tel:",
	"mailto:", "ftp://anonymous:anonymous@", "ftp://ftp.", "ftps://",
	"sftp://", "smb://", "nfs://", "ftp://", "dav://", "news:",
	"telnet://", "imap:", "rtsp://", "urn:", "pop:", "sip:", "sips:",
	"tftp:", "btspp://", "btl2cap://", "btgoep://", "tcpobex://",
	"irdaobex://", "file://", "urn:epc:id:", "urn:epc:tag:",
	"urn:epc:pat:", "urn:epc:raw:", "urn:epc:", "urn:nfc:"
};

enum ls_err
ndef_cc_parse(const uint8_t cc[4], struct ndef_cc *out, struct ls_errbuf *eb)
{
	memset(out, 0, sizeof *out);
	if (cc[0] != 0xe1)
		return LS_MALFORMED(eb, "no NDEF capability container (magic "
		    "%02x, want e1)", cc[0]);
	if ((cc[1] >> 4) != 1)
		return LS_MALFORMED(eb, "NDEF mapping version %u.%u not "
		    "supported", cc[1] >> 4, cc[1] & 0x0f);
	out->version = cc[1];
	out->data_size = (size_t)cc[2] * 8;
	out->read_only = cc[3] == 0x0f;
	return LS_OK;
}

enum ls_err
ndef_t2_find(const uint8_t *p, size_t n, const uint8_t **msg, size_t *len,
    struct ls_errbuf *eb)
{
	struct cur	c;
	uint8_t		t;
	size_t		l;

	*msg = NULL;
	*len = 0;
	cur_init(&c, p, n);
	while (cur_left(&c) > 0) {
		t = cur_u8(&c);
		if (t == 0x00)			/* NULL TLV: no length */
			continue;
		if (t == 0xfe)			/* Terminator */
			return LS_OK;
		if (cur_left(&c) == 0)
			break;
		l = cur_u8(&c);
		if (l == 0xff)
			l = cur_be16(&c);
		if (!cur_ok(&c) || l > cur_left(&c))
			return LS_MALFORMED(eb, "TLV %02x: length %zu runs "
			    "past the tag memory", t, l);
		if (t == 0x03) {
			*msg = c.p;
			*len = l;
			return LS_OK;
		}
		cur_skip(&c, l);		/* 01, 02, FD, unknown */
	}
	return LS_OK;
}

void
ndef_msg_release(struct ndef_msg *m)
{
	free(m->buf);
	memset(m, 0, sizeof *m);
}

enum ls_err
ndef_parse(const uint8_t *p, size_t n, struct ndef_msg *m,
    struct ls_errbuf *eb)
{
	struct ndef_rec	*r = NULL;
	struct cur	 c;
	uint8_t		 h, tl, il;
	uint32_t	 pl;
	const uint8_t	*type, *id, *pay;
	size_t		 used = 0, i = 0;
	bool		 in_chunk = false, last = false;

	memset(m, 0, sizeof *m);
	if (n == 0)
		return LS_MALFORMED(eb, "empty NDEF message");
	if (n > NDEF_MAX_MESSAGE)
		return LS_MALFORMED(eb, "NDEF message of %zu bytes (at most "
		    "%d)", n, NDEF_MAX_MESSAGE);
	/* Types, IDs and payloads together never exceed the input. */
	if ((m->buf = malloc(n)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	cur_init(&c, p, n);
	while (!last) {
		if (cur_left(&c) == 0)
			return LS_MALFORMED(eb, "NDEF record %zu: message ends "
			    "without ME", m->n);
		h = cur_u8(&c);
		tl = cur_u8(&c);
		pl = (h & 0x10) ? cur_u8(&c) : cur_be32(&c);
		il = (h & 0x08) ? cur_u8(&c) : 0;
		type = cur_take(&c, tl);
		id = cur_take(&c, il);
		pay = cur_take(&c, pl);
		if (!cur_ok(&c))
			return LS_MALFORMED(eb, "NDEF record %zu (byte %zu): "
			    "lengths run past the message", m->n, i);
		if (i == 0 && !(h & 0x80))
			return LS_MALFORMED(eb, "NDEF message: first record "
			    "without MB");
		if (i > 0 && (h & 0x80))
			return LS_MALFORMED(eb, "NDEF record %zu: MB inside "
			    "the message", m->n);
		if (in_chunk) {
			/* NDEF §3.2.3: middle/last chunks. */
			if ((h & 0x07) != NDEF_TNF_UNCHANGED || tl != 0 ||
			    il != 0)
				return LS_MALFORMED(eb, "NDEF record %zu: bad "
				    "chunk (TNF %u, type length %u)", m->n,
				    h & 0x07, tl);
			memcpy(m->buf + used, pay, pl);
			used += pl;
			r->payload_len += pl;
			r->chunks++;
		} else {
			if ((h & 0x07) == NDEF_TNF_UNCHANGED ||
			    (h & 0x07) == NDEF_TNF_RESERVED)
				return LS_MALFORMED(eb, "NDEF record %zu: TNF "
				    "%u outside a chunk", m->n, h & 0x07);
			if ((h & 0x07) == NDEF_TNF_EMPTY &&
			    (tl != 0 || il != 0 || pl != 0))
				return LS_MALFORMED(eb, "NDEF record %zu: "
				    "empty record with content", m->n);
			if (m->n == NDEF_MAX_RECORDS)
				return LS_MALFORMED(eb, "NDEF message: more "
				    "than %d records", NDEF_MAX_RECORDS);
			r = &m->rec[m->n++];
			r->tnf = (enum ndef_tnf)(h & 0x07);
			r->chunks = 1;
			memcpy(m->buf + used, type, tl);
			r->type = m->buf + used;
			r->type_len = tl;
			used += tl;
			memcpy(m->buf + used, id, il);
			r->id = m->buf + used;
			r->id_len = il;
			used += il;
			memcpy(m->buf + used, pay, pl);
			r->payload = m->buf + used;
			r->payload_len = pl;
			used += pl;
		}
		in_chunk = (h & 0x20) != 0;
		if ((h & 0x40) && in_chunk)
			return LS_MALFORMED(eb, "NDEF record %zu: ME on a "
			    "chunk that is not the last", m->n);
		last = (h & 0x40) != 0;
		i = n - cur_left(&c);
	}
	return LS_OK;
}

bool
ndef_is_wk(const struct ndef_rec *r, const char *type)
{
	size_t	n = strlen(type);

	return r->tnf == NDEF_TNF_WELL_KNOWN && r->type_len == n &&
	    memcmp(r->type, type, n) == 0;
}

bool
ndef_is_mime(const struct ndef_rec *r, const char *type)
{
	size_t	n = strlen(type);

	return r->tnf == NDEF_TNF_MIME && r->type_len == n &&
	    strncasecmp((const char *)r->type, type, n) == 0;
}

enum ls_err
ndef_uri(const uint8_t *p, size_t n, char *out, size_t cap,
    struct ls_errbuf *eb)
{
	size_t	pre;

	if (cap > 0)
		out[0] = '\0';
	if (n == 0)
		return LS_MALFORMED(eb, "URI record without a prefix byte");
	if (p[0] >= sizeof ndef_uri_prefix / sizeof ndef_uri_prefix[0])
		return LS_MALFORMED(eb, "URI record: unknown prefix code "
		    "0x%02x", p[0]);
	pre = strlen(ndef_uri_prefix[p[0]]);
	if (pre + 1 > cap)
		return ls_err_set(eb, LS_ENOMEM, "URI buffer too small");
	memcpy(out, ndef_uri_prefix[p[0]], pre + 1);
	text_sanitize(p + 1, n - 1, out + pre, cap - pre);
	return LS_OK;
}

enum ls_err
ndef_text(const uint8_t *p, size_t n, char *lang, size_t lang_cap,
    char *out, size_t cap, struct ls_errbuf *eb)
{
	size_t	ll;

	if (cap > 0)
		out[0] = '\0';
	if (lang_cap > 0)
		lang[0] = '\0';
	if (n == 0)
		return LS_MALFORMED(eb, "Text record without a status byte");
	ll = p[0] & 0x3f;
	if (1 + ll > n)
		return LS_MALFORMED(eb, "Text record: language code of %zu "
		    "bytes runs past the payload", ll);
	text_sanitize(p + 1, ll, lang, lang_cap);
	if (!(p[0] & 0x80))
		text_sanitize(p + 1 + ll, n - 1 - ll, out, cap);
	return LS_OK;
}
