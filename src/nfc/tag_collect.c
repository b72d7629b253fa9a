/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tag_collect.c - read every tag a reader sees; see tag_collect.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "nfc/tag_collect.h"
#include "util/loop.h"

#define TAG_COLLECT_POLL_MS	250

enum ls_err
tag_collect(const struct rdr_ops *ops, const char *conn, double wait_s,
    volatile bool *stop, struct tag_collection *run, struct ls_errbuf *eb)
{
	struct tag_raw	 raw[RDR_MAX_TARGETS];
	uint8_t		 key[UID_DIGEST_LEN];
	struct tag_io	 io;
	struct rdr	*r = NULL;
	struct timespec	 ts;
	uint64_t	 until = loop_now_ms() + (uint64_t)(wait_s * 1000);
	size_t		 n = 0, i;
	enum ls_err	 e;

	memset(run, 0, sizeof *run);
	snprintf(run->reader, sizeof run->reader, "%s", conn);
	if ((e = uid_digest_load(key, NULL, 0, eb)) != LS_OK)
		return e;
	if ((e = ops->open(conn, &r, eb)) != LS_OK)
		goto out;
	snprintf(run->chip, sizeof run->chip, "%s", ops->chip(r));
	for (;;) {
		if ((e = ops->list(r, raw, RDR_MAX_TARGETS, &n, eb)) != LS_OK)
			goto out;
		if (n > 0 || loop_now_ms() >= until ||
		    (stop != NULL && *stop))
			break;
		ts.tv_sec = 0;
		ts.tv_nsec = TAG_COLLECT_POLL_MS * 1000000L;
		nanosleep(&ts, NULL);
	}
	ops->io(r, &io);
	for (i = 0; i < n; i++) {
		if (stop != NULL && *stop)
			break;
		if ((e = tag_probe(&io, &raw[i], key, &run->rep[run->n],
		    eb)) != LS_OK)
			goto out;
		run->by_sec[run->rep[run->n].cls.sec]++;
		if (run->rep[run->n].setup != TAG_SETUP_NONE)
			run->setups++;
		run->n++;
	}
	e = LS_OK;
out:
	sodium_memzero(raw, sizeof raw);
	sodium_memzero(key, sizeof key);
	ops->free(r);
	return e;
}
