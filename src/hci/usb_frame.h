/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * usb_frame.h - HCI over USB, the parts that need no device: the spec
 * "usb[:VID:PID]", which descriptors make a Bluetooth controller, which
 * endpoint carries which packet type, the control setup that carries a
 * command, and reassembly of events and ACL data split over transfers.
 *
 * Bluetooth Core 5.4 Vol 4 Part B (USB Transport Layer):
 *   §2.1  endpoints: HCI commands go out on the control endpoint 0x00
 *         (a class request, bmRequestType 0x20), HCI events come in on
 *         an interrupt IN endpoint, ACL data goes both ways on bulk
 *         endpoints (SCO on isochronous endpoints is not used here);
 *   §2.2  class code: Wireless Controller (0xE0), RF Controller (0x01),
 *         Bluetooth programming interface (0x01), on the device or on
 *         interface 0.
 * A transfer may end in the middle of a packet (an interrupt transfer is
 * at most wMaxPacketSize bytes, often 16) and a bulk transfer may carry
 * several ACL packets, so each IN endpoint has its own reassembler; the
 * packet boundaries follow from the HCI headers (Vol 4 Part E §5.4).
 *
 * Everything here is pure: no libusb, no I/O.  adapters/hci_usb.c does
 * the USB side.
 */
#ifndef LS_HCI_USB_FRAME_H
#define LS_HCI_USB_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hci/h4.h"
#include "util/err.h"

/* Vol 4 Part B §2.2. */
#define USBF_CLASS		0xe0
#define USBF_SUBCLASS		0x01
#define USBF_PROTOCOL		0x01

/* Vol 4 Part B §2.1: class request, host to device, recipient device. */
#define USBF_CMD_REQTYPE	0x20

/* USB 2.0 §9.6.6 bmAttributes transfer types, bEndpointAddress bit 7. */
#define USBF_XFER_CONTROL	0
#define USBF_XFER_ISO		1
#define USBF_XFER_BULK		2
#define USBF_XFER_INTR		3
#define USBF_EP_IN		0x80

/* What "usb[:VID:PID]" asks for. */
struct usbf_match {
	bool		any;		/* "usb": the first Bluetooth device */
	uint16_t	vid, pid;	/* when !any */
};

/*
 * Parse the part of the spec after "usb": "" or ":VID:PID" with VID and
 * PID as 1 to 4 hex digits each.  LS_EUSAGE with a sentence naming spec
 * otherwise.
 */
enum ls_err	usbf_parse_spec(const char *rest, const char *spec,
		    struct usbf_match *m, struct ls_errbuf *eb);

/* True for the Bluetooth class triple E0/01/01 (Vol 4 Part B §2.2). */
bool		usbf_is_bt_class(uint8_t cls, uint8_t subclass,
		    uint8_t protocol);

/*
 * The H4 packet type an endpoint carries, from its address and
 * bmAttributes: HC_PKT_EVT for interrupt IN, HC_PKT_ACL for bulk in
 * either direction, 0 for anything else (isochronous SCO, control).
 */
uint8_t		usbf_ep_type(uint8_t address, uint8_t attributes);

/* One endpoint descriptor, as much of it as the choice needs. */
struct usbf_ep {
	uint8_t		address;	/* bEndpointAddress */
	uint8_t		attributes;	/* bmAttributes */
	uint16_t	max_packet;	/* wMaxPacketSize */
};

/* The endpoints an HCI transport uses on interface 0. */
struct usbf_eps {
	uint8_t		evt_in;		/* interrupt IN */
	uint16_t	evt_max;	/* its wMaxPacketSize */
	uint8_t		acl_in;		/* bulk IN */
	uint8_t		acl_out;	/* bulk OUT */
};

/*
 * Pick the event and ACL endpoints from interface 0's descriptors (the
 * first of each kind).  False when one is missing.
 */
bool		usbf_pick_eps(const struct usbf_ep *eps, size_t n,
		    struct usbf_eps *out);

/*
 * The 8-byte SETUP packet (USB 2.0 §9.3) that carries an HCI command of
 * len bytes (header included): bmRequestType 0x20, bRequest 0, wValue 0,
 * wIndex = interface, wLength = len, little-endian.
 */
void		usbf_cmd_setup(uint8_t setup[8], uint16_t len,
		    uint16_t interface);

/* Reassembler for one IN endpoint. */
struct usbf_rx {
	uint8_t		 type;			/* HC_PKT_EVT or HC_PKT_ACL */
	uint8_t		 buf[H4_MAX_PKT];
	size_t		 len;			/* bytes in buf */
	uint64_t	 packets;		/* delivered */
	uint64_t	 dropped;		/* bytes thrown away */
};

void		usbf_rx_init(struct usbf_rx *, uint8_t type);

/*
 * Feed one completed transfer's n bytes.  fn fires (with the H4 type of
 * the endpoint) for every packet they complete; a transfer may complete
 * several.  A header declaring more than H4_MAX_PKT loses the framing:
 * the partial packet and the rest of this transfer are dropped and
 * counted, and the next transfer starts a new packet.
 */
void		usbf_rx_feed(struct usbf_rx *, const uint8_t *p, size_t n,
		    h4_packet_fn fn, void *arg);

/* Forget a partial packet (after a transfer error); counted. */
void		usbf_rx_reset(struct usbf_rx *);

#endif
