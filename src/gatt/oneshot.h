/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * oneshot.h - one GATT inspection of a device over an open radio: connect
 * (our LE connection over HCI on exclusive transports, the kernel's
 * L2CAP socket when the host is shared), run the GATT inspection
 * (src/gatt/gatt_client.h: standard characteristics only, no pairing, no
 * writes), read the connection RSSI, disconnect.  Every wait is
 * bounded by the options.
 *
 * Shared by inspect (the whole command) and the visit (one read of the
 * lock at its start).  The caller owns the loop, the radio and its scan
 * (stopped before the read: controllers may refuse to connect while
 * scanning) and the host's dead hook (it forwards it here).
 */
#ifndef LS_GATT_ONESHOT_H
#define LS_GATT_ONESHOT_H

#include <stdbool.h>
#include <stdint.h>

#include "gatt/att_bearer.h"
#include "gatt/gatt_client.h"
#include "hci/radio.h"
#include "util/err.h"
#include "util/loop.h"

struct oneshot_opts {
	unsigned	 connect_ms;	/* the connection must complete */
	unsigned	 att_ms;	/* per ATT request */
	bool		 full;		/* full-enumeration baseline */
	bool		 read_rssi;	/* connection RSSI after a clean read */
	/* ATT over the kernel's connections, for a host the kernel shares
	   (hciN); NULL: such a host is refused with LS_EUNAVAIL. */
	const struct att_link_ops *shared_att;
};

/*
 * Finished: eb->code LS_OK, or the first failure (a connection that
 * timed out is LS_EUNAVAIL; a GATT failure is prefixed with the
 * address); eb lives for the call.  Do not free the read from here.
 */
typedef void	(*oneshot_done_fn)(const struct ls_errbuf *eb, void *arg);

struct oneshot;

/*
 * Start one inspection of addr (6 bytes, little-endian as in reports)
 * of addr_type (HC_ADDR_*) over r (borrowed, open) on loop.  *out is
 * filled as answers come (it must outlive the read; zeroed by the
 * caller), *conn_rssi gets the connection RSSI when it is read.  done
 * fires exactly once, possibly before this returns (the kernel refused
 * the socket).  NULL when out of memory (done is not called).
 */
struct oneshot	*oneshot_start(struct loop *loop, struct radio *r,
		    const uint8_t addr[6], uint8_t addr_type,
		    const struct oneshot_opts *o, struct gatt_result *out,
		    int *conn_rssi, oneshot_done_fn done, void *arg);

/*
 * Cancel (a signal): the failure becomes "interrupted" unless one came
 * first, what is open is closed (disconnect, bounded), then done fires.
 * No-op once done has fired.
 */
void		 oneshot_cancel(struct oneshot *);

/*
 * The host died (from the caller's host dead hook): the connection is
 * told, done fires with why (unless a failure came first).
 */
void		 oneshot_host_dead(struct oneshot *,
		    const struct ls_errbuf *why);

/* Monotonic ms when the link came up (ATT started), 0 if it never did. */
uint64_t	 oneshot_connected_ms(const struct oneshot *);

/* True once the GATT inspection itself has finished (well or not). */
bool		 oneshot_gatt_done(const struct oneshot *);

/* Free everything (sends nothing).  NULL is a no-op. */
void		 oneshot_free(struct oneshot *);

#endif
