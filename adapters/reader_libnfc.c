/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * reader_libnfc.c - libnfc reader adapter; contract in reader.h.
 *
 * libnfc 1.8 behaviour relied on (nfc-tools/libnfc:libnfc/nfc.c,
 * libnfc/chips/pn53x.c, libnfc/drivers/pn532_uart.c):
 * nfc_initiator_init turns infinite select on, which on a real PN532
 * keeps polling after the host gave up, so it is turned off at once;
 * nfc_initiator_list_passive_targets ends when a target repeats, so the
 * target array is zeroed first; connstrings are split at ':' so a device
 * path cannot contain one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nfc/nfc.h>

#include "adapters/adapters.h"

struct rdr {
	nfc_context	*ctx;
	nfc_device	*dev;
	char		 name[NFC_BUFSIZE_CONNSTRING + 32];
	char		 chip[64];
	nfc_modulation	 mod;		/* of the target being probed */
};

static void	rdr_free(struct rdr *);

/* Drivers in Debian's libnfc 1.8 build; serial ones take a device path. */
static const struct {
	const char	*name;
	int		 serial;
} rdr_drivers[] = {
	{ "pn532_uart", 1 }, { "acr122s", 1 }, { "arygon", 1 },
	{ "pn532_spi", 1 }, { "pn532_i2c", 1 }, { "acr122_usb", 0 },
	{ "pn53x_usb", 0 }, { "usb", 0 },
};

/* Map a libnfc error to ours: tag silence vs reader failure. */
static enum ls_err
rdr_err(struct rdr *r, int res, const char *what, struct ls_errbuf *eb)
{
	switch (res) {
	case NFC_ERFTRANS:	/* chip status: no answer from the tag */
	case NFC_EMFCAUTHFAIL:
	case NFC_ETGRELEASED:
		return ls_err_set(eb, LS_ETIMEOUT, "%s: the tag did not "
		    "answer", what);
	case NFC_ETIMEOUT:
		return ls_err_set(eb, LS_EUNAVAIL, "%s: the reader stopped "
		    "answering", what);
	default:
		return ls_err_set(eb, LS_EIO, "%s: %s", what,
		    nfc_strerror(r->dev));
	}
}

/*
 * True when the system path rel exists, looked up under
 * $LOCKSCOPE_SYSROOT when set (the testing aid of lockscope-doctor(1)).
 */
static bool
rdr_sys_exists(const char *rel)
{
	const char	*root = getenv("LOCKSCOPE_SYSROOT");
	char		 path[512];

	if (snprintf(path, sizeof path, "%s/%s", root != NULL && *root ?
	    root : "", rel) >= (int)sizeof path)
		return false;
	return access(path, F_OK) == 0;
}

/* Why nfc_open failed, as far as we can tell from outside. */
static enum ls_err
rdr_diagnose(const char *conn, size_t dlen, int serial, struct ls_errbuf *eb)
{
	char		 path[NFC_BUFSIZE_CONNSTRING];
	const char	*p;
	size_t		 n;
	int		 fd;

	if (serial) {
		p = conn + dlen + 1;
		n = strcspn(p, ":");
		if (n == 0 || n >= sizeof path)
			return ls_err_set(eb, LS_EUSAGE, "reader '%s': no "
			    "device path (e.g. pn532_uart:/dev/ttyUSB0)", conn);
		memcpy(path, p, n);
		path[n] = '\0';
		fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
		if (fd == -1 && (errno == EACCES || errno == EPERM))
			return ls_err_set(eb, LS_EPERM, "cannot open reader "
			    "'%s': permission denied on %s (add yourself to "
			    "the group owning it, usually 'dialout')", conn,
			    path);
		if (fd == -1)
			return ls_err_set(eb, LS_EUNAVAIL, "cannot open reader "
			    "'%s': %s: %s (is it plugged in?)", conn, path,
			    strerror(errno));
		close(fd);
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open reader '%s': "
		    "no PN53x answered on %s (wrong device or baud rate, or "
		    "another program uses it)", conn, path);
	}
	if (rdr_sys_exists("sys/module/pn533_usb"))
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open reader '%s': "
		    "the kernel's pn533_usb driver holds it (fix: sudo "
		    "modprobe -r pn533_usb pn533 nfc, and blacklist them as "
		    "libnfc's blacklist-libnfc.conf does)", conn);
	if (rdr_sys_exists("run/pcscd/pcscd.comm"))
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open reader '%s': "
		    "pcscd is running and may hold it (fix: sudo systemctl "
		    "stop pcscd.socket pcscd)", conn);
	return ls_err_set(eb, LS_EUNAVAIL, "cannot open reader '%s': none "
	    "found (plugged in? without root, libnfc's udev rules must "
	    "grant access to the USB device)", conn);
}

static enum ls_err
rdr_open(const char *conn, struct rdr **out, struct ls_errbuf *eb)
{
	struct rdr	*r;
	char		*info = NULL, *nl;
	size_t		 i, dlen = strcspn(conn, ":");
	int		 serial = -1, res;

	*out = NULL;
	for (i = 0; i < sizeof rdr_drivers / sizeof rdr_drivers[0]; i++)
		if (strlen(rdr_drivers[i].name) == dlen &&
		    strncmp(conn, rdr_drivers[i].name, dlen) == 0)
			serial = rdr_drivers[i].serial;
	if (serial < 0 || strlen(conn) >= NFC_BUFSIZE_CONNSTRING)
		return ls_err_set(eb, LS_EUSAGE, "unknown NFC reader '%s' "
		    "(want a libnfc connstring: pn532_uart:/dev/ttyUSB0, "
		    "acr122_usb, pn53x_usb, ...)", conn);
	if (serial && conn[dlen] != ':')
		return rdr_diagnose(conn, dlen, serial, eb);
	/* libnfc's debug log prints frames, UIDs included: keep it off. */
	setenv("LIBNFC_LOG_LEVEL", "0", 1);
	if ((r = calloc(1, sizeof *r)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	nfc_init(&r->ctx);
	if (r->ctx == NULL) {
		free(r);
		return ls_err_set(eb, LS_ENOMEM, "libnfc: out of memory");
	}
	if ((r->dev = nfc_open(r->ctx, conn)) == NULL) {
		rdr_free(r);
		return rdr_diagnose(conn, dlen, serial, eb);
	}
	if ((res = nfc_initiator_init(r->dev)) < 0 ||
	    (res = nfc_device_set_property_bool(r->dev, NP_INFINITE_SELECT,
	    false)) < 0) {
		ls_err_set(eb, res == NFC_ETIMEOUT ? LS_EUNAVAIL : LS_EIO,
		    "reader '%s' did not initialise: %s", conn,
		    nfc_strerror(r->dev));
		rdr_free(r);
		return eb != NULL ? eb->code : LS_EIO;
	}
	snprintf(r->name, sizeof r->name, "%s", conn);
	if (nfc_device_get_information_about(r->dev, &info) >= 0 &&
	    info != NULL) {
		/* First line: "chip: PN532 v1.6". */
		nl = strchr(info, '\n');
		if (nl != NULL)
			*nl = '\0';
		snprintf(r->chip, sizeof r->chip, "%s",
		    strncmp(info, "chip: ", 6) == 0 ? info + 6 : info);
	}
	nfc_free(info);
	*out = r;
	return LS_OK;
}

static void
rdr_free(struct rdr *r)
{
	if (r == NULL)
		return;
	if (r->dev != NULL)
		nfc_close(r->dev);
	if (r->ctx != NULL)
		nfc_exit(r->ctx);
	free(r);
}


static const char *
rdr_chip(const struct rdr *r)
{
	return r->chip;
}

static void
rdr_to_raw(const nfc_target *t, struct tag_raw *o)
{
	memset(o, 0, sizeof *o);
	switch (t->nm.nmt) {
	case NMT_FELICA:
		o->tech = TAG_TECH_FELICA;
		o->uid_len = 8;
		memcpy(o->uid, t->nti.nfi.abtId, 8);
		if (t->nti.nfi.szLen > 18) {
			memcpy(o->felica_sys, t->nti.nfi.abtSysCode, 2);
			o->felica_has_sys = true;
		}
		break;
	case NMT_ISO14443B:
		o->tech = TAG_TECH_NFC_B;
		o->uid_len = 4;
		memcpy(o->uid, t->nti.nbi.abtPupi, 4);
		break;
	default:
		o->tech = TAG_TECH_NFC_A;
		o->atqa[0] = t->nti.nai.abtAtqa[0];
		o->atqa[1] = t->nti.nai.abtAtqa[1];
		o->sak = t->nti.nai.btSak;
		o->uid_len = t->nti.nai.szUidLen <= TAG_UID_MAX ?
		    (uint8_t)t->nti.nai.szUidLen : TAG_UID_MAX;
		memcpy(o->uid, t->nti.nai.abtUid, o->uid_len);
		o->ats_len = t->nti.nai.szAtsLen <= TAG_ATS_MAX ?
		    (uint8_t)t->nti.nai.szAtsLen : TAG_ATS_MAX;
		memcpy(o->ats, t->nti.nai.abtAts, o->ats_len);
		break;
	}
}

static enum ls_err
rdr_field_cycle(struct rdr *r, struct ls_errbuf *eb)
{
	int	res;

	if ((res = nfc_device_set_property_bool(r->dev, NP_ACTIVATE_FIELD,
	    false)) < 0 ||
	    (res = nfc_device_set_property_bool(r->dev, NP_ACTIVATE_FIELD,
	    true)) < 0)
		return rdr_err(r, res, "switching the RF field", eb);
	return LS_OK;
}

static enum ls_err
rdr_list(struct rdr *r, struct tag_raw *out, size_t cap, size_t *n,
    struct ls_errbuf *eb)
{
	static const nfc_modulation mods[] = {
		{ .nmt = NMT_ISO14443A, .nbr = NBR_106 },
		{ .nmt = NMT_FELICA, .nbr = NBR_212 },
		{ .nmt = NMT_FELICA, .nbr = NBR_424 },
		{ .nmt = NMT_ISO14443B, .nbr = NBR_106 },
	};
	nfc_target	*t;
	struct tag_raw	 raw;
	size_t		 m, j, k;
	enum ls_err	 e;
	int		 res, i;
	bool		 dup;

	*n = 0;
	if (cap > RDR_MAX_TARGETS)
		cap = RDR_MAX_TARGETS;
	if ((t = calloc(RDR_MAX_TARGETS, sizeof *t)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	for (m = 0; m < sizeof mods / sizeof mods[0] && *n < cap; m++) {
		if (m == 0 && (e = rdr_field_cycle(r, eb)) != LS_OK)
			goto out;
		memset(t, 0, RDR_MAX_TARGETS * sizeof *t);
		res = nfc_initiator_list_passive_targets(r->dev, mods[m], t,
		    RDR_MAX_TARGETS);
		if (res == NFC_EDEVNOTSUPP || res == NFC_ENOTIMPL)
			continue;	/* the chip lacks this modulation */
		if (res == NFC_ERFTRANS || res == NFC_ETGRELEASED)
			continue;	/* a garbled answer: nothing listed */
		/*
		 * Readers that refuse a modulation (an error frame, NFC_EIO)
		 * still read type A: only a failed type A listing ends the
		 * run.
		 */
		if (res < 0 && m > 0)
			continue;
		if (res < 0) {
			e = rdr_err(r, res, "listing targets", eb);
			goto out;
		}
		for (i = 0; i < res && *n < cap; i++) {
			rdr_to_raw(&t[i], &raw);
			/* FeliCa answers at 212 and 424: keep one. */
			dup = false;
			for (k = 0; k < *n; k++)
				if (out[k].tech == raw.tech &&
				    out[k].uid_len == raw.uid_len &&
				    memcmp(out[k].uid, raw.uid,
				    raw.uid_len) == 0)
					dup = true;
			if (!dup)
				out[(*n)++] = raw;
		}
	}
	e = LS_OK;
out:
	for (j = 0; j < RDR_MAX_TARGETS; j++)
		memset(&t[j], 0, sizeof t[j]);	/* raw UIDs */
	free(t);
	return e;
}

static enum ls_err
rdr_select(void *arg, const struct tag_raw *raw, struct ls_errbuf *eb)
{
	struct rdr	*r = arg;
	nfc_target	 nt;
	enum ls_err	 e;
	int		 res;

	if (raw->tech != TAG_TECH_NFC_A)
		return ls_err_set(eb, LS_ETIMEOUT, "only NFC-A tags are "
		    "probed");
	if ((e = rdr_field_cycle(r, eb)) != LS_OK)
		return e;
	r->mod.nmt = NMT_ISO14443A;
	r->mod.nbr = NBR_106;
	memset(&nt, 0, sizeof nt);
	res = nfc_initiator_select_passive_target(r->dev, r->mod, raw->uid,
	    raw->uid_len, &nt);
	/*
	 * A reader that ignores the UID given and activates another tag
	 * must not have that tag's answers reported for this one.
	 */
	if (res > 0 && (nt.nti.nai.szUidLen != raw->uid_len ||
	    memcmp(nt.nti.nai.abtUid, raw->uid, raw->uid_len) != 0))
		res = 0;
	memset(&nt, 0, sizeof nt);
	if (res == 0)
		return ls_err_set(eb, LS_ETIMEOUT, "the tag left the field");
	if (res < 0)
		return rdr_err(r, res, "selecting the tag", eb);
	return LS_OK;
}

static enum ls_err
rdr_xfer(void *arg, const uint8_t *tx, size_t txlen, uint8_t *rx,
    size_t cap, size_t *rlen, struct ls_errbuf *eb)
{
	struct rdr	*r = arg;
	int		 res;

	*rlen = 0;
	res = nfc_initiator_transceive_bytes(r->dev, tx, txlen, rx, cap,
	    RDR_XFER_TIMEOUT_MS);
	if (res < 0)
		return rdr_err(r, res, "exchanging with the tag", eb);
	*rlen = (size_t)res;
	return LS_OK;
}

static void
rdr_io(struct rdr *r, struct tag_io *io)
{
	io->select = rdr_select;
	io->xfer = rdr_xfer;
	io->arg = r;
}

const struct rdr_ops adapters_nfc_reader = {
	.name = "libnfc",
	.open = rdr_open,
	.free = rdr_free,
	.chip = rdr_chip,
	.list = rdr_list,
	.io = rdr_io,
};
