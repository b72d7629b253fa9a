/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * conn.h - one LE connection as central over our HCI host: create (with
 * a timeout, then cancel), disconnect, parameter updates, ACL flow
 * control, fragmentation and reassembly of L2CAP frames.
 *
 * Bluetooth Core 5.4 Vol 4 Part E: §7.8.12 LE Create Connection,
 * §7.8.66 LE Extended Create Connection, §7.8.13 LE Create Connection
 * Cancel, §7.1.6 Disconnect, §7.5.4 Read RSSI, §7.7.65.1 / §7.7.65.10
 * LE (Enhanced) Connection Complete, §7.7.5 Disconnection Complete,
 * §7.7.65.3 LE Connection Update Complete, §7.7.65.6 LE Remote
 * Connection Parameter Request with §7.8.31/§7.8.32 its (Negative)
 * Reply, §7.7.19 Number Of Completed Packets, §4.1 (ACL flow control),
 * §5.4.2 (ACL data packets).
 * L2CAP basic frame: Vol 3 Part A §3.1 (length(2), channel ID(2)).
 *
 * Not here: L2CAP channels (l2cap.c), ATT (att_bearer.c).  Only used on an
 * exclusive transport; with the kernel stack the kernel owns
 * connections (adapters/att_kernel.c).
 */
#ifndef LS_HCI_CONN_H
#define LS_HCI_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hci/bringup.h"
#include "hci/host.h"

/* Largest L2CAP frame reassembled (header + 517-octet ATT PDU). */
#define CONN_MAX_FRAME		(4 + 517)
/* Most ACL fragments queued for sending. */
#define CONN_MAX_TXQ		128

struct conn;

/* Connected (eb->code LS_OK) or failed; eb lives during the call. */
typedef void	(*conn_done_fn)(const struct ls_errbuf *eb, void *arg);

/* One whole L2CAP basic frame payload for a channel; borrowed. */
typedef void	(*conn_l2cap_fn)(uint16_t cid, const uint8_t *p, size_t n,
		    void *arg);

/* Read RSSI answered: err LS_OK and rssi in dBm, or the failure. */
typedef void	(*conn_rssi_fn)(enum ls_err err, int rssi, void *arg);

struct conn_stats {
	uint64_t	acl_in, acl_out;	/* fragments */
	uint64_t	frames_in, frames_out;
	uint64_t	dropped;	/* over the cap, bad PB sequence */
	uint16_t	interval;	/* units of 1.25 ms */
	uint16_t	latency, supervision;	/* -, units of 10 ms */
	uint64_t	param_replied;	/* LE Remote Connection Parameter */
	uint64_t	param_refused;	/*   Requests answered, refused */
};

/*
 * The slowest link the host accepts when the lock asks for new
 * parameters (LE Remote Connection Parameter Request, §7.7.65.6): an
 * Interval_Max of at most 400 ms, and at most 2 s between the lock's
 * answers counting the events it may skip ((1 + latency) *
 * Interval_Max), so GATT reads keep well inside their timeouts.
 */
#define CONN_PARAM_HOST_MAX_INTERVAL	320	/* units of 1.25 ms */
#define CONN_PARAM_HOST_MAX_SPAN	1600	/* units of 1.25 ms */

/*
 * Verdict on a peer's request for connection parameters (interval
 * min/max in 1.25 ms, latency in events, supervision timeout in 10 ms):
 * HC_SUCCESS when the values are valid (§7.8.31 ranges, the timeout
 * longer than (1 + latency) * Interval_Max * 2) and within the host's
 * limits above, else HC_ERR_UNACCEPTABLE_CONN_PARAMS.  Pure, for tests.
 */
uint8_t		 conn_param_verdict(uint16_t imin, uint16_t imax,
		    uint16_t latency, uint16_t timeout);

/*
 * New connection object on host for controller info (both borrowed,
 * must outlive it).  NULL when out of memory.
 */
struct conn	*conn_new(struct host *, const struct bringup_info *);

/*
 * Free: does not send anything (call conn_disconnect first); callbacks
 * are not called.  NULL is a no-op.
 */
void		 conn_free(struct conn *);

/*
 * Connect to addr (little-endian) of addr_type (0 public, 1 random),
 * extended when the controller supports it.  If the connection is not
 * complete after timeout_ms, the attempt is cancelled and done fires
 * with LS_ETIMEOUT.  done fires exactly once.
 */
void		 conn_connect(struct conn *, const uint8_t addr[6],
		    uint8_t addr_type, unsigned timeout_ms, conn_done_fn done,
		    void *arg);

/*
 * Fires once when an established connection goes away (peer, link
 * loss, host death); why names the reason.
 */
void		 conn_set_lost(struct conn *, conn_done_fn lost, void *arg);

/* Receiver of reassembled L2CAP frames. */
void		 conn_set_l2cap(struct conn *, conn_l2cap_fn fn, void *arg);

/*
 * Send one L2CAP frame payload p (n <= CONN_MAX_FRAME - 4) on channel
 * cid: fragmented to the controller's ACL size and queued under its
 * flow control.  LS_EUNAVAIL when not connected, LS_ENOMEM when the
 * queue is full.
 */
enum ls_err	 conn_send(struct conn *, uint16_t cid, const uint8_t *p,
		    size_t n, struct ls_errbuf *eb);

/*
 * Disconnect (reason Remote User Terminated) and wait for Disconnection
 * Complete at most timeout_ms; done fires once (LS_OK also when there
 * was no connection).  The lost callback does not fire for it.
 */
void		 conn_disconnect(struct conn *, unsigned timeout_ms,
		    conn_done_fn done, void *arg);

/* Read RSSI of the connection (§7.5.4); fn fires once. */
void		 conn_read_rssi(struct conn *, conn_rssi_fn fn, void *arg);

/*
 * The host died (the host has one dead hook, owned by the command):
 * pending create or disconnect completes, an established connection is
 * lost, with why.
 */
void		 conn_host_dead(struct conn *, const struct ls_errbuf *why);

bool		 conn_connected(const struct conn *);
const struct conn_stats *conn_stats(const struct conn *);

/*
 * Pure reassembly step, exported for tests and fuzzing: feed one HCI ACL
 * packet (header included) into the buffer buf (cap CONN_MAX_FRAME,
 * *have bytes so far, *skipping set while a too-large frame is being
 * dropped).  Returns 1 with the handle, cid, payload and plen outputs set when
 * a frame is complete (payload points into buf), 0 when more is needed,
 * -1 when the packet was dropped (malformed, over the cap, a
 * continuation without a start); eb says why.
 */
int		 conn_reassemble(uint8_t *buf, size_t *have, bool *skipping,
		    const uint8_t *pkt, size_t len, uint16_t *handle,
		    uint16_t *cid, const uint8_t **payload, size_t *plen,
		    struct ls_errbuf *eb);

#endif
