/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * capture_att.h - standard readings from ATT traffic seen in a capture.
 *
 * Connections are learned from HCI (LE Connection Complete, Enhanced
 * Connection Complete, Disconnection Complete) or from a sniffed
 * CONNECT_IND (access address -> connection).  A sniffer that joined a
 * connection after its CONNECT_IND (an Ubertooth told to follow an
 * access address) gives data PDUs of an access address never announced:
 * such a connection is kept all the same, keyed by the access address
 * (when it is one a connection can have), and its device is reported
 * under a stand-in address: the access address in the low four octets,
 * zero above, type random (00:00:50:65:7D:D4 for 0x50657DD4).  Its
 * CRCInit is learned once two PDUs' CRCs agree on it (before that its
 * PDUs are used unchecked), the direction of each PDU is inferred from
 * the ATT opcode when the capture does not give it, and a start
 * fragment whose L2CAP header cannot be plaintext marks it encrypted
 * (its LL_START_ENC_REQ may have gone before the capture began).
 *
 * ACL data or link-layer data PDUs are reassembled into L2CAP frames
 * (capped); ATT on CID 4 is observed: discovery responses teach which
 * handle holds which UUID, and read responses, notifications and
 * indications of the standard characteristics of src/gatt/std_chars.h
 * (and only those) are decoded by stdchar_decode into readings,
 * attributed to the connected peer (HCI)
 * or to the advertiser (link layer), the side that normally serves
 * GATT.  In the output they carry provenance observed and source
 * "capture"; a later malformed value does not replace a good one.
 *
 * Writes (Write Request, Write Command, Signed Write, Prepare Write)
 * are counted per handle and nothing else: their values are never
 * looked at, copied or stored (lockscope-internals(7), PRINCIPLES).
 * Neither is the echo of a Prepare Write Response.
 *
 * Memory is bounded: a fixed number of connections, devices, handles
 * and write counters, and one capped reassembly buffer per direction.
 */
#ifndef LS_CAPTURE_CAPTURE_ATT_H
#define LS_CAPTURE_CAPTURE_ATT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture/sniffer_ll.h"
#include "gatt/std_chars.h"
#include "util/reading.h"

struct cJSON;

#define CAPTURE_ATT_MAX_HANDLES	128	/* handle -> UUID per device */
#define CAPTURE_ATT_MAX_WRITES	64	/* written handles per device */
#define CAPTURE_ATT_L2CAP_MAX	(4 + 1024)	/* reassembled frame cap */

/* A UUID as ATT carries it: 0 (unknown), 2 or 16 bytes, little-endian. */
struct capture_att_uuid {
	uint8_t		 len;
	uint8_t		 b[16];
};

struct capture_att_handle {
	uint16_t		 handle;
	struct capture_att_uuid	 uuid;
};

struct capture_att_write {
	uint16_t		 handle;
	uint32_t		 count;
};

/* What was observed about one device. */
struct capture_att_dev {
	uint8_t			 addr[6];	/* little-endian */
	uint8_t			 addr_type;	/* HC_ADDR_PUBLIC / _RANDOM */
	struct stdchar_out	 out;		/* sources as gattstd sets
						   them ("gatt 2a19") */
	struct capture_att_handle	 handles[CAPTURE_ATT_MAX_HANDLES];
	size_t			 nhandles;
	struct capture_att_write	 writes[CAPTURE_ATT_MAX_WRITES];
	size_t			 nwrites;
	uint64_t		 writes_dropped;	/* past the cap */
	uint64_t		 att_pdus;
};

struct capture_att_stats {
	uint64_t	l2cap;		/* frames reassembled */
	uint64_t	att;		/* ATT PDUs seen */
	uint64_t	att_writes;	/* writes counted */
	uint64_t	readings;	/* values decoded */
	uint64_t	dropped;	/* fragments that did not fit */
	uint64_t	retransmissions;	/* LL PDUs seen twice */
	uint64_t	unknown_conn;	/* data for no known connection */
	uint64_t	encrypted;	/* encrypted LL PDUs not looked at */
	uint64_t	malformed;	/* bad lengths in HCI, LL or ATT */
};

struct capture_att;

/* New observer keeping at most max_devs devices.  NULL if no memory. */
struct capture_att	*capture_att_new(size_t max_devs);

/* Free.  NULL is a no-op. */
void		 capture_att_free(struct capture_att *);

/*
 * An HCI event packet (header + parameters) from controller index:
 * connections come and go.
 */
void		 capture_att_hci_event(struct capture_att *, uint16_t index,
		    const uint8_t *p, size_t n);

/*
 * An HCI ACL packet (header + data); from_ctrl set when it came from
 * the controller (sent by the peer).  ts_us is the capture time (0
 * unknown).
 */
void		 capture_att_hci_acl(struct capture_att *, uint16_t index,
		    int from_ctrl, const uint8_t *p, size_t n, uint64_t ts_us);

/* A sniffed CONNECT_IND: data PDUs with con->aa belong to it. */
void		 capture_att_ll_connect(struct capture_att *,
		    const struct ll_connect *);

/* The CRCInit of a known access address; false if none is known. */
bool		 capture_att_ll_crcinit(const struct capture_att *, uint32_t aa,
		    uint32_t *crcinit);

/*
 * A data-channel PDU (its CRC already checked by the caller).
 * Retransmissions (same SN and bytes as the sender's last PDU) are
 * skipped when the capture gives the direction.
 */
void		 capture_att_ll_data(struct capture_att *,
		    const struct ll_pkt *, uint64_t ts_us);

const struct capture_att_stats *capture_att_stats(const struct capture_att *);

/* Devices with any observation, in the order first seen. */
size_t		 capture_att_count(const struct capture_att *);
const struct capture_att_dev *capture_att_dev_at(const struct capture_att *,
		    size_t i);

/* The UUID learned for a handle of d, or NULL. */
const struct capture_att_uuid *capture_att_uuid_of(
		    const struct capture_att_dev *d, uint16_t handle);

/* True when d has a reading or a write count worth reporting. */
bool		 capture_att_dev_has_data(const struct capture_att_dev *d);

/*
 * The i-th reading of d (in stdchar_json order) with its JSON key into
 * *key, its source rewritten to "capture", into *r; false past the end.
 */
bool		 capture_att_reading(const struct capture_att_dev *d, size_t i,
		    const char **key, struct reading *r);

/*
 * "gatt": stdchar_json of d's readings with source "capture", and
 * "att_writes": [{"handle":N,"uuid":"2a19"|"…128-bit…"|null,
 * "count":N}].  Caller frees with cJSON_Delete.  NULL when out of
 * memory.
 */
struct cJSON	*capture_att_gatt_json(const struct capture_att_dev *d);
struct cJSON	*capture_att_writes_json(const struct capture_att_dev *d);

/* "2a19" or the 36-character form of a 128-bit UUID; out >= 37. */
char		*capture_att_uuid_str(const struct capture_att_uuid *,
		    char *out);

#endif
