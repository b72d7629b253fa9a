/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * h4.h - H4 (UART transport) framing: a byte stream in, whole HCI packets
 * out.  Bluetooth Core 5.4 Vol 4 Part A §2.
 *
 * The framer copes with packets split across reads, several packets in
 * one read, and garbage: an unknown packet indicator, a header whose
 * length is over the cap, or an event header no event can have (see
 * h4_event_plausible()) drops one byte and resynchronises on the next
 * byte.  Dropped bytes are counted.  It keeps no pointer to the caller's
 * bytes.
 */
#ifndef LS_HCI_H4_H
#define LS_HCI_H4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest packet (header + payload, without indicator) we accept. */
#define H4_MAX_PKT	(4 + 2048)

struct h4_framer {
	uint8_t		 buf[1 + H4_MAX_PKT];	/* indicator + packet */
	size_t		 len;			/* bytes in buf */
	uint64_t	 packets;		/* complete packets delivered */
	uint64_t	 dropped;		/* garbage bytes skipped */
};

/*
 * Called once per complete packet.  type is the H4 indicator (HC_PKT_*);
 * pkt/len are the HCI packet without the indicator, borrowed for the
 * duration of the call only.
 */
typedef void	(*h4_packet_fn)(uint8_t type, const uint8_t *pkt, size_t len,
		    void *arg);

void	h4_init(struct h4_framer *);

/* Feed n bytes; fn fires for every packet they complete. */
void	h4_feed(struct h4_framer *, const uint8_t *p, size_t n,
	    h4_packet_fn fn, void *arg);

/*
 * Header length of a packet type (cmd 3, ACL 4, SCO 3, event 2, ISO 4),
 * or 0 for an unknown indicator.
 */
size_t	h4_header_len(uint8_t type);

/*
 * False when an event header (code, parameter length) cannot be real:
 * code 0x00, or a length that event never has.
 */
bool	h4_event_plausible(uint8_t code, uint8_t len);

/* Payload length declared by a complete header of that type. */
size_t	h4_payload_len(uint8_t type, const uint8_t *hdr);

#endif
