/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * reader.h - the NFC reader interface: an ops table that opens a reader
 * by the name the user gave (--nfc or LOCKSCOPE_NFC; for the libnfc
 * implementation in adapters/reader_libnfc.c a connstring such as
 * pn532_uart:/dev/ttyUSB0, acr122_usb, pn53x_usb).
 *
 * The libnfc reader lists the targets in the field (ISO 14443-A, FeliCa
 * 212/424, ISO 14443-B) into struct tag_raw records and gives
 * src/nfc/tag_probe.h a struct tag_io for one target.  Every libnfc wait is
 * bounded: list and select use libnfc's own command timeouts with infinite
 * select off, exchanges a fixed timeout.  libnfc's own log is switched off
 * (LIBNFC_LOG_LEVEL=0): at debug level it prints every frame, UIDs
 * included, and UIDs never reach stderr.
 *
 * Errors name the cause and the fix: no such device or nothing answering
 * (LS_EUNAVAIL), permission denied on the device node (LS_EPERM), a USB
 * reader claimed by the kernel's pn533_usb driver or by pcscd
 * (LS_EUNAVAIL with the command that frees it; /sys/module/pn533_usb and
 * /run/pcscd/pcscd.comm are looked up under $LOCKSCOPE_SYSROOT when set,
 * the testing aid of lockscope-doctor(1)).
 */
#ifndef LS_NFC_READER_H
#define LS_NFC_READER_H

#include <stddef.h>

#include "nfc/tag.h"
#include "nfc/tag_probe.h"
#include "util/err.h"

#define RDR_XFER_TIMEOUT_MS	500
#define RDR_MAX_TARGETS		16

struct rdr;	/* an open reader: the implementation's */

struct rdr_ops {
	const char	*name;		/* "libnfc" */
	/*
	 * Open the reader named by conn and make it an initiator.
	 * LS_EUSAGE for a name no driver takes.
	 */
	enum ls_err	(*open)(const char *conn, struct rdr **out,
			    struct ls_errbuf *eb);
	/* Close (field off) and free.  NULL is a no-op. */
	void		(*free)(struct rdr *);
	/* Chip and firmware, e.g. "PN532 v1.6", or "". */
	const char	*(*chip)(const struct rdr *);
	/*
	 * List the targets in the field into out (cap entries; at most
	 * RDR_MAX_TARGETS are kept), ISO 14443-A first.  *n may be 0: an
	 * empty field is not an error.  Each listing starts with the field
	 * switched off and on, so tags halted by an earlier listing answer
	 * again.
	 */
	enum ls_err	(*list)(struct rdr *, struct tag_raw *out, size_t cap,
			    size_t *n, struct ls_errbuf *eb);
	/* A struct tag_io whose select/xfer go to this reader. */
	void		(*io)(struct rdr *, struct tag_io *io);
};

#endif
