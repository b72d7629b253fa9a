/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tag_probe.c - the harmless probe sequence and the secret-free report; see
 * tag_probe.h for what is sent and why.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "nfc/ndef.h"
#include "nfc/tag_probe.h"
#include "util/text.h"

/* Aliro AIDs (CSA Aliro 1.0). */
static const uint8_t tag_aliro_aids[][9] = {
	{ 0xa0, 0x00, 0x00, 0x09, 0x09, 0xac, 0xce, 0x55, 0x01 },
	{ 0xa0, 0x00, 0x00, 0x09, 0x09, 0xac, 0xce, 0x55, 0x02 },
};

#define TAG_MIME_LE_OOB	"application/vnd.bluetooth.le.oob"
#define TAG_MIME_EP_OOB	"application/vnd.bluetooth.ep.oob"

/* Keep the scheme and host of a URI: paths and queries may hold tokens. */
static void
tag_uri_summary(const char *uri, char *out, size_t cap)
{
	const char	*p = strstr(uri, "://");
	size_t		 n;

	if (p == NULL) {
		/* tel:, mailto:, urn:...: the scheme only. */
		p = strchr(uri, ':');
		n = p == NULL ? 0 : (size_t)(p - uri) + 1;
	} else {
		p += 3;
		n = (size_t)(p - uri) + strcspn(p, "/?#@");
		if (memchr(p, '@', strcspn(p, "/?#")) != NULL)
			n = (size_t)(p - uri);	/* user info: drop it all */
	}
	if (n >= cap)
		n = cap - 1;
	memcpy(out, uri, n);
	out[n] = '\0';
}

static void
tag_rec_uri(const struct ndef_rec *r, struct tag_report *out,
    struct tag_recsum *s)
{
	char	uri[512];

	s->kind = "uri";
	if (ndef_uri(r->payload, r->payload_len, uri, sizeof uri, NULL) !=
	    LS_OK) {
		snprintf(s->what, sizeof s->what, "(undecodable URI)");
		return;
	}
	if (strncmp(uri, "MT:", 3) == 0 || strncasecmp(uri, "mt:", 3) == 0) {
		if (out->setup == TAG_SETUP_NONE && payload_matter_qr(uri,
		    strlen(uri), &out->matter, NULL) == LS_OK) {
			out->setup = TAG_SETUP_MATTER;
			snprintf(s->what, sizeof s->what, "Matter setup "
			    "payload (decoded; passcode not read)");
		} else
			snprintf(s->what, sizeof s->what, "Matter setup "
			    "payload (not decoded)");
	} else if (strncasecmp(uri, "X-HM://", 7) == 0) {
		if (out->setup == TAG_SETUP_NONE && payload_homekit_uri(uri,
		    strlen(uri), &out->homekit, NULL) == LS_OK) {
			out->setup = TAG_SETUP_HOMEKIT;
			snprintf(s->what, sizeof s->what, "HomeKit setup "
			    "payload (decoded; setup code not read)");
		} else
			snprintf(s->what, sizeof s->what, "HomeKit setup "
			    "payload (not decoded)");
	} else
		tag_uri_summary(uri, s->what, sizeof s->what);
	sodium_memzero(uri, sizeof uri);
}

static void
tag_rec(const struct ndef_rec *r, struct tag_report *out,
    struct tag_recsum *s)
{
	char	lang[64], type[96];

	text_sanitize(r->type, r->type_len, type, sizeof type);
	switch (r->tnf) {
	case NDEF_TNF_EMPTY:
		s->kind = "empty";
		break;
	case NDEF_TNF_WELL_KNOWN:
		if (ndef_is_wk(r, "U")) {
			tag_rec_uri(r, out, s);
			return;
		}
		if (ndef_is_wk(r, "T")) {
			/* The text itself may be a PIN someone wrote down. */
			s->kind = "text";
			ndef_text(r->payload, r->payload_len, lang,
			    sizeof lang, NULL, 0, NULL);
			snprintf(s->what, sizeof s->what, "language %s, %zu "
			    "bytes (not shown)", lang[0] ? lang : "?",
			    r->payload_len);
			return;
		}
		s->kind = ndef_is_wk(r, "Sp") ? "smart-poster" : "well-known";
		snprintf(s->what, sizeof s->what, "%s", type);
		return;
	case NDEF_TNF_MIME:
		s->kind = "mime";
		if (ndef_is_mime(r, TAG_MIME_LE_OOB) && !out->has_ble_oob &&
		    payload_ble_oob(r->payload, r->payload_len, &out->ble_oob,
		    NULL) == LS_OK)
			out->has_ble_oob = true;
		break;
	case NDEF_TNF_URI:
		s->kind = "absolute-uri";
		tag_uri_summary(type, s->what, sizeof s->what);
		return;
	case NDEF_TNF_EXTERNAL:
		s->kind = "external";
		if (r->type_len == 15 && memcmp(r->type, "android.com:pkg",
		    15) == 0) {
			/* Android Application Record: the vendor's app. */
			char	pkg[64];

			text_sanitize(r->payload, r->payload_len, pkg,
			    sizeof pkg);
			snprintf(s->what, sizeof s->what,
			    "%.15s %.63s", type, pkg);
			return;
		}
		break;
	default:
		s->kind = "unknown";
		break;
	}
	snprintf(s->what, sizeof s->what, "%s", type);
}

void
tag_ndef_report(const uint8_t *area, size_t n, struct tag_report *out)
{
	struct ndef_msg	 m;
	const uint8_t	*msg;
	size_t		 len, i;

	out->ndef = TAG_NDEF_NONE;
	if (ndef_t2_find(area, n, &msg, &len, NULL) != LS_OK) {
		out->ndef = TAG_NDEF_MALFORMED;
		return;
	}
	if (msg == NULL || len == 0)
		return;
	out->ndef_bytes = len;
	if (ndef_parse(msg, len, &m, NULL) != LS_OK) {
		out->ndef = TAG_NDEF_MALFORMED;
		ndef_msg_release(&m);
		return;
	}
	out->ndef = TAG_NDEF_PRESENT;
	out->nrec = m.n;
	for (i = 0; i < m.n && i < TAG_MAX_RECSUM; i++)
		tag_rec(&m.rec[i], out, &out->rec[i]);
	/* Payloads may hold setup codes: wipe before freeing. */
	if (m.buf != NULL)
		sodium_memzero(m.buf, len);
	ndef_msg_release(&m);
}

/* LS_OK, LS_ETIMEOUT (counted), or a reader failure (returned). */
static enum ls_err
tag_step(enum ls_err e, struct tag_report *out)
{
	if (e == LS_ETIMEOUT)
		out->failed_steps++;
	return e;
}

/*
 * The io calls with a private error buffer: a silent tag is expected and
 * must not become the run's first error; a reader failure is copied.
 */
static enum ls_err
tag_sel(const struct tag_io *io, const struct tag_raw *raw,
    struct ls_errbuf *eb)
{
	struct ls_errbuf	le;
	enum ls_err		e;

	ls_err_clear(&le);
	e = io->select(io->arg, raw, &le);
	if (e != LS_OK && e != LS_ETIMEOUT)
		ls_err_set_at(eb, le.file, le.line, e, "%s", le.msg);
	return e;
}

static enum ls_err
tag_x(const struct tag_io *io, const uint8_t *tx, size_t txlen, uint8_t *rx,
    size_t cap, size_t *rlen, struct ls_errbuf *eb)
{
	struct ls_errbuf	le;
	enum ls_err		e;

	ls_err_clear(&le);
	*rlen = 0;
	e = io->xfer(io->arg, tx, txlen, rx, cap, rlen, &le);
	if (e != LS_OK && e != LS_ETIMEOUT)
		ls_err_set_at(eb, le.file, le.line, e, "%s", le.msg);
	if (*rlen > cap)
		*rlen = cap;
	return e;
}

static enum ls_err
tag_probe_t2(const struct tag_io *io, const struct tag_raw *raw,
    struct tag_report *out, struct ls_errbuf *eb)
{
	uint8_t		 area[TAG_T2_READ_MAX + 16], rx[32], cmd[2];
	struct ndef_cc	 cc;
	size_t		 got = 0, want, rlen;
	enum ls_err	 e;

	if ((e = tag_step(tag_sel(io, raw, eb), out)) != LS_OK)
		return e == LS_ETIMEOUT ? LS_OK : e;
	cmd[0] = 0x30;			/* READ page 3: CC and pages 4-6 */
	cmd[1] = 3;
	e = tag_step(tag_x(io, cmd, 2, rx, sizeof rx, &rlen, eb),
	    out);
	if (e != LS_OK && e != LS_ETIMEOUT)
		return e;
	if (e == LS_OK && rlen == 16 && ndef_cc_parse(rx, &cc, NULL) ==
	    LS_OK) {
		want = cc.data_size < TAG_T2_READ_MAX ? cc.data_size :
		    TAG_T2_READ_MAX;
		memcpy(area, rx + 4, 12);
		got = 12;
		/* READ returns 4 pages; page 4 + got/4 is the next unread. */
		while (got < want) {
			cmd[1] = (uint8_t)(4 + got / 4);
			e = tag_x(io, cmd, 2, rx, sizeof rx, &rlen, eb);
			if (e == LS_ETIMEOUT || (e == LS_OK && rlen != 16)) {
				out->failed_steps++;
				break;
			}
			if (e != LS_OK)
				return e;
			memcpy(area + got, rx, 16);
			got += 16;
			if (4 + got / 4 > 0xff)
				break;
		}
		if (got > want)
			got = want;
		tag_ndef_report(area, got, out);
		sodium_memzero(area, sizeof area);
	} else if (e == LS_OK)
		out->ndef = TAG_NDEF_NONE;
	else if ((e = tag_step(tag_sel(io, raw, eb), out)) != LS_OK &&
	    e != LS_ETIMEOUT)
		return e;
	/* GET_VERSION last: a tag without it goes mute (NAK). */
	cmd[0] = 0x60;
	e = tag_step(tag_x(io, cmd, 1, rx, sizeof rx, &rlen, eb), out);
	if (e == LS_OK && rlen == 8)
		out->version_read = tag_classify_t2_version(rx, &out->cls);
	return e == LS_ETIMEOUT ? LS_OK : e;
}

static enum ls_err
tag_probe_iso(const struct tag_io *io, const struct tag_raw *raw,
    struct tag_report *out, struct ls_errbuf *eb)
{
	static const uint8_t getver[] = { 0x90, 0x60, 0x00, 0x00, 0x00 };
	uint8_t		 apdu[16], rx[64];
	size_t		 i, rlen;
	enum ls_err	 e;

	if ((e = tag_step(tag_sel(io, raw, eb), out)) != LS_OK)
		return e == LS_ETIMEOUT ? LS_OK : e;
	out->aliro = 0;
	for (i = 0; i < sizeof tag_aliro_aids / sizeof tag_aliro_aids[0];
	    i++) {
		/* SELECT by DF name, first or only occurrence, Le 00. */
		apdu[0] = 0x00;
		apdu[1] = 0xa4;
		apdu[2] = 0x04;
		apdu[3] = 0x00;
		apdu[4] = sizeof tag_aliro_aids[i];
		memcpy(apdu + 5, tag_aliro_aids[i], sizeof tag_aliro_aids[i]);
		apdu[5 + sizeof tag_aliro_aids[i]] = 0x00;
		e = tag_step(tag_x(io, apdu, 6 +
		    sizeof tag_aliro_aids[i], rx, sizeof rx, &rlen, eb), out);
		if (e == LS_ETIMEOUT) {
			out->aliro = -1;
			break;
		}
		if (e != LS_OK)
			return e;
		if (rlen >= 2 && rx[rlen - 2] == 0x90 && rx[rlen - 1] == 0x00) {
			out->aliro = 1;
			break;
		}
	}
	if (out->cls.hints & TAG_HINT_DESFIRE) {
		e = tag_step(tag_x(io, getver, sizeof getver, rx,
		    sizeof rx, &rlen, eb), out);
		if (e != LS_OK && e != LS_ETIMEOUT)
			return e;
		if (e == LS_OK && rlen == 9 && rx[7] == 0x91 && rx[8] == 0xaf)
			out->version_read = tag_classify_desfire_version(rx,
			    &out->cls, out->family_buf,
			    sizeof out->family_buf);
	}
	if (out->aliro == 1) {
		out->cls.family = tag_uid_random(raw) ?
		    "Aliro credential (phone or wallet)" :
		    "Aliro credential (card)";
		out->cls.sec = TAG_SEC_STRONG;
		out->cls.reason = "Aliro: credentials are proven with "
		    "asymmetric cryptography, not the UID";
	}
	return LS_OK;
}

enum ls_err
tag_probe(const struct tag_io *io, const struct tag_raw *raw,
    const uint8_t key[UID_DIGEST_LEN], struct tag_report *out,
    struct ls_errbuf *eb)
{
	memset(out, 0, sizeof *out);
	out->aliro = -1;
	out->tech = raw->tech;
	out->uid_len = raw->uid_len;
	out->uid_random = tag_uid_random(raw);
	out->manufacturer = tag_manufacturer(raw);
	out->atqa[0] = raw->atqa[0];
	out->atqa[1] = raw->atqa[1];
	out->sak = raw->sak;
	out->iso_dep = raw->tech == TAG_TECH_NFC_A && raw->ats_len > 0;
	uid_digest_digest(key, raw->uid, raw->uid_len, out->uid_sha256);
	tag_classify(raw, &out->cls);
	if (raw->tech != TAG_TECH_NFC_A || io == NULL)
		return LS_OK;
	if (out->cls.hints & TAG_HINT_TYPE2)
		return tag_probe_t2(io, raw, out, eb);
	if (out->iso_dep)
		return tag_probe_iso(io, raw, out, eb);
	return LS_OK;
}
