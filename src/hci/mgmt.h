/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt.h - the Linux Bluetooth management protocol (the kernel's
 * HCI_CHANNEL_CONTROL socket, as bluetoothd and btmgmt use it), for
 * sharing a kernel adapter (hciN) without fighting the kernel:
 * discovery through Start/Stop Discovery with Device Found events
 * instead of raw LE scan commands the kernel records as its own, the
 * Bondable setting turned off around a GATT read and restored, and a
 * watch for any pairing event.
 *
 * Wire format (BlueZ doc/mgmt-api.txt, the kernel's
 * include/net/bluetooth/mgmt.h), little-endian: a header of opcode or
 * event code (2), controller index (2), parameter length (2), then the
 * parameters.  One message per read(2) or write(2).
 *
 * The pure parts (encoding, decoding, Device Found as an advertising
 * report) need no socket; struct mgmt runs the exchanges over any
 * message-preserving fd in the event loop, so tests can use a
 * socketpair.  Opening the kernel's socket is adapters/hci_mgmt.c.
 */
#ifndef LS_HCI_MGMT_H
#define LS_HCI_MGMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hci/hcievt.h"
#include "util/err.h"
#include "util/loop.h"

#define MGMT_HDR_LEN		6
#define MGMT_MAX_PARAMS		1024
#define MGMT_INDEX_NONE		0xffff

/* Commands. */
#define MGMT_OP_READ_INFO		0x0004
#define MGMT_OP_SET_BONDABLE		0x0009
#define MGMT_OP_DISCONNECT		0x0014
#define MGMT_OP_START_DISCOVERY		0x0023
#define MGMT_OP_STOP_DISCOVERY		0x0024

/* Events. */
#define MGMT_EV_CMD_COMPLETE		0x0001
#define MGMT_EV_CMD_STATUS		0x0002
#define MGMT_EV_NEW_SETTINGS		0x0006
#define MGMT_EV_NEW_LINK_KEY		0x0009
#define MGMT_EV_NEW_LONG_TERM_KEY	0x000a
#define MGMT_EV_PIN_CODE_REQUEST	0x000e
#define MGMT_EV_USER_CONFIRM_REQUEST	0x000f
#define MGMT_EV_USER_PASSKEY_REQUEST	0x0010
#define MGMT_EV_AUTH_FAILED		0x0011
#define MGMT_EV_DEVICE_FOUND		0x0012
#define MGMT_EV_DISCOVERING		0x0013
#define MGMT_EV_PASSKEY_NOTIFY		0x0017
#define MGMT_EV_NEW_IRK			0x0018
#define MGMT_EV_NEW_CSRK		0x0019

/* Current settings bits (Read Controller Information). */
#define MGMT_SETTING_POWERED		0x00000001
#define MGMT_SETTING_BONDABLE		0x00000010
#define MGMT_SETTING_LE			0x00000200

/* Discovery address types: LE public and LE random. */
#define MGMT_DISCOVERY_LE		0x06

/* Address types of struct mgmt_addr_info. */
#define MGMT_ADDR_BREDR			0x00
#define MGMT_ADDR_LE_PUBLIC		0x01
#define MGMT_ADDR_LE_RANDOM		0x02

/* Device Found flags. */
#define MGMT_DEV_FOUND_NOT_CONNECTABLE	0x00000004
#define MGMT_DEV_FOUND_SCAN_RSP		0x00000020

#define MGMT_STATUS_SUCCESS		0x00

/* One message: header fields and parameters (borrowed). */
struct mgmt_msg {
	uint16_t	 code;		/* opcode or event code */
	uint16_t	 index;
	const uint8_t	*params;
	size_t		 plen;
};

/*
 * Encode a command into buf (cap bytes); returns the message length, 0
 * when it does not fit.
 */
size_t		 mgmt_encode(uint8_t *buf, size_t cap, uint16_t op,
		    uint16_t index, const void *params, size_t plen);

/*
 * Split one received message.  LS_EMALFORMED (eb says why) when shorter
 * than the header or when the length field does not match.
 */
enum ls_err	 mgmt_decode(const uint8_t *p, size_t n, struct mgmt_msg *,
		    struct ls_errbuf *);

/*
 * A Device Found event's parameters as an advertising report (the kernel
 * has done the scanning; the EIR field carries the AD structures): LE
 * addresses only, data over HCIEVT_ADV_DATA_MAX cut to it.  False for a
 * short or BR/EDR event.
 */
bool		 mgmt_device_found(const uint8_t *p, size_t n,
		    struct hcievt_adv_report *);

/* Does this event mean someone is pairing or bonding with a peer? */
bool		 mgmt_is_pairing_event(uint16_t code);

/* Name of a management status code, for messages; never NULL. */
const char	*mgmt_status_str(uint8_t status);

/* ---- the exchanges over a socket ---- */

struct mgmt;

/*
 * A command finished: err LS_OK and the management status with the
 * return parameters (borrowed), or LS_ETIMEOUT / the socket error.
 */
typedef void	(*mgmt_cmd_fn)(enum ls_err err, uint8_t status,
		    const uint8_t *ret, size_t len, void *arg);

/* An event for our index (parameters borrowed). */
typedef void	(*mgmt_evt_fn)(uint16_t code, const uint8_t *p, size_t n,
		    void *arg);

/*
 * Run the management protocol for controller index over fd (owned: it
 * is closed by mgmt_free).  NULL when out of memory.
 */
struct mgmt	*mgmt_new(struct loop *, int fd, uint16_t index);
void		 mgmt_free(struct mgmt *);

/* Per-command answer timeout; default 2000 ms. */
void		 mgmt_set_timeout(struct mgmt *, unsigned ms);

/* Every event for our index goes to fn (one receiver). */
void		 mgmt_set_events(struct mgmt *, mgmt_evt_fn fn, void *arg);

/*
 * Send a command; commands go one at a time, in order, each with a
 * deadline from when it is queued.  fn fires once (also when the write
 * fails, with LS_EIO).  False when the socket failed earlier or out of
 * memory; fn is then not called.
 */
bool		 mgmt_send(struct mgmt *, uint16_t op, const void *params,
		    size_t plen, mgmt_cmd_fn fn, void *arg);

/* ---- procedures ---- */

/* Done: err LS_OK, or the failure in eb (lives during the call). */
typedef void	(*mgmt_done_fn)(const struct ls_errbuf *eb, void *arg);

/*
 * Start (on true) or stop LE discovery (Start/Stop Discovery, type LE
 * public and random); reports then come as MGMT_EV_DEVICE_FOUND events
 * (mgmt_device_found()).  done fires once.
 */
bool		 mgmt_discovery(struct mgmt *, bool on, mgmt_done_fn done,
		    void *arg);

/*
 * Bondable off for a read: Read Controller Information, and when
 * Bondable is on, Set Bondable 0 (the kernel then answers a lock's
 * Security Request with Pairing Not Supported, smp.c).  *was_on says
 * whether to restore it with mgmt_bondable(m, true, ...) afterwards.
 * done fires once.
 */
bool		 mgmt_bondable_off(struct mgmt *, bool *was_on,
		    mgmt_done_fn done, void *arg);

/* Set Bondable to on; done fires once. */
bool		 mgmt_bondable(struct mgmt *, bool on, mgmt_done_fn done,
		    void *arg);

#endif
