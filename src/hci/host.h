/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * host.h - the HCI host: command queue with controller credits, command
 * completion matching and timeouts, and event dispatch.
 * Bluetooth Core 5.4 Vol 4 Part E §4.4 (command flow control), §7.7.14-15.
 *
 * One host serves every HCI transport.  Calls are asynchronous in the
 * BlueZ style: they take (callback, user_data, destroy) and return an id
 * that is never 0 when queued and that cancels.  Callbacks run from the
 * event loop.  When the transport dies (EOF, read error, a Hardware Error
 * event it cannot recover from) every pending command completes with the
 * error and the "dead" callback fires once.  A Hardware Error on an
 * exclusive transport with no connection up is recovered: HCI Reset,
 * then the last event masks, random address and scan settings again
 * (host.c says how).
 */
#ifndef LS_HCI_HOST_H
#define LS_HCI_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hci/transport.h"
#include "util/err.h"
#include "util/loop.h"

struct host;

typedef void	(*host_destroy_fn)(void *arg);

/*
 * A command finished.  err is LS_OK when the controller answered; then
 * status is the HCI status (first return parameter, or the Command
 * Status status) and ret/len the whole return parameters (status
 * included), borrowed for the call.  Otherwise err is LS_ETIMEOUT (no
 * answer in time) or the transport error, and status is 0xff.
 */
typedef void	(*host_cmd_fn)(enum ls_err err, uint8_t status,
		    const uint8_t *ret, size_t len, void *arg);

/* An event's parameters (LE Meta: starting at the subevent code). */
typedef void	(*host_evt_fn)(const uint8_t *params, size_t len, void *arg);

/* The controller or its transport is gone; why describes it. */
typedef void	(*host_dead_fn)(const struct ls_errbuf *why, void *arg);

/* Every packet in (dir 1) or out (dir 0), for captures; borrowed. */
typedef void	(*host_tap_fn)(int dir, uint8_t type, const uint8_t *pkt,
		    size_t len, void *arg);

struct host_stats {
	uint64_t	cmds_sent;
	uint64_t	events;
	uint64_t	malformed;	/* events that failed to decode */
	uint64_t	unexpected;	/* completions nobody waited for */
	uint64_t	timeouts;
	uint64_t	credit_stalls;	/* died: no command credit ever */
	uint64_t	hw_recoveries;	/* Hardware Errors reset and restored */
};

/*
 * New host over transport t (borrowed: must outlive the host), watching
 * its fd in loop.  Returns NULL when out of memory.
 */
struct host	*host_new(struct loop *, struct transport *t);

/* Cancel everything (callbacks are not called; destroys are) and free. */
void		 host_free(struct host *);

void		 host_set_dead(struct host *, host_dead_fn, void *arg);
void		 host_set_tap(struct host *, host_tap_fn, void *arg);

/*
 * Per-command deadline, counted from the moment the command is queued
 * (waiting for a command credit included); default 2000 ms.  A command
 * that could not go out by then while none is outstanding means the
 * controller stopped granting credits: the host dies with that reason.
 */
void		 host_set_cmd_timeout(struct host *, unsigned ms);

/* The transport's TRANSPORT_* flags. */
unsigned	 host_transport_flags(const struct host *);

/* True when the transport is shared with the kernel (TRANSPORT_SHARED). */
bool		 host_shared(const struct host *);

/* Why the host died (set before any callback learns of it), or NULL. */
const struct ls_errbuf *host_dead_reason(const struct host *);

/* The event loop the host runs in (for timers of the layers above). */
struct loop	*host_loop(const struct host *);

/* The transport spec, for messages. */
const char	*host_spec(const struct host *);

/*
 * Queue a command.  fn (may be NULL) fires exactly once unless the
 * command is cancelled.  Returns an id, or 0 when the host is dead or
 * out of memory (fn is not called; destroy is).
 */
unsigned	 host_send(struct host *, uint16_t opcode, const void *params,
		    uint8_t plen, host_cmd_fn fn, void *arg,
		    host_destroy_fn destroy);

/* Cancel a queued or sent command: fn is not called.  False if unknown. */
bool		 host_cancel(struct host *, unsigned id);

/*
 * Subscribe to an event code, or with host_on_le() to an LE Meta
 * subevent.  Several subscribers may share a code.  Returns an id for
 * host_off(), 0 on failure.
 */
unsigned	 host_on_event(struct host *, uint8_t code, host_evt_fn fn,
		    void *arg, host_destroy_fn destroy);
unsigned	 host_on_le(struct host *, uint8_t subevent, host_evt_fn fn,
		    void *arg, host_destroy_fn destroy);
bool		 host_off(struct host *, unsigned id);

/*
 * ACL data from the controller: one whole HCI ACL packet (handle and
 * flags header included), borrowed for the call.  One receiver; NULL
 * drops ACL data (the default).
 */
typedef void	(*host_acl_fn)(const uint8_t *pkt, size_t len, void *arg);
void		 host_set_acl(struct host *, host_acl_fn, void *arg);

/*
 * Send one HCI ACL packet (header included, len <= 4 + 65535) now; the
 * caller does ACL flow control (Number Of Completed Packets).  Returns
 * LS_OK, or the transport error (the host is then dead).
 */
enum ls_err	 host_send_acl(struct host *, const uint8_t *pkt, size_t len,
		    struct ls_errbuf *eb);

/* Record an event that failed to decode (counted; logged at debug). */
void		 host_malformed(struct host *, const struct ls_errbuf *);

const struct host_stats *host_stats(const struct host *);

/*
 * Queue HCI Reset, then again the state-setting commands that last
 * succeeded except the scanning ones, which are forgotten: what a switch
 * between extended and legacy scanning needs, since a controller may
 * refuse mixing the two kinds of commands until a reset (Vol 4 Part E
 * §3.1.1).  Answers are the host's own.  False when the host is dead or
 * out of memory.
 */
bool		 host_reset_restore(struct host *);

/*
 * The primary PHY an advertiser was last heard on (1 LE 1M, 3 LE Coded),
 * noted by the scan from extended reports so that a connection can be
 * initiated on the PHY the lock is heard on; 0 when not known.  addr is
 * little-endian, addr_type 0 public or 1 random (2 and 3 fold to them).
 */
void		 host_note_phy(struct host *, const uint8_t addr[6],
		    uint8_t addr_type, uint8_t phy);
uint8_t		 host_heard_phy(const struct host *, const uint8_t addr[6],
		    uint8_t addr_type);

#endif
