/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * l2cap.c - L2CAP LE fixed channels (l2cap.h).
 *
 * C-frame layout (Vol 3 Part A §4): code(1), identifier(1), length(2),
 * data(length).  On the LE signalling channel one C-frame carries one
 * command (§4).  Connection Parameter Update Request data (§4.20):
 * interval min(2), interval max(2), latency(2), timeout(2); the
 * response (§4.21) carries result(2): 0x0000 accepted, 0x0001 rejected.
 * Command Reject (§4.1): reason(2), 0x0000 command not understood.
 */
#include <stdlib.h>
#include <string.h>

#include "gatt/l2cap.h"
#include "util/cursor.h"
#include "util/log.h"

struct l2cap {
	struct conn		*conn;
	struct att		*att;
	struct l2cap_stats	 stats;
};

size_t
l2cap_sig_answer(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	uint8_t		code, ident;
	uint16_t	len;

	if (n < 4 || cap < 16)
		return 0;
	code = in[0];
	ident = in[1];
	len = (uint16_t)(in[2] | in[3] << 8);
	/* §4: identifier 0 is never valid; the length must match. */
	if (ident == 0 || len != n - 4)
		return 0;
	switch (code) {
	case L2CAP_SIG_CONN_PARAM_REQ:
		if (len != 8)
			break;
		out[0] = L2CAP_SIG_CONN_PARAM_RSP;
		out[1] = ident;
		put_le16(out + 2, 2);
		put_le16(out + 4, 0x0001);	/* rejected */
		return 6;
	/* Responses (Table 4.2) and the credit indication: no answer. */
	case L2CAP_SIG_CMD_REJECT:
	case 0x03: case 0x05: case 0x07: case 0x09: case 0x0b: case 0x0d:
	case 0x0f: case 0x11: case L2CAP_SIG_CONN_PARAM_RSP: case 0x15:
	case L2CAP_SIG_FLOW_CREDIT: case 0x18: case 0x1a:
		return 0;
	default:
		break;
	}
	out[0] = L2CAP_SIG_CMD_REJECT;
	out[1] = ident;
	put_le16(out + 2, 2);
	put_le16(out + 4, 0x0000);	/* command not understood */
	return 6;
}

size_t
l2cap_smp_answer(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	if (n < 1 || cap < 2)
		return 0;
	if (in[0] != L2CAP_SMP_PAIRING_REQ && in[0] != L2CAP_SMP_SECURITY_REQ)
		return 0;
	out[0] = L2CAP_SMP_PAIRING_FAILED;
	out[1] = L2CAP_SMP_NOT_SUPPORTED;
	return 2;
}

static void
l2cap_on_frame(uint16_t cid, const uint8_t *p, size_t n, void *arg)
{
	struct l2cap		*l = arg;
	struct ls_errbuf	 eb;
	uint8_t			 out[16];
	size_t			 on;

	switch (cid) {
	case L2CAP_CID_ATT:
		if (l->att != NULL)
			att_input(l->att, p, n);
		return;
	case L2CAP_CID_LE_SIG:
		if ((on = l2cap_sig_answer(p, n, out, sizeof out)) == 0)
			return;
		ls_err_clear(&eb);
		if (conn_send(l->conn, L2CAP_CID_LE_SIG, out, on, &eb) ==
		    LS_OK)
			l->stats.sig_answered++;
		return;
	case L2CAP_CID_SMP:
		if ((on = l2cap_smp_answer(p, n, out, sizeof out)) == 0)
			return;
		ls_log(LS_LOG_DEBUG, "l2cap: the lock asked to pair; "
		    "answered Pairing Not Supported");
		ls_err_clear(&eb);
		if (conn_send(l->conn, L2CAP_CID_SMP, out, on, &eb) == LS_OK)
			l->stats.smp_refused++;
		return;
	default:
		l->stats.other_cid++;
		return;
	}
}

struct l2cap *
l2cap_new(struct conn *c)
{
	struct l2cap	*l;

	if ((l = calloc(1, sizeof *l)) == NULL)
		return NULL;
	l->conn = c;
	conn_set_l2cap(c, l2cap_on_frame, l);
	return l;
}

void
l2cap_free(struct l2cap *l)
{
	if (l == NULL)
		return;
	conn_set_l2cap(l->conn, NULL, NULL);
	free(l);
}

void
l2cap_set_att(struct l2cap *l, struct att *a)
{
	l->att = a;
}

static enum ls_err
l2cap_att_send(void *priv, const uint8_t *pdu, size_t n,
    struct ls_errbuf *eb)
{
	struct l2cap	*l = priv;

	return conn_send(l->conn, L2CAP_CID_ATT, pdu, n, eb);
}

const struct att_bearer_ops l2cap_att_ops = {
	.name = "l2cap-acl",
	.send = l2cap_att_send,
};

const struct l2cap_stats *
l2cap_stats(const struct l2cap *l)
{
	return &l->stats;
}
