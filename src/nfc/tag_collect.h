/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tag_collect.h - read every tag a reader sees: list the field through
 * the reader interface, probe each tag with harmless commands and digest
 * its UID under the installation's key.  Shared by lockscope nfc and
 * scan --nfc.  The reports carry no raw UID and no setup secret
 * (tag_probe.h).
 */
#ifndef LS_NFC_TAG_COLLECT_H
#define LS_NFC_TAG_COLLECT_H

#include <stdbool.h>
#include <stddef.h>

#include "nfc/reader.h"
#include "nfc/tag_probe.h"
#include "util/err.h"

struct tag_collection {
	char			 reader[128];	/* connstring */
	char			 chip[64];	/* "PN532 v1.6" or "" */
	size_t			 n;
	struct tag_report	 rep[RDR_MAX_TARGETS];
	size_t			 by_sec[4];	/* indexed by enum tag_sec */
	size_t			 setups;	/* tags with a setup payload */
};

/*
 * Open conn with ops, list the field (again every 250 ms for up to
 * wait_s seconds while it is empty, unless *stop becomes true), probe
 * each tag and close the reader.  The UID key is loaded (or created)
 * first.  An empty field is LS_OK with run->n 0.
 */
enum ls_err	 tag_collect(const struct rdr_ops *ops, const char *conn,
		    double wait_s, volatile bool *stop,
		    struct tag_collection *run, struct ls_errbuf *eb);

#endif
