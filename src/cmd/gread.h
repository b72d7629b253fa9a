/*
 * gread.h - one GATT inspection of a device over an open radio: connect
 * (our LE connection over HCI on exclusive transports, the kernel's
 * L2CAP socket when the host is shared), run the GATT inspection
 * (src/bt/gatt.h: standard characteristics only, no pairing, no
 * writes), read the connection RSSI, disconnect.  Every wait is
 * bounded by the options.
 *
 * Shared by inspect (the whole command) and the visit (one read of the
 * lock at its start).  The caller owns the loop, the radio and its scan
 * (stopped before the read: controllers may refuse to connect while
 * scanning) and the host's dead hook (it forwards it here).
 */
#ifndef LS_GREAD_H
#define LS_GREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "../bt/gatt.h"
#include "../util/err.h"
#include "../util/loop.h"
#include "radio.h"

struct gread_opts {
	unsigned	 connect_ms;	/* the connection must complete */
	unsigned	 att_ms;	/* per ATT request */
	bool		 full;		/* full-enumeration baseline */
	bool		 read_rssi;	/* connection RSSI after a clean read */
};

/*
 * Finished: eb->code LS_OK, or the first failure (a connection that
 * timed out is LS_EUNAVAIL; a GATT failure is prefixed with the
 * address); eb lives for the call.  Do not free the read from here.
 */
typedef void	(*gread_done_fn)(const struct ls_errbuf *eb, void *arg);

struct gread;

/*
 * Start one inspection of addr (6 bytes, little-endian as in reports)
 * of addr_type (HC_ADDR_*) over r (borrowed, open) on loop.  *out is
 * filled as answers come (it must outlive the read; zeroed by the
 * caller), *conn_rssi gets the connection RSSI when it is read.  done
 * fires exactly once, possibly before this returns (the kernel refused
 * the socket).  NULL when out of memory (done is not called).
 */
struct gread	*gread_start(struct loop *loop, struct radio *r,
		    const uint8_t addr[6], uint8_t addr_type,
		    const struct gread_opts *o, struct gatt_result *out,
		    int *conn_rssi, gread_done_fn done, void *arg);

/*
 * Cancel (a signal): the failure becomes "interrupted" unless one came
 * first, what is open is closed (disconnect, bounded), then done fires.
 * No-op once done has fired.
 */
void		 gread_cancel(struct gread *);

/*
 * The host died (from the caller's host dead hook): the connection is
 * told, done fires with why (unless a failure came first).
 */
void		 gread_host_dead(struct gread *, const struct ls_errbuf *why);

/* Monotonic ms when the link came up (ATT started), 0 if it never did. */
uint64_t	 gread_connected_ms(const struct gread *);

/* True once the GATT inspection itself has finished (well or not). */
bool		 gread_gatt_done(const struct gread *);

/* Free everything (sends nothing).  NULL is a no-op. */
void		 gread_free(struct gread *);

#endif
