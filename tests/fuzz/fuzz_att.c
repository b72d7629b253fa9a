/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_att.c - libFuzzer harness for ATT PDU decoding: the ATT
 * channel (src/gatt/att_bearer.c) and the whole GATT client inspection
 * (src/gatt/gatt_client.c) against a server whose answers are the input.
 *
 * The input is a sequence of server PDUs, each prefixed by one length
 * octet.  Each time the client sends a request, the next PDU (and any
 * that follow up to the next request) is delivered from the event loop;
 * when the input runs out the bearer is reported lost.  Beyond
 * ASan/UBSan it checks the contract: the inspection always finishes,
 * with a known error code, within the caps.
 * Corpus: tests/fuzz/corpus/att/ (the happy path of test_gatt_client.c and
 * variants).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gatt/att.h"
#include "gatt/gatt_client.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fz {
	struct loop		*loop;
	struct att		*att;
	const uint8_t		*p;
	size_t			 n;
	int			 done;
	enum ls_err		 err;
	unsigned		 sends;
};

static void
fz_deliver(void *arg)
{
	struct fz		*f = arg;
	struct ls_errbuf	 eb;
	size_t			 len;
	unsigned		 sends = f->sends;

	if (f->done)
		return;
	if (f->n == 0) {
		ls_err_clear(&eb);
		ls_err_set(&eb, LS_EUNAVAIL, "end of input");
		att_lost(f->att, &eb);
		return;
	}
	len = f->p[0];
	if (len > f->n - 1)
		len = f->n - 1;
	att_input(f->att, f->p + 1, len);
	f->p += 1 + len;
	f->n -= 1 + len;
	/* Unanswered (a notification, a bad PDU): keep delivering. */
	if (!f->done && att_busy(f->att) && f->sends == sends)
		loop_add_timer(f->loop, 0, fz_deliver, f);
}

static enum ls_err
fz_send(void *priv, const uint8_t *pdu, size_t n, struct ls_errbuf *eb)
{
	struct fz	*f = priv;

	(void)pdu;
	(void)n;
	(void)eb;
	/* Confirmations and refusals need no answer from the server. */
	if (pdu[0] != ATT_OP_CONFIRM && pdu[0] != ATT_OP_ERROR_RSP &&
	    pdu[0] != ATT_OP_MTU_RSP) {
		f->sends++;
		loop_add_timer(f->loop, 0, fz_deliver, f);
	}
	return LS_OK;
}

static const struct att_bearer_ops fz_ops = { "fuzz", fz_send };

static void
fz_done(const struct ls_errbuf *eb, void *arg)
{
	struct fz	*f = arg;

	f->done = 1;
	f->err = eb->code;
	loop_stop(f->loop);
}

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	static struct gatt_result	 res;
	struct gatt_opts		 o;
	struct gatt			*g;
	struct fz			 f;

	memset(&f, 0, sizeof f);
	f.p = p;
	f.n = n;
	f.loop = loop_new();
	f.att = att_new(f.loop, &fz_ops, &f);
	g = gatt_new(f.att, f.loop);
	memset(&o, 0, sizeof o);
	o.timeout_ms = 60000;
	gatt_inspect(g, &o, &res, fz_done, &f);
	if (!f.done)
		loop_run(f.loop);
	if (!f.done)
		abort();
	if (f.err != LS_OK && f.err != LS_EMALFORMED &&
	    f.err != LS_EUNAVAIL && f.err != LS_ETIMEOUT)
		abort();
	if (res.nservices > GATT_MAX_SERVICES || res.nchars > GATT_MAX_CHARS)
		abort();
	gatt_free(g);
	att_free(f.att);
	loop_free(f.loop);
	return 0;
}
