/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * l2cap.h - L2CAP LE fixed channels over one connection: ATT (0x0004)
 * handed to the ATT channel, LE signalling (0x0005) and the Security
 * Manager (0x0006) answered here.
 *
 * Core 5.4 Vol 3 Part A §2.1 (fixed channel IDs), §3.1 (basic frame),
 * §4 (signalling commands: §4.1 Command Reject, §4.20-21 Connection
 * Parameter Update Request/Response); Vol 3 Part H §3.3 (SMP commands),
 * §3.5.5 (Pairing Failed, reason 0x05 Pairing Not Supported).
 *
 * The tool never pairs (lockscope-internals(7), PRINCIPLES), so any
 * Pairing Request or Security Request gets Pairing Failed / Pairing Not
 * Supported.  A Connection Parameter Update Request is rejected:
 * accepting obliges the central to run an LE Connection Update, and an
 * inspection lasts a few connection events.  Unknown signalling
 * requests get Command Reject (not understood).
 */
#ifndef LS_GATT_L2CAP_H
#define LS_GATT_L2CAP_H

#include <stddef.h>
#include <stdint.h>

#include "gatt/att_bearer.h"
#include "hci/conn.h"

#define L2CAP_CID_ATT		0x0004
#define L2CAP_CID_LE_SIG	0x0005
#define L2CAP_CID_SMP		0x0006

/* LE signalling codes (Vol 3 Part A §4, Table 4.2). */
#define L2CAP_SIG_CMD_REJECT		0x01
#define L2CAP_SIG_DISCONN_REQ		0x06
#define L2CAP_SIG_CONN_PARAM_REQ	0x12
#define L2CAP_SIG_CONN_PARAM_RSP	0x13
#define L2CAP_SIG_LE_CREDIT_CONN_REQ	0x14
#define L2CAP_SIG_FLOW_CREDIT		0x16
#define L2CAP_SIG_ECRED_CONN_REQ	0x17
#define L2CAP_SIG_ECRED_RECONF_REQ	0x19

/* SMP codes (Vol 3 Part H §3.3, Table 3.3) and reason (§3.5.5). */
#define L2CAP_SMP_PAIRING_REQ		0x01
#define L2CAP_SMP_PAIRING_FAILED	0x05
#define L2CAP_SMP_SECURITY_REQ		0x0b
#define L2CAP_SMP_NOT_SUPPORTED		0x05

struct l2cap;

struct l2cap_stats {
	uint64_t	sig_answered;	/* responses and rejects sent */
	uint64_t	smp_refused;	/* Pairing Failed sent */
	uint64_t	other_cid;	/* frames on channels we do not use */
};

/*
 * The answer to one LE signalling C-frame payload in (code, identifier,
 * length(2), data), written to out (cap >= 16).  Returns its length, 0
 * when nothing is to be sent (a response, identifier 0, a bad length).
 * Pure.
 */
size_t		 l2cap_sig_answer(const uint8_t *in, size_t n, uint8_t *out,
		    size_t cap);

/* The answer to one SMP PDU (Pairing Failed, 2 octets) or 0.  Pure. */
size_t		 l2cap_smp_answer(const uint8_t *in, size_t n, uint8_t *out,
		    size_t cap);

/*
 * Fixed channels on c (borrowed; must outlive it): takes the conn's
 * L2CAP receiver.  NULL when out of memory.
 */
struct l2cap	*l2cap_new(struct conn *c);
void		 l2cap_free(struct l2cap *);

/* Deliver ATT PDUs (CID 4) to a (may be NULL: dropped). */
void		 l2cap_set_att(struct l2cap *, struct att *a);

/* The ATT bearer ops over CID 4; priv is the struct l2cap. */
extern const struct att_bearer_ops l2cap_att_ops;

const struct l2cap_stats *l2cap_stats(const struct l2cap *);

#endif
