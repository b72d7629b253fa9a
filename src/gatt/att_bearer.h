/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * att_bearer.h - the ATT client channel over any bearer: request /
 * response matching with a timeout, one outstanding request at a time,
 * server-initiated PDUs (notifications ignored, indications confirmed,
 * requests refused), and the bearer ops table.
 *
 * Core 5.4 Vol 3 Part F §3.3 (PDU format), §3.3.2 (sequential
 * protocol: one request outstanding, §3.3.3 transaction timeout 30 s),
 * §3.4.7 (notifications and indications).  Shape after
 * bluez/bluez:src/shared/att.c (bt_att_send returns an id that cancels;
 * responses matched by opcode), written anew.
 *
 * Two bearers implement the ops: our L2CAP fixed channel over HCI ACL
 * (l2cap.c) and the kernel's L2CAP LE socket (adapters/att_kernel.c).
 * Nothing here knows which one it talks to.
 */
#ifndef LS_GATT_ATT_BEARER_H
#define LS_GATT_ATT_BEARER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/loop.h"

struct att_bearer_ops {
	const char	*name;		/* "l2cap-acl", "kernel-l2cap" */
	/* Send one ATT PDU (n <= the bearer MTU). */
	enum ls_err	(*send)(void *priv, const uint8_t *pdu, size_t n,
			    struct ls_errbuf *eb);
};

struct att;

/*
 * ATT over a connection that the system owns (the kernel, for hciN): the
 * link is opened by address, and the system connects, answers L2CAP
 * signalling and the Security Manager, and disconnects when the link is
 * freed.  The implementation lives in adapters/ (att_kernel.c); the
 * command hands it down (struct oneshot_opts).  priv below is what open
 * made; bearer sends through it.
 */
struct att_link_ops {
	const struct att_bearer_ops *bearer;
	/*
	 * Connect to addr (little-endian) of addr_type (0 public, 1 random)
	 * through adapter spec, waiting at most timeout_ms; the link's fd is
	 * watched in loop.  Errors: LS_EUNAVAIL (no such adapter, the device
	 * did not connect), LS_ETIMEOUT, LS_EPERM.
	 */
	enum ls_err	(*open)(struct loop *, const char *spec,
			    const uint8_t addr[6], uint8_t addr_type,
			    unsigned timeout_ms, void **priv,
			    struct ls_errbuf *eb);
	/* Received PDUs go to a from now on. */
	void		(*set_att)(void *priv, struct att *a);
	/* Close the link (the system disconnects).  NULL is a no-op. */
	void		(*free)(void *priv);
};


/*
 * A request finished.  err LS_OK: pdu is the response (the expected
 * opcode, or an Error Response for this request), borrowed for the
 * call.  Otherwise LS_ETIMEOUT (no answer in time), LS_EUNAVAIL (the
 * bearer went away: the ATT bearer is then unusable), LS_EMALFORMED (an
 * answer too long for the MTU or too short to be one).
 */
typedef void	(*att_rsp_fn)(enum ls_err err, const uint8_t *pdu, size_t n,
		    void *arg);

struct att_stats {
	uint64_t	requests;	/* sent by us */
	uint64_t	notifications;	/* received and dropped */
	uint64_t	indications;	/* received and confirmed */
	uint64_t	refused;	/* peer requests answered with
					   an error */
	uint64_t	unexpected;	/* responses nobody waited for */
	uint64_t	malformed;
};

/*
 * New ATT channel on a bearer (ops and priv borrowed; the bearer calls
 * att_input() for each PDU and att_lost() when it goes away).  The MTU
 * starts at the LE default of 23.  NULL when out of memory.
 */
struct att	*att_new(struct loop *, const struct att_bearer_ops *,
		    void *priv);

/* Free; a pending callback is not called.  NULL is a no-op. */
void		 att_free(struct att *);

/* The bearer delivers one received PDU (borrowed). */
void		 att_input(struct att *, const uint8_t *pdu, size_t n);

/* The bearer is gone: a pending request fails with why. */
void		 att_lost(struct att *, const struct ls_errbuf *why);

/* ATT_MTU in use (after an exchange, the minimum of both sides). */
void		 att_set_mtu(struct att *, uint16_t mtu);
uint16_t	 att_mtu(const struct att *);

/*
 * Send a request PDU and wait at most timeout_ms for its answer.  Only
 * one request may be outstanding: returns 0 (fn not called) when one
 * is, when the bearer is gone, or when sending fails; else an id.
 */
unsigned	 att_request(struct att *, const uint8_t *pdu, size_t n,
		    unsigned timeout_ms, att_rsp_fn fn, void *arg);

/*
 * Forget the outstanding request: fn is not called.  A late answer is
 * then dropped, and no new request is sent until it arrives or the
 * timeout passes (the sequential protocol, §3.3.2).
 */
void		 att_cancel(struct att *, unsigned id);

/* True when a request is outstanding (ours or abandoned). */
bool		 att_busy(const struct att *);

const struct att_stats *att_stats(const struct att *);

#endif
