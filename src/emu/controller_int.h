/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * controller_int.h - internals shared by the controller emulator's files:
 * controller.c (commands, scanning, site) and controller_conn.c (connections,
 * ACL, L2CAP, the ATT bearer).  Not for use outside src/emu/controller*.c.
 */
#ifndef LS_EMU_CONTROLLER_INT_H
#define LS_EMU_CONTROLLER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu/att_server.h"
#include "emu/controller.h"
#include "emu/emudef.h"
#include "hci/h4.h"

#define ECTL_EVMASK_DEFAULT	0x00001fffffffffffULL
#define ECTL_LEMASK_DEFAULT	0x000000000000001fULL
#define ECTL_LE_SCAN_TIMEOUT	0x11	/* LE Meta subevent, §7.7.65.17 */
/* Vol 6 Part B §5.2: LL procedure response timeout, 40 s. */
#define ECTL_LL_PROC_TIMEOUT	40000

#define ECTL_HCI_VERSION	0x0d	/* Core 5.4 */
#define ECTL_COMPANY		0x05f1	/* The Linux Foundation */
/*
 * ACL buffers (LE Read Buffer Size, §7.8.2/§7.8.93): 27 octets, the LE
 * default LL payload (Vol 6 Part B §4.5.10), and 4 packets, so a host
 * must fragment and wait for Number Of Completed Packets.
 */
#define ECTL_ACL_LEN		27
#define ECTL_ACL_NUM		4

#define ECTL_MAX_CONN		8	/* simultaneous connections */
#define ECTL_RXQ		8	/* L2CAP PDUs queued per connection */
#define ECTL_SDU_MAX		(ED_L2CAP_HDR + EATT_PDU_MAX + 64)
#define ECTL_FLOOD_PER_EVENT	6	/* notify-flood: PDUs per event */
#define ECTL_CONN_DEV_NONE	((size_t)-1)

#define ECTL_DUP_MAX		(1u << 16)	/* remembered reports */
#define ECTL_ADV_DELAY_MAX	10		/* advDelay, ms */

enum ectl_mode {
	ECTL_MODE_NONE,
	ECTL_MODE_LEGACY,
	ECTL_MODE_EXT
};

/* Live state of one scenario device. */
struct ectl_dev {
	const struct scn_ble	 *sb;
	const struct scn_adv	 *adv;
	const struct scn_adv	 *rsp;	/* NULL: no scan response */
	size_t			  state;
	const struct scn_setval	**val;	/* per characteristic */
	uint64_t		  due;	/* next advertising event */
	int			  rssi;	/* mean RSSI now (control: rssi) */
	bool			  off;	/* silent (control: advertise off) */
	struct eatt_db		 *db;	/* ATT server's attributes */
	struct ectl_dev_stats	  ds;	/* survives hosts and Resets */
};

/* One L2CAP PDU from the host, complete, waiting for a connection event. */
struct ectl_pdu {
	uint16_t	cid;
	uint16_t	len;
	uint8_t		data[ECTL_SDU_MAX];
};

/* A connection (the emulated device is the peripheral). */
struct ectl_conn {
	bool		 used;
	uint16_t	 handle;
	size_t		 dev;
	uint64_t	 anchor;	/* first connection event, ms */
	uint64_t	 iv;		/* connection interval, ms */
	uint16_t	 interval;	/* 1.25 ms units, as reported */
	uint16_t	 latency;
	uint16_t	 timeout;	/* 10 ms units */
	uint64_t	 due;		/* next busy event, or UINT64_MAX */
	unsigned	 held;		/* host packets not yet completed */
	bool		 intro;		/* post-connect requests to send */
	uint8_t		 sig_id;	/* last signalling identifier used */
	uint16_t	 want_interval;	/* asked in a parameter update */
	/* LL Connection Parameters Request waiting for the host's reply. */
	bool		 llreq;
	uint64_t	 llreq_deadline;	/* then the link is dropped */
	/* Host-to-device L2CAP reassembly (PB flags, Vol 4 Part E §5.4.2). */
	bool		 rxing;
	size_t		 rxlen;
	uint8_t		 rx[ECTL_SDU_MAX];
	struct ectl_pdu	 q[ECTL_RXQ];
	size_t		 qhead, qn;
	struct eatt_srv	 att;
	uint64_t	 answered;	/* ATT requests answered */
	unsigned	 malformed;	/* att-malformed: next variant */
};

/* A pending LE (Extended) Create Connection. */
struct ectl_pend {
	bool		 active;
	bool		 ext;
	size_t		 dev;		/* ECTL_CONN_DEV_NONE: nobody answers */
	uint64_t	 due;		/* UINT64_MAX: never completes */
	uint8_t		 peer_type;
	uint8_t		 peer[6];
	uint16_t	 timeout;
};

struct ectl_scanp {
	uint8_t		type;		/* 0 passive, 1 active */
	uint16_t	interval;	/* 0.625 ms units */
	uint16_t	window;
	uint8_t		own_addr_type;
	uint8_t		filter_policy;
};

struct ectl {
	const struct scn	*scn;
	struct ectl_opts	 opts;
	struct h4_framer	 h4;
	uint64_t		 now;		/* clock of the current input */
	uint64_t		 rng;

	/* Controller state: back to defaults on Reset. */
	uint64_t		 evmask;
	uint64_t		 lemask;
	bool			 randaddr_set;
	uint8_t			 randaddr[6];
	enum ectl_mode		 mode;
	struct ectl_scanp	 scanp;
	bool			 scanning;
	bool			 ext;		/* extended reports */
	uint8_t			 filter_dup;	/* 0, 1, 2 (per period) */
	uint64_t		 scan_start;
	uint64_t		 duration_ms;	/* extended:
						   0 = until disabled */
	uint64_t		 period_ms;
	uint64_t		 period_idx;
	bool			 hangup;
	bool			 coded_ok;	/* a scenario device is coded */
	bool			 scan_1m, scan_coded;	/* PHYs scanned */
	uint8_t			 init_phys;	/* of the last create */
	uint64_t		 hwerr_due;	/* hardware-error: when */
	bool			 hwerr_done;	/*   once per host */

	/* Output queue: bytes [out_head, out_len) of out. */
	uint8_t			*out;
	size_t			 out_head, out_len, out_alloc;

	/* Site. */
	struct ectl_dev		*devs;
	size_t			 ndevs;
	size_t			*heap;		/* device indexes, min due */
	size_t			 nheap;
	size_t			 next_event;	/* timeline position */

	/* Duplicate filter: hashes of reported (addr, type, data). */
	uint64_t		*dup;
	size_t			 dup_cap, dup_n;

	/* Connections: back to none on Reset. */
	struct ectl_conn	*conns;		/* ECTL_MAX_CONN */
	struct ectl_pend	 pend;
	unsigned		 acl_held;	/* host packets buffered */
	uint16_t		 next_handle;

	struct ectl_stats	 st;
};

struct ectl_cmd {
	uint16_t	 op;
	const char	*name;
	int		 plen;		/* exact length, or -1: fn checks */
	uint8_t		 octet;		/* Supported Commands bit, or 0xff */
	uint8_t		 bit;
	enum ectl_mode	 kind;		/* legacy/extended family, §3.1.1 */
	void		(*fn)(struct ectl *, uint16_t, const uint8_t *,
			    size_t);
	bool		 cs;		/* answered by Command Status */
};

/* Queued output bytes. */
size_t	ectl_pending(const struct ectl *);

/* Append whole packets to the output queue; false when out of memory. */
bool	ectl_out_append(struct ectl *, const uint8_t *p, size_t n);

/* Command Complete with return parameters / with a status only. */
void	ectl_cc(struct ectl *, uint16_t op, const uint8_t *ret, size_t n);
void	ectl_cc_status(struct ectl *, uint16_t op, uint8_t status);

/* Command Status (§7.7.15). */
void	ectl_cs(struct ectl *, uint16_t op, uint8_t status);

/* Num_HCI_Command_Packets for Command Complete and Status (§7.7.14). */
uint8_t	ectl_ncmd(const struct ectl *);

/* Is LE Meta subevent unmasked (both masks)? */
bool	ectl_le_event_on(const struct ectl *, uint8_t subevent);

/* Own address type random needs a random address set (§7.8.12 too). */
bool	ectl_own_addr_type_ok(const struct ectl *, uint8_t own_addr_type);

/* ---- controller_conn.c ---- */

/* Allocate connection state; false when out of memory. */
bool	ectl_conn_init(struct ectl *);
void	ectl_conn_free(struct ectl *);

/* Reset or host gone: drop connections and the pending create silently. */
void	ectl_conn_reset(struct ectl *);

/* An ACL data packet from the host (without the H4 indicator). */
void	ectl_conn_acl_in(struct ectl *, const uint8_t *pkt, size_t len);

/* Run connection work due by now. */
void	ectl_conn_tick(struct ectl *, uint64_t now);

/* Earliest connection work, or UINT64_MAX. */
uint64_t ectl_conn_next_due(const struct ectl *);

/* True while device i is connected (it does not advertise then). */
bool	ectl_conn_dev_connected(const struct ectl *, size_t i);

/* Command handlers (table entries in controller.c). */
void	ectl_cmd_disconnect(struct ectl *, uint16_t, const uint8_t *,
	    size_t);
void	ectl_cmd_read_rssi(struct ectl *, uint16_t, const uint8_t *, size_t);
void	ectl_cmd_create_conn(struct ectl *, uint16_t, const uint8_t *,
	    size_t);
void	ectl_cmd_ext_create_conn(struct ectl *, uint16_t, const uint8_t *,
	    size_t);
void	ectl_cmd_create_cancel(struct ectl *, uint16_t, const uint8_t *,
	    size_t);
void	ectl_cmd_conn_update(struct ectl *, uint16_t, const uint8_t *,
	    size_t);
void	ectl_cmd_rem_param_reply(struct ectl *, uint16_t, const uint8_t *,
	    size_t);
void	ectl_cmd_rem_param_neg(struct ectl *, uint16_t, const uint8_t *,
	    size_t);

#endif
