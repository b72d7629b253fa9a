/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * controller.h - an emulated LE controller: HCI commands in, H4 events out,
 * advertising reports for the devices of a scenario.  No I/O: the caller
 * moves bytes and supplies the clock, so unit tests drive it directly.
 *
 * Implements (Bluetooth Core 5.4 Vol 4 Part E): Reset, Set Event Mask,
 * Read Local Version Information, Read Local Supported Commands, Read
 * Local Supported Features, Read Buffer Size, Read BD_ADDR, LE Set Event
 * Mask, LE Read Buffer Size [v1] and [v2], LE Read Local Supported
 * Features, LE Set Random Address, LE Read Supported States, LE Set Scan
 * Parameters, LE Set Scan Enable, LE Set Extended Scan Parameters, LE Set
 * Extended Scan Enable, Disconnect, Read RSSI, LE Create Connection, LE
 * Create Connection Cancel, LE Connection Update, LE Extended Create
 * Connection; ACL data both ways.  Anything else is answered Unknown HCI
 * Command.  Behind the controller, each scenario device is a peripheral
 * with L2CAP LE fixed channels and an ATT server (controller_conn.c).
 *
 * Behaviour worth knowing (details in controller.c and hci-emu(1)):
 *  - Every Command Complete carries Num_HCI_Command_Packets = 1.  Errors
 *    return the status byte only.
 *  - Event masks start at the spec defaults (§7.3.1, §7.8.1), which do
 *    not let LE Meta events through: a host must set them.
 *  - Legacy and extended scanning commands cannot be mixed between two
 *    Resets (§3.1.1): the other kind answers Command Disallowed.
 *  - Devices advertise every interval_ms plus advDelay (0..10 ms, Vol 6
 *    Part B §4.4.2.2.1) with a random phase; a report is produced only for
 *    advertising events that fall in a scan window (scan window < scan
 *    interval hears proportionally less, as a real scanner does).
 *  - Connections: see controller_conn.c and hci-emu(1) CONNECTIONS.
 *  - Output is a byte queue of whole H4 packets (events and ACL).
 *    Advertising reports are dropped (and counted) while it holds out_cap
 *    bytes or more; command responses never are.  The caller bounds memory
 *    by not feeding input while ectl_out_full() is true.
 *  - The site (which state each device is in, and the timeline) survives
 *    ectl_reset(): a host reconnecting sees the same world.
 */
#ifndef LS_EMU_CONTROLLER_H
#define LS_EMU_CONTROLLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu/scenario.h"
#include "util/err.h"

/* Hostile-controller faults (--fault). */
#define ECTL_FAULT_SILENT	0x01	/* read commands, answer nothing */
#define ECTL_FAULT_NO_RESET	0x02	/* never answer (or act on) Reset */
#define ECTL_FAULT_LEGACY_ONLY	0x04	/* no extended advertising at all */
#define ECTL_FAULT_GARBAGE	0x08	/* I/O layer: junk between packets */
#define ECTL_FAULT_FRAGMENT	0x10	/* I/O layer: 1-3 byte writes */
#define ECTL_FAULT_HANGUP	0x20	/* hang up after the first Reset */
#define ECTL_FAULT_ATT_SILENT	0x40	/* never answer an ATT request */
#define ECTL_FAULT_ATT_MALFORMED 0x80	/* truncated or invalid ATT responses */
#define ECTL_FAULT_ATT_OVERSIZED 0x100	/* ATT responses longer than ATT_MTU */
#define ECTL_FAULT_DISCONNECT_MID 0x200	/* drop the link at the 2nd request */
#define ECTL_FAULT_NOTIFY_FLOOD	0x400	/* Handle Value Notifications nonstop */
#define ECTL_FAULT_ZERO_CREDITS	0x800	/* Num_HCI_Command_Packets 0, always */
#define ECTL_FAULT_STRAY_BYTE	0x1000	/* a lone 0x04 before Reset's reply */
#define ECTL_FAULT_HW_ERROR	0x2000	/* Hardware Error 300 ms into a scan */
#define ECTL_FAULT_EXT_SCAN_EMPTY 0x4000 /* extended scanning reports nothing */

#define ECTL_OUT_CAP_DEFAULT	(1024 * 1024)

/* Fixed public address answered by Read BD_ADDR unless configured. */
#define ECTL_BDADDR_DEFAULT	"00:00:5E:00:53:01"

struct ectl_opts {
	uint8_t		bdaddr[6];	/* Read BD_ADDR, little-endian */
	unsigned	faults;		/* ECTL_FAULT_* */
	uint64_t	seed;		/* PRNG: phases, advDelay,
					   RSSI jitter */
	size_t		out_cap;	/* 0: ECTL_OUT_CAP_DEFAULT */
	uint64_t	origin_ms;	/* clock value that timeline
					   at_ms 0 is */
};

struct ectl_stats {
	uint64_t	commands;	/* command packets received */
	uint64_t	unknown;	/* answered Unknown HCI Command */
	uint64_t	reports;	/* advertising report events queued */
	uint64_t	dropped;	/* reports dropped: output full */
	uint64_t	ignored;	/* ACL/SCO/ISO packets from the host */
	uint64_t	junk;		/* bytes the H4 framer skipped */
	uint64_t	resets;		/* Resets answered since ectl_reset() */
	uint64_t	switches;	/* device state switches
					   (all sources) */
	uint64_t	acl_in;		/* host ACL packets accepted */
	uint64_t	acl_out;	/* ACL packets to the host */
	uint64_t	acl_unknown;	/* dropped: unknown connection handle */
	uint64_t	acl_violations;	/* dropped: over ACL_Data_Packet_Length,
					   no free buffer (credits), bad flags
					   or length */
	uint64_t	l2cap_dropped;	/* bad reassembly, CID, full queue */
	uint64_t	connections;	/* connections established */
	uint64_t	disconnections;	/* Disconnection Complete events */
};

/* Per-device connection counters; they survive hosts and Resets. */
struct ectl_dev_stats {
	bool		connected;
	uint64_t	connections;
	uint64_t	att_requests;	/* in the current or last connection */
	uint64_t	att_total;	/* ATT requests over all connections */
	uint64_t	writes;		/* Write Requests and Commands */
	uint64_t	notifications;	/* notify-flood PDUs sent */
	uint64_t	value_reads;	/* characteristic values sent */
	uint64_t	vendor_reads;	/*   of them with a vendor UUID */
	uint64_t	smp_not_supported; /* Pairing Failed "not supported" */
	uint64_t	smp_pairing;	/* SMP Pairing Requests from the host */
	uint64_t	param_accepted;	/* Connection Parameter Update */
	uint64_t	param_rejected;	/*   Responses from the host */
	uint64_t	ll_param_replied; /* LE Remote Connection Parameter */
	uint64_t	ll_param_refused; /*   Request (Negative) Replies */
};

struct ectl;

/*
 * New controller for scenario s (borrowed: it must outlive the
 * controller).  opts may be NULL for the defaults (address
 * ECTL_BDADDR_DEFAULT, no faults, seed 1, origin 0).  Returns NULL when
 * out of memory.  Free with ectl_free().
 */
struct ectl	*ectl_new(const struct scn *s, const struct ectl_opts *opts);

/* NULL is a no-op. */
void		 ectl_free(struct ectl *);

/*
 * The host went away: back to the power-on state (masks, scanning, legacy
 * or extended mode, random address, H4 framer) and drop queued output.
 * Device states and the timeline are kept.  Statistics other than resets
 * are kept too.
 */
void		 ectl_reset(struct ectl *);

/*
 * Bytes from the host (H4 stream, any split).  Commands are answered at
 * once into the output queue; now_ms is the caller's monotonic clock.
 */
void		 ectl_input(struct ectl *, const uint8_t *p, size_t n,
		    uint64_t now_ms);

/*
 * Advance to now_ms: apply due timeline entries, end timed extended
 * scans, and queue the advertising reports that are due.
 */
void		 ectl_tick(struct ectl *, uint64_t now_ms);

/* When ectl_tick() next has work, or UINT64_MAX for never. */
uint64_t	 ectl_next_due(const struct ectl *);

/*
 * Queued output: *n bytes at the returned pointer, which stays valid
 * until the next call that changes the controller.  The queue holds only
 * whole H4 packets: events and ACL data.
 */
const uint8_t	*ectl_out_peek(const struct ectl *, size_t *n);

/* Remove n (<= queued) bytes from the front of the output queue. */
void		 ectl_out_consume(struct ectl *, size_t n);

/* True while the queue holds out_cap bytes or more. */
bool		 ectl_out_full(const struct ectl *);

/*
 * True once the hangup fault has answered a Reset: the caller should
 * write what is queued and close the connection.  Input is ignored from
 * then on, until ectl_reset().
 */
bool		 ectl_hangup(const struct ectl *);

/* True while the host has scanning enabled. */
bool		 ectl_scanning(const struct ectl *);

/*
 * Switch device dev_id to state.  Keys the state omits keep their current
 * value.  Errors (LS_EINPUT): "unknown device 'x'", "device 'x' has no
 * state 'y'".
 */
enum ls_err	 ectl_set_state(struct ectl *, const char *dev_id,
		    const char *state, struct ls_errbuf *eb);

/*
 * Stop (on false) or resume advertising of device dev_id; while it is off
 * the device is not heard and initiating to it never completes.  A link
 * already up stays up.  Error (LS_EINPUT) "unknown device 'x'".
 */
enum ls_err	 ectl_set_advertising(struct ectl *, const char *dev_id,
		    bool on, struct ls_errbuf *eb);

/*
 * Mean RSSI of device dev_id from now on (dBm, -127..20; its jitter
 * stays).  Errors (LS_EINPUT): unknown device, out of range.
 */
enum ls_err	 ectl_set_rssi(struct ectl *, const char *dev_id, int dbm,
		    struct ls_errbuf *eb);

/* Name of the state device i was last switched to ("initial" at start). */
const char	*ectl_dev_state(const struct ectl *, size_t i);

/*
 * Current value of characteristic chr of device i (scn_ble.chars index),
 * for the GATT emulation to come.  Borrowed from the scenario.  Returns
 * false when out of range.
 */
bool		 ectl_char_value(const struct ectl *, size_t i, size_t chr,
		    const uint8_t **p, size_t *len);

void		 ectl_stats(const struct ectl *, struct ectl_stats *out);

/*
 * Counters of the device with this id.  Error (LS_EINPUT) "unknown device
 * 'x'".
 */
enum ls_err	 ectl_dev_stats(const struct ectl *, const char *dev_id,
		    struct ectl_dev_stats *out, struct ls_errbuf *eb);

/* Fault bit for a --fault name ("silent"...), 0 when unknown. */
unsigned	 ectl_fault_parse(const char *name);

/* "silent, no-reset, ..., notify-flood": every --fault name. */
const char	*ectl_fault_names(void);

#endif
