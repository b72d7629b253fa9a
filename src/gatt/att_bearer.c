/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * att_bearer.c - the ATT client channel over a bearer (att_bearer.h).
 *
 * Core 5.4 Vol 3 Part F: §3.3.2 a client sends one request at a time
 * and the next only after the response; §3.3.3 a transaction not
 * completed within 30 s times out, and after a timeout no further ATT
 * PDU is sent on the bearer; §3.4.7.2-3 every indication is confirmed;
 * §3.4.1.1 a server that gets a request it does not support answers
 * Request Not Supported.  The timeout used is the caller's (shorter than
 * 30 s: a technician waits at the door), see gatt_client.h.
 *
 * A notification flood cannot starve a procedure or grow memory: each
 * server-initiated PDU is handled in constant time and space and
 * dropped, and the request timer runs from the same event loop.
 */
#include <stdlib.h>
#include <string.h>

#include "gatt/att.h"
#include "gatt/att_bearer.h"
#include "util/cursor.h"
#include "util/log.h"

struct att {
	struct loop			*loop;
	const struct att_bearer_ops	*ops;
	void				*priv;
	uint16_t			 mtu;
	bool				 exchanged;
	bool				 gone;		/* lost or timed out */
	struct ls_errbuf		 why;
	/* the outstanding request */
	bool				 pending;
	uint8_t				 req_op;
	unsigned			 id;
	unsigned			 next_id;
	unsigned			 timer;
	att_rsp_fn			 fn;
	void				*arg;
	struct att_stats		 stats;
};

struct att *
att_new(struct loop *loop, const struct att_bearer_ops *ops, void *priv)
{
	struct att	*a;

	if ((a = calloc(1, sizeof *a)) == NULL)
		return NULL;
	a->loop = loop;
	a->ops = ops;
	a->priv = priv;
	a->mtu = ATT_DEFAULT_LE_MTU;
	a->next_id = 1;
	return a;
}

void
att_free(struct att *a)
{
	if (a == NULL)
		return;
	if (a->timer != 0)
		loop_cancel_timer(a->loop, a->timer);
	free(a);
}

static void
att_complete(struct att *a, enum ls_err err, const uint8_t *pdu, size_t n)
{
	att_rsp_fn	 fn = a->fn;

	a->pending = false;
	a->fn = NULL;
	if (a->timer != 0) {
		loop_cancel_timer(a->loop, a->timer);
		a->timer = 0;
	}
	if (fn != NULL)
		fn(err, pdu, n, a->arg);
}

static void
att_timeout(void *arg)
{
	struct att	*a = arg;

	a->timer = 0;
	/* §3.3.3: the bearer is unusable after a transaction timeout. */
	a->gone = true;
	ls_err_clear(&a->why);
	ls_err_set(&a->why, LS_ETIMEOUT, "the lock did not answer an ATT "
	    "%s", att_op_name(a->req_op));
	ls_log(LS_LOG_DEBUG, "att: %s", a->why.msg);
	att_complete(a, LS_ETIMEOUT, NULL, 0);
}

static void
att_send_raw(struct att *a, const uint8_t *pdu, size_t n)
{
	struct ls_errbuf	eb;

	ls_err_clear(&eb);
	if (a->ops->send(a->priv, pdu, n, &eb) != LS_OK)
		ls_log(LS_LOG_DEBUG, "att: send failed: %s", eb.msg);
}

/* A request from the peer (it may act as a client too). */
static void
att_refuse(struct att *a, const uint8_t *pdu, size_t n)
{
	uint8_t		rsp[ATT_ERROR_RSP_LEN];
	uint16_t	their;

	if (pdu[0] == ATT_OP_MTU_REQ && n == ATT_MTU_PDU_LEN) {
		/* §3.4.2: answer with our receive MTU. */
		their = (uint16_t)(pdu[1] | pdu[2] << 8);
		rsp[0] = ATT_OP_MTU_RSP;
		put_le16(rsp + 1, ATT_MAX_MTU);
		att_send_raw(a, rsp, ATT_MTU_PDU_LEN);
		if (!a->exchanged && their >= ATT_DEFAULT_LE_MTU) {
			a->mtu = their < ATT_MAX_MTU ? their : ATT_MAX_MTU;
			a->exchanged = true;
		}
		return;
	}
	a->stats.refused++;
	rsp[0] = ATT_OP_ERROR_RSP;
	rsp[1] = pdu[0];
	put_le16(rsp + 2, 0x0000);
	rsp[4] = ATT_E_REQ_NOT_SUPP;
	att_send_raw(a, rsp, sizeof rsp);
}

void
att_input(struct att *a, const uint8_t *pdu, size_t n)
{
	static const uint8_t	confirm[1] = { ATT_OP_CONFIRM };
	uint8_t			op;

	if (n == 0) {
		a->stats.malformed++;
		return;
	}
	op = pdu[0];
	switch (op) {
	case ATT_OP_NOTIFY:
	case ATT_OP_MULT_NOTIFY:
		a->stats.notifications++;
		return;
	case ATT_OP_INDICATE:
		a->stats.indications++;
		if (!a->gone)
			att_send_raw(a, confirm, sizeof confirm);
		return;
	case ATT_OP_CONFIRM:
		a->stats.unexpected++;
		return;
	}
	if (att_op_is_response(op)) {
		if (!a->pending) {
			a->stats.unexpected++;
			return;
		}
		if (n > a->mtu) {
			a->stats.malformed++;
			ls_log(LS_LOG_DEBUG, "att: %zu-byte %s over the MTU %u",
			    n, att_op_name(op), a->mtu);
			att_complete(a, LS_EMALFORMED, pdu, n);
			return;
		}
		if (op == ATT_OP_ERROR_RSP) {
			if (n != ATT_ERROR_RSP_LEN) {
				a->stats.malformed++;
				att_complete(a, LS_EMALFORMED, pdu, n);
				return;
			}
			if (pdu[1] != a->req_op) {
				a->stats.unexpected++;
				return;
			}
			att_complete(a, LS_OK, pdu, n);
			return;
		}
		if (op != a->req_op + 1) {
			/* A response to something we did not ask. */
			a->stats.malformed++;
			att_complete(a, LS_EMALFORMED, pdu, n);
			return;
		}
		att_complete(a, LS_OK, pdu, n);
		return;
	}
	if (op & ATT_OP_CMD_FLAG)
		return;			/* commands need no answer */
	if (!a->gone)
		att_refuse(a, pdu, n);
}

void
att_lost(struct att *a, const struct ls_errbuf *why)
{
	if (!a->gone) {
		a->gone = true;
		a->why = *why;
	}
	if (a->pending)
		att_complete(a, LS_EUNAVAIL, NULL, 0);
}

void
att_set_mtu(struct att *a, uint16_t mtu)
{
	if (mtu < ATT_DEFAULT_LE_MTU)
		mtu = ATT_DEFAULT_LE_MTU;
	if (mtu > ATT_MAX_MTU)
		mtu = ATT_MAX_MTU;
	a->mtu = mtu;
	a->exchanged = true;
}

uint16_t
att_mtu(const struct att *a)
{
	return a->mtu;
}

unsigned
att_request(struct att *a, const uint8_t *pdu, size_t n,
    unsigned timeout_ms, att_rsp_fn fn, void *arg)
{
	struct ls_errbuf	eb;

	if (a->gone || a->pending || n == 0 || n > a->mtu)
		return 0;
	ls_err_clear(&eb);
	if (a->ops->send(a->priv, pdu, n, &eb) != LS_OK) {
		ls_log(LS_LOG_DEBUG, "att: cannot send %s: %s",
		    att_op_name(pdu[0]), eb.msg);
		return 0;
	}
	a->stats.requests++;
	a->pending = true;
	a->req_op = pdu[0];
	a->fn = fn;
	a->arg = arg;
	a->id = a->next_id++;
	if (a->next_id == 0)
		a->next_id = 1;
	a->timer = loop_add_timer(a->loop, timeout_ms, att_timeout, a);
	return a->id;
}

void
att_cancel(struct att *a, unsigned id)
{
	if (a->pending && a->id == id)
		a->fn = NULL;
}

bool
att_busy(const struct att *a)
{
	return a->pending;
}

const struct att_stats *
att_stats(const struct att *a)
{
	return &a->stats;
}
